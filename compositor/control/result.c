#include <stdarg.h>
#include <wayland-server-core.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "private.h"

static void handle_result_destroy(struct wl_client *client,
		struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct bulkhead_control_result_v1_interface result_impl = {
	.destroy = handle_result_destroy,
};

struct wl_resource *control_result_create(struct wl_client *client,
		struct wl_resource *manager, uint32_t id)
{
	struct wl_resource *result = wl_resource_create(client,
		&bulkhead_control_result_v1_interface,
		wl_resource_get_version(manager), id);
	if (result == NULL) {
		wl_client_post_no_memory(client);
		return NULL;
	}
	wl_resource_set_implementation(result, &result_impl, NULL, NULL);
	return result;
}

void control_result_send_success(struct wl_resource *result,
		const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *message = g_strdup_vprintf(format, args);
	va_end(args);

	bulkhead_control_result_v1_send_success(result, message);
	g_free(message);
}

void control_result_send_failure(struct wl_resource *result,
		const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *message = g_strdup_vprintf(format, args);
	va_end(args);

	bulkhead_control_result_v1_send_failure(result, message);
	g_free(message);
}

void control_result_send_unknown_workspace(struct wl_resource *result,
		struct bulkhead_server *server, const char *name)
{
	GString *names = g_string_new(NULL);
	struct bulkhead_workspace *workspace;
	wl_list_for_each(workspace, &server->workspaces, link) {
		if (names->len > 0) {
			g_string_append(names, ", ");
		}
		g_string_append(names, workspace->name);
	}

	control_result_send_failure(result, "no workspace is named '%s'; "
		"the workspaces are: %s", name, names->str);
	g_string_free(names, TRUE);
}
