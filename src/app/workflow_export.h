/* workflow_export.h - the list of applications as a file (F6): CSV (UTF-8
 * with BOM, CRLF, Excel opens it as is) and XLSX (one sheet, Chinese
 * headers, a frozen header row, an autofilter, scores as numbers, dates as
 * date cells).
 *
 * The rows are exactly those wf_app_list gives the user for the same
 * filter: the user's scope, and for an expert of a blind batch no firm
 * name, credit code, district or filer ("(匿名)"). Columns: 编号, 批次,
 * 统一社会信用代码, 企业名称, 区县, 梯度, 类型 (新申报/复核), 状态, 状态日期,
 * 办理期限, 逾期, 专家评分, 公示开始, 公示结束, 认定文号, 有效期至, 填报人,
 * 意见/理由. */
#ifndef ZJTX_WORKFLOW_EXPORT_H
#define ZJTX_WORKFLOW_EXPORT_H

#include "app/workflow.h"
#include "io/export.h"

/* Writes the CSV to out. Text that a spreadsheet would take as a formula
 * (csv_looks_like_formula) is written with a leading apostrophe, which
 * Excel and WPS show as text. *rows (may be NULL) receives the count.
 * Errors: those of wf_app_list; APP_ETOOLARGE past MAX_EXPORT_APPLICATIONS;
 * the sink's APP_EIO. */
enum app_status wf_export_csv(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              const struct store_app_filter *f, bool overdue_only,
                              struct export_sink *out, long *rows, struct app_err *e);

/* Writes the XLSX workbook to path (it appears only when complete). */
enum app_status wf_export_xlsx(struct store *s, const struct wf_env *env,
                               const struct wf_actor *who, const struct store_app_filter *f,
                               bool overdue_only, const char *path, long *rows, struct app_err *e);

#endif
