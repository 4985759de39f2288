/* t_criteria.c - the built-in criteria files, case by case.
 *
 * The hand-worked cases live in tests/rule/criteria.txt, one per line:
 *
 *     FILE  ITEM  EXPECT  key=value ...
 *
 * ITEM is an item of the file (indicator, require, route, group), "score"
 * or "verdict". EXPECT is the points (5, or 3..5 when the data leaves a
 * range), yes/no/? for a requirement or route, or pass/fail/insufficient.
 * Inputs use the units of the import templates: money in 万元, market
 * share in percent; key@-1=... is the year before the evaluation year
 * (2024 unless year=... is given). Enterprise fields: niche_since,
 * emerging, industry, tier, size (large/medium/small/micro), rereview,
 * noent=1 (no enterprise record at all). "define NAME inputs" names a set
 * of inputs; "$NAME" in a later line expands it (later keys win).
 *
 * The rest of this file checks what a table cannot: the worksheet text,
 * missing keys, the list of built-in files, and batch evaluation against
 * one firm at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/rng.h"
#include "base/str.h"
#include "core/criteria.h"
#include "test.h"

#define YEAR        2024
#define MAX_DEFINES 64

struct define {
	char name[32];
	char text[1024];
};

static struct define defines[MAX_DEFINES];
static int ndefines;

struct loaded {
	char name[64];
	struct criteria *c;
};
static struct loaded loaded[16];
static int nloaded;

static struct criteria *get_criteria(const char *name)
{
	for (int i = 0; i < nloaded; i++)
		if (strcmp(loaded[i].name, name) == 0)
			return loaded[i].c;
	struct criteria *c = NULL;
	struct rule_error e;
	if (criteria_load(name, &c, &e) != APP_OK) {
		char b[700];
		rule_error_format(&e, b, sizeof b);
		diag("cannot load %s: %s", name, b);
		return NULL;
	}
	if (nloaded < 16) {
		snprintf(loaded[nloaded].name, sizeof loaded[nloaded].name, "%s", name);
		loaded[nloaded++].c = c;
	}
	return c;
}

/* A firm being built from key=value inputs. */
struct firm {
	struct enterprise ent;
	bool noent;
	struct annual rows[CRITERIA_YEARS];
	enum size_class size;
	int rereview;
	int year;
};

static void firm_init(struct firm *f)
{
	memset(f, 0, sizeof *f);
	f->size = SIZE_UNKNOWN;
	f->rereview = 0;
	f->year = YEAR;
}

/* Applies one key=value; returns false (with a diagnostic) if it is bad. */
static bool firm_set(struct firm *f, const char *kv, size_t len)
{
	const char *eq = memchr(kv, '=', len);
	if (!eq) {
		diag("bad input '%.*s'", (int)len, kv);
		return false;
	}
	struct strv key = {kv, (size_t)(eq - kv)}, val = {eq + 1, len - (size_t)(eq - kv) - 1};
	const char *at = memchr(key.p, '@', key.n);
	long back = 0;
	if (at) {
		if (!str_to_int_range((struct strv){at + 1, (size_t)(key.p + key.n - at - 1)}, -3,
		                      0, &back))
			return false;
		key.n = (size_t)(at - key.p);
	}
	long n;
	if (strv_eq(key, "year"))
		return str_to_int_range(val, 1990, 2100, &n) && (f->year = (int)n, true);
	if (strv_eq(key, "noent"))
		return f->noent = true;
	if (strv_eq(key, "niche_since"))
		return str_to_int_range(val, 1900, 2100, &n) && (f->ent.niche_since = (int)n, true);
	if (strv_eq(key, "emerging"))
		return str_to_int_range(val, 0, 9, &n) && (f->ent.emerging = (int)n, true);
	if (strv_eq(key, "tier"))
		return str_to_int_range(val, 0, 5, &n) && (f->ent.tier = (enum tier)n, true);
	if (strv_eq(key, "rereview"))
		return str_to_int_range(val, -1, 1, &n) && (f->rereview = (int)n, true);
	if (strv_eq(key, "industry"))
		return str_copy(f->ent.industry, sizeof f->ent.industry, val.p, val.n);
	if (strv_eq(key, "size")) {
		static const char *const names[] = {"unknown", "large", "medium", "small", "micro"};
		for (int i = 0; i < 5; i++)
			if (strv_eq(val, names[i]))
				return f->size = (enum size_class)i, true;
		return false;
	}
	int k = indicator_find(annual_indicators, ANNUAL_KEY_COUNT, key);
	if (k < 0) {
		diag("unknown key '%.*s'", (int)key.n, key.p);
		return false;
	}
	int64_t v;
	bool present;
	struct app_err e;
	if (val.n == 0) { /* key= : make it missing (overrides a define) */
		f->rows[-back].has &= ~((uint64_t)1 << k);
		return true;
	}
	if (indicator_parse(&annual_indicators[k], val, MONEY_WANYUAN, &v, &present, &e) !=
	        APP_OK ||
	    !present) {
		diag("bad value for %.*s: %s", (int)key.n, key.p, e.msg);
		return false;
	}
	annual_set(&f->rows[-back], (enum annual_key)k, v);
	return true;
}

