/*
 * globals: prints each global the compositor advertises, one line each:
 *   NAME INTERFACE VERSION
 * globals bind NAME INTERFACE VERSION: binds global NAME as INTERFACE and
 * prints "bound" when the compositor accepts it, or "error CODE: MESSAGE"
 * (exit 1) when it answers with a protocol error.
 *
 * The bind uses an interface description with no requests and no events,
 * so it works for any interface but must not receive events; it only tests
 * whether the compositor lets this client create the object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wayland-client.h>

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	printf("%u %s %u\n", name, interface, version);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
		uint32_t name)
{
}

static const struct wl_registry_listener print_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static void ignore_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
}

static const struct wl_registry_listener ignore_listener = {
	.global = ignore_global,
	.global_remove = handle_global_remove,
};

static int print_globals(struct wl_display *display)
{
	struct wl_registry *registry = wl_display_get_registry(display);

	wl_registry_add_listener(registry, &print_listener, NULL);
	if (wl_display_roundtrip(display) < 0) {
		fprintf(stderr, "globals: the roundtrip failed: %s\n",
			strerror(wl_display_get_error(display)));
		return 1;
	}
	return 0;
}

static int report_error(struct wl_display *display)
{
	const struct wl_interface *interface = NULL;
	uint32_t object_id = 0;
	int error = wl_display_get_error(display);

	if (error != EPROTO) {
		printf("error %d: %s\n", error, strerror(error));
		return 1;
	}
	uint32_t code = wl_display_get_protocol_error(display, &interface,
		&object_id);
	printf("error %u: protocol error on %s@%u\n", code,
		interface ? interface->name : "unknown", object_id);
	return 1;
}

static int bind_global(struct wl_display *display, uint32_t name,
		const char *interface_name, uint32_t version)
{
	struct wl_interface interface = {
		.name = interface_name,
		.version = (int)version,
	};
	struct wl_registry *registry = wl_display_get_registry(display);

	wl_registry_add_listener(registry, &ignore_listener, NULL);
	if (wl_display_roundtrip(display) < 0) {
		return report_error(display);
	}
	wl_registry_bind(registry, name, &interface, version);
	if (wl_display_roundtrip(display) < 0) {
		return report_error(display);
	}
	printf("bound\n");
	return 0;
}

int main(int argc, char *argv[])
{
	struct wl_display *display = wl_display_connect(NULL);
	int status;

	if (!display) {
		fprintf(stderr, "globals: cannot connect to $WAYLAND_DISPLAY\n");
		return 1;
	}
	if (argc == 1) {
		status = print_globals(display);
	} else if (argc == 5 && strcmp(argv[1], "bind") == 0) {
		status = bind_global(display, strtoul(argv[2], NULL, 10),
			argv[3], strtoul(argv[4], NULL, 10));
	} else {
		fprintf(stderr, "usage: globals [bind NAME INTERFACE VERSION]\n");
		status = 2;
	}
	wl_display_disconnect(display);
	return status;
}
