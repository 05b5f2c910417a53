#!/bin/bash
# Primary selection: a primary selection set in one workspace is offered to
# clients of that workspace only, and it is kept apart from the clipboard.
. "$(dirname "$0")/harness.sh"

# paste WORKSPACE [primary]: maps a paste client on WORKSPACE, which takes
# the focus, and outputs the clipboard text it is offered. With "primary" it
# outputs the primary selection text instead. Either is "none" when unset.
paste() {
	local workspace=$1
	shift
	WAYLAND_DISPLAY="bulkhead-$workspace" timeout 10 "$(client clipboard)" \
		"$@" paste 2> "$TEST_DIR/paste.err"
	local status=$?
	if [ "$status" -ne 0 ]; then
		fail "the $* paste client on $workspace exited $status:" \
			"$(cat "$TEST_DIR/paste.err")"
	fi
}

start_compositor
start_vkbd personal

start_logged_client copy-personal.log personal "$(client clipboard)" \
	primary copy personal-primary
wait_for_line 10 copy-personal.log copied || finish

check_eq "notes is not offered the personal primary selection" none \
	"$(paste notes primary)"
check_eq "a second personal client pastes the personal primary selection" \
	personal-primary "$(paste personal primary)"
check_eq "a primary copy leaves the personal clipboard empty" none \
	"$(paste personal)"

start_logged_client copy-notes.log notes "$(client clipboard)" primary \
	copy notes-primary
wait_for_line 10 copy-notes.log copied || finish

check_eq "personal keeps its primary selection after a primary copy in notes" \
	personal-primary "$(paste personal primary)"
check_eq "notes pastes the notes primary selection" notes-primary \
	"$(paste notes primary)"
check_eq "the work workspace, with no primary selection, is offered none" \
	none "$(paste work primary)"

# A clipboard copy in personal replaces neither primary selection.
start_logged_client clipboard-personal.log personal "$(client clipboard)" \
	copy personal-clipboard
wait_for_line 10 clipboard-personal.log copied || finish
check_eq "personal pastes its clipboard" personal-clipboard \
	"$(paste personal)"
check_eq "a clipboard copy leaves the personal primary selection" \
	personal-primary "$(paste personal primary)"
check_eq "notes keeps its primary selection after the clipboard copy" \
	notes-primary "$(paste notes primary)"
if log_has copy-personal.log cancelled; then
	fail "the personal primary source was cancelled; expected it to" \
		"serve until the test ends"
else
	pass "the personal primary source was never cancelled"
fi

finish
