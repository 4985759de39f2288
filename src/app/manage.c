/* manage.c - re-review list, yearly re-evaluation, exit decisions (see
 * manage.h). */
#include "manage.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/workflow_int.h"
#include "base/buf.h"
#include "base/mem.h"

#define R(x) ROLE_BIT(ROLE_##x)

/* Reading is for city, viewer and district (its scope); writing for city. */
static enum app_status can_read(const struct wf_actor *who, const char *what, struct app_err *e)
{
	return wfi_need(who, R(CITY) | R(VIEWER) | R(DISTRICT), what, e);
}

static const char *user_of(const struct wf_actor *who)
{
	return who->user && *who->user ? who->user : "unknown";
}

static const char *scope_of(const struct wf_actor *who)
{
	return who->role == ROLE_DISTRICT ? (who->district ? who->district : "-") : NULL;
}

void manage_add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	out[0] = '\0';
	if (!date || !date_split(date, &y, &m, &d))
		return;
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int md = mdays[m - 1] + (m == 2 && leap);
	date_format(y, m, d > md ? md : d, out);
}

static long days_between(const char *a, const char *b)
{
	int y1, m1, d1, y2, m2, d2;
	if (!date_split(a, &y1, &m1, &d1) || !date_split(b, &y2, &m2, &d2))
		return 0;
	return (long)(date_days(y2, m2, d2) - date_days(y1, m1, d1));
}

/* ---- re-review list ---- */

struct holdings {
	struct store_holding *h;
	size_t n, cap;
};

static int collect_holding(void *ctx, const struct store_holding *h)
{
	struct holdings *l = ctx;
	xgrow((void **)&l->h, &l->cap, l->n + 1, sizeof *l->h);
	l->h[l->n++] = *h;
	return 0;
}

static int cmp_until(const void *a, const void *b)
{
	const struct store_holding *x = a, *y = b;
	int c = strcmp(x->until, y->until);
	return c ? c : strcmp(x->uscc, y->uscc);
}

static int first_app(void *ctx, const struct flow_app *a)
{
	*(struct flow_app *)ctx = *a;
	return 1;
}

enum app_status manage_rereview(struct store *s, const struct wf_env *env,
                                const struct wf_actor *who, int months, enum tier t,
                                manage_due_cb cb, void *ctx, long *count, struct app_err *e)
{
	char horizon[11];
	enum app_status rc = can_read(who, "查看复核名单", e);
	if (rc != APP_OK)
		return rc;
	if (months < 1 || months > 60)
		return app_err_set(e, APP_EINVAL, "月数应为 1-60");
	manage_add_months(env->today, months, horizon);
	if (count)
		*count = 0;
	for (int k = TIER_CANDIDATE; k < TIER_COUNT && rc == APP_OK; k++) {
		if ((t && k != (int)t) || !flow_term_years((enum tier)k))
			continue;
		struct holdings l = {0};
		rc = store_tier_holders(s, (enum tier)k, env->today, scope_of(who), horizon,
		                        collect_holding, &l, e);
		if (l.n)
			qsort(l.h, l.n, sizeof *l.h, cmp_until);
		for (size_t i = 0; i < l.n && rc == APP_OK; i++) {
			struct manage_due d = {(enum tier)k, l.h[i], 0, 0, FS_NONE};
			d.days_left = days_between(env->today, l.h[i].until);
			struct flow_app a = {0};
			struct store_app_filter f = {.uscc = l.h[i].uscc, .tier = k, .open = true};
			rc = store_app_list(s, &f, first_app, &a, NULL, e);
			d.renewal_app = a.id;
			d.renewal_state = a.state;
			if (count)
				(*count)++;
			if (rc == APP_OK && cb(ctx, &d))
				break;
		}
		free(l.h);
	}
	return rc;
}

/* ---- re-evaluation ---- */

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

static void add_reason(struct manage_proposal *p, const char *fmt, const char *arg)
{
	size_t n = strlen(p->reasons);
	if (n + 3 >= sizeof p->reasons)
		return;
	if (n)
		n += (size_t)snprintf(p->reasons + n, sizeof p->reasons - n, ";");
	snprintf(p->reasons + n, sizeof p->reasons - n, fmt, arg);
}

