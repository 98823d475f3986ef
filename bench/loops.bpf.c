// SPDX-License-Identifier: GPL-2.0
/*
 * The same loop, the sum of i over [0, n), written five ways (the unrolled
 * one, which needs a compile-time count, is unroll.bpf.c).  n is set
 * before load, so one object serves every count: bench.c loads each
 * program on its own to read its verification cost, and test-runs them
 * all with one large n for the cost per iteration.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"
#include "bench.h"

const volatile int n = 10;
__u64 out;

SEC("xdp")
int k_for(struct xdp_md *ctx)
{
	int i, end = n;
	__u64 sum = 0;

	bpf_for(i, 0, end) {
		sum += i;
		opaque(sum);
	}
	out = sum;
	return XDP_PASS;
}

/* No counter: the body adds 1. */
SEC("xdp")
int k_repeat(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_repeat(n) {
		sum += 1;
		opaque(sum);
	}
	out = sum;
	return XDP_PASS;
}

static int add_idx(__u32 idx, void *ctx)
{
	*(__u64 *)ctx += idx;
	return 0;
}

/* The callback is a known constant: 6.1 inlines the bpf_loop() call. */
SEC("xdp")
int k_bpf_loop(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_loop(n, add_idx, &sum, 0);
	out = sum;
	return XDP_PASS;
}

/*
 * may_goto: the count kept in memory, which the verifier does not track,
 * so the loop converges at once; the kernel's may_goto counter bounds it.
 */
__u64 turns;

SEC("xdp")
int k_cond_break(struct xdp_md *ctx)
{
	__u64 sum = 0;

	turns = 0;
	for (;;) {
		cond_break;
		if (turns >= n)
			break;
		sum += turns;
		opaque(sum);
		turns++;
	}
	out = sum;
	return XDP_PASS;
}

/* The verifier walks every iteration: n is a known constant to it. */
C_LOOP(k_bounded, n, "clang loop unroll(disable)")

char _license[] SEC("license") = "GPL";
