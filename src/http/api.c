/* api.c - the API route table, the one role × permission table, the
 * authentication pre-handler and the store pool (see api.h). */
#include "api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "api_int.h"
#include "base/mem.h"
#include "base/str.h"
#include "http/server.h"
#include "store/store.h"

/* Handles not in use: read-write, and read-only for GET requests. */
struct pool {
	struct store **idle;
	size_t n, cap;
};

struct api {
	struct api_config cfg;
	char *db;
	char today[11]; /* cfg.today, "" = the local date */
	char *files_dir;
	struct auth *auth;
	pthread_mutex_t lock;
	struct pool rw, ro;
	atomic_llong last_purge; /* Unix seconds of the last expired-session sweep */
};

enum { PURGE_EVERY_S = 300 };

/* ---- the route table ---- */

/* Bodies larger than MAX_BODY_BYTES: uploads. */
#ifndef MAX_IMPORT_BODY_BYTES
#define MAX_IMPORT_BODY_BYTES (64 * 1024 * 1024) /* an uploaded CSV/XLSX file */
#endif

#define V1 "/api/v1"
static const struct http_route routes[] = {
    /* session and tokens */
    {HTTP_POST, V1 "/session", api_session_create, PERM_PUBLIC, "session_create", 0},
    {HTTP_GET, V1 "/session", api_session_get, PERM_PUBLIC, "session_get", 0},
    {HTTP_DELETE, V1 "/session", api_session_delete, PERM_SESSION, "session_delete", 0},
    {HTTP_POST, V1 "/session/password", api_session_password, PERM_SESSION, "session_password", 0},
    {HTTP_GET, V1 "/tokens", api_token_list, PERM_SIGNED_IN, "token_list", 0},
    {HTTP_POST, V1 "/tokens", api_token_create, PERM_SIGNED_IN, "token_create", 0},
    {HTTP_DELETE, V1 "/tokens/:id", api_token_revoke, PERM_SIGNED_IN, "token_revoke", 0},
    /* users (security administrator) */
    {HTTP_GET, V1 "/users", api_user_list, PERM_MANAGE_USERS, "user_list", 0},
    {HTTP_POST, V1 "/users", api_user_create, PERM_MANAGE_USERS, "user_create", 0},
    {HTTP_GET, V1 "/users/:id", api_user_get, PERM_MANAGE_USERS, "user_get", 0},
    {HTTP_PATCH, V1 "/users/:id", api_user_update, PERM_MANAGE_USERS, "user_update", 0},
    {HTTP_POST, V1 "/users/:id/password", api_user_password, PERM_MANAGE_USERS, "user_password", 0},
    /* reference data */
    {HTTP_GET, V1 "/meta/districts", api_meta_districts, PERM_SIGNED_IN, "meta_districts", 0},
    {HTTP_GET, V1 "/meta/industries", api_meta_industries, PERM_SIGNED_IN, "meta_industries", 0},
    {HTTP_GET, V1 "/meta/tiers", api_meta_tiers, PERM_SIGNED_IN, "meta_tiers", 0},
    {HTTP_GET, V1 "/meta/indicators", api_meta_indicators, PERM_SIGNED_IN, "meta_indicators", 0},
    {HTTP_GET, V1 "/meta/roles", api_meta_roles, PERM_SIGNED_IN, "meta_roles", 0},
    {HTTP_GET, V1 "/openapi.json", api_openapi, PERM_PUBLIC, "openapi", 0},
    /* enterprises */
    {HTTP_GET, V1 "/enterprises", api_firm_list, PERM_READ, "enterprise_list", 0},
    {HTTP_POST, V1 "/enterprises", api_firm_create, PERM_CREATE_ENTERPRISE, "enterprise_create", 0},
    {HTTP_GET, V1 "/enterprises/:uscc", api_firm_get, PERM_READ, "enterprise_get", 0},
    {HTTP_PATCH, V1 "/enterprises/:uscc", api_firm_update, PERM_WRITE_ENTERPRISE,
     "enterprise_update", 0},
    {HTTP_GET, V1 "/enterprises/:uscc/annual", api_annual_list, PERM_READ, "annual_list", 0},
    {HTTP_GET, V1 "/enterprises/:uscc/annual/:year", api_annual_get, PERM_READ, "annual_get", 0},
    {HTTP_PUT, V1 "/enterprises/:uscc/annual/:year", api_annual_put, PERM_WRITE_ENTERPRISE,
     "annual_put", 0},
    {HTTP_GET, V1 "/enterprises/:uscc/tiers", api_tier_get, PERM_READ, "tier_get", 0},
    {HTTP_POST, V1 "/enterprises/:uscc/tiers", api_tier_add, PERM_WRITE_TIER, "tier_add", 0},
    {HTTP_GET, V1 "/stats/pool", api_stats_pool, PERM_READ, "stats_pool", 0},
    /* files */
    {HTTP_GET, V1 "/enterprises.csv", api_export_firms_csv, PERM_READ, "export_enterprises_csv", 0},
    {HTTP_GET, V1 "/enterprises.xlsx", api_export_firms_xlsx, PERM_READ, "export_enterprises_xlsx",
     0},
    {HTTP_GET, V1 "/annual.csv", api_export_annual_csv, PERM_READ, "export_annual_csv", 0},
    {HTTP_GET, V1 "/annual.xlsx", api_export_annual_xlsx, PERM_READ, "export_annual_xlsx", 0},
    {HTTP_POST, V1 "/imports/:kind", api_import, PERM_IMPORT, "import", MAX_IMPORT_BODY_BYTES},
    {HTTP_GET, V1 "/templates/:kind", api_template, PERM_IMPORT, "template", 0},
    /* audit */
    {HTTP_GET, V1 "/audit", api_audit_list, PERM_AUDIT_ENTITY, "audit_list", 0},
    {HTTP_GET, V1 "/audit/verify", api_audit_verify, PERM_AUDIT, "audit_verify", 0},
};

