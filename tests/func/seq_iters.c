// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.1 seq_file iterators, used as the seed documentation shows (bpftool
 * iter pin + cat) and through libbpf, checked against /proc and cgroupfs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "task_tgids.skel.h"
#include "cgroup_ids.skel.h"

#define MAX_PIDS 65536
#define MAX_CGROUPS 64

/* Read all of `cat path`; cat stays unreaped, so /proc still lists it. */
static pid_t cat_unreaped(const char *path, char *out, size_t sz)
{
	size_t len = 0;
	int pipefd[2];
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		execlp("cat", "cat", path, NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + len, sz - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(pipefd[0]);
	return pid;
}

FUNC_TEST(seq_task_pinned_matches_proc)
{
	static int before[MAX_PIDS], after[MAX_PIDS], listed[MAX_PIDS];
	static unsigned long long vals[MAX_PIDS];
	static char out[1 << 20];
	const char *obj = "/tmp/task_tgids.bpf.o", *pin = "/sys/fs/bpf/task_tgids";
	char *pin_argv[] = { "bpftool", "iter", "pin", (char *)obj, (char *)pin, NULL };
	int nb, na, nl, i, status;
	const void *bytes;
	size_t sz;
	pid_t cat;

	bytes = task_tgids_bpf__elf_bytes(&sz);
	if (!CHECK_OK(write_file(obj, bytes, sz), "write object"))
		return;
	unlink(pin);
	if (!CHECK(run_capture(pin_argv, out, sizeof(out)) == 0, "bpftool iter pin: %s", out))
		return;
	nb = proc_tgids(before, MAX_PIDS);
	cat = cat_unreaped(pin, out, sizeof(out));
	na = proc_tgids(after, MAX_PIDS);
	CHECK(cat > 0 && waitpid(cat, &status, 0) == cat && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "cat %s failed", pin);
	unlink(pin);

	nl = parse_u64s(out, vals, MAX_PIDS);
	for (i = 0; i < nl; i++)
		listed[i] = (int)vals[i];
	qsort(listed, nl, sizeof(int), cmp_int);
	diag("listed %d processes; /proc had %d before and %d after the read", nl, nb, na);
	CHECK(nl > 0, "nothing listed");
	check_listed_in_snapshots(listed, nl, before, nb, after, na, "tgid");
	CHECK(has_int(listed, nl, getpid()) && has_int(listed, nl, cat) &&
	      has_int(listed, nl, 1), "runner, cat or init missing");
}

#define CG_TOP "/sys/fs/cgroup/seq_tree"
static const char *const cg_tree[] = { "", "/b", "/a", "/a/a1", "/a/a2", "/a/a2/x", "/b/b1" };
#define CG_N (int)(sizeof(cg_tree) / sizeof(cg_tree[0]))

static void cg_tree_remove(void)
{
	char path[256];
	int i;

	for (i = CG_N - 1; i >= 0; i--) {
		snprintf(path, sizeof(path), CG_TOP "%s", cg_tree[i]);
		rmdir(path);
	}
}

FUNC_TEST(seq_cgroup_preorder_matches_cgroupfs)
{
	unsigned long long want[MAX_CGROUPS], got[MAX_CGROUPS];
	union bpf_iter_link_info linfo = {};
	LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &linfo,
		    .link_info_len = sizeof(linfo));
	struct cgroup_ids_bpf *skel = NULL;
	struct bpf_link *link = NULL;
	int nwant, ngot, i, fd = -1;
	static char out[65536];
	char path[256];

	cg_tree_remove();
	for (i = 0; i < CG_N; i++) {
		snprintf(path, sizeof(path), CG_TOP "%s", cg_tree[i]);
		if (!CHECK(mkdir(path, 0755) == 0, "mkdir %s: %s", path, strerror(errno)))
			goto out;
	}
	nwant = cgroupfs_walk(CG_TOP, CGROUP_WALK_PRE, want, 0, MAX_CGROUPS);
	CHECK_EQ(nwant, CG_N, "cgroups found in cgroupfs");

	skel = cgroup_ids_bpf__open_and_load();
	if (!CHECK_PTR(skel, "open_and_load"))
		goto out;
	fd = open(CG_TOP, O_RDONLY | O_DIRECTORY);
	linfo.cgroup.cgroup_fd = fd;
	linfo.cgroup.order = BPF_CGROUP_ITER_DESCENDANTS_PRE;
	link = bpf_program__attach_iter(skel->progs.dump_cgroup_id, &opts);
	if (!CHECK_PTR(link, "attach_iter"))
		goto out;
	/* 6.1's iter/cgroup must deliver the whole walk in one read() session. */
	if (!CHECK(read_iter_link(bpf_link__fd(link), out, sizeof(out)) >= 0,
		   "read the iter/cgroup seq_file: %s", strerror(errno)))
		goto out;
	ngot = parse_u64s(out, got, MAX_CGROUPS);
	CHECK_EQ(ngot, nwant, "cgroups walked");
	for (i = 0; i < ngot && i < nwant; i++)
		CHECK(got[i] == want[i], "position %d: id %llu, cgroupfs pre-order has %llu",
		      i, got[i], want[i]);
out:
	bpf_link__destroy(link);
	cgroup_ids_bpf__destroy(skel);
	if (fd >= 0)
		close(fd);
	cg_tree_remove();
}
