/* [vm:NAME] parsing, validation messages and domain XML generation. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

#define BOOT "kernel=/boot/vmlinuz\n"

struct bad_case {
	const char *body;	/* lines after [vm:w] */
	const char *message;	/* expected part of the error message */
};

static const struct bad_case bad_cases[] = {
	{ BOOT "memory=abc\n", "test.ini: [vm:w] memory=abc is invalid: "
		"expected a whole number of MiB from 64 to 1048576" },
	{ BOOT "memory=32\n", "memory=32 is invalid" },
	{ BOOT "vcpus=0\n", "vcpus=0 is invalid: expected a whole number "
		"of CPUs from 1 to 256" },
	{ BOOT "heads=17\n", "heads=17 is invalid: expected a whole number "
		"of outputs from 1 to 16" },
	{ BOOT "accel=xen\n", "accel=xen is invalid: expected one of auto, "
		"kvm, tcg" },
	{ BOOT "network=bridge\n", "network=bridge is invalid: expected one "
		"of none, user" },
	{ BOOT "sound=alsa\n", "sound=alsa is invalid: expected one of none, "
		"spice" },
	{ BOOT "autostart=yes\n", "autostart=yes is invalid: expected true "
		"or false" },
	{ BOOT "shutdown-timeout=0\n", "shutdown-timeout=0 is invalid: "
		"expected a whole number of seconds from 1 to 3600" },
	{ BOOT "network=user\nmac=01:00:00:00:00:01\n",
		"mac=01:00:00:00:00:01 is invalid: expected a unicast MAC" },
	{ BOOT "network=user\nmac=02:00:00:00:00\n",
		"mac=02:00:00:00:00 is invalid" },
	{ BOOT "mac=02:00:00:01:01:01\n", "sets mac=02:00:00:01:01:01 "
		"without network=user" },
	{ BOOT "shares=relative:data\n", "shares=relative:data is invalid: "
		"the source \"relative\" must be an absolute host directory" },
	{ BOOT "shares=/srv:bad tag\n", "the tag \"bad tag\" must be" },
	{ BOOT "shares=/srv:data:rx\n", "the mode \"rx\" must be ro or rw" },
	{ BOOT "shares=/srv\n", "expected source:tag" },
	{ BOOT "shares=/a:data;/b:data:ro\n", "uses the tag data twice" },
	{ BOOT "volumes=a.img:big\n", "the size \"big\" must be a whole "
		"number of MiB" },
	{ BOOT "volumes=a.img:10:ntfs\n", "the file system \"ntfs\" must be "
		"one of ext4, ext3, ext2, xfs, btrfs, vfat, none" },
	{ BOOT "volumes=a.img:10;a.img:20\n", "uses the image" },
	{ BOOT "colour=blue\n", "test.ini: [vm:w] has unknown key colour; "
		"valid keys are domain, memory" },
	{ "memory=512\n", "sets neither kernel= nor disk=" },
	{ BOOT "disk=/var/disk.img\n", "sets both kernel= and disk=" },
	{ "disk=/var/disk.img\ninitrd=/boot/initrd\n", "sets initrd= "
		"without kernel=" },
	{ "domain=a/b\n", "domain=a/b is invalid: expected the name of a "
		"libvirt domain" },
};

static void test_bad_values(void) {
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		char *text = g_strconcat("[vm:w]\n", bad_cases[i].body, NULL);
		GError *error = NULL;
		struct vmctl_spec *spec = test_spec_from_text(text, "w",
			&error);
		g_assert_null(spec);
		g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC);
		if (!strstr(error->message, bad_cases[i].message)) {
			g_error("case %zu: message \"%s\" lacks \"%s\"", i,
				error->message, bad_cases[i].message);
		}
		g_error_free(error);
		g_free(text);
	}
}

static void test_bad_name(void) {
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text("[vm:a b]\n" BOOT,
		"a b", &error);
	g_assert_null(spec);
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC);
	g_assert_nonnull(strstr(error->message, "invalid VM name \"a b\""));
	g_error_free(error);
}

