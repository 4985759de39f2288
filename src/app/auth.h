/* auth.h - who is asking: password sign-in with throttling and lockout,
 * sessions for the browser, API tokens for machine clients, and the
 * signed-in principal every request carries.
 *
 * Sessions (等保 2.0 level 3, GB/T 22239-2019 8.1.4.1: identification,
 * failure handling, session timeout):
 * - a sign-in creates a session named by CRYPTO_TOKEN_BYTES (256) random
 *   bits, sent to the browser as the cookie AUTH_COOKIE; the database keeps
 *   only its SHA-256, so a copy of the sessions table signs nobody in;
 * - a session ends after AUTH_SESSION_IDLE_S without a request or
 *   AUTH_SESSION_ABSOLUTE_S after the sign-in, whichever comes first, on
 *   sign-out, and when the user is disabled or has the password reset;
 * - a user keeps at most AUTH_SESSIONS_PER_USER sessions (the oldest end);
 * - the CSRF token of a session is derived from its secret
 *   (base64url(SHA-256("zjtx-csrf:" || token))): bound to the session,
 *   never stored, and useless without the cookie it came from.
 * API tokens: "zjtx_" + 43 base64url characters, stored hashed, with a name,
 * a scope (read: GET and HEAD only; write: everything the owner's role may
 * do), an optional expiry, revocable; they stop working when the owner is
 * disabled. The owner's role and district/firm scope apply unchanged.
 *
 * Every sign-in (success or failure), sign-out, password change and token
 * change is written to the audit log.
 *
 * An auth object holds the sign-in throttle (throttle.h) and the session
 * timing; its functions are thread-safe (each call uses the store handle
 * it is given, one per thread). */
#ifndef ZJTX_AUTH_H
#define ZJTX_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "app/audit.h"
#include "app/crypto.h"
#include "base/err.h"
#include "store/store.h"
#include "store/store_user.h"

#define AUTH_SESSION_IDLE_S     (30 * 60)      /* a session unused this long ends */
#define AUTH_SESSION_ABSOLUTE_S (12 * 60 * 60) /* a session ends this long after sign-in */
#define AUTH_SESSIONS_PER_USER  10             /* open sessions per user; the oldest end */
#define AUTH_CACHE_S            5   /* a session is re-read from the database this often */
#define AUTH_TOKENS_PER_USER    20  /* API tokens in force per user */
#define AUTH_TOKEN_MAX_DAYS     366 /* longest expiry of an API token */
#define AUTH_COOKIE             "zjtx_session"
#define AUTH_TOKEN_PREFIX       "zjtx_"
#define AUTH_TOKEN_CHARS        (5 + CRYPTO_TOKEN_CHARS) /* prefix + base64url */
#define AUTH_CSRF_CHARS         CRYPTO_TOKEN_CHARS

struct auth_config {
	int64_t idle_s;     /* 0 = AUTH_SESSION_IDLE_S */
	int64_t absolute_s; /* 0 = AUTH_SESSION_ABSOLUTE_S */
	/* Unix seconds; NULL = time(2). Tests pass a fake clock. */
	int64_t (*now)(void *ctx);
	void *now_ctx;
};

enum auth_via {
	AUTH_NONE = 0, /* not signed in */
	AUTH_SESSION,  /* cookie session */
	AUTH_TOKEN,    /* Bearer API token */
};

/* The signed-in caller of one request. */
struct principal {
	enum auth_via via;
	struct user user;                     /* the account (password_hash cleared) */
	long session_id;                      /* AUTH_SESSION */
	long token_id;                        /* AUTH_TOKEN */
	bool token_write;                     /* AUTH_TOKEN: scope "write" */
	char csrf[AUTH_CSRF_CHARS + 1];       /* AUTH_SESSION: the session's CSRF token */
	char session_hash[CRYPTO_DIGEST_HEX]; /* AUTH_SESSION: hash of the session token */
	char ip[48];                          /* client address */
};

struct auth;

/* cfg may be NULL (defaults). Free with auth_free (NULL is a no-op). */
struct auth *auth_new(const struct auth_config *cfg);
void auth_free(struct auth *a);

