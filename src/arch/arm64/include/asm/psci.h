/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor as a PSCI client of the firmware: the call itself. The
 * function IDs and return codes (Arm DEN 0022) are in <septum/psci.h>.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <septum/board.h>
#include <septum/psci.h>

int64_t psci_call(enum psci_conduit conduit, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
