/* xlsxw.c - table exports on libxlsxwriter (constant_memory mode). */
#include "xlsxw.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/str.h"
#include "core/money.h"

#define XW_TYPE_COUNT  (XW_NUMBER + 1)
#define EXACT_LIMIT    1000000000000000LL /* 10^15: more digits go out as text */
#define DATA_ROWS_MAX  (LXW_ROW_MAX - 1)
#define CELL_CHARS_MAX 32767
#define WIDTH_MAX      50.0

struct xlsxw {
	lxw_workbook *wb;
	char *path, *part;
	lxw_format *header, *header_wrap, *big; /* big: exact numbers as right-aligned text */
	lxw_format *fmt[XW_TYPE_COUNT];         /* per column type; NULL = General */
	int nlists;                             /* choice sheets made so far */
	bool failed;
	char *title;
	lxw_doc_properties props;
};

static const double default_width[XW_TYPE_COUNT] = {
    [XW_TEXT] = 16, [XW_INT] = 10,   [XW_MONEY] = 14,   [XW_PERCENT] = 10,
    [XW_DATE] = 12, [XW_RATIO] = 10, [XW_DECIMAL] = 10, [XW_NUMBER] = 12,
};

double xlsxw_text_width(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	double w = 0;
	while (p < end) {
		long cp = utf8_next(&p, end);
		if (cp < 0) {
			p++;
			w += 1;
		} else {
			/* CJK, full-width forms, Hangul, and the like take two columns */
			bool wide =
			    (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
			    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
			    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
			    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
			w += wide ? 2 : 1;
		}
	}
	return w;
}

static lxw_format *num_format(lxw_workbook *wb, const char *code)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, code);
	return f;
}

enum app_status xlsxw_create(const char *path, struct xlsxw **out, struct app_err *e)
{
	*out = NULL;
	struct xlsxw *w = xcalloc(1, sizeof *w);
	w->path = xstrdup(path);
	size_t n = strlen(path) + 6;
	w->part = xmalloc(n);
	snprintf(w->part, n, "%s.part", path);
	/* fail early, with the system's reason, if the place is not writable */
	FILE *f = fopen(w->part, "wb");
	if (!f) {
		app_err_set(e, APP_EIO, "无法写入文件 %s: %s", path, strerror(errno));
		free(w->part);
		free(w->path);
		free(w);
		return APP_EIO;
	}
	fclose(f);
	lxw_workbook_options opt = {
	    .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	w->wb = workbook_new_opt(w->part, &opt);
	if (!w->wb)
		abort(); /* only fails on out-of-memory */
	w->header = workbook_add_format(w->wb);
	format_set_bold(w->header);
	format_set_bg_color(w->header, 0xDDEBF7);
	format_set_border(w->header, LXW_BORDER_THIN);
	format_set_align(w->header, LXW_ALIGN_CENTER);
	format_set_align(w->header, LXW_ALIGN_VERTICAL_CENTER);
	w->header_wrap = workbook_add_format(w->wb);
	format_set_bold(w->header_wrap);
	format_set_bg_color(w->header_wrap, 0xDDEBF7);
	format_set_border(w->header_wrap, LXW_BORDER_THIN);
	format_set_align(w->header_wrap, LXW_ALIGN_CENTER);
	format_set_align(w->header_wrap, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(w->header_wrap);
	w->big = num_format(w->wb, "@");
	format_set_align(w->big, LXW_ALIGN_RIGHT);
	w->fmt[XW_TEXT] = num_format(w->wb, "@");
	w->fmt[XW_INT] = num_format(w->wb, "0");
	w->fmt[XW_MONEY] = num_format(w->wb, "#,##0.00");
	w->fmt[XW_PERCENT] = num_format(w->wb, "0.00%");
	w->fmt[XW_DATE] = num_format(w->wb, "yyyy-mm-dd");
	w->fmt[XW_RATIO] = num_format(w->wb, "0.00%");
	w->fmt[XW_DECIMAL] = num_format(w->wb, "0.00");
	*out = w;
	return APP_OK;
}

void xlsxw_set_title(struct xlsxw *w, const char *title)
{
	free(w->title);
	w->title = xstrdup(title);
	memset(&w->props, 0, sizeof w->props);
	w->props.title = w->title;
	w->props.author = "zjtx";
	workbook_set_properties(w->wb, &w->props);
}

static enum app_status lxw_fail(struct xlsxw *w, lxw_error err, struct app_err *e, const char *what)
{
	w->failed = true;
	return app_err_set(e, err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? APP_ETOOLARGE : APP_EIO,
	                   "写入 XLSX 失败 (%s): %s", what, lxw_strerror(err));
}

/* ---- strings ---- */

/* True if s holds "_xHHHH_", which readers decode as an escaped character
 * (ECMA-376 §22.9.2.19); libxlsxwriter escapes control characters that way
 * but leaves such literal text alone. */
static bool has_xescape(const char *s)
{
	for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x")) {
		int k = 2;
		while (k < 6 && ((p[k] >= '0' && p[k] <= '9') ||
		                 ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'f')))
			k++;
		if (k == 6 && p[6] == '_')
			return true;
	}
	return false;
}

