/*
 * bulkheadctl: a Wayland client of bulkhead-control-unstable-v1 that lists
 * workspaces and windows, moves focus, launches commands and powers VMs.
 */
#ifndef BULKHEADCTL_H
#define BULKHEADCTL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "bulkhead-control-unstable-v1-client-protocol.h"

enum ctl_exit_status {
	CTL_EXIT_SUCCESS = 0,
	CTL_EXIT_FAILURE = 1,
	CTL_EXIT_USAGE = 2,
};

struct ctl_options {
	char *socket;		/* --socket NAME, or NULL */
	bool json;
};

struct ctl_connection {
	struct wl_display *display;
	struct wl_registry *registry;
	struct bulkhead_control_manager_v1 *manager;
	/* The socket path and where its name came from, for messages. */
	char *socket_path;
	const char *socket_source;
};

struct ctl_workspace {
	char *name;
	char *color;
	char *badge;		/* NULL when none */
	uint32_t kind;		/* enum bulkhead_control_snapshot_v1_workspace_kind */
	char *vm_state;		/* NULL for host workspaces */
	char *last_error;	/* NULL when none */
	bool focused;
};

struct ctl_window {
	uint32_t id;
	char *workspace;
	uint32_t kind;		/* enum bulkhead_control_snapshot_v1_window_kind */
	char *title;
	char *app_id;
	char *hint;		/* NULL when the title strip shows none */
	int32_t x, y, width, height;
	bool focused;
};

struct ctl_snapshot {
	GPtrArray *workspaces;	/* struct ctl_workspace * */
	GPtrArray *windows;	/* struct ctl_window * */
	bool done;
};

void ctl_print_error(const char *format, ...) G_GNUC_PRINTF(1, 2);
void ctl_print_usage_error(const char *format, ...) G_GNUC_PRINTF(1, 2);
/* Whether ARG is --json or -j, which list and apps also take after them. */
bool ctl_is_json_option(const char *arg);

/*
 * Connects to --socket, else $BULKHEAD_SOCKET, else $WAYLAND_DISPLAY and
 * binds the control manager. Prints the reason and returns false on failure.
 */
bool connection_open(struct ctl_connection *conn, const char *socket_option);
void connection_close(struct ctl_connection *conn);
/* Dispatches events until *done is set; prints the reason on failure. */
bool connection_wait(struct ctl_connection *conn, const bool *done);

/* Collects one snapshot; returns false when the connection failed. */
bool snapshot_fetch(struct ctl_connection *conn, struct ctl_snapshot *snapshot);
void snapshot_finish(struct ctl_snapshot *snapshot);

/*
 * Waits for the outcome of a command, prints its message and destroys the
 * result object. Returns the exit status.
 */
int result_wait(struct ctl_connection *conn,
	struct bulkhead_control_result_v1 *result);

/*
 * Commands. args[0] is the command name; each returns the exit status.
 */
int command_list(const struct ctl_options *options, int argc, char **args);
int command_focus(const struct ctl_options *options, int argc, char **args);
int command_launch(const struct ctl_options *options, int argc, char **args);
int command_vm(const struct ctl_options *options, int argc, char **args);
int command_resize(const struct ctl_options *options, int argc, char **args);
int command_reload(const struct ctl_options *options, int argc, char **args);
int command_apps(const struct ctl_options *options, int argc, char **args);
int command_launch_app(const struct ctl_options *options, int argc,
	char **args);

#endif
