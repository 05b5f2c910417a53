/*
 * bulkhead-demo: the screen and input reader of bulkhead's demo guest.
 *
 * It draws a title, a clock and the last typed keys on the VGA text console
 * /dev/tty1, which is what the SPICE display shows. It logs every key event
 * of the PS/2 keyboard as "key CODE press|release|repeat" on /dev/ttyS0, and
 * the PS/2 mouse as "pointer motion DX DY" (one line per event frame),
 * "pointer button CODE press|release" and "pointer wheel STEPS". A press of
 * the ACPI power button powers the guest off.
 *
 * With --animate FPS it redraws every cell of the 80x25 screen FPS times a
 * second instead, and logs "bulkhead-animate: frame N SECONDS" on /dev/ttyS0
 * for each frame, with the guest's CLOCK_REALTIME. bench/guest-display.sh
 * uses it as a full-screen load.
 *
 * Usage: bulkhead-demo [--ignore-acpi] [--animate FPS]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <linux/reboot.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SERIAL_PATH "/dev/ttyS0"
#define SCREEN_PATH "/dev/tty1"
#define INPUT_DIR "/dev/input"
#define KEYBOARD_NAME "AT Translated Set 2 keyboard"
#define POWER_BUTTON_NAME "Power Button"
/* The device name psmouse gives QEMU's PS/2 mouse. */
#define MOUSE_NAME "ImExPS/2 Generic Explorer Mouse"

/* Seconds after start before a missing input device is reported. */
#define DEVICE_WAIT_SECONDS 10

#define SCREEN_COLS 80
#define SCREEN_ROWS 25
#define ANIMATE_FPS_MAX 100
#define TYPED_MAX 256
#define TYPED_COLS 72

/* Rows (1-based) of the 80x25 layout. */
#define ROW_TITLE 3
#define ROW_SUBTITLE 8
#define ROW_CLOCK 10
#define ROW_DATE 15
#define ROW_TYPED_BOX 17
#define ROW_LAST_KEY 21
#define ROW_POWER 22
#define ROW_STATUS 25

/* Linux console attributes: bright white on blue, the work workspace's hue. */
#define ATTR_NORMAL "\033[0;37;44m"
#define ATTR_BRIGHT "\033[0;1;37;44m"
#define ATTR_CLOCK "\033[0;1;33;44m"
#define ATTR_DIM "\033[0;36;44m"
#define ATTR_BAR "\033[0;30;47m"
#define ATTR_TYPED "\033[0;1;37;40m"

struct key_info {
	const char *name;
	char plain;
	char shifted;
};

