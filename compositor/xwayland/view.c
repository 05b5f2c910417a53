/*
 * X11 windows. A managed window is a toplevel view of its X server's
 * workspace, framed like an xdg toplevel. An override-redirect window (a
 * menu or tooltip) places itself and is shown unframed inside the scene
 * tree of a view of the same X server. It is stacked, hidden and focused
 * with that view, so it never shows outside its own workspace's views.
 */
#include <stdlib.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <wlr/xwayland.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/workspace.h"
#include "xwayland-internal.h"

struct xwayland_view {
	struct bulkhead_view base;
	struct bulkhead_xwayland *instance;
	struct wlr_xwayland_surface *xsurface;
	/* Whether view_init ran, which happens on the first managed map. */
	bool has_view;
	/*
	 * The surface's scene nodes while mapped: under content_tree for a
	 * managed window, under the parent view's tree for an
	 * override-redirect one. Cleared when the scene destroys them.
	 */
	struct wlr_scene_node *surface_node;

	struct wl_listener destroy;
	struct wl_listener request_configure;
	struct wl_listener map;
	struct wl_listener unmap;
	struct wl_listener set_title;
	struct wl_listener set_class;
	struct wl_listener set_geometry;
	struct wl_listener request_maximize;
	struct wl_listener request_fullscreen;
	struct wl_listener request_minimize;
	struct wl_listener request_move;
	struct wl_listener request_resize;
	struct wl_listener request_activate;
	struct wl_listener commit;		/* managed and mapped only */
	struct wl_listener node_destroy;	/* while surface_node is set */
};

static struct xwayland_view *xwayland_view_from_view(
		struct bulkhead_view *view)
{
	struct xwayland_view *xwayland_view =
		wl_container_of(view, xwayland_view, base);

	return xwayland_view;
}

static void xwayland_set_activated(struct bulkhead_view *view, bool activated)
{
	struct wlr_xwayland_surface *xsurface =
		xwayland_view_from_view(view)->xsurface;

	wlr_xwayland_surface_activate(xsurface, activated);
	if (activated) {
		wlr_xwayland_surface_restack(xsurface, NULL,
			XCB_STACK_MODE_ABOVE);
	}
}

static void xwayland_close(struct bulkhead_view *view)
{
	wlr_xwayland_surface_close(xwayland_view_from_view(view)->xsurface);
}

static struct wlr_surface *xwayland_get_surface(struct bulkhead_view *view)
{
	return xwayland_view_from_view(view)->xsurface->surface;
}

/* X windows have a position of their own, kept at the content origin. */
static void xwayland_request_size(struct bulkhead_view *view, int width,
		int height)
{
	wlr_xwayland_surface_configure(xwayland_view_from_view(view)->xsurface,
		(int16_t)view->x, (int16_t)view->y, (uint16_t)width,
		(uint16_t)height);
}

static void xwayland_set_maximized(struct bulkhead_view *view, bool maximized)
{
	wlr_xwayland_surface_set_maximized(
		xwayland_view_from_view(view)->xsurface, maximized);
}

static void xwayland_set_fullscreen(struct bulkhead_view *view,
		bool fullscreen)
{
	wlr_xwayland_surface_set_fullscreen(
		xwayland_view_from_view(view)->xsurface, fullscreen);
}

static const struct bulkhead_view_impl xwayland_view_impl = {
	.set_activated = xwayland_set_activated,
	.close = xwayland_close,
	.get_surface = xwayland_get_surface,
	.request_size = xwayland_request_size,
	.set_maximized = xwayland_set_maximized,
	.set_fullscreen = xwayland_set_fullscreen,
};

static void handle_node_destroy(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		node_destroy);

	wl_list_remove(&view->node_destroy.link);
	view->surface_node = NULL;
}

static void attach_surface(struct xwayland_view *view,
		struct wlr_scene_node *parent, int x, int y)
{
	view->surface_node = wlr_scene_subsurface_tree_create(parent,
		view->xsurface->surface);
	wlr_scene_node_set_position(view->surface_node, x, y);
	view->node_destroy.notify = handle_node_destroy;
	wl_signal_add(&view->surface_node->events.destroy, &view->node_destroy);
}

static void detach_surface(struct xwayland_view *view)
{
	if (view->surface_node) {
		/* Clears surface_node through handle_node_destroy. */
		wlr_scene_node_destroy(view->surface_node);
	}
}

static bool is_mapped_view(struct xwayland_view *view)
{
	return view && view->has_view && view->base.mapped;
}

/*
 * Returns the view that shows an override-redirect window. That is its
 * nearest mapped ancestor (WM_TRANSIENT_FOR), else the X server's most
 * recently focused mapped window, because menus rarely name a parent.
 */
static struct xwayland_view *find_popup_parent(struct xwayland_view *popup)
{
	struct bulkhead_server *server = popup->instance->workspace->server;
	struct wlr_xwayland_surface *ancestor;
	struct xwayland_view *recent = NULL;
	struct bulkhead_view *view;

