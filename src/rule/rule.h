/* rule.h - the criteria language: compile rule text once, evaluate it many
 * times, per firm or in batches over columnar data (docs/RULES.md).
 *
 * The engine knows nothing about enterprises. The HOST supplies the symbol
 * table: the names a rule may read, their types and units, how stored int64
 * values scale to rule values, and how many periods back exist. The same
 * engine therefore evaluates annual criteria and monthly warning rules.
 *
 * Values are intervals [lo, hi] of doubles. A known number is exact
 * (lo == hi); a missing one is the symbol's whole domain; a bool is 0/1 and
 * the unknown bool is [0, 1]. Every operator is sound on intervals, so a
 * result that does not depend on a missing figure is decided (false AND
 * unknown = false, true OR unknown = true, a score whose lowest possible
 * value reaches the threshold passes) and one that does is unknown.
 *
 * Lifetime: a program is immutable after rule_compile and may be shared by
 * threads; evaluation uses caller-owned traces or internal scratch. The host
 * symbol table must outlive the program (it is referenced, not copied). */
#ifndef ZJTX_RULE_H
#define ZJTX_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/limits.h"

struct rule_program;
struct rule_trace;

enum rule_type {
	RULE_BOOL = 1, /* true/false, stored as 0/1 */
	RULE_NUMBER,   /* a real number with a dimension */
	RULE_LEVEL,    /* an ordinal code (0 none, 1 ..): compare, never add */
};

/* Dimensions of numbers. Money is in 万元 inside rules; a literal with a
 * money unit (元, 千元, 万元, 亿元) is converted to 万元. */
enum rule_dim {
	RULE_PLAIN = 0, /* counts, ratios, points */
	RULE_MONEY,     /* 万元 */
	RULE_PERSONS,   /* 人 */
	RULE_YEARS,     /* 年 (calendar years and durations) */
	RULE_DIM_COUNT
};

enum rule_sym_kind {
	RULE_SERIES = 1, /* one value per period: revenue, revenue@-1, ... */
	RULE_FIXED,      /* one value per firm: niche_since */
	RULE_PERIOD,     /* the evaluation period itself (`year`): the period
	                    number passed to eval, shifted by @-N */
};

/* One name a rule may read. */
struct rule_symbol {
	const char *name;  /* identifier, e.g. "revenue" */
	const char *label; /* Chinese label for explanations, e.g. "营业收入" */
	enum rule_sym_kind kind;
	enum rule_type type;
	enum rule_dim dim; /* RULE_NUMBER only */
	bool percent;      /* display as a percentage (value 0.12 -> 12%) */
	int back;          /* RULE_SERIES: periods before the current one that exist */
	double scale;      /* rule value = stored int64 / scale (> 0); 1e6 for 分 -> 万元 */
	double lo, hi;     /* the values a missing figure could take, in rule units;
	                      -INFINITY/INFINITY if unbounded */
};

/* A parameter value set by the host, overriding the file's default. The
 * value is in rule units (money in 万元, 3% as 0.03, bools 0/1). */
struct rule_param {
	const char *name;
	double value;
};

struct rule_host {
	const struct rule_symbol *syms;
	size_t nsyms;
	/* Resolves `use "NAME"` to NUL-terminated rule text, or NULL if there is
	 * no such file. The text must stay valid during rule_compile only (the
	 * program copies it). May be NULL: then every `use` is an error. */
	const char *(*include)(void *ctx, const char *name);
	void *ctx;
	const struct rule_param *params; /* may be NULL */
	size_t nparams;
	/* Internal money unit: stored money values (scale 1) are 10^money_exp10
	 * per 万元 (6 for 分). Literals and money parameters are converted
	 * exactly; explanations report money in 万元. 0: money is in 万元. */
	int money_exp10;
};

/* A compile error: the place and a Chinese message that names the token. */
struct rule_error {
	char file[64]; /* file name as given to rule_compile or `use` */
	int line, col; /* 1-based; col counts characters (code points) */
	char message[MAX_ERR_MSG];
};

/* Compiles rule text. file names the text in errors. On success *out owns a
 * new program (free with rule_free) and APP_OK is returned. On failure *out
 * is NULL, err (if not NULL) holds the first error, and the status is
 * APP_EINVAL (syntax, names, types, units) or APP_ETOOLARGE (a MAX_RULE_*
 * limit). host and its symbols must outlive the program. */
enum app_status rule_compile(const struct rule_host *host, const char *file, const char *src,
                             size_t len, struct rule_program **out, struct rule_error *err);

/* Frees a program; NULL is a no-op. */
void rule_free(struct rule_program *p);

/* Writes "FILE:LINE:COL: message" into buf (size n), truncating. */
void rule_error_format(const struct rule_error *e, char *buf, size_t n);

/* ---- what a program contains ---- */

/* The `criteria` header. Strings are "" when absent; never NULL. */
struct rule_info {
	const char *title;     /* "专精特新中小企业认定标准" */
	const char *source;    /* "工信部企业〔2022〕63号 附件2" */
	const char *effective; /* "2022-08-01" */
	const char *until;     /* last day in force, or "" */
	const char *edges;     /* default band edges: "[)" or "(]" */
};
const struct rule_info *rule_info(const struct rule_program *p);

enum rule_item_kind {
	RULE_REQUIRE = 1, /* hard requirement (bool) */
	RULE_ROUTE,       /* direct-pass route (bool) */
	RULE_REVIEW,      /* item a person must check; never computed (unknown) */
	RULE_INDICATOR,   /* scored indicator: points in [0, max] */
	RULE_GROUP,       /* group of indicators: min(sum, max) */
	RULE_SCORE,       /* total score: the groups plus ungrouped indicators */
	RULE_PASS,        /* the verdict (bool) */
	RULE_ALERT,       /* an early warning (bool): fires when true; not part of pass */
};

