/* workflow_step.c - the state machine in action: wf_transition gathers
 * the facts a transition's guards need, asks flow_check, then performs the
 * effects (expert draw, score summary, notice dates, tier event) and logs
 * them; experts' scores; objections during the notice (see workflow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/crypto.h"
#include "app/workflow_int.h"
#include "base/mem.h"
#include "base/rng.h"
#include "store/store_review.h"

/* ---- random draws ---- */

/* A source of uniform 64-bit numbers: the OS CSPRNG, or a seeded
 * generator (demo data and tests only: reproducible draws). */
struct draw {
	bool seeded;
	struct rng rng;
};

static uint64_t draw_u64(struct draw *d)
{
	if (d->seeded)
		return rng_u64(&d->rng);
	uint64_t v;
	/* getrandom(2) fails only on a kernel without it: a broken deployment */
	APP_ASSERT(crypto_random(&v, sizeof v, NULL) == APP_OK);
	return v;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint64_t draw_below(struct draw *d, uint64_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n;
	uint64_t v;
	do
		v = draw_u64(d);
	while (v >= lim);
	return v % n;
}

/* ---- facts ---- */

struct step {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	const struct wf_step *req;
	struct wf_step_result *res;
	const struct flow_transition *t;
	struct flow_app a;
	struct flow_batch b;
	long *eligible; /* expert ids passing the conflict rules */
	size_t neligible, cap_eligible;
	int excluded;
	long *linked; /* experts linked to the firm */
	size_t nlinked, cap_linked;
	struct flow_review *reviews;
	size_t nreviews, cap_reviews;
	int open_objections;
	char missing[256], bar_until[11], bar_why[256];
	const char *doc_no;
};

static int collect_link(void *ctx, long expert_id, const char *uscc, const char *relation)
{
	struct step *st = ctx;
	(void)relation;
	if (strcmp(uscc, st->a.uscc) == 0) {
		xgrow((void **)&st->linked, &st->cap_linked, st->nlinked + 1, sizeof *st->linked);
		st->linked[st->nlinked++] = expert_id;
	}
	return 0;
}

static bool linked(const struct step *st, long id)
{
	for (size_t i = 0; i < st->nlinked; i++)
		if (st->linked[i] == id)
			return true;
	return false;
}

/* An expert is excluded when linked to the firm (employer or a declared
 * link) or based in the firm's district or zone. */
static int collect_expert(void *ctx, const struct flow_expert *x)
{
	struct step *st = ctx;
	bool excl = st->b.exclude_linked &&
	            (strcmp(x->employer, st->a.uscc) == 0 || linked(st, x->id) ||
	             (x->unit[0] &&
	              (strcmp(x->unit, st->a.unit) == 0 || strcmp(x->unit, st->a.district) == 0)));
	if (excl) {
		st->excluded++;
		return 0;
	}
	xgrow((void **)&st->eligible, &st->cap_eligible, st->neligible + 1, sizeof *st->eligible);
	st->eligible[st->neligible++] = x->id;
	return 0;
}

static int collect_review(void *ctx, const struct flow_review *r)
{
	struct step *st = ctx;
	xgrow((void **)&st->reviews, &st->cap_reviews, st->nreviews + 1, sizeof *st->reviews);
	st->reviews[st->nreviews++] = *r;
	return 0;
}

static int count_open(void *ctx, const struct flow_objection *o)
{
	struct step *st = ctx;
	st->open_objections += o->status == FO_OPEN;
	return 0;
}

/* Gathers what the guards of st->t need (all of it when t is NULL is not
 * needed: flow_check refuses before reading facts). */
static enum app_status gather(struct step *st, struct flow_facts *f, struct app_err *e)
{
	unsigned g = st->t ? st->t->guards : 0;
	enum app_status rc = APP_OK;
	memset(f, 0, sizeof *f);
	f->today = st->env->today;
	f->opens = st->b.opens;
	f->closes = st->b.closes;
	f->resubmit_due = st->b.district_due[0] ? st->b.district_due : st->b.closes;
	f->comment = st->req->comment;
	st->doc_no = st->req->doc_no && *st->req->doc_no ? st->req->doc_no : st->b.doc_no;
	f->doc_no = st->doc_no;
	if (g & FG_DOCS)
		rc = wfi_missing_docs(st->s, st->a.id, st->missing, sizeof st->missing, NULL, e);
	f->missing_docs = st->missing;
	if (rc == APP_OK && (g & FG_NOT_BARRED))
		rc = wf_barred(st->s, st->a.uscc, st->env->today, st->bar_until, st->bar_why,
		               sizeof st->bar_why, e);
	f->barred_until = st->bar_until;
	f->bar_reason = st->bar_why;
	if (rc == APP_OK && (g & FG_EXPERTS)) {
		rc = store_expert_links(st->s, 0, collect_link, st, e);
		if (rc == APP_OK)
			rc = store_expert_list(st->s, true, collect_expert, st, e);
	}
	f->experts_needed = st->b.experts;
	f->experts_eligible = (int)st->neligible;
	if (rc == APP_OK && (g & FG_ALL_SCORED))
		rc = store_review_list(st->s, st->a.id, 0, collect_review, st, e);
	f->reviews_assigned = (int)st->nreviews;
	for (size_t i = 0; i < st->nreviews; i++)
		f->reviews_scored += st->reviews[i].score >= 0;
	f->notice_end = st->a.notice_end;
	if (rc == APP_OK && (g & FG_OBJECTIONS))
		rc = store_objection_list(st->s, st->a.id, count_open, st, e);
	f->open_objections = st->open_objections;
	return rc;
}

/* ---- effects ---- */

static enum app_status assign(struct step *st, json_t *extra, struct app_err *e)
{
	struct draw d = {st->env->seeded, {0}};
	if (d.seeded)
		rng_seed(&d.rng, st->env->seed ^ ((uint64_t)st->a.id * 0x9E3779B97F4A7C15ull));
	size_t k = (size_t)st->b.experts;
	json_t *ids = json_array();
	enum app_status rc = APP_OK;
	for (size_t i = 0; i < k && rc == APP_OK; i++) {
		size_t j = i + (size_t)draw_below(&d, st->neligible - i);
		long tmp = st->eligible[i];
		st->eligible[i] = st->eligible[j];
		st->eligible[j] = tmp;
		rc = store_review_add(st->s, st->a.id, st->eligible[i], e);
		json_array_append_new(ids, json_integer(st->eligible[i]));
	}
	json_object_set_new(extra, "experts", ids);
	json_object_set_new(extra, "pool_eligible", json_integer((json_int_t)st->neligible));
	json_object_set_new(extra, "pool_excluded", json_integer(st->excluded));
	json_object_set_new(extra, "draw", json_string(d.seeded ? "seeded" : "getrandom"));
	st->res->experts_drawn = (int)k;
	st->res->pool_eligible = (int)st->neligible;
	st->res->pool_excluded = st->excluded;
	return rc;
}

static enum app_status finalize(struct step *st, json_t *extra, struct app_err *e)
{
	int scores[MAX_EXPERTS_PER_APP];
	bool out[MAX_EXPERTS_PER_APP];
	int n = (int)st->nreviews;
	if (n > MAX_EXPERTS_PER_APP)
		return app_err_set(e, APP_EINTERNAL, "评审专家人数超过上限");
	for (int i = 0; i < n; i++)
		scores[i] = st->reviews[i].score;
	struct flow_score_summary *sum = &st->res->score;
	if (!flow_score_summarize(scores, n, sum, out))
		return app_err_set(e, APP_EINTERNAL, "专家评分无效");
	enum app_status rc = APP_OK;
	for (int i = 0; i < n && rc == APP_OK; i++)
		rc = store_review_flag(st->s, st->a.id, st->reviews[i].expert_id, out[i], e);
	st->a.score_x100 = sum->mean_x100;
	json_object_set_new(extra, "mean", json_real((double)sum->mean_x100 / 100.0));
	json_object_set_new(extra, "median", json_real((double)sum->median_x100 / 100.0));
	json_object_set_new(extra, "scores", json_integer(n));
	json_object_set_new(extra, "outliers", json_integer(sum->outliers));
	json_object_set_new(extra, "outlier_rule", json_string("与中位数相差超过 15 分"));
	return rc;
}

static enum app_status publicize(struct step *st, json_t *extra, struct app_err *e)
{
	bool covered = true;
	if (!flow_notice_dates(st->env->today, st->b.notice_days, st->a.notice_start,
	                       st->a.notice_end, &covered))
		return app_err_set(e, APP_EINVAL, "公示期 %d 个工作日无效", st->b.notice_days);
	memcpy(st->res->notice_start, st->a.notice_start, 11);
	memcpy(st->res->notice_end, st->a.notice_end, 11);
	st->res->calendar_gap = !covered;
	json_object_set_new(extra, "notice_start", json_string(st->a.notice_start));
	json_object_set_new(extra, "notice_end", json_string(st->a.notice_end));
	json_object_set_new(extra, "notice_days", json_integer(st->b.notice_days));
	return APP_OK;
}

static enum app_status recognize(struct step *st, json_t *extra, struct app_err *e)
{
	const char *since = st->req->since && *st->req->since ? st->req->since : st->env->today;
	int y, m, d;
	if (!date_split(since, &y, &m, &d))
		return app_err_set(e, APP_EINVAL, "认定起始日期「%s」应为 YYYY-MM-DD", since);
	struct tier_event ev = {0};
	memcpy(ev.uscc, st->a.uscc, sizeof ev.uscc);
	ev.tier = st->a.tier;
	ev.status = st->a.renewal ? TS_RENEWED : TS_RECOGNIZED;
	str_copy(ev.since, sizeof ev.since, since, strlen(since));
	flow_valid_until(since, st->b.term_years, ev.until);
	snprintf(ev.reason, sizeof ev.reason, "%s(申请 %ld)",
	         st->a.renewal ? "复核通过" : "申报认定", st->a.id);
	str_copy(ev.doc_no, sizeof ev.doc_no, st->doc_no, strlen(st->doc_no));
	str_copy(ev.actor, sizeof ev.actor, st->who->user ? st->who->user : "",
	         st->who->user ? strlen(st->who->user) : 0);
	enum app_status rc = store_tier_add(st->s, &ev, e);
	if (rc != APP_OK)
		return rc;
	memcpy(st->a.valid_from, ev.since, 11);
	memcpy(st->a.valid_until, ev.until, 11);
	memcpy(st->a.doc_no, ev.doc_no, sizeof st->a.doc_no);
	st->a.tier_event_id = ev.id;
	memcpy(st->res->valid_from, ev.since, 11);
	memcpy(st->res->valid_until, ev.until, 11);
	st->res->tier_event_id = ev.id;
	json_object_set_new(extra, "tier_event", json_integer(ev.id));
	json_object_set_new(extra, "tier_status", json_string(tier_status_key(ev.status)));
	json_object_set_new(extra, "valid_from", json_string(ev.since));
	json_object_set_new(extra, "valid_until", json_string(ev.until));
	json_object_set_new(extra, "doc_no", json_string(ev.doc_no));
	return APP_OK;
}

static enum app_status step_job(void *ctx, struct app_err *e)
{
	struct step *st = ctx;
	enum flow_state from = st->a.state;
	json_t *extra = json_object();
	enum app_status rc = APP_OK;
	switch (st->t->action) {
	case FA_ASSIGN:
		rc = assign(st, extra, e);
		break;
	case FA_FINALIZE:
		rc = finalize(st, extra, e);
		break;
	case FA_PUBLICIZE:
		rc = publicize(st, extra, e);
		break;
	case FA_RECOGNIZE:
		rc = recognize(st, extra, e);
		break;
	default:
		break;
	}
	if (rc != APP_OK) {
		json_decref(extra);
		return rc;
	}
	st->a.state = st->t->to;
	str_copy(st->a.state_since, sizeof st->a.state_since, st->env->today,
	         strlen(st->env->today));
	const char *c = st->req->comment ? st->req->comment : "";
	if ((st->t->guards & FG_REASON) || *c)
		str_copy(st->a.note, sizeof st->a.note, c, strlen(c));
	if ((rc = store_app_update(st->s, &st->a, e)) != APP_OK) {
		json_decref(extra);
		return rc;
	}
	json_object_set_new(extra, "action", json_string(st->t->key));
	return wfi_log(st->s, st->env, st->who, st->a.id, from, st->t->to, st->t->key, c, extra, e);
}

enum app_status wf_transition(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              long app_id, const struct wf_step *req, struct wf_step_result *res,
                              struct app_err *e)
{
	struct wf_step_result scratch = {0};
	struct step st = {.s = s, .env = env, .who = who, .req = req, .res = res ? res : &scratch};
	struct flow_facts f;
	memset(st.res, 0, sizeof *st.res);
	enum app_status rc = wfi_load(s, who, app_id, &st.a, e);
	if (rc != APP_OK)
		return rc;
	if (req->comment && utf8_chars(req->comment, strlen(req->comment)) > MAX_COMMENT_CHARS)
		return app_err_set(e, APP_ETOOLARGE, "意见或理由超过 %d 字", MAX_COMMENT_CHARS);
	if ((rc = store_batch_get(s, st.a.batch_id, &st.b, e)) != APP_OK)
		return rc;
	st.t = flow_transition_between(st.a.state, req->to);
	if ((rc = gather(&st, &f, e)) == APP_OK &&
	    (rc = flow_check(st.a.state, req->to, who->role, &f, &st.t, e)) == APP_OK) {
		st.res->t = st.t;
		rc = wf_tx(s, step_job, &st, e);
	}
	free(st.eligible);
	free(st.linked);
	free(st.reviews);
	return rc;
}

/* ---- scores ---- */

struct score_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	const struct flow_app *a;
	long expert_id;
	int score;
	const char *comment;
};

