/*
 * vmctl against a real libvirtd running the demo guest under TCG: start,
 * graceful shutdown, a guest that ignores ACPI, force-off, a missing
 * kernel, SPICE connections and a user's own domain.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "guest-env.h"
#include "vm.h"

#define READY_MARKER "bulkhead-demo: ready"
#define BOOT_SECONDS 90

static struct guest_env env;
static struct vmctl_conn *conn;

static void start_ready(struct vmctl_vm *vm) {
	GError *error = NULL;
	test_run(vm, vmctl_vm_start_async, vmctl_vm_start_finish, &error);
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 10));
	char *log = vmctl_vm_dup_serial_log_path(vm);
	if (!test_wait_file_contains(log, READY_MARKER, BOOT_SECONDS)) {
		g_error("no \"%s\" in %s within %d s", READY_MARKER, log,
			BOOT_SECONDS);
	}
	g_free(log);
}

static bool domain_is_active(const char *name) {
	virDomainPtr domain = virDomainLookupByName(env.virt, name);
	g_assert_nonnull(domain);
	bool active = virDomainIsActive(domain) == 1;
	virDomainFree(domain);
	return active;
}

static void test_start_and_shutdown(void) {
	guest_env_remove_domain(&env, "bulkhead-test-guest");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-guest", "", "");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_ready(vm);
	g_assert_true(domain_is_active("bulkhead-test-guest"));

	GError *error = NULL;
	gint64 begin = g_get_monotonic_time();
	test_run(vm, vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish,
		&error);
	g_assert_no_error(error);
	g_test_message("graceful shutdown took %.1f s",
		(double)(g_get_monotonic_time() - begin) / G_USEC_PER_SEC);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);
	g_assert_false(domain_is_active("bulkhead-test-guest"));
	g_assert_null(vmctl_vm_get_last_error(vm));

	/* The guest's own power-off, not a destroy, stopped it. */
	virDomainPtr domain = virDomainLookupByName(env.virt,
		"bulkhead-test-guest");
	int state = 0;
	int reason = 0;
	g_assert_cmpint(virDomainGetState(domain, &state, &reason, 0), ==, 0);
	g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
	g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
	virDomainFree(domain);

	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-guest");
	vmctl_spec_free(spec);
}

static void test_ignored_acpi(void) {
	guest_env_remove_domain(&env, "bulkhead-test-stuck");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-stuck",
		"bulkhead.ignore-acpi", "shutdown-timeout=6\n");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_ready(vm);

	GError *error = NULL;
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*did not shut down within 6 s*");
	g_assert_false(test_run(vm, vmctl_vm_shutdown_async,
		vmctl_vm_shutdown_finish, &error));
	g_test_assert_expected_messages();
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_TIMED_OUT);
	g_assert_nonnull(strstr(error->message, "The domain "
		"bulkhead-test-stuck did not shut down within 6 s"));
	g_assert_nonnull(strstr(error->message, "it is still running"));
	g_clear_error(&error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_RUNNING);
	g_assert_nonnull(strstr(vmctl_vm_get_last_error(vm),
		"did not shut down"));
	g_assert_true(domain_is_active("bulkhead-test-stuck"));

	test_run(vm, vmctl_vm_force_off_async, vmctl_vm_force_off_finish,
		&error);
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_OFF, 10));
	g_assert_false(domain_is_active("bulkhead-test-stuck"));

	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-stuck");
	vmctl_spec_free(spec);
}

static void test_missing_kernel(void) {
	guest_env_remove_domain(&env, "bulkhead-test-nokernel");
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text("[vm:test-nokernel]\n"
		"kernel=/nonexistent/vmlinuz\naccel=tcg\n", "test-nokernel",
		&error);
	g_assert_no_error(error);
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*Could not read the kernel*");
	g_assert_false(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_test_assert_expected_messages();
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC);
	g_assert_cmpstr(error->message, ==, "Could not read the kernel "
		"/nonexistent/vmlinuz of [vm:test-nokernel] (set in test.ini): "
		"No such file or directory; set kernel= to an existing file");
	g_clear_error(&error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);
	virDomainPtr domain = virDomainLookupByName(env.virt,
		"bulkhead-test-nokernel");
	g_assert_null(domain);
	vmctl_vm_free(vm);
	vmctl_spec_free(spec);
}

