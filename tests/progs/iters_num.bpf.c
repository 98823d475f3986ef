// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_num at run time: what bpf_iter_num_new() returns and which
 * elements bpf_iter_num_next() yields, at the edges of the int range and of
 * the BPF_MAX_LOOPS cap.  Every program is run with BPF_PROG_TEST_RUN and
 * reports through its return value:
 *  - walk() checks a range against its expected result and returns the
 *    bitmask of checks that held (WALK_OK, 31, when all did: __retval()
 *    takes literals);
 *  - the sum tests return the sum (or its offset from a big base), or a
 *    negative code below -1000 naming the failed checks.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#ifndef INT_MAX
#define INT_MAX		__INT_MAX__
#endif
/* an enum in vmlinux BTF, as upstream */
#define MAX_ELEMS	BPF_MAX_LOOPS
#define E2BIG_		7
#define EINVAL_		22

/* walk() result bits */
#define RC_OK		0x01	/* _new() returned what was expected */
#define CNT_OK		0x02	/* as many elements as expected */
#define SEQ_OK		0x04	/* each element is the previous one + 1 */
#define FIRST_OK	0x08	/* the first element is start (if any) */
#define STICKY_OK	0x10	/* _next() after the end is NULL again */
#define WALK_OK		0x1f

struct walk_out {
	long long sum;
	int last;
};

/*
 * The verifier must not know the values the results are compared with:
 * a comparison of a known counter with a known constant decides a branch,
 * which makes the counter precise, and a precise counter has a different
 * value on every iteration, so loop states would never converge.  Adding
 * a global it cannot see through keeps them unknown.
 */
static volatile int zero;
#define OPAQUE(x)	((x) + zero)

/*
 * Walk [start, end) by hand and check it against the expected result.
 * Loop-carried values are only incremented, or-ed or compared with unknown
 * values, so the verifier can forget their exact values.
 */
static __always_inline int walk(int start, int end, int want_rc, int want_cnt,
				struct walk_out *out)
{
	int rc, cnt = 0, bad = 0, first, *v;
	unsigned int prev;	/* start - 1 wraps for INT_MIN */
	struct bpf_iter_num it;
	long long sum = 0;
	int res = 0;

	prev = OPAQUE((unsigned int)start - 1);
	first = prev;
	rc = bpf_iter_num_new(&it, start, end);
	v = bpf_iter_num_next(&it);
	if (v)
		first = *v;
	while (v) {
		bad |= (unsigned int)*v != prev + 1;
		prev = *v;
		sum += *v;
		cnt++;
		v = bpf_iter_num_next(&it);
	}
	if (!bpf_iter_num_next(&it))
		res |= STICKY_OK;
	bpf_iter_num_destroy(&it);

	if (rc == OPAQUE(want_rc))
		res |= RC_OK;
	if (cnt == OPAQUE(want_cnt))
		res |= CNT_OK;
	if (!bad)
		res |= SEQ_OK;
	if (want_cnt == 0 || first == OPAQUE(start))
		res |= FIRST_OK;
	if (out) {
		out->sum = sum;
		out->last = prev;
	}
	return res;
}

/* Empty ranges: _new() succeeds, nothing comes out. */

SEC("syscall")
__description("num: empty range [0, 0)")
__success __retval(31)
int num_empty_zero(void *ctx)
{
	return walk(0, 0, 0, 0, NULL);
}

SEC("syscall")
__description("num: empty range [INT_MIN, INT_MIN)")
__success __retval(31)
int num_empty_int_min(void *ctx)
{
	return walk(INT_MIN, INT_MIN, 0, 0, NULL);
}

SEC("syscall")
__description("num: empty range [INT_MAX, INT_MAX)")
__success __retval(31)
int num_empty_int_max(void *ctx)
{
	return walk(INT_MAX, INT_MAX, 0, 0, NULL);
}