static bool firm_apply(struct firm *f, const char *s, int depth)
{
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n')
			break;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			e++;
		if (*s == '$') {
			bool found = false;
			for (int i = 0; i < ndefines && depth < 4; i++) {
				if (strlen(defines[i].name) == (size_t)(e - s - 1) &&
				    memcmp(defines[i].name, s + 1, (size_t)(e - s - 1)) == 0) {
					if (!firm_apply(f, defines[i].text, depth + 1))
						return false;
					found = true;
				}
			}
			if (!found) {
				diag("unknown define '%.*s'", (int)(e - s), s);
				return false;
			}
		} else if (!firm_set(f, s, (size_t)(e - s))) {
			return false;
		}
		s = e;
	}
	return true;
}

static void firm_eval(const struct criteria *c, struct firm *f, struct criteria_result *r)
{
	for (int b = 0; b < CRITERIA_YEARS; b++)
		f->rows[b].year = f->year - b;
	struct criteria_firm in = {f->noent ? NULL : &f->ent, f->rows, CRITERIA_YEARS, f->size,
	                           f->rereview};
	criteria_eval(c, &in, f->year, r);
}

static const char *met_name(enum criteria_met m)
{
	return m == CRITERIA_YES ? "yes" : m == CRITERIA_NO ? "no" : "?";
}

/* The value of ITEM as text: "5", "3..5", "yes", "pass". */
static bool item_text(const struct criteria_result *r, const char *item, char *buf, size_t n)
{
	if (strcmp(item, "verdict") == 0) {
		snprintf(buf, n, "%s", criteria_verdict_key(r->verdict));
		return true;
	}
	double lo = 0, hi = 0;
	bool found = false;
	if (strcmp(item, "score") == 0) {
		lo = r->score, hi = r->score_hi, found = true;
	}
	for (size_t i = 0; i < r->ninds && !found; i++)
		if (strcmp(r->inds[i].name, item) == 0)
			lo = r->inds[i].points, hi = r->inds[i].points_hi, found = true;
	for (size_t i = 0; i < r->ngroups && !found; i++)
		if (strcmp(r->groups[i].name, item) == 0)
			lo = r->groups[i].score, hi = r->groups[i].score_hi, found = true;
	for (size_t i = 0; i < r->nreqs && !found; i++)
		if (strcmp(r->reqs[i].name, item) == 0) {
			snprintf(buf, n, "%s", met_name(r->reqs[i].met));
			return true;
		}
	if (!found)
		return false;
	if (lo == hi)
		snprintf(buf, n, "%g", lo);
	else
		snprintf(buf, n, "%g..%g", lo, hi);
	return true;
}

static FILE *open_cases(void)
{
	static const char *const paths[] = {"tests/rule/criteria.txt", "../tests/rule/criteria.txt",
	                                    "../../tests/rule/criteria.txt"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		FILE *f = fopen(paths[i], "r");
		if (f)
			return f;
	}
	return NULL;
}

