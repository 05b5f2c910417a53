/*
 * Frames: the border in the workspace's color and the title strip
 * "[<workspace>] <title>" drawn with pango above the content. A frame's nodes
 * are children of the view's tree placed after the content, so they are
 * drawn over anything the client puts there.
 */
#ifndef COMPOSITOR_UI_FRAME_H
#define COMPOSITOR_UI_FRAME_H

struct bulkhead_view;

/* Height of the title strip in layout pixels, border excluded. */
#define BULKHEAD_TITLE_HEIGHT 22

struct bulkhead_frame *frame_create(struct bulkhead_view *view);
void frame_destroy(struct bulkhead_frame *frame);
/* Lays the frame out around the view's content and redraws the title. */
void frame_update(struct bulkhead_frame *frame);

#endif
