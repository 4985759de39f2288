/* export_xlsx.c - the pool's lists as XLSX workbooks (see export.h).
 *
 * The XLSX writer pulls rows; the store pushes them. Rows are therefore read
 * a page at a time (EXPORT_PAGE firms) into a small buffer that the writer's
 * callback drains, so memory stays bounded whatever the list's size. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/industry.h"
#include "io/export.h"
#include "io/xlsxw.h"
#include "store/store_monthly.h"

enum { EXPORT_PAGE = 1000 }; /* firms read from the store per page */

/* ---- enterprises ---- */

struct ent_pager {
	struct store *s;
	struct store_filter f; /* the caller's filter; limit/offset are ours */
	long want;             /* the caller's limit (0 = all) */
	long done;             /* rows handed to the writer */
	struct enterprise *page;
	size_t n, i;
	bool end;
	const struct export_options *opt;
	char masked[2][MAX_SHORT_TEXT_BYTES];
	char num[2][16];
};

static int ent_collect(void *ctx, const struct enterprise *e)
{
	struct ent_pager *p = ctx;
	p->page[p->n++] = *e;
	return 0;
}

static enum app_status ent_fill(struct ent_pager *p, struct app_err *e)
{
	long limit = EXPORT_PAGE;
	if (p->want && p->want - p->done < limit)
		limit = p->want - p->done;
	p->n = p->i = 0;
	if (limit <= 0) {
		p->end = true;
		return APP_OK;
	}
	struct store_filter f = p->f;
	f.offset = p->f.offset + p->done;
	f.limit = limit;
	enum app_status st = store_enterprise_list(p->s, &f, ent_collect, p, NULL, e);
	if (p->n < (size_t)limit)
		p->end = true;
	return st;
}

static enum app_status ent_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct ent_pager *p = ctx;
	while (p->i == p->n) {
		if (p->end)
			return APP_ENOTFOUND;
		enum app_status st = ent_fill(p, e);
		if (st != APP_OK)
			return st;
	}
	const struct enterprise *ent = &p->page[p->i++];
	p->done++;
	bool mask = p->opt && p->opt->mask_personal;
	const char *text[] = {
	    ent->uscc,
	    ent->name,
	    ent->district[0] ? district_unit_name(ent->district) : "",
	    ent->zone[0] ? district_unit_name(ent->zone) : "",
	    ent->industry,
	    NULL, /* emerging */
	    ent->founded,
	    NULL, /* niche_since */
	    ent->contact,
	    ent->phone,
	    ent->tier ? tier_short(ent->tier) : "",
	    ent->tier_until,
	};
	if (mask) {
		mask_person(ent->contact, p->masked[0], sizeof p->masked[0]);
		mask_phone(ent->phone, p->masked[1], sizeof p->masked[1]);
		text[8] = p->masked[0];
		text[9] = p->masked[1];
	}
	for (int i = 0; i < 12; i++) {
		row[i].s = text[i];
		row[i].present = text[i] && text[i][0];
	}
	row[5].present = ent->emerging != 0;
	row[5].i = ent->emerging;
	row[7].present = ent->niche_since != 0;
	row[7].i = ent->niche_since;
	return APP_OK;
}

enum app_status export_enterprises_xlsx(struct store *s, const struct store_filter *f,
                                        const struct export_options *opt, const char *path,
                                        struct app_err *e)
{
	struct xlsxw_col cols[EF_COUNT + 2];
	memset(cols, 0, sizeof cols);
	for (int i = 0; i < EF_COUNT; i++) {
		cols[i].header = ent_fields[i].label;
		cols[i].type = (i == EF_EMERGING || i == EF_NICHE_SINCE) ? XW_INT
		               : i == EF_FOUNDED                         ? XW_DATE
		                                                         : XW_TEXT;
	}
	cols[EF_COUNT].header = "当前梯度";
	cols[EF_COUNT].type = XW_TEXT;
	cols[EF_COUNT + 1].header = "有效期至";
	cols[EF_COUNT + 1].type = XW_DATE;
	struct ent_pager p = {.s = s, .opt = opt};
	if (f)
		p.f = *f;
	p.want = p.f.limit;
	p.page = xcalloc(EXPORT_PAGE, sizeof *p.page);
	enum app_status st =
	    xlsxw_write_table(path, "企业名录", cols, EF_COUNT + 2, ent_next, &p, NULL, e);
	free(p.page);
	return st;
}

/* ---- annual figures ---- */

struct ann_pager {
	struct store *s;
	struct store_filter f;
	int year;
	struct annual *rows;
	size_t n, cap, i;
	long firms_done;
	bool end;
	char names[EXPORT_PAGE][MAX_NAME_BYTES + 1];
	char uscc[EXPORT_PAGE][19];
	size_t nnames;
	char ybuf[8];
};

