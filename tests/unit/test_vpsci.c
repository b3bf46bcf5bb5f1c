// SPDX-License-Identifier: MIT
/*
 * Host tests for PSCI for cells (src/core/vpsci.c): which function IDs
 * Septum answers, the result of every function over SMC32 and SMC64 IDs,
 * the MPIDR -> vCPU mapping, AFFINITY_INFO at each level, the CPU_ON
 * state machine (ALREADY_ON, ON_PENDING, INVALID_ADDRESS,
 * INVALID_PARAMETERS), CPU_OFF, CPU_SUSPEND and the reset state.
 */
/* UNIT-SOURCES: src/core/vpsci.c */
#include <string.h>

#include "unit.h"

#include <septum/psci.h>
#include <septum/vpsci.h>

#define ENTRY 0x40000000ULL
#define DTB 0x40f00000ULL

/* Cell memory: 16 MiB executable at 0x40000000, 1 MiB data (no-exec) at 0x48000000. */
static struct cfg_cell cell;
static struct vpsci psci;

static int setup(void **state)
{
	(void)state;
	memset(&cell, 0, sizeof(cell));
	cell.mem[0].ipa = ipa_of(0x40000000);
	cell.mem[0].size = 0x1000000;
	cell.mem[0].flags = CFG_MEM_RWX;
	cell.mem[1].ipa = ipa_of(0x48000000);
	cell.mem[1].size = 0x100000;
	cell.mem[1].flags = CFG_MEM_READ | CFG_MEM_WRITE;
	cell.mem_count = 2;
	cell.cpu_count = 2;
	vpsci_reset(&psci, 2, ENTRY, DTB);
	return 0;
}

static enum vpsci_action call(unsigned int vcpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
			      struct vpsci_result *r)
{
	const uint64_t x[4] = { fn, a1, a2, a3 };

	return vpsci_call(&psci, &cell, vcpu, x, r);
}

static int64_t ret_of(unsigned int vcpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct vpsci_result r;

	call(vcpu, fn, a1, a2, a3, &r);
	return r.ret;
}

/* vCPU 0 as the boot CPU would be: started. */
static void start_vcpu0(void)
{
	uint64_t e, c;

	assert_true(vpsci_take_start(&psci, 0, &e, &c));
	assert_int_equal(e, ENTRY);
	assert_int_equal(c, DTB);
}

static void test_owns(void **state)
{
	(void)state;
	assert_true(vpsci_owns(PSCI_FN_VERSION));
	assert_true(vpsci_owns(0x8400001f));
	assert_true(vpsci_owns(PSCI_FN64_CPU_ON));
	assert_true(vpsci_owns(0xc400001f));
	assert_true(vpsci_owns(SMCCC_FN_VERSION));
	assert_true(vpsci_owns(SMCCC_FN_ARCH_WORKAROUND_1));
	assert_true(vpsci_owns(0xc0000000));
	assert_false(vpsci_owns(0x84000020)); /* another standard service (e.g. TRNG 0x84000050) */
	assert_false(vpsci_owns(0x84000050));
	assert_false(vpsci_owns(0x8600ff01)); /* vendor hypervisor service */
	assert_false(vpsci_owns(0x04000000)); /* yielding call */
	assert_false(vpsci_owns(0xc2000001)); /* SiP */
}

