#include <glib.h>
#include <spice-client.h>
#include <wlr/util/log.h>
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/vm.h"

const char *guest_channel_type_name(SpiceChannel *channel) {
	int type;
	g_object_get(channel, "channel-type", &type, NULL);
	return spice_channel_type_to_string(type);
}

int guest_channel_id(SpiceChannel *channel) {
	int id;
	g_object_get(channel, "channel-id", &id, NULL);
	return id;
}

/* spice-client-glib requests a socket for each channel but the main one. */
static void handle_open_fd(SpiceChannel *channel, gint with_tls,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	if (SPICE_IS_RECORD_CHANNEL(channel)) {
		/* The host's microphone is never offered to a guest. */
		wlr_log(WLR_DEBUG, "%s: SPICE record channel gets no socket",
			guest_session_get_name(session));
		return;
	}
	wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d requests a socket",
		guest_session_get_name(session), guest_channel_type_name(channel),
		guest_channel_id(channel));
	guest_session_open_channel_fd(session, channel);
}

/* Gives the guest the host's lock keys when one of its views has focus. */
static void sync_focused_locks(struct bulkhead_guest_session *session) {
	struct bulkhead_view *focused = session->vm->server->seat->focused_view;
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (&display->view == focused) {
			guest_input_sync_locks(session);
			return;
		}
	}
}

static void handle_channel_event(SpiceChannel *channel,
		SpiceChannelEvent event, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	const char *name = guest_session_get_name(session);
	bool is_main = SPICE_IS_MAIN_CHANNEL(channel);
	bool is_inputs = SPICE_IS_INPUTS_CHANNEL(channel);

	if (event == SPICE_CHANNEL_OPENED) {
		wlr_log(is_main ? WLR_INFO : WLR_DEBUG,
			"%s: SPICE channel %s %d connected", name,
			guest_channel_type_name(channel), guest_channel_id(channel));
		if (is_main) {
			guest_session_reset_backoff(session);
		} else if (is_inputs) {
			session->inputs_ready = true;
			sync_focused_locks(session);
		}
		return;
	}
	if (event == SPICE_CHANNEL_NONE || event == SPICE_CHANNEL_SWITCHING) {
		return;
	}

	if (event == SPICE_CHANNEL_CLOSED) {
		wlr_log(is_main ? WLR_INFO : WLR_DEBUG, "%s: SPICE channel %s %d disconnected", name,
			guest_channel_type_name(channel), guest_channel_id(channel));
	} else {
		const GError *error = spice_channel_get_error(channel);
		wlr_log(WLR_ERROR, "%s: SPICE channel %s %d failed (event %d): %s",
			name, guest_channel_type_name(channel), guest_channel_id(channel), event,
			error != NULL ? error->message : "no error message");
	}
	if (is_inputs) {
		session->inputs_ready = false;
	}
	/* A lost channel leaves the guest's state unknown, so start over. */
	guest_session_schedule_teardown(session);
}

static void track_channel(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	g_ptr_array_add(session->channels, g_object_ref(channel));
	g_signal_connect(channel, "channel-event",
		G_CALLBACK(handle_channel_event), session);
	g_signal_connect(channel, "open-fd", G_CALLBACK(handle_open_fd),
		session);
}

static void handle_main_mouse_update(SpiceChannel *channel,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	int mode;
	g_object_get(channel, "mouse-mode", &mode, NULL);
	wlr_log(WLR_DEBUG, "%s: SPICE mouse mode is %s",
		guest_session_get_name(session),
		mode == SPICE_MOUSE_MODE_CLIENT ? "client" : "server");
	guest_pointer_update_hints(session);
}

static void handle_channel_new(SpiceSession *spice, SpiceChannel *channel,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: new SPICE channel %s %d",
		guest_session_get_name(session), guest_channel_type_name(channel),
		guest_channel_id(channel));

	if (SPICE_IS_MAIN_CHANNEL(channel)) {
		/* spice_session_open_fd connects the main channel itself. */
		session->main_channel = SPICE_MAIN_CHANNEL(channel);
		track_channel(session, channel);
		g_signal_connect(channel, "main-mouse-update",
			G_CALLBACK(handle_main_mouse_update), session);
		guest_monitors_watch(session, channel);
	} else if (SPICE_IS_DISPLAY_CHANNEL(channel)) {
		if (guest_display_create(session, channel) == NULL) {
			return;
		}
		track_channel(session, channel);
		spice_channel_connect(channel);
	} else if (SPICE_IS_INPUTS_CHANNEL(channel)) {
		session->inputs = SPICE_INPUTS_CHANNEL(channel);
		track_channel(session, channel);
		spice_channel_connect(channel);
	} else if (SPICE_IS_CURSOR_CHANNEL(channel)) {
		track_channel(session, channel);
		guest_cursor_watch(session, channel);
		spice_channel_connect(channel);
	} else if (SPICE_IS_PLAYBACK_CHANNEL(channel)) {
		/* The audio backend connects the channel itself. */
		track_channel(session, channel);
		guest_audio_start(session);
	}
	/* Other channels (record, ports, USB) stay unconnected. */
}

static void handle_channel_destroy(SpiceSession *spice,
		SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d destroyed",
		guest_session_get_name(session), guest_channel_type_name(channel),
		guest_channel_id(channel));
	struct bulkhead_guest_display *display =
		guest_display_from_channel(session, channel);
	if (display != NULL) {
		guest_display_destroy(display);
	}
	if (channel == SPICE_CHANNEL(session->inputs)) {
		session->inputs = NULL;
		session->inputs_ready = false;
		guest_input_reset(session);
	}
	if (channel == SPICE_CHANNEL(session->main_channel)) {
		session->main_channel = NULL;
	}
	if (SPICE_IS_CURSOR_CHANNEL(channel)) {
		guest_cursor_clear(session, channel);
	}
	g_signal_handlers_disconnect_by_data(channel, session);
	g_ptr_array_remove(session->channels, channel);
}

static void handle_disconnected(SpiceSession *spice, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_INFO, "%s: SPICE session disconnected",
		guest_session_get_name(session));
	guest_session_schedule_teardown(session);
}

static void untrack_channels(struct bulkhead_guest_session *session) {
	for (guint i = 0; i < session->channels->len; i++) {
		SpiceChannel *channel = g_ptr_array_index(session->channels, i);
		g_signal_handlers_disconnect_by_data(channel, session);
	}
	g_ptr_array_set_size(session->channels, 0);
	session->main_channel = NULL;
	session->inputs = NULL;
	session->inputs_ready = false;
}

void guest_channels_watch(struct bulkhead_guest_session *session) {
	g_signal_connect(session->spice, "channel-new",
		G_CALLBACK(handle_channel_new), session);
	g_signal_connect(session->spice, "channel-destroy",
		G_CALLBACK(handle_channel_destroy), session);
	g_signal_connect(session->spice, "disconnected",
		G_CALLBACK(handle_disconnected), session);
}

void guest_channels_unwatch(struct bulkhead_guest_session *session) {
	untrack_channels(session);
	g_signal_handlers_disconnect_by_data(session->spice, session);
}