SEC("syscall")
__description("num: empty range [-1, -1)")
__success __retval(31)
int num_empty_minus_one(void *ctx)
{
	return walk(-1, -1, 0, 0, NULL);
}

/* One element. */

SEC("syscall")
__description("num: single element [INT_MAX - 1, INT_MAX) is INT_MAX - 1")
__success __retval(31)
int num_single_below_int_max(void *ctx)
{
	struct walk_out o;
	int res = walk(INT_MAX - 1, INT_MAX, 0, 1, &o);

	return o.last == OPAQUE(INT_MAX - 1) ? res : -1000 - res;
}

SEC("syscall")
__description("num: single element [INT_MIN, INT_MIN + 1) is INT_MIN")
__success __retval(31)
int num_single_int_min(void *ctx)
{
	struct walk_out o;
	int res = walk(INT_MIN, INT_MIN + 1, 0, 1, &o);

	return o.last == OPAQUE(INT_MIN) ? res : -1000 - res;
}

/* Sums: the return value is the sum, offset where it does not fit. */

SEC("syscall")
__description("num: [INT_MAX - 3, INT_MAX) sums to 3 * INT_MAX - 6, no overflow")
__success __retval(-6)
int num_sum_top(void *ctx)
{
	struct walk_out o;
	int res = walk(INT_MAX - 3, INT_MAX, 0, 3, &o);

	if (res != WALK_OK || o.last != OPAQUE(INT_MAX - 1))
		return -1000 - res;
	return o.sum - 3LL * INT_MAX;
}

SEC("syscall")
__description("num: [INT_MIN, INT_MIN + 3) sums to 3 * INT_MIN + 3")
__success __retval(3)
int num_sum_bottom(void *ctx)
{
	struct walk_out o;
	int res = walk(INT_MIN, INT_MIN + 3, 0, 3, &o);

	if (res != WALK_OK)
		return -1000 - res;
	return o.sum - 3LL * INT_MIN;
}

SEC("syscall")
__description("num: negative range [-5, -1) sums to -14")
__success __retval(-14)
int num_sum_negative(void *ctx)
{
	struct walk_out o;
	int res = walk(-5, -1, 0, 4, &o);

	return res == WALK_OK ? o.sum : -1000 - res;
}

SEC("syscall")
__description("num: range across zero [-3, 3) sums to -3")
__success __retval(-3)
int num_sum_across_zero(void *ctx)
{
	struct walk_out o;
	int res = walk(-3, 3, 0, 6, &o);

	return res == WALK_OK ? o.sum : -1000 - res;
}

SEC("syscall")
__description("num: 1000 elements [0, 1000) sum to 499500")
__success __retval(499500)
int num_sum_1000(void *ctx)
{
	struct walk_out o;
	int res = walk(0, 1000, 0, 1000, &o);

	return res == WALK_OK ? o.sum : -1000 - res;
}

/* Invalid ranges: an error and an empty iterator that is still destroyed. */

SEC("syscall")
__description("num: start > end gives -EINVAL and nothing")
__success __retval(22)
int num_start_after_end(void *ctx)
{
	int res = walk(5, 4, -EINVAL_, 0, NULL);

	return res == WALK_OK ? EINVAL_ : -1000 - res;
}

SEC("syscall")
__description("num: [INT_MAX, INT_MIN) gives -EINVAL")
__success __retval(31)
int num_max_to_min(void *ctx)
{
	return walk(INT_MAX, INT_MIN, -EINVAL_, 0, NULL);
}

SEC("syscall")
__description("num: exactly BPF_MAX_LOOPS elements [0, 8M) are allowed")
__success __retval(8388608)
int num_max_elems(void *ctx)
{
	struct walk_out o;
	int res = walk(0, MAX_ELEMS, 0, MAX_ELEMS, &o);

	if (res != WALK_OK || o.last != OPAQUE(MAX_ELEMS - 1))
		return -1000 - res;
	return o.last + 1;
}

