# SPDX-License-Identifier: MIT
# Build fragment for the Raspberry Pi 4 (BCM2711: 4 x Cortex-A72, GIC-400,
# mini-UART console). Everything else comes from the board's device tree.
ARCH := arm64
PLAT_SRCS := src/plat/rpi4/plat.c
# The mini-UART is the firmware's usual console; the PL011 may be chosen
# by stdout-path instead.
PLAT_DRIVERS := bcm2835_aux_uart pl011
PLAT_GIC := gicv2
# How `make run` and the tests start this board: QEMU's raspi4b (QEMU >= 9)
# with the Pi's own device tree (tools/setup extracts it from Debian's arm64
# kernel package). QEMU's first -serial is the PL011, the second the mini-UART.
RPI4_DTB ?= /opt/septum/rpi4/bcm2711-rpi-4-b.dtb
QEMU_MACHINE ?= raspi4b
QEMU_CPU ?= cortex-a72
QEMU_SMP ?= 4
QEMU_MEM ?= 2G
QEMU_ARGS ?= -machine $(QEMU_MACHINE) -nographic -serial null -serial mon:stdio -dtb $(RPI4_DTB)
# `make sdcard`: what a real Pi 4 boots from (tools/septum-sdcard): the
# firmware, U-Boot and the device tree that tools/setup extracts from
# Debian's packages.
PLAT_SDCARD := 1
PLAT_SDCARD_DTB := $(RPI4_DTB)
PLAT_SDCARD_UBOOT ?= /opt/septum/rpi4/u-boot-rpi_arm64.bin
PLAT_SDCARD_FIRMWARE ?= /opt/septum/rpi4/firmware
PLAT_SDCARD_FIRMWARE_FILES := start4.elf fixup4.dat copyright
# The product config `make run` and `make bundle` use by default (configs/).
PLAT_DEFAULT_CONFIG ?= rpi4-demo
# The product configs with a Linux cell (their bundles hold the kernel).
PLAT_LINUX_CONFIGS := rpi4-linux
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(RPI4_DTB)),)
$(error no Raspberry Pi 4 device tree at $(RPI4_DTB): run tools/setup)
endif
endif
