/*
 * Workspaces: the trust domains that frame every view. Each workspace owns a
 * listening socket $XDG_RUNTIME_DIR/bulkhead-<name>; a client's workspace is
 * the socket it connected through, recorded when the compositor accepts it,
 * and nothing the client sends later changes it.
 */
#ifndef COMPOSITOR_WORKSPACE_H
#define COMPOSITOR_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct bulkhead_server;
struct bulkhead_view;
struct bulkhead_workspace_config;
struct bulkhead_vm;
struct bulkhead_socket;

enum bulkhead_workspace_kind {
	BULKHEAD_WORKSPACE_HOST,
	BULKHEAD_WORKSPACE_VM,
};

enum bulkhead_selection_type {
	BULKHEAD_SELECTION_CLIPBOARD,
	BULKHEAD_SELECTION_PRIMARY,
	BULKHEAD_SELECTION_TYPE_COUNT,
};

/* A selection that a client of one workspace set (see input/selection.c). */
struct bulkhead_selection_slot {
	/* A wlr_data_source or a wlr_primary_selection_source, or NULL. */
	void *source;
	struct wl_listener destroy;
	struct bulkhead_workspace *workspace;
	enum bulkhead_selection_type type;
};

struct bulkhead_workspace {
	struct bulkhead_server *server;
	const struct bulkhead_workspace_config *config;
	const char *name;	/* owned by config */
	enum bulkhead_workspace_kind kind;
	float color[4];		/* premultiplied RGBA, as wlr_scene_rect takes */
	float focused_color[4];

	/* The workspace's own socket, bulkhead-<name>. */
	struct bulkhead_socket *socket;
	/* The default workspace's wayland-N socket, NULL elsewhere. */
	struct bulkhead_socket *display_socket;

	/*
	 * The clipboard and primary selection last set by a client of this
	 * workspace, indexed by enum bulkhead_selection_type.
	 */
	struct bulkhead_selection_slot selections[BULKHEAD_SELECTION_TYPE_COUNT];

	/* The VM of a vm workspace, NULL for host workspaces. */
	struct bulkhead_vm *vm;

	struct wl_list link;	/* bulkhead_server.workspaces */
};

bool workspaces_init(struct bulkhead_server *server);
void workspaces_finish(struct bulkhead_server *server);

/* Creates a workspace and its sockets, appended to server->workspaces. */
struct bulkhead_workspace *workspace_create(struct bulkhead_server *server,
	const struct bulkhead_workspace_config *config);
/* Closes the sockets; the workspace must have no clients left. */
void workspace_destroy(struct bulkhead_workspace *workspace);
/* Takes name, colors and the rest from a (reloaded) config. */
void workspace_apply_config(struct bulkhead_workspace *workspace,
	const struct bulkhead_workspace_config *config);
bool workspace_has_clients(struct bulkhead_workspace *workspace);

struct bulkhead_workspace *workspace_find(struct bulkhead_server *server,
	const char *name);
struct bulkhead_workspace *workspace_from_client(struct bulkhead_server *server,
	const struct wl_client *client);
/* The workspace of the client that owns a wl_resource. */
struct bulkhead_workspace *workspace_from_resource(
	struct bulkhead_server *server, struct wl_resource *resource);

/* The workspace's most recently focused mapped view, or NULL. */
struct bulkhead_view *workspace_get_recent_view(
	struct bulkhead_workspace *workspace);
bool workspace_has_views(struct bulkhead_workspace *workspace);

/* Formats a color as "#rrggbb". buffer must hold 8 bytes. */
void workspace_format_color(const float color[static 4], char buffer[static 8]);

#endif
