/*
 * clipboard [primary] copy TEXT: maps a window and, once it has keyboard
 * focus, sets the selection to TEXT (text/plain;charset=utf-8). Prints
 * "copied" and keeps serving the selection until it is replaced or the
 * client ends.
 *
 * clipboard [primary] paste [WAIT_MS]: maps a window, waits for keyboard
 * focus, then WAIT_MS more (default 500) for the selection events that
 * follow focus. Prints the offered selection's text, or "none" when no text
 * selection is offered, and exits.
 *
 * Without "primary" the client uses the clipboard (wl_data_device), with it
 * the primary selection (zwp_primary_selection_device_manager_v1).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-client.h>
#include "client.h"
#include "primary-selection-unstable-v1-client-protocol.h"

#define TEXT_MIME_TYPE "text/plain;charset=utf-8"

struct clipboard {
	struct test_client client;
	/* Primary mode: the primary selection is used, and data_device is NULL. */
	bool primary;
	struct zwp_primary_selection_device_manager_v1 *primary_manager;
	struct zwp_primary_selection_device_v1 *primary_device;
	struct wl_data_device *data_device;
	const char *copy_text;
	bool focused;
	bool copied;
	bool cancelled;
	/*
	 * The latest offer of the device and whether it has text. Offers are a
	 * wl_data_offer, or in primary mode a zwp_primary_selection_offer_v1.
	 */
	void *pending_offer;
	bool pending_has_text;
	void *selection;
	bool selection_has_text;
};

static void destroy_offer(struct clipboard *clipboard, void *offer)
{
	if (clipboard->primary) {
		zwp_primary_selection_offer_v1_destroy(offer);
	} else {
		wl_data_offer_destroy(offer);
	}
}

/* Records that an offer has text, for both offer types. */
static void note_offered_type(struct clipboard *clipboard, void *offer,
		const char *mime_type)
{
	if (offer == clipboard->pending_offer &&
			strcmp(mime_type, TEXT_MIME_TYPE) == 0) {
		clipboard->pending_has_text = true;
	}
}

/* Takes a new offer, announced before the selection event names it. */
static void start_offer(struct clipboard *clipboard, void *offer)
{
	clipboard->pending_offer = offer;
	clipboard->pending_has_text = false;
}

static void take_selection(struct clipboard *clipboard, void *offer)
{
	if (clipboard->selection && clipboard->selection != offer) {
		destroy_offer(clipboard, clipboard->selection);
	}
	clipboard->selection = offer;
	clipboard->selection_has_text = offer &&
		offer == clipboard->pending_offer && clipboard->pending_has_text;
}

static void handle_offer(void *data, struct wl_data_offer *offer,
		const char *mime_type)
{
	note_offered_type(data, offer, mime_type);
}

static const struct wl_data_offer_listener offer_listener = {
	.offer = handle_offer,
};

static void handle_data_offer(void *data, struct wl_data_device *device,
		struct wl_data_offer *offer)
{
	start_offer(data, offer);
	wl_data_offer_add_listener(offer, &offer_listener, data);
}

static void handle_selection(void *data, struct wl_data_device *device,
		struct wl_data_offer *offer)
{
	take_selection(data, offer);
}

static void handle_enter(void *data, struct wl_data_device *device,
		uint32_t serial, struct wl_surface *surface, wl_fixed_t x,
		wl_fixed_t y, struct wl_data_offer *offer)
{
}

static void handle_leave(void *data, struct wl_data_device *device)
{
}

static void handle_motion(void *data, struct wl_data_device *device,
		uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
}

static void handle_drop(void *data, struct wl_data_device *device)
{
}

static const struct wl_data_device_listener data_device_listener = {
	.data_offer = handle_data_offer,
	.enter = handle_enter,
	.leave = handle_leave,
	.motion = handle_motion,
	.drop = handle_drop,
	.selection = handle_selection,
};

static void handle_source_target(void *data, struct wl_data_source *source,
		const char *mime_type)
{
}

/* Writes the copied text to a paste request's pipe and closes it. */
static void send_text(struct clipboard *clipboard, int32_t fd)
{
	size_t length = strlen(clipboard->copy_text);
	size_t written = 0;

	while (written < length) {
		ssize_t n = write(fd, clipboard->copy_text + written,
			length - written);
		if (n < 0) {
			fprintf(stderr, "clipboard: write failed: %s\n",
				strerror(errno));
			break;
		}
		written += n;
	}
	close(fd);
}

static void handle_source_send(void *data, struct wl_data_source *source,
		const char *mime_type, int32_t fd)
{
	send_text(data, fd);
}

static void report_cancelled(struct clipboard *clipboard)
{
	printf("cancelled\n");
	fflush(stdout);
	clipboard->cancelled = true;
}

