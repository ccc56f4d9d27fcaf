/* cmd_calc.c: placeholder until its issue lands. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_calc(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "sroi calc: not implemented yet\n");
	return CLI_FAIL;
}