/* The lock-free answers (the trap's short path) are vpsci_call()'s, and only stateless calls have them. */
static void test_stateless(void **state)
{
	static const uint64_t stateless[][2] = {
		{ PSCI_FN_VERSION, 0 },
		{ SMCCC_FN_VERSION, 0 },
		{ PSCI_FN_MIGRATE_INFO_TYPE, 0 },
		{ PSCI_FN_FEATURES, PSCI_FN64_CPU_ON },
		{ PSCI_FN_FEATURES, PSCI_FN_MIGRATE },
		{ PSCI_FN_FEATURES, 0xffffffff00000000ULL | PSCI_FN_CPU_ON },
		{ SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_FEATURES },
		{ SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_WORKAROUND_1 },
		{ PSCI_FN_MIGRATE, 0 },
		{ 0x8400001f, 0 },
		{ 0x84000050, 0 }, /* not PSCI's at all */
		{ 0x100000000ULL | PSCI_FN_VERSION, 0 },
	};
	static const uint32_t stateful[] = { PSCI_FN_CPU_ON,	  PSCI_FN64_CPU_ON,	 PSCI_FN_CPU_OFF,
					     PSCI_FN_CPU_SUSPEND, PSCI_FN_AFFINITY_INFO, PSCI_FN_SYSTEM_OFF,
					     PSCI_FN_SYSTEM_RESET };
	int64_t ret;

	(void)state;
	for (unsigned int i = 0; i < sizeof(stateless) / sizeof(stateless[0]); i++) {
		const uint64_t x[4] = { stateless[i][0], stateless[i][1], 0, 0 };

		assert_true(vpsci_call_stateless(x, &ret));
		assert_int_equal(ret, ret_of(0, x[0], x[1], 0, 0));
	}
	for (unsigned int i = 0; i < sizeof(stateful) / sizeof(stateful[0]); i++) {
		const uint64_t x[4] = { stateful[i], 0, 0, 0 };

		assert_false(vpsci_call_stateless(x, &ret));
	}
}

