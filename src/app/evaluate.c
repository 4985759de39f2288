/* evaluate.c - criteria over the pool (see evaluate.h). */
#include "evaluate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/industry.h"

enum { CRITERIA_FILE_MAX = 1024 * 1024 }; /* bytes of a criteria file read from disk */

static bool is_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 3 && strcmp(s + n - 3, ".zc") == 0);
}

static enum app_status read_file(const char *path, char **out, size_t *n, struct app_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return app_err_set(err, APP_EIO, "无法打开规则文件 %s", path);
	struct buf b;
	buf_init(&b, CRITERIA_FILE_MAX);
	char chunk[8192];
	size_t r;
	enum app_status st = APP_OK;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&b, chunk, r) != APP_OK) {
			st = app_err_set(err, APP_ETOOLARGE, "规则文件 %s 超过 %d 字节", path,
					 CRITERIA_FILE_MAX);
			break;
		}
	if (st == APP_OK && ferror(f))
		st = app_err_set(err, APP_EIO, "读取规则文件 %s 失败", path);
	fclose(f);
	if (st != APP_OK) {
		buf_free(&b);
		return st;
	}
	*n = b.len;
	*out = buf_steal(&b);
	return APP_OK;
}

enum app_status eval_load_criteria(const char *name, struct criteria **out, struct app_err *err)
{
	struct rule_error re = {0};
	enum app_status st;
	if (is_path(name)) {
		char *text = NULL;
		size_t n = 0;
		if ((st = read_file(name, &text, &n, err)) != APP_OK)
			return st;
		st = criteria_compile(name, text, n, NULL, 0, out, &re);
		free(text);
	} else {
		st = criteria_load(name, out, &re);
	}
	if (st != APP_OK) {
		char msg[MAX_ERR_MSG];
		rule_error_format(&re, msg, sizeof msg);
		app_err_set(err, st, "%s", msg);
	}
	return st;
}

/* ---- loading firms ---- */

struct rows_ctx {
	struct eval_firm *f;
	int year;
};

static int keep_row(void *vctx, const struct annual *a)
{
	struct rows_ctx *c = vctx;
	if (a->year <= c->year && a->year > c->year - CRITERIA_YEARS && c->f->nrows < CRITERIA_YEARS)
		c->f->rows[c->f->nrows++] = *a;
	return 0;
}

/* The size class from the evaluation year's figures, or the latest year
 * before it that has any. */
static enum size_class size_of(const struct eval_firm *f, int year)
{
	const struct annual *best = NULL;
	for (size_t i = 0; i < f->nrows; i++) {
		const struct annual *a = &f->rows[i];
		bool any = annual_has(a, AK_EMPLOYEES) || annual_has(a, AK_REVENUE) ||
			   annual_has(a, AK_TOTAL_ASSETS);
		if (any && a->year <= year && (!best || a->year > best->year))
			best = a;
	}
	if (!best)
		return SIZE_UNKNOWN;
	struct size_input in = {
		.has_employees = annual_has(best, AK_EMPLOYEES),
		.employees = best->v[AK_EMPLOYEES],
		.has_revenue = annual_has(best, AK_REVENUE),
		.revenue = best->v[AK_REVENUE],
		.has_assets = annual_has(best, AK_TOTAL_ASSETS),
		.assets = best->v[AK_TOTAL_ASSETS],
	};
	struct size_result r;
	if (sizeclass_classify(f->ent.industry, &in, NULL, &r, NULL) != APP_OK)
		return SIZE_UNKNOWN;
	return r.cls;
}

static enum app_status load_rows(struct store *s, struct eval_firm *f, int year,
				 struct app_err *err)
{
	struct store_filter one = {.uscc = f->ent.uscc};
	struct rows_ctx c = {f, year};
	f->nrows = 0;
	enum app_status st = store_annual_list(s, &one, 0, keep_row, &c, err);
	f->size = size_of(f, year);
	return st;
}

