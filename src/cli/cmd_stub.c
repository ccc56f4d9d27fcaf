#include "cli/cli.h"
#include <stdio.h>
#define STUB(n) int cmd_##n(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "not yet\n"); return CLI_FAIL; }
