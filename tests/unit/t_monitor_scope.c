/* t_monitor_scope.c - what the monitoring API and the Excel files add to the
 * monthly service: completeness and warnings restricted to a district
 * user's reach, bulk files restricted the same way, the monthly XLSX
 * template (its headers import), the XLSX export of the reports (it
 * re-imports unchanged), and the tables (completeness, 催报, 通报) as CSV.
 *
 * Fixture (as t_monitor.c; tiers decide who must file):
 *   A 渝北区 500112, 专精特新 since 2024-01-01
 *   B 沙坪坝区 500106 in 重庆高新区 GXQ (unit GXQ), 创新型 since 2024-06-01
 *   C 渝北区, 储备 since 2025-05-01
 *   D 沙坪坝区, no tier (files voluntarily)
 * October 2025 (deadline 11-10, as of 11-20): A on time, B late (11-12), D
 * voluntary, C missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/monitor_alert.h"
#include "app/monitor_import.h"
#include "app/monitor_tables.h"
#include "core/uscc.h"
#include "io/export.h"
#include "io/template.h"
#include "test.h"

#define W(x)       ((int64_t)((x)*1000000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define P(y, m)    monthly_period((y), (m))
#define D(y, m, d) date_days((y), (m), (d))

/* libxlsxwriter 1.1.4 leaks its copy of each list-validation formula (the
 * template's 报告期 list); not ours to fix (see t_template.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:worksheet_data_validation_range\nleak:lxw_strdup\n";
}

static char A[19], B[19], C[19], Dd[19];
static struct audit_actor clerk = {"clerk", "district", "10.0.0.2"};
static struct monitor_settings cfg;
static char tmpdir[] = "/tmp/t_monitor_scope.XXXXXX";
static int seq;

static void mk(int n, const char *region, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91%sMA5U%04d0", region, n);
	uscc_make(body, true, out);
}

static void firm(struct store *s, const char *uscc, const char *name, const char *district,
                 const char *zone, const char *contact, const char *phone)
{
	struct enterprise e;
	memset(&e, 0, sizeof e);
	snprintf(e.uscc, sizeof e.uscc, "%s", uscc);
	snprintf(e.name, sizeof e.name, "%s", name);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "C3670");
	snprintf(e.contact, sizeof e.contact, "%s", contact);
	snprintf(e.phone, sizeof e.phone, "%s", phone);
	struct app_err err = {0};
	if (store_enterprise_put(s, &e, NULL, &err) != APP_OK)
		diag("firm: %s", err.msg);
}

static void tier(struct store *s, const char *uscc, enum tier t, const char *since)
{
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(ev.uscc, sizeof ev.uscc, "%s", uscc);
	ev.tier = t;
	ev.status = TS_RECOGNIZED;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	snprintf(ev.actor, sizeof ev.actor, "test");
	struct app_err err = {0};
	if (store_tier_add(s, &ev, &err) != APP_OK)
		diag("tier: %s", err.msg);
}

static struct store *fixture(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/db%d.sqlite", tmpdir, ++seq);
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK) {
		diag("open: %s", e.msg);
		return NULL;
	}
	firm(s, A, "重庆甲汽车部件有限公司", "500112", "", "张三", "13812345678");
	firm(s, B, "重庆乙电子科技有限公司", "500106", "GXQ", "李四", "023-65551234");
	firm(s, C, "重庆丙机械有限公司", "500112", "", "王五", "13987654321");
	firm(s, Dd, "重庆丁软件有限公司", "500106", "", "赵六", "13600000000");
	tier(s, A, TIER_SRDI, "2024-01-01");
	tier(s, B, TIER_INNOVATIVE, "2024-06-01");
	tier(s, C, TIER_CANDIDATE, "2025-05-01");
	return s;
}

static void file_ok(struct store *s, const char *uscc, int p, const char *now, double rev)
{
	struct monitor_filing f;
	monitor_filing_init(&f, uscc, p);
	f.now = now;
	monthly_set(&f.m, MK_REVENUE_YTD, W(rev));
	monthly_set(&f.m, MK_PROFIT_YTD, W(rev / 20));
	monthly_set(&f.m, MK_EMPLOYEES, 40);
	struct monthly_confirmation all = {MONTHLY_CONFIRM_ALL, "测试数据"};
	f.confirms = &all;
	f.nconfirms = 1;
	struct monitor_result r;
	struct app_err e = {0};
	if (monitor_file(s, &clerk, &cfg, &f, &r, &e) != APP_OK)
		diag("file %s: %s", uscc, e.msg);
}

static struct store *october(void)
{
	struct store *s = fixture();
	file_ok(s, A, P(2025, 10), "2025-11-05 02:00:00", 1100);
	file_ok(s, B, P(2025, 10), "2025-11-12 02:00:00", 260);
	file_ok(s, Dd, P(2025, 10), "2025-11-06 02:00:00", 80);
	return s;
}

/* ---- completeness by scope ---- */

