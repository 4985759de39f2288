/* rule_host.h - a small host symbol table and helpers shared by the rule
 * unit tests (t_rule_lang.c, t_rule_eval.c). Money is stored in 元
 * (money_exp10 = 4), so literals in 万元 are converted by the engine. */
#ifndef ZJTX_TEST_RULE_HOST_H
#define ZJTX_TEST_RULE_HOST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "rule/rule.h"

static const struct rule_symbol test_syms[] = {
    {"x", "甲金额", RULE_SERIES, RULE_NUMBER, RULE_MONEY, false, 2, 1, 0, INFINITY},
    {"y", "乙金额", RULE_SERIES, RULE_NUMBER, RULE_MONEY, false, 2, 1, 0, INFINITY},
    {"n", "丙数", RULE_SERIES, RULE_NUMBER, RULE_PLAIN, false, 2, 1, -INFINITY, INFINITY},
    {"p", "人数", RULE_SERIES, RULE_NUMBER, RULE_PERSONS, false, 0, 1, 0, INFINITY},
    {"q", "研发人数", RULE_SERIES, RULE_NUMBER, RULE_PERSONS, false, 0, 1, 0, INFINITY},
    {"pct", "占有率", RULE_SERIES, RULE_NUMBER, RULE_PLAIN, true, 0, 10000, 0, 1},
    {"lv", "等级", RULE_SERIES, RULE_LEVEL, RULE_PLAIN, false, 0, 1, 0, 4},
    {"f", "甲标志", RULE_SERIES, RULE_BOOL, RULE_PLAIN, false, 2, 1, 0, 1},
    {"g", "乙标志", RULE_SERIES, RULE_BOOL, RULE_PLAIN, false, 0, 1, 0, 1},
    {"since", "起始年", RULE_FIXED, RULE_NUMBER, RULE_YEARS, false, 0, 1, -INFINITY, INFINITY},
    {"year", "年度", RULE_PERIOD, RULE_NUMBER, RULE_YEARS, false, 0, 1, -INFINITY, INFINITY},
};
#define TEST_NSYMS (sizeof test_syms / sizeof test_syms[0])

static const char *test_include(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "lib") == 0)
		return "# a library\ndef dx \"甲差额\" = x - x@-1\nparam k \"系数\" = 2\n";
	if (strcmp(name, "bad") == 0)
		return "def ok = 1\ndef broken = x +\n";
	if (strcmp(name, "self") == 0)
		return "use \"self\"\ndef s1 = 1\n";
	return NULL;
}

static struct rule_host test_host(const struct rule_param *params, size_t nparams)
{
	struct rule_host h = {test_syms, TEST_NSYMS, test_include, NULL, params, nparams, 4};
	return h;
}

/* Compiles src; on failure prints the error as a TAP diagnostic and
 * returns NULL. */
static struct rule_program *test_compile_p(const char *src, const struct rule_param *params,
                                           size_t np)
{
	struct rule_host h = test_host(params, np);
	struct rule_program *p = NULL;
	struct rule_error e;
	if (rule_compile(&h, "t.zc", src, strlen(src), &p, &e) != APP_OK) {
		char b[800];
		rule_error_format(&e, b, sizeof b);
		printf("# compile error: %s\n", b);
		return NULL;
	}
	return p;
}

static struct rule_program *test_compile(const char *src)
{
	return test_compile_p(src, NULL, 0);
}

static int test_sym(const char *name, size_t n)
{
	for (size_t i = 0; i < TEST_NSYMS; i++)
		if (strlen(test_syms[i].name) == n && memcmp(test_syms[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

/* Fills v/has for the program's inputs from a spec such as
 * "x=50000 x@-1=30000 f=1": stored values (money in 元), missing if not
 * named. */
static void test_inputs(const struct rule_program *p, const char *spec, int64_t *v, bool *has)
{
	size_t ni = rule_input_count(p);
	for (size_t i = 0; i < ni; i++) {
		v[i] = 0;
		has[i] = false;
	}
	const char *s = spec;
	while (s && *s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *eq = strchr(s, '='), *end = strchr(s, ' ');
		if (!end)
			end = s + strlen(s);
		const char *at = memchr(s, '@', (size_t)(eq - s));
		int sym = test_sym(s, (size_t)((at ? at : eq) - s));
		long off = 0;
		if (at)
			str_to_int_range((struct strv){at + 1, (size_t)(eq - at - 1)}, -40, 0,
			                 &off);
		int64_t x = 0;
		str_to_i64((struct strv){eq + 1, (size_t)(end - eq - 1)}, &x);
		for (size_t i = 0; i < ni; i++) {
			struct rule_input in = rule_input(p, i);
			if (in.sym == sym && in.offset == (int)off) {
				v[i] = x;
				has[i] = true;
			}
		}
		s = end;
	}
}

/* Evaluates item `item` of p for the inputs in spec, in year 2024. */
static struct rule_ival test_eval(const struct rule_program *p, const char *item, const char *spec)
{
	int64_t v[64];
	bool has[64];
	test_inputs(p, spec, v, has);
	struct rule_trace *t = rule_trace_new(p);
	rule_eval_one(p, v, has, 2024, t);
	int k = rule_item_find(p, item);
	struct rule_ival r = k >= 0 ? rule_trace_item(t, (size_t)k) : (struct rule_ival){NAN, NAN};
	rule_trace_free(t);
	return r;
}

/* The same through the batch evaluator: 257 copies of the firm (full
 * blocks, the vectorised path, for any block size up to 256, and a tail of
 * one firm). Returns the first firm's value, or NaNs if any copy differs
 * from it. */
__attribute__((unused)) static struct rule_ival test_eval_batch(const struct rule_program *p,
                                                                const char *item, const char *spec)
{
	enum { NB = 257, NW = (NB + 63) / 64 };
	int64_t v[64];
	bool has[64];
	test_inputs(p, spec, v, has);
	size_t ni = rule_input_count(p);
	static int64_t vals[64][NB];
	static uint64_t bits[64][NW];
	struct rule_column cols[64];
	for (size_t i = 0; i < ni; i++) {
		for (size_t k = 0; k < NB; k++)
			vals[i][k] = v[i];
		for (size_t w = 0; w < NW; w++)
			bits[i][w] = !has[i] ? 0 : w < NB / 64 ? ~(uint64_t)0 : 1;
		cols[i] = (struct rule_column){vals[i], bits[i]};
	}
	int k = rule_item_find(p, item);
	struct rule_ival out[NB], *o = out, r = {NAN, NAN};
	size_t it = k >= 0 ? (size_t)k : 0;
	if (k < 0 || rule_eval_batch(p, cols, NB, 2024, &it, 1, &o) != APP_OK)
		return r;
	for (size_t j = 1; j < NB; j++)
		if (memcmp(&out[j], &out[0], sizeof out[0]) != 0)
			return r;
	return out[0];
}

/* 1 true, 0 false, -1 unknown, -9 not a bool. */
static int test_truth(struct rule_ival v)
{
	if (v.lo == 1 && v.hi == 1)
		return 1;
	if (v.lo == 0 && v.hi == 0)
		return 0;
	if (v.lo == 0 && v.hi == 1)
		return -1;
	return -9;
}

#endif
