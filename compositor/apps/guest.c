/*
 * The apps of a vm workspace's guest: its desktop entries, read through the
 * QEMU guest agent with a shell command, and cached in
 * $XDG_CACHE_HOME/bulkhead/apps-WORKSPACE.ini for when the VM is off.
 *
 * Everything the guest sends is data: the host parses it as a key file,
 * keeps only a few keys, strips control characters, limits lengths, accepts
 * icon names only as plain theme names looked up on the host, and never
 * runs the Exec line on the host.
 */
#include <string.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "vmctl/vmctl.h"

#define QUERY_TIMEOUT_S 20
/* More output than this is rejected rather than parsed. */
#define MAX_QUERY_OUTPUT (512 * 1024)
#define MAX_ID_SIZE 128

/*
 * Prints the main group's keys of each desktop entry as a key file whose
 * groups are the desktop ids; /usr/local/share shadows /usr/share.
 */
static const char list_script[] =
	"seen=' '\n"
	"for f in /usr/local/share/applications/*.desktop "
		"/usr/share/applications/*.desktop; do\n"
	"  [ -f \"$f\" ] || continue\n"
	"  id=${f##*/}\n"
	"  case $seen in *\" $id \"*) continue ;; esac\n"
	"  seen=\"$seen$id \"\n"
	"  printf '[%s]\\n' \"$id\"\n"
	"  sed -n '/^\\[Desktop Entry\\]/,/^\\[/{/^\\(Name\\|GenericName\\|"
		"Keywords\\|Icon\\|Exec\\|NoDisplay\\|Hidden\\|Type\\|"
		"OnlyShowIn\\)=/p}' \"$f\"\n"
	"done\n";

struct query {
	struct bulkhead_apps *apps;
	struct apps_vm_list *list;
	struct vmctl_vm *vmctl_vm;
	guest_query_func done;
	void *data;
};

char *guest_sanitize_text(const char *text, size_t max_size)
{
	g_autofree char *valid = g_utf8_make_valid(text ? text : "", -1);
	GString *out = g_string_new(NULL);

	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		char buffer[6];
		int length;

		if (g_unichar_iscntrl(c) || g_unichar_type(c) ==
				G_UNICODE_FORMAT) {
			continue;
		}
		length = g_unichar_to_utf8(c, buffer);
		if (out->len + length + 1 > max_size) {
			break;
		}
		g_string_append_len(out, buffer, length);
	}
	return g_string_free(out, FALSE);
}

/* An id or icon name: letters, digits, '.', '_', '-' and '+' only. */
static bool is_plain_name(const char *name, size_t max_size)
{
	size_t length = strlen(name);

	if (length == 0 || length >= max_size || name[0] == '.') {
		return false;
	}
	for (size_t i = 0; i < length; i++) {
		if (!g_ascii_isalnum(name[i]) && !strchr("._-+", name[i])) {
			return false;
		}
	}
	return true;
}

