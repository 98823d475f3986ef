// SPDX-License-Identifier: GPL-2.0
/*
 * Iterators and callbacks (bpf_loop(), bpf_for_each_map_elem()).
 *
 * 6.1 verifies a callback body as if it ran once.  Upstream models
 * callbacks as loops since 6.7 ("verify callbacks as if they are called
 * unknown number of times"), which the 6.1 port does not have, so iterator
 * convergence inside a callback could not be checked soundly there: the
 * port refuses iterator kfuncs in callback frames altogether, for an
 * iterator of the caller as well as for one local to the callback.
 * Upstream accepts both.  Callbacks without iterators, called from an
 * iterator loop, are fine everywhere.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define REFUSED_IN_CB	"6.1 port refuses iterator kfuncs in callbacks; " \
			"upstream models callbacks as loops since 6.7"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, __u64);
} small_map SEC(".maps");

static int next_from_caller_cb(__u32 idx, void *ctx)
{
	struct bpf_iter_num *it = ctx;
	int *v;

	v = bpf_iter_num_next(it);
	return v ? 0 : 1;	/* stop once the caller's iterator is done */
}

SEC("syscall")
__description("caller's iterator advanced inside a bpf_loop() callback")
__failure __msg("not supported in callbacks")
__upstream_differs(REFUSED_IN_CB)
int caller_iter_in_callback(void *ctx)
{
	struct bpf_iter_num it;
	int n;

	bpf_iter_num_new(&it, 0, 5);
	n = bpf_loop(100, next_from_caller_cb, &it, 0);
	bpf_iter_num_destroy(&it);
	return n;
}

struct cb_sum {
	int lo, hi;
	long sum;
};

static int local_iter_cb(__u32 idx, void *ctx)
{
	struct cb_sum *s = ctx;
	int i;

	bpf_for(i, 0, 10)
		s->sum += i;
	return 0;
}

SEC("syscall")
__description("iterator local to a bpf_loop() callback")
__failure __msg("not supported in callbacks")
__upstream_differs(REFUSED_IN_CB)
int local_iter_in_callback(void *ctx)
{
	struct cb_sum s = {};

	bpf_loop(3, local_iter_cb, &s, 0);
	return s.sum;	/* 3 * 45 upstream */
}

static int destroy_in_cb(__u32 idx, void *ctx)
{
	bpf_iter_num_destroy(ctx);
	return 1;
}

SEC("syscall")
__description("caller's iterator destroyed inside a bpf_loop() callback")
__failure __msg("not supported in callbacks")
__upstream_differs("upstream rejects it as a reference leak: the callback may run zero times")
int caller_iter_destroyed_in_callback(void *ctx)
{
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 5);
	bpf_loop(1, destroy_in_cb, &it, 0);
	return 0;
}

static long map_elem_cb(struct bpf_map *map, int *key, __u64 *val, void *ctx)
{
	int i;

	bpf_for(i, 0, 4)
		*val += i;
	return 0;
}

SEC("syscall")
__description("iterator local to a bpf_for_each_map_elem() callback")
__failure __msg("not supported in callbacks")
__upstream_differs(REFUSED_IN_CB)
int local_iter_in_map_callback(void *ctx)
{
	bpf_for_each_map_elem(&small_map, map_elem_cb, NULL, 0);
	return 0;
}


static __noinline int subprog_with_loop(int n)
{
	int i, sum = 0;

	bpf_for(i, 0, n)
		sum += i;
	return sum;
}

static int subprog_caller_cb(__u32 idx, void *ctx)
{
	int *out = ctx;

	*out += subprog_with_loop(4);
	return 0;
}

SEC("syscall")
__description("iterator in a static subprogram called from a callback")
__failure __msg("not supported in callbacks")
__upstream_differs(REFUSED_IN_CB)
int iter_in_subprog_of_callback(void *ctx)
{
	int out = 0;

	bpf_loop(2, subprog_caller_cb, &out, 0);
	return out;
}

SEC("syscall")
__description("the same static subprogram with an iterator, called directly")
__success __retval(6)
int iter_in_subprog_direct(void *ctx)
{
	return subprog_with_loop(4);
}

char _license[] SEC("license") = "GPL";
