/* t_monthly_alert.c - the five default early-warning rules
 * (core/monthly_alert): both sides of every threshold, unknown when a
 * figure is missing, the streaks across a combined 1—2月, and where a
 * warning's run starts. Money in 万元 (W). */
#include <stdio.h>
#include <string.h>

#include "core/monthly_alert.h"
#include "test.h"

#define W(x)    ((int64_t)((x)*1000000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define P(y, m) monthly_period((y), (m))

enum { N = 30 };
static struct monthly reps[N];
static const struct monthly *at[N];
static bool expected[N];
static struct monthly_series ser;
static struct monthly_calendar cal;
static const int FIRST = 2024 * 12; /* 2024-01 */

static void reset(void)
{
	memset(reps, 0, sizeof reps);
	memset(at, 0, sizeof at);
	for (int i = 0; i < N; i++)
		expected[i] = monthly_period_expected(&cal, FIRST + i);
	ser = (struct monthly_series){FIRST, N, at, expected};
}

static struct monthly *put(int p)
{
	int i = p - FIRST;
	reps[i].period = p;
	at[i] = &reps[i];
	return &reps[i];
}

static void set(int p, enum monthly_key k, int64_t v)
{
	monthly_set(put(p), k, v);
}

static const struct monthly_alert_rule *rule(const char *code)
{
	return monthly_alert_find(code);
}

static void yoy(void)
{
	static const struct {
		const char *rule;
		enum monthly_key key;
		int64_t last, now;
		int want;
	} cases[] = {
	    {"revenue_yoy_drop", MK_REVENUE_YTD, W(1000), W(800), 1},    /* exactly −20% */
	    {"revenue_yoy_drop", MK_REVENUE_YTD, W(1000), W(800.01), 0}, /* −19.999% */
	    {"revenue_yoy_drop", MK_REVENUE_YTD, W(1000), W(1200), 0},
	    {"revenue_yoy_drop", MK_REVENUE_YTD, 0, W(5), -1}, /* no base */
	    {"employees_yoy_drop", MK_EMPLOYEES, 100, 90, 1},  /* −10% */
	    {"employees_yoy_drop", MK_EMPLOYEES, 100, 91, 0},
	    {"rd_yoy_drop", MK_RD_EXPENSE_YTD, W(100), W(70), 1}, /* −30% */
	    {"rd_yoy_drop", MK_RD_EXPENSE_YTD, W(100), W(70.01), 0},
	    {"rd_yoy_drop", MK_RD_EXPENSE_YTD, W(100), 0, 1}, /* stopped R&D */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		reset();
		set(P(2024, 10), cases[i].key, cases[i].last);
		set(P(2025, 10), cases[i].key, cases[i].now);
		is_int(monthly_alert_eval(rule(cases[i].rule), &cal, &ser, P(2025, 10), NULL, 0),
		       cases[i].want, cases[i].rule);
	}
	reset();
	set(P(2025, 10), MK_REVENUE_YTD, W(800));
	is_int(monthly_alert_eval(rule("revenue_yoy_drop"), &cal, &ser, P(2025, 10), NULL, 0), -1,
	       "no report a year before: unknown");
	set(P(2024, 10), MK_PROFIT_YTD, W(1));
	is_int(monthly_alert_eval(rule("revenue_yoy_drop"), &cal, &ser, P(2025, 10), NULL, 0), -1,
	       "a year-before report without revenue: unknown");
	reset();
	set(P(2024, 10), MK_REVENUE_YTD, W(1000));
	set(P(2025, 10), MK_REVENUE_YTD, W(750));
	char d[256];
	monthly_alert_eval(rule("revenue_yoy_drop"), &cal, &ser, P(2025, 10), d, sizeof d);
	is_str(d,
	       "2025-10 营业收入(累计) 750.00 万元 / 上年同期营业收入(累计) 1000.00 万元 = 75.00% "
	       "≤ 80%",
	       "detail: the two values, their ratio and the threshold");
	/* the run: Aug, Sept and Oct 2025 all down 25%; July not */
	for (int m = 7; m <= 10; m++) {
		set(P(2024, m), MK_REVENUE_YTD, W(100 * m));
		set(P(2025, m), MK_REVENUE_YTD, m == 7 ? W(100 * m) : W(75 * m));
	}
	is_int(monthly_alert_start(rule("revenue_yoy_drop"), &cal, &ser, P(2025, 10), 12),
	       P(2025, 8), "the run starts in August");
	is_int(monthly_alert_start(rule("revenue_yoy_drop"), &cal, &ser, P(2025, 10), 1),
	       P(2025, 9), "look-back limit 1: September");
}

