#ifndef COMPOSITOR_VIEW_XDG_H
#define COMPOSITOR_VIEW_XDG_H

struct bulkhead_server;
struct bulkhead_view;
struct wlr_surface;

/* Creates the xdg-shell and xdg-decoration globals and their views. */
void xdg_shell_init(struct bulkhead_server *server);
void xdg_shell_finish(struct bulkhead_server *server);

/* The view of an xdg toplevel or popup surface, or NULL. */
struct bulkhead_view *xdg_view_from_surface(struct wlr_surface *surface);

/* xdg-activation: focus or urgency on a client's request. */
void activation_init(struct bulkhead_server *server);
void activation_finish(struct bulkhead_server *server);

#endif
