/*
 * Interactive move and resize: started by Super with a left (move) or right
 * (resize) button press on a view, or by a client's xdg move or resize
 * request. While a grab runs, pointer motion goes to it and no client sees
 * the pointer.
 */
#include <linux/input-event-codes.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/edges.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "input-internal.h"

#define MIN_WIDTH 80
#define MIN_HEIGHT 40

static void begin(struct bulkhead_seat *seat, struct bulkhead_view *view,
		enum seat_grab_mode mode, uint32_t edges)
{
	seat->grab_mode = mode;
	seat->grab_view = view;
	seat->grab_edges = edges;
	seat->grab_x = seat->cursor->x;
	seat->grab_y = seat->cursor->y;
	seat->grab_box = (struct wlr_box){ view->x, view->y, view->width,
		view->height };
	wlr_seat_pointer_notify_clear_focus(seat->wlr_seat);
	wlr_log(WLR_DEBUG, "Started to %s view %u", mode == SEAT_GRAB_MOVE ?
		"move" : "resize", view->id);
}

void grab_begin_move(struct bulkhead_seat *seat, struct bulkhead_view *view)
{
	if (view->maximized || view->fullscreen) {
		return;
	}
	begin(seat, view, SEAT_GRAB_MOVE, WLR_EDGE_NONE);
}

void grab_begin_resize(struct bulkhead_seat *seat, struct bulkhead_view *view,
		uint32_t edges)
{
	if (view->maximized || view->fullscreen || edges == WLR_EDGE_NONE) {
		return;
	}
	begin(seat, view, SEAT_GRAB_RESIZE, edges);
}

/* The edges nearest to the pointer, for a resize started with Super. */
uint32_t grab_edges_at(struct bulkhead_view *view, double lx, double ly)
{
	uint32_t edges = 0;

	edges |= lx < view->x + view->width / 2.0 ? WLR_EDGE_LEFT :
		WLR_EDGE_RIGHT;
	edges |= ly < view->y + view->height / 2.0 ? WLR_EDGE_TOP :
		WLR_EDGE_BOTTOM;
	return edges;
}

static void update_resize(struct bulkhead_seat *seat, int dx, int dy)
{
	struct wlr_box box = seat->grab_box;
	uint32_t edges = seat->grab_edges;

	if (edges & WLR_EDGE_LEFT) {
		box.width = MAX(MIN_WIDTH, box.width - dx);
		box.x = seat->grab_box.x + seat->grab_box.width - box.width;
	} else if (edges & WLR_EDGE_RIGHT) {
		box.width = MAX(MIN_WIDTH, box.width + dx);
	}
	if (edges & WLR_EDGE_TOP) {
		box.height = MAX(MIN_HEIGHT, box.height - dy);
		box.y = seat->grab_box.y + seat->grab_box.height - box.height;
	} else if (edges & WLR_EDGE_BOTTOM) {
		box.height = MAX(MIN_HEIGHT, box.height + dy);
	}
	view_move(seat->grab_view, box.x, box.y);
	view_request_size(seat->grab_view, box.width, box.height);
}

bool grab_handle_motion(struct bulkhead_seat *seat)
{
	int dx = (int)(seat->cursor->x - seat->grab_x);
	int dy = (int)(seat->cursor->y - seat->grab_y);

	switch (seat->grab_mode) {
	case SEAT_GRAB_NONE:
		return false;
	case SEAT_GRAB_MOVE:
		view_move(seat->grab_view, seat->grab_box.x + dx,
			seat->grab_box.y + dy);
		return true;
	case SEAT_GRAB_RESIZE:
		update_resize(seat, dx, dy);
		return true;
	}
	return false;
}

void grab_end(struct bulkhead_seat *seat)
{
	if (seat->grab_mode == SEAT_GRAB_NONE) {
		return;
	}
	seat->grab_mode = SEAT_GRAB_NONE;
	seat->grab_view = NULL;
	cursor_update_focus(seat, 0);
}

/* Super with the left or right button starts a move or a resize. */
bool grab_handle_button(struct bulkhead_seat *seat, struct bulkhead_view *view,
		uint32_t button, bool pressed)
{
	struct wlr_keyboard *keyboard = wlr_seat_get_keyboard(seat->wlr_seat);
	bool super = keyboard &&
		(wlr_keyboard_get_modifiers(keyboard) & WLR_MODIFIER_LOGO);

	if (seat->grab_mode != SEAT_GRAB_NONE) {
		if (!pressed) {
			grab_end(seat);
		}
		return true;
	}
	if (!pressed || !super || !view) {
		return false;
	}
	if (button == BTN_LEFT) {
		grab_begin_move(seat, view);
	} else if (button == BTN_RIGHT) {
		grab_begin_resize(seat, view, grab_edges_at(view,
			seat->cursor->x, seat->cursor->y));
	} else {
		return false;
	}
	return true;
}
