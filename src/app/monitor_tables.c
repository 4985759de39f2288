/* monitor_tables.c - the monitoring tables as CSV and XLSX (see
 * monitor_tables.h).
 *
 * Each table is first laid out as a grid of cells (typed as io/xlsxw.h
 * wants them, text copied into the grid), then either written as CSV or
 * handed row by row to the XLSX writer: one layout, two formats, so the
 * CSV and the workbook cannot disagree. */
#include "monitor_tables.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "io/csv.h"
#include "io/xlsxw.h"

/* ---- a grid of cells ---- */

struct grid {
	const struct xlsxw_col *cols;
	size_t ncols;
	struct xlsxw_value *cells; /* n rows × ncols */
	char **text;               /* copies owned by the grid */
	size_t n, cap, ntext, captext;
	size_t next; /* row handed to the writer next */
};

static void grid_init(struct grid *g, const struct xlsxw_col *cols, size_t ncols)
{
	memset(g, 0, sizeof *g);
	g->cols = cols;
	g->ncols = ncols;
}

static void grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->ntext; i++)
		free(g->text[i]);
	free(g->text);
	free(g->cells);
	memset(g, 0, sizeof *g);
}

/* A new empty row; its cells are all absent. */
static struct xlsxw_value *grid_row(struct grid *g)
{
	xgrow((void **)&g->cells, &g->cap, (g->n + 1) * g->ncols, sizeof *g->cells);
	struct xlsxw_value *r = &g->cells[g->n++ * g->ncols];
	memset(r, 0, g->ncols * sizeof *r);
	return r;
}

static void cell_text(struct grid *g, struct xlsxw_value *c, const char *s)
{
	if (!s || !*s)
		return;
	xgrow((void **)&g->text, &g->captext, g->ntext + 1, sizeof *g->text);
	g->text[g->ntext] = xstrdup(s);
	c->s = g->text[g->ntext++];
	c->present = true;
}

static void cell_int(struct xlsxw_value *c, int64_t v)
{
	c->i = v;
	c->present = true;
}

static void cell_ratio(struct xlsxw_value *c, bool ok, double v)
{
	c->d = v;
	c->present = ok && isfinite(v);
}

static enum app_status grid_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)e;
	struct grid *g = ctx;
	if (g->next >= g->n)
		return APP_ENOTFOUND;
	memcpy(row, &g->cells[g->next++ * g->ncols], g->ncols * sizeof *row);
	return APP_OK;
}

/* Adds the grid as a sheet of w. */
static enum app_status grid_sheet(struct xlsxw *w, const char *sheet, struct grid *g,
                                  struct app_err *e)
{
	g->next = 0;
	return xlsxw_table(w, sheet, g->cols, g->ncols, grid_next, g, NULL, e);
}

/* One cell as CSV text: money in 万元 with 2 decimals, percentages with 2
 * decimals and no sign, integers, text. */
static void csv_value(struct buf *b, const struct xlsxw_col *col, const struct xlsxw_value *c,
                      bool first)
{
	char v[64] = "";
	const char *s = v;
	if (c->present) {
		switch (col->type) {
		case XW_MONEY:
			monitor_fmt_wan(c->i, v, sizeof v);
			break;
		case XW_INT:
			snprintf(v, sizeof v, "%" PRId64, c->i);
			break;
		case XW_PERCENT:
			snprintf(v, sizeof v, "%.2f", (double)c->i / 100.0);
			break;
		case XW_RATIO:
			snprintf(v, sizeof v, "%.2f", c->d * 100.0);
			break;
		case XW_DECIMAL:
		case XW_NUMBER:
			snprintf(v, sizeof v, "%.15g", c->d);
			break;
		default:
			s = c->s ? c->s : "";
			break;
		}
	}
	csv_put_field(b, s, strlen(s), first);
}

