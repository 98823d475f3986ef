// SPDX-License-Identifier: GPL-2.0
/*
 * Loader for cgroup_tree.bpf.c: create a small cgroup tree, print what the
 * program saw at the last mkdir, remove the tree.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include "cgroup_tree.h"
#include "cgroup_tree.skel.h"

#define TOP "/sys/fs/cgroup/demo"

static const char *const dirs[] = {
	TOP, TOP "/web", TOP "/web/frontend", TOP "/web/api", TOP "/db", TOP "/db/replica",
};
#define NR_DIRS ((int)(sizeof(dirs) / sizeof(dirs[0])))

int main(void)
{
	struct cgroup_tree_bpf *skel;
	struct stat st;
	int i, err = 1;

	skel = cgroup_tree_bpf__open_and_load();
	if (!skel)
		return 1;
	skel->bss->target_tgid = getpid();
	if (mkdir(TOP, 0755) || stat(TOP, &st))
		goto out;
	skel->bss->tree_top_id = st.st_ino;
	if (cgroup_tree_bpf__attach(skel))
		goto out;
	for (i = 1; i < NR_DIRS; i++)
		if (mkdir(dirs[i], 0755))
			goto out;
	cgroup_tree_bpf__detach(skel);

	printf("at mkdir %s, ANCESTORS_UP from the tp_btf argument:\n ", dirs[NR_DIRS - 1]);
	for (i = 0; i < skel->bss->nr_ancestors; i++)
		printf(" %s%s(id %llu)", i ? "<- " : "", skel->bss->ancestors[i].name[0] ?
		       skel->bss->ancestors[i].name : "/",
		       (unsigned long long)skel->bss->ancestors[i].id);
	printf("\nDESCENDANTS_PRE of %s, from bpf_cgroup_from_id(%llu):\n", TOP,
	       (unsigned long long)st.st_ino);
	for (i = 0; i < skel->bss->nr_tree; i++)
		printf("  %*s%s (id %llu)\n", 2 * (skel->bss->tree[i].level - 1), "",
		       skel->bss->tree[i].name, (unsigned long long)skel->bss->tree[i].id);
	err = 0;
out:
	for (i = NR_DIRS - 1; i >= 0; i--)
		rmdir(dirs[i]);
	cgroup_tree_bpf__destroy(skel);
	return err;
}
