/* password.h - password hashing (argon2id) and the complexity policy.
 *
 * Hashes are PHC strings ("$argon2id$v=19$m=65536,t=3,p=1$SALT$HASH") from
 * libargon2, so the parameters travel with each hash and can be raised
 * later (password_needs_rehash). Parameters: t=3 passes over m=64 MiB with
 * p=1 lane, a 16-byte random salt and a 32-byte hash: the second
 * recommended option of RFC 9106 section 4 (t=3, m=64 MiB) with one lane
 * instead of four, since a sign-in hashes on one thread anyway. Each hash
 * takes 0.18-0.26 s on the 2-core development machine (x86-64, shared),
 * and at most
 * PASSWORD_MAX_CONCURRENT run at once so memory stays bounded (64 MiB each).
 *
 * Policy for 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1 a: identities are
 * unique and passwords complex and changed regularly): at least
 * PASSWORD_MIN_CHARS characters, at most MAX_PASSWORD_CHARS, at least
 * PASSWORD_MIN_CLASSES of the four classes upper case, lower case, digit and
 * symbol (anything else printable, including non-ASCII), no control
 * characters, and not containing the user name (ignoring ASCII case) when
 * the name has at least PASSWORD_USERNAME_MIN_CHARS characters. */
#ifndef ZJTX_PASSWORD_H
#define ZJTX_PASSWORD_H

#include <stdbool.h>

#include "base/err.h"

#define PASSWORD_T_COST         3           /* argon2 passes */
#define PASSWORD_M_COST_KIB     (64 * 1024) /* argon2 memory, KiB */
#define PASSWORD_PARALLELISM    1           /* argon2 lanes */
#define PASSWORD_SALT_BYTES     16
#define PASSWORD_HASH_BYTES     32
#define PASSWORD_PHC_MAX        128 /* buffer for a PHC string (97 bytes with these parameters) */
#define PASSWORD_MAX_CONCURRENT 2   /* hashes computed at once in the process */

#define PASSWORD_MIN_CHARS          8
#define PASSWORD_MIN_CLASSES        3
#define PASSWORD_USERNAME_MIN_CHARS 3

/* Hashes pw with a fresh random salt into out (a PHC string). Errors:
 * APP_EINVAL if pw is longer than MAX_PASSWORD_CHARS*4 bytes, APP_EIO if no
 * randomness, APP_EINTERNAL if libargon2 fails. */
enum app_status password_hash(const char *pw, char out[PASSWORD_PHC_MAX], struct app_err *err);

/* Checks pw against a stored PHC string. APP_OK on a match, APP_EAUTH on a
 * mismatch, APP_EINVAL if phc is not a well-formed argon2id hash (or asks
 * for absurd costs). Comparison is constant-time (libargon2). */
enum app_status password_verify(const char *pw, const char *phc, struct app_err *err);

/* Spends the time of one verification without a stored hash, so that "no
 * such user" takes as long as "wrong password". */
void password_verify_dummy(const char *pw);

/* True if phc was made with other parameters than the current ones (or is
 * not argon2id): hash the password again after a successful sign-in. */
bool password_needs_rehash(const char *phc);

/* Applies the complexity policy. APP_OK, or APP_EINVAL with one Chinese
 * message naming the first rule broken (in the order: UTF-8, control
 * characters, minimum length, maximum length, classes, user name).
 * username may be NULL or "". */
enum app_status password_policy_check(const char *pw, const char *username, struct app_err *err);

#endif
