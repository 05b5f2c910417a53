#!/bin/bash
# Nested in a Wayland session: a second bulkhead runs as a window of the
# first, titled "bulkhead" and framed in the workspace whose socket it used,
# and asks its parent to pass shortcuts through. While it has focus, the
# parent's Super+Tab goes to it instead of moving the parent's focus.
. "$(dirname "$0")/harness.sh"

INNER_DIR="$TEST_DIR/inner"

start_inner() {
	local parent_socket="$XDG_RUNTIME_DIR/bulkhead-notes"

	mkdir -p "$INNER_DIR"
	chmod 700 "$INNER_DIR"
	XDG_RUNTIME_DIR="$INNER_DIR" WAYLAND_DISPLAY="$parent_socket" \
		WLR_BACKENDS=wayland WLR_RENDERER=pixman \
		"$BULKHEAD" --config "$TEST_DIR/config.ini" \
		> "$TEST_DIR/inner.log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
}

inner_window() {
	list_json '.windows[] | select(.title == "bulkhead") | .workspace'
}

has_inner_window() {
	[ -n "$(inner_window)" ]
}

start_compositor
start_vkbd personal
start_client personal weston-simple-shm
wait_for_windows 1 || finish
start_inner
wait_until 20 has_inner_window
check_eq "the nested bulkhead is a window of workspace notes" notes \
	"$(inner_window)"
asked_parent() {
	grep -q "Asked the parent compositor to pass shortcuts through" \
		"$TEST_DIR/inner.log"
}
if wait_until 10 asked_parent; then
	pass "the nested bulkhead asked its parent to pass shortcuts through"
else
	fail "the nested bulkhead did not ask its parent to pass shortcuts" \
		"through: $(tr '\n' '|' < "$TEST_DIR/inner.log")"
fi

ctl focus notes > /dev/null
check_eq "the nested bulkhead has the focus" notes "$(focused_workspace)"
type_keys +KEY_LEFTMETA KEY_TAB -KEY_LEFTMETA
sleep 0.5
check_eq "Super+Tab goes to the nested bulkhead, the focus stays" notes \
	"$(focused_workspace)"

ctl focus personal > /dev/null
type_keys +KEY_LEFTMETA KEY_TAB -KEY_LEFTMETA
check_eq "without the nested bulkhead focused, Super+Tab works again" notes \
	"$(focused_workspace)"

finish
