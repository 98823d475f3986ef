// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks of open-coded iterators on the running kernel: verification
 * cost and time per iteration of one loop written six ways, the cost of
 * collecting the ids of every thread, and of a tree of cgroups, three ways
 * each, and of finding a cgroup by id.  Prints tab-separated records, one
 * a line, which bench/report turns into tables and bench/plot.gp into a
 * plot:
 *
 *   kernel RELEASE VARIANT
 *   verif  LOOP N INSNS|limit|refused (why)|n/a (why) PEAK_STATES|-
 *   run    LOOP N REPS NS_PER_ITERATION (median)
 *   walk   threads|cgroups|lookups HOW SEEN REPS SEEN_PER_SECOND (median)
 *   note   TEXT
 *
 *   bench [--upstream]
 *
 * --upstream: programs are only loaded and test-run, nothing is attached
 * (no iter/task or iter/cgroup link), and no cgroup is created.  The
 * unrolled loops are unroll_N.bpf.o files next to this binary.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <zlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "loops.skel.h"
#include "walk.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Iteration counts of the verification cost table. */
static const int counts[] = { 10, 100, 1000, 10000, 100000, 1000000 };

/* Per-iteration cost: RUN_REPEAT runs of RUN_N iterations, RUN_REPS times. */
#define RUN_N		100000
#define RUN_REPEAT	10
#define RUN_REPS	11

#define NR_THREADS	10000
#define WALK_REPS	5

/* 5,000 cgroups under CG_TOP: CG_PARENTS of them with CG_CHILDREN each */
#define CG_TOP		"/sys/fs/cgroup/bench"
#define CG_PARENTS	50
#define CG_CHILDREN	99
#define NR_CGROUPS	(CG_PARENTS * (1 + CG_CHILDREN))
#define MAX_CGROUP_IDS	(1 << 13)	/* over NR_CGROUPS + 1, a power of 2 */

/* Loops of loops.bpf.c: label, program, whether it adds 1 rather than i. */
static const struct loop {
	const char *label, *prog;
	bool adds_one;
} loops[] = {
	{ "bpf_for", "k_for", false },
	{ "bpf_repeat", "k_repeat", true },
	{ "bpf_loop", "k_bpf_loop", false },
	{ "cond_break", "k_cond_break", false },
	{ "bounded", "k_bounded", false },
};

static char dir[PATH_MAX];	/* of this binary */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Debug (KASAN or lockdep) or not, from /proc/config.gz. */
static void print_kernel(void)
{
	const char *variant = "unknown (no /proc/config.gz)";
	gzFile f = gzopen("/proc/config.gz", "r");
	struct utsname u;
	char line[256];

	uname(&u);
	if (f) {
		variant = "non-debug";
		while (gzgets(f, line, sizeof(line)))
			if (!strcmp(line, "CONFIG_KASAN=y\n") ||
			    !strcmp(line, "CONFIG_PROVE_LOCKING=y\n"))
				variant = "debug";
		gzclose(f);
	}
	printf("kernel\t%s\t%s\n", u.release, variant);
}

/*
 * Load only @prog of @obj with a statistics-only verifier log (level 4:
 * the "processed N insns ... peak_states P" line without the trace) and
 * print its verification cost: "limit" for E2BIG, the error if refused.
 */
static int verif_one(struct bpf_object *obj, const char *label, const char *prog, int n)
{
	static char log[4096];
	struct bpf_program *p, *target = bpf_object__find_program_by_name(obj, prog);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	char *peak;
	int err;

	if (!target)
		return -ENOENT;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == target);
	bpf_program__set_log_level(target, 4);
	bpf_program__set_log_buf(target, log, sizeof(log));
	log[0] = 0;
	err = bpf_object__load(obj);
	if (!err && bpf_obj_get_info_by_fd(bpf_program__fd(target), &info, &len))
		err = -errno;
	peak = strstr(log, "peak_states ");
	if (err == -E2BIG)
		printf("verif\t%s\t%d\tlimit\t-\n", label, n);
	else if (err)
		printf("verif\t%s\t%d\trefused (%s)\t-\n", label, n, strerror(-err));
	else
		printf("verif\t%s\t%d\t%u\t%s\n", label, n, info.verified_insns,
		       peak ? strtok(peak + strlen("peak_states "), " \n") : "-");
	if (err && err != -E2BIG)
		fprintf(stderr, "bench: %s N=%d refused, verifier log:\n%s\n", label, n, log);
	return 0;
}

