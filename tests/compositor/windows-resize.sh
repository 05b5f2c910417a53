#!/bin/bash
# Resizing views with the virtual pointer: Super with a right-button drag
# resizes from the corner nearest to the pointer, down to the minimum size
# of 80x40. A client's xdg resize request on a button press starts the same
# resize, and 'bulkheadctl resize' requests a size.
. "$(dirname "$0")/harness.sh"

OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
BORDER=4
PERSONAL_COLOR='#2e7d32'

# box_of TITLE: "X Y WIDTH HEIGHT" of the window titled TITLE.
box_of() {
	list_json ".windows[] | select(.title == \"$1\") |
		\"\(.x) \(.y) \(.width) \(.height)\""
}

box_is() {
	[ "$(box_of "$1")" = "$2" ]
}

# check_box DESCRIPTION TITLE X Y WIDTH HEIGHT: waits up to 5 s for the
# window's content box, then checks it.
check_box() {
	local description=$1 title=$2
	shift 2
	wait_until 5 box_is "$title" "$*"
	check_eq "$description" "$*" "$(box_of "$title")"
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

# super_resize X Y X2 Y2: a right-button drag with Super held.
super_resize() {
	type_keys +KEY_LEFTMETA || return 1
	drag right "$1" "$2" "$3" "$4" || return 1
	type_keys -KEY_LEFTMETA
}

start_compositor
start_vkbd personal
start_logged_client plain.log personal "$(client window)" plain
wait_for_windows 1 || finish
wait_for_line 5 plain.log "size 200 150" || finish

# Near the bottom right corner: the size grows by the offset and the
# top left corner stays.
read -r x y w h < <(box_of plain)
super_resize $((x + w - 10)) $((y + h - 10)) $((x + w - 10 + 120)) \
	$((y + h - 10 + 80)) || finish
wait_for_line 5 plain.log "size 320 230"
check_box "the bottom right drag grew the box by (120, 80)" plain \
	"$x" "$y" 320 230

sleep 0.3
screenshot "$TEST_DIR/grown.ppm" || finish
focused_personal=$(mix_with_white "$PERSONAL_COLOR")
check_region_color "the right border follows the new width" \
	"$TEST_DIR/grown.ppm" "$focused_personal" $((x + 320)) "$y" \
	"$BORDER" 230
check_region_color "the bottom border follows the new height" \
	"$TEST_DIR/grown.ppm" "$focused_personal" "$x" $((y + 230)) \
	320 "$BORDER"
check_region_color "the content fills the new size" "$TEST_DIR/grown.ppm" \
	'#808080' "$x" "$y" 320 230

# Near the top left corner: that corner follows the pointer and the
# bottom right corner stays.
read -r x y w h < <(box_of plain)
super_resize $((x + 10)) $((y + 10)) $((x + 10 + 50)) $((y + 10 + 30)) ||
	finish
wait_for_line 5 plain.log "size 270 200"
check_box "the top left drag moved that corner by (50, 30)" plain \
	$((x + 50)) $((y + 30)) 270 200

# Far past the opposite corner: the size stops at the minimum.
read -r x y w h < <(box_of plain)
super_resize $((x + w - 5)) $((y + h - 5)) $((x + 5)) $((y + 5)) || finish
wait_for_line 5 plain.log "size 80 40"
check_box "a resize stops at the minimum size 80x40" plain "$x" "$y" 80 40

# 'bulkheadctl resize' requests a size of the client.
id=$(list_json '.windows[] | select(.title == "plain") | .id')
ctl resize "$id" 300 200 > "$TEST_DIR/resize.log" 2>&1
check_eq "bulkheadctl resize exits 0" 0 "$?"
wait_for_line 5 plain.log "size 300 200"
check_box "bulkheadctl resize gave the box 300x200" plain "$x" "$y" 300 200

# A client that sends xdg_toplevel.resize (bottom right) on a press.
start_logged_client resizer.log notes "$(client window)" resizer resize
wait_for_windows 2 || finish
wait_for_line 5 resizer.log "size 200 150" || finish
read -r x y w h < <(box_of resizer)
drag left $((x + 20)) $((y + 20)) $((x + 20 + 60)) $((y + 20 + 40)) ||
	finish
wait_for_line 5 resizer.log "resize requested"
wait_for_line 5 resizer.log "size 260 190"
check_box "the client's resize request grew the box by (60, 40)" resizer \
	"$x" "$y" 260 190
finish
