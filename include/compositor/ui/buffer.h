/*
 * CPU-memory wlr_buffers for what the compositor draws itself (cairo) and
 * for pixels it receives (SPICE). wlroots 0.15's scene has no call to damage
 * a buffer node after its pixels changed, so buffer_node_damage adds the
 * damage to every scene output by hand; with the pixman renderer the texture
 * reads the memory directly, so the new pixels show on the next frame.
 */
#ifndef COMPOSITOR_UI_BUFFER_H
#define COMPOSITOR_UI_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wlr/types/wlr_buffer.h>

struct wlr_scene;
struct wlr_scene_buffer;

struct bulkhead_buffer {
	struct wlr_buffer base;
	void *data;
	size_t stride;
	uint32_t drm_format;
	bool owns_data;
};

/* Allocates a zeroed ARGB8888 buffer (cairo's CAIRO_FORMAT_ARGB32). */
struct bulkhead_buffer *buffer_create(int width, int height);
/*
 * Wraps memory owned by someone else; the caller keeps it alive until the
 * buffer is destroyed.
 */
struct bulkhead_buffer *buffer_wrap(void *data, int width, int height,
	size_t stride, uint32_t drm_format);

/* Damages a rectangle of a buffer node, in buffer coordinates. */
void buffer_node_damage(struct wlr_scene *scene,
	struct wlr_scene_buffer *node, int x, int y, int width, int height);

#endif
