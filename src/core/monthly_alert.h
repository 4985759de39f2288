/* monthly_alert.h - early warnings (预警) on a firm's monthly series, written
 * as rules of the criteria language in warnings/monthly.zc (embedded) and
 * evaluated here with a monthly symbol table.
 *
 * Each `alert` of the file is one warning; the shipped five are
 *
 *   revenue_yoy_drop   营业收入累计同比下降 ≥ 20%
 *   loss_streak        连续 3 个月亏损 (single-period profit < 0 in each of the
 *                      last 3 reporting periods; 1—2月 counts as one)
 *   employees_yoy_drop 从业人员同比下降 ≥ 10%
 *   missing_streak     连续 2 期未报送 (required to file and not filed)
 *   rd_yoy_drop        研发费用累计同比下降 ≥ 30%
 *
 * The symbols are series over REPORTING periods: @-1 is the previous
 * reporting period (February's 1—2月 for March when January is combined);
 * same-period-last-year values are symbols of their own (revenue_ytd_ly ...).
 * Pure: no I/O. */
#ifndef ZJTX_MONTHLY_ALERT_H
#define ZJTX_MONTHLY_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/monthly.h"

#define MONTHLY_ALERT_MAX 32 /* alerts one rules file may declare */

struct monthly_alert_rule {
	const char *code;  /* the alert's name in the file: "revenue_yoy_drop" */
	const char *label; /* its Chinese label: "营业收入累计同比下降 ≥ 20%" */
	size_t item;       /* its item index in the compiled program */
};

/* The alerts of the built-in rules file, in file order. The file is compiled
 * once, at first use; a file that does not compile is a build defect and
 * aborts with its error. */
size_t monthly_alert_count(void);
const struct monthly_alert_rule *monthly_alert_at(size_t i);
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
 * receives the comparisons that decided it, e.g. "营业收入(累计) 750.00 万元 /
 * 上年同期营业收入(累计) 1000.00 万元 = 75.00% ≤ 80%". */
int monthly_alert_eval(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                       const struct monthly_series *s, int p, char *detail, size_t n);

/* The first period of the run of consecutive reporting periods ending at p
 * in which r fires at every period (p itself if only there), looking back
 * at most `limit` periods. Call only when the rule fires at p. */
int monthly_alert_start(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                        const struct monthly_series *s, int p, int limit);

#endif
