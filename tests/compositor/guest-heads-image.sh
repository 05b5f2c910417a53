#!/bin/bash
# Two heads, the guest's cursor and its sound, with the Debian work image
# (heads=2, sound=spice).
#
# Heads: once the SPICE agent runs, each head is a view of its own, framed
# in the workspace color, side by side in the output. The views' sizes are
# the guest's monitor layout (xrandr), also after a resize, and what the
# guest draws on head 2 shows in the second view.
#
# Cursor: over a view the host cursor shows the guest's cursor image, which
# follows the guest (an arrow over the root window, an I-beam over an
# xterm), and nothing while the guest hides it (unclutter-xfixes). The test
# compares the pixels around the pointer in screenshots that include the
# cursor (grim -c), with the pointer there and away.
#
# Sound: without a sound server bulkhead logs that and shows the guest as
# usual. With one (a private PulseAudio with a null sink) a new SPICE
# connection plays the guest's sound: a sine that speaker-test plays in the
# guest arrives in the null sink's monitor.
#
# Needs root, a libvirtd serving qemu:///system (scripts/test-libvirtd.sh),
# pulseaudio and parec, and the ci variant of the work image, which the
# test builds with scripts/build-work-image.sh when its recipe changed. The
# test defines its own domain, bulkhead-test-heads-PID, and removes it at
# exit.
IMAGE_TEST_NAME=heads
VM_EXTRA_KEYS='heads=2
sound=spice'
. "$(dirname "$0")/guest-image-lib.sh"

SPICE_TAKEOVER=${SPICE_TAKEOVER:?set SPICE_TAKEOVER to the spice-takeover executable}
# The size view 2 is resized to.
HEAD2_WIDTH=400
HEAD2_HEIGHT=300
ROOT_COLOR='#884400'
XTERM_COLOR='#00aa55'
# The square around the pointer that the cursor test compares.
PATCH=64
PULSE_SINK=bulkhead_test
PULSE_PID=

stop_pulse() {
	if [ -n "$PULSE_PID" ]; then
		kill "$PULSE_PID" 2>/dev/null
		wait "$PULSE_PID" 2>/dev/null
	fi
}

cleanup_heads() {
	stop_pulse
	cleanup_all
}
trap cleanup_heads EXIT

