#!/bin/bash
# bulkheadctl focus: by name, next and prev, and its failures.
. "$(dirname "$0")/control-lib.sh"

focused_workspace() {
	list_json '.workspaces[] | select(.focused) | .name'
}

focused_window_workspace() {
	list_json '.windows[] | select(.focused) | .workspace'
}

check_one_focused() {
	check_eq "$1: exactly one workspace is focused" 1 \
		"$(list_json '[.workspaces[] | select(.focused)] | length')"
	check_eq "$1: exactly one window is focused" 1 \
		"$(list_json '[.windows[] | select(.focused)] | length')"
}

start_compositor
start_client personal weston-simple-shm
wait_for_windows 1
start_client notes weston-simple-shm
wait_for_windows 2

output=$(ctl focus personal 2>&1)
check_eq "focus personal exits 0" 0 $?
check_eq "focus personal: workspace" personal "$(focused_workspace)"
check_eq "focus personal: window" personal "$(focused_window_workspace)"
check_one_focused "focus personal"

ctl focus next >/dev/null
check_eq "focus next exits 0" 0 $?
check_eq "focus next moves to notes" notes "$(focused_workspace)"
check_eq "focus next focuses a notes window" notes \
	"$(focused_window_workspace)"
check_eq "focus next raises the window" notes \
	"$(list_json '.windows[-1].workspace')"

ctl focus next >/dev/null
check_eq "focus next skips work, which has no window" personal \
	"$(focused_workspace)"

ctl focus prev >/dev/null
check_eq "focus prev goes back to notes" notes "$(focused_workspace)"
check_one_focused "focus prev"

output=$(ctl focus work 2>&1)
check_eq "focus on a workspace without windows exits 1" 1 $?
check_contains "focus work names the workspace" "workspace 'work' has no window" \
	"$output"
check_eq "a failed focus leaves the focus" notes "$(focused_workspace)"

output=$(ctl focus mail 2>&1)
check_eq "focus on an unknown workspace exits 1" 1 $?
check_contains "focus mail names the value" "no workspace is named 'mail'" \
	"$output"
check_contains "focus mail lists the workspaces" "personal, notes, work" \
	"$output"

output=$(ctl focus 2>&1)
check_eq "focus without a target exits 2" 2 $?

finish
