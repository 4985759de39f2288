/* t_monthly.c - core/monthly: keys, periods, the reporting calendar,
 * single-month values, value parsing and the validation rules.
 *
 * Every expected value is worked by hand in the comment beside it.
 * 1 万元 = 1,000,000 分. A period is year * 12 + month − 1, so 2025-10 is
 * 2025 * 12 + 9 = 24309. */
#include <stdio.h>
#include <string.h>

#include "core/monthly.h"
#include "test.h"

#define W(x)       ((int64_t)((x)*1000000.0 + ((x) < 0 ? -0.5 : 0.5))) /* 万元 → 分 */
#define P(y, m)    monthly_period((y), (m))
#define D(y, m, d) date_days((y), (m), (d))

static void keys(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
	    {"revenue_ytd", MK_REVENUE_YTD},
	    {"REVENUE_YTD", MK_REVENUE_YTD},
	    {"营业收入(累计)", MK_REVENUE_YTD},
	    {"营业收入", MK_REVENUE_YTD},
	    {"利润总额(累计)", MK_PROFIT_YTD},
	    {"profit_ytd", MK_PROFIT_YTD},
	    {"出口交货值", MK_EXPORT_YTD},
	    {"从业人员期末人数", MK_EMPLOYEES},
	    {"从业人员数", MK_EMPLOYEES},
	    {"employees", MK_EMPLOYEES},
	    {"orders_note", MONTHLY_COL_NOTE},
	    {"生产经营情况说明", MONTHLY_COL_NOTE},
	    {"revenue", -1},
	    {"净利润", -1},
	    {"", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(monthly_key_find(strv_from(cases[i].text)), cases[i].want, cases[i].text);
	ok(monthly_key_is_ytd(MK_TAX_YTD) && !monthly_key_is_ytd(MK_EMPLOYEES),
	   "headcount is the only stock");
	is_str(monthly_key_short(MK_RD_EXPENSE_YTD), "研发费用", "short name");
	is_int(monthly_indicators[MK_PROFIT_YTD].min, -MONTHLY_MONEY_MAX, "profit may be negative");
	is_int(monthly_indicators[MK_REVENUE_YTD].min, 0, "revenue may not");
}

static void periods(void)
{
	static const struct {
		const char *text;
		int want; /* 0 = rejected */
	} cases[] = {
	    {"2025-10", 24309}, /* 2025*12 + 9 */
	    {" 2025-10 ", 24309},
	    {"2025/10", 24309},
	    {"2025.10", 24309},
	    {"202510", 24309},
	    {"2025-1", 24300},
	    {"2025年3月", 24302},
	    {"2025年12月", 24311},
	    {"1990-01", 23880}, /* 1990*12 */
	    {"2999-12", 35999}, /* 2999*12 + 11 */
	    {"1989-12", 0},
	    {"3000-01", 0},
	    {"2025-13", 0},
	    {"2025-00", 0},
	    {"2025-10-01", 0},
	    {"25-10", 0},
	    {"2025-1x", 0},
	    {"2025年3", 0},
	    {"20251", 0},
	    {"2025101", 0},
	    {"", 0},
	    {"2025-", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int p = 0;
		bool okp = monthly_period_parse(strv_from(cases[i].text), &p);
		if (cases[i].want)
			ok(okp && p == cases[i].want, "period \"%s\" = %d (got %d)", cases[i].text,
			   cases[i].want, p);
		else
			ok(!okp, "period \"%s\" rejected", cases[i].text);
	}
	char buf[8];
	monthly_period_format(24309, buf);
	is_str(buf, "2025-10", "format");
	monthly_period_format(P(2026, 1), buf);
	is_str(buf, "2026-01", "format January");
	is_int(monthly_period_yyyymm(24309), 202510, "YYYYMM");
	is_int(monthly_period_from_yyyymm(202510), 24309, "from YYYYMM");
	is_int(monthly_period_from_yyyymm(202513), 0, "month 13 rejected");
	is_int(monthly_period_from_yyyymm(198912), 0, "year before 1990 rejected");
	is_int(monthly_period_first_day(P(2025, 2)), D(2025, 2, 1), "first day");
	is_int(monthly_period_last_day(P(2024, 2)), D(2024, 2, 29), "last day, leap February");
	is_int(monthly_period_last_day(P(2025, 12)), D(2025, 12, 31), "last day of December");
	is_int(monthly_months_covered(P(2025, 10)), 10, "October covers 10 months");
}

static void calendar(void)
{
	struct monthly_calendar c, nc;
	monthly_calendar_default(&c);
	nc = c;
	nc.combine_jan_feb = false;
	is_int(c.deadline_day, 10, "default deadline the 10th");
	ok(!monthly_period_expected(&c, P(2025, 1)), "January not expected when combined");
	ok(monthly_period_expected(&nc, P(2025, 1)), "January expected otherwise");
	ok(monthly_period_expected(&c, P(2025, 2)), "February expected");
	is_int(monthly_period_prev(&c, P(2025, 3)), P(2025, 2), "prev of March");
	is_int(monthly_period_prev(&c, P(2025, 2)), P(2024, 12), "prev of 1-2月 skips January");
	is_int(monthly_period_prev(&nc, P(2025, 2)), P(2025, 1), "prev of February, not combined");
	is_int(monthly_period_next(&c, P(2024, 12)), P(2025, 2), "next of December skips January");
	is_int(monthly_deadline(&c, P(2025, 10)), D(2025, 11, 10), "October due 11-10");
	is_int(monthly_deadline(&c, P(2025, 12)), D(2026, 1, 10), "December due next January");
	struct monthly_calendar c15 = {15, true}, c31 = {31, true};
	is_int(monthly_deadline(&c15, P(2025, 10)), D(2025, 11, 15), "deadline day 15");
	is_int(monthly_deadline(&c31, P(2025, 1)), D(2025, 2, 28), "deadline day clamped to 28");
	/* last closed: the deadline day itself is still open */
	static const struct {
		int y, m, d;
		int wy, wm; /* the period expected */
	} closed[] = {
	    {2025, 11, 10, 2025, 9},  /* October's deadline is today */
	    {2025, 11, 11, 2025, 10}, /* the day after */
	    {2026, 3, 10, 2025, 12},  /* 1-2月 due today; January is no period */
	    {2026, 3, 11, 2026, 2},   /* 1-2月 closed */
	    {2026, 2, 15, 2025, 12},  /* January is skipped */
	    {2026, 1, 10, 2025, 11},  {2026, 1, 11, 2025, 12},
	};
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++)
		ok(monthly_last_closed(&c, D(closed[i].y, closed[i].m, closed[i].d)) ==
		       P(closed[i].wy, closed[i].wm),
		   "last closed on %d-%02d-%02d is %d-%02d", closed[i].y, closed[i].m, closed[i].d,
		   closed[i].wy, closed[i].wm);
	is_int(monthly_last_closed(&nc, D(2026, 2, 15)), P(2026, 1),
	       "January closes when not combined");
	is_int(monthly_last_ended(D(2025, 11, 1)), P(2025, 10), "October ended by 11-01");
	is_int(monthly_last_ended(D(2025, 10, 31)), P(2025, 9), "October not ended on 10-31");
	char b[32];
	monthly_span_label(P(2025, 10), b, sizeof b);
	is_str(b, "1—10月", "span of October");
	monthly_span_label(P(2025, 1), b, sizeof b);
	is_str(b, "1月", "span of January");
	monthly_span_label(P(2025, 2), b, sizeof b);
	is_str(b, "1—2月", "span of February");
	monthly_month_label(&c, P(2025, 2), b, sizeof b);
	is_str(b, "1—2月", "combined February is 1—2月");
	monthly_month_label(&nc, P(2025, 2), b, sizeof b);
	is_str(b, "2月", "February alone");
	monthly_month_label(&c, P(2025, 10), b, sizeof b);
	is_str(b, "10月", "October");
	/* Beijing is UTC+8: 15:59:59 UTC is 23:59:59 the same day, 16:00 is the next */
	is_int(monthly_local_day("2025-11-10 15:59:59"), D(2025, 11, 10),
	       "local day before midnight");
	is_int(monthly_local_day("2025-11-10 16:00:00"), D(2025, 11, 11),
	       "local day after midnight");
	is_int(monthly_local_day("2025-11-10"), D(2025, 11, 10), "bare date");
	is_int(monthly_local_day("2025-02-30 00:00:00"), INT64_MIN, "bad date");
	is_int(monthly_local_day("garbage"), INT64_MIN, "garbage");
	ok(monthly_on_time(&c, P(2025, 10), "2025-11-10 15:59:59"), "on time at 23:59:59 Beijing");
	ok(!monthly_on_time(&c, P(2025, 10), "2025-11-10 16:00:00"),
	   "late at 00:00 Beijing on the 11th");
	ok(!monthly_on_time(&c, P(2025, 10), ""), "no filing time is not on time");
}

static struct monthly rep(int p, int64_t rev, int64_t profit, int64_t emp)
{
	struct monthly m;
	memset(&m, 0, sizeof m);
	snprintf(m.uscc, sizeof m.uscc, "91500000MA5U000000");
	m.period = p;
	if (rev >= 0)
		monthly_set(&m, MK_REVENUE_YTD, rev);
	if (profit != INT64_MIN)
		monthly_set(&m, MK_PROFIT_YTD, profit);
	if (emp >= 0)
		monthly_set(&m, MK_EMPLOYEES, emp);
	return m;
}

static void single(void)
{
	struct monthly_calendar c, nc;
	monthly_calendar_default(&c);
	nc = c;
	nc.combine_jan_feb = false;
	struct monthly mar = rep(P(2025, 3), W(300), W(-5), 120);
	struct monthly feb = rep(P(2025, 2), W(180), W(10), 100);
	struct monthly jan = rep(P(2025, 1), W(100), INT64_MIN, 90);
	int64_t v = 0;
	ok(monthly_single(&c, &mar, &feb, MK_REVENUE_YTD, &v) && v == W(120),
	   "March = 300 - 180 = 120");
	ok(monthly_single(&c, &mar, &feb, MK_PROFIT_YTD, &v) && v == W(-15),
	   "profit -5 - 10 = -15");
	ok(monthly_single(&c, &mar, &feb, MK_EMPLOYEES, &v) && v == 120,
	   "headcount is the stock 120");
	ok(!monthly_single(&c, &mar, NULL, MK_REVENUE_YTD, &v), "March without February: unknown");
	ok(!monthly_single(&c, &mar, &jan, MK_REVENUE_YTD, &v), "March against January: not p-1");
	ok(monthly_single(&c, &feb, NULL, MK_REVENUE_YTD, &v) && v == W(180),
	   "combined 1-2月 = its YTD 180");
	ok(monthly_single(&nc, &feb, &jan, MK_REVENUE_YTD, &v) && v == W(80),
	   "February alone = 180 - 100");
	ok(!monthly_single(&nc, &feb, NULL, MK_REVENUE_YTD, &v), "February alone needs January");
	ok(monthly_single(&nc, &jan, NULL, MK_REVENUE_YTD, &v) && v == W(100), "January = its YTD");
	ok(!monthly_single(&c, &jan, NULL, MK_PROFIT_YTD, &v), "missing key: unknown, not 0");
	ok(!monthly_single_needs_prev(&c, P(2025, 2)) && monthly_single_needs_prev(&nc, P(2025, 2)),
	   "February needs January only when not combined");
	struct monthly a = mar, b = mar;
	ok(monthly_same_values(&a, &b), "same values");
	b.v[MK_REVENUE_YTD]++;
	ok(!monthly_same_values(&a, &b), "a value differs");
	b = mar;
	snprintf(b.note, sizeof b.note, "订单充足");
	ok(!monthly_same_values(&a, &b), "the note differs");
}

static void parsing(void)
{
	static const struct {
		int key;
		const char *text;
		enum money_unit unit;
		bool ok, present;
		int64_t want;
		const char *code;
	} cases[] = {
	    {MK_REVENUE_YTD, "123.45", MONEY_WANYUAN, true, true, 123450000, NULL},
	    {MK_REVENUE_YTD, "1,234,500", MONEY_YUAN, true, true, 123450000, NULL},  /* 元 */
	    {MK_REVENUE_YTD, "1234.5", MONEY_QIANYUAN, true, true, 123450000, NULL}, /* 千元 */
	    {MK_REVENUE_YTD, "", MONEY_WANYUAN, true, false, 0, NULL},
	    {MK_REVENUE_YTD, "  ", MONEY_WANYUAN, true, false, 0, NULL},
	    {MK_REVENUE_YTD, "abc", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NOT_NUMERIC},
	    {MK_REVENUE_YTD, "1.2E+5", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NOT_NUMERIC},
	    {MK_REVENUE_YTD, "-5", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NEGATIVE},
	    {MK_PROFIT_YTD, "-5", MONEY_WANYUAN, true, true, -5000000, NULL},
	    /* the ceiling: 1e9 万元 = 1e15 分 is allowed, one 分 more is not */
	    {MK_REVENUE_YTD, "1000000000", MONEY_WANYUAN, true, true, MONTHLY_MONEY_MAX, NULL},
	    {MK_REVENUE_YTD, "1000000000.000001", MONEY_WANYUAN, false, false, 0, MONTHLY_E_RANGE},
	    {MK_PROFIT_YTD, "-1000000000.000001", MONEY_WANYUAN, false, false, 0, MONTHLY_E_RANGE},
	    {MK_REVENUE_YTD, "99999999999999999999", MONEY_WANYUAN, false, false, 0,
	     MONTHLY_E_RANGE},
	    {MK_EMPLOYEES, "120", MONEY_WANYUAN, true, true, 120, NULL},
	    {MK_EMPLOYEES, "-3", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NEGATIVE},
	    {MK_EMPLOYEES, "12.5", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NOT_NUMERIC},
	    {MK_EMPLOYEES, "十二", MONEY_WANYUAN, false, false, 0, MONTHLY_E_NOT_NUMERIC},
	    {MK_EMPLOYEES, "10000000", MONEY_WANYUAN, true, true, 10000000, NULL},
	    {MK_EMPLOYEES, "10000001", MONEY_WANYUAN, false, false, 0, MONTHLY_E_RANGE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct monthly_findings fs;
		monthly_findings_init(&fs);
		int64_t v = -1;
		bool present = true;
		bool r = monthly_parse_value(cases[i].key, strv_from(cases[i].text), cases[i].unit,
		                             &v, &present, &fs);
		char name[128];
		snprintf(name, sizeof name, "parse %s \"%s\"", monthly_indicators[cases[i].key].key,
		         cases[i].text);
		if (cases[i].ok) {
			ok(r && present == cases[i].present && fs.n == 0 &&
			       (!present || v == cases[i].want),
			   "%s = %lld", name, (long long)cases[i].want);
		} else {
			ok(!r && !present && fs.n == 1 && fs.errors == 1 &&
			       strcmp(fs.f[0].code, cases[i].code) == 0 &&
			       fs.f[0].key == cases[i].key,
			   "%s: %s", name, cases[i].code);
			if (fs.n)
				diag("%s", fs.f[0].msg);
		}
	}
	struct monthly_findings fs;
	monthly_findings_init(&fs);
	monthly_parse_value(MK_REVENUE_YTD, strv_from("-5"), MONEY_WANYUAN, &(int64_t){0},
	                    &(bool){0}, &fs);
	is_str(fs.f[0].msg, "营业收入(累计) \"-5\" 不能为负数", "negative message");
	struct monthly m;
	memset(&m, 0, sizeof m);
	monthly_findings_init(&fs);
	ok(monthly_parse_note(&m, strv_from("  订单饱满  "), &fs) &&
	       strcmp(m.note, "订单饱满") == 0,
	   "note trimmed");
	char big[MAX_MONTHLY_NOTE_CHARS * 3 + 8];
	size_t o = 0;
	for (int i = 0; i <= MAX_MONTHLY_NOTE_CHARS; i++) {
		memcpy(big + o, "字", 3);
		o += 3;
	}
	big[o] = '\0';
	ok(!monthly_parse_note(&m, strv_from(big), &fs) && fs.n == 1 &&
	       strcmp(fs.f[0].code, MONTHLY_E_NOTE) == 0,
	   "note of %d characters rejected", MAX_MONTHLY_NOTE_CHARS + 1);
	big[o - 3] = '\0';
	monthly_findings_init(&fs);
	ok(monthly_parse_note(&m, strv_from(big), &fs), "note of %d characters kept",
	   MAX_MONTHLY_NOTE_CHARS);
}

/* Runs monthly_check and returns the findings. */
static struct monthly_findings run(const struct monthly *m, const struct monthly *r1,
                                   const struct monthly *r2, const struct monthly *ly,
                                   const enum money_unit *units, int64_t today)
{
	struct monthly_rules rules;
	monthly_rules_default(&rules);
	struct monthly_history h = {{r1, r2, NULL}, ly};
	struct monthly_findings fs;
	monthly_findings_init(&fs);
	monthly_check(&rules, m, units, &h, today, &fs);
	return fs;
}

static const struct monthly_finding *find(const struct monthly_findings *fs, const char *code)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].code, code) == 0)
			return &fs->f[i];
	return NULL;
}