static bool qemu_listens_on_tcp(void) {
	const char *argv[] = { "ss", "-Hltnp", NULL };
	char *output = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
			G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output, NULL,
			NULL, NULL)) {
		g_test_message("ss not found; TCP listeners not checked");
		return false;
	}
	bool listens = strstr(output, "qemu-system") != NULL;
	g_free(output);
	return listens;
}

static void handle_result(GObject *source, GAsyncResult *result,
		void *data) {
	GAsyncResult **out = data;
	*out = g_object_ref(result);
}

/* Sends a SPICE link request for the main channel and checks the reply. */
static bool spice_link_answers(int fd) {
	guint32 request[] = {
		GUINT32_TO_LE(0x51444552),	/* "REDQ" */
		GUINT32_TO_LE(2), GUINT32_TO_LE(2), GUINT32_TO_LE(18),
	};
	guint8 link[18] = { 0 };
	link[4] = 1;	/* channel type main */
	link[14] = 18;	/* caps offset, little endian */
	if (write(fd, request, sizeof(request)) != sizeof(request) ||
			write(fd, link, sizeof(link)) != sizeof(link)) {
		return false;
	}
	char magic[4] = { 0 };
	return read(fd, magic, sizeof(magic)) == sizeof(magic) &&
		memcmp(magic, "REDQ", 4) == 0;
}

static void test_graphics_fd(void) {
	guest_env_remove_domain(&env, "bulkhead-test-spice");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-spice", "", "");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_ready(vm);

	GAsyncResult *result = NULL;
	vmctl_vm_open_graphics_fd_async(vm, NULL, handle_result, &result);
	while (!result) {
		g_main_context_iteration(NULL, true);
	}
	GError *error = NULL;
	int fd = vmctl_vm_open_graphics_fd_finish(vm, result, &error);
	g_object_unref(result);
	g_assert_no_error(error);
	g_assert_cmpint(fd, >=, 0);
	int type = 0;
	socklen_t length = sizeof(type);
	g_assert_cmpint(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length),
		==, 0);
	g_assert_cmpint(type, ==, SOCK_STREAM);
	g_assert_true(spice_link_answers(fd));
	close(fd);
	g_assert_false(qemu_listens_on_tcp());

	/* Without bulkhead.test-agent the demo guest runs no guest agent, so
	 * exec fails clearly. */
	const char *argv[] = { "/bin/true", NULL };
	result = NULL;
	vmctl_vm_exec_async(vm, argv, NULL, 10, NULL, handle_result, &result);
	while (!result) {
		g_main_context_iteration(NULL, true);
	}
	struct vmctl_exec_result exec_result = { 0 };
	g_assert_false(vmctl_vm_exec_finish(vm, result, &exec_result,
		&error));
	g_object_unref(result);
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT);
	g_assert_nonnull(strstr(error->message, "Could not run the command "
		"through the guest agent (qemu-guest-agent in the guest) of "
		"bulkhead-test-spice: "));
	g_assert_nonnull(strstr(error->message, "not connected"));
	g_clear_error(&error);

	test_run(vm, vmctl_vm_force_off_async, vmctl_vm_force_off_finish,
		&error);
	g_assert_no_error(error);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-spice");
	vmctl_spec_free(spec);
}

static const char user_xml[] =
	"<domain type='qemu'><name>bulkhead-test-user</name>"
	"<description>a user's own domain</description>"
	"<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
	"<os><type arch='x86_64' machine='q35'>hvm</type>"
	"<kernel>%s/vmlinuz</kernel><initrd>%s/initrd.img</initrd>"
	"<cmdline>console=ttyS0</cmdline></os><features><acpi/></features>"
	"<devices><serial type='file'><source path='%s/user-serial.log'/>"
	"</serial><graphics type='spice'><listen type='none'/></graphics>"
	"<video><model type='virtio'/></video></devices></domain>";

static char *dup_inactive_xml(const char *name) {
	virDomainPtr domain = virDomainLookupByName(env.virt, name);
	g_assert_nonnull(domain);
	char *xml = virDomainGetXMLDesc(domain, VIR_DOMAIN_XML_INACTIVE);
	virDomainFree(domain);
	char *copy = g_strdup(xml);
	free(xml);
	return copy;
}

