// SPDX-License-Identifier: GPL-2.0
/* Iterator state protection: partial and variable-offset writes, a 16-byte
 * iterator (bpf_iter_st_good of the boot-time self-test, registered for
 * syscall programs), dynptr over an iterator, element pointer to a release
 * kfunc.  All but the controls must be rejected.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

extern int bpf_iter_st_good_new(struct bpf_iter_st_good *it) __ksym;
extern int *bpf_iter_st_good_next(struct bpf_iter_st_good *it) __ksym;
extern void bpf_iter_st_good_destroy(struct bpf_iter_st_good *it) __ksym;
extern void bpf_kfunc_call_memb1_release(struct prog_test_member1 *p) __ksym;
extern void bpf_kfunc_call_int_mem_release(int *p) __ksym;

__used static void kfunc_btf_anchor(void)
{
	struct bpf_iter_st_good it;

	bpf_repeat(0);
	bpf_iter_st_good_new(&it);
	bpf_iter_st_good_next(&it);
	bpf_iter_st_good_destroy(&it);
	bpf_kfunc_call_memb1_release(0);
	bpf_kfunc_call_int_mem_release(0);
}

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

#define KFUNCS		__imm(bpf_iter_num_new), __imm(bpf_iter_num_next), \
			__imm(bpf_iter_num_destroy), __imm(bpf_get_prandom_u32), \
			__imm(bpf_iter_st_good_new), __imm(bpf_iter_st_good_next), \
			__imm(bpf_iter_st_good_destroy)

SEC("syscall")
__description("misc: variable-offset store over an iterator, then destroy")
__failure __msg("expected an initialized iter_num as arg #0")
__naked int varoff_store_destroy(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"call %[bpf_get_prandom_u32];"
		"r0 &= 4;"
		"r1 = r10;"
		"r1 += -8;"
		"r1 += r0;"
		"r2 = 0;"
		"*(u8 *)(r1 + 0) = r2;"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: variable-offset store over an iterator, then next")
__failure __msg("misaligned stack access")
__naked int varoff_store_next(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"call %[bpf_get_prandom_u32];"
		"r0 &= 4;"
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r0;"
		"r2 = 0;"
		"*(u64 *)(r1 + 4) = r2;"	/* fp-12 or fp-8: unaligned var-off */
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_next];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: 16-byte iterator, store into its second slot, then destroy")
__failure __msg("expected an initialized iter_st_good")
__naked int st_good_store_slot2(void)
{
	asm volatile (
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_new];"
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: 16-byte iterator, next() on its second slot")
__failure __msg("cannot pass in iter at an offset=-8")
__naked int st_good_next_slot2(void)
{
	asm volatile (
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_new];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_st_good_next];"
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: 16-byte iterator over the top of the frame (fp-8)")
__failure __msg("cannot pass in iter at an offset=-8")
__naked int st_good_at_fp8(void)
{
	asm volatile (
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_st_good_new];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_st_good_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: num iterator created inside a live 16-byte iterator")
__failure __msg("expected uninitialized iter_num as arg #0")
__naked int num_inside_st_good(void)
{
	asm volatile (
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_new];"
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: 16-byte iterator loop converges (control)")
__success
__naked int st_good_loop(void)
{
	asm volatile (
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_new];"
	"l_loop_%=:"
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_next];"
		"if r0 != 0 goto l_loop_%=;"
		"r1 = r10; r1 += -16;"
		"call %[bpf_iter_st_good_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: ringbuf dynptr reserved over a live iterator")
__failure __msg("Unreleased reference")
__naked int dynptr_over_iter(void)
{
	asm volatile (
		"r1 = r10; r1 += -16; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = %[rb] ll;"
		"r2 = 8;"
		"r3 = 0;"
		"r4 = r10;"
		"r4 += -16;"
		"call %[bpf_ringbuf_reserve_dynptr];"
		"r1 = r10; r1 += -16;"
		"r2 = 0;"
		"call %[bpf_ringbuf_discard_dynptr];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS, __imm(bpf_ringbuf_reserve_dynptr),
		   __imm(bpf_ringbuf_discard_dynptr), __imm_addr(rb)
		: __clobber_all);
}

SEC("syscall")
__description("misc: element pointer to a KF_RELEASE kfunc (struct of scalars)")
__failure __msg("R1 cannot write into rdonly_mem")
__naked int elem_to_release_struct(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_next];"
		"if r0 == 0 goto l_out_%=;"
		"r1 = r0;"
		"call %[bpf_kfunc_call_memb1_release];"
		"r0 = 0;"
		"exit;"
	"l_out_%=:"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS, __imm(bpf_kfunc_call_memb1_release) : __clobber_all);
}

SEC("syscall")
__description("misc: element pointer to a KF_RELEASE kfunc (int *)")
__failure __msg("R1 cannot write into rdonly_mem")
__naked int elem_to_release_int(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_next];"
		"if r0 == 0 goto l_out_%=;"
		"r1 = r0;"
		"call %[bpf_kfunc_call_int_mem_release];"
		"r0 = 0;"
		"exit;"
	"l_out_%=:"
		"r1 = r10; r1 += -8;"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS, __imm(bpf_kfunc_call_int_mem_release) : __clobber_all);
}

SEC("syscall")
__description("misc: iterator pointer spilled and filled (control)")
__success
__naked int spill_fill_ptr(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10; r1 += -8;"
		"*(u64 *)(r10 - 16) = r1;"
	"l_loop_%=:"
		"r1 = *(u64 *)(r10 - 16);"
		"call %[bpf_iter_num_next];"
		"if r0 != 0 goto l_loop_%=;"
		"r1 = *(u64 *)(r10 - 16);"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("misc: iterator pointer spilled over the iterator itself")
__failure __msg("expected an initialized iter_num as arg #0")
__naked int spill_over_iter(void)
{
	asm volatile (
		"r1 = r10; r1 += -8; r2 = 0; r3 = 10;"
		"call %[bpf_iter_num_new];"
		"r1 = r10; r1 += -8;"
		"*(u64 *)(r10 - 8) = r1;"
		"r1 = *(u64 *)(r10 - 8);"
		"call %[bpf_iter_num_destroy];"
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

char _license[] SEC("license") = "GPL";
