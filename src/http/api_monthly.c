/* api_monthly.c - monthly monitoring over HTTP (docs/API.md "Monthly
 * monitoring"): filing a report with every finding at once and
 * confirmations of warnings, corrections with a reason (earlier versions
 * kept), a firm's series with 当月 and 同比, versions, early warnings and the
 * re-review requests they open, settings; and the route table of the
 * domain (the views and files are in api_monthly_views.c).
 *
 * The services are app/monitor*.h; scope is app/scope.h's: a firm out of
 * the caller's scope is 404, lists of many firms are narrowed to the
 * caller's unit (scope_unit). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_monthly.h"
#include "app/firm.h"
#include "app/monitor_alert.h"
#include "app/query.h"
#include "app/scope.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "core/tier.h"
#include "core/uscc.h"

#define V1 "/api/v1"

/* ---- shared helpers (api_monthly.h) ---- */

enum app_status apm_settings(struct http_req *req, struct monitor_settings *cfg,
                             struct app_err *err)
{
	return monitor_settings_load(api_ctx(req)->store, cfg, err);
}

enum app_status apm_today(struct http_req *req, bool allow_as_of, int64_t *out, struct app_err *err)
{
	const char *v = allow_as_of ? http_req_query(req, "as_of") : NULL;
	if (v && *v) {
		char d[11];
		int y, m, dd;
		if (!str_to_date(strv_from(v), d) || !date_split(d, &y, &m, &dd))
			return api_bad_param(err, "as_of", "应为日期 YYYY-MM-DD");
		*out = date_days(y, m, dd);
		return APP_OK;
	}
	int64_t t = api_today_days(req);
	*out = t ? t : monitor_today();
	return APP_OK;
}

enum app_status apm_period(const struct http_req *req, const char *name, int dflt, int *out,
                           struct app_err *err)
{
	const char *v = http_req_query(req, name);
	if (!v || !*v) {
		if (!dflt)
			return api_bad_param(err, name, "缺少报告期(YYYY-MM)");
		*out = dflt;
		return APP_OK;
	}
	if (!monthly_period_parse(strv_from(v), out))
		return api_bad_param(err, name, "报告期应为 YYYY-MM,如 2025-10");
	return APP_OK;
}

enum app_status apm_district(const struct http_req *req, char out[8], struct app_err *err)
{
	out[0] = '\0';
	const char *v = http_req_query(req, "district");
	struct app_err e = {0};
	if (v && *v && query_district(v, out, &e) != APP_OK)
		return api_bad_param(err, "district", "%s", e.msg);
	return APP_OK;
}

enum app_status apm_needs_scope(struct http_req *req, struct app_err *err)
{
	enum role_scope sc = role_scope(api_ctx(req)->p.user.role);
	if (sc == SCOPE_ALL || (sc == SCOPE_DISTRICT && api_ctx(req)->p.user.district[0]))
		return APP_OK;
	return app_err_set(err, APP_EPERM, "当前账号没有可查看的企业");
}

void apm_date(int64_t days, char out[11])
{
	int y, m, d;
	date_from_days(days, &y, &m, &d);
	date_format(y, m, d, out);
}

/* The :period parameter. */
static enum app_status path_period(const struct http_req *req, int *out, struct app_err *err)
{
	const char *v = http_req_param(req, "period");
	if (!v || !monthly_period_parse(strv_from(v), out))
		return api_bad_param(err, "period", "报告期应为 YYYY-MM,如 2025-10");
	return APP_OK;
}

/* ---- JSON views ---- */

static json_t *money_or_null(bool ok, int64_t fen)
{
	return ok ? json_real((double)fen / 1e6) : json_null();
}

static json_t *pct_or_null(bool ok, double v)
{
	return ok && isfinite(v) ? json_real(round(v * 100.0) / 100.0) : json_null();
}

/* The values of m under their keys (money in 万元, null when missing). */
static void put_values(json_t *o, const struct monthly *m)
{
	for (int k = 0; k < MK_COUNT; k++)
		json_object_set_new(o, monthly_indicators[k].key,
		                    monthly_has(m, (enum monthly_key)k)
		                        ? api_value(&monthly_indicators[k], m->v[k])
		                        : json_null());
	json_object_set_new(o, MONTHLY_NOTE_KEY, api_str(m->note));
}

/* The Report object of docs/API.md. */
static json_t *report_json(const struct monitor_settings *cfg, const struct monthly_record *r)
{
	char per[8], span[32];
	monthly_period_format(r->r.m.period, per);
	monthly_month_label(&cfg->rules.cal, r->r.m.period, span, sizeof span);
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(r->r.m.uscc));
	json_object_set_new(o, "period", json_string(per));
	json_object_set_new(o, "label", json_string(span));
	put_values(o, &r->r.m);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "filed_at", api_time(r->filed_at));
	json_object_set_new(o, "filed_by", api_str(r->filed_by));
	json_object_set_new(o, "updated_at", api_time(r->updated_at));
	json_object_set_new(o, "updated_by", api_str(r->updated_by));
	json_object_set_new(
	    o, "on_time",
	    json_boolean(monthly_on_time(&cfg->rules.cal, r->r.m.period, r->filed_at)));
	json_object_set_new(o, "unit", json_string(r->r.g.unit));
	return o;
}

/* The member a finding is about: its key, else the uscc or period by code,
 * the reason of a correction, or NULL for the whole report. */