	for (ancestor = popup->xsurface->parent; ancestor;
			ancestor = ancestor->parent) {
		if (is_mapped_view(ancestor->data)) {
			return ancestor->data;
		}
	}
	wl_list_for_each(view, &server->views, link) {
		struct xwayland_view *candidate;

		if (view->impl != &xwayland_view_impl || !view->mapped) {
			continue;
		}
		candidate = xwayland_view_from_view(view);
		if (candidate->instance != popup->instance) {
			continue;
		}
		if (!recent || view->focus_sequence >
				recent->base.focus_sequence) {
			recent = candidate;
		}
	}
	return recent;
}

/* Both positions are X root coordinates, so the offset needs no layout. */
static void place_popup(struct xwayland_view *popup,
		struct xwayland_view *parent)
{
	wlr_scene_node_set_position(popup->surface_node,
		popup->xsurface->x - parent->xsurface->x,
		popup->xsurface->y - parent->xsurface->y);
}

static void map_popup(struct xwayland_view *popup)
{
	struct xwayland_view *parent = find_popup_parent(popup);

	if (!parent) {
		/* NOTE: an override-redirect window without a mapped window of
		 * its X server to attach to stays hidden. */
		wlr_log(WLR_DEBUG, "Hiding X window 0x%x of workspace %s: no "
			"mapped window to show it in", popup->xsurface->window_id,
			popup->instance->workspace->name);
		return;
	}
	attach_surface(popup, &parent->base.tree->node, 0, 0);
	place_popup(popup, parent);
}

/* Keeps X's idea of the window's position at the content origin. */
static void sync_position(struct xwayland_view *view)
{
	struct wlr_xwayland_surface *xsurface = view->xsurface;

	if (xsurface->x != view->base.x || xsurface->y != view->base.y) {
		wlr_xwayland_surface_configure(xsurface, (int16_t)view->base.x,
			(int16_t)view->base.y, xsurface->width,
			xsurface->height);
	}
}

static void update_size(struct xwayland_view *view)
{
	struct wlr_surface *surface = view->xsurface->surface;

	view_set_size(&view->base, surface->current.width,
		surface->current.height);
}

/* Moves made through view_move reach X on the next commit. */
static void handle_commit(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, commit);

	update_size(view);
	sync_position(view);
}

static void map_managed(struct xwayland_view *view)
{
	struct wlr_xwayland_surface *xsurface = view->xsurface;

	if (!view->has_view) {
		view_init(&view->base, view->instance->workspace->server,
			BULKHEAD_VIEW_TOPLEVEL, view->instance->workspace,
			&xwayland_view_impl);
		view->has_view = true;
	}
	attach_surface(view, &view->base.content_tree->node, 0, 0);
	view_set_title(&view->base, xsurface->title);
	view_set_app_id(&view->base, xsurface->class);
	update_size(view);
	view->commit.notify = handle_commit;
	wl_signal_add(&xsurface->surface->events.commit, &view->commit);
	view_map(&view->base);
	sync_position(view);
}

static void handle_map(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, map);

	if (view->xsurface->override_redirect) {
		map_popup(view);
	} else {
		map_managed(view);
	}
}

static void handle_unmap(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, unmap);

	if (is_mapped_view(view)) {
		wl_list_remove(&view->commit.link);
		view_unmap(&view->base);
	}
	detach_surface(view);
}

/*
 * Before the window maps, it takes the geometry it requests. After that its
 * position stays where bulkhead placed its frame and only the size follows
 * the request, so a window cannot move itself over the panel or another
 * frame.
 */
static void handle_request_configure(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_configure);
	struct wlr_xwayland_surface_configure_event *event = data;

	if (!is_mapped_view(view)) {
		wlr_xwayland_surface_configure(view->xsurface, event->x,
			event->y, event->width, event->height);
		return;
	}
	wlr_xwayland_surface_configure(view->xsurface, (int16_t)view->base.x,
		(int16_t)view->base.y, event->width, event->height);
}

static void handle_set_title(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, set_title);

	if (view->has_view) {
		view_set_title(&view->base, view->xsurface->title);
	}
}

static void handle_set_class(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, set_class);

	if (view->has_view) {
		view_set_app_id(&view->base, view->xsurface->class);
	}
}

/* Override-redirect windows move themselves, and their node follows. */
static void handle_set_geometry(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		set_geometry);
	struct xwayland_view *parent;

	if (!view->xsurface->override_redirect || !view->surface_node) {
		return;
	}
	parent = find_popup_parent(view);
	if (parent) {
		place_popup(view, parent);
	}
}

static void handle_request_maximize(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_maximize);
	struct wlr_xwayland_surface *xsurface = view->xsurface;

	if (is_mapped_view(view)) {
		view_set_maximized(&view->base,
			xsurface->maximized_horz && xsurface->maximized_vert);
	}
}

