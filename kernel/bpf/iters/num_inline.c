// SPDX-License-Identifier: GPL-2.0-only
/*
 * The numbers iterator's kfuncs as instructions, for the verifier to put in
 * place of their calls: in most loops a call costs more than the body.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include "num.h"

/**
 * bpf_iter_num_inline() - Instructions doing what a num iterator kfunc does
 * @imm: immediate of a fixed-up kfunc call (BPF_CALL_IMM() of its address)
 * @buf: room for BPF_ITER_NUM_INLINE_MAX instructions
 *
 * They work on the state through R1 exactly as bpf_iter_num_{new,next,
 * destroy}() do (num.c), and change only what a kfunc call clobbers:
 * R0-R5.  The functions stay for every other caller.
 *
 * Return: the number of instructions, 0 if @imm is not one of the trio.
 */
int bpf_iter_num_inline(s32 imm, struct bpf_insn *buf)
{
	struct bpf_insn *insn = buf;

	BUILD_BUG_ON(offsetof(struct bpf_iter_num_kern, cur) != 0 ||
		     offsetof(struct bpf_iter_num_kern, end) != 4);

	if (imm == BPF_CALL_IMM(bpf_iter_num_new)) {
		/* R1 = it, W2 = start, W3 = end */
		*insn++ = BPF_JMP32_REG(BPF_JSGT, BPF_REG_2, BPF_REG_3, 8);
		/* start <= end: end - start fits in 32 unsigned bits */
		*insn++ = BPF_MOV32_REG(BPF_REG_4, BPF_REG_3);
		*insn++ = BPF_ALU32_REG(BPF_SUB, BPF_REG_4, BPF_REG_2);
		*insn++ = BPF_JMP32_IMM(BPF_JGT, BPF_REG_4, BPF_MAX_LOOPS, 8);
		*insn++ = BPF_ALU32_IMM(BPF_SUB, BPF_REG_2, 1);
		*insn++ = BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, 0);
		*insn++ = BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, 4);
		*insn++ = BPF_MOV32_IMM(BPF_REG_0, 0);
		*insn++ = BPF_JMP_A(5);
		/* start > end */
		*insn++ = BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0);
		*insn++ = BPF_MOV32_IMM(BPF_REG_0, -EINVAL);
		*insn++ = BPF_JMP_A(2);
		/* more than BPF_MAX_LOOPS */
		*insn++ = BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0);
		*insn++ = BPF_MOV32_IMM(BPF_REG_0, -E2BIG);
	} else if (imm == BPF_CALL_IMM(bpf_iter_num_next)) {
		/* W2 = cur + 1, wrapping as in next() */
		*insn++ = BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0);
		*insn++ = BPF_ALU32_IMM(BPF_ADD, BPF_REG_2, 1);
		*insn++ = BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, 4);
		*insn++ = BPF_JMP32_REG(BPF_JSGE, BPF_REG_2, BPF_REG_3, 3);
		*insn++ = BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, 0);
		*insn++ = BPF_MOV64_REG(BPF_REG_0, BPF_REG_1);
		*insn++ = BPF_JMP_A(2);
		/* past the end: empty, and NULL */
		*insn++ = BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0);
		*insn++ = BPF_MOV64_IMM(BPF_REG_0, 0);
	} else if (imm == BPF_CALL_IMM(bpf_iter_num_destroy)) {
		*insn++ = BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0);
	}
	return insn - buf;
}
