#include <glib.h>
#include <spice-client.h>
#include <stdlib.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include "compositor/guest.h"
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/vm.h"
#include "vmctl/vmctl.h"

#define RETRY_DELAY_MIN_MS 250
#define RETRY_DELAY_MAX_MS 4000
/* After the first failure, only every this many is logged as an error. */
#define RETRY_LOG_INTERVAL 20

/* One virDomainOpenGraphicsFD request, for the main or another channel. */
struct fd_request {
	struct bulkhead_guest_session *session;
	struct vmctl_vm *vmctl_vm;
	GCancellable *cancellable;
	SpiceChannel *channel;	/* NULL for the main channel */
};

static void connect_session(struct bulkhead_guest_session *session);

const char *guest_session_get_name(struct bulkhead_guest_session *session) {
	return vmctl_vm_get_name(session->vm->vmctl_vm);
}

static const char *channel_type_name(SpiceChannel *channel) {
	int type;
	g_object_get(channel, "channel-type", &type, NULL);
	return spice_channel_type_to_string(type);
}

static int channel_id(SpiceChannel *channel) {
	int id;
	g_object_get(channel, "channel-id", &id, NULL);
	return id;
}

static void request_fd(struct bulkhead_guest_session *session,
		SpiceChannel *channel, GAsyncReadyCallback callback) {
	struct fd_request *request = calloc(1, sizeof(*request));
	if (request == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to allocate an fd request",
			guest_session_get_name(session));
		guest_session_schedule_teardown(session);
		return;
	}
	request->session = session;
	request->vmctl_vm = session->vm->vmctl_vm;
	request->cancellable = g_object_ref(session->cancellable);
	request->channel = channel != NULL ? g_object_ref(channel) : NULL;
	vmctl_vm_open_graphics_fd_async(request->vmctl_vm, request->cancellable,
		callback, request);
}

static void fd_request_free(struct fd_request *request) {
	g_object_unref(request->cancellable);
	if (request->channel != NULL) {
		g_object_unref(request->channel);
	}
	free(request);
}

/*
 * Finishes an fd request. Returns -1 with *stale set when the connection
 * that made the request is gone, in which case request->session must not
 * be touched because it may already be freed.
 */
static int finish_fd_request(struct fd_request *request, GAsyncResult *result,
		bool *stale) {
	GError *error = NULL;
	int fd = vmctl_vm_open_graphics_fd_finish(request->vmctl_vm, result,
		&error);
	*stale = g_cancellable_is_cancelled(request->cancellable);
	if (*stale) {
		if (fd >= 0) {
			close(fd);
		}
		g_clear_error(&error);
		return -1;
	}
	if (fd < 0) {
		struct bulkhead_guest_session *session = request->session;
		session->failed_attempts++;
		if (session->failed_attempts == 1 ||
				session->failed_attempts % RETRY_LOG_INTERVAL == 0) {
			wlr_log(WLR_ERROR, "%s: failed to open a SPICE connection "
				"(attempt %u): %s", guest_session_get_name(session),
				session->failed_attempts,
				error != NULL ? error->message : "unknown error");
		}
		g_clear_error(&error);
	}
	return fd;
}

static void handle_channel_fd(GObject *source, GAsyncResult *result,
		gpointer data) {
	struct fd_request *request = data;
	bool stale;
	int fd = finish_fd_request(request, result, &stale);
	if (stale) {
		fd_request_free(request);
		return;
	}

	struct bulkhead_guest_session *session = request->session;
	SpiceChannel *channel = request->channel;
	if (fd < 0) {
		guest_session_schedule_teardown(session);
	} else if (!spice_channel_open_fd(channel, fd)) {
		wlr_log(WLR_ERROR, "%s: SPICE channel %s %d rejected its socket",
			guest_session_get_name(session), channel_type_name(channel),
			channel_id(channel));
		close(fd);
		guest_session_schedule_teardown(session);
	} else {
		wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d got its socket",
			guest_session_get_name(session), channel_type_name(channel),
			channel_id(channel));
	}
	fd_request_free(request);
}

