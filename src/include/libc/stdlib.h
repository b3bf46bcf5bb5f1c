/* SPDX-License-Identifier: MIT */
/* <stdlib.h> for libfdt's headers: only strtoul, from septum/string.h. */
#ifndef SEPTUM_LIBC_STDLIB_H
#define SEPTUM_LIBC_STDLIB_H
#include <septum/string.h>
#endif
