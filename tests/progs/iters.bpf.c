// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator loops as C programs write them, and the ways the verifier could
 * be too permissive about them.
 *
 * Loop shapes (accepted, most also run and checked through the return
 * value): while/for loops by hand, with and without the cleanup attribute,
 * the macros, sequential, nested and deeply nested loops, loops in
 * subprograms, iterators passed to subprograms, a runtime element count.
 *
 * Unsafe programs (rejected): a value that changes inside the loop must
 * not be assumed unchanged after it, a counter is unbounded after the
 * loop, iterators must live on the stack and cannot be handed to global
 * subprograms.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_misc.h"
#include "bpf_iter_foreach.h"

#define ARRAY_SIZE(x) (int)(sizeof(x) / sizeof((x)[0]))

static volatile int zero;
int small_arr[16];
int arr[256];

/*
 * Lookups that can really return NULL: recent kernels know that an array
 * lookup with a constant in-range key cannot.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, int);
} hash_map SEC(".maps");

/* ---------------------------------------------------------------------- */
/* Loop shapes                                                            */

SEC("syscall")
__description("while loop, explicit new/next/destroy")
__success __retval(3)
int while_loop(void *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 3);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("while loop, destroy by the cleanup attribute")
__success __retval(3)
int while_loop_cleanup_attr(void *ctx)
{
	struct bpf_iter_num it __attribute__((cleanup(bpf_iter_num_destroy)));
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 3);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	/* bpf_iter_num_destroy(&it) runs here, at the end of the scope */
	return sum;
}

SEC("syscall")
__description("for loop with next() in init and increment")
__success __retval(35)
int for_loop(void *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 5, 10);
	for (v = bpf_iter_num_next(&it); v; v = bpf_iter_num_next(&it))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("bpf_for_each(num, ...)")
__success __retval(35)
int for_each_macro(void *ctx)
{
	int *v, sum = 0;

	bpf_for_each(num, v, 5, 10)
		sum += *v;
	return sum;
}

SEC("syscall")
__description("bpf_for(i, 5, 10)")
__success __retval(35)
int for_macro(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 5, 10)
		sum += i;
	return sum;
}

SEC("syscall")
__description("bounded C loop calling next() three times on a 2-element range")
__success __retval(10)
int fixed_count_loop(void *ctx)
{
	struct bpf_iter_num it;
	int *v, i, sum = 10;

	bpf_iter_num_new(&it, 0, 2);
#pragma nounroll
	for (i = 0; i < 3; i++) {
		v = bpf_iter_num_next(&it);
		sum += v ? *v : -1;	/* 0 + 1 - 1 */
	}
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("next() written out four times")
__success __retval(406)
int manual_unroll(void *ctx)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 100, 200);
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("sequential loops reusing one iterator variable")
__success __retval(341)
int sequential_loops(void *ctx)
{
	struct bpf_iter_num it;
	int *v, i, sum = 0;

	bpf_iter_num_new(&it, 0, 3);		/* 3 */
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 5, 10);		/* 35 */
	for (v = bpf_iter_num_next(&it); v; v = bpf_iter_num_next(&it))
		sum += *v;
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 0, 2);		/* 0 + 1 - 1 */
#pragma nounroll
	for (i = 0; i < 3; i++) {
		v = bpf_iter_num_next(&it);
		sum += v ? *v : -1;
	}
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 100, 200);	/* 100 + 101 + 102 */
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	v = bpf_iter_num_next(&it);
	sum += v ? *v : 0;
	bpf_iter_num_destroy(&it);

	return sum;
}

SEC("syscall")
__description("sequential macro loops: each loop's state slots are reused")
__success __retval(95)
int sequential_macro_loops(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, 5)
		sum += i;
	bpf_for(i, 5, 10)
		sum += i;
	bpf_repeat(5)
		sum += 1;
	bpf_for(i, 0, 10)
		sum += i;
	return sum;
}

