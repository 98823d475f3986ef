// SPDX-License-Identifier: GPL-2.0
/*
 * Iterator loops in program types that run on kernel events, attached in
 * the VM and triggered: a kprobe on a syscall, a syscall tracepoint, a
 * perf_event software clock, a socket filter on a socketpair and cgroup_skb
 * on loopback traffic; and an EXT program replacing a function of another
 * program.  Each program stores what its loop computed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "prog_types.skel.h"
#include "ext_target.skel.h"
#include "ext_replace.skel.h"
#include "ext_task.skel.h"

static struct prog_types_bpf *open_prog_types(void)
{
	struct prog_types_bpf *skel = prog_types_bpf__open_and_load();

	if (CHECK_PTR(skel, "prog_types_bpf__open_and_load"))
		skel->bss->target_pid = getpid();
	return skel;
}

FUNC_TEST(iter_in_kprobe_on_syscall)
{
	struct prog_types_bpf *skel = open_prog_types();
	struct bpf_link *link;

	if (!skel)
		return;
	link = bpf_program__attach(skel->progs.iter_kprobe);
	if (CHECK_PTR(link, "attach kprobe")) {
		syscall(SYS_getpgid, 0);
		CHECK(skel->bss->kprobe_hits >= 1, "kprobe did not run");
		CHECK_EQ(skel->bss->kprobe_sum, 45, "sum of 0..9 in the kprobe");
	}
	bpf_link__destroy(link);
	prog_types_bpf__destroy(skel);
}

FUNC_TEST(iter_in_tracepoint)
{
	struct prog_types_bpf *skel = open_prog_types();
	struct bpf_link *link;

	if (!skel)
		return;
	link = bpf_program__attach(skel->progs.iter_tracepoint);
	if (CHECK_PTR(link, "attach tracepoint")) {
		syscall(SYS_getppid);
		CHECK(skel->bss->tp_hits >= 1, "tracepoint did not run");
		CHECK_EQ(skel->bss->tp_sum, 190, "sum of 0..19 in the tracepoint");
	}
	bpf_link__destroy(link);
	prog_types_bpf__destroy(skel);
}

FUNC_TEST(iter_in_perf_event)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = 100000,	/* ns of CPU time */
	};
	struct prog_types_bpf *skel = open_prog_types();
	struct bpf_link *link = NULL;
	time_t deadline;
	int pfd;

	if (!skel)
		return;
	pfd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (!CHECK(pfd >= 0, "perf_event_open: %s", strerror(errno)))
		goto out;
	link = bpf_program__attach_perf_event(skel->progs.iter_perf_event, pfd);
	if (!CHECK_PTR(link, "attach perf_event"))
		goto out;
	/* burn CPU time until the clock has sampled this task */
	for (deadline = time(NULL) + 20; !skel->bss->perf_hits && time(NULL) < deadline;)
		;
	CHECK(skel->bss->perf_hits >= 1, "perf_event program did not run in 20 s");
	CHECK_EQ(skel->bss->perf_sum, 435, "sum of 0..29 in the perf_event program");
out:
	bpf_link__destroy(link);
	if (pfd >= 0)
		close(pfd);
	prog_types_bpf__destroy(skel);
}

FUNC_TEST(iter_in_socket_filter)
{
	struct prog_types_bpf *skel = open_prog_types();
	char msg[32] = "0123456789abcdefghijklmnopqrstu", buf[64];
	int sv[2], prog_fd;
	ssize_t n;

	if (!skel)
		return;
	if (!CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair"))
		goto out;
	prog_fd = bpf_program__fd(skel->progs.iter_socket_filter);
	if (CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
				sizeof(prog_fd)), "SO_ATTACH_BPF")) {
		CHECK_EQ(send(sv[0], msg, sizeof(msg), 0), sizeof(msg), "send");
		n = recv(sv[1], buf, sizeof(buf), 0);
		/* the filter keeps as many bytes as its loop computed */
		CHECK_EQ(n, 6, "bytes kept by the filter");
		CHECK(n == 6 && !memcmp(buf, msg, 6), "kept bytes differ");
		CHECK_EQ(skel->bss->sock_hits, 1, "filter runs");
	}
	close(sv[0]);
	close(sv[1]);
out:
	prog_types_bpf__destroy(skel);
}

#define CG_DIR "/sys/fs/cgroup/iter_cgroup_skb"

