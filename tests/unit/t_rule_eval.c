/* t_rule_eval.c - semantics of the criteria language: three-valued logic
 * over missing figures, bands and their edges, scores, parameters, the
 * explanation, and the batch evaluator against the per-firm one. */
#include <string.h>

#include "base/rng.h"
#include "rule_host.h"
#include "test.h"

/* ---- missing values: Kleene's logic ---- */

struct tv_case {
	const char *expr;
	const char *in;
	int want; /* 1 true, 0 false, -1 unknown */
};

/* f, g are flags; absent from the input means missing (unknown). */
static const struct tv_case truth_tables[] = {
    {"f and g", "f=1 g=1", 1},
    {"f and g", "f=1 g=0", 0},
    {"f and g", "f=1", -1},
    {"f and g", "f=0 g=1", 0},
    {"f and g", "f=0 g=0", 0},
    {"f and g", "f=0", 0},
    {"f and g", "g=1", -1},
    {"f and g", "g=0", 0},
    {"f and g", "", -1},
    {"f or g", "f=1 g=1", 1},
    {"f or g", "f=1 g=0", 1},
    {"f or g", "f=1", 1},
    {"f or g", "f=0 g=1", 1},
    {"f or g", "f=0 g=0", 0},
    {"f or g", "f=0", -1},
    {"f or g", "g=1", 1},
    {"f or g", "g=0", -1},
    {"f or g", "", -1},
    {"not f", "f=1", 0},
    {"not f", "f=0", 1},
    {"not f", "", -1},
    {"f == g", "f=1 g=1", 1},
    {"f == g", "f=1 g=0", 0},
    {"f == g", "f=1", -1},
    {"f != g", "f=1 g=0", 1},
    {"f != g", "", -1},
    /* a comparison with a missing figure is unknown ... */
    {"x >= 1万元", "", -1},
    {"x < 1万元", "", -1},
    {"n == 3", "", -1},
    {"x / y >= 3%", "x=5", -1},
    {"x / y >= 3%", "y=5", -1},
    /* ... unless no possible value changes it (x is money, never negative) */
    {"x >= 0万元", "", 1},
    {"x < 0万元", "", 0},
    {"lv <= 4", "", 1},
    {"lv > 4", "", 0},
    {"lv in {0, 1, 2, 3, 4}", "", -1},
    {"lv in {7, 8}", "", 0},
    /* a sum of non-negative money with one missing part: at least the rest */
    {"x + y >= 1万元", "x=20000", 1},
    {"x + y >= 1万元", "x=5000", -1},
    {"x + y < 1万元", "x=20000", 0},
    /* a quotient by zero is not a number: unknown, never "infinitely large" */
    {"x / y >= 3%", "x=5 y=0", -1},
    {"x / y < 3%", "x=5 y=0", -1},
    {"x / (n - 5) >= 1万元", "x=20000 n=5", -1},
    {"x / n >= 1万元", "x=5", -1},
    {"x / n < 0", "x=5 n=-1", 1},
    /* a divisor known to be at least 1万元: the quotient is bounded */
    {"x / (y + 1万元) <= 2", "x=20000", 1},
    {"x / (y + 1万元) >= 1", "x=20000", -1},
    {"x / (y + 1万元) > 2", "x=20000", 0},
    /* if with an unknown condition: both arms must agree */
    {"if f then n >= 1 else n >= 2", "n=5", 1},
    {"if f then n >= 1 else n >= 2", "n=1", -1},
    {"if f then n >= 1 else n >= 2", "n=0", 0},
    {"count(f, g) >= 1", "f=1", 1},
    {"count(f, g) >= 2", "f=1", -1},
    {"count(f, g) >= 2", "f=0", 0},
    {"max(n, 5) >= 5", "", 1},
    {"min(n, 5) >= 5", "", -1},
    {"any_over(f, 3)", "f@-2=1", 1},
    {"any_over(f, 3)", "f=0 f@-1=0", -1},
    {"all_over(f, 3)", "f@-1=0", 0},
    {"all_over(f, 3)", "f=1 f@-1=1", -1},
    {"sqrt(n - 10) >= 0", "n=5", -1},
    {"abs(n) >= 0", "", 1},
    {"floor(n) == n", "n=3", 1},
    /* ties: 1150/1000 - 1 is 0.14999999999999991 in doubles, 15% is
     * 0.14999999999999999; a growth of exactly 15% is 15% */
    {"x / x@-1 - 1 >= 15%", "x=1150 x@-1=1000", 1},
    {"x / x@-1 - 1 < 15%", "x=1150 x@-1=1000", 0},
    {"x / x@-1 - 1 >= 15%", "x=1149 x@-1=1000", 0},
    {"x / x@-1 - 1 > 15%", "x=1150 x@-1=1000", 0},
    {"x / x@-1 - 1 <= 15%", "x=1150 x@-1=1000", 1},
    {"x / x@-1 - 1 == 15%", "x=1150 x@-1=1000", 1},
    {"x / x@-1 - 1 != 15%", "x=1150 x@-1=1000", 0},
    {"(x / x@-1 + x@-1 / x@-2) / 2 - 1 >= 10%", "x=121 x@-1=110 x@-2=100", 1},
    {"x / x@-1 - 1 in {0.15, 0.2}", "x=1150 x@-1=1000", 1},
    {"x / y >= 3%", "x=3 y=100", 1},
    {"x / y >= 3%", "x=299999999 y=10000000000", 0},
    /* a set of whole numbers in 0..255 (a table lookup): its ends, just
     * outside them, values whose low bits name a member, halves, ties */
    {"n in {0, 3, 255}", "n=0", 1},
    {"n in {0, 3, 255}", "n=3", 1},
    {"n in {0, 3, 255}", "n=255", 1},
    {"n in {0, 3, 255}", "n=4", 0},
    {"n in {0, 3, 255}", "n=256", 0},
    {"n in {0, 3, 255}", "n=-1", 0},
    {"n in {0, 3, 255}", "n=-256", 0},
    {"n in {0, 3, 255}", "n=259", 0},
    {"n in {0, 3, 255}", "n=2251799813685251", 0},
    {"n in {0, 3, 255}", "n=4503599627370499", 0},
    {"n in {0, 3, 255}", "n=-4503599627370493", 0},
    {"n in {0, 3, 255}", "n=9007199254740995", 0},
    {"n / 10 in {2, 3}", "n=25", 0},
    {"n / 10 in {2, 3}", "n=35", 0},
    {"n / 10 in {2, 3}", "n=30", 1},
    {"n / 10000000000000 in {0, 3}", "n=1", 1},
    {"n / 10000000000000 in {0, 3}", "n=-1", 1},
    {"n / 10000000000000 in {0, 3}", "n=10", 0},
    {"n in {0, 3, 255}", "", -1},
    {"x / y in {0, 3}", "x=5", -1},
    {"x / y in {3}", "x=300 y=100", 1},
};

