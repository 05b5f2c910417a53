/*
 * A guest display: one SPICE display channel (one guest head) shown as a
 * view of the VM's workspace. The guest's primary surface is wrapped, not
 * copied, as the buffer of a scene node under the view's content tree.
 *
 * The view's content size is the guest mode, or the size last requested
 * through view_request_size. When the two differ (no agent applied the
 * request yet, or the guest has no agent) the image is scaled to fit with
 * its aspect ratio kept, centered on black.
 */
#ifndef COMPOSITOR_GUEST_DISPLAY_H
#define COMPOSITOR_GUEST_DISPLAY_H

#include <pixman.h>
#include <spice-client.h>
#include <stdbool.h>
#include <wayland-server-core.h>
#include "compositor/view.h"

struct bulkhead_buffer;
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
	/*
	 * Whether the guest uses this head. Head 0 always is; QEMU's
	 * virtio-gpu shows a text placeholder on the other heads until a
	 * client monitor config enables them, so they wait for one.
	 */
	bool enabled;

	/* The primary surface's size in guest pixels, 0 without one. */
	int image_width, image_height;
	/* The size asked for through view_request_size, 0 when none. */
	int requested_width, requested_height;
	/* The primary surface's memory, owned by spice-client-glib. */
	void *primary_data;
	int primary_stride;
	uint32_t primary_format;	/* DRM_FORMAT_* */
	/*
	 * The scaled copy shown while scale != 1, because the pixman
	 * renderer of wlroots 0.15 crops a scaled buffer node instead of
	 * scaling it. NULL while the primary is shown as it is.
	 */
	struct bulkhead_buffer *scaled;
	pixman_image_t *source_image;
	/* View pixels per guest pixel, and where the image starts. */
	double scale;
	int offset_x, offset_y;

	struct wl_list link;	/* bulkhead_guest_session.displays */
};

/* Creates the view of a display channel. It maps once the guest draws. */
struct bulkhead_guest_display *guest_display_create(
	struct bulkhead_guest_session *session, SpiceChannel *channel);
/* Closes the view and drops the scene node before the channel reference. */
void guest_display_destroy(struct bulkhead_guest_display *display);

struct bulkhead_guest_display *guest_display_from_channel(
	struct bulkhead_guest_session *session, SpiceChannel *channel);
struct bulkhead_guest_display *guest_display_from_view(
	struct bulkhead_view *view);
/* Maps or unmaps the view after the image, mark or enabled state changed. */
void guest_display_update_visibility(struct bulkhead_guest_display *display);

/* Shows buffer (whose reference it takes) as the display's scene node. */
bool guest_display_set_node(struct bulkhead_guest_display *display,
	struct bulkhead_buffer *buffer);
/* Shows the primary surface itself, unscaled. */
bool guest_display_wrap_primary(struct bulkhead_guest_display *display);

/* Scaled copies (scale.c): made at a scale, updated per invalidate. */
bool guest_scale_show(struct bulkhead_guest_display *display, int width,
	int height);
void guest_scale_update(struct bulkhead_guest_display *display, int x,
	int y, int width, int height);
void guest_scale_drop(struct bulkhead_guest_display *display);

/* Sizing (monitors.c): lays the image out in the view and asks the guest. */
void guest_display_layout(struct bulkhead_guest_display *display);
void guest_display_request_size(struct bulkhead_view *view, int width,
	int height);
/* Sends the sizes of all enabled heads when an agent is connected. */
void guest_monitors_send(struct bulkhead_guest_session *session);
/* Disables a head other than 0 in the guest, through the agent. */
bool guest_monitors_disable(struct bulkhead_guest_display *display);
/* Converts view-local coordinates to guest pixels, clamped to the image. */
void guest_display_to_guest(struct bulkhead_guest_display *display,
	double sx, double sy, int *x, int *y);

/* Pointer hooks of the view (pointer.c). */
void guest_pointer_motion(struct bulkhead_view *view, double sx, double sy,
	uint32_t time_msec);
void guest_pointer_button(struct bulkhead_view *view, uint32_t button,
	bool pressed, uint32_t time_msec);
void guest_pointer_axis(struct bulkhead_view *view, bool vertical,
	double delta, int32_t delta_discrete, uint32_t time_msec);
void guest_pointer_leave(struct bulkhead_view *view);
void guest_pointer_relative(struct bulkhead_view *view, double dx, double dy,
	uint32_t time_msec);
/* Updates the title hint after a mouse mode or capture change. */
void guest_pointer_update_hint(struct bulkhead_guest_display *display);
void guest_pointer_update_hints(struct bulkhead_guest_session *session);
/* Moves the captured host cursor to where the guest drew its cursor. */
void guest_pointer_follow_guest(struct bulkhead_guest_session *session,
	int x, int y);

#endif
