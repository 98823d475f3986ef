// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_task against independent sources: the three modes against
 * /proc (also from a sleepable program), the open-coded walk against the iter/task seq_file target, a
 * released task, and a stress run with threads and execs churning.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "task_iter.skel.h"

#define MAX_TASKS 32768
#define ALL_PROCS 0
#define ALL_THREADS 1
#define PROC_THREADS 2

static int run_prog(struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);

	CHECK(err == 0 && opts.retval == 0, "test run of %s: %d, retval %u",
	      bpf_program__name(prog), err, opts.retval);
	return err;
}

/* Walks from the sleepable program (syscall, in an RCU section) */
static bool sleepable;

/* One bpf_iter_task walk; its pids in walk order into out; count or -1. */
static int walk(struct task_iter_bpf *skel, unsigned int flags, bool from_current, int *out)
{
	skel->bss->walk_flags = flags;
	skel->bss->from_current = from_current;
	if (run_prog(sleepable ? skel->progs.walk_sleepable : skel->progs.walk) ||
	    !CHECK(skel->bss->new_err == 0, "bpf_iter_task_new: %d", skel->bss->new_err) ||
	    !CHECK(!skel->bss->overflow, "more than %d tasks", MAX_TASKS))
		return -1;
	memcpy(out, skel->bss->pids, skel->bss->nr_tasks * sizeof(int));
	return skel->bss->nr_tasks;
}

static bool increasing(const int *v, int n)
{
	int i;

	for (i = 1; i < n; i++)
		if (v[i] <= v[i - 1])
			return false;
	return true;
}

/* Threads that wait until released, so that the runner has several. */
static int sleepers_pipe[2];
static pthread_t sleepers[4];

static int sleeper_tid;

static void *sleeper(void *arg)
{
	char c;

	sleeper_tid = gettid();

	return (void *)(long)read(sleepers_pipe[0], &c, 1);
}

static bool start_sleepers(void)
{
	int i;

	if (pipe(sleepers_pipe))
		return false;
	for (i = 0; i < 4; i++)
		if (pthread_create(&sleepers[i], NULL, sleeper, NULL))
			return false;
	return true;
}

static void stop_sleepers(void)
{
	int i;

	close(sleepers_pipe[1]);
	for (i = 0; i < 4; i++)
		pthread_join(sleepers[i], NULL);
	close(sleepers_pipe[0]);
}

/* ALL_PROCS or ALL_THREADS against /proc listings taken around the walk. */
static void check_all_against_proc(unsigned int flags)
{
	static int before[MAX_TASKS], after[MAX_TASKS], listed[MAX_TASKS];
	bool threads = flags == ALL_THREADS;
	struct task_iter_bpf *skel;
	int nb, na, nl;

	skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !CHECK(start_sleepers(), "threads"))
		goto out;
	nb = threads ? proc_tids(before, MAX_TASKS) : proc_tgids(before, MAX_TASKS);
	nl = walk(skel, flags, false, listed);
	na = threads ? proc_tids(after, MAX_TASKS) : proc_tgids(after, MAX_TASKS);
	stop_sleepers();
	if (nl < 1)
		goto out;
	diag("walked %d tasks; /proc had %d before and %d after", nl, nb, na);
	/* the boot CPU's idle task first, as upstream; /proc does not show it */
	CHECK_EQ(listed[0], 0, "pid of the first task");
	CHECK(increasing(listed, nl), "pids not in increasing order");
	check_listed_in_snapshots(listed + 1, nl - 1, before, nb, after, na,
				  threads ? "tid" : "tgid");
	CHECK(has_int(listed, nl, getpid()) && has_int(listed, nl, 1), "runner or init missing");
	CHECK(has_int(listed, nl, sleeper_tid) == threads, "a non-leader thread listed: %d",
	      !threads);
out:
	task_iter_bpf__destroy(skel);
}

FUNC_TEST(task_iter_all_procs_matches_proc)
{
	check_all_against_proc(ALL_PROCS);
}

FUNC_TEST(task_iter_all_threads_matches_proc)
{
	check_all_against_proc(ALL_THREADS);
}

FUNC_TEST(task_iter_sleepable_all_procs_matches_proc)
{
	sleepable = true;
	check_all_against_proc(ALL_PROCS);
	sleepable = false;
}

FUNC_TEST(task_iter_sleepable_all_threads_matches_proc)
{
	sleepable = true;
	check_all_against_proc(ALL_THREADS);
	sleepable = false;
}

/* PROC_THREADS from the thread running the walk, then /proc/self/task. */
struct proc_threads_walk {
	struct task_iter_bpf *skel;
	int go[2];	/* the walk starts when this pipe is written to */
	int tid, nr, pids[64], nr_proc, proc[64];
};

