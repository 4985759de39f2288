/* api_session.c - sign-in, the session, the own password and API tokens
 * (docs/API.md "Authentication"). */
#include <stdio.h>
#include <string.h>

#include "api_int.h"
#include "base/str.h"

static void set_cookie(struct http_req *req, struct http_resp *resp, const char *token)
{
	char c[160];
	snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", AUTH_COOKIE, token,
	         api_secure_cookie(req) ? "; Secure" : "");
	http_resp_header(resp, "Set-Cookie", c);
}

static void retry_after(struct http_resp *resp, int64_t s)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)(s > 0 ? s : 1));
	http_resp_header(resp, "Retry-After", v);
}

/* {"user": User|null, "csrf_token": ..., "via": ...} */
static json_t *session_json(struct http_req *req, const struct principal *p)
{
	json_t *o = json_object();
	if (p->via == AUTH_NONE) {
		json_object_set_new(o, "user", json_null());
		json_object_set_new(o, "csrf_token", json_null());
		return o;
	}
	json_object_set_new(o, "user", api_user_json(&p->user));
	json_object_set_new(o, "csrf_token",
	                    p->via == AUTH_SESSION ? json_string(p->csrf) : json_null());
	json_object_set_new(o, "via", json_string(p->via == AUTH_SESSION ? "session" : "token"));
	if (p->via == AUTH_SESSION)
		json_object_set_new(o, "idle_timeout", json_integer(auth_idle_s(api_auth(req))));
	return o;
}

API_HANDLER(api_session_create)
{
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *user = NULL, *pw = NULL;
	static const char *const keys[] = {"username", "password", NULL};
	if ((st = js_check_keys(&root, keys, err)) != APP_OK ||
	    (st = js_get_str(&root, "username", JS_REQUIRED, 64, &user, err)) != APP_OK ||
	    (st = js_get_str(&root, "password", JS_REQUIRED, MAX_PASSWORD_CHARS, &pw, err)) !=
	        APP_OK) {
		json_decref(body);
		return st;
	}
	struct api_req *ar = api_ctx(req);
	char token[CRYPTO_TOKEN_CHARS + 1];
	int64_t retry = 0;
	st = auth_sign_in(api_auth(req), ar->store, user, pw, req->ip, token, &ar->p, &retry, err);
	json_decref(body);
	if (st == APP_ETHROTTLED)
		retry_after(resp, retry);
	if (st != APP_OK)
		return st;
	req->user = arena_strdup(req->arena, ar->p.user.username);
	set_cookie(req, resp, token);
	memset(token, 0, sizeof token);
	return js_reply(resp, 200, session_json(req, &ar->p));
}

API_HANDLER(api_session_get)
{
	(void)err;
	return js_reply(resp, 200, session_json(req, &api_ctx(req)->p));
}

API_HANDLER(api_session_delete)
{
	struct api_req *ar = api_ctx(req);
	enum app_status st = auth_sign_out(api_auth(req), ar->store, &ar->p, err);
	if (st != APP_OK)
		return st;
	char c[160];
	snprintf(c, sizeof c, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", AUTH_COOKIE,
	         api_secure_cookie(req) ? "; Secure" : "");
	http_resp_header(resp, "Set-Cookie", c);
	return http_resp_set(resp, 204, NULL, NULL, 0);
}

API_HANDLER(api_session_password)
{
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *old_pw = NULL, *new_pw = NULL;
	static const char *const keys[] = {"old_password", "new_password", NULL};
	if ((st = js_check_keys(&root, keys, err)) != APP_OK ||
	    (st = js_get_str(&root, "old_password", JS_REQUIRED, MAX_PASSWORD_CHARS, &old_pw,
	                     err)) != APP_OK ||
	    (st = js_get_str(&root, "new_password", JS_REQUIRED, 0, &new_pw, err)) != APP_OK) {
		json_decref(body);
		return st;
	}
	struct api_req *ar = api_ctx(req);
	int64_t retry = 0;
	st = auth_change_password(api_auth(req), ar->store, &ar->p, old_pw, new_pw, &retry, err);
	json_decref(body);
	if (st == APP_ETHROTTLED)
		retry_after(resp, retry);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 200, session_json(req, &ar->p));
}

/* ---- API tokens ---- */

static json_t *token_json(const struct auth *a, const struct api_token *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "scope", json_string(t->write ? "write" : "read"));
	json_object_set_new(o, "created_at", api_unix_time(t->created_at));
	json_object_set_new(o, "expires_at", api_unix_time(t->expires_at));
	json_object_set_new(o, "last_used", api_unix_time(t->last_used));
	json_object_set_new(o, "revoked_at", api_unix_time(t->revoked_at));
	json_object_set_new(o, "active", json_boolean(auth_token_live(a, t)));
	return o;
}

struct token_list_ctx {
	const struct auth *a;
	json_t *items;
};

static int token_row(void *ctx, const struct api_token *t)
{
	struct token_list_ctx *c = ctx;
	json_array_append_new(c->items, token_json(c->a, t));
	return 0;
}

API_HANDLER(api_token_list)
{
	struct api_req *ar = api_ctx(req);
	struct token_list_ctx c = {api_auth(req), json_array()};
	enum app_status st = store_token_list(ar->store, ar->p.user.id, token_row, &c, err);
	if (st != APP_OK) {
		json_decref(c.items);
		return st;
	}
	long n = (long)json_array_size(c.items);
	return js_reply(resp, 200, api_paged(c.items, n, 1, n ? n : 1));
}

API_HANDLER(api_token_create)
{
	if (api_ctx(req)->p.via != AUTH_SESSION)
		return app_err_set(err, APP_EPERM, "API 令牌只能在浏览器会话中创建");
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *name = NULL, *scope = "read";
	int64_t days = 90;
	static const char *const keys[] = {"name", "scope", "expires_days", NULL};
	if ((st = js_check_keys(&root, keys, err)) != APP_OK ||
	    (st = js_get_str(&root, "name", JS_REQUIRED, 0, &name, err)) != APP_OK ||
	    (st = js_get_str(&root, "scope", JS_OPTIONAL, 0, &scope, err)) != APP_OK ||
	    (st = js_get_i64(&root, "expires_days", JS_OPTIONAL, 0, AUTH_TOKEN_MAX_DAYS, &days,
	                     err)) != APP_OK) {
		json_decref(body);
		return st;
	}
	if (strcmp(scope, "read") != 0 && strcmp(scope, "write") != 0) {
		json_decref(body);
		app_err_field(err, "/scope");
		return app_err_set(err, APP_EINVAL, "应为 read 或 write");
	}
	struct api_req *ar = api_ctx(req);
	char token[AUTH_TOKEN_CHARS + 1];
	struct api_token t;
	st = auth_token_create(api_auth(req), ar->store, &ar->p, name, strcmp(scope, "write") == 0,
	                       (int)days, token, &t, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	json_t *o = token_json(api_auth(req), &t);
	json_object_set_new(o, "token", json_string(token));
	memset(token, 0, sizeof token);
	return js_reply(resp, 201, o);
}

API_HANDLER(api_token_revoke)
{
	long id;
	const char *v = http_req_param(req, "id");
	if (!v || !str_to_int_range(strv_from(v), 1, 1L << 62, &id))
		return app_err_set(err, APP_ENOTFOUND, "令牌不存在");
	struct api_req *ar = api_ctx(req);
	struct api_token t;
	enum app_status st = auth_token_revoke(api_auth(req), ar->store, &ar->p, id, &t, err);
	if (st != APP_OK)
		return st;
	return http_resp_set(resp, 204, NULL, NULL, 0);
}
