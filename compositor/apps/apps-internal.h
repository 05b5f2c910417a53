/* Shared by the files of compositor/apps/. */
#ifndef COMPOSITOR_APPS_INTERNAL_H
#define COMPOSITOR_APPS_INTERNAL_H

#include <glib.h>
#include <stdbool.h>
#include "compositor/apps.h"

/* Limits on what a guest sends, in bytes unless named otherwise. */
#define GUEST_MAX_APPS 256
#define GUEST_MAX_NAME 80
#define GUEST_MAX_ICON_NAME 64
#define GUEST_MAX_EXEC 1024
#define GUEST_MAX_KEYWORDS 16

/* The apps of one vm workspace that its guest reported, or the cache. */
struct apps_vm_list {
	struct bulkhead_workspace *workspace;
	/* struct bulkhead_app *, NULL until the guest or the cache sent some. */
	GPtrArray *guest_apps;
	bool query_running;
	gint64 queried_at;	/* g_get_monotonic_time, 0 before the first */
};

struct bulkhead_apps {
	struct bulkhead_server *server;
	GPtrArray *list;	/* the last apps_list result */
	GPtrArray *vm_lists;	/* struct apps_vm_list *, config order */
	/* "SIZE/ICON" to cairo_surface_t *, or to NULL when not found. */
	GHashTable *icons;
	/* Paths of broken desktop entries already logged, to mtime. */
	GHashTable *reported_files;
	bulkhead_apps_changed_func changed;
};

struct bulkhead_apps *apps_get(struct bulkhead_server *server);
struct apps_vm_list *apps_get_vm_list(struct bulkhead_apps *apps,
	struct bulkhead_workspace *workspace);

struct bulkhead_app *app_new(struct bulkhead_workspace *workspace,
	const char *id);
void app_free(gpointer data);

/* Appends one app per shown host desktop entry, for a host workspace. */
void host_apps_add(struct bulkhead_apps *apps,
	struct bulkhead_workspace *workspace, GPtrArray *out);
/* Logs each unreadable or invalid desktop entry of XDG_DATA_DIRS once. */
void host_apps_report_broken(struct bulkhead_apps *apps);
/* The host's entry of a desktop id, shown whether or not it is hidden. */
GDesktopAppInfo *host_apps_lookup(const char *id);

/*
 * Copies guest text with control characters removed, invalid UTF-8
 * replaced, and cut to max_size bytes at a character boundary.
 */
char *guest_sanitize_text(const char *text, size_t max_size);
void guest_apps_load_cache(struct apps_vm_list *list);
/* Reads the guest's desktop entries through the guest agent. */
typedef void (*guest_query_func)(struct apps_vm_list *list, bool ok,
	const char *message, void *data);
void guest_apps_query(struct bulkhead_apps *apps, struct apps_vm_list *list,
	guest_query_func done, void *data);

/* Starts a vm app: the VM, the guest agent, then the app in the guest. */
void guest_apps_launch(struct bulkhead_apps *apps, struct bulkhead_app *app,
	bulkhead_apps_launch_func done, void *data);

void icons_clear(struct bulkhead_apps *apps);

#endif
