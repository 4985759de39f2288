/* eval_pool.c - criteria over many firms in batches (see eval_pool.h). */
#include "eval_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/industry.h"

#define NCOLS    (ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT)
#define FIXED(f) (ANNUAL_KEY_COUNT * CRITERIA_YEARS + (f))

enum { POOL_MIN_CAP = 1024 }; /* firms; a multiple of 64 */

/* ---- loading ---- */

static void pool_grow(struct eval_pool *p)
{
	size_t cap = p->cap ? p->cap * 2 : POOL_MIN_CAP;
	p->firms = xrealloc(p->firms, cap * sizeof *p->firms);
	for (size_t c = 0; c < NCOLS; c++) {
		if (!p->need[c])
			continue;
		p->store_v[c] = xrealloc(p->store_v[c], cap * sizeof *p->store_v[c]);
		p->store_has[c] = xrealloc(p->store_has[c], cap / 64 * sizeof *p->store_has[c]);
		memset(p->store_has[c] + p->cap / 64, 0, (cap - p->cap) / 64 * sizeof(uint64_t));
	}
	p->cap = cap;
	/* the columns follow the storage (unread ones stay all missing) */
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		for (int b = 0; b < CRITERIA_YEARS; b++) {
			size_t c = (size_t)k * CRITERIA_YEARS + (size_t)b;
			p->cols.annual[k][b] = (struct rule_column){p->store_v[c], p->store_has[c]};
		}
	for (int x = 0; x < CF_COUNT; x++)
		p->cols.fixed[x] =
		    (struct rule_column){p->store_v[FIXED(x)], p->store_has[FIXED(x)]};
}

static void put(struct eval_pool *p, size_t c, size_t i, bool has, int64_t v)
{
	p->store_v[c][i] = has ? v : 0;
	if (has)
		p->store_has[c][i / 64] |= (uint64_t)1 << (i % 64);
}

void eval_pool_add(struct eval_pool *p, const struct enterprise *ent,
                   const struct criteria_firm *in)
{
	if (p->n == p->cap)
		pool_grow(p);
	size_t i = p->n++;
	struct eval_pool_firm *pf = &p->firms[i];
	snprintf(pf->uscc, sizeof pf->uscc, "%s", ent->uscc);
	pf->name = arena_strdup(&p->names, ent->name);
	snprintf(pf->unit, sizeof pf->unit, "%s",
	         district_reporting_unit(ent->district, ent->zone));
	snprintf(pf->industry, sizeof pf->industry, "%s", ent->industry);
	int64_t v;
	bool has;
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		for (int b = 0; b < CRITERIA_YEARS; b++) {
			size_t c = (size_t)k * CRITERIA_YEARS + (size_t)b;
			if (!p->need[c])
				continue;
			has = criteria_firm_input(in, k, -b, p->year, &v);
			put(p, c, i, has, v);
		}
	for (int x = 0; x < CF_COUNT; x++) {
		has = criteria_firm_input(in, ANNUAL_KEY_COUNT + x, 0, p->year, &v);
		put(p, FIXED(x), i, has, v);
	}
	p->cols.n = p->n;
}

static int load_one(void *vctx, const struct eval_firm *f)
{
	struct criteria_firm in;
	eval_firm_input(f, &in);
	eval_pool_add(vctx, &f->ent, &in);
	return 0;
}

/* Marks the columns the criteria read (all when there are none). */
static void columns_needed(const struct criteria *const *cs, size_t ncs, bool *need)
{
	for (size_t c = 0; c < NCOLS; c++)
		need[c] = ncs == 0 || c >= FIXED(0);
	for (size_t j = 0; j < ncs; j++) {
		const struct rule_program *prog = criteria_program(cs[j]);
		for (size_t i = 0; i < rule_input_count(prog); i++) {
			struct rule_input in = rule_input(prog, i);
			if (in.sym < ANNUAL_KEY_COUNT && -in.offset >= 0 &&
			    -in.offset < CRITERIA_YEARS)
				need[(size_t)in.sym * CRITERIA_YEARS + (size_t)-in.offset] = true;
		}
	}
}

void eval_pool_init(struct eval_pool *p, int year, const struct criteria *const *cs, size_t ncs)
{
	memset(p, 0, sizeof *p);
	arena_init(&p->names);
	p->year = year;
	columns_needed(cs, ncs, p->need);
	pool_grow(p);
}