/* US layout of the evdev codes a PC keyboard sends. */
static const struct key_info keys[KEY_MAX + 1] = {
	[KEY_ESC] = {"Esc", 0, 0},
	[KEY_1] = {"1", '1', '!'}, [KEY_2] = {"2", '2', '@'},
	[KEY_3] = {"3", '3', '#'}, [KEY_4] = {"4", '4', '$'},
	[KEY_5] = {"5", '5', '%'}, [KEY_6] = {"6", '6', '^'},
	[KEY_7] = {"7", '7', '&'}, [KEY_8] = {"8", '8', '*'},
	[KEY_9] = {"9", '9', '('}, [KEY_0] = {"0", '0', ')'},
	[KEY_MINUS] = {"-", '-', '_'}, [KEY_EQUAL] = {"=", '=', '+'},
	[KEY_BACKSPACE] = {"Backspace", 0, 0}, [KEY_TAB] = {"Tab", 0, 0},
	[KEY_Q] = {"q", 'q', 'Q'}, [KEY_W] = {"w", 'w', 'W'},
	[KEY_E] = {"e", 'e', 'E'}, [KEY_R] = {"r", 'r', 'R'},
	[KEY_T] = {"t", 't', 'T'}, [KEY_Y] = {"y", 'y', 'Y'},
	[KEY_U] = {"u", 'u', 'U'}, [KEY_I] = {"i", 'i', 'I'},
	[KEY_O] = {"o", 'o', 'O'}, [KEY_P] = {"p", 'p', 'P'},
	[KEY_LEFTBRACE] = {"[", '[', '{'}, [KEY_RIGHTBRACE] = {"]", ']', '}'},
	[KEY_ENTER] = {"Enter", 0, 0}, [KEY_LEFTCTRL] = {"Ctrl", 0, 0},
	[KEY_A] = {"a", 'a', 'A'}, [KEY_S] = {"s", 's', 'S'},
	[KEY_D] = {"d", 'd', 'D'}, [KEY_F] = {"f", 'f', 'F'},
	[KEY_G] = {"g", 'g', 'G'}, [KEY_H] = {"h", 'h', 'H'},
	[KEY_J] = {"j", 'j', 'J'}, [KEY_K] = {"k", 'k', 'K'},
	[KEY_L] = {"l", 'l', 'L'}, [KEY_SEMICOLON] = {";", ';', ':'},
	[KEY_APOSTROPHE] = {"'", '\'', '"'}, [KEY_GRAVE] = {"`", '`', '~'},
	[KEY_LEFTSHIFT] = {"Shift", 0, 0}, [KEY_BACKSLASH] = {"\\", '\\', '|'},
	[KEY_Z] = {"z", 'z', 'Z'}, [KEY_X] = {"x", 'x', 'X'},
	[KEY_C] = {"c", 'c', 'C'}, [KEY_V] = {"v", 'v', 'V'},
	[KEY_B] = {"b", 'b', 'B'}, [KEY_N] = {"n", 'n', 'N'},
	[KEY_M] = {"m", 'm', 'M'}, [KEY_COMMA] = {",", ',', '<'},
	[KEY_DOT] = {".", '.', '>'}, [KEY_SLASH] = {"/", '/', '?'},
	[KEY_RIGHTSHIFT] = {"Shift", 0, 0}, [KEY_KPASTERISK] = {"KP*", '*', '*'},
	[KEY_LEFTALT] = {"Alt", 0, 0}, [KEY_SPACE] = {"Space", ' ', ' '},
	[KEY_CAPSLOCK] = {"CapsLock", 0, 0},
	[KEY_F1] = {"F1", 0, 0}, [KEY_F2] = {"F2", 0, 0},
	[KEY_F3] = {"F3", 0, 0}, [KEY_F4] = {"F4", 0, 0},
	[KEY_F5] = {"F5", 0, 0}, [KEY_F6] = {"F6", 0, 0},
	[KEY_F7] = {"F7", 0, 0}, [KEY_F8] = {"F8", 0, 0},
	[KEY_F9] = {"F9", 0, 0}, [KEY_F10] = {"F10", 0, 0},
	[KEY_NUMLOCK] = {"NumLock", 0, 0}, [KEY_SCROLLLOCK] = {"ScrollLock", 0, 0},
	[KEY_KP7] = {"KP7", '7', '7'}, [KEY_KP8] = {"KP8", '8', '8'},
	[KEY_KP9] = {"KP9", '9', '9'}, [KEY_KPMINUS] = {"KP-", '-', '-'},
	[KEY_KP4] = {"KP4", '4', '4'}, [KEY_KP5] = {"KP5", '5', '5'},
	[KEY_KP6] = {"KP6", '6', '6'}, [KEY_KPPLUS] = {"KP+", '+', '+'},
	[KEY_KP1] = {"KP1", '1', '1'}, [KEY_KP2] = {"KP2", '2', '2'},
	[KEY_KP3] = {"KP3", '3', '3'}, [KEY_KP0] = {"KP0", '0', '0'},
	[KEY_KPDOT] = {"KP.", '.', '.'}, [KEY_102ND] = {"<>", '<', '>'},
	[KEY_F11] = {"F11", 0, 0}, [KEY_F12] = {"F12", 0, 0},
	[KEY_KPENTER] = {"KPEnter", 0, 0}, [KEY_RIGHTCTRL] = {"Ctrl", 0, 0},
	[KEY_KPSLASH] = {"KP/", '/', '/'}, [KEY_SYSRQ] = {"SysRq", 0, 0},
	[KEY_RIGHTALT] = {"AltGr", 0, 0}, [KEY_HOME] = {"Home", 0, 0},
	[KEY_UP] = {"Up", 0, 0}, [KEY_PAGEUP] = {"PageUp", 0, 0},
	[KEY_LEFT] = {"Left", 0, 0}, [KEY_RIGHT] = {"Right", 0, 0},
	[KEY_END] = {"End", 0, 0}, [KEY_DOWN] = {"Down", 0, 0},
	[KEY_PAGEDOWN] = {"PageDown", 0, 0}, [KEY_INSERT] = {"Insert", 0, 0},
	[KEY_DELETE] = {"Delete", 0, 0}, [KEY_PAUSE] = {"Pause", 0, 0},
	[KEY_LEFTMETA] = {"Super", 0, 0}, [KEY_RIGHTMETA] = {"Super", 0, 0},
	[KEY_COMPOSE] = {"Menu", 0, 0},
};

