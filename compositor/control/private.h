/*
 * Shared by the files of the control protocol's server side. Manager
 * resources carry the bulkhead_control as user data, or NULL once
 * control_finish ran.
 */
#ifndef COMPOSITOR_CONTROL_PRIVATE_H
#define COMPOSITOR_CONTROL_PRIVATE_H

#include <glib.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct bulkhead_control;
struct bulkhead_server;

/*
 * libwayland 1.21 disconnects a client when one message exceeds 4096 bytes,
 * so client-chosen text (titles, app ids, command names) and messages are
 * cut to these sizes in bytes, including the NUL.
 */
#define CONTROL_MAX_TEXT_SIZE 1024
#define CONTROL_MAX_MESSAGE_SIZE 2048

/*
 * Returns a copy of text cut to fit max_size bytes, including the NUL, at
 * a UTF-8 character boundary. text may be NULL, which gives "".
 */
char *control_copy_text(const char *text, size_t max_size);

/* Creates a bulkhead_control_result_v1; returns NULL when out of memory. */
struct wl_resource *control_result_create(struct wl_client *client,
	struct wl_resource *manager, uint32_t id);
void control_result_send_success(struct wl_resource *result,
	const char *format, ...) G_GNUC_PRINTF(2, 3);
void control_result_send_failure(struct wl_resource *result,
	const char *format, ...) G_GNUC_PRINTF(2, 3);

/*
 * Sends a failure naming an unknown workspace and listing the valid ones.
 */
void control_result_send_unknown_workspace(struct wl_resource *result,
	struct bulkhead_server *server, const char *name);

void control_handle_get_snapshot(struct wl_client *client,
	struct wl_resource *manager, uint32_t id);
void control_handle_vm_action(struct wl_client *client,
	struct wl_resource *manager, uint32_t id, const char *workspace,
	const char *action);
void control_handle_get_apps(struct wl_client *client,
	struct wl_resource *manager, uint32_t id);
void control_handle_launch_app(struct wl_client *client,
	struct wl_resource *manager, uint32_t id, const char *workspace,
	const char *app_id);

#endif
