/* Parsers of single [vm:NAME] keys, shared by spec.c and spec-values.c. */
#ifndef VMCTL_SPEC_PARSE_H
#define VMCTL_SPEC_PARSE_H

#include "private.h"

struct spec_context {
	struct vmctl_spec *spec;
	const char *file_name;
	const char *group;
};

typedef bool (*spec_parse_func)(struct spec_context *ctx, const char *key,
		const char *value, GError **error);

struct spec_key {
	const char *key;
	spec_parse_func parse;
	bool built;	/* false: accepted with a warning, no effect yet */
};

/* Sets VMCTL_ERROR_INVALID_SPEC naming the file, group, key and value. */
bool spec_set_invalid(GError **error, const struct spec_context *ctx,
		const char *key, const char *value, const char *format, ...)
		G_GNUC_PRINTF(5, 6);

bool spec_parse_domain(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_memory(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_vcpus(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_kernel(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_initrd(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_cmdline(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_disk(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_shares(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_volumes(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_network(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_mac(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_sound(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_heads(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_accel(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_autostart(struct spec_context *ctx, const char *key,
		const char *value, GError **error);
bool spec_parse_shutdown_timeout(struct spec_context *ctx, const char *key,
		const char *value, GError **error);

/* Cross-checks of shares= and volumes= once every key is parsed. */
bool spec_check_lists(struct spec_context *ctx, GError **error);

void spec_share_free(void *share);
void spec_volume_free(void *volume);

#endif
