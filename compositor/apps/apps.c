/*
 * The registry of apps: builds the combined list of every workspace's apps
 * and keeps the vm workspaces' lists between VM runs.
 */
#include <string.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/config.h"
#include "compositor/server.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"

/* A running guest's entries are read again at most this often. */
#define GUEST_QUERY_INTERVAL_US (30 * G_USEC_PER_SEC)

struct bulkhead_app *app_new(struct bulkhead_workspace *workspace,
		const char *id)
{
	struct bulkhead_app *app = g_new0(struct bulkhead_app, 1);

	app->workspace = workspace;
	app->id = g_strdup(id);
	return app;
}

void app_free(gpointer data)
{
	struct bulkhead_app *app = data;

	g_free(app->id);
	g_free(app->name);
	g_free(app->generic_name);
	g_strfreev(app->keywords);
	g_free(app->icon);
	g_clear_object(&app->info);
	g_strfreev(app->guest_argv);
	g_free(app);
}

static void vm_list_free(gpointer data)
{
	struct apps_vm_list *list = data;

	g_clear_pointer(&list->guest_apps, g_ptr_array_unref);
	g_free(list);
}

struct bulkhead_apps *apps_get(struct bulkhead_server *server)
{
	struct bulkhead_workspace *workspace;
	struct bulkhead_apps *apps = server->apps;

	if (apps) {
		return apps;
	}
	apps = g_new0(struct bulkhead_apps, 1);
	apps->server = server;
	apps->vm_lists = g_ptr_array_new_with_free_func(vm_list_free);
	apps->icons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		(GDestroyNotify)cairo_surface_destroy);
	apps->reported_files = g_hash_table_new_full(g_str_hash, g_str_equal,
		g_free, NULL);
	server->apps = apps;
	wl_list_for_each(workspace, &server->workspaces, link) {
		struct apps_vm_list *list;

		if (workspace->kind != BULKHEAD_WORKSPACE_VM) {
			continue;
		}
		list = g_new0(struct apps_vm_list, 1);
		list->workspace = workspace;
		guest_apps_load_cache(list);
		g_ptr_array_add(apps->vm_lists, list);
	}
	return apps;
}

void apps_init(struct bulkhead_server *server)
{
	apps_get(server);
}

void apps_finish(struct bulkhead_server *server)
{
	struct bulkhead_apps *apps = server->apps;

	if (!apps) {
		return;
	}
	/* Queries and launches still running hold no pointer to apps. */
	g_clear_pointer(&apps->list, g_ptr_array_unref);
	g_ptr_array_unref(apps->vm_lists);
	g_hash_table_destroy(apps->icons);
	g_hash_table_destroy(apps->reported_files);
	g_free(apps);
	server->apps = NULL;
}

struct apps_vm_list *apps_get_vm_list(struct bulkhead_apps *apps,
		struct bulkhead_workspace *workspace)
{
	for (guint i = 0; i < apps->vm_lists->len; i++) {
		struct apps_vm_list *list = apps->vm_lists->pdata[i];

		if (list->workspace == workspace) {
			return list;
		}
	}
	return NULL;
}

static struct bulkhead_app *copy_app(const struct bulkhead_app *source)
{
	struct bulkhead_app *app = app_new(source->workspace, source->id);

	app->name = g_strdup(source->name);
	app->generic_name = g_strdup(source->generic_name);
	app->keywords = g_strdupv(source->keywords);
	app->icon = g_strdup(source->icon);
	app->guest_argv = g_strdupv(source->guest_argv);
	return app;
}

static bool has_app(GPtrArray *array, guint start, const char *id)
{
	for (guint i = start; i < array->len; i++) {
		struct bulkhead_app *app = array->pdata[i];

		if (!strcmp(app->id, id)) {
			return true;
		}
	}
	return false;
}

/*
 * A configured id the guest has not reported yet: named and drawn after the
 * host's entry of the same id when there is one, else after the id.
 */
static struct bulkhead_app *create_configured_app(
		struct bulkhead_workspace *workspace, const char *id)
{
	struct bulkhead_app *app = app_new(workspace, id);
	GDesktopAppInfo *info = host_apps_lookup(id);

