/*
 * vkbd [--delay MS] EVENT... | vkbd [--delay MS] -: types through zwp_virtual_keyboard_v1 with the
 * standard keymap (rules evdev, model pc105, layout us) and real evdev key
 * codes, so that a guest that receives scancodes gets the keys' physical
 * positions. Each EVENT is one of
 *   +KEY   press KEY
 *   -KEY   release KEY
 *   KEY    press and release KEY
 * where KEY is an evdev name such as KEY_LEFTMETA or a decimal code. After
 * each key event it sends the modifiers that xkbcommon computes for the
 * keys held, then waits MS milliseconds (default 50).
 *
 * With "-" it reads lines of EVENTs from standard input, prints "sent" after
 * each line, and keeps its virtual keyboard (and so the seat's keyboard
 * capability) until end of input.
 */
#define _GNU_SOURCE
#include <linux/input-event-codes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include <xkbcommon/xkbcommon.h>
#include "client.h"
#include "virtual-keyboard-unstable-v1-client-protocol.h"

struct key_name {
	const char *name;
	uint32_t code;
};

#define KEY_NAME(code) { #code, code }

static const struct key_name key_names[] = {
	KEY_NAME(KEY_ESC), KEY_NAME(KEY_TAB), KEY_NAME(KEY_ENTER),
	KEY_NAME(KEY_SPACE), KEY_NAME(KEY_BACKSPACE),
	KEY_NAME(KEY_LEFTMETA), KEY_NAME(KEY_RIGHTMETA),
	KEY_NAME(KEY_LEFTSHIFT), KEY_NAME(KEY_RIGHTSHIFT),
	KEY_NAME(KEY_LEFTCTRL), KEY_NAME(KEY_RIGHTCTRL),
	KEY_NAME(KEY_LEFTALT), KEY_NAME(KEY_RIGHTALT),
	KEY_NAME(KEY_1), KEY_NAME(KEY_2), KEY_NAME(KEY_3),
	KEY_NAME(KEY_A), KEY_NAME(KEY_B), KEY_NAME(KEY_C), KEY_NAME(KEY_D),
	KEY_NAME(KEY_E), KEY_NAME(KEY_F), KEY_NAME(KEY_G), KEY_NAME(KEY_H),
	KEY_NAME(KEY_I), KEY_NAME(KEY_J), KEY_NAME(KEY_K), KEY_NAME(KEY_L),
	KEY_NAME(KEY_M), KEY_NAME(KEY_N), KEY_NAME(KEY_O), KEY_NAME(KEY_P),
	KEY_NAME(KEY_Q), KEY_NAME(KEY_R), KEY_NAME(KEY_S), KEY_NAME(KEY_T),
	KEY_NAME(KEY_U), KEY_NAME(KEY_V), KEY_NAME(KEY_W), KEY_NAME(KEY_X),
	KEY_NAME(KEY_Y), KEY_NAME(KEY_Z),
};

struct vkbd {
	struct wl_display *display;
	struct wl_seat *seat;
	struct zwp_virtual_keyboard_manager_v1 *manager;
	struct zwp_virtual_keyboard_v1 *keyboard;
	struct xkb_context *context;
	struct xkb_keymap *keymap;
	struct xkb_state *state;
	int delay_ms;
};

static bool parse_key(const char *text, uint32_t *code)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcmp(text, key_names[i].name) == 0) {
			*code = key_names[i].code;
			return true;
		}
	}
	char *end;
	unsigned long value = strtoul(text, &end, 10);
	if (*text == '\0' || *end != '\0' || value > KEY_MAX) {
		return false;
	}
	*code = value;
	return true;
}

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct vkbd *vkbd = data;

	if (strcmp(interface, wl_seat_interface.name) == 0 && !vkbd->seat) {
		vkbd->seat = wl_registry_bind(registry, name,
			&wl_seat_interface, 1);
	} else if (strcmp(interface,
			zwp_virtual_keyboard_manager_v1_interface.name) == 0) {
		vkbd->manager = wl_registry_bind(registry, name,
			&zwp_virtual_keyboard_manager_v1_interface, 1);
	}
}

