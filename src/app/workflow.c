/* workflow.c - the workflow service: batches, applications, attachments,
 * transitions with their effects, scores, objections, the expert pool
 * (see workflow.h). Reading functions are in workflow_read.c. */
#include "workflow.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/filestore.h"
#include "app/workflow_int.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/rng.h"
#include "core/filetype.h"
#include "core/sizeclass.h"

/* ---- common checks (workflow_int.h) ---- */

enum app_status wfi_business(const struct wf_actor *who, struct app_err *e)
{
	if (!who || !role_business(who->role))
		return app_err_set(e, APP_EPERM, "角色「%s」不处理申报业务",
		                   who && who->role ? role_label(who->role) : "未登录");
	return APP_OK;
}

enum app_status wfi_need(const struct wf_actor *who, unsigned roles, const char *what,
                         struct app_err *e)
{
	enum app_status st = wfi_business(who, e);
	if (st != APP_OK)
		return st;
	if (!(roles & ROLE_BIT(who->role)))
		return app_err_set(e, APP_EPERM, "角色「%s」不能%s", role_label(who->role), what);
	return APP_OK;
}

bool wfi_in_district(const struct wf_actor *who, const char *district, const char *zone)
{
	const char *d = who->district ? who->district : "";
	return d[0] && ((district && strcmp(d, district) == 0) || (zone && strcmp(d, zone) == 0));
}

long wfi_expert_id(struct store *s, const struct wf_actor *who)
{
	struct flow_expert x;
	if (who->role != ROLE_EXPERT || !who->user || !*who->user ||
	    store_expert_get(s, 0, who->user, &x, NULL) != APP_OK)
		return 0;
	return x.id;
}

struct assigned {
	long expert_id;
	bool found;
};

static int find_assigned(void *ctx, const struct flow_review *r)
{
	struct assigned *a = ctx;
	if (r->expert_id == a->expert_id)
		a->found = true;
	return a->found;
}

enum app_status wfi_load(struct store *s, const struct wf_actor *who, long id, struct flow_app *a,
                         struct app_err *e)
{
	enum app_status st = wfi_business(who, e);
	if (st != APP_OK)
		return st;
	st = store_app_get(s, id, a, e);
	if (st == APP_ENOTFOUND)
		return app_err_set(e, APP_ENOTFOUND, "申请 %ld 不存在", id);
	if (st != APP_OK)
		return st;
	bool visible = false;
	switch (who->role) {
	case ROLE_CITY:
	case ROLE_VIEWER:
		visible = true;
		break;
	case ROLE_DISTRICT:
		visible = wfi_in_district(who, a->district, a->unit);
		break;
	case ROLE_ENTERPRISE:
		visible = who->uscc && strcmp(who->uscc, a->uscc) == 0;
		break;
	case ROLE_EXPERT: {
		struct assigned as = {wfi_expert_id(s, who), false};
		if (as.expert_id)
			store_review_list(s, id, as.expert_id, find_assigned, &as, NULL);
		visible = as.found;
		break;
	}
	default:
		break;
	}
	if (!visible)
		return app_err_set(e, APP_ENOTFOUND, "申请 %ld 不存在", id);
	return APP_OK;
}

/* ---- transactions ---- */

enum app_status wf_tx(struct store *s, enum app_status (*f)(void *ctx, struct app_err *e),
                      void *ctx, struct app_err *e)
{
	bool own = !store_in_transaction(s);
	enum app_status st = own ? store_begin(s, e) : APP_OK;
	if (st != APP_OK)
		return st;
	st = f(ctx, e);
	if (!own)
		return st;
	if (st == APP_OK)
		return store_commit(s, e);
	store_rollback(s, NULL);
	return st;
}

void wf_audit_actor(const struct wf_actor *who, struct audit_actor *out)
{
	out->user = who->user && *who->user ? who->user : "unknown";
	out->role = role_key(who->role);
	out->ip = who->ip ? who->ip : "";
}

