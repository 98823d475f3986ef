// SPDX-License-Identifier: GPL-2.0
/*
 * Test runner: prints TAP 13, then "N passed, N failed[, N skipped]".
 *
 *   runner [-v] [-f FILTER] [--verifier-only] [--upstream] OBJ...
 *
 * Every program of every OBJ is an annotated test (tests/include/bpf_misc.h):
 * it is loaded on its own, its verdict and log are checked against its
 * annotations and, with __retval, it is run with BPF_PROG_TEST_RUN.  Then the
 * functional tests linked into the runner (FUNC_TEST) run, each in its own
 * process, unless --verifier-only.  --upstream also honours
 * __upstream_differs; it is for `make check-upstream` on the host kernel and
 * never attaches anything.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <regex.h>
#include <limits.h>
#include <libgen.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "test.h"

#define LOG_BUF_SZ	(16 << 20)
#define LOG_HEAD_LINES	60
#define LOG_TAIL_LINES	300
#define MAX_MSGS	64
#define POINTER_VALUE	0xbadcafe
#define TEST_DATA_LEN	64
#define FUNC_TEST_TIMEOUT 1200

bool verbose;
static bool upstream_mode;
static const char *filter;
static char *log_buf;

/* Counters live in shared memory: functional tests run in child processes. */
static struct tap_counters {
	int n, passed, failed, skipped;
	int cur_failed;		/* failed checks in the running functional test */
	char cur_name[160];
} *tap;

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void tap_result(bool ok, const char *name, const char *directive)
{
	tap->n++;
	if (directive && !strncmp(directive, "SKIP", 4))
		tap->skipped++;
	else if (ok)
		tap->passed++;
	else
		tap->failed++;
	printf("%sok %d %s%s%s\n", ok ? "" : "not ", tap->n, name,
	       directive ? " # " : "", directive ? directive : "");
	fflush(stdout);
}

/* Print a (possibly huge) verifier log as diagnostics, head and tail only. */
static void diag_log(const char *log)
{
	int lines = 0, i = 0;
	const char *p, *nl;

	if (!log || !*log) {
		diag("(empty verifier log)");
		return;
	}
	for (p = log; *p; p++)
		lines += *p == '\n';
	diag("---- verifier log (%d lines) ----", lines);
	for (p = log; *p; p = nl + 1, i++) {
		nl = strchrnul(p, '\n');
		if (i == LOG_HEAD_LINES && lines > LOG_HEAD_LINES + LOG_TAIL_LINES)
			diag("... %d lines omitted ...", lines - LOG_HEAD_LINES - LOG_TAIL_LINES);
		if (i < LOG_HEAD_LINES || i >= lines - LOG_TAIL_LINES)
			diag("%.*s", (int)(nl - p), p);
		if (!*nl)
			break;
	}
	diag("---- end of verifier log ----");
}

static char libbpf_msgs[8192];
static void diag_libbpf_msgs(void);

static bool filtered_out(const char *name)
{
	return filter && !strstr(name, filter);
}

/* ---------------------------------------------------------------------- */
/* Annotated programs                                                     */

struct expect_msg {
	const char *text;
	bool negative;
	bool is_regex;
	regex_t re;
};

struct spec {
	const char *prog_name;
	const char *description;
	const char *upstream_differs;
	bool expect_failure;
	bool auxiliary;
	bool execute;
	bool other_arch;
	int arch_mask;		/* bit 0: x86_64, bit 1: any other */
	int retval;
	int log_level;
	int prog_flags;
	int nr_msgs;
	struct expect_msg msgs[MAX_MSGS];
	char error[256];	/* bad annotation: reported as a failure */
};

static const char *has_prefix(const char *s, const char *pfx)
{
	size_t len = strlen(pfx);

	return strncmp(s, pfx, len) ? NULL : s + len;
}

