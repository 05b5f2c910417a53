/*
 * Host apps: the desktop entries of XDG_DATA_HOME and XDG_DATA_DIRS, read
 * with GDesktopAppInfo, which resolves ids shadowed by earlier directories,
 * drops Hidden entries and those whose TryExec is not installed, and picks
 * the user's locale. g_app_info_should_show applies NoDisplay, OnlyShowIn
 * and NotShowIn.
 */
#include <string.h>
#include <sys/stat.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/workspace.h"

static char *get_icon_string(GIcon *icon)
{
	if (G_IS_THEMED_ICON(icon)) {
		const char *const *names =
			g_themed_icon_get_names(G_THEMED_ICON(icon));

		return names && names[0] ? g_strdup(names[0]) : NULL;
	}
	if (G_IS_FILE_ICON(icon)) {
		return g_file_get_path(g_file_icon_get_file(G_FILE_ICON(icon)));
	}
	return NULL;
}

static struct bulkhead_app *create_host_app(
		struct bulkhead_workspace *workspace, GDesktopAppInfo *info)
{
	GAppInfo *app_info = G_APP_INFO(info);
	struct bulkhead_app *app = app_new(workspace,
		g_app_info_get_id(app_info));
	const char *const *keywords = g_desktop_app_info_get_keywords(info);

	app->name = g_strdup(g_app_info_get_name(app_info));
	app->generic_name = g_strdup(g_desktop_app_info_get_generic_name(info));
	app->keywords = g_strdupv((char **)keywords);
	app->icon = get_icon_string(g_app_info_get_icon(app_info));
	app->info = g_object_ref(info);
	return app;
}

void host_apps_add(struct bulkhead_apps *apps,
		struct bulkhead_workspace *workspace, GPtrArray *out)
{
	GList *infos = g_app_info_get_all();

	for (GList *item = infos; item; item = item->next) {
		GAppInfo *info = item->data;

		if (G_IS_DESKTOP_APP_INFO(info) && g_app_info_should_show(info)
				&& g_app_info_get_id(info)) {
			g_ptr_array_add(out, create_host_app(workspace,
				G_DESKTOP_APP_INFO(info)));
		}
	}
	g_list_free_full(infos, g_object_unref);
}

GDesktopAppInfo *host_apps_lookup(const char *id)
{
	return g_desktop_app_info_new(id);
}

/* Returns why a desktop entry is invalid, or NULL when it is valid. */
static char *check_entry(const char *path)
{
	g_autoptr(GKeyFile) key_file = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *type = NULL;
	g_autofree char *exec = NULL;
	const char *group = G_KEY_FILE_DESKTOP_GROUP;

	if (!g_key_file_load_from_file(key_file, path, G_KEY_FILE_NONE,
			&error)) {
		return g_strdup(error->message);
	}
	if (!g_key_file_has_group(key_file, group)) {
		return g_strdup("missing the [Desktop Entry] group");
	}
	type = g_key_file_get_string(key_file, group, "Type", NULL);
	if (!type) {
		return g_strdup("missing the Type key");
	}
	if (!g_key_file_has_key(key_file, group, "Name", NULL)) {
		return g_strdup("missing the Name key");
	}
	exec = g_key_file_get_string(key_file, group, "Exec", NULL);
	if (!strcmp(type, "Application") && !exec &&
			!g_key_file_get_boolean(key_file, group,
				"DBusActivatable", NULL)) {
		return g_strdup("an Application entry without an Exec key");
	}
	return NULL;
}

static void check_file(struct bulkhead_apps *apps, const char *path)
{
	struct stat info;
	gpointer reported;
	g_autofree char *reason = NULL;

	if (stat(path, &info) != 0) {
		return;
	}
	/* Report each version of a file once, not on every refresh. */
	if (g_hash_table_lookup_extended(apps->reported_files, path, NULL,
			&reported) &&
			GPOINTER_TO_SIZE(reported) == (gsize)info.st_mtime) {
		return;
	}
	reason = check_entry(path);
	if (reason) {
		wlr_log(WLR_INFO, "Skipped the desktop entry %s: %s", path,
			reason);
		g_hash_table_insert(apps->reported_files, g_strdup(path),
			GSIZE_TO_POINTER((gsize)info.st_mtime));
	} else {
		g_hash_table_remove(apps->reported_files, path);
	}
}

static void check_directory(struct bulkhead_apps *apps, const char *path,
		int depth)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const char *name;

	if (!dir || depth > 4) {
		return;
	}
	while ((name = g_dir_read_name(dir))) {
		g_autofree char *child = g_build_filename(path, name, NULL);

		if (g_str_has_suffix(name, ".desktop")) {
			check_file(apps, child);
		} else if (g_file_test(child, G_FILE_TEST_IS_DIR)) {
			check_directory(apps, child, depth + 1);
		}
	}
}

void host_apps_report_broken(struct bulkhead_apps *apps)
{
	const char *const *dirs = g_get_system_data_dirs();
	g_autofree char *user_dir = g_build_filename(g_get_user_data_dir(),
		"applications", NULL);

	check_directory(apps, user_dir, 0);
	for (size_t i = 0; dirs[i]; i++) {
		g_autofree char *dir = g_build_filename(dirs[i], "applications",
			NULL);

		check_directory(apps, dir, 0);
	}
}
