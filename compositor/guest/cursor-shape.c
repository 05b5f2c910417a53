/*
 * The guest's cursor, from the SPICE cursor channels: one per head, with
 * the head's channel id. While the host pointer is over a guest display,
 * the host cursor shows the cursor of that display's head, or nothing
 * when the guest hides it there. With several heads the guest shows its
 * cursor on one of them and hides it on the others.
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

/* The cursor of CHANNEL's head, or NULL for a channel id out of range. */
static struct guest_cursor *cursor_of(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	int id = guest_channel_id(channel);
	if (id < 0 || id >= GUEST_CURSORS_MAX) {
		return NULL;
	}
	return &session->cursors[id];
}

static void apply_image(struct bulkhead_guest_session *session) {
	struct bulkhead_seat *seat = session->vm->server->seat;
	struct bulkhead_guest_display *display = session->pointer_display;
	if (display == NULL || display->channel_id < 0 ||
			display->channel_id >= GUEST_CURSORS_MAX) {
		return;
	}
	const struct guest_cursor *cursor =
		&session->cursors[display->channel_id];
	if (cursor->hidden) {
		wlr_cursor_set_image(seat->cursor, NULL, 0, 0, 0, 0, 0, 0);
	} else if (cursor->pixels != NULL) {
		/* The stride is in bytes, and scale 0 sets every output. */
		wlr_cursor_set_image(seat->cursor,
			(const uint8_t *)cursor->pixels, cursor->width * 4,
			cursor->width, cursor->height, cursor->hot_x,
			cursor->hot_y, 0.0f);
	} else {
		wlr_xcursor_manager_set_cursor_image(seat->xcursor_manager,
			"left_ptr", seat->cursor);
	}
}

/* Whether CHANNEL is the cursor of the head under the host pointer. */
static bool is_pointer_head(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	struct bulkhead_guest_display *display = session->pointer_display;
	return display != NULL &&
		display->channel_id == guest_channel_id(channel);
}

/* Applies the image when CHANNEL is the cursor of the pointer's head. */
static void apply_channel(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	if (is_pointer_head(session, channel)) {
		apply_image(session);
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

static void set_shape(struct bulkhead_guest_session *session,
		struct guest_cursor *cursor, int id, const SpiceCursorShape *shape) {
	/* spice-client-glib hands every shape type out as RGBA bytes. */
	if (shape == NULL || shape->width <= 0 || shape->height <= 0 ||
			shape->width > CURSOR_SIZE_MAX ||
			shape->height > CURSOR_SIZE_MAX || shape->data == NULL) {
		return;
	}
	cursor->pixels = convert_shape(shape);
	cursor->width = shape->width;
	cursor->height = shape->height;
	cursor->hot_x = shape->hot_spot_x;
	cursor->hot_y = shape->hot_spot_y;
	wlr_log(WLR_DEBUG, "%s: head %d: guest cursor %dx%d, hot spot %d,%d",
		guest_session_get_name(session), id, shape->width, shape->height,
		shape->hot_spot_x, shape->hot_spot_y);
}

static void handle_cursor(GObject *object, GParamSpec *pspec,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	SpiceChannel *channel = SPICE_CHANNEL(object);
	struct guest_cursor *cursor = cursor_of(session, channel);
	if (cursor == NULL) {
		return;
	}
	SpiceCursorShape *shape = NULL;
	g_object_get(object, "cursor", &shape, NULL);
	free(cursor->pixels);
	cursor->pixels = NULL;
	set_shape(session, cursor, guest_channel_id(channel), shape);
	if (shape != NULL) {
		g_boxed_free(SPICE_TYPE_CURSOR_SHAPE, shape);
	}
	cursor->hidden = false;
	apply_channel(session, channel);
}

static void handle_cursor_hide(SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	struct guest_cursor *cursor = cursor_of(session, channel);
	if (cursor == NULL) {
		return;
	}
	wlr_log(WLR_DEBUG, "%s: head %d: guest cursor hidden",
		guest_session_get_name(session), guest_channel_id(channel));
	cursor->hidden = true;
	apply_channel(session, channel);
}

static void handle_cursor_reset(SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	struct guest_cursor *cursor = cursor_of(session, channel);
	if (cursor == NULL) {
		return;
	}
	free(cursor->pixels);
	cursor->pixels = NULL;
	cursor->hidden = false;
	apply_channel(session, channel);
}

static void handle_cursor_move(SpiceChannel *channel, gint x, gint y,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	struct guest_cursor *cursor = cursor_of(session, channel);
	if (cursor == NULL) {
		return;
	}
	/* A move also shows a cursor the guest hid before. */
	if (cursor->hidden) {
		cursor->hidden = false;
		apply_channel(session, channel);
	}
	if (is_pointer_head(session, channel)) {
		guest_pointer_follow_guest(session, x, y);
	}
}

void guest_cursor_watch(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	if (cursor_of(session, channel) == NULL) {
		wlr_log(WLR_ERROR, "%s: ignoring SPICE cursor channel %d: "
			"bulkhead shows the cursors of heads 0 to %d only",
			guest_session_get_name(session), guest_channel_id(channel),
			GUEST_CURSORS_MAX - 1);
		return;
	}
	g_signal_connect(channel, "notify::cursor", G_CALLBACK(handle_cursor),
		session);
	g_signal_connect(channel, "cursor-hide",
		G_CALLBACK(handle_cursor_hide), session);
	g_signal_connect(channel, "cursor-reset",
		G_CALLBACK(handle_cursor_reset), session);
	g_signal_connect(channel, "cursor-move",
		G_CALLBACK(handle_cursor_move), session);
}

static void forget(struct guest_cursor *cursor) {
	free(cursor->pixels);
	*cursor = (struct guest_cursor){0};
}

void guest_cursor_clear(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	if (channel != NULL) {
		struct guest_cursor *cursor = cursor_of(session, channel);
		if (cursor != NULL) {
			forget(cursor);
			apply_channel(session, channel);
		}
		return;
	}
	if (session->pointer_display != NULL) {
		guest_cursor_leave(session, session->pointer_display);
	}
	for (int i = 0; i < GUEST_CURSORS_MAX; i++) {
		forget(&session->cursors[i]);
	}
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
