// SPDX-License-Identifier: GPL-2.0
/*
 * The boot-time self-test of iterator kfunc registration
 * (CONFIG_BPF_ITERS_SELFTEST): each malformed set must have been refused,
 * with a kernel message naming the kfunc, and the kfuncs registered before
 * it must still be there (tests/progs/kfunc_registration.bpf.c calls them).
 * The same self-test runs bpf_iter_num_{new,next,destroy}() over edge ranges:
 * programs only run the verifier's inlined copies of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include "test.h"

#define RESULTS "/sys/kernel/debug/bpf_iters_selftest"

FUNC_TEST(iter_kfunc_registration_selftest)
{
	static char results[4096], kmsg[1 << 20];
	char *dmesg_argv[] = { "dmesg", NULL };
	char *line, *save = NULL;
	int n = 0;

	if (!CHECK(read_file(RESULTS, results, sizeof(results)) > 0, "read %s", RESULTS))
		return;
	CHECK(run_capture(dmesg_argv, kmsg, sizeof(kmsg)) == 0, "dmesg");
	for (line = strtok_r(results, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char what[256], name[128], msg[160];
		bool ok = !strncmp(line, "ok ", 3);
		int nr;

		n++;
		/* "ok 6 state size not a multiple of 8: bpf_iter_st_odd_size_new (err -22)" */
		if (sscanf(line + (ok ? 3 : 7), "%d %255[^:]: %127s", &nr, what, name) != 3) {
			CHECK(0, "unparsable line: %s", line);
			continue;
		}
		if (nr > 1 && strstr(name, "bpf_iter_st_")) {
			/* refusals name the kfunc, or the program type */
			snprintf(msg, sizeof(msg), strstr(what, "program type") ?
				 "program type -1 cannot call kfuncs" : "kfunc %s: ", name);
			if (!strstr(kmsg, msg)) {
				diag("no kernel message '%s'", msg);
				ok = false;
			}
		}
		subtest_result(what, ok);
	}
	CHECK_EQ(n, 25, "self-test checks reported");
}
