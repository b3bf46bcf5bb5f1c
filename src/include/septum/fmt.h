/* SPDX-License-Identifier: MIT */
/* Formatting helpers for reports (hypervisor and host tools alike). */
#ifndef SEPTUM_FMT_H
#define SEPTUM_FMT_H

#include <septum/types.h>

/* @size as "<n> <unit>" in the largest binary unit that divides it exactly
 * ("64 MiB", "4100 KiB", "12 bytes"); returns @buf. */
const char *fmt_size(uint64_t size, char *buf, size_t len);

#endif
