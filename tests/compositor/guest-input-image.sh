#!/bin/bash
# Guest display input with the Debian work image. With its SPICE agent the
# mouse mode is client (absolute): the virtual pointer over the view moves
# the guest's pointer to the same position in guest pixels, which xev on
# the guest's root window reports. Keys typed by wtype, a virtual keyboard
# with a keymap of its own, reach a guest xterm as the characters meant.
# The title strip shows "pointer: absolute", which list --json reports as
# the view's hint.
#
# Needs root, a libvirtd serving qemu:///system (scripts/test-libvirtd.sh),
# wtype, and the ci variant of the work image, which the test builds with
# scripts/build-work-image.sh when its recipe changed. The test defines its
# own domain, bulkhead-test-input-PID, and removes it at exit.
IMAGE_TEST_NAME=input
. "$(dirname "$0")/guest-image-lib.sh"

GUEST_WIDTH=800
GUEST_HEIGHT=600
XEV_LOG=/tmp/bulkhead-test-xev.log
TYPED_FILE=/tmp/bulkhead-test-typed
TYPED_TEXT=hello

# guest_pointer: "X,Y" of the last pointer motion that xev logged on the
# guest's root window.
guest_pointer() {
	guest /bin/cat "$XEV_LOG" | grep -o 'root:([0-9]*,[0-9]*)' | tail -n 1 |
		tr -d 'root:()'
}

