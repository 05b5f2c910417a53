#ifndef COMPOSITOR_LAUNCH_H
#define COMPOSITOR_LAUNCH_H

#include <glib.h>
#include <stdbool.h>

struct bulkhead_workspace;

/*
 * Starts argv on the host in its own process group, with the workspace's
 * socket as WAYLAND_DISPLAY and a host socket offering the control protocol
 * as BULKHEAD_SOCKET. Only for host workspaces.
 */
bool launch_host_command(struct bulkhead_workspace *workspace,
	char *const *argv, GError **error);

#endif
