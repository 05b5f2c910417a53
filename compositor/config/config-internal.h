/* Helpers shared by the parts of the config parser. */
#ifndef COMPOSITOR_CONFIG_INTERNAL_H
#define COMPOSITOR_CONFIG_INTERNAL_H

#include <glib.h>
#include <stdbool.h>

struct bulkhead_config;

struct config_parser {
	GKeyFile *key_file;
	const char *file_name;
	struct bulkhead_config *config;
};

/* Fails on a key of group that is not in the NULL-terminated known list. */
bool config_check_keys(struct config_parser *parser, const char *group,
	const char *const *known, GError **error);
/* Reads an optional integer key; *value is left alone when it is absent. */
bool config_get_int(struct config_parser *parser, const char *group,
	const char *key, int min, int max, int *value, GError **error);
/* Reads an optional string, stripped of surrounding space, or NULL. */
char *config_get_string(struct config_parser *parser, const char *group,
	const char *key);

bool bindings_parse(struct config_parser *parser, GError **error);
void binding_free(void *binding);

bool outputs_parse(struct config_parser *parser, GError **error);
void output_config_free(void *output);

bool workspaces_parse(struct config_parser *parser, GError **error);
void workspace_config_free(void *workspace);

#endif
