// SPDX-License-Identifier: GPL-2.0
/*
 * A tp_btf program walks from its trusted cgroup argument: the ancestors of
 * each new cgroup against the directories above it in cgroupfs.
 */
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "css_tp_btf.skel.h"

static const char *const dirs[] = {
	"/sys/fs/cgroup/css_tp_btf", "/sys/fs/cgroup/css_tp_btf/a",
	"/sys/fs/cgroup/css_tp_btf/a/b",
};
#define NR_DIRS ((int)(sizeof(dirs) / sizeof(dirs[0])))

FUNC_TEST(css_iter_from_tp_btf_argument)
{
	struct css_tp_btf_bpf *skel;
	unsigned long long ino[NR_DIRS];
	int i, j;

	skel = css_tp_btf_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		return;
	skel->bss->target_tgid = getpid();
	if (!CHECK_OK(css_tp_btf_bpf__attach(skel), "attach"))
		goto out;
	for (i = 0; i < NR_DIRS; i++) {
		skel->bss->nr_ancestors = 0;
		if (!CHECK(mkdir(dirs[i], 0755) == 0, "mkdir %s", dirs[i]))
			break;
		ino[i] = cgroup_id_of(dirs[i]);
		/* the new cgroup, its i parents created here, then the root */
		CHECK_EQ(skel->bss->nr_ancestors, i + 2, "ancestors of the new cgroup");
		for (j = 0; j <= i && j < skel->bss->nr_ancestors; j++)
			CHECK_EQ(skel->bss->ancestor_ids[j], ino[i - j], "ancestor id");
		CHECK_EQ(skel->bss->ancestor_ids[i + 1], 1, "root id");
	}
out:
	for (i = NR_DIRS - 1; i >= 0; i--)
		rmdir(dirs[i]);
	css_tp_btf_bpf__destroy(skel);
}
