/*
 * The server side of bulkhead-control-unstable-v1. The global is visible
 * only to clients of host workspaces (see the global filter).
 */
#ifndef COMPOSITOR_CONTROL_H
#define COMPOSITOR_CONTROL_H

#include <stdbool.h>

struct bulkhead_server;
struct wl_global;

struct bulkhead_control {
	struct bulkhead_server *server;
	struct wl_global *global;
};

bool control_init(struct bulkhead_server *server);
void control_finish(struct bulkhead_server *server);

#endif
