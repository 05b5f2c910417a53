/* The pointer: motion, click to focus, buttons and scrolling. */
#include <time.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_pointer.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/types/wlr_xcursor_manager.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/app_grid.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"
#include "input-internal.h"

static void set_default_image(struct bulkhead_seat *seat)
{
	wlr_xcursor_manager_set_cursor_image(seat->xcursor_manager, "left_ptr",
		seat->cursor);
}

/* Tells the view that last took pointer_motion that the pointer left. */
static void leave_hook_view(struct bulkhead_seat *seat,
		struct bulkhead_view *next)
{
	struct bulkhead_view *view = seat->pointer_hook_view;

	if (!view || view == next) {
		return;
	}
	seat->pointer_hook_view = NULL;
	if (view->impl->pointer_leave) {
		view->impl->pointer_leave(view);
	}
}

void seat_capture_pointer(struct bulkhead_seat *seat,
		struct bulkhead_view *view)
{
	seat->pointer_capture = view;
}

void seat_release_pointer(struct bulkhead_seat *seat)
{
	struct bulkhead_view *view = seat->pointer_capture;

	seat->pointer_capture = NULL;
	if (view && view->impl->pointer_leave) {
		view->impl->pointer_leave(view);
	}
}

/* Sends pointer enter and motion to whatever is under the cursor. */
static void process_motion(struct bulkhead_seat *seat, uint32_t time_msec)
{
	struct wlr_surface *surface;
	double sx, sy;
	struct bulkhead_view *view;

	if (grab_handle_motion(seat)) {
		return;
	}
	if (app_grid_is_open(seat->server)) {
		/* The grid covers the views; no client may see the pointer. */
		wlr_seat_pointer_notify_clear_focus(seat->wlr_seat);
		set_default_image(seat);
		app_grid_handle_motion(seat->server, seat->cursor->x,
			seat->cursor->y);
		return;
	}
	view = view_at(seat->server, seat->cursor->x, seat->cursor->y,
		&surface, &sx, &sy);
	seat->pointer_view = view;
	if (surface) {
		wlr_seat_pointer_notify_enter(seat->wlr_seat, surface, sx, sy);
		wlr_seat_pointer_notify_motion(seat->wlr_seat, time_msec, sx, sy);
		constraints_update_focus(seat);
		return;
	}
	wlr_seat_pointer_notify_clear_focus(seat->wlr_seat);
	constraints_update_focus(seat);
	if (view && view->impl->pointer_motion && sx >= 0 && sy >= 0 &&
			sx < view->width && sy < view->height) {
		/* Such a view sets its own cursor image. */
		leave_hook_view(seat, view);
		seat->pointer_hook_view = view;
		view->impl->pointer_motion(view, sx, sy, time_msec);
		return;
	}
	leave_hook_view(seat, NULL);
	set_default_image(seat);
}

void cursor_update_focus(struct bulkhead_seat *seat, uint32_t time_msec)
{
	process_motion(seat, time_msec);
}

static void handle_motion(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		cursor_motion);
	struct wlr_event_pointer_motion *event = data;
	struct bulkhead_view *capture = seat->pointer_capture;
	struct wlr_surface *surface;
	double sx, sy;

	idle_notify_activity(seat);
	if (capture) {
		capture->impl->pointer_relative(capture, event->delta_x,
			event->delta_y, event->time_msec);
		return;
	}
	constraints_send_relative_motion(seat, event->time_msec,
		event->delta_x, event->delta_y, event->unaccel_dx,
		event->unaccel_dy);
	view_at(seat->server, seat->cursor->x, seat->cursor->y, &surface,
		&sx, &sy);
	if (!constraints_allow_motion(seat, event->delta_x, event->delta_y,
			sx, sy)) {
		return;
	}
	wlr_cursor_move(seat->cursor, event->device, event->delta_x,
		event->delta_y);
	process_motion(seat, event->time_msec);
}

static void handle_motion_absolute(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		cursor_motion_absolute);
	struct wlr_event_pointer_motion_absolute *event = data;
	struct bulkhead_view *capture = seat->pointer_capture;
	double lx, ly;

	idle_notify_activity(seat);
	if (capture) {
		/* The step from the cursor, which the captor moves itself. */
		wlr_cursor_absolute_to_layout_coords(seat->cursor,
			event->device, event->x, event->y, &lx, &ly);
		capture->impl->pointer_relative(capture, lx - seat->cursor->x,
			ly - seat->cursor->y, event->time_msec);
		return;
	}
	wlr_cursor_warp_absolute(seat->cursor, event->device, event->x,
		event->y);
	process_motion(seat, event->time_msec);
}

