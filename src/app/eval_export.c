/* eval_export.c - evaluations as CSV and XLSX (see eval_export.h).
 *
 * The XLSX writer pulls rows while the store pushes firms, so firms are
 * read a page at a time (EVAL_EXPORT_PAGE) into a cursor that each sheet's
 * callback drains; each sheet evaluates its firms again rather than
 * keeping every result in memory. */
#include "eval_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "io/csv.h"
#include "io/xlsxw.h"

#ifndef EVAL_EXPORT_PAGE
#define EVAL_EXPORT_PAGE 256 /* firms read from the store at a time */
#endif
#define MAX_GROUPS 16    /* group columns of the results table */
#define CELL_TEXT  4096  /* bytes of a composed text cell (unmet conditions, ...) */
#define SHEET_TEXT 30000 /* bytes of a worksheet cell (Excel allows 32,767 characters) */

/* ---- the firms, a page at a time ---- */

struct cursor {
	struct store *s;
	struct store_filter f; /* the caller's filter; limit/offset are ours */
	int year;
	long want, done;
	struct eval_firm *page;
	size_t n, i;
	bool end;
};

static void cursor_open(struct cursor *c, struct store *s, const struct store_filter *f, int year)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	if (f)
		c->f = *f;
	c->want = c->f.limit;
	c->year = year;
	c->page = xcalloc(EVAL_EXPORT_PAGE, sizeof *c->page);
}

static void cursor_close(struct cursor *c)
{
	free(c->page);
	c->page = NULL;
}

static int page_add(void *ctx, const struct eval_firm *f)
{
	struct cursor *c = ctx;
	c->page[c->n++] = *f;
	return 0;
}

/* The next firm, or APP_ENOTFOUND after the last. */
static enum app_status cursor_next(struct cursor *c, const struct eval_firm **out,
                                   struct app_err *e)
{
	while (c->i == c->n) {
		if (c->end)
			return APP_ENOTFOUND;
		long limit = EVAL_EXPORT_PAGE;
		if (c->want && c->want - c->done < limit)
			limit = c->want - c->done;
		c->n = c->i = 0;
		if (limit <= 0) {
			c->end = true;
			continue;
		}
		struct store_filter f = c->f;
		f.offset = c->f.offset + c->done;
		f.limit = limit;
		enum app_status st = eval_each_firm(c->s, &f, c->year, page_add, c, e);
		if (st != APP_OK)
			return st;
		c->done += (long)c->n;
		if (c->n < (size_t)limit)
			c->end = true;
	}
	*out = &c->page[c->i++];
	return APP_OK;
}

/* ---- the results table ---- */

struct summary {
	char unmet[CELL_TEXT];   /* 未满足的基本条件 */
	char short_[CELL_TEXT];  /* 评分差距: the pass rule's shortfalls */
	char routes[CELL_TEXT];  /* 满足的直通条件 */
	char missing[CELL_TEXT]; /* 缺少数据 */
};

static void add_text(char *dst, size_t n, const char *sep, const char *a, const char *b)
{
	size_t len = strlen(dst);
	if (len + 8 >= n)
		return;
	snprintf(dst + len, n - len, "%s%s%s", len ? sep : "", a, b);
}

static void missing_text(const struct criteria_missing *m, size_t nm, char *dst, size_t n)
{
	for (size_t i = 0; i < nm; i++) {
		char y[24] = "";
		if (m[i].year)
			snprintf(y, sizeof y, "(%d年)", m[i].year);
		add_text(dst, n, "、", m[i].label, y);
	}
}

static void summarise(const struct criteria_result *r, struct summary *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct criteria_req *q = &r->reqs[i];
		if (q->kind == RULE_REQUIRE && q->met == CRITERIA_NO) {
			char gap[512];
			snprintf(gap, sizeof gap, " %s", q->gap[0] ? q->gap : "未达到");
			add_text(out->unmet, sizeof out->unmet, ";", q->label, gap);
		} else if (q->kind == RULE_REQUIRE && q->met == CRITERIA_UNKNOWN) {
			add_text(out->unmet, sizeof out->unmet, ";", q->label, "(缺少数据)");
		} else if (q->kind == RULE_ROUTE && q->met == CRITERIA_YES) {
			add_text(out->routes, sizeof out->routes, ";", q->label, "");
		}
	}
	for (size_t i = 0; i < r->nshortfalls; i++)
		add_text(out->short_, sizeof out->short_, ";", r->shortfalls[i], "");
	missing_text(r->missing, r->nmissing, out->missing, sizeof out->missing);
}

