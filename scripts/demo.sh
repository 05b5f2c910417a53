#!/bin/bash
# Sets up and runs bulkhead's main job: the personal workspace with a host
# terminal beside the work VM's screen (the demo guest), each framed in its
# workspace's color. Nested in the current Wayland or X11 session when there
# is one, otherwise headless, where it writes a screenshot and prints its
# path. Ctrl+C stops bulkhead and shuts the demo VM down.
#
# Usage: scripts/demo.sh [--exit-after-screenshot]
set -euo pipefail

readonly PROGRAM=demo
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP
readonly BULKHEAD=$TOP/build/compositor/bulkhead
readonly BULKHEADCTL=$TOP/build/tools/bulkheadctl/bulkheadctl
readonly VMCTL=$TOP/build/tools/bulkhead-vmctl/bulkhead-vmctl
# A terminal narrow enough to fit beside the guest's 720x400 text screen
# on a 1280x720 output.
readonly TERMINAL='foot --window-size-chars=64x24'
readonly GUEST_WAIT_SECONDS=180

exit_after_screenshot=false
bulkhead_pid=
vm_started=false

log() {
	echo "$PROGRAM: $*"
}

die() {
	echo "$PROGRAM: error: $*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

prepare_runtime_dir() {
	if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
		XDG_RUNTIME_DIR=/run/user/$(id -u)
		as_root mkdir -p "$XDG_RUNTIME_DIR"
		as_root chown "$(id -u):$(id -g)" "$XDG_RUNTIME_DIR"
		chmod 700 "$XDG_RUNTIME_DIR"
		export XDG_RUNTIME_DIR
	fi
}

choose_backend() {
	if [ -n "${WAYLAND_DISPLAY:-}" ]; then
		log "nested in the Wayland session $WAYLAND_DISPLAY"
	elif [ -n "${DISPLAY:-}" ]; then
		log "nested in the X11 session $DISPLAY"
	else
		log "no session found: running headless"
		export WLR_BACKENDS=headless
		export WLR_HEADLESS_OUTPUTS=1
	fi
	# The pixman renderer shows guest screens without a copy per frame.
	export WLR_RENDERER=${WLR_RENDERER:-pixman}
}

ctl() {
	"$BULKHEADCTL" --socket bulkhead-personal "$@"
}

wait_for() {
	local seconds=$1 description=$2
	shift 2

	for _ in $(seq "$seconds"); do
		if "$@"; then
			return 0
		fi
		if ! kill -0 "$bulkhead_pid" 2>/dev/null; then
			die "bulkhead exited; see $log_file"
		fi
		sleep 1
	done
	die "timed out after ${seconds}s waiting for $description; see $log_file"
}

serial_log() {
	"$VMCTL" status --json work | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["serial_log"])'
}

guest_is_ready() {
	grep -q 'bulkhead-demo: ready' "$serial" 2>/dev/null
}

has_guest_display() {
	ctl list --json 2>/dev/null | grep -q '"kind":"guest-display"'
}

cleanup() {
	if $vm_started; then
		log "shutting the work VM down"
		"$VMCTL" shutdown work || true
	fi
	if [ -n "$bulkhead_pid" ]; then
		kill "$bulkhead_pid" 2>/dev/null || true
		wait "$bulkhead_pid" 2>/dev/null || true
	fi
}

start_bulkhead() {
	log_file=$XDG_RUNTIME_DIR/bulkhead-demo.log
	log "starting bulkhead (log: $log_file)"
	"$BULKHEAD" -s "$TERMINAL" >"$log_file" 2>&1 &
	bulkhead_pid=$!
	trap cleanup EXIT
	wait_for 20 "the bulkhead-personal socket" \
		test -S "$XDG_RUNTIME_DIR/bulkhead-personal"
}

start_vm() {
	log "powering the work VM on"
	ctl vm on work
	vm_started=true
	wait_for "$GUEST_WAIT_SECONDS" "the work VM's screen" has_guest_display
	serial=$(serial_log)
	wait_for "$GUEST_WAIT_SECONDS" "the demo guest to boot" guest_is_ready
	log "the work VM's screen is shown and its guest is up"
}

take_screenshot() {
	local path=$XDG_RUNTIME_DIR/bulkhead-demo.png

	# Give the guest a moment to draw its clock after booting.
	sleep 2
	WAYLAND_DISPLAY=bulkhead-personal grim "$path"
	log "screenshot: $path"
}

main() {
	if [ "${1:-}" = "--exit-after-screenshot" ]; then
		exit_after_screenshot=true
	fi
	"$TOP/scripts/setup.sh"
	as_root "$TOP/scripts/build-demo-guest.sh"
	if [ "$(id -u)" -eq 0 ]; then
		"$TOP/scripts/test-libvirtd.sh"
	fi
	prepare_runtime_dir
	choose_backend
	start_bulkhead
	start_vm
	if [ "${WLR_BACKENDS:-}" = headless ]; then
		take_screenshot
	fi
	if $exit_after_screenshot; then
		return
	fi
	log "running; press Ctrl+C to stop"
	wait "$bulkhead_pid" || true
	bulkhead_pid=
}

main "$@"
