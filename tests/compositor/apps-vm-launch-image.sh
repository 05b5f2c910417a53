#!/bin/bash
# vm apps with the Debian work image: launch-app on a vm workspace whose VM
# is off starts the VM, waits for the guest agent and runs the app in the
# guest's X session as the session's user. Afterwards the workspace lists
# the guest's desktop entries with its badge, and vm off shuts the guest
# down gracefully.
#
# Needs root, a libvirtd serving qemu:///system (scripts/test-libvirtd.sh)
# and the ci variant of the work image, which the test builds with
# scripts/build-work-image.sh when its recipe changed. The guest boots
# under TCG from a fresh qcow2 overlay and home volume in the test
# directory. The test defines its own domain, bulkhead-test-app-PID, and
# removes it and its state directory at exit. Exits 77 when a piece is
# missing, or 1 under CI.
. "$(dirname "$0")/harness.sh"

VMCTL=${BULKHEAD_VMCTL:?set BULKHEAD_VMCTL to the bulkhead-vmctl executable}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
IMAGE=${BULKHEAD_TEST_IMAGE:-/var/lib/bulkhead/images/work-debian12-ci.qcow2}
URI=qemu:///system
VM_NAME=test-app-$$
DOMAIN=bulkhead-$VM_NAME
# Where vmctl keeps the serial log for root with XDG_DATA_HOME unset.
STATE_DIR=/var/lib/bulkhead/vms/$VM_NAME
# The xterm package installs its desktop entry under this id, and
# debian-uxterm.desktop beside it.
APP_ID=debian-xterm.desktop
OTHER_GUEST_ID=debian-uxterm.desktop
GUEST_USER=user
SESSION_ENV=/run/user/1000/bulkhead-session.env
# launch-app waits up to 90 s for the agent after the start, up to 20 s for
# the desktop entries and up to 90 s for bulkhead-guest-run.
LAUNCH_TIMEOUT=300
export XDG_CACHE_HOME="$TEST_DIR/cache"

write_config() {
	cat > "$TEST_DIR/config.ini" <<INI
[general]
libvirt-uri=$URI

[workspace:personal]
color=#2e7d32
default=true

[workspace:work]
color=#1565c0
badge=work
vm=$VM_NAME
apps=$APP_ID

[vm:$VM_NAME]
disk=$TEST_DIR/overlay.qcow2
volumes=$TEST_DIR/home.img:1024:ext4
memory=2048
vcpus=2
accel=tcg
shutdown-timeout=120
INI
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

vm_state() {
	list_json '.workspaces[] | select(.name == "work") | .vm_state'
}

vm_is_running() {
	[ "$(vm_state)" = running ]
}

vm_is_off() {
	[ "$(vm_state)" = off ]
}

domain_state() {
	virsh -c "$URI" domstate --reason "$DOMAIN" 2>/dev/null | head -n 1
}

is_shut_off() {
	case "$(domain_state)" in
	"shut off"*) return 0 ;;
	*) return 1 ;;
	esac
}

# guest COMMAND...: runs COMMAND in the guest as root through the agent.
guest() {
	"$VMCTL" --config "$TEST_DIR/config.ini" exec "$VM_NAME" -- "$@"
}

# guest_session COMMAND...: runs COMMAND in the user's X session and waits.
guest_session() {
	guest /usr/bin/bulkhead-guest-run --wait -- "$@"
}

