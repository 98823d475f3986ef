// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css against independent sources: each order against a walk of
 * cgroupfs (from a tc program and from a sleepable one, which also walks
 * from its own cgroup), the open-coded walk against the iter/cgroup
 * seq_file target, a dying cgroup, and a stress run with cgroups created,
 * populated and removed meanwhile, after which no cgroup may stay
 * referenced.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "css_iter.skel.h"

#define MAX_CGROUPS 4096
#define MAX_PROBES 64
#define ROOT_ID 1
#define ARRAY_SIZE(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define PRE CGROUP_WALK_PRE
#define POST CGROUP_WALK_POST
#define UP CGROUP_WALK_UP
#define CHILDREN CGROUP_WALK_CHILDREN

static const unsigned int all_orders[] = { PRE, POST, UP, CHILDREN };

static const char *order_name(unsigned int order)
{
	switch (order) {
	case PRE: return "DESCENDANTS_PRE";
	case POST: return "DESCENDANTS_POST";
	case UP: return "ANCESTORS_UP";
	case CHILDREN: return "CHILDREN";
	}
	return "?";
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return (x > y) - (x < y);
}

/* rmdir the cgroups under dir, leaves first, then dir unless keep_dir. */
static int remove_cgroups(const char *dir, bool keep_dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	int err = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		err |= remove_cgroups(path, false);
	}
	closedir(d);
	if (!keep_dir && rmdir(dir))
		err = -1;
	return err;
}

/* nr_dying_descendants from dir's cgroup.stat, or -1. */
static int nr_dying_descendants(const char *dir)
{
	const char *key = "nr_dying_descendants ";
	char path[PATH_MAX], buf[256], *p;

	snprintf(path, sizeof(path), "%s/cgroup.stat", dir);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, key);
	return p ? atoi(p + strlen(key)) : -1;
}

/* Dying cgroups are freed asynchronously: poll for up to 10 s. */
static int wait_for_no_dying(const char *dir)
{
	int n, i;

	for (i = 0; (n = nr_dying_descendants(dir)) > 0 && i < 200; i++)
		usleep(50000);
	return n;
}

static int move_to_cgroup(const char *dir, pid_t pid)
{
	char path[PATH_MAX], buf[16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(buf, sizeof(buf), "%d", pid);
	return write_file(path, buf, strlen(buf));
}

static int cgroupfs_expected(const char *dir, unsigned int order, __u64 *ids)
{
	return order == UP ? cgroupfs_up(dir, ids, MAX_CGROUPS) :
			     cgroupfs_walk(dir, order, ids, 0, MAX_CGROUPS);
}

/* ---- what the iterators say ---- */

/* Test-run a tc program (it needs a packet) or a syscall one (none): 0 or -1. */
static int run_prog(struct bpf_program *prog)
{
	bool tc = bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS;
	char pkt[64] = {};

	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = tc ? pkt : NULL,
		    .data_size_in = tc ? sizeof(pkt) : 0);
	int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);

	return CHECK(err == 0 && opts.retval == 0, "test run of %s: %d, retval %u",
		     bpf_program__name(prog), err, opts.retval) ? 0 : -1;
}

/* Walks from the sleepable program (syscall, in an RCU section) */
static bool sleepable;

/*
 * The open-coded walk of order from the cgroup with id start, into ids:
 * its count; -ESRCH if bpf_cgroup_from_id() found no such cgroup,
 * bpf_iter_css_new()'s error, or -EIO.
 */
static int open_coded_walk(struct css_iter_bpf *skel, __u64 start, unsigned int order,
			   __u64 *ids)
{
	struct css_iter_bpf__bss *bss = skel->bss;

	bss->start_id = start;
	bss->walk_order = order;
	if (run_prog(sleepable ? skel->progs.walk_sleepable : skel->progs.walk))
		return -EIO;
	if (!bss->start_found)
		return -ESRCH;
	if (bss->new_err) {
		CHECK_EQ(bss->nr_ids, 0, "cgroups from an iterator that failed to start");
		return bss->new_err;
	}
	if (!CHECK(!bss->overflow, "more than %d cgroups", MAX_CGROUPS))
		return -EIO;
	memcpy(ids, bss->ids, bss->nr_ids * sizeof(*ids));
	return bss->nr_ids;
}

