/* demo_flow.c - the workflow part of the demo city (see demo_flow.h). */
#include "demo_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/targets.h"
#include "app/workflow.h"
#include "base/mem.h"
#include "base/rng.h"
#include "core/workday.h"
#include "store/store_review.h"

/* The n-th working day after `d` (n >= 1), or d itself for n = 0. */
static void wd_after(const char *d, int n, char out[11])
{
	int y, m, dd;
	if (n <= 0 || !date_split(d, &y, &m, &dd)) {
		str_copy(out, 11, d, strlen(d));
		return;
	}
	char next[11];
	date_from_days(date_days(y, m, dd) + 1, &y, &m, &dd);
	date_format(y, m, dd, next);
	workday_nth(next, n, out, NULL);
}

/* The working day n working days before d. */
static void wd_before(const char *d, int n, char out[11])
{
	int y, m, dd;
	date_split(d, &y, &m, &dd);
	int64_t day = date_days(y, m, dd);
	for (int seen = 0; seen < n;)
		if (workday_is_working(--day))
			seen++;
	date_from_days(day, &y, &m, &dd);
	date_format(y, m, dd, out);
}

/* ---- firms by current tier ---- */

struct firms {
	struct enterprise *f;
	size_t n, cap;
};

static int collect_firm(void *ctx, const struct enterprise *e)
{
	struct firms *l = ctx;
	xgrow((void **)&l->f, &l->cap, l->n + 1, sizeof *l->f);
	l->f[l->n++] = *e;
	return 0;
}

/* Moves k distinct randomly chosen firms to the front of l. */
static void pick(struct rng *r, struct firms *l, size_t k)
{
	for (size_t i = 0; i < k && i < l->n; i++) {
		size_t j = i + (size_t)rng_below(r, l->n - i);
		struct enterprise tmp = l->f[i];
		l->f[i] = l->f[j];
		l->f[j] = tmp;
	}
}

/* ---- one run ---- */

enum route { ROUTE_NONE, ROUTE_CITY, ROUTE_SCORE, ROUTE_NOTICE };

struct run {
	struct store *s;
	struct rng r;
	struct wf_env env;
	char today[11];     /* the demo's date */
	char notice_on[11]; /* publicize day for applications still on notice today */
	char day[11];       /* the date of the current act */
	struct demo_flow_stats *st;
	struct app_err *e;
	enum app_status rc;
};

static const struct wf_actor CITY = {"demo-city", ROLE_CITY, NULL, NULL, ""};

static const char PDF_FORM[] =
    "%PDF-1.4\n% zjtx demo: application form\n1 0 obj<<>>endobj\n%%EOF\n";
static const char PDF_AUDIT[] =
    "%PDF-1.4\n% zjtx demo: audited accounts\n1 0 obj<<>>endobj\n%%EOF\n";

static void at(struct run *r, const char *day)
{
	str_copy(r->day, sizeof r->day, day, strlen(day));
	r->env.today = r->day;
}

static void later(struct run *r, int wd)
{
	char next[11];
	wd_after(r->day, wd, next);
	at(r, next);
}

static void go(struct run *r, const struct wf_actor *who, long id, enum flow_state to,
               const char *comment)
{
	if (r->rc != APP_OK)
		return;
	struct wf_step st = {to, comment, NULL, NULL};
	r->rc = wf_transition(r->s, &r->env, who, id, &st, NULL, r->e);
}

struct experts_of {
	long id[MAX_EXPERTS_PER_APP];
	int n;
};

static int collect_review(void *ctx, const struct flow_review *rv)
{
	struct experts_of *x = ctx;
	if (x->n < MAX_EXPERTS_PER_APP)
		x->id[x->n++] = rv->expert_id;
	return 0;
}

