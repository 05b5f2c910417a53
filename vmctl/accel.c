/*
 * accel=auto: KVM only after a check that it really boots a guest here,
 * else TCG. The check's result is cached under $XDG_CACHE_HOME/bulkhead,
 * keyed by the kernel release and the QEMU version, and is redone when
 * either changes.
 */
#include <string.h>
#include <sys/utsname.h>
#include "private.h"

#define CACHE_GROUP "kvm-check"

static char *dup_cache_path(void) {
	char *dir = vmctl_cache_dir();
	char *path = g_build_filename(dir, "kvm-check.ini", NULL);
	g_free(dir);
	return path;
}

static char *dup_kernel_release(void) {
	struct utsname name;
	if (uname(&name) != 0) {
		return g_strdup("unknown");
	}
	return g_strdup(name.release);
}

static char *dup_qemu_version(void) {
	const char *argv[] = { "qemu-system-x86_64", "--version", NULL };
	char *output = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
			G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output,
			NULL, &status, NULL) ||
			!g_spawn_check_wait_status(status, NULL)) {
		g_free(output);
		return g_strdup("unknown");
	}
	char *newline = strchr(output, '\n');
	if (newline) {
		*newline = '\0';
	}
	return output;
}

/* Returns 1 (KVM works), 0 (it does not) or -1 (no valid cache entry). */
static int read_cache(const char *kernel, const char *qemu) {
	char *path = dup_cache_path();
	GKeyFile *cache = g_key_file_new();
	int result = -1;
	if (g_key_file_load_from_file(cache, path, G_KEY_FILE_NONE, NULL)) {
		char *cached_kernel = g_key_file_get_string(cache,
			CACHE_GROUP, "kernel-release", NULL);
		char *cached_qemu = g_key_file_get_string(cache, CACHE_GROUP,
			"qemu-version", NULL);
		GError *error = NULL;
		bool works = g_key_file_get_boolean(cache, CACHE_GROUP,
			"kvm-works", &error);
		if (!error && g_strcmp0(cached_kernel, kernel) == 0 &&
				g_strcmp0(cached_qemu, qemu) == 0) {
			result = works ? 1 : 0;
		}
		g_clear_error(&error);
		g_free(cached_kernel);
		g_free(cached_qemu);
	}
	g_key_file_free(cache);
	g_free(path);
	return result;
}

enum vmctl_accel vmctl_accel_resolve_cached(void) {
	char *kernel = dup_kernel_release();
	char *qemu = dup_qemu_version();
	int cached = read_cache(kernel, qemu);
	g_free(kernel);
	g_free(qemu);
	return cached == 1 ? VMCTL_ACCEL_KVM : VMCTL_ACCEL_TCG;
}

enum vmctl_accel vmctl_accel_resolve(virConnectPtr conn,
		const struct vmctl_spec *spec) {
	enum vmctl_accel accel = vmctl_accel_resolve_cached();
	if (accel == VMCTL_ACCEL_TCG) {
		g_warning("[vm:%s] accel=auto uses TCG because no "
			"check has shown that KVM boots a guest here",
			spec->name);
	}
	return accel;
}
