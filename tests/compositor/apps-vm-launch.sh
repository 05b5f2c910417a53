#!/bin/bash
# vm apps: launch-app on a vm workspace whose VM is off starts the VM, then
# waits for the guest agent. The demo guest has none, so the launch must
# fail with a message that says so, and never hang.
#
# Needs a libvirtd serving qemu:///system and the demo guest, like
# tray-toggle.sh; defines and removes its own domain bulkhead-test-apps-PID.
. "$(dirname "$0")/harness.sh"

DEMO_DIR=${BULKHEAD_DEMO_DIR:-/var/lib/bulkhead/demo}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
URI=qemu:///system
VM_NAME=test-apps-$$
DOMAIN=bulkhead-$VM_NAME
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
apps=xterm.desktop

[vm:$VM_NAME]
memory=256
vcpus=1
kernel=$DEMO_DIR/vmlinuz
initrd=$DEMO_DIR/initrd.img
cmdline=console=ttyS0
accel=tcg
INI
}

remove_domain() {
	if virsh -c "$URI" dominfo "$DOMAIN" > /dev/null 2>&1; then
		virsh -c "$URI" destroy "$DOMAIN" > /dev/null 2>&1
		virsh -c "$URI" undefine "$DOMAIN" > /dev/null 2>&1
	fi
}

cleanup_all() {
	remove_domain
	cleanup
}
trap cleanup_all EXIT

vm_state() {
	list_json '.workspaces[] | select(.name == "work") | .vm_state'
}

require_demo_vm

start_compositor
check_eq "the VM starts off" off "$(vm_state)"
check_eq "work lists xterm.desktop from its apps key, badged" \
	"xterm.desktop work" \
	"$(ctl apps --json | jq -r '.apps[] | select(.workspace == "work") | .id + " " + .badge')"

start=$SECONDS
ctl launch-app work xterm.desktop > "$TEST_DIR/launch.out" 2>&1 &
launch_pid=$!
if wait_until 60 sh -c "'$BULKHEADCTL' --socket bulkhead-personal list --json |
		jq -e '.workspaces[] | select(.name == \"work\") | .vm_state == \"running\"'"; then
	pass "launch-app started the VM"
else
	fail "the VM is $(vm_state) 60 s after launch-app"
fi
wait "$launch_pid"
status=$?
elapsed=$((SECONDS - start))
output=$(cat "$TEST_DIR/launch.out")
check_eq "launch-app fails without a guest agent ($output)" 1 "$status"
check_contains "the message names the guest agent" \
	"the guest agent did not answer" "$output"
if [ "$elapsed" -le 150 ]; then
	pass "launch-app returned after $elapsed s"
else
	fail "launch-app took $elapsed s"
fi
check_contains "the failure is logged" "failed to launch" \
	"$(cat "$TEST_DIR/bulkhead.log")"
finish
