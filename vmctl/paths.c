/*
 * State directories of VMs, the cache directory and the default libvirt URI.
 *
 * QEMU opens some of these files itself (volumes, shares). Under
 * qemu:///system it runs as the libvirt-qemu user, which cannot enter
 * /root, so for root with XDG_DATA_HOME unset the state lives under
 * /var/lib/bulkhead/vms/NAME instead of /root/.local/share/bulkhead/vms/NAME.
 * Directories vmctl creates are mode 0711, so QEMU can reach files in them
 * without being able to list them.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "private.h"

#define SYSTEM_STATE_ROOT "/var/lib/bulkhead"

const char *vmctl_default_uri(void) {
	return geteuid() == 0 ? "qemu:///system" : "qemu:///session";
}

static char *dup_data_root(void) {
	const char *data_home = g_getenv("XDG_DATA_HOME");
	if (data_home && g_path_is_absolute(data_home)) {
		return g_build_filename(data_home, "bulkhead", NULL);
	}
	if (geteuid() == 0) {
		return g_strdup(SYSTEM_STATE_ROOT);
	}
	return g_build_filename(g_get_home_dir(), ".local", "share",
		"bulkhead", NULL);
}

char *vmctl_state_dir_for(const char *name) {
	char *root = dup_data_root();
	char *dir = g_build_filename(root, "vms", name, NULL);
	g_free(root);
	return dir;
}

char *vmctl_resolve_path(const char *state_dir, const char *path) {
	if (g_path_is_absolute(path)) {
		return g_canonicalize_filename(path, NULL);
	}
	return g_canonicalize_filename(path, state_dir);
}

char *vmctl_cache_dir(void) {
	const char *cache_home = g_getenv("XDG_CACHE_HOME");
	if (cache_home && g_path_is_absolute(cache_home)) {
		return g_build_filename(cache_home, "bulkhead", NULL);
	}
	return g_build_filename(g_get_home_dir(), ".cache", "bulkhead", NULL);
}

bool vmctl_ensure_dir(const char *path, GError **error) {
	if (g_mkdir_with_parents(path, 0711) != 0) {
		int saved_errno = errno;
		g_set_error(error, G_IO_ERROR,
			g_io_error_from_errno(saved_errno),
			"Could not create the directory %s: %s", path,
			g_strerror(saved_errno));
		return false;
	}
	return true;
}
