/* SPDX-License-Identifier: MIT */
/*
 * PSCI and SMCCC constants, defined once for the whole hypervisor: the
 * function IDs and return codes of the Arm Power State Coordination
 * Interface (Arm DEN 0022, PSCI 1.1) and the Arm Architecture Service
 * calls of the SMC Calling Convention (Arm DEN 0028). Septum uses them
 * both as a PSCI client of the firmware (src/arch/arm64/psci.c) and as the
 * PSCI implementation its cells call (src/core/vpsci.c).
 */
#ifndef SEPTUM_PSCI_H
#define SEPTUM_PSCI_H

#include <septum/types.h>

/* SMCCC function ID layout (DEN 0028, 2.5): bit 31 fast call, bit 30 SMC64. */
#define SMCCC_FAST_CALL (1U << 31)
#define SMCCC_SMC64 (1U << 30)
#define SMCCC_OWNER_SHIFT 24
#define SMCCC_OWNER_MASK 0x3fU
#define SMCCC_OWNER_ARCH 0	/* Arm Architecture Service calls */
#define SMCCC_OWNER_STANDARD 4	/* Standard Secure Service calls (PSCI) */
#define SMCCC_FUNC_MASK 0xffffU /* function number, bits [15:0] */

/* Arm Architecture Service calls (DEN 0028, 7). */
#define SMCCC_FN_VERSION 0x80000000U
#define SMCCC_FN_ARCH_FEATURES 0x80000001U
#define SMCCC_FN_ARCH_WORKAROUND_1 0x80008000U
#define SMCCC_VERSION_1_1 0x10001U
#define SMCCC_RET_SUCCESS 0
#define SMCCC_RET_NOT_SUPPORTED (-1)

/* PSCI function IDs (DEN 0022, 5.1): SMC32 0x84000000 + n, SMC64 0xc4000000 + n. */
#define PSCI_FN_BASE32 0x84000000U
#define PSCI_FN_BASE64 0xc4000000U
#define PSCI_FN_COUNT 0x20U /* 0x84000000-0x8400001f is PSCI's range */
#define PSCI_FN_VERSION 0x84000000U
#define PSCI_FN_CPU_SUSPEND 0x84000001U
#define PSCI_FN_CPU_OFF 0x84000002U
#define PSCI_FN_CPU_ON 0x84000003U
#define PSCI_FN_AFFINITY_INFO 0x84000004U
#define PSCI_FN_MIGRATE 0x84000005U
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_FN_MIGRATE_INFO_UP_CPU 0x84000007U
#define PSCI_FN_SYSTEM_OFF 0x84000008U
#define PSCI_FN_SYSTEM_RESET 0x84000009U
#define PSCI_FN_FEATURES 0x8400000aU
#define PSCI_FN_SYSTEM_SUSPEND 0x8400000eU
#define PSCI_FN_SYSTEM_RESET2 0x84000012U
#define PSCI_FN64_CPU_SUSPEND 0xc4000001U
#define PSCI_FN64_CPU_ON 0xc4000003U
#define PSCI_FN64_AFFINITY_INFO 0xc4000004U
#define PSCI_FN64_SYSTEM_SUSPEND 0xc400000eU

/* PSCI_VERSION: major in [31:16], minor in [15:0]. */
#define PSCI_VERSION_1_1 0x10001U

/* Return codes (DEN 0022, 5.2.2). */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT (-7)
#define PSCI_RET_DISABLED (-8)
#define PSCI_RET_INVALID_ADDRESS (-9)

/* AFFINITY_INFO results (DEN 0022, 5.7). */
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

/* MIGRATE_INFO_TYPE: no Trusted OS that needs migration (DEN 0022, 5.9). */
#define PSCI_MIGRATE_TOS_NOT_PRESENT 2

/* CPU_SUSPEND power_state, original format (DEN 0022, 5.4.2). */
#define PSCI_POWER_STATE_TYPE_POWERDOWN (1U << 16)
#define PSCI_POWER_STATE_RESERVED 0xfcfe0000U /* bits [31:26] and [23:17] */

/* MPIDR affinity fields as PSCI passes them: Aff3 [39:32], Aff2-0 [23:0]. */
#define PSCI_MPIDR_AFF_MASK 0xff00ffffffULL

/* "INVALID_PARAMETERS" for a PSCI return code, for log lines. */
const char *psci_error_name(int64_t err);

#endif
