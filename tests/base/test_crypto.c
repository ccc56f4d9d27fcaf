/* test_crypto.c: passwords, TOTP (RFC 6238's test vectors), sealing and the
 * region pseudonym. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/crypto.h"

static int setup(void **state)
{
	(void)state;
	return crypto_init() ? 0 : -1;
}

static void hashes_passwords_with_argon2id_and_verifies_them(void **state)
{
	(void)state;
	char a[CRYPTO_PASSWORD_HASH_LEN], b[CRYPTO_PASSWORD_HASH_LEN];
	struct sr_error err = {0};
	assert_true(crypto_password_hash("correct horse battery", a, &err));
	assert_true(crypto_password_hash("correct horse battery", b, &err));
	assert_memory_equal(a, "$argon2id$", 10);
	assert_string_not_equal(a, b); /* salted */
	assert_true(crypto_password_verify(a, "correct horse battery"));
	assert_false(crypto_password_verify(a, "correct horse batterY"));
	assert_false(crypto_password_verify(a, ""));
	assert_false(crypto_password_verify("", "correct horse battery"));
}

static void refuses_too_short_passwords(void **state)
{
	(void)state;
	struct sr_error err = {0};
	assert_false(crypto_password_acceptable("short", &err));
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "weak_password");
	assert_true(crypto_password_acceptable("ten chars!", &err));
}

/* RFC 6238 appendix B, HMAC-SHA1 with the ASCII secret
 * "12345678901234567890", 8 digits. */
static void totp_codes_match_rfc6238_test_vectors(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		const char *code;
	} vectors[] = {
	    {59, "94287082"},	      {1111111109, "07081804"},
	    {1111111111, "14050471"}, {1234567890, "89005924"},
	    {2000000000, "69279037"}, {20000000000LL, "65353130"},
	};
	const char *secret = "12345678901234567890";
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		char code[10];
		assert_true(crypto_totp_code_raw(secret, strlen(secret),
						 vectors[i].t, 8, code));
		assert_string_equal(code, vectors[i].code);
	}
}

static void
totp_verify_allows_one_step_of_drift_and_each_code_once(void **state)
{
	(void)state;
	/* base32 of "12345678901234567890"; at t = 59 the 6-digit code is the
	 * last six digits of RFC 6238's 94287082 (step 1). */
	const char *b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	assert_int_equal(crypto_totp_verify(b32, "287082", 59, 0), 1);
	assert_int_equal(crypto_totp_verify(b32, "287082", 59 + 30, 0), 1);
	assert_int_equal(crypto_totp_verify(b32, "287082", 59 - 30, 0), 1);
	assert_int_equal(crypto_totp_verify(b32, "287082", 59 + 90, 0), -1);
	assert_int_equal(crypto_totp_verify(b32, "287082", 59, 1),
			 -1); /* used */
	assert_int_equal(crypto_totp_verify(b32, "287083", 59, 0), -1);
	assert_int_equal(crypto_totp_verify(b32, "28708", 59, 0), -1);
	assert_int_equal(crypto_totp_verify(b32, "28708x", 59, 0), -1);
	char fresh[CRYPTO_TOTP_SECRET_LEN];
	assert_true(crypto_totp_new_secret(fresh));
	assert_int_equal(strlen(fresh), 32);
	char uri[256];
	assert_true(crypto_totp_uri(fresh, "a b@example.org", uri, sizeof uri));
	assert_non_null(
	    strstr(uri, "otpauth://totp/sroi:a%20b@example.org?secret="));
}

