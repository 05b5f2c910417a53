#include <errno.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include "compositor/launch.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"
#include "compositor/xwayland.h"

/* Runs in the child: its own session, so its process group is its own. */
static void setup_child(gpointer data)
{
	setsid();
}

static void handle_child_exit(GPid pid, gint status, gpointer data)
{
	g_autoptr(GError) error = NULL;

	if (g_spawn_check_wait_status(status, &error)) {
		wlr_log(WLR_DEBUG, "Process %d exited", (int)pid);
	} else {
		wlr_log(WLR_INFO, "Process %d: %s", (int)pid, error->message);
	}
	g_spawn_close_pid(pid);
}

static char **build_environment(struct bulkhead_workspace *workspace)
{
	const char *x_display = xwayland_get_display(workspace);
	char **envp = g_get_environ();

	envp = g_environ_setenv(envp, "WAYLAND_DISPLAY",
		workspace->socket->name, TRUE);
	envp = g_environ_setenv(envp, "BULKHEAD_SOCKET",
		workspace->socket->name, TRUE);
	envp = g_environ_setenv(envp, "BULKHEAD_WORKSPACE", workspace->name,
		TRUE);
	/*
	 * An inherited WAYLAND_SOCKET would bypass the workspace socket, and an
	 * inherited DISPLAY could reach another workspace's X server or one
	 * outside bulkhead.
	 */
	envp = g_environ_unsetenv(envp, "WAYLAND_SOCKET");
	if (x_display) {
		envp = g_environ_setenv(envp, "DISPLAY", x_display, TRUE);
	} else {
		envp = g_environ_unsetenv(envp, "DISPLAY");
	}
	return envp;
}

bool launch_host_command(struct bulkhead_workspace *workspace,
		char *const *argv, GError **error)
{
	g_auto(GStrv) envp = NULL;
	GPid pid;

	if (workspace->kind != BULKHEAD_WORKSPACE_HOST) {
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
			"Workspace %s runs its apps in a VM, not on the host",
			workspace->name);
		return false;
	}
	if (!argv || !argv[0]) {
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
			"No command to launch in workspace %s", workspace->name);
		return false;
	}
	envp = build_environment(workspace);
	if (!g_spawn_async(NULL, (char **)argv, envp,
			G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
			setup_child, NULL, &pid, error)) {
		return false;
	}
	/* Reap it on the main loop; its output goes to bulkhead's log. */
	g_child_watch_add(pid, handle_child_exit, NULL);
	wlr_log(WLR_INFO, "Launched %s (pid %d) in workspace %s", argv[0],
		(int)pid, workspace->name);
	return true;
}
