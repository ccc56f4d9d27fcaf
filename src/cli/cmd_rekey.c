/*
 * cmd_rekey.c: `sroi rekey --db PATH [--key-file FILE]` rotates the key that
 * seals identities, TOTP secrets and evidence files. The region secret
 * stays (the region pseudonyms must not change).
 *
 * Order, so that no crash loses data: the new key is written to FILE.new;
 * every sealed value is re-sealed in one transaction; after the commit
 * FILE.new replaces FILE. If sroi stops between the commit and the rename,
 * the database opens with FILE.new (rename it to FILE); sealed values name
 * the id of their key, so a mismatch is reported, never misread.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/identity_store.h"
#include "store/keyring.h"
#include "store/store.h"
#include "store/user_store.h"

static const char *usage =
    "usage: sroi rekey --db PATH [--key-file FILE]\n\n"
    "Rotates the key that seals identities, TOTP secrets and evidence "
    "files:\nwrites a new key, re-seals every value in one transaction, then "
    "replaces\nthe key file. Identities stored unsealed by an older sroi are "
    "sealed on\nthe way. The key file is found as for every command "
    "(--key-file,\nSROI_KEY_FILE, or PATH.key beside an SQLite database).\n";

int cmd_rekey(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *key_file = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--key-file", &key_file, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct sr_error err = {0};
	char path[4096], next[4200];
	struct keyring old, fresh;
	if (!crypto_init() ||
	    !keyring_locate(db, key_file, path, sizeof path, &err) ||
	    !keyring_read_file(path, &old, &err)) {
		fprintf(stderr, "sroi rekey: %s\n",
			err.message[0] ? err.message : "libsodium failed");
		return CLI_FAIL;
	}
	snprintf(next, sizeof next, "%s.new", path);
	fresh = old;
	randombytes_buf(fresh.sealing_key, sizeof fresh.sealing_key);
	if (!keyring_write_file(next, &fresh, &err)) {
		fprintf(stderr, "sroi rekey: %s%s\n", err.message,
			err.status == 409
			    ? " (an earlier rekey stopped half-way: "
			      "see `sroi rekey --help`)"
			    : "");
		sodium_memzero(&old, sizeof old);
		sodium_memzero(&fresh, sizeof fresh);
		return CLI_FAIL;
	}
	struct store *s = cli_open_store("rekey", db, false, true);
	int64_t identities = 0, totp = 0;
	bool ok = s && store_begin(s, &err) &&
		  store_identity_reseal(s, old.sealing_key, fresh.sealing_key,
					&identities, &err) &&
		  store_user_reseal_totp(s, old.sealing_key, fresh.sealing_key,
					 &totp, &err) &&
		  store_commit(s, &err);
	if (s && !ok && store_in_transaction(s))
		store_rollback(s);
	if (ok && store_backend_of(s) == STORE_SQLITE)
		store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", &err);
	if (s)
		store_close(s);
	sodium_memzero(&old, sizeof old);
	sodium_memzero(&fresh, sizeof fresh);
	if (!ok) {
		unlink(next);
		if (s)
			fprintf(stderr, "sroi rekey: %s (nothing changed)\n",
				err.message);
		return CLI_FAIL;
	}
	if (rename(next, path) != 0) {
		fprintf(
		    stderr,
		    "sroi rekey: the values are sealed with the new key in "
		    "%s, but it could not replace %s: %s. Rename it by hand.\n",
		    next, path, strerror(errno));
		return CLI_FAIL;
	}
	printf("rekeyed: %lld identities and evidence files, %lld TOTP secrets "
	       "sealed with a new key in %s\n",
	       (long long)identities, (long long)totp, path);
	return CLI_OK;
}
