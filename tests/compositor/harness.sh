# Helpers for the compositor tests, on top of control-lib.sh (which starts a
# headless bulkhead with the workspaces personal, notes and the vm
# workspace work, and cleans up on exit).
#
# Usage of a test: NAME.sh BULKHEAD BULKHEADCTL, with TEST_CLIENT_DIR set to
# the build directory of tests/clients.

. "$(dirname "$0")/control-lib.sh"

TEST_CLIENT_DIR=${TEST_CLIENT_DIR:?set TEST_CLIENT_DIR to the build directory of tests/clients}
PPM_TOOL="$(dirname "$0")/ppm.py"
VKBD_FD_OPEN=

# client NAME: the path of test client NAME (keylog, clipboard, globals,
# vkbd).
client() {
	echo "$TEST_CLIENT_DIR/test-$1"
}

# start_logged_client LOG WORKSPACE COMMAND...: like start_client, but logs
# to $TEST_DIR/LOG, so that one workspace can run several clients.
start_logged_client() {
	local log=$1 workspace=$2
	shift 2
	WAYLAND_DISPLAY="bulkhead-$workspace" "$@" > "$TEST_DIR/$log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
}

# log_has LOG LINE: whether $TEST_DIR/LOG has LINE as a whole line.
log_has() {
	grep -qxF -- "$2" "$TEST_DIR/$1"
}

# wait_for_line SECONDS LOG LINE
wait_for_line() {
	if ! wait_until "$1" log_has "$2" "$3"; then
		fail "expected the line '$3' in $2 within $1 s; it has:" \
			"$(tr '\n' '|' < "$TEST_DIR/$2")"
		return 1
	fi
	pass "$2 has the line '$3'"
}

# start_vkbd WORKSPACE: starts a virtual keyboard on a host workspace that
# stays until the test ends, so the seat has a keyboard for the clients.
start_vkbd() {
	mkfifo "$TEST_DIR/vkbd.in"
	WAYLAND_DISPLAY="bulkhead-$1" "$(client vkbd)" - \
		< "$TEST_DIR/vkbd.in" > "$TEST_DIR/vkbd.log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
	exec 3> "$TEST_DIR/vkbd.in"
	VKBD_FD_OPEN=1
}

sent_count() {
	grep -c '^sent$' "$TEST_DIR/vkbd.log"
}

has_sent() {
	[ "$(sent_count)" -ge "$1" ]
}

# type_keys EVENT...: sends key events (vkbd's syntax, e.g. +KEY_LEFTMETA
# KEY_TAB -KEY_LEFTMETA) through the virtual keyboard and waits until they
# are sent.
type_keys() {
	local expected=$(($(sent_count) + 1))
	if [ -z "$VKBD_FD_OPEN" ]; then
		fail "type_keys called before start_vkbd"
		return 1
	fi
	echo "$*" >&3
	if ! wait_until 10 has_sent "$expected"; then
		fail "the virtual keyboard did not send '$*' within 10 s:" \
			"$(tr '\n' '|' < "$TEST_DIR/vkbd.log")"
		return 1
	fi
}

# screenshot FILE: captures the whole layout as PPM through the personal
# workspace, which offers screencopy.
screenshot() {
	if ! WAYLAND_DISPLAY=bulkhead-personal grim -t ppm "$1" \
			2> "$TEST_DIR/grim.log"; then
		fail "grim failed: $(cat "$TEST_DIR/grim.log")"
		return 1
	fi
}

# region_colors FILE X Y WIDTH HEIGHT: "#rrggbb COUNT" lines, most frequent
# first.
region_colors() {
	python3 "$PPM_TOOL" "$@"
}

# check_region_color DESCRIPTION FILE COLOR X Y WIDTH HEIGHT: every pixel of
# the rectangle is COLOR.
check_region_color() {
	local description=$1 file=$2 color=$3
	shift 3
	local colors
	colors=$(python3 "$PPM_TOOL" "$file" colors "$@" | cut -d' ' -f1 |
		tr '\n' ' ')
	check_eq "$description (rectangle $*)" "$color " "$colors"
}

# mix_with_white COLOR: the default focused color, COLOR mixed 40 % with
# white per channel (c + (255 - c) * 40 / 100, integer division).
mix_with_white() {
	local hex=${1#\#} out='#' i c
	for i in 0 2 4; do
		c=$((16#${hex:$i:2}))
		out="$out$(printf '%02x' $((c + (255 - c) * 40 / 100)))"
	done
	echo "$out"
}

# window_value WORKSPACE FIELD: FIELD of the first window of WORKSPACE.
window_value() {
	list_json "[.windows[] | select(.workspace == \"$1\")][0].$2"
}

focused_workspace() {
	list_json '.workspaces[] | select(.focused) | .name'
}

# skip REASON: exits 77, except under CI (CI=true), whose scripts/test.sh
# sets up libvirtd and the demo guest, so a missing one is a failure there.
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $* (CI=true, where this test must run)"
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

# require_demo_vm: skips unless the demo guest ($DEMO_DIR), QEMU, virsh and
# a libvirtd serving $URI are there; starts libvirtd when none runs.
require_demo_vm() {
	local file

	for file in vmlinuz initrd.img; do
		[ -r "$DEMO_DIR/$file" ] ||
			skip "the demo guest $DEMO_DIR/$file is missing;" \
				"build it with scripts/build-demo-guest.sh"
	done
	command -v qemu-system-x86_64 > /dev/null ||
		skip "qemu-system-x86_64 is missing; install qemu-system-x86"
	command -v virsh > /dev/null ||
		skip "virsh is missing; install libvirt-clients"
	if ! "$SOURCE_ROOT/scripts/test-libvirtd.sh" \
			> "$TEST_DIR/libvirtd.log" 2>&1; then
		skip "no libvirtd serves $URI: $(cat "$TEST_DIR/libvirtd.log")"
	fi
}
