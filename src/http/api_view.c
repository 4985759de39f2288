/* api_view.c - request parsing and JSON views shared by the API handlers
 * (api_int.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_int.h"
#include "app/query.h"
#include "app/scope.h"
#include "base/str.h"
#include "core/district.h"
#include "core/industry.h"
#include "core/sizeclass.h"
#include "core/uscc.h"

enum { MAX_PAGE = 1000000 };

enum app_status api_bad_param(struct app_err *err, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_err_vset(err, APP_EINVAL, fmt, ap);
	va_end(ap);
	app_err_field(err, name);
	return APP_EINVAL;
}

static enum app_status int_param(const struct http_req *req, const char *name, long min, long max,
                                 long dflt, long *out, struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = dflt;
	if (!v || !*v)
		return APP_OK;
	if (!str_to_int_range(strv_from(v), min, max, out))
		return api_bad_param(err, name, "应为 %ld 到 %ld 之间的整数", min, max);
	return APP_OK;
}

enum app_status api_page(const struct http_req *req, long *page, long *size, struct app_err *err)
{
	enum app_status st = int_param(req, "page", 1, MAX_PAGE, 1, page, err);
	if (st == APP_OK)
		st =
		    int_param(req, "page_size", 1, MAX_PAGE_SIZE, API_DEFAULT_PAGE_SIZE, size, err);
	return st;
}

enum app_status api_filter(struct http_req *req, struct api_filter *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	struct store_filter *f = &out->f;
	const char *v;
	struct app_err e = {0};
	if ((v = http_req_query(req, "district")) && *v) {
		if (query_district(v, out->district, &e) != APP_OK)
			return api_bad_param(err, "district", "%s", e.msg);
		f->district = out->district;
	}
	if ((v = http_req_query(req, "industry")) && *v) {
		if (query_industry(v, out->industry, &e) != APP_OK)
			return api_bad_param(err, "industry", "%s", e.msg);
		f->industry = out->industry;
	}
	if ((v = http_req_query(req, "tier")) && *v && query_tier(v, &f->tier, &e) != APP_OK)
		return api_bad_param(err, "tier", "%s", e.msg);
	if ((v = http_req_query(req, "q")) && *v) {
		if (strlen(v) > MAX_FILTER_TEXT)
			return api_bad_param(err, "q", "查询文字不能超过 %d 字节", MAX_FILTER_TEXT);
		f->q = v;
	}
	static const char *const sorts[] = {"uscc",     "name", "district",
	                                    "industry", "tier", "founded"};
	if ((v = http_req_query(req, "sort")) && *v) {
		bool known = false;
		for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			known |= strcmp(v, sorts[i]) == 0;
		if (!known)
			return api_bad_param(err, "sort",
			                     "可选 uscc、name、district、industry、tier、founded");
		f->sort = v;
	}
	if ((v = http_req_query(req, "order")) && *v) {
		if (strcmp(v, "asc") != 0 && strcmp(v, "desc") != 0)
			return api_bad_param(err, "order", "应为 asc 或 desc");
		f->desc = strcmp(v, "desc") == 0;
	}
	if (!scope_filter(&api_ctx(req)->p, f))
		return app_err_set(err, APP_EPERM, "当前账号没有可查看的企业");
	return APP_OK;
}

enum app_status api_uscc(const struct http_req *req, char out[USCC_LEN + 1], struct app_err *err)
{
	const char *v = http_req_param(req, "uscc");
	struct app_err e = {0};
	if (!v || uscc_check(v, strlen(v), out, &e) != APP_OK)
		return api_bad_param(err, "uscc", "统一社会信用代码无效：%s", e.msg);
	return APP_OK;
}

enum app_status api_body(const struct http_req *req, json_t **out, struct app_err *err)
{
	enum app_status st = js_parse_req(req, out, err);
	if (st == APP_OK && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		app_err_field(err, "");
		return app_err_set(err, APP_EINVAL, "请求体应为 JSON 对象");
	}
	return st;
}

/* ---- JSON views ---- */

