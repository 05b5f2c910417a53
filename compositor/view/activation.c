/*
 * xdg-activation: a client asks to focus one of its windows, e.g. a
 * browser opening a link from another app. A request from the focused
 * workspace with a token made from recent input of this seat is granted;
 * any other request only marks the view urgent, so a background workspace
 * can never take the keyboard.
 */
#include <wlr/types/wlr_seat.h>
#include <wlr/types/wlr_xdg_activation_v1.h>
#include <wlr/types/wlr_xdg_shell.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/view.h"
#include "compositor/view/xdg.h"
#include "compositor/workspace.h"

static bool is_token_valid(struct bulkhead_seat *seat,
		struct wlr_xdg_activation_token_v1 *token)
{
	return token->seat == seat->wlr_seat;
}

static void handle_request_activate(struct wl_listener *listener, void *data)
{
	struct bulkhead_server *server = wl_container_of(listener, server,
		request_activate);
	struct wlr_xdg_activation_v1_request_activate_event *event = data;
	struct bulkhead_view *view = xdg_view_from_surface(event->surface);
	struct bulkhead_seat *seat = server->seat;

	if (!view || !view->mapped) {
		return;
	}
	if (view->workspace == seat->focused_workspace &&
			is_token_valid(seat, event->token)) {
		seat_focus_view(seat, view);
		return;
	}
	wlr_log(WLR_DEBUG, "View %u of workspace %s asked for focus; marked "
		"urgent", view->id, view->workspace->name);
	view_set_urgent(view, true);
}

void activation_init(struct bulkhead_server *server)
{
	server->xdg_activation = wlr_xdg_activation_v1_create(server->display);
	server->request_activate.notify = handle_request_activate;
	wl_signal_add(&server->xdg_activation->events.request_activate,
		&server->request_activate);
}

void activation_finish(struct bulkhead_server *server)
{
	wl_list_remove(&server->request_activate.link);
}