/* ---- the log: transition log + audit ---- */

/* Appends the application event and the audit entry "application.ACTION"
 * (after: {"state", ...extra}); takes ownership of extra (may be NULL). */
enum app_status wfi_log(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                        long app_id, enum flow_state from, enum flow_state to, const char *action,
                        const char *comment, json_t *extra, struct app_err *e)
{
	struct flow_event ev = {0};
	ev.app_id = app_id;
	ev.from = from;
	ev.to = to;
	str_copy(ev.action, sizeof ev.action, action, strlen(action));
	str_copy(ev.actor, sizeof ev.actor, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	ev.role = who->role;
	if (comment)
		str_copy(ev.comment, sizeof ev.comment, comment, strlen(comment));
	str_copy(ev.on_date, sizeof ev.on_date, env->today, strlen(env->today));
	enum app_status st = store_app_event_add(s, &ev, e);
	json_t *after = extra ? extra : json_object();
	if (st == APP_OK) {
		json_object_set_new(after, "state", json_string(flow_state_key(to)));
		json_object_set_new(after, "on_date", json_string(env->today));
		if (comment && *comment)
			json_object_set_new(after, "comment", json_string(comment));
		char *after_s = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
		char before_s[64], action_s[48], id_s[24];
		snprintf(before_s, sizeof before_s, "{\"state\":\"%s\"}", flow_state_key(from));
		snprintf(action_s, sizeof action_s, "application.%s", action);
		snprintf(id_s, sizeof id_s, "%ld", app_id);
		struct audit_actor aa;
		wf_audit_actor(who, &aa);
		st = audit_append(s, &aa, action_s, "application", id_s, from ? before_s : NULL,
		                  after_s, e);
		free(after_s);
	}
	json_decref(after);
	return st;
}

/* ---- batches ---- */

bool wf_batch_is_open(const struct flow_batch *b, const char *date)
{
	return strcmp(date, b->opens) >= 0 && strcmp(date, b->closes) <= 0;
}

static json_t *batch_json(const struct flow_batch *b)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b, "
	                 "s:b, s:s}",
	                 "id", (json_int_t)b->id, "name", b->name, "tier", tier_key(b->tier),
	                 "year", b->year, "criteria", b->criteria, "opens", b->opens, "closes",
	                 b->closes, "district_due", b->district_due, "city_due", b->city_due,
	                 "review_due", b->review_due, "notice_days", b->notice_days, "term_years",
	                 b->term_years, "experts", b->experts, "blind", b->blind, "exclude_linked",
	                 b->exclude_linked, "doc_no", b->doc_no);
}

static enum app_status audit_batch(struct store *s, const struct wf_actor *who, const char *action,
                                   const struct flow_batch *before, const struct flow_batch *after,
                                   struct app_err *e)
{
	json_t *b = before ? batch_json(before) : NULL, *a = batch_json(after);
	char *bs = b ? json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *as = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char id[24];
	snprintf(id, sizeof id, "%ld", after->id);
	struct audit_actor aa;
	wf_audit_actor(who, &aa);
	enum app_status st = audit_append(s, &aa, action, "batch", id, bs, as, e);
	free(bs);
	free(as);
	json_decref(b);
	json_decref(a);
	return st;
}

struct batch_job {
	struct store *s;
	const struct wf_actor *who;
	struct flow_batch *b;
	const struct flow_batch *before;
};

static enum app_status batch_open_job(void *ctx, struct app_err *e)
{
	struct batch_job *j = ctx;
	enum app_status st = store_batch_add(j->s, j->b, e);
	return st != APP_OK ? st : audit_batch(j->s, j->who, "batch.open", NULL, j->b, e);
}

