# SPDX-License-Identifier: MIT
# Build fragment for QEMU's virt board (GICv2 or GICv3, PL011 console).
ARCH := arm64
PLAT_SRCS := src/plat/qemu-virt/plat.c
PLAT_DRIVERS := pl011
# QEMU virt has a GICv2 or a GICv3 (gic-version=): link both drivers.
PLAT_GIC := gicv2 gicv3
# How `make run` and the tests start this board.
QEMU_MACHINE ?= virt,virtualization=on,gic-version=3
QEMU_CPU ?= cortex-a57
QEMU_SMP ?= 4
QEMU_MEM ?= 1G
# The product config `make run` and `make bundle` use by default (configs/).
PLAT_DEFAULT_CONFIG ?= qemu-virt-demo
# Product configs with a Linux cell (Debian's cloud kernel, tools/setup):
# one per GIC version. `make run CONFIG=qemu-virt-linux-gicv2` needs
# QEMU_MACHINE=virt,virtualization=on,gic-version=2.
PLAT_LINUX_CONFIGS := qemu-virt-linux qemu-virt-linux-gicv2
# More product configs whose bundles the tests boot (make test-images).
PLAT_TEST_CONFIGS := qemu-virt-rt
