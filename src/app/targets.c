/* targets.c - targets, progress, trajectory and projection (see
 * targets.h). */
#include "targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/workflow_int.h"
#include "base/embed.h"
#include "base/mem.h"
#include "base/tsv.h"

#define TARGETS_FILE "data/targets.tsv"
#define R(x)         FLOW_ROLE_BIT(FR_##x)

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

struct uscc_set {
	char (*u)[19];
	size_t n, cap;
};

static int collect_uscc(void *ctx, const struct store_holding *h)
{
	struct uscc_set *u = ctx;
	xgrow((void **)&u->u, &u->cap, u->n + 1, sizeof *u->u);
	memcpy(u->u[u->n++], h->uscc, 19);
	return 0;
}

static int cmp_uscc(const void *a, const void *b)
{
	return memcmp(a, b, 19);
}

/* The distinct firms holding t (or higher, ladder) on date, sorted. */
static enum app_status holders_set(struct store *s, enum tier t, bool ladder, const char *date,
                                   const char *scope, struct uscc_set *u, struct app_err *e)
{
	enum app_status rc = APP_OK;
	for (int k = t; k < TIER_COUNT && rc == APP_OK; k++) {
		if (!ladder && k != (int)t)
			break;
		rc = store_tier_holders(s, (enum tier)k, date, scope, NULL, collect_uscc, u, e);
	}
	if (u->n > 1) {
		qsort(u->u, u->n, sizeof *u->u, cmp_uscc);
		size_t w = 1;
		for (size_t i = 1; i < u->n; i++)
			if (memcmp(u->u[i], u->u[w - 1], 19) != 0)
				memcpy(u->u[w++], u->u[i], 19);
		u->n = w;
	}
	return rc;
}

