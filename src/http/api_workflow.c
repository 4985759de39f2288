/* api_workflow.c - the workflow's route table (docs/API.md "Workflow") and
 * its setup side: batches (申报批次), the expert pool, and the machine as
 * reference data. Applications are in api_application.c, dynamic
 * management and targets in api_manage.c. Rules are app/workflow.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_wf.h"
#include "app/query.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "core/filetype.h"
#include "core/uscc.h"

/* An attachment upload: the file plus its multipart envelope. */
#define MAX_ATTACH_BODY_BYTES (MAX_ATTACH_BYTES + 64 * 1024)

#define V1 "/api/v1"
const struct http_route api_routes_workflow[] = {
    /* reference */
    {HTTP_GET, V1 "/workflow/transitions", api_wf_transitions, PERM_SIGNED_IN,
     "workflow_transitions", 0},
    /* batches */
    {HTTP_GET, V1 "/batches", api_batch_list, PERM_WORKFLOW, "batch_list", 0},
    {HTTP_POST, V1 "/batches", api_batch_open, PERM_WRITE_CRITERIA, "batch_open", 0},
    {HTTP_GET, V1 "/batches/:id", api_batch_get, PERM_WORKFLOW, "batch_get", 0},
    {HTTP_PATCH, V1 "/batches/:id", api_batch_update, PERM_WRITE_CRITERIA, "batch_update", 0},
    /* applications */
    {HTTP_GET, V1 "/applications", api_app_list, PERM_WORKFLOW, "application_list", 0},
    {HTTP_POST, V1 "/applications", api_app_create, PERM_APPLY, "application_create", 0},
    {HTTP_GET, V1 "/applications.csv", api_app_export_csv, PERM_WORKFLOW, "export_applications_csv",
     0},
    {HTTP_GET, V1 "/applications.xlsx", api_app_export_xlsx, PERM_WORKFLOW,
     "export_applications_xlsx", 0},
    {HTTP_GET, V1 "/applications/:id", api_app_get, PERM_WORKFLOW, "application_get", 0},
    {HTTP_GET, V1 "/applications/:id/events", api_app_events, PERM_WORKFLOW, "application_events",
     0},
    {HTTP_POST, V1 "/applications/:id/declarations", api_app_declare, PERM_APPLY,
     "application_declare", 0},
    {HTTP_GET, V1 "/applications/:id/attachments", api_app_attachments, PERM_WORKFLOW,
     "application_attachments", 0},
    {HTTP_POST, V1 "/applications/:id/attachments", api_app_attach, PERM_APPLY,
     "application_attach", MAX_ATTACH_BODY_BYTES},
    {HTTP_GET, V1 "/attachments/:id", api_attachment_get, PERM_WORKFLOW, "attachment_get", 0},
    {HTTP_POST, V1 "/applications/:id/transitions", api_app_move, PERM_MOVE, "application_move", 0},
    {HTTP_PUT, V1 "/applications/:id/score", api_app_score, PERM_SCORE, "application_score", 0},
    {HTTP_POST, V1 "/applications/:id/experts", api_app_appoint, PERM_WRITE_CRITERIA,
     "application_appoint", 0},
    {HTTP_POST, V1 "/applications/:id/objections", api_objection_add, PERM_WRITE_TIER,
     "objection_add", 0},
    {HTTP_POST, V1 "/objections/:id/resolution", api_objection_resolve, PERM_WRITE_TIER,
     "objection_resolve", 0},
    /* the expert pool */
    {HTTP_GET, V1 "/experts", api_expert_list, PERM_WRITE_CRITERIA, "expert_list", 0},
    {HTTP_POST, V1 "/experts", api_expert_put, PERM_WRITE_CRITERIA, "expert_put", 0},
    {HTTP_POST, V1 "/experts/:username/links", api_expert_link, PERM_WRITE_CRITERIA, "expert_link",
     0},
    /* dynamic management and targets */
    {HTTP_GET, V1 "/rereview", api_rereview, PERM_OVERSIGHT, "rereview_list", 0},
    {HTTP_GET, V1 "/reevaluation", api_reevaluation, PERM_OVERSIGHT, "reevaluation_get", 0},
    {HTTP_POST, V1 "/reevaluation", api_reevaluation_record, PERM_WRITE_TIER, "reevaluation_record",
     0},
    {HTTP_POST, V1 "/enterprises/:uscc/exit", api_exit_decide, PERM_WRITE_TIER, "exit_decide", 0},
    {HTTP_GET, V1 "/exits", api_exit_list, PERM_OVERSIGHT, "exit_list", 0},
    {HTTP_GET, V1 "/targets", api_target_list, PERM_OVERSIGHT, "target_list", 0},
    {HTTP_GET, V1 "/targets/progress", api_target_progress, PERM_OVERSIGHT, "target_progress", 0},
    {HTTP_GET, V1 "/targets/trajectory", api_target_trajectory, PERM_OVERSIGHT, "target_trajectory",
     0},
    {HTTP_PUT, V1 "/targets/:set/:tier/:year", api_target_put, PERM_WRITE_CRITERIA, "target_put",
     0},
};
const size_t api_routes_workflow_n = sizeof api_routes_workflow / sizeof api_routes_workflow[0];