/*
 * A 5x7 bitmap font for the large title and clock, one string per row.
 * Two pixel rows share one text row through the half-block characters.
 */
struct glyph {
	char c;
	const char *rows[7];
};

static const struct glyph font[] = {
	{'0', {" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "}},
	{'1', {"  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "}},
	{'2', {" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"}},
	{'3', {" ### ", "#   #", "    #", "  ## ", "    #", "#   #", " ### "}},
	{'4', {"   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "}},
	{'5', {"#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "}},
	{'6', {"  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "}},
	{'7', {"#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "}},
	{'8', {" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "}},
	{'9', {" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "}},
	{':', {"     ", "  #  ", "  #  ", "     ", "  #  ", "  #  ", "     "}},
	{' ', {"     ", "     ", "     ", "     ", "     ", "     ", "     "}},
	{'w', {"     ", "     ", "#   #", "#   #", "# # #", "# # #", " # # "}},
	{'o', {"     ", "     ", " ### ", "#   #", "#   #", "#   #", " ### "}},
	{'r', {"     ", "     ", "# ## ", "##  #", "#    ", "#    ", "#    "}},
	{'k', {"#    ", "#    ", "#  # ", "# #  ", "##   ", "# #  ", "#  # "}},
	{'V', {"#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "}},
	{'M', {"#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"}},
};

struct input_device {
	const char *name;
	int fd;
	char path[64];
};

struct demo {
	bool ignore_acpi;
	/* Frames a second of the full-screen animation, 0 for the normal screen. */
	int animate_fps;
	unsigned long frame;
	struct timespec next_frame;
	int serial_fd;
	int screen_fd;
	struct input_device keyboard;
	struct input_device power_button;
	struct input_device mouse;
	/* Motion of the event frame being read, logged at its SYN_REPORT. */
	int motion_x, motion_y;
	bool ready;
	bool missing_reported;
	time_t start;
	time_t clock_drawn;
	bool shift_left, shift_right, caps_lock;
	char typed[TYPED_MAX + 1];
	size_t typed_len;
	char last_key[96];
	char power_status[96];
};