SEC("syscall")
__description("break out once a counter reaches 4")
__success __retval(6)
int counter_break(void *ctx)
{
	struct bpf_iter_num it;
	int *v, i = 0, sum = 0;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it))) {
		sum += *v;
		if (++i > 3)
			break;
	}
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("counter with an unknown start value branched on in the body")
__success __retval(294)
int obfuscated_counter(void *ctx)
{
	/*
	 * With "i = 0" the verifier would know i exactly, decide the branch
	 * below, mark i precise, and every iteration would then be a new
	 * state: no convergence.  Starting from an unknown value avoids it.
	 */
	struct bpf_iter_num it;
	int *v, i = zero, sum = 0;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it))) {
		i++;
		sum += i == 1 ? 123 : i * 3 + 1;
	}
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
__description("search loop: element pointer kept and read after the loop")
__success __retval(1)
int search_loop(void *ctx)
{
	struct bpf_iter_num it;
	int *v, *found = NULL;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it))) {
		if (*v == 2) {
			found = v;
			barrier_var(found);
		}
	}
	/*
	 * The pointer is still valid memory (inside the iterator state),
	 * though no longer 2: it may be read until destroy.
	 */
	if (found) {
		int x = *found;

		__sink(x);
	}
	bpf_iter_num_destroy(&it);
	return found != NULL;
}

SEC("syscall")
__description("bpf_for indexes an array with no bounds check of its own")
__success __retval(65280)
int array_fill(void *ctx)
{
	int i, sum = 0;

	bpf_for(i, 0, ARRAY_SIZE(arr))
		arr[i] = i * 2;
	bpf_for(i, 0, ARRAY_SIZE(arr))
		sum += arr[i];
	return sum;	/* 255 * 256 */
}

static int grid[4][5];
static int row_sums[4];
static int col_sums[5];

SEC("syscall")
__description("nested bpf_for over a 2D array")
__success __retval(60)
int nested_loops(void *ctx)
{
	int row, col, sum = 0;

	bpf_for(row, 0, ARRAY_SIZE(grid))
		bpf_for(col, 0, ARRAY_SIZE(grid[0]))
			grid[row][col] = row * col;
	bpf_for(row, 0, ARRAY_SIZE(grid))
		row_sums[row] = 0;
	bpf_for(col, 0, ARRAY_SIZE(grid[0]))
		col_sums[col] = 0;
	bpf_for(row, 0, ARRAY_SIZE(grid)) {
		bpf_for(col, 0, ARRAY_SIZE(grid[0])) {
			sum += grid[row][col];
			row_sums[row] += grid[row][col];
			col_sums[col] += grid[row][col];
		}
	}
	return sum;	/* (0+1+2+3) * (0+1+2+3+4) */
}

SEC("syscall")
__description("bpf_repeat nested 5 deep, break out of the outermost")
__success __retval(10000)
int nested_5_deep(void *ctx)
{
	int sum = 0;

	bpf_repeat(10) {
		bpf_repeat(10) {
			bpf_repeat(10) {
				bpf_repeat(10) {
					bpf_repeat(10)
						sum++;
				}
			}
		}
		break;	/* after one outer iteration: 10^4 */
	}
	return sum;
}

SEC("syscall")
__description("bpf_for nested 5 deep with a break in the innermost loop")
__success __retval(237)
int nested_5_deep_inner_break(void *ctx)
{
	int a, b, c, d, e, inner = 0;

	bpf_for(a, 0, 3)
		bpf_for(b, 0, 3)
			bpf_for(c, 0, 3)
				bpf_for(d, 0, 3)
					bpf_for(e, 0, 3) {
						inner++;
						if (a + b + c + d + e == 8)
							break;
					}
	/* 243 innermost iterations, 6 of them skipped by the breaks */
	return inner;
}

static __noinline void fill_row(int row)
{
	int col;

	bpf_for(col, 0, ARRAY_SIZE(grid[0]))
		grid[row][col] = row * col;
}

static __noinline int sum_row(int row)
{
	int col, sum = 0;

	bpf_for(col, 0, ARRAY_SIZE(grid[0]))
		sum += grid[row][col];
	return sum;
}

