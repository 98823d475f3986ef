// SPDX-License-Identifier: GPL-2.0-only
/*
 * Task iterator: the task walker shared with the iter/task seq_file target
 * (kernel/bpf/task_iter.c), and the open-coded bpf_iter_task trio.
 *
 * Safety model of the trio: no references.  A task_struct is freed only
 * after an RCU grace period (delayed_put_task_struct()), and the verifier
 * lets programs call these kfuncs only inside an RCU read-side critical
 * section (KF_RCU_PROTECTED): non-sleepable programs run in one, sleepable
 * ones open one with bpf_rcu_read_lock().  Every task the iterator returns
 * therefore stays valid, for reading and for the helpers that take a task,
 * until the section ends; the verifier makes it untrusted then, and
 * refuses next() and destroy() of an iterator whose section has ended.
 * The seq_file target cannot rely on that: it takes a reference on each
 * task before leaving RCU.
 *
 * The task kfuncs give a program a reference instead: bpf_task_acquire()
 * of a task it may only use within the section (KF_RCU), and
 * bpf_task_from_pid().
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/init.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "iters.h"

/**
 * bpf_task_walk_pids() - Start a walk over tasks in pid order
 * @walk: the walk
 * @ns: pid namespace whose pid numbers order the walk
 * @mode: BPF_TASK_WALK_PROCS or BPF_TASK_WALK_THREADS
 * @start_nr: first pid number to look at
 *
 * Pid number 0 of the initial namespace is the boot CPU's idle task
 * (init_task), which pid lookups do not find.
 */
void bpf_task_walk_pids(struct bpf_task_walk *walk, struct pid_namespace *ns,
			enum bpf_task_walk_mode mode, u32 start_nr)
{
	walk->ns = ns;
	walk->next_nr = start_nr;
	walk->mode = mode;
}

/**
 * bpf_task_walk_group() - Start a walk over the threads of a process
 * @walk: the walk
 * @first: the first thread to return, NULL for an empty walk
 *
 * The threads after @first in its process's thread list follow it.  The
 * caller found @first alive in the RCU read-side section it walks in.
 */
void bpf_task_walk_group(struct bpf_task_walk *walk, struct task_struct *first)
{
	walk->next = first;
	walk->next_nr = 0;
	walk->mode = first ? BPF_TASK_WALK_GROUP : BPF_TASK_WALK_DONE;
}

/**
 * bpf_task_walk_next() - Next task of a walk
 * @walk: the walk
 *
 * The caller holds RCU; no reference is taken on the task.  After a walk
 * in pid order, the pid number of the task is @walk->next_nr - 1.
 *
 * Return: the task, or NULL once the walk is over, and on every call after.
 */
struct task_struct *bpf_task_walk_next(struct bpf_task_walk *walk)
{
	struct task_struct *task;
	struct pid *pid;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "bpf task walk without RCU");
	switch (walk->mode) {
	case BPF_TASK_WALK_GROUP:
		task = walk->next;
		/*
		 * Exited threads keep their link to the next one for an RCU
		 * grace period: the walk goes on past a thread that exits.
		 */
		walk->next = list_next_or_null_rcu(&task->signal->thread_head,
						   &task->thread_node,
						   struct task_struct,
						   thread_node);
		if (!walk->next)
			walk->mode = BPF_TASK_WALK_DONE;
		return task;
	case BPF_TASK_WALK_PROCS:
	case BPF_TASK_WALK_THREADS:
		if (walk->next_nr == 0 && walk->ns == &init_pid_ns) {
			walk->next_nr = 1;
			return &init_task;
		}
		/* pid numbers stay below PID_MAX_LIMIT, far from overflowing */
		while ((pid = find_ge_pid(walk->next_nr, walk->ns))) {
			walk->next_nr = pid_nr_ns(pid, walk->ns) + 1;
			/* a pid number is a tgid only while it names a leader */
			task = pid_task(pid, walk->mode == BPF_TASK_WALK_PROCS ?
					     PIDTYPE_TGID : PIDTYPE_PID);
			if (task)
				return task;
		}
		break;
	}
	walk->mode = BPF_TASK_WALK_DONE;
	return NULL;
}

