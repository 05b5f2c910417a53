/*
 * Keys of keyboards with their own keymap, such as virtual keyboards that
 * upload one (wtype gives each character a keycode of its own). Their
 * evdev codes mean nothing to the guest, so the keysym each key produces
 * is found in the seat's keymap and that key is typed in the guest, with
 * the modifier keys its shift level needs held around it.
 *
 * NOTE: the guest is assumed to use the seat's [keyboard] layout, because
 * SPICE sends scancodes and the guest's layout is not known here.
 */
#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/vm.h"

/* Levels searched, from the plain key up to Shift with AltGr. */
#define MAX_LEVELS 4

struct key_match {
	uint32_t keycode;	/* evdev */
	xkb_mod_mask_t modifiers;
};

struct key_search {
	struct xkb_keymap *keymap;
	xkb_keysym_t sym;
	xkb_level_index_t level;
	bool found;
	struct key_match match;
};

static void search_key(struct xkb_keymap *keymap, xkb_keycode_t keycode,
		void *data) {
	struct key_search *search = data;
	if (search->found || keycode < 8 ||
			xkb_keymap_num_levels_for_key(keymap, keycode, 0) <=
			search->level) {
		return;
	}
	const xkb_keysym_t *syms;
	int count = xkb_keymap_key_get_syms_by_level(keymap, keycode, 0,
		search->level, &syms);
	if (count != 1 || syms[0] != search->sym) {
		return;
	}
	xkb_mod_mask_t masks[4];
	size_t mask_count = xkb_keymap_key_get_mods_for_level(keymap, keycode,
		0, search->level, masks, 4);
	if (mask_count == 0) {
		return;
	}
	search->found = true;
	search->match.keycode = keycode - 8;
	search->match.modifiers = masks[0];
}

/* Finds the key and modifiers that type sym in the first layout. */
static bool find_key(struct xkb_keymap *keymap, xkb_keysym_t sym,
		struct key_match *match) {
	struct key_search search = { .keymap = keymap, .sym = sym };
	for (search.level = 0; search.level < MAX_LEVELS; search.level++) {
		xkb_keymap_key_for_each(keymap, search_key, &search);
		if (search.found) {
			*match = search.match;
			return true;
		}
	}
	return false;
}

/* The modifier keys pressed for a mask: Shift and AltGr, the level keys. */
static void modifier_keys(struct xkb_keymap *keymap, xkb_mod_mask_t mask,
		uint32_t keys[static 2]) {
	keys[0] = 0;
	keys[1] = 0;
	xkb_mod_index_t shift = xkb_keymap_mod_get_index(keymap,
		XKB_MOD_NAME_SHIFT);
	xkb_mod_index_t level3 = xkb_keymap_mod_get_index(keymap, "Mod5");
	if (shift != XKB_MOD_INVALID && (mask & (1u << shift))) {
		keys[0] = KEY_LEFTSHIFT;
	}
	if (level3 != XKB_MOD_INVALID && (mask & (1u << level3))) {
		keys[1] = KEY_RIGHTALT;
	}
}

static void press(struct bulkhead_guest_session *session,
		struct wlr_keyboard *keyboard, uint32_t keycode) {
	const char *name = guest_session_get_name(session);
	if (session->translated_count == GUEST_TRANSLATED_KEYS_MAX) {
		wlr_log(WLR_ERROR, "%s: more than %d keys of a keyboard with its "
			"own keymap held, key %u dropped", name,
			GUEST_TRANSLATED_KEYS_MAX, keycode);
		return;
	}
	xkb_keysym_t sym = xkb_state_key_get_one_sym(keyboard->xkb_state,
		keycode + 8);
	struct xkb_keymap *keymap = session->vm->server->seat->keymap;
	struct key_match match;
	if (sym == XKB_KEY_NoSymbol || !find_key(keymap, sym, &match)) {
		char sym_name[64];
		xkb_keysym_get_name(sym, sym_name, sizeof(sym_name));
		wlr_log(WLR_INFO, "%s: keysym %s of key %u is not in the seat's "
			"keymap, dropped", name, sym_name, keycode);
		return;
	}

	struct guest_translated_key *key =
		&session->translated_keys[session->translated_count++];
	key->keycode = keycode;
	key->guest_keycode = match.keycode;
	modifier_keys(keymap, match.modifiers, key->modifiers);
	wlr_log(WLR_DEBUG, "%s: key %u of a keyboard with its own keymap "
		"typed as key %u", name, keycode, match.keycode);
	for (int i = 0; i < 2; i++) {
		if (key->modifiers[i] != 0) {
			guest_input_send_key(session, key->modifiers[i], true);
		}
	}
	guest_input_send_key(session, match.keycode, true);
}

static void release(struct bulkhead_guest_session *session, size_t index) {
	struct guest_translated_key key = session->translated_keys[index];
	session->translated_keys[index] =
		session->translated_keys[--session->translated_count];
	guest_input_send_key(session, key.guest_keycode, false);
	for (int i = 1; i >= 0; i--) {
		if (key.modifiers[i] != 0) {
			guest_input_send_key(session, key.modifiers[i], false);
		}
	}
}

bool guest_keysym_is_foreign(struct bulkhead_guest_session *session,
		struct xkb_keymap *keymap) {
	struct xkb_keymap *seat_keymap = session->vm->server->seat->keymap;
	if (keymap == seat_keymap || seat_keymap == NULL) {
		return false;
	}
	/* Keep the last answer: a keyboard's keymap rarely changes. */
	if (keymap == session->compared_keymap) {
		return session->compared_foreign;
	}
	char *text = xkb_keymap_get_as_string(keymap,
		XKB_KEYMAP_FORMAT_TEXT_V1);
	char *seat_text = xkb_keymap_get_as_string(seat_keymap,
		XKB_KEYMAP_FORMAT_TEXT_V1);
	xkb_keymap_unref(session->compared_keymap);
	session->compared_keymap = xkb_keymap_ref(keymap);
	session->compared_foreign = text == NULL || seat_text == NULL ||
		strcmp(text, seat_text) != 0;
	free(text);
	free(seat_text);
	return session->compared_foreign;
}

void guest_keysym_send_key(struct bulkhead_guest_session *session,
		struct wlr_keyboard *keyboard, uint32_t keycode, bool pressed) {
	if (keyboard->xkb_state == NULL) {
		return;
	}
	if (pressed) {
		press(session, keyboard, keycode);
		return;
	}
	for (size_t i = 0; i < session->translated_count; i++) {
		if (session->translated_keys[i].keycode == keycode) {
			release(session, i);
			return;
		}
	}
}

void guest_keysym_release_all(struct bulkhead_guest_session *session) {
	while (session->translated_count > 0) {
		release(session, session->translated_count - 1);
	}
}
