// SPDX-License-Identifier: GPL-2.0
/*
 * RCU read-side sections: bpf_rcu_read_lock()/bpf_rcu_read_unlock(), the
 * RCU pointers they make valid (task->cgroups->dfl_cgrp, css->cgroup, what
 * the task and css walks return), KF_RCU kfuncs that take them, and the
 * task and css iterators in sleepable programs.  SEC("syscall") programs
 * are sleepable and run with BPF_PROG_TEST_RUN; raw_tp ones are not and
 * are in a section already.  The functional tests (tests/func/rcu_walks.c)
 * compare sleepable walks with /proc and cgroupfs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define RCU_MSG(f) "kernel func " f " requires RCU critical section protection"

char _license[] SEC("license") = "GPL";

int nr_tasks, nr_css, nr_threads;

SEC("syscall")
__description("sleepable: task walk inside a section")
__success __retval(1)
int rcu_task_walk(void *ctx)
{
	struct task_struct *t;

	nr_tasks = 0;
	bpf_rcu_read_lock();
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS)
		nr_tasks++;
	bpf_rcu_read_unlock();
	return nr_tasks > 2;
}

SEC("syscall")
__description("sleepable: css walk from the current task's cgroup, acquired")
__success __retval(1)
int rcu_css_walk_current(void *ctx)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp;

	bpf_rcu_read_lock();
	cgrp = bpf_cgroup_acquire(bpf_get_current_task_btf()->cgroups->dfl_cgrp);
	bpf_rcu_read_unlock();
	if (!cgrp)
		return -1;
	nr_css = 0;
	bpf_rcu_read_lock();
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP)
		nr_css++;
	bpf_rcu_read_unlock();
	bpf_cgroup_release(cgrp);
	return nr_css >= 1;
}

SEC("syscall")
__description("sleepable: a walked task acquired, its threads walked")
__success __retval(1)
int rcu_task_acquire_walked(void *ctx)
{
	struct task_struct *p, *t, *ref;

	nr_threads = 0;
	bpf_rcu_read_lock();
	bpf_for_each(task, p, NULL, BPF_TASK_ITER_ALL_PROCS) {
		ref = bpf_task_acquire(p);
		if (!ref)
			continue;
		bpf_for_each(task, t, ref, BPF_TASK_ITER_PROC_THREADS)
			nr_threads++;
		bpf_task_release(ref);
	}
	bpf_rcu_read_unlock();
	return nr_threads > 2;
}

SEC("syscall")
__description("bpf_task_from_pid() of the caller's pid is the caller, referenced")
__success __retval(1)
int task_from_pid_self(void *ctx)
{
	int tgid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct *t = bpf_task_from_pid(tgid);
	int same;

	if (!t)
		return -1;
	same = t->tgid == tgid && t->pid == tgid;
	bpf_task_release(t);
	return same;
}

SEC("syscall")
__description("bpf_task_from_pid() of an unused pid is NULL")
__success __retval(0)
int task_from_pid_none(void *ctx)
{
	struct task_struct *t = bpf_task_from_pid(-1);

	if (!t)
		return 0;
	bpf_task_release(t);
	return 1;
}

SEC("tc")
__description("non-sleepable: current task's cgroup acquired without a lock")
__success __retval(1)
int rcu_implicit_acquire(void *ctx)
{
	struct cgroup *cgrp;
	int level;

	cgrp = bpf_cgroup_acquire(bpf_get_current_task_btf()->cgroups->dfl_cgrp);
	if (!cgrp)
		return -1;
	level = cgrp->level;
	bpf_cgroup_release(cgrp);
	return level >= 0;
}

SEC("raw_tp")
__description("non-sleepable: lock and unlock are allowed")
__success __retval(0)
int rcu_lock_nonsleepable(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("sleepable: task walk without a section")
__failure __msg(RCU_MSG("bpf_iter_task_new"))
int rcu_task_walk_no_lock(void *ctx)
{
	struct task_struct *t;
	int n = 0;

	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS)
		n++;
	return n;
}

SEC("syscall")
__description("sleepable: css walk without a section")
__failure __msg(RCU_MSG("bpf_iter_css_new"))
int rcu_css_walk_no_lock(void *ctx)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp = bpf_cgroup_from_id(1);
	int n = 0;

	if (!cgrp)
		return 0;
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_DESCENDANTS_PRE)
		n++;
	bpf_cgroup_release(cgrp);
	return n;
}

SEC("syscall")
__description("sleepable: unlock inside the walk")
__failure __msg("expected an RCU CS when using bpf_iter_task_next")
int rcu_unlock_in_loop(void *ctx)
{
	struct task_struct *t;

	bpf_rcu_read_lock();
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS)
		bpf_rcu_read_unlock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("sleepable: unlock and lock again inside the walk")
__failure __msg("expected an RCU CS when using bpf_iter_task_next")
int rcu_relock_in_loop(void *ctx)
{
	struct task_struct *t;

	bpf_rcu_read_lock();
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (t->pid == 1) {
			bpf_rcu_read_unlock();
			bpf_rcu_read_lock();
		}
	}
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("unlock without lock")
__failure __msg("unmatched rcu read unlock (kernel function bpf_rcu_read_unlock)")
int rcu_unmatched_unlock(void *ctx)
{
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("exit inside a section")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region")
int rcu_missing_unlock(void *ctx)
{
	bpf_rcu_read_lock();
	return 0;
}

SEC("syscall")
__description("nested sections")
__failure __msg("nested rcu read lock (kernel function bpf_rcu_read_lock)")
int rcu_nested(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("sleepable: iterator destroyed after unlock")
__failure __msg("expected an RCU CS when using bpf_iter_task_destroy")
int rcu_destroy_after_unlock(void *ctx)
{
	struct bpf_iter_task it;

	bpf_rcu_read_lock();
	bpf_iter_task_new(&it, NULL, BPF_TASK_ITER_ALL_PROCS);
	bpf_rcu_read_unlock();
	bpf_iter_task_destroy(&it);
	return 0;
}

SEC("raw_tp")
__description("non-sleepable: a walk across an explicit unlock")
__failure __msg("expected an RCU CS when using bpf_iter_task_next")
int rcu_unlock_in_loop_nonsleepable(void *ctx)
{
	struct task_struct *t;
	int n = 0;

	bpf_rcu_read_lock();
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS) {
		if (n++ == 3) {
			bpf_rcu_read_unlock();
			bpf_rcu_read_lock();
		}
	}
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("a sleepable helper inside a section")
__failure __msg("sleepable helper bpf_copy_from_user#{{[0-9]+}} in rcu_read_lock region")
int rcu_sleepable_helper(void *ctx)
{
	char buf[8];

	bpf_rcu_read_lock();
	bpf_copy_from_user(buf, sizeof(buf), NULL);
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("sleepable: RCU pointer used after unlock")
__failure __msg("R1 must be a rcu pointer")
int rcu_ptr_after_unlock(void *ctx)
{
	struct cgroup *cgrp, *ref;

	bpf_rcu_read_lock();
	cgrp = bpf_get_current_task_btf()->cgroups->dfl_cgrp;
	bpf_rcu_read_unlock();
	ref = bpf_cgroup_acquire(cgrp);
	if (ref)
		bpf_cgroup_release(ref);
	return 0;
}

SEC("syscall")
__description("sleepable: RCU field loaded outside a section")
__failure __msg("R1 must be a rcu pointer")
int rcu_ptr_no_lock(void *ctx)
{
	struct cgroup *ref;

	ref = bpf_cgroup_acquire(bpf_get_current_task_btf()->cgroups->dfl_cgrp);
	if (ref)
		bpf_cgroup_release(ref);
	return 0;
}

SEC("syscall")
__description("sleepable: walked task is RCU, not trusted")
__failure __msg("R2 must be referenced or trusted")
int rcu_walked_not_trusted(void *ctx)
{
	struct task_struct *p, *t;

	nr_threads = 0;
	bpf_rcu_read_lock();
	bpf_for_each(task, p, NULL, BPF_TASK_ITER_ALL_PROCS) {
		bpf_for_each(task, t, p, BPF_TASK_ITER_PROC_THREADS)
			nr_threads++;
	}
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__description("RCU pointer passed as a trusted argument")
__failure __msg("R2 must be referenced or trusted")
int rcu_ptr_not_trusted(void *ctx)
{
	struct cgroup *cgrp = bpf_get_current_task_btf()->cgroups->dfl_cgrp;
	struct cgroup_subsys_state *pos;
	int n = 0;

	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_DESCENDANTS_PRE)
		n++;
	return n;
}

SEC("tc")
__description("a field not known to be RCU-safe is not an RCU pointer")
__failure __msg("R1 must be a rcu pointer")
int rcu_field_not_listed(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf()->last_wakee;

	t = bpf_task_acquire(t);
	if (t)
		bpf_task_release(t);
	return 0;
}

static __noinline int copy_one_byte(int x)
{
	char buf[1];

	bpf_copy_from_user(buf, sizeof(buf), NULL);
	return x + buf[0];
}

__noinline int add_one(int x)
{
	return x + 1;
}

__noinline int global_copy(int x)
{
	return copy_one_byte(x);
}

SEC("syscall")
__description("a global function that may sleep, called inside a section")
__failure __msg("global functions that may sleep are not allowed in non-sleepable context")
int rcu_global_may_sleep(void *ctx)
{
	int r;

	bpf_rcu_read_lock();
	r = global_copy(1);
	bpf_rcu_read_unlock();
	return r;
}

SEC("syscall")
__description("a global function that does not sleep, called inside a section")
__success __retval(2)
int rcu_global_no_sleep(void *ctx)
{
	int r;

	bpf_rcu_read_lock();
	r = add_one(1);
	bpf_rcu_read_unlock();
	return r;
}

static int cb_lock(__u32 i, void *ctx)
{
	bpf_rcu_read_lock();
	return 0;
}

SEC("syscall")
__description("a callback that leaves a section open")
__failure __msg("{{unmatched rcu read unlock|BPF_EXIT instruction in callback cannot be used inside bpf_rcu_read_lock-ed region}}")
int rcu_callback_leaves_open(void *ctx)
{
	bpf_loop(2, cb_lock, NULL, 0);
	bpf_rcu_read_unlock();
	return 0;
}

static int cb_unlock(__u32 i, void *ctx)
{
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("a callback that closes a section opened outside it")
__failure __msg("{{unmatched rcu read unlock|BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region}}")
int rcu_callback_closes_outer(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_loop(2, cb_unlock, NULL, 0);
	return 0;
}

static int cb_balanced(__u32 i, void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
__description("a callback with a whole section inside")
__success __retval(0)
int rcu_callback_balanced(void *ctx)
{
	bpf_loop(2, cb_balanced, NULL, 0);
	return 0;
}
