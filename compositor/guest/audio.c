/*
 * Guest sound. QEMU offers a SPICE playback channel only when the domain
 * has a sound device with a SPICE audio backend (sound=spice in the VM's
 * spec), so sound=none means there is nothing to play. spice-client-glib's
 * GStreamer backend plays the channel through autoaudiosink.
 */
#include <glib.h>
#include <spice-client.h>
#include <wlr/util/log.h>
#include "compositor/guest/session.h"

/* Sockets of the sound servers that GStreamer's sinks reach, per user. */
static const char *const server_sockets[] = {
	"pulse/native",
	"pipewire-0",
};

static bool find_sound_server(void) {
	const char *runtime_dir = g_getenv("XDG_RUNTIME_DIR");
	if (g_getenv("PULSE_SERVER") != NULL) {
		return true;
	}
	if (runtime_dir == NULL) {
		return false;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(server_sockets); i++) {
		char *path = g_build_filename(runtime_dir, server_sockets[i], NULL);
		bool exists = g_file_test(path, G_FILE_TEST_EXISTS);
		g_free(path);
		if (exists) {
			return true;
		}
	}
	return false;
}

gboolean guest_audio_available(struct bulkhead_guest_session *session) {
	if (find_sound_server()) {
		return TRUE;
	}
	wlr_log(WLR_INFO, "%s: no sound server found (no PULSE_SERVER, no "
		"pulse/native or pipewire-0 in XDG_RUNTIME_DIR), so the guest's "
		"sound is not played; start PipeWire or PulseAudio before "
		"bulkhead connects to the guest", guest_session_get_name(session));
	return FALSE;
}

void guest_audio_start(struct bulkhead_guest_session *session) {
	const char *name = guest_session_get_name(session);
	if (session->audio != NULL) {
		return;
	}
	/*
	 * The session keeps the SpiceAudio, which connects the playback
	 * channel. The record channel it also picks up gets no socket, so the
	 * guest never hears the host's microphone.
	 */
	session->audio = spice_audio_get(session->spice, NULL);
	if (session->audio == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to set up SPICE audio playback",
			name);
		return;
	}
	wlr_log(WLR_INFO, "%s: playing the guest's sound", name);
}