static void *walk_proc_threads(void *arg)
{
	struct proc_threads_walk *w = arg;
	char c;

	if (read(w->go[0], &c, 1) != 1)
		return NULL;
	w->tid = gettid();
	w->nr = walk(w->skel, PROC_THREADS, true, w->pids);
	/* thread-list order, leader first, as the walk */
	w->nr_proc = proc_dir_ints("/proc/self/task", w->proc, 64);
	return NULL;
}

/* The walk lists the threads of /proc/self/task from w->tid on. */
static void check_proc_threads(const struct proc_threads_walk *w, int expect_nr)
{
	int i, from = 0;

	while (from < w->nr_proc && w->proc[from] != w->tid)
		from++;
	diag("walk from thread %d (%d of %d in /proc/self/task): %d threads",
	     w->tid, from + 1, w->nr_proc, w->nr);
	CHECK_EQ(w->nr, expect_nr, "threads walked");
	CHECK_EQ(w->nr, w->nr_proc - from, "threads from this one on in /proc/self/task");
	for (i = 0; i < w->nr && from + i < w->nr_proc; i++)
		CHECK_EQ(w->pids[i], w->proc[from + i], "thread in walk order");
}

FUNC_TEST(task_iter_proc_threads_matches_proc)
{
	struct proc_threads_walk leader = {}, second = {};
	struct task_iter_bpf *skel;
	pthread_t thread;

	skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !CHECK(!pipe(leader.go) && !pipe(second.go), "pipe"))
		goto out;
	leader.skel = second.skel = skel;
	/* threads: the runner (leader), second, then four sleepers */
	if (!CHECK(pthread_create(&thread, NULL, walk_proc_threads, &second) == 0, "pthread_create"))
		goto out;
	CHECK(start_sleepers(), "sleepers");
	/* one walk at a time: they share the skeleton's globals */
	CHECK(write(leader.go[1], "g", 1) == 1, "go");
	walk_proc_threads(&leader);
	CHECK(write(second.go[1], "g", 1) == 1, "go");
	pthread_join(thread, NULL);
	stop_sleepers();
	check_proc_threads(&leader, 6);
	/* from a later thread: itself and those after it, as upstream */
	check_proc_threads(&second, 5);
out:
	task_iter_bpf__destroy(skel);
	close(leader.go[0]);
	close(leader.go[1]);
	close(second.go[0]);
	close(second.go[1]);
}

/*
 * PROC_THREADS from a sleepable program run by the second thread, started
 * from its group leader (an RCU pointer): every thread of /proc/self/task.
 */
FUNC_TEST(task_iter_sleepable_from_group_leader)
{
	struct proc_threads_walk second = {};
	pthread_t thread;

	second.skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(second.skel, "open_and_load") || !CHECK(!pipe(second.go), "pipe"))
		goto out;
	if (!CHECK(pthread_create(&thread, NULL, walk_proc_threads, &second) == 0,
		   "pthread_create"))
		goto out;
	CHECK(start_sleepers(), "sleepers");
	sleepable = true;
	CHECK(write(second.go[1], "g", 1) == 1, "go");
	pthread_join(thread, NULL);
	sleepable = false;
	stop_sleepers();
	second.tid = getpid();
	check_proc_threads(&second, 6);
out:
	task_iter_bpf__destroy(second.skel);
	close(second.go[0]);
	close(second.go[1]);
}

/* The iter/task seq_file target's output: one pid per line. */
static int read_seq_pids(struct bpf_link *link, int *pids, int max)
{
	static unsigned long long vals[MAX_TASKS];
	static char out[MAX_TASKS * 8];
	int n, i;

	if (!CHECK(read_iter_link(bpf_link__fd(link), out, sizeof(out)) >= 0,
		   "read the iter/task seq_file: %s", strerror(errno)))
		return -1;
	n = parse_u64s(out, vals, max);
	for (i = 0; i < n; i++)
		pids[i] = (int)vals[i];
	return n;
}