static void write_all(int fd, const char *data, size_t len) {
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

/* Writes one line to the serial console with a single write(2), so lines of
 * the kernel and of /init do not cut into it. */
static void serial_log(struct demo *demo, const char *fmt, ...) {
	char line[256];
	va_list args;
	va_start(args, fmt);
	int len = vsnprintf(line, sizeof(line) - 1, fmt, args);
	va_end(args);
	if (len < 0) {
		return;
	}
	if ((size_t)len > sizeof(line) - 2) {
		len = sizeof(line) - 2;
	}
	line[len++] = '\n';
	write_all(demo->serial_fd, line, (size_t)len);
}

struct screen_buffer {
	char data[8192];
	size_t len;
};

static void buffer_printf(struct screen_buffer *buf, const char *fmt, ...) {
	va_list args;
	va_start(args, fmt);
	int len = vsnprintf(buf->data + buf->len, sizeof(buf->data) - buf->len,
		fmt, args);
	va_end(args);
	if (len < 0) {
		return;
	}
	buf->len += (size_t)len;
	if (buf->len >= sizeof(buf->data)) {
		buf->len = sizeof(buf->data) - 1;
	}
}

static void buffer_flush(struct demo *demo, struct screen_buffer *buf) {
	write_all(demo->screen_fd, buf->data, buf->len);
	buf->len = 0;
}

/* Prints TEXT on ROW, centered and padded to the full width. */
static void buffer_centered(struct screen_buffer *buf, int row,
		const char *attr, const char *text) {
	int len = (int)strlen(text);
	int left = len < SCREEN_COLS ? (SCREEN_COLS - len) / 2 : 0;
	buffer_printf(buf, "\033[%d;1H%s\033[K\033[%d;%dH%s", row, ATTR_NORMAL,
		row, left + 1, attr);
	buffer_printf(buf, "%.*s", SCREEN_COLS, text);
}

/* Returns the glyph of C, or NULL when the font lacks it. */
static const struct glyph *find_glyph(char c) {
	for (size_t i = 0; i < sizeof(font) / sizeof(font[0]); i++) {
		if (font[i].c == c) {
			return &font[i];
		}
	}
	return NULL;
}

/* Draws TEXT in the 5x7 font, centered, on four text rows from ROW. */
static void buffer_big_text(struct screen_buffer *buf, int row,
		const char *attr, const char *text) {
	int glyph_count = (int)strlen(text);
	int width = glyph_count * 6 - 1;
	int left = (SCREEN_COLS - width) / 2;

	for (int text_row = 0; text_row < 4; text_row++) {
		buffer_printf(buf, "\033[%d;1H%s\033[K\033[%d;%dH%s",
			row + text_row, ATTR_NORMAL, row + text_row, left + 1, attr);
		for (int g = 0; g < glyph_count; g++) {
			const struct glyph *glyph = find_glyph(text[g]);
			for (int x = 0; x < 5; x++) {
				/* A character missing from the font stays blank. */
				int top_row = text_row * 2;
				bool top = glyph != NULL &&
					glyph->rows[top_row][x] == '#';
				bool bottom = glyph != NULL && top_row + 1 < 7 &&
					glyph->rows[top_row + 1][x] == '#';
				if (top && bottom) {
					buffer_printf(buf, "\u2588");
				} else if (top) {
					buffer_printf(buf, "\u2580");
				} else if (bottom) {
					buffer_printf(buf, "\u2584");
				} else {
					buffer_printf(buf, " ");
				}
			}
			if (g + 1 < glyph_count) {
				buffer_printf(buf, " ");
			}
		}
	}
}

static void draw_clock(struct demo *demo) {
	struct screen_buffer buf = {0};
	if (demo->animate_fps > 0) {
		return;
	}
	time_t now = time(NULL);
	demo->clock_drawn = now;
	struct tm tm;
	gmtime_r(&now, &tm);

	char clock[16];
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	buffer_big_text(&buf, ROW_CLOCK, ATTR_CLOCK, clock);

	struct timespec boot;
	clock_gettime(CLOCK_BOOTTIME, &boot);
	char date[80];
	char day[40];
	strftime(day, sizeof(day), "%A %Y-%m-%d UTC", &tm);
	snprintf(date, sizeof(date), "%s    up %llds", day, (long long)boot.tv_sec);
	buffer_centered(&buf, ROW_DATE, ATTR_DIM, date);
	buffer_flush(demo, &buf);
}

static void draw_keys(struct demo *demo) {
	struct screen_buffer buf = {0};
	if (demo->animate_fps > 0) {
		return;
	}

	/* Show the tail of what was typed when it no longer fits, and an
	 * underscore as the cursor after it. */
	const size_t text_cols = TYPED_COLS - 1;
	const char *visible = demo->typed;
	if (demo->typed_len > text_cols) {
		visible += demo->typed_len - text_cols;
	}
	buffer_printf(&buf, "\033[%d;3H%s\u2502%s %s_%*s %s\u2502",
		ROW_TYPED_BOX + 1, ATTR_NORMAL, ATTR_TYPED, visible,
		(int)(text_cols - strlen(visible)), "", ATTR_NORMAL);
	buffer_centered(&buf, ROW_LAST_KEY, ATTR_BRIGHT, demo->last_key);
	buffer_centered(&buf, ROW_POWER, ATTR_DIM, demo->power_status);
	buffer_flush(demo, &buf);
}

static void draw_box_line(struct screen_buffer *buf, int row,
		const char *left, const char *right, const char *label) {
	buffer_printf(buf, "\033[%d;3H%s%s", row, ATTR_NORMAL, left);
	int drawn = 0;
	if (label != NULL) {
		buffer_printf(buf, "\u2500 %s ", label);
		drawn = (int)strlen(label) + 3;
	}
	for (; drawn < TYPED_COLS + 2; drawn++) {
		buffer_printf(buf, "\u2500");
	}
	buffer_printf(buf, "%s", right);
}

static void draw_screen(struct demo *demo) {
	struct screen_buffer buf = {0};

	/* Clear with the blue background, hide the cursor, stop blanking. */
	buffer_printf(&buf, "\033[?25l\033[9;0]\033[14;0]%s\033[H\033[2J",
		ATTR_NORMAL);

	buffer_printf(&buf, "\033[1;1H%s bulkhead  \u2502  workspace: work\033[K",
		ATTR_BAR);

	buffer_big_text(&buf, ROW_TITLE, ATTR_BRIGHT, "work VM");
	buffer_centered(&buf, ROW_SUBTITLE, ATTR_NORMAL, "(bulkhead demo guest)");

	draw_box_line(&buf, ROW_TYPED_BOX, "\u250c", "\u2510", "Keys typed");
	draw_box_line(&buf, ROW_TYPED_BOX + 2, "\u2514", "\u2518", NULL);

	struct utsname uts;
	uname(&uts);
	buffer_printf(&buf, "\033[%d;1H%s Linux %.40s  \u2502  each key is logged on "
		"ttyS0 as \"key CODE press\"\033[K", ROW_STATUS, ATTR_BAR, uts.release);
	buffer_flush(demo, &buf);

	draw_clock(demo);
	draw_keys(demo);
}

/* Draws frame number demo->frame: every cell gets a character and a
 * background that change from one frame to the next, so each frame updates
 * the whole screen. */
static void draw_animation_frame(struct demo *demo) {
	struct screen_buffer buf = {0};
	unsigned long frame = demo->frame;
	for (int row = 0; row < SCREEN_ROWS; row++) {
		/* Backgrounds 41 to 46, so the text never matches them. */
		int background = 41 + (int)((frame + (unsigned long)row) % 6);
		buffer_printf(&buf, "\033[%d;1H\033[0;1;37;%dm", row + 1,
			background);
		for (int col = 0; col < SCREEN_COLS; col++) {
			/* Printable ASCII from '!' to 'z'. */
			char c = (char)('!' + (frame + (unsigned long)(row + col)) % 90);
			buffer_printf(&buf, "%c", c);
		}
	}
	buffer_flush(demo, &buf);

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	serial_log(demo, "bulkhead-animate: frame %lu %lld.%09ld", frame,
		(long long)now.tv_sec, now.tv_nsec);
	demo->frame++;
}

/* Returns the milliseconds until the next animation frame is due, rounded
 * up, and moves the schedule past now when frames were missed. */
static int ms_to_next_frame(struct demo *demo) {
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long now_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
	long long due_ns = (long long)demo->next_frame.tv_sec * 1000000000LL +
		demo->next_frame.tv_nsec;
	long long period_ns = 1000000000LL / demo->animate_fps;
	if (due_ns < now_ns - period_ns) {
		due_ns = now_ns;
	}
	demo->next_frame.tv_sec = (time_t)(due_ns / 1000000000LL);
	demo->next_frame.tv_nsec = (long)(due_ns % 1000000000LL);
	if (due_ns <= now_ns) {
		return 0;
	}
	return (int)((due_ns - now_ns + 999999) / 1000000);
}

/* Draws the next frame when it is due and schedules the one after it. */
static void animate(struct demo *demo) {
	if (ms_to_next_frame(demo) > 0) {
		return;
	}
	draw_animation_frame(demo);
	long long period_ns = 1000000000LL / demo->animate_fps;
	long long due_ns = (long long)demo->next_frame.tv_sec * 1000000000LL +
		demo->next_frame.tv_nsec + period_ns;
	demo->next_frame.tv_sec = (time_t)(due_ns / 1000000000LL);
	demo->next_frame.tv_nsec = (long)(due_ns % 1000000000LL);
}

static void typed_append(struct demo *demo, const char *text) {
	size_t len = strlen(text);
	if (len > TYPED_MAX) {
		return;
	}
	if (demo->typed_len + len > TYPED_MAX) {
		size_t drop = demo->typed_len + len - TYPED_MAX;
		memmove(demo->typed, demo->typed + drop, demo->typed_len - drop);
		demo->typed_len -= drop;
	}
	memcpy(demo->typed + demo->typed_len, text, len);
	demo->typed_len += len;
	demo->typed[demo->typed_len] = '\0';
}

static bool is_modifier(unsigned int code) {
	switch (code) {
	case KEY_LEFTSHIFT:
	case KEY_RIGHTSHIFT:
	case KEY_LEFTCTRL:
	case KEY_RIGHTCTRL:
	case KEY_LEFTALT:
	case KEY_RIGHTALT:
	case KEY_LEFTMETA:
	case KEY_RIGHTMETA:
	case KEY_CAPSLOCK:
	case KEY_NUMLOCK:
		return true;
	default:
		return false;
	}
}

static void handle_keyboard_event(struct demo *demo,
		const struct input_event *event) {
	if (event->type != EV_KEY) {
		return;
	}
	unsigned int code = event->code;
	const char *action = event->value == 0 ? "release" :
		event->value == 1 ? "press" : "repeat";
	serial_log(demo, "key %u %s", code, action);

	if (code == KEY_LEFTSHIFT) {
		demo->shift_left = event->value != 0;
	} else if (code == KEY_RIGHTSHIFT) {
		demo->shift_right = event->value != 0;
	} else if (code == KEY_CAPSLOCK && event->value == 1) {
		demo->caps_lock = !demo->caps_lock;
	}

	const struct key_info *info = code <= KEY_MAX ? &keys[code] : NULL;
	char unknown[24];
	const char *name = info != NULL ? info->name : NULL;
	if (name == NULL) {
		snprintf(unknown, sizeof(unknown), "key %u", code);
		name = unknown;
	}
	snprintf(demo->last_key, sizeof(demo->last_key),
		"Last key: %s  (evdev code %u, %s)", name, code, action);

	if (event->value != 0 && !is_modifier(code)) {
		bool shift = demo->shift_left || demo->shift_right;
		char c = info != NULL ? info->plain : 0;
		if (c >= 'a' && c <= 'z') {
			shift = shift != demo->caps_lock;
		}
		if (c != 0 && shift) {
			c = info->shifted;
		}
		if (c != 0) {
			char text[2] = {c, '\0'};
			typed_append(demo, text);
		} else {
			char text[32];
			snprintf(text, sizeof(text), "[%s]", name);
			typed_append(demo, text);
		}
	}
	draw_keys(demo);
}

static void power_off(struct demo *demo) {
	serial_log(demo, "bulkhead-demo: power button pressed, powering off");
	snprintf(demo->power_status, sizeof(demo->power_status),
		"Power button pressed: powering off ...");
	draw_keys(demo);

	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/poweroff", "poweroff", "-f", (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		int status;
		waitpid(pid, &status, 0);
	}
	/* Only reached when poweroff failed to run. */
	serial_log(demo, "bulkhead-demo: error: poweroff -f failed, "
		"calling reboot(RB_POWER_OFF)");
	sync();
	reboot(RB_POWER_OFF);
	serial_log(demo, "bulkhead-demo: error: reboot(RB_POWER_OFF) failed: %s",
		strerror(errno));
}

