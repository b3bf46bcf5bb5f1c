/* SPDX-License-Identifier: MIT */
/*
 * The C library subset the hypervisor provides for itself and for libfdt.
 * On the host the same names come from the C library.
 */
#ifndef SEPTUM_STRING_H
#define SEPTUM_STRING_H

#include <stdarg.h>
#include <stddef.h>

#ifdef SEPTUM_HOST
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#else

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* SEPTUM_HOST */

#endif
