// SPDX-License-Identifier: GPL-2.0-only
/*
 * css iterator: the cgroup walker shared with the iter/cgroup seq_file
 * target (kernel/bpf/cgroup_iter.c), the open-coded bpf_iter_css trio, and
 * the cgroup kfuncs that give a program a css to start from.
 *
 * Safety model of the trio: no references, as for tasks (see task.c).  A
 * css is freed only after an RCU grace period (css_free_rwork_fn()), and
 * KF_RCU_PROTECTED keeps these kfuncs inside an RCU read-side critical
 * section, so every css the walk returns stays valid until the section
 * ends.  The start must be a cgroup the program holds a reference on or
 * got as a trusted argument (KF_TRUSTED_ARGS): a pointer merely loaded
 * from another object may be stale.  bpf_cgroup_acquire() turns an RCU
 * pointer (task->cgroups->dfl_cgrp, say) into such a reference.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cgroup.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include "iters.h"

/**
 * bpf_css_walk_start() - Start a walk over csses
 * @walk: the walk
 * @start: the css the walk starts from; unused if @order is ORDER_UNSPEC
 * @order: BPF_CGROUP_ITER_SELF_ONLY, _DESCENDANTS_PRE, _DESCENDANTS_POST,
 *	_ANCESTORS_UP or _CHILDREN; BPF_CGROUP_ITER_ORDER_UNSPEC for an
 *	empty walk
 *
 * The caller validated @order and keeps @start from being freed while it
 * walks.
 */
void bpf_css_walk_start(struct bpf_css_walk *walk,
			struct cgroup_subsys_state *start, u32 order)
{
	walk->start = start;
	walk->pos = NULL;
	walk->order = order;
}

/**
 * bpf_css_walk_next() - Next css of a walk
 * @walk: the walk
 *
 * The caller holds cgroup_mutex or RCU.  Pre-order and ancestors-up return
 * the start first, post-order returns it last, children-order only returns
 * the start's children.  Offline csses are returned: the caller decides.
 *
 * Return: the css, or NULL once the walk is over, and on every call after.
 */
struct cgroup_subsys_state *bpf_css_walk_next(struct bpf_css_walk *walk)
{
	struct cgroup_subsys_state *pos = walk->pos;

	switch (walk->order) {
	case BPF_CGROUP_ITER_SELF_ONLY:
		pos = pos ? NULL : walk->start;
		break;
	case BPF_CGROUP_ITER_DESCENDANTS_PRE:
		pos = css_next_descendant_pre(pos, walk->start);
		break;
	case BPF_CGROUP_ITER_DESCENDANTS_POST:
		pos = css_next_descendant_post(pos, walk->start);
		break;
	case BPF_CGROUP_ITER_ANCESTORS_UP:
		pos = pos ? pos->parent : walk->start;
		break;
	case BPF_CGROUP_ITER_CHILDREN:
		pos = css_next_child(pos, walk->start);
		break;
	default:
		pos = NULL;
		break;
	}
	walk->pos = pos;
	/* the pre- and post-order walkers would start over from NULL */
	if (!pos)
		walk->order = BPF_CGROUP_ITER_ORDER_UNSPEC;
	return pos;
}

/* Opaque to programs; vmlinux BTF gives them its size. */
struct bpf_iter_css {
	__u64 __opaque[3];
} __aligned(8);

struct bpf_iter_css_kern {
	struct bpf_css_walk walk;
} __aligned(8);

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/**
 * bpf_iter_css_new() - Start iterating over csses
 * @it: iterator state, on the BPF program's stack
 * @start: the css to start from, referenced or trusted
 * @flags: BPF_CGROUP_ITER_DESCENDANTS_PRE (@start, then its descendants,
 *	each before its children), BPF_CGROUP_ITER_DESCENDANTS_POST (the
 *	descendants, each after its children, then @start),
 *	BPF_CGROUP_ITER_ANCESTORS_UP (@start, its parent and so on up to the
 *	root) or BPF_CGROUP_ITER_CHILDREN (the children of @start)
 *
 * Return: 0; -EINVAL for unknown @flags or a NULL @start, -ENOENT if
 * @start is dying (its cgroup was removed).  On error @it is an empty
 * iterator, which bpf_iter_css_destroy() accepts.
 */
