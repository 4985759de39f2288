/* auth.c - sign-in, sessions, API tokens (see auth.h). */
#include "auth.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/password.h"
#include "app/throttle.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/role.h"
#include "store/store_audit.h"

/* The session cache: a direct-mapped table of sessions recently read from
 * the database, so that a request costs no session query. An entry is
 * trusted for AUTH_CACHE_S seconds and only while no user or session has
 * changed in this process since (store_user_generation); changes made
 * elsewhere (the command line) are seen within AUTH_CACHE_S. Expiry is
 * checked on every request against the cached times. */
enum { CACHE_SLOTS = 1024 }; /* a power of two */

struct cache_slot {
	char hash[CRYPTO_DIGEST_HEX]; /* "" = empty */
	struct session_row row;
	struct user user; /* password hash cleared */
	char csrf[AUTH_CSRF_CHARS + 1];
	int64_t loaded; /* when read from the database */
	unsigned gen;
};

struct auth {
	int64_t idle_s, absolute_s;
	int64_t touch_s; /* refresh last_seen at most this often */
	int64_t (*now)(void *ctx);
	void *now_ctx;
	struct throttle *throttle;
	pthread_mutex_t cache_lock;
	struct cache_slot *cache;
};

enum { TOKEN_TOUCH_S = 60 }; /* refresh an API token's last_used at most this often */

struct auth *auth_new(const struct auth_config *cfg)
{
	struct auth *a = xcalloc(1, sizeof *a);
	a->idle_s = cfg && cfg->idle_s > 0 ? cfg->idle_s : AUTH_SESSION_IDLE_S;
	a->absolute_s = cfg && cfg->absolute_s > 0 ? cfg->absolute_s : AUTH_SESSION_ABSOLUTE_S;
	/* A session's last_seen is written at most once per 1/30 of the idle
	 * timeout (a minute for 30 min), so reads stay reads; the timeout is
	 * then exact to that slice. */
	a->touch_s = a->idle_s / 30;
	if (a->touch_s > 60)
		a->touch_s = 60;
	a->now = cfg ? cfg->now : NULL;
	a->now_ctx = cfg ? cfg->now_ctx : NULL;
	a->throttle = throttle_new(MAX_THROTTLE_ENTRIES, NULL, NULL);
	pthread_mutex_init(&a->cache_lock, NULL);
	a->cache = xcalloc(CACHE_SLOTS, sizeof *a->cache);
	return a;
}

static struct cache_slot *slot_of(struct auth *a, const char *hash)
{
	unsigned h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 4 | (unsigned)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return &a->cache[h & (CACHE_SLOTS - 1)];
}

/* Copies a cached session that is still trusted; false if none. */
static bool cache_get(struct auth *a, const char *hash, int64_t now, struct session_row *row,
                      struct user *u, char csrf[AUTH_CSRF_CHARS + 1])
{
	bool hit = false;
	unsigned gen = store_user_generation();
	pthread_mutex_lock(&a->cache_lock);
	struct cache_slot *c = slot_of(a, hash);
	if (strcmp(c->hash, hash) == 0 && c->gen == gen && now - c->loaded < AUTH_CACHE_S &&
	    now >= c->loaded) {
		*row = c->row;
		*u = c->user;
		memcpy(csrf, c->csrf, AUTH_CSRF_CHARS + 1);
		hit = true;
	}
	pthread_mutex_unlock(&a->cache_lock);
	return hit;
}

static void cache_put(struct auth *a, const char *hash, const struct session_row *row,
                      const struct user *u, const char *csrf, int64_t now, unsigned gen)
{
	pthread_mutex_lock(&a->cache_lock);
	struct cache_slot *c = slot_of(a, hash);
	snprintf(c->hash, sizeof c->hash, "%s", hash);
	c->row = *row;
	c->user = *u;
	memset(c->user.password_hash, 0, sizeof c->user.password_hash);
	memcpy(c->csrf, csrf, AUTH_CSRF_CHARS + 1);
	c->loaded = now;
	c->gen = gen;
	pthread_mutex_unlock(&a->cache_lock);
}

