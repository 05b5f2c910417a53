/*
 * vmctl against a real libvirtd with the demo guest's test modes. A volume
 * keeps a file written in the guest across a restart and is formatted only
 * once. An existing image is left as it is. A read-only share rejects
 * writes from the guest. exec returns the guest's output through qemu-ga.
 * The guest prints its results on ttyS0, which libvirt logs.
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest-env.h"

#define BOOT_SECONDS 90
#define AGENT_SECONDS 30

static struct guest_env env;
static struct vmctl_conn *conn;

static char *read_serial(struct vmctl_vm *vm) {
	char *path = vmctl_vm_dup_serial_log_path(vm);
	char *text = NULL;
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_free(path);
	return text;
}

/* Starts the VM and waits for marker on its serial port. */
static void start_until(struct vmctl_vm *vm, const char *marker) {
	GError *error = NULL;
	test_run(vm, vmctl_vm_start_async, vmctl_vm_start_finish, &error);
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_RUNNING, 10));
	char *log = vmctl_vm_dup_serial_log_path(vm);
	if (!test_wait_file_contains(log, marker, BOOT_SECONDS)) {
		char *text = read_serial(vm);
		g_error("no \"%s\" in %s within %d s; the log ends with:\n%s",
			marker, log, BOOT_SECONDS,
			strlen(text) > 2000 ? text + strlen(text) - 2000 : text);
	}
	g_free(log);
}

static void force_off(struct vmctl_vm *vm) {
	GError *error = NULL;
	test_run(vm, vmctl_vm_force_off_async, vmctl_vm_force_off_finish,
		&error);
	g_assert_no_error(error);
	g_assert_true(test_wait_state(vm, VMCTL_STATE_OFF, 10));
}

/* Returns the rest of the first line of text that starts with prefix. */
static char *dup_line_after(const char *text, const char *prefix) {
	const char *start = strstr(text, prefix);
	if (!start) {
		return NULL;
	}
	start += strlen(prefix);
	size_t length = strcspn(start, "\r\n");
	return g_strndup(start, length);
}

/* Runs argv on the host and returns its standard output. */
static char *run_host(const char *const *argv) {
	char *output = NULL;
	int status = 0;
	GError *error = NULL;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
		G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
		&output, NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	return output;
}

/* Returns field (e.g. "Filesystem UUID") of the ext4 superblock in image. */
static char *dup_superblock_field(const char *image, const char *field) {
	const char *argv[] = { "dumpe2fs", "-h", image, NULL };
	char *output = run_host(argv);
	char *prefix = g_strconcat(field, ":", NULL);
	char *value = dup_line_after(output, prefix);
	g_assert_nonnull(value);
	g_strstrip(value);
	g_free(prefix);
	g_free(output);
	return value;
}

/* Returns the file /marker of the ext4 image, read on the host. */
static char *dup_image_marker(const char *image) {
	const char *argv[] = { "debugfs", "-R", "cat /marker", image, NULL };
	char *output = run_host(argv);
	return g_strstrip(output);
}

static char *dup_volume_path(const struct vmctl_spec *spec,
		const char *name) {
	return g_build_filename(vmctl_spec_get_state_dir(spec), name, NULL);
}

