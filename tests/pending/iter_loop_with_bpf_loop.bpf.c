// SPDX-License-Identifier: GPL-2.0
/*
 * An iterator loop whose body calls bpf_loop(): upstream verifies it in 71
 * instructions; the 6.1 port rejects it after 1M ("BPF program is too
 * large").
 *
 * The callback stores a bounded scalar through a pointer other than r10,
 * and 6.1 asks for that value's precision there.  6.1's precision
 * backtracking stops at the bpf_loop() call (and at any subprogram call or
 * exit) and falls back to marking every scalar of the path precise.  Precise
 * scalars are not widened, so sum's range grows with every iteration and the
 * loop never converges.  Upstream tracks precision through subprograms and
 * callbacks (6.4, "bpf: support precision propagation in the presence of
 * subprogs") and records stack accesses through any register (6.8).
 *
 * Not in tests/progs: reaching the 1M instruction limit takes minutes under
 * TCG with KASAN.  Run it with `make check EXTRA_TESTS=tests/pending`.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

static int plain_cb(__u32 idx, void *ctx)
{
	long *sum = ctx;

	*sum += idx;
	return 0;
}

SEC("syscall")
__description("bpf_loop() without iterators called from an iterator loop")
__success __retval(9)
int callback_in_iter_loop(void *ctx)
{
	long sum = 0;
	int i;

	bpf_for(i, 0, 3)
		bpf_loop(3, plain_cb, &sum, 0);	/* 0 + 1 + 2 each time */
	return sum;
}

char _license[] SEC("license") = "GPL";
