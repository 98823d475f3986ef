// SPDX-License-Identifier: GPL-2.0
/*
 * Loader for task_states.bpf.c: trigger one count with getpgid(2) and print
 * it next to the states /proc/PID/task/TID/stat shows just after.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "task_states.skel.h"

static const char letters[] = "RSDTtXZPI";

/* Count the state letter of every thread in /proc into counts[]. */
static void proc_states(int *counts)
{
	char path[600], buf[512], *p;
	struct dirent *pe, *te;
	DIR *pd, *td;
	FILE *f;

	pd = opendir("/proc");
	while (pd && (pe = readdir(pd))) {
		if (pe->d_name[0] < '1' || pe->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", pe->d_name);
		td = opendir(path);
		while (td && (te = readdir(td))) {
			if (te->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/stat", pe->d_name, te->d_name);
			f = fopen(path, "r");
			/* "pid (comm) S ...": the comm may hold spaces and parentheses */
			if (f && fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
			    (p = strchr(letters, p[2])) && *p)
				counts[p - letters]++;
			if (f)
				fclose(f);
		}
		if (td)
			closedir(td);
	}
	if (pd)
		closedir(pd);
}

int main(void)
{
	int proc[sizeof(letters)] = {}, i, err = 1;
	struct task_states_bpf *skel;

	skel = task_states_bpf__open_and_load();
	if (!skel)
		return 1;
	skel->bss->target_tgid = getpid();
	if (task_states_bpf__attach(skel))
		goto out;
	getpgid(0);
	task_states_bpf__detach(skel);
	proc_states(proc);

	printf("state  bpf_for_each(task)  /proc\n");
	for (i = 0; letters[i]; i++)
		if (skel->bss->states[i] || proc[i])
			printf("  %c    %10llu        %5d\n", letters[i],
			       (unsigned long long)skel->bss->states[i], proc[i]);
	printf("(the walk also counts the idle task, pid 0, which /proc does not show)\n");
	err = 0;
out:
	task_states_bpf__destroy(skel);
	return err;
}
