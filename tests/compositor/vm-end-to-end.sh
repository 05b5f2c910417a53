#!/bin/bash
# Real VM: bulkheadctl vm on shows the demo guest's screen as a framed
# guest-display view, a key typed into it reaches the guest, and vm off
# shuts the guest down gracefully and removes only its view.
#
# Needs a libvirtd serving qemu:///system (scripts/test-libvirtd.sh starts
# one) and the demo guest (scripts/build-demo-guest.sh); exits 77 without
# them, or 1 under CI. The test defines its own domain,
# bulkhead-test-e2e-PID, and removes it at exit.
. "$(dirname "$0")/harness.sh"

DEMO_DIR=${BULKHEAD_DEMO_DIR:-/var/lib/bulkhead/demo}
VMCTL=${BULKHEAD_VMCTL:?set BULKHEAD_VMCTL to the bulkhead-vmctl executable}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
URI=qemu:///system
VM_NAME=test-e2e-$$
DOMAIN=bulkhead-$VM_NAME
WORK_COLOR='#1565c0'
BORDER=4
KEY_A=30
SERIAL_LOG=

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
memory=256
vcpus=1
kernel=$DEMO_DIR/vmlinuz
initrd=$DEMO_DIR/initrd.img
cmdline=console=ttyS0
accel=tcg
shutdown-timeout=60
INI
}

# Removes the domain this test defined, and nothing else.
remove_domain() {
	if virsh -c "$URI" dominfo "$DOMAIN" > /dev/null 2>&1; then
		virsh -c "$URI" destroy "$DOMAIN" > /dev/null 2>&1
		virsh -c "$URI" undefine "$DOMAIN" > /dev/null 2>&1
	fi
	if [ -n "$SERIAL_LOG" ]; then
		rm -rf "$(dirname "$SERIAL_LOG")"
	fi
}

cleanup_all() {
	remove_domain
	cleanup
}
trap cleanup_all EXIT

domain_state() {
	virsh -c "$URI" domstate --reason "$DOMAIN" 2>/dev/null | head -n 1
}

is_shut_off() {
	case "$(domain_state)" in
	"shut off"*) return 0 ;;
	*) return 1 ;;
	esac
}

guest_view_count() {
	list_json '[.windows[] | select(.kind == "guest-display")] | length'
}

has_guest_view() {
	[ "$(guest_view_count)" -ge 1 ]
}

has_no_guest_view() {
	[ "$(guest_view_count)" -eq 0 ]
}

serial_has() {
	grep -qF -- "$1" "$SERIAL_LOG" 2>/dev/null
}

# guest_value FIELD: FIELD of the first guest-display window.
guest_value() {
	list_json "[.windows[] | select(.kind == \"guest-display\")][0].$1"
}

require_demo_vm

start_compositor
SERIAL_LOG=$("$VMCTL" --config "$TEST_DIR/config.ini" --json status \
	"$VM_NAME" | jq -r .serial_log)
check_contains "vmctl names a serial log" "serial.log" "$SERIAL_LOG"
start_vkbd personal
start_client personal weston-simple-shm
wait_for_windows 1 || finish

# Power on: a guest-display view of workspace work appears.
output=$(ctl vm on work 2>&1)
check_eq "vm on work exits 0 ($output)" 0 $?
if ! wait_until 120 has_guest_view; then
	fail "no guest-display view within 120 s: $(ctl list --json)"
	finish
fi
pass "a guest-display view appeared"
check_eq "the guest view belongs to work" work "$(guest_value workspace)"
check_eq "work is running" running \
	"$(list_json '.workspaces[] | select(.name == "work") | .vm_state')"
if wait_until 120 serial_has "bulkhead-demo: ready"; then
	pass "the guest printed its ready line"
else
	fail "the guest did not print 'bulkhead-demo: ready' within 120 s:" \
		"$(tail -n 5 "$SERIAL_LOG" 2>&1 | tr '\n' '|')"
fi

# The guest's screen, framed in the work color.
ctl focus personal > /dev/null
sleep 2
screenshot "$TEST_DIR/guest.ppm" || finish
x=$(guest_value x)
y=$(guest_value y)
w=$(guest_value width)
h=$(guest_value height)
check_eq "the guest view is unfocused after focus personal" false \
	"$(guest_value focused)"
check_region_color "guest view: left border is $WORK_COLOR" \
	"$TEST_DIR/guest.ppm" "$WORK_COLOR" $((x - BORDER)) "$y" "$BORDER" "$h"
check_region_color "guest view: bottom border is $WORK_COLOR" \
	"$TEST_DIR/guest.ppm" "$WORK_COLOR" "$x" $((y + h)) "$w" "$BORDER"
strip_color=$(region_colors "$TEST_DIR/guest.ppm" colors "$x" $((y - 22)) \
	"$w" 22 | head -n 1 | cut -d' ' -f1)
check_eq "guest view: title strip is mostly $WORK_COLOR" "$WORK_COLOR" \
	"$strip_color"
content=$(region_colors "$TEST_DIR/guest.ppm" colors "$x" "$y" "$w" "$h")
colors=$(echo "$content" | wc -l)
if [ "$colors" -ge 3 ]; then
	pass "the guest view shows text ($colors colors)"
else
	fail "the guest view is (nearly) uniform: $content"
fi
background=$(region_colors "$TEST_DIR/guest.ppm" pixel 1279 719)
main_color=$(echo "$content" | head -n 1 | cut -d' ' -f1)
if [ "$main_color" != "$background" ]; then
	pass "the guest view is not the layout background ($main_color)"
else
	fail "the guest view shows mostly the layout background $background"
fi

# A key typed into the focused guest view reaches the guest.
ctl focus work > /dev/null
check_eq "focus work focuses the guest view" true "$(guest_value focused)"
type_keys KEY_A
if wait_until 30 serial_has "key $KEY_A press"; then
	pass "the guest received 'key $KEY_A press'"
else
	fail "the guest did not log 'key $KEY_A press' within 30 s:" \
		"$(grep '^key' "$SERIAL_LOG" | tail -n 5 | tr '\n' '|')"
fi
if wait_until 10 serial_has "key $KEY_A release"; then
	pass "the guest received 'key $KEY_A release'"
else
	fail "the guest did not log 'key $KEY_A release' within 10 s"
fi

# Power off: a graceful shutdown, and only the guest view goes.
output=$(ctl vm off work 2>&1)
check_eq "vm off work exits 0 ($output)" 0 $?
if wait_until 90 is_shut_off; then
	pass "the domain is shut off"
else
	fail "the domain is not shut off within 90 s: $(domain_state)"
fi
check_eq "the domain was shut down, not destroyed" "shut off (shutdown)" \
	"$(domain_state)"
if serial_has "bulkhead-demo: power button pressed, powering off"; then
	pass "the guest saw the ACPI power button"
else
	fail "the guest did not log the power button press"
fi
if wait_until 20 has_no_guest_view; then
	pass "the guest view is gone"
else
	fail "the guest view is still listed: $(ctl list --json)"
fi
check_eq "the personal view stays" 1 \
	"$(list_json '[.windows[] | select(.workspace == "personal")] | length')"
check_eq "work is off" off \
	"$(list_json '.workspaces[] | select(.name == "work") | .vm_state')"

finish
