/* SPDX-License-Identifier: MIT */
/* PSCI function IDs and return codes (Arm DEN 0022), client side. */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <septum/board.h>

#define PSCI_FN_VERSION 0x84000000U
#define PSCI_FN64_CPU_ON 0xc4000003U

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

int64_t psci_call(enum psci_conduit conduit, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
const char *psci_error_name(int64_t err);

#endif
