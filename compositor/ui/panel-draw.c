/*
 * Drawing the panel with cairo and pango. Items are laid out while they are
 * drawn, left to right (launcher, workspace chips) and right to left
 * (clock, tray), and the focused view's title fills the middle.
 */
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <time.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/panel.h"
#include "compositor/view.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "panel-internal.h"

#define FONT "Sans 10"
#define BOLD_FONT "Sans Bold 10"
#define PADDING 8
#define CHIP_HEIGHT 20
#define ICON_SIZE 16

static const double background[3] = { 0.11, 0.12, 0.13 };
static const double text_color[3] = { 0.92, 0.93, 0.94 };
static const double dim_text[3] = { 0.62, 0.64, 0.67 };

struct state_look {
	const char *state;
	double color[3];	/* NAN in [0]: the workspace color */
};

/* Each VM state has its own color; transitions also pulse. */
static const struct state_look state_looks[] = {
	{ "off", { 0.55, 0.57, 0.60 } },
	{ "starting", { NAN, 0, 0 } },
	{ "running", { NAN, 0, 0 } },
	{ "paused", { 0.98, 0.66, 0.15 } },
	{ "stopping", { 0.94, 0.42, 0.00 } },
	{ "crashed", { 0.90, 0.22, 0.21 } },
	{ "unavailable", { 0.55, 0.57, 0.60 } },
};

bool panel_state_is_transition(const char *vm_state)
{
	return !strcmp(vm_state, "starting") || !strcmp(vm_state, "stopping");
}

static PangoLayout *create_layout(cairo_t *cairo, const char *font,
		const char *text)
{
	PangoLayout *layout = pango_cairo_create_layout(cairo);
	PangoFontDescription *description =
		pango_font_description_from_string(font);

	pango_layout_set_font_description(layout, description);
	pango_layout_set_text(layout, text, -1);
	pango_layout_set_single_paragraph_mode(layout, TRUE);
	pango_font_description_free(description);
	return layout;
}

static int text_width(cairo_t *cairo, const char *font, const char *text)
{
	PangoLayout *layout = create_layout(cairo, font, text);
	int width;

	pango_layout_get_pixel_size(layout, &width, NULL);
	g_object_unref(layout);
	return width;
}

