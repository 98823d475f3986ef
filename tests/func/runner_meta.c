// SPDX-License-Identifier: GPL-2.0
/* The runner itself must fail tests whose annotations do not hold. */
#include <stdio.h>
#include "test.h"

FUNC_TEST(runner_catches_wrong_annotations)
{
	static char out[1 << 20];
	char obj[512];
	char *argv[] = { "/proc/self/exe", "--verifier-only", obj, NULL };
	const char *p;
	int not_ok = 0;

	snprintf(obj, sizeof(obj), "%s/meta/wrong_annotations.bpf.o", runner_dir());
	CHECK_EQ(run_capture(argv, out, sizeof(out)), 1, "runner exit status");
	for (p = out; (p = strstr(p, "\nnot ok ")); p++)
		not_ok++;
	CHECK_EQ(not_ok, 6, "programs reported as failed");
	CHECK(strstr(out, "\n0 passed, 6 failed\n"), "summary line missing:\n%s", out);
}