enum app_status eval_load_firm(struct store *s, const char *uscc, int year, struct eval_firm *out,
			       struct app_err *err)
{
	memset(out, 0, sizeof *out);
	enum app_status st = store_enterprise_get(s, uscc, &out->ent, err);
	if (st != APP_OK)
		return st;
	return load_rows(s, out, year, err);
}

struct each_ctx {
	struct store *s;
	int year;
	eval_firm_cb cb;
	void *ctx;
	struct eval_firm *f;
	enum app_status st;
	struct app_err *err;
};

static int each_one(void *vctx, const struct enterprise *e)
{
	struct each_ctx *c = vctx;
	memset(c->f, 0, sizeof *c->f);
	c->f->ent = *e;
	if ((c->st = load_rows(c->s, c->f, c->year, c->err)) != APP_OK)
		return 1;
	return c->cb(c->ctx, c->f);
}

enum app_status eval_each_firm(struct store *s, const struct store_filter *f, int year,
			       eval_firm_cb cb, void *ctx, struct app_err *err)
{
	struct each_ctx c = {s, year, cb, ctx, xcalloc(1, sizeof(struct eval_firm)), APP_OK, err};
	struct store_filter all = {0};
	enum app_status st = store_enterprise_list(s, f ? f : &all, each_one, &c, NULL, err);
	free(c.f);
	return st != APP_OK ? st : c.st;
}

void eval_firm_run(const struct criteria *c, const struct eval_firm *f, int year,
		   struct criteria_result *r)
{
	struct criteria_firm in = {
		.ent = &f->ent,
		.annual = f->rows,
		.nannual = f->nrows,
		.size = f->size,
		.rereview = 0,
	};
	criteria_eval(c, &in, year, r);
}

/* ---- JSON ---- */

static json_t *met_json(enum criteria_met m)
{
	return m == CRITERIA_YES ? json_true() : m == CRITERIA_NO ? json_false() : json_null();
}

static const char *kind_key(enum rule_item_kind k)
{
	return k == RULE_ROUTE ? "route" : k == RULE_REVIEW ? "review" : "requirement";
}

json_t *eval_result_json(const struct criteria *c, const struct eval_firm *f,
			 const struct criteria_result *r, bool explain)
{
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(f->ent.uscc));
	json_object_set_new(o, "name", json_string(f->ent.name));
	json_object_set_new(o, "district", json_string(f->ent.district));
	json_object_set_new(o, "criteria", json_string(criteria_name(c)));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "verdict", json_string(criteria_verdict_key(r->verdict)));
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "score_max", json_real(r->score_max));
	json_t *groups = json_array();
	for (size_t i = 0; i < r->ngroups; i++)
		json_array_append_new(groups, json_pack("{s:s, s:f, s:f}", "label", r->groups[i].label,
							"score", r->groups[i].score, "max",
							r->groups[i].max));
	json_object_set_new(o, "groups", groups);
	json_t *reqs = json_array();
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct criteria_req *q = &r->reqs[i];
		json_t *j = json_pack("{s:s, s:s, s:s}", "label", q->label, "clause", q->clause,
				      "kind", kind_key(q->kind));
		json_object_set_new(j, "met", met_json(q->met));
		json_object_set_new(j, "actual", json_string(q->actual));
		json_object_set_new(j, "threshold", json_string(q->threshold));
		json_object_set_new(j, "gap", json_string(q->gap));
		json_array_append_new(reqs, j);
	}
	json_object_set_new(o, "requirements", reqs);
	if (explain) {
		json_t *inds = json_array();
		for (size_t i = 0; i < r->ninds; i++) {
			const struct criteria_ind *d = &r->inds[i];
			json_t *j = json_pack("{s:s, s:s, s:s, s:f, s:f}", "label", d->label, "band",
					      d->band, "basis", d->basis, "points", d->points, "max",
					      d->max);
			if (d->points_hi != d->points)
				json_object_set_new(j, "points_max_possible", json_real(d->points_hi));
			json_array_append_new(inds, j);
		}
		json_object_set_new(o, "indicators", inds);
	}
	json_t *miss = json_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		char key[64];
		if (r->missing[i].year)
			snprintf(key, sizeof key, "%s@%d", r->missing[i].key, r->missing[i].year);
		else
			snprintf(key, sizeof key, "%s", r->missing[i].key);
		json_array_append_new(miss, json_string(key));
	}
	json_object_set_new(o, "missing", miss);
	if (explain) {
		struct buf b;
		buf_init(&b, 256 * 1024);
		criteria_explain(c, r, &f->ent, &b);
		json_object_set_new(o, "text", json_string(buf_cstr(&b)));
		buf_free(&b);
	}
	return o;
}

