/*
 * The guest's cursor, from the SPICE cursor channel. While the host pointer
 * is over a guest display, the host cursor shows the guest's image, or
 * nothing when the guest hides its cursor.
 */
#include <spice-client.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_xcursor_manager.h>
#include <wlr/util/log.h>
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/vm.h"

/* Larger shapes are ignored (SPICE limits a cursor to 512x512 pixels). */
#define CURSOR_SIZE_MAX 512

static void apply_image(struct bulkhead_guest_session *session) {
	struct bulkhead_seat *seat = session->vm->server->seat;
	if (session->pointer_display == NULL) {
		return;
	}
	if (session->cursor_hidden) {
		wlr_cursor_set_image(seat->cursor, NULL, 0, 0, 0, 0, 0, 0);
	} else if (session->cursor_pixels != NULL) {
		/* The stride of wlr_cursor_set_image is in pixels. */
		wlr_cursor_set_image(seat->cursor,
			(const uint8_t *)session->cursor_pixels,
			session->cursor_width, session->cursor_width,
			session->cursor_height, session->cursor_hot_x,
			session->cursor_hot_y, 1.0f);
	} else {
		wlr_xcursor_manager_set_cursor_image(seat->xcursor_manager,
			"left_ptr", seat->cursor);
	}
}

/* Converts SPICE's straight-alpha RGBA bytes to premultiplied ARGB8888. */
static uint32_t *convert_shape(const SpiceCursorShape *shape) {
	size_t count = (size_t)shape->width * shape->height;
	uint32_t *pixels = malloc(count * sizeof(*pixels));
	if (pixels == NULL) {
		return NULL;
	}
	const uint8_t *rgba = shape->data;
	for (size_t i = 0; i < count; i++) {
		uint32_t r = rgba[4 * i], g = rgba[4 * i + 1];
		uint32_t b = rgba[4 * i + 2], a = rgba[4 * i + 3];
		r = r * a / 255;
		g = g * a / 255;
		b = b * a / 255;
		pixels[i] = a << 24 | r << 16 | g << 8 | b;
	}
	return pixels;
}

static void handle_cursor(GObject *object, GParamSpec *pspec,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	SpiceCursorShape *shape = NULL;
	g_object_get(object, "cursor", &shape, NULL);
	free(session->cursor_pixels);
	session->cursor_pixels = NULL;
	/* spice-client-glib hands every shape type out as RGBA bytes. */
	if (shape != NULL && shape->width > 0 && shape->height > 0 &&
			shape->width <= CURSOR_SIZE_MAX &&
			shape->height <= CURSOR_SIZE_MAX && shape->data != NULL) {
		session->cursor_pixels = convert_shape(shape);
		session->cursor_width = shape->width;
		session->cursor_height = shape->height;
		session->cursor_hot_x = shape->hot_spot_x;
		session->cursor_hot_y = shape->hot_spot_y;
		wlr_log(WLR_DEBUG, "%s: guest cursor %dx%d, hot spot %d,%d",
			guest_session_get_name(session), shape->width,
			shape->height, shape->hot_spot_x, shape->hot_spot_y);
	}
	if (shape != NULL) {
		g_boxed_free(SPICE_TYPE_CURSOR_SHAPE, shape);
	}
	session->cursor_hidden = false;
	apply_image(session);
}

static void handle_cursor_hide(SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: guest cursor hidden",
		guest_session_get_name(session));
	session->cursor_hidden = true;
	apply_image(session);
}

static void handle_cursor_reset(SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	free(session->cursor_pixels);
	session->cursor_pixels = NULL;
	session->cursor_hidden = false;
	apply_image(session);
}

static void handle_cursor_move(SpiceChannel *channel, gint x, gint y,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	/* A move also shows a cursor the guest hid before. */
	if (session->cursor_hidden) {
		session->cursor_hidden = false;
		apply_image(session);
	}
	guest_pointer_follow_guest(session, x, y);
}

void guest_cursor_watch(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	session->cursor_channel = SPICE_CURSOR_CHANNEL(channel);
	g_signal_connect(channel, "notify::cursor", G_CALLBACK(handle_cursor),
		session);
	g_signal_connect(channel, "cursor-hide",
		G_CALLBACK(handle_cursor_hide), session);
	g_signal_connect(channel, "cursor-reset",
		G_CALLBACK(handle_cursor_reset), session);
	g_signal_connect(channel, "cursor-move",
		G_CALLBACK(handle_cursor_move), session);
}

void guest_cursor_clear(struct bulkhead_guest_session *session) {
	if (session->pointer_display != NULL) {
		guest_cursor_leave(session, session->pointer_display);
	}
	free(session->cursor_pixels);
	session->cursor_pixels = NULL;
	session->cursor_hidden = false;
	session->cursor_channel = NULL;
}

void guest_cursor_enter(struct bulkhead_guest_session *session,
		struct bulkhead_guest_display *display) {
	session->pointer_display = display;
	apply_image(session);
}

void guest_cursor_leave(struct bulkhead_guest_session *session,
		struct bulkhead_guest_display *display) {
	if (session->pointer_display != display) {
		return;
	}
	/* The seat sets the image of whatever the pointer moved onto. */
	session->pointer_display = NULL;
}