/* Splits an Exec value into argv, dropping field codes such as %U. */
static char **parse_exec(const char *exec)
{
	g_auto(GStrv) words = NULL;
	GPtrArray *argv;

	if (!exec || strlen(exec) >= GUEST_MAX_EXEC ||
			!g_shell_parse_argv(exec, NULL, &words, NULL)) {
		return NULL;
	}
	argv = g_ptr_array_new();
	for (size_t i = 0; words[i]; i++) {
		GString *arg = g_string_new(NULL);

		for (const char *p = words[i]; *p; p++) {
			if (p[0] == '%' && p[1]) {
				if (p[1] == '%') {
					g_string_append_c(arg, '%');
				}
				p++;
				continue;
			}
			g_string_append_c(arg, *p);
		}
		if (arg->len > 0 || words[i][0] != '%') {
			g_ptr_array_add(argv, g_string_free(arg, FALSE));
		} else {
			g_string_free(arg, TRUE);
		}
	}
	if (argv->len == 0) {
		g_ptr_array_free(argv, TRUE);
		return NULL;
	}
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

static char **parse_keywords(GKeyFile *file, const char *group)
{
	g_auto(GStrv) words = g_key_file_get_string_list(file, group,
		"Keywords", NULL, NULL);
	GPtrArray *out = g_ptr_array_new();

	for (size_t i = 0; words && words[i] && i < GUEST_MAX_KEYWORDS; i++) {
		g_ptr_array_add(out, guest_sanitize_text(words[i],
			GUEST_MAX_NAME));
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static struct bulkhead_app *parse_entry(struct bulkhead_workspace *workspace,
		GKeyFile *file, const char *group)
{
	g_autofree char *type = g_key_file_get_string(file, group, "Type",
		NULL);
	g_autofree char *name = g_key_file_get_string(file, group, "Name",
		NULL);
	g_autofree char *generic = g_key_file_get_string(file, group,
		"GenericName", NULL);
	g_autofree char *icon = g_key_file_get_string(file, group, "Icon",
		NULL);
	g_autofree char *exec = g_key_file_get_string(file, group, "Exec",
		NULL);
	struct bulkhead_app *app;

	if (!is_plain_name(group, MAX_ID_SIZE) ||
			!g_str_has_suffix(group, ".desktop") ||
			g_strcmp0(type, "Application") || !name ||
			g_key_file_get_boolean(file, group, "NoDisplay", NULL) ||
			g_key_file_get_boolean(file, group, "Hidden", NULL) ||
			g_key_file_has_key(file, group, "OnlyShowIn", NULL)) {
		return NULL;
	}
	app = app_new(workspace, group);
	app->name = guest_sanitize_text(name, GUEST_MAX_NAME);
	if (!app->name[0]) {
		app_free(app);
		return NULL;
	}
	if (generic) {
		app->generic_name = guest_sanitize_text(generic,
			GUEST_MAX_NAME);
	}
	if (icon && is_plain_name(icon, GUEST_MAX_ICON_NAME)) {
		app->icon = g_strdup(icon);
	}
	app->keywords = parse_keywords(file, group);
	app->guest_argv = parse_exec(exec);
	return app;
}

static GPtrArray *parse_entries(struct bulkhead_workspace *workspace,
		const char *text, GError **error)
{
	g_autoptr(GKeyFile) file = g_key_file_new();
	g_auto(GStrv) groups = NULL;
	GPtrArray *apps;

	if (!g_key_file_load_from_data(file, text, -1, G_KEY_FILE_NONE,
			error)) {
		return NULL;
	}
	groups = g_key_file_get_groups(file, NULL);
	apps = g_ptr_array_new_with_free_func(app_free);
	for (size_t i = 0; groups[i] && apps->len < GUEST_MAX_APPS; i++) {
		struct bulkhead_app *app = parse_entry(workspace, file,
			groups[i]);

		if (app) {
			g_ptr_array_add(apps, app);
		}
	}
	return apps;
}

static char *get_cache_path(struct bulkhead_workspace *workspace)
{
	g_autofree char *file = g_strdup_printf("apps-%s.ini", workspace->name);

	return g_build_filename(g_get_user_cache_dir(), "bulkhead", file, NULL);
}

/* Writes the parsed entries back in the format parse_entries reads. */
static void save_cache(struct apps_vm_list *list)
{
	g_autoptr(GKeyFile) file = g_key_file_new();
	g_autofree char *path = get_cache_path(list->workspace);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < list->guest_apps->len; i++) {
		struct bulkhead_app *app = list->guest_apps->pdata[i];
		g_autofree char *exec = NULL;

		g_key_file_set_string(file, app->id, "Type", "Application");
		g_key_file_set_string(file, app->id, "Name", app->name);
		if (app->generic_name) {
			g_key_file_set_string(file, app->id, "GenericName",
				app->generic_name);
		}
		if (app->icon) {
			g_key_file_set_string(file, app->id, "Icon", app->icon);
		}
		if (app->keywords) {
			g_key_file_set_string_list(file, app->id, "Keywords",
				(const char *const *)app->keywords,
				g_strv_length(app->keywords));
		}
		for (size_t a = 0; app->guest_argv && app->guest_argv[a]; a++) {
			g_autofree char *quoted = g_shell_quote(
				app->guest_argv[a]);
			char *joined = g_strjoin(exec ? " " : "",
				exec ? exec : "", quoted, NULL);

			g_free(exec);
			exec = joined;
		}
		if (exec) {
			g_key_file_set_string(file, app->id, "Exec", exec);
		}
	}
	if (g_mkdir_with_parents(dir, 0700) != 0 ||
			!g_key_file_save_to_file(file, path, &error)) {
		wlr_log(WLR_ERROR, "Failed to write the app cache %s: %s", path,
			error ? error->message : g_strerror(errno));
	}
}

void guest_apps_load_cache(struct apps_vm_list *list)
{
	g_autofree char *path = get_cache_path(list->workspace);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	gsize length;

	if (!g_file_get_contents(path, &text, &length, NULL)) {
		return;
	}
	if (length > MAX_QUERY_OUTPUT) {
		wlr_log(WLR_ERROR, "Ignored the app cache %s: larger than %d "
			"bytes", path, MAX_QUERY_OUTPUT);
		return;
	}
	list->guest_apps = parse_entries(list->workspace, text, &error);
	if (!list->guest_apps) {
		wlr_log(WLR_ERROR, "Ignored the app cache %s: %s", path,
			error->message);
		return;
	}
	wlr_log(WLR_INFO, "Loaded %u apps of workspace %s from %s",
		list->guest_apps->len, list->workspace->name, path);
}

static bool accept_output(struct query *query,
		struct vmctl_exec_result *result, GError **error)
{
	struct apps_vm_list *list = query->list;
	GPtrArray *apps;

	if (result->exit_code != 0 || result->truncated ||
			strlen(result->out) > MAX_QUERY_OUTPUT) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			"the listing command exited with %d%s",
			result->exit_code, result->truncated ?
				", and its output was cut short" : "");
		return false;
	}
	apps = parse_entries(list->workspace, result->out, error);
	if (!apps) {
		return false;
	}
	g_clear_pointer(&list->guest_apps, g_ptr_array_unref);
	list->guest_apps = apps;
	save_cache(list);
	return true;
}

