/*
 * Idle reporting (org_kde_kwin_idle, for screen lockers and the like) and
 * idle inhibitors: while any client inhibits idle, for example a video
 * player, the seat never counts as idle.
 */
#include <stdlib.h>
#include <wlr/types/wlr_idle.h>
#include <wlr/types/wlr_idle_inhibit_v1.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "input-internal.h"

struct idle_inhibitor {
	struct bulkhead_seat *seat;
	struct wl_listener destroy;
};

static void update_enabled(struct bulkhead_seat *seat)
{
	wlr_idle_set_enabled(seat->idle, seat->wlr_seat,
		seat->idle_inhibitor_count == 0);
}

static void handle_inhibitor_destroy(struct wl_listener *listener, void *data)
{
	struct idle_inhibitor *inhibitor = wl_container_of(listener, inhibitor,
		destroy);

	inhibitor->seat->idle_inhibitor_count--;
	update_enabled(inhibitor->seat);
	wl_list_remove(&inhibitor->destroy.link);
	free(inhibitor);
}

static void handle_new_inhibitor(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		new_idle_inhibitor);
	struct wlr_idle_inhibitor_v1 *wlr_inhibitor = data;
	struct idle_inhibitor *inhibitor = calloc(1, sizeof(*inhibitor));

	inhibitor->seat = seat;
	inhibitor->destroy.notify = handle_inhibitor_destroy;
	wl_signal_add(&wlr_inhibitor->events.destroy, &inhibitor->destroy);
	seat->idle_inhibitor_count++;
	update_enabled(seat);
}

void idle_notify_activity(struct bulkhead_seat *seat)
{
	wlr_idle_notify_activity(seat->idle, seat->wlr_seat);
}

void idle_init(struct bulkhead_seat *seat)
{
	struct wl_display *display = seat->server->display;

	seat->idle = wlr_idle_create(display);
	seat->idle_inhibit_manager = wlr_idle_inhibit_v1_create(display);
	seat->new_idle_inhibitor.notify = handle_new_inhibitor;
	wl_signal_add(&seat->idle_inhibit_manager->events.new_inhibitor,
		&seat->new_idle_inhibitor);
}

void idle_finish(struct bulkhead_seat *seat)
{
	wl_list_remove(&seat->new_idle_inhibitor.link);
}
