/*
 * Keyboards. Physical keys and keys of zwp_virtual_keyboard_v1 clients go
 * through one path: bindings first, then the focused view. A key that
 * triggered a binding is consumed with its release, so no client sees it.
 */
#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_input_device.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/config.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/app_grid.h"
#include "compositor/view.h"
#include "compositor/workspace.h"
#include "input-internal.h"

bool keyboard_compile_keymap(struct bulkhead_seat *seat)
{
	struct bulkhead_config *config = seat->server->config;
	struct xkb_rule_names names = {
		.layout = config->xkb_layout,
		.variant = config->xkb_variant,
		.options = config->xkb_options,
	};
	struct xkb_context *context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);

	seat->keymap = xkb_keymap_new_from_names(context, &names,
		XKB_KEYMAP_COMPILE_NO_FLAGS);
	xkb_context_unref(context);
	if (!seat->keymap) {
		wlr_log(WLR_ERROR, "Failed to compile the keymap for layout %s",
			config->xkb_layout);
		return false;
	}
	return true;
}

static struct bulkhead_workspace *workspace_by_index(
		struct bulkhead_server *server, int index)
{
	struct bulkhead_workspace *workspace;
	int i = 1;

	wl_list_for_each(workspace, &server->workspaces, link) {
		if (i++ == index) {
			return workspace;
		}
	}
	return NULL;
}

/*
 * Focuses the lowest window of the focused workspace, minimized ones too;
 * focusing raises it, so repeated presses go through all of them.
 */
static void focus_next_window(struct bulkhead_seat *seat)
{
	struct bulkhead_view *view;

	wl_list_for_each(view, &seat->server->views, link) {
		if (view->mapped && view != seat->focused_view &&
				view->workspace == seat->focused_workspace) {
			seat_focus_view(seat, view);
			return;
		}
	}
}

static void run_binding(struct bulkhead_seat *seat,
		const struct bulkhead_binding *binding)
{
	struct bulkhead_workspace *workspace;

	wlr_log(WLR_DEBUG, "Binding %s triggered", binding->text);
	switch (binding->action) {
	case BULKHEAD_ACTION_FOCUS_NEXT:
		seat_focus_workspace_step(seat, 1);
		break;
	case BULKHEAD_ACTION_FOCUS_PREV:
		seat_focus_workspace_step(seat, -1);
		break;
	case BULKHEAD_ACTION_FOCUS_WORKSPACE:
		workspace = workspace_by_index(seat->server, binding->argument);
		if (workspace) {
			seat_focus_workspace(seat, workspace);
		}
		break;
	case BULKHEAD_ACTION_FOCUS_NEXT_WINDOW:
		focus_next_window(seat);
		break;
	case BULKHEAD_ACTION_CLOSE:
		if (seat->focused_view) {
			seat->focused_view->impl->close(seat->focused_view);
		}
		break;
	case BULKHEAD_ACTION_APP_GRID:
		app_grid_toggle(seat->server, NULL);
		break;
	case BULKHEAD_ACTION_RELEASE_POINTER:
		seat_release_pointer(seat);
		break;
	}
}

/* Matches the keysyms of the key's first level against the bindings. */
static const struct bulkhead_binding *find_binding(
		struct bulkhead_keyboard *keyboard, uint32_t keycode)
{
	struct wlr_keyboard *wlr_keyboard = keyboard->device->keyboard;
	GPtrArray *bindings = keyboard->seat->server->config->bindings;
	uint32_t modifiers = wlr_keyboard_get_modifiers(wlr_keyboard);
	xkb_keycode_t xkb_keycode = keycode + 8;
	xkb_layout_index_t layout;
	const xkb_keysym_t *syms;
	int count;

	if (!wlr_keyboard->keymap) {
		return NULL;
	}
	layout = xkb_state_key_get_layout(wlr_keyboard->xkb_state, xkb_keycode);
	count = xkb_keymap_key_get_syms_by_level(wlr_keyboard->keymap,
		xkb_keycode, layout, 0, &syms);
	for (int i = 0; i < count; i++) {
		xkb_keysym_t sym = xkb_keysym_to_lower(syms[i]);

		for (guint j = 0; j < bindings->len; j++) {
			const struct bulkhead_binding *binding =
				g_ptr_array_index(bindings, j);

			if (binding->keysym == sym &&
					binding->modifiers == modifiers) {
				return binding;
			}
		}
	}
	return NULL;
}

