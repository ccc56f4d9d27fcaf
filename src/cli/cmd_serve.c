/* cmd_serve.c: `sroi serve` and `sroi openapi`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/openapi.h"
#include "base/log.h"
#include "cli/cli.h"
#include "cli/demo_logins.h"
#include "cli/options.h"
#include "cli/retention.h"
#include "http/auth.h"
#include "http/server.h"
#include "store/keyring.h"
#include "store/store.h"
#include "store/user_store.h"

/* Reads a whole (small) file, for the TLS certificate and key. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap || !buf) {
			cap = (len + n + 1) * 2;
			char *grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		memcpy(buf + len, chunk, n);
		len += n;
		if (len > 1024 * 1024)
			break;
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static bool parse_seconds(const char *text, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 1 || v > 30L * 24 * 3600)
		return false;
	*out = (int)v;
	return true;
}

/* Warnings for a server that other machines reach: demo accounts whose
 * published passwords still work, administrators without TOTP (they cannot
 * log in), no TLS. */
static void warn_when_exposed(struct store *s, const struct server_config *cfg)
{
	struct sr_error err = {0};
	int demo = 0;
	int64_t admins = 0;
	if (demo_logins_active(s, &demo, &err) && demo > 0)
		fprintf(stderr,
			"\n"
			"  ************************************************************\n"
			"  WARNING: %d DEMO ACCOUNT(S) WITH PUBLISHED PASSWORDS ARE ACTIVE\n"
			"  on %s, which other machines can reach. Anyone can log in.\n"
			"  Disable them: sroi user disable --db %s --email ...\n"
			"  ************************************************************\n\n",
			demo, cfg->host, cfg->db_url);
	if (store_user_count(s, "administrator", true, &admins, &err) && admins)
		fprintf(stderr,
			"sroi serve: warning: %lld administrator account(s) without "
			"TOTP cannot log in\nhere: turn it on with `sroi user totp "
			"--db %s --email ...`\n",
			(long long)admins, cfg->db_url);
	if (!cfg->tls_cert_pem)
		fprintf(stderr,
			"sroi serve: warning: serving without TLS where other "
			"machines reach it: use\n--tls-cert/--tls-key or a reverse "
			"proxy (docs/security.md)\n");
}

/* The policy's retention rule, hourly while serving. */
static void apply_retention(const struct server_config *cfg)
{
	struct sr_error err = {0};
	struct store *s = NULL;
	int64_t erased = 0;
	if (!store_open(cfg->db_url, false, &s, &err) ||
	    !gdpr_run_retention(s, NULL, "retention", &erased, &err))
		log_warn("retention rule not applied: %s", err.message);
	else if (erased)
		log_info("retention rule: %lld identities erased",
			 (long long)erased);
	if (s)
		store_close(s);
}

