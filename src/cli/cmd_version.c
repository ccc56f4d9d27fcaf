/* cmd_version.c: `sroi version`. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_version(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi version\n\nPrints the version of sroi.\n");
		return CLI_OK;
	}
	printf("sroi %s\n", SROI_VERSION);
	return CLI_OK;
}
