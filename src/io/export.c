/* export.c - CSV exports of the pool (see export.h). */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "base/mem.h"
#include "io/csv.h"
#include "io/xlsxw.h"

enum {
	FLUSH_AT = 64 * 1024,            /* bytes buffered before writing to the sink */
	EXPORT_BUF_MAX = 4 * 1024 * 1024, /* one buffer; a record is far smaller */
};

static enum app_status file_write(void *ctx, const char *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? APP_OK : APP_EIO;
}

struct export_sink export_sink_file(FILE *f)
{
	return (struct export_sink){file_write, f};
}

struct writer {
	struct buf b;
	struct export_sink *sink;
	enum app_status status;
	const struct export_options *opt;
	long annual_year;
};

static void flush(struct writer *w, bool force)
{
	if (w->status != APP_OK || (!force && w->b.len < FLUSH_AT) || w->b.len == 0)
		return;
	w->status = w->sink->write(w->sink->ctx, w->b.p, w->b.len);
	buf_reset(&w->b);
}

static void put(struct writer *w, const char *s, bool first)
{
	csv_put_field(&w->b, s, strlen(s), first);
}

static void writer_init(struct writer *w, struct export_sink *sink, const struct export_options *opt)
{
	buf_init(&w->b, EXPORT_BUF_MAX);
	w->sink = sink;
	w->status = APP_OK;
	w->opt = opt;
	if (!opt || !opt->no_bom)
		buf_puts(&w->b, CSV_UTF8_BOM_BYTES);
}

static enum app_status writer_finish(struct writer *w, enum app_status st, struct app_err *e)
{
	flush(w, true);
	buf_free(&w->b);
	if (st == APP_OK && w->status != APP_OK)
		st = app_err_set(e, w->status, "写出失败");
	return st;
}

static const char *unit_name(const char *code)
{
	return code[0] ? district_unit_name(code) : "";
}

static int ent_row(void *ctx, const struct enterprise *ent)
{
	struct writer *w = ctx;
	char num[16], year[8], masked[MAX_SHORT_TEXT_BYTES];
	put(w, ent->uscc, true);
	put(w, ent->name, false);
	put(w, unit_name(ent->district), false);
	put(w, unit_name(ent->zone), false);
	put(w, ent->industry, false);
	snprintf(num, sizeof num, "%d", ent->emerging);
	put(w, ent->emerging ? num : "", false);
	put(w, ent->founded, false);
	snprintf(year, sizeof year, "%d", ent->niche_since);
	put(w, ent->niche_since ? year : "", false);
	bool mask = w->opt && w->opt->mask_personal;
	if (mask)
		mask_person(ent->contact, masked, sizeof masked);
	put(w, mask ? masked : ent->contact, false);
	if (mask)
		mask_phone(ent->phone, masked, sizeof masked);
	put(w, mask ? masked : ent->phone, false);
	put(w, ent->tier ? tier_short(ent->tier) : "", false);
	put(w, ent->tier_until, false);
	csv_end_record(&w->b);
	flush(w, false);
	return w->status != APP_OK;
}

enum app_status export_enterprises_csv(struct store *s, const struct store_filter *f,
				       const struct export_options *opt, struct export_sink *out,
				       struct app_err *e)
{
	struct writer w;
	writer_init(&w, out, opt);
	for (int i = 0; i < EF_COUNT; i++)
		put(&w, ent_fields[i].label, i == 0);
	put(&w, "当前梯度", false);
	put(&w, "有效期至", false);
	csv_end_record(&w.b);
	struct store_filter all = {0};
	enum app_status st = store_enterprise_list(s, f ? f : &all, ent_row, &w, NULL, e);
	return writer_finish(&w, st, e);
}

void export_annual_header(int key, char *out, size_t n)
{
	const struct indicator *ind = &annual_indicators[key];
	if (ind->type == IND_MONEY)
		snprintf(out, n, "%s(万元)", ind->label);
	else if (ind->type == IND_PERCENT)
		snprintf(out, n, "%s(%%)", ind->label);
	else
		snprintf(out, n, "%s", ind->label);
}

struct annual_ctx {
	struct writer *w;
	struct store *s;
	char last_uscc[19];
	char last_name[MAX_NAME_BYTES + 1];
};

