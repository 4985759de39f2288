/* user.c - account management (see user.h). */
#include "user.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/crypto.h"
#include "app/password.h"
#include "base/str.h"
#include "core/district.h"
#include "core/uscc.h"

/* Characters of generated passwords: no 0/O, 1/l/I look-alikes. */
static const char pw_upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char pw_lower[] = "abcdefghijkmnpqrstuvwxyz";
static const char pw_digit[] = "23456789";
static const char pw_symbol[] = "@#%+=-_";

/* A uniform index below n from the CSPRNG byte stream (rejection
 * sampling, so no modulo bias). */
static enum app_status pick(size_t n, size_t *out, struct app_err *err)
{
	unsigned char b;
	size_t limit = 256 - 256 % n;
	do {
		enum app_status st = crypto_random(&b, 1, err);
		if (st != APP_OK)
			return st;
	} while (b >= limit);
	*out = b % n;
	return APP_OK;
}

enum app_status user_generate_password(char out[USER_INITIAL_PASSWORD_CHARS + 1],
                                       struct app_err *err)
{
	static const char *const sets[] = {pw_upper, pw_lower, pw_digit, pw_symbol};
	char all[sizeof pw_upper + sizeof pw_lower + sizeof pw_digit + sizeof pw_symbol];
	snprintf(all, sizeof all, "%s%s%s%s", pw_upper, pw_lower, pw_digit, pw_symbol);
	size_t k = 0;
	enum app_status st = APP_OK;
	/* one of each class, then the rest from all, then shuffle */
	for (int i = 0; i < USER_INITIAL_PASSWORD_CHARS && st == APP_OK; i++) {
		const char *set = i < 4 ? sets[i] : all;
		st = pick(strlen(set), &k, err);
		out[i] = set[k];
	}
	for (int i = USER_INITIAL_PASSWORD_CHARS - 1; i > 0 && st == APP_OK; i--) {
		st = pick((size_t)i + 1, &k, err);
		char t = out[i];
		out[i] = out[k];
		out[k] = t;
	}
	out[USER_INITIAL_PASSWORD_CHARS] = '\0';
	return st;
}

static enum app_status field_err(struct app_err *err, const char *field, const char *msg)
{
	app_err_field(err, field);
	return app_err_set(err, APP_EINVAL, "%s", msg);
}

static enum app_status check_username(const char *name, struct app_err *err)
{
	size_t n = name ? strlen(name) : 0;
	bool ok = n >= 3 && n <= USER_NAME_MAX && name[0] >= 'a' && name[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++) {
		char c = name[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
	}
	return ok ? APP_OK
	          : field_err(err, "/username",
	                      "用户名应为 3-32 位小写字母、数字、下划线或点，以字母开头");
}

static enum app_status check_display(const char *name, char out[MAX_SHORT_TEXT_BYTES],
                                     struct app_err *err)
{
	size_t n = strlen(name);
	struct strv v = strv_trim(strv_from(name));
	bool ok = utf8_valid(name, n) && v.n > 0 &&
	          utf8_chars(v.p, v.n) <= USER_DISPLAY_MAX_CHARS && v.n < MAX_SHORT_TEXT_BYTES;
	for (size_t i = 0; ok && i < v.n; i++)
		ok = (unsigned char)v.p[i] >= 0x20 && v.p[i] != 0x7f;
	if (!ok) {
		char msg[96];
		snprintf(msg, sizeof msg, "姓名应为 1-%d 个字符，不含控制字符",
		         USER_DISPLAY_MAX_CHARS);
		return field_err(err, "/display_name", msg);
	}
	str_copy(out, MAX_SHORT_TEXT_BYTES, v.p, v.n);
	return APP_OK;
}

enum app_status user_district_code(const char *text, char out[8], struct app_err *err)
{
	struct strv v = strv_trim(strv_from(text ? text : ""));
	const struct zone *z = zone_find(v);
	if (z) {
		snprintf(out, 8, "%s", z->code);
		return APP_OK;
	}
	const struct district *d = v.n ? district_find(v) : NULL;
	if (d) {
		char today[11];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		date_format(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, today);
		if (!district_valid_on(d, today)) {
			const struct district *succ = district_successor(d);
			char msg[160];
			snprintf(msg, sizeof msg, "%s 已撤销%s%s", d->name, succ ? "，现为 " : "",
			         succ ? succ->name : "");
			return field_err(err, "/district", msg);
		}
		snprintf(out, 8, "%s", d->code);
		return APP_OK;
	}
	return field_err(err, "/district", "未知区县或功能区");
}

/* Checks and canonicalises the scope members of u for its role. */
static enum app_status check_scope(struct store *s, struct user *u, const char *district,
                                   const char *uscc, struct app_err *err)
{
	bool has_d = district && *district, has_u = uscc && *uscc;
	u->district[0] = u->uscc[0] = '\0';
	if (u->role == ROLE_DISTRICT) {
		if (!has_d)
			return field_err(err, "/district", "区县用户须指定所属区县或功能区");
		return user_district_code(district, u->district, err);
	}
	if (has_d)
		return field_err(err, "/district", "只有区县用户可指定区县");
	if (u->role == ROLE_ENTERPRISE) {
		struct app_err ue = {0};
		if (!has_u)
			return field_err(err, "/uscc", "企业用户须指定所属企业的统一社会信用代码");
		if (uscc_check(uscc, strlen(uscc), u->uscc, &ue) != APP_OK)
			return field_err(err, "/uscc", ue.msg);
		struct enterprise e;
		enum app_status st = store_enterprise_get(s, u->uscc, &e, &ue);
		if (st == APP_ENOTFOUND)
			return field_err(err, "/uscc", "企业库中没有该信用代码");
		if (st != APP_OK) {
			*err = ue;
			return st;
		}
		return APP_OK;
	}
	if (has_u)
		return field_err(err, "/uscc", "只有企业用户可指定企业");
	return APP_OK;
}

char *user_audit_json(const struct user *u)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "username", u->username,
	              "display_name", u->display_name, "role", role_key(u->role));
	json_object_set_new(o, "district", u->district[0] ? json_string(u->district) : json_null());
	json_object_set_new(o, "uscc", u->uscc[0] ? json_string(u->uscc) : json_null());
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	json_object_set_new(o, "must_change_password", json_boolean(u->must_change));
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

