#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <wlr/util/log.h>
#include <wlr/version.h>
#include "compositor/config.h"
#include "compositor/launch.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "compositor/workspace/socket.h"

struct options {
	char *config_path;
	gboolean check_config;
	gboolean debug;
	gboolean version;
	char **startup_commands;
};

static bool parse_options(int *argc, char ***argv, struct options *options)
{
	GOptionEntry entries[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &options->config_path,
			"Read the config from PATH instead of "
			"$XDG_CONFIG_HOME/bulkhead/config.ini", "PATH" },
		{ "check-config", 'C', 0, G_OPTION_ARG_NONE,
			&options->check_config,
			"Validate the config and exit", NULL },
		{ "debug", 'd', 0, G_OPTION_ARG_NONE, &options->debug,
			"Log debug messages", NULL },
		{ "version", 'v', 0, G_OPTION_ARG_NONE, &options->version,
			"Print the version and exit", NULL },
		{ "startup", 's', 0, G_OPTION_ARG_STRING_ARRAY,
			&options->startup_commands,
			"Run CMD (a shell command line) in the default workspace "
			"once started; may be repeated", "CMD" },
		{ NULL },
	};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_autoptr(GError) error = NULL;

	g_option_context_set_summary(context, "bulkhead shows the windows of "
		"several workspaces, each framed in its color: host apps and "
		"the screens of VMs, side by side.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, argc, argv, &error)) {
		fprintf(stderr, "bulkhead: %s\nRun bulkhead --help for the "
			"options.\n", error->message);
		return false;
	}
	return true;
}

static struct bulkhead_config *load_config(const char *path)
{
	g_autoptr(GError) error = NULL;
	struct bulkhead_config *config = config_load(path, &error);

	if (!config) {
		fprintf(stderr, "bulkhead: %s: %s\n",
			error->domain == G_FILE_ERROR ? "cannot read the config" :
			"invalid config", error->message);
	}
	return config;
}

static void run_startup_commands(struct bulkhead_server *server,
		char **commands)
{
	for (size_t i = 0; commands && commands[i]; i++) {
		char *argv[] = { "/bin/sh", "-c", commands[i], NULL };
		g_autoptr(GError) error = NULL;

		if (!launch_host_command(server->default_workspace, argv,
				&error)) {
			wlr_log(WLR_ERROR, "Failed to run '%s': %s", commands[i],
				error->message);
		}
	}
}

/* Exported so that processes started by bulkhead find their workspace. */
static void export_environment(struct bulkhead_server *server)
{
	setenv("WAYLAND_DISPLAY", server->wayland_display, true);
	setenv("BULKHEAD_SOCKET",
		server->default_workspace->socket->name, true);
	wlr_log(WLR_INFO, "WAYLAND_DISPLAY=%s BULKHEAD_SOCKET=%s",
		server->wayland_display,
		server->default_workspace->socket->name);
}

static int run(struct bulkhead_config *config, const char *config_path,
		char **startup_commands)
{
	struct bulkhead_server server = { .config_path = config_path };
	int status = EXIT_FAILURE;

	if (!server_init(&server, config) || !server_start(&server)) {
		goto out;
	}
	export_environment(&server);
	run_startup_commands(&server, startup_commands);
	server_run(&server);
	status = EXIT_SUCCESS;

out:
	server_finish(&server);
	/* A reload may have replaced the config the server started with. */
	config_free(server.config ? server.config : config);
	return status;
}

int main(int argc, char *argv[])
{
	struct options options = { 0 };
	struct bulkhead_config *config;
	int status;

	if (!parse_options(&argc, &argv, &options)) {
		return 2;
	}
	if (options.version) {
		printf("bulkhead %s (wlroots %s)\n", BULKHEAD_VERSION,
			WLR_VERSION_STR);
		return 0;
	}
	wlr_log_init(options.debug ? WLR_DEBUG : WLR_INFO, NULL);
	config = load_config(options.config_path);
	if (!config) {
		return 1;
	}
	if (options.check_config) {
		printf("%s: valid\n", config->path ? config->path :
			"built-in default config");
		config_free(config);
		return 0;
	}
	if (!getenv("XDG_RUNTIME_DIR")) {
		fprintf(stderr, "bulkhead: XDG_RUNTIME_DIR is not set; set it "
			"to a private directory such as /run/user/$(id -u)\n");
		config_free(config);
		return 1;
	}
	if (!g_file_test(getenv("XDG_RUNTIME_DIR"), G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "bulkhead: XDG_RUNTIME_DIR=%s is not a "
			"directory; create it with mode 0700 or point "
			"XDG_RUNTIME_DIR at one\n", getenv("XDG_RUNTIME_DIR"));
		config_free(config);
		return 1;
	}
	wlr_log(WLR_INFO, "bulkhead %s starting (wlroots %s)",
		BULKHEAD_VERSION, WLR_VERSION_STR);
	status = run(config, options.config_path, options.startup_commands);
	g_free(options.config_path);
	g_strfreev(options.startup_commands);
	return status;
}
