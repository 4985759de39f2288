/* api_firm.c - enterprises, their annual figures and tier history, and the
 * pool statistics (docs/API.md "Enterprises"). Scope and audit are
 * app/firm.c's; this file parses and serialises. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api_int.h"
#include "app/firm.h"
#include "app/scope.h"
#include "base/str.h"
#include "core/district.h"

/* ---- reading values from JSON bodies ---- */

/* The text form of a JSON scalar for the core's parsers: strings as they
 * are, integers in decimal, reals with 15 significant digits (money in
 * 万元 and percentages; exact for what a form sends), booleans as 1/0 when
 * allowed. NULL (with msg) if the type is wrong; "" for null. */
static const char *scalar_text(const json_t *v, bool reals, bool bools, char *buf, size_t n,
                               const char **msg)
{
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v) && reals) {
		snprintf(buf, n, "%.15g", json_real_value(v));
		if (strchr(buf, 'e')) {
			*msg = "数值超出范围";
			return NULL;
		}
		return buf;
	}
	if (json_is_boolean(v) && bools) {
		snprintf(buf, n, "%d", json_is_true(v) ? 1 : 0);
		return buf;
	}
	*msg = reals ? "应为数字或文字" : "应为整数或文字";
	return NULL;
}

static void field_error(struct http_resp *resp, const char *key, const char *msg)
{
	char ptr[80];
	snprintf(ptr, sizeof ptr, "/%s", key);
	http_resp_add_error(resp, ptr, msg);
}

/* Parses the members of body that name enterprise fields into e, setting
 * their bits in *mask; with all, absent fields count as empty. Every bad
 * member is added to resp's field errors; returns APP_EINVAL if any. */
static enum app_status parse_firm(const json_t *body, bool all, struct enterprise *e,
                                  unsigned *mask, struct http_resp *resp, struct app_err *err)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)body, key, val)
	{
		struct strv k = strv_from(key);
		int f = -1;
		for (int i = 0; i < EF_COUNT && f < 0; i++)
			if (strv_eq(k, ent_fields[i].key))
				f = i;
		if (f < 0)
			field_error(resp, key, "未知字段");
	}
	for (int f = 0; f < EF_COUNT; f++) {
		const json_t *v = json_object_get(body, ent_fields[f].key);
		if (!v && !all)
			continue;
		char buf[48];
		const char *msg = NULL;
		const char *text = scalar_text(v, false, false, buf, sizeof buf, &msg);
		struct app_err fe = {0};
		if (!text || ent_field_set(e, (enum ent_field)f, strv_from(text), &fe) != APP_OK) {
			field_error(resp, ent_fields[f].key, text ? fe.msg : msg);
			continue;
		}
		*mask |= 1u << f;
	}
	if (resp->n_errors)
		return app_err_set(err, APP_EINVAL, "企业信息有误（%zu 处）", resp->n_errors);
	return APP_OK;
}

/* ---- enterprises ---- */

struct list_ctx {
	const struct principal *p;
	struct store *s;
	struct buf *b;
	long n;
};

static int firm_row(void *ctx, const struct enterprise *e)
{
	struct list_ctx *c = ctx;
	if (c->n++)
		buf_putc(c->b, ',');
	api_firm_write(c->b, c->p, e, c->s);
	return 0;
}

API_HANDLER(api_firm_list)
{
	struct api_filter af;
	long page, size;
	enum app_status st = api_filter(req, &af, err);
	if (st == APP_OK)
		st = api_page(req, &page, &size, err);
	if (st != APP_OK)
		return st;
	af.f.limit = size;
	af.f.offset = (page - 1) * size;
	struct api_req *ar = api_ctx(req);
	long total = 0;
	struct buf items;
	buf_init(&items, MAX_RESPONSE_BYTES / 2);
	struct list_ctx c = {&ar->p, ar->store, &items, 0};
	st = store_enterprise_list(ar->store, &af.f, firm_row, &c, &total, err);
	if (st == APP_OK) {
		http_resp_set(resp, 200, "application/json", NULL, 0);
		buf_printf(&resp->body, "{\"total\":%ld,\"page\":%ld,\"page_size\":%ld,\"items\":[",
		           total, page, size);
		buf_append(&resp->body, items.p, items.len);
		buf_puts(&resp->body, "]}");
	}
	buf_free(&items);
	if (st != APP_OK)
		return st;
	return resp->body.len < resp->body.max ? APP_OK : APP_ETOOLARGE;
}

