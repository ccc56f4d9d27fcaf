/* options.h: a small, uniform option parser for the commands. */
#ifndef SROI_CLI_OPTIONS_H
#define SROI_CLI_OPTIONS_H

#include <stdbool.h>

struct cli_option {
	const char *name;    /* "--db" */
	const char **value;  /* set for options with a value */
	bool *flag;          /* set for flags */
};

/* Parses argv[1..]; positional arguments go to positional (at most max).
 * Prints a message and returns false on an unknown option, a missing value
 * or too many positional arguments. Accepts "--name value" and
 * "--name=value". */
bool cli_parse(int argc, char **argv, const struct cli_option *options,
	       const char **positional, int max, int *count);

/* Opens a store, migrated to the newest schema when migrate is true;
 * prints errors. Returns NULL on failure. */
struct store;
struct store *cli_open_store(const char *cmd, const char *db, bool create,
			     bool require_schema);

#endif
