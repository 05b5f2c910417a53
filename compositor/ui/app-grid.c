/*
 * The app grid's state and input: opening and closing, the tab and search
 * query that choose the shown tiles, keys, clicks and hover. While the grid
 * is open, no client has keyboard focus, so no client sees the typing.
 */
#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include "app-grid-internal.h"
#include "compositor/apps.h"
#include "compositor/output.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/app_grid.h"
#include "compositor/ui/buffer.h"
#include "compositor/ui/panel.h"
#include "compositor/workspace.h"

#define MAX_QUERY_SIZE 64

static void redraw(struct app_grid *grid)
{
	struct bulkhead_buffer *buffer;
	cairo_surface_t *surface;
	cairo_t *cairo;

	if (grid->area.width <= 0 || grid->area.height <= 0) {
		return;
	}
	buffer = buffer_create(grid->area.width, grid->area.height);
	surface = cairo_image_surface_create_for_data(buffer->data,
		CAIRO_FORMAT_ARGB32, grid->area.width, grid->area.height,
		(int)buffer->stride);
	cairo = cairo_create(surface);
	app_grid_draw(grid, cairo);
	cairo_destroy(cairo);
	cairo_surface_destroy(surface);

	/* wlroots 0.15 cannot swap a buffer node's buffer: make a new node. */
	if (grid->node) {
		wlr_scene_node_destroy(&grid->node->node);
	}
	grid->node = wlr_scene_buffer_create(&grid->tree->node, &buffer->base);
	wlr_buffer_drop(&buffer->base);
}

static bool contains_folded(const char *text, const char *folded_query)
{
	g_autofree char *folded = NULL;

	if (!text) {
		return false;
	}
	folded = g_utf8_casefold(text, -1);
	return strstr(folded, folded_query) != NULL;
}

static bool matches_query(struct bulkhead_app *app, const char *query)
{
	g_autofree char *folded = NULL;

	if (!query[0]) {
		return true;
	}
	folded = g_utf8_casefold(query, -1);
	if (contains_folded(app->name, folded) ||
			contains_folded(app->generic_name, folded)) {
		return true;
	}
	for (size_t i = 0; app->keywords && app->keywords[i]; i++) {
		if (contains_folded(app->keywords[i], folded)) {
			return true;
		}
	}
	return false;
}

static bool passes_tab(struct app_grid *grid, struct bulkhead_app *app)
{
	if (grid->tab) {
		return app->workspace == grid->tab;
	}
	/* All shows the host entries once, for one host workspace. */
	return app->workspace->kind == BULKHEAD_WORKSPACE_VM ||
		app->workspace == grid->host_workspace;
}

static void update_shown(struct app_grid *grid)
{
	g_ptr_array_set_size(grid->shown, 0);
	for (guint i = 0; i < grid->apps->len; i++) {
		struct bulkhead_app *app = grid->apps->pdata[i];

		if (passes_tab(grid, app) && matches_query(app,
				grid->query->str)) {
			g_ptr_array_add(grid->shown, app);
		}
	}
	grid->selected = grid->shown->len > 0 ? 0 : -1;
	grid->hovered = -1;
	grid->first_row = 0;
}

static struct bulkhead_workspace *choose_host_workspace(
		struct bulkhead_server *server)
{
	struct bulkhead_workspace *focused = server->seat->focused_workspace;
	struct bulkhead_workspace *workspace;

	if (focused && focused->kind == BULKHEAD_WORKSPACE_HOST) {
		return focused;
	}
	if (server->default_workspace->kind == BULKHEAD_WORKSPACE_HOST) {
		return server->default_workspace;
	}
	wl_list_for_each(workspace, &server->workspaces, link) {
		if (workspace->kind == BULKHEAD_WORKSPACE_HOST) {
			return workspace;
		}
	}
	return NULL;
}

/* Reloads the apps after a guest's entries arrived, keeping the query. */
static void handle_apps_changed(struct bulkhead_server *server)
{
	struct app_grid *grid = server->app_grid;

	if (!grid) {
		return;
	}
	g_ptr_array_unref(grid->apps);
	grid->apps = apps_list(server);
	update_shown(grid);
	redraw(grid);
}

static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct app_grid *grid = wl_container_of(listener, grid,
		output_destroy);

	app_grid_close(grid->server);
}

