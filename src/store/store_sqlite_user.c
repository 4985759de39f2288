/* store_sqlite_user.c - users, sessions and API tokens in SQLite (tables
 * users, sessions, api_tokens; migration 0003). */
#include <stdio.h>
#include <string.h>

#include "store/store_sqlite_int.h"
#include "store/store_user.h"

#define USER_COLS                                                                                  \
	"u.id, u.username, u.display_name, u.role, u.district, u.uscc, u.password_hash, "          \
	"u.must_change, u.disabled, u.created_at, u.updated_at, u.password_changed_at, "           \
	"u.last_login"
enum { USER_NCOLS = 13 };

static const char SQL_USER_ADD[] =
    "INSERT INTO users (username, display_name, role, district, uscc, password_hash, "
    "must_change, disabled, created_at, updated_at, password_changed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)";
static const char SQL_USER_UPDATE[] =
    "UPDATE users SET display_name = ?2, role = ?3, district = ?4, uscc = ?5, must_change = ?6, "
    "disabled = ?7, updated_at = ?8 WHERE id = ?1";
static const char SQL_USER_UPDATE_PW[] =
    "UPDATE users SET display_name = ?2, role = ?3, district = ?4, uscc = ?5, must_change = ?6, "
    "disabled = ?7, updated_at = ?8, password_hash = ?9, password_changed_at = ?8 WHERE id = ?1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLS " FROM users u WHERE u.id = ?1";
static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLS " FROM users u WHERE u.username = ?1";
static const char SQL_USER_LOGIN[] = "UPDATE users SET last_login = ?2 WHERE id = ?1";
/* ?1 q pattern (NULL = any), ?2 role (NULL = any), ?3 limit, ?4 offset */
#define USER_WHERE                                                                                 \
	" WHERE (?1 IS NULL OR u.username LIKE ?1 ESCAPE '\\' OR u.display_name LIKE ?1 ESCAPE "   \
	"'\\') AND (?2 IS NULL OR u.role = ?2)"
static const char SQL_USER_LIST[] =
    "SELECT " USER_COLS " FROM users u" USER_WHERE " ORDER BY u.id LIMIT ?3 OFFSET ?4";
static const char SQL_USER_TOTAL[] = "SELECT count(*) FROM users u" USER_WHERE;
static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users WHERE ?1 IS NULL OR role = ?1";

#define SESSION_COLS "s.id, s.token_hash, s.user_id, s.created_at, s.last_seen, s.ip"
enum { SESSION_NCOLS = 6 };
static const char SQL_SESSION_ADD[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, ip) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_SESSION_GET[] =
    "SELECT " SESSION_COLS ", " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = ?1";
static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_PURGE[] =
    "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2";
static const char SQL_SESSION_LIST[] =
    "SELECT " SESSION_COLS " FROM sessions s WHERE s.user_id = ?1 ORDER BY s.id DESC";

#define TOKEN_COLS                                                                                 \
	"t.id, t.token_hash, t.user_id, t.name, t.scope, t.created_at, t.expires_at, "             \
	"t.last_used, "                                                                            \
	"t.revoked_at"
enum { TOKEN_NCOLS = 9 };
static const char SQL_TOKEN_ADD[] =
    "INSERT INTO api_tokens (token_hash, user_id, name, scope, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_TOKEN_GET[] =
    "SELECT " TOKEN_COLS ", " USER_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id "
    "WHERE t.token_hash = ?1";
static const char SQL_TOKEN_BY_ID[] = "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.id = ?1";
static const char SQL_TOKEN_LIST[] = "SELECT " TOKEN_COLS " FROM api_tokens t "
                                     "WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id DESC";
static const char SQL_TOKEN_REVOKE[] =
    "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1";
static const char SQL_TOKEN_TOUCH[] = "UPDATE api_tokens SET last_used = ?2 WHERE id = ?1";

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

static void bind_role(sqlite3_stmt *st, int i, enum role r)
{
	sq_bind_text(st, i, role_key(r));
}