/* "comment:<n>:test_x" (counter keeps source order) or "comment:test_x". */
static const char *tag_body(const char *tag)
{
	const char *s = has_prefix(tag, "comment:");
	const char *p;

	if (!s)
		return NULL;
	for (p = s; *p >= '0' && *p <= '9'; p++)
		;
	return (p != s && *p == ':') ? p + 1 : s;
}

static int cmp_tags(const void *a, const void *b)
{
	return strverscmp(*(const char **)a, *(const char **)b);
}

/* Text with {{regex}} parts becomes one extended regex, the rest escaped. */
static int compile_msg(struct expect_msg *m, char *err, size_t errsz)
{
	char buf[1024], *o = buf;
	const char *p = m->text;
	bool in_re = false;

	while (*p && o < buf + sizeof(buf) - 3) {
		if (!in_re && has_prefix(p, "{{")) {
			in_re = true;
			p += 2;
		} else if (in_re && has_prefix(p, "}}")) {
			in_re = false;
			p += 2;
		} else {
			if (!in_re && strchr(".[]\\()*+?{}|^$", *p))
				*o++ = '\\';
			*o++ = *p++;
		}
	}
	*o = '\0';
	if (*p || in_re || regcomp(&m->re, buf, REG_EXTENDED | REG_NEWLINE)) {
		snprintf(err, errsz, "bad message pattern '%s'", m->text);
		return -1;
	}
	m->is_regex = true;
	return 0;
}

static int parse_int(const char *s, int *val)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || end == s)
		return -1;
	*val = (int)v;
	return 0;
}

static const struct { const char *name; int flag; } prog_flag_names[] = {
	{ "BPF_F_STRICT_ALIGNMENT", BPF_F_STRICT_ALIGNMENT },
	{ "BPF_F_ANY_ALIGNMENT", BPF_F_ANY_ALIGNMENT },
	{ "BPF_F_TEST_RND_HI32", BPF_F_TEST_RND_HI32 },
	{ "BPF_F_TEST_STATE_FREQ", BPF_F_TEST_STATE_FREQ },
	{ "BPF_F_SLEEPABLE", BPF_F_SLEEPABLE },
	{ "BPF_F_XDP_HAS_FRAGS", BPF_F_XDP_HAS_FRAGS },
};

static void parse_flag(struct spec *spec, const char *val)
{
	bool clear = *val == '!';
	int flag = 0;
	size_t i;

	val += clear;
	for (i = 0; i < sizeof(prog_flag_names) / sizeof(prog_flag_names[0]); i++)
		if (!strcmp(val, prog_flag_names[i].name))
			flag = prog_flag_names[i].flag;
	if (!flag && parse_int(val, &flag))
		snprintf(spec->error, sizeof(spec->error), "bad __flag(%s)", val);
	if (clear)
		spec->prog_flags &= ~flag;
	else
		spec->prog_flags |= flag;
}

static void add_msg(struct spec *spec, const char *text, bool negative)
{
	struct expect_msg *m;

	if (spec->nr_msgs == MAX_MSGS) {
		snprintf(spec->error, sizeof(spec->error), "more than %d __msg", MAX_MSGS);
		return;
	}
	m = &spec->msgs[spec->nr_msgs++];
	m->text = text;
	m->negative = negative;
	if (strstr(text, "{{"))
		compile_msg(m, spec->error, sizeof(spec->error));
}

