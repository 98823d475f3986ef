// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css walks recorded for tests/func/css_iter.c, which compares
 * them with cgroupfs and with the iter/cgroup seq_file target.  tc programs
 * (non-sleepable) and syscall ones (sleepable), both run with
 * BPF_PROG_TEST_RUN; the cgroup kfuncs are registered for both.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_iter_foreach.h"

#define MAX_CGROUPS 4096
#define MAX_PROBES 64

/* walk: in */
__u64 start_id;
unsigned int walk_order;
/* walk: out */
__u64 ids[MAX_CGROUPS];
int nr_ids, start_found, new_err, overflow;

/* walk_all_from_task_cgroup: out, and ids */
__u64 task_cgroup_id;
int nr_up;

/* probe_ids: in */
__u64 probe_ids[MAX_PROBES];
int nr_probes;
/* probe_ids: out */
bool found[MAX_PROBES];

char _license[] SEC("license") = "GPL";

/* The walk of order from css into ids. */
static __always_inline void record_walk(struct cgroup_subsys_state *css, unsigned int order)
{
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	int i;

	nr_ids = 0;
	overflow = 0;
	new_err = bpf_iter_css_new(&it, css, order);
	while ((pos = bpf_iter_css_next(&it))) {
		i = nr_ids;
		if (i < 0 || i >= MAX_CGROUPS) {
			overflow = 1;
			break;
		}
		ids[i] = pos->cgroup->kn->id;
		nr_ids = i + 1;
	}
	bpf_iter_css_destroy(&it);
}

/* The walk of walk_order from the cgroup whose id is start_id. */
static __always_inline void walk_from_id(void)
{
	struct cgroup *start;

	nr_ids = 0;
	new_err = 0;
	/*
	 * One NULL test per acquired pointer: 6.1's verifier does not take a
	 * tested cgroup for non-NULL in a second test (reg_type_not_null()),
	 * and would see it leaked on that impossible path.
	 */
	start = bpf_cgroup_from_id(start_id);
	if (!start) {
		start_found = 0;
		return;
	}
	start_found = 1;
	record_walk(&start->self, walk_order);
	bpf_cgroup_release(start);
}

SEC("tc")
int walk(struct __sk_buff *skb)
{
	walk_from_id();
	return 0;
}

/* The same from a sleepable program, in an RCU read-side section. */
SEC("syscall")
int walk_sleepable(void *ctx)
{
	bpf_rcu_read_lock();
	walk_from_id();
	bpf_rcu_read_unlock();
	return 0;
}

/*
 * Every cgroup, pre-order from the root, which a sleepable program finds
 * going up from the current task's cgroup: an RCU pointer, acquired.
 */
SEC("syscall")
int walk_all_from_task_cgroup(void *ctx)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp, *root = NULL;

	nr_ids = 0;
	nr_up = 0;
	bpf_rcu_read_lock();
	cgrp = bpf_cgroup_acquire(bpf_get_current_task_btf()->cgroups->dfl_cgrp);
	bpf_rcu_read_unlock();
	if (!cgrp)
		return 0;
	task_cgroup_id = cgrp->kn->id;
	bpf_rcu_read_lock();
	bpf_for_each(css, pos, &cgrp->self, BPF_CGROUP_ITER_ANCESTORS_UP) {
		nr_up++;
		if (!pos->parent) {
			root = bpf_cgroup_acquire(pos->cgroup);
			break;
		}
	}
	if (root) {
		record_walk(&root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE);
		bpf_cgroup_release(root);
	}
	bpf_rcu_read_unlock();
	bpf_cgroup_release(cgrp);
	return 0;
}

/* Whether bpf_cgroup_from_id() finds each probe id; released at once. */
SEC("tc")
int probe_ids_found(struct __sk_buff *skb)
{
	struct cgroup *cgrp;
	int i;

	bpf_for(i, 0, nr_probes < MAX_PROBES ? nr_probes : MAX_PROBES) {
		found[i] = false;
		cgrp = bpf_cgroup_from_id(probe_ids[i]);
		if (!cgrp)
			continue;
		found[i] = true;
		bpf_cgroup_release(cgrp);
	}
	return 0;
}

/* 8 bytes per cgroup: the walk must fit the seq_file buffer in one go. */
SEC("iter/cgroup")
int dump_id(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	__u64 id;

	if (!cgrp)
		return 0;
	id = cgrp->kn->id;
	bpf_seq_write(ctx->meta->seq, &id, sizeof(id));
	return 0;
}
