// SPDX-License-Identifier: MIT
/*
 * Host-side support linked into every unit test: file and device-tree
 * loading. Host versions of arch_* functions that pure logic needs live
 * here too, so the code under test builds unchanged on the host.
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

void *unit_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (size)
			*size = (size_t)n;
	}
	return buf;
}

void *unit_load_dtb(const char *name)
{
	const char *dir = getenv("SEPTUM_TEST_DTB_DIR");
	char path[4096];
	void *dtb;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : "build/host/dtb", name);
	dtb = unit_read_file(path, NULL);
	if (!dtb)
		fail_msg("cannot read %s (make unit-build compiles tests/unit/dts/)", path);
	return dtb;
}
