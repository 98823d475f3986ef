// SPDX-License-Identifier: GPL-2.0
/* Regression test (found in review).  SCC visits are keyed by call chain.
 * A timer callback verified as its own root (frame 0, no parent) had the
 * same key as the same subprogram called
 * from insn 0 of the main program ({callsite 0, scc}).  The async root is
 * explored while the synchronous call's loop visit is still open, so the
 * back-edges of the async root's loop are propagated only when the *sync*
 * visit ends.  Meanwhile the async root's states before the loop (outside
 * the SCC, so neither protected nor compared exactly) are done with
 * incomplete precision and prune the async root's own second path.
 *
 * f: r8 = 0 or 1 (1: explored later);
 *    while (next(it)) {
 *        if (random() == 42) { if (r7 != 0) return ringbuf_reserve(); }
 *        else r7 = r8;          // explored first: back-edge, r7 == 0
 *    }
 *    bpf_timer_set_callback(timer, f);
 * With r8 == 1 the second iteration returns a ringbuf reservation: fine
 * when main called f (main discards it), a leaked reference when f runs as
 * the timer callback.  The key now holds the frame and the root.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"
#include "iter_num_asm.h"

struct tval {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct tval);
} tmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

__naked __noinline __used
static int async_f(void)
{
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r8 = 1;"
		"if r0 != 7 goto l_pre_%=;"
		"r8 = 0;"
	"l_pre_%=:"
		"r7 = 0;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_done_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 42 goto l_use_%=;"
		"r7 = 0;"
		"r7 += r8;"
		"goto l_loop_%=;"
	"l_use_%=:"
		"if r7 != 0 goto l_leak_%=;"
		"goto l_loop_%=;"
	"l_leak_%=:"
		DESTROY(-8)
		"r1 = %[rb] ll;"
		"r2 = 8;"
		"r3 = 0;"
		"call %[bpf_ringbuf_reserve];"
		"exit;"
	"l_done_%=:"
		DESTROY(-8)
		"r1 = 0;"
		"*(u32 *)(r10 - 16) = r1;"
		"r2 = r10;"
		"r2 += -16;"
		"r1 = %[tmap] ll;"
		"call %[bpf_map_lookup_elem];"
		"if r0 != 0 goto l_set_%=;"
		"r0 = 0;"
		"exit;"
	"l_set_%=:"
		"r1 = r0;"
		"r2 = %[async_f] ll;"
		"call %[bpf_timer_set_callback];"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_iter_num_new), __imm(bpf_iter_num_next),
		   __imm(bpf_iter_num_destroy), __imm(bpf_get_prandom_u32),
		   __imm(bpf_ringbuf_reserve), __imm(bpf_map_lookup_elem),
		   __imm(bpf_timer_set_callback), __imm_addr(rb), __imm_addr(tmap),
		   __imm_addr(async_f)
		: __clobber_all);
}

SEC("tc")
__description("async root shares a loop visit with a sync call at insn 0")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("Unreleased reference")
__upstream_differs("6.18 keys the timer callback's loop visit like the call at insn 0")
__naked int async_shared_visit(void)
{
	asm volatile (
		"call async_f;"
		"if r0 == 0 goto l_out_%=;"
		"r1 = r0;"
		"r2 = 0;"
		"call %[bpf_ringbuf_discard];"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_ringbuf_discard) : __clobber_all);
}

/* Control: the same subprogram called at insn 1, so that the sync call's
 * visit key differs from the timer callback's.
 */
SEC("tc")
__description("control: sync call not at insn 0")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("Unreleased reference")
__naked int async_shared_visit_ctl(void)
{
	asm volatile (
		"r0 = 0;"
		"call async_f;"
		"if r0 == 0 goto l_out_%=;"
		"r1 = r0;"
		"r2 = 0;"
		"call %[bpf_ringbuf_discard];"
	"l_out_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_ringbuf_discard) : __clobber_all);
}

char _license[] SEC("license") = "GPL";
