/* Parts of the seat shared between the files of compositor/input/. */
#ifndef COMPOSITOR_INPUT_INTERNAL_H
#define COMPOSITOR_INPUT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct bulkhead_seat;
struct bulkhead_view;
struct bulkhead_workspace;
struct wlr_input_device;

/* Key codes a binding consumed, so their releases are consumed too. */
#define MAX_CONSUMED_KEYS 32

struct bulkhead_keyboard {
	struct bulkhead_seat *seat;
	struct wlr_input_device *device;
	bool is_virtual;
	uint32_t consumed_keys[MAX_CONSUMED_KEYS];
	size_t consumed_count;
	/* Super is down and no other key came since: a tap so far. */
	bool super_tap;

	struct wl_listener key;
	struct wl_listener modifiers;
	struct wl_listener destroy;
	struct wl_list link;	/* bulkhead_seat.keyboards */
};

/* Adds a physical or virtual keyboard; both go through the bindings. */
void keyboard_create(struct bulkhead_seat *seat,
	struct wlr_input_device *device, bool is_virtual);
void keyboard_destroy(struct bulkhead_keyboard *keyboard);
bool keyboard_compile_keymap(struct bulkhead_seat *seat);
/* Forgets a Super press in progress, so its release is no tap. */
void keyboards_cancel_super_tap(struct bulkhead_seat *seat);
void seat_update_capabilities(struct bulkhead_seat *seat);

void cursor_init(struct bulkhead_seat *seat);
void cursor_finish(struct bulkhead_seat *seat);
/* Re-sends pointer focus after the views under the cursor changed. */
void cursor_update_focus(struct bulkhead_seat *seat, uint32_t time_msec);

/* Returns true when a move or resize grab took the event. */
bool grab_handle_motion(struct bulkhead_seat *seat);
bool grab_handle_button(struct bulkhead_seat *seat, struct bulkhead_view *view,
	uint32_t button, bool pressed);
uint32_t grab_edges_at(struct bulkhead_view *view, double lx, double ly);

void constraints_init(struct bulkhead_seat *seat);
void constraints_finish(struct bulkhead_seat *seat);
/* Activates the constraint of the surface that has pointer focus, if any. */
void constraints_update_focus(struct bulkhead_seat *seat);
/* Whether the active constraint lets the pointer move by (dx, dy). */
bool constraints_allow_motion(struct bulkhead_seat *seat, double dx,
	double dy, double sx, double sy);
void constraints_send_relative_motion(struct bulkhead_seat *seat,
	uint32_t time_msec, double dx, double dy, double dx_unaccel,
	double dy_unaccel);

void idle_init(struct bulkhead_seat *seat);
void idle_finish(struct bulkhead_seat *seat);
void idle_notify_activity(struct bulkhead_seat *seat);

void shortcuts_inhibit_init(struct bulkhead_seat *seat);
void shortcuts_inhibit_finish(struct bulkhead_seat *seat);
/* Activates the inhibitor of the surface with keyboard focus, if any. */
void shortcuts_inhibit_update_focus(struct bulkhead_seat *seat);
/* Whether the focused client has the bindings now. */
bool shortcuts_inhibit_is_active(struct bulkhead_seat *seat);

void selection_init(struct bulkhead_seat *seat);
void selection_finish(struct bulkhead_seat *seat);
/* Offers the workspace's own selection, and only that, to the seat. */
void selection_enter_workspace(struct bulkhead_seat *seat,
	struct bulkhead_workspace *workspace);

#endif