enum app_status targets_count(struct store *s, enum tier t, bool ladder, const char *date,
                              const char *scope, long *count, struct app_err *e)
{
	struct uscc_set u = {0};
	enum app_status rc = holders_set(s, t, ladder, date, scope && *scope ? scope : NULL, &u, e);
	*count = (long)u.n;
	free(u.u);
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

/* Applications of tier t: new ones in flight and drafts in scope, and the
 * city-wide recognized/rejected tallies (the pass rate). */
struct pipe {
	const char *scope;
	long in_flight, drafts, recognized, rejected;
};

static int pipe_row(void *ctx, const struct flow_app *a)
{
	struct pipe *p = ctx;
	p->recognized += a->state == FS_RECOGNIZED;
	p->rejected += a->state == FS_REJECTED;
	bool in_scope =
	    !p->scope || strcmp(a->unit, p->scope) == 0 || strcmp(a->district, p->scope) == 0;
	if (!in_scope || a->renewal)
		return 0;
	if (a->state == FS_DRAFT || a->state == FS_RETURNED)
		p->drafts++;
	else if (!flow_state_terminal(a->state))
		p->in_flight++;
	return 0;
}

/* Firms counted today whose holdings (t or higher) all end before the
 * deadline, without an open re-review application. */
struct expiry {
	struct store *s;
	const char *deadline;
	struct uscc_set last; /* firms with a holding lasting to the deadline */
	struct uscc_set ending;
};

static int expiry_row(void *ctx, const struct store_holding *h)
{
	struct expiry *x = ctx;
	bool lasts = !h->until[0] || strcmp(h->until, x->deadline) >= 0;
	return collect_uscc(lasts ? &x->last : &x->ending, h);
}

static int count_open(void *ctx, const struct flow_app *a)
{
	*(long *)ctx += a->renewal;
	return 0;
}

static enum app_status expiring(struct store *s, const struct targets_row *row, const char *today,
                                const char *scope, long *out, struct app_err *e)
{
	struct expiry x = {s, row->deadline, {0}, {0}};
	enum app_status rc = APP_OK;
	*out = 0;
	for (int k = row->t.tier; k < TIER_COUNT && rc == APP_OK; k++) {
		if (!row->ladder && k != (int)row->t.tier)
			break;
		rc = store_tier_holders(s, (enum tier)k, today, scope, NULL, expiry_row, &x, e);
	}
	if (x.last.n)
		qsort(x.last.u, x.last.n, sizeof *x.last.u, cmp_uscc);
	if (x.ending.n)
		qsort(x.ending.u, x.ending.n, sizeof *x.ending.u, cmp_uscc);
	for (size_t i = 0; i < x.ending.n && rc == APP_OK; i++) {
		if (i && memcmp(x.ending.u[i], x.ending.u[i - 1], 19) == 0)
			continue;
		if (x.last.n &&
		    bsearch(x.ending.u[i], x.last.u, x.last.n, sizeof *x.last.u, cmp_uscc))
			continue;
		long open = 0;
		struct store_app_filter f = {.uscc = x.ending.u[i], .open = true};
		rc = store_app_list(s, &f, count_open, &open, NULL, e);
		*out += open == 0;
	}
	free(x.last.u);
	free(x.ending.u);
	return rc;
}

static enum app_status progress_row(struct store *s, const struct wf_env *env,
                                    const struct flow_target *t, bool ladder, struct targets_row *r,
                                    struct app_err *e)
{
	memset(r, 0, sizeof *r);
	r->t = *t;
	r->ladder = ladder;
	date_format(t->year, 12, 31, r->deadline);
	r->past = strcmp(env->today, r->deadline) > 0;
	memcpy(r->measured_on, r->past ? r->deadline : env->today, 11);
	const char *scope = t->unit[0] ? t->unit : NULL;
	enum app_status rc = targets_count(s, t->tier, ladder, r->measured_on, scope, &r->held, e);
	if (rc == APP_OK)
		rc = targets_count(s, t->tier, ladder, env->today, scope, &r->held_now, e);
	r->gap = t->target - r->held;
	struct pipe p = {scope, 0, 0, 0, 0};
	struct store_app_filter f = {.tier = t->tier};
	if (rc == APP_OK)
		rc = store_app_list(s, &f, pipe_row, &p, NULL, e);
	r->in_flight = p.in_flight;
	r->drafts = p.drafts;
	r->pass_rate = p.recognized + p.rejected
	                   ? (double)p.recognized / (double)(p.recognized + p.rejected)
	                   : -1;
	if (rc == APP_OK && !r->past)
		rc = expiring(s, r, env->today, scope, &r->expiring, e);
	double rate = r->pass_rate < 0 ? 1.0 : r->pass_rate;
	r->projected = r->held_now - r->expiring + lround((double)r->in_flight * rate);
	r->within_reach = -1;
	return rc;
}

enum app_status targets_progress(struct store *s, const struct wf_env *env,
                                 const struct wf_actor *who, const char *set, targets_row_cb cb,
                                 void *ctx, struct app_err *e)
{
	struct targets_list l = {0};
	struct sets sets = {0};
	enum app_status rc = wfi_need(who, R(CITY) | R(VIEWER) | R(DISTRICT), "查看培育目标", e);
	if (rc != APP_OK)
		return rc;
	if ((rc = store_target_sets(s, collect_set, &sets, e)) != APP_OK ||
	    (rc = store_target_list(s, set && *set ? set : NULL, collect_target, &l, e)) != APP_OK)
		goto out;
	for (size_t i = 0; i < l.n && rc == APP_OK; i++) {
		const struct flow_target *t = &l.t[i];
		if (who->role == FR_DISTRICT && t->unit[0] &&
		    (!who->district || strcmp(t->unit, who->district) != 0))
			continue;
		struct targets_row r;
		rc = progress_row(s, env, t, set_ladder(&sets, t->set), &r, e);
		if (rc == APP_OK && cb(ctx, &r))
			break;
	}
out:
	free(l.t);
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
	if (who->role == FR_DISTRICT)
		scope = who->district;
	for (int y = first; y <= last && rc == APP_OK; y++) {
		char date[11];
		date_format(y, 12, 31, date);
		if (strcmp(date, env->today) > 0)
			memcpy(date, env->today, 11);
		rc = targets_count(s, t, ladder, date, scope, &counts[y - first], e);
	}
	return rc;
}
