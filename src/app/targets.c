/* targets.c - targets, progress, trajectory and projection (see
 * targets.h). */
#include "targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/eval_pool.h"
#include "app/workflow_int.h"
#include "base/embed.h"
#include "base/mem.h"
#include "base/tsv.h"
#include "core/sizeclass.h"

#define TARGETS_FILE "data/targets.tsv"
#define R(x)         ROLE_BIT(ROLE_##x)

enum { TRAJ_MAX_YEARS = 30 };

/* ---- writing ---- */

static enum app_status audit_target(struct store *s, const struct wf_actor *who, const char *action,
                                    const char *id, const char *after, struct app_err *e)
{
	struct audit_actor aa;
	wf_audit_actor(who, &aa);
	return audit_append(s, &aa, action, "target", id, NULL, after, e);
}

struct put_job {
	struct store *s;
	const struct wf_actor *who;
	const struct flow_target_set *set;
	const struct flow_target *t;
};

static enum app_status set_job(void *ctx, struct app_err *e)
{
	struct put_job *j = ctx;
	char after[600];
	enum app_status rc = store_target_set_put(j->s, j->set, e);
	snprintf(after, sizeof after, "{\"label\":\"%.250s\",\"counting\":\"%s\"}", j->set->label,
	         j->set->ladder ? "ladder" : "tier");
	return rc != APP_OK ? rc : audit_target(j->s, j->who, "target.set", j->set->name, after, e);
}

enum app_status targets_set_put(struct store *s, const struct wf_actor *who,
                                const struct flow_target_set *set, struct app_err *e)
{
	enum app_status rc = wfi_need(who, R(CITY), "设定培育目标", e);
	if (rc != APP_OK)
		return rc;
	if (strchr(set->label, '"') || strchr(set->label, '\\'))
		return app_err_set(e, APP_EINVAL, "目标集标题不能含有英文引号或反斜杠");
	struct put_job j = {s, who, set, NULL};
	return wf_tx(s, set_job, &j, e);
}

static enum app_status target_job(void *ctx, struct app_err *e)
{
	struct put_job *j = ctx;
	char id[80], after[160];
	enum app_status rc = store_target_put(j->s, j->t, e);
	snprintf(id, sizeof id, "%s/%s/%d/%s", j->t->set, tier_key(j->t->tier), j->t->year,
	         j->t->unit[0] ? j->t->unit : "city");
	snprintf(after, sizeof after, "{\"target\":%ld}", j->t->target);
	return rc != APP_OK ? rc : audit_target(j->s, j->who, "target.put", id, after, e);
}

enum app_status targets_put(struct store *s, const struct wf_actor *who,
                            const struct flow_target *t, struct app_err *e)
{
	enum app_status rc = wfi_need(who, R(CITY), "设定培育目标", e);
	if (rc != APP_OK)
		return rc;
	struct put_job j = {s, who, NULL, t};
	return wf_tx(s, target_job, &j, e);
}

static const char *const cols[] = {"set",  "label", "source", "counting",
                                   "tier", "year",  "unit",   "target"};
enum { TC_SET, TC_LABEL, TC_SOURCE, TC_COUNTING, TC_TIER, TC_YEAR, TC_UNIT, TC_TARGET, TC_COUNT };

struct install_job {
	struct store *s;
	const struct wf_actor *who;
	int n;
};

static enum app_status install_row(struct install_job *j, const struct strv *f,
                                   const struct tsv_reader *r, struct app_err *e)
{
	struct flow_target_set set = {0};
	struct flow_target t = {0};
	long year, target;
	str_copy(set.name, sizeof set.name, f[TC_SET].p, f[TC_SET].n);
	str_copy(set.label, sizeof set.label, f[TC_LABEL].p, f[TC_LABEL].n);
	str_copy(set.source, sizeof set.source, f[TC_SOURCE].p, f[TC_SOURCE].n);
	set.ladder = strv_eq(f[TC_COUNTING], "ladder");
	t.tier = tier_parse(f[TC_TIER]);
	if (!t.tier || !str_to_int_range(f[TC_YEAR], 2000, 2999, &year) ||
	    !str_to_int_range(f[TC_TARGET], 0, 100000000, &target) ||
	    (!set.ladder && !strv_eq(f[TC_COUNTING], "tier")))
		return app_err_set(e, APP_EINVAL, "%s 第%ld行: 梯度、年度、计数方式或目标数无效",
		                   TARGETS_FILE, r->line);
	memcpy(t.set, set.name, sizeof t.set);
	t.year = (int)year;
	t.target = target;
	if (!strv_eq(f[TC_UNIT], "-"))
		str_copy(t.unit, sizeof t.unit, f[TC_UNIT].p, f[TC_UNIT].n);
	struct put_job pj = {j->s, j->who, &set, &t};
	enum app_status rc = set_job(&pj, e);
	if (rc == APP_OK)
		rc = target_job(&pj, e);
	j->n += rc == APP_OK;
	return rc;
}

