// SPDX-License-Identifier: MIT
/*
 * Small formatting helpers shared by the hypervisor's reports and the
 * offline checker's partition map, so both print sizes the same way.
 */
#include <septum/fmt.h>
#include <septum/string.h>

const char *fmt_size(uint64_t size, char *buf, size_t len)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (u + 1 < ARRAY_SIZE(unit) && size >= 1024 && size % 1024 == 0) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)size, unit[u]);
	return buf;
}
