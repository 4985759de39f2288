/* export.c - CSV exports of the pool (see export.h). */
#include "export.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "io/csv.h"
#include "store/store_monthly.h"

enum {
	FLUSH_AT = 64 * 1024,             /* bytes buffered before writing to the sink */
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

static void writer_init(struct writer *w, struct export_sink *sink,
                        const struct export_options *opt)
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
	bool keep;        /* monthly: the current firm passes the scope */
	const char *unit; /* monthly, one firm: its reports of this unit only */
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

/* ---- monthly reports ---- */

void export_monthly_header(int k, char *out, size_t n)
{
	const struct indicator *ind = &monthly_indicators[k];
	snprintf(out, n, "%s%s", ind->label, ind->type == IND_MONEY ? "(万元)" : "");
}

bool export_monthly_keep(const struct export_options *opt, const char *uscc, const char *district,
                         const char *zone)
{
	if (!opt)
		return true;
	if (opt->uscc && *opt->uscc && strcmp(opt->uscc, uscc) != 0)
		return false;
	const char *sc = opt->scope_district;
	return !sc || !*sc || strcmp(district, sc) == 0 || (zone[0] && strcmp(zone, sc) == 0);
}

static int monthly_row(void *ctx, const struct monthly_record *r)
{
	struct annual_ctx *c = ctx;
	struct writer *w = c->w;
	const struct monthly *m = &r->r.m;
	if (strcmp(m->uscc, c->last_uscc) != 0) {
		struct enterprise ent;
		snprintf(c->last_uscc, sizeof c->last_uscc, "%s", m->uscc);
		c->last_name[0] = '\0';
		c->keep = false;
		if (store_enterprise_get(c->s, m->uscc, &ent, NULL) == APP_OK) {
			snprintf(c->last_name, sizeof c->last_name, "%s", ent.name);
			c->keep = export_monthly_keep(w->opt, ent.uscc, ent.district, ent.zone);
		}
	}
	if (!c->keep || (c->unit && *c->unit && strcmp(r->r.g.unit, c->unit) != 0))
		return 0;
	char v[48];
	put(w, m->uscc, true);
	put(w, c->last_name, false);
	monthly_period_format(m->period, v);
	put(w, v, false);
	for (int k = 0; k < MK_COUNT; k++) {
		if (monthly_has(m, (enum monthly_key)k))
			indicator_format(&monthly_indicators[k], m->v[k], v, sizeof v);
		else
			v[0] = '\0';
		put(w, v, false);
	}
	put(w, m->note, false);
	csv_end_record(&w->b);
	flush(w, false);
	return w->status != APP_OK;
}

enum app_status export_monthly_csv(struct store *s, int from, int to, const char *unit,
                                   const struct export_options *opt, struct export_sink *out,
                                   struct app_err *e)
{
	struct writer w;
	writer_init(&w, out, opt);
	put(&w, "统一社会信用代码", true);
	put(&w, "企业名称", false);
	put(&w, "报告期", false);
	for (int k = 0; k < MK_COUNT; k++) {
		char h[128];
		export_monthly_header(k, h, sizeof h);
		put(&w, h, false);
	}
	put(&w, MONTHLY_NOTE_LABEL, false);
	csv_end_record(&w.b);
	struct annual_ctx c = {.w = &w, .s = s, .unit = unit};
	struct store_monthly_filter f = {from, to, unit};
	enum app_status st;
	if (opt && opt->uscc && *opt->uscc) /* one firm: its own index, oldest first */
		st = store_monthly_history(
		    s, opt->uscc, from ? from : monthly_period(MONTHLY_MIN_YEAR, 1),
		    to ? to : monthly_period(MONTHLY_MAX_YEAR, 12), monthly_row, &c, e);
	else
		st = store_monthly_list(s, &f, monthly_row, &c, e);
	return writer_finish(&w, st, e);
}