FUNC_TEST(task_iter_same_sequence_as_seq_file)
{
	static int open_coded[MAX_TASKS], seq[MAX_TASKS];
	struct task_iter_bpf *skel;
	struct bpf_link *link = NULL;
	int attempt, no = 0, ns = 0, same = 0, i;

	skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		return;
	link = bpf_program__attach_iter(skel->progs.dump_pid, NULL);
	if (!CHECK_PTR(link, "attach iter/task"))
		goto out;
	/* a kernel thread may come or go between the two walks: retry then */
	for (attempt = 0; attempt < 5 && !same; attempt++) {
		no = walk(skel, ALL_THREADS, false, open_coded);
		ns = read_seq_pids(link, seq, MAX_TASKS);
		if (no < 1 || ns < 0)
			goto out;
		/* the seq_file target does not show the idle task */
		same = no - 1 == ns && !memcmp(open_coded + 1, seq, ns * sizeof(int));
	}
	diag("%d attempt(s): open-coded %d tasks (idle task first), seq_file %d",
	     attempt, no, ns);
	CHECK(same, "different sequences");
	for (i = 0; !same && i < ns && i < no - 1; i++)
		if (open_coded[i + 1] != seq[i]) {
			diag("first difference at %d: %d vs %d", i, open_coded[i + 1], seq[i]);
			break;
		}
out:
	bpf_link__destroy(link);
	task_iter_bpf__destroy(skel);
}

/* iter/task with its link parameters (tid, pid, pid_fd), as 6.1 had them. */
static int read_seq_pids_of(struct task_iter_bpf *skel, union bpf_iter_link_info *linfo,
			    int *pids, int max)
{
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = linfo,
		    .link_info_len = sizeof(*linfo));
	struct bpf_link *link = bpf_program__attach_iter(skel->progs.dump_pid, &opts);
	int n;

	if (!CHECK_PTR(link, "attach iter/task"))
		return -1;
	n = read_seq_pids(link, pids, max);
	bpf_link__destroy(link);
	if (n > 0)
		qsort(pids, n, sizeof(int), cmp_int);
	return n;
}

FUNC_TEST(task_iter_seq_file_link_parameters)
{
	int threads[64], got[64], nt, n, fd = -1;
	union bpf_iter_link_info linfo;
	struct task_iter_bpf *skel;

	skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load") || !CHECK(start_sleepers(), "threads"))
		goto out;
	nt = proc_dir_ints("/proc/self/task", threads, 64);
	qsort(threads, nt, sizeof(int), cmp_int);
	CHECK_EQ(nt, 5, "threads of the runner");

	memset(&linfo, 0, sizeof(linfo));
	linfo.task.tid = sleeper_tid;
	n = read_seq_pids_of(skel, &linfo, got, 64);
	CHECK(n == 1 && got[0] == sleeper_tid, "tid %d: %d tasks listed", sleeper_tid, n);

	memset(&linfo, 0, sizeof(linfo));
	linfo.task.pid = getpid();
	n = read_seq_pids_of(skel, &linfo, got, 64);
	CHECK(n == nt && !memcmp(got, threads, n * sizeof(int)),
	      "pid %d: %d threads listed, /proc/self/task has %d", getpid(), n, nt);

	memset(&linfo, 0, sizeof(linfo));
	fd = syscall(SYS_pidfd_open, getpid(), 0);
	linfo.task.pid_fd = fd;
	n = CHECK(fd >= 0, "pidfd_open") ? read_seq_pids_of(skel, &linfo, got, 64) : -1;
	CHECK(n == nt && !memcmp(got, threads, n * sizeof(int)),
	      "pid_fd: %d threads listed, /proc/self/task has %d", n, nt);
	stop_sleepers();
out:
	if (fd >= 0)
		close(fd);
	task_iter_bpf__destroy(skel);
}

FUNC_TEST(task_iter_released_task_enoent)
{
	struct task_iter_bpf *skel;
	struct bpf_link *link = NULL;
	int status, i;
	pid_t child;

	skel = task_iter_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		return;
	link = bpf_program__attach(skel->progs.on_free);
	if (!CHECK_PTR(link, "attach tp_btf/sched_process_free"))
		goto out;
	child = fork();
	if (child == 0)
		_exit(0);
	skel->bss->freed_pid = child;
	CHECK(waitpid(child, &status, 0) == child, "waitpid");
	/* the task is freed after an RCU grace period */
	for (i = 0; i < 500 && skel->data->freed_err == 1; i++)
		usleep(10000);
	CHECK_EQ(skel->data->freed_err, -ENOENT, "bpf_iter_task_new on a released task");
	CHECK_EQ(skel->bss->freed_next, 0, "a task from the empty iterator");
out:
	bpf_link__destroy(link);
	task_iter_bpf__destroy(skel);
}

/* Stress: threads created and exiting, and execs from non-leader threads. */
struct churn_counts {
	volatile long threads, execs;
	volatile int stop;
};

static void *short_thread(void *arg)
{
	return arg;
}

