/* criteria.h - the bridge between the domain and the criteria language
 * (rule/): the symbol table of annual figures and enterprise fields, the
 * built-in criteria files, evaluation of one firm with an explanation, and
 * batch evaluation over columnar data.
 *
 * Evaluation year. `year` is the fiscal year whose figures the criteria
 * call 上年度 ("last year"): for an application made in 2025, year = 2024.
 * A key read with @-1 is the figure of year - 1, and so on; 近2年 is year
 * and year - 1, 近三年 is year, year - 1 and year - 2.
 *
 * Units inside rules: money in 万元 (stored 分 / 1e6), percentages as
 * fractions (stored hundredths of a percent / 10000), persons, years.
 * Missing figures are never zero: a result that needs one is
 * "insufficient" and names it. */
#ifndef ZJTX_CRITERIA_H
#define ZJTX_CRITERIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/sizeclass.h"
#include "rule/rule.h"

/* Years of annual figures a rule may read: the evaluation year and the 3
 * before it (@0 .. @-3). */
#define CRITERIA_YEARS 4

/* Per-firm fields that are not annual figures. */
enum criteria_fixed {
	CF_NICHE_SINCE = 0, /* 进入细分市场年份 (year); 0 in the enterprise = missing */
	CF_EMERGING,        /* 战略性新兴产业类别 0..9 (0 = none) */
	CF_INDUSTRY_DIV,    /* 国民经济行业大类 01..97, from the industry code */
	CF_SIZE_CLASS,      /* enum size_class: 1 large .. 4 micro; SIZE_UNKNOWN = missing */
	CF_TIER,            /* enum tier currently held, 0 none .. 5 */
	CF_REREVIEW,        /* applying for re-review (复核): 0/1 */
	CF_COUNT
};

/* The symbol table seen by criteria files: the annual keys (symbol k =
 * enum annual_key k), then the fixed fields (ANNUAL_KEY_COUNT + enum
 * criteria_fixed), then `year`. Static; never NULL. */
const struct rule_symbol *criteria_symbols(size_t *n);

/* A compiled criteria file. */
struct criteria;

/* Built-in criteria files (criteria/NAME.zc, embedded). Library files used
 * by others (prelude, eligibility) are not listed. */
size_t criteria_builtin_count(void);
/* Name of the i-th built-in ("innovative-2022"), or NULL past the end. */
const char *criteria_builtin_name(size_t i);
/* Text of a built-in file, or NULL. */
const char *criteria_builtin_text(const char *name);

/* Compiles a built-in file by name. Errors as criteria_compile;
 * APP_ENOTFOUND (with a message in err) for an unknown name. */
enum app_status criteria_load(const char *name, struct criteria **out, struct rule_error *err);

/* Compiles criteria text. file names it in errors; `use "x"` resolves to the
 * built-in criteria/x.zc. params (may be NULL) override the file's param
 * defaults (rule units). On success *out owns a new criteria object
 * (criteria_free); on failure *out is NULL and err holds the first error
 * with its position ("FILE:LINE:COL: message" via rule_error_format). */
enum app_status criteria_compile(const char *file, const char *text, size_t len,
                                 const struct rule_param *params, size_t nparams,
                                 struct criteria **out, struct rule_error *err);

/* Frees c; NULL is a no-op. */
void criteria_free(struct criteria *c);

/* The compiled program (owned by c), and the name given at load/compile. */
const struct rule_program *criteria_program(const struct criteria *c);
const char *criteria_name(const struct criteria *c);

/* ---- one firm ---- */

/* Inputs for one firm. Every part may be absent; absent figures are
 * missing, never zero. */
struct criteria_firm {
	const struct enterprise *ent; /* NULL: the fixed fields are missing */
	const struct annual *annual;  /* rows of this firm, any years, any order */
	size_t nannual;
	enum size_class size; /* SME size class, computed by the caller with
	                         sizeclass_classify; SIZE_UNKNOWN = missing */
	int rereview;         /* 1 re-review, 0 new application (default), -1 unknown */
};

/* The stored value of symbol sym (an index into criteria_symbols) for firm
 * f, read `offset` years from `year` (0, -1, ...; ignored for fixed
 * fields): true with *v set if present, false if missing. This is exactly
 * what criteria_eval reads, for filling batch columns with the same inputs. */
bool criteria_firm_input(const struct criteria_firm *f, int sym, int offset, int year, int64_t *v);

enum criteria_verdict { CRITERIA_FAIL = 0, CRITERIA_PASS = 1, CRITERIA_INSUFFICIENT = 2 };
enum criteria_met { CRITERIA_NO = 0, CRITERIA_YES = 1, CRITERIA_UNKNOWN = 2 };