/* Drops the session (hash), or records a new last_seen for it. */
static void cache_drop(struct auth *a, const char *hash)
{
	pthread_mutex_lock(&a->cache_lock);
	struct cache_slot *c = slot_of(a, hash);
	if (strcmp(c->hash, hash) == 0)
		c->hash[0] = '\0';
	pthread_mutex_unlock(&a->cache_lock);
}

static void cache_touch(struct auth *a, const char *hash, int64_t last_seen)
{
	pthread_mutex_lock(&a->cache_lock);
	struct cache_slot *c = slot_of(a, hash);
	if (strcmp(c->hash, hash) == 0)
		c->row.last_seen = last_seen;
	pthread_mutex_unlock(&a->cache_lock);
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	throttle_free(a->throttle);
	pthread_mutex_destroy(&a->cache_lock);
	free(a->cache);
	free(a);
}

int64_t auth_idle_s(const struct auth *a)
{
	return a->idle_s;
}

int64_t auth_absolute_s(const struct auth *a)
{
	return a->absolute_s;
}

int64_t auth_now(const struct auth *a)
{
	return a->now ? a->now(a->now_ctx) : (int64_t)time(NULL);
}

/* Unix seconds of an audit time "YYYY-MM-DD HH:MM:SS" (UTC); -1 if not one. */
static int64_t audit_seconds(const char *t)
{
	int y, mo, d, h, mi, s;
	if (sscanf(t, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 ||
	    !date_valid(y, mo, d) || h > 23 || mi > 59 || s > 60)
		return -1;
	return date_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

struct restore {
	struct auth *a;
	int64_t now;
};

static int restore_one(void *ctx, const struct audit_row *r)
{
	struct restore *rs = ctx;
	int64_t at = audit_seconds(r->time);
	if (at < 0)
		return 0;
	int64_t ago = rs->now > at ? rs->now - at : 0;
	if (strcmp(r->action, "session.fail") == 0)
		throttle_failure_ago(rs->a->throttle, r->entity_id, r->ip, ago);
	else if (strcmp(r->action, "session.create") == 0)
		throttle_success_ago(rs->a->throttle, r->entity_id, ago);
	return 0;
}

enum app_status auth_restore_throttle(struct auth *a, struct store *s, struct app_err *err)
{
	struct restore rs = {a, (int64_t)time(NULL)};
	time_t from = (time_t)(rs.now - THROTTLE_IP_FORGET_S);
	struct tm tm;
	char since[20];
	gmtime_r(&from, &tm);
	strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S", &tm);
	struct audit_filter f = {.entity = "session", .from = since};
	return store_audit_list(s, &f, restore_one, &rs, NULL, err);
}

void auth_actor(const struct principal *p, struct audit_actor *out)
{
	out->user = p->user.username;
	out->role = role_key(p->user.role);
	out->ip = p->ip;
}

void auth_csrf(const char *session_token, char out[AUTH_CSRF_CHARS + 1])
{
	struct strv parts[2] = {STRV_LIT("zjtx-csrf:"), strv_from(session_token)};
	uint8_t md[CRYPTO_DIGEST_BYTES];
	if (crypto_digest(CRYPTO_SHA256, parts, 2, md, NULL) != APP_OK) {
		/* SHA-256 is always there; an empty token fails every check */
		out[0] = '\0';
		return;
	}
	crypto_base64url(md, sizeof md, out);
}

/* A user name as recorded for a failed attempt: the name if it is a
 * plausible one ([a-z0-9_.], 1..32), else a placeholder, so that whatever a
 * client sends cannot put odd bytes into the audit log. */
static void safe_name(const char *in, char out[USER_NAME_MAX + 1])
{
	size_t n = strlen(in);
	bool ok = n > 0 && n <= USER_NAME_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char c = in[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '_' || c == '.';
	}
	snprintf(out, USER_NAME_MAX + 1, "%s", ok ? in : "?");
}

/* Writes an audit entry whose after is a small JSON object built from
 * "key", "value" string pairs (NULL-terminated). */
static enum app_status audit_kv(struct store *s, const struct audit_actor *who, const char *action,
                                const char *entity, const char *id, struct app_err *err, ...)
{
	va_list ap;
	va_start(ap, err);
	json_t *o = json_object();
	const char *k;
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);
		json_object_set_new(o, k, v ? json_string(v) : json_null());
	}
	va_end(ap);
	char *text = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	enum app_status st = audit_append(s, who, action, entity, id, NULL, text, err);
	free(text);
	json_decref(o);
	return st;
}

