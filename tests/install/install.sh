#!/bin/sh
# Runs meson install into a temporary destdir and checks that the
# executables, the man pages and the wayland-sessions entry are installed,
# that man renders each page without warnings and that desktop-file-validate
# accepts the entry.
#
# Usage: install.sh BUILD_ROOT PREFIX BINDIR MANDIR DATADIR man|no-man
set -u

build_root=$1
prefix=$2
bindir=$3
mandir=$4
datadir=$5
man_pages=$6
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Resolves a meson directory option against the prefix, as meson does.
resolve() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$prefix/$1" ;;
	esac
}

destdir=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-install.XXXXXX") || exit 1
trap 'rm -rf "$destdir"' EXIT

if ! meson install -C "$build_root" --destdir "$destdir" --no-rebuild \
		--quiet; then
	echo "FAIL: meson install -C $build_root --destdir $destdir failed"
	exit 1
fi

bin=$destdir$(resolve "$bindir")
man=$destdir$(resolve "$mandir")
share=$destdir$(resolve "$datadir")

for program in bulkhead bulkheadctl bulkhead-vmctl; do
	[ -x "$bin/$program" ] || fail "$bin/$program is missing or not executable"
done

session=$share/wayland-sessions/bulkhead.desktop
if [ ! -f "$session" ]; then
	fail "$session is missing"
elif command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$session" || fail "desktop-file-validate rejects $session"
else
	echo "NOTE: desktop-file-validate not found (package desktop-file-utils); $session not validated"
fi

if [ "$man_pages" = man ]; then
	for page in man1/bulkhead.1 man1/bulkheadctl.1 man1/bulkhead-vmctl.1 \
			man5/bulkhead.5; do
		file=$man/$page
		if [ ! -f "$file" ]; then
			fail "$file is missing"
			continue
		fi
		if ! command -v man >/dev/null; then
			echo "NOTE: man not found (package man-db); $file not rendered"
			continue
		fi
		warnings=$(MANWIDTH=80 man -l "$file" 2>&1 >/dev/null)
		[ -z "$warnings" ] || fail "man -l $file warns: $warnings"
		MANWIDTH=80 man -l "$file" 2>/dev/null | grep -q . ||
			fail "man -l $file renders nothing"
	done
else
	echo "NOTE: the man pages are not built (scdoc not found or man-pages=disabled)"
fi

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "installed files are complete"
