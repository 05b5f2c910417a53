/*
 * Linux evdev key codes to the PC XT (set 1) scancodes that
 * spice_inputs_channel_key_press takes. A plain key is its one-byte make
 * code, and a key whose make code has an 0xe0 prefix is 0x100 | code.
 */
#ifndef COMPOSITOR_GUEST_KEYMAP_H
#define COMPOSITOR_GUEST_KEYMAP_H

#include <stdint.h>

/* The largest scancode guest_keymap_to_scancode returns, plus one. */
#define GUEST_SCANCODE_COUNT 0x200

/* Returns the scancode of an evdev key code, or 0 when it has none. */
uint32_t guest_keymap_to_scancode(uint32_t keycode);

#endif
