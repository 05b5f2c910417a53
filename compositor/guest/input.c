#include <linux/input-event-codes.h>
#include <spice-client.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/guest/keymap.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/vm.h"

static bool key_is_held(struct bulkhead_guest_session *session,
		uint32_t scancode) {
	return session->held_keys[scancode / 32] & (1u << (scancode % 32));
}

static void set_key_held(struct bulkhead_guest_session *session,
		uint32_t scancode, bool held) {
	uint32_t bit = 1u << (scancode % 32);
	if (held) {
		session->held_keys[scancode / 32] |= bit;
	} else {
		session->held_keys[scancode / 32] &= ~bit;
	}
}

/* SPICE_MOUSE_BUTTON_MASK_* follows the order of SPICE_MOUSE_BUTTON_*. */
static int button_mask(int spice_button) {
	return 1 << (spice_button - 1);
}

void guest_input_send_key(struct bulkhead_guest_session *session,
		uint32_t keycode, bool pressed) {
	const char *name = guest_session_get_name(session);
	uint32_t scancode = guest_keymap_to_scancode(keycode);
	if (scancode == 0) {
		wlr_log(WLR_DEBUG, "%s: key %u has no PC scancode, dropped", name,
			keycode);
		return;
	}
	if (!session->inputs_ready) {
		wlr_log(WLR_DEBUG, "%s: key %u dropped, the SPICE inputs channel "
			"is not connected", name, keycode);
		return;
	}
	wlr_log(WLR_DEBUG, "%s: key %u %s, scancode 0x%03x", name, keycode,
		pressed ? "pressed" : "released", scancode);

	if (keycode == KEY_PAUSE) {
		/*
		 * A PC keyboard sends Pause's whole sequence on press and
		 * nothing on release, so Pause is never held in the guest.
		 */
		if (pressed) {
			spice_inputs_channel_key_press_and_release(session->inputs,
				scancode);
		}
		return;
	}

	if (pressed) {
		set_key_held(session, scancode, true);
		spice_inputs_channel_key_press(session->inputs, scancode);
	} else if (key_is_held(session, scancode)) {
		/* A release without a press here was pressed elsewhere. */
		set_key_held(session, scancode, false);
		spice_inputs_channel_key_release(session->inputs, scancode);
	}
}

void guest_input_release_keys(struct bulkhead_guest_session *session) {
	if (!session->inputs_ready) {
		return;
	}
	for (uint32_t scancode = 0; scancode < GUEST_SCANCODE_COUNT;
			scancode++) {
		if (!key_is_held(session, scancode)) {
			continue;
		}
		wlr_log(WLR_DEBUG, "%s: releasing scancode 0x%03x",
			guest_session_get_name(session), scancode);
		set_key_held(session, scancode, false);
		spice_inputs_channel_key_release(session->inputs, scancode);
	}
	for (int button = SPICE_MOUSE_BUTTON_LEFT;
			button <= SPICE_MOUSE_BUTTON_EXTRA; button++) {
		int mask = button_mask(button);
		if (session->button_state & mask) {
			session->button_state &= ~mask;
			spice_inputs_channel_button_release(session->inputs, button,
				session->button_state);
		}
	}
}

void guest_input_reset(struct bulkhead_guest_session *session) {
	memset(session->held_keys, 0, sizeof(session->held_keys));
	session->button_state = 0;
}

bool guest_input_is_absolute(struct bulkhead_guest_session *session) {
	if (session->main_channel == NULL) {
		return false;
	}
	int mode;
	g_object_get(session->main_channel, "mouse-mode", &mode, NULL);
	return mode == SPICE_MOUSE_MODE_CLIENT;
}