/* Writes text so that it reads back unchanged: "_xHHHH_" sequences get
 * their underscore escaped as "_x005F_". */
static lxw_error put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                            lxw_format *f)
{
	if (!has_xescape(s))
		return worksheet_write_string(ws, r, c, s, f);
	struct buf b;
	buf_init(&b, (size_t)-1 / 2);
	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x')
			buf_puts(&b, "_x005F_");
		else
			buf_putc(&b, *p);
	}
	lxw_error err = worksheet_write_string(ws, r, c, buf_cstr(&b), f);
	buf_free(&b);
	return err;
}

/* ---- validation ---- */

/* Sets the input prompt of a validation from the column's note; title and
 * msg are the caller's buffers (Excel allows 32 and 255 characters). */
static void set_prompt(lxw_data_validation *dv, const struct xlsxw_col *col, char title[128],
                       char msg[1024])
{
	if (!col->note)
		return;
	size_t tl = utf8_prefix(col->header, strlen(col->header), 32);
	str_copy(title, 128, col->header, tl);
	size_t ml = utf8_prefix(col->note, strlen(col->note), 255);
	str_copy(msg, 1024, col->note, ml);
	dv->input_title = title;
	dv->input_message = msg;
}

/* Writes the drop-down lists of a table into a hidden sheet, one column
 * per list, and points each column's validation at its range.
 * libxlsxwriter 1.1.4 leaks its copy of a list formula (~25 bytes per list
 * column per workbook); servers should build templates once and cache the
 * file. */
static enum app_status add_lists(struct xlsxw *w, lxw_worksheet *ws, const struct xlsxw_col *cols,
                                 size_t ncols, struct app_err *e)
{
	size_t maxn = 0, nlist = 0;
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].nchoices > 0) {
			nlist++;
			if (cols[c].nchoices > maxn)
				maxn = cols[c].nchoices;
		}
	if (nlist == 0)
		return APP_OK;
	char name[32];
	w->nlists++;
	if (w->nlists == 1)
		snprintf(name, sizeof name, "下拉选项");
	else
		snprintf(name, sizeof name, "下拉选项%d", w->nlists);
	lxw_worksheet *ls = workbook_add_worksheet(w->wb, name);
	if (!ls)
		return lxw_fail(w, LXW_ERROR_SHEETNAME_ALREADY_USED, e, "下拉选项工作表");
	worksheet_hide(ls);
	/* constant_memory: write row by row */
	for (size_t r = 0; r <= maxn; r++) {
		lxw_col_t lc = 0;
		for (size_t c = 0; c < ncols; c++) {
			if (cols[c].nchoices == 0)
				continue;
			const char *v = r == 0                  ? cols[c].header
			                : r <= cols[c].nchoices ? cols[c].choices[r - 1]
			                                        : NULL;
			if (v) {
				lxw_error err = put_string(ls, (lxw_row_t)r, lc, v, NULL);
				if (err != LXW_NO_ERROR)
					return lxw_fail(w, err, e, "下拉选项");
			}
			lc++;
		}
	}
	lxw_col_t lc = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (cols[c].nchoices == 0)
			continue;
		char ref[16], formula[96], title[128], msg[1024];
		lxw_col_to_name(ref, lc, LXW_FALSE);
		snprintf(formula, sizeof formula, "='%s'!$%s$2:$%s$%zu", name, ref, ref,
		         cols[c].nchoices + 1);
		lxw_data_validation dv = {0};
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = formula;
		/* a warning, not a stop: imports also accept codes and synonyms
		 * (500112 for 渝北区, 1/0 for 是/否) */
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
		dv.error_title = "不在下拉列表中";
		dv.error_message = "建议从下拉列表中选择; 代码等其他写法导入时仍会校验";
		set_prompt(&dv, &cols[c], title, msg);
		lxw_error err = worksheet_data_validation_range(ws, 1, (lxw_col_t)c, DATA_ROWS_MAX,
		                                                (lxw_col_t)c, &dv);
		if (err != LXW_NO_ERROR)
			return lxw_fail(w, err, e, "数据验证");
		lc++;
	}
	return APP_OK;
}