static const int64_t TODAY = 0; /* set in main: 2025-11-20 */
static int64_t today;

static void errors(void)
{
	(void)TODAY;
	struct monthly m = rep(P(2025, 10), W(100), W(5), 10);
	struct monthly_findings fs = run(&m, NULL, NULL, NULL, NULL, D(2025, 10, 31));
	const struct monthly_finding *f = find(&fs, MONTHLY_E_FUTURE);
	ok(f && f->severity == MONTHLY_ERROR, "October filed on 10-31: not ended");
	if (f)
		is_str(f->msg, "报告期 2025-10 尚未结束(今天是 2025-10-31),不能报送",
		       "future message");
	fs = run(&m, NULL, NULL, NULL, NULL, D(2025, 11, 1));
	is_int(fs.n, 0, "October filed on 11-01: clean");
	struct monthly jan = rep(P(2025, 1), W(100), W(5), 10);
	fs = run(&jan, NULL, NULL, NULL, NULL, today);
	f = find(&fs, MONTHLY_E_JANUARY);
	ok(f && f->severity == MONTHLY_ERROR, "January alone rejected when combined");
	if (f)
		is_str(f->msg, "1月数据与2月合并报送(1—2月),请按报告期 2025-02 报送 1—2月累计数",
		       "January message");
	struct monthly empty = rep(P(2025, 9), -1, INT64_MIN, -1);
	fs = run(&empty, NULL, NULL, NULL, NULL, today);
	ok(find(&fs, MONTHLY_E_EMPTY) && fs.errors == 1, "empty report rejected");
	struct monthly neg = rep(P(2025, 9), -1, W(-1), 10);
	monthly_set(&neg, MK_REVENUE_YTD, -W(1));
	fs = run(&neg, NULL, NULL, NULL, NULL, today);
	f = find(&fs, MONTHLY_E_NEGATIVE);
	ok(f && f->key == MK_REVENUE_YTD && fs.errors == 1,
	   "negative revenue built directly: error");
	if (f)
		is_str(f->msg, "营业收入(累计) -1 不能为负数", "negative message");
}

