#!/bin/bash
# Config reload: SIGHUP (and bulkheadctl reload) applies a changed workspace color to the frame of a
# running client without restarting it, adds a new workspace's socket, and
# a broken file keeps the running config.
. "$(dirname "$0")/harness.sh"

BORDER=4
NOTES_COLOR='#6a1b9a'
NEW_NOTES_COLOR='#c62828'

# left_border_color SHOT WORKSPACE: the main color of the left border of the
# workspace's first window.
left_border_color() {
	local x y h
	x=$(window_value "$2" x)
	y=$(window_value "$2" y)
	h=$(window_value "$2" height)
	screenshot "$1" &&
		region_colors "$1" colors $((x - BORDER)) "$y" "$BORDER" "$h" |
		head -n 1 | cut -d' ' -f1
}

border_is() {
	[ "$(left_border_color "$TEST_DIR/wait.ppm" notes)" = "$1" ]
}

reload() {
	kill -HUP "$COMPOSITOR_PID"
}

notes_windows() {
	list_json '[.windows[] | select(.workspace == "notes")] | length'
}

start_compositor
start_client notes weston-simple-shm
wait_for_windows 1 || finish
client_pid=${CLIENT_PIDS##* }
# A personal window takes the focus, so notes shows its plain color.
start_client personal weston-simple-shm
wait_for_windows 2 || finish
ctl focus personal > /dev/null
wait_until 5 border_is "$NOTES_COLOR"
check_eq "before the reload the border is the notes color" "$NOTES_COLOR" \
	"$(left_border_color "$TEST_DIR/before.ppm" notes)"

sed -i "s/$NOTES_COLOR/$NEW_NOTES_COLOR/" "$TEST_DIR/config.ini"
printf '\n[workspace:extra]\ncolor=#00838f\n' >> "$TEST_DIR/config.ini"
reload
wait_until 5 border_is "$NEW_NOTES_COLOR"
check_eq "after the reload the border has the new color" "$NEW_NOTES_COLOR" \
	"$(left_border_color "$TEST_DIR/after.ppm" notes)"
check_eq "the client was not restarted" 1 \
	"$(kill -0 "$client_pid" 2>/dev/null && echo 1 || echo 0)"
check_eq "the notes window is still listed" 1 "$(notes_windows)"
check_eq "list shows the new color" "$NEW_NOTES_COLOR" \
	"$(list_json '.workspaces[] | select(.name == "notes") | .color')"
check_eq "the new workspace is listed last" extra \
	"$(list_json '.workspaces[-1].name')"
if [ -S "$XDG_RUNTIME_DIR/bulkhead-extra" ]; then
	pass "the new workspace has its socket"
else
	fail "no socket $XDG_RUNTIME_DIR/bulkhead-extra after the reload"
fi

printf 'bogus=1\n' >> "$TEST_DIR/config.ini"
sed -i "s/$NEW_NOTES_COLOR/#000000/" "$TEST_DIR/config.ini"
output=$(ctl reload 2>&1)
status=$?
check_eq "bulkheadctl reload of a broken file fails" 1 "$status"
check_contains "bulkheadctl reload names the fault" "bogus=1: unknown key" \
	"$output"
sleep 0.5
check_eq "a broken reload keeps the running colors" "$NEW_NOTES_COLOR" \
	"$(left_border_color "$TEST_DIR/broken.ppm" notes)"
check_contains "a broken reload is logged with its reason" \
	"bogus=1: unknown key" "$(cat "$TEST_DIR/bulkhead.log")"
check_eq "bulkhead still runs after a broken reload" 1 \
	"$(kill -0 "$COMPOSITOR_PID" 2>/dev/null && echo 1 || echo 0)"

finish
