/*
 * [bindings]: ACTION=MOD+...+KEYSYM. The keysym is matched on the first
 * level of the active layout, so "Super+Shift+Tab" means the Tab key with
 * Super and Shift held.
 */
#include <string.h>
#include <wlr/types/wlr_keyboard.h>
#include "compositor/config.h"
#include "config-internal.h"

#define MAX_WORKSPACE_BINDINGS 9

struct default_binding {
	const char *key;
	const char *text;
};

static const struct default_binding default_bindings[] = {
	{ "focus-next", "Super+Tab" },
	{ "focus-prev", "Super+Shift+Tab" },
	{ "focus-next-window", "Super+grave" },
	{ "app-grid", "Super+A" },
	{ "close", "Super+Q" },
	/* As in QEMU's GTK window; virt-viewer uses Ctrl+Alt alone. */
	{ "release-pointer", "Ctrl+Alt+G" },
	{ "focus-workspace-1", "Super+1" },
	{ "focus-workspace-2", "Super+2" },
	{ "focus-workspace-3", "Super+3" },
};

void binding_free(void *data)
{
	struct bulkhead_binding *binding = data;

	g_free(binding->text);
	g_free(binding);
}

static bool parse_modifier(const char *name, uint32_t *mask)
{
	static const struct {
		const char *name;
		uint32_t mask;
	} modifiers[] = {
		{ "Super", WLR_MODIFIER_LOGO },
		{ "Shift", WLR_MODIFIER_SHIFT },
		{ "Ctrl", WLR_MODIFIER_CTRL },
		{ "Alt", WLR_MODIFIER_ALT },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(modifiers); i++) {
		if (!g_ascii_strcasecmp(name, modifiers[i].name)) {
			*mask |= modifiers[i].mask;
			return true;
		}
	}
	return false;
}

static bool parse_action(const char *key, enum bulkhead_binding_action *action,
		int *argument)
{
	const char *prefix = "focus-workspace-";
	char *end;
	long index;

	*argument = 0;
	if (!strcmp(key, "focus-next")) {
		*action = BULKHEAD_ACTION_FOCUS_NEXT;
	} else if (!strcmp(key, "focus-prev")) {
		*action = BULKHEAD_ACTION_FOCUS_PREV;
	} else if (!strcmp(key, "focus-next-window")) {
		*action = BULKHEAD_ACTION_FOCUS_NEXT_WINDOW;
	} else if (!strcmp(key, "app-grid")) {
		*action = BULKHEAD_ACTION_APP_GRID;
	} else if (!strcmp(key, "close")) {
		*action = BULKHEAD_ACTION_CLOSE;
	} else if (!strcmp(key, "release-pointer")) {
		*action = BULKHEAD_ACTION_RELEASE_POINTER;
	} else if (g_str_has_prefix(key, prefix)) {
		index = strtol(key + strlen(prefix), &end, 10);
		if (*end != '\0' || index < 1 || index > MAX_WORKSPACE_BINDINGS) {
			return false;
		}
		*action = BULKHEAD_ACTION_FOCUS_WORKSPACE;
		*argument = (int)index;
	} else {
		return false;
	}
	return true;
}

/* Parses "MOD+...+KEYSYM"; returns false on an unknown part. */
static bool parse_combination(const char *text, uint32_t *modifiers,
		xkb_keysym_t *keysym, const char **bad_part)
{
	g_auto(GStrv) parts = g_strsplit(text, "+", -1);
	guint count = g_strv_length(parts);

	*modifiers = 0;
	*bad_part = text;
	if (count == 0) {
		return false;
	}
	for (guint i = 0; i + 1 < count; i++) {
		if (!parse_modifier(parts[i], modifiers)) {
			*bad_part = strstr(text, parts[i]);
			return false;
		}
	}
	*keysym = xkb_keysym_from_name(parts[count - 1],
		XKB_KEYSYM_CASE_INSENSITIVE);
	if (*keysym == XKB_KEY_NoSymbol) {
		*bad_part = strstr(text, parts[count - 1]);
		return false;
	}
	*keysym = xkb_keysym_to_lower(*keysym);
	return true;
}

static bool check_action(struct config_parser *parser, const char *key,
		enum bulkhead_binding_action *action, int *argument,
		GError **error)
{
	if (parse_action(key, action, argument)) {
		return true;
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
		"%s: [bindings]: unknown key '%s'; valid keys are: focus-next, "
		"focus-prev, focus-next-window, focus-workspace-1 to "
		"focus-workspace-%d, app-grid, close, release-pointer",
		parser->file_name, key, MAX_WORKSPACE_BINDINGS);
	return false;
}

static bool add_binding(struct config_parser *parser, const char *key,
		const char *text, GError **error)
{
	struct bulkhead_binding binding = { 0 };
	const char *bad_part;

	if (!check_action(parser, key, &binding.action, &binding.argument,
			error)) {
		return false;
	}
	if (!parse_combination(text, &binding.modifiers, &binding.keysym,
			&bad_part)) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_INVALID_VALUE,
			"%s: [bindings] %s=%s: invalid key combination at '%s'; "
			"expected MOD+...+KEYSYM with MOD one of Super, Shift, "
			"Ctrl, Alt and an xkb keysym name such as Tab, a or F1",
			parser->file_name, key, text, bad_part);
		return false;
	}
	binding.text = g_strdup(text);
	g_ptr_array_add(parser->config->bindings,
		g_memdup2(&binding, sizeof(binding)));
	return true;
}

static bool is_overridden(GKeyFile *key_file, const char *key)
{
	return g_key_file_has_key(key_file, "bindings", key, NULL);
}

bool bindings_parse(struct config_parser *parser, GError **error)
{
	g_auto(GStrv) keys = g_key_file_get_keys(parser->key_file, "bindings",
		NULL, NULL);

	for (size_t i = 0; keys && keys[i]; i++) {
		g_autofree char *text = config_get_string(parser, "bindings",
			keys[i]);

		enum bulkhead_binding_action action;
		int argument;

		/* An empty value removes the default binding. */
		if (!text || !*text) {
			if (!check_action(parser, keys[i], &action, &argument,
					error)) {
				return false;
			}
			continue;
		}
		if (!add_binding(parser, keys[i], text, error)) {
			return false;
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(default_bindings); i++) {
		if (!is_overridden(parser->key_file, default_bindings[i].key) &&
				!add_binding(parser, default_bindings[i].key,
					default_bindings[i].text, error)) {
			return false;
		}
	}
	return true;
}