static void fill_principal(struct principal *p, const struct user *u, const char *ip)
{
	memset(p, 0, sizeof *p);
	p->user = *u;
	memset(p->user.password_hash, 0, sizeof p->user.password_hash);
	snprintf(p->ip, sizeof p->ip, "%s", ip ? ip : "");
}

static void fail_audit(struct store *s, const char *username, const char *ip, const char *reason)
{
	char name[USER_NAME_MAX + 1];
	safe_name(username, name);
	struct audit_actor who = {name, "", ip ? ip : ""};
	audit_kv(s, &who, "session.fail", "session", name, NULL, "reason", reason, NULL);
}

/* The sessions of a user beyond the newest AUTH_SESSIONS_PER_USER - 1
 * (listed newest first), to be ended so that one more fits. */
struct cap_ctx {
	int seen;
	long *ids;
	size_t n, cap;
};

static int cap_one(void *ctx, const struct session_row *r)
{
	struct cap_ctx *c = ctx;
	if (++c->seen < AUTH_SESSIONS_PER_USER)
		return 0;
	xgrow((void **)&c->ids, &c->cap, c->n + 1, sizeof *c->ids);
	c->ids[c->n++] = r->id;
	return 0;
}

static enum app_status new_session(struct auth *a, struct store *s, struct principal *p,
                                   char token[CRYPTO_TOKEN_CHARS + 1], struct app_err *err)
{
	struct session_row row;
	memset(&row, 0, sizeof row);
	enum app_status st = crypto_token_new(token, err);
	if (st == APP_OK)
		st = crypto_token_hash(token, row.token_hash, err);
	if (st != APP_OK)
		return st;
	row.user_id = p->user.id;
	row.created_at = row.last_seen = auth_now(a);
	snprintf(row.ip, sizeof row.ip, "%s", p->ip);
	struct cap_ctx cap = {0};
	st = store_session_list(s, p->user.id, cap_one, &cap, err);
	for (size_t i = 0; st == APP_OK && i < cap.n; i++)
		st = store_session_delete(s, cap.ids[i], err);
	free(cap.ids);
	if (st == APP_OK)
		st = store_session_add(s, &row, err);
	if (st != APP_OK)
		return st;
	p->via = AUTH_SESSION;
	p->session_id = row.id;
	auth_csrf(token, p->csrf);
	return APP_OK;
}

enum app_status auth_sign_in(struct auth *a, struct store *s, const char *username,
                             const char *password, const char *ip,
                             char token[CRYPTO_TOKEN_CHARS + 1], struct principal *out,
                             int64_t *retry_after, struct app_err *err)
{
	int64_t retry = 0;
	token[0] = '\0';
	memset(out, 0, sizeof *out);
	if (!username || !*username) {
		app_err_field(err, "/username");
		return app_err_set(err, APP_EINVAL, "请输入用户名");
	}
	if (!password || !*password) {
		app_err_field(err, "/password");
		return app_err_set(err, APP_EINVAL, "请输入密码");
	}
	enum app_status st = throttle_check(a->throttle, username, ip, &retry, err);
	if (st != APP_OK) {
		if (retry_after)
			*retry_after = retry;
		return st;
	}
	struct user u;
	struct app_err le = {0};
	st = store_user_find(s, username, &u, &le);
	if (st == APP_ENOTFOUND) {
		password_verify_dummy(password);
		throttle_failure(a->throttle, username, ip);
		fail_audit(s, username, ip, "unknown_user");
		return app_err_set(err, APP_EAUTH, "用户名或密码错误");
	}
	if (st != APP_OK) {
		*err = le;
		return st;
	}
	st = password_verify(password, u.password_hash, &le);
	if (st == APP_EAUTH) {
		throttle_failure(a->throttle, username, ip);
		fail_audit(s, username, ip, "wrong_password");
		return app_err_set(err, APP_EAUTH, "用户名或密码错误");
	}
	if (st != APP_OK) {
		*err = le;
		return st;
	}
	if (u.disabled) {
		fail_audit(s, username, ip, "disabled");
		return app_err_set(err, APP_EAUTH, "账号已停用，请联系安全管理员");
	}
	throttle_success(a->throttle, username, ip);
	char rehash[PASSWORD_PHC_MAX] = "";
	if (password_needs_rehash(u.password_hash) &&
	    password_hash(password, rehash, NULL) != APP_OK)
		rehash[0] = '\0';
	fill_principal(out, &u, ip);
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	st = new_session(a, s, out, token, err);
	if (st == APP_OK)
		st = store_user_login(s, u.id, err);
	if (st == APP_OK && rehash[0]) {
		snprintf(u.password_hash, sizeof u.password_hash, "%s", rehash);
		st = store_user_update(s, &u, true, err);
	}
	if (st == APP_OK) {
		struct audit_actor who;
		auth_actor(out, &who);
		char sid[24];
		snprintf(sid, sizeof sid, "%ld", out->session_id);
		st = audit_kv(s, &who, "session.create", "session", u.username, err, "session", sid,
		              NULL);
	}
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st != APP_OK) {
		memset(token, 0, CRYPTO_TOKEN_CHARS + 1);
		memset(out, 0, sizeof *out);
	}
	return st;
}

