#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "config-internal.h"
#include "vmctl/vmctl.h"

#define DEFAULT_BORDER_WIDTH 4
#define MAX_BORDER_WIDTH 64

static const char *const general_keys[] = {
	"border-width", "libvirt-uri", NULL,
};
static const char *const keyboard_keys[] = {
	"layout", "variant", "options", "repeat-rate", "repeat-delay", NULL,
};

/* The built-in default: personal on the host, work in the demo VM. */
static const char default_config[] =
	"[workspace:personal]\n"
	"color=#2e7d32\n"
	"default=true\n"
	"\n"
	"[workspace:work]\n"
	"color=#1565c0\n"
	"badge=work\n"
	"vm=work\n"
	"mode=display\n";

static struct bulkhead_config *config_new(void)
{
	struct bulkhead_config *config = calloc(1, sizeof(*config));

	config->border_width = DEFAULT_BORDER_WIDTH;
	config->xkb_layout = g_strdup("us");
	config->xkb_variant = g_strdup("");
	config->xkb_options = g_strdup("");
	config->repeat_rate = 25;
	config->repeat_delay = 600;
	config->bindings = g_ptr_array_new_with_free_func(binding_free);
	config->workspaces = g_ptr_array_new_with_free_func(
		workspace_config_free);
	config->vm_specs = g_ptr_array_new_with_free_func(
		(GDestroyNotify)vmctl_spec_free);
	config->outputs = g_ptr_array_new_with_free_func(output_config_free);
	return config;
}

void config_free(struct bulkhead_config *config)
{
	if (!config) {
		return;
	}
	g_ptr_array_unref(config->workspaces);
	g_ptr_array_unref(config->bindings);
	g_ptr_array_unref(config->vm_specs);
	g_ptr_array_unref(config->outputs);
	g_free(config->xkb_layout);
	g_free(config->xkb_variant);
	g_free(config->xkb_options);
	g_free(config->libvirt_uri);
	g_free(config->path);
	free(config);
}

bool config_check_keys(struct config_parser *parser, const char *group,
		const char *const *known, GError **error)
{
	g_auto(GStrv) keys = g_key_file_get_keys(parser->key_file, group,
		NULL, NULL);

	for (size_t i = 0; keys && keys[i]; i++) {
		if (g_strv_contains(known, keys[i])) {
			continue;
		}
		g_autofree char *valid = g_strjoinv(", ", (char **)known);
		g_autofree char *value = g_key_file_get_value(parser->key_file,
			group, keys[i], NULL);

		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_KEY_NOT_FOUND,
			"%s: [%s] %s=%s: unknown key; valid keys are: %s",
			parser->file_name, group, keys[i], value ? value : "",
			valid);
		return false;
	}
	return true;
}

bool config_get_int(struct config_parser *parser, const char *group,
		const char *key, int min, int max, int *value, GError **error)
{
	g_autofree char *text = g_key_file_get_value(parser->key_file, group,
		key, NULL);
	char *end = NULL;
	long number;

	if (!text) {
		return true;
	}
	errno = 0;
	number = strtol(text, &end, 10);
	if (errno || end == text || *end != '\0' || number < min ||
			number > max) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_INVALID_VALUE,
			"%s: [%s] %s=%s: invalid value; expected an integer "
			"from %d to %d", parser->file_name, group, key, text,
			min, max);
		return false;
	}
	*value = (int)number;
	return true;
}

char *config_get_string(struct config_parser *parser, const char *group,
		const char *key)
{
	char *text = g_key_file_get_string(parser->key_file, group, key, NULL);

	if (text) {
		g_strstrip(text);
	}
	return text;
}

static bool parse_general(struct config_parser *parser, GError **error)
{
	struct bulkhead_config *config = parser->config;
	const char *group = "general";
	char *uri;

	if (!g_key_file_has_group(parser->key_file, group)) {
		return true;
	}
	if (!config_check_keys(parser, group, general_keys, error) ||
			!config_get_int(parser, group, "border-width", 1,
				MAX_BORDER_WIDTH, &config->border_width, error)) {
		return false;
	}
	uri = config_get_string(parser, group, "libvirt-uri");
	if (uri && *uri && !strstr(uri, ":/")) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_INVALID_VALUE,
			"%s: [%s] libvirt-uri=%s: invalid value; expected a libvirt "
			"URI such as qemu:///system or qemu:///session",
			parser->file_name, group, uri);
		g_free(uri);
		return false;
	}
	if (uri && *uri) {
		g_free(config->libvirt_uri);
		config->libvirt_uri = uri;
	} else {
		g_free(uri);
	}
	return true;
}

static void replace_string(char **field, char *value)
{
	if (value) {
		g_free(*field);
		*field = value;
	}
}

static bool check_keymap(struct config_parser *parser, GError **error)
{
	struct bulkhead_config *config = parser->config;
	struct xkb_context *context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	struct xkb_rule_names names = {
		.layout = config->xkb_layout,
		.variant = config->xkb_variant,
		.options = config->xkb_options,
	};
	struct xkb_keymap *keymap = xkb_keymap_new_from_names(context, &names,
		XKB_KEYMAP_COMPILE_NO_FLAGS);

	xkb_context_unref(context);
	if (keymap) {
		xkb_keymap_unref(keymap);
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [keyboard]: layout=%s variant=%s options=%s: xkbcommon "
		"cannot compile this keymap; check the names against "
		"/usr/share/X11/xkb/rules/evdev.lst", parser->file_name,
		config->xkb_layout, config->xkb_variant, config->xkb_options);
	return false;
}

