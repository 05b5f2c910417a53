#!/bin/bash
# Benchmarks bulkhead's guest display against virt-viewer on the demo guest
# and prints a table. The method and results are in docs/benchmarks.md.
#
# Usage: bench/guest-display.sh
#
# It boots the demo guest twice under libvirt (qemu:///system, TCG), as the
# domains bulkhead-bench-PID-idle and bulkhead-bench-PID-animate, and
# removes both at exit:
#   1. idle: the normal demo screen (a clock redrawn once a second), viewed
#      by a headless bulkhead (pixman renderer);
#   2. animate: bulkhead.animate=FPS redraws the whole 80x25 text screen FPS
#      times a second. Bulkhead and virt-viewer --attach (under Xvfb) take
#      turns on the same running guest, because QEMU's SPICE server keeps
#      one client and drops the older one when a second connects.
#   3. latency: one more turn of each viewer under strace, matching every
#      guest frame to the first SPICE draw message that the viewer reads.
# Each CPU window records utime+stime from /proc/PID/stat of the viewer, of
# Xvfb and of QEMU.
#
# Environment:
#   BENCH_BUILD_DIR  meson build dir with bulkhead (default build-bench)
#   BENCH_DEMO_DIR   where the demo guest is built
#                    (default /var/lib/bulkhead/bench-demo)
#   BENCH_SECONDS    length of one CPU window (default 30)
#   BENCH_WARMUP     seconds between a viewer's first frame and its window
#                    (default 5)
#   BENCH_REPEAT     turns per viewer and case (default 3)
#   BENCH_FPS        frames a second of the animation (default 20)
set -euo pipefail

SOURCE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly SOURCE_ROOT
readonly BUILD_DIR=${BENCH_BUILD_DIR:-$SOURCE_ROOT/build-bench}
readonly DEMO_DIR=${BENCH_DEMO_DIR:-/var/lib/bulkhead/bench-demo}
readonly SECONDS_PER_WINDOW=${BENCH_SECONDS:-30}
readonly WARMUP_SECONDS=${BENCH_WARMUP:-5}
readonly REPEAT=${BENCH_REPEAT:-3}
readonly FPS=${BENCH_FPS:-20}
readonly URI=qemu:///system
readonly LATENCY=$SOURCE_ROOT/bench/latency.py
readonly BULKHEAD=$BUILD_DIR/compositor/bulkhead
readonly BULKHEADCTL=$BUILD_DIR/tools/bulkheadctl/bulkheadctl
readonly VMCTL=$BUILD_DIR/tools/bulkhead-vmctl/bulkhead-vmctl
readonly VM_PREFIX=bench-$$
CLOCK_TICKS=$(getconf CLK_TCK)
readonly CLOCK_TICKS

work_dir=
bulkhead_pid=
viewer_pid=
xvfb_pid=
stamp_pid=
tracer_pid=
xvfb_display=
vm_names=()

log() {
	echo "guest-display: $*" >&2
}

die() {
	log "error: $*"
	exit 1
}

stop_process() {
	local pid=$1
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
}

# Stops what this script started and removes its domains, and only those.
cleanup() {
	stop_process "$stamp_pid"
	stop_process "$viewer_pid"
	stop_process "$bulkhead_pid"
	stop_process "$tracer_pid"
	stop_process "$xvfb_pid"
	local name
	for name in "${vm_names[@]}"; do
		if virsh -c "$URI" dominfo "bulkhead-$name" >/dev/null 2>&1; then
			virsh -c "$URI" destroy "bulkhead-$name" >/dev/null 2>&1 || true
			virsh -c "$URI" undefine "bulkhead-$name" >/dev/null 2>&1 || true
		fi
		rm -rf -- "/var/lib/bulkhead/vms/$name"
	done
	if [[ -n $work_dir ]]; then
		rm -rf -- "$work_dir"
	fi
}

# wait_for SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
	local tries=$(($1 * 5))
	shift
	while ((tries > 0)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
		tries=$((tries - 1))
	done
	return 1
}

