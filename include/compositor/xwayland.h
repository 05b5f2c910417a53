/*
 * X11 apps through Xwayland, one X server per host workspace. An X server's
 * Wayland client is tagged with its workspace like a client of the
 * workspace's socket, so every X window it shows is framed in that
 * workspace's color. vm workspaces never get an X server.
 */
#ifndef COMPOSITOR_XWAYLAND_H
#define COMPOSITOR_XWAYLAND_H

struct bulkhead_server;
struct bulkhead_workspace;

/*
 * Creates the default workspace's X server (started on the first X
 * connection) and sets DISPLAY in bulkhead's own environment. Without an
 * Xwayland executable it logs a warning and X11 apps stay unavailable.
 */
void xwayland_init(struct bulkhead_server *server);
void xwayland_finish(struct bulkhead_server *server);

/*
 * Returns the DISPLAY value of the workspace's X server, e.g. ":1", and
 * creates the server on first use. NULL for vm workspaces, without Xwayland,
 * or when the server cannot be created.
 */
const char *xwayland_get_display(struct bulkhead_workspace *workspace);

/*
 * Takes the seat from every X server except the workspace's. An X server
 * without the seat neither receives the seat's selections nor can set them
 * (wlroots 0.15 ignores its selection events then).
 */
void xwayland_release_seat(struct bulkhead_server *server,
	struct bulkhead_workspace *workspace);
/*
 * Gives the seat to the workspace's X server only. Call it once the seat
 * offers the workspace's selections, because the X server takes them over
 * right away.
 */
void xwayland_grant_seat(struct bulkhead_server *server,
	struct bulkhead_workspace *workspace);

/*
 * Returns the workspace whose X server has the seat, or NULL. Only the X
 * server of the workspace whose selections the seat offers has it, so only
 * that server's X clients see the seat's selection or can set it.
 */
struct bulkhead_workspace *xwayland_get_seat_workspace(
	struct bulkhead_server *server);

#endif
