// SPDX-License-Identifier: GPL-2.0
/*
 * Kfuncs registered before the boot-time self-test refused its malformed
 * sets are still callable: a stock 6.1 kfunc (net/bpf/test_run.c) and the
 * numbers iterator, both registered for syscall programs, the hook the
 * refused sets tried.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

extern void bpf_kfunc_call_test_mem_len_pass1(void *mem, int mem__sz) __weak __ksym;

SEC("syscall")
__description("stock kfunc still callable after refused registrations")
__success __retval(7)
__upstream_differs("upstream moved the test kfuncs to bpf_testmod.ko")
int stock_kfunc_callable(void *ctx)
{
	char buf[16] = {};

	bpf_kfunc_call_test_mem_len_pass1(buf, sizeof(buf));
	return 7;
}

SEC("syscall")
__description("iterator kfuncs still callable after refused registrations")
__success __retval(45)
int iter_kfuncs_callable(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, 10)
		sum += i;
	return sum;
}

char _license[] SEC("license") = "GPL";
