/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF-side support for open-coded iterators: loop macros, the iterator
 * kfunc declarations and bpf_ksym_exists().
 *
 * Include it after "vmlinux.h" (which provides struct bpf_iter_num and the
 * other state types).  It includes <bpf/bpf_helpers.h> itself, first, so
 * that the definitions of a newer libbpf (>= 1.2 has bpf_for_each(),
 * bpf_for(), bpf_repeat(), bpf_ksym_exists() and the bpf_iter_num_*
 * externs) always win and every definition below is skipped or is a
 * compatible redeclaration, whatever the order of the #includes.  With
 * libbpf 1.1 (Debian 12), which has none of it, this header provides all.
 *
 * Works with clang 14 and later, at -mcpu=v1 and above, on the 6.1 port and
 * on upstream kernels (6.4+ for num, 6.7+ for task, css and css_task).
 */
#ifndef __BPF_ITER_FOREACH_H__
#define __BPF_ITER_FOREACH_H__

#include <bpf/bpf_helpers.h>

/*
 * Iterator kfuncs.  All are __weak: an object that declares but does not
 * call one still loads on a kernel without it, and bpf_ksym_exists() can
 * test for it at run time.  The prototypes match kernel BTF exactly (libbpf
 * checks extern kfunc prototypes against it).  Forward declarations keep the
 * prototypes valid when vmlinux.h lacks a state type (an older kernel);
 * using the loop macros with such a type still needs the full definition.
 */
struct bpf_iter_num;
struct bpf_iter_task;
struct bpf_iter_css;
struct bpf_iter_css_task;
struct task_struct;
struct cgroup_subsys_state;
struct cgroup;

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

extern int bpf_iter_task_new(struct bpf_iter_task *it, struct task_struct *task,
			     unsigned int flags) __weak __ksym;
extern struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it) __weak __ksym;
extern void bpf_iter_task_destroy(struct bpf_iter_task *it) __weak __ksym;

extern int bpf_iter_css_new(struct bpf_iter_css *it, struct cgroup_subsys_state *start,
			    unsigned int flags) __weak __ksym;
extern struct cgroup_subsys_state *bpf_iter_css_next(struct bpf_iter_css *it) __weak __ksym;
extern void bpf_iter_css_destroy(struct bpf_iter_css *it) __weak __ksym;

extern int bpf_iter_css_task_new(struct bpf_iter_css_task *it, struct cgroup_subsys_state *css,
				 unsigned int flags) __weak __ksym;
extern struct task_struct *bpf_iter_css_task_next(struct bpf_iter_css_task *it) __weak __ksym;
extern void bpf_iter_css_task_destroy(struct bpf_iter_css_task *it) __weak __ksym;

extern struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp) __weak __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __weak __ksym;
extern struct cgroup *bpf_cgroup_from_id(__u64 cgid) __weak __ksym;

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __weak __ksym;
extern void bpf_task_release(struct task_struct *p) __weak __ksym;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __weak __ksym;

/*
 * An RCU read-side section: what sleepable programs put around the task
 * and css walks, and where RCU pointers (task->cgroups, ...) are valid.
 * Non-sleepable programs are in one already.
 */
extern void bpf_rcu_read_lock(void) __weak __ksym;
extern void bpf_rcu_read_unlock(void) __weak __ksym;

/*
 * Task iterator modes.  Upstream's vmlinux.h has them as enumerators of an
 * anonymous enum (kernel/bpf/task_iter.c), which the preprocessor cannot
 * see; a 6.1 vmlinux.h may not have them at all.  Macros are only safe once
 * vmlinux.h has been read: they then shadow the enumerators with the same
 * values, whereas a vmlinux.h read after them would turn its own enum into
 * "0 = 0" and fail to compile.  So they are defined only if vmlinux.h came
 * first (which the loop macros need anyway).
 */
#if defined(__VMLINUX_H__) && !defined(BPF_TASK_ITER_ALL_PROCS)
#define BPF_TASK_ITER_ALL_PROCS		0
#define BPF_TASK_ITER_ALL_THREADS	1
#define BPF_TASK_ITER_PROC_THREADS	2
#endif

/* Flags of bpf_iter_css_task_new(): kernel macros, never in vmlinux.h. */
#ifndef CSS_TASK_ITER_PROCS
#define CSS_TASK_ITER_PROCS		(1U << 0)	/* thread-group leaders only */
#define CSS_TASK_ITER_THREADED		(1U << 1)	/* the whole threaded domain */
#endif

/*
 * Internal names carry a per-use number from __COUNTER__, so nested loops
 * do not shadow each other's state and a user variable cannot be captured.
 * The extra level of macros makes __COUNTER__ expand before pasting.
 */
#define ___bif_paste(a, b)	a##b
#define ___bif_name(a, b)	___bif_paste(a, b)
#define ___bif_state(id)	___bif_name(___bif_it_, id)
#define ___bif_init(id)		___bif_name(___bif_init_, id)
#define ___bif_elem(id)		___bif_name(___bif_elem_, id)

/*
 * The for-init clause shared by the three loop macros.  It declares the
 * iterator state scoped to the loop, so its stack slots are free again for
 * a later loop, with:
 *  - cleanup(): the compiler calls _destroy(&state) on every way out of the
 *    loop (condition false, break, return, goto), so no exit can leak the
 *    iterator reference the verifier tracks;
 *  - aligned(8): iterator state must sit on whole 8-byte stack slots (the
 *    state types are __u64 arrays, this only makes it explicit).
 * A for-init clause can hold a single declaration, i.e. one base type, and
 * _new() returns int, so it is called from the initializer of a second,
 * never used declarator: a "struct bpf_iter_<type> *" set to NULL by a comma
 * expression that first runs _new() exactly once.  The same expression names
 * _destroy(): clang emits no BTF for a function referenced only from
 * cleanup(), and libbpf could not then resolve the extern.
 */
