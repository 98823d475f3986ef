/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_MISC_H__
#define __BPF_MISC_H__

/*
 * Test annotations, read by tests/runner.c from BTF decl tags.  Spellings and
 * meaning follow the upstream selftests' bpf_misc.h, so a test written for
 * upstream runs here unchanged.  Every program of an object given to the
 * runner is a test; it is loaded on its own (plus __auxiliary programs).
 *
 * __success / __failure   expected verifier verdict (default: success)
 * __msg(text)             text expected in the verifier log, in order; text
 *                         may embed POSIX extended regexes as {{...}}
 * __not_msg(text)         text that must not appear between the neighbouring
 *                         __msg matches
 * __retval(v)             run with BPF_PROG_TEST_RUN and expect v (decimal,
 *                         0x hex, _INT_MIN, POINTER_VALUE = any value)
 * __description(text)     display name instead of the program name
 * __log_level(n)          verifier log level
 * __flag(f)               program load flag (BPF_F_TEST_STATE_FREQ, ...)
 * __auxiliary             not a test; loaded together with every test
 * __arch_x86_64 ...       run only on that architecture
 *
 * Project extension, used only by `make check-upstream`:
 * __upstream_differs(why) upstream Linux is known not to meet this test's
 *                         expectations, for the reason given
 */
#define __STR(x) #x
#define __XSTR(x) __STR(x)
/* The counter keeps tags in source order: compilers may reorder them. */
#define __test_tag(tag) \
	__attribute__((btf_decl_tag("comment:" __XSTR(__COUNTER__) ":" tag)))

#define __msg(msg)		__test_tag("test_expect_msg=" msg)
#define __not_msg(msg)		__test_tag("test_expect_not_msg=" msg)
#define __failure		__test_tag("test_expect_failure")
#define __success		__test_tag("test_expect_success")
#define __description(desc)	__test_tag("test_description=" desc)
#define __log_level(lvl)	__test_tag("test_log_level=" #lvl)
#define __flag(flag)		__test_tag("test_prog_flags=" #flag)
#define __retval(val)		__test_tag("test_retval=" #val)
#define __auxiliary		__test_tag("test_auxiliary")
#define __arch(arch)		__test_tag("test_arch=" arch)
#define __arch_x86_64		__arch("X86_64")
#define __arch_arm64		__arch("ARM64")
#define __arch_riscv64		__arch("RISCV64")
#define __arch_s390x		__arch("s390x")
#define __upstream_differs(why)	__test_tag("test_upstream_differs=" why)

/* Convenience macros for asm volatile blocks, as upstream. */
#define __naked __attribute__((naked))
#define __clobber_all "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"
#define __clobber_common "r0", "r1", "r2", "r3", "r4", "r5", "memory"
#define __imm(name) [name]"i"(name)
#define __imm_const(name, expr) [name]"i"(expr)
#define __imm_addr(name) [name]"i"(&name)
#define __imm_ptr(name) [name]"p"(&name)
#define __imm_insn(name, expr) [name]"i"(*(long *)&(expr))

/* Magic constants for __retval(): the runner accepts any value for
 * POINTER_VALUE; test-run packets are TEST_DATA_LEN bytes.
 */
#define POINTER_VALUE	0xbadcafe
#define TEST_DATA_LEN	64
#ifndef INT_MIN
#define INT_MIN (-__INT_MAX__ - 1)
#endif
#define _INT_MIN INT_MIN

#ifndef __used
#define __used __attribute__((used))
#endif

#if defined(__TARGET_ARCH_x86)
#define SYSCALL_WRAPPER 1
#define SYS_PREFIX "__x64_"
#elif defined(__TARGET_ARCH_s390)
#define SYSCALL_WRAPPER 1
#define SYS_PREFIX "__s390x_"
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_WRAPPER 1
#define SYS_PREFIX "__arm64_"
#else
#define SYSCALL_WRAPPER 0
#define SYS_PREFIX "__se_"
#endif

/* Make the compiler believe expr is read and written. */
#define __sink(expr) asm volatile("" : "+g"(expr))

#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

#endif /* __BPF_MISC_H__ */
