/* api_wf.c - the workflow handlers' shared pieces (see api_wf.h). */
#include "api_wf.h"

#include <stdio.h>
#include <string.h>

#include "app/query.h"
#include "base/str.h"
#include "core/district.h"
#include "core/uscc.h"

void api_wf_init(struct http_req *req, struct api_wf *w)
{
	const struct principal *p = &api_ctx(req)->p;
	memset(w, 0, sizeof *w);
	w->who.user = p->user.username;
	w->who.role = p->user.role;
	w->who.district = p->user.district;
	w->who.uscc = p->user.uscc;
	w->who.ip = req->ip;
	api_today(api_ctx(req)->api, w->today);
	w->env.today = w->today;
	w->env.files_dir = api_files_dir(api_ctx(req)->api);
	w->env.seeded = false; /* experts are drawn from getrandom(2) */
}

enum app_status api_wf_id(const struct http_req *req, const char *name, long *out,
                          struct app_err *err)
{
	const char *v = http_req_param(req, name);
	if (!v || !str_to_int_range(strv_from(v), 1, 2000000000L, out))
		return app_err_set(err, APP_ENOTFOUND, "编号「%s」不存在", v ? v : "");
	return APP_OK;
}

enum app_status api_wf_qid(const struct http_req *req, const char *name, long *out,
                           struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = 0;
	if (v && *v && !str_to_int_range(strv_from(v), 1, 2000000000L, out))
		return api_bad_param(err, name, "应为正整数编号");
	return APP_OK;
}

enum app_status api_wf_qtier(const struct http_req *req, const char *name, enum tier *out,
                             struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = TIER_NONE;
	if (!v || !*v)
		return APP_OK;
	*out = tier_parse(strv_from(v));
	if (*out == TIER_NONE)
		return api_bad_param(
		    err, name, "梯度应为 innovative、srdi、little_giant、champion 或 candidate");
	return APP_OK;
}

enum app_status api_wf_qstate(const struct http_req *req, const char *name, enum flow_state *out,
                              struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = FS_NONE;
	if (!v || !*v)
		return APP_OK;
	*out = flow_state_parse(strv_from(v));
	if (*out == FS_NONE)
		return api_bad_param(
		    err, name,
		    "状态应为 draft、submitted、returned、district_approved、"
		    "city_approved、expert_review、scored、publicized、recognized 或 "
		    "rejected");
	return APP_OK;
}

enum app_status api_wf_qflag(const struct http_req *req, const char *name, bool *out,
                             struct app_err *err)
{
	const char *v = http_req_query(req, name);
	*out = false;
	if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return APP_OK;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return APP_OK;
	}
	return api_bad_param(err, name, "应为 0 或 1");
}

enum app_status api_wf_filter(const struct http_req *req, struct api_wf_filter *out,
                              struct app_err *err)
{
	memset(out, 0, sizeof *out);
	enum tier t;
	enum flow_state s;
	struct app_err e = {0};
	enum app_status st = api_wf_qid(req, "batch", &out->f.batch_id, err);
	if (st == APP_OK)
		st = api_wf_qtier(req, "tier", &t, err);
	if (st == APP_OK)
		st = api_wf_qstate(req, "state", &s, err);
	if (st == APP_OK)
		st = api_wf_qflag(req, "open", &out->f.open, err);
	if (st == APP_OK)
		st = api_wf_qflag(req, "overdue", &out->overdue, err);
	if (st != APP_OK)
		return st;
	out->f.tier = t;
	out->f.state = s;
	const char *v = http_req_query(req, "district");
	if (v && *v) {
		if (query_district(v, out->unit, &e) != APP_OK)
			return api_bad_param(err, "district", "%s", e.msg);
		out->f.unit = out->unit;
	}
	v = http_req_query(req, "uscc");
	if (v && *v) {
		if (uscc_check(v, strlen(v), out->uscc, &e) != APP_OK)
			return api_bad_param(err, "uscc", "统一社会信用代码无效：%s", e.msg);
		out->f.uscc = out->uscc;
	}
	return APP_OK;
}

const char *api_wf_batch_status(const struct flow_batch *b, const char *date, const char **key)
{
	const char *k = strcmp(date, b->opens) < 0     ? "upcoming"
	                : strcmp(date, b->closes) <= 0 ? "open"
	                                               : "closed";
	if (key)
		*key = k;
	return k[0] == 'u' ? "未开始" : k[0] == 'o' ? "申报中" : "已截止";
}

