#ifndef COMPOSITOR_NESTED_H
#define COMPOSITOR_NESTED_H

struct wlr_output;

/*
 * Asks a parent Wayland compositor to pass its shortcuts through to the
 * window of a new output; does nothing for other kinds of outputs.
 */
void nested_output_added(struct wlr_output *output);

#endif