enum app_status eval_pool_load(struct store *s, const struct store_filter *f, int year,
                               const struct criteria *const *cs, size_t ncs, struct eval_pool *out,
                               struct app_err *err)
{
	eval_pool_init(out, year, cs, ncs);
	struct store_filter all = f ? *f : (struct store_filter){0};
	all.limit = 0;
	all.offset = 0;
	return eval_each_firm(s, &all, year, load_one, out, err);
}

void eval_pool_free(struct eval_pool *p)
{
	for (size_t c = 0; c < NCOLS; c++) {
		free(p->store_v[c]);
		free(p->store_has[c]);
	}
	free(p->firms);
	arena_clear(&p->names);
	memset(p, 0, sizeof *p);
}

/* ---- simulate ---- */

enum eval_change eval_change_of(enum criteria_verdict base, enum criteria_verdict next)
{
	bool a = base == CRITERIA_PASS, b = next == CRITERIA_PASS;
	return a == b ? EVAL_SAME : b ? EVAL_GAIN : EVAL_LOSE;
}

struct sim_caps {
	size_t changed, unit, industry;
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

static void sim_firm(struct eval_sim *sim, struct sim_caps *caps, const struct eval_pool_firm *pf,
                     enum criteria_verdict a, enum criteria_verdict b, double sa, double sb)
{
	char div[4] = "";
	memcpy(div, pf->industry, 3);
	struct eval_sim_total all = {0};
	tally(&all, a, b);
	sim->firms += all.firms;
	sim->pass_base += all.pass_base;
	sim->pass_next += all.pass_next;
	sim->gain += all.gain;
	sim->lose += all.lose;
	tally(total_for(&sim->by_unit, &sim->nunit, &caps->unit, pf->unit), a, b);
	tally(total_for(&sim->by_industry, &sim->nindustry, &caps->industry, div), a, b);
	if (eval_change_of(a, b) == EVAL_SAME)
		return;
	xgrow((void **)&sim->changed, &caps->changed, sim->nchanged + 1, sizeof *sim->changed);
	struct eval_sim_row *row = &sim->changed[sim->nchanged++];
	memset(row, 0, sizeof *row);
	snprintf(row->uscc, sizeof row->uscc, "%s", pf->uscc);
	snprintf(row->name, sizeof row->name, "%s", pf->name);
	snprintf(row->unit, sizeof row->unit, "%s", pf->unit);
	snprintf(row->industry, sizeof row->industry, "%s", pf->industry);
	row->base = a;
	row->next = b;
	row->base_score = sa;
	row->next_score = sb;
}

static int cmp_changed(const void *a, const void *b)
{
	const struct eval_sim_row *x = a, *y = b;
	enum eval_change cx = eval_change_of(x->base, x->next),
	                 cy = eval_change_of(y->base, y->next);
	if (cx != cy)
		return cx == EVAL_GAIN ? -1 : 1;
	return strcmp(x->uscc, y->uscc);
}

static int cmp_total(const void *a, const void *b)
{
	return strcmp(((const struct eval_sim_total *)a)->key,
	              ((const struct eval_sim_total *)b)->key);
}

enum app_status eval_simulate(struct store *s, const struct criteria *base,
                              const struct criteria *next, const struct store_filter *f, int year,
                              struct eval_sim *out, struct app_err *err)
{
	memset(out, 0, sizeof *out);
	const struct criteria *both[2] = {base, next};
	struct eval_pool pool;
	enum app_status st = eval_pool_load(s, f, year, both, 2, &pool, err);
	size_t n = pool.n;
	uint8_t *va = xmalloc(n ? n : 1), *vb = xmalloc(n ? n : 1);
	double *sa = xmalloc((n ? n : 1) * sizeof *sa), *sb = xmalloc((n ? n : 1) * sizeof *sb);
	if (st == APP_OK && (criteria_eval_batch(base, &pool.cols, year, va, sa, NULL) != APP_OK ||
	                     criteria_eval_batch(next, &pool.cols, year, vb, sb, NULL) != APP_OK))
		st = app_err_set(err, APP_EINTERNAL, "批量评价失败");
	struct sim_caps caps = {0};
	for (size_t i = 0; i < n && st == APP_OK; i++)
		sim_firm(out, &caps, &pool.firms[i], (enum criteria_verdict)va[i],
		         (enum criteria_verdict)vb[i], sa[i], sb[i]);
	if (out->nchanged)
		qsort(out->changed, out->nchanged, sizeof *out->changed, cmp_changed);
	if (out->nunit)
		qsort(out->by_unit, out->nunit, sizeof *out->by_unit, cmp_total);
	if (out->nindustry)
		qsort(out->by_industry, out->nindustry, sizeof *out->by_industry, cmp_total);
	free(va);
	free(vb);
	free(sa);
	free(sb);
	eval_pool_free(&pool);
	return st;
}

void eval_sim_free(struct eval_sim *sim)
{
	free(sim->changed);
	free(sim->by_unit);
	free(sim->by_industry);
	memset(sim, 0, sizeof *sim);
}

static json_t *totals_json(const struct eval_sim_total *t, size_t n, bool units)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct industry_division *d = units ? NULL : industry_division(t[i].key);
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "key", t[i].key, "name",
		                 units ? district_unit_name(t[i].key) : (d ? d->name : ""), "firms",
		                 (json_int_t)t[i].firms, "pass_base", (json_int_t)t[i].pass_base,
		                 "pass_new", (json_int_t)t[i].pass_next, "gain",
		                 (json_int_t)t[i].gain, "lose", (json_int_t)t[i].lose));
	}
	return a;
}

