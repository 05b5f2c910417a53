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

# shot_has_border SHOT WORKSPACE COLOR: takes SHOT and tells whether the
# left border of the workspace's first window is all COLOR.
shot_has_border() {
	local x y h
	x=$(window_value "$2" x)
	y=$(window_value "$2" y)
	h=$(window_value "$2" height)
	screenshot "$1" &&
		[ "$(region_colors "$1" colors $((x - BORDER)) "$y" "$BORDER" "$h" |
			cut -d' ' -f1)" = "$3" ]
}

# take_settled_shot SHOT WORKSPACE COLOR: takes SHOT once the focus change
# has been drawn, or after 5 s, and lets the checks report what is wrong.
take_settled_shot() {
	wait_until 5 shot_has_border "$@"
	screenshot "$1"
}

start_compositor
start_client personal weston-simple-shm
wait_for_windows 1 || finish
start_client notes foot --title notes-foot -- sleep 600
wait_for_windows 2 || finish

check_eq "the newest window, in notes, is focused" notes \
	"$(list_json '.windows[] | select(.focused) | .workspace')"
focused_notes=$(mix_with_white "$NOTES_COLOR")
take_settled_shot "$TEST_DIR/notes-focused.ppm" notes "$focused_notes" ||
	finish
background=$(region_colors "$TEST_DIR/notes-focused.ppm" pixel 1279 719)
check_frame "$TEST_DIR/notes-focused.ppm" notes "$focused_notes" \
	"$background"
check_frame "$TEST_DIR/notes-focused.ppm" personal "$PERSONAL_COLOR" \
	"$background"

ctl focus personal > /dev/null
check_eq "focus personal moves the focus" personal "$(focused_workspace)"
focused_personal=$(mix_with_white "$PERSONAL_COLOR")
take_settled_shot "$TEST_DIR/personal-focused.ppm" personal \
	"$focused_personal" || finish
check_frame "$TEST_DIR/personal-focused.ppm" personal "$focused_personal" \
	"$background"
check_frame "$TEST_DIR/personal-focused.ppm" notes "$NOTES_COLOR" \
	"$background"

finish
