/* demo_monthly.c - the monthly step of the demo city (see demo.h,
 * demo_monthly).
 *
 * For each firm that had to file (by its tier history, as the completeness
 * check decides), single months are drawn from its annual figures with a
 * seasonal profile (Spring Festival low, December high) and its growth,
 * accumulated into year-to-date values, and filed on time, late or not at
 * all with district-dependent odds. Scenarios give the early warnings
 * something to find: falling revenue, three months of losses, R&D and
 * staff cuts, firms that stopped filing. Every report is checked by
 * core/monthly.c against the firm's earlier ones and its warnings are
 * confirmed with a reason, as a real filing would need. Doubles only draw
 * synthetic values; each amount becomes exact 分 before it is stored. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo.h"
#include "app/monitor.h"
#include "base/mem.h"
#include "base/rng.h"
#include "core/monthly_agg.h"
#include "store/store_monthly.h"

#define WAN 1000000.0 /* 分 per 万元 */

/* Share of a year's revenue in each month (sums to 12). */
static const double season[12] = {0.55, 0.65, 0.95, 0.95, 1.00, 1.10,
                                  0.95, 0.95, 1.05, 1.00, 1.10, 1.75};

/* Filing behaviour of reporting units that differ from the default
 * (synthetic, deliberately uneven so the 通报 has something to say). */
static const struct habit {
	const char *unit;
	double late, missing; /* probability per required report */
} habits[] = {
    {"500243", 0.20, 0.14}, /* 彭水 */
    {"500238", 0.15, 0.12}, /* 巫溪 */
    {"500230", 0.12, 0.09}, /* 丰都 */
    {"500155", 0.25, 0.04}, /* 梁平 */
    {"500113", 0.10, 0.07}, /* 巴南 */
    {"WSJK", 0.18, 0.06},   /* 万盛经开区 */
    {"500229", 0.10, 0.10}, /* 城口 */
    {"LJXQ", 0.03, 0.005},  {"GXQ", 0.02, 0.005},
};
static const struct habit default_habit = {"", 0.06, 0.02};

static const char *const warning_reasons[] = {
    "季节性波动,数据已核实无误", "本月新增大额订单,数据属实", "处置固定资产取得收益",
    "春节停工减产,已核实",       "统计口径调整,已与区县核对",
};

