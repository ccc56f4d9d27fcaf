/*
 * keyring.h: the key file, which holds the key that seals candidate
 * identities (and TOTP secrets and evidence files) and the region secret of
 * the region pseudonym.
 *
 * Where it is found, in this order: the --key-file FILE option, the
 * environment variable SROI_KEY_FILE, then PATH.key beside an SQLite
 * database PATH (`sroi init` creates it with mode 0600). A PostgreSQL
 * database has no file beside it, so it needs one of the first two.
 *
 * A process loads its keyring once at start (keyring_setup) before it
 * starts threads; from then on it is only read (keyring_current).
 */
#ifndef SROI_STORE_KEYRING_H
#define SROI_STORE_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/crypto.h"
#include "base/error.h"

struct keyring {
	unsigned char sealing_key[CRYPTO_KEY_BYTES];
	unsigned char region_secret[CRYPTO_KEY_BYTES];
};

/* The path of the key file for db_url; key_file may be NULL. Fails (400
 * key_file_required) for PostgreSQL without an explicit file. */
bool keyring_locate(const char *db_url, const char *key_file, char *out,
		    size_t out_len, struct sr_error *err);

/* Reads a key file; refuses one that others may read. */
bool keyring_read_file(const char *path, struct keyring *out,
		       struct sr_error *err);
/* Writes a new key file with mode 0600; refuses to overwrite. */
bool keyring_write_file(const char *path, const struct keyring *k,
			struct sr_error *err);
/* A keyring of fresh random keys. */
void keyring_generate(struct keyring *out);

/* Locates the key file and installs it as the process keyring. When it does
 * not exist: creates it when create is true (sroi init, migrate, demo),
 * fails otherwise (404 no_key_file). *created tells which (may be NULL). */
bool keyring_setup(const char *db_url, const char *key_file, bool create,
		   bool *created, struct sr_error *err);

/* Installs k as the process keyring (setup, rekey, tests). */
void keyring_install(const struct keyring *k);
/* The process keyring, or NULL when none is installed. */
const struct keyring *keyring_current(void);
/* Wipes the process keyring (at exit). */
void keyring_clear(void);

/* Sealing with the process keyring (see crypto_seal/crypto_open); fail with
 * 500 no_key when no keyring is installed. */
bool keyring_seal(const char *context, const void *plain, size_t n,
		  unsigned char **out, size_t *out_len, struct sr_error *err);
bool keyring_open(const char *context, const void *blob, size_t n, char **out,
		  size_t *out_len, struct sr_error *err);

#endif
