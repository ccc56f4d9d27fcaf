/* keyring.c: see keyring.h. The key file is text:
 *
 *   # comments
 *   sealing-key <64 hex digits>
 *   region-secret <64 hex digits>
 */
#include "store/keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

static struct keyring process_keyring;
static bool process_keyring_set;

bool keyring_locate(const char *db_url, const char *key_file, char *out,
		    size_t out_len, struct sr_error *err)
{
	const char *env = getenv("SROI_KEY_FILE");
	const char *path = NULL;
	char beside[4096];
	if (key_file && *key_file) {
		path = key_file;
	} else if (env && *env) {
		path = env;
	} else if (store_url_is_postgres(db_url)) {
		return sr_fail(err, 400, "key_file_required", "key_file",
			       "a PostgreSQL database needs its key file: give "
			       "--key-file FILE or set SROI_KEY_FILE");
	} else {
		if (snprintf(beside, sizeof beside, "%s.key", db_url) >=
		    (int)sizeof beside)
			return sr_fail(err, 400, "invalid_path", "db",
				       "the database path is too long");
		path = beside;
	}
	if (snprintf(out, out_len, "%s", path) >= (int)out_len)
		return sr_fail(err, 400, "invalid_path", "key_file",
			       "the key file path is too long");
	return true;
}

static bool parse_hex_key(const char *hex, unsigned char out[CRYPTO_KEY_BYTES])
{
	size_t n = 0;
	const char *end = NULL;
	return sodium_hex2bin(out, CRYPTO_KEY_BYTES, hex, strlen(hex), NULL, &n,
			      &end) == 0 &&
	       n == CRYPTO_KEY_BYTES && end && *end == '\0';
}

bool keyring_read_file(const char *path, struct keyring *out,
		       struct sr_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return sr_fail(err, 404, "no_key_file", "key_file",
				       "the key file %s does not exist", path);
		return sr_fail(err, 500, "key_file_unreadable", "key_file",
			       "cannot read the key file %s: %s", path,
			       strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sr_fail(err, 500, "key_file_unreadable", "key_file",
			       "the key file %s is not a regular file", path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return sr_fail(err, 500, "key_file_exposed", "key_file",
			       "the key file %s may be read by others: run "
			       "`chmod 600 %s`",
			       path, path);
	}
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return sr_fail(err, 500, "key_file_unreadable", "key_file",
			       "cannot read the key file %s", path);
	buf[n] = '\0';
	bool have_key = false, have_secret = false;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strncmp(line, "sealing-key ", 12) == 0)
			have_key = parse_hex_key(line + 12, out->sealing_key);
		else if (strncmp(line, "region-secret ", 14) == 0)
			have_secret =
			    parse_hex_key(line + 14, out->region_secret);
	}
	sodium_memzero(buf, sizeof buf);
	if (!have_key || !have_secret)
		return sr_fail(err, 500, "key_file_invalid", "key_file",
			       "the key file %s lacks a valid sealing-key or "
			       "region-secret line",
			       path);
	return true;
}

bool keyring_write_file(const char *path, const struct keyring *k,
			struct sr_error *err)
{
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return sr_fail(err, errno == EEXIST ? 409 : 500,
			       errno == EEXIST ? "key_file_exists"
					       : "key_file_unwritable",
			       "key_file", "cannot create the key file %s: %s",
			       path, strerror(errno));
	char key_hex[2 * CRYPTO_KEY_BYTES + 1],
	    secret_hex[2 * CRYPTO_KEY_BYTES + 1];
	sodium_bin2hex(key_hex, sizeof key_hex, k->sealing_key,
		       CRYPTO_KEY_BYTES);
	sodium_bin2hex(secret_hex, sizeof secret_hex, k->region_secret,
		       CRYPTO_KEY_BYTES);
	char text[512];
	int n =
	    snprintf(text, sizeof text,
		     "# sroi key file: seals candidate identities and keys "
		     "the region pseudonym.\n"
		     "# Keep it secret (mode 0600) and back it up apart from "
		     "the database:\n"
		     "# without it the identities cannot be read.\n"
		     "sealing-key %s\nregion-secret %s\n",
		     key_hex, secret_hex);
	sodium_memzero(key_hex, sizeof key_hex);
	sodium_memzero(secret_hex, sizeof secret_hex);
	bool ok = fchmod(fd, 0600) == 0 && write(fd, text, (size_t)n) == n &&
		  fsync(fd) == 0;
	sodium_memzero(text, sizeof text);
	if (close(fd) != 0)
		ok = false;
	if (!ok) {
		unlink(path);
		return sr_fail(err, 500, "key_file_unwritable", "key_file",
			       "cannot write the key file %s", path);
	}
	return true;
}

void keyring_generate(struct keyring *out)
{
	randombytes_buf(out->sealing_key, sizeof out->sealing_key);
	randombytes_buf(out->region_secret, sizeof out->region_secret);
}

bool keyring_setup(const char *db_url, const char *key_file, bool create,
		   bool *created, struct sr_error *err)
{
	if (created)
		*created = false;
	if (!crypto_init())
		return sr_fail(err, 500, "crypto_unavailable", "",
			       "libsodium or liboath failed to initialise");
	char path[4096];
	if (!keyring_locate(db_url, key_file, path, sizeof path, err))
		return false;
	struct keyring k;
	struct sr_error read_err = {0};
	if (keyring_read_file(path, &k, &read_err)) {
		keyring_install(&k);
		sodium_memzero(&k, sizeof k);
		return true;
	}
	if (read_err.status != 404 || !create) {
		if (read_err.status == 404)
			return sr_fail(err, 404, "no_key_file", "key_file",
				       "no key file at %s (`sroi init` creates "
				       "it beside an SQLite database; give "
				       "--key-file FILE or set SROI_KEY_FILE)",
				       path);
		*err = read_err;
		return false;
	}
	keyring_generate(&k);
	bool ok = keyring_write_file(path, &k, err);
	if (ok) {
		keyring_install(&k);
		if (created)
			*created = true;
	}
	sodium_memzero(&k, sizeof k);
	return ok;
}

void keyring_install(const struct keyring *k)
{
	process_keyring = *k;
	process_keyring_set = true;
}

const struct keyring *keyring_current(void)
{
	return process_keyring_set ? &process_keyring : NULL;
}

void keyring_clear(void)
{
	sodium_memzero(&process_keyring, sizeof process_keyring);
	process_keyring_set = false;
}

bool keyring_seal(const char *context, const void *plain, size_t n,
		  unsigned char **out, size_t *out_len, struct sr_error *err)
{
	const struct keyring *k = keyring_current();
	if (!k)
		return sr_fail(err, 500, "no_key", "",
			       "no key file is loaded: identities cannot be "
			       "sealed");
	return crypto_seal(k->sealing_key, context, plain, n, out, out_len,
			   err);
}

bool keyring_open(const char *context, const void *blob, size_t n, char **out,
		  size_t *out_len, struct sr_error *err)
{
	const struct keyring *k = keyring_current();
	if (!k)
		return sr_fail(err, 500, "no_key", "",
			       "no key file is loaded: identities cannot be "
			       "read");
	return crypto_open(k->sealing_key, context, blob, n, out, out_len, err);
}
