// SPDX-License-Identifier: GPL-2.0
/*
 * Ways to collect the ids of kernel objects from BPF, for bench.c: an
 * open-coded walk, run with BPF_PROG_TEST_RUN, and a seq_file iterator
 * program whose output bench.c reads, for every thread (task) and for the
 * cgroups under one cgroup (css).  bench.c also walks /proc and cgroupfs.
 * And a cgroup found by id, looked up or searched for.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

#define MAX_TIDS (1 << 15)
#define MAX_CGROUP_IDS (1 << 13)

__u32 tids[MAX_TIDS];
/* in memory, not in a register, so that the loop converges */
int nr_tids;

/* css walks: the top cgroup's id in, its descendants' ids out */
__u64 top_cgroup_id;
__u64 cgroup_ids[MAX_CGROUP_IDS];
int nr_cgroup_ids;
/*
 * Bytes of each id css_seq writes: iter/cgroup cannot go on in a second
 * read (EOPNOTSUPP) and the seq_file buffer is 8 pages, which hold the
 * 8-byte ids of 4,095 cgroups at most.  On x86 the first 4 bytes are the
 * low half.
 */
int seq_id_bytes = 8;

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

/* tc: bpf_cgroup_from_id() is not for raw_tp programs */
SEC("tc")
int css_walk(struct __sk_buff *skb)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *top;

	nr_cgroup_ids = 0;
	/* tested once: 6.1 would see a second test's NULL branch leak it */
	top = bpf_cgroup_from_id(top_cgroup_id);
	if (!top)
		return 0;
	bpf_for_each(css, pos, &top->self, BPF_CGROUP_ITER_DESCENDANTS_PRE) {
		cgroup_ids[nr_cgroup_ids & (MAX_CGROUP_IDS - 1)] = pos->cgroup->kn->id;
		nr_cgroup_ids++;
	}
	bpf_cgroup_release(top);
	return 0;
}

/* cgroup lookups: the id to find and how many times; how many were found */
__u64 lookup_id;
int nr_lookups, nr_found;

/* bpf_cgroup_from_id(lookup_id), nr_lookups times */
SEC("tc")
int cgroup_lookup(struct __sk_buff *skb)
{
	struct cgroup *cgrp;
	int i;

	nr_found = 0;
	bpf_for(i, 0, nr_lookups) {
		cgrp = bpf_cgroup_from_id(lookup_id);
		if (!cgrp)
			continue;
		nr_found++;
		bpf_cgroup_release(cgrp);
	}
	return 0;
}

/*
 * The same by a pre-order search from the root: the walk the series'
 * bpf_cgroup_from_id() made before it looked ids up in kernfs, open-coded
 * here, so with an iterator step's cost per cgroup on top.
 */
SEC("tc")
int cgroup_search(struct __sk_buff *skb)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *root, *cgrp;
	int i;

	nr_found = 0;
	root = bpf_cgroup_from_id(1);
	if (!root)
		return 0;
	bpf_for(i, 0, nr_lookups) {
		bpf_for_each(css, pos, &root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE) {
			if (pos->cgroup->kn->id != lookup_id)
				continue;
			cgrp = bpf_cgroup_acquire(pos->cgroup);
			if (cgrp) {
				nr_found++;
				bpf_cgroup_release(cgrp);
			}
			break;
		}
	}
	bpf_cgroup_release(root);
	return 0;
}

SEC("iter/cgroup")
int css_seq(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	__u64 id;

	if (!cgrp)
		return 0;
	id = cgrp->kn->id;
	bpf_seq_write(ctx->meta->seq, &id, seq_id_bytes == 4 ? 4 : 8);
	return 0;
}

char _license[] SEC("license") = "GPL";