/* Whole-number ranges and input prompts (columns without a list). */
static enum app_status add_checks(struct xlsxw *w, lxw_worksheet *ws, const struct xlsxw_col *cols,
                                  size_t ncols, struct app_err *e)
{
	for (size_t c = 0; c < ncols; c++) {
		const struct xlsxw_col *col = &cols[c];
		if (col->nchoices > 0 || (!col->int_range && !col->note))
			continue; /* lists are done by add_lists */
		char title[128], msg[1024], errmsg[128];
		lxw_data_validation dv = {0};
		dv.validate = LXW_VALIDATION_TYPE_ANY;
		if (col->int_range) {
			dv.validate = LXW_VALIDATION_TYPE_INTEGER;
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = (double)col->min;
			dv.maximum_number = (double)col->max;
			snprintf(errmsg, sizeof errmsg, "应为 %lld 到 %lld 之间的整数", col->min,
			         col->max);
			dv.error_title = "输入无效";
			dv.error_message = errmsg;
		}
		set_prompt(&dv, col, title, msg);
		lxw_error err = worksheet_data_validation_range(ws, 1, (lxw_col_t)c, DATA_ROWS_MAX,
		                                                (lxw_col_t)c, &dv);
		if (err != LXW_NO_ERROR)
			return lxw_fail(w, err, e, "数据验证");
	}
	return APP_OK;
}

/* ---- cells ---- */

static lxw_error write_exact_text(struct xlsxw *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                  const char *s)
{
	return put_string(ws, r, c, s, w->big);
}

static lxw_error write_cell(struct xlsxw *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                            enum xlsxw_type t, const struct xlsxw_value *v)
{
	char tmp[64], d[11];
	lxw_format *f = w->fmt[t];
	switch (t) {
	case XW_TEXT:
		if (!v->s || !*v->s)
			return LXW_NO_ERROR;
		return put_string(ws, r, c, v->s, NULL);
	case XW_INT:
		if (v->i <= -EXACT_LIMIT || v->i >= EXACT_LIMIT) {
			snprintf(tmp, sizeof tmp, "%" PRId64, v->i);
			return write_exact_text(w, ws, r, c, tmp);
		}
		return worksheet_write_number(ws, r, c, (double)v->i, f);
	case XW_MONEY:
		if (v->i <= -EXACT_LIMIT || v->i >= EXACT_LIMIT) {
			money_format_exact(v->i, MONEY_WANYUAN, tmp, sizeof tmp);
			return write_exact_text(w, ws, r, c, tmp);
		}
		return worksheet_write_number(ws, r, c, (double)v->i / 1e6, f);
	case XW_PERCENT:
		if (v->i <= -EXACT_LIMIT || v->i >= EXACT_LIMIT) {
			money_format_exact(v->i, MONEY_YUAN, tmp,
			                   sizeof tmp); /* hundredths, 2 decimals */
			size_t k = strlen(tmp);
			snprintf(tmp + k, sizeof tmp - k, "%%");
			return write_exact_text(w, ws, r, c, tmp);
		}
		return worksheet_write_number(ws, r, c, (double)v->i / 10000.0, f);
	case XW_DATE:
		if (!v->s || !*v->s)
			return LXW_NO_ERROR;
		if (str_to_date(strv_from(v->s), d) && memcmp(d, "1900-03-01", 10) >= 0) {
			lxw_datetime dt = {0};
			dt.year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
			          (d[3] - '0');
			dt.month = (d[5] - '0') * 10 + (d[6] - '0');
			dt.day = (d[8] - '0') * 10 + (d[9] - '0');
			return worksheet_write_datetime(ws, r, c, &dt, f);
		}
		return put_string(ws, r, c, v->s, NULL); /* keep what we cannot convert */
	case XW_RATIO:
	case XW_DECIMAL:
	case XW_NUMBER:
		if (!isfinite(v->d))
			return LXW_NO_ERROR;
		return worksheet_write_number(ws, r, c, v->d, f);
	}
	return LXW_NO_ERROR;
}

