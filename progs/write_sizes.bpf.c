// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe on write(2) that bins the sizes of one process's writes by
 * powers of two.  bpf_for_each(num, ...) walks the bit positions; the
 * verifier checks the loop once, whatever its length.  The element it hands
 * out is an opaque int to the verifier, so using it as an index takes a
 * bounds check of its own (bpf_for() would do that for us).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf_iter_foreach.h"

#define NR_BUCKETS 32

int target_tgid;
__u64 hist[NR_BUCKETS];	/* hist[b]: writes of 2^b to 2^(b+1) - 1 bytes */

SEC("ksyscall/write")
int BPF_KSYSCALL(count_write, int fd, const void *buf, size_t count)
{
	int *bit, bucket = 0;

	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	bpf_for_each(num, bit, 1, NR_BUCKETS) {
		int b = *bit;

		if (b < 0 || b >= NR_BUCKETS)
			break;
		if (count >> b)
			bucket = b;
	}
	__sync_fetch_and_add(&hist[bucket], 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