static int annual_row(void *ctx, const struct annual *a)
{
	struct annual_ctx *c = ctx;
	struct writer *w = c->w;
	if (strcmp(a->uscc, c->last_uscc) != 0) {
		struct enterprise ent;
		snprintf(c->last_uscc, sizeof c->last_uscc, "%s", a->uscc);
		c->last_name[0] = '\0';
		if (store_enterprise_get(c->s, a->uscc, &ent, NULL) == APP_OK)
			snprintf(c->last_name, sizeof c->last_name, "%s", ent.name);
	}
	char v[48];
	put(w, a->uscc, true);
	put(w, c->last_name, false);
	snprintf(v, sizeof v, "%d", a->year);
	put(w, v, false);
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		if (annual_has(a, (enum annual_key)k))
			indicator_format(&annual_indicators[k], a->v[k], v, sizeof v);
		else
			v[0] = '\0';
		put(w, v, false);
	}
	csv_end_record(&w->b);
	flush(w, false);
	return w->status != APP_OK;
}

enum app_status export_annual_csv(struct store *s, const struct store_filter *f, int year,
				  const struct export_options *opt, struct export_sink *out,
				  struct app_err *e)
{
	struct writer w;
	writer_init(&w, out, opt);
	put(&w, "统一社会信用代码", true);
	put(&w, "企业名称", false);
	put(&w, "年度", false);
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		char h[128];
		export_annual_header(k, h, sizeof h);
		put(&w, h, false);
	}
	csv_end_record(&w.b);
	struct annual_ctx c = {.w = &w, .s = s};
	struct store_filter all = {0};
	enum app_status st = store_annual_list(s, f ? f : &all, year, annual_row, &c, e);
	return writer_finish(&w, st, e);
}

/* ---- XLSX ---- */

/* Firms of a filter, fetched EXPORT_BATCH at a time (limit/offset on the
 * caller's order). */
struct batch {
	struct store *s;
	struct store_filter f;
	struct enterprise *rows;
	size_t n, next;
	long offset;
	bool done;
	enum app_status st;
	struct app_err *e;
};

static int batch_row(void *ctx, const struct enterprise *ent)
{
	struct batch *b = ctx;
	b->rows[b->n++] = *ent;
	return 0;
}

/* The next firm, or NULL at the end (or on error: b->st). */
static const struct enterprise *batch_next(struct batch *b)
{
	if (b->next < b->n)
		return &b->rows[b->next++];
	if (b->done)
		return NULL;
	b->n = b->next = 0;
	b->f.limit = EXPORT_BATCH;
	b->f.offset = b->offset;
	b->st = store_enterprise_list(b->s, &b->f, batch_row, b, NULL, b->e);
	b->offset += (long)b->n;
	if (b->st != APP_OK || b->n < EXPORT_BATCH)
		b->done = true;
	return b->n ? &b->rows[b->next++] : NULL;
}

static void batch_init(struct batch *b, struct store *s, const struct store_filter *f,
		       struct app_err *e)
{
	memset(b, 0, sizeof *b);
	b->s = s;
	if (f)
		b->f = *f;
	b->offset = b->f.offset;
	b->rows = xcalloc(EXPORT_BATCH, sizeof *b->rows);
	b->st = APP_OK;
	b->e = e;
}

struct ent_x {
	struct batch b;
	long limit; /* the caller's page size, 0 = all */
	long count;
	bool mask;
	char num[2][16];
	char masked[2][MAX_SHORT_TEXT_BYTES];
};

static enum app_status ent_x_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct ent_x *x = ctx;
	(void)e;
	const struct enterprise *ent = x->limit && x->count >= x->limit ? NULL : batch_next(&x->b);
	if (!ent)
		return x->b.st != APP_OK ? x->b.st : APP_ENOTFOUND;
	x->count++;
	const char *text[EF_COUNT + 2] = {
		[EF_USCC] = ent->uscc,         [EF_NAME] = ent->name,
		[EF_DISTRICT] = unit_name(ent->district), [EF_ZONE] = unit_name(ent->zone),
		[EF_INDUSTRY] = ent->industry, [EF_FOUNDED] = ent->founded,
		[EF_CONTACT] = ent->contact,   [EF_PHONE] = ent->phone,
		[EF_COUNT] = ent->tier ? tier_short(ent->tier) : "",
		[EF_COUNT + 1] = ent->tier_until,
	};
	if (x->mask) {
		mask_person(ent->contact, x->masked[0], sizeof x->masked[0]);
		mask_phone(ent->phone, x->masked[1], sizeof x->masked[1]);
		text[EF_CONTACT] = x->masked[0];
		text[EF_PHONE] = x->masked[1];
	}
	for (int i = 0; i < EF_COUNT + 2; i++) {
		row[i].s = text[i];
		row[i].present = text[i] && text[i][0];
	}
	row[EF_EMERGING].present = ent->emerging != 0;
	row[EF_EMERGING].i = ent->emerging;
	row[EF_NICHE_SINCE].present = ent->niche_since != 0;
	row[EF_NICHE_SINCE].i = ent->niche_since;
	return APP_OK;
}

