#!/bin/bash
# Maximize and fullscreen: the content box fills the output below the panel
# and keeps the frame, so it is the area inset by the border on the sides
# and bottom and by the title strip and the border on top. This holds for
# requests after the window mapped and for foot's --maximized and
# --fullscreen, which request the state before the first commit.
. "$(dirname "$0")/harness.sh"

OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
PANEL_HEIGHT=28
BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'

FULL_X=$BORDER
FULL_Y=$((PANEL_HEIGHT + TITLE_HEIGHT + BORDER))
FULL_WIDTH=$((OUTPUT_WIDTH - 2 * BORDER))
FULL_HEIGHT=$((OUTPUT_HEIGHT - PANEL_HEIGHT - TITLE_HEIGHT - 2 * BORDER))
FULL_BOX="$FULL_X $FULL_Y $FULL_WIDTH $FULL_HEIGHT"

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

# request LINE: sends a request (maximize, unmaximize, fullscreen,
# unfullscreen) to the test window and waits until it was sent.
request() {
	echo "$1" >&4
	wait_for_line 5 window.log "requested $1"
}

# check_full_frame SHOT COLOR: the frame of a view that fills the output
# runs along the output's edges in COLOR, below a panel that is still
# drawn.
check_full_frame() {
	local shot=$1 color=$2
	local frame_top=$PANEL_HEIGHT
	local frame_height=$((OUTPUT_HEIGHT - PANEL_HEIGHT))

	check_region_color "left border at the output's left edge" "$shot" \
		"$color" 0 "$frame_top" "$BORDER" "$frame_height"
	check_region_color "right border at the output's right edge" "$shot" \
		"$color" $((OUTPUT_WIDTH - BORDER)) "$frame_top" "$BORDER" \
		"$frame_height"
	check_region_color "bottom border at the output's bottom edge" \
		"$shot" "$color" 0 $((OUTPUT_HEIGHT - BORDER)) "$OUTPUT_WIDTH" \
		"$BORDER"
	check_region_color "top border right below the panel" "$shot" \
		"$color" 0 "$frame_top" "$OUTPUT_WIDTH" "$BORDER"

	check_eq "the panel's background is still its most frequent color" \
		"$PANEL_BACKGROUND" "$(panel_background "$shot")"
}

# panel_background SHOT: the most frequent color of the panel. The panel
# draws workspace colors in its task list too, so only its background
# shows whether a view covers it.
panel_background() {
	region_colors "$1" colors 0 0 "$OUTPUT_WIDTH" "$PANEL_HEIGHT" |
		awk 'NR == 1 { print $1 }'
}

# check_foot_state OPTION: a foot started with OPTION fills the output.
check_foot_state() {
	local title="foot$1"
	start_logged_client "$title.log" personal foot "$1" --title "$title" \
		-- sleep 600
	if ! wait_until 10 box_is "$title" "$FULL_BOX"; then
		fail "foot $1: expected the box '$FULL_BOX', got '$(box_of "$title")'"
		return
	fi
	pass "foot $1 fills the output with its frame"
	sleep 0.3
	screenshot "$TEST_DIR/$title.ppm" || return
	check_full_frame "$TEST_DIR/$title.ppm" "$focused_personal"
}

start_compositor
focused_personal=$(mix_with_white "$PERSONAL_COLOR")
start_vkbd personal
mkfifo "$TEST_DIR/window.in"
WAYLAND_DISPLAY=bulkhead-personal "$(client window)" window \
	< "$TEST_DIR/window.in" > "$TEST_DIR/window.log" 2>&1 &
window_pid=$!
CLIENT_PIDS="$CLIENT_PIDS $window_pid"
exec 4> "$TEST_DIR/window.in"
wait_for_windows 1 || finish
wait_for_line 5 window.log "size 200 150" || finish
read -r x y w h < <(box_of window)
screenshot "$TEST_DIR/normal.ppm" || finish
PANEL_BACKGROUND=$(panel_background "$TEST_DIR/normal.ppm")

request maximize
wait_for_line 5 window.log "size $FULL_WIDTH $FULL_HEIGHT"
check_box "a maximized view fills the output inside its frame" window \
	$FULL_BOX
sleep 0.3
screenshot "$TEST_DIR/maximized.ppm" || finish
check_full_frame "$TEST_DIR/maximized.ppm" "$focused_personal"

# A maximized view does not move with Super+drag.
type_keys +KEY_LEFTMETA
WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
	"$OUTPUT_HEIGHT" 600 300 left 700 400 > "$TEST_DIR/vptr.log" 2>&1
type_keys -KEY_LEFTMETA
sleep 0.3
check_eq "Super+drag leaves a maximized view in place" "$FULL_BOX" \
	"$(box_of window)"

request unmaximize
wait_for_line 5 window.log "size $w $h"
check_box "unmaximize restores the box from before" window "$x" "$y" \
	"$w" "$h"

request fullscreen
wait_for_line 5 window.log "size $FULL_WIDTH $FULL_HEIGHT"
check_box "a fullscreen view fills the output inside its frame" window \
	$FULL_BOX
sleep 0.3
screenshot "$TEST_DIR/fullscreen.ppm" || finish
check_full_frame "$TEST_DIR/fullscreen.ppm" "$focused_personal"

# Leaving fullscreen while maximized keeps the view maximized.
request maximize
request unfullscreen
sleep 0.3
check_box "unfullscreen of a maximized view keeps it full" window \
	$FULL_BOX
request unmaximize
check_box "unmaximize after both restores the box" window "$x" "$y" \
	"$w" "$h"

# The foot windows below are checked alone on the output.
exec 4>&-
kill "$window_pid"
if ! wait_until 5 box_is window ""; then
	fail "the test window was still listed 5 s after it was killed"
fi

check_foot_state --maximized
check_foot_state --fullscreen
finish