int cmd_serve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi serve --db PATH [--listen 127.0.0.1:8080] "
		       "[--threads N]\n"
		       "                  [--key-file FILE] [--tls-cert PEM "
		       "--tls-key PEM]\n"
		       "                  [--session-idle SECONDS] [--session-max "
		       "SECONDS]\n"
		       "                  [--behind-proxy] [--public] [--cache-mb N]\n\n"
		       "Serves the JSON API under /api/v1/ and the web UI under /. "
		       "Stops cleanly\non SIGINT or SIGTERM after finishing "
		       "in-flight requests. Port 0 picks a\nfree port (printed).\n\n"
		       "--key-file       the key that seals identities (else "
		       "$SROI_KEY_FILE, else PATH.key)\n"
		       "--tls-cert/-key  serve HTTPS with this certificate and "
		       "private key (PEM)\n"
		       "--session-idle   a session ends after this long unused "
		       "(default 1800,\n"
		       "                 or $SROI_SESSION_IDLE)\n"
		       "--session-max    and this long after login at the latest "
		       "(default 43200,\n"
		       "                 or $SROI_SESSION_MAX)\n"
		       "--behind-proxy   behind a reverse proxy: the client address "
		       "is the last\n"
		       "                 X-Forwarded-For entry\n"
		       "--public         other machines reach this server (through "
		       "a proxy): as on a\n"
		       "                 non-loopback address, administrators need "
		       "TOTP\n"
		       "--cache-mb       memory for answers to reads, served again "
		       "while no write\n"
		       "                 has changed the data (default 64; 0: "
		       "none)\n");
		return CLI_OK;
	}
	const char *db = NULL, *listen = "127.0.0.1:8080", *threads = "4",
		   *key_file = NULL, *tls_cert = NULL, *tls_key = NULL,
		   *idle = NULL, *max = NULL, *cache_mb = "64";
	bool behind_proxy = false, public = false;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--listen", &listen, NULL},
					  {"--threads", &threads, NULL},
					  {"--key-file", &key_file, NULL},
					  {"--tls-cert", &tls_cert, NULL},
					  {"--tls-key", &tls_key, NULL},
					  {"--session-idle", &idle, NULL},
					  {"--session-max", &max, NULL},
					  {"--cache-mb", &cache_mb, NULL},
					  {"--behind-proxy", NULL, &behind_proxy},
					  {"--public", NULL, &public},
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
	char *end = NULL;
	long mb = strtol(cache_mb, &end, 10);
	if (!*cache_mb || *end || mb < 0 || mb > 65536) {
		fprintf(stderr, "sroi serve: --cache-mb must be 0..65536\n");
		return CLI_USAGE;
	}
	cfg.cache_bytes = (size_t)mb << 20;
	struct auth_config auth;
	auth_config_defaults(&auth);
	if ((idle && !parse_seconds(idle, &auth.session_idle)) ||
	    (max && !parse_seconds(max, &auth.session_max))) {
		fprintf(stderr, "sroi serve: session lifetimes are seconds, 1 to "
				"30 days\n");
		return CLI_USAGE;
	}
	if (!tls_cert != !tls_key) {
		fprintf(stderr, "sroi serve: --tls-cert and --tls-key go "
				"together\n");
		return CLI_USAGE;
	}
	cfg.host = host;
	struct sr_error err = {0};
	if (!keyring_setup(db, key_file, false, NULL, &err)) {
		fprintf(stderr, "sroi serve: %s\n", err.message);
		return CLI_FAIL;
	}
	char *cert = NULL, *key = NULL;
	if (tls_cert) {
		cert = read_file(tls_cert);
		key = read_file(tls_key);
		if (!cert || !key) {
			fprintf(stderr, "sroi serve: cannot read %s\n",
				!cert ? tls_cert : tls_key);
			free(cert);
			free(key);
			keyring_clear();
			return CLI_FAIL;
		}
		cfg.tls_cert_pem = cert;
		cfg.tls_key_pem = key;
	}
	cfg.hourly = apply_retention;
	auth.tls = cert != NULL;
	auth.trust_proxy = behind_proxy;
	auth.exposed = public || !server_host_is_loopback(host);
	auth_configure(&auth);
	/* Check the database once before listening, so a mistake is reported
	 * at start and not on the first request. */
	struct store *s = cli_open_store("serve", db, false, true);
	bool ok = s != NULL;
	if (s) {
		if (auth.exposed) {
			warn_when_exposed(s, &cfg);
		} else {
			/* On loopback the login page may list the demo
			 * accounts (only while they are active). */
			struct sr_error err = {0};
			int demo = 0;
			cfg.demo_logins = demo_logins_active(s, &demo, &err) && demo > 0;
		}
		store_close(s);
	}
	ok = ok && server_run(&cfg);
	keyring_clear();
	if (key) {
		sodium_memzero(key, strlen(key));
		free(key);
	}
	free(cert);
	return ok ? CLI_OK : CLI_FAIL;
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