static int verif_loops(void)
{
	size_t i, k;
	int err = 0;

	for (k = 0; k < ARRAY_SIZE(loops) && !err; k++) {
		for (i = 0; i < ARRAY_SIZE(counts) && !err; i++) {
			struct loops_bpf *skel = loops_bpf__open();

			if (!skel)
				return -errno;
			skel->rodata->n = counts[i];
			err = verif_one(skel->obj, loops[k].label, loops[k].prog, counts[i]);
			loops_bpf__destroy(skel);
		}
	}
	return err;
}

/* unroll_N.bpf.o exists for the counts the Makefile builds (BENCH_UNROLL). */
static int verif_unrolled(void)
{
	struct bpf_object *obj;
	char path[PATH_MAX + 32];
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		snprintf(path, sizeof(path), "%s/unroll_%d.bpf.o", dir, counts[i]);
		if (access(path, R_OK)) {
			printf("verif\tunrolled\t%d\tn/a (%s)\t-\n", counts[i],
			       counts[i] >= 1000000 ? "over the 1M-insn limit" :
			       "not built: clang takes minutes");
			continue;
		}
		obj = bpf_object__open_file(path, NULL);
		if (!obj)
			return -errno;
		err = verif_one(obj, "unrolled", "k_unrolled", counts[i]);
		bpf_object__close(obj);
		if (err)
			return err;
	}
	return 0;
}

/* Nanoseconds per iteration of one BPF_PROG_TEST_RUN; 0 on error. */
static double run_once(struct bpf_program *prog)
{
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt,
		    .data_size_in = sizeof(pkt), .repeat = RUN_REPEAT);

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return 0;
	return (double)opts.duration / RUN_N;
}

/* The loops take turns, so that a slow phase of the machine hits them all. */
static int run_loops(void)
{
	struct bpf_program *progs[ARRAY_SIZE(loops)];
	double ns[ARRAY_SIZE(loops)][RUN_REPS];
	const __u64 sum = (__u64)RUN_N * (RUN_N - 1) / 2;	/* of i over [0, RUN_N) */
	struct loops_bpf *skel = loops_bpf__open();
	size_t k;
	int r, err;

	if (!skel)
		return -errno;
	skel->rodata->n = RUN_N;
	err = loops_bpf__load(skel);
	if (err)
		goto out;
	err = -EINVAL;
	for (k = 0; k < ARRAY_SIZE(loops); k++)
		progs[k] = bpf_object__find_program_by_name(skel->obj, loops[k].prog);
	for (r = 0; r < RUN_REPS; r++) {
		for (k = 0; k < ARRAY_SIZE(loops); k++) {
			ns[k][r] = run_once(progs[k]);
			if (!ns[k][r] || skel->bss->out != (loops[k].adds_one ? RUN_N : sum)) {
				fprintf(stderr, "bench: %s: test run failed or wrong sum %llu\n",
					loops[k].label, (unsigned long long)skel->bss->out);
				goto out;
			}
		}
	}
	for (k = 0; k < ARRAY_SIZE(loops); k++)
		printf("run\t%s\t%d\t%d\t%.3f\n", loops[k].label, RUN_N, RUN_REPS,
		       median(ns[k], RUN_REPS));
	err = 0;
out:
	loops_bpf__destroy(skel);
	return err;
}

/* Threads parked on a pipe until its write end is closed. */
static int park_fds[2];

static void *park(void *arg)
{
	char c;

	return (void *)(long)read(park_fds[0], &c, 1);
}

/* Start @n threads blocked on a pipe; the number started. */
static int park_threads(pthread_t *threads, int n)
{
	pthread_attr_t attr;
	int i, err = 0;

	if (pipe(park_fds))
		return 0;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 65536);
	for (i = 0; i < n && !err; i++)
		err = pthread_create(&threads[i], &attr, park, NULL);
	pthread_attr_destroy(&attr);
	if (err) {
		fprintf(stderr, "bench: thread %d: %s\n", i, strerror(err));
		i--;
	}
	return i;
}

static void unpark_threads(pthread_t *threads, int n)
{
	int i;

	close(park_fds[1]);
	for (i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	close(park_fds[0]);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		fprintf(stderr, "bench: write %s: %s\n", path, strerror(errno));
}

/* Entries of directory @path other than "." and ".."; -1 on error. */
static long count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Threads listed in /proc/PID/task for every PID of /proc. */
static long walk_proc(void *arg)
{
	char path[300];
	struct dirent *e;
	long n = 0, k;
	DIR *d = opendir("/proc");

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", e->d_name);
		k = count_dir(path);
		n += k > 0 ? k : 0;	/* a process that exited meanwhile */
	}
	closedir(d);
	return n;
}

