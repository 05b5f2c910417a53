#include <stdlib.h>
#include <wlr/backend.h>
#include <wlr/render/allocator.h>
#include <wlr/render/wlr_renderer.h>
#include <wlr/types/wlr_compositor.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_presentation_time.h>
#include <wlr/types/wlr_primary_selection_v1.h>
#include <wlr/types/wlr_server_decoration.h>
#include <wlr/types/wlr_viewporter.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_screencopy_v1.h>
#include <wlr/types/wlr_virtual_keyboard_v1.h>
#include <wlr/types/wlr_virtual_pointer_v1.h>
#include <wlr/types/wlr_xdg_decoration_v1.h>
#include <wlr/types/wlr_xdg_output_v1.h>
#include <wlr/types/wlr_xdg_shell.h>
#include <wlr/util/log.h>
#include "compositor/apps.h"
#include "compositor/config.h"
#include "compositor/control.h"
#include "compositor/output.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view/xdg.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "compositor/xwayland.h"

static bool init_rendering(struct bulkhead_server *server)
{
	server->backend = wlr_backend_autocreate(server->display);
	if (!server->backend) {
		wlr_log(WLR_ERROR, "Failed to create the wlroots backend");
		return false;
	}
	server->renderer = wlr_renderer_autocreate(server->backend);
	if (!server->renderer) {
		wlr_log(WLR_ERROR, "Failed to create a renderer");
		return false;
	}
	wlr_renderer_init_wl_display(server->renderer, server->display);
	server->allocator = wlr_allocator_autocreate(server->backend,
		server->renderer);
	if (!server->allocator) {
		wlr_log(WLR_ERROR, "Failed to create an allocator");
		return false;
	}
	return true;
}

static void init_scene(struct bulkhead_server *server)
{
	server->output_layout = wlr_output_layout_create();
	server->scene = wlr_scene_create();
	wlr_scene_attach_output_layout(server->scene, server->output_layout);
	server->background_tree = wlr_scene_tree_create(&server->scene->node);
	server->view_tree = wlr_scene_tree_create(&server->scene->node);
	server->overlay_tree = wlr_scene_tree_create(&server->scene->node);
}

static void init_globals(struct bulkhead_server *server)
{
	server->compositor = wlr_compositor_create(server->display,
		server->renderer);
	server->data_device_manager =
		wlr_data_device_manager_create(server->display);
	wlr_xdg_output_manager_v1_create(server->display,
		server->output_layout);
	server->screencopy_manager =
		wlr_screencopy_manager_v1_create(server->display);
	server->virtual_keyboard_manager =
		wlr_virtual_keyboard_manager_v1_create(server->display);
	server->virtual_pointer_manager =
		wlr_virtual_pointer_manager_v1_create(server->display);
	wlr_primary_selection_v1_device_manager_create(server->display);
	wlr_viewporter_create(server->display);
	server->presentation = wlr_presentation_create(server->display,
		server->backend);
	wlr_scene_set_presentation(server->scene, server->presentation);
	/* GTK 3 drops its own title bar when this reports server side. */
	wlr_server_decoration_manager_set_default_mode(
		wlr_server_decoration_manager_create(server->display),
		WLR_SERVER_DECORATION_MANAGER_MODE_SERVER);
}

bool server_init(struct bulkhead_server *server, struct bulkhead_config *config)
{
	server->config = config;
	server->next_view_id = 1;
	wl_list_init(&server->outputs);
	wl_list_init(&server->workspaces);
	wl_list_init(&server->views);

	server->display = wl_display_create();
	server->event_loop = wl_display_get_event_loop(server->display);
	if (!init_rendering(server)) {
		return false;
	}
	init_scene(server);
	init_globals(server);
	outputs_init(server);
	xdg_shell_init(server);
	activation_init(server);

	if (!workspaces_init(server)) {
		return false;
	}
	if (!seat_init(server)) {
		return false;
	}
	xwayland_init(server);
	if (!control_init(server)) {
		return false;
	}
	return vms_init(server);
}

bool server_start(struct bulkhead_server *server)
{
	if (!wlr_backend_start(server->backend)) {
		wlr_log(WLR_ERROR, "Failed to start the wlroots backend");
		return false;
	}
	return true;
}

void server_finish(struct bulkhead_server *server)
{
	if (!server->display) {
		return;
	}
	/* Clients go first, so that their views are gone before the seat. */
	xwayland_finish(server);
	wl_display_destroy_clients(server->display);
	apps_finish(server);
	vms_finish(server);
	control_finish(server);
	seat_finish(server);
	workspaces_finish(server);
	activation_finish(server);
	xdg_shell_finish(server);
	outputs_finish(server);
	if (server->backend) {
		wlr_backend_destroy(server->backend);
	}
	wl_display_destroy(server->display);
	/* The scene listens to the layout, so the layout goes first. */
	if (server->output_layout) {
		wlr_output_layout_destroy(server->output_layout);
	}
	if (server->scene) {
		wlr_scene_node_destroy(&server->scene->node);
	}
	if (server->allocator) {
		wlr_allocator_destroy(server->allocator);
	}
	if (server->renderer) {
		wlr_renderer_destroy(server->renderer);
	}
	free(server->wayland_display);
	server->display = NULL;
}
