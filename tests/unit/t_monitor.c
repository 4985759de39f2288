/* t_monitor.c - the monthly monitoring service and its storage (app/monitor,
 * store_monthly): filing with errors and warnings, confirmations,
 * corrections that keep versions, the maintained aggregates worked by hand,
 * completeness and its ranking on a small fixture, and a property: after
 * random filings and corrections the maintained aggregates equal a naive
 * recomputation written here independently of core/monthly_agg.c.
 *
 * The fixture (tier history decides who must file; tiers as held on the
 * period's last day):
 *   A 渝北区 500112, C3670, 专精特新 since 2024-01-01
 *   B 沙坪坝区 500106 in 重庆高新区 (unit GXQ), C3911, 创新型 since 2024-06-01
 *   C 渝北区, C3411, 储备 since 2025-05-01
 *   D 沙坪坝区, I6510, no tier (files voluntarily)
 *   E 渝北区, C3411, 储备 2023-01-01, exited 2025-03-15
 * Money is written in 万元 (W). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/monitor.h"
#include "app/monitor_import.h"
#include "base/embed.h"
#include "base/rng.h"
#include "core/uscc.h"
#include "store/store_audit.h"
#include "test.h"

#define W(x)       ((int64_t)((x)*1000000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define P(y, m)    monthly_period((y), (m))
#define D(y, m, d) date_days((y), (m), (d))

static char A[19], B[19], C[19], Dd[19], E[19];
static struct audit_actor alice = {"alice", "enterprise", "10.0.0.1"};
static struct monitor_settings cfg;
static char tmpdir[] = "/tmp/t_monitor.XXXXXX";
static int seq;

static void mk(int n, const char *region, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91%sMA5U%04d0", region, n);
	uscc_make(body, true, out);
}

static struct store *fresh(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/db%d.sqlite", tmpdir, ++seq);
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK)
		diag("open: %s", e.msg);
	return s;
}

static void firm(struct store *s, const char *uscc, const char *name, const char *district,
                 const char *zone, const char *industry)
{
	struct enterprise e;
	memset(&e, 0, sizeof e);
	snprintf(e.uscc, sizeof e.uscc, "%s", uscc);
	snprintf(e.name, sizeof e.name, "%s", name);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "%s", industry);
	struct app_err err = {0};
	if (store_enterprise_put(s, &e, NULL, &err) != APP_OK)
		diag("firm: %s", err.msg);
}

static void tier(struct store *s, const char *uscc, enum tier t, enum tier_status st,
                 const char *since)
{
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	ev.tier = t;
	ev.status = st;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	snprintf(ev.actor, sizeof ev.actor, "test");
	struct app_err err = {0};
	if (store_tier_add(s, &ev, &err) != APP_OK)
		diag("tier: %s", err.msg);
}

static struct store *fixture(void)
{
	struct store *s = fresh();
	firm(s, A, "重庆甲汽车部件有限公司", "500112", "", "C3670");
	firm(s, B, "重庆乙电子科技有限公司", "500106", "GXQ", "C3911");
	firm(s, C, "重庆丙机械有限公司", "500112", "", "C3411");
	firm(s, Dd, "重庆丁软件有限公司", "500106", "", "I6510");
	firm(s, E, "重庆戊机械有限公司", "500112", "", "C3411");
	tier(s, A, TIER_CANDIDATE, TS_RECOGNIZED, "2023-01-01");
	tier(s, A, TIER_SRDI, TS_RECOGNIZED, "2024-01-01");
	tier(s, B, TIER_INNOVATIVE, TS_RECOGNIZED, "2024-06-01");
	tier(s, C, TIER_CANDIDATE, TS_RECOGNIZED, "2025-05-01");
	tier(s, E, TIER_CANDIDATE, TS_RECOGNIZED, "2023-01-01");
	tier(s, E, TIER_CANDIDATE, TS_EXITED, "2025-03-15");
	return s;
}

/* A filing of (uscc, p) at `now` with revenue, profit (INT64_MIN: none) and
 * headcount (-1: none). */
static struct monitor_filing filing(const char *uscc, int p, const char *now, double rev,
                                    double profit, long emp)
{
	struct monitor_filing f;
	monitor_filing_init(&f, uscc, p);
	f.now = now;
	if (rev >= 0)
		monthly_set(&f.m, MK_REVENUE_YTD, W(rev));
	if (profit > -1e17)
		monthly_set(&f.m, MK_PROFIT_YTD, W(profit));
	if (emp >= 0)
		monthly_set(&f.m, MK_EMPLOYEES, emp);
	return f;
}

static const struct monthly_finding *find(const struct monitor_result *r, const char *code)
{
	for (size_t i = 0; i < r->findings.n; i++)
		if (strcmp(r->findings.f[i].code, code) == 0)
			return &r->findings.f[i];
	return NULL;
}