json_t *api_wf_batch_json(const struct flow_batch *b, const char *today)
{
	const char *key;
	const char *label = api_wf_batch_status(b, today, &key);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(b->id));
	json_object_set_new(o, "name", json_string(b->name));
	json_object_set_new(o, "tier", json_string(tier_key(b->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(b->tier)));
	json_object_set_new(o, "year", json_integer(b->year));
	json_object_set_new(o, "criteria", json_string(b->criteria));
	json_object_set_new(o, "opens", json_string(b->opens));
	json_object_set_new(o, "closes", json_string(b->closes));
	json_object_set_new(o, "district_due", api_str(b->district_due));
	json_object_set_new(o, "city_due", api_str(b->city_due));
	json_object_set_new(o, "review_due", api_str(b->review_due));
	json_object_set_new(o, "notice_days", json_integer(b->notice_days));
	json_object_set_new(o, "term_years", json_integer(b->term_years));
	json_object_set_new(o, "experts", json_integer(b->experts));
	json_object_set_new(o, "blind", json_boolean(b->blind));
	json_object_set_new(o, "exclude_linked", json_boolean(b->exclude_linked));
	json_object_set_new(o, "doc_no", api_str(b->doc_no));
	json_object_set_new(o, "status", json_string(key));
	json_object_set_new(o, "status_label", json_string(label));
	json_object_set_new(o, "created_by", api_str(b->created_by));
	json_object_set_new(o, "created_at", api_time(b->created_at));
	return o;
}

json_t *api_wf_score(long x100)
{
	return x100 >= 0 ? json_real((double)x100 / 100.0) : json_null();
}

static json_t *moves_json(const struct wf_app_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->nnext; i++) {
		const struct flow_transition *t = v->next[i];
		json_t *m = json_object();
		json_object_set_new(m, "action", json_string(t->key));
		json_object_set_new(m, "label", json_string(t->label));
		json_object_set_new(m, "to", json_string(flow_state_key(t->to)));
		json_object_set_new(m, "to_label", json_string(flow_state_label(t->to)));
		json_object_set_new(m, "reason", json_boolean(t->guards & FG_REASON));
		json_object_set_new(m, "doc_no", json_boolean(t->guards & FG_DOC_NO));
		json_array_append_new(a, m);
	}
	return a;
}

json_t *api_wf_app_json(const struct wf_app_view *v)
{
	const struct flow_app *a = &v->app;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "batch", json_integer(a->batch_id));
	json_object_set_new(o, "batch_name", json_string(v->batch.name));
	json_object_set_new(o, "uscc", api_str(a->uscc));
	json_object_set_new(o, "name", api_str(v->firm_name));
	json_object_set_new(o, "tier", json_string(tier_key(a->tier)));
	json_object_set_new(o, "tier_label", json_string(tier_label(a->tier)));
	json_object_set_new(o, "renewal", json_boolean(a->renewal));
	json_object_set_new(o, "state", json_string(flow_state_key(a->state)));
	json_object_set_new(o, "state_label", json_string(flow_state_label(a->state)));
	json_object_set_new(o, "state_since", json_string(a->state_since));
	json_object_set_new(o, "unit", api_str(a->unit));
	json_object_set_new(o, "unit_name",
	                    a->unit[0] ? json_string(district_unit_name(a->unit)) : json_null());
	json_object_set_new(o, "filed_by", api_str(a->filed_by));
	json_object_set_new(o, "filed_role",
	                    v->blind ? json_null() : json_string(role_key(a->filed_role)));
	json_object_set_new(o, "figures_year",
	                    a->figures_year ? json_integer(a->figures_year) : json_null());
	json_object_set_new(o, "score", api_wf_score(a->score_x100));
	json_object_set_new(o, "notice_start", api_str(a->notice_start));
	json_object_set_new(o, "notice_end", api_str(a->notice_end));
	json_object_set_new(o, "doc_no", api_str(a->doc_no));
	json_object_set_new(o, "valid_from", api_str(a->valid_from));
	json_object_set_new(o, "valid_until", api_str(a->valid_until));
	json_object_set_new(o, "note", api_str(a->note));
	json_object_set_new(o, "deadline", api_str(v->deadline));
	json_object_set_new(o, "overdue", json_boolean(v->overdue));
	json_object_set_new(o, "blind", json_boolean(v->blind));
	json_object_set_new(o, "reviews_assigned", json_integer(v->reviews_assigned));
	json_object_set_new(o, "reviews_scored", json_integer(v->reviews_scored));
	json_object_set_new(o, "open_objections", json_integer(v->open_objections));
	json_object_set_new(o, "created_at", api_time(a->created_at));
	json_object_set_new(o, "updated_at", api_time(a->updated_at));
	json_object_set_new(o, "next", moves_json(v));
	return o;
}
