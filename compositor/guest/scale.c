/*
 * Scaled copies of a guest image. The pixman renderer of wlroots 0.15
 * draws a scene buffer with a destination size other than its own cropped
 * rather than scaled, so a scaled guest display shows a copy that pixman
 * scales here: all of it when the scale changes, then each invalidated
 * rectangle. Unscaled displays keep showing the primary surface itself.
 */
#include <drm_fourcc.h>
#include <math.h>
#include <pixman.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/server.h"
#include "compositor/ui/buffer.h"

static pixman_format_code_t pixman_format(uint32_t drm_format) {
	return drm_format == DRM_FORMAT_RGB565 ? PIXMAN_r5g6b5 :
		PIXMAN_x8r8g8b8;
}

/* Scales the guest rectangle into the copy and returns it in copy pixels. */
static void render(struct bulkhead_guest_display *display, int x, int y,
		int width, int height, struct wlr_box *box) {
	double scale = display->scale;
	box->x = (int)floor(x * scale);
	box->y = (int)floor(y * scale);
	box->width = (int)ceil((x + width) * scale) - box->x + 1;
	box->height = (int)ceil((y + height) * scale) - box->y + 1;

	struct bulkhead_buffer *copy = display->scaled;
	pixman_image_t *target = pixman_image_create_bits(PIXMAN_a8r8g8b8,
		copy->base.width, copy->base.height, copy->data,
		(int)copy->stride);
	/* The source's x8 channel becomes an opaque alpha in the copy. */
	pixman_image_composite32(PIXMAN_OP_SRC, display->source_image, NULL,
		target, box->x, box->y, 0, 0, box->x, box->y, box->width,
		box->height);
	pixman_image_unref(target);
}

bool guest_scale_show(struct bulkhead_guest_display *display, int width,
		int height) {
	if (display->scaled != NULL && display->scaled->base.width == width &&
			display->scaled->base.height == height) {
		return true;
	}
	guest_scale_drop(display);
	display->source_image = pixman_image_create_bits(
		pixman_format(display->primary_format), display->image_width,
		display->image_height, display->primary_data,
		display->primary_stride);
	struct bulkhead_buffer *copy = buffer_create(width, height);
	if (display->source_image == NULL || copy == NULL) {
		wlr_log(WLR_ERROR, "%s: display %d: failed to allocate a scaled "
			"copy of %dx%d", guest_session_get_name(display->session),
			display->channel_id, width, height);
		if (copy != NULL) {
			wlr_buffer_drop(&copy->base);
		}
		guest_scale_drop(display);
		return false;
	}
	/* Maps copy pixels back to guest pixels. */
	pixman_transform_t transform;
	pixman_transform_init_scale(&transform,
		pixman_double_to_fixed(1.0 / display->scale),
		pixman_double_to_fixed(1.0 / display->scale));
	pixman_image_set_transform(display->source_image, &transform);
	pixman_image_set_filter(display->source_image, PIXMAN_FILTER_BILINEAR,
		NULL, 0);

	display->scaled = copy;
	/* The node takes over the reference; keep a lock for updates. */
	wlr_buffer_lock(&copy->base);
	struct wlr_box box;
	render(display, 0, 0, display->image_width, display->image_height,
		&box);
	return guest_display_set_node(display, copy);
}

void guest_scale_update(struct bulkhead_guest_display *display, int x,
		int y, int width, int height) {
	struct wlr_box box;
	render(display, x, y, width, height, &box);
	buffer_node_damage(display->view.server->scene, display->buffer_node,
		box.x, box.y, box.width, box.height);
}

void guest_scale_drop(struct bulkhead_guest_display *display) {
	if (display->source_image != NULL) {
		pixman_image_unref(display->source_image);
		display->source_image = NULL;
	}
	if (display->scaled != NULL) {
		wlr_buffer_unlock(&display->scaled->base);
		display->scaled = NULL;
	}
}
