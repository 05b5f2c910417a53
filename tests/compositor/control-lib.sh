# Helpers for the control-*.sh tests, sourced by each of them.
#
# Usage of a test: control-NAME.sh BULKHEAD BULKHEADCTL
#
# Each test starts its own headless bulkhead (pixman renderer). Its config
# has two host workspaces (personal, notes) and one vm workspace (work).
# The work VM is the "test" domain of libvirt's in-process test driver, read
# from a node file so that it starts shut off; no libvirtd and no real VM
# are needed.

set -u

BULKHEAD=${1:?usage: $0 BULKHEAD BULKHEADCTL}
BULKHEADCTL=${2:?usage: $0 BULKHEAD BULKHEADCTL}

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(mktemp -d "/tmp/bulkhead-$TEST_NAME.XXXXXX")
export XDG_RUNTIME_DIR="$TEST_DIR/run"
export XDG_CONFIG_HOME="$TEST_DIR/config"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY BULKHEAD_SOCKET DISPLAY

COMPOSITOR_PID=
CLIENT_PIDS=
FAILURES=0

cleanup() {
	for pid in $CLIENT_PIDS; do
		kill "$pid" 2>/dev/null
	done
	if [ -n "$COMPOSITOR_PID" ]; then
		kill "$COMPOSITOR_PID" 2>/dev/null
		wait "$COMPOSITOR_PID" 2>/dev/null
	fi
	if [ "$FAILURES" -ne 0 ] && [ -f "$TEST_DIR/bulkhead.log" ]; then
		echo "--- bulkhead log ---"
		tail -n 50 "$TEST_DIR/bulkhead.log"
	fi
	# BULKHEAD_TEST_KEEP=1 keeps logs and screenshots for a look.
	if [ -n "${BULKHEAD_TEST_KEEP:-}" ]; then
		echo "kept $TEST_DIR"
	else
		rm -rf "$TEST_DIR"
	fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	FAILURES=$((FAILURES + 1))
}

pass() {
	echo "ok: $*"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# check_contains DESCRIPTION NEEDLE HAYSTACK
check_contains() {
	case "$3" in
	*"$2"*) pass "$1" ;;
	*) fail "$1: expected output containing '$2', got '$3'" ;;
	esac
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds.
wait_until() {
	local tries=$(($1 * 10))
	shift
	while [ "$tries" -gt 0 ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# write_test_node: the test driver's node file with one shut-off domain,
# "test"; prints the libvirt URI that reads it.
write_test_node() {
	cat > "$TEST_DIR/libvirt-node.xml" <<'XML'
<node>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>test</name>
    <memory unit='MiB'>128</memory>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
</node>
XML
	echo "test://$TEST_DIR/libvirt-node.xml"
}

write_config() {
	local uri
	uri=$(write_test_node)
	sed "s|@LIBVIRT_URI@|$uri|" > "$TEST_DIR/config.ini" <<'INI'
[general]
libvirt-uri=@LIBVIRT_URI@

[workspace:personal]
color=#2e7d32
default=true

[workspace:notes]
color=#6a1b9a
badge=notes

[workspace:work]
color=#1565c0
badge=work
vm=work

[vm:work]
domain=test
INI
}

start_compositor() {
	write_config
	WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		"$BULKHEAD" --config "$TEST_DIR/config.ini" \
		> "$TEST_DIR/bulkhead.log" 2>&1 &
	COMPOSITOR_PID=$!
	if ! wait_until 20 "$BULKHEADCTL" --socket bulkhead-personal list; then
		fail "bulkhead did not offer the control protocol on" \
			"bulkhead-personal within 20 s"
		exit 1
	fi
}

# start_client WORKSPACE COMMAND...: runs a Wayland client on a workspace
# socket in the background.
start_client() {
	local workspace=$1
	shift
	WAYLAND_DISPLAY="bulkhead-$workspace" "$@" \
		> "$TEST_DIR/client-$workspace.log" 2>&1 &
	CLIENT_PIDS="$CLIENT_PIDS $!"
}

ctl() {
	"$BULKHEADCTL" --socket bulkhead-personal "$@"
}

# list_json JQ_FILTER: applies a jq filter to 'list --json', raw output.
list_json() {
	ctl list --json | jq -r "$1"
}

window_count() {
	list_json '.windows | length'
}

has_windows() {
	[ "$(window_count)" -ge "$1" ]
}

# wait_for_windows COUNT: waits up to 10 s until COUNT windows are listed.
wait_for_windows() {
	if ! wait_until 10 has_windows "$1"; then
		fail "expected $1 windows within 10 s, got $(window_count)"
		return 1
	fi
}

finish() {
	if [ "$FAILURES" -ne 0 ]; then
		echo "$TEST_NAME: $FAILURES checks failed"
		exit 1
	fi
	echo "$TEST_NAME: all checks passed"
	exit 0
}
