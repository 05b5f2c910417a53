#!/bin/bash
# bulkheadctl vm: every power action on the vm workspace, each reported once
# it completed, with libvirt's test driver behind the work VM.
. "$(dirname "$0")/control-lib.sh"

vm_status() {
	ctl vm status work 2>&1
}

listed_state() {
	list_json '.workspaces[] | select(.name == "work") | .vm_state'
}

# run_action ACTION EXPECTED_STATE
run_action() {
	local output status
	output=$(ctl vm "$1" work 2>&1)
	status=$?
	check_eq "vm $1 exits 0" 0 "$status"
	if [ "$status" -ne 0 ]; then
		echo "  output of vm $1: $output"
	fi
	check_eq "vm status after vm $1" "$2" "$(vm_status)"
	check_eq "list shows the state after vm $1" "$2" "$(listed_state)"
}

start_compositor

# The test driver's "test" domain may still be starting when bulkhead has
# just attached to it.
is_running() {
	[ "$(vm_status)" = running ]
}

wait_until 10 is_running
state=$(vm_status)
check_eq "vm status exits 0" 0 $?
check_eq "list and vm status agree" "$state" "$(listed_state)"

run_action off off
run_action on running
run_action pause paused
run_action resume running
run_action force-off off
run_action toggle running
run_action toggle off

output=$(ctl vm status personal 2>&1)
check_eq "vm on a host workspace exits 1" 1 $?
check_contains "vm on personal names it" "'personal' is a host workspace" \
	"$output"

output=$(ctl vm on mail 2>&1)
check_eq "vm on an unknown workspace exits 1" 1 $?
check_contains "vm on mail names the value" "no workspace is named 'mail'" \
	"$output"

output=$(ctl vm reboot work 2>&1)
check_eq "an unknown vm action exits 2" 2 $?
check_contains "the unknown action is named" "unknown vm action 'reboot'" \
	"$output"

output=$(ctl vm status 2>&1)
check_eq "vm without a workspace exits 2" 2 $?

finish
