/* crypto.c: see crypto.h. libsodium for everything but the TOTP codes,
 * which come from liboath. */
#include "base/crypto.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEAL_MAGIC "SRS1"
#define SEAL_MAGIC_LEN 4
#define SEAL_HEADER                                                            \
	(SEAL_MAGIC_LEN + CRYPTO_KEY_ID_BYTES + crypto_secretbox_NONCEBYTES)
#define TOTP_STEP 30
#define TOTP_SECRET_BYTES 20

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;
/* A hash of a random password, verified against when the account does not
 * exist; written once under dummy_once, read-only afterwards. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[CRYPTO_PASSWORD_HASH_LEN];

static void init_all(void)
{
	init_ok = sodium_init() >= 0 && oath_init() == OATH_OK;
}

static void init_dummy(void)
{
	char pw[CRYPTO_TOKEN_LEN];
	crypto_random_token("", pw);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

bool crypto_init(void)
{
	pthread_once(&init_once, init_all);
	return init_ok;
}

/* ---- passwords ---- */

bool crypto_password_hash(const char *password,
			  char out[CRYPTO_PASSWORD_HASH_LEN],
			  struct sr_error *err)
{
	if (crypto_pwhash_str(out, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return sr_fail(err, 503, "out_of_memory", "",
			       "not enough memory to hash the password");
	return true;
}

bool crypto_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void crypto_password_dummy_verify(const char *password)
{
	pthread_once(&dummy_once, init_dummy);
	/* The result is meaningless; only the time spent counts. */
	volatile int ignored =
	    dummy_hash[0] ? crypto_pwhash_str_verify(dummy_hash, password,
						     strlen(password))
			  : 0;
	(void)ignored;
}

bool crypto_password_acceptable(const char *password, struct sr_error *err)
{
	size_t n = password ? strlen(password) : 0;
	if (n < CRYPTO_PASSWORD_MIN)
		return sr_fail(err, 422, "weak_password", "password",
			       "a password has at least %d characters",
			       CRYPTO_PASSWORD_MIN);
	if (n > CRYPTO_PASSWORD_MAX)
		return sr_fail(err, 422, "invalid_value", "password",
			       "a password has at most %d characters",
			       CRYPTO_PASSWORD_MAX);
	return true;
}

/* ---- tokens ---- */

void crypto_random_token(const char *prefix, char out[CRYPTO_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t p = strlen(prefix);
	if (p > CRYPTO_TOKEN_LEN - 45)
		p = CRYPTO_TOKEN_LEN - 45;
	memcpy(out, prefix, p);
	sodium_bin2base64(out + p, CRYPTO_TOKEN_LEN - p, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void crypto_sha256_hex(const char *text, char out[CRYPTO_HASH_HEX_LEN])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, CRYPTO_HASH_HEX_LEN, d, sizeof d);
}

void crypto_csrf_token(const char *session_token, char out[CRYPTO_TOKEN_LEN])
{
	unsigned char key[crypto_generichash_KEYBYTES];
	unsigned char d[32];
	/* The session token is text; its hash is the key, so that any length
	 * works. */
	crypto_generichash(key, sizeof key,
			   (const unsigned char *)session_token,
			   strlen(session_token), NULL, 0);
	crypto_generichash(d, sizeof d, (const unsigned char *)"sroi-csrf", 9,
			   key, sizeof key);
	sodium_bin2base64(out, CRYPTO_TOKEN_LEN, d, sizeof d,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof key);
}

bool crypto_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

/* ---- TOTP ---- */

bool crypto_totp_new_secret(char out[CRYPTO_TOTP_SECRET_LEN])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	randombytes_buf(raw, sizeof raw);
	char *b32 = NULL;
	size_t len = 0;
	int rc = oath_base32_encode((const char *)raw, sizeof raw, &b32, &len);
	sodium_memzero(raw, sizeof raw);
	if (rc != OATH_OK || !b32 || len >= CRYPTO_TOTP_SECRET_LEN) {
		free(b32);
		return false;
	}
	/* 20 bytes encode to exactly 32 characters: no padding to strip. */
	memcpy(out, b32, len);
	out[len] = '\0';
	sodium_memzero(b32, len);
	free(b32);
	return true;
}

bool crypto_totp_code_raw(const void *secret, size_t secret_len, int64_t t,
			  unsigned digits, char out[10])
{
	if (digits < 6 || digits > 8)
		return false;
	return oath_totp_generate2(secret, secret_len, (time_t)t, TOTP_STEP, 0,
				   digits, 0, out) == OATH_OK;
}

int64_t crypto_totp_verify(const char *base32_secret, const char *code,
			   int64_t now, int64_t last_step)
{
	if (!base32_secret || !code || strlen(code) != 6)
		return -1;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	char *secret = NULL;
	size_t len = 0;
	if (oath_base32_decode(base32_secret, strlen(base32_secret), &secret,
			       &len) != OATH_OK)
		return -1;
	int64_t found = -1;
	int64_t step = now / TOTP_STEP;
	/* Every candidate step is tried, so the time does not depend on
	 * which one matched. */
	for (int64_t s = step - 1; s <= step + 1; s++) {
		char expect[10];
		if (oath_totp_generate2(secret, len, (time_t)(s * TOTP_STEP),
					TOTP_STEP, 0, 6, 0, expect) != OATH_OK)
			continue;
		if (crypto_equal(expect, code) && s > last_step && found < 0)
			found = s;
	}
	sodium_memzero(secret, len);
	free(secret);
	return found;
}

bool crypto_totp_uri(const char *base32_secret, const char *account, char *out,
		     size_t out_len)
{
	/* The account (an e-mail address) is percent-encoded except for the
	 * characters that are safe in a URI path. */
	char enc[3 * 256 + 1];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)account;
	     *p && o + 4 < sizeof enc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_' || *p == '@')
			enc[o++] = (char)*p;
		else
			o += (size_t)snprintf(enc + o, 4, "%%%02X", *p);
	}
	enc[o] = '\0';
	int n = snprintf(out, out_len,
			 "otpauth://totp/sroi:%s?secret=%s&issuer=sroi"
			 "&algorithm=SHA1&digits=6&period=%d",
			 enc, base32_secret, TOTP_STEP);
	return n > 0 && (size_t)n < out_len;
}

