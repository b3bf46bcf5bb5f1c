/* SPDX-License-Identifier: MIT */
/*
 * The test guest's modes implemented outside testguest.c, on top of the
 * shared guest runtime (guests/lib/guest.h).
 */
#ifndef TESTGUEST_H
#define TESTGUEST_H

#include "guest.h"

/* The interrupt test modes (irqtests.c); false when @mode is not one of them. */
bool irq_test(const char *mode, const char *args);
/* The console test mode (uarttests.c): false if @mode is not it. */
bool uart_mode(const char *mode, const char *args);

#endif
