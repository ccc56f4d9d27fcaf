/* cmd_serve.c: `sroi serve` and `sroi openapi`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/openapi.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "http/server.h"
#include "store/store.h"

int cmd_serve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi serve --db PATH [--listen 127.0.0.1:8080] "
		       "[--threads N]\n\n"
		       "Serves the JSON API under /api/v1/ and the web UI under /. "
		       "Stops cleanly\non SIGINT or SIGTERM after finishing "
		       "in-flight requests. Port 0 picks a\nfree port (printed).\n");
		return CLI_OK;
	}
	const char *db = NULL, *listen = "127.0.0.1:8080", *threads = "4";
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--listen", &listen, NULL},
					  {"--threads", &threads, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi serve: --db PATH is required\n");
		return CLI_USAGE;
	}
	struct server_config cfg = {.db_url = db, .threads = atoi(threads)};
	char host[64];
	if (!server_parse_listen(listen, host, sizeof host, &cfg.port)) {
		fprintf(stderr, "sroi serve: --listen wants HOST:PORT with an IPv4 "
				"address, e.g. 127.0.0.1:8080\n");
		return CLI_USAGE;
	}
	if (cfg.threads < 1 || cfg.threads > 256) {
		fprintf(stderr, "sroi serve: --threads must be 1..256\n");
		return CLI_USAGE;
	}
	cfg.host = host;
	/* Check the database once before listening, so a mistake is reported
	 * at start and not on the first request. */
	struct store *s = cli_open_store("serve", db, false, true);
	if (!s)
		return CLI_FAIL;
	store_close(s);
	return server_run(&cfg) ? CLI_OK : CLI_FAIL;
}

int cmd_openapi(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi openapi\n\nPrints the OpenAPI 3.1 document of "
		       "the JSON API (docs/openapi.yaml).\n");
		return CLI_OK;
	}
	if (!cli_parse(argc, argv, NULL, NULL, 0, NULL))
		return CLI_USAGE;
	char *yaml = openapi_yaml();
	if (!yaml)
		return CLI_FAIL;
	fputs(yaml, stdout);
	free(yaml);
	return CLI_OK;
}
