# SPDX-License-Identifier: MIT
# Septum: build, run and test.
#
#   make                      build build/<platform>/septum.bin (+ septum.elf)
#   make PLATFORM=qemu-virt   select the board (src/plat/<board>/platform.mk)
#   make O=dir                out-of-tree build directory
#   make run                  boot Septum on QEMU (Ctrl-A X quits)
#   make test                 unit tests + QEMU boot tests, with a summary
#   make unit-test | qemu-test
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
	$(INCLUDES) -MMD -MP
ASFLAGS := -D__ASSEMBLER__ -nostdinc $(INCLUDES) -MMD -MP
LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,-z,notext -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--fatal-warnings -Wl,-T,$(ARCH_DIR)/septum.ld

CORE_SRCS := $(wildcard src/core/*.c)
ARCH_SRCS := $(filter-out $(ARCH_DIR)/asm-offsets.c,$(wildcard $(ARCH_DIR)/*.c)) $(wildcard $(ARCH_DIR)/*.S)
DRIVER_SRCS := $(foreach d,$(PLAT_DRIVERS),src/drivers/$(d).c)
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

# ---------------------------------------------------------------- running
QEMU_ARGS ?= -machine $(QEMU_MACHINE) -cpu $(QEMU_CPU) -smp $(QEMU_SMP) -m $(QEMU_MEM) -nographic
run: $(O)/septum.bin
	@echo "Septum on QEMU $(QEMU_MACHINE), $(QEMU_CPU) x$(QEMU_SMP), $(QEMU_MEM) (quit: Ctrl-A then X)"
	$(QEMU) $(QEMU_ARGS) -kernel $(O)/septum.bin

# ---------------------------------------------------------------- tests
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-missing-field-initializers \
	-DSEPTUM_HOST -Isrc/include -I$(ARCH_DIR)/include -fsanitize=address,undefined \
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

unit-build: $(addprefix $(HOST_O)/unit/,$(UNIT_TESTS)) $(UNIT_DTBS)
unit-test: unit-build
	$(PYTHON) tests/run.py --unit-only --host-dir $(HOST_O)

qemu-test: $(O)/septum.bin
	$(PYTHON) tests/run.py --qemu-only --build-dir $(O)

# Everything: unit tests and QEMU boot tests, one summary line.
test: unit-build $(O)/septum.bin
	$(PYTHON) tests/run.py --host-dir $(HOST_O) --build-dir $(O)

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