static void test_truth_tables(void)
{
	for (size_t i = 0; i < sizeof truth_tables / sizeof truth_tables[0]; i++) {
		const struct tv_case *c = &truth_tables[i];
		char src[256];
		snprintf(src, sizeof src, "require a \"a\" = %s", c->expr);
		struct rule_program *p = test_compile(src);
		if (!p) {
			ok(0, "compile %s", c->expr);
			continue;
		}
		char name[320];
		snprintf(name, sizeof name, "%s with {%s} is %s", c->expr, c->in,
		         c->want == 1   ? "true"
		         : c->want == 0 ? "false"
		                        : "unknown");
		is_int(test_truth(test_eval(p, "a", c->in)), c->want, name);
		char bname[340];
		snprintf(bname, sizeof bname, "%s (batch)", name);
		is_int(test_truth(test_eval_batch(p, "a", c->in)), c->want, bname);
		rule_free(p);
	}
}

/* ---- bands and edges ---- */

struct band_case {
	const char *in;
	double lo, hi; /* expected points */
};

static void check_bands(const char *src, const struct band_case *cases, size_t n, const char *what)
{
	struct rule_program *p = test_compile(src);
	ok(p != NULL, "%s compiles", what);
	if (!p)
		return;
	for (size_t i = 0; i < n; i++) {
		struct rule_ival v = test_eval(p, "i", cases[i].in);
		ok(v.lo == cases[i].lo && v.hi == cases[i].hi,
		   "%s: {%s} -> [%g, %g] (got [%g, %g])", what, cases[i].in, cases[i].lo,
		   cases[i].hi, v.lo, v.hi);
		v = test_eval_batch(p, "i", cases[i].in);
		ok(v.lo == cases[i].lo && v.hi == cases[i].hi,
		   "%s, batch: {%s} -> [%g, %g] (got [%g, %g])", what, cases[i].in, cases[i].lo,
		   cases[i].hi, v.lo, v.hi);
	}
	rule_free(p);
}

