/*
 * One GLib main loop for everything: the wl_event_loop's epoll fd is a
 * GSource on the default main context, so spice-client-glib and libvirt's
 * GLib event implementation, which both use that context, run on the
 * compositor thread with no extra threads.
 */
#include <glib-unix.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>
#include "compositor/server.h"
#include "compositor/ui/panel.h"

struct wayland_source {
	GSource base;
	struct bulkhead_server *server;
	gpointer fd_tag;
};

static gboolean wayland_source_prepare(GSource *base, gint *timeout)
{
	struct wayland_source *source = (struct wayland_source *)base;

	/*
	 * Idle callbacks (xdg configures, frame scheduling) do not wake the
	 * epoll fd, and events that GLib callbacks queued for clients sit in
	 * buffers until flushed: do both before every poll.
	 */
	wl_event_loop_dispatch_idle(source->server->event_loop);
	wl_display_flush_clients(source->server->display);
	*timeout = -1;
	return FALSE;
}

static gboolean wayland_source_check(GSource *base)
{
	struct wayland_source *source = (struct wayland_source *)base;

	return g_source_query_unix_fd(base, source->fd_tag) & G_IO_IN;
}

static gboolean wayland_source_dispatch(GSource *base, GSourceFunc callback,
		gpointer data)
{
	struct wayland_source *source = (struct wayland_source *)base;

	wl_event_loop_dispatch(source->server->event_loop, 0);
	wl_display_flush_clients(source->server->display);
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs wayland_source_funcs = {
	.prepare = wayland_source_prepare,
	.check = wayland_source_check,
	.dispatch = wayland_source_dispatch,
};

static gboolean handle_terminate_signal(gpointer data)
{
	struct bulkhead_server *server = data;

	wlr_log(WLR_INFO, "Received a termination signal, exiting");
	server_terminate(server);
	return G_SOURCE_CONTINUE;
}

static gboolean handle_reload_signal(gpointer data)
{
	struct bulkhead_server *server = data;
	g_autoptr(GError) error = NULL;

	wlr_log(WLR_INFO, "Received SIGHUP, reloading the config");
	/* A failure is shown in the panel and logged by the reload. */
	server_reload_config(server, &error);
	return G_SOURCE_CONTINUE;
}

void server_run(struct bulkhead_server *server)
{
	GSource *base = g_source_new(&wayland_source_funcs,
		sizeof(struct wayland_source));
	struct wayland_source *source = (struct wayland_source *)base;

	source->server = server;
	source->fd_tag = g_source_add_unix_fd(base,
		wl_event_loop_get_fd(server->event_loop), G_IO_IN);
	g_source_attach(base, NULL);

	guint sigint = g_unix_signal_add(SIGINT, handle_terminate_signal, server);
	guint sigterm = g_unix_signal_add(SIGTERM, handle_terminate_signal, server);
	guint sighup = g_unix_signal_add(SIGHUP, handle_reload_signal, server);

	server->main_loop = g_main_loop_new(NULL, FALSE);
	g_main_loop_run(server->main_loop);

	g_source_remove(sigint);
	g_source_remove(sigterm);
	g_source_remove(sighup);
	g_source_destroy(base);
	g_source_unref(base);
	g_main_loop_unref(server->main_loop);
	server->main_loop = NULL;
}

void server_terminate(struct bulkhead_server *server)
{
	if (server->main_loop) {
		g_main_loop_quit(server->main_loop);
	}
}