static void test_user_domain_untouched(void) {
	guest_env_remove_domain(&env, "bulkhead-test-user");
	char *xml = g_strdup_printf(user_xml, env.demo_dir, env.demo_dir,
		env.data_dir);
	virDomainPtr domain = virDomainDefineXML(env.virt, xml);
	g_assert_nonnull(domain);
	virDomainFree(domain);
	g_free(xml);
	char *before = dup_inactive_xml("bulkhead-test-user");

	/* A spec whose own domain name clashes with it is rejected. */
	struct vmctl_spec *clash = guest_env_spec(&env, "test-user", "", "");
	struct vmctl_vm *vm = vmctl_vm_new(conn, clash);
	GError *error = NULL;
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*exists but bulkhead did not define it*");
	g_assert_false(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_test_assert_expected_messages();
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_STATE);
	g_clear_error(&error);
	vmctl_vm_free(vm);
	char *after = dup_inactive_xml("bulkhead-test-user");
	g_assert_cmpstr(before, ==, after);
	g_free(after);

	/* Named by domain=, it is started as it is. */
	struct vmctl_spec *spec = test_spec_from_text("[vm:mine]\n"
		"domain=bulkhead-test-user\nshutdown-timeout=60\n", "mine",
		&error);
	g_assert_no_error(error);
	vm = vmctl_vm_new(conn, spec);
	test_run(vm, vmctl_vm_start_async, vmctl_vm_start_finish, &error);
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 10));
	char *log = g_build_filename(env.data_dir, "user-serial.log", NULL);
	g_assert_true(test_wait_file_contains(log, READY_MARKER,
		BOOT_SECONDS));
	g_free(log);
	test_run(vm, vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish,
		&error);
	g_assert_no_error(error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);

	after = dup_inactive_xml("bulkhead-test-user");
	g_assert_cmpstr(before, ==, after);
	g_free(after);
	g_free(before);
	vmctl_vm_free(vm);
	vmctl_spec_free(spec);
	vmctl_spec_free(clash);
	guest_env_remove_domain(&env, "bulkhead-test-user");
}

static void test_accel_check(void) {
	struct vmctl_spec *spec = guest_env_spec(&env, "test-accel", "", "");
	g_setenv("BULKHEAD_DEMO_DIR", env.demo_dir, true);
	g_test_expect_message("vmctl", G_LOG_LEVEL_MESSAGE,
		"Checking once whether KVM boots a guest*");
	if (access("/dev/kvm", R_OK | W_OK) != 0) {
		g_test_assert_expected_messages();
		g_test_skip("no usable /dev/kvm, so nothing is checked");
		vmctl_spec_free(spec);
		return;
	}
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*accel=auto uses TCG*");
	enum vmctl_accel accel = vmctl_accel_resolve(env.virt, spec);
	const char *expected = g_getenv("BULKHEAD_EXPECT_ACCEL");
	if (accel == VMCTL_ACCEL_KVM) {
		/* No TCG warning comes when KVM works. */
		g_test_skip("KVM works on this host");
	} else {
		g_test_assert_expected_messages();
	}
	if (expected) {
		g_assert_cmpstr(accel == VMCTL_ACCEL_KVM ? "kvm" : "tcg", ==,
			expected);
	}
	/* The result is cached, so the next call boots nothing. */
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, accel);
	vmctl_spec_free(spec);
}

static void run_test_libvirtd(void) {
	char *script = g_build_filename(g_getenv("BULKHEAD_SOURCE_DIR"),
		"scripts", "test-libvirtd.sh", NULL);
	const char *argv[] = { "sh", script, NULL };
	int status = 0;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
		G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_free(script);
}

/*
 * Kills libvirtd and starts it again through scripts/test-libvirtd.sh.
 * Nothing between the kill and the start can fail an assertion, so the
 * test always leaves a running libvirtd behind. The main context is not
 * pumped meanwhile, so vmctl sees the loss only once the daemon is back.
 */
static void restart_libvirtd(void) {
	char *pid_text = NULL;
	g_assert_true(g_file_get_contents("/run/libvirtd.pid", &pid_text,
		NULL, NULL));
	GPid pid = (GPid)g_ascii_strtoll(g_strstrip(pid_text), NULL, 10);
	g_free(pid_text);
	g_assert_cmpint(pid, >, 1);
	g_test_message("killing libvirtd (pid %d)", pid);
	g_assert_cmpint(kill(pid, SIGTERM), ==, 0);
	/* Wait until the daemon is gone, so the script starts a new one. */
	for (int i = 0; i < 200 && kill(pid, 0) == 0; i++) {
		g_usleep(100 * 1000);
	}
	run_test_libvirtd();
}