/* Modes of bpf_iter_task_new(), upstream's names and values. */
enum {
	BPF_TASK_ITER_ALL_PROCS,
	BPF_TASK_ITER_ALL_THREADS,
	BPF_TASK_ITER_PROC_THREADS,
};

/* Opaque to programs; vmlinux BTF gives them its size. */
struct bpf_iter_task {
	__u64 __opaque[3];
} __aligned(8);

struct bpf_iter_task_kern {
	struct bpf_task_walk walk;
} __aligned(8);

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_iter_task_new() - Start iterating over tasks
 * @it: iterator state, on the BPF program's stack
 * @task__nullable: the first thread to walk, for BPF_TASK_ITER_PROC_THREADS,
 *	referenced or trusted (its thread links are read); otherwise ignored
 *	and may be NULL
 * @flags: BPF_TASK_ITER_ALL_PROCS (every process: its thread-group leader),
 *	BPF_TASK_ITER_ALL_THREADS (every task) or BPF_TASK_ITER_PROC_THREADS
 *	(@task__nullable and the threads after it in its process's thread
 *	list: all of them when it is the thread-group leader)
 *
 * ALL_PROCS and ALL_THREADS start with the boot CPU's idle task, as
 * upstream's do, and go on in pid order of the initial pid namespace.
 *
 * Return: 0; -EINVAL for unknown @flags or a NULL @task__nullable with
 * BPF_TASK_ITER_PROC_THREADS, -ENOENT if that task has been released.  On
 * error @it is an empty iterator, which bpf_iter_task_destroy() accepts.
 */
noinline int bpf_iter_task_new(struct bpf_iter_task *it,
			       struct task_struct *task__nullable,
			       unsigned int flags)
{
	struct bpf_iter_task_kern *kit = (void *)it;

	BUILD_BUG_ON(sizeof(struct bpf_iter_task_kern) > sizeof(struct bpf_iter_task));
	BUILD_BUG_ON(__alignof__(struct bpf_iter_task_kern) !=
		     __alignof__(struct bpf_iter_task));

	bpf_task_walk_group(&kit->walk, NULL);
	switch (flags) {
	case BPF_TASK_ITER_ALL_PROCS:
		bpf_task_walk_pids(&kit->walk, &init_pid_ns, BPF_TASK_WALK_PROCS, 0);
		return 0;
	case BPF_TASK_ITER_ALL_THREADS:
		bpf_task_walk_pids(&kit->walk, &init_pid_ns, BPF_TASK_WALK_THREADS, 0);
		return 0;
	case BPF_TASK_ITER_PROC_THREADS:
		if (!task__nullable)
			return -EINVAL;
		/*
		 * A released task's link to the next thread may point to
		 * freed memory: the program can hold a reference to a task
		 * released long before its RCU section began.
		 */
		if (!pid_alive(task__nullable))
			return -ENOENT;
		bpf_task_walk_group(&kit->walk, task__nullable);
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * bpf_iter_task_next() - Next task of the iteration
 * @it: iterator state created by bpf_iter_task_new()
 *
 * The task stays valid until the program ends (see the top of this file).
 *
 * Return: the next task, or NULL at the end and on every call after that.
 */
noinline struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it)
{
	struct bpf_iter_task_kern *kit = (void *)it;
	struct task_struct *task;

	/* nested: the program's own section is what keeps the task alive */
	rcu_read_lock();
	task = bpf_task_walk_next(&kit->walk);
	rcu_read_unlock();
	return task;
}

/**
 * bpf_iter_task_destroy() - Finish an iteration started by bpf_iter_task_new()
 * @it: iterator state, whatever bpf_iter_task_new() returned
 */
noinline void bpf_iter_task_destroy(struct bpf_iter_task *it)
{
	struct bpf_iter_task_kern *kit = (void *)it;

	bpf_task_walk_group(&kit->walk, NULL);
}

/**
 * bpf_task_acquire() - Take a reference on a task
 * @p: a task the program holds a reference on, got as a trusted argument,
 *	or may use in its current RCU read-side section (KF_RCU)
 *
 * The reference is on the task's rcu_users, as for pid lookups: a task
 * that has been released (its last rcu_users reference is gone, only RCU
 * still keeps its memory) cannot be acquired again.
 *
 * Return: @p, to be released with bpf_task_release(); NULL if @p has
 * been released.
 */
noinline struct task_struct *bpf_task_acquire(struct task_struct *p)
{
	return refcount_inc_not_zero(&p->rcu_users) ? p : NULL;
}

/**
 * bpf_task_release() - Drop a reference taken by bpf_task_acquire() or
 *	bpf_task_from_pid()
 * @p: the task
 */
noinline void bpf_task_release(struct task_struct *p)
{
	put_task_struct_rcu_user(p);
}

/**
 * bpf_task_from_pid() - Find a task by its pid in the initial pid namespace
 * @pid: the pid, as bpf_get_current_pid_tgid() returns them
 *
 * Return: the task, to be released with bpf_task_release(); NULL if no
 * task has this pid.
 */
noinline struct task_struct *bpf_task_from_pid(s32 pid)
{
	struct task_struct *p;

	rcu_read_lock();
	p = find_task_by_pid_ns(pid, &init_pid_ns);
	if (p)
		p = bpf_task_acquire(p);
	rcu_read_unlock();
	return p;
}

__diag_pop();

BTF_SET8_START(task_kfunc_ids)
BTF_ID_FLAGS(func, bpf_task_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_task_release, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_task_from_pid, KF_ACQUIRE | KF_RET_NULL)
BTF_SET8_END(task_kfunc_ids)

static const struct btf_kfunc_id_set task_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &task_kfunc_ids,
};

