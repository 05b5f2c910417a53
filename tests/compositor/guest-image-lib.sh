# Helpers for the guest display tests with the Debian work image, on top of
# harness.sh: the requirements, a fresh overlay of the ci image, a config
# with the vm workspace work, start-up until the guest's X session runs,
# and removal of the domain at exit.
#
# The guest boots under TCG from a qcow2 overlay and a home volume in the
# test directory. The domain is bulkhead-test-NAME-PID, where NAME is set by
# the test before it sources this file (IMAGE_TEST_NAME). A missing piece
# exits 77, or 1 under CI.
. "$(dirname "$0")/harness.sh"

VMCTL=${BULKHEAD_VMCTL:?set BULKHEAD_VMCTL to the bulkhead-vmctl executable}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
IMAGE=${BULKHEAD_TEST_IMAGE:-/var/lib/bulkhead/images/work-debian12-ci.qcow2}
URI=qemu:///system
VM_NAME=test-${IMAGE_TEST_NAME:?set IMAGE_TEST_NAME before sourcing}-$$
DOMAIN=bulkhead-$VM_NAME
# Where vmctl keeps the serial log for root with XDG_DATA_HOME unset.
STATE_DIR=/var/lib/bulkhead/vms/$VM_NAME
WORK_COLOR='#1565c0'
OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720
BORDER=4
# Under TCG the session took 42 s to 155 s after the start (docs/guest.md).
SESSION_TIMEOUT=300
export XDG_CACHE_HOME="$TEST_DIR/cache"
# More keys of the [vm:NAME] group, one per line, set by a test that needs
# them before it sources this file.
VM_EXTRA_KEYS=${VM_EXTRA_KEYS:-}

write_config() {
	cat > "$TEST_DIR/config.ini" <<INI
[general]
libvirt-uri=$URI

[workspace:personal]
color=#2e7d32
default=true

[workspace:work]
color=$WORK_COLOR
badge=work
vm=$VM_NAME

[vm:$VM_NAME]
disk=$TEST_DIR/overlay.qcow2
volumes=$TEST_DIR/home.img:1024:ext4
memory=2048
vcpus=2
accel=tcg
shutdown-timeout=120
$VM_EXTRA_KEYS
INI
}

# As start_compositor in control-lib.sh, with debug messages, which name the
# SPICE mouse mode.
start_debug_compositor() {
	write_config
	WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		"$BULKHEAD" --debug --config "$TEST_DIR/config.ini" \
		> "$TEST_DIR/bulkhead.log" 2>&1 &
	COMPOSITOR_PID=$!
	if ! wait_until 20 "$BULKHEADCTL" --socket bulkhead-personal list; then
		fail "bulkhead did not offer the control protocol on" \
			"bulkhead-personal within 20 s"
		exit 1
	fi
}

# Removes the domain and the state directory this test made, and nothing
# else. The overlay and the home volume go with TEST_DIR.
remove_domain() {
	if virsh -c "$URI" dominfo "$DOMAIN" > /dev/null 2>&1; then
		virsh -c "$URI" destroy "$DOMAIN" > /dev/null 2>&1
		virsh -c "$URI" undefine "$DOMAIN" > /dev/null 2>&1
	fi
	if [ "$FAILURES" -ne 0 ] && [ -f "$STATE_DIR/serial.log" ]; then
		echo "--- guest serial log ---"
		tail -n 30 "$STATE_DIR/serial.log"
	fi
	rm -rf "$STATE_DIR"
}

cleanup_all() {
	remove_domain
	cleanup
}
trap cleanup_all EXIT

# wait_seconds SECONDS COMMAND...: runs COMMAND every 0.5 s until it
# succeeds or SECONDS have passed. Unlike wait_until it counts wall-clock
# time, because a command that goes through the guest agent can take
# seconds.
wait_seconds() {
	local deadline=$((SECONDS + $1))
	shift
	while [ "$SECONDS" -lt "$deadline" ]; do
		if "$@" > /dev/null 2>&1; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

# move_pointer X Y: moves the virtual pointer to layout point (X, Y).
move_pointer() {
	WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
		"$OUTPUT_HEIGHT" "$1" "$2" > "$TEST_DIR/vptr.log" 2>&1
	if [ "$(cat "$TEST_DIR/vptr.log")" != sent ]; then
		fail "the virtual pointer failed: $(cat "$TEST_DIR/vptr.log")"
		return 1
	fi
}

# guest COMMAND...: runs COMMAND in the guest as root through the agent.
guest() {
	"$VMCTL" --config "$TEST_DIR/config.ini" exec "$VM_NAME" -- "$@"
}

# guest_session COMMAND...: runs COMMAND in the user's X session and waits.
guest_session() {
	guest /usr/bin/bulkhead-guest-run --wait -- "$@"
}

# guest_detached COMMAND...: starts COMMAND in the user's X session and
# returns once it runs.
guest_detached() {
	guest /usr/bin/bulkhead-guest-run -- "$@"
}

check_requirements() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root for the image build and qemu:///system"
	local program
	for program in qemu-system-x86_64 qemu-img virsh; do
		command -v "$program" > /dev/null ||
			skip "$program is missing; install qemu-system-x86," \
				"qemu-utils and libvirt-clients"
	done
	if ! "$SOURCE_ROOT/scripts/test-libvirtd.sh" \
			> "$TEST_DIR/libvirtd.log" 2>&1; then
		skip "no libvirtd serves $URI: $(cat "$TEST_DIR/libvirtd.log")"
	fi
}

# Builds the ci image, or finds it up to date, and makes the overlay.
prepare_disk() {
	local start=$SECONDS
	if ! "$SOURCE_ROOT/scripts/build-work-image.sh" --variant ci \
			--output "$IMAGE" > "$TEST_DIR/image-build.log" 2>&1; then
		tail -n 20 "$TEST_DIR/image-build.log"
		skip "scripts/build-work-image.sh --variant ci failed (output above)"
	fi
	pass "the image $IMAGE is ready after $((SECONDS - start)) s"
	# QEMU runs as libvirt-qemu and must reach the overlay and the volume.
	chmod 0711 "$TEST_DIR"
	if ! qemu-img create -q -f qcow2 -b "$IMAGE" -F qcow2 \
			"$TEST_DIR/overlay.qcow2" > "$TEST_DIR/qemu-img.log" 2>&1; then
		fail "qemu-img create of the overlay failed:" \
			"$(cat "$TEST_DIR/qemu-img.log")"
		finish
	fi
}

# The app id of a guest display's view, once the guest's screen replaced
# the placeholder (app id bulkhead-guest-placeholder).
GUEST_APP_ID=bulkhead-guest

# guest_view FIELD: FIELD of the first view of the guest's screen.
guest_view() {
	list_json "[.windows[] | select(.app_id == \"$GUEST_APP_ID\")][0].$1"
}

has_guest_view() {
	[ "$(list_json "[.windows[] | select(.app_id == \"$GUEST_APP_ID\")] |
		length")" -ge 1 ]
}

session_is_ready() {
	guest /usr/bin/bulkhead-guest-run --wait true
}

agent_is_connected() {
	grep -q 'the SPICE agent is connected' "$TEST_DIR/bulkhead.log"
}

# boot_guest: powers the VM on and waits for its guest-display view, the
# guest's X session and the SPICE agent. Ends the test when one is missing.
boot_guest() {
	local start=$SECONDS
	ctl vm on work > "$TEST_DIR/vm-on.log" 2>&1 &
	if ! wait_seconds 180 has_guest_view; then
		fail "no guest-display view within 180 s of vm on:" \
			"$(ctl list --json)"
		finish
	fi
	pass "the guest's screen is a view after $((SECONDS - start)) s"
	if ! wait_seconds "$SESSION_TIMEOUT" session_is_ready; then
		fail "bulkhead-guest-run --wait true failed for" \
			"$SESSION_TIMEOUT s after vm on: $(session_is_ready 2>&1)"
		finish
	fi
	pass "the guest's X session runs after $((SECONDS - start)) s"
	if ! wait_seconds 60 agent_is_connected; then
		fail "bulkhead logged no connected SPICE agent within 60 s of" \
			"the session"
		echo "--- the guest's SPICE agent ---"
		guest /bin/sh -c 'ls -l /dev/virtio-ports; pgrep -a spice-vdagent;
			journalctl -b --no-pager -n 30 -t spice-vdagent \
				-t spice-vdagentd -t xsession' 2>&1
		finish
	fi
	pass "the SPICE agent is connected after $((SECONDS - start)) s"
}

# guest_screen_size: "WIDTHxHEIGHT" of the guest's X screen, from xrandr.
guest_screen_size() {
	guest_session /usr/bin/xrandr --current |
		sed -n 's/^Screen 0:.* current \([0-9]*\) x \([0-9]*\),.*/\1x\2/p'
}

guest_screen_is() {
	[ "$(guest_screen_size)" = "$1" ]
}
