// SPDX-License-Identifier: GPL-2.0
/*
 * A `ps` as a seq_file BPF iterator (SEC("iter/task"), Linux 5.8+): the
 * kernel walks the tasks and runs this program once per task.
 *
 *   bpftool iter pin task_ps.bpf.o /sys/fs/bpf/task_ps
 *   cat /sys/fs/bpf/task_ps
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("iter/task")
int task_ps(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task) {
		BPF_SEQ_PRINTF(seq, "%d tasks\n", (int)ctx->meta->seq_num);
		return 0;
	}
	if (ctx->meta->seq_num == 0)
		BPF_SEQ_PRINTF(seq, "%7s %7s %-16s\n", "TGID", "PID", "COMMAND");
	BPF_SEQ_PRINTF(seq, "%7d %7d %-16s\n", task->tgid, task->pid, task->comm);
	return 0;
}

char _license[] SEC("license") = "GPL";
