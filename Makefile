# SPDX-License-Identifier: MIT
# Septum: build, run and test.
#
#   make                      build build/<platform>/septum.bin (+ septum.elf)
#   make PLATFORM=qemu-virt   select the board (src/plat/<board>/platform.mk)
#   make O=dir                out-of-tree build directory
#   make run                  boot Septum on QEMU: Linux next to a real-time cell (Ctrl-A X quits)
#   make run CONFIG=qemu-virt-demo    the same with two counting cells, no Linux
#   make run CONFIG=qemu-virt-rt      the real-time cell demo alone (guests/rtos/, docs/rtos-cell.md)
#   make linux-bundles        the bundles of the board's Linux configs (PLAT_LINUX_CONFIGS)
#   make guests               Septum's own guests: $(O)/guests/testguest.bin, rtos.bin
#   make PLATFORM=rpi4 sdcard build/rpi4/sdcard/ and sdcard.img: a Pi 4's SD card
#   make bench | bench-check  the benchmark (qemu-virt; docs/performance.md), against the stored results
#   make test                 unit tests, config corpus, fuzz, QEMU boot tests, with a summary
#   make unit-test | qemu-test
#   make tools                build/host/tools/septum-check (offline config checker)
#   make fuzz                 fuzz the config parser for FUZZ_SECONDS (default 60)
#   make check                cppcheck + clang-tidy;  make format / format-check
#   make compile_commands.json

