/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_iter_num calls for tests written in BPF assembly: the iterator state
 * at fp+off, the range [0, hi).  Include after bpf_iter_foreach.h.
 */
#ifndef __ITER_NUM_ASM_H
#define __ITER_NUM_ASM_H

/* clang emits BTF for kfuncs referenced only from asm if C code calls them. */
__used static void kfunc_btf_anchor(void)
{
	bpf_repeat(0);
}

#define NEW(off, hi)	"r1 = r10; r1 += " #off "; r2 = 0; r3 = " #hi ";" \
			"call %[bpf_iter_num_new];"
#define NEXT(off)	"r1 = r10; r1 += " #off "; call %[bpf_iter_num_next];"
#define DESTROY(off)	"r1 = r10; r1 += " #off "; call %[bpf_iter_num_destroy];"
#define KFUNCS		__imm(bpf_iter_num_new), __imm(bpf_iter_num_next), \
			__imm(bpf_iter_num_destroy), __imm(bpf_get_prandom_u32)

#endif