json_t *api_str(const char *s)
{
	if (!s || !*s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : json_null(); /* invalid UTF-8 cannot be stored, but never crash */
}

json_t *api_time(const char *t)
{
	if (!t || strlen(t) != 19)
		return json_null();
	char iso[21];
	snprintf(iso, sizeof iso, "%.10sT%.8sZ", t, t + 11);
	return json_string(iso);
}

json_t *api_unix_time(int64_t t)
{
	if (t <= 0)
		return json_null();
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char iso[32];
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(iso);
}

json_t *api_value(const struct indicator *ind, int64_t v)
{
	switch (ind->type) {
	case IND_MONEY:
		/* 万元; exact to 15 significant digits (js_dump) */
		return json_real((double)v / 1e6);
	case IND_PERCENT:
		return json_real((double)v / 100.0);
	default:
		return json_integer(v);
	}
}

json_t *api_user_json(const struct user *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "username", json_string(u->username));
	json_object_set_new(o, "display_name", api_str(u->display_name));
	json_object_set_new(o, "role", json_string(role_key(u->role)));
	json_object_set_new(o, "role_label", json_string(role_label(u->role)));
	json_object_set_new(o, "district", api_str(u->district));
	json_object_set_new(o, "district_name",
	                    u->district[0] ? json_string(district_unit_name(u->district))
	                                   : json_null());
	json_object_set_new(o, "uscc", api_str(u->uscc));
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	json_object_set_new(o, "must_change_password", json_boolean(u->must_change));
	json_object_set_new(o, "last_login", api_time(u->last_login));
	json_object_set_new(o, "created_at", api_time(u->created_at));
	return o;
}

/* Appends s as a JSON string (copying runs that need no escape). The
 * text is stored UTF-8 (validated on the way in), so only quotes,
 * backslashes and control characters are escaped. */
static void put_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		buf_append(b, run, (size_t)(p - run));
		if (!c)
			break;
		char esc[7] = {'\\', (char)c, 0};
		if (c < 0x20 || c == 0x7f) {
			esc[1] = 'u';
			esc[2] = esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			buf_append(b, esc, 6);
		} else {
			buf_append(b, esc, 2);
		}
		run = p + 1;
	}
	buf_putc(b, '"');
}

/* ,"key": (first: no comma). Keys are literals: nothing to escape. */
static void put_key(struct buf *b, const char *key, bool first)
{
	if (first)
		buf_putc(b, '"');
	else
		buf_append(b, ",\"", 2);
	buf_puts(b, key);
	buf_append(b, "\":", 2);
}

/* "key":"value", or "key":null for "" or NULL. */
static void put_kv(struct buf *b, const char *key, const char *v, bool first)
{
	put_key(b, key, first);
	if (v && *v)
		put_str(b, v);
	else
		buf_append(b, "null", 4);
}

static void put_ki(struct buf *b, const char *key, long v, bool present)
{
	put_key(b, key, false);
	if (!present) {
		buf_append(b, "null", 4);
		return;
	}
	char num[24];
	int n = snprintf(num, sizeof num, "%ld", v);
	buf_append(b, num, (size_t)n);
}

enum { SIZE_YEARS = 4 }; /* fiscal years looked back for the size class */

static bool size_inputs(const struct annual *a)
{
	return annual_has(a, AK_EMPLOYEES) || annual_has(a, AK_REVENUE) ||
	       annual_has(a, AK_TOTAL_ASSETS);
}

/* The size class from the most recent of the last SIZE_YEARS fiscal years
 * with any of its inputs (point lookups; a GET runs in one read
 * transaction, so they are cheap), or null. */