static void seals_and_opens_only_with_its_key_and_context(void **state)
{
	(void)state;
	unsigned char key[CRYPTO_KEY_BYTES], other[CRYPTO_KEY_BYTES];
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	const char *plain = "{\"bsn\":\"111222333\",\"name\":\"Jan Jansen\"}";
	unsigned char *blob = NULL;
	size_t len = 0;
	struct sr_error err = {0};
	assert_true(crypto_seal(key, "identity:1:2", plain, strlen(plain),
				&blob, &len, &err));
	assert_true(crypto_is_sealed(blob, len));
	assert_null(memmem(blob, len, "111222333", 9));
	assert_null(memmem(blob, len, "Jansen", 6));

	char *out = NULL;
	size_t out_len = 0;
	assert_true(
	    crypto_open(key, "identity:1:2", blob, len, &out, &out_len, &err));
	assert_int_equal(out_len, strlen(plain));
	assert_string_equal(out, plain);
	free(out);

	assert_false(
	    crypto_open(key, "identity:1:3", blob, len, &out, NULL, &err));
	assert_null(out);
	assert_false(
	    crypto_open(other, "identity:1:2", blob, len, &out, NULL, &err));
	assert_string_equal(err.code, "wrong_key");
	blob[len - 1] ^= 1;
	assert_false(
	    crypto_open(key, "identity:1:2", blob, len, &out, NULL, &err));
	assert_string_equal(err.code, "cannot_unseal");
	free(blob);

	/* Two seals of one value differ (random nonce). */
	unsigned char *b1 = NULL, *b2 = NULL;
	size_t l1, l2;
	assert_true(crypto_seal(key, "c", "x", 1, &b1, &l1, &err));
	assert_true(crypto_seal(key, "c", "x", 1, &b2, &l2, &err));
	assert_int_equal(l1, l2);
	assert_memory_not_equal(b1, b2, l1);
	free(b1);
	free(b2);
}

static void
region_pseudonym_is_stable_and_keyed_by_region_and_secret(void **state)
{
	(void)state;
	unsigned char secret[CRYPTO_KEY_BYTES], other[CRYPTO_KEY_BYTES];
	memset(secret, 1, sizeof secret);
	memset(other, 2, sizeof other);
	char a[CRYPTO_HASH_HEX_LEN], b[CRYPTO_HASH_HEX_LEN];
	crypto_region_pseudonym(secret, "haaglanden", "111222333", a);
	crypto_region_pseudonym(secret, "haaglanden", "111222333", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	assert_null(strstr(a, "111222333"));
	crypto_region_pseudonym(secret, "utrecht", "111222333", b);
	assert_string_not_equal(a, b);
	crypto_region_pseudonym(other, "haaglanden", "111222333", b);
	assert_string_not_equal(a, b);
	crypto_region_pseudonym(secret, "haaglanden", "111222334", b);
	assert_string_not_equal(a, b);
}

static void csrf_token_follows_the_session_token(void **state)
{
	(void)state;
	char t1[CRYPTO_TOKEN_LEN], t2[CRYPTO_TOKEN_LEN];
	char c1[CRYPTO_TOKEN_LEN], c1b[CRYPTO_TOKEN_LEN], c2[CRYPTO_TOKEN_LEN];
	crypto_random_token("", t1);
	crypto_random_token("sroi_", t2);
	assert_int_equal(strlen(t1), 43);
	assert_int_equal(strlen(t2), 48);
	assert_string_not_equal(t1, t2 + 5);
	crypto_csrf_token(t1, c1);
	crypto_csrf_token(t1, c1b);
	crypto_csrf_token(t2, c2);
	assert_string_equal(c1, c1b);
	assert_string_not_equal(c1, c2);
	assert_true(crypto_equal(c1, c1b));
	assert_false(crypto_equal(c1, c2));
	assert_false(crypto_equal(c1, NULL));
	char h[CRYPTO_HASH_HEX_LEN];
	crypto_sha256_hex("abc", h);
	assert_string_equal(
	    h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hashes_passwords_with_argon2id_and_verifies_them),
	    cmocka_unit_test(refuses_too_short_passwords),
	    cmocka_unit_test(totp_codes_match_rfc6238_test_vectors),
	    cmocka_unit_test(
		totp_verify_allows_one_step_of_drift_and_each_code_once),
	    cmocka_unit_test(seals_and_opens_only_with_its_key_and_context),
	    cmocka_unit_test(
		region_pseudonym_is_stable_and_keyed_by_region_and_secret),
	    cmocka_unit_test(csrf_token_follows_the_session_token),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
