// SPDX-License-Identifier: GPL-2.0
/*
 * Two ways to collect the tid of every thread from BPF: an open-coded task
 * walk, run with BPF_PROG_TEST_RUN, and an iter/task program whose
 * seq_file output bench.c reads.  /proc is the third way (bench.c).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

#define MAX_TIDS (1 << 15)

__u32 tids[MAX_TIDS];
/* in memory, not in a register, so that the loop converges */
int nr_tids;

SEC("raw_tp")
int task_walk(void *ctx)
{
	struct task_struct *t;

	nr_tids = 0;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS) {
		tids[nr_tids & (MAX_TIDS - 1)] = t->pid;
		nr_tids++;
	}
	return 0;
}

SEC("iter/task")
int task_seq(struct bpf_iter__task *ctx)
{
	struct task_struct *t = ctx->task;
	__u32 tid;

	if (!t)
		return 0;
	tid = t->pid;
	bpf_seq_write(ctx->meta->seq, &tid, sizeof(tid));
	return 0;
}

char _license[] SEC("license") = "GPL";
