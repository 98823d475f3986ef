// SPDX-License-Identifier: GPL-2.0-only
/*
 * css_task iterator: the open-coded bpf_iter_css_task trio over the tasks
 * of a css, on the kernel's css_task_iter (cgroup.procs, cgroup.threads).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cgroup.h>
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/slab.h>

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "Global functions as their definitions will be in vmlinux BTF");

/* Opaque to programs; vmlinux BTF gives them its size. */
struct bpf_iter_css_task {
	__u64 __opaque[1];
} __aligned(8);

/* css_task_iter is too big for the state upstream fixed at one word */
struct bpf_iter_css_task_kern {
	struct css_task_iter *css_it;
} __aligned(8);

/**
 * bpf_iter_css_task_new() - Start iterating over the tasks of a css
 * @it: iterator state, on the BPF program's stack
 * @css: the css, referenced or trusted
 * @flags: 0 (every task of @css), CSS_TASK_ITER_PROCS (the thread-group
 *	leaders of @css's processes, as cgroup.procs lists them) or
 *	CSS_TASK_ITER_PROCS | CSS_TASK_ITER_THREADED (the same, for a
 *	threaded cgroup's whole domain)
 *
 * The walk is css_task_iter's, the one behind cgroup.procs and
 * cgroup.threads.  It takes css_set_lock with spin_lock_irq(), which
 * would turn interrupts back on under whoever turned them off: the
 * verifier lets only LSM, BPF iterator and sleepable programs call this,
 * and it refuses to start with interrupts off.  The walk holds its own
 * references and needs no RCU read-side section.  A task it returns keeps
 * its css_task_iter reference only until the next call, but stays valid
 * for the RCU section it was returned in (tasks are freed after a grace
 * period): the verifier trusts it there, and outside a section lets the
 * program only read it.
 *
 * Return: 0; -EINVAL for unknown @flags or a NULL @css, -ENOENT if @css is
 * dying, -EBUSY with interrupts off, -ENOMEM.  On error @it is an empty
 * iterator, which bpf_iter_css_task_destroy() accepts.
 */
noinline int bpf_iter_css_task_new(struct bpf_iter_css_task *it,
				   struct cgroup_subsys_state *css,
				   unsigned int flags)
{
	struct bpf_iter_css_task_kern *kit = (void *)it;

	BUILD_BUG_ON(sizeof(struct bpf_iter_css_task_kern) !=
		     sizeof(struct bpf_iter_css_task));
	BUILD_BUG_ON(__alignof__(struct bpf_iter_css_task_kern) !=
		     __alignof__(struct bpf_iter_css_task));

	kit->css_it = NULL;
	switch (flags) {
	case 0:
	case CSS_TASK_ITER_PROCS:
	case CSS_TASK_ITER_PROCS | CSS_TASK_ITER_THREADED:
		break;
	default:
		return -EINVAL;
	}
	if (!css)
		return -EINVAL;
	if (css_is_dying(css))
		return -ENOENT;
	if (irqs_disabled())
		return -EBUSY;
	kit->css_it = kmalloc(sizeof(*kit->css_it), GFP_ATOMIC | __GFP_NOWARN);
	if (!kit->css_it)
		return -ENOMEM;
	css_task_iter_start(css, flags, kit->css_it);
	return 0;
}

/**
 * bpf_iter_css_task_next() - Next task of the iteration
 * @it: iterator state created by bpf_iter_css_task_new()
 *
 * Return: the next task, or NULL at the end and on every call after that.
 */
noinline struct task_struct *bpf_iter_css_task_next(struct bpf_iter_css_task *it)
{
	struct bpf_iter_css_task_kern *kit = (void *)it;

	return kit->css_it ? css_task_iter_next(kit->css_it) : NULL;
}

/**
 * bpf_iter_css_task_destroy() - Finish an iteration started by
 *	bpf_iter_css_task_new()
 * @it: iterator state, whatever bpf_iter_css_task_new() returned
 */
noinline void bpf_iter_css_task_destroy(struct bpf_iter_css_task *it)
{
	struct bpf_iter_css_task_kern *kit = (void *)it;

	if (!kit->css_it)
		return;
	css_task_iter_end(kit->css_it);
	kfree(kit->css_it);
	kit->css_it = NULL;
}

__diag_pop();

BTF_SET8_START(css_task_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_iter_css_task_new, KF_ITER_NEW | KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_iter_css_task_next, KF_ITER_NEXT | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_iter_css_task_destroy, KF_ITER_DESTROY)
BTF_SET8_END(css_task_iter_kfunc_ids)

static const struct btf_kfunc_id_set css_task_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &css_task_iter_kfunc_ids,
};

static int __init css_task_iter_kfuncs_init(void)
{
	/* check_kfunc_call() allows only some program types to start it */
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC,
					 &css_task_iter_kfunc_set);
}
late_initcall(css_task_iter_kfuncs_init);
