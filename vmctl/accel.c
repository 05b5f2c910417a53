/*
 * accel=auto: KVM only after a check that it really boots a guest here,
 * else TCG. The check's result is cached under $XDG_CACHE_HOME/bulkhead,
 * keyed by the kernel release and the QEMU version, and is redone when
 * either changes. The check boots the demo guest with bulkhead.probe under
 * KVM as a transient domain and waits for its marker on the serial port.
 */
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "private.h"

#define CACHE_GROUP "kvm-check"
#define PROBE_DOMAIN "bulkhead-kvm-check"
#define PROBE_MARKER "bulkhead-probe-ok"
/* A small guest under working KVM prints the marker within about 2 s. */
#define PROBE_TIMEOUT_S 20
#define DEFAULT_DEMO_DIR "/var/lib/bulkhead/demo"

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

static void write_cache(const char *kernel, const char *qemu, bool works) {
	char *path = dup_cache_path();
	char *dir = g_path_get_dirname(path);
	GKeyFile *cache = g_key_file_new();
	g_key_file_set_string(cache, CACHE_GROUP, "kernel-release", kernel);
	g_key_file_set_string(cache, CACHE_GROUP, "qemu-version", qemu);
	g_key_file_set_boolean(cache, CACHE_GROUP, "kvm-works", works);
	GError *error = NULL;
	if (!vmctl_ensure_dir(dir, &error) ||
			!g_key_file_save_to_file(cache, path, &error)) {
		g_warning("Could not save the KVM check result to %s: %s",
			path, error->message);
		g_error_free(error);
	}
	g_key_file_free(cache);
	g_free(dir);
	g_free(path);
}

static char *dup_probe_xml(const char *demo_dir, const char *log_path) {
	char *kernel = g_build_filename(demo_dir, "vmlinuz", NULL);
	char *initrd = g_build_filename(demo_dir, "initrd.img", NULL);
	char *xml = g_markup_printf_escaped("<domain type='kvm'>"
		"<name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
		"<os><type arch='x86_64' machine='q35'>hvm</type>"
		"<kernel>%s</kernel><initrd>%s</initrd>"
		"<cmdline>console=ttyS0 bulkhead.probe</cmdline></os>"
		"<features><acpi/></features><cpu mode='host-passthrough'/>"
		"<devices><serial type='pty'><log file='%s' append='off'/>"
		"</serial><memballoon model='none'/></devices></domain>",
		PROBE_DOMAIN, kernel, initrd, log_path);
	g_free(kernel);
	g_free(initrd);
	return xml;
}

static bool log_contains_marker(const char *path) {
	char *contents = NULL;
	bool found = g_file_get_contents(path, &contents, NULL, NULL) &&
		strstr(contents, PROBE_MARKER) != NULL;
	g_free(contents);
	return found;
}

/* Waits for the marker, polling: this runs once, on a worker thread. */
static bool wait_for_marker(virDomainPtr domain, const char *log_path) {
	gint64 deadline = g_get_monotonic_time() +
		PROBE_TIMEOUT_S * G_USEC_PER_SEC;
	while (g_get_monotonic_time() < deadline) {
		if (log_contains_marker(log_path)) {
			return true;
		}
		if (virDomainIsActive(domain) != 1) {
			return log_contains_marker(log_path);
		}
		g_usleep(200 * 1000);
	}
	return false;
}

/* Returns 1 (KVM boots the demo guest), 0 (it does not), -1 (unknown). */
static int probe_kvm(virConnectPtr conn, const char *demo_dir) {
	char *dir = vmctl_cache_dir();
	char *log_path = g_build_filename(dir, "kvm-check-serial.log", NULL);
	char *xml = dup_probe_xml(demo_dir, log_path);
	int result = -1;
	if (vmctl_ensure_dir(dir, NULL)) {
		/* Autodestroy: the domain dies with this connection. */
		virDomainPtr domain = virDomainCreateXML(conn, xml,
			VIR_DOMAIN_START_AUTODESTROY);
		if (!domain) {
			g_warning("Could not start the KVM check guest: %s",
				virGetLastErrorMessage());
		} else {
			result = wait_for_marker(domain, log_path) ? 1 : 0;
			if (virDomainIsActive(domain) == 1) {
				virDomainDestroy(domain);
			}
			virDomainFree(domain);
		}
	}
	g_free(xml);
	g_free(log_path);
	g_free(dir);
	return result;
}

static const char *find_demo_dir(void) {
	const char *dir = g_getenv("BULKHEAD_DEMO_DIR");
	return dir ? dir : DEFAULT_DEMO_DIR;
}

static int check_kvm(virConnectPtr conn, const char *kernel,
		const char *qemu) {
	if (access("/dev/kvm", R_OK | W_OK) != 0) {
		return 0;
	}
	const char *demo_dir = find_demo_dir();
	char *initrd = g_build_filename(demo_dir, "initrd.img", NULL);
	bool has_demo = access(initrd, R_OK) == 0;
	g_free(initrd);
	if (!has_demo) {
		g_warning("Cannot check KVM without the demo guest in %s; "
			"build it with scripts/build-demo-guest.sh", demo_dir);
		return -1;
	}
	g_message("Checking once whether KVM boots a guest (at most %d s)",
		PROBE_TIMEOUT_S);
	int works = probe_kvm(conn, demo_dir);
	if (works >= 0) {
		write_cache(kernel, qemu, works == 1);
	}
	return works;
}

enum vmctl_accel vmctl_accel_resolve(virConnectPtr conn,
		const struct vmctl_spec *spec) {
	static GMutex lock;
	g_mutex_lock(&lock);
	char *kernel = dup_kernel_release();
	char *qemu = dup_qemu_version();
	int works = read_cache(kernel, qemu);
	if (works < 0) {
		works = check_kvm(conn, kernel, qemu);
	}
	g_free(kernel);
	g_free(qemu);
	g_mutex_unlock(&lock);

	if (works == 1) {
		return VMCTL_ACCEL_KVM;
	}
	g_warning("[vm:%s] accel=auto uses TCG (slow) because %s",
		spec->name, works == 0 ? "KVM did not boot a guest on this "
		"host" : "KVM could not be checked");
	return VMCTL_ACCEL_TCG;
}