static const char *finding_field(const struct monthly_finding *f)
{
	if (f->key >= 0 && f->key < MK_COUNT)
		return monthly_indicators[f->key].key;
	if (strcmp(f->code, MONTHLY_E_UNKNOWN_FIRM) == 0 ||
	    strcmp(f->code, MONTHLY_E_DUPLICATE) == 0)
		return "uscc";
	if (strcmp(f->code, MONTHLY_E_FUTURE) == 0 || strcmp(f->code, MONTHLY_E_JANUARY) == 0 ||
	    strcmp(f->code, MONTHLY_E_PERIOD) == 0)
		return "period";
	if (strcmp(f->code, MONITOR_E_REASON) == 0)
		return "reason";
	if (strcmp(f->code, MONTHLY_E_NOTE) == 0)
		return MONTHLY_NOTE_KEY;
	return NULL;
}

static json_t *finding_json(const struct monthly_finding *f, bool confirmed)
{
	json_t *o = json_object();
	bool warning = f->severity == MONTHLY_WARNING;
	const char *field = finding_field(f);
	json_object_set_new(o, "severity", json_string(warning ? "warning" : "error"));
	json_object_set_new(o, "code", json_string(f->code));
	json_object_set_new(o, "field", field ? json_string(field) : json_null());
	json_object_set_new(o, "message", api_str(f->msg));
	json_object_set_new(o, "confirmed", json_boolean(warning && confirmed));
	json_t *slip = json_null();
	if (f->factor) {
		slip = json_object();
		json_object_set_new(slip, "factor", json_integer(f->factor));
		json_object_set_new(
		    slip, "likely_unit",
		    f->likely_unit >= 0 && f->likely_unit < MONEY_UNIT_COUNT
		        ? json_string(money_unit_name((enum money_unit)f->likely_unit))
		        : json_null());
		json_object_set_new(slip, "suggested",
		                    money_or_null(f->likely_unit >= 0, f->suggested));
	}
	json_object_set_new(o, "unit_slip", slip);
	return o;
}

/* Every finding of the parse (pf, may be NULL) and of the service (r). */
static json_t *findings_json(const struct monthly_findings *pf, const struct monitor_result *r)
{
	json_t *a = json_array();
	for (size_t i = 0; pf && i < pf->n; i++)
		json_array_append_new(a, finding_json(&pf->f[i], false));
	for (size_t i = 0; r && i < r->findings.n; i++)
		json_array_append_new(a, finding_json(&r->findings.f[i], r->confirmed[i]));
	return a;
}

/* The problem answer of a refused report: 422 when an error was found, 409
 * when only warnings wait for a confirmation; every finding in "findings",
 * the ones that need action also as field errors. */
static enum app_status findings_problem(struct http_req *req, struct http_resp *resp, int status,
                                        const char *detail, json_t *findings)
{
	json_t *p = json_object();
	json_object_set_new(
	    p, "type",
	    json_string(status == 409 ? "urn:zjtx:problem:conflict" : "urn:zjtx:problem:invalid"));
	json_object_set_new(p, "title", json_string(status == 409 ? "有警告需要确认" : "月报有误"));
	json_object_set_new(p, "status", json_integer(status));
	json_object_set_new(p, "detail", json_string(detail));
	json_object_set_new(p, "instance", json_string(req->id));
	json_t *errs = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		if (json_is_true(json_object_get(f, "confirmed")))
			continue;
		const char *field = json_string_value(json_object_get(f, "field"));
		char ptr[64];
		snprintf(ptr, sizeof ptr, "/%s", field ? field : "");
		json_array_append_new(errs, json_pack("{s:s,s:O}", "field", field ? ptr : "",
		                                      "message", json_object_get(f, "message")));
	}
	json_object_set_new(p, "errors", errs);
	json_object_set_new(p, "findings", findings);
	enum app_status st = js_reply(resp, status, p);
	resp->content_type = "application/problem+json";
	return st;
}

/* ---- parsing a report from a body ---- */

struct filing_req {
	struct monitor_filing f;
	struct monthly_confirmation confs[MAX_MONTHLY_CONFIRMATIONS];
	struct monthly_findings parse; /* findings of the values (not numeric, ...) */
	char reason[MAX_MONTHLY_REASON];
	bool have_reason;
};

static void field_error(struct http_resp *resp, const char *ptr, const char *msg)
{
	http_resp_add_error(resp, ptr, msg);
}

/* The text of a scalar value for the core's parsers (numbers with 15
 * significant digits); NULL when the type is wrong. "" for null. */
static const char *value_text(const json_t *v, char *buf, size_t n)
{
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, n, "%.15g", json_real_value(v));
		return strchr(buf, 'e') ? NULL : buf;
	}
	return NULL;
}

static void parse_confirms(const json_t *arr, struct filing_req *fr, struct http_resp *resp)
{
	if (!json_is_array(arr)) {
		field_error(resp, "/confirm", "应为数组 [{code, reason}]");
		return;
	}
	if (json_array_size(arr) > MAX_MONTHLY_CONFIRMATIONS) {
		field_error(resp, "/confirm", "确认项过多");
		return;
	}
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		char ptr[48];
		const json_t *code = json_object_get(c, "code"),
		             *why = json_object_get(c, "reason");
		snprintf(ptr, sizeof ptr, "/confirm/%zu", i);
		if (!json_is_object(c) || !json_is_string(code) || !json_string_length(code)) {
			field_error(resp, ptr, "应为 {code, reason},code 为警告代码");
			continue;
		}
		if (!json_is_string(why) || !strv_trim(strv_from(json_string_value(why))).n) {
			snprintf(ptr, sizeof ptr, "/confirm/%zu/reason", i);
			field_error(resp, ptr, "确认警告须说明原因");
			continue;
		}
		struct monthly_confirmation *x = &fr->confs[fr->f.nconfirms++];
		str_copy(x->code, sizeof x->code, json_string_value(code),
		         json_string_length(code));
		str_copy(x->reason, sizeof x->reason, json_string_value(why),
		         json_string_length(why));
	}
	fr->f.confirms = fr->confs;
}