static struct bulkhead_output *find_output(struct bulkhead_server *server)
{
	struct wlr_cursor *cursor = server->seat->cursor;
	struct wlr_output *wlr_output = wlr_output_layout_output_at(
		server->output_layout, cursor->x, cursor->y);
	struct bulkhead_output *output;

	wl_list_for_each(output, &server->outputs, link) {
		if (output->wlr_output == wlr_output || !wlr_output) {
			return output;
		}
	}
	return NULL;
}

static void open_grid(struct bulkhead_server *server,
		struct bulkhead_output *output)
{
	struct app_grid *grid;
	struct wlr_box *box = wlr_output_layout_get_box(server->output_layout,
		output->wlr_output);

	if (!box) {
		return;
	}
	grid = calloc(1, sizeof(*grid));
	grid->server = server;
	grid->output = output;
	grid->area = (struct wlr_box){ box->x, box->y + BULKHEAD_PANEL_HEIGHT,
		box->width, box->height - BULKHEAD_PANEL_HEIGHT };
	grid->query = g_string_new(NULL);
	grid->shown = g_ptr_array_new();
	grid->tiles = g_array_new(FALSE, FALSE, sizeof(struct app_grid_tile));
	grid->tabs = g_array_new(FALSE, FALSE, sizeof(struct app_grid_tab));
	grid->host_workspace = choose_host_workspace(server);
	grid->tree = wlr_scene_tree_create(&server->overlay_tree->node);
	wlr_scene_node_set_position(&grid->tree->node, grid->area.x,
		grid->area.y);
	grid->output_destroy.notify = handle_output_destroy;
	wl_signal_add(&output->wlr_output->events.destroy,
		&grid->output_destroy);
	server->app_grid = grid;

	apps_set_changed_func(server, handle_apps_changed);
	grid->apps = apps_list(server);
	update_shown(grid);
	/* Keys go to the grid now; clients must not see them. */
	wlr_seat_keyboard_notify_clear_focus(server->seat->wlr_seat);
	wlr_seat_pointer_notify_clear_focus(server->seat->wlr_seat);
	redraw(grid);
	wlr_log(WLR_INFO, "Opened the app grid on %s with %u apps",
		output->wlr_output->name, grid->shown->len);
}

void app_grid_toggle(struct bulkhead_server *server,
		struct bulkhead_output *output)
{
	if (server->app_grid) {
		app_grid_close(server);
		return;
	}
	if (!output) {
		output = find_output(server);
	}
	if (output) {
		open_grid(server, output);
	}
}

bool app_grid_is_open(struct bulkhead_server *server)
{
	return server->app_grid != NULL;
}

void app_grid_close(struct bulkhead_server *server)
{
	struct app_grid *grid = server->app_grid;

	if (!grid) {
		return;
	}
	server->app_grid = NULL;
	wl_list_remove(&grid->output_destroy.link);
	wlr_scene_node_destroy(&grid->tree->node);
	g_ptr_array_unref(grid->apps);
	g_ptr_array_unref(grid->shown);
	g_string_free(grid->query, TRUE);
	g_array_unref(grid->tiles);
	g_array_unref(grid->tabs);
	free(grid);
	seat_refocus(server->seat);
	wlr_log(WLR_INFO, "Closed the app grid");
}

static void handle_launch_done(bool ok, const char *message, void *data)
{
	struct bulkhead_server *server = data;

	if (!ok) {
		panels_show_error(server, message);
	}
	panels_schedule_redraw(server);
}

static void launch_selected(struct app_grid *grid, int index)
{
	struct bulkhead_server *server = grid->server;
	struct bulkhead_app *app;

	if (index < 0 || index >= (int)grid->shown->len) {
		return;
	}
	app = grid->shown->pdata[index];
	/* apps_find returns the registry's copy, which outlives the grid. */
	app = apps_find(server, app->workspace, app->id);
	app_grid_close(server);
	if (app) {
		apps_launch(server, app, handle_launch_done, server);
	}
}

static void switch_tab(struct app_grid *grid, int step)
{
	guint count = grid->tabs->len;

	for (guint i = 0; i < count; i++) {
		struct app_grid_tab *tab = &g_array_index(grid->tabs,
			struct app_grid_tab, i);

		if (tab->workspace == grid->tab) {
			guint next = (i + count + step) % count;

			grid->tab = g_array_index(grid->tabs,
				struct app_grid_tab, next).workspace;
			update_shown(grid);
			return;
		}
	}
}