static void parse_tag(struct spec *spec, const char *s)
{
	const char *v;

	if ((v = has_prefix(s, "test_description=")))
		spec->description = v;
	else if (!strcmp(s, "test_expect_failure"))
		spec->expect_failure = true;
	else if (!strcmp(s, "test_expect_success"))
		spec->expect_failure = false;
	else if (!strcmp(s, "test_auxiliary"))
		spec->auxiliary = true;
	else if ((v = has_prefix(s, "test_expect_msg=")))
		add_msg(spec, v, false);
	else if ((v = has_prefix(s, "test_expect_not_msg=")))
		add_msg(spec, v, true);
	else if ((v = has_prefix(s, "test_retval="))) {
		spec->execute = true;
		if (!strcmp(v, "_INT_MIN") || !strcmp(v, "INT_MIN"))
			spec->retval = INT_MIN;
		else if (!strcmp(v, "POINTER_VALUE"))
			spec->retval = POINTER_VALUE;
		else if (!strcmp(v, "TEST_DATA_LEN"))
			spec->retval = TEST_DATA_LEN;
		else if (parse_int(v, &spec->retval))
			snprintf(spec->error, sizeof(spec->error), "bad __retval(%s)", v);
	} else if ((v = has_prefix(s, "test_log_level="))) {
		if (parse_int(v, &spec->log_level))
			snprintf(spec->error, sizeof(spec->error), "bad __log_level(%s)", v);
	} else if ((v = has_prefix(s, "test_prog_flags=")))
		parse_flag(spec, v);
	else if ((v = has_prefix(s, "test_arch=")))
		spec->arch_mask |= strcmp(v, "X86_64") ? 2 : 1;
	else if ((v = has_prefix(s, "test_upstream_differs=")))
		spec->upstream_differs = v;
	else
		/* Never ignore an expectation we cannot check. */
		snprintf(spec->error, sizeof(spec->error),
			 "unsupported annotation '%s'", s);
}

static void parse_spec(struct bpf_object *obj, struct bpf_program *prog,
		       struct spec *spec)
{
	struct btf *btf = bpf_object__btf(obj);
	const char **tags = NULL;
	int func_id, i, n = 0;

