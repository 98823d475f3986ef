// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_iter_css walks recorded for tests/func/css_iter.c, which compares
 * them with cgroupfs and with the iter/cgroup seq_file target.  tc
 * programs: non-sleepable, run with BPF_PROG_TEST_RUN, and the cgroup
 * kfuncs are registered for them.
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

/* probe_ids: in */
__u64 probe_ids[MAX_PROBES];
int nr_probes;
/* probe_ids: out */
bool found[MAX_PROBES];

char _license[] SEC("license") = "GPL";

/* The walk of walk_order from the cgroup whose id is start_id. */
SEC("tc")
int walk(struct __sk_buff *skb)
{
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	struct cgroup *start;
	int i;

	nr_ids = 0;
	overflow = 0;
	new_err = 0;
	/*
	 * One NULL test per acquired pointer: 6.1's verifier does not take a
	 * tested cgroup for non-NULL in a second test (reg_type_not_null()),
	 * and would see it leaked on that impossible path.
	 */
	start = bpf_cgroup_from_id(start_id);
	if (!start) {
		start_found = 0;
		return 0;
	}
	start_found = 1;
	new_err = bpf_iter_css_new(&it, &start->self, walk_order);
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
	bpf_cgroup_release(start);
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
