/* cmd_solve.c: placeholder until its issue lands. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_solve(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "sroi solve: not implemented yet\n");
	return CLI_FAIL;
}
