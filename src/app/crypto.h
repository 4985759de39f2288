/* crypto.h - random tokens, digests (SHA-256, SM3) and constant-time
 * comparison, over OpenSSL's EVP interface and getrandom(2).
 *
 * - Session and API tokens: 256 random bits from getrandom(2), written in
 *   base64url without padding (43 characters). Only their SHA-256 is
 *   stored, so a leaked table yields no usable token; a token has full
 *   entropy, so no salt or slow hash is needed.
 * - SM3 (GB/T 32905-2016) for the audit log's hash chain, as government
 *   cryptography reviews (密评) expect. OpenSSL 3 provides it; if the local
 *   OpenSSL does not, crypto_sm3 says so clearly (APP_ENOTSUP) instead of
 *   silently using another digest. */
#ifndef ZJTX_CRYPTO_H
#define ZJTX_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/str.h"

#define CRYPTO_TOKEN_BYTES  32 /* 256 bits of randomness per token */
#define CRYPTO_TOKEN_CHARS  43 /* base64url of 32 bytes, no padding */
#define CRYPTO_DIGEST_BYTES 32 /* SHA-256 and SM3 */
#define CRYPTO_DIGEST_HEX   (2 * CRYPTO_DIGEST_BYTES + 1)

enum crypto_digest { CRYPTO_SHA256 = 0, CRYPTO_SM3 };

/* Fills buf with n bytes from the kernel's CSPRNG (getrandom(2), which
 * blocks only until the pool is first seeded). APP_EIO on failure. */
enum app_status crypto_random(void *buf, size_t n, struct app_err *err);

/* A new random token: CRYPTO_TOKEN_CHARS base64url characters + NUL. */
enum app_status crypto_token_new(char out[CRYPTO_TOKEN_CHARS + 1], struct app_err *err);

/* Base64url (RFC 4648 section 5) of n bytes without padding into out
 * (needs 4*ceil(n/3)+1 bytes). Returns the characters written. */
size_t crypto_base64url(const void *data, size_t n, char *out);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void crypto_hex(const void *data, size_t n, char *out);

/* Digest of the concatenation of parts[0..n) (e.g. previous hash and row
 * text of a hash chain). APP_ENOTSUP if the algorithm is unavailable
 * (message in Chinese), APP_EINTERNAL if OpenSSL fails. */
enum app_status crypto_digest(enum crypto_digest alg, const struct strv *parts, size_t n,
                              uint8_t out[CRYPTO_DIGEST_BYTES], struct app_err *err);
/* SM3 of one buffer. */
enum app_status crypto_sm3(const void *data, size_t n, uint8_t out[CRYPTO_DIGEST_BYTES],
                           struct app_err *err);
/* True if this OpenSSL provides SM3. */
bool crypto_sm3_available(void);

/* What is stored for a token: hex SHA-256 of its text. */
enum app_status crypto_token_hash(const char *token, char hex[CRYPTO_DIGEST_HEX],
                                  struct app_err *err);

/* Compares n bytes in time independent of their contents. */
bool crypto_equal(const void *a, const void *b, size_t n);
/* Compares two strings; the time depends only on their lengths. */
bool crypto_streq(const char *a, const char *b);

#endif
