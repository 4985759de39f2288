/* t_eval_pool.c - criteria over the pool (app/eval_pool.h, app/evaluate.h
 * additions, app/eval_export.h) on a demo city of 600 firms with its
 * irregular data (missing years and figures).
 *
 * The batch path must give, firm by firm, what the one-firm path
 * (eval_firm_run) gives: every verdict and score of every built-in file;
 * simulate's totals, changes and sort order; gaps' ranking. The one-firm
 * path is the oracle here (it is the engine's own, tested case by case in
 * t_criteria.c); what this file tests is the loading of columns (which
 * year, which column, missing bits, fixed fields) and the bookkeeping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/eval_export.h"
#include "app/eval_pool.h"
#include "app/evaluate.h"
#include "core/district.h"
#include "test.h"

#define YEAR 2025

static struct store *S;

/* ---- the oracle: every firm evaluated one by one ---- */

struct one {
	char uscc[19];
	char unit[8];
	enum criteria_verdict v;
	double score, score_hi, score_max;
	int unmet, unknown;
	char lacks[1024];
};

struct oracle {
	const struct criteria *c;
	struct one *rows;
	size_t n, cap;
};

static int oracle_one(void *ctx, const struct eval_firm *f)
{
	struct oracle *o = ctx;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->rows = realloc(o->rows, o->cap * sizeof *o->rows);
	}
	struct one *r = &o->rows[o->n++];
	memset(r, 0, sizeof *r);
	struct criteria_result res = {0};
	eval_firm_run(o->c, f, YEAR, &res);
	snprintf(r->uscc, sizeof r->uscc, "%s", f->ent.uscc);
	snprintf(r->unit, sizeof r->unit, "%s",
	         district_reporting_unit(f->ent.district, f->ent.zone));
	r->v = res.verdict;
	r->score = res.score;
	r->score_hi = res.score_hi;
	r->score_max = res.score_max;
	for (size_t i = 0; i < res.nreqs; i++) {
		const struct criteria_req *q = &res.reqs[i];
		if (q->kind != RULE_REQUIRE || q->met == CRITERIA_YES)
			continue;
		size_t len = strlen(r->lacks);
		snprintf(r->lacks + len, sizeof r->lacks - len, "%s%s %s", len ? ";" : "", q->label,
		         q->met == CRITERIA_NO ? (q->gap[0] ? q->gap : "未达到") : "缺少数据");
		r->unmet += q->met == CRITERIA_NO;
		r->unknown += q->met == CRITERIA_UNKNOWN;
	}
	for (size_t i = 0; i < res.nshortfalls; i++) {
		size_t len = strlen(r->lacks);
		snprintf(r->lacks + len, sizeof r->lacks - len, "%s%s", len ? ";" : "",
		         res.shortfalls[i]);
	}
	criteria_result_free(&res);
	return 0;
}

static struct oracle oracle(const struct criteria *c, const struct store_filter *f)
{
	struct oracle o = {.c = c};
	struct app_err e = {0};
	eval_each_firm(S, f, YEAR, oracle_one, &o, &e);
	return o;
}

/* ---- batch = one by one ---- */

static void test_batch_agrees(void)
{
	struct app_err e = {0};
	for (size_t k = 0; k < criteria_builtin_count(); k++) {
		const char *name = criteria_builtin_name(k);
		const struct criteria *c = eval_builtin(name, &e);
		struct oracle o = oracle(c, NULL);
		for (int all = 0; all < 2; all++) {
			struct eval_pool p;
			is_int(eval_pool_load(S, NULL, YEAR, &c, all ? 0 : 1, &p, &e), APP_OK,
			       "pool loads");
			is_int(p.n, o.n, "the pool holds every firm");
			uint8_t *v = malloc(p.n);
			double *sc = malloc(p.n * sizeof *sc), *hi = malloc(p.n * sizeof *hi);
			criteria_eval_batch(c, &p.cols, YEAR, v, sc, hi);
			size_t bad = 0, insufficient = 0, pass = 0;
			for (size_t i = 0; i < p.n && i < o.n; i++) {
				bad += strcmp(p.firms[i].uscc, o.rows[i].uscc) != 0 ||
				       v[i] != o.rows[i].v || sc[i] != o.rows[i].score ||
				       hi[i] != o.rows[i].score_hi ||
				       strcmp(p.firms[i].unit, o.rows[i].unit) != 0;
				insufficient += v[i] == CRITERIA_INSUFFICIENT;
				pass += v[i] == CRITERIA_PASS;
			}
			is_int(bad, 0,
			       all ? "every column loaded: verdicts and scores equal one by one"
			           : "only the read columns: verdicts and scores equal one by one");
			if (!all)
				diag("%s: %zu firms, %zu pass, %zu insufficient", name, p.n, pass,
				     insufficient);
			if (!all && strcmp(name, "srdi-2022") == 0)
				ok(pass > 0 && insufficient > 0 && pass < p.n,
				   "srdi-2022 over the demo has passes and insufficient data (the "
				   "test "
				   "covers missing figures)");
			free(v);
			free(sc);
			free(hi);
			eval_pool_free(&p);
		}
		free(o.rows);
	}
}