static enum app_status install_job(void *ctx, struct app_err *e)
{
	struct install_job *j = ctx;
	const struct embedded_file *file = embed_find(TARGETS_FILE);
	struct tsv_reader r;
	struct strv f[TC_COUNT];
	enum app_status rc;
	if (!file)
		return app_err_set(e, APP_EINTERNAL, "内置数据文件 %s 缺失", TARGETS_FILE);
	tsv_init(&r, TARGETS_FILE, file->data, file->len);
	if ((rc = tsv_expect_header(&r, cols, TC_COUNT, e)) != APP_OK)
		return rc;
	struct app_err row_err = {0};
	while (tsv_row(&r, f, TC_COUNT, &row_err))
		if ((rc = install_row(j, f, &r, e)) != APP_OK)
			return rc;
	if (row_err.status != APP_OK) {
		if (e)
			*e = row_err;
		return row_err.status;
	}
	return APP_OK;
}

enum app_status targets_install(struct store *s, const struct wf_actor *who, int *n,
                                struct app_err *e)
{
	enum app_status rc = wfi_need(who, R(CITY), "设定培育目标", e);
	if (rc != APP_OK)
		return rc;
	struct install_job j = {s, who, 0};
	rc = wf_tx(s, install_job, &j, e);
	if (n)
		*n = j.n;
	return rc;
}

/* ---- counting ---- */

/* One firm counted toward a tier on a date. */
struct holder {
	char uscc[19];
	char unit[8], district[7];
	char until[11]; /* latest end of its holdings counted ("" = open-ended) */
};

/* The firms holding tier t (ladder: t or higher) on date, deduplicated and
 * sorted by USCC. */
struct hset {
	enum tier t;
	bool ladder;
	char date[11];
	struct holder *h;
	size_t n, cap;
};

static int cmp_holder(const void *a, const void *b)
{
	return memcmp(((const struct holder *)a)->uscc, ((const struct holder *)b)->uscc, 19);
}

/* Later of two ends, "" (open-ended) being the latest. */
static void later_end(char *keep, const char *other)
{
	if (keep[0] && (!other[0] || strcmp(other, keep) > 0))
		memcpy(keep, other, 11);
}

/* Every event of one tier in fold order (store_tier_spans), read once and
 * then counted on as many dates as needed. */
struct spans {
	struct span {
		char uscc[19];
		char unit[8], district[7];
		enum tier_status status;
		char since[11], until[11];
	} * v;
	size_t n, cap;
};

static int add_span(void *ctx, const struct store_holding *h)
{
	struct spans *sp = ctx;
	xgrow((void **)&sp->v, &sp->cap, sp->n + 1, sizeof *sp->v);
	struct span *x = &sp->v[sp->n++];
	memcpy(x->uscc, h->uscc, 19);
	memcpy(x->unit, h->unit, sizeof x->unit);
	memcpy(x->district, h->district, sizeof x->district);
	x->status = h->status;
	memcpy(x->since, h->since, sizeof x->since);
	memcpy(x->until, h->until, sizeof x->until);
	return 0;
}

/* Per-tier events, read on first use; free with spans_free. */
typedef struct spans *spans_cache[TIER_COUNT];

static void spans_free(spans_cache c)
{
	for (int t = 0; t < TIER_COUNT; t++)
		if (c[t]) {
			free(c[t]->v);
			free(c[t]);
			c[t] = NULL;
		}
}

