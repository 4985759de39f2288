/* monthly_alert.h - early warnings (预警) on a firm's monthly series: the
 * five default rules of the F4 issue behind a small interface.
 *
 *   revenue_yoy_drop   营业收入累计同比下降 ≥ 20%
 *   loss_streak        连续 3 个月亏损 (the single-month profit < 0 in each of
 *                      the last 3 reporting periods; 1—2月 counts as one)
 *   employees_yoy_drop 从业人员同比下降 ≥ 10%
 *   missing_streak     连续 2 期未报送 (required to file and not filed)
 *   rd_yoy_drop        研发费用累计同比下降 ≥ 30%
 *
 * These are meant to be rules of the criteria language (F2) evaluated with a
 * monthly symbol table (the monthly keys with offsets in months,
 * revenue_ytd@-12). Until that engine is merged, each rule is a row of a
 * table interpreted here; the host (app/monitor_alert.c) sees only
 * monthly_alert_eval/monthly_alert_start, so switching to compiled rule
 * files changes this module only. Pure: no I/O. */
#ifndef ZJTX_MONTHLY_ALERT_H
#define ZJTX_MONTHLY_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/monthly.h"

enum monthly_alert_kind {
	MALERT_YOY_DROP = 1,   /* key at p vs p−12 fell by at least threshold */
	MALERT_LOSS_STREAK,    /* single-month profit < 0 in `periods` consecutive periods */
	MALERT_MISSING_STREAK, /* required and not filed in `periods` consecutive periods */
};

struct monthly_alert_rule {
	const char *code;  /* stable: "revenue_yoy_drop" */
	const char *label; /* Chinese, as shown: "营业收入累计同比下降 ≥ 20%" */
	enum monthly_alert_kind kind;
	int key;          /* MALERT_YOY_DROP: the monthly key */
	int threshold_bp; /* MALERT_YOY_DROP: the fall, in basis points (2000 = 20%) */
	int periods;      /* streaks: how many consecutive periods */
};

enum { MONTHLY_ALERT_RULES = 5 };
extern const struct monthly_alert_rule monthly_alert_rules[MONTHLY_ALERT_RULES];
/* The rule with this code, or NULL. */
const struct monthly_alert_rule *monthly_alert_find(const char *code);

/* One firm's monthly series as the rules see it: periods first..first+n−1. */
struct monthly_series {
	int first;
	int n;
	const struct monthly *const *at; /* at[i]: the report of period first+i (filed by the
	                                    evaluation day), or NULL */
	const bool *expected;            /* expected[i]: the firm had to file period first+i */
};

/* Evaluates rule r at period p: 1 fires, 0 does not, −1 unknown (a figure
 * it needs is missing or outside the series). detail (n bytes, may be NULL)
 * receives the values that decided it, e.g. "营业收入(累计) 800 万元,上年同期
 * 1000 万元,同比下降 20.0%". Periods not expected under cal (a combined
 * January) are skipped by the streak rules. */
int monthly_alert_eval(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                       const struct monthly_series *s, int p, char *detail, size_t n);

/* The first period of the run of consecutive expected periods ending at p
 * in which r fires at every period (p itself if only there), looking back
 * at most `limit` periods. Call only when the rule fires at p. */
int monthly_alert_start(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                        const struct monthly_series *s, int p, int limit);

#endif