SEC("syscall")
__description("loops in static subprograms called from a loop")
__success __retval(60)
int subprog_loops(void *ctx)
{
	int row, sum = 0;

	bpf_for(row, 0, ARRAY_SIZE(grid))
		fill_row(row);
	bpf_for(row, 0, ARRAY_SIZE(grid))
		sum += sum_row(row);
	return sum;
}

SEC("syscall")
__description("map lookup in a loop, found pointer used only if found")
__success
int lookup_then_break(void *ctx)
{
	int *val = NULL, key = 0;
	bool found = false;

	bpf_repeat(1000000) {
		val = bpf_map_lookup_elem(&hash_map, &key);
		if (val) {
			found = true;
			break;
		}
	}
	if (found)
		*val = 123;
	return 0;
}

SEC("syscall")
__description("continue and break in bpf_for over two stack arrays")
__success __retval(66)
int stack_arrays_loop(void *ctx)
{
	long a[16], b[16], sum = 0;
	int i;

	/*
	 * Zero them so that the verifier does not know they are zero (a
	 * failing probe read clears the destination): otherwise it would
	 * track 2^32 combinations of known slots.
	 */
	bpf_probe_read_kernel(a, sizeof(a), NULL);
	bpf_probe_read_kernel(b, sizeof(b), NULL);

	bpf_for(i, 0, ARRAY_SIZE(a)) {
		if (i == 12)
			break;
		if (i & 1) {
			a[i] = i;
			continue;
		}
		b[i] = i;
	}
	bpf_for(i, 0, ARRAY_SIZE(a))
		sum += a[i] + b[i];
	return sum;	/* 0 + 1 + ... + 11 */
}

static __noinline void fill_from(struct bpf_iter_num *it, int *dst, __u32 n, int mul)
{
	int *v;

	while ((v = bpf_iter_num_next(it))) {
		if ((__u32)*v >= n)
			break;
		dst[*v] = *v * mul;
	}
}

static __noinline int sum_from(struct bpf_iter_num *it, int *src, __u32 n)
{
	int *v, sum = 0;

	while ((v = bpf_iter_num_next(it))) {
		if ((__u32)*v >= n)
			break;
		sum += src[*v];
	}
	return sum;
}

SEC("syscall")
__description("iterator passed by pointer to static subprograms")
__success __retval(5200)
int iter_ptr_to_static_subprog(void *ctx)
{
	int a[16], b[32];
	struct bpf_iter_num it;
	int sum;

	bpf_iter_num_new(&it, 0, ARRAY_SIZE(a));
	fill_from(&it, a, ARRAY_SIZE(a), 2);
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 0, ARRAY_SIZE(b));
	fill_from(&it, b, ARRAY_SIZE(b), 10);
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 0, ARRAY_SIZE(a));
	sum = sum_from(&it, a, ARRAY_SIZE(a));
	bpf_iter_num_destroy(&it);

	bpf_iter_num_new(&it, 0, ARRAY_SIZE(b));
	sum += sum_from(&it, b, ARRAY_SIZE(b));
	bpf_iter_num_destroy(&it);

	return sum;	/* 2 * 120 + 10 * 496 */
}

static __noinline void destroy_for_caller(struct bpf_iter_num *it)
{
	bpf_iter_num_destroy(it);
}

SEC("syscall")
__description("static subprogram destroys the caller's iterator")
__success __retval(1)
int subprog_destroys(void *ctx)
{
	struct bpf_iter_num it;
	int *v, r = 0;

	bpf_iter_num_new(&it, 1, 2);
	v = bpf_iter_num_next(&it);
	if (v)
		r = *v;
	destroy_for_caller(&it);
	return r;
}

__noinline int global_next_sum(struct bpf_iter_num *it)
{
	int *v, sum = 0;

	if (!it)
		return 0;
	while ((v = bpf_iter_num_next(it)))
		sum += *v;
	return sum;
}

SEC("syscall")
__description("iterator passed to a global subprogram")
/* 6.1 verifies global functions before their callers (upstream since 6.8
 * after), so it refuses the argument inside the global function
 */
