#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"

struct client_tag {
	struct wl_listener destroy;
	struct bulkhead_workspace *workspace;
};

static void handle_client_destroy(struct wl_listener *listener, void *data)
{
	struct client_tag *tag = wl_container_of(listener, tag, destroy);

	wl_list_remove(&tag->destroy.link);
	free(tag);
}

struct bulkhead_workspace *socket_get_client_workspace(
		const struct wl_client *client)
{
	/* libwayland only takes a non-const client here; it reads it only. */
	struct wl_listener *listener = wl_client_get_destroy_listener(
		(struct wl_client *)client, handle_client_destroy);
	struct client_tag *tag;

	if (!listener) {
		return NULL;
	}
	tag = wl_container_of(listener, tag, destroy);
	return tag->workspace;
}

void socket_tag_client(struct wl_client *client,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_workspace *current =
		socket_get_client_workspace(client);
	struct client_tag *tag;

	if (current) {
		if (current != workspace) {
			wlr_log(WLR_ERROR, "Client %p stays in workspace %s; "
				"not moving it to %s", (void *)client,
				current->name, workspace->name);
		}
		return;
	}
	tag = calloc(1, sizeof(*tag));
	tag->workspace = workspace;
	tag->destroy.notify = handle_client_destroy;
	wl_client_add_destroy_listener(client, &tag->destroy);
}

static int handle_connection(int fd, uint32_t mask, void *data)
{
	struct bulkhead_workspace *workspace = data;
	struct wl_client *client;
	int client_fd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

	if (client_fd < 0) {
		wlr_log_errno(WLR_ERROR, "Failed to accept a client of "
			"workspace %s", workspace->name);
		return 0;
	}
	client = wl_client_create(workspace->server->display, client_fd);
	if (!client) {
		wlr_log(WLR_ERROR, "Failed to create a client of workspace %s",
			workspace->name);
		close(client_fd);
		return 0;
	}
	socket_tag_client(client, workspace);
	wlr_log(WLR_DEBUG, "Client %p connected to workspace %s",
		(void *)client, workspace->name);
	return 0;
}

static int take_lock(const char *path, bool quiet_if_locked)
{
	g_autofree char *lock_path = g_strconcat(path, ".lock", NULL);
	int fd = open(lock_path, O_CREAT | O_CLOEXEC | O_RDWR,
		S_IRUSR | S_IWUSR);

	if (fd < 0) {
		wlr_log_errno(WLR_ERROR, "Failed to open the lock file %s",
			lock_path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (!quiet_if_locked) {
			wlr_log(WLR_ERROR, "Socket %s is in use by another "
				"compositor (%s is locked); stop it or rename "
				"the workspace", path, lock_path);
		}
		close(fd);
		return -1;
	}
	return fd;
}

static int bind_socket(const char *path)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(address.sun_path)) {
		wlr_log(WLR_ERROR, "Socket path %s is too long; use a shorter "
			"XDG_RUNTIME_DIR or workspace name", path);
		return -1;
	}
	memcpy(address.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		wlr_log_errno(WLR_ERROR, "Failed to create a socket");
		return -1;
	}
	/* The lock is ours, so a socket file left here is stale. */
	unlink(path);
	if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0 ||
			listen(fd, 128) < 0) {
		wlr_log_errno(WLR_ERROR, "Failed to listen on %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

struct bulkhead_socket *socket_create(struct bulkhead_workspace *workspace,
		const char *name, bool quiet_if_locked)
{
	const char *runtime_dir = getenv("XDG_RUNTIME_DIR");
	struct bulkhead_socket *socket = calloc(1, sizeof(*socket));

	socket->fd = -1;
	socket->name = g_strdup(name);
	socket->path = g_build_filename(runtime_dir, name, NULL);
	socket->lock_fd = take_lock(socket->path, quiet_if_locked);
	if (socket->lock_fd < 0) {
		goto error;
	}
	socket->fd = bind_socket(socket->path);
	if (socket->fd < 0) {
		goto error;
	}
	socket->source = wl_event_loop_add_fd(workspace->server->event_loop,
		socket->fd, WL_EVENT_READABLE, handle_connection, workspace);
	if (!socket->source) {
		goto error;
	}
	wlr_log(WLR_INFO, "Workspace %s listens on %s", workspace->name,
		socket->path);
	return socket;

error:
	socket_destroy(socket);
	return NULL;
}

void socket_destroy(struct bulkhead_socket *socket)
{
	g_autofree char *lock_path = NULL;

	if (!socket) {
		return;
	}
	if (socket->source) {
		wl_event_source_remove(socket->source);
	}
	if (socket->fd >= 0) {
		close(socket->fd);
		unlink(socket->path);
	}
	if (socket->lock_fd >= 0) {
		lock_path = g_strconcat(socket->path, ".lock", NULL);
		unlink(lock_path);
		close(socket->lock_fd);
	}
	g_free(socket->name);
	g_free(socket->path);
	free(socket);
}