/* Every assigned expert scores around a base; one outlier if asked. */
static void score_all(struct run *r, long id, bool outlier)
{
	struct experts_of x = {{0}, 0};
	if (r->rc != APP_OK ||
	    (r->rc = store_review_list(r->s, id, 0, collect_review, &x, r->e)) != APP_OK)
		return;
	int base = 680 + (int)rng_below(&r->r, 240);
	for (int i = 0; i < x.n && r->rc == APP_OK; i++) {
		struct flow_expert ex;
		if ((r->rc = store_expert_get(r->s, x.id[i], NULL, &ex, r->e)) != APP_OK)
			return;
		struct wf_actor who = {ex.username, ROLE_EXPERT, NULL, NULL, ""};
		int sc = base - 40 + (int)rng_below(&r->r, 81);
		if (outlier && i == x.n - 1)
			sc = base - 230;
		sc = sc < 0 ? 0 : sc > FLOW_SCORE_MAX ? FLOW_SCORE_MAX : sc;
		r->rc = wf_score(r->s, &r->env, &who, id, sc,
		                 sc >= 800 ? "技术水平领先,细分市场地位突出"
		                           : "符合条件,建议加强研发投入",
		                 r->e);
	}
}

static void docs(struct run *r, const struct wf_actor *who, long id)
{
	if (r->rc == APP_OK)
		r->rc = wf_declare(r->s, &r->env, who, id, "decl_truth", r->e);
	if (r->rc == APP_OK)
		r->rc = wf_declare(r->s, &r->env, who, id, "decl_compliance", r->e);
	if (r->rc == APP_OK)
		r->rc = wf_attach(r->s, &r->env, who, id, "application_form", "申报书.pdf",
		                  PDF_FORM, sizeof PDF_FORM - 1, NULL, r->e);
	if (r->rc == APP_OK)
		r->rc = wf_attach(r->s, &r->env, who, id, "financial_audit", "2025年度审计报告.pdf",
		                  PDF_AUDIT, sizeof PDF_AUDIT - 1, NULL, r->e);
}