/* ---- simulate ---- */

enum eval_change eval_change_of(enum criteria_verdict base, enum criteria_verdict next)
{
	bool a = base == CRITERIA_PASS, b = next == CRITERIA_PASS;
	return a == b ? EVAL_SAME : b ? EVAL_GAIN : EVAL_LOSE;
}

struct sim_ctx {
	const struct criteria *base, *next;
	int year;
	struct eval_sim *sim;
	size_t cap_changed, cap_unit, cap_industry;
};

static struct eval_sim_total *total_for(struct eval_sim_total **arr, size_t *n, size_t *cap,
					const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].key, key) == 0)
			return &(*arr)[i];
	xgrow((void **)arr, cap, *n + 1, sizeof **arr);
	struct eval_sim_total *t = &(*arr)[(*n)++];
	memset(t, 0, sizeof *t);
	snprintf(t->key, sizeof t->key, "%s", key);
	return t;
}

static void tally(struct eval_sim_total *t, enum criteria_verdict a, enum criteria_verdict b)
{
	enum eval_change ch = eval_change_of(a, b);
	t->firms++;
	t->pass_base += a == CRITERIA_PASS;
	t->pass_next += b == CRITERIA_PASS;
	t->gain += ch == EVAL_GAIN;
	t->lose += ch == EVAL_LOSE;
}

static int sim_one(void *vctx, const struct eval_firm *f)
{
	struct sim_ctx *c = vctx;
	struct eval_sim *sim = c->sim;
	struct criteria_result ra = {0}, rb = {0};
	eval_firm_run(c->base, f, c->year, &ra);
	eval_firm_run(c->next, f, c->year, &rb);
	const char *unit = district_reporting_unit(f->ent.district, f->ent.zone);
	char div[4] = "";
	memcpy(div, f->ent.industry, 3);
	struct eval_sim_total all = {0};
	tally(&all, ra.verdict, rb.verdict);
	sim->firms += all.firms;
	sim->pass_base += all.pass_base;
	sim->pass_next += all.pass_next;
	sim->gain += all.gain;
	sim->lose += all.lose;
	tally(total_for(&sim->by_unit, &sim->nunit, &c->cap_unit, unit), ra.verdict, rb.verdict);
	tally(total_for(&sim->by_industry, &sim->nindustry, &c->cap_industry, div), ra.verdict,
	      rb.verdict);
	if (eval_change_of(ra.verdict, rb.verdict) != EVAL_SAME) {
		xgrow((void **)&sim->changed, &c->cap_changed, sim->nchanged + 1,
		      sizeof *sim->changed);
		struct eval_sim_row *row = &sim->changed[sim->nchanged++];
		memset(row, 0, sizeof *row);
		snprintf(row->uscc, sizeof row->uscc, "%s", f->ent.uscc);
		snprintf(row->name, sizeof row->name, "%s", f->ent.name);
		snprintf(row->unit, sizeof row->unit, "%s", unit);
		snprintf(row->industry, sizeof row->industry, "%s", f->ent.industry);
		row->base = ra.verdict;
		row->next = rb.verdict;
		row->base_score = ra.score;
		row->next_score = rb.score;
	}
	criteria_result_free(&ra);
	criteria_result_free(&rb);
	return 0;
}

static int cmp_changed(const void *a, const void *b)
{
	const struct eval_sim_row *x = a, *y = b;
	enum eval_change cx = eval_change_of(x->base, x->next), cy = eval_change_of(y->base, y->next);
	if (cx != cy)
		return cx == EVAL_GAIN ? -1 : 1;
	return strcmp(x->uscc, y->uscc);
}

