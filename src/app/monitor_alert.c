/* monitor_alert.c - early warnings from the reports and the roster (see
 * monitor_alert.h). */
#include "monitor_alert.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"

enum {
	WINDOW = 12 + MONITOR_ALERT_LOOKBACK + 3, /* months of reports read: p−26 .. p */
	ROSTER_BACK = MONITOR_ALERT_LOOKBACK + 2, /* months the roster is needed for */
	/* counts only (no start periods): p−12 for 同比 and the streaks' single
	 * months (3 periods, a combined January skipped, each with its previous
	 * month) are all the rules read: p−14 .. p */
	COUNT_WINDOW = 15,
};

/* A report reduced to what the rules read. */
struct crep {
	char uscc[19];
	char unit[8];
	int period;
	uint32_t has;
	int64_t v[MK_COUNT];
};

struct firm {
	struct monthly_roster_entry e;
	uint32_t mask; /* bit i: on the roster at dates[i] */
	bool on_roster;
};

struct load {
	const struct monitor_settings *cfg;
	int p, first;
	int64_t today;
	const char *only; /* one firm, or NULL */
	int dperiod[32];  /* the period of each roster date */
	size_t ndates;
	struct firm *f;
	size_t nf, capf;
	struct crep *r;
	size_t nr, capr;
};

static int take_roster(void *ctx, const struct monthly_roster_entry *e, uint32_t mask)
{
	struct load *l = ctx;
	if (l->only && strcmp(e->uscc, l->only) != 0)
		return 0;
	xgrow((void **)&l->f, &l->capf, l->nf + 1, sizeof *l->f);
	struct firm *f = &l->f[l->nf++];
	f->e = *e;
	f->mask = mask;
	f->on_roster = true;
	return 0;
}

static int take_report(void *ctx, const struct monthly_record *r)
{
	struct load *l = ctx;
	int64_t day = monthly_local_day(r->filed_at);
	if (day == INT64_MIN || day > l->today)
		return 0; /* not filed yet as of today */
	xgrow((void **)&l->r, &l->capr, l->nr + 1, sizeof *l->r);
	struct crep *c = &l->r[l->nr++];
	memcpy(c->uscc, r->r.m.uscc, sizeof c->uscc);
	memcpy(c->unit, r->r.g.unit, sizeof c->unit);
	c->period = r->r.m.period;
	c->has = r->r.m.has;
	memcpy(c->v, r->r.m.v, sizeof c->v);
	return 0;
}

static int cmp_crep(const void *a, const void *b)
{
	const struct crep *x = a, *y = b;
	int c = strcmp(x->uscc, y->uscc);
	return c ? c : x->period - y->period;
}

static int cmp_firm(const void *a, const void *b)
{
	return strcmp(((const struct firm *)a)->e.uscc, ((const struct firm *)b)->e.uscc);
}

