// SPDX-License-Identifier: GPL-2.0
/* The loop of loops.bpf.c fully unrolled: N is a compile-time constant. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bench.h"

__u64 out;

C_LOOP(k_unrolled, N, "clang loop unroll(full)")

char _license[] SEC("license") = "GPL";
