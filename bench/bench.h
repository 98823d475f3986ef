/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the BPF side of the benchmarks. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

/* Hide x's value from clang, which would sum i in closed form. */
#define opaque(x) asm volatile("" : "+r"(x))

/*
 * XDP program @name: the sum of i over [0, @end) into the global "out" with
 * a C loop that clang unrolls as the pragma @unroll says.
 */
#define C_LOOP(name, end, unroll)				\
SEC("xdp")							\
int name(struct xdp_md *ctx)					\
{								\
	int i, e = (end);					\
	__u64 sum = 0;						\
								\
	_Pragma(unroll)						\
	for (i = 0; i < e; i++) {				\
		sum += i;					\
		opaque(sum);					\
	}							\
	out = sum;						\
	return XDP_PASS;					\
}

#endif