static int count_firm(void *ctx, const struct enterprise *e)
{
	(void)ctx;
	(void)e;
	return 0;
}

/* Columns: the evaluation year is offset 0, the year before offset 1;
 * missing figures have their bit clear, never a zero. */
static void test_columns(void)
{
	struct app_err e = {0};
	struct enterprise ent = {0};
	snprintf(ent.uscc, sizeof ent.uscc, "%s", "91500112MA60000011");
	snprintf(ent.name, sizeof ent.name, "%s", "重庆列测试有限公司");
	snprintf(ent.district, sizeof ent.district, "%s", "500112");
	snprintf(ent.industry, sizeof ent.industry, "%s", "C3411");
	ent.niche_since = 0; /* unknown */
	is_int(store_enterprise_put(S, &ent, NULL, &e), APP_OK, "firm without niche year");
	struct annual a = {0};
	snprintf(a.uscc, sizeof a.uscc, "%s", ent.uscc);
	a.year = YEAR - 1;
	annual_set(&a, AK_REVENUE, 12345600); /* 12.3456 万元 in 分 */
	is_int(store_annual_put(S, &a, (uint64_t)1 << AK_REVENUE, &e), APP_OK,
	       "one figure of 2024");
	struct store_filter f = {.uscc = ent.uscc};
	struct eval_pool p;
	is_int(eval_pool_load(S, &f, YEAR, NULL, 0, &p, &e), APP_OK, "pool of one firm");
	is_int(p.n, 1, "one firm");
	const struct rule_column *r0 = &p.cols.annual[AK_REVENUE][0];
	const struct rule_column *r1 = &p.cols.annual[AK_REVENUE][1];
	const struct rule_column *ns = &p.cols.fixed[CF_NICHE_SINCE];
	const struct rule_column *ind = &p.cols.fixed[CF_INDUSTRY_DIV];
	ok(!(r0->has[0] & 1), "revenue of 2025 (none) is missing");
	ok((r1->has[0] & 1) && r1->v[0] == 12345600, "revenue of 2024 is offset 1, exact in 分");
	ok(!(ns->has[0] & 1), "niche_since 0 is missing, not year 0");
	ok((ind->has[0] & 1) && ind->v[0] == 34, "industry division 34 from C3411");
	struct eval_firm *one = calloc(1, sizeof *one);
	eval_load_firm(S, ent.uscc, YEAR, one, &e);
	ok((p.cols.fixed[CF_SIZE_CLASS].has[0] & 1) == (one->size != SIZE_UNKNOWN) &&
	       (one->size == SIZE_UNKNOWN || p.cols.fixed[CF_SIZE_CLASS].v[0] == one->size),
	   "size class as eval_load_firm computes it (from the 2024 revenue: %d)", (int)one->size);
	free(one);
	ok((p.cols.fixed[CF_REREVIEW].has[0] & 1) && p.cols.fixed[CF_REREVIEW].v[0] == 0,
	   "a new application, not a re-review");
	const struct criteria *c = eval_builtin("srdi-2022", &e);
	uint8_t v;
	criteria_eval_batch(c, &p.cols, YEAR, &v, NULL, NULL);
	struct oracle o = oracle(c, &f);
	is_int(v, o.rows[0].v, "the sparse firm: batch verdict = one by one");
	is_int(v, CRITERIA_INSUFFICIENT, "and it is insufficient data, not a fail from zeros");
	free(o.rows);
	eval_pool_free(&p);
	/* filters and pages */
	struct store_filter d = {.district = "500106", .limit = 5, .offset = 3};
	is_int(eval_pool_load(S, &d, YEAR, &c, 1, &p, &e), APP_OK, "pool of a district");
	long total = 0;
	struct store_filter d2 = {.district = "500106"};
	store_enterprise_list(S, &d2, count_firm, NULL, &total, &e);
	is_int(p.n, total, "a district's pool holds all its firms (page members ignored)");
	eval_pool_free(&p);
}