static int count_cb(void *ctx, const struct audit_row *r)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static long audit_count(struct store *s)
{
	long n = 0;
	store_audit_list(s, NULL, count_cb, &n, NULL, NULL);
	return n;
}

static bool has_report(struct store *s, const char *uscc, int p)
{
	struct monthly_record r;
	return store_monthly_get(s, uscc, p, &r, NULL) == APP_OK;
}

static int version_cb(void *ctx, const struct monthly_version *v)
{
	memcpy(ctx, v, sizeof *v);
	return 0;
}

static int confirmed_cb(void *ctx, const struct monthly_confirmed *c)
{
	memcpy(ctx, c, sizeof *c);
	return 0;
}

static void filing_rules(void)
{
	struct store *s = fixture();
	struct monitor_result r;
	struct app_err e = {0};
	long audits = audit_count(s);

	struct monitor_filing f = filing(A, P(2025, 9), "2025-10-05 02:00:00", 900, 45, 100);
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_OK, "clean report filed");
	ok(r.written && r.version == 1 && r.findings.n == 0 && r.on_time, "written, v1, on time");
	is_int(audit_count(s), audits + 1, "one audit entry");
	struct monthly_record rec;
	ok(store_monthly_get(s, A, P(2025, 9), &rec, NULL) == APP_OK &&
	       rec.r.m.v[MK_REVENUE_YTD] == W(900) && strcmp(rec.filed_by, "alice") == 0 &&
	       strcmp(rec.filed_at, "2025-10-05 02:00:00") == 0,
	   "stored as given, by alice at the given time");
	ok(strcmp(rec.r.g.unit, "500112") == 0 && strcmp(rec.r.g.industry, "C36") == 0 &&
	       strcmp(rec.r.g.tier, "srdi") == 0,
	   "groups: unit, division, tier at filing");

	f = filing(A, P(2025, 9), "2025-10-06 02:00:00", 901, 45, 100);
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_EINVAL, "second filing of a period");
	ok(find(&r, MONTHLY_E_DUPLICATE) && !r.written, "duplicate, nothing written");

	char X[19];
	mk(99, "500112", X);
	f = filing(X, P(2025, 9), "2025-10-06 02:00:00", 10, 1, 5);
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_EINVAL, "unknown firm");
	ok(find(&r, MONTHLY_E_UNKNOWN_FIRM) != NULL, "finding unknown_firm");

	/* several errors at once: future period and no values */
	f = filing(B, P(2025, 11), "2025-11-20 02:00:00", -1, -1e18, -1);
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_EINVAL, "future and empty");
	ok(find(&r, MONTHLY_E_FUTURE) && find(&r, MONTHLY_E_EMPTY) && r.findings.errors == 2,
	   "both errors returned at once");

	/* a unit slip: 10,000 × September's monthly average */
	f = filing(A, P(2025, 10), "2025-11-05 02:00:00", 10000000, 50, 100);
	audits = audit_count(s);
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_ECONFLICT,
	       "slip: needs confirmation");
	const struct monthly_finding *slip = find(&r, "unit_slip.revenue_ytd");
	ok(slip && r.unconfirmed == 1 && !r.written && !has_report(s, A, P(2025, 10)),
	   "one unconfirmed warning, nothing written");
	if (slip)
		is_str(slip->msg,
		       "营业收入(累计)约为上月的 10,000 倍,疑似按元填报(应为万元),按万元应为 1000",
		       "the slip names the unit");
	ok(find(&r, MONTHLY_W_MARGIN) == NULL, "margin 50/1e7 is within bounds (0.0005%%)");
	is_int(audit_count(s), audits, "no audit entry for a refused filing");
	struct monthly_confirmation conf = {"unit_slip.revenue_ytd", "本月并购子公司,收入确实大增"};
	f.confirms = &conf;
	f.nconfirms = 1;
	is_int(monitor_file(s, &alice, &cfg, &f, &r, &e), APP_OK, "confirmed: filed");
	ok(r.written && r.confirmed[0] && r.unconfirmed == 0, "the warning marked confirmed");
	struct monthly_confirmed mc;
	memset(&mc, 0, sizeof mc);
	store_monthly_confirmations(s, A, P(2025, 10), confirmed_cb, &mc, NULL);
	ok(strcmp(mc.code, "unit_slip.revenue_ytd") == 0 && mc.version == 1 &&
	       strcmp(mc.reason, "本月并购子公司,收入确实大增") == 0 && strcmp(mc.by, "alice") == 0,
	   "confirmation stored with reason, who and version");

	/* correction */
	struct audit_actor clerk = {"yubei-clerk", "district", "10.0.0.2"};
	f = filing(A, P(2025, 10), "2025-11-12 03:00:00", 1000, 50, 100);
	is_int(monitor_correct(s, &clerk, &cfg, &f, &r, &e), APP_EINVAL,
	       "correction without reason");
	ok(find(&r, MONITOR_E_REASON) != NULL, "no_reason");
	f.reason = "企业按元填报,更正为万元";
	audits = audit_count(s);
	is_int(monitor_correct(s, &clerk, &cfg, &f, &r, &e), APP_OK, "correction with a reason");
	is_int(r.version, 2, "version 2");
	is_int(audit_count(s), audits + 1, "audited");
	struct monthly_version v;
	memset(&v, 0, sizeof v);
	store_monthly_versions(s, A, P(2025, 10), version_cb, &v, NULL);
	ok(v.version == 1 && v.m.v[MK_REVENUE_YTD] == W(10000000) &&
	       strcmp(v.filed_by, "alice") == 0 && strcmp(v.filed_at, "2025-11-05 02:00:00") == 0,
	   "the earlier version kept with who filed it and when");
	ok(strcmp(v.replaced_by, "yubei-clerk") == 0 &&
	       strcmp(v.replaced_at, "2025-11-12 03:00:00") == 0 &&
	       strcmp(v.reason, "企业按元填报,更正为万元") == 0,
	   "and who replaced it, when and why");
	ok(store_monthly_get(s, A, P(2025, 10), &rec, NULL) == APP_OK && rec.version == 2 &&
	       rec.r.m.v[MK_REVENUE_YTD] == W(1000) &&
	       strcmp(rec.filed_at, "2025-11-05 02:00:00") == 0 &&
	       strcmp(rec.updated_by, "yubei-clerk") == 0,
	   "current: version 2, first filing time kept (on-time status unchanged)");
	is_int(monitor_correct(s, &clerk, &cfg, &f, &r, &e), APP_EINVAL, "the same values again");
	ok(find(&r, MONITOR_E_UNCHANGED) != NULL, "unchanged");
	f = filing(A, P(2025, 8), "2025-11-12 03:00:00", 800, 40, 100);
	f.reason = "补正";
	is_int(monitor_correct(s, &clerk, &cfg, &f, &r, &e), APP_EINVAL,
	       "correcting what was never filed");
	ok(find(&r, MONITOR_E_NOT_FILED) != NULL, "not_filed");

	/* bulk: same values are skipped, different ones need a reason */
	struct monitor_import_options mo = {.actor = "import", .now = "2025-11-20 02:00:00"};
	struct import_report rep;
	char csv[512];
	snprintf(csv, sizeof csv,
	         "uscc,period,revenue_ytd,profit_ytd,employees\n%s,2025-09,900,45,100\n", A);
	import_report_init(&rep);
	ok(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &mo, &rep, &e) == APP_OK &&
	       rep.unchanged == 1 && rep.created == 0 && rep.committed,
	   "bulk: identical row is skipped");
	import_report_free(&rep);
	snprintf(csv, sizeof csv,
	         "uscc,period,revenue_ytd,profit_ytd,employees\n%s,2025-09,905,45,100\n", A);
	import_report_init(&rep);
	ok(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &mo, &rep, &e) == APP_EINVAL &&
	       rep.nerrors == 1 && strcmp(rep.errors[0].code, MONTHLY_E_DUPLICATE) == 0 &&
	       rep.errors[0].line == 2 && !rep.committed,
	   "bulk: different values without a reason: duplicate, at its line");
	import_report_free(&rep);
	mo.correction_reason = "财务复核调整";
	import_report_init(&rep);
	ok(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &mo, &rep, &e) == APP_OK &&
	       rep.updated == 1 && rep.committed,
	   "bulk: with a reason it is a correction");
	import_report_free(&rep);
	ok(store_monthly_get(s, A, P(2025, 9), &rec, NULL) == APP_OK && rec.version == 2 &&
	       rec.r.m.v[MK_REVENUE_YTD] == W(905) && strcmp(rec.updated_by, "import") == 0 &&
	       strcmp(rec.filed_at, "2025-10-05 02:00:00") == 0,
	   "now version 2, first filing kept");
	memset(&v, 0, sizeof v);
	store_monthly_versions(s, A, P(2025, 9), version_cb, &v, NULL);
	ok(v.version == 1 && v.m.v[MK_REVENUE_YTD] == W(900) &&
	       strcmp(v.reason, "财务复核调整") == 0 && strcmp(v.replaced_by, "import") == 0,
	   "the earlier version kept with the reason");
	store_close(s);
}