/* Adds to set the firms holding the tier of sp on date: the latest event
 * with since <= date (by since, then id) is recognized or renewed and has
 * not run out; what store_tier_holders answers. */
static void spans_holders(const struct spans *sp, const char *date, struct hset *set)
{
	for (size_t i = 0, j; i < sp->n; i = j) {
		const struct span *last = NULL;
		for (j = i; j < sp->n && memcmp(sp->v[j].uscc, sp->v[i].uscc, 19) == 0; j++)
			if (strcmp(sp->v[j].since, date) <= 0)
				last = &sp->v[j];
		if (!last || (last->status != TS_RECOGNIZED && last->status != TS_RENEWED) ||
		    (last->until[0] && strcmp(last->until, date) < 0))
			continue;
		xgrow((void **)&set->h, &set->cap, set->n + 1, sizeof *set->h);
		struct holder *x = &set->h[set->n++];
		memcpy(x->uscc, last->uscc, 19);
		memcpy(x->unit, last->unit, sizeof x->unit);
		memcpy(x->district, last->district, sizeof x->district);
		memcpy(x->until, last->until, sizeof x->until);
	}
}

static enum app_status hset_load(struct store *s, spans_cache spans, enum tier t, bool ladder,
                                 const char *date, struct hset *set, struct app_err *e)
{
	enum app_status rc = APP_OK;
	memset(set, 0, sizeof *set);
	set->t = t;
	set->ladder = ladder;
	memcpy(set->date, date, 11);
	for (int k = t; k < TIER_COUNT && rc == APP_OK; k++) {
		if (!ladder && k != (int)t)
			break;
		if (!spans[k]) {
			spans[k] = xcalloc(1, sizeof *spans[k]);
			rc = store_tier_spans(s, (enum tier)k, add_span, spans[k], e);
		}
		if (rc == APP_OK)
			spans_holders(spans[k], date, set);
	}
	if (set->n > 1)
		qsort(set->h, set->n, sizeof *set->h, cmp_holder);
	size_t w = 0;
	for (size_t i = 0; i < set->n; i++) {
		if (w && memcmp(set->h[i].uscc, set->h[w - 1].uscc, 19) == 0) {
			later_end(set->h[w - 1].until, set->h[i].until);
			continue;
		}
		set->h[w++] = set->h[i];
	}
	set->n = w;
	return rc;
}

static bool in_scope(const struct holder *h, const char *scope)
{
	return !scope || strcmp(h->unit, scope) == 0 || strcmp(h->district, scope) == 0;
}

static long hset_count(const struct hset *set, const char *scope)
{
	long n = 0;
	for (size_t i = 0; i < set->n; i++)
		n += in_scope(&set->h[i], scope);
	return n;
}

enum app_status targets_count(struct store *s, enum tier t, bool ladder, const char *date,
                              const char *scope, long *count, struct app_err *e)
{
	struct hset set;
	spans_cache spans = {0};
	enum app_status rc = hset_load(s, spans, t, ladder, date, &set, e);
	*count = hset_count(&set, scope && *scope ? scope : NULL);
	free(set.h);
	spans_free(spans);
	return rc;
}

/* ---- progress ---- */

struct targets_list {
	struct flow_target *t;
	size_t n, cap;
};

static int collect_target(void *ctx, const struct flow_target *t)
{
	struct targets_list *l = ctx;
	xgrow((void **)&l->t, &l->cap, l->n + 1, sizeof *l->t);
	l->t[l->n++] = *t;
	return 0;
}

struct sets {
	struct flow_target_set s[32];
	size_t n;
};

static int collect_set(void *ctx, const struct flow_target_set *t)
{
	struct sets *l = ctx;
	if (l->n < sizeof l->s / sizeof l->s[0])
		l->s[l->n++] = *t;
	return 0;
}

static bool set_ladder(const struct sets *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->s[i].name, name) == 0)
			return l->s[i].ladder;
	return true;
}

/* Firms that do not hold tier t (or higher), have no open application for
 * it, and pass its criteria on their latest figures: where they are. */
struct reach {
	struct {
		char unit[8], district[7];
	} * f;
	size_t n, cap;
};

