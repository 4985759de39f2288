/* sizeclass.c - SME size classes (中小企业划型), from the embedded
 * data/sizeclass.tsv (thresholds) and data/sizeclass_map.tsv (industry ->
 * category). See sizeclass.h and criteria.md §3. */
#include "sizeclass.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/mem.h"
#include "base/tsv.h"
#include "core/industry.h"
#include "core/money.h"

#define THRESHOLDS_FILE "data/sizeclass.tsv"
#define MAP_FILE        "data/sizeclass_map.tsv"
#define NCATEGORIES     16
#define MAX_RULE_DIGITS 4

/* The three indicators, in this order everywhere. */
enum { IX_EMPLOYEES, IX_REVENUE, IX_ASSETS, NIX };
static const char *const ix_keys[NIX] = {"employees", "revenue", "assets"};

/* One test of a category: a bound per indicator, used where has[k]. */
struct bounds {
	bool has[NIX];
	int64_t v[NIX]; /* persons, or 分 */
};

struct category {
	const char *version;
	int number; /* 1..16 */
	const char *name;
	struct bounds ceil, medium, small;
};

struct map_rule {
	const char *version;
	char letter;                                           /* section rule, or 0 */
	char lo[MAX_RULE_DIGITS + 1], hi[MAX_RULE_DIGITS + 1]; /* digit rule: equal length */
	size_t len;   /* digits in lo/hi; 0 for a letter rule */
	int category; /* 0: not covered */
};

struct sizeclass_tables {
	struct category *cat;
	size_t ncat, cap_cat;
	struct map_rule *rule;
	size_t nrule, cap_rule;
	const char *newest; /* version of the last threshold row */
	struct arena arena;
};

static struct sizeclass_tables tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static const char *const threshold_cols[] = {
    "version",       "category",         "name",           "ceil_employees", "ceil_revenue",
    "ceil_assets",   "medium_employees", "medium_revenue", "medium_assets",  "small_employees",
    "small_revenue", "small_assets",     "evidence"};
enum {
	TC_VERSION,
	TC_CATEGORY,
	TC_NAME,
	TC_CEIL,
	TC_MEDIUM = TC_CEIL + NIX,
	TC_SMALL = TC_MEDIUM + NIX,
	TC_EVIDENCE = TC_SMALL + NIX,
	TC_COUNT
};

static const char *const map_cols[] = {"version", "match", "category", "note"};
enum { MC_VERSION, MC_MATCH, MC_CATEGORY, MC_NOTE, MC_COUNT };

/* ---- loading ---- */

static enum app_status bad_row(struct app_err *e, const struct tsv_reader *r, const char *what,
                               struct strv v)
{
	e->line = r->line;
	return app_err_set(e, APP_EINVAL, "%s 第%ld行: %s \"%.*s\"", r->name, r->line, what,
	                   (int)v.n, v.p);
}

/* Reads the three bounds of one test starting at column col: persons, then
 * revenue and assets in 万元 (stored in 分). */
static enum app_status read_bounds(const struct tsv_reader *r, const struct strv *f, int col,
                                   struct bounds *b, struct app_err *e)
{
	for (int k = 0; k < NIX; k++) {
		struct strv v = f[col + k];
		b->has[k] = !strv_eq(v, "-");
		if (!b->has[k])
			continue;
		bool okv;
		if (k == IX_EMPLOYEES) {
			long n;
			okv = str_to_int_range(v, 1, 100000000, &n);
			b->v[k] = n;
		} else {
			okv =
			    money_parse(v, MONEY_WANYUAN, &b->v[k], NULL) == APP_OK && b->v[k] > 0;
		}
		if (!okv)
			return bad_row(e, r, "阈值应为正数或 -", v);
	}
	return APP_OK;
}

/* Checks one category's tests against each other: a ceiling, the same
 * indicators in the medium and small tests, medium >= small. */
static enum app_status check_category(const struct tsv_reader *r, const struct category *c,
                                      struct strv name, struct app_err *e)
{
	bool any_ceil = false;
	for (int k = 0; k < NIX; k++) {
		any_ceil |= c->ceil.has[k];
		if (c->medium.has[k] != c->small.has[k])
			return bad_row(e, r, "中型与小型的指标应相同", name);
		if (c->medium.has[k] && c->medium.v[k] < c->small.v[k])
			return bad_row(e, r, "中型下限低于小型下限", name);
	}
	if (!any_ceil)
		return bad_row(e, r, "缺少中小企业上限", name);
	return APP_OK;
}