/* ---- the machine as reference data ---- */

static const char *const guard_keys[] = {"window",     "resubmit", "docs",       "not_barred",
                                         "reason",     "experts",  "all_scored", "notice_over",
                                         "objections", "doc_no"};

API_HANDLER(api_wf_transitions)
{
	(void)req;
	(void)err;
	json_t *o = json_object(), *ts = json_array(), *states = json_array(), *docs = json_array();
	for (int i = 0; i < FA_COUNT; i++) {
		const struct flow_transition *t = &flow_transitions[i];
		json_t *roles = json_array(), *guards = json_array();
		for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
			if (t->roles & ROLE_BIT(r))
				json_array_append_new(roles, json_string(role_key((enum role)r)));
		for (unsigned g = 0; g < sizeof guard_keys / sizeof *guard_keys; g++)
			if (t->guards & (1u << g))
				json_array_append_new(
				    guards,
				    json_pack("{s:s, s:s}", "key", guard_keys[g], "label",
				              flow_guard_label((enum flow_guard)(1u << g))));
		json_array_append_new(
		    ts, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "action", t->key, "label",
		                  t->label, "from", flow_state_key(t->from), "to",
		                  flow_state_key(t->to), "roles", roles, "guards", guards));
	}
	for (int s = FS_DRAFT; s < FS_COUNT; s++)
		json_array_append_new(
		    states, json_pack("{s:s, s:s, s:b}", "key", flow_state_key((enum flow_state)s),
		                      "label", flow_state_label((enum flow_state)s), "terminal",
		                      flow_state_terminal((enum flow_state)s)));
	for (size_t i = 0; i < flow_doc_kind_count; i++) {
		const struct flow_doc_kind *k = &flow_doc_kinds[i];
		json_array_append_new(
		    docs, json_pack("{s:s, s:s, s:b, s:b, s:o}", "key", k->key, "label", k->label,
		                    "declaration", k->declaration, "required", k->required, "text",
		                    api_str(k->declaration ? k->text : "")));
	}
	json_t *exits = json_array();
	for (int x = FX_CRITERIA; x < FX_COUNT; x++)
		json_array_append_new(
		    exits, json_pack("{s:s, s:s, s:i}", "key", flow_exit_key((enum flow_exit)x),
		                     "label", flow_exit_label((enum flow_exit)x), "bar_years",
		                     flow_exit_bar_years((enum flow_exit)x)));
	json_t *props = json_array();
	for (int p = FP_KEEP; p < FP_COUNT; p++)
		json_array_append_new(
		    props, json_pack("{s:s, s:s}", "key", flow_proposal_key((enum flow_proposal)p),
		                     "label", flow_proposal_label((enum flow_proposal)p)));
	json_object_set_new(o, "transitions", ts);
	json_object_set_new(o, "states", states);
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "exit_reasons", exits);
	json_object_set_new(o, "proposals", props);
	json_object_set_new(o, "uploads",
	                    json_pack("{s:i, s:i, s:s}", "max_bytes", MAX_ATTACH_BYTES, "max_files",
	                              MAX_ATTACHMENTS, "types", filetype_accepted()));
	json_object_set_new(o, "score_max", json_integer(FLOW_SCORE_MAX / 10));
	json_object_set_new(o, "outlier_points", json_integer(FLOW_OUTLIER_X100 / 100));
	return js_reply(resp, 200, o);
}