/* ---- simulate ---- */

static void test_simulate(void)
{
	struct app_err e = {0};
	const struct criteria *a = eval_builtin("innovative-2022", &e);
	const struct criteria *b = eval_builtin("srdi-2022", &e);
	struct oracle oa = oracle(a, NULL), ob = oracle(b, NULL);
	long pa = 0, pb = 0, gain = 0, lose = 0;
	for (size_t i = 0; i < oa.n; i++) {
		pa += oa.rows[i].v == CRITERIA_PASS;
		pb += ob.rows[i].v == CRITERIA_PASS;
		gain += oa.rows[i].v != CRITERIA_PASS && ob.rows[i].v == CRITERIA_PASS;
		lose += oa.rows[i].v == CRITERIA_PASS && ob.rows[i].v != CRITERIA_PASS;
	}
	struct eval_sim sim;
	is_int(eval_simulate(S, a, b, NULL, YEAR, &sim, &e), APP_OK, "simulate innovative → srdi");
	is_int(sim.firms, (long)oa.n, "firms");
	is_int(sim.pass_base, pa, "passes under the base, as one by one");
	is_int(sim.pass_next, pb, "passes under the new, as one by one");
	is_int(sim.gain, gain, "gains");
	is_int(sim.lose, lose, "losses");
	ok(gain > 0 && lose > 0, "both directions occur (%ld gains, %ld losses)", gain, lose);
	is_int(sim.nchanged, (size_t)(gain + lose), "one changed row per gain or loss");
	long uf = 0, ug = 0, ul = 0, iff = 0;
	for (size_t i = 0; i < sim.nunit; i++) {
		uf += sim.by_unit[i].firms;
		ug += sim.by_unit[i].gain;
		ul += sim.by_unit[i].lose;
		if (i)
			ok(strcmp(sim.by_unit[i - 1].key, sim.by_unit[i].key) < 0,
			   "units sorted by code");
	}
	for (size_t i = 0; i < sim.nindustry; i++)
		iff += sim.by_industry[i].firms;
	ok(uf == sim.firms && ug == gain && ul == lose, "district totals add up");
	is_int(iff, sim.firms, "industry totals add up");
	size_t wrong = 0, order = 0;
	for (size_t i = 0; i < sim.nchanged; i++) {
		const struct eval_sim_row *r = &sim.changed[i];
		for (size_t j = 0; j < oa.n; j++)
			if (strcmp(oa.rows[j].uscc, r->uscc) == 0)
				wrong += r->base != oa.rows[j].v || r->next != ob.rows[j].v ||
				         r->base_score != oa.rows[j].score ||
				         r->next_score != ob.rows[j].score;
		if (i) {
			enum eval_change p =
			    eval_change_of(sim.changed[i - 1].base, sim.changed[i - 1].next);
			enum eval_change q = eval_change_of(r->base, r->next);
			order += (p == EVAL_LOSE && q == EVAL_GAIN) ||
			         (p == q && strcmp(sim.changed[i - 1].uscc, r->uscc) >= 0);
		}
	}
	is_int(wrong, 0, "every changed row carries the one-by-one verdicts and scores");
	is_int(order, 0, "gains first, then losses, each by USCC");
	json_t *j = eval_sim_json(&sim, "innovative-2022", "srdi-2022", YEAR);
	ok(json_integer_value(json_object_get(j, "gain")) == gain &&
	       json_array_size(json_object_get(j, "changed")) == sim.nchanged &&
	       strcmp(json_string_value(json_object_get(j, "base")), "innovative-2022") == 0,
	   "the JSON carries the totals and the changed firms");
	json_decref(j);
	eval_sim_free(&sim);
	is_int(eval_simulate(S, b, b, NULL, YEAR, &sim, &e), APP_OK, "simulate srdi → srdi");
	ok(sim.gain == 0 && sim.lose == 0 && sim.nchanged == 0 && sim.pass_base == pb,
	   "the same criteria change nothing");
	eval_sim_free(&sim);
	free(oa.rows);
	free(ob.rows);
}