/* spice-client-glib requests a socket for each channel but the main one. */
static void handle_open_fd(SpiceChannel *channel, gint with_tls,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d requests a socket",
		guest_session_get_name(session), channel_type_name(channel),
		channel_id(channel));
	request_fd(session, channel, handle_channel_fd);
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
			channel_type_name(channel), channel_id(channel));
		if (is_main) {
			session->retry_delay_ms = RETRY_DELAY_MIN_MS;
			session->failed_attempts = 0;
		} else if (is_inputs) {
			session->inputs_ready = true;
		}
		return;
	}
	if (event == SPICE_CHANNEL_NONE || event == SPICE_CHANNEL_SWITCHING) {
		return;
	}

	if (event == SPICE_CHANNEL_CLOSED) {
		wlr_log(is_main ? WLR_INFO : WLR_DEBUG, "%s: SPICE channel %s %d disconnected", name,
			channel_type_name(channel), channel_id(channel));
	} else {
		const GError *error = spice_channel_get_error(channel);
		wlr_log(WLR_ERROR, "%s: SPICE channel %s %d failed (event %d): %s",
			name, channel_type_name(channel), channel_id(channel), event,
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
}

static void handle_channel_new(SpiceSession *spice, SpiceChannel *channel,
		gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: new SPICE channel %s %d",
		guest_session_get_name(session), channel_type_name(channel),
		channel_id(channel));

	if (SPICE_IS_MAIN_CHANNEL(channel)) {
		/* spice_session_open_fd connects the main channel itself. */
		session->main_channel = SPICE_MAIN_CHANNEL(channel);
		track_channel(session, channel);
		g_signal_connect(channel, "main-mouse-update",
			G_CALLBACK(handle_main_mouse_update), session);
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
	}
	/* Other channels (cursor, audio, ports, USB) stay unconnected. */
}

static void handle_channel_destroy(SpiceSession *spice,
		SpiceChannel *channel, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d destroyed",
		guest_session_get_name(session), channel_type_name(channel),
		channel_id(channel));
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
	g_signal_handlers_disconnect_by_data(channel, session);
	g_ptr_array_remove(session->channels, channel);
}

static void handle_disconnected(SpiceSession *spice, gpointer user_data) {
	struct bulkhead_guest_session *session = user_data;
	wlr_log(WLR_INFO, "%s: SPICE session disconnected",
		guest_session_get_name(session));
	guest_session_schedule_teardown(session);
}

static void start_spice_session(struct bulkhead_guest_session *session,
		int fd) {
	const char *name = guest_session_get_name(session);
	session->spice = g_object_new(SPICE_TYPE_SESSION,
		"enable-audio", FALSE,
		"enable-usbredir", FALSE,
		NULL);
	g_signal_connect(session->spice, "channel-new",
		G_CALLBACK(handle_channel_new), session);
	g_signal_connect(session->spice, "channel-destroy",
		G_CALLBACK(handle_channel_destroy), session);
	g_signal_connect(session->spice, "disconnected",
		G_CALLBACK(handle_disconnected), session);

	wlr_log(WLR_DEBUG, "%s: starting a SPICE session", name);
	if (!spice_session_open_fd(session->spice, fd)) {
		wlr_log(WLR_ERROR, "%s: failed to start a SPICE session on the "
			"socket from libvirt", name);
		close(fd);
		guest_session_schedule_teardown(session);
	}
}

static void handle_main_fd(GObject *source, GAsyncResult *result,
		gpointer data) {
	struct fd_request *request = data;
	bool stale;
	int fd = finish_fd_request(request, result, &stale);
	struct bulkhead_guest_session *session = request->session;
	fd_request_free(request);
	if (stale) {
		return;
	}
	if (fd < 0) {
		guest_session_schedule_teardown(session);
		return;
	}
	start_spice_session(session, fd);
}

static bool vm_is_up(struct bulkhead_guest_session *session) {
	enum vmctl_state state = vmctl_vm_get_state(session->vm->vmctl_vm);
	return state == VMCTL_STATE_RUNNING || state == VMCTL_STATE_PAUSED ||
		state == VMCTL_STATE_STOPPING;
}

