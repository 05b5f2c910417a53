#!/bin/bash
# Sends every key of a 105-key keyboard from compositor/guest to the demo
# guest over SPICE and checks that the guest read back the same evdev
# codes, in order, on its serial console.
#
# Usage: tests/compositor/guest-keys.sh GUEST_KEYS OUTDIR
#
# GUEST_KEYS is the guest-keys program built from guest-keys.c. OUTDIR
# receives the demo guest (scripts/build-demo-guest.sh OUTDIR runs first,
# quick when it is up to date), the serial log and the harness output.
#
# Environment:
#   GUEST_READY_TIMEOUT  seconds the boot may take (default 90)
set -euo pipefail

readonly SOURCE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly READY_TIMEOUT=${GUEST_READY_TIMEOUT:-90}
readonly READY_MARKER="bulkhead-demo: ready"

# The keys of a 105-key PC keyboard as evdev codes: the main block, F1-F12,
# the keypad, the key left of Z (102ND), the navigation and arrow keys,
# Print Screen (SYSRQ), Pause, both Meta keys and Menu (COMPOSE).
KEYCODES=($(seq 1 83) 86 87 88 $(seq 96 100) $(seq 102 111) 119 125 126 127)
readonly KEYCODES

if (($# != 2)); then
	echo "usage: $0 GUEST_KEYS OUTDIR" >&2
	exit 2
fi
readonly GUEST_KEYS=$1
readonly OUT_DIR=$2

qemu_pid=
run_dir=

cleanup() {
	if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
	fi
	if [[ -n $run_dir ]]; then
		rm -rf -- "$run_dir"
	fi
}
trap cleanup EXIT

die() {
	echo "FAIL: $*" >&2
	exit 1
}

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "SKIP: qemu-system-x86_64 is not installed"
	exit 77
fi

"$SOURCE_ROOT/scripts/build-demo-guest.sh" "$OUT_DIR/demo"

# A short path: unix socket paths are limited to 107 bytes.
run_dir=$(mktemp -d /tmp/bulkhead-guest-keys.XXXXXX)
readonly SERIAL_LOG=$OUT_DIR/guest-keys-serial.log
rm -f -- "$SERIAL_LOG"

qemu-system-x86_64 -M q35 -accel tcg -m 256 -nodefaults \
	-device virtio-vga -display none \
	-spice "unix=on,addr=$run_dir/spice.sock,disable-ticketing=on" \
	-kernel "$OUT_DIR/demo/vmlinuz" -initrd "$OUT_DIR/demo/initrd.img" \
	-append "console=ttyS0 bulkhead.ignore-acpi" \
	-serial "file:$SERIAL_LOG" &
qemu_pid=$!

for ((waited = 0; waited < READY_TIMEOUT; waited++)); do
	if grep -qF "$READY_MARKER" "$SERIAL_LOG" 2>/dev/null; then
		break
	fi
	kill -0 "$qemu_pid" 2>/dev/null || die "QEMU exited during boot"
	sleep 1
done
grep -qF "$READY_MARKER" "$SERIAL_LOG" ||
	die "no \"$READY_MARKER\" in $SERIAL_LOG after $READY_TIMEOUT s"

ready_line=$(grep -nF "$READY_MARKER" "$SERIAL_LOG" | head -1 | cut -d: -f1)

"$GUEST_KEYS" "$run_dir/spice.sock" "${KEYCODES[@]}" \
	>"$OUT_DIR/guest-keys.log" 2>&1 ||
	die "guest-keys failed, see $OUT_DIR/guest-keys.log: $(grep FAIL "$OUT_DIR/guest-keys.log" | tr '\n' ' ')"
sleep 1

expected=$(
	for code in "${KEYCODES[@]}"; do
		echo "key $code press"
		echo "key $code release"
	done
	echo "key 42 press"
	echo "key 42 release"
)
# Key lines after the ready marker. Lock keys QEMU toggles to match the
# client's lock state when the inputs channel opens come before the first
# typed key (Esc), so the comparison starts there.
received=$(tail -n "+$ready_line" "$SERIAL_LOG" | tr -d '\r' |
	grep -E '^key [0-9]+ (press|release)$' |
	sed -n '/^key 1 press$/,$p')

if [[ $received != "$expected" ]]; then
	diff <(echo "$expected") <(echo "$received") >&2 || true
	die "the guest read other key codes than were sent (expected on the" \
		"left, guest on the right; serial log $SERIAL_LOG)"
fi
echo "PASS: ${#KEYCODES[@]} keys and release_keys reached the guest"