/* Drives one firm's application in batch b from `apply` to `target`. */
static void drive(struct run *r, const struct flow_batch *b, const struct enterprise *f,
                  const char *apply, enum flow_state target, enum route route, int k)
{
	char user[40];
	snprintf(user, sizeof user, "ent-%s", f->uscc);
	const char *unit = f->zone[0] ? f->zone : f->district;
	struct wf_actor firm = {user, ROLE_ENTERPRISE, NULL, f->uscc, ""};
	char duser[40];
	snprintf(duser, sizeof duser, "demo-district-%s", unit);
	struct wf_actor dist = {duser, ROLE_DISTRICT, unit, NULL, ""};
	const struct wf_actor *filer = k % 4 == 3 ? &dist : &firm; /* some filed by the district */
	long id = 0;
	at(r, apply);
	if (r->rc == APP_OK)
		r->rc = wf_apply(r->s, &r->env, filer, b->id, f->uscc, &id, r->e);
	if (r->rc != APP_OK)
		return;
	if (target != FS_DRAFT || k % 2)
		docs(r, filer, id);
	if (target == FS_DRAFT)
		goto done;
	go(r, filer, id, FS_SUBMITTED, NULL);
	if (target == FS_SUBMITTED)
		goto done;
	later(r, 3);
	if (target == FS_RETURNED) {
		go(r, &dist, id, FS_RETURNED,
		   "请补充近三年研发费用专项审计报告及知识产权证书复印件");
		goto done;
	}
	go(r, &dist, id, FS_DISTRICT_APPROVED, "材料齐全,符合申报条件");
	if (target == FS_DISTRICT_APPROVED)
		goto done;
	later(r, 3);
	if (route == ROUTE_CITY) {
		go(r, &CITY, id, FS_REJECTED, "上年度研发费用占营业收入比重未达到申报要求");
		goto done;
	}
	go(r, &CITY, id, FS_CITY_APPROVED, NULL);
	if (target == FS_CITY_APPROVED)
		goto done;
	later(r, 2);
	go(r, &CITY, id, FS_EXPERT_REVIEW, NULL);
	if (target == FS_EXPERT_REVIEW) {
		if (k % 2 == 0)
			score_all(r, id, false); /* some scored, waiting for the summary */
		goto done;
	}
	later(r, 4);
	score_all(r, id, k % 5 == 1);
	go(r, &CITY, id, FS_SCORED, NULL);
	if (target == FS_SCORED)
		goto done;
	if (route == ROUTE_SCORE) {
		later(r, 2);
		go(r, &CITY, id, FS_REJECTED, "专家评审得分未达到认定分数线");
		goto done;
	}
	if (target == FS_PUBLICIZED)
		at(r, r->notice_on);
	else
		later(r, 2);
	go(r, &CITY, id, FS_PUBLICIZED, NULL);
	struct wf_app_view v;
	if (r->rc == APP_OK)
		r->rc = wf_app_get(r->s, &r->env, &CITY, id, &v, r->e);
	if (r->rc != APP_OK)
		return;
	long obj = 0;
	if (route == ROUTE_NOTICE || (target == FS_PUBLICIZED && k % 2 == 0) ||
	    (target == FS_RECOGNIZED && k % 7 == 3)) {
		later(r, 1);
		r->rc = wf_objection_add(
		    r->s, &r->env, &CITY, id, k % 3 ? "匿名来信" : "同行企业来电",
		    route == ROUTE_NOTICE ? "反映该企业申报的主导产品市场占有率数据与行业统计不符"
		                          : "反映该企业申报的知识产权数量有误",
		    NULL, &obj, r->e);
		r->st->objections += r->rc == APP_OK;
	}
	if (target == FS_PUBLICIZED)
		goto done;
	char after[11];
	wd_after(v.app.notice_end, 1, after);
	at(r, after);
	if (obj && r->rc == APP_OK)
		r->rc = wf_objection_resolve(r->s, &r->env, &CITY, obj, route == ROUTE_NOTICE,
		                             route == ROUTE_NOTICE
		                                 ? "经核实,市场占有率数据引用有误,异议成立"
		                                 : "经核实,知识产权证书真实有效,异议不成立",
		                             r->e);
	if (route == ROUTE_NOTICE)
		go(r, &CITY, id, FS_REJECTED, "公示期间异议经核实成立,不予认定");
	else
		go(r, &CITY, id, FS_RECOGNIZED, NULL);
done:
	if (r->rc == APP_OK) {
		struct flow_app a;
		r->rc = store_app_get(r->s, id, &a, r->e);
		if (r->rc == APP_OK) {
			r->st->applications++;
			r->st->by_state[a.state]++;
		}
	}
}

/* ---- the parts ---- */

static const char *const expert_fields[] = {"智能制造",   "新材料",         "电子信息", "生物医药",
                                            "汽车零部件", "软件和信息服务", "节能环保", "财务审计",
                                            "知识产权",   "工业设计"};
static const char *const expert_units[] = {"500103", "500104", "500106", "500107", "500108",
                                           "500109", "500113", "5001LJ", "500116", "500118",
                                           "500101", "500120", "GXQ",    "LJXQ",   ""};
static const char expert_surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐";
static const char expert_given[] = "建国志强国华文斌晓东海燕红梅立新卫东春生";

