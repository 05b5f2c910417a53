#include <cairo.h>
#include <drm_fourcc.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_scene.h>
#include "compositor/config.h"
#include "compositor/server.h"
#include "compositor/ui/buffer.h"
#include "compositor/ui/frame.h"
#include "compositor/view.h"
#include "compositor/workspace.h"

#define TITLE_FONT "Sans Bold 10"
#define TITLE_PADDING 8

enum frame_edge { EDGE_TOP, EDGE_BOTTOM, EDGE_LEFT, EDGE_RIGHT, EDGE_COUNT };

struct bulkhead_frame {
	struct bulkhead_view *view;
	struct wlr_scene_tree *tree;
	struct wlr_scene_rect *edges[EDGE_COUNT];
	struct wlr_scene_buffer *title;

	/* The title buffer's inputs, to redraw it only when one changes. */
	char *title_text;
	int title_width;
	float title_color[4];
};

static const float *frame_color(struct bulkhead_view *view)
{
	return view->activated ? view->workspace->focused_color :
		view->workspace->color;
}

/* White text on dark colors, near-black text on light ones. */
static void set_text_color(cairo_t *cairo, const float background[static 4])
{
	float luminance = 0.2126f * background[0] + 0.7152f * background[1] +
		0.0722f * background[2];

	if (luminance > 0.6f) {
		cairo_set_source_rgb(cairo, 0.08, 0.08, 0.08);
	} else {
		cairo_set_source_rgb(cairo, 1.0, 1.0, 1.0);
	}
}

static void draw_title(cairo_t *cairo, const char *text, int width,
		const float background[static 4])
{
	PangoLayout *layout = pango_cairo_create_layout(cairo);
	PangoFontDescription *font = pango_font_description_from_string(
		TITLE_FONT);
	int text_height;

	cairo_set_source_rgba(cairo, background[0], background[1],
		background[2], background[3]);
	cairo_paint(cairo);

	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, text, -1);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	pango_layout_set_width(layout,
		(width - 2 * TITLE_PADDING) * PANGO_SCALE);
	pango_layout_set_single_paragraph_mode(layout, TRUE);
	pango_layout_get_pixel_size(layout, NULL, &text_height);

	set_text_color(cairo, background);
	cairo_move_to(cairo, TITLE_PADDING,
		(BULKHEAD_TITLE_HEIGHT - text_height) / 2.0);
	pango_cairo_show_layout(cairo, layout);

	pango_font_description_free(font);
	g_object_unref(layout);
}

static struct bulkhead_buffer *render_title(const char *text, int width,
		const float background[static 4])
{
	struct bulkhead_buffer *buffer = buffer_create(width,
		BULKHEAD_TITLE_HEIGHT);
	cairo_surface_t *surface = cairo_image_surface_create_for_data(
		buffer->data, CAIRO_FORMAT_ARGB32, width, BULKHEAD_TITLE_HEIGHT,
		(int)buffer->stride);
	cairo_t *cairo = cairo_create(surface);

	draw_title(cairo, text, width, background);
	cairo_destroy(cairo);
	cairo_surface_flush(surface);
	cairo_surface_destroy(surface);
	return buffer;
}

static char *format_title(struct bulkhead_view *view)
{
	const char *title = view->title && *view->title ? view->title :
		(view->app_id && *view->app_id ? view->app_id : "untitled");
	/* An urgent view asks for attention; the marker leads the title. */
	const char *urgent = view->urgent ? "\u25cf " : "";

	if (view->title_hint) {
		return g_strdup_printf("%s[%s] %s \u2014 %s", urgent,
			view->workspace->name, title, view->title_hint);
	}
	return g_strdup_printf("%s[%s] %s", urgent, view->workspace->name,
		title);
}

static void update_title(struct bulkhead_frame *frame)
{
	struct bulkhead_view *view = frame->view;
	g_autofree char *text = format_title(view);
	int width = view->width > 1 ? view->width : 1;
	struct bulkhead_buffer *buffer;

	if (frame->title && frame->title_width == width &&
			!memcmp(frame->title_color, frame_color(view),
				sizeof(frame->title_color)) &&
			!g_strcmp0(frame->title_text, text)) {
		return;
	}
	/* wlroots 0.15 cannot swap a buffer node's buffer: make a new node. */
	if (frame->title) {
		wlr_scene_node_destroy(&frame->title->node);
	}
	buffer = render_title(text, width, frame_color(view));
	frame->title = wlr_scene_buffer_create(&frame->tree->node,
		&buffer->base);
	wlr_buffer_drop(&buffer->base);
	wlr_scene_node_set_position(&frame->title->node, 0,
		-BULKHEAD_TITLE_HEIGHT);

	g_free(frame->title_text);
	frame->title_text = g_steal_pointer(&text);
	frame->title_width = width;
	memcpy(frame->title_color, frame_color(view), sizeof(frame->title_color));
}

static void place_edge(struct wlr_scene_rect *rect, int x, int y, int width,
		int height, const float color[static 4])
{
	wlr_scene_node_set_position(&rect->node, x, y);
	wlr_scene_rect_set_size(rect, width, height);
	wlr_scene_rect_set_color(rect, color);
}

void frame_update(struct bulkhead_frame *frame)
{
	struct bulkhead_view *view = frame->view;
	int border = view->server->config->border_width;
	int top = BULKHEAD_TITLE_HEIGHT + border;
	int outer_height = view->height + BULKHEAD_TITLE_HEIGHT + 2 * border;
	const float *color = frame_color(view);

	place_edge(frame->edges[EDGE_TOP], -border, -top,
		view->width + 2 * border, border, color);
	place_edge(frame->edges[EDGE_BOTTOM], -border, view->height,
		view->width + 2 * border, border, color);
	place_edge(frame->edges[EDGE_LEFT], -border, -top, border,
		outer_height, color);
	place_edge(frame->edges[EDGE_RIGHT], view->width, -top, border,
		outer_height, color);
	update_title(frame);
}

struct bulkhead_frame *frame_create(struct bulkhead_view *view)
{
	struct bulkhead_frame *frame = calloc(1, sizeof(*frame));

	frame->view = view;
	/* Created after the content tree, so it is drawn above the content. */
	frame->tree = wlr_scene_tree_create(&view->tree->node);
	for (int i = 0; i < EDGE_COUNT; i++) {
		frame->edges[i] = wlr_scene_rect_create(&frame->tree->node, 0, 0,
			view->workspace->color);
	}
	return frame;
}

void frame_destroy(struct bulkhead_frame *frame)
{
	if (!frame) {
		return;
	}
	wlr_scene_node_destroy(&frame->tree->node);
	g_free(frame->title_text);
	free(frame);
}
