/*
 * xdg-shell toplevels as views, their popups, and xdg-decoration, which is
 * always server side: the frame is the compositor's, never the client's.
 */
#include <stdlib.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_xdg_decoration_v1.h>
#include <wlr/types/wlr_xdg_shell.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/view/xdg.h"
#include "compositor/workspace.h"

/*
 * Stored in wlr_xdg_surface.data of toplevels and popups, so that a popup
 * finds the scene node to attach to and the view it belongs to.
 */
struct xdg_scene_link {
	struct wlr_scene_node *node;
	struct bulkhead_view *view;
};

struct xdg_view {
	struct bulkhead_view base;
	struct wlr_xdg_surface *xdg_surface;
	struct xdg_scene_link scene_link;

	struct wl_listener map;
	struct wl_listener unmap;
	struct wl_listener destroy;
	struct wl_listener commit;
	struct wl_listener set_title;
	struct wl_listener set_app_id;
	struct wl_listener request_maximize;
	struct wl_listener request_fullscreen;
	struct wl_listener request_minimize;
	struct wl_listener request_move;
	struct wl_listener request_resize;
};

struct xdg_popup {
	struct wlr_xdg_popup *wlr_popup;
	struct xdg_scene_link scene_link;
	struct wl_listener destroy;
};

struct xdg_decoration {
	struct wlr_xdg_toplevel_decoration_v1 *wlr_decoration;
	struct wl_listener request_mode;
	struct wl_listener destroy;
};

static struct xdg_view *xdg_view_from_view(struct bulkhead_view *view)
{
	struct xdg_view *xdg_view = wl_container_of(view, xdg_view, base);

	return xdg_view;
}

static void xdg_set_activated(struct bulkhead_view *view, bool activated)
{
	wlr_xdg_toplevel_set_activated(xdg_view_from_view(view)->xdg_surface,
		activated);
}

static void xdg_close(struct bulkhead_view *view)
{
	wlr_xdg_toplevel_send_close(xdg_view_from_view(view)->xdg_surface);
}

static struct wlr_surface *xdg_get_surface(struct bulkhead_view *view)
{
	return xdg_view_from_view(view)->xdg_surface->surface;
}

static void xdg_request_size(struct bulkhead_view *view, int width,
		int height)
{
	wlr_xdg_toplevel_set_size(xdg_view_from_view(view)->xdg_surface,
		(uint32_t)width, (uint32_t)height);
}

static void xdg_set_maximized(struct bulkhead_view *view, bool maximized)
{
	wlr_xdg_toplevel_set_maximized(xdg_view_from_view(view)->xdg_surface,
		maximized);
}

static void xdg_set_fullscreen(struct bulkhead_view *view, bool fullscreen)
{
	wlr_xdg_toplevel_set_fullscreen(xdg_view_from_view(view)->xdg_surface,
		fullscreen);
}

static const struct bulkhead_view_impl xdg_view_impl = {
	.set_activated = xdg_set_activated,
	.close = xdg_close,
	.get_surface = xdg_get_surface,
	.request_size = xdg_request_size,
	.set_maximized = xdg_set_maximized,
	.set_fullscreen = xdg_set_fullscreen,
};

/* Follows the window geometry: the content box is the geometry's size. */
static void update_geometry(struct xdg_view *view)
{
	struct wlr_box geometry;

	wlr_xdg_surface_get_geometry(view->xdg_surface, &geometry);
	wlr_scene_node_set_position(view->scene_link.node, -geometry.x,
		-geometry.y);
	view_set_size(&view->base, geometry.width, geometry.height);
}

static void handle_map(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, map);

	struct wlr_xdg_toplevel *toplevel = view->xdg_surface->toplevel;

	update_geometry(view);
	view_set_title(&view->base, toplevel->title);
	view_set_app_id(&view->base, toplevel->app_id);
	view_map(&view->base);
	/* Requests sent before the first commit (foot --maximized) found no
	 * mapped view, so they take effect now. */
	if (toplevel->requested.maximized) {
		view_set_maximized(&view->base, true);
	}
	if (toplevel->requested.fullscreen) {
		view_set_fullscreen(&view->base, true);
	}
}

static void handle_unmap(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, unmap);

	view_unmap(&view->base);
}

static void handle_commit(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, commit);

	if (view->xdg_surface->mapped) {
		update_geometry(view);
	}
}

static void handle_set_title(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, set_title);

	view_set_title(&view->base, view->xdg_surface->toplevel->title);
}

static void handle_set_app_id(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, set_app_id);

	view_set_app_id(&view->base, view->xdg_surface->toplevel->app_id);
}

/*
 * xdg-shell requires a configure in reply to these requests, also when the
 * view is not mapped yet and nothing changes.
 */
static void handle_request_maximize(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view,
		request_maximize);

	if (view->base.mapped) {
		view_set_maximized(&view->base,
			view->xdg_surface->toplevel->requested.maximized);
	}
	if (view->xdg_surface->added) {
		wlr_xdg_surface_schedule_configure(view->xdg_surface);
	}
}