/* A figure that a result needs and the firm lacks. */
struct criteria_missing {
	const char *key;   /* "revenue" */
	const char *label; /* "营业收入" */
	int year;          /* fiscal year of the figure; 0 for enterprise fields */
};

/* A requirement, direct-pass route or review item. Text fields are never
 * NULL ("" when not applicable). */
struct criteria_req {
	enum rule_item_kind kind; /* RULE_REQUIRE, RULE_ROUTE or RULE_REVIEW */
	const char *name, *label, *clause;
	enum criteria_met met; /* reviews are always CRITERIA_UNKNOWN */
	/* the comparison that decides it: the first one not met (or unknown),
	 * else the first one. e.g. "2.40%", "3%", "0.60 个百分点(约 18.3 万元)" */
	const char *actual, *threshold, *gap;
	const char **lines; /* every comparison, formatted for the worksheet */
	size_t nlines;
	struct criteria_missing *missing;
	size_t nmissing;
};

struct criteria_ind {
	const char *name, *label, *clause;
	int group;        /* index into result groups, -1 if none */
	double points;    /* points won for sure */
	double points_hi; /* most points possible (== points when known) */
	double max;
	const char *basis; /* what decided it: "上年度主营业务收入... 85.00%(≥ 80%)" */
	const char *band;  /* the band, e.g. "70%-80%", or "" */
	struct criteria_missing *missing;
	size_t nmissing;
};

struct criteria_group {
	const char *name, *label;
	double score, score_hi, max;
	bool has_min;
	double min;
	enum criteria_met min_met;
};

/* The result of one firm; strings live in r->arena. */
struct criteria_result {
	enum criteria_verdict verdict;
	int year;
	double score;     /* points won for sure */
	double score_hi;  /* most points possible */
	double score_max; /* full marks */
	struct criteria_group *groups;
	size_t ngroups;
	struct criteria_req *reqs; /* requirements, routes and reviews, in file order */
	size_t nreqs;
	struct criteria_ind *inds;
	size_t ninds;
	struct criteria_missing *missing; /* what the verdict needs and lacks */
	size_t nmissing;
	/* When the verdict is not a pass: the comparisons of the pass rule
	 * itself that do not hold (or are unknown), such as the total score
	 * against the pass score or a group against its minimum:
	 * "总分 59 < 60:差 1". Requirements and routes are in reqs. */
	const char **shortfalls;
	size_t nshortfalls;
	struct arena arena;
};

/* Evaluates one firm for the fiscal year `year` and fills r (which must be
 * zeroed or previously freed with criteria_result_free). Always APP_OK
 * today; the status is for future checks. Free r with
 * criteria_result_free. */
enum app_status criteria_eval(const struct criteria *c, const struct criteria_firm *f, int year,
                              struct criteria_result *r);
void criteria_result_free(struct criteria_result *r);

/* "pass", "fail", "insufficient"; and "通过", "不通过", "数据不足". */
const char *criteria_verdict_key(enum criteria_verdict v);
const char *criteria_verdict_label(enum criteria_verdict v);

/* Appends the explanation as a Chinese worksheet: header, verdict, each
 * requirement with its comparisons and gaps, each group and indicator with
 * band and points, direct-pass routes, review items, missing data. ent may
 * be NULL. Returns APP_ETOOLARGE if out's limit is reached. */
enum app_status criteria_explain(const struct criteria *c, const struct criteria_result *r,
                                 const struct enterprise *ent, struct buf *out);

/* ---- many firms ---- */

/* Columnar data for n firms, in stored units (indicator.h). A column with
 * v == NULL is all missing; has == NULL means all present. */
struct criteria_columns {
	size_t n;
	/* annual[k][b]: annual key k, b years before the evaluation year */
	struct rule_column annual[ANNUAL_KEY_COUNT][CRITERIA_YEARS];
	struct rule_column fixed[CF_COUNT];
};

/* Evaluates every firm. verdict[i] receives an enum criteria_verdict;
 * score and score_hi (either may be NULL) the sure and the possible score.
 * Uses bounded scratch memory whatever n is. */
enum app_status criteria_eval_batch(const struct criteria *c, const struct criteria_columns *cols,
                                    int year, uint8_t *verdict, double *score, double *score_hi);

/* Evaluates chosen items for every firm: out[j][i] receives the value of
 * item items[j] (an index of rule_item(criteria_program(c), ...)) for firm
 * i; each out[j] holds cols->n values. The values are those criteria_eval
 * would give the same firm (a requirement is met when lo >= 1, not met
 * when hi <= 0, else unknown). APP_EINVAL if an item index is out of
 * range. Uses bounded scratch memory whatever n is. */
enum app_status criteria_eval_items(const struct criteria *c, const struct criteria_columns *cols,
                                    int year, const size_t *items, size_t nitems,
                                    struct rule_ival *const *out);

#endif
