#!/bin/bash
# Global filter: a client of a vm workspace neither sees nor can bind the
# privileged globals, which a client of a host workspace sees.
. "$(dirname "$0")/harness.sh"

PRIVILEGED="bulkhead_control_manager_v1 zwlr_screencopy_manager_v1
zwp_virtual_keyboard_manager_v1 zwlr_virtual_pointer_manager_v1"
# Binding these creates an object that receives no event, which the
# globals client can handle.
EVENTLESS="zwlr_screencopy_manager_v1 zwp_virtual_keyboard_manager_v1
zwlr_virtual_pointer_manager_v1"

# global_line LOG INTERFACE: the "NAME INTERFACE VERSION" line of INTERFACE.
global_line() {
	grep " $2 " "$TEST_DIR/$1" | head -n 1
}

start_compositor
WAYLAND_DISPLAY=bulkhead-personal "$(client globals)" \
	> "$TEST_DIR/host.globals" 2>&1
check_eq "globals on the host socket exits 0" 0 $?
WAYLAND_DISPLAY=bulkhead-work "$(client globals)" \
	> "$TEST_DIR/vm.globals" 2>&1
check_eq "globals on the vm socket exits 0" 0 $?

check_contains "the vm socket offers wl_compositor" " wl_compositor " \
	"$(cat "$TEST_DIR/vm.globals")"
check_contains "the vm socket offers xdg_wm_base" " xdg_wm_base " \
	"$(cat "$TEST_DIR/vm.globals")"

for interface in $PRIVILEGED; do
	host_line=$(global_line host.globals "$interface")
	vm_line=$(global_line vm.globals "$interface")
	if [ -n "$host_line" ]; then
		pass "the host socket offers $interface"
	else
		fail "the host socket does not offer $interface:" \
			"$(tr '\n' '|' < "$TEST_DIR/host.globals")"
		continue
	fi
	check_eq "the vm socket hides $interface" "" "$vm_line"

	read -r name _ version <<< "$host_line"
	output=$(WAYLAND_DISPLAY=bulkhead-work "$(client globals)" bind \
		"$name" "$interface" "$version" 2>&1)
	status=$?
	check_eq "binding $interface (global $name) on the vm socket fails" \
		1 "$status"
	# libwayland-server answers a bind of a filtered global as one of
	# an unknown name: an error on the registry.
	check_contains "binding $interface on the vm socket is a registry error" \
		"protocol error on wl_registry" "$output"
	check_contains "binding $interface on the vm socket names the global" \
		"invalid global $interface ($name)" "$output"
done

# The same binds succeed on the host socket, so the failures above come
# from the filter and not from the globals client.
for interface in $EVENTLESS; do
	host_line=$(global_line host.globals "$interface")
	[ -n "$host_line" ] || continue
	read -r name _ version <<< "$host_line"
	output=$(WAYLAND_DISPLAY=bulkhead-personal "$(client globals)" bind \
		"$name" "$interface" "$version" 2>&1)
	check_eq "binding $interface on the host socket succeeds" bound \
		"$output"
done

finish
