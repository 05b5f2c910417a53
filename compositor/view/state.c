/* Maximized, fullscreen and minimized views. */
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "compositor/output.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/frame.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"

/* The content box that fills the usable area of the view's output. */
static bool get_full_box(struct bulkhead_view *view, struct wlr_box *box)
{
	int border = view->server->config->border_width;
	struct wlr_box area;

	if (!output_get_usable_area(view->server, view->x + view->width / 2.0,
			view->y + view->height / 2.0, &area)) {
		return false;
	}
	box->x = area.x + border;
	box->y = area.y + BULKHEAD_TITLE_HEIGHT + border;
	box->width = area.width - 2 * border;
	box->height = area.height - BULKHEAD_TITLE_HEIGHT - 2 * border;
	return box->width > 0 && box->height > 0;
}

/* Fills the output, or goes back to the box saved when it did. */
static void apply_full_size(struct bulkhead_view *view, bool full)
{
	struct wlr_box box;

	if (full && get_full_box(view, &box)) {
		view->saved_box = (struct wlr_box){ view->x, view->y,
			view->width, view->height };
	} else if (!full && !wlr_box_empty(&view->saved_box)) {
		box = view->saved_box;
		view->saved_box = (struct wlr_box){ 0 };
	} else {
		return;
	}
	view_move(view, box.x, box.y);
	view_request_size(view, box.width, box.height);
}

void view_set_maximized(struct bulkhead_view *view, bool maximized)
{
	if (view->maximized == maximized) {
		return;
	}
	if (!view->fullscreen) {
		apply_full_size(view, maximized);
	}
	view->maximized = maximized;
	if (view->impl->set_maximized) {
		view->impl->set_maximized(view, maximized);
	}
}

void view_set_fullscreen(struct bulkhead_view *view, bool fullscreen)
{
	if (view->fullscreen == fullscreen) {
		return;
	}
	if (!view->maximized) {
		apply_full_size(view, fullscreen);
	}
	view->fullscreen = fullscreen;
	if (view->impl->set_fullscreen) {
		view->impl->set_fullscreen(view, fullscreen);
	}
}

void view_set_minimized(struct bulkhead_view *view, bool minimized)
{
	if (view->minimized == minimized || !view->mapped) {
		return;
	}
	view->minimized = minimized;
	wlr_scene_node_set_enabled(&view->tree->node, !minimized);
	wlr_log(WLR_DEBUG, "View %u %s", view->id, minimized ? "minimized" :
		"restored");
	if (minimized) {
		seat_view_unmapped(view->server->seat, view);
	}
}

void view_set_urgent(struct bulkhead_view *view, bool urgent)
{
	if (view->urgent == urgent) {
		return;
	}
	view->urgent = urgent;
	if (view->mapped) {
		frame_update(view->frame);
		panels_schedule_redraw(view->server);
	}
}

bool view_is_visible(struct bulkhead_view *view)
{
	return view->mapped && !view->minimized;
}