/* The SME size class from the latest row with figures. */
static enum size_class size_from(const char *industry, const struct rows *r)
{
	for (size_t i = r->n; i-- > 0;) {
		const struct annual *a = &r->a[i];
		struct size_input in = {annual_has(a, AK_EMPLOYEES),    a->v[AK_EMPLOYEES],
		                        annual_has(a, AK_REVENUE),      a->v[AK_REVENUE],
		                        annual_has(a, AK_TOTAL_ASSETS), a->v[AK_TOTAL_ASSETS]};
		struct size_result res;
		if (!in.has_employees && !in.has_revenue && !in.has_assets)
			continue;
		return sizeclass_classify(industry, &in, NULL, &res, NULL) == APP_OK ? res.cls
		                                                                     : SIZE_UNKNOWN;
	}
	return SIZE_UNKNOWN;
}

/* Evaluates one holder into p. */
static enum app_status propose(struct store *s, const struct wf_env *env, enum tier t,
                               const struct store_holding *h, struct manage_proposal *p,
                               bool *engine, struct app_err *e)
{
	struct rows r = {0};
	struct enterprise ent;
	struct store_filter f = {.uscc = h->uscc};
	memset(p, 0, sizeof *p);
	p->tier = t;
	p->h = *h;
	const char *c = flow_criteria_for(t, env->today);
	str_copy(p->criteria, sizeof p->criteria, c, strlen(c));
	enum app_status rc = store_enterprise_get(s, h->uscc, &ent, e);
	if (rc == APP_OK)
		rc = store_annual_list(s, &f, 0, collect_row, &r, e);
	if (rc != APP_OK)
		goto out;
	for (size_t i = 0; i < r.n; i++)
		if (r.a[i].has && r.a[i].year > p->figures_year)
			p->figures_year = r.a[i].year;
	p->size = size_from(ent.industry, &r);
	p->oversize = p->size == SIZE_LARGE;
	int this_year = 0, m, d;
	date_split(env->today, &this_year, &m, &d);
	char until6[11];
	manage_add_months(env->today, 6, until6);
	if (!p->figures_year || p->figures_year < this_year - 2) {
		p->proposal = FP_WARN;
		add_reason(p, "%s", "缺少最近两个会计年度的数据");
	}
	if (p->oversize) {
		p->proposal = FP_EXIT;
		add_reason(p, "%s", "已超出中小企业划型标准(大型企业),不再符合基本条件");
	}
	if (p->figures_year && p->criteria[0]) {
		struct assess_result as = {0};
		rc = assess_firm(p->criteria, &ent, r.a, r.n, p->figures_year, p->size, false, &as,
		                 e);
		if (rc == APP_OK && as.available) {
			*engine = true;
			str_copy(p->verdict, sizeof p->verdict, as.verdict, strlen(as.verdict));
			enum flow_proposal v = strcmp(as.verdict, "pass") == 0   ? FP_KEEP
			                       : strcmp(as.verdict, "fail") == 0 ? FP_EXIT
			                                                         : FP_WARN;
			if (v == FP_EXIT)
				add_reason(p, "未达到 %s 标准", p->criteria);
			else if (v == FP_WARN)
				add_reason(p, "%s", "数据不足,无法判断是否仍符合标准");
			if (v > p->proposal)
				p->proposal = v;
		}
		assess_result_free(&as);
		if (rc != APP_OK)
			goto out;
	}
	if (p->proposal == FP_NONE) {
		p->proposal = FP_UNKNOWN;
		add_reason(p, "%s", "评价引擎尚未接入,未能按标准复评");
	}
	if (h->until[0] && strcmp(h->until, until6) <= 0)
		add_reason(p, "有效期至 %s,需申请复核", h->until);
out:
	free(r.a);
	return rc;
}

struct reeval_job {
	struct store *s;
	const struct wf_env *env;
	const struct wf_actor *who;
	enum tier t;
	bool record;
	manage_proposal_cb cb;
	void *ctx;
	struct manage_reeval_stats *st;
};

static void tally(struct manage_reeval_stats *st, const struct manage_proposal *p)
{
	st->firms++;
	st->keep += p->proposal == FP_KEEP;
	st->warn += p->proposal == FP_WARN;
	st->exit += p->proposal == FP_EXIT;
	st->unknown += p->proposal == FP_UNKNOWN;
	st->oversize += p->oversize;
	st->no_figures += p->figures_year == 0;
}

