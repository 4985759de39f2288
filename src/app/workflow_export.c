/* workflow_export.c - applications as CSV and XLSX (see workflow_export.h).
 *
 * The views come from wf_app_list (the one place of scope and blindness).
 * CSV rows are written as they come; the XLSX writer pulls its rows, so the
 * rows are first kept as text cells (bounded by MAX_EXPORT_APPLICATIONS). */
#include "app/workflow_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "core/district.h"
#include "io/csv.h"
#include "io/xlsxw.h"

enum {
	C_ID,
	C_BATCH,
	C_USCC,
	C_NAME,
	C_UNIT,
	C_TIER,
	C_KIND,
	C_STATE,
	C_SINCE,
	C_DEADLINE,
	C_OVERDUE,
	C_SCORE,
	C_NOTICE_START,
	C_NOTICE_END,
	C_DOC_NO,
	C_VALID_UNTIL,
	C_FILED_BY,
	C_NOTE,
	NCOLS
};

static const struct xlsxw_col cols[NCOLS] = {
    [C_ID] = {"编号", XW_INT, 8, NULL, NULL, 0, false, 0, 0},
    [C_BATCH] = {"申报批次", XW_TEXT, 34, NULL, NULL, 0, false, 0, 0},
    [C_USCC] = {"统一社会信用代码", XW_TEXT, 21, NULL, NULL, 0, false, 0, 0},
    [C_NAME] = {"企业名称", XW_TEXT, 30, NULL, NULL, 0, false, 0, 0},
    [C_UNIT] = {"区县", XW_TEXT, 12, NULL, NULL, 0, false, 0, 0},
    [C_TIER] = {"梯度", XW_TEXT, 12, NULL, NULL, 0, false, 0, 0},
    [C_KIND] = {"类型", XW_TEXT, 8, NULL, NULL, 0, false, 0, 0},
    [C_STATE] = {"状态", XW_TEXT, 13, NULL, NULL, 0, false, 0, 0},
    [C_SINCE] = {"状态日期", XW_DATE, 0, NULL, NULL, 0, false, 0, 0},
    [C_DEADLINE] = {"办理期限", XW_DATE, 0, NULL, NULL, 0, false, 0, 0},
    [C_OVERDUE] = {"逾期", XW_TEXT, 6, NULL, NULL, 0, false, 0, 0},
    [C_SCORE] = {"专家评分", XW_DECIMAL, 0, NULL, NULL, 0, false, 0, 0},
    [C_NOTICE_START] = {"公示开始", XW_DATE, 0, NULL, NULL, 0, false, 0, 0},
    [C_NOTICE_END] = {"公示结束", XW_DATE, 0, NULL, NULL, 0, false, 0, 0},
    [C_DOC_NO] = {"认定文号", XW_TEXT, 24, NULL, NULL, 0, false, 0, 0},
    [C_VALID_UNTIL] = {"有效期至", XW_DATE, 0, NULL, NULL, 0, false, 0, 0},
    [C_FILED_BY] = {"填报人", XW_TEXT, 16, NULL, NULL, 0, false, 0, 0},
    [C_NOTE] = {"意见/理由", XW_TEXT, 40, NULL, NULL, 0, false, 0, 0},
};

/* The text of every cell of a view (score as "82.35", "" when none). */
static void cells_of(const struct wf_app_view *v, char num[3][24], const char *out[NCOLS])
{
	const struct flow_app *a = &v->app;
	snprintf(num[0], 24, "%ld", a->id);
	if (a->score_x100 >= 0)
		snprintf(num[1], 24, "%ld.%02ld", a->score_x100 / 100, a->score_x100 % 100);
	else
		num[1][0] = '\0';
	out[C_ID] = num[0];
	out[C_BATCH] = v->batch.name;
	out[C_USCC] = v->blind ? "(匿名)" : a->uscc;
	out[C_NAME] = v->blind ? "(匿名)" : v->firm_name;
	out[C_UNIT] = v->blind || !a->unit[0] ? "" : district_unit_name(a->unit);
	out[C_TIER] = tier_short(a->tier);
	out[C_KIND] = a->renewal ? "复核" : "新申报";
	out[C_STATE] = flow_state_label(a->state);
	out[C_SINCE] = a->state_since;
	out[C_DEADLINE] = v->deadline;
	out[C_OVERDUE] = v->overdue ? "是" : "";
	out[C_SCORE] = num[1];
	out[C_NOTICE_START] = a->notice_start;
	out[C_NOTICE_END] = a->notice_end;
	out[C_DOC_NO] = a->doc_no;
	out[C_VALID_UNTIL] = a->valid_until;
	out[C_FILED_BY] = v->blind ? "" : a->filed_by;
	out[C_NOTE] = a->note;
}

/* ---- CSV ---- */

struct csv_job {
	struct buf b;
	struct export_sink *out;
	long rows;
	enum app_status rc;
	struct app_err *e;
};

static enum app_status flush(struct csv_job *j)
{
	enum app_status rc = j->out->write(j->out->ctx, j->b.p, j->b.len);
	buf_reset(&j->b);
	return rc == APP_OK ? APP_OK : app_err_set(j->e, APP_EIO, "写出申请清单失败");
}

