/* The apps and launch-app commands. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <wayland-client.h>

#include "bulkheadctl.h"

struct ctl_app {
	char *workspace;
	char *id;
	char *name;
	char *generic_name;	/* NULL when none */
	char *icon;		/* NULL when none */
	char *badge;		/* NULL when none */
};

struct app_list {
	GPtrArray *apps;	/* struct ctl_app * */
	bool done;
};

static char *copy_optional_text(const char *text)
{
	return text[0] != '\0' ? g_utf8_make_valid(text, -1) : NULL;
}

static void free_app(gpointer data)
{
	struct ctl_app *app = data;

	g_free(app->workspace);
	g_free(app->id);
	g_free(app->name);
	g_free(app->generic_name);
	g_free(app->icon);
	g_free(app->badge);
	g_free(app);
}

static void handle_app(void *data, struct bulkhead_control_apps_v1 *proxy,
		const char *workspace, const char *id, const char *name,
		const char *generic_name, const char *icon, const char *badge)
{
	struct app_list *list = data;
	struct ctl_app *app = g_new0(struct ctl_app, 1);

	app->workspace = g_utf8_make_valid(workspace, -1);
	app->id = g_utf8_make_valid(id, -1);
	app->name = g_utf8_make_valid(name, -1);
	app->generic_name = copy_optional_text(generic_name);
	app->icon = copy_optional_text(icon);
	app->badge = copy_optional_text(badge);
	g_ptr_array_add(list->apps, app);
}

static void handle_done(void *data, struct bulkhead_control_apps_v1 *proxy)
{
	struct app_list *list = data;

	list->done = true;
}

static const struct bulkhead_control_apps_v1_listener apps_listener = {
	.app = handle_app,
	.done = handle_done,
};

static void add_string_or_null(JsonBuilder *builder, const char *member,
		const char *value)
{
	json_builder_set_member_name(builder, member);
	if (value != NULL) {
		json_builder_add_string_value(builder, value);
	} else {
		json_builder_add_null_value(builder);
	}
}

static void print_json(GPtrArray *apps)
{
	JsonBuilder *builder = json_builder_new();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "apps");
	json_builder_begin_array(builder);
	for (guint i = 0; i < apps->len; i++) {
		struct ctl_app *app = apps->pdata[i];

		json_builder_begin_object(builder);
		add_string_or_null(builder, "workspace", app->workspace);
		add_string_or_null(builder, "id", app->id);
		add_string_or_null(builder, "name", app->name);
		add_string_or_null(builder, "generic_name", app->generic_name);
		add_string_or_null(builder, "icon", app->icon);
		add_string_or_null(builder, "badge", app->badge);
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);

	JsonGenerator *generator = json_generator_new();
	JsonNode *root = json_builder_get_root(builder);
	json_generator_set_root(generator, root);
	json_generator_set_pretty(generator, TRUE);
	char *text = json_generator_to_data(generator, NULL);
	puts(text);
	g_free(text);
	json_node_unref(root);
	g_object_unref(generator);
	g_object_unref(builder);
}

static void print_table(GPtrArray *apps)
{
	printf("%-12s %-40s %s\n", "WORKSPACE", "ID", "NAME");
	for (guint i = 0; i < apps->len; i++) {
		struct ctl_app *app = apps->pdata[i];

		printf("%-12s %-40s %s%s%s%s\n", app->workspace, app->id,
			app->name, app->badge ? " [" : "",
			app->badge ? app->badge : "", app->badge ? "]" : "");
	}
}

int command_apps(const struct ctl_options *options, int argc, char **args)
{
	struct app_list list = { 0 };
	struct ctl_connection conn;
	bool json = options->json;

	for (int i = 1; i < argc; i++) {
		if (ctl_is_json_option(args[i])) {
			json = true;
		} else {
			ctl_print_usage_error("apps takes no argument but "
				"--json, got '%s'", args[i]);
			return CTL_EXIT_USAGE;
		}
	}
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}
	list.apps = g_ptr_array_new_with_free_func(free_app);
	struct bulkhead_control_apps_v1 *proxy =
		bulkhead_control_manager_v1_get_apps(conn.manager);
	bulkhead_control_apps_v1_add_listener(proxy, &apps_listener, &list);
	bool connected = connection_wait(&conn, &list.done);
	bulkhead_control_apps_v1_destroy(proxy);
	connection_close(&conn);
	if (connected) {
		if (json) {
			print_json(list.apps);
		} else {
			print_table(list.apps);
		}
	}
	g_ptr_array_unref(list.apps);
	return connected ? CTL_EXIT_SUCCESS : CTL_EXIT_FAILURE;
}

int command_launch_app(const struct ctl_options *options, int argc,
		char **args)
{
	struct ctl_connection conn;

	if (argc != 3) {
		ctl_print_usage_error("launch-app takes a workspace and an app "
			"id: bulkheadctl launch-app WORKSPACE APP_ID, e.g. "
			"launch-app personal foot.desktop");
		return CTL_EXIT_USAGE;
	}
	if (strlen(args[1]) + strlen(args[2]) > 2048) {
		ctl_print_error("the workspace and app id are too long for one "
			"Wayland message; shorten them");
		return CTL_EXIT_FAILURE;
	}
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}
	int status = result_wait(&conn, bulkhead_control_manager_v1_launch_app(
		conn.manager, args[1], args[2]));
	connection_close(&conn);
	return status;
}