static enum app_status load(struct store *s, struct load *l, struct app_err *err)
{
	char dates[32][11];
	const char *dp[32];
	l->ndates = 0;
	for (int q = l->p; q >= l->p - ROSTER_BACK && l->ndates < 32; q--) {
		if (!monthly_period_expected(&l->cfg->rules.cal, q))
			continue;
		int y, m, d;
		date_from_days(monthly_period_last_day(q), &y, &m, &d);
		date_format(y, m, d, dates[l->ndates]);
		dp[l->ndates] = dates[l->ndates];
		l->dperiod[l->ndates++] = q;
	}
	enum app_status st = store_monthly_roster_span(s, dp, l->ndates, l->cfg->required_tiers,
	                                               take_roster, l, err);
	if (st != APP_OK)
		return st;
	if (l->only)
		st = store_monthly_history(s, l->only, l->first, l->p, take_report, l, err);
	else {
		struct store_monthly_filter f = {l->first, l->p, NULL};
		st = store_monthly_list_by_firm(s, &f, take_report, l, err);
	}
	if (st != APP_OK)
		return st;
	bool sorted = true; /* read firm by firm: already in order */
	for (size_t i = 1; i < l->nr && sorted; i++)
		sorted = cmp_crep(&l->r[i - 1], &l->r[i]) <= 0;
	if (!sorted)
		qsort(l->r, l->nr, sizeof *l->r, cmp_crep);
	/* firms that filed without being on the roster */
	size_t known = l->nf;
	for (size_t i = 0; i < l->nr; i++) {
		if (i && strcmp(l->r[i].uscc, l->r[i - 1].uscc) == 0)
			continue;
		struct firm key;
		memset(&key, 0, sizeof key);
		memcpy(key.e.uscc, l->r[i].uscc, sizeof key.e.uscc);
		if (known && bsearch(&key, l->f, known, sizeof *l->f, cmp_firm))
			continue;
		xgrow((void **)&l->f, &l->capf, l->nf + 1, sizeof *l->f);
		struct firm *f = &l->f[l->nf++];
		memset(f, 0, sizeof *f);
		memcpy(f->e.uscc, l->r[i].uscc, sizeof f->e.uscc);
		memcpy(f->e.unit, l->r[i].unit, sizeof f->e.unit);
		struct enterprise ent;
		if (store_enterprise_get(s, f->e.uscc, &ent, NULL) == APP_OK) {
			snprintf(f->e.name, sizeof f->e.name, "%s", ent.name);
			snprintf(f->e.district, sizeof f->e.district, "%s", ent.district);
			snprintf(f->e.zone, sizeof f->e.zone, "%s", ent.zone);
		}
	}
	if (l->nf)
		qsort(l->f, l->nf, sizeof *l->f, cmp_firm);
	return APP_OK;
}

/* ---- evaluation ---- */

struct series_buf {
	struct monthly m[WINDOW];
	const struct monthly *at[WINDOW];
	bool expected[WINDOW];
};

/* Fills b with firm f's series from its reports r[0..n−1] (sorted by period). */
static void series_of(const struct load *l, const struct firm *f, const struct crep *r, size_t n,
                      struct series_buf *b, struct monthly_series *s)
{
	memset(b->at, 0, sizeof b->at);
	memset(b->expected, 0, sizeof b->expected);
	for (size_t i = 0; i < n; i++) {
		int k = r[i].period - l->first;
		if (k < 0 || k >= WINDOW)
			continue;
		struct monthly *m = &b->m[k];
		memcpy(m->uscc, r[i].uscc, sizeof m->uscc);
		m->period = r[i].period;
		m->has = r[i].has;
		memcpy(m->v, r[i].v, sizeof m->v);
		m->note[0] = '\0';
		b->at[k] = m;
	}
	for (size_t i = 0; i < l->ndates; i++)
		if (f->mask >> i & 1)
			b->expected[l->dperiod[i] - l->first] = true;
	s->first = l->first;
	s->n = WINDOW;
	s->at = b->at;
	s->expected = b->expected;
}

struct lists {
	struct monitor_alerts *out;
	size_t cap, ucap;
};

static struct monitor_alert_unit *unit_of(struct lists *ls, const char *unit)
{
	struct monitor_alerts *o = ls->out;
	for (size_t i = 0; i < o->nunits; i++)
		if (strcmp(o->units[i].unit, unit) == 0)
			return &o->units[i];
	xgrow((void **)&o->units, &ls->ucap, o->nunits + 1, sizeof *o->units);
	struct monitor_alert_unit *u = &o->units[o->nunits++];
	memset(u, 0, sizeof *u);
	snprintf(u->unit, sizeof u->unit, "%s", unit);
	snprintf(u->name, sizeof u->name, "%s", district_unit_name(unit));
	return u;
}