/* The iter/cgroup seq_file target's walk: count or -1. */
static int seq_file_walk(struct css_iter_bpf *skel, __u64 start, unsigned int order, __u64 *ids)
{
	static char out[MAX_CGROUPS * sizeof(__u64) + 1];
	union bpf_iter_link_info linfo = {};

	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &linfo,
		    .link_info_len = sizeof(linfo));
	struct bpf_link *link;
	ssize_t len;

	linfo.cgroup.cgroup_id = start;
	linfo.cgroup.order = order;
	link = bpf_program__attach_iter(skel->progs.dump_id, &opts);
	if (!CHECK(link, "attach iter/cgroup, %s from %llu: %s", order_name(order), start,
		   strerror(errno)))
		return -1;
	len = read_iter_link(bpf_link__fd(link), out, sizeof(out));
	bpf_link__destroy(link);
	if (!CHECK(len >= 0 && len % sizeof(__u64) == 0, "read iter/cgroup: %zd, %s",
		   len, strerror(errno)))
		return -1;
	memcpy(ids, out, len);
	return len / sizeof(__u64);
}

static void diag_ids(const char *what, const __u64 *ids, int n)
{
	char line[1024];
	int i, len = 0;

	for (i = 0; i < n && len < (int)sizeof(line) - 24; i++)
		len += snprintf(line + len, sizeof(line) - len, " %llu", ids[i]);
	diag("%s:%s%s", what, n ? line : " none", i < n ? " ..." : "");
}

/* CHECK that got is want, in the same order. */
static bool check_same_ids(const __u64 *got, int ngot, const char *got_what,
			   const __u64 *want, int nwant, const char *want_what)
{
	bool same = ngot == nwant && !memcmp(got, want, ngot * sizeof(*got));

	if (!CHECK(same, "%s: %d cgroups, %s: %d, not the same sequence", got_what, ngot,
		   want_what, nwant)) {
		diag_ids(got_what, got, ngot);
		diag_ids(want_what, want, nwant);
	}
	return same;
}

/* ---- a fixed tree ---- */

#define TREE_TOP CGROUP_ROOT "/css_iter_test"
#define TREE_LEAF "/a/a1/x/deep"
/*
 * Four levels under TREE_TOP, three children at two of them.  Created in
 * this order: id order is neither name order nor pre-order.
 */
static const char *const tree[] = {
	"", "/b", "/b/b1", "/a", "/a/a2", "/c", "/a/a1", "/b/b1/b11",
	"/a/a1/z", "/a/a1/x", TREE_LEAF, "/a/a1/y",
};

static bool make_tree(void)
{
	char path[PATH_MAX];
	int i;

	remove_cgroups(TREE_TOP, false);	/* left over by a failed run */
	for (i = 0; i < ARRAY_SIZE(tree); i++) {
		snprintf(path, sizeof(path), TREE_TOP "%s", tree[i]);
		if (!CHECK(mkdir(path, 0755) == 0, "mkdir %s: %s", path, strerror(errno)))
			return false;
	}
	return true;
}