static void parse_values(const json_t *body, enum money_unit unit, struct filing_req *fr,
                         struct http_resp *resp)
{
	for (int k = 0; k < MK_COUNT; k++) {
		const json_t *v = json_object_get(body, monthly_indicators[k].key);
		char buf[64], ptr[48];
		const char *text = value_text(v, buf, sizeof buf);
		if (!text) {
			snprintf(ptr, sizeof ptr, "/%s", monthly_indicators[k].key);
			field_error(resp, ptr, "应为数字、数字文字或 null");
			continue;
		}
		int64_t x;
		bool present;
		fr->f.units[k] = unit;
		if (monthly_parse_value((enum monthly_key)k, strv_from(text), unit, &x, &present,
		                        &fr->parse) &&
		    present)
			monthly_set(&fr->f.m, (enum monthly_key)k, x);
	}
	const json_t *note = json_object_get(body, MONTHLY_NOTE_KEY);
	if (note && !json_is_null(note) && !json_is_string(note))
		field_error(resp, "/" MONTHLY_NOTE_KEY, "应为文字");
	else if (json_is_string(note))
		monthly_parse_note(&fr->f.m, strv_from(json_string_value(note)), &fr->parse);
}

/* Parses a filing body. uscc and period come from the path (PUT) or the
 * body (POST). Shape errors go to resp's field errors (400); findings about
 * the values to fr->parse. */
static enum app_status parse_filing(struct http_req *req, struct http_resp *resp,
                                    const char *path_uscc, int path_period, bool correction,
                                    struct filing_req *fr, struct app_err *err)
{
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	static const char *const fixed[] = {"uscc",           "period",  "unit",
	                                    MONTHLY_NOTE_KEY, "confirm", "reason"};
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val)
	{
		bool known = false;
		for (int k = 0; k < MK_COUNT && !known; k++)
			known = strcmp(key, monthly_indicators[k].key) == 0;
		for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && !known; i++)
			known = strcmp(key, fixed[i]) == 0;
		if (!known || (!correction && strcmp(key, "reason") == 0)) {
			char ptr[80];
			snprintf(ptr, sizeof ptr, "/%s", key);
			field_error(resp, ptr, "未知字段");
		}
	}
	const json_t *u = json_object_get(body, "uscc"), *p = json_object_get(body, "period");
	char uscc[USCC_LEN + 1] = "";
	int period = 0;
	struct app_err e = {0};
	if (path_uscc) {
		snprintf(uscc, sizeof uscc, "%s", path_uscc);
		if (u && !(json_is_string(u) && strcasecmp(json_string_value(u), uscc) == 0))
			field_error(resp, "/uscc", "与地址中的统一社会信用代码不一致");
	} else if (!json_is_string(u)) {
		field_error(resp, "/uscc", "缺少必填字段");
	} else if (uscc_check(json_string_value(u), json_string_length(u), uscc, &e) != APP_OK) {
		field_error(resp, "/uscc", e.msg);
	}
	if (path_period) {
		period = path_period;
		int q;
		if (p &&
		    !(json_is_string(p) &&
		      monthly_period_parse(strv_from(json_string_value(p)), &q) && q == period))
			field_error(resp, "/period", "与地址中的报告期不一致");
	} else if (!json_is_string(p)) {
		field_error(resp, "/period", "缺少必填字段(YYYY-MM)");
	} else if (!monthly_period_parse(strv_from(json_string_value(p)), &period)) {
		field_error(resp, "/period", "报告期应为 YYYY-MM,如 2025-10");
	}
	enum money_unit unit = MONEY_WANYUAN;
	const json_t *uj = json_object_get(body, "unit");
	if (uj && !json_is_null(uj) &&
	    !(json_is_string(uj) && money_unit_parse(strv_from(json_string_value(uj)), &unit)))
		field_error(resp, "/unit", "应为 元、千元、万元 或 亿元");
	monitor_filing_init(&fr->f, uscc, period);
	monthly_findings_init(&fr->parse);
	parse_values(body, unit, fr, resp);
	const json_t *c = json_object_get(body, "confirm");
	if (c && !json_is_null(c))
		parse_confirms(c, fr, resp);
	const json_t *r = json_object_get(body, "reason");
	if (correction && r && !json_is_null(r)) {
		if (!json_is_string(r))
			field_error(resp, "/reason", "应为文字");
		else {
			str_copy(fr->reason, sizeof fr->reason, json_string_value(r),
			         json_string_length(r));
			fr->have_reason = true;
		}
	}
	fr->f.reason = fr->have_reason ? fr->reason : NULL;
	json_decref(body);
	if (resp->n_errors)
		return app_err_set(err, APP_EINVAL, "月报内容有误(%zu 处)", resp->n_errors);
	return APP_OK;
}

/* ---- filing and correcting ---- */

/* Answers a refused report with its findings (422/409), or passes st on. */
static enum app_status refused(struct http_req *req, struct http_resp *resp, enum app_status st,
                               const struct monthly_findings *pf, const struct monitor_result *r,
                               const struct app_err *e, struct app_err *err)
{
	if (st == APP_EINVAL && (r->findings.errors || (pf && pf->errors)))
		return findings_problem(req, resp, 422, e->msg, findings_json(pf, r));
	if (st == APP_ECONFLICT && r->unconfirmed)
		return findings_problem(req, resp, 409, e->msg, findings_json(pf, r));
	*err = *e;
	return st;
}

