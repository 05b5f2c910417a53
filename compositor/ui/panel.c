#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <time.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/output.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/app_grid.h"
#include "compositor/ui/buffer.h"
#include "compositor/ui/panel.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "panel-internal.h"

#define ERROR_SECONDS 10
#define ANIMATION_INTERVAL_MS 100

struct panel_state *panel_state_get(struct bulkhead_server *server)
{
	struct panel_state *state = server->panel_state;

	if (!state) {
		state = calloc(1, sizeof(*state));
		state->server = server;
		wl_list_init(&state->panels);
		server->panel_state = state;
	}
	return state;
}

static void redraw(struct bulkhead_panel *panel, struct panel_state *state)
{
	struct bulkhead_buffer *buffer;
	cairo_surface_t *surface;
	cairo_t *cairo;

	if (panel->width <= 0) {
		return;
	}
	buffer = buffer_create(panel->width, BULKHEAD_PANEL_HEIGHT);
	surface = cairo_image_surface_create_for_data(buffer->data,
		CAIRO_FORMAT_ARGB32, panel->width, BULKHEAD_PANEL_HEIGHT,
		(int)buffer->stride);
	cairo = cairo_create(surface);
	panel_draw(panel, state, cairo);
	cairo_destroy(cairo);
	cairo_surface_destroy(surface);

	/* wlroots 0.15 cannot swap a buffer node's buffer: make a new node. */
	if (panel->node) {
		wlr_scene_node_destroy(&panel->node->node);
	}
	panel->node = wlr_scene_buffer_create(&panel->tree->node,
		&buffer->base);
	wlr_buffer_drop(&buffer->base);
}

static bool any_vm_in_transition(struct bulkhead_server *server)
{
	struct bulkhead_workspace *workspace;

	wl_list_for_each(workspace, &server->workspaces, link) {
		if (workspace->vm && panel_state_is_transition(
				vm_get_state_name(workspace->vm))) {
			return true;
		}
	}
	return false;
}

static gboolean handle_animation_timer(gpointer data)
{
	struct panel_state *state = data;

	state->animation_phase += ANIMATION_INTERVAL_MS / 1000.0;
	if (state->animation_phase >= 1.0) {
		state->animation_phase -= 1.0;
	}
	panels_schedule_redraw(state->server);
	return G_SOURCE_CONTINUE;
}

/* Animates the tray while a VM starts or stops, and only then. */
static void update_animation(struct panel_state *state)
{
	bool animate = any_vm_in_transition(state->server);

	if (animate && !state->animation_timer) {
		state->animation_timer = g_timeout_add(ANIMATION_INTERVAL_MS,
			handle_animation_timer, state);
	} else if (!animate && state->animation_timer) {
		g_source_remove(state->animation_timer);
		state->animation_timer = 0;
		state->animation_phase = 0;
	}
}

static void handle_redraw_idle(void *data)
{
	struct panel_state *state = data;
	struct bulkhead_panel *panel;

	state->redraw_idle = NULL;
	wl_list_for_each(panel, &state->panels, link) {
		redraw(panel, state);
	}
	panel_menu_redraw(state);
	update_animation(state);
}

void panels_schedule_redraw(struct bulkhead_server *server)
{
	struct panel_state *state = server->panel_state;

	if (!state || state->redraw_idle || wl_list_empty(&state->panels)) {
		return;
	}
	state->redraw_idle = wl_event_loop_add_idle(server->event_loop,
		handle_redraw_idle, state);
}

static gboolean handle_clock_timer(gpointer data);

/* Fires at the start of the next minute, when the clock changes. */
static void schedule_clock(struct panel_state *state)
{
	time_t now = time(NULL);

	state->clock_timer = g_timeout_add_seconds(60 - (guint)(now % 60),
		handle_clock_timer, state);
}

static gboolean handle_clock_timer(gpointer data)
{
	struct panel_state *state = data;

	panels_schedule_redraw(state->server);
	schedule_clock(state);
	return G_SOURCE_REMOVE;
}

static gboolean handle_error_timer(gpointer data)
{
	struct panel_state *state = data;

	state->error_timer = 0;
	g_clear_pointer(&state->error, g_free);
	panels_schedule_redraw(state->server);
	return G_SOURCE_REMOVE;
}

void panels_clear_error(struct bulkhead_server *server)
{
	struct panel_state *state = server->panel_state;

	if (state && state->error) {
		g_clear_handle_id(&state->error_timer, g_source_remove);
		g_clear_pointer(&state->error, g_free);
		panels_schedule_redraw(server);
	}
}

void panels_show_error(struct bulkhead_server *server, const char *message)
{
	struct panel_state *state = panel_state_get(server);

	wlr_log(WLR_ERROR, "%s", message);
	g_free(state->error);
	state->error = g_strdup(message);
	if (state->error_timer) {
		g_source_remove(state->error_timer);
	}
	state->error_timer = g_timeout_add_seconds(ERROR_SECONDS,
		handle_error_timer, state);
	panels_schedule_redraw(server);
}