/* The groups of c, in the order of criteria_result.groups. */
static size_t group_headers(const struct criteria *c, char (*h)[160], size_t max)
{
	const struct rule_program *p = criteria_program(c);
	size_t n = 0;
	for (size_t i = 0; i < rule_item_count(p) && n < max; i++) {
		const struct rule_item *it = rule_item(p, i);
		if (it->kind == RULE_GROUP)
			snprintf(h[n++], sizeof h[0], "%s(满分%g分)", it->label, it->max);
	}
	return n;
}

enum { R_USCC, R_NAME, R_UNIT, R_INDUSTRY, R_CRITERIA, R_YEAR, R_VERDICT, R_SCORE, R_MAX, R_FIXED };
static const char *const result_heads[R_FIXED] = {
    "统一社会信用代码", "企业名称", "区县", "国民经济行业", "评价标准",
    "评价年度",         "结论",     "评分", "满分"};
#define NTAIL 4
static const char *const result_tail[NTAIL] = {"未满足的基本条件", "评分差距", "满足的直通条件",
                                               "缺少数据"};

/* ---- CSV ---- */

struct csv_ctx {
	const struct criteria *c;
	int year;
	struct buf b;
	struct export_sink *out;
	size_t ngroups;
	enum app_status st; /* of the sink */
};

static enum app_status csv_flush(struct csv_ctx *x)
{
	enum app_status st = x->out->write(x->out->ctx, x->b.p, x->b.len);
	buf_reset(&x->b);
	return st;
}

static void csv_cell(struct buf *b, const char *s, bool first)
{
	csv_put_field(b, s, strlen(s), first);
}

static int csv_firm(void *ctx, const struct eval_firm *f)
{
	struct csv_ctx *x = ctx;
	struct criteria_result r = {0};
	struct summary *sm = xmalloc(sizeof *sm);
	eval_firm_run(x->c, f, x->year, &r);
	summarise(&r, sm);
	char year[16], score[32], max[32];
	snprintf(year, sizeof year, "%d", x->year);
	snprintf(score, sizeof score, "%g", r.score);
	snprintf(max, sizeof max, "%g", r.score_max);
	const char *cells[R_FIXED] = {
	    f->ent.uscc,
	    f->ent.name,
	    district_unit_name(district_reporting_unit(f->ent.district, f->ent.zone)),
	    f->ent.industry,
	    criteria_name(x->c),
	    year,
	    criteria_verdict_label(r.verdict),
	    score,
	    max};
	for (size_t i = 0; i < R_FIXED; i++)
		csv_cell(&x->b, cells[i], i == 0);
	for (size_t g = 0; g < x->ngroups; g++) {
		char v[32] = "";
		if (g < r.ngroups)
			snprintf(v, sizeof v, "%g", r.groups[g].score);
		csv_cell(&x->b, v, false);
	}
	csv_cell(&x->b, sm->unmet, false);
	csv_cell(&x->b, sm->short_, false);
	csv_cell(&x->b, sm->routes, false);
	csv_cell(&x->b, sm->missing, false);
	csv_end_record(&x->b);
	criteria_result_free(&r);
	free(sm);
	if (x->b.len > 64 * 1024)
		x->st = csv_flush(x);
	return x->st != APP_OK;
}

enum app_status eval_export_csv(struct store *s, const struct criteria *c,
                                const struct store_filter *f, int year,
                                const struct export_options *opt, struct export_sink *out,
                                struct app_err *e)
{
	char groups[MAX_GROUPS][160];
	struct csv_ctx x = {.c = c, .year = year, .out = out};
	x.ngroups = group_headers(c, groups, MAX_GROUPS);
	buf_init(&x.b, 16 * 1024 * 1024);
	if (!opt || !opt->no_bom)
		buf_puts(&x.b, CSV_UTF8_BOM_BYTES);
	for (size_t i = 0; i < R_FIXED; i++)
		csv_cell(&x.b, result_heads[i], i == 0);
	for (size_t g = 0; g < x.ngroups; g++)
		csv_cell(&x.b, groups[g], false);
	for (size_t i = 0; i < NTAIL; i++)
		csv_cell(&x.b, result_tail[i], false);
	csv_end_record(&x.b);
	enum app_status st = csv_flush(&x);
	if (st == APP_OK)
		st = eval_each_firm(s, f, year, csv_firm, &x, e);
	if (st == APP_OK)
		st = x.st;
	if (st == APP_OK && x.b.len)
		st = csv_flush(&x);
	buf_free(&x.b);
	if (st == APP_EIO && (!e || !e->msg[0]))
		app_err_set(e, APP_EIO, "写出评价结果失败");
	return st;
}