static enum app_status file_or_correct(struct http_req *req, struct http_resp *resp,
                                       bool correction, struct app_err *err)
{
	struct api_req *ar = api_ctx(req);
	char uscc[USCC_LEN + 1] = "";
	int period = 0;
	enum app_status st = APP_OK;
	if (correction && ((st = api_uscc(req, uscc, err)) != APP_OK ||
	                   (st = path_period(req, &period, err)) != APP_OK))
		return st;
	bool dry = false;
	if (!correction && (st = api_flag_query(req, "dry_run", &dry, err)) != APP_OK)
		return st;
	struct enterprise ent;
	if (correction && (st = firm_get(ar->store, &ar->p, uscc, &ent, err)) != APP_OK)
		return st; /* out of scope: 404 whatever the body says */
	struct filing_req *fr = xcalloc(1, sizeof *fr);
	struct monitor_result *r = xcalloc(1, sizeof *r);
	struct monitor_settings cfg;
	struct app_err e = {0};
	int64_t today = 0;
	st = parse_filing(req, resp, correction ? uscc : NULL, period, correction, fr, err);
	if (st == APP_OK && !correction)
		st = firm_get(ar->store, &ar->p, fr->f.m.uscc, &ent, err);
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, false, &today, err);
	if (st != APP_OK)
		goto out;
	fr->f.today = today;
	struct audit_actor who;
	auth_actor(&ar->p, &who);
	if (fr->parse.errors || dry) {
		/* a bad value: report it with every other finding, write nothing */
		enum app_status cs = monitor_check(ar->store, &cfg, &fr->f, r, &e);
		if (dry && !fr->parse.errors &&
		    (cs == APP_OK || cs == APP_EINVAL || cs == APP_ECONFLICT)) {
			json_t *o = json_pack("{s:b,s:I,s:o}", "ok", cs == APP_OK, "unconfirmed",
			                      (json_int_t)r->unconfirmed, "findings",
			                      findings_json(NULL, r));
			st = js_reply(resp, 200, o);
			goto out;
		}
		if (cs != APP_OK && cs != APP_EINVAL && cs != APP_ECONFLICT) {
			*err = e;
			st = cs;
			goto out;
		}
		st = findings_problem(req, resp, 422, "月报有误,未保存",
		                      findings_json(&fr->parse, r));
		goto out;
	}
	st = correction ? monitor_correct(ar->store, &who, &cfg, &fr->f, r, &e)
	                : monitor_file(ar->store, &who, &cfg, &fr->f, r, &e);
	if (st != APP_OK) {
		st = refused(req, resp, st, NULL, r, &e, err);
		goto out;
	}
	struct monthly_record rec;
	if ((st = store_monthly_get(ar->store, fr->f.m.uscc, fr->f.m.period, &rec, err)) != APP_OK)
		goto out;
	json_t *o = json_object();
	json_object_set_new(o, "report", report_json(&cfg, &rec));
	json_object_set_new(o, "on_time", json_boolean(r->on_time));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "findings", findings_json(NULL, r));
	if (!correction) {
		char loc[96], per[8];
		monthly_period_format(fr->f.m.period, per);
		snprintf(loc, sizeof loc, V1 "/monthly/reports/%s/%s", fr->f.m.uscc, per);
		http_resp_header(resp, "Location", loc);
	}
	st = js_reply(resp, correction ? 200 : 201, o);
out:
	free(fr);
	free(r);
	return st;
}

static API_HANDLER(apm_file)
{
	return file_or_correct(req, resp, false, err);
}

static API_HANDLER(apm_correct)
{
	return file_or_correct(req, resp, true, err);
}

/* ---- a firm's series ---- */

struct series {
	int first, n;
	struct monthly_record *at; /* at[p − first], period 0 when absent */
};

static int take_rec(void *ctx, const struct monthly_record *r)
{
	struct series *s = ctx;
	int i = r->r.m.period - s->first;
	if (i >= 0 && i < s->n)
		s->at[i] = *r;
	return 0;
}

static const struct monthly *series_at(const struct series *s, int p)
{
	int i = p - s->first;
	return i >= 0 && i < s->n && s->at[i].r.m.period ? &s->at[i].r.m : NULL;
}

static json_t *series_item(const struct monitor_settings *cfg, const struct series *s, int p)
{
	const struct monthly_record *rec = &s->at[p - s->first];
	const struct monthly *m = &rec->r.m;
	json_t *o = report_json(cfg, rec);
	json_t *month = json_object(), *yoy = json_object();
	const struct monthly *prev = series_at(s, p - 1), *ly = series_at(s, p - 12);
	for (int k = 0; k < MK_COUNT; k++) {
		int64_t v;
		const char *key = monthly_indicators[k].key;
		if (monthly_key_is_ytd((enum monthly_key)k)) {
			bool ok = monthly_single(&cfg->rules.cal, m, prev, (enum monthly_key)k, &v);
			json_object_set_new(month, key, money_or_null(ok, v));
		}
		bool g = ly && monthly_has(m, (enum monthly_key)k) &&
		         monthly_has(ly, (enum monthly_key)k) && ly->v[k] > 0;
		json_object_set_new(
		    yoy, key,
		    pct_or_null(g, g ? ((double)m->v[k] / (double)ly->v[k] - 1.0) * 100.0 : 0));
	}
	json_object_set_new(o, "month", month);
	json_object_set_new(o, "yoy_pct", yoy);
	return o;
}

static json_t *alert_json(const struct monitor_alert *x)
{
	char st[8], on[11];
	monthly_period_format(x->started, st);
	apm_date(x->started_on, on);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", x->uscc, "name",
	                      x->name, "unit", x->unit, "unit_name", district_unit_name(x->unit),
	                      "rule", x->rule->code, "label", x->rule->label, "started_period", st,
	                      "started_on", on, "detail", x->detail);
	json_object_set_new(o, "rereview_id",
	                    x->rereview_id ? json_integer(x->rereview_id) : json_null());
	return o;
}