/* ---- aggregates by hand ---- */

struct cells {
	struct monthly_agg v[64];
	size_t n;
};

static int take_cell(void *ctx, const struct monthly_agg *c)
{
	struct cells *cs = ctx;
	if (cs->n < 64)
		cs->v[cs->n++] = *c;
	return 0;
}

static struct monthly_agg get_cell(struct store *s, int p, enum monthly_dim d, const char *g)
{
	struct cells cs = {.n = 0};
	store_monthly_agg_list(s, d, g, p, p, take_cell, &cs, NULL);
	struct monthly_agg z;
	memset(&z, 0, sizeof z);
	return cs.n == 1 ? cs.v[0] : z;
}

static void file_ok(struct store *s, struct monitor_filing f)
{
	struct monitor_result r;
	struct app_err e = {0};
	struct monthly_confirmation all = {MONTHLY_CONFIRM_ALL, "测试数据"};
	f.confirms = &all;
	f.nconfirms = 1;
	if (monitor_file(s, &alice, &cfg, &f, &r, &e) != APP_OK)
		diag("file %s: %s", f.m.uscc, e.msg);
}

static void aggregates(void)
{
	struct store *s = fixture();
	/* 2024-10: A 1000 (+50), B 200 (−10). 2025-09: A 900. 2025-10: A 1100
	 * (−20), B 260 (+5), D 80 (+8, voluntary). */
	file_ok(s, filing(A, P(2024, 10), "2024-11-05 02:00:00", 1000, 50, 100));
	file_ok(s, filing(B, P(2024, 10), "2024-11-05 02:00:00", 200, -10, 40));
	file_ok(s, filing(A, P(2025, 10), "2025-11-05 02:00:00", 1100, -20, 110));
	file_ok(s, filing(B, P(2025, 10), "2025-11-12 02:00:00", 260, 5, 42));
	file_ok(s, filing(Dd, P(2025, 10), "2025-11-06 02:00:00", 80, 8, 12));
	file_ok(s, filing(A, P(2025, 9), "2025-10-05 02:00:00", 900, 40, 105)); /* arrives last */

	struct monthly_agg c = get_cell(s, P(2025, 10), MDIM_ALL, "");
	is_int(c.filed, 3, "city Oct 2025: A, B, D filed");
	is_int(c.sum[MK_REVENUE_YTD], W(1440), "1100 + 260 + 80 = 1440");
	is_int(c.loss, 1, "one loss-maker (A, −20)");
	is_int(c.loss_sum, W(-20), "its loss −20");
	is_int(c.n[MK_PROFIT_YTD], 3, "three report profit");
	is_int(c.pairs, 2, "A and B filed Oct 2024 too");
	is_int(c.pcur[MK_REVENUE_YTD], W(1360), "like-for-like this year 1100 + 260");
	is_int(c.pprev[MK_REVENUE_YTD], W(1200), "last year 1000 + 200");
	double g = 0;
	ok(monthly_agg_growth(&c, MK_REVENUE_YTD, &g) && g > 13.333 && g < 13.334,
	   "growth (1360 − 1200) / 1200 = 13.33%% (D excluded: no base)");
	is_int(c.pprev[MK_PROFIT_YTD], W(40), "profit base 50 − 10 = 40");
	is_int(c.pcur[MK_PROFIT_YTD], W(-15), "profit now −20 + 5 = −15");
	is_int(c.sn[MK_REVENUE_YTD], 1, "one single month known (A: Sept filed)");
	is_int(c.ssum[MK_REVENUE_YTD], W(200), "A's October 1100 − 900 = 200");
	is_int(c.sum[MK_EMPLOYEES], 110 + 42 + 12, "headcount is a sum of stocks");
	c = get_cell(s, P(2025, 10), MDIM_UNIT, "500112");
	ok(c.filed == 1 && c.sum[MK_REVENUE_YTD] == W(1100) && c.pairs == 1, "渝北: A alone");
	c = get_cell(s, P(2025, 10), MDIM_UNIT, "GXQ");
	ok(c.filed == 1 && c.pcur[MK_REVENUE_YTD] == W(260) && c.pprev[MK_REVENUE_YTD] == W(200),
	   "高新区: B, 260 against 200");
	c = get_cell(s, P(2025, 10), MDIM_UNIT, "500106");
	ok(c.filed == 1 && c.pairs == 0, "沙坪坝 (outside the zone): D, no pair");
	c = get_cell(s, P(2025, 10), MDIM_TIER, "srdi");
	ok(c.filed == 1 && c.sum[MK_REVENUE_YTD] == W(1100), "专精特新: A");
	c = get_cell(s, P(2025, 10), MDIM_TIER, "none");
	ok(c.filed == 1 && c.sum[MK_REVENUE_YTD] == W(80), "no tier: D");
	c = get_cell(s, P(2025, 10), MDIM_INDUSTRY, "C39");
	ok(c.filed == 1 && c.sum[MK_REVENUE_YTD] == W(260), "C39: B");

	/* correct the base year: B Oct 2024 200 → 250; growth (1360 − 1250) / 1250 */
	struct monitor_filing f = filing(B, P(2024, 10), "2025-11-20 02:00:00", 250, -10, 40);
	f.reason = "补报漏计收入";
	struct monitor_result r;
	struct app_err e = {0};
	is_int(monitor_correct(s, &alice, &cfg, &f, &r, &e), APP_OK, "base corrected");
	c = get_cell(s, P(2025, 10), MDIM_ALL, "");
	is_int(c.pprev[MK_REVENUE_YTD], W(1250), "the pair follows the correction: 1000 + 250");
	is_int(get_cell(s, P(2024, 10), MDIM_ALL, "").sum[MK_REVENUE_YTD], W(1250),
	       "Oct 2024 total 1000 + 250");

	/* rebuild from scratch gives the same cells */
	struct cells before = {.n = 0}, after = {.n = 0};
	store_monthly_agg_list(s, MDIM_UNIT, NULL, 0, 0, take_cell, &before, NULL);
	is_int(store_monthly_agg_rebuild(s, &cfg.rules.cal, &e), APP_OK, "rebuild");
	store_monthly_agg_list(s, MDIM_UNIT, NULL, 0, 0, take_cell, &after, NULL);
	bool same = before.n == after.n && before.n > 0;
	for (size_t i = 0; same && i < before.n; i++)
		same = before.v[i].period == after.v[i].period &&
		       strcmp(before.v[i].grp, after.v[i].grp) == 0 &&
		       monthly_agg_equal(&before.v[i], &after.v[i]);
	ok(same, "rebuild equals the maintained cells (%zu unit cells)", before.n);
	store_close(s);
}

