#!/bin/bash
# Tests of the work guest image (scripts/build-work-image.sh, ci variant).
#
# Usage: image-test.sh CASE OUT_DIR
#   build  builds the image, or finds it up to date, then checks that a
#          second run rebuilds nothing and that the output is a bootable
#          qcow2 file with the recipe hash beside it
#   guest  boots a copy-on-write overlay of the image as the libvirt domain
#          bulkhead-test-image under TCG. Then it checks, in order:
#          - the X session is ready within GUEST_SESSION_TIMEOUT seconds
#            (default 420);
#          - the guest agent runs commands and returns output and status;
#          - the home volume is mounted with the user's home on it;
#          - an app started with bulkhead-vmctl exec and bulkhead-guest-run
#            runs as the user and shows on the guest screen;
#          - SPICE monitor configs resize the guest screen;
#          - a graceful shutdown completes.
#
# Needs root (mmdebstrap, qemu:///system). Exits 77 (skipped) without root
# or without a libvirtd. Environment from tests/image/meson.build:
# BULKHEAD_SOURCE_DIR, BULKHEAD_VMCTL, SPICE_MONITOR.
set -euo pipefail

readonly CASE=${1:?usage: image-test.sh CASE OUT_DIR}
readonly OUT_DIR=${2:?usage: image-test.sh CASE OUT_DIR}
readonly SOURCE_DIR=${BULKHEAD_SOURCE_DIR:?}
readonly VMCTL=${BULKHEAD_VMCTL:?}
readonly BUILD_SCRIPT=$SOURCE_DIR/scripts/build-work-image.sh
readonly SCREEN=$SOURCE_DIR/tests/image/screen.py
readonly IMAGE=${BULKHEAD_TEST_IMAGE:-/var/lib/bulkhead/images/work-debian12-ci.qcow2}
readonly URI=qemu:///system
readonly VM=test-image
readonly DOMAIN=bulkhead-$VM
# vmctl resolves relative paths in the VM's state directory, which QEMU
# (running as libvirt-qemu) can reach.
readonly STATE_DIR=/var/lib/bulkhead/vms/$VM
readonly CONFIG=$OUT_DIR/image-test.ini
readonly SESSION_TIMEOUT=${GUEST_SESSION_TIMEOUT:-420}
# The test app's background color, so its window can be found on screen.
readonly APP_COLOR=ff00ff
# An xterm of 60x20 cells with the 6x13 "fixed" font covers 360x260 px.
readonly APP_MIN_PIXELS=60000
readonly RESIZE_SIZES=(1024x768 1440x900)
readonly RESIZE_MAX_MS=${GUEST_RESIZE_MAX_MS:-1000}

failures=0

log() {
	printf '[%s] %s\n' "$(date +%T)" "$*"
}

pass() {
	log "ok: $*"
}

fail() {
	log "FAIL: $*"
	failures=$((failures + 1))
}

skip() {
	echo "image-test: skipped: $*"
	exit 77
}

vmctl() {
	"$VMCTL" --config "$CONFIG" --uri "$URI" "$@"
}

# Runs a command in the guest through the guest agent, as root.
guest() {
	vmctl exec "$VM" -- "$@"
}

# Runs a command in the user's X session and waits for it.
guest_session() {
	guest /usr/bin/bulkhead-guest-run --wait -- "$@"
}

screenshot() {
	virsh -q -c "$URI" screenshot "$DOMAIN" "$1" >/dev/null
}

build_image() {
	"$BUILD_SCRIPT" --variant ci --output "$IMAGE"
}

