#include <drm_fourcc.h>
#include <math.h>
#include <stdlib.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_damage.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/box.h>
#include "compositor/ui/buffer.h"

static void handle_destroy(struct wlr_buffer *wlr_buffer)
{
	struct bulkhead_buffer *buffer = wl_container_of(wlr_buffer, buffer,
		base);

	if (buffer->owns_data) {
		free(buffer->data);
	}
	free(buffer);
}

static bool handle_begin_data_ptr_access(struct wlr_buffer *wlr_buffer,
		uint32_t flags, void **data, uint32_t *format, size_t *stride)
{
	struct bulkhead_buffer *buffer = wl_container_of(wlr_buffer, buffer,
		base);

	*data = buffer->data;
	*format = buffer->drm_format;
	*stride = buffer->stride;
	return true;
}

static void handle_end_data_ptr_access(struct wlr_buffer *wlr_buffer)
{
}

static const struct wlr_buffer_impl buffer_impl = {
	.destroy = handle_destroy,
	.begin_data_ptr_access = handle_begin_data_ptr_access,
	.end_data_ptr_access = handle_end_data_ptr_access,
};

struct bulkhead_buffer *buffer_wrap(void *data, int width, int height,
		size_t stride, uint32_t drm_format)
{
	struct bulkhead_buffer *buffer = calloc(1, sizeof(*buffer));

	wlr_buffer_init(&buffer->base, &buffer_impl, width, height);
	buffer->data = data;
	buffer->stride = stride;
	buffer->drm_format = drm_format;
	return buffer;
}

struct bulkhead_buffer *buffer_create(int width, int height)
{
	size_t stride = (size_t)width * 4;
	void *data = calloc(1, stride * (size_t)height);
	struct bulkhead_buffer *buffer = buffer_wrap(data, width, height,
		stride, DRM_FORMAT_ARGB8888);

	buffer->owns_data = true;
	return buffer;
}

void buffer_node_damage(struct wlr_scene *scene,
		struct wlr_scene_buffer *node, int x, int y, int width, int height)
{
	struct wlr_scene_output *scene_output;
	int lx, ly;

	if (!wlr_scene_node_coords(&node->node, &lx, &ly)) {
		return;
	}
	wl_list_for_each(scene_output, &scene->outputs, link) {
		float scale = scene_output->output->scale;
		struct wlr_box box = {
			.x = lx + x - scene_output->x,
			.y = ly + y - scene_output->y,
			.width = width,
			.height = height,
		};

		if (scale != 1.0f) {
			box.x = (int)floorf(box.x * scale);
			box.y = (int)floorf(box.y * scale);
			box.width = (int)ceilf(width * scale) + 1;
			box.height = (int)ceilf(height * scale) + 1;
		}
		wlr_output_damage_add_box(scene_output->damage, &box);
	}
}
