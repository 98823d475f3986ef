// SPDX-License-Identifier: GPL-2.0
/*
 * Callbacks verified as loops (no iterators involved).
 *
 * The question iterator convergence answers (has the loop body seen every
 * state it can run in?) arises for bpf_loop() callbacks too: a callback
 * can run up to nr_loops times and a later run sees what an earlier one
 * stored through its context pointer.  6.1 verifies a callback body once;
 * upstream verifies callbacks like iterator loops since 6.7, and since
 * f597664454bd ("bpf: bpf_scc_visit instance and backedges accumulation
 * for bpf_loop()", Dec 2025) also propagates marks along their back edges.
 *
 * The expectation below is the sound one.  The 6.1 port (which refuses
 * iterator kfuncs in callbacks but does not model callbacks as loops) and
 * upstream kernels without f597664454bd, such as the 6.18 this was written
 * against, both accept the program.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

/*
 *	fp[-8] = random(); fp[-16] = -32;
 *	bpf_loop(7, use_then_change_cb, fp, 0);
 *
 *	use_then_change_cb(i, ctx) {
 *		if (unlikely)
 *			*(u64 *)(own fp + ctx[-16]) = 42;  // aligned...
 *		if (unlikely)
 *			ctx[-16] = -36;                   // ...not on the next run
 *	}
 */
SEC("syscall")
__description("bpf_loop() callback run again after it changed a stack offset")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__upstream_differs("accepted by kernels without f597664454bd (Dec 2025): marks of callback loop states were incomplete")
__msg("{{(misaligned stack access off [^ ]*\\+-36\\+0 size 8|math between fp pointer and register with unbounded min value)}}")
__naked int callback_reruns_with_changed_offset(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"*(u64 *)(r10 - 8) = r0;"
		"r1 = -32;"
		"*(u64 *)(r10 - 16) = r1;"
		"r1 = 7;"
		"r2 = use_then_change_cb ll;"
		"r3 = r10;"
		"r4 = 0;"
		"call %[bpf_loop];"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_loop), __imm(bpf_get_prandom_u32) : __clobber_all);
}

__used __naked static int use_then_change_cb(void)
{
	asm volatile (
		"r9 = r2;"
		"r8 = *(u64 *)(r9 - 8);"
		"r6 = *(u64 *)(r9 - 16);"
		"call %[bpf_get_prandom_u32];"
		"if r0 > r8 goto l_use_%=;"
	"l_second_%=:"
		"call %[bpf_get_prandom_u32];"
		"if r0 > r8 goto l_change_%=;"
	"l_ret_%=:"
		"r0 = 0;"
		"exit;"
	"l_use_%=:"
		"r1 = r10;"
		"r1 += r6;"
		"r2 = 42;"
		"*(u64 *)(r1 + 0) = r2;"
		"goto l_second_%=;"
	"l_change_%=:"
		"r1 = -36;"
		"*(u64 *)(r9 - 16) = r1;"
		"goto l_ret_%=;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

char _license[] SEC("license") = "GPL";
