// SPDX-License-Identifier: GPL-2.0
/*
 * Soundness of iterator loop convergence (asm, so that the branch layout
 * and thus the verifier's exploration order is fixed).
 *
 * When the verifier reaches bpf_iter_num_next() in a state equivalent to
 * an earlier one at the same call site whose exploration is not finished,
 * it stops: the loop body would add nothing new.  Ordinary state pruning
 * compares only registers and slots that later code reads, and scalars
 * only where their exact value matters (read and precision marks).  Those
 * marks come from the children of a state, so for a state inside a loop
 * that is still being explored they are incomplete.  Each program below
 * is unsafe only on a path that a comparison relying on such incomplete
 * marks would prune:
 *  - the 2023 cases (delayed read mark, delayed precision mark, loop state
 *    dependencies across nested and sequential loops);
 *  - the 2025 "absent mark in the middle state" cases: the marks of a
 *    checkpoint in the middle of a loop, reached before the unsafe branch
 *    was explored, stay incomplete unless marks are propagated along the
 *    loop's back edges.
 *
 * Fall-through is explored before the jump target, so "unlikely" branches
 * below are jumps.  The exact rejection message depends on how far the
 * verifier follows the bad value before widening it to unknown; the
 * regexes accept the message for the bad constant and the one for an
 * unbounded value, both of which name the unsafe stack access.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"
#include "iter_num_asm.h"

/* an fp-relative offset that is misaligned, or unbounded after widening;
 * 6.1 prints the variable offset as a tnum, "(0x0; 0x0)"
 */
#define BAD_FP_OFF(off) \
	"{{(misaligned stack access off (\\([^)]*\\)|[^ ]*)\\+" #off "\\+0 size 8|" \
	"math between fp pointer and register with unbounded min value)}}"

