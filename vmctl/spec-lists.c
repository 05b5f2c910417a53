/*
 * Parsers of the list keys shares= and volumes=: entries separated by ';',
 * fields separated by ':'.
 */
#include <string.h>
#include "spec-parse.h"

/* QEMU's 9p device limits mount tags to 31 bytes; virtiofs allows 36. */
#define MAX_TAG_LEN 31
#define MAX_VOLUME_MIB (16 * 1024 * 1024)
/* Volumes are vdb to vdz, after the boot disk vda. */
#define MAX_VOLUMES 25

static const char *const fs_types[] = {
	"ext4", "ext3", "ext2", "xfs", "btrfs", "vfat", "none", NULL,
};

void spec_share_free(void *data) {
	struct vmctl_share *share = data;
	g_free(share->source);
	g_free(share->tag);
	g_free(share);
}

void spec_volume_free(void *data) {
	struct vmctl_volume *volume = data;
	g_free(volume->path);
	g_free(volume->fs_type);
	g_free(volume);
}

static bool is_valid_tag(const char *tag) {
	size_t len = strlen(tag);
	if (len == 0 || len > MAX_TAG_LEN) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = tag[i];
		if (!g_ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
			return false;
		}
	}
	return true;
}

static bool parse_share(struct spec_context *ctx, const char *key,
		const char *entry, GError **error) {
	char **fields = g_strsplit(entry, ":", -1);
	guint count = g_strv_length(fields);
	bool ok = false;
	if (count < 2 || count > 3) {
		spec_set_invalid(error, ctx, key, entry,
			"expected source:tag or source:tag:ro or "
			"source:tag:rw, entries separated by ';'");
	} else if (!g_path_is_absolute(fields[0])) {
		spec_set_invalid(error, ctx, key, entry,
			"the source \"%s\" must be an absolute host directory",
			fields[0]);
	} else if (!is_valid_tag(fields[1])) {
		spec_set_invalid(error, ctx, key, entry,
			"the tag \"%s\" must be 1 to %d letters, digits, '-', "
			"'_' or '.'", fields[1], MAX_TAG_LEN);
	} else if (count == 3 && strcmp(fields[2], "ro") != 0 &&
			strcmp(fields[2], "rw") != 0) {
		spec_set_invalid(error, ctx, key, entry,
			"the mode \"%s\" must be ro or rw", fields[2]);
	} else {
		ok = true;
	}

	if (ok) {
		struct vmctl_share *share = g_new0(struct vmctl_share, 1);
		share->source = g_strdup(fields[0]);
		share->tag = g_strdup(fields[1]);
		share->read_only = count == 3 && strcmp(fields[2], "ro") == 0;
		g_ptr_array_add(ctx->spec->shares, share);
	}
	g_strfreev(fields);
	return ok;
}

static bool parse_volume_fields(struct spec_context *ctx, const char *key,
		const char *entry, char **fields, guint64 *size,
		GError **error) {
	guint count = g_strv_length(fields);
	if (count < 2 || count > 3 || fields[0][0] == '\0') {
		return spec_set_invalid(error, ctx, key, entry,
			"expected image:size-MiB or image:size-MiB:fs-type, "
			"entries separated by ';'");
	}
	if (!g_ascii_string_to_unsigned(fields[1], 10, 1, MAX_VOLUME_MIB,
			size, NULL)) {
		return spec_set_invalid(error, ctx, key, entry,
			"the size \"%s\" must be a whole number of MiB from 1 "
			"to %d", fields[1], MAX_VOLUME_MIB);
	}
	if (count == 3 && !g_strv_contains(fs_types, fields[2])) {
		char *valid = g_strjoinv(", ", (char **)fs_types);
		spec_set_invalid(error, ctx, key, entry,
			"the file system \"%s\" must be one of %s", fields[2],
			valid);
		g_free(valid);
		return false;
	}
	return true;
}

static bool parse_volume(struct spec_context *ctx, const char *key,
		const char *entry, GError **error) {
	char **fields = g_strsplit(entry, ":", -1);
	guint64 size = 0;
	bool ok = parse_volume_fields(ctx, key, entry, fields, &size, error);
	if (ok) {
		struct vmctl_volume *volume = g_new0(struct vmctl_volume, 1);
		volume->path = vmctl_resolve_path(ctx->spec->state_dir,
			fields[0]);
		volume->size_mib = size;
		volume->fs_type = g_strdup(fields[2] ? fields[2] : "ext4");
		g_ptr_array_add(ctx->spec->volumes, volume);
	}
	g_strfreev(fields);
	return ok;
}

static bool parse_list(struct spec_context *ctx, const char *key,
		const char *value, GPtrArray *list, spec_parse_func parse_entry,
		GError **error) {
	g_ptr_array_set_size(list, 0);
	char **entries = g_strsplit(value, ";", -1);
	bool ok = true;
	for (size_t i = 0; ok && entries[i]; i++) {
		char *entry = g_strstrip(entries[i]);
		if (entry[0] != '\0') {
			ok = parse_entry(ctx, key, entry, error);
		}
	}
	g_strfreev(entries);
	return ok;
}

bool spec_parse_shares(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_list(ctx, key, value, ctx->spec->shares, parse_share,
		error);
}

bool spec_parse_volumes(struct spec_context *ctx, const char *key,
		const char *value, GError **error) {
	return parse_list(ctx, key, value, ctx->spec->volumes, parse_volume,
		error);
}

static bool check_shares(struct spec_context *ctx, GError **error) {
	GPtrArray *shares = ctx->spec->shares;
	for (guint i = 0; i < shares->len; i++) {
		struct vmctl_share *share = shares->pdata[i];
		for (guint j = 0; j < i; j++) {
			struct vmctl_share *other = shares->pdata[j];
			if (strcmp(share->tag, other->tag) == 0) {
				g_set_error(error, VMCTL_ERROR,
					VMCTL_ERROR_INVALID_SPEC,
					"%s: [%s] shares= uses the tag %s "
					"twice; give each share its own tag",
					ctx->file_name, ctx->group,
					share->tag);
				return false;
			}
		}
	}
	return true;
}

static bool check_volumes(struct spec_context *ctx, GError **error) {
	GPtrArray *volumes = ctx->spec->volumes;
	if (volumes->len > MAX_VOLUMES) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
			"%s: [%s] volumes= lists %u images; at most %d are "
			"supported", ctx->file_name, ctx->group, volumes->len,
			MAX_VOLUMES);
		return false;
	}
	for (guint i = 0; i < volumes->len; i++) {
		struct vmctl_volume *volume = volumes->pdata[i];
		bool clash = ctx->spec->disk &&
			strcmp(volume->path, ctx->spec->disk) == 0;
		for (guint j = 0; !clash && j < i; j++) {
			struct vmctl_volume *other = volumes->pdata[j];
			clash = strcmp(volume->path, other->path) == 0;
		}
		if (clash) {
			g_set_error(error, VMCTL_ERROR,
				VMCTL_ERROR_INVALID_SPEC,
				"%s: [%s] volumes= uses the image %s twice "
				"(or also as disk=); give each volume its "
				"own image", ctx->file_name, ctx->group,
				volume->path);
			return false;
		}
	}
	return true;
}

bool spec_check_lists(struct spec_context *ctx, GError **error) {
	return check_shares(ctx, error) && check_volumes(ctx, error);
}