static void eval_firm(const struct load *l, const struct firm *f, const struct monthly_series *s,
                      const struct monitor_alert_filter *flt, struct lists *ls)
{
	const struct monthly_calendar *cal = &l->cfg->rules.cal;
	bool any = false;
	for (size_t i = 0; i < monthly_alert_count(); i++) {
		const struct monthly_alert_rule *r = monthly_alert_at(i);
		if (flt->rule && strcmp(flt->rule, r->code) != 0)
			continue;
		char detail[256] = "";
		/* counts only: no detail (formatting it was a fifth of the time) */
		if (monthly_alert_eval(r, cal, s, l->p, flt->counts_only ? NULL : detail,
		                       flt->counts_only ? 0 : sizeof detail) != 1)
			continue;
		struct monitor_alerts *o = ls->out;
		xgrow((void **)&o->v, &ls->cap, o->n + 1, sizeof *o->v);
		struct monitor_alert *a = &o->v[o->n++];
		memset(a, 0, sizeof *a);
		memcpy(a->uscc, f->e.uscc, sizeof a->uscc);
		snprintf(a->name, sizeof a->name, "%s", f->e.name);
		memcpy(a->unit, f->e.unit, sizeof a->unit);
		a->rule = r;
		a->started = flt->counts_only
		                 ? l->p
		                 : monthly_alert_start(r, cal, s, l->p, MONITOR_ALERT_LOOKBACK);
		a->started_on = monthly_deadline(cal, a->started);
		snprintf(a->detail, sizeof a->detail, "%s", detail);
		struct monitor_alert_unit *u = unit_of(ls, a->unit);
		u->by_rule[i]++;
		o->by_rule[i]++;
		if (!any) {
			u->firms++;
			o->firms++;
			any = true;
		}
	}
}

static int cmp_alert(const void *a, const void *b)
{
	const struct monitor_alert *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	if (!c)
		c = strcmp(x->uscc, y->uscc);
	return c ? c : (int)(x->rule - y->rule);
}

static int cmp_unit(const void *a, const void *b)
{
	const struct monitor_alert_unit *x = a, *y = b;
	if (x->firms != y->firms)
		return x->firms > y->firms ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

static int mark_open(void *ctx, const struct monthly_rereview *r)
{
	struct monitor_alerts *o = ctx;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->v[i].uscc, r->uscc) == 0 &&
		    strcmp(o->v[i].rule->code, r->rule) == 0 && o->v[i].started == r->started)
			o->v[i].rereview_id = r->id;
	return 0;
}

enum app_status monitor_alerts(struct store *s, const struct monitor_settings *cfg,
                               const struct monitor_alert_filter *flt, struct monitor_alerts *out,
                               struct app_err *err)
{
	struct monitor_alert_filter none = {0};
	const struct monitor_alert_filter *f = flt ? flt : &none;
	memset(out, 0, sizeof *out);
	int64_t today = f->today ? f->today : monitor_today();
	int closed = monthly_last_closed(&cfg->rules.cal, today);
	int p = f->period ? f->period : closed;
	char per[8];
	monthly_period_format(p, per);
	if (!monthly_period_expected(&cfg->rules.cal, p))
		return app_err_set(err, APP_EINVAL, "%s 不是单独的报告期", per);
	if (p > closed)
		return app_err_set(err, APP_EINVAL, "报告期 %s 的报送尚未截止,不能判断预警", per);
	if (f->rule && !monthly_alert_find(f->rule))
		return app_err_set(err, APP_EINVAL, "未知的预警规则 \"%s\"", f->rule);
	out->period = p;
	out->today = today;
	struct load l = {.cfg = cfg,
	                 .p = p,
	                 .first = p - (f->counts_only ? COUNT_WINDOW : WINDOW) + 1,
	                 .today = today,
	                 .only = f->uscc};
	enum app_status st = load(s, &l, err);
	if (st != APP_OK)
		goto out;
	struct series_buf *b = xmalloc(sizeof *b);
	struct lists ls = {out, 0, 0};
	size_t j = 0;
	for (size_t i = 0; i < l.nf; i++) {
		const struct firm *fm = &l.f[i];
		while (j < l.nr && strcmp(l.r[j].uscc, fm->e.uscc) < 0)
			j++;
		size_t k = j;
		while (k < l.nr && strcmp(l.r[k].uscc, fm->e.uscc) == 0)
			k++;
		if (f->unit && strcmp(fm->e.unit, f->unit) != 0)
			continue;
		if (f->scope && *f->scope && strcmp(fm->e.district, f->scope) != 0 &&
		    !(fm->e.zone[0] && strcmp(fm->e.zone, f->scope) == 0))
			continue;
		struct monthly_series ser;
		series_of(&l, fm, &l.r[j], k - j, b, &ser);
		eval_firm(&l, fm, &ser, f, &ls);
	}
	free(b);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_alert);
	if (out->nunits)
		qsort(out->units, out->nunits, sizeof *out->units, cmp_unit);
	st = store_monthly_rereview_list(s, "open", f->uscc, mark_open, out, err);
