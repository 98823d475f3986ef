// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css and the cgroup kfuncs that give it a start: what the
 * verifier accepts and refuses, and what the trio returns, run with
 * BPF_PROG_TEST_RUN from tc programs (non-sleepable, and a program type
 * the cgroup kfuncs are registered for).  tests/func/css_iter.c compares
 * the walks with cgroupfs and with the iter/cgroup seq_file target.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define ARG1 "arg #0"
#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"
#define RCU_MSG(f) "kernel func " f " requires RCU critical section protection"
#define UNTRUSTED "R2 must be referenced or trusted"
/* BPF_CGROUP_ITER_CHILDREN; the host's 6.18 headers do not have it yet */
#define ITER_CHILDREN 5
#define ROOT_ID 1

char _license[] SEC("license") = "GPL";

static __u64 css_id(struct cgroup_subsys_state *css)
{
	return css->cgroup->kn->id;
}

/* bpf_get_current_cgroup_id() is not for tc programs in 6.1 */
static __u64 current_cgroup_id(void)
{
	return bpf_get_current_task_btf()->cgroups->dfl_cgrp->kn->id;
}

/* Globals, not registers: loops whose state changes every turn converge. */
int nr, nr_children_of_start;
__u64 first_id, last_id;

/* Walk from the root in @order; nr, first_id, last_id; new()'s result. */
static int walk_root(unsigned int order)
{
	struct cgroup_subsys_state *pos, *start;
	struct bpf_iter_css it;
	struct cgroup *root;
	int err;

	nr = 0;
	nr_children_of_start = 0;
	first_id = last_id = 0;
	root = bpf_cgroup_from_id(ROOT_ID);
	if (!root)
		return -100;
	start = &root->self;
	err = bpf_iter_css_new(&it, start, order);
	while ((pos = bpf_iter_css_next(&it))) {
		if (!nr)
			first_id = css_id(pos);
		last_id = css_id(pos);
		nr_children_of_start += pos->parent == start;
		nr++;
	}
	bpf_iter_css_destroy(&it);
	bpf_cgroup_release(root);
	return err;
}

SEC("tc")
__description("DESCENDANTS_PRE from the root: the root first")
__success __retval(1)
int css_pre_root_first(void *ctx)
{
	return walk_root(BPF_CGROUP_ITER_DESCENDANTS_PRE) == 0 && nr >= 1 &&
	       first_id == ROOT_ID;
}

SEC("tc")
__description("DESCENDANTS_POST from the root: the root last")
__success __retval(1)
int css_post_root_last(void *ctx)
{
	return walk_root(BPF_CGROUP_ITER_DESCENDANTS_POST) == 0 && nr >= 1 &&
	       last_id == ROOT_ID;
}

SEC("tc")
__description("ANCESTORS_UP from the root: only the root")
__success __retval(1)
int css_up_root_only(void *ctx)
{
	return walk_root(BPF_CGROUP_ITER_ANCESTORS_UP) == 0 && nr == 1 &&
	       first_id == ROOT_ID;
}

SEC("tc")
__description("CHILDREN from the root: the root's children, as many as pre-order finds")
__success __retval(1)
__upstream_differs("BPF_CGROUP_ITER_CHILDREN is newer than the host's 6.18: -EINVAL")
int css_children_of_root(void *ctx)
{
	int pre_children;

	if (walk_root(BPF_CGROUP_ITER_DESCENDANTS_PRE))
		return -1;
	pre_children = nr_children_of_start;
	if (walk_root(ITER_CHILDREN))
		return -2;
	return nr == pre_children && nr == nr_children_of_start;
}

/* Unknown orders: -EINVAL from new(), then an empty iterator. */
static int bad_order(unsigned int order)
{
	int err = walk_root(order);

	return nr ? -1000 : err;
}

SEC("tc")
__description("order 0 (BPF_CGROUP_ITER_ORDER_UNSPEC): -EINVAL, empty")
__success __retval(-22)
int css_order_unspec(void *ctx)
{
	return bad_order(BPF_CGROUP_ITER_ORDER_UNSPEC);
}

SEC("tc")
__description("BPF_CGROUP_ITER_SELF_ONLY is for iter/cgroup only: -EINVAL, empty")
__success __retval(-22)
int css_order_self_only(void *ctx)
{
	return bad_order(BPF_CGROUP_ITER_SELF_ONLY);
}

SEC("tc")
__description("order 6, after the last one: -EINVAL, empty")
__success __retval(-22)
int css_order_too_big(void *ctx)
{
	return bad_order(6);
}