/* ---- batches ---- */

/* The Batch object with the caller's counts per state. */
static json_t *batch_with_counts(struct http_req *req, const struct api_wf *w,
                                 const struct flow_batch *b, struct app_err *err)
{
	long counts[FS_COUNT], overdue = 0, total = 0;
	json_t *o = api_wf_batch_json(b, w->today);
	if (wf_app_counts(api_ctx(req)->store, &w->env, &w->who, b->id, counts, &overdue, err) !=
	    APP_OK) {
		json_decref(o);
		return NULL;
	}
	json_t *c = json_object();
	for (int s = FS_DRAFT; s < FS_COUNT; s++) {
		json_object_set_new(c, flow_state_key((enum flow_state)s), json_integer(counts[s]));
		total += counts[s];
	}
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "applications", json_integer(total));
	json_object_set_new(o, "overdue", json_integer(overdue));
	return o;
}

struct batch_rows {
	struct flow_batch *b;
	size_t n, cap;
	const char *status; /* "open", "upcoming", "closed" or NULL */
	const char *today;
};

static int batch_row(void *ctx, const struct flow_batch *b)
{
	struct batch_rows *r = ctx;
	const char *key;
	api_wf_batch_status(b, r->today, &key);
	if (r->status && strcmp(r->status, key) != 0)
		return 0;
	xgrow((void **)&r->b, &r->cap, r->n + 1, sizeof *r->b);
	r->b[r->n++] = *b;
	return 0;
}

API_HANDLER(api_batch_list)
{
	struct api_wf w;
	api_wf_init(req, &w);
	enum tier tier;
	long year = 0;
	enum app_status st = api_wf_qtier(req, "tier", &tier, err);
	const char *y = http_req_query(req, "year");
	if (st == APP_OK && y && *y && !str_to_int_range(strv_from(y), 2000, 2999, &year))
		st = api_bad_param(err, "year", "年度应为 2000-2999");
	const char *status = http_req_query(req, "status");
	if (st == APP_OK && status && *status && strcmp(status, "open") &&
	    strcmp(status, "upcoming") && strcmp(status, "closed"))
		st = api_bad_param(err, "status", "应为 open、upcoming 或 closed");
	if (st != APP_OK)
		return st;
	struct batch_rows r = {NULL, 0, 0, status && *status ? status : NULL, w.today};
	st = wf_batch_list(api_ctx(req)->store, &w.who, tier, (int)year, batch_row, &r, err);
	json_t *items = json_array();
	for (size_t i = 0; i < r.n && st == APP_OK; i++) {
		json_t *o = batch_with_counts(req, &w, &r.b[i], err);
		if (!o)
			st = err->status ? err->status : APP_EDB;
		else
			json_array_append_new(items, o);
	}
	free(r.b);
	if (st != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200, items);
}

static enum app_status load_batch(struct http_req *req, const struct api_wf *w,
                                  struct flow_batch *b, struct app_err *err)
{
	long id;
	enum app_status st = api_wf_id(req, "id", &id, err);
	if (st == APP_OK)
		st = wf_batch_get(api_ctx(req)->store, &w->who, id, b, err);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "申报批次 %ld 不存在", id);
	return st;
}

API_HANDLER(api_batch_get)
{
	struct api_wf w;
	struct flow_batch b;
	api_wf_init(req, &w);
	enum app_status st = load_batch(req, &w, &b, err);
	if (st != APP_OK)
		return st;
	json_t *o = batch_with_counts(req, &w, &b, err);
	return o ? js_reply(resp, 200, o) : err->status;
}