static void test_bands(void)
{
	/* default edges "[)": a cut belongs to the band above it */
	static const struct band_case ge[] = {
	    {"n=80", 5, 5}, {"n=79", 3, 3},    {"n=70", 3, 3},   {"n=69", 1, 1}, {"n=60", 1, 1},
	    {"n=59", 0, 0}, {"n=-1000", 0, 0}, {"n=1000", 5, 5}, {"", 0, 5}, /* missing: any band */
	};
	check_bands(
	    "indicator i \"i\" max 5 = bands n { 80 ~ : 5, 70 ~ 80 : 3, 60 ~ 70 : 1, ~ 60 : 0 }",
	    ge, sizeof ge / sizeof ge[0], "edges [)");
	/* edges "(]" on the file: a cut belongs to the band below */
	static const struct band_case gt[] = {
	    {"n=80", 3, 3}, {"n=81", 5, 5}, {"n=70", 1, 1}, {"n=71", 3, 3},
	    {"n=60", 0, 0}, {"n=61", 1, 1}, {"", 0, 5},
	};
	check_bands(
	    "criteria \"c\" edges \"(]\"\n"
	    "indicator i \"i\" max 5 = bands n { 80 ~ : 5, 70 ~ 80 : 3, 60 ~ 70 : 1, ~ 60 : 0 }",
	    gt, sizeof gt / sizeof gt[0], "file edges (]");
	/* per indicator and per bands overrides */
	check_bands("indicator i \"i\" max 5 edges \"(]\" = bands n { 80 ~ : 5, 70 ~ 80 : 3, 60 ~ "
	            "70 : 1, ~ 60 : 0 }",
	            gt, sizeof gt / sizeof gt[0], "indicator edges (]");
	check_bands("criteria \"c\" edges \"(]\"\n"
	            "indicator i \"i\" max 5 = bands n edges \"[)\" { 80 ~ : 5, 70 ~ 80 : 3, 60 ~ "
	            "70 : 1, ~ 60 : 0 }",
	            ge, sizeof ge / sizeof ge[0], "bands edges [) over the file's (]");
	/* a decreasing table written low to high, and rows in any order */
	static const struct band_case debt[] = {
	    {"x=49 y=100", 5, 5}, {"x=50 y=100", 3, 3}, {"x=59 y=100", 3, 3}, {"x=60 y=100", 1, 1},
	    {"x=69 y=100", 1, 1}, {"x=70 y=100", 0, 0}, {"y=100", 0, 5},      {"x=50 y=0", 0, 5},
	};
	check_bands("indicator i \"i\" max 5 = bands x / y { 70% ~ : 0, ~ 50% : 5, 60% ~ 70% : 1, "
	            "50% ~ 60% : 3 }",
	            debt, sizeof debt / sizeof debt[0], "decreasing table");
	/* an interval value spanning some bands gives the hull of their points */
	static const struct band_case part[] = {
	    {"x=20000 y=0", 2, 2},
	    {"x=20000", 2, 3},
	    {"", 0, 3},
	    {"x=5000", 0, 3},
	};
	check_bands("indicator i \"i\" max 5 = bands x + y { ~ 1万元 : 0, 1万元 ~ 2万元 : 1, 2万元 "
	            "~ 3万元 : 2, 3万元 ~ : 3 }",
	            part, sizeof part / sizeof part[0], "partly known value");
	/* decreasing and non-monotone points over partly known values: the
	 * bounds' bands, or the hull of every band between them */
	static const struct band_case down[] = {
	    {"x=15000", 1, 2},    {"x=25000", 1, 1}, {"x=5000", 1, 3},
	    {"x=5000 y=0", 3, 3}, {"", 1, 3},
	};
	check_bands("indicator i \"i\" max 5 = bands x + y { ~ 1万元 : 3, 1万元 ~ 2万元 : 2, 2万元 "
	            "~ : 1 }",
	            down, sizeof down / sizeof down[0], "decreasing points, partly known value");
	static const struct band_case zigzag[] = {
	    {"x=15000", 2, 5},     {"x=25000", 2, 2}, {"x=5000", 0, 5},
	    {"x=15000 y=0", 5, 5}, {"", 0, 5},
	};
	check_bands("indicator i \"i\" max 5 = bands x + y { ~ 1万元 : 0, 1万元 ~ 2万元 : 5, 2万元 "
	            "~ : 2 }",
	            zigzag, sizeof zigzag / sizeof zigzag[0],
	            "non-monotone points, partly known value");
	static const struct band_case part2[] = {{"x=25000", 2, 3}};
	check_bands("indicator i \"i\" max 5 = bands x + y { ~ 1万元 : 0, 1万元 ~ 2万元 : 1, 2万元 "
	            "~ 3万元 : 2, 3万元 ~ : 3 }",
	            part2, 1, "x + missing y from 2.5万元: bands 2 and 3");
	static const struct band_case growth[] = {
	    {"x=1150 x@-1=1000", 20, 20},
	    {"x=1149 x@-1=1000", 15, 15},
	    {"x=1100 x@-1=1000", 15, 15},
	    {"x=1099 x@-1=1000", 10, 10},
	};
	check_bands("indicator i \"i\" max 20 = bands x / x@-1 - 1 { 15% ~ : 20, 10% ~ 15% : 15, ~ "
	            "10% : 10 }",
	            growth, sizeof growth / sizeof growth[0],
	            "a growth of exactly 15% is in the 15% band");
	/* bands with values that are expressions (a chain of ifs) */
	static const struct band_case arms[] = {
	    {"x=20000 n=7", 7, 7},
	    {"x=19999 n=7", 8, 8},
	    {"x=9999 n=7", 9, 9},
	    {"n=7", 7, 9},
	    {"x=20000", -INFINITY, INFINITY},
	};
	check_bands("indicator i \"i\" max 100 = bands x { 2万元 ~ : n, 1万元 ~ 2万元 : n + 1, ~ "
	            "1万元 : n + 2 }",
	            arms, 3, "bands with expression values");
	/* cases on one value with constant results (one table instruction) */
	static const struct band_case cases1[] = {
	    {"n=4", 10, 10}, {"n=3", 4, 4},  {"n=2", 4, 4}, {"n=1", 1, 1},
	    {"n=-6", 7, 7},  {"n=-5", 1, 1}, {"", 1, 10},
	};
	check_bands(
	    "indicator i \"i\" max 10 = cases { n == 4 : 10, n >= 2 : 4, n < -5 : 7, else : 1 }",
	    cases1, sizeof cases1 / sizeof cases1[0], "cases on one value");
	static const struct band_case cases_ne[] = {
	    {"n=3", 2, 2}, {"n=4", 5, 5}, {"n=101", 5, 5}, {"", 2, 9}};
	check_bands("indicator i \"i\" max 10 = cases { n != 3 : 5, n > 100 : 9, else : 2 }",
	            cases_ne, sizeof cases_ne / sizeof cases_ne[0], "cases with !=");
	static const struct band_case cases_part[] = {
	    {"x=15000", 3, 5},
	    {"x=25000", 5, 5},
	    {"x=5000", 0, 5},
	    {"x=5000 y=0", 0, 0},
	};
	check_bands(
	    "indicator i \"i\" max 10 = cases { x + y >= 2万元 : 5, x + y >= 1万元 : 3, else : 0 }",
	    cases_part, sizeof cases_part / sizeof cases_part[0], "cases on a partly known value");
	static const struct band_case arms_missing[] = {{"n=7", 7, 9}, {"x=20000", 0, 100}};
	check_bands("indicator i \"i\" max 100 = bands x { 2万元 ~ : n, 1万元 ~ 2万元 : n + 1, ~ "
	            "1万元 : n + 2 }",
	            arms_missing, 2,
	            "bands with expression values, missing parts (capped to [0, max])");
}