/* Each open-coded walk of order from starts (under TREE_TOP) is cgroupfs's. */
static void check_order_against_cgroupfs(unsigned int order, const char *const *starts,
					 int nstarts)
{
	static __u64 want[MAX_CGROUPS], got[MAX_CGROUPS];
	struct css_iter_bpf *skel;
	char path[PATH_MAX], what[PATH_MAX + 64];
	int i, nwant, ngot;

	skel = css_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !make_tree())
		goto out;
	for (i = 0; i < nstarts; i++) {
		snprintf(path, sizeof(path), TREE_TOP "%s", starts[i]);
		snprintf(what, sizeof(what), "%s from %s", order_name(order), path);
		nwant = cgroupfs_expected(path, order, want);
		ngot = open_coded_walk(skel, cgroup_id_of(path), order, got);
		if (!CHECK(nwant >= 0, "walk of cgroupfs: %s", what) ||
		    !CHECK(ngot >= 0, "open-coded %s: %d", what, ngot))
			continue;
		diag("%s: %d cgroups", what, ngot);
		check_same_ids(got, ngot, "open-coded walk", want, nwant, "cgroupfs");
	}
out:
	CHECK(remove_cgroups(TREE_TOP, false) == 0, "remove " TREE_TOP);
	css_iter_bpf__destroy(skel);
}

FUNC_TEST(css_iter_pre_matches_cgroupfs)
{
	static const char *const starts[] = { "", "/a", TREE_LEAF };

	check_order_against_cgroupfs(PRE, starts, ARRAY_SIZE(starts));
}

FUNC_TEST(css_iter_post_matches_cgroupfs)
{
	static const char *const starts[] = { "", "/a", TREE_LEAF };

	check_order_against_cgroupfs(POST, starts, ARRAY_SIZE(starts));
}

FUNC_TEST(css_iter_up_matches_cgroupfs)
{
	static const char *const starts[] = { TREE_LEAF, "/b/b1", "" };

	check_order_against_cgroupfs(UP, starts, ARRAY_SIZE(starts));
}

FUNC_TEST(css_iter_children_matches_cgroupfs)
{
	/* the leaf has none */
	static const char *const starts[] = { "", "/a/a1", TREE_LEAF };

	check_order_against_cgroupfs(CHILDREN, starts, ARRAY_SIZE(starts));
}

FUNC_TEST(css_iter_sleepable_matches_cgroupfs)
{
	static const char *const starts[] = { "", "/a", TREE_LEAF };
	int o;

	sleepable = true;
	for (o = 0; o < ARRAY_SIZE(all_orders); o++)
		check_order_against_cgroupfs(all_orders[o], starts, ARRAY_SIZE(starts));
	sleepable = false;
}

/*
 * From a cgroup deep in the tree, a sleepable program goes up from its own
 * cgroup and walks every cgroup from the root it reached.
 */
FUNC_TEST(css_iter_sleepable_walk_from_task_cgroup)
{
	static __u64 want_up[MAX_CGROUPS], want[MAX_CGROUPS];
	const char *leaf = TREE_TOP TREE_LEAF;
	struct css_iter_bpf *skel;
	int nwant_up, nwant;

	skel = css_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !make_tree())
		goto out;
	/* the walk lists dying cgroups, cgroupfs does not: none left by others */
	CHECK_EQ(wait_for_no_dying(CGROUP_ROOT), 0, "nr_dying_descendants of the root");
	if (!CHECK(move_to_cgroup(leaf, getpid()) == 0, "move to %s: %s", leaf, strerror(errno)))
		goto out;
	run_prog(skel->progs.walk_all_from_task_cgroup);
	CHECK(move_to_cgroup(CGROUP_ROOT, getpid()) == 0, "move back: %s", strerror(errno));
	nwant_up = cgroupfs_up(leaf, want_up, MAX_CGROUPS);
	nwant = cgroupfs_walk(CGROUP_ROOT, PRE, want, 0, MAX_CGROUPS);
	diag("from %s: %d cgroups up, %d from the root", leaf, skel->bss->nr_up,
	     skel->bss->nr_ids);
	CHECK_EQ(skel->bss->task_cgroup_id, cgroup_id_of(leaf), "the task's cgroup");
	CHECK_EQ(skel->bss->nr_up, nwant_up, "cgroups from the task's up to the root");
	CHECK(!skel->bss->overflow, "more than %d cgroups", MAX_CGROUPS);
	check_same_ids(skel->bss->ids, skel->bss->nr_ids, "open-coded from the root", want,
		       nwant, "cgroupfs");
