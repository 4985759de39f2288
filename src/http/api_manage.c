/* api_manage.c - dynamic management (re-review list, yearly re-evaluation,
 * exit decisions with the 3-year bar) and targets (sets, progress,
 * trajectory), docs/API.md "Workflow". Rules and scope: app/manage.h and
 * app/targets.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_wf.h"
#include "app/assess.h"
#include "app/manage.h"
#include "app/query.h"
#include "app/targets.h"
#include "base/str.h"
#include "core/district.h"
#include "core/uscc.h"

static json_t *unit_name(const char *unit)
{
	return unit && unit[0] ? json_string(district_unit_name(unit)) : json_null();
}

static enum app_status int_query(const struct http_req *req, const char *name, long min, long max,
                                 long *out, struct app_err *err)
{
	const char *v = http_req_query(req, name);
	if (v && *v && !str_to_int_range(strv_from(v), min, max, out))
		return api_bad_param(err, name, "应为 %ld 到 %ld 之间的整数", min, max);
	return APP_OK;
}

/* ---- the re-review list ---- */

static int due_row(void *ctx, const struct manage_due *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "tier", json_string(tier_key(d->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(d->tier)));
	json_object_set_new(o, "uscc", json_string(d->h.uscc));
	json_object_set_new(o, "name", json_string(d->h.name));
	json_object_set_new(o, "unit", json_string(d->h.unit));
	json_object_set_new(o, "unit_name", unit_name(d->h.unit));
	json_object_set_new(o, "since", json_string(d->h.since));
	json_object_set_new(o, "until", api_str(d->h.until));
	json_object_set_new(o, "days_left", json_integer(d->days_left));
	json_object_set_new(o, "renewal_application",
	                    d->renewal_app ? json_integer(d->renewal_app) : json_null());
	json_object_set_new(o, "renewal_state",
	                    d->renewal_app ? json_string(flow_state_key(d->renewal_state))
	                                   : json_null());
	json_object_set_new(o, "renewal_state_label",
	                    d->renewal_app ? json_string(flow_state_label(d->renewal_state))
	                                   : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

API_HANDLER(api_rereview)
{
	struct api_wf w;
	long months = 6, count = 0;
	enum tier t;
	api_wf_init(req, &w);
	enum app_status st = int_query(req, "months", 1, 60, &months, err);
	if (st == APP_OK)
		st = api_wf_qtier(req, "tier", &t, err);
	json_t *items = json_array();
	if (st == APP_OK)
		st = manage_rereview(api_ctx(req)->store, &w.env, &w.who, (int)months, t, due_row,
		                     items, &count, err);
	if (st != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200,
	                json_pack("{s:i, s:s, s:I, s:o}", "months", (int)months, "today", w.today,
	                          "count", (json_int_t)count, "items", items));
}

/* ---- the yearly re-evaluation ---- */

struct reeval {
	json_t *items;
	enum flow_proposal only;
};

static int proposal_row(void *ctx, const struct manage_proposal *p)
{
	struct reeval *r = ctx;
	if (r->only && p->proposal != r->only)
		return 0;
	json_t *o = json_object();
	json_object_set_new(o, "tier", json_string(tier_key(p->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(p->tier)));
	json_object_set_new(o, "uscc", json_string(p->h.uscc));
	json_object_set_new(o, "name", json_string(p->h.name));
	json_object_set_new(o, "unit", json_string(p->h.unit));
	json_object_set_new(o, "unit_name", unit_name(p->h.unit));
	json_object_set_new(o, "until", api_str(p->h.until));
	json_object_set_new(o, "criteria", api_str(p->criteria));
	json_object_set_new(o, "figures_year",
	                    p->figures_year ? json_integer(p->figures_year) : json_null());
	json_object_set_new(o, "size_class", json_string(sizeclass_key(p->size)));
	json_object_set_new(o, "size_label", json_string(sizeclass_name(p->size)));
	json_object_set_new(o, "oversize", json_boolean(p->oversize));
	json_object_set_new(o, "verdict", api_str(p->verdict));
	json_object_set_new(o, "proposal", json_string(flow_proposal_key(p->proposal)));
	json_object_set_new(o, "proposal_label", json_string(flow_proposal_label(p->proposal)));
	json_object_set_new(o, "reasons", api_str(p->reasons));
	json_array_append_new(r->items, o);
	return 0;
}

static enum app_status reevaluation(struct http_req *req, struct http_resp *resp, bool record,
                                    struct app_err *err)
{
	struct api_wf w;
	enum tier t;
	api_wf_init(req, &w);
	struct reeval r = {json_array(), FP_NONE};
	enum app_status st = api_wf_qtier(req, "tier", &t, err);
	const char *only = http_req_query(req, "proposal");
	if (st == APP_OK && only && *only) {
		for (int p = FP_KEEP; p < FP_COUNT; p++)
			if (strcmp(only, flow_proposal_key((enum flow_proposal)p)) == 0)
				r.only = (enum flow_proposal)p;
		if (!r.only)
			st = api_bad_param(err, "proposal", "应为 keep、warn、exit 或 unknown");
	}
	struct manage_reeval_stats s = {0};
	if (st == APP_OK)
		st = manage_reevaluate(api_ctx(req)->store, &w.env, &w.who, t, record, proposal_row,
		                       &r, &s, err);
	if (st != APP_OK) {
		json_decref(r.items);
		return st;
	}
	json_t *stats = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "firms",
	                          (json_int_t)s.firms, "keep", (json_int_t)s.keep, "warn",
	                          (json_int_t)s.warn, "exit", (json_int_t)s.exit, "unknown",
	                          (json_int_t)s.unknown, "oversize", (json_int_t)s.oversize,
	                          "no_figures", (json_int_t)s.no_figures, "engine", s.engine);
	return js_reply(resp, 200,
	                json_pack("{s:s, s:b, s:o, s:o}", "today", w.today, "recorded", record,
	                          "stats", stats, "items", r.items));
}

API_HANDLER(api_reevaluation)
{
	return reevaluation(req, resp, false, err);
}

API_HANDLER(api_reevaluation_record)
{
	return reevaluation(req, resp, true, err);
}

/* ---- exits ---- */

static json_t *exit_json(const struct flow_exit_decision *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "uscc", json_string(x->uscc));
	json_object_set_new(o, "tier", json_string(tier_key(x->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(x->tier)));
	json_object_set_new(o, "reason", json_string(flow_exit_key(x->reason)));
	json_object_set_new(o, "reason_label", json_string(flow_exit_label(x->reason)));
	json_object_set_new(o, "detail", json_string(x->detail));
	json_object_set_new(o, "decided", json_string(x->decided));
	json_object_set_new(o, "doc_no", api_str(x->doc_no));
	json_object_set_new(o, "bar_until", api_str(x->bar_until));
	json_object_set_new(o, "tier_event", json_integer(x->tier_event_id));
	json_object_set_new(o, "actor", api_str(x->actor));
	json_object_set_new(o, "recorded_at", api_time(x->recorded_at));
	return o;
}

struct exit_rows {
	json_t *items;
	struct store *s;
};

static int exit_row(void *ctx, const struct flow_exit_decision *x)
{
	struct exit_rows *r = ctx;
	json_t *o = exit_json(x);
	struct enterprise ent;
	bool known = store_enterprise_get(r->s, x->uscc, &ent, NULL) == APP_OK;
	json_object_set_new(o, "name", known ? json_string(ent.name) : json_null());
	const char *unit = known ? (ent.zone[0] ? ent.zone : ent.district) : "";
	json_object_set_new(o, "unit", api_str(unit));
	json_object_set_new(o, "unit_name", unit_name(unit));
	json_array_append_new(r->items, o);
	return 0;
}

API_HANDLER(api_exit_list)
{
	struct api_wf w;
	api_wf_init(req, &w);
	const char *v = http_req_query(req, "uscc");
	char code[19] = "";
	struct app_err fe = {0};
	if (v && *v && uscc_check(v, strlen(v), code, &fe) != APP_OK)
		return api_bad_param(err, "uscc", "统一社会信用代码无效：%s", fe.msg);
	struct exit_rows r = {json_array(), api_ctx(req)->store};
	enum app_status st =
	    manage_exit_list(api_ctx(req)->store, &w.who, code[0] ? code : NULL, exit_row, &r, err);
	if (st != APP_OK) {
		json_decref(r.items);
		return st;
	}
	return js_reply(resp, 200, r.items);
}

API_HANDLER(api_exit_decide)
{
	static const char *const keys[] = {"tier", "reason", "detail", "doc_no", "date", NULL};
	struct api_wf w;
	char uscc[USCC_LEN + 1], date[11];
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_uscc(req, uscc, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *tier = NULL, *reason = NULL, *detail = NULL, *doc_no = NULL, *d = NULL;
	enum tier t = TIER_NONE;
	enum flow_exit x = FX_NONE;
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK &&
	    (st = js_get_str(&root, "tier", JS_REQUIRED, 32, &tier, err)) == APP_OK &&
	    (t = tier_parse(strv_from(tier))) == TIER_NONE) {
		app_err_field(err, "/tier");
		st = app_err_set(err, APP_EINVAL, "未知梯度「%s」", tier);
	}
	if (st == APP_OK &&
	    (st = js_get_str(&root, "reason", JS_REQUIRED, 32, &reason, err)) == APP_OK &&
	    (x = flow_exit_parse(strv_from(reason))) == FX_NONE) {
		app_err_field(err, "/reason");
		st = app_err_set(err, APP_EINVAL,
		                 "退出原因应为 criteria、accident、dishonesty 或 fraud");
	}
	if (st == APP_OK)
		st = js_get_str(&root, "detail", JS_OPTIONAL, MAX_COMMENT_CHARS, &detail, err);
	if (st == APP_OK)
		st = js_get_str(&root, "doc_no", JS_OPTIONAL, 60, &doc_no, err);
	if (st == APP_OK)
		st = js_get_str(&root, "date", JS_OPTIONAL, 10, &d, err);
	if (st == APP_OK && d && !str_to_date(strv_from(d), date)) {
		app_err_field(err, "/date");
		st = app_err_set(err, APP_EINVAL, "应为日期 YYYY-MM-DD");
	}
	struct flow_exit_decision out;
	if (st == APP_OK)
		st = manage_exit(api_ctx(req)->store, &w.env, &w.who, uscc, t, x, detail, doc_no,
		                 d ? date : NULL, &out, err);
	json_decref(body);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 201, exit_json(&out));
}

/* ---- targets ---- */

struct target_doc {
	json_t *sets;
};

static int set_row(void *ctx, const struct flow_target_set *t)
{
	struct target_doc *d = ctx;
	json_array_append_new(d->sets, json_pack("{s:s, s:s, s:s, s:b, s:[]}", "name", t->name,
	                                         "label", t->label, "source", t->source, "ladder",
	                                         t->ladder, "targets"));
	return 0;
}

static json_t *target_json(const struct flow_target *t)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:I}", "set", t->set, "tier", tier_key(t->tier),
	                      "tier_label", tier_label(t->tier), "year", t->year, "target",
	                      (json_int_t)t->target);
	json_object_set_new(o, "unit", api_str(t->unit));
	json_object_set_new(o, "unit_name", unit_name(t->unit));
	return o;
}

