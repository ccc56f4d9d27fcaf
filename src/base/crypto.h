/*
 * crypto.h: the cryptography sroi uses, in one place, as plain functions
 * over bytes and strings (no files, no database):
 * - passwords: Argon2id with libsodium's interactive limits;
 * - secret tokens (session cookies, API tokens): 256 random bits, stored
 *   only as their SHA-256; the CSRF token is derived from the session token;
 * - TOTP (RFC 6238, liboath) for two-factor login;
 * - sealing: libsodium secretbox (XSalsa20-Poly1305) with a random nonce,
 *   bound to a context string ("identity:ORG:CANDIDATE") so that a sealed
 *   value cannot be moved to another row unnoticed;
 * - the region pseudonym: a keyed BLAKE2b hash of a BSN.
 * crypto_init() must have been called once (it is safe to call again).
 */
#ifndef SROI_BASE_CRYPTO_H
#define SROI_BASE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define CRYPTO_KEY_BYTES 32
#define CRYPTO_KEY_ID_BYTES 8
/* Room for an Argon2id string from crypto_pwhash_str (128 bytes). */
#define CRYPTO_PASSWORD_HASH_LEN 128
/* A secret token as text: a prefix and 43 base64url characters. */
#define CRYPTO_TOKEN_LEN 64
/* SHA-256 as hex, and the region pseudonym (hex of 32 bytes). */
#define CRYPTO_HASH_HEX_LEN 65
/* A base32 TOTP secret (20 bytes -> 32 characters). */
#define CRYPTO_TOTP_SECRET_LEN 40

#define CRYPTO_PASSWORD_MIN 10
#define CRYPTO_PASSWORD_MAX 1000

/* Initialises libsodium and liboath (once per process). */
bool crypto_init(void);

/* ---- passwords ---- */
bool crypto_password_hash(const char *password,
			  char out[CRYPTO_PASSWORD_HASH_LEN],
			  struct sr_error *err);
bool crypto_password_verify(const char *hash, const char *password);
/* Spends the time of one verification without an account, so that an
 * unknown e-mail address answers as slowly as a wrong password. */
void crypto_password_dummy_verify(const char *password);
/* Length rules for a new password (422 weak_password). */
bool crypto_password_acceptable(const char *password, struct sr_error *err);

/* ---- tokens ---- */
/* prefix + 43 base64url characters of 32 random bytes. */
void crypto_random_token(const char *prefix, char out[CRYPTO_TOKEN_LEN]);
/* SHA-256 of text as lower-case hex. */
void crypto_sha256_hex(const char *text, char out[CRYPTO_HASH_HEX_LEN]);
/* The CSRF token of a session: a keyed hash of the session token, so it
 * needs no storage and means nothing without the cookie. */
void crypto_csrf_token(const char *session_token, char out[CRYPTO_TOKEN_LEN]);
/* Constant-time comparison of two strings. */
bool crypto_equal(const char *a, const char *b);

/* ---- TOTP (RFC 6238: HMAC-SHA1, 30-second steps) ---- */
/* A new random secret, base32 without padding. */
bool crypto_totp_new_secret(char out[CRYPTO_TOTP_SECRET_LEN]);
/* The code for the step containing unix time t, with digits 6..8, from a
 * raw secret (tests use RFC 6238's ASCII secret). */
bool crypto_totp_code_raw(const void *secret, size_t secret_len, int64_t t,
			  unsigned digits, char out[10]);
/* Checks a 6-digit code against a base32 secret at time now, allowing one
 * step of clock drift either way. Returns the matching step, or -1 when the
 * code is wrong or its step is not after last_step (a code is used once). */
int64_t crypto_totp_verify(const char *base32_secret, const char *code,
			   int64_t now, int64_t last_step);
/* otpauth:// URI for authenticator apps. */
bool crypto_totp_uri(const char *base32_secret, const char *account, char *out,
		     size_t out_len);

/* ---- sealing ---- */
/* Seals plain (n bytes) under key for context. *out is malloc'ed: a
 * 4-byte magic, the key id, the nonce, then the box. */
bool crypto_seal(const unsigned char key[CRYPTO_KEY_BYTES], const char *context,
		 const void *plain, size_t n, unsigned char **out,
		 size_t *out_len, struct sr_error *err);
/* Opens what crypto_seal made for the same context; *out is malloc'ed and
 * NUL-terminated. Fails (500 cannot_unseal) on a wrong key, a wrong
 * context or a changed byte. */
bool crypto_open(const unsigned char key[CRYPTO_KEY_BYTES], const char *context,
		 const void *blob, size_t n, char **out, size_t *out_len,
		 struct sr_error *err);
/* True when blob starts like a sealed value. */
bool crypto_is_sealed(const void *blob, size_t n);
/* The key id: the first bytes of a keyed hash of the key (it tells keys
 * apart without revealing them). */
void crypto_key_id(const unsigned char key[CRYPTO_KEY_BYTES],
		   unsigned char id[CRYPTO_KEY_ID_BYTES]);

/* ---- pseudonym ---- */
/* hex(BLAKE2b-256(key = BLAKE2b-256(key = secret, "region:" + region),
 * bsn)): stable for one region and secret, unlinkable across regions and
 * meaningless without the secret. */
void crypto_region_pseudonym(const unsigned char secret[CRYPTO_KEY_BYTES],
			     const char *region_code, const char *bsn,
			     char out[CRYPTO_HASH_HEX_LEN]);

#endif
