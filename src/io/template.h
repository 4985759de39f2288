/* template.h - blank XLSX import templates (`zjtx template
 * enterprises|annual|monthly`).
 *
 * A template has three sheets:
 *   - the data sheet ("企业名录", "年度数据" or "月度数据"): the import headers
 *     with their units, column formats, drop-down lists (districts in use,
 *     functional zones, levels, 是/否, the last 24 reporting periods; a
 *     value off the list draws a warning, since the import also takes
 *     codes and other periods), whole-number ranges, and an input prompt
 *     per column with its rule; no data rows, so an unedited template
 *     imports nothing;
 *   - "填写说明": one row per column: header, key, required, type and unit,
 *     the rule (ent_fields[].note, annual_indicators[].note,
 *     monthly_indicators[].note) and an example; the monthly template adds
 *     the reporting rules (year-to-date values, 1—2月, the deadline,
 *     warnings that need a confirmation);
 *   - a hidden sheet holding the drop-down lists.
 * The data sheet comes first, so the import reads it by default. */
#ifndef ZJTX_TEMPLATE_H
#define ZJTX_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum template_kind {
	TEMPLATE_ENTERPRISES = 1,
	TEMPLATE_ANNUAL,
	TEMPLATE_MONTHLY,
};

/* Parses "enterprises" / "annual" / "monthly" (also "企业", "年度", "月度"). */
bool template_parse(const char *name, enum template_kind *out);

/* Name of the data sheet: "企业名录", "年度数据", "月度数据". */
const char *template_sheet(enum template_kind k);

/* Header of a data column as the template writes it (label plus unit:
 * "营业收入(万元)", "从业人员数(人)"); i indexes ent_fields or, for the annual
 * template, 0 = uscc, 1 = year, 2.. = annual_indicators, and for the monthly
 * one 0 = uscc, 1 = name, 2 = period, 3.. = monthly_indicators, then the
 * note. Returns false if i is out of range. */
bool template_header(enum template_kind k, size_t i, char *out, size_t n);

/* Number of data columns of the template. */
size_t template_columns(enum template_kind k);

/* Writes the template to path (replacing it). Errors as xlsxw_close. */
enum app_status template_write(enum template_kind k, const char *path, struct app_err *e);

#endif
