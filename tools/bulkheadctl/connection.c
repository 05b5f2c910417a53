#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wayland-client.h>

#include "bulkheadctl.h"

#define CONTROL_MANAGER_VERSION 2

static void print_message(const char *format, va_list args)
{
	fputs("bulkheadctl: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void ctl_print_error(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	print_message(format, args);
	va_end(args);
}

void ctl_print_usage_error(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	print_message(format, args);
	va_end(args);
	fputs("Run 'bulkheadctl --help' for usage.\n", stderr);
}

bool ctl_is_json_option(const char *arg)
{
	return strcmp(arg, "--json") == 0 || strcmp(arg, "-j") == 0;
}

static const char *choose_socket(const char *socket_option,
		const char **source)
{
	if (socket_option != NULL) {
		*source = "--socket";
		return socket_option;
	}

	const char *value = getenv("BULKHEAD_SOCKET");
	if (value != NULL && value[0] != '\0') {
		*source = "BULKHEAD_SOCKET";
		return value;
	}

	value = getenv("WAYLAND_DISPLAY");
	if (value != NULL && value[0] != '\0') {
		*source = "WAYLAND_DISPLAY";
		return value;
	}
	return NULL;
}

/* Resolves a socket name the way libwayland does, for messages and connect. */
static char *resolve_socket_path(const char *name, const char *source)
{
	if (name[0] == '/') {
		return g_strdup(name);
	}

	const char *runtime_dir = getenv("XDG_RUNTIME_DIR");
	if (runtime_dir == NULL || runtime_dir[0] == '\0') {
		ctl_print_error("XDG_RUNTIME_DIR is not set, so the socket "
			"name '%s' (from %s) cannot be resolved; set "
			"XDG_RUNTIME_DIR or pass an absolute path with "
			"--socket", name, source);
		return NULL;
	}
	return g_build_filename(runtime_dir, name, NULL);
}

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	struct ctl_connection *conn = data;

	if (strcmp(interface, bulkhead_control_manager_v1_interface.name) != 0
			|| conn->manager != NULL) {
		return;
	}
	/* Version 1 compositors send no window hints. */
	conn->manager = wl_registry_bind(registry, name,
		&bulkhead_control_manager_v1_interface,
		MIN(version, CONTROL_MANAGER_VERSION));
}

static void handle_global_remove(void *data, struct wl_registry *registry,
		uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static void print_connection_error(struct ctl_connection *conn)
{
	int error = wl_display_get_error(conn->display);
	if (error != EPROTO) {
		ctl_print_error("lost the connection to bulkhead at %s: %s",
			conn->socket_path, strerror(error));
		return;
	}

	const struct wl_interface *interface = NULL;
	uint32_t object_id = 0;
	uint32_t code = wl_display_get_protocol_error(conn->display,
		&interface, &object_id);
	ctl_print_error("the compositor at %s closed the connection with "
		"protocol error %u on %s@%u; its log names the reason",
		conn->socket_path, code,
		interface != NULL ? interface->name : "unknown object",
		object_id);
}

static bool bind_manager(struct ctl_connection *conn)
{
	conn->registry = wl_display_get_registry(conn->display);
	wl_registry_add_listener(conn->registry, &registry_listener, conn);
	if (wl_display_roundtrip(conn->display) < 0) {
		print_connection_error(conn);
		return false;
	}

	if (conn->manager == NULL) {
		ctl_print_error("the Wayland socket %s (from %s) does not offer "
			"the bulkhead control protocol; bulkhead offers it only "
			"on host workspace sockets, never on vm workspace "
			"sockets. Pass a host workspace socket, e.g. --socket "
			"bulkhead-personal", conn->socket_path,
			conn->socket_source);
		return false;
	}
	return true;
}

bool connection_open(struct ctl_connection *conn, const char *socket_option)
{
	*conn = (struct ctl_connection){0};

	const char *name = choose_socket(socket_option, &conn->socket_source);
	if (name == NULL) {
		ctl_print_error("no socket to connect to: pass --socket NAME, "
			"or set BULKHEAD_SOCKET or WAYLAND_DISPLAY to a socket "
			"of a bulkhead host workspace, e.g. bulkhead-personal");
		return false;
	}

	conn->socket_path = resolve_socket_path(name, conn->socket_source);
	if (conn->socket_path == NULL) {
		return false;
	}

	conn->display = wl_display_connect(conn->socket_path);
	if (conn->display == NULL) {
		ctl_print_error("failed to connect to the Wayland socket %s "
			"(from %s): %s; is bulkhead running? Pass the socket of "
			"a host workspace with --socket NAME",
			conn->socket_path, conn->socket_source,
			strerror(errno));
		connection_close(conn);
		return false;
	}

	if (!bind_manager(conn)) {
		connection_close(conn);
		return false;
	}
	return true;
}

void connection_close(struct ctl_connection *conn)
{
	if (conn->manager != NULL) {
		bulkhead_control_manager_v1_destroy(conn->manager);
	}
	if (conn->registry != NULL) {
		wl_registry_destroy(conn->registry);
	}
	if (conn->display != NULL) {
		wl_display_flush(conn->display);
		wl_display_disconnect(conn->display);
	}
	g_free(conn->socket_path);
	*conn = (struct ctl_connection){0};
}

bool connection_wait(struct ctl_connection *conn, const bool *done)
{
	while (!*done) {
		if (wl_display_dispatch(conn->display) < 0) {
			print_connection_error(conn);
			return false;
		}
	}
	return true;
}