/* ---- items, groups, scores ---- */

static const char *scored =
    "group ga \"甲组\" max 10 min 6\n"
    "group gb \"乙组\" max 5\n"
    "indicator i1 \"指标一\" group ga max 8 = bands n { ~ 1 : 0, 1 ~ 2 : 4, 2 ~ : 8 }\n"
    "indicator i2 \"指标二\" group ga max 5 = if f then 5 else 0\n"
    "indicator i3 \"指标三\" group gb max 10 = n * 3\n"
    "indicator i4 \"不分组\" max 2 = if g then 2 else 0\n"
    "require r \"要求\" = x >= 1万元\n"
    "route d \"直通\" = y >= 5万元\n"
    "pass = requirements and (routes or (score >= 12 and minimums))\n";

static void test_scores(void)
{
	struct rule_program *p = test_compile(scored);
	ok(p != NULL, "scored program compiles");
	if (!p)
		return;
	struct rule_ival v;
	v = test_eval(p, "ga", "n=2 f=1");
	ok(v.lo == 10 && v.hi == 10, "group capped: 8 + 5 -> 10");
	v = test_eval(p, "i3", "n=2");
	ok(v.lo == 6 && v.hi == 6, "indicator cap applies: n*3 = 6 within 10");
	v = test_eval(p, "i3", "n=4");
	ok(v.lo == 10 && v.hi == 10, "indicator cap: 12 -> 10");
	v = test_eval(p, "i3", "n=-1");
	ok(v.lo == 0 && v.hi == 0, "points never below 0");
	v = test_eval(p, "gb", "n=4");
	ok(v.lo == 5 && v.hi == 5, "group cap 5");
	v = test_eval(p, "score", "n=2 f=1 g=1");
	ok(v.lo == 17 && v.hi == 17, "score: ga 10 + gb 5 + ungrouped 2 = 17");
	v = test_eval(p, "score", "n=2 g=1");
	ok(v.lo == 15 && v.hi == 17,
	   "score with f missing: ga [8, 10] + 5 + 2 = [15, 17] (got [%g, %g])", v.lo, v.hi);
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=2 f=1")), 1,
	       "pass: requirement met, score 15 >= 12, ga 10 >= 6 (g missing costs nothing)");
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=2 g=0")), 1,
	       "pass: score is at least 12 whatever f is, ga at least 8");
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=1 f=0 g=1 y=0")), 0,
	       "fail: ga 4 < min 6, no route");
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=1 f=0 g=1")), -1,
	       "the same with the route's figure missing: insufficient");
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=1 f=0 g=1 y=50000")), 1,
	       "the route passes regardless of score");
	is_int(test_truth(test_eval(p, "pass", "x=10000 n=1 g=1")), -1,
	       "ga is 4 or 9: the minimum decides on f, which is missing");
	is_int(test_truth(test_eval(p, "pass", "n=2 f=1")), -1,
	       "requirement unknown (x missing), route unknown: insufficient");
	is_int(test_truth(test_eval(p, "pass", "x=9999 n=2 f=1 y=50000")), 0,
	       "requirement not met: fail even with a route");
	is_int(test_truth(test_eval(p, "minimums", "n=2")), -9, "minimums is not an item");
	rule_free(p);

	p = test_compile("require a \"a\" = f\nrequire b \"b\" = g\n");
	ok(p && test_truth(test_eval(p, "pass", "f=1 g=1")) == 1 &&
	       test_truth(test_eval(p, "pass", "f=1 g=0")) == 0 &&
	       test_truth(test_eval(p, "pass", "f=1")) == -1,
	   "without a pass declaration, pass = all requirements");
	rule_free(p);
}