static void slips(void)
{
	/* The example. September YTD 111.1 万元 (9 months: 12.344 per
	 * month); October typed 1,234,500 in a 万元 column, i.e. 元 meant:
	 * 1,234,500 / 10 = 123,450 per month; 123,450 / 12.344 = 10,000.8 ≈
	 * ×10,000; read in 元 it is 1,234,500 元 = 123.45 万元. */
	struct monthly sep = rep(P(2025, 9), W(111.1), INT64_MIN, -1);
	struct monthly oct = rep(P(2025, 10), W(1234500), INT64_MIN, -1);
	struct monthly_findings fs = run(&oct, &sep, NULL, NULL, NULL, today);
	const struct monthly_finding *f = find(&fs, "unit_slip.revenue_ytd");
	ok(f && f->severity == MONTHLY_WARNING && fs.n == 1, "×10,000 flagged (and nothing else)");
	if (f) {
		is_str(
		    f->msg,
		    "营业收入(累计)约为上月的 10,000 倍,疑似按元填报(应为万元),按万元应为 123.45",
		    "the example message");
		is_int(f->factor, 10000, "factor");
		is_int(f->likely_unit, MONEY_YUAN, "likely unit 元");
		is_int(f->suggested, W(123.45), "suggested 123.45 万元");
	}

	/* ×10 against a 万元 column: 千元 fits (1 千元 × 10 = 1 万元). Sept 900
	 * (100/month), Oct 10,000 (1,000/month): ratio 10. */
	struct monthly sep2 = rep(P(2025, 9), W(900), INT64_MIN, -1);
	struct monthly oct2 = rep(P(2025, 10), W(10000), INT64_MIN, -1);
	fs = run(&oct2, &sep2, NULL, NULL, NULL, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL, "×10 flagged"))
		is_str(f->msg,
		       "营业收入(累计)约为上月的 10 倍,疑似按千元填报(应为万元),按万元应为 1000",
		       "×10 message: 千元");

	/* A 千元 column (statistical forms): ×1,000 means 元. Values in 分:
	 * Sept 900 千元 (100 per month), Oct 1,000,000 千元 (100,000 per month). */
	enum money_unit qy[MK_COUNT];
	for (int k = 0; k < MK_COUNT; k++)
		qy[k] = MONEY_QIANYUAN;
	struct monthly sep3 = rep(P(2025, 9), 900 * 100000LL, INT64_MIN, -1);
	struct monthly oct3 = rep(P(2025, 10), 1000000 * 100000LL, INT64_MIN, -1);
	fs = run(&oct3, &sep3, NULL, NULL, qy, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL, "×1,000 in a 千元 column flagged"))
		is_str(f->msg,
		       "营业收入(累计)约为上月的 1,000 倍,疑似按元填报(应为千元),按千元应为 1000",
		       "×1,000 message: 元");

	/* ×1,000 against 万元: no unit is 1/1,000 of 万元. */
	struct monthly oct4 = rep(P(2025, 10), W(1000000), INT64_MIN, -1);
	fs = run(&oct4, &sep2, NULL, NULL, NULL, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL && f->likely_unit == -1, "×1,000 in 万元: flagged, no unit fits"))
		is_str(f->msg,
		       "营业收入(累计)约为上月的 1,000 倍,疑似数量级填错,除以 1,000 后为 1000 万元",
		       "×1,000 message without a unit");

	/* A fall to 1/10,000 against 万元: typed in 亿元. Sept 900 万, Oct 0.1
	 * 万 (0.01 per month against 100: 1/10,000); ×10,000 = 1,000 万元. */
	struct monthly oct5 = rep(P(2025, 10), W(0.1), INT64_MIN, -1);
	fs = run(&oct5, &sep2, NULL, NULL, NULL, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL && f->factor == -10000, "fall to 1/10,000 flagged"))
		is_str(f->msg,
		       "营业收入(累计)约为上月的 1/10,000,疑似按亿元填报(应为万元),按万元应为 1000",
		       "fall message: 亿元");
	ok(!find(&fs, "ytd_decrease.revenue_ytd"), "the slip is not also reported as a decrease");

	/* No recent month: the same month last year, compared directly. Oct
	 * 2024 YTD 1,000; Oct 2025 YTD 10,000,000: ×10,000. */
	struct monthly ly = rep(P(2024, 10), W(1000), INT64_MIN, -1);
	struct monthly oct6 = rep(P(2025, 10), W(10000000), INT64_MIN, -1);
	fs = run(&oct6, NULL, NULL, &ly, NULL, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL, "against the same month last year"))
		is_str(
		    f->msg,
		    "营业收入(累计)约为上年同期的 10,000 倍,疑似按元填报(应为万元),按万元应为 1000",
		    "last-year message");

	/* A January against December: monthly averages. Dec YTD 1,200 (100 per
	 * month); a normal January of 110 is 1.1×, not ÷10. */
	struct monthly_calendar nc;
	monthly_calendar_default(&nc);
	struct monthly dec = rep(P(2024, 12), W(1200), INT64_MIN, -1);
	struct monthly_rules rules;
	monthly_rules_default(&rules);
	rules.cal.combine_jan_feb = false;
	struct monthly jan = rep(P(2025, 1), W(110), INT64_MIN, -1);
	struct monthly_history h = {{&dec, NULL, NULL}, NULL};
	monthly_findings_init(&fs);
	monthly_check(&rules, &jan, NULL, &h, today, &fs);
	is_int(fs.n, 0, "January 110 after December 1,200 YTD: no slip, no decrease");

	/* The band is a factor of 2 around each factor: ratio 4.9 no, 5 yes,
	 * 20 yes, 20.5 no (Sept 900 = 100 per month). */
	static const struct {
		double oct_ytd; /* 万元, 10 months: ratio = oct_ytd / 1000 */
		bool flagged;
	} band[] = {{4900, false},    {5000, true},      {20000, true},
	            {20500, false},   {50000, false}, /* ×50 */
	            {499000, false},  {500000, true},    {2000000, true},
	            {2010000, false}, {4990000, false},  {5000000, true},
	            {20000000, true}, {20100000, false}, {500, false}, /* ×0.5 */
	            {50, true},                                        /* ×1/10 */
	            {200, true},      {210, false}};
	for (size_t i = 0; i < sizeof band / sizeof band[0]; i++) {
		struct monthly o = rep(P(2025, 10), W(band[i].oct_ytd), INT64_MIN, -1);
		fs = run(&o, &sep2, NULL, NULL, NULL, today);
		ok((find(&fs, "unit_slip.revenue_ytd") != NULL) == band[i].flagged,
		   "Oct YTD %.0f against 100/month: %s", band[i].oct_ytd,
		   band[i].flagged ? "flagged" : "not flagged");
	}
	/* profit is not checked for slips; each other money key separately */
	struct monthly p1 = rep(P(2025, 9), W(900), W(90), -1),
	               p2 = rep(P(2025, 10), W(1000), W(1000000), -1);
	monthly_set(&p1, MK_EXPORT_YTD, W(90));
	monthly_set(&p2, MK_EXPORT_YTD, W(1000000));
	fs = run(&p2, &p1, NULL, NULL, NULL, today);
	ok(!find(&fs, "unit_slip.profit_ytd") && find(&fs, "unit_slip.export_ytd"),
	   "export flagged on its own, profit never");
	/* the nearest recent month is used when the previous one is missing */
	struct monthly aug2 = rep(P(2025, 8), W(800), INT64_MIN, -1);
	fs = run(&oct2, NULL, &aug2, NULL, NULL, today);
	f = find(&fs, "unit_slip.revenue_ytd");
	if (ok(f != NULL, "p-2 used when p-1 is missing"))
		ok(strstr(f->msg, "约为8月的") != NULL, "names the month: %s", f->msg);
}