has_guest_view() {
	[ "$(list_json '[.windows[] | select(.kind == "guest-display")] |
		length')" -ge 1 ]
}

# work_app ID FIELDS: the jq expression FIELDS applied to the work app ID in
# 'apps --json', raw output.
work_app() {
	ctl apps --json | jq -r ".apps[] | select(.workspace == \"work\" and
		.id == \"$1\") | $2"
}

# xterm_window_mapped: whether the session's X server has a window of
# class XTerm.
xterm_window_mapped() {
	guest_session /usr/bin/xwininfo -root -tree | grep -q '"XTerm")'
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

# launch_app: runs launch-app while the VM is off and checks that the VM
# starts and the launch succeeds. Sets LAUNCH_OUTPUT.
launch_app() {
	local start=$SECONDS launch_pid status
	timeout "$LAUNCH_TIMEOUT" "$BULKHEADCTL" --socket bulkhead-personal \
		launch-app work "$APP_ID" > "$TEST_DIR/launch.out" 2>&1 &
	launch_pid=$!
	if wait_until 60 vm_is_running; then
		pass "launch-app started the VM after $((SECONDS - start)) s"
	else
		fail "the VM is $(vm_state), expected running, 60 s after" \
			"launch-app"
	fi
	wait "$launch_pid"
	status=$?
	LAUNCH_OUTPUT=$(cat "$TEST_DIR/launch.out")
	check_eq "launch-app exits 0 ($LAUNCH_OUTPUT)" 0 "$status"
	check_contains "launch-app reports the start" \
		"in workspace 'work' (guest pid" "$LAUNCH_OUTPUT"
	pass "launch-app returned after $((SECONDS - start)) s"
}

# guest_children PID: "PID USER COMMAND" of each child of PID in the guest.
guest_children() {
	guest /bin/ps -o pid=,user=,comm= --ppid "$1" | tr -s ' ' | sed 's/^ //'
}

child_is_xterm() {
	[ "$(guest_children "$1" | cut -d' ' -f3)" = xterm ]
}

# check_app_process: the app runs in the guest as the session's user, with
# the session's DISPLAY, and maps a window on the session's X server.
check_app_process() {
	local runuser_pid children app_pid user session_display app_display
	runuser_pid=$(echo "$LAUNCH_OUTPUT" | sed -n 's/.*(guest pid \([0-9]*\)).*/\1/p')
	if [ -z "$runuser_pid" ]; then
		fail "no guest pid in the launch-app output '$LAUNCH_OUTPUT'"
		return
	fi
	# The printed pid is runuser's, which stays as the app's parent. Its
	# child may still be runuser, not yet replaced by xterm, when
	# launch-app returns.
	wait_until 30 child_is_xterm "$runuser_pid"
	children=$(guest_children "$runuser_pid")
	app_pid=${children%% *}
	check_eq "the child of runuser (pid $runuser_pid) is xterm of $GUEST_USER" \
		"$GUEST_USER xterm" "${children#* }"
	user=$(guest /bin/ps -o user= -C xterm | tr -d ' ' | sort -u)
	check_eq "every xterm in the guest runs as $GUEST_USER, not root" \
		"$GUEST_USER" "$user"

	session_display=$(guest /bin/sed -n 's/^DISPLAY=//p' "$SESSION_ENV")
	check_contains "the session's environment names a DISPLAY" ":" \
		"$session_display"
	app_display=$(guest /bin/sh -c "tr '\\0' '\\n' < /proc/$app_pid/environ" |
		sed -n 's/^DISPLAY=//p')
	check_eq "xterm (pid $app_pid) has the session's DISPLAY $session_display" \
		"$session_display" "$app_display"
	if wait_until 60 xterm_window_mapped; then
		pass "the session's X server has an XTerm window"
	else
		fail "no window of class XTerm on the session's X server" \
			"within 60 s: $(guest_session /usr/bin/xwininfo -root \
				-tree 2>&1 | grep -c '"') windows with a name"
	fi
}

# check_guest_entries: apps --json lists the guest's entries, badged.
check_guest_entries() {
	check_eq "$APP_ID is listed with the badge work" "work" \
		"$(work_app "$APP_ID" .badge)"
	check_eq "$OTHER_GUEST_ID, read from the guest, is named UXTerm" \
		"UXTerm" "$(work_app "$OTHER_GUEST_ID" .name)"
	check_eq "$OTHER_GUEST_ID is listed with the badge work" "work" \
		"$(work_app "$OTHER_GUEST_ID" .badge)"
	check_eq "no work app lacks the badge" 0 \
		"$(ctl apps --json | jq '[.apps[] | select(.workspace == "work"
			and .badge != "work")] | length')"
	check_contains "the guest's entries are cached" \
		"[$OTHER_GUEST_ID]" \
		"$(cat "$XDG_CACHE_HOME/bulkhead/apps-work.ini" 2>&1)"
	check_contains "the log counts the guest's entries" \
		"desktop entries from the guest of workspace work" \
		"$(cat "$TEST_DIR/bulkhead.log")"
}

check_shutdown() {
	local output status start=$SECONDS
	output=$(ctl vm off work 2>&1)
	status=$?
	check_eq "vm off work exits 0 ($output)" 0 "$status"
	if wait_until 150 is_shut_off; then
		pass "the domain is shut off after $((SECONDS - start)) s"
	else
		fail "the domain is $(domain_state), expected shut off, 150 s" \
			"after vm off"
	fi
	check_eq "the guest shut down, not destroyed" "shut off (shutdown)" \
		"$(domain_state)"
	if wait_until 20 vm_is_off; then
		pass "work is off"
	else
		fail "work is $(vm_state), expected off, 20 s after the shutdown"
	fi
}

check_requirements
prepare_disk
start_compositor
check_eq "the VM starts off" off "$(vm_state)"
check_eq "work lists $APP_ID from its apps key, badged" "work" \
	"$(work_app "$APP_ID" .badge)"

launch_app
check_app_process
if wait_until 30 has_guest_view; then
	pass "the guest's screen is a view"
else
	fail "no guest-display view 30 s after the launch: $(ctl list --json)"
fi
check_guest_entries
check_shutdown
finish