/* The grid as CSV with a BOM, headers with "%" for rate columns. */
static enum app_status grid_csv(const struct grid *g, struct buf *out)
{
	buf_puts(out, CSV_UTF8_BOM_BYTES);
	for (size_t j = 0; j < g->ncols; j++) {
		char h[160];
		const struct xlsxw_col *c = &g->cols[j];
		snprintf(h, sizeof h, "%s%s", c->header,
		         c->type == XW_RATIO || c->type == XW_PERCENT ? "(%)" : "");
		csv_put_field(out, h, strlen(h), j == 0);
	}
	csv_end_record(out);
	for (size_t i = 0; i < g->n; i++) {
		for (size_t j = 0; j < g->ncols; j++)
			csv_value(out, &g->cols[j], &g->cells[i * g->ncols + j], j == 0);
		csv_end_record(out);
	}
	return out->len >= out->max ? APP_ETOOLARGE : APP_OK;
}

static void date_text(int64_t days, char out[11])
{
	int y, m, d;
	date_from_days(days, &y, &m, &d);
	date_format(y, m, d, out);
}

static double ratio(long part, long whole)
{
	return whole ? (double)part / (double)whole : 1.0;
}

/* ---- completeness ---- */

static const struct xlsxw_col rank_cols[] = {
    {.header = "排名", .type = XW_INT, .width = 7},
    {.header = "区县(功能区)", .type = XW_TEXT, .width = 22},
    {.header = "应报(家)", .type = XW_INT},
    {.header = "已报(家)", .type = XW_INT},
    {.header = "按时(家)", .type = XW_INT},
    {.header = "逾期(家)", .type = XW_INT},
    {.header = "未报(家)", .type = XW_INT},
    {.header = "报送率", .type = XW_RATIO},
    {.header = "按时率", .type = XW_RATIO},
    {.header = "低于阈值", .type = XW_TEXT, .width = 10},
    {.header = "近期未达标次数", .type = XW_INT},
};
enum { RANK_BASE = 9, RANK_ALL = sizeof rank_cols / sizeof rank_cols[0] };

static void rank_row(struct grid *g, const struct monitor_unit_stat *u, bool city)
{
	struct xlsxw_value *r = grid_row(g);
	if (!city)
		cell_int(&r[0], u->rank);
	cell_text(g, &r[1], city ? "全市" : u->name);
	cell_int(&r[2], u->expected);
	cell_int(&r[3], u->filed);
	cell_int(&r[4], u->on_time);
	cell_int(&r[5], u->late);
	cell_int(&r[6], u->missing);
	cell_ratio(&r[7], true, ratio(u->filed, u->expected));
	cell_ratio(&r[8], true, ratio(u->on_time, u->expected));
}

static void rank_grid(struct grid *g, const struct monitor_completeness *c, size_t ncols)
{
	grid_init(g, rank_cols, ncols);
	for (size_t i = 0; i < c->nunits; i++)
		rank_row(g, &c->units[i], false);
	rank_row(g, &c->city, true);
}

static const struct xlsxw_col missing_cols[] = {
    {.header = "区县(功能区)", .type = XW_TEXT, .width = 22},
    {.header = "统一社会信用代码", .type = XW_TEXT, .width = 22},
    {.header = "企业名称", .type = XW_TEXT, .width = 36},
};

static void missing_grid(struct grid *g, const struct monitor_completeness *c)
{
	grid_init(g, missing_cols, sizeof missing_cols / sizeof missing_cols[0]);
	for (size_t i = 0; i < c->nmissing; i++) {
		struct xlsxw_value *r = grid_row(g);
		cell_text(g, &r[0], district_unit_name(c->missing[i].unit));
		cell_text(g, &r[1], c->missing[i].uscc);
		cell_text(g, &r[2], c->missing[i].name);
	}
}

enum app_status monitor_completeness_csv(const struct monitor_completeness *c, struct buf *out)
{
	struct grid g;
	rank_grid(&g, c, RANK_BASE);
	enum app_status st = grid_csv(&g, out);
	grid_free(&g);
	return st;
}