/* Batches of 16 threads started together, then reaped. */
static void *thread_churner(void *arg)
{
	struct churn_counts *c = arg;
	pthread_t t[16];
	int i, n;

	while (!c->stop) {
		for (n = 0; n < 16 && !pthread_create(&t[n], NULL, short_thread, NULL); n++)
			;
		for (i = 0; i < n; i++)
			if (!pthread_join(t[i], NULL))
				__atomic_add_fetch(&c->threads, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *exec_true(void *arg)
{
	execl("/bin/true", "true", NULL);
	_exit(127);
}

/* A process whose second thread execs: the leader is replaced (de_thread). */
static void exec_churner(struct churn_counts *c)
{
	pthread_t t;
	int status;
	pid_t pid;

	while (!c->stop) {
		pid = fork();
		if (pid == 0) {
			pthread_create(&t, NULL, exec_true, NULL);
			pause();
			_exit(1);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			c->execs++;
	}
}

static int refcount_of(struct task_iter_bpf *skel, int pid)
{
	skel->bss->refcount_pid = pid;
	run_prog(skel->progs.refcount_of);
	return skel->bss->refcount;
}

FUNC_TEST(task_iter_stress_churn)
{
	static int pids[MAX_TASKS];
	struct churn_counts *c;
	struct task_iter_bpf *skel;
	struct bpf_link *link = NULL;
	int rounds = 0, ref_init, ref_self, i;
	pid_t churner, execer;
	pthread_t creators[4];
	char slab[64] = "?\n";
	long max_seen = 0;
	time_t deadline;

	skel = task_iter_bpf__open_and_load();
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!CHECK_PTR(skel, "open_and_load") || !CHECK(c != MAP_FAILED, "mmap"))
		return;
	link = bpf_program__attach_iter(skel->progs.dump_pid, NULL);
	if (!CHECK_PTR(link, "attach iter/task"))
		goto out;
	ref_init = refcount_of(skel, 1);
	ref_self = refcount_of(skel, getpid());
	if (!CHECK(ref_init > 0 && ref_self > 0, "usage of init %d, of the runner %d",
		   ref_init, ref_self))
		goto out;
	read_file("/sys/kernel/slab/task_struct/objects", slab, sizeof(slab));
	diag("before: task_struct usage of init %d, of the runner %d; task_struct slab objects %s",
	     ref_init, ref_self, strtok(slab, "\n"));

	churner = fork();
	if (churner == 0) {
		for (i = 0; i < 4; i++)
			pthread_create(&creators[i], NULL, thread_churner, c);
		for (i = 0; i < 4; i++)
			pthread_join(creators[i], NULL);
		_exit(0);
	}
	execer = fork();
	if (execer == 0) {
		exec_churner(c);
		_exit(0);
	}
	skel->bss->churn_tgid = churner;
	/* at least 50 rounds and 5000 threads; 120 s is far more than needed */
	deadline = time(NULL) + 120;
	while ((rounds < 50 || c->threads < 5000) && time(NULL) < deadline) {
		/* odd rounds from the sleepable programs */
		sleepable = rounds & 1;
		if (run_prog(sleepable ? skel->progs.walk_churn_sleepable :
					 skel->progs.walk_churn) ||
		    walk(skel, ALL_THREADS, false, pids) < 0 ||
		    read_seq_pids(link, pids, MAX_TASKS) < 0)
			break;
		if (skel->bss->churn_threads > max_seen)
			max_seen = skel->bss->churn_threads;
		rounds++;
	}
	sleepable = false;
	c->stop = 1;
	CHECK(waitpid(churner, NULL, 0) == churner && waitpid(execer, NULL, 0) == execer,
	      "churners did not exit");
	diag("%d rounds of 3 walks, every other one sleepable; %ld threads created and exited, %ld execs from a second thread; up to %ld threads of the churner seen at once",
	     rounds, c->threads, c->execs, max_seen);
	CHECK(rounds >= 50 && c->threads >= 5000, "not enough churn before the deadline");
	CHECK(c->execs > 0, "no exec ran");
	CHECK(max_seen >= 16, "the churner's threads never seen in numbers");

	/* Every walk visited init and the runner: a reference leaked per visit shows. */
	CHECK_EQ(refcount_of(skel, 1), ref_init, "task_struct usage of init");
	CHECK_EQ(refcount_of(skel, getpid()), ref_self, "task_struct usage of the runner");
	read_file("/sys/kernel/slab/task_struct/objects", slab, sizeof(slab));
	diag("after: task_struct slab objects %s (KASAN's quarantine holds freed ones)",
	     strtok(slab, "\n"));
out:
	bpf_link__destroy(link);
	task_iter_bpf__destroy(skel);
	munmap(c, sizeof(*c));
}