static void handle_power_button_event(struct demo *demo,
		const struct input_event *event) {
	if (event->type != EV_KEY || event->value != 1) {
		return;
	}
	if (!demo->ignore_acpi) {
		power_off(demo);
		return;
	}
	serial_log(demo, "bulkhead-demo: ignoring power button");
	snprintf(demo->power_status, sizeof(demo->power_status),
		"Power button pressed: ignored (bulkhead.ignore-acpi)");
	draw_keys(demo);
}

static void handle_mouse_event(struct demo *demo,
		const struct input_event *event) {
	switch (event->type) {
	case EV_REL:
		if (event->code == REL_X) {
			demo->motion_x += event->value;
		} else if (event->code == REL_Y) {
			demo->motion_y += event->value;
		} else if (event->code == REL_WHEEL) {
			serial_log(demo, "pointer wheel %d", event->value);
		}
		break;
	case EV_KEY:
		serial_log(demo, "pointer button %u %s", event->code,
			event->value != 0 ? "press" : "release");
		break;
	case EV_SYN:
		if (event->code == SYN_REPORT &&
				(demo->motion_x != 0 || demo->motion_y != 0)) {
			serial_log(demo, "pointer motion %d %d", demo->motion_x,
				demo->motion_y);
			demo->motion_x = 0;
			demo->motion_y = 0;
		}
		break;
	default:
		break;
	}
}