static void handle_button(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		cursor_button);
	struct wlr_event_pointer_button *event = data;
	bool pressed = event->state == WLR_BUTTON_PRESSED;
	struct bulkhead_view *view;
	struct wlr_surface *surface;
	double sx, sy;

	idle_notify_activity(seat);
	if (pressed) {
		keyboards_cancel_super_tap(seat);
	}
	if (seat->pointer_capture) {
		view = seat->pointer_capture;
		view->impl->pointer_button(view, event->button, pressed,
			event->time_msec);
		return;
	}
	if (panels_handle_button(seat->server, seat->cursor->x,
			seat->cursor->y, event->button, pressed)) {
		return;
	}
	if (app_grid_is_open(seat->server)) {
		app_grid_handle_button(seat->server, seat->cursor->x,
			seat->cursor->y, event->button, pressed);
		return;
	}
	view = view_at(seat->server, seat->cursor->x, seat->cursor->y,
		&surface, &sx, &sy);
	if (pressed && view && view != seat->focused_view) {
		seat_focus_view(seat, view);
	}
	if (grab_handle_button(seat, view, event->button, pressed)) {
		return;
	}
	if (!surface && view && view->impl->pointer_button) {
		view->impl->pointer_button(view, event->button, pressed,
			event->time_msec);
		return;
	}
	wlr_seat_pointer_notify_button(seat->wlr_seat, event->time_msec,
		event->button, event->state);
}

static void handle_axis(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		cursor_axis);
	struct wlr_event_pointer_axis *event = data;
	struct bulkhead_view *view = seat->pointer_capture ?
		seat->pointer_capture : seat->pointer_hook_view;

	if (view && view->impl->pointer_axis) {
		view->impl->pointer_axis(view,
			event->orientation == WLR_AXIS_ORIENTATION_VERTICAL,
			event->delta, event->delta_discrete, event->time_msec);
		return;
	}
	wlr_seat_pointer_notify_axis(seat->wlr_seat, event->time_msec,
		event->orientation, event->delta, event->delta_discrete,
		event->source);
}

static void handle_frame(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		cursor_frame);

	wlr_seat_pointer_notify_frame(seat->wlr_seat);
}

static void handle_request_set_cursor(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		request_set_cursor);
	struct wlr_seat_pointer_request_set_cursor_event *event = data;

	/* Only the client under the pointer may set the cursor image. */
	if (seat->wlr_seat->pointer_state.focused_client == event->seat_client) {
		wlr_cursor_set_surface(seat->cursor, event->surface,
			event->hotspot_x, event->hotspot_y);
	}
}

void cursor_init(struct bulkhead_seat *seat)
{
	struct bulkhead_server *server = seat->server;

	seat->cursor = wlr_cursor_create();
	wlr_cursor_attach_output_layout(seat->cursor, server->output_layout);
	seat->xcursor_manager = wlr_xcursor_manager_create(NULL, 24);
	wlr_xcursor_manager_load(seat->xcursor_manager, 1);

	seat->cursor_motion.notify = handle_motion;
	wl_signal_add(&seat->cursor->events.motion, &seat->cursor_motion);
	seat->cursor_motion_absolute.notify = handle_motion_absolute;
	wl_signal_add(&seat->cursor->events.motion_absolute,
		&seat->cursor_motion_absolute);
	seat->cursor_button.notify = handle_button;
	wl_signal_add(&seat->cursor->events.button, &seat->cursor_button);
	seat->cursor_axis.notify = handle_axis;
	wl_signal_add(&seat->cursor->events.axis, &seat->cursor_axis);
	seat->cursor_frame.notify = handle_frame;
	wl_signal_add(&seat->cursor->events.frame, &seat->cursor_frame);
	seat->request_set_cursor.notify = handle_request_set_cursor;
	wl_signal_add(&seat->wlr_seat->events.request_set_cursor,
		&seat->request_set_cursor);
}

void cursor_finish(struct bulkhead_seat *seat)
{
	wl_list_remove(&seat->cursor_motion.link);
	wl_list_remove(&seat->cursor_motion_absolute.link);
	wl_list_remove(&seat->cursor_button.link);
	wl_list_remove(&seat->cursor_axis.link);
	wl_list_remove(&seat->cursor_frame.link);
	wl_list_remove(&seat->request_set_cursor.link);
	wlr_xcursor_manager_destroy(seat->xcursor_manager);
	wlr_cursor_destroy(seat->cursor);
}
