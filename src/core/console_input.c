// SPDX-License-Identifier: MIT
/*
 * Console input: bytes typed on the board UART go to one cell at a time,
 * the one with the input focus, into its virtual PL011's receive FIFO.
 * The focus starts on the first cell with a console; Ctrl-] then a digit N
 * gives it to cell N (its index in the config), Ctrl-] twice sends one
 * Ctrl-]. Ctrl-] rather than Ctrl-A: QEMU's -nographic and the usual
 * terminal programs (screen, minicom, picocom) take Ctrl-A themselves, and
 * Ctrl-T is tio's. The board UART's receive interrupt is the hypervisor's
 * own, taken on the boot CPU (docs/cells.md, Virtual console).
 */
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/console.h>
#include <septum/log.h>
#include <septum/string.h>
#include <septum/vuart.h>

#define CONSOLE_FOCUS_KEY 0x1d /* Ctrl-] */
#define CONSOLE_INPUT_CPU 0    /* the boot CPU */
#define CONSOLE_MSG_MAX (CFG_NAME_MAX + 96)
/* The keys line: each cell with a console as ", N 'name'", plus the text around them. */
#define CONSOLE_KEYS_MAX (CFG_MAX_CELLS * (CFG_NAME_MAX + 8) + CONSOLE_MSG_MAX + 96)

/* Touched only by the boot CPU's interrupt handler (and console_input_start() before). */
static struct cell *focus;
static bool escaped;
/* The focused cell was said to be down (input dropped): once, until it runs or the focus moves. */
static bool told_down;

static void say(const char *buf, int len)
{
	console_write(buf, (size_t)MIN(len, CONSOLE_MSG_MAX - 1));
}

static void announce(void)
{
	char buf[CONSOLE_MSG_MAX];

	say(buf, snprintf(buf, sizeof(buf), "[septum] console input: cell '%s'\n", focus->cfg->name));
}

static void select_cell(unsigned int id)
{
	struct cell *c = cell_by_id(id);
	char buf[CONSOLE_MSG_MAX];

	if (!c || !c->cfg->console) {
		say(buf, snprintf(buf, sizeof(buf),
				  "[septum] console input: stays with cell '%s': no cell %u with a console\n",
				  focus->cfg->name, id));
		return;
	}
	focus = c;
	told_down = false;
	announce();
}

/*
 * A focused cell that powered itself off or was stopped for a fault takes
 * no input (nothing would read it): dropped, and said once.
 */
static bool focus_down(void)
{
	int state = __atomic_load_n(&focus->state, __ATOMIC_ACQUIRE);
	char buf[CONSOLE_MSG_MAX];

	if (state != CELL_OFF && state != CELL_STOPPED) {
		told_down = false;
		return false;
	}
	if (!told_down)
		say(buf,
		    snprintf(buf, sizeof(buf),
			     "[septum] console input: cell '%s' is %s: input dropped; Ctrl-] then a cell "
			     "number switches\n",
			     focus->cfg->name, state == CELL_OFF ? "powered off" : "stopped"));
	told_down = true;
	return true;
}

/* Once, at start, in one write (no cell's line between): the focus, and
 * which key gives it to which cell. */
static void announce_keys(void)
{
	char buf[CONSOLE_KEYS_MAX];
	int n = snprintf(buf, sizeof(buf),
			 "[septum] console input: cell '%s'\n[septum] console input: Ctrl-] then",
			 focus->cfg->name);
	const char *sep = " ";

	for (unsigned int i = 0; cell_by_id(i) && n < (int)sizeof(buf); i++) {
		if (!cell_by_id(i)->cfg->console)
			continue;
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s%u '%s'", sep, i,
			      cell_by_id(i)->cfg->name);
		sep = ", ";
	}
	if (n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " moves it; Ctrl-] Ctrl-] sends Ctrl-]\n");
	console_write(buf, (size_t)MIN(n, (int)sizeof(buf) - 1));
}

void console_input_byte(uint8_t ch)
{
	if (!focus)
		return;
	if (escaped) {
		escaped = false;
		if (ch >= '0' && ch <= '9') {
			select_cell((unsigned int)(ch - '0'));
			return;
		}
		if (ch != CONSOLE_FOCUS_KEY) {
			char buf[CONSOLE_MSG_MAX];

			say(buf, snprintf(buf, sizeof(buf),
					  "[septum] console input: cell '%s'; Ctrl-] then a cell number "
					  "switches, Ctrl-] Ctrl-] sends Ctrl-]\n",
					  focus->cfg->name));
			return;
		}
	} else if (ch == CONSOLE_FOCUS_KEY) {
		escaped = true;
		return;
	}
	if (focus_down())
		return;
	(void)vuart_receive(focus, ch); /* a full FIFO and backlog drop it, counted there */
}

static void console_rx_irq(void)
{
	int ch;

	/* Acknowledge first: a byte arriving after the last read raises it again, never lost. */
	console_rx_irq_ack();
	while ((ch = console_getc()) >= 0)
		console_input_byte((uint8_t)ch);
}

void console_input_start(uint32_t intid)
{
	focus = NULL;
	told_down = false;
	escaped = false;
	for (unsigned int i = 0; !focus && cell_by_id(i); i++)
		if (cell_by_id(i)->cfg->console)
			focus = cell_by_id(i);
	if (!focus)
		return; /* no cell to type to */
	if (!intid) {
		log_warn("console input: no receive interrupt for the board UART: cells get no input");
		focus = NULL;
		return;
	}
	while (console_getc() >= 0)
		; /* whatever was typed before the cells existed */
	if (!console_rx_irq_enable()) {
		log_warn("console input: the board UART's driver takes no input: cells get no input");
		focus = NULL;
		return;
	}
	arch_irq_own(intid, CONSOLE_INPUT_CPU, console_rx_irq);
	announce_keys();
}
