#!/bin/bash
# Builds the work guest: a bootable Debian 12 disk image made from Debian's
# packages with mmdebstrap, with bulkhead's guest side installed (agents, an
# X session that logs in automatically, bulkhead-guest-run, the seamless
# endpoint). See docs/guest.md.
#
# Usage: scripts/build-work-image.sh [--variant full|ci] [--user NAME]
#                                    [--output FILE] [--force]
#
# The image is a qcow2 file, by default
# /var/lib/bulkhead/images/work-debian12.qcow2 (work-debian12-ci.qcow2 for
# the ci variant). A hash of the recipe (this script, scripts/work-image/,
# the variant and the user name) is stored beside it as FILE.recipe.sha256,
# and nothing is rebuilt while it matches, unless --force is given.
#
# Environment:
#   BULKHEAD_DEBIAN_MIRROR  Debian mirror (default http://deb.debian.org/debian)
#   BULKHEAD_DEBIAN_SECURITY_MIRROR
#                           security mirror (default
#                           http://deb.debian.org/debian-security)
#   BULKHEAD_DEB_CACHE      directory that keeps downloaded .deb files
#                           between builds (default /var/cache/bulkhead/debs)
set -euo pipefail

readonly PROGRAM=build-work-image
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly RECIPE_DIR=$SCRIPT_DIR/work-image
readonly SCRIPT_PATH=$SCRIPT_DIR/${BASH_SOURCE[0]##*/}
readonly HOST_PACKAGES=(mmdebstrap syslinux syslinux-common mtools dosfstools
	e2fsprogs fdisk qemu-utils)
readonly SUITE=bookworm
# Sizes in MiB. The root file system is sparse inside the qcow2 file, so its
# size is the room the guest has to grow, not the size of the image file.
readonly BOOT_SIZE_MIB=128
readonly ROOT_SIZE_MIB=6144
readonly ROOT_LABEL=bulkhead-root
readonly KERNEL_CMDLINE="root=LABEL=$ROOT_LABEL ro console=tty1 console=ttyS0 quiet systemd.show_status=true"

current_step=
work_dir=
start_seconds=$SECONDS

step() {
	current_step=$1
	printf '%s: [%4ds] %s\n' "$PROGRAM" "$((SECONDS - start_seconds))" "$current_step"
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

usage() {
	cat <<USAGE
Usage: $PROGRAM [--variant full|ci] [--user NAME] [--output FILE] [--force]

Builds the Debian 12 work guest image, or does nothing when it is up to date.

  --variant full|ci  full (default): every package of scripts/work-image/packages;
                     ci: without the packages marked "ci:" there, for tests
  --user NAME        the user whose X session starts at boot (default: user)
  --output FILE      the qcow2 image to write (default:
                     /var/lib/bulkhead/images/work-debian12[-ci].qcow2)
  --force            rebuild even when the recipe hash matches
USAGE
}

package_installed() {
	local status
	status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
	[[ $status == "install ok installed" ]]
}

install_host_packages() {
	step "checking host packages (${HOST_PACKAGES[*]})"
	local missing=() package
	for package in "${HOST_PACKAGES[@]}"; do
		if ! package_installed "$package"; then
			missing+=("$package")
		fi
	done
	if ((${#missing[@]} == 0)); then
		return
	fi
	step "installing host packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" ||
		die "apt-get install failed for: ${missing[*]}"
}

# Prints the guest packages of the variant, comma-separated.
guest_packages() {
	local variant=$1 line packages=()
	while IFS= read -r line; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[[ -n $line ]] || continue
		if [[ $line == ci:* ]]; then
			[[ $variant == ci ]] && continue
			line=${line#ci:}
		fi
		packages+=("$line")
	done <"$RECIPE_DIR/packages"
	local IFS=,
	echo "${packages[*]}"
}

recipe_hash() {
	local variant=$1 user=$2
	{
		echo "variant=$variant user=$user"
		sha256sum -- "$SCRIPT_PATH"
		find "$RECIPE_DIR" -type f -print0 | sort -z | xargs -0 sha256sum --
	} | sed "s|$SCRIPT_DIR/||" | sha256sum | cut -d' ' -f1
}

# Runs mmdebstrap into $work_dir/root. Its own output goes to the log; the
# lines naming the phase it is in are shown as progress.
build_root() {
	local variant=$1 user=$2 log=$3 packages
	packages=$(guest_packages "$variant")
	local mirror=${BULKHEAD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
	local security=${BULKHEAD_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
	local cache=${BULKHEAD_DEB_CACHE:-/var/cache/bulkhead/debs}
	mkdir -p -- "$cache"

	step "mmdebstrap: $SUITE with $packages (log: $log)"
	local status=0
	mmdebstrap --variant=apt --mode=root --verbose \
		--include="$packages" \
		--skip=download/empty --skip=essential/unlink \
		--setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
		--setup-hook="sync-in '$cache' /var/cache/apt/archives" \
		--essential-hook="mkdir -p \"\$1/etc/initramfs-tools/conf.d\" \"\$1/etc/initramfs-tools/hooks\"" \
		--essential-hook="printf 'MODULES=list\nCOMPRESS=zstd\n' >\"\$1/etc/initramfs-tools/conf.d/bulkhead.conf\"" \
		--essential-hook="install -m 0755 '$RECIPE_DIR/initramfs-modules' \"\$1/etc/initramfs-tools/hooks/bulkhead-modules\"" \
		--customize-hook="sync-out /var/cache/apt/archives '$cache'" \
		--customize-hook="'$RECIPE_DIR/customize.sh' \"\$1\" '$user'" \
		--customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
		"$SUITE" "$work_dir/root" \
		"deb $mirror $SUITE main" \
		"deb $mirror $SUITE-updates main" \
		"deb $security $SUITE-security main" \
		>"$log" 2>&1 || status=$?
	grep -E '^I: |^customize: ' "$log" | sed "s/^/$PROGRAM:    /" || true
	if ((status != 0)); then
		grep -E '^E: |^(dpkg|apt-get|W: Failed)|unable to|has no installation candidate|Unable to locate package' "$log" |
			tail -n 15 >&2 || true
		die "mmdebstrap failed (status $status); the messages above name the package, the full log is $log"
	fi
}

# Writes $work_dir/boot.img: a FAT file system with syslinux, the kernel and
# the initramfs of the new root.
build_boot_partition() {
	step "boot partition (syslinux)"
	local kernel initrd
	kernel=$(find "$work_dir/root/boot" -name 'vmlinuz-*' | sort -V | tail -n 1)
	[[ -n $kernel ]] || die "no kernel in $work_dir/root/boot; is linux-image-amd64 in the package list?"
	initrd=$work_dir/root/boot/initrd.img-${kernel##*/vmlinuz-}
	[[ -f $initrd ]] || die "missing $initrd; initramfs-tools did not build it"

	local image=$work_dir/boot.img
	mkfs.vfat -n BOOT -C "$image" $((BOOT_SIZE_MIB * 1024)) >/dev/null
	printf 'DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL /vmlinuz\n  APPEND initrd=/initrd.img %s\n' \
		"$KERNEL_CMDLINE" >"$work_dir/syslinux.cfg"
	MTOOLS_SKIP_CHECK=1 mcopy -i "$image" "$kernel" ::/vmlinuz
	MTOOLS_SKIP_CHECK=1 mcopy -i "$image" "$initrd" ::/initrd.img
	MTOOLS_SKIP_CHECK=1 mcopy -i "$image" "$work_dir/syslinux.cfg" ::/syslinux.cfg
	syslinux --install "$image"
}

build_root_partition() {
	step "root file system (ext4, $ROOT_SIZE_MIB MiB)"
	mkfs.ext4 -q -L "$ROOT_LABEL" -d "$work_dir/root" \
		"$work_dir/root.img" "${ROOT_SIZE_MIB}M"
}

# Puts both partitions behind an MBR with syslinux's boot code, and
# converts the result to qcow2 at $2.
assemble_disk() {
	local disk=$work_dir/disk.raw output=$1
	local boot_start=2048
	local boot_sectors=$((BOOT_SIZE_MIB * 2048))
	local root_start=$((boot_start + boot_sectors))
	local root_sectors=$((ROOT_SIZE_MIB * 2048))

	step "disk: MBR, boot at sector $boot_start, root at sector $root_start"
	truncate -s $(((root_start + root_sectors) * 512)) "$disk"
	sfdisk --quiet "$disk" <<PARTITIONS
label: dos
start=$boot_start, size=$boot_sectors, type=c, bootable
start=$root_start, size=$root_sectors, type=83
PARTITIONS
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 \
		conv=notrunc status=none
	dd if="$work_dir/boot.img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
	dd if="$work_dir/root.img" of="$disk" bs=1M seek=$((1 + BOOT_SIZE_MIB)) \
		conv=notrunc,sparse status=none

	step "qcow2: $output"
	qemu-img convert -f raw -O qcow2 "$disk" "$output"
	chmod 0644 "$output"
}

main() {
	local variant=full user=user output= force=false
	while (($# > 0)); do
		case $1 in
		--variant)
			(($# >= 2)) || die "--variant needs full or ci"
			variant=$2
			shift
			;;
		--variant=*) variant=${1#*=} ;;
		--user)
			(($# >= 2)) || die "--user needs a name"
			user=$2
			shift
			;;
		--output)
			(($# >= 2)) || die "--output needs a file name"
			output=$2
			shift
			;;
		--force) force=true ;;
		-h | --help)
			usage
			exit 0
			;;
		*) die "unknown argument: $1 (see --help)" ;;
		esac
		shift
	done
	case $variant in
	full) output=${output:-/var/lib/bulkhead/images/work-debian12.qcow2} ;;
	ci) output=${output:-/var/lib/bulkhead/images/work-debian12-ci.qcow2} ;;
	*) die "invalid --variant: $variant; expected full or ci" ;;
	esac
	[[ $user =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] ||
		die "invalid --user: $user; expected a lower-case user name"
	((EUID == 0)) || die "run this as root: mmdebstrap needs root to chroot"

	trap on_exit EXIT
	local out_dir hash_file
	out_dir=$(dirname -- "$output")
	hash_file=$output.recipe.sha256
	mkdir -p -- "$out_dir"
	chmod 0755 -- "$out_dir"

	# Builds of the same image take turns.
	exec 9>"$output.lock"
	if ! flock -n 9; then
		echo "$PROGRAM: another build of $output is running; waiting"
		flock 9
	fi

	local hash
	hash=$(recipe_hash "$variant" "$user")
	if ! $force && [[ -f $output && -f $hash_file && $(<"$hash_file") == "$hash" ]]; then
		echo "$PROGRAM: $output is up to date ($(du -h -- "$output" | cut -f1))"
		exit 0
	fi

	install_host_packages
	work_dir=$(mktemp -d "$out_dir/.build-work-image.XXXXXX")
	build_root "$variant" "$user" "$output.build.log"
	build_boot_partition
	build_root_partition
	assemble_disk "$work_dir/image.qcow2"

	step "installing $output"
	rm -f -- "$hash_file"
	mv -f -- "$work_dir/image.qcow2" "$output"
	echo "$hash" >"$hash_file"
	current_step=

	local used
	used=$(du -sm -- "$work_dir/root" | cut -f1)
	echo "$PROGRAM: built $output ($variant) in $((SECONDS - start_seconds)) s:" \
		"$(du -h -- "$output" | cut -f1) on disk, $((BOOT_SIZE_MIB + ROOT_SIZE_MIB + 1)) MiB virtual," \
		"$used MiB of files in the root"
}

main "$@"