/* The route tables of the domains, each defined beside its handlers
 * (api_<domain>.c) and declared in api_int.h. A new domain adds one line
 * here; the matrix and OpenAPI tests pick its routes up from the combined
 * table. */
static const struct {
	const struct http_route *routes;
	const size_t *n;
} domain_tables[] = {
    {NULL, NULL}, /* placeholder so the list is never empty */
    {api_routes_workflow, &api_routes_workflow_n},
    {api_routes_criteria, &api_routes_criteria_n},
    {api_routes_monthly, &api_routes_monthly_n},
};

static struct http_route *all_routes;
static size_t all_n;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void combine_routes(void)
{
	size_t n = sizeof routes / sizeof routes[0];
	for (size_t i = 0; i < sizeof domain_tables / sizeof domain_tables[0]; i++)
		n += domain_tables[i].n ? *domain_tables[i].n : 0;
	all_routes = xcalloc(n, sizeof *all_routes);
	memcpy(all_routes, routes, sizeof routes);
	all_n = sizeof routes / sizeof routes[0];
	for (size_t i = 0; i < sizeof domain_tables / sizeof domain_tables[0]; i++) {
		if (!domain_tables[i].routes)
			continue;
		memcpy(all_routes + all_n, domain_tables[i].routes,
		       *domain_tables[i].n * sizeof *all_routes);
		all_n += *domain_tables[i].n;
	}
}

const struct http_route *api_routes(size_t *n)
{
	pthread_once(&all_once, combine_routes);
	*n = all_n;
	return all_routes;
}

void api_print_routes(FILE *f)
{
	size_t nb, n;
	const struct http_route *b = http_server_builtin_routes(&nb);
	const struct http_route *r = api_routes(&n);
	for (size_t i = 0; i < nb + n; i++) {
		const struct http_route *x = i < nb ? &b[i] : &r[i - nb];
		fprintf(f, "%s %s %s %s\n", http_method_name(x->method), x->pattern,
		        router_perm_name(x->perm), x->name);
	}
}

/* ---- the role × permission table (docs/API.md "Roles") ---- */