__failure __msg("{{invalid (indirect )?read from stack R1 off -8\\+0 size 8|arg#0 expected pointer to an iterator on stack}}")
int iter_ptr_to_global_subprog(void *ctx)
{
	struct bpf_iter_num it;
	int sum;

	bpf_iter_num_new(&it, 0, 10);
	sum = global_next_sum(&it);
	bpf_iter_num_destroy(&it);
	return sum;
}

struct {
	int data[32];
	int n;
} loop_data = {
	.data = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 },
	.n = 10,
};

SEC("syscall")
__description("bpf_for(i, 0, n) with n from a global, clamped, indexes n elements")
__success __retval(55)
int runtime_elem_count(void *ctx)
{
	int i, n = loop_data.n, sum = 0;

	if (n > ARRAY_SIZE(loop_data.data))
		return -1;
	bpf_for(i, 0, n)
		sum += loop_data.data[i];	/* no check of i against 32 */
	return sum;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} count_map SEC(".maps");

SEC("syscall")
__description("bpf_for(i, 0, n) with n copied from a map value and clamped")
__success __retval(0)
int map_elem_count(void *ctx)
{
	int key = 0, *p, n, i, sum = 0;

	p = bpf_map_lookup_elem(&count_map, &key);
	if (!p)
		return -1;
	n = *p;
	if (n < 0 || n > ARRAY_SIZE(small_arr))
		return -2;
	bpf_for(i, 0, n)
		sum += small_arr[i];
	return sum;
}

SEC("syscall")
__description("bpf_for(i, 0, *p) re-reads *p on every iteration: the clamp does not hold")
__failure __msg("unbounded memory access")
int map_elem_count_reread(void *ctx)
{
	int key = 0, *p, i, sum = 0;

	p = bpf_map_lookup_elem(&count_map, &key);
	if (!p)
		return -1;
	if (*p < 0 || *p > ARRAY_SIZE(small_arr))
		return -2;
	bpf_for(i, 0, *p)	/* end must be side-effect free and stable */
		sum += small_arr[i];
	return sum;
}

__u32 upper = 2, select_n, result;
__u64 global_word;

static __noinline bool looks_like_test(char *str)
{
	/* branches, so that stacksafe() runs here and sees the caller frame */
	if (str[0] == 't')
		return true;
	if (str[1] == 'e')
		return true;
	if (str[2] == 's')
		return true;
	return str[3] == 't';
}

static __noinline bool maybe_on_stack(int n)
{
	/* n == 0: a buffer on this frame's stack; n == 1: none */
	if (n == 0) {
		char comm[16];

		if (bpf_get_current_comm(comm, sizeof(comm)))
			return false;
		return looks_like_test(comm);
	}
	if (n == 1)
		return looks_like_test((char *)&global_word);
	return false;
}

SEC("syscall")
__description("subprogram frames of different stack depth inside a loop")
__success
int subprog_stack_depths(void *ctx)
{
	long i;

	bpf_for(i, 0, upper) {
		if (!maybe_on_stack(select_n)) {
			result = 1;
			return 0;
		}
	}
	result = 2;
	return 0;
}

char sink_buf[1];

SEC("syscall")
__description("7 nested bpf_for loops with a conditional stack write")
__success
int seven_nested(void *ctx)
{
	volatile char buf[1];
	int i, j, k, l, m, n, o;

	bpf_for(i, 0, 10)
	bpf_for(j, 0, 10)
	bpf_for(k, 0, 10)
	bpf_for(l, 0, 10)
	bpf_for(m, 0, 10)
	bpf_for(n, 0, 10)
	bpf_for(o, 0, 10) {
		if (bpf_get_prandom_u32() == 7)
			buf[0] = 42;
		sink_buf[0] = buf[0];	/* may read it uninitialized */
	}
	return 0;
}

