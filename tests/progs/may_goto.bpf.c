// SPDX-License-Identifier: GPL-2.0
/*
 * may_goto (BPF_JMP | BPF_JCOND, 0xe5) and upstream's can_loop and
 * cond_break: a loop condition the kernel ends after BPF_MAX_LOOPS turns
 * of a frame, so the verifier proves the loop converges instead of
 * bounding it.  Each program is run with BPF_PROG_TEST_RUN.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define TIMED "upstream 6.15+ times may_goto on x86: the count depends on the time"

char _license[] SEC("license") = "GPL";

int arr[16];
__u64 turns, limit = 100000;

SEC("syscall")
__description("can_loop: a loop the verifier cannot bound, ended by its data")
__success __retval(100000)
int can_loop_counts_in_memory(void *ctx)
{
	turns = 0;
	while (can_loop) {
		if (++turns == limit)
			break;
	}
	return turns;
}

SEC("syscall")
__description("cond_break: the counter runs out after BPF_MAX_LOOPS turns")
__success __retval(8388608)
__upstream_differs(TIMED)
int cond_break_runs_out(void *ctx)
{
	turns = 0;
	for (;;) {
		cond_break;
		turns++;
	}
	return turns;
}

SEC("syscall")
__description("cond_break: a bounded loop over an array")
__success __retval(120)
int cond_break_sum_array(void *ctx)
{
	int i, sum = 0;

	for (i = 0; i < 16; i++)
		arr[i] = i;
	for (i = 0; i < 16; i++) {
		sum += arr[i];
		cond_break;
	}
	return sum;
}

SEC("syscall")
__description("can_loop: an index past the array on the 17th turn")
__failure __msg("invalid access to map value, value_size={{[0-9]+}} off={{[0-9]+}} size=4")
int can_loop_index_overflows(void *ctx)
{
	int i = 0;

	while (can_loop) {
		arr[i] = 1;
		i++;
	}
	return 0;
}

SEC("syscall")
__description("can_loop: nested loops share the frame's counter")
__success __retval(300)
int can_loop_nested(void *ctx)
{
	__u64 outer = 0;

	turns = 0;
	while (can_loop && outer < 3) {
		__u64 inner = 0;

		while (can_loop && inner < 100) {
			turns++;
			inner++;
		}
		outer++;
	}
	return turns;
}

/* A count of the subprogram's own: each call may loop again. */
static __noinline int count_to(__u64 n)
{
	__u64 i = 0;

	while (can_loop && i < n)
		i++;
	return i;
}

SEC("syscall")
__description("can_loop: each frame has its counter")
__success __retval(30)
int can_loop_in_subprog(void *ctx)
{
	return count_to(10) + count_to(20);
}

SEC("syscall")
__description("may_goto with a nonzero immediate")
__failure __msg("invalid may_goto imm 1")
__naked int may_goto_bad_imm(void)
{
	asm volatile ("r0 = 0;"
		      ".byte 0xe5; .byte 0; .short 1; .long 1;"
		      "r0 = 1;"
		      "exit;" ::: __clobber_all);
}

SEC("syscall")
__description("may_goto with a source register")
__failure __msg("invalid may_goto imm 0")
__naked int may_goto_bad_src(void)
{
	asm volatile ("r0 = 0;"
		      ".byte 0xe5; .byte 0x10; .short 1; .long 0;"
		      "r0 = 1;"
		      "exit;" ::: __clobber_all);
}

SEC("syscall")
__description("may_goto with a destination register")
__failure __msg("invalid may_goto imm 0")
__naked int may_goto_bad_dst(void)
{
	asm volatile ("r0 = 0;"
		      ".byte 0xe5; .byte 0x01; .short 1; .long 0;"
		      "r0 = 1;"
		      "exit;" ::: __clobber_all);
}

SEC("syscall")
__description("may_goto out of the program")
__failure __msg("jump out of range from insn 1 to 5")
__naked int may_goto_out_of_range(void)
{
	asm volatile ("r0 = 0;"
		      ".byte 0xe5; .byte 0; .short 3; .long 0;"
		      "r0 = 1;"
		      "exit;" ::: __clobber_all);
}

SEC("syscall")
__description("may_goto with a zero offset: both ways to the next insn")
__success __retval(1)
__naked int may_goto_zero_off(void)
{
	asm volatile ("r0 = 0;"
		      ".byte 0xe5; .byte 0; .short 0; .long 0;"
		      "r0 = 1;"
		      "exit;" ::: __clobber_all);
}

SEC("syscall")
__description("may_goto in a loop back to the first insn: the count is not reset")
__success __retval(8388609)
__upstream_differs(TIMED)
__naked int may_goto_loop_to_entry(void)
{
	/* the body runs once more than may_goto falls through */
	asm volatile ("l0_%=: r1 = %[turns] ll;"
		      "r2 = *(u64 *)(r1 + 0);"
		      "r2 += 1;"
		      "*(u64 *)(r1 + 0) = r2;"
		      ".byte 0xe5; .byte 0; .short 1; .long 0;"
		      "goto l0_%=;"
		      "r0 = *(u64 *)(r1 + 0);"
		      "exit;"
		      :: __imm_addr(turns) : __clobber_all);
}
