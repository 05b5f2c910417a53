#include <glib.h>
#include <spice-client.h>
#include <stdlib.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/guest.h"
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/vm.h"
#include "vmctl/vmctl.h"

#define RETRY_DELAY_MIN_MS 250
#define RETRY_DELAY_MAX_MS 4000

static void connect_session(struct bulkhead_guest_session *session);

const char *guest_session_get_name(struct bulkhead_guest_session *session) {
	return vmctl_vm_get_name(session->vm->vmctl_vm);
}

void guest_session_start_spice(struct bulkhead_guest_session *session,
		int fd) {
	const char *name = guest_session_get_name(session);
	/*
	 * Without enable-audio spice-client-glib creates no playback channel.
	 * guest_audio_start plays it once it exists.
	 */
	session->spice = g_object_new(SPICE_TYPE_SESSION,
		"enable-audio", guest_audio_available(session),
		"enable-usbredir", FALSE,
		NULL);
	guest_channels_watch(session);

	wlr_log(WLR_DEBUG, "%s: starting a SPICE session", name);
	if (!spice_session_open_fd(session->spice, fd)) {
		wlr_log(WLR_ERROR, "%s: failed to start a SPICE session on the "
			"socket from libvirt", name);
		close(fd);
		guest_session_schedule_teardown(session);
	}
}

void guest_session_reset_backoff(struct bulkhead_guest_session *session) {
	session->retry_delay_ms = RETRY_DELAY_MIN_MS;
	session->failed_attempts = 0;
}

static bool vm_is_up(struct bulkhead_guest_session *session) {
	enum vmctl_state state = vmctl_vm_get_state(session->vm->vmctl_vm);
	return state == VMCTL_STATE_RUNNING || state == VMCTL_STATE_PAUSED ||
		state == VMCTL_STATE_STOPPING;
}

static gboolean handle_retry(gpointer data);

bool guest_session_has_mapped_display(struct bulkhead_guest_session *session) {
	struct bulkhead_guest_display *display;
	wl_list_for_each(display, &session->displays, link) {
		if (display->view.mapped) {
			return true;
		}
	}
	return false;
}

static void handle_shutdown_done(bool ok, const char *message, void *data) {
}

void guest_session_request_shutdown(struct bulkhead_guest_session *session) {
	/* The views close once the guest is off; the guest may refuse. */
	wlr_log(WLR_INFO, "%s: closing the screen asks the VM to shut down",
		guest_session_get_name(session));
	vm_request(session->vm, "off", handle_shutdown_done, NULL);
}

void guest_session_handle_state(struct bulkhead_guest_session *session,
		enum vmctl_state state) {
	session->vm_state = state;
	guest_placeholder_update(session);
	if (!vm_is_up(session) || session->spice != NULL ||
			session->cancellable != NULL ||
			session->teardown_source != 0) {
		return;
	}
	/* The VM came up: connect now rather than at the next retry. */
	if (session->retry_source != 0) {
		g_source_remove(session->retry_source);
		session->retry_source = 0;
	}
	guest_session_reset_backoff(session);
	connect_session(session);
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
	guest_session_open_main_fd(session);
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

	guest_keysym_release_all(session);
	guest_cursor_clear(session, NULL);

	struct bulkhead_guest_display *display, *tmp;
	wl_list_for_each_safe(display, tmp, &session->displays, link) {
		guest_display_destroy(display);
	}
	session->audio = NULL;

	if (session->spice != NULL) {
		guest_channels_unwatch(session);
		spice_session_disconnect(session->spice);
		g_clear_object(&session->spice);
	}
}

static gboolean handle_teardown(gpointer data) {
	struct bulkhead_guest_session *session = data;
	session->teardown_source = 0;
	if (session->spice != NULL) {
		wlr_log(WLR_INFO, "%s: SPICE connection closed, closing its "
			"views", guest_session_get_name(session));
	}
	teardown_connection(session);
	/* A guest reboot or a lost connection keeps a window in place. */
	if (vm_is_up(session)) {
		guest_placeholder_show(session);
	}
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

	session->vm_state = vmctl_vm_get_state(vm->vmctl_vm);
	guest_placeholder_show(session);
	if (!vm_is_up(session)) {
		/* guest_session_handle_state connects once the VM runs. */
		return session;
	}
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
	guest_placeholder_destroy(session);
	xkb_keymap_unref(session->compared_keymap);
	g_ptr_array_unref(session->channels);
	free(session);
}