static void test_versions_and_features(void **state)
{
	(void)state;
	assert_int_equal(ret_of(0, PSCI_FN_VERSION, 0, 0, 0), 0x10001);
	assert_int_equal(ret_of(0, SMCCC_FN_VERSION, 0, 0, 0), 0x10001);
	assert_int_equal(ret_of(0, PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	static const uint32_t supported[] = {
		PSCI_FN_VERSION,       PSCI_FN_CPU_SUSPEND,	PSCI_FN64_CPU_SUSPEND,
		PSCI_FN_CPU_OFF,       PSCI_FN_CPU_ON,		PSCI_FN64_CPU_ON,
		PSCI_FN_AFFINITY_INFO, PSCI_FN64_AFFINITY_INFO, PSCI_FN_MIGRATE_INFO_TYPE,
		PSCI_FN_SYSTEM_OFF,    PSCI_FN_SYSTEM_RESET,	PSCI_FN_FEATURES,
		SMCCC_FN_VERSION
	};
	for (unsigned int i = 0; i < sizeof(supported) / sizeof(supported[0]); i++)
		assert_int_equal(ret_of(0, PSCI_FN_FEATURES, supported[i], 0, 0), PSCI_RET_SUCCESS);
	static const uint32_t unsupported[] = { PSCI_FN_MIGRATE,
						PSCI_FN_MIGRATE_INFO_UP_CPU,
						PSCI_FN_SYSTEM_SUSPEND,
						PSCI_FN64_SYSTEM_SUSPEND,
						PSCI_FN_SYSTEM_RESET2,
						0xc4000000 /* no SMC64 VERSION */,
						0x8600ff01,
						0 };
	for (unsigned int i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		assert_int_equal(ret_of(0, PSCI_FN_FEATURES, unsupported[i], 0, 0), PSCI_RET_NOT_SUPPORTED);
	/* A 64-bit value is no function ID, even if its low half is one. */
	assert_int_equal(ret_of(0, PSCI_FN_FEATURES | SMCCC_SMC64, 0x100000000ULL | PSCI_FN_CPU_ON, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	/* SMC32: the upper half of the argument is ignored. */
	assert_int_equal(ret_of(0, PSCI_FN_FEATURES, 0xffffffff00000000ULL | PSCI_FN_CPU_ON, 0, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(ret_of(0, SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_FEATURES, 0, 0), 0);
	assert_int_equal(ret_of(0, SMCCC_FN_ARCH_FEATURES, SMCCC_FN_VERSION, 0, 0), 0);
	assert_int_equal(ret_of(0, SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_WORKAROUND_1, 0, 0),
			 SMCCC_RET_NOT_SUPPORTED);
}

static void test_not_supported(void **state)
{
	static const uint64_t fns[] = { PSCI_FN_MIGRATE,
					PSCI_FN_MIGRATE_INFO_UP_CPU,
					PSCI_FN_SYSTEM_SUSPEND,
					PSCI_FN_SYSTEM_RESET2,
					0x8400001f,
					0xc4000000,
					0xc4000002,
					0xc4000008,
					0xc4000009,
					0xc0000000,
					SMCCC_FN_ARCH_WORKAROUND_1,
					0x100000000ULL | PSCI_FN_VERSION };
	struct vpsci_result r;

	(void)state;
	for (unsigned int i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		assert_int_equal(call(0, fns[i], 0, 0, 0, &r), VPSCI_RETURN);
		assert_int_equal(r.ret, PSCI_RET_NOT_SUPPORTED);
	}
}

static void test_reset_state(void **state)
{
	uint64_t e, c;

	(void)state;
	assert_int_equal(vpsci_active_count(&psci), 1);
	assert_false(vpsci_take_start(&psci, 1, &e, &c));
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0, 0, 0), PSCI_AFF_ON_PENDING);
	start_vcpu0();
	assert_true(vpsci_is_on(&psci, 0));
	assert_false(vpsci_take_start(&psci, 0, &e, &c)); /* only once */
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0, 0, 0), PSCI_AFF_ON);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0), PSCI_AFF_OFF);
	vpsci_all_off(&psci);
	assert_int_equal(vpsci_active_count(&psci), 0);
	assert_false(vpsci_is_on(&psci, 0));
}

static void test_cpu_on(void **state)
{
	struct vpsci_result r;
	uint64_t e, c;

	(void)state;
	start_vcpu0();
	/* Outside the cell, bad affinity bits, bad entry points. */
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 2, ENTRY, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 0x101, ENTRY, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 0x100000001ULL, ENTRY, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 0x80000001ULL, ENTRY, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 1, 0x50000000, 0), PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 1, ENTRY + 2, 0), PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 1, 0x48000000, 0),
			 PSCI_RET_INVALID_ADDRESS); /* no-exec */
	/* The last word of executable memory is a valid entry. */
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 1, 0x40fffffc, 0), PSCI_RET_SUCCESS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 1, ENTRY, 0), PSCI_RET_ON_PENDING);
	assert_true(vpsci_take_start(&psci, 1, &e, &c));
	assert_int_equal(e, 0x40fffffc);
	/* ON: the caller itself and the started vCPU. */
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_ON, 0, ENTRY, 0), PSCI_RET_ALREADY_ON);
	assert_int_equal(ret_of(1, PSCI_FN64_CPU_ON, 1, ENTRY, 0), PSCI_RET_ALREADY_ON);
	/* CPU_OFF, then on again with a context id, over SMC32 (upper halves ignored). */
	assert_int_equal(call(1, PSCI_FN_CPU_OFF, 0, 0, 0, &r), VPSCI_CPU_OFF);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0), PSCI_AFF_OFF);
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0xffffffff00000001ULL, 0xffffffff40001000ULL, 0x1234, &r),
			 VPSCI_WAKE);
	assert_int_equal(r.ret, PSCI_RET_SUCCESS);
	assert_int_equal(r.target, 1);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0), PSCI_AFF_ON_PENDING);
	assert_true(vpsci_take_start(&psci, 1, &e, &c));
	assert_int_equal(e, 0x40001000);
	assert_int_equal(c, 0x1234);
	/* SMC64: the full 64-bit context id. */
	assert_int_equal(call(1, PSCI_FN_CPU_OFF, 0, 0, 0, &r), VPSCI_CPU_OFF);
	assert_int_equal(call(0, PSCI_FN64_CPU_ON, 1, ENTRY, 0x123456789abcdef0ULL, &r), VPSCI_WAKE);
	assert_true(vpsci_take_start(&psci, 1, &e, &c));
	assert_int_equal(c, 0x123456789abcdef0ULL);
	/* A vCPU index beyond the cell is never used. */
	assert_int_equal(call(5, PSCI_FN_VERSION, 0, 0, 0, &r), VPSCI_RETURN);
	assert_int_equal(r.ret, PSCI_RET_NOT_SUPPORTED);
}