static bool parse_keyboard(struct config_parser *parser, GError **error)
{
	struct bulkhead_config *config = parser->config;
	const char *group = "keyboard";

	if (!g_key_file_has_group(parser->key_file, group)) {
		return true;
	}
	if (!config_check_keys(parser, group, keyboard_keys, error) ||
			!config_get_int(parser, group, "repeat-rate", 0, 1000,
				&config->repeat_rate, error) ||
			!config_get_int(parser, group, "repeat-delay", 0,
				10000, &config->repeat_delay, error)) {
		return false;
	}
	replace_string(&config->xkb_layout,
		config_get_string(parser, group, "layout"));
	replace_string(&config->xkb_variant,
		config_get_string(parser, group, "variant"));
	replace_string(&config->xkb_options,
		config_get_string(parser, group, "options"));
	return check_keymap(parser, error);
}

static bool parse_vm_groups(struct config_parser *parser, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(parser->key_file, NULL);

	for (size_t i = 0; groups[i]; i++) {
		struct vmctl_spec *spec;

		if (!g_str_has_prefix(groups[i], "vm:")) {
			continue;
		}
		spec = vmctl_spec_from_key_file(parser->key_file,
			groups[i] + strlen("vm:"), parser->file_name, error);
		if (!spec) {
			return false;
		}
		g_ptr_array_add(parser->config->vm_specs, spec);
	}
	return true;
}

static bool check_groups(struct config_parser *parser, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(parser->key_file, NULL);

	for (size_t i = 0; groups[i]; i++) {
		const char *group = groups[i];

		if (!strcmp(group, "general") || !strcmp(group, "keyboard") ||
				!strcmp(group, "bindings") ||
				g_str_has_prefix(group, "workspace:") ||
				g_str_has_prefix(group, "output:") ||
				g_str_has_prefix(group, "vm:")) {
			continue;
		}
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
			"%s: unknown group [%s]; valid groups are [general], "
			"[keyboard], [bindings], [workspace:NAME], [vm:NAME] and "
			"[output:NAME]",
			parser->file_name, group);
		return false;
	}
	return true;
}

/*
 * builtin adds the demo guest's spec, which the built-in default's work
 * workspace names, before the workspaces are checked.
 */
static struct bulkhead_config *parse(GKeyFile *key_file, const char *file_name,
		bool builtin, GError **error)
{
	struct config_parser parser = {
		.key_file = key_file,
		.file_name = file_name,
		.config = config_new(),
	};

	parser.config->libvirt_uri = g_strdup(vmctl_default_uri());
	if (!check_groups(&parser, error) ||
			!parse_general(&parser, error) ||
			!parse_keyboard(&parser, error) ||
			!bindings_parse(&parser, error) ||
			!outputs_parse(&parser, error) ||
			!parse_vm_groups(&parser, error)) {
		config_free(parser.config);
		return NULL;
	}
	if (builtin) {
		g_ptr_array_add(parser.config->vm_specs,
			vmctl_spec_new_default("work"));
	}
	if (!workspaces_parse(&parser, error)) {
		config_free(parser.config);
		return NULL;
	}
	return parser.config;
}

static struct bulkhead_config *load_data(const char *data,
		const char *file_name, bool builtin, GError **error)
{
	g_autoptr(GKeyFile) key_file = g_key_file_new();
	g_autoptr(GError) parse_error = NULL;

	if (!g_key_file_load_from_data(key_file, data, -1, G_KEY_FILE_NONE,
			&parse_error)) {
		g_set_error(error, G_KEY_FILE_ERROR, parse_error->code,
			"%s: %s", file_name, parse_error->message);
		return NULL;
	}
	return parse(key_file, file_name, builtin, error);
}

struct bulkhead_config *config_load_data(const char *data,
		const char *file_name, GError **error)
{
	return load_data(data, file_name, false, error);
}

char *config_get_default_path(void)
{
	return g_build_filename(g_get_user_config_dir(), "bulkhead",
		"config.ini", NULL);
}

static struct bulkhead_config *load_builtin(GError **error)
{
	return load_data(default_config, "built-in default config", true,
		error);
}

struct bulkhead_config *config_load(const char *path, GError **error)
{
	g_autofree char *default_path = NULL;
	g_autofree char *data = NULL;
	g_autoptr(GError) read_error = NULL;
	struct bulkhead_config *config;

	if (!path) {
		default_path = config_get_default_path();
		if (!g_file_test(default_path, G_FILE_TEST_EXISTS)) {
			wlr_log(WLR_INFO, "No config at %s, using the built-in "
				"default", default_path);
			return load_builtin(error);
		}
		path = default_path;
	}
	if (!g_file_get_contents(path, &data, NULL, &read_error)) {
		g_set_error(error, G_FILE_ERROR, read_error->code,
			"%s; check the --config path", read_error->message);
		return NULL;
	}
	config = config_load_data(data, path, error);
	if (config) {
		config->path = g_strdup(path);
		wlr_log(WLR_INFO, "Loaded the config from %s", path);
	}
	return config;
}