enum app_status export_enterprises_xlsx(struct store *s, const struct store_filter *f,
					const struct export_options *opt, const char *path,
					long *nrows, struct app_err *e)
{
	struct xlsxw_col cols[EF_COUNT + 2];
	memset(cols, 0, sizeof cols);
	for (int i = 0; i < EF_COUNT; i++) {
		cols[i].header = ent_fields[i].label;
		cols[i].type = XW_TEXT;
	}
	cols[EF_EMERGING].type = XW_INT;
	cols[EF_NICHE_SINCE].type = XW_INT;
	cols[EF_FOUNDED].type = XW_DATE;
	cols[EF_USCC].width = 22;
	cols[EF_NAME].width = 36;
	cols[EF_COUNT].header = "当前梯度";
	cols[EF_COUNT].type = XW_TEXT;
	cols[EF_COUNT + 1].header = "有效期至";
	cols[EF_COUNT + 1].type = XW_DATE;
	struct ent_x *x = xcalloc(1, sizeof *x);
	batch_init(&x->b, s, f, e);
	x->limit = f ? f->limit : 0;
	x->mask = opt && opt->mask_personal;
	enum app_status st =
		xlsxw_write_table(path, "企业名录", cols, EF_COUNT + 2, ent_x_row, x, nrows, e);
	free(x->b.rows);
	free(x);
	return st;
}

struct annual_x {
	struct batch b;
	int year;
	const struct enterprise *firm;
	struct annual rows[64]; /* the current firm's years */
	size_t n, next;
	char year_text[8];
};

static int annual_x_collect(void *ctx, const struct annual *a)
{
	struct annual_x *x = ctx;
	if (x->n < sizeof x->rows / sizeof x->rows[0])
		x->rows[x->n++] = *a;
	return 0;
}

static enum app_status annual_x_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	struct annual_x *x = ctx;
	while (x->next >= x->n) {
		x->firm = batch_next(&x->b);
		if (!x->firm)
			return x->b.st != APP_OK ? x->b.st : APP_ENOTFOUND;
		x->n = x->next = 0;
		struct store_filter one = {.uscc = x->firm->uscc};
		enum app_status st = store_annual_list(x->b.s, &one, x->year, annual_x_collect, x, e);
		if (st != APP_OK)
			return st;
	}
	const struct annual *a = &x->rows[x->next++];
	row[0] = (struct xlsxw_value){.present = true, .s = a->uscc};
	row[1] = (struct xlsxw_value){.present = true, .s = x->firm->name};
	row[2] = (struct xlsxw_value){.present = true, .i = a->year};
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		row[3 + k].present = annual_has(a, (enum annual_key)k);
		row[3 + k].i = a->v[k];
	}
	return APP_OK;
}

static enum xlsxw_type annual_type(enum ind_type t)
{
	switch (t) {
	case IND_MONEY:
		return XW_MONEY;
	case IND_PERCENT:
		return XW_PERCENT;
	default:
		return XW_INT;
	}
}

enum app_status export_annual_xlsx(struct store *s, const struct store_filter *f, int year,
				   const char *path, long *nrows, struct app_err *e)
{
	struct xlsxw_col cols[3 + ANNUAL_KEY_COUNT];
	char headers[ANNUAL_KEY_COUNT][128];
	memset(cols, 0, sizeof cols);
	cols[0] = (struct xlsxw_col){.header = "统一社会信用代码", .type = XW_TEXT, .width = 22};
	cols[1] = (struct xlsxw_col){.header = "企业名称", .type = XW_TEXT, .width = 36};
	cols[2] = (struct xlsxw_col){.header = "年度", .type = XW_INT};
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		export_annual_header(k, headers[k], sizeof headers[k]);
		cols[3 + k].header = headers[k];
		cols[3 + k].type = annual_type(annual_indicators[k].type);
	}
	struct annual_x *x = xcalloc(1, sizeof *x);
	struct store_filter all = {0};
	const struct store_filter *ff = f ? f : &all;
	struct store_filter page = *ff;
	page.limit = page.offset = 0; /* annual lists ignore the page */
	batch_init(&x->b, s, &page, e);
	x->year = year;
	enum app_status st = xlsxw_write_table(path, "年度数据", cols, 3 + ANNUAL_KEY_COUNT,
					       annual_x_row, x, nrows, e);
	free(x->b.rows);
	free(x);
	return st;
}
