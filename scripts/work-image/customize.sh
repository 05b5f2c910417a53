#!/bin/bash
# mmdebstrap customize hook of build-work-image.sh: installs the guest side
# of bulkhead into the new root file system and configures the boot.
#
# Usage: customize.sh ROOT USER
# ROOT is the root directory that mmdebstrap built, USER the name of the
# user whose X session starts at boot.
set -euo pipefail

readonly SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly ROOT=$1
readonly GUEST_USER=$2

in_root() {
	chroot "$ROOT" "$@"
}

put() {
	local mode=$1 source=$2 target=$3
	install -D -m "$mode" -- "$SOURCE_DIR/$source" "$ROOT$target"
}

write() {
	local target=$1
	mkdir -p -- "$(dirname -- "$ROOT$target")"
	cat >"$ROOT$target"
}

echo "customize: system settings"
echo bulkhead-work >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tbulkhead-work\n::1\t\tlocalhost\n' \
	>"$ROOT/etc/hosts"
# The root file system has the label the boot loader's root= names. The
# home volume is mounted by bulkhead-home.service, not here, because a
# missing volume must not hold the boot up for a device timeout.
write /etc/fstab <<FSTAB
LABEL=bulkhead-root / ext4 defaults,errors=remount-ro 0 1
FSTAB
echo LANG=C.UTF-8 >"$ROOT/etc/default/locale"
write /etc/systemd/network/50-wired.network <<NETWORK
[Match]
Name=en*

[Network]
DHCP=yes
NETWORK
ln -sf /usr/share/zoneinfo/Etc/UTC "$ROOT/etc/localtime"
echo Etc/UTC >"$ROOT/etc/timezone"
# A machine id made at first boot, so copies of the image differ.
: >"$ROOT/etc/machine-id"

echo "customize: user $GUEST_USER"
in_root useradd --create-home --uid 1000 --user-group --shell /bin/bash \
	--comment "work user" "$GUEST_USER"
in_root passwd --lock "$GUEST_USER" >/dev/null
in_root passwd --lock root >/dev/null
# A new home volume hides the home made here; make-home copies /etc/skel
# onto it at its first boot.
rm -rf -- "${ROOT:?}/home/$GUEST_USER"
write /etc/bulkhead/guest-user <<<"$GUEST_USER"

echo "customize: session and autologin"
put 0755 xsession /usr/lib/bulkhead/xsession
put 0755 make-home /usr/lib/bulkhead/make-home
put 0755 follow-monitors /usr/lib/bulkhead/follow-monitors
put 0755 session-ready /usr/lib/bulkhead/session-ready
put 0644 bulkhead-session.sh /etc/profile.d/bulkhead-session.sh
put 0644 bulkhead-home.service /etc/systemd/system/bulkhead-home.service
put 0755 bulkhead-guest-run /usr/bin/bulkhead-guest-run
put 0755 bulkhead-seamless /usr/bin/bulkhead-seamless
write /etc/systemd/system/getty@tty1.service.d/autologin.conf <<GETTY
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin $GUEST_USER --noclear %I \$TERM
GETTY
# The serial console is reachable only from the host (virsh console), so it
# logs root in without a password for debugging.
write /etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf <<GETTY
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %I \$TERM
GETTY
in_root systemctl enable --quiet bulkhead-home.service systemd-networkd.service
# Nothing in the guest waits for the network, so boot does not stall when
# the VM has none.
in_root systemctl mask --quiet systemd-networkd-wait-online.service

echo "customize: clean up"
rm -f -- "$ROOT"/var/cache/apt/*.bin
rm -rf -- "$ROOT"/var/lib/apt/lists/*