static json_t *rereview_json(const struct monthly_rereview *r)
{
	char per[8];
	monthly_period_format(r->started, per);
	const struct monthly_alert_rule *rule = monthly_alert_find(r->rule);
	json_t *o =
	    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id, "uscc", r->uscc,
	              "rule", r->rule, "label", rule ? rule->label : r->rule, "started_period", per,
	              "detail", r->detail, "reason", r->reason, "status", r->status);
	json_object_set_new(o, "requested_by", api_str(r->requested_by));
	json_object_set_new(o, "requested_at", api_time(r->requested_at));
	return o;
}

static int take_request(void *ctx, const struct monthly_rereview *r)
{
	json_array_append_new(ctx, rereview_json(r));
	return 0;
}

/* The firm's active warnings as of today (an empty list when no period has
 * closed yet). */
static enum app_status firm_alerts(struct store *s, const struct monitor_settings *cfg,
                                   const char *uscc, int64_t today, json_t **out,
                                   struct app_err *err)
{
	*out = json_array();
	struct monitor_alert_filter f = {.today = today, .uscc = uscc};
	struct monitor_alerts a;
	struct app_err e = {0};
	enum app_status st = monitor_alerts(s, cfg, &f, &a, &e);
	if (st == APP_EINVAL)
		return APP_OK;
	if (st != APP_OK) {
		*err = e;
		return st;
	}
	for (size_t i = 0; i < a.n; i++)
		json_array_append_new(*out, alert_json(&a.v[i]));
	monitor_alerts_free(&a);
	return APP_OK;
}

static API_HANDLER(apm_series)
{
	struct api_req *ar = api_ctx(req);
	char uscc[USCC_LEN + 1];
	struct enterprise ent;
	struct monitor_settings cfg;
	int64_t today = 0;
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &ent, err);
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &today, err);
	int to = 0, from = 0;
	if (st == APP_OK)
		st = apm_period(req, "to", monthly_last_ended(today), &to, err);
	if (st == APP_OK)
		st = apm_period(req, "from", to - 23, &from, err);
	if (st == APP_OK && (from > to || to - from > 120))
		st = api_bad_param(err, "from", "报告期范围应在 1-121 个月之间,且 from 不晚于 to");
	if (st != APP_OK)
		return st;
	struct series s = {from - 12, to - from + 13, NULL};
	s.at = xcalloc((size_t)s.n, sizeof *s.at);
	json_t *items = json_array(), *alerts = NULL, *requests = json_array();
	st = store_monthly_history(ar->store, uscc, s.first, to, take_rec, &s, err);
	for (int p = from; st == APP_OK && p <= to; p++)
		if (series_at(&s, p))
			json_array_append_new(items, series_item(&cfg, &s, p));
	if (st == APP_OK)
		st = firm_alerts(ar->store, &cfg, uscc, today, &alerts, err);
	if (st == APP_OK)
		st =
		    store_monthly_rereview_list(ar->store, NULL, uscc, take_request, requests, err);
	free(s.at);
	if (st != APP_OK) {
		json_decref(items);
		json_decref(alerts);
		json_decref(requests);
		return st;
	}
	char f[8], t[8], due[11];
	monthly_period_format(from, f);
	monthly_period_format(to, t);
	int next = monthly_last_ended(today);
	while (!monthly_period_expected(&cfg.rules.cal, next))
		next--;
	apm_date(monthly_deadline(&cfg.rules.cal, next), due);
	const char *unit = district_reporting_unit(ent.district, ent.zone);
	json_t *o =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", ent.uscc, "name", ent.name, "unit", unit,
	              "unit_name", district_unit_name(unit), "from", f, "to", t);
	char np[8];
	monthly_period_format(next, np);
	json_object_set_new(o, "latest_period", json_string(np));
	json_object_set_new(o, "latest_deadline", json_string(due));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "warnings", alerts);
	json_object_set_new(o, "rereviews", requests);
	return js_reply(resp, 200, o);
}

/* ---- one report, its versions ---- */

static int take_confirmed(void *ctx, const struct monthly_confirmed *c)
{
	json_t *o = json_pack("{s:i,s:s,s:s,s:s,s:s}", "version", c->version, "code", c->code,
	                      "message", c->message, "reason", c->reason, "by", c->by);
	json_object_set_new(o, "at", api_time(c->at));
	json_array_append_new(ctx, o);
	return 0;
}

/* Common start of the one-report routes: firm in scope, period, settings,
 * the report (found = false when none). */
static enum app_status one_report(struct http_req *req, struct monitor_settings *cfg,
                                  struct monthly_record *rec, bool *found, struct app_err *err)
{
	struct api_req *ar = api_ctx(req);
	char uscc[USCC_LEN + 1];
	struct enterprise ent;
	int period = 0;
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &ent, err);
	if (st == APP_OK)
		st = path_period(req, &period, err);
	if (st == APP_OK)
		st = apm_settings(req, cfg, err);
	if (st != APP_OK)
		return st;
	memset(rec, 0, sizeof *rec);
	snprintf(rec->r.m.uscc, sizeof rec->r.m.uscc, "%s", uscc);
	rec->r.m.period = period;
	struct app_err e = {0};
	st = store_monthly_get(ar->store, uscc, period, rec, &e);
	*found = st == APP_OK;
	if (st == APP_ENOTFOUND) {
		snprintf(rec->r.m.uscc, sizeof rec->r.m.uscc, "%s", uscc);
		rec->r.m.period = period;
		return APP_OK;
	}
	if (st != APP_OK)
		*err = e;
	return st;
}

