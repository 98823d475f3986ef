// SPDX-License-Identifier: GPL-2.0
/* EXT program replacing compute() of ext_target.bpf.c with an iterator loop. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

SEC("freplace/compute")
int new_compute(int n)
{
	int i, sum = 0;

	bpf_for(i, 0, n)
		sum += i;
	return sum;
}

char _license[] SEC("license") = "GPL";
