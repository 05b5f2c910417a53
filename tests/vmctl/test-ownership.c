/*
 * Ownership, state mapping and power operations against libvirt's test
 * driver (test:///default). All connections of one process share that
 * driver's state, so the test inspects what vmctl did through its own
 * connection.
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

#define URI "test:///default"

static virConnectPtr virt;
static char *kernel_path;
static char *data_dir;

static const char plain_xml[] =
	"<domain type='test'><name>%s</name><memory unit='MiB'>128</memory>"
	"<os><type arch='x86_64'>hvm</type></os></domain>";

static char *dup_domain_xml(const char *name) {
	virDomainPtr domain = virDomainLookupByName(virt, name);
	g_assert_nonnull(domain);
	char *xml = virDomainGetXMLDesc(domain, VIR_DOMAIN_XML_INACTIVE);
	g_assert_nonnull(xml);
	virDomainFree(domain);
	char *copy = g_strdup(xml);
	free(xml);
	return copy;
}

static void define_plain(const char *name) {
	char *xml = g_strdup_printf(plain_xml, name);
	virDomainPtr domain = virDomainDefineXML(virt, xml);
	g_assert_nonnull(domain);
	virDomainFree(domain);
	g_free(xml);
}

static struct vmctl_spec *spec_with(const char *name, const char *extra) {
	char *text = g_strdup_printf("[vm:%s]\nkernel=%s\naccel=tcg\n%s",
		name, kernel_path, extra);
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(text, name, &error);
	g_assert_no_error(error);
	g_free(text);
	return spec;
}

static char *xml_for(const struct vmctl_spec *spec, char **hash) {
	struct vmctl_xml_options opts = { .accel = VMCTL_ACCEL_TCG };
	GError *error = NULL;
	char *xml = vmctl_spec_to_xml_full(spec, &opts, hash, &error);
	g_assert_no_error(error);
	return xml;
}

static void test_define_decisions(void) {
	struct vmctl_spec *spec = spec_with("test-own", "");
	char *hash = NULL;
	char *xml = xml_for(spec, &hash);
	enum vmctl_define_result result;
	GError *error = NULL;

	g_assert_true(vmctl_domain_define(virt, "bulkhead-test-own", xml,
		hash, &result, &error));
	g_assert_no_error(error);
	g_assert_cmpint(result, ==, VMCTL_DEFINE_CREATED);

	virDomainPtr domain = virDomainLookupByName(virt,
		"bulkhead-test-own");
	char *stored_hash = vmctl_domain_dup_hash(domain);
	g_assert_cmpstr(stored_hash, ==, hash);
	g_free(stored_hash);
	virDomainFree(domain);

	char *before = dup_domain_xml("bulkhead-test-own");
	g_assert_true(vmctl_domain_define(virt, "bulkhead-test-own", xml,
		hash, &result, &error));
	g_assert_cmpint(result, ==, VMCTL_DEFINE_UNCHANGED);
	char *after = dup_domain_xml("bulkhead-test-own");
	g_assert_cmpstr(before, ==, after);
	g_free(after);

	struct vmctl_spec *changed = spec_with("test-own", "vcpus=3\n");
	char *new_hash = NULL;
	char *new_xml = xml_for(changed, &new_hash);
	g_assert_cmpstr(new_hash, !=, hash);
	vmctl_domain_define(virt, "bulkhead-test-own", new_xml, new_hash,
		&result, &error);
	g_assert_no_error(error);
	g_assert_cmpint(result, ==, VMCTL_DEFINE_UPDATED);
	after = dup_domain_xml("bulkhead-test-own");
	g_assert_nonnull(strstr(after, "<vcpu placement='static'>3</vcpu>"));
	g_assert_nonnull(strstr(after, new_hash));

	g_free(before);
	g_free(after);
	g_free(xml);
	g_free(hash);
	g_free(new_xml);
	g_free(new_hash);
	vmctl_spec_free(spec);
	vmctl_spec_free(changed);
}

static void test_unmarked_domain_untouched(void) {
	define_plain("bulkhead-test-plain");
	char *before = dup_domain_xml("bulkhead-test-plain");

	struct vmctl_spec *spec = spec_with("test-plain", "");
	char *hash = NULL;
	char *xml = xml_for(spec, &hash);
	enum vmctl_define_result result;
	GError *error = NULL;
	g_assert_false(vmctl_domain_define(virt, "bulkhead-test-plain", xml,
		hash, &result, &error));
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_STATE);
	g_assert_nonnull(strstr(error->message, "The domain "
		"bulkhead-test-plain exists but bulkhead did not define it"));
	g_assert_nonnull(strstr(error->message,
		"set domain=bulkhead-test-plain"));
	g_clear_error(&error);

	char *after = dup_domain_xml("bulkhead-test-plain");
	g_assert_cmpstr(before, ==, after);
	g_free(before);
	g_free(after);
	g_free(xml);
	g_free(hash);
	vmctl_spec_free(spec);
}

struct state_case {
	int state;
	int reason;
	enum vmctl_state expected;
};

static void test_state_from_libvirt(void) {
	static const struct state_case cases[] = {
		{ VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED,
			VMCTL_STATE_RUNNING },
		{ VIR_DOMAIN_BLOCKED, 0, VMCTL_STATE_RUNNING },
		{ VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER,
			VMCTL_STATE_PAUSED },
		{ VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_STARTING_UP,
			VMCTL_STATE_STARTING },
		{ VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_SHUTTING_DOWN,
			VMCTL_STATE_STOPPING },
		{ VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_CRASHED,
			VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_SHUTDOWN, 0, VMCTL_STATE_STOPPING },
		{ VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN,
			VMCTL_STATE_OFF },
		{ VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED,
			VMCTL_STATE_OFF },
		{ VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED,
			VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_CRASHED, 0, VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_PMSUSPENDED, 0, VMCTL_STATE_PAUSED },
		{ VIR_DOMAIN_NOSTATE, 0, VMCTL_STATE_OFF },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		enum vmctl_state state = vmctl_state_from_libvirt(
			cases[i].state, cases[i].reason);
		g_assert_cmpstr(vmctl_state_to_string(state), ==,
			vmctl_state_to_string(cases[i].expected));
	}
}

static void test_state_from_event(void) {
	static const struct state_case cases[] = {
		{ VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED,
			VMCTL_STATE_RUNNING },
		{ VIR_DOMAIN_EVENT_SUSPENDED,
			VIR_DOMAIN_EVENT_SUSPENDED_PAUSED,
			VMCTL_STATE_PAUSED },
		{ VIR_DOMAIN_EVENT_RESUMED,
			VIR_DOMAIN_EVENT_RESUMED_UNPAUSED,
			VMCTL_STATE_RUNNING },
		{ VIR_DOMAIN_EVENT_SHUTDOWN,
			VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED,
			VMCTL_STATE_STOPPING },
		{ VIR_DOMAIN_EVENT_STOPPED,
			VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, VMCTL_STATE_OFF },
		{ VIR_DOMAIN_EVENT_STOPPED,
			VIR_DOMAIN_EVENT_STOPPED_DESTROYED, VMCTL_STATE_OFF },
		{ VIR_DOMAIN_EVENT_STOPPED,
			VIR_DOMAIN_EVENT_STOPPED_CRASHED,
			VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED,
			VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_EVENT_CRASHED,
			VIR_DOMAIN_EVENT_CRASHED_PANICKED,
			VMCTL_STATE_CRASHED },
		{ VIR_DOMAIN_EVENT_PMSUSPENDED, 0, VMCTL_STATE_PAUSED },
		/* Config changes keep the current state (paused here). */
		{ VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_UPDATED,
			VMCTL_STATE_PAUSED },
		{ VIR_DOMAIN_EVENT_UNDEFINED, 0, VMCTL_STATE_PAUSED },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		enum vmctl_state state = vmctl_state_from_event(
			cases[i].state, cases[i].reason, VMCTL_STATE_PAUSED);
		g_assert_cmpstr(vmctl_state_to_string(state), ==,
			vmctl_state_to_string(cases[i].expected));
	}
	g_assert_cmpstr(vmctl_state_to_string(VMCTL_STATE_UNAVAILABLE), ==,
		"unavailable");
}