SEC("tp_btf/sys_enter")
__description("bpf_for in a tp_btf program (loaded, not attached)")
__success
int tp_btf_loop(void *ctx)
{
	int i;

	bpf_for(i, 0, ARRAY_SIZE(small_arr))
		small_arr[i] += i;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Unsafe programs                                                        */

SEC("syscall")
__description("counter incremented in the loop used unchecked as an index after it")
__failure __msg("math between map_value pointer and register with unbounded min value is not allowed")
int unsafe_counter_index_c(void *ctx)
{
	struct bpf_iter_num it;
	int *v, i = zero;

	bpf_iter_num_new(&it, 0, 1000);
	while ((v = bpf_iter_num_next(&it)))
		i++;
	bpf_iter_num_destroy(&it);
	small_arr[i] = 123;
	return 0;
}

SEC("syscall")
__description("counter bounded before the loop is not bounded after it")
__failure __msg("{{(invalid access to map value|unbounded min value|unbounded memory access)}}")
int unsafe_counter_index_c_clamped(void *ctx)
{
	struct bpf_iter_num it;
	unsigned int i = zero;
	int *v;

	if (i > 1)
		return 0;
	bpf_iter_num_new(&it, 0, 1000);
	while ((v = bpf_iter_num_next(&it)))
		i++;
	bpf_iter_num_destroy(&it);
	small_arr[i] = 123;	/* i can be up to 1001 */
	return 0;
}

SEC("syscall")
__description("pointer set to NULL in the loop is not the pointer from before it")
__failure __msg("invalid mem access 'scalar'")
int null_in_loop(void *ctx)
{
	int *val, key = 0;

	val = bpf_map_lookup_elem(&hash_map, &key);
	if (!val)
		return 0;
	bpf_repeat(1000000)
		val = NULL;
	*val = 123;
	return 0;
}

SEC("syscall")
__description("pointer re-looked-up in the loop may be NULL after it")
__failure __msg("invalid mem access 'map_value_or_null'")
int maybe_null_after_loop(void *ctx)
{
	int *val, key = 0;

	val = bpf_map_lookup_elem(&hash_map, &key);
	if (!val)
		return 0;
	bpf_repeat(1000000)
		val = bpf_map_lookup_elem(&hash_map, &key);
	*val = 123;
	return 0;
}

SEC("syscall")
__description("flag set next to a maybe-NULL lookup does not make it non-NULL")
__failure __msg("invalid mem access 'map_value_or_null'")
int flag_does_not_check_null(void *ctx)
{
	int *val = NULL, key = 0;
	bool found = false;

	bpf_repeat(1000000) {
		val = bpf_map_lookup_elem(&hash_map, &key);
		found = true;
	}
	if (found)
		*val = 123;
	return 0;
}

SEC("syscall")
__description("value NULL only on a later iteration, used after the loop")
__failure __msg("invalid mem access 'scalar'")
int null_on_later_iteration(void *ctx)
{
	int *val, *prev, key = 0;

	val = bpf_map_lookup_elem(&hash_map, &key);
	if (!val)
		return 0;
	prev = val;
	bpf_repeat(10) {
		/* first iteration: val stays valid; second: becomes NULL */
		val = prev;
		prev = NULL;
	}
	*val = 1;
	return 0;
}

struct bpf_iter_num global_it;

SEC("syscall")
__description("global variable as the iterator of new()")
__failure __msg("arg#0 expected pointer to an iterator on stack")
int global_iter_new(void *ctx)
{
	bpf_iter_num_new(&global_it, 0, 1);
	return 0;
}

SEC("syscall")
__description("global variable as the iterator of next()")
__failure __msg("arg#0 expected pointer to an iterator on stack")
int global_iter_next(void *ctx)
{
	bpf_iter_num_next(&global_it);
	return 0;
}

SEC("syscall")
__description("global variable as the iterator of destroy()")
__failure __msg("arg#0 expected pointer to an iterator on stack")
int global_iter_destroy(void *ctx)
{
	bpf_iter_num_destroy(&global_it);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct bpf_iter_num);
} iter_map SEC(".maps");

SEC("syscall")
__description("map value as the iterator of new()")
__failure __msg("arg#0 expected pointer to an iterator on stack")
int map_value_iter_new(void *ctx)
{
	struct bpf_iter_num *it;
	int key = 0;

	it = bpf_map_lookup_elem(&iter_map, &key);
	if (!it)
		return 0;
	bpf_iter_num_new(it, 0, 1);
	bpf_iter_num_destroy(it);
	return 0;
}

char _license[] SEC("license") = "GPL";