/* Writes the grids as the sheets of one workbook (titled) at path. */
static enum app_status write_book(const char *path, const char *title, const char *const *sheets,
                                  struct grid *grids, size_t n, struct app_err *e)
{
	struct xlsxw *w = NULL;
	enum app_status st = xlsxw_create(path, &w, e);
	if (st != APP_OK)
		return st;
	xlsxw_set_title(w, title);
	for (size_t i = 0; i < n && st == APP_OK; i++)
		st = grid_sheet(w, sheets[i], &grids[i], e);
	if (st != APP_OK) {
		xlsxw_abort(w);
		return st;
	}
	return xlsxw_close(w, e);
}

enum app_status monitor_completeness_xlsx(const struct monitor_completeness *c, const char *path,
                                          struct app_err *e)
{
	struct grid g[2];
	rank_grid(&g[0], c, RANK_BASE);
	missing_grid(&g[1], c);
	char per[8], title[64];
	monthly_period_format(c->period, per);
	snprintf(title, sizeof title, "%s 月报报送情况", per);
	static const char *const sheets[] = {"报送情况", "未报送企业"};
	enum app_status st = write_book(path, title, sheets, g, 2, e);
	grid_free(&g[0]);
	grid_free(&g[1]);
	return st;
}

/* ---- the 催报 list ---- */

enum app_status monitor_chase_list(struct store *s, const struct monitor_completeness *c,
                                   const char *unit, bool mask, struct monitor_chase **out,
                                   size_t *n, struct app_err *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	for (size_t i = 0; i < c->nmissing; i++) {
		const struct monitor_missing *m = &c->missing[i];
		if (unit && *unit && strcmp(m->unit, unit) != 0)
			continue;
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		struct monitor_chase *x = &(*out)[(*n)++];
		memset(x, 0, sizeof *x);
		snprintf(x->unit, sizeof x->unit, "%s", m->unit);
		snprintf(x->unit_name, sizeof x->unit_name, "%s", district_unit_name(m->unit));
		snprintf(x->uscc, sizeof x->uscc, "%s", m->uscc);
		snprintf(x->name, sizeof x->name, "%s", m->name);
		struct enterprise ent;
		struct app_err le = {0};
		enum app_status st = store_enterprise_get(s, m->uscc, &ent, &le);
		if (st == APP_ENOTFOUND)
			continue;
		if (st != APP_OK) {
			free(*out);
			*out = NULL;
			*n = 0;
			if (err)
				*err = le;
			return st;
		}
		if (mask) {
			mask_person(ent.contact, x->contact, sizeof x->contact);
			mask_phone(ent.phone, x->phone, sizeof x->phone);
		} else {
			snprintf(x->contact, sizeof x->contact, "%s", ent.contact);
			snprintf(x->phone, sizeof x->phone, "%s", ent.phone);
		}
	}
	return APP_OK;
}

static const struct xlsxw_col chase_cols[] = {
    {.header = "报告期", .type = XW_TEXT, .width = 10},
    {.header = "截止日期", .type = XW_DATE},
    {.header = "区县(功能区)", .type = XW_TEXT, .width = 22},
    {.header = "统一社会信用代码", .type = XW_TEXT, .width = 22},
    {.header = "企业名称", .type = XW_TEXT, .width = 36},
    {.header = "联系人", .type = XW_TEXT, .width = 12},
    {.header = "联系电话", .type = XW_TEXT, .width = 16},
};

static void chase_grid(struct grid *g, const struct monitor_completeness *c,
                       const struct monitor_chase *v, size_t n)
{
	char per[8], due[11];
	monthly_period_format(c->period, per);
	date_text(c->deadline, due);
	grid_init(g, chase_cols, sizeof chase_cols / sizeof chase_cols[0]);
	for (size_t i = 0; i < n; i++) {
		struct xlsxw_value *r = grid_row(g);
		cell_text(g, &r[0], per);
		cell_text(g, &r[1], due);
		cell_text(g, &r[2], v[i].unit_name);
		cell_text(g, &r[3], v[i].uscc);
		cell_text(g, &r[4], v[i].name);
		cell_text(g, &r[5], v[i].contact);
		cell_text(g, &r[6], v[i].phone);
	}
}

