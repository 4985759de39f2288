/* monthly_alert.c - the five default early-warning rules as a table and
 * their evaluation on a firm's monthly series (see monthly_alert.h). */
#include "monthly_alert.h"

#include <stdio.h>
#include <string.h>

const struct monthly_alert_rule monthly_alert_rules[MONTHLY_ALERT_RULES] = {
    {"revenue_yoy_drop", "营业收入累计同比下降 ≥ 20%", MALERT_YOY_DROP, MK_REVENUE_YTD, 2000, 0},
    {"loss_streak", "连续 3 个月亏损", MALERT_LOSS_STREAK, MK_PROFIT_YTD, 0, 3},
    {"employees_yoy_drop", "从业人员同比下降 ≥ 10%", MALERT_YOY_DROP, MK_EMPLOYEES, 1000, 0},
    {"missing_streak", "连续 2 期未报送", MALERT_MISSING_STREAK, -1, 0, 2},
    {"rd_yoy_drop", "研发费用累计同比下降 ≥ 30%", MALERT_YOY_DROP, MK_RD_EXPENSE_YTD, 3000, 0},
};

const struct monthly_alert_rule *monthly_alert_find(const char *code)
{
	for (int i = 0; i < MONTHLY_ALERT_RULES; i++)
		if (strcmp(monthly_alert_rules[i].code, code) == 0)
			return &monthly_alert_rules[i];
	return NULL;
}

static bool inside(const struct monthly_series *s, int p)
{
	return p >= s->first && p < s->first + s->n;
}

static const struct monthly *at(const struct monthly_series *s, int p)
{
	return inside(s, p) ? s->at[p - s->first] : NULL;
}

static void value_text(int k, int64_t v, char *buf, size_t n)
{
	char x[64];
	indicator_format(&monthly_indicators[k], v, x, sizeof x);
	snprintf(buf, n, "%s %s", x, monthly_indicators[k].type == IND_MONEY ? "万元" : "人");
}

static int yoy_drop(const struct monthly_alert_rule *r, const struct monthly_series *s, int p,
                    char *detail, size_t n)
{
	const struct monthly *cur = at(s, p), *ly = at(s, p - 12);
	int k = r->key;
	if (!cur || !ly || !monthly_has(cur, k) || !monthly_has(ly, k) || ly->v[k] <= 0)
		return -1;
	__int128 diff = (__int128)cur->v[k] - ly->v[k];
	bool fires = diff * 10000 <= -(__int128)r->threshold_bp * ly->v[k];
	if (detail) {
		char a[96], b[96];
		value_text(k, cur->v[k], a, sizeof a);
		value_text(k, ly->v[k], b, sizeof b);
		double pct = (double)diff / (double)ly->v[k] * 100.0;
		snprintf(detail, n, "%s %s,上年同期 %s,同比%s %.1f%%", monthly_indicators[k].label,
		         a, b, pct < 0 ? "下降" : "增长", pct < 0 ? -pct : pct);
	}
	return fires;
}

/* The single-month profit of p (1—2月 and January from the YTD value). */
static int month_profit(const struct monthly_calendar *cal, const struct monthly_series *s, int p,
                        int64_t *v)
{
	const struct monthly *cur = at(s, p);
	if (!cur)
		return -1;
	return monthly_single(cal, cur, at(s, p - 1), MK_PROFIT_YTD, v) ? 1 : -1;
}

static int loss_streak(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                       const struct monthly_series *s, int p, char *detail, size_t n)
{
	int q = p, result = 1;
	size_t used = 0;
	if (detail && n)
		detail[0] = '\0';
	for (int i = 0; i < r->periods; i++, q = monthly_period_prev(cal, q)) {
		int64_t v;
		if (month_profit(cal, s, q, &v) < 0) {
			result = result == 0 ? 0 : -1;
			continue;
		}
		if (v >= 0)
			result = 0;
		if (detail && used < n) {
			char per[8], x[64];
			monthly_period_format(q, per);
			indicator_format(&monthly_indicators[MK_PROFIT_YTD], v, x, sizeof x);
			int w = snprintf(detail + used, n - used, "%s%s 当月利润 %s 万元",
			                 i ? ";" : "", per, x);
			used += w > 0 ? (size_t)w : 0;
		}
	}
	return result;
}

static int missing_streak(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                          const struct monthly_series *s, int p, char *detail, size_t n)
{
	int q = p;
	char list[64] = "";
	for (int i = 0; i < r->periods; i++, q = monthly_period_prev(cal, q)) {
		if (!inside(s, q))
			return -1;
		if (!s->expected[q - s->first] || at(s, q))
			return 0;
		char per[8];
		monthly_period_format(q, per);
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s%s", i ? "、" : "", per);
	}
	if (detail)
		snprintf(detail, n, "%s 均未报送", list);
	return 1;
}

int monthly_alert_eval(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                       const struct monthly_series *s, int p, char *detail, size_t n)
{
	if (detail && n)
		detail[0] = '\0';
	switch (r->kind) {
	case MALERT_YOY_DROP:
		return yoy_drop(r, s, p, detail, n);
	case MALERT_LOSS_STREAK:
		return loss_streak(r, cal, s, p, detail, n);
	case MALERT_MISSING_STREAK:
		return missing_streak(r, cal, s, p, detail, n);
	}
	return -1;
}

int monthly_alert_start(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                        const struct monthly_series *s, int p, int limit)
{
	int start = p, q = monthly_period_prev(cal, p);
	for (int i = 0; i < limit && inside(s, q); i++, q = monthly_period_prev(cal, q)) {
		if (monthly_alert_eval(r, cal, s, q, NULL, 0) != 1)
			break;
		start = q;
	}
	return start;
}