/* Reads the user columns starting at column c. */
static void read_user(sqlite3_stmt *st, int c, struct user *u)
{
	char role[16];
	memset(u, 0, sizeof *u);
	u->id = (long)sqlite3_column_int64(st, c);
	sq_col_text(st, c + 1, u->username, sizeof u->username);
	sq_col_text(st, c + 2, u->display_name, sizeof u->display_name);
	sq_col_text(st, c + 3, role, sizeof role);
	u->role = role_parse(role);
	sq_col_text(st, c + 4, u->district, sizeof u->district);
	sq_col_text(st, c + 5, u->uscc, sizeof u->uscc);
	sq_col_text(st, c + 6, u->password_hash, sizeof u->password_hash);
	u->must_change = sqlite3_column_int(st, c + 7) != 0;
	u->disabled = sqlite3_column_int(st, c + 8) != 0;
	sq_col_text(st, c + 9, u->created_at, sizeof u->created_at);
	sq_col_text(st, c + 10, u->updated_at, sizeof u->updated_at);
	sq_col_text(st, c + 11, u->password_changed_at, sizeof u->password_changed_at);
	sq_col_text(st, c + 12, u->last_login, sizeof u->last_login);
}

static void read_session(sqlite3_stmt *st, struct session_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, r->token_hash, sizeof r->token_hash);
	r->user_id = (long)sqlite3_column_int64(st, 2);
	r->created_at = sqlite3_column_int64(st, 3);
	r->last_seen = sqlite3_column_int64(st, 4);
	sq_col_text(st, 5, r->ip, sizeof r->ip);
}

static void read_token(sqlite3_stmt *st, struct api_token *t)
{
	char scope[8];
	memset(t, 0, sizeof *t);
	t->id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, t->token_hash, sizeof t->token_hash);
	t->user_id = (long)sqlite3_column_int64(st, 2);
	sq_col_text(st, 3, t->name, sizeof t->name);
	sq_col_text(st, 4, scope, sizeof scope);
	t->write = strcmp(scope, "write") == 0;
	t->created_at = sqlite3_column_int64(st, 5);
	t->expires_at = sqlite3_column_int64(st, 6);
	t->last_used = sqlite3_column_int64(st, 7);
	t->revoked_at = sqlite3_column_int64(st, 8);
}

/* Runs a prepared write statement to completion; "what" names it. */
static enum app_status step_done(struct sq *s, const char *sql, sqlite3_stmt *st, const char *what,
                                 struct app_err *err)
{
	int rc = sqlite3_step(st);
	enum app_status ret = rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, what, err);
	sq_stmt_done(s, sql, st);
	return ret;
}

/* ---- users ---- */

static enum app_status user_add(struct store *bs, struct user *u, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_USER_ADD, &rc);
	if (!st)
		return sq_fail(s, rc, "新增用户", err);
	const char *now = sq_now(s);
	sq_bind_text(st, 1, u->username);
	APP_ASSERT(sqlite3_bind_text(st, 2, u->display_name, -1, SQLITE_STATIC) == SQLITE_OK);
	bind_role(st, 3, u->role);
	sq_bind_text(st, 4, u->district);
	sq_bind_text(st, 5, u->uscc);
	sq_bind_text(st, 6, u->password_hash);
	sq_bind_i64(st, 7, u->must_change);
	sq_bind_i64(st, 8, u->disabled);
	sq_bind_text(st, 9, now);
	enum app_status ret = step_done(s, SQL_USER_ADD, st, "新增用户", err);
	if (ret == APP_ECONFLICT) {
		app_err_field(err, "username");
		return app_err_set(err, APP_ECONFLICT, "用户名 %s 已存在", u->username);
	}
	if (ret != APP_OK)
		return ret;
	u->id = (long)sqlite3_last_insert_rowid(s->db);
	snprintf(u->created_at, sizeof u->created_at, "%s", now);
	snprintf(u->updated_at, sizeof u->updated_at, "%s", now);
	snprintf(u->password_changed_at, sizeof u->password_changed_at, "%s", now);
	return APP_OK;
}

