// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css_task: who may call it and what the verifier refuses.  The
 * programs that may are LSM, iterator and sleepable programs;
 * tests/func/css_task_iter.c runs an iter/cgroup and a syscall one and
 * compares their output with cgroup.procs and cgroup.threads.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"
#define NOT_ALLOWED "css_task_iter is only allowed in bpf_lsm, bpf_iter and sleepable progs"
#define ROOT_ID 1

char _license[] SEC("license") = "GPL";

/* Tasks of @css with @flags; the count. */
static int count_tasks(struct cgroup_subsys_state *css, unsigned int flags)
{
	struct task_struct *task;
	int n = 0;

	bpf_for_each(css_task, task, css, flags)
		n++;
	return n;
}

/* Tasks of the root cgroup with @flags; the count, -1 without the root. */
static int count_root_tasks(unsigned int flags)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	int n;

	if (!root)
		return -1;
	n = count_tasks(&root->self, flags);
	bpf_cgroup_release(root);
	return n;
}

SEC("iter/cgroup")
__description("iter/cgroup: the tasks of its trusted cgroup")
__success
int css_task_in_iter(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;

	if (!cgrp)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", count_tasks(&cgrp->self, CSS_TASK_ITER_PROCS));
	return 0;
}

SEC("lsm/file_mprotect")
__description("non-sleepable LSM: allowed, from a referenced cgroup")
__success __upstream_differs(HOST_EPERM)
int BPF_PROG(css_task_in_lsm, struct vm_area_struct *vma, unsigned long reqprot,
	     unsigned long prot, int ret)
{
	return count_root_tasks(0) < 0;
}

SEC("tc")
__description("tc: refused (css_set_lock)")
__failure __msg(NOT_ALLOWED)
int css_task_in_tc(void *ctx)
{
	return count_root_tasks(0);
}

SEC("fentry/cgroup_freeze")
__description("non-sleepable fentry: refused (may run with css_set_lock held)")
__failure __msg(NOT_ALLOWED)
__upstream_differs(HOST_EPERM)
int BPF_PROG(css_task_in_fentry, struct cgroup *cgrp, bool freeze)
{
	return count_root_tasks(0);
}

SEC("lsm.s/bpf")
__description("sleepable LSM: allowed, no RCU section needed")
__success __upstream_differs(HOST_EPERM)
int BPF_PROG(css_task_in_sleepable_lsm, int cmd, union bpf_attr *attr, unsigned int size)
{
	return count_root_tasks(0) < 0;
}

SEC("syscall")
__description("syscall (sleepable): allowed, no RCU section needed")
__success __retval(0)
int css_task_in_syscall(void *ctx)
{
	/* a count tested for > 0 would be precise: the loop would not converge */
	return count_root_tasks(0) < 0;
}

/* The first task of the root cgroup acquired: 1, 0 if it could not be. */
static int acquire_first_root_task(void)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct task_struct *task, *acquired;
	int ret = 0;

	if (!root)
		return -1;
	bpf_for_each(css_task, task, &root->self, 0) {
		acquired = bpf_task_acquire(task);
		if (acquired) {
			bpf_task_release(acquired);
			ret = 1;
		}
		break;
	}
	bpf_cgroup_release(root);
	return ret;
}

SEC("syscall")
__description("syscall: a task of the walk acquired inside an RCU section")
__success __retval(1)
int css_task_acquired_in_section(void *ctx)
{
	int ret;

	bpf_rcu_read_lock();
	ret = acquire_first_root_task();
	bpf_rcu_read_unlock();
	return ret;
}

SEC("syscall")
__description("syscall: a task of the walk acquired outside a section: refused")
__failure __msg("R1 must be a rcu pointer")
__upstream_differs("upstream trusts the task although the walk drops its reference at the next step")
int css_task_acquired_outside_section(void *ctx)
{
	return acquire_first_root_task();
}

SEC("syscall")
__description("syscall: a task of the walk read outside a section")
__success __retval(1)
int css_task_read_outside_section(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct task_struct *task;
	int ret = 0;

	if (!root)
		return -1;
	bpf_for_each(css_task, task, &root->self, 0)
		ret |= task->pid > 0;
	bpf_cgroup_release(root);
	return ret;
}

SEC("syscall")
__description("syscall: a walk started in an RCU section goes on after it")
__success __retval(1)
int css_task_outlives_section(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct bpf_iter_css_task it;
	struct task_struct *task;
	int n = 0;

	if (!root)
		return -1;
	bpf_rcu_read_lock();
	bpf_iter_css_task_new(&it, &root->self, 0);
	task = bpf_iter_css_task_next(&it);
	bpf_rcu_read_unlock();
	while (task) {
		n++;
		task = bpf_iter_css_task_next(&it);
	}
	bpf_iter_css_task_destroy(&it);
	bpf_cgroup_release(root);
	return n > 0;
}

SEC("syscall")
__description("syscall: a task of the walk used after the section it came from")
__failure __msg("R1 must be a rcu pointer")
__upstream_differs("upstream trusts the task although the walk drops its reference at the next step")
int css_task_used_after_section(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct task_struct *task, *acquired;
	struct bpf_iter_css_task it;
	int ret = 0;

	if (!root)
		return -1;
	bpf_iter_css_task_new(&it, &root->self, 0);
	bpf_rcu_read_lock();
	task = bpf_iter_css_task_next(&it);
	bpf_rcu_read_unlock();
	if (task) {
		acquired = bpf_task_acquire(task);
		if (acquired) {
			bpf_task_release(acquired);
			ret = 1;
		}
	}
	bpf_iter_css_task_destroy(&it);
	bpf_cgroup_release(root);
	return ret;
}

SEC("iter/cgroup")
__description("iterator never destroyed: leaked reference")
__failure __msg("Unreleased reference id=")
int css_task_leak(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	struct bpf_iter_css_task it;

	if (!cgrp)
		return 0;
	bpf_iter_css_task_new(&it, &cgrp->self, 0);
	return bpf_iter_css_task_next(&it) != NULL;
}

SEC("iter/cgroup")
__description("next after destroy")
__failure __msg("expected an initialized iter_css_task as arg #0")
int css_task_use_after_destroy(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	struct bpf_iter_css_task it;

	if (!cgrp)
		return 0;
	bpf_iter_css_task_new(&it, &cgrp->self, 0);
	bpf_iter_css_task_destroy(&it);
	return bpf_iter_css_task_next(&it) != NULL;
}

SEC("iter/cgroup")
__description("css walked from the iterator's cgroup (its parent): refused")
__failure __msg("R2 must be referenced or trusted")
int css_task_walked_css(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;

	if (!cgrp)
		return 0;
	return count_tasks(cgrp->self.parent, 0) < 0;
}

SEC("iter/cgroup")
__description("tasks of each css of a walk: css next() results are trusted")
__success
__upstream_differs("upstream's css next() returns an RCU pointer, which bpf_iter_css_task_new() refuses")
int css_task_nested_in_css(struct bpf_iter__cgroup *ctx)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp = ctx->cgroup;
	int n = 0;

	if (!cgrp)
		return 0;
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_DESCENDANTS_PRE)
		n += count_tasks(pos, 0);
	BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", n);
	return 0;
}
