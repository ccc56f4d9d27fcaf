/*
 * cmd_user.c: `sroi user add|passwd|disable|enable|list|totp`, the
 * operator's way to manage accounts (an organisation's administrators can
 * also use /api/v1/users). Passwords come on standard input, one line, so
 * that they never appear in the process list or the shell history.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/crypto.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "store/keyring.h"
#include "store/org_store.h"
#include "store/store.h"
#include "store/user_store.h"

static const char *usage =
    "usage: sroi user add --db PATH --org ORG --role ROLE --email EMAIL\n"
    "                     [--supplier ID] --password-stdin\n"
    "       sroi user passwd --db PATH --email EMAIL   (new password on "
    "stdin)\n"
    "       sroi user disable|enable --db PATH --email EMAIL\n"
    "       sroi user list --db PATH [--org ORG]\n"
    "       sroi user totp --db PATH --email EMAIL [--off] [--key-file "
    "FILE]\n\n"
    "ORG is an organisation code (GM0518, haaglanden), or '*' for a system\n"
    "account of the operator, which acts for every organisation and must "
    "be an\nadministrator. ROLE is administrator, consultant, buyer, "
    "jobcoach, supplier\nor auditor; a supplier account names its supplier "
    "(--supplier ID).\nA password has at least 10 characters and is read as "
    "one line from standard\ninput (its trailing newline dropped). `totp` "
    "turns on two-factor login and\nprints the secret to enter in an "
    "authenticator app.\n";

/* One line from standard input, without its newline. */
static bool read_password(char *out, size_t len)
{
	if (!fgets(out, (int)len, stdin)) {
		fprintf(stderr, "sroi user: no password on standard input\n");
		return false;
	}
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (!feof(stdin)) {
		fprintf(stderr, "sroi user: the password is too long\n");
		return false;
	}
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	return true;
}

static void now_text(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The organisation id for ORG ('*': 0). */
static bool org_id_of(struct store *s, const char *code, int64_t *org_id)
{
	if (strcmp(code, USER_SYSTEM_ORG_CODE) == 0) {
		*org_id = 0;
		return true;
	}
	struct sr_error err = {0};
	bool found = false;
	if (!store_org_by_code(s, code, org_id, &found, &err)) {
		fprintf(stderr, "sroi user: %s\n", err.message);
		return false;
	}
	if (!found)
		fprintf(stderr,
			"sroi user: no organisation with code '%s' (see "
			"`sroi org list`)\n",
			code);
	return found;
}

/* Runs one change in a transaction, printing the error. */
static int finish(struct store *s, bool ok, struct sr_error *err)
{
	if (ok)
		ok = store_commit(s, err);
	else if (store_in_transaction(s))
		store_rollback(s);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi user: %s\n", err->message);
		return err->status == 422 || err->status == 400 ? CLI_USAGE
								: CLI_FAIL;
	}
	return CLI_OK;
}

static bool find_account(struct store *s, const char *email, int64_t *org_id,
			 int64_t *id, struct sr_error *err)
{
	char norm[USER_EMAIL_MAX + 1];
	bool found = false;
	if (!user_email_normalise(email, norm, err) ||
	    !store_user_by_email(s, norm, org_id, id, &found, err))
		return false;
	if (!found)
		return sr_fail(err, 404, "not_found", "email",
			       "no account with e-mail address %s", norm);
	return true;
}

static int user_add(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *role = NULL, *email = NULL,
		   *supplier = NULL;
	bool from_stdin = false;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL},
	    {"--org", &org, NULL},
	    {"--role", &role, NULL},
	    {"--email", &email, NULL},
	    {"--supplier", &supplier, NULL},
	    {"--password-stdin", NULL, &from_stdin},
	    {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db || !org || !role || !email || !from_stdin) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	int64_t supplier_id = 0;
	if (supplier) {
		char *end;
		supplier_id = strtoll(supplier, &end, 10);
		if (*end || supplier_id <= 0) {
			fprintf(stderr,
				"sroi user: --supplier wants a supplier id\n");
			return CLI_USAGE;
		}
	}
	char password[CRYPTO_PASSWORD_MAX + 2];
	if (!read_password(password, sizeof password))
		return CLI_USAGE;
	struct store *s = cli_open_store("user", db, false, true);
	if (!s) {
		sodium_memzero(password, sizeof password);
		return CLI_FAIL;
	}
	struct sr_error err = {0};
	int64_t org_id = 0, id = 0;
	if (!org_id_of(s, org, &org_id)) {
		sodium_memzero(password, sizeof password);
		store_close(s);
		return CLI_USAGE;
	}
	bool ok = store_begin(s, &err) &&
		  store_user_add(s, org_id, email, role, supplier_id, password,
				 &id, &err);
	sodium_memzero(password, sizeof password);
	int rc = finish(s, ok, &err);
	if (rc == CLI_OK)
		printf("account %lld: %s, %s of %s\n", (long long)id, email,
		       role, org);
	return rc;
}

