/* [workspace:NAME] groups: the trust domains and how they look. */
#include <string.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "config-internal.h"
#include "vmctl/vmctl.h"

#define MAX_NAME_LENGTH 32
#define MAX_BADGE_LENGTH 16

static const char *const workspace_keys[] = {
	"color", "focused-color", "default", "badge", "vm", "mode", "apps", NULL,
};

void workspace_config_free(void *data)
{
	struct bulkhead_workspace_config *workspace = data;

	g_free(workspace->name);
	g_free(workspace->badge);
	g_free(workspace->vm_name);
	g_strfreev(workspace->apps);
	g_free(workspace);
}

static bool is_valid_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length > MAX_NAME_LENGTH) {
		return false;
	}
	for (size_t i = 0; i < length; i++) {
		if (!g_ascii_isalnum(name[i]) && name[i] != '-' &&
				name[i] != '_') {
			return false;
		}
	}
	return true;
}

static bool parse_hex_color(const char *text, uint32_t *color)
{
	char *end;

	if (strlen(text) != 7 || text[0] != '#') {
		return false;
	}
	*color = (uint32_t)strtoul(text + 1, &end, 16);
	return *end == '\0' && g_ascii_isxdigit(text[1]);
}

/* Mixes a color 40 % with white, the default focused color. */
static uint32_t lighten(uint32_t color)
{
	uint32_t result = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		uint32_t channel = (color >> shift) & 0xff;

		channel += (255 - channel) * 40 / 100;
		result |= channel << shift;
	}
	return result;
}

static bool get_color(struct config_parser *parser, const char *group,
		const char *key, uint32_t *color, bool *present, GError **error)
{
	g_autofree char *text = config_get_string(parser, group, key);

	*present = text && *text;
	if (!*present) {
		return true;
	}
	if (parse_hex_color(text, color)) {
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] %s=%s: invalid color; expected #rrggbb, e.g. #1565c0",
		parser->file_name, group, key, text);
	return false;
}

static bool get_bool(struct config_parser *parser, const char *group,
		const char *key, bool *value, GError **error)
{
	g_autofree char *text = config_get_string(parser, group, key);

	if (!text || !*text) {
		return true;
	}
	if (!strcmp(text, "true") || !strcmp(text, "false")) {
		*value = !strcmp(text, "true");
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] %s=%s: invalid value; expected true or false",
		parser->file_name, group, key, text);
	return false;
}

static bool parse_colors(struct config_parser *parser, const char *group,
		struct bulkhead_workspace_config *workspace, GError **error)
{
	bool present;

	if (!get_color(parser, group, "color", &workspace->color, &present,
			error)) {
		return false;
	}
	if (!present) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_KEY_NOT_FOUND,
			"%s: [%s]: missing key 'color'; every workspace needs a "
			"color such as color=#2e7d32", parser->file_name, group);
		return false;
	}
	if (!get_color(parser, group, "focused-color",
			&workspace->focused_color, &present, error)) {
		return false;
	}
	if (!present) {
		workspace->focused_color = lighten(workspace->color);
	}
	return true;
}

static bool parse_mode(struct config_parser *parser, const char *group,
		struct bulkhead_workspace_config *workspace, GError **error)
{
	g_autofree char *text = config_get_string(parser, group, "mode");

	workspace->mode = BULKHEAD_MODE_DISPLAY;
	if (!text || !*text || !strcmp(text, "display")) {
		return true;
	}
	if (!strcmp(text, "seamless") || !strcmp(text, "both")) {
		workspace->mode = !strcmp(text, "seamless") ?
			BULKHEAD_MODE_SEAMLESS : BULKHEAD_MODE_BOTH;
		wlr_log(WLR_ERROR, "%s: [%s] mode=%s: seamless windows are not "
			"supported yet; the VM's display is shown instead",
			parser->file_name, group, text);
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] mode=%s: invalid value; expected display, seamless or "
		"both", parser->file_name, group, text);
	return false;
}

static struct vmctl_spec *find_spec(struct bulkhead_config *config,
		const char *name)
{
	for (guint i = 0; i < config->vm_specs->len; i++) {
		struct vmctl_spec *spec = g_ptr_array_index(config->vm_specs, i);

		if (!strcmp(vmctl_spec_get_name(spec), name)) {
			return spec;
		}
	}
	return NULL;
}

static bool parse_vm(struct config_parser *parser, const char *group,
		struct bulkhead_workspace_config *workspace, GError **error)
{
	workspace->vm_name = config_get_string(parser, group, "vm");
	if (workspace->vm_name && !*workspace->vm_name) {
		g_clear_pointer(&workspace->vm_name, g_free);
	}
	if (!workspace->vm_name) {
		return true;
	}
	workspace->vm_spec = find_spec(parser->config, workspace->vm_name);
	if (workspace->vm_spec) {
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] vm=%s: no group [vm:%s] in this file; add one or "
		"name an existing group", parser->file_name, group,
		workspace->vm_name, workspace->vm_name);
	return false;
}