static enum app_status score_job(void *ctx, struct app_err *e)
{
	struct score_job *j = ctx;
	enum app_status rc =
	    store_review_score(j->s, j->a->id, j->expert_id, j->score, j->comment, e);
	if (rc != APP_OK)
		return rc;
	json_t *extra = json_pack("{s:I, s:f}", "expert", (json_int_t)j->expert_id, "score",
	                          (double)j->score / 10.0);
	return wfi_log(j->s, j->env, j->who, j->a->id, j->a->state, j->a->state, "score",
	               j->comment, extra, e);
}

enum app_status wf_score(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                         long app_id, int score_tenths, const char *comment, struct app_err *e)
{
	struct flow_app a;
	enum app_status rc = wfi_load(s, who, app_id, &a, e);
	if (rc != APP_OK)
		return rc;
	if (who->role != ROLE_EXPERT)
		return app_err_set(
		    e, APP_EPERM,
		    "角色「%s」不能评分(申请当前状态为「%s」);只有被抽中的评审专家可以评分",
		    role_label(who->role), flow_state_label(a.state));
	if (a.state != FS_EXPERT_REVIEW)
		return app_err_set(
		    e, APP_ECONFLICT,
		    "申请当前状态为「%s」,不能评分(角色「%s」);只有「%s」的申请可以评分",
		    flow_state_label(a.state), role_label(who->role),
		    flow_state_label(FS_EXPERT_REVIEW));
	if (score_tenths < 0 || score_tenths > FLOW_SCORE_MAX)
		return app_err_set(e, APP_EINVAL, "评分应在 0-100 分之间,精确到 0.1 分");
	if (comment && utf8_chars(comment, strlen(comment)) > MAX_COMMENT_CHARS)
		return app_err_set(e, APP_ETOOLARGE, "评审意见超过 %d 字", MAX_COMMENT_CHARS);
	struct score_job j = {s, env, who, &a, wfi_expert_id(s, who), score_tenths, comment};
	return wf_tx(s, score_job, &j, e);
}

