// SPDX-License-Identifier: GPL-2.0
/*
 * Counts every task per state, as the state letter of /proc/PID/stat, from
 * a kprobe on getpgid(2): bpf_for_each(task, ...) walks all threads of the
 * system, the idle task (pid 0) first, in a loop the verifier checks once.
 * No reference is taken: the program runs under RCU, which keeps each task
 * it gets valid until it returns (sleepable programs may not do this).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf_iter_foreach.h"

#define NR_STATES 9	/* "RSDTtXZPI", indexed as the kernel's task_state_index() */

int target_tgid;
__u64 states[NR_STATES];

/* Index of the most significant bit of the reportable state, plus one. */
static int state_index(const struct task_struct *t)
{
	unsigned int raw = t->__state, state = (raw | t->exit_state) & 0x7f;
	int index = 0;

	if ((raw & 0x402) == 0x402)	/* TASK_IDLE: idle kernel thread */
		return 8;
	if (raw & 0x1000)		/* TASK_RTLOCK_WAIT: blocked on a lock */
		return 2;
	while (state && index < 7) {
		state >>= 1;
		index++;
	}
	return index;
}

SEC("ksyscall/getpgid")
int BPF_KSYSCALL(count_task_states, pid_t pid)
{
	struct task_struct *t;

	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	bpf_for_each(task, t, NULL, BPF_TASK_ITER_ALL_THREADS) {
		int i = state_index(t);

		if (i >= 0 && i < NR_STATES)
			states[i]++;
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