/* A date member: "" when null or absent (and allowed), else YYYY-MM-DD. */
static enum app_status date_member(const struct js_at *root, const char *key, enum js_need need,
                                   char out[11], bool *given, struct app_err *err)
{
	const char *v = NULL;
	struct js_at m;
	enum app_status st = js_member(root, key, JS_OPTIONAL, &m, err);
	if (st != APP_OK)
		return st;
	if (given)
		*given = m.v != NULL;
	if (m.v && json_is_null(m.v) && need == JS_OPTIONAL) {
		out[0] = '\0';
		return APP_OK;
	}
	if ((st = js_get_str(root, key, need, 10, &v, err)) != APP_OK || !v)
		return st;
	if (!str_to_date(strv_from(v), out)) {
		app_err_field(err, m.ptr);
		return app_err_set(err, APP_EINVAL, "应为日期 YYYY-MM-DD");
	}
	return APP_OK;
}

static enum app_status int_member(const struct js_at *root, const char *key, int64_t min,
                                  int64_t max, int *out, struct app_err *err)
{
	int64_t v = *out;
	enum app_status st = js_get_i64(root, key, JS_OPTIONAL, min, max, &v, err);
	*out = (int)v;
	return st;
}

static enum app_status text_member(const struct js_at *root, const char *key, enum js_need need,
                                   size_t max_chars, char *out, size_t n, struct app_err *err)
{
	const char *v = NULL;
	enum app_status st = js_get_str(root, key, need, max_chars, &v, err);
	if (st == APP_OK && v)
		str_copy(out, n, v, strlen(v));
	return st;
}

/* The editable members of a batch (open: all; update: all but tier, year,
 * criteria). */
static enum app_status parse_batch(const json_t *body, bool create, struct flow_batch *b,
                                   struct app_err *err)
{
	static const char *const keys[] = {
	    "name",         "tier",           "year",       "criteria",    "opens",      "closes",
	    "district_due", "city_due",       "review_due", "notice_days", "term_years", "experts",
	    "blind",        "exclude_linked", "doc_no",     NULL};
	struct js_at root;
	js_root(body, &root);
	enum app_status st = js_check_keys(&root, keys, err);
	enum js_need need = create ? JS_REQUIRED : JS_OPTIONAL;
	if (st == APP_OK && !create) {
		static const char *const fixed[] = {"tier", "year", "criteria"};
		for (size_t i = 0; i < 3; i++)
			if (json_object_get(body, fixed[i])) {
				char ptr[32];
				snprintf(ptr, sizeof ptr, "/%s", fixed[i]);
				app_err_field(err, ptr);
				return app_err_set(err, APP_EINVAL,
				                   "批次开设后不能修改梯度、年度和认定标准");
			}
	}
	const char *tier = NULL;
	if (st == APP_OK)
		st = text_member(&root, "name", need, MAX_NAME_CHARS, b->name, sizeof b->name, err);
	if (st == APP_OK && create &&
	    (st = js_get_str(&root, "tier", JS_REQUIRED, 32, &tier, err)) == APP_OK) {
		b->tier = tier_parse(strv_from(tier));
		if (b->tier == TIER_NONE || b->tier == TIER_CANDIDATE) {
			app_err_field(err, "/tier");
			st = app_err_set(err, APP_EINVAL,
			                 "梯度应为 innovative、srdi、little_giant 或 champion");
		}
	}
	if (st == APP_OK && create)
		st = int_member(&root, "year", 2000, 2999, &b->year, err);
	if (st == APP_OK && create && !b->year) {
		app_err_field(err, "/year");
		st = app_err_set(err, APP_EINVAL, "缺少必填字段");
	}
	if (st == APP_OK && create)
		st = text_member(&root, "criteria", JS_OPTIONAL, 63, b->criteria,
		                 sizeof b->criteria, err);
	if (st == APP_OK)
		st = date_member(&root, "opens", need, b->opens, NULL, err);
	if (st == APP_OK)
		st = date_member(&root, "closes", need, b->closes, NULL, err);
	if (st == APP_OK)
		st = date_member(&root, "district_due", JS_OPTIONAL, b->district_due, NULL, err);
	if (st == APP_OK)
		st = date_member(&root, "city_due", JS_OPTIONAL, b->city_due, NULL, err);
	if (st == APP_OK)
		st = date_member(&root, "review_due", JS_OPTIONAL, b->review_due, NULL, err);
	if (st == APP_OK)
		st = int_member(&root, "notice_days", 1, MAX_NOTICE_WORKDAYS, &b->notice_days, err);
	if (st == APP_OK)
		st = int_member(&root, "term_years", 0, 10, &b->term_years, err);
	if (st == APP_OK)
		st = int_member(&root, "experts", 1, MAX_EXPERTS_PER_APP, &b->experts, err);
	if (st == APP_OK)
		st = js_get_bool(&root, "blind", JS_OPTIONAL, &b->blind, err);
	if (st == APP_OK)
		st = js_get_bool(&root, "exclude_linked", JS_OPTIONAL, &b->exclude_linked, err);
	if (st == APP_OK)
		st =
		    text_member(&root, "doc_no", JS_OPTIONAL, 60, b->doc_no, sizeof b->doc_no, err);
	if (st == APP_OK && strcmp(b->closes, b->opens) < 0) {
		app_err_field(err, "/closes");
		st = app_err_set(err, APP_EINVAL, "申报截止日期不能早于开始日期");
	}
	return st;
}