static void scoped_completeness(void)
{
	struct store *s = october();
	struct monitor_completeness c;
	struct app_err e = {0};
	int p = P(2025, 10);
	int64_t today = D(2025, 11, 20);

	is_int(monitor_completeness_scoped(s, &cfg, p, today, "500106", &c, &e), APP_OK, "沙坪坝");
	ok(c.city.expected == 1 && c.city.filed == 1 && c.city.late == 1 && c.city.on_time == 0 &&
	       c.city.missing == 0 && c.city.voluntary == 1,
	   "沙坪坝 reaches B (its district, filed late) and D (voluntary); not A, C");
	ok(c.nunits == 1 && strcmp(c.units[0].unit, "GXQ") == 0 && c.units[0].expected == 1,
	   "B counts under its unit 高新区 (the 沙坪坝 unit has only a voluntary filer)");
	is_int(c.nmissing, 0, "no missing firm in 沙坪坝");
	monitor_completeness_free(&c);

	is_int(monitor_completeness_scoped(s, &cfg, p, today, "500112", &c, &e), APP_OK, "渝北");
	ok(c.city.expected == 2 && c.city.filed == 1 && c.city.on_time == 1 &&
	       c.city.missing == 1 && c.city.voluntary == 0,
	   "渝北: A on time, C missing; D (沙坪坝) is not its voluntary filer");
	ok(c.nmissing == 1 && strcmp(c.missing[0].uscc, C) == 0, "渝北's missing firm is C");
	is_dbl(c.city.rate, 50.0, 1e-9, "渝北 rate 1/2 = 50%");
	monitor_completeness_free(&c);

	is_int(monitor_completeness_scoped(s, &cfg, p, today, "GXQ", &c, &e), APP_OK, "高新区");
	ok(c.city.expected == 1 && c.city.filed == 1 && c.city.voluntary == 0,
	   "高新区 (a zone user) reaches B by its zone, not D");
	monitor_completeness_free(&c);

	is_int(monitor_completeness_scoped(s, &cfg, p, today, "500101", &c, &e), APP_OK, "万州");
	ok(c.city.expected == 0 && c.nunits == 0 && c.nmissing == 0 && c.city.rate == 100.0,
	   "万州: nobody to file, rate shown as 100%%");
	monitor_completeness_free(&c);

	struct monitor_completeness all, none;
	monitor_completeness_scoped(s, &cfg, p, today, NULL, &all, &e);
	monitor_completeness(s, &cfg, p, today, &none, &e);
	ok(all.city.expected == 3 && none.city.expected == 3 && all.nunits == none.nunits,
	   "no scope = the whole city (3 expected), same as monitor_completeness");
	monitor_completeness_free(&all);
	monitor_completeness_free(&none);
	store_close(s);
}

/* ---- warnings by scope ---- */

static void scoped_alerts(void)
{
	/* nobody files anything: A, B and C miss August to October */
	struct store *s = fixture();
	struct monitor_alert_filter f = {
	    .period = P(2025, 10), .today = D(2025, 11, 20), .rule = "missing_streak"};
	struct monitor_alerts a;
	struct app_err e = {0};
	is_int(monitor_alerts(s, &cfg, &f, &a, &e), APP_OK, "warnings, whole city");
	is_int(a.firms, 3, "A, B, C have not filed for two periods");
	monitor_alerts_free(&a);
	f.scope = "500112";
	monitor_alerts(s, &cfg, &f, &a, &e);
	ok(a.firms == 2 && a.n == 2 && a.nunits == 1 && strcmp(a.units[0].unit, "500112") == 0 &&
	       a.units[0].firms == 2,
	   "渝北: A and C, counted under 渝北");
	monitor_alerts_free(&a);
	f.scope = "500106";
	monitor_alerts(s, &cfg, &f, &a, &e);
	ok(a.firms == 1 && a.n == 1 && strcmp(a.v[0].uscc, B) == 0 &&
	       strcmp(a.units[0].unit, "GXQ") == 0,
	   "沙坪坝: B only, counted under its unit 高新区");
	monitor_alerts_free(&a);
	f.scope = "500101";
	monitor_alerts(s, &cfg, &f, &a, &e);
	ok(a.firms == 0 && a.n == 0 && a.nunits == 0, "万州: none");
	monitor_alerts_free(&a);
	f.scope = NULL;
	f.counts_only = true;
	monitor_alerts(s, &cfg, &f, &a, &e);
	ok(a.firms == 3 && a.by_rule[3] == 3 && a.nunits == 2 && a.v[0].started == P(2025, 10),
	   "counts only: the same counts, starts left at the evaluated period");
	ok(a.n && a.v[0].detail[0] == '\0', "counts only: no detail formatted");
	monitor_alerts_free(&a);
	store_close(s);
}