/* ---- gaps ---- */

static int cmp_one(const void *x, const void *y)
{
	const struct one *a = x, *b = y;
	if (a->unmet != b->unmet)
		return a->unmet - b->unmet;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->unknown != b->unknown)
		return a->unknown - b->unknown;
	return strcmp(a->uscc, b->uscc);
}

static void test_gaps(void)
{
	struct app_err e = {0};
	const struct criteria *c = eval_builtin("srdi-2022", &e);
	struct oracle o = oracle(c, NULL);
	size_t m = 0;
	for (size_t i = 0; i < o.n; i++)
		if (o.rows[i].v != CRITERIA_PASS)
			o.rows[m++] = o.rows[i];
	qsort(o.rows, m, sizeof *o.rows, cmp_one);
	struct eval_gap *g = NULL;
	size_t n = 0;
	is_int(eval_gaps(S, c, NULL, YEAR, 25, &g, &n, &e), APP_OK, "gaps top 25");
	is_int(n, m < 25 ? m : 25, "25 firms (or every failing one)");
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += strcmp(g[i].uscc, o.rows[i].uscc) != 0 || g[i].unmet != o.rows[i].unmet ||
		       g[i].unknown != o.rows[i].unknown || g[i].score != o.rows[i].score ||
		       strcmp(g[i].lacks, o.rows[i].lacks) != 0 || g[i].score_max != 100;
	is_int(bad, 0, "ranked as one by one: unmet, score, unknown, USCC; the same lacks text");
	ok(n && g[0].unmet == 0, "the closest firm has no unmet hard requirement");
	json_t *j = eval_gaps_json(g, n);
	ok(json_array_size(j) == n &&
	       strcmp(json_string_value(json_object_get(json_array_get(j, 0), "uscc")),
	              g[0].uscc) == 0,
	   "gaps JSON");
	json_decref(j);
	free(g);
	is_int(eval_gaps(S, c, NULL, YEAR, 0, &g, &n, &e), APP_OK, "gaps, all");
	is_int(n, m, "every firm that does not pass");
	free(g);
	free(o.rows);
}

/* ---- built-ins, metadata, export ---- */

static void test_meta(void)
{
	struct app_err e = {0};
	const struct criteria *c = eval_builtin("srdi-2022", &e);
	ok(c && c == eval_builtin("srdi-2022", &e), "a built-in is compiled once and shared");
	memset(&e, 0, sizeof e);
	ok(!eval_builtin("srdi-1999", &e) && e.status == APP_ENOTFOUND &&
	       strstr(e.msg, "srdi-1999"),
	   "an unknown name: APP_ENOTFOUND naming it");
	static const struct {
		const char *name;
		enum tier t;
	} tiers[] = {{"innovative-2022", TIER_INNOVATIVE},
	             {"srdi-2022", TIER_SRDI},
	             {"little-giant-2025", TIER_LITTLE_GIANT},
	             {"little-giant", TIER_NONE},
	             {"mine", TIER_NONE},
	             {"srdi", TIER_NONE}};
	for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++)
		is_int(eval_criteria_tier(tiers[i].name), tiers[i].t, tiers[i].name);
	/* srdi-2022: the SME requirement + 3 basic conditions; 14 indicators in 4
	 * groups (专业化 4, 精细化 4, 特色化 2, 创新能力 4); 4 routes. */
	json_t *j = eval_criteria_json("srdi-2022", c, true);
	json_t *n = json_object_get(j, "counts");
	is_int(json_integer_value(json_object_get(n, "requirements")), 4, "srdi: 4 requirements");
	is_int(json_integer_value(json_object_get(n, "indicators")), 14, "srdi: 14 indicators");
	is_int(json_integer_value(json_object_get(n, "groups")), 4, "srdi: 4 groups");
	is_int(json_integer_value(json_object_get(n, "routes")), 4, "srdi: 4 routes");
	is_dbl(json_real_value(json_object_get(j, "score_max")), 100, 0, "srdi: 100 points");
	is_str(json_string_value(json_object_get(j, "tier")), "srdi", "srdi: tier");
	is_int(json_array_size(json_object_get(j, "indicators")), 14,
	       "structure lists 14 indicators");
	json_t *g0 = json_array_get(json_object_get(j, "groups"), 0);
	is_str(json_string_value(json_object_get(g0, "label")), "专业化", "the first group");
	is_dbl(json_real_value(json_object_get(g0, "max")), 25, 0, "专业化 caps at 25");
	json_t *i0 = json_array_get(json_object_get(j, "indicators"), 0);
	is_str(json_string_value(json_object_get(i0, "group")), "special",
	       "an indicator names its group");
	json_decref(j);
	int y = 0;
	is_int(eval_latest_year(S, NULL, &y, &e), APP_OK, "latest year");
	is_int(y, YEAR, "the demo's latest fiscal year");
}

