// SPDX-License-Identifier: GPL-2.0
/* Loader for xdp_digits.bpf.c: run it on a few UDP packets. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_digits.skel.h"

static int run(struct xdp_digits_bpf *skel, const char *text)
{
	struct { struct ethhdr eth; struct iphdr ip; struct udphdr udp; char data[64]; }
		__attribute__((packed)) pkt = {
		.eth.h_proto = htons(ETH_P_IP),
		.ip = { .version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP },
	};
	size_t len = strlen(text);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &pkt,
		    .data_size_in = sizeof(pkt) - sizeof(pkt.data) + len, .repeat = 1);

	memcpy(pkt.data, text, len);
	pkt.ip.tot_len = htons(sizeof(pkt.ip) + sizeof(pkt.udp) + len);
	pkt.udp.len = htons(sizeof(pkt.udp) + len);
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdp_digits), &opts))
		return -1;
	printf("%-36s %2d digits  %s\n", text, skel->bss->digits,
	       opts.retval == XDP_DROP ? "XDP_DROP" : opts.retval == XDP_PASS ?
	       "XDP_PASS" : "?");
	return 0;
}

int main(void)
{
	static const char *const payloads[] = {
		"hello, world",
		"call 555-0100 after 6",
		"card 4111 1111 1111 1111 exp 12/29",
	};
	struct xdp_digits_bpf *skel = xdp_digits_bpf__open_and_load();
	size_t i;
	int err = 0;

	if (!skel)
		return 1;
	printf("%-36s %s\n", "UDP payload", "verdict");
	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]) && !err; i++)
		err = run(skel, payloads[i]);
	xdp_digits_bpf__destroy(skel);
	return err ? 1 : 0;
}
