/*
 * The server side of bulkhead-control-unstable-v1. The global is visible
 * only to clients of host workspaces (see the global filter), and binding
 * it from any other client is a protocol error.
 */
#ifndef COMPOSITOR_CONTROL_H
#define COMPOSITOR_CONTROL_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct bulkhead_server;
struct wl_global;

struct bulkhead_control {
	struct bulkhead_server *server;
	struct wl_global *global;
	/* Bound bulkhead_control_manager_v1 resources (wl_resource links). */
	struct wl_list manager_resources;
};

/* Creates the control global and stores it in server->control. */
bool control_init(struct bulkhead_server *server);
/*
 * Destroys the global. Manager resources still bound stay valid, but their
 * commands fail from then on.
 */
void control_finish(struct bulkhead_server *server);

#endif