enum app_status auth_session(struct auth *a, struct store *s, const char *token, const char *ip,
                             struct principal *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	if (!token || strlen(token) != CRYPTO_TOKEN_CHARS)
		return app_err_set(err, APP_EAUTH, "未登录或登录已失效，请重新登录");
	char hash[CRYPTO_DIGEST_HEX];
	enum app_status st = crypto_token_hash(token, hash, err);
	if (st != APP_OK)
		return st;
	struct session_row row;
	struct user u;
	int64_t now = auth_now(a);
	char csrf[AUTH_CSRF_CHARS + 1];
	if (!cache_get(a, hash, now, &row, &u, csrf)) {
		unsigned gen = store_user_generation();
		struct app_err le = {0};
		st = store_session_get(s, hash, &row, &u, &le);
		if (st == APP_ENOTFOUND)
			return app_err_set(err, APP_EAUTH, "未登录或登录已失效，请重新登录");
		if (st != APP_OK) {
			*err = le;
			return st;
		}
		auth_csrf(token, csrf);
		cache_put(a, hash, &row, &u, csrf, now, gen);
	}
	const char *why = NULL;
	if (u.disabled)
		why = "账号已停用，请联系安全管理员";
	else if (now - row.last_seen > a->idle_s)
		why = "长时间未操作，登录已超时，请重新登录";
	else if (now - row.created_at > a->absolute_s)
		why = "登录时间已达上限，请重新登录";
	if (why) {
		cache_drop(a, hash);
		store_session_delete(s, row.id, NULL);
		return app_err_set(err, APP_EAUTH, "%s", why);
	}
	if (now - row.last_seen >= a->touch_s) {
		if ((st = store_session_touch(s, row.id, now, err)) != APP_OK)
			return st;
		cache_touch(a, hash, now);
	}
	fill_principal(out, &u, ip);
	out->via = AUTH_SESSION;
	out->session_id = row.id;
	snprintf(out->session_hash, sizeof out->session_hash, "%s", hash);
	memcpy(out->csrf, csrf, sizeof out->csrf);
	return APP_OK;
}

bool auth_token_live(const struct auth *a, const struct api_token *t)
{
	return !t->revoked_at && (!t->expires_at || auth_now(a) < t->expires_at);
}

enum app_status auth_bearer(struct auth *a, struct store *s, const char *token, const char *ip,
                            struct principal *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	if (!token || strlen(token) != AUTH_TOKEN_CHARS ||
	    strncmp(token, AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX)) != 0)
		return app_err_set(err, APP_EAUTH, "API 令牌无效");
	char hash[CRYPTO_DIGEST_HEX];
	enum app_status st = crypto_token_hash(token, hash, err);
	if (st != APP_OK)
		return st;
	struct api_token t;
	struct user u;
	struct app_err le = {0};
	st = store_token_get(s, hash, &t, &u, &le);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_EAUTH, "API 令牌无效");
	if (st != APP_OK) {
		*err = le;
		return st;
	}
	if (t.revoked_at)
		return app_err_set(err, APP_EAUTH, "API 令牌已吊销");
	int64_t now = auth_now(a);
	if (t.expires_at && now >= t.expires_at)
		return app_err_set(err, APP_EAUTH, "API 令牌已过期");
	if (u.disabled)
		return app_err_set(err, APP_EAUTH, "令牌所属账号已停用");
	if (now - t.last_used >= TOKEN_TOUCH_S && (st = store_token_touch(s, t.id, now, err)))
		return st;
	fill_principal(out, &u, ip);
	out->via = AUTH_TOKEN;
	out->token_id = t.id;
	out->token_write = t.write;
	return APP_OK;
}