SEC("tc")
__description("bpf_cgroup_from_id() of ids no cgroup has: NULL")
__success __retval(1)
int css_from_bad_id(void *ctx)
{
	struct cgroup *none = bpf_cgroup_from_id(0);
	struct cgroup *huge = bpf_cgroup_from_id(~0ULL);
	int ret = !none && !huge;

	if (none)
		bpf_cgroup_release(none);
	if (huge)
		bpf_cgroup_release(huge);
	return ret;
}

SEC("tc")
__description("the current task's cgroup: found by id, ancestors up to the root")
__success __retval(1)
int css_up_from_current(void *ctx)
{
	struct cgroup *cgrp = bpf_cgroup_from_id(current_cgroup_id());
	struct cgroup_subsys_state *pos;
	__u64 last = 0;
	int ret;

	if (!cgrp)
		return -1;
	ret = css_id(&cgrp->self) == current_cgroup_id();
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP)
		last = css_id(pos);
	bpf_cgroup_release(cgrp);
	return ret && last == ROOT_ID;
}

SEC("tc")
__description("bpf_cgroup_acquire() of a referenced cgroup, both released")
__success __retval(1)
int css_acquire_release(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID), *again;

	if (!root)
		return -1;
	again = bpf_cgroup_acquire(root);
	bpf_cgroup_release(root);
	if (!again)
		return -2;
	bpf_cgroup_release(again);
	return 1;
}

SEC("tc")
__description("the start released inside the loop: RCU keeps the walk valid")
__success __retval(1)
int css_release_in_loop(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct cgroup_subsys_state *pos;
	int n = 0;

	if (!root)
		return -1;
	bpf_for_each(css, pos, &root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE) {
		if (root) {
			bpf_cgroup_release(root);
			root = NULL;
		}
		n++;
	}
	if (root)
		bpf_cgroup_release(root);
	return n >= 1;
}

SEC("tc")
__description("iterator never destroyed: leaked reference")
__failure __msg("Unreleased reference id=")
int css_leak(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct bpf_iter_css it;

	if (!root)
		return 0;
	bpf_iter_css_new(&it, &root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE);
	bpf_cgroup_release(root);
	return bpf_iter_css_next(&it) != NULL;
}

SEC("tc")
__description("next after destroy")
__failure __msg("expected an initialized iter_css as " ARG1)
int css_use_after_destroy(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);
	struct bpf_iter_css it;

	if (!root)
		return 0;
	bpf_iter_css_new(&it, &root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE);
	bpf_cgroup_release(root);
	bpf_iter_css_destroy(&it);
	return bpf_iter_css_next(&it) != NULL;
}

SEC("tc")
__description("cgroup from bpf_cgroup_from_id() never released")
__failure __msg("Unreleased reference id=")
int css_cgroup_ref_leak(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);

	return root != NULL;
}

SEC("tc")
__description("cgroup released twice")
__failure __msg("arg#0 pointer type STRUCT cgroup must point to scalar")
int css_cgroup_double_release(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);

	if (!root)
		return 0;
	bpf_cgroup_release(root);
	bpf_cgroup_release(root);
	return 0;
}

SEC("tc")
__description("start walked from the current task: refused")
__failure __msg(UNTRUSTED)
int css_start_walked(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct cgroup_subsys_state *pos;
	int n = 0;

	bpf_for_each(css, pos, &task->cgroups->dfl_cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP)
		n++;
	return n;
}

SEC("tc")
__description("start walked from a referenced cgroup (its parent): refused")
__failure __msg(UNTRUSTED)
int css_start_parent_of_ref(void *ctx)
{
	struct cgroup *cgrp = bpf_cgroup_from_id(current_cgroup_id());
	struct cgroup_subsys_state *pos;
	int n = 0;

	if (!cgrp)
		return 0;
	bpf_for_each(css, pos, cgrp->self.parent, BPF_CGROUP_ITER_ANCESTORS_UP)
		n++;
	bpf_cgroup_release(cgrp);
	return n;
}

SEC("tc")
__description("a cgroup of the walk acquired: an RCU pointer, KF_RCU takes it")
__success __retval(0)
int css_acquire_walked(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID), *got = NULL;
	struct cgroup_subsys_state *pos;

	if (!root)
		return 0;
	bpf_for_each(css, pos, &root->self, ITER_CHILDREN) {
		got = bpf_cgroup_acquire(pos->cgroup);
		break;
	}
	bpf_cgroup_release(root);
	if (got)
		bpf_cgroup_release(got);
	return 0;
}