static void put_size(struct buf *b, struct store *s, const struct enterprise *e)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	/* last year's figures are the usual latest ones: try it first */
	int now_y = tm.tm_year + 1900;
	static const int order[SIZE_YEARS] = {-1, 0, -2, -3};
	struct annual a;
	bool found = false;
	for (int i = 0; !found && i < SIZE_YEARS; i++)
		found = store_annual_get(s, e->uscc, now_y + order[i], &a, NULL) == APP_OK &&
		        size_inputs(&a);
	struct size_input in = {
	    .has_employees = annual_has(&a, AK_EMPLOYEES),
	    .employees = a.v[AK_EMPLOYEES],
	    .has_revenue = annual_has(&a, AK_REVENUE),
	    .revenue = a.v[AK_REVENUE],
	    .has_assets = annual_has(&a, AK_TOTAL_ASSETS),
	    .assets = a.v[AK_TOTAL_ASSETS],
	};
	struct size_result r;
	if (!found || sizeclass_classify(e->industry, &in, NULL, &r, NULL) != APP_OK) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '{');
	put_kv(b, "class", sizeclass_key(r.cls), true);
	put_kv(b, "label", sizeclass_name(r.cls), false);
	put_kv(b, "category_name", r.category_name, false);
	put_kv(b, "version", r.version, false);
	put_ki(b, "year", a.year, true);
	put_kv(b, "missing", r.missing, false);
	buf_putc(b, '}');
}

void api_firm_write(struct buf *b, const struct principal *p, const struct enterprise *ein,
                    struct store *s)
{
	struct enterprise e = *ein;
	scope_mask(p, &e);
	const struct industry_division *div = industry_division(e.industry);
	buf_putc(b, '{');
	put_kv(b, "uscc", e.uscc, true);
	put_kv(b, "name", e.name, false);
	put_kv(b, "district", e.district, false);
	put_kv(b, "district_name", district_unit_name(e.district), false);
	put_kv(b, "zone", e.zone, false);
	put_kv(b, "zone_name", e.zone[0] ? district_unit_name(e.zone) : NULL, false);
	put_kv(b, "industry", e.industry, false);
	put_kv(b, "industry_name", div ? div->name : NULL, false);
	put_ki(b, "emerging", e.emerging, e.emerging != 0);
	put_kv(b, "founded", e.founded, false);
	put_ki(b, "niche_since", e.niche_since, e.niche_since != 0);
	put_kv(b, "contact", e.contact, false);
	put_kv(b, "phone", e.phone, false);
	put_kv(b, "tier", e.tier ? tier_key(e.tier) : NULL, false);
	put_kv(b, "tier_label", e.tier ? tier_label(e.tier) : NULL, false);
	put_kv(b, "tier_until", e.tier_until, false);
	buf_puts(b, ",\"size_class\":");
	if (s)
		put_size(b, s, &e);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
}

enum app_status api_firm_reply(struct http_resp *resp, int status, const struct principal *p,
                               const struct enterprise *e, struct store *s)
{
	http_resp_set(resp, status, "application/json", NULL, 0);
	api_firm_write(&resp->body, p, e, s);
	return resp->body.len < resp->body.max ? APP_OK : APP_ETOOLARGE;
}

json_t *api_annual_json(const struct annual *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(a->year));
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		json_object_set_new(o, annual_indicators[k].key,
		                    annual_has(a, (enum annual_key)k)
		                        ? api_value(&annual_indicators[k], a->v[k])
		                        : json_null());
	return o;
}

json_t *api_paged(json_t *items, long total, long page, long size)
{
	json_t *o = json_object();
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "page_size", json_integer(size));
	json_object_set_new(o, "items", items);
	return o;
}

void api_attachment(struct http_resp *resp, const char *ctype, int fd, uint64_t size,
                    const char *ascii_name, const char *utf8_name)
{
	http_resp_file(resp, 200, ctype, fd, size);
	api_disposition(resp, ascii_name, utf8_name);
}

void api_disposition(struct http_resp *resp, const char *ascii_name, const char *utf8_name)
{
	/* RFC 6266: an ASCII fallback and the UTF-8 name percent-encoded */
	char enc[512];
	size_t j = 0;
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)utf8_name; *p && j + 4 < sizeof enc;
	     p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_') {
			enc[j++] = (char)*p;
		} else {
			enc[j++] = '%';
			enc[j++] = hex[*p >> 4];
			enc[j++] = hex[*p & 15];
		}
	}
	enc[j] = '\0';
	char cd[700];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii_name,
	         enc);
	http_resp_header(resp, "Content-Disposition", cd);
}
