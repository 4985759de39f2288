/* rule_int.h - private structures of the criteria language, shared by the
 * lexer (rule_lex.c), parser (rule_parse.c), checker (rule_check.c),
 * code generator (rule_emit.c), evaluator (rule_eval.c) and explainer
 * (rule_explain.c). Nothing here is part of the public API (rule.h). */
#ifndef ZJTX_RULE_INT_H
#define ZJTX_RULE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/mem.h"
#include "rule/rule.h"

/* Firms evaluated together by the batch evaluator: every instruction runs
 * over a block of this many firms (a multiple of 64). A tuning constant,
 * not a limit: the live value arrays of a program like srdi-2022 (31
 * registers) then take about 60 KB, in L1 and L2; 128 measured 4% faster
 * than 64 (half the kernel calls), 256 slower again. */
#define RULE_BLOCK 128
/* How far ahead (in firms) the batch evaluator prefetches input columns
 * (into L2: the L1 holds the live registers). */
#define RULE_AHEAD 256

/* ---- tokens (rule_lex.c) ---- */

enum tok {
	T_EOF = 0,
	T_NAME,
	T_NUMBER,
	T_STRING,
	T_DATE,
	T_LPAREN,
	T_RPAREN,
	T_LBRACE,
	T_RBRACE,
	T_COMMA,
	T_COLON,
	T_ASSIGN,
	T_TILDE,
	T_AT,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	/* reserved words */
	T_AND,
	T_OR,
	T_NOT,
	T_IF,
	T_THEN,
	T_ELIF,
	T_ELSE,
	T_IN,
	T_BANDS,
	T_CASES,
	T_TRUE,
	T_FALSE,
	T_CRITERIA,
	T_USE,
	T_PARAM,
	T_DEF,
	T_GROUP,
	T_REQUIRE,
	T_ROUTE,
	T_ALERT,
	T_REVIEW,
	T_INDICATOR,
	T_PASS,
	T_COUNT
};

/* Unit suffix of a number literal. */
enum lit_unit { U_NONE = 0, U_PERCENT, U_YUAN, U_QIAN, U_WAN, U_YI, U_YEAR, U_PERSON };

struct token {
	enum tok kind;
	uint32_t pos, len; /* byte span in the source */
	int line, col;     /* 1-based; col in code points */
	double num;        /* T_NUMBER: value in rule units (万元; 3% = 0.03) */
	uint64_t mant;     /* T_NUMBER: the digits, value = mant * 10^exp10 */
	int exp10;
	enum lit_unit unit;
	bool integral; /* T_NUMBER: written without a fraction */
	char *str;     /* T_STRING: decoded text (arena); T_NAME/T_DATE: the text */
};

struct rule_cc; /* the compiler state, below */

/* Lexer over one file. */
struct lexer {
	struct rule_cc *cc;
	int file;        /* index in cc->files */
	const char *src; /* NUL-terminated */
	size_t len;
	size_t pos;
	int line;
	size_t line_start;
	struct token tok; /* current token */
};

void rule_lex_init(struct lexer *lx, struct rule_cc *cc, int file);
/* Reads the next token into lx->tok; false after an error (cc->err set). */
bool rule_lex_next(struct lexer *lx);
/* Text of a token kind for messages: "'+'", "名称", "数字". */
const char *rule_tok_name(enum tok t);

/* ---- syntax tree (rule_parse.c) ---- */

enum nkind {
	N_NUM = 1, /* literal number */
	N_BOOL,    /* true / false */
	N_NAME,    /* identifier */
	N_NEG,     /* -a */
	N_NOT,     /* not a */
	N_BIN,     /* a op b; op is a token kind */
	N_CALL,    /* name(kids...) */
	N_AT,      /* a@shift */
	N_IF,      /* kids: cond, arm, cond, arm, ..., else-arm */
	N_CASES,   /* kids: cond, arm, ..., else-arm */
	N_BANDS,   /* a: value; rows */
	N_SET,     /* {kids...}, only right of `in` */
};

