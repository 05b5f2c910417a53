/*
 * [output:NAME] groups: where an output sits in the layout and its scale.
 * NAME is the wlroots output name, e.g. HEADLESS-1, WL-1 or DP-1. Outputs
 * without a group are placed right of the others at scale 1.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compositor/config.h"
#include "config-internal.h"

#define MAX_SCALE 4.0
#define MIN_SCALE 0.5
#define MAX_COORDINATE 100000

static const char *const output_keys[] = { "scale", "position", NULL };

void output_config_free(void *data)
{
	struct bulkhead_output_config *output = data;

	g_free(output->name);
	g_free(output);
}

static bool parse_scale(struct config_parser *parser, const char *group,
		struct bulkhead_output_config *output, GError **error)
{
	g_autofree char *text = config_get_string(parser, group, "scale");
	char *end;

	if (!text || !*text) {
		return true;
	}
	errno = 0;
	output->scale = strtod(text, &end);
	if (errno || *end != '\0' || !isfinite(output->scale) ||
			output->scale < MIN_SCALE || output->scale > MAX_SCALE) {
		g_set_error(error, G_KEY_FILE_ERROR,
			G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [%s] scale=%s: "
			"invalid value; expected a number from %.1f to %.1f, "
			"e.g. 1.5", parser->file_name, group, text, MIN_SCALE,
			MAX_SCALE);
		return false;
	}
	return true;
}

static bool parse_position(struct config_parser *parser, const char *group,
		struct bulkhead_output_config *output, GError **error)
{
	g_autofree char *text = config_get_string(parser, group, "position");
	char *end;
	long x, y;

	if (!text || !*text) {
		return true;
	}
	x = strtol(text, &end, 10);
	if (end != text && *end == ',') {
		char *start = end + 1;

		y = strtol(start, &end, 10);
		if (end != start && *end == '\0' && labs(x) <= MAX_COORDINATE &&
				labs(y) <= MAX_COORDINATE) {
			output->has_position = true;
			output->x = (int)x;
			output->y = (int)y;
			return true;
		}
	}
	g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
		"%s: [%s] position=%s: invalid value; expected X,Y in layout "
		"pixels, e.g. 1920,0", parser->file_name, group, text);
	return false;
}

bool outputs_parse(struct config_parser *parser, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(parser->key_file, NULL);

	for (size_t i = 0; groups[i]; i++) {
		struct bulkhead_output_config *output;

		if (!g_str_has_prefix(groups[i], "output:")) {
			continue;
		}
		output = g_new0(struct bulkhead_output_config, 1);
		output->name = g_strdup(groups[i] + strlen("output:"));
		output->scale = 1.0;
		g_ptr_array_add(parser->config->outputs, output);
		if (!config_check_keys(parser, groups[i], output_keys, error) ||
				!parse_scale(parser, groups[i], output, error) ||
				!parse_position(parser, groups[i], output, error)) {
			return false;
		}
	}
	return true;
}

const struct bulkhead_output_config *config_find_output(
		const struct bulkhead_config *config, const char *name)
{
	for (guint i = 0; i < config->outputs->len; i++) {
		const struct bulkhead_output_config *output =
			g_ptr_array_index(config->outputs, i);

		if (!strcmp(output->name, name)) {
			return output;
		}
	}
	return NULL;
}