static void test_volume_persists(void) {
	guest_env_remove_domain(&env, "bulkhead-test-volume");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-volume",
		"bulkhead.test-volume=/dev/vda", "volumes=data.img:64:ext4\n");
	char *image = dup_volume_path(spec, "data.img");
	char *partial = g_strconcat(image, ".partial", NULL);
	g_assert_false(g_file_test(image, G_FILE_TEST_EXISTS));
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);

	/* First start: vmctl creates and formats the image. */
	g_test_expect_message("vmctl", G_LOG_LEVEL_MESSAGE,
		"created the volume *data.img (64 MiB, ext4)");
	start_until(vm, "bulkhead-test-volume: unmounted");
	g_test_assert_expected_messages();
	char *log = read_serial(vm);
	g_assert_nonnull(strstr(log, "bulkhead-test-volume: read nothing"));
	char *first_marker = dup_line_after(log,
		"bulkhead-test-volume: wrote ");
	g_assert_nonnull(first_marker);
	g_assert_cmpuint(strlen(first_marker), ==, 36);
	g_free(log);

	GError *error = NULL;
	test_run(vm, vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish,
		&error);
	g_assert_no_error(error);

	struct stat first;
	g_assert_cmpint(g_stat(image, &first), ==, 0);
	g_assert_cmpint(first.st_size, ==, 64 * 1024 * 1024);
	/* Sparse: far fewer blocks are allocated than the size. */
	g_assert_cmpint((gint64)first.st_blocks * 512, <,
		first.st_size / 2);
	g_assert_false(g_file_test(partial, G_FILE_TEST_EXISTS));
	char *first_uuid = dup_superblock_field(image, "Filesystem UUID");
	char *created = dup_superblock_field(image, "Filesystem created");
	char *mounts = dup_superblock_field(image, "Mount count");
	g_assert_cmpstr(mounts, ==, "1");
	g_free(mounts);
	/* The guest's write reached the image. */
	char *on_host = dup_image_marker(image);
	g_assert_cmpstr(on_host, ==, first_marker);
	g_free(on_host);

	/* Second start: the same file system comes back with the marker. */
	start_until(vm, "bulkhead-test-volume: unmounted");
	log = read_serial(vm);
	char *read_back = dup_line_after(log, "bulkhead-test-volume: read ");
	g_assert_cmpstr(read_back, ==, first_marker);
	char *second_marker = dup_line_after(log,
		"bulkhead-test-volume: wrote ");
	g_assert_nonnull(second_marker);
	g_assert_cmpstr(second_marker, !=, first_marker);
	g_free(log);
	force_off(vm);

	/* No mkfs ran: a new file system would have a new UUID, a new
	 * creation time and a mount count of 1, and vmctl links a new image
	 * into place, which gives it a new inode. */
	struct stat second;
	g_assert_cmpint(g_stat(image, &second), ==, 0);
	g_assert_cmpuint(second.st_ino, ==, first.st_ino);
	g_assert_cmpint(second.st_size, ==, first.st_size);
	char *second_uuid = dup_superblock_field(image, "Filesystem UUID");
	g_assert_cmpstr(second_uuid, ==, first_uuid);
	char *created_again = dup_superblock_field(image,
		"Filesystem created");
	g_assert_cmpstr(created_again, ==, created);
	mounts = dup_superblock_field(image, "Mount count");
	g_assert_cmpstr(mounts, ==, "2");
	on_host = dup_image_marker(image);
	g_assert_cmpstr(on_host, ==, second_marker);

	g_free(on_host);
	g_free(mounts);
	g_free(created_again);
	g_free(second_uuid);
	g_free(read_back);
	g_free(second_marker);
	g_free(created);
	g_free(first_uuid);
	g_free(first_marker);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-volume");
	g_free(partial);
	g_free(image);
	vmctl_spec_free(spec);
}

static void test_existing_image_untouched(void) {
	guest_env_remove_domain(&env, "bulkhead-test-keep");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-keep",
		"bulkhead.test-volume=/dev/vda", "volumes=keep.img:64:ext4\n");
	char *image = dup_volume_path(spec, "keep.img");
	char *dir = g_path_get_dirname(image);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0711), ==, 0);

	/* 1 MiB of random bytes: no file system, and smaller than the
	 * 64 MiB the spec sets. */
	gsize size = 1024 * 1024;
	guint32 *content = g_malloc(size);
	for (gsize i = 0; i < size / sizeof(*content); i++) {
		content[i] = g_random_int();
	}
	g_assert_true(g_file_set_contents(image, (char *)content, size,
		NULL));
	g_chmod(image, 0666);
	struct stat before;
	g_assert_cmpint(g_stat(image, &before), ==, 0);

	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_until(vm, "bulkhead-test-volume: ");
	char *log = read_serial(vm);
	/* The guest finds no ext4 on it, so it writes nothing. */
	g_assert_nonnull(strstr(log, "bulkhead-test-volume: error: mount "
		"-t ext4 /dev/vda failed"));
	g_assert_null(strstr(log, "bulkhead-test-volume: wrote"));
	g_free(log);
	force_off(vm);

	struct stat after;
	g_assert_cmpint(g_stat(image, &after), ==, 0);
	g_assert_cmpuint(after.st_ino, ==, before.st_ino);
	g_assert_cmpint(after.st_size, ==, (goffset)size);
	char *now = NULL;
	gsize now_size = 0;
	g_assert_true(g_file_get_contents(image, &now, &now_size, NULL));
	g_assert_cmpuint(now_size, ==, size);
	g_assert_true(memcmp(now, content, size) == 0);

	g_free(now);
	g_free(content);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-keep");
	g_free(dir);
	g_free(image);
	vmctl_spec_free(spec);
}

