#include <stdlib.h>
#include <wlr/backend.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_input_device.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/types/wlr_virtual_keyboard_v1.h>
#include <wlr/types/wlr_virtual_pointer_v1.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"
#include "compositor/workspace.h"
#include "input-internal.h"

void seat_update_capabilities(struct bulkhead_seat *seat)
{
	uint32_t caps = WL_SEAT_CAPABILITY_POINTER;

	if (!wl_list_empty(&seat->keyboards)) {
		caps |= WL_SEAT_CAPABILITY_KEYBOARD;
	}
	wlr_seat_set_capabilities(seat->wlr_seat, caps);
}

static void handle_new_input(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat, new_input);
	struct wlr_input_device *device = data;

	switch (device->type) {
	case WLR_INPUT_DEVICE_KEYBOARD:
		keyboard_create(seat, device, false);
		break;
	case WLR_INPUT_DEVICE_POINTER:
		wlr_cursor_attach_input_device(seat->cursor, device);
		break;
	default:
		break;
	}
	seat_update_capabilities(seat);
}

static void handle_new_virtual_keyboard(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		new_virtual_keyboard);
	struct wlr_virtual_keyboard_v1 *keyboard = data;

	keyboard_create(seat, &keyboard->input_device, true);
	seat_update_capabilities(seat);
}

static void handle_new_virtual_pointer(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		new_virtual_pointer);
	struct wlr_virtual_pointer_v1_new_pointer_event *event = data;

	wlr_cursor_attach_input_device(seat->cursor,
		&event->new_pointer->input_device);
}

bool seat_init(struct bulkhead_server *server)
{
	struct bulkhead_seat *seat = calloc(1, sizeof(*seat));

	server->seat = seat;
	seat->server = server;
	wl_list_init(&seat->keyboards);
	seat->wlr_seat = wlr_seat_create(server->display, "seat0");
	if (!keyboard_compile_keymap(seat)) {
		return false;
	}
	cursor_init(seat);
	selection_init(seat);
	constraints_init(seat);
	idle_init(seat);
	shortcuts_inhibit_init(seat);

	seat->new_input.notify = handle_new_input;
	wl_signal_add(&server->backend->events.new_input, &seat->new_input);
	seat->new_virtual_keyboard.notify = handle_new_virtual_keyboard;
	wl_signal_add(&server->virtual_keyboard_manager->events
		.new_virtual_keyboard, &seat->new_virtual_keyboard);
	seat->new_virtual_pointer.notify = handle_new_virtual_pointer;
	wl_signal_add(&server->virtual_pointer_manager->events
		.new_virtual_pointer, &seat->new_virtual_pointer);
	seat_update_capabilities(seat);
	return true;
}

void seat_finish(struct bulkhead_server *server)
{
	struct bulkhead_seat *seat = server->seat;
	struct bulkhead_keyboard *keyboard, *tmp;

	if (!seat) {
		return;
	}
	wl_list_for_each_safe(keyboard, tmp, &seat->keyboards, link) {
		keyboard_destroy(keyboard);
	}
	wl_list_remove(&seat->new_input.link);
	wl_list_remove(&seat->new_virtual_keyboard.link);
	wl_list_remove(&seat->new_virtual_pointer.link);
	shortcuts_inhibit_finish(seat);
	idle_finish(seat);
	constraints_finish(seat);
	selection_finish(seat);
	cursor_finish(seat);
	xkb_keymap_unref(seat->keymap);
	free(seat);
	server->seat = NULL;
}

static void deactivate(struct bulkhead_view *view)
{
	view->activated = false;
	view->impl->set_activated(view, false);
	if (view->impl->release_keys) {
		view->impl->release_keys(view);
	}
	view_update_frame(view);
}

static void enter_keyboard_focus(struct bulkhead_seat *seat,
		struct bulkhead_view *view)
{
	struct wlr_surface *surface = view->impl->get_surface(view);
	struct wlr_keyboard *keyboard = wlr_seat_get_keyboard(seat->wlr_seat);

	/* A guest display takes keys itself; no host client may see them. */
	if (!surface) {
		wlr_seat_keyboard_notify_clear_focus(seat->wlr_seat);
		return;
	}
	if (keyboard) {
		wlr_seat_keyboard_notify_enter(seat->wlr_seat, surface,
			keyboard->keycodes, keyboard->num_keycodes,
			&keyboard->modifiers);
	} else {
		wlr_seat_keyboard_notify_enter(seat->wlr_seat, surface, NULL, 0,
			NULL);
	}
}

