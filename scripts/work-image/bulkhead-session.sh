# Starts the X session of the work guest's user when it logs in on tty1,
# which getty does automatically at boot. Installed in /etc/profile.d/.
# When the session ends, the login shell ends too and getty logs in again.
if [ "$(tty)" = /dev/tty1 ] && [ -z "${DISPLAY:-}" ] &&
	[ "$(id -un)" = "$(cat /etc/bulkhead/guest-user 2>/dev/null)" ]; then
	exec startx /usr/lib/bulkhead/xsession -- -nolisten tcp \
		>"${XDG_RUNTIME_DIR:-/tmp}/bulkhead-xsession.log" 2>&1
fi
