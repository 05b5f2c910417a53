#include <drm_fourcc.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/buffer.h"
#include "compositor/view.h"
#include "compositor/vm.h"

#define GUEST_APP_ID "bulkhead-guest"

static const float background_color[4] = { 0.0f, 0.0f, 0.0f, 1.0f };

struct bulkhead_guest_display *guest_display_from_view(
		struct bulkhead_view *view) {
	struct bulkhead_guest_display *display =
		wl_container_of(view, display, view);
	return display;
}

static void guest_display_set_activated(struct bulkhead_view *view,
		bool activated) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	struct bulkhead_seat *seat = view->server->seat;
	/* The seat calls release_keys when focus leaves. */
	if (activated) {
		guest_input_sync_locks(display->session);
	} else if (seat->pointer_capture == view) {
		seat_release_pointer(seat);
	}
}

static void guest_display_close(struct bulkhead_view *view) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	if (display->channel_id == 0) {
		guest_session_request_shutdown(display->session);
		return;
	}
	if (!guest_monitors_disable(display)) {
		wlr_log(WLR_INFO, "%s: guest display %d stays open: turning a "
			"head off needs the SPICE agent in the guest",
			guest_session_get_name(display->session),
			display->channel_id);
	}
}

static struct wlr_surface *guest_display_get_surface(
		struct bulkhead_view *view) {
	return NULL;
}

static void guest_display_send_key(struct bulkhead_view *view,
		uint32_t keycode, bool pressed, uint32_t time_msec) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	struct bulkhead_seat *seat = view->server->seat;
	struct wlr_keyboard *keyboard = seat->wlr_seat != NULL ?
		wlr_seat_get_keyboard(seat->wlr_seat) : NULL;
	/* Keyboards with the seat's keymap send their PC scancodes as they are. */
	if (keyboard != NULL && keyboard->keymap != NULL &&
			guest_keysym_is_foreign(display->session,
				keyboard->keymap)) {
		guest_keysym_send_key(display->session, keyboard, keycode,
			pressed);
		return;
	}
	guest_input_send_key(display->session, keycode, pressed);
}

static void guest_display_release_keys(struct bulkhead_view *view) {
	struct bulkhead_guest_display *display = guest_display_from_view(view);
	guest_keysym_release_all(display->session);
	guest_input_release_keys(display->session);
}

static const struct bulkhead_view_impl guest_display_impl = {
	.set_activated = guest_display_set_activated,
	.close = guest_display_close,
	.get_surface = guest_display_get_surface,
	.send_key = guest_display_send_key,
	.release_keys = guest_display_release_keys,
	.request_size = guest_display_request_size,
	.pointer_motion = guest_pointer_motion,
	.pointer_button = guest_pointer_button,
	.pointer_axis = guest_pointer_axis,
	.pointer_leave = guest_pointer_leave,
	.pointer_relative = guest_pointer_relative,
};

static bool drm_format_from_spice(enum SpiceSurfaceFmt format,
		uint32_t *drm_format) {
	switch (format) {
	case SPICE_SURFACE_FMT_32_xRGB:
	case SPICE_SURFACE_FMT_32_ARGB:
		/* A primary surface is opaque, so its alpha byte is ignored. */
		*drm_format = DRM_FORMAT_XRGB8888;
		return true;
	case SPICE_SURFACE_FMT_16_565:
		*drm_format = DRM_FORMAT_RGB565;
		return true;
	default:
		return false;
	}
}

static void map_view(struct bulkhead_guest_display *display) {
	struct bulkhead_guest_session *session = display->session;
	wlr_log(WLR_INFO, "%s: showing guest display %d (%dx%d)",
		guest_session_get_name(session), display->channel_id,
		display->view.width, display->view.height);
	/*
	 * The placeholder goes first, so that head 0 is placed in the room it
	 * leaves: the same spot when the screen fits there, else one where the
	 * screen fits, at a size that does.
	 */
	guest_placeholder_destroy(session);
	view_map(&display->view);
	guest_pointer_update_hint(display);
}