PLATFORM ?= qemu-virt
PLAT_MK := src/plat/$(PLATFORM)/platform.mk
ifeq ($(wildcard $(PLAT_MK)),)
$(error unknown PLATFORM '$(PLATFORM)': no $(PLAT_MK); boards: $(notdir $(wildcard src/plat/*)))
endif
include $(PLAT_MK)

O ?= build/$(PLATFORM)
HOST_O ?= build/host
CROSS_COMPILE ?= aarch64-linux-gnu-
ARM64_SYSROOT ?= /opt/septum/arm64
LIBFDT_A ?= $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu/libfdt.a
LIBFDT_INC ?= $(ARM64_SYSROOT)/usr/include
QEMU ?= qemu-system-aarch64
PYTHON ?= python3

CC := $(CROSS_COMPILE)gcc
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif
OBJCOPY := $(CROSS_COMPILE)objcopy
READELF := $(CROSS_COMPILE)readelf
HOSTCC ?= gcc

ifeq ($(wildcard $(LIBFDT_A)),)
ifneq ($(filter-out clean format format-check unit-test,$(MAKECMDGOALS)),)
$(warning no arm64 libfdt at $(LIBFDT_A): run tools/setup)
endif
endif

ARCH_DIR := src/arch/$(ARCH)
INCLUDES := -Isrc/include -I$(ARCH_DIR)/include -I$(O)/gen -isystem $(LIBFDT_INC)

# Freestanding, general registers only, position independent (the image
# relocates itself), strict alignment (C runs before the MMU is on).
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers \
	-ffreestanding -fno-builtin -nostdinc -isystem src/include/libc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-march=armv8-a -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-mbranch-protection=none -fpie -fvisibility=hidden -fno-stack-protector \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-common \
	-fno-tree-loop-distribute-patterns \
	$(INCLUDES) -MMD -MP
ASFLAGS := -D__ASSEMBLER__ -nostdinc $(INCLUDES) -MMD -MP
LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,-z,notext -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--fatal-warnings -Wl,-T,$(ARCH_DIR)/septum.ld

CORE_SRCS := $(wildcard src/core/*.c)
ARCH_SRCS := $(filter-out $(ARCH_DIR)/asm-offsets.c,$(wildcard $(ARCH_DIR)/*.c)) $(wildcard $(ARCH_DIR)/*.S)
DRIVER_SRCS := $(foreach d,$(PLAT_DRIVERS),src/drivers/$(d).c) \
	$(foreach g,$(PLAT_GIC),$(ARCH_DIR)/gic/$(g).c $(ARCH_DIR)/vgic/v$(g).c)
ifeq ($(strip $(PLAT_GIC)),)
$(error $(PLAT_MK) must set PLAT_GIC (gicv2 and/or gicv3))
endif
$(foreach g,$(PLAT_GIC),$(if $(wildcard $(ARCH_DIR)/gic/$(g).c),,$(error PLAT_GIC: no driver $(ARCH_DIR)/gic/$(g).c)))
$(foreach g,$(PLAT_GIC),$(if $(wildcard $(ARCH_DIR)/vgic/v$(g).c),,$(error PLAT_GIC: no virtual GIC $(ARCH_DIR)/vgic/v$(g).c)))
SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(DRIVER_SRCS) $(PLAT_SRCS)
OBJS := $(patsubst %,$(O)/%.o,$(SRCS))
ASM_OFFSETS := $(O)/gen/asm-offsets.h

.PHONY: all run test unit-test qemu-test check format format-check clean FORCE
all: $(O)/septum.bin

$(ASM_OFFSETS): $(ARCH_DIR)/asm-offsets.c $(wildcard $(ARCH_DIR)/include/asm/*.h)
	@mkdir -p $(dir $@)
	$(quiet) GEN $@
	$(Q)$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -S $< -o $(@:.h=.s)
	@{ echo "/* Generated from $< by the Makefile: do not edit. */"; \
	   echo "#ifndef ASM_OFFSETS_H"; echo "#define ASM_OFFSETS_H"; \
	   sed -n 's/.*"->\([A-Za-z0-9_]*\) #\{0,1\}\([-0-9]*\)".*/#define \1 \2/p' $(@:.h=.s); \
	   echo "#endif"; } > $@.tmp && mv $@.tmp $@

$(O)/%.c.o: %.c $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/%.S.o: %.S $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(quiet) AS $<
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

# The image may carry only R_AARCH64_RELATIVE relocations: boot.S applies
# nothing else.
$(O)/septum.elf: $(OBJS) $(LIBFDT_A) $(ARCH_DIR)/septum.ld
	$(quiet) LD $@
	$(Q)$(CC) $(LDFLAGS) $(OBJS) $(LIBFDT_A) -o $@
	@bad=$$($(READELF) -rW $@ | awk '/^[0-9a-f]+ +[0-9a-f]+ R_/ && $$3 != "R_AARCH64_RELATIVE" {print $$3}' | sort -u); \
	if [ -n "$$bad" ]; then echo "error: $@ has relocations boot.S cannot apply: $$bad" >&2; rm -f $@; exit 1; fi

$(O)/septum.bin: $(O)/septum.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	$(quiet) IMAGE "$@ ($$(stat -c %s $@) bytes)"

-include $(OBJS:.o=.d)

# ---------------------------------------------------------------- guests
# Septum's own bare-metal guests, each an image linked from the shared guest
# runtime (guests/lib/: start-up, console, device tree, GIC) and its own
# objects: the test guests of the QEMU tests (tests/guests/), the benchmark
# guest (make bench) and the real-time cell's RTOS demo (guests/rtos/).
# Also the partition configs the tests boot (tests/qemu/configs/).
GUEST_O := $(O)/guests
GUEST_LD := guests/lib/guest.ld
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdinc \
	-isystem src/include/libc -isystem $(shell $(CC) -print-file-name=include) -Isrc/include -Iguests/lib \
	-march=armv8-a -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-pie \
	-fno-stack-protector -mbranch-protection=none -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,$(GUEST_LD) -Wl,--build-id=none -Wl,--no-warn-rwx-segments
guest_objs = $(patsubst %,$(GUEST_O)/%.o,$(1))
GUEST_LIB_OBJS := $(call guest_objs,guests/lib/start.S guests/lib/runtime.c guests/lib/fdt.c guests/lib/gic.c \
	src/core/printf.c src/core/string.c)
TESTGUEST_OBJS := $(call guest_objs,tests/guests/testguest.c tests/guests/psci.c tests/guests/irqtests.c \
	tests/guests/uarttests.c)
# The benchmark guest (make bench): the runtime and the GIC driver, nothing else.
BENCH_OBJS := $(call guest_objs,tests/guests/bench.c)
RTOS_OBJS := $(call guest_objs,guests/rtos/main.c guests/rtos/sched.c guests/rtos/work.c)
GUEST_DTBS := $(patsubst tests/qemu/dts/%.dts,$(GUEST_O)/%.dtb,$(wildcard tests/qemu/dts/*.dts))
TEST_CONFIGS := $(patsubst tests/qemu/configs/%.dts,$(O)/test-configs/%.dtb,$(wildcard tests/qemu/configs/*.dts))

$(GUEST_O)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) GUESTCC $<
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(GUEST_O)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(quiet) GUESTAS $<
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@
define guest_rule
$(GUEST_O)/$(1).elf: $(2) $(GUEST_LIB_OBJS) $(GUEST_LD)
	$$(quiet) GUEST $$@
	$$(Q)$$(CC) $$(GUEST_LDFLAGS) $(2) $$(GUEST_LIB_OBJS) -o $$@
endef
$(eval $(call guest_rule,testguest,$(TESTGUEST_OBJS)))
$(eval $(call guest_rule,bench,$(BENCH_OBJS)))
$(eval $(call guest_rule,rtos,$(RTOS_OBJS)))
-include $(patsubst %.o,%.d,$(GUEST_LIB_OBJS) $(TESTGUEST_OBJS) $(BENCH_OBJS) $(RTOS_OBJS))
$(GUEST_O)/%.bin: $(GUEST_O)/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@
$(GUEST_O)/%.dtb: tests/qemu/dts/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<
$(O)/test-configs/%.dtb: tests/qemu/configs/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<

GUEST_BINS := $(GUEST_O)/testguest.bin $(GUEST_O)/rtos.bin
.SECONDARY: $(GUEST_O)/testguest.elf $(GUEST_O)/bench.elf $(GUEST_O)/rtos.elf
test-guests: $(GUEST_BINS) $(GUEST_O)/bench.bin $(GUEST_DTBS) $(TEST_CONFIGS)
guests: $(GUEST_BINS)
.PHONY: test-guests guests

# ---------------------------------------------------------------- products
# CONFIG names a partition config in configs/; `make bundle` packs it with
# its payloads (Septum's guests: GUEST_BINS, device trees from dts/guests/)
# into one image.
CONFIG ?= $(PLAT_DEFAULT_CONFIG)
CONFIG_DTB := $(O)/configs/$(CONFIG).dtb
BUNDLE := $(O)/septum-$(CONFIG).bin
# The Linux guest trees (dts/guests/linux-*.dts) need the initramfs: only
# the Linux configs' bundles build them.
LINUX_TREE_DTBS := $(patsubst dts/guests/%.dts,$(O)/dts/%.dtb,$(wildcard dts/guests/linux-*.dts))
GUEST_TREE_DTBS := $(filter-out $(LINUX_TREE_DTBS),$(patsubst dts/guests/%.dts,$(O)/dts/%.dtb,$(wildcard dts/guests/*.dts)))

$(O)/configs/%.dtb: configs/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<
$(O)/dts/%.dtb: dts/guests/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<
$(filter $(O)/dts/rtos-%,$(GUEST_TREE_DTBS)): dts/guests/rtos.dtsi
# The tests boot some product guest trees (the RTOS cell's) in test configs.
test-guests: $(GUEST_TREE_DTBS)

# ---------------------------------------------------------------- the Linux cell
# PLAT_LINUX_CONFIGS (the board's build fragment) names the product configs
# with a Linux cell. Their payloads: Debian's arm64 cloud kernel (Image) and
# busybox, which tools/setup puts in LINUX_DIR, and the initramfs
# tools/mkinitramfs builds from that busybox. The guest tree's
# linux,initrd-end is its linux,initrd-start plus the initramfs's size.
LINUX_DIR ?= /opt/septum/linux
LINUX_O := $(O)/linux
INITRAMFS := $(LINUX_O)/initramfs.cpio
LINUX_BUNDLES := $(foreach c,$(PLAT_LINUX_CONFIGS),$(O)/septum-$(c).bin)

$(INITRAMFS): tools/mkinitramfs $(LINUX_DIR)/busybox
	@mkdir -p $(dir $@)
	$(quiet) INITRD $@
	$(Q)tools/mkinitramfs -o $@ --busybox $(LINUX_DIR)/busybox
$(LINUX_DIR)/Image $(LINUX_DIR)/busybox:
	@echo "error: no $@: run tools/setup (it fetches Debian's arm64 cloud kernel and busybox-static)" >&2; exit 1
$(O)/dts/linux-%.dtb: dts/guests/linux-%.dts dts/guests/linux.dtsi $(INITRAMFS)
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@.tmp $<
	$(Q)set -- $$(fdtget -t x $@.tmp /chosen linux,initrd-start) && \
		end=$$(( (0x$$1 << 32) + 0x$$2 + $$(stat -c %s $(INITRAMFS)) )) && \
		fdtput -t x $@.tmp /chosen linux,initrd-end $$(printf '%x %x' $$((end >> 32)) $$((end & 0xffffffff)))
	$(Q)mv $@.tmp $@

# What config $(1) may name as payloads, and where they are found (-L):
# Septum's guests and their trees; a Linux config's also the kernel, the
# initramfs and the Linux trees.
config_payloads = $(GUEST_BINS) $(GUEST_TREE_DTBS) \
	$(if $(filter $(1),$(PLAT_LINUX_CONFIGS)),$(LINUX_DIR)/Image $(INITRAMFS) $(LINUX_TREE_DTBS))
config_search = -L $(O)/dts -L $(GUEST_O) $(if $(filter $(1),$(PLAT_LINUX_CONFIGS)),-L $(LINUX_O) -L $(LINUX_DIR))

# A bundle: the image, the config and the payloads it names.
define bundle_rule
$(O)/septum-$(1).bin: $(O)/septum.bin $(O)/configs/$(1).dtb $(call config_payloads,$(1)) tools/septum-pack
	$$(quiet) PACK $$@
	$$(Q)tools/septum-pack bundle -o $$@ --image $(O)/septum.bin --config $(O)/configs/$(1).dtb \
		$(call config_search,$(1)) >/dev/null
endef
$(foreach c,$(sort $(CONFIG) $(PLAT_CONFIGS) $(PLAT_LINUX_CONFIGS)),$(eval $(call bundle_rule,$(c))))
bundle: $(BUNDLE)
linux-bundles: $(LINUX_BUNDLES)
.PHONY: bundle linux-bundles

# A board that boots from an SD card (PLAT_SDCARD in its build fragment,
# the Pi 4): $(O)/sdcard/ holds what is copied to the card's FAT partition,
# $(O)/sdcard.img is the same as a whole disk image (docs/rpi4.md).
SDCARD_DIR := $(O)/sdcard
SDCARD_IMG := $(O)/sdcard.img
# The fragment names the board tree, U-Boot and the firmware directory
# (tools/setup puts them there); a missing firmware file is reported.
SDCARD_FW := $(foreach f,$(PLAT_SDCARD_FIRMWARE_FILES),$(wildcard $(PLAT_SDCARD_FIRMWARE)/$(f)))

$(SDCARD_IMG): $(O)/septum.bin $(BUNDLE) $(CONFIG_DTB) $(call config_payloads,$(CONFIG)) \
		tools/septum-sdcard tools/septum-pack $(wildcard $(PLAT_SDCARD_DTB) $(PLAT_SDCARD_UBOOT)) $(SDCARD_FW)
	$(quiet) SDCARD "$(SDCARD_DIR)/ $@"
	$(Q)tools/septum-sdcard --dir $(SDCARD_DIR) --img $@ --image $(O)/septum.bin --bundle $(BUNDLE) \
		--config $(CONFIG_DTB) $(call config_search,$(CONFIG)) --board-dtb $(PLAT_SDCARD_DTB) \
		--uboot $(PLAT_SDCARD_UBOOT) --firmware $(PLAT_SDCARD_FIRMWARE)
ifeq ($(PLAT_SDCARD),1)
sdcard: $(SDCARD_IMG)
else
sdcard:
	@echo "make sdcard: PLATFORM=$(PLATFORM) boots no SD card; try PLATFORM=rpi4" >&2; exit 1
endif
.PHONY: sdcard

# ---------------------------------------------------------------- running
QEMU_ARGS ?= -machine $(QEMU_MACHINE) -cpu $(QEMU_CPU) -smp $(QEMU_SMP) -m $(QEMU_MEM) -nographic -nic none
run: $(BUNDLE)
	@echo "Septum on QEMU $(QEMU_MACHINE), $(QEMU_CPU) x$(QEMU_SMP), $(QEMU_MEM), config $(CONFIG)"
	@echo "Keys: Ctrl-] then a cell's number (0, 1, ...) types to that cell; Ctrl-A then X quits QEMU"
	$(QEMU) $(QEMU_ARGS) -kernel $(BUNDLE)

# ---------------------------------------------------------------- tests
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-missing-field-initializers \
	-DSEPTUM_HOST -Isrc/include -I$(ARCH_DIR)/include -Iguests -fsanitize=address,undefined \
	-fno-sanitize-recover=all
HOST_LIBS := -lcmocka -lfdt

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
unit_srcs = $(shell sed -n 's|^/\* *UNIT-SOURCES: *\(.*\)\*/|\1|p' tests/unit/$(1).c)

define unit_rule
$(HOST_O)/unit/$(1): tests/unit/$(1).c $(call unit_srcs,$(1)) tests/unit/host.c tests/unit/unit.h $(wildcard src/include/septum/*.h)
	@mkdir -p $$(dir $$@)
	$(quiet) HOSTCC $$@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Itests/unit $$(filter %.c,$$^) -o $$@ $(HOST_LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

UNIT_DTS := $(wildcard tests/unit/dts/*.dts)
UNIT_DTBS := $(patsubst tests/unit/dts/%.dts,$(HOST_O)/dtb/%.dtb,$(UNIT_DTS))
$(HOST_O)/dtb/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<

# ---------------------------------------------------------------- config checker
# septum-check, the offline config checker: the same cfg.c and board.c as
# the hypervisor, built for the host. The config corpus (tests/configs/) is
# compiled here as the fuzzer's seeds; run.py compiles and checks it itself.
CFG_SRCS := src/core/cfg.c src/core/cfg_rules.c src/core/cfg_board.c src/core/board.c src/core/dtindex.c
SEPTUM_CHECK := $(HOST_O)/tools/septum-check
CHECK_SRCS := $(CFG_SRCS) src/core/fmt.c
TOOL_CFLAGS := $(HOST_CFLAGS) -Wshadow -Wstrict-prototypes -Wmissing-prototypes

$(SEPTUM_CHECK): tools/septum-check.c $(CHECK_SRCS) src/core/cfg_internal.h $(wildcard src/include/septum/*.h)
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $(filter %.c,$^) -o $@ -lfdt
tools: $(SEPTUM_CHECK)

CFG_DTBS := $(patsubst tests/configs/%.dts,$(HOST_O)/configs/%.dtb,$(wildcard tests/configs/*/*.dts))
$(HOST_O)/configs/%.dtb: tests/configs/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<
# Bad configs may be malformed on purpose (dtc -f).
$(HOST_O)/configs/bad/%.dtb: tests/configs/bad/%.dts
	@mkdir -p $(dir $@)
	$(quiet) DTC $<
	$(Q)dtc -q -f -I dts -O dtb -o $@ $<

# libFuzzer target for cfg_parse() + cfg_check_board() against the QEMU-virt
# test board. make fuzz runs it for FUZZ_SECONDS; the test suite runs it briefly.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_O := $(HOST_O)/fuzz
FUZZ_BOARD := $(HOST_O)/configs/boards/qemu-virt.dtb
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers \
	-DSEPTUM_HOST -Isrc/include -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(FUZZ_O)/cfg_fuzz: tests/fuzz/cfg_fuzz.c $(CFG_SRCS) src/core/cfg_internal.h $(FUZZ_BOARD) $(wildcard src/include/septum/*.h)
	@mkdir -p $(dir $@)
	$(quiet) FUZZCC $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_BOARD_DTB='"$(abspath $(FUZZ_BOARD))"' $(filter %.c,$^) -o $@ -lfdt
fuzz-build: $(FUZZ_O)/cfg_fuzz $(CFG_DTBS)
fuzz: fuzz-build
	@mkdir -p $(FUZZ_O)/corpus
	$(FUZZ_O)/cfg_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 -artifact_prefix=$(FUZZ_O)/ \
		$(FUZZ_O)/corpus $(HOST_O)/configs/good $(HOST_O)/configs/bad
.PHONY: tools fuzz fuzz-build

# Host-side tests: unit tests, the config corpus and a short fuzzing run.
unit-build: $(addprefix $(HOST_O)/unit/,$(UNIT_TESTS)) $(UNIT_DTBS) tools fuzz-build
unit-test: unit-build
	$(PYTHON) tests/run.py --unit-only --host-dir $(HOST_O)

# The QEMU tests boot every board of TEST_BOARDS, each from its own build
# directory: $(O) for the board PLATFORM= selects, build/<board> for the
# others, whose images (with their default product config's bundle, which
# the tests boot) a make of their own builds (test-boards).
TEST_BOARDS := qemu-virt rpi4
test_board_o = $(if $(filter $(1),$(PLATFORM)),$(O),build/$(1))
TEST_BOARD_DIRS = $(foreach b,$(TEST_BOARDS),--board-dir $(b)=$(call test_board_o,$(b)))

# (A board without a product config yet has no bundle to test.)
# A board that boots from an SD card has its card tested too.
test-images: $(O)/septum.bin test-guests $(if $(wildcard configs/$(CONFIG).dts),$(BUNDLE) $(if $(PLAT_SDCARD),$(SDCARD_IMG))) \
	$(foreach c,$(sort $(PLAT_CONFIGS) $(PLAT_LINUX_CONFIGS)),$(O)/septum-$(c).bin)
test-boards:
	$(Q)$(foreach b,$(filter-out $(PLATFORM),$(TEST_BOARDS)),\
		$(MAKE) --no-print-directory PLATFORM=$(b) O=build/$(b) CONFIG='$$(PLAT_DEFAULT_CONFIG)' test-images &&) true
.PHONY: test-images test-boards

qemu-test: test-images test-boards
	$(PYTHON) tests/run.py --qemu-only $(TEST_BOARD_DIRS)

# Everything: host tests and QEMU boot tests, one summary line.
test: unit-build test-images test-boards
	$(PYTHON) tests/run.py --host-dir $(HOST_O) $(TEST_BOARD_DIRS)

# ---------------------------------------------------------------- benchmark
# Not part of `make test`: timing goals live here (docs/performance.md). The
# benchmark guest itself is built by test-guests, and one QEMU test runs it.
BENCH_OUT ?= build/bench/results.json
BENCH_STORED := docs/performance.json
BENCH_TOLERANCE ?= 10
ifeq ($(PLATFORM),qemu-virt)
bench: $(O)/septum.bin test-guests
	$(PYTHON) tools/septum-bench --build-dir $(O) --out $(BENCH_OUT)
bench-check: $(O)/septum.bin test-guests
	$(PYTHON) tools/septum-bench --build-dir $(O) --out $(BENCH_OUT) --check $(BENCH_STORED) \
		--tolerance $(BENCH_TOLERANCE)
else
bench bench-check:
	@echo "make $@: the benchmark runs on QEMU virt only (PLATFORM=qemu-virt)" >&2; exit 1
endif
.PHONY: bench bench-check

# ---------------------------------------------------------------- hygiene
C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(C_FILES)
format-check:
	clang-format --dry-run --Werror $(C_FILES)
check: compile_commands.json
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
		--suppress=missingIncludeSystem -Isrc/include -I$(ARCH_DIR)/include -DSEPTUM_HOST \
		src tests/unit
	clang-tidy --quiet -p . $(CORE_SRCS) 2>/dev/null

compile_commands.json: FORCE
	@$(PYTHON) tools/compile-commands.py "$(CC)" "$(CFLAGS)" $(SRCS) > $@.tmp && mv $@.tmp $@

clean:
	rm -rf build compile_commands.json
FORCE:
