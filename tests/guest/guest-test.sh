#!/bin/bash
# Boots the demo guest under QEMU (TCG, no libvirt) and checks its behavior
# through the serial log and QMP.
#
# Usage: tests/guest/guest-test.sh CASE OUTDIR [ARTIFACT_DIR]
#
# CASE is one of:
#   build        the build script's output, its hash and its up-to-date check
#   boot         ready marker, key codes, screen, ACPI power off
#   ignore-acpi  with bulkhead.ignore-acpi the guest survives system_powerdown
#   probe        with bulkhead.probe the guest prints its marker and exits
# OUTDIR receives the guest (scripts/build-demo-guest.sh OUTDIR runs first).
# ARTIFACT_DIR (default OUTDIR) receives the screenshots and serial logs.
#
# Environment:
#   GUEST_READY_TIMEOUT  seconds the boot may take (default 90)
#   BUILD_DEMO_GUEST     the build script (default scripts/build-demo-guest.sh
#                        of this checkout)
set -euo pipefail

TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly TEST_DIR
readonly BUILD_SCRIPT=${BUILD_DEMO_GUEST:-$(cd "$TEST_DIR/../.." && pwd)/scripts/build-demo-guest.sh}
readonly READY_TIMEOUT=${GUEST_READY_TIMEOUT:-90}
readonly KEY_TIMEOUT=20
readonly EXIT_TIMEOUT=30
readonly READY_MARKER="bulkhead-demo: ready"

qemu_pid=
tmp_dir=
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

die() {
	echo "FAIL: $*" >&2
	exit 1
}

cleanup() {
	if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
	fi
	if [[ -n $tmp_dir ]]; then
		rm -rf -- "$tmp_dir"
	fi
}

qmp() {
	python3 "$TEST_DIR/qmp.py" "$tmp_dir/qmp.sock" "$@" >/dev/null
}

# Starts QEMU with the kernel command line "console=ttyS0 $1".
start_guest() {
	local extra_cmdline=$1
	qemu-system-x86_64 -M q35 -accel tcg -m 512 -nodefaults \
		-device virtio-vga -display none \
		-serial "file:$tmp_dir/serial.log" \
		-kernel "$out_dir/vmlinuz" -initrd "$out_dir/initrd.img" \
		-append "console=ttyS0${extra_cmdline:+ $extra_cmdline}" \
		-qmp "unix:$tmp_dir/qmp.sock,server=on,wait=off" &
	qemu_pid=$!
	boot_start=$(date +%s.%N)
}

# Prints the serial log without the carriage returns the guest's tty adds.
serial_lines() {
	tr -d '\r' <"$tmp_dir/serial.log"
}

# Waits up to $2 seconds for the serial log to contain the line $1.
wait_for_line() {
	local line=$1 timeout=$2 deadline
	deadline=$(($(date +%s) + timeout))
	while (($(date +%s) < deadline)); do
		if grep -qxF -- "$line" < <(serial_lines); then
			return 0
		fi
		if ! kill -0 "$qemu_pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.2
	done
	return 1
}

# Waits up to $1 seconds for QEMU to exit and stores its status in exit_status.
wait_for_exit() {
	local timeout=$1 deadline
	deadline=$(($(date +%s) + timeout))
	while kill -0 "$qemu_pid" 2>/dev/null; do
		if (($(date +%s) >= deadline)); then
			return 1
		fi
		sleep 0.2
	done
	exit_status=0
	wait "$qemu_pid" || exit_status=$?
	qemu_pid=
}

wait_until_ready() {
	if ! wait_for_line "$READY_MARKER" "$READY_TIMEOUT"; then
		save_log
		die "no \"$READY_MARKER\" within $READY_TIMEOUT s; serial log: $artifact_dir/$test_case-serial.log"
	fi
	local now
	now=$(date +%s.%N)
	printf 'boot time to the ready marker under TCG: %.1f s\n' \
		"$(echo "$now - $boot_start" | bc)"
}

save_log() {
	cp "$tmp_dir/serial.log" "$artifact_dir/$test_case-serial.log" 2>/dev/null || true
}

screendump() {
	qmp "screendump:{\"filename\":\"$1\"}"
}

key_json() {
	local keys=() qcode
	for qcode in "$@"; do
		keys+=("{\"type\":\"qcode\",\"data\":\"$qcode\"}")
	done
	local IFS=,
	echo "send-key:{\"keys\":[${keys[*]}]}"
}

# QMP qcode names and the evdev codes the guest must report for them. The
# extended (0xe0-prefixed) keys check the scancode translation as well.
readonly KEY_TABLE=(
	a:30 esc:1 ret:28 spc:57 1:2 z:44 tab:15 backspace:14 f1:59
	up:103 left:105 kp_enter:96 ctrl_r:97 delete:111 meta_l:125
)

check_keys() {
	local expected=() entry qcode code
	for entry in "${KEY_TABLE[@]}"; do
		qcode=${entry%%:*}
		code=${entry#*:}
		qmp "$(key_json "$qcode")"
		if ! wait_for_line "key $code release" "$KEY_TIMEOUT"; then
			fail "qcode $qcode: no \"key $code release\" on the serial log within $KEY_TIMEOUT s"
		fi
		expected+=("key $code press" "key $code release")
	done

	# Shift+a: QEMU presses in order and releases in reverse order.
	qmp "$(key_json shift a)"
	if ! wait_for_line "key 42 release" "$KEY_TIMEOUT"; then
		fail "shift+a: no \"key 42 release\" within $KEY_TIMEOUT s"
	fi
	expected+=("key 42 press" "key 30 press" "key 30 release" "key 42 release")

	local actual
	actual=$(serial_lines | grep -E '^key [0-9]+ (press|release|repeat)$' || true)
	if [[ $actual != "$(printf '%s\n' "${expected[@]}")" ]]; then
		fail "key events differ from the expected sequence:"
		diff <(printf '%s\n' "${expected[@]}") <(echo "$actual") >&2 || true
	fi
}

check_screen() {
	local before=$1 after=$2
	if ! python3 "$TEST_DIR/check_screen.py" "$before" "$after"; then
		fail "screen checks failed (screenshots in $artifact_dir)"
	fi
	if command -v convert >/dev/null; then
		convert "$before" "$artifact_dir/guest-screen-ready.png"
		convert "$after" "$artifact_dir/guest-screen.png"
		echo "screenshot: $artifact_dir/guest-screen.png"
	fi
}

test_boot() {
	start_guest ""
	wait_until_ready
	screendump "$tmp_dir/before.ppm"
	# The clock must visibly advance between the two screendumps.
	sleep 1.2
	check_keys
	screendump "$tmp_dir/after.ppm"
	check_screen "$tmp_dir/before.ppm" "$tmp_dir/after.ppm"

	qmp system_powerdown
	if ! wait_for_exit "$EXIT_TIMEOUT"; then
		fail "QEMU still runs $EXIT_TIMEOUT s after system_powerdown"
	elif ((exit_status != 0)); then
		fail "QEMU exited with status $exit_status after system_powerdown"
	fi
	if ! grep -qxF "bulkhead-demo: power button pressed, powering off" < <(serial_lines); then
		fail "no power-off message on the serial log"
	fi
}

test_ignore_acpi() {
	start_guest bulkhead.ignore-acpi
	wait_until_ready
	qmp system_powerdown
	if ! wait_for_line "bulkhead-demo: ignoring power button" "$KEY_TIMEOUT"; then
		fail "no \"bulkhead-demo: ignoring power button\" within $KEY_TIMEOUT s"
	fi
	sleep 5
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
		fail "QEMU exited after system_powerdown despite bulkhead.ignore-acpi"
		return
	fi
	# The guest still processes input after ignoring the button.
	qmp "$(key_json a)"
	if ! wait_for_line "key 30 release" "$KEY_TIMEOUT"; then
		fail "no key events after the ignored power button"
	fi
	qmp quit
	wait_for_exit "$EXIT_TIMEOUT" || fail "QEMU did not quit"
}

test_probe() {
	start_guest bulkhead.probe
	if ! wait_for_exit "$READY_TIMEOUT"; then
		fail "QEMU still runs $READY_TIMEOUT s after start with bulkhead.probe"
	elif ((exit_status != 0)); then
		fail "QEMU exited with status $exit_status"
	fi
	if ! grep -qxF "bulkhead-probe-ok" < <(serial_lines); then
		fail "no \"bulkhead-probe-ok\" on the serial log"
	fi
	if grep -qxF "$READY_MARKER" < <(serial_lines); then
		fail "the probe boot started the demo program"
	fi
}

test_build() {
	local initrd=$out_dir/initrd.img file output
	for file in vmlinuz initrd.img recipe.sha256; do
		if [[ $(stat -c %a "$out_dir/$file") != 644 ]]; then
			fail "$out_dir/$file has mode $(stat -c %a "$out_dir/$file"), expected 644"
		fi
	done

	local listing kernel_version
	listing=$(zcat "$initrd" | cpio -t --quiet)
	kernel_version=$(sed -n 's|^lib/modules/\([^/]*\)$|\1|p' <<<"$listing")
	if [[ -z $kernel_version ]]; then
		fail "initramfs has no lib/modules/VERSION directory"
	elif ! cmp -s "$out_dir/vmlinuz" "/boot/vmlinuz-$kernel_version"; then
		fail "vmlinuz differs from /boot/vmlinuz-$kernel_version, whose modules are in the initramfs"
	fi
	for file in init bin/busybox bin/sh bin/insmod bin/poweroff bin/bulkhead-demo \
		etc/bulkhead-demo/modules dev/console; do
		grep -qxF "$file" <<<"$listing" || fail "initramfs lacks $file"
	done

	local order
	order=$(zcat "$initrd" | cpio -i --to-stdout --quiet etc/bulkhead-demo/modules)
	for file in evdev.ko button.ko; do
		grep -q "/$file\$" <<<"$order" || fail "the module list lacks $file: $order"
	done
	while read -r file; do
		grep -qxF "lib/modules/$kernel_version/$file" <<<"$listing" ||
			fail "the module list names $file, which is not in the initramfs"
	done <<<"$order"

	# A second run must find the output up to date and leave it alone.
	local mtime_before
	mtime_before=$(stat -c %y "$initrd")
	output=$("$BUILD_SCRIPT" "$out_dir")
	grep -q "is up to date" <<<"$output" || fail "second run rebuilt: $output"
	[[ $(stat -c %y "$initrd") == "$mtime_before" ]] || fail "second run rewrote $initrd"

	# A failure must name its step and leave the output alone.
	if output=$(BULKHEAD_DEMO_KERNEL=0.0-missing "$BUILD_SCRIPT" "$out_dir" 2>&1); then
		fail "a missing kernel did not fail the build"
	fi
	grep -qxF "build-demo-guest: failed at step: finding the kernel" <<<"$output" ||
		fail "a failed build does not name its step: $output"
	[[ $(stat -c %y "$initrd") == "$mtime_before" ]] || fail "a failed build touched $initrd"

	# The same recipe must give the same bytes in another directory.
	local copy_dir=$tmp_dir/copy
	"$BUILD_SCRIPT" "$copy_dir" >/dev/null
	cmp -s "$initrd" "$copy_dir/initrd.img" || fail "a second build gave a different initrd.img"
	cmp -s "$out_dir/recipe.sha256" "$copy_dir/recipe.sha256" ||
		fail "a second build gave a different recipe hash"

	# A changed recipe hash must lead to a rebuild.
	echo stale >"$out_dir/recipe.sha256"
	output=$("$BUILD_SCRIPT" "$out_dir")
	grep -qF "wrote $out_dir/vmlinuz" <<<"$output" || fail "a stale hash did not rebuild: $output"
	[[ $(cat "$out_dir/recipe.sha256") != stale ]] || fail "the rebuild did not store the new hash"
}

main() {
	if (($# < 2 || $# > 3)); then
		echo "usage: $0 build|boot|ignore-acpi|probe OUTDIR [ARTIFACT_DIR]" >&2
		exit 2
	fi
	test_case=$1
	out_dir=$2
	artifact_dir=${3:-$out_dir}
	trap cleanup EXIT

	mkdir -p -- "$artifact_dir"
	local build_log=$artifact_dir/$test_case-build.log
	if ! "$BUILD_SCRIPT" "$out_dir" >"$build_log" 2>&1; then
		cat "$build_log" >&2
		die "$BUILD_SCRIPT $out_dir failed"
	fi
	tmp_dir=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-guest-test.XXXXXX")
	: >"$tmp_dir/serial.log"

	case $test_case in
	build) test_build ;;
	boot) test_boot ;;
	ignore-acpi) test_ignore_acpi ;;
	probe) test_probe ;;
	*) die "unknown case: $test_case" ;;
	esac

	if ((failures > 0)); then
		if [[ $test_case == build ]]; then
			echo "$test_case: $failures check(s) failed" >&2
		else
			save_log
			echo "$test_case: $failures check(s) failed; serial log: $artifact_dir/$test_case-serial.log" >&2
		fi
		exit 1
	fi
	[[ $test_case == build ]] || save_log
	echo "$test_case: passed"
}

main "$@"
