/*
 * A guest display: one SPICE display channel (one guest head) shown as a
 * view of the VM's workspace. The guest's primary surface is wrapped, not
 * copied, as the buffer of a scene node under the view's content tree.
 */
#ifndef COMPOSITOR_GUEST_DISPLAY_H
#define COMPOSITOR_GUEST_DISPLAY_H

#include <spice-client.h>
#include <stdbool.h>
#include <wayland-server-core.h>
#include "compositor/view.h"

struct bulkhead_guest_session;
struct wlr_scene_buffer;
struct wlr_scene_rect;

struct bulkhead_guest_display {
	struct bulkhead_view view;
	struct bulkhead_guest_session *session;
	SpiceChannel *channel;		/* a reference, for the primary's memory */
	int channel_id;			/* the guest head index */

	/* Black below the guest image, shown while it is not marked. */
	struct wlr_scene_rect *background;
	/* The node that wraps the primary surface, or NULL without one. */
	struct wlr_scene_buffer *buffer_node;
	bool marked;

	struct wl_list link;	/* bulkhead_guest_session.displays */
};

/* Creates the view of a display channel. It maps once the guest draws. */
struct bulkhead_guest_display *guest_display_create(
	struct bulkhead_guest_session *session, SpiceChannel *channel);
/* Closes the view and drops the scene node before the channel reference. */
void guest_display_destroy(struct bulkhead_guest_display *display);

struct bulkhead_guest_display *guest_display_from_channel(
	struct bulkhead_guest_session *session, SpiceChannel *channel);

#endif