static enum app_status user_update(struct store *bs, struct user *u, bool password,
                                   struct app_err *err)
{
	struct sq *s = SQ(bs);
	const char *sql = password ? SQL_USER_UPDATE_PW : SQL_USER_UPDATE;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "修改用户", err);
	const char *now = sq_now(s);
	sq_bind_i64(st, 1, u->id);
	APP_ASSERT(sqlite3_bind_text(st, 2, u->display_name, -1, SQLITE_STATIC) == SQLITE_OK);
	bind_role(st, 3, u->role);
	sq_bind_text(st, 4, u->district);
	sq_bind_text(st, 5, u->uscc);
	sq_bind_i64(st, 6, u->must_change);
	sq_bind_i64(st, 7, u->disabled);
	sq_bind_text(st, 8, now);
	if (password)
		sq_bind_text(st, 9, u->password_hash);
	enum app_status ret = step_done(s, sql, st, "修改用户", err);
	if (ret != APP_OK)
		return ret;
	if (sqlite3_changes(s->db) == 0)
		return app_err_set(err, APP_ENOTFOUND, "用户 %ld 不存在", u->id);
	snprintf(u->updated_at, sizeof u->updated_at, "%s", now);
	if (password)
		snprintf(u->password_changed_at, sizeof u->password_changed_at, "%s", now);
	return APP_OK;
}

static enum app_status user_get(struct store *bs, long id, const char *username, struct user *out,
                                struct app_err *err)
{
	struct sq *s = SQ(bs);
	const char *sql = username ? SQL_USER_BY_NAME : SQL_USER_BY_ID;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "读取用户", err);
	if (username)
		APP_ASSERT(sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC) == SQLITE_OK);
	else
		sq_bind_i64(st, 1, id);
	enum app_status ret = APP_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, 0, out);
	else if (rc == SQLITE_DONE)
		ret = app_err_set(err, APP_ENOTFOUND, "用户不存在");
	else
		ret = sq_fail(s, rc, "读取用户", err);
	sq_stmt_done(s, sql, st);
	return ret;
}

static enum app_status user_login(struct store *bs, long id, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_USER_LOGIN, &rc);
	if (!st)
		return sq_fail(s, rc, "记录登录时间", err);
	sq_bind_i64(st, 1, id);
	sq_bind_text(st, 2, sq_now(s));
	return step_done(s, SQL_USER_LOGIN, st, "记录登录时间", err);
}

/* '%' + q with LIKE wildcards escaped + '%'. */
static void like_pattern(const char *q, char *out, size_t n)
{
	size_t j = 0;
	out[j++] = '%';
	for (; *q && j + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[j++] = '\\';
		out[j++] = *q;
	}
	out[j++] = '%';
	out[j] = '\0';
}

static void bind_user_filter(sqlite3_stmt *st, const struct user_filter *f, char *pat, size_t n)
{
	if (f->q && f->q[0]) {
		like_pattern(f->q, pat, n);
		sq_bind_text(st, 1, pat);
	} else {
		sq_bind_text(st, 1, NULL);
	}
	sq_bind_text(st, 2, f->role ? role_key(f->role) : NULL);
}

static enum app_status user_list(struct store *bs, const struct user_filter *fin,
                                 int (*cb)(void *ctx, const struct user *u), void *ctx, long *total,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct user_filter none = {0};
	const struct user_filter *f = fin ? fin : &none;
	char pat[MAX_FILTER_TEXT * 2 + 3];
	int rc = SQLITE_OK;
	enum app_status ret = APP_OK;
	if (total) {
		sqlite3_stmt *c = sq_stmt(s, SQL_USER_TOTAL, &rc);
		if (!c)
			return sq_fail(s, rc, "统计用户", err);
		bind_user_filter(c, f, pat, sizeof pat);
		rc = sqlite3_step(c);
		if (rc == SQLITE_ROW)
			*total = (long)sqlite3_column_int64(c, 0);
		else
			ret = sq_fail(s, rc, "统计用户", err);
		sq_stmt_done(s, SQL_USER_TOTAL, c);
		if (ret != APP_OK)
			return ret;
	}
	sqlite3_stmt *st = sq_stmt(s, SQL_USER_LIST, &rc);
	if (!st)
		return sq_fail(s, rc, "读取用户", err);
	bind_user_filter(st, f, pat, sizeof pat);
	sq_bind_i64(st, 3, f->limit > 0 ? f->limit : -1);
	sq_bind_i64(st, 4, f->offset);
	struct user u;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_user(st, 0, &u);
		if (cb(ctx, &u))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_fail(s, rc, "读取用户", err);
	sq_stmt_done(s, SQL_USER_LIST, st);
	return ret;
}