enum app_status monitor_chase_csv(const struct monitor_completeness *c,
                                  const struct monitor_chase *v, size_t n, struct buf *out)
{
	struct grid g;
	chase_grid(&g, c, v, n);
	enum app_status st = grid_csv(&g, out);
	grid_free(&g);
	return st;
}

enum app_status monitor_chase_xlsx(const struct monitor_completeness *c,
                                   const struct monitor_chase *v, size_t n, const char *path,
                                   struct app_err *e)
{
	struct grid g;
	chase_grid(&g, c, v, n);
	char per[8], title[64];
	monthly_period_format(c->period, per);
	snprintf(title, sizeof title, "%s 月报催报名单", per);
	static const char *const sheets[] = {"催报名单"};
	enum app_status st = write_book(path, title, sheets, &g, 1, e);
	grid_free(&g);
	return st;
}

/* ---- the 通报 tables ---- */

enum app_status monitor_notice_tables(struct store *s, const struct monitor_settings *cfg, int p,
                                      int64_t today, const struct monitor_notice_options *o,
                                      struct monitor_notice_tables *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	out->threshold_bp = o && o->threshold_bp ? o->threshold_bp : cfg->notice_threshold_bp;
	enum app_status st = monitor_completeness(s, cfg, p, today, &out->c, err);
	if (st == APP_OK)
		st = monitor_laggards(s, cfg, p, today, o, &out->lag, &out->nlag, err);
	if (st != APP_OK)
		monitor_notice_tables_free(out);
	return st;
}

void monitor_notice_tables_free(struct monitor_notice_tables *t)
{
	monitor_completeness_free(&t->c);
	free(t->lag);
	t->lag = NULL;
	t->nlag = 0;
}

static bool below(const struct monitor_notice_tables *t, const struct monitor_unit_stat *u)
{
	/* exact: filed / expected < threshold / 10000 */
	return u->expected && (int64_t)u->filed * 10000 < (int64_t)t->threshold_bp * u->expected;
}

static int lag_times(const struct monitor_notice_tables *t, const char *unit)
{
	for (size_t i = 0; i < t->nlag; i++)
		if (strcmp(t->lag[i].unit, unit) == 0)
			return t->lag[i].times;
	return 0;
}

static void notice_rank_grid(struct grid *g, const struct monitor_notice_tables *t)
{
	rank_grid(g, &t->c, RANK_ALL);
	for (size_t i = 0; i < t->c.nunits; i++) {
		struct xlsxw_value *r = &g->cells[i * g->ncols];
		cell_text(g, &r[9], below(t, &t->c.units[i]) ? "是" : "否");
		cell_int(&r[10], lag_times(t, t->c.units[i].unit));
	}
}

enum app_status monitor_notice_tables_csv(const struct monitor_notice_tables *t, struct buf *out)
{
	struct grid g;
	notice_rank_grid(&g, t);
	enum app_status st = grid_csv(&g, out);
	grid_free(&g);
	return st;
}

enum { LAG_PERIODS = 8 };

static void lag_grid(struct grid *g, struct xlsxw_col *cols, char heads[][24],
                     const struct monitor_notice_tables *t)
{
	size_t nper = t->nlag ? (size_t)t->lag[0].n : 0;
	if (nper > LAG_PERIODS)
		nper = LAG_PERIODS;
	cols[0] = (struct xlsxw_col){.header = "区县(功能区)", .type = XW_TEXT, .width = 22};
	cols[1] = (struct xlsxw_col){.header = "未达标次数", .type = XW_INT};
	for (size_t j = 0; j < nper; j++) {
		char per[8];
		monthly_period_format(t->lag[0].periods[j], per);
		snprintf(heads[j], 24, "%s报送率", per);
		cols[2 + j] = (struct xlsxw_col){.header = heads[j], .type = XW_RATIO, .width = 14};
	}
	grid_init(g, cols, 2 + nper);
	for (size_t i = 0; i < t->nlag; i++) {
		const struct monitor_laggard *l = &t->lag[i];
		struct xlsxw_value *r = grid_row(g);
		cell_text(g, &r[0], l->name);
		cell_int(&r[1], l->times);
		for (size_t j = 0; j < nper && j < (size_t)l->n; j++)
			cell_ratio(&r[2 + j], !isnan(l->rates[j]), l->rates[j] / 100.0);
	}
}

