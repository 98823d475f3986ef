// SPDX-License-Identifier: GPL-2.0
/*
 * The tasks of a cgroup: the iter/cgroup target's one, one pid per line,
 * or, from a sleepable program, the one whose id is cgroup_id.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"

char _license[] SEC("license") = "GPL";

#define MAX_PIDS 256

unsigned int task_flags;
int new_err;

/* list_css_tasks: in */
__u64 cgroup_id;
/* list_css_tasks: out */
int pids[MAX_PIDS];
int nr_pids;

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

/* Sleepable and outside any RCU section, which css_task does not need. */
SEC("syscall")
int list_css_tasks(void *ctx)
{
	struct bpf_iter_css_task it;
	struct task_struct *task;
	struct cgroup *cgrp;
	int i;

	nr_pids = 0;
	cgrp = bpf_cgroup_from_id(cgroup_id);
	if (!cgrp)
		return 1;
	new_err = bpf_iter_css_task_new(&it, &cgrp->self, task_flags);
	while ((task = bpf_iter_css_task_next(&it))) {
		i = nr_pids;
		if (i < 0 || i >= MAX_PIDS)
			break;
		pids[i] = task->pid;
		nr_pids = i + 1;
	}
	bpf_iter_css_task_destroy(&it);
	bpf_cgroup_release(cgrp);
	return 0;
}
