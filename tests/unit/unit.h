/* SPDX-License-Identifier: MIT */
/*
 * Shared by every host unit test: the cmocka headers in the order cmocka
 * needs them, and helpers for loading the device trees that the Makefile
 * compiles from tests/unit/dts/ into $SEPTUM_TEST_DTB_DIR.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

/*
 * Read $SEPTUM_TEST_DTB_DIR/<name>.dtb (build/host/dtb by default) into a
 * malloc'd buffer; fails the current test if it cannot. Free with free().
 */
void *unit_load_dtb(const char *name);

/* Read a whole file into a malloc'd buffer (NUL-terminated); size in @size. */
void *unit_read_file(const char *path, size_t *size);

#endif