out:
	CHECK(remove_cgroups(TREE_TOP, false) == 0, "remove " TREE_TOP);
	css_iter_bpf__destroy(skel);
}

FUNC_TEST(css_iter_same_sequence_as_seq_file)
{
	static const char *const starts[] = { "", "/a", "/a/a1", TREE_LEAF };
	static __u64 open_coded[MAX_CGROUPS], seq[MAX_CGROUPS];
	struct css_iter_bpf *skel;
	char path[PATH_MAX];
	int i, o, no, ns;
	__u64 id;

	skel = css_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !make_tree())
		goto out;
	for (o = 0; o < ARRAY_SIZE(all_orders); o++) {
		for (i = 0; i < ARRAY_SIZE(starts); i++) {
			unsigned int order = all_orders[o];

			snprintf(path, sizeof(path), TREE_TOP "%s", starts[i]);
			id = cgroup_id_of(path);
			no = open_coded_walk(skel, id, order, open_coded);
			ns = seq_file_walk(skel, id, order, seq);
			if (no < 0 || ns < 0)
				continue;
			/* agreeing on nothing proves nothing: only the leaf has no children */
			CHECK(no > 0 || (order == CHILDREN && !strcmp(starts[i], TREE_LEAF)),
			      "%s from %s: empty", order_name(order), path);
			if (!check_same_ids(open_coded, no, "open-coded", seq, ns, "seq_file"))
				diag("%s from %s", order_name(order), path);
		}
	}
out:
	CHECK(remove_cgroups(TREE_TOP, false) == 0, "remove " TREE_TOP);
	css_iter_bpf__destroy(skel);
}

/*
 * A zombie keeps the cgroup it exited in referenced: after rmdir that
 * cgroup is dying until the zombie is reaped.  The open-coded walk lists
 * it (offline csses are still valid), iter/cgroup skips it, and
 * bpf_iter_css_new() refuses it as a start.
 */
FUNC_TEST(css_iter_dying_cgroup)
{
	static __u64 open_coded[MAX_CGROUPS], seq[MAX_CGROUPS];
	const char *dying = TREE_TOP "/dying", *live = TREE_TOP "/live";
	__u64 top_id, live_id, dying_id;
	struct css_iter_bpf *skel;
	siginfo_t info = {};
	pid_t zombie = -1;
	int no, ns;

	skel = css_iter_bpf__open_and_load();
	remove_cgroups(TREE_TOP, false);
	if (!CHECK_PTR(skel, "open_and_load") ||
	    !CHECK(!mkdir(TREE_TOP, 0755) && !mkdir(live, 0755) && !mkdir(dying, 0755),
		   "mkdir: %s", strerror(errno)))
		goto out;
	top_id = cgroup_id_of(TREE_TOP);
	live_id = cgroup_id_of(live);
	dying_id = cgroup_id_of(dying);
	zombie = fork();
	if (zombie == 0)
		_exit(move_to_cgroup(dying, getpid()) ? 1 : 0);
	/* exited (so dying/ is empty) but not reaped */
	if (!CHECK(zombie > 0 && !waitid(P_PID, zombie, &info, WEXITED | WNOWAIT) &&
		   info.si_status == 0, "child in %s", dying) ||
	    !CHECK(rmdir(dying) == 0, "rmdir %s: %s", dying, strerror(errno)))
		goto out;
	CHECK_EQ(nr_dying_descendants(TREE_TOP), 1, "nr_dying_descendants, zombie unreaped");

	no = open_coded_walk(skel, top_id, CHILDREN, open_coded);
	ns = seq_file_walk(skel, top_id, CHILDREN, seq);
	CHECK(no == 2 && open_coded[0] == live_id && open_coded[1] == dying_id,
	      "open-coded children of %s: %d, not live and dying", TREE_TOP, no);
	CHECK(ns == 1 && seq[0] == live_id, "iter/cgroup children of %s: %d, not live only",
	      TREE_TOP, ns);
	/* removed from cgroupfs: the id lookup no longer finds it, as upstream */
	CHECK_EQ(open_coded_walk(skel, dying_id, PRE, open_coded), -ESRCH,
		 "walk from the dying cgroup");

	CHECK(waitpid(zombie, NULL, 0) == zombie, "reap");
	zombie = -1;
	CHECK_EQ(wait_for_no_dying(TREE_TOP), 0, "nr_dying_descendants, zombie reaped");
	no = open_coded_walk(skel, top_id, CHILDREN, open_coded);
	CHECK(no == 1 && open_coded[0] == live_id, "open-coded children of %s once freed: %d",
	      TREE_TOP, no);
	CHECK_EQ(open_coded_walk(skel, dying_id, PRE, open_coded), -ESRCH,
		 "bpf_cgroup_from_id() of the freed cgroup");
out:
	if (zombie > 0)
		waitpid(zombie, NULL, 0);
	CHECK(remove_cgroups(TREE_TOP, false) == 0, "remove " TREE_TOP);
	css_iter_bpf__destroy(skel);
}

