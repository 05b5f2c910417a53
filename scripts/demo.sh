#!/bin/bash
# Sets up and runs bulkhead's main job: the personal workspace with a host
# terminal beside the work VM's screen (the demo guest), each framed in its
# workspace's color. Nested in the current Wayland or X11 session when there
# is one, otherwise headless, where it writes a screenshot and prints its
# path. Ctrl+C stops bulkhead and shuts the demo VM down.
#
# Usage: scripts/demo.sh [--work-image] [--exit-after-screenshot]
#
# By default the work VM is the small demo guest (a busybox initramfs that
# boots in seconds). With --work-image it is the Debian 12 desktop guest of
# scripts/build-work-image.sh, built on first use (about 2 minutes and
# 1.3 GB), with a home volume that survives image rebuilds; under TCG it
# takes about a minute to reach its X session.
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
readonly GUEST_WAIT_SECONDS=300

exit_after_screenshot=false
use_work_image=false
config_args=()
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
	"$VMCTL" "${config_args[@]}" status --json work | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["serial_log"])'
}

guest_is_ready() {
	if $use_work_image; then
		# The guest agent answers and the X session runs a command.
		"$VMCTL" "${config_args[@]}" exec work -- \
			/usr/bin/bulkhead-guest-run --wait true >/dev/null 2>&1
	else
		grep -q 'bulkhead-demo: ready' "$serial" 2>/dev/null
	fi
}

# Writes the config of the Debian work image beside the demo's log.
write_work_image_config() {
	local config=$XDG_RUNTIME_DIR/bulkhead-demo.ini

	cat >"$config" <<'INI'
[workspace:personal]
color=#2e7d32
default=true

[workspace:work]
color=#1565c0
badge=work
vm=work

[vm:work]
memory=2048
vcpus=2
disk=/var/lib/bulkhead/images/work-debian12.qcow2
volumes=home.img:8192:ext4
accel=auto
INI
	config_args=(--config "$config")
}

has_guest_display() {
	ctl list --json 2>/dev/null | grep -q '"kind":"guest-display"'
}

cleanup() {
	if $vm_started; then
		log "shutting the work VM down"
		"$VMCTL" "${config_args[@]}" shutdown work || true
	fi
	if [ -n "$bulkhead_pid" ]; then
		kill "$bulkhead_pid" 2>/dev/null || true
		wait "$bulkhead_pid" 2>/dev/null || true
	fi
}

start_bulkhead() {
	log_file=$XDG_RUNTIME_DIR/bulkhead-demo.log
	log "starting bulkhead (log: $log_file)"
	"$BULKHEAD" "${config_args[@]}" -s "$TERMINAL" >"$log_file" 2>&1 &
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
	wait_for "$GUEST_WAIT_SECONDS" "the guest to boot" guest_is_ready
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
	local arg

	for arg in "$@"; do
		case "$arg" in
		--exit-after-screenshot) exit_after_screenshot=true ;;
		--work-image) use_work_image=true ;;
		*) die "unknown option '$arg'; see the usage at the top of $0" ;;
		esac
	done
	"$TOP/scripts/setup.sh"
	if $use_work_image; then
		as_root "$TOP/scripts/build-work-image.sh"
	else
		as_root "$TOP/scripts/build-demo-guest.sh"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		"$TOP/scripts/test-libvirtd.sh"
	fi
	prepare_runtime_dir
	if $use_work_image; then
		write_work_image_config
	fi
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
