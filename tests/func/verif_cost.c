// SPDX-License-Identifier: GPL-2.0
/*
 * Verification cost of open-coded iterator loops does not depend on the
 * number of iterations: the verifier stops once the loop states converge,
 * and the iteration count is a run-time value it never sees.  Checked with
 * bpf_prog_info.verified_insns for bpf_for() and bpf_repeat() loops of 10,
 * 1,000 and 1,000,000 iterations, loaded together from one object.  For
 * comparison (diagnostics only) the same for a bounded C loop, which the
 * verifier walks iteration by iteration, and for bpf_loop().
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "verif_cost.skel.h"

/* Same count for N = 10, 1,000 and 1,000,000 of one kind of loop. */
static void check_cost_constant(const char *kind, struct bpf_program *n10,
				struct bpf_program *n1k, struct bpf_program *n1m)
{
	long long c10 = prog_verified_insns(bpf_program__fd(n10));
	long long c1k = prog_verified_insns(bpf_program__fd(n1k));
	long long c1m = prog_verified_insns(bpf_program__fd(n1m));

	diag("%-11s N=10 %lld, N=1000 %lld, N=1000000 %lld insns", kind, c10, c1k, c1m);
	CHECK(c10 > 0, "%s N=10: no count", kind);
	CHECK_EQ(c1k, c10, "N=1000 vs N=10");
	CHECK_EQ(c1m, c10, "N=1000000 vs N=10");
}

FUNC_TEST(verif_cost_independent_of_n)
{
	struct verif_cost_bpf *skel;

	skel = verif_cost_bpf__open_and_load();
	if (!CHECK_PTR(skel, "verif_cost_bpf__open_and_load"))
		return;

	check_cost_constant("bpf_for:", skel->progs.for_10, skel->progs.for_1000,
			    skel->progs.for_1000000);
	check_cost_constant("bpf_repeat:", skel->progs.repeat_10, skel->progs.repeat_1000,
			    skel->progs.repeat_1000000);
	diag("C loop:     N=10 %lld, N=1000 %lld insns (not compared)",
	     prog_verified_insns(bpf_program__fd(skel->progs.cloop_10)),
	     prog_verified_insns(bpf_program__fd(skel->progs.cloop_1000)));
	diag("bpf_loop(): N=10 %lld, N=1000 %lld insns (not compared)",
	     prog_verified_insns(bpf_program__fd(skel->progs.bpf_loop_10)),
	     prog_verified_insns(bpf_program__fd(skel->progs.bpf_loop_1000)));

	verif_cost_bpf__destroy(skel);
}
