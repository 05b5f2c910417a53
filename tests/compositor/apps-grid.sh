#!/bin/bash
# App grid: vm tiles wear the work badge in the workspace color and host
# tiles none; typing filters by name, generic name and keyword.
. "$(dirname "$0")/apps-lib.sh"

start_compositor
start_vkbd personal

# All shows the host apps of personal sorted by name (Abacus, Journal,
# Shadow Upper, Test Editor), then the vm apps of work (Test Editor,
# then the id-only remote-mail entry).
open_grid || finish
screenshot "$TEST_DIR/all.ppm" || finish
for tile in 0 1 2 3; do
	check_eq "host tile $tile has no $WORK_COLOR badge" 0 \
		"$(badge_pixels "$TEST_DIR/all.ppm" $tile "$WORK_COLOR")"
	check_eq "host tile $tile has no $NOTES_COLOR badge" 0 \
		"$(badge_pixels "$TEST_DIR/all.ppm" $tile "$NOTES_COLOR")"
done
count=$(badge_pixels "$TEST_DIR/all.ppm" 4 "$WORK_COLOR")
if [ "$count" -ge 100 ]; then
	pass "vm tile 4 has a $WORK_COLOR badge ($count pixels)"
else
	fail "vm tile 4 has $count pixels of $WORK_COLOR in its badge corner"
fi
white=$(badge_pixels "$TEST_DIR/all.ppm" 4 '#ffffff')
if [ "$white" -ge 10 ]; then
	pass "the badge of tile 4 has white text ($white pixels)"
else
	fail "the badge of tile 4 has no text: $white white pixels"
fi
count=$(badge_pixels "$TEST_DIR/all.ppm" 5 "$WORK_COLOR")
if [ "$count" -ge 100 ]; then
	pass "vm tile 5 has a $WORK_COLOR badge ($count pixels)"
else
	fail "vm tile 5 has $count pixels of $WORK_COLOR in its badge corner"
fi
count=$(icon_pixels "$TEST_DIR/all.ppm" 0 "$CALC_COLOR")
if [ "$count" -ge 1000 ]; then
	pass "tile 0 shows the PNG icon of Abacus ($count pixels)"
else
	fail "tile 0 has $count pixels of the Abacus icon's $CALC_COLOR"
fi
check_eq "no seventh tile" 1 "$(tile_colors "$TEST_DIR/all.ppm" 6)"

# A name: only Abacus is left.
type_keys KEY_A KEY_B KEY_A KEY_C
sleep 0.5
screenshot "$TEST_DIR/abac.ppm" || finish
count=$(icon_pixels "$TEST_DIR/abac.ppm" 0 "$CALC_COLOR")
if [ "$count" -ge 1000 ]; then
	pass "'abac' leaves Abacus first ($count icon pixels)"
else
	fail "'abac': tile 0 has $count pixels of the Abacus icon"
fi
check_eq "'abac' leaves one tile" 1 "$(tile_colors "$TEST_DIR/abac.ppm" 1)"

# A generic name: "Calculator" is Abacus.
type_keys KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE \
	KEY_C KEY_A KEY_L KEY_C KEY_U
sleep 0.5
screenshot "$TEST_DIR/calcu.ppm" || finish
count=$(icon_pixels "$TEST_DIR/calcu.ppm" 0 "$CALC_COLOR")
if [ "$count" -ge 1000 ]; then
	pass "'calcu' (generic name) leaves Abacus ($count icon pixels)"
else
	fail "'calcu': tile 0 has $count pixels of the Abacus icon"
fi
check_eq "'calcu' leaves one tile" 1 "$(tile_colors "$TEST_DIR/calcu.ppm" 1)"

# A keyword of Test Editor, typed in capitals: the host and the vm entry.
type_keys KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE \
	KEY_BACKSPACE +KEY_LEFTSHIFT KEY_W KEY_R -KEY_LEFTSHIFT KEY_I KEY_T
sleep 0.5
screenshot "$TEST_DIR/writ.ppm" || finish
check_eq "'WRit' (keyword): tile 0 is the host editor, without badge" 0 \
	"$(badge_pixels "$TEST_DIR/writ.ppm" 0 "$WORK_COLOR")"
count=$(badge_pixels "$TEST_DIR/writ.ppm" 1 "$WORK_COLOR")
if [ "$count" -ge 100 ]; then
	pass "'WRit': tile 1 is the vm editor, with badge ($count pixels)"
else
	fail "'WRit': tile 1 has $count badge pixels of $WORK_COLOR"
fi
check_eq "'WRit' leaves two tiles" 1 "$(tile_colors "$TEST_DIR/writ.ppm" 2)"

# The work tab shows only work's apps, all badged.
type_keys KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE KEY_BACKSPACE \
	KEY_TAB KEY_TAB KEY_TAB
sleep 0.5
screenshot "$TEST_DIR/work-tab.ppm" || finish
for tile in 0 1; do
	count=$(badge_pixels "$TEST_DIR/work-tab.ppm" $tile "$WORK_COLOR")
	if [ "$count" -ge 100 ]; then
		pass "work tab: tile $tile has a badge ($count pixels)"
	else
		fail "work tab: tile $tile has $count badge pixels"
	fi
done
check_eq "work tab: two tiles" 1 "$(tile_colors "$TEST_DIR/work-tab.ppm" 2)"

# Escape closes the grid.
type_keys KEY_ESC
sleep 0.3
if grid_is_open; then
	fail "Escape did not close the grid"
else
	pass "Escape closed the grid"
fi
if [ -n "${APPS_SCREENSHOT_DIR:-}" ]; then
	cp "$TEST_DIR"/*.ppm "$APPS_SCREENSHOT_DIR/"
fi
finish