static bool take_consumed(struct bulkhead_keyboard *keyboard, uint32_t keycode)
{
	for (size_t i = 0; i < keyboard->consumed_count; i++) {
		if (keyboard->consumed_keys[i] == keycode) {
			keyboard->consumed_keys[i] =
				keyboard->consumed_keys[--keyboard->consumed_count];
			return true;
		}
	}
	return false;
}

static void add_consumed(struct bulkhead_keyboard *keyboard, uint32_t keycode)
{
	if (keyboard->consumed_count < MAX_CONSUMED_KEYS) {
		keyboard->consumed_keys[keyboard->consumed_count++] = keycode;
	}
}

static void forward_key(struct bulkhead_keyboard *keyboard,
		struct wlr_event_keyboard_key *event)
{
	struct bulkhead_seat *seat = keyboard->seat;
	struct bulkhead_view *view = seat->focused_view;
	bool pressed = event->state == WL_KEYBOARD_KEY_STATE_PRESSED;

	/* Also for send_key, which reads the keyboard's keymap and state. */
	wlr_seat_set_keyboard(seat->wlr_seat, keyboard->device);
	if (view && view->impl->send_key) {
		view->impl->send_key(view, event->keycode, pressed,
			event->time_msec);
		return;
	}
	wlr_seat_keyboard_notify_key(seat->wlr_seat, event->time_msec,
		event->keycode, event->state);
}

/*
 * Whether the key is Super in the keyboard's own keymap: virtual keyboards
 * such as wtype's number their keys freely, so the keysym tells, not the
 * evdev code.
 */
static bool is_super(struct bulkhead_keyboard *keyboard, uint32_t keycode)
{
	struct wlr_keyboard *wlr_keyboard = keyboard->device->keyboard;
	const xkb_keysym_t *syms;
	int count;

	if (!wlr_keyboard->keymap) {
		return keycode == KEY_LEFTMETA || keycode == KEY_RIGHTMETA;
	}
	count = xkb_keymap_key_get_syms_by_level(wlr_keyboard->keymap,
		keycode + 8, 0, 0, &syms);
	for (int i = 0; i < count; i++) {
		if (syms[i] == XKB_KEY_Super_L || syms[i] == XKB_KEY_Super_R) {
			return true;
		}
	}
	return false;
}

/*
 * A tap of Super alone (pressed and released with no other key between)
 * opens the app grid. Super still reaches the focused client as usual.
 */
static void track_super_tap(struct bulkhead_keyboard *keyboard,
		uint32_t keycode, bool pressed)
{
	if (!is_super(keyboard, keycode)) {
		keyboard->super_tap = false;
		return;
	}
	if (pressed) {
		keyboard->super_tap = true;
		return;
	}
	if (keyboard->super_tap) {
		keyboard->super_tap = false;
		if (!shortcuts_inhibit_is_active(keyboard->seat)) {
			app_grid_toggle(keyboard->seat->server, NULL);
		}
	}
}

/*
 * A pointer button pressed while Super is down makes Super a modifier of
 * that click (Super+drag moves a view), so its release opens no app grid.
 */
void keyboards_cancel_super_tap(struct bulkhead_seat *seat)
{
	struct bulkhead_keyboard *keyboard;

	wl_list_for_each(keyboard, &seat->keyboards, link) {
		keyboard->super_tap = false;
	}
}

/* While the app grid is open it takes every key that no binding takes. */
static void send_to_app_grid(struct bulkhead_keyboard *keyboard,
		struct wlr_event_keyboard_key *event)
{
	struct wlr_keyboard *wlr_keyboard = keyboard->device->keyboard;
	xkb_keycode_t xkb_keycode = event->keycode + 8;
	xkb_keysym_t sym = XKB_KEY_NoSymbol;
	char utf8[16] = "";

