// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator loops in program types that run when something happens in the
 * kernel; each stores the sum 0 + 1 + ... + (n - 1) computed with bpf_for(),
 * a different n per type, for tests/func/prog_types.c to check.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"

int target_pid;
int kprobe_sum, tp_sum, perf_sum, sock_sum, cgskb_sum;
int kprobe_hits, tp_hits, perf_hits, sock_hits, cgskb_hits;

static __always_inline int sum_below(int n)
{
	int i, sum = 0;

	bpf_for(i, 0, n)
		sum += i;
	return sum;
}

static __always_inline bool is_target(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == target_pid;
}

SEC("kprobe/__x64_sys_getpgid")
int iter_kprobe(struct pt_regs *regs)
{
	if (is_target()) {
		kprobe_sum = sum_below(10);
		kprobe_hits++;
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int iter_tracepoint(void *ctx)
{
	if (is_target()) {
		tp_sum = sum_below(20);
		tp_hits++;
	}
	return 0;
}

SEC("perf_event")
int iter_perf_event(struct bpf_perf_event_data *ctx)
{
	perf_sum = sum_below(30);
	perf_hits++;
	return 0;
}

/* keeps sum_below(4) = 6 bytes of each datagram */
SEC("socket")
int iter_socket_filter(struct __sk_buff *skb)
{
	sock_sum = sum_below(4);
	sock_hits++;
	return sock_sum;
}

SEC("cgroup_skb/egress")
int iter_cgroup_skb(struct __sk_buff *skb)
{
	cgskb_sum = sum_below(50);
	cgskb_hits++;
	return 1;
}

char _license[] SEC("license") = "GPL";