static int ann_firm(void *ctx, const struct enterprise *e)
{
	struct ann_pager *p = ctx;
	snprintf(p->uscc[p->nnames], sizeof p->uscc[0], "%s", e->uscc);
	snprintf(p->names[p->nnames], sizeof p->names[0], "%s", e->name);
	p->nnames++;
	return 0;
}

static int ann_row(void *ctx, const struct annual *a)
{
	struct ann_pager *p = ctx;
	xgrow((void **)&p->rows, &p->cap, p->n + 1, sizeof *p->rows);
	p->rows[p->n++] = *a;
	return 0;
}

/* Reads the next page of firms, then their annual rows one firm at a time
 * (the store orders rows by USCC then year). */
static enum app_status ann_fill(struct ann_pager *p, struct app_err *e)
{
	struct store_filter f = p->f;
	f.offset = p->firms_done;
	f.limit = EXPORT_PAGE;
	p->nnames = 0;
	p->n = p->i = 0;
	enum app_status st = store_enterprise_list(p->s, &f, ann_firm, p, NULL, e);
	if (st != APP_OK)
		return st;
	p->firms_done += (long)p->nnames;
	if (p->nnames < EXPORT_PAGE)
		p->end = true;
	for (size_t k = 0; k < p->nnames && st == APP_OK; k++) {
		struct store_filter one = {.uscc = p->uscc[k]};
		st = store_annual_list(p->s, &one, p->year, ann_row, p, e);
	}
	return st;
}

static const char *ann_name(const struct ann_pager *p, const char *uscc)
{
	for (size_t k = 0; k < p->nnames; k++)
		if (strcmp(p->uscc[k], uscc) == 0)
			return p->names[k];
	return "";
}

static enum app_status ann_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct ann_pager *p = ctx;
	while (p->i == p->n) {
		if (p->end)
			return APP_ENOTFOUND;
		enum app_status st = ann_fill(p, e);
		if (st != APP_OK)
			return st;
	}
	const struct annual *a = &p->rows[p->i++];
	row[0].s = a->uscc;
	row[0].present = true;
	row[1].s = ann_name(p, a->uscc);
	row[1].present = row[1].s[0] != '\0';
	row[2].i = a->year;
	row[2].present = true;
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		row[3 + k].present = annual_has(a, (enum annual_key)k);
		row[3 + k].i = a->v[k];
	}
	return APP_OK;
}

enum app_status export_annual_xlsx(struct store *s, const struct store_filter *f, int year,
                                   const struct export_options *opt, const char *path,
                                   struct app_err *e)
{
	(void)opt;
	struct xlsxw_col cols[3 + ANNUAL_KEY_COUNT];
	char headers[ANNUAL_KEY_COUNT][128];
	memset(cols, 0, sizeof cols);
	cols[0] = (struct xlsxw_col){.header = "统一社会信用代码", .type = XW_TEXT};
	cols[1] = (struct xlsxw_col){.header = "企业名称", .type = XW_TEXT};
	cols[2] = (struct xlsxw_col){.header = "年度", .type = XW_INT};
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		export_annual_header(k, headers[k], sizeof headers[k]);
		cols[3 + k].header = headers[k];
		enum ind_type t = annual_indicators[k].type;
		cols[3 + k].type = t == IND_MONEY     ? XW_MONEY
		                   : t == IND_PERCENT ? XW_PERCENT
		                                      : XW_INT;
	}
	struct ann_pager *p = xcalloc(1, sizeof *p);
	p->s = s;
	if (f)
		p->f = *f;
	p->f.limit = 0;
	p->f.offset = 0;
	p->year = year;
	enum app_status st =
	    xlsxw_write_table(path, "年度数据", cols, 3 + ANNUAL_KEY_COUNT, ann_next, p, NULL, e);
	free(p->rows);
	free(p);
	return st;
}

/* ---- monthly reports ---- */

/* A report reduced to what the export writes; notes are copied only when
 * present. Rows are read one period at a time (the store pushes a whole
 * selection; the writer pulls), so memory holds one period of the city. */
struct mrow {
	char uscc[19];
	int period;
	uint32_t has;
	int64_t v[MK_COUNT];
	char *note;
	char *name;
};

struct mon_pager {
	struct store *s;
	const struct export_options *opt;
	const char *unit;
	int next, last; /* periods still to read */
	struct mrow *rows;
	size_t n, cap, i;
	char last_uscc[19];
	char last_name[MAX_NAME_BYTES + 1];
	bool keep;
	char per[8];
};

