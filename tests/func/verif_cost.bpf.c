// SPDX-License-Identifier: GPL-2.0
/*
 * Programs for func/verif_cost: the same loop with the iteration count N
 * as a compile-time constant, so that only N differs between programs.
 * Nothing is attached or run; the test only loads them and reads how many
 * instructions the verifier processed.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

int out;

/* bpf_for: the body uses i, so i's range [0, N) is part of the state */
#define FOR_PROG(n)					\
SEC("syscall")						\
int for_##n(void *ctx)					\
{							\
	int i, sum = 0;					\
							\
	bpf_for(i, 0, n)				\
		sum += i;				\
	out = sum;					\
	return 0;					\
}

/* bpf_repeat: no counter at all */
#define REPEAT_PROG(n)					\
SEC("syscall")						\
int repeat_##n(void *ctx)				\
{							\
	int cnt = 0;					\
							\
	bpf_repeat(n)					\
		cnt++;					\
	out = cnt;					\
	return 0;					\
}

/* bounded C loop: the verifier walks every iteration */
#define CLOOP_PROG(n)					\
SEC("syscall")						\
int cloop_##n(void *ctx)				\
{							\
	int i, sum = 0;					\
							\
	_Pragma("nounroll")				\
	for (i = 0; i < n; i++)				\
		sum += bpf_get_prandom_u32() & 1;	\
	out = sum;					\
	return 0;					\
}

static int loop_cb(__u32 idx, void *ctx)
{
	int *sum = ctx;

	*sum += bpf_get_prandom_u32() & 1;
	return 0;
}

/* bpf_loop(): the callback is verified once (6.1) or as a loop (6.7+) */
#define BPF_LOOP_PROG(n)				\
SEC("syscall")						\
int bpf_loop_##n(void *ctx)				\
{							\
	int sum = 0;					\
							\
	bpf_loop(n, loop_cb, &sum, 0);			\
	out = sum;					\
	return 0;					\
}

FOR_PROG(10)
FOR_PROG(1000)
FOR_PROG(1000000)
REPEAT_PROG(10)
REPEAT_PROG(1000)
REPEAT_PROG(1000000)
CLOOP_PROG(10)
CLOOP_PROG(1000)
BPF_LOOP_PROG(10)
BPF_LOOP_PROG(1000)

char _license[] SEC("license") = "GPL";
