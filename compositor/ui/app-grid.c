/* TODO: the app grid is not drawn yet; these entry points do nothing. */
#include <wlr/util/log.h>
#include "compositor/ui/app_grid.h"

void app_grid_toggle(struct bulkhead_server *server,
		struct bulkhead_output *output)
{
	wlr_log(WLR_INFO, "The app grid is not available yet");
}

bool app_grid_is_open(struct bulkhead_server *server)
{
	return false;
}

void app_grid_close(struct bulkhead_server *server)
{
}

void app_grid_handle_key(struct bulkhead_server *server, uint32_t keycode,
		xkb_keysym_t sym, const char *utf8, bool pressed)
{
}

void app_grid_handle_button(struct bulkhead_server *server, double lx,
		double ly, uint32_t button, bool pressed)
{
}

void app_grid_handle_motion(struct bulkhead_server *server, double lx,
		double ly)
{
}