/* What a N_NAME refers to, set by the checker. */
enum ref_kind { R_NONE = 0, R_SYMBOL, R_DECL, R_SPECIAL };
enum special { SP_SCORE = 1, SP_REQUIREMENTS, SP_ROUTES, SP_MINIMUMS };

struct tinfo {
	uint8_t type; /* enum rule_type; 0 = not yet known */
	uint8_t dim;  /* enum rule_dim */
	bool pct;     /* display hint: percent */
	bool zero;    /* the literal 0: takes any dimension */
};

struct band_row {
	struct node *lo, *hi; /* bounds, NULL if open */
	struct node *arm;     /* value of the band */
	uint32_t pos, end;    /* span of the range, for messages and display */
	int line, col;
};

struct node {
	enum nkind kind;
	int op;            /* N_BIN: enum tok of the operator */
	int file;          /* index in cc->files */
	uint32_t pos, end; /* byte span */
	int line, col;
	double num;    /* N_NUM value in rule units (万元); N_BOOL 0/1 */
	uint64_t mant; /* N_NUM: num = mant * 10^exp10, kept for exact scaling */
	int exp10;
	enum lit_unit unit; /* N_NUM */
	const char *name;   /* N_NAME, N_CALL */
	int shift;          /* N_AT: offset (<= 0) */
	int edges;          /* N_BANDS: 0 default, 1 "[)", 2 "(]" */
	bool paren;         /* written in parentheses */
	struct node *a, *b; /* operands */
	struct node **kids; /* N_CALL args, N_IF/N_CASES arms, N_SET elements */
	int nkids;
	struct band_row *rows; /* N_BANDS */
	int nrows;
	/* set by the checker */
	uint8_t ref_kind; /* enum ref_kind */
	int ref;          /* symbol index, decl index or enum special */
	int builtin;      /* N_CALL: index in rule_builtins */
	struct tinfo t;
};

/* ---- declarations ---- */

enum dkind {
	D_PARAM = 1,
	D_DEF,
	D_GROUP,
	D_REQUIRE,
	D_ROUTE,
	D_ALERT,
	D_REVIEW,
	D_INDICATOR,
	D_PASS
};

struct decl {
	enum dkind kind;
	const char *name;
	const char *label;      /* "" if none */
	const char *clause;     /* "" if none */
	const char *unit;       /* D_DEF: display unit ("%", "万元", ...), "" if none */
	const char *group_name; /* D_INDICATOR: the group's name, NULL if none */
	int group;              /* D_INDICATOR: decl index of the group, -1 */
	bool has_max, has_min;
	double max, min;
	int edges; /* D_INDICATOR: band edges for bands inside, 0 = file default */
	struct node *expr;
	int file;
	uint32_t pos;
	int line, col;
	bool main_file;  /* declared in the file given to rule_compile */
	bool overridden; /* D_PARAM: a later declaration replaces this one */
	/* checker */
	int state; /* 0 unchecked, 1 checking, 2 done */
	struct tinfo t;
	/* code generator */
	int *memo; /* D_DEF/D_PARAM: instruction per shift (MAX_RULE_SHIFT+1), -1 none */
	int item;  /* index in the program's items, -1 */
};

/* ---- compiled code ---- */

enum op {
	OP_CONST = 1, /* k0..k1 */
	OP_LOAD,      /* input a (symbol b) */
	OP_PERIOD,    /* period + k0 */
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_MIN,
	OP_MAX,
	OP_FLOOR,
	OP_CEIL,
	OP_ROUND,
	OP_ABS,
	OP_SQRT,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_IF,    /* a ? b : c */
	OP_IN,    /* a in set b */
	OP_BAND,  /* points of a in band table b */
	OP_CLAMP, /* a limited to [k0, k1] */
	OP_CASE1, /* cases on one value a with constant results: table b */
	OP_COUNT_,
	/* batch evaluator only: conversions between the two value forms */
	OP_B2N = OP_COUNT_, /* a bool (one array) to a number interval */
	OP_N2B,             /* a 0/1 interval to a bool */
	OP_ALL_
};