/* An open-coded walk: a program to test-run, which leaves its count in *count. */
struct open_coded {
	struct bpf_program *prog;
	const int *count;
};

static long walk_open_coded(void *arg)
{
	const struct open_coded *w = arg;
	/* tc programs need a packet (14 bytes or more), raw_tp ones take none */
	bool tc = bpf_program__type(w->prog) == BPF_PROG_TYPE_SCHED_CLS;
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = tc ? pkt : NULL,
		    .data_size_in = tc ? sizeof(pkt) : 0);

	if (bpf_prog_test_run_opts(bpf_program__fd(w->prog), &opts))
		return -1;
	return *w->count;
}

/* One id of 4 bytes per object. */
static long walk_seq_file(void *arg)
{
	static char buf[65536];
	int fd = bpf_iter_create(bpf_link__fd(arg));
	long n = 0, len;

	if (fd < 0)
		return -1;
	while ((len = read(fd, buf, sizeof(buf))) > 0)
		n += len;
	close(fd);
	return len < 0 ? -1 : n / 4;
}

static __u64 cgroupfs_ids[MAX_CGROUP_IDS];

/*
 * The ids of the cgroup at @path and of its descendants, in pre-order, into
 * cgroupfs_ids[@n...] (a cgroup2 directory's inode number is the cgroup
 * id): the new count, or -1.
 */
static long cgroupfs_walk(const char *path, long n)
{
	char sub[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (stat(path, &st))
		return -1;
	cgroupfs_ids[n++ & (MAX_CGROUP_IDS - 1)] = st.st_ino;
	d = opendir(path);
	if (!d)
		return -1;
	while (n >= 0 && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		n = cgroupfs_walk(sub, n);
	}
	closedir(d);
	return n;
}

static long walk_cgroupfs(void *arg)
{
	return cgroupfs_walk(arg, 0);
}

/* The median rate of @walk, which must see @min to @max @objects each time. */
static int time_walk(const char *objects, const char *how, long min, long max,
		     long (*walk)(void *), void *arg)
{
	double secs[WALK_REPS], t;
	long n = 0;
	int r;

	for (r = 0; r < WALK_REPS; r++) {
		t = now();
		n = walk(arg);
		secs[r] = now() - t;
		if (n < min || n > max) {
			fprintf(stderr, "bench: %s: %ld %s, expected %ld to %ld\n",
				how, n, objects, min, max);
			return -EINVAL;
		}
	}
	printf("walk\t%s\t%s\t%ld\t%d\t%.0f\n", objects, how, n, WALK_REPS,
	       n / median(secs, WALK_REPS));
	return 0;
}

/* Parent @parent of the test tree, or its child @child if not negative. */
static void cgroup_path(char *path, int parent, int child)
{
	int len = sprintf(path, CG_TOP "/p%d", parent);

	if (child >= 0)
		sprintf(path + len, "/c%d", child);
}

/* CG_TOP, then each parent before its children: 0 or -errno. */
static int make_cgroups(void)
{
	char path[64];
	int p, c;

	if (mkdir(CG_TOP, 0755))
		return -errno;
	for (p = 0; p < CG_PARENTS; p++) {
		for (c = -1; c < CG_CHILDREN; c++) {
			cgroup_path(path, p, c);
			if (mkdir(path, 0755))
				return -errno;
		}
	}
	return 0;
}

/* What make_cgroups() did not get to is ENOENT. */
static void remove_cgroup(const char *path)
{
	if (rmdir(path) && errno != ENOENT)
		fprintf(stderr, "bench: rmdir %s: %s\n", path, strerror(errno));
}

static void remove_cgroups(void)
{
	char path[64];
	int p, c;

	for (p = 0; p < CG_PARENTS; p++) {
		for (c = CG_CHILDREN - 1; c >= -1; c--) {
			cgroup_path(path, p, c);
			remove_cgroup(path);
		}
	}
	remove_cgroup(CG_TOP);
}

/*
 * bpf_cgroup_from_id() of the cgroup last in pre-order (the last created),
 * and of CG_TOP, against a pre-order search for the last one.
 */
static int cgroup_lookups(struct walk_bpf *skel, __u64 top_id)
{
	struct open_coded lookup = { skel->progs.cgroup_lookup, &skel->bss->nr_found };
	struct open_coded search = { skel->progs.cgroup_search, &skel->bss->nr_found };
	char path[64];
	struct stat st;
	int err;

	cgroup_path(path, CG_PARENTS - 1, CG_CHILDREN - 1);
	if (stat(path, &st))
		return -errno;
	skel->bss->lookup_id = st.st_ino;
	skel->bss->nr_lookups = 10000;
	err = time_walk("lookups", "lookup, last", 10000, 10000, walk_open_coded, &lookup);
	skel->bss->lookup_id = top_id;
	err = err ?: time_walk("lookups", "lookup, top", 10000, 10000, walk_open_coded,
			       &lookup);
	skel->bss->lookup_id = st.st_ino;
	skel->bss->nr_lookups = 10;
	return err ?: time_walk("lookups", "pre-order search", 10, 10, walk_open_coded,
				&search);
}

/*
 * The ids of CG_TOP and of the NR_CGROUPS cgroups under it, in pre-order:
 * open-coded, from an iter/cgroup seq_file and from cgroupfs.  Each must
 * count NR_CGROUPS + 1 of them.
 */
static int css_walks(struct walk_bpf *skel)
{
	struct open_coded walk = { skel->progs.css_walk, &skel->bss->nr_cgroup_ids };
	union bpf_iter_link_info linfo = {};
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &linfo,
		    .link_info_len = sizeof(linfo));
	const long n = NR_CGROUPS + 1;
	struct bpf_link *link = NULL;
	struct stat st;
	int err;

	err = make_cgroups();
	if (!err && stat(CG_TOP, &st))
		err = -errno;
	if (err)
		goto out;
	/* a cgroup2 directory's inode number is the cgroup id */
	skel->bss->top_cgroup_id = st.st_ino;
	err = time_walk("cgroups", "open-coded", n, n, walk_open_coded, &walk);
	if (err)
		goto out;

	linfo.cgroup.cgroup_id = st.st_ino;
	linfo.cgroup.order = BPF_CGROUP_ITER_DESCENDANTS_PRE;
	link = bpf_program__attach_iter(skel->progs.css_seq, &opts);
	if (!link) {
		err = -errno;
		goto out;
	}
	/* the program starts with 8-byte ids: say whether they fit */
	printf("note\titer/cgroup: reading %ld 8-byte ids: %s; timed with 4-byte ids\n",
	       n, walk_seq_file(link) < 0 ? strerror(errno) : "fine");
	skel->data->seq_id_bytes = 4;
	err = time_walk("cgroups", "iter/cgroup", n, n, walk_seq_file, link);
	if (!err)
		err = time_walk("cgroups", "cgroupfs", n, n, walk_cgroupfs, CG_TOP);
	if (!err)
		err = cgroup_lookups(skel, st.st_ino);
out:
	bpf_link__destroy(link);
	remove_cgroups();
	return err;
}

