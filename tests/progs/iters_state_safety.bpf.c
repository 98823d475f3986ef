// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator state on the stack: the verifier must track every
 * bpf_iter_num_{new,next,destroy} call on it, reject use of state that is
 * not (or no longer) a live iterator, and reject any way of losing or
 * forging one.  Written in asm so the stack offsets are the ones named in
 * the expected messages; the state is always the 8 bytes at fp-8 unless
 * said otherwise.
 *
 * Argument numbers in the messages are 0-based ("arg #0" = R1), as upstream
 * since 6.14 (1-based before).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} hmap SEC(".maps");

#define ARG1 "arg #0"

/* clang emits BTF for kfuncs referenced only from asm if C code calls them. */
__used static void kfunc_btf_anchor(void)
{
	bpf_repeat(0);
}

/* Fragments: r1 = &fp[off]; create over [0, 1000), next, destroy. */
#define ITER_PTR(off)	"r1 = r10; r1 += " #off ";"
#define ITER_NEW(off)	ITER_PTR(off) "r2 = 0; r3 = 1000; call %[bpf_iter_num_new];"
#define ITER_NEXT(off)	ITER_PTR(off) "call %[bpf_iter_num_next];"
#define ITER_DESTROY(off) ITER_PTR(off) "call %[bpf_iter_num_destroy];"
#define ITER_KFUNCS	__imm(bpf_iter_num_new), __imm(bpf_iter_num_next), \
			__imm(bpf_iter_num_destroy)