enum app_status wf_batch_open(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              struct flow_batch *b, struct app_err *e)
{
	(void)env;
	enum app_status st = wfi_need(who, ROLE_BIT(ROLE_CITY), "开设申报批次", e);
	if (st != APP_OK)
		return st;
	if (!b->criteria[0]) {
		const char *c = flow_criteria_for(b->tier, b->opens);
		str_copy(b->criteria, sizeof b->criteria, c, strlen(c));
	}
	if (!b->criteria[0])
		return app_err_set(e, APP_EINVAL, "梯度「%s」没有内置认定标准,请指定 criteria",
		                   tier_label(b->tier));
	if ((st = assess_check(b->criteria, e)) != APP_OK)
		return st;
	if (b->notice_days == 0)
		b->notice_days = 5;
	if (b->experts == 0)
		b->experts = 5;
	if (b->term_years < 0)
		b->term_years = flow_term_years(b->tier);
	str_copy(b->created_by, sizeof b->created_by, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	struct batch_job j = {s, who, b, NULL};
	return wf_tx(s, batch_open_job, &j, e);
}

static enum app_status batch_update_job(void *ctx, struct app_err *e)
{
	struct batch_job *j = ctx;
	enum app_status st = store_batch_update(j->s, j->b, e);
	return st != APP_OK ? st : audit_batch(j->s, j->who, "batch.update", j->before, j->b, e);
}

enum app_status wf_batch_update(struct store *s, const struct wf_env *env,
                                const struct wf_actor *who, const struct flow_batch *b,
                                struct app_err *e)
{
	(void)env;
	struct flow_batch before, copy = *b;
	enum app_status st = wfi_need(who, ROLE_BIT(ROLE_CITY), "修改申报批次", e);
	if (st != APP_OK || (st = store_batch_get(s, b->id, &before, e)) != APP_OK)
		return st;
	struct batch_job j = {s, who, &copy, &before};
	return wf_tx(s, batch_update_job, &j, e);
}

enum app_status wf_batch_get(struct store *s, const struct wf_actor *who, long id,
                             struct flow_batch *out, struct app_err *e)
{
	enum app_status st = wfi_business(who, e);
	return st != APP_OK ? st : store_batch_get(s, id, out, e);
}

/* The batches an expert reviews in. */
struct expert_batches {
	struct store *s;
	long ids[64];
	size_t n;
	store_batch_cb cb;
	void *ctx;
};

static int note_batch(void *ctx, const struct flow_review *r)
{
	struct expert_batches *x = ctx;
	struct flow_app a;
	if (store_app_get(x->s, r->app_id, &a, NULL) != APP_OK)
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->ids[i] == a.batch_id)
			return 0;
	if (x->n < sizeof x->ids / sizeof x->ids[0])
		x->ids[x->n++] = a.batch_id;
	return 0;
}

static int expert_batch(void *ctx, const struct flow_batch *b)
{
	struct expert_batches *x = ctx;
	for (size_t i = 0; i < x->n; i++)
		if (x->ids[i] == b->id)
			return x->cb(x->ctx, b);
	return 0;
}

enum app_status wf_batch_list(struct store *s, const struct wf_actor *who, int tier, int year,
                              store_batch_cb cb, void *ctx, struct app_err *e)
{
	enum app_status st = wfi_business(who, e);
	if (st != APP_OK)
		return st;
	if (who->role != ROLE_EXPERT)
		return store_batch_list(s, tier, year, cb, ctx, e);
	struct expert_batches x = {s, {0}, 0, cb, ctx};
	long id = wfi_expert_id(s, who);
	if (!id)
		return APP_OK;
	if ((st = store_review_list(s, 0, id, note_batch, &x, e)) != APP_OK)
		return st;
	return store_batch_list(s, tier, year, expert_batch, &x, e);
}

/* ---- bars, holdings ---- */

struct bar_scan {
	const char *date;
	char until[11];
	char why[256];
};