/* ---- bulk files by scope ---- */

static void scoped_import(void)
{
	struct store *s = fixture();
	char csv[512];
	snprintf(csv, sizeof csv,
	         "统一社会信用代码,报告期,营业收入(累计)\n%s,2025-10,100\n%s,2025-10,200\n", B, A);
	struct monitor_import_options o = {.actor = "clerk",
	                                   .today = D(2025, 11, 20),
	                                   .scope_district = "500106",
	                                   .dry_run = true};
	struct import_report rep;
	struct app_err e = {0};
	import_report_init(&rep);
	is_int(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &o, &rep, &e), APP_EINVAL,
	       "沙坪坝 uploads a row of 渝北's A: refused");
	ok(rep.error_count == 1 && rep.nerrors == 1 && rep.errors[0].line == 3 &&
	       rep.errors[0].col == 1 && strcmp(rep.errors[0].code, "unknown_firm") == 0,
	   "the row of A (line 3, column 1) reads as an unknown firm");
	ok(strstr(rep.errors[0].msg, "未知企业") != NULL, "with the unknown-firm words");
	import_report_free(&rep);

	snprintf(csv, sizeof csv, "统一社会信用代码,报告期,营业收入(累计)\n%s,2025-10-01,100\n", B);
	import_report_init(&rep);
	o.dry_run = false;
	is_int(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &o, &rep, &e), APP_OK,
	       "沙坪坝 files its own B; the period written as a date (2025-10-01) is read");
	is_int(rep.created, 1, "one report created");
	import_report_free(&rep);
	snprintf(csv, sizeof csv, "统一社会信用代码,报告期,营业收入(累计)\n%s,2025-10-02,100\n", B);
	import_report_init(&rep);
	is_int(monitor_import_csv_mem(s, &cfg, csv, strlen(csv), &o, &rep, &e), APP_EINVAL,
	       "a date other than the first of a month is not a period");
	import_report_free(&rep);
	store_close(s);
}

/* ---- the monthly template and the XLSX export ---- */

static void template_and_export(void)
{
	enum template_kind k;
	ok(template_parse("monthly", &k) && k == TEMPLATE_MONTHLY && template_parse("月度", &k),
	   "template monthly (and 月度) is known");
	is_str(template_sheet(TEMPLATE_MONTHLY), "月度数据", "its data sheet");
	is_int(template_columns(TEMPLATE_MONTHLY), 4 + MK_COUNT,
	       "uscc, name, period, 7 keys, note = 11 columns");
	char h[160];
	template_header(TEMPLATE_MONTHLY, 3, h, sizeof h);
	is_str(h, "营业收入(累计)(万元)", "money headers carry 万元");
	template_header(TEMPLATE_MONTHLY, 3 + MK_EMPLOYEES, h, sizeof h);
	is_str(h, "从业人员期末人数(人)", "headcount carries 人");
	ok(!template_header(TEMPLATE_MONTHLY, 4 + MK_COUNT, h, sizeof h),
	   "no column past the note");

	struct store *s = october();
	char tpl[160], xl[160];
	snprintf(tpl, sizeof tpl, "%s/monthly-template.xlsx", tmpdir);
	snprintf(xl, sizeof xl, "%s/monthly.xlsx", tmpdir);
	struct app_err e = {0};
	is_int(template_write(TEMPLATE_MONTHLY, tpl, &e), APP_OK, "the template is written");
	struct monitor_import_options o = {.actor = "t", .today = D(2025, 11, 20), .dry_run = true};
	struct import_report rep;
	import_report_init(&rep);
	is_int(monitor_import_file(s, &cfg, tpl, &o, &rep, &e), APP_OK,
	       "the blank template imports (every header maps, nothing required is missing)");
	ok(rep.rows == 0 && rep.ignored[0] == '\0', "no rows, no ignored column");
	import_report_free(&rep);

	struct export_options eo = {0};
	is_int(export_monthly_xlsx(s, P(2025, 10), P(2025, 10), NULL, &eo, xl, &e), APP_OK,
	       "October exported to XLSX");
	import_report_init(&rep);
	is_int(monitor_import_file(s, &cfg, xl, &o, &rep, &e), APP_OK, "the export re-imports");
	ok(rep.rows == 3 && rep.unchanged == 3 && rep.created == 0 && rep.error_count == 0,
	   "3 rows, each the same as stored (exact money)");
	import_report_free(&rep);
	eo.scope_district = "500106";
	export_monthly_xlsx(s, P(2025, 10), P(2025, 10), NULL, &eo, xl, &e);
	import_report_init(&rep);
	monitor_import_file(s, &cfg, xl, &o, &rep, &e);
	is_int(rep.rows, 2, "沙坪坝's export holds B and D only");
	import_report_free(&rep);
	eo.scope_district = NULL;
	eo.uscc = A;
	export_monthly_xlsx(s, 0, 0, NULL, &eo, xl, &e);
	import_report_init(&rep);
	monitor_import_file(s, &cfg, xl, &o, &rep, &e);
	is_int(rep.rows, 1, "one firm's export holds its report only");
	import_report_free(&rep);
	store_close(s);
}

