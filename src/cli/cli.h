/*
 * cli.h: the sroi commands. Each command is `int cmd_NAME(int argc, char **argv)`
 * with argv[0] the command name; it returns the process exit status:
 * 0 success, 1 failure, 2 bad usage or malformed input. Every command answers
 * --help. Errors go to standard error.
 */
#ifndef SROI_CLI_CLI_H
#define SROI_CLI_CLI_H

#include <stdbool.h>

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct cli_command cli_commands[]; /* ends with name NULL */

int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_openapi(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* Accounts, organisations, audit, GDPR and keys (security issue). */
int cmd_user(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_gdpr(int argc, char **argv);
int cmd_rekey(int argc, char **argv);
int cmd_backup(int argc, char **argv);
/* Matching (issue 4). */
int cmd_match(int argc, char **argv);
int cmd_shortlist(int argc, char **argv);

/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);

#endif
