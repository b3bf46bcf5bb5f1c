// SPDX-License-Identifier: MIT
/*
 * The BCM2835 auxiliary mini-UART (also in the BCM2711 of the Raspberry
 * Pi 4) for the hypervisor console: polled transmit, receive polled or by
 * the receive interrupt. Register
 * map: BCM2711 ARM Peripherals, 2.2.2 (Mini UART register details; the
 * same as the BCM2835 ARM Peripherals, 2.2.2), offsets from
 * AUX_MU_IO_REG, which is where the device tree's 'reg' points. Baud rate
 * and format are left as the firmware set them (they follow the VPU core
 * clock); the firmware also sets AUX_ENABLES, outside this block.
 */
#include <septum/io.h>
#include <septum/uart.h>

#define AUX_MU_IO 0x00	 /* AUX_MU_IO_REG: data, when DLAB is clear */
#define AUX_MU_IER 0x04	 /* AUX_MU_IER_REG: interrupt enables, when DLAB is clear */
#define AUX_MU_LSR 0x14	 /* AUX_MU_LSR_REG: line status */
#define AUX_MU_CNTL 0x20 /* AUX_MU_CNTL_REG: extra control */

#define AUX_MU_LSR_DATA_READY (1U << 0) /* the receive FIFO holds a byte */
#define AUX_MU_LSR_TX_EMPTY (1U << 5)	/* the transmit FIFO can take a byte */
#define AUX_MU_CNTL_RX_ENABLE (1U << 0)
#define AUX_MU_CNTL_TX_ENABLE (1U << 1)
#define AUX_MU_DATA_MASK 0xffU
#define AUX_MU_IER_RX (1U << 0) /* receive interrupt: asserted while the receive FIFO holds a byte */

/*
 * With the mini-UART off in AUX_ENABLES (config.txt without enable_uart=1)
 * its registers cannot be accessed (2.1, AUXENB) and the transmitter never
 * looks empty. Rather than hang the boot on its first character, give up
 * after this many polls (far more than one character takes at any baud
 * rate) and drop characters without waiting until the transmitter shows up
 * again.
 */
#define AUX_MU_TX_POLLS 1000000U

static bool bcm2835_aux_uart_stuck;

static void bcm2835_aux_uart_init(uintptr_t base)
{
	uint32_t cntl = mmio_read32(base + AUX_MU_CNTL);
	uint32_t want = AUX_MU_CNTL_RX_ENABLE | AUX_MU_CNTL_TX_ENABLE;

	if ((cntl & want) != want)
		mmio_write32(base + AUX_MU_CNTL, cntl | want);
}

static void bcm2835_aux_uart_putc(uintptr_t base, char c)
{
	unsigned int polls = 0;

	while (!(mmio_read32(base + AUX_MU_LSR) & AUX_MU_LSR_TX_EMPTY)) {
		if (bcm2835_aux_uart_stuck || ++polls == AUX_MU_TX_POLLS) {
			bcm2835_aux_uart_stuck = true;
			return;
		}
	}
	bcm2835_aux_uart_stuck = false;
	mmio_write32(base + AUX_MU_IO, (uint8_t)c);
}

static int bcm2835_aux_uart_getc(uintptr_t base)
{
	if (!(mmio_read32(base + AUX_MU_LSR) & AUX_MU_LSR_DATA_READY))
		return -1;
	return (int)(mmio_read32(base + AUX_MU_IO) & AUX_MU_DATA_MASK);
}

static void bcm2835_aux_uart_rx_irq_enable(uintptr_t base, bool on)
{
	uint32_t ier = mmio_read32(base + AUX_MU_IER);

	mmio_write32(base + AUX_MU_IER, on ? ier | AUX_MU_IER_RX : ier & ~AUX_MU_IER_RX);
}

static void bcm2835_aux_uart_rx_irq_ack(uintptr_t base)
{
	(void)base; /* the interrupt follows the FIFO: emptied by getc(), it is down */
}

static const char *const bcm2835_aux_uart_compatible[] = { "brcm,bcm2835-aux-uart", NULL };

const struct uart_driver bcm2835_aux_uart_driver = {
	.name = "bcm2835-aux-uart",
	.compatible = bcm2835_aux_uart_compatible,
	.init = bcm2835_aux_uart_init,
	.putc = bcm2835_aux_uart_putc,
	.getc = bcm2835_aux_uart_getc,
	.rx_irq_enable = bcm2835_aux_uart_rx_irq_enable,
	.rx_irq_ack = bcm2835_aux_uart_rx_irq_ack,
};
UART_DRIVER(bcm2835_aux_uart_driver);
