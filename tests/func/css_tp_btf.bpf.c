// SPDX-License-Identifier: GPL-2.0
/* ANCESTORS_UP from the trusted cgroup argument of tp_btf/cgroup_mkdir. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"

#define MAX_LEVELS 16

char _license[] SEC("license") = "GPL";

int target_tgid;
__u64 ancestor_ids[MAX_LEVELS];
int nr_ancestors;

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(ancestors_of_new_cgroup, struct cgroup *cgrp, const char *path)
{
	struct cgroup_subsys_state *pos;
	int n = 0;

	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP) {
		if (n >= MAX_LEVELS)
			break;
		ancestor_ids[n++] = pos->cgroup->kn->id;
	}
	nr_ancestors = n;
	return 0;
}
