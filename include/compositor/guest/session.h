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
#include "vmctl/vmctl.h"

struct bulkhead_vm;
struct bulkhead_guest_placeholder;
struct bulkhead_guest_display;
struct wlr_keyboard;
struct xkb_keymap;

/* A key of a keyboard with its own keymap, as it was typed in the guest. */
struct guest_translated_key {
	uint32_t keycode;		/* the sending keyboard's evdev code */
	uint32_t guest_keycode;		/* the evdev code pressed in the guest */
	uint32_t modifiers[2];		/* modifier keys pressed for it, or 0 */
};

#define GUEST_TRANSLATED_KEYS_MAX 16
/* Heads with a cursor of their own; vmctl allows up to 16 heads. */
#define GUEST_CURSORS_MAX 16

/* The cursor of one head, from the cursor channel with the head's id. */
struct guest_cursor {
	/* The image as premultiplied ARGB8888, or NULL for the default. */
	uint32_t *pixels;
	int width, height, hot_x, hot_y;
	bool hidden;
};

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
	SpiceAudio *audio;

	/* The VM state last reported by vmctl. */
	enum vmctl_state vm_state;
	/* Shown while no guest head is: the VM starts or SPICE reconnects. */
	struct bulkhead_guest_placeholder *placeholder;
	/* Size of the last head 0 shown, for the placeholder; 0 before. */
	int last_width, last_height;

	/* Keys of keyboards with their own keymap, pressed in the guest. */
	struct guest_translated_key translated_keys[GUEST_TRANSLATED_KEYS_MAX];
	size_t translated_count;
	/* The keymap last compared with the seat's, and whether it differs. */
	struct xkb_keymap *compared_keymap;
	bool compared_foreign;

	/* The guest's cursor on each head, by channel id. */
	struct guest_cursor cursors[GUEST_CURSORS_MAX];
	/* The display under the host pointer, which shows its head's cursor. */
	struct bulkhead_guest_display *pointer_display;
	/* Fractions of a pixel of relative motion not sent yet. */
	double motion_rest_x, motion_rest_y;

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
/* Sets the guest's Caps, Num and Scroll Lock to those of the host seat. */
void guest_input_sync_locks(struct bulkhead_guest_session *session);
void guest_input_pointer_relative(struct bulkhead_guest_session *session,
	double dx, double dy);
/* Sends a scroll step as SPICE wheel buttons; steps < 0 scroll up. */
void guest_input_pointer_scroll(struct bulkhead_guest_session *session,
	int steps);
/* Whether SPICE takes absolute positions (an agent or tablet is active). */
bool guest_input_is_absolute(struct bulkhead_guest_session *session);

/*
 * Types a key of a keyboard whose keymap is not the seat's: the keysym it
 * produces is looked up in the seat's keymap, which the guest is assumed
 * to use, and typed there with the modifiers its level needs.
 */
void guest_keysym_send_key(struct bulkhead_guest_session *session,
	struct wlr_keyboard *keyboard, uint32_t keycode, bool pressed);
/* Whether keymap is not the seat's, so keys need guest_keysym_send_key. */
bool guest_keysym_is_foreign(struct bulkhead_guest_session *session,
	struct xkb_keymap *keymap);
/* Releases the keys guest_keysym_send_key pressed. */
void guest_keysym_release_all(struct bulkhead_guest_session *session);

/* Cursor channel: the guest's cursor image over its displays. */
void guest_cursor_watch(struct bulkhead_guest_session *session,
	SpiceChannel *channel);
/* Forgets the cursor of one cursor channel, or of all when NULL. */
void guest_cursor_clear(struct bulkhead_guest_session *session,
	SpiceChannel *channel);
/* Shows the guest cursor (or none) on the host cursor, or the default. */
void guest_cursor_enter(struct bulkhead_guest_session *session,
	struct bulkhead_guest_display *display);
void guest_cursor_leave(struct bulkhead_guest_session *session,
	struct bulkhead_guest_display *display);

/* Watches the agent, to turn on heads and send their sizes. */
void guest_monitors_watch(struct bulkhead_guest_session *session,
	SpiceChannel *main_channel);

/*
 * Playback channel: guest sound through GStreamer, when a server runs.
 * guest_audio_available returns whether one runs, and logs when none does.
 */
gboolean guest_audio_available(struct bulkhead_guest_session *session);
/* Plays the playback channel of the connection, once one exists. */
void guest_audio_start(struct bulkhead_guest_session *session);

/* The placeholder view, shown while no head of the guest is. */
void guest_placeholder_show(struct bulkhead_guest_session *session);
void guest_placeholder_destroy(struct bulkhead_guest_session *session);
/* Updates the placeholder's text after a VM state change. */
void guest_placeholder_update(struct bulkhead_guest_session *session);
/* Whether a head of the session is mapped. */
bool guest_session_has_mapped_display(struct bulkhead_guest_session *session);
/* Asks the guest to shut down (close on head 0). */
void guest_session_request_shutdown(struct bulkhead_guest_session *session);

#endif
