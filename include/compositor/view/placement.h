#ifndef COMPOSITOR_VIEW_PLACEMENT_H
#define COMPOSITOR_VIEW_PLACEMENT_H

#include <stdbool.h>

struct bulkhead_view;

/*
 * Chooses the content origin of a new view: the first position, scanning
 * top to bottom and left to right next to the frames already on screen,
 * where the view's frame fits in the output without covering another
 * frame; else a cascade from the topmost view.
 */
void placement_find_position(struct bulkhead_view *view, int *x, int *y);

/*
 * For a view whose frame fits nowhere without covering another: the
 * largest content size, with the same aspect ratio, that does fit beside
 * the frames on screen. Returns false when the view fits as it is, or when
 * no spot leaves room for a usable size.
 */
bool placement_fit_size(struct bulkhead_view *view, int *width, int *height);

/*
 * The content size at which COUNT views side by side, the first one at
 * FIRST's position, fit in the usable area of FIRST's output. Returns
 * false when they would be narrower than a usable size.
 */
bool placement_row_size(struct bulkhead_view *first, int count, int *width,
	int *height);

#endif
