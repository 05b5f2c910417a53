/*
 * Launching host apps through GDesktopAppInfo, which expands the Exec field
 * codes, in a clean environment with the workspace's socket.
 */
#include <string.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"
#include "compositor/xwayland.h"

/* The variables a host app keeps from bulkhead's environment. */
static const char *const kept_variables[] = {
	"HOME", "USER", "LOGNAME", "SHELL", "PATH", "TZ", "TERM",
	"LANG", "LANGUAGE", "XDG_RUNTIME_DIR", "XDG_DATA_HOME",
	"XDG_DATA_DIRS", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS",
	"XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CURRENT_DESKTOP",
	"DBUS_SESSION_BUS_ADDRESS", "XCURSOR_THEME", "XCURSOR_SIZE",
	NULL,
};

static bool is_kept(const char *variable)
{
	size_t length = strcspn(variable, "=");

	if (!strncmp(variable, "LC_", 3)) {
		return true;
	}
	for (size_t i = 0; kept_variables[i]; i++) {
		if (strlen(kept_variables[i]) == length &&
				!strncmp(variable, kept_variables[i], length)) {
			return true;
		}
	}
	return false;
}

static GAppLaunchContext *create_context(struct bulkhead_workspace *workspace)
{
	GAppLaunchContext *context = g_app_launch_context_new();
	g_auto(GStrv) environment = g_get_environ();
	const char *display;

	for (size_t i = 0; environment[i]; i++) {
		if (!is_kept(environment[i])) {
			g_autofree char *name = g_strndup(environment[i],
				strcspn(environment[i], "="));

			g_app_launch_context_unsetenv(context, name);
		}
	}
	g_app_launch_context_setenv(context, "WAYLAND_DISPLAY",
		workspace->socket->name);
	g_app_launch_context_setenv(context, "BULKHEAD_SOCKET",
		workspace->socket->name);
	g_app_launch_context_setenv(context, "BULKHEAD_WORKSPACE",
		workspace->name);
	g_app_launch_context_setenv(context, "XDG_SESSION_TYPE", "wayland");
	/* X11 apps reach the workspace's own Xwayland, never another. */
	display = xwayland_get_display(workspace);
	if (display) {
		g_app_launch_context_setenv(context, "DISPLAY", display);
	}
	return context;
}

/* Runs in the child: its own session, so its process group is its own. */
static void setup_child(gpointer data)
{
	setsid();
}

static void handle_child_exit(GPid pid, gint status, gpointer data)
{
	g_autofree char *id = data;
	g_autoptr(GError) error = NULL;

	if (g_spawn_check_wait_status(status, &error)) {
		wlr_log(WLR_INFO, "App %s (pid %d) exited", id, (int)pid);
	} else {
		wlr_log(WLR_INFO, "App %s (pid %d): %s", id, (int)pid,
			error->message);
	}
	g_spawn_close_pid(pid);
}

static void handle_spawned(GDesktopAppInfo *info, GPid pid, gpointer data)
{
	const char *workspace_name = data;
	const char *id = g_app_info_get_id(G_APP_INFO(info));

	wlr_log(WLR_INFO, "Launched app %s (pid %d) in workspace %s", id,
		(int)pid, workspace_name);
	g_child_watch_add(pid, handle_child_exit, g_strdup(id));
}

static void launch_host_app(struct bulkhead_app *app,
		bulkhead_apps_launch_func done, void *data)
{
	g_autoptr(GAppLaunchContext) context = create_context(app->workspace);
	g_autoptr(GError) error = NULL;
	g_autofree char *message = NULL;

	/* stdout and stderr stay bulkhead's, so the output reaches its log. */
	if (g_desktop_app_info_launch_uris_as_manager(app->info, NULL, context,
			G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
			setup_child, NULL, handle_spawned,
			(gpointer)app->workspace->name, &error)) {
		message = g_strdup_printf("started %s in workspace '%s'",
			app->name, app->workspace->name);
		done(true, message, data);
		return;
	}
	message = g_strdup_printf("failed to launch %s in workspace '%s': %s",
		app->name, app->workspace->name, error->message);
	done(false, message, data);
}

void apps_launch(struct bulkhead_server *server, struct bulkhead_app *app,
		bulkhead_apps_launch_func done, void *data)
{
	if (app->workspace->kind == BULKHEAD_WORKSPACE_HOST && app->info) {
		launch_host_app(app, done, data);
		return;
	}
	guest_apps_launch(apps_get(server), app, done, data);
}
