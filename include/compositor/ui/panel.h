/*
 * The panel along the top of each output, drawn by the compositor and kept
 * above every view: a launcher button, one chip per workspace in its color
 * (the focused one marked), the focused view's "[workspace] title", one
 * power toggle per vm workspace showing its VM state, and a clock.
 */
#ifndef COMPOSITOR_UI_PANEL_H
#define COMPOSITOR_UI_PANEL_H

#include <stdbool.h>
#include <stdint.h>

struct bulkhead_output;
struct bulkhead_server;

#define BULKHEAD_PANEL_HEIGHT 28

struct bulkhead_panel *panel_create(struct bulkhead_output *output);
void panel_destroy(struct bulkhead_panel *panel);
/* Lays the panel out again after the output moved or changed size. */
void panel_update_geometry(struct bulkhead_panel *panel);

/*
 * Redraws every panel on the next loop iteration. Call it after anything
 * the panel shows changed: focus, a title, a VM state.
 */
void panels_schedule_redraw(struct bulkhead_server *server);

/* Shows a failed operation's message in the panels for a few seconds. */
void panels_show_error(struct bulkhead_server *server, const char *message);
/* Takes the message down early, e.g. once the failed thing succeeded. */
void panels_clear_error(struct bulkhead_server *server);

/*
 * Handles a pointer button at layout point (lx, ly). Returns true when the
 * point is on a panel or its menu, which then consumed the event.
 */
bool panels_handle_button(struct bulkhead_server *server, double lx,
	double ly, uint32_t button, bool pressed);

#endif