enum app_status monitor_notice_tables_xlsx(const struct monitor_notice_tables *t, const char *path,
                                           struct app_err *e)
{
	struct grid g[3];
	struct xlsxw_col lag_cols[2 + LAG_PERIODS];
	char heads[LAG_PERIODS][24];
	notice_rank_grid(&g[0], t);
	lag_grid(&g[1], lag_cols, heads, t);
	missing_grid(&g[2], &t->c);
	char per[8], title[64];
	monthly_period_format(t->c.period, per);
	snprintf(title, sizeof title, "%s 月报报送情况通报附表", per);
	static const char *const sheets[] = {"报送排名", "连续未达标", "未报送企业"};
	enum app_status st = write_book(path, title, sheets, g, 3, e);
	for (int i = 0; i < 3; i++)
		grid_free(&g[i]);
	return st;
}

/* ---- the analysis report ---- */

/* The keys of the report's table, headcount last (as monitor_report_csv). */
static const enum monthly_key report_keys[] = {MK_REVENUE_YTD, MK_OUTPUT_YTD,     MK_PROFIT_YTD,
                                               MK_TAX_YTD,     MK_RD_EXPENSE_YTD, MK_EXPORT_YTD,
                                               MK_EMPLOYEES};
enum { NKEYS = sizeof report_keys / sizeof report_keys[0] };

struct report_layout {
	struct xlsxw_col cols[3 + 3 * NKEYS + 3];
	char heads[3 * NKEYS][64];
	size_t ncols;
};

static void report_cols(struct report_layout *L)
{
	size_t j = 0, h = 0;
	memset(L, 0, sizeof *L);
	L->cols[j++] = (struct xlsxw_col){.header = "分组代码", .type = XW_TEXT, .width = 10};
	L->cols[j++] = (struct xlsxw_col){.header = "分组", .type = XW_TEXT, .width = 24};
	L->cols[j++] = (struct xlsxw_col){.header = "报送企业数", .type = XW_INT};
	for (size_t i = 0; i < NKEYS; i++) {
		enum monthly_key k = report_keys[i];
		const char *name = monthly_key_short(k);
		if (monthly_indicators[k].type == IND_MONEY) {
			snprintf(L->heads[h], sizeof L->heads[h], "%s累计(万元)", name);
			L->cols[j++] =
			    (struct xlsxw_col){.header = L->heads[h++], .type = XW_MONEY};
			snprintf(L->heads[h], sizeof L->heads[h], "%s当月(万元)", name);
			L->cols[j++] =
			    (struct xlsxw_col){.header = L->heads[h++], .type = XW_MONEY};
		} else {
			snprintf(L->heads[h], sizeof L->heads[h], "%s期末人数(人)", name);
			L->cols[j++] = (struct xlsxw_col){.header = L->heads[h++], .type = XW_INT};
		}
		snprintf(L->heads[h], sizeof L->heads[h], "%s%s同比", name,
		         monthly_key_is_ytd(k) ? "累计" : "");
		L->cols[j++] = (struct xlsxw_col){.header = L->heads[h++], .type = XW_RATIO};
	}
	L->cols[j++] = (struct xlsxw_col){.header = "亏损企业数", .type = XW_INT};
	L->cols[j++] = (struct xlsxw_col){.header = "亏损面", .type = XW_RATIO};
	L->cols[j++] = (struct xlsxw_col){.header = "亏损额(万元)", .type = XW_MONEY};
	L->ncols = j;
}

