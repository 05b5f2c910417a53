#!/bin/bash
# Frames: each view's border is its workspace's color, or its focused color
# while focused, and a title strip is drawn above its content.
. "$(dirname "$0")/harness.sh"

BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'
NOTES_COLOR='#6a1b9a'

# check_frame SHOT WORKSPACE COLOR BACKGROUND: checks the four borders of
# the workspace's first window, and its title strip, against COLOR.
check_frame() {
	local shot=$1 workspace=$2 color=$3 background=$4
	local x y w h
	x=$(window_value "$workspace" x)
	y=$(window_value "$workspace" y)
	w=$(window_value "$workspace" width)
	h=$(window_value "$workspace" height)
	local top=$((y - TITLE_HEIGHT - BORDER))

	check_region_color "$workspace: left border is $color" "$shot" "$color" \
		$((x - BORDER)) "$top" "$BORDER" $((h + TITLE_HEIGHT + 2 * BORDER))
	check_region_color "$workspace: right border is $color" "$shot" "$color" \
		$((x + w)) "$top" "$BORDER" $((h + TITLE_HEIGHT + 2 * BORDER))
	check_region_color "$workspace: top border is $color" "$shot" "$color" \
		"$x" "$top" "$w" "$BORDER"
	check_region_color "$workspace: bottom border is $color" "$shot" "$color" \
		"$x" $((y + h)) "$w" "$BORDER"

	local strip
	strip=$(region_colors "$shot" colors "$x" $((y - TITLE_HEIGHT)) "$w" \
		"$TITLE_HEIGHT")
	check_eq "$workspace: title strip is mostly $color" "$color" \
		"$(echo "$strip" | head -n 1 | cut -d' ' -f1)"
	if [ "$(echo "$strip" | wc -l)" -ge 2 ]; then
		pass "$workspace: title strip has text (more than one color)"
	else
		fail "$workspace: title strip has one color only, no text: $strip"
	fi
	case "$strip" in
	*"$background "*)
		fail "$workspace: title strip shows the background $background" ;;
	*) pass "$workspace: title strip does not show the background" ;;
	esac
}

start_compositor
start_client personal weston-simple-shm
wait_for_windows 1 || finish
start_client notes foot --title notes-foot -- sleep 600
wait_for_windows 2 || finish

check_eq "the newest window, in notes, is focused" notes \
	"$(list_json '.windows[] | select(.focused) | .workspace')"
# Let both clients draw and the frames take the focus state.
sleep 1
screenshot "$TEST_DIR/notes-focused.ppm" || finish
background=$(region_colors "$TEST_DIR/notes-focused.ppm" pixel 1279 719)
check_frame "$TEST_DIR/notes-focused.ppm" notes \
	"$(mix_with_white "$NOTES_COLOR")" "$background"
check_frame "$TEST_DIR/notes-focused.ppm" personal "$PERSONAL_COLOR" \
	"$background"

ctl focus personal > /dev/null
check_eq "focus personal moves the focus" personal "$(focused_workspace)"
sleep 0.5
screenshot "$TEST_DIR/personal-focused.ppm" || finish
check_frame "$TEST_DIR/personal-focused.ppm" personal \
	"$(mix_with_white "$PERSONAL_COLOR")" "$background"
check_frame "$TEST_DIR/personal-focused.ppm" notes "$NOTES_COLOR" \
	"$background"

finish
