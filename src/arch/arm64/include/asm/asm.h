/* SPDX-License-Identifier: MIT */
/* Assembly helpers shared by the .S files. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLER__
/* Assembler macros, not C: */
/* clang-format off */
/* Address of @sym, PC-relative (valid before relocation, MMU on or off). */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

.macro func name
	.global \name
	.type \name, %function
	.balign 4
\name:
.endm

.macro endfunc name
	.size \name, . - \name
.endm
/* clang-format on */
#endif

#endif