static void handle_source_cancelled(void *data, struct wl_data_source *source)
{
	report_cancelled(data);
	wl_data_source_destroy(source);
}

static const struct wl_data_source_listener source_listener = {
	.target = handle_source_target,
	.send = handle_source_send,
	.cancelled = handle_source_cancelled,
};

static void handle_primary_offer(void *data,
		struct zwp_primary_selection_offer_v1 *offer, const char *mime_type)
{
	note_offered_type(data, offer, mime_type);
}

static const struct zwp_primary_selection_offer_v1_listener
		primary_offer_listener = {
	.offer = handle_primary_offer,
};

static void handle_primary_data_offer(void *data,
		struct zwp_primary_selection_device_v1 *device,
		struct zwp_primary_selection_offer_v1 *offer)
{
	start_offer(data, offer);
	zwp_primary_selection_offer_v1_add_listener(offer,
		&primary_offer_listener, data);
}

static void handle_primary_selection(void *data,
		struct zwp_primary_selection_device_v1 *device,
		struct zwp_primary_selection_offer_v1 *offer)
{
	take_selection(data, offer);
}

static const struct zwp_primary_selection_device_v1_listener
		primary_device_listener = {
	.data_offer = handle_primary_data_offer,
	.selection = handle_primary_selection,
};

static void handle_primary_source_send(void *data,
		struct zwp_primary_selection_source_v1 *source,
		const char *mime_type, int32_t fd)
{
	send_text(data, fd);
}

static void handle_primary_source_cancelled(void *data,
		struct zwp_primary_selection_source_v1 *source)
{
	report_cancelled(data);
	zwp_primary_selection_source_v1_destroy(source);
}

static const struct zwp_primary_selection_source_v1_listener
		primary_source_listener = {
	.send = handle_primary_source_send,
	.cancelled = handle_primary_source_cancelled,
};

static void set_clipboard(struct clipboard *clipboard, uint32_t serial)
{
	struct wl_data_source *source = wl_data_device_manager_create_data_source(
		clipboard->client.data_device_manager);

	wl_data_source_add_listener(source, &source_listener, clipboard);
	wl_data_source_offer(source, TEXT_MIME_TYPE);
	wl_data_source_offer(source, "text/plain");
	wl_data_device_set_selection(clipboard->data_device, source, serial);
}

static void set_primary_selection(struct clipboard *clipboard,
		uint32_t serial)
{
	struct zwp_primary_selection_source_v1 *source =
		zwp_primary_selection_device_manager_v1_create_source(
			clipboard->primary_manager);

	zwp_primary_selection_source_v1_add_listener(source,
		&primary_source_listener, clipboard);
	zwp_primary_selection_source_v1_offer(source, TEXT_MIME_TYPE);
	zwp_primary_selection_source_v1_offer(source, "text/plain");
	zwp_primary_selection_device_v1_set_selection(clipboard->primary_device,
		source, serial);
}

static void set_selection(struct clipboard *clipboard, uint32_t serial)
{
	if (clipboard->primary) {
		set_primary_selection(clipboard, serial);
	} else {
		set_clipboard(clipboard, serial);
	}
	clipboard->copied = true;
	printf("copied\n");
	fflush(stdout);
}

static void handle_keymap(void *data, struct wl_keyboard *keyboard,
		uint32_t format, int32_t fd, uint32_t size)
{
	close(fd);
}

static void handle_keyboard_enter(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface,
		struct wl_array *keys)
{
	struct clipboard *clipboard = data;

	clipboard->focused = true;
	if (clipboard->copy_text && !clipboard->copied) {
		set_selection(clipboard, serial);
	}
}

static void handle_keyboard_leave(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface)
{
}

static void handle_key(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, uint32_t time, uint32_t key, uint32_t state)
{
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

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = handle_keymap,
	.enter = handle_keyboard_enter,
	.leave = handle_keyboard_leave,
	.key = handle_key,
	.modifiers = handle_modifiers,
	.repeat_info = handle_repeat_info,
};

/* Dispatches events for up to timeout_ms; returns false when the
 * connection failed. */
static bool dispatch_for(struct wl_display *display, int timeout_ms)
{
	uint32_t end = test_client_now_ms() + timeout_ms;

	for (;;) {
		while (wl_display_prepare_read(display) != 0) {
			if (wl_display_dispatch_pending(display) < 0) {
				return false;
			}
		}
		wl_display_flush(display);
		int left = (int)(end - test_client_now_ms());
		if (left <= 0) {
			wl_display_cancel_read(display);
			return true;
		}
		struct pollfd fd = {
			.fd = wl_display_get_fd(display),
			.events = POLLIN,
		};
		if (poll(&fd, 1, left) > 0) {
			if (wl_display_read_events(display) < 0) {
				return false;
			}
		} else {
			wl_display_cancel_read(display);
		}
		if (wl_display_dispatch_pending(display) < 0) {
			return false;
		}
	}
}

