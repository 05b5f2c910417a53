/* The exec and console commands. */
#include <stdio.h>
#include "cli.h"

int cli_exec(struct cli *cli, const char *name, char **argv) {
	fprintf(stderr, "bulkhead-vmctl: exec is not built yet\n");
	return 1;
}

int cli_console(struct cli *cli, const char *name) {
	fprintf(stderr, "bulkhead-vmctl: console is not built yet\n");
	return 1;
}