/* Header cells, column widths and formats. */
static enum app_status write_header(struct xlsxw *w, lxw_worksheet *ws,
                                    const struct xlsxw_col *cols, size_t ncols, struct app_err *e)
{
	bool wrap = false;
	for (size_t c = 0; c < ncols; c++) {
		const struct xlsxw_col *col = &cols[c];
		double need = xlsxw_text_width(col->header) + 2;
		double width = col->width > 0 ? col->width : default_width[col->type];
		if (col->width <= 0 && need > width)
			width = need > WIDTH_MAX ? WIDTH_MAX : need;
		if (need > width)
			wrap = true;
		lxw_error err =
		    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, w->fmt[col->type]);
		if (err != LXW_NO_ERROR)
			return lxw_fail(w, err, e, "列宽");
	}
	if (wrap)
		worksheet_set_row(ws, 0, 32, NULL);
	for (size_t c = 0; c < ncols; c++) {
		lxw_error err = put_string(ws, 0, (lxw_col_t)c, cols[c].header,
		                           wrap ? w->header_wrap : w->header);
		if (err != LXW_NO_ERROR)
			return lxw_fail(w, err, e, "表头");
	}
	return APP_OK;
}

static enum app_status check_cols(const struct xlsxw_col *cols, size_t ncols, struct app_err *e)
{
	if (ncols == 0 || ncols > LXW_COL_MAX)
		return app_err_set(e, APP_EINVAL, "表格列数 %zu 无效", ncols);
	for (size_t c = 0; c < ncols; c++)
		if (!cols[c].header || cols[c].type < XW_TEXT || cols[c].type > XW_NUMBER ||
		    (cols[c].nchoices > 0 && !cols[c].choices))
			return app_err_set(e, APP_EINTERNAL, "第 %zu 列的定义无效", c + 1);
	return APP_OK;
}

/* Streams the rows; returns the count in *nrows. */
static enum app_status write_rows(struct xlsxw *w, lxw_worksheet *ws, const struct xlsxw_col *cols,
                                  size_t ncols, xlsxw_row_fn next, void *ctx, long *nrows,
                                  struct app_err *e)
{
	struct xlsxw_value *vals = xcalloc(ncols, sizeof *vals);
	enum app_status st = APP_OK;
	long r = 0;
	for (;;) {
		memset(vals, 0, ncols * sizeof *vals);
		st = next(ctx, vals, e);
		if (st == APP_ENOTFOUND) {
			st = APP_OK;
			break;
		}
		if (st != APP_OK) {
			w->failed = true;
			break;
		}
		if (++r > DATA_ROWS_MAX) {
			w->failed = true;
			st = app_err_set(e, APP_ETOOLARGE,
			                 "超过 Excel 工作表 %d 行的上限, 请分批导出", LXW_ROW_MAX);
			break;
		}
		for (size_t c = 0; c < ncols; c++) {
			if (!vals[c].present)
				continue;
			lxw_error err =
			    write_cell(w, ws, (lxw_row_t)r, (lxw_col_t)c, cols[c].type, &vals[c]);
			if (err != LXW_NO_ERROR) {
				char where[64];
				snprintf(where, sizeof where, "第%ld行第%zu列", r + 1, c + 1);
				st = lxw_fail(w, err, e, where);
				if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
					app_err_set(
					    e, APP_ETOOLARGE,
					    "第%ld行第%zu列: 文本超过 Excel 单元格 %d 个字符的上限",
					    r + 1, c + 1, CELL_CHARS_MAX);
				goto out;
			}
		}
	}
out:
	free(vals);
	if (nrows)
		*nrows = r;
	return st;
}