/* ---- parameters ---- */

static void test_params(void)
{
	const char *src = "param t \"门槛\" = 100万元\nparam on \"开关\" = false\n"
	                  "require a \"a\" = x >= t or on\n";
	struct rule_program *p = test_compile(src);
	ok(p && test_truth(test_eval(p, "a", "x=1000000")) == 1 &&
	       test_truth(test_eval(p, "a", "x=999999")) == 0,
	   "param default 100万元 = 1000000 元");
	rule_free(p);
	struct rule_param over[] = {{"t", 50}, {"on", 0}};
	p = test_compile_p(src, over, 2);
	ok(p && test_truth(test_eval(p, "a", "x=500000")) == 1 &&
	       test_truth(test_eval(p, "a", "x=499999")) == 0,
	   "host override in 万元: 50 -> 500000 元");
	rule_free(p);
	struct rule_param on[] = {{"on", 1}};
	p = test_compile_p(src, on, 1);
	ok(p && test_truth(test_eval(p, "a", "")) == 1, "a true switch decides without data");
	ok(p && rule_input_count(p) == 0, "and the data is no longer read (%zu inputs)",
	   p ? rule_input_count(p) : 99);
	rule_free(p);
	/* a param as a period count */
	p = test_compile("param years = 2\nrequire a \"a\" = all_over(f, years)\n");
	ok(p && test_truth(test_eval(p, "a", "f=1 f@-1=1")) == 1 &&
	       test_truth(test_eval(p, "a", "f=1 f@-1=0")) == 0,
	   "param as a period count");
	rule_free(p);
	struct rule_param bad[] = {{"years", 2.5}};
	struct rule_host h = test_host(bad, 1);
	struct rule_error e;
	const char *s2 = "param years = 2\nrequire a \"a\" = all_over(f, years)\n";
	is_int(rule_compile(&h, "t.zc", s2, strlen(s2), &p, &e), APP_EINVAL,
	       "a fractional period count from the host is refused");
}

