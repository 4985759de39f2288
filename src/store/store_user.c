/* store_user.c - the public user, session and token operations: argument
 * and shape checks, then the backend's table (store_int.h: struct
 * store_user_ops). */
#include "store/store_user.h"

#include <stdatomic.h>
#include <string.h>

#include "store/store_int.h"

static atomic_uint generation = 1;

unsigned store_user_generation(void)
{
	return atomic_load(&generation);
}

/* Counts a successful change (see store_user_generation). */
static enum app_status changed(enum app_status st)
{
	if (st == APP_OK)
		atomic_fetch_add(&generation, 1);
	return st;
}

/* The shape rules of a user row (see store_user.h). */
static enum app_status check_user(const struct user *u, struct app_err *err)
{
	size_t n = strlen(u->username);
	if (n < 3 || n > USER_NAME_MAX) {
		app_err_field(err, "username");
		return app_err_set(err, APP_EINVAL, "用户名应为 3-%d 个字符", USER_NAME_MAX);
	}
	if (u->role <= ROLE_NONE || u->role >= ROLE_COUNT) {
		app_err_field(err, "role");
		return app_err_set(err, APP_EINVAL, "未知角色");
	}
	if ((u->role == ROLE_DISTRICT) != (u->district[0] != '\0')) {
		app_err_field(err, "district");
		return app_err_set(err, APP_EINVAL,
		                   u->role == ROLE_DISTRICT ? "区县用户须指定所属区县"
		                                            : "只有区县用户可指定区县");
	}
	if ((u->role == ROLE_ENTERPRISE) != (u->uscc[0] != '\0')) {
		app_err_field(err, "uscc");
		return app_err_set(err, APP_EINVAL,
		                   u->role == ROLE_ENTERPRISE ? "企业用户须指定所属企业"
		                                              : "只有企业用户可指定企业");
	}
	if (!u->password_hash[0])
		return app_err_set(err, APP_EINVAL, "缺少密码哈希");
	return APP_OK;
}

enum app_status store_user_add(struct store *s, struct user *u, struct app_err *err)
{
	STORE_NEED(s && u, "user");
	STORE_DOMAIN(s, user);
	enum app_status st = check_user(u, err);
	return st != APP_OK ? st : s->ops->user->add(s, u, err);
}

enum app_status store_user_update(struct store *s, struct user *u, bool password,
                                  struct app_err *err)
{
	STORE_NEED(s && u && u->id > 0, "user");
	STORE_DOMAIN(s, user);
	enum app_status st = check_user(u, err);
	return st != APP_OK ? st : changed(s->ops->user->update(s, u, password, err));
}

enum app_status store_user_get(struct store *s, long id, struct user *out, struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, user);
	return s->ops->user->get(s, id, NULL, out, err);
}

enum app_status store_user_find(struct store *s, const char *username, struct user *out,
                                struct app_err *err)
{
	STORE_NEED(s && username && out, "username");
	STORE_DOMAIN(s, user);
	return s->ops->user->get(s, 0, username, out, err);
}

enum app_status store_user_login(struct store *s, long id, struct app_err *err)
{
	STORE_NEED(s && id > 0, "id");
	STORE_DOMAIN(s, user);
	return s->ops->user->login(s, id, err);
}

enum app_status store_user_list(struct store *s, const struct user_filter *f, store_user_cb cb,
                                void *ctx, long *total, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, user);
	if (f && (f->limit < 0 || f->offset < 0))
		return app_err_set(err, APP_EINVAL, "分页参数不能为负数");
	if (f && f->q && strlen(f->q) > MAX_FILTER_TEXT)
		return app_err_set(err, APP_ETOOLARGE, "查询文字超过 %d 字节", MAX_FILTER_TEXT);
	return s->ops->user->list(s, f, cb, ctx, total, err);
}

enum app_status store_user_count(struct store *s, enum role r, long *out, struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, user);
	return s->ops->user->count(s, (int)r, out, err);
}

/* ---- sessions ---- */

