// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_task: what the verifier accepts and refuses, and what the trio
 * returns, run with BPF_PROG_TEST_RUN from raw_tp programs (non-sleepable,
 * so inside one RCU read-side critical section).  The functional tests
 * (tests/func/task_iter.c) compare the walks with /proc.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define ARG1 "arg #0"
#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"
#define RCU_MSG(f) "kernel func " f " requires RCU critical section protection"

char _license[] SEC("license") = "GPL";

SEC("raw_tp")
__description("ALL_PROCS starts with the idle task, pid 0")
__success __retval(0)
int task_all_procs_idle_first(void *ctx)
{
	struct task_struct *t;
	int first = -1;

	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		first = t->pid;
		break;
	}
	return first;
}

/*
 * Counters and the last pid live in globals: a loop whose registers carry
 * exact values from one iteration to the next cannot converge.
 */
int walk_n, walk_last, nr_procs, nr_threads;

/*
 * The number of tasks; -1 if pids do not increase and @ordered, -2 if a
 * task is not a thread-group leader and @leaders_only.
 */
static int walk_count(unsigned int flags, bool leaders_only, bool ordered)
{
	struct task_struct *t;

	walk_n = 0;
	walk_last = -1;
	bpf_for_each(task, t, NULL, flags) {
		if (ordered && t->pid <= walk_last)
			return -1;
		if (leaders_only && t->pid != t->tgid)
			return -2;
		walk_last = t->pid;
		walk_n++;
	}
	return walk_n;
}

/* Leaders only in ALL_PROCS, at least as many tasks in ALL_THREADS. */
static int all_modes(bool ordered)
{
	nr_procs = walk_count(BPF_TASK_ITER_ALL_PROCS, true, ordered);
	nr_threads = walk_count(BPF_TASK_ITER_ALL_THREADS, false, ordered);
	/* kthreadd and the runner besides the idle task */
	return nr_procs > 2 && nr_threads >= nr_procs;
}

SEC("raw_tp")
__description("ALL_PROCS: only leaders; ALL_THREADS: at least as many tasks")
__success __retval(1)
int task_all_modes(void *ctx)
{
	return all_modes(false);
}

SEC("raw_tp")
__description("ALL_PROCS and ALL_THREADS go in increasing pid order")
__success __retval(1)
__upstream_differs("upstream walks the task list: creation order, which pid reuse breaks")
int task_all_modes_pid_order(void *ctx)
{
	return all_modes(true);
}

SEC("raw_tp")
__description("PROC_THREADS of the current task: itself first, then its own threads")
__success __retval(1)
int task_proc_threads_current(void *ctx)
{
	struct task_struct *cur = bpf_get_current_task_btf(), *t;

	walk_n = 0;
	walk_last = -1;
	bpf_for_each(task, t, cur, BPF_TASK_ITER_PROC_THREADS) {
		if (walk_n++ == 0)
			walk_last = t->pid;
		if (t->tgid != cur->tgid)
			return -1;
	}
	return walk_n >= 1 && walk_last == cur->pid;
}

SEC("raw_tp")
__description("a task from the iterator starts a nested PROC_THREADS walk")
__success __retval(1)
__upstream_differs("upstream wants a trusted task there and refuses the RCU pointer")
int task_nested_proc_threads(void *ctx)
{
	struct task_struct *p, *t;

	nr_procs = 0;
	nr_threads = 0;
	bpf_for_each(task, p, NULL, BPF_TASK_ITER_ALL_PROCS) {
		nr_procs++;
		bpf_for_each(task, t, p, BPF_TASK_ITER_PROC_THREADS) {
			if (t->tgid != p->tgid)
				return -1;
			nr_threads++;
		}
	}
	return nr_threads >= nr_procs && nr_procs > 2;
}

/* bpf_iter_task_new()'s return value and the first next() after it. */
static int new_then_next(struct task_struct *task, unsigned int flags)
{
	struct bpf_iter_task it;
	int err;

	err = bpf_iter_task_new(&it, task, flags);
	if (bpf_iter_task_next(&it))
		err = 1000;
	bpf_iter_task_destroy(&it);
	return err;
}

SEC("raw_tp")
__description("PROC_THREADS from a task loaded from another task: refused, may be stale")
__failure __msg("R2 must be referenced or trusted")
int task_start_loaded(void *ctx)
{
	return new_then_next(bpf_get_current_task_btf()->last_wakee,
			     BPF_TASK_ITER_PROC_THREADS);
}

SEC("lsm/task_kill")
__description("PROC_THREADS from an LSM hook's task argument: trusted")
__success __upstream_differs(HOST_EPERM)
int BPF_PROG(task_start_lsm_arg, struct task_struct *p, struct kernel_siginfo *info, int sig,
	     const struct cred *cred)
{
	new_then_next(p, BPF_TASK_ITER_PROC_THREADS);
	return 0;
}

SEC("lsm/task_free")
__description("PROC_THREADS from task_free's task: refused, the task is half gone")
__failure __msg("R2 must be referenced or trusted")
__upstream_differs(HOST_EPERM)
int BPF_PROG(task_start_lsm_free_arg, struct task_struct *task)
{
	new_then_next(task, BPF_TASK_ITER_PROC_THREADS);
	return 0;
}

SEC("iter/task")
__description("PROC_THREADS from iter/task's task: trusted")
__success
int task_start_iter_ctx(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	return new_then_next(task, BPF_TASK_ITER_PROC_THREADS) > 1000;
}

SEC("raw_tp")
__description("unknown flags: -EINVAL and an empty iterator")
__success __retval(-22)
int task_bad_flags(void *ctx)
{
	return new_then_next(NULL, 3);
}

