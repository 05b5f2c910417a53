/*
 * The seat: keyboards (physical and virtual, one binding path for both),
 * the pointer and cursor, keyboard focus and the per-workspace selection.
 */
#ifndef COMPOSITOR_SEAT_H
#define COMPOSITOR_SEAT_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include <wlr/util/box.h>

struct bulkhead_server;
struct bulkhead_view;
struct bulkhead_workspace;

enum seat_grab_mode {
	SEAT_GRAB_NONE,
	SEAT_GRAB_MOVE,
	SEAT_GRAB_RESIZE,
};

struct bulkhead_seat {
	struct bulkhead_server *server;
	struct wlr_seat *wlr_seat;
	struct wlr_cursor *cursor;
	struct wlr_xcursor_manager *xcursor_manager;
	struct xkb_keymap *keymap;	/* from the [keyboard] config */

	struct bulkhead_view *focused_view;
	/* The workspace with keyboard focus; kept when its last view closes. */
	struct bulkhead_workspace *focused_workspace;
	/* The view under the pointer, for views that take pointer hooks. */
	struct bulkhead_view *pointer_view;
	/* The view whose pointer_motion hook ran last, for pointer_leave. */
	struct bulkhead_view *pointer_hook_view;
	/* A view that captured the pointer: it gets relative motion. */
	struct bulkhead_view *pointer_capture;

	/* An interactive move or resize in progress. */
	enum seat_grab_mode grab_mode;
	struct bulkhead_view *grab_view;
	double grab_x, grab_y;		/* cursor position at the start */
	struct wlr_box grab_box;	/* content box at the start */
	uint32_t grab_edges;		/* enum wlr_edges, for a resize */

	struct wlr_relative_pointer_manager_v1 *relative_pointer_manager;
	struct wlr_pointer_constraints_v1 *pointer_constraints;
	/* The constraint of the surface under the pointer, or NULL. */
	struct wlr_pointer_constraint_v1 *active_constraint;
	struct wlr_idle *idle;
	struct wlr_idle_inhibit_manager_v1 *idle_inhibit_manager;
	int idle_inhibitor_count;
	struct wlr_keyboard_shortcuts_inhibit_manager_v1 *shortcuts_inhibit_manager;

	struct wl_list keyboards;	/* bulkhead_keyboard.link */

	struct wl_listener new_input;
	struct wl_listener new_virtual_keyboard;
	struct wl_listener new_virtual_pointer;
	struct wl_listener request_set_cursor;
	struct wl_listener request_set_selection;
	struct wl_listener request_set_primary_selection;
	struct wl_listener request_start_drag;
	struct wl_listener new_constraint;
	struct wl_listener new_idle_inhibitor;
	struct wl_listener new_shortcuts_inhibitor;
	struct wl_listener cursor_motion;
	struct wl_listener cursor_motion_absolute;
	struct wl_listener cursor_button;
	struct wl_listener cursor_axis;
	struct wl_listener cursor_frame;
};

bool seat_init(struct bulkhead_server *server);
void seat_finish(struct bulkhead_server *server);

/* Gives keyboard focus to view and raises it; NULL clears focus. */
void seat_focus_view(struct bulkhead_seat *seat, struct bulkhead_view *view);
/* Moves focus to the next (+1) or previous (-1) workspace with a view. */
bool seat_focus_workspace_step(struct bulkhead_seat *seat, int step);
/* Focuses the workspace's most recent view; false when it has none. */
bool seat_focus_workspace(struct bulkhead_seat *seat,
	struct bulkhead_workspace *workspace);
/* Interactive move and resize, also on a client's request. */
void grab_begin_move(struct bulkhead_seat *seat, struct bulkhead_view *view);
void grab_begin_resize(struct bulkhead_seat *seat, struct bulkhead_view *view,
	uint32_t edges);
void grab_end(struct bulkhead_seat *seat);

/*
 * Sends all pointer motion, buttons and scrolling to view (which must have
 * pointer_relative) until seat_release_pointer; the cursor stays put.
 */
void seat_capture_pointer(struct bulkhead_seat *seat,
	struct bulkhead_view *view);
void seat_release_pointer(struct bulkhead_seat *seat);
/*
 * Gives keyboard focus back to the focused view after compositor UI (the
 * app grid) held it; does nothing when no view is focused.
 */
void seat_refocus(struct bulkhead_seat *seat);
/* Called by views when they unmap or are destroyed. */
void seat_view_unmapped(struct bulkhead_seat *seat, struct bulkhead_view *view);

#endif
