// SPDX-License-Identifier: GPL-2.0
/*
 * Every macro of include/bpf_iter_foreach.h, run.  bpf_for_each(),
 * bpf_for() and bpf_repeat() are left by the end of the range, break,
 * continue, return and goto; each way out must destroy the iterator (the
 * verifier rejects the program otherwise, as a leaked reference) and the
 * results are checked through the return value.  Also bpf_ksym_exists()
 * for present and missing kfuncs and variables, and the task iterator
 * mode constants.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define ARRAY_SIZE(x) (int)(sizeof(x) / sizeof((x)[0]))

_Static_assert(BPF_TASK_ITER_ALL_PROCS == 0, "BPF_TASK_ITER_ALL_PROCS");
_Static_assert(BPF_TASK_ITER_ALL_THREADS == 1, "BPF_TASK_ITER_ALL_THREADS");
_Static_assert(BPF_TASK_ITER_PROC_THREADS == 2, "BPF_TASK_ITER_PROC_THREADS");

int lo = 3, hi = 7;
int arr[16];

/* ---------------------------------------------------------------------- */
/* bpf_for_each                                                           */

SEC("syscall")
__description("bpf_for_each: whole range")
__success __retval(45)
int for_each_sum(void *ctx)
{
	int *v, sum = 0;

	bpf_for_each(num, v, 0, 10)
		sum += *v;
	return sum;
}

SEC("syscall")
__description("bpf_for_each: continue skips to the next element")
__success __retval(25)
int for_each_continue(void *ctx)
{
	int *v, sum = 0;

	bpf_for_each(num, v, 0, 10) {
		if (!(*v & 1))
			continue;
		sum += *v;
	}
	return sum;
}

SEC("syscall")
__description("bpf_for_each: break")
__success __retval(10)
int for_each_break(void *ctx)
{
	int *v, sum = 0;

	bpf_for_each(num, v, 0, 10) {
		if (*v == 5)
			break;
		sum += *v;
	}
	return sum;
}

SEC("syscall")
__description("bpf_for_each: return from inside the loop")
__success __retval(107)
int for_each_return(void *ctx)
{
	int *v;

	bpf_for_each(num, v, 100, 200) {
		if (*v == 107)
			return *v;
	}
	return -1;
}

SEC("syscall")
__description("bpf_for_each: goto out of the loop")
__success __retval(1003)
int for_each_goto(void *ctx)
{
	int *v, found = -1;

	bpf_for_each(num, v, 0, 10) {
		if (*v == 3) {
			found = *v;
			goto out;
		}
	}
	return -1;
out:
	return 1000 + found;
}

SEC("syscall")
__description("bpf_for_each: cur is NULL after a loop that ran to the end")
__success __retval(1)
int for_each_cur_null_after(void *ctx)
{
	int *v = (int *)1;

	bpf_for_each(num, v, 0, 3)
		;
	return v == NULL;
}

/* ---------------------------------------------------------------------- */
/* bpf_for                                                                */

SEC("syscall")
__description("bpf_for: whole range")
__success __retval(45)
int for_sum(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, 10)
		sum += i;
	return sum;
}

SEC("syscall")
__description("bpf_for: continue and break")
__success __retval(12)
int for_continue_break(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, 100) {
		if (i & 1)
			continue;
		if (i > 6)
			break;
		sum += i;	/* 0 + 2 + 4 + 6 */
	}
	return sum;
}

SEC("syscall")
__description("bpf_for: return from inside the loop")
__success __retval(42)
int for_return(void *ctx)
{
	int i;

	bpf_for(i, 40, 50) {
		if (i == 42)
			return i;
	}
	return -1;
}

SEC("syscall")
__description("bpf_for: goto out of two nested loops")
__success __retval(23)
int for_goto_nested(void *ctx)
{
	int i, j;

	bpf_for(i, 0, 5) {
		bpf_for(j, 0, 5) {
			if (i == 2 && j == 3)
				goto out;
		}
	}
	return -1;
out:
	return i * 10 + j;
}

SEC("syscall")
__description("bpf_for: i is in [start, end) without a check of its own")
__success __retval(120)
int for_index_no_check(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, ARRAY_SIZE(arr))
		arr[i] = i;
	bpf_for(i, 0, ARRAY_SIZE(arr))
		sum += arr[i];
	return sum;
}

SEC("syscall")
__description("bpf_for: negative range shifted into an array index")
__success __retval(55)
int for_negative_index(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, -5, 5)
		arr[i + 5] = i + 6;	/* 1 .. 10 */
	bpf_for(i, -5, 5)
		sum += arr[i + 5];
	return sum;
}

SEC("syscall")
__description("bpf_for: bounds from globals, evaluated each iteration")
__success __retval(18)
int for_global_bounds(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, lo, hi)	/* 3 + 4 + 5 + 6 */
		sum += i;
	return sum;
}

