/*
 * Parsers of the scalar [vm:NAME] keys. Each gets a non-empty, stripped
 * value; an empty value leaves the key's default.
 */
#include <stdio.h>
#include <string.h>
#include "spec-parse.h"

#define MIN_MEMORY_MIB 64
#define MAX_MEMORY_MIB (1024 * 1024)
#define MAX_VCPUS 256
/* virtio-gpu supports up to 16 scanouts (VIRTIO_GPU_MAX_SCANOUTS). */
#define MAX_HEADS 16
#define MAX_SHUTDOWN_TIMEOUT 3600

static bool parse_range(struct spec_context *ctx, const char *key,
		const char *value, guint64 min, guint64 max, const char *unit,
		guint64 *out, GError **error) {
	guint64 number = 0;
	if (!g_ascii_string_to_unsigned(value, 10, min, max, &number, NULL)) {
		return spec_set_invalid(error, ctx, key, value,
			"expected a whole number of %s from %" G_GUINT64_FORMAT
			" to %" G_GUINT64_FORMAT, unit, min, max);
	}
	*out = number;
	return true;
}

static bool parse_choice(struct spec_context *ctx, const char *key,
		const char *value, const char *const *choices, int *out,
		GError **error) {
	for (int i = 0; choices[i]; i++) {
		if (strcmp(choices[i], value) == 0) {
			*out = i;
			return true;
		}
	}
	char *valid = g_strjoinv(", ", (char **)choices);
	spec_set_invalid(error, ctx, key, value, "expected one of %s", valid);
	g_free(valid);
	return false;
}

static bool parse_path(struct spec_context *ctx, const char *key,
		const char *value, char **out, GError **error) {
	if (strchr(value, '\n')) {
		return spec_set_invalid(error, ctx, key, value,
			"expected a file path");
	}
	g_free(*out);
	*out = vmctl_resolve_path(ctx->spec->state_dir, value);
	return true;
}

bool spec_parse_domain(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	if (strchr(value, '/') || strchr(value, '\n')) {
		return spec_set_invalid(error, ctx, key, value,
			"expected the name of a libvirt domain, as `virsh "
			"list --all` shows it");
	}
	g_free(ctx->spec->domain);
	ctx->spec->domain = g_strdup(value);
	return true;
}

bool spec_parse_memory(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_range(ctx, key, value, MIN_MEMORY_MIB, MAX_MEMORY_MIB,
		"MiB", &ctx->spec->memory_mib, error);
}

bool spec_parse_vcpus(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	guint64 vcpus = 0;
	if (!parse_range(ctx, key, value, 1, MAX_VCPUS, "CPUs", &vcpus,
			error)) {
		return false;
	}
	ctx->spec->vcpus = (int)vcpus;
	return true;
}

bool spec_parse_kernel(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_path(ctx, key, value, &ctx->spec->kernel, error);
}

bool spec_parse_initrd(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_path(ctx, key, value, &ctx->spec->initrd, error);
}

bool spec_parse_cmdline(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	g_free(ctx->spec->cmdline);
	ctx->spec->cmdline = g_strdup(value);
	return true;
}

bool spec_parse_disk(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_path(ctx, key, value, &ctx->spec->disk, error);
}

bool spec_parse_network(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	/* Indices match enum vmctl_network. */
	static const char *const choices[] = { "none", "user", NULL };
	int network = 0;
	if (!parse_choice(ctx, key, value, choices, &network, error)) {
		return false;
	}
	ctx->spec->network = network;
	return true;
}

static bool is_unicast_mac(const char *value) {
	unsigned int octets[6];
	char end = '\0';
	if (strlen(value) != 17 || sscanf(value,
			"%2x:%2x:%2x:%2x:%2x:%2x%c", &octets[0], &octets[1],
			&octets[2], &octets[3], &octets[4], &octets[5],
			&end) != 6) {
		return false;
	}
	for (int i = 0; i < 17; i++) {
		bool colon = i % 3 == 2;
		if (colon != (value[i] == ':')) {
			return false;
		}
		if (!colon && !g_ascii_isxdigit(value[i])) {
			return false;
		}
	}
	return (octets[0] & 1) == 0;
}

bool spec_parse_mac(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	if (!is_unicast_mac(value)) {
		return spec_set_invalid(error, ctx, key, value,
			"expected a unicast MAC address such as "
			"02:00:00:01:01:01 (six hex pairs separated by ':', "
			"first octet even)");
	}
	g_free(ctx->spec->mac);
	ctx->spec->mac = g_ascii_strdown(value, -1);
	return true;
}

bool spec_parse_sound(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	/* Indices match enum vmctl_sound. */
	static const char *const choices[] = { "none", "spice", NULL };
	int sound = 0;
	if (!parse_choice(ctx, key, value, choices, &sound, error)) {
		return false;
	}
	ctx->spec->sound = sound;
	return true;
}

bool spec_parse_heads(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	guint64 heads = 0;
	if (!parse_range(ctx, key, value, 1, MAX_HEADS, "outputs", &heads,
			error)) {
		return false;
	}
	ctx->spec->heads = (int)heads;
	return true;
}

bool spec_parse_accel(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	/* Indices match enum vmctl_accel. */
	static const char *const choices[] = { "auto", "kvm", "tcg", NULL };
	int accel = 0;
	if (!parse_choice(ctx, key, value, choices, &accel, error)) {
		return false;
	}
	ctx->spec->accel = accel;
	return true;
}

bool spec_parse_autostart(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	if (strcmp(value, "true") == 0) {
		ctx->spec->autostart = true;
	} else if (strcmp(value, "false") == 0) {
		ctx->spec->autostart = false;
	} else {
		return spec_set_invalid(error, ctx, key, value,
			"expected true or false");
	}
	return true;
}

bool spec_parse_shutdown_timeout(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	guint64 seconds = 0;
	if (!parse_range(ctx, key, value, 1, MAX_SHUTDOWN_TIMEOUT, "seconds",
			&seconds, error)) {
		return false;
	}
	ctx->spec->shutdown_timeout = (int)seconds;
	return true;
}
