#!/bin/bash
# Real VM lifecycle across bulkhead restarts: a VM with autostart=true
# starts with bulkhead; it keeps running when bulkhead exits; a new bulkhead
# attaches to it and shows its screen again without starting it twice.
#
# Needs a libvirtd serving qemu:///system and the demo guest, as vm end to
# end does; exits 77 without them, or 1 under CI. The test defines its own
# domain, bulkhead-test-auto-PID, and removes it at exit.
. "$(dirname "$0")/harness.sh"

DEMO_DIR=${BULKHEAD_DEMO_DIR:-/var/lib/bulkhead/demo}
VMCTL=${BULKHEAD_VMCTL:?set BULKHEAD_VMCTL to the bulkhead-vmctl executable}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
URI=qemu:///system
VM_NAME=test-auto-$$
DOMAIN=bulkhead-$VM_NAME
STATE_DIR=

write_config() {
	cat > "$TEST_DIR/config.ini" <<INI
[general]
libvirt-uri=$URI

[workspace:personal]
color=#2e7d32
default=true

[workspace:work]
color=#1565c0
vm=$VM_NAME

[vm:$VM_NAME]
memory=256
vcpus=1
kernel=$DEMO_DIR/vmlinuz
initrd=$DEMO_DIR/initrd.img
cmdline=console=ttyS0
accel=tcg
autostart=true
INI
}

remove_domain() {
	if virsh -c "$URI" dominfo "$DOMAIN" > /dev/null 2>&1; then
		virsh -c "$URI" destroy "$DOMAIN" > /dev/null 2>&1
		virsh -c "$URI" undefine "$DOMAIN" > /dev/null 2>&1
	fi
	if [ -n "$STATE_DIR" ]; then
		rm -rf "$STATE_DIR"
	fi
}

cleanup_all() {
	remove_domain
	cleanup
}
trap cleanup_all EXIT

domain_state() {
	virsh -c "$URI" domstate "$DOMAIN" 2>/dev/null | head -n 1
}

domain_id() {
	virsh -c "$URI" domid "$DOMAIN" 2>/dev/null | head -n 1
}

is_running() {
	[ "$(domain_state)" = running ]
}

has_guest_view() {
	[ "$(list_json '[.windows[] | select(.kind == "guest-display")] |
		length')" -ge 1 ]
}

stop_compositor() {
	kill "$COMPOSITOR_PID"
	wait "$COMPOSITOR_PID" 2>/dev/null
	COMPOSITOR_PID=
}

require_demo_vm

start_compositor
STATE_DIR=$(dirname "$("$VMCTL" --config "$TEST_DIR/config.ini" --json \
	status "$VM_NAME" | jq -r .serial_log)")
if wait_until 120 is_running; then
	pass "autostart=true started the VM with bulkhead"
else
	fail "the domain is not running within 120 s of start: $(domain_state)"
	finish
fi
if wait_until 60 has_guest_view; then
	pass "the autostarted VM's screen is shown"
else
	fail "no guest-display view within 60 s: $(ctl list --json)"
fi
first_id=$(domain_id)

stop_compositor
check_eq "the VM keeps running after bulkhead exits" running \
	"$(domain_state)"

start_compositor
if wait_until 60 has_guest_view; then
	pass "a new bulkhead attaches to the running VM and shows it"
else
	fail "no guest-display view within 60 s after the restart"
fi
check_eq "the VM was not started again (same domain id)" "$first_id" \
	"$(domain_id)"
check_eq "work is running" running \
	"$(list_json '.workspaces[] | select(.name == "work") | .vm_state')"

finish