static void experts(struct run *r, const struct firms *pool)
{
	for (int i = 0; i < 60 && r->rc == APP_OK; i++) {
		struct flow_expert x = {0};
		snprintf(x.username, sizeof x.username, "expert%02d", i + 1);
		size_t si = rng_below(&r->r, strlen(expert_surnames) / 3);
		size_t gi = rng_below(&r->r, strlen(expert_given) / 6);
		snprintf(x.name, sizeof x.name, "%.3s%.6s", expert_surnames + si * 3,
		         expert_given + gi * 6);
		const char *f = expert_fields[i % 10];
		str_copy(x.field, sizeof x.field, f, strlen(f));
		const char *u =
		    expert_units[rng_below(&r->r, sizeof expert_units / sizeof *expert_units)];
		str_copy(x.unit, sizeof x.unit, u, strlen(u));
		if (pool->n && i % 10 == 4) /* some work in a firm of the pool */
			memcpy(x.employer, pool->f[rng_below(&r->r, pool->n)].uscc, 19);
		x.active = i != 59;
		r->rc = wf_expert_put(r->s, &CITY, &x, r->e);
		if (r->rc == APP_OK && pool->n && i % 12 == 7)
			r->rc = wf_expert_link(r->s, &CITY, x.username,
			                       pool->f[rng_below(&r->r, pool->n)].uscc,
			                       "持有该企业股份", r->e);
		r->st->experts += r->rc == APP_OK;
	}
	/* the demo account "expert" (app/demo.h) is one of the pool, based in no
	 * district and linked to no firm, so it may review any application */
	struct flow_expert me = {0};
	snprintf(me.username, sizeof me.username, "%s", DEMO_EXPERT);
	snprintf(me.name, sizeof me.name, "陈思远");
	snprintf(me.field, sizeof me.field, "智能制造");
	me.active = true;
	if (r->rc == APP_OK)
		r->rc = wf_expert_put(r->s, &CITY, &me, r->e);
	r->st->experts += r->rc == APP_OK;
}

struct open_reviews {
	long id[16];
	int n;
};

static int collect_in_review(void *ctx, const struct flow_app *a)
{
	struct open_reviews *o = ctx;
	if (o->n < 16)
		o->id[o->n++] = a->id;
	return 0;
}

/* The city appoints the demo expert to every application of batch b under
 * expert review (增补评审专家), so that account has work to do; it scores
 * the first one already. */
static void appoint_demo_expert(struct run *r, const struct flow_batch *b)
{
	struct store_app_filter f = {.batch_id = b->id, .state = FS_EXPERT_REVIEW};
	struct open_reviews o = {{0}, 0};
	at(r, r->today);
	if (r->rc == APP_OK)
		r->rc = store_app_list(r->s, &f, collect_in_review, &o, NULL, r->e);
	struct flow_expert me_x;
	if (r->rc == APP_OK)
		r->rc = store_expert_get(r->s, 0, DEMO_EXPERT, &me_x, r->e);
	for (int i = 0; i < o.n && r->rc == APP_OK; i++) {
		struct experts_of x = {{0}, 0};
		r->rc = store_review_list(r->s, o.id[i], 0, collect_review, &x, r->e);
		bool drawn = false;
		for (int k = 0; k < x.n; k++)
			drawn = drawn || x.id[k] == me_x.id;
		if (r->rc == APP_OK && !drawn)
			r->rc = wf_review_appoint(r->s, &r->env, &CITY, o.id[i], DEMO_EXPERT,
			                          "增补智能制造领域专家", r->e);
		r->st->appointed += r->rc == APP_OK;
	}
	struct wf_actor me = {DEMO_EXPERT, ROLE_EXPERT, NULL, NULL, ""};
	if (o.n && r->rc == APP_OK)
		r->rc = wf_score(r->s, &r->env, &me, o.id[0], 815,
		                 "主导产品技术指标处于国内先进水平", r->e);
}

static void open_batch(struct run *r, struct flow_batch *b, const char *name, enum tier t,
                       const char *opens, const char *closes, const char *doc_no)
{
	memset(b, 0, sizeof *b);
	str_copy(b->name, sizeof b->name, name, strlen(name));
	b->tier = t;
	b->year = 2026;
	str_copy(b->opens, sizeof b->opens, opens, 10);
	str_copy(b->closes, sizeof b->closes, closes, 10);
	str_copy(b->doc_no, sizeof b->doc_no, doc_no, strlen(doc_no));
	b->term_years = -1;
	b->blind = true;
	b->exclude_linked = true;
	at(r, opens);
	if (r->rc == APP_OK)
		r->rc = wf_batch_open(r->s, &r->env, &CITY, b, r->e);
	r->st->batches += r->rc == APP_OK;
}

struct plan {
	enum flow_state target;
	enum route route;
	int count;
};

