/* api_monthly_views.c - the monitoring views over many firms and their
 * files (docs/API.md "Monthly monitoring"): completeness and the 催报 list,
 * the analysis report, the 通报 draft and its tables, the dashboard trends,
 * exports of the reports, and the bulk upload of monthly files.
 *
 * A district user's views hold the firms of its unit only
 * (monitor_completeness_scoped, export_options.scope_district,
 * import_options.scope_district); the analysis and the 通报 are city-wide
 * and need PERM_READ_CITY. */
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_monthly.h"
#include "app/audit.h"
#include "app/firm.h"
#include "app/monitor_import.h"
#include "app/monitor_notice.h"
#include "app/monitor_report.h"
#include "app/monitor_tables.h"
#include "app/scope.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "core/uscc.h"
#include "io/export.h"

enum { DOC_MAX = 64 * 1024 * 1024 }; /* bytes of one rendered document */

/* ---- completeness ---- */

static json_t *unit_json(const struct monitor_unit_stat *u, const char *name)
{
	json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "unit", u->unit, "name",
	                      name ? name : u->name, "expected", (json_int_t)u->expected, "filed",
	                      (json_int_t)u->filed, "on_time", (json_int_t)u->on_time, "late",
	                      (json_int_t)u->late, "missing", (json_int_t)u->missing, "voluntary",
	                      (json_int_t)u->voluntary);
	json_object_set_new(o, "rate_pct", json_real(round(u->rate * 100) / 100));
	json_object_set_new(o, "on_time_pct", json_real(round(u->timely * 100) / 100));
	json_object_set_new(o, "rank", u->rank ? json_integer(u->rank) : json_null());
	return o;
}

/* Completeness of the query's period (default: the latest closed one) in
 * the caller's scope. *scope receives the unit it was narrowed to, or
 * NULL. */
static enum app_status completeness_of(struct http_req *req, struct monitor_settings *cfg,
                                       struct monitor_completeness *c, const char **scope,
                                       struct app_err *err)
{
	int64_t today = 0;
	int p = 0;
	enum app_status st = apm_needs_scope(req, err);
	if (st == APP_OK)
		st = apm_settings(req, cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &today, err);
	if (st == APP_OK)
		st =
		    apm_period(req, "period", monthly_last_closed(&cfg->rules.cal, today), &p, err);
	if (st != APP_OK)
		return st;
	*scope = scope_unit(&api_ctx(req)->p);
	st = monitor_completeness_scoped(api_ctx(req)->store, cfg, p, today, *scope, c, err);
	if (st == APP_EINVAL)
		app_err_field(err, "period");
	return st;
}

API_HANDLER(apm_completeness)
{
	struct monitor_settings cfg;
	struct monitor_completeness c;
	const char *scope = NULL;
	enum app_status st = completeness_of(req, &cfg, &c, &scope, err);
	if (st != APP_OK)
		return st;
	char per[8], td[11], dl[11], span[32];
	monthly_period_format(c.period, per);
	monthly_month_label(&cfg.rules.cal, c.period, span, sizeof span);
	apm_date(c.today, td);
	apm_date(c.deadline, dl);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:b}", "period", per, "label", span, "as_of", td,
	                      "deadline", dl, "closed", c.closed);
	json_object_set_new(
	    o, "scope",
	    scope ? json_pack("{s:s,s:s}", "unit", scope, "name", district_unit_name(scope))
	          : json_null());
	json_object_set_new(o, "city",
	                    unit_json(&c.city, scope ? district_unit_name(scope) : "全市"));
	json_t *units = json_array(), *miss = json_array();
	for (size_t i = 0; i < c.nunits; i++)
		json_array_append_new(units, unit_json(&c.units[i], NULL));
	for (size_t i = 0; i < c.nmissing; i++)
		json_array_append_new(miss, json_pack("{s:s,s:s,s:s,s:s}", "uscc",
		                                      c.missing[i].uscc, "name", c.missing[i].name,
		                                      "unit", c.missing[i].unit, "unit_name",
		                                      district_unit_name(c.missing[i].unit)));
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "missing", miss);
	monitor_completeness_free(&c);
	return js_reply(resp, 200, o);
}