static int defined_events;

static int count_defined(virConnectPtr conn, virDomainPtr domain, int event,
		int detail, void *data) {
	if (event == VIR_DOMAIN_EVENT_DEFINED &&
			strcmp(virDomainGetName(domain), data) == 0) {
		defined_events++;
	}
	return 0;
}

static void start_and_stop(struct vmctl_conn *conn,
		const struct vmctl_spec *spec) {
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	GError *error = NULL;
	g_assert_true(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 5));
	g_assert_true(test_run(vm, vmctl_vm_force_off_async,
		vmctl_vm_force_off_finish, &error));
	g_assert_true(test_wait_state(vm, VMCTL_STATE_OFF, 5));
	vmctl_vm_free(vm);
}

static void test_redefine_only_on_change(void) {
	const char *name = "bulkhead-test-events";
	int callback = virConnectDomainEventRegisterAny(virt, NULL,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(count_defined), (void *)name, NULL);
	g_assert_cmpint(callback, >=, 0);
	struct vmctl_conn *conn = vmctl_conn_new(URI);
	struct vmctl_spec *spec = spec_with("test-events", "");

	start_and_stop(conn, spec);
	test_pump(100);
	g_assert_cmpint(defined_events, ==, 1);

	start_and_stop(conn, spec);
	test_pump(100);
	g_assert_cmpint(defined_events, ==, 1);

	struct vmctl_spec *changed = spec_with("test-events", "memory=256\n");
	start_and_stop(conn, changed);
	test_pump(100);
	g_assert_cmpint(defined_events, ==, 2);
	char *xml = dup_domain_xml(name);
	g_assert_nonnull(strstr(xml, "<memory unit='KiB'>262144</memory>"));
	g_free(xml);

	virConnectDomainEventDeregisterAny(virt, callback);
	vmctl_spec_free(spec);
	vmctl_spec_free(changed);
	vmctl_conn_free(conn);
}

