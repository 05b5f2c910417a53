#ifndef COMPOSITOR_XWAYLAND_INTERNAL_H
#define COMPOSITOR_XWAYLAND_INTERNAL_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct bulkhead_workspace;
struct wlr_xwayland;
struct wlr_xwayland_surface;

/* One X server and its window manager, serving one host workspace. */
struct bulkhead_xwayland {
	struct bulkhead_workspace *workspace;
	struct wlr_xwayland *wlr_xwayland;
	/* Whether wlr_xwayland_set_seat gave this server the seat. */
	bool has_seat;

	struct wl_listener ready;
	struct wl_listener new_surface;

	struct wl_list link;	/* xwayland.c's instance list */
};

/* Tracks an X window; it becomes a view or an unframed popup on map. */
void xwayland_surface_create(struct bulkhead_xwayland *instance,
	struct wlr_xwayland_surface *xsurface);

#endif