/* Answers with the bytes of a CSV document built in b. */
static enum app_status send_csv(struct http_resp *resp, struct buf *b, const char *ascii,
                                const char *stem, struct app_err *err)
{
	char name[96];
	api_dated_name(name, sizeof name, stem, "csv");
	return api_send_bytes(resp, "text/csv; charset=utf-8", b->p, b->len, ascii, name, err);
}

/* Writes a workbook with write(ctx, path, e) into a temporary directory and
 * answers with it. */
static enum app_status
send_xlsx(struct http_resp *resp,
          enum app_status (*write)(void *ctx, const char *path, struct app_err *e), void *ctx,
          const char *ascii, const char *stem, struct app_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	enum app_status st = api_temp_dir(dir, err);
	if (st != APP_OK)
		return st;
	snprintf(path, sizeof path, "%s/x.xlsx", dir);
	int fd = -1;
	uint64_t size = 0;
	st = write(ctx, path, err);
	if (st == APP_OK)
		st = api_take_file(dir, path, &fd, &size, err);
	if (st != APP_OK) {
		unlink(path);
		rmdir(dir);
		return st;
	}
	char name[96];
	api_dated_name(name, sizeof name, stem, "xlsx");
	api_attachment(resp, API_XLSX_TYPE, fd, size, ascii, name);
	return APP_OK;
}

static enum app_status write_completeness(void *ctx, const char *path, struct app_err *e)
{
	return monitor_completeness_xlsx(ctx, path, e);
}

static enum app_status completeness_file(struct http_req *req, struct http_resp *resp, bool xlsx,
                                         struct app_err *err)
{
	struct monitor_settings cfg;
	struct monitor_completeness c;
	const char *scope = NULL;
	enum app_status st = completeness_of(req, &cfg, &c, &scope, err);
	if (st != APP_OK)
		return st;
	char stem[64], per[8];
	monthly_period_format(c.period, per);
	snprintf(stem, sizeof stem, "月报报送情况-%s", per);
	if (xlsx) {
		st = send_xlsx(resp, write_completeness, &c, "completeness.xlsx", stem, err);
	} else {
		struct buf b;
		buf_init(&b, DOC_MAX);
		st = monitor_completeness_csv(&c, &b);
		if (st == APP_OK)
			st = send_csv(resp, &b, "completeness.csv", stem, err);
		else
			app_err_set(err, st, "表格过大");
		buf_free(&b);
	}
	monitor_completeness_free(&c);
	return st;
}

API_HANDLER(apm_completeness_csv)
{
	return completeness_file(req, resp, false, err);
}

API_HANDLER(apm_completeness_xlsx)
{
	return completeness_file(req, resp, true, err);
}

/* ---- the 催报 list ---- */

struct chase_doc {
	const struct monitor_completeness *c;
	struct monitor_chase *v;
	size_t n;
};

static enum app_status write_chase(void *ctx, const char *path, struct app_err *e)
{
	struct chase_doc *d = ctx;
	return monitor_chase_xlsx(d->c, d->v, d->n, path, e);
}

static enum app_status missing_file(struct http_req *req, struct http_resp *resp, bool xlsx,
                                    struct app_err *err)
{
	struct monitor_settings cfg;
	struct monitor_completeness c;
	const char *scope = NULL;
	char unit[8];
	enum app_status st = apm_district(req, unit, err);
	if (st == APP_OK)
		st = completeness_of(req, &cfg, &c, &scope, err);
	if (st != APP_OK)
		return st;
	struct chase_doc d = {&c, NULL, 0};
	bool mask = !role_sees_personal(api_ctx(req)->p.user.role);
	st = monitor_chase_list(api_ctx(req)->store, &c, unit, mask, &d.v, &d.n, err);
	char stem[64], per[8];
	monthly_period_format(c.period, per);
	snprintf(stem, sizeof stem, "月报催报名单-%s", per);
	if (st == APP_OK && xlsx) {
		st = send_xlsx(resp, write_chase, &d, "missing.xlsx", stem, err);
	} else if (st == APP_OK) {
		struct buf b;
		buf_init(&b, DOC_MAX);
		st = monitor_chase_csv(&c, d.v, d.n, &b);
		if (st == APP_OK)
			st = send_csv(resp, &b, "missing.csv", stem, err);
		else
			app_err_set(err, st, "表格过大");
		buf_free(&b);
	}
	free(d.v);
	monitor_completeness_free(&c);
	return st;
}

