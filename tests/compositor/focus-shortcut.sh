#!/bin/bash
# Focus bindings: Super+Tab and Super+Shift+Tab, typed on a virtual
# keyboard, move the focus across workspaces, and no client receives the
# bound Tab key.
. "$(dirname "$0")/harness.sh"

KEY_TAB=15
KEY_A=30

# check_no_tab LOG: the client of LOG never received the Tab key.
check_no_tab() {
	if grep -q "^key $KEY_TAB " "$TEST_DIR/$1"; then
		fail "$1: the client received the bound Tab key:" \
			"$(grep "^key $KEY_TAB " "$TEST_DIR/$1" | tr '\n' '|')"
	else
		pass "$1: the client never received the Tab key"
	fi
}

start_compositor
start_vkbd personal
start_logged_client personal.log personal "$(client keylog)" personal-keylog
wait_for_windows 1 || finish
start_logged_client notes.log notes "$(client keylog)" notes-keylog
wait_for_windows 2 || finish
check_eq "the newest window, in notes, is focused" notes \
	"$(focused_workspace)"
wait_until 5 grep -q '^enter ' "$TEST_DIR/notes.log" ||
	fail "notes-keylog got no keyboard enter: $(cat "$TEST_DIR/notes.log")"

# A plain key reaches the focused client, so the logger does see keys.
type_keys KEY_A
wait_for_line 5 notes.log "key $KEY_A press"
wait_for_line 5 notes.log "key $KEY_A release"

type_keys +KEY_LEFTMETA KEY_TAB -KEY_LEFTMETA
check_eq "Super+Tab moves the focus to personal" personal \
	"$(focused_workspace)"
check_eq "Super+Tab focuses the personal window" personal \
	"$(list_json '.windows[] | select(.focused) | .workspace')"
wait_for_line 5 notes.log leave
wait_until 5 grep -q '^enter ' "$TEST_DIR/personal.log" ||
	fail "personal-keylog got no keyboard enter after Super+Tab"

type_keys +KEY_LEFTMETA +KEY_LEFTSHIFT KEY_TAB -KEY_LEFTSHIFT -KEY_LEFTMETA
check_eq "Super+Shift+Tab moves the focus back to notes" notes \
	"$(focused_workspace)"
check_eq "Super+Shift+Tab focuses the notes window" notes \
	"$(list_json '.windows[] | select(.focused) | .workspace')"

type_keys +KEY_LEFTMETA KEY_TAB -KEY_LEFTMETA
check_eq "Super+Tab again, past work with no window, gives personal" \
	personal "$(focused_workspace)"

# Give the clients time to log whatever reached them.
sleep 0.5
check_no_tab notes.log
check_no_tab personal.log

finish
