/*
 * The tray menu of a vm workspace: its state, pause or resume, force off
 * behind a confirmation, and the last error. Drawn into one buffer below
 * the tray item and closed by any click outside it.
 */
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/types/wlr_scene.h>
#include "compositor/server.h"
#include "compositor/ui/buffer.h"
#include "compositor/ui/panel.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "panel-internal.h"

#define MENU_WIDTH 300
#define ENTRY_HEIGHT 26
#define MENU_PADDING 10
#define FONT "Sans 10"
#define BOLD_FONT "Sans Bold 10"

enum entry_kind { ENTRY_LABEL, ENTRY_ACTION, ENTRY_CONFIRM, ENTRY_CANCEL };

struct menu_entry {
	enum entry_kind kind;
	char *text;
	const char *action;	/* for ENTRY_ACTION and ENTRY_CONFIRM */
	int y, height;
};

struct panel_menu {
	struct bulkhead_panel *panel;
	struct bulkhead_workspace *workspace;
	struct wlr_scene_buffer *node;
	int x, y;		/* layout coordinates of the top-left corner */
	int height;
	bool confirming;	/* asking whether to force the VM off */
	GArray *entries;	/* struct menu_entry */
};

static void clear_entries(GArray *entries)
{
	for (guint i = 0; i < entries->len; i++) {
		g_free(g_array_index(entries, struct menu_entry, i).text);
	}
	g_array_set_size(entries, 0);
}

static void add_entry(struct panel_menu *menu, enum entry_kind kind,
		const char *action, char *text)
{
	struct menu_entry entry = {
		.kind = kind,
		.action = action,
		.text = text,
	};

	g_array_append_val(menu->entries, entry);
}

static void build_entries(struct panel_menu *menu)
{
	struct bulkhead_vm *vm = menu->workspace->vm;
	const char *state = vm_get_state_name(vm);
	const char *error = vm_get_last_error(vm);
	const char *name = menu->workspace->name;

	clear_entries(menu->entries);
	if (menu->confirming) {
		add_entry(menu, ENTRY_LABEL, NULL, g_strdup_printf("Force %s off? "
			"Like pulling the plug: the guest loses unsaved work.",
			name));
		add_entry(menu, ENTRY_CONFIRM, "force-off", g_strdup("Force off"));
		add_entry(menu, ENTRY_CANCEL, NULL, g_strdup("Cancel"));
		return;
	}
	add_entry(menu, ENTRY_LABEL, NULL, g_strdup_printf("%s VM: %s", name,
		state));
	if (!strcmp(state, "running")) {
		add_entry(menu, ENTRY_ACTION, "pause", g_strdup("Pause"));
	} else if (!strcmp(state, "paused")) {
		add_entry(menu, ENTRY_ACTION, "resume", g_strdup("Resume"));
	}
	if (strcmp(state, "off") && strcmp(state, "unavailable")) {
		add_entry(menu, ENTRY_ACTION, NULL, g_strdup("Force off…"));
	}
	if (error) {
		add_entry(menu, ENTRY_LABEL, NULL, g_strdup_printf("Last error: "
			"%s", error));
	}
}

static PangoLayout *entry_layout(cairo_t *cairo, struct menu_entry *entry)
{
	PangoLayout *layout = pango_cairo_create_layout(cairo);
	PangoFontDescription *font = pango_font_description_from_string(
		entry->kind == ENTRY_LABEL ? FONT : BOLD_FONT);

	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, entry->text, -1);
	pango_layout_set_width(layout, (MENU_WIDTH - 2 * MENU_PADDING) *
		PANGO_SCALE);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_font_description_free(font);
	return layout;
}

/* Assigns each entry its height; wrapped labels take several lines. */
static void measure_entries(struct panel_menu *menu, cairo_t *cairo)
{
	int y = MENU_PADDING / 2;

	for (guint i = 0; i < menu->entries->len; i++) {
		struct menu_entry *entry = &g_array_index(menu->entries,
			struct menu_entry, i);
		PangoLayout *layout = entry_layout(cairo, entry);
		int height;

		pango_layout_get_pixel_size(layout, NULL, &height);
		g_object_unref(layout);
		entry->y = y;
		entry->height = MAX(ENTRY_HEIGHT, height + 8);
		y += entry->height;
	}
	menu->height = y + MENU_PADDING / 2;
}

static void draw_entry(cairo_t *cairo, struct menu_entry *entry)
{
	PangoLayout *layout = entry_layout(cairo, entry);
	int height;

	if (entry->kind == ENTRY_CONFIRM) {
		cairo_set_source_rgb(cairo, 0.78, 0.16, 0.16);
		cairo_rectangle(cairo, 4, entry->y + 2, MENU_WIDTH - 8,
			entry->height - 4);
		cairo_fill(cairo);
	}
	pango_layout_get_pixel_size(layout, NULL, &height);
	if (entry->kind == ENTRY_LABEL) {
		cairo_set_source_rgb(cairo, 0.70, 0.72, 0.75);
	} else {
		cairo_set_source_rgb(cairo, 0.95, 0.95, 0.96);
	}
	cairo_move_to(cairo, MENU_PADDING,
		entry->y + (entry->height - height) / 2.0);
	pango_cairo_show_layout(cairo, layout);
	g_object_unref(layout);
}

