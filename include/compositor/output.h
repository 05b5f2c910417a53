#ifndef COMPOSITOR_OUTPUT_H
#define COMPOSITOR_OUTPUT_H

#include <wayland-server-core.h>
#include <wlr/util/box.h>

struct bulkhead_server;
struct bulkhead_panel;

struct bulkhead_output {
	struct bulkhead_server *server;
	struct wlr_output *wlr_output;
	struct wlr_scene_rect *background;
	struct bulkhead_panel *panel;

	struct wl_listener frame;
	struct wl_listener destroy;
	struct wl_list link;	/* bulkhead_server.outputs */
};

void outputs_init(struct bulkhead_server *server);
void outputs_finish(struct bulkhead_server *server);

/*
 * The area where views are placed: the layout box of the output under the
 * cursor, or of the first output, below its panel. Returns false when there
 * is no output.
 */
bool output_get_usable_area(struct bulkhead_server *server, double lx,
	double ly, struct wlr_box *box);

#endif
