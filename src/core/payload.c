// SPDX-License-Identifier: MIT
/*
 * Finding the partition config and the payloads (kernels, device trees,
 * initrds) either in a bundle appended to the image or in modules a boot
 * loader described under /chosen (formats: septum/bundle.h).
 */
#include <libfdt.h>
#include <septum/bundle.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/string.h>

static const struct bundle_header *bundle;
static const void *chosen_fdt;
static int chosen_node = -1;

static bool bundle_valid(const struct bundle_header *h)
{
	if (memcmp(h->magic, BUNDLE_MAGIC, sizeof(h->magic)))
		return false;
	if (h->version != BUNDLE_VERSION || h->count > BUNDLE_MAX_ENTRIES ||
	    h->total_size < sizeof(*h) + h->count * sizeof(struct bundle_entry)) {
		log_err("bundle at 0x%llx: unsupported version %u or bad header (%u entries, %llu bytes)",
			(unsigned long long)(uintptr_t)h, h->version, h->count,
			(unsigned long long)h->total_size);
		return false;
	}
	for (unsigned int i = 0; i < h->count; i++) {
		const struct bundle_entry *e = &h->entries[i];

		if (e->offset > h->total_size || e->size > h->total_size - e->offset ||
		    strnlen(e->name, BUNDLE_NAME_MAX) == BUNDLE_NAME_MAX) {
			log_err("bundle entry %u is malformed", i);
			return false;
		}
	}
	return true;
}

static bool bundle_lookup(const char *name, paddr_t *pa, uint64_t *size)
{
	for (unsigned int i = 0; bundle && i < bundle->count; i++)
		if (!strcmp(bundle->entries[i].name, name)) {
			*pa = pa_of((uintptr_t)bundle + bundle->entries[i].offset);
			*size = bundle->entries[i].size;
			return true;
		}
	return false;
}

static bool read_addr_size(const void *fdt, int node, const char *prop, uint64_t *addr, uint64_t *size)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, prop, &len);

	if (!v || len != 16)
		return false;
	*addr = (uint64_t)fdt32_to_cpu(v[0]) << 32 | fdt32_to_cpu(v[1]);
	*size = (uint64_t)fdt32_to_cpu(v[2]) << 32 | fdt32_to_cpu(v[3]);
	return true;
}

static bool chosen_lookup(const char *name, paddr_t *pa, uint64_t *size)
{
	int node;

	if (chosen_node < 0)
		return false;
	fdt_for_each_subnode (node, chosen_fdt, chosen_node) {
		const char *n = fdt_getprop(chosen_fdt, node, "septum,name", NULL);
		uint64_t addr;

		if (fdt_node_check_compatible(chosen_fdt, node, "septum,module") || !n || strcmp(n, name))
			continue;
		if (!read_addr_size(chosen_fdt, node, "reg", &addr, size)) {
			log_err("/chosen module \"%s\": 'reg' must be <addr-hi addr-lo size-hi size-lo>",
				name);
			return false;
		}
		*pa = pa_of(addr);
		return true;
	}
	return false;
}

bool payload_find(const char *name, paddr_t *pa, uint64_t *size)
{
	return bundle ? bundle_lookup(name, pa, size) : chosen_lookup(name, pa, size);
}

bool payload_sources_init(const void *board_fdt, paddr_t bundle_at, const void **cfg_blob, size_t *cfg_size,
			  uint64_t *bundle_size)
{
	const struct bundle_header *h = (const struct bundle_header *)(uintptr_t)pa_val(bundle_at);
	uint64_t addr, size;
	paddr_t pa;

	*bundle_size = 0;
	if (bundle_valid(h)) {
		bundle = h;
		*bundle_size = h->total_size;
		if (!bundle_lookup(BUNDLE_CONFIG_NAME, &pa, &size)) {
			log_err("bundle at 0x%llx has no \"%s\" entry", (unsigned long long)pa_val(bundle_at),
				BUNDLE_CONFIG_NAME);
			return false;
		}
		log_info("bundle at 0x%llx: %u entries, %llu bytes", (unsigned long long)pa_val(bundle_at),
			 h->count, (unsigned long long)h->total_size);
		*cfg_blob = (const void *)(uintptr_t)pa_val(pa);
		*cfg_size = size;
		return true;
	}
	chosen_fdt = board_fdt;
	chosen_node = fdt_path_offset(board_fdt, "/chosen");
	if (chosen_node < 0 || !fdt_getprop(board_fdt, chosen_node, "septum,config", NULL))
		return false;
	if (!read_addr_size(board_fdt, chosen_node, "septum,config", &addr, &size)) {
		log_err("/chosen: septum,config must be <addr-hi addr-lo size-hi size-lo>");
		return false;
	}
	log_info("config from /chosen at 0x%llx (%llu bytes)", (unsigned long long)addr,
		 (unsigned long long)size);
	*cfg_blob = (const void *)(uintptr_t)addr;
	*cfg_size = size;
	return true;
}
