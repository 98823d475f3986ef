// SPDX-License-Identifier: GPL-2.0
/* Regression test (found in review).  regsafe() remaps ids of map values,
 * but states_equal() compared the id of the held spin lock bit for bit.  Two map values
 * with ids 5 and 7, swapped between r6 and r7 on one path: both paths lock
 * id 5 (r6 on the first, r7 on the second), the mapping 5<->7 makes the
 * registers equal and the raw lock ids are equal too, so the second path
 * was pruned although it unlocks a lock it does not hold.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"

struct val {
	int cnt;
	struct bpf_spin_lock l;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct val);
} lmap SEC(".maps");

SEC("tc")
__description("spin lock id compared raw while map value ids are remapped")
__failure __flag(BPF_F_TEST_STATE_FREQ)
__msg("bpf_spin_unlock of different lock")
__naked int spin_lock_ids_swapped(void)
{
	asm volatile (
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[lmap] ll;"
		"call %[bpf_map_lookup_elem];"
		"if r0 == 0 goto l_exit_%=;"
		"r6 = r0;"
		"r1 = 1;"
		"*(u32 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[lmap] ll;"
		"call %[bpf_map_lookup_elem];"
		"if r0 == 0 goto l_exit_%=;"
		"r7 = r0;"
		"call %[bpf_get_prandom_u32];"
		"if r0 == 0 goto l_swap_%=;"
		/* first path: lock r6 */
		"r1 = r6;"
		"r1 += 4;"
		"call %[bpf_spin_lock];"
		"goto l_join_%=;"
	"l_swap_%=:"
		"r8 = r6;"
		"r6 = r7;"
		"r7 = r8;"
		/* lock the old r6 object, now in r7 */
		"r1 = r7;"
		"r1 += 4;"
		"call %[bpf_spin_lock];"
	"l_join_%=:"
		"r0 = 0;"
		"if r0 != 0 goto l_join2_%=;"
	"l_join2_%=:"
		"r1 = r6;"
		"r1 += 4;"
		"call %[bpf_spin_unlock];"
		"r1 = r7;"
		"r0 = 0;"
		"exit;"
	"l_exit_%=:"
		"r0 = 0;"
		"exit;"
		:: __imm(bpf_map_lookup_elem), __imm(bpf_get_prandom_u32),
		   __imm(bpf_spin_lock), __imm(bpf_spin_unlock), __imm_addr(lmap)
		: __clobber_all);
}

char _license[] SEC("license") = "GPL";
