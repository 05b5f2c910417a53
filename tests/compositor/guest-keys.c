/*
 * Runs compositor/guest against a QEMU SPICE socket, without the rest of
 * the compositor. The view, buffer and vmctl calls it makes are replaced
 * here. Each SPICE channel gets a socket connected to QEMU's unix socket,
 * as virDomainOpenGraphicsFD would hand it over.
 *
 * Usage: guest-keys SPICE_SOCKET KEYCODE...
 *
 * Once the guest display is shown and the inputs channel is ready, every
 * KEYCODE (evdev) is pressed and released through the view's send_key hook,
 * then Left Shift is pressed and let go through release_keys. The guest
 * reports what it received on its serial console; guest-keys.sh reads it.
 * Exits 0 when the display and the keys were sent as expected.
 */
#include <drm_fourcc.h>
#include <gio/gio.h>
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/guest.h"
#include "compositor/guest/display.h"
#include "compositor/guest/session.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/buffer.h"
#include "compositor/view.h"
#include "compositor/view/placement.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "vmctl/vmctl.h"

#define KEY_INTERVAL_MS 20
#define CONNECT_TIMEOUT_S 30

static const char *spice_socket_path;
static int damage_count;
static int map_count;
static int unmap_count;
static int failures;

static void check(bool condition, const char *description) {
	if (!condition) {
		fprintf(stderr, "FAIL: %s\n", description);
		failures++;
	}
}

/* The view and buffer calls of compositor/guest, reduced to bookkeeping. */

void view_init(struct bulkhead_view *view, struct bulkhead_server *server,
		enum bulkhead_view_kind kind, struct bulkhead_workspace *workspace,
		const struct bulkhead_view_impl *impl) {
	view->server = server;
	view->kind = kind;
	view->workspace = workspace;
	view->impl = impl;
	view->tree = wlr_scene_tree_create(&server->view_tree->node);
	view->content_tree = wlr_scene_tree_create(&view->tree->node);
}

void view_finish(struct bulkhead_view *view) {
	if (view->mapped) {
		view_unmap(view);
	}
	wlr_scene_node_destroy(&view->tree->node);
	g_free(view->title);
	g_free(view->app_id);
	g_free(view->title_hint);
}

/* Counts the guest display's view only, not the placeholder's. */
static bool is_guest_display(struct bulkhead_view *view) {
	return view->app_id != NULL && !strcmp(view->app_id, "bulkhead-guest");
}

void view_map(struct bulkhead_view *view) {
	view->mapped = true;
	if (is_guest_display(view)) {
		map_count++;
	}
}

void view_unmap(struct bulkhead_view *view) {
	view->mapped = false;
	if (is_guest_display(view)) {
		unmap_count++;
	}
}

void view_move(struct bulkhead_view *view, int x, int y) {
	view->x = x;
	view->y = y;
}

void view_set_title_hint(struct bulkhead_view *view, const char *hint) {
	g_free(view->title_hint);
	view->title_hint = g_strdup(hint);
}

void seat_capture_pointer(struct bulkhead_seat *seat,
		struct bulkhead_view *view) {
	seat->pointer_capture = view;
}

void seat_release_pointer(struct bulkhead_seat *seat) {
	seat->pointer_capture = NULL;
}

void vm_request(struct bulkhead_vm *vm, const char *action,
		bulkhead_vm_done_func done, void *data) {
	check(false, "no VM power request while typing");
}

void view_set_title(struct bulkhead_view *view, const char *title) {
	g_free(view->title);
	view->title = g_strdup(title);
}

void view_set_app_id(struct bulkhead_view *view, const char *app_id) {
	g_free(view->app_id);
	view->app_id = g_strdup(app_id);
}

void view_set_size(struct bulkhead_view *view, int width, int height) {
	view->width = width;
	view->height = height;
}

/* The demo guest has one head and no agent, so heads are never laid out. */
bool placement_row_size(struct bulkhead_view *first, int count, int *width,
		int *height) {
	return false;
}

void view_request_size(struct bulkhead_view *view, int width, int height) {
	view_set_size(view, width, height);
}

static void handle_buffer_destroy(struct wlr_buffer *wlr_buffer) {
	struct bulkhead_buffer *buffer =
		wl_container_of(wlr_buffer, buffer, base);
	if (buffer->owns_data) {
		free(buffer->data);
	}
	free(buffer);
}