	if (wlr_keyboard->xkb_state) {
		sym = xkb_state_key_get_one_sym(wlr_keyboard->xkb_state,
			xkb_keycode);
		xkb_state_key_get_utf8(wlr_keyboard->xkb_state, xkb_keycode,
			utf8, sizeof(utf8));
	}
	app_grid_handle_key(keyboard->seat->server, event->keycode, sym, utf8,
		event->state == WL_KEYBOARD_KEY_STATE_PRESSED);
}

static void handle_key(struct wl_listener *listener, void *data)
{
	struct bulkhead_keyboard *keyboard = wl_container_of(listener, keyboard,
		key);
	struct wlr_event_keyboard_key *event = data;
	struct bulkhead_server *server = keyboard->seat->server;
	bool pressed = event->state == WL_KEYBOARD_KEY_STATE_PRESSED;
	const struct bulkhead_binding *binding;

	idle_notify_activity(keyboard->seat);
	track_super_tap(keyboard, event->keycode, pressed);
	if (!pressed) {
		if (take_consumed(keyboard, event->keycode)) {
			return;
		}
	} else if (!shortcuts_inhibit_is_active(keyboard->seat)) {
		binding = find_binding(keyboard, event->keycode);
		if (binding) {
			add_consumed(keyboard, event->keycode);
			run_binding(keyboard->seat, binding);
			return;
		}
	}
	if (app_grid_is_open(server) && !is_super(keyboard, event->keycode)) {
		send_to_app_grid(keyboard, event);
		return;
	}
	forward_key(keyboard, event);
}

static void handle_modifiers(struct wl_listener *listener, void *data)
{
	struct bulkhead_keyboard *keyboard = wl_container_of(listener, keyboard,
		modifiers);
	struct wlr_seat *wlr_seat = keyboard->seat->wlr_seat;

	wlr_seat_set_keyboard(wlr_seat, keyboard->device);
	wlr_seat_keyboard_notify_modifiers(wlr_seat,
		&keyboard->device->keyboard->modifiers);
}

static void handle_destroy(struct wl_listener *listener, void *data)
{
	struct bulkhead_keyboard *keyboard = wl_container_of(listener, keyboard,
		destroy);
	struct bulkhead_seat *seat = keyboard->seat;

	keyboard_destroy(keyboard);
	seat_update_capabilities(seat);
}

void keyboard_destroy(struct bulkhead_keyboard *keyboard)
{
	wl_list_remove(&keyboard->key.link);
	wl_list_remove(&keyboard->modifiers.link);
	wl_list_remove(&keyboard->destroy.link);
	wl_list_remove(&keyboard->link);
	free(keyboard);
}

void keyboard_create(struct bulkhead_seat *seat,
		struct wlr_input_device *device, bool is_virtual)
{
	struct bulkhead_keyboard *keyboard = calloc(1, sizeof(*keyboard));
	struct wlr_keyboard *wlr_keyboard = device->keyboard;
	struct bulkhead_config *config = seat->server->config;

	keyboard->seat = seat;
	keyboard->device = device;
	keyboard->is_virtual = is_virtual;
	/* A virtual keyboard brings its own keymap; keep it. */
	if (!is_virtual) {
		wlr_keyboard_set_keymap(wlr_keyboard, seat->keymap);
		wlr_keyboard_set_repeat_info(wlr_keyboard, config->repeat_rate,
			config->repeat_delay);
	}

	keyboard->key.notify = handle_key;
	wl_signal_add(&wlr_keyboard->events.key, &keyboard->key);
	keyboard->modifiers.notify = handle_modifiers;
	wl_signal_add(&wlr_keyboard->events.modifiers, &keyboard->modifiers);
	keyboard->destroy.notify = handle_destroy;
	wl_signal_add(&device->events.destroy, &keyboard->destroy);
	wl_list_insert(&seat->keyboards, &keyboard->link);
	wlr_seat_set_keyboard(seat->wlr_seat, device);
	wlr_log(WLR_INFO, "Added %s keyboard %s", is_virtual ? "virtual" :
		"physical", device->name ? device->name : "(unnamed)");
}
