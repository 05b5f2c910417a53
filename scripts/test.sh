#!/bin/bash
# Sets up everything the tests need and runs them all: installs missing
# packages, builds, builds the demo guest, makes sure a libvirtd serves
# qemu:///system (as root), then runs `meson test`. Extra arguments go to
# meson test, e.g. `scripts/test.sh --suite compositor`.
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

"$TOP/scripts/setup.sh"
as_root "$TOP/scripts/build-demo-guest.sh"
if [ "$(id -u)" -eq 0 ]; then
	"$TOP/scripts/test-libvirtd.sh"
fi
meson test -C "$TOP/build" --print-errorlogs "$@"
