// SPDX-License-Identifier: GPL-2.0
/* iter/cgroup seq_file program: the id of every cgroup of the walk. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("iter/cgroup")
int dump_cgroup_id(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;

	if (cgrp)
		BPF_SEQ_PRINTF(ctx->meta->seq, "%llu\n", cgrp->kn->id);
	return 0;
}

char _license[] SEC("license") = "GPL";
