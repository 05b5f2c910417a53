#!/bin/bash
# Real VM: the demo guest's screen as a guest display view. A placeholder
# in the workspace color comes first, then the guest's text screen shows
# inside the frame. Small guest updates invalidate small regions, and a size
# request scales the image exactly (the demo guest has no agent). Without
# an agent or tablet driver the SPICE mouse mode is server. A click
# captures the pointer, and relative motion, buttons and the wheel then
# reach the guest's PS/2 mouse exactly. The release-pointer binding ends
# the capture, and the title strip hint names each state. The host's Caps Lock reaches the guest on
# focus, and a focus change releases a held key. A second SPICE client
# takes the connection away, and bulkhead reconnects by itself. A guest
# reset keeps the view, and force-off and a crash close it alone.
#
# Needs a libvirtd serving qemu:///system (scripts/test-libvirtd.sh starts
# one) and the demo guest (scripts/build-demo-guest.sh); exits 77 without
# them, or 1 under CI. The test defines its own domain,
# bulkhead-test-display-PID, and removes it at exit.
. "$(dirname "$0")/harness.sh"

DEMO_DIR=${BULKHEAD_DEMO_DIR:-/var/lib/bulkhead/demo}
VMCTL=${BULKHEAD_VMCTL:?set BULKHEAD_VMCTL to the bulkhead-vmctl executable}
SOURCE_ROOT=${BULKHEAD_SOURCE_ROOT:?set BULKHEAD_SOURCE_ROOT}
URI=qemu:///system
VM_NAME=test-display-$$
DOMAIN=bulkhead-$VM_NAME
WORK_COLOR='#1565c0'
# The demo guest's VGA text screen: 720x400, a light grey bar on text row 1
# (16 pixels high) over a blue background.
GUEST_WIDTH=720
GUEST_HEIGHT=400
BAR_COLOR='#a8a8a8'
SCREEN_COLOR='#0000a8'
# evdev codes, which the guest logs and test-vkbd takes.
KEY_CAPSLOCK=58
KEY_LEFTSHIFT=42
KEY_LEFTCTRL=29
KEY_LEFTALT=56
KEY_G=34
KEY_A=30
BTN_LEFT=272
SPICE_TAKEOVER=${SPICE_TAKEOVER:?set SPICE_TAKEOVER to the spice-takeover executable}
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

# As start_compositor, with debug messages for the invalidate lines.
start_debug_compositor() {
	write_config
	WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		"$BULKHEAD" --debug --config "$TEST_DIR/config.ini" \
		> "$TEST_DIR/bulkhead.log" 2>&1 &
	COMPOSITOR_PID=$!
	if ! wait_until 20 "$BULKHEADCTL" --socket bulkhead-personal list; then
		fail "bulkhead did not offer the control protocol within 20 s"
		exit 1
	fi
}

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

# guest_value APP_ID FIELD: FIELD of the first work window with APP_ID.
guest_value() {
	list_json "[.windows[] | select(.app_id == \"$1\")][0].$2"
}

app_count() {
	list_json "[.windows[] | select(.app_id == \"$1\")] | length"
}

has_app() {
	[ "$(app_count "$1")" -ge 1 ]
}

has_no_app() {
	[ "$(app_count "$1")" -eq 0 ]
}

serial_count() {
	grep -cF -- "$1" "$SERIAL_LOG" 2>/dev/null
}

serial_has_count() {
	[ "$(serial_count "$1")" -ge "$2" ]
}

# main_color FILE X Y W H: the most frequent color of a rectangle.
main_color() {
	region_colors "$@" | awk 'NR == 1 { print $1 }'
}

serial_lines() {
	wc -l < "$SERIAL_LOG"
}

# motion_since LINE: "DX DY", the sum of the guest's "pointer motion" lines
# after line LINE of the serial log.
motion_since() {
	tail -n "+$(($1 + 1))" "$SERIAL_LOG" | tr -d '\r' |
		awk '$1 == "pointer" && $2 == "motion" { x += $3; y += $4 }
			END { print x + 0, y + 0 }'
}

