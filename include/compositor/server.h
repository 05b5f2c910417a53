/*
 * The compositor's wlroots objects and the lists that tie workspaces, views
 * and outputs together. One bulkhead_server exists per process; subsystems
 * receive it as an argument rather than reading a global.
 */
#ifndef COMPOSITOR_SERVER_H
#define COMPOSITOR_SERVER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct bulkhead_config;
struct bulkhead_control;
struct bulkhead_seat;
struct bulkhead_workspace;
struct vmctl_conn;
struct panel_state;
struct app_grid;
struct bulkhead_apps;

struct bulkhead_server {
	struct wl_display *display;
	struct wl_event_loop *event_loop;
	GMainLoop *main_loop;

	struct wlr_backend *backend;
	struct wlr_renderer *renderer;
	struct wlr_allocator *allocator;
	struct wlr_compositor *compositor;
	struct wlr_output_layout *output_layout;
	struct wlr_xdg_shell *xdg_shell;
	struct wlr_xdg_decoration_manager_v1 *xdg_decoration_manager;
	struct wlr_screencopy_manager_v1 *screencopy_manager;
	struct wlr_virtual_keyboard_manager_v1 *virtual_keyboard_manager;
	struct wlr_virtual_pointer_manager_v1 *virtual_pointer_manager;
	struct wlr_data_device_manager *data_device_manager;
	struct wlr_presentation *presentation;

	/*
	 * Scene layers, bottom to top: the background, the views, and
	 * compositor UI that no client may cover.
	 */
	struct wlr_scene *scene;
	struct wlr_scene_tree *background_tree;
	struct wlr_scene_tree *view_tree;
	struct wlr_scene_tree *overlay_tree;

	struct bulkhead_config *config;
	/* The --config path, or NULL for the default location. */
	const char *config_path;
	struct bulkhead_seat *seat;
	struct bulkhead_control *control;
	/* The libvirt connection of the VMs, NULL without vm workspaces. */
	struct vmctl_conn *vmctl_conn;
	/* The panels' shared state (ui/panel.c), created with the first. */
	struct panel_state *panel_state;
	/* The open app grid (ui/app-grid.c), or NULL. */
	struct app_grid *app_grid;
	/* The apps of every workspace (apps/), created on first use. */
	struct bulkhead_apps *apps;

	struct wl_list outputs;		/* bulkhead_output.link */
	struct wl_list workspaces;	/* bulkhead_workspace.link, config order */
	struct wl_list views;		/* bulkhead_view.link, bottom to top */
	struct bulkhead_workspace *default_workspace;

	uint32_t next_view_id;
	/* Increases with every focus change; views store it to rank recency. */
	uint64_t focus_sequence;

	/* The WAYLAND_DISPLAY value of the default workspace, e.g. "wayland-1". */
	char *wayland_display;

	struct wl_listener new_output;
	struct wl_listener layout_change;
	struct wl_listener new_xdg_surface;
	struct wl_listener new_toplevel_decoration;
	struct wlr_xdg_activation_v1 *xdg_activation;
	struct wl_listener request_activate;
};

bool server_init(struct bulkhead_server *server, struct bulkhead_config *config);
bool server_start(struct bulkhead_server *server);
void server_finish(struct bulkhead_server *server);

/*
 * Runs the GLib default main context with the wl_event_loop attached as a
 * GSource until server_terminate is called.
 */
void server_run(struct bulkhead_server *server);
/*
 * Loads the config again and applies it without restarting clients. On
 * failure the running config stays and error says why.
 */
bool server_reload_config(struct bulkhead_server *server, GError **error);
void server_terminate(struct bulkhead_server *server);

#endif