static int walks(bool upstream)
{
	static pthread_t threads[NR_THREADS];
	struct walk_bpf *skel = walk_bpf__open_and_load();
	struct open_coded walk;
	struct bpf_link *link = NULL;
	int err, parked;

	if (!skel)
		return -errno;
	walk = (struct open_coded){ skel->progs.task_walk, &skel->bss->nr_tids };
	/* the test kernel is tinyconfig-based (BASE_SMALL): pid_max is 4096 */
	if (!upstream)
		write_file("/proc/sys/kernel/pid_max", "32768");
	parked = park_threads(threads, NR_THREADS);
	err = parked < NR_THREADS ? -EAGAIN : 0;
	if (!err)
		err = time_walk("threads", "open-coded", NR_THREADS, LONG_MAX,
				walk_open_coded, &walk);
	if (!err && upstream)
		printf("note\titer/task seq_file: not run with --upstream (needs a link)\n");
	if (!err && !upstream) {
		link = bpf_program__attach_iter(skel->progs.task_seq, NULL);
		err = link ? time_walk("threads", "iter/task", NR_THREADS, LONG_MAX,
				       walk_seq_file, link) : -errno;
	}
	if (!err)
		err = time_walk("threads", "/proc", NR_THREADS, LONG_MAX, walk_proc, NULL);
	unpark_threads(threads, parked);
	if (!err && upstream)
		printf("note\tcss walk: not run with --upstream (needs 5,000 cgroups and a link)\n");
	if (!err && !upstream)
		err = css_walks(skel);
	bpf_link__destroy(link);
	walk_bpf__destroy(skel);
	return err;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

int main(int argc, char **argv)
{
	bool upstream = argc > 1 && !strcmp(argv[1], "--upstream");
	ssize_t len = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	int err;

	if (len < 0)
		return 1;
	dir[len] = 0;
	strcpy(dir, dirname(dir));
	libbpf_set_print(quiet);
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_kernel();
	err = verif_loops() ?: verif_unrolled() ?: run_loops() ?: walks(upstream);
	if (err)
		fprintf(stderr, "bench: failed: %s\n", strerror(-err));
	return err ? 1 : 0;
}
