/*
 * Relative pointer motion and pointer constraints (locked and confined
 * pointers), for games and remote desktops running as host clients. A
 * constraint applies only while its surface has pointer focus.
 */
#include <pixman.h>
#include <stdlib.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_pointer_constraints_v1.h>
#include <wlr/types/wlr_relative_pointer_v1.h>
#include <wlr/types/wlr_seat.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "input-internal.h"

struct constraint {
	struct bulkhead_seat *seat;
	struct wlr_pointer_constraint_v1 *wlr_constraint;
	struct wl_listener destroy;
};

static void handle_constraint_destroy(struct wl_listener *listener,
		void *data)
{
	struct constraint *constraint = wl_container_of(listener, constraint,
		destroy);

	if (constraint->seat->active_constraint == constraint->wlr_constraint) {
		constraint->seat->active_constraint = NULL;
	}
	wl_list_remove(&constraint->destroy.link);
	free(constraint);
}

static void handle_new_constraint(struct wl_listener *listener, void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		new_constraint);
	struct wlr_pointer_constraint_v1 *wlr_constraint = data;
	struct constraint *constraint = calloc(1, sizeof(*constraint));

	constraint->seat = seat;
	constraint->wlr_constraint = wlr_constraint;
	constraint->destroy.notify = handle_constraint_destroy;
	wl_signal_add(&wlr_constraint->events.destroy, &constraint->destroy);
	if (seat->wlr_seat->pointer_state.focused_surface ==
			wlr_constraint->surface) {
		constraints_update_focus(seat);
	}
}

void constraints_update_focus(struct bulkhead_seat *seat)
{
	struct wlr_surface *surface = seat->wlr_seat->pointer_state.focused_surface;
	struct wlr_pointer_constraint_v1 *wanted = NULL;

	if (surface) {
		wanted = wlr_pointer_constraints_v1_constraint_for_surface(
			seat->pointer_constraints, surface, seat->wlr_seat);
	}
	if (wanted == seat->active_constraint) {
		return;
	}
	if (seat->active_constraint) {
		wlr_pointer_constraint_v1_send_deactivated(
			seat->active_constraint);
	}
	seat->active_constraint = wanted;
	if (wanted) {
		wlr_pointer_constraint_v1_send_activated(wanted);
	}
}

bool constraints_allow_motion(struct bulkhead_seat *seat, double dx,
		double dy, double sx, double sy)
{
	struct wlr_pointer_constraint_v1 *constraint = seat->active_constraint;

	if (!constraint) {
		return true;
	}
	if (constraint->type == WLR_POINTER_CONSTRAINT_V1_LOCKED) {
		return false;
	}
	/* Confined: the pointer may move only within the region. */
	return pixman_region32_contains_point(&constraint->region,
		(int)(sx + dx), (int)(sy + dy), NULL);
}

void constraints_send_relative_motion(struct bulkhead_seat *seat,
		uint32_t time_msec, double dx, double dy, double dx_unaccel,
		double dy_unaccel)
{
	wlr_relative_pointer_manager_v1_send_relative_motion(
		seat->relative_pointer_manager, seat->wlr_seat,
		(uint64_t)time_msec * 1000, dx, dy, dx_unaccel, dy_unaccel);
}

void constraints_init(struct bulkhead_seat *seat)
{
	struct wl_display *display = seat->server->display;

	seat->relative_pointer_manager =
		wlr_relative_pointer_manager_v1_create(display);
	seat->pointer_constraints = wlr_pointer_constraints_v1_create(display);
	seat->new_constraint.notify = handle_new_constraint;
	wl_signal_add(&seat->pointer_constraints->events.new_constraint,
		&seat->new_constraint);
}

void constraints_finish(struct bulkhead_seat *seat)
{
	wl_list_remove(&seat->new_constraint.link);
}