static void test_read_only_share(void) {
	guest_env_remove_domain(&env, "bulkhead-test-share");
	char *share = g_build_filename(env.data_dir, "share", NULL);
	g_assert_cmpint(g_mkdir(share, 0755), ==, 0);
	char *marker_path = g_build_filename(share, "marker", NULL);
	char *marker = g_strdup_printf("host-%08x", g_random_int());
	g_assert_true(g_file_set_contents(marker_path, marker, -1, NULL));
	g_chmod(marker_path, 0666);
	char *keys = g_strdup_printf("shares=%s:data:ro\n", share);
	struct vmctl_spec *spec = guest_env_spec(&env, "test-share",
		"bulkhead.test-share=data", keys);
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);

	start_until(vm, "bulkhead-test-share: overwrite");
	char *log = read_serial(vm);
	char *read = dup_line_after(log, "bulkhead-test-share: read ");
	g_assert_cmpstr(read, ==, marker);
	char *create = dup_line_after(log, "bulkhead-test-share: create ");
	g_assert_true(g_str_has_prefix(create, "refused: "));
	g_assert_nonnull(strstr(create, "Read-only file system"));
	char *overwrite = dup_line_after(log,
		"bulkhead-test-share: overwrite ");
	g_assert_true(g_str_has_prefix(overwrite, "refused: "));
	g_assert_nonnull(strstr(overwrite, "Read-only file system"));
	g_free(log);
	force_off(vm);

	/* Nothing changed on the host side. */
	char *created = g_build_filename(share, "created", NULL);
	g_assert_false(g_file_test(created, G_FILE_TEST_EXISTS));
	char *now = NULL;
	g_assert_true(g_file_get_contents(marker_path, &now, NULL, NULL));
	g_assert_cmpstr(now, ==, marker);

	g_free(now);
	g_free(created);
	g_free(overwrite);
	g_free(create);
	g_free(read);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-share");
	vmctl_spec_free(spec);
	g_free(keys);
	g_free(marker);
	g_free(marker_path);
	g_free(share);
}

static void handle_result(GObject *source, GAsyncResult *result,
		void *data) {
	GAsyncResult **out = data;
	*out = g_object_ref(result);
}

static bool run_exec(struct vmctl_vm *vm, const char *const *argv,
		struct vmctl_exec_result *out, GError **error) {
	GAsyncResult *result = NULL;
	vmctl_vm_exec_async(vm, argv, NULL, 20, NULL, handle_result,
		&result);
	while (!result) {
		g_main_context_iteration(NULL, true);
	}
	bool ok = vmctl_vm_exec_finish(vm, result, out, error);
	g_object_unref(result);
	return ok;
}

/*
 * Runs argv, retrying until the agent replies, because libvirt reports the
 * agent channel connected only some time after qemu-ga opens its port.
 */
static void exec_when_connected(struct vmctl_vm *vm, const char *const *argv,
		struct vmctl_exec_result *out) {
	gint64 deadline = g_get_monotonic_time() +
		AGENT_SECONDS * G_USEC_PER_SEC;
	GError *error = NULL;
	while (!run_exec(vm, argv, out, &error)) {
		g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT);
		if (g_get_monotonic_time() > deadline) {
			g_error("the guest agent did not answer within %d s: "
				"%s", AGENT_SECONDS, error->message);
		}
		g_clear_error(&error);
		test_pump(500);
	}
}

