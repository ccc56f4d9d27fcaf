/* commands.c: the table of sroi commands (one place answers "which code runs
 * `sroi X`?"). */
#include "cli/cli.h"

#include <string.h>

const struct cli_command cli_commands[] = {
	{"init", cmd_init, "create an empty database at the newest schema"},
	{"migrate", cmd_migrate, "bring a database to the newest schema"},
	{"demo", cmd_demo, "fill a database with a realistic demo"},
	{"serve", cmd_serve, "serve the JSON API and the web UI over HTTP"},
	{"calc", cmd_calc, "compute what a scenario yields under a policy"},
	{"report", cmd_report, "print a contract's or the portfolio's figures"},
	{"import", cmd_import, "import suppliers, contracts, candidates ... from CSV, XLSX or OCDS"},
	{"export", cmd_export, "write an organisation's dataset as files import reads back"},
	{"policy", cmd_policy, "check a policy file or show the policy in force"},
	{"match", cmd_match, "run a proposal round and store its proposals"},
	{"shortlist", cmd_shortlist, "print the best candidates for an opening"},
	{"solve", cmd_solve, "solve a DIMACS minimum-cost flow problem"},
	{"openapi", cmd_openapi, "print the OpenAPI document of the JSON API"},
	{"user", cmd_user, "add, change, disable and list accounts"},
	{"org", cmd_org, "add and list organisations"},
	{"audit", cmd_audit, "verify the audit log's hash chain"},
	{"gdpr", cmd_gdpr, "export or erase what is held about a candidate"},
	{"rekey", cmd_rekey, "rotate the key that seals identities"},
	{"backup", cmd_backup, "copy a live SQLite database (online backup)"},
	{"version", cmd_version, "print the version"},
	{NULL, NULL, NULL},
};

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}
