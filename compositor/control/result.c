#include <stdarg.h>
#include <string.h>
#include <wayland-server-core.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "private.h"

char *control_copy_text(const char *text, size_t max_size)
{
	if (text == NULL) {
		return g_strdup("");
	}

	size_t length = strnlen(text, max_size);
	if (length < max_size) {
		return g_strndup(text, length);
	}

	/* Back up over UTF-8 continuation bytes (10xxxxxx). */
	length = max_size - 1;
	while (length > 0 && ((unsigned char)text[length] & 0xc0) == 0x80) {
		length--;
	}
	return g_strndup(text, length);
}

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
	char *text = g_strdup_vprintf(format, args);
	va_end(args);

	char *message = control_copy_text(text, CONTROL_MAX_MESSAGE_SIZE);
	bulkhead_control_result_v1_send_success(result, message);
	g_free(message);
	g_free(text);
}

void control_result_send_failure(struct wl_resource *result,
		const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *text = g_strdup_vprintf(format, args);
	va_end(args);

	char *message = control_copy_text(text, CONTROL_MAX_MESSAGE_SIZE);
	bulkhead_control_result_v1_send_failure(result, message);
	g_free(message);
	g_free(text);
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