/* Moves the selection and scrolls so that it stays visible. */
static void move_selection(struct app_grid *grid, int delta)
{
	int count = (int)grid->shown->len;
	int selected = grid->selected + delta;
	int row;

	if (count == 0) {
		return;
	}
	selected = CLAMP(selected, 0, count - 1);
	grid->selected = selected;
	row = selected / MAX(grid->columns, 1);
	if (row < grid->first_row) {
		grid->first_row = row;
	} else if (grid->visible_rows > 0 &&
			row >= grid->first_row + grid->visible_rows) {
		grid->first_row = row - grid->visible_rows + 1;
	}
}

static void edit_query(struct app_grid *grid, xkb_keysym_t sym,
		const char *utf8)
{
	if (sym == XKB_KEY_BackSpace) {
		const char *end = grid->query->str + grid->query->len;
		const char *previous;

		if (grid->query->len == 0) {
			return;
		}
		previous = g_utf8_find_prev_char(grid->query->str, end);
		g_string_truncate(grid->query, previous - grid->query->str);
	} else if (utf8[0] && !g_unichar_iscntrl(g_utf8_get_char(utf8)) &&
			grid->query->len + strlen(utf8) < MAX_QUERY_SIZE) {
		g_string_append(grid->query, utf8);
	} else {
		return;
	}
	update_shown(grid);
}

void app_grid_handle_key(struct bulkhead_server *server, uint32_t keycode,
		xkb_keysym_t sym, const char *utf8, bool pressed)
{
	struct app_grid *grid = server->app_grid;
	int columns;

	if (!grid || !pressed) {
		return;
	}
	columns = MAX(grid->columns, 1);
	switch (sym) {
	case XKB_KEY_Escape:
		app_grid_close(server);
		return;
	case XKB_KEY_Return:
	case XKB_KEY_KP_Enter:
		launch_selected(grid, grid->selected);
		return;
	case XKB_KEY_Left:
		move_selection(grid, -1);
		break;
	case XKB_KEY_Right:
		move_selection(grid, 1);
		break;
	case XKB_KEY_Up:
		move_selection(grid, -columns);
		break;
	case XKB_KEY_Down:
		move_selection(grid, columns);
		break;
	case XKB_KEY_Tab:
		switch_tab(grid, 1);
		break;
	case XKB_KEY_ISO_Left_Tab:
		switch_tab(grid, -1);
		break;
	default:
		edit_query(grid, sym, utf8);
		break;
	}
	redraw(grid);
}

static int tile_at(struct app_grid *grid, int x, int y)
{
	for (guint i = 0; i < grid->tiles->len; i++) {
		struct app_grid_tile *tile = &g_array_index(grid->tiles,
			struct app_grid_tile, i);

		if (wlr_box_contains_point(&tile->box, x, y)) {
			return tile->index;
		}
	}
	return -1;
}

static bool click_tab(struct app_grid *grid, int x, int y)
{
	for (guint i = 0; i < grid->tabs->len; i++) {
		struct app_grid_tab *tab = &g_array_index(grid->tabs,
			struct app_grid_tab, i);

		if (wlr_box_contains_point(&tab->box, x, y)) {
			grid->tab = tab->workspace;
			update_shown(grid);
			return true;
		}
	}
	return false;
}

void app_grid_handle_button(struct bulkhead_server *server, double lx,
		double ly, uint32_t button, bool pressed)
{
	struct app_grid *grid = server->app_grid;
	int x, y, index;

	if (!grid || !pressed) {
		return;
	}
	x = (int)lx - grid->area.x;
	y = (int)ly - grid->area.y;
	if (!wlr_box_contains_point(&(struct wlr_box){ 0, 0, grid->area.width,
			grid->area.height }, x, y)) {
		/* A click on another output closes the grid. */
		app_grid_close(server);
		return;
	}
	if (click_tab(grid, x, y)) {
		redraw(grid);
		return;
	}
	index = tile_at(grid, x, y);
	if (index >= 0 && button == BTN_LEFT) {
		launch_selected(grid, index);
	}
}

void app_grid_handle_motion(struct bulkhead_server *server, double lx,
		double ly)
{
	struct app_grid *grid = server->app_grid;
	int index;

	if (!grid) {
		return;
	}
	index = tile_at(grid, (int)lx - grid->area.x, (int)ly - grid->area.y);
	if (index != grid->hovered) {
		grid->hovered = index;
		redraw(grid);
	}
}