API_HANDLER(apm_missing_csv)
{
	return missing_file(req, resp, false, err);
}

API_HANDLER(apm_missing_xlsx)
{
	return missing_file(req, resp, true, err);
}

/* ---- the dashboard's trends ---- */

struct trend_ctx {
	json_t *items;
};

static int take_cell(void *ctx, const struct monthly_agg *c)
{
	struct trend_ctx *t = ctx;
	char per[8];
	double pct;
	monthly_period_format(c->period, per);
	json_t *o = json_pack("{s:s,s:I}", "period", per, "filed", (json_int_t)c->filed);
	json_object_set_new(o, "revenue_ytd", json_real((double)c->sum[MK_REVENUE_YTD] / 1e6));
	json_object_set_new(o, "revenue_month",
	                    c->sn[MK_REVENUE_YTD] ? json_real((double)c->ssum[MK_REVENUE_YTD] / 1e6)
	                                          : json_null());
	bool ok = monthly_agg_growth(c, MK_REVENUE_YTD, &pct);
	json_object_set_new(o, "revenue_yoy_pct",
	                    ok ? json_real(round(pct * 100) / 100) : json_null());
	json_object_set_new(o, "profit_ytd", json_real((double)c->sum[MK_PROFIT_YTD] / 1e6));
	json_object_set_new(o, "profit_month",
	                    c->sn[MK_PROFIT_YTD] ? json_real((double)c->ssum[MK_PROFIT_YTD] / 1e6)
	                                         : json_null());
	ok = monthly_agg_growth(c, MK_PROFIT_YTD, &pct);
	json_object_set_new(o, "profit_yoy_pct",
	                    ok ? json_real(round(pct * 100) / 100) : json_null());
	json_object_set_new(o, "loss_firms", json_integer(c->loss));
	ok = monthly_agg_loss_rate(c, &pct);
	json_object_set_new(o, "loss_rate_pct",
	                    ok ? json_real(round(pct * 100) / 100) : json_null());
	json_array_append_new(t->items, o);
	return 0;
}

API_HANDLER(apm_trends)
{
	struct api_req *ar = api_ctx(req);
	struct monitor_settings cfg;
	int64_t today = 0;
	int to = 0;
	long months = 13;
	char unit[8];
	enum app_status st = apm_needs_scope(req, err);
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &today, err);
	if (st == APP_OK)
		st = apm_period(req, "to", monthly_last_closed(&cfg.rules.cal, today), &to, err);
	if (st == APP_OK)
		st = apm_district(req, unit, err);
	const char *m = http_req_query(req, "months");
	if (st == APP_OK && m && *m && !str_to_int_range(strv_from(m), 1, 36, &months))
		st = api_bad_param(err, "months", "应为 1-36");
	if (st != APP_OK)
		return st;
	/* a district user sees its own unit's cells: they hold only its firms */
	const char *scope = scope_unit(&ar->p);
	const char *grp = scope ? scope : unit[0] ? unit : "";
	enum monthly_dim dim = grp[0] ? MDIM_UNIT : MDIM_ALL;
	struct trend_ctx t = {json_array()};
	st = store_monthly_agg_list(ar->store, dim, grp, to - (int)months + 1, to, take_cell, &t,
	                            err);
	if (st != APP_OK) {
		json_decref(t.items);
		return st;
	}
	char per[8];
	monthly_period_format(to, per);
	json_t *o = json_pack("{s:s,s:s,s:s}", "unit", grp, "name",
	                      grp[0] ? district_unit_name(grp) : "全市", "to", per);
	json_object_set_new(o, "items", t.items);
	return js_reply(resp, 200, o);
}

/* ---- the analysis report ---- */

static enum app_status write_report(void *ctx, const char *path, struct app_err *e)
{
	return monitor_report_xlsx(ctx, path, e);
}