static void handle_request_fullscreen(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view,
		request_fullscreen);

	if (view->base.mapped) {
		view_set_fullscreen(&view->base,
			view->xdg_surface->toplevel->requested.fullscreen);
	}
	if (view->xdg_surface->added) {
		wlr_xdg_surface_schedule_configure(view->xdg_surface);
	}
}

static void handle_request_minimize(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view,
		request_minimize);

	view_set_minimized(&view->base, true);
}

/* Moves and resizes follow a button press the client received. */
static bool is_pointer_grab_valid(struct xdg_view *view)
{
	struct bulkhead_seat *seat = view->base.server->seat;

	return view->base.mapped &&
		seat->wlr_seat->pointer_state.button_count > 0 &&
		seat->focused_view == &view->base;
}

static void handle_request_move(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, request_move);

	if (is_pointer_grab_valid(view)) {
		grab_begin_move(view->base.server->seat, &view->base);
	}
}

static void handle_request_resize(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view,
		request_resize);
	struct wlr_xdg_toplevel_resize_event *event = data;

	if (is_pointer_grab_valid(view)) {
		grab_begin_resize(view->base.server->seat, &view->base,
			event->edges);
	}
}

static void handle_destroy(struct wl_listener *listener, void *data)
{
	struct xdg_view *view = wl_container_of(listener, view, destroy);

	wl_list_remove(&view->map.link);
	wl_list_remove(&view->unmap.link);
	wl_list_remove(&view->destroy.link);
	wl_list_remove(&view->commit.link);
	wl_list_remove(&view->set_title.link);
	wl_list_remove(&view->set_app_id.link);
	wl_list_remove(&view->request_maximize.link);
	wl_list_remove(&view->request_fullscreen.link);
	wl_list_remove(&view->request_minimize.link);
	wl_list_remove(&view->request_move.link);
	wl_list_remove(&view->request_resize.link);
	view_finish(&view->base);
	free(view);
}

static void listen_toplevel(struct xdg_view *view)
{
	struct wlr_xdg_surface *xdg_surface = view->xdg_surface;
	struct wlr_xdg_toplevel *toplevel = xdg_surface->toplevel;

	view->map.notify = handle_map;
	wl_signal_add(&xdg_surface->events.map, &view->map);
	view->unmap.notify = handle_unmap;
	wl_signal_add(&xdg_surface->events.unmap, &view->unmap);
	view->destroy.notify = handle_destroy;
	wl_signal_add(&xdg_surface->events.destroy, &view->destroy);
	view->commit.notify = handle_commit;
	wl_signal_add(&xdg_surface->surface->events.commit, &view->commit);
	view->set_title.notify = handle_set_title;
	wl_signal_add(&toplevel->events.set_title, &view->set_title);
	view->set_app_id.notify = handle_set_app_id;
	wl_signal_add(&toplevel->events.set_app_id, &view->set_app_id);
	view->request_maximize.notify = handle_request_maximize;
	wl_signal_add(&toplevel->events.request_maximize,
		&view->request_maximize);
	view->request_fullscreen.notify = handle_request_fullscreen;
	wl_signal_add(&toplevel->events.request_fullscreen,
		&view->request_fullscreen);
	view->request_minimize.notify = handle_request_minimize;
	wl_signal_add(&toplevel->events.request_minimize,
		&view->request_minimize);
	view->request_move.notify = handle_request_move;
	wl_signal_add(&toplevel->events.request_move, &view->request_move);
	view->request_resize.notify = handle_request_resize;
	wl_signal_add(&toplevel->events.request_resize, &view->request_resize);
}

static void create_toplevel(struct bulkhead_server *server,
		struct wlr_xdg_surface *xdg_surface)
{
	struct wl_client *client = wl_resource_get_client(xdg_surface->resource);
	struct bulkhead_workspace *workspace =
		workspace_from_client(server, client);
	struct xdg_view *view;

	/* A client the compositor did not accept belongs to the default. */
	if (!workspace) {
		workspace = server->default_workspace;
	}
	view = calloc(1, sizeof(*view));
	view->xdg_surface = xdg_surface;
	view_init(&view->base, server, BULKHEAD_VIEW_TOPLEVEL, workspace,
		&xdg_view_impl);
	view->scene_link.view = &view->base;
	view->scene_link.node = wlr_scene_xdg_surface_create(
		&view->base.content_tree->node, xdg_surface);
	xdg_surface->data = &view->scene_link;
	listen_toplevel(view);
}

/* Keeps a popup inside the output its toplevel is on. */
static void unconstrain_popup(struct bulkhead_server *server,
		struct xdg_popup *popup)
{
	struct bulkhead_view *view = popup->scene_link.view;
	struct wlr_output *output = wlr_output_layout_output_at(
		server->output_layout, view->x + view->width / 2.0,
		view->y + view->height / 2.0);
	struct wlr_box *output_box;
	struct wlr_box box;