/*
 * Maps the view once the guest image exists, the guest marked it and the
 * head is enabled, and unmaps a head the guest turned off.
 */
void guest_display_update_visibility(struct bulkhead_guest_display *display) {
	bool shown = display->buffer_node != NULL && display->marked &&
		display->enabled;
	if (display->buffer_node != NULL) {
		wlr_scene_node_set_enabled(&display->buffer_node->node,
			display->marked);
	}
	if (shown && !display->view.mapped) {
		map_view(display);
	} else if (!shown && display->view.mapped && !display->enabled) {
		wlr_log(WLR_INFO, "%s: hiding guest display %d, which the guest "
			"turned off", guest_session_get_name(display->session),
			display->channel_id);
		view_unmap(&display->view);
	}
}

static void drop_buffer_node(struct bulkhead_guest_display *display) {
	if (display->buffer_node == NULL) {
		return;
	}
	/* The node holds the last lock, so this also destroys the buffer. */
	wlr_scene_node_destroy(&display->buffer_node->node);
	display->buffer_node = NULL;
}

bool guest_display_set_node(struct bulkhead_guest_display *display,
		struct bulkhead_buffer *buffer) {
	drop_buffer_node(display);
	display->buffer_node = wlr_scene_buffer_create(
		&display->view.content_tree->node, &buffer->base);
	/* The node keeps its own lock on the buffer. */
	wlr_buffer_drop(&buffer->base);
	if (display->buffer_node == NULL) {
		wlr_log(WLR_ERROR, "%s: display %d: failed to create the scene "
			"node", guest_session_get_name(display->session),
			display->channel_id);
		return false;
	}
	display->buffer_node->node.data = display;
	wlr_scene_node_set_enabled(&display->buffer_node->node,
		display->marked);
	return true;
}

bool guest_display_wrap_primary(struct bulkhead_guest_display *display) {
	struct bulkhead_buffer *buffer = buffer_wrap(display->primary_data,
		display->image_width, display->image_height,
		(size_t)display->primary_stride, display->primary_format);
	if (buffer == NULL) {
		wlr_log(WLR_ERROR, "%s: display %d: failed to wrap the primary "
			"surface", guest_session_get_name(display->session),
			display->channel_id);
		return false;
	}
	return guest_display_set_node(display, buffer);
}

static void handle_primary_create(SpiceChannel *channel, gint format,
		gint width, gint height, gint stride, gint shmid, gpointer data,
		gpointer user_data) {
	struct bulkhead_guest_display *display = user_data;
	const char *name = guest_session_get_name(display->session);
	wlr_log(WLR_DEBUG, "%s: display %d: primary surface %dx%d, "
		"format %d, stride %d", name, display->channel_id, width, height,
		format, stride);

	/* wlroots 0.15 cannot swap a buffer node's buffer, so start anew. */
	drop_buffer_node(display);

	uint32_t drm_format;
	if (!drm_format_from_spice(format, &drm_format)) {
		wlr_log(WLR_ERROR, "%s: display %d: unsupported SPICE surface "
			"format %d; the display stays black", name,
			display->channel_id, format);
		return;
	}
	if (width <= 0 || height <= 0 || stride <= 0 || data == NULL) {
		wlr_log(WLR_ERROR, "%s: display %d: invalid primary surface "
			"%dx%d, stride %d", name, display->channel_id, width,
			height, stride);
		return;
	}

	display->primary_data = data;
	display->primary_stride = stride;
	display->primary_format = drm_format;
	display->image_width = width;
	display->image_height = height;
	guest_scale_drop(display);
	if (!guest_display_wrap_primary(display)) {
		return;
	}

	if (display->requested_width == width &&
			display->requested_height == height) {
		/* The guest applied the size asked for. */
		display->requested_width = 0;
		display->requested_height = 0;
	}
	if (display->channel_id == 0) {
		display->session->last_width = width;
		display->session->last_height = height;
	}
	guest_display_layout(display);
	guest_display_update_visibility(display);
}

