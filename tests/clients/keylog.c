/*
 * keylog TITLE: maps a window and prints every keyboard event it receives,
 * one line each, until the compositor closes it or the connection ends:
 *   enter SERIAL | leave | key CODE press|release | modifiers D L K G
 * CODE is the evdev code that wl_keyboard.key carries.
 */
#include <stdio.h>
#include <unistd.h>
#include <wayland-client.h>
#include "client.h"

static void handle_keymap(void *data, struct wl_keyboard *keyboard,
		uint32_t format, int32_t fd, uint32_t size)
{
	close(fd);
}

static void handle_enter(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface,
		struct wl_array *keys)
{
	printf("enter %u\n", serial);
	fflush(stdout);
}

static void handle_leave(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, struct wl_surface *surface)
{
	printf("leave\n");
	fflush(stdout);
}

static void handle_key(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, uint32_t time, uint32_t key, uint32_t state)
{
	printf("key %u %s\n", key,
		state == WL_KEYBOARD_KEY_STATE_PRESSED ? "press" : "release");
	fflush(stdout);
}

static void handle_modifiers(void *data, struct wl_keyboard *keyboard,
		uint32_t serial, uint32_t depressed, uint32_t latched,
		uint32_t locked, uint32_t group)
{
	printf("modifiers %u %u %u %u\n", depressed, latched, locked, group);
	fflush(stdout);
}

static void handle_repeat_info(void *data, struct wl_keyboard *keyboard,
		int32_t rate, int32_t delay)
{
}

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = handle_keymap,
	.enter = handle_enter,
	.leave = handle_leave,
	.key = handle_key,
	.modifiers = handle_modifiers,
	.repeat_info = handle_repeat_info,
};

int main(int argc, char *argv[])
{
	struct test_client client;

	if (argc != 2) {
		fprintf(stderr, "usage: keylog TITLE\n");
		return 2;
	}
	test_client_connect(&client, "keylog", &keyboard_listener, NULL);
	test_client_create_window(&client, argv[1], 0xff808080);

	while (!client.closed && wl_display_dispatch(client.display) >= 0) {
		/* Every event is handled in its listener. */
	}
	test_client_disconnect(&client);
	return 0;
}