motion_is() {
	[ "$(motion_since "$1")" = "$2" ]
}

hint_is() {
	[ "$(guest_value bulkhead-guest hint)" = "$1" ]
}

# check_hint WHAT HINT: waits up to 10 s for the guest view's hint.
check_hint() {
	if wait_until 10 hint_is "$2"; then
		pass "$1: the hint is '$2'"
	else
		fail "$1: the hint is '$(guest_value bulkhead-guest hint)'," \
			"expected '$2'"
	fi
}

# point X Y [ARGS...]: the virtual pointer at layout point (X, Y).
point() {
	WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" 1280 720 "$@" \
		> "$TEST_DIR/vptr.log" 2>&1 ||
		fail "vptr $* failed: $(cat "$TEST_DIR/vptr.log")"
}

# check_motion X Y DX DY: moves the captured pointer to (X, Y) and checks
# that the guest's mouse moved by (DX, DY) in all.
check_motion() {
	local mark
	mark=$(serial_lines)
	point "$1" "$2"
	if wait_until 20 motion_is "$mark" "$3 $4"; then
		pass "the guest's mouse moved by ($3, $4)"
	else
		fail "the guest's mouse moved by ($(motion_since "$mark")), " \
			"expected ($3, $4)"
	fi
}

require_demo_vm

start_debug_compositor
SERIAL_LOG=$("$VMCTL" --config "$TEST_DIR/config.ini" --json status \
	"$VM_NAME" | jq -r .serial_log)
start_vkbd personal
start_client personal weston-simple-shm
wait_for_windows 1 || finish

# Power on: the placeholder shows first, in the workspace color.
ctl vm on work > "$TEST_DIR/vm-on.log" 2>&1 &
if wait_until 60 has_app bulkhead-guest-placeholder; then
	pass "a placeholder view appeared while the VM starts"
	hint=$(guest_value bulkhead-guest-placeholder hint)
	case $hint in
	starting | connecting) pass "the placeholder's hint is '$hint'" ;;
	*) fail "the placeholder's hint is '$hint', expected starting or" \
		"connecting" ;;
	esac
	screenshot "$TEST_DIR/placeholder.ppm" &&
		px=$(guest_value bulkhead-guest-placeholder x) &&
		py=$(guest_value bulkhead-guest-placeholder y) &&
		check_eq "the placeholder is mostly $WORK_COLOR" "$WORK_COLOR" \
			"$(main_color "$TEST_DIR/placeholder.ppm" colors "$px" \
				"$py" 200 100)"
else
	fail "no placeholder within 60 s: $(ctl list --json)"
fi
if ! wait_until 120 has_app bulkhead-guest; then
	fail "no guest display view within 120 s: $(ctl list --json)"
	finish
fi
pass "the guest display replaced the placeholder"
wait_until 10 has_no_app bulkhead-guest-placeholder ||
	fail "the placeholder stayed after the guest display appeared"
if wait_until 120 serial_has_count "bulkhead-demo: ready" 1; then
	pass "the guest printed its ready line"
else
	fail "no 'bulkhead-demo: ready' within 120 s"
	finish
fi
sleep 2

# The guest's screen inside the frame: bar row and blue screen.
ctl focus personal > /dev/null
screenshot "$TEST_DIR/guest.ppm" || finish
id=$(guest_value bulkhead-guest id)
x=$(guest_value bulkhead-guest x)
y=$(guest_value bulkhead-guest y)
check_eq "guest view width is the guest mode" "$GUEST_WIDTH" \
	"$(guest_value bulkhead-guest width)"
check_eq "guest view height is the guest mode" "$GUEST_HEIGHT" \
	"$(guest_value bulkhead-guest height)"
check_eq "guest bar row is $BAR_COLOR" "$BAR_COLOR" \
	"$(main_color "$TEST_DIR/guest.ppm" colors "$x" "$y" "$GUEST_WIDTH" 16)"
check_eq "guest screen is $SCREEN_COLOR" "$SCREEN_COLOR" \
	"$(main_color "$TEST_DIR/guest.ppm" colors "$x" $((y + 16)) \
		"$GUEST_WIDTH" $((GUEST_HEIGHT - 16)))"
