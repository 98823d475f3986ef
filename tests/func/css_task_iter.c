// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css_task from an iter/cgroup program and from a sleepable
 * (syscall) one against cgroupfs: each flag against cgroup.procs or
 * cgroup.threads of a domain and of a threaded cgroup, then while
 * processes migrate in and out.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "css_task_iter.skel.h"

#define DOMAIN "/sys/fs/cgroup/css_task_test"
#define THREADED DOMAIN "/threaded"
#define CG_SELF_ONLY 1
#define ITER_PROCS 1		/* CSS_TASK_ITER_PROCS */
#define ITER_THREADED 2		/* CSS_TASK_ITER_THREADED */
#define MAX_IDS 256

/* Sorted pids the sleepable program lists for the cgroup at @dir; count or -1. */
static int syscall_pids(struct css_task_iter_bpf *skel, const char *dir, unsigned int flags,
			int *pids)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err, n;

	skel->bss->cgroup_id = cgroup_id_of(dir);
	skel->bss->task_flags = flags;
	skel->bss->new_err = 1;
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.list_css_tasks), &opts);
	if (!CHECK(err == 0 && opts.retval == 0, "test run of list_css_tasks on %s: %d, retval %u",
		   dir, err, opts.retval))
		return -1;
	n = skel->bss->nr_pids;
	memcpy(pids, skel->bss->pids, n * sizeof(int));
	qsort(pids, n, sizeof(int), cmp_int);
	return n;
}

/* Walks from the sleepable program instead of the iter/cgroup one */
static bool sleepable;

/* Sorted pids the iterator lists for the cgroup at @dir; count or -1. */
static int iter_pids(struct css_task_iter_bpf *skel, const char *dir, unsigned int flags,
		     int *pids)
{
	LIBBPF_OPTS(bpf_iter_attach_opts, opts);
	union bpf_iter_link_info linfo = {};
	static char out[MAX_IDS * 12];
	struct bpf_link *link;
	int n = -1;

	if (sleepable)
		return syscall_pids(skel, dir, flags, pids);
	linfo.cgroup.cgroup_id = cgroup_id_of(dir);
	if (!CHECK(linfo.cgroup.cgroup_id, "no cgroup %s", dir))
		return -1;
	linfo.cgroup.order = CG_SELF_ONLY;
	opts.link_info = &linfo;
	opts.link_info_len = sizeof(linfo);
	skel->bss->task_flags = flags;
	skel->bss->new_err = 1;
	link = bpf_program__attach_iter(skel->progs.dump_css_tasks, &opts);
	if (!CHECK_PTR(link, "attach iter/cgroup"))
		return -1;
	if (CHECK(read_iter_link(bpf_link__fd(link), out, sizeof(out)) >= 0, "read: %s",
		  strerror(errno)))
		n = parse_sorted_ints(out, pids, MAX_IDS);
	bpf_link__destroy(link);
	return n;
}

/* Sorted pids of a cgroupfs file; count or -1. */
static int file_pids(const char *path, int *pids)
{
	static char buf[MAX_IDS * 12];

	if (!CHECK(read_file(path, buf, sizeof(buf)) >= 0, "read %s", path))
		return -1;
	return parse_sorted_ints(buf, pids, MAX_IDS);
}

static void check_same(struct css_task_iter_bpf *skel, const char *dir, unsigned int flags,
		       const char *file)
{
	int listed[MAX_IDS], want[MAX_IDS], nl, nw, s;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	/* from iter/cgroup, then from a sleepable program */
	for (s = 0; s < 2; s++) {
		sleepable = s;
		nl = iter_pids(skel, dir, flags, listed);
		nw = file_pids(path, want);
		if (nl < 0 || nw < 0)
			break;
		diag("%s flags %u%s: %d tasks, %s: %d", dir, flags, s ? ", sleepable" : "", nl,
		     file, nw);
		CHECK_EQ(skel->bss->new_err, 0, "bpf_iter_css_task_new");
		CHECK(nl == nw && !memcmp(listed, want, nl * sizeof(int)),
		      "flags %u on %s%s differ from %s", flags, dir, s ? ", sleepable" : "", path);
	}
	sleepable = false;
}

/* A process of three threads, in cgroup @dir, until its pipe closes. */
struct member {
	pid_t pid;
	int tids_pipe[2], hold_pipe[2];
	int tids[3];
};