noinline int bpf_iter_css_new(struct bpf_iter_css *it,
			      struct cgroup_subsys_state *start,
			      unsigned int flags)
{
	struct bpf_iter_css_kern *kit = (void *)it;

	BUILD_BUG_ON(sizeof(struct bpf_iter_css_kern) > sizeof(struct bpf_iter_css));
	BUILD_BUG_ON(__alignof__(struct bpf_iter_css_kern) !=
		     __alignof__(struct bpf_iter_css));

	bpf_css_walk_start(&kit->walk, NULL, BPF_CGROUP_ITER_ORDER_UNSPEC);
	switch (flags) {
	case BPF_CGROUP_ITER_DESCENDANTS_PRE:
	case BPF_CGROUP_ITER_DESCENDANTS_POST:
	case BPF_CGROUP_ITER_ANCESTORS_UP:
	case BPF_CGROUP_ITER_CHILDREN:
		break;
	default:
		return -EINVAL;
	}
	/* a tp_btf argument can be NULL */
	if (!start)
		return -EINVAL;
	if (css_is_dying(start))
		return -ENOENT;
	bpf_css_walk_start(&kit->walk, start, flags);
	return 0;
}

/**
 * bpf_iter_css_next() - Next css of the iteration
 * @it: iterator state created by bpf_iter_css_new()
 *
 * The css stays valid until the program ends (see the top of this file);
 * it may be offline by then.
 *
 * Return: the next css, or NULL at the end and on every call after that.
 */
noinline struct cgroup_subsys_state *bpf_iter_css_next(struct bpf_iter_css *it)
{
	struct bpf_iter_css_kern *kit = (void *)it;
	struct cgroup_subsys_state *pos;

	/* nested: the program's own section is what keeps the css alive */
	rcu_read_lock();
	pos = bpf_css_walk_next(&kit->walk);
	rcu_read_unlock();
	return pos;
}

/**
 * bpf_iter_css_destroy() - Finish an iteration started by bpf_iter_css_new()
 * @it: iterator state, whatever bpf_iter_css_new() returned
 */
noinline void bpf_iter_css_destroy(struct bpf_iter_css *it)
{
	struct bpf_iter_css_kern *kit = (void *)it;

	bpf_css_walk_start(&kit->walk, NULL, BPF_CGROUP_ITER_ORDER_UNSPEC);
}

/**
 * bpf_cgroup_acquire() - Take a reference on a cgroup
 * @cgrp: a cgroup the program holds a reference on, got as a trusted
 *	argument, or may use in its current RCU read-side section (KF_RCU)
 *
 * Return: @cgrp, to be released with bpf_cgroup_release(); NULL if @cgrp
 * is NULL or already released.
 */
noinline struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp)
{
	return cgrp && cgroup_tryget(cgrp) ? cgrp : NULL;
}

/**
 * bpf_cgroup_release() - Drop a reference taken by bpf_cgroup_acquire()
 *	or bpf_cgroup_from_id()
 * @cgrp: the cgroup
 */
noinline void bpf_cgroup_release(struct cgroup *cgrp)
{
	cgroup_put(cgrp);
}

/**
 * bpf_cgroup_from_id() - Find a cgroup of the default hierarchy by its id
 * @cgid: the cgroup's id, its inode number in cgroupfs (1 for the root)
 *
 * The kernfs id lookup of cgroup_get_from_id(), as upstream: its cost does
 * not depend on the number of cgroups, and only cgroups inside the cgroup
 * namespace of the current task are found.  Not in NMI: the lookup takes
 * a spinlock, which an NMI could have interrupted the holder of.
 *
 * Return: the cgroup, to be released with bpf_cgroup_release(); NULL if no
 * cgroup has this id, it is already released, or in NMI.
 */
noinline struct cgroup *bpf_cgroup_from_id(u64 cgid)
{
	struct cgroup *cgrp;

	if (in_nmi())
		return NULL;
	cgrp = cgroup_get_from_id(cgid);
	return IS_ERR(cgrp) ? NULL : cgrp;
}

__diag_pop();

BTF_SET8_START(css_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_css_new, KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED)
BTF_ID_FLAGS(func, bpf_iter_css_next, KF_ITER_NEXT | KF_RET_NULL | KF_RCU_PROTECTED)
BTF_ID_FLAGS(func, bpf_iter_css_destroy, KF_ITER_DESTROY | KF_RCU_PROTECTED)
BTF_SET8_END(css_iter_kfunc_ids)

static const struct btf_kfunc_id_set css_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &css_iter_kfunc_ids,
};

BTF_SET8_START(cgroup_kfunc_ids)
BTF_ID_FLAGS(func, bpf_cgroup_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_cgroup_release, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_cgroup_from_id, KF_ACQUIRE | KF_RET_NULL)
BTF_SET8_END(cgroup_kfunc_ids)

static const struct btf_kfunc_id_set cgroup_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &cgroup_kfunc_ids,
};

static int __init css_iter_kfuncs_init(void)
{
	int err;

	/* lock-free under RCU, NMI included; KF_RCU_PROTECTED keeps it there */
	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &css_iter_kfunc_set);
	return err ?: bpf_iters_register_ref_kfuncs(&cgroup_kfunc_set);
}
late_initcall(css_iter_kfuncs_init);