static void losses(void)
{
	/* combined 1—2月: Dec 2024 YTD +100 (Nov +90: Dec single +10), 1—2月
	 * −10 (single −10), Mar YTD −25 (−15), Apr YTD −30 (−5) */
	reset();
	set(P(2024, 11), MK_PROFIT_YTD, W(90));
	set(P(2024, 12), MK_PROFIT_YTD, W(100));
	set(P(2025, 2), MK_PROFIT_YTD, W(-10));
	set(P(2025, 3), MK_PROFIT_YTD, W(-25));
	set(P(2025, 4), MK_PROFIT_YTD, W(-30));
	const struct monthly_alert_rule *r = rule("loss_streak");
	char d[256];
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 4), d, sizeof d), 1,
	       "Apr, Mar, 1—2月 all lost money");
	is_str(d,
	       "2025-04 当期利润总额 -5.00 万元 < 0 万元;2025-03 当期利润总额 -15.00 万元 < 0 万元;"
	       "2025-02 当期利润总额 -10.00 万元 < 0 万元",
	       "detail names the three periods (1—2月 as February)");
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 3), NULL, 0), 0,
	       "at March: December made +10");
	is_int(monthly_alert_start(r, &cal, &ser, P(2025, 4), 12), P(2025, 4), "started in April");
	set(P(2025, 4), MK_PROFIT_YTD, W(-20)); /* April single +5 */
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 4), NULL, 0), 0,
	       "a profitable April ends it");
	reset();
	set(P(2025, 2), MK_PROFIT_YTD, W(-10));
	set(P(2025, 4), MK_PROFIT_YTD, W(-30));
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 4), NULL, 0), -1,
	       "March missing: unknown (April's single month cannot be derived)");
	/* not combined: January counts as a period of its own */
	struct monthly_calendar nc = cal;
	nc.combine_jan_feb = false;
	reset();
	set(P(2025, 1), MK_PROFIT_YTD, W(-1));
	set(P(2025, 2), MK_PROFIT_YTD, W(-3));
	set(P(2025, 3), MK_PROFIT_YTD, W(-4));
	is_int(monthly_alert_eval(r, &nc, &ser, P(2025, 3), NULL, 0), 1, "Jan −1, Feb −2, Mar −1");
}

static void missing(void)
{
	const struct monthly_alert_rule *r = rule("missing_streak");
	reset();
	set(P(2025, 8), MK_REVENUE_YTD, W(1)); /* filed August only */
	char d[256];
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 10), d, sizeof d), 1,
	       "Sept and Oct missing");
	is_str(d, "2025-10 应报送 是;2025-10 已报送 否;2025-09 应报送 是;2025-09 已报送 否",
	       "detail");
	is_int(monthly_alert_start(r, &cal, &ser, P(2025, 10), 12), P(2025, 10),
	       "starts at October (September alone had August filed before it)");
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 9), NULL, 0), 0,
	       "at September: August was filed");
	expected[P(2025, 9) - FIRST] = false;
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 10), NULL, 0), 0,
	       "not required in September: no streak");
	reset();
	is_int(monthly_alert_eval(r, &cal, &ser, P(2025, 2), NULL, 0), 1,
	       "1—2月 and December 2024 missing (January is no period)");
	is_int(monthly_alert_start(r, &cal, &ser, P(2025, 12), 30), P(2024, 3),
	       "nothing ever filed: the run reaches the series' start (March 2024: 1—2月 2024 "
	       "needs December 2023, outside)");
	is_int(monthly_alert_eval(r, &cal, &ser, P(2024, 2), NULL, 0), -1,
	       "a period before the series: unknown");
	is_int(monthly_alert_eval(r, &cal, &ser, P(2024, 1), NULL, 0), 0,
	       "a combined January is never required");
}

int main(void)
{
	monthly_calendar_default(&cal);
	is_int((long)monthly_alert_count(), 5, "five default rules in warnings/monthly.zc");
	ok(monthly_alert_find("loss_streak") && !monthly_alert_find("nope"), "find by code");
	yoy();
	losses();
	missing();
	return test_done();
}
