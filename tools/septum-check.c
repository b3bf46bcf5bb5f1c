// SPDX-License-Identifier: MIT
/*
 * septum-check: the offline partition-config checker. It runs the very
 * parser and rules the hypervisor runs at boot (src/core/cfg.c, and
 * src/core/board.c for the board), on the build host:
 *
 *   septum-check CONFIG.dtb [BOARD.dtb] [--payloads DIR] [--image BASE+SIZE]
 *
 * With a board device tree it also resolves board-path devices and checks
 * RAM, reserved memory, CPUs and the GIC; with --payloads, that every
 * payload (looked up by name in DIR) exists and fits; with --image, that a
 * hypervisor image at BASE of SIZE bytes lies in the hypervisor region.
 * Both options need the board device tree.
 * A valid config prints its partition map and exits 0; an invalid one
 * prints one line, "septum-check: FILE: error: MESSAGE", and exits 1.
 * Usage errors exit 2.
 */
#include <errno.h>
#include <libfdt.h>
#include <septum/board.h>
#include <septum/cfg.h>
#include <septum/fmt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_BLOB (64u << 20)

static void usage(void)
{
	fprintf(stderr, "usage: septum-check CONFIG.dtb [BOARD.dtb] [--payloads DIR] [--image BASE+SIZE]\n");
	exit(2);
}

static void __attribute__((noreturn, format(printf, 2, 3))) error(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "septum-check: %s: error: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The whole of @path (malloc() aligns it for any type). */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (!f)
		error(path, "cannot open: %s", strerror(errno));
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		error(path, "cannot read: %s", strerror(errno));
	if ((unsigned long)len > MAX_BLOB)
		error(path, "%ld bytes: too big for a device tree", len);
	buf = malloc(len ? (size_t)len : 1); /* exact size: the sanitizer sees any overrun */
	if (!buf)
		error(path, "out of memory");
	if (fread(buf, 1, (size_t)len, f) != (size_t)len)
		error(path, "cannot read: %s", ferror(f) ? strerror(errno) : "short read");
	fclose(f);
	*size = (size_t)len;
	return buf;
}

static bool payload_size(void *ctx, const char *name, uint64_t *size)
{
	char path[4096];
	struct stat sb;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", (const char *)ctx, name) >= sizeof(path))
		return false;
	if (stat(path, &sb) || !S_ISREG(sb.st_mode))
		return false;
	*size = (uint64_t)sb.st_size;
	return true;
}

static void print_range(const char *prefix, uint64_t base, uint64_t size)
{
	char sz[32];

	printf("%s0x%010llx-0x%010llx  %s", prefix, (unsigned long long)base,
	       (unsigned long long)(base + size - 1), fmt_size(size, sz, sizeof(sz)));
}

static void print_payload(const char *kind, const struct cfg_payload *p, bool sizes)
{
	if (!p->present)
		return;
	printf("  %-8s %s at 0x%llx", kind, p->file, (unsigned long long)ipa_val(p->load));
	if (sizes)
		printf(", %llu bytes", (unsigned long long)p->size);
	printf("\n");
}

static void print_cell(const struct cfg *cfg, unsigned int ci, bool sizes)
{
	const struct cfg_cell *c = &cfg->cells[ci];

	printf("\ncell '%s'\n  cpus:   ", c->name);
	for (unsigned int i = 0; i < c->cpu_count; i++)
		printf(" 0x%llx", (unsigned long long)c->cpus[i]);
	printf("\n  entry:   0x%llx\n", (unsigned long long)ipa_val(c->entry));
	printf("  smc:     %s\n", c->smc_passthrough ? "passed through to firmware" : "denied");
	for (unsigned int i = 0; i < c->mem_count; i++) {
		const struct cfg_mem *m = &c->mem[i];

		print_range("  memory:  IPA ", ipa_val(m->ipa), m->size);
		printf("  -> PA 0x%010llx-0x%010llx  %c%c%c  %s\n", (unsigned long long)pa_val(m->pa),
		       (unsigned long long)(pa_val(m->pa) + m->size - 1), m->flags & CFG_MEM_READ ? 'r' : '-',
		       m->flags & CFG_MEM_WRITE ? 'w' : '-', m->flags & CFG_MEM_EXEC ? 'x' : '-', m->node);
	}
	for (unsigned int s = 0; s < cfg->shm_count; s++)
		if (cfg->shm[s].cell_mask & (1U << ci)) {
			print_range("  shared:  IPA ", pa_val(cfg->shm[s].region.base),
				    cfg->shm[s].region.size);
			printf("  = PA  rw-  shared-memory '%s'\n", cfg->shm[s].name);
		}
	for (unsigned int d = 0; d < c->device_count; d++) {
		const struct cfg_device *dev = &c->devices[d];

		printf("  device:  %s", dev->node);
		if (dev->board_path[0])
			printf(" (board %s)", dev->board_path);
		printf("\n");
		for (unsigned int r = 0; r < dev->reg_count; r++) {
			print_range("           MMIO ", pa_val(dev->regs[r].base), dev->regs[r].size);
			printf("  identity\n");
		}
		if (dev->irq_count) {
			printf("           INTIDs");
			for (unsigned int i = 0; i < dev->irq_count; i++)
				printf(" %u", dev->irqs[i]);
			printf("\n");
		}
		if (dev->board_path[0] && !dev->reg_count && !dev->irq_count)
			printf("           (resolved against a board device tree)\n");
	}
	if (c->console)
		printf("  console: PL011 at IPA 0x%llx\n", (unsigned long long)ipa_val(c->console_ipa));
	if (c->vgic.present)
		printf("  GIC:     virtual GICv%d, distributor at IPA 0x%llx, %s at 0x%llx\n",
		       c->vgic.version, (unsigned long long)ipa_val(c->vgic.gicd),
		       c->vgic.version == GIC_V3 ? "redistributors" : "CPU interface",
		       (unsigned long long)ipa_val(c->vgic.version == GIC_V3 ? c->vgic.gicr : c->vgic.gicc));
	print_payload("kernel:", &c->kernel, sizes);
	print_payload("dtb:", &c->dtb, sizes);
	print_payload("initrd:", &c->initrd, sizes);
}

