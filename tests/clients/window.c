/*
 * window TITLE [move|resize]: maps a gray toplevel that takes every size the
 * compositor configures, and prints one line per event the tests wait for:
 *   size W H            a buffer of W x H was committed
 *   move requested      xdg_toplevel.move was sent
 *   resize requested    xdg_toplevel.resize (bottom right) was sent
 *   requested REQUEST   a request read from standard input was sent
 *   token TOKEN         the activation token of a "token" request arrived
 *   activated           activate was sent with a token
 * With move or resize, a left button press on the window is followed by that
 * request, as a client with its own title bar does. Standard input takes
 * one request a line: maximize, unmaximize, fullscreen, unfullscreen,
 * minimize, token, activate or "activate TOKEN". token asks xdg_activation_v1
 * for a token made from the last input serial this client received and this
 * window, and prints it. activate does the same and activates the window
 * with that token, and "activate TOKEN" activates it with a given one.
 * wlroots 0.15.1 rejects a token for a window without keyboard focus.
 * The client runs until the compositor closes the window or the
 * connection ends.
 */
#define _GNU_SOURCE
#include <linux/input-event-codes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-client.h>
#include "client.h"
#include "xdg-activation-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

#define DEFAULT_WIDTH 200
#define DEFAULT_HEIGHT 150
#define COLOR 0xff808080

enum press_action {
	PRESS_NONE,
	PRESS_MOVE,
	PRESS_RESIZE,
};

struct window {
	struct test_client client;
	struct wl_pointer *pointer;
	enum press_action press_action;
	/* The size of the last toplevel configure, 0 where the client picks. */
	int pending_width, pending_height;
	bool input_open;
	/* NULL when the compositor offers no xdg_activation_v1. */
	struct xdg_activation_v1 *activation;
	/* The serial of the last keyboard or pointer event, 0 before any. */
	uint32_t last_input_serial;
	/* Whether the token that arrives next activates this window. */
	bool activate_on_token;
};

static void die(const char *message)
{
	fprintf(stderr, "window: %s\n", message);
	exit(1);
}

static struct wl_buffer *create_buffer(struct window *window)
{
	struct test_client *client = &window->client;
	int stride = client->width * 4;
	size_t size = (size_t)stride * client->height;
	int fd = memfd_create("test-window-buffer", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, size) < 0) {
		die("cannot create the shm buffer file");
	}
	uint32_t *pixels = mmap(NULL, size, PROT_READ | PROT_WRITE,
		MAP_SHARED, fd, 0);
	if (pixels == MAP_FAILED) {
		die("cannot map the shm buffer file");
	}
	for (size_t i = 0; i < size / 4; i++) {
		pixels[i] = COLOR;
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
	struct window *window = data;
	struct test_client *client = &window->client;
	int width = window->pending_width ? window->pending_width :
		client->width;
	int height = window->pending_height ? window->pending_height :
		client->height;

	xdg_surface_ack_configure(xdg_surface, serial);
	if (client->buffer && width == client->width &&
			height == client->height) {
		wl_surface_commit(client->surface);
		return;
	}
	if (client->buffer) {
		wl_buffer_destroy(client->buffer);
	}
	client->width = width;
	client->height = height;
	client->buffer = create_buffer(window);
	wl_surface_attach(client->surface, client->buffer, 0, 0);
	wl_surface_damage(client->surface, 0, 0, width, height);
	wl_surface_commit(client->surface);
	printf("size %d %d\n", width, height);
	fflush(stdout);
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = handle_xdg_surface_configure,
};

static void handle_toplevel_configure(void *data,
		struct xdg_toplevel *toplevel, int32_t width, int32_t height,
		struct wl_array *states)
{
	struct window *window = data;

	window->pending_width = width;
	window->pending_height = height;
}

static void handle_toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct window *window = data;

	window->client.closed = true;
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = handle_toplevel_configure,
	.close = handle_toplevel_close,
};

static void handle_pointer_enter(void *data, struct wl_pointer *pointer,
		uint32_t serial, struct wl_surface *surface, wl_fixed_t x,
		wl_fixed_t y)
{
	struct window *window = data;

	window->last_input_serial = serial;
}

static void handle_pointer_leave(void *data, struct wl_pointer *pointer,
		uint32_t serial, struct wl_surface *surface)
{
}

static void handle_pointer_motion(void *data, struct wl_pointer *pointer,
		uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
}