SEC("raw_tp")
__description("bpf_cgroup_from_id() in raw_tp: not registered there, as upstream")
__failure __msg("calling kernel function bpf_cgroup_from_id is not allowed")
int css_from_id_raw_tp(void *ctx)
{
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);

	if (root)
		bpf_cgroup_release(root);
	return 0;
}

SEC("syscall")
__description("refused in a syscall program (sleepable)")
__failure __msg(RCU_MSG("bpf_iter_css_new"))
int css_in_syscall(void *ctx)
{
	return walk_root(BPF_CGROUP_ITER_DESCENDANTS_PRE);
}

/* Inlined: the verifier checks start where the caller computed it. */
static __always_inline int count_up(struct cgroup_subsys_state *start)
{
	struct cgroup_subsys_state *pos;
	int n = 0;

	bpf_for_each(css, pos, start, BPF_CGROUP_ITER_ANCESTORS_UP)
		n++;
	return n;
}

/* tp_btf and iterator arguments are trusted; loaded here, run by the func tests */
SEC("tp_btf/cgroup_mkdir")
__description("tp_btf argument as the start: trusted")
__success
int BPF_PROG(css_tp_btf_arg, struct cgroup *cgrp, const char *path)
{
	return count_up(&cgrp->self);
}

SEC("tp_btf/cgroup_mkdir")
__description("tp_btf argument walked to its parent: not trusted")
__failure __msg(UNTRUSTED)
int BPF_PROG(css_tp_btf_arg_walked, struct cgroup *cgrp, const char *path)
{
	return count_up(cgrp->self.parent);
}

/*
 * The trusted argument on one path, its walked parent on the other: the
 * state where they join must not be pruned as the trusted one.
 */
SEC("tp_btf/cgroup_mkdir")
__description("trusted on one path, walked on the other: refused")
__failure __msg(UNTRUSTED)
int BPF_PROG(css_tp_btf_arg_join, struct cgroup *cgrp, const char *path)
{
	struct cgroup_subsys_state *start = &cgrp->self;

	if (bpf_get_prandom_u32() & 1)
		start = cgrp->self.parent;
	return count_up(start);
}

SEC("tp_btf/sched_process_fork")
__description("a trusted task where a css is expected: type mismatch")
__failure __msg("expected pointer to STRUCT cgroup_subsys_state but R2 has a pointer to STRUCT task_struct")
int BPF_PROG(css_start_is_task, struct task_struct *parent, struct task_struct *child)
{
	return count_up((void *)parent);
}

SEC("iter/cgroup")
__description("iter/cgroup's cgroup as the start: trusted")
__success
int css_iter_ctx_arg(struct bpf_iter__cgroup *ctx)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp = ctx->cgroup;
	int n = 0;

	if (!cgrp)
		return 0;
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_DESCENDANTS_PRE)
		n++;
	return n < 0;
}

SEC("fentry/cgroup_freeze")
__description("fentry argument: not trusted (the function may free it), as upstream")
__failure __msg(UNTRUSTED)
__upstream_differs(HOST_EPERM)
int BPF_PROG(css_fentry_arg, struct cgroup *cgrp, bool freeze)
{
	return count_up(&cgrp->self);
}

/*
 * clang tests c for NULL twice; on the second test the verifier must know
 * a referenced pointer is not NULL, or it explores a path that leaks it.
 */
SEC("tc")
__description("a referenced cgroup tested for NULL twice")
__success __retval(1)
int css_ref_tested_twice(void *ctx)
{
	struct cgroup *c = bpf_cgroup_from_id(ROOT_ID);
	int level = -1;

	if (c)
		level = c->level;
	/* clang may no longer assume c unchanged: it tests it again */
	__sink(c);
	if (c)
		bpf_cgroup_release(c);
	return level == 0;
}

SEC("tc")
__description("a css from the walk starts a nested walk: valid for the whole program")
__success __retval(1)
__upstream_differs("upstream's css next() returns an RCU pointer, which bpf_iter_css_new() refuses")
int css_nested_from_walk(void *ctx)
{
	struct cgroup_subsys_state *child, *pos;
	struct cgroup *root = bpf_cgroup_from_id(ROOT_ID);

	if (!root)
		return -1;
	nr = 0;
	nr_children_of_start = 0;
	bpf_for_each(css, child, &root->self, ITER_CHILDREN) {
		nr_children_of_start++;
		bpf_for_each(css, pos, child, BPF_CGROUP_ITER_ANCESTORS_UP)
			nr++;
	}
	bpf_cgroup_release(root);
	/* each child and the root */
	return nr == 2 * nr_children_of_start;
}
