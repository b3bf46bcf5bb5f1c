/* SPDX-License-Identifier: MIT */
/*
 * Where the partition config and the cells' payloads come from.
 *
 * (a) A bundle appended to the hypervisor image by tools/septum-pack, right
 *     at the image's end (_end, 4 KiB aligned); the Image header's
 *     image_size is raised to cover it, so loaders keep it intact. Layout
 *     (little-endian):
 *       0  char     magic[8] = "SEPTUMBD"
 *       8  uint32_t version = 1
 *      12  uint32_t count           entries that follow
 *      16  uint64_t total_size      bytes, header included
 *      24  entries[count], 64 bytes each:
 *            char name[48] (NUL-padded), uint64_t offset (from the bundle
 *            start), uint64_t size
 *     The entry named "config" is the partition config blob.
 * (b) Pieces a boot loader put in RAM, named in the board device tree:
 *       /chosen { septum,config = <addr-hi addr-lo size-hi size-lo>; }
 *       /chosen/module@... { compatible = "septum,module";
 *                            septum,name = "rtos.bin"; reg = <addr size>; }
 */
#ifndef SEPTUM_BUNDLE_H
#define SEPTUM_BUNDLE_H

#include <septum/types.h>

#define BUNDLE_MAGIC "SEPTUMBD"
#define BUNDLE_VERSION 1
#define BUNDLE_NAME_MAX 48
#define BUNDLE_CONFIG_NAME "config"
#define BUNDLE_MAX_ENTRIES 64

struct bundle_entry {
	char name[BUNDLE_NAME_MAX];
	uint64_t offset;
	uint64_t size;
};

struct bundle_header {
	char magic[8];
	uint32_t version;
	uint32_t count;
	uint64_t total_size;
	struct bundle_entry entries[];
};

/*
 * Find the config: in a bundle at @bundle_at, else in the board device
 * tree's /chosen. Returns true with the blob; *extent grows to cover the
 * bundle. Errors are logged.
 */
bool payload_sources_init(const void *board_fdt, paddr_t bundle_at, const void **cfg_blob, size_t *cfg_size,
			  uint64_t *bundle_size);

#endif
