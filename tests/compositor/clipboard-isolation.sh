#!/bin/bash
# Clipboard: a selection set in one workspace is offered to clients of that
# workspace only.
. "$(dirname "$0")/harness.sh"

# paste WORKSPACE: maps a paste client on WORKSPACE, which takes the focus,
# and outputs the text of the selection it is offered, or "none".
paste() {
	WAYLAND_DISPLAY="bulkhead-$1" timeout 10 "$(client clipboard)" paste \
		2> "$TEST_DIR/paste.err"
	local status=$?
	if [ "$status" -ne 0 ]; then
		fail "the paste client on $1 exited $status:" \
			"$(cat "$TEST_DIR/paste.err")"
	fi
}

start_compositor
start_vkbd personal

start_logged_client copy-personal.log personal "$(client clipboard)" copy \
	personal-text
wait_for_line 10 copy-personal.log copied || finish

check_eq "notes is not offered the personal selection" none \
	"$(paste notes)"
check_eq "a second personal client pastes the personal selection" \
	personal-text "$(paste personal)"

start_logged_client copy-notes.log notes "$(client clipboard)" copy \
	notes-text
wait_for_line 10 copy-notes.log copied || finish

check_eq "personal still pastes its own selection after a copy in notes" \
	personal-text "$(paste personal)"
check_eq "notes pastes the notes selection" notes-text "$(paste notes)"
check_eq "the work workspace, with no selection, is offered none" none \
	"$(paste work)"

finish