static void handle_primary_destroy(SpiceChannel *channel,
		gpointer user_data) {
	struct bulkhead_guest_display *display = user_data;
	wlr_log(WLR_DEBUG, "%s: display %d: primary surface destroyed",
		guest_session_get_name(display->session), display->channel_id);
	drop_buffer_node(display);
	guest_scale_drop(display);
	display->primary_data = NULL;
}

static void handle_invalidate(SpiceChannel *channel, gint x, gint y,
		gint width, gint height, gpointer user_data) {
	struct bulkhead_guest_display *display = user_data;
	wlr_log(WLR_DEBUG, "%s: display %d: invalidate %d,%d %dx%d "
		"at %" G_GINT64_FORMAT " us (real time)",
		guest_session_get_name(display->session), display->channel_id,
		x, y, width, height, g_get_real_time());
	if (display->buffer_node == NULL || !display->marked) {
		return;
	}
	if (display->scaled == NULL) {
		buffer_node_damage(display->view.server->scene,
			display->buffer_node, x, y, width, height);
		return;
	}
	guest_scale_update(display, x, y, width, height);
}

static void handle_mark(SpiceChannel *channel, gboolean mark,
		gpointer user_data) {
	struct bulkhead_guest_display *display = user_data;
	wlr_log(WLR_DEBUG, "%s: display %d: mark %s",
		guest_session_get_name(display->session), display->channel_id,
		mark ? "true" : "false");
	display->marked = mark;
	guest_display_update_visibility(display);
}

static void set_title(struct bulkhead_guest_display *display) {
	char *title = g_strdup_printf("%s: screen %d",
		guest_session_get_name(display->session),
		display->channel_id + 1);
	view_set_title(&display->view, title);
	g_free(title);
}

struct bulkhead_guest_display *guest_display_create(
		struct bulkhead_guest_session *session, SpiceChannel *channel) {
	struct bulkhead_vm *vm = session->vm;
	struct bulkhead_guest_display *display = calloc(1, sizeof(*display));
	if (display == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to allocate a guest display",
			guest_session_get_name(session));
		return NULL;
	}
	display->session = session;
	display->channel = g_object_ref(channel);
	g_object_get(channel, "channel-id", &display->channel_id, NULL);
	display->enabled = display->channel_id == 0;
	display->scale = 1.0;

	view_init(&display->view, vm->server, BULKHEAD_VIEW_GUEST_DISPLAY,
		vm->workspace, &guest_display_impl);
	set_title(display);
	view_set_app_id(&display->view, GUEST_APP_ID);
	display->background = wlr_scene_rect_create(
		&display->view.content_tree->node, 0, 0, background_color);

	g_signal_connect(channel, "display-primary-create",
		G_CALLBACK(handle_primary_create), display);
	g_signal_connect(channel, "display-primary-destroy",
		G_CALLBACK(handle_primary_destroy), display);
	g_signal_connect(channel, "display-invalidate",
		G_CALLBACK(handle_invalidate), display);
	g_signal_connect(channel, "display-mark",
		G_CALLBACK(handle_mark), display);

	wl_list_insert(session->displays.prev, &display->link);
	return display;
}

void guest_display_destroy(struct bulkhead_guest_display *display) {
	wlr_log(WLR_DEBUG, "%s: closing guest display %d",
		guest_session_get_name(display->session), display->channel_id);
	g_signal_handlers_disconnect_by_data(display->channel, display);
	wl_list_remove(&display->link);
	if (display->session->pointer_display == display) {
		guest_cursor_leave(display->session, display);
	}

	if (display->view.mapped) {
		view_unmap(&display->view);
	}
	drop_buffer_node(display);
	guest_scale_drop(display);
	view_finish(&display->view);
	g_object_unref(display->channel);
	free(display);
}

struct bulkhead_guest_display *guest_display_from_channel(
		struct bulkhead_guest_session *session, SpiceChannel *channel) {
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (display->channel == channel) {
			return display;
		}
	}
	return NULL;
}
