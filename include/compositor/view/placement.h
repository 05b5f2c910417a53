#ifndef COMPOSITOR_VIEW_PLACEMENT_H
#define COMPOSITOR_VIEW_PLACEMENT_H

struct bulkhead_view;

/*
 * Chooses the content origin of a new view: the first position, scanning
 * top to bottom and left to right next to the frames already on screen,
 * where the view's frame fits in the output without covering another
 * frame; else a cascade from the topmost view.
 */
void placement_find_position(struct bulkhead_view *view, int *x, int *y);

#endif
