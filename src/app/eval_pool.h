/* eval_pool.h - criteria over many firms at once: the firms of a filter
 * loaded once as columns and evaluated in batches (core/criteria.h
 * criteria_eval_batch), for the comparison of two criteria versions
 * (simulate) and the firms closest to qualifying (gaps).
 *
 * A batch gives exactly the verdicts and scores that evaluating each firm
 * with eval_firm_run gives (the engine checks its two paths bit for bit;
 * tests/unit/t_eval_pool.c checks the loading). Over the demo city of 5,000
 * firms loading takes a few tens of milliseconds and each criteria about a
 * millisecond, so both answers stay interactive.
 *
 * Memory: the pool holds, per firm, its identity (USCC, name, reporting
 * unit, industry) and one int64 plus a presence bit per column that the
 * given criteria read (at most ANNUAL_KEY_COUNT x CRITERIA_YEARS + CF_COUNT
 * columns): O(firms), about 0.5 KB a firm for srdi-2022. */
#ifndef ZJTX_EVAL_POOL_H
#define ZJTX_EVAL_POOL_H

#include <jansson.h>

#include "app/evaluate.h"

struct eval_pool_firm {
	char uscc[USCC_LEN + 1];
	const char *name; /* in the pool's arena */
	char unit[8];     /* reporting unit: the zone if any, else the district */
	char industry[6];
};

struct eval_pool {
	int year;
	size_t n;
	struct eval_pool_firm *firms; /* in the store's list order (USCC) */
	struct criteria_columns cols; /* the columns of n firms (unread ones all missing) */
	/* storage (private) */
	size_t cap;
	int64_t *store_v[ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT];
	uint64_t *store_has[ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT];
	bool need[ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT];
	struct arena names;
};

/* Loads every firm matching f (NULL = all; page members ignored) with the
 * figures of `year` and the CRITERIA_YEARS - 1 years before, filling the
 * columns that the criteria cs[0..ncs-1] read (ncs == 0: every column) and
 * the fixed fields (size class as eval_load_firm computes it, re-review 0).
 * Free with eval_pool_free (also after an error). */
enum app_status eval_pool_load(struct store *s, const struct store_filter *f, int year,
                               const struct criteria *const *cs, size_t ncs, struct eval_pool *out,
                               struct app_err *err);
void eval_pool_free(struct eval_pool *p);

/* A pool filled by the caller: eval_pool_init makes an empty pool for
 * `year` reading the columns of cs[0..ncs-1] (ncs == 0: every column);
 * eval_pool_add appends one firm (its identity from ent, its inputs from
 * in, read for the pool's year as criteria_eval reads them), keeping
 * p->cols valid for the firms added so far. Free with eval_pool_free. */
void eval_pool_init(struct eval_pool *p, int year, const struct criteria *const *cs, size_t ncs);
void eval_pool_add(struct eval_pool *p, const struct enterprise *ent,
                   const struct criteria_firm *in);

/* ---- simulate ---- */

enum eval_change { EVAL_SAME = 0, EVAL_GAIN, EVAL_LOSE };

struct eval_sim_row {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8]; /* reporting unit (district or zone) */
	char industry[6];
	enum criteria_verdict base, next;
	double base_score, next_score;
};

struct eval_sim_total {
	char key[8]; /* unit code or industry division ("C36") */
	long firms, pass_base, pass_next, gain, lose;
};

struct eval_sim {
	long firms, pass_base, pass_next, gain, lose;
	struct eval_sim_row *changed; /* firms whose verdict changed, gains first */
	size_t nchanged;
	struct eval_sim_total *by_unit, *by_industry; /* by code */
	size_t nunit, nindustry;
};

/* Evaluates every firm of f under base and next (in batch). Free with
 * eval_sim_free (also after an error). */
enum app_status eval_simulate(struct store *s, const struct criteria *base,
                              const struct criteria *next, const struct store_filter *f, int year,
                              struct eval_sim *out, struct app_err *err);
void eval_sim_free(struct eval_sim *sim);
enum eval_change eval_change_of(enum criteria_verdict base, enum criteria_verdict next);

/* The JSON of `zjtx simulate --format json` and POST /criteria/simulate:
 * {base, criteria, year, firms, pass_base, pass_new, gain, lose,
 *  by_district: [{key, name, firms, pass_base, pass_new, gain, lose}],
 *  by_industry: [...the same, key "C36"...],
 *  changed: [{uscc, name, district, district_name, industry, change: "gain"|"lose", base, new,
 *             base_score, new_score}]}. base_name and next_name label the two versions. */
json_t *eval_sim_json(const struct eval_sim *sim, const char *base_name, const char *next_name,
                      int year);

/* ---- gaps ---- */

struct eval_gap {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8];
	enum criteria_verdict verdict;
	double score, score_max;
	int unmet;        /* hard requirements not met */
	int unknown;      /* requirements that need missing data */
	char lacks[1024]; /* what it lacks: each unmet or unknown requirement with its gap,
	                     then the pass rule's own shortfalls ("总分 59 < 60:差 1") */
};

/* The firms of f that do not pass, closest first: fewest unmet hard
 * requirements, then the highest score, then fewer unknowns, then USCC.
 * At most top (0 = all) are returned in *out (caller frees); only those
 * are explained one by one (for `lacks`). */
enum app_status eval_gaps(struct store *s, const struct criteria *c, const struct store_filter *f,
                          int year, size_t top, struct eval_gap **out, size_t *n,
                          struct app_err *err);

/* The JSON array of `zjtx gaps --format json` and GET /criteria/{name}/gaps:
 * [{uscc, name, district, district_name, verdict, score, score_max, unmet, unknown, lacks}]. */
json_t *eval_gaps_json(const struct eval_gap *g, size_t n);

#endif
