# SPDX-License-Identifier: MIT
# Build fragment for QEMU's virt board (GICv2 or GICv3, PL011 console).
ARCH := arm64
PLAT_SRCS := src/plat/qemu-virt/plat.c
PLAT_DRIVERS := pl011
# QEMU virt has a GICv2 or a GICv3 (gic-version=): link both drivers.
PLAT_GIC := gicv2 gicv3
# How `make run` starts this board: the GIC version is the config's (a
# config named *-gicv2 describes a GICv2 board, the others a GICv3 one).
QEMU_GIC = $(if $(filter %-gicv2,$(CONFIG)),2,3)
QEMU_MACHINE ?= virt,virtualization=on,gic-version=$(QEMU_GIC)
QEMU_CPU ?= cortex-a57
QEMU_SMP ?= 4
QEMU_MEM ?= 1G
# The product config `make run` and `make bundle` use by default (configs/):
# Linux next to a real-time cell.
PLAT_DEFAULT_CONFIG ?= qemu-virt-linux
# Product configs with a Linux cell (Debian's cloud kernel, tools/setup):
# one per GIC version.
PLAT_LINUX_CONFIGS := qemu-virt-linux qemu-virt-linux-gicv2
# Every product config of the board: `make test` builds their bundles and
# boots each (qemu-virt-demo: two counting cells, no Linux; qemu-virt-rt:
# the RTOS demo beside a counting cell).
PLAT_CONFIGS := qemu-virt-demo qemu-virt-rt $(PLAT_LINUX_CONFIGS)