static void handle_pointer_button(void *data, struct wl_pointer *pointer,
		uint32_t serial, uint32_t time, uint32_t button, uint32_t state)
{
	struct window *window = data;
	struct test_client *client = &window->client;

	window->last_input_serial = serial;
	if (button != BTN_LEFT || state != WL_POINTER_BUTTON_STATE_PRESSED) {
		return;
	}
	switch (window->press_action) {
	case PRESS_NONE:
		return;
	case PRESS_MOVE:
		xdg_toplevel_move(client->toplevel, client->seat, serial);
		printf("move requested\n");
		break;
	case PRESS_RESIZE:
		xdg_toplevel_resize(client->toplevel, client->seat, serial,
			XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT);
		printf("resize requested\n");
		break;
	}
	fflush(stdout);
}

static void handle_pointer_axis(void *data, struct wl_pointer *pointer,
		uint32_t time, uint32_t axis, wl_fixed_t value)
{
}

static void handle_pointer_frame(void *data, struct wl_pointer *pointer)
{
}

static void handle_pointer_axis_source(void *data,
		struct wl_pointer *pointer, uint32_t source)
{
}

static void handle_pointer_axis_stop(void *data, struct wl_pointer *pointer,
		uint32_t time, uint32_t axis)
{
}

static void handle_pointer_axis_discrete(void *data,
		struct wl_pointer *pointer, uint32_t axis, int32_t discrete)
{
}

/* libwayland aborts on an event without a handler, so all have one. */
static const struct wl_pointer_listener pointer_listener = {
	.enter = handle_pointer_enter,
	.leave = handle_pointer_leave,
	.motion = handle_pointer_motion,
	.button = handle_pointer_button,
	.axis = handle_pointer_axis,
	.frame = handle_pointer_frame,
	.axis_source = handle_pointer_axis_source,
	.axis_stop = handle_pointer_axis_stop,
	.axis_discrete = handle_pointer_axis_discrete,
};

static void handle_keymap(void *data, struct wl_keyboard *keyboard,
		uint32_t format, int32_t fd, uint32_t size)
{
	close(fd);
}

static void handle_keyboard_enter(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface,
		struct wl_array *keys)
{
	struct window *window = data;

	window->last_input_serial = serial;
}

static void handle_keyboard_leave(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface)
{
}

static void handle_key(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, uint32_t time, uint32_t key, uint32_t state)
{
	struct window *window = data;

	window->last_input_serial = serial;
}

static void handle_modifiers(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, uint32_t depressed, uint32_t latched,
		uint32_t locked, uint32_t group)
{
}

static void handle_repeat_info(void *data, struct wl_keyboard *keyboard,
		int32_t rate, int32_t delay)
{
}

/* The keyboard only records serials, for activation tokens. */
static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = handle_keymap,
	.enter = handle_keyboard_enter,
	.leave = handle_keyboard_leave,
	.key = handle_key,
	.modifiers = handle_modifiers,
	.repeat_info = handle_repeat_info,
};

static void handle_token_done(void *data,
		struct xdg_activation_token_v1 *token, const char *token_string)
{
	struct window *window = data;

	xdg_activation_token_v1_destroy(token);
	if (!window->activate_on_token) {
		printf("token %s\n", token_string);
		fflush(stdout);
		return;
	}
	xdg_activation_v1_activate(window->activation, token_string,
		window->client.surface);
	printf("activated\n");
	fflush(stdout);
}

static const struct xdg_activation_token_v1_listener token_listener = {
	.done = handle_token_done,
};

static bool has_activation(struct window *window)
{
	if (!window->activation) {
		fprintf(stderr, "window: the compositor offers no "
			"xdg_activation_v1\n");
	}
	return window->activation != NULL;
}

/*
 * Requests a token for this window. handle_token_done prints it, or with
 * activate set activates the window with it.
 */