SEC("syscall")
__description("create and destroy: the slot shows an active iterator")
__success __log_level(2)
__msg("fp-8{{(_[rwD]+)?}}=iter_num({{(ref_)?}}id=1,state=active,depth=0)")
__naked int create_and_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("iterator never destroyed: leaked reference")
__failure __msg("Unreleased reference id=1")
__naked int create_and_forget_to_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("destroy of a never created iterator")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int destroy_without_new(void)
{
	asm volatile (
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("new over a live iterator")
__failure __msg("expected uninitialized iter_num as " ARG1)
__naked int double_new(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("destroy twice")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int double_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("next on a never created iterator")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int next_without_new(void)
{
	asm volatile (
		ITER_NEXT(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("next after destroy")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int next_after_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		ITER_NEXT(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("next on stack memory that was never an iterator")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int next_on_plain_stack(void)
{
	asm volatile (
		"r0 = 0;"
		"*(u64 *)(r10 - 8) = r0;"
		ITER_NEXT(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("store over the state, then destroy")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int direct_write_then_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r0 = 42;"
		"*(u64 *)(r10 - 8) = r0;"
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("one-byte store into the state, then next")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int byte_write_then_next(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r0 = 0;"
		"*(u8 *)(r10 - 5) = r0;"
		ITER_NEXT(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("store over the state and no destroy: the reference is lost")
__failure __msg("Unreleased reference id=1")
__naked int direct_write_and_leak(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r0 = 42;"
		"*(u64 *)(r10 - 8) = r0;"
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("helper writes into the state (bpf_probe_read_kernel), then destroy")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int helper_write_then_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		/* one byte at fp-2, inside the iterator, from NULL */
		"r1 = r10;"
		"r1 += -2;"
		"r2 = 1;"
		"r3 = 0;"
		"call %[bpf_probe_read_kernel];"
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS, __imm(bpf_probe_read_kernel) : __clobber_all);
}

SEC("syscall")
__description("helper writes into the state, then next")
__failure __msg("expected an initialized iter_num as " ARG1)
__naked int helper_write_then_next(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r1 = r10;"
		"r1 += -8;"
		"r2 = 8;"
		"r3 = 0;"
		"call %[bpf_probe_read_kernel];"
		ITER_NEXT(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS, __imm(bpf_probe_read_kernel) : __clobber_all);
}

SEC("syscall")
__description("load from the state slot")
__failure __msg("invalid read from stack")
__naked int read_state_slot(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r6 = *(u64 *)(r10 - 8);"
		ITER_DESTROY(-8)
		"r0 = r6;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("state slot passed as a memory argument (bpf_map_lookup_elem key)")
__failure __msg("invalid {{(indirect )?}}read from stack")
__naked int key_from_state_slot(void)
{
	asm volatile (
		ITER_NEW(-8)
		"r1 = %[hmap] ll;"
		"r2 = r10;"
		"r2 += -8;"
		"call %[bpf_map_lookup_elem];"
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS, __imm(bpf_map_lookup_elem), __imm_addr(hmap)
		: __clobber_all);
}

static __noinline int subprog_leaks_iter(void)
{
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 1);
	return 0;
}

SEC("syscall")
__description("static subprogram creates an iterator and returns without destroying it")
__failure __msg("Unreleased reference id=")
int leak_from_subprog(void *ctx)
{
	return subprog_leaks_iter();
}

SEC("syscall")
__description("slots of a destroyed iterator can hold a new one")
__success __log_level(2)
__msg("fp-8{{(_[rwD]+)?}}=iter_num({{(ref_)?}}id=1,state=active,depth=0)")
__msg("fp-8{{(_[rwD]+)?}}=iter_num({{(ref_)?}}id=2,state=active,depth=0)")
__naked int slot_reuse_after_destroy(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("slots of a destroyed iterator can hold ordinary data")
__success __retval(7)
__naked int slot_reuse_as_data(void)
{
	asm volatile (
		ITER_NEW(-8)
		ITER_DESTROY(-8)
		"r0 = 7;"
		"*(u64 *)(r10 - 8) = r0;"
		"r0 = *(u64 *)(r10 - 8);"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("pruning: spilled scalar vs overwritten iterator in the same slot")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("Unreleased reference")
__naked int spill_vs_iter_pruning(void)
{
	/*
	 * Path A spills a scalar to fp-8.  Path B creates an iterator at
	 * fp-8 and stores the same scalar over it, losing the reference.
	 * At the join the slots look alike (a spilled scalar); B must not be
	 * pruned against A, because B still holds the acquired reference.
	 */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		"call %[bpf_get_prandom_u32];"
		"if r0 > r6 goto l_b_%=;"
		"*(u64 *)(r10 - 8) = r6;"
		"goto l_join_%=;"
	"l_b_%=:"
		ITER_NEW(-8)
		"*(u64 *)(r10 - 8) = r6;"
	"l_join_%=:"
		"goto +0;"	/* checkpoint */
		"*(u64 *)(r10 - 8) = r6;"
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS, __imm(bpf_get_prandom_u32) : __clobber_all);
}

SEC("syscall")
__description("pruning: live iterator vs destroyed one at the same slot")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("Unreleased reference")
__naked int live_vs_destroyed_pruning(void)
{
	/* both paths create; only the first destroys before the join */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		ITER_NEW(-8)
		"if r6 > 10 goto l_keep_%=;"
		ITER_DESTROY(-8)
	"l_keep_%=:"
		"goto +0;"	/* checkpoint */
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS, __imm(bpf_get_prandom_u32) : __clobber_all);
}

SEC("syscall")
__description("a 16-byte stack area with the iterator in its upper half")
__success
__naked int iter_next_to_data(void)
{
	/* fp-16 is plain data; writes there must not disturb fp-8 */
	asm volatile (
		ITER_NEW(-8)
		"r0 = 1;"
		"*(u64 *)(r10 - 16) = r0;"
		ITER_NEXT(-8)
		"r0 = *(u64 *)(r10 - 16);"
		ITER_DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

SEC("syscall")
__description("iterator pointer not 8-byte aligned")
__failure __msg("cannot pass in iter at an offset=-12")
__naked int misaligned_state(void)
{
	asm volatile (
		ITER_NEW(-12)
		ITER_DESTROY(-12)
		"r0 = 0;"
		"exit;"
		:: ITER_KFUNCS : __clobber_all);
}

char _license[] SEC("license") = "GPL";