	memset(spec, 0, sizeof(*spec));
	spec->prog_name = bpf_program__name(prog);
	func_id = btf ? btf__find_by_name_kind(btf, spec->prog_name, BTF_KIND_FUNC) : -1;
	if (func_id < 0) {
		snprintf(spec->error, sizeof(spec->error), "no BTF for program (build with -g)");
		return;
	}
	for (i = 1; i < (int)btf__type_cnt(btf); i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (!btf_is_decl_tag(t) || t->type != (__u32)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		tags = realloc(tags, (n + 1) * sizeof(*tags));
		tags[n++] = btf__name_by_offset(btf, t->name_off);
	}
	qsort(tags, n, sizeof(*tags), cmp_tags);
	for (i = 0; i < n; i++) {
		const char *s = tag_body(tags[i]);

		if (s)
			parse_tag(spec, s);
	}
	spec->other_arch = spec->arch_mask && !(spec->arch_mask & 1);
	free(tags);
}

/* Positive messages in order; negative ones must not occur between the
 * neighbouring positive matches.
 */
static bool match_one(struct expect_msg *m, const char *from, const char *to,
		      const char **start, const char **end)
{
	regmatch_t rm;

	if (!m->is_regex) {
		const char *p = strstr(from, m->text);

		if (!p || (to && p + strlen(m->text) > to))
			return false;
		*start = p;
		*end = p + strlen(m->text);
		return true;
	}
	if (regexec(&m->re, from, 1, &rm, 0) || (to && from + rm.rm_eo > to))
		return false;
	*start = from + rm.rm_so;
	*end = from + rm.rm_eo;
	return true;
}

static bool check_msgs(struct spec *spec, const char *log)
{
	const char *pos = log, *s, *e;
	bool ok = true;
	int i, j;

	for (i = 0; i < spec->nr_msgs; i++) {
		struct expect_msg *m = &spec->msgs[i];
		const char *span_end = NULL;

		if (!m->negative) {
			if (!match_one(m, pos, NULL, &s, &e)) {
				diag("expected message not found (after previous matches): '%s'", m->text);
				return false;
			}
			pos = e;
			continue;
		}
		/* negatives up to the next positive match */
		for (j = i + 1; j < spec->nr_msgs && spec->msgs[j].negative; j++)
			;
		if (j < spec->nr_msgs && match_one(&spec->msgs[j], pos, NULL, &s, &e))
			span_end = s;
		if (match_one(m, pos, span_end, &s, &e)) {
			diag("unexpected message found: '%s'", m->text);
			ok = false;
		}
	}
	return ok;
}

static bool test_run(struct bpf_program *prog, struct spec *spec)
{
	__u8 data_in[TEST_DATA_LEN] = {}, data_out[TEST_DATA_LEN * 4];
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	enum bpf_prog_type type = bpf_program__type(prog);
	int err;

	/* Packet-less program types take no data_in (raw_tp: -EINVAL). */
	if (type != BPF_PROG_TYPE_SYSCALL && type != BPF_PROG_TYPE_RAW_TRACEPOINT &&
	    type != BPF_PROG_TYPE_TRACING && type != BPF_PROG_TYPE_STRUCT_OPS) {
		opts.data_in = data_in;
		opts.data_size_in = sizeof(data_in);
		opts.data_out = data_out;
		opts.data_size_out = sizeof(data_out);
		opts.repeat = 1;
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	if (err) {
		diag("BPF_PROG_TEST_RUN failed: %s", strerror(errno));
		return false;
	}
	if (spec->retval != POINTER_VALUE && (int)opts.retval != spec->retval) {
		diag("retval %d (0x%x), expected %d (0x%x)", (int)opts.retval,
		     opts.retval, spec->retval, spec->retval);
		return false;
	}
	return true;
}

/* Load (and maybe run) one test program with the auxiliary ones. */
static bool run_spec(const char *path, struct spec *specs, int idx)
{
	struct spec *spec = &specs[idx];
	struct bpf_program *prog, *tprog = NULL;
	struct bpf_object *obj;
	bool ok = true;
	int i = 0, err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		diag("cannot open %s: %s", path, strerror(errno));
		return false;
	}
	bpf_object__for_each_program(prog, obj) {
		bool load = i == idx || specs[i].auxiliary;

		if (i == idx)
			tprog = prog;
		bpf_program__set_autoload(prog, load);
		i++;
	}
	bpf_program__set_log_buf(tprog, log_buf, LOG_BUF_SZ);
	bpf_program__set_log_level(tprog, spec->log_level);
	bpf_program__set_flags(tprog, bpf_program__flags(tprog) | spec->prog_flags);
	log_buf[0] = '\0';
	libbpf_msgs[0] = '\0';

	/* With log level 0 libbpf reloads a rejected program at level 1. */
	err = bpf_object__load(obj);
	if (spec->expect_failure && !err) {
		diag("program loaded, but __failure expects a rejection");
		ok = false;
	} else if (!spec->expect_failure && err) {
		diag("program rejected (%d), but __success expected", err);
		ok = false;
	}
	if (ok && !check_msgs(spec, log_buf))
		ok = false;
	if (ok && !err && spec->execute)
		ok = test_run(tprog, spec);
	if (!err && verbose)
		diag("verified_insns %lld", prog_verified_insns(bpf_program__fd(tprog)));
	if (!ok || verbose) {
		diag_libbpf_msgs();
		diag_log(log_buf);
	}
	bpf_object__close(obj);
	return ok;
}

static void run_object(const char *path)
{
	char objname[256], name[512];
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct spec *specs;
	int n = 0, i;
	char *dot;

	snprintf(objname, sizeof(objname), "%s", basename((char *)path));
	dot = strstr(objname, ".bpf.o");
	if (dot)
		*dot = '\0';
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		diag("cannot open %s: %s", path, strerror(errno));
		tap_result(false, objname, NULL);
		return;
	}
	bpf_object__for_each_program(prog, obj)
		n++;
	specs = calloc(n, sizeof(*specs));
	i = 0;
	bpf_object__for_each_program(prog, obj)
		parse_spec(obj, prog, &specs[i++]);

