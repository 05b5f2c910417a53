/*
 * Reading the config: [general] libvirt-uri and every [vm:NAME] group. The
 * other groups belong to the compositor, which validates them.
 */
#include <string.h>
#include "cli.h"

static char *dup_default_path(void) {
	return g_build_filename(g_get_user_config_dir(), "bulkhead",
		"config.ini", NULL);
}

static bool load_uri(struct cli *cli, GKeyFile *key_file, const char *path,
		GError **error) {
	char *uri = g_key_file_get_value(key_file, "general", "libvirt-uri",
		NULL);
	if (!uri) {
		return true;
	}
	g_strstrip(uri);
	if (uri[0] != '\0' && !strstr(uri, ":/")) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [general] libvirt-uri=%s is invalid: expected a "
			"libvirt URI such as qemu:///system or qemu:///session",
			path, uri);
		g_free(uri);
		return false;
	}
	if (uri[0] != '\0' && !cli->uri) {
		cli->uri = uri;
	} else {
		g_free(uri);
	}
	return true;
}

static bool load_specs(struct cli *cli, GKeyFile *key_file,
		const char *path, GError **error) {
	char **groups = g_key_file_get_groups(key_file, NULL);
	bool ok = true;
	for (size_t i = 0; ok && groups[i]; i++) {
		if (!g_str_has_prefix(groups[i], "vm:")) {
			continue;
		}
		struct vmctl_spec *spec = vmctl_spec_from_key_file(key_file,
			groups[i] + strlen("vm:"), path, error);
		ok = spec != NULL;
		if (ok) {
			g_ptr_array_add(cli->specs, spec);
		}
	}
	g_strfreev(groups);
	return ok;
}

bool cli_load_config(struct cli *cli, const char *path, GError **error) {
	char *default_path = NULL;
	if (!path) {
		default_path = dup_default_path();
		if (g_file_test(default_path, G_FILE_TEST_EXISTS)) {
			path = default_path;
		}
	}
	if (!path) {
		g_free(default_path);
		g_ptr_array_add(cli->specs, vmctl_spec_new_default("work"));
		return true;
	}

	GKeyFile *key_file = g_key_file_new();
	bool ok = g_key_file_load_from_file(key_file, path, G_KEY_FILE_NONE,
		error);
	if (!ok) {
		g_prefix_error(error, "Could not read the config %s: ", path);
	}
	ok = ok && load_uri(cli, key_file, path, error) &&
		load_specs(cli, key_file, path, error);
	if (ok) {
		cli->config_path = g_strdup(path);
	}
	g_key_file_free(key_file);
	g_free(default_path);
	return ok;
}

struct vmctl_spec *cli_find_spec(struct cli *cli, const char *name,
		GError **error) {
	GString *names = g_string_new(NULL);
	for (guint i = 0; i < cli->specs->len; i++) {
		struct vmctl_spec *spec = cli->specs->pdata[i];
		if (strcmp(vmctl_spec_get_name(spec), name) == 0) {
			g_string_free(names, true);
			return spec;
		}
		g_string_append_printf(names, "%s%s", i > 0 ? ", " : "",
			vmctl_spec_get_name(spec));
	}
	g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
		"No VM named %s in %s; the VMs there are: %s", name,
		cli->config_path ? cli->config_path : "the built-in default",
		names->len > 0 ? names->str : "none");
	g_string_free(names, true);
	return NULL;
}
