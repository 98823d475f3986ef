// SPDX-License-Identifier: GPL-2.0
/* Target of an EXT (freplace) program: compute() is replaced at run time. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__noinline int compute(int n)
{
	return -n;
}

SEC("syscall")
int run_compute(void *ctx)
{
	return compute(10);
}

char _license[] SEC("license") = "GPL";