	for (i = 0; i < n; i++) {
		struct spec *spec = &specs[i];
		const char *directive = NULL;
		char why[320];
		bool ok;

		if (spec->auxiliary)
			continue;
		snprintf(name, sizeof(name), "%s/%s", objname,
			 spec->description ?: spec->prog_name);
		if (filtered_out(name))
			continue;
		if (spec->other_arch) {
			tap_result(true, name, "SKIP other architecture");
			continue;
		}
		if (spec->error[0]) {
			diag("%s: %s", name, spec->error);
			tap_result(false, name, NULL);
			continue;
		}
		ok = run_spec(path, specs, i);
		if (upstream_mode && spec->upstream_differs) {
			snprintf(why, sizeof(why), ok ?
				 "matches upstream although marked __upstream_differs(\"%s\")" :
				 "differs from upstream as marked: %s", spec->upstream_differs);
			if (ok)
				diag("%s", why);
			else
				directive = why;
			ok = !ok;
		}
		tap_result(ok, name, directive);
	}
	for (i = 0; i < n; i++)
		for (int j = 0; j < specs[i].nr_msgs; j++)
			if (specs[i].msgs[j].is_regex)
				regfree(&specs[i].msgs[j].re);
	free(specs);
	bpf_object__close(obj);
}

/* ---------------------------------------------------------------------- */
/* Functional tests                                                       */

/* Bounds of the FUNC_TEST section; weak so a runner without tests links. */
extern const struct func_test *__start_func_tests[] __attribute__((weak));
extern const struct func_test *__stop_func_tests[] __attribute__((weak));

void check_failed(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap->cur_failed++;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void subtest_result(const char *name, bool ok)
{
	char full[300];

	snprintf(full, sizeof(full), "%s/%s", tap->cur_name, name);
	tap_result(ok, full, NULL);
}

static void run_func_tests(void)
{
	const struct func_test **t;

	for (t = __start_func_tests; t < __stop_func_tests; t++) {
		char name[160];
		int status;
		pid_t pid;

		snprintf(name, sizeof(name), "func/%s", (*t)->name);
		if (filtered_out(name))
			continue;
		snprintf(tap->cur_name, sizeof(tap->cur_name), "%s", name);
		tap->cur_failed = 0;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			alarm(FUNC_TEST_TIMEOUT);
			(*t)->fn();
			fflush(stdout);
			_exit(0);
		}
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status)) {
			diag("%s: killed by signal %d%s", name, WTERMSIG(status),
			     WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
			tap->cur_failed++;
		}
		tap_result(tap->cur_failed == 0, name, NULL);
	}
}

/* libbpf's messages are kept per test and shown only if it fails. */

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t len = strlen(libbpf_msgs);

	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vsnprintf(libbpf_msgs + len, sizeof(libbpf_msgs) - len, fmt, ap);
}

static void diag_libbpf_msgs(void)
{
	char *line, *save = NULL;

	for (line = strtok_r(libbpf_msgs, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strstr(line, "PROG LOAD LOG"))
			diag("%s", line);
	libbpf_msgs[0] = '\0';
}

int main(int argc, char **argv)
{
	bool verifier_only = false;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			filter = argv[++i];
		else if (!strcmp(argv[i], "--verifier-only"))
			verifier_only = true;
		else if (!strcmp(argv[i], "--upstream"))
			upstream_mode = verifier_only = true;
		else {
			fprintf(stderr, "usage: %s [-v] [-f FILTER] [--verifier-only] [--upstream] OBJ...\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap = mmap(NULL, sizeof(*tap), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	log_buf = malloc(LOG_BUF_SZ);
	if (tap == MAP_FAILED || !log_buf)
		return 2;
	libbpf_set_print(libbpf_print);

	/* A misplaced option would be taken for an object and, without
	 * --verifier-only, the functional tests would attach programs.
	 */
	for (int j = i; j < argc; j++)
		if (argv[j][0] == '-') {
			fprintf(stderr, "%s: options go before the objects: %s\n",
				argv[0], argv[j]);
			return 2;
		}
	printf("TAP version 13\n");
	for (; i < argc; i++)
		run_object(argv[i]);
	if (!verifier_only)
		run_func_tests();
	printf("1..%d\n", tap->n);
	printf("%d passed, %d failed", tap->passed, tap->failed);
	if (tap->skipped)
		printf(", %d skipped", tap->skipped);
	printf("\n");
	return tap->failed ? 1 : 0;
}
