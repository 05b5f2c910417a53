/*
 * keyboard-shortcuts-inhibit for host clients that nest a desktop of their
 * own, such as another compositor or a remote desktop viewer: while such a
 * client's surface has keyboard focus, bulkhead's bindings reach it. The
 * global is privileged, so clients of vm workspaces cannot take the
 * bindings away; the pointer still moves focus elsewhere.
 */
#include <wlr/types/wlr_keyboard_shortcuts_inhibit_v1.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "input-internal.h"

static void handle_new_inhibitor(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		new_shortcuts_inhibitor);
	wlr_log(WLR_DEBUG, "A client asked to inhibit the bindings");
	shortcuts_inhibit_update_focus(seat);
}

void shortcuts_inhibit_update_focus(struct bulkhead_seat *seat)
{
	struct wlr_surface *focused =
		seat->wlr_seat->keyboard_state.focused_surface;
	struct wlr_keyboard_shortcuts_inhibitor_v1 *inhibitor;

	wl_list_for_each(inhibitor, &seat->shortcuts_inhibit_manager->inhibitors,
			link) {
		bool wanted = inhibitor->surface == focused &&
			inhibitor->seat == seat->wlr_seat;

		if (wanted && !inhibitor->active) {
			wlr_keyboard_shortcuts_inhibitor_v1_activate(inhibitor);
		} else if (!wanted && inhibitor->active) {
			wlr_keyboard_shortcuts_inhibitor_v1_deactivate(inhibitor);
		}
	}
}

bool shortcuts_inhibit_is_active(struct bulkhead_seat *seat)
{
	struct wlr_keyboard_shortcuts_inhibitor_v1 *inhibitor;

	wl_list_for_each(inhibitor, &seat->shortcuts_inhibit_manager->inhibitors,
			link) {
		if (inhibitor->active) {
			return true;
		}
	}
	return false;
}

void shortcuts_inhibit_init(struct bulkhead_seat *seat)
{
	seat->shortcuts_inhibit_manager =
		wlr_keyboard_shortcuts_inhibit_v1_create(seat->server->display);
	seat->new_shortcuts_inhibitor.notify = handle_new_inhibitor;
	wl_signal_add(&seat->shortcuts_inhibit_manager->events.new_inhibitor,
		&seat->new_shortcuts_inhibitor);
}

void shortcuts_inhibit_finish(struct bulkhead_seat *seat)
{
	wl_list_remove(&seat->new_shortcuts_inhibitor.link);
}
