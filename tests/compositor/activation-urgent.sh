#!/bin/bash
# xdg-activation: a window of a background workspace that requests
# activation keeps the focus where it is and is marked urgent, which adds
# the marker "●" to its title strip. A window of the focused workspace
# with a token from this seat's input gets the focus. Focusing the urgent
# window clears the marker.
#
# wlroots 0.15.1 only issues a token for a surface with keyboard focus, so
# the focused window makes each token and the tested window activates
# with it, as when an app hands a token to the app that opens a link.
. "$(dirname "$0")/harness.sh"

BORDER=4
TITLE_HEIGHT=22

# title_strip_colors SHOT TITLE: the colors of the title strip of the window
# titled TITLE, one "#rrggbb COUNT" per line.
title_strip_colors() {
	local box
	box=$(list_json ".windows[] | select(.title == \"$2\") |
		\"\(.x - $BORDER) \(.y - $BORDER - $TITLE_HEIGHT)
		\(.width + 2 * $BORDER) $TITLE_HEIGHT\"" | tr '\n' ' ')
	region_colors "$1" colors $box
}

# start_window NAME WORKSPACE FD: maps a test window titled NAME on
# WORKSPACE that reads requests from file descriptor FD of this shell.
start_window() {
	mkfifo "$TEST_DIR/$1.in"
	WAYLAND_DISPLAY="bulkhead-$2" "$(client window)" "$1" \
		< "$TEST_DIR/$1.in" > "$TEST_DIR/$1.log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
	eval "exec $3> \"\$TEST_DIR/$1.in\""
	wait_for_line 5 "$1.log" "size 200 150"
}

token_count() {
	grep -c '^token ' "$TEST_DIR/$1.log"
}

has_tokens() {
	[ "$(token_count "$1")" -ge "$2" ]
}

# new_token NAME FD: outputs a new activation token of the window NAME,
# made from its last input serial.
new_token() {
	local expected=$(($(token_count "$1") + 1))
	echo token >&"$2"
	if ! wait_until 5 has_tokens "$1" "$expected"; then
		fail "$1 got no activation token within 5 s:" \
			"$(tr '\n' '|' < "$TEST_DIR/$1.log")"
		return 1
	fi
	grep '^token ' "$TEST_DIR/$1.log" | tail -n 1 | cut -d' ' -f2
}

# activate NAME FD TOKEN: makes the window NAME request activation with
# TOKEN and waits until it sent the request.
activate() {
	echo "activate $3" >&"$2"
	wait_for_line 5 "$1.log" "requested activate $3"
}

focused_title() {
	list_json '.windows[] | select(.focused) | .title'
}

# settled_shot NAME: a screenshot taken after the scene had time to redraw.
settled_shot() {
	sleep 0.3
	screenshot "$TEST_DIR/$1.ppm"
}

start_compositor
# The seat needs a keyboard, so that each window gets a keyboard enter
# serial when it maps with the focus.
start_vkbd personal
start_window first personal 4 || finish
start_window background notes 5 || finish
start_window second personal 6 || finish
check_eq "the newest window, second, is focused" second "$(focused_title)"

settled_shot before || finish
strip_before=$(title_strip_colors "$TEST_DIR/before.ppm" background)
token=$(new_token second 6) || finish
activate background 5 "$token" || finish
settled_shot urgent || finish
strip_urgent=$(title_strip_colors "$TEST_DIR/urgent.ppm" background)
check_eq "personal stays focused after a notes activation request" \
	personal "$(focused_workspace)"
check_eq "the second window keeps the focus" second "$(focused_title)"
if [ "$strip_before" = "$strip_urgent" ]; then
	fail "expected the urgent marker to change the background title" \
		"strip; its colors stayed '$(echo "$strip_before" | tr '\n' '|')'"
else
	pass "the urgent marker changed the background title strip"
fi

token=$(new_token second 6) || finish
activate first 4 "$token" || finish
wait_until 5 [ "$(focused_title)" = first ]
check_eq "a focused-workspace window with a seat token gets the focus" \
	first "$(focused_title)"
check_eq "personal is still the focused workspace" personal \
	"$(focused_workspace)"

# Focusing the urgent window clears the mark, so once personal has the
# focus back the strip looks as it did before the request.
ctl focus notes > /dev/null
check_eq "bulkheadctl focus notes focuses the urgent window" background \
	"$(focused_title)"
ctl focus personal > /dev/null
check_eq "bulkheadctl focus personal focuses first again" first \
	"$(focused_title)"
settled_shot cleared || finish
check_eq "the title strip loses the urgent marker after a focus" \
	"$strip_before" \
	"$(title_strip_colors "$TEST_DIR/cleared.ppm" background)"

finish