static void *member_thread(void *arg)
{
	struct member *m = arg;
	int tid = gettid();
	char c;

	if (write(m->tids_pipe[1], &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	return (void *)(long)read(m->hold_pipe[0], &c, 1);
}

static bool start_member(struct member *m, const char *dir)
{
	char path[256], pid[16];
	pthread_t t;
	int i;

	if (pipe(m->tids_pipe) || pipe(m->hold_pipe))
		return false;
	m->pid = fork();
	if (m->pid == 0) {
		close(m->hold_pipe[1]);
		for (i = 0; i < 2; i++)
			pthread_create(&t, NULL, member_thread, m);
		member_thread(m);
		_exit(0);
	}
	close(m->hold_pipe[0]);
	for (i = 0; i < 3; i++)
		if (read(m->tids_pipe[0], &m->tids[i], sizeof(int)) != sizeof(int))
			return false;
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", m->pid);
	return write_file(path, pid, strlen(pid)) == 0;
}

/* Killed: a member forked later holds this one's pipe too. */
static void stop_member(struct member *m)
{
	if (m->pid <= 0)
		return;
	kill(m->pid, SIGKILL);
	waitpid(m->pid, NULL, 0);
	close(m->hold_pipe[1]);
	close(m->tids_pipe[0]);
	close(m->tids_pipe[1]);
	m->pid = 0;
}

FUNC_TEST(css_task_iter_matches_cgroupfs)
{
	struct member a = {}, b = {};
	struct css_task_iter_bpf *skel;
	int listed[MAX_IDS], tid, n;
	char buf[16];

	skel = css_task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		return;
	if (!CHECK(mkdir(DOMAIN, 0755) == 0, "mkdir %s: %s", DOMAIN, strerror(errno)))
		goto out;
	if (!CHECK(start_member(&a, DOMAIN) && start_member(&b, DOMAIN), "members"))
		goto out;

	check_same(skel, DOMAIN, ITER_PROCS, "cgroup.procs");
	check_same(skel, DOMAIN, ITER_PROCS | ITER_THREADED, "cgroup.procs");
	check_same(skel, DOMAIN, 0, "cgroup.threads");
	n = iter_pids(skel, DOMAIN, 0, listed);
	CHECK_EQ(n, 6, "threads of the two members");

	/* one thread of b into a threaded child: the domain still lists b */
	if (!CHECK(mkdir(THREADED, 0755) == 0, "mkdir %s", THREADED) ||
	    !CHECK(write_file(THREADED "/cgroup.type", "threaded", 8) == 0, "threaded"))
		goto out;
	tid = b.tids[1] == b.pid ? b.tids[2] : b.tids[1];
	snprintf(buf, sizeof(buf), "%d", tid);
	if (!CHECK(write_file(THREADED "/cgroup.threads", buf, strlen(buf)) == 0,
		   "move thread %d", tid))
		goto out;
	check_same(skel, DOMAIN, ITER_PROCS | ITER_THREADED, "cgroup.procs");
	check_same(skel, DOMAIN, 0, "cgroup.threads");
	check_same(skel, THREADED, 0, "cgroup.threads");
	n = iter_pids(skel, THREADED, 0, listed);
	CHECK(n == 1 && listed[0] == tid, "threaded child: %d tasks, first %d", n,
	      n > 0 ? listed[0] : -1);

	/* THREADED alone is not a valid combination */
	n = iter_pids(skel, DOMAIN, ITER_THREADED, listed);
	CHECK(n == 0 && skel->bss->new_err == -EINVAL, "THREADED alone: %d tasks, err %d",
	      n, skel->bss->new_err);
out:
	stop_member(&a);
	stop_member(&b);
	rmdir(THREADED);
	CHECK(rmdir(DOMAIN) == 0, "rmdir %s: %s", DOMAIN, strerror(errno));
	css_task_iter_bpf__destroy(skel);
}

/*
 * Processes hop between two cgroups while the iterator lists one of them:
 * each listing holds only hopping pids.
 */
FUNC_TEST(css_task_iter_while_migrating)
{
	static const char *dirs[2] = { DOMAIN "_a", DOMAIN "_b" };
	int listed[MAX_IDS], hoppers[4], nr_hoppers = 0, twice = 0, walks, n, i, j;
	struct css_task_iter_bpf *skel;
	bool ok = true;

	skel = css_task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		return;
	for (i = 0; i < 2; i++)
		CHECK(mkdir(dirs[i], 0755) == 0, "mkdir %s", dirs[i]);
	for (i = 0; i < 4; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char path[128];

			/* alternate for ever; the parent kills it */
			for (j = 0;; j++) {
				snprintf(path, sizeof(path), "%s/cgroup.procs", dirs[(j + i) & 1]);
				if (write_file(path, "0", 1))
					_exit(1);
			}
		}
		if (pid > 0)
			hoppers[nr_hoppers++] = pid;
	}
	for (walks = 0; walks < 300 && ok; walks++) {
		sleepable = walks & 4;
		n = iter_pids(skel, dirs[walks & 1], walks & 2 ? ITER_PROCS : 0, listed);
		ok = CHECK(n >= 0, "walk %d: %d tasks", walks, n) &&
		     CHECK_EQ(skel->bss->new_err, 0, "bpf_iter_css_task_new");
		for (i = 0; ok && i < n; i++) {
			bool known = false;

			for (j = 0; j < nr_hoppers; j++)
				known |= listed[i] == hoppers[j];
			ok = CHECK(known, "pid %d is not a hopper", listed[i]);
			/*
			 * A process that leaves and comes back during the walk
			 * goes to the tail of the same css_set: css_task_iter
			 * (cgroup.procs too) may list it again.
			 */
			if (i && listed[i] == listed[i - 1])
				twice++;
		}
	}
	sleepable = false;
	diag("%d walks with %d processes hopping, from iter/cgroup and sleepable; %d repeated listings",
	     walks, nr_hoppers, twice);
	for (i = 0; i < nr_hoppers; i++) {
		int status;

		kill(hoppers[i], SIGKILL);
		waitpid(hoppers[i], &status, 0);
		CHECK(WIFSIGNALED(status), "hopper %d stopped on its own", hoppers[i]);
	}
	for (i = 0; i < 2; i++)
		CHECK(rmdir(dirs[i]) == 0, "rmdir %s: %s", dirs[i], strerror(errno));
	css_task_iter_bpf__destroy(skel);
}