static enum app_status mem_write(void *ctx, const char *p, size_t n)
{
	return buf_append(ctx, p, n);
}

static void test_export(void)
{
	struct app_err e = {0};
	const struct criteria *c = eval_builtin("srdi-2022", &e);
	struct store_filter f = {.district = "500106"};
	struct oracle o = oracle(c, &f);
	struct buf b;
	buf_init(&b, 64 * 1024 * 1024);
	struct export_sink sink = {mem_write, &b};
	struct export_options opt = {0};
	is_int(eval_export_csv(S, c, &f, YEAR, &opt, &sink, &e), APP_OK, "CSV of a district");
	const char *t = buf_cstr(&b);
	ok(strncmp(t,
	           "\xEF\xBB\xBF统一社会信用代码,企业名称,区县,国民经济行业,评价标准,评价年度,结论,"
	           "评分,满分,"
	           "专业化(满分25分),精细化(满分25分),特色化(满分15分),创新能力(满分35分),"
	           "未满足的基本条件,评分差距,满足的直通条件,缺少数据\r\n",
	           strlen("\xEF\xBB\xBF统一社会信用代码,企业名称,区县,国民经济行业,评价标准,"
	                  "评价年度,结论,评分,满分,"
	                  "专业化(满分25分),精细化(满分25分),特色化(满分15分),创新能力(满分35分),"
	                  "未满足的基本条件,评分差距,满足的直通条件,缺少数据\r\n")) == 0,
	   "BOM and the header with one column per group");
	size_t lines = 0;
	for (const char *p = t; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	is_int(lines, o.n + 1, "one line per firm of the district (no field holds a line break)");
	size_t found = 0;
	for (size_t i = 0; i < o.n; i++) {
		char want[160];
		snprintf(want, sizeof want, "%s,", o.rows[i].uscc);
		const char *row = strstr(t, want);
		if (!row)
			continue;
		const char *label = criteria_verdict_label(o.rows[i].v);
		const char *eol = strstr(row, "\r\n");
		char line[4096];
		snprintf(line, sizeof line, "%.*s", (int)(eol - row), row);
		found += strstr(line, label) != NULL &&
		         (o.rows[i].unmet == 0 || strstr(line, "差") || strstr(line, "未达到"));
	}
	is_int(found, o.n, "each firm's row has its verdict and, when unmet, the gap");
	buf_free(&b);
	char path[] = "/tmp/zjtx-t-eval-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	char x[64];
	snprintf(x, sizeof x, "%s.xlsx", path);
	is_int(eval_export_xlsx(S, c, &f, YEAR, x, &e), APP_OK, "XLSX of a district");
	ok(access(x, R_OK) == 0, "the workbook exists");
	unlink(x);
	free(o.rows);
}

int main(void)
{
	char path[] = "/tmp/zjtx-t-eval-pool-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct app_err e = {0};
	if (store_open(path, 0, &S, &e) != APP_OK)
		return 1;
	struct demo_options o;
	demo_defaults(&o);
	o.enterprises = 600;
	o.months = 0;
	struct demo_stats st;
	is_int(demo_build(S, &o, &st, &e), APP_OK, "demo with 600 firms");
	test_meta();
	test_batch_agrees();
	test_simulate();
	test_gaps();
	test_export();
	test_columns(); /* adds a firm: last */
	store_close(S);
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return test_done();
}
