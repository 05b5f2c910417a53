#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"

/*
 * Globals that let a client watch or drive other clients. Only clients of
 * host workspaces see them; a hidden global also cannot be bound.
 */
static const char *const privileged_interfaces[] = {
	"bulkhead_control_manager_v1",
	"zwlr_screencopy_manager_v1",
	"zwlr_export_dmabuf_manager_v1",
	"zwlr_data_control_manager_v1",
	"zwlr_gamma_control_manager_v1",
	"zwlr_layer_shell_v1",
	"zwlr_input_inhibit_manager_v1",
	"zwlr_foreign_toplevel_manager_v1",
	"zwlr_output_manager_v1",
	"zwlr_output_power_manager_v1",
	"zwlr_virtual_pointer_manager_v1",
	"zwp_virtual_keyboard_manager_v1",
	"zwp_input_method_manager_v2",
	"wp_drm_lease_device_v1",
	"zwp_keyboard_shortcuts_inhibit_manager_v1",
	NULL,
};

static bool is_privileged(const struct wl_global *global)
{
	const char *name = wl_global_get_interface(global)->name;

	return g_strv_contains(privileged_interfaces, name);
}

static bool filter_global(const struct wl_client *client,
		const struct wl_global *global, void *data)
{
	struct bulkhead_workspace *workspace =
		socket_get_client_workspace(client);

	if (!is_privileged(global)) {
		return true;
	}
	/* Clients the compositor did not accept get no privileges. */
	return workspace && workspace->kind == BULKHEAD_WORKSPACE_HOST;
}

static void color_to_floats(uint32_t color, float out[static 4])
{
	out[0] = ((color >> 16) & 0xff) / 255.0f;
	out[1] = ((color >> 8) & 0xff) / 255.0f;
	out[2] = (color & 0xff) / 255.0f;
	out[3] = 1.0f;
}

void workspace_format_color(const float color[static 4], char buffer[static 8])
{
	snprintf(buffer, 8, "#%02x%02x%02x",
		(unsigned)(color[0] * 255.0f + 0.5f),
		(unsigned)(color[1] * 255.0f + 0.5f),
		(unsigned)(color[2] * 255.0f + 0.5f));
}

/* Listens on the first free wayland-N, as wl_display_add_socket_auto does. */
static bool listen_display_socket(struct bulkhead_workspace *workspace)
{
	struct bulkhead_server *server = workspace->server;

	for (int i = 0; i < 32; i++) {
		char name[16];

		snprintf(name, sizeof(name), "wayland-%d", i);
		workspace->display_socket = socket_create(workspace, name, true);
		if (workspace->display_socket) {
			server->wayland_display = g_strdup(name);
			return true;
		}
	}
	wlr_log(WLR_ERROR, "No free wayland-N socket in XDG_RUNTIME_DIR");
	return false;
}

void workspace_apply_config(struct bulkhead_workspace *workspace,
		const struct bulkhead_workspace_config *config)
{
	workspace->config = config;
	workspace->name = config->name;
	color_to_floats(config->color, workspace->color);
	color_to_floats(config->focused_color, workspace->focused_color);
}

struct bulkhead_workspace *workspace_create(struct bulkhead_server *server,
		const struct bulkhead_workspace_config *config)
{
	struct bulkhead_workspace *workspace = calloc(1, sizeof(*workspace));
	g_autofree char *socket_name = g_strconcat("bulkhead-", config->name,
		NULL);

	workspace->server = server;
	workspace->kind = config->vm_name ?
		BULKHEAD_WORKSPACE_VM : BULKHEAD_WORKSPACE_HOST;
	workspace_apply_config(workspace, config);
	for (int i = 0; i < BULKHEAD_SELECTION_TYPE_COUNT; i++) {
		workspace->selections[i].workspace = workspace;
		workspace->selections[i].type = i;
		wl_list_init(&workspace->selections[i].destroy.link);
	}
	wl_list_insert(server->workspaces.prev, &workspace->link);

	workspace->socket = socket_create(workspace, socket_name, false);
	if (!workspace->socket ||
			(config->is_default && !listen_display_socket(workspace))) {
		workspace_destroy(workspace);
		return NULL;
	}
	if (config->is_default) {
		server->default_workspace = workspace;
	}
	return workspace;
}

bool workspaces_init(struct bulkhead_server *server)
{
	GPtrArray *configs = server->config->workspaces;

	for (guint i = 0; i < configs->len; i++) {
		if (!workspace_create(server, g_ptr_array_index(configs, i))) {
			return false;
		}
	}
	wl_display_set_global_filter(server->display, filter_global, server);
	return true;
}

void workspaces_finish(struct bulkhead_server *server)
{
	struct bulkhead_workspace *workspace, *tmp;

	wl_list_for_each_safe(workspace, tmp, &server->workspaces, link) {
		workspace_destroy(workspace);
	}
}

void workspace_destroy(struct bulkhead_workspace *workspace)
{
	socket_destroy(workspace->socket);
	socket_destroy(workspace->display_socket);
	wl_list_remove(&workspace->link);
	free(workspace);
}

bool workspace_has_clients(struct bulkhead_workspace *workspace)
{
	struct wl_list *clients =
		wl_display_get_client_list(workspace->server->display);
	struct wl_client *client;

	wl_client_for_each(client, clients) {
		if (socket_get_client_workspace(client) == workspace) {
			return true;
		}
	}
	return false;
}

struct bulkhead_workspace *workspace_find(struct bulkhead_server *server,
		const char *name)
{
	struct bulkhead_workspace *workspace;

	wl_list_for_each(workspace, &server->workspaces, link) {
		if (!strcmp(workspace->name, name)) {
			return workspace;
		}
	}
	return NULL;
}

struct bulkhead_workspace *workspace_from_client(struct bulkhead_server *server,
		const struct wl_client *client)
{
	return socket_get_client_workspace(client);
}

struct bulkhead_workspace *workspace_from_resource(
		struct bulkhead_server *server, struct wl_resource *resource)
{
	return workspace_from_client(server, wl_resource_get_client(resource));
}

struct bulkhead_view *workspace_get_recent_view(
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_view *view, *best = NULL;

	wl_list_for_each(view, &workspace->server->views, link) {
		if (view->workspace != workspace || !view->mapped) {
			continue;
		}
		/* Views never focused rank by stacking order, topmost wins. */
		if (!best || view->focus_sequence >= best->focus_sequence) {
			best = view;
		}
	}
	return best;
}

bool workspace_has_views(struct bulkhead_workspace *workspace)
{
	return workspace_get_recent_view(workspace) != NULL;
}
