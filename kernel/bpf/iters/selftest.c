// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot-time self-test of the registration checks for iterator kfuncs, and
 * of the numbers iterator's functions over edge ranges.
 *
 * Each malformed set below breaks one rule and must be refused; refusing it
 * must leave every kfunc registered before it in place (6.1 used to free a
 * BTF's whole kfunc table on any registration error).  A well-formed trio is
 * the positive control.  Results: /sys/kernel/debug/bpf_iters_selftest, one
 * "ok"/"not ok" line per check.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/seq_buf.h>
#include "num.h"

/* One iterator type per check, so that each trio is named correctly. */
struct bpf_iter_st_good { u64 opaque[2]; } __aligned(8);
struct bpf_iter_st_two_flags { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_odd_size { u32 a, b, c; };
struct bpf_iter_st_empty { };
struct bpf_iter_st_misnamed { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_next_args { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_next_scalar { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_next_no_null { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_destroy_ret { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_acquire { u64 opaque[1]; } __aligned(8);
struct bpf_iter_st_no_hook { u64 opaque[1]; } __aligned(8);
struct st_not_an_iter { u64 opaque[1]; } __aligned(8);

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

__used noinline int bpf_iter_st_good_new(struct bpf_iter_st_good *it)
{
	return 0;
}

__used noinline int *bpf_iter_st_good_next(struct bpf_iter_st_good *it)
{
	return NULL;
}

__used noinline void bpf_iter_st_good_destroy(struct bpf_iter_st_good *it)
{
}

__used noinline int bpf_iter_st_two_flags_new(struct bpf_iter_st_two_flags *it)
{
	return 0;
}

__used noinline int bpf_iter_st_no_args_new(void)
{
	return 0;
}

__used noinline int bpf_iter_st_scalar_arg_new(int it)
{
	return 0;
}

__used noinline int bpf_iter_st_wrong_struct_new(struct st_not_an_iter *it)
{
	return 0;
}

__used noinline int bpf_iter_st_odd_size_new(struct bpf_iter_st_odd_size *it)
{
	return 0;
}

__used noinline int bpf_iter_st_empty_new(struct bpf_iter_st_empty *it)
{
	return 0;
}

__used noinline int bpf_iter_st_misnamed_create(struct bpf_iter_st_misnamed *it)
{
	return 0;
}

__used noinline int *bpf_iter_st_next_args_next(struct bpf_iter_st_next_args *it, int n)
{
	return NULL;
}

__used noinline int bpf_iter_st_next_scalar_next(struct bpf_iter_st_next_scalar *it)
{
	return 0;
}

__used noinline int *bpf_iter_st_next_no_null_next(struct bpf_iter_st_next_no_null *it)
{
	return NULL;
}

__used noinline int bpf_iter_st_destroy_ret_destroy(struct bpf_iter_st_destroy_ret *it)
{
	return 0;
}

__used noinline int bpf_iter_st_acquire_new(struct bpf_iter_st_acquire *it)
{
	return 0;
}

__used noinline int bpf_iter_st_no_hook_new(struct bpf_iter_st_no_hook *it)
{
	return 0;
}

__diag_pop();

BTF_SET8_START(st_good_ids)
BTF_ID_FLAGS(func, bpf_iter_st_good_new, KF_ITER_NEW)
BTF_ID_FLAGS(func, bpf_iter_st_good_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_st_good_destroy, KF_ITER_DESTROY)
BTF_SET8_END(st_good_ids)

BTF_SET8_START(st_two_flags_ids)
BTF_ID_FLAGS(func, bpf_iter_st_two_flags_new, KF_ITER_NEW | KF_ITER_NEXT)
BTF_SET8_END(st_two_flags_ids)

BTF_SET8_START(st_no_args_ids)
BTF_ID_FLAGS(func, bpf_iter_st_no_args_new, KF_ITER_NEW)
BTF_SET8_END(st_no_args_ids)

BTF_SET8_START(st_scalar_arg_ids)
BTF_ID_FLAGS(func, bpf_iter_st_scalar_arg_new, KF_ITER_NEW)
BTF_SET8_END(st_scalar_arg_ids)

BTF_SET8_START(st_wrong_struct_ids)
BTF_ID_FLAGS(func, bpf_iter_st_wrong_struct_new, KF_ITER_NEW)
BTF_SET8_END(st_wrong_struct_ids)

BTF_SET8_START(st_odd_size_ids)
BTF_ID_FLAGS(func, bpf_iter_st_odd_size_new, KF_ITER_NEW)
BTF_SET8_END(st_odd_size_ids)

BTF_SET8_START(st_empty_ids)
BTF_ID_FLAGS(func, bpf_iter_st_empty_new, KF_ITER_NEW)
BTF_SET8_END(st_empty_ids)

BTF_SET8_START(st_misnamed_ids)
BTF_ID_FLAGS(func, bpf_iter_st_misnamed_create, KF_ITER_NEW)
BTF_SET8_END(st_misnamed_ids)

BTF_SET8_START(st_next_args_ids)
BTF_ID_FLAGS(func, bpf_iter_st_next_args_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_SET8_END(st_next_args_ids)

BTF_SET8_START(st_next_scalar_ids)
BTF_ID_FLAGS(func, bpf_iter_st_next_scalar_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_SET8_END(st_next_scalar_ids)

BTF_SET8_START(st_next_no_null_ids)
BTF_ID_FLAGS(func, bpf_iter_st_next_no_null_next, KF_ITER_NEXT)
BTF_SET8_END(st_next_no_null_ids)

BTF_SET8_START(st_destroy_ret_ids)
BTF_ID_FLAGS(func, bpf_iter_st_destroy_ret_destroy, KF_ITER_DESTROY)
BTF_SET8_END(st_destroy_ret_ids)

BTF_SET8_START(st_acquire_ids)
BTF_ID_FLAGS(func, bpf_iter_st_acquire_new, KF_ITER_NEW | KF_ACQUIRE)
BTF_SET8_END(st_acquire_ids)

BTF_SET8_START(st_no_hook_ids)
BTF_ID_FLAGS(func, bpf_iter_st_no_hook_new, KF_ITER_NEW)
BTF_SET8_END(st_no_hook_ids)

/* The first kfunc of each set, to look it up afterwards. */
BTF_ID_LIST(st_func_ids)
BTF_ID(func, bpf_iter_st_good_new)
BTF_ID(func, bpf_iter_st_two_flags_new)
BTF_ID(func, bpf_iter_st_no_args_new)
BTF_ID(func, bpf_iter_st_scalar_arg_new)
BTF_ID(func, bpf_iter_st_wrong_struct_new)
BTF_ID(func, bpf_iter_st_odd_size_new)
BTF_ID(func, bpf_iter_st_empty_new)
BTF_ID(func, bpf_iter_st_misnamed_create)
BTF_ID(func, bpf_iter_st_next_args_next)
BTF_ID(func, bpf_iter_st_next_scalar_next)
BTF_ID(func, bpf_iter_st_next_no_null_next)
BTF_ID(func, bpf_iter_st_destroy_ret_destroy)
BTF_ID(func, bpf_iter_st_acquire_new)
BTF_ID(func, bpf_iter_st_no_hook_new)
BTF_ID(func, bpf_iter_num_new)

static const struct {
	const char *what;
	struct btf_id_set8 *set;
	enum bpf_prog_type prog_type;
} st_cases[] = {
	{ "well-formed trio is accepted", &st_good_ids, BPF_PROG_TYPE_SYSCALL },
	{ "two KF_ITER flags", &st_two_flags_ids, BPF_PROG_TYPE_SYSCALL },
	{ "no argument", &st_no_args_ids, BPF_PROG_TYPE_SYSCALL },
	{ "first argument not a pointer", &st_scalar_arg_ids, BPF_PROG_TYPE_SYSCALL },
	{ "first argument not struct bpf_iter_*", &st_wrong_struct_ids, BPF_PROG_TYPE_SYSCALL },
	{ "state size not a multiple of 8", &st_odd_size_ids, BPF_PROG_TYPE_SYSCALL },
	{ "state size 0", &st_empty_ids, BPF_PROG_TYPE_SYSCALL },
	{ "name not bpf_iter_<type>_new", &st_misnamed_ids, BPF_PROG_TYPE_SYSCALL },
	{ "next with a second argument", &st_next_args_ids, BPF_PROG_TYPE_SYSCALL },
	{ "next returning a scalar", &st_next_scalar_ids, BPF_PROG_TYPE_SYSCALL },
	{ "next without KF_RET_NULL", &st_next_no_null_ids, BPF_PROG_TYPE_SYSCALL },
	{ "destroy returning a value", &st_destroy_ret_ids, BPF_PROG_TYPE_SYSCALL },
	{ "new with KF_ACQUIRE", &st_acquire_ids, BPF_PROG_TYPE_SYSCALL },
	/* not a program type at all: no hook, ever */
	{ "program type without a kfunc hook", &st_no_hook_ids, (enum bpf_prog_type)-1 },
};

/*
 * The numbers iterator's functions against plain arithmetic, edge ranges
 * included.  Ranges longer than 1000 are only started and looked into.
 */
static const struct {
	int start, end;
} st_num_ranges[] = {
	{ 0, 0 }, { 0, 1 }, { -1, 3 }, { INT_MIN, INT_MIN + 2 },
	{ INT_MAX - 2, INT_MAX }, { INT_MAX, INT_MAX }, { 5, 4 },
	{ 0, BPF_MAX_LOOPS }, { -1, BPF_MAX_LOOPS }, { INT_MIN, INT_MAX },
};

static bool st_num_range(int start, int end, int *err)
{
	s64 len = (s64)end - start, n = 0;
	int want_err = len < 0 ? -EINVAL : len > BPF_MAX_LOOPS ? -E2BIG : 0;
	struct bpf_iter_num it;
	bool ok = true;
	int *v;

	*err = bpf_iter_num_new(&it, start, end);
	while ((v = bpf_iter_num_next(&it)) && n < 1000)
		ok &= *v == start + n++;
	if (!want_err && len <= 1000)
		ok &= !v && n == len && !bpf_iter_num_next(&it);
	else
		ok &= want_err ? !v && !n : !!v;
	bpf_iter_num_destroy(&it);
	return ok && *err == want_err;
}

static char st_results[4096];
static struct debugfs_blob_wrapper st_blob = { .data = st_results };

static int __init bpf_iters_selftest(void)
{
	struct btf *btf = bpf_get_btf_vmlinux();
	bool want_ok, registered;
	struct seq_buf sb;
	int i, j, err;

	seq_buf_init(&sb, st_results, sizeof(st_results));
	if (IS_ERR_OR_NULL(btf)) {
		seq_buf_printf(&sb, "not ok 0 vmlinux BTF missing\n");
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(st_cases); i++) {
		struct btf_kfunc_id_set kset = {
			.owner = THIS_MODULE,
			.set = st_cases[i].set,
		};
		const char *name;

		want_ok = i == 0;
		err = register_btf_kfunc_id_set(st_cases[i].prog_type, &kset);
		registered = btf_kfunc_id_set_contains(btf, BPF_PROG_TYPE_SYSCALL,
						       st_func_ids[i]);
		name = btf_name_by_offset(btf, btf_type_by_id(btf, st_func_ids[i])->name_off);
		seq_buf_printf(&sb, "%s %d %s: %s (err %d)\n",
			       (want_ok ? !err && registered : err == -EINVAL && !registered) ?
			       "ok" : "not ok", i + 1, st_cases[i].what, name, err);
	}
	/* bpf_iter_num's set (late_initcall) and the good trio came first. */
	registered = btf_kfunc_id_set_contains(btf, BPF_PROG_TYPE_SYSCALL,
					       st_func_ids[ARRAY_SIZE(st_cases)]) &&
		     btf_kfunc_id_set_contains(btf, BPF_PROG_TYPE_SYSCALL, st_func_ids[0]);
	seq_buf_printf(&sb, "%s %d earlier kfuncs kept: bpf_iter_num_new, bpf_iter_st_good_new\n",
		       registered ? "ok" : "not ok", i + 1);
	for (j = 0; j < ARRAY_SIZE(st_num_ranges); j++) {
		int start = st_num_ranges[j].start, end = st_num_ranges[j].end;
		bool ok = st_num_range(start, end, &err);

		seq_buf_printf(&sb, "%s %d num range [%d, %d): bpf_iter_num_new (err %d)\n",
			       ok ? "ok" : "not ok", i + 2 + j, start, end, err);
	}
out:
	st_blob.size = seq_buf_used(&sb);
	debugfs_create_blob("bpf_iters_selftest", 0444, NULL, &st_blob);
	return 0;
}
late_initcall_sync(bpf_iters_selftest);
