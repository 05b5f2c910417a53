/*
 * Guest session internals, shared by the files of compositor/guest/.
 * A session lives from guest_session_create to guest_session_destroy and
 * makes one SPICE connection at a time. A connection that fails or closes
 * is torn down completely (its views close) and made again with backoff
 * while the VM runs.
 */
#ifndef COMPOSITOR_GUEST_SESSION_H
#define COMPOSITOR_GUEST_SESSION_H

#include <spice-client.h>
#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include "compositor/guest/keymap.h"

struct bulkhead_vm;

struct bulkhead_guest_session {
	struct bulkhead_vm *vm;

	/* The current connection, NULL between attempts. */
	SpiceSession *spice;
	/* Cancelled when the connection is torn down, for its fd requests. */
	GCancellable *cancellable;
	/* The channels this connection uses, each with a reference held. */
	GPtrArray *channels;
	SpiceMainChannel *main_channel;
	SpiceInputsChannel *inputs;
	bool inputs_ready;

	/* Scancodes pressed in the guest and not released yet. */
	uint32_t held_keys[GUEST_SCANCODE_COUNT / 32];
	/* SPICE_MOUSE_BUTTON_MASK_* bits of the buttons held. */
	int button_state;

	struct wl_list displays;	/* bulkhead_guest_display.link */

	guint retry_source;
	guint teardown_source;
	unsigned int retry_delay_ms;
	unsigned int failed_attempts;
};

/* Returns the VM name used in titles and log messages. */
const char *guest_session_get_name(struct bulkhead_guest_session *session);

/* Starts a SPICE session on the main channel's socket. */
void guest_session_start_spice(struct bulkhead_guest_session *session,
	int fd);
/* Resets the retry delay once the main channel is up. */
void guest_session_reset_backoff(struct bulkhead_guest_session *session);

/*
 * Requests a socket from libvirt for the main channel or another channel
 * of the current connection, without blocking. A failure tears the
 * connection down.
 */
void guest_session_open_main_fd(struct bulkhead_guest_session *session);
void guest_session_open_channel_fd(struct bulkhead_guest_session *session,
	SpiceChannel *channel);

/* Connects the SPICE session's channel signals, and disconnects them. */
void guest_channels_watch(struct bulkhead_guest_session *session);
void guest_channels_unwatch(struct bulkhead_guest_session *session);
const char *guest_channel_type_name(SpiceChannel *channel);
int guest_channel_id(SpiceChannel *channel);

/*
 * Tears the connection down from an idle callback, because SPICE signal
 * handlers must not destroy the objects that emit them, then retries.
 */
void guest_session_schedule_teardown(struct bulkhead_guest_session *session);

/* Keyboard and pointer input for the VM, from guest displays. */
void guest_input_send_key(struct bulkhead_guest_session *session,
	uint32_t keycode, bool pressed);
void guest_input_release_keys(struct bulkhead_guest_session *session);
void guest_input_pointer_motion(struct bulkhead_guest_session *session,
	int display_id, int x, int y);
void guest_input_pointer_button(struct bulkhead_guest_session *session,
	uint32_t button, bool pressed);
/* Forgets the keys and buttons held, without telling the guest. */
void guest_input_reset(struct bulkhead_guest_session *session);

#endif
