#include <stdlib.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/frame.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"
#include "compositor/view/placement.h"
#include "compositor/workspace.h"

void view_init(struct bulkhead_view *view, struct bulkhead_server *server,
		enum bulkhead_view_kind kind, struct bulkhead_workspace *workspace,
		const struct bulkhead_view_impl *impl)
{
	view->server = server;
	view->kind = kind;
	view->workspace = workspace;
	view->impl = impl;
	view->id = server->next_view_id++;

	view->tree = wlr_scene_tree_create(&server->view_tree->node);
	view->tree->node.data = view;
	wlr_scene_node_set_enabled(&view->tree->node, false);
	view->content_tree = wlr_scene_tree_create(&view->tree->node);
	view->frame = frame_create(view);
	wl_list_insert(server->views.prev, &view->link);
}

void view_finish(struct bulkhead_view *view)
{
	if (view->mapped) {
		view_unmap(view);
	}
	frame_destroy(view->frame);
	wlr_scene_node_destroy(&view->tree->node);
	wl_list_remove(&view->link);
	g_free(view->title);
	g_free(view->app_id);
	g_free(view->title_hint);
}

/*
 * A guest screen that would cover other windows asks its guest for a size
 * that fits beside them (or, without an agent, is scaled to it), as a
 * resize by hand would. Client windows keep the size they chose.
 */
static void fit_guest_display(struct bulkhead_view *view)
{
	int width, height;

	if (view->kind != BULKHEAD_VIEW_GUEST_DISPLAY ||
			!view->impl->request_size ||
			!placement_fit_size(view, &width, &height)) {
		return;
	}
	wlr_log(WLR_INFO, "View %u: asking for %dx%d to fit beside the other "
		"windows", view->id, width, height);
	view_request_size(view, width, height);
	view->width = width;
	view->height = height;
}

void view_map(struct bulkhead_view *view)
{
	int x, y;

	fit_guest_display(view);
	placement_find_position(view, &x, &y);
	view_move(view, x, y);
	view->mapped = true;
	frame_update(view->frame);
	wlr_scene_node_set_enabled(&view->tree->node, true);
	wlr_log(WLR_INFO, "View %u mapped in workspace %s: %dx%d at %d,%d "
		"(%s)", view->id, view->workspace->name, view->width,
		view->height, view->x, view->y,
		view->title ? view->title : "untitled");
	seat_focus_view(view->server->seat, view);
}

void view_unmap(struct bulkhead_view *view)
{
	if (!view->mapped) {
		return;
	}
	view->mapped = false;
	wlr_scene_node_set_enabled(&view->tree->node, false);
	wlr_log(WLR_INFO, "View %u unmapped from workspace %s", view->id,
		view->workspace->name);
	seat_view_unmapped(view->server->seat, view);
}

void view_set_title(struct bulkhead_view *view, const char *title)
{
	if (!g_strcmp0(view->title, title)) {
		return;
	}
	g_free(view->title);
	view->title = g_strdup(title);
	if (view->mapped) {
		frame_update(view->frame);
		panels_schedule_redraw(view->server);
	}
}

void view_set_app_id(struct bulkhead_view *view, const char *app_id)
{
	g_free(view->app_id);
	view->app_id = g_strdup(app_id);
	if (view->mapped) {
		frame_update(view->frame);
	}
}

void view_request_size(struct bulkhead_view *view, int width, int height)
{
	if (width < 1 || height < 1 || !view->impl->request_size) {
		return;
	}
	view->impl->request_size(view, width, height);
}

void view_set_title_hint(struct bulkhead_view *view, const char *hint)
{
	if (hint && !*hint) {
		hint = NULL;
	}
	if (!g_strcmp0(view->title_hint, hint)) {
		return;
	}
	g_free(view->title_hint);
	view->title_hint = g_strdup(hint);
	if (view->mapped) {
		frame_update(view->frame);
	}
}

void view_set_size(struct bulkhead_view *view, int width, int height)
{
	if (view->width == width && view->height == height) {
		return;
	}
	view->width = width;
	view->height = height;
	if (view->mapped) {
		frame_update(view->frame);
	}
}

void view_move(struct bulkhead_view *view, int x, int y)
{
	view->x = x;
	view->y = y;
	wlr_scene_node_set_position(&view->tree->node, x, y);
}

void view_raise(struct bulkhead_view *view)
{
	wlr_scene_node_raise_to_top(&view->tree->node);
	wl_list_remove(&view->link);
	wl_list_insert(view->server->views.prev, &view->link);
}

void view_get_frame_box(struct bulkhead_view *view, struct wlr_box *box)
{
	int border = view->server->config->border_width;

	box->x = view->x - border;
	box->y = view->y - BULKHEAD_TITLE_HEIGHT - border;
	box->width = view->width + 2 * border;
	box->height = view->height + BULKHEAD_TITLE_HEIGHT + 2 * border;
}

void view_update_frame(struct bulkhead_view *view)
{
	frame_update(view->frame);
}

/* Walks up from a scene node to the view tree it belongs to. */
static struct bulkhead_view *view_from_node(struct bulkhead_server *server,
		struct wlr_scene_node *node)
{
	while (node && node->parent != &server->view_tree->node) {
		node = node->parent;
	}
	return node ? node->data : NULL;
}

struct bulkhead_view *view_at(struct bulkhead_server *server, double lx,
		double ly, struct wlr_surface **surface, double *sx, double *sy)
{
	struct wlr_scene_node *node = wlr_scene_node_at(
		&server->view_tree->node, lx, ly, sx, sy);
	struct bulkhead_view *view;

	*surface = NULL;
	if (!node) {
		return NULL;
	}
	view = view_from_node(server, node);
	if (node->type == WLR_SCENE_NODE_SURFACE) {
		*surface = wlr_scene_surface_from_node(node)->surface;
	}
	if (view) {
		/* Coordinates relative to the content origin, for guest views. */
		if (!*surface) {
			*sx = lx - view->x;
			*sy = ly - view->y;
		}
	}
	return view;
}

struct bulkhead_view *view_find_by_id(struct bulkhead_server *server,
		uint32_t id)
{
	struct bulkhead_view *view;

	wl_list_for_each(view, &server->views, link) {
		if (view->id == id) {
			return view;
		}
	}
	return NULL;
}
