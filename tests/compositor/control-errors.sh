#!/bin/bash
# bulkheadctl: socket selection, a missing compositor, a socket without the
# control protocol and usage errors.
. "$(dirname "$0")/control-lib.sh"

output=$(ctl list 2>&1)
check_eq "list without a compositor exits 1" 1 $?
check_contains "a missing compositor names the socket" \
	"$XDG_RUNTIME_DIR/bulkhead-personal" "$output"
check_contains "a missing compositor says what failed" "failed to connect" \
	"$output"

output=$("$BULKHEADCTL" list 2>&1)
check_eq "list without any socket exits 1" 1 $?
check_contains "no socket names the ways to set one" \
	"pass --socket NAME, or set BULKHEAD_SOCKET or WAYLAND_DISPLAY" \
	"$output"

start_compositor

check_eq "without windows exactly one workspace is focused" 1 \
	"$(list_json '[.workspaces[] | select(.focused)] | length')"
check_eq "without windows the default workspace is focused" personal \
	"$(list_json '.workspaces[] | select(.focused) | .name')"
check_eq "without windows the list is empty" 0 "$(window_count)"

output=$("$BULKHEADCTL" --socket bulkhead-work list 2>&1)
check_eq "a vm workspace socket exits 1" 1 $?
check_contains "a vm workspace socket is named" \
	"$XDG_RUNTIME_DIR/bulkhead-work" "$output"
check_contains "a vm workspace socket lacks the protocol" \
	"does not offer the bulkhead control protocol" "$output"

output=$(BULKHEAD_SOCKET=bulkhead-personal WAYLAND_DISPLAY=bulkhead-work \
	"$BULKHEADCTL" list --json 2>&1)
check_eq "BULKHEAD_SOCKET comes before WAYLAND_DISPLAY" 0 $?
output=$(BULKHEAD_SOCKET=bulkhead-work "$BULKHEADCTL" \
	--socket bulkhead-personal list 2>&1)
check_eq "--socket comes before BULKHEAD_SOCKET" 0 $?
output=$(WAYLAND_DISPLAY=bulkhead-notes "$BULKHEADCTL" list 2>&1)
check_eq "WAYLAND_DISPLAY is used last" 0 $?
output=$("$BULKHEADCTL" --socket "$XDG_RUNTIME_DIR/bulkhead-personal" \
	list 2>&1)
check_eq "an absolute socket path works" 0 $?

display_socket=$(cd "$XDG_RUNTIME_DIR" && ls wayland-* 2>/dev/null |
	grep -v '\.lock$' | head -n 1)
if [ -n "$display_socket" ]; then
	output=$("$BULKHEADCTL" --socket "$display_socket" list 2>&1)
	check_eq "the default workspace's $display_socket works" 0 $?
else
	fail "bulkhead created no wayland-N socket"
fi

output=$(ctl frobnicate 2>&1)
check_eq "an unknown command exits 2" 2 $?
check_contains "an unknown command is named" "unknown command 'frobnicate'" \
	"$output"
output=$(ctl --frobnicate list 2>&1)
check_eq "an unknown option exits 2" 2 $?
output=$(ctl 2>&1)
check_eq "a missing command exits 2" 2 $?
output=$(ctl list extra 2>&1)
check_eq "list with an extra argument exits 2" 2 $?
check_contains "the extra argument is named" "'extra'" "$output"

output=$("$BULKHEADCTL" --help 2>&1)
check_eq "--help exits 0" 0 $?
check_contains "--help lists the commands" "launch WORKSPACE -- CMD" "$output"
check_contains "--help explains --config" "--config" "$output"
output=$("$BULKHEADCTL" --version 2>&1)
check_eq "--version exits 0" 0 $?
check_contains "--version names the program" "bulkheadctl " "$output"
output=$(ctl --config /nonexistent/config.ini list --json 2>&1)
check_eq "--config is accepted and ignored" 0 $?

finish
