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

/* The built-in criteria file `name`, compiled on first use and shared for
 * the life of the process (a compiled program is immutable and may be used
 * by many threads at once; never free it). NULL if there is no such
 * built-in: APP_ENOTFOUND in err, naming it. */
const struct criteria *eval_builtin(const char *name, struct app_err *err);

/* The tier a criteria file recognises, from its name: "innovative-…" →
 * TIER_INNOVATIVE, "srdi-…" → TIER_SRDI, "little-giant-…" →
 * TIER_LITTLE_GIANT; TIER_NONE otherwise. */
enum tier eval_criteria_tier(const char *name);

/* A criteria file as the API lists it: {name, title, source, effective,
 * until, edges, tier, score_max, counts: {requirements, indicators, routes,
 * reviews, groups}}; with structure also {groups: [{name, label, max, min,
 * clause}], indicators: [{name, label, group, max, clause}], requirements:
 * [{name, label, clause, kind: "requirement"|"route"|"review"}]} in file
 * order (min and group null when absent). name is the name to show. */
json_t *eval_criteria_json(const char *name, const struct criteria *c, bool structure);

/* The latest fiscal year with annual figures among the firms of f (NULL =
 * all), or 0 if there are none. */
enum app_status eval_latest_year(struct store *s, const struct store_filter *f, int *year,
                                 struct app_err *err);

/* Loads one firm. APP_ENOTFOUND if it is not in the pool. */
enum app_status eval_load_firm(struct store *s, const char *uscc, int year, struct eval_firm *out,
                               struct app_err *err);

/* Calls cb with every firm matching f (page honoured), data loaded. A
 * non-zero return from cb stops. */
typedef int (*eval_firm_cb)(void *ctx, const struct eval_firm *f);
enum app_status eval_each_firm(struct store *s, const struct store_filter *f, int year,
                               eval_firm_cb cb, void *ctx, struct app_err *err);

/* The engine's view of a loaded firm (what eval_firm_run evaluates:
 * a new application, not a re-review). Points into f. */
void eval_firm_input(const struct eval_firm *f, struct criteria_firm *out);

/* Evaluates f (r zeroed or freed before). */
void eval_firm_run(const struct criteria *c, const struct eval_firm *f, int year,
                   struct criteria_result *r);

/* The JSON object of `zjtx evaluate --format json` and of GET
 * /enterprises/{uscc}/evaluation:
 * {uscc, name, district, criteria, title, year, verdict, verdict_label, score, score_hi,
 *  score_max,
 *  groups:[{name, label, score, score_hi, max, min, min_met}],
 *  requirements:[{name, label, clause, kind, met, actual, threshold, gap, lines:[text],
 *                 missing:[{key, label, year}]}],
 *  indicators:[{name, label, group, clause, band, basis, points, points_hi, max,
 *               missing:[...]}] (when explain),
 *  missing:["key@year"], missing_detail:[{key, label, year}], shortfalls:[text],
 *  text (when explain)}.
 * met and min_met are true, false or null (unknown); group is the group's
 * name or null; year is null for enterprise fields; shortfalls are the
 * comparisons of the pass rule that fail when the verdict is not a pass
 * ("总分 59 < 60:差 1", a group minimum). */
json_t *eval_result_json(const struct criteria *c, const struct eval_firm *f,
                         const struct criteria_result *r, bool explain);

#endif
