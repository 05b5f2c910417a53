/*
 * X servers, one per host workspace, created on first use. wlroots starts
 * the Xwayland process lazily, on the first X connection. When it exits
 * after running at least 5 s, wlroots waits for the next connection again.
 */
#include <stdlib.h>
#include <glib.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <wlr/xwayland.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"
#include "compositor/xwayland.h"
#include "xwayland-internal.h"

/* One bulkhead_server exists per process, and so does this state. */
static struct {
	struct bulkhead_server *server;
	bool available;		/* an Xwayland executable is in PATH */
	struct wl_list instances;	/* bulkhead_xwayland.link */
	/* The workspace whose selections the seat offers, or NULL. */
	struct bulkhead_workspace *selection_workspace;
	struct wl_listener client_created;
} xwayland_state;

static struct bulkhead_xwayland *find_instance(
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_xwayland *instance;

	if (!xwayland_state.server) {
		return NULL;
	}
	wl_list_for_each(instance, &xwayland_state.instances, link) {
		if (instance->workspace == workspace) {
			return instance;
		}
	}
	return NULL;
}

static void set_seat(struct bulkhead_xwayland *instance, bool has_seat)
{
	struct bulkhead_seat *seat = instance->workspace->server->seat;

	if (instance->has_seat == has_seat) {
		return;
	}
	wlr_xwayland_set_seat(instance->wlr_xwayland,
		has_seat ? seat->wlr_seat : NULL);
	instance->has_seat = has_seat;
}

void xwayland_release_seat(struct bulkhead_server *server,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_xwayland *instance;

	if (xwayland_state.server != server) {
		return;
	}
	wl_list_for_each(instance, &xwayland_state.instances, link) {
		if (instance->workspace != workspace) {
			set_seat(instance, false);
		}
	}
}

void xwayland_grant_seat(struct bulkhead_server *server,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_xwayland *instance = find_instance(workspace);

	if (xwayland_state.server != server) {
		return;
	}
	xwayland_state.selection_workspace = workspace;
	xwayland_release_seat(server, workspace);
	if (instance) {
		set_seat(instance, true);
	}
}

/*
 * wlroots creates the X server's wl_client from a socketpair, then stores
 * it in server->client. While wl_client_create runs, wl_fd[0] is still the
 * fd of that socketpair, so the client is tagged before it sends any
 * request, and the global filter already finds its workspace.
 */
static void handle_client_created(struct wl_listener *listener, void *data)
{
	struct wl_client *client = data;
	struct bulkhead_xwayland *instance;

	wl_list_for_each(instance, &xwayland_state.instances, link) {
		struct wlr_xwayland_server *server =
			instance->wlr_xwayland->server;

		if (server && !server->client && server->wl_fd[0] >= 0 &&
				wl_client_get_fd(client) == server->wl_fd[0]) {
			socket_tag_client(client, instance->workspace);
			wlr_log(WLR_INFO, "Xwayland %s of workspace %s connected",
				instance->wlr_xwayland->display_name,
				instance->workspace->name);
			return;
		}
	}
}

static void handle_ready(struct wl_listener *listener, void *data)
{
	struct bulkhead_xwayland *instance =
		wl_container_of(listener, instance, ready);
	struct wl_client *client = instance->wlr_xwayland->server->client;

	if (client && !socket_get_client_workspace(client)) {
		wlr_log(WLR_ERROR, "Xwayland %s was not tagged when it "
			"connected; tagging it with workspace %s now",
			instance->wlr_xwayland->display_name,
			instance->workspace->name);
		socket_tag_client(client, instance->workspace);
	}
	wlr_log(WLR_INFO, "Xwayland %s of workspace %s is ready",
		instance->wlr_xwayland->display_name, instance->workspace->name);
}

static void handle_new_surface(struct wl_listener *listener, void *data)
{
	struct bulkhead_xwayland *instance =
		wl_container_of(listener, instance, new_surface);

	xwayland_surface_create(instance, data);
}

static struct bulkhead_xwayland *instance_create(
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_server *server = workspace->server;
	struct bulkhead_xwayland *instance = calloc(1, sizeof(*instance));

	instance->workspace = workspace;
	instance->wlr_xwayland = wlr_xwayland_create(server->display,
		server->compositor, true);
	if (!instance->wlr_xwayland) {
		wlr_log(WLR_ERROR, "Failed to create an X server for "
			"workspace %s; its X11 apps cannot start",
			workspace->name);
		free(instance);
		return NULL;
	}
	instance->wlr_xwayland->data = instance;
	instance->ready.notify = handle_ready;
	wl_signal_add(&instance->wlr_xwayland->events.ready, &instance->ready);
	instance->new_surface.notify = handle_new_surface;
	wl_signal_add(&instance->wlr_xwayland->events.new_surface,
		&instance->new_surface);
	wl_list_insert(xwayland_state.instances.prev, &instance->link);
	wlr_log(WLR_INFO, "Workspace %s has X display %s", workspace->name,
		instance->wlr_xwayland->display_name);
	if (xwayland_state.selection_workspace == workspace) {
		set_seat(instance, true);
	}
	return instance;
}

static void instance_destroy(struct bulkhead_xwayland *instance)
{
	/* wlr_xwayland_destroy frees the signals these listeners are on. */
	wl_list_remove(&instance->ready.link);
	wl_list_remove(&instance->new_surface.link);
	wl_list_remove(&instance->link);
	wlr_xwayland_destroy(instance->wlr_xwayland);
	free(instance);
}

const char *xwayland_get_display(struct bulkhead_workspace *workspace)
{
	struct bulkhead_xwayland *instance;

	if (!xwayland_state.available ||
			workspace->kind != BULKHEAD_WORKSPACE_HOST) {
		return NULL;
	}
	instance = find_instance(workspace);
	if (!instance) {
		instance = instance_create(workspace);
	}
	return instance ? instance->wlr_xwayland->display_name : NULL;
}

struct bulkhead_workspace *xwayland_get_seat_workspace(
		struct bulkhead_server *server)
{
	struct bulkhead_xwayland *instance;

	if (xwayland_state.server != server) {
		return NULL;
	}
	wl_list_for_each(instance, &xwayland_state.instances, link) {
		if (instance->has_seat) {
			return instance->workspace;
		}
	}
	return NULL;
}

void xwayland_init(struct bulkhead_server *server)
{
	g_autofree char *path = g_find_program_in_path("Xwayland");
	const char *display;

	xwayland_state.server = server;
	wl_list_init(&xwayland_state.instances);
	xwayland_state.client_created.notify = handle_client_created;
	wl_display_add_client_created_listener(server->display,
		&xwayland_state.client_created);

	xwayland_state.available = path != NULL;
	if (!xwayland_state.available) {
		wlr_log(WLR_INFO, "Xwayland is not in PATH; X11 apps cannot "
			"start (install the xwayland package)");
		unsetenv("DISPLAY");
		return;
	}
	display = xwayland_get_display(server->default_workspace);
	if (display) {
		setenv("DISPLAY", display, true);
		wlr_log(WLR_INFO, "DISPLAY=%s", display);
	} else {
		unsetenv("DISPLAY");
	}
}

void xwayland_finish(struct bulkhead_server *server)
{
	struct bulkhead_xwayland *instance, *tmp;

	if (xwayland_state.server != server) {
		return;
	}
	wl_list_for_each_safe(instance, tmp, &xwayland_state.instances, link) {
		instance_destroy(instance);
	}
	wl_list_remove(&xwayland_state.client_created.link);
	xwayland_state.server = NULL;
}