static enum app_status audit_user(struct store *s, const struct audit_actor *who,
                                  const char *action, const struct user *before,
                                  const struct user *after, struct app_err *err)
{
	char id[24];
	const struct user *which = after ? after : before;
	snprintf(id, sizeof id, "%ld", which ? which->id : 0L);
	char *b = before ? user_audit_json(before) : NULL;
	char *a = after ? user_audit_json(after) : NULL;
	enum app_status st = audit_append(s, who, action, "user", id, b, a, err);
	free(b);
	free(a);
	return st;
}

/* Hashes password (checked against the policy) or a generated one. */
static enum app_status make_hash(const char *username, const char *password,
                                 char initial[USER_INITIAL_PASSWORD_CHARS + 1],
                                 char hash[USER_HASH_MAX], struct app_err *err)
{
	char gen[USER_INITIAL_PASSWORD_CHARS + 1];
	enum app_status st;
	if (!password) {
		if ((st = user_generate_password(gen, err)) != APP_OK)
			return st;
		password = gen;
	} else if ((st = password_policy_check(password, username, err)) != APP_OK) {
		app_err_field(err, "/password");
		return st;
	}
	char phc[PASSWORD_PHC_MAX];
	if ((st = password_hash(password, phc, err)) != APP_OK)
		return st;
	snprintf(hash, USER_HASH_MAX, "%s", phc);
	if (password == gen && initial)
		snprintf(initial, USER_INITIAL_PASSWORD_CHARS + 1, "%s", gen);
	memset(gen, 0, sizeof gen);
	return APP_OK;
}

enum app_status user_create(struct store *s, const struct audit_actor *who,
                            const struct user_spec *spec, const char *password, bool must_change,
                            struct user *out, char initial[USER_INITIAL_PASSWORD_CHARS + 1],
                            struct app_err *err)
{
	struct user u;
	memset(&u, 0, sizeof u);
	enum app_status st = check_username(spec->username, err);
	if (st != APP_OK)
		return st;
	snprintf(u.username, sizeof u.username, "%s", spec->username);
	const char *dn =
	    spec->display_name && *spec->display_name ? spec->display_name : spec->username;
	if ((st = check_display(dn, u.display_name, err)) != APP_OK)
		return st;
	if (spec->role <= ROLE_NONE || spec->role >= ROLE_COUNT)
		return field_err(err, "/role", "未知角色");
	u.role = spec->role;
	if ((st = check_scope(s, &u, spec->district, spec->uscc, err)) != APP_OK)
		return st;
	struct user existing;
	if (store_user_find(s, u.username, &existing, NULL) == APP_OK) {
		app_err_field(err, "/username");
		return app_err_set(err, APP_ECONFLICT, "用户名 %s 已存在", u.username);
	}
	if ((st = make_hash(u.username, password, initial, u.password_hash, err)) != APP_OK)
		return st;
	u.must_change = password ? must_change : true;
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_user_add(s, &u, err);
	if (st == APP_OK)
		st = audit_user(s, who, "user.create", NULL, &u, err);
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st == APP_OK && out) {
		*out = u;
		memset(out->password_hash, 0, sizeof out->password_hash);
	}
	memset(u.password_hash, 0, sizeof u.password_hash);
	return st;
}