#define ___bif_decl(id, type, args...)						\
	struct bpf_iter_##type ___bif_state(id)					\
		__attribute__((aligned(8), cleanup(bpf_iter_##type##_destroy))),\
		*___bif_init(id) __attribute__((unused)) =			\
			(bpf_iter_##type##_new(&___bif_state(id), ##args),	\
			 (void)bpf_iter_##type##_destroy, (void *)0)

/*
 * bpf_for_each(type, cur, args...) - walk iterator <type> created with args
 *
 *	int *v;
 *	bpf_for_each(num, v, 0, 10) { ... *v ... }
 *
 * The element is fetched in the loop condition and the increment clause is
 * empty: there is a single _next() call site per loop (the point where the
 * verifier checks loop states for convergence), "continue" goes straight
 * to it, and cur is NULL only once the loop is over.
 */
#ifndef bpf_for_each
#define bpf_for_each(type, cur, args...)					\
	___bif_for_each(__COUNTER__, type, cur, ##args)
#define ___bif_for_each(id, type, cur, args...)					\
	for (___bif_decl(id, type, ##args);					\
	     ((cur) = bpf_iter_##type##_next(&___bif_state(id)));		\
	    )
#endif

/*
 * bpf_for(i, start, end) - i = start, ..., end - 1 with the num iterator
 *
 * As bpf_for_each(), but the condition also stores the element in i and
 * checks start <= i < end again.  At run time this always holds.  It is for
 * the verifier, which knows nothing about the value the num iterator
 * returns (its element is a 4-byte read-only memory slot): the comparisons
 * give i the range [start, end), so arr[i] needs no bounds check of its
 * own, while i stays an unknown value within that range on every iteration
 * and loop states still converge.  start and end are evaluated on every
 * iteration and must have no side effects.
 */
#ifndef bpf_for
#define bpf_for(i, start, end)							\
	___bif_for(__COUNTER__, i, start, end)
#define ___bif_for(id, i, start, end)						\
	for (___bif_decl(id, num, (start), (end));				\
	     ({									\
		int *___bif_elem(id) = bpf_iter_num_next(&___bif_state(id));	\
										\
		___bif_elem(id) && ((i) = *___bif_elem(id),			\
				    (i) >= (start) && (i) < (end));		\
	     });								\
	    )
#endif

/*
 * bpf_repeat(n) - run the body n times (0 <= n <= BPF_MAX_LOOPS, else never)
 *
 * The num iterator over [0, n) with the element ignored: only whether
 * _next() returned NULL matters, so no counter is exposed to the body (and
 * none can keep loop states from converging).
 */
#ifndef bpf_repeat
#define bpf_repeat(n)								\
	___bif_repeat(__COUNTER__, n)
#define ___bif_repeat(id, n)							\
	for (___bif_decl(id, num, 0, (n));					\
	     bpf_iter_num_next(&___bif_state(id));				\
	    )
#endif

/*
 * bpf_ksym_exists(sym) - true if libbpf resolved the __weak __ksym sym
 *
 * libbpf sets the address of an unresolved weak ksym (variable or kfunc) to
 * zero, so the test is !!sym, evaluated at run time; the verifier knows the
 * value and drops the dead branch.  The address of a symbol that is not
 * weak is non-zero to the compiler: it would fold the test to 1 and remove
 * the fallback silently, and reference a symbol libbpf then fails to
 * resolve.  __builtin_constant_p() catches exactly that, at compile time.
 */
#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym) ({							\
	_Static_assert(!__builtin_constant_p(!!(sym)),				\
		       #sym " is not declared __weak");				\
	!!(sym);								\
})
#endif

/*
 * can_loop - true until the kernel's may_goto counter of this frame runs
 * out (BPF_MAX_LOOPS), then false: a loop condition the verifier needs no
 * bound for.  cond_break - the same as a statement that leaves the loop.
 * Upstream's bpf_experimental.h names; may_goto is encoded by hand for
 * clang versions whose assembler does not know it (before 19).
 */
#ifndef __bpf_may_goto
#ifdef __BPF_FEATURE_MAY_GOTO
#define __bpf_may_goto(l) asm volatile goto("may_goto %l[" #l "]" :::: l)
#else
/* the offset in a 4-byte word, as upstream: 2-byte fixups do not assemble */
#define __bpf_may_goto(l)							\
	asm volatile goto("1: .byte 0xe5; .byte 0;"				\
			  " .long ((%l[" #l "] - 1b - 8) / 8) & 0xffff;"	\
			  " .short 0" :::: l)
#endif
#endif

#ifndef can_loop
#define can_loop ({								\
	__label__ l_break, l_continue;						\
	bool __ret = true;							\
	__bpf_may_goto(l_break);						\
	goto l_continue;							\
l_break:									\
	__ret = false;								\
l_continue:;									\
	__ret;									\
})
#endif

#ifndef cond_break
#define cond_break ({								\
	__label__ l_break, l_continue;						\
	__bpf_may_goto(l_break);						\
	goto l_continue;							\
l_break:									\
	break;									\
l_continue:;									\
})
#endif

#endif /* __BPF_ITER_FOREACH_H__ */
