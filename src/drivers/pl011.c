// SPDX-License-Identifier: MIT
/*
 * Arm PrimeCell UART (PL011) driver for the hypervisor console: polled
 * transmit and receive. Register map: ARM DDI 0183 (PL011 TRM), 3.2.
 * Baud rate and format are left as the firmware set them.
 */
#include <septum/io.h>
#include <septum/uart.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_CR 0x30

#define PL011_FR_RXFE (1U << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1U << 5) /* transmit FIFO full */
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)
#define PL011_CR_RXE (1U << 9)

static void pl011_init(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + PL011_CR);
	uint32_t want = PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE;

	if ((cr & want) != want)
		mmio_write32(base + PL011_CR, cr | want);
}

static void pl011_putc(uintptr_t base, char c)
{
	while (mmio_read32(base + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(base + PL011_DR, (uint8_t)c);
}

static int pl011_getc(uintptr_t base)
{
	if (mmio_read32(base + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read32(base + PL011_DR) & 0xff);
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

const struct uart_driver pl011_driver = {
	.name = "pl011",
	.compatible = pl011_compatible,
	.init = pl011_init,
	.putc = pl011_putc,
	.getc = pl011_getc,
};
UART_DRIVER(pl011_driver);
