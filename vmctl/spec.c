/*
 * [vm:NAME] groups: parsing, validation, the built-in default and getters.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "spec-parse.h"

#define DEFAULT_MEMORY_MIB 1024
#define DEFAULT_VCPUS 1
#define DEFAULT_HEADS 1
#define DEFAULT_SHUTDOWN_TIMEOUT 60

G_DEFINE_QUARK(vmctl-error-quark, vmctl_error)

static const struct spec_key keys[] = {
	{ "domain", spec_parse_domain, true },
	{ "memory", spec_parse_memory, true },
	{ "vcpus", spec_parse_vcpus, true },
	{ "kernel", spec_parse_kernel, true },
	{ "initrd", spec_parse_initrd, true },
	{ "cmdline", spec_parse_cmdline, true },
	{ "disk", spec_parse_disk, true },
	{ "shares", spec_parse_shares, true },
	{ "volumes", spec_parse_volumes, true },
	{ "network", spec_parse_network, true },
	{ "mac", spec_parse_mac, true },
	{ "sound", spec_parse_sound, true },
	{ "heads", spec_parse_heads, true },
	{ "accel", spec_parse_accel, true },
	{ "autostart", spec_parse_autostart, true },
	{ "shutdown-timeout", spec_parse_shutdown_timeout, true },
};

/* Keys that still apply to an existing domain named by domain=. */
static const char *const domain_keys[] = {
	"domain", "autostart", "shutdown-timeout", NULL,
};

bool spec_set_invalid(GError **error, const struct spec_context *ctx,
		const char *key, const char *value, const char *format, ...) {
	va_list args;
	va_start(args, format);
	char *valid = g_strdup_vprintf(format, args);
	va_end(args);

	g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
		"%s: [%s] %s=%s is invalid: %s", ctx->file_name, ctx->group,
		key, value, valid);
	g_free(valid);
	return false;
}

static bool is_valid_name(const char *name) {
	size_t len = strlen(name);
	if (len == 0 || len > 48) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!g_ascii_isalnum(c) && c != '-' && c != '_') {
			return false;
		}
	}
	return true;
}

static struct vmctl_spec *spec_new(const char *name, const char *file_name) {
	struct vmctl_spec *spec = g_new0(struct vmctl_spec, 1);
	spec->name = g_strdup(name);
	spec->file_name = g_strdup(file_name);
	spec->state_dir = vmctl_state_dir_for(name);
	spec->memory_mib = DEFAULT_MEMORY_MIB;
	spec->vcpus = DEFAULT_VCPUS;
	spec->shares = g_ptr_array_new_with_free_func(spec_share_free);
	spec->volumes = g_ptr_array_new_with_free_func(spec_volume_free);
	spec->network = VMCTL_NETWORK_NONE;
	spec->sound = VMCTL_SOUND_NONE;
	spec->heads = DEFAULT_HEADS;
	spec->accel = VMCTL_ACCEL_AUTO;
	spec->autostart = false;
	spec->shutdown_timeout = DEFAULT_SHUTDOWN_TIMEOUT;
	return spec;
}

static const struct spec_key *find_key(const char *key) {
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strcmp(keys[i].key, key) == 0) {
			return &keys[i];
		}
	}
	return NULL;
}

static char *list_keys(void) {
	GString *list = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (i > 0) {
			g_string_append(list, ", ");
		}
		g_string_append(list, keys[i].key);
	}
	return g_string_free(list, false);
}

static bool parse_key(struct spec_context *ctx, GKeyFile *key_file,
		const char *key, GError **error) {
	const struct spec_key *entry = find_key(key);
	if (!entry) {
		char *valid = list_keys();
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] has unknown key %s; valid keys are %s",
			ctx->file_name, ctx->group, key, valid);
		g_free(valid);
		return false;
	}

	char *value = g_key_file_get_value(key_file, ctx->group, key, NULL);
	char *stripped = g_strstrip(value);
	bool ok = true;
	if (stripped[0] != '\0') {
		if (!entry->built) {
			g_warning("%s: [%s] %s is accepted but not supported "
				"yet; it has no effect", ctx->file_name,
				ctx->group, key);
		}
		ok = entry->parse(ctx, key, stripped, error);
	}
	g_free(value);
	return ok;
}

static bool is_domain_key(const char *key) {
	for (size_t i = 0; domain_keys[i]; i++) {
		if (strcmp(domain_keys[i], key) == 0) {
			return true;
		}
	}
	return false;
}

static void warn_ignored_keys(const struct spec_context *ctx,
		GKeyFile *key_file, char **names) {
	for (size_t i = 0; names[i]; i++) {
		if (is_domain_key(names[i])) {
			continue;
		}
		char *value = g_key_file_get_value(key_file, ctx->group,
			names[i], NULL);
		if (value && g_strstrip(value)[0] != '\0') {
			g_warning("%s: [%s] %s is ignored because domain= "
				"names an existing domain", ctx->file_name,
				ctx->group, names[i]);
		}
		g_free(value);
	}
}