static int bar_event(void *ctx, const struct tier_event *ev)
{
	struct bar_scan *b = ctx;
	if (ev->status != TS_REVOKED)
		return 0;
	char until[11];
	date_term_end(ev->since, FLOW_BAR_YEARS, until);
	if (strcmp(b->date, ev->since) >= 0 && strcmp(b->date, until) <= 0 &&
	    strcmp(until, b->until) > 0) {
		memcpy(b->until, until, sizeof b->until);
		snprintf(b->why, sizeof b->why, "于 %s 被撤销「%s」认定(%.150s)", ev->since,
		         tier_short(ev->tier), ev->reason[0] ? ev->reason : "撤销");
	}
	return 0;
}

enum app_status wf_barred(struct store *s, const char *uscc, const char *date, char until[11],
                          char *why, size_t whysz, struct app_err *e)
{
	struct bar_scan b = {date, "", ""};
	enum app_status st = store_tier_history(s, uscc, bar_event, &b, e);
	memcpy(until, b.until, 11);
	if (why)
		str_copy(why, whysz, b.why, strlen(b.why));
	return st;
}

/* Whether the firm holds tier t on date (its latest event in t holds and
 * has not run out). */
struct hold_scan {
	enum tier t;
	const char *date;
	enum tier_status last;
	char until[11];
};

static int hold_event(void *ctx, const struct tier_event *ev)
{
	struct hold_scan *h = ctx;
	if (ev->tier == h->t && strcmp(ev->since, h->date) <= 0) {
		h->last = ev->status;
		memcpy(h->until, ev->until, sizeof h->until);
	}
	return 0;
}

static bool holds_tier(struct store *s, const char *uscc, enum tier t, const char *date)
{
	struct hold_scan h = {t, date, TS_NONE, ""};
	store_tier_history(s, uscc, hold_event, &h, NULL);
	return tier_status_holds(h.last) && (!h.until[0] || strcmp(h.until, date) >= 0);
}

/* ---- applying ---- */

struct rows {
	struct annual *a;
	size_t n, cap;
};

static int collect_row(void *ctx, const struct annual *a)
{
	struct rows *r = ctx;
	xgrow((void **)&r->a, &r->cap, r->n + 1, sizeof *r->a);
	r->a[r->n++] = *a;
	return 0;
}

static json_t *annual_json(const struct annual *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(a->year));
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		json_object_set_new(o, annual_indicators[k].key,
		                    annual_has(a, (enum annual_key)k) ? json_integer(a->v[k])
		                                                      : json_null());
	return o;
}

/* The snapshot: the firm's record and every annual row, in stored units. */
static char *snapshot_json(const struct enterprise *ent, const struct rows *r)
{
	json_t *o =
	    json_pack("{s:i, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s}", "version", 1, "units",
	              "money", "分", "percent", "0.01%", "uscc", ent->uscc, "name", ent->name,
	              "district", ent->district, "zone", ent->zone, "industry", ent->industry);
	json_t *arr = json_array();
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(arr, annual_json(&r->a[i]));
	json_object_set_new(o, "annual", arr);
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

/* SME size class from the latest year with figures. */
static enum size_class size_of(const struct enterprise *ent, const struct rows *r, int *year)
{
	*year = 0;
	for (size_t i = r->n; i-- > 0;) {
		const struct annual *a = &r->a[i];
		struct size_input in = {annual_has(a, AK_EMPLOYEES),    a->v[AK_EMPLOYEES],
		                        annual_has(a, AK_REVENUE),      a->v[AK_REVENUE],
		                        annual_has(a, AK_TOTAL_ASSETS), a->v[AK_TOTAL_ASSETS]};
		struct size_result res;
		if (!in.has_employees && !in.has_revenue && !in.has_assets)
			continue;
		*year = a->year;
		if (sizeclass_classify(ent->industry, &in, NULL, &res, NULL) != APP_OK)
			return SIZE_UNKNOWN;
		return res.cls;
	}
	return SIZE_UNKNOWN;
}

struct open_scan {
	long id;
	enum flow_state state;
};

static int first_open(void *ctx, const struct flow_app *a)
{
	struct open_scan *o = ctx;
	o->id = a->id;
	o->state = a->state;
	return 1;
}

struct apply_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	struct flow_app *a;
	const char *snapshot;
	const struct assess_result *assess;
};