static void test_power_states(void) {
	struct vmctl_conn *conn = vmctl_conn_new(URI);
	struct vmctl_spec *spec = spec_with("test-power", "");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	GError *error = NULL;

	g_assert_true(test_run(vm, vmctl_vm_refresh_async,
		vmctl_vm_refresh_finish, &error));
	g_assert_cmpstr(vmctl_state_to_string(vmctl_vm_get_state(vm)), ==,
		"off");
	g_assert_true(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 5));
	g_assert_true(test_run(vm, vmctl_vm_pause_async,
		vmctl_vm_pause_finish, &error));
	g_assert_true(test_wait_state(vm, VMCTL_STATE_PAUSED, 5));
	g_assert_true(test_run(vm, vmctl_vm_resume_async,
		vmctl_vm_resume_finish, &error));
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 5));
	g_assert_no_error(error);

	/* Resuming a running domain fails, keeps the state, sets the error. */
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*Could not resume the domain bulkhead-test-power*");
	g_assert_false(test_run(vm, vmctl_vm_resume_async,
		vmctl_vm_resume_finish, &error));
	g_test_assert_expected_messages();
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT);
	g_clear_error(&error);
	g_assert_nonnull(strstr(vmctl_vm_get_last_error(vm),
		"Could not resume the domain bulkhead-test-power"));
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_RUNNING);

	/* The test driver stops a domain at once on shutdown. */
	test_run(vm, vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish,
		&error);
	g_assert_no_error(error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);
	g_assert_null(vmctl_vm_get_last_error(vm));

	vmctl_vm_free(vm);
	vmctl_spec_free(spec);
	vmctl_conn_free(conn);
}

static void test_existing_domain_untouched(void) {
	define_plain("test-user-own");
	char *before = dup_domain_xml("test-user-own");
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(
		"[vm:mine]\ndomain=test-user-own\n", "mine", &error);
	g_assert_no_error(error);
	struct vmctl_conn *conn = vmctl_conn_new(URI);
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	g_assert_cmpstr(vmctl_vm_get_domain_name(vm), ==, "test-user-own");

	g_assert_true(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 5));
	char *after = dup_domain_xml("test-user-own");
	g_assert_cmpstr(before, ==, after);
	g_free(after);

	g_assert_true(test_run(vm, vmctl_vm_force_off_async,
		vmctl_vm_force_off_finish, &error));
	g_assert_true(test_wait_state(vm, VMCTL_STATE_OFF, 5));
	after = dup_domain_xml("test-user-own");
	g_assert_cmpstr(before, ==, after);
	virDomainPtr domain = virDomainLookupByName(virt, "test-user-own");
	g_assert_nonnull(domain);
	g_assert_cmpint(virDomainIsPersistent(domain), ==, 1);
	virDomainFree(domain);

	g_free(before);
	g_free(after);
	vmctl_vm_free(vm);
	vmctl_spec_free(spec);
	vmctl_conn_free(conn);
}