/* Opens the first /dev/input/event* whose device name is DEVICE->name. */
static bool open_input_device(struct demo *demo, struct input_device *device,
		bool grab) {
	DIR *dir = opendir(INPUT_DIR);
	if (dir == NULL) {
		return false;
	}
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strncmp(entry->d_name, "event", 5) != 0 ||
				strlen(entry->d_name) > 16) {
			continue;
		}
		char path[sizeof(device->path)];
		snprintf(path, sizeof(path), INPUT_DIR "/%.16s", entry->d_name);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			continue;
		}
		char name[128] = {0};
		if (ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name) < 0 ||
				strcmp(name, device->name) != 0) {
			close(fd);
			continue;
		}
		/* The grab keeps keys away from the VT, which would echo them
		 * and act on Ctrl+Alt+Del or Alt+Fn. */
		if (grab && ioctl(fd, EVIOCGRAB, 1) < 0) {
			serial_log(demo, "bulkhead-demo: warning: EVIOCGRAB on %s "
				"failed: %s", path, strerror(errno));
		}
		device->fd = fd;
		snprintf(device->path, sizeof(device->path), "%s", path);
		serial_log(demo, "bulkhead-demo: %s is %s", device->name, path);
		closedir(dir);
		return true;
	}
	closedir(dir);
	return false;
}

