/* SPDX-License-Identifier: MIT */
/*
 * <string.h> for code built against the hypervisor's own C library subset
 * (libfdt's libfdt_env.h includes it). Everything is in septum/string.h.
 */
#ifndef SEPTUM_LIBC_STRING_H
#define SEPTUM_LIBC_STRING_H
#include <septum/string.h>
#endif