static API_HANDLER(apm_report_get)
{
	struct monitor_settings cfg;
	struct monthly_record rec;
	bool found = false;
	enum app_status st = one_report(req, &cfg, &rec, &found, err);
	if (st != APP_OK)
		return st;
	char per[8], due[11], span[32];
	monthly_period_format(rec.r.m.period, per);
	apm_date(monthly_deadline(&cfg.rules.cal, rec.r.m.period), due);
	monthly_span_label(rec.r.m.period, span, sizeof span);
	json_t *conf = json_array();
	if (found)
		st = store_monthly_confirmations(api_ctx(req)->store, rec.r.m.uscc, rec.r.m.period,
		                                 take_confirmed, conf, err);
	if (st != APP_OK) {
		json_decref(conf);
		return st;
	}
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:b}", "uscc", rec.r.m.uscc, "period", per,
	                      "deadline", due, "span", span, "expected_period",
	                      monthly_period_expected(&cfg.rules.cal, rec.r.m.period));
	json_object_set_new(o, "report", found ? report_json(&cfg, &rec) : json_null());
	json_object_set_new(o, "confirmations", conf);
	return js_reply(resp, 200, o);
}

static int take_version(void *ctx, const struct monthly_version *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(v->version));
	put_values(o, &v->m);
	json_object_set_new(o, "filed_at", api_time(v->filed_at));
	json_object_set_new(o, "filed_by", api_str(v->filed_by));
	json_object_set_new(o, "replaced_at", api_time(v->replaced_at));
	json_object_set_new(o, "replaced_by", api_str(v->replaced_by));
	json_object_set_new(o, "reason", api_str(v->reason));
	json_array_append_new(ctx, o);
	return 0;
}

static API_HANDLER(apm_versions)
{
	struct monitor_settings cfg;
	struct monthly_record rec;
	bool found = false;
	enum app_status st = one_report(req, &cfg, &rec, &found, err);
	if (st != APP_OK)
		return st;
	struct store *s = api_ctx(req)->store;
	json_t *versions = json_array(), *conf = json_array();
	if (found)
		st = store_monthly_versions(s, rec.r.m.uscc, rec.r.m.period, take_version, versions,
		                            err);
	if (found && st == APP_OK)
		st = store_monthly_confirmations(s, rec.r.m.uscc, rec.r.m.period, take_confirmed,
		                                 conf, err);
	if (st != APP_OK) {
		json_decref(versions);
		json_decref(conf);
		return st;
	}
	char per[8];
	monthly_period_format(rec.r.m.period, per);
	json_t *o = json_pack("{s:s,s:s}", "uscc", rec.r.m.uscc, "period", per);
	json_object_set_new(o, "current", found ? report_json(&cfg, &rec) : json_null());
	json_object_set_new(o, "versions", versions);
	json_object_set_new(o, "confirmations", conf);
	return js_reply(resp, 200, o);
}

/* ---- warnings and re-review requests ---- */

static json_t *by_rule_json(const long *by_rule)
{
	json_t *o = json_object();
	for (size_t i = 0; i < monthly_alert_count(); i++)
		json_object_set_new(o, monthly_alert_at(i)->code, json_integer(by_rule[i]));
	return o;
}

/* "rule" names no alert of the rules file: the answer lists those it has. */
static enum app_status bad_rule(struct app_err *err)
{
	char list[512];
	size_t n = 0;
	list[0] = '\0';
	for (size_t i = 0; i < monthly_alert_count() && n + 80 < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? "、" : "",
		                      monthly_alert_at(i)->code);
	return api_bad_param(err, "rule", "可选 %s", list);
}

static API_HANDLER(apm_warnings)
{
	struct api_req *ar = api_ctx(req);
	struct monitor_settings cfg;
	struct monitor_alert_filter f = {0};
	char unit[8], uscc[USCC_LEN + 1];
	enum app_status st = apm_needs_scope(req, err);
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &f.today, err);
	if (st == APP_OK)
		st = apm_period(req, "period", monthly_last_closed(&cfg.rules.cal, f.today),
		                &f.period, err);
	if (st == APP_OK)
		st = apm_district(req, unit, err);
	const char *rule = http_req_query(req, "rule"), *u = http_req_query(req, "uscc");
	if (st == APP_OK && rule && *rule && !monthly_alert_find(rule))
		st = bad_rule(err);
	bool summary = false; /* items=0: the counts only (the dashboard) */
	const char *it = http_req_query(req, "items");
	if (st == APP_OK && it && *it && strcmp(it, "0") != 0 && strcmp(it, "1") != 0)
		st = api_bad_param(err, "items", "应为 0 或 1");
	summary = it && strcmp(it, "0") == 0;
	struct app_err ue = {0};
	if (st == APP_OK && u && *u && uscc_check(u, strlen(u), uscc, &ue) != APP_OK)
		st = api_bad_param(err, "uscc", "统一社会信用代码无效:%s", ue.msg);
	if (st != APP_OK)
		return st;
	f.unit = unit[0] ? unit : NULL;
	f.rule = rule && *rule ? rule : NULL;
	f.uscc = u && *u ? uscc : NULL;
	f.scope = scope_unit(&ar->p);
	f.counts_only = summary;
	struct monitor_alerts a;
	if ((st = monitor_alerts(ar->store, &cfg, &f, &a, err)) != APP_OK)
		return st;
	char per[8], as_of[11];
	monthly_period_format(a.period, per);
	apm_date(a.today, as_of);
	json_t *o =
	    json_pack("{s:s,s:s,s:I}", "period", per, "as_of", as_of, "firms", (json_int_t)a.firms);
	json_object_set_new(o, "by_rule", by_rule_json(a.by_rule));
	json_t *rules = json_array(), *units = json_array(), *items = json_array();
	for (size_t i = 0; i < monthly_alert_count(); i++)
		json_array_append_new(rules,
		                      json_pack("{s:s,s:s}", "code", monthly_alert_at(i)->code,
		                                "label", monthly_alert_at(i)->label));
	for (size_t i = 0; i < a.nunits; i++) {
		json_t *x = json_pack("{s:s,s:s,s:I}", "unit", a.units[i].unit, "name",
		                      a.units[i].name, "firms", (json_int_t)a.units[i].firms);
		json_object_set_new(x, "by_rule", by_rule_json(a.units[i].by_rule));
		json_array_append_new(units, x);
	}
	for (size_t i = 0; i < a.n && !summary; i++)
		json_array_append_new(items, alert_json(&a.v[i]));
	monitor_alerts_free(&a);
	json_object_set_new(o, "rules", rules);
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "items", items);
	return js_reply(resp, 200, o);
}