static void open_missing_devices(struct demo *demo) {
	if (demo->keyboard.fd < 0) {
		open_input_device(demo, &demo->keyboard, true);
	}
	if (demo->power_button.fd < 0) {
		open_input_device(demo, &demo->power_button, false);
	}
	/* The mouse is optional: the guest is ready without one. */
	if (demo->mouse.fd < 0) {
		open_input_device(demo, &demo->mouse, false);
	}
	if (!demo->ready && demo->keyboard.fd >= 0 &&
			demo->power_button.fd >= 0) {
		demo->ready = true;
		serial_log(demo, "bulkhead-demo: ready");
	}
	if (!demo->ready && !demo->missing_reported &&
			time(NULL) - demo->start >= DEVICE_WAIT_SECONDS) {
		demo->missing_reported = true;
		if (demo->keyboard.fd < 0) {
			serial_log(demo, "bulkhead-demo: error: no input device "
				"named \"%s\" after %d s", KEYBOARD_NAME,
				DEVICE_WAIT_SECONDS);
		}
		if (demo->power_button.fd < 0) {
			serial_log(demo, "bulkhead-demo: error: no input device "
				"named \"%s\" after %d s", POWER_BUTTON_NAME,
				DEVICE_WAIT_SECONDS);
		}
	}
}

/* Reads all pending events of DEVICE, and closes it on a read error. */
static void read_device(struct demo *demo, struct input_device *device,
		void (*handle)(struct demo *, const struct input_event *)) {
	struct input_event events[64];
	for (;;) {
		ssize_t n = read(device->fd, events, sizeof(events));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && errno == EAGAIN) {
			return;
		}
		if (n <= 0) {
			serial_log(demo, "bulkhead-demo: error: reading %s failed: %s",
				device->path, n < 0 ? strerror(errno) : "end of file");
			close(device->fd);
			device->fd = -1;
			return;
		}
		size_t count = (size_t)n / sizeof(events[0]);
		for (size_t i = 0; i < count; i++) {
			handle(demo, &events[i]);
		}
	}
}

/* Milliseconds until the wall clock reaches the next full second. */
static int ms_to_next_second(void) {
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (int)(1000 - now.tv_nsec / 1000000) + 1;
}

