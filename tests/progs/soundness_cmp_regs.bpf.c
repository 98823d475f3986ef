// SPDX-License-Identifier: GPL-2.0
/* Patch 0003: bounds from comparing two non-constant scalars.  Each program
 * is unsafe and must be rejected.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

#define RND "call %[bpf_get_prandom_u32];"

/* w1 < w2 bounds only the low 32 bits of r1 */
SEC("syscall")
__description("cmp regs: jmp32 does not bound the upper half")
__failure __msg("unbounded min value")
__naked int cmp_jmp32_upper(void)
{
	asm volatile (
		RND "r6 = r0;" "r6 <<= 32;" RND "r6 |= r0;"	/* r6: any 64-bit */
		RND "r7 = r0;" "r7 &= 7;"			/* r7 in [0, 7] */
		"if w6 >= w7 goto l_out_%=;"			/* w6 < w7 */
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r6;"
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

/* signed compare does not bound unsigned: r6 s< r7 with r7 in [0, 8]
 * leaves r6 negative
 */
SEC("syscall")
__description("cmp regs: signed less-than leaves negatives")
__failure __msg("unbounded min value")
__naked int cmp_signed_neg(void)
{
	asm volatile (
		RND "r6 = r0;" "r6 <<= 32;" RND "r6 |= r0;"
		RND "r7 = r0;" "r7 &= 8;"
		"if r6 s>= r7 goto l_out_%=;"
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r6;"
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

/* fallthrough of r6 > r7 is r6 <= r7: r6 may equal r7's max, 15 */
SEC("syscall")
__description("cmp regs: non-strict bound is inclusive")
__failure __msg("invalid variable-offset write to stack R1")
__naked int cmp_inclusive(void)
{
	asm volatile (
		RND "r6 = r0;"
		RND "r7 = r0;" "r7 &= 15;" "r7 += 1;"	/* [1, 16] */
		"if r6 > r7 goto l_out_%=;"
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r6;"		/* r6 == 16 reaches fp+0 */
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

/* linked registers: r7 = r6; if r6 < r7 is never taken, but the taken
 * branch must not teach anything wrong to the fall-through
 */
SEC("syscall")
__description("cmp regs: 32-bit unsigned wrap, w6 u< w7 with w7 = 0 is dead")
__failure __msg("makes fp pointer be out of bounds")
__naked int cmp_u32_wrap(void)
{
	asm volatile (
		RND "r6 = r0;"
		RND "r7 = r0;" "r7 &= 1;"		/* w7 in [0, 1] */
		"if w6 < w7 goto l_t_%=;"
		"r0 = 0;"
		"exit;"
	"l_t_%=:"					/* w6 == 0 here */
		"r6 += 1;"			/* r6 64-bit may be big: upper bits */
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r6;"
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

/* signed 32: w6 s> w7 with w7 in [-1, 0]: w6 >= 0, but 64-bit r6 is any */
SEC("syscall")
__description("cmp regs: jmp32 signed, upper bits stay unknown")
__failure __msg("unbounded min value")
__naked int cmp_s32_upper(void)
{
	asm volatile (
		RND "r6 = r0;" "r6 <<= 32;" RND "r6 |= r0;"
		RND "r7 = r0;" "r7 &= 1;" "r7 -= 1;"	/* [-1, 0] 64-bit */
		"if w6 s<= w7 goto l_out_%=;"
		"if w6 s> 8 goto l_out_%=;"
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r6;"
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

/* a correct use: accepted (control) */
SEC("syscall")
__description("cmp regs: control, r6 < r7 <= 8 indexes 8 bytes")
__success
__naked int cmp_ok(void)
{
	asm volatile (
		RND "r6 = r0;"
		RND "r7 = r0;" "r7 &= 7;" "r7 += 1;"
		"if r6 >= r7 goto l_out_%=;"
		"r1 = r10;"
		"r1 += -8;"
		"r1 += r6;"
		"r0 = 0;"
		"*(u8 *)(r1 + 0) = r0;"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

char _license[] SEC("license") = "GPL";