API_HANDLER(api_batch_open)
{
	struct api_wf w;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct flow_batch b = {0};
	b.term_years = -1;
	b.blind = b.exclude_linked = true;
	st = parse_batch(body, true, &b, err);
	json_decref(body);
	if (st == APP_OK)
		st = wf_batch_open(api_ctx(req)->store, &w.env, &w.who, &b, err);
	if (st != APP_OK)
		return st;
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/batches/%ld", b.id);
	http_resp_header(resp, "Location", loc);
	json_t *o = batch_with_counts(req, &w, &b, err);
	return o ? js_reply(resp, 201, o) : err->status;
}

API_HANDLER(api_batch_update)
{
	struct api_wf w;
	struct flow_batch b;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = load_batch(req, &w, &b, err);
	if (st != APP_OK || (st = api_body(req, &body, err)) != APP_OK)
		return st;
	st = parse_batch(body, false, &b, err);
	json_decref(body);
	if (st == APP_OK)
		st = wf_batch_update(api_ctx(req)->store, &w.env, &w.who, &b, err);
	if (st == APP_OK)
		st = wf_batch_get(api_ctx(req)->store, &w.who, b.id, &b, err);
	if (st != APP_OK)
		return st;
	json_t *o = batch_with_counts(req, &w, &b, err);
	return o ? js_reply(resp, 200, o) : err->status;
}

/* ---- the expert pool (city) ---- */

static json_t *expert_json(const struct flow_expert *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "username", json_string(x->username));
	json_object_set_new(o, "name", json_string(x->name));
	json_object_set_new(o, "field", api_str(x->field));
	json_object_set_new(o, "unit", api_str(x->unit));
	json_object_set_new(o, "unit_name",
	                    x->unit[0] ? json_string(district_unit_name(x->unit)) : json_null());
	json_object_set_new(o, "employer", api_str(x->employer));
	json_object_set_new(o, "active", json_boolean(x->active));
	json_object_set_new(o, "links", json_array());
	return o;
}

struct expert_rows {
	json_t *items;
};

static int expert_row(void *ctx, const struct flow_expert *x)
{
	json_array_append_new(((struct expert_rows *)ctx)->items, expert_json(x));
	return 0;
}

static int link_row(void *ctx, long expert_id, const char *uscc, const char *relation)
{
	struct expert_rows *r = ctx;
	size_t i;
	json_t *x;
	json_array_foreach(r->items, i, x)
	{
		if (json_integer_value(json_object_get(x, "id")) == expert_id)
			json_array_append_new(
			    json_object_get(x, "links"),
			    json_pack("{s:s, s:o}", "uscc", uscc, "relation", api_str(relation)));
	}
	return 0;
}

