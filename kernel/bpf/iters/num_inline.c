// SPDX-License-Identifier: GPL-2.0-only
/*
 * The numbers iterator's kfuncs as instructions, for the verifier to put in
 * place of their calls: in most loops a call costs more than the body.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/string.h>
#include "num.h"

/* new(): R1 = it, W2 = start, W3 = end */
static const struct bpf_insn num_new_insns[] = {
	BPF_JMP32_REG(BPF_JSGT, BPF_REG_2, BPF_REG_3, 8),
	/* start <= end: end - start fits in 32 unsigned bits */
	BPF_MOV32_REG(BPF_REG_4, BPF_REG_3),
	BPF_ALU32_REG(BPF_SUB, BPF_REG_4, BPF_REG_2),
	BPF_JMP32_IMM(BPF_JGT, BPF_REG_4, BPF_MAX_LOOPS, 8),
	BPF_ALU32_IMM(BPF_SUB, BPF_REG_2, 1),
	BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, 0),
	BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, 4),
	BPF_MOV32_IMM(BPF_REG_0, 0),
	BPF_JMP_A(5),
	/* start > end */
	BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0),
	BPF_MOV32_IMM(BPF_REG_0, -EINVAL),
	BPF_JMP_A(2),
	/* more than BPF_MAX_LOOPS */
	BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0),
	BPF_MOV32_IMM(BPF_REG_0, -E2BIG),
};

/* next(): R1 = it */
static const struct bpf_insn num_next_insns[] = {
	/* W2 = cur + 1, wrapping as in next() */
	BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
	BPF_ALU32_IMM(BPF_ADD, BPF_REG_2, 1),
	BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, 4),
	BPF_JMP32_REG(BPF_JSGE, BPF_REG_2, BPF_REG_3, 3),
	BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, 0),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	BPF_JMP_A(2),
	/* past the end: empty, and NULL */
	BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0),
	BPF_MOV64_IMM(BPF_REG_0, 0),
};

/* destroy(): R1 = it */
static const struct bpf_insn num_destroy_insns[] = {
	BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0),
};

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
	const struct bpf_insn *insns;
	size_t size;

	BUILD_BUG_ON(offsetof(struct bpf_iter_num_kern, cur) != 0 ||
		     offsetof(struct bpf_iter_num_kern, end) != 4);
	BUILD_BUG_ON(sizeof(num_new_insns) > sizeof(*buf) * BPF_ITER_NUM_INLINE_MAX ||
		     sizeof(num_next_insns) > sizeof(*buf) * BPF_ITER_NUM_INLINE_MAX);

	if (imm == BPF_CALL_IMM(bpf_iter_num_new)) {
		insns = num_new_insns;
		size = sizeof(num_new_insns);
	} else if (imm == BPF_CALL_IMM(bpf_iter_num_next)) {
		insns = num_next_insns;
		size = sizeof(num_next_insns);
	} else if (imm == BPF_CALL_IMM(bpf_iter_num_destroy)) {
		insns = num_destroy_insns;
		size = sizeof(num_destroy_insns);
	} else {
		return 0;
	}
	memcpy(buf, insns, size);
	return size / sizeof(*buf);
}