API_HANDLER(api_firm_get)
{
	char uscc[USCC_LEN + 1];
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st != APP_OK)
		return st;
	return api_firm_reply(resp, 200, &ar->p, &e, ar->store);
}

API_HANDLER(api_firm_create)
{
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct enterprise e;
	memset(&e, 0, sizeof e);
	unsigned mask = 0;
	st = parse_firm(body, true, &e, &mask, resp, err);
	json_decref(body);
	struct api_req *ar = api_ctx(req);
	if (st == APP_OK)
		st = firm_create(ar->store, &ar->p, &e, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, e.uscc, &e, err);
	if (st != APP_OK)
		return st;
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/enterprises/%s", e.uscc);
	http_resp_header(resp, "Location", loc);
	return api_firm_reply(resp, 201, &ar->p, &e, ar->store);
}

API_HANDLER(api_firm_update)
{
	char uscc[USCC_LEN + 1];
	json_t *body = NULL;
	enum app_status st = api_uscc(req, uscc, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct api_req *ar = api_ctx(req);
	struct enterprise cur, in, out;
	/* scope first: out of scope is 404 whatever the body says */
	if ((st = firm_get(ar->store, &ar->p, uscc, &cur, err)) != APP_OK) {
		json_decref(body);
		return st;
	}
	in = cur;
	unsigned mask = 0;
	st = parse_firm(body, false, &in, &mask, resp, err);
	json_decref(body);
	if (st == APP_OK)
		st = firm_update(ar->store, &ar->p, uscc, &in, mask, &out, err);
	if (st != APP_OK)
		return st;
	return api_firm_reply(resp, 200, &ar->p, &out, ar->store);
}

/* ---- annual figures ---- */

static int annual_row(void *ctx, const struct annual *a)
{
	json_array_append_new(ctx, api_annual_json(a));
	return 0;
}

API_HANDLER(api_annual_list)
{
	char uscc[USCC_LEN + 1];
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st != APP_OK)
		return st;
	json_t *rows = json_array();
	struct store_filter f = {.uscc = uscc};
	if ((st = store_annual_list(ar->store, &f, 0, annual_row, rows, err)) != APP_OK) {
		json_decref(rows);
		return st;
	}
	return js_reply(resp, 200, rows);
}

static enum app_status year_param(const struct http_req *req, int *year, struct app_err *err)
{
	long y;
	const char *v = http_req_param(req, "year");
	if (!v || !str_to_int_range(strv_from(v), 1900, 2999, &y))
		return api_bad_param(err, "year", "年度应为 1900-2999 之间的四位年份");
	*year = (int)y;
	return APP_OK;
}

API_HANDLER(api_annual_get)
{
	char uscc[USCC_LEN + 1];
	int year = 0;
	struct enterprise e;
	struct annual a;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st == APP_OK)
		st = year_param(req, &year, err);
	if (st == APP_OK &&
	    (st = store_annual_get(ar->store, uscc, year, &a, err)) == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "%s 没有 %d 年度的数据", uscc, year);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 200, api_annual_json(&a));
}

