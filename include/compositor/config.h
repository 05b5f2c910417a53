/*
 * The configuration: an INI file read with GKeyFile from
 * $XDG_CONFIG_HOME/bulkhead/config.ini or --config PATH, or a built-in
 * default (personal on the host, work in the demo VM) when no file exists.
 * Every key is validated; an unknown group, key or value is an error whose
 * message names the file, the group, the key, the value and what is valid.
 */
#ifndef COMPOSITOR_CONFIG_H
#define COMPOSITOR_CONFIG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <xkbcommon/xkbcommon.h>

struct vmctl_spec;

enum bulkhead_binding_action {
	BULKHEAD_ACTION_FOCUS_NEXT,
	BULKHEAD_ACTION_FOCUS_PREV,
	BULKHEAD_ACTION_FOCUS_WORKSPACE,	/* argument: 1-based index */
	BULKHEAD_ACTION_FOCUS_NEXT_WINDOW,	/* within the workspace */
	BULKHEAD_ACTION_APP_GRID,
	BULKHEAD_ACTION_CLOSE,
	BULKHEAD_ACTION_RELEASE_POINTER,	/* ends a guest display's capture */
};

struct bulkhead_binding {
	enum bulkhead_binding_action action;
	int argument;
	uint32_t modifiers;		/* WLR_MODIFIER_* mask */
	xkb_keysym_t keysym;		/* lower case */
	char *text;			/* as written, e.g. "Super+Tab" */
};

enum bulkhead_workspace_mode {
	BULKHEAD_MODE_DISPLAY,
	BULKHEAD_MODE_SEAMLESS,
	BULKHEAD_MODE_BOTH,
};

struct bulkhead_workspace_config {
	char *name;
	uint32_t color;			/* 0xrrggbb */
	uint32_t focused_color;		/* 0xrrggbb */
	char *badge;			/* NULL when none */
	bool is_default;
	char *vm_name;			/* NULL for host workspaces */
	enum bulkhead_workspace_mode mode;
	char **apps;			/* desktop entry ids, NULL-terminated */
	struct vmctl_spec *vm_spec;	/* the [vm:NAME] it names, or NULL */
};

struct bulkhead_output_config {
	char *name;			/* the wlroots output name */
	double scale;
	bool has_position;
	int x, y;			/* layout coordinates */
};

struct bulkhead_config {
	char *path;			/* NULL for the built-in default */
	int border_width;
	char *libvirt_uri;

	char *xkb_layout, *xkb_variant, *xkb_options;
	int repeat_rate, repeat_delay;

	GPtrArray *bindings;		/* struct bulkhead_binding * */
	GPtrArray *workspaces;		/* struct bulkhead_workspace_config * */
	GPtrArray *vm_specs;		/* struct vmctl_spec *, every [vm:NAME] */
	GPtrArray *outputs;		/* struct bulkhead_output_config * */
};

/*
 * Loads path, or the default location when path is NULL, or the built-in
 * default when no file exists there. Returns NULL with error set when the
 * file is invalid.
 */
struct bulkhead_config *config_load(const char *path, GError **error);
/* Parses an INI text; file_name is used in messages only. */
struct bulkhead_config *config_load_data(const char *data,
	const char *file_name, GError **error);
void config_free(struct bulkhead_config *config);

/* The [output:NAME] group of an output, or NULL. */
const struct bulkhead_output_config *config_find_output(
	const struct bulkhead_config *config, const char *name);

/* The default config file location, newly allocated. */
char *config_get_default_path(void);

#endif
