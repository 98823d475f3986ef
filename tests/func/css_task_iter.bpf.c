// SPDX-License-Identifier: GPL-2.0
/* The tasks of the iter/cgroup target's cgroup, one pid per line. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"

char _license[] SEC("license") = "GPL";

unsigned int task_flags;
int new_err;

SEC("iter/cgroup")
int dump_css_tasks(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	struct bpf_iter_css_task it;
	struct task_struct *task;

	if (!cgrp)
		return 0;
	new_err = bpf_iter_css_task_new(&it, &cgrp->self, task_flags);
	while ((task = bpf_iter_css_task_next(&it)))
		BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", task->pid);
	bpf_iter_css_task_destroy(&it);
	return 0;
}
