// SPDX-License-Identifier: GPL-2.0
/*
 * The numbers iterator from every BPF program type of 6.1: the iterator
 * kfuncs are registered on the common kfunc hook.  Program types that
 * BPF_PROG_TEST_RUN supports run (__retval); the others load, and
 * tests/func/prog_types.c attaches and triggers the ones the VM can
 * trigger.  EXT programs are tested there too (they need a target).
 * A kfunc registered for other program types stays refused.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

/* Not upstream semantics: the machine `make check-upstream` runs on. */
#define HOST_EPERM "the host kernel refuses fentry, fexit and LSM programs with EPERM"

#define SK_PASS 1
#define BPF_OK 0

int result;

/* sum of 0..4, through the iterator */
static __always_inline int sum5(void)
{
	int i, sum = 0;

	bpf_for(i, 0, 5)
		sum += i;
	return sum;
}

/* Programs that BPF_PROG_TEST_RUN runs: the loop's result comes back. */

SEC("syscall")
__description("syscall program")
__success __retval(10)
int iter_syscall(void *ctx)
{
	return sum5();
}

SEC("xdp")
__description("XDP program")
__success __retval(10)
int iter_xdp(struct xdp_md *ctx)
{
	return sum5();
}

SEC("tc")
__description("TC classifier (sched_cls) program")
__success __retval(10)
int iter_tc(struct __sk_buff *skb)
{
	return sum5();
}

SEC("action")
__description("TC action (sched_act) program")
__success __retval(10)
int iter_tc_action(struct __sk_buff *skb)
{
	return sum5();
}

SEC("socket")
__description("socket filter program")
__success __retval(10)
int iter_socket(struct __sk_buff *skb)
{
	return sum5();
}

SEC("cgroup_skb/ingress")
__description("cgroup_skb program")
__success __retval(1)
int iter_cgroup_skb(struct __sk_buff *skb)
{
	return sum5() == 10;
}

SEC("lwt_in")
__description("lwt_in program")
__success __retval(10)
int iter_lwt_in(struct __sk_buff *skb)
{
	return sum5();
}

SEC("lwt_out")
__description("lwt_out program")
__success __retval(10)
int iter_lwt_out(struct __sk_buff *skb)
{
	return sum5();
}

SEC("lwt_xmit")
__description("lwt_xmit program")
__success __retval(10)
int iter_lwt_xmit(struct __sk_buff *skb)
{
	return sum5();
}

SEC("raw_tp/sys_enter")
__description("raw_tp program")
__success __retval(10)
int iter_raw_tp(void *ctx)
{
	return sum5();
}

/* Programs that only load here. */

SEC("kprobe/__x64_sys_getpgid")
__description("kprobe program")
__success
int iter_kprobe(struct pt_regs *regs)
{
	result = sum5();
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
__description("tracepoint program")
__success
int iter_tracepoint(void *ctx)
{
	result = sum5();
	return 0;
}

SEC("perf_event")
__description("perf_event program")
__success
int iter_perf_event(struct bpf_perf_event_data *ctx)
{
	result = sum5();
	return 0;
}

SEC("raw_tp.w/sys_enter")
__description("writable raw_tp program")
__success
int iter_raw_tp_writable(void *ctx)
{
	result = sum5();
	return 0;
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

SEC("cgroup/sock_create")
__description("cgroup_sock program")
__success
int iter_cgroup_sock(struct bpf_sock *sk)
{
	return sum5() == 10;
}

SEC("cgroup/connect4")
__description("cgroup_sock_addr program")
__success
int iter_cgroup_sock_addr(struct bpf_sock_addr *ctx)
{
	return sum5() == 10;
}

SEC("cgroup/dev")
__description("cgroup_device program")
__success
int iter_cgroup_dev(struct bpf_cgroup_dev_ctx *ctx)
{
	return sum5() == 10;
}

SEC("cgroup/sysctl")
__description("cgroup_sysctl program")
__success
int iter_cgroup_sysctl(struct bpf_sysctl *ctx)
{
	return sum5() == 10;
}

SEC("cgroup/getsockopt")
__description("cgroup_sockopt program")
__success
int iter_cgroup_sockopt(struct bpf_sockopt *ctx)
{
	return sum5() == 10;
}

SEC("sockops")
__description("sock_ops program")
__success
int iter_sockops(struct bpf_sock_ops *ctx)
{
	return sum5() == 10;
}

SEC("sk_skb/stream_verdict")
__description("sk_skb program")
__success
int iter_sk_skb(struct __sk_buff *skb)
{
	return sum5() == 10 ? SK_PASS : 0;
}

SEC("sk_msg")
__description("sk_msg program")
__success
int iter_sk_msg(struct sk_msg_md *msg)
{
	return sum5() == 10 ? SK_PASS : 0;
}

SEC("sk_reuseport")
__description("sk_reuseport program")
__success
int iter_sk_reuseport(struct sk_reuseport_md *ctx)
{
	return sum5() == 10 ? SK_PASS : 0;
}

SEC("sk_lookup")
__description("sk_lookup program")
__success
int iter_sk_lookup(struct bpf_sk_lookup *ctx)
{
	return sum5() == 10 ? SK_PASS : 0;
}

SEC("flow_dissector")
__description("flow_dissector program")
__success
int iter_flow_dissector(struct __sk_buff *skb)
{
	return sum5() == 10 ? BPF_OK : -1;
}

SEC("lwt_seg6local")
__description("lwt_seg6local program")
__success
int iter_lwt_seg6local(struct __sk_buff *skb)
{
	return sum5() == 10 ? BPF_OK : -1;
}

SEC("lirc_mode2")
__description("lirc_mode2 program")
__success
__upstream_differs("the host kernel is built without CONFIG_BPF_LIRC_MODE2")
int iter_lirc_mode2(unsigned int *sample)
{
	result = sum5();
	return 0;
}

SEC("struct_ops/test_1")
__description("struct_ops program")
__success
int BPF_PROG(iter_struct_ops, struct bpf_dummy_ops_state *state)
{
	result = sum5();
	return 0;
}

SEC(".struct_ops")
struct bpf_dummy_ops iter_dummy_ops = {
	.test_1 = (void *)iter_struct_ops,
};

/* Per-type gates stay: a test kfunc 6.1 registers for TC, tracing and
 * syscall programs only.
 */
extern void bpf_kfunc_call_test_mem_len_pass1(void *mem, int mem__sz) __weak __ksym;

SEC("kprobe/__x64_sys_getpgid")
__description("kfunc registered for other program types is refused in kprobe")
__failure __msg("calling kernel function bpf_kfunc_call_test_mem_len_pass1 is not allowed")
__upstream_differs("upstream moved the test kfuncs to bpf_testmod.ko")
int other_types_kfunc_in_kprobe(struct pt_regs *regs)
{
	char buf[16] = {};

	bpf_kfunc_call_test_mem_len_pass1(buf, sizeof(buf));
	return 0;
}

char _license[] SEC("license") = "GPL";
