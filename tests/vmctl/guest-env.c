#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "guest-env.h"

static G_GNUC_PRINTF(1, 2) void skip(const char *format, ...) {
	va_list args;
	va_start(args, format);
	fprintf(stderr, "skipped: ");
	vfprintf(stderr, format, args);
	fprintf(stderr, "\n");
	va_end(args);
	exit(SKIP_STATUS);
}

/* Runs a script of scripts/ with bash, which build-demo-guest.sh needs. */
static bool run_script(const char *script, const char *arg) {
	const char *argv[] = { "bash", script, arg, NULL };
	int status = 0;
	char *output = NULL;
	char *errors = NULL;
	bool ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
		NULL, NULL, &output, &errors, &status, NULL) &&
		g_spawn_check_wait_status(status, NULL);
	if (!ok) {
		g_printerr("%s failed:\n%s%s\n", script, output ? output : "",
			errors ? errors : "");
	}
	g_free(output);
	g_free(errors);
	return ok;
}

static bool has_demo(const char *dir) {
	char *kernel = g_build_filename(dir, "vmlinuz", NULL);
	char *initrd = g_build_filename(dir, "initrd.img", NULL);
	bool ok = g_file_test(kernel, G_FILE_TEST_IS_REGULAR) &&
		g_file_test(initrd, G_FILE_TEST_IS_REGULAR);
	g_free(kernel);
	g_free(initrd);
	return ok;
}

/*
 * Returns BULKHEAD_DEMO_DIR when it contains a demo guest, else builds one
 * from the current recipe into BULKHEAD_TEST_DEMO_DIR (set by meson, and
 * up to date in about 0.1 s) or into data_dir. A guest installed in
 * /var/lib/bulkhead/demo may predate the test modes, so it is not used.
 */
static char *find_demo(const char *source_dir, const char *data_dir) {
	const char *dir = g_getenv("BULKHEAD_DEMO_DIR");
	if (dir && has_demo(dir)) {
		return g_strdup(dir);
	}
	const char *test_dir = g_getenv("BULKHEAD_TEST_DEMO_DIR");
	char *built = test_dir ? g_strdup(test_dir) :
		g_build_filename(data_dir, "demo", NULL);
	char *script = g_build_filename(source_dir, "scripts",
		"build-demo-guest.sh", NULL);
	bool ok = g_file_test(script, G_FILE_TEST_EXISTS) &&
		run_script(script, built) && has_demo(built);
	g_free(script);
	if (!ok) {
		skip("the demo guest could not be built into %s; run "
			"scripts/build-demo-guest.sh %s to see why", built,
			built);
	}
	return built;
}

void guest_env_setup(struct guest_env *env) {
	const char *source_dir = g_getenv("BULKHEAD_SOURCE_DIR");
	if (!source_dir) {
		skip("%s is not set; run the test through meson test",
			"BULKHEAD_SOURCE_DIR");
	}
	char *script = g_build_filename(source_dir, "scripts",
		"test-libvirtd.sh", NULL);
	if (!run_script(script, NULL)) {
		skip("no libvirtd serves %s (scripts/test-libvirtd.sh failed)",
			GUEST_URI);
	}
	g_free(script);

	env->data_dir = g_dir_make_tmp("vmctl-guest-XXXXXX", NULL);
	g_assert_nonnull(env->data_dir);
	/* QEMU runs as libvirt-qemu and must reach files in here. */
	g_chmod(env->data_dir, 0755);
	g_setenv("XDG_DATA_HOME", env->data_dir, true);
	g_setenv("XDG_CACHE_HOME", env->data_dir, true);
	env->demo_dir = find_demo(source_dir, env->data_dir);

	vmctl_init();
	env->virt = virConnectOpen(GUEST_URI);
	if (!env->virt) {
		skip("could not connect to %s", GUEST_URI);
	}
}

void guest_env_remove_domain(struct guest_env *env, const char *name) {
	g_assert_true(g_str_has_prefix(name, "bulkhead-test-"));
	virDomainPtr domain = virDomainLookupByName(env->virt, name);
	if (!domain) {
		return;
	}
	if (virDomainIsActive(domain) == 1) {
		virDomainDestroy(domain);
	}
	virDomainUndefine(domain);
	virDomainFree(domain);
}

void guest_env_teardown(struct guest_env *env) {
	virConnectClose(env->virt);
	char *argv[] = { "rm", "-rf", env->data_dir, NULL };
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
		NULL, NULL, NULL);
	g_free(env->data_dir);
	g_free(env->demo_dir);
}

struct vmctl_spec *guest_env_spec(struct guest_env *env, const char *name,
		const char *cmdline_extra, const char *keys) {
	char *text = g_strdup_printf("[vm:%s]\nmemory=256\n"
		"kernel=%s/vmlinuz\ninitrd=%s/initrd.img\n"
		"cmdline=console=ttyS0 %s\naccel=tcg\n%s", name,
		env->demo_dir, env->demo_dir, cmdline_extra, keys);
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(text, name, &error);
	g_assert_no_error(error);
	g_free(text);
	return spec;
}
