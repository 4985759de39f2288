/* eval_export.h - the evaluations of a filter's firms as files that Excel
 * and WPS open: CSV (one row per firm) and an XLSX workbook with the same
 * table plus the explanations ([F6] "evaluations, with their
 * explanations"). Shared by `zjtx evaluate --format csv|xlsx` and
 * GET /api/v1/criteria/{name}/evaluations.csv|.xlsx.
 *
 * The results table ("评价结果"), one row per firm in the filter's order:
 *   统一社会信用代码, 企业名称, 区县, 国民经济行业, 评价标准, 评价年度, 结论,
 *   评分, 满分, one column per group ("专业化(满分25分)"), 未满足的基本条件
 *   (each with its gap: "研发费用… 差 26.80 万元"), 评分差距 (the pass rule's
 *   shortfalls: "总分 59 < 60:差 1"), 满足的直通条件, 缺少数据.
 * The workbook adds "评价说明": one row per firm and item (基本条件, 评分分组,
 * 评分指标, 直通条件, 人工审核) with 结果, 实际值, 标准, 差距, 得分, 满分,
 * 档次/依据 and 条款, so Excel can filter every unmet condition of the city;
 * and "评价表": each firm's worksheet text (criteria_explain).
 *
 * Firms are read a page at a time and evaluated one by one, so memory does
 * not grow with the number of firms. Evaluations carry no personal data. */
#ifndef ZJTX_EVAL_EXPORT_H
#define ZJTX_EVAL_EXPORT_H

#include "app/evaluate.h"
#include "io/export.h"

/* The CSV (UTF-8 with BOM unless opt->no_bom; CRLF) into out. Errors:
 * the store's, APP_EIO from the sink. */
enum app_status eval_export_csv(struct store *s, const struct criteria *c,
                                const struct store_filter *f, int year,
                                const struct export_options *opt, struct export_sink *out,
                                struct app_err *e);

/* The workbook at path (it appears only when complete; xlsxw.h). Errors
 * as xlsxw_table, and the store's. */
enum app_status eval_export_xlsx(struct store *s, const struct criteria *c,
                                 const struct store_filter *f, int year, const char *path,
                                 struct app_err *e);

#endif
