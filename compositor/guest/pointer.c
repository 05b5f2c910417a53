/*
 * The pointer over a guest display. In SPICE client mouse mode (an agent or
 * an absolute tablet is active in the guest) positions are sent as they
 * are, scaled to guest pixels. In server mode the guest moves its own
 * cursor from relative motion, so a click captures the host pointer; the
 * release-pointer binding, a focus change or the view closing lets it go.
 * The title strip tells which of the three applies.
 */
#include <linux/input-event-codes.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"

/* wl_pointer axis units per discrete wheel step (libinput's 15 degrees). */
#define AXIS_STEP 15.0

static bool is_captured(struct bulkhead_guest_display *display) {
	return display->view.server->seat->pointer_capture == &display->view;
}

/* The release-pointer binding as configured, or NULL when it is unset. */
static const char *release_binding_text(struct bulkhead_server *server) {
	GPtrArray *bindings = server->config->bindings;
	for (guint i = 0; i < bindings->len; i++) {
		const struct bulkhead_binding *binding =
			g_ptr_array_index(bindings, i);
		if (binding->action == BULKHEAD_ACTION_RELEASE_POINTER) {
			return binding->text;
		}
	}
	return NULL;
}

void guest_pointer_update_hint(struct bulkhead_guest_display *display) {
	struct bulkhead_guest_session *session = display->session;
	if (guest_input_is_absolute(session)) {
		view_set_title_hint(&display->view, "pointer: absolute");
		return;
	}
	if (!is_captured(display)) {
		view_set_title_hint(&display->view,
			"pointer: relative, click to capture");
		return;
	}
	const char *binding = release_binding_text(display->view.server);
	char *hint = binding != NULL ?
		g_strdup_printf("pointer captured, %s releases", binding) :
		g_strdup("pointer captured, no release-pointer binding");
	view_set_title_hint(&display->view, hint);
	g_free(hint);
}

void guest_pointer_update_hints(struct bulkhead_guest_session *session) {
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		struct bulkhead_seat *seat = display->view.server->seat;
		if (is_captured(display) && guest_input_is_absolute(session)) {
			/* A tablet or agent came up: no capture needed. */
			seat_release_pointer(seat);
		}
		guest_pointer_update_hint(display);
	}
}

void guest_pointer_motion(struct bulkhead_view *view, double sx, double sy,
		uint32_t time_msec) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	struct bulkhead_guest_session *session = display->session;
	if (session->pointer_display != display) {
		guest_cursor_enter(session, display);
	}
	if (display->buffer_node == NULL ||
			!guest_input_is_absolute(session)) {
		return;
	}
	int x, y;
	guest_display_to_guest(display, sx, sy, &x, &y);
	guest_input_pointer_motion(session, display->channel_id, x, y);
}

void guest_pointer_leave(struct bulkhead_view *view) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	if (is_captured(display)) {
		return;
	}
	guest_cursor_leave(display->session, display);
	guest_pointer_update_hint(display);
}

void guest_pointer_relative(struct bulkhead_view *view, double dx, double dy,
		uint32_t time_msec) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	/* Layout pixels to guest pixels, so the guest cursor keeps pace. */
	guest_input_pointer_relative(display->session, dx / display->scale,
		dy / display->scale);
}

static void capture(struct bulkhead_guest_display *display) {
	struct bulkhead_seat *seat = display->view.server->seat;
	wlr_log(WLR_INFO, "%s: guest display %d captured the pointer",
		guest_session_get_name(display->session), display->channel_id);
	seat_capture_pointer(seat, &display->view);
	guest_pointer_update_hint(display);
}

void guest_pointer_button(struct bulkhead_view *view, uint32_t button,
		bool pressed, uint32_t time_msec) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	struct bulkhead_guest_session *session = display->session;
	if (pressed && !guest_input_is_absolute(session) &&
			!is_captured(display) && session->inputs_ready) {
		/* The click that captures also reaches the guest. */
		capture(display);
	}
	guest_input_pointer_button(session, button, pressed);
}

void guest_pointer_axis(struct bulkhead_view *view, bool vertical,
		double delta, int32_t delta_discrete, uint32_t time_msec) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	if (!vertical) {
		/* SPICE 0.42 inputs carry no horizontal wheel buttons. */
		return;
	}
	int steps = delta_discrete;
	if (steps == 0) {
		steps = (int)(delta / AXIS_STEP);
	}
	guest_input_pointer_scroll(display->session, steps);
}

/*
 * In server mode the guest reports where it drew its cursor; the captured
 * host cursor follows, so it is there when the capture ends.
 */
void guest_pointer_follow_guest(struct bulkhead_guest_session *session,
		int x, int y) {
	struct bulkhead_guest_display *display = session->pointer_display;
	if (display == NULL || !is_captured(display)) {
		return;
	}
	struct bulkhead_view *view = &display->view;
	double lx = view->x + display->offset_x + x * display->scale;
	double ly = view->y + display->offset_y + y * display->scale;
	wlr_cursor_warp(view->server->seat->cursor, NULL, lx, ly);
}