/* One instruction. Operands a, b, c are indexes of earlier instructions
 * (the code is in SSA form: instruction i defines value i), except where
 * noted in enum op. */
struct rins {
	uint8_t op;
	uint8_t imm; /* IMM_B, IMM_C: that operand is a constant, read from kb/kc */
	uint8_t pad[2];
	int32_t a, b, c;
	double k0, k1;       /* CONST value, CLAMP bounds, PERIOD offset */
	double kb[2], kc[2]; /* immediate operands (lo, hi) */
};
#define IMM_B 1
#define IMM_C 2

/* Explanation data for one instruction. */
struct rmeta {
	const char *label; /* def or symbol label, NULL if none */
	const char *text;  /* source text of the expression, NULL if none */
	int file;          /* source span of the expression, file -1 if none */
	uint32_t pos, end;
	int offset;   /* period offset of the label */
	uint8_t type; /* enum rule_type */
	uint8_t dim;
	bool pct;
	bool ratio; /* OP_DIV of two money values */
};

/* Ties (docs/RULES.md "Numbers and ties"): numbers within
 * RULE_TIE_ABS + RULE_TIE_REL * (|a| + |b|) compare equal. Against a
 * constant k the tolerance is rule_tie_k(k) (|a| is then about |k|). */
#define RULE_TIE_ABS 1e-13
#define RULE_TIE_REL 1e-15
static inline double rule_tie_k(double k)
{
	double a = k < 0 ? -k : k;
	return RULE_TIE_ABS + 2 * RULE_TIE_REL * (a < 1e308 ? a : 0);
}

struct band_table {
	int ncuts;
	double *cuts;      /* ascending */
	double *thr;       /* a value v is at or above cut k iff v >= thr[k] (edges and
	                      ties applied) */
	double *pts;       /* ncuts + 1 points, for values in each band */
	int edges;         /* 1: cut belongs to the band above; 2: below */
	int mono;          /* 1: pts never decrease from band to band, -1: never increase
	                      (and no point is -0: equal points are then the same
	                      double), 0 otherwise; a monotone table maps an interval's
	                      bounds to the bounds of its points */
	const char **text; /* ncuts + 1 display texts ("≥ 80%", "70%-80%") */
};

/* `cases { x CMP k1 : v1, x CMP k2 : v2, ..., else : v0 }` on one value x
 * with constant results, in one instruction. Condition i holds for an
 * exact x when wlo[i] <= x <= whi[i] (with ties applied), negated for !=. */
struct case_table {
	int n;
	uint8_t *cmp;       /* enum op of each condition (OP_LT .. OP_NE) */
	double *k;          /* its constant */
	double *wlo, *whi;  /* the window of x where it holds (or fails, for !=) */
	uint8_t *neg;       /* 1 for != */
	double *v;          /* the result when it is the first to hold */
	double other;       /* the else result */
	const char **ktext; /* source text of each constant */
};

struct rset {
	int n;
	double *v; /* ascending */
	const char *text;
	bool small;      /* every member is a whole number in 0..255: */
	double tab[256]; /* then tab[k] is 1 for member k, else 0;
	                    doubles, so that the batch loop gathers them */
};

struct rfile {
	const char *name;
	const char *src; /* copy, NUL-terminated */
	size_t len;
};

