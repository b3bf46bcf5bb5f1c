// SPDX-License-Identifier: MIT
/*
 * Arm PrimeCell UART (PL011) driver for the hypervisor console: polled
 * transmit, receive polled or by the receive and receive-timeout
 * interrupts. Register map: ARM DDI 0183 (PL011 TRM), 3.2.
 * Baud rate and format are left as the firmware set them.
 */
#include <septum/io.h>
#include <septum/uart.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_CR 0x30
#define PL011_IMSC 0x38
#define PL011_ICR 0x44

#define PL011_FR_RXFE (1U << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1U << 5) /* transmit FIFO full */
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)
#define PL011_CR_RXE (1U << 9)
#define PL011_INT_RX (1U << 4) /* receive: FIFO at its trigger level */
#define PL011_INT_RT (1U << 6) /* receive timeout: bytes wait below it */

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

static void pl011_rx_irq_enable(uintptr_t base, bool on)
{
	uint32_t imsc = mmio_read32(base + PL011_IMSC);

	if (on)
		imsc |= PL011_INT_RX | PL011_INT_RT;
	else
		imsc &= ~(PL011_INT_RX | PL011_INT_RT);
	mmio_write32(base + PL011_IMSC, imsc);
}

static void pl011_rx_irq_ack(uintptr_t base)
{
	mmio_write32(base + PL011_ICR, PL011_INT_RX | PL011_INT_RT);
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

const struct uart_driver pl011_driver = {
	.name = "pl011",
	.compatible = pl011_compatible,
	.init = pl011_init,
	.putc = pl011_putc,
	.getc = pl011_getc,
	.rx_irq_enable = pl011_rx_irq_enable,
	.rx_irq_ack = pl011_rx_irq_ack,
};
UART_DRIVER(pl011_driver);