static enum app_status format_query(const struct http_req *req, const char *const *allowed,
                                    const char *hint, int *out, struct app_err *err)
{
	const char *v = http_req_query(req, "format");
	*out = 0;
	if (!v || !*v)
		return APP_OK;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(v, allowed[i]) == 0) {
			*out = i;
			return APP_OK;
		}
	return api_bad_param(err, "format", "%s", hint);
}

/* A rendered document inline (HTML, Markdown) or, with download=1, as a
 * file. */
static enum app_status send_doc(struct http_req *req, struct http_resp *resp, const char *ctype,
                                struct buf *b, const char *ascii, const char *stem, const char *ext,
                                struct app_err *err)
{
	bool download = false;
	enum app_status st = api_flag_query(req, "download", &download, err);
	if (st != APP_OK)
		return st;
	if (download) {
		char name[96];
		api_dated_name(name, sizeof name, stem, ext);
		return api_send_bytes(resp, ctype, b->p, b->len, ascii, name, err);
	}
	return http_resp_set(resp, 200, ctype, b->p, b->len);
}

API_HANDLER(apm_analysis)
{
	static const char *const formats[] = {"json", "csv", "html", "xlsx", NULL};
	struct monitor_settings cfg;
	int64_t today = 0;
	int p = 0, fmt = 0, by = MDIM_UNIT;
	long months = 13;
	enum app_status st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &today, err);
	if (st == APP_OK)
		st = apm_period(req, "period", monthly_last_closed(&cfg.rules.cal, today), &p, err);
	if (st == APP_OK)
		st = format_query(req, formats, "可选 json、csv、html、xlsx", &fmt, err);
	const char *b = http_req_query(req, "by"), *m = http_req_query(req, "months");
	if (st == APP_OK && b && *b && (by = monthly_dim_parse(b)) < 0)
		st = api_bad_param(err, "by", "可选 district、industry、tier、all");
	if (st == APP_OK && m && *m &&
	    !str_to_int_range(strv_from(m), 1, MONITOR_SERIES_MAX, &months))
		st = api_bad_param(err, "months", "应为 1-%d", MONITOR_SERIES_MAX);
	if (st != APP_OK)
		return st;
	struct monitor_report r;
	st = monitor_report_build(api_ctx(req)->store, &cfg, p, (enum monthly_dim)by, (int)months,
	                          &r, err);
	if (st != APP_OK) {
		if (st == APP_EINVAL)
			app_err_field(err, "period");
		return st;
	}
	char stem[64], per[8];
	monthly_period_format(p, per);
	snprintf(stem, sizeof stem, "月度运行监测分析-%s", per);
	struct buf doc;
	buf_init(&doc, DOC_MAX);
	switch (fmt) {
	case 1:
		st = monitor_report_csv(&r, &doc);
		if (st == APP_OK)
			st = send_csv(resp, &doc, "analysis.csv", stem, err);
		break;
	case 2:
		st = monitor_report_html(&r, &doc);
		if (st == APP_OK)
			st = send_doc(req, resp, "text/html; charset=utf-8", &doc, "analysis.html",
			              stem, "html", err);
		break;
	case 3:
		st = send_xlsx(resp, write_report, &r, "analysis.xlsx", stem, err);
		break;
	default:
		st = monitor_report_json(&r, &doc);
		if (st == APP_OK)
			st = http_resp_set(resp, 200, "application/json", doc.p, doc.len);
		break;
	}
	if (st == APP_ETOOLARGE && !err->msg[0])
		app_err_set(err, st, "报告过大");
	buf_free(&doc);
	monitor_report_free(&r);
	return st;
}

/* ---- the 通报 ---- */

static enum app_status write_notice(void *ctx, const char *path, struct app_err *e)
{
	return monitor_notice_tables_xlsx(ctx, path, e);
}