static void handle_global_remove(void *data, struct wl_registry *registry,
		uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static bool upload_keymap(struct vkbd *vkbd)
{
	struct xkb_rule_names names = {
		.rules = "evdev",
		.model = "pc105",
		.layout = "us",
	};

	vkbd->context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	vkbd->keymap = xkb_keymap_new_from_names(vkbd->context, &names,
		XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (!vkbd->keymap) {
		fprintf(stderr, "vkbd: cannot compile the evdev/pc105/us keymap\n");
		return false;
	}
	vkbd->state = xkb_state_new(vkbd->keymap);

	char *text = xkb_keymap_get_as_string(vkbd->keymap,
		XKB_KEYMAP_FORMAT_TEXT_V1);
	size_t size = strlen(text) + 1;
	int fd = memfd_create("vkbd-keymap", MFD_CLOEXEC);
	if (fd < 0 || write(fd, text, size) != (ssize_t)size) {
		fprintf(stderr, "vkbd: cannot write the keymap to a memfd\n");
		free(text);
		return false;
	}
	free(text);
	zwp_virtual_keyboard_v1_keymap(vkbd->keyboard,
		WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd, size);
	close(fd);
	return true;
}

static void send_key(struct vkbd *vkbd, uint32_t code, bool pressed)
{
	zwp_virtual_keyboard_v1_key(vkbd->keyboard, test_client_now_ms(), code,
		pressed ? WL_KEYBOARD_KEY_STATE_PRESSED :
		WL_KEYBOARD_KEY_STATE_RELEASED);
	/* xkbcommon numbers keys as evdev code + 8. */
	xkb_state_update_key(vkbd->state, code + 8,
		pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
	zwp_virtual_keyboard_v1_modifiers(vkbd->keyboard,
		xkb_state_serialize_mods(vkbd->state, XKB_STATE_MODS_DEPRESSED),
		xkb_state_serialize_mods(vkbd->state, XKB_STATE_MODS_LATCHED),
		xkb_state_serialize_mods(vkbd->state, XKB_STATE_MODS_LOCKED),
		xkb_state_serialize_layout(vkbd->state,
			XKB_STATE_LAYOUT_EFFECTIVE));
	wl_display_roundtrip(vkbd->display);
	usleep(vkbd->delay_ms * 1000);
}

static bool send_event(struct vkbd *vkbd, const char *event)
{
	uint32_t code;
	char sign = event[0];
	const char *name = sign == '+' || sign == '-' ? event + 1 : event;

	if (!parse_key(name, &code)) {
		fprintf(stderr, "vkbd: unknown key '%s'; expected an evdev name "
			"such as KEY_TAB or a decimal code\n", name);
		return false;
	}
	if (sign != '-') {
		send_key(vkbd, code, true);
	}
	if (sign != '+') {
		send_key(vkbd, code, false);
	}
	return true;
}

static bool send_line(struct vkbd *vkbd, char *line)
{
	for (char *event = strtok(line, " \t\n"); event;
			event = strtok(NULL, " \t\n")) {
		if (!send_event(vkbd, event)) {
			return false;
		}
	}
	printf("sent\n");
	fflush(stdout);
	return true;
}

static int send_args(struct vkbd *vkbd, int count, char *events[])
{
	for (int i = 0; i < count; i++) {
		if (!send_event(vkbd, events[i])) {
			return 2;
		}
	}
	return 0;
}

static int read_lines(struct vkbd *vkbd)
{
	char line[1024];

	while (fgets(line, sizeof(line), stdin)) {
		if (!send_line(vkbd, line)) {
			return 2;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct vkbd vkbd = { .delay_ms = 50 };
	int first = 1;

	if (argc > 2 && strcmp(argv[1], "--delay") == 0) {
		vkbd.delay_ms = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: vkbd [--delay MS] [+|-]KEY... | -\n");
		return 2;
	}
	vkbd.display = wl_display_connect(NULL);
	if (!vkbd.display) {
		fprintf(stderr, "vkbd: cannot connect to $WAYLAND_DISPLAY\n");
		return 1;
	}
	struct wl_registry *registry = wl_display_get_registry(vkbd.display);
	wl_registry_add_listener(registry, &registry_listener, &vkbd);
	wl_display_roundtrip(vkbd.display);
	if (!vkbd.seat || !vkbd.manager) {
		fprintf(stderr, "vkbd: the compositor offers no wl_seat or no "
			"zwp_virtual_keyboard_manager_v1\n");
		return 1;
	}
	vkbd.keyboard = zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(
		vkbd.manager, vkbd.seat);
	if (!upload_keymap(&vkbd)) {
		return 1;
	}
	wl_display_roundtrip(vkbd.display);

	int status;
	if (strcmp(argv[first], "-") == 0) {
		status = read_lines(&vkbd);
	} else {
		status = send_args(&vkbd, argc - first, argv + first);
	}
	if (wl_display_roundtrip(vkbd.display) < 0) {
		fprintf(stderr, "vkbd: the connection failed\n");
		status = 1;
	}
	zwp_virtual_keyboard_v1_destroy(vkbd.keyboard);
	wl_display_roundtrip(vkbd.display);
	wl_display_disconnect(vkbd.display);
	return status;
}