static void mon_clear(struct mon_pager *p)
{
	for (size_t k = 0; k < p->n; k++) {
		free(p->rows[k].note);
		free(p->rows[k].name);
	}
	p->n = p->i = 0;
}

static int mon_take(void *ctx, const struct monthly_record *r)
{
	struct mon_pager *p = ctx;
	const struct monthly *m = &r->r.m;
	if (p->unit && *p->unit && strcmp(r->r.g.unit, p->unit) != 0)
		return 0;
	if (strcmp(m->uscc, p->last_uscc) != 0) {
		struct enterprise ent;
		snprintf(p->last_uscc, sizeof p->last_uscc, "%s", m->uscc);
		p->last_name[0] = '\0';
		p->keep = false;
		if (store_enterprise_get(p->s, m->uscc, &ent, NULL) == APP_OK) {
			snprintf(p->last_name, sizeof p->last_name, "%s", ent.name);
			p->keep = export_monthly_keep(p->opt, ent.uscc, ent.district, ent.zone);
		}
	}
	if (!p->keep)
		return 0;
	xgrow((void **)&p->rows, &p->cap, p->n + 1, sizeof *p->rows);
	struct mrow *x = &p->rows[p->n++];
	memcpy(x->uscc, m->uscc, sizeof x->uscc);
	x->period = m->period;
	x->has = m->has;
	memcpy(x->v, m->v, sizeof x->v);
	x->note = m->note[0] ? xstrdup(m->note) : NULL;
	x->name = xstrdup(p->last_name);
	return 0;
}

static enum app_status mon_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct mon_pager *p = ctx;
	while (p->i == p->n) {
		mon_clear(p);
		if (p->next > p->last)
			return APP_ENOTFOUND;
		enum app_status st;
		if (p->opt && p->opt->uscc &&
		    *p->opt->uscc) { /* one firm: the whole range at once */
			st = store_monthly_history(p->s, p->opt->uscc, p->next, p->last, mon_take,
			                           p, e);
			p->next = p->last + 1;
		} else {
			struct store_monthly_filter f = {p->next, p->next, NULL};
			st = store_monthly_list(p->s, &f, mon_take, p, e);
			p->next++;
		}
		if (st != APP_OK)
			return st;
	}
	const struct mrow *x = &p->rows[p->i++];
	monthly_period_format(x->period, p->per);
	row[0] = (struct xlsxw_value){.present = true, .s = x->uscc};
	row[1] = (struct xlsxw_value){.present = x->name[0] != '\0', .s = x->name};
	row[2] = (struct xlsxw_value){.present = true, .s = p->per};
	for (int k = 0; k < MK_COUNT; k++)
		row[3 + k] = (struct xlsxw_value){.present = (x->has >> k & 1u) != 0, .i = x->v[k]};
	row[3 + MK_COUNT] = (struct xlsxw_value){.present = x->note != NULL, .s = x->note};
	return APP_OK;
}

/* The current month (UTC), the last period a report can exist for. */
static int this_period(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return monthly_period(tm.tm_year + 1900, tm.tm_mon + 1);
}

enum app_status export_monthly_xlsx(struct store *s, int from, int to, const char *unit,
                                    const struct export_options *opt, const char *path,
                                    struct app_err *e)
{
	struct xlsxw_col cols[4 + MK_COUNT];
	char headers[MK_COUNT][128];
	memset(cols, 0, sizeof cols);
	cols[0] = (struct xlsxw_col){.header = "统一社会信用代码", .type = XW_TEXT, .width = 22};
	cols[1] = (struct xlsxw_col){.header = "企业名称", .type = XW_TEXT, .width = 32};
	cols[2] = (struct xlsxw_col){.header = "报告期", .type = XW_TEXT, .width = 10};
	for (int k = 0; k < MK_COUNT; k++) {
		export_monthly_header(k, headers[k], sizeof headers[k]);
		cols[3 + k].header = headers[k];
		cols[3 + k].type = monthly_indicators[k].type == IND_MONEY ? XW_MONEY : XW_INT;
	}
	cols[3 + MK_COUNT] =
	    (struct xlsxw_col){.header = MONTHLY_NOTE_LABEL, .type = XW_TEXT, .width = 40};
	struct mon_pager *p = xcalloc(1, sizeof *p);
	p->s = s;
	p->opt = opt;
	p->unit = unit;
	p->next = from ? from : monthly_period(MONTHLY_MIN_YEAR, 1);
	p->last = to ? to : this_period();
	enum app_status st =
	    xlsxw_write_table(path, "月度数据", cols, 4 + MK_COUNT, mon_next, p, NULL, e);
	mon_clear(p);
	free(p->rows);
	free(p);
	return st;
}