static void draw_menu(struct panel_menu *menu, cairo_t *cairo)
{
	const float *color = menu->workspace->color;

	cairo_set_source_rgb(cairo, 0.15, 0.16, 0.18);
	cairo_paint(cairo);
	/* A frame in the workspace's color shows whose VM this menu drives. */
	cairo_set_source_rgb(cairo, color[0], color[1], color[2]);
	cairo_set_line_width(cairo, 2);
	cairo_rectangle(cairo, 1, 1, MENU_WIDTH - 2, menu->height - 2);
	cairo_stroke(cairo);
	for (guint i = 0; i < menu->entries->len; i++) {
		draw_entry(cairo, &g_array_index(menu->entries,
			struct menu_entry, i));
	}
}

static cairo_t *create_measuring_context(cairo_surface_t **surface)
{
	*surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	return cairo_create(*surface);
}

void panel_menu_redraw(struct panel_state *state)
{
	struct panel_menu *menu = state->menu;
	struct bulkhead_buffer *buffer;
	cairo_surface_t *surface;
	cairo_t *cairo;

	if (!menu) {
		return;
	}
	build_entries(menu);
	cairo = create_measuring_context(&surface);
	measure_entries(menu, cairo);
	cairo_destroy(cairo);
	cairo_surface_destroy(surface);

	buffer = buffer_create(MENU_WIDTH, menu->height);
	surface = cairo_image_surface_create_for_data(buffer->data,
		CAIRO_FORMAT_ARGB32, MENU_WIDTH, menu->height,
		(int)buffer->stride);
	cairo = cairo_create(surface);
	draw_menu(menu, cairo);
	cairo_destroy(cairo);
	cairo_surface_destroy(surface);

	if (menu->node) {
		wlr_scene_node_destroy(&menu->node->node);
	}
	menu->node = wlr_scene_buffer_create(&state->server->overlay_tree->node,
		&buffer->base);
	wlr_buffer_drop(&buffer->base);
	wlr_scene_node_set_position(&menu->node->node, menu->x, menu->y);
}

void panel_menu_open(struct panel_state *state, struct bulkhead_panel *panel,
		struct bulkhead_workspace *workspace, int x)
{
	struct panel_menu *menu;
	int left = panel->tree->node.state.x;

	panel_menu_close(state);
	menu = calloc(1, sizeof(*menu));
	menu->panel = panel;
	menu->workspace = workspace;
	menu->entries = g_array_new(FALSE, TRUE, sizeof(struct menu_entry));
	menu->x = left + MIN(x, panel->width - MENU_WIDTH);
	menu->y = panel->tree->node.state.y + BULKHEAD_PANEL_HEIGHT;
	state->menu = menu;
	panel_menu_redraw(state);
}

void panel_menu_close(struct panel_state *state)
{
	struct panel_menu *menu = state->menu;

	if (!menu) {
		return;
	}
	if (menu->node) {
		wlr_scene_node_destroy(&menu->node->node);
	}
	clear_entries(menu->entries);
	g_array_unref(menu->entries);
	free(menu);
	state->menu = NULL;
}

static void activate_entry(struct panel_state *state,
		struct menu_entry *entry)
{
	struct panel_menu *menu = state->menu;

	switch (entry->kind) {
	case ENTRY_LABEL:
		return;
	case ENTRY_CANCEL:
		panel_menu_close(state);
		return;
	case ENTRY_ACTION:
		if (!entry->action) {
			/* Force off asks first. */
			menu->confirming = true;
			panel_menu_redraw(state);
			return;
		}
		break;
	case ENTRY_CONFIRM:
		break;
	}
	panel_request_vm(state, menu->workspace, entry->action);
	panel_menu_close(state);
}

bool panel_menu_handle_button(struct panel_state *state, double lx,
		double ly, bool pressed)
{
	struct panel_menu *menu = state->menu;
	int x, y;

	if (!menu) {
		return false;
	}
	x = (int)lx - menu->x;
	y = (int)ly - menu->y;
	if (x < 0 || x >= MENU_WIDTH || y < 0 || y >= menu->height) {
		if (pressed) {
			panel_menu_close(state);
		}
		return false;
	}
	if (!pressed) {
		return true;
	}
	for (guint i = 0; i < menu->entries->len; i++) {
		struct menu_entry *entry = &g_array_index(menu->entries,
			struct menu_entry, i);

		if (y >= entry->y && y < entry->y + entry->height) {
			activate_entry(state, entry);
			break;
		}
	}
	return true;
}