static void test_cases(void)
{
	FILE *fp = open_cases();
	ok(fp != NULL, "case file tests/rule/criteria.txt found");
	if (!fp)
		return;
	char line[2048];
	int lineno = 0, count = 0;
	while (fgets(line, sizeof line, fp)) {
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		char file[64], item[64], expect[64];
		int used = 0;
		if (strncmp(p, "define ", 7) == 0) {
			if (ndefines < MAX_DEFINES &&
			    sscanf(p + 7, "%31s %n", defines[ndefines].name, &used) == 1) {
				snprintf(defines[ndefines].text, sizeof defines[ndefines].text,
				         "%s", p + 7 + used);
				ndefines++;
			}
			continue;
		}
		if (sscanf(p, "%63s %63s %63s %n", file, item, expect, &used) != 3) {
			ok(0, "line %d: cannot read", lineno);
			continue;
		}
		const struct criteria *c = get_criteria(file);
		struct firm f;
		firm_init(&f);
		if (!c || !firm_apply(&f, p + used, 0)) {
			ok(0, "line %d: bad case", lineno);
			continue;
		}
		struct criteria_result r;
		firm_eval(c, &f, &r);
		char got[64] = "(no such item)";
		item_text(&r, item, got, sizeof got);
		char *nl = strchr(p + used, '\n');
		if (nl)
			*nl = '\0';
		ok(strcmp(got, expect) == 0, "line %d: %s %s = %s  [%s]", lineno, file, item,
		   expect, p + used);
		if (strcmp(got, expect) != 0)
			diag("got %s", got);
		criteria_result_free(&r);
		count++;
	}
	fclose(fp);
	ok(count > 300, "%d cases read", count);
}

/* ---- the worksheet ---- */

static void test_worksheet(void)
{
	const struct criteria *c = get_criteria("srdi-2022");
	if (!c)
		return;
	struct firm f;
	firm_init(&f);
	snprintf(f.ent.name, sizeof f.ent.name, "重庆某某科技有限公司");
	snprintf(f.ent.uscc, sizeof f.ent.uscc, "915000002028133840");
	firm_apply(&f, "size=small niche_since=2019 revenue=3050 rd_expense=73.2 main_revenue=2800",
	           0);
	struct criteria_result r;
	firm_eval(c, &f, &r);
	struct buf b;
	buf_init(&b, 1 << 20);
	is_int(criteria_explain(c, &r, &f.ent, &b), APP_OK, "worksheet renders");
	const char *w = buf_cstr(&b);
	ok(strstr(w, "研发费用占营业收入比重 2.40% < 3%:差 0.60 个百分点(约 18.3 万元)") != NULL,
	   "ratio gap with the money it takes");
	ok(strstr(w, "研发费用 73.20 万元 < 100万元:差 26.80 万元") != NULL, "money gap");
	ok(strstr(w, "[✓] 从事特定细分市场时间达到2年以上〔附件2 认定条件第1项〕") != NULL,
	   "met requirement with its clause");
	ok(strstr(w, "从事特定细分市场年限 6 年 ≥ 2年") != NULL, "years in the niche");
	ok(strstr(w, "结论:不通过") != NULL, "verdict line");
	ok(strstr(w, "企业:重庆某某科技有限公司(统一社会信用代码 915000002028133840)") != NULL,
	   "firm line");
	ok(strstr(w, "评价年度:2024 年") != NULL, "year line");
	ok(strstr(w, "需人工审核") != NULL, "review section");
	ok(strstr(w, "上年度主营业务收入总额占营业收入总额比重:主营业务收入占营业收入比重 91.80%(≥ "
	             "80%) → 5 / 5 分") != NULL,
	   "indicator with band and points");
	/* the deciding comparison, for JSON */
	const struct criteria_req *q = NULL;
	for (size_t i = 0; i < r.nreqs; i++)
		if (strcmp(r.reqs[i].name, "rd") == 0)
			q = &r.reqs[i];
	ok(q && q->met == CRITERIA_NO && strcmp(q->actual, "73.20 万元") == 0 &&
	       strcmp(q->threshold, "≥ 100万元") == 0 && strcmp(q->gap, "差 26.80 万元") == 0,
	   "requirement actual/threshold/gap: %s / %s / %s", q ? q->actual : "",
	   q ? q->threshold : "", q ? q->gap : "");
	if (getenv("SHOW_WORKSHEET"))
		printf("%s", w);
	criteria_result_free(&r);
	buf_free(&b);

	/* insufficient: names the missing figures */
	firm_init(&f);
	firm_apply(&f, "size=small niche_since=2019 rd_expense=150", 0);
	firm_eval(c, &f, &r);
	is_int(r.verdict, CRITERIA_INSUFFICIENT, "revenue missing: insufficient");
	bool rev = false;
	for (size_t i = 0; i < r.nmissing; i++)
		rev |= strcmp(r.missing[i].key, "revenue") == 0 && r.missing[i].year == 2024;
	ok(rev, "missing names revenue (2024)");
	buf_init(&b, 1 << 20);
	criteria_explain(c, &r, NULL, &b);
	ok(strstr(buf_cstr(&b), "缺少数据:") && strstr(buf_cstr(&b), "营业收入(revenue,2024年)"),
	   "the worksheet lists missing data");
	ok(strstr(buf_cstr(&b), "结论:数据不足") != NULL, "verdict 数据不足");
	buf_free(&b);
	criteria_result_free(&r);

	/* a tiny output limit is reported, not overrun */
	firm_init(&f);
	firm_eval(c, &f, &r);
	buf_init(&b, 64);
	is_int(criteria_explain(c, &r, NULL, &b), APP_ETOOLARGE, "output limit reported");
	buf_free(&b);
	criteria_result_free(&r);
}