static void handle_request_fullscreen(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_fullscreen);

	if (is_mapped_view(view)) {
		view_set_fullscreen(&view->base, view->xsurface->fullscreen);
	}
}

static void handle_request_minimize(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_minimize);
	struct wlr_xwayland_minimize_event *event = data;

	if (is_mapped_view(view)) {
		view_set_minimized(&view->base, event->minimize);
	}
}

/* Moves and resizes follow a button press the client received. */
static bool is_pointer_grab_valid(struct xwayland_view *view)
{
	struct bulkhead_seat *seat = view->base.server->seat;

	return is_mapped_view(view) &&
		seat->wlr_seat->pointer_state.button_count > 0 &&
		seat->focused_view == &view->base;
}

static void handle_request_move(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_move);

	if (is_pointer_grab_valid(view)) {
		grab_begin_move(view->base.server->seat, &view->base);
	}
}

static void handle_request_resize(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_resize);
	struct wlr_xwayland_resize_event *event = data;

	if (is_pointer_grab_valid(view)) {
		grab_begin_resize(view->base.server->seat, &view->base,
			event->edges);
	}
}

/*
 * Follows xdg-activation's rule: a window of the focused workspace gets the
 * focus, and any other window is only marked urgent.
 */
static void handle_request_activate(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view,
		request_activate);
	struct bulkhead_seat *seat;

	if (!is_mapped_view(view)) {
		return;
	}
	seat = view->base.server->seat;
	if (view->base.workspace == seat->focused_workspace) {
		seat_focus_view(seat, &view->base);
	} else {
		view_set_urgent(&view->base, true);
	}
}

static void handle_destroy(struct wl_listener *listener, void *data)
{
	struct xwayland_view *view = wl_container_of(listener, view, destroy);

	/* wlroots emits unmap before destroy, so the surface is detached. */
	detach_surface(view);
	wl_list_remove(&view->destroy.link);
	wl_list_remove(&view->request_configure.link);
	wl_list_remove(&view->map.link);
	wl_list_remove(&view->unmap.link);
	wl_list_remove(&view->set_title.link);
	wl_list_remove(&view->set_class.link);
	wl_list_remove(&view->set_geometry.link);
	wl_list_remove(&view->request_maximize.link);
	wl_list_remove(&view->request_fullscreen.link);
	wl_list_remove(&view->request_minimize.link);
	wl_list_remove(&view->request_move.link);
	wl_list_remove(&view->request_resize.link);
	wl_list_remove(&view->request_activate.link);
	view->xsurface->data = NULL;
	if (view->has_view) {
		view_finish(&view->base);
	}
	free(view);
}

static void listen_surface(struct xwayland_view *view)
{
	struct wlr_xwayland_surface *xsurface = view->xsurface;

	view->destroy.notify = handle_destroy;
	wl_signal_add(&xsurface->events.destroy, &view->destroy);
	view->request_configure.notify = handle_request_configure;
	wl_signal_add(&xsurface->events.request_configure,
		&view->request_configure);
	view->map.notify = handle_map;
	wl_signal_add(&xsurface->events.map, &view->map);
	view->unmap.notify = handle_unmap;
	wl_signal_add(&xsurface->events.unmap, &view->unmap);
	view->set_title.notify = handle_set_title;
	wl_signal_add(&xsurface->events.set_title, &view->set_title);
	view->set_class.notify = handle_set_class;
	wl_signal_add(&xsurface->events.set_class, &view->set_class);
	view->set_geometry.notify = handle_set_geometry;
	wl_signal_add(&xsurface->events.set_geometry, &view->set_geometry);
	view->request_maximize.notify = handle_request_maximize;
	wl_signal_add(&xsurface->events.request_maximize,
		&view->request_maximize);
	view->request_fullscreen.notify = handle_request_fullscreen;
	wl_signal_add(&xsurface->events.request_fullscreen,
		&view->request_fullscreen);
	view->request_minimize.notify = handle_request_minimize;
	wl_signal_add(&xsurface->events.request_minimize,
		&view->request_minimize);
	view->request_move.notify = handle_request_move;
	wl_signal_add(&xsurface->events.request_move, &view->request_move);
	view->request_resize.notify = handle_request_resize;
	wl_signal_add(&xsurface->events.request_resize, &view->request_resize);
	view->request_activate.notify = handle_request_activate;
	wl_signal_add(&xsurface->events.request_activate,
		&view->request_activate);
}

void xwayland_surface_create(struct bulkhead_xwayland *instance,
		struct wlr_xwayland_surface *xsurface)
{
	struct xwayland_view *view = calloc(1, sizeof(*view));

	view->instance = instance;
	view->xsurface = xsurface;
	xsurface->data = view;
	listen_surface(view);
}
