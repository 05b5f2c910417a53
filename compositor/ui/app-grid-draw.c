/*
 * Drawing the app grid with cairo and pango: a search field, one tab for
 * All and one per workspace, and a grid of tiles, each an icon (or the
 * app's initial on a colored square) over its name. The tiles of vm apps
 * wear their workspace's badge text on a pill of its color at the icon's
 * lower right corner, like a work profile badge; host tiles wear none.
 */
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include "app-grid-internal.h"
#include "compositor/apps.h"
#include "compositor/config.h"
#include "compositor/server.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"

#define FONT "Sans 10"
#define SEARCH_FONT "Sans 13"
#define TAB_FONT "Sans Bold 10"
#define BADGE_FONT "Sans Bold 8"
#define INITIAL_FONT "Sans Bold 28"

#define MARGIN 32
#define SEARCH_WIDTH 520
#define SEARCH_HEIGHT 40
#define TAB_HEIGHT 26
#define TILE_WIDTH 128
#define TILE_HEIGHT 120
#define ICON_SIZE 64
#define BADGE_HEIGHT 16
#define MAX_COLUMNS 8

static const double background[4] = { 0.07, 0.08, 0.09, 0.94 };
static const double text_color[3] = { 0.92, 0.93, 0.94 };
static const double dim_text[3] = { 0.58, 0.60, 0.63 };
/* The initial tile of a host app without an icon. */
static const double host_tile[3] = { 0.33, 0.40, 0.45 };

static PangoLayout *create_layout(cairo_t *cairo, const char *font,
		const char *text, int max_width)
{
	PangoLayout *layout = pango_cairo_create_layout(cairo);
	PangoFontDescription *description =
		pango_font_description_from_string(font);

	pango_layout_set_font_description(layout, description);
	pango_layout_set_text(layout, text, -1);
	pango_layout_set_single_paragraph_mode(layout, TRUE);
	if (max_width > 0) {
		pango_layout_set_width(layout, max_width * PANGO_SCALE);
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	}
	pango_font_description_free(description);
	return layout;
}

static int text_width(cairo_t *cairo, const char *font, const char *text)
{
	PangoLayout *layout = create_layout(cairo, font, text, -1);
	int width;

	pango_layout_get_pixel_size(layout, &width, NULL);
	g_object_unref(layout);
	return width;
}

/* Draws text with its box centered on (cx, cy); returns its width. */
static int draw_text_centered(cairo_t *cairo, const char *font,
		const char *text, double cx, double cy, int max_width,
		const double color[3])
{
	PangoLayout *layout = create_layout(cairo, font, text, max_width);
	int width, height;

	if (max_width > 0) {
		pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	}
	pango_layout_get_pixel_size(layout, &width, &height);
	cairo_set_source_rgb(cairo, color[0], color[1], color[2]);
	cairo_move_to(cairo, max_width > 0 ? cx - max_width / 2.0 :
		cx - width / 2.0, cy - height / 2.0);
	pango_cairo_show_layout(cairo, layout);
	g_object_unref(layout);
	cairo_new_path(cairo);
	return width;
}