/* Parses {key: value|null} into a and cols; errors go to resp. */
static enum app_status parse_annual(const json_t *body, int year, struct annual *a, uint64_t *cols,
                                    struct http_resp *resp, struct app_err *err)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)body, key, val)
	{
		if (strcmp(key, "year") == 0) {
			if (!json_is_integer(val) || json_integer_value(val) != year)
				field_error(resp, key, "与地址中的年度不一致");
			continue;
		}
		int k = -1;
		for (int i = 0; i < ANNUAL_KEY_COUNT && k < 0; i++)
			if (strcmp(key, annual_indicators[i].key) == 0)
				k = i;
		if (k < 0) {
			field_error(resp, key, "未知指标");
			continue;
		}
		const struct indicator *ind = &annual_indicators[k];
		char buf[48];
		const char *msg = NULL;
		bool real = ind->type == IND_MONEY || ind->type == IND_PERCENT;
		const char *text =
		    scalar_text(val, real, ind->type == IND_FLAG, buf, sizeof buf, &msg);
		struct app_err fe = {0};
		int64_t x = 0;
		bool present = false;
		if (!text) {
			field_error(resp, key, msg);
			continue;
		}
		if (indicator_parse(ind, strv_from(text), MONEY_WANYUAN, &x, &present, &fe) !=
		    APP_OK) {
			field_error(resp, key, fe.msg);
			continue;
		}
		*cols |= (uint64_t)1 << k;
		if (present)
			annual_set(a, (enum annual_key)k, x);
	}
	if (resp->n_errors)
		return app_err_set(err, APP_EINVAL, "年度数据有误（%zu 处）", resp->n_errors);
	if (!*cols)
		return app_err_set(err, APP_EINVAL, "请求中没有可识别的指标");
	return APP_OK;
}

API_HANDLER(api_annual_put)
{
	char uscc[USCC_LEN + 1];
	int year = 0;
	json_t *body = NULL;
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st == APP_OK)
		st = year_param(req, &year, err);
	if (st == APP_OK)
		st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct annual a, out;
	memset(&a, 0, sizeof a);
	snprintf(a.uscc, sizeof a.uscc, "%s", uscc);
	a.year = year;
	uint64_t cols = 0;
	bool created = false;
	st = parse_annual(body, year, &a, &cols, resp, err);
	json_decref(body);
	if (st == APP_OK)
		st = firm_annual_put(ar->store, &ar->p, &a, cols, &out, &created, err);
	if (st != APP_OK)
		return st;
	return js_reply(resp, created ? 201 : 200, api_annual_json(&out));
}

/* ---- tiers ---- */

static json_t *event_json(const struct tier_event *ev)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(ev->id));
	json_object_set_new(o, "tier", json_string(tier_key(ev->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(ev->tier)));
	json_object_set_new(o, "status", json_string(tier_status_key(ev->status)));
	json_object_set_new(o, "status_label", json_string(tier_status_label(ev->status)));
	json_object_set_new(o, "since", json_string(ev->since));
	json_object_set_new(o, "until", api_str(ev->until));
	json_object_set_new(o, "reason", api_str(ev->reason));
	json_object_set_new(o, "doc_no", api_str(ev->doc_no));
	json_object_set_new(o, "actor", api_str(ev->actor));
	json_object_set_new(o, "recorded_at", api_time(ev->recorded_at));
	return o;
}

struct tier_ctx {
	json_t *history;
	enum tier current;
	json_t *latest; /* borrowed: the latest event of the current tier */
};

static int tier_row(void *ctx, const struct tier_event *ev)
{
	struct tier_ctx *c = ctx;
	json_t *o = event_json(ev);
	json_array_append_new(c->history, o);
	if (ev->tier == c->current)
		c->latest = o;
	return 0;
}

API_HANDLER(api_tier_get)
{
	char uscc[USCC_LEN + 1];
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st != APP_OK)
		return st;
	struct tier_ctx c = {json_array(), e.tier, NULL};
	if ((st = store_tier_history(ar->store, uscc, tier_row, &c, err)) != APP_OK) {
		json_decref(c.history);
		return st;
	}
	json_t *cur = json_null();
	if (e.tier) {
		cur = c.latest ? json_deep_copy(c.latest) : json_object();
		json_object_set_new(cur, "tier", json_string(tier_key(e.tier)));
		json_object_set_new(cur, "tier_label", json_string(tier_label(e.tier)));
		json_object_set_new(cur, "until", api_str(e.tier_until));
	}
	return js_reply(resp, 200, json_pack("{s:o, s:o}", "current", cur, "history", c.history));
}