/* One item of the program, in declaration order; the score and the pass
 * items come last and always exist. Strings are never NULL. */
struct rule_item {
	enum rule_item_kind kind;
	const char *name;   /* identifier in the file ("score", "pass" for the last two) */
	const char *label;  /* Chinese label */
	const char *clause; /* the clause of the source it encodes, "" if none */
	int group;          /* RULE_INDICATOR: item index of its group, or -1 */
	double max;         /* RULE_INDICATOR/GROUP: cap; RULE_SCORE: sum of caps */
	bool has_min;       /* RULE_GROUP: a minimum is declared */
	double min;         /* RULE_GROUP: the minimum */
};
size_t rule_item_count(const struct rule_program *p);
const struct rule_item *rule_item(const struct rule_program *p, size_t i);
/* Index of the item with this name, or -1. */
int rule_item_find(const struct rule_program *p, const char *name);

/* The (symbol, period offset) pairs the program reads, in a fixed order.
 * Batch columns and per-firm values are given in this order. */
struct rule_input {
	int sym;    /* index into the host symbol table */
	int offset; /* 0 = the evaluation period, -1 the one before, ... */
};
size_t rule_input_count(const struct rule_program *p);
struct rule_input rule_input(const struct rule_program *p, size_t i);

/* A value: exact when lo == hi. Bools are 0/1; unknown is [0, 1]. */
struct rule_ival {
	double lo, hi;
};

/* ---- evaluation ---- */

/* One input column for n firms: v[i] in stored units, present if bit i of
 * has is set (has[i / 64] >> (i % 64) & 1). has NULL: all present. v NULL:
 * all missing. */
struct rule_column {
	const int64_t *v;
	const uint64_t *has;
};

/* Evaluates n firms. cols has rule_input_count(p) columns. period is the
 * value of RULE_PERIOD symbols (the evaluation year). For each j <
 * nitems, out[j][0..n-1] receives item items[j]. Returns APP_EINVAL if an
 * item index is out of range. Uses O(1) internal scratch per call. */
enum app_status rule_eval_batch(const struct rule_program *p, const struct rule_column *cols,
                                size_t n, double period, const size_t *items, size_t nitems,
                                struct rule_ival *const *out);

/* A trace keeps every intermediate value of one firm's evaluation, for
 * explanations. rule_trace_new never returns NULL; free with
 * rule_trace_free (NULL is a no-op). A trace belongs to one program. */
struct rule_trace *rule_trace_new(const struct rule_program *p);
void rule_trace_free(struct rule_trace *t);

/* Evaluates one firm into t. v and has hold rule_input_count(p) values. */
void rule_eval_one(const struct rule_program *p, const int64_t *v, const bool *has, double period,
                   struct rule_trace *t);

/* The value of item i after rule_eval_one. */
struct rule_ival rule_trace_item(const struct rule_trace *t, size_t i);

/* ---- explanation ---- */

enum rule_term_kind {
	RULE_TERM_CMP = 1, /* a comparison: lhs op rhs */
	RULE_TERM_BAND,    /* lhs fell into a band of a bands table */
	RULE_TERM_VALUE,   /* a labelled value the result depends on */
};

enum rule_cmp { RULE_LT = 1, RULE_LE, RULE_GT, RULE_GE, RULE_EQ, RULE_NE, RULE_IN };

/* One side of a term. */
struct rule_operand {
	const char *label;   /* label of the def or symbol, or NULL */
	const char *text;    /* the source text of the expression */
	int offset;          /* period offset the label refers to (0, -1, ...) */
	struct rule_ival v;  /* its value */
	enum rule_type type; /* RULE_BOOL, RULE_NUMBER or RULE_LEVEL */
	enum rule_dim dim;
	bool percent;              /* display as a percentage */
	bool constant;             /* a literal or parameter */
	bool ratio;                /* a quotient of two money values; then: */
	struct rule_ival num, den; /* its numerator and denominator (万元) */
};

struct rule_term {
	enum rule_term_kind kind;
	enum rule_cmp cmp; /* RULE_TERM_CMP: the operator as written */
	int truth;         /* 1 holds, 0 does not, -1 unknown (CMP, BAND) */
	struct rule_operand lhs;
	struct rule_operand rhs; /* RULE_TERM_CMP only */
	const char *band;        /* RULE_TERM_BAND: the band, e.g. "70%-80%" */
	struct rule_ival points; /* RULE_TERM_BAND: points of that band */
};

/* Fills out[0..max-1] with the terms that decide item i in trace t: the
 * comparisons of a requirement (through and/or/not/if), the band of an
 * indicator, or the labelled values a formula uses. Returns the number of
 * terms found (which may exceed max; only max are written). Strings point
 * into the program. */
size_t rule_explain(const struct rule_program *p, const struct rule_trace *t, size_t i,
                    struct rule_term *out, size_t max);

/* Writes into out[0..max-1] the input indexes (see rule_input) that are
 * missing and that item i's value depends on (it is unknown because of
 * them). Returns the count found (may exceed max). */
size_t rule_missing(const struct rule_program *p, const struct rule_trace *t, size_t i, size_t *out,
                    size_t max);

/* Number of compiled instructions (for tests and benchmarks). */
size_t rule_size(const struct rule_program *p);

/* Writes a readable listing of the compiled code into buf (size n). */
void rule_dump(const struct rule_program *p, char *buf, size_t n);

#endif