/* ---- objections ---- */

struct objection_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	const struct flow_app *a;
	struct flow_objection *o;
	bool resolve;
};

static enum app_status objection_job(void *ctx, struct app_err *e)
{
	struct objection_job *j = ctx;
	enum app_status rc =
	    j->resolve ? store_objection_update(j->s, j->o, e) : store_objection_add(j->s, j->o, e);
	if (rc != APP_OK)
		return rc;
	json_t *extra = json_pack("{s:I, s:s}", "objection", (json_int_t)j->o->id, "status",
	                          flow_objection_key(j->o->status));
	return wfi_log(j->s, j->env, j->who, j->a->id, j->a->state, j->a->state,
	               j->resolve ? "objection_resolve" : "objection",
	               j->resolve ? j->o->resolution : j->o->content, extra, e);
}

/* The application must be on notice and the user the city. */
static enum app_status objection_open(struct store *s, const struct wf_actor *who, long app_id,
                                      struct flow_app *a, const char *what, struct app_err *e)
{
	enum app_status rc = wfi_load(s, who, app_id, a, e);
	if (rc != APP_OK)
		return rc;
	if (who->role != ROLE_CITY)
		return app_err_set(e, APP_EPERM,
		                   "角色「%s」不能%s(申请当前状态为「%s」);由市经信委办理",
		                   role_label(who->role), what, flow_state_label(a->state));
	if (a->state != FS_PUBLICIZED)
		return app_err_set(e, APP_ECONFLICT,
		                   "申请当前状态为「%s」,不能%s(角色「%s」);只在「公示中」办理",
		                   flow_state_label(a->state), what, role_label(who->role));
	return APP_OK;
}