	if (!output) {
		return;
	}
	output_box = wlr_output_layout_get_box(server->output_layout, output);
	box = (struct wlr_box){
		.x = output_box->x - view->x,
		.y = output_box->y - view->y,
		.width = output_box->width,
		.height = output_box->height,
	};
	wlr_xdg_popup_unconstrain_from_box(popup->wlr_popup, &box);
}

static void handle_popup_destroy(struct wl_listener *listener, void *data)
{
	struct xdg_popup *popup = wl_container_of(listener, popup, destroy);

	wl_list_remove(&popup->destroy.link);
	free(popup);
}

static void create_popup(struct bulkhead_server *server,
		struct wlr_xdg_surface *xdg_surface)
{
	struct wlr_xdg_surface *parent =
		wlr_xdg_surface_from_wlr_surface(xdg_surface->popup->parent);
	struct xdg_scene_link *parent_link = parent ? parent->data : NULL;
	struct xdg_popup *popup;

	if (!parent_link) {
		wlr_log(WLR_DEBUG, "Ignoring a popup without an xdg parent");
		return;
	}
	popup = calloc(1, sizeof(*popup));
	popup->wlr_popup = xdg_surface->popup;
	popup->scene_link.view = parent_link->view;
	popup->scene_link.node = wlr_scene_xdg_surface_create(
		parent_link->node, xdg_surface);
	xdg_surface->data = &popup->scene_link;
	popup->destroy.notify = handle_popup_destroy;
	wl_signal_add(&xdg_surface->events.destroy, &popup->destroy);
	unconstrain_popup(server, popup);
}

static void handle_new_xdg_surface(struct wl_listener *listener, void *data)
{
	struct bulkhead_server *server =
		wl_container_of(listener, server, new_xdg_surface);
	struct wlr_xdg_surface *xdg_surface = data;

	if (xdg_surface->role == WLR_XDG_SURFACE_ROLE_TOPLEVEL) {
		create_toplevel(server, xdg_surface);
	} else if (xdg_surface->role == WLR_XDG_SURFACE_ROLE_POPUP) {
		create_popup(server, xdg_surface);
	}
}

static void handle_decoration_request_mode(struct wl_listener *listener,
		void *data)
{
	struct xdg_decoration *decoration =
		wl_container_of(listener, decoration, request_mode);

	wlr_xdg_toplevel_decoration_v1_set_mode(decoration->wlr_decoration,
		WLR_XDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE);
}

static void handle_decoration_destroy(struct wl_listener *listener, void *data)
{
	struct xdg_decoration *decoration =
		wl_container_of(listener, decoration, destroy);

	wl_list_remove(&decoration->request_mode.link);
	wl_list_remove(&decoration->destroy.link);
	free(decoration);
}

static void handle_new_toplevel_decoration(struct wl_listener *listener,
		void *data)
{
	struct wlr_xdg_toplevel_decoration_v1 *wlr_decoration = data;
	struct xdg_decoration *decoration = calloc(1, sizeof(*decoration));

	decoration->wlr_decoration = wlr_decoration;
	decoration->request_mode.notify = handle_decoration_request_mode;
	wl_signal_add(&wlr_decoration->events.request_mode,
		&decoration->request_mode);
	decoration->destroy.notify = handle_decoration_destroy;
	wl_signal_add(&wlr_decoration->events.destroy, &decoration->destroy);
	handle_decoration_request_mode(&decoration->request_mode, NULL);
}

struct bulkhead_view *xdg_view_from_surface(struct wlr_surface *surface)
{
	struct wlr_xdg_surface *xdg_surface;
	struct xdg_scene_link *link;

	if (!surface || !wlr_surface_is_xdg_surface(surface)) {
		return NULL;
	}
	xdg_surface = wlr_xdg_surface_from_wlr_surface(surface);
	link = xdg_surface ? xdg_surface->data : NULL;
	return link ? link->view : NULL;
}

void xdg_shell_init(struct bulkhead_server *server)
{
	server->xdg_shell = wlr_xdg_shell_create(server->display);
	server->new_xdg_surface.notify = handle_new_xdg_surface;
	wl_signal_add(&server->xdg_shell->events.new_surface,
		&server->new_xdg_surface);

	server->xdg_decoration_manager =
		wlr_xdg_decoration_manager_v1_create(server->display);
	server->new_toplevel_decoration.notify = handle_new_toplevel_decoration;
	wl_signal_add(&server->xdg_decoration_manager->events
		.new_toplevel_decoration, &server->new_toplevel_decoration);
}

void xdg_shell_finish(struct bulkhead_server *server)
{
	wl_list_remove(&server->new_xdg_surface.link);
	wl_list_remove(&server->new_toplevel_decoration.link);
}