case_build() {
	local start=$SECONDS
	log "building $IMAGE"
	build_image
	log "build took $((SECONDS - start)) s (0 s when it was up to date)"

	local output elapsed
	start=$SECONDS
	output=$(build_image)
	elapsed=$((SECONDS - start))
	if [[ $output == *"is up to date"* ]]; then
		pass "a second build finds the image up to date"
	else
		fail "a second build did not report the image up to date: $output"
	fi
	if ((elapsed <= 5)); then
		pass "the up-to-date check took $elapsed s"
	else
		fail "the up-to-date check took $elapsed s, expected at most 5 s"
	fi

	local format
	format=$(qemu-img info --output=json "$IMAGE" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["format"])')
	if [[ $format == qcow2 ]]; then
		pass "the image is qcow2"
	else
		fail "the image format is $format, expected qcow2"
	fi
	if [[ $(stat -c %a "$IMAGE") == 644 ]]; then
		pass "the image is mode 0644"
	else
		fail "the image is mode $(stat -c %a "$IMAGE"), expected 0644"
	fi
	local hash
	hash=$(tr -d '\n' <"$IMAGE.recipe.sha256")
	if [[ $hash =~ ^[0-9a-f]{64}$ ]]; then
		pass "the recipe hash is stored"
	else
		fail "$IMAGE.recipe.sha256 holds no SHA-256: $hash"
	fi
	# The MBR must carry syslinux's boot code and the boot signature, and
	# mark the first partition active.
	local mbr
	rm -f "$OUT_DIR/mbr.bin"
	qemu-img dd -f qcow2 -O raw if="$IMAGE" of="$OUT_DIR/mbr.bin" bs=512 count=1
	mbr=$(od -An -tx1 -v "$OUT_DIR/mbr.bin" | tr -d ' \n')
	if [[ ${mbr:1020:4} == 55aa ]]; then
		pass "the MBR has the boot signature"
	else
		fail "the MBR ends in ${mbr:1020:4}, expected 55aa"
	fi
	if [[ ${mbr:892:2} == 80 ]]; then
		pass "the boot partition is active"
	else
		fail "the first partition's boot flag is ${mbr:892:2}, expected 80"
	fi
}

cleanup_domain() {
	if virsh -q -c "$URI" domstate "$DOMAIN" 2>/dev/null | grep -qx running; then
		virsh -q -c "$URI" destroy "$DOMAIN" >/dev/null 2>&1 || true
	fi
}

start_guest() {
	build_image >"$OUT_DIR/image-build.log" 2>&1 ||
		{ cat "$OUT_DIR/image-build.log"; skip "the image build failed (see above)"; }

	cleanup_domain
	mkdir -p "$STATE_DIR"
	chmod 0711 "$STATE_DIR"
	# A fresh overlay and home volume, so the first-boot paths run.
	rm -f "$STATE_DIR/overlay.qcow2" "$STATE_DIR/home.img"
	qemu-img create -q -f qcow2 -b "$IMAGE" -F qcow2 "$STATE_DIR/overlay.qcow2"
	cat >"$CONFIG" <<CONFIG
[vm:$VM]
memory=2048
vcpus=2
disk=overlay.qcow2
volumes=home.img:512:ext4
accel=tcg
shutdown-timeout=120
CONFIG
	trap cleanup_domain EXIT
	boot_start=$SECONDS
	vmctl start "$VM"
}

wait_for_session() {
	local output
	while ((SECONDS - boot_start < SESSION_TIMEOUT)); do
		if output=$(guest_session /bin/echo session-ready 2>/dev/null) &&
			[[ $output == session-ready ]]; then
			boot_seconds=$((SECONDS - boot_start))
			pass "the X session is ready $boot_seconds s after the start"
			return 0
		fi
		sleep 2
	done
	fail "no X session within $SESSION_TIMEOUT s; serial log: $STATE_DIR/serial.log"
	return 1
}

check_agent() {
	local output status
	output=$(guest /bin/echo bulkhead-agent-ok)
	if [[ $output == bulkhead-agent-ok ]]; then
		pass "the guest agent returns a command's output"
	else
		fail "guest echo printed '$output', expected bulkhead-agent-ok"
	fi
	status=0
	guest /bin/sh -c 'exit 7' || status=$?
	if ((status == 7)); then
		pass "the guest agent returns a command's exit status"
	else
		fail "guest 'exit 7' gave status $status, expected 7"
	fi
	output=$(guest_session /usr/bin/id -un)
	if [[ $output == user ]]; then
		pass "bulkhead-guest-run runs commands as user"
	else
		fail "bulkhead-guest-run ran 'id -un' as '$output', expected user"
	fi
	output=$(guest_session /bin/sh -c 'echo "$DISPLAY $XDG_RUNTIME_DIR"')
	if [[ $output == ":0 /run/user/1000" ]]; then
		pass "bulkhead-guest-run passes the session's environment"
	else
		fail "DISPLAY and XDG_RUNTIME_DIR were '$output', expected ':0 /run/user/1000'"
	fi
}

check_home() {
	local source owner
	source=$(guest /usr/bin/findmnt -n -o SOURCE /home || true)
	if [[ $source == /dev/vdb ]]; then
		pass "/home is the home volume"
	else
		fail "/home is mounted from '$source', expected /dev/vdb"
	fi
	owner=$(guest /usr/bin/stat -c %U /home/user || true)
	if [[ $owner == user ]]; then
		pass "/home/user exists on the volume and belongs to user"
	else
		fail "/home/user belongs to '$owner', expected user"
	fi
}