static void handle_query_exec(GObject *source, GAsyncResult *async_result,
		gpointer data)
{
	struct query *query = data;
	struct vmctl_exec_result result = { 0 };
	g_autoptr(GError) error = NULL;
	bool ok;

	ok = vmctl_vm_exec_finish(query->vmctl_vm, async_result, &result,
		&error) && accept_output(query, &result, &error);
	query->list->query_running = false;
	if (ok) {
		query->list->queried_at = g_get_monotonic_time();
		wlr_log(WLR_INFO, "Read %u desktop entries from the guest of "
			"workspace %s", query->list->guest_apps->len,
			query->list->workspace->name);
	} else {
		wlr_log(WLR_ERROR, "Failed to read the desktop entries of the "
			"guest of workspace %s: %s",
			query->list->workspace->name, error->message);
	}
	query->done(query->list, ok, ok ? NULL : error->message, query->data);
	vmctl_exec_result_clear(&result);
	g_free(query);
}

void guest_apps_query(struct bulkhead_apps *apps, struct apps_vm_list *list,
		guest_query_func done, void *data)
{
	const char *const argv[] = { "/bin/sh", "-c", list_script, NULL };
	struct query *query = g_new0(struct query, 1);

	query->apps = apps;
	query->list = list;
	query->vmctl_vm = list->workspace->vm->vmctl_vm;
	query->done = done;
	query->data = data;
	list->query_running = true;
	vmctl_vm_exec_async(query->vmctl_vm, argv, NULL, QUERY_TIMEOUT_S, NULL,
		handle_query_exec, query);
}