SEC("syscall")
__description("num: BPF_MAX_LOOPS elements ending at INT_MAX are allowed")
__success __retval(31)
int num_max_elems_top(void *ctx)
{
	struct walk_out o;
	int res = walk(INT_MAX - MAX_ELEMS, INT_MAX, 0, MAX_ELEMS, &o);

	return o.last == OPAQUE(INT_MAX - 1) ? res : -1000 - res;
}

SEC("syscall")
__description("num: BPF_MAX_LOOPS + 1 elements give -E2BIG and nothing")
__success __retval(7)
int num_one_too_many(void *ctx)
{
	int res = walk(0, MAX_ELEMS + 1, -E2BIG_, 0, NULL);

	return res == WALK_OK ? E2BIG_ : -1000 - res;
}

SEC("syscall")
__description("num: BPF_MAX_LOOPS + 1 elements across zero give -E2BIG")
__success __retval(31)
int num_one_too_many_negative(void *ctx)
{
	return walk(-1, MAX_ELEMS, -E2BIG_, 0, NULL);
}

SEC("syscall")
__description("num: the whole int range gives -E2BIG (no 32-bit overflow)")
__success __retval(31)
int num_whole_int_range(void *ctx)
{
	return walk(INT_MIN, INT_MAX, -E2BIG_, 0, NULL);
}

/* _next() once the range is exhausted, and after a failed _new(). */

SEC("syscall")
__description("num: sticky NULL, 10 calls on [0, 3) give 3 elements and 7 NULLs")
__success __retval(307)
int num_overfetch(void *ctx)
{
	struct bpf_iter_num it;
	int got = 0, nulls = 0;

	bpf_iter_num_new(&it, 0, 3);
	bpf_repeat(10) {
		if (bpf_iter_num_next(&it))
			got++;
		else
			nulls++;
	}
	bpf_iter_num_destroy(&it);
	return got * 100 + nulls;
}

SEC("syscall")
__description("num: nothing after a failed new (-EINVAL), even when asked 5 times")
__success __retval(22)
int num_nothing_after_einval(void *ctx)
{
	struct bpf_iter_num it;
	int rc, got = 0;

	rc = bpf_iter_num_new(&it, 10, 0);
	bpf_repeat(5) {
		if (bpf_iter_num_next(&it))
			got++;
	}
	bpf_iter_num_destroy(&it);
	/* arithmetic, not "got ? ... : ...": see OPAQUE() */
	return got * 1000 - rc;
}

SEC("syscall")
__description("num: nothing after a failed new (-E2BIG), even when asked 5 times")
__success __retval(7)
int num_nothing_after_e2big(void *ctx)
{
	struct bpf_iter_num it;
	int rc, got = 0;

	rc = bpf_iter_num_new(&it, INT_MIN, 0);
	bpf_repeat(5) {
		if (bpf_iter_num_next(&it))
			got++;
	}
	bpf_iter_num_destroy(&it);
	return got * 1000 - rc;
}

SEC("syscall")
__description("num: bpf_for over an invalid range runs no iteration")
__success __retval(0)
int num_bpf_for_invalid(void *ctx)
{
	int i, got = 0;

	bpf_for(i, 3, -3)
		got++;
	bpf_for(i, 0, MAX_ELEMS + 1)
		got++;
	return got;
}

SEC("syscall")
__description("num: two next() calls outside a loop give start and start + 1")
__success __retval(12)
int num_element_is_snapshot(void *ctx)
{
	struct bpf_iter_num it;
	int a = -1, b = -1, *v;

	bpf_iter_num_new(&it, 5, 10);
	v = bpf_iter_num_next(&it);
	if (v)
		a = *v;
	v = bpf_iter_num_next(&it);
	if (v)
		b = *v;
	bpf_iter_num_destroy(&it);
	return a + b + 1;
}

char _license[] SEC("license") = "GPL";