/* Every firm with annual figures, with the criteria inputs of its latest
 * year with figures, in one pool per such year (read once per call, then
 * evaluated in batch for each tier). */
struct reach_where {
	char unit[8], district[7];
};
struct reach_pools {
	bool loaded;
	struct eval_pool *p;
	struct reach_where **where; /* where[i][j]: firm j of pool i */
	size_t n, cap;
};

/* What progress needs, read once per call: holder sets by (tier, ladder,
 * date) and the applications. */
struct cache {
	struct store *s;
	struct hset sets[16];
	size_t nsets;
	spans_cache spans; /* each tier's events, read once */
	struct flow_app *apps;
	size_t napps, cap_apps;
	char (*renewing)[19]; /* firms with an open re-review application, sorted */
	size_t nrenewing, cap_renewing;
	struct reach *reach[TIER_COUNT]; /* firms within reach, per tier (engine only) */
	struct reach_pools pools;
};

static int cache_app(void *ctx, const struct flow_app *a)
{
	struct cache *c = ctx;
	xgrow((void **)&c->apps, &c->cap_apps, c->napps + 1, sizeof *c->apps);
	c->apps[c->napps++] = *a;
	if (a->renewal && !flow_state_terminal(a->state)) {
		xgrow((void **)&c->renewing, &c->cap_renewing, c->nrenewing + 1,
		      sizeof *c->renewing);
		memcpy(c->renewing[c->nrenewing++], a->uscc, 19);
	}
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return memcmp(a, b, 19);
}

static enum app_status cache_set(struct cache *c, enum tier t, bool ladder, const char *date,
                                 const struct hset **out, struct app_err *e)
{
	for (size_t i = 0; i < c->nsets; i++)
		if (c->sets[i].t == t && c->sets[i].ladder == ladder &&
		    strcmp(c->sets[i].date, date) == 0) {
			*out = &c->sets[i];
			return APP_OK;
		}
	if (c->nsets == sizeof c->sets / sizeof c->sets[0]) { /* full: drop the oldest */
		free(c->sets[0].h);
		memmove(c->sets, c->sets + 1, (c->nsets - 1) * sizeof c->sets[0]);
		c->nsets--;
	}
	struct hset *set = &c->sets[c->nsets];
	enum app_status rc = hset_load(c->s, c->spans, t, ladder, date, set, e);
	c->nsets++;
	*out = set;
	return rc;
}

static void cache_free(struct cache *c)
{
	for (int t = 0; t < TIER_COUNT; t++)
		if (c->reach[t]) {
			free(c->reach[t]->f);
			free(c->reach[t]);
		}
	for (size_t i = 0; i < c->pools.n; i++) {
		eval_pool_free(&c->pools.p[i]);
		free(c->pools.where[i]);
	}
	free(c->pools.p);
	free(c->pools.where);
	for (size_t i = 0; i < c->nsets; i++)
		free(c->sets[i].h);
	spans_free(c->spans);
	free(c->apps);
	free(c->renewing);
}

/* Streams every annual row (by USCC, then year) and adds each firm, once
 * its rows are all read, to the pool of its latest year with figures. */
struct pool_scan {
	struct reach_pools *out;
	const struct criteria *cs[TIER_COUNT];
	size_t ncs;
	struct enterprise *ents; /* every firm, by USCC */
	size_t nents, cap_ents;
	struct annual rows[8];
	size_t n;
};

static int keep_ent(void *ctx, const struct enterprise *ent)
{
	struct pool_scan *r = ctx;
	xgrow((void **)&r->ents, &r->cap_ents, r->nents + 1, sizeof *r->ents);
	r->ents[r->nents++] = *ent;
	return 0;
}

static int cmp_ent(const void *key, const void *ent)
{
	return strcmp(key, ((const struct enterprise *)ent)->uscc);
}

static size_t pool_of_year(struct pool_scan *r, int year)
{
	struct reach_pools *o = r->out;
	for (size_t i = 0; i < o->n; i++)
		if (o->p[i].year == year)
			return i;
	size_t cap = o->cap;
	xgrow((void **)&o->p, &o->cap, o->n + 1, sizeof *o->p);
	xgrow((void **)&o->where, &cap, o->n + 1, sizeof *o->where);
	eval_pool_init(&o->p[o->n], year, r->cs, r->ncs);
	o->where[o->n] = NULL;
	return o->n++;
}