API_HANDLER(api_expert_list)
{
	struct api_wf w;
	api_wf_init(req, &w);
	struct expert_rows r = {json_array()};
	struct store *s = api_ctx(req)->store;
	enum app_status st = wf_expert_list(s, &w.who, expert_row, &r, err);
	if (st == APP_OK)
		st = store_expert_links(s, 0, link_row, &r, err);
	if (st != APP_OK) {
		json_decref(r.items);
		return st;
	}
	return js_reply(resp, 200, r.items);
}

API_HANDLER(api_expert_put)
{
	static const char *const keys[] = {"username", "name",   "field", "unit",
	                                   "employer", "active", NULL};
	struct api_wf w;
	json_t *body = NULL;
	api_wf_init(req, &w);
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct flow_expert x = {0};
	x.active = true;
	struct js_at root;
	js_root(body, &root);
	const char *unit = NULL, *employer = NULL;
	struct app_err fe = {0};
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = text_member(&root, "username", JS_REQUIRED, 32, x.username, sizeof x.username,
		                 err);
	if (st == APP_OK)
		st = text_member(&root, "name", JS_REQUIRED, 30, x.name, sizeof x.name, err);
	if (st == APP_OK)
		st = text_member(&root, "field", JS_OPTIONAL, 30, x.field, sizeof x.field, err);
	if (st == APP_OK)
		st = js_get_str(&root, "unit", JS_OPTIONAL, 40, &unit, err);
	if (st == APP_OK && unit && *unit && query_district(unit, x.unit, &fe) != APP_OK) {
		app_err_field(err, "/unit");
		st = app_err_set(err, APP_EINVAL, "%s", fe.msg);
	}
	if (st == APP_OK)
		st = js_get_str(&root, "employer", JS_OPTIONAL, 18, &employer, err);
	if (st == APP_OK && employer && *employer &&
	    uscc_check(employer, strlen(employer), x.employer, &fe) != APP_OK) {
		app_err_field(err, "/employer");
		st = app_err_set(err, APP_EINVAL, "统一社会信用代码无效：%s", fe.msg);
	}
	if (st == APP_OK)
		st = js_get_bool(&root, "active", JS_OPTIONAL, &x.active, err);
	json_decref(body);
	if (st == APP_OK)
		st = wf_expert_put(api_ctx(req)->store, &w.who, &x, err);
	if (st != APP_OK)
		return st;
	return js_reply(resp, 200, expert_json(&x));
}

API_HANDLER(api_expert_link)
{
	static const char *const keys[] = {"uscc", "relation", NULL};
	struct api_wf w;
	json_t *body = NULL;
	api_wf_init(req, &w);
	const char *username = http_req_param(req, "username");
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	const char *uscc = NULL, *relation = NULL;
	char code[19];
	struct app_err fe = {0};
	st = js_check_keys(&root, keys, err);
	if (st == APP_OK)
		st = js_get_str(&root, "uscc", JS_REQUIRED, 18, &uscc, err);
	if (st == APP_OK && uscc_check(uscc, strlen(uscc), code, &fe) != APP_OK) {
		app_err_field(err, "/uscc");
		st = app_err_set(err, APP_EINVAL, "统一社会信用代码无效：%s", fe.msg);
	}
	if (st == APP_OK)
		st = js_get_str(&root, "relation", JS_OPTIONAL, 40, &relation, err);
	if (st == APP_OK)
		st = wf_expert_link(api_ctx(req)->store, &w.who, username, code, relation, err);
	json_t *out = st == APP_OK ? json_pack("{s:s, s:s, s:o}", "username", username, "uscc",
	                                       code, "relation", api_str(relation))
	                           : NULL;
	json_decref(body);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "专家库中没有用户「%s」",
		                   username ? username : "");
	if (st != APP_OK)
		return st;
	return js_reply(resp, 201, out);
}