static enum app_status user_count(struct store *bs, int role, long *out, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_USER_COUNT, &rc);
	if (!st)
		return sq_fail(s, rc, "统计用户", err);
	sq_bind_text(st, 1, role ? role_key((enum role)role) : NULL);
	enum app_status ret = APP_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st, 0);
	else
		ret = sq_fail(s, rc, "统计用户", err);
	sq_stmt_done(s, SQL_USER_COUNT, st);
	return ret;
}

/* ---- sessions ---- */

static enum app_status session_add(struct store *bs, struct session_row *r, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SESSION_ADD, &rc);
	if (!st)
		return sq_fail(s, rc, "创建会话", err);
	sq_bind_text(st, 1, r->token_hash);
	sq_bind_i64(st, 2, r->user_id);
	sq_bind_i64(st, 3, r->created_at);
	sq_bind_i64(st, 4, r->last_seen);
	APP_ASSERT(sqlite3_bind_text(st, 5, r->ip, -1, SQLITE_STATIC) == SQLITE_OK);
	enum app_status ret = step_done(s, SQL_SESSION_ADD, st, "创建会话", err);
	if (ret == APP_OK)
		r->id = (long)sqlite3_last_insert_rowid(s->db);
	return ret;
}

static enum app_status session_get(struct store *bs, const char *token_hash,
                                   struct session_row *out, struct user *user, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SESSION_GET, &rc);
	if (!st)
		return sq_fail(s, rc, "读取会话", err);
	sq_bind_text(st, 1, token_hash);
	enum app_status ret = APP_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_session(st, out);
		read_user(st, SESSION_NCOLS, user);
	} else if (rc == SQLITE_DONE) {
		ret = app_err_set(err, APP_ENOTFOUND, "会话不存在");
	} else {
		ret = sq_fail(s, rc, "读取会话", err);
	}
	sq_stmt_done(s, SQL_SESSION_GET, st);
	return ret;
}

static enum app_status session_touch(struct store *bs, long id, int64_t last_seen,
                                     struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SESSION_TOUCH, &rc);
	if (!st)
		return sq_fail(s, rc, "更新会话", err);
	sq_bind_i64(st, 1, id);
	sq_bind_i64(st, 2, last_seen);
	return step_done(s, SQL_SESSION_TOUCH, st, "更新会话", err);
}

static enum app_status session_delete(struct store *bs, long id, long user_id, long keep_id,
                                      long *n, struct app_err *err)
{
	struct sq *s = SQ(bs);
	const char *sql = id ? SQL_SESSION_DELETE : SQL_SESSION_DELETE_USER;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "删除会话", err);
	if (id) {
		sq_bind_i64(st, 1, id);
	} else {
		sq_bind_i64(st, 1, user_id);
		sq_bind_i64(st, 2, keep_id);
	}
	enum app_status ret = step_done(s, sql, st, "删除会话", err);
	if (ret == APP_OK && n)
		*n = sqlite3_changes(s->db);
	return ret;
}

static enum app_status session_purge(struct store *bs, int64_t idle_before, int64_t created_before,
                                     long *n, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SESSION_PURGE, &rc);
	if (!st)
		return sq_fail(s, rc, "清理会话", err);
	sq_bind_i64(st, 1, idle_before);
	sq_bind_i64(st, 2, created_before);
	enum app_status ret = step_done(s, SQL_SESSION_PURGE, st, "清理会话", err);
	if (ret == APP_OK && n)
		*n = sqlite3_changes(s->db);
	return ret;
}