/* ---- XLSX ---- */

/* One sheet's state: the cursor, the current firm and its result. */
struct sheet {
	const struct criteria *c;
	int year;
	struct cursor cur;
	const struct eval_firm *firm;
	struct criteria_result r;
	bool have;
	size_t item; /* next explanation row of the current firm */
	struct summary sm;
	char text[8][CELL_TEXT];
	struct buf sheet_text;
};

static void sheet_open(struct sheet *sh, struct store *s, const struct criteria *c,
                       const struct store_filter *f, int year)
{
	memset(sh, 0, sizeof *sh);
	sh->c = c;
	sh->year = year;
	cursor_open(&sh->cur, s, f, year);
	buf_init(&sh->sheet_text, 256 * 1024);
}

static void sheet_close(struct sheet *sh)
{
	if (sh->have)
		criteria_result_free(&sh->r);
	cursor_close(&sh->cur);
	buf_free(&sh->sheet_text);
}

/* Moves to the next firm and evaluates it; APP_ENOTFOUND at the end. */
static enum app_status sheet_advance(struct sheet *sh, struct app_err *e)
{
	if (sh->have)
		criteria_result_free(&sh->r);
	sh->have = false;
	enum app_status st = cursor_next(&sh->cur, &sh->firm, e);
	if (st != APP_OK)
		return st;
	eval_firm_run(sh->c, sh->firm, sh->year, &sh->r);
	sh->have = true;
	sh->item = 0;
	return APP_OK;
}

static void put_text(struct xlsxw_value *v, const char *s)
{
	v->s = s;
	v->present = s && s[0];
}

static void put_num(struct xlsxw_value *v, double d)
{
	v->d = d;
	v->present = true;
}

static enum app_status results_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct sheet *sh = ctx;
	enum app_status st = sheet_advance(sh, e);
	if (st != APP_OK)
		return st;
	const struct eval_firm *f = sh->firm;
	const struct criteria_result *r = &sh->r;
	summarise(r, &sh->sm);
	put_text(&row[R_USCC], f->ent.uscc);
	put_text(&row[R_NAME], f->ent.name);
	put_text(&row[R_UNIT],
	         district_unit_name(district_reporting_unit(f->ent.district, f->ent.zone)));
	put_text(&row[R_INDUSTRY], f->ent.industry);
	put_text(&row[R_CRITERIA], criteria_name(sh->c));
	row[R_YEAR].present = true;
	row[R_YEAR].i = sh->year;
	put_text(&row[R_VERDICT], criteria_verdict_label(r->verdict));
	put_num(&row[R_SCORE], r->score);
	put_num(&row[R_MAX], r->score_max);
	size_t k = R_FIXED;
	for (size_t g = 0; g < r->ngroups && g < MAX_GROUPS; g++)
		put_num(&row[k++], r->groups[g].score);
	put_text(&row[k++], sh->sm.unmet);
	put_text(&row[k++], sh->sm.short_);
	put_text(&row[k++], sh->sm.routes);
	put_text(&row[k], sh->sm.missing);
	return APP_OK;
}

/* The clause of each item is not repeated per firm: it is the same for
 * every firm (GET /criteria/{name} and the worksheet show it). */
enum {
	X_USCC,
	X_NAME,
	X_KIND,
	X_ITEM,
	X_RESULT,
	X_ACTUAL,
	X_THRESHOLD,
	X_GAP,
	X_POINTS,
	X_MAX,
	X_BAND,
	X_BASIS,
	X_MISSING,
	X_COUNT
};

static const char *met_label(enum criteria_met m)
{
	return m == CRITERIA_YES ? "满足" : m == CRITERIA_NO ? "不满足" : "数据不足";
}

static void join_lines(const struct criteria_req *q, char *dst, size_t n)
{
	dst[0] = '\0';
	for (size_t i = 0; i < q->nlines; i++)
		add_text(dst, n, ";", q->lines[i], "");
}

static void req_row(struct sheet *sh, const struct criteria_req *q, struct xlsxw_value *row)
{
	static const char *const kinds[] = {
	    [RULE_REQUIRE] = "基本条件", [RULE_ROUTE] = "直通条件", [RULE_REVIEW] = "人工审核"};
	put_text(&row[X_KIND], kinds[q->kind]);
	put_text(&row[X_ITEM], q->label);
	if (q->kind == RULE_REVIEW) {
		put_text(&row[X_RESULT], "需人工审核");
		return;
	}
	put_text(&row[X_RESULT], met_label(q->met));
	put_text(&row[X_ACTUAL], q->actual);
	put_text(&row[X_THRESHOLD], q->threshold);
	put_text(&row[X_GAP], q->met == CRITERIA_YES ? "" : q->gap);
	if (q->met != CRITERIA_YES || q->nlines > 1) { /* more than actual and threshold say */
		join_lines(q, sh->text[0], sizeof sh->text[0]);
		put_text(&row[X_BASIS], sh->text[0]);
	}
	sh->text[1][0] = '\0';
	missing_text(q->missing, q->nmissing, sh->text[1], sizeof sh->text[1]);
	put_text(&row[X_MISSING], sh->text[1]);
}