/* The role rule of 三员分立 (see user.h). */
static enum app_status check_role_change(enum role from, enum role to, struct app_err *err)
{
	if (from == to || (!role_is_duty(from) && !role_is_duty(to)))
		return APP_OK;
	return field_err(err, "/role",
	                 "三员分立：系统管理员、安全管理员、审计管理员账号的角色不可变更，"
	                 "也不能由其他账号转任，请另建账号");
}

enum app_status user_update(struct store *s, const struct audit_actor *who, long actor_id, long id,
                            const struct user_patch *p, struct user *out, struct app_err *err)
{
	struct user before, u;
	enum app_status st = store_user_get(s, id, &before, err);
	if (st != APP_OK)
		return st == APP_ENOTFOUND ? app_err_set(err, APP_ENOTFOUND, "用户不存在") : st;
	u = before;
	if (p->display_name && (st = check_display(p->display_name, u.display_name, err)) != APP_OK)
		return st;
	if (p->role != ROLE_NONE) {
		if (p->role < ROLE_NONE || p->role >= ROLE_COUNT)
			return field_err(err, "/role", "未知角色");
		if ((st = check_role_change(before.role, p->role, err)) != APP_OK)
			return st;
		u.role = p->role;
	}
	bool self = actor_id && actor_id == id;
	if (p->district || p->uscc || u.role != before.role) {
		const char *d = p->district ? p->district : before.district;
		const char *c = p->uscc ? p->uscc : before.uscc;
		/* a role change drops what the new role does not carry */
		if (u.role != ROLE_DISTRICT && !p->district)
			d = "";
		if (u.role != ROLE_ENTERPRISE && !p->uscc)
			c = "";
		if ((st = check_scope(s, &u, d, c, err)) != APP_OK)
			return st;
	}
	if (self && (u.role != before.role || strcmp(u.district, before.district) != 0 ||
	             strcmp(u.uscc, before.uscc) != 0)) {
		app_err_field(err, u.role != before.role ? "/role" : "/district");
		return app_err_set(err, APP_EPERM, "不能修改自己的角色或数据范围");
	}
	if (p->disabled >= 0) {
		if (self && p->disabled) {
			app_err_field(err, "/disabled");
			return app_err_set(err, APP_EPERM, "不能停用自己的账号");
		}
		u.disabled = p->disabled != 0;
	}
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_user_update(s, &u, false, err);
	if (st == APP_OK && u.disabled && !before.disabled)
		st = store_session_delete_user(s, u.id, 0, NULL, err);
	if (st == APP_OK) {
		const char *action = u.disabled != before.disabled
		                         ? (u.disabled ? "user.disable" : "user.enable")
		                         : "user.update";
		st = audit_user(s, who, action, &before, &u, err);
	}
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st == APP_OK && out) {
		*out = u;
		memset(out->password_hash, 0, sizeof out->password_hash);
	}
	return st;
}

enum app_status user_set_password(struct store *s, const struct audit_actor *who, long id,
                                  const char *password, bool must_change, struct user *out,
                                  char initial[USER_INITIAL_PASSWORD_CHARS + 1],
                                  struct app_err *err)
{
	struct user u;
	enum app_status st = store_user_get(s, id, &u, err);
	if (st != APP_OK)
		return st == APP_ENOTFOUND ? app_err_set(err, APP_ENOTFOUND, "用户不存在") : st;
	if ((st = make_hash(u.username, password, initial, u.password_hash, err)) != APP_OK)
		return st;
	u.must_change = password ? must_change : true;
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_user_update(s, &u, true, err);
	if (st == APP_OK)
		st = store_session_delete_user(s, u.id, 0, NULL, err);
	if (st == APP_OK)
		st = audit_user(s, who, "user.password_reset", NULL, &u, err);
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st == APP_OK && out) {
		*out = u;
		memset(out->password_hash, 0, sizeof out->password_hash);
	}
	memset(u.password_hash, 0, sizeof u.password_hash);
	return st;
}
