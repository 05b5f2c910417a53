/* Shared by the app grid's state and input code and its drawing code. */
#ifndef COMPOSITOR_UI_APP_GRID_INTERNAL_H
#define COMPOSITOR_UI_APP_GRID_INTERNAL_H

#include <cairo.h>
#include <glib.h>
#include <wayland-server-core.h>
#include <wlr/util/box.h>

struct bulkhead_app;
struct bulkhead_output;
struct bulkhead_server;
struct bulkhead_workspace;

/* A drawn tile or tab, in grid-local coordinates. */
struct app_grid_tile {
	int index;		/* in app_grid.shown */
	struct wlr_box box;
};

struct app_grid_tab {
	struct bulkhead_workspace *workspace;	/* NULL for All */
	struct wlr_box box;
};

struct app_grid {
	struct bulkhead_server *server;
	struct bulkhead_output *output;
	struct wlr_scene_tree *tree;
	struct wlr_scene_buffer *node;
	/* The grid covers the output below its panel, in layout coordinates. */
	struct wlr_box area;

	GPtrArray *apps;	/* every app, from apps_list */
	GPtrArray *shown;	/* the apps that pass the tab and the query */
	GString *query;
	struct bulkhead_workspace *tab;		/* NULL for All */
	/* The host workspace whose apps the All tab shows. */
	struct bulkhead_workspace *host_workspace;
	int selected;		/* index in shown, or -1 */
	int hovered;		/* index in shown, or -1 */
	int first_row;		/* the topmost visible row */

	/* Filled by app_grid_draw. */
	int columns;
	int visible_rows;
	GArray *tiles;		/* struct app_grid_tile */
	GArray *tabs;		/* struct app_grid_tab */

	struct wl_listener output_destroy;
};

/* Draws the grid into cairo and records where tiles and tabs are. */
void app_grid_draw(struct app_grid *grid, cairo_t *cairo);

#endif