static void group_row(struct sheet *sh, const struct criteria_group *g, struct xlsxw_value *row)
{
	put_text(&row[X_KIND], "评分分组");
	put_text(&row[X_ITEM], g->label);
	put_num(&row[X_POINTS], g->score);
	put_num(&row[X_MAX], g->max);
	if (g->has_min) {
		snprintf(sh->text[0], sizeof sh->text[0], "最低 %g 分", g->min);
		put_text(&row[X_THRESHOLD], sh->text[0]);
		put_text(&row[X_RESULT], g->min_met == CRITERIA_YES  ? "达到最低分"
		                         : g->min_met == CRITERIA_NO ? "未达最低分"
		                                                     : "数据不足");
	}
}

static void ind_row(struct sheet *sh, const struct criteria_ind *d, struct xlsxw_value *row)
{
	put_text(&row[X_KIND], "评分指标");
	if (d->group >= 0) {
		snprintf(sh->text[2], sizeof sh->text[2], "%s / %s", sh->r.groups[d->group].label,
		         d->label);
		put_text(&row[X_ITEM], sh->text[2]);
	} else {
		put_text(&row[X_ITEM], d->label);
	}
	put_num(&row[X_POINTS], d->points);
	put_num(&row[X_MAX], d->max);
	if (d->points != d->points_hi)
		put_text(&row[X_RESULT], "数据不足");
	put_text(&row[X_BAND], d->band);
	put_text(&row[X_BASIS], d->basis);
	sh->text[1][0] = '\0';
	missing_text(d->missing, d->nmissing, sh->text[1], sizeof sh->text[1]);
	put_text(&row[X_MISSING], sh->text[1]);
}

/* Item k of a result in worksheet order: requirements, groups with their
 * indicators, routes, reviews. Returns false past the last. */
static bool explain_item(struct sheet *sh, size_t k, struct xlsxw_value *row)
{
	const struct criteria_result *r = &sh->r;
	static const enum rule_item_kind order[] = {RULE_REQUIRE, RULE_INDICATOR, RULE_ROUTE,
	                                            RULE_REVIEW};
	for (size_t o = 0; o < 4; o++) {
		if (order[o] == RULE_INDICATOR) {
			for (int g = -1; g < (int)r->ngroups; g++) {
				if (g >= 0 && k-- == 0) {
					group_row(sh, &r->groups[g], row);
					return true;
				}
				for (size_t i = 0; i < r->ninds; i++)
					if (r->inds[i].group == g && k-- == 0) {
						ind_row(sh, &r->inds[i], row);
						return true;
					}
			}
			continue;
		}
		for (size_t i = 0; i < r->nreqs; i++)
			if (r->reqs[i].kind == order[o] && k-- == 0) {
				req_row(sh, &r->reqs[i], row);
				return true;
			}
	}
	return false;
}

static enum app_status explain_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct sheet *sh = ctx;
	for (;;) {
		if (sh->have && explain_item(sh, sh->item, row)) {
			sh->item++;
			put_text(&row[X_USCC], sh->firm->ent.uscc);
			put_text(&row[X_NAME], sh->firm->ent.name);
			return APP_OK;
		}
		enum app_status st = sheet_advance(sh, e);
		if (st != APP_OK)
			return st;
	}
}

static enum app_status worksheet_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct sheet *sh = ctx;
	enum app_status st = sheet_advance(sh, e);
	if (st != APP_OK)
		return st;
	buf_reset(&sh->sheet_text);
	criteria_explain(sh->c, &sh->r, &sh->firm->ent, &sh->sheet_text);
	if (sh->sheet_text.len > SHEET_TEXT) { /* cut at a character boundary */
		size_t n = SHEET_TEXT;
		while (n > 0 && ((unsigned char)sh->sheet_text.p[n] & 0xC0) == 0x80)
			n--;
		sh->sheet_text.len = n;
	}
	put_text(&row[0], sh->firm->ent.uscc);
	put_text(&row[1], sh->firm->ent.name);
	put_text(&row[2], criteria_verdict_label(sh->r.verdict));
	put_text(&row[3], buf_cstr(&sh->sheet_text));
	return APP_OK;
}

