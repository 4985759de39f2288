/* evaluate.h - running criteria over the pool: one firm with its
 * explanation, every firm of a filter, a comparison of two criteria
 * versions (simulate), and the firms closest to qualifying (gaps).
 *
 * Data comes from the store: the firm's record, its annual rows for the
 * evaluation year and the CRITERIA_YEARS - 1 years before, and its SME size
 * class from the figures of the evaluation year (or the latest year before
 * it that has them). `year` is the fiscal year the criteria call 上年度. */
#ifndef ZJTX_EVALUATE_H
#define ZJTX_EVALUATE_H

#include <jansson.h>

#include "core/criteria.h"
#include "store/store.h"

struct eval_firm {
	struct enterprise ent;
	struct annual rows[CRITERIA_YEARS];
	size_t nrows;
	enum size_class size;
};

/* Loads a built-in criteria file by name, or a file by path (anything with
 * a '/' or ending in .zc). Compile errors come back as "FILE:LINE:COL:
 * message" in err->msg with APP_EINVAL. */
enum app_status eval_load_criteria(const char *name_or_path, struct criteria **out,
				   struct app_err *err);

/* Loads one firm. APP_ENOTFOUND if it is not in the pool. */
enum app_status eval_load_firm(struct store *s, const char *uscc, int year, struct eval_firm *out,
			       struct app_err *err);

/* Calls cb with every firm matching f (page honoured), data loaded. A
 * non-zero return from cb stops. */
typedef int (*eval_firm_cb)(void *ctx, const struct eval_firm *f);
enum app_status eval_each_firm(struct store *s, const struct store_filter *f, int year,
			       eval_firm_cb cb, void *ctx, struct app_err *err);

/* Evaluates f (r zeroed or freed before). */
void eval_firm_run(const struct criteria *c, const struct eval_firm *f, int year,
		   struct criteria_result *r);

/* The JSON object of `zjtx evaluate --format json`:
 * {uscc, name, district, criteria, year, verdict, score, score_max, groups:[{label, score, max}],
 *  requirements:[{label, clause, kind, met, actual, threshold, gap}],
 *  indicators:[{label, band, points, max}] (when explain), missing:[keys], text (when explain)}.
 * met is true, false or null (unknown). */
json_t *eval_result_json(const struct criteria *c, const struct eval_firm *f,
			 const struct criteria_result *r, bool explain);

/* ---- simulate ---- */

enum eval_change { EVAL_SAME = 0, EVAL_GAIN, EVAL_LOSE };

struct eval_sim_row {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8];     /* reporting unit (district or zone) */
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
	struct eval_sim_total *by_unit, *by_industry;
	size_t nunit, nindustry;
};

/* Evaluates every firm of f under base and next. Free with
 * eval_sim_free. */
enum app_status eval_simulate(struct store *s, const struct criteria *base,
			      const struct criteria *next, const struct store_filter *f, int year,
			      struct eval_sim *out, struct app_err *err);
void eval_sim_free(struct eval_sim *sim);
enum eval_change eval_change_of(enum criteria_verdict base, enum criteria_verdict next);

/* ---- gaps ---- */

struct eval_gap {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8];
	enum criteria_verdict verdict;
	double score, score_max;
	int unmet;        /* hard requirements not met */
	int unknown;      /* requirements that need missing data */
	char lacks[1024]; /* what it lacks, Chinese: "研发费用…差 …;评分…" */
};

/* The firms of f that do not pass, closest first: fewest unmet hard
 * requirements, then the highest score, then fewer unknowns. At most top
 * (0 = all) are returned in *out (caller frees). */
enum app_status eval_gaps(struct store *s, const struct criteria *c, const struct store_filter *f,
			  int year, size_t top, struct eval_gap **out, size_t *n, struct app_err *err);

#endif