static void other_warnings(void)
{
	/* YTD decrease within the year */
	struct monthly sep = rep(P(2025, 9), W(900), INT64_MIN, -1);
	struct monthly oct = rep(P(2025, 10), W(850), INT64_MIN, -1);
	struct monthly_findings fs = run(&oct, &sep, NULL, NULL, NULL, today);
	const struct monthly_finding *f = find(&fs, "ytd_decrease.revenue_ytd");
	if (ok(f && f->severity == MONTHLY_WARNING, "YTD 850 after 900: warning"))
		is_str(f->msg,
		       "营业收入(累计) 850 万元低于上月累计的 900 万元;累计值不应减少,请核实",
		       "decrease message");
	struct monthly same = rep(P(2025, 10), W(900), INT64_MIN, -1);
	fs = run(&same, &sep, NULL, NULL, NULL, today);
	is_int(fs.n, 0, "YTD equal to last month: fine");
	struct monthly aug = rep(P(2025, 8), W(900), INT64_MIN, -1);
	fs = run(&oct, &aug, NULL, NULL, NULL, today);
	ok(!find(&fs, "ytd_decrease.revenue_ytd"), "only against p-1");
	struct monthly tax1 = rep(P(2025, 9), -1, INT64_MIN, -1),
	               tax2 = rep(P(2025, 10), -1, INT64_MIN, -1);
	monthly_set(&tax1, MK_TAX_YTD, W(50));
	monthly_set(&tax2, MK_TAX_YTD, W(45));
	fs = run(&tax2, &tax1, NULL, NULL, NULL, today);
	is_int(fs.n, 0, "tax may fall (refunds)");

	/* margin: bounds -100% .. 60% inclusive */
	static const struct {
		double rev, profit;
		bool flagged;
	} margins[] = {{1000, 600, false},     {1000, 600.01, true}, {1000, -1000, false},
	               {1000, -1000.01, true}, {0, 5, false},        {1000, 700, true}};
	for (size_t i = 0; i < sizeof margins / sizeof margins[0]; i++) {
		struct monthly m = rep(P(2025, 10), W(margins[i].rev), W(margins[i].profit), -1);
		fs = run(&m, NULL, NULL, NULL, NULL, today);
		ok((find(&fs, MONTHLY_W_MARGIN) != NULL) == margins[i].flagged,
		   "margin %.2f/%.0f %s", margins[i].profit, margins[i].rev,
		   margins[i].flagged ? "flagged" : "fine");
	}
	struct monthly m70 = rep(P(2025, 10), W(1000), W(700), -1);
	fs = run(&m70, NULL, NULL, NULL, NULL, today);
	if ((f = find(&fs, MONTHLY_W_MARGIN)))
		is_str(
		    f->msg,
		    "利润总额(累计)为营业收入(累计)的 70.0%,超出合理范围(-100.0% 至 60.0%),请核实",
		    "margin message");

	/* headcount: over 50% either way against the nearest recent month */
	struct monthly e100 = rep(P(2025, 9), -1, INT64_MIN, 100);
	static const struct {
		int64_t emp;
		bool flagged;
	} heads[] = {{150, false}, {151, true}, {50, false}, {49, true}, {100, false}};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		struct monthly m = rep(P(2025, 10), -1, INT64_MIN, heads[i].emp);
		fs = run(&m, &e100, NULL, NULL, NULL, today);
		ok((find(&fs, MONTHLY_W_HEADCOUNT) != NULL) == heads[i].flagged,
		   "headcount 100 → %lld %s", (long long)heads[i].emp,
		   heads[i].flagged ? "flagged" : "fine");
	}
	struct monthly e151 = rep(P(2025, 10), -1, INT64_MIN, 151);
	fs = run(&e151, &e100, NULL, NULL, NULL, today);
	if ((f = find(&fs, MONTHLY_W_HEADCOUNT)))
		is_str(f->msg,
		       "从业人员期末人数 151 人,较上月的 100 人增加 51.0%,变动超过 50.0%,请核实",
		       "headcount message");
}

