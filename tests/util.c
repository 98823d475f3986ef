// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by the functional tests. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include "test.h"

int run_capture(char *const argv[], char *out, size_t outsz)
{
	size_t len = 0;
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + len, outsz - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* All of fd into buf (NUL-terminated), then close it; bytes read or -1. */
static ssize_t read_all_and_close(int fd, char *buf, size_t sz)
{
	ssize_t n, len = 0;

	while ((n = read(fd, buf + len, sz - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	return n < 0 ? -1 : len;
}

ssize_t read_file(const char *path, char *buf, size_t sz)
{
	int fd = open(path, O_RDONLY);

	return fd < 0 ? -1 : read_all_and_close(fd, buf, sz);
}

ssize_t read_iter_link(int link_fd, char *buf, size_t sz)
{
	int fd = bpf_iter_create(link_fd);

	return fd < 0 ? -1 : read_all_and_close(fd, buf, sz);
}

int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

bool has_int(const int *set, int n, int v)
{
	return bsearch(&v, set, n, sizeof(int), cmp_int) != NULL;
}

int proc_dir_ints(const char *dir, int *vals, int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			vals[n++] = atoi(e->d_name);
	closedir(d);
	return n;
}

int proc_tgids(int *pids, int max)
{
	int n = proc_dir_ints("/proc", pids, max);

	if (n > 0)
		qsort(pids, n, sizeof(int), cmp_int);
	return n;
}

int proc_tids(int *tids, int max)
{
	static int tgids[65536];
	int ntg = proc_tgids(tgids, 65536), n = 0, i, k;
	char dir[64];

	for (i = 0; i < ntg && n < max; i++) {
		snprintf(dir, sizeof(dir), "/proc/%d/task", tgids[i]);
		k = proc_dir_ints(dir, tids + n, max - n);
		if (k > 0)	/* a process may exit meanwhile */
			n += k;
	}
	qsort(tids, n, sizeof(int), cmp_int);
	return n;
}

void check_listed_in_snapshots(const int *listed, int nl, const int *before, int nb,
			       const int *after, int na, const char *what)
{
	int i;

	/* Everything in /proc both before and after is listed ... */
	for (i = 0; i < nb; i++)
		if (has_int(after, na, before[i]))
			CHECK(has_int(listed, nl, before[i]), "%s %d in /proc, not listed",
			      what, before[i]);
	/* ... everything listed was in /proc at one of those times ... */
	for (i = 0; i < nl; i++)
		CHECK(has_int(before, nb, listed[i]) || has_int(after, na, listed[i]),
		      "listed %s %d is not in /proc", what, listed[i]);
	/* ... and only once. */
	for (i = 1; i < nl; i++)
		CHECK(listed[i] != listed[i - 1], "%s %d listed twice", what, listed[i]);
}

int parse_u64s(const char *s, unsigned long long *vals, int max)
{
	char *end;
	int n = 0;

	while (n < max) {
		unsigned long long v = strtoull(s, &end, 0);

		if (end == s)
			break;
		vals[n++] = v;
		s = end;
	}
	return n;
}

const char *runner_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;

	if (!dir[0]) {
		n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
		dir[n > 0 ? n : 0] = '\0';
		*(strrchr(dir, '/') ?: dir) = '\0';
	}
	return dir;
}

long long prog_verified_insns(int prog_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -1;
	return info.verified_insns;
}

__u64 cgroup_id_of(const char *dir)
{
	struct stat st;

	/* a cgroup2 directory's inode number is the cgroup id */
	return stat(dir, &st) ? 0 : st.st_ino;
}

struct cgroup_dir {
	__u64 id;
	char path[PATH_MAX];
};

static int cmp_cgroup_dir(const void *a, const void *b)
{
	__u64 x = ((const struct cgroup_dir *)a)->id, y = ((const struct cgroup_dir *)b)->id;

	return (x > y) - (x < y);
}

/*
 * The child cgroups of dir in id order, which is creation order (ids only
 * grow) and the order of the kernel's children lists; count or -1.
 */
static int cgroupfs_children(const char *dir, struct cgroup_dir *kids, int max)
{
	struct dirent *e;
	int n = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (n == max)
			break;
		snprintf(kids[n].path, sizeof(kids[n].path), "%s/%s", dir, e->d_name);
		kids[n].id = cgroup_id_of(kids[n].path);
		n++;
	}
	closedir(d);
	if (e)
		return -1;
	qsort(kids, n, sizeof(*kids), cmp_cgroup_dir);
	return n;
}

#define MAX_CHILDREN 64

int cgroupfs_walk(const char *dir, unsigned int order, __u64 *ids, int n, int max)
{
	struct cgroup_dir *kids = calloc(MAX_CHILDREN, sizeof(*kids));
	__u64 id = cgroup_id_of(dir);
	int nkids, i;

	nkids = kids ? cgroupfs_children(dir, kids, MAX_CHILDREN) : -1;
	if (!id || nkids < 0 || n + 1 + nkids > max)
		n = -1;
	if (n >= 0 && order == CGROUP_WALK_PRE)
		ids[n++] = id;
	for (i = 0; n >= 0 && i < nkids; i++) {
		if (order == CGROUP_WALK_CHILDREN)
			ids[n++] = kids[i].id;
		else
			n = cgroupfs_walk(kids[i].path, order, ids, n, max);
	}
	if (n >= 0 && order == CGROUP_WALK_POST)
		ids[n++] = id;
	free(kids);
	return n;
}

int cgroupfs_up(const char *dir, __u64 *ids, int max)
{
	char path[PATH_MAX];
	int n = 0;

	snprintf(path, sizeof(path), "%s", dir);
	while (n < max) {
		ids[n] = cgroup_id_of(path);
		if (!ids[n++])
			return -1;
		if (!strcmp(path, CGROUP_ROOT))
			return n;
		*strrchr(path, '/') = '\0';
	}
	return -1;
}

int parse_sorted_ints(const char *s, int *vals, int max)
{
	char *end;
	int n = 0;

	while (n < max) {
		long v = strtol(s, &end, 0);

		if (end == s)
			break;
		vals[n++] = (int)v;
		s = end;
	}
	qsort(vals, n, sizeof(*vals), cmp_int);
	return n;
}
