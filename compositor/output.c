#include <stdlib.h>
#include <time.h>
#include <wlr/backend.h>
#include <wlr/backend/wayland.h>
#include <wlr/backend/x11.h>
#include <wlr/render/allocator.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/nested.h"
#include "compositor/output.h"
#include "compositor/config.h"
#include "compositor/server.h"
#include "compositor/ui/frame.h"
#include "compositor/view.h"
#include "compositor/ui/panel.h"

/* The desktop behind the views: a dark neutral gray. */
static const float background_color[4] = { 0.16f, 0.17f, 0.19f, 1.0f };

static void handle_frame(struct wl_listener *listener, void *data)
{
	struct bulkhead_output *output = wl_container_of(listener, output, frame);
	struct wlr_scene_output *scene_output = wlr_scene_get_scene_output(
		output->server->scene, output->wlr_output);
	struct timespec now;

	if (!scene_output) {
		return;
	}
	wlr_scene_output_commit(scene_output);
	clock_gettime(CLOCK_MONOTONIC, &now);
	wlr_scene_output_send_frame_done(scene_output, &now);
}

static void update_background(struct bulkhead_output *output)
{
	struct wlr_box *box = wlr_output_layout_get_box(
		output->server->output_layout, output->wlr_output);

	wlr_scene_node_set_position(&output->background->node, box->x, box->y);
	wlr_scene_rect_set_size(output->background, box->width, box->height);
}

static void handle_destroy(struct wl_listener *listener, void *data)
{
	struct bulkhead_output *output =
		wl_container_of(listener, output, destroy);

	wlr_log(WLR_INFO, "Output %s removed", output->wlr_output->name);
	panel_destroy(output->panel);
	output->panel = NULL;
	wlr_scene_node_destroy(&output->background->node);
	wl_list_remove(&output->frame.link);
	wl_list_remove(&output->destroy.link);
	wl_list_remove(&output->link);
	free(output);
}

static bool enable_output(struct wlr_output *wlr_output,
		const struct bulkhead_output_config *config)
{
	struct wlr_output_mode *mode = wlr_output_preferred_mode(wlr_output);

	if (mode) {
		wlr_output_set_mode(wlr_output, mode);
	}
	if (config) {
		wlr_output_set_scale(wlr_output, (float)config->scale);
	}
	wlr_output_enable(wlr_output, true);
	return wlr_output_commit(wlr_output);
}

static void add_to_layout(struct bulkhead_server *server,
		struct wlr_output *wlr_output,
		const struct bulkhead_output_config *config)
{
	if (config && config->has_position) {
		wlr_output_layout_add(server->output_layout, wlr_output,
			config->x, config->y);
	} else {
		wlr_output_layout_add_auto(server->output_layout, wlr_output);
	}
}

/* Nested in a Wayland or X11 session, name the window after the product. */
static void set_title(struct wlr_output *wlr_output)
{
	if (wlr_output_is_wl(wlr_output)) {
		wlr_wl_output_set_title(wlr_output, "bulkhead");
	} else if (wlr_output_is_x11(wlr_output)) {
		wlr_x11_output_set_title(wlr_output, "bulkhead");
	}
}

static void handle_new_output(struct wl_listener *listener, void *data)
{
	struct bulkhead_server *server =
		wl_container_of(listener, server, new_output);
	struct wlr_output *wlr_output = data;
	const struct bulkhead_output_config *config =
		config_find_output(server->config, wlr_output->name);
	struct bulkhead_output *output;

	if (!wlr_output_init_render(wlr_output, server->allocator,
			server->renderer)) {
		wlr_log(WLR_ERROR, "Failed to set up rendering on output %s",
			wlr_output->name);
		return;
	}
	if (!enable_output(wlr_output, config)) {
		wlr_log(WLR_ERROR, "Failed to enable output %s", wlr_output->name);
		return;
	}
	set_title(wlr_output);
	nested_output_added(wlr_output);

	output = calloc(1, sizeof(*output));
	output->server = server;
	output->wlr_output = wlr_output;
	output->frame.notify = handle_frame;
	wl_signal_add(&wlr_output->events.frame, &output->frame);
	output->destroy.notify = handle_destroy;
	wl_signal_add(&wlr_output->events.destroy, &output->destroy);
	wl_list_insert(server->outputs.prev, &output->link);

	output->background = wlr_scene_rect_create(
		&server->background_tree->node, 0, 0, background_color);
	output->panel = panel_create(output);
	add_to_layout(server, wlr_output, config);
	wlr_log(WLR_INFO, "Output %s: %dx%d at scale %.2f", wlr_output->name,
		wlr_output->width, wlr_output->height, wlr_output->scale);
}

/* Brings back a view whose frame is on no output any more. */
static void rescue_view(struct bulkhead_view *view, const struct wlr_box *area)
{
	struct wlr_box frame;
	int border = view->server->config->border_width;

	view_get_frame_box(view, &frame);
	if (wlr_output_layout_intersects(view->server->output_layout, NULL,
			&frame)) {
		return;
	}
	view_move(view, area->x + border + 16,
		area->y + BULKHEAD_TITLE_HEIGHT + border + 16);
	wlr_log(WLR_INFO, "View %u moved back on screen", view->id);
}

/*
 * The layout changed: an output came, went or moved. Backgrounds and
 * panels follow their outputs, and views left outside every output come
 * back onto the first one.
 */
static void handle_layout_change(struct wl_listener *listener, void *data)
{
	struct bulkhead_server *server = wl_container_of(listener, server,
		layout_change);
	struct bulkhead_output *output;
	struct bulkhead_view *view;
	struct wlr_box area;

	wl_list_for_each(output, &server->outputs, link) {
		update_background(output);
		if (output->panel) {
			panel_update_geometry(output->panel);
		}
	}
	if (!output_get_usable_area(server, 0, 0, &area)) {
		return;
	}
	wl_list_for_each(view, &server->views, link) {
		if (view->mapped) {
			rescue_view(view, &area);
		}
	}
}

void outputs_init(struct bulkhead_server *server)
{
	server->new_output.notify = handle_new_output;
	wl_signal_add(&server->backend->events.new_output, &server->new_output);
	server->layout_change.notify = handle_layout_change;
	wl_signal_add(&server->output_layout->events.change,
		&server->layout_change);
}

void outputs_finish(struct bulkhead_server *server)
{
	wl_list_remove(&server->new_output.link);
	wl_list_remove(&server->layout_change.link);
}

bool output_get_usable_area(struct bulkhead_server *server, double lx,
		double ly, struct wlr_box *box)
{
	struct wlr_output *wlr_output = wlr_output_layout_output_at(
		server->output_layout, lx, ly);
	struct bulkhead_output *first;

	if (!wlr_output) {
		if (wl_list_empty(&server->outputs)) {
			return false;
		}
		first = wl_container_of(server->outputs.next, first, link);
		wlr_output = first->wlr_output;
	}
	*box = *wlr_output_layout_get_box(server->output_layout, wlr_output);
	box->y += BULKHEAD_PANEL_HEIGHT;
	box->height -= BULKHEAD_PANEL_HEIGHT;
	return !wlr_box_empty(box);
}