# head_view N FIELD: FIELD of the view of head N (titled "...: screen N").
head_view() {
	list_json "[.windows[] | select(.app_id == \"$GUEST_APP_ID\" and
		(.title | endswith(\": screen $1\")))][0].$2"
}

guest_view_count() {
	list_json "[.windows[] | select(.app_id == \"$GUEST_APP_ID\")] | length"
}

has_two_heads() {
	[ "$(guest_view_count)" -eq 2 ]
}

# output_geometry NAME: WIDTHxHEIGHT+X+Y of guest output NAME, from xrandr.
output_geometry() {
	guest_session /usr/bin/xrandr --current |
		sed -n "s/^$1 connected \(primary \)\{0,1\}\([0-9x+]*\) .*/\2/p"
}

# border_color N: the border color of head N's view, lighter when focused.
border_color() {
	if [ "$(head_view "$1" focused)" = true ]; then
		mix_with_white "$WORK_COLOR"
	else
		echo "$WORK_COLOR"
	fi
}

# cursor_shot FILE: a screenshot with the cursor drawn in.
cursor_shot() {
	WAYLAND_DISPLAY=bulkhead-personal grim -c -t ppm "$1" \
		2> "$TEST_DIR/grim.log" ||
		fail "grim -c failed: $(cat "$TEST_DIR/grim.log")"
}

# cursor_diff SHOT OTHER: "COUNT DIGEST" of the pixels that differ between
# screenshots SHOT.ppm and OTHER.ppm in the square around the pointer
# position (POINT_X, POINT_Y). The cursor images here have their hot spot
# near their top left corner.
cursor_diff() {
	python3 "$PPM_TOOL" "$TEST_DIR/$1.ppm" diff "$TEST_DIR/$2.ppm" \
		$((POINT_X - 8)) $((POINT_Y - 8)) "$PATCH" "$PATCH"
}

# log_count TEXT: how often TEXT is in bulkhead's log.
log_count() {
	grep -cF -- "$1" "$TEST_DIR/bulkhead.log"
}

log_count_is_above() {
	[ "$(log_count "$1")" -gt "$2" ]
}

check_requirements
for program in pulseaudio parec pactl; do
	command -v "$program" > /dev/null ||
		skip "$program is missing; install pulseaudio and pulseaudio-utils"
done
prepare_disk
start_debug_compositor
boot_guest

# No sound server yet: logged, and the guest shows as usual.
check_contains "no sound server is logged" "no sound server found" \
	"$(grep 'sound server' "$TEST_DIR/bulkhead.log")"

# Two heads, two views, side by side in one row inside the output.
if wait_seconds 60 has_two_heads; then
	pass "both heads are views once the agent runs"
else
	fail "$(guest_view_count) guest views 60 s after the agent" \
		"connected, expected 2: $(ctl list --json)"
	finish
fi
x1=$(head_view 1 x)
y1=$(head_view 1 y)
w1=$(head_view 1 width)
h1=$(head_view 1 height)
x2=$(head_view 2 x)
y2=$(head_view 2 y)
w2=$(head_view 2 width)
h2=$(head_view 2 height)
check_eq "the views of both heads are in one row" "$y1" "$y2"
check_eq "both heads have the same size" "${w1}x$h1" "${w2}x$h2"
if [ "$x2" -ge $((x1 + w1 + 2 * BORDER)) ] &&
		[ $((x2 + w2 + BORDER)) -le "$OUTPUT_WIDTH" ] &&
		[ $((y1 + h1 + BORDER)) -le "$OUTPUT_HEIGHT" ]; then
	pass "view 2 (${w2}x$h2+$x2+$y2) is right of view 1" \
		"(${w1}x$h1+$x1+$y1), both inside the output"
else
	fail "view 1 is ${w1}x$h1+$x1+$y1 and view 2 ${w2}x$h2+$x2+$y2;" \
		"expected them side by side inside the" \
		"${OUTPUT_WIDTH}x$OUTPUT_HEIGHT output"
fi
layout_is() {
	[ "$(output_geometry Virtual-1)" = "${w1}x$h1+0+0" ] &&
		[ "$(output_geometry Virtual-2)" = "${w2}x$h2+$w1+0" ]
}
if wait_seconds 60 layout_is; then
	pass "the guest's outputs are ${w1}x$h1+0+0 and ${w2}x$h2+$w1+0"
else
	fail "the guest's outputs are '$(output_geometry Virtual-1)' and" \
		"'$(output_geometry Virtual-2)', expected ${w1}x$h1+0+0 and" \
		"${w2}x$h2+$w1+0"
	finish
fi
# Resizing view 2 resizes head 2 in the guest's layout.
w2=$HEAD2_WIDTH
h2=$HEAD2_HEIGHT
ctl resize "$(head_view 2 id)" "$w2" "$h2" > /dev/null
if wait_seconds 60 layout_is; then
	pass "after a resize of view 2 the guest's outputs are ${w1}x$h1+0+0" \
		"and ${w2}x$h2+$w1+0"
else
	fail "the guest's outputs are '$(output_geometry Virtual-1)' and" \
		"'$(output_geometry Virtual-2)' 60 s after the resize of view 2"
	finish
fi
check_eq "view 2 has the size of head 2" "${w2}x$h2" \
	"$(head_view 2 width)x$(head_view 2 height)"

# The root window in one color over both heads, and a window on head 2.
guest_session /usr/bin/xsetroot -solid "$ROOT_COLOR" > /dev/null
guest_detached /usr/bin/xterm -geometry 20x5+$((w1 + 50))+50 \
	-bg "$XTERM_COLOR" -fg "$XTERM_COLOR" -T head2 -e /bin/sleep 600 \
	> /dev/null
head2_window_mapped() {
	guest_session /usr/bin/xwininfo -name head2 > /dev/null
}
if ! wait_seconds 60 head2_window_mapped; then
	fail "the xterm on head 2 did not map within 60 s"
	finish
fi
info=$(guest_session /usr/bin/xwininfo -name head2)
left=$(echo "$info" | sed -n 's/.*Absolute upper-left X: *//p')
top=$(echo "$info" | sed -n 's/.*Absolute upper-left Y: *//p')
sleep 2
screenshot "$TEST_DIR/heads.ppm" || finish
check_eq "view 1 shows the root color" "$ROOT_COLOR" \
	"$(region_colors "$TEST_DIR/heads.ppm" colors $((x1 + 50)) \
		$((y1 + 50)) 200 200 | awk 'NR == 1 { print $1 }')"
check_eq "view 2 shows the xterm on head 2" "$XTERM_COLOR" \
	"$(region_colors "$TEST_DIR/heads.ppm" colors \
		$((x2 + left - w1 + 10)) $((y2 + top + 10)) 60 30 |
		awk 'NR == 1 { print $1 }')"
check_region_color "view 1 has a work border" "$TEST_DIR/heads.ppm" \
	"$(border_color 1)" $((x1 - BORDER)) "$y1" "$BORDER" "$h1"
check_region_color "view 2 has a work border" "$TEST_DIR/heads.ppm" \
	"$(border_color 2)" $((x2 - BORDER)) "$y2" "$BORDER" "$h2"

# The cursor over view 1, first on the root window and then over an
# xterm, whose I-beam cursor the guest sends as a new shape.
POINT_X=$((x1 + 200))
POINT_Y=$((y1 + 200))
away() {
	move_pointer 5 $((OUTPUT_HEIGHT - 5))
	sleep 1
}
here() {
	move_pointer "$POINT_X" "$POINT_Y"
	sleep 2
}
away
cursor_shot "$TEST_DIR/root-away.ppm"
here
cursor_shot "$TEST_DIR/root-here.ppm"
root_cursor=$(cursor_diff root-here root-away)
read -r count box digest <<< "$root_cursor"
if [ "$count" -gt 0 ]; then
	pass "a cursor shows over the guest view ($count pixels in $box)"
else
	fail "the pixels at the pointer over the guest view are the same as" \
		"without the pointer"
fi
# The guest's arrow is 24 pixels high (X's default cursor size), in the
# top left corner of a 64x64 image. A wrong stride or scale spreads or
# shrinks it.
width=${box%x*}
height=${box#*x}
if [ "$width" -ge 8 ] && [ "$width" -le 24 ] && [ "$height" -ge 16 ] &&
		[ "$height" -le 32 ]; then
	pass "the arrow covers $box pixels, as a 24-pixel cursor does"
else
	fail "the arrow covers $box pixels, expected 8 to 24 wide and 16 to" \
		"32 high"
fi
shapes=$(log_count "head 0: guest cursor ")
guest_detached /usr/bin/xterm -geometry 40x10+150+150 -T under \
	-e /bin/sleep 600 > /dev/null
if wait_seconds 60 log_count_is_above "head 0: guest cursor " "$shapes"; then
	pass "an xterm under the pointer gave a new cursor shape"
else
	fail "no new cursor shape for head 0 within 60 s of the xterm"
fi
sleep 2
cursor_shot "$TEST_DIR/xterm-here.ppm"
away
cursor_shot "$TEST_DIR/xterm-away.ppm"
xterm_cursor=$(cursor_diff xterm-here xterm-away)
if [ "${xterm_cursor%% *}" -gt 0 ] &&
		[ "${xterm_cursor##* }" != "$digest" ]; then
	pass "the cursor over the view took the guest's new shape"
else
	fail "the cursor over the xterm covers the same pixels as over the" \
		"root window: '$xterm_cursor' and '$root_cursor'"
fi
here
hides=$(log_count "head 0: guest cursor hidden")
guest_detached /usr/bin/unclutter-xfixes --start-hidden --timeout 600 \
	> /dev/null
if wait_seconds 30 log_count_is_above "head 0: guest cursor hidden" "$hides"
then
	pass "the guest hid its cursor"
else
	fail "bulkhead logged no hidden cursor within 30 s of unclutter"
fi
sleep 1
cursor_shot "$TEST_DIR/hidden.ppm"
check_eq "no cursor shows while the guest hides it" "0" \
	"$(cursor_diff hidden xterm-away | cut -d' ' -f1)"

# Sound: a private PulseAudio with a null sink, then a new connection.
mkdir -p "$TEST_DIR/pulse-home"
HOME=$TEST_DIR/pulse-home pulseaudio --daemonize=no --exit-idle-time=-1 \
	-n --use-pid-file=no \
	--load="module-native-protocol-unix auth-anonymous=1" \
	--load="module-null-sink sink_name=$PULSE_SINK" \
	> "$TEST_DIR/pulse.log" 2>&1 &
PULSE_PID=$!
if ! wait_until 20 pactl info; then
	fail "pulseaudio did not start: $(tail -n 5 "$TEST_DIR/pulse.log")"
	finish
fi
playing=$(log_count "playing the guest's sound")
"$SPICE_TAKEOVER" "$URI" "$DOMAIN" > "$TEST_DIR/takeover.log" 2>&1 ||
	fail "spice-takeover failed: $(cat "$TEST_DIR/takeover.log")"
if wait_seconds 60 log_count_is_above "playing the guest's sound" "$playing"
then
	pass "the new connection plays the guest's sound"
else
	fail "bulkhead did not log playing the guest's sound within 60 s of" \
		"the new connection"
	finish
fi
wait_seconds 60 has_two_heads ||
	fail "the heads did not come back after the new connection"

# A 440 Hz sine for about 10 s, recorded from the null sink's monitor.
guest /bin/sh -c "timeout 15 speaker-test -D plughw:0,0 -t sine -f 440 \
	-c 2 -l 0 > /dev/null 2>&1 &" > /dev/null
timeout 8 parec --device="$PULSE_SINK.monitor" --format=s16le --rate=48000 \
	--channels=2 --raw > "$TEST_DIR/sound.raw" 2> "$TEST_DIR/parec.log"
peak=$(python3 -c '
import array, sys
samples = array.array("h", open(sys.argv[1], "rb").read())
print(max((abs(s) for s in samples), default=0))' "$TEST_DIR/sound.raw")
if [ "${peak:-0}" -gt 1000 ]; then
	pass "the guest's sine reached the host's sink (peak $peak of 32767)"
else
	fail "the host's sink recorded a peak of '$peak' while the guest" \
		"played, expected more than 1000: $(cat "$TEST_DIR/parec.log")"
fi
streams=$(pactl list short sink-inputs | wc -l)
if [ "$streams" -ge 1 ]; then
	pass "the sink plays $streams stream(s) from bulkhead"
else
	fail "the sink plays no stream: $(pactl list sink-inputs 2>&1)"
fi
finish