static enum app_status threshold_row(struct sizeclass_tables *t, const struct tsv_reader *r,
                                     const struct strv *f, struct app_err *e)
{
	struct category c = {0};
	long num;
	enum app_status s;
	if (f[TC_VERSION].n == 0)
		return bad_row(e, r, "版本为空", f[TC_VERSION]);
	if (!str_to_int_range(f[TC_CATEGORY], 1, NCATEGORIES, &num))
		return bad_row(e, r, "类别应为 1-16", f[TC_CATEGORY]);
	c.number = (int)num;
	if ((s = read_bounds(r, f, TC_CEIL, &c.ceil, e)) != APP_OK ||
	    (s = read_bounds(r, f, TC_MEDIUM, &c.medium, e)) != APP_OK ||
	    (s = read_bounds(r, f, TC_SMALL, &c.small, e)) != APP_OK ||
	    (s = check_category(r, &c, f[TC_NAME], e)) != APP_OK)
		return s;
	c.version = arena_strndup(&t->arena, f[TC_VERSION].p, f[TC_VERSION].n);
	c.name = arena_strndup(&t->arena, f[TC_NAME].p, f[TC_NAME].n);
	for (size_t i = 0; i < t->ncat; i++)
		if (t->cat[i].number == c.number && strcmp(t->cat[i].version, c.version) == 0)
			return bad_row(e, r, "类别重复", f[TC_CATEGORY]);
	xgrow((void **)&t->cat, &t->cap_cat, t->ncat + 1, sizeof *t->cat);
	t->cat[t->ncat++] = c;
	t->newest = c.version;
	return APP_OK;
}

static bool all_digits(struct strv v)
{
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	return v.n > 0;
}

/* Parses a match: "A", "06-46" or "591". */
static bool parse_match(struct strv m, struct map_rule *rule)
{
	if (m.n == 1 && m.p[0] >= 'A' && m.p[0] <= 'Z') {
		rule->letter = m.p[0];
		return true;
	}
	const char *dash = memchr(m.p, '-', m.n);
	struct strv lo = dash ? (struct strv){m.p, (size_t)(dash - m.p)} : m;
	struct strv hi = dash ? (struct strv){dash + 1, m.n - lo.n - 1} : m;
	if (!all_digits(lo) || !all_digits(hi) || lo.n != hi.n || lo.n < 2 ||
	    lo.n > MAX_RULE_DIGITS || memcmp(lo.p, hi.p, lo.n) > 0)
		return false;
	memcpy(rule->lo, lo.p, lo.n);
	memcpy(rule->hi, hi.p, hi.n);
	rule->len = lo.n;
	return true;
}

static const struct category *find_category(const struct sizeclass_tables *t, const char *version,
                                            int number)
{
	for (size_t i = 0; i < t->ncat; i++)
		if (t->cat[i].number == number && strcmp(t->cat[i].version, version) == 0)
			return &t->cat[i];
	return NULL;
}

static enum app_status map_row(struct sizeclass_tables *t, const struct tsv_reader *r,
                               const struct strv *f, struct app_err *e)
{
	struct map_rule rule = {0};
	long num;
	if (!parse_match(f[MC_MATCH], &rule))
		return bad_row(e, r, "match 应为门类字母、2-4位数字或其范围", f[MC_MATCH]);
	if (!str_to_int_range(f[MC_CATEGORY], 0, NCATEGORIES, &num))
		return bad_row(e, r, "类别应为 0-16", f[MC_CATEGORY]);
	rule.category = (int)num;
	rule.version = arena_strndup(&t->arena, f[MC_VERSION].p, f[MC_VERSION].n);
	if (rule.category && !find_category(t, rule.version, rule.category))
		return bad_row(e, r, "该版本没有此类别", f[MC_CATEGORY]);
	for (size_t i = 0; i < t->nrule; i++) {
		const struct map_rule *o = &t->rule[i];
		bool same_level = strcmp(o->version, rule.version) == 0 && o->len == rule.len;
		bool overlap = rule.len ? memcmp(rule.lo, o->hi, rule.len) <= 0 &&
		                              memcmp(o->lo, rule.hi, rule.len) <= 0
		                        : o->letter == rule.letter;
		if (same_level && overlap)
			return bad_row(e, r, "与前面的规则重叠", f[MC_MATCH]);
	}
	xgrow((void **)&t->rule, &t->cap_rule, t->nrule + 1, sizeof *t->rule);
	t->rule[t->nrule++] = rule;
	return APP_OK;
}

static int resolve(const struct sizeclass_tables *t, const char *version, const char *code,
                   int *need_digits);

/* Every division of GB/T 4754 must be matched by some rule of each version
 * (possibly as "too coarse"). */