# guest_pointer_near X Y: whether the guest's pointer is within one pixel
# of (X, Y) on each axis.
guest_pointer_near() {
	local position dx dy
	position=$(guest_pointer)
	[ -n "$position" ] || return 1
	dx=$((${position%,*} - $1))
	dy=$((${position#*,} - $2))
	[ "${dx#-}" -le 1 ] && [ "${dy#-}" -le 1 ]
}

# check_pointer DX DY: moves the pointer to content point (DX, DY) of the
# view and checks that the guest's pointer goes to guest pixel (DX, DY),
# because the view shows the guest at 1:1.
# NOTE: the guest reported one pixel less on both axes (99 for 100, 798
# for 799). That happened for x = 100 too, where the host's steps are exact
# in floating point (layout 120 of 1280), so the rounding is likely in the
# guest's input stack. The check accepts one pixel either way.
check_pointer() {
	local x y
	x=$(guest_view x)
	y=$(guest_view y)
	move_pointer $((x + $1)) $((y + $2)) || return
	if wait_seconds 15 guest_pointer_near "$1" "$2"; then
		pass "the guest's pointer is at ($(guest_pointer)) for content" \
			"point ($1, $2)"
	else
		fail "the guest's pointer is at '$(guest_pointer)', expected" \
			"'$1,$2' give or take one pixel, 15 s after the move to" \
			"content point ($1, $2)"
	fi
}

screen_is_guest_size() {
	guest_screen_is "${GUEST_WIDTH}x$GUEST_HEIGHT"
}

xev_runs() {
	guest /bin/cat "$XEV_LOG"
}

xterm_window_mapped() {
	guest_session /usr/bin/xwininfo -root -tree | grep -q '"XTerm")'
}

# xterm_window: the id of the XTerm client window, in hex as xwininfo
# prints it.
xterm_window() {
	guest_session /usr/bin/xwininfo -root -tree | grep '"XTerm")' |
		awk 'NR == 1 { print $1 }'
}

# active_window: the window that openbox names in _NET_ACTIVE_WINDOW.
active_window() {
	guest_session /usr/bin/xprop -root _NET_ACTIVE_WINDOW |
		sed -n 's/.*# \(0x[0-9a-f]*\).*/\1/p'
}

# window_is_active ID: whether openbox reports window ID (hex) as active.
window_is_active() {
	local active
	active=$(active_window)
	[ -n "$active" ] && [ $(($1)) -eq $((active)) ]
}

# click_window ID: clicks the middle of guest window ID with the virtual
# pointer, through the view, which shows the guest at 1:1.
click_window() {
	local info left top width height x y
	info=$(guest_session /usr/bin/xwininfo -id "$1")
	left=$(echo "$info" | sed -n 's/.*Absolute upper-left X: *//p')
	top=$(echo "$info" | sed -n 's/.*Absolute upper-left Y: *//p')
	width=$(echo "$info" | sed -n 's/.*Width: *//p')
	height=$(echo "$info" | sed -n 's/.*Height: *//p')
	x=$(($(guest_view x) + left + width / 2))
	y=$(($(guest_view y) + top + height / 2))
	WAYLAND_DISPLAY=bulkhead-personal "$(client vptr)" "$OUTPUT_WIDTH" \
		"$OUTPUT_HEIGHT" "$x" "$y" left > "$TEST_DIR/vptr.log" 2>&1
}

typed_text() {
	guest /bin/cat "$TYPED_FILE"
}

typed_text_is() {
	[ "$(typed_text)" = "$1" ]
}

check_requirements
command -v wtype > /dev/null || skip "wtype is missing; install wtype"
prepare_disk
start_debug_compositor
boot_guest

# A known guest size, shown at 1:1, so content points are guest pixels.
ctl resize "$(guest_view id)" "$GUEST_WIDTH" "$GUEST_HEIGHT" > /dev/null
if ! wait_seconds 30 screen_is_guest_size; then
	fail "the guest's screen is '$(guest_screen_size)', expected" \
		"${GUEST_WIDTH}x$GUEST_HEIGHT, 30 s after the resize"
	finish
fi
check_contains "the SPICE mouse mode is client" "SPICE mouse mode is client" \
	"$(grep 'SPICE mouse mode is' "$TEST_DIR/bulkhead.log" | tail -n 1)"
check_eq "the title strip hint names the absolute pointer" \
	"pointer: absolute" "$(guest_view hint)"

# xev prints each motion on the root window with its root coordinates, and
# stdbuf makes it write each line at once.
guest_detached /bin/sh -c "exec stdbuf -oL xev -root -event mouse > $XEV_LOG" \
	> /dev/null
if ! wait_seconds 20 xev_runs; then
	fail "xev did not start in the guest within 20 s"
	finish
fi
sleep 1
check_pointer 100 50
check_pointer 700 500
check_pointer 0 0
check_pointer $((GUEST_WIDTH - 1)) $((GUEST_HEIGHT - 1))

# Typing into a guest xterm: the xterm maps and openbox focuses it, and the
# line it reads goes to a file.
guest_detached /usr/bin/xterm -e /bin/sh -c \
	"read line; echo \"\$line\" > $TYPED_FILE" > /dev/null
if ! wait_seconds 60 xterm_window_mapped; then
	fail "no XTerm window in the guest within 60 s"
	finish
fi
# Openbox focuses a new window. NOTE: one run read no text after wtype,
# and which window had the focus then is not known, so the test clicks the
# xterm when openbox has not made it active within 10 s.
xterm_id=$(xterm_window)
if ! wait_seconds 10 window_is_active "$xterm_id"; then
	click_window "$xterm_id"
fi
if wait_seconds 20 window_is_active "$xterm_id"; then
	pass "the xterm $xterm_id has the guest's input focus"
else
	fail "the guest's active window is '$(active_window)', expected the" \
		"xterm $xterm_id"
fi
ctl focus work > /dev/null
check_eq "the guest view has the focus" true "$(guest_view focused)"
if ! WAYLAND_DISPLAY=bulkhead-personal wtype "$TYPED_TEXT" -k Return \
		> "$TEST_DIR/wtype.log" 2>&1; then
	fail "wtype failed: $(cat "$TEST_DIR/wtype.log")"
fi
if wait_seconds 20 typed_text_is "$TYPED_TEXT"; then
	pass "the guest xterm read '$TYPED_TEXT' typed by wtype"
else
	fail "the guest xterm read '$(typed_text 2>&1)', expected" \
		"'$TYPED_TEXT', 20 s after wtype"
fi
finish