static bool request_token(struct window *window, bool activate)
{
	struct test_client *client = &window->client;
	struct xdg_activation_token_v1 *token;

	if (!has_activation(window)) {
		return false;
	}
	window->activate_on_token = activate;
	token = xdg_activation_v1_get_activation_token(window->activation);
	xdg_activation_token_v1_add_listener(token, &token_listener, window);
	if (window->last_input_serial != 0) {
		xdg_activation_token_v1_set_serial(token,
			window->last_input_serial, client->seat);
	}
	xdg_activation_token_v1_set_surface(token, client->surface);
	xdg_activation_token_v1_commit(token);
	return true;
}

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct window *window = data;

	if (strcmp(interface, xdg_activation_v1_interface.name) == 0) {
		window->activation = wl_registry_bind(registry, name,
			&xdg_activation_v1_interface, 1);
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

/* test_client_connect binds no xdg_activation_v1, so look it up here. */
static void bind_activation(struct window *window)
{
	struct wl_display *display = window->client.display;
	struct wl_registry *registry = wl_display_get_registry(display);

	wl_registry_add_listener(registry, &registry_listener, window);
	wl_display_roundtrip(display);
	wl_registry_destroy(registry);
}

static void create_window(struct window *window, const char *title)
{
	struct test_client *client = &window->client;

	client->width = DEFAULT_WIDTH;
	client->height = DEFAULT_HEIGHT;
	client->surface = wl_compositor_create_surface(client->compositor);
	client->xdg_surface = xdg_wm_base_get_xdg_surface(client->wm_base,
		client->surface);
	xdg_surface_add_listener(client->xdg_surface, &xdg_surface_listener,
		window);
	client->toplevel = xdg_surface_get_toplevel(client->xdg_surface);
	xdg_toplevel_add_listener(client->toplevel, &toplevel_listener,
		window);
	xdg_toplevel_set_title(client->toplevel, title);
	xdg_toplevel_set_app_id(client->toplevel, "bulkhead-test");
	wl_surface_commit(client->surface);
}

/* Sends the request named by one line of standard input. */
static void send_request(struct window *window, const char *request)
{
	struct xdg_toplevel *toplevel = window->client.toplevel;

	if (strcmp(request, "maximize") == 0) {
		xdg_toplevel_set_maximized(toplevel);
	} else if (strcmp(request, "unmaximize") == 0) {
		xdg_toplevel_unset_maximized(toplevel);
	} else if (strcmp(request, "fullscreen") == 0) {
		xdg_toplevel_set_fullscreen(toplevel, NULL);
	} else if (strcmp(request, "unfullscreen") == 0) {
		xdg_toplevel_unset_fullscreen(toplevel);
	} else if (strcmp(request, "minimize") == 0) {
		xdg_toplevel_set_minimized(toplevel);
	} else if (strcmp(request, "token") == 0) {
		if (!request_token(window, false)) {
			return;
		}
	} else if (strcmp(request, "activate") == 0) {
		if (!request_token(window, true)) {
			return;
		}
	} else if (strncmp(request, "activate ", 9) == 0) {
		if (!has_activation(window)) {
			return;
		}
		xdg_activation_v1_activate(window->activation, request + 9,
			window->client.surface);
		printf("activated\n");
	} else {
		fprintf(stderr, "window: unknown request '%s'\n", request);
		return;
	}
	printf("requested %s\n", request);
	fflush(stdout);
}

static void read_request(struct window *window)
{
	char line[256];

	if (!fgets(line, sizeof(line), stdin)) {
		window->input_open = false;
		return;
	}
	line[strcspn(line, "\n")] = '\0';
	if (line[0] != '\0') {
		send_request(window, line);
	}
}

/* Waits for Wayland events and requests on standard input, both at once. */
static int dispatch(struct window *window)
{
	struct wl_display *display = window->client.display;
	struct pollfd fds[2] = {
		{ .fd = wl_display_get_fd(display), .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};

	while (wl_display_prepare_read(display) != 0) {
		if (wl_display_dispatch_pending(display) < 0) {
			return -1;
		}
	}
	if (wl_display_flush(display) < 0) {
		wl_display_cancel_read(display);
		return -1;
	}
	if (poll(fds, window->input_open ? 2 : 1, -1) < 0) {
		wl_display_cancel_read(display);
		return -1;
	}
	if (fds[0].revents & POLLIN) {
		if (wl_display_read_events(display) < 0) {
			return -1;
		}
	} else {
		wl_display_cancel_read(display);
	}
	if (wl_display_dispatch_pending(display) < 0) {
		return -1;
	}
	if (window->input_open && (fds[1].revents & (POLLIN | POLLHUP))) {
		read_request(window);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct window window = { .input_open = true };

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: window TITLE [move|resize]\n");
		return 2;
	}
	if (argc == 3 && strcmp(argv[2], "move") == 0) {
		window.press_action = PRESS_MOVE;
	} else if (argc == 3 && strcmp(argv[2], "resize") == 0) {
		window.press_action = PRESS_RESIZE;
	} else if (argc == 3) {
		fprintf(stderr, "window: unknown action '%s', expected move "
			"or resize\n", argv[2]);
		return 2;
	}
	/* Line buffering would hold requests back, so read stdin unbuffered. */
	setvbuf(stdin, NULL, _IONBF, 0);
	test_client_connect(&window.client, "window", &keyboard_listener,
		&window);
	if (!window.client.seat) {
		die("the compositor offers no wl_seat");
	}
	/* bulkhead's seat always has the pointer capability. */
	window.pointer = wl_seat_get_pointer(window.client.seat);
	wl_pointer_add_listener(window.pointer, &pointer_listener, &window);
	bind_activation(&window);
	create_window(&window, argv[1]);

	while (!window.client.closed && dispatch(&window) >= 0) {
		/* Every event is handled in its listener. */
	}
	test_client_disconnect(&window.client);
	return 0;
}