static enum app_status check_coverage(const struct sizeclass_tables *t, struct app_err *e)
{
	for (size_t i = 0; i < t->ncat; i++) {
		if (i > 0 && strcmp(t->cat[i].version, t->cat[i - 1].version) == 0)
			continue;
		for (size_t d = 0; d < industry_division_count(); d++) {
			const struct industry_division *div = industry_division_at(d);
			char code[4] = {div->section, div->code[0], div->code[1], 0};
			int need = 0;
			if (resolve(t, t->cat[i].version, code, &need) < 0 && need == 0)
				return app_err_set(e, APP_EINVAL, "%s: 版本 %s 没有行业 %s 的规则",
				                   MAP_FILE, t->cat[i].version, code);
		}
	}
	return APP_OK;
}

/* Reads both tables into t (zero-initialised by the caller); e must not be
 * NULL. */
static enum app_status tables_load(struct sizeclass_tables *t, const char *ttext, size_t tlen,
                                   const char *mtext, size_t mlen, struct app_err *e)
{
	struct tsv_reader r;
	struct strv f[TC_COUNT];
	enum app_status s;
	arena_init(&t->arena);
	tsv_init(&r, THRESHOLDS_FILE, ttext, tlen);
	if ((s = tsv_expect_header(&r, threshold_cols, TC_COUNT, e)) != APP_OK)
		return s;
	while (tsv_row(&r, f, TC_COUNT, e))
		if ((s = threshold_row(t, &r, f, e)) != APP_OK)
			return s;
	if (e->status != APP_OK)
		return e->status;
	if (t->ncat == 0)
		return app_err_set(e, APP_EINVAL, "%s: 没有数据行", THRESHOLDS_FILE);
	tsv_init(&r, MAP_FILE, mtext, mlen);
	if ((s = tsv_expect_header(&r, map_cols, MC_COUNT, e)) != APP_OK)
		return s;
	while (tsv_row(&r, f, MC_COUNT, e))
		if ((s = map_row(t, &r, f, e)) != APP_OK)
			return s;
	if (e->status != APP_OK)
		return e->status;
	return check_coverage(t, e);
}

static void load_once(void)
{
	const struct embedded_file *tf = embed_find(THRESHOLDS_FILE);
	const struct embedded_file *mf = embed_find(MAP_FILE);
	struct app_err e = {0};
	if (!tf || !mf) {
		fprintf(stderr, "zjtx: 内置数据文件 %s 缺失\n", tf ? MAP_FILE : THRESHOLDS_FILE);
		abort();
	}
	if (tables_load(&tab, tf->data, tf->len, mf->data, mf->len, &e) != APP_OK) {
		fprintf(stderr, "zjtx: 内置数据文件有误: %s\n", e.msg);
		abort();
	}
}

void sizeclass_init(void)
{
	pthread_once(&tab_once, load_once);
}

/* ---- industry -> category ---- */

/* Whether the digit rule could match a code whose digits are d (n of them,
 * n < rule length): d lies between the rule's bounds cut to n digits. */
static bool finer_rule_compatible(const struct map_rule *rule, const char *d, size_t n)
{
	return memcmp(rule->lo, d, n) <= 0 && memcmp(d, rule->hi, n) <= 0;
}

/* Category of a canonical code ("C3562") under version: 0 for "not
 * covered", -1 with *need_digits > 0 if the code is too coarse, -1 with
 * *need_digits == 0 if no rule matches. */
static int resolve(const struct sizeclass_tables *t, const char *version, const char *code,
                   int *need_digits)
{
	const char *d = code + 1;
	size_t n = strlen(d);
	const struct map_rule *best = NULL;
	*need_digits = 0;
	for (size_t i = 0; i < t->nrule; i++) {
		const struct map_rule *rule = &t->rule[i];
		if (strcmp(rule->version, version) != 0)
			continue;
		bool match = rule->len ? rule->len <= n && memcmp(rule->lo, d, rule->len) <= 0 &&
		                             memcmp(d, rule->hi, rule->len) <= 0
		                       : rule->letter == code[0];
		if (match && (!best || rule->len > best->len))
			best = rule;
	}
	for (size_t i = 0; i < t->nrule; i++) {
		const struct map_rule *rule = &t->rule[i];
		if (strcmp(rule->version, version) != 0 || rule->len <= n ||
		    !finer_rule_compatible(rule, d, n))
			continue;
		if (!best || rule->category != best->category)
			if (*need_digits == 0 || (int)rule->len < *need_digits)
				*need_digits = (int)rule->len;
	}
	if (*need_digits || !best)
		return -1;
	return best->category;
}

/* Looks up the category for an industry code under version (resolved). */
static const struct category *category_for(const char *industry, const char *version,
                                           struct app_err *e)
{
	char code[6];
	if (!industry) {
		app_err_set(e, APP_EINVAL, "行业代码为空");
		return NULL;
	}
	if (industry_parse(strv_from(industry), code, e) != APP_OK)
		return NULL;
	int need;
	int number = resolve(&tab, version, code, &need);
	if (number < 0 && need > 0) {
		app_err_set(e, APP_EINVAL, "行业代码 %s 不足以确定划型行业,需精确到%d位数字", code,
		            need);
		return NULL;
	}
	if (number <= 0) {
		const struct industry_section *s = industry_section(code[0]);
		app_err_set(e, APP_EINVAL, "行业 %s(%s)不适用中小企业划型标准", code,
		            s ? s->name : "?");
		return NULL;
	}
	return find_category(&tab, version, number);
}