static enum app_status reeval_tier(struct reeval_job *j, enum tier t, struct app_err *e)
{
	struct holdings l = {0};
	enum app_status rc = store_tier_holders(j->s, t, j->env->today, scope_of(j->who), NULL,
	                                        collect_holding, &l, e);
	for (size_t i = 0; i < l.n && rc == APP_OK; i++) {
		struct manage_proposal p;
		rc = propose(j->s, j->env, t, &l.h[i], &p, &j->st->engine, e);
		if (rc != APP_OK)
			break;
		tally(j->st, &p);
		if (j->record) {
			struct flow_reeval r = {0};
			str_copy(r.run_date, sizeof r.run_date, j->env->today, 10);
			memcpy(r.uscc, p.h.uscc, sizeof r.uscc);
			r.tier = t;
			memcpy(r.criteria, p.criteria, sizeof r.criteria);
			r.figures_year = p.figures_year;
			r.proposal = p.proposal;
			str_copy(r.reasons, sizeof r.reasons, p.reasons, strlen(p.reasons));
			str_copy(r.actor, sizeof r.actor, user_of(j->who), strlen(user_of(j->who)));
			rc = store_reeval_add(j->s, &r, e);
		}
		if (rc == APP_OK && j->cb && j->cb(j->ctx, &p))
			break;
	}
	free(l.h);
	return rc;
}

static enum app_status reeval_job(void *ctx, struct app_err *e)
{
	struct reeval_job *j = ctx;
	enum app_status rc = APP_OK;
	static const enum tier tiers[] = {TIER_INNOVATIVE, TIER_SRDI, TIER_LITTLE_GIANT};
	for (size_t i = 0; i < sizeof tiers / sizeof tiers[0] && rc == APP_OK; i++)
		if (!j->t || j->t == tiers[i])
			rc = reeval_tier(j, tiers[i], e);
	if (rc != APP_OK || !j->record)
		return rc;
	struct audit_actor aa;
	wf_audit_actor(j->who, &aa);
	char after[512];
	snprintf(after, sizeof after,
	         "{\"run_date\":\"%s\",\"firms\":%ld,\"keep\":%ld,\"warn\":%ld,\"exit\":%ld,"
	         "\"unknown\":%ld,\"oversize\":%ld,\"engine\":%s}",
	         j->env->today, j->st->firms, j->st->keep, j->st->warn, j->st->exit, j->st->unknown,
	         j->st->oversize, j->st->engine ? "true" : "false");
	return audit_append(j->s, &aa, "manage.reevaluate", "reevaluation", j->env->today, NULL,
	                    after, e);
}

enum app_status manage_reevaluate(struct store *s, const struct wf_env *env,
                                  const struct wf_actor *who, enum tier t, bool record,
                                  manage_proposal_cb cb, void *ctx,
                                  struct manage_reeval_stats *stats, struct app_err *e)
{
	struct manage_reeval_stats scratch;
	enum app_status rc = record ? wfi_need(who, R(CITY), "记录年度复评结果", e)
	                            : can_read(who, "查看年度复评", e);
	if (rc != APP_OK)
		return rc;
	if (t && t != TIER_INNOVATIVE && t != TIER_SRDI && t != TIER_LITTLE_GIANT)
		return app_err_set(e, APP_EINVAL, "「%s」没有认定标准,不参加年度复评",
		                   tier_label(t));
	struct reeval_job j = {s, env, who, t, record, cb, ctx, stats ? stats : &scratch};
	memset(j.st, 0, sizeof *j.st);
	return record ? wf_tx(s, reeval_job, &j, e) : reeval_job(&j, e);
}

/* ---- exits ---- */

struct exit_job {
	struct store *s;
	const struct wf_actor *who;
	struct flow_exit_decision *x;
	struct tier_event *ev;
};

static enum app_status exit_job(void *ctx, struct app_err *e)
{
	struct exit_job *j = ctx;
	enum app_status rc = store_tier_add(j->s, j->ev, e);
	if (rc != APP_OK)
		return rc;
	j->x->tier_event_id = j->ev->id;
	if ((rc = store_exit_add(j->s, j->x, e)) != APP_OK)
		return rc;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "tier", tier_key(j->x->tier),
	                      "reason", flow_exit_key(j->x->reason), "detail", j->x->detail,
	                      "decided", j->x->decided, "doc_no", j->x->doc_no, "bar_until",
	                      j->x->bar_until, "tier_event", (json_int_t)j->ev->id);
	char *after = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct audit_actor aa;
	wf_audit_actor(j->who, &aa);
	rc = audit_append(j->s, &aa, "manage.exit", "enterprise", j->x->uscc, NULL, after, e);
	free(after);
	json_decref(o);
	return rc;
}

/* The firm's latest event in tier t on or before date. */
struct latest {
	enum tier t;
	const char *date;
	enum tier_status st;
	char until[11];
};

