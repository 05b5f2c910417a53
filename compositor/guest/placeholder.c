/*
 * The placeholder of a guest session: a view in the workspace color that
 * names the VM state while no guest head is shown, so a VM that is starting
 * or reconnecting has a window where its screen will appear.
 */
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/util/log.h>
#include "compositor/guest/session.h"
#include "compositor/server.h"
#include "compositor/ui/buffer.h"
#include "compositor/view.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"

#define PLACEHOLDER_APP_ID "bulkhead-guest-placeholder"
#define PLACEHOLDER_WIDTH 640
#define PLACEHOLDER_HEIGHT 400
#define PLACEHOLDER_FONT "sans 16"

struct bulkhead_guest_placeholder {
	struct bulkhead_view view;
	struct bulkhead_guest_session *session;
	struct wlr_scene_buffer *node;
	char *text;
};

static struct bulkhead_guest_placeholder *placeholder_from_view(
		struct bulkhead_view *view) {
	struct bulkhead_guest_placeholder *placeholder =
		wl_container_of(view, placeholder, view);
	return placeholder;
}

static void placeholder_set_activated(struct bulkhead_view *view,
		bool activated) {
}

static void placeholder_close(struct bulkhead_view *view) {
	struct bulkhead_guest_placeholder *placeholder =
		placeholder_from_view(view);
	guest_session_request_shutdown(placeholder->session);
}

static struct wlr_surface *placeholder_get_surface(
		struct bulkhead_view *view) {
	return NULL;
}

static const struct bulkhead_view_impl placeholder_impl = {
	.set_activated = placeholder_set_activated,
	.close = placeholder_close,
	.get_surface = placeholder_get_surface,
};

static char *format_text(struct bulkhead_guest_session *session) {
	const char *name = guest_session_get_name(session);
	switch (session->vm_state) {
	case VMCTL_STATE_STARTING:
		return g_strdup_printf("The %s VM is starting\u2026", name);
	case VMCTL_STATE_RUNNING:
		return g_strdup_printf("Connecting to the screen of the %s "
			"VM\u2026", name);
	case VMCTL_STATE_PAUSED:
		return g_strdup_printf("The %s VM is paused", name);
	case VMCTL_STATE_STOPPING:
		return g_strdup_printf("The %s VM is shutting down\u2026", name);
	default:
		return g_strdup_printf("The %s VM is %s", name,
			vmctl_state_to_string(session->vm_state));
	}
}

/* The title strip hint: the VM state, or "connecting" once it runs. */
static const char *hint_text(struct bulkhead_guest_session *session) {
	if (session->vm_state == VMCTL_STATE_RUNNING) {
		return "connecting";
	}
	return vmctl_state_to_string(session->vm_state);
}

static void draw(cairo_t *cairo, const char *text, int width, int height,
		const float color[static 4]) {
	cairo_set_source_rgba(cairo, color[0], color[1], color[2], color[3]);
	cairo_paint(cairo);

	PangoLayout *layout = pango_cairo_create_layout(cairo);
	PangoFontDescription *font =
		pango_font_description_from_string(PLACEHOLDER_FONT);
	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, text, -1);
	pango_layout_set_width(layout, width * PANGO_SCALE);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	int text_height;
	pango_layout_get_pixel_size(layout, NULL, &text_height);

	cairo_set_source_rgb(cairo, 1.0, 1.0, 1.0);
	cairo_move_to(cairo, 0, (height - text_height) / 2.0);
	pango_cairo_show_layout(cairo, layout);
	pango_font_description_free(font);
	g_object_unref(layout);
}

static struct bulkhead_buffer *render(const char *text, int width,
		int height, const float color[static 4]) {
	struct bulkhead_buffer *buffer = buffer_create(width, height);
	if (buffer == NULL) {
		return NULL;
	}
	cairo_surface_t *surface = cairo_image_surface_create_for_data(
		buffer->data, CAIRO_FORMAT_ARGB32, width, height,
		(int)buffer->stride);
	cairo_t *cairo = cairo_create(surface);
	draw(cairo, text, width, height, color);
	cairo_destroy(cairo);
	cairo_surface_flush(surface);
	cairo_surface_destroy(surface);
	return buffer;
}

static void redraw(struct bulkhead_guest_placeholder *placeholder) {
	struct bulkhead_view *view = &placeholder->view;
	char *text = format_text(placeholder->session);
	if (placeholder->node != NULL && !g_strcmp0(text, placeholder->text)) {
		g_free(text);
		return;
	}
	g_free(placeholder->text);
	placeholder->text = text;

	struct bulkhead_buffer *buffer = render(text, view->width,
		view->height, view->workspace->color);
	if (buffer == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to draw the placeholder",
			guest_session_get_name(placeholder->session));
		return;
	}
	if (placeholder->node != NULL) {
		wlr_scene_node_destroy(&placeholder->node->node);
	}
	placeholder->node = wlr_scene_buffer_create(
		&view->content_tree->node, &buffer->base);
	wlr_buffer_drop(&buffer->base);
	view_set_title_hint(view, hint_text(placeholder->session));
}

void guest_placeholder_show(struct bulkhead_guest_session *session) {
	if (session->placeholder != NULL) {
		guest_placeholder_update(session);
		return;
	}
	struct bulkhead_vm *vm = session->vm;
	struct bulkhead_guest_placeholder *placeholder =
		calloc(1, sizeof(*placeholder));
	if (placeholder == NULL) {
		wlr_log(WLR_ERROR, "%s: failed to allocate the placeholder",
			guest_session_get_name(session));
		return;
	}
	placeholder->session = session;
	session->placeholder = placeholder;

	struct bulkhead_view *view = &placeholder->view;
	view_init(view, vm->server, BULKHEAD_VIEW_GUEST_DISPLAY, vm->workspace,
		&placeholder_impl);
	char *title = g_strdup_printf("%s: screen 1",
		guest_session_get_name(session));
	view_set_title(view, title);
	g_free(title);
	view_set_app_id(view, PLACEHOLDER_APP_ID);
	view_set_size(view, session->last_width > 0 ? session->last_width :
		PLACEHOLDER_WIDTH, session->last_height > 0 ?
		session->last_height : PLACEHOLDER_HEIGHT);
	redraw(placeholder);
	wlr_log(WLR_INFO, "%s: showing a placeholder while the VM is %s",
		guest_session_get_name(session),
		vmctl_state_to_string(session->vm_state));
	view_map(view);
}

void guest_placeholder_update(struct bulkhead_guest_session *session) {
	if (session->placeholder != NULL) {
		redraw(session->placeholder);
	}
}

void guest_placeholder_destroy(struct bulkhead_guest_session *session) {
	struct bulkhead_guest_placeholder *placeholder = session->placeholder;
	if (placeholder == NULL) {
		return;
	}
	session->placeholder = NULL;
	wlr_log(WLR_DEBUG, "%s: removing the placeholder",
		guest_session_get_name(session));
	view_finish(&placeholder->view);
	g_free(placeholder->text);
	free(placeholder);
}