static int print_selection(struct clipboard *clipboard)
{
	if (!clipboard->selection || !clipboard->selection_has_text) {
		printf("none\n");
		return 0;
	}
	int fds[2];
	if (pipe(fds) < 0) {
		fprintf(stderr, "clipboard: pipe failed: %s\n", strerror(errno));
		return 1;
	}
	if (clipboard->primary) {
		zwp_primary_selection_offer_v1_receive(clipboard->selection,
			TEXT_MIME_TYPE, fds[1]);
	} else {
		wl_data_offer_receive(clipboard->selection, TEXT_MIME_TYPE,
			fds[1]);
	}
	close(fds[1]);
	wl_display_flush(clipboard->client.display);

	char text[4096];
	size_t length = 0;
	ssize_t n;
	while (length < sizeof(text) - 1 &&
			(n = read(fds[0], text + length,
				sizeof(text) - 1 - length)) > 0) {
		length += n;
	}
	close(fds[0]);
	text[length] = '\0';
	printf("%s\n", text);
	return 0;
}

static int run_paste(struct clipboard *clipboard, int wait_ms)
{
	struct wl_display *display = clipboard->client.display;

	while (!clipboard->focused) {
		if (wl_display_dispatch(display) < 0) {
			fprintf(stderr, "clipboard: the connection failed\n");
			return 1;
		}
	}
	if (!dispatch_for(display, wait_ms)) {
		fprintf(stderr, "clipboard: the connection failed\n");
		return 1;
	}
	return print_selection(clipboard);
}

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct clipboard *clipboard = data;

	if (strcmp(interface,
			zwp_primary_selection_device_manager_v1_interface.name) == 0) {
		clipboard->primary_manager = wl_registry_bind(registry, name,
			&zwp_primary_selection_device_manager_v1_interface, 1);
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

/*
 * Creates the device of the selection type in use. test_client_connect
 * binds no primary selection manager, so a second registry looks it up.
 */
static bool create_device(struct clipboard *clipboard)
{
	struct test_client *client = &clipboard->client;

	if (!clipboard->primary) {
		if (!client->data_device_manager) {
			fprintf(stderr, "clipboard: wl_data_device_manager is "
				"missing\n");
			return false;
		}
		clipboard->data_device = wl_data_device_manager_get_data_device(
			client->data_device_manager, client->seat);
		wl_data_device_add_listener(clipboard->data_device,
			&data_device_listener, clipboard);
		return true;
	}

	struct wl_registry *registry = wl_display_get_registry(client->display);

	wl_registry_add_listener(registry, &registry_listener, clipboard);
	wl_display_roundtrip(client->display);
	wl_registry_destroy(registry);
	if (!clipboard->primary_manager) {
		fprintf(stderr, "clipboard: zwp_primary_selection_device_manager_v1 "
			"is missing\n");
		return false;
	}
	clipboard->primary_device =
		zwp_primary_selection_device_manager_v1_get_device(
			clipboard->primary_manager, client->seat);
	zwp_primary_selection_device_v1_add_listener(clipboard->primary_device,
		&primary_device_listener, clipboard);
	return true;
}

int main(int argc, char *argv[])
{
	struct clipboard clipboard = {0};
	int wait_ms = 500;

	/* An optional leading "primary" picks the primary selection. */
	if (argc > 1 && strcmp(argv[1], "primary") == 0) {
		clipboard.primary = true;
		argc--;
		argv++;
	}

	bool copy = argc == 3 && strcmp(argv[1], "copy") == 0;
	bool paste = (argc == 2 || argc == 3) && strcmp(argv[1], "paste") == 0;

	if (!copy && !paste) {
		fprintf(stderr, "usage: clipboard [primary] copy TEXT | "
			"[primary] paste [WAIT_MS]\n");
		return 2;
	}
	if (copy) {
		clipboard.copy_text = argv[2];
	} else if (argc == 3) {
		wait_ms = atoi(argv[2]);
	}

	test_client_connect(&clipboard.client, "clipboard", &keyboard_listener,
		&clipboard);
	if (!create_device(&clipboard)) {
		return 1;
	}
	const char *title = clipboard.primary ?
		(copy ? "primary copy" : "primary paste") :
		(copy ? "clipboard copy" : "clipboard paste");
	test_client_create_window(&clipboard.client, title, 0xff606060);

	int status = 0;
	if (paste) {
		status = run_paste(&clipboard, wait_ms);
	} else {
		while (!clipboard.client.closed &&
				wl_display_dispatch(clipboard.client.display) >= 0) {
			/* The data source's listener serves paste requests. */
		}
	}
	test_client_disconnect(&clipboard.client);
	return status;
}