#define P(x)     (1u << (x))
#define EVERYONE (P(PERM_SIGNED_IN) | P(PERM_SESSION))
static const unsigned role_perms[ROLE_COUNT] = {
    [ROLE_NONE] = 0,
    [ROLE_CITY] = EVERYONE | P(PERM_READ) | P(PERM_WRITE_ENTERPRISE) | P(PERM_CREATE_ENTERPRISE) |
                  P(PERM_WRITE_TIER) | P(PERM_WRITE_CRITERIA) | P(PERM_REVIEW) | P(PERM_IMPORT) |
                  P(PERM_AUDIT_ENTITY) | P(PERM_WORKFLOW) | P(PERM_MOVE) | P(PERM_OVERSIGHT) |
                  P(PERM_ANALYZE) | P(PERM_READ_CITY) | P(PERM_MONITOR),
    [ROLE_DISTRICT] = EVERYONE | P(PERM_READ) | P(PERM_WRITE_ENTERPRISE) |
                      P(PERM_CREATE_ENTERPRISE) | P(PERM_REVIEW) | P(PERM_IMPORT) |
                      P(PERM_WORKFLOW) | P(PERM_APPLY) | P(PERM_MOVE) | P(PERM_OVERSIGHT) |
                      P(PERM_ANALYZE) | P(PERM_MONITOR),
    [ROLE_ENTERPRISE] = EVERYONE | P(PERM_READ) | P(PERM_WRITE_ENTERPRISE) | P(PERM_WORKFLOW) |
                        P(PERM_APPLY) | P(PERM_MOVE),
    [ROLE_EXPERT] = EVERYONE | P(PERM_SCORE) | P(PERM_WORKFLOW),
    [ROLE_VIEWER] = EVERYONE | P(PERM_READ) | P(PERM_WORKFLOW) | P(PERM_OVERSIGHT) |
                    P(PERM_READ_CITY) | P(PERM_MONITOR),
    [ROLE_ADMIN] = EVERYONE | P(PERM_SYSTEM) | P(PERM_AUDIT_ENTITY),
    [ROLE_SECURITY] = EVERYONE | P(PERM_MANAGE_USERS),
    [ROLE_AUDITOR] = EVERYONE | P(PERM_AUDIT) | P(PERM_AUDIT_ENTITY),
};
#undef P
#undef EVERYONE

bool api_role_has(enum role r, enum perm p)
{
	if ((unsigned)r >= ROLE_COUNT || (unsigned)p >= PERM_COUNT)
		return false;
	return p == PERM_PUBLIC || (role_perms[r] >> p & 1u);
}

/* ---- the API object and its store pool ---- */

enum app_status api_new(const struct api_config *cfg, struct api **out, struct app_err *err)
{
	*out = NULL;
	struct store *s = NULL;
	enum app_status st = store_open(cfg->db, 0, &s, err); /* migrates */
	if (st != APP_OK)
		return st;
	struct api *a = xcalloc(1, sizeof *a);
	a->cfg = *cfg;
	a->db = xstrdup(cfg->db);
	a->cfg.db = a->db;
	if (cfg->today)
		str_copy(a->today, sizeof a->today, cfg->today, strlen(cfg->today));
	if (cfg->files_dir) {
		a->files_dir = xstrdup(cfg->files_dir);
	} else {
		const char *path = strncmp(cfg->db, "sqlite:", 7) == 0 ? cfg->db + 7 : cfg->db;
		size_t n = strlen(path);
		a->files_dir = xmalloc(n + 7);
		memcpy(a->files_dir, path, n);
		memcpy(a->files_dir + n, ".files", 7);
	}
	a->cfg.today = NULL;
	a->cfg.files_dir = a->files_dir;
	struct auth_config ac = {.idle_s = cfg->idle_s, .absolute_s = cfg->absolute_s};
	a->auth = auth_new(&ac);
	struct app_err re = {0};
	if (auth_restore_throttle(a->auth, s, &re) != APP_OK) /* a warning, not fatal */
		fprintf(stderr, "zjtx: 未能从审计日志恢复登录限制: %s\n", re.msg);
	pthread_mutex_init(&a->lock, NULL);
	atomic_init(&a->last_purge, 0);
	xgrow((void **)&a->rw.idle, &a->rw.cap, 1, sizeof *a->rw.idle);
	a->rw.idle[a->rw.n++] = s;
	*out = a;
	return APP_OK;
}