/* Records the states a VM goes through. */
static void record_state(struct vmctl_vm *vm, enum vmctl_state state,
		void *data) {
	GArray *states = data;
	g_array_append_val(states, state);
}

static bool states_contain(GArray *states, enum vmctl_state state) {
	for (guint i = 0; i < states->len; i++) {
		if (g_array_index(states, enum vmctl_state, i) == state) {
			return true;
		}
	}
	return false;
}

/*
 * Restarts libvirtd under a running guest. It disturbs every other user of
 * that daemon, so it runs only with BULKHEAD_TEST_RESTART_LIBVIRTD=1.
 */
static void test_libvirtd_restart(void) {
	if (g_strcmp0(g_getenv("BULKHEAD_TEST_RESTART_LIBVIRTD"), "1") != 0) {
		g_test_skip("set BULKHEAD_TEST_RESTART_LIBVIRTD=1 to restart "
			"libvirtd during the test");
		return;
	}
	guest_env_remove_domain(&env, "bulkhead-test-restart");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-restart", "",
		"");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_ready(vm);
	GArray *states = g_array_new(false, false, sizeof(enum vmctl_state));
	vmctl_vm_set_state_func(vm, record_state, states);

	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"lost the connection to qemu:///system");
	restart_libvirtd();
	g_assert_true(test_wait_state(vm, VMCTL_STATE_UNAVAILABLE, 20));
	g_test_assert_expected_messages();
	g_assert_false(vmctl_conn_is_connected(conn));

	/* The first retry comes after the minimum backoff, 250 ms. */
	gint64 lost_at = g_get_monotonic_time();
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 30));
	gint64 waited_ms = (g_get_monotonic_time() - lost_at) / 1000;
	g_test_message("reconnected after %" G_GINT64_FORMAT " ms", waited_ms);
	g_assert_cmpint(waited_ms, >=, 200);
	g_assert_true(vmctl_conn_is_connected(conn));

	/* The test's own connection died with the daemon too. */
	virConnectClose(env.virt);
	env.virt = virConnectOpen(GUEST_URI);
	g_assert_nonnull(env.virt);
	g_assert_true(domain_is_active("bulkhead-test-restart"));

	/*
	 * Events flow again: a destroy behind vmctl's back must reach it,
	 * and nothing polls, so only the new event callback can report it.
	 */
	virDomainPtr domain = virDomainLookupByName(env.virt,
		"bulkhead-test-restart");
	g_assert_nonnull(domain);
	g_assert_cmpint(virDomainDestroy(domain), ==, 0);
	virDomainFree(domain);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_OFF, 10));

	/* A start after the restart reports running through its event. */
	guint64 events_before = vm->event_count;
	g_array_set_size(states, 0);
	start_ready(vm);
	g_assert_cmpuint(vm->event_count, >, events_before);
	g_assert_true(states_contain(states, VMCTL_STATE_STARTING));
	g_assert_true(states_contain(states, VMCTL_STATE_RUNNING));

	GError *error = NULL;
	test_run(vm, vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish,
		&error);
	g_assert_no_error(error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);

	vmctl_vm_set_state_func(vm, NULL, NULL);
	g_array_unref(states);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-restart");
	vmctl_spec_free(spec);
}

int main(int argc, char **argv) {
	g_test_init(&argc, &argv, NULL);
	guest_env_setup(&env);
	conn = vmctl_conn_new(GUEST_URI);

	g_test_add_func("/guest/start-and-shutdown", test_start_and_shutdown);
	g_test_add_func("/guest/ignored-acpi", test_ignored_acpi);
	g_test_add_func("/guest/missing-kernel", test_missing_kernel);
	g_test_add_func("/guest/graphics-fd", test_graphics_fd);
	g_test_add_func("/guest/accel-check", test_accel_check);
	g_test_add_func("/guest/libvirtd-restart", test_libvirtd_restart);
	g_test_add_func("/guest/user-domain-untouched",
		test_user_domain_untouched);
	int status = g_test_run();

	vmctl_conn_free(conn);
	guest_env_teardown(&env);
	return status;
}