/* ---- explanation ---- */

static void test_explain(void)
{
	const char *src =
	    "def ratio \"研发费用占营业收入比重\" unit \"%\" = x / y\n"
	    "require r \"研发投入\" = x >= 100万元 and ratio >= 3%\n"
	    "require e \"两年\" = all_over(ratio >= 3%, 2)\n"
	    "indicator i \"比重得分\" max 5 = bands ratio { 5% ~ : 5, 3% ~ 5% : 3, ~ 3% : 0 }\n";
	struct rule_program *p = test_compile(src);
	ok(p != NULL, "explain program compiles");
	if (!p)
		return;
	int64_t v[16];
	bool has[16];
	/* 73.2万元 of 3050万元 = 2.40% */
	test_inputs(p, "x=732000 y=30500000 x@-1=1000000 y@-1=20000000", v, has);
	struct rule_trace *t = rule_trace_new(p);
	rule_eval_one(p, v, has, 2024, t);
	struct rule_term terms[8];
	size_t n = rule_explain(p, t, (size_t)rule_item_find(p, "r"), terms, 8);
	is_int((long)n, 2, "two comparisons in r");
	ok(terms[0].kind == RULE_TERM_CMP && terms[0].cmp == RULE_GE && terms[0].truth == 0,
	   "x >= 100万元 fails");
	is_str(terms[0].lhs.label, "甲金额", "lhs label of a symbol");
	is_dbl(terms[0].lhs.v.lo, 73.2, 1e-9, "money reported in 万元");
	is_str(terms[0].rhs.text, "100万元", "threshold as written");
	ok(terms[0].rhs.constant, "threshold is a constant");
	is_str(terms[1].lhs.label, "研发费用占营业收入比重", "lhs label of a def");
	ok(terms[1].lhs.percent, "ratio shown as percent");
	ok(terms[1].lhs.ratio, "ratio of two money values");
	is_dbl(terms[1].lhs.num.lo, 73.2, 1e-9, "numerator in 万元");
	is_dbl(terms[1].lhs.den.lo, 3050, 1e-9, "denominator in 万元");
	is_dbl(terms[1].lhs.v.lo, 0.024, 1e-12, "ratio value");
	n = rule_explain(p, t, (size_t)rule_item_find(p, "e"), terms, 8);
	is_int((long)n, 2, "all_over(.., 2) explains both years");
	ok(n == 2 && terms[0].lhs.offset == 0 && terms[1].lhs.offset == -1 && terms[1].truth == 1,
	   "with their period offsets (5%% in the year before)");
	n = rule_explain(p, t, (size_t)rule_item_find(p, "i"), terms, 8);
	ok(n == 1 && terms[0].kind == RULE_TERM_BAND && strcmp(terms[0].band, "< 3%") == 0 &&
	       terms[0].points.lo == 0,
	   "indicator explained by its band (%s)", n ? terms[0].band : "");
	size_t miss[8];
	is_int((long)rule_missing(p, t, (size_t)rule_item_find(p, "r"), miss, 8), 0,
	       "nothing missing");
	/* now with y missing: r unknown because of y only (x decides nothing alone) */
	test_inputs(p, "x=2000000 x@-1=1000000 y@-1=20000000", v, has);
	rule_eval_one(p, v, has, 2024, t);
	size_t k = rule_missing(p, t, (size_t)rule_item_find(p, "r"), miss, 8);
	ok(k == 1 && test_syms[rule_input(p, miss[0]).sym].name[0] == 'y' &&
	       rule_input(p, miss[0]).offset == 0,
	   "r names y (this year) as missing");
	is_int(test_truth(rule_trace_item(t, (size_t)rule_item_find(p, "r"))), -1, "r is unknown");
	/* x below the threshold: r is false, nothing is "missing" for it */
	test_inputs(p, "x=10 x@-1=1000000 y@-1=20000000", v, has);
	rule_eval_one(p, v, has, 2024, t);
	is_int(test_truth(rule_trace_item(t, (size_t)rule_item_find(p, "r"))), 0,
	       "false and unknown = false");
	is_int((long)rule_missing(p, t, (size_t)rule_item_find(p, "r"), miss, 8), 0,
	       "a decided result needs nothing");
	rule_trace_free(t);
	char dump[8192];
	rule_dump(p, dump, sizeof dump);
	ok(strstr(dump, "div") && strstr(dump, "band"), "dump lists the code");
	rule_free(p);
}

