// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css_task: who may call it and what the verifier refuses.  The
 * programs that may are LSM and iterator programs, which BPF_PROG_TEST_RUN
 * cannot run; tests/func/css_task_iter.c runs an iter/cgroup one and
 * compares its output with cgroup.procs and cgroup.threads.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"
#define RCU_MSG(f) "kernel func " f " requires RCU critical section protection"
/* upstream goes on with "bpf_iter and sleepable progs" */
#define NOT_ALLOWED "css_task_iter is only allowed in bpf_lsm"
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
__description("sleepable LSM: refused, the tasks would outlive their references")
__failure __msg(RCU_MSG("bpf_iter_css_task_new"))
__upstream_differs(HOST_EPERM)
int BPF_PROG(css_task_in_sleepable_lsm, int cmd, union bpf_attr *attr, unsigned int size)
{
	return count_root_tasks(0) < 0;
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
__failure __msg("expected an initialized iter_css_task as {{(arg #[01]|R1)}}")
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
