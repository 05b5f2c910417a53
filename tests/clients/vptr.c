/*
 * vptr WIDTH HEIGHT X Y [left|right [X2 Y2] | scroll STEPS]: moves a
 * zwlr_virtual_pointer_v1 to layout point (X, Y) of a layout WIDTH x HEIGHT
 * pixels large, and clicks the button when one is named. With X2 Y2 it
 * drags instead: it presses the button at (X, Y), moves to (X2, Y2) in
 * DRAG_STEPS steps and releases the button there. With scroll it turns the
 * vertical wheel by STEPS notches there, down for positive STEPS.
 */
#include <linux/input-event-codes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include "wlr-virtual-pointer-unstable-v1-client-protocol.h"

#define DRAG_STEPS 8
/*
 * Pause after the press of a drag, so that a client that replies to the press
 * with an xdg move or resize request has sent it before the pointer moves.
 */
#define DRAG_PRESS_DELAY_US (200 * 1000)

struct vptr {
	struct wl_seat *seat;
	struct zwlr_virtual_pointer_manager_v1 *manager;
};

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct vptr *vptr = data;

	if (strcmp(interface, wl_seat_interface.name) == 0 && !vptr->seat) {
		vptr->seat = wl_registry_bind(registry, name,
			&wl_seat_interface, 1);
	} else if (strcmp(interface,
			zwlr_virtual_pointer_manager_v1_interface.name) == 0) {
		vptr->manager = wl_registry_bind(registry, name,
			&zwlr_virtual_pointer_manager_v1_interface, 1);
	}
}

static void handle_global_remove(void *data, struct wl_registry *registry,
		uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static uint32_t now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint32_t)(now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

static void move_to(struct wl_display *display,
		struct zwlr_virtual_pointer_v1 *pointer, int x, int y, int width,
		int height)
{
	zwlr_virtual_pointer_v1_motion_absolute(pointer, now_ms(),
		(uint32_t)x, (uint32_t)y, (uint32_t)width, (uint32_t)height);
	zwlr_virtual_pointer_v1_frame(pointer);
	wl_display_roundtrip(display);
}

static void send_button(struct wl_display *display,
		struct zwlr_virtual_pointer_v1 *pointer, uint32_t button,
		enum wl_pointer_button_state state)
{
	zwlr_virtual_pointer_v1_button(pointer, now_ms(), button, state);
	zwlr_virtual_pointer_v1_frame(pointer);
	wl_display_roundtrip(display);
}

/* One vertical wheel event of STEPS notches, 15 axis units each. */
static void scroll(struct wl_display *display,
		struct zwlr_virtual_pointer_v1 *pointer, int steps)
{
	zwlr_virtual_pointer_v1_axis_source(pointer,
		WL_POINTER_AXIS_SOURCE_WHEEL);
	zwlr_virtual_pointer_v1_axis_discrete(pointer, now_ms(),
		WL_POINTER_AXIS_VERTICAL_SCROLL, wl_fixed_from_int(15 * steps),
		steps);
	zwlr_virtual_pointer_v1_frame(pointer);
	wl_display_roundtrip(display);
}

/* Presses at (x, y), moves to (x2, y2) in steps and releases there. */
static void drag(struct wl_display *display,
		struct zwlr_virtual_pointer_v1 *pointer, uint32_t button,
		int width, int height, int x, int y, int x2, int y2)
{
	send_button(display, pointer, button, WL_POINTER_BUTTON_STATE_PRESSED);
	usleep(DRAG_PRESS_DELAY_US);
	for (int step = 1; step <= DRAG_STEPS; step++) {
		move_to(display, pointer, x + (x2 - x) * step / DRAG_STEPS,
			y + (y2 - y) * step / DRAG_STEPS, width, height);
		usleep(20 * 1000);
	}
	send_button(display, pointer, button, WL_POINTER_BUTTON_STATE_RELEASED);
}

int main(int argc, char *argv[])
{
	struct vptr vptr = { 0 };
	struct wl_display *display;
	struct zwlr_virtual_pointer_v1 *pointer;
	uint32_t button = 0;
	bool scrolls = argc == 7 && strcmp(argv[5], "scroll") == 0;

	if (argc < 5 || (argc == 7 && !scrolls) || argc > 8) {
		fprintf(stderr, "usage: vptr WIDTH HEIGHT X Y "
			"[left|right [X2 Y2] | scroll STEPS]\n");
		return 2;
	}
	if (argc >= 6 && !scrolls) {
		button = strcmp(argv[5], "right") == 0 ? BTN_RIGHT : BTN_LEFT;
	}
	display = wl_display_connect(NULL);
	if (!display) {
		fprintf(stderr, "vptr: failed to connect to the Wayland display\n");
		return 1;
	}
	wl_registry_add_listener(wl_display_get_registry(display),
		&registry_listener, &vptr);
	wl_display_roundtrip(display);
	if (!vptr.manager) {
		fprintf(stderr, "vptr: the compositor offers no "
			"zwlr_virtual_pointer_manager_v1\n");
		return 1;
	}
	pointer = zwlr_virtual_pointer_manager_v1_create_virtual_pointer(
		vptr.manager, vptr.seat);
	wl_display_roundtrip(display);
	zwlr_virtual_pointer_v1_motion_absolute(pointer, now_ms(),
		(uint32_t)atoi(argv[3]), (uint32_t)atoi(argv[4]),
		(uint32_t)atoi(argv[1]), (uint32_t)atoi(argv[2]));
	zwlr_virtual_pointer_v1_frame(pointer);
	wl_display_roundtrip(display);
	if (scrolls) {
		scroll(display, pointer, atoi(argv[6]));
	} else if (argc == 8) {
		drag(display, pointer, button, atoi(argv[1]), atoi(argv[2]),
			atoi(argv[3]), atoi(argv[4]), atoi(argv[6]),
			atoi(argv[7]));
	} else if (button) {
		zwlr_virtual_pointer_v1_button(pointer, now_ms(), button,
			WL_POINTER_BUTTON_STATE_PRESSED);
		zwlr_virtual_pointer_v1_frame(pointer);
		wl_display_roundtrip(display);
		usleep(50 * 1000);
		zwlr_virtual_pointer_v1_button(pointer, now_ms(), button,
			WL_POINTER_BUTTON_STATE_RELEASED);
		zwlr_virtual_pointer_v1_frame(pointer);
	}
	wl_display_roundtrip(display);
	zwlr_virtual_pointer_v1_destroy(pointer);
	wl_display_roundtrip(display);
	wl_display_disconnect(display);
	printf("sent\n");
	return 0;
}
