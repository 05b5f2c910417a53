/* The get_apps and launch_app requests of the control protocol. */
#include <string.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/apps.h"
#include "compositor/config.h"
#include "compositor/control.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "private.h"

static void handle_apps_destroy(struct wl_client *client,
		struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct bulkhead_control_apps_v1_interface apps_impl = {
	.destroy = handle_apps_destroy,
};

static void send_app(struct wl_resource *resource,
		const struct bulkhead_app *app)
{
	const char *badge = app->workspace->kind == BULKHEAD_WORKSPACE_VM ?
		app->workspace->config->badge : NULL;
	g_autofree char *id = control_copy_text(app->id, 256);
	g_autofree char *name = control_copy_text(app->name, 256);
	g_autofree char *generic = control_copy_text(app->generic_name, 256);
	g_autofree char *icon = control_copy_text(app->icon,
		CONTROL_MAX_TEXT_SIZE);

	bulkhead_control_apps_v1_send_app(resource, app->workspace->name, id,
		name, generic, icon, badge ? badge : "");
}

void control_handle_get_apps(struct wl_client *client,
		struct wl_resource *manager, uint32_t id)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *resource = wl_resource_create(client,
		&bulkhead_control_apps_v1_interface,
		wl_resource_get_version(manager), id);
	g_autoptr(GPtrArray) apps = NULL;

	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &apps_impl, NULL, NULL);
	if (control) {
		apps = apps_list(control->server);
		for (guint i = 0; i < apps->len; i++) {
			send_app(resource, apps->pdata[i]);
		}
	}
	bulkhead_control_apps_v1_send_done(resource);
}

/*
 * A launch_app request waiting for its launch. The client may destroy the
 * result or disconnect first, which sets result to NULL.
 */
struct launch_request {
	struct wl_resource *result;
	struct wl_listener result_destroy;
};

static void handle_result_destroy(struct wl_listener *listener, void *data)
{
	struct launch_request *request =
		wl_container_of(listener, request, result_destroy);

	wl_list_remove(&request->result_destroy.link);
	request->result = NULL;
}

static void handle_launch_done(bool ok, const char *message, void *data)
{
	struct launch_request *request = data;

	if (request->result) {
		wl_list_remove(&request->result_destroy.link);
		if (ok) {
			control_result_send_success(request->result, "%s",
				message);
		} else {
			control_result_send_failure(request->result, "%s",
				message);
		}
	}
	g_free(request);
}

static void send_unknown_app(struct wl_resource *result,
		struct bulkhead_workspace *workspace, const char *app_id)
{
	control_result_send_failure(result, "workspace '%s' has no app '%s'; "
		"'bulkheadctl apps' lists the apps and their ids",
		workspace->name, app_id);
}

void control_handle_launch_app(struct wl_client *client,
		struct wl_resource *manager, uint32_t id, const char *name,
		const char *app_id)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	struct bulkhead_workspace *workspace;
	struct bulkhead_app *app;
	struct launch_request *request;

	if (!result) {
		return;
	}
	if (!control) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}
	workspace = workspace_find(control->server, name);
	if (!workspace) {
		control_result_send_unknown_workspace(result, control->server,
			name);
		return;
	}
	/* Reread the entries, so that a newly installed app is found. */
	g_ptr_array_unref(apps_list(control->server));
	app = apps_find(control->server, workspace, app_id);
	if (!app) {
		send_unknown_app(result, workspace, app_id);
		return;
	}
	request = g_new0(struct launch_request, 1);
	request->result = result;
	request->result_destroy.notify = handle_result_destroy;
	wl_resource_add_destroy_listener(result, &request->result_destroy);
	wlr_log(WLR_INFO, "Launching app %s of workspace %s on request",
		app_id, workspace->name);
	/* handle_launch_done may run before apps_launch returns. */
	apps_launch(control->server, app, handle_launch_done, request);
}