static void pool_firm(struct pool_scan *r)
{
	const struct enterprise *ent =
	    r->nents ? bsearch(r->rows[0].uscc, r->ents, r->nents, sizeof *r->ents, cmp_ent) : NULL;
	if (!ent)
		return;
	int year = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].has && r->rows[i].year > year)
			year = r->rows[i].year;
	if (!year)
		return;
	struct size_result sr = {0};
	const struct annual *last = &r->rows[r->n - 1];
	struct size_input in = {annual_has(last, AK_EMPLOYEES),    last->v[AK_EMPLOYEES],
	                        annual_has(last, AK_REVENUE),      last->v[AK_REVENUE],
	                        annual_has(last, AK_TOTAL_ASSETS), last->v[AK_TOTAL_ASSETS]};
	if (sizeclass_classify(ent->industry, &in, NULL, &sr, NULL) != APP_OK)
		sr.cls = SIZE_UNKNOWN;
	/* what assess_firm reads for a new application */
	struct criteria_firm cf = {ent, r->rows, r->n, sr.cls, 0};
	size_t k = pool_of_year(r, year);
	struct eval_pool *p = &r->out->p[k];
	eval_pool_add(p, ent, &cf);
	/* the pool's capacity only grows: keep `where` as long */
	r->out->where[k] = xrealloc(r->out->where[k], p->cap * sizeof *r->out->where[k]);
	struct reach_where *w = &r->out->where[k][p->n - 1];
	memcpy(w->unit, ent->zone[0] ? ent->zone : ent->district, 8);
	memcpy(w->district, ent->district, 7);
}

static int pool_row(void *ctx, const struct annual *a)
{
	struct pool_scan *r = ctx;
	const size_t keep = sizeof r->rows / sizeof r->rows[0];
	if (r->n && strcmp(r->rows[0].uscc, a->uscc) != 0) {
		pool_firm(r);
		r->n = 0;
	}
	if (r->n == keep) { /* more years than kept: keep the latest */
		memmove(r->rows, r->rows + 1, (keep - 1) * sizeof r->rows[0]);
		r->n--;
	}
	r->rows[r->n++] = *a;
	return 0;
}

/* The pools, read on first use: the columns of every tier's criteria of
 * today (a criteria that does not load is left out; reach_load reports it). */
static enum app_status pools_load(struct cache *c, const char *today, struct app_err *e)
{
	if (c->pools.loaded)
		return APP_OK;
	c->pools.loaded = true;
	struct pool_scan *r = xcalloc(1, sizeof *r);
	r->out = &c->pools;
	for (int t = 0; t < TIER_COUNT; t++) {
		const char *name = flow_criteria_for((enum tier)t, today);
		const struct criteria *cr = name[0] ? eval_builtin(name, NULL) : NULL;
		bool dup = false;
		for (size_t i = 0; cr && i < r->ncs; i++)
			dup |= r->cs[i] == cr;
		if (cr && !dup)
			r->cs[r->ncs++] = cr;
	}
	enum app_status rc = store_enterprise_list(c->s, NULL, keep_ent, r, NULL, e);
	if (rc == APP_OK)
		rc = store_annual_list(c->s, NULL, 0, pool_row, r, e);
	if (rc == APP_OK && r->n)
		pool_firm(r);
	free(r->ents);
	free(r);
	return rc;
}

static bool applying(const struct cache *c, const char *uscc, enum tier t)
{
	for (size_t i = 0; i < c->napps; i++)
		if (c->apps[i].tier == t && !flow_state_terminal(c->apps[i].state) &&
		    strcmp(c->apps[i].uscc, uscc) == 0)
			return true;
	return false;
}

/* Firms within reach of tier t today: the pools evaluated in batch (the
 * verdicts criteria_eval gives one firm at a time), less the firms holding
 * the tier or applying for it. */