void panel_update_geometry(struct bulkhead_panel *panel)
{
	struct bulkhead_server *server = panel->output->server;
	struct wlr_box *box = wlr_output_layout_get_box(server->output_layout,
		panel->output->wlr_output);

	if (!box) {
		return;
	}
	wlr_scene_node_set_position(&panel->tree->node, box->x, box->y);
	panel->width = box->width;
	panels_schedule_redraw(server);
}

struct bulkhead_panel *panel_create(struct bulkhead_output *output)
{
	struct bulkhead_server *server = output->server;
	struct panel_state *state = panel_state_get(server);
	struct bulkhead_panel *panel = calloc(1, sizeof(*panel));

	panel->output = output;
	panel->tree = wlr_scene_tree_create(&server->overlay_tree->node);
	panel->items = g_array_new(FALSE, TRUE, sizeof(struct panel_item));
	wl_list_insert(state->panels.prev, &panel->link);
	if (!state->clock_timer) {
		schedule_clock(state);
	}
	panel_update_geometry(panel);
	return panel;
}

void panel_destroy(struct bulkhead_panel *panel)
{
	struct panel_state *state;

	if (!panel) {
		return;
	}
	state = panel_state_get(panel->output->server);
	panel_menu_close(state);
	wl_list_remove(&panel->link);
	wlr_scene_node_destroy(&panel->tree->node);
	g_array_unref(panel->items);
	free(panel);
	if (wl_list_empty(&state->panels)) {
		if (state->redraw_idle) {
			wl_event_source_remove(state->redraw_idle);
			state->redraw_idle = NULL;
		}
		g_clear_handle_id(&state->clock_timer, g_source_remove);
		g_clear_handle_id(&state->animation_timer, g_source_remove);
		g_clear_handle_id(&state->error_timer, g_source_remove);
	}
}

static void handle_done(bool ok, const char *message, void *data)
{
	struct panel_state *state = data;

	if (!ok) {
		panels_show_error(state->server, message);
	}
	panels_schedule_redraw(state->server);
}

void panel_request_vm(struct panel_state *state,
		struct bulkhead_workspace *workspace, const char *action)
{
	vm_request(workspace->vm, action, handle_done, state);
	panels_schedule_redraw(state->server);
}

static void focus_workspace(struct bulkhead_server *server,
		struct bulkhead_workspace *workspace)
{
	if (!seat_focus_workspace(server->seat, workspace)) {
		/* No view to focus: mark the workspace, keep keys from others. */
		seat_focus_view(server->seat, NULL);
		server->seat->focused_workspace = workspace;
	}
	panels_schedule_redraw(server);
}

static void activate_item(struct panel_state *state,
		struct bulkhead_panel *panel, struct panel_item *item,
		uint32_t button)
{
	struct bulkhead_server *server = state->server;

	switch (item->kind) {
	case PANEL_ITEM_LAUNCHER:
		app_grid_toggle(server, panel->output);
		break;
	case PANEL_ITEM_WORKSPACE:
		focus_workspace(server, item->workspace);
		break;
	case PANEL_ITEM_TRAY:
		if (button == BTN_RIGHT) {
			panel_menu_open(state, panel, item->workspace,
				item->box.x);
		} else {
			panel_request_vm(state, item->workspace, "toggle");
		}
		break;
	}
}

static struct bulkhead_panel *panel_at(struct panel_state *state, double lx,
		double ly, int *x, int *y)
{
	struct bulkhead_panel *panel;

	wl_list_for_each(panel, &state->panels, link) {
		int px = (int)lx - panel->tree->node.state.x;
		int py = (int)ly - panel->tree->node.state.y;

		if (px >= 0 && px < panel->width && py >= 0 &&
				py < BULKHEAD_PANEL_HEIGHT) {
			*x = px;
			*y = py;
			return panel;
		}
	}
	return NULL;
}

bool panels_handle_button(struct bulkhead_server *server, double lx,
		double ly, uint32_t button, bool pressed)
{
	struct panel_state *state = server->panel_state;
	struct bulkhead_panel *panel;
	int x, y;

	if (!state) {
		return false;
	}
	if (panel_menu_handle_button(state, lx, ly, pressed)) {
		return true;
	}
	panel = panel_at(state, lx, ly, &x, &y);
	if (!panel) {
		return false;
	}
	if (!pressed) {
		return true;
	}
	for (guint i = 0; i < panel->items->len; i++) {
		struct panel_item *item = &g_array_index(panel->items,
			struct panel_item, i);

		if (wlr_box_contains_point(&item->box, x, y)) {
			activate_item(state, panel, item, button);
			break;
		}
	}
	return true;
}
