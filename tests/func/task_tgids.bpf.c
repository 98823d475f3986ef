// SPDX-License-Identifier: GPL-2.0
/* iter/task seq_file program: one line per process (thread-group leader). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("iter/task")
int dump_tgid(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task && task->pid == task->tgid)
		BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", task->tgid);
	return 0;
}

char _license[] SEC("license") = "GPL";