check_region_color "left border is $WORK_COLOR" "$TEST_DIR/guest.ppm" \
	"$WORK_COLOR" $((x - 4)) "$y" 4 "$GUEST_HEIGHT"

# The clock redraws a few text cells each second: each invalidate of the
# idle guest must cover less than a quarter of its screen. Under TCG QEMU
# sends them in bursts several seconds apart.
mark=$(wc -l < "$TEST_DIR/bulkhead.log")
idle_invalidates() {
	tail -n "+$mark" "$TEST_DIR/bulkhead.log" |
		grep -oE 'display 0: invalidate [0-9]+,[0-9]+ [0-9]+x[0-9]+' |
		awk '{print $5}'
}
has_idle_invalidates() {
	[ -n "$(idle_invalidates)" ]
}
# Wait for a few bursts, up to 40 s, then judge all that came.
wait_until 40 has_idle_invalidates
sleep 5
invalidates=$(idle_invalidates)
count=$(echo "$invalidates" | grep -c x)
if [ "$count" -ge 1 ]; then
	pass "the idle guest sent $count invalidates"
else
	fail "the idle guest sent no invalidate in 45 s"
fi
largest=$(echo "$invalidates" | awk -Fx '{print $1 * $2}' | sort -n | tail -n 1)
if [ -n "$largest" ] && [ "$largest" -lt $((GUEST_WIDTH * GUEST_HEIGHT / 4)) ]; then
	pass "each idle invalidate is small (largest $largest pixels)"
else
	fail "an idle invalidate covers $largest pixels of $((GUEST_WIDTH * GUEST_HEIGHT))"
fi

# Half the size: the image is scaled to exactly 360x200.
check_contains "resize to 360x200" "asked window" \
	"$(ctl resize "$id" 360 200 2>&1)"
sleep 1
screenshot "$TEST_DIR/half.ppm" || finish
check_eq "scaled view width" 360 "$(guest_value bulkhead-guest width)"
check_eq "scaled view height" 200 "$(guest_value bulkhead-guest height)"
check_eq "scaled bar is $BAR_COLOR" "$BAR_COLOR" \
	"$(main_color "$TEST_DIR/half.ppm" colors "$x" "$y" 360 8)"
# Cropping instead of scaling would leave the bar 16 rows high.
check_eq "scaled bar is 8 rows high" "$SCREEN_COLOR" \
	"$(main_color "$TEST_DIR/half.ppm" colors "$x" $((y + 8)) 360 8)"
check_eq "scaled screen is $SCREEN_COLOR" "$SCREEN_COLOR" \
	"$(main_color "$TEST_DIR/half.ppm" colors "$x" $((y + 8)) 360 192)"
check_region_color "border right of the scaled view" "$TEST_DIR/half.ppm" \
	"$WORK_COLOR" $((x + 360)) "$y" 4 200

# 720x300 keeps the aspect ratio: a 540x300 image with 90-pixel black bars.
ctl resize "$id" 720 300 > /dev/null
sleep 1
screenshot "$TEST_DIR/letterbox.ppm" || finish
check_region_color "black bar left of the image" "$TEST_DIR/letterbox.ppm" \
	'#000000' "$x" $((y + 20)) 90 280
check_region_color "black bar right of the image" "$TEST_DIR/letterbox.ppm" \
	'#000000' $((x + 630)) $((y + 20)) 90 280
# Row 150 of the view is row 200 of the guest: clock digits, never black.
first=$(region_colors "$TEST_DIR/letterbox.ppm" colors $((x + 90)) "$y" 1 300)
last=$(region_colors "$TEST_DIR/letterbox.ppm" colors $((x + 629)) "$y" 1 300)
check_eq "image starts at column 90" "$SCREEN_COLOR" \
	"$(echo "$first" | awk 'NR == 1 { print $1 }')"
check_eq "image ends at column 629" "$SCREEN_COLOR" \
	"$(echo "$last" | awk 'NR == 1 { print $1 }')"
