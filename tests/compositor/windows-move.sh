#!/bin/bash
# Moving views with the virtual pointer: Super with a left-button drag moves
# a view by exactly the pointer's offset, a plain drag does not, and a
# client's xdg move request on a button press starts the same move.
. "$(dirname "$0")/harness.sh"

OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'
NOTES_COLOR='#6a1b9a'

# box_of TITLE: "X Y WIDTH HEIGHT" of the window titled TITLE.
box_of() {
	list_json ".windows[] | select(.title == \"$1\") |
		\"\(.x) \(.y) \(.width) \(.height)\""
}

# drag BUTTON X Y X2 Y2: drags with the virtual pointer from (X, Y) to
# (X2, Y2) in layout coordinates.
drag() {
	WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
		"$OUTPUT_HEIGHT" "$2" "$3" "$1" "$4" "$5" > "$TEST_DIR/vptr.log" 2>&1
	if [ "$(cat "$TEST_DIR/vptr.log")" != sent ]; then
		fail "the virtual pointer failed: $(cat "$TEST_DIR/vptr.log")"
		return 1
	fi
}

# super_drag X Y X2 Y2: a left-button drag with Super held.
super_drag() {
	type_keys +KEY_LEFTMETA || return 1
	drag left "$1" "$2" "$3" "$4" || return 1
	type_keys -KEY_LEFTMETA
}

# check_box DESCRIPTION TITLE X Y WIDTH HEIGHT: waits up to 5 s for the
# window's content box, then checks it.
check_box() {
	local description=$1 title=$2
	shift 2
	wait_until 5 box_is "$title" "$*"
	check_eq "$description" "$*" "$(box_of "$title")"
}

box_is() {
	[ "$(box_of "$1")" = "$2" ]
}

# check_left_border SHOT X Y HEIGHT COLOR: the left border of a content
# box at (X, Y), HEIGHT high, is COLOR.
check_left_border() {
	check_region_color "left border at x $(($2 - BORDER))" "$1" "$5" \
		$(($2 - BORDER)) "$3" "$BORDER" "$4"
}

start_compositor
start_vkbd personal
start_logged_client plain.log personal "$(client window)" plain
wait_for_windows 1 || finish
wait_for_line 5 plain.log "size 200 150" || finish

# Super+drag from the middle of the content by (dx, dy) = (150, 90).
read -r x y w h < <(box_of plain)
super_drag $((x + w / 2)) $((y + h / 2)) $((x + w / 2 + 150)) \
	$((y + h / 2 + 90)) || finish
check_box "Super+drag moved the content box by (150, 90)" plain \
	$((x + 150)) $((y + 90)) "$w" "$h"

# Super went down and up around the drag, which is no tap of Super alone.
sleep 0.3
check_eq "Super+drag did not open the app grid" 0 \
	"$(grep -c 'Opened the app grid' "$TEST_DIR/bulkhead.log")"
screenshot "$TEST_DIR/moved.ppm" || finish
focused_personal=$(mix_with_white "$PERSONAL_COLOR")
check_left_border "$TEST_DIR/moved.ppm" $((x + 150)) $((y + 90)) "$h" \
	"$focused_personal"
background=$(region_colors "$TEST_DIR/moved.ppm" pixel \
	$((OUTPUT_WIDTH - 1)) $((OUTPUT_HEIGHT - 1)))
check_region_color "the old place of the left border shows the background" \
	"$TEST_DIR/moved.ppm" "$background" $((x - BORDER)) "$y" "$BORDER" "$h"

# A negative offset, up and to the left, across the title strip.
read -r x y w h < <(box_of plain)
super_drag $((x + 10)) $((y - TITLE_HEIGHT / 2)) $((x - 60)) \
	$((y - TITLE_HEIGHT / 2 - 40)) || finish
check_box "Super+drag on the title strip moved the box by (-70, -40)" plain \
	$((x - 70)) $((y - 40)) "$w" "$h"

# Without Super, a drag goes to the client and the view stays.
read -r x y w h < <(box_of plain)
drag left $((x + w / 2)) $((y + h / 2)) $((x + w / 2 + 100)) \
	$((y + h / 2 + 50)) || finish
sleep 0.3
check_eq "a drag without Super leaves the view in place" "$x $y $w $h" \
	"$(box_of plain)"

# A client that sends xdg_toplevel.move on a button press, on another
# workspace: no Super needed.
start_logged_client mover.log notes "$(client window)" mover move
wait_for_windows 2 || finish
wait_for_line 5 mover.log "size 200 150" || finish
plain_box=$(box_of plain)
read -r x y w h < <(box_of mover)
drag left $((x + 20)) $((y + 20)) $((x + 20 - 30)) $((y + 20 + 120)) ||
	finish
wait_for_line 5 mover.log "move requested"
check_box "the client's move request moved the box by (-30, 120)" mover \
	$((x - 30)) $((y + 120)) "$w" "$h"
check_eq "the plain window did not move with it" "$plain_box" \
	"$(box_of plain)"

sleep 0.3
screenshot "$TEST_DIR/client-moved.ppm" || finish
check_left_border "$TEST_DIR/client-moved.ppm" $((x - 30)) $((y + 120)) \
	"$h" "$(mix_with_white "$NOTES_COLOR")"

# After the release, the grab is over: pointer motion moves nothing.
read -r x y w h < <(box_of mover)
WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
	"$OUTPUT_HEIGHT" 1000 650 > "$TEST_DIR/vptr.log" 2>&1
sleep 0.3
check_eq "motion after the release leaves the view in place" \
	"$x $y $w $h" "$(box_of mover)"
finish