static enum app_status opt_text(const struct js_at *root, const char *key, char *out, size_t n,
                                struct app_err *err)
{
	const char *v = NULL;
	enum app_status st = js_get_str(root, key, JS_OPTIONAL, 0, &v, err);
	if (st == APP_OK && v && strlen(v) >= n) {
		char ptr[40];
		snprintf(ptr, sizeof ptr, "/%s", key);
		app_err_field(err, ptr);
		return app_err_set(err, APP_EINVAL, "不能超过 %zu 字节", n - 1);
	}
	if (st == APP_OK && v)
		snprintf(out, n, "%s", v);
	return st;
}

API_HANDLER(api_tier_add)
{
	char uscc[USCC_LEN + 1];
	json_t *body = NULL;
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err);
	if (st == APP_OK)
		st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	struct js_at root;
	js_root(body, &root);
	const char *tier = NULL, *status = NULL;
	static const char *const keys[] = {"tier",   "status", "since", "until",
	                                   "reason", "doc_no", NULL};
	if ((st = js_check_keys(&root, keys, err)) == APP_OK &&
	    (st = js_get_str(&root, "tier", JS_REQUIRED, 32, &tier, err)) == APP_OK &&
	    (st = js_get_str(&root, "status", JS_REQUIRED, 32, &status, err)) == APP_OK &&
	    (st = opt_text(&root, "since", ev.since, sizeof ev.since, err)) == APP_OK &&
	    (st = opt_text(&root, "until", ev.until, sizeof ev.until, err)) == APP_OK &&
	    (st = opt_text(&root, "reason", ev.reason, sizeof ev.reason, err)) == APP_OK)
		st = opt_text(&root, "doc_no", ev.doc_no, sizeof ev.doc_no, err);
	if (st == APP_OK) {
		ev.tier = tier_parse(strv_from(tier));
		ev.status = tier_status_parse(strv_from(status));
		st = firm_tier_add(ar->store, &ar->p, &ev, err);
	}
	json_decref(body);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 201, event_json(&ev));
}

/* ---- pool statistics ---- */

struct pool_ctx {
	json_t *rows;
	json_t *row; /* current unit's row (borrowed) */
	char unit[8];
};

static int pool_cell(void *ctx, const char *unit, int tier, long count)
{
	struct pool_ctx *c = ctx;
	if (!c->row || strcmp(c->unit, unit) != 0) {
		snprintf(c->unit, sizeof c->unit, "%s", unit);
		c->row = json_pack("{s:s, s:s}", "unit", unit, "name", district_unit_name(unit));
		for (int t = TIER_CANDIDATE; t < TIER_COUNT; t++)
			json_object_set_new(c->row, tier_key((enum tier)t), json_integer(0));
		json_object_set_new(c->row, "none", json_integer(0));
		json_object_set_new(c->row, "total", json_integer(0));
		json_array_append_new(c->rows, c->row);
	}
	const char *k = tier > TIER_NONE && tier < TIER_COUNT ? tier_key((enum tier)tier) : "none";
	json_object_set_new(c->row, k, json_integer(count));
	json_int_t total = json_integer_value(json_object_get(c->row, "total"));
	json_object_set_new(c->row, "total", json_integer(total + count));
	return 0;
}

API_HANDLER(api_stats_pool)
{
	struct api_filter af;
	enum app_status st = api_filter(req, &af, err);
	if (st != APP_OK)
		return st;
	struct pool_ctx c = {json_array(), NULL, ""};
	st = store_enterprise_counts(api_ctx(req)->store, &af.f, pool_cell, &c, err);
	if (st != APP_OK) {
		json_decref(c.rows);
		return st;
	}
	return js_reply(resp, 200, c.rows);
}
