#!/bin/bash
# X11 clipboard: a selection set by an X client reaches the Wayland clients
# of its own workspace only, and X clients read only their own workspace's
# Wayland selection.
. "$(dirname "$0")/harness.sh"

# paste WORKSPACE: maps a Wayland paste client on WORKSPACE, which takes the
# focus, and outputs the text of the selection it is offered, or "none".
paste() {
	WAYLAND_DISPLAY="bulkhead-$1" timeout 10 "$(client clipboard)" paste \
		2> "$TEST_DIR/paste.err"
}

# x_paste WORKSPACE: outputs the CLIPBOARD text that an X client launched in
# WORKSPACE reads, or nothing when it reads none.
x_paste() {
	local file="$TEST_DIR/x-paste-$1"
	rm -f "$file" "$file.done"
	ctl launch "$1" -- sh -c 'timeout 5 xclip -o -selection clipboard \
		-t UTF8_STRING > "$0" 2> /dev/null; touch "$0.done"' "$file" \
		> /dev/null
	wait_until 10 test -e "$file.done"
	cat "$file"
}

has_window() {
	[ "$(list_json "[.windows[] | select(.workspace == \"$1\" and
		.title == \"$2\")] | length")" -ge 1 ]
}

# wait_for_window WORKSPACE TITLE: waits up to 15 s for a window titled
# TITLE in WORKSPACE.
wait_for_window() {
	if ! wait_until 15 has_window "$1" "$2"; then
		fail "no window '$2' appeared in $1 within 15 s: $(ctl list --json)"
		return 1
	fi
}

x_pastes_text() {
	[ "$(x_paste "$1")" = "$2" ]
}

pastes_text() {
	[ "$(paste "$1")" = "$2" ]
}

start_compositor
start_vkbd personal

# wlroots 0.15 bridges an X selection only while a window of that X server
# is focused, so xeyes is focused when xclip sets it.
ctl launch personal -- xeyes > /dev/null
wait_for_window personal xeyes || finish
ctl launch personal -- sh -c 'printf x-personal-text |
	xclip -selection clipboard -i' > /dev/null
# Waits until xclip owns it. Reading it in X maps no window, so xeyes keeps
# the focus meanwhile.
if ! wait_until 10 x_pastes_text personal x-personal-text; then
	fail "xclip did not take the personal X selection within 10 s"
	finish
fi
if wait_until 10 pastes_text personal x-personal-text; then
	pass "a personal Wayland client pastes the personal X selection"
else
	fail "a personal Wayland client pastes '$(paste personal)'," \
		"not the personal X selection x-personal-text"
fi
check_eq "a notes Wayland client is not offered the personal X selection" \
	none "$(paste notes)"

start_logged_client copy-notes.log notes "$(client clipboard)" copy \
	notes-text
wait_for_line 10 copy-notes.log copied || finish
# The X server offers a Wayland selection only to a focused X window.
ctl launch notes -- xterm -title notes-xterm > /dev/null
wait_for_window notes notes-xterm || finish
check_eq "a notes X client reads the notes Wayland selection" notes-text \
	"$(x_paste notes)"
check_eq "a personal X client reads its own X selection, not notes'" \
	x-personal-text "$(x_paste personal)"

finish