/* ---- the compiler's work ---- */

static void test_folding(void)
{
	struct rule_program *p = test_compile("require a \"a\" = 1 + 2 * 3 == 7 and (5 > 4 or f)");
	ok(p && rule_input_count(p) == 0 && test_truth(test_eval(p, "a", "")) == 1,
	   "constants fold, and `true or f` does not read f");
	rule_free(p);
	p = test_compile("def r = x / y\nrequire a \"a\" = r >= 3%\nrequire b \"b\" = r < 10%");
	ok(p && rule_input_count(p) == 2, "a def used twice reads its inputs once");
	rule_free(p);
	p = test_compile(
	    "param geo = false\n"
	    "def gr = if geo then sqrt(x / x@-2) - 1 else (x / x@-1 + x@-1 / x@-2) / 2 - 1\n"
	    "require a \"a\" = gr >= 5%");
	ok(p && rule_input_count(p) == 3, "the branch a false param switches off is removed");
	ok(p && test_truth(test_eval(p, "a", "x=121 x@-1=110 x@-2=100")) == 1,
	   "arithmetic mean of 10%% and 10%% growth >= 5%%");
	rule_free(p);
	struct rule_param geo[] = {{"geo", 1}};
	/* x grows 4-fold over two years, all in the second: arithmetic mean of
	 * 300%% and 0%% is 150%%, geometric sqrt(4) - 1 = 100%% */
	const char *g2 =
	    "param geo = false\n"
	    "def gr = if geo then sqrt(x / x@-2) - 1 else (x / x@-1 + x@-1 / x@-2) / 2 - 1\n"
	    "require a \"a\" = gr >= 120%";
	p = test_compile(g2);
	ok(p && test_truth(test_eval(p, "a", "x=4 x@-1=1 x@-2=1")) == 1,
	   "arithmetic: 150%% >= 120%%");
	rule_free(p);
	p = test_compile_p(g2, geo, 1);
	ok(p && test_truth(test_eval(p, "a", "x=4 x@-1=1 x@-2=1")) == 0,
	   "geometric: 100%% < 120%%");
	ok(p && rule_input_count(p) == 2, "geometric reads two years only");
	rule_free(p);
}

/* ---- batch against one firm at a time ---- */

static const char *batch_src =
    "def ratio \"比重\" unit \"%\" = x / y\n"
    "group ga \"甲组\" max 10 min 3\n"
    "indicator i1 \"一\" group ga max 6 = bands ratio { ~ 1% : 0, 1% ~ 3% : 2, 3% ~ 6% : 4, 6% ~ : "
    "6 }\n"
    "indicator i2 \"二\" group ga max 4 = cases { lv == 4 : 4, lv >= 2 : 2, else : 0 }\n"
    "indicator i3 \"三\" max 5 = min(floor((year - since + 1年) / 2年), 5)\n"
    "indicator i4 \"四\" max 3 = if pct >= 10% and (f or g) then 3 else 1\n"
    "require r1 \"r1\" = x >= 100万元 and ratio >= 3%\n"
    "require r2 \"r2\" = y >= 1000万元 or sum_over(x, 2) >= 300万元\n"
    "require r3 \"r3\" = n in {1, 2, 3} or abs(n) > 10 or sqrt(q / p) > 0.5\n"
    "route d1 \"d1\" = any_over(f, 3)\n"
    "route d2 \"d2\" = mean_over(x / y, 2) >= 8% and (x - x@-1) / x@-1 > -50%\n"
    "pass = requirements and (score >= 8 or routes) and minimums\n";