void guest_input_sync_locks(struct bulkhead_guest_session *session) {
	struct bulkhead_seat *seat = session->vm->server->seat;
	struct wlr_keyboard *keyboard = seat->wlr_seat != NULL ?
		wlr_seat_get_keyboard(seat->wlr_seat) : NULL;
	if (!session->inputs_ready || keyboard == NULL ||
			keyboard->xkb_state == NULL) {
		return;
	}
	static const struct {
		const char *led;
		guint lock;
	} locks[] = {
		{ XKB_LED_NAME_CAPS, SPICE_INPUTS_CAPS_LOCK },
		{ XKB_LED_NAME_NUM, SPICE_INPUTS_NUM_LOCK },
		{ XKB_LED_NAME_SCROLL, SPICE_INPUTS_SCROLL_LOCK },
	};
	guint mask = 0;
	for (size_t i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
		if (xkb_state_led_name_is_active(keyboard->xkb_state,
				locks[i].led) > 0) {
			mask |= locks[i].lock;
		}
	}
	wlr_log(WLR_DEBUG, "%s: lock keys: caps %s, num %s, scroll %s",
		guest_session_get_name(session),
		mask & SPICE_INPUTS_CAPS_LOCK ? "on" : "off",
		mask & SPICE_INPUTS_NUM_LOCK ? "on" : "off",
		mask & SPICE_INPUTS_SCROLL_LOCK ? "on" : "off");
	/* QEMU presses the lock keys whose state differs in the guest. */
	spice_inputs_channel_set_key_locks(session->inputs, mask);
}

void guest_input_pointer_relative(struct bulkhead_guest_session *session,
		double dx, double dy) {
	if (!session->inputs_ready) {
		return;
	}
	/* SPICE takes whole pixels; keep the fractions for the next step. */
	dx += session->motion_rest_x;
	dy += session->motion_rest_y;
	int step_x = (int)dx;
	int step_y = (int)dy;
	session->motion_rest_x = dx - step_x;
	session->motion_rest_y = dy - step_y;
	if (step_x == 0 && step_y == 0) {
		return;
	}
	spice_inputs_channel_motion(session->inputs, step_x, step_y,
		session->button_state);
}

void guest_input_pointer_scroll(struct bulkhead_guest_session *session,
		int steps) {
	if (!session->inputs_ready) {
		return;
	}
	int button = steps < 0 ? SPICE_MOUSE_BUTTON_UP :
		SPICE_MOUSE_BUTTON_DOWN;
	for (int i = 0; i < abs(steps); i++) {
		int held = session->button_state | button_mask(button);
		spice_inputs_channel_button_press(session->inputs, button, held);
		spice_inputs_channel_button_release(session->inputs, button,
			session->button_state);
	}
}

void guest_input_pointer_motion(struct bulkhead_guest_session *session,
		int display_id, int x, int y) {
	if (!session->inputs_ready) {
		return;
	}
	/* In server mode the guest takes relative motion only. */
	if (!guest_input_is_absolute(session)) {
		return;
	}
	spice_inputs_channel_position(session->inputs, x, y, display_id,
		session->button_state);
}

static int spice_button_from_linux(uint32_t button) {
	switch (button) {
	case BTN_LEFT:
		return SPICE_MOUSE_BUTTON_LEFT;
	case BTN_MIDDLE:
		return SPICE_MOUSE_BUTTON_MIDDLE;
	case BTN_RIGHT:
		return SPICE_MOUSE_BUTTON_RIGHT;
	case BTN_SIDE:
		return SPICE_MOUSE_BUTTON_SIDE;
	case BTN_EXTRA:
		return SPICE_MOUSE_BUTTON_EXTRA;
	default:
		return SPICE_MOUSE_BUTTON_INVALID;
	}
}

void guest_input_pointer_button(struct bulkhead_guest_session *session,
		uint32_t button, bool pressed) {
	int spice_button = spice_button_from_linux(button);
	if (spice_button == SPICE_MOUSE_BUTTON_INVALID ||
			!session->inputs_ready) {
		return;
	}
	int mask = button_mask(spice_button);
	if (pressed) {
		session->button_state |= mask;
	} else {
		session->button_state &= ~mask;
	}
	if (pressed) {
		spice_inputs_channel_button_press(session->inputs, spice_button,
			session->button_state);
	} else {
		spice_inputs_channel_button_release(session->inputs, spice_button,
			session->button_state);
	}
}
