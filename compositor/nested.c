/*
 * Nested in a Wayland session, bulkhead asks the parent compositor to pass
 * its shortcuts through (keyboard-shortcuts-inhibit on each output window),
 * so that Super bindings reach bulkhead under GNOME or KDE too. wlroots
 * 0.15's Wayland backend does not do this itself, so bulkhead binds the
 * parent's globals on the backend's own connection.
 */
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <wayland-client.h>
#include <wlr/backend/wayland.h>
#include <wlr/types/wlr_output.h>
#include <wlr/util/log.h>
#include "compositor/nested.h"
#include "keyboard-shortcuts-inhibit-unstable-v1-client-protocol.h"

struct parent {
	struct wl_display *display;
	struct wl_registry *registry;
	struct zwp_keyboard_shortcuts_inhibit_manager_v1 *manager;
	struct wl_seat *seat;
	/* Output windows waiting until the manager and the seat are bound. */
	struct wl_surface *pending[8];
	size_t pending_count;
};

static struct parent *parent;

static void inhibit(struct wl_surface *surface)
{
	zwp_keyboard_shortcuts_inhibit_manager_v1_inhibit_shortcuts(
		parent->manager, surface, parent->seat);
	wl_display_flush(parent->display);
	wlr_log(WLR_INFO, "Asked the parent compositor to pass shortcuts "
		"through");
}

static void inhibit_pending(void)
{
	if (!parent->manager || !parent->seat) {
		return;
	}
	for (size_t i = 0; i < parent->pending_count; i++) {
		inhibit(parent->pending[i]);
	}
	parent->pending_count = 0;
}

static void handle_global(void *data, struct wl_registry *registry,
		uint32_t name, const char *interface, uint32_t version)
{
	if (!strcmp(interface,
			zwp_keyboard_shortcuts_inhibit_manager_v1_interface.name)) {
		parent->manager = wl_registry_bind(registry, name,
			&zwp_keyboard_shortcuts_inhibit_manager_v1_interface, 1);
	} else if (!strcmp(interface, wl_seat_interface.name) && !parent->seat) {
		parent->seat = wl_registry_bind(registry, name,
			&wl_seat_interface, 1);
	}
	inhibit_pending();
}

static void handle_global_remove(void *data, struct wl_registry *registry,
		uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

void nested_output_added(struct wlr_output *output)
{
	struct wl_surface *surface;

	if (!wlr_output_is_wl(output)) {
		return;
	}
	surface = wlr_wl_output_get_surface(output);
	if (!parent) {
		parent = calloc(1, sizeof(*parent));
		parent->display = wlr_wl_backend_get_remote_display(
			output->backend);
		parent->registry = wl_display_get_registry(parent->display);
		wl_registry_add_listener(parent->registry, &registry_listener,
			NULL);
		wl_display_flush(parent->display);
	}
	if (parent->manager && parent->seat) {
		inhibit(surface);
	} else if (parent->pending_count < G_N_ELEMENTS(parent->pending)) {
		parent->pending[parent->pending_count++] = surface;
	}
}