static int64_t rnd_value(struct rng *r, int sym)
{
	switch (sym) {
	case 0: /* x: 0 .. 5000万元 in 元, sometimes 0 */
		return rng_below(r, 10) == 0 ? 0 : (int64_t)rng_below(r, 50000000);
	case 1: /* y */
		return rng_below(r, 20) == 0 ? 0 : (int64_t)rng_below(r, 200000000);
	case 2:
		return (int64_t)rng_below(r, 30) - 15;
	case 3:
	case 4:
		return (int64_t)rng_below(r, 200);
	case 5:
		return (int64_t)rng_below(r, 3000);
	case 6:
		return (int64_t)rng_below(r, 5);
	case 7:
	case 8:
		return (int64_t)rng_below(r, 2);
	case 9:
		return 2000 + (int64_t)rng_below(r, 30);
	default:
		return 0;
	}
}

static void test_batch(void)
{
	struct rule_program *p = test_compile(batch_src);
	ok(p != NULL, "batch program compiles");
	if (!p)
		return;
	size_t ni = rule_input_count(p), nitems = rule_item_count(p);
	static const size_t sizes[] = {1, 63, 255, 256, 257, 1000};
	struct rng r;
	rng_seed(&r, 7);
	for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
		size_t n = sizes[si], words = (n + 63) / 64;
		int64_t **vals = calloc(ni, sizeof *vals);
		uint64_t **bits = calloc(ni, sizeof *bits);
		struct rule_column *cols = calloc(ni, sizeof *cols);
		for (size_t i = 0; i < ni; i++) {
			vals[i] = calloc(n, sizeof **vals);
			bits[i] = calloc(words, sizeof **bits);
			for (size_t k = 0; k < n; k++) {
				vals[i][k] = rnd_value(&r, rule_input(p, i).sym);
				if (rng_below(&r, 8) != 0)
					bits[i][k / 64] |= (uint64_t)1 << (k % 64);
			}
			cols[i] = (struct rule_column){vals[i], bits[i]};
		}
		size_t *items = calloc(nitems, sizeof *items);
		struct rule_ival **out = calloc(nitems, sizeof *out);
		for (size_t j = 0; j < nitems; j++) {
			items[j] = j;
			out[j] = calloc(n, sizeof **out);
		}
		is_int(rule_eval_batch(p, cols, n, 2024, items, nitems, out), APP_OK, "batch runs");
		struct rule_trace *t = rule_trace_new(p);
		size_t bad = 0, unknown = 0;
		for (size_t k = 0; k < n; k++) {
			int64_t v[32];
			bool has[32];
			for (size_t i = 0; i < ni; i++) {
				v[i] = vals[i][k];
				has[i] = (bits[i][k / 64] >> (k % 64)) & 1;
			}
			rule_eval_one(p, v, has, 2024, t);
			for (size_t j = 0; j < nitems; j++) {
				struct rule_ival a = rule_trace_item(t, j), b = out[j][k];
				if (memcmp(&a, &b, sizeof a) != 0)
					bad++;
			}
			unknown += test_truth(rule_trace_item(t, nitems - 1)) == -1;
		}
		is_int((long)bad, 0, "batch of n gives every item exactly as one firm at a time");
		if (n == 1000)
			ok(unknown > 0 && unknown < n, "the data exercises unknowns (%zu of %zu)",
			   unknown, n);
		rule_trace_free(t);
		for (size_t i = 0; i < ni; i++) {
			free(vals[i]);
			free(bits[i]);
		}
		for (size_t j = 0; j < nitems; j++)
			free(out[j]);
		free(vals);
		free(bits);
		free(cols);
		free(items);
		free(out);
	}
	/* an all-missing column and an all-present one */
	struct rule_column *cols = calloc(ni, sizeof *cols);
	size_t it = (size_t)rule_item_find(p, "pass");
	struct rule_ival res[3], *outp = res;
	is_int(rule_eval_batch(p, cols, 3, 2024, &it, 1, &outp), APP_OK, "all columns missing");
	ok(res[0].lo == 0 && res[0].hi == 1, "all missing: pass unknown");
	size_t bad_item = 999;
	is_int(rule_eval_batch(p, cols, 3, 2024, &bad_item, 1, &outp), APP_EINVAL,
	       "an item out of range is refused");
	free(cols);
	rule_free(p);
}

int main(void)
{
	test_truth_tables();
	test_bands();
	test_scores();
	test_params();
	test_explain();
	test_folding();
	test_batch();
	return test_done();
}