SEC("syscall")
__description("delayed read mark: pointer replaced by a scalar on an earlier path")
__failure __msg("R7 invalid mem access 'scalar'")
__naked int delayed_read_mark(void)
{
	/*
	 *	p = &fp[-16]; n = random();
	 *	while (next(it)) {
	 *		if (++n == 42) {	// explored second
	 *			*p = 7;		// bad once p is 0xdead
	 *			continue;
	 *		}
	 *		p = 0xdead;		// explored first, back to next()
	 *	}
	 *
	 * The first path returns to next() with p = 0xdead before the store
	 * has put a read mark on p.
	 */
	asm volatile (
		"r7 = r10;"
		"r7 += -16;"
		"r0 = 0;"
		"*(u64 *)(r7 + 0) = r0;"
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_done_%=;"
		"r6 += 1;"
		"if r6 == 42 goto l_use_%=;"
		"r7 = 0xdead;"
		"goto l_loop_%=;"
	"l_use_%=:"
		"r0 = 7;"
		"*(u64 *)(r7 + 0) = r0;"
		"goto l_loop_%=;"
	"l_done_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("delayed precision mark: stack offset changed on an earlier path")
__failure __msg(BAD_FP_OFF(-20))
__naked int delayed_precision_mark(void)
{
	/*
	 *	off = -16; n = random();
	 *	while (next(it)) {
	 *		if (n == 42) {		// explored second
	 *			r = *(u64 *)(fp + off);	// bad for off = -20
	 *		} else {
	 *			off = -20;	// explored first
	 *		}
	 *		n = random();
	 *	}
	 *
	 * The first path returns to next() with off = -20 before the load has
	 * made off precise.
	 */
	asm volatile (
		"r8 = 0;"
		"*(u64 *)(r10 - 16) = r8;"
		"*(u64 *)(r10 - 24) = r8;"
		"r7 = -16;"
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_done_%=;"
		"if r6 == 42 goto l_use_%=;"
		"r7 = -20;"
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		"goto l_loop_%=;"
	"l_use_%=:"
		"r0 = r10;"
		"r0 += r7;"
		"r8 = *(u64 *)(r0 + 0);"
		"call %[bpf_get_prandom_u32];"
		"r6 = r0;"
		"goto l_loop_%=;"
	"l_done_%=:"
		DESTROY(-8)
		"r0 = r8;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("loop state dependencies: bad offset set on the 2nd outer iteration")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-28))
__naked int loop_state_deps_outer(void)
{
	/*
	 *	c = -32;				// r9
	 *	while (next(outer)) {			// fp-16
	 *		a = 0; b = 0;			// r7, r8
	 *		while (next(inner)) {		// fp-8
	 *			if (a == 1) {
	 *				a = 0; b = 1;
	 *			} else if (a == 0) {
	 *				a = 1;
	 *				if (random() != 42)
	 *					continue;	// explored first
	 *				if (b == 1) {
	 *					*(u64 *)(fp + c) = 7;
	 *					goto out;
	 *				}
	 *			}
	 *		}
	 *		c = -28;			// misaligned
	 *	}
	 *
	 * The store is reached only on the second inner iteration, on the path
	 * pushed first; c = -28 only on the second outer iteration.
	 */
	asm volatile (
		NEW(-16, 10)
		"r7 = 0;"
		"r8 = 0;"
		"r9 = -32;"
	"l_outer_%=:"
		NEXT(-16)
		"if r0 == 0 goto l_outer_end_%=;"
		NEW(-8, 10)
		"r7 = 0;"
		"r8 = 0;"
	"l_inner_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_inner_end_%=;"
		"if r7 != 1 goto l_a_not_one_%=;"
		"r7 = 0;"
		"r8 = 1;"
		"goto l_inner_%=;"
	"l_a_not_one_%=:"
		"if r7 != 0 goto l_inner_%=;"
		"r7 = 1;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 42 goto l_check_b_%=;"
		"goto l_inner_%=;"
	"l_check_b_%=:"
		"if r8 != 1 goto l_inner_%=;"
		"r0 = r10;"
		"r0 += r9;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		DESTROY(-8)
		DESTROY(-16)
		"r0 = 0;"
		"exit;"
	"l_inner_end_%=:"
		DESTROY(-8)
		"r7 = 0;"
		"r8 = 0;"
		"r9 = -28;"
		"goto l_outer_%=;"
	"l_outer_end_%=:"
		DESTROY(-16)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("loop state dependencies: bad offset set in a second inner loop")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-28))
__naked int loop_state_deps_sequential(void)
{
	/*
	 * As above, but c changes inside a second inner loop that follows the
	 * first one, under the same a/b state machine:
	 *
	 *	while (next(outer)) {
	 *		<inner loop 1 as above, using c>
	 *		a = 0; b = 0;
	 *		while (next(inner)) {
	 *			if (a == 1) { a = 0; b = 1; }
	 *			else if (a == 0) {
	 *				a = 1;
	 *				if (random() != 42)
	 *					continue;
	 *				if (b == 1) { a = 0; c = -28; }
	 *			}
	 *		}
	 *	}
	 */
	asm volatile (
		NEW(-16, 10)
		"r7 = 0;"
		"r8 = 0;"
		"r9 = -32;"
	"l_outer_%=:"
		NEXT(-16)
		"if r0 == 0 goto l_outer_end_%=;"
		/* first inner loop: uses c */
		NEW(-8, 10)
		"r7 = 0;"
		"r8 = 0;"
	"l_in1_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_in1_end_%=;"
		"if r7 != 1 goto l_in1_a_not_one_%=;"
		"r7 = 0;"
		"r8 = 1;"
		"goto l_in1_%=;"
	"l_in1_a_not_one_%=:"
		"if r7 != 0 goto l_in1_%=;"
		"r7 = 1;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 42 goto l_in1_check_b_%=;"
		"goto l_in1_%=;"
	"l_in1_check_b_%=:"
		"if r8 != 1 goto l_in1_%=;"
		"r0 = r10;"
		"r0 += r9;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		DESTROY(-8)
		DESTROY(-16)
		"r0 = 0;"
		"exit;"
	"l_in1_end_%=:"
		DESTROY(-8)
		/* second inner loop: changes c */
		NEW(-8, 10)
		"r7 = 0;"
		"r8 = 0;"
	"l_in2_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_in2_end_%=;"
		"if r7 != 1 goto l_in2_a_not_one_%=;"
		"r7 = 0;"
		"r8 = 1;"
		"goto l_in2_%=;"
	"l_in2_a_not_one_%=:"
		"if r7 != 0 goto l_in2_%=;"
		"r7 = 1;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 42 goto l_in2_check_b_%=;"
		"goto l_in2_%=;"
	"l_in2_check_b_%=:"
		"if r8 != 1 goto l_in2_%=;"
		"r7 = 0;"
		"r9 = -28;"
		"goto l_in2_%=;"
	"l_in2_end_%=:"
		DESTROY(-8)
		"r7 = 0;"
		"r8 = 0;"
		"goto l_outer_%=;"
	"l_outer_end_%=:"
		DESTROY(-16)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("loop state dependencies: a finished earlier loop must not vouch for a later one")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-28))
__naked int loop_state_deps_after_loop(void)
{
	/*
	 *	if (random() != 7) {		// explored first
	 *		while (next(it));	// a complete, finished loop
	 *		return;
	 *	}
	 *	for (n = 10; n; n--);		// bounded loop: deeper states
	 *	c = -32;
	 *	while (next(it)) {		// checkpoints L (head), N (next)
	 *		if (random() == 77) {
	 *			*(u64 *)(fp + c) = 7;	// bad for c = -28
	 *			break;
	 *		}
	 *		if (random() == 13)
	 *			c = -28;
	 *	}
	 *
	 * A verifier that remembers "the loop this state belongs to" with a
	 * pointer left over from the first loop compares the second loop's
	 * states with the loose rules of finished code.
	 */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"if r0 == 7 goto l_second_%=;"
		NEW(-8, 5)
	"l_first_%=:"
		NEXT(-8)
		"if r0 != 0 goto l_first_%=;"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
	"l_second_%=:"
		"r0 = 10;"
	"l_count_%=:"
		"r0 -= 1;"
		"if r0 != 0 goto l_count_%=;"
		NEW(-8, 10)
		"r9 = -32;"
	"l_main_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_main_end_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 77 goto l_store_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 13 goto l_poison_%=;"
		"goto l_main_%=;"
	"l_main_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
	"l_store_%=:"
		"r0 = r10;"
		"r0 += r9;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		"goto l_main_end_%=;"
	"l_poison_%=:"
		"r9 = -28;"
		"goto l_main_%=;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("absent mark 1: offset chosen before the loop, used in its body")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-36))
__naked int absent_mark_middle_1(void)
{
	/*
	 *	k = random(); off = -32;
	 *	if (random() == k)		// explored second
	 *		off = -36;
	 *	while (next(it))		// A: loop head, B: next()
	 *		if (random() == k)	// explored second
	 *			*(u64 *)(fp + off) = 7;
	 *
	 * With off = -32 the verifier reaches B from the loop body (state C
	 * at the head) and prunes there against A before the store has been
	 * explored.  The store then makes off precise in A and B, but not in
	 * C; reaching C later with off = -36 must not be pruned.
	 */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r8 = r0;"
		"r6 = -32;"
		NEW(-8, 10)
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_change_%=;"
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_use_%=;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
	"l_use_%=:"
		"r0 = r10;"
		"r0 += r6;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		"goto l_loop_%=;"
	"l_change_%=:"
		"r6 = -36;"
		"goto l_loop_%=;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("absent mark 2: a checkpoint outside the loop on the way in")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-36))
__naked int absent_mark_middle_2(void)
{
	/*
	 * As case 1, but both ways into the loop can pass a "goto +0" (a
	 * checkpoint with BPF_F_TEST_STATE_FREQ) that is not part of the
	 * loop; its marks must be completed too:
	 *
	 *	if (random() == k) {
	 *		off = -36;
	 *	enter:	goto +0;
	 *		goto loop;
	 *	}
	 *	if (random() == k)
	 *		goto enter;
	 *	loop: ...
	 */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"r8 = r0;"
		"r6 = -32;"
		NEW(-8, 10)
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_change_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_enter_%=;"
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_use_%=;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
	"l_use_%=:"
		"r0 = r10;"
		"r0 += r6;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		"goto l_loop_%=;"
	"l_change_%=:"
		"r6 = -36;"
	"l_enter_%=:"
		"goto +0;"
		"goto l_loop_%=;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("absent mark 3: the loop in a subprogram called from two sites")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-36))
__naked int absent_mark_middle_3(void)
{
	/*
	 *	new(it);  walk_and_store(-32, &it);  destroy(it);
	 *	new(it);  pick_and_walk(&it);        destroy(it);
	 *
	 * walk_and_store() is the loop of case 1 with the offset as argument;
	 * pick_and_walk() chooses -32 or -36 and calls it.  The loop's states
	 * are reached from two call sites, with different callers' frames.
	 */
	asm volatile (
		NEW(-8, 10)
		"r1 = -32;"
		"r2 = r10;"
		"r2 += -8;"
		"call walk_and_store;"
		DESTROY(-8)
		NEW(-8, 10)
		"r1 = r10;"
		"r1 += -8;"
		"call pick_and_walk;"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

/* walk_and_store(off, it): while (next(it)) if (unlikely) *(fp + off) = 7 */
__used __naked static int walk_and_store(void)
{
	asm volatile (
		"r6 = r1;"
		"r7 = r2;"
		"call %[bpf_get_prandom_u32];"
		"r8 = r0;"
	"l_loop_%=:"
		"r1 = r7;"
		"call %[bpf_iter_num_next];"
		"if r0 == 0 goto l_end_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_use_%=;"
		"goto l_loop_%=;"
	"l_end_%=:"
		"r0 = 0;"
		"exit;"
	"l_use_%=:"
		"r0 = r10;"
		"r0 += r6;"
		"r1 = 7;"
		"*(u64 *)(r0 + 0) = r1;"
		"goto l_loop_%=;"
		:: KFUNCS : __clobber_all);
}

/* pick_and_walk(it): walk_and_store(unlikely ? -36 : -32, it) */
__used __naked static int pick_and_walk(void)
{
	asm volatile (
		"r6 = -32;"
		"r7 = r1;"
		"call %[bpf_get_prandom_u32];"
		"r8 = r0;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == r8 goto l_change_%=;"
	"l_call_%=:"
		"r1 = r6;"
		"r2 = r7;"
		"call walk_and_store;"
		"r0 = 0;"
		"exit;"
	"l_change_%=:"
		"r6 = -36;"
		"goto l_call_%=;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("absent mark 4: offset kept in the caller's stack, used and changed by a subprogram in the loop")
__failure __flag(BPF_F_TEST_STATE_FREQ) __msg(BAD_FP_OFF(-36))
__naked int absent_mark_middle_4(void)
{
	/*
	 *	fp[-24] = random(); fp[-16] = -32;
	 *	while (next(it))
	 *		use_then_change(fp);
	 *
	 *	use_then_change(ctx) {
	 *		if (unlikely)
	 *			*(u64 *)(own fp + ctx[-16]) = 42;  // aligned...
	 *		if (unlikely)
	 *			ctx[-16] = -36;                   // ...until now
	 *	}
	 *
	 * The offset lives in a caller's stack slot written by the callee:
	 * its marks have to reach the caller's loop checkpoints through a
	 * spilled slot of another frame.
	 */
	asm volatile (
		"call %[bpf_get_prandom_u32];"
		"*(u64 *)(r10 - 24) = r0;"
		"r1 = -32;"
		"*(u64 *)(r10 - 16) = r1;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"r1 = r10;"
		"call use_then_change;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

__used __naked static int use_then_change(void)
{
	asm volatile (
		"r9 = r1;"
		"r8 = *(u64 *)(r9 - 24);"
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
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("many-way branching in the loop body still converges")
__success
__naked int triple_continue(void)
{
	asm volatile (
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 != 42 goto l_loop_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 != 42 goto l_loop_%=;"
		"call %[bpf_get_prandom_u32];"
		"if r0 != 42 goto l_loop_%=;"
		"r0 += 0;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("counter spilled to the stack is widened and the loop converges")
__success __retval(10)
__naked int spilled_counter(void)
{
	asm volatile (
		"r0 = 0;"
		"*(u64 *)(r10 - 16) = r0;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"r0 = *(u64 *)(r10 - 16);"
		"r0 += 1;"
		"*(u64 *)(r10 - 16) = r0;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = *(u64 *)(r10 - 16);"
		"exit;"
		:: KFUNCS : __clobber_all);
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, int);
} hmap SEC(".maps");

#define LOOKUP	"r1 = %[hmap] ll; r2 = r10; r2 += -16; call %[bpf_map_lookup_elem];"

SEC("syscall")
__description("six maybe-NULL lookups per iteration: checkpoint eviction still converges")
__success
__naked int many_null_combinations(void)
{
	/* 2^6 NULL/non-NULL combinations reach next() on each iteration */
	asm volatile (
		"r6 = 0;"
		"r7 = 0;"
		"r8 = 0;"
		"*(u64 *)(r10 - 24) = r6;"
		"*(u64 *)(r10 - 32) = r6;"
		"*(u64 *)(r10 - 40) = r6;"
		"r9 = 0;"
		NEW(-8, 10)
	"l_loop_%=:"
		NEXT(-8)
		"if r0 == 0 goto l_end_%=;"
		"r0 = *(u32 *)(r0 + 0);"
		"*(u64 *)(r10 - 16) = r0;"
		LOOKUP "r6 = r0;"
		LOOKUP "r7 = r0;"
		LOOKUP "r8 = r0;"
		LOOKUP "*(u64 *)(r10 - 24) = r0;"
		LOOKUP "*(u64 *)(r10 - 32) = r0;"
		LOOKUP "*(u64 *)(r10 - 40) = r0;"
		"if r6 == 0 goto +1;"
		"r9 += 1;"
		"if r7 == 0 goto +1;"
		"r9 += 1;"
		"if r8 == 0 goto +1;"
		"r9 += 1;"
		"r0 = *(u64 *)(r10 - 24);"
		"if r0 == 0 goto +1;"
		"r9 += 1;"
		"r0 = *(u64 *)(r10 - 32);"
		"if r0 == 0 goto +1;"
		"r9 += 1;"
		"r0 = *(u64 *)(r10 - 40);"
		"if r0 == 0 goto +1;"
		"r9 += 1;"
		"goto l_loop_%=;"
	"l_end_%=:"
		DESTROY(-8)
		"r0 = 0;"
		"exit;"
		:: KFUNCS, __imm(bpf_map_lookup_elem), __imm_addr(hmap)
		: __clobber_all);
}

char _license[] SEC("license") = "GPL";
