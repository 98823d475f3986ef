// SPDX-License-Identifier: GPL-2.0
/* Regression test (found in review).  Iterator state pointer r10+0:
 * get_spi(0) == 0, i.e. the slot at fp-8.  The kfunc would then run on fp+0..fp+7 (outside the BPF stack frame:
 * the JIT's saved rbp).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"
#include "iter_num_asm.h"

SEC("syscall")
__description("fp0: next() on r10+0 with an iterator at fp-8")
__failure __msg("cannot pass in iter at an offset=0")
__naked int fp0_next(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10;"
		"call %[bpf_iter_num_next];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("fp0: destroy() on r10+0 with an iterator at fp-8")
__failure __msg("cannot pass in iter at an offset=0")
__naked int fp0_destroy(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("fp0: next() on r10+0 reads kernel data through the element")
__failure __msg("cannot pass in iter at an offset=0")
__naked int fp0_leak(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10;"
		"call %[bpf_iter_num_next];"
		"r6 = 0;"
		"if r0 == 0 goto l_out_%=;"
		"r6 = *(u32 *)(r0 + 0);"
	"l_out_%=:"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = r6;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

char _license[] SEC("license") = "GPL";
