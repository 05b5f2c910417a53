/*
 * Views: everything bulkhead frames on screen. A view is an xdg toplevel of a
 * client or one head of a VM's screen. The view owns a scene tree at the
 * top-left corner of its content; under it sit the content (attached by the
 * implementation to content_tree) and then the frame, which is drawn above
 * the content so a client can never cover its own border.
 *
 * Coordinates: x, y, width and height describe the content box in layout
 * coordinates; the frame surrounds it with the border and the title strip.
 */
#ifndef COMPOSITOR_VIEW_H
#define COMPOSITOR_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include <wlr/util/box.h>

struct bulkhead_server;
struct bulkhead_workspace;
struct bulkhead_frame;
struct wlr_surface;

enum bulkhead_view_kind {
	BULKHEAD_VIEW_TOPLEVEL,
	BULKHEAD_VIEW_GUEST_DISPLAY,
};

struct bulkhead_view;

/* Hooks that each kind of view implements; optional ones may be NULL. */
struct bulkhead_view_impl {
	void (*set_activated)(struct bulkhead_view *view, bool activated);
	/* Ask the view to close; it unmaps on its own time. */
	void (*close)(struct bulkhead_view *view);
	/* The surface that receives keyboard focus; NULL for guest displays. */
	struct wlr_surface *(*get_surface)(struct bulkhead_view *view);
	/*
	 * Optional: handles a key while the view has keyboard focus, in place
	 * of the seat. keycode is a Linux evdev code (no +8 offset).
	 */
	void (*send_key)(struct bulkhead_view *view, uint32_t keycode,
		bool pressed, uint32_t time_msec);
	/* Optional: releases every key the view holds down (focus left). */
	void (*release_keys)(struct bulkhead_view *view);
	/*
	 * Optional: asks the view to take a new content size. A client or
	 * guest answers in its own time through view_set_size.
	 */
	void (*request_size)(struct bulkhead_view *view, int width, int height);
	/* Optional: tells the client that it is maximized or fullscreen. */
	void (*set_maximized)(struct bulkhead_view *view, bool maximized);
	void (*set_fullscreen)(struct bulkhead_view *view, bool fullscreen);
	/* Optional: pointer input over the content, view-local coordinates. */
	void (*pointer_motion)(struct bulkhead_view *view, double sx, double sy,
		uint32_t time_msec);
	void (*pointer_button)(struct bulkhead_view *view, uint32_t button,
		bool pressed, uint32_t time_msec);
	/* Optional: scrolling, in wl_pointer axis units and discrete steps. */
	void (*pointer_axis)(struct bulkhead_view *view, bool vertical,
		double delta, int32_t delta_discrete, uint32_t time_msec);
	/*
	 * Optional: the pointer left the content after pointer_motion, or
	 * the view's pointer capture ended.
	 */
	void (*pointer_leave)(struct bulkhead_view *view);
	/*
	 * Optional: motion in layout pixels while the view holds the pointer
	 * captured (seat_capture_pointer); the cursor does not move then.
	 */
	void (*pointer_relative)(struct bulkhead_view *view, double dx,
		double dy, uint32_t time_msec);
};

struct bulkhead_view {
	struct bulkhead_server *server;
	const struct bulkhead_view_impl *impl;
	enum bulkhead_view_kind kind;
	struct bulkhead_workspace *workspace;
	uint32_t id;

	struct wlr_scene_tree *tree;		/* at the content origin */
	struct wlr_scene_tree *content_tree;
	struct bulkhead_frame *frame;

	int x, y;		/* content origin, layout coordinates */
	int width, height;	/* content size */
	char *title;
	char *app_id;
	/* Shown after the title in the title strip, or NULL. */
	char *title_hint;

	bool mapped;
	bool activated;
	/* Hidden until focused again; still mapped. */
	bool minimized;
	bool maximized;
	bool fullscreen;
	/* Asked for attention (xdg-activation from a background workspace). */
	bool urgent;
	/* The content box before maximize or fullscreen, to restore. */
	struct wlr_box saved_box;
	uint64_t focus_sequence;	/* 0 until first focused */

	struct wl_list link;	/* bulkhead_server.views, bottom to top */
};

void view_init(struct bulkhead_view *view, struct bulkhead_server *server,
	enum bulkhead_view_kind kind, struct bulkhead_workspace *workspace,
	const struct bulkhead_view_impl *impl);
/* Destroys the scene nodes; the implementation frees the view itself. */
void view_finish(struct bulkhead_view *view);

/* Places the view, shows it and gives it focus. */
void view_map(struct bulkhead_view *view);
void view_unmap(struct bulkhead_view *view);

void view_set_title(struct bulkhead_view *view, const char *title);
void view_set_app_id(struct bulkhead_view *view, const char *app_id);
/* Sets the hint shown after the title; NULL or "" removes it. */
void view_set_title_hint(struct bulkhead_view *view, const char *hint);
/* Asks the view for a content size; views without the hook keep theirs. */
void view_request_size(struct bulkhead_view *view, int width, int height);
/* Updates the content size after the client or guest changed it. */
void view_set_size(struct bulkhead_view *view, int width, int height);
void view_move(struct bulkhead_view *view, int x, int y);
void view_raise(struct bulkhead_view *view);
/*
 * Maximize and fullscreen fill the output below the panel. Both keep the
 * frame, so the workspace of a full-size window stays visible.
 */
void view_set_maximized(struct bulkhead_view *view, bool maximized);
void view_set_fullscreen(struct bulkhead_view *view, bool fullscreen);
/* Hides or shows a view; focusing a minimized view shows it again. */
void view_set_minimized(struct bulkhead_view *view, bool minimized);
/* Marks a view as asking for attention until it is focused. */
void view_set_urgent(struct bulkhead_view *view, bool urgent);
/* Whether the view is on screen: mapped and not minimized. */
bool view_is_visible(struct bulkhead_view *view);

/* The frame's outer box: content, title strip and border. */
void view_get_frame_box(struct bulkhead_view *view, struct wlr_box *box);

/* Redraws the frame after a focus or color change. */
void view_update_frame(struct bulkhead_view *view);

/* Returns the view whose frame or content is at layout point (lx, ly). */
struct bulkhead_view *view_at(struct bulkhead_server *server, double lx,
	double ly, struct wlr_surface **surface, double *sx, double *sy);

struct bulkhead_view *view_find_by_id(struct bulkhead_server *server,
	uint32_t id);

#endif
