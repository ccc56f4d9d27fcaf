/* options.c: see options.h. */
#include "cli/options.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

bool cli_parse(int argc, char **argv, const struct cli_option *options,
	       const char **positional, int max, int *count)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) == 0 && arg[2]) {
			const char *eq = strchr(arg, '=');
			size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
			const struct cli_option *o = options;
			for (; o && o->name; o++)
				if (strlen(o->name) == len &&
				    strncmp(o->name, arg, len) == 0)
					break;
			if (!o || !o->name) {
				fprintf(stderr, "%s: unknown option '%.*s'\n", argv[0],
					(int)len, arg);
				return false;
			}
			if (o->flag) {
				*o->flag = true;
			} else if (eq) {
				*o->value = eq + 1;
			} else if (i + 1 < argc) {
				*o->value = argv[++i];
			} else {
				fprintf(stderr, "%s: option %s needs a value\n",
					argv[0], o->name);
				return false;
			}
		} else {
			if (n == max) {
				fprintf(stderr, "%s: unexpected argument '%s'\n",
					argv[0], arg);
				return false;
			}
			if (positional)
				positional[n] = arg;
			n++;
		}
	}
	if (count)
		*count = n;
	return true;
}

struct store *cli_open_store(const char *cmd, const char *db, bool create,
			     bool require_schema)
{
	struct sr_error err = {0};
	struct store *s = NULL;
	if (!store_open(db, create, &s, &err)) {
		fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
		return NULL;
	}
	if (require_schema) {
		int version = 0;
		if (!store_schema_version(s, &version, &err)) {
			fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
			store_close(s);
			return NULL;
		}
		if (version != store_latest_schema_version()) {
			fprintf(stderr,
				"sroi %s: the database has schema version %d, this "
				"sroi needs %d: run `sroi %s --db %s`\n",
				cmd, version, store_latest_schema_version(),
				version == 0 ? "init" : "migrate", db);
			store_close(s);
			return NULL;
		}
	}
	return s;
}