static void confirmations(void)
{
	struct monthly sep = rep(P(2025, 9), W(900), INT64_MIN, 100);
	struct monthly oct = rep(P(2025, 10), W(850), W(700), 200);
	struct monthly_findings fs = run(&oct, &sep, NULL, NULL, NULL, today);
	is_int(fs.warnings, 3, "decrease, margin and headcount");
	struct monthly_confirmation c[3] = {
	    {"ytd_decrease.revenue_ytd", "上月多计收入,本月冲回"},
	    {"margin", "   "}, /* blank reason does not confirm */
	    {"headcount.x", "无关"},
	};
	is_int(monthly_unconfirmed(&fs, c, 3), 2, "one of three confirmed");
	snprintf(c[1].reason, sizeof c[1].reason, "处置资产收益");
	snprintf(c[2].code, sizeof c[2].code, "headcount");
	is_int(monthly_unconfirmed(&fs, c, 3), 0, "all confirmed");
	ok(monthly_confirmation_find(c, 3, "margin") == &c[1], "find by code");
	/* more findings than the array holds: the dropped ones stay unconfirmed */
	struct monthly_findings big;
	monthly_findings_init(&big);
	for (int i = 0; i < MAX_MONTHLY_FINDINGS + 8; i++)
		monthly_finding_add(&big, MONTHLY_WARNING, "w", -1, "x");
	is_int(big.n, MAX_MONTHLY_FINDINGS, "array full");
	is_int(big.dropped, 8, "8 dropped");
	struct monthly_confirmation w = {"w", "理由"};
	is_int(monthly_unconfirmed(&big, &w, 1), 8, "dropped warnings cannot be confirmed");
}