/**
 * bpf_iters_register_ref_kfuncs() - Register kfuncs that hand out references
 * @set: the kfuncs
 *
 * For the program types upstream has its task and cgroup kfuncs in, as far
 * as 6.1 has a kfunc hook for them (not raw_tp, kprobe or tracepoint).
 *
 * Return: 0, or the error of the first registration that failed.
 */
int bpf_iters_register_ref_kfuncs(const struct btf_kfunc_id_set *set)
{
	static const enum bpf_prog_type prog_types[] = {
		BPF_PROG_TYPE_TRACING, BPF_PROG_TYPE_SCHED_CLS,
		BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_STRUCT_OPS,
		BPF_PROG_TYPE_SYSCALL,
	};
	int i, err = 0;

	for (i = 0; !err && i < ARRAY_SIZE(prog_types); i++)
		err = register_btf_kfunc_id_set(prog_types[i], set);
	return err;
}

BTF_SET8_START(task_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_task_new, KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED)
BTF_ID_FLAGS(func, bpf_iter_task_next, KF_ITER_NEXT | KF_RET_NULL | KF_RCU_PROTECTED)
BTF_ID_FLAGS(func, bpf_iter_task_destroy, KF_ITER_DESTROY | KF_RCU_PROTECTED)
BTF_SET8_END(task_iter_kfunc_ids)

static const struct btf_kfunc_id_set task_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &task_iter_kfunc_ids,
};

static int __init task_iter_kfuncs_init(void)
{
	int err;

	/* programs see the mode names in vmlinux BTF */
	BTF_TYPE_EMIT_ENUM(BPF_TASK_ITER_ALL_PROCS);
	/* lock-free under RCU, NMI included; KF_RCU_PROTECTED keeps it there */
	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &task_iter_kfunc_set);
	return err ?: bpf_iters_register_ref_kfuncs(&task_kfunc_set);
}
late_initcall(task_iter_kfuncs_init);
