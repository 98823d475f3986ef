// SPDX-License-Identifier: GPL-2.0-only
/*
 * Numbers iterator: the integers of [start, end), one at a time.  BPF
 * programs loop with it through bpf_for() and bpf_repeat().
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/init.h>
#include "num.h"

static void bpf_iter_num_set_empty(struct bpf_iter_num_kern *kit)
{
	kit->cur = 0;
	kit->end = 0;
}

/**
 * bpf_iter_num_new() - Start iterating over the integers [@start, @end)
 * @it: iterator state, on the BPF program's stack
 * @start: first integer
 * @end: integer after the last one
 *
 * The range may hold at most BPF_MAX_LOOPS integers: the loop's proof does
 * not bound its run time, this limit does.
 *
 * Return: 0; -EINVAL if @start > @end, -E2BIG if the range is too large.
 * On error @it is an empty iterator, which bpf_iter_num_destroy() accepts.
 */
noinline int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end)
{
	struct bpf_iter_num_kern *kit = (void *)it;

	BUILD_BUG_ON(sizeof(struct bpf_iter_num_kern) != sizeof(struct bpf_iter_num));
	BUILD_BUG_ON(__alignof__(struct bpf_iter_num_kern) !=
		     __alignof__(struct bpf_iter_num));

	if (start > end) {
		bpf_iter_num_set_empty(kit);
		return -EINVAL;
	}
	if ((s64)end - start > BPF_MAX_LOOPS) {
		bpf_iter_num_set_empty(kit);
		return -E2BIG;
	}
	/* wraps to INT_MAX for INT_MIN: next() wraps it back */
	kit->cur = (int)((u32)start - 1);
	kit->end = end;
	return 0;
}

/**
 * bpf_iter_num_next() - Next integer of the range
 * @it: iterator state created by bpf_iter_num_new()
 *
 * The element lives in @it: the verifier lets the program read it, never
 * write it, and forgets it when @it is destroyed.
 *
 * Return: pointer to the next integer, or NULL once the range is exhausted,
 * and NULL on every call after that.
 */
noinline int *bpf_iter_num_next(struct bpf_iter_num *it)
{
	struct bpf_iter_num_kern *kit = (void *)it;
	int next = (int)((u32)kit->cur + 1);

	/* an empty iterator has next == 1 > end == 0 */
	if (next >= kit->end) {
		bpf_iter_num_set_empty(kit);
		return NULL;
	}
	kit->cur = next;
	return &kit->cur;
}

/**
 * bpf_iter_num_destroy() - Finish an iteration started by bpf_iter_num_new()
 * @it: iterator state, whatever bpf_iter_num_new() returned
 */
noinline void bpf_iter_num_destroy(struct bpf_iter_num *it)
{
	bpf_iter_num_set_empty((void *)it);
}

BTF_SET8_START(num_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_num_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_num_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_num_destroy, KF_ITER_DESTROY)
BTF_SET8_END(num_iter_kfunc_ids)

static const struct btf_kfunc_id_set num_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &num_iter_kfunc_ids,
};

static int __init num_iter_kfuncs_init(void)
{
	/* no locks, no allocation, only its own state: safe anywhere */
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &num_iter_kfunc_set);
}
late_initcall(num_iter_kfuncs_init);