static enum app_status reach_load(struct cache *c, enum tier t, const char *today,
                                  const struct reach **out, struct app_err *e)
{
	*out = c->reach[t];
	if (*out)
		return APP_OK;
	const struct hset *held;
	enum app_status rc = cache_set(c, t, true, today, &held, e);
	if (rc != APP_OK || (rc = pools_load(c, today, e)) != APP_OK)
		return rc;
	const struct criteria *cr = eval_builtin(flow_criteria_for(t, today), e);
	if (!cr)
		return e && e->status ? e->status : APP_ENOTFOUND;
	struct reach *o = xcalloc(1, sizeof *o);
	c->reach[t] = o;
	*out = o;
	for (size_t k = 0; k < c->pools.n && rc == APP_OK; k++) {
		const struct eval_pool *p = &c->pools.p[k];
		uint8_t *verdict = xmalloc(p->n ? p->n : 1);
		rc = criteria_eval_batch(cr, &p->cols, p->year, verdict, NULL, NULL);
		if (rc != APP_OK)
			app_err_set(e, rc, "按 %s 评价失败", flow_criteria_for(t, today));
		for (size_t i = 0; i < p->n && rc == APP_OK; i++) {
			if (verdict[i] != CRITERIA_PASS)
				continue;
			struct holder key;
			memcpy(key.uscc, p->firms[i].uscc, 19);
			if ((held->n &&
			     bsearch(&key, held->h, held->n, sizeof *held->h, cmp_holder)) ||
			    applying(c, key.uscc, t))
				continue;
			xgrow((void **)&o->f, &o->cap, o->n + 1, sizeof *o->f);
			memcpy(o->f[o->n].unit, c->pools.where[k][i].unit, 8);
			memcpy(o->f[o->n].district, c->pools.where[k][i].district, 7);
			o->n++;
		}
		free(verdict);
	}
	return rc;
}

static enum app_status progress_row(struct cache *c, const struct wf_env *env,
                                    const struct flow_target *t, bool ladder, struct targets_row *r,
                                    struct app_err *e)
{
	const struct hset *at, *now;
	memset(r, 0, sizeof *r);
	r->t = *t;
	r->ladder = ladder;
	date_format(t->year, 12, 31, r->deadline);
	r->past = strcmp(env->today, r->deadline) > 0;
	memcpy(r->measured_on, r->past ? r->deadline : env->today, 11);
	const char *scope = t->unit[0] ? t->unit : NULL;
	enum app_status rc = cache_set(c, t->tier, ladder, r->measured_on, &at, e);
	if (rc != APP_OK)
		return rc;
	r->held = hset_count(at, scope);
	if ((rc = cache_set(c, t->tier, ladder, env->today, &now, e)) != APP_OK)
		return rc;
	r->held_now = hset_count(now, scope);
	r->gap = t->target - r->held;
	long recognized = 0, rejected = 0;
	for (size_t i = 0; i < c->napps; i++) {
		const struct flow_app *a = &c->apps[i];
		if (a->tier != t->tier)
			continue;
		recognized += a->state == FS_RECOGNIZED;
		rejected += a->state == FS_REJECTED;
		if (a->renewal || (scope && strcmp(a->unit, scope) && strcmp(a->district, scope)))
			continue;
		if (a->state == FS_DRAFT || a->state == FS_RETURNED)
			r->drafts++;
		else if (!flow_state_terminal(a->state))
			r->in_flight++;
	}
	r->pass_rate =
	    recognized + rejected ? (double)recognized / (double)(recognized + rejected) : -1;
	for (size_t i = 0; !r->past && i < now->n; i++) {
		const struct holder *h = &now->h[i];
		if (!in_scope(h, scope) || !h->until[0] || strcmp(h->until, r->deadline) >= 0)
			continue;
		if (!c->nrenewing ||
		    !bsearch(h->uscc, c->renewing, c->nrenewing, sizeof *c->renewing, cmp_code))
			r->expiring++;
	}
	double rate = r->pass_rate < 0 ? 1.0 : r->pass_rate;
	r->projected = r->held_now - r->expiring + lround((double)r->in_flight * rate);
	r->within_reach = -1;
	const struct reach *reach;
	if (!r->past && assess_available() && flow_criteria_for(t->tier, env->today)[0]) {
		enum app_status rc2 = reach_load(c, t->tier, env->today, &reach, e);
		if (rc2 != APP_OK)
			return rc2;
		r->within_reach = 0;
		for (size_t i = 0; i < reach->n; i++)
			r->within_reach += !scope || strcmp(reach->f[i].unit, scope) == 0 ||
			                   strcmp(reach->f[i].district, scope) == 0;
		r->projected += lround((double)r->within_reach * rate);
	}
	return APP_OK;
}

