/*
 * Guest display sizes. A size request (interactive resizing, the control
 * protocol) becomes the view's content size at once. With the SPICE agent
 * running in the guest it is also sent as a monitor config, which the
 * guest's session applies as a new mode; until then, and for good without
 * an agent, the guest image is scaled to fit with its aspect ratio kept.
 */
#include <spice-client.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/view.h"
#include "compositor/view/placement.h"

static bool agent_connected(struct bulkhead_guest_session *session) {
	if (session->main_channel == NULL) {
		return false;
	}
	gboolean connected;
	g_object_get(session->main_channel, "agent-connected", &connected,
		NULL);
	return connected;
}

static void content_size(struct bulkhead_guest_display *display, int *width,
		int *height) {
	if (display->requested_width > 0) {
		*width = display->requested_width;
		*height = display->requested_height;
	} else {
		*width = display->image_width;
		*height = display->image_height;
	}
}

void guest_display_layout(struct bulkhead_guest_display *display) {
	int width, height;
	content_size(display, &width, &height);
	if (width <= 0 || height <= 0) {
		return;
	}
	view_set_size(&display->view, width, height);
	wlr_scene_rect_set_size(display->background, width, height);

	display->scale = 1.0;
	display->offset_x = 0;
	display->offset_y = 0;
	if (display->buffer_node == NULL || display->image_width <= 0) {
		return;
	}
	int image_width = display->image_width;
	int image_height = display->image_height;
	if (image_width != width || image_height != height) {
		double scale_x = (double)width / image_width;
		double scale_y = (double)height / image_height;
		display->scale = scale_x < scale_y ? scale_x : scale_y;
		image_width = (int)(display->image_width * display->scale + 0.5);
		image_height = (int)(display->image_height * display->scale + 0.5);
		display->offset_x = (width - image_width) / 2;
		display->offset_y = (height - image_height) / 2;
	}
	if (display->scale != 1.0) {
		if (!guest_scale_show(display, image_width, image_height)) {
			return;
		}
	} else if (display->scaled != NULL) {
		guest_scale_drop(display);
		if (!guest_display_wrap_primary(display)) {
			return;
		}
	}
	wlr_scene_node_set_position(&display->buffer_node->node,
		display->offset_x, display->offset_y);
}

void guest_display_to_guest(struct bulkhead_guest_display *display,
		double sx, double sy, int *x, int *y) {
	double gx = (sx - display->offset_x) / display->scale;
	double gy = (sy - display->offset_y) / display->scale;
	int max_x = display->image_width > 0 ? display->image_width - 1 : 0;
	int max_y = display->image_height > 0 ? display->image_height - 1 : 0;
	*x = gx < 0 ? 0 : (gx > max_x ? max_x : (int)gx);
	*y = gy < 0 ? 0 : (gy > max_y ? max_y : (int)gy);
}

/* Heads are placed left to right in channel order, as one desktop. */
void guest_monitors_send(struct bulkhead_guest_session *session) {
	if (!agent_connected(session)) {
		return;
	}
	int x = 0;
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (!display->enabled) {
			spice_main_channel_update_display_enabled(
				session->main_channel, display->channel_id, FALSE,
				FALSE);
			continue;
		}
		int width, height;
		content_size(display, &width, &height);
		if (width <= 0 || height <= 0) {
			continue;
		}
		spice_main_channel_update_display_enabled(session->main_channel,
			display->channel_id, TRUE, FALSE);
		spice_main_channel_update_display(session->main_channel,
			display->channel_id, x, 0, width, height, FALSE);
		x += width;
	}
	/* update=FALSE above: one config for all heads, sent now. */
	spice_main_channel_send_monitor_config(session->main_channel);
}

void guest_display_request_size(struct bulkhead_view *view, int width,
		int height) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	struct bulkhead_guest_session *session = display->session;
	bool agent = agent_connected(session);
	wlr_log(WLR_INFO, "%s: guest display %d: size %dx%d requested, %s",
		guest_session_get_name(session), display->channel_id, width,
		height, agent ? "sending it to the guest agent" :
		"no guest agent, scaling the image");
	if (width == display->image_width && height == display->image_height) {
		display->requested_width = 0;
		display->requested_height = 0;
	} else {
		display->requested_width = width;
		display->requested_height = height;
	}
	guest_display_layout(display);
	guest_monitors_send(session);
}

bool guest_monitors_disable(struct bulkhead_guest_display *display) {
	struct bulkhead_guest_session *session = display->session;
	if (display->channel_id == 0 || !agent_connected(session)) {
		return false;
	}
	wlr_log(WLR_INFO, "%s: turning guest display %d off",
		guest_session_get_name(session), display->channel_id);
	display->enabled = false;
	guest_display_update_visibility(display);
	guest_monitors_send(session);
	return true;
}

static struct bulkhead_guest_display *first_shown(
		struct bulkhead_guest_session *session) {
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (display->view.mapped) {
			return display;
		}
	}
	return NULL;
}

/*
 * Fits the heads into one row of the output, from where the head shown
 * first sits, and gives the size that fits for heads about to be turned
 * on. The head shown first shrinks to it when it is larger. Without room
 * for a row, new heads get the size of the last head shown.
 */
static void fit_heads(struct bulkhead_guest_session *session, int *width,
		int *height) {
	*width = session->last_width > 0 ? session->last_width : 1024;
	*height = session->last_height > 0 ? session->last_height : 768;
	struct bulkhead_guest_display *first = first_shown(session);
	int count = wl_list_length(&session->displays);
	int row_width, row_height;
	if (first == NULL || first->view.maximized || first->view.fullscreen ||
			!placement_row_size(&first->view, count, &row_width,
				&row_height)) {
		return;
	}
	struct bulkhead_view *view = &first->view;
	*width = MIN(view->width, row_width);
	*height = MIN(view->height, row_height);
	if (*width < view->width || *height < view->height) {
		wlr_log(WLR_INFO, "%s: guest display %d: asking for %dx%d, so "
			"that %d head(s) fit in the output",
			guest_session_get_name(session), first->channel_id,
			*width, *height, count);
		view_request_size(view, *width, *height);
	}
}

/*
 * Once an agent can apply monitor configs, fits the heads into the output
 * and turns every head on, as virt-viewer does.
 */
static void handle_agent_update(SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	if (!agent_connected(session)) {
		return;
	}
	wlr_log(WLR_INFO, "%s: the SPICE agent is connected",
		guest_session_get_name(session));
	int width, height;
	fit_heads(session, &width, &height);
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (display->enabled) {
			continue;
		}
		display->enabled = true;
		if (display->requested_width == 0) {
			display->requested_width = width;
			display->requested_height = height;
			/* The view maps at that size, not at the guest's old one. */
			guest_display_layout(display);
		}
		guest_display_update_visibility(display);
	}
	guest_monitors_send(session);
}

void guest_monitors_watch(struct bulkhead_guest_session *session,
		SpiceChannel *main_channel) {
	g_signal_connect(main_channel, "main-agent-update",
		G_CALLBACK(handle_agent_update), session);
}