/* ---- completeness ---- */

static void completeness(void)
{
	struct store *s = fixture();
	file_ok(s, filing(A, P(2025, 10), "2025-11-05 02:00:00", 1100, 50, 110)); /* on time */
	file_ok(s, filing(B, P(2025, 10), "2025-11-12 02:00:00", 260, 5, 42));    /* late */
	file_ok(s, filing(Dd, P(2025, 10), "2025-11-06 02:00:00", 80, 8, 12));    /* voluntary */
	/* C must file (储备 since May) and did not; E left the pool in March */
	struct monitor_completeness c;
	struct app_err e = {0};
	is_int(monitor_completeness(s, &cfg, P(2025, 10), D(2025, 11, 20), &c, &e), APP_OK,
	       "completeness of October as of 11-20");
	ok(c.city.expected == 3 && c.city.filed == 2 && c.city.on_time == 1 && c.city.late == 1 &&
	       c.city.missing == 1 && c.city.voluntary == 1,
	   "city: expected 3 (A B C), filed 2, on time 1, late 1, missing 1, voluntary 1");
	ok(c.closed && c.deadline == D(2025, 11, 10), "deadline 11-10, closed");
	is_int(c.nunits, 2, "two units with firms to file (沙坪坝 only has a voluntary one)");
	if (c.nunits == 2) {
		ok(strcmp(c.units[0].unit, "GXQ") == 0 && c.units[0].rank == 1 &&
		       c.units[0].rate == 100.0 && c.units[0].timely == 0.0 && c.units[0].late == 1,
		   "1. 高新区: 1/1 filed (late): 100%%, timely 0%%");
		ok(strcmp(c.units[1].unit, "500112") == 0 && c.units[1].rank == 2 &&
		       c.units[1].rate == 50.0 && c.units[1].missing == 1,
		   "2. 渝北区: 1/2 = 50%%");
		is_str(c.units[1].name, "渝北区", "unit name");
	}
	ok(c.nmissing == 1 && strcmp(c.missing[0].uscc, C) == 0 &&
	       strcmp(c.missing[0].name, "重庆丙机械有限公司") == 0,
	   "missing: C by name");
	monitor_completeness_free(&c);

	/* as of 11-08 (before the deadline): B has not filed yet */
	is_int(monitor_completeness(s, &cfg, P(2025, 10), D(2025, 11, 8), &c, &e), APP_OK,
	       "as of 11-08");
	ok(!c.closed && c.city.filed == 1 && c.city.missing == 2 && c.city.voluntary == 1,
	   "open period: A filed, B and C not yet (D voluntary)");
	ok(c.nunits == 2 && c.units[0].rate == 50.0 && c.units[1].rate == 0.0 &&
	       strcmp(c.units[0].unit, "500112") == 0,
	   "渝北 50%% ranks above 高新区 0%%");
	monitor_completeness_free(&c);

	/* April 2025: C not yet in the pool, E already out: only A and B */
	is_int(monitor_completeness(s, &cfg, P(2025, 4), D(2025, 11, 20), &c, &e), APP_OK, "April");
	is_int(c.city.expected, 2, "April: A and B expected (C joined in May, E left in March)");
	monitor_completeness_free(&c);
	is_int(monitor_completeness(s, &cfg, P(2025, 2), D(2025, 11, 20), &c, &e), APP_OK, "1—2月");
	is_int(c.city.expected, 3, "1—2月 (Feb 28): A, B and E (exit on 03-15)");
	monitor_completeness_free(&c);
	is_int(monitor_completeness(s, &cfg, P(2025, 1), D(2025, 11, 20), &c, &e), APP_EINVAL,
	       "January is not a period of its own");
	is_int(monitor_completeness(s, &cfg, P(2025, 11), D(2025, 11, 20), &c, &e), APP_EINVAL,
	       "November has not ended");

	/* ties share a rank: two units at 100% and 100% timely */
	struct monitor_settings c2 = cfg;
	c2.required_tiers = 1u << TIER_SRDI | 1u << TIER_INNOVATIVE;
	is_int(monitor_completeness(s, &c2, P(2025, 10), D(2025, 11, 20), &c, &e), APP_OK,
	       "only srdi and innovative required");
	ok(c.city.expected == 2 && c.nunits == 2, "A and B expected");
	monitor_completeness_free(&c);
	store_close(s);
}

