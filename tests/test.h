/* SPDX-License-Identifier: GPL-2.0 */
/* Functional tests: userspace C linked into the runner. */
#ifndef TESTS_TEST_H
#define TESTS_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

struct func_test {
	const char *name;
	void (*fn)(void);
};

/*
 * FUNC_TEST(name) { ... } defines a test reported as "func/<name>".  It fails
 * if any CHECK() in it failed; FUNC_SUBTEST() reports one extra result.
 */
#define FUNC_TEST(tname)						\
	static void tname(void);					\
	static const struct func_test __ft_##tname = { #tname, tname };	\
	static const struct func_test *__ft_ptr_##tname			\
		__attribute__((used, section("func_tests"))) = &__ft_##tname; \
	static void tname(void)

/* Print a TAP diagnostic line. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Record a failed check in the current test, with its location. */
void check_failed(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Report one named result of the current test right away. */
void subtest_result(const char *name, bool ok);
/* Verbose output requested (-v). */
extern bool verbose;

/* Helpers (tests/util.c) */
#include <sys/types.h>
/* Run argv, capture stdout and stderr (NUL-terminated); exit status or -1. */
int run_capture(char *const argv[], char *out, size_t outsz);
/* Whole file into buf (NUL-terminated); bytes read or -1. */
ssize_t read_file(const char *path, char *buf, size_t sz);
/* All the output of a new bpf_iter_create() session on an iterator link. */
ssize_t read_iter_link(int link_fd, char *buf, size_t sz);
int write_file(const char *path, const void *data, size_t len);
/* Numeric entries of a /proc directory, in readdir order; count or -1. */
int proc_dir_ints(const char *dir, int *vals, int max);
/* Sorted thread-group ids of /proc; count or -1. */
int proc_tgids(int *pids, int max);
/* Sorted thread ids of every process in /proc; count. */
int proc_tids(int *tids, int max);
/*
 * CHECK() that the sorted, listed ids were in /proc: every id present both
 * before and after the listing is listed, every listed id was present at one
 * of those times, and none is listed twice.
 */
void check_listed_in_snapshots(const int *listed, int nl, const int *before, int nb,
			       const int *after, int na, const char *what);
/* Parse whitespace-separated integers; count. */
int parse_u64s(const char *s, unsigned long long *vals, int max);
/* Parse whitespace-separated integers, sorted; count. */
int parse_sorted_ints(const char *s, int *vals, int max);
int cmp_int(const void *a, const void *b);
/* Is v in the sorted array? */
bool has_int(const int *set, int n, int v);
/* bpf_prog_info.verified_insns of a loaded program, or -1. */
long long prog_verified_insns(int prog_fd);
/* cgroup2 */
#include <linux/types.h>
#define CGROUP_ROOT "/sys/fs/cgroup"
/* enum bpf_cgroup_iter_order values; CHILDREN is newer than the uapi headers */
#define CGROUP_WALK_PRE		2
#define CGROUP_WALK_POST	3
#define CGROUP_WALK_UP		4
#define CGROUP_WALK_CHILDREN	5
/* The cgroup id of a cgroup2 directory, 0 if none. */
__u64 cgroup_id_of(const char *dir);
/*
 * Append to ids[n...] the cgroups of dir in a CGROUP_WALK_PRE, _POST or
 * _CHILDREN walk, siblings in creation order; the new count, -1 past max.
 */
int cgroupfs_walk(const char *dir, unsigned int order, __u64 *ids, int n, int max);
/* dir and the directories above it up to CGROUP_ROOT; count or -1. */
int cgroupfs_up(const char *dir, __u64 *ids, int max);
/* Directory of the runner binary (to find test objects next to it). */
const char *runner_dir(void);

#define CHECK(cond, fmt, ...) ({					\
	bool __ok = !!(cond);						\
	if (!__ok)							\
		check_failed(__FILE__, __LINE__, "%s: " fmt, #cond, ##__VA_ARGS__); \
	__ok;								\
})

#define CHECK_EQ(a, b, what) ({						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	CHECK(__a == __b, "%s: %lld != %lld", what, __a, __b);		\
})

/* errno-style check for libbpf calls returning <0 or NULL on error. */
#define CHECK_OK(err, what) CHECK((err) == 0, "%s failed: %d (%s)", what, \
				  (int)(err), strerror(errno))
#define CHECK_PTR(ptr, what) CHECK((ptr) != NULL, "%s failed: %s", what, \
				   strerror(errno))

#endif
