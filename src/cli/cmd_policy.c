/* cmd_policy.c: placeholder until its issue lands. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_policy(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "sroi policy: not implemented yet\n");
	return CLI_FAIL;
}