/* ---- stress ---- */

#define STRESS_TOP CGROUP_ROOT "/css_iter_stress"
#define STRESS_HOME STRESS_TOP "/home"
#define RECENT 8

struct churn {
	volatile int stop;
	volatile long cycles;
	volatile int failed_line, failed_errno;
	/* ids of the last cgroups created, a ring */
	volatile __u64 recent[RECENT];
	volatile long nr_created;
};

static void churn_publish(struct churn *c, const char *dir)
{
	c->recent[c->nr_created % RECENT] = cgroup_id_of(dir);
	c->nr_created++;
}

/*
 * One cycle of the churner: create c<N>/d, move itself into d and the
 * sleeper into c<N>, fork a child that exits in d, move both back home,
 * remove d and c<N>, then reap the child, which kept d referenced (dying)
 * until then.  0, or the line of the step that failed (errno says why).
 */
static int churn_cycle(struct churn *c, long n, pid_t sleeper)
{
	char cdir[128], ddir[160];
	siginfo_t info;
	pid_t zombie;

	snprintf(cdir, sizeof(cdir), STRESS_TOP "/c%ld", n);
	snprintf(ddir, sizeof(ddir), "%s/d", cdir);
	if (mkdir(cdir, 0755) || mkdir(ddir, 0755))
		return __LINE__;
	churn_publish(c, cdir);
	churn_publish(c, ddir);
	if (move_to_cgroup(ddir, getpid()) || move_to_cgroup(cdir, sleeper))
		return __LINE__;
	zombie = fork();
	if (zombie == 0)
		_exit(0);
	if (zombie < 0 || waitid(P_PID, zombie, &info, WEXITED | WNOWAIT))
		return __LINE__;
	if (move_to_cgroup(STRESS_HOME, getpid()) || move_to_cgroup(STRESS_HOME, sleeper))
		return __LINE__;
	if (rmdir(ddir) || rmdir(cdir))
		return __LINE__;
	if (waitpid(zombie, NULL, 0) != zombie)
		return __LINE__;
	return 0;
}

/*
 * CHECK a walk made while cgroups come and go: no id twice, the start first
 * (pre-order, ancestors), last (post-order) or absent (children), the root
 * last going up, and member listed unless 0.
 */
