/*
 * bulkhead-vmctl: the VMs of bulkhead's config, without the compositor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char summary[] =
	"Commands:\n"
	"  list                 the VMs of the config and their states\n"
	"  start NAME           define the domain if needed and start it\n"
	"  shutdown NAME        graceful shutdown, waits up to the VM's\n"
	"                       shutdown-timeout\n"
	"  force-off NAME       stop the VM at once, like pulling the plug\n"
	"  pause NAME           pause the VM's CPUs\n"
	"  resume NAME          resume a paused VM\n"
	"  status NAME          the VM's state and last error\n"
	"  xml NAME             print the domain XML the spec generates\n"
	"  exec NAME -- CMD...  run CMD in the guest through the guest agent\n"
	"  console NAME         attach to the guest's serial console\n"
	"                       (Ctrl+] detaches)\n"
	"\n"
	"The config is $XDG_CONFIG_HOME/bulkhead/config.ini; without one the\n"
	"built-in default has one VM, work, running the demo guest.";

static bool needs_name(const char *command) {
	static const char *const commands[] = {
		"start", "shutdown", "force-off", "pause", "resume", "status",
		"xml", "exec", "console", NULL,
	};
	return g_strv_contains(commands, command);
}

static int run_command(struct cli *cli, int argc, char **argv) {
	const char *command = argv[1];
	if (strcmp(command, "list") == 0) {
		return cli_list(cli);
	}
	const char *name = argv[2];
	if (strcmp(command, "status") == 0) {
		return cli_status(cli, name);
	}
	if (strcmp(command, "xml") == 0) {
		return cli_xml(cli, name);
	}
	if (strcmp(command, "exec") == 0) {
		int first = argc > 3 && strcmp(argv[3], "--") == 0 ? 4 : 3;
		if (first >= argc) {
			fprintf(stderr, "bulkhead-vmctl: exec needs a command: "
				"exec NAME -- CMD [ARG...]\n");
			return 2;
		}
		return cli_exec(cli, name, argv + first);
	}
	if (strcmp(command, "console") == 0) {
		return cli_console(cli, name);
	}
	return cli_power(cli, command, name);
}

static bool check_arguments(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "bulkhead-vmctl: missing command; see "
			"bulkhead-vmctl --help\n");
		return false;
	}
	const char *command = argv[1];
	if (strcmp(command, "list") == 0) {
		return argc == 2 || !fprintf(stderr, "bulkhead-vmctl: list "
			"takes no arguments\n");
	}
	if (!needs_name(command)) {
		fprintf(stderr, "bulkhead-vmctl: unknown command \"%s\"; see "
			"bulkhead-vmctl --help\n", command);
		return false;
	}
	if (argc < 3) {
		fprintf(stderr, "bulkhead-vmctl: %s needs a VM name\n",
			command);
		return false;
	}
	if (argc > 3 && strcmp(command, "exec") != 0) {
		fprintf(stderr, "bulkhead-vmctl: %s takes one VM name\n",
			command);
		return false;
	}
	return true;
}

int main(int argc, char **argv) {
	char *config_path = NULL;
	char *uri = NULL;
	gboolean json = false;
	gboolean version = false;
	GOptionEntry entries[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
			"Read the config from PATH", "PATH" },
		{ "uri", 0, 0, G_OPTION_ARG_STRING, &uri,
			"Use this libvirt URI instead of [general] "
			"libvirt-uri (default qemu:///system as root, else "
			"qemu:///session)", "URI" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json,
			"Print data as JSON", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version,
			"Print the version and exit", NULL },
		{ 0 },
	};
	GOptionContext *context = g_option_context_new(
		"COMMAND [NAME] - control bulkhead's VMs");
	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(context, summary);
	GError *error = NULL;
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "bulkhead-vmctl: %s; see bulkhead-vmctl "
			"--help\n", error->message);
		return 2;
	}
	g_option_context_free(context);
	if (version) {
		printf("bulkhead-vmctl %s\n", BULKHEAD_VERSION);
		return 0;
	}
	if (!check_arguments(argc, argv)) {
		return 2;
	}

	vmctl_init();
	/* Every command prints the errors it gets, so vmctl need not. */
	vmctl_set_log_failures(false);
	struct cli cli = {
		.uri = uri,
		.json = json,
		.specs = g_ptr_array_new_with_free_func(
			(GDestroyNotify)vmctl_spec_free),
	};
	if (!cli_load_config(&cli, config_path, &error)) {
		fprintf(stderr, "bulkhead-vmctl: %s\n", error->message);
		return 1;
	}
	int status = run_command(&cli, argc, argv);
	vmctl_conn_free(cli.conn);
	g_ptr_array_unref(cli.specs);
	g_free(cli.config_path);
	g_free(cli.uri);
	g_free(config_path);
	return status;
}