static bool text_ok(const char *t, const char *what, struct app_err *e)
{
	if (!t || !strv_trim(strv_from(t)).n) {
		app_err_set(e, APP_EINVAL, "%s不能为空", what);
		return false;
	}
	if (utf8_chars(t, strlen(t)) > MAX_COMMENT_CHARS) {
		app_err_set(e, APP_ETOOLARGE, "%s超过 %d 字", what, MAX_COMMENT_CHARS);
		return false;
	}
	return true;
}

enum app_status wf_objection_add(struct store *s, const struct wf_env *env,
                                 const struct wf_actor *who, long app_id, const char *source,
                                 const char *content, const char *received, long *id,
                                 struct app_err *e)
{
	struct flow_app a;
	enum app_status rc = objection_open(s, who, app_id, &a, "登记公示异议", e);
	if (rc != APP_OK)
		return rc;
	if (!text_ok(content, "异议内容", e))
		return e ? e->status : APP_EINVAL;
	struct flow_objection o = {0};
	o.app_id = app_id;
	const char *r = received && *received ? received : env->today;
	str_copy(o.received, sizeof o.received, r, strlen(r));
	if (source)
		str_copy(o.source, sizeof o.source, source, strlen(source));
	str_copy(o.content, sizeof o.content, content, strlen(content));
	o.status = FO_OPEN;
	str_copy(o.recorded_by, sizeof o.recorded_by, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	struct objection_job j = {s, env, who, &a, &o, false};
	rc = wf_tx(s, objection_job, &j, e);
	if (rc == APP_OK && id)
		*id = o.id;
	return rc;
}

enum app_status wf_objection_resolve(struct store *s, const struct wf_env *env,
                                     const struct wf_actor *who, long objection_id, bool upheld,
                                     const char *resolution, struct app_err *e)
{
	struct flow_objection o;
	struct flow_app a;
	enum app_status rc = wfi_business(who, e);
	if (rc != APP_OK)
		return rc;
	if ((rc = store_objection_get(s, objection_id, &o, e)) != APP_OK)
		return rc == APP_ENOTFOUND ? app_err_set(e, rc, "异议 %ld 不存在", objection_id)
		                           : rc;
	if ((rc = objection_open(s, who, o.app_id, &a, "处理公示异议", e)) != APP_OK)
		return rc;
	if (o.status != FO_OPEN)
		return app_err_set(e, APP_ECONFLICT, "异议 %ld 已处理(结论「%s」)", o.id,
		                   flow_objection_label(o.status));
	if (!text_ok(resolution, "处理意见", e))
		return e ? e->status : APP_EINVAL;
	o.status = upheld ? FO_UPHELD : FO_DISMISSED;
	str_copy(o.resolution, sizeof o.resolution, resolution, strlen(resolution));
	str_copy(o.resolved_by, sizeof o.resolved_by, who->user ? who->user : "",
	         who->user ? strlen(who->user) : 0);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(o.resolved_at, sizeof o.resolved_at, "%Y-%m-%d %H:%M:%S", &tm);
	struct objection_job j = {s, env, who, &a, &o, true};
	return wf_tx(s, objection_job, &j, e);
}

/* ---- appointing one more expert (增补评审专家) ---- */

struct panel {
	long expert_id;
	bool on;
	int n;
};

static int count_panel(void *ctx, const struct flow_review *r)
{
	struct panel *p = ctx;
	p->n++;
	p->on = p->on || r->expert_id == p->expert_id;
	return 0;
}

struct link_find {
	long expert_id;
	const char *uscc;
	char relation[128];
	bool found;
};

static int find_link(void *ctx, long expert_id, const char *uscc, const char *relation)
{
	struct link_find *l = ctx;
	if (expert_id != l->expert_id || strcmp(uscc, l->uscc) != 0)
		return 0;
	l->found = true;
	str_copy(l->relation, sizeof l->relation, relation, strlen(relation));
	return 1;
}

/* The conflict rule an expert breaks for application a, or APP_OK. */
static enum app_status appoint_conflict(struct store *s, const struct flow_app *a,
                                        const struct flow_expert *x, struct app_err *e)
{
	if (strcmp(x->employer, a->uscc) == 0)
		return app_err_set(e, APP_ECONFLICT, "专家 %s 受聘于申请企业,应当回避",
		                   x->username);
	struct link_find l = {x->id, a->uscc, "", false};
	enum app_status rc = store_expert_links(s, x->id, find_link, &l, e);
	if (rc != APP_OK)
		return rc;
	if (l.found)
		return app_err_set(e, APP_ECONFLICT, "专家 %s 与申请企业存在关联(%s),应当回避",
		                   x->username, l.relation[0] ? l.relation : "已登记关联");
	if (x->unit[0] && (strcmp(x->unit, a->unit) == 0 || strcmp(x->unit, a->district) == 0))
		return app_err_set(e, APP_ECONFLICT, "专家 %s 与申请企业在同一区县,应当回避",
		                   x->username);
	return APP_OK;
}

struct appoint_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	const struct flow_app *a;
	const struct flow_expert *x;
	const char *reason;
};

