/* t_monitor_views.c - what the city reads, on a fixture small enough to
 * check by hand: the analysis report (narrative, JSON, CSV, HTML), the
 * 通报 draft, and the early warnings with their start and re-review.
 *
 * Firms (tier history decides who must file):
 *   A 渝北区 500112, C3670, 专精特新 since 2024-01-01
 *   B 沙坪坝区 in 重庆高新区 (unit GXQ), C3911, 创新型 since 2024-06-01
 *   C 渝北区, C3411, 储备 since 2025-05-01 — never files
 * Reports (万元; filed at, UTC):
 *   2024-10  A rev 100000 profit 5000 staff 100   B rev 20000 profit −1000 staff 40
 *   2025-09  A rev  90000 profit 4000 staff 105   B rev 18000 profit  −800 staff 41
 *   2025-10  A rev 110000 profit −2000 staff 85 (11-05, on time)
 *            B rev  26000 profit   500 staff 42 (11-12, late)
 * Hand-worked for 2025-10 (city):
 *   revenue 110000 + 26000 = 136000 万 = 13.60 亿; like for like against
 *   100000 + 20000 = 120000: +13.3%.
 *   profit −2000 + 500 = −1500 (净亏损 0.15 亿); base 5000 − 1000 = 4000:
 *   (−1500 − 4000) / 4000 = −137.5%.
 *   当月 revenue (110000 − 90000) + (26000 − 18000) = 28000 = 2.80 亿;
 *   当月 profit (−2000 − 4000) + (500 + 800) = −4700 = −0.47 亿.
 *   loss-makers 1 of 2 = 50.0%, their loss 2000 = 0.20 亿.
 *   staff 85 + 42 = 127; base 100 + 40 = 140: −9.3%.
 *   渝北区 A 11.00 亿 +10.0%; 重庆高新区 B 2.60 亿 +30.0%. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/monitor_alert.h"
#include "app/monitor_notice.h"
#include "app/monitor_report.h"
#include "core/uscc.h"
#include "test.h"

#define W(x)       ((int64_t)(x)*1000000)
#define P(y, m)    monthly_period((y), (m))
#define D(y, m, d) date_days((y), (m), (d))

static char A[19], B[19], C[19];
static struct monitor_settings cfg;
static struct audit_actor who = {"city-clerk", "city", ""};

static void mk(int n, const char *region, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91%sMA6U%04d0", region, n);
	uscc_make(body, true, out);
}

static void firm(struct store *s, const char *uscc, const char *name, const char *district,
                 const char *zone, const char *industry, enum tier t, const char *since)
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
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	ev.tier = t;
	ev.status = TS_RECOGNIZED;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	if (store_tier_add(s, &ev, &err) != APP_OK)
		diag("tier: %s", err.msg);
}

static void file(struct store *s, const char *uscc, int p, const char *now, int64_t rev,
                 int64_t profit, int64_t staff)
{
	struct monitor_filing f;
	monitor_filing_init(&f, uscc, p);
	f.now = now;
	monthly_set(&f.m, MK_REVENUE_YTD, W(rev));
	monthly_set(&f.m, MK_PROFIT_YTD, W(profit));
	monthly_set(&f.m, MK_EMPLOYEES, staff);
	struct monthly_confirmation all = {MONTHLY_CONFIRM_ALL, "核实无误"};
	f.confirms = &all;
	f.nconfirms = 1;
	struct monitor_result r;
	struct app_err e = {0};
	if (monitor_file(s, &who, &cfg, &f, &r, &e) != APP_OK)
		diag("file: %s", e.msg);
}

static struct store *fixture(const char *path)
{
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK) {
		diag("open: %s", e.msg);
		return NULL;
	}
	firm(s, A, "重庆甲汽车部件有限公司", "500112", "", "C3670", TIER_SRDI, "2024-01-01");
	firm(s, B, "重庆乙电子科技有限公司", "500106", "GXQ", "C3911", TIER_INNOVATIVE,
	     "2024-06-01");
	firm(s, C, "重庆丙机械有限公司", "500112", "", "C3411", TIER_CANDIDATE, "2025-05-01");
	file(s, A, P(2024, 10), "2024-11-05 02:00:00", 100000, 5000, 100);
	file(s, B, P(2024, 10), "2024-11-06 02:00:00", 20000, -1000, 40);
	file(s, A, P(2025, 9), "2025-10-08 02:00:00", 90000, 4000, 105);
	file(s, B, P(2025, 9), "2025-10-09 02:00:00", 18000, -800, 41);
	file(s, A, P(2025, 10), "2025-11-05 02:00:00", 110000, -2000, 85);
	file(s, B, P(2025, 10), "2025-11-12 02:00:00", 26000, 500, 42);
	return s;
}

static void report(struct store *s)
{
	struct monitor_report r;
	struct app_err e = {0};
	is_int(monitor_report_build(s, &cfg, P(2025, 10), MDIM_UNIT, 13, &r, &e), APP_OK, "build");
	is_int(r.ngroups, 2, "two units filed");
	struct buf b;
	buf_init(&b, 1 << 20);
	monitor_report_narrative(&r, &b);
	is_str(
	    buf_cstr(&b),
	    "1—10月,全市 2 家专精特新梯度培育企业报送月报,累计实现营业收入 13.60 亿元,同比增长 "
	    "13.3%;利润总额净亏损 0.15 亿元,同比下降 137.5%。\n"
	    "10月当月,实现营业收入 2.80 亿元、利润总额 -0.47 亿元(按上月也已报送的 2 "
	    "家企业累计数相减得出)。\n"
	    "1—10月,亏损企业 1 家,亏损面 50.0%,亏损企业亏损额 0.20 亿元;期末从业人员 127 "
	    "人,同比下降 9.3%。\n"
	    "分区县看,累计营业收入居前两位的是渝北区(11.00 亿元,同比增长 10.0%)、重庆高新区(2.60 "
	    "亿元,同比增长 30.0%)。\n"
	    "注:同比增速按可比口径计算,即本期与上年同期均报送月报的企业(2 "
	    "家)的合计数之比;当月数由本月与上月累计数相减得出;金额为现价。\n",
	    "the narrative, every number worked by hand");
	buf_reset(&b);
	is_int(monitor_report_json(&r, &b), APP_OK, "json");
	ok(strstr(buf_cstr(&b), "\"total\": 136000") &&
	       strstr(buf_cstr(&b), "\"yoy_pct\": 13.33") &&
	       strstr(buf_cstr(&b), "\"month\": 28000") &&
	       strstr(buf_cstr(&b), "\"loss_rate_pct\": 50"),
	   "json: total 136000 万元, growth 13.33%%, month 28000, loss rate 50%%");
	buf_reset(&b);
	is_int(monitor_report_csv(&r, &b), APP_OK, "csv");
	ok(strstr(buf_cstr(&b), "\r\n\"\",全市,2,136000.00,28000.00,13.33,") != NULL,
	   "csv: the city row");
	ok(strstr(buf_cstr(&b), "\r\n500112,渝北区,1,110000.00,20000.00,10.00,") != NULL,
	   "csv: 渝北区 row");
	buf_reset(&b);
	is_int(monitor_report_html(&r, &b), APP_OK, "html");
	const char *h = buf_cstr(&b);
	ok(strstr(h, "<title>2025年1—10月专精特新企业运行监测分析</title>") && strstr(h, "<svg") &&
	       strstr(h, "累计实现营业收入 13.60 亿元") && strstr(h, "</html>"),
	   "html: title, charts, the same narrative");
	monitor_report_free(&r);
	is_int(monitor_report_build(s, &cfg, P(2025, 1), MDIM_UNIT, 13, &r, &e), APP_EINVAL,
	       "a combined January has no report");
	buf_free(&b);
}

static void notice(struct store *s)
{
	struct buf b;
	struct app_err e = {0};
	buf_init(&b, 1 << 20);
	is_int(
	    monitor_notice(s, &cfg, P(2025, 10), D(2025, 11, 20), MONITOR_NOTICE_MD, NULL, &b, &e),
	    APP_OK, "notice");
	const char *t = buf_cstr(&b);
	ok(strstr(t, "# 关于2025年10月专精特新企业月度监测数据报送情况的通报") != NULL, "title");
	/* expected A B C (C since May); A on time, B late, C missing */
	ok(strstr(t,
	          "截至2025年11月20日,全市应报送企业 3 家,已报送 2 家,报送率 66.7%;其中按时报送 1 "
	          "家,按时报送率 33.3%;逾期报送 1 家,未报送 1 家。") != NULL,
	   "the totals sentence");
	ok(strstr(t, "| 1 | 重庆高新区 | 1 | 1 | 0 | 1 | 0 | 100.0% | 0.0% |") != NULL,
	   "rank 1: 高新区 100%% (late)");
	ok(strstr(t, "| 2 | 渝北区 | 2 | 1 | 1 | 0 | 1 | 50.0% | 50.0% |") != NULL,
	   "rank 2: 渝北区 50%%");
	ok(strstr(t, "共 1 个:渝北区(50.0%,未报 1 家)") != NULL, "under 90%%: 渝北区");
	/* 渝北: Aug 0/2 (A, C missing), Sep 1/2, Oct 1/2: three times; 高新区:
	 * Aug 0/1, Sep and Oct 1/1: once */
	ok(strstr(t, "渝北区(3 期:0.0%、50.0%、50.0%)") != NULL && !strstr(t, "重庆高新区(1 期"),
	   "repeat laggard: 渝北区 three times, 高新区 not listed");
	char line[128];
	snprintf(line, sizeof line, "- 重庆丙机械有限公司(%s)", C);
	ok(strstr(t, "### 渝北区(1 家)") && strstr(t, line), "missing firm listed under its unit");
	ok(strstr(t, "重庆市经济和信息化委员会\n\n2025年11月20日") != NULL, "issuer and date");
	buf_reset(&b);
	struct monitor_notice_options o = {.threshold_bp = 4000};
	monitor_notice(s, &cfg, P(2025, 10), D(2025, 11, 20), MONITOR_NOTICE_HTML, &o, &b, &e);
	t = buf_cstr(&b);
	ok(strstr(t, "contenteditable=\"true\"") &&
	       strstr(t, "本期各区县(功能区)报送率均达到 40.0% 以上") &&
	       strstr(t, "<td class=\"n\">50.0%</td>"),
	   "html draft, editable; threshold 40%%: nobody under");
	struct monitor_laggard *lag = NULL;
	size_t nlag = 0;
	is_int(monitor_laggards(s, &cfg, P(2025, 10), D(2025, 11, 20), NULL, &lag, &nlag, &e),
	       APP_OK, "laggards");
	ok(nlag == 1 && strcmp(lag[0].unit, "500112") == 0 && lag[0].times == 3 &&
	       lag[0].periods[0] == P(2025, 8),
	   "one laggard, 渝北区, 3 of the 3 periods from August");
	free(lag);
	buf_free(&b);
}

