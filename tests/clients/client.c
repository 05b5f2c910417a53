#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include "client.h"
#include "xdg-shell-client-protocol.h"

static const char *program_name = "test-client";

static void die(const char *message)
{
	fprintf(stderr, "%s: %s\n", program_name, message);
	exit(1);
}

static void handle_seat_capabilities(void *data, struct wl_seat *seat,
		uint32_t capabilities)
{
	struct test_client *client = data;
	bool has_keyboard = capabilities & WL_SEAT_CAPABILITY_KEYBOARD;

	if (has_keyboard && !client->keyboard && client->keyboard_listener) {
		client->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(client->keyboard,
			client->keyboard_listener, client->keyboard_data);
	} else if (!has_keyboard && client->keyboard) {
		wl_keyboard_release(client->keyboard);
		client->keyboard = NULL;
	}
}

static void handle_seat_name(void *data, struct wl_seat *seat,
		const char *name)
{
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = handle_seat_capabilities,
	.name = handle_seat_name,
};

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct test_client *client = data;

	if (strcmp(interface, wl_compositor_interface.name) == 0) {
		client->compositor = wl_registry_bind(registry, name,
			&wl_compositor_interface, 4);
	} else if (strcmp(interface, wl_shm_interface.name) == 0) {
		client->shm = wl_registry_bind(registry, name,
			&wl_shm_interface, 1);
	} else if (strcmp(interface, xdg_wm_base_interface.name) == 0) {
		client->wm_base = wl_registry_bind(registry, name,
			&xdg_wm_base_interface, 1);
	} else if (strcmp(interface, wl_seat_interface.name) == 0 &&
			!client->seat) {
		client->seat = wl_registry_bind(registry, name,
			&wl_seat_interface, version < 5 ? version : 5);
		wl_seat_add_listener(client->seat, &seat_listener, client);
	} else if (strcmp(interface,
			wl_data_device_manager_interface.name) == 0) {
		client->data_device_manager = wl_registry_bind(registry, name,
			&wl_data_device_manager_interface, 3);
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

static void handle_ping(void *data, struct xdg_wm_base *wm_base,
		uint32_t serial)
{
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
	.ping = handle_ping,
};

void test_client_connect(struct test_client *client, const char *program,
		const struct wl_keyboard_listener *keyboard_listener,
		void *keyboard_data)
{
	program_name = program;
	memset(client, 0, sizeof(*client));
	client->keyboard_listener = keyboard_listener;
	client->keyboard_data = keyboard_data;
	client->display = wl_display_connect(NULL);
	if (!client->display) {
		die("cannot connect to $WAYLAND_DISPLAY");
	}
	client->registry = wl_display_get_registry(client->display);
	wl_registry_add_listener(client->registry, &registry_listener, client);
	if (wl_display_roundtrip(client->display) < 0) {
		die("the first roundtrip failed");
	}
	if (!client->compositor || !client->shm || !client->wm_base) {
		die("wl_compositor, wl_shm or xdg_wm_base is missing");
	}
	if (keyboard_listener && !client->seat) {
		die("the compositor offers no wl_seat");
	}
	/* A second roundtrip receives the seat's capabilities. */
	if (wl_display_roundtrip(client->display) < 0) {
		die("the second roundtrip failed");
	}
	xdg_wm_base_add_listener(client->wm_base, &wm_base_listener, client);
}

static struct wl_buffer *create_buffer(struct test_client *client)
{
	int stride = client->width * 4;
	size_t size = (size_t)stride * client->height;
	int fd = memfd_create("test-client-buffer", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, size) < 0) {
		die("cannot create the shm buffer file");
	}
	uint32_t *pixels = mmap(NULL, size, PROT_READ | PROT_WRITE,
		MAP_SHARED, fd, 0);
	if (pixels == MAP_FAILED) {
		die("cannot map the shm buffer file");
	}
	for (size_t i = 0; i < size / 4; i++) {
		pixels[i] = client->color;
	}
	munmap(pixels, size);

	struct wl_shm_pool *pool = wl_shm_create_pool(client->shm, fd, size);
	struct wl_buffer *buffer = wl_shm_pool_create_buffer(pool, 0,
		client->width, client->height, stride, WL_SHM_FORMAT_XRGB8888);
	wl_shm_pool_destroy(pool);
	close(fd);
	return buffer;
}

static void handle_xdg_surface_configure(void *data,
		struct xdg_surface *xdg_surface, uint32_t serial)
{
	struct test_client *client = data;

	xdg_surface_ack_configure(xdg_surface, serial);
	if (!client->buffer) {
		client->buffer = create_buffer(client);
	}
	wl_surface_attach(client->surface, client->buffer, 0, 0);
	wl_surface_damage(client->surface, 0, 0, client->width,
		client->height);
	wl_surface_commit(client->surface);
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = handle_xdg_surface_configure,
};

static void handle_toplevel_configure(void *data,
		struct xdg_toplevel *toplevel, int32_t width, int32_t height,
		struct wl_array *states)
{
	/* The window keeps its own size, whatever the compositor suggests. */
}

static void handle_toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct test_client *client = data;

	client->closed = true;
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = handle_toplevel_configure,
	.close = handle_toplevel_close,
};

void test_client_create_window(struct test_client *client, const char *title,
		uint32_t color)
{
	client->color = color;
	client->width = 200;
	client->height = 150;
	client->surface = wl_compositor_create_surface(client->compositor);
	client->xdg_surface = xdg_wm_base_get_xdg_surface(client->wm_base,
		client->surface);
	xdg_surface_add_listener(client->xdg_surface, &xdg_surface_listener,
		client);
	client->toplevel = xdg_surface_get_toplevel(client->xdg_surface);
	xdg_toplevel_add_listener(client->toplevel, &toplevel_listener, client);
	xdg_toplevel_set_title(client->toplevel, title);
	xdg_toplevel_set_app_id(client->toplevel, "bulkhead-test");
	wl_surface_commit(client->surface);
}

void test_client_disconnect(struct test_client *client)
{
	wl_display_flush(client->display);
	wl_display_disconnect(client->display);
}

uint32_t test_client_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