ctl resize "$id" "$GUEST_WIDTH" "$GUEST_HEIGHT" > /dev/null

# Server mouse mode: relative motion, only while captured.
check_contains "the SPICE mouse mode is server" "SPICE mouse mode is server" \
	"$(grep 'SPICE mouse mode is' "$TEST_DIR/bulkhead.log" | tail -n 1)"
check_hint "before a click" "pointer: relative, click to capture"
click_x=$((x + 200))
click_y=$((y + 200))
mark=$(serial_lines)
point "$click_x" "$click_y" left
check_hint "after a click" "pointer captured, Ctrl+Alt+G releases"
if wait_until 20 serial_has_count "pointer button $BTN_LEFT release" 1; then
	pass "the capturing click reached the guest"
else
	fail "the guest saw no left button release after the click"
fi
# The host cursor stays where the click captured it, so each move is a step from
# the click point.
check_motion $((click_x + 100)) "$click_y" 100 0
check_motion $((click_x - 40)) $((click_y + 50)) -40 50
point "$click_x" "$click_y" scroll 2
if wait_until 20 serial_has_count "pointer wheel -1" 2; then
	pass "two wheel notches down reached the guest"
else
	fail "the guest logged $(serial_count "pointer wheel -1") of 2" \
		"wheel notches down"
fi
# At half size each layout pixel is two guest pixels.
ctl resize "$id" $((GUEST_WIDTH / 2)) $((GUEST_HEIGHT / 2)) > /dev/null
sleep 1
check_motion $((click_x + 50)) $((click_y - 20)) 100 -40
ctl resize "$id" "$GUEST_WIDTH" "$GUEST_HEIGHT" > /dev/null
sleep 1

# The binding releases the pointer, and its G never reaches the guest.
ctl focus work > /dev/null
type_keys +$KEY_LEFTCTRL +$KEY_LEFTALT $KEY_G -$KEY_LEFTALT -$KEY_LEFTCTRL
check_hint "after Ctrl+Alt+G" "pointer: relative, click to capture"
check_eq "the bound G did not reach the guest" 0 \
	"$(serial_count "key $KEY_G press")"
mark=$(serial_lines)
point $((click_x + 30)) $((click_y + 30))
sleep 3
check_eq "a released pointer does not move the guest's mouse" "0 0" \
	"$(motion_since "$mark")"
ctl focus personal > /dev/null

# Caps Lock turned on in personal is set in the guest when work gets focus.
type_keys $KEY_CAPSLOCK
before=$(serial_count "key $KEY_CAPSLOCK press")
ctl focus work > /dev/null
if wait_until 20 serial_has_count "key $KEY_CAPSLOCK press" $((before + 1)); then
	pass "focus synced Caps Lock into the guest"
else
	fail "the guest saw no Caps Lock press after focus work"
fi

# A key held while focus leaves is released in the guest.
type_keys +$KEY_LEFTSHIFT
wait_until 20 serial_has_count "key $KEY_LEFTSHIFT press" 1 ||
	fail "the guest did not see Left Shift pressed"
ctl focus personal > /dev/null
if wait_until 20 serial_has_count "key $KEY_LEFTSHIFT release" 1; then
	pass "focus leaving released Left Shift in the guest"
else
	fail "Left Shift stayed held in the guest after focus left"
fi
type_keys -$KEY_LEFTSHIFT

# A second SPICE client takes over the connection; bulkhead reconnects,
# shows the screen again and its keys reach the guest.
connections() {
	grep -c 'SPICE channel main 0 connected' "$TEST_DIR/bulkhead.log"
}
connections_are() {
	[ "$(connections)" -ge "$1" ]
}
before=$(connections)
if "$SPICE_TAKEOVER" "$URI" "$DOMAIN" > "$TEST_DIR/takeover.log" 2>&1; then
	pass "a second SPICE client connected"
else
	fail "spice-takeover failed: $(cat "$TEST_DIR/takeover.log")"
fi
if wait_until 20 grep -q "SPICE connection closed" "$TEST_DIR/bulkhead.log"; then
	pass "bulkhead saw its SPICE connection end"
