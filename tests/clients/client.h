#ifndef TESTS_CLIENTS_CLIENT_H
#define TESTS_CLIENTS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-client.h>

/*
 * A Wayland connection with the globals the test clients use, and one
 * xdg toplevel filled with a solid color so that the compositor maps it.
 */
struct test_client {
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_compositor *compositor;
	struct wl_shm *shm;
	struct xdg_wm_base *wm_base;
	struct wl_seat *seat;
	struct wl_data_device_manager *data_device_manager;

	/* Created when the seat gains the keyboard capability, with this
	 * listener, and released when it loses it. */
	struct wl_keyboard *keyboard;
	const struct wl_keyboard_listener *keyboard_listener;
	void *keyboard_data;

	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct wl_buffer *buffer;
	uint32_t color;
	int width, height;
	bool closed;
};

/*
 * Connects to $WAYLAND_DISPLAY and binds the globals; exits on failure.
 * keyboard_listener may be NULL for a client that takes no keys.
 */
void test_client_connect(struct test_client *client, const char *program,
	const struct wl_keyboard_listener *keyboard_listener,
	void *keyboard_data);

/* Maps a toplevel of the given title, filled with color (0xAARRGGBB). */
void test_client_create_window(struct test_client *client, const char *title,
	uint32_t color);

void test_client_disconnect(struct test_client *client);

/* Milliseconds of CLOCK_MONOTONIC. */
uint32_t test_client_now_ms(void);

#endif