/* The session timing in force (after defaults). */
int64_t auth_idle_s(const struct auth *a);
int64_t auth_absolute_s(const struct auth *a);

/* The audit actor of p (strings borrowed from p). */
void auth_actor(const struct principal *p, struct audit_actor *out);

/* Signs in with a user name and password from ip. On success creates a
 * session, writes token (the cookie value) and fills *out. Errors:
 * APP_ETHROTTLED (account locked or address slowed; *retry_after seconds,
 * may be NULL), APP_EAUTH "用户名或密码错误" for an unknown name or a wrong
 * password alike (same time spent), APP_EAUTH for a disabled account (only
 * said after the right password), APP_EINVAL for an empty name or password,
 * APP_EDB. */
enum app_status auth_sign_in(struct auth *a, struct store *s, const char *username,
                             const char *password, const char *ip,
                             char token[CRYPTO_TOKEN_CHARS + 1], struct principal *out,
                             int64_t *retry_after, struct app_err *err);

/* Resolves a session cookie value. APP_EAUTH if unknown, expired (idle or
 * absolute; the row is deleted) or the user is disabled. Refreshes the
 * idle clock. Sessions are cached in memory and dropped whenever this
 * process changes a user or a session (store_user_generation); a change
 * made by another process (the command line) is seen within AUTH_CACHE_S
 * seconds. */
enum app_status auth_session(struct auth *a, struct store *s, const char *token, const char *ip,
                             struct principal *out, struct app_err *err);

/* Resolves a Bearer token. APP_EAUTH if unknown, revoked, expired or the
 * owner is disabled. */
enum app_status auth_bearer(struct auth *a, struct store *s, const char *token, const char *ip,
                            struct principal *out, struct app_err *err);

/* Ends p's session (AUTH_SESSION only; APP_EINVAL otherwise). */
enum app_status auth_sign_out(struct auth *a, struct store *s, const struct principal *p,
                              struct app_err *err);

/* Changes p's own password: old must match (failures count toward the
 * account lockout: APP_ETHROTTLED once locked), new must pass the policy
 * and differ from old. Clears must_change, ends p's other sessions, and
 * updates p->user. Errors name the field ("old_password", "new_password"). */
enum app_status auth_change_password(struct auth *a, struct store *s, struct principal *p,
                                     const char *old_pw, const char *new_pw, int64_t *retry_after,
                                     struct app_err *err);

/* Creates an API token for p's own account (p must be a session: a token
 * cannot mint tokens, APP_EPERM; nor can an account whose initial password
 * is unchanged). name 1..TOKEN_NAME_MAX bytes; days 0 =
 * no expiry, else 1..AUTH_TOKEN_MAX_DAYS. APP_ECONFLICT beyond
 * AUTH_TOKENS_PER_USER tokens in force. Writes the token text (shown once)
 * and the row. */
enum app_status auth_token_create(struct auth *a, struct store *s, const struct principal *p,
                                  const char *name, bool write, int days,
                                  char token[AUTH_TOKEN_CHARS + 1], struct api_token *out,
                                  struct app_err *err);
/* Revokes token id of p's own account (APP_ENOTFOUND for anybody else's:
 * tokens of others are not acknowledged). */
enum app_status auth_token_revoke(struct auth *a, struct store *s, const struct principal *p,
                                  long id, struct api_token *out, struct app_err *err);

/* True if the token has neither been revoked nor expired at now. */
bool auth_token_live(const struct auth *a, const struct api_token *t);

/* The CSRF token of a session token (see above). */
void auth_csrf(const char *session_token, char out[AUTH_CSRF_CHARS + 1]);

/* Current time on a's clock (Unix seconds). */
int64_t auth_now(const struct auth *a);

/* Restores the sign-in throttle from the audit log (session.fail and
 * session.create of the last THROTTLE_IP_FORGET_S), so that a restart does
 * not lift a lock-out or an address's wait. Call once, before serving. */
enum app_status auth_restore_throttle(struct auth *a, struct store *s, struct app_err *err);

#endif
