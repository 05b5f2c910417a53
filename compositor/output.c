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
#include "compositor/output.h"
#include "compositor/server.h"
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
	wlr_scene_node_destroy(&output->background->node);
	wl_list_remove(&output->frame.link);
	wl_list_remove(&output->destroy.link);
	wl_list_remove(&output->link);
	free(output);
}

static bool enable_output(struct wlr_output *wlr_output)
{
	struct wlr_output_mode *mode = wlr_output_preferred_mode(wlr_output);

	if (mode) {
		wlr_output_set_mode(wlr_output, mode);
	}
	wlr_output_enable(wlr_output, true);
	return wlr_output_commit(wlr_output);
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
	struct bulkhead_output *output;

	if (!wlr_output_init_render(wlr_output, server->allocator,
			server->renderer)) {
		wlr_log(WLR_ERROR, "Failed to set up rendering on output %s",
			wlr_output->name);
		return;
	}
	if (!enable_output(wlr_output)) {
		wlr_log(WLR_ERROR, "Failed to enable output %s", wlr_output->name);
		return;
	}
	set_title(wlr_output);

	output = calloc(1, sizeof(*output));
	output->server = server;
	output->wlr_output = wlr_output;
	output->frame.notify = handle_frame;
	wl_signal_add(&wlr_output->events.frame, &output->frame);
	output->destroy.notify = handle_destroy;
	wl_signal_add(&wlr_output->events.destroy, &output->destroy);
	wl_list_insert(server->outputs.prev, &output->link);

	wlr_output_layout_add_auto(server->output_layout, wlr_output);
	output->background = wlr_scene_rect_create(
		&server->background_tree->node, 0, 0, background_color);
	update_background(output);
	output->panel = panel_create(output);
	wlr_log(WLR_INFO, "Output %s: %dx%d at scale %.2f", wlr_output->name,
		wlr_output->width, wlr_output->height, wlr_output->scale);
}

void outputs_init(struct bulkhead_server *server)
{
	server->new_output.notify = handle_new_output;
	wl_signal_add(&server->backend->events.new_output, &server->new_output);
}

void outputs_finish(struct bulkhead_server *server)
{
	wl_list_remove(&server->new_output.link);
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