else
	fail "bulkhead logged no closed SPICE connection after the takeover"
fi
if wait_until 60 connections_are $((before + 1)) &&
		wait_until 30 has_app bulkhead-guest; then
	pass "bulkhead reconnected to SPICE and shows the guest again"
	sleep 2
	screenshot "$TEST_DIR/reconnect.ppm" &&
		check_eq "after the reconnect the guest screen shows" \
			"$SCREEN_COLOR" "$(main_color "$TEST_DIR/reconnect.ppm" \
				colors "$(guest_value bulkhead-guest x)" \
				$(($(guest_value bulkhead-guest y) + 16)) 360 200)"
	before=$(serial_count "key $KEY_A press")
	ctl focus work > /dev/null
	type_keys $KEY_A
	if wait_until 20 serial_has_count "key $KEY_A press" $((before + 1)); then
		pass "a key reached the guest after the reconnect"
	else
		fail "the guest saw no KEY_A after the reconnect"
	fi
	ctl focus personal > /dev/null
else
	fail "no new SPICE connection within 60 s of the takeover:" \
		"$(ctl list --json)"
fi

# A reset reboots the guest; its screen comes back in a guest view.
virsh -c "$URI" reset "$DOMAIN" > /dev/null
if wait_until 150 serial_has_count "bulkhead-demo: ready" 2; then
	pass "the guest booted again after the reset"
else
	fail "no second ready line within 150 s of the reset"
fi
sleep 2
if wait_until 30 has_app bulkhead-guest; then
	screenshot "$TEST_DIR/reset.ppm" &&
		rx=$(guest_value bulkhead-guest x) &&
		ry=$(guest_value bulkhead-guest y) &&
		check_eq "after the reset the guest screen shows again" \
			"$SCREEN_COLOR" "$(main_color "$TEST_DIR/reset.ppm" colors \
				"$rx" $((ry + 16)) 360 200)"
else
	fail "no guest view after the reset: $(ctl list --json)"
fi

# Force off: the guest's views close, the personal view stays.
ctl vm force-off work > /dev/null 2>&1
if wait_until 60 has_no_app bulkhead-guest; then
	pass "force-off closed the guest view"
else
	fail "the guest view stayed after force-off"
fi
check_eq "no placeholder after force-off" 0 \
	"$(app_count bulkhead-guest-placeholder)"
check_eq "the personal view stays" 1 \
	"$(list_json '[.windows[] | select(.workspace == "personal")] | length')"

# A crash: QEMU killed. The view closes, the state is crashed, the
# personal view stays.
ctl vm on work > "$TEST_DIR/vm-on-again.log" 2>&1 &
if ! wait_until 120 has_app bulkhead-guest; then
	fail "no guest view within 120 s of the second vm on"
	finish
fi
qemu_pid=$(pgrep -f -- "guest=$DOMAIN,")
if [ -z "$qemu_pid" ]; then
	fail "no QEMU process for $DOMAIN"
	finish
fi
kill -KILL "$qemu_pid"
work_state_is_crashed() {
	[ "$(list_json '.workspaces[] | select(.name == "work") |
		.vm_state')" = crashed ]
}
if wait_until 60 work_state_is_crashed; then
	pass "the killed VM is reported as crashed"
else
	fail "the work VM state is '$(list_json '.workspaces[] |
		select(.name == "work") | .vm_state')' after QEMU was killed"
fi
if wait_until 30 has_no_app bulkhead-guest; then
	pass "the crash closed the guest view"
else
	fail "the guest view stayed after the crash"
fi
check_eq "no placeholder after the crash" 0 \
	"$(app_count bulkhead-guest-placeholder)"
check_eq "the personal view stays after the crash" 1 \
	"$(list_json '[.windows[] | select(.workspace == "personal")] | length')"

# sound=none (the default): the domain has no sound card, so QEMU has no
# SPICE playback channel to offer.
check_eq "the domain of sound=none has no sound card" 0 \
	"$(virsh -c "$URI" dumpxml "$DOMAIN" | grep -c '<sound')"
finish