static int target_row(void *ctx, const struct flow_target *t)
{
	struct target_doc *d = ctx;
	size_t i;
	json_t *s;
	json_array_foreach(d->sets, i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "name")), t->set) == 0)
			json_array_append_new(json_object_get(s, "targets"), target_json(t));
	}
	return 0;
}

API_HANDLER(api_target_list)
{
	struct api_wf w;
	api_wf_init(req, &w);
	struct target_doc d = {json_array()};
	enum app_status st =
	    targets_list(api_ctx(req)->store, &w.who, set_row, target_row, &d, err);
	if (st != APP_OK) {
		json_decref(d.sets);
		return st;
	}
	return js_reply(resp, 200, json_pack("{s:o}", "sets", d.sets));
}

static int progress_row(void *ctx, const struct targets_row *r)
{
	json_t *o = target_json(&r->t);
	json_object_set_new(o, "ladder", json_boolean(r->ladder));
	json_object_set_new(o, "deadline", json_string(r->deadline));
	json_object_set_new(o, "past", json_boolean(r->past));
	json_object_set_new(o, "measured_on", json_string(r->measured_on));
	json_object_set_new(o, "held", json_integer(r->held));
	json_object_set_new(o, "held_now", json_integer(r->held_now));
	json_object_set_new(o, "gap", json_integer(r->gap));
	json_object_set_new(o, "in_flight", json_integer(r->in_flight));
	json_object_set_new(o, "drafts", json_integer(r->drafts));
	json_object_set_new(o, "pass_rate",
	                    r->pass_rate >= 0 ? json_real(r->pass_rate) : json_null());
	json_object_set_new(o, "expiring", json_integer(r->expiring));
	json_object_set_new(o, "projected", json_integer(r->projected));
	json_object_set_new(o, "within_reach",
	                    r->within_reach >= 0 ? json_integer(r->within_reach) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

API_HANDLER(api_target_progress)
{
	struct api_wf w;
	api_wf_init(req, &w);
	const char *set = http_req_query(req, "set");
	if (set && strlen(set) > 31)
		return api_bad_param(err, "set", "目标集名称过长");
	json_t *items = json_array();
	enum app_status st =
	    targets_progress(api_ctx(req)->store, &w.env, &w.who, set, progress_row, items, err);
	if (st != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200,
	                json_pack("{s:s, s:b, s:o}", "today", w.today, "engine", assess_available(),
	                          "items", items));
}

API_HANDLER(api_target_trajectory)
{
	struct api_wf w;
	api_wf_init(req, &w);
	enum tier t;
	bool ladder = true;
	int y, m, d;
	date_split(w.today, &y, &m, &d);
	long from = y - 5, to = y;
	char unit[8] = "";
	struct app_err fe = {0};
	enum app_status st = api_wf_qtier(req, "tier", &t, err);
	if (st == APP_OK && t == TIER_NONE)
		t = TIER_SRDI;
	if (st == APP_OK)
		st = int_query(req, "from", 2000, 2999, &from, err);
	if (st == APP_OK)
		st = int_query(req, "to", 2000, 2999, &to, err);
	const char *l = http_req_query(req, "ladder");
	if (st == APP_OK && l && *l) {
		if (strcmp(l, "0") && strcmp(l, "1"))
			st = api_bad_param(err, "ladder", "应为 0 或 1");
		ladder = strcmp(l, "1") == 0;
	}
	const char *v = http_req_query(req, "district");
	if (st == APP_OK && v && *v && query_district(v, unit, &fe) != APP_OK)
		st = api_bad_param(err, "district", "%s", fe.msg);
	long counts[32];
	if (st == APP_OK && (to < from || to - from >= 30))
		st = api_bad_param(err, "from", "年份范围应为 1-30 年");
	if (st == APP_OK)
		st = targets_trajectory(api_ctx(req)->store, &w.env, &w.who, t, ladder, unit,
		                        (int)from, (int)to, counts, err);
	if (st != APP_OK)
		return st;
	json_t *items = json_array();
	for (long i = 0; i <= to - from; i++)
		json_array_append_new(items,
		                      json_pack("{s:i, s:I, s:s}", "year", (int)(from + i), "count",
		                                (json_int_t)counts[i], "measured_on",
		                                from + i < y ? "year_end" : "today"));
	json_t *o = json_pack("{s:s, s:s, s:b, s:o}", "tier", tier_key(t), "tier_label",
	                      tier_label(t), "ladder", ladder, "items", items);
	const char *scope = w.who.role == ROLE_DISTRICT ? w.who.district : unit;
	json_object_set_new(o, "unit", api_str(scope));
	json_object_set_new(o, "unit_name", unit_name(scope));
	return js_reply(resp, 200, o);
}

API_HANDLER(api_target_put)
{
	static const char *const keys[] = {"target", "label", "source", "ladder", NULL};
	struct api_wf w;
	json_t *body = NULL;
	api_wf_init(req, &w);
	struct flow_target t = {0};
	const char *set = http_req_param(req, "set"), *tier = http_req_param(req, "tier");
	const char *year = http_req_param(req, "year"), *unit = http_req_query(req, "unit");
	long yv;
	struct app_err fe = {0};
	if (!set || !*set || strlen(set) >= sizeof t.set)
		return api_bad_param(err, "set", "目标集名称应为 1-31 个字符");
	if ((t.tier = tier_parse(strv_from(tier ? tier : ""))) == TIER_NONE)
		return api_bad_param(err, "tier", "未知梯度「%s」", tier ? tier : "");
	if (!year || !str_to_int_range(strv_from(year), 2000, 2999, &yv))
		return api_bad_param(err, "year", "年度应为 2000-2999");
	if (unit && *unit && query_district(unit, t.unit, &fe) != APP_OK)
		return api_bad_param(err, "unit", "%s", fe.msg);
	str_copy(t.set, sizeof t.set, set, strlen(set));
	t.year = (int)yv;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	int64_t target = 0;
	const char *label = NULL, *source = NULL;
	struct flow_target_set ts = {0};
	ts.ladder = true;
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_i64(&root, "target", JS_REQUIRED, 0, 100000000, &target, err);
	if (st == APP_OK)
		st = js_get_str(&root, "label", JS_OPTIONAL, 60, &label, err);
	if (st == APP_OK)
		st = js_get_str(&root, "source", JS_OPTIONAL, 60, &source, err);
	if (st == APP_OK)
		st = js_get_bool(&root, "ladder", JS_OPTIONAL, &ts.ladder, err);
	t.target = (long)target;
	if (st == APP_OK && label) { /* creates or renames the set */
		str_copy(ts.name, sizeof ts.name, t.set, strlen(t.set));
		str_copy(ts.label, sizeof ts.label, label, strlen(label));
		if (source)
			str_copy(ts.source, sizeof ts.source, source, strlen(source));
		st = targets_set_put(api_ctx(req)->store, &w.who, &ts, err);
	}
	json_decref(body);
	if (st == APP_OK)
		st = targets_put(api_ctx(req)->store, &w.who, &t, err);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "目标集「%s」不存在;首次设定时请给出 label",
		                   t.set);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 200, target_json(&t));
}