static gboolean handle_retry(gpointer data) {
	struct bulkhead_guest_session *session = data;
	session->retry_source = 0;
	if (!vm_is_up(session)) {
		/* A VM that is still starting gets its display later. */
		wlr_log(WLR_DEBUG, "%s: VM is %s, waiting to connect to SPICE",
			guest_session_get_name(session), vmctl_state_to_string(
				vmctl_vm_get_state(session->vm->vmctl_vm)));
		session->retry_source = g_timeout_add(session->retry_delay_ms,
			handle_retry, session);
		return G_SOURCE_REMOVE;
	}
	connect_session(session);
	return G_SOURCE_REMOVE;
}

static void schedule_retry(struct bulkhead_guest_session *session) {
	if (session->retry_source != 0) {
		return;
	}
	wlr_log(WLR_DEBUG, "%s: connecting to SPICE again in %u ms",
		guest_session_get_name(session), session->retry_delay_ms);
	session->retry_source = g_timeout_add(session->retry_delay_ms,
		handle_retry, session);
	session->retry_delay_ms *= 2;
	if (session->retry_delay_ms > RETRY_DELAY_MAX_MS) {
		session->retry_delay_ms = RETRY_DELAY_MAX_MS;
	}
}

static void connect_session(struct bulkhead_guest_session *session) {
	wlr_log(WLR_DEBUG, "%s: opening a SPICE connection",
		guest_session_get_name(session));
	session->cancellable = g_cancellable_new();
	request_fd(session, NULL, handle_main_fd);
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

/* Closes every view and ends the connection. The VM keeps running. */
static void teardown_connection(struct bulkhead_guest_session *session) {
	if (session->cancellable != NULL) {
		g_cancellable_cancel(session->cancellable);
		g_clear_object(&session->cancellable);
	}

	/* Let go of the keys in the guest while the channel still works. */
	guest_input_release_keys(session);
	guest_input_reset(session);

	struct bulkhead_guest_display *display, *tmp;
	wl_list_for_each_safe(display, tmp, &session->displays, link) {
		guest_display_destroy(display);
	}

	untrack_channels(session);
	if (session->spice != NULL) {
		g_signal_handlers_disconnect_by_data(session->spice, session);
		spice_session_disconnect(session->spice);
		g_clear_object(&session->spice);
	}
}

static gboolean handle_teardown(gpointer data) {
	struct bulkhead_guest_session *session = data;
	session->teardown_source = 0;
	teardown_connection(session);
	schedule_retry(session);
	return G_SOURCE_REMOVE;
}

void guest_session_schedule_teardown(struct bulkhead_guest_session *session) {
	if (session->teardown_source != 0) {
		return;
	}
	session->teardown_source = g_idle_add(handle_teardown, session);
}

struct bulkhead_guest_session *guest_session_create(struct bulkhead_vm *vm) {
	struct bulkhead_guest_session *session = calloc(1, sizeof(*session));
	if (session == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to allocate a guest session",
			vmctl_vm_get_name(vm->vmctl_vm));
		return NULL;
	}
	session->vm = vm;
	session->channels = g_ptr_array_new_with_free_func(g_object_unref);
	session->retry_delay_ms = RETRY_DELAY_MIN_MS;
	wl_list_init(&session->displays);

	wlr_log(WLR_INFO, "%s: connecting to the guest display",
		guest_session_get_name(session));
	connect_session(session);
	return session;
}

void guest_session_destroy(struct bulkhead_guest_session *session) {
	if (session == NULL) {
		return;
	}
	wlr_log(WLR_INFO, "%s: closing the guest display session",
		guest_session_get_name(session));
	if (session->retry_source != 0) {
		g_source_remove(session->retry_source);
	}
	if (session->teardown_source != 0) {
		g_source_remove(session->teardown_source);
	}
	teardown_connection(session);
	g_ptr_array_unref(session->channels);
	free(session);
}
