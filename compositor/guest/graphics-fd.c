#include <glib.h>
#include <spice-client.h>
#include <stdlib.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include "compositor/guest/session.h"
#include "compositor/vm.h"
#include "vmctl/vmctl.h"

/* After the first failure, only every this many is logged as an error. */
#define RETRY_LOG_INTERVAL 20

/* One virDomainOpenGraphicsFD request, for the main or another channel. */
struct fd_request {
	struct bulkhead_guest_session *session;
	struct vmctl_vm *vmctl_vm;
	GCancellable *cancellable;
	SpiceChannel *channel;	/* NULL for the main channel */
};

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

static void log_fd_failure(struct bulkhead_guest_session *session,
		const GError *error) {
	session->failed_attempts++;
	enum wlr_log_importance importance = WLR_DEBUG;
	/* A VM on its way down closes SPICE first, which is no error. */
	enum vmctl_state state = vmctl_vm_get_state(session->vm->vmctl_vm);
	bool up = state == VMCTL_STATE_RUNNING || state == VMCTL_STATE_PAUSED;
	if (up && (session->failed_attempts == 1 ||
			session->failed_attempts % RETRY_LOG_INTERVAL == 0)) {
		importance = WLR_ERROR;
	}
	wlr_log(importance, "%s: failed to open a SPICE connection "
		"(attempt %u, VM %s): %s", guest_session_get_name(session),
		session->failed_attempts, vmctl_state_to_string(state),
		error != NULL ? error->message : "unknown error");
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
		log_fd_failure(request->session, error);
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
			guest_session_get_name(session), guest_channel_type_name(channel),
			guest_channel_id(channel));
		close(fd);
		guest_session_schedule_teardown(session);
	} else {
		wlr_log(WLR_DEBUG, "%s: SPICE channel %s %d got its socket",
			guest_session_get_name(session), guest_channel_type_name(channel),
			guest_channel_id(channel));
	}
	fd_request_free(request);
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
	guest_session_start_spice(session, fd);
}

void guest_session_open_main_fd(struct bulkhead_guest_session *session) {
	request_fd(session, NULL, handle_main_fd);
}

void guest_session_open_channel_fd(struct bulkhead_guest_session *session,
		SpiceChannel *channel) {
	request_fd(session, channel, handle_channel_fd);
}