enum app_status targets_progress(struct store *s, const struct wf_env *env,
                                 const struct wf_actor *who, const char *set, targets_row_cb cb,
                                 void *ctx, struct app_err *e)
{
	struct targets_list l = {0};
	struct sets sets = {0};
	struct cache c = {0};
	c.s = s;
	enum app_status rc = wfi_need(who, R(CITY) | R(VIEWER) | R(DISTRICT), "查看培育目标", e);
	if (rc != APP_OK)
		return rc;
	if ((rc = store_target_sets(s, collect_set, &sets, e)) != APP_OK ||
	    (rc = store_target_list(s, set && *set ? set : NULL, collect_target, &l, e)) !=
	        APP_OK ||
	    (rc = store_app_list(s, NULL, cache_app, &c, NULL, e)) != APP_OK)
		goto out;
	if (c.nrenewing > 1)
		qsort(c.renewing, c.nrenewing, sizeof *c.renewing, cmp_code);
	for (size_t i = 0; i < l.n && rc == APP_OK; i++) {
		const struct flow_target *t = &l.t[i];
		if (who->role == ROLE_DISTRICT && t->unit[0] &&
		    (!who->district || strcmp(t->unit, who->district) != 0))
			continue;
		struct targets_row r;
		rc = progress_row(&c, env, t, set_ladder(&sets, t->set), &r, e);
		if (rc == APP_OK && cb(ctx, &r))
			break;
	}
out:
	free(l.t);
	cache_free(&c);
	return rc;
}

enum app_status targets_trajectory(struct store *s, const struct wf_env *env,
                                   const struct wf_actor *who, enum tier t, bool ladder,
                                   const char *scope, int first, int last, long *counts,
                                   struct app_err *e)
{
	enum app_status rc = wfi_need(who, R(CITY) | R(VIEWER) | R(DISTRICT), "查看培育目标", e);
	if (rc != APP_OK)
		return rc;
	if (last < first || last - first >= TRAJ_MAX_YEARS)
		return app_err_set(e, APP_EINVAL, "年份范围应为 1-%d 年", TRAJ_MAX_YEARS);
	if (who->role == ROLE_DISTRICT)
		scope = who->district;
	spans_cache spans = {0}; /* the events read once for every year */
	for (int y = first; y <= last && rc == APP_OK; y++) {
		char date[11];
		date_format(y, 12, 31, date);
		if (strcmp(date, env->today) > 0)
			memcpy(date, env->today, 11);
		struct hset set;
		rc = hset_load(s, spans, t, ladder, date, &set, e);
		counts[y - first] = hset_count(&set, scope && *scope ? scope : NULL);
		free(set.h);
	}
	spans_free(spans);
	return rc;
}

struct visible_targets {
	const struct wf_actor *who;
	store_target_cb cb;
	void *ctx;
};

static int visible_target(void *ctx, const struct flow_target *t)
{
	struct visible_targets *v = ctx;
	if (v->who->role == ROLE_DISTRICT && t->unit[0] &&
	    (!v->who->district || strcmp(t->unit, v->who->district) != 0))
		return 0;
	return v->cb(v->ctx, t);
}

enum app_status targets_list(struct store *s, const struct wf_actor *who,
                             store_target_set_cb set_cb, store_target_cb target_cb, void *ctx,
                             struct app_err *e)
{
	enum app_status rc = wfi_need(who, R(CITY) | R(VIEWER) | R(DISTRICT), "查看培育目标", e);
	if (rc != APP_OK || (rc = store_target_sets(s, set_cb, ctx, e)) != APP_OK)
		return rc;
	struct visible_targets v = {who, target_cb, ctx};
	return store_target_list(s, NULL, visible_target, &v, e);
}
