// SPDX-License-Identifier: GPL-2.0
/*
 * On each cgroup mkdir by the loader: the new cgroup's ancestors, from its
 * tp_btf argument (trusted: valid for the whole program, no reference
 * needed), and the tree under the directory the loader names by id, from
 * a reference bpf_cgroup_from_id() takes.  Both are bpf_for_each(css, ...)
 * loops: the program runs under RCU, which keeps each css it gets valid.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_iter_foreach.h"
#include "cgroup_tree.h"

int target_tgid;
__u64 tree_top_id;
struct cgroup_entry ancestors[MAX_CGROUPS], tree[MAX_CGROUPS];
int nr_ancestors, nr_tree;

static void record(struct cgroup_entry *e, struct cgroup_subsys_state *css)
{
	struct cgroup *cgrp = css->cgroup;

	e->id = cgrp->kn->id;
	e->level = cgrp->level;
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), cgrp->kn->name);
}

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(on_cgroup_mkdir, struct cgroup *cgrp, const char *path)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *top;
	int n = 0;

	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;

	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP) {
		if (n >= MAX_CGROUPS)
			break;
		record(&ancestors[n++], pos);
	}
	nr_ancestors = n;

	top = bpf_cgroup_from_id(tree_top_id);
	if (!top)
		return 0;
	n = 0;
	bpf_for_each(css, pos, &top->self, BPF_CGROUP_ITER_DESCENDANTS_PRE) {
		if (n >= MAX_CGROUPS)
			break;
		record(&tree[n++], pos);
	}
	nr_tree = n;
	bpf_cgroup_release(top);
	return 0;
}

char _license[] SEC("license") = "GPL";
