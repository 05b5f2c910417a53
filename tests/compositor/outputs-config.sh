#!/bin/bash
# Output layout from the config: HEADLESS-2 sits below HEADLESS-1 at
# scale 2, so it covers 640x360 layout pixels. A view started with the
# pointer on it is placed there, and maximize fills that smaller area with
# the frame drawn at twice the size in the output's own pixels.
. "$(dirname "$0")/harness.sh"

OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
SCALE=2
SMALL_WIDTH=$((OUTPUT_WIDTH / SCALE))
SMALL_HEIGHT=$((OUTPUT_HEIGHT / SCALE))
LAYOUT_WIDTH=$OUTPUT_WIDTH
LAYOUT_HEIGHT=$((OUTPUT_HEIGHT + SMALL_HEIGHT))
PANEL_HEIGHT=28
BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'

eval "write_base_config() $(declare -f write_config | tail -n +2)"
write_config() {
	write_base_config
	cat >> "$TEST_DIR/config.ini" <<INI

[output:HEADLESS-1]
position=0,0

[output:HEADLESS-2]
position=0,$OUTPUT_HEIGHT
scale=$SCALE
INI
}

# box_of TITLE: "X Y WIDTH HEIGHT" of the window titled TITLE.
box_of() {
	list_json ".windows[] | select(.title == \"$1\") |
		\"\(.x) \(.y) \(.width) \(.height)\""
}

box_is() {
	[ "$(box_of "$1")" = "$2" ]
}

export WLR_HEADLESS_OUTPUTS=2
start_compositor
focused_personal=$(mix_with_white "$PERSONAL_COLOR")

WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$LAYOUT_WIDTH" \
	"$LAYOUT_HEIGHT" $((SMALL_WIDTH / 2)) $((OUTPUT_HEIGHT + SMALL_HEIGHT / 2)) \
	> "$TEST_DIR/vptr.log" 2>&1
check_eq "the virtual pointer moved onto HEADLESS-2" sent \
	"$(cat "$TEST_DIR/vptr.log")"
mkfifo "$TEST_DIR/window.in"
WAYLAND_DISPLAY=bulkhead-personal "$(client window)" window \
	< "$TEST_DIR/window.in" > "$TEST_DIR/window.log" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
exec 4> "$TEST_DIR/window.in"
wait_for_windows 1 || finish
wait_for_line 5 window.log "size 200 150" || finish

read -r x y w h < <(box_of window)
if [ "$x" -ge "$BORDER" ] && [ $((x + w + BORDER)) -le "$SMALL_WIDTH" ] &&
		[ $((y - TITLE_HEIGHT - BORDER)) -ge \
			$((OUTPUT_HEIGHT + PANEL_HEIGHT)) ] &&
		[ $((y + h + BORDER)) -le "$LAYOUT_HEIGHT" ]; then
	pass "the view is placed inside HEADLESS-2, below its panel"
else
	fail "the view is not inside HEADLESS-2 below its panel: box $x $y $w $h"
fi

echo maximize >&4
full_width=$((SMALL_WIDTH - 2 * BORDER))
full_height=$((SMALL_HEIGHT - PANEL_HEIGHT - TITLE_HEIGHT - 2 * BORDER))
full_box="$BORDER $((OUTPUT_HEIGHT + PANEL_HEIGHT + TITLE_HEIGHT + BORDER))"
full_box="$full_box $full_width $full_height"
wait_until 5 box_is window "$full_box"
check_eq "maximize fills the scaled output inside the frame" "$full_box" \
	"$(box_of window)"
wait_for_line 5 window.log "size $full_width $full_height"

# grim -o captures the output in its own pixels, twice the layout's.
sleep 0.3
if ! WAYLAND_DISPLAY=bulkhead-personal grim -t ppm -o HEADLESS-2 \
		"$TEST_DIR/small.ppm" 2> "$TEST_DIR/grim.log"; then
	fail "grim -o HEADLESS-2 failed: $(cat "$TEST_DIR/grim.log")"
	finish
fi
check_eq "HEADLESS-2 is captured at its mode's size" \
	"$OUTPUT_WIDTH $OUTPUT_HEIGHT" \
	"$(sed -n 2p "$TEST_DIR/small.ppm")"
pixel_border=$((BORDER * SCALE))
pixel_top=$((PANEL_HEIGHT * SCALE))
check_region_color "left border at the output's left edge, $pixel_border pixels wide" \
	"$TEST_DIR/small.ppm" "$focused_personal" 0 "$pixel_top" \
	"$pixel_border" $((OUTPUT_HEIGHT - pixel_top))
check_region_color "right border at the output's right edge" \
	"$TEST_DIR/small.ppm" "$focused_personal" \
	$((OUTPUT_WIDTH - pixel_border)) "$pixel_top" "$pixel_border" \
	$((OUTPUT_HEIGHT - pixel_top))
check_region_color "bottom border at the output's bottom edge" \
	"$TEST_DIR/small.ppm" "$focused_personal" 0 \
	$((OUTPUT_HEIGHT - pixel_border)) "$OUTPUT_WIDTH" "$pixel_border"
check_region_color "top border right below the panel" \
	"$TEST_DIR/small.ppm" "$focused_personal" 0 "$pixel_top" \
	"$OUTPUT_WIDTH" "$pixel_border"
finish