static void test_full_spec(void) {
	const char *text = "[vm:work]\n"
		"domain=\n"
		"memory=2048\nvcpus=2\n"
		"kernel=/var/lib/bulkhead/demo/vmlinuz\n"
		"initrd=/var/lib/bulkhead/demo/initrd.img\n"
		"cmdline=console=ttyS0\n"
		"disk=\n"
		"shares=/srv/work-share:data:ro;/srv/rw:rw:rw\n"
		"volumes=root-overlay.img:8192:ext4;raw.img:16:none\n"
		"network=user\nmac=02:00:00:01:01:01\n"
		"sound=spice\nheads=2\naccel=tcg\n"
		"autostart=true\nshutdown-timeout=30\n";
	g_setenv("XDG_DATA_HOME", "/data", true);
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(text, "work", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(spec->memory_mib, ==, 2048);
	g_assert_cmpint(spec->vcpus, ==, 2);
	g_assert_cmpint(vmctl_spec_get_heads(spec), ==, 2);
	g_assert_true(vmctl_spec_get_autostart(spec));
	g_assert_cmpint(vmctl_spec_get_shutdown_timeout(spec), ==, 30);
	g_assert_null(vmctl_spec_get_domain(spec));
	g_assert_cmpstr(spec->cmdline, ==, "console=ttyS0");
	g_assert_cmpuint(spec->shares->len, ==, 2);
	struct vmctl_share *share = spec->shares->pdata[0];
	g_assert_cmpstr(share->source, ==, "/srv/work-share");
	g_assert_cmpstr(share->tag, ==, "data");
	g_assert_true(share->read_only);
	share = spec->shares->pdata[1];
	g_assert_false(share->read_only);
	g_assert_cmpuint(spec->volumes->len, ==, 2);
	struct vmctl_volume *volume = spec->volumes->pdata[0];
	g_assert_cmpstr(volume->path, ==,
		"/data/bulkhead/vms/work/root-overlay.img");
	g_assert_cmpuint(volume->size_mib, ==, 8192);
	g_assert_cmpstr(volume->fs_type, ==, "ext4");
	volume = spec->volumes->pdata[1];
	g_assert_cmpstr(volume->fs_type, ==, "none");
	g_assert_cmpint(spec->network, ==, VMCTL_NETWORK_USER);
	g_assert_cmpstr(spec->mac, ==, "02:00:00:01:01:01");
	g_assert_cmpint(spec->sound, ==, VMCTL_SOUND_SPICE);
	g_assert_cmpint(spec->accel, ==, VMCTL_ACCEL_TCG);
	g_assert_cmpstr(vmctl_spec_get_state_dir(spec), ==,
		"/data/bulkhead/vms/work");
	char *log = vmctl_spec_dup_serial_log_path(spec);
	g_assert_cmpstr(log, ==, "/data/bulkhead/vms/work/serial.log");
	g_free(log);
	vmctl_spec_free(spec);
}

static void test_domain_spec(void) {
	GError *error = NULL;
	g_test_expect_message("vmctl", G_LOG_LEVEL_WARNING,
		"test.ini: [vm:mine] memory is ignored because domain= names "
		"an existing domain");
	struct vmctl_spec *spec = test_spec_from_text(
		"[vm:mine]\ndomain=my-vm\nmemory=4096\nshutdown-timeout=5\n",
		"mine", &error);
	g_test_assert_expected_messages();
	g_assert_no_error(error);
	g_assert_cmpstr(vmctl_spec_get_domain(spec), ==, "my-vm");
	char *name = vmctl_spec_dup_domain_name(spec);
	g_assert_cmpstr(name, ==, "my-vm");
	g_free(name);
	g_assert_cmpint(vmctl_spec_get_shutdown_timeout(spec), ==, 5);
	g_assert_null(vmctl_spec_dup_serial_log_path(spec));
	char *xml = vmctl_spec_to_xml(spec, &error);
	g_assert_null(xml);
	g_assert_error(error, VMCTL_ERROR, VMCTL_ERROR_STATE);
	g_error_free(error);
	vmctl_spec_free(spec);
}

static void test_default_spec(void) {
	struct vmctl_spec *spec = vmctl_spec_new_default("work");
	g_assert_cmpstr(vmctl_spec_get_name(spec), ==, "work");
	g_assert_cmpstr(spec->kernel, ==, "/var/lib/bulkhead/demo/vmlinuz");
	g_assert_cmpstr(spec->initrd, ==,
		"/var/lib/bulkhead/demo/initrd.img");
	g_assert_cmpstr(spec->cmdline, ==, "console=ttyS0");
	g_assert_cmpuint(spec->memory_mib, ==, 512);
	g_assert_cmpint(spec->vcpus, ==, 1);
	g_assert_cmpint(vmctl_spec_get_heads(spec), ==, 1);
	g_assert_cmpint(spec->accel, ==, VMCTL_ACCEL_AUTO);
	g_assert_false(vmctl_spec_get_autostart(spec));
	vmctl_spec_free(spec);
}

static char *xml_of(const char *text, const struct vmctl_xml_options *opts,
		char **hash) {
	GError *error = NULL;
	struct vmctl_spec *spec = test_spec_from_text(text, "x", &error);
	g_assert_no_error(error);
	char *xml = vmctl_spec_to_xml_full(spec, opts, hash, &error);
	g_assert_no_error(error);
	vmctl_spec_free(spec);
	return xml;
}

static const char full_text[] = "[vm:x]\nmemory=300\nvcpus=2\n"
	"kernel=/boot/vmlinuz\ninitrd=/boot/initrd.img\n"
	"cmdline=console=ttyS0 a&b<c\n"
	"shares=/srv/ro:ro:ro;/srv/rw:rw:rw\nvolumes=v.img:64\n"
	"network=user\nmac=02:00:00:01:01:01\nsound=spice\nheads=3\n";

static void assert_contains(const char *xml, const char *part) {
	if (!strstr(xml, part)) {
		g_error("XML lacks %s:\n%s", part, xml);
	}
}

static void test_xml_content(void) {
	g_setenv("XDG_DATA_HOME", "/data", true);
	struct vmctl_xml_options opts = { .accel = VMCTL_ACCEL_TCG,
		.virtiofs = true, .vsock = true };
	char *hash = NULL;
	char *xml = xml_of(full_text, &opts, &hash);
	assert_contains(xml, "<domain type=\"qemu\">");
	assert_contains(xml, "<name>bulkhead-x</name>");
	assert_contains(xml, "<bulkhead:spec-hash>");
	assert_contains(xml, hash);
	assert_contains(xml, "<memory unit=\"MiB\">300</memory>");
	assert_contains(xml, "<vcpu>2</vcpu>");
	assert_contains(xml, "machine=\"q35\"");
	assert_contains(xml, "<kernel>/boot/vmlinuz</kernel>");
	assert_contains(xml, "<cmdline>console=ttyS0 a&amp;b&lt;c</cmdline>");
	assert_contains(xml, "<source type=\"memfd\"/>");
	assert_contains(xml, "<access mode=\"shared\"/>");
	assert_contains(xml, "<driver type=\"virtiofs\"/>");
	assert_contains(xml, "<target dir=\"ro\"/>\n      <readonly/>");
	assert_contains(xml, "/data/bulkhead/vms/x/v.img");
	assert_contains(xml, "<target dev=\"vdb\" bus=\"virtio\"/>");
	assert_contains(xml, "<interface type=\"user\">");
	assert_contains(xml, "<mac address=\"02:00:00:01:01:01\"/>");
	assert_contains(xml, "<audio id=\"1\" type=\"spice\"/>");
	assert_contains(xml, "<model type=\"virtio\" heads=\"3\" "
		"primary=\"yes\"/>");
	assert_contains(xml, "<listen type=\"none\"/>");
	assert_contains(xml, "<log file=\"/data/bulkhead/vms/x/serial.log\"");
	assert_contains(xml, "name=\"com.redhat.spice.0\"");
	assert_contains(xml, "name=\"org.qemu.guest_agent.0\"");
	assert_contains(xml, "<panic model=\"isa\"/>");
	assert_contains(xml, "<vsock model=\"virtio\">");
	/* No port, tlsPort or autoport attribute on the SPICE element. */
	assert_contains(xml, "<graphics type=\"spice\">\n");
	g_assert_null(strstr(xml, "autoport"));
	g_assert_null(strstr(xml, "host-passthrough"));
	g_free(xml);
	g_free(hash);

	opts = (struct vmctl_xml_options){ .accel = VMCTL_ACCEL_KVM };
	xml = xml_of(full_text, &opts, NULL);
	assert_contains(xml, "<domain type=\"kvm\">");
	assert_contains(xml, "<cpu mode=\"host-passthrough\"/>");
	/* Without virtiofs the read-write share falls back to 9p. */
	g_assert_null(strstr(xml, "virtiofs"));
	g_assert_null(strstr(xml, "memfd"));
	g_assert_null(strstr(xml, "vsock"));
	g_free(xml);
}

static void test_xml_deterministic(void) {
	struct vmctl_xml_options opts = { .accel = VMCTL_ACCEL_TCG };
	char *hash_a = NULL;
	char *hash_b = NULL;
	char *xml_a = xml_of(full_text, &opts, &hash_a);
	char *xml_b = xml_of(full_text, &opts, &hash_b);
	g_assert_cmpstr(xml_a, ==, xml_b);
	g_assert_cmpstr(hash_a, ==, hash_b);
	g_assert_cmpuint(strlen(hash_a), ==, 64);

	char *changed = g_strconcat(full_text, "vcpus=3\n", NULL);
	char *hash_c = NULL;
	char *xml_c = xml_of(changed, &opts, &hash_c);
	g_assert_cmpstr(hash_a, !=, hash_c);
	g_free(xml_a);
	g_free(xml_b);
	g_free(xml_c);
	g_free(hash_a);
	g_free(hash_b);
	g_free(hash_c);
	g_free(changed);
}

static void validate(const char *xml) {
	char *validator = g_find_program_in_path("virt-xml-validate");
	if (!validator) {
		g_test_skip("virt-xml-validate not found; install "
			"libvirt-clients");
		return;
	}
	char *path = NULL;
	int fd = g_file_open_tmp("vmctl-XXXXXX.xml", &path, NULL);
	g_assert_cmpint(fd, >=, 0);
	close(fd);
	g_assert_true(g_file_set_contents(path, xml, -1, NULL));
	const char *argv[] = { validator, path, "domain", NULL };
	char *output = NULL;
	int status = 0;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL,
		&output, &output, &status, NULL));
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_error("virt-xml-validate rejected:\n%s\n%s", xml, output);
	}
	g_unlink(path);
	g_free(output);
	g_free(path);
	g_free(validator);
}

