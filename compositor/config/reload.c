/*
 * Config reload (SIGHUP or bulkheadctl reload): colors, badges, bindings,
 * the keyboard, workspaces and VMs change without restarting any client.
 * A reload that cannot be applied leaves the running config in place.
 */
#include <string.h>
#include <wlr/types/wlr_input_device.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>
#include "compositor/config.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/app_grid.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "../input/input-internal.h"

static struct bulkhead_workspace_config *find_config(
		struct bulkhead_config *config, const char *name)
{
	for (guint i = 0; i < config->workspaces->len; i++) {
		struct bulkhead_workspace_config *workspace =
			g_ptr_array_index(config->workspaces, i);

		if (!strcmp(workspace->name, name)) {
			return workspace;
		}
	}
	return NULL;
}

static bool same_kind(const struct bulkhead_workspace *workspace,
		const struct bulkhead_workspace_config *config)
{
	return (workspace->kind == BULKHEAD_WORKSPACE_VM) ==
		(config->vm_name != NULL);
}

/* Rejects changes that would cut off clients that are connected now. */
static bool check_applicable(struct bulkhead_server *server,
		struct bulkhead_config *config, GError **error)
{
	struct bulkhead_workspace *workspace;

	wl_list_for_each(workspace, &server->workspaces, link) {
		struct bulkhead_workspace_config *next =
			find_config(config, workspace->name);

		if (workspace == server->default_workspace &&
				(!next || !next->is_default)) {
			g_set_error(error, G_KEY_FILE_ERROR,
				G_KEY_FILE_ERROR_INVALID_VALUE, "the default "
				"workspace %s must stay the default; changing "
				"it needs a restart", workspace->name);
			return false;
		}
		if ((!next || !same_kind(workspace, next)) &&
				workspace_has_clients(workspace)) {
			g_set_error(error, G_KEY_FILE_ERROR,
				G_KEY_FILE_ERROR_INVALID_VALUE, "workspace %s "
				"would be removed or change kind but still has "
				"clients; close them first", workspace->name);
			return false;
		}
	}
	return true;
}

/* Updates kept workspaces, drops removed ones and creates new ones. */
static bool apply_workspaces(struct bulkhead_server *server,
		struct bulkhead_config *config, GError **error)
{
	struct bulkhead_workspace *workspace, *tmp;
	struct wl_list ordered;

	wl_list_for_each_safe(workspace, tmp, &server->workspaces, link) {
		struct bulkhead_workspace_config *next =
			find_config(config, workspace->name);

		if (next && same_kind(workspace, next)) {
			workspace_apply_config(workspace, next);
		} else {
			wlr_log(WLR_INFO, "Reload removes workspace %s",
				workspace->name);
			workspace_destroy(workspace);
		}
	}
	/* Put the workspaces in the new config order, creating new ones. */
	wl_list_init(&ordered);
	for (guint i = 0; i < config->workspaces->len; i++) {
		struct bulkhead_workspace_config *next =
			g_ptr_array_index(config->workspaces, i);

		workspace = workspace_find(server, next->name);
		if (!workspace) {
			workspace = workspace_create(server, next);
			if (!workspace) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
					"cannot listen on the socket of new "
					"workspace %s; see the log", next->name);
				wl_list_insert_list(&server->workspaces, &ordered);
				return false;
			}
			wlr_log(WLR_INFO, "Reload adds workspace %s", next->name);
		}
		wl_list_remove(&workspace->link);
		wl_list_insert(ordered.prev, &workspace->link);
	}
	wl_list_insert_list(&server->workspaces, &ordered);
	return true;
}

static void apply_keyboard(struct bulkhead_seat *seat)
{
	struct bulkhead_config *config = seat->server->config;
	struct xkb_keymap *old = seat->keymap;
	struct bulkhead_keyboard *keyboard;

	if (!keyboard_compile_keymap(seat)) {
		seat->keymap = old;
		return;
	}
	wl_list_for_each(keyboard, &seat->keyboards, link) {
		if (keyboard->is_virtual) {
			continue;
		}
		wlr_keyboard_set_keymap(keyboard->device->keyboard, seat->keymap);
		wlr_keyboard_set_repeat_info(keyboard->device->keyboard,
			config->repeat_rate, config->repeat_delay);
	}
	xkb_keymap_unref(old);
}

static void redraw_everything(struct bulkhead_server *server)
{
	struct bulkhead_view *view;

	/* The grid lists apps per workspace; it rebuilds on its next open. */
	app_grid_close(server);
	if (!server->seat->focused_workspace ||
			!workspace_find(server, server->seat->focused_workspace->name)) {
		server->seat->focused_workspace = server->default_workspace;
	}

	wl_list_for_each(view, &server->views, link) {
		if (view->mapped) {
			view_update_frame(view);
		}
	}
	panels_schedule_redraw(server);
}

/* Every failed reload, by SIGHUP or bulkheadctl, shows in the panel. */
static void show_failure(struct bulkhead_server *server, const GError *error)
{
	g_autofree char *message = g_strdup_printf("Config reload failed, the "
		"running config stays: %s", error->message);

	panels_show_error(server, message);
}

bool server_reload_config(struct bulkhead_server *server, GError **error)
{
	struct bulkhead_config *config = config_load(server->config_path, error);
	struct bulkhead_config *old = server->config;

	if (!config) {
		show_failure(server, *error);
		return false;
	}
	if (!check_applicable(server, config, error)) {
		show_failure(server, *error);
		config_free(config);
		return false;
	}
	/* VM objects point into the old specs: drop them, the VMs run on. */
	vms_finish(server);
	if (!apply_workspaces(server, config, error)) {
		/* Go back to the old config, which the workspaces still fit. */
		struct bulkhead_workspace *workspace;

		wl_list_for_each(workspace, &server->workspaces, link) {
			struct bulkhead_workspace_config *previous =
				find_config(old, workspace->name);

			if (previous) {
				workspace_apply_config(workspace, previous);
			}
		}
		vms_init(server);
		config_free(config);
		show_failure(server, *error);
		return false;
	}
	server->config = config;
	config_free(old);
	apply_keyboard(server->seat);
	vms_init(server);
	redraw_everything(server);
	panels_clear_error(server);
	wlr_log(WLR_INFO, "Reloaded the config from %s", config->path ?
		config->path : "the built-in default");
	return true;
}
