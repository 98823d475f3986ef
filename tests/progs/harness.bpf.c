// SPDX-License-Identifier: GPL-2.0
/* The annotation mechanism in both directions: one expected rejection with
 * its message, one expected success with a checked return value.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

SEC("syscall")
__description("stack read below the 512-byte frame is rejected")
__failure __msg("invalid read from stack R10 off=-520 size=8")
__naked int stack_oob_read(void)
{
	asm volatile ("r0 = *(u64 *)(r10 - 520);"
		      "exit;"
		      ::: __clobber_all);
}

SEC("syscall")
__description("syscall program returns 42 through BPF_PROG_TEST_RUN")
__success __retval(42)
int retval_42(void *ctx)
{
	return 42;
}

SEC("xdp")
__description("xdp program sees the 64-byte test packet")
__success __retval(TEST_DATA_LEN)
int xdp_pkt_len(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data;
}

char _license[] SEC("license") = "GPL";