static void test_xml_validates(void) {
	struct vmctl_xml_options opts = { .accel = VMCTL_ACCEL_TCG,
		.virtiofs = true, .vsock = true };
	char *xml = xml_of(full_text, &opts, NULL);
	validate(xml);
	g_free(xml);

	struct vmctl_spec *spec = vmctl_spec_new_default("work");
	GError *error = NULL;
	xml = vmctl_spec_to_xml(spec, &error);
	g_assert_no_error(error);
	validate(xml);
	g_free(xml);
	vmctl_spec_free(spec);

	xml = xml_of("[vm:x]\ndisk=/var/lib/disk.qcow2\n", &opts, NULL);
	assert_contains(xml, "<driver name=\"qemu\" type=\"qcow2\"/>");
	assert_contains(xml, "<boot dev=\"hd\"/>");
	validate(xml);
	g_free(xml);
}

static char *dup_uname_release(void) {
	const char *argv[] = { "uname", "-r", NULL };
	char *output = NULL;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
		G_SPAWN_SEARCH_PATH, NULL, NULL, &output, NULL, NULL, NULL));
	return g_strstrip(output);
}

static char *dup_qemu_version_line(void) {
	const char *argv[] = { "qemu-system-x86_64", "--version", NULL };
	char *output = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
			NULL, NULL, &output, NULL, NULL, NULL)) {
		return g_strdup("unknown");
	}
	char *newline = strchr(output, '\n');
	if (newline) {
		*newline = '\0';
	}
	return output;
}

