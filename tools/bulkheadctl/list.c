#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "bulkheadctl.h"

static const char *workspace_kind_name(uint32_t kind)
{
	return kind == BULKHEAD_CONTROL_SNAPSHOT_V1_WORKSPACE_KIND_VM ?
		"vm" : "host";
}

static const char *window_kind_name(uint32_t kind)
{
	return kind == BULKHEAD_CONTROL_SNAPSHOT_V1_WINDOW_KIND_GUEST_DISPLAY ?
		"guest-display" : "toplevel";
}

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

static void add_workspace_json(JsonBuilder *builder,
		const struct ctl_workspace *workspace)
{
	json_builder_begin_object(builder);
	add_string_or_null(builder, "name", workspace->name);
	add_string_or_null(builder, "color", workspace->color);
	add_string_or_null(builder, "badge", workspace->badge);
	add_string_or_null(builder, "kind", workspace_kind_name(workspace->kind));
	add_string_or_null(builder, "vm_state", workspace->vm_state);
	add_string_or_null(builder, "last_error", workspace->last_error);
	json_builder_set_member_name(builder, "focused");
	json_builder_add_boolean_value(builder, workspace->focused);
	json_builder_end_object(builder);
}

static void add_int_member(JsonBuilder *builder, const char *member,
		gint64 value)
{
	json_builder_set_member_name(builder, member);
	json_builder_add_int_value(builder, value);
}

static void add_window_json(JsonBuilder *builder,
		const struct ctl_window *window)
{
	json_builder_begin_object(builder);
	add_int_member(builder, "id", window->id);
	add_string_or_null(builder, "workspace", window->workspace);
	add_string_or_null(builder, "kind", window_kind_name(window->kind));
	add_string_or_null(builder, "title", window->title);
	add_string_or_null(builder, "app_id", window->app_id);
	add_string_or_null(builder, "hint", window->hint);
	add_int_member(builder, "x", window->x);
	add_int_member(builder, "y", window->y);
	add_int_member(builder, "width", window->width);
	add_int_member(builder, "height", window->height);
	json_builder_set_member_name(builder, "focused");
	json_builder_add_boolean_value(builder, window->focused);
	json_builder_end_object(builder);
}

static void print_json(const struct ctl_snapshot *snapshot)
{
	JsonBuilder *builder = json_builder_new();
	json_builder_begin_object(builder);

	json_builder_set_member_name(builder, "workspaces");
	json_builder_begin_array(builder);
	for (guint i = 0; i < snapshot->workspaces->len; i++) {
		add_workspace_json(builder, snapshot->workspaces->pdata[i]);
	}
	json_builder_end_array(builder);

	json_builder_set_member_name(builder, "windows");
	json_builder_begin_array(builder);
	for (guint i = 0; i < snapshot->windows->len; i++) {
		add_window_json(builder, snapshot->windows->pdata[i]);
	}
	json_builder_end_array(builder);

	json_builder_end_object(builder);

	JsonNode *root = json_builder_get_root(builder);
	JsonGenerator *generator = json_generator_new();
	json_generator_set_root(generator, root);
	char *text = json_generator_to_data(generator, NULL);
	puts(text);

	g_free(text);
	g_object_unref(generator);
	json_node_unref(root);
	g_object_unref(builder);
}

/*
 * A table whose cells are padded to the widest cell of each column. Cell
 * text is printed with control characters replaced, because titles come
 * from clients and could otherwise send escape sequences to the terminal.
 */
struct table {
	guint columns;
	GPtrArray *cells;	/* char *, row by row */
};

static void table_init(struct table *table, guint columns)
{
	table->columns = columns;
	table->cells = g_ptr_array_new_with_free_func(g_free);
}

static void table_add(struct table *table, const char *text)
{
	GString *cell = g_string_new(NULL);
	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c)) {
			g_string_append_c(cell, '?');
		} else {
			g_string_append_unichar(cell, c);
		}
	}
	g_ptr_array_add(table->cells, g_string_free(cell, FALSE));
}