check_prerequisites() {
	local tool
	for tool in virsh virt-viewer Xvfb strace python3 qemu-system-x86_64; do
		command -v "$tool" >/dev/null ||
			die "$tool not found; install it (virt-viewer, xvfb, strace," \
				"libvirt-clients, qemu-system-x86)"
	done
	for tool in "$BULKHEAD" "$BULKHEADCTL" "$VMCTL"; do
		[[ -x $tool ]] || die "$tool is missing; build it with" \
			"meson setup $BUILD_DIR && ninja -C $BUILD_DIR"
	done
	"$SOURCE_ROOT/scripts/test-libvirtd.sh" >&2 ||
		die "no libvirtd serves $URI"
	"$SOURCE_ROOT/scripts/build-demo-guest.sh" "$DEMO_DIR" >&2
}

# write_config NAME CMDLINE: the config of a bulkhead whose workspace work
# shows the VM NAME, booted with the kernel command line CMDLINE.
write_config() {
	local name=$1 cmdline=$2
	cat >"$work_dir/$name.ini" <<INI
[general]
libvirt-uri=$URI

[workspace:personal]
color=#2e7d32
default=true

[workspace:work]
color=#1565c0
badge=work
vm=$name

[vm:$name]
memory=256
vcpus=1
kernel=$DEMO_DIR/vmlinuz
initrd=$DEMO_DIR/initrd.img
cmdline=$cmdline
accel=tcg
shutdown-timeout=30
INI
}

serial_log_of() {
	"$VMCTL" --config "$work_dir/$1.ini" --json status "$1" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["serial_log"])'
}

qemu_pid_of() {
	cat "/run/libvirt/qemu/bulkhead-$1.pid"
}

serial_has() {
	grep -qF -- "$2" "$1"
}

# start_vm NAME CMDLINE: defines and boots the VM, and waits for the demo.
start_vm() {
	local name=$1 cmdline=$2 serial_log
	write_config "$name" "$cmdline"
	vm_names+=("$name")
	"$VMCTL" --config "$work_dir/$name.ini" start "$name" >&2
	serial_log=$(serial_log_of "$name")
	wait_for 300 serial_has "$serial_log" "bulkhead-demo: ready" ||
		die "timed out after 300 s waiting for 'bulkhead-demo: ready'" \
			"from $name (see $serial_log)"
}

stop_vm() {
	"$VMCTL" --config "$work_dir/$1.ini" force-off "$1" >&2
}

