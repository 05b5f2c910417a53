#!/bin/bash
# Two headless outputs side by side: a new view goes on the output under
# the pointer, each output shows its own views and panel, Super+drag moves
# a view across, and maximize fills the view's own output.
. "$(dirname "$0")/harness.sh"

OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
LAYOUT_WIDTH=$((2 * OUTPUT_WIDTH))
PANEL_HEIGHT=28
BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'
NOTES_COLOR='#6a1b9a'

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

# pointer X Y [BUTTON X2 Y2]: moves the virtual pointer to layout point
# (X, Y), or drags from there to (X2, Y2).
pointer() {
	WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$LAYOUT_WIDTH" \
		"$OUTPUT_HEIGHT" "$@" > "$TEST_DIR/vptr.log" 2>&1
	if [ "$(cat "$TEST_DIR/vptr.log")" != sent ]; then
		fail "the virtual pointer failed: $(cat "$TEST_DIR/vptr.log")"
		return 1
	fi
}

# output_shot OUTPUT FILE: captures one output, in its own coordinates.
output_shot() {
	if ! WAYLAND_DISPLAY=bulkhead-personal grim -t ppm -o "$1" "$2" \
			2> "$TEST_DIR/grim.log"; then
		fail "grim -o $1 failed: $(cat "$TEST_DIR/grim.log")"
		return 1
	fi
}

# check_frame_on SHOT TITLE OFFSET COLOR: the left and right borders and
# the title strip of window TITLE show in SHOT, an output whose left edge
# is at layout x OFFSET.
check_frame_on() {
	local shot=$1 title=$2 offset=$3 color=$4 x y w h
	read -r x y w h < <(box_of "$title")
	x=$((x - offset))
	check_region_color "$title: left border on $(basename "$shot")" \
		"$shot" "$color" $((x - BORDER)) "$y" "$BORDER" "$h"
	check_region_color "$title: right border on $(basename "$shot")" \
		"$shot" "$color" $((x + w)) "$y" "$BORDER" "$h"
	check_eq "$title: title strip on $(basename "$shot") is mostly $color" \
		"$color" "$(region_colors "$shot" colors "$x" \
		$((y - TITLE_HEIGHT)) "$w" "$TITLE_HEIGHT" |
		awk 'NR == 1 { print $1 }')"
}

# start_window NAME WORKSPACE FD: starts a test window titled NAME whose
# requests are written to file descriptor FD.
start_window() {
	mkfifo "$TEST_DIR/$1.in"
	WAYLAND_DISPLAY="bulkhead-$2" "$(client window)" "$1" \
		< "$TEST_DIR/$1.in" > "$TEST_DIR/$1.log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
	eval "exec $3> \"\$TEST_DIR/\$1.in\""
	wait_for_line 5 "$1.log" "size 200 150"
}

# With wlroots 0.15.1's headless backend, bulkhead receives HEADLESS-2
# before HEADLESS-1 (its log shows that order), so without a config
# HEADLESS-2 would be laid out left of HEADLESS-1. The [output:NAME]
# positions put HEADLESS-1 left, which also shows that bulkhead applies
# them.
eval "write_base_config() $(declare -f write_config | tail -n +2)"
write_config() {
	write_base_config
	cat >> "$TEST_DIR/config.ini" <<INI

[output:HEADLESS-1]
position=0,0

[output:HEADLESS-2]
position=$OUTPUT_WIDTH,0
INI
}

export WLR_HEADLESS_OUTPUTS=2
start_compositor
start_vkbd personal
focused_notes=$(mix_with_white "$NOTES_COLOR")
focused_personal=$(mix_with_white "$PERSONAL_COLOR")

# One view on each output, placed under the pointer.
pointer $((OUTPUT_WIDTH / 2)) $((OUTPUT_HEIGHT / 2)) || finish
start_window left personal 4 || finish
pointer $((OUTPUT_WIDTH + OUTPUT_WIDTH / 2)) $((OUTPUT_HEIGHT / 2)) ||
	finish
start_window right notes 5 || finish

read -r x y w h < <(box_of left)
if [ "$x" -ge "$BORDER" ] && [ $((x + w + BORDER)) -le "$OUTPUT_WIDTH" ]; then
	pass "the first view is inside the first output (x $x)"
else
	fail "the first view is not inside the first output: box $x $y $w $h"