static void test_missing_existing_domain(void) {
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(
		"[vm:gone]\ndomain=test-no-such-domain\n", "gone", &error);
	struct vmctl_conn *conn = vmctl_conn_new(URI);
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"*Could not find the domain test-no-such-domain*");
	g_assert_false(test_run(vm, vmctl_vm_start_async,
		vmctl_vm_start_finish, &error));
	g_test_assert_expected_messages();
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT);
	g_assert_nonnull(strstr(error->message, "test-no-such-domain"));
	g_clear_error(&error);
	g_assert_cmpint(vmctl_vm_get_state(vm), ==, VMCTL_STATE_OFF);
	vmctl_vm_free(vm);
	vmctl_spec_free(spec);
	vmctl_conn_free(conn);
}

/* A failure reaches the CLI's standard error once, as one line. */
static void test_cli_failure_printed_once(void) {
	const char *cli = g_getenv("BULKHEAD_VMCTL");
	if (!cli) {
		g_test_skip("BULKHEAD_VMCTL is not set; run through meson test");
		return;
	}
	char *config = g_build_filename(data_dir, "cli.ini", NULL);
	g_assert_true(g_file_set_contents(config, "[vm:cli]\n"
		"kernel=/nonexistent/vmlinuz\naccel=tcg\n", -1, NULL));
	const char *argv[] = { cli, "--config", config, "--uri", URI,
		"start", "cli", NULL };
	char *out = NULL;
	char *err = NULL;
	int status = 0;
	GError *error = NULL;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL,
		&out, &err, &status, &error));
	g_assert_no_error(error);
	g_assert_false(g_spawn_check_wait_status(status, NULL));
	g_assert_cmpstr(out, ==, "");
	char *expected = g_strdup_printf("bulkhead-vmctl: Could not read the "
		"kernel /nonexistent/vmlinuz of [vm:cli] (set in %s): No such "
		"file or directory; set kernel= to an existing file\n", config);
	g_assert_cmpstr(err, ==, expected);
	g_free(expected);
	g_free(out);
	g_free(err);
	g_free(config);
}

/*
 * After vmctl_init a SIGPIPE (libvirtd gone while a call writes to it)
 * does not end the process, and its handler is one that exec() resets.
 */
static void test_sigpipe_survived(void) {
	struct sigaction current;
	g_assert_cmpint(sigaction(SIGPIPE, NULL, &current), ==, 0);
	g_assert_true(current.sa_handler != SIG_DFL);
	g_assert_true(current.sa_handler != SIG_IGN);
	g_assert_cmpint(raise(SIGPIPE), ==, 0);
}

int main(int argc, char **argv) {
	g_test_init(&argc, &argv, NULL);
	vmctl_init();
	virt = virConnectOpen(URI);
	g_assert_nonnull(virt);

	data_dir = g_dir_make_tmp("vmctl-test-XXXXXX", NULL);
	g_setenv("XDG_DATA_HOME", data_dir, true);
	g_setenv("XDG_CACHE_HOME", data_dir, true);
	kernel_path = g_build_filename(data_dir, "vmlinuz", NULL);
	g_assert_true(g_file_set_contents(kernel_path, "kernel", -1, NULL));

	g_test_add_func("/ownership/sigpipe-survived", test_sigpipe_survived);
	g_test_add_func("/ownership/define-decisions", test_define_decisions);
	g_test_add_func("/ownership/unmarked-untouched",
		test_unmarked_domain_untouched);
	g_test_add_func("/ownership/redefine-on-change",
		test_redefine_only_on_change);
	g_test_add_func("/ownership/existing-untouched",
		test_existing_domain_untouched);
	g_test_add_func("/ownership/existing-missing",
		test_missing_existing_domain);
	g_test_add_func("/state/from-libvirt", test_state_from_libvirt);
	g_test_add_func("/state/from-event", test_state_from_event);
	g_test_add_func("/power/states", test_power_states);
	g_test_add_func("/cli/failure-printed-once",
		test_cli_failure_printed_once);
	int status = g_test_run();

	virConnectClose(virt);
	char *argv_rm[] = { "rm", "-rf", data_dir, NULL };
	g_spawn_sync(NULL, argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
		NULL, NULL, NULL, NULL);
	g_free(kernel_path);
	g_free(data_dir);
	return status;
}