static void settings(void)
{
	struct store *s = fixture();
	struct monitor_settings got;
	struct app_err e = {0};
	is_int(monitor_settings_load(s, &got, &e), APP_OK, "load defaults");
	ok(got.rules.cal.deadline_day == 10 && got.rules.cal.combine_jan_feb &&
	       got.notice_threshold_bp == 9000 && got.required_tiers == cfg.required_tiers,
	   "defaults from the migration equal the built-in ones");
	is_int(monitor_setting_set(s, &alice, "deadline_day", "15", &e), APP_OK, "deadline 15");
	is_int(monitor_setting_set(s, &alice, "deadline_day", "29", &e), APP_EINVAL, "29 refused");
	is_int(monitor_setting_set(s, &alice, "required_tiers", "srdi,little_giant", &e), APP_OK,
	       "required tiers");
	is_int(monitor_setting_set(s, &alice, "required_tiers", "srdi,gold", &e), APP_EINVAL,
	       "unknown tier refused");
	is_int(monitor_setting_set(s, &alice, "margin_min_bp", "7000", &e), APP_EINVAL,
	       "min above max refused");
	is_int(monitor_setting_set(s, &alice, "colour", "red", &e), APP_EINVAL, "unknown key");
	monitor_settings_load(s, &got, &e);
	ok(got.rules.cal.deadline_day == 15 &&
	       got.required_tiers == (1u << TIER_SRDI | 1u << TIER_LITTLE_GIANT),
	   "stored and read back");

	/* the calendar switch rebuilds single months: February alone needs January */
	file_ok(s, filing(A, P(2025, 2), "2025-03-05 02:00:00", 180, 9, 100));
	is_int(get_cell(s, P(2025, 2), MDIM_ALL, "").ssum[MK_REVENUE_YTD], W(180),
	       "1—2月: single = 180");
	is_int(monitor_setting_set(s, &alice, "combine_jan_feb", "0", &e), APP_OK,
	       "stop combining");
	is_int(get_cell(s, P(2025, 2), MDIM_ALL, "").sn[MK_REVENUE_YTD], 0,
	       "February alone without January: single month unknown after the rebuild");
	store_close(s);
}