fi
read -r x y w h < <(box_of right)
if [ "$x" -ge $((OUTPUT_WIDTH + BORDER)) ] &&
		[ $((x + w + BORDER)) -le "$LAYOUT_WIDTH" ]; then
	pass "the second view is inside the second output (x $x)"
else
	fail "the second view is not inside the second output: box $x $y $w $h"
fi
if [ "$y" -ge $((PANEL_HEIGHT + TITLE_HEIGHT + BORDER)) ]; then
	pass "the second view is below the second output's panel (y $y)"
else
	fail "the second view overlaps the second output's panel: y $y"
fi

sleep 0.3
output_shot HEADLESS-1 "$TEST_DIR/output-1.ppm" || finish
output_shot HEADLESS-2 "$TEST_DIR/output-2.ppm" || finish
check_frame_on "$TEST_DIR/output-1.ppm" left 0 "$PERSONAL_COLOR"
check_frame_on "$TEST_DIR/output-2.ppm" right "$OUTPUT_WIDTH" \
	"$focused_notes"
panel_1=$(region_colors "$TEST_DIR/output-1.ppm" colors 0 0 \
	"$OUTPUT_WIDTH" "$PANEL_HEIGHT" | awk 'NR == 1 { print $1 }')
panel_2=$(region_colors "$TEST_DIR/output-2.ppm" colors 0 0 \
	"$OUTPUT_WIDTH" "$PANEL_HEIGHT" | awk 'NR == 1 { print $1 }')
check_eq "the second output draws a panel like the first" "$panel_1" \
	"$panel_2"

# Maximize fills the output the view is on, not the first one.
echo maximize >&5
check_box "the second view maximizes on the second output" right \
	$((OUTPUT_WIDTH + BORDER)) $((PANEL_HEIGHT + TITLE_HEIGHT + BORDER)) \
	$((OUTPUT_WIDTH - 2 * BORDER)) \
	$((OUTPUT_HEIGHT - PANEL_HEIGHT - TITLE_HEIGHT - 2 * BORDER))
sleep 0.3
output_shot HEADLESS-2 "$TEST_DIR/maximized.ppm" || finish
check_region_color "the maximized frame runs along the second output's left edge" \
	"$TEST_DIR/maximized.ppm" "$focused_notes" 0 "$PANEL_HEIGHT" \
	"$BORDER" $((OUTPUT_HEIGHT - PANEL_HEIGHT))
check_region_color "the maximized frame runs along the second output's bottom edge" \
	"$TEST_DIR/maximized.ppm" "$focused_notes" 0 \
	$((OUTPUT_HEIGHT - BORDER)) "$OUTPUT_WIDTH" "$BORDER"
output_shot HEADLESS-1 "$TEST_DIR/output-1-after.ppm" || finish
check_frame_on "$TEST_DIR/output-1-after.ppm" left 0 "$PERSONAL_COLOR"
echo unmaximize >&5
wait_for_line 5 right.log "size 200 150"

# Super+drag carries the first view across onto the second output, below
# the second view.
read -r x y w h < <(box_of left)
read -r rx ry rw rh < <(box_of right)
dx=$((rx - x))
dy=$((ry + rh + BORDER + TITLE_HEIGHT + BORDER + 40 - y))
type_keys +KEY_LEFTMETA || finish
pointer $((x + w / 2)) $((y + h / 2)) left $((x + w / 2 + dx)) \
	$((y + h / 2 + dy))
type_keys -KEY_LEFTMETA
check_box "Super+drag moved the first view onto the second output" left \
	$((x + dx)) $((y + dy)) "$w" "$h"
sleep 0.3
output_shot HEADLESS-2 "$TEST_DIR/both-on-2.ppm" || finish
check_frame_on "$TEST_DIR/both-on-2.ppm" left "$OUTPUT_WIDTH" \
	"$focused_personal"
check_frame_on "$TEST_DIR/both-on-2.ppm" right "$OUTPUT_WIDTH" \
	"$NOTES_COLOR"
output_shot HEADLESS-1 "$TEST_DIR/empty-1.ppm" || finish
background=$(region_colors "$TEST_DIR/empty-1.ppm" pixel \
	$((OUTPUT_WIDTH - 1)) $((OUTPUT_HEIGHT - 1)))
check_region_color "the first output shows no frame any more" \
	"$TEST_DIR/empty-1.ppm" "$background" 0 "$PANEL_HEIGHT" \
	"$OUTPUT_WIDTH" $((OUTPUT_HEIGHT - PANEL_HEIGHT))
finish
