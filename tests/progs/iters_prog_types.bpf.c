// SPDX-License-Identifier: GPL-2.0
/*
 * The numbers iterator from every program type 6.1 lets call kfuncs:
 * syscall, tracing (fentry, fexit, tp_btf), LSM, XDP and TC.  XDP and TC
 * programs also run (BPF_PROG_TEST_RUN); the others are only loaded.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

/* Not upstream semantics: the machine `make check-upstream` runs on. */
#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"

int result;

/* sum of 0..4, through the iterator */
static __always_inline int sum5(void)
{
	int i, sum = 0;

	bpf_for(i, 0, 5)
		sum += i;
	return sum;
}

SEC("xdp")
__description("XDP program")
__success __retval(10)
int iter_xdp(struct xdp_md *ctx)
{
	return sum5();
}

SEC("tc")
__description("TC (sched_cls) program")
__success __retval(10)
int iter_tc(struct __sk_buff *skb)
{
	return sum5();
}

SEC("fentry/bpf_fentry_test1")
__description("fentry program")
__success
__upstream_differs(HOST_EPERM)
int BPF_PROG(iter_fentry, int a)
{
	result = sum5();	/* 6.1: tracing programs return 0 */
	return 0;
}

SEC("fexit/bpf_fentry_test1")
__description("fexit program")
__success
__upstream_differs(HOST_EPERM)
int BPF_PROG(iter_fexit, int a, int ret)
{
	result = sum5();
	return 0;
}

SEC("tp_btf/sys_enter")
__description("tp_btf program")
__success
int BPF_PROG(iter_tp_btf, struct pt_regs *regs, long id)
{
	result = sum5();
	return 0;
}

SEC("lsm/file_open")
__description("LSM program")
__success
__upstream_differs(HOST_EPERM)
int BPF_PROG(iter_lsm, struct file *file)
{
	result = sum5();
	return 0;
}

char _license[] SEC("license") = "GPL";