static bool check_sane_walk(const __u64 *ids, int n, unsigned int order, __u64 start,
			    __u64 member, const char *what)
{
	static __u64 sorted[MAX_CGROUPS];
	bool ok = true;
	int i;

	memcpy(sorted, ids, n * sizeof(*ids));
	qsort(sorted, n, sizeof(*ids), cmp_u64);
	for (i = 1; i < n; i++)
		ok &= CHECK(sorted[i] != sorted[i - 1], "%s %s from %llu: %llu twice", what,
			    order_name(order), start, sorted[i]);
	if (order == PRE || order == UP)
		ok &= CHECK(n > 0 && ids[0] == start, "%s %s from %llu: not first", what,
			    order_name(order), start);
	if (order == POST)
		ok &= CHECK(n > 0 && ids[n - 1] == start, "%s %s from %llu: not last", what,
			    order_name(order), start);
	if (order == UP)
		ok &= CHECK(n > 0 && ids[n - 1] == ROOT_ID, "%s %s from %llu: root not last",
			    what, order_name(order), start);
	if (order == CHILDREN)
		ok &= CHECK(!bsearch(&start, sorted, n, sizeof(*ids), cmp_u64),
			    "%s %s from %llu: listed", what, order_name(order), start);
	if (member)
		ok &= CHECK(bsearch(&member, sorted, n, sizeof(*ids), cmp_u64),
			    "%s %s from %llu: %llu missing", what, order_name(order), start,
			    member);
	if (!ok)
		diag_ids(what, ids, n);
	return ok;
}

struct stress_counts {
	long rounds, saw_churned;
	long churned_walked, churned_dying, churned_gone;
	long probes, probes_found;
};

/*
 * One round: every order from the test directory, open-coded, and one of
 * them from the seq_file target; every order from a cgroup that comes and
 * goes; bpf_cgroup_from_id() of the last ones created.
 */
static bool stress_round(struct css_iter_bpf *skel, struct churn *c, __u64 top_id,
			 __u64 home_id, struct stress_counts *counts)
{
	static __u64 ids[MAX_CGROUPS];
	unsigned int order = all_orders[counts->rounds % ARRAY_SIZE(all_orders)];
	struct css_iter_bpf__bss *bss = skel->bss;
	__u64 churned = c->recent[(c->nr_created + RECENT - 1) % RECENT];
	int o, n, i;

	/* odd rounds from the sleepable program */
	sleepable = counts->rounds & 1;
	for (o = 0; o < ARRAY_SIZE(all_orders); o++) {
		n = open_coded_walk(skel, top_id, all_orders[o], ids);
		if (!CHECK(n >= 0, "%s from %s: %d", order_name(all_orders[o]), STRESS_TOP, n) ||
		    !check_sane_walk(ids, n, all_orders[o], top_id,
				     all_orders[o] == UP ? 0 : home_id, "open-coded"))
			return false;
		/* more than the test directory and home */
		if (all_orders[o] == PRE && n > 2)
			counts->saw_churned++;
	}
	n = seq_file_walk(skel, top_id, order, ids);
	if (n < 0 || !check_sane_walk(ids, n, order, top_id, order == UP ? 0 : home_id,
				      "iter/cgroup"))
		return false;

	for (o = 0; churned && o < ARRAY_SIZE(all_orders); o++) {
		n = open_coded_walk(skel, churned, all_orders[o], ids);
		if (n == -ESRCH) {
			counts->churned_gone++;
			continue;
		}
		if (n == -ENOENT) {
			counts->churned_dying++;
			continue;
		}
		if (!CHECK(n >= 0, "walk from churned %llu: %d", churned, n) ||
		    !check_sane_walk(ids, n, all_orders[o], churned,
				     all_orders[o] == UP ? top_id : 0, "open-coded"))
			return false;
		counts->churned_walked++;
	}

	/* the recent ids, then two that stay */
	for (i = 0; i < RECENT; i++)
		bss->probe_ids[i] = c->recent[i];
	bss->probe_ids[RECENT] = top_id;
	bss->probe_ids[RECENT + 1] = home_id;
	bss->nr_probes = RECENT + 2;
	if (run_prog(skel->progs.probe_ids_found))
		return false;
	for (i = 0; i < RECENT; i++)
		counts->probes_found += bss->found[i];
	counts->probes += RECENT;
	return CHECK(bss->found[RECENT] && bss->found[RECENT + 1],
		     "bpf_cgroup_from_id() did not find %s or its home", STRESS_TOP);
}