void api_free(struct api *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->rw.n; i++)
		store_close(a->rw.idle[i]);
	for (size_t i = 0; i < a->ro.n; i++)
		store_close(a->ro.idle[i]);
	free(a->rw.idle);
	free(a->ro.idle);
	auth_free(a->auth);
	pthread_mutex_destroy(&a->lock);
	free(a->db);
	free(a->files_dir);
	free(a);
}

void api_today(const struct api *a, char out[11])
{
	if (a->today[0]) {
		memcpy(out, a->today, 11);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	date_format(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

const char *api_files_dir(const struct api *a)
{
	return a->files_dir;
}

/* A handle from the pool (read-only ones for GET requests), opened if the
 * pool is empty: the pools grow to the number of concurrent requests. */
static enum app_status pool_take(struct api *a, bool ro, struct store **out, struct app_err *err)
{
	struct pool *p = ro ? &a->ro : &a->rw;
	pthread_mutex_lock(&a->lock);
	*out = p->n ? p->idle[--p->n] : NULL;
	pthread_mutex_unlock(&a->lock);
	if (*out)
		return APP_OK;
	return store_open(a->db, ro ? STORE_READONLY : STORE_NO_MIGRATE, out, err);
}

static void pool_give(struct api *a, bool ro, struct store *s)
{
	if (store_in_transaction(s)) /* ends a read, or undoes a handler bug */
		store_rollback(s, NULL);
	struct pool *p = ro ? &a->ro : &a->rw;
	pthread_mutex_lock(&a->lock);
	xgrow((void **)&p->idle, &p->cap, p->n + 1, sizeof *p->idle);
	p->idle[p->n++] = s;
	pthread_mutex_unlock(&a->lock);
}

int64_t api_db_size(void *app)
{
	struct api *a = app;
	struct stat st;
	const char *path = strncmp(a->db, "sqlite:", 7) == 0 ? a->db + 7 : a->db;
	if (stat(path, &st) != 0)
		return -1;
	int64_t n = st.st_size;
	char wal[4096];
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0)
		n += st.st_size;
	return n;
}

/* ---- per-request context ---- */

struct api_req *api_ctx(struct http_req *req)
{
	return req->ctx;
}

struct auth *api_auth(struct http_req *req)
{
	return api_ctx(req)->api->auth;
}

bool api_secure_cookie(struct http_req *req)
{
	return api_ctx(req)->api->cfg.secure_cookie;
}

int64_t api_today_days(struct http_req *req)
{
	const struct api *a = api_ctx(req)->api;
	int y, m, d;
	if (a->today[0] && date_split(a->today, &y, &m, &d) && date_valid(y, m, d))
		return date_days(y, m, d);
	return 0;
}

static void purge_sessions(struct api *a, struct store *s)
{
	int64_t now = auth_now(a->auth);
	long long last = atomic_load(&a->last_purge);
	if (now - last < PURGE_EVERY_S ||
	    !atomic_compare_exchange_strong(&a->last_purge, &last, now))
		return;
	store_session_purge(s, now - auth_idle_s(a->auth), now - auth_absolute_s(a->auth), NULL,
	                    NULL);
}

/* "Bearer <token>" → the token, else NULL. */
static const char *bearer(const struct http_req *req)
{
	const char *h = http_req_header(req, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

static bool is_read(enum http_method m)
{
	return m == HTTP_GET || m == HTTP_HEAD || m == HTTP_OPTIONS;
}

static void expire_cookie(struct http_req *req, struct http_resp *resp)
{
	char c[160];
	snprintf(c, sizeof c, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", AUTH_COOKIE,
	         api_secure_cookie(req) ? "; Secure" : "");
	http_resp_header(resp, "Set-Cookie", c);
}

/* Authenticates from the Bearer header or the session cookie. APP_OK with
 * p->via == AUTH_NONE when no credentials came. */
static enum app_status authenticate(struct http_req *req, struct http_resp *resp,
                                    struct api_req *ar, struct app_err *err)
{
	const char *tok = bearer(req);
	if (tok) {
		enum app_status st =
		    auth_bearer(ar->api->auth, ar->store, tok, req->ip, &ar->p, err);
		if (st == APP_EAUTH)
			http_resp_header(resp, "WWW-Authenticate", "Bearer realm=\"zjtx\"");
		return st;
	}
	const char *cookie = http_req_cookie(req, AUTH_COOKIE);
	if (!cookie || !*cookie)
		return APP_OK;
	enum app_status st = auth_session(ar->api->auth, ar->store, cookie, req->ip, &ar->p, err);
	if (st == APP_EAUTH)
		expire_cookie(req, resp);
	return st;
}

/* A GET handler reads from a read-only handle inside one read transaction:
 * one consistent snapshot for all its queries (and one lock instead of one
 * per query), and no way to write. The read-write handle that
 * authenticated the request goes back to its pool. */
static void read_snapshot(struct http_req *req, struct api_req *ar)
{
	struct store *ro = NULL;
	if (!is_read(req->method) || pool_take(ar->api, true, &ro, NULL) != APP_OK)
		return;
	if (store_begin(ro, NULL) != APP_OK) {
		pool_give(ar->api, true, ro);
		return;
	}
	pool_give(ar->api, false, ar->store);
	ar->store = ro;
	ar->read_only = true;
}

enum app_status api_pre_handler(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	struct api_req *ar = arena_alloc(req->arena, sizeof *ar);
	memset(ar, 0, sizeof *ar);
	ar->api = req->app;
	req->ctx = ar;
	enum app_status st = pool_take(ar->api, false, &ar->store, err);
	if (st != APP_OK) {
		ar->store = NULL;
		return st;
	}
	purge_sessions(ar->api, ar->store);
	enum perm perm = req->route->perm;
	struct app_err aerr = {0};
	st = authenticate(req, resp, ar, &aerr);
	if (st != APP_OK) {
		memset(&ar->p, 0, sizeof ar->p);
		if (perm == PERM_PUBLIC && st == APP_EAUTH)
			return APP_OK; /* an expired cookie on the sign-in page: anonymous */
		*err = aerr;
		return st;
	}
	const struct principal *p = &ar->p;
	if (p->via != AUTH_NONE)
		req->user = arena_strdup(req->arena, p->user.username);
	if (perm == PERM_PUBLIC) {
		read_snapshot(req, ar);
		return APP_OK;
	}
	if (p->via == AUTH_NONE)
		return app_err_set(err, APP_EAUTH, "未登录或登录已失效，请重新登录");
	if (p->via == AUTH_SESSION && !is_read(req->method)) {
		const char *csrf = http_req_header(req, "X-CSRF-Token");
		if (!csrf || !p->csrf[0] || !crypto_streq(csrf, p->csrf))
			return app_err_set(
			    err, APP_EPERM,
			    "缺少或错误的 X-CSRF-Token（防跨站请求伪造），请刷新页面后重试");
	}
	if (p->via == AUTH_TOKEN && !p->token_write && !is_read(req->method))
		return app_err_set(err, APP_EPERM, "只读 API 令牌不能修改数据");
	if (p->via == AUTH_TOKEN && perm == PERM_SESSION)
		return app_err_set(err, APP_EPERM, "API 令牌不能用于会话和密码操作");
	if (p->user.must_change && perm != PERM_SESSION && perm != PERM_SIGNED_IN)
		return app_err_set(err, APP_EPERM, "请先修改初始密码");
	if (!api_role_has(p->user.role, perm))
		return app_err_set(err, APP_EPERM, "当前角色（%s）无权执行此操作",
		                   role_label(p->user.role));
	read_snapshot(req, ar);
	return APP_OK;
}

void api_post_handler(struct http_req *req, const struct http_resp *resp)
{
	(void)resp;
	struct api_req *ar = req->ctx;
	if (ar && ar->store) {
		pool_give(ar->api, ar->read_only, ar->store);
		ar->store = NULL;
	}
}
