#!/bin/bash
# Host apps: the entries of a temporary XDG_DATA_DIRS as GLib shows them
# (NoDisplay, Hidden, TryExec, OnlyShowIn, shadowed ids, the locale), a
# broken entry skipped with a log line, and an app launched from the grid
# by keys mapping its window in the focused host workspace.
. "$(dirname "$0")/apps-lib.sh"

# apps_json JQ_FILTER: applies a jq filter to 'apps --json', raw output.
apps_json() {
	ctl apps --json | jq -r "$1"
}

personal_ids() {
	apps_json '[.apps[] | select(.workspace == "personal") | .id] | join(" ")'
}

LANGUAGE=de start_compositor
start_vkbd personal

check_eq "personal lists the shown entries, sorted by name" \
	"bulkhead-test-calc.desktop bulkhead-test-initial.desktop bulkhead-test-shadow.desktop bulkhead-test-editor.desktop" \
	"$(personal_ids)"
check_eq "the upper directory shadows the lower one" "Shadow Upper" \
	"$(apps_json '.apps[] | select(.workspace == "personal" and .id == "bulkhead-test-shadow.desktop") | .name')"
check_eq "Name[de] is used with LANGUAGE=de" "Testeditor" \
	"$(apps_json '.apps[] | select(.workspace == "personal" and .id == "bulkhead-test-editor.desktop") | .name')"
check_eq "host apps have no badge" "" \
	"$(apps_json '[.apps[] | select(.workspace != "work") | .badge | select(. != null)] | join(",")')"
check_eq "the notes workspace lists the host apps too" 4 \
	"$(apps_json '[.apps[] | select(.workspace == "notes")] | length')"
check_eq "work lists its apps key, badged" \
	"bulkhead-remote-mail.desktop:work bulkhead-test-editor.desktop:work" \
	"$(apps_json '[.apps[] | select(.workspace == "work") | .id + ":" + .badge] | sort | join(" ")')"
check_eq "the generic name is listed" "Calculator" \
	"$(apps_json '.apps[] | select(.workspace == "personal" and .id == "bulkhead-test-calc.desktop") | .generic_name')"
check_eq "the icon is listed by name" "bulkhead-test-calc" \
	"$(apps_json '.apps[] | select(.workspace == "personal" and .id == "bulkhead-test-calc.desktop") | .icon')"
check_contains "the broken entry is logged" \
	"Skipped the desktop entry $TEST_DIR/share/applications/bulkhead-test-broken.desktop" \
	"$(cat "$TEST_DIR/bulkhead.log")"
check_eq "the broken entry is logged once" 1 \
	"$(grep -c 'Skipped the desktop entry.*bulkhead-test-broken' "$TEST_DIR/bulkhead.log")"

output=$(ctl launch-app personal bulkhead-no-such.desktop 2>&1)
check_eq "launch-app of an unknown id exits 1" 1 $?
check_contains "it names the id" "no app 'bulkhead-no-such.desktop'" "$output"
output=$(ctl launch-app nowhere bulkhead-test-calc.desktop 2>&1)
check_eq "launch-app in an unknown workspace exits 1" 1 $?
check_contains "it lists the workspaces" "the workspaces are" "$output"

# A new entry appears without a restart.
cp "$TEST_DIR/share/applications/bulkhead-test-initial.desktop" \
	"$TEST_DIR/share/applications/bulkhead-test-later.desktop"
sed -i 's/^Name=.*/Name=Later Added/' \
	"$TEST_DIR/share/applications/bulkhead-test-later.desktop"
if wait_until 5 sh -c "'$BULKHEADCTL' --socket bulkhead-personal apps | grep -q 'Later Added'"; then
	pass "an entry added while bulkhead runs is listed"
else
	fail "the added entry bulkhead-test-later.desktop is not listed"
fi
rm "$TEST_DIR/share/applications/bulkhead-test-later.desktop"

# By keys: open the grid, type a name, Enter.
open_grid || finish
type_keys KEY_A KEY_B KEY_A KEY_C KEY_ENTER
wait_for_windows 1 || finish
check_eq "the launched window is in personal" personal \
	"$(window_value personal workspace)"
check_eq "its title comes from the entry's Exec" Launched-Abacus \
	"$(window_value personal title)"
check_eq "its app id too" bulkhead-test-calc "$(window_value personal app_id)"
check_eq "it has keyboard focus" true "$(window_value personal focused)"
check_contains "the launch is logged" "Launched app bulkhead-test-calc.desktop" \
	"$(cat "$TEST_DIR/bulkhead.log")"

# The app runs in its own session, with a clean environment.
pid=$(grep -o 'Launched app bulkhead-test-calc.desktop (pid [0-9]*' \
	"$TEST_DIR/bulkhead.log" | grep -o '[0-9]*$')
check_eq "the app leads its own session" "$pid" \
	"$(ps -o sid= -p "$pid" | tr -d ' ')"
environment=$(tr '\0' '\n' < "/proc/$pid/environ")
check_contains "WAYLAND_DISPLAY is the workspace socket" \
	"WAYLAND_DISPLAY=bulkhead-personal" "$environment"
check_contains "BULKHEAD_SOCKET is set" "BULKHEAD_SOCKET=bulkhead-personal" \
	"$environment"
case "$environment" in
*WLR_BACKENDS=*) fail "bulkhead's WLR_BACKENDS leaked into the app" ;;
*) pass "bulkhead's WLR_BACKENDS is not passed on" ;;
esac

# A click on a tile launches too: launch-app does what a click does.
output=$(ctl launch-app notes bulkhead-test-initial.desktop 2>&1)
check_eq "launch-app notes exits 0 ($output)" 0 $?
wait_for_windows 2 || finish
check_eq "launch-app notes maps the window in notes" bulkhead-test-initial \
	"$(window_value notes app_id)"
finish