static void put(struct csv_job *j, const char *s, bool first)
{
	if (csv_looks_like_formula(s, strlen(s))) {
		char *q = xmalloc(strlen(s) + 2);
		q[0] = '\'';
		memcpy(q + 1, s, strlen(s) + 1);
		csv_put_field(&j->b, q, strlen(q), first);
		free(q);
		return;
	}
	csv_put_field(&j->b, s, strlen(s), first);
}

static int csv_row(void *ctx, const struct wf_app_view *v)
{
	struct csv_job *j = ctx;
	if (j->rows >= MAX_EXPORT_APPLICATIONS) {
		j->rc = app_err_set(j->e, APP_ETOOLARGE, "一次最多导出 %d 份申请,请缩小筛选范围",
		                    MAX_EXPORT_APPLICATIONS);
		return 1;
	}
	char num[3][24];
	const char *c[NCOLS];
	cells_of(v, num, c);
	for (int i = 0; i < NCOLS; i++)
		put(j, c[i], i == 0);
	csv_end_record(&j->b);
	j->rows++;
	if (j->b.len > 64 * 1024 && (j->rc = flush(j)) != APP_OK)
		return 1;
	return 0;
}

enum app_status wf_export_csv(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              const struct store_app_filter *f, bool overdue_only,
                              struct export_sink *out, long *rows, struct app_err *e)
{
	struct csv_job j = {.out = out, .rc = APP_OK, .e = e};
	buf_init(&j.b, 1024 * 1024);
	buf_puts(&j.b, CSV_UTF8_BOM_BYTES);
	for (int i = 0; i < NCOLS; i++)
		put(&j, cols[i].header, i == 0);
	csv_end_record(&j.b);
	struct store_app_filter all = f ? *f : (struct store_app_filter){0};
	all.limit = all.offset = 0;
	enum app_status rc = wf_app_list(s, env, who, &all, overdue_only, csv_row, &j, NULL, e);
	if (rc == APP_OK)
		rc = j.rc;
	if (rc == APP_OK)
		rc = flush(&j);
	buf_free(&j.b);
	if (rows)
		*rows = j.rows;
	return rc;
}

/* ---- XLSX ---- */

struct xrow {
	char *cell[NCOLS];
	long score_x100;
};

struct xlsx_job {
	struct xrow *rows;
	size_t n, cap, next;
	enum app_status rc;
	struct app_err *e;
};

static int keep_row(void *ctx, const struct wf_app_view *v)
{
	struct xlsx_job *j = ctx;
	if (j->n >= MAX_EXPORT_APPLICATIONS) {
		j->rc = app_err_set(j->e, APP_ETOOLARGE, "一次最多导出 %d 份申请,请缩小筛选范围",
		                    MAX_EXPORT_APPLICATIONS);
		return 1;
	}
	char num[3][24];
	const char *c[NCOLS];
	cells_of(v, num, c);
	xgrow((void **)&j->rows, &j->cap, j->n + 1, sizeof *j->rows);
	struct xrow *r = &j->rows[j->n++];
	for (int i = 0; i < NCOLS; i++)
		r->cell[i] = xstrdup(c[i]);
	r->score_x100 = v->app.score_x100;
	return 0;
}

static enum app_status next_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)e;
	struct xlsx_job *j = ctx;
	if (j->next >= j->n)
		return APP_ENOTFOUND;
	const struct xrow *r = &j->rows[j->next++];
	for (int i = 0; i < NCOLS; i++) {
		const char *t = r->cell[i];
		if (!*t)
			continue; /* an empty cell */
		row[i].present = true;
		row[i].s = t;
	}
	row[C_ID].s = NULL;
	str_to_i64(strv_from(r->cell[C_ID]), &row[C_ID].i);
	if (r->score_x100 >= 0) {
		row[C_SCORE].s = NULL;
		row[C_SCORE].d = (double)r->score_x100 / 100.0;
	}
	return APP_OK;
}

enum app_status wf_export_xlsx(struct store *s, const struct wf_env *env,
                               const struct wf_actor *who, const struct store_app_filter *f,
                               bool overdue_only, const char *path, long *rows, struct app_err *e)
{
	struct xlsx_job j = {.rc = APP_OK, .e = e};
	struct store_app_filter all = f ? *f : (struct store_app_filter){0};
	all.limit = all.offset = 0;
	enum app_status rc = wf_app_list(s, env, who, &all, overdue_only, keep_row, &j, NULL, e);
	if (rc == APP_OK)
		rc = j.rc;
	if (rc == APP_OK)
		rc = xlsxw_write_table(path, "申报清单", cols, NCOLS, next_row, &j, NULL, e);
	for (size_t i = 0; i < j.n; i++)
		for (int c = 0; c < NCOLS; c++)
			free(j.rows[i].cell[c]);
	free(j.rows);
	if (rows)
		*rows = rc == APP_OK ? (long)j.n : 0;
	return rc;
}