static void test_affinity_info(void **state)
{
	struct vpsci_result r;

	(void)state;
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0), PSCI_AFF_OFF);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 2, 0, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0x100, 0, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0, 4, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_AFFINITY_INFO, 1ULL << 40, 0, 0), PSCI_RET_INVALID_PARAMETERS);
	/* Level 1 and up: the instance holding every vCPU; Aff0 ignored. */
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0x7f, 1, 0), PSCI_AFF_ON_PENDING);
	start_vcpu0();
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0, 1, 0), PSCI_AFF_ON);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0x100, 1, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN_AFFINITY_INFO, 0x100, 2, 0), PSCI_AFF_ON);
	assert_int_equal(ret_of(0, PSCI_FN64_AFFINITY_INFO, 0xffffff, 3, 0), PSCI_AFF_ON);
	assert_int_equal(ret_of(0, PSCI_FN64_AFFINITY_INFO, 1ULL << 32, 3, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_FN_CPU_OFF, 0, 0, 0, &r), VPSCI_CPU_OFF);
	assert_int_equal(ret_of(1, PSCI_FN_AFFINITY_INFO, 0, 1, 0), PSCI_AFF_OFF);
	assert_int_equal(vpsci_active_count(&psci), 0);
}

static void test_suspend_and_system(void **state)
{
	struct vpsci_result r;

	(void)state;
	start_vcpu0();
	assert_int_equal(call(0, PSCI_FN_CPU_SUSPEND, 0, 0, 0, &r), VPSCI_STANDBY);
	assert_int_equal(r.ret, PSCI_RET_SUCCESS);
	assert_int_equal(call(0, PSCI_FN64_CPU_SUSPEND, 0x01000001, 0, 0, &r), VPSCI_STANDBY);
	assert_int_equal(call(0, PSCI_FN_CPU_SUSPEND, 0x04000000, 0, 0, &r), VPSCI_RETURN);
	assert_int_equal(r.ret, PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN_CPU_SUSPEND, 0x00020000, 0, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_SUSPEND, 0x100000000ULL, 0, 0), PSCI_RET_INVALID_PARAMETERS);
	/* Power-down requests are served as standby, but their entry must be valid. */
	assert_int_equal(ret_of(0, PSCI_FN64_CPU_SUSPEND, 0x00010000, 0x50000000, 0),
			 PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(call(0, PSCI_FN64_CPU_SUSPEND, 0x00010000, ENTRY, 0, &r), VPSCI_STANDBY);
	assert_true(vpsci_is_on(&psci, 0));
	assert_int_equal(call(0, PSCI_FN_SYSTEM_OFF, 0, 0, 0, &r), VPSCI_SYSTEM_OFF);
	assert_int_equal(call(0, PSCI_FN_SYSTEM_RESET, 0, 0, 0, &r), VPSCI_SYSTEM_RESET);
	assert_int_equal(call(0, 0xc4000008, 0, 0, 0, &r), VPSCI_RETURN); /* no SMC64 SYSTEM_OFF */
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vpsci_fn_name(PSCI_FN64_CPU_ON), "CPU_ON");
	assert_string_equal(vpsci_fn_name(PSCI_FN_SYSTEM_RESET), "SYSTEM_RESET");
	assert_null(vpsci_fn_name(PSCI_FN_MIGRATE));
	assert_string_equal(psci_error_name(PSCI_RET_INVALID_ADDRESS), "INVALID_ADDRESS");
	assert_string_equal(psci_error_name(PSCI_RET_ON_PENDING), "ON_PENDING");
	assert_string_equal(psci_error_name(-42), "unknown PSCI error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_owns, setup),
		cmocka_unit_test_setup(test_versions_and_features, setup),
		cmocka_unit_test_setup(test_stateless, setup),
		cmocka_unit_test_setup(test_not_supported, setup),
		cmocka_unit_test_setup(test_reset_state, setup),
		cmocka_unit_test_setup(test_cpu_on, setup),
		cmocka_unit_test_setup(test_affinity_info, setup),
		cmocka_unit_test_setup(test_suspend_and_system, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