/* ---- the property ---- */

enum { NFIRM = 6, NPER = 27 };

struct naive {
	struct monthly_agg v[2048];
	size_t n;
};

static struct monthly_agg *ncell(struct naive *nv, int p, enum monthly_dim d, const char *g)
{
	for (size_t i = 0; i < nv->n; i++)
		if (nv->v[i].period == p && nv->v[i].dim == d && strcmp(nv->v[i].grp, g) == 0)
			return &nv->v[i];
	struct monthly_agg *c = &nv->v[nv->n++];
	memset(c, 0, sizeof *c);
	c->period = p;
	c->dim = d;
	snprintf(c->grp, sizeof c->grp, "%s", g);
	return c;
}

struct all_reports {
	struct monthly_record v[NFIRM * NPER];
	size_t n;
};

static int take_all(void *ctx, const struct monthly_record *r)
{
	struct all_reports *a = ctx;
	a->v[a->n++] = *r;
	return 0;
}

static const struct monthly *other(const struct all_reports *a, const char *uscc, int p)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].r.m.period == p && strcmp(a->v[i].r.m.uscc, uscc) == 0)
			return &a->v[i].r.m;
	return NULL;
}

/* The cells computed directly from the definitions in 0004_monthly.sql. */
static void recompute(const struct all_reports *a, bool combine, struct naive *nv)
{
	nv->n = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct monthly_record *r = &a->v[i];
		const struct monthly *m = &r->r.m;
		int p = m->period, month = monthly_period_month(p);
		const struct monthly *prev = other(a, m->uscc, p - 1);
		const struct monthly *ly = other(a, m->uscc, p - 12);
		for (int d = 0; d < MDIM_COUNT; d++) {
			const char *g = d == MDIM_ALL        ? ""
			                : d == MDIM_UNIT     ? r->r.g.unit
			                : d == MDIM_INDUSTRY ? r->r.g.industry
			                                     : r->r.g.tier;
			struct monthly_agg *c = ncell(nv, p, (enum monthly_dim)d, g);
			c->filed++;
			if ((m->has >> MK_PROFIT_YTD & 1) && m->v[MK_PROFIT_YTD] < 0) {
				c->loss++;
				c->loss_sum += m->v[MK_PROFIT_YTD];
			}
			if (ly)
				c->pairs++;
			for (int k = 0; k < MK_COUNT; k++) {
				if (!(m->has >> k & 1))
					continue;
				c->n[k]++;
				c->sum[k] += m->v[k];
				if (k != MK_EMPLOYEES) {
					bool alone = month == 1 || (month == 2 && combine);
					if (alone) {
						c->sn[k]++;
						c->ssum[k] += m->v[k];
					} else if (prev && (prev->has >> k & 1)) {
						c->sn[k]++;
						c->ssum[k] += m->v[k] - prev->v[k];
					}
				}
				if (ly && (ly->has >> k & 1)) {
					c->pn[k]++;
					c->pcur[k] += m->v[k];
					c->pprev[k] += ly->v[k];
				}
			}
		}
	}
}

