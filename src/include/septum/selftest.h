/* SPDX-License-Identifier: MIT */
/* Deliberate faults for tests, selected by "septum.selftest=" in bootargs. */
#ifndef SEPTUM_SELFTEST_H
#define SEPTUM_SELFTEST_H

void selftest_run(const char *bootargs);

#endif