static void report_row(struct grid *g, const char *grp, const char *name,
                       const struct monthly_agg *c)
{
	struct xlsxw_value *r = grid_row(g);
	size_t j = 0;
	double pct;
	cell_text(g, &r[j++], grp);
	cell_text(g, &r[j++], name);
	cell_int(&r[j++], c->filed);
	for (size_t i = 0; i < NKEYS; i++) {
		enum monthly_key k = report_keys[i];
		if (c->n[k])
			cell_int(&r[j], c->sum[k]);
		j++;
		if (monthly_indicators[k].type == IND_MONEY) {
			if (c->sn[k])
				cell_int(&r[j], c->ssum[k]);
			j++;
		}
		bool ok = monthly_agg_growth(c, k, &pct);
		cell_ratio(&r[j++], ok, pct / 100.0);
	}
	cell_int(&r[j++], c->loss);
	bool ok = monthly_agg_loss_rate(c, &pct);
	cell_ratio(&r[j++], ok, pct / 100.0);
	cell_int(&r[j], c->loss_sum);
}

static const struct xlsxw_col series_cols[] = {
    {.header = "报告期", .type = XW_TEXT, .width = 10},
    {.header = "报送企业数", .type = XW_INT},
    {.header = "营业收入累计(万元)", .type = XW_MONEY},
    {.header = "营业收入当月(万元)", .type = XW_MONEY},
    {.header = "营业收入累计同比", .type = XW_RATIO},
    {.header = "利润总额累计(万元)", .type = XW_MONEY},
    {.header = "利润总额累计同比", .type = XW_RATIO},
    {.header = "亏损面", .type = XW_RATIO},
};

static void series_grid(struct grid *g, const struct monitor_report *rp)
{
	grid_init(g, series_cols, sizeof series_cols / sizeof series_cols[0]);
	for (size_t i = 0; i < rp->nseries; i++) {
		const struct monthly_agg *c = &rp->series[i];
		struct xlsxw_value *r = grid_row(g);
		char per[8];
		double pct;
		monthly_period_format(c->period, per);
		cell_text(g, &r[0], per);
		cell_int(&r[1], c->filed);
		cell_int(&r[2], c->sum[MK_REVENUE_YTD]);
		if (c->sn[MK_REVENUE_YTD])
			cell_int(&r[3], c->ssum[MK_REVENUE_YTD]);
		bool ok = monthly_agg_growth(c, MK_REVENUE_YTD, &pct);
		cell_ratio(&r[4], ok, pct / 100.0);
		cell_int(&r[5], c->sum[MK_PROFIT_YTD]);
		ok = monthly_agg_growth(c, MK_PROFIT_YTD, &pct);
		cell_ratio(&r[6], ok, pct / 100.0);
		ok = monthly_agg_loss_rate(c, &pct);
		cell_ratio(&r[7], ok, pct / 100.0);
	}
}

enum app_status monitor_report_xlsx(const struct monitor_report *r, const char *path,
                                    struct app_err *e)
{
	struct report_layout *L = xmalloc(sizeof *L);
	report_cols(L);
	struct grid g[2];
	grid_init(&g[0], L->cols, L->ncols);
	report_row(&g[0], "", "全市", &r->city);
	for (size_t i = 0; i < r->ngroups; i++)
		report_row(&g[0], r->groups[i].grp, r->groups[i].name, &r->groups[i].a);
	series_grid(&g[1], r);
	char per[8], title[64];
	monthly_period_format(r->period, per);
	snprintf(title, sizeof title, "%s 月度运行监测分析", per);
	static const char *const sheets[] = {"分析", "月度走势"};
	enum app_status st = write_book(path, title, sheets, g, 2, e);
	grid_free(&g[0]);
	grid_free(&g[1]);
	free(L);
	return st;
}