static int latest_event(void *ctx, const struct tier_event *ev)
{
	struct latest *l = ctx;
	if (ev->tier == l->t && strcmp(ev->since, l->date) <= 0) {
		l->st = ev->status;
		memcpy(l->until, ev->until, sizeof l->until);
	}
	return 0;
}

enum app_status manage_exit(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                            const char *uscc, enum tier t, enum flow_exit reason,
                            const char *detail, const char *doc_no, const char *date,
                            struct flow_exit_decision *out, struct app_err *e)
{
	struct flow_exit_decision x = {0};
	struct tier_event ev = {0};
	int y, m, d;
	enum app_status rc = wfi_need(who, R(CITY), "决定企业退出", e);
	if (rc != APP_OK)
		return rc;
	const char *on = date && *date ? date : env->today;
	if (!date_split(on, &y, &m, &d))
		return app_err_set(e, APP_EINVAL, "退出日期「%s」应为 YYYY-MM-DD", on);
	if (reason <= FX_NONE || reason >= FX_COUNT)
		return app_err_set(
		    e, APP_EINVAL,
		    "退出原因无效:应为 不再符合认定条件、重大安全质量环境事故、严重失信、数据造假 "
		    "之一");
	if (!detail || !strv_trim(strv_from(detail)).n)
		return app_err_set(e, APP_EINVAL, "退出决定必须写明具体情况");
	if (utf8_chars(detail, strlen(detail)) > MAX_COMMENT_CHARS)
		return app_err_set(e, APP_ETOOLARGE, "具体情况超过 %d 字", MAX_COMMENT_CHARS);
	struct latest l = {t, on, TS_NONE, ""};
	if ((rc = store_tier_history(s, uscc ? uscc : "", latest_event, &l, e)) != APP_OK)
		return rc == APP_ENOTFOUND
		           ? app_err_set(e, rc, "企业 %s 不在企业库中", uscc ? uscc : "")
		           : rc;
	if (!tier_status_holds(l.st) || (l.until[0] && strcmp(l.until, on) < 0))
		return app_err_set(e, APP_ECONFLICT, "企业 %s 在 %s 未持有「%s」认定,无需退出",
		                   uscc, on, tier_label(t));
	memcpy(x.uscc, uscc, USCC_LEN);
	x.tier = t;
	x.reason = reason;
	str_copy(x.detail, sizeof x.detail, detail, strlen(detail));
	str_copy(x.decided, sizeof x.decided, on, strlen(on));
	if (doc_no)
		str_copy(x.doc_no, sizeof x.doc_no, doc_no, strlen(doc_no));
	if (flow_exit_bar_years(reason))
		date_term_end(on, flow_exit_bar_years(reason), x.bar_until);
	str_copy(x.actor, sizeof x.actor, user_of(who), strlen(user_of(who)));
	memcpy(ev.uscc, x.uscc, sizeof ev.uscc);
	ev.tier = t;
	ev.status = flow_exit_status(reason);
	memcpy(ev.since, x.decided, sizeof ev.since);
	snprintf(ev.reason, sizeof ev.reason, "%s:%.200s", flow_exit_label(reason), detail);
	memcpy(ev.doc_no, x.doc_no, sizeof ev.doc_no);
	str_copy(ev.actor, sizeof ev.actor, user_of(who), strlen(user_of(who)));
	struct exit_job j = {s, who, &x, &ev};
	rc = wf_tx(s, exit_job, &j, e);
	if (rc == APP_OK && out)
		*out = x;
	return rc;
}

/* ---- reading exit decisions ---- */

struct exit_view {
	struct store *s;
	const struct wf_actor *who;
	store_exit_cb cb;
	void *ctx;
};

static int scoped_exit(void *ctx, const struct flow_exit_decision *x)
{
	struct exit_view *v = ctx;
	if (v->who->role == ROLE_DISTRICT) {
		struct enterprise ent;
		if (store_enterprise_get(v->s, x->uscc, &ent, NULL) != APP_OK ||
		    !wfi_in_district(v->who, ent.district, ent.zone))
			return 0;
	}
	return v->cb(v->ctx, x);
}

enum app_status manage_exit_list(struct store *s, const struct wf_actor *who, const char *uscc,
                                 store_exit_cb cb, void *ctx, struct app_err *e)
{
	enum app_status st = can_read(who, "查看退出决定", e);
	if (st != APP_OK)
		return st;
	struct exit_view v = {s, who, cb, ctx};
	return store_exit_list(s, uscc && *uscc ? uscc : NULL, scoped_exit, &v, e);
}
