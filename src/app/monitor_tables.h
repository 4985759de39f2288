/* monitor_tables.h - the monitoring tables as files: completeness (the
 * ranking of reporting units and the firms that did not file), the 催报
 * list (missing firms with their contact person and phone), the 通报
 * tables, and the analysis report as a workbook. CSV (UTF-8 with BOM, as
 * Excel opens it) and XLSX (io/xlsxw.h: Chinese headers with units, rates as
 * percentages, frozen header, autofilter), for the CLI and the HTTP API
 * alike.
 *
 * Every function reads an already computed, already scoped model
 * (monitor_completeness_scoped, monitor_report_build, ...); none of them
 * decides what a caller may see, except that personal data is masked when
 * asked. */
#ifndef ZJTX_MONITOR_TABLES_H
#define ZJTX_MONITOR_TABLES_H

#include <stdbool.h>

#include "app/monitor.h"
#include "app/monitor_notice.h"
#include "app/monitor_report.h"
#include "base/buf.h"

/* ---- completeness ---- */

/* The ranking as CSV: 排名, 区县(功能区), 应报, 已报, 按时, 逾期, 未报, 报送率,
 * 按时率; the city ("全市") last. APP_ETOOLARGE if out's limit is hit. */
enum app_status monitor_completeness_csv(const struct monitor_completeness *c, struct buf *out);

/* The same as a workbook of two sheets: "报送情况" (the ranking) and
 * "未报送企业" (区县, 统一社会信用代码, 企业名称). Errors as xlsxw_close. */
enum app_status monitor_completeness_xlsx(const struct monitor_completeness *c, const char *path,
                                          struct app_err *e);

/* ---- the 催报 list ---- */

struct monitor_chase {
	char unit[8];
	char unit_name[64];
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char contact[MAX_SHORT_TEXT_BYTES];
	char phone[MAX_SHORT_TEXT_BYTES];
};

/* The missing firms of c (of reporting unit `unit` only, NULL or "" = all),
 * in c's order, each with its contact person and phone from the pool,
 * masked (enterprise.h mask_person/mask_phone) when mask. *out is malloc'ed
 * (free it; NULL when none). APP_EDB if the store fails. */
enum app_status monitor_chase_list(struct store *s, const struct monitor_completeness *c,
                                   const char *unit, bool mask, struct monitor_chase **out,
                                   size_t *n, struct app_err *err);

/* The list as CSV (报告期, 截止日期, 区县(功能区), 统一社会信用代码, 企业名称,
 * 联系人, 联系电话) and as an XLSX sheet "催报名单". */
enum app_status monitor_chase_csv(const struct monitor_completeness *c,
                                  const struct monitor_chase *v, size_t n, struct buf *out);
enum app_status monitor_chase_xlsx(const struct monitor_completeness *c,
                                   const struct monitor_chase *v, size_t n, const char *path,
                                   struct app_err *e);

/* ---- the 通报 tables ---- */

struct monitor_notice_tables {
	struct monitor_completeness c;
	int threshold_bp;            /* units under it are named */
	struct monitor_laggard *lag; /* repeat laggards, worst first */
	size_t nlag;
};

/* Computes the tables of the 通报 draft of period p as of today (0 = now)
 * with the options of monitor_notice (threshold, repeat window). Errors as
 * monitor_completeness. Free with monitor_notice_tables_free. */
enum app_status monitor_notice_tables(struct store *s, const struct monitor_settings *cfg, int p,
                                      int64_t today, const struct monitor_notice_options *o,
                                      struct monitor_notice_tables *out, struct app_err *err);
void monitor_notice_tables_free(struct monitor_notice_tables *t);

/* CSV: the ranking with two more columns, 低于阈值 (是/否) and 近期未达标次数
 * (times under the threshold in the repeat window; 0 for units that are not
 * repeat laggards). */
enum app_status monitor_notice_tables_csv(const struct monitor_notice_tables *t, struct buf *out);
/* XLSX: "报送排名" (as the CSV), "连续未达标" (unit, times, the rate of each
 * period of the window) and "未报送企业". */
enum app_status monitor_notice_tables_xlsx(const struct monitor_notice_tables *t, const char *path,
                                           struct app_err *e);

/* ---- the analysis report ---- */

/* The report as a workbook: "分析" (the city, then the groups: filers, each
 * key's year-to-date total and single month in 万元 and its like-for-like
 * growth, headcount, loss-makers and 亏损面) and "月度走势" (the city's
 * series). */
enum app_status monitor_report_xlsx(const struct monitor_report *r, const char *path,
                                    struct app_err *e);

#endif
