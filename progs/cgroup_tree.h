/* SPDX-License-Identifier: GPL-2.0 */
/* What cgroup_tree.bpf.c records for its loader, cgroup_tree.c. */
#ifndef CGROUP_TREE_H
#define CGROUP_TREE_H

#define MAX_CGROUPS 32

struct cgroup_entry {
	__u64 id;
	int level;
	char name[32];
};

#endif
