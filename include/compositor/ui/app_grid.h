/*
 * The app grid: a full-output overlay with a search field and one tile per
 * app of every workspace; vm apps wear their workspace's badge. While it is
 * open it takes the keyboard and the pointer.
 */
#ifndef COMPOSITOR_UI_APP_GRID_H
#define COMPOSITOR_UI_APP_GRID_H

#include <stdbool.h>
#include <stdint.h>
#include <xkbcommon/xkbcommon.h>

struct bulkhead_output;
struct bulkhead_server;

/* Opens the grid on output (NULL: the output under the cursor) or closes it. */
void app_grid_toggle(struct bulkhead_server *server,
	struct bulkhead_output *output);
bool app_grid_is_open(struct bulkhead_server *server);
void app_grid_close(struct bulkhead_server *server);

/*
 * Key and pointer input while the grid is open. keycode is an evdev code;
 * sym and utf8 come from the keyboard's xkb state.
 */
void app_grid_handle_key(struct bulkhead_server *server, uint32_t keycode,
	xkb_keysym_t sym, const char *utf8, bool pressed);
void app_grid_handle_button(struct bulkhead_server *server, double lx,
	double ly, uint32_t button, bool pressed);
void app_grid_handle_motion(struct bulkhead_server *server, double lx,
	double ly);

#endif
