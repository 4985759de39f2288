/* export.h - lists written as CSV files that Excel opens correctly (UTF-8
 * with BOM, CRLF) and that re-import unchanged: the headers are the import
 * headers, money is exact in 万元, districts and zones are written by name.
 *
 * Output goes to a sink so the same code serves files, stdout and HTTP. */
#ifndef ZJTX_EXPORT_H
#define ZJTX_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/err.h"
#include "store/store.h"

struct export_sink {
	/* Writes n bytes; returns APP_OK or APP_EIO. */
	enum app_status (*write)(void *ctx, const char *p, size_t n);
	void *ctx;
};

struct export_options {
	bool mask_personal; /* mask contact names and phone numbers */
	bool no_bom;        /* omit the UTF-8 BOM */
	/* monthly reports only: rows of firms whose district and zone differ
	 * from scope_district are left out (a district user's reach), and
	 * uscc, when set, keeps one firm's rows (NULL = no restriction) */
	const char *scope_district;
	const char *uscc;
};

/* A sink writing to a stdio stream. */
struct export_sink export_sink_file(FILE *f);

/* Firms matching f (page members honoured), one row each, with the
 * current tier and its valid-until date as extra read-only columns. */
enum app_status export_enterprises_csv(struct store *s, const struct store_filter *f,
                                       const struct export_options *opt, struct export_sink *out,
                                       struct app_err *e);
/* Annual rows of firms matching f; year 0 = all years. */
enum app_status export_annual_csv(struct store *s, const struct store_filter *f, int year,
                                  const struct export_options *opt, struct export_sink *out,
                                  struct app_err *e);

/* Monthly reports with from <= period <= to (0 = open) of a reporting unit
 * (NULL = all), by period then USCC, in the import format: 统一社会信用代码,
 * 企业名称, 报告期, the monthly keys with "(万元)" (money exact), 生产经营情况说明. */
enum app_status export_monthly_csv(struct store *s, int from, int to, const char *unit,
                                   const struct export_options *opt, struct export_sink *out,
                                   struct app_err *e);

/* The monthly reports as export_monthly_csv selects them, as an XLSX
 * workbook (sheet "月度数据", the same headers, money in 万元 exact, the
 * file re-imports unchanged). */
enum app_status export_monthly_xlsx(struct store *s, int from, int to, const char *unit,
                                    const struct export_options *opt, const char *path,
                                    struct app_err *e);

/* The monthly export's header of key k ("营业收入(累计)(万元)", "从业人员期末人数"). */
void export_monthly_header(int k, char *out, size_t n);

/* True if a monthly row of the firm (district, zone, uscc) passes opt's
 * scope_district and uscc restrictions. */
bool export_monthly_keep(const struct export_options *opt, const char *uscc, const char *district,
                         const char *zone);

/* The same lists as XLSX workbooks (one sheet, Chinese headers with units,
 * money in 万元 with two decimals shown and the exact value kept, a frozen
 * header row, an autofilter). The file appears at path only when complete. */
enum app_status export_enterprises_xlsx(struct store *s, const struct store_filter *f,
                                        const struct export_options *opt, const char *path,
                                        struct app_err *e);
enum app_status export_annual_xlsx(struct store *s, const struct store_filter *f, int year,
                                   const struct export_options *opt, const char *path,
                                   struct app_err *e);

/* Column headers used by the annual export: label plus unit, e.g.
 * "营业收入(万元)". */
void export_annual_header(int key, char *out, size_t n);

#endif