json_t *eval_sim_json(const struct eval_sim *sim, const char *base_name, const char *next_name,
                      int year)
{
	json_t *changed = json_array();
	for (size_t i = 0; i < sim->nchanged; i++) {
		const struct eval_sim_row *r = &sim->changed[i];
		json_array_append_new(
		    changed,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f}", "uscc", r->uscc,
		              "name", r->name, "district", r->unit, "district_name",
		              district_unit_name(r->unit), "industry", r->industry, "change",
		              eval_change_of(r->base, r->next) == EVAL_GAIN ? "gain" : "lose",
		              "base", criteria_verdict_key(r->base), "new",
		              criteria_verdict_key(r->next), "base_score", r->base_score,
		              "new_score", r->next_score));
	}
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "base",
	                 base_name, "criteria", next_name, "year", (json_int_t)year, "firms",
	                 (json_int_t)sim->firms, "pass_base", (json_int_t)sim->pass_base,
	                 "pass_new", (json_int_t)sim->pass_next, "gain", (json_int_t)sim->gain,
	                 "lose", (json_int_t)sim->lose, "by_district",
	                 totals_json(sim->by_unit, sim->nunit, true), "by_industry",
	                 totals_json(sim->by_industry, sim->nindustry, false), "changed", changed);
}

/* ---- gaps ---- */

struct gap_rank {
	size_t firm;
	const char *uscc; /* the pool's */
	enum criteria_verdict verdict;
	double score;
	int unmet, unknown;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct gap_rank *x = a, *y = b;
	if (x->unmet != y->unmet)
		return x->unmet - y->unmet;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->unknown != y->unknown)
		return x->unknown - y->unknown;
	return strcmp(x->uscc, y->uscc);
}

static void append_lack(char *dst, size_t n, const char *label, const char *what)
{
	size_t len = strlen(dst);
	if (len + 4 >= n)
		return;
	snprintf(dst + len, n - len, "%s%s%s%s", len ? ";" : "", label, what[0] ? " " : "", what);
}

/* Explains one firm: the unmet and unknown requirements with their gaps. */
static enum app_status gap_explain(struct store *s, const struct criteria *c, int year,
                                   const struct gap_rank *rk, const struct eval_pool_firm *pf,
                                   struct eval_gap *g, struct app_err *err)
{
	memset(g, 0, sizeof *g);
	snprintf(g->uscc, sizeof g->uscc, "%s", pf->uscc);
	snprintf(g->name, sizeof g->name, "%s", pf->name);
	snprintf(g->unit, sizeof g->unit, "%s", pf->unit);
	g->verdict = rk->verdict;
	g->score = rk->score;
	g->unmet = rk->unmet;
	g->unknown = rk->unknown;
	struct eval_firm *f = xcalloc(1, sizeof *f);
	enum app_status st = eval_load_firm(s, pf->uscc, year, f, err);
	if (st == APP_OK) {
		struct criteria_result r = {0};
		eval_firm_run(c, f, year, &r);
		g->score_max = r.score_max;
		for (size_t i = 0; i < r.nreqs; i++) {
			const struct criteria_req *q = &r.reqs[i];
			if (q->kind == RULE_REQUIRE && q->met == CRITERIA_NO)
				append_lack(g->lacks, sizeof g->lacks, q->label,
				            q->gap[0] ? q->gap : "未达到");
			else if (q->kind == RULE_REQUIRE && q->met == CRITERIA_UNKNOWN)
				append_lack(g->lacks, sizeof g->lacks, q->label, "缺少数据");
		}
		for (size_t i = 0; i < r.nshortfalls; i++)
			append_lack(g->lacks, sizeof g->lacks, r.shortfalls[i], "");
		criteria_result_free(&r);
	}
	free(f);
	return st;
}