static json_t *assess_json(const struct assess_result *r)
{
	if (r->available) {
		json_t *o = r->json ? json_loads(r->json, 0, NULL) : NULL;
		if (!o)
			o = json_object();
		json_object_set_new(o, "text", json_string(r->text ? r->text : ""));
		return o;
	}
	return json_pack("{s:b, s:s, s:i}", "available", 0, "note", r->note, "year", r->year);
}

static enum app_status apply_job(void *ctx, struct app_err *e)
{
	struct apply_job *j = ctx;
	enum app_status st = store_app_add(j->s, j->a, j->snapshot, e);
	if (st != APP_OK)
		return st;
	json_t *as = assess_json(j->assess);
	char *text = json_dumps(as, JSON_COMPACT | JSON_PRESERVE_ORDER);
	st = store_app_set_assessment(j->s, j->a->id, text, e);
	free(text);
	json_t *extra =
	    json_pack("{s:I, s:s, s:s, s:b, s:i, s:s}", "batch", (json_int_t)j->a->batch_id, "uscc",
	              j->a->uscc, "tier", tier_key(j->a->tier), "renewal", j->a->renewal,
	              "figures_year", j->a->figures_year, "self_assessment",
	              j->assess->available ? j->assess->verdict : "unavailable");
	json_decref(as);
	if (st != APP_OK) {
		json_decref(extra);
		return st;
	}
	return wfi_log(j->s, j->env, j->who, j->a->id, FS_NONE, FS_DRAFT, "create",
	               j->a->filed_role == ROLE_DISTRICT ? "区县代为申报" : NULL, extra, e);
}

/* The checks of wf_apply that come before anything is written. */
static enum app_status apply_checks(struct store *s, const struct wf_env *env,
                                    const struct wf_actor *who, const struct flow_batch *b,
                                    const struct enterprise *ent, struct app_err *e)
{
	if (!wf_batch_is_open(b, env->today))
		return app_err_set(e, APP_ECONFLICT,
		                   "批次「%s」的申报窗口为 %s 至 %s,今天(%s)不能申报", b->name,
		                   b->opens, b->closes, env->today);
	char until[11], why[256];
	enum app_status st = wf_barred(s, ent->uscc, env->today, until, why, sizeof why, e);
	if (st != APP_OK)
		return st;
	if (until[0])
		return app_err_set(e, APP_ECONFLICT, "企业 %s %s,%s 前不得申报", ent->uscc, why,
		                   until);
	struct store_app_filter f = {.uscc = ent->uscc, .tier = b->tier, .open = true};
	struct open_scan o = {0, FS_NONE};
	if ((st = store_app_list(s, &f, first_open, &o, NULL, e)) != APP_OK)
		return st;
	if (o.id)
		return app_err_set(e, APP_ECONFLICT,
		                   "企业 %s 已有进行中的「%s」申请(编号 %ld,状态「%s」)", ent->uscc,
		                   tier_short(b->tier), o.id, flow_state_label(o.state));
	(void)who;
	return APP_OK;
}

