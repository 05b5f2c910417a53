/*
 * Icons by the freedesktop Icon Theme Specification: the user's theme (GTK's
 * gtk-icon-theme-name in $XDG_CONFIG_HOME/gtk-3.0/settings.ini) and the
 * themes it inherits, then hicolor, then the base directories themselves and
 * /usr/share/pixmaps. PNG files load with cairo, SVG files with librsvg.
 */
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/server.h"

/* Larger icon files are not loaded, because app icons are far smaller. */
#define MAX_ICON_FILE_SIZE (4 * 1024 * 1024)
#define MAX_INHERIT_DEPTH 8

static const char *const extensions[] = { "png", "svg" };

struct icon_match {
	char *path;
	int distance;
};

/* $XDG_DATA_HOME/icons, ~/.icons, then each $XDG_DATA_DIRS/icons. */
static GPtrArray *get_base_dirs(void)
{
	GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
	const char *const *data_dirs = g_get_system_data_dirs();

	g_ptr_array_add(dirs, g_build_filename(g_get_user_data_dir(), "icons",
		NULL));
	g_ptr_array_add(dirs, g_build_filename(g_get_home_dir(), ".icons",
		NULL));
	for (size_t i = 0; data_dirs[i]; i++) {
		g_ptr_array_add(dirs, g_build_filename(data_dirs[i], "icons",
			NULL));
	}
	return dirs;
}

static char *get_user_theme(void)
{
	g_autoptr(GKeyFile) settings = g_key_file_new();
	g_autofree char *path = g_build_filename(g_get_user_config_dir(),
		"gtk-3.0", "settings.ini", NULL);

	if (!g_key_file_load_from_file(settings, path, G_KEY_FILE_NONE,
			NULL)) {
		return NULL;
	}
	return g_key_file_get_string(settings, "Settings",
		"gtk-icon-theme-name", NULL);
}

static GKeyFile *load_theme_index(GPtrArray *base_dirs, const char *theme)
{
	for (guint i = 0; i < base_dirs->len; i++) {
		g_autofree char *path = g_build_filename(base_dirs->pdata[i],
			theme, "index.theme", NULL);
		GKeyFile *index = g_key_file_new();

		/* Directories and Inherits are comma-separated lists. */
		g_key_file_set_list_separator(index, ',');
		if (g_key_file_load_from_file(index, path, G_KEY_FILE_NONE,
				NULL)) {
			return index;
		}
		g_key_file_free(index);
	}
	return NULL;
}

/* How far a theme subdirectory's icons are from size, in pixels. */
static int get_size_distance(GKeyFile *index, const char *subdir, int size)
{
	int nominal = g_key_file_get_integer(index, subdir, "Size", NULL);
	g_autofree char *type = g_key_file_get_string(index, subdir, "Type",
		NULL);
	int min = nominal, max = nominal;

	if (type && !strcmp(type, "Scalable")) {
		min = g_key_file_has_key(index, subdir, "MinSize", NULL) ?
			g_key_file_get_integer(index, subdir, "MinSize", NULL) :
			nominal;
		max = g_key_file_has_key(index, subdir, "MaxSize", NULL) ?
			g_key_file_get_integer(index, subdir, "MaxSize", NULL) :
			nominal;
	} else if (!type || !strcmp(type, "Threshold")) {
		int threshold = g_key_file_has_key(index, subdir, "Threshold",
			NULL) ? g_key_file_get_integer(index, subdir,
				"Threshold", NULL) : 2;

		min = nominal - threshold;
		max = nominal + threshold;
	}
	if (size < min) {
		return min - size;
	}
	return size > max ? size - max : 0;
}

static void match_in_theme(GPtrArray *base_dirs, GKeyFile *index,
		const char *theme, const char *name, int size,
		struct icon_match *best)
{
	g_auto(GStrv) subdirs = g_key_file_get_string_list(index,
		"Icon Theme", "Directories", NULL, NULL);

	for (size_t i = 0; subdirs && subdirs[i]; i++) {
		int distance = get_size_distance(index, subdirs[i], size);

		if (best->path && distance >= best->distance) {
			continue;
		}
		for (guint b = 0; b < base_dirs->len; b++) {
			for (size_t e = 0; e < G_N_ELEMENTS(extensions); e++) {
				g_autofree char *file = g_strdup_printf(
					"%s.%s", name, extensions[e]);
				char *path = g_build_filename(
					base_dirs->pdata[b], theme, subdirs[i],
					file, NULL);

				if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
					g_free(path);
					continue;
				}
				g_free(best->path);
				best->path = path;
				best->distance = distance;
				goto next_subdir;
			}
		}
next_subdir:;
	}
}

/* Looks the name up in a theme and the themes it inherits. */
static char *find_in_theme(GPtrArray *base_dirs, const char *theme,
		const char *name, int size, int depth)
{
	struct icon_match best = { 0 };
	GKeyFile *index = load_theme_index(base_dirs, theme);
	g_auto(GStrv) parents = NULL;

	if (!index) {
		return NULL;
	}
	match_in_theme(base_dirs, index, theme, name, size, &best);
	parents = g_key_file_get_string_list(index, "Icon Theme", "Inherits",
		NULL, NULL);
	g_key_file_free(index);
	for (size_t i = 0; !best.path && parents && parents[i] &&
			depth < MAX_INHERIT_DEPTH; i++) {
		if (strcmp(parents[i], "hicolor")) {
			best.path = find_in_theme(base_dirs, parents[i], name,
				size, depth + 1);
		}
	}
	return best.path;
}

