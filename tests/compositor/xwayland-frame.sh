#!/bin/bash
# X11 apps: each host workspace has its own Xwayland, and an X window is
# framed in the color of the workspace it was launched in. vm workspaces
# get no Xwayland.
. "$(dirname "$0")/harness.sh"

BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'
NOTES_COLOR='#6a1b9a'

# x_window_value WORKSPACE FIELD: FIELD of the workspace's first toplevel.
x_window_value() {
	list_json "[.windows[] | select(.workspace == \"$1\" and
		.kind == \"toplevel\")][0].$2"
}

has_toplevel() {
	[ "$(x_window_value "$1" id)" != null ]
}

# wait_for_toplevel WORKSPACE: waits up to 15 s for a toplevel in WORKSPACE.
wait_for_toplevel() {
	if ! wait_until 15 has_toplevel "$1"; then
		fail "no toplevel appeared in $1 within 15 s: $(ctl list --json)"
		return 1
	fi
	pass "a toplevel appeared in $1"
}

# check_borders SHOT WORKSPACE COLOR: all four borders of the workspace's
# first toplevel are COLOR.
check_borders() {
	local shot=$1 workspace=$2 color=$3
	local x y w h top
	x=$(x_window_value "$workspace" x)
	y=$(x_window_value "$workspace" y)
	w=$(x_window_value "$workspace" width)
	h=$(x_window_value "$workspace" height)
	top=$((y - TITLE_HEIGHT - BORDER))

	check_region_color "$workspace: left border is $color" "$shot" "$color" \
		$((x - BORDER)) "$top" "$BORDER" $((h + TITLE_HEIGHT + 2 * BORDER))
	check_region_color "$workspace: right border is $color" "$shot" "$color" \
		$((x + w)) "$top" "$BORDER" $((h + TITLE_HEIGHT + 2 * BORDER))
	check_region_color "$workspace: top border is $color" "$shot" "$color" \
		"$x" "$top" "$w" "$BORDER"
	check_region_color "$workspace: bottom border is $color" "$shot" "$color" \
		"$x" $((y + h)) "$w" "$BORDER"
}

# left_border_is SHOT WORKSPACE COLOR: takes SHOT and returns whether the left
# border of the workspace's first toplevel is all COLOR.
left_border_is() {
	local x y h
	x=$(x_window_value "$2" x)
	y=$(x_window_value "$2" y)
	h=$(x_window_value "$2" height)
	screenshot "$1" &&
		[ "$(region_colors "$1" colors $((x - BORDER)) "$y" "$BORDER" "$h" |
			cut -d' ' -f1)" = "$3" ]
}

# take_settled_shot SHOT WORKSPACE COLOR: takes SHOT once the frame is drawn
# in COLOR, or after 5 s, and lets the checks report what is wrong.
take_settled_shot() {
	wait_until 5 left_border_is "$@"
	screenshot "$1"
}

# launched_display WORKSPACE: the DISPLAY a command launched in WORKSPACE
# gets, or "unset".
launched_display() {
	local file="$TEST_DIR/display-$1"
	ctl launch "$1" -- sh -c 'echo "${DISPLAY:-unset}" > "$0"' "$file" \
		> /dev/null
	wait_until 10 test -s "$file"
	cat "$file"
}

# xwayland_count: the Xwayland processes of this test's bulkhead, found by
# the XDG_RUNTIME_DIR they inherited from it.
xwayland_count() {
	local pid count=0
	for pid in $(pgrep -x Xwayland); do
		if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null |
				grep -qxF "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; then
			count=$((count + 1))
		fi
	done
	echo "$count"
}

start_compositor

notes_display=$(launched_display notes)
personal_display=$(launched_display personal)
case "$notes_display" in
:[0-9]*) pass "notes gets an X display ($notes_display)" ;;
*) fail "notes gets no X display: DISPLAY=$notes_display" ;;
esac
case "$personal_display" in
:[0-9]*) pass "personal gets an X display ($personal_display)" ;;
*) fail "personal gets no X display: DISPLAY=$personal_display" ;;
esac
if [ "$notes_display" != "$personal_display" ]; then
	pass "notes and personal have different X displays"
else
	fail "notes and personal share the X display $notes_display"
fi

ctl launch notes -- xterm -title notes-xterm > /dev/null
wait_for_toplevel notes || finish
check_eq "the notes window is xterm" XTerm "$(x_window_value notes app_id)"
check_eq "the notes window keeps its title" notes-xterm \
	"$(x_window_value notes title)"
check_eq "the xterm is focused" true "$(x_window_value notes focused)"

focused_notes=$(mix_with_white "$NOTES_COLOR")
take_settled_shot "$TEST_DIR/notes-focused.ppm" notes "$focused_notes" ||
	finish
check_borders "$TEST_DIR/notes-focused.ppm" notes "$focused_notes"

ctl launch personal -- xeyes > /dev/null
wait_for_toplevel personal || finish
check_eq "the personal window is xeyes" XEyes \
	"$(x_window_value personal app_id)"
check_eq "personal is focused after its window maps" personal \
	"$(focused_workspace)"

focused_personal=$(mix_with_white "$PERSONAL_COLOR")
take_settled_shot "$TEST_DIR/personal-focused.ppm" personal \
	"$focused_personal" || finish
check_borders "$TEST_DIR/personal-focused.ppm" personal "$focused_personal"
check_borders "$TEST_DIR/personal-focused.ppm" notes "$NOTES_COLOR"

check_eq "one Xwayland runs per used host workspace" 2 "$(xwayland_count)"
if grep -q "Workspace work has X display" "$TEST_DIR/bulkhead.log"; then
	fail "the vm workspace work got an X display"
else
	pass "the vm workspace work got no X display"
fi
check_eq "X displays were created for personal and notes only" 2 \
	"$(grep -c "Workspace [a-z]* has X display" "$TEST_DIR/bulkhead.log")"

finish