/* ---- tables ---- */

static void tables(void)
{
	struct store *s = october();
	struct monitor_completeness c;
	struct app_err e = {0};
	monitor_completeness(s, &cfg, P(2025, 10), D(2025, 11, 20), &c, &e);
	struct buf b;
	buf_init(&b, 1 << 20);
	is_int(monitor_completeness_csv(&c, &b), APP_OK, "completeness CSV");
	const char *want =
	    "\xEF\xBB\xBF"
	    "排名,区县(功能区),应报(家),已报(家),按时(家),逾期(家),未报(家),报送率(%),"
	    "按时率(%)\r\n"
	    "1,重庆高新区,1,1,0,1,0,100.00,0.00\r\n"
	    "2,渝北区,2,1,1,0,1,50.00,50.00\r\n"
	    "\"\",全市,3,2,1,1,1,66.67,33.33\r\n";
	is_str(buf_cstr(&b), want, "ranking by rate, the city last; rates with 2 decimals");
	buf_reset(&b);

	struct monitor_chase *v = NULL;
	size_t n = 0;
	is_int(monitor_chase_list(s, &c, NULL, false, &v, &n, &e), APP_OK, "催报 list");
	ok(n == 1 && strcmp(v[0].uscc, C) == 0 && strcmp(v[0].contact, "王五") == 0 &&
	       strcmp(v[0].phone, "13987654321") == 0,
	   "C with its contact person and phone");
	monitor_chase_csv(&c, v, n, &b);
	ok(strstr(buf_cstr(&b), "2025-10,2025-11-10,渝北区,") != NULL,
	   "CSV rows start with the period, the deadline and the unit");
	free(v);
	buf_reset(&b);
	monitor_chase_list(s, &c, NULL, true, &v, &n, &e);
	ok(n == 1 && strcmp(v[0].contact, "王**") == 0 && strcmp(v[0].phone, "139****4321") == 0,
	   "masked: 王**, 139****4321");
	free(v);
	monitor_chase_list(s, &c, "GXQ", false, &v, &n, &e);
	is_int(n, 0, "高新区 has nobody to chase");
	free(v);
	monitor_completeness_free(&c);

	struct monitor_notice_tables t;
	struct monitor_notice_options no = {.threshold_bp = 9000};
	is_int(monitor_notice_tables(s, &cfg, P(2025, 10), D(2025, 11, 20), &no, &t, &e), APP_OK,
	       "通报 tables");
	monitor_notice_tables_csv(&t, &b);
	/* the window is August to October; nobody filed August or September */
	ok(strstr(buf_cstr(&b), "2,渝北区,2,1,1,0,1,50.00,50.00,是,3\r\n") != NULL,
	   "渝北 is under 90%% now (是), and was in all 3 periods of the window");
	ok(strstr(buf_cstr(&b), "1,重庆高新区,1,1,0,1,0,100.00,0.00,否,2\r\n") != NULL,
	   "高新区 is not now (否), but was twice (August, September: 0%%)");
	monitor_notice_tables_free(&t);
	buf_free(&b);
	store_close(s);
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
	scoped_completeness();
	scoped_alerts();
	scoped_import();
	template_and_export();
	tables();
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		diag("cleanup failed");
	return test_done();
}
