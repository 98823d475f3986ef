/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Numbers iterator (num.c): its kfuncs and its state as the kernel sees it,
 * for kernel code outside num.c that works with them.
 */
#ifndef _KERNEL_BPF_ITERS_NUM_H
#define _KERNEL_BPF_ITERS_NUM_H

#include <linux/types.h>

struct bpf_iter_num;

/* Kernel view of struct bpf_iter_num.  cur is the element handed out last
 * (start - 1 before the first), end the first value past the range; an empty
 * iterator has cur == end == 0.
 */
struct bpf_iter_num_kern {
	int cur;
	int end;
} __aligned(8);

int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end);
int *bpf_iter_num_next(struct bpf_iter_num *it);
void bpf_iter_num_destroy(struct bpf_iter_num *it);

#endif /* _KERNEL_BPF_ITERS_NUM_H */