static bool handle_begin_data_ptr_access(struct wlr_buffer *wlr_buffer,
		uint32_t flags, void **data, uint32_t *format, size_t *stride) {
	struct bulkhead_buffer *buffer =
		wl_container_of(wlr_buffer, buffer, base);
	*data = buffer->data;
	*format = buffer->drm_format;
	*stride = buffer->stride;
	return true;
}

static void handle_end_data_ptr_access(struct wlr_buffer *wlr_buffer) {
}

static const struct wlr_buffer_impl buffer_impl = {
	.destroy = handle_buffer_destroy,
	.begin_data_ptr_access = handle_begin_data_ptr_access,
	.end_data_ptr_access = handle_end_data_ptr_access,
};

struct bulkhead_buffer *buffer_create(int width, int height) {
	struct bulkhead_buffer *buffer = calloc(1, sizeof(*buffer));
	wlr_buffer_init(&buffer->base, &buffer_impl, width, height);
	buffer->stride = (size_t)width * 4;
	buffer->data = calloc(buffer->stride, (size_t)height);
	buffer->drm_format = DRM_FORMAT_ARGB8888;
	buffer->owns_data = true;
	return buffer;
}

struct bulkhead_buffer *buffer_wrap(void *data, int width, int height,
		size_t stride, uint32_t drm_format) {
	struct bulkhead_buffer *buffer = calloc(1, sizeof(*buffer));
	wlr_buffer_init(&buffer->base, &buffer_impl, width, height);
	buffer->data = data;
	buffer->stride = stride;
	buffer->drm_format = drm_format;
	return buffer;
}

void buffer_node_damage(struct wlr_scene *scene,
		struct wlr_scene_buffer *node, int x, int y, int width, int height) {
	damage_count++;
}

/* The vmctl calls, with QEMU's unix socket in place of libvirt. */

struct vmctl_vm {
	int unused;
};

const char *vmctl_vm_get_name(const struct vmctl_vm *vm) {
	return "work";
}

enum vmctl_state vmctl_vm_get_state(const struct vmctl_vm *vm) {
	return VMCTL_STATE_RUNNING;
}

const char *vmctl_state_to_string(enum vmctl_state state) {
	return state == VMCTL_STATE_RUNNING ? "running" : "not running";
}

static void open_socket_in_thread(GTask *task, gpointer source,
		gpointer data, GCancellable *cancellable) {
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	snprintf(address.sun_path, sizeof(address.sun_path), "%s",
		spice_socket_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&address,
			sizeof(address)) < 0) {
		if (fd >= 0) {
			close(fd);
		}
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_FAILED,
			"failed to connect to %s", spice_socket_path);
		return;
	}
	g_task_return_int(task, fd);
}

void vmctl_vm_open_graphics_fd_async(struct vmctl_vm *vm,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	/* Hand the fd back even when cancelled, so the caller closes it. */
	g_task_set_check_cancellable(task, FALSE);
	g_task_run_in_thread(task, open_socket_in_thread);
	g_object_unref(task);
}

int vmctl_vm_open_graphics_fd_finish(struct vmctl_vm *vm,
		GAsyncResult *result, GError **error) {
	return (int)g_task_propagate_int(G_TASK(result), error);
}

struct typing {
	struct bulkhead_guest_session *session;
	GMainLoop *loop;
	uint32_t *keycodes;
	int keycode_count;
	int next;
	bool pressed;
};

static struct bulkhead_guest_display *first_display(
		struct bulkhead_guest_session *session) {
	if (wl_list_empty(&session->displays)) {
		return NULL;
	}
	struct bulkhead_guest_display *display =
		wl_container_of(session->displays.next, display, link);
	return display;
}

static void check_display(struct bulkhead_guest_display *display) {
	check(display->view.kind == BULKHEAD_VIEW_GUEST_DISPLAY,
		"view kind is guest display");
	check(g_strcmp0(display->view.title, "work: screen 1") == 0,
		"title is \"work: screen 1\"");
	check(g_strcmp0(display->view.app_id, "bulkhead-guest") == 0,
		"app_id is bulkhead-guest");
	check(display->view.impl->get_surface(&display->view) == NULL,
		"get_surface returns NULL");
	check(display->buffer_node != NULL, "primary surface has a node");
	if (display->buffer_node != NULL) {
		struct wlr_buffer *buffer = display->buffer_node->buffer;
		check(buffer->width == display->view.width &&
			buffer->height == display->view.height,
			"view size equals the primary surface size");
	}
}