/* ---- built-in files ---- */

static void test_builtins(void)
{
	static const char *const want[] = {"innovative-2022", "little-giant-2022",
	                                   "little-giant-2025", "srdi-2022"};
	is_int((long)criteria_builtin_count(), 4, "four built-in criteria");
	for (size_t i = 0; i < 4; i++) {
		const char *n = criteria_builtin_name(i);
		is_str(n, want[i], "built-in name");
		struct criteria *c;
		struct rule_error e;
		is_int(criteria_load(want[i], &c, &e), APP_OK, "loads");
		const struct rule_info *info = rule_info(criteria_program(c));
		ok(info->effective[0] && info->source[0] && info->title[0],
		   "%s has title, source and effective date", want[i]);
		criteria_free(c);
	}
	ok(criteria_builtin_name(4) == NULL, "no fifth");
	ok(criteria_builtin_text("prelude") == NULL, "library files are not criteria");
	struct criteria *c;
	struct rule_error e;
	is_int(criteria_load("nosuch", &c, &e), APP_ENOTFOUND, "unknown name");
	ok(strstr(e.message, "nosuch") != NULL, "message names it");
	is_int(criteria_load("../etc", &c, &e), APP_ENOTFOUND, "no paths");
	const char *text = "criteria \"自定义\" effective 2026-01-01\nuse \"prelude\"\n"
	                   "require r \"研发\" = rd_ratio >= 4%\n";
	is_int(criteria_compile("mine.zc", text, strlen(text), NULL, 0, &c, &e), APP_OK,
	       "a city's own file compiles against the built-in prelude");
	is_str(criteria_name(c), "mine.zc", "named by its file");
	criteria_free(c);
	text = "criteria \"坏\"\nrequire r \"研发\" = rd_ratio >= 4\n";
	is_int(criteria_compile("bad.zc", text, strlen(text), NULL, 0, &c, &e), APP_EINVAL,
	       "errors come back");
	char msg[800];
	rule_error_format(&e, msg, sizeof msg);
	ok(strstr(msg, "bad.zc:2:") == msg, "with file and line: %s", msg);
	struct rule_param geo = {"geometric_growth", 1};
	text = "criteria \"几何\"\nuse \"prelude\"\nrequire g \"增长\" = main_growth_2y >= 100%\n";
	is_int(criteria_compile("g.zc", text, strlen(text), &geo, 1, &c, &e), APP_OK,
	       "prelude param overridden by the host");
	struct firm f;
	firm_init(&f);
	firm_apply(&f, "main_revenue=4 main_revenue@-1=1 main_revenue@-2=1", 0);
	struct criteria_result r;
	firm_eval(c, &f, &r);
	is_int(r.reqs[0].met, CRITERIA_YES, "geometric: sqrt(4) - 1 = 100%");
	criteria_result_free(&r);
	criteria_free(c);
}

/* ---- batch against one firm ---- */