static enum app_status session_list(struct store *bs, long user_id,
                                    int (*cb)(void *ctx, const struct session_row *r), void *ctx,
                                    struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SESSION_LIST, &rc);
	if (!st)
		return sq_fail(s, rc, "读取会话", err);
	sq_bind_i64(st, 1, user_id);
	struct session_row r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_session(st, &r);
		if (cb(ctx, &r))
			break;
	}
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "读取会话", err);
	sq_stmt_done(s, SQL_SESSION_LIST, st);
	return ret;
}

/* ---- tokens ---- */

static enum app_status token_add(struct store *bs, struct api_token *t, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_TOKEN_ADD, &rc);
	if (!st)
		return sq_fail(s, rc, "创建令牌", err);
	sq_bind_text(st, 1, t->token_hash);
	sq_bind_i64(st, 2, t->user_id);
	sq_bind_text(st, 3, t->name);
	sq_bind_text(st, 4, t->write ? "write" : "read");
	sq_bind_i64(st, 5, t->created_at);
	sq_bind_i64_opt(st, 6, t->expires_at);
	enum app_status ret = step_done(s, SQL_TOKEN_ADD, st, "创建令牌", err);
	if (ret == APP_OK)
		t->id = (long)sqlite3_last_insert_rowid(s->db);
	return ret;
}

static enum app_status token_get(struct store *bs, long id, const char *token_hash,
                                 struct api_token *out, struct user *user, struct app_err *err)
{
	struct sq *s = SQ(bs);
	const char *sql = token_hash ? SQL_TOKEN_GET : SQL_TOKEN_BY_ID;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "读取令牌", err);
	if (token_hash)
		sq_bind_text(st, 1, token_hash);
	else
		sq_bind_i64(st, 1, id);
	enum app_status ret = APP_OK;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_token(st, out);
		if (user)
			read_user(st, TOKEN_NCOLS, user);
	} else if (rc == SQLITE_DONE) {
		ret = app_err_set(err, APP_ENOTFOUND, "令牌不存在");
	} else {
		ret = sq_fail(s, rc, "读取令牌", err);
	}
	sq_stmt_done(s, sql, st);
	return ret;
}

static enum app_status token_list(struct store *bs, long user_id,
                                  int (*cb)(void *ctx, const struct api_token *t), void *ctx,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_TOKEN_LIST, &rc);
	if (!st)
		return sq_fail(s, rc, "读取令牌", err);
	sq_bind_i64(st, 1, user_id);
	struct api_token t;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_token(st, &t);
		if (cb(ctx, &t))
			break;
	}
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "读取令牌", err);
	sq_stmt_done(s, SQL_TOKEN_LIST, st);
	return ret;
}

static enum app_status token_set(struct store *bs, const char *sql, long id, int64_t when,
                                 const char *what, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, what, err);
	sq_bind_i64(st, 1, id);
	sq_bind_i64(st, 2, when);
	enum app_status ret = step_done(s, sql, st, what, err);
	if (ret == APP_OK && sqlite3_changes(s->db) == 0)
		return app_err_set(err, APP_ENOTFOUND, "令牌不存在");
	return ret;
}

static enum app_status token_revoke(struct store *bs, long id, int64_t when, struct app_err *err)
{
	return token_set(bs, SQL_TOKEN_REVOKE, id, when, "吊销令牌", err);
}

static enum app_status token_touch(struct store *bs, long id, int64_t when, struct app_err *err)
{
	return token_set(bs, SQL_TOKEN_TOUCH, id, when, "更新令牌", err);
}

const struct store_user_ops sq_user_ops = {
    .add = user_add,
    .update = user_update,
    .get = user_get,
    .login = user_login,
    .list = user_list,
    .count = user_count,
    .session_add = session_add,
    .session_get = session_get,
    .session_touch = session_touch,
    .session_delete = session_delete,
    .session_purge = session_purge,
    .session_list = session_list,
    .token_add = token_add,
    .token_get = token_get,
    .token_list = token_list,
    .token_revoke = token_revoke,
    .token_touch = token_touch,
};