	if (info) {
		GIcon *icon = g_app_info_get_icon(G_APP_INFO(info));

		app->name = g_strdup(g_app_info_get_name(G_APP_INFO(info)));
		app->generic_name = g_strdup(
			g_desktop_app_info_get_generic_name(info));
		app->keywords = g_strdupv((char **)
			g_desktop_app_info_get_keywords(info));
		if (G_IS_THEMED_ICON(icon)) {
			app->icon = g_strdup(g_themed_icon_get_names(
				G_THEMED_ICON(icon))[0]);
		}
		g_object_unref(info);
	} else {
		app->name = g_strdup(id);
		if (g_str_has_suffix(app->name, ".desktop")) {
			app->name[strlen(app->name) - strlen(".desktop")] = '\0';
		}
	}
	return app;
}

static void add_vm_apps(struct bulkhead_apps *apps,
		struct bulkhead_workspace *workspace, GPtrArray *out)
{
	struct apps_vm_list *list = apps_get_vm_list(apps, workspace);
	char **configured = workspace->config->apps;
	guint start = out->len;

	if (list && list->guest_apps) {
		for (guint i = 0; i < list->guest_apps->len; i++) {
			g_ptr_array_add(out, copy_app(
				list->guest_apps->pdata[i]));
		}
	}
	for (size_t i = 0; configured && configured[i]; i++) {
		if (!has_app(out, start, configured[i])) {
			g_ptr_array_add(out, create_configured_app(workspace,
				configured[i]));
		}
	}
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	const struct bulkhead_app *app_a = *(struct bulkhead_app *const *)a;
	const struct bulkhead_app *app_b = *(struct bulkhead_app *const *)b;

	return g_utf8_collate(app_a->name, app_b->name);
}

static void handle_query_done(struct apps_vm_list *list, bool ok,
		const char *message, void *data)
{
	struct bulkhead_server *server = data;

	if (ok && server->apps && server->apps->changed) {
		server->apps->changed(server);
	}
}

/* Asks a running guest for its entries unless it responded recently. */
static void maybe_query_guest(struct bulkhead_apps *apps,
		struct bulkhead_workspace *workspace)
{
	struct apps_vm_list *list = apps_get_vm_list(apps, workspace);
	gint64 now = g_get_monotonic_time();

	if (!list || !workspace->vm || list->query_running ||
			strcmp(vm_get_state_name(workspace->vm), "running")) {
		return;
	}
	if (list->queried_at &&
			now - list->queried_at < GUEST_QUERY_INTERVAL_US) {
		return;
	}
	guest_apps_query(apps, list, handle_query_done, apps->server);
}

static GPtrArray *build_list(struct bulkhead_apps *apps)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(app_free);
	struct bulkhead_workspace *workspace;

	host_apps_report_broken(apps);
	wl_list_for_each(workspace, &apps->server->workspaces, link) {
		guint start = out->len;

		if (workspace->kind == BULKHEAD_WORKSPACE_HOST) {
			host_apps_add(apps, workspace, out);
		} else {
			add_vm_apps(apps, workspace, out);
		}
		/* Sort this workspace's part of the array by name. */
		if (out->len - start > 1) {
			qsort(out->pdata + start, out->len - start,
				sizeof(gpointer), compare_names);
		}
	}
	return out;
}

GPtrArray *apps_list(struct bulkhead_server *server)
{
	struct bulkhead_apps *apps = apps_get(server);
	struct bulkhead_workspace *workspace;

	g_clear_pointer(&apps->list, g_ptr_array_unref);
	apps->list = build_list(apps);
	wl_list_for_each(workspace, &server->workspaces, link) {
		if (workspace->kind == BULKHEAD_WORKSPACE_VM) {
			maybe_query_guest(apps, workspace);
		}
	}
	return g_ptr_array_ref(apps->list);
}

void apps_set_changed_func(struct bulkhead_server *server,
		bulkhead_apps_changed_func changed)
{
	apps_get(server)->changed = changed;
}

struct bulkhead_app *apps_find(struct bulkhead_server *server,
		struct bulkhead_workspace *workspace, const char *id)
{
	struct bulkhead_apps *apps = apps_get(server);

	if (!apps->list) {
		apps->list = build_list(apps);
	}
	for (guint i = 0; i < apps->list->len; i++) {
		struct bulkhead_app *app = apps->list->pdata[i];

		if (app->workspace == workspace && !strcmp(app->id, id)) {
			return app;
		}
	}
	return NULL;
}
