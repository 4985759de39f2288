/* store_user.h - storage of user accounts, sign-in sessions and API tokens
 * (migration 0003). The rules (password policy, 三员分立, scope, expiry)
 * are app/user.c's and app/auth.c's; the store keeps rows and refuses only
 * what it cannot store faithfully: an unknown role, a district user without
 * a district or an enterprise user without a firm (and either code on any
 * other role), a duplicate user name (APP_ECONFLICT). */
#ifndef ZJTX_STORE_USER_H
#define ZJTX_STORE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/role.h"
#include "store/store.h"

#define USER_NAME_MAX  32  /* bytes of a user name ([a-z0-9_.], 3..32) */
#define USER_HASH_MAX  160 /* bytes of a password hash (PHC string) */
#define TOKEN_HASH_HEX 64  /* hex SHA-256 of a session or API token */

struct user {
	long id; /* assigned by the store */
	char username[USER_NAME_MAX + 1];
	char display_name[MAX_SHORT_TEXT_BYTES];
	enum role role;
	char district[8]; /* district or zone code (ROLE_DISTRICT), else "" */
	char uscc[19];    /* own firm (ROLE_ENTERPRISE), else "" */
	char password_hash[USER_HASH_MAX];
	bool must_change; /* must change the password at the next sign-in */
	bool disabled;
	char created_at[20]; /* "YYYY-MM-DD HH:MM:SS" UTC, set by the store */
	char updated_at[20];
	char password_changed_at[20];
	char last_login[20]; /* "" if never */
};

/* Inserts u (id, created_at, updated_at and password_changed_at are set in
 * u). APP_ECONFLICT if the user name is taken; APP_EINVAL for the shape
 * rules above or an empty password hash. */
enum app_status store_user_add(struct store *s, struct user *u, struct app_err *err);
/* Rewrites the row u->id from u: display name, role, district, uscc,
 * disabled, must_change; the password hash too when password is true (and
 * then password_changed_at). updated_at is set in u. APP_ENOTFOUND if no
 * such user. */
enum app_status store_user_update(struct store *s, struct user *u, bool password,
                                  struct app_err *err);
/* By id, or by user name (exact, case-sensitive). APP_ENOTFOUND if absent. */
enum app_status store_user_get(struct store *s, long id, struct user *out, struct app_err *err);
enum app_status store_user_find(struct store *s, const char *username, struct user *out,
                                struct app_err *err);
/* Records a successful sign-in time (now). */
enum app_status store_user_login(struct store *s, long id, struct app_err *err);

struct user_filter {
	const char *q;      /* substring of user name or display name (ASCII case-insensitive) */
	enum role role;     /* ROLE_NONE = any */
	long limit, offset; /* limit 0 = all */
};
typedef int (*store_user_cb)(void *ctx, const struct user *u);
/* Users matching f (may be NULL) by id; *total (may be NULL) counts all
 * matches ignoring the page. */
enum app_status store_user_list(struct store *s, const struct user_filter *f, store_user_cb cb,
                                void *ctx, long *total, struct app_err *err);
/* Number of users holding role r (ROLE_NONE: all users). */
enum app_status store_user_count(struct store *s, enum role r, long *out, struct app_err *err);

/* A process-wide counter that every successful change to a user or to
 * sessions through this handle type increments (user update, session
 * deletes and purges): caches of sessions compare it to know they are
 * stale. Changes by other processes are not counted. Thread-safe. */
unsigned store_user_generation(void);

/* ---- sessions ---- */

struct session_row {
	long id; /* assigned by the store */
	char token_hash[TOKEN_HASH_HEX + 1];
	long user_id;
	int64_t created_at, last_seen; /* Unix seconds */
	char ip[48];
};

/* Inserts a session (id set in r). APP_ECONFLICT if the hash exists. */
enum app_status store_session_add(struct store *s, struct session_row *r, struct app_err *err);
/* The session with this token hash and its user. APP_ENOTFOUND if none. */
enum app_status store_session_get(struct store *s, const char *token_hash, struct session_row *out,
                                  struct user *user, struct app_err *err);
/* Sets last_seen of session id. */
enum app_status store_session_touch(struct store *s, long id, int64_t last_seen,
                                    struct app_err *err);
/* Deletes session id (no error if absent). */
enum app_status store_session_delete(struct store *s, long id, struct app_err *err);
/* Deletes every session of user_id except keep_id (0 = none kept); *n (may
 * be NULL) receives the count deleted. */
enum app_status store_session_delete_user(struct store *s, long user_id, long keep_id, long *n,
                                          struct app_err *err);
/* Deletes sessions idle since before idle_before or created before
 * created_before (Unix seconds); *n (may be NULL) receives the count. */
enum app_status store_session_purge(struct store *s, int64_t idle_before, int64_t created_before,
                                    long *n, struct app_err *err);
/* Sessions of user_id, newest first (for the per-user cap). */
typedef int (*store_session_cb)(void *ctx, const struct session_row *r);
enum app_status store_session_list(struct store *s, long user_id, store_session_cb cb, void *ctx,
                                   struct app_err *err);

/* ---- API tokens ---- */

#define TOKEN_NAME_MAX 64 /* bytes of a token's name */

struct api_token {
	long id; /* assigned by the store */
	char token_hash[TOKEN_HASH_HEX + 1];
	long user_id;
	char name[TOKEN_NAME_MAX + 1];
	bool write;         /* scope: false = read only */
	int64_t created_at; /* Unix seconds */
	int64_t expires_at; /* 0 = until revoked */
	int64_t last_used;  /* 0 = never */
	int64_t revoked_at; /* 0 = in force */
};

/* Inserts t (id set). APP_ECONFLICT if the hash exists. */
enum app_status store_token_add(struct store *s, struct api_token *t, struct app_err *err);
/* The token with this hash (revoked or not) and its user. APP_ENOTFOUND if
 * none. */
enum app_status store_token_get(struct store *s, const char *token_hash, struct api_token *out,
                                struct user *user, struct app_err *err);
/* By id. APP_ENOTFOUND if none. */
enum app_status store_token_by_id(struct store *s, long id, struct api_token *out,
                                  struct app_err *err);
/* Tokens of user_id (0 = every user), newest first. */
typedef int (*store_token_cb)(void *ctx, const struct api_token *t);
enum app_status store_token_list(struct store *s, long user_id, store_token_cb cb, void *ctx,
                                 struct app_err *err);
/* Marks token id revoked at `when` (no change if already revoked).
 * APP_ENOTFOUND if no such token. */
enum app_status store_token_revoke(struct store *s, long id, int64_t when, struct app_err *err);
/* Sets last_used of token id. */
enum app_status store_token_touch(struct store *s, long id, int64_t when, struct app_err *err);

#endif