enum app_status wf_apply(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                         long batch_id, const char *uscc, long *id, struct app_err *e)
{
	struct flow_batch b;
	struct enterprise ent;
	struct rows rows = {0};
	struct assess_result as = {0};
	char *snap = NULL;
	enum app_status st = wfi_need(who, ROLE_BIT(ROLE_ENTERPRISE) | ROLE_BIT(ROLE_DISTRICT),
	                              "提交申报(由企业本身或其所在区县经信部门代为申报)", e);
	if (st != APP_OK)
		return st;
	if ((st = store_batch_get(s, batch_id, &b, e)) != APP_OK)
		return st == APP_ENOTFOUND ? app_err_set(e, st, "申报批次 %ld 不存在", batch_id)
		                           : st;
	st = store_enterprise_get(s, uscc ? uscc : "", &ent, e);
	bool mine = st == APP_OK &&
	            (who->role == ROLE_ENTERPRISE ? who->uscc && strcmp(who->uscc, ent.uscc) == 0
	                                          : wfi_in_district(who, ent.district, ent.zone));
	if (st == APP_ENOTFOUND || (st == APP_OK && !mine))
		return app_err_set(e, APP_ENOTFOUND, "企业 %s 不在企业库中", uscc ? uscc : "");
	if (st != APP_OK || (st = apply_checks(s, env, who, &b, &ent, e)) != APP_OK)
		return st;
	struct store_filter f = {.uscc = ent.uscc};
	if ((st = store_annual_list(s, &f, 0, collect_row, &rows, e)) != APP_OK)
		goto out;
	struct flow_app a = {0};
	a.batch_id = b.id;
	memcpy(a.uscc, ent.uscc, sizeof a.uscc);
	a.tier = b.tier;
	a.renewal = holds_tier(s, ent.uscc, b.tier, env->today);
	a.state = FS_DRAFT;
	str_copy(a.state_since, sizeof a.state_since, env->today, strlen(env->today));
	const char *unit = ent.zone[0] ? ent.zone : ent.district;
	str_copy(a.unit, sizeof a.unit, unit, strlen(unit));
	memcpy(a.district, ent.district, sizeof a.district);
	str_copy(a.filed_by, sizeof a.filed_by, who->user ? who->user : "?",
	         who->user ? strlen(who->user) : 1);
	a.filed_role = who->role;
	a.score_x100 = -1;
	for (size_t i = 0; i < rows.n; i++)
		if (rows.a[i].year > a.figures_year && rows.a[i].has)
			a.figures_year = rows.a[i].year;
	int size_year;
	enum size_class size = size_of(&ent, &rows, &size_year);
	struct app_err ae = {0};
	if (assess_firm(b.criteria, &ent, rows.a, rows.n, b.year - 1, size, a.renewal, &as, &ae) !=
	    APP_OK) { /* the application goes on; the note says why there is no verdict */
		assess_result_free(&as);
		memset(&as, 0, sizeof as);
		as.year = b.year - 1;
		snprintf(as.note, sizeof as.note, "自评未能进行:%.200s", ae.msg);
	}
	snap = snapshot_json(&ent, &rows);
	struct apply_job j = {s, env, who, &a, snap, &as};
	if ((st = wf_tx(s, apply_job, &j, e)) == APP_OK && id)
		*id = a.id;
out:
	free(rows.a);
	free(snap);
	assess_result_free(&as);
	return st;
}

/* ---- attachments ---- */

struct att_count {
	int n;
	bool have[16];
};

static int count_attachment(void *ctx, const struct flow_attachment *a)
{
	struct att_count *c = ctx;
	c->n++;
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(a->kind));
	if (k)
		c->have[k - flow_doc_kinds] = true;
	return 0;
}

enum app_status wfi_missing_docs(struct store *s, long app_id, char *out, size_t n, int *count,
                                 struct app_err *e)
{
	struct att_count c = {0};
	enum app_status st = store_attachment_list(s, app_id, count_attachment, &c, e);
	struct buf b;
	buf_init(&b, n ? n - 1 : 0);
	for (size_t i = 0; i < flow_doc_kind_count && i < 16; i++)
		if (flow_doc_kinds[i].required && !c.have[i])
			buf_printf(&b, "%s%s", b.len ? "、" : "", flow_doc_kinds[i].label);
	str_copy(out, n, buf_cstr(&b), b.len);
	buf_free(&b);
	if (count)
		*count = c.n;
	return st;
}