static bool parse_range(const char *s, struct pa_range *r)
{
	char *end;
	unsigned long long base, size;

	errno = 0;
	base = strtoull(s, &end, 0);
	if (errno || *end != '+')
		return false;
	size = strtoull(end + 1, &end, 0);
	if (errno || *end || size == 0)
		return false;
	r->base = pa_of(base);
	r->size = size;
	return true;
}

int main(int argc, char **argv)
{
	const char *config_path = NULL, *board_path = NULL, *payload_dir = NULL;
	struct pa_range image = { { 0 }, 0 };
	static struct cfg cfg;
	static struct board board;
	struct cfg_payloads payloads;
	struct board_status bst;
	struct cfg_status st;
	void *config, *board_fdt = NULL;
	size_t size;
	char sz[32];
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--payloads") && i + 1 < argc) {
			payload_dir = argv[++i];
		} else if (!strcmp(argv[i], "--image") && i + 1 < argc) {
			if (!parse_range(argv[++i], &image))
				usage();
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") || argv[i][0] == '-') {
			usage();
		} else if (!config_path) {
			config_path = argv[i];
		} else if (!board_path) {
			board_path = argv[i];
		} else {
			usage();
		}
	}
	if (!config_path || ((image.size || payload_dir) && !board_path))
		usage();

	config = read_file(config_path, &size);
	if (board_path) {
		size_t board_size;

		board_fdt = read_file(board_path, &board_size);
		err = fdt_check_header(board_fdt);
		if (!err && fdt_totalsize(board_fdt) > board_size)
			err = -FDT_ERR_TRUNCATED;
		if (!err)
			err = fdt_check_full(board_fdt, board_size);
		if (err)
			error(board_path, "not a valid flattened device tree (%s)", fdt_strerror(err));
		if (board_parse(board_fdt, &board, &bst) != BOARD_OK)
			error(board_path, "%s", bst.msg);
	}
	if (cfg_parse(config, size, &cfg, &st) != CFG_OK)
		error(config_path, "%s", st.msg);
	if (board_path) {
		payloads.size_of = payload_size;
		payloads.ctx = (void *)payload_dir;
		if (cfg_check_board(&cfg, board_fdt, &board, &image, payload_dir ? &payloads : NULL, &st) !=
		    CFG_OK)
			error(config_path, "%s", st.msg);
	}

	printf("%s: partition config version %u, %u cell%s: OK", config_path, cfg.version, cfg.cell_count,
	       cfg.cell_count == 1 ? "" : "s");
	if (board_path)
		printf(" on %s (%s)\n", board.model[0] ? board.model : "(no model)", board_path);
	else
		printf(" (no board device tree: board rules not checked)\n");
	print_range("hypervisor: ", pa_val(cfg.hyp.base), cfg.hyp.size);
	printf("\n");
	for (unsigned int i = 0; i < cfg.cell_count; i++)
		print_cell(&cfg, i, board_path && payload_dir);
	if (cfg.shm_count)
		printf("\nshared memory (mapped at the same address in each cell)\n");
	for (unsigned int s = 0; s < cfg.shm_count; s++) {
		const char *sep = "";

		printf("  %-15s 0x%010llx-0x%010llx  %s  cells", cfg.shm[s].name,
		       (unsigned long long)pa_val(cfg.shm[s].region.base),
		       (unsigned long long)pa_range_end(&cfg.shm[s].region) - 1,
		       fmt_size(cfg.shm[s].region.size, sz, sizeof(sz)));
		for (unsigned int i = 0; i < cfg.cell_count; i++)
			if (cfg.shm[s].cell_mask & (1U << i)) {
				printf("%s %s", sep, cfg.cells[i].name);
				sep = ",";
			}
		printf("\n");
	}
	free(config);
	free(board_fdt);
	return 0;
}