SEC("raw_tp")
__description("unknown flags with a task: -EINVAL and an empty iterator")
__success __retval(-22)
int task_bad_flags_with_task(void *ctx)
{
	return new_then_next(bpf_get_current_task_btf(), 1 << 31);
}

SEC("raw_tp")
__description("PROC_THREADS without a task: -EINVAL and an empty iterator")
__success __retval(-22)
int task_proc_threads_null(void *ctx)
{
	return new_then_next(NULL, BPF_TASK_ITER_PROC_THREADS);
}

__u64 stack_buf[16];

SEC("raw_tp")
__description("an iterated task can be passed to a helper that takes a task")
__success __retval(1)
int task_to_helper(void *ctx)
{
	int pid = (__u32)bpf_get_current_pid_tgid();
	struct task_struct *t;
	long ok = 0;

	/* the current task: it has a stack to show */
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS) {
		if (t->pid == pid) {
			ok = bpf_get_task_stack(t, stack_buf, sizeof(stack_buf), 0) > 0;
			break;
		}
	}
	return ok;
}

SEC("raw_tp")
__description("iterator never destroyed: leaked reference")
__failure __msg("Unreleased reference id=")
int task_leak(void *ctx)
{
	struct bpf_iter_task it;

	bpf_iter_task_new(&it, NULL, BPF_TASK_ITER_ALL_PROCS);
	return bpf_iter_task_next(&it) != NULL;
}

SEC("raw_tp")
__description("next after destroy")
__failure __msg("expected an initialized iter_task as " ARG1)
int task_use_after_destroy(void *ctx)
{
	struct bpf_iter_task it;

	bpf_iter_task_new(&it, NULL, BPF_TASK_ITER_ALL_PROCS);
	bpf_iter_task_destroy(&it);
	return bpf_iter_task_next(&it) != NULL;
}

SEC("raw_tp")
__description("destroy twice")
__failure __msg("expected an initialized iter_task as " ARG1)
int task_double_destroy(void *ctx)
{
	struct bpf_iter_task it;

	bpf_iter_task_new(&it, NULL, BPF_TASK_ITER_ALL_PROCS);
	bpf_iter_task_destroy(&it);
	bpf_iter_task_destroy(&it);
	return 0;
}

SEC("raw_tp")
__description("a numbers iterator passed to bpf_iter_task_next")
__failure __msg("expected an initialized iter_task as " ARG1)
int task_next_on_num_iter(void *ctx)
{
	struct {
		struct bpf_iter_num num;
		__u64 pad[2];
	} it;
	long found;

	bpf_iter_num_new(&it.num, 0, 10);
	found = (long)bpf_iter_task_next((struct bpf_iter_task *)&it);
	bpf_iter_num_destroy(&it.num);
	return found != 0;
}

SEC("raw_tp")
__description("flags that are a pointer, not a scalar")
__failure __msg("R3 is not a scalar")
__naked int task_flags_pointer(void)
{
	asm volatile (
		"r1 = r10; r1 += -24;"
		"r2 = 0;"
		"r3 = r10;"
		"call %[bpf_iter_task_new];"
		"r1 = r10; r1 += -24;"
		"call %[bpf_iter_task_destroy];"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_iter_task_new), __imm(bpf_iter_task_destroy)
		: __clobber_all);
}

SEC("raw_tp")
__description("the returned task is read-only")
__failure __msg("only read is supported")
int task_write_field(void *ctx)
{
	struct task_struct *t;

	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS)
		t->pid = 0;
	return 0;
}

SEC("raw_tp")
__description("the returned task may be NULL: dereference before the check")
__failure __msg("R{{[0-9]}} invalid mem access")
int task_next_unchecked(void *ctx)
{
	struct bpf_iter_task it;
	struct task_struct *t;
	int pid;

	bpf_iter_task_new(&it, NULL, BPF_TASK_ITER_ALL_PROCS);
	t = bpf_iter_task_next(&it);
	pid = t->pid;	/* no NULL check */
	bpf_iter_task_destroy(&it);
	return pid;
}

/* Sleepable programs are not in one RCU section: the tasks could be freed. */
SEC("syscall")
__description("refused in a syscall program (sleepable)")
__failure __msg(RCU_MSG("bpf_iter_task_new"))
int task_in_syscall(void *ctx)
{
	return walk_count(BPF_TASK_ITER_ALL_PROCS, false, false);
}

SEC("lsm.s/bpf")
__description("refused in a sleepable LSM program")
__failure __msg(RCU_MSG("bpf_iter_task_new"))
__upstream_differs(HOST_EPERM)
int BPF_PROG(task_in_sleepable_lsm, int cmd, union bpf_attr *attr, unsigned int size)
{
	return walk_count(BPF_TASK_ITER_ALL_PROCS, false, false) < 0;
}

SEC("fentry.s/" SYS_PREFIX "sys_getpgid")
__description("refused in a sleepable fentry program")
__failure __msg(RCU_MSG("bpf_iter_task_new"))
__upstream_differs(HOST_EPERM)
int BPF_PROG(task_in_sleepable_fentry)
{
	return walk_count(BPF_TASK_ITER_ALL_PROCS, false, false) < 0;
}

SEC("lsm/bpf")
__description("allowed in a non-sleepable LSM program")
__success __upstream_differs(HOST_EPERM)
int BPF_PROG(task_in_lsm, int cmd, union bpf_attr *attr, unsigned int size)
{
	return walk_count(BPF_TASK_ITER_ALL_PROCS, false, false) < 0;
}
