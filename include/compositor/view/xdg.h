#ifndef COMPOSITOR_VIEW_XDG_H
#define COMPOSITOR_VIEW_XDG_H

struct bulkhead_server;

/* Creates the xdg-shell and xdg-decoration globals and their views. */
void xdg_shell_init(struct bulkhead_server *server);
void xdg_shell_finish(struct bulkhead_server *server);

#endif
