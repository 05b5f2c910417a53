#include <stdlib.h>
#include <string.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/control.h"
#include "compositor/launch.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "private.h"

#define CONTROL_MANAGER_VERSION 2

static void handle_manager_destroy(struct wl_client *client,
		struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void send_no_window_failure(struct wl_resource *result,
		struct bulkhead_workspace *workspace)
{
	if (workspace->kind == BULKHEAD_WORKSPACE_VM) {
		const char *state = workspace->vm != NULL ?
			vm_get_state_name(workspace->vm) : "unavailable";
		if (strcmp(state, "off") == 0 || strcmp(state, "crashed") == 0) {
			control_result_send_failure(result, "workspace '%s' has "
				"no window to focus, and its VM is %s; start it "
				"with 'bulkheadctl vm on %s'", workspace->name,
				state, workspace->name);
			return;
		}
		control_result_send_failure(result, "workspace '%s' has no "
			"window to focus, and its VM is %s", workspace->name,
			state);
		return;
	}
	control_result_send_failure(result, "workspace '%s' has no window to "
		"focus; start a program with 'bulkheadctl launch %s -- CMD'",
		workspace->name, workspace->name);
}

static void handle_focus(struct wl_client *client,
		struct wl_resource *manager, uint32_t id, const char *target)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	if (result == NULL) {
		return;
	}
	if (control == NULL) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}

	struct bulkhead_server *server = control->server;
	struct bulkhead_seat *seat = server->seat;
	bool next = strcmp(target, "next") == 0;
	if (next || strcmp(target, "prev") == 0) {
		if (!seat_focus_workspace_step(seat, next ? 1 : -1)) {
			control_result_send_success(result, "focus unchanged: "
				"no other workspace has a window");
			return;
		}
		control_result_send_success(result, "focused workspace '%s'",
			seat->focused_workspace->name);
		return;
	}

	struct bulkhead_workspace *workspace = workspace_find(server, target);
	if (workspace == NULL) {
		control_result_send_unknown_workspace(result, server, target);
		return;
	}
	if (!seat_focus_workspace(seat, workspace)) {
		send_no_window_failure(result, workspace);
		return;
	}
	control_result_send_success(result, "focused workspace '%s'",
		workspace->name);
}

/* The host workspace to suggest when a command needs one. */
static const char *find_host_workspace_name(struct bulkhead_server *server)
{
	if (server->default_workspace != NULL &&
			server->default_workspace->kind ==
				BULKHEAD_WORKSPACE_HOST) {
		return server->default_workspace->name;
	}

	struct bulkhead_workspace *workspace;
	wl_list_for_each(workspace, &server->workspaces, link) {
		if (workspace->kind == BULKHEAD_WORKSPACE_HOST) {
			return workspace->name;
		}
	}
	return "none configured";
}

/*
 * Splits the launch request's array of NUL-terminated strings into a
 * NULL-terminated argv whose strings point into the array. Returns NULL when
 * the array is empty, the command is empty or the last string lacks its NUL.
 */
static char **unpack_argv(struct wl_array *packed)
{
	const char *data = packed->data;
	if (packed->size == 0 || data[0] == '\0' ||
			data[packed->size - 1] != '\0') {
		return NULL;
	}

	GPtrArray *argv = g_ptr_array_new();
	for (size_t offset = 0; offset < packed->size;
			offset += strlen(data + offset) + 1) {
		g_ptr_array_add(argv, (char *)data + offset);
	}
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

static void launch_command(struct wl_resource *result,
		struct bulkhead_workspace *workspace, char **argv)
{
	GError *error = NULL;
	if (!launch_host_command(workspace, argv, &error)) {
		wlr_log(WLR_ERROR, "Failed to launch '%s' in workspace '%s': %s",
			argv[0], workspace->name, error->message);
		control_result_send_failure(result, "failed to launch '%s' in "
			"workspace '%s': %s", argv[0], workspace->name,
			error->message);
		g_error_free(error);
		return;
	}

	wlr_log(WLR_INFO, "Launched '%s' in workspace '%s'", argv[0],
		workspace->name);
	control_result_send_success(result, "started '%s' in workspace '%s'",
		argv[0], workspace->name);
}

static void handle_launch(struct wl_client *client,
		struct wl_resource *manager, uint32_t id, const char *name,
		struct wl_array *packed_argv)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	if (result == NULL) {
		return;
	}
	if (control == NULL) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}

	struct bulkhead_server *server = control->server;
	struct bulkhead_workspace *workspace = workspace_find(server, name);
	if (workspace == NULL) {
		control_result_send_unknown_workspace(result, server, name);
		return;
	}
	if (workspace->kind == BULKHEAD_WORKSPACE_VM) {
		/* TODO: run it in the guest once vmctl can run guest commands. */
		control_result_send_failure(result, "workspace '%s' is a vm "
			"workspace, and running commands in its guest is not "
			"supported yet; start the program inside the VM, or "
			"launch it on a host workspace (%s)", workspace->name,
			find_host_workspace_name(server));
		return;
	}

	char **argv = unpack_argv(packed_argv);
	if (argv == NULL) {
		control_result_send_failure(result, "invalid command line for "
			"launch: expected one or more NUL-terminated strings, "
			"the first one not empty");
		return;
	}
	launch_command(result, workspace, argv);
	g_free(argv);
}

