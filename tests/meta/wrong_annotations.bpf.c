// SPDX-License-Identifier: GPL-2.0
/* Deliberately wrong expectations: the runner must report every program
 * here as failed (func/runner_catches_wrong_annotations checks it).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

SEC("syscall")
__description("rejected program annotated __success")
__success
__naked int rejected_but_success(void)
{
	asm volatile ("r0 = *(u64 *)(r10 - 520); exit;" ::: __clobber_all);
}

SEC("syscall")
__description("accepted program annotated __failure")
__failure
int accepted_but_failure(void *ctx)
{
	return 0;
}

SEC("syscall")
__description("rejection with a message that is not in the log")
__failure __msg("this text is not in any verifier log")
__naked int wrong_msg(void)
{
	asm volatile ("r0 = *(u64 *)(r10 - 520); exit;" ::: __clobber_all);
}

SEC("syscall")
__description("messages present but in the wrong order")
__failure __msg("size=8") __msg("invalid read from stack")
__naked int msgs_out_of_order(void)
{
	asm volatile ("r0 = *(u64 *)(r10 - 520); exit;" ::: __clobber_all);
}

SEC("syscall")
__description("wrong return value")
__success __retval(1)
int wrong_retval(void *ctx)
{
	return 2;
}

SEC("syscall")
__description("annotation the runner does not know")
__success __attribute__((btf_decl_tag("comment:test_expect_something_new")))
int unknown_annotation(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