static void test_batch(void)
{
	static const char *const names[] = {"innovative-2022", "srdi-2022", "little-giant-2022",
	                                    "little-giant-2025"};
	enum { N = 3000 };
	struct rng rg;
	rng_seed(&rg, 99);
	static int64_t vals[ANNUAL_KEY_COUNT][CRITERIA_YEARS][N], fixed[CF_COUNT][N];
	static uint64_t has[ANNUAL_KEY_COUNT][CRITERIA_YEARS][(N + 63) / 64];
	static uint64_t fhas[CF_COUNT][(N + 63) / 64];
	struct criteria_columns cols;
	memset(&cols, 0, sizeof cols);
	memset(has, 0, sizeof has);
	memset(fhas, 0, sizeof fhas);
	cols.n = N;
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		for (int b = 0; b < CRITERIA_YEARS; b++) {
			const struct indicator *ind = &annual_indicators[k];
			for (int i = 0; i < N; i++) {
				int64_t v;
				if (ind->type == IND_MONEY)
					v = (int64_t)rng_below(&rg, 20000) *
					    1000000; /* up to 2亿元 */
				else if (ind->type == IND_PERCENT)
					v = (int64_t)rng_below(&rg, 3000);
				else if (ind->max > 0 && ind->max <= 1000)
					v = ind->min +
					    (int64_t)rng_below(&rg,
					                       (uint64_t)(ind->max - ind->min + 1));
				else
					v = (int64_t)rng_below(&rg, 300);
				if (k == AK_MAKER_CHINA)
					v = rng_below(&rg, 3) == 0 ? 0
					    : rng_below(&rg, 2)    ? 50
					                           : 500;
				vals[k][b][i] = v;
				if (rng_below(&rg, 12) != 0)
					has[k][b][i / 64] |= (uint64_t)1 << (i % 64);
			}
			cols.annual[k][b] = (struct rule_column){vals[k][b], has[k][b]};
		}
	for (int k = 0; k < CF_COUNT; k++) {
		for (int i = 0; i < N; i++) {
			int64_t v = k == CF_NICHE_SINCE    ? 2005 + (int64_t)rng_below(&rg, 20)
			            : k == CF_EMERGING     ? (int64_t)rng_below(&rg, 10)
			            : k == CF_INDUSTRY_DIV ? 13 + (int64_t)rng_below(&rg, 30)
			            : k == CF_SIZE_CLASS   ? 1 + (int64_t)rng_below(&rg, 4)
			            : k == CF_TIER         ? (int64_t)rng_below(&rg, 6)
			                                   : (int64_t)rng_below(&rg, 2);
			fixed[k][i] = v;
			/* the enterprise record cannot say "emerging unknown" etc.:
			 * only niche_since, size and rereview may be missing here */
			bool can_miss =
			    k == CF_NICHE_SINCE || k == CF_SIZE_CLASS || k == CF_REREVIEW;
			if (!can_miss || rng_below(&rg, 12) != 0)
				fhas[k][i / 64] |= (uint64_t)1 << (i % 64);
		}
		cols.fixed[k] = (struct rule_column){fixed[k], fhas[k]};
	}
	static uint8_t verdict[N];
	static double score[N], score_hi[N];
	for (size_t ci = 0; ci < 4; ci++) {
		const struct criteria *c = get_criteria(names[ci]);
		if (!c)
			continue;
		is_int(criteria_eval_batch(c, &cols, YEAR, verdict, score, score_hi), APP_OK,
		       "batch");
		int bad = 0, counts[3] = {0, 0, 0};
		for (int i = 0; i < N; i++) {
			struct firm f;
			firm_init(&f);
			for (int b = 0; b < CRITERIA_YEARS; b++) {
				f.rows[b].year = YEAR - b;
				for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
					if ((has[k][b][i / 64] >> (i % 64)) & 1)
						annual_set(&f.rows[b], (enum annual_key)k,
						           vals[k][b][i]);
			}
#define FH(k) ((fhas[k][i / 64] >> (i % 64)) & 1)
			f.ent.niche_since = FH(CF_NICHE_SINCE) ? (int)fixed[CF_NICHE_SINCE][i] : 0;
			f.ent.emerging = (int)fixed[CF_EMERGING][i];
			snprintf(f.ent.industry, sizeof f.ent.industry, "C%02d",
			         (int)fixed[CF_INDUSTRY_DIV][i]);
			f.ent.tier = (enum tier)fixed[CF_TIER][i];
			f.size = FH(CF_SIZE_CLASS) ? (enum size_class)fixed[CF_SIZE_CLASS][i]
			                           : SIZE_UNKNOWN;
			f.rereview = FH(CF_REREVIEW) ? (int)fixed[CF_REREVIEW][i] : -1;
#undef FH
			struct criteria_result r;
			firm_eval(c, &f, &r);
			if ((int)r.verdict != verdict[i] || r.score != score[i] ||
			    r.score_hi != score_hi[i])
				bad++;
			counts[verdict[i]]++;
			criteria_result_free(&r);
		}
		is_int(bad, 0, "batch = one firm at a time, every verdict and score");
		diag("%s: pass %d fail %d insufficient %d", names[ci], counts[1], counts[0],
		     counts[2]);
	}
}

int main(void)
{
	test_cases();
	test_worksheet();
	test_builtins();
	test_batch();
	for (int i = 0; i < nloaded; i++)
		criteria_free(loaded[i].c);
	return test_done();
}