static int user_change(const char *what, int argc, char **argv)
{
	const char *db = NULL, *email = NULL, *key_file = NULL;
	bool from_stdin = false, off = false;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL},
	    {"--email", &email, NULL},
	    {"--password-stdin", NULL, &from_stdin},
	    {"--off", NULL, &off},
	    {"--key-file", &key_file, NULL},
	    {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db || !email) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	bool passwd = strcmp(what, "passwd") == 0;
	bool totp = strcmp(what, "totp") == 0;
	char password[CRYPTO_PASSWORD_MAX + 2] = "";
	if (passwd && !read_password(password, sizeof password))
		return CLI_USAGE;
	struct sr_error err = {0};
	if (totp && !off && !keyring_setup(db, key_file, false, NULL, &err)) {
		fprintf(stderr, "sroi user: %s\n", err.message);
		return CLI_FAIL;
	}
	struct store *s = cli_open_store("user", db, false, true);
	if (!s) {
		sodium_memzero(password, sizeof password);
		return CLI_FAIL;
	}
	int64_t org_id = 0, id = 0;
	char now[32], secret[CRYPTO_TOTP_SECRET_LEN] = "";
	now_text(now);
	bool ok =
	    store_begin(s, &err) && find_account(s, email, &org_id, &id, &err);
	if (ok && passwd)
		ok =
		    store_user_set_password(s, org_id, id, password, now, &err);
	else if (ok && totp && off)
		ok = store_user_set_totp(s, org_id, id, NULL, now, &err);
	else if (ok && totp)
		ok = (crypto_totp_new_secret(secret) ||
		      sr_fail(&err, 500, "internal", "", "no TOTP secret")) &&
		     store_user_set_totp(s, org_id, id, secret, now, &err);
	else if (ok)
		ok = store_user_set_disabled(
		    s, org_id, id, strcmp(what, "disable") == 0, now, &err);
	sodium_memzero(password, sizeof password);
	int rc = finish(s, ok, &err);
	if (rc == CLI_OK && totp && !off) {
		char uri[512];
		char norm[USER_EMAIL_MAX + 1];
		struct sr_error e2 = {0};
		if (!user_email_normalise(email, norm, &e2))
			snprintf(norm, sizeof norm, "%s", email);
		crypto_totp_uri(secret, norm, uri, sizeof uri);
		printf(
		    "TOTP is on for %s. Enter this secret in an authenticator "
		    "app:\n%s\n%s\n",
		    norm, secret, uri);
	} else if (rc == CLI_OK) {
		printf("%s: %s\n", email,
		       passwd		? "password changed"
		       : totp		? "TOTP is off"
		       : what[0] == 'd' ? "disabled (its sessions ended)"
					: "enabled");
	}
	sodium_memzero(secret, sizeof secret);
	if (totp)
		keyring_clear();
	return rc;
}

static int user_list(int argc, char **argv)
{
	const char *db = NULL, *org = NULL;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL}, {"--org", &org, NULL}, {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("user", db, false, true);
	if (!s)
		return CLI_FAIL;
	int64_t org_id = -1;
	if (org && !org_id_of(s, org, &org_id)) {
		store_close(s);
		return CLI_USAGE;
	}
	struct sr_error err = {0};
	json_t *users = NULL;
	bool ok = store_user_list(s, org_id, &users, &err);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi user: %s\n", err.message);
		return CLI_FAIL;
	}
	printf("%-8s %-12s %-32s %-14s %-9s %-5s %s\n", "id", "org", "email",
	       "role", "supplier", "totp", "state");
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u)
	{
		json_t *sup = json_object_get(u, "supplier_id");
		char supplier[24] = "-";
		if (json_is_integer(sup))
			snprintf(supplier, sizeof supplier, "%lld",
				 (long long)json_integer_value(sup));
		printf("%-8lld %-12s %-32s %-14s %-9s %-5s %s\n",
		       (long long)json_integer_value(json_object_get(u, "id")),
		       json_string_value(json_object_get(u, "organisation")),
		       json_string_value(json_object_get(u, "email")),
		       json_string_value(json_object_get(u, "role")), supplier,
		       json_is_true(json_object_get(u, "totp")) ? "yes" : "no",
		       json_is_true(json_object_get(u, "disabled")) ? "disabled"
								    : "active");
	}
	json_decref(users);
	return CLI_OK;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (!crypto_init()) {
		fprintf(stderr, "sroi user: libsodium failed to initialise\n");
		return CLI_FAIL;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0 ||
	    strcmp(sub, "enable") == 0 || strcmp(sub, "totp") == 0)
		return user_change(sub, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(argc - 1, argv + 1);
	fprintf(stderr, "sroi user: unknown subcommand '%s'\n%s", sub, usage);
	return CLI_USAGE;
}