/* Draws text vertically centered at x; max_width < 0 means unlimited. */
static void draw_text(cairo_t *cairo, const char *font, const char *text,
		double x, int max_width, const double color[3])
{
	PangoLayout *layout = create_layout(cairo, font, text);
	int height;

	if (max_width >= 0) {
		pango_layout_set_width(layout, max_width * PANGO_SCALE);
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	}
	pango_layout_get_pixel_size(layout, NULL, &height);
	cairo_set_source_rgb(cairo, color[0], color[1], color[2]);
	cairo_move_to(cairo, x, (BULKHEAD_PANEL_HEIGHT - height) / 2.0);
	pango_cairo_show_layout(cairo, layout);
	g_object_unref(layout);
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

static void add_item(struct bulkhead_panel *panel, enum panel_item_kind kind,
		struct bulkhead_workspace *workspace, int x, int width)
{
	struct panel_item item = {
		.kind = kind,
		.workspace = workspace,
		.box = { x, 0, width, BULKHEAD_PANEL_HEIGHT },
	};

	g_array_append_val(panel->items, item);
}

/* The launcher: a 3x3 grid of dots, like an app drawer. */
static int draw_launcher(struct bulkhead_panel *panel, cairo_t *cairo, int x)
{
	double top = (BULKHEAD_PANEL_HEIGHT - ICON_SIZE) / 2.0;

	cairo_new_path(cairo);
	cairo_set_source_rgb(cairo, text_color[0], text_color[1],
		text_color[2]);
	for (int row = 0; row < 3; row++) {
		for (int column = 0; column < 3; column++) {
			cairo_arc(cairo, x + 3 + column * 5, top + 3 + row * 5,
				1.8, 0, 2 * M_PI);
			cairo_fill(cairo);
		}
	}
	add_item(panel, PANEL_ITEM_LAUNCHER, NULL, x - 4, ICON_SIZE + 8);
	return x + ICON_SIZE + PADDING;
}

static int draw_chip(struct bulkhead_panel *panel, cairo_t *cairo, int x,
		struct bulkhead_workspace *workspace, bool focused)
{
	const float *color = focused ? workspace->focused_color :
		workspace->color;
	int width = text_width(cairo, BOLD_FONT, workspace->name) + 2 * PADDING;
	double top = (BULKHEAD_PANEL_HEIGHT - CHIP_HEIGHT) / 2.0;

	cairo_new_path(cairo);
	rounded_rectangle(cairo, x, top, width, CHIP_HEIGHT, CHIP_HEIGHT / 2.0);
	cairo_set_source_rgb(cairo, color[0], color[1], color[2]);
	cairo_fill_preserve(cairo);
	if (focused) {
		cairo_set_line_width(cairo, 2);
		cairo_set_source_rgb(cairo, 1, 1, 1);
		cairo_stroke(cairo);
	} else {
		cairo_new_path(cairo);
	}
	draw_text(cairo, BOLD_FONT, workspace->name, x + PADDING, -1,
		(const double[3]){ 1, 1, 1 });
	add_item(panel, PANEL_ITEM_WORKSPACE, workspace, x, width);
	return x + width + PADDING / 2;
}

static void state_color(struct bulkhead_workspace *workspace,
		const char *vm_state, double out[3])
{
	for (size_t i = 0; i < G_N_ELEMENTS(state_looks); i++) {
		if (strcmp(state_looks[i].state, vm_state)) {
			continue;
		}
		if (isnan(state_looks[i].color[0])) {
			for (int c = 0; c < 3; c++) {
				out[c] = workspace->focused_color[c];
			}
		} else {
			memcpy(out, state_looks[i].color, sizeof(double[3]));
		}
		return;
	}
	memcpy(out, state_looks[0].color, sizeof(double[3]));
}

/* The power symbol: an open ring with a bar through its gap. */
static void draw_power_icon(cairo_t *cairo, double cx, double cy,
		const double color[3], double alpha, bool filled)
{
	double radius = ICON_SIZE / 2.0;

	/* pango leaves a current point behind, which arcs would join. */
	cairo_new_path(cairo);
	if (filled) {
		cairo_arc(cairo, cx, cy, radius, 0, 2 * M_PI);
		cairo_set_source_rgba(cairo, color[0], color[1], color[2], alpha);
		cairo_fill(cairo);
		cairo_set_source_rgb(cairo, 1, 1, 1);
	} else {
		cairo_set_source_rgba(cairo, color[0], color[1], color[2], alpha);
	}
	cairo_set_line_width(cairo, 1.8);
	cairo_set_line_cap(cairo, CAIRO_LINE_CAP_ROUND);
	cairo_arc(cairo, cx, cy, radius - 4, -M_PI / 2 + 0.7,
		3 * M_PI / 2 - 0.7);
	cairo_stroke(cairo);
	cairo_move_to(cairo, cx, cy - radius + 2.5);
	cairo_line_to(cairo, cx, cy);
	cairo_stroke(cairo);
}

/* Marks over the icon that tell paused, crashed and unavailable apart. */
static void draw_state_mark(cairo_t *cairo, double cx, double cy,
		const char *vm_state)
{
	double x = cx + 5, y = cy + 4;

	cairo_new_path(cairo);
	if (!strcmp(vm_state, "paused")) {
		cairo_set_source_rgb(cairo, 0.98, 0.66, 0.15);
		cairo_rectangle(cairo, x - 3, y - 4, 2, 7);
		cairo_rectangle(cairo, x + 1, y - 4, 2, 7);
		cairo_fill(cairo);
	} else if (!strcmp(vm_state, "crashed") ||
			!strcmp(vm_state, "unavailable")) {
		cairo_arc(cairo, x, y, 4.5, 0, 2 * M_PI);
		cairo_set_source_rgb(cairo, !strcmp(vm_state, "crashed") ?
			0.90 : 0.45, 0.22, 0.21);
		cairo_fill(cairo);
		cairo_set_source_rgb(cairo, 1, 1, 1);
		cairo_set_line_width(cairo, 1.5);
		cairo_move_to(cairo, x, y - 2.5);
		cairo_line_to(cairo, x, y + 0.5);
		cairo_stroke(cairo);
		cairo_arc(cairo, x, y + 2.2, 0.8, 0, 2 * M_PI);
		cairo_fill(cairo);
	}
}

/* Draws one tray toggle ending at right; returns its left edge. */
static int draw_tray_item(struct bulkhead_panel *panel,
		struct panel_state *state, cairo_t *cairo, int right,
		struct bulkhead_workspace *workspace)
{
	const char *vm_state = vm_get_state_name(workspace->vm);
	g_autofree char *label = g_strdup_printf("%s: %s", workspace->name,
		vm_state);
	int width = ICON_SIZE + 6 + text_width(cairo, FONT, label);
	int x = right - width;
	double cy = BULKHEAD_PANEL_HEIGHT / 2.0;
	double color[3];
	double alpha = 1.0;

	state_color(workspace, vm_state, color);
	if (panel_state_is_transition(vm_state)) {
		alpha = 0.45 + 0.55 * (0.5 + 0.5 * cos(2 * M_PI *
			state->animation_phase));
	}
	draw_power_icon(cairo, x + ICON_SIZE / 2.0, cy, color, alpha,
		!strcmp(vm_state, "running") || !strcmp(vm_state, "stopping"));
	draw_state_mark(cairo, x + ICON_SIZE / 2.0, cy, vm_state);
	draw_text(cairo, FONT, label, x + ICON_SIZE + 6, -1, text_color);
	add_item(panel, PANEL_ITEM_TRAY, workspace, x - 4, width + 8);
	return x - 2 * PADDING;
}

static int draw_clock(cairo_t *cairo, int right)
{
	char text[16];
	time_t now = time(NULL);
	struct tm local;
	int width;

	localtime_r(&now, &local);
	strftime(text, sizeof(text), "%H:%M", &local);
	width = text_width(cairo, BOLD_FONT, text);
	draw_text(cairo, BOLD_FONT, text, right - width, -1, text_color);
	return right - width - 2 * PADDING;
}

static void draw_title(struct panel_state *state, cairo_t *cairo, int left,
		int right)
{
	struct bulkhead_view *view = state->server->seat->focused_view;
	g_autofree char *text = NULL;

	if (right - left < 40) {
		return;
	}
	if (state->error) {
		draw_text(cairo, BOLD_FONT, state->error, left, right - left,
			(const double[3]){ 1.0, 0.45, 0.42 });
		return;
	}
	if (!view) {
		return;
	}
	text = g_strdup_printf("[%s] %s", view->workspace->name,
		view->title && *view->title ? view->title : "untitled");
	draw_text(cairo, FONT, text, left, right - left, dim_text);
}

void panel_draw(struct bulkhead_panel *panel, struct panel_state *state,
		cairo_t *cairo)
{
	struct bulkhead_server *server = state->server;
	struct bulkhead_workspace *focused = server->seat->focused_workspace;
	struct bulkhead_workspace *workspace;
	int left = PADDING, right = panel->width - PADDING;

	g_array_set_size(panel->items, 0);
	cairo_set_source_rgb(cairo, background[0], background[1],
		background[2]);
	cairo_paint(cairo);
	cairo_set_source_rgba(cairo, 1, 1, 1, 0.08);
	cairo_rectangle(cairo, 0, BULKHEAD_PANEL_HEIGHT - 1, panel->width, 1);
	cairo_fill(cairo);

	left = draw_launcher(panel, cairo, left + 4);
	wl_list_for_each(workspace, &server->workspaces, link) {
		left = draw_chip(panel, cairo, left, workspace,
			workspace == focused);
	}
	right = draw_clock(cairo, right);
	wl_list_for_each_reverse(workspace, &server->workspaces, link) {
		if (workspace->vm) {
			right = draw_tray_item(panel, state, cairo, right,
				workspace);
		}
	}
	draw_title(state, cairo, left + 2 * PADDING, right);
}
