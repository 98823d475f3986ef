// SPDX-License-Identifier: GPL-2.0
/*
 * An XDP program that drops UDP packets whose payload holds more than 8
 * ASCII digits (a crude card-number filter).  bpf_for_each(num, ...) walks
 * the first 64 payload offsets; each is checked against the end of the
 * packet before the byte is read.
 *
 * The count lives in memory, not in a register: a register counter that a
 * later branch needs exactly (digits > 8) would be a different value in
 * every iteration, and the loop would never converge (on upstream kernels
 * too).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf_iter_foreach.h"

#define ETH_P_IP	0x0800
#define MAX_SCAN	64
#define MAX_DIGITS	8

int digits;	/* digits found in the last packet, read by the loader */

SEC("xdp")
int xdp_digits(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u8 *payload = (void *)(udp + 1);
	int *off;

	if ((void *)payload > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	digits = 0;
	bpf_for_each(num, off, 0, MAX_SCAN) {
		__u8 *c = payload + (*off & (MAX_SCAN - 1));

		if (c + 1 > (__u8 *)end)
			break;
		if (*c >= '0' && *c <= '9')
			digits++;
	}
	return digits > MAX_DIGITS ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