struct rule_program {
	struct arena arena; /* everything below except the arrays freed explicitly */
	const struct rule_symbol *syms;
	size_t nsyms;
	struct rule_info info;
	struct rfile *files;
	int nfiles;
	struct rins *ins; /* nins instructions */
	struct rmeta *meta;
	size_t nins;
	struct rule_input *inputs;
	size_t ninputs;
	struct rule_item *items;
	int32_t *item_ins; /* instruction of each item, -1 for reviews */
	size_t nitems;
	struct band_table *bands;
	size_t nbands;
	struct rset *sets;
	size_t nsets;
	struct case_table *cases;
	size_t ncases;
	struct bins *bins; /* the batch program (see struct bins) */
	size_t nbins;
	int nregs;          /* batch registers */
	uint16_t *item_reg; /* register of each item's value, batch */
	uint8_t *item_bool; /* that register holds a bool */
	double money_unit;  /* internal money units per 万元 (10^money_exp10) */
};

/* One instruction of the batch evaluator: an instruction of the SSA code
 * with its operands resolved to registers, or a conversion. A register is
 * two arrays of RULE_BLOCK doubles. A number uses both (lo, hi); a bool
 * uses the first only, as 0 (false), 0.5 (unknown) or 1 (true), which is
 * Kleene's logic with and = min, or = max, not = 1 - x, at half the memory
 * traffic. Constants read only as immediates get no instruction. */
struct bins {
	struct rins in;           /* the operation (a, b, c unused) */
	uint16_t dst, ra, rb, rc; /* registers */
	uint8_t bout;             /* the result is a bool */
};

/* ---- the compiler ---- */

struct rule_cc {
	const struct rule_host *host;
	struct rule_program *prog;
	struct arena *arena; /* = &prog->arena */
	struct rule_error *err;
	bool failed;
	enum app_status status;
	/* declarations of all files */
	struct decl *decls;
	size_t ndecls, capdecls;
	int default_edges; /* 1 "[)", 2 "(]" */
	bool have_header;
	/* emitter state */
	size_t capins;
	int *hash; /* open addressing over instructions */
	size_t hashcap;
	size_t capinputs, capbands, capsets, capitems, capcases;
	struct rule_ival *range; /* static range of each instruction (any firm) */
	int depth;               /* emitter recursion depth */
	int def_depth;           /* nesting of def expansions (checker and emitter) */
};

/* Records the first error at (file, line, col) and marks the compile
 * failed. Returns false so callers can `return rule_cc_error(...)`. */
bool rule_cc_error(struct rule_cc *cc, enum app_status s, int file, int line, int col,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Same, at a node or a token. */
bool rule_cc_error_at(struct rule_cc *cc, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses the file (already added to prog->files) and appends its
 * declarations; `use` loads further files through the host. */
bool rule_parse_file(struct rule_cc *cc, int file, int use_depth);

/* Resolves names and checks types and units of every declaration. */
bool rule_check(struct rule_cc *cc);

/* Generates code for every item, folds constants, removes dead code and
 * allocates batch registers. */
bool rule_emit(struct rule_cc *cc);

/* Builtin functions. */
enum builtin_id {
	B_MIN = 0,
	B_MAX,
	B_ABS,
	B_FLOOR,
	B_CEIL,
	B_ROUND,
	B_SQRT,
	B_COUNT,
	B_MEAN,
	B_SUM_OVER,
	B_MEAN_OVER,
	B_ANY_OVER,
	B_ALL_OVER,
	B_COUNT_
};
struct rule_builtin {
	const char *name;
	int min_args, max_args; /* max -1: up to MAX_RULE_ARGS */
	const char *doc;        /* one line for docs and messages */
};
extern const struct rule_builtin rule_builtins[B_COUNT_];
int rule_builtin_find(const char *name);

/* Evaluates instructions [0, nins) of p for one firm (trace) or a block of
 * firms (batch); see rule_eval.c. */
void rule_vm_fold(const struct rins *in, const struct rule_program *p, const double *a,
                  const double *b, const double *c, double *out);

/* For rule_explain.c: the value of instruction ins, and whether input i
 * was present, in a trace. */
struct rule_ival rule_trace_value(const struct rule_trace *t, size_t ins);
bool rule_trace_has(const struct rule_trace *t, size_t input);

/* Names of ops, for rule_dump. */
extern const char *const rule_op_names[OP_COUNT_];

#endif