void seat_focus_view(struct bulkhead_seat *seat, struct bulkhead_view *view)
{
	struct bulkhead_view *previous = seat->focused_view;

	if (view && !view->mapped) {
		return;
	}
	if (view && view->minimized) {
		view_set_minimized(view, false);
	}
	if (view) {
		view_set_urgent(view, false);
	}
	if (previous && previous != view) {
		deactivate(previous);
	}
	seat->focused_view = view;
	panels_schedule_redraw(seat->server);
	if (!view) {
		wlr_seat_keyboard_notify_clear_focus(seat->wlr_seat);
		shortcuts_inhibit_update_focus(seat);
		return;
	}
	view->focus_sequence = ++seat->server->focus_sequence;
	seat->focused_workspace = view->workspace;
	view_raise(view);
	if (previous == view) {
		return;
	}
	view->activated = true;
	view->impl->set_activated(view, true);
	view_update_frame(view);
	/*
	 * Leave the old client before the selection changes, and change it
	 * before the enter, so that no client is ever sent the selection of
	 * another workspace.
	 */
	wlr_seat_keyboard_notify_clear_focus(seat->wlr_seat);
	selection_enter_workspace(seat, view->workspace);
	enter_keyboard_focus(seat, view);
	shortcuts_inhibit_update_focus(seat);
	wlr_log(WLR_DEBUG, "Focused view %u in workspace %s", view->id,
		view->workspace->name);
}

void seat_refocus(struct bulkhead_seat *seat)
{
	struct bulkhead_view *view = seat->focused_view;

	if (!view || !view->mapped) {
		return;
	}
	wlr_seat_keyboard_notify_clear_focus(seat->wlr_seat);
	selection_enter_workspace(seat, view->workspace);
	enter_keyboard_focus(seat, view);
}

bool seat_focus_workspace(struct bulkhead_seat *seat,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_view *view = workspace_get_recent_view(workspace);

	if (!view) {
		return false;
	}
	seat_focus_view(seat, view);
	return true;
}

bool seat_focus_workspace_step(struct bulkhead_seat *seat, int step)
{
	struct wl_list *workspaces = &seat->server->workspaces;
	struct bulkhead_workspace *current = seat->focused_workspace ?
		seat->focused_workspace : seat->server->default_workspace;
	struct wl_list *link = &current->link;
	int count = wl_list_length(workspaces);

	for (int i = 1; i < count; i++) {
		struct bulkhead_workspace *workspace;

		do {
			link = step > 0 ? link->next : link->prev;
		} while (link == workspaces);
		workspace = wl_container_of(link, workspace, link);
		if (seat_focus_workspace(seat, workspace)) {
			return true;
		}
	}
	return false;
}

/*
 * The most recently focused visible view, of one workspace or of any when
 * workspace is NULL.
 */
static struct bulkhead_view *most_recent_visible_view(
		struct bulkhead_server *server,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_view *view, *best = NULL;

	wl_list_for_each(view, &server->views, link) {
		if (!view_is_visible(view) ||
				(workspace && view->workspace != workspace)) {
			continue;
		}
		if (!best || view->focus_sequence >= best->focus_sequence) {
			best = view;
		}
	}
	return best;
}

void seat_view_unmapped(struct bulkhead_seat *seat, struct bulkhead_view *view)
{
	struct bulkhead_view *next;

	if (seat->pointer_view == view) {
		seat->pointer_view = NULL;
	}
	if (seat->pointer_hook_view == view) {
		seat->pointer_hook_view = NULL;
	}
	if (seat->pointer_capture == view) {
		seat_release_pointer(seat);
	}
	if (seat->grab_view == view) {
		grab_end(seat);
	}
	if (seat->focused_view != view) {
		return;
	}
	if (view->impl->release_keys) {
		view->impl->release_keys(view);
	}
	seat->focused_view = NULL;
	next = most_recent_visible_view(seat->server, view->workspace);
	if (!next) {
		next = most_recent_visible_view(seat->server, NULL);
	}
	seat_focus_view(seat, next);
}
