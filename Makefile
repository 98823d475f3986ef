# Open-coded BPF iterators for Linux 6.1 LTS: build, test, run.  See README.md.
#
#   make run            build everything, boot the VM, run the examples in progs/
#   make check          the test suite (TAP), ends with "N passed, N failed"
#   make vm             interactive shell in the VM
#   make patches        the series as git format-patch output, checkpatch'ed
#   make check-upstream annotated tests against the host's (upstream) kernel
#   make bench          benchmarks on the fast kernel and the host, side by side
#
# Variables: VARIANT=debug|fast (kernel config), EXTRA_TESTS=dir, T=filter,
# V=1 (verbose runner), JOBS=n, BUILD=dir.

SHELL := /bin/bash
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
# keep generated skeletons between runs
.SECONDARY:

TOP := $(CURDIR)
BUILD ?= $(TOP)/build
VARIANT ?= debug
JOBS ?= $(shell nproc)
CLANG ?= clang-16
BPFTOOL ?= bpftool

TREE := $(BUILD)/linux
KOBJ := $(BUILD)/obj-$(VARIANT)
OUT := $(BUILD)/$(VARIANT)
LOGS := $(BUILD)/logs
BZIMAGE := $(KOBJ)/arch/x86/boot/bzImage
VMLINUX := $(KOBJ)/vmlinux
STEP := scripts/step $(LOGS)

# ccache lives outside the repository; paths are made relative to BUILD so a
# fresh clone elsewhere still hits it.
export CCACHE_DIR ?= $(HOME)/.cache/bpf-iters-ccache
export CCACHE_BASEDIR := $(BUILD)
export CCACHE_NOHASHDIR := 1
export CCACHE_MAXSIZE ?= 20G

KMAKE := $(MAKE) -C $(TREE) O=$(KOBJ) ARCH=x86_64 CC="ccache gcc" \
	KBUILD_BUILD_TIMESTAMP=@0 KBUILD_BUILD_USER=bpf KBUILD_BUILD_HOST=iters \
	-j$(JOBS)

.PHONY: deps tree config kernel bpf initramfs check run vm patches \
	check-upstream clean distclean bpf-objs bench bench-vm bench-host bench-report bench-objs

deps:
	@$(STEP) deps scripts/install-deps

$(TREE)/.git:
	@$(STEP) extract scripts/extract-base $(TREE)

tree: deps | $(TREE)/.git
	@$(STEP) patch scripts/apply-series $(TREE)

config: tree
	@$(STEP) config scripts/make-config $(TREE) $(KOBJ) configs/base.config \
		configs/$(VARIANT).config

kernel: config
	@$(STEP) kernel $(KMAKE) bzImage

bpf: kernel
	@$(STEP) "BPF objects" $(MAKE) --no-print-directory -j$(JOBS) bpf-objs

initramfs: bpf
	@$(STEP) initramfs $(MAKE) --no-print-directory $(OUT)/initramfs.cpio.gz

export VM_KERNEL := $(BZIMAGE)
export VM_INITRD := $(OUT)/initramfs.cpio.gz

check: initramfs
	@echo "==> tests        on the $(VARIANT) kernel; console log: $(LOGS)/console-check.log"
	@tests/check $(LOGS)/console-check.log $(if $(V),-v) $(if $(T),-f '$(T)')

run: initramfs
	@VM_LOG=$(LOGS)/console-run.log tests/vm -- /progs/run-examples

vm: initramfs
	@tests/vm

patches: tree
	@scripts/format-series $(TREE) $(BUILD)/series

clean:
	rm -rf $(OUT)

distclean:
	rm -rf $(BUILD)

# ---------------------------------------------------------------------------
# BPF objects, skeletons, runner and initramfs for the kernel in $(KOBJ).

BPF_CFLAGS := -target bpf -O2 -g -mcpu=v3 -D__TARGET_ARCH_x86 -Wall -Werror \
	-I$(OUT) -I$(TOP)/include -I$(TOP)/tests/include
HOST_CFLAGS := -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror \
	-I$(TOP)/tests -I$(OUT)/tests/func

