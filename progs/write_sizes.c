// SPDX-License-Identifier: GPL-2.0
/* Loader for write_sizes.bpf.c: write some sizes, print the histogram. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "write_sizes.skel.h"

int main(void)
{
	static const size_t sizes[] = { 1, 3, 10, 100, 100, 512, 4096, 4096, 4096, 65536 };
	static char buf[65536];
	struct write_sizes_bpf *skel;
	int fd, b, err = 1;
	size_t i;

	skel = write_sizes_bpf__open_and_load();
	if (!skel)
		return 1;
	skel->bss->target_tgid = getpid();
	if (write_sizes_bpf__attach(skel))
		goto out;
	fd = open("/dev/null", O_WRONLY);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (write(fd, buf, sizes[i]) < 0)
			goto out;
	close(fd);
	write_sizes_bpf__detach(skel);

	printf("%-20s %s\n", "bytes written", "writes");
	for (b = 0; b < 32; b++)
		if (skel->bss->hist[b])
			printf("%9lu .. %-9lu %llu\n", 1UL << b, (2UL << b) - 1,
			       (unsigned long long)skel->bss->hist[b]);
	err = 0;
out:
	write_sizes_bpf__destroy(skel);
	return err;
}
