#!/bin/sh
# Makes sure a libvirtd serves qemu:///system, for the tests and .ci/run.
# Starts virtlogd and libvirtd by hand (the test machines run no init system
# that would) when no daemon answers, and does nothing when one does.
# Exits 0 once `virsh -c qemu:///system uri` answers, 1 otherwise.
set -u

uri=qemu:///system
wait_seconds=${BULKHEAD_LIBVIRTD_WAIT:-30}

answers() {
	virsh -c "$uri" uri >/dev/null 2>&1
}

if ! command -v virsh >/dev/null 2>&1; then
	echo "test-libvirtd: virsh not found; install libvirt-clients" >&2
	exit 1
fi

if answers; then
	echo "test-libvirtd: libvirtd already serves $uri"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "test-libvirtd: no libvirtd serves $uri, and starting one" \
		"needs root" >&2
	exit 1
fi

for daemon in virtlogd libvirtd; do
	if ! command -v "$daemon" >/dev/null 2>&1; then
		echo "test-libvirtd: $daemon not found; install" \
			"libvirt-daemon-system" >&2
		exit 1
	fi
done

if pgrep -x virtlogd >/dev/null 2>&1; then
	echo "test-libvirtd: virtlogd already runs"
else
	echo "test-libvirtd: starting virtlogd"
	virtlogd -d || exit 1
fi

if pgrep -x libvirtd >/dev/null 2>&1; then
	echo "test-libvirtd: libvirtd runs but does not answer yet; waiting"
else
	echo "test-libvirtd: starting libvirtd"
	libvirtd -d || exit 1
fi

i=0
while [ "$i" -lt "$((wait_seconds * 10))" ]; do
	if answers; then
		echo "test-libvirtd: libvirtd serves $uri"
		exit 0
	fi
	sleep 0.1
	i=$((i + 1))
done

echo "test-libvirtd: libvirtd did not answer on $uri within" \
	"${wait_seconds} s; see /var/log/libvirt/libvirtd.log" >&2
exit 1