static void alerts(struct store *s)
{
	struct monitor_alerts a;
	struct app_err e = {0};
	struct monitor_alert_filter f = {.today = D(2025, 11, 20)};
	is_int(monitor_alerts(s, &cfg, &f, &a, &e), APP_OK, "alerts as of 11-20");
	is_int(a.period, P(2025, 10), "evaluated at October (closed on 11-10)");
	/* A: staff 85 against 100 a year before: −15% (≥ 10%). B: nothing.
	 * C: required since May, never filed: missing since June (May and
	 * April: April not required). */
	is_int(a.n, 2, "two warnings");
	is_int(a.firms, 2, "two firms");
	if (a.n == 2) {
		ok(strcmp(a.v[0].uscc, A) == 0 &&
		       strcmp(a.v[0].rule->code, "employees_yoy_drop") == 0 &&
		       a.v[0].started == P(2025, 10) && a.v[0].started_on == D(2025, 11, 10),
		   "A: staff down since October (September has no year-before report)");
		is_str(a.v[0].detail, "2025-10 从业人员期末人数 85 人 ≤ 90 人", "A's detail");
		ok(strcmp(a.v[1].uscc, C) == 0 &&
		       strcmp(a.v[1].rule->code, "missing_streak") == 0 &&
		       a.v[1].started == P(2025, 6) && a.v[1].started_on == D(2025, 7, 10),
		   "C: two periods missing since June (due 07-10)");
	}
	ok(a.nunits == 1 && strcmp(a.units[0].unit, "500112") == 0 && a.units[0].firms == 2 &&
	       a.units[0].by_rule[2] == 1 && a.units[0].by_rule[3] == 1,
	   "counts per district: 渝北区 2 firms, one staff drop, one missing streak");
	monitor_alerts_free(&a);
	f.today = D(2025, 11, 10);
	is_int(monitor_alerts(s, &cfg, &f, &a, &e), APP_OK, "as of 11-10");
	ok(a.period == P(2025, 9), "October is not closed on its deadline day: September");
	monitor_alerts_free(&a);
	f.period = P(2025, 10);
	is_int(monitor_alerts(s, &cfg, &f, &a, &e), APP_EINVAL, "asking for an open period");

	struct monthly_rereview rr;
	is_int(monitor_rereview(s, &who, &cfg, A, "employees_yoy_drop", "人员大幅减少,启动复核",
	                        D(2025, 11, 20), &rr, &e),
	       APP_OK, "re-review opened");
	ok(rr.id > 0 && strcmp(rr.status, "open") == 0 && rr.started == P(2025, 10),
	   "an open request for the warning that started in October");
	is_int(monitor_rereview(s, &who, &cfg, A, "employees_yoy_drop", "再次", D(2025, 11, 20),
	                        NULL, &e),
	       APP_ECONFLICT, "only one open request per warning");
	is_int(monitor_rereview(s, &who, &cfg, B, "loss_streak", "理由", D(2025, 11, 20), NULL, &e),
	       APP_ENOTFOUND, "no such warning for B");
	f = (struct monitor_alert_filter){.today = D(2025, 11, 20), .uscc = A};
	monitor_alerts(s, &cfg, &f, &a, &e);
	ok(a.n == 1 && a.v[0].rereview_id == rr.id, "the warning shows its open request");
	monitor_alerts_free(&a);
	is_int(store_monthly_rereview_close(s, rr.id, "taken", "workflow", &e), APP_OK,
	       "the workflow takes it");
	is_int(store_monthly_rereview_close(s, rr.id, "taken", "workflow", &e), APP_ENOTFOUND,
	       "and it is no longer open");
}

int main(void)
{
	char path[] = "/tmp/t_monitor_views.XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	monitor_settings_default(&cfg);
	mk(1, "500112", A);
	mk(2, "500106", B);
	mk(3, "500112", C);
	struct store *s = fixture(path);
	if (s) {
		report(s);
		notice(s);
		alerts(s);
		store_close(s);
	}
	char aux[256];
	unlink(path);
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
	return test_done();
}