static int open_screen(void) {
	int fd = open(SCREEN_PATH, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		return -1;
	}
	/* Without echo and canonical mode, stray input cannot draw on it. */
	struct termios tio;
	if (tcgetattr(fd, &tio) == 0) {
		tio.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

int main(int argc, char *argv[]) {
	struct demo demo = {
		.keyboard = {.name = KEYBOARD_NAME, .fd = -1},
		.power_button = {.name = POWER_BUTTON_NAME, .fd = -1},
		.mouse = {.name = MOUSE_NAME, .fd = -1},
		.start = time(NULL),
	};
	for (int i = 1; i < argc; i++) {
		char *end = NULL;
		if (strcmp(argv[i], "--ignore-acpi") == 0) {
			demo.ignore_acpi = true;
		} else if (strcmp(argv[i], "--animate") == 0 && i + 1 < argc) {
			long fps = strtol(argv[++i], &end, 10);
			if (*end != '\0' || fps < 1 || fps > ANIMATE_FPS_MAX) {
				fprintf(stderr, "%s: invalid --animate value \"%s\": "
					"expected frames a second from 1 to %d\n",
					argv[0], argv[i], ANIMATE_FPS_MAX);
				return 2;
			}
			demo.animate_fps = (int)fps;
		} else {
			fprintf(stderr, "usage: %s [--ignore-acpi] [--animate FPS]\n",
				argv[0]);
			return 2;
		}
	}

	demo.serial_fd = open(SERIAL_PATH, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (demo.serial_fd < 0) {
		fprintf(stderr, "bulkhead-demo: error: opening %s failed: %s\n",
			SERIAL_PATH, strerror(errno));
		demo.serial_fd = STDERR_FILENO;
	}
	demo.screen_fd = open_screen();
	if (demo.screen_fd < 0) {
		serial_log(&demo, "bulkhead-demo: error: opening %s failed: %s",
			SCREEN_PATH, strerror(errno));
		demo.screen_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	}

	snprintf(demo.last_key, sizeof(demo.last_key),
		"Type something: each key shows up here.");
	snprintf(demo.power_status, sizeof(demo.power_status),
		demo.ignore_acpi ?
		"Power button: ignored (bulkhead.ignore-acpi)" :
		"Power button: powers this VM off");
	draw_screen(&demo);
	open_missing_devices(&demo);
	if (demo.animate_fps > 0) {
		serial_log(&demo, "bulkhead-animate: %d frames a second",
			demo.animate_fps);
		clock_gettime(CLOCK_MONOTONIC, &demo.next_frame);
	}

	for (;;) {
		struct pollfd fds[3] = {
			{.fd = demo.keyboard.fd, .events = POLLIN},
			{.fd = demo.power_button.fd, .events = POLLIN},
			{.fd = demo.mouse.fd, .events = POLLIN},
		};
		int timeout = ms_to_next_second();
		if (demo.animate_fps > 0) {
			int frame_timeout = ms_to_next_frame(&demo);
			if (frame_timeout < timeout) {
				timeout = frame_timeout;
			}
		}
		int ret = poll(fds, 3, timeout);
		if (ret < 0 && errno != EINTR) {
			serial_log(&demo, "bulkhead-demo: error: poll failed: %s",
				strerror(errno));
			sleep(1);
		}
		if (ret > 0 && fds[0].revents != 0) {
			read_device(&demo, &demo.keyboard, handle_keyboard_event);
		}
		if (ret > 0 && fds[1].revents != 0) {
			read_device(&demo, &demo.power_button,
				handle_power_button_event);
		}
		if (ret > 0 && fds[2].revents != 0) {
			read_device(&demo, &demo.mouse, handle_mouse_event);
		}
		if (demo.animate_fps > 0) {
			animate(&demo);
		} else if (time(NULL) != demo.clock_drawn) {
			draw_clock(&demo);
		}
		if (ret == 0) {
			if (!demo.ready || demo.keyboard.fd < 0 ||
					demo.power_button.fd < 0 || demo.mouse.fd < 0) {
				open_missing_devices(&demo);
			}
		}
	}
}
