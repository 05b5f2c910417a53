/*
 * Listening sockets that the compositor owns, so that it knows which socket
 * every client came through. libwayland 1.21 has no per-client user data:
 * the workspace is attached with a destroy listener that is looked up by its
 * notify function.
 */
#ifndef COMPOSITOR_WORKSPACE_SOCKET_H
#define COMPOSITOR_WORKSPACE_SOCKET_H

#include <stdbool.h>

struct bulkhead_workspace;
struct wl_client;

/* A listening socket $XDG_RUNTIME_DIR/<name> of one workspace. */
struct bulkhead_socket {
	char *name;		/* relative to XDG_RUNTIME_DIR */
	char *path;
	int fd;
	int lock_fd;		/* flock on <path>.lock, as libwayland does */
	struct wl_event_source *source;
};

/*
 * Binds and listens on $XDG_RUNTIME_DIR/<name> and accepts clients into
 * workspace. Returns NULL when another compositor holds the lock or the
 * socket cannot be created; the error is logged unless quiet_if_locked is
 * set and the lock was the reason.
 */
struct bulkhead_socket *socket_create(struct bulkhead_workspace *workspace,
	const char *name, bool quiet_if_locked);
void socket_destroy(struct bulkhead_socket *socket);

/*
 * Puts a client the compositor created itself into workspace, as if it had
 * connected through the workspace's socket. A client keeps its first
 * workspace: tagging it again changes nothing.
 */
void socket_tag_client(struct wl_client *client,
	struct bulkhead_workspace *workspace);

/* The workspace a client was accepted into, or NULL. */
struct bulkhead_workspace *socket_get_client_workspace(
	const struct wl_client *client);

#endif