API_HANDLER(apm_notice)
{
	static const char *const formats[] = {"md", "html", "csv", "xlsx", NULL};
	struct monitor_settings cfg;
	struct monitor_notice_options o = {0};
	int64_t today = 0;
	int p = 0, fmt = 0;
	long v = 0;
	enum app_status st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, true, &today, err);
	if (st == APP_OK)
		st = apm_period(req, "period", monthly_last_closed(&cfg.rules.cal, today), &p, err);
	if (st == APP_OK)
		st = format_query(req, formats, "可选 md、html、csv、xlsx", &fmt, err);
	const char *th = http_req_query(req, "threshold");
	if (st == APP_OK && th && *th) {
		if (!str_to_int_range(strv_from(th), 1, 100, &v))
			st = api_bad_param(err, "threshold", "应为 1-100(百分数)");
		o.threshold_bp = (int)v * 100;
	}
	if (st != APP_OK)
		return st;
	struct store *s = api_ctx(req)->store;
	char stem[64], per[8];
	monthly_period_format(p, per);
	snprintf(stem, sizeof stem, "月报报送情况通报-%s", per);
	struct buf doc;
	buf_init(&doc, DOC_MAX);
	if (fmt >= 2) {
		struct monitor_notice_tables t;
		st = monitor_notice_tables(s, &cfg, p, today, &o, &t, err);
		if (st == APP_OK) {
			if (fmt == 3) {
				st = send_xlsx(resp, write_notice, &t, "notice.xlsx", stem, err);
			} else {
				st = monitor_notice_tables_csv(&t, &doc);
				if (st == APP_OK)
					st = send_csv(resp, &doc, "notice.csv", stem, err);
			}
			monitor_notice_tables_free(&t);
		}
	} else {
		st = monitor_notice(s, &cfg, p, today,
		                    fmt ? MONITOR_NOTICE_HTML : MONITOR_NOTICE_MD, &o, &doc, err);
		if (st == APP_OK)
			st = send_doc(
			    req, resp,
			    fmt ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8", &doc,
			    fmt ? "notice.html" : "notice.md", stem, fmt ? "html" : "md", err);
	}
	if (st == APP_EINVAL && !err->field[0])
		app_err_field(err, "period");
	buf_free(&doc);
	return st;
}

/* ---- exports of the reports ---- */

struct export_req {
	struct store *s;
	int from, to;
	char unit[8];
	char uscc[USCC_LEN + 1];
	struct export_options opt;
};

static enum app_status export_req(struct http_req *req, struct export_req *x, struct app_err *err)
{
	struct api_req *ar = api_ctx(req);
	memset(x, 0, sizeof *x);
	x->s = ar->store;
	enum app_status st = apm_period(req, "from", -1, &x->from, err);
	if (st == APP_OK)
		st = apm_period(req, "to", -1, &x->to, err);
	if (st == APP_OK)
		st = apm_district(req, x->unit, err);
	if (st != APP_OK)
		return st;
	x->from = x->from < 0 ? 0 : x->from;
	x->to = x->to < 0 ? 0 : x->to;
	if (x->from && x->to && x->from > x->to)
		return api_bad_param(err, "from", "from 不能晚于 to");
	const char *u = http_req_query(req, "uscc");
	x->opt.mask_personal = !role_sees_personal(ar->p.user.role);
	enum role_scope sc = role_scope(ar->p.user.role);
	if (sc == SCOPE_FIRM) {
		if (!ar->p.user.uscc[0])
			return app_err_set(err, APP_EPERM, "当前账号没有可查看的企业");
		snprintf(x->uscc, sizeof x->uscc, "%s", ar->p.user.uscc);
	} else if ((st = apm_needs_scope(req, err)) != APP_OK) {
		return st;
	}
	if (u && *u) {
		struct app_err e = {0};
		char one[USCC_LEN + 1];
		struct enterprise ent;
		if (uscc_check(u, strlen(u), one, &e) != APP_OK)
			return api_bad_param(err, "uscc", "统一社会信用代码无效:%s", e.msg);
		if ((st = firm_get(ar->store, &ar->p, one, &ent, err)) != APP_OK)
			return st;
		snprintf(x->uscc, sizeof x->uscc, "%s", one);
	}
	x->opt.uscc = x->uscc[0] ? x->uscc : NULL;
	x->opt.scope_district = scope_unit(&ar->p);
	return APP_OK;
}