struct compare {
	struct naive *nv;
	long cells, bad;
};

static int compare_cell(void *ctx, const struct monthly_agg *c)
{
	struct compare *cmp = ctx;
	cmp->cells++;
	struct monthly_agg *n = ncell(cmp->nv, c->period, c->dim, c->grp);
	if (!monthly_agg_equal(c, n))
		cmp->bad++;
	return 0;
}

struct nb_rows {
	struct monthly_row rows[4];
	bool has[4];
	int period;
};

static int take_nb(void *ctx, const struct monthly_record *rec)
{
	struct nb_rows *n = ctx;
	static const int off[4] = {-1, 1, -12, 12};
	for (int i = 0; i < 4; i++)
		if (rec->r.m.period == n->period + off[i]) {
			n->rows[i] = rec->r;
			n->has[i] = true;
		}
	return 0;
}

/* Inserts through store_monthly_insert_known, the neighbours read with
 * store_monthly_pick as a bulk load does (an existing report: ECONFLICT). */
static enum app_status insert_known(struct store *s, const struct monthly_calendar *cal,
                                    const struct monthly_record *rec, struct monthly_aggbuf *defer,
                                    struct app_err *e)
{
	static struct nb_rows n;
	memset(n.has, 0, sizeof n.has);
	int p = rec->r.m.period;
	n.period = p;
	const int want[] = {p - 1, p + 1, p - 12, p + 12};
	struct monthly_record cur;
	if (store_monthly_get(s, rec->r.m.uscc, p, &cur, NULL) == APP_OK)
		return APP_ECONFLICT;
	enum app_status st = store_monthly_pick(s, rec->r.m.uscc, want, 4, take_nb, &n, e);
	if (st != APP_OK)
		return st;
	struct monthly_neighbours nb = {n.has[0] ? &n.rows[0] : NULL, n.has[1] ? &n.rows[1] : NULL,
	                                n.has[2] ? &n.rows[2] : NULL, n.has[3] ? &n.rows[3] : NULL};
	return store_monthly_insert_known(s, cal, rec, &nb, defer, e);
}

