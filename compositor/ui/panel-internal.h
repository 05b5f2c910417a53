/* State shared by the panel's layout, drawing and menu code. */
#ifndef COMPOSITOR_UI_PANEL_INTERNAL_H
#define COMPOSITOR_UI_PANEL_INTERNAL_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <wayland-server-core.h>
#include <wlr/util/box.h>

struct bulkhead_output;
struct bulkhead_server;
struct bulkhead_workspace;

enum panel_item_kind {
	PANEL_ITEM_LAUNCHER,
	PANEL_ITEM_WORKSPACE,
	PANEL_ITEM_TRAY,
};

/* A clickable part of the panel, in panel-local coordinates. */
struct panel_item {
	enum panel_item_kind kind;
	struct bulkhead_workspace *workspace;	/* NULL for the launcher */
	struct wlr_box box;
};

struct bulkhead_panel {
	struct bulkhead_output *output;
	struct wlr_scene_tree *tree;
	struct wlr_scene_buffer *node;
	int width;
	GArray *items;		/* struct panel_item, from the last draw */
	struct wl_list link;	/* panel_state.panels */
};

/* What all panels share: the redraw and clock timers, errors, the menu. */
struct panel_state {
	struct bulkhead_server *server;
	struct wl_list panels;		/* bulkhead_panel.link */
	struct wl_event_source *redraw_idle;
	guint clock_timer;
	guint animation_timer;
	double animation_phase;		/* 0 to 1, for VMs in transition */

	char *error;			/* shown instead of the title, or NULL */
	guint error_timer;

	struct panel_menu *menu;	/* the open tray menu, or NULL */
};

struct panel_state *panel_state_get(struct bulkhead_server *server);

/* Draws the whole panel and records its clickable items. */
void panel_draw(struct bulkhead_panel *panel, struct panel_state *state,
	cairo_t *cairo);
/* Whether a VM state is a transition that the tray animates. */
bool panel_state_is_transition(const char *vm_state);

/* The tray menu of one vm workspace, opened by a secondary click. */
void panel_menu_open(struct panel_state *state, struct bulkhead_panel *panel,
	struct bulkhead_workspace *workspace, int x);
void panel_menu_close(struct panel_state *state);
/* Returns true when (lx, ly) is on the open menu, which handled it. */
bool panel_menu_handle_button(struct panel_state *state, double lx,
	double ly, bool pressed);
/* Redraws the open menu, e.g. after the VM state changed. */
void panel_menu_redraw(struct panel_state *state);

/* Runs a VM action and reports a failure in the panels. */
void panel_request_vm(struct panel_state *state,
	struct bulkhead_workspace *workspace, const char *action);

#endif