/* Loads the application for a change of its documents: in scope, role
 * enterprise or district, state draft or returned, room for one more. */
static enum app_status docs_open(struct store *s, const struct wf_actor *who, long app_id,
                                 struct flow_app *a, struct app_err *e)
{
	enum app_status st = wfi_load(s, who, app_id, a, e);
	if (st != APP_OK)
		return st;
	if (who->role != ROLE_ENTERPRISE && who->role != ROLE_DISTRICT)
		return app_err_set(e, APP_EPERM, "角色「%s」不能上传申报材料(申请当前状态为「%s」)",
		                   role_label(who->role), flow_state_label(a->state));
	if (a->state != FS_DRAFT && a->state != FS_RETURNED)
		return app_err_set(
		    e, APP_ECONFLICT,
		    "申请当前状态为「%s」,只有「草稿」或「已退回」的申请可以修改材料(角色「%s」)",
		    flow_state_label(a->state), role_label(who->role));
	char missing[256];
	int count = 0;
	if ((st = wfi_missing_docs(s, app_id, missing, sizeof missing, &count, e)) != APP_OK)
		return st;
	if (count >= MAX_ATTACHMENTS)
		return app_err_set(e, APP_ETOOLARGE, "每份申请最多 %d 个附件", MAX_ATTACHMENTS);
	return APP_OK;
}

struct att_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	const struct flow_app *a;
	struct flow_attachment *att;
	const char *action;
};

static enum app_status att_job(void *ctx, struct app_err *e)
{
	struct att_job *j = ctx;
	enum app_status st = store_attachment_add(j->s, j->att, e);
	if (st != APP_OK)
		return st;
	json_t *extra =
	    json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "attachment", (json_int_t)j->att->id,
	              "kind", j->att->kind, "sha256", j->att->sha256, "size",
	              (json_int_t)j->att->size, "type", j->att->type, "name", j->att->name);
	return wfi_log(j->s, j->env, j->who, j->a->id, j->a->state, j->a->state, j->action, NULL,
	               extra, e);
}

enum app_status wf_declare(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                           long app_id, const char *kind, struct app_err *e)
{
	struct flow_app a;
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(kind ? kind : ""));
	if (!k || !k->declaration)
		return app_err_set(e, APP_EINVAL, "声明类别「%s」无效", kind ? kind : "");
	enum app_status st = docs_open(s, who, app_id, &a, e);
	if (st != APP_OK)
		return st;
	struct flow_attachment att = {0};
	att.app_id = app_id;
	str_copy(att.kind, sizeof att.kind, k->key, strlen(k->key));
	filestore_sha256(k->text, strlen(k->text), att.sha256);
	str_copy(att.name, sizeof att.name, k->label, strlen(k->label));
	str_copy(att.uploaded_by, sizeof att.uploaded_by, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	struct att_job j = {s, env, who, &a, &att, "declare"};
	return wf_tx(s, att_job, &j, e);
}

