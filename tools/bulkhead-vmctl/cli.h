/* bulkhead-vmctl: shared state of the command-line tool. */
#ifndef BULKHEAD_VMCTL_CLI_H
#define BULKHEAD_VMCTL_CLI_H

#include <stdbool.h>
#include "vmctl/vmctl.h"

struct cli {
	char *config_path;	/* NULL for the built-in default */
	char *uri;
	bool json;
	GPtrArray *specs;	/* struct vmctl_spec * */
	struct vmctl_conn *conn;
};

/* config.c */
bool cli_load_config(struct cli *cli, const char *path, GError **error);
struct vmctl_spec *cli_find_spec(struct cli *cli, const char *name,
		GError **error);

/* commands.c: each returns the process exit status. */
int cli_list(struct cli *cli);
int cli_status(struct cli *cli, const char *name);
int cli_xml(struct cli *cli, const char *name);
int cli_power(struct cli *cli, const char *command, const char *name);

/* guest.c */
int cli_exec(struct cli *cli, const char *name, char **argv);
int cli_console(struct cli *cli, const char *name);

#endif
