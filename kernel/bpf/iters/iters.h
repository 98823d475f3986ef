/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walkers shared by the open-coded BPF iterators (kernel/bpf/iters/) and the
 * seq_file iterator targets: one walker per kind of object.
 */
#ifndef _KERNEL_BPF_ITERS_ITERS_H
#define _KERNEL_BPF_ITERS_ITERS_H

#include <linux/types.h>

struct btf_kfunc_id_set;
struct cgroup_subsys_state;
struct pid_namespace;
struct task_struct;

enum bpf_task_walk_mode {
	BPF_TASK_WALK_DONE,	/* nothing (left) to walk */
	BPF_TASK_WALK_PROCS,	/* thread-group leaders, in pid order */
	BPF_TASK_WALK_THREADS,	/* every task, in pid order */
	BPF_TASK_WALK_GROUP,	/* threads of a process, in thread-list order */
};

/*
 * A walk over tasks; the caller holds RCU at each step.
 *
 * PROCS and THREADS keep a pid number as cursor, not a task: such a walk
 * survives its caller leaving RCU between two steps (the seq_file target
 * does, between read() calls), and it ends after at most pid_max steps
 * however tasks fork, exec and exit meanwhile.
 *
 * GROUP follows the thread list from a task, which is only safe while one
 * RCU read-side section lasts: a caller that left it must restart from a
 * task it found again (see task_group_seq_get_next()).
 */
struct bpf_task_walk {
	union {
		struct pid_namespace *ns;	/* PROCS, THREADS */
		struct task_struct *next;	/* GROUP: thread to return next */
	};
	u32 next_nr;		/* PROCS, THREADS: first pid number to look at */
	u32 mode;		/* enum bpf_task_walk_mode */
};

void bpf_task_walk_pids(struct bpf_task_walk *walk, struct pid_namespace *ns,
			enum bpf_task_walk_mode mode, u32 start_nr);
void bpf_task_walk_group(struct bpf_task_walk *walk, struct task_struct *first);
struct task_struct *bpf_task_walk_next(struct bpf_task_walk *walk);

/*
 * A walk over csses in one of the orders of enum bpf_cgroup_iter_order;
 * ORDER_UNSPEC when there is nothing (left) to walk.  The caller holds
 * cgroup_mutex or RCU at each step and keeps @start alive.
 */
struct bpf_css_walk {
	struct cgroup_subsys_state *start;
	struct cgroup_subsys_state *pos;	/* returned last, NULL at first */
	u32 order;
};

void bpf_css_walk_start(struct bpf_css_walk *walk,
			struct cgroup_subsys_state *start, u32 order);
struct cgroup_subsys_state *bpf_css_walk_next(struct bpf_css_walk *walk);

int bpf_iters_register_ref_kfuncs(const struct btf_kfunc_id_set *set);

#endif /* _KERNEL_BPF_ITERS_ITERS_H */
