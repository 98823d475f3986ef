// SPDX-License-Identifier: GPL-2.0
/* Regression test (found in review).  Scalar id linkage: the old state links r7 and r8, a bound
 * checked on r7 reaches r8 through find_equal_scalars(); only r8 is marked
 * precise (6.1's backtracking does not follow ids), so regsafe() skips r7's
 * id and the current state, where r7 and r8 are unrelated, was pruned.  Precision
 * now spreads to the scalars sharing an id.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

SEC("syscall")
__description("scalar ids: bound learned through an imprecise twin")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("unbounded")
__naked int scalar_ids_imprecise_twin(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r7 = r0;"
		"call %[bpf_get_prandom_u32];"
		"r8 = r0;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 0 goto l_b_%=;"
		"r8 = r7;"		/* linked */
		"goto l_s_%=;"
	"l_b_%=:"
		"r7 &= 0xffff;"		/* r7 differs, r8 unrelated */
	"l_s_%=:"
		"if r7 > 8 goto l_exit_%=;"
		"r3 = r10;"
		"r3 += -16;"
		"r3 += r8;"
		"r0 = 0;"
		"*(u8 *)(r3 + 0) = r0;"
	"l_exit_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32) : __clobber_all);
}

char _license[] SEC("license") = "GPL";