SEC("syscall")
__description("bpf_for: unsigned and 64-bit loop variables")
__success __retval(93)
int for_other_types(void *ctx)
{
	__u32 u;
	long l;
	int sum = 0;

	bpf_for(u, 0, ARRAY_SIZE(arr))
		arr[u] = 3;
	bpf_for(l, 0, ARRAY_SIZE(arr))
		sum += arr[l];
	bpf_for(u, 10, 20)
		sum += u - 10;
	return sum;	/* 16 * 3 + 45 */
}

SEC("syscall")
__description("bpf_for: empty and invalid ranges run no iteration")
__success __retval(0)
int for_empty(void *ctx)
{
	int i, cnt = 0;

	bpf_for(i, 5, 5)
		cnt++;
	bpf_for(i, 5, 4)
		cnt++;
	return cnt;
}

/* ---------------------------------------------------------------------- */
/* bpf_repeat                                                             */

SEC("syscall")
__description("bpf_repeat: n times, and zero times")
__success __retval(1000)
int repeat_count(void *ctx)
{
	int cnt = 0;

	bpf_repeat(1000)
		cnt++;
	bpf_repeat(0)
		cnt += 100;
	return cnt;
}

SEC("syscall")
__description("bpf_repeat: break, continue, return and goto")
__success __retval(13)
int repeat_exits(void *ctx)
{
	int a = 0, b = 0;

	/* a = 3 (break), b = 10 (continue every time), then goto */
	bpf_repeat(10) {
		if (++a == 3)
			break;
	}
	bpf_repeat(10) {
		b++;
		if (b < 100)
			continue;
		return -1;
	}
	bpf_repeat(10) {
		if (a + b == 13)
			goto out;
		return -2;
	}
	return -3;
out:
	return a + b;
}

SEC("syscall")
__description("bpf_repeat: return from a loop nested in another")
__success __retval(5)
int repeat_nested_return(void *ctx)
{
	int n = 0;

	bpf_repeat(3) {
		bpf_repeat(3) {
			if (++n == 5)
				return n;
		}
	}
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Combinations                                                           */

SEC("syscall")
__description("all three macros nested, two on one line")
__success __retval(276)
int macros_nested(void *ctx)
{
	int *v, i, sum = 0;

	bpf_repeat(2) bpf_for_each(num, v, 0, 3) {
		bpf_for(i, 0, 4)
			sum += *v * 10 + i;
	}
	return sum;	/* 2 * sum over v < 3, i < 4 of (10 * v + i) */
}

SEC("syscall")
__description("70 sequential loops: each loop's state reuses the same stack")
__success __retval(70)
int many_sequential_loops(void *ctx)
{
	int cnt = 0;

	/* 70 live 8-byte states would not fit in the 512-byte stack */
#define TEN_LOOPS							\
	bpf_repeat(1) cnt++; bpf_repeat(1) cnt++; bpf_repeat(1) cnt++;	\
	bpf_repeat(1) cnt++; bpf_repeat(1) cnt++; bpf_repeat(1) cnt++;	\
	bpf_repeat(1) cnt++; bpf_repeat(1) cnt++; bpf_repeat(1) cnt++;	\
	bpf_repeat(1) cnt++;
	TEN_LOOPS TEN_LOOPS TEN_LOOPS TEN_LOOPS TEN_LOOPS TEN_LOOPS TEN_LOOPS
#undef TEN_LOOPS
	return cnt;
}

/* ---------------------------------------------------------------------- */
/* bpf_ksym_exists                                                        */

extern int bpf_iter_no_such_kfunc(struct bpf_iter_num *it) __weak __ksym;
extern const int bpf_no_such_percpu_var __weak __ksym;

SEC("syscall")
__description("bpf_ksym_exists: present and missing kfuncs")
__success __retval(1)
int ksym_exists_kfunc(void *ctx)
{
	struct bpf_iter_num it;

	if (!bpf_ksym_exists(bpf_iter_num_new))
		return -1;
	if (bpf_ksym_exists(bpf_iter_no_such_kfunc)) {
		/* dead code once libbpf has left the address at 0 */
		bpf_iter_num_new(&it, 0, 1);
		bpf_iter_no_such_kfunc(&it);
		bpf_iter_num_destroy(&it);
		return -2;
	}
	return 1;
}

SEC("syscall")
__description("bpf_ksym_exists: missing variable")
__success __retval(1)
int ksym_exists_var(void *ctx)
{
	/*
	 * (A present data symbol needs CONFIG_KALLSYMS_ALL, which the 6.18
	 * host used to check these tests does not have.)
	 */
	if (bpf_ksym_exists(&bpf_no_such_percpu_var))
		return -1;
	return 1;
}

char _license[] SEC("license") = "GPL";