static gboolean handle_type_step(gpointer data) {
	struct typing *typing = data;
	struct bulkhead_guest_display *display = first_display(typing->session);
	if (display == NULL) {
		check(false, "display still open while typing");
		g_main_loop_quit(typing->loop);
		return G_SOURCE_REMOVE;
	}
	struct bulkhead_view *view = &display->view;

	if (typing->next == typing->keycode_count) {
		/* A key still held when focus leaves is released in the guest. */
		view->impl->send_key(view, KEY_LEFTSHIFT, true, 0);
		view->impl->release_keys(view);
		g_main_loop_quit(typing->loop);
		return G_SOURCE_REMOVE;
	}

	typing->pressed = !typing->pressed;
	view->impl->send_key(view, typing->keycodes[typing->next],
		typing->pressed, 0);
	if (!typing->pressed) {
		typing->next++;
	}
	return G_SOURCE_CONTINUE;
}

static gboolean handle_wait_ready(gpointer data) {
	struct typing *typing = data;
	struct bulkhead_guest_display *display = first_display(typing->session);
	if (display == NULL || !display->view.mapped ||
			!typing->session->inputs_ready) {
		return G_SOURCE_CONTINUE;
	}
	check_display(display);
	g_timeout_add(KEY_INTERVAL_MS, handle_type_step, typing);
	return G_SOURCE_REMOVE;
}

static gboolean handle_timeout(gpointer data) {
	struct typing *typing = data;
	check(false, "guest display and inputs ready in time");
	g_main_loop_quit(typing->loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char *argv[]) {
	if (argc < 3) {
		fprintf(stderr, "usage: %s SPICE_SOCKET KEYCODE...\n", argv[0]);
		return 2;
	}
	wlr_log_init(WLR_INFO, NULL);
	spice_socket_path = argv[1];

	struct typing typing = {
		.keycode_count = argc - 2,
		.keycodes = calloc(argc - 2, sizeof(uint32_t)),
		.loop = g_main_loop_new(NULL, FALSE),
	};
	for (int i = 0; i < typing.keycode_count; i++) {
		typing.keycodes[i] = (uint32_t)strtoul(argv[i + 2], NULL, 10);
	}

	struct bulkhead_server server = { 0 };
	server.scene = wlr_scene_create();
	server.view_tree = wlr_scene_tree_create(&server.scene->node);
	/* A seat with no keyboard: lock keys are not synced then. */
	struct bulkhead_seat seat = { .server = &server };
	server.seat = &seat;
	struct bulkhead_workspace workspace = {
		.name = "work",
		.color = { 0.08f, 0.4f, 0.75f, 1.0f },
	};
	struct vmctl_vm vmctl_vm = { 0 };
	struct bulkhead_vm vm = {
		.server = &server,
		.workspace = &workspace,
		.vmctl_vm = &vmctl_vm,
	};

	typing.session = guest_session_create(&vm);
	check(typing.session != NULL, "guest session created");
	if (typing.session == NULL) {
		return 1;
	}
	g_timeout_add(50, handle_wait_ready, &typing);
	guint timeout = g_timeout_add_seconds(CONNECT_TIMEOUT_S +
		typing.keycode_count * 2 * KEY_INTERVAL_MS / 1000,
		handle_timeout, &typing);
	g_main_loop_run(typing.loop);
	g_source_remove(timeout);

	/* Give the last messages time to leave before disconnecting. */
	GMainContext *context = g_main_context_default();
	gint64 end = g_get_monotonic_time() + G_USEC_PER_SEC / 2;
	while (g_get_monotonic_time() < end) {
		g_main_context_iteration(context, FALSE);
		g_usleep(10000);
	}

	check(map_count == 1, "view mapped once");
	check(damage_count > 0, "guest updates damage the node");
	guest_session_destroy(typing.session);
	check(unmap_count == 1, "view unmapped when the session ends");

	free(typing.keycodes);
	g_main_loop_unref(typing.loop);
	wlr_scene_node_destroy(&server.scene->node);
	return failures == 0 ? 0 : 1;
}
