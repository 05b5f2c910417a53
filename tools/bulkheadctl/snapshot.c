#include <wayland-client.h>

#include "bulkheadctl.h"

/*
 * Copies a string from the compositor. Titles and app ids come from
 * clients, so invalid UTF-8 is replaced to keep JSON output valid.
 */
static char *copy_text(const char *text)
{
	return g_utf8_make_valid(text, -1);
}

static char *copy_optional_text(const char *text)
{
	return text[0] != '\0' ? copy_text(text) : NULL;
}

static void free_workspace(gpointer data)
{
	struct ctl_workspace *workspace = data;
	g_free(workspace->name);
	g_free(workspace->color);
	g_free(workspace->badge);
	g_free(workspace->vm_state);
	g_free(workspace->last_error);
	g_free(workspace);
}

static void free_window(gpointer data)
{
	struct ctl_window *window = data;
	g_free(window->workspace);
	g_free(window->title);
	g_free(window->app_id);
	g_free(window->hint);
	g_free(window);
}

static void handle_workspace(void *data,
		struct bulkhead_control_snapshot_v1 *proxy, const char *name,
		const char *color, const char *badge, uint32_t kind,
		const char *vm_state, const char *last_error, uint32_t focused)
{
	struct ctl_snapshot *snapshot = data;
	struct ctl_workspace *workspace = g_new0(struct ctl_workspace, 1);

	workspace->name = copy_text(name);
	workspace->color = copy_text(color);
	workspace->badge = copy_optional_text(badge);
	workspace->kind = kind;
	if (kind == BULKHEAD_CONTROL_SNAPSHOT_V1_WORKSPACE_KIND_VM) {
		workspace->vm_state = copy_text(vm_state);
	}
	workspace->last_error = copy_optional_text(last_error);
	workspace->focused = focused != 0;
	g_ptr_array_add(snapshot->workspaces, workspace);
}

static void handle_window(void *data,
		struct bulkhead_control_snapshot_v1 *proxy, uint32_t id,
		const char *workspace, uint32_t kind, const char *title,
		const char *app_id, int32_t x, int32_t y, int32_t width,
		int32_t height, uint32_t focused)
{
	struct ctl_snapshot *snapshot = data;
	struct ctl_window *window = g_new0(struct ctl_window, 1);

	window->id = id;
	window->workspace = copy_text(workspace);
	window->kind = kind;
	window->title = copy_text(title);
	window->app_id = copy_text(app_id);
	window->x = x;
	window->y = y;
	window->width = width;
	window->height = height;
	window->focused = focused != 0;
	g_ptr_array_add(snapshot->windows, window);
}

static void handle_window_hint(void *data,
		struct bulkhead_control_snapshot_v1 *proxy, uint32_t id,
		const char *hint)
{
	struct ctl_snapshot *snapshot = data;
	for (guint i = 0; i < snapshot->windows->len; i++) {
		struct ctl_window *window = snapshot->windows->pdata[i];
		if (window->id == id) {
			g_free(window->hint);
			window->hint = copy_text(hint);
			return;
		}
	}
}

static void handle_done(void *data, struct bulkhead_control_snapshot_v1 *proxy)
{
	struct ctl_snapshot *snapshot = data;
	snapshot->done = true;
}

static const struct bulkhead_control_snapshot_v1_listener snapshot_listener = {
	.workspace = handle_workspace,
	.window = handle_window,
	.window_hint = handle_window_hint,
	.done = handle_done,
};

bool snapshot_fetch(struct ctl_connection *conn, struct ctl_snapshot *snapshot)
{
	*snapshot = (struct ctl_snapshot){
		.workspaces = g_ptr_array_new_with_free_func(free_workspace),
		.windows = g_ptr_array_new_with_free_func(free_window),
	};

	struct bulkhead_control_snapshot_v1 *proxy =
		bulkhead_control_manager_v1_get_snapshot(conn->manager);
	bulkhead_control_snapshot_v1_add_listener(proxy, &snapshot_listener,
		snapshot);
	bool ok = connection_wait(conn, &snapshot->done);
	bulkhead_control_snapshot_v1_destroy(proxy);
	return ok;
}

void snapshot_finish(struct ctl_snapshot *snapshot)
{
	g_clear_pointer(&snapshot->workspaces, g_ptr_array_unref);
	g_clear_pointer(&snapshot->windows, g_ptr_array_unref);
}
