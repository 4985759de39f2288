/* money.h - exact money: decimal text in 元/千元/万元/亿元 to integer 分 (fen).
 *
 * Every amount in zjtx is an int64_t count of 分 (0.01 元). Parsing is exact
 * decimal arithmetic; floating point is never used for money. Precision finer
 * than 1 分 is rejected (not rounded), as is scientific notation (Excel's
 * "1.23457E+11" has already lost digits). */
#ifndef ZJTX_MONEY_H
#define ZJTX_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/str.h"

enum money_unit {
	MONEY_YUAN = 0, /* 元,   1 元 = 100 分 */
	MONEY_QIANYUAN, /* 千元, 1 千元 = 100,000 分 */
	MONEY_WANYUAN,  /* 万元, 1 万元 = 1,000,000 分 */
	MONEY_YIYUAN,   /* 亿元, 1 亿元 = 10,000,000,000 分 */
	MONEY_UNIT_COUNT
};

/* 分 per unit: 100, 100000, 1000000, 10000000000. */
int64_t money_unit_fen(enum money_unit u);
/* Chinese name of the unit: "元", "千元", "万元", "亿元". */
const char *money_unit_name(enum money_unit u);
/* Recognises a unit name: 元, 千元, 万元, 亿元 (also "万", "亿", "千", "yuan",
 * "CNY" and "RMB" for 元, after trimming). Returns false if not a unit. */
bool money_unit_parse(struct strv text, enum money_unit *out);

/* Parses a decimal amount into 分.
 *
 * Accepts, after trimming spaces: an optional sign (+, -, or U+2212 minus),
 * digits with optional thousands separators (',' or full-width '，' between
 * groups of exactly three digits), an optional '.' and fraction digits, and
 * full-width digits (０-９, full-width '．'). An optional trailing unit name
 * (see money_unit_parse) overrides `unit`. Accounting negatives "(1,234.50)"
 * are accepted.
 *
 * Errors (APP_EINVAL, message in Chinese naming the rule): empty text,
 * a stray character, misplaced separators, scientific notation, more
 * precision than 1 分 in the given unit, and overflow of int64 分
 * (APP_ETOOLARGE). */
enum app_status money_parse(struct strv text, enum money_unit unit, int64_t *fen,
                            struct app_err *e);

/* Writes fen as a plain decimal in `unit` with exactly `decimals` digits
 * after the point (0..10), rounding half away from zero, no separators.
 * Returns false if buf is too small (64 bytes always suffice). */
bool money_format(int64_t fen, enum money_unit unit, int decimals, char *buf, size_t n);
/* Writes fen in `unit` with as many decimals as needed to be exact (no
 * trailing zeros, no point if integral): a lossless export form. */
bool money_format_exact(int64_t fen, enum money_unit unit, char *buf, size_t n);

#endif
