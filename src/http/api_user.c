/* api_user.c - user accounts, for the security administrator (app/user.h
 * holds the rules). */
#include <stdio.h>
#include <string.h>

#include "api_int.h"
#include "app/user.h"
#include "base/str.h"

static enum app_status user_id(const struct http_req *req, long *id, struct app_err *err)
{
	const char *v = http_req_param(req, "id");
	if (!v || !str_to_int_range(strv_from(v), 1, 1L << 62, id))
		return app_err_set(err, APP_ENOTFOUND, "用户不存在");
	return APP_OK;
}

struct list_ctx {
	json_t *items;
};

static int user_row(void *ctx, const struct user *u)
{
	struct list_ctx *c = ctx;
	json_array_append_new(c->items, api_user_json(u));
	return 0;
}

API_HANDLER(api_user_list)
{
	long page, size;
	enum app_status st = api_page(req, &page, &size, err);
	if (st != APP_OK)
		return st;
	struct user_filter f = {.limit = size, .offset = (page - 1) * size};
	const char *q = http_req_query(req, "q"), *role = http_req_query(req, "role");
	if (q && strlen(q) > MAX_FILTER_TEXT)
		return api_bad_param(err, "q", "查询文字不能超过 %d 字节", MAX_FILTER_TEXT);
	f.q = q;
	if (role && *role && (f.role = role_parse(role)) == ROLE_NONE)
		return api_bad_param(err, "role", "未知角色");
	struct list_ctx c = {json_array()};
	long total = 0;
	st = store_user_list(api_ctx(req)->store, &f, user_row, &c, &total, err);
	if (st != APP_OK) {
		json_decref(c.items);
		return st;
	}
	return js_reply(resp, 200, api_paged(c.items, total, page, size));
}

API_HANDLER(api_user_get)
{
	long id;
	struct user u;
	enum app_status st = user_id(req, &id, err);
	if (st == APP_OK)
		st = store_user_get(api_ctx(req)->store, id, &u, err);
	if (st != APP_OK)
		return st == APP_ENOTFOUND ? app_err_set(err, APP_ENOTFOUND, "用户不存在") : st;
	return js_reply(resp, 200, api_user_json(&u));
}

/* A role member: key or Chinese name. */
static enum app_status get_role(const struct js_at *root, enum js_need need, enum role *out,
                                struct app_err *err)
{
	const char *v = NULL;
	enum app_status st = js_get_str(root, "role", need, 32, &v, err);
	if (st != APP_OK || !v)
		return st;
	if ((*out = role_parse(v)) == ROLE_NONE) {
		app_err_field(err, "/role");
		return app_err_set(
		    err, APP_EINVAL,
		    "未知角色；可选 city、district、enterprise、expert、viewer、admin、"
		    "security、auditor");
	}
	return APP_OK;
}

static json_t *with_password(const struct user *u, const char *pw)
{
	json_t *o = json_object();
	json_object_set_new(o, "user", api_user_json(u));
	json_object_set_new(o, "initial_password", json_string(pw));
	return o;
}

API_HANDLER(api_user_create)
{
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	struct user_spec spec = {0};
	static const char *const keys[] = {"username", "display_name", "role",
	                                   "district", "uscc",         NULL};
	if ((st = js_check_keys(&root, keys, err)) == APP_OK &&
	    (st = js_get_str(&root, "username", JS_REQUIRED, 64, &spec.username, err)) == APP_OK &&
	    (st = js_get_str(&root, "display_name", JS_OPTIONAL, 0, &spec.display_name, err)) ==
	        APP_OK &&
	    (st = get_role(&root, JS_REQUIRED, &spec.role, err)) == APP_OK &&
	    (st = js_get_str(&root, "district", JS_OPTIONAL, 64, &spec.district, err)) == APP_OK)
		st = js_get_str(&root, "uscc", JS_OPTIONAL, 64, &spec.uscc, err);
	if (st != APP_OK) {
		json_decref(body);
		return st;
	}
	struct api_req *ar = api_ctx(req);
	struct audit_actor who;
	auth_actor(&ar->p, &who);
	struct user u;
	char pw[USER_INITIAL_PASSWORD_CHARS + 1];
	st = user_create(ar->store, &who, &spec, NULL, true, &u, pw, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	st = js_reply(resp, 201, with_password(&u, pw));
	memset(pw, 0, sizeof pw);
	return st;
}

API_HANDLER(api_user_update)
{
	long id;
	enum app_status st = user_id(req, &id, err);
	json_t *body = NULL;
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	struct user_patch p = {.role = ROLE_NONE, .disabled = -1};
	bool disabled = false;
	struct js_at m;
	static const char *const keys[] = {"display_name", "role",     "district",
	                                   "uscc",         "disabled", NULL};
	if ((st = js_check_keys(&root, keys, err)) == APP_OK &&
	    (st = js_get_str(&root, "display_name", JS_OPTIONAL, 0, &p.display_name, err)) ==
	        APP_OK &&
	    (st = get_role(&root, JS_OPTIONAL, &p.role, err)) == APP_OK &&
	    (st = js_get_str(&root, "district", JS_OPTIONAL, 64, &p.district, err)) == APP_OK &&
	    (st = js_get_str(&root, "uscc", JS_OPTIONAL, 64, &p.uscc, err)) == APP_OK &&
	    (st = js_member(&root, "disabled", JS_OPTIONAL, &m, err)) == APP_OK && m.v &&
	    (st = js_get_bool(&root, "disabled", JS_OPTIONAL, &disabled, err)) == APP_OK)
		p.disabled = disabled;
	/* an explicit null clears a district or firm */
	if (st == APP_OK && json_is_null(json_object_get(body, "district")))
		p.district = "";
	if (st == APP_OK && json_is_null(json_object_get(body, "uscc")))
		p.uscc = "";
	if (st != APP_OK) {
		json_decref(body);
		return st;
	}
	struct api_req *ar = api_ctx(req);
	struct audit_actor who;
	auth_actor(&ar->p, &who);
	struct user u;
	st = user_update(ar->store, &who, ar->p.user.id, id, &p, &u, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 200, api_user_json(&u));
}

API_HANDLER(api_user_password)
{
	long id;
	enum app_status st = user_id(req, &id, err);
	if (st != APP_OK)
		return st;
	if (req->body_len) { /* optional, and then an empty object */
		json_t *body = NULL;
		if ((st = api_body(req, &body, err)) != APP_OK)
			return st;
		struct js_at root;
		js_root(body, &root);
		static const char *const none[] = {NULL};
		st = js_check_keys(&root, none, err);
		json_decref(body);
		if (st != APP_OK)
			return st;
	}
	struct api_req *ar = api_ctx(req);
	struct audit_actor who;
	auth_actor(&ar->p, &who);
	struct user u;
	char pw[USER_INITIAL_PASSWORD_CHARS + 1];
	st = user_set_password(ar->store, &who, id, NULL, true, &u, pw, err);
	if (st != APP_OK)
		return st;
	st = js_reply(resp, 200, with_password(&u, pw));
	memset(pw, 0, sizeof pw);
	return st;
}