static bool check_boot_source(const struct spec_context *ctx,
		GError **error) {
	const struct vmctl_spec *spec = ctx->spec;
	if (spec->domain) {
		return true;
	}
	if (!spec->kernel && !spec->disk) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] sets neither kernel= nor disk=; set kernel= "
			"for direct kernel boot, disk= for a bootable image, "
			"or domain= for an existing domain",
			ctx->file_name, ctx->group);
		return false;
	}
	if (spec->kernel && spec->disk) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] sets both kernel= and disk=; keep one of "
			"them", ctx->file_name, ctx->group);
		return false;
	}
	if (!spec->kernel && (spec->initrd || spec->cmdline)) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] sets %s= without kernel=; initrd= and "
			"cmdline= apply only to direct kernel boot",
			ctx->file_name, ctx->group,
			spec->initrd ? "initrd" : "cmdline");
		return false;
	}
	return true;
}

static bool check_spec(struct spec_context *ctx, GKeyFile *key_file,
		char **names, GError **error) {
	if (ctx->spec->domain) {
		warn_ignored_keys(ctx, key_file, names);
		return true;
	}
	if (!check_boot_source(ctx, error)) {
		return false;
	}
	if (ctx->spec->mac && ctx->spec->network == VMCTL_NETWORK_NONE) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] sets mac=%s without network=user; set "
			"network=user or remove mac=", ctx->file_name,
			ctx->group, ctx->spec->mac);
		return false;
	}
	return spec_check_lists(ctx, error);
}

struct vmctl_spec *vmctl_spec_from_key_file(GKeyFile *key_file,
		const char *name, const char *file_name, GError **error) {
	char *group = g_strdup_printf("vm:%s", name);
	if (!is_valid_name(name)) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] has an invalid VM name \"%s\"; use 1 to 48 "
			"letters, digits, '-' or '_'", file_name, group, name);
		g_free(group);
		return NULL;
	}

	GError *local_error = NULL;
	char **names = g_key_file_get_keys(key_file, group, NULL,
		&local_error);
	if (!names) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] not found: %s", file_name, group,
			local_error->message);
		g_error_free(local_error);
		g_free(group);
		return NULL;
	}

	struct spec_context ctx = {
		.spec = spec_new(name, file_name),
		.file_name = file_name,
		.group = group,
	};
	bool ok = true;
	for (size_t i = 0; ok && names[i]; i++) {
		ok = parse_key(&ctx, key_file, names[i], error);
	}
	if (ok) {
		ok = check_spec(&ctx, key_file, names, error);
	}

	g_strfreev(names);
	g_free(group);
	if (!ok) {
		vmctl_spec_free(ctx.spec);
		return NULL;
	}
	return ctx.spec;
}

struct vmctl_spec *vmctl_spec_new_default(const char *name) {
	struct vmctl_spec *spec = spec_new(name, "built-in default");
	spec->memory_mib = 512;
	spec->vcpus = 1;
	spec->kernel = g_strdup("/var/lib/bulkhead/demo/vmlinuz");
	spec->initrd = g_strdup("/var/lib/bulkhead/demo/initrd.img");
	spec->cmdline = g_strdup("console=ttyS0");
	spec->heads = 1;
	spec->accel = VMCTL_ACCEL_AUTO;
	return spec;
}

void vmctl_spec_free(struct vmctl_spec *spec) {
	if (!spec) {
		return;
	}
	g_free(spec->name);
	g_free(spec->file_name);
	g_free(spec->state_dir);
	g_free(spec->domain);
	g_free(spec->kernel);
	g_free(spec->initrd);
	g_free(spec->cmdline);
	g_free(spec->disk);
	g_ptr_array_unref(spec->shares);
	g_ptr_array_unref(spec->volumes);
	g_free(spec->mac);
	g_free(spec);
}

const char *vmctl_spec_get_name(const struct vmctl_spec *spec) {
	return spec->name;
}

int vmctl_spec_get_heads(const struct vmctl_spec *spec) {
	return spec->heads;
}

bool vmctl_spec_get_autostart(const struct vmctl_spec *spec) {
	return spec->autostart;
}

const char *vmctl_spec_get_domain(const struct vmctl_spec *spec) {
	return spec->domain;
}

int vmctl_spec_get_shutdown_timeout(const struct vmctl_spec *spec) {
	return spec->shutdown_timeout;
}

char *vmctl_spec_dup_serial_log_path(const struct vmctl_spec *spec) {
	if (spec->domain) {
		return NULL;
	}
	return g_build_filename(spec->state_dir, "serial.log", NULL);
}

const char *vmctl_spec_get_state_dir(const struct vmctl_spec *spec) {
	return spec->state_dir;
}