int sizeclass_category(const char *industry, struct app_err *e)
{
	sizeclass_init();
	const struct category *c = category_for(industry, tab.newest, e);
	return c ? c->number : 0;
}

/* ---- classification ---- */

static bool below_any(const struct bounds *b, const int64_t *v)
{
	for (int k = 0; k < NIX; k++)
		if (b->has[k] && v[k] < b->v[k])
			return true;
	return false;
}

/* The class with every used indicator known. */
static enum size_class classify_full(const struct category *c, const int64_t *v)
{
	if (!below_any(&c->ceil, v))
		return SIZE_LARGE;
	if (!below_any(&c->medium, v))
		return SIZE_MEDIUM;
	if (!below_any(&c->small, v))
		return SIZE_SMALL;
	return SIZE_MICRO;
}

/* Candidate values of indicator k: each bound t of the category and t - 1
 * (one value from every interval the bounds cut). Returns how many. */
static int candidates(const struct category *c, int k, int64_t out[6])
{
	const struct bounds *tests[3] = {&c->ceil, &c->medium, &c->small};
	int n = 0;
	for (int i = 0; i < 3; i++)
		if (tests[i]->has[k]) {
			out[n++] = tests[i]->v[k];
			out[n++] = tests[i]->v[k] - 1;
		}
	return n;
}

/* Classifies with some used indicators missing: tries every combination of
 * candidate values for the missing ones; the class is known only if all
 * combinations agree. */
static enum size_class classify_partial(const struct category *c, int64_t *v, const int *missing,
                                        int nmissing, int depth)
{
	if (depth == nmissing)
		return classify_full(c, v);
	int64_t cand[6];
	int n = candidates(c, missing[depth], cand);
	enum size_class seen = SIZE_UNKNOWN;
	for (int i = 0; i < n; i++) {
		v[missing[depth]] = cand[i];
		enum size_class got = classify_partial(c, v, missing, nmissing, depth + 1);
		if (got == SIZE_UNKNOWN || (seen != SIZE_UNKNOWN && got != seen))
			return SIZE_UNKNOWN;
		seen = got;
	}
	return seen;
}

static bool used(const struct category *c, int k)
{
	return c->ceil.has[k] || c->medium.has[k] || c->small.has[k];
}

enum app_status sizeclass_classify(const char *industry, const struct size_input *in,
                                   const char *version, struct size_result *out, struct app_err *e)
{
	sizeclass_init();
	memset(out, 0, sizeof *out);
	out->cls = SIZE_UNKNOWN;
	if (!version)
		version = tab.newest;
	const struct category *c = NULL;
	for (size_t i = 0; i < tab.ncat && !c; i++)
		if (strcmp(tab.cat[i].version, version) == 0)
			c = &tab.cat[i];
	if (!c)
		return app_err_set(e, APP_EINVAL, "未知的划型标准版本 \"%s\"", version);
	if (!(c = category_for(industry, c->version, e)))
		return APP_EINVAL;
	out->category = c->number;
	out->category_name = c->name;
	out->version = c->version;

	const bool has[NIX] = {in->has_employees, in->has_revenue, in->has_assets};
	int64_t v[NIX] = {in->employees, in->revenue, in->assets};
	int missing[NIX], nmissing = 0;
	for (int k = 0; k < NIX; k++)
		if (used(c, k) && !has[k])
			missing[nmissing++] = k;
	out->cls = classify_partial(c, v, missing, nmissing, 0);
	if (out->cls == SIZE_UNKNOWN)
		for (int i = 0; i < nmissing; i++)
			snprintf(out->missing + strlen(out->missing),
			         sizeof out->missing - strlen(out->missing), "%s%s", i ? "," : "",
			         ix_keys[missing[i]]);
	return APP_OK;
}

static const struct {
	const char *name, *key;
} class_names[] = {
    [SIZE_UNKNOWN] = {"未知", "unknown"}, [SIZE_LARGE] = {"大型", "large"},
    [SIZE_MEDIUM] = {"中型", "medium"},   [SIZE_SMALL] = {"小型", "small"},
    [SIZE_MICRO] = {"微型", "micro"},
};

const char *sizeclass_name(enum size_class c)
{
	return (unsigned)c <= SIZE_MICRO ? class_names[c].name : class_names[0].name;
}

const char *sizeclass_key(enum size_class c)
{
	return (unsigned)c <= SIZE_MICRO ? class_names[c].key : class_names[0].key;
}