FUNC_TEST(css_iter_stress_churn)
{
	struct stress_counts counts = {};
	struct css_iter_bpf *skel;
	pid_t sleeper = -1, churner = -1;
	time_t min_end, deadline;
	__u64 top_id, home_id;
	struct churn *c;
	int status, i;

	skel = css_iter_bpf__open_and_load();
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	remove_cgroups(STRESS_TOP, false);
	if (!CHECK_PTR(skel, "open_and_load") || !CHECK(c != MAP_FAILED, "mmap") ||
	    !CHECK(!mkdir(STRESS_TOP, 0755) && !mkdir(STRESS_HOME, 0755), "mkdir: %s",
		   strerror(errno)))
		goto out;
	top_id = cgroup_id_of(STRESS_TOP);
	home_id = cgroup_id_of(STRESS_HOME);
	sleeper = fork();
	if (sleeper == 0)
		for (;;)
			pause();
	churner = fork();
	if (churner == 0) {
		while (!c->stop) {
			c->failed_line = churn_cycle(c, c->cycles, sleeper);
			if (c->failed_line) {
				c->failed_errno = errno;
				break;
			}
			c->cycles++;
		}
		_exit(0);
	}
	if (!CHECK(sleeper > 0 && churner > 0, "fork"))
		goto stop;
	/* a couple of seconds and enough of both; 120 s is far more than needed */
	min_end = time(NULL) + 3;
	deadline = time(NULL) + 120;
	while ((time(NULL) < min_end || counts.rounds < 20 || c->cycles < 20) &&
	       time(NULL) < deadline && !c->failed_line) {
		if (!stress_round(skel, c, top_id, home_id, &counts))
			break;
		counts.rounds++;
	}
stop:
	sleepable = false;
	c->stop = 1;
	if (churner > 0)
		CHECK(waitpid(churner, &status, 0) == churner && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0, "churner");
	if (sleeper > 0) {
		kill(sleeper, SIGKILL);
		waitpid(sleeper, NULL, 0);
	}
	CHECK(!c->failed_line, "churner failed at css_iter.c:%d: %s", c->failed_line,
	      strerror(c->failed_errno));
	diag("%ld rounds, %ld cgroup pairs created and removed", counts.rounds, c->cycles);
	diag("from a churned cgroup: %ld walks, %ld dying (-ENOENT), %ld gone (not found)",
	     counts.churned_walked, counts.churned_dying, counts.churned_gone);
	diag("bpf_cgroup_from_id() found %ld of %ld recent ids", counts.probes_found,
	     counts.probes);
	CHECK(counts.rounds >= 20 && c->cycles >= 20, "not enough rounds or churn");
	CHECK(counts.saw_churned > 0, "no walk saw a churned cgroup");

	/* every cgroup removed is freed: the walks and lookups left no reference */
	CHECK(remove_cgroups(STRESS_TOP, true) == 0, "remove the cgroups under " STRESS_TOP);
	CHECK_EQ(wait_for_no_dying(STRESS_TOP), 0, "nr_dying_descendants of " STRESS_TOP);
	/* and the start of every walk too, once removed */
	CHECK(rmdir(STRESS_TOP) == 0, "rmdir " STRESS_TOP ": %s", strerror(errno));
	skel->bss->probe_ids[0] = top_id;
	skel->bss->nr_probes = 1;
	for (i = 0; i < 200; i++) {
		if (run_prog(skel->progs.probe_ids_found) || !skel->bss->found[0])
			break;
		usleep(50000);
	}
	CHECK(!skel->bss->found[0], "%s still referenced 10 s after rmdir", STRESS_TOP);
out:
	remove_cgroups(STRESS_TOP, false);
	css_iter_bpf__destroy(skel);
	if (c != MAP_FAILED)
		munmap(c, sizeof(*c));
}