static char *write_config(const char *name, const char *text) {
	char *path = g_build_filename(env.data_dir, name, NULL);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

/* Runs bulkhead-vmctl with args and returns its exit status. */
static int run_cli(const char *const *args, char **out, char **err) {
	const char *cli = g_getenv("BULKHEAD_VMCTL");
	g_assert_nonnull(cli);
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)cli);
	for (size_t i = 0; args[i]; i++) {
		g_ptr_array_add(argv, (char *)args[i]);
	}
	g_ptr_array_add(argv, NULL);
	int status = 0;
	GError *error = NULL;
	g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, 0, NULL,
		NULL, out, err, &status, &error));
	g_assert_no_error(error);
	g_ptr_array_free(argv, true);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void check_cli_exec(const char *config) {
	const char *echo_args[] = { "--config", config, "--uri", GUEST_URI,
		"exec", "test-exec", "--", "/bin/echo", "from", "cli", NULL };
	char *out = NULL;
	char *err = NULL;
	g_assert_cmpint(run_cli(echo_args, &out, &err), ==, 0);
	g_assert_cmpstr(out, ==, "from cli\n");
	g_assert_cmpstr(err, ==, "");
	g_free(out);
	g_free(err);

	const char *status_args[] = { "--config", config, "--uri",
		GUEST_URI, "--json", "exec", "test-exec", "--", "/bin/sh",
		"-c", "echo json; exit 5", NULL };
	g_assert_cmpint(run_cli(status_args, &out, &err), ==, 5);
	g_assert_nonnull(strstr(out, "\"exit_code\" : 5"));
	g_assert_nonnull(strstr(out, "\"stdout\" : \"json\\n\""));
	g_free(out);
	g_free(err);
}

static void test_exec_output(void) {
	guest_env_remove_domain(&env, "bulkhead-test-exec");
	struct vmctl_spec *spec = guest_env_spec(&env, "test-exec",
		"bulkhead.test-agent", "");
	struct vmctl_vm *vm = vmctl_vm_new(conn, spec);
	start_until(vm, "bulkhead-test-agent: qemu-ga started on /dev/");

	/* Output, standard error and exit status come from the guest. */
	const char *script[] = { "/bin/sh", "-c", "echo out-$((6 * 7)); "
		"echo err-line >&2; exit 3", NULL };
	struct vmctl_exec_result result = { 0 };
	exec_when_connected(vm, script, &result);
	g_assert_cmpint(result.exit_code, ==, 3);
	g_assert_cmpint(result.signal, ==, 0);
	g_assert_cmpstr(result.out, ==, "out-42\n");
	g_assert_cmpstr(result.err, ==, "err-line\n");
	g_assert_false(result.truncated);
	vmctl_exec_result_clear(&result);

	/* The guest's kernel command line proves the output is the guest's. */
	const char *cat[] = { "/bin/cat", "/proc/cmdline", NULL };
	GError *error = NULL;
	g_assert_true(run_exec(vm, cat, &result, &error));
	g_assert_no_error(error);
	g_assert_cmpint(result.exit_code, ==, 0);
	g_assert_nonnull(strstr(result.out, "bulkhead.test-agent"));
	vmctl_exec_result_clear(&result);

	/* A process killed by a signal reports the signal. */
	const char *kill_self[] = { "/bin/sh", "-c", "kill -9 $$", NULL };
	g_assert_true(run_exec(vm, kill_self, &result, &error));
	g_assert_no_error(error);
	g_assert_cmpint(result.signal, ==, 9);
	vmctl_exec_result_clear(&result);

	/* A missing program is the agent's error, not a crash. */
	const char *missing[] = { "/nonexistent", NULL };
	g_assert_false(run_exec(vm, missing, &result, &error));
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT);
	g_test_message("missing program: %s", error->message);
	g_clear_error(&error);

	char *text = g_strdup_printf("[vm:test-exec]\nmemory=256\n"
		"kernel=%s/vmlinuz\ninitrd=%s/initrd.img\n"
		"cmdline=console=ttyS0 bulkhead.test-agent\naccel=tcg\n",
		env.demo_dir, env.demo_dir);
	char *config = write_config("exec.ini", text);
	check_cli_exec(config);
	g_free(config);
	g_free(text);

	force_off(vm);
	vmctl_vm_free(vm);
	guest_env_remove_domain(&env, "bulkhead-test-exec");
	vmctl_spec_free(spec);
}

int main(int argc, char **argv) {
	g_test_init(&argc, &argv, NULL);
	guest_env_setup(&env);
	conn = vmctl_conn_new(GUEST_URI);

	g_test_add_func("/guest-data/volume-persists", test_volume_persists);
	g_test_add_func("/guest-data/existing-image-untouched",
		test_existing_image_untouched);
	g_test_add_func("/guest-data/read-only-share", test_read_only_share);
	g_test_add_func("/guest-data/exec-output", test_exec_output);
	int status = g_test_run();

	vmctl_conn_free(conn);
	guest_env_teardown(&env);
	return status;
}