/* Applies a plan to firms f[0..], spreading the applications over the
 * days after `first` (every `every` working days). */
static void run_plan(struct run *r, const struct flow_batch *b, struct firms *f,
                     const struct plan *plan, size_t nplan, const char *first, int every)
{
	char day[11];
	str_copy(day, sizeof day, first, 10);
	size_t next = 0;
	int k = 0;
	for (size_t p = 0; p < nplan && r->rc == APP_OK; p++)
		for (int i = 0; i < plan[p].count && next < f->n && r->rc == APP_OK; i++, k++) {
			drive(r, b, &f->f[next++], day, plan[p].target, plan[p].route, k);
			if (k % 2)
				wd_after(day, every, day);
		}
}

static void batches(struct run *r, struct firms *cand, struct firms *innov, struct firms *srdi)
{
	struct flow_batch a, b, c;
	/* 小巨人: the spring round, decided by today */
	open_batch(r, &c, "2026年度专精特新\"小巨人\"企业推荐(第八批)", TIER_LITTLE_GIANT,
	           "2026-05-15", "2026-06-15", "工信部企业函〔2026〕180号");
	static const struct plan pc[] = {
	    {FS_RECOGNIZED, ROUTE_NONE, 7}, {FS_REJECTED, ROUTE_CITY, 2},
	    {FS_REJECTED, ROUTE_SCORE, 2},  {FS_REJECTED, ROUTE_NOTICE, 1},
	    {FS_PUBLICIZED, ROUTE_NONE, 1}, {FS_SCORED, ROUTE_NONE, 1},
	};
	pick(&r->r, srdi, 14);
	run_plan(r, &c, srdi, pc, sizeof pc / sizeof pc[0], "2026-05-18", 1);
	/* 创新型: the summer round, mostly decided */
	open_batch(r, &a, "2026年度创新型中小企业评价(第二批)", TIER_INNOVATIVE, "2026-08-03",
	           "2026-09-30", "渝经信中小〔2026〕26号");
	static const struct plan pa[] = {
	    {FS_RECOGNIZED, ROUTE_NONE, 12},       {FS_REJECTED, ROUTE_CITY, 2},
	    {FS_REJECTED, ROUTE_SCORE, 1},         {FS_REJECTED, ROUTE_NOTICE, 1},
	    {FS_PUBLICIZED, ROUTE_NONE, 3},        {FS_SCORED, ROUTE_NONE, 2},
	    {FS_EXPERT_REVIEW, ROUTE_NONE, 2},     {FS_CITY_APPROVED, ROUTE_NONE, 2},
	    {FS_DISTRICT_APPROVED, ROUTE_NONE, 1}, {FS_RETURNED, ROUTE_NONE, 2},
	    {FS_SUBMITTED, ROUTE_NONE, 1},         {FS_DRAFT, ROUTE_NONE, 1},
	};
	pick(&r->r, cand, 30);
	run_plan(r, &a, cand, pa, sizeof pa / sizeof pa[0], "2026-08-04", 2);
	/* 专精特新: open today, applications and re-reviews coming in */
	open_batch(r, &b, "2026年度专精特新中小企业申报和复核", TIER_SRDI, "2026-11-02",
	           "2026-12-18", "");
	static const struct plan pb[] = {
	    {FS_SCORED, ROUTE_NONE, 2},        {FS_EXPERT_REVIEW, ROUTE_NONE, 4},
	    {FS_CITY_APPROVED, ROUTE_NONE, 4}, {FS_DISTRICT_APPROVED, ROUTE_NONE, 6},
	    {FS_RETURNED, ROUTE_NONE, 3},      {FS_SUBMITTED, ROUTE_NONE, 10},
	    {FS_DRAFT, ROUTE_NONE, 8},
	};
	pick(&r->r, innov, 37);
	run_plan(r, &b, innov, pb, sizeof pb / sizeof pb[0], "2026-11-02", 1);
	/* re-reviews (复核) by SRDI firms whose term ends in 2027 */
	static const struct plan renew[] = {{FS_SUBMITTED, ROUTE_NONE, 3},
	                                    {FS_DRAFT, ROUTE_NONE, 2}};
	struct firms due = {0};
	for (size_t i = 14; i < srdi->n; i++)
		if (strncmp(srdi->f[i].tier_until, "2027-", 5) == 0)
			collect_firm(&due, &srdi->f[i]);
	run_plan(r, &b, &due, renew, 2, "2026-11-16", 2);
	free(due.f);
	appoint_demo_expert(r, &b);
}