/* Ranks the firms of the pool that do not pass. *out (caller frees). */
static enum app_status gap_ranks(const struct criteria *c, const struct eval_pool *pool, int year,
                                 struct gap_rank **out, size_t *nout, struct app_err *err)
{
	const struct rule_program *p = criteria_program(c);
	size_t nitems = rule_item_count(p), n = pool->n ? pool->n : 1;
	size_t *items = xcalloc(nitems + 2, sizeof *items), k = 0;
	items[k++] = (size_t)rule_item_find(p, "pass");
	items[k++] = (size_t)rule_item_find(p, "score");
	for (size_t i = 0; i < nitems; i++)
		if (rule_item(p, i)->kind == RULE_REQUIRE)
			items[k++] = i;
	struct rule_ival **vals = xcalloc(k, sizeof *vals);
	for (size_t j = 0; j < k; j++)
		vals[j] = xmalloc(n * sizeof *vals[j]);
	enum app_status st = criteria_eval_items(c, &pool->cols, year, items, k, vals);
	struct gap_rank *rk = xcalloc(n, sizeof *rk);
	size_t m = 0;
	for (size_t i = 0; i < pool->n && st == APP_OK; i++) {
		struct rule_ival pass = vals[0][i];
		if (pass.lo >= 1)
			continue;
		struct gap_rank *r = &rk[m++];
		r->firm = i;
		r->uscc = pool->firms[i].uscc;
		r->verdict = pass.hi <= 0 ? CRITERIA_FAIL : CRITERIA_INSUFFICIENT;
		r->score = vals[1][i].lo;
		for (size_t j = 2; j < k; j++) {
			r->unmet += vals[j][i].hi <= 0;
			r->unknown += vals[j][i].lo < 1 && vals[j][i].hi > 0;
		}
	}
	if (st != APP_OK)
		app_err_set(err, st, "批量评价失败");
	for (size_t j = 0; j < k; j++)
		free(vals[j]);
	free(vals);
	free(items);
	*out = rk;
	*nout = m;
	return st;
}

enum app_status eval_gaps(struct store *s, const struct criteria *c, const struct store_filter *f,
                          int year, size_t top, struct eval_gap **out, size_t *n,
                          struct app_err *err)
{
	*out = NULL;
	*n = 0;
	struct eval_pool pool;
	struct gap_rank *rk = NULL;
	size_t m = 0;
	enum app_status st = eval_pool_load(s, f, year, &c, 1, &pool, err);
	if (st == APP_OK)
		st = gap_ranks(c, &pool, year, &rk, &m, err);
	if (st == APP_OK && m)
		qsort(rk, m, sizeof *rk, cmp_rank);
	if (top && m > top)
		m = top;
	struct eval_gap *g = st == APP_OK ? xcalloc(m ? m : 1, sizeof *g) : NULL;
	for (size_t i = 0; i < m && st == APP_OK; i++)
		st = gap_explain(s, c, year, &rk[i], &pool.firms[rk[i].firm], &g[i], err);
	free(rk);
	eval_pool_free(&pool);
	if (st != APP_OK) {
		free(g);
		return st;
	}
	*out = g;
	*n = m;
	return APP_OK;
}

json_t *eval_gaps_json(const struct eval_gap *g, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:i, s:i, s:s}", "uscc",
		                   g[i].uscc, "name", g[i].name, "district", g[i].unit,
		                   "district_name", district_unit_name(g[i].unit), "verdict",
		                   criteria_verdict_key(g[i].verdict), "score", g[i].score,
		                   "score_max", g[i].score_max, "unmet", g[i].unmet, "unknown",
		                   g[i].unknown, "lacks", g[i].lacks));
	return arr;
}