# tests/progs: annotated tests; tests/meta: deliberately wrong annotations;
# tests/func: BPF side of the functional tests (skeletons); progs: examples.
bpf_objs = $(patsubst $(1)/%.bpf.c,$(2)/%.bpf.o,$(wildcard $(1)/*.bpf.c))
PROG_OBJS := $(call bpf_objs,tests/progs,$(OUT)/tests/progs)
# tests of the series' self-test kfuncs (CONFIG_BPF_ITERS_SELFTEST): not upstream
PORT_ONLY_OBJS := $(OUT)/tests/progs/soundness_iter_state.bpf.o
ifdef UPSTREAM_BUILD
PROG_OBJS := $(filter-out $(PORT_ONLY_OBJS),$(PROG_OBJS))
endif
META_OBJS := $(call bpf_objs,tests/meta,$(OUT)/tests/meta)
FUNC_OBJS := $(call bpf_objs,tests/func,$(OUT)/tests/func)
EXAMPLE_OBJS := $(call bpf_objs,progs,$(OUT)/progs)
EXTRA_DIR := $(if $(EXTRA_TESTS),$(abspath $(EXTRA_TESTS)))
EXTRA_OBJS := $(if $(EXTRA_DIR),$(call bpf_objs,$(EXTRA_DIR),$(OUT)/tests/extra))
SKELS := $(FUNC_OBJS:.bpf.o=.skel.h)
# progs/NAME.c: user-space loader of progs/NAME.bpf.c
EXAMPLE_BINS := $(patsubst progs/%.c,$(OUT)/progs/%,$(filter-out %.bpf.c,$(wildcard progs/*.c)))
RUNNER := $(OUT)/tests/runner
RUNNER_SRCS := tests/runner.c tests/util.c $(filter-out %.bpf.c,$(wildcard tests/func/*.c))

# bench/: the benchmark and the unrolled loops it loads (one object per N,
# clang needs minutes for 1e5).  BENCH=1 (`make bench`) adds them to the BPF
# objects and to the initramfs, as /bench.
BENCH_UNROLL := 10 100 1000 10000
BENCH_FILES := $(OUT)/bench/bench $(foreach n,$(BENCH_UNROLL),$(OUT)/bench/unroll_$(n).bpf.o)
BENCH_IN_VM := $(if $(BENCH),$(BENCH_FILES))

bpf-objs: $(PROG_OBJS) $(META_OBJS) $(FUNC_OBJS) $(EXAMPLE_OBJS) $(EXAMPLE_BINS) \
	$(EXTRA_OBJS) $(RUNNER) $(BENCH_IN_VM)

# Rewritten only when the kernel's BTF changed, so BPF objects stay built.
VMLINUX_BTF ?= $(VMLINUX)
$(OUT)/vmlinux.h: $(VMLINUX_BTF)
	@mkdir -p $(@D)
	$(BPFTOOL) btf dump file $< format c > $@.tmp
	cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

define bpf_rule
$(2)/%.bpf.o: $(1)/%.bpf.c $(OUT)/vmlinux.h
	@mkdir -p $$(@D)
	$(CLANG) $(BPF_CFLAGS) -MMD -MP -c $$< -o $$@
endef
$(eval $(call bpf_rule,tests/progs,$(OUT)/tests/progs))
$(eval $(call bpf_rule,tests/meta,$(OUT)/tests/meta))
$(eval $(call bpf_rule,tests/func,$(OUT)/tests/func))
$(eval $(call bpf_rule,progs,$(OUT)/progs))
$(eval $(call bpf_rule,bench,$(OUT)/bench))
$(if $(EXTRA_DIR),$(eval $(call bpf_rule,$(EXTRA_DIR),$(OUT)/tests/extra)))

%.skel.h: %.bpf.o
	$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

$(RUNNER): $(RUNNER_SRCS) tests/test.h $(SKELS)
	@mkdir -p $(@D)
	gcc $(HOST_CFLAGS) -o $@ $(RUNNER_SRCS) -static -lbpf -lelf -lz

$(OUT)/progs/%: progs/%.c $(OUT)/progs/%.skel.h
	gcc $(HOST_CFLAGS) -I$(OUT)/progs -o $@ $< -static -lbpf -lelf -lz

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)

# Guest layout: /tests (runner, objects), /progs (examples).  The list of
# files is a prerequisite, so a changed EXTRA_TESTS set rebuilds it.
INITRAMFS_FILES := $(RUNNER)=tests/runner tests/vm-suite=tests/vm-suite \
	$(foreach o,$(PROG_OBJS) $(META_OBJS) $(EXTRA_OBJS) $(EXAMPLE_OBJS) $(EXAMPLE_BINS),$(o)=$(patsubst $(OUT)/%,%,$(o))) \
	progs/run-examples=progs/run-examples \
	$(foreach o,$(BENCH_IN_VM),$(o)=$(patsubst $(OUT)/%,%,$(o)))

$(OUT)/initramfs.files: FORCE
	@mkdir -p $(@D)
	@echo "$(INITRAMFS_FILES)" | cmp -s - $@ || echo "$(INITRAMFS_FILES)" > $@

$(OUT)/initramfs.cpio.gz: $(OUT)/initramfs.files $(RUNNER) $(PROG_OBJS) $(META_OBJS) \
		$(EXTRA_OBJS) $(EXAMPLE_OBJS) $(EXAMPLE_BINS) tests/vm-init tests/vm-suite \
		tests/mkinitramfs progs/run-examples $(BENCH_IN_VM)
	tests/mkinitramfs $@ $(INITRAMFS_FILES)

FORCE:

# ---------------------------------------------------------------------------
# The annotated tests against the running (upstream) kernel, built against
# its BTF: load and BPF_PROG_TEST_RUN only, nothing is attached.

UP := $(BUILD)/upstream

check-upstream: deps
	@if ! grep -qa bpf_iter_num_new /sys/kernel/btf/vmlinux 2>/dev/null; then \
		echo "1..0 # SKIP the running kernel has no open-coded iterators"; exit 0; fi; \
	mkdir -p $(LOGS); \
	$(MAKE) --no-print-directory -j$(JOBS) OUT=$(UP) UPSTREAM_BUILD=1 \
		VMLINUX_BTF=/sys/kernel/btf/vmlinux bpf-objs > $(LOGS)/upstream-build.log \
		|| { cat $(LOGS)/upstream-build.log; exit 1; }; \
	$(UP)/tests/runner --upstream $(if $(V),-v) $(if $(T),-f '$(T)') \
		$(subst $(OUT),$(UP),$(filter-out $(PORT_ONLY_OBJS),$(PROG_OBJS)) $(EXTRA_OBJS))

# ---------------------------------------------------------------------------
# Benchmarks: bench/bench in the VM on the fast kernel, then on the host
# (load and BPF_PROG_TEST_RUN only), merged into tables and a plot.

RESULTS := $(BUILD)/bench

bench: deps
	@$(MAKE) --no-print-directory VARIANT=fast BENCH=1 bench-vm
	@$(MAKE) --no-print-directory bench-host
	@$(MAKE) --no-print-directory bench-report

# Tables and plot from the last results, the VM's first.
bench-report:
	@cd $(RESULTS) && files= && \
		for f in vm.txt host.txt; do [ ! -f $$f ] || files="$$files $$f"; done && \
		$(TOP)/bench/report $$files | tee tables.txt && \
		gnuplot -e "files='$$files'; out='verif_cost.png'" $(TOP)/bench/plot.gp
	@echo "tables: $(RESULTS)/tables.txt, plot: $(RESULTS)/verif_cost.png"

bench-vm: initramfs
	@mkdir -p $(RESULTS)
	@$(STEP) "bench VM" bash -c 'VM_LOG=$(LOGS)/console-bench.log \
		tests/vm -- /bench/bench > $(RESULTS)/vm.txt'

bench-host: deps
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/host.txt
	@if ! grep -qa bpf_iter_num_new /sys/kernel/btf/vmlinux 2>/dev/null; then \
		echo "==> bench host   skipped: the running kernel has no open-coded iterators"; \
		exit 0; fi; \
	$(STEP) "bench build" $(MAKE) --no-print-directory -j$(JOBS) OUT=$(UP) \
		VMLINUX_BTF=/sys/kernel/btf/vmlinux bench-objs && \
	$(STEP) "bench host" bash -c '$(UP)/bench/bench --upstream > $(RESULTS)/host.txt.tmp' && \
	mv $(RESULTS)/host.txt.tmp $(RESULTS)/host.txt

bench-objs: $(BENCH_FILES)

$(OUT)/bench/unroll_%.bpf.o: bench/unroll.bpf.c $(OUT)/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -DN=$* -MMD -MP -c $< -o $@

$(OUT)/bench/bench: bench/bench.c $(OUT)/bench/loops.skel.h $(OUT)/bench/walk.skel.h
	gcc $(HOST_CFLAGS) -I$(OUT)/bench -o $@ $< -static -lbpf -lelf -lz
