// SPDX-License-Identifier: GPL-2.0
/*
 * EXT program walking tasks in place of compute() of ext_target.bpf.c, a
 * function of a sleepable (syscall) program: the verifier must refuse it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

SEC("freplace/compute")
int count_tasks(int n)
{
	struct task_struct *t;
	int count = 0;

	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_PROCS)
		count++;
	return count;
}

char _license[] SEC("license") = "GPL";