static enum app_status results_sheet(struct xlsxw *w, struct store *s, const struct criteria *c,
                                     const struct store_filter *f, int year, struct app_err *e)
{
	char groups[MAX_GROUPS][160];
	size_t ng = group_headers(c, groups, MAX_GROUPS);
	struct xlsxw_col cols[R_FIXED + MAX_GROUPS + NTAIL];
	memset(cols, 0, sizeof cols);
	for (size_t i = 0; i < R_FIXED; i++) {
		cols[i].header = result_heads[i];
		cols[i].type = i == R_YEAR ? XW_INT : i >= R_SCORE ? XW_DECIMAL : XW_TEXT;
	}
	for (size_t g = 0; g < ng; g++) {
		cols[R_FIXED + g].header = groups[g];
		cols[R_FIXED + g].type = XW_DECIMAL;
	}
	for (size_t i = 0; i < NTAIL; i++) {
		cols[R_FIXED + ng + i].header = result_tail[i];
		cols[R_FIXED + ng + i].type = XW_TEXT;
		cols[R_FIXED + ng + i].width = i == 0 ? 60 : 30;
	}
	struct sheet *sh = xmalloc(sizeof *sh);
	sheet_open(sh, s, c, f, year);
	enum app_status st =
	    xlsxw_table(w, "评价结果", cols, R_FIXED + ng + NTAIL, results_row, sh, NULL, e);
	sheet_close(sh);
	free(sh);
	return st;
}

static enum app_status explain_sheet(struct xlsxw *w, struct store *s, const struct criteria *c,
                                     const struct store_filter *f, int year, struct app_err *e)
{
	static const char *const heads[X_COUNT] = {"统一社会信用代码",
	                                           "企业名称",
	                                           "类别",
	                                           "项目",
	                                           "结果",
	                                           "实际值",
	                                           "标准",
	                                           "差距",
	                                           "得分",
	                                           "满分",
	                                           "档次",
	                                           "依据",
	                                           "缺少数据"};
	static const double widths[X_COUNT] = {22, 30, 10, 48, 10, 16, 16, 28, 8, 8, 14, 60, 30};
	struct xlsxw_col cols[X_COUNT];
	memset(cols, 0, sizeof cols);
	for (size_t i = 0; i < X_COUNT; i++) {
		cols[i].header = heads[i];
		cols[i].type = i == X_POINTS || i == X_MAX ? XW_DECIMAL : XW_TEXT;
		cols[i].width = widths[i];
	}
	struct sheet *sh = xmalloc(sizeof *sh);
	sheet_open(sh, s, c, f, year);
	enum app_status st = xlsxw_table(w, "评价说明", cols, X_COUNT, explain_row, sh, NULL, e);
	sheet_close(sh);
	free(sh);
	return st;
}

static enum app_status worksheet_sheet(struct xlsxw *w, struct store *s, const struct criteria *c,
                                       const struct store_filter *f, int year, struct app_err *e)
{
	struct xlsxw_col cols[4] = {{.header = "统一社会信用代码", .type = XW_TEXT},
	                            {.header = "企业名称", .type = XW_TEXT, .width = 30},
	                            {.header = "结论", .type = XW_TEXT},
	                            {.header = "评价表", .type = XW_TEXT, .width = 100}};
	struct sheet *sh = xmalloc(sizeof *sh);
	sheet_open(sh, s, c, f, year);
	enum app_status st = xlsxw_table(w, "评价表", cols, 4, worksheet_row, sh, NULL, e);
	sheet_close(sh);
	free(sh);
	return st;
}

enum app_status eval_export_xlsx(struct store *s, const struct criteria *c,
                                 const struct store_filter *f, int year, const char *path,
                                 struct app_err *e)
{
	struct xlsxw *w = NULL;
	enum app_status st = xlsxw_create(path, &w, e);
	if (st != APP_OK)
		return st;
	char title[256];
	snprintf(title, sizeof title, "%s 评价结果(%d 年数据)",
	         rule_info(criteria_program(c))->title, year);
	xlsxw_set_title(w, title);
	st = results_sheet(w, s, c, f, year, e);
	if (st == APP_OK)
		st = explain_sheet(w, s, c, f, year, e);
	if (st == APP_OK)
		st = worksheet_sheet(w, s, c, f, year, e);
	if (st != APP_OK) {
		xlsxw_abort(w);
		return st;
	}
	return xlsxw_close(w, e);
}