enum app_status xlsxw_table(struct xlsxw *w, const char *sheet, const struct xlsxw_col *cols,
                            size_t ncols, xlsxw_row_fn next, void *ctx, long *nrows,
                            struct app_err *e)
{
	enum app_status st;
	long n = 0;
	if (nrows)
		*nrows = 0;
	if (w->failed)
		return app_err_set(e, APP_EINTERNAL, "工作簿已经出错, 不能继续写入");
	if ((st = check_cols(cols, ncols, e)) != APP_OK)
		return st;
	lxw_error verr = workbook_validate_sheet_name(w->wb, sheet);
	if (verr != LXW_NO_ERROR)
		return app_err_set(e, APP_EINVAL, "工作表名称 \"%s\" 无效: %s", sheet,
		                   lxw_strerror(verr));
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, sheet);
	if (!ws)
		return app_err_set(e, APP_EINVAL, "无法添加工作表 \"%s\"", sheet);
	if ((st = write_header(w, ws, cols, ncols, e)) != APP_OK ||
	    (st = add_lists(w, ws, cols, ncols, e)) != APP_OK ||
	    (st = add_checks(w, ws, cols, ncols, e)) != APP_OK ||
	    (st = write_rows(w, ws, cols, ncols, next, ctx, &n, e)) != APP_OK)
		return st;
	worksheet_freeze_panes(ws, 1, 0);
	lxw_error err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ncols - 1));
	if (err != LXW_NO_ERROR)
		return lxw_fail(w, err, e, "筛选");
	if (nrows)
		*nrows = n;
	return APP_OK;
}

static void xlsxw_free(struct xlsxw *w)
{
	free(w->path);
	free(w->part);
	free(w->title);
	free(w);
}

enum app_status xlsxw_close(struct xlsxw *w, struct app_err *e)
{
	enum app_status st = APP_OK;
	if (w->failed) {
		xlsxw_abort(w);
		return app_err_set(e, APP_EINTERNAL, "工作簿已经出错, 没有写出文件");
	}
	lxw_error err = workbook_close(w->wb);
	if (err != LXW_NO_ERROR) {
		st = app_err_set(e, APP_EIO, "写入 XLSX 文件 %s 失败: %s", w->path,
		                 lxw_strerror(err));
		unlink(w->part);
	} else if (rename(w->part, w->path) != 0) {
		st = app_err_set(e, APP_EIO, "无法保存文件 %s: %s", w->path, strerror(errno));
		unlink(w->part);
	}
	xlsxw_free(w);
	return st;
}

void xlsxw_abort(struct xlsxw *w)
{
	if (!w)
		return;
	workbook_close(w->wb); /* releases its temporary files */
	unlink(w->part);
	xlsxw_free(w);
}

enum app_status xlsxw_write_table(const char *path, const char *sheet, const struct xlsxw_col *cols,
                                  size_t ncols, xlsxw_row_fn next, void *ctx, long *nrows,
                                  struct app_err *e)
{
	struct xlsxw *w;
	enum app_status st = xlsxw_create(path, &w, e);
	if (st != APP_OK)
		return st;
	st = xlsxw_table(w, sheet, cols, ncols, next, ctx, nrows, e);
	if (st != APP_OK) {
		xlsxw_abort(w);
		return st;
	}
	return xlsxw_close(w, e);
}