static API_HANDLER(apm_rereview)
{
	struct api_req *ar = api_ctx(req);
	char uscc[USCC_LEN + 1];
	struct enterprise ent;
	struct monitor_settings cfg;
	json_t *body = NULL;
	int64_t today = 0;
	const char *rule = http_req_param(req, "rule");
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &ent, err);
	if (st == APP_OK && !monthly_alert_find(rule ? rule : ""))
		st = app_err_set(err, APP_ENOTFOUND, "没有预警规则 %s", rule ? rule : "");
	if (st == APP_OK)
		st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *reason = NULL;
	static const char *const keys[] = {"reason", NULL};
	if ((st = js_check_keys(&root, keys, err)) == APP_OK)
		st = js_get_str(&root, "reason", JS_REQUIRED, MAX_MONTHLY_REASON / 4, &reason, err);
	if (st == APP_OK && !strv_trim(strv_from(reason)).n) {
		app_err_field(err, "/reason");
		st = app_err_set(err, APP_EINVAL, "发起复核必须说明原因");
	}
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, false, &today, err);
	struct monthly_rereview r;
	if (st == APP_OK) {
		struct audit_actor who;
		auth_actor(&ar->p, &who);
		st = monitor_rereview(ar->store, &who, &cfg, uscc, rule, reason, today, &r, err);
	}
	json_decref(body);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 201, rereview_json(&r));
}

struct req_filter {
	struct store *s;
	const struct principal *p;
	json_t *items;
	enum app_status st;
};

static int take_scoped_request(void *ctx, const struct monthly_rereview *r)
{
	struct req_filter *f = ctx;
	struct enterprise ent;
	if (store_enterprise_get(f->s, r->uscc, &ent, NULL) != APP_OK ||
	    !scope_sees_firm(f->p, &ent))
		return 0;
	json_t *o = rereview_json(r);
	json_object_set_new(o, "name", json_string(ent.name));
	const char *unit = district_reporting_unit(ent.district, ent.zone);
	json_object_set_new(o, "unit", json_string(unit));
	json_object_set_new(o, "unit_name", json_string(district_unit_name(unit)));
	json_array_append_new(f->items, o);
	return 0;
}

static API_HANDLER(apm_rereviews)
{
	struct api_req *ar = api_ctx(req);
	const char *status = http_req_query(req, "status");
	enum app_status st = apm_needs_scope(req, err);
	if (st != APP_OK)
		return st;
	if (status && *status && strcmp(status, "open") != 0 && strcmp(status, "taken") != 0 &&
	    strcmp(status, "dismissed") != 0 && strcmp(status, "all") != 0)
		return api_bad_param(err, "status", "可选 open、taken、dismissed、all");
	if (!status || !*status)
		status = "open";
	struct req_filter f = {ar->store, &ar->p, json_array(), APP_OK};
	st = store_monthly_rereview_list(ar->store, strcmp(status, "all") ? status : NULL, NULL,
	                                 take_scoped_request, &f, err);
	if (st != APP_OK) {
		json_decref(f.items);
		return st;
	}
	return js_reply(resp, 200, json_pack("{s:o}", "items", f.items));
}

/* ---- settings ---- */

static json_t *settings_json(const struct monitor_settings *cfg)
{
	json_t *tiers = json_array();
	for (int t = TIER_CANDIDATE; t < TIER_COUNT; t++)
		if (cfg->required_tiers >> t & 1u)
			json_array_append_new(tiers, json_string(tier_key((enum tier)t)));
	json_t *labels = json_object();
	for (size_t i = 0; i < monitor_setting_count; i++)
		json_object_set_new(labels, monitor_setting_defs[i].key,
		                    json_string(monitor_setting_defs[i].label));
	json_t *o = json_object();
	json_object_set_new(o, "deadline_day", json_integer(cfg->rules.cal.deadline_day));
	json_object_set_new(o, "combine_jan_feb", json_boolean(cfg->rules.cal.combine_jan_feb));
	json_object_set_new(o, "required_tiers", tiers);
	json_object_set_new(o, "notice_threshold_bp", json_integer(cfg->notice_threshold_bp));
	json_object_set_new(o, "margin_min_bp", json_integer(cfg->rules.margin_min_bp));
	json_object_set_new(o, "margin_max_bp", json_integer(cfg->rules.margin_max_bp));
	json_object_set_new(o, "headcount_change_bp", json_integer(cfg->rules.headcount_change_bp));
	json_object_set_new(o, "labels", labels);
	return o;
}