FUNC_TEST(iter_in_cgroup_skb_on_loopback)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct prog_types_bpf *skel = open_prog_types();
	socklen_t len = sizeof(addr);
	struct bpf_link *link = NULL;
	int cg = -1, rx = -1, tx = -1;
	char pid[16];

	if (!skel)
		return;
	rmdir(CG_DIR);
	if (!CHECK_OK(mkdir(CG_DIR, 0755), "mkdir " CG_DIR))
		goto out;
	cg = open(CG_DIR, O_RDONLY | O_DIRECTORY);
	link = bpf_program__attach_cgroup(skel->progs.iter_cgroup_skb, cg);
	if (!CHECK_PTR(link, "attach cgroup_skb"))
		goto out;
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (!CHECK_OK(write_file(CG_DIR "/cgroup.procs", pid, strlen(pid)), "join cgroup"))
		goto out;
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (CHECK_OK(bind(rx, (void *)&addr, sizeof(addr)), "bind") &&
	    CHECK_OK(getsockname(rx, (void *)&addr, &len), "getsockname")) {
		CHECK_EQ(sendto(tx, "x", 1, 0, (void *)&addr, sizeof(addr)), 1, "sendto");
		CHECK(skel->bss->cgskb_hits >= 1, "cgroup_skb did not run");
		CHECK_EQ(skel->bss->cgskb_sum, 1225, "sum of 0..49 in cgroup_skb");
	}
	write_file("/sys/fs/cgroup/cgroup.procs", pid, strlen(pid));
out:
	if (rx >= 0)
		close(rx);
	if (tx >= 0)
		close(tx);
	bpf_link__destroy(link);
	if (cg >= 0)
		close(cg);
	rmdir(CG_DIR);
	prog_types_bpf__destroy(skel);
}

FUNC_TEST(iter_in_ext_program)
{
	struct ext_replace_bpf *ext = NULL;
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct ext_target_bpf *target;
	struct bpf_link *link = NULL;
	int target_fd;

	target = ext_target_bpf__open_and_load();
	if (!CHECK_PTR(target, "load the target program"))
		return;
	target_fd = bpf_program__fd(target->progs.run_compute);
	CHECK_OK(bpf_prog_test_run_opts(target_fd, &opts), "run target");
	CHECK_EQ((int)opts.retval, -10, "compute() before it is replaced");

	ext = ext_replace_bpf__open();
	if (!CHECK_PTR(ext, "open the EXT program") ||
	    !CHECK_OK(bpf_program__set_attach_target(ext->progs.new_compute, target_fd,
						     "compute"), "set EXT target") ||
	    !CHECK_OK(ext_replace_bpf__load(ext), "load the EXT program"))
		goto out;
	link = bpf_program__attach_freplace(ext->progs.new_compute, target_fd, "compute");
	if (!CHECK_PTR(link, "attach freplace"))
		goto out;
	CHECK_OK(bpf_prog_test_run_opts(target_fd, &opts), "run target");
	CHECK_EQ((int)opts.retval, 45, "compute() replaced by the iterator loop");
out:
	bpf_link__destroy(link);
	ext_replace_bpf__destroy(ext);
	ext_target_bpf__destroy(target);
}

/* An EXT program may replace a function of a sleepable program: no RCU. */
FUNC_TEST(task_iter_refused_in_ext_program)
{
	static char log[65536];
	struct ext_task_bpf *ext = NULL;
	struct ext_target_bpf *target;
	int target_fd;

	target = ext_target_bpf__open_and_load();
	if (!CHECK_PTR(target, "load the target program"))
		return;
	target_fd = bpf_program__fd(target->progs.run_compute);
	ext = ext_task_bpf__open();
	if (!CHECK_PTR(ext, "open the EXT program") ||
	    !CHECK_OK(bpf_program__set_attach_target(ext->progs.count_tasks, target_fd,
						     "compute"), "set EXT target") ||
	    !CHECK_OK(bpf_program__set_log_buf(ext->progs.count_tasks, log, sizeof(log)),
		      "set log buffer") ||
	    !CHECK_OK(bpf_program__set_log_level(ext->progs.count_tasks, 1), "set log level"))
		goto out;
	CHECK(ext_task_bpf__load(ext) != 0, "EXT program walking tasks loaded");
	CHECK(strstr(log, "kernel func bpf_iter_task_new requires RCU critical section protection"),
	      "verifier log lacks the RCU message:\n%s", log);
out:
	ext_task_bpf__destroy(ext);
	ext_target_bpf__destroy(target);
}