out:
	free(l.f);
	free(l.r);
	if (st != APP_OK)
		monitor_alerts_free(out);
	return st;
}

void monitor_alerts_free(struct monitor_alerts *a)
{
	free(a->v);
	free(a->units);
	a->v = NULL;
	a->units = NULL;
	a->n = a->nunits = 0;
}

enum app_status monitor_rereview(struct store *s, const struct audit_actor *who,
                                 const struct monitor_settings *cfg, const char *uscc,
                                 const char *rule, const char *reason, int64_t today,
                                 struct monthly_rereview *out, struct app_err *err)
{
	if (!reason || !strv_trim(strv_from(reason)).n)
		return app_err_set(err, APP_EINVAL, "发起复核必须说明原因");
	struct monitor_alert_filter f = {.today = today, .uscc = uscc, .rule = rule};
	struct monitor_alerts a;
	enum app_status st = monitor_alerts(s, cfg, &f, &a, err);
	if (st != APP_OK)
		return st;
	if (!a.n) {
		monitor_alerts_free(&a);
		return app_err_set(err, APP_ENOTFOUND, "企业 %s 当前没有「%s」预警", uscc, rule);
	}
	struct monthly_rereview r;
	memset(&r, 0, sizeof r);
	snprintf(r.uscc, sizeof r.uscc, "%s", uscc);
	snprintf(r.rule, sizeof r.rule, "%s", rule);
	r.started = a.v[0].started;
	char detail[512];
	snprintf(detail, sizeof detail, "%s:%s", a.v[0].rule->label, a.v[0].detail);
	str_copy(r.detail, sizeof r.detail, detail, strlen(detail));
	str_copy(r.reason, sizeof r.reason, reason, strlen(reason));
	snprintf(r.requested_by, sizeof r.requested_by, "%s", who->user);
	monitor_alerts_free(&a);
	bool began = !store_in_transaction(s);
	if (began && (st = store_begin(s, err)) != APP_OK)
		return st;
	st = store_monthly_rereview_add(s, &r, err);
	if (st == APP_OK) {
		char per[8], id[32];
		monthly_period_format(r.started, per);
		snprintf(id, sizeof id, "%ld", r.id);
		json_t *after = json_pack("{s:s,s:s,s:s,s:s,s:s}", "uscc", r.uscc, "rule", r.rule,
		                          "started", per, "detail", r.detail, "reason", r.reason);
		char *text = json_dumps(after, JSON_COMPACT);
		st = audit_append(s, who, "monthly.rereview", "rereview", id, NULL, text, err);
		free(text);
		json_decref(after);
	}
	if (began) {
		if (st == APP_OK)
			st = store_commit(s, err);
		else
			store_rollback(s, NULL);
	}
	if (st == APP_OK && out)
		*out = r;
	return st;
}
