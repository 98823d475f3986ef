// SPDX-License-Identifier: GPL-2.0
/* Regression test (found in review): loading this crashed the verifier
 * (KASAN use-after-free) until eviction kept states back-edges point to.
 *
 * A finished state of an earlier visit of a loop (same SCC, same call
 * chain) is cleaned (REG_LIVE_DONE) while the new visit has no back-edge
 * yet; once the new visit has one, that state counts as having incomplete
 * marks, a path of the new visit is pruned against it and it becomes the
 * equal_state of a back-edge.  Later misses evict it, and since it is
 * REG_LIVE_DONE is_state_visited() frees it at once; propagate_backedges()
 * then reads the freed state when the visit ends.
 *
 *	r7 = random() ? 100 : -10000;	// second visit: r7 < 0
 *	while (next(it)) {
 *		if (random() == 7) {		// M
 *			if (r7 > 0) break;
 *			r7 += 500;		// -9500 ... 500: misses
 *		}
 *		if (random() == 42)		// B
 *			r7 = 2990;		// equal to the first visit's
 *	}
 * The program is safe: the test passes when it loads without a splat.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"
#include "iter_num_asm.h"

SEC("syscall")
__description("evicted REG_LIVE_DONE state used as a back-edge's equal state")
__success __flag(BPF_F_TEST_STATE_FREQ)
__naked int evict_backedge_equal_state(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"if r0 == 0 goto l_p2_%=;"
		"r7 = 100;"
		"goto l_s_%=;"
	"l_p2_%=:"
		"r7 = -10000;"
	"l_s_%=:"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_done_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 7 goto l_m_%=;"
	"l_r_%=:"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 42 goto l_b_%=;"
		"goto l_loop_%=;"
	"l_b_%=:"
		"r7 = 2990;"
		"goto l_loop_%=;"
	"l_m_%=:"
		"if r7 s> 0 goto l_me_%=;"
		"r7 += 500;"
		"goto l_r_%=;"
	"l_me_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
	"l_done_%=:"
		DESTROY(-8)
		"if r7 == 1 goto l_x_%=;"
	"l_x_%=:"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

char _license[] SEC("license") = "GPL";
