/* indicator.h - the canonical data keys of ../shared/spec/indicators.md as
 * tables, and typed parsing of their values.
 *
 * Values are stored as int64_t in a fixed scale per type: money in 分,
 * percent in hundredths of a percent (12.34% -> 1234), everything else as
 * the plain integer. "Missing" is a separate bit, never zero. */
#ifndef ZJTX_INDICATOR_H
#define ZJTX_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/str.h"
#include "core/money.h"

enum ind_type {
	IND_MONEY = 1, /* 分; the header may name 元/千元/万元/亿元, default 万元 */
	IND_PERSONS,   /* persons, >= 0 */
	IND_COUNT,     /* count, >= 0 */
	IND_LEVEL,     /* small integer code within [min, max] */
	IND_FLAG,      /* 0/1; also 是/否, 有/无, Y/N, true/false */
	IND_PERCENT,   /* hundredths of a percent; "12.5" or "12.5%" */
	IND_RANK,      /* integer >= 1 */
};

struct indicator {
	const char *key;   /* canonical key, e.g. "rd_expense" */
	const char *label; /* Chinese header, e.g. "研发费用" */
	enum ind_type type;
	int64_t min, max; /* allowed range in stored units */
	const char *note; /* one line for templates and docs (Chinese) */
};

/* Annual figures, in indicators.md order. The enum indexes the table. */
enum annual_key {
	AK_REVENUE,
	AK_MAIN_REVENUE,
	AK_NET_PROFIT,
	AK_TOTAL_ASSETS,
	AK_TOTAL_LIABILITIES,
	AK_RD_EXPENSE,
	AK_EQUITY_FINANCING,
	AK_EMPLOYEES,
	AK_RD_STAFF,
	AK_IP_CLASS1_HIGH,
	AK_IP_CLASS1_OWN,
	AK_IP_CLASS1,
	AK_IP_CLASS2,
	AK_DIGITAL_LEVEL,
	AK_QUALITY_AWARD,
	AK_QUALITY_CERT,
	AK_OWN_BRAND,
	AK_STANDARD_SETTING,
	AK_RD_INSTITUTION,
	AK_PRODUCT_FIELD,
	AK_MARKET_SHARE,
	AK_AWARD,
	AK_AWARD_RANK,
	AK_HONOUR,
	AK_MAKER_CHINA,
	ANNUAL_KEY_COUNT
};

extern const struct indicator annual_indicators[ANNUAL_KEY_COUNT];

/* One firm's figures for one fiscal year. */
struct annual {
	char uscc[19];
	int year;                    /* fiscal year the figures describe */
	uint64_t has;                /* bit k set: v[k] is present */
	int64_t v[ANNUAL_KEY_COUNT]; /* stored units; meaningless where !has */
};

static inline bool annual_has(const struct annual *a, enum annual_key k)
{
	return (a->has >> k) & 1u;
}
static inline void annual_set(struct annual *a, enum annual_key k, int64_t v)
{
	a->v[k] = v;
	a->has |= (uint64_t)1 << k;
}

/* Finds the indicator in tab whose key (ASCII, case-insensitive) or Chinese
 * label equals text; returns its index or -1. */
int indicator_find(const struct indicator *tab, size_t n, struct strv text);

/* Splits a column header into its name and an optional unit in half- or
 * full-width brackets: "营业收入(万元)", "营业收入（元）", "revenue [千元]".
 * name receives the part before the bracket (trimmed). If a bracket holds a
 * money unit, *unit is set and *has_unit true; other bracket text (e.g.
 * "(%)", "(人)") is accepted and ignored. */
void indicator_split_header(struct strv header, struct strv *name, enum money_unit *unit,
                            bool *has_unit);

/* Parses a value for ind. Empty text (after trimming) gives *present =
 * false and APP_OK. Money uses `unit` unless the text names its own.
 * Errors (APP_EINVAL) say what was expected: "应为非负整数", "应为 0-4 的等级",
 * "应为 是/否 或 1/0", and the range ("不能为负数", "应在 0-100 之间"). */
enum app_status indicator_parse(const struct indicator *ind, struct strv text, enum money_unit unit,
                                int64_t *out, bool *present, struct app_err *e);

/* Consistency of figures within one firm-year, checked only where both
 * figures are present: main revenue <= revenue, R&D staff <= employees,
 * Ⅰ类知识产权数 >= each of its two parts. Writes up to max messages
 * (static Chinese strings) to msgs and returns how many rules are broken. */
int annual_check(const struct annual *a, const char **msgs, int max);

/* Formats a stored value for export: money exact in 万元, percent with up
 * to two decimals, integers plain. buf of 48 bytes suffices. */
void indicator_format(const struct indicator *ind, int64_t v, char *buf, size_t n);

#endif