static void write_kvm_cache(const char *dir, const char *kernel,
		const char *qemu, bool works) {
	char *cache_dir = g_build_filename(dir, "bulkhead", NULL);
	g_mkdir_with_parents(cache_dir, 0700);
	char *path = g_build_filename(cache_dir, "kvm-check.ini", NULL);
	char *text = g_strdup_printf("[kvm-check]\nkernel-release=%s\n"
		"qemu-version=%s\nkvm-works=%s\n", kernel, qemu,
		works ? "true" : "false");
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(text);
	g_free(path);
	g_free(cache_dir);
}

static void test_accel_cache(void) {
	char *dir = g_dir_make_tmp("vmctl-cache-XXXXXX", NULL);
	g_setenv("XDG_CACHE_HOME", dir, true);
	char *kernel = dup_uname_release();
	char *qemu = dup_qemu_version_line();

	/* No cache entry: TCG until a check has shown that KVM works. */
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, VMCTL_ACCEL_TCG);

	write_kvm_cache(dir, kernel, qemu, true);
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, VMCTL_ACCEL_KVM);

	/* An entry for another kernel or QEMU no longer counts. */
	write_kvm_cache(dir, "0.0.0-other", qemu, true);
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, VMCTL_ACCEL_TCG);
	write_kvm_cache(dir, kernel, "QEMU emulator version 0.1", true);
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, VMCTL_ACCEL_TCG);

	write_kvm_cache(dir, kernel, qemu, false);
	g_assert_cmpint(vmctl_accel_resolve_cached(), ==, VMCTL_ACCEL_TCG);

	char *argv[] = { "rm", "-rf", dir, NULL };
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
		NULL, NULL, NULL);
	g_unsetenv("XDG_CACHE_HOME");
	g_free(kernel);
	g_free(qemu);
	g_free(dir);
}

int main(int argc, char **argv) {
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/spec/bad-values", test_bad_values);
	g_test_add_func("/spec/bad-name", test_bad_name);
	g_test_add_func("/spec/full", test_full_spec);
	g_test_add_func("/spec/domain", test_domain_spec);
	g_test_add_func("/spec/default", test_default_spec);
	g_test_add_func("/xml/content", test_xml_content);
	g_test_add_func("/xml/deterministic", test_xml_deterministic);
	g_test_add_func("/xml/validates", test_xml_validates);
	g_test_add_func("/accel/cache", test_accel_cache);
	return g_test_run();
}