static void table_print(struct table *table)
{
	glong *widths = g_new0(glong, table->columns);
	for (guint i = 0; i < table->cells->len; i++) {
		glong length = g_utf8_strlen(table->cells->pdata[i], -1);
		widths[i % table->columns] =
			MAX(widths[i % table->columns], length);
	}

	for (guint i = 0; i < table->cells->len; i++) {
		const char *cell = table->cells->pdata[i];
		guint column = i % table->columns;
		fputs(cell, stdout);
		if (column + 1 == table->columns) {
			fputc('\n', stdout);
			continue;
		}
		glong padding = widths[column] - g_utf8_strlen(cell, -1) + 2;
		printf("%*s", (int)padding, "");
	}

	g_free(widths);
	g_ptr_array_unref(table->cells);
}

static void print_workspace_table(const struct ctl_snapshot *snapshot)
{
	struct table table;
	table_init(&table, 7);
	const char *headers[] = {
		"WORKSPACE", "KIND", "COLOR", "BADGE", "VM STATE", "FOCUSED",
		"LAST ERROR",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++) {
		table_add(&table, headers[i]);
	}

	for (guint i = 0; i < snapshot->workspaces->len; i++) {
		const struct ctl_workspace *workspace =
			snapshot->workspaces->pdata[i];
		table_add(&table, workspace->name);
		table_add(&table, workspace_kind_name(workspace->kind));
		table_add(&table, workspace->color);
		table_add(&table, workspace->badge ? workspace->badge : "-");
		table_add(&table,
			workspace->vm_state ? workspace->vm_state : "-");
		table_add(&table, workspace->focused ? "yes" : "no");
		table_add(&table,
			workspace->last_error ? workspace->last_error : "-");
	}
	table_print(&table);
}

static void print_window_table(const struct ctl_snapshot *snapshot)
{
	if (snapshot->windows->len == 0) {
		puts("No windows.");
		return;
	}

	struct table table;
	table_init(&table, 8);
	const char *headers[] = {
		"ID", "WORKSPACE", "KIND", "FOCUSED", "GEOMETRY", "APP ID",
		"HINT", "TITLE",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++) {
		table_add(&table, headers[i]);
	}

	for (guint i = 0; i < snapshot->windows->len; i++) {
		const struct ctl_window *window = snapshot->windows->pdata[i];
		char *id = g_strdup_printf("%u", window->id);
		char *geometry = g_strdup_printf("%dx%d%+d%+d", window->width,
			window->height, window->x, window->y);
		table_add(&table, id);
		table_add(&table, window->workspace);
		table_add(&table, window_kind_name(window->kind));
		table_add(&table, window->focused ? "yes" : "no");
		table_add(&table, geometry);
		table_add(&table, window->app_id);
		table_add(&table, window->hint != NULL ? window->hint : "-");
		table_add(&table, window->title);
		g_free(id);
		g_free(geometry);
	}
	table_print(&table);
}

int command_list(const struct ctl_options *options, int argc, char **args)
{
	bool json = options->json;
	for (int i = 1; i < argc; i++) {
		if (ctl_is_json_option(args[i])) {
			json = true;
		} else {
			ctl_print_usage_error("invalid argument '%s' to list; "
				"list takes only --json", args[i]);
			return CTL_EXIT_USAGE;
		}
	}

	struct ctl_connection conn;
	if (!connection_open(&conn, options->socket)) {
		return CTL_EXIT_FAILURE;
	}

	struct ctl_snapshot snapshot;
	bool ok = snapshot_fetch(&conn, &snapshot);
	connection_close(&conn);
	if (!ok) {
		snapshot_finish(&snapshot);
		return CTL_EXIT_FAILURE;
	}

	if (json) {
		print_json(&snapshot);
	} else {
		print_workspace_table(&snapshot);
		putchar('\n');
		print_window_table(&snapshot);
	}
	snapshot_finish(&snapshot);
	return CTL_EXIT_SUCCESS;
}