static char *find_unthemed(GPtrArray *base_dirs, const char *name)
{
	g_ptr_array_add(base_dirs, g_strdup("/usr/share/pixmaps"));
	for (guint b = 0; b < base_dirs->len; b++) {
		for (size_t e = 0; e < G_N_ELEMENTS(extensions); e++) {
			g_autofree char *file = g_strdup_printf("%s.%s", name,
				extensions[e]);
			char *path = g_build_filename(base_dirs->pdata[b], file,
				NULL);

			if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
				return path;
			}
			g_free(path);
		}
	}
	return NULL;
}

static char *find_icon(const char *name, int size)
{
	g_autoptr(GPtrArray) base_dirs = get_base_dirs();
	g_autofree char *theme = get_user_theme();
	char *path = NULL;

	if (theme && strcmp(theme, "hicolor")) {
		path = find_in_theme(base_dirs, theme, name, size, 0);
	}
	if (!path) {
		path = find_in_theme(base_dirs, "hicolor", name, size, 0);
	}
	return path ? path : find_unthemed(base_dirs, name);
}

static cairo_surface_t *load_svg(const char *path, int size)
{
	g_autoptr(GError) error = NULL;
	RsvgHandle *handle = rsvg_handle_new_from_file(path, &error);
	cairo_surface_t *surface;
	cairo_t *cairo;
	RsvgRectangle viewport = { 0, 0, size, size };

	if (!handle) {
		wlr_log(WLR_ERROR, "Failed to load the icon %s: %s", path,
			error->message);
		return NULL;
	}
	surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
	cairo = cairo_create(surface);
	if (!rsvg_handle_render_document(handle, cairo, &viewport, &error)) {
		wlr_log(WLR_ERROR, "Failed to draw the icon %s: %s", path,
			error->message);
		g_clear_pointer(&surface, cairo_surface_destroy);
	}
	cairo_destroy(cairo);
	g_object_unref(handle);
	return surface;
}

/* Scales a PNG to fit size x size, centered, keeping its aspect ratio. */
static cairo_surface_t *load_png(const char *path, int size)
{
	cairo_surface_t *image = cairo_image_surface_create_from_png(path);
	cairo_surface_t *surface;
	cairo_t *cairo;
	int width = cairo_image_surface_get_width(image);
	int height = cairo_image_surface_get_height(image);
	double scale;

	if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS ||
			width <= 0 || height <= 0) {
		wlr_log(WLR_ERROR, "Failed to load the icon %s: %s", path,
			cairo_status_to_string(cairo_surface_status(image)));
		cairo_surface_destroy(image);
		return NULL;
	}
	scale = (double)size / MAX(width, height);
	surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
	cairo = cairo_create(surface);
	cairo_translate(cairo, (size - width * scale) / 2,
		(size - height * scale) / 2);
	cairo_scale(cairo, scale, scale);
	cairo_set_source_surface(cairo, image, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cairo), CAIRO_FILTER_GOOD);
	cairo_paint(cairo);
	cairo_destroy(cairo);
	cairo_surface_destroy(image);
	return surface;
}

static cairo_surface_t *load_file(const char *path, int size)
{
	struct stat info;

	if (stat(path, &info) != 0 || !S_ISREG(info.st_mode)) {
		return NULL;
	}
	if (info.st_size > MAX_ICON_FILE_SIZE) {
		wlr_log(WLR_ERROR, "Skipped the icon %s: %lld bytes, more than "
			"%d", path, (long long)info.st_size, MAX_ICON_FILE_SIZE);
		return NULL;
	}
	if (g_str_has_suffix(path, ".svg") || g_str_has_suffix(path, ".svgz")) {
		return load_svg(path, size);
	}
	if (g_str_has_suffix(path, ".png")) {
		return load_png(path, size);
	}
	return NULL;
}

cairo_surface_t *apps_get_icon(struct bulkhead_server *server,
		const char *icon, int size)
{
	struct bulkhead_apps *apps = apps_get(server);
	g_autofree char *key = NULL;
	g_autofree char *path = NULL;
	gpointer cached;
	cairo_surface_t *surface;

	if (!icon || !icon[0]) {
		return NULL;
	}
	key = g_strdup_printf("%d/%s", size, icon);
	if (g_hash_table_lookup_extended(apps->icons, key, NULL, &cached)) {
		return cached;
	}
	if (g_path_is_absolute(icon)) {
		path = g_strdup(icon);
	} else if (!strchr(icon, '/')) {
		path = find_icon(icon, size);
	}
	surface = path ? load_file(path, size) : NULL;
	wlr_log(WLR_DEBUG, "Icon %s: %s", icon, path ? path : "not found");
	g_hash_table_insert(apps->icons, g_steal_pointer(&key), surface);
	return surface;
}

void icons_clear(struct bulkhead_apps *apps)
{
	g_hash_table_remove_all(apps->icons);
}
