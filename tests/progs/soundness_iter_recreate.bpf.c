// SPDX-License-Identifier: GPL-2.0
/* Loop convergence at next() assumes that going around the loop advanced
 * *the same* iterator, which must eventually return NULL.  A loop that
 * destroys and re-creates the iterator on each turn comes back to next()
 * with a fresh iterator in a state equal to the previous turn's (ids are
 * renamed, depth is ignored) and was pruned as converged: an endless loop.
 * Convergence now requires the same iterator (regression test, found in
 * review).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"
#include "iter_num_asm.h"

SEC("syscall")
__description("endless loop re-creating its iterator each turn")
__failure __msg("infinite loop detected")
__upstream_differs("6.18 prunes the fresh iterator as converged: the loop never ends")
__naked int recreate_endless(void)
{
	asm volatile (
	"l_loop_%=:"
		NEW(-8, 10)
		NEXT(-8)
		DESTROY(-8)
		"goto l_loop_%=;"
		:: KFUNCS : __clobber_all);
}

SEC("syscall")
__description("endless loop re-creating its iterator, checking the element")
__failure __msg("infinite loop detected")
__upstream_differs("6.18 prunes the fresh iterator as converged: the loop never ends")
__naked int recreate_endless_checked(void)
{
	asm volatile (
		"r6 = 0;"
	"l_loop_%=:"
		NEW(-8, 10)
		NEXT(-8)
		"if r0 == 0 goto l_drained_%=;"
		"r6 = *(u32 *)(r0 + 0);"
	"l_drained_%=:"
		DESTROY(-8)
		"goto l_loop_%=;"
		:: KFUNCS : __clobber_all);
}

char _license[] SEC("license") = "GPL";
