/* SPDX-License-Identifier: MIT */
/*
 * AArch64 system registers and their fields, named once after the Arm ARM
 * (DDI 0487, chapter D19 "AArch64 System Register Descriptions"). Usable
 * from C and from assembly.
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#ifdef __ASSEMBLER__
#define _BITUL(n) (1 << (n))
#define _UL(x) x
#else
#define _BITUL(n) (1UL << (n))
#define _UL(x) x##UL
#endif

/* CurrentEL: EL in bits [3:2]. */
#define CURRENTEL_EL_SHIFT 2
#define CURRENTEL_EL2 (2 << CURRENTEL_EL_SHIFT)

/* MPIDR_EL1 affinity: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]. */
#define MPIDR_AFF_MASK _UL(0xff00ffffff)

/* SCTLR_EL2 (non-VHE layout). */
#define SCTLR_EL2_M _BITUL(0)  /* stage-1 MMU enable */
#define SCTLR_EL2_A _BITUL(1)  /* alignment check */
#define SCTLR_EL2_C _BITUL(2)  /* data cacheability */
#define SCTLR_EL2_SA _BITUL(3) /* SP alignment check */
#define SCTLR_EL2_I _BITUL(12) /* instruction cacheability */
#define SCTLR_EL2_WXN _BITUL(19)
#define SCTLR_EL2_EE _BITUL(25) /* big-endian data */
/* Bits RES1 in SCTLR_EL2 when HCR_EL2.E2H == 0: 4, 5, 11, 16, 18, 22, 23, 28, 29. */
#define SCTLR_EL2_RES1 _UL(0x30c50830)

/* HCR_EL2. */
#define HCR_EL2_RW _BITUL(31) /* EL1 is AArch64 */

/*
 * CPTR_EL2 (E2H == 0): TFP (bit 10) clear so FP/SIMD does not trap; bits 13,
 * 12 (TSM), 9, 8 (TZ) and 7:0 are RES1 or trap SME/SVE when set.
 */
#define CPTR_EL2_TFP _BITUL(10)
#define CPTR_EL2_RES1 _UL(0x33ff)

/* TCR_EL2 (E2H == 0). */
#define TCR_EL2_RES1 (_BITUL(31) | _BITUL(23))
#define TCR_T0SZ(va_bits) (64 - (va_bits))
#define TCR_IRGN0_WBWA (_UL(1) << 8)
#define TCR_ORGN0_WBWA (_UL(1) << 10)
#define TCR_SH0_INNER (_UL(3) << 12)
#define TCR_TG0_4K (_UL(0) << 14)
#define TCR_EL2_PS_SHIFT 16

/*
 * ID_AA64MMFR0_EL1.PARange [3:0]: the physical address size. Encodings
 * 0..6 are 32, 36, 40, 42, 44, 48 and 52 bits; the others are reserved.
 */
#define ID_AA64MMFR0_PARANGE_MASK _UL(0xf)
#define ID_AA64MMFR0_PARANGE_32 0
#define ID_AA64MMFR0_PARANGE_36 1
#define ID_AA64MMFR0_PARANGE_40 2
#define ID_AA64MMFR0_PARANGE_42 3
#define ID_AA64MMFR0_PARANGE_44 4
#define ID_AA64MMFR0_PARANGE_48 5
#define ID_AA64MMFR0_PARANGE_52 6

/*
 * VTCR_EL2 (stage-2 translation control, D19): T0SZ [5:0], SL0 [7:6],
 * IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12], TG0 [15:14], PS [18:16],
 * VS [19] (0: 8-bit VMID), bit 31 RES1.
 */
#define VTCR_EL2_RES1 _BITUL(31)
#define VTCR_EL2_T0SZ(ipa_bits) (64 - (ipa_bits))
#define VTCR_EL2_SL0_SHIFT 6
#define VTCR_EL2_SL0_MASK (_UL(3) << VTCR_EL2_SL0_SHIFT)
#define VTCR_EL2_SL0_4K_LEVEL1 (_UL(1) << VTCR_EL2_SL0_SHIFT) /* 4 KiB granule: start at level 1 */
#define VTCR_EL2_IRGN0_WBWA (_UL(1) << 8)
#define VTCR_EL2_ORGN0_WBWA (_UL(1) << 10)
#define VTCR_EL2_SH0_INNER (_UL(3) << 12)
#define VTCR_EL2_TG0_4K (_UL(0) << 14)
#define VTCR_EL2_PS_SHIFT 16
#define VTCR_EL2_PS_MASK (_UL(7) << VTCR_EL2_PS_SHIFT)
#define VTCR_EL2_T0SZ_MASK _UL(0x3f)

/* VTTBR_EL2: BADDR [47:1] (the stage-2 root), VMID [55:48] (8-bit VMIDs). */
#define VTTBR_EL2_VMID_SHIFT 48
#define VTTBR_EL2_VMID_MAX 0xff

/* MAIR_EL2 attribute encodings and the indices Septum uses. */
#define MAIR_ATTR_NORMAL_WB _UL(0xff) /* Normal, inner/outer WB RW-allocate */
#define MAIR_ATTR_DEVICE_nGnRnE _UL(0x00)
#define MAIR_ATTR_DEVICE_nGnRE _UL(0x04)
#define MAIR_ATTR_NORMAL_NC _UL(0x44)
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE_nGnRnE 1
#define MAIR_IDX_DEVICE_nGnRE 2
#define MAIR_IDX_NORMAL_NC 3
#define MAIR_EL2_VALUE                                               \
	((MAIR_ATTR_NORMAL_WB << (8 * MAIR_IDX_NORMAL)) |            \
	 (MAIR_ATTR_DEVICE_nGnRnE << (8 * MAIR_IDX_DEVICE_nGnRnE)) | \
	 (MAIR_ATTR_DEVICE_nGnRE << (8 * MAIR_IDX_DEVICE_nGnRE)) |   \
	 (MAIR_ATTR_NORMAL_NC << (8 * MAIR_IDX_NORMAL_NC)))

/* SPSR_ELx / DAIF. */
#define DAIF_MASK_ALL (0xf << 6)

/* MIDR_EL1 fields. */
#define MIDR_IMPLEMENTER_SHIFT 24
#define MIDR_VARIANT_SHIFT 20
#define MIDR_PARTNUM_SHIFT 4
#define MIDR_PARTNUM_MASK 0xfff
#define MIDR_REVISION_MASK 0xf
#define MIDR_IMPL_ARM 0x41

/* ESR_ELx: EC [31:26], IL [25], ISS [24:0]. */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3f
#define ESR_ISS_MASK 0x1ffffff

/* Cache geometry: CTR_EL0.DminLine [19:16] is log2(words) of the smallest line. */
#define CTR_DMINLINE_SHIFT 16
#define CTR_DMINLINE_MASK 0xf

#ifndef __ASSEMBLER__
#include <stdint.h>

#define read_sysreg(r)                                        \
	({                                                    \
		uint64_t __rv;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__rv)); \
		__rv;                                         \
	})
#define write_sysreg(r, v)                                          \
	do {                                                        \
		uint64_t __wv = (uint64_t)(v);                      \
		__asm__ volatile("msr " #r ", %x0" : : "rZ"(__wv)); \
	} while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#endif

#endif