/* The shipped sets, and a synthetic split of 2026 SRDI targets by unit:
 * today's SRDI holders of each unit plus a tenth, at least 2. */
struct split {
	struct run *r;
	char unit[64][8];
	long n[64];
	size_t units;
};

static int count_unit(void *ctx, const struct store_holding *h)
{
	struct split *sp = ctx;
	for (size_t i = 0; i < sp->units; i++)
		if (strcmp(sp->unit[i], h->unit) == 0) {
			sp->n[i]++;
			return 0;
		}
	if (sp->units < 64) {
		memcpy(sp->unit[sp->units], h->unit, 8);
		sp->n[sp->units++] = 1;
	}
	return 0;
}

static void targets(struct run *r)
{
	int n = 0;
	if (r->rc == APP_OK)
		r->rc = targets_install(r->s, &CITY, &n, r->e);
	r->st->targets += n;
	struct flow_target_set set = {"demo-2026-districts",
	                              "示例:2026年专精特新企业区县分解目标(合成数据)", "zjtx demo",
	                              true};
	if (r->rc == APP_OK)
		r->rc = targets_set_put(r->s, &CITY, &set, r->e);
	struct split sp = {r, {{0}}, {0}, 0};
	if (r->rc == APP_OK)
		r->rc = store_tier_holders(r->s, TIER_SRDI, r->today, NULL, NULL, count_unit, &sp,
		                           r->e);
	for (size_t i = 0; i < sp.units && r->rc == APP_OK; i++) {
		struct flow_target t = {"demo-2026-districts", TIER_SRDI, 2026, "", 0};
		memcpy(t.unit, sp.unit[i], sizeof t.unit);
		t.target = sp.n[i] + sp.n[i] / 10 + 2;
		r->rc = targets_put(r->s, &CITY, &t, r->e);
		r->st->targets += r->rc == APP_OK;
	}
}

enum app_status demo_flow_build(struct store *s, uint64_t seed, const char *today,
                                const char *files_dir, struct demo_flow_stats *st,
                                struct app_err *e)
{
	struct run r = {0};
	struct firms cand = {0}, innov = {0}, srdi = {0};
	memset(st, 0, sizeof *st);
	r.s = s;
	rng_seed(&r.r, seed ^ 0x5DF10Bull);
	str_copy(r.today, sizeof r.today, today, strlen(today));
	wd_before(today, 3, r.notice_on);
	r.env = (struct wf_env){r.today, files_dir, true, seed};
	r.st = st;
	r.e = e;
	struct store_filter f = {.tier = TIER_CANDIDATE, .sort = "uscc"};
	r.rc = store_enterprise_list(s, &f, collect_firm, &cand, NULL, e);
	f.tier = TIER_INNOVATIVE;
	if (r.rc == APP_OK)
		r.rc = store_enterprise_list(s, &f, collect_firm, &innov, NULL, e);
	f.tier = TIER_SRDI;
	if (r.rc == APP_OK)
		r.rc = store_enterprise_list(s, &f, collect_firm, &srdi, NULL, e);
	if (r.rc == APP_OK)
		experts(&r, &srdi);
	if (r.rc == APP_OK)
		batches(&r, &cand, &innov, &srdi);
	r.env.today = r.today;
	if (r.rc == APP_OK)
		targets(&r);
	free(cand.f);
	free(innov.f);
	free(srdi.f);
	return r.rc;
}
