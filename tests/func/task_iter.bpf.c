// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_task walks recorded for tests/func/task_iter.c, which compares
 * them with /proc and with the iter/task seq_file target.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"

#define MAX_TASKS 32768

/* walk: in */
unsigned int walk_flags;
bool from_current;	/* PROC_THREADS from the current task, else NULL */
/* walk: out */
int pids[MAX_TASKS];
int nr_tasks, new_err, overflow;

/* walk_churn: in */
int churn_tgid;
/* walk_churn: out */
long churn_threads, all_threads;

/* refcount_of: in/out */
int refcount_pid, refcount;

/* on_free: in/out */
int freed_pid, freed_err = 1, freed_next;

char _license[] SEC("license") = "GPL";

/* The walk of walk_flags from start into pids. */
static __always_inline void record_walk(struct task_struct *start)
{
	struct bpf_iter_task it;
	struct task_struct *t;
	int i;

	nr_tasks = 0;
	overflow = 0;
	new_err = bpf_iter_task_new(&it, start, walk_flags);
	while ((t = bpf_iter_task_next(&it))) {
		i = nr_tasks;
		if (i < 0 || i >= MAX_TASKS) {
			overflow = 1;
			break;
		}
		pids[i] = t->pid;
		nr_tasks = i + 1;
	}
	bpf_iter_task_destroy(&it);
}

SEC("raw_tp")
int walk(void *ctx)
{
	record_walk(from_current ? bpf_get_current_task_btf() : NULL);
	return 0;
}

/*
 * The same from a sleepable program, in an RCU read-side section; started
 * from the current thread's group leader, an RCU pointer acquired, if
 * from_current.
 */
SEC("syscall")
int walk_sleepable(void *ctx)
{
	struct task_struct *leader;

	nr_tasks = 0;
	new_err = -3;	/* -ESRCH, if the leader cannot be acquired */
	bpf_rcu_read_lock();
	if (!from_current) {
		record_walk(NULL);
	} else {
		leader = bpf_task_acquire(bpf_get_current_task_btf()->group_leader);
		if (leader) {
			record_walk(leader);
			bpf_task_release(leader);
		}
	}
	bpf_rcu_read_unlock();
	return 0;
}

/* Threads of churn_tgid (nested walk), then every thread. */
SEC("raw_tp")
int walk_churn(void *ctx)
{
	struct task_struct *p, *t;

	churn_threads = 0;
	all_threads = 0;
	bpf_for_each(task, p, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (p->tgid != churn_tgid)
			continue;
		bpf_for_each(task, t, p, BPF_TASK_ITER_PROC_THREADS)
			churn_threads++;
	}
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS)
		all_threads++;
	return 0;
}

/* The same, sleepable: a task of the outer walk is an RCU pointer there. */
SEC("syscall")
int walk_churn_sleepable(void *ctx)
{
	struct task_struct *p, *t, *leader;

	churn_threads = 0;
	all_threads = 0;
	bpf_rcu_read_lock();
	bpf_for_each(task, p, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (p->tgid != churn_tgid)
			continue;
		/* a start must be referenced or trusted */
		leader = bpf_task_acquire(p);
		if (!leader)
			continue;
		bpf_for_each(task, t, leader, BPF_TASK_ITER_PROC_THREADS)
			churn_threads++;
		bpf_task_release(leader);
	}
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS)
		all_threads++;
	bpf_rcu_read_unlock();
	return 0;
}

/* task_struct.usage of refcount_pid: a leaked reference would raise it. */
SEC("raw_tp")
int refcount_of(void *ctx)
{
	struct task_struct *t;

	refcount = -1;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS) {
		if (t->pid == refcount_pid) {
			refcount = t->usage.refs.counter;
			break;
		}
	}
	return 0;
}

/* Runs when a released task is freed (RCU callback): no longer pid_alive. */
SEC("tp_btf/sched_process_free")
int BPF_PROG(on_free, struct task_struct *task)
{
	struct bpf_iter_task it;

	if (task->pid != freed_pid)
		return 0;
	freed_err = bpf_iter_task_new(&it, task, BPF_TASK_ITER_PROC_THREADS);
	freed_next = bpf_iter_task_next(&it) != NULL;
	bpf_iter_task_destroy(&it);
	return 0;
}

SEC("iter/task")
int dump_pid(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task)
		BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", task->pid);
	return 0;
}