static void handle_resize_view(struct wl_client *client,
		struct wl_resource *manager, uint32_t id, uint32_t view_id,
		int32_t width, int32_t height)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	if (result == NULL) {
		return;
	}
	if (control == NULL) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}
	struct bulkhead_view *view = view_find_by_id(control->server, view_id);
	if (view == NULL || !view->mapped) {
		control_result_send_failure(result, "no window with id %u; "
			"bulkheadctl list shows the ids", view_id);
		return;
	}
	if (width < 1 || height < 1) {
		control_result_send_failure(result, "invalid size %dx%d: width "
			"and height must be at least 1", width, height);
		return;
	}
	view_request_size(view, width, height);
	control_result_send_success(result, "asked window %u for %dx%d",
		view_id, width, height);
}

static void handle_reload(struct wl_client *client,
		struct wl_resource *manager, uint32_t id)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	g_autoptr(GError) error = NULL;

	if (result == NULL) {
		return;
	}
	if (control == NULL) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}
	if (!server_reload_config(control->server, &error)) {
		control_result_send_failure(result, "reload failed, the running "
			"config stays: %s", error->message);
		return;
	}
	control_result_send_success(result, "reloaded the config");
}

static const struct bulkhead_control_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.get_snapshot = control_handle_get_snapshot,
	.focus = handle_focus,
	.launch = handle_launch,
	.vm_action = control_handle_vm_action,
	.get_apps = control_handle_get_apps,
	.launch_app = control_handle_launch_app,
	.resize_view = handle_resize_view,
	.reload = handle_reload,
};

static void handle_manager_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void bind_manager(struct wl_client *client, void *data,
		uint32_t version, uint32_t id)
{
	struct bulkhead_control *control = data;

	/*
	 * The global filter already hides the global from vm workspaces, so
	 * this check only stops a client that binds it anyway.
	 */
	struct bulkhead_workspace *workspace =
		workspace_from_client(control->server, client);
	if (workspace == NULL || workspace->kind != BULKHEAD_WORKSPACE_HOST) {
		wlr_log(WLR_ERROR, "Rejected a bind of the control global by "
			"a client of workspace '%s'",
			workspace != NULL ? workspace->name : "(unknown)");
		wl_client_post_implementation_error(client, "the control "
			"protocol is offered only to host workspaces");
		return;
	}

	struct wl_resource *resource = wl_resource_create(client,
		&bulkhead_control_manager_v1_interface, version, id);
	if (resource == NULL) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, control,
		handle_manager_resource_destroy);
	wl_list_insert(&control->manager_resources,
		wl_resource_get_link(resource));
}

bool control_init(struct bulkhead_server *server)
{
	struct bulkhead_control *control = calloc(1, sizeof(*control));
	if (control == NULL) {
		wlr_log(WLR_ERROR, "Failed to allocate the control protocol");
		return false;
	}
	control->server = server;
	wl_list_init(&control->manager_resources);
	control->global = wl_global_create(server->display,
		&bulkhead_control_manager_v1_interface,
		CONTROL_MANAGER_VERSION, control, bind_manager);
	if (control->global == NULL) {
		wlr_log(WLR_ERROR, "Failed to create the control global");
		free(control);
		return false;
	}
	server->control = control;
	return true;
}

void control_finish(struct bulkhead_server *server)
{
	struct bulkhead_control *control = server->control;
	if (control == NULL) {
		return;
	}

	struct wl_resource *resource;
	wl_resource_for_each(resource, &control->manager_resources) {
		wl_resource_set_user_data(resource, NULL);
	}
	wl_global_destroy(control->global);
	free(control);
	server->control = NULL;
}