static enum app_status appoint_job(void *ctx, struct app_err *e)
{
	struct appoint_job *j = ctx;
	enum app_status rc = store_review_add(j->s, j->a->id, j->x->id, e);
	if (rc != APP_OK)
		return rc;
	json_t *extra =
	    json_pack("{s:I, s:s}", "expert", (json_int_t)j->x->id, "draw", "appointed");
	return wfi_log(j->s, j->env, j->who, j->a->id, j->a->state, j->a->state, "appoint",
	               j->reason, extra, e);
}

enum app_status wf_review_appoint(struct store *s, const struct wf_env *env,
                                  const struct wf_actor *who, long app_id, const char *username,
                                  const char *reason, struct app_err *e)
{
	struct flow_app a;
	struct flow_batch b;
	struct flow_expert x;
	enum app_status rc = wfi_load(s, who, app_id, &a, e);
	if (rc != APP_OK)
		return rc;
	if (who->role != ROLE_CITY)
		return app_err_set(
		    e, APP_EPERM, "角色「%s」不能增补评审专家(申请当前状态为「%s」);由市经信委办理",
		    role_label(who->role), flow_state_label(a.state));
	if (a.state != FS_EXPERT_REVIEW)
		return app_err_set(
		    e, APP_ECONFLICT,
		    "申请当前状态为「%s」,不能增补评审专家(角色「%s」);只在「%s」时办理",
		    flow_state_label(a.state), role_label(who->role),
		    flow_state_label(FS_EXPERT_REVIEW));
	if (!text_ok(reason, "增补理由", e))
		return e ? e->status : APP_EINVAL;
	if ((rc = store_batch_get(s, a.batch_id, &b, e)) != APP_OK)
		return rc;
	rc = store_expert_get(s, 0, username ? username : "", &x, e);
	if (rc == APP_ENOTFOUND)
		return app_err_set(e, rc, "专家库中没有用户「%s」", username ? username : "");
	if (rc != APP_OK)
		return rc;
	if (!x.active)
		return app_err_set(e, APP_ECONFLICT, "专家 %s 已停用,不能参加评审", x.username);
	struct panel p = {x.id, false, 0};
	if ((rc = store_review_list(s, a.id, 0, count_panel, &p, e)) != APP_OK)
		return rc;
	if (p.on)
		return app_err_set(e, APP_ECONFLICT, "专家 %s 已是申请 %ld 的评审专家", x.username,
		                   a.id);
	if (p.n >= MAX_EXPERTS_PER_APP)
		return app_err_set(e, APP_ECONFLICT, "每份申请最多 %d 名评审专家",
		                   MAX_EXPERTS_PER_APP);
	if (b.exclude_linked && (rc = appoint_conflict(s, &a, &x, e)) != APP_OK)
		return rc;
	struct appoint_job j = {s, env, who, &a, &x, reason};
	return wf_tx(s, appoint_job, &j, e);
}
