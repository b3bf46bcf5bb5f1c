/* SPDX-License-Identifier: MIT */
/*
 * What the three parts of the config code share: cfg.c reads the blob,
 * cfg_rules.c holds the rules between items, cfg_board.c the rules against
 * the board. Private to src/core/cfg*.c.
 */
#ifndef SEPTUM_CFG_INTERNAL_H
#define SEPTUM_CFG_INTERNAL_H

#include <septum/cfg.h>

#define CFG_PAGE_SIZE SZ_4K
#define CFG_IPA_LIMIT (1ULL << CFG_IPA_BITS)
#define CFG_PA_LIMIT (1ULL << CFG_PA_BITS)
#define CFG_SPI_FIRST 32
#define CFG_SPI_LAST 1019
/* The virtual GIC (interrupt-controller node): compatibles and frame sizes. */
#define CFG_VGIC_V3_COMPATIBLE "arm,gic-v3"
#define CFG_VGIC_V2_COMPATIBLE "arm,cortex-a15-gic"
#define CFG_VGIC_V2_COMPATIBLE_400 "arm,gic-400"
#define CFG_VGIC_ALIGN 0x10000ULL
#define CFG_VGIC_MAX_SPIS 63 /* VGIC_MAX_SPIS */

/* For "0x%llx" in messages. */
#define X(v) ((unsigned long long)(v))

/* Record error @code with a message in @st; returns @code. */
enum cfg_error cfg_fail(struct cfg_status *st, enum cfg_error code, const char *fmt, ...) __printf(3, 4);

/* Do [a, a + as) and [b, b + bs) overlap? Safe against wrap-around. */
static inline bool cfg_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	if (as == 0 || bs == 0)
		return false;
	return a >= b ? a - b < bs : b - a < as;
}

/* Is [a, a + as) inside [b, b + bs)? */
static inline bool cfg_inside(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a >= b && a - b <= bs && as <= bs - (a - b);
}

/* The memory region of cell @c that holds guest-physical address @ipa, or NULL. */
const struct cfg_mem *cfg_mem_at(const struct cfg_cell *c, uint64_t ipa);

/*
 * Every rule between the items of @cfg (overlaps, sharing, load addresses):
 * run by cfg_parse() and again by cfg_check_board() once board-path
 * devices are resolved.
 */
enum cfg_error cfg_check_rules(const struct cfg *cfg, struct cfg_status *st);

#endif
