#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wayland-client.h>

#include "bulkheadctl.h"

static const char *const vm_actions[] = {
	"on", "off", "toggle", "pause", "resume", "force-off", "status",
};

/* libwayland 1.21 rejects a message larger than this, in bytes. */
#define MAX_MESSAGE_SIZE 4096
/* The message header plus the new_id argument of every command request. */
#define REQUEST_BASE_SIZE 12

/* Wire size of an array argument: length, data padded to 32 bits. */
static size_t get_array_wire_size(size_t size)
{
	return 4 + ((size + 3) & ~(size_t)3);
}

static size_t get_string_wire_size(const char *text)
{
	return get_array_wire_size(strlen(text) + 1);
}

/*
 * Checks that a request fits in one Wayland message, because libwayland
 * would otherwise close the connection. Prints the reason when not.
 */
static bool check_request_size(const char *command, size_t size)
{
	if (size <= MAX_MESSAGE_SIZE) {
		return true;
	}
	ctl_print_error("the %s request is %zu bytes, more than the %d bytes "
		"a Wayland message can carry; shorten its arguments", command,
		size, MAX_MESSAGE_SIZE);
	return false;
}

struct result_state {
	bool done;
	bool success;
	char *message;
};

static void handle_success(void *data,
		struct bulkhead_control_result_v1 *proxy, const char *message)
{
	struct result_state *state = data;
	state->done = true;
	state->success = true;
	state->message = g_utf8_make_valid(message, -1);
}

static void handle_failure(void *data,
		struct bulkhead_control_result_v1 *proxy, const char *message)
{
	struct result_state *state = data;
	state->done = true;
	state->success = false;
	state->message = g_utf8_make_valid(message, -1);
}

static const struct bulkhead_control_result_v1_listener result_listener = {
	.success = handle_success,
	.failure = handle_failure,
};

int result_wait(struct ctl_connection *conn,
		struct bulkhead_control_result_v1 *result)
{
	struct result_state state = {0};
	bulkhead_control_result_v1_add_listener(result, &result_listener,
		&state);
	bool connected = connection_wait(conn, &state.done);
	bulkhead_control_result_v1_destroy(result);
	if (!connected) {
		return CTL_EXIT_FAILURE;
	}

	int status = CTL_EXIT_SUCCESS;
	if (!state.success) {
		ctl_print_error("%s", state.message[0] != '\0' ?
			state.message : "the command failed");
		status = CTL_EXIT_FAILURE;
	} else if (state.message[0] != '\0') {
		puts(state.message);
	}
	g_free(state.message);
	return status;
}

int command_focus(const struct ctl_options *options, int argc, char **args)
{
	if (argc != 2) {
		ctl_print_usage_error("focus takes one argument: a workspace "
			"name, next or prev");
		return CTL_EXIT_USAGE;
	}
	if (!check_request_size("focus",
			REQUEST_BASE_SIZE + get_string_wire_size(args[1]))) {
		return CTL_EXIT_FAILURE;
	}

	struct ctl_connection conn;
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}
	int status = result_wait(&conn,
		bulkhead_control_manager_v1_focus(conn.manager, args[1]));
	connection_close(&conn);
	return status;
}

/* Parses a decimal number from min to G_MAXINT32 into *value. */
static bool parse_number(const char *text, guint64 min, guint64 *value)
{
	return g_ascii_string_to_unsigned(text, 10, min, G_MAXINT32, value,
		NULL);
}

int command_resize(const struct ctl_options *options, int argc, char **args)
{
	guint64 id, width, height;
	if (argc != 4) {
		ctl_print_usage_error("resize takes three arguments: a window "
			"id, a width and a height");
		return CTL_EXIT_USAGE;
	}
	if (!parse_number(args[1], 0, &id) || !parse_number(args[2], 1,
			&width) || !parse_number(args[3], 1, &height)) {
		ctl_print_usage_error("invalid resize arguments '%s %s %s': "
			"expected a window id and a width and height of at "
			"least 1, as decimal numbers", args[1], args[2], args[3]);
		return CTL_EXIT_USAGE;
	}

	struct ctl_connection conn;
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}
	int status = result_wait(&conn,
		bulkhead_control_manager_v1_resize_view(conn.manager,
			(uint32_t)id, (int32_t)width, (int32_t)height));
	connection_close(&conn);
	return status;
}

int command_reload(const struct ctl_options *options, int argc, char **args)
{
	if (argc != 1) {
		ctl_print_usage_error("reload takes no arguments");
		return CTL_EXIT_USAGE;
	}

	struct ctl_connection conn;
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}
	int status = result_wait(&conn,
		bulkhead_control_manager_v1_reload(conn.manager));
	connection_close(&conn);
	return status;
}

/* Packs argv as the protocol expects it: each string followed by a NUL. */
static void pack_argv(struct wl_array *array, int argc, char **argv)
{
	wl_array_init(array);
	for (int i = 0; i < argc; i++) {
		size_t size = strlen(argv[i]) + 1;
		char *data = wl_array_add(array, size);
		if (data == NULL) {
			g_error("out of memory packing the command line");
		}
		memcpy(data, argv[i], size);
	}
}

int command_launch(const struct ctl_options *options, int argc, char **args)
{
	/* launch WORKSPACE [--] CMD... */
	int command_index = 2;
	if (argc > command_index && strcmp(args[command_index], "--") == 0) {
		command_index++;
	}
	if (argc < 2 || command_index >= argc) {
		ctl_print_usage_error("launch takes a workspace and a command: "
			"bulkheadctl launch WORKSPACE -- CMD [ARG...]");
		return CTL_EXIT_USAGE;
	}

	struct wl_array packed;
	pack_argv(&packed, argc - command_index, args + command_index);
	int status = CTL_EXIT_FAILURE;
	struct ctl_connection conn;
	if (check_request_size("launch", REQUEST_BASE_SIZE +
				get_string_wire_size(args[1]) +
				get_array_wire_size(packed.size)) &&
			connection_open(&conn, options->socket)) {
		status = result_wait(&conn, bulkhead_control_manager_v1_launch(
			conn.manager, args[1], &packed));
		connection_close(&conn);
	}
	wl_array_release(&packed);
	return status;
}

static bool is_vm_action(const char *action)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vm_actions); i++) {
		if (strcmp(action, vm_actions[i]) == 0) {
			return true;
		}
	}
	return false;
}

int command_vm(const struct ctl_options *options, int argc, char **args)
{
	if (argc != 3) {
		ctl_print_usage_error("vm takes an action and a workspace: "
			"bulkheadctl vm on|off|toggle|pause|resume|force-off|"
			"status WORKSPACE");
		return CTL_EXIT_USAGE;
	}

	const char *action = args[1];
	const char *workspace = args[2];
	if (!is_vm_action(action)) {
		ctl_print_usage_error("unknown vm action '%s'; valid actions "
			"are on, off, toggle, pause, resume, force-off and "
			"status", action);
		return CTL_EXIT_USAGE;
	}
	if (!check_request_size("vm", REQUEST_BASE_SIZE +
			get_string_wire_size(workspace) +
			get_string_wire_size(action))) {
		return CTL_EXIT_FAILURE;
	}

	struct ctl_connection conn;
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}

	if (strcmp(action, "off") == 0 && isatty(STDERR_FILENO)) {
		fprintf(stderr, "Waiting for the VM of workspace '%s' to shut "
			"down...\n", workspace);
	}
	int status = result_wait(&conn, bulkhead_control_manager_v1_vm_action(
		conn.manager, workspace, action));
	connection_close(&conn);
	return status;
}