static bool parse_badge(struct config_parser *parser, const char *group,
		struct bulkhead_workspace_config *workspace, GError **error)
{
	workspace->badge = config_get_string(parser, group, "badge");
	if (workspace->badge && !*workspace->badge) {
		g_clear_pointer(&workspace->badge, g_free);
	}
	if (!workspace->badge ||
			g_utf8_strlen(workspace->badge, -1) <= MAX_BADGE_LENGTH) {
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] badge=%s: too long; a badge has at most %d characters",
		parser->file_name, group, workspace->badge, MAX_BADGE_LENGTH);
	return false;
}

static struct bulkhead_workspace_config *parse_workspace(
		struct config_parser *parser, const char *group, GError **error)
{
	struct bulkhead_workspace_config *workspace =
		g_new0(struct bulkhead_workspace_config, 1);
	const char *name = group + strlen("workspace:");

	workspace->name = g_strdup(name);
	if (!is_valid_name(name)) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_INVALID_VALUE,
			"%s: [%s]: invalid workspace name '%s'; use 1 to %d "
			"letters, digits, '-' or '_'", parser->file_name, group,
			name, MAX_NAME_LENGTH);
		goto error;
	}
	if (!config_check_keys(parser, group, workspace_keys, error) ||
			!parse_colors(parser, group, workspace, error) ||
			!get_bool(parser, group, "default",
				&workspace->is_default, error) ||
			!parse_badge(parser, group, workspace, error) ||
			!parse_vm(parser, group, workspace, error) ||
			!parse_mode(parser, group, workspace, error)) {
		goto error;
	}
	workspace->apps = g_key_file_get_string_list(parser->key_file, group,
		"apps", NULL, NULL);
	return workspace;

error:
	workspace_config_free(workspace);
	return NULL;
}

static bool check_defaults(struct config_parser *parser, GError **error)
{
	GPtrArray *workspaces = parser->config->workspaces;
	struct bulkhead_workspace_config *first_host = NULL;
	struct bulkhead_workspace_config *chosen = NULL;

	for (guint i = 0; i < workspaces->len; i++) {
		struct bulkhead_workspace_config *workspace =
			g_ptr_array_index(workspaces, i);

		if (!workspace->vm_name && !first_host) {
			first_host = workspace;
		}
		if (!workspace->is_default) {
			continue;
		}
		if (chosen) {
			g_set_error(error, G_KEY_FILE_ERROR,
				G_KEY_FILE_ERROR_INVALID_VALUE,
				"%s: [workspace:%s] default=true: [workspace:%s] "
				"is the default already; mark only one",
				parser->file_name, workspace->name, chosen->name);
			return false;
		}
		if (workspace->vm_name) {
			g_set_error(error, G_KEY_FILE_ERROR,
				G_KEY_FILE_ERROR_INVALID_VALUE,
				"%s: [workspace:%s] default=true: the default "
				"workspace must be a host workspace (without vm=)",
				parser->file_name, workspace->name);
			return false;
		}
		chosen = workspace;
	}
	if (!first_host) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
			"%s: no host workspace; add a [workspace:NAME] group "
			"without vm=, such as [workspace:personal]",
			parser->file_name);
		return false;
	}
	if (!chosen) {
		first_host->is_default = true;
	}
	return true;
}

static bool check_vm_names(struct config_parser *parser, GError **error)
{
	GPtrArray *workspaces = parser->config->workspaces;

	for (guint i = 0; i < workspaces->len; i++) {
		struct bulkhead_workspace_config *a =
			g_ptr_array_index(workspaces, i);

		for (guint j = 0; a->vm_name && j < i; j++) {
			struct bulkhead_workspace_config *b =
				g_ptr_array_index(workspaces, j);

			if (b->vm_name && !strcmp(a->vm_name, b->vm_name)) {
				g_set_error(error, G_KEY_FILE_ERROR,
					G_KEY_FILE_ERROR_INVALID_VALUE,
					"%s: [workspace:%s] vm=%s: [workspace:%s] "
					"uses this VM already; give each vm "
					"workspace its own [vm:NAME]",
					parser->file_name, a->name, a->vm_name,
					b->name);
				return false;
			}
		}
	}
	return true;
}

bool workspaces_parse(struct config_parser *parser, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(parser->key_file, NULL);

	for (size_t i = 0; groups[i]; i++) {
		struct bulkhead_workspace_config *workspace;

		if (!g_str_has_prefix(groups[i], "workspace:")) {
			continue;
		}
		workspace = parse_workspace(parser, groups[i], error);
		if (!workspace) {
			return false;
		}
		g_ptr_array_add(parser->config->workspaces, workspace);
	}
	if (parser->config->workspaces->len == 0) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
			"%s: no workspace; add at least one group such as "
			"[workspace:personal] with color=#2e7d32",
			parser->file_name);
		return false;
	}
	return check_vm_names(parser, error) && check_defaults(parser, error);
}
