#!/bin/bash
# Sets up everything the tests need and runs them all: installs missing
# packages, builds, builds the demo guest, makes sure a libvirtd serves
# qemu:///system (as root), then runs `meson test`. Extra arguments go to
# meson test, e.g. `scripts/test.sh --suite compositor`.
#
# Tests that boot guests under software emulation depend on timing on a
# loaded machine, so tests that failed are run once more; both results are
# printed, and the run fails when a test fails twice.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Prints the names of the tests that failed in the last meson test run.
failed_tests() {
	python3 - "$TOP/build/meson-logs/testlog.json" <<'PY'
import json
import sys

for line in open(sys.argv[1]):
    test = json.loads(line)
    if test["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
        print(test["name"].split(" / ", 1)[-1])
PY
}

"$TOP/scripts/setup.sh"
as_root "$TOP/scripts/build-demo-guest.sh"
if [ "$(id -u)" -eq 0 ]; then
	"$TOP/scripts/test-libvirtd.sh"
fi
if meson test -C "$TOP/build" --print-errorlogs "$@"; then
	exit 0
fi
mapfile -t failed < <(failed_tests)
if [ "${#failed[@]}" -eq 0 ]; then
	exit 1
fi
echo "test: running the ${#failed[@]} failed tests once more: ${failed[*]}"
meson test -C "$TOP/build" --no-rebuild --print-errorlogs "${failed[@]}"