static API_HANDLER(apm_settings_get)
{
	struct monitor_settings cfg;
	enum app_status st = apm_settings(req, &cfg, err);
	return st == APP_OK ? js_reply(resp, 200, settings_json(&cfg)) : st;
}

/* A setting's value as the text monitor_setting_set reads. */
static bool setting_text(const json_t *v, char *buf, size_t n)
{
	if (json_is_boolean(v)) {
		snprintf(buf, n, "%d", json_is_true(v) ? 1 : 0);
		return true;
	}
	if (json_is_integer(v)) {
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return true;
	}
	if (json_is_string(v)) {
		snprintf(buf, n, "%s", json_string_value(v));
		return true;
	}
	if (!json_is_array(v))
		return false;
	size_t i, len = 0;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x))
			return false;
		int w = snprintf(buf + len, n - len, "%s%s", i ? "," : "", json_string_value(x));
		if (w < 0 || (size_t)w >= n - len)
			return false;
		len += (size_t)w;
	}
	if (!len)
		snprintf(buf, n, "none");
	return true;
}

static API_HANDLER(apm_settings_put)
{
	struct api_req *ar = api_ctx(req);
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct audit_actor who;
	auth_actor(&ar->p, &who);
	st = store_begin(ar->store, err);
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val)
	{
		char text[256], ptr[80];
		struct app_err e = {0};
		snprintf(ptr, sizeof ptr, "/%s", key);
		if (st != APP_OK)
			break;
		if (!setting_text(val, text, sizeof text)) {
			http_resp_add_error(resp, ptr, "应为数字、true/false、文字或梯度代码数组");
			continue;
		}
		enum app_status s = monitor_setting_set(ar->store, &who, key, text, &e);
		if (s == APP_EINVAL)
			http_resp_add_error(resp, ptr, e.msg);
		else if (s != APP_OK) {
			*err = e;
			st = s;
		}
	}
	json_decref(body);
	if (st == APP_OK && resp->n_errors)
		st = app_err_set(err, APP_EINVAL, "月报设置有误(%zu 处),未作修改", resp->n_errors);
	if (st == APP_OK)
		st = store_commit(ar->store, err);
	else if (store_in_transaction(ar->store))
		store_rollback(ar->store, NULL);
	if (st != APP_OK)
		return st;
	struct monitor_settings cfg;
	if ((st = apm_settings(req, &cfg, err)) != APP_OK)
		return st;
	return js_reply(resp, 200, settings_json(&cfg));
}

/* ---- the route table ---- */

const struct http_route api_routes_monthly[] = {
    {HTTP_POST, V1 "/monthly/reports", apm_file, PERM_WRITE_ENTERPRISE, "monthly_file", 0},
    {HTTP_GET, V1 "/monthly/reports/:uscc", apm_series, PERM_READ, "monthly_series", 0},
    {HTTP_GET, V1 "/monthly/reports/:uscc/:period", apm_report_get, PERM_READ, "monthly_get", 0},
    {HTTP_PUT, V1 "/monthly/reports/:uscc/:period", apm_correct, PERM_WRITE_ENTERPRISE,
     "monthly_correct", 0},
    {HTTP_GET, V1 "/monthly/reports/:uscc/:period/versions", apm_versions, PERM_READ,
     "monthly_versions", 0},
    {HTTP_GET, V1 "/monthly/reports.csv", apm_reports_csv, PERM_READ, "monthly_export_csv", 0},
    {HTTP_GET, V1 "/monthly/reports.xlsx", apm_reports_xlsx, PERM_READ, "monthly_export_xlsx", 0},
    {HTTP_POST, V1 "/imports/monthly", apm_import, PERM_IMPORT, "monthly_import", 64 * 1024 * 1024},
    {HTTP_GET, V1 "/monthly/completeness", apm_completeness, PERM_MONITOR, "monthly_completeness",
     0},
    {HTTP_GET, V1 "/monthly/completeness.csv", apm_completeness_csv, PERM_MONITOR,
     "monthly_completeness_csv", 0},
    {HTTP_GET, V1 "/monthly/completeness.xlsx", apm_completeness_xlsx, PERM_MONITOR,
     "monthly_completeness_xlsx", 0},
    {HTTP_GET, V1 "/monthly/missing.csv", apm_missing_csv, PERM_MONITOR, "monthly_missing_csv", 0},
    {HTTP_GET, V1 "/monthly/missing.xlsx", apm_missing_xlsx, PERM_MONITOR, "monthly_missing_xlsx",
     0},
    {HTTP_GET, V1 "/monthly/trends", apm_trends, PERM_MONITOR, "monthly_trends", 0},
    {HTTP_GET, V1 "/monthly/analysis", apm_analysis, PERM_READ_CITY, "monthly_analysis", 0},
    {HTTP_GET, V1 "/monthly/notice", apm_notice, PERM_READ_CITY, "monthly_notice", 0},
    {HTTP_GET, V1 "/monthly/warnings", apm_warnings, PERM_MONITOR, "monthly_warnings", 0},
    {HTTP_POST, V1 "/monthly/warnings/:uscc/:rule/rereview", apm_rereview, PERM_REVIEW,
     "monthly_rereview", 0},
    {HTTP_GET, V1 "/monthly/rereviews", apm_rereviews, PERM_MONITOR, "monthly_rereviews", 0},
    {HTTP_GET, V1 "/monthly/settings", apm_settings_get, PERM_READ, "monthly_settings_get", 0},
    {HTTP_PUT, V1 "/monthly/settings", apm_settings_put, PERM_WRITE_CRITERIA,
     "monthly_settings_put", 0},
};
const size_t api_routes_monthly_n = sizeof api_routes_monthly / sizeof api_routes_monthly[0];