static void property(void)
{
	static const char *const units[] = {"500112", "GXQ", "500106"};
	static const char *const tiers[] = {"srdi", "none", "innovative"};
	struct rng r;
	rng_seed(&r, 20251110);
	struct store *s = fresh();
	char firms[NFIRM][19];
	for (int f = 0; f < NFIRM; f++) {
		mk(200 + f, "500112", firms[f]);
		firm(s, firms[f], "重庆属性测试有限公司", "500112", "", "C3670");
		char name[64];
		snprintf(name, sizeof name, "重庆属性测试%d有限公司", f);
		firm(s, firms[f], name, "500112", "", "C3670");
	}
	struct monthly_calendar cal = cfg.rules.cal;
	int base = P(2023, 11);
	long ops = 0, corrections = 0;
	struct app_err e = {0};
	for (int round = 0; round < 3; round++) {
		bool bulk = round == 1; /* round 1 defers the aggregates to one apply */
		struct monthly_aggbuf buf;
		monthly_aggbuf_init(&buf);
		if (bulk)
			store_begin(s, &e);
		for (int op = 0; op < 120; op++) {
			int f = (int)rng_below(&r, NFIRM), i = (int)rng_below(&r, NPER);
			struct monthly_record rec;
			memset(&rec, 0, sizeof rec);
			snprintf(rec.r.m.uscc, sizeof rec.r.m.uscc, "%s", firms[f]);
			rec.r.m.period = base + i;
			for (int k = 0; k < MK_COUNT; k++)
				if (rng_below(&r, 6))
					monthly_set(&rec.r.m, k,
					            (int64_t)rng_below(&r, 5000000000LL) -
					                (k == MK_PROFIT_YTD ? 1000000000LL : 0));
			snprintf(rec.r.g.unit, sizeof rec.r.g.unit, "%s", units[rng_below(&r, 3)]);
			snprintf(rec.r.g.industry, sizeof rec.r.g.industry, "C3%d",
			         (int)rng_below(&r, 3));
			snprintf(rec.r.g.tier, sizeof rec.r.g.tier, "%s", tiers[rng_below(&r, 3)]);
			snprintf(rec.filed_by, sizeof rec.filed_by, "prop");
			enum app_status st;
			if (rng_below(&r, 2)) {
				st = store_monthly_insert(s, &cal, &rec, bulk ? &buf : NULL, &e);
			} else { /* the bulk path: neighbours read once by the caller */
				st = insert_known(s, &cal, &rec, bulk ? &buf : NULL, &e);
			}
			if (st == APP_ECONFLICT) {
				st =
				    store_monthly_correct(s, &cal, &rec.r.m, "prop", "", "随机更正",
				                          bulk ? &buf : NULL, NULL, &e);
				corrections++;
			}
			if (st != APP_OK)
				diag("op: %s", e.msg);
			ops++;
		}
		if (bulk) {
			store_monthly_agg_apply(s, &buf, &e);
			store_commit(s, &e);
		}
		monthly_aggbuf_free(&buf);
	}
	static struct all_reports all;
	all.n = 0;
	store_monthly_list(s, NULL, take_all, &all, &e);
	static struct all_reports byf;
	byf.n = 0;
	store_monthly_list_by_firm(s, NULL, take_all, &byf, &e);
	bool ordered = byf.n == all.n, same = ordered;
	for (size_t i = 1; i < byf.n && ordered; i++) {
		int c = strcmp(byf.v[i - 1].r.m.uscc, byf.v[i].r.m.uscc);
		ordered = c < 0 || (c == 0 && byf.v[i - 1].r.m.period < byf.v[i].r.m.period);
	}
	for (size_t i = 0; i < byf.n && same; i++) {
		const struct monthly *m = other(&all, byf.v[i].r.m.uscc, byf.v[i].r.m.period);
		same = m && m->has == byf.v[i].r.m.has;
		for (int k = 0; same && k < MK_COUNT; k++)
			same = !(m->has >> k & 1) || m->v[k] == byf.v[i].r.m.v[k];
	}
	if (!ordered || !same)
		diag("ordered %d same %d (%zu of %zu)", ordered, same, byf.n, all.n);
	ok(ordered && same, "list by firm: the same %zu reports, by USCC then period", byf.n);
	static struct naive nv;
	recompute(&all, cal.combine_jan_feb, &nv);
	size_t naive_cells = nv.n;
	struct compare cmp = {&nv, 0, 0};
	for (int d = 0; d < MDIM_COUNT; d++)
		store_monthly_agg_list(s, (enum monthly_dim)d, NULL, 0, 0, compare_cell, &cmp, &e);
	ok(cmp.bad == 0 && cmp.cells == (long)naive_cells && nv.n == naive_cells,
	   "%ld ops (%ld corrections): %ld stored cells equal the naive recomputation (%zu)", ops,
	   corrections, cmp.cells, naive_cells);
	store_monthly_agg_rebuild(s, &cal, &e);
	cmp = (struct compare){&nv, 0, 0};
	for (int d = 0; d < MDIM_COUNT; d++)
		store_monthly_agg_list(s, (enum monthly_dim)d, NULL, 0, 0, compare_cell, &cmp, &e);
	ok(cmp.bad == 0 && cmp.cells == (long)naive_cells, "and so does the rebuild");
	store_close(s);
}

/* the report columns are the monthly keys, in order */
static void columns(void)
{
	const struct embedded_file *f = embed_find("src/store/sql/sqlite/0004_monthly.sql");
	ok(f != NULL, "migration 0004 embedded");
	if (!f)
		return;
	const char *t = strstr(f->data, "CREATE TABLE monthly_reports");
	const char *prev = t;
	bool inorder = t != NULL;
	for (int k = 0; inorder && k < MK_COUNT; k++) {
		char col[64];
		snprintf(col, sizeof col, "\t%s ", monthly_indicators[k].key);
		const char *at = strstr(prev, col);
		inorder = at && at > prev;
		prev = at;
	}
	ok(inorder, "monthly_reports has the key columns in enum order");
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	monitor_settings_default(&cfg);
	mk(1, "500112", A);
	mk(2, "500106", B);
	mk(3, "500112", C);
	mk(4, "500106", Dd);
	mk(5, "500112", E);
	filing_rules();
	aggregates();
	completeness();
	settings();
	property();
	columns();
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		diag("cleanup failed");
	return test_done();
}