static bool hash_ok(const char *h)
{
	if (strlen(h) != TOKEN_HASH_HEX)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

enum app_status store_session_add(struct store *s, struct session_row *r, struct app_err *err)
{
	STORE_NEED(s && r && r->user_id > 0 && hash_ok(r->token_hash), "session");
	STORE_DOMAIN(s, user);
	return s->ops->user->session_add(s, r, err);
}

enum app_status store_session_get(struct store *s, const char *token_hash, struct session_row *out,
                                  struct user *user, struct app_err *err)
{
	STORE_NEED(s && token_hash && out && user, "token_hash");
	STORE_DOMAIN(s, user);
	if (!hash_ok(token_hash))
		return app_err_set(err, APP_ENOTFOUND, "会话不存在");
	return s->ops->user->session_get(s, token_hash, out, user, err);
}

enum app_status store_session_touch(struct store *s, long id, int64_t last_seen,
                                    struct app_err *err)
{
	STORE_NEED(s && id > 0, "id");
	STORE_DOMAIN(s, user);
	return s->ops->user->session_touch(s, id, last_seen, err);
}

enum app_status store_session_delete(struct store *s, long id, struct app_err *err)
{
	STORE_NEED(s && id > 0, "id");
	STORE_DOMAIN(s, user);
	return changed(s->ops->user->session_delete(s, id, 0, 0, NULL, err));
}

enum app_status store_session_delete_user(struct store *s, long user_id, long keep_id, long *n,
                                          struct app_err *err)
{
	STORE_NEED(s && user_id > 0, "user_id");
	STORE_DOMAIN(s, user);
	return changed(s->ops->user->session_delete(s, 0, user_id, keep_id, n, err));
}

enum app_status store_session_purge(struct store *s, int64_t idle_before, int64_t created_before,
                                    long *n, struct app_err *err)
{
	STORE_NEED(s, "store");
	STORE_DOMAIN(s, user);
	return changed(s->ops->user->session_purge(s, idle_before, created_before, n, err));
}

enum app_status store_session_list(struct store *s, long user_id, store_session_cb cb, void *ctx,
                                   struct app_err *err)
{
	STORE_NEED(s && user_id > 0 && cb, "callback");
	STORE_DOMAIN(s, user);
	return s->ops->user->session_list(s, user_id, cb, ctx, err);
}

/* ---- tokens ---- */

enum app_status store_token_add(struct store *s, struct api_token *t, struct app_err *err)
{
	STORE_NEED(s && t && t->user_id > 0 && hash_ok(t->token_hash) && t->name[0], "token");
	STORE_DOMAIN(s, user);
	return s->ops->user->token_add(s, t, err);
}

enum app_status store_token_get(struct store *s, const char *token_hash, struct api_token *out,
                                struct user *user, struct app_err *err)
{
	STORE_NEED(s && token_hash && out && user, "token_hash");
	STORE_DOMAIN(s, user);
	if (!hash_ok(token_hash))
		return app_err_set(err, APP_ENOTFOUND, "令牌不存在");
	return s->ops->user->token_get(s, 0, token_hash, out, user, err);
}

enum app_status store_token_by_id(struct store *s, long id, struct api_token *out,
                                  struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, user);
	return s->ops->user->token_get(s, id, NULL, out, NULL, err);
}

enum app_status store_token_list(struct store *s, long user_id, store_token_cb cb, void *ctx,
                                 struct app_err *err)
{
	STORE_NEED(s && cb && user_id >= 0, "callback");
	STORE_DOMAIN(s, user);
	return s->ops->user->token_list(s, user_id, cb, ctx, err);
}

enum app_status store_token_revoke(struct store *s, long id, int64_t when, struct app_err *err)
{
	STORE_NEED(s && id > 0 && when > 0, "id");
	STORE_DOMAIN(s, user);
	return s->ops->user->token_revoke(s, id, when, err);
}

enum app_status store_token_touch(struct store *s, long id, int64_t when, struct app_err *err)
{
	STORE_NEED(s && id > 0, "id");
	STORE_DOMAIN(s, user);
	return s->ops->user->token_touch(s, id, when, err);
}