enum app_status wf_attach(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                          long app_id, const char *kind, const char *client_name, const void *data,
                          size_t n, long *att_id, struct app_err *e)
{
	struct flow_app a;
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(kind ? kind : ""));
	if (!k || k->declaration)
		return app_err_set(e, APP_EINVAL, "附件类别「%s」无效", kind ? kind : "");
	enum app_status st = docs_open(s, who, app_id, &a, e);
	if (st != APP_OK)
		return st;
	if (n == 0)
		return app_err_set(e, APP_EINVAL, "附件为空");
	if (n > MAX_ATTACH_BYTES)
		return app_err_set(e, APP_ETOOLARGE, "附件大小 %zu 字节,超过上限 %d MiB", n,
		                   MAX_ATTACH_BYTES / (1024 * 1024));
	enum filetype t = filetype_sniff(data, n);
	if (t == FT_UNKNOWN)
		return app_err_set(
		    e, APP_EINVAL,
		    "附件「%s」的文件类型不支持:只接受 %s(按文件内容判断,不看扩展名)",
		    client_name ? client_name : "", filetype_accepted());
	struct flow_attachment att = {0};
	att.app_id = app_id;
	str_copy(att.kind, sizeof att.kind, k->key, strlen(k->key));
	att.size = (long long)n;
	str_copy(att.type, sizeof att.type, filetype_key(t), strlen(filetype_key(t)));
	filetype_clean_name(client_name, client_name ? strlen(client_name) : 0, t, att.name,
	                    sizeof att.name);
	str_copy(att.uploaded_by, sizeof att.uploaded_by, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	if ((st = filestore_put(env->files_dir, data, n, att.sha256, e)) != APP_OK)
		return st;
	struct att_job j = {s, env, who, &a, &att, "attach"};
	st = wf_tx(s, att_job, &j, e);
	if (st == APP_OK && att_id)
		*att_id = att.id;
	return st;
}

/* ---- the expert pool ---- */

enum app_status wf_expert_put(struct store *s, const struct wf_actor *who, struct flow_expert *x,
                              struct app_err *e)
{
	enum app_status st = wfi_need(who, ROLE_BIT(ROLE_CITY), "管理专家库", e);
	if (st != APP_OK)
		return st;
	bool created = false;
	bool own = !store_in_transaction(s);
	if (own && (st = store_begin(s, e)) != APP_OK)
		return st;
	st = store_expert_put(s, x, &created, e);
	if (st == APP_OK) {
		char id[24], *after;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "username", x->username, "field",
		                      x->field, "unit", x->unit, "employer", x->employer, "active",
		                      x->active);
		after = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		snprintf(id, sizeof id, "%ld", x->id);
		struct audit_actor aa;
		wf_audit_actor(who, &aa);
		st = audit_append(s, &aa, created ? "expert.create" : "expert.update", "expert", id,
		                  NULL, after, e);
		free(after);
		json_decref(o);
	}
	if (!own)
		return st;
	if (st == APP_OK)
		return store_commit(s, e);
	store_rollback(s, NULL);
	return st;
}

enum app_status wf_expert_link(struct store *s, const struct wf_actor *who, const char *username,
                               const char *uscc, const char *relation, struct app_err *e)
{
	struct flow_expert x;
	enum app_status st = wfi_need(who, ROLE_BIT(ROLE_CITY), "管理专家库", e);
	if (st != APP_OK || (st = store_expert_get(s, 0, username, &x, e)) != APP_OK)
		return st;
	if (!uscc || strlen(uscc) != USCC_LEN)
		return app_err_set(e, APP_EINVAL, "关联企业的统一社会信用代码应为 18 位");
	bool own = !store_in_transaction(s);
	if (own && (st = store_begin(s, e)) != APP_OK)
		return st;
	st = store_expert_link(s, x.id, uscc, relation, e);
	if (st == APP_OK) {
		char id[24], after[256];
		snprintf(id, sizeof id, "%ld", x.id);
		snprintf(after, sizeof after, "{\"uscc\":\"%s\"}", uscc);
		struct audit_actor aa;
		wf_audit_actor(who, &aa);
		st = audit_append(s, &aa, "expert.link", "expert", id, NULL, after, e);
	}
	if (!own)
		return st;
	if (st == APP_OK)
		return store_commit(s, e);
	store_rollback(s, NULL);
	return st;
}

enum app_status wf_expert_list(struct store *s, const struct wf_actor *who, store_expert_cb cb,
                               void *ctx, struct app_err *e)
{
	enum app_status st =
	    wfi_need(who, ROLE_BIT(ROLE_CITY) | ROLE_BIT(ROLE_VIEWER), "查看专家库", e);
	return st != APP_OK ? st : store_expert_list(s, false, cb, ctx, e);
}