static int cmp_total(const void *a, const void *b)
{
	return strcmp(((const struct eval_sim_total *)a)->key, ((const struct eval_sim_total *)b)->key);
}

enum app_status eval_simulate(struct store *s, const struct criteria *base,
			      const struct criteria *next, const struct store_filter *f, int year,
			      struct eval_sim *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	struct sim_ctx c = {.base = base, .next = next, .year = year, .sim = out};
	enum app_status st = eval_each_firm(s, f, year, sim_one, &c, err);
	if (out->nchanged)
		qsort(out->changed, out->nchanged, sizeof *out->changed, cmp_changed);
	if (out->nunit)
		qsort(out->by_unit, out->nunit, sizeof *out->by_unit, cmp_total);
	if (out->nindustry)
		qsort(out->by_industry, out->nindustry, sizeof *out->by_industry, cmp_total);
	return st;
}

void eval_sim_free(struct eval_sim *sim)
{
	free(sim->changed);
	free(sim->by_unit);
	free(sim->by_industry);
	memset(sim, 0, sizeof *sim);
}

/* ---- gaps ---- */

struct gaps_ctx {
	const struct criteria *c;
	int year;
	struct eval_gap *gaps;
	size_t n, cap;
};

static void append_lack(char *dst, size_t n, const char *fmt, const char *a, const char *b)
{
	size_t len = strlen(dst);
	if (len + 4 >= n)
		return;
	snprintf(dst + len, n - len, fmt, len ? ";" : "", a, b);
}

static int gap_one(void *vctx, const struct eval_firm *f)
{
	struct gaps_ctx *c = vctx;
	struct criteria_result r = {0};
	eval_firm_run(c->c, f, c->year, &r);
	if (r.verdict != CRITERIA_PASS) {
		xgrow((void **)&c->gaps, &c->cap, c->n + 1, sizeof *c->gaps);
		struct eval_gap *g = &c->gaps[c->n++];
		memset(g, 0, sizeof *g);
		snprintf(g->uscc, sizeof g->uscc, "%s", f->ent.uscc);
		snprintf(g->name, sizeof g->name, "%s", f->ent.name);
		snprintf(g->unit, sizeof g->unit, "%s",
			 district_reporting_unit(f->ent.district, f->ent.zone));
		g->verdict = r.verdict;
		g->score = r.score;
		g->score_max = r.score_max;
		for (size_t i = 0; i < r.nreqs; i++) {
			const struct criteria_req *q = &r.reqs[i];
			if (q->kind != RULE_REQUIRE)
				continue;
			if (q->met == CRITERIA_NO) {
				g->unmet++;
				append_lack(g->lacks, sizeof g->lacks, "%s%s %s", q->label,
					    q->gap[0] ? q->gap : "未达到");
			} else if (q->met == CRITERIA_UNKNOWN) {
				g->unknown++;
				append_lack(g->lacks, sizeof g->lacks, "%s%s %s", q->label, "缺少数据");
			}
		}
	}
	criteria_result_free(&r);
	return 0;
}

static int cmp_gap(const void *a, const void *b)
{
	const struct eval_gap *x = a, *y = b;
	if (x->unmet != y->unmet)
		return x->unmet - y->unmet;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->unknown != y->unknown)
		return x->unknown - y->unknown;
	return strcmp(x->uscc, y->uscc);
}

enum app_status eval_gaps(struct store *s, const struct criteria *c, const struct store_filter *f,
			  int year, size_t top, struct eval_gap **out, size_t *n, struct app_err *err)
{
	struct gaps_ctx g = {.c = c, .year = year};
	enum app_status st = eval_each_firm(s, f, year, gap_one, &g, err);
	if (st != APP_OK) {
		free(g.gaps);
		return st;
	}
	if (g.n)
		qsort(g.gaps, g.n, sizeof *g.gaps, cmp_gap);
	if (top && g.n > top)
		g.n = top;
	*out = g.gaps;
	*n = g.n;
	return APP_OK;
}
