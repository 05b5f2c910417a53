#!/bin/bash
# Tray: a click on the work VM's power toggle with a virtual pointer starts
# the VM, and a second click shuts it down gracefully.
#
# Needs a libvirtd serving qemu:///system (scripts/test-libvirtd.sh starts
# one) and the demo guest (scripts/build-demo-guest.sh); exits 77 without
# them, or 1 under CI. The test defines its own domain,
# bulkhead-test-tray-PID, and removes it at exit.
. "$(dirname "$0")/harness.sh"

DEMO_DIR=${BULKHEAD_DEMO_DIR:-/var/lib/bulkhead/demo}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
URI=qemu:///system
VM_NAME=test-tray-$$
DOMAIN=bulkhead-$VM_NAME
OUTPUT_WIDTH=1280
OUTPUT_HEIGHT=720

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
}

cleanup_all() {
	remove_domain
	cleanup
}
trap cleanup_all EXIT

domain_state() {
	virsh -c "$URI" domstate --reason "$DOMAIN" 2>/dev/null | head -n 1
}

vm_state() {
	list_json '.workspaces[] | select(.name == "work") | .vm_state'
}

vm_state_is() {
	[ "$(vm_state)" = "$1" ]
}

# tray_point SHOT: "X Y" of a point on the work toggle. The panel draws the
# clock at its right end and the tray to the clock's left, 16 pixels
# apart, so the toggle ends 16 pixels left of the clock's first pixel.
tray_point() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
header = data.split(b'\n', 3)
width, height = map(int, header[1].split())
pixels = header[3]
left = None
for x in range(width - 1, width - 120, -1):
    for y in range(6, 22):
        i = (y * width + x) * 3
        if min(pixels[i:i + 3]) > 0xc0:
            left = x
            break
print(left - 16 - 6 if left else -1, 14)
PY
}

require_demo_vm

start_compositor
check_eq "the VM starts off" off "$(vm_state)"
sleep 0.5
screenshot "$TEST_DIR/off.ppm" || finish
read -r x y < <(tray_point "$TEST_DIR/off.ppm")
if [ "$x" -lt 0 ]; then
	fail "found no clock in the panel to place the tray from"
	finish
fi
pass "the work toggle is at $x,$y"

# First click: the VM starts.
WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
	"$OUTPUT_HEIGHT" "$x" "$y" left > "$TEST_DIR/vptr.log" 2>&1
check_eq "the virtual pointer clicked" sent "$(cat "$TEST_DIR/vptr.log")"
if wait_until 120 vm_state_is running; then
	pass "a click on the toggle started the VM"
else
	fail "the VM is $(vm_state), not running, 120 s after the click"
	finish
fi
check_eq "libvirt runs the domain" running "$(domain_state | cut -d' ' -f1)"
sleep 0.5
screenshot "$TEST_DIR/running.ppm" || finish
if cmp -s <(region_colors "$TEST_DIR/off.ppm" colors $((x - 60)) 4 70 20) \
		<(region_colors "$TEST_DIR/running.ppm" colors $((x - 60)) 4 70 20); then
	fail "the tray looks the same off and running"
else
	pass "the tray looks different off and running"
fi

# The demo guest powers off on the ACPI button only once its init loaded
# the button driver, a few seconds after the VM state became running.
sleep 10

# Second click: a graceful shutdown.
read -r x y < <(tray_point "$TEST_DIR/running.ppm")
WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
	"$OUTPUT_HEIGHT" "$x" "$y" left > "$TEST_DIR/vptr.log" 2>&1
check_eq "the virtual pointer clicked again" sent "$(cat "$TEST_DIR/vptr.log")"
if wait_until 90 vm_state_is off; then
	pass "a second click turned the VM off"
else
	fail "the VM is $(vm_state), not off, 90 s after the second click"
fi
check_contains "the domain shut down, not destroyed" "shutdown" \
	"$(domain_state)"
finish