/* ---- sealing ---- */

void crypto_key_id(const unsigned char key[CRYPTO_KEY_BYTES],
		   unsigned char id[CRYPTO_KEY_ID_BYTES])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof d, (const unsigned char *)"sroi-key-id",
			   11, key, CRYPTO_KEY_BYTES);
	memcpy(id, d, CRYPTO_KEY_ID_BYTES);
}

bool crypto_is_sealed(const void *blob, size_t n)
{
	return n >= SEAL_HEADER + crypto_secretbox_MACBYTES &&
	       memcmp(blob, SEAL_MAGIC, SEAL_MAGIC_LEN) == 0;
}

bool crypto_seal(const unsigned char key[CRYPTO_KEY_BYTES], const char *context,
		 const void *plain, size_t n, unsigned char **out,
		 size_t *out_len, struct sr_error *err)
{
	/* The box holds the context, a NUL, then the value: opening checks
	 * that the value is read where it was written. */
	size_t clen = strlen(context);
	size_t mlen = clen + 1 + n;
	unsigned char *m = malloc(mlen);
	unsigned char *blob =
	    malloc(SEAL_HEADER + crypto_secretbox_MACBYTES + mlen);
	if (!m || !blob) {
		free(m);
		free(blob);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	memcpy(m, context, clen + 1);
	memcpy(m + clen + 1, plain, n);
	memcpy(blob, SEAL_MAGIC, SEAL_MAGIC_LEN);
	crypto_key_id(key, blob + SEAL_MAGIC_LEN);
	unsigned char *nonce = blob + SEAL_MAGIC_LEN + CRYPTO_KEY_ID_BYTES;
	randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(blob + SEAL_HEADER, m, mlen, nonce, key);
	sodium_memzero(m, mlen);
	free(m);
	*out = blob;
	*out_len = SEAL_HEADER + crypto_secretbox_MACBYTES + mlen;
	return true;
}

bool crypto_open(const unsigned char key[CRYPTO_KEY_BYTES], const char *context,
		 const void *blob, size_t n, char **out, size_t *out_len,
		 struct sr_error *err)
{
	*out = NULL;
	const unsigned char *b = blob;
	if (!crypto_is_sealed(blob, n))
		return sr_fail(err, 500, "cannot_unseal", "",
			       "a stored value is not sealed");
	unsigned char id[CRYPTO_KEY_ID_BYTES];
	crypto_key_id(key, id);
	if (memcmp(id, b + SEAL_MAGIC_LEN, CRYPTO_KEY_ID_BYTES) != 0) {
		char want[2 * CRYPTO_KEY_ID_BYTES + 1],
		    have[2 * CRYPTO_KEY_ID_BYTES + 1];
		sodium_bin2hex(want, sizeof want, b + SEAL_MAGIC_LEN,
			       CRYPTO_KEY_ID_BYTES);
		sodium_bin2hex(have, sizeof have, id, sizeof id);
		return sr_fail(err, 500, "wrong_key", "",
			       "a stored value was sealed with key %s, but the "
			       "key file holds key %s",
			       want, have);
	}
	size_t clen = n - SEAL_HEADER;
	size_t mlen = clen - crypto_secretbox_MACBYTES;
	unsigned char *m = malloc(mlen + 1);
	if (!m)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	if (crypto_secretbox_open_easy(m, b + SEAL_HEADER, clen,
				       b + SEAL_MAGIC_LEN + CRYPTO_KEY_ID_BYTES,
				       key) != 0) {
		free(m);
		return sr_fail(err, 500, "cannot_unseal", "",
			       "a sealed value does not open: it was changed");
	}
	size_t ctx = strlen(context);
	if (mlen < ctx + 1 || memcmp(m, context, ctx + 1) != 0) {
		sodium_memzero(m, mlen);
		free(m);
		return sr_fail(err, 500, "cannot_unseal", "",
			       "a sealed value was moved from where it was "
			       "written");
	}
	size_t vlen = mlen - ctx - 1;
	memmove(m, m + ctx + 1, vlen);
	sodium_memzero(m + vlen, mlen - vlen);
	m[vlen] = '\0';
	*out = (char *)m;
	if (out_len)
		*out_len = vlen;
	return true;
}

/* ---- pseudonym ---- */

void crypto_region_pseudonym(const unsigned char secret[CRYPTO_KEY_BYTES],
			     const char *region_code, const char *bsn,
			     char out[CRYPTO_HASH_HEX_LEN])
{
	unsigned char region_key[32], d[32];
	char label[96];
	snprintf(label, sizeof label, "region:%s", region_code);
	crypto_generichash(region_key, sizeof region_key,
			   (const unsigned char *)label, strlen(label), secret,
			   CRYPTO_KEY_BYTES);
	crypto_generichash(d, sizeof d, (const unsigned char *)bsn, strlen(bsn),
			   region_key, sizeof region_key);
	sodium_bin2hex(out, CRYPTO_HASH_HEX_LEN, d, sizeof d);
	sodium_memzero(region_key, sizeof region_key);
}