# Prints the CPU seconds (utime + stime) that process PID has used.
cpu_seconds() {
	local stat
	stat=$(<"/proc/$1/stat")
	# The command name may contain spaces, so fields are counted after it.
	# utime and stime are fields 14 and 15 of the whole line.
	stat=${stat##*) }
	awk -v ticks="$CLOCK_TICKS" '{ printf "%.2f", ($12 + $13) / ticks }' \
		<<<"$stat"
}

has_guest_view() {
	local socket=$1
	"$BULKHEADCTL" --socket "$socket" list --json |
		python3 -c 'import json, sys
windows = json.load(sys.stdin)["windows"]
sys.exit(0 if any(w["kind"] == "guest-display" for w in windows) else 1)'
}

# start_bulkhead NAME [ARG...]: starts a headless bulkhead on the VM NAME,
# with ARGs before it (e.g. strace), and waits for its guest view.
start_bulkhead() {
	local name=$1
	shift
	local run_dir=$work_dir/run-$name
	mkdir -p "$run_dir"
	chmod 700 "$run_dir"
	XDG_RUNTIME_DIR=$run_dir WLR_BACKENDS=headless WLR_RENDERER=pixman \
		WLR_LIBINPUT_NO_DEVICES=1 "$@" "$BULKHEAD" \
		--config "$work_dir/$name.ini" ${BULKHEAD_ARGS:-} \
		>"$work_dir/bulkhead-$name.log" 2>&1 &
	bulkhead_pid=$!
	XDG_RUNTIME_DIR=$run_dir wait_for 60 has_guest_view bulkhead-personal ||
		die "bulkhead showed no guest view of $name within 60 s" \
			"(see $work_dir/bulkhead-$name.log)"
	viewer_pid=$bulkhead_pid
}

start_xvfb() {
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
		3>"$work_dir/xvfb.display" 2>"$work_dir/xvfb.log" &
	xvfb_pid=$!
	wait_for 20 test -s "$work_dir/xvfb.display" ||
		die "Xvfb did not start (see $work_dir/xvfb.log)"
	xvfb_display=:$(<"$work_dir/xvfb.display")
}

# Succeeds when QEMU's SPICE server has a display channel connected.
spice_has_display_client() {
	virsh -c "$URI" qemu-monitor-command "bulkhead-$1" --hmp info spice |
		grep -q 'channel name: display'
}

# start_virt_viewer NAME [ARG...]: like start_bulkhead, for virt-viewer.
start_virt_viewer() {
	local name=$1
	shift
	DISPLAY=$xvfb_display "$@" virt-viewer --attach -c "$URI" \
		"bulkhead-$name" >"$work_dir/virt-viewer-$name.log" 2>&1 &
	viewer_pid=$!
	wait_for 60 spice_has_display_client "$name" ||
		die "virt-viewer did not connect to bulkhead-$name within 60 s" \
			"(see $work_dir/virt-viewer-$name.log)"
}

stop_viewer() {
	stop_process "$viewer_pid"
	# strace exits once its tracee has.
	stop_process "$tracer_pid"
	viewer_pid=
	bulkhead_pid=
	tracer_pid=
	# QEMU's SPICE server notices the disconnect asynchronously.
	sleep 1
}

# Prints the last frame number in the serial log SERIAL_LOG, or nothing
# when the guest does not animate.
last_frame() {
	{ grep -a -o 'bulkhead-animate: frame [0-9]*' "$1" || true; } |
		tail -n 1 | cut -d ' ' -f 3
}

# measure_window CASE VIEWER NAME: after the warm-up, records one window of
# the running viewer and appends a row to $work_dir/results.
measure_window() {
	local case_name=$1 viewer=$2 name=$3 serial_log qemu_pid
	serial_log=$(serial_log_of "$name")
	qemu_pid=$(qemu_pid_of "$name")
	sleep "$WARMUP_SECONDS"

	local viewer0 xvfb0=0 qemu0 frame0 start
	viewer0=$(cpu_seconds "$viewer_pid")
	qemu0=$(cpu_seconds "$qemu_pid")
	[[ -z $xvfb_pid ]] || xvfb0=$(cpu_seconds "$xvfb_pid")
	frame0=$(last_frame "$serial_log")
	start=$(date +%s.%N)
	sleep "$SECONDS_PER_WINDOW"
	local viewer1 xvfb1=0 qemu1 frame1 end load
	viewer1=$(cpu_seconds "$viewer_pid")
	qemu1=$(cpu_seconds "$qemu_pid")
	[[ -z $xvfb_pid ]] || xvfb1=$(cpu_seconds "$xvfb_pid")
	frame1=$(last_frame "$serial_log")
	end=$(date +%s.%N)
	load=$(cut -d ' ' -f 1 /proc/loadavg)

	local xvfb_used=-
	if [[ $viewer == virt-viewer ]]; then
		xvfb_used=$(echo "$xvfb1 - $xvfb0" | bc)
	fi
	local fps=-
	if [[ -n $frame0 && -n $frame1 ]]; then
		fps=$(echo "scale=1; ($frame1 - $frame0) / ($end - $start)" | bc)
	fi
	if [[ $xvfb_used != - ]]; then
		xvfb_used=$(printf '%.2f' "$xvfb_used")
	fi
	printf '%s %s %.1f %.2f %s %.2f %s %s\n' "$case_name" "$viewer" \
		"$(echo "$end - $start" | bc)" "$(echo "$viewer1 - $viewer0" | bc)" \
		"$xvfb_used" "$(echo "$qemu1 - $qemu0" | bc)" "$fps" "$load" |
		tee -a "$work_dir/results" >&2
}

run_idle_case() {
	local name=$VM_PREFIX-idle turn
	log "idle case: booting $name"
	start_vm "$name" "console=ttyS0"
	for ((turn = 1; turn <= REPEAT; turn++)); do
		log "idle case: bulkhead, turn $turn of $REPEAT"
		start_bulkhead "$name"
		measure_window idle bulkhead "$name"
		stop_viewer
	done
	stop_vm "$name"
}

run_animate_case() {
	local name=$1 turn
	for ((turn = 1; turn <= REPEAT; turn++)); do
		log "animate case: bulkhead, turn $turn of $REPEAT"
		start_bulkhead "$name"
		measure_window animate bulkhead "$name"
		stop_viewer
		log "animate case: virt-viewer, turn $turn of $REPEAT"
		start_virt_viewer "$name"
		measure_window animate virt-viewer "$name"
		stop_viewer
	done
}

# latency_turn VIEWER NAME: one turn of VIEWER under strace, and a line of
# latencies in $work_dir/latency.
latency_turn() {
	local viewer=$1 name=$2 serial_log trace=$work_dir/strace-$1.log
	serial_log=$(serial_log_of "$name")
	local tracer=(strace -f --seccomp-bpf -ttt -e trace=recvfrom -o "$trace")
	if [[ $viewer == bulkhead ]]; then
		BULKHEAD_ARGS=--debug start_bulkhead "$name" "${tracer[@]}"
	else
		start_virt_viewer "$name" "${tracer[@]}"
	fi
	# Stopping the viewer, not strace, ends the turn cleanly.
	tracer_pid=$viewer_pid
	viewer_pid=$(pgrep -P "$tracer_pid" | head -n 1)
	sleep "$WARMUP_SECONDS"
	python3 "$LATENCY" stamp "$serial_log" "$work_dir/stamps-$viewer" &
	stamp_pid=$!
	sleep "$SECONDS_PER_WINDOW"
	stop_process "$stamp_pid"
	stamp_pid=
	stop_viewer
	local bulkhead_log=()
	if [[ $viewer == bulkhead ]]; then
		bulkhead_log=("$work_dir/bulkhead-$name.log")
	fi
	python3 "$LATENCY" report "$work_dir/stamps-$viewer" "$trace" \
		"${bulkhead_log[@]}" | sed "s/^/$viewer /" |
		tee -a "$work_dir/latency" >&2
}

print_table() {
	echo "CPU per window (seconds of utime+stime; fps is the guest's frame rate)"
	printf '%-8s %-12s %7s %8s %8s %8s %6s %5s\n' case viewer wall viewer \
		Xvfb QEMU fps load1
	local row
	while read -r -a row; do
		printf '%-8s %-12s %7s %8s %8s %8s %6s %5s\n' "${row[@]}"
	done <"$work_dir/results"
	echo
	echo "Mean viewer CPU in percent of one core, with min and max"
	awk '{
		key = $1 " " $2
		percent = 100 * $4 / $3
		sum[key] += percent; count[key]++
		if (!(key in low) || percent < low[key]) low[key] = percent
		if (!(key in high) || percent > high[key]) high[key] = percent
		if ($5 != "-") xvfb[key] += 100 * $5 / $3
	} END {
		for (key in sum) {
			printf "%-21s %5.1f %% (%.1f to %.1f)", key, sum[key] / count[key],
				low[key], high[key]
			if (key in xvfb) printf ", Xvfb %.1f %%", xvfb[key] / count[key]
			printf "\n"
		}
		bulkhead = "animate bulkhead"
		viewer = "animate virt-viewer"
		if ((bulkhead in sum) && (viewer in sum) && sum[viewer] > 0) {
			bulkhead_mean = sum[bulkhead] / count[bulkhead]
			printf "ratio bulkhead / virt-viewer (animate): %.2f\n",
				bulkhead_mean / (sum[viewer] / count[viewer])
			printf "ratio bulkhead / (virt-viewer + Xvfb) (animate): %.2f\n",
				bulkhead_mean / ((sum[viewer] + xvfb[viewer]) / count[viewer])
		}
	}' "$work_dir/results" | sort
	echo
	echo "Latency from the guest's frame line to (ms): frames matched/total, median, p90, max"
	cat "$work_dir/latency"
}

main() {
	if (($# > 0)); then
		sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2
		exit 2
	fi
	trap cleanup EXIT
	work_dir=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-bench.XXXXXX")
	check_prerequisites
	: >"$work_dir/results"
	: >"$work_dir/latency"
	log "machine: $(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo |
		cut -d : -f 2-), load $(cut -d ' ' -f 1-3 /proc/loadavg)"

	start_xvfb
	run_idle_case

	local name=$VM_PREFIX-animate
	log "animate case: booting $name with bulkhead.animate=$FPS"
	start_vm "$name" "console=ttyS0 bulkhead.animate=$FPS"
	run_animate_case "$name"
	log "latency: bulkhead and virt-viewer under strace"
	latency_turn bulkhead "$name"
	latency_turn virt-viewer "$name"
	stop_vm "$name"

	print_table
}

main "$@"
