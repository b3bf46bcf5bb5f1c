# SPDX-License-Identifier: MIT
# Build fragment for QEMU's virt board (GICv2 or GICv3, PL011 console).
ARCH := arm64
PLAT_SRCS := src/plat/qemu-virt/plat.c
PLAT_DRIVERS := pl011
# How `make run` and the tests start this board.
QEMU_MACHINE ?= virt,virtualization=on,gic-version=3
QEMU_CPU ?= cortex-a57
QEMU_SMP ?= 4
QEMU_MEM ?= 1G
