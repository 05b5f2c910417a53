#!/bin/bash
# Guest display resize with the Debian work image, whose SPICE agent and
# follow-monitors script apply monitor configs. bulkheadctl resize on the
# guest-display view sets the guest's X screen to that size. The view then
# shows the guest's pixels at 1:1, with no black letterbox bars, inside a
# frame in the workspace color. Two sizes in a row.
#
# Needs root, a libvirtd serving qemu:///system (scripts/test-libvirtd.sh)
# and the ci variant of the work image, which the test builds with
# scripts/build-work-image.sh when its recipe changed. The test defines its
# own domain, bulkhead-test-resize-PID, and removes it at exit.
IMAGE_TEST_NAME=resize
. "$(dirname "$0")/guest-image-lib.sh"

# follow-monitors applies a monitor config within about a second, but under
# TCG with other VMs running the guest can take longer.
MODE_TIMEOUT=30
# The session paints its root window in the workspace color, so the test
# paints it in a color of its own, which neither the frame nor the black
# letterbox bars have.
GUEST_ROOT_COLOR='#d84315'

view_size() {
	list_json "[.windows[] | select(.app_id == \"$GUEST_APP_ID\")][0] |
		\"\\(.width)x\\(.height)\""
}

view_size_is() {
	[ "$(view_size)" = "$1" ]
}

# content_colors FILE X Y W H: the colors of a rectangle, one line.
content_colors() {
	region_colors "$1" colors "${@:2}" | cut -d' ' -f1 | tr '\n' ' '
}

# content_is_guest FILE X Y W H: whether every pixel is the guest's root.
content_is_guest() {
	screenshot "$1" &&
		[ "$(content_colors "$@")" = "$GUEST_ROOT_COLOR " ]
}

# check_resize WIDTH HEIGHT: resizes the guest view and checks the guest's
# mode, the view's size, its pixels and its frame.
check_resize() {
	local width=$1 height=$2 id x y output status start shot frame_color
	frame_color=$(mix_with_white "$WORK_COLOR")
	id=$(guest_view id)
	start=$SECONDS
	output=$(ctl resize "$id" "$width" "$height" 2>&1)
	status=$?
	check_eq "resize $id $width $height exits 0 ($output)" 0 "$status"

	if wait_seconds "$MODE_TIMEOUT" guest_screen_is "${width}x$height"; then
		pass "the guest's screen is ${width}x$height after" \
			"$((SECONDS - start)) s"
	else
		fail "the guest's screen is '$(guest_screen_size)', expected" \
			"${width}x$height, $MODE_TIMEOUT s after the resize"
	fi
	wait_seconds 5 view_size_is "${width}x$height"
	check_eq "the view's size in list --json" "${width}x$height" \
		"$(view_size)"

	# The only view has the focus, so its frame is in the focused variant
	# of the workspace color.
	check_eq "the guest view has the focus" true "$(guest_view focused)"
	x=$(guest_view x)
	y=$(guest_view y)
	if [ $((x + width + BORDER)) -gt "$OUTPUT_WIDTH" ] ||
			[ $((y + height + BORDER)) -gt "$OUTPUT_HEIGHT" ]; then
		fail "the view at ($x, $y), ${width}x$height, does not fit" \
			"on the ${OUTPUT_WIDTH}x$OUTPUT_HEIGHT output"
		return
	fi
	shot="$TEST_DIR/guest-${width}x$height.ppm"
	# The new guest surface can reach the view after xrandr reports it.
	wait_seconds 15 content_is_guest "$shot" "$x" "$y" "$width" "$height"
	screenshot "$shot" || return
	check_region_color "the whole view shows the guest's root color" \
		"$shot" "$GUEST_ROOT_COLOR" "$x" "$y" "$width" "$height"
	check_region_color "left column is the guest's, not a black bar" \
		"$shot" "$GUEST_ROOT_COLOR" "$x" "$y" 1 "$height"
	check_region_color "right column is the guest's, not a black bar" \
		"$shot" "$GUEST_ROOT_COLOR" $((x + width - 1)) "$y" 1 "$height"
	check_region_color "top row is the guest's, not a black bar" \
		"$shot" "$GUEST_ROOT_COLOR" "$x" "$y" "$width" 1
	check_region_color "bottom row is the guest's, not a black bar" \
		"$shot" "$GUEST_ROOT_COLOR" "$x" $((y + height - 1)) "$width" 1
	check_region_color "left border is $frame_color" "$shot" "$frame_color" \
		$((x - BORDER)) "$y" "$BORDER" "$height"
	check_region_color "right border is $frame_color" "$shot" \
		"$frame_color" $((x + width)) "$y" "$BORDER" "$height"
	check_region_color "bottom border is $frame_color" "$shot" \
		"$frame_color" $((x - BORDER)) $((y + height)) \
		$((width + 2 * BORDER)) "$BORDER"
}

check_requirements
prepare_disk
start_debug_compositor
boot_guest

# The guest's first mode (1280x800) is taller than the output, so once the
# agent runs the view requests a size that fits.
view_fits_output() {
	[ $(($(guest_view x) + $(guest_view width) + BORDER)) -le \
		"$OUTPUT_WIDTH" ] &&
		[ $(($(guest_view y) + $(guest_view height) + BORDER)) -le \
			"$OUTPUT_HEIGHT" ]
}
screen_is_view_size() {
	guest_screen_is "$(guest_view width)x$(guest_view height)"
}
if wait_seconds 30 view_fits_output && wait_seconds 30 screen_is_view_size
then
	pass "the view fits in the output, and the guest shows its size" \
		"$(guest_screen_size)"
else
	fail "the view is $(guest_view width)x$(guest_view height) at" \
		"$(guest_view x),$(guest_view y) and the guest shows" \
		"$(guest_screen_size), expected both to fit the" \
		"${OUTPUT_WIDTH}x$OUTPUT_HEIGHT output"
fi
pass "the guest's screen starts at $(guest_screen_size)"
output=$(guest_session /usr/bin/xsetroot -solid "$GUEST_ROOT_COLOR" 2>&1)
check_eq "xsetroot -solid $GUEST_ROOT_COLOR in the guest exits 0 ($output)" \
	0 "$?"

check_resize 800 600
check_resize 1024 640
finish
