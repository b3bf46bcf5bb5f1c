// SPDX-License-Identifier: MIT
/*
 * Support for code built with -fstack-protector, which Debian's libfdt.a
 * is: the guard value it compares against and the failure handler.
 */
#include <septum/log.h>

uintptr_t __stack_chk_guard = 0x5e9709a1b3c4d2e1ULL;

void __stack_chk_fail(void) __noreturn;

void __stack_chk_fail(void)
{
	panic("stack corruption detected (stack protector)");
}
