#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "bulkheadctl.h"

struct command {
	const char *name;
	int (*run)(const struct ctl_options *options, int argc, char **args);
};

static const struct command commands[] = {
	{ "list", command_list },
	{ "focus", command_focus },
	{ "launch", command_launch },
	{ "vm", command_vm },
	{ "apps", command_apps },
	{ "launch-app", command_launch_app },
	{ "resize", command_resize },
	{ "reload", command_reload },
};

static const char commands_help[] =
	"Commands:\n"
	"  list [--json]              List workspaces and windows; --json "
	"prints one JSON object\n"
	"  focus WORKSPACE|next|prev  Focus the most recent window of a "
	"workspace, or of the\n"
	"                             next or previous workspace that has one\n"
	"  launch WORKSPACE -- CMD... Start CMD with the workspace's socket "
	"(host workspaces only)\n"
	"  vm ACTION WORKSPACE        Run ACTION on the VM of a vm workspace: "
	"on, off,\n"
	"                             toggle, pause, resume, force-off or "
	"status.\n"
	"                             Every action but status waits until "
	"the operation\n"
	"                             completed, so vm off returns once the "
	"guest shut down.\n"
	"  apps [--json]              List the apps of every workspace, as "
	"the app grid shows\n"
	"                             them; --json prints one JSON object\n"
	"  launch-app WORKSPACE APP_ID\n"
	"                             Launch an app by desktop entry id, "
	"e.g. foot.desktop;\n"
	"                             on a vm workspace whose VM is off, "
	"start the VM first\n"
	"  resize ID WIDTH HEIGHT     Ask window ID (see list --json) for a "
	"content size\n"
	"                             in pixels\n"
	"  reload                     Load the config again and apply it "
	"without\n"
	"                             restarting clients, as SIGHUP does\n"
	"\n"
	"The socket is --socket NAME, else $BULKHEAD_SOCKET, else "
	"$WAYLAND_DISPLAY. NAME is\n"
	"relative to $XDG_RUNTIME_DIR unless it is an absolute path. Only "
	"sockets of host\n"
	"workspaces offer the control protocol.\n"
	"\n"
	"Exit status: 0 on success, 1 when the command failed, 2 on a usage "
	"error.";

static int run_command(const struct ctl_options *options, int argc,
		char **args)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(args[0], commands[i].name) == 0) {
			return commands[i].run(options, argc, args);
		}
	}

	ctl_print_usage_error("unknown command '%s'; commands are list, "
		"focus, launch, vm, apps, launch-app, resize and reload", args[0]);
	return CTL_EXIT_USAGE;
}

int main(int argc, char *argv[])
{
	struct ctl_options options = {0};
	gboolean json = FALSE;
	gboolean version = FALSE;
	char *config_path = NULL;

	GOptionEntry entries[] = {
		{ "socket", 's', 0, G_OPTION_ARG_STRING, &options.socket,
			"Connect to the Wayland socket NAME of a host "
			"workspace", "NAME" },
		{ "json", 'j', 0, G_OPTION_ARG_NONE, &json,
			"Print the output of list as one JSON object", NULL },
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
			"Accepted like in bulkhead and bulkhead-vmctl, but "
			"ignored: bulkheadctl reads no config file and asks the "
			"running compositor", "PATH" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &version,
			"Print the version and exit", NULL },
		{ NULL },
	};

	g_set_prgname("bulkheadctl");
	GOptionContext *context = g_option_context_new("COMMAND [ARG...]");
	g_option_context_set_summary(context,
		"Control a running bulkhead compositor.");
	g_option_context_set_description(context, commands_help);
	g_option_context_add_main_entries(context, entries, NULL);
	/* Options after the command belong to it, e.g. launch's CMD. */
	g_option_context_set_strict_posix(context, TRUE);

	GError *error = NULL;
	int status;
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		ctl_print_usage_error("%s", error->message);
		g_error_free(error);
		status = CTL_EXIT_USAGE;
	} else if (version) {
		printf("bulkheadctl %s\n", BULKHEAD_VERSION);
		status = CTL_EXIT_SUCCESS;
	} else if (argc < 2) {
		ctl_print_usage_error("missing command");
		status = CTL_EXIT_USAGE;
	} else {
		options.json = json;
		status = run_command(&options, argc - 1, argv + 1);
	}

	g_option_context_free(context);
	g_free(options.socket);
	g_free(config_path);
	return status;
}
