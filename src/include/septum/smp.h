/* SPDX-License-Identifier: MIT */
/* Bringing up every CPU of the board and reporting on each. */
#ifndef SEPTUM_SMP_H
#define SEPTUM_SMP_H

#include <septum/board.h>

/* Boot CPU: start every other CPU and wait for each to check in. */
unsigned int smp_boot_secondaries(const struct board *b);
/* Secondary CPU, on the hypervisor's stack with the MMU on. */
void smp_secondary_main(unsigned int cpu) __noreturn;

#endif
