/* SPDX-License-Identifier: MIT */
/* Stage-2 attribute encodings and VTCR_EL2, shared by stage2.c and vcpu.c. */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H

#include <stdint.h>

/* Table pages for all cells' stage-2 tables together. */
#define S2_POOL_PAGES 128

uint64_t s2_mem_attrs(uint32_t cfg_flags);
uint64_t s2_device_attrs(void);
uint64_t s2_vtcr(void);

#endif