static enum app_status fd_sink(void *ctx, const char *p, size_t n)
{
	return buf_append(ctx, p, n) == APP_OK ? APP_OK : APP_EIO;
}

API_HANDLER(apm_reports_csv)
{
	struct export_req x;
	enum app_status st = export_req(req, &x, err);
	if (st != APP_OK)
		return st;
	struct buf b;
	buf_init(&b, DOC_MAX);
	struct export_sink sink = {fd_sink, &b};
	st = export_monthly_csv(x.s, x.from, x.to, x.unit[0] ? x.unit : NULL, &x.opt, &sink, err);
	if (st == APP_OK)
		st = send_csv(resp, &b, "monthly.csv", "月度数据", err);
	buf_free(&b);
	return st;
}

static enum app_status write_reports(void *ctx, const char *path, struct app_err *e)
{
	struct export_req *x = ctx;
	return export_monthly_xlsx(x->s, x->from, x->to, x->unit[0] ? x->unit : NULL, &x->opt, path,
	                           e);
}

API_HANDLER(apm_reports_xlsx)
{
	struct export_req x;
	enum app_status st = export_req(req, &x, err);
	return st == APP_OK ? send_xlsx(resp, write_reports, &x, "monthly.xlsx", "月度数据", err)
	                    : st;
}

/* ---- bulk upload ---- */

struct upload_audit {
	const struct principal *p;
	char file[64];
	char sm3[AUDIT_HASH_HEX + 1];
	const char *confirm, *correction;
};

static enum app_status upload_audit(void *ctx, struct store *s, const struct import_report *rep,
                                    struct app_err *e)
{
	struct upload_audit *ua = ctx;
	struct audit_actor who;
	auth_actor(ua->p, &who);
	json_t *after = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "file", ua->file, "sm3",
	                          ua->sm3, "encoding", rep->encoding, "rows", (json_int_t)rep->rows,
	                          "created", (json_int_t)rep->created, "corrected",
	                          (json_int_t)rep->updated, "unchanged", (json_int_t)rep->unchanged,
	                          "warnings_confirmed", (json_int_t)rep->warning_count);
	json_object_set_new(after, "confirm_reason", api_str(ua->confirm));
	json_object_set_new(after, "correction_reason", api_str(ua->correction));
	char *text = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
	enum app_status st =
	    audit_append(s, &who, "import.monthly", "import", ua->file, NULL, text, e);
	free(text);
	json_decref(after);
	return st;
}

static json_t *upload_items(const struct import_report *rep)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct import_error *ie = &rep->errors[i];
		char text[1024];
		import_error_format(rep, ie, text, sizeof text);
		json_t *o = json_pack("{s:I,s:i,s:b,s:b}", "line", (json_int_t)ie->line, "col",
		                      ie->col, "warning", ie->warning, "accepted", ie->accepted);
		json_object_set_new(o, "column", api_str(ie->column));
		json_object_set_new(o, "value", api_str(ie->value));
		json_object_set_new(o, "code", api_str(ie->code));
		json_object_set_new(o, "message", api_str(ie->msg));
		json_object_set_new(o, "text", api_str(text));
		json_array_append_new(a, o);
	}
	return a;
}

/* The upload's answer: 200 committed (or a clean dry run), 409 refused for
 * unconfirmed warnings only (confirm them all with a reason), 422 refused
 * for errors. */