/* The checks a bulk load runs on a row alone: monthly_check's errors and
 * margin warning, in its order, and nothing that needs another report. */
static void alone(void)
{
	struct monthly_rules rules;
	monthly_rules_default(&rules);
	const struct {
		int p;
		double rev, profit;
		long emp;
		const char *codes; /* expected, in order */
	} cases[] = {
	    {P(2025, 10), 100, 5, 10, ""},
	    {P(2025, 12), 100, 5, 10, "future_period"},
	    {P(2026, 1), 100, 5, 10, "future_period january_combined"},
	    {P(2025, 10), 100, 90, 10, "margin"},
	    {P(2025, 12), 100, -200, 10, "future_period margin"},
	};
	struct monthly ly = rep(P(2024, 10), W(1), W(0.05), 1); /* ×100 slip material */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct monthly m =
		    rep(cases[i].p, W(cases[i].rev), W(cases[i].profit), cases[i].emp);
		struct monthly_findings a, b;
		monthly_findings_init(&a);
		monthly_findings_init(&b);
		monthly_check_alone(&rules, &m, today, &a);
		monthly_check(&rules, &m, NULL, NULL, today, &b);
		char got[256] = "";
		for (size_t j = 0; j < a.n; j++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", j ? " " : "",
			         a.f[j].code);
		bool same = a.n == b.n && a.errors == b.errors && a.warnings == b.warnings;
		for (size_t j = 0; same && j < a.n; j++)
			same = strcmp(a.f[j].code, b.f[j].code) == 0 &&
			       strcmp(a.f[j].msg, b.f[j].msg) == 0;
		ok(strcmp(got, cases[i].codes) == 0 && same,
		   "alone, case %zu: [%s], as monthly_check without history", i, got);
	}
	/* a history that makes a slip and a headcount change: not seen alone */
	struct monthly m = rep(P(2025, 10), W(10000), W(5), 100);
	struct monthly_findings a;
	monthly_findings_init(&a);
	monthly_check_alone(&rules, &m, today, &a);
	struct monthly_findings b = run(&m, NULL, NULL, &ly, NULL, today);
	ok(a.n == 0 && b.n >= 1,
	   "a slip against last year needs the history (%zu findings with it)", b.n);
}

int main(void)
{
	today = D(2025, 11, 20);
	keys();
	periods();
	calendar();
	single();
	parsing();
	errors();
	slips();
	other_warnings();
	confirmations();
	alone();
	return test_done();
}