static void rounded_rectangle(cairo_t *cairo, double x, double y, double w,
		double h, double radius)
{
	cairo_new_sub_path(cairo);
	cairo_arc(cairo, x + w - radius, y + radius, radius, -M_PI / 2, 0);
	cairo_arc(cairo, x + w - radius, y + h - radius, radius, 0, M_PI / 2);
	cairo_arc(cairo, x + radius, y + h - radius, radius, M_PI / 2, M_PI);
	cairo_arc(cairo, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
	cairo_close_path(cairo);
}

static void draw_search(struct app_grid *grid, cairo_t *cairo, int y)
{
	double x = (grid->area.width - SEARCH_WIDTH) / 2.0;
	double cy = y + SEARCH_HEIGHT / 2.0;
	const char *query = grid->query->str;
	PangoLayout *layout;
	int width, height;

	cairo_new_path(cairo);
	rounded_rectangle(cairo, x, y, SEARCH_WIDTH, SEARCH_HEIGHT,
		SEARCH_HEIGHT / 2.0);
	cairo_set_source_rgba(cairo, 1, 1, 1, 0.09);
	cairo_fill_preserve(cairo);
	cairo_set_source_rgba(cairo, 1, 1, 1, 0.22);
	cairo_set_line_width(cairo, 1);
	cairo_stroke(cairo);

	/* A magnifying glass. */
	cairo_set_source_rgb(cairo, dim_text[0], dim_text[1], dim_text[2]);
	cairo_set_line_width(cairo, 2);
	cairo_arc(cairo, x + 24, cy - 2, 6, 0, 2 * M_PI);
	cairo_stroke(cairo);
	cairo_move_to(cairo, x + 28.5, cy + 2.5);
	cairo_line_to(cairo, x + 33, cy + 7);
	cairo_stroke(cairo);

	layout = create_layout(cairo, SEARCH_FONT, query[0] ? query :
		"Type to search apps", SEARCH_WIDTH - 72);
	pango_layout_get_pixel_size(layout, &width, &height);
	if (query[0]) {
		cairo_set_source_rgb(cairo, text_color[0], text_color[1],
			text_color[2]);
	} else {
		cairo_set_source_rgb(cairo, dim_text[0], dim_text[1],
			dim_text[2]);
	}
	cairo_move_to(cairo, x + 44, cy - height / 2.0);
	pango_cairo_show_layout(cairo, layout);
	g_object_unref(layout);

	/* The text cursor after the query. */
	cairo_new_path(cairo);
	cairo_set_source_rgb(cairo, text_color[0], text_color[1],
		text_color[2]);
	cairo_rectangle(cairo, x + 44 + (query[0] ? width + 1 : 0),
		cy - 9, 1.5, 18);
	cairo_fill(cairo);
}

static void add_tab(struct app_grid *grid, struct bulkhead_workspace *workspace,
		int x, int y, int width)
{
	struct app_grid_tab tab = {
		.workspace = workspace,
		.box = { x, y, width, TAB_HEIGHT },
	};

	g_array_append_val(grid->tabs, tab);
}

static int draw_tab(struct app_grid *grid, cairo_t *cairo,
		struct bulkhead_workspace *workspace, int x, int y, bool measure)
{
	const char *label = workspace ? workspace->name : "All";
	int width = text_width(cairo, TAB_FONT, label) + 28;
	bool selected = grid->tab == workspace;

	if (measure) {
		return width;
	}
	cairo_new_path(cairo);
	rounded_rectangle(cairo, x, y, width, TAB_HEIGHT, TAB_HEIGHT / 2.0);
	if (selected && workspace) {
		cairo_set_source_rgb(cairo, workspace->color[0],
			workspace->color[1], workspace->color[2]);
	} else {
		cairo_set_source_rgba(cairo, 1, 1, 1, selected ? 0.22 : 0.06);
	}
	cairo_fill(cairo);
	if (workspace && !selected) {
		/* A dot in the workspace color marks unselected tabs. */
		cairo_arc(cairo, x + 10, y + TAB_HEIGHT / 2.0, 3, 0, 2 * M_PI);
		cairo_set_source_rgb(cairo, workspace->color[0],
			workspace->color[1], workspace->color[2]);
		cairo_fill(cairo);
	}
	draw_text_centered(cairo, TAB_FONT, label, x + width / 2.0 +
		(workspace && !selected ? 3 : 0), y + TAB_HEIGHT / 2.0, -1,
		selected ? (const double[3]){ 1, 1, 1 } : text_color);
	add_tab(grid, workspace, x, y, width);
	return width;
}

static void draw_tabs(struct app_grid *grid, cairo_t *cairo, int y)
{
	struct bulkhead_workspace *workspace;
	int total = draw_tab(grid, cairo, NULL, 0, y, true);
	int x;

	wl_list_for_each(workspace, &grid->server->workspaces, link) {
		total += 8 + draw_tab(grid, cairo, workspace, 0, y, true);
	}
	x = (grid->area.width - total) / 2;
	x += draw_tab(grid, cairo, NULL, x, y, false) + 8;
	wl_list_for_each(workspace, &grid->server->workspaces, link) {
		x += draw_tab(grid, cairo, workspace, x, y, false) + 8;
	}
}

static void draw_initial(cairo_t *cairo, struct bulkhead_app *app, double x,
		double y)
{
	const float *color = app->workspace->color;
	gunichar initial = g_unichar_toupper(g_utf8_get_char_validated(
		app->name, -1));
	char text[8] = "";

	cairo_new_path(cairo);
	rounded_rectangle(cairo, x + 4, y + 4, ICON_SIZE - 8, ICON_SIZE - 8,
		14);
	if (app->workspace->kind == BULKHEAD_WORKSPACE_VM) {
		cairo_set_source_rgb(cairo, color[0], color[1], color[2]);
	} else {
		cairo_set_source_rgb(cairo, host_tile[0], host_tile[1],
			host_tile[2]);
	}
	cairo_fill(cairo);
	if (initial > 0 && initial != (gunichar)-1 && initial != (gunichar)-2) {
		text[g_unichar_to_utf8(initial, text)] = '\0';
	}
	draw_text_centered(cairo, INITIAL_FONT, text, x + ICON_SIZE / 2.0,
		y + ICON_SIZE / 2.0, -1, (const double[3]){ 1, 1, 1 });
}

/* The badge pill, its right and bottom edges at (right, bottom). */
static void draw_badge(cairo_t *cairo, struct bulkhead_workspace *workspace,
		double right, double bottom)
{
	const char *text = workspace->config->badge;
	int width = text_width(cairo, BADGE_FONT, text) + 10;
	double x = right - width, y = bottom - BADGE_HEIGHT;

	/* A ring of the background color separates it from the icon. */
	cairo_new_path(cairo);
	rounded_rectangle(cairo, x - 2, y - 2, width + 4, BADGE_HEIGHT + 4,
		BADGE_HEIGHT / 2.0 + 2);
	cairo_set_source_rgb(cairo, background[0], background[1],
		background[2]);
	cairo_fill(cairo);
	rounded_rectangle(cairo, x, y, width, BADGE_HEIGHT, BADGE_HEIGHT / 2.0);
	cairo_set_source_rgb(cairo, workspace->color[0], workspace->color[1],
		workspace->color[2]);
	cairo_fill(cairo);
	draw_text_centered(cairo, BADGE_FONT, text, x + width / 2.0,
		y + BADGE_HEIGHT / 2.0, -1, (const double[3]){ 1, 1, 1 });
}

static void draw_tile(struct app_grid *grid, cairo_t *cairo, int index,
		int x, int y)
{
	struct bulkhead_app *app = grid->shown->pdata[index];
	struct bulkhead_workspace *workspace = app->workspace;
	cairo_surface_t *icon = apps_get_icon(grid->server, app->icon,
		ICON_SIZE);
	double icon_x = x + (TILE_WIDTH - ICON_SIZE) / 2.0, icon_y = y + 14;
	struct app_grid_tile tile = {
		.index = index,
		.box = { x, y, TILE_WIDTH, TILE_HEIGHT },
	};

	if (index == grid->selected || index == grid->hovered) {
		cairo_new_path(cairo);
		rounded_rectangle(cairo, x + 2, y + 2, TILE_WIDTH - 4,
			TILE_HEIGHT - 4, 14);
		cairo_set_source_rgba(cairo, 1, 1, 1,
			index == grid->selected ? 0.16 : 0.08);
		cairo_fill(cairo);
	}
	if (icon) {
		cairo_set_source_surface(cairo, icon, icon_x, icon_y);
		cairo_paint(cairo);
	} else {
		draw_initial(cairo, app, icon_x, icon_y);
	}
	if (workspace->kind == BULKHEAD_WORKSPACE_VM &&
			workspace->config->badge) {
		draw_badge(cairo, workspace, icon_x + ICON_SIZE + 10,
			icon_y + ICON_SIZE + 4);
	}
	draw_text_centered(cairo, FONT, app->name, x + TILE_WIDTH / 2.0,
		y + TILE_HEIGHT - 22, TILE_WIDTH - 12, text_color);
	g_array_append_val(grid->tiles, tile);
}

static void draw_empty(struct app_grid *grid, cairo_t *cairo, int y)
{
	g_autofree char *text = grid->query->len ?
		g_strdup_printf("No apps match \u201c%s\u201d",
			grid->query->str) :
		g_strdup("No apps in this workspace");

	draw_text_centered(cairo, SEARCH_FONT, text, grid->area.width / 2.0,
		y + 60, grid->area.width - 2 * MARGIN, dim_text);
}

static void draw_tiles(struct app_grid *grid, cairo_t *cairo, int top,
		int bottom)
{
	int count = (int)grid->shown->len;
	int left, first, last;

	grid->columns = CLAMP((grid->area.width - 2 * MARGIN) / TILE_WIDTH,
		1, MAX_COLUMNS);
	grid->visible_rows = MAX((bottom - top) / TILE_HEIGHT, 1);
	left = (grid->area.width - grid->columns * TILE_WIDTH) / 2;
	if (count == 0) {
		draw_empty(grid, cairo, top);
		return;
	}
	first = grid->first_row * grid->columns;
	last = MIN(count, first + grid->visible_rows * grid->columns);
	for (int i = first; i < last; i++) {
		int column = (i - first) % grid->columns;
		int row = (i - first) / grid->columns;

		draw_tile(grid, cairo, i, left + column * TILE_WIDTH,
			top + row * TILE_HEIGHT);
	}
}

static void draw_hint(struct app_grid *grid, cairo_t *cairo)
{
	draw_text_centered(cairo, FONT, "Arrows move \u00b7 Enter launches "
		"\u00b7 Tab switches tabs \u00b7 Esc closes",
		grid->area.width / 2.0, grid->area.height - 20, -1, dim_text);
}

void app_grid_draw(struct app_grid *grid, cairo_t *cairo)
{
	int y = MARGIN;

	g_array_set_size(grid->tiles, 0);
	g_array_set_size(grid->tabs, 0);
	cairo_set_operator(cairo, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_rgba(cairo, background[0], background[1],
		background[2], background[3]);
	cairo_paint(cairo);
	cairo_set_operator(cairo, CAIRO_OPERATOR_OVER);

	draw_search(grid, cairo, y);
	y += SEARCH_HEIGHT + 18;
	draw_tabs(grid, cairo, y);
	y += TAB_HEIGHT + 24;
	draw_tiles(grid, cairo, y, grid->area.height - 44);
	draw_hint(grid, cairo);
}