static const struct habit *habit_of(const char *unit)
{
	for (size_t i = 0; i < sizeof habits / sizeof habits[0]; i++)
		if (strcmp(habits[i].unit, unit) == 0)
			return &habits[i];
	return &default_habit;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* 万元 rounded to 100 元, as exact 分. */
static int64_t fen(double wan)
{
	return (int64_t)llround(wan * 100.0) * 10000;
}

static void stamp(int64_t day, int hour, int minute, char out[20])
{
	int y, m, d;
	char tmp[48];
	date_from_days(day, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d:00", y % 10000, m % 100, d % 100,
	         hour % 24, minute % 60);
	str_copy(out, 20, tmp, strlen(tmp));
}

/* ---- the firms that had to file ---- */

struct dfirm {
	struct monthly_roster_entry e;
	uint32_t mask;
};

struct roster {
	struct dfirm *v;
	size_t n, cap;
};

static int take(void *ctx, const struct monthly_roster_entry *e, uint32_t mask)
{
	struct roster *r = ctx;
	xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
	r->v[r->n].e = *e;
	r->v[r->n].mask = mask;
	r->n++;
	return 0;
}

/* ---- one firm ---- */

enum { MAXM = 64 }; /* months from January of the first year to the last period */

struct gen {
	struct store *s;
	const struct demo_options *o;
	struct demo_stats *st;
	struct rng r;
	struct monthly_rules rules;
	struct monthly_aggbuf agg;
	int first, last; /* periods written */
	int base;        /* January of the first year */
	int dperiod[32]; /* roster date i is the end of this period */
	size_t ndates;
	struct monthly cur[MAXM]; /* the firm's stored values (corrected), by month − base */
	bool filed[MAXM];
};

/* The firm's draws that shape its figures. */
struct plan {
	double rev[3]; /* annual revenue, 万元, for base year, +1, +2 */
	double margin; /* total profit / revenue */
	double rd;     /* annual R&D, 万元 */
	double export_share;
	double staff;
	bool industrial;
	bool declining, losing, rd_cut, staff_cut, quits;
};

static double annual_wan(const struct annual *a, enum annual_key k, double dflt)
{
	return annual_has(a, k) ? (double)a->v[k] / WAN : dflt;
}

static void make_plan(struct gen *g, const struct enterprise *ent, struct plan *p)
{
	struct annual a1, a2;
	int y = monthly_period_year(g->base);
	bool h1 = store_annual_get(g->s, ent->uscc, y, &a1, NULL) == APP_OK;
	bool h2 = store_annual_get(g->s, ent->uscc, y + 1, &a2, NULL) == APP_OK;
	double fallback = exp(log(5000) + 0.8 * rng_normal(&g->r));
	p->rev[1] = h2 ? annual_wan(&a2, AK_REVENUE, fallback) : fallback;
	p->rev[0] = h1 ? annual_wan(&a1, AK_REVENUE, p->rev[1] / 1.08) : p->rev[1] / 1.08;
	double growth =
	    clampd(p->rev[1] / fmax(p->rev[0], 1) - 1 + 0.05 * rng_normal(&g->r), -0.3, 0.6);
	p->rev[2] = p->rev[1] * (1 + growth);
	const struct annual *a = h2 ? &a2 : h1 ? &a1 : NULL;
	double np = a ? annual_wan(a, AK_NET_PROFIT, p->rev[1] * 0.06) : p->rev[1] * 0.06;
	p->margin = clampd(np / fmax(p->rev[1], 1) * 1.18, -0.4, 0.35);
	p->rd = a ? annual_wan(a, AK_RD_EXPENSE, p->rev[1] * 0.04) : p->rev[1] * 0.04;
	p->staff = a && annual_has(a, AK_EMPLOYEES) ? (double)a->v[AK_EMPLOYEES] : 50;
	p->industrial = ent->industry[0] >= 'B' && ent->industry[0] <= 'D';
	p->export_share = rng_unit(&g->r) < 0.3 ? 0.05 + 0.35 * rng_unit(&g->r) : 0;
	p->declining = rng_unit(&g->r) < 0.04;
	p->losing = rng_unit(&g->r) < 0.04;
	p->rd_cut = rng_unit(&g->r) < 0.03;
	p->staff_cut = rng_unit(&g->r) < 0.03;
	p->quits = rng_unit(&g->r) < 0.01;
}

/* Fills g->cur[] with the firm's year-to-date values for every month. */
static void make_values(struct gen *g, const char *uscc, const struct plan *p)
{
	int64_t ytd[MK_COUNT] = {0};
	int turn =
	    monthly_period(monthly_period_year(g->base) + 1, 7); /* scenarios start 2nd July */
	double staff = p->staff;
	for (int i = 0; i <= g->last - g->base && i < MAXM; i++) {
		int per = g->base + i, m = monthly_period_month(per);
		int yi = monthly_period_year(per) - monthly_period_year(g->base);
		if (m == 1)
			memset(ytd, 0, sizeof ytd);
		double rev =
		    p->rev[yi < 3 ? yi : 2] * season[m - 1] / 12.0 * (1 + 0.05 * rng_normal(&g->r));
		if (p->declining && per >= turn)
			rev *= 0.62;
		rev = fmax(rev, 0.5);
		double profit = rev * (p->margin + 0.03 * rng_normal(&g->r));
		if (p->losing && per > g->last - 4)
			profit = -rev * (0.05 + 0.1 * rng_unit(&g->r));
		double rd = fmax(p->rd / 12.0 * (1 + 0.1 * rng_normal(&g->r)), 0);
		if (p->rd_cut && per >= turn)
			rd *= 0.5;
		staff = fmax(3, staff * (1 + 0.01 * rng_normal(&g->r)));
		if (p->staff_cut && per == turn + 2)
			staff *= 0.8;
		struct monthly *c = &g->cur[i];
		memset(c, 0, sizeof *c);
		snprintf(c->uscc, sizeof c->uscc, "%s", uscc);
		c->period = per;
		ytd[MK_REVENUE_YTD] += fen(rev);
		ytd[MK_PROFIT_YTD] += fen(profit);
		ytd[MK_TAX_YTD] += fen(fmax(rev * 0.035 * (1 + 0.2 * rng_normal(&g->r)), 0));
		ytd[MK_RD_EXPENSE_YTD] += fen(rd);
		if (p->industrial)
			ytd[MK_OUTPUT_YTD] += fen(rev * (1.02 + 0.03 * rng_normal(&g->r)));
		if (p->export_share > 0)
			ytd[MK_EXPORT_YTD] += fen(rev * p->export_share);
		for (int k = 0; k < MK_EMPLOYEES; k++)
			if ((k != MK_OUTPUT_YTD || p->industrial) &&
			    (k != MK_EXPORT_YTD || p->export_share > 0))
				monthly_set(c, (enum monthly_key)k, ytd[k]);
		monthly_set(c, MK_EMPLOYEES, llround(staff));
		if (rng_unit(&g->r) < 0.02)
			snprintf(c->note, sizeof c->note, "%s",
			         rng_unit(&g->r) < 0.5 ? "订单饱满,产能利用率较高"
			                               : "原材料价格上涨,利润承压");
	}
}

/* The firm's history for checking the report of period p. */
static void history(const struct gen *g, int p, struct monthly_history *h)
{
	memset(h, 0, sizeof *h);
	for (int k = 1; k <= 3; k++) {
		int i = p - k - g->base;
		if (i >= 0 && g->filed[i])
			h->recent[k - 1] = &g->cur[i];
	}
	int i = p - 12 - g->base;
	if (i >= 0 && g->filed[i])
		h->last_year = &g->cur[i];
}

/* Checks m as filed on `day` and confirms each warning (with `at`, by). */
static enum app_status confirm(struct gen *g, const struct monthly *m, int version, int64_t day,
                               const char *at, const char *by, const char *reason,
                               struct app_err *e)
{
	struct monthly_history h;
	struct monthly_findings fs;
	history(g, m->period, &h);
	monthly_findings_init(&fs);
	monthly_check(&g->rules, m, NULL, &h, day + 1, &fs);
	for (size_t i = 0; i < fs.n; i++) {
		if (fs.f[i].severity != MONTHLY_WARNING)
			continue;
		struct monthly_confirmed c;
		memset(&c, 0, sizeof c);
		snprintf(c.uscc, sizeof c.uscc, "%s", m->uscc);
		c.period = m->period;
		c.version = version;
		snprintf(c.code, sizeof c.code, "%s", fs.f[i].code);
		snprintf(c.message, sizeof c.message, "%s", fs.f[i].msg);
		snprintf(c.reason, sizeof c.reason, "%s",
		         reason ? reason
		                : warning_reasons[rng_below(&g->r, sizeof warning_reasons /
		                                                       sizeof warning_reasons[0])]);
		snprintf(c.by, sizeof c.by, "%s", by);
		snprintf(c.at, sizeof c.at, "%s", at);
		enum app_status st = store_monthly_confirm(g->s, &c, e);
		if (st != APP_OK)
			return st;
		g->st->monthly_warnings++;
	}
	return APP_OK;
}

/* Files the report of period p (index i) at filed_at, perhaps with a slip
 * that the district corrects a few days later. */
static enum app_status file_one(struct gen *g, const struct enterprise *ent, int i, int64_t day,
                                const char *filed_at, const char *clerk)
{
	struct monthly_record rec;
	memset(&rec, 0, sizeof rec);
	rec.r.m = g->cur[i];
	monthly_groups_of(ent, &rec.r.g);
	snprintf(rec.filed_at, sizeof rec.filed_at, "%s", filed_at);
	snprintf(rec.filed_by, sizeof rec.filed_by, "demo-firm");
	double u = rng_unit(&g->r);
	int64_t factor = u < 0.0012 ? 10000 : u < 0.0016 ? 10 : 1;
	bool fix = true; /* every slip is caught and corrected, some only weeks later */
	if (factor > 1) {
		for (int k = 0; k < MK_EMPLOYEES; k++)
			if (monthly_has(&rec.r.m, k))
				rec.r.m.v[k] *= factor;
		g->st->monthly_slips++;
	}
	enum app_status st = store_monthly_insert(g->s, &g->rules.cal, &rec, &g->agg, NULL);
	if (st == APP_OK)
		st = confirm(g, &rec.r.m, 1, day, filed_at, "demo-firm",
		             factor > 1 ? "企业确认数据无误" : NULL, NULL);
	if (st != APP_OK || factor == 1 || !fix) {
		if (factor > 1 && !fix) /* the slip stays: later months compare against it */
			g->cur[i] = rec.r.m;
		return st;
	}
	char at[20];
	int64_t cday = day + 2 + (int64_t)rng_below(&g->r, 5);
	stamp(cday, 2 + (int)rng_below(&g->r, 7), (int)rng_below(&g->r, 60), at);
	const char *reason = factor == 10000 ? "区县审核发现金额按元填报,已按万元更正"
	                                     : "区县审核发现金额按千元填报,已按万元更正";
	int v = 0;
	st = store_monthly_correct(g->s, &g->rules.cal, &g->cur[i], clerk, at, reason, &g->agg, &v,
	                           NULL);
	if (st == APP_OK) {
		g->st->monthly_corrections++;
		st = confirm(g, &g->cur[i], v, cday, at, clerk, reason, NULL);
	}
	return st;
}

static enum app_status one_firm(struct gen *g, const struct dfirm *f, struct app_err *e)
{
	struct enterprise ent;
	enum app_status st = store_enterprise_get(g->s, f->e.uscc, &ent, e);
	if (st != APP_OK)
		return st;
	struct plan p;
	make_plan(g, &ent, &p);
	make_values(g, f->e.uscc, &p);
	memset(g->filed, 0, sizeof g->filed);
	const struct habit *hb = habit_of(f->e.unit);
	char clerk[32];
	snprintf(clerk, sizeof clerk, "demo-%s", f->e.unit);
	for (size_t d = 0; d < g->ndates; d++) {
		int per = g->dperiod[d], i = per - g->base;
		if (!(f->mask >> d & 1))
			continue;
		double u = rng_unit(&g->r);
		if (u < hb->missing || (p.quits && per > g->last - 3)) {
			g->st->monthly_missing++;
			continue;
		}
		bool late = u < hb->missing + hb->late;
		int64_t deadline = monthly_deadline(&g->rules.cal, per);
		int64_t day = late ? deadline + 1 + (int64_t)rng_below(&g->r, 18)
		                   : deadline - 9 + (int64_t)rng_below(&g->r, 10);
		char at[20];
		stamp(day, 1 + (int)rng_below(&g->r, 9), (int)rng_below(&g->r, 60), at);
		st = file_one(g, &ent, i, day, at, clerk);
		if (st != APP_OK) {
			if (e && !e->msg[0])
				app_err_set(e, st, "演示月报写入失败");
			return st;
		}
		g->filed[i] = true;
		g->st->monthly_reports++;
		g->st->monthly_late += late;
	}
	return APP_OK;
}

enum app_status demo_monthly(struct store *s, const struct demo_options *o, struct demo_stats *st,
                             struct app_err *e)
{
	int y, m, d;
	const char *ref = o->today ? o->today : "2026-11-28";
	if (!date_split(ref, &y, &m, &d) || !date_valid(y, m, d))
		return app_err_set(e, APP_EINVAL, "演示参考日期 \"%s\" 应为 YYYY-MM-DD", ref);
	struct gen *g = xcalloc(1, sizeof *g);
	g->s = s;
	g->o = o;
	g->st = st;
	rng_seed(&g->r, o->seed * 1000003u + 4);
	monthly_rules_default(&g->rules);
	monthly_aggbuf_init(&g->agg);
	g->last = monthly_last_ended(date_days(y, m, d));
	g->first = g->last - (o->months > 30 ? 30 : o->months) + 1;
	g->base = monthly_period(monthly_period_year(g->first), 1);
	char dates[32][11];
	const char *dp[32];
	for (int p = g->first; p <= g->last; p++) {
		if (!monthly_period_expected(&g->rules.cal, p))
			continue;
		date_from_days(monthly_period_last_day(p), &y, &m, &d);
		date_format(y, m, d, dates[g->ndates]);
		dp[g->ndates] = dates[g->ndates];
		g->dperiod[g->ndates++] = p;
	}
	struct roster ro = {0};
	struct monitor_settings cfg;
	monitor_settings_default(&cfg);
	enum app_status rc =
	    store_monthly_roster_span(s, dp, g->ndates, cfg.required_tiers, take, &ro, e);
	for (size_t i = 0; rc == APP_OK && i < ro.n; i++)
		rc = one_firm(g, &ro.v[i], e);
	if (rc == APP_OK)
		rc = store_monthly_agg_apply(s, &g->agg, e);
	free(ro.v);
	monthly_aggbuf_free(&g->agg);
	free(g);
	return rc;
}
