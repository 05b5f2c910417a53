/*
 * The apps of every workspace, as the app grid and the control protocol
 * list them: host apps from the desktop entries in XDG_DATA_DIRS, and the
 * apps of each vm workspace from its `apps` key and, once its VM ran, from
 * the guest's desktop entries (cached on disk for when the VM is off).
 */
#ifndef COMPOSITOR_APPS_H
#define COMPOSITOR_APPS_H

#include <cairo.h>
#include <gio/gdesktopappinfo.h>
#include <stdbool.h>

struct bulkhead_server;
struct bulkhead_workspace;

struct bulkhead_app {
	struct bulkhead_workspace *workspace;
	char *id;		/* desktop entry id, e.g. "foot.desktop" */
	char *name;
	char *generic_name;	/* NULL when none */
	char **keywords;	/* NULL-terminated, or NULL */
	/*
	 * An icon name looked up in the host's icon theme, or, for host
	 * entries only, an absolute path; NULL when none.
	 */
	char *icon;
	/* The desktop entry of a host app; NULL for vm apps. */
	GDesktopAppInfo *info;
	/*
	 * A vm app's command line from the guest's entry, field codes
	 * removed; NULL until the guest's entries were read.
	 */
	char **guest_argv;
};

/* Called when the app lists changed, e.g. after a guest's entries arrived. */
typedef void (*bulkhead_apps_changed_func)(struct bulkhead_server *server);

/* Called once a launch started or failed; message says why it failed. */
typedef void (*bulkhead_apps_launch_func)(bool ok, const char *message,
	void *data);

/* Loads the cached vm app lists. The first call of any apps_* does it too. */
void apps_init(struct bulkhead_server *server);
void apps_finish(struct bulkhead_server *server);

/*
 * Returns every app, host workspaces first, each workspace in config order
 * and its apps sorted by name. Rereads the host's desktop entries and asks
 * running guests for theirs (changed runs when their answer arrives). The
 * caller owns the reference to the array, which keeps its apps alive.
 */
GPtrArray *apps_list(struct bulkhead_server *server);
void apps_set_changed_func(struct bulkhead_server *server,
	bulkhead_apps_changed_func changed);

/* Finds an app of a workspace by desktop id in the last list, or NULL. */
struct bulkhead_app *apps_find(struct bulkhead_server *server,
	struct bulkhead_workspace *workspace, const char *id);

/*
 * Launches an app. A host app starts at once. A vm app whose VM is off
 * starts the VM first and runs once the guest agent answers, so done may
 * run much later, but it always runs exactly once.
 */
void apps_launch(struct bulkhead_server *server, struct bulkhead_app *app,
	bulkhead_apps_launch_func done, void *data);

/*
 * Returns the app's icon as a size x size image, or NULL when none was
 * found or it failed to load. Images are cached; the cache owns them.
 */
cairo_surface_t *apps_get_icon(struct bulkhead_server *server,
	const char *icon, int size);

#endif