check_app() {
	local after=$OUT_DIR/screen-app.png
	local pixels running
	# An xterm that maps its window while openbox 3.6.1 is still starting
	# stayed unmapped until the next X event reached openbox, so the
	# session is ready only once openbox runs its event loop (see
	# scripts/work-image/xsession). This check fails if that comes back.
	running=$(guest /usr/bin/pgrep -c -x xterm || true)
	if [[ $running == 0 ]]; then
		pass "no xterm runs before the app starts"
	else
		fail "$running xterm processes run before the app starts, expected 0"
	fi

	local pid
	pid=$(guest /usr/bin/bulkhead-guest-run xterm -bg "#$APP_COLOR" \
		-geometry 60x20+100+100 -title bulkhead-test-app)
	log "started xterm, pid $pid"
	local start=$SECONDS
	pixels=0
	while ((SECONDS - start < 60)); do
		screenshot "$after"
		pixels=$(python3 "$SCREEN" count "$after" "$APP_COLOR")
		((pixels >= APP_MIN_PIXELS)) && break
		sleep 1
	done
	if ((pixels >= APP_MIN_PIXELS)); then
		pass "the app's window shows on screen after $((SECONDS - start)) s ($pixels pixels)"
	else
		fail "after 60 s only $pixels pixels have the app's color, expected $APP_MIN_PIXELS; see $after"
		guest /bin/sh -c 'ps -eo pid,user,stat,args | grep -v "\]$"; cat /run/user/1000/bulkhead-apps.log' || true
		# Shows whether openbox manages the window: a managed xterm is in
		# _NET_CLIENT_LIST, inside an openbox frame.
		guest_session /bin/sh -c 'xprop -root _NET_CLIENT_LIST; xwininfo -root -tree | grep -i -B 2 xterm' || true
	fi

	# The printed pid is runuser's, which stays as the app's parent.
	local owner
	owner=$(guest /bin/ps -o user=,comm= --ppid "$pid" | tr -s ' ' || true)
	if [[ $owner == "user xterm" ]]; then
		pass "the app runs as user"
	else
		fail "the child of pid $pid is '$owner', expected 'user xterm'"
	fi
}

check_resize() {
	local size output elapsed_ms current screen_size
	for size in "${RESIZE_SIZES[@]}"; do
		if ! output=$("$SPICE_MONITOR" "$URI" "$DOMAIN" "$size" 60); then
			fail "the SPICE monitor config $size was not applied: $output"
			continue
		fi
		log "$output"
		elapsed_ms=$(sed -n 's/^resized: .* after \([0-9]*\) ms$/\1/p' <<<"$output")
		if [[ -n $elapsed_ms ]] && ((elapsed_ms <= RESIZE_MAX_MS)); then
			pass "the guest shows $size $elapsed_ms ms after the monitor config"
		else
			fail "the guest took ${elapsed_ms:-?} ms to show $size, expected at most $RESIZE_MAX_MS ms"
		fi
		current=$(guest_session /usr/bin/xrandr --current |
			sed -n 's/^Screen 0: .*current \([0-9]*\) x \([0-9]*\),.*/\1x\2/p')
		if [[ $current == "$size" ]]; then
			pass "xrandr in the guest reports $size"
		else
			fail "xrandr in the guest reports '$current', expected $size"
		fi
		screenshot "$OUT_DIR/screen-$size.png"
		screen_size=$(python3 "$SCREEN" size "$OUT_DIR/screen-$size.png")
		if [[ $screen_size == "$size" ]]; then
			pass "the screenshot is $size"
		else
			fail "the screenshot is $screen_size, expected $size"
		fi
	done
}

check_shutdown() {
	local start=$SECONDS
	if vmctl shutdown "$VM" >/dev/null; then
		pass "a graceful shutdown took $((SECONDS - start)) s"
	else
		fail "the graceful shutdown failed after $((SECONDS - start)) s"
	fi
}

case_guest() {
	start_guest
	if wait_for_session; then
		check_agent
		check_home
		check_app
		check_resize
		check_shutdown
	fi
	log "serial log: $STATE_DIR/serial.log"
}

main() {
	((EUID == 0)) || skip "needs root for mmdebstrap and qemu:///system"
	mkdir -p "$OUT_DIR"
	case $CASE in
	build) case_build ;;
	guest)
		"$SOURCE_DIR/scripts/test-libvirtd.sh" >/dev/null ||
			skip "no libvirtd serves $URI"
		case_guest
		;;
	*)
		echo "image-test: unknown case: $CASE" >&2
		exit 2
		;;
	esac
	if ((failures > 0)); then
		log "$failures check(s) failed"
		exit 1
	fi
	log "all checks passed"
}

main
