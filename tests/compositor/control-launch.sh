#!/bin/bash
# bulkheadctl launch: host commands get their workspace's socket and their
# own process group; vm workspaces and bad input are rejected.
. "$(dirname "$0")/control-lib.sh"

# wait_for_file PATH: waits up to 10 s for a non-empty file.
wait_for_file() {
	wait_until 10 test -s "$1"
}

start_compositor

output=$(ctl launch personal -- weston-simple-shm 2>&1)
check_eq "launch on a host workspace exits 0" 0 $?
check_contains "launch reports the start" "started 'weston-simple-shm'" \
	"$output"
wait_for_windows 1
check_eq "the launched window is in personal" personal \
	"$(list_json '.windows[0].workspace')"

env_file="$TEST_DIR/env"
ctl launch notes -- sh -c 'echo "$WAYLAND_DISPLAY $BULKHEAD_SOCKET" > "$0"' \
	"$env_file" >/dev/null
wait_for_file "$env_file"
read -r wayland_display bulkhead_socket < "$env_file"
check_eq "launch sets WAYLAND_DISPLAY to the workspace socket" \
	bulkhead-notes "$wayland_display"
if "$BULKHEADCTL" --socket "$bulkhead_socket" list >/dev/null 2>&1; then
	pass "BULKHEAD_SOCKET ($bulkhead_socket) offers the control protocol"
else
	fail "BULKHEAD_SOCKET ($bulkhead_socket) does not offer the control protocol"
fi

args_file="$TEST_DIR/args"
ctl launch personal -- sh -c 'printf "%s\n" "$@" > "$0"' "$args_file" \
	-x --y "two words" >/dev/null
wait_for_file "$args_file"
check_eq "arguments reach the command unchanged" \
	"$(printf '%s\n' -x --y "two words")" "$(cat "$args_file")"

pgid_file="$TEST_DIR/pgid"
# Field 5 of /proc/PID/stat is the process group id.
ctl launch personal sh -c 'cat /proc/$$/stat > "$0"' "$pgid_file" >/dev/null
wait_for_file "$pgid_file"
read -r pid _ _ _ pgid _ < "$pgid_file"
check_eq "the command leads its own process group" "$pid" "$pgid"

output=$(ctl launch work -- foot 2>&1)
check_eq "launch on a vm workspace exits 1" 1 $?
check_contains "launch on work says it is not supported yet" \
	"not supported yet" "$output"
check_contains "launch on work names the workspace" "workspace 'work'" \
	"$output"

output=$(ctl launch mail -- true 2>&1)
check_eq "launch on an unknown workspace exits 1" 1 $?
check_contains "launch mail names the value" "no workspace is named 'mail'" \
	"$output"

output=$(ctl launch personal -- /nonexistent/program 2>&1)
check_eq "launch of a missing program exits 1" 1 $?
check_contains "launch names the missing program" "/nonexistent/program" \
	"$output"

long_text=$(head -c 5000 /dev/zero | tr '\0' x)
output=$(ctl launch personal -- echo "$long_text" 2>&1)
check_eq "launch of an overlong command line exits 1" 1 $?
check_contains "an overlong command line is named" "more than the 4096 bytes" \
	"$output"
check_eq "bulkhead survives an overlong command line" 0 \
	"$(ctl list >/dev/null 2>&1; echo $?)"

output=$(ctl launch personal 2>&1)
check_eq "launch without a command exits 2" 2 $?
output=$(ctl launch personal -- 2>&1)
check_eq "launch with an empty command exits 2" 2 $?

finish
