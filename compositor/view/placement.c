#include <stdlib.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/util/box.h>
#include "compositor/config.h"
#include "compositor/output.h"
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/ui/frame.h"
#include "compositor/view.h"
#include "compositor/view/placement.h"

/* Space between frames and between a frame and the output edge. */
#define GAP 16
#define CASCADE_STEP 32
#define MAX_CANDIDATES 256
/* A frame shrunk to fit beside the others stays at least this big. */
#define MIN_FIT_WIDTH 320
#define MIN_FIT_HEIGHT 200

struct candidate {
	int x, y;	/* frame origin */
};

static bool boxes_overlap(const struct wlr_box *a, const struct wlr_box *b)
{
	return a->x < b->x + b->width && b->x < a->x + a->width &&
		a->y < b->y + b->height && b->y < a->y + a->height;
}

static bool box_contains(const struct wlr_box *outer, const struct wlr_box *inner)
{
	return inner->x >= outer->x && inner->y >= outer->y &&
		inner->x + inner->width <= outer->x + outer->width &&
		inner->y + inner->height <= outer->y + outer->height;
}

static bool is_free(struct bulkhead_view *view, const struct wlr_box *area,
		const struct wlr_box *frame)
{
	struct bulkhead_view *other;

	if (!box_contains(area, frame)) {
		return false;
	}
	wl_list_for_each(other, &view->server->views, link) {
		struct wlr_box other_box;

		if (other == view || !view_is_visible(other)) {
			continue;
		}
		view_get_frame_box(other, &other_box);
		if (boxes_overlap(frame, &other_box)) {
			return false;
		}
	}
	return true;
}

static int compare_candidates(const void *a, const void *b)
{
	const struct candidate *ca = a, *cb = b;

	if (ca->y != cb->y) {
		return ca->y - cb->y;
	}
	return ca->x - cb->x;
}

/* Collects the area's corner and the spots right of and below each frame. */
static size_t collect_candidates(struct bulkhead_view *view,
		const struct wlr_box *area, struct candidate *candidates)
{
	struct bulkhead_view *other;
	size_t count = 0;

	candidates[count++] = (struct candidate){ area->x + GAP, area->y + GAP };
	wl_list_for_each(other, &view->server->views, link) {
		struct wlr_box box;

		if (other == view || !view_is_visible(other) ||
				count + 3 > MAX_CANDIDATES) {
			continue;
		}
		view_get_frame_box(other, &box);
		candidates[count++] = (struct candidate){
			box.x + box.width + GAP, box.y };
		candidates[count++] = (struct candidate){
			box.x, box.y + box.height + GAP };
		candidates[count++] = (struct candidate){
			area->x + GAP, box.y + box.height + GAP };
	}
	qsort(candidates, count, sizeof(*candidates), compare_candidates);
	return count;
}

static void cascade(struct bulkhead_view *view, const struct wlr_box *area,
		struct wlr_box *frame)
{
	struct bulkhead_view *top = NULL, *other;

	wl_list_for_each(other, &view->server->views, link) {
		if (other != view && view_is_visible(other)) {
			top = other;
		}
	}
	frame->x = area->x + GAP;
	frame->y = area->y + GAP;
	if (top) {
		struct wlr_box top_box;

		view_get_frame_box(top, &top_box);
		frame->x = top_box.x + CASCADE_STEP;
		frame->y = top_box.y + CASCADE_STEP;
	}
	if (frame->x + frame->width > area->x + area->width) {
		frame->x = area->x + GAP;
	}
	if (frame->y + frame->height > area->y + area->height) {
		frame->y = area->y + GAP;
	}
}

/* The output area new views go to: the one under the cursor. */
static void get_area(struct bulkhead_view *view, const struct wlr_box *frame,
		struct wlr_box *area)
{
	struct bulkhead_server *server = view->server;

	if (!output_get_usable_area(server, server->seat->cursor->x,
			server->seat->cursor->y, area)) {
		*area = (struct wlr_box){ 0, 0, frame->width + 2 * GAP,
			frame->height + 2 * GAP };
	}
}

/* Moves frame to the first free spot; false when there is none. */
static bool find_free_spot(struct bulkhead_view *view,
		const struct wlr_box *area, struct wlr_box *frame)
{
	struct candidate candidates[MAX_CANDIDATES];
	size_t count = collect_candidates(view, area, candidates);

	for (size_t i = 0; i < count; i++) {
		frame->x = candidates[i].x;
		frame->y = candidates[i].y;
		if (is_free(view, area, frame)) {
			return true;
		}
	}
	return false;
}

void placement_find_position(struct bulkhead_view *view, int *x, int *y)
{
	int border = view->server->config->border_width;
	struct wlr_box area, frame;

	view_get_frame_box(view, &frame);
	get_area(view, &frame, &area);
	if (!find_free_spot(view, &area, &frame)) {
		cascade(view, &area, &frame);
	}
	*x = frame.x + border;
	*y = frame.y + BULKHEAD_TITLE_HEIGHT + border;
}

/*
 * Shrinks the frame, keeping its aspect ratio, to the largest size that
 * fits at one of the free spots; false when even that finds no room.
 */
static bool shrink_to_free_spot(struct bulkhead_view *view,
		const struct wlr_box *area, struct wlr_box *frame)
{
	struct candidate candidates[MAX_CANDIDATES];
	size_t count = collect_candidates(view, area, candidates);
	struct wlr_box best = { 0 };

	for (size_t i = 0; i < count; i++) {
		double room_w = area->x + area->width - GAP - candidates[i].x;
		double room_h = area->y + area->height - GAP - candidates[i].y;
		double scale = MIN(room_w / frame->width, room_h / frame->height);
		struct wlr_box box = {
			candidates[i].x, candidates[i].y,
			(int)(frame->width * scale), (int)(frame->height * scale),
		};

		if (scale > 0 && scale < 1 && is_free(view, area, &box) &&
				box.width * box.height > best.width * best.height) {
			best = box;
		}
	}
	if (best.width < MIN_FIT_WIDTH || best.height < MIN_FIT_HEIGHT) {
		return false;
	}
	*frame = best;
	return true;
}

bool placement_fit_size(struct bulkhead_view *view, int *width, int *height)
{
	int border = view->server->config->border_width;
	struct wlr_box area, frame;

	view_get_frame_box(view, &frame);
	get_area(view, &frame, &area);
	if (find_free_spot(view, &area, &frame) ||
			!shrink_to_free_spot(view, &area, &frame)) {
		return false;
	}
	*width = frame.width - 2 * border;
	*height = frame.height - BULKHEAD_TITLE_HEIGHT - 2 * border;
	return *width > 0 && *height > 0;
}

bool placement_row_size(struct bulkhead_view *first, int count, int *width,
		int *height)
{
	struct bulkhead_server *server = first->server;
	int border = server->config->border_width;
	struct wlr_box area, frame;

	view_get_frame_box(first, &frame);
	if (count < 1 || !output_get_usable_area(server, first->x, first->y,
			&area)) {
		return false;
	}
	int room = area.x + area.width - GAP - frame.x - (count - 1) * GAP;
	int frame_width = room / count;
	int frame_height = area.y + area.height - GAP - frame.y;
	*width = frame_width - 2 * border;
	*height = frame_height - BULKHEAD_TITLE_HEIGHT - 2 * border;
	return frame_width >= MIN_FIT_WIDTH && frame_height >= MIN_FIT_HEIGHT;
}