enum app_status auth_sign_out(struct auth *a, struct store *s, const struct principal *p,
                              struct app_err *err)
{
	if (p->via != AUTH_SESSION)
		return app_err_set(err, APP_EINVAL, "只有浏览器会话可以退出登录");
	enum app_status st = store_begin(s, err);
	if (st != APP_OK)
		return st;
	cache_drop(a, p->session_hash);
	st = store_session_delete(s, p->session_id, err);
	if (st == APP_OK) {
		struct audit_actor who;
		auth_actor(p, &who);
		st = audit_append(s, &who, "session.delete", "session", p->user.username, NULL,
		                  NULL, err);
	}
	if (st == APP_OK)
		return store_commit(s, err);
	store_rollback(s, NULL);
	return st;
}

enum app_status auth_change_password(struct auth *a, struct store *s, struct principal *p,
                                     const char *old_pw, const char *new_pw, int64_t *retry_after,
                                     struct app_err *err)
{
	int64_t retry = 0;
	if (!old_pw || !*old_pw) {
		app_err_field(err, "/old_password");
		return app_err_set(err, APP_EINVAL, "请输入当前密码");
	}
	if (!new_pw || !*new_pw) {
		app_err_field(err, "/new_password");
		return app_err_set(err, APP_EINVAL, "请输入新密码");
	}
	enum app_status st = throttle_check(a->throttle, p->user.username, p->ip, &retry, err);
	if (st != APP_OK) {
		if (retry_after)
			*retry_after = retry;
		return st;
	}
	struct user u;
	if ((st = store_user_get(s, p->user.id, &u, err)) != APP_OK)
		return st;
	struct app_err le = {0};
	st = password_verify(old_pw, u.password_hash, &le);
	if (st == APP_EAUTH) {
		throttle_failure(a->throttle, p->user.username, p->ip);
		app_err_field(err, "/old_password");
		return app_err_set(err, APP_EINVAL, "当前密码不正确");
	}
	if (st != APP_OK) {
		*err = le;
		return st;
	}
	if ((st = password_policy_check(new_pw, u.username, err)) != APP_OK) {
		app_err_field(err, "/new_password");
		return st;
	}
	if (strcmp(old_pw, new_pw) == 0) {
		app_err_field(err, "/new_password");
		return app_err_set(err, APP_EINVAL, "新密码不能与当前密码相同");
	}
	if ((st = password_hash(new_pw, u.password_hash, err)) != APP_OK)
		return st;
	u.must_change = false;
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_user_update(s, &u, true, err);
	if (st == APP_OK && p->via == AUTH_SESSION)
		st = store_session_delete_user(s, u.id, p->session_id, NULL, err);
	if (st == APP_OK) {
		struct audit_actor who;
		auth_actor(p, &who);
		char id[24];
		snprintf(id, sizeof id, "%ld", u.id);
		st = audit_append(s, &who, "user.password_change", "user", id, NULL, NULL, err);
	}
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st == APP_OK) {
		p->user = u;
		memset(p->user.password_hash, 0, sizeof p->user.password_hash);
	}
	return st;
}

struct count_ctx {
	const struct auth *a;
	long live;
};

static int count_live(void *ctx, const struct api_token *t)
{
	struct count_ctx *c = ctx;
	c->live += auth_token_live(c->a, t);
	return 0;
}

static json_t *token_json_audit(const struct api_token *t)
{
	return json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)t->id, "name", t->name, "scope",
	                 t->write ? "write" : "read", "expires_at", (json_int_t)t->expires_at);
}

