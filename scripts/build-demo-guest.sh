#!/bin/bash
# Builds the demo guest of bulkhead's default work VM from Debian packages:
# Debian's kernel (OUTDIR/vmlinuz) and a busybox initramfs with the demo
# program (OUTDIR/initrd.img). See docs/demo-guest.md.
#
# Usage: scripts/build-demo-guest.sh [OUTDIR]
#
# OUTDIR defaults to /var/lib/bulkhead/demo. The output is world-readable
# because QEMU under qemu:///system runs as libvirt-qemu. A hash of the recipe
# (this script, scripts/demo-guest/, the kernel, the modules, busybox and the
# compiler) is stored as OUTDIR/recipe.sha256. Nothing is rebuilt while it
# matches.
#
# Environment:
#   BULKHEAD_DEMO_KERNEL  kernel version to use (default: the newest one in
#                         /boot with a module tree)
set -euo pipefail

readonly PROGRAM=build-demo-guest
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly SOURCE_DIR=$SCRIPT_DIR/demo-guest
readonly SCRIPT_PATH=$SCRIPT_DIR/${BASH_SOURCE[0]##*/}
readonly PACKAGES=(busybox-static linux-image-amd64 gcc libc6-dev cpio gzip
	qemu-guest-agent)
# Modules that /init loads. Their dependencies are added from modules.dep.
# evdev, button and psmouse serve the demo; the others serve the test
# modes: virtio disks with ext4 (which asks the crypto API for crc32c at
# mount time), 9p shares, and the guest agent's virtio serial port.
readonly MODULES=(evdev button psmouse virtio_pci virtio_blk crc32c_generic ext4
	9pnet_virtio 9p virtio_console)
readonly BUSYBOX=/bin/busybox
# The guest agent of the test mode bulkhead.test-agent, a dynamic binary.
readonly QEMU_GA=/usr/sbin/qemu-ga

current_step=
work_dir=

step() {
	current_step=$1
	echo "$PROGRAM: $current_step"
}

die() {
	echo "$PROGRAM: error: $*" >&2
	exit 1
}

on_exit() {
	local status=$?
	if [[ -n $work_dir ]]; then
		rm -rf -- "$work_dir"
	fi
	if ((status != 0)) && [[ -n $current_step ]]; then
		echo "$PROGRAM: failed at step: $current_step" >&2
	fi
}

package_installed() {
	local status
	status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
	[[ $status == "install ok installed" ]]
}

install_packages() {
	step "checking packages (${PACKAGES[*]})"
	local missing=() package
	for package in "${PACKAGES[@]}"; do
		if ! package_installed "$package"; then
			missing+=("$package")
		fi
	done
	if ((${#missing[@]} == 0)); then
		return
	fi
	if ((EUID != 0)); then
		die "missing packages: ${missing[*]}. Run this script as root," \
			"or install them with: apt-get install ${missing[*]}"
	fi
	step "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
}

# Prints the version of the newest kernel in /boot that has a module tree.
find_kernel_version() {
	if [[ -n ${BULKHEAD_DEMO_KERNEL:-} ]]; then
		echo "$BULKHEAD_DEMO_KERNEL"
		return
	fi
	local image version newest=
	for image in /boot/vmlinuz-*; do
		[[ -e $image ]] || continue
		version=${image#/boot/vmlinuz-}
		[[ -f /lib/modules/$version/modules.dep ]] || continue
		if [[ -z $newest ]] || dpkg --compare-versions "$version" gt "$newest"; then
			newest=$version
		fi
	done
	[[ -n $newest ]] || die "no kernel in /boot with a module tree in /lib/modules" \
		"(is linux-image-amd64 installed?)"
	echo "$newest"
}

# Prints the .ko paths (relative to the module tree) that MODULES need, each
# after the modules it depends on.
resolve_modules() {
	local dep_file=$1
	shift
	local -A seen=()
	local order=()

	visit() {
		local name=$1 line path deps dep
		# modules.dep spells a module's file name with - or _ freely.
		line=$(grep -E "(^|/)${name//[-_]/[-_]}\.ko(\.[a-z]+)?:" "$dep_file" |
			head -n 1) || true
		[[ -n $line ]] || die "module $name not found in $dep_file"
		path=${line%%:*}
		[[ -z ${seen[$path]:-} ]] || return 0
		seen[$path]=1
		deps=${line#*:}
		for dep in $deps; do
			dep=${dep##*/}
			visit "${dep%%.ko*}"
		done
		order+=("$path")
	}

	local module
	for module in "$@"; do
		visit "$module"
	done
	printf '%s\n' "${order[@]}"
}

recipe_hash() {
	local kernel_version=$1 modules_dir=$2
	shift 2
	{
		echo "kernel $kernel_version"
		local file
		for file in "$SCRIPT_PATH" /boot/vmlinuz-"$kernel_version" "$BUSYBOX" \
			$(qemu_ga_files); do
			sha256sum <"$file"
		done
		(cd "$SOURCE_DIR" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
		(cd "$modules_dir" && sha256sum "$@")
		gcc --version | head -n 1
		# The static C program links this glibc.
		dpkg-query -W -f='${Package} ${Version}\n' libc6-dev
	} | sha256sum | cut -d ' ' -f 1
}

# Copies KO (relative to the module tree) into the initramfs, decompressed
# and renamed to .ko, and prints its new relative path.
copy_module() {
	local modules_dir=$1 ko=$2 target_dir=$3
	local plain=${ko%.ko*}.ko
	mkdir -p "$target_dir/$(dirname "$plain")"
	case $ko in
	*.ko) cp "$modules_dir/$ko" "$target_dir/$plain" ;;
	*.ko.xz) xz -dc "$modules_dir/$ko" >"$target_dir/$plain" ;;
	*.ko.zst) zstd -dcq "$modules_dir/$ko" >"$target_dir/$plain" ;;
	*.ko.gz) gzip -dc "$modules_dir/$ko" >"$target_dir/$plain" ;;
	*) die "unknown module compression: $ko" ;;
	esac
	echo "$plain"
}

# Prints qemu-ga and every shared library that ldd lists for it, including
# the dynamic loader, one path a line.
qemu_ga_files() {
	echo "$QEMU_GA"
	ldd "$QEMU_GA" | sed -n -e 's|.*=> \(/[^ ]*\) .*|\1|p' -e 's|^[[:space:]]*\(/[^ ]*\) .*|\1|p'
}

# Copies qemu-ga to /bin and its libraries to the same paths in ROOT,
# following symlinks, so the guest's dynamic loader finds them.
copy_qemu_ga() {
	local root=$1 file
	cp "$QEMU_GA" "$root/bin/qemu-ga"
	while read -r file; do
		[[ $file == "$QEMU_GA" ]] && continue
		mkdir -p "$root/$(dirname "$file")"
		cp -L "$file" "$root/$file"
	done < <(qemu_ga_files)
}

build_initramfs() {
	local kernel_version=$1 modules_dir=$2 output=$3
	shift 3
	local root=$work_dir/root

	step "building bulkhead-demo (static)"
	mkdir -p "$root"/{bin,dev,proc,sys,etc/bulkhead-demo}
	gcc -std=c11 -Os -static -s -Wall -Wextra -Werror \
		-o "$root/bin/bulkhead-demo" "$SOURCE_DIR/bulkhead-demo.c"

	step "adding busybox and /init"
	cp "$BUSYBOX" "$root/bin/busybox"
	local applet
	for applet in $("$BUSYBOX" --list); do
		[[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
	done
	install -m 0755 "$SOURCE_DIR/init" "$root/init"
	install -D -m 0644 "$SOURCE_DIR/test-modes" "$root/lib/bulkhead-demo/test-modes"

	step "adding qemu-ga and its libraries"
	copy_qemu_ga "$root"
	# The kernel opens /dev/console for init before devtmpfs is mounted.
	if ((EUID == 0)); then
		mknod -m 0600 "$root/dev/console" c 5 1
	fi

	step "adding modules ($*)"
	local ko target_dir=$root/lib/modules/$kernel_version
	for ko in "$@"; do
		copy_module "$modules_dir" "$ko" "$target_dir"
	done >"$root/etc/bulkhead-demo/modules"

	step "packing the initramfs"
	# Fixed timestamps make the archive depend on the recipe alone.
	find "$root" -exec touch -h -d @0 {} +
	(cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) |
		gzip -9 -n >"$output"
}

# Succeeds when OUTDIR contains both images, built from the recipe HASH.
is_up_to_date() {
	local out_dir=$1 hash=$2
	[[ -f $out_dir/vmlinuz && -f $out_dir/initrd.img &&
		-f $out_dir/recipe.sha256 && $(cat "$out_dir/recipe.sha256") == "$hash" ]]
}

# Moves SOURCE over TARGET in one rename, world-readable.
install_file() {
	chmod 0644 "$1"
	mv -f -- "$1" "$2"
}

main() {
	if (($# > 1)) || [[ ${1:-} == -h || ${1:-} == --help ]]; then
		echo "usage: $0 [OUTDIR]   (default OUTDIR: /var/lib/bulkhead/demo)" >&2
		exit 2
	fi
	local out_dir=${1:-/var/lib/bulkhead/demo}
	trap on_exit EXIT

	install_packages

	step "finding the kernel"
	local kernel_version modules_dir
	kernel_version=$(find_kernel_version)
	modules_dir=/lib/modules/$kernel_version
	[[ -r /boot/vmlinuz-$kernel_version ]] ||
		die "/boot/vmlinuz-$kernel_version is missing or not readable"
	[[ -f $modules_dir/modules.dep ]] || die "$modules_dir/modules.dep is missing"
	echo "$PROGRAM: kernel $kernel_version"

	step "resolving modules (${MODULES[*]}) from modules.dep"
	local module_list modules
	module_list=$(resolve_modules "$modules_dir/modules.dep" "${MODULES[@]}")
	mapfile -t modules <<<"$module_list"
	echo "$PROGRAM: modules in load order: ${modules[*]}"

	step "hashing the recipe"
	local hash hash_file=$out_dir/recipe.sha256
	hash=$(recipe_hash "$kernel_version" "$modules_dir" "${modules[@]}")
	if is_up_to_date "$out_dir" "$hash"; then
		current_step=
		echo "$PROGRAM: $out_dir is up to date"
		return
	fi

	step "creating $out_dir"
	# Parents created here must be world-readable too, whatever the umask.
	(umask 022 && mkdir -p -- "$out_dir")
	chmod 0755 -- "$out_dir"

	# Tests may run this script for one OUTDIR at the same time, so one
	# builds while the others wait and then find its output.
	step "waiting for the lock on $out_dir/.build.lock"
	local lock_fd
	exec {lock_fd}>"$out_dir/.build.lock"
	flock "$lock_fd"
	if is_up_to_date "$out_dir" "$hash"; then
		current_step=
		echo "$PROGRAM: $out_dir is up to date (built by another run)"
		return
	fi
	work_dir=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-demo-guest.XXXXXX")

	build_initramfs "$kernel_version" "$modules_dir" "$work_dir/initrd.img" "${modules[@]}"

	step "installing into $out_dir"
	# The hash goes last, so an interrupted build is redone next time.
	rm -f -- "$hash_file"
	cp /boot/vmlinuz-"$kernel_version" "$out_dir/.vmlinuz.new"
	install_file "$out_dir/.vmlinuz.new" "$out_dir/vmlinuz"
	cp "$work_dir/initrd.img" "$out_dir/.initrd.img.new"
	install_file "$out_dir/.initrd.img.new" "$out_dir/initrd.img"
	echo "$hash" >"$out_dir/.recipe.sha256.new"
	install_file "$out_dir/.recipe.sha256.new" "$hash_file"

	current_step=
	echo "$PROGRAM: wrote $out_dir/vmlinuz ($(stat -c %s "$out_dir/vmlinuz") bytes)" \
		"and $out_dir/initrd.img ($(stat -c %s "$out_dir/initrd.img") bytes)"
}

main "$@"
