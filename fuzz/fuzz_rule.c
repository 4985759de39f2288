/* fuzz_rule.c - libFuzzer target for the criteria language.
 *
 * The input is rule text; a hash of it seeds the random firms it is
 * evaluated on. A program that compiles
 * is evaluated over 300 firms (more than one batch block) with the batch
 * evaluator and one firm at a time; every item must agree bit for bit
 * (abort otherwise). One firm is also explained as a worksheet. The host
 * is the real one (criteria symbols, `use` of the built-in files).
 *
 * Build: see fuzz/README.md. Without libFuzzer, fuzz/replay.c runs the
 * corpus (make test). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/rng.h"
#include "core/criteria.h"

#define FIRMS 300

static int64_t pick(struct rng *r, const struct rule_symbol *s)
{
	static const int64_t special[] = {0,
	                                  1,
	                                  -1,
	                                  2,
	                                  3,
	                                  4,
	                                  50,
	                                  100,
	                                  500,
	                                  1000000,
	                                  -1000000,
	                                  100000000,
	                                  4503599627370495LL,
	                                  -4503599627370496LL,
	                                  INT64_MAX,
	                                  INT64_MIN + 1,
	                                  9007199254740993LL};
	switch (rng_below(r, 4)) {
	case 0:
		return special[rng_below(r, sizeof special / sizeof special[0])];
	case 1:
		return (int64_t)rng_below(r, 10);
	case 2:
		return s->scale != 1 ? (int64_t)rng_below(r, 20000) : (int64_t)rng_below(r, 100000);
	default:
		return (int64_t)rng_below(r, 20000000000ULL) - 1000000000;
	}
}

static void check_batch(const struct rule_program *p, struct rng *r)
{
	size_t ni = rule_input_count(p), nitems = rule_item_count(p);
	size_t nsyms;
	const struct rule_symbol *syms = criteria_symbols(&nsyms);
	int64_t *vals = calloc(ni * FIRMS + 1, sizeof *vals);
	uint64_t *bits = calloc(ni * ((FIRMS + 63) / 64) + 1, sizeof *bits);
	struct rule_column *cols = calloc(ni + 1, sizeof *cols);
	for (size_t i = 0; i < ni; i++) {
		const struct rule_symbol *s = &syms[rule_input(p, i).sym];
		uint64_t *b = bits + i * ((FIRMS + 63) / 64);
		for (size_t k = 0; k < FIRMS; k++) {
			vals[i * FIRMS + k] = pick(r, s);
			if (rng_below(r, 5) != 0)
				b[k / 64] |= (uint64_t)1 << (k % 64);
		}
		cols[i] = (struct rule_column){vals + i * FIRMS, b};
	}
	size_t *items = calloc(nitems + 1, sizeof *items);
	struct rule_ival **out = calloc(nitems + 1, sizeof *out);
	for (size_t j = 0; j < nitems; j++) {
		items[j] = j;
		out[j] = calloc(FIRMS, sizeof **out);
	}
	if (rule_eval_batch(p, cols, FIRMS, 2024, items, nitems, out) != APP_OK)
		abort();
	struct rule_trace *t = rule_trace_new(p);
	int64_t *v = calloc(ni + 1, sizeof *v);
	bool *has = calloc(ni + 1, sizeof *has);
	for (size_t k = 0; k < FIRMS; k++) {
		for (size_t i = 0; i < ni; i++) {
			v[i] = vals[i * FIRMS + k];
			has[i] = (bits[i * ((FIRMS + 63) / 64) + k / 64] >> (k % 64)) & 1;
		}
		rule_eval_one(p, v, has, 2024, t);
		for (size_t j = 0; j < nitems; j++) {
			struct rule_ival a = rule_trace_item(t, j), b = out[j][k];
			if (memcmp(&a, &b, sizeof a) != 0) {
				fprintf(
				    stderr,
				    "batch/one mismatch: firm %zu item %zu: [%g,%g] vs [%g,%g]\n",
				    k, j, b.lo, b.hi, a.lo, a.hi);
				abort();
			}
		}
		if (k < 3) {
			struct rule_term terms[16];
			size_t miss[16];
			for (size_t j = 0; j < nitems; j++) {
				rule_explain(p, t, j, terms, 16);
				rule_missing(p, t, j, miss, 16);
			}
		}
	}
	rule_trace_free(t);
	for (size_t j = 0; j < nitems; j++)
		free(out[j]);
	free(out);
	free(items);
	free(v);
	free(has);
	free(vals);
	free(bits);
	free(cols);
}

static void check_worksheet(const struct criteria *c, struct rng *r)
{
	struct enterprise ent;
	struct annual rows[CRITERIA_YEARS];
	memset(&ent, 0, sizeof ent);
	memset(rows, 0, sizeof rows);
	ent.niche_since = 2000 + (int)rng_below(r, 30);
	ent.emerging = (int)rng_below(r, 10);
	snprintf(ent.industry, sizeof ent.industry, "C%02d", (int)(10 + rng_below(r, 40)) % 100);
	for (int b = 0; b < CRITERIA_YEARS; b++) {
		rows[b].year = 2024 - b;
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
			if (rng_below(r, 4))
				annual_set(&rows[b], (enum annual_key)k,
				           (int64_t)rng_below(r, 2000000000) - 100000000);
	}
	struct criteria_firm f = {&ent, rows, CRITERIA_YEARS, (enum size_class)rng_below(r, 5),
	                          (int)rng_below(r, 3) - 1};
	struct criteria_result res;
	criteria_eval(c, &f, 2024, &res);
	struct buf b;
	buf_init(&b, 1 << 20);
	criteria_explain(c, &res, &ent, &b);
	buf_free(&b);
	criteria_result_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t seed = 1469598103934665603ull;
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 1099511628211ull;
	size_t n = size;
	struct criteria *c = NULL;
	struct rule_error e;
	if (criteria_compile("fuzz.zc", (const char *)data, n, NULL, 0, &c, &e) != APP_OK) {
		char msg[800];
		rule_error_format(&e, msg, sizeof msg);
		if (e.line < 0 || e.col < 0 || !e.message[0])
			abort(); /* every error has a message and a sane place */
		return 0;
	}
	const struct rule_program *p = criteria_program(c);
	char *dump = malloc(1 << 16);
	rule_dump(p, dump, 1 << 16);
	free(dump);
	struct rng r;
	rng_seed(&r, seed);
	check_batch(p, &r);
	check_worksheet(c, &r);
	criteria_free(c);
	return 0;
}
