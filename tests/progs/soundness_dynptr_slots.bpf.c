// SPDX-License-Identifier: GPL-2.0
/*
 * 6.1 pruned states without looking at what dynptr stack slots hold: a
 * local dynptr and a ringbuf one swapped between two slots compared equal,
 * and the second path submitted its local dynptr as a ringbuf record.
 * Dynptr slots are now compared (type, first slot, renamed reference) and
 * marked read when used, as upstream's "bpf: Fix state pruning for
 * STACK_DYNPTR stack slots" (6.2) does.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ringbuf SEC(".maps");

__u64 buf;

#define FROM_MEM(off)	"r1 = %[buf] ll; r2 = 8; r3 = 0;"		\
			"r4 = r10; r4 += " #off ";"			\
			"call %[bpf_dynptr_from_mem];"
#define RESERVE(off)	"r1 = %[ringbuf] ll; r2 = 8; r3 = 0;"		\
			"r4 = r10; r4 += " #off ";"			\
			"call %[bpf_ringbuf_reserve_dynptr];"

SEC("syscall")
__description("dynptr slots: local and ringbuf dynptrs swapped between paths")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("arg 1 is an unacquired reference")
__naked int dynptr_slots_swapped(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"if r0 == 0 goto l_b_%=;"
		FROM_MEM(-16)
		RESERVE(-32)
		"goto l_join_%=;"
	"l_b_%=:"
		RESERVE(-16)
		FROM_MEM(-32)
	"l_join_%=:"
		"r0 = 0;"
		"r1 = r10; r1 += -32; r2 = 0;"
		"call %[bpf_ringbuf_submit_dynptr];"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32), __imm(bpf_dynptr_from_mem),
		   __imm(bpf_ringbuf_reserve_dynptr), __imm(bpf_ringbuf_submit_dynptr),
		   __imm_addr(ringbuf), __imm_addr(buf)
		: __clobber_all);
}

SEC("syscall")
__description("dynptr slots: the same layout on both paths (control)")
__success __flag(BPF_F_TEST_STATE_FREQ)
__naked int dynptr_slots_same(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"if r0 == 0 goto l_b_%=;"
		FROM_MEM(-16)
		RESERVE(-32)
		"goto l_join_%=;"
	"l_b_%=:"
		RESERVE(-32)
		FROM_MEM(-16)
	"l_join_%=:"
		"r1 = r10; r1 += -32; r2 = 0;"
		"call %[bpf_ringbuf_submit_dynptr];"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_get_prandom_u32), __imm(bpf_dynptr_from_mem),
		   __imm(bpf_ringbuf_reserve_dynptr), __imm(bpf_ringbuf_submit_dynptr),
		   __imm_addr(ringbuf), __imm_addr(buf)
		: __clobber_all);
}

char _license[] SEC("license") = "GPL";
