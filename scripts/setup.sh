#!/bin/bash
# Installs the Debian 12 packages bulkhead needs to build, run and test, and
# builds it into ./build. Installs only what is missing; needs root (or sudo)
# only when something is missing.
#
# Usage: scripts/setup.sh [--no-build]
set -euo pipefail

readonly PROGRAM=setup
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly TOP

readonly BUILD_PACKAGES=(
	meson ninja-build pkg-config gcc libc6-dev
	libwlroots-dev libwayland-dev wayland-protocols libinput-dev
	libxkbcommon-dev libpixman-1-dev libdrm-dev libglib2.0-dev
	libcairo2-dev libpango1.0-dev libjson-glib-dev libxml2-dev
	libvirt-dev libspice-client-glib-2.0-dev librsvg2-dev scdoc
)
readonly RUN_PACKAGES=(
	libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
	busybox-static linux-image-amd64 cpio gzip qemu-guest-agent fonts-dejavu-core
	foot grim xkb-data xwayland
	gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-pulseaudio
)
readonly TEST_PACKAGES=(
	weston wtype python3 socat jq xterm x11-apps xclip
	pulseaudio pulseaudio-utils
)

missing_packages() {
	local package

	for package in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
				grep -q 'install ok installed'; then
			echo "$package"
		fi
	done
}

install_packages() {
	local missing
	local -a sudo=()

	mapfile -t missing < <(missing_packages "${BUILD_PACKAGES[@]}" \
		"${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}")
	if [ "${#missing[@]}" -eq 0 ]; then
		echo "$PROGRAM: all packages are installed"
		return
	fi
	if [ "$(id -u)" -ne 0 ]; then
		sudo=(sudo)
	fi
	echo "$PROGRAM: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -q ||
		{ echo "$PROGRAM: error: apt-get update failed" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
		"${missing[@]}" ||
		{ echo "$PROGRAM: error: installing ${missing[*]} failed" >&2
		  exit 1; }
}

build() {
	echo "$PROGRAM: building into $TOP/build"
	if [ ! -f "$TOP/build/build.ninja" ]; then
		meson setup "$TOP/build" "$TOP"
	fi
	ninja -C "$TOP/build"
}

install_packages
if [ "${1:-}" != "--no-build" ]; then
	build
fi