static enum app_status audit_token(struct store *s, const struct principal *p, const char *action,
                                   const struct api_token *t, bool before, struct app_err *err)
{
	struct audit_actor who;
	auth_actor(p, &who);
	char id[24];
	snprintf(id, sizeof id, "%ld", t->id);
	json_t *j = token_json_audit(t);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	enum app_status st = audit_append(s, &who, action, "token", id, before ? text : NULL,
	                                  before ? NULL : text, err);
	free(text);
	json_decref(j);
	return st;
}

static enum app_status check_token_name(const char *name, struct app_err *err)
{
	size_t n = name ? strlen(name) : 0;
	bool ok = n > 0 && n <= TOKEN_NAME_MAX && utf8_valid(name, n);
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)name[i] >= 0x20 && name[i] != 0x7f;
	if (ok)
		return APP_OK;
	app_err_field(err, "/name");
	return app_err_set(err, APP_EINVAL, "令牌名称应为 1-%d 字节的文字，不含控制字符",
	                   TOKEN_NAME_MAX);
}

enum app_status auth_token_create(struct auth *a, struct store *s, const struct principal *p,
                                  const char *name, bool write, int days,
                                  char token[AUTH_TOKEN_CHARS + 1], struct api_token *out,
                                  struct app_err *err)
{
	token[0] = '\0';
	if (p->via != AUTH_SESSION)
		return app_err_set(err, APP_EPERM, "API 令牌只能在浏览器会话中创建");
	if (p->user.must_change)
		return app_err_set(err, APP_EPERM, "请先修改初始密码");
	enum app_status st = check_token_name(name, err);
	if (st != APP_OK)
		return st;
	if (days < 0 || days > AUTH_TOKEN_MAX_DAYS) {
		app_err_field(err, "/expires_days");
		return app_err_set(err, APP_EINVAL, "有效天数应为 0(不过期)到 %d",
		                   AUTH_TOKEN_MAX_DAYS);
	}
	char raw[CRYPTO_TOKEN_CHARS + 1];
	if ((st = crypto_token_new(raw, err)) != APP_OK)
		return st;
	snprintf(token, AUTH_TOKEN_CHARS + 1, "%s%s", AUTH_TOKEN_PREFIX, raw);
	memset(out, 0, sizeof *out);
	if ((st = crypto_token_hash(token, out->token_hash, err)) != APP_OK)
		return st;
	out->user_id = p->user.id;
	snprintf(out->name, sizeof out->name, "%s", name);
	out->write = write;
	out->created_at = auth_now(a);
	out->expires_at = days ? out->created_at + (int64_t)days * 86400 : 0;
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	struct count_ctx c = {a, 0};
	st = store_token_list(s, p->user.id, count_live, &c, err);
	if (st == APP_OK && c.live >= AUTH_TOKENS_PER_USER)
		st =
		    app_err_set(err, APP_ECONFLICT, "有效的 API 令牌已达 %d 个，请先吊销不用的令牌",
		                AUTH_TOKENS_PER_USER);
	if (st == APP_OK)
		st = store_token_add(s, out, err);
	if (st == APP_OK)
		st = audit_token(s, p, "token.create", out, false, err);
	if (st == APP_OK)
		st = store_commit(s, err);
	else
		store_rollback(s, NULL);
	if (st != APP_OK)
		memset(token, 0, AUTH_TOKEN_CHARS + 1);
	return st;
}

enum app_status auth_token_revoke(struct auth *a, struct store *s, const struct principal *p,
                                  long id, struct api_token *out, struct app_err *err)
{
	enum app_status st = store_begin(s, err);
	if (st != APP_OK)
		return st;
	st = store_token_by_id(s, id, out, err);
	if (st == APP_OK && out->user_id != p->user.id)
		st = app_err_set(err, APP_ENOTFOUND, "令牌不存在");
	if (st == APP_OK && !out->revoked_at) {
		out->revoked_at = auth_now(a);
		st = store_token_revoke(s, id, out->revoked_at, err);
		if (st == APP_OK)
			st = audit_token(s, p, "token.revoke", out, true, err);
	}
	if (st == APP_OK)
		return store_commit(s, err);
	store_rollback(s, NULL);
	return st;
}
