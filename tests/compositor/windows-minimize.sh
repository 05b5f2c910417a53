#!/bin/bash
# Minimize: a view that requests xdg_toplevel.set_minimized leaves the
# screen, so its frame pixels show the empty desktop again, but it stays
# listed. Focusing its workspace with 'bulkheadctl focus', or the
# focus-next-window binding Super+grave, shows it again with the focus.
. "$(dirname "$0")/harness.sh"

BORDER=4
TITLE_HEIGHT=22
PERSONAL_COLOR='#2e7d32'
KEY_GRAVE=41

# frame_box TITLE: "X Y WIDTH HEIGHT" of the frame of the window titled
# TITLE, which is its content box grown by the border and the title strip.
frame_box() {
	list_json ".windows[] | select(.title == \"$1\") |
		\"\(.x - $BORDER) \(.y - $BORDER - $TITLE_HEIGHT)
		\(.width + 2 * $BORDER) \(.height + 2 * $BORDER + $TITLE_HEIGHT)\"" |
		tr '\n' ' '
}

# frame_colors SHOT: the colors of the target's frame box in SHOT, one
# "#rrggbb COUNT" per line.
frame_colors() {
	region_colors "$1" colors $TARGET_FRAME
}

# check_left_border DESCRIPTION SHOT COLOR: the target's left border is
# all COLOR.
check_left_border() {
	local x y w h
	read -r x y w h <<< "$TARGET_FRAME"
	check_region_color "$1" "$2" "$3" "$x" $((y + TITLE_HEIGHT + BORDER)) \
		"$BORDER" $((h - TITLE_HEIGHT - 2 * BORDER))
}

# request LINE: sends a request to the target window and waits until it
# was sent.
request() {
	echo "$1" >&4
	wait_for_line 5 target.log "requested $1"
}

# settled_shot NAME: a screenshot taken after the scene had time to redraw.
settled_shot() {
	sleep 0.3
	screenshot "$TEST_DIR/$1.ppm"
}

# check_hidden SHOT: the target's frame box in SHOT shows the empty desktop,
# and the target is still listed but not focused.
check_hidden() {
	check_eq "the minimized target's frame box shows the empty desktop" \
		"$EMPTY_COLORS" "$(frame_colors "$1")"
	check_eq "the minimized target is still listed" 1 \
		"$(list_json '[.windows[] | select(.title == "target")] | length')"
	check_eq "the minimized target is not focused" false \
		"$(list_json '.windows[] | select(.title == "target") | .focused')"
}

focused_title() {
	list_json '.windows[] | select(.focused) | .title'
}

start_compositor
start_vkbd personal
focused_personal=$(mix_with_white "$PERSONAL_COLOR")
screenshot "$TEST_DIR/empty.ppm" || finish

mkfifo "$TEST_DIR/target.in"
WAYLAND_DISPLAY=bulkhead-personal "$(client window)" target \
	< "$TEST_DIR/target.in" > "$TEST_DIR/target.log" 2>&1 &
CLIENT_PIDS="$CLIENT_PIDS $!"
exec 4> "$TEST_DIR/target.in"
wait_for_windows 1 || finish
wait_for_line 5 target.log "size 200 150" || finish
TARGET_FRAME=$(frame_box target)
EMPTY_COLORS=$(frame_colors "$TEST_DIR/empty.ppm")
if [ -z "$EMPTY_COLORS" ]; then
	fail "cannot read the frame box '$TARGET_FRAME' of the empty desktop"
	finish
fi

# A notes window takes the focus, so personal is in the background.
start_logged_client other.log notes "$(client window)" other
wait_for_windows 2 || finish
wait_for_line 5 other.log "size 200 150" || finish
check_eq "the new notes window is focused" other "$(focused_title)"
settled_shot shown || finish
check_left_border "the unfocused target has a personal border" \
	"$TEST_DIR/shown.ppm" "$PERSONAL_COLOR"

request minimize
settled_shot minimized || finish
check_hidden "$TEST_DIR/minimized.ppm"
check_eq "minimizing a background view leaves the focus" other \
	"$(focused_title)"

check_contains "bulkheadctl focus personal succeeds" "personal" \
	"$(ctl focus personal 2>&1)"
check_eq "focusing personal focuses its minimized target" target \
	"$(focused_title)"
settled_shot restored || finish
check_left_border "the target restored by bulkheadctl has a focused border" \
	"$TEST_DIR/restored.ppm" "$focused_personal"

# A second personal window keeps the focus in personal while the target
# is minimized, so that Super+grave cycles within personal.
start_logged_client companion.log personal "$(client window)" companion
wait_for_windows 3 || finish
wait_for_line 5 companion.log "size 200 150" || finish
check_eq "the new companion window is focused" companion "$(focused_title)"
request minimize
settled_shot minimized-again || finish
check_hidden "$TEST_DIR/minimized-again.ppm"
check_eq "personal stays focused after the minimize" personal \
	"$(focused_workspace)"

type_keys +KEY_LEFTMETA "$KEY_GRAVE" -KEY_LEFTMETA
check_eq "Super+grave focuses the minimized target" target \
	"$(focused_title)"
settled_shot cycled || finish
check_left_border "the target restored by Super+grave has a focused border" \
	"$TEST_DIR/cycled.ppm" "$focused_personal"
check_eq "the companion stays listed" 1 \
	"$(list_json '[.windows[] | select(.title == "companion")] | length')"

finish
