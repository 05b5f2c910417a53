#include <wayland-server-core.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/config.h"
#include "compositor/control.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "private.h"

static const char *get_vm_state(struct bulkhead_workspace *workspace)
{
	if (workspace->kind != BULKHEAD_WORKSPACE_VM) {
		return "";
	}
	if (workspace->vm == NULL) {
		return "unavailable";
	}
	return vm_get_state_name(workspace->vm);
}

static char *get_last_error(struct bulkhead_workspace *workspace)
{
	const char *error = workspace->vm != NULL ?
		vm_get_last_error(workspace->vm) : NULL;
	return control_copy_text(error, CONTROL_MAX_TEXT_SIZE);
}

/*
 * The workspace reported as focused: the focused view's, else the seat's,
 * else the default one, so that exactly one workspace is focused.
 */
static struct bulkhead_workspace *get_focused_workspace(
		struct bulkhead_server *server)
{
	struct bulkhead_seat *seat = server->seat;
	if (seat->focused_view != NULL) {
		return seat->focused_view->workspace;
	}
	if (seat->focused_workspace != NULL) {
		return seat->focused_workspace;
	}
	return server->default_workspace;
}

static void send_workspaces(struct wl_resource *snapshot,
		struct bulkhead_server *server)
{
	struct bulkhead_workspace *focused = get_focused_workspace(server);
	struct bulkhead_workspace *workspace;
	wl_list_for_each(workspace, &server->workspaces, link) {
		char color[8];
		workspace_format_color(workspace->color, color);
		const char *badge = workspace->config->badge;
		uint32_t kind = workspace->kind == BULKHEAD_WORKSPACE_VM ?
			BULKHEAD_CONTROL_SNAPSHOT_V1_WORKSPACE_KIND_VM :
			BULKHEAD_CONTROL_SNAPSHOT_V1_WORKSPACE_KIND_HOST;

		char *last_error = get_last_error(workspace);

		bulkhead_control_snapshot_v1_send_workspace(snapshot,
			workspace->name, color, badge != NULL ? badge : "",
			kind, get_vm_state(workspace), last_error,
			workspace == focused);
		g_free(last_error);
	}
}

static void send_window_hint(struct wl_resource *snapshot,
		struct bulkhead_view *view)
{
	if (view->title_hint == NULL || wl_resource_get_version(snapshot) <
			BULKHEAD_CONTROL_SNAPSHOT_V1_WINDOW_HINT_SINCE_VERSION) {
		return;
	}
	char *hint = control_copy_text(view->title_hint,
		CONTROL_MAX_TEXT_SIZE);
	bulkhead_control_snapshot_v1_send_window_hint(snapshot, view->id,
		hint);
	g_free(hint);
}

static void send_windows(struct wl_resource *snapshot,
		struct bulkhead_server *server)
{
	struct bulkhead_view *focused = server->seat->focused_view;
	struct bulkhead_view *view;
	wl_list_for_each(view, &server->views, link) {
		if (!view->mapped) {
			continue;
		}
		uint32_t kind = view->kind == BULKHEAD_VIEW_GUEST_DISPLAY ?
			BULKHEAD_CONTROL_SNAPSHOT_V1_WINDOW_KIND_GUEST_DISPLAY :
			BULKHEAD_CONTROL_SNAPSHOT_V1_WINDOW_KIND_TOPLEVEL;

		char *title = control_copy_text(view->title,
			CONTROL_MAX_TEXT_SIZE);
		char *app_id = control_copy_text(view->app_id,
			CONTROL_MAX_TEXT_SIZE);

		bulkhead_control_snapshot_v1_send_window(snapshot, view->id,
			view->workspace->name, kind, title, app_id,
			view->x, view->y, view->width, view->height,
			view == focused);
		send_window_hint(snapshot, view);
		g_free(title);
		g_free(app_id);
	}
}

static void handle_snapshot_destroy(struct wl_client *client,
		struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct bulkhead_control_snapshot_v1_interface snapshot_impl = {
	.destroy = handle_snapshot_destroy,
};

void control_handle_get_snapshot(struct wl_client *client,
		struct wl_resource *manager, uint32_t id)
{
	struct wl_resource *snapshot = wl_resource_create(client,
		&bulkhead_control_snapshot_v1_interface,
		wl_resource_get_version(manager), id);
	if (snapshot == NULL) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(snapshot, &snapshot_impl, NULL, NULL);

	/* After control_finish the snapshot is empty. */
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	if (control != NULL) {
		send_workspaces(snapshot, control->server);
		send_windows(snapshot, control->server);
	}
	bulkhead_control_snapshot_v1_send_done(snapshot);
}