static int upload_answer(const struct import_report *rep, bool dry, bool confirmed, json_t **out)
{
	long refused_warnings = 0;
	for (size_t i = 0; i < rep->nerrors; i++)
		refused_warnings += rep->errors[i].warning && !rep->errors[i].accepted;
	if (rep->nerrors < MAX_IMPORT_ERRORS && !confirmed)
		refused_warnings = rep->warning_count; /* every warning was refused */
	long hard = rep->error_count - (confirmed ? 0 : refused_warnings);
	json_t *o = json_pack(
	    "{s:s,s:b,s:b,s:I,s:I,s:I,s:I,s:s,s:s,s:I,s:I,s:I}", "kind", "monthly", "committed",
	    rep->committed, "dry_run", dry, "rows", (json_int_t)rep->rows, "created",
	    (json_int_t)rep->created, "corrected", (json_int_t)rep->updated, "unchanged",
	    (json_int_t)rep->unchanged, "encoding", rep->encoding, "sheet", rep->where,
	    "error_count", (json_int_t)(hard < 0 ? 0 : hard), "warning_count",
	    (json_int_t)rep->warning_count, "refused_count", (json_int_t)rep->error_count);
	json_object_set_new(o, "items", upload_items(rep));
	json_t *ign = json_array();
	const char *p = rep->ignored;
	while (*p) {
		size_t n = strcspn(p, ",");
		struct strv v = strv_trim((struct strv){p, n});
		if (v.n)
			json_array_append_new(ign, json_stringn(v.p, v.n));
		p += n + (p[n] == ',');
	}
	json_object_set_new(o, "ignored", ign);
	*out = o;
	if (!rep->error_count)
		return 200;
	return hard <= 0 ? 409 : 422;
}

API_HANDLER(apm_import)
{
	struct api_req *ar = api_ctx(req);
	bool dry = false;
	struct api_upload up;
	struct monitor_settings cfg;
	int64_t today = 0;
	enum app_status st = api_flag_query(req, "dry_run", &dry, err);
	if (st == APP_OK)
		st = apm_needs_scope(req, err);
	if (st == APP_OK)
		st = api_read_upload(req, &up, err);
	if (st == APP_OK)
		st = apm_settings(req, &cfg, err);
	if (st == APP_OK)
		st = apm_today(req, false, &today, err);
	if (st != APP_OK)
		return st;
	const char *confirm = http_req_query(req, "confirm_warnings");
	const char *correction = http_req_query(req, "correction_reason");
	const char *sheet = http_req_query(req, "sheet");
	if (confirm && !strv_trim(strv_from(confirm)).n)
		confirm = NULL;
	if (correction && !strv_trim(strv_from(correction)).n)
		correction = NULL;
	if ((confirm && strlen(confirm) >= MAX_MONTHLY_REASON) ||
	    (correction && strlen(correction) >= MAX_MONTHLY_REASON))
		return api_bad_param(err,
		                     confirm && strlen(confirm) >= MAX_MONTHLY_REASON
		                         ? "confirm_warnings"
		                         : "correction_reason",
		                     "原因不能超过 %d 字节", MAX_MONTHLY_REASON - 1);
	struct upload_audit ua = {.p = &ar->p, .confirm = confirm, .correction = correction};
	const char *fn = up.filename[0] && utf8_valid(up.filename, strlen(up.filename))
	                     ? up.filename
	                     : (up.xlsx ? "upload.xlsx" : "upload.csv");
	str_copy(ua.file, sizeof ua.file, fn, strlen(fn));
	if ((st = audit_sm3_hex(up.data, up.len, ua.sm3, err)) != APP_OK)
		return st;
	struct monitor_import_options o = {
	    .actor = ar->p.user.username,
	    .dry_run = dry,
	    .confirm_reason = confirm,
	    .correction_reason = correction,
	    .today = today,
	    .scope_district = scope_unit(&ar->p),
	    .sheet = sheet && *sheet ? sheet : NULL,
	    .before_commit = upload_audit,
	    .before_commit_ctx = &ua,
	};
	struct import_report rep;
	import_report_init(&rep);
	struct app_err ie = {0};
	st = up.xlsx ? monitor_import_xlsx_mem(ar->store, &cfg, up.data, up.len, &o, &rep, &ie)
	             : monitor_import_csv_mem(ar->store, &cfg, up.data, up.len, &o, &rep, &ie);
	if (st == APP_OK || (st == APP_EINVAL && rep.error_count)) {
		json_t *body = NULL;
		int status = upload_answer(&rep, dry, confirm != NULL, &body);
		st = js_reply(resp, status, body);
	} else {
		*err = ie;
		if (st == APP_EINVAL || st == APP_ETOOLARGE || st == APP_ENOTFOUND) {
			app_err_field(err, "file");
			if (st == APP_ENOTFOUND)
				st = APP_EINVAL;
		}
	}
	import_report_free(&rep);
	return st;
}
