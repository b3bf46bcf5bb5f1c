/* SPDX-License-Identifier: MIT */
/*
 * Basic types shared by every part of Septum. Physical, guest-physical
 * (intermediate physical) and hypervisor-virtual addresses are distinct
 * one-member structs so that mixing them up is a compile error; the small
 * helpers below are the only way in and out.
 */
#ifndef SEPTUM_TYPES_H
#define SEPTUM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t val;
} paddr_t; /* physical address */
typedef struct {
	uint64_t val;
} ipaddr_t; /* guest-physical (IPA) */
typedef struct {
	uintptr_t val;
} vaddr_t; /* hypervisor virtual */

static inline paddr_t pa_of(uint64_t v)
{
	return (paddr_t){ v };
}
static inline uint64_t pa_val(paddr_t a)
{
	return a.val;
}
static inline paddr_t pa_add(paddr_t a, uint64_t off)
{
	return (paddr_t){ a.val + off };
}
static inline ipaddr_t ipa_of(uint64_t v)
{
	return (ipaddr_t){ v };
}
static inline uint64_t ipa_val(ipaddr_t a)
{
	return a.val;
}
static inline vaddr_t va_of(uintptr_t v)
{
	return (vaddr_t){ v };
}
static inline uintptr_t va_val(vaddr_t a)
{
	return a.val;
}

/* A physical range [base, base + size). */
struct pa_range {
	paddr_t base;
	uint64_t size;
};

static inline uint64_t pa_range_end(const struct pa_range *r)
{
	return pa_val(r->base) + r->size;
}

#define SZ_4K 0x1000ULL
#define SZ_64K 0x10000ULL
#define SZ_1M 0x100000ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define BIT(n) (1ULL << (n))
/* Mask of bits hi..lo inclusive. */
#define GENMASK(hi, lo) ((~0ULL >> (63 - (hi))) & (~0ULL << (lo)))

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __noreturn __attribute__((noreturn))
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define __unused __attribute__((unused))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
/* Static memory the boot does not zero (nothing reads it before writing it): the image's .bss.noinit. */
#define __noinit __section(".bss.noinit")

#endif
