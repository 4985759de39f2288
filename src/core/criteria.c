/* criteria.c - criteria files over the enterprise domain: symbols, built-in
 * files, evaluation of one firm with its explanation, and batches. */
#include "criteria.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/str.h"

#define NSYMS    (ANNUAL_KEY_COUNT + CF_COUNT + 1)
#define SYM_YEAR (ANNUAL_KEY_COUNT + CF_COUNT)

struct criteria {
	char name[64];
	struct rule_program *prog;
	size_t pass_item, score_item;
};

/* ---- symbols ---- */

static struct rule_symbol syms[NSYMS];
static pthread_once_t syms_once = PTHREAD_ONCE_INIT;

static const struct rule_symbol fixed_syms[CF_COUNT] = {
    [CF_NICHE_SINCE] = {"niche_since", "进入细分市场年份", RULE_FIXED, RULE_NUMBER, RULE_YEARS,
                        false, 0, 1, -INFINITY, INFINITY},
    [CF_EMERGING] = {"emerging", "战略性新兴产业类别", RULE_FIXED, RULE_LEVEL, RULE_PLAIN, false, 0,
                     1, 0, 9},
    [CF_INDUSTRY_DIV] = {"industry_div", "国民经济行业大类", RULE_FIXED, RULE_NUMBER, RULE_PLAIN,
                         false, 0, 1, 1, 97},
    [CF_SIZE_CLASS] = {"size_class", "企业规模(1 大型,2 中型,3 小型,4 微型)", RULE_FIXED,
                       RULE_LEVEL, RULE_PLAIN, false, 0, 1, 1, 4},
    [CF_TIER] = {"tier", "已获梯度称号(0 无,2 创新型,3 专精特新,4 小巨人)", RULE_FIXED, RULE_LEVEL,
                 RULE_PLAIN, false, 0, 1, 0, 5},
    [CF_REREVIEW] = {"rereview", "复核企业", RULE_FIXED, RULE_BOOL, RULE_PLAIN, false, 0, 1, 0, 1},
};

static void init_syms(void)
{
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		const struct indicator *ind = &annual_indicators[k];
		struct rule_symbol *s = &syms[k];
		s->name = ind->key;
		s->label = ind->label;
		s->kind = RULE_SERIES;
		s->back = CRITERIA_YEARS - 1;
		s->scale = 1;
		s->lo = (double)ind->min;
		s->hi = INFINITY;
		s->type = RULE_NUMBER;
		s->dim = RULE_PLAIN;
		switch (ind->type) {
		case IND_MONEY:
			s->dim = RULE_MONEY;
			s->scale = 1; /* 分, the engine's money unit (money_exp10 = 6) */
			s->lo = ind->min < 0 ? -INFINITY : 0;
			break;
		case IND_PERSONS:
			s->dim = RULE_PERSONS;
			break;
		case IND_COUNT:
			break;
		case IND_LEVEL:
			s->type = RULE_LEVEL;
			s->hi = (double)ind->max;
			break;
		case IND_FLAG:
			s->type = RULE_BOOL;
			s->hi = 1;
			break;
		case IND_PERCENT:
			s->percent = true;
			s->scale = 10000; /* hundredths of a percent -> fraction */
			s->lo = (double)ind->min / 10000;
			s->hi = (double)ind->max / 10000;
			break;
		case IND_RANK:
			s->hi = (double)ind->max;
			break;
		}
	}
	for (int f = 0; f < CF_COUNT; f++)
		syms[ANNUAL_KEY_COUNT + f] = fixed_syms[f];
	syms[SYM_YEAR] =
	    (struct rule_symbol){"year", "评价年度", RULE_PERIOD, RULE_NUMBER, RULE_YEARS,
	                         false,  0,          1,           -INFINITY,   INFINITY};
}

const struct rule_symbol *criteria_symbols(size_t *n)
{
	pthread_once(&syms_once, init_syms);
	if (n)
		*n = NSYMS;
	return syms;
}

/* ---- built-in files ---- */

#define PREFIX "criteria/"
#define SUFFIX ".zc"

/* A library file (prelude, eligibility) has no `criteria` header line. */
static bool is_library(const char *text)
{
	for (const char *p = text; p && *p;) {
		if (strncmp(p, "criteria ", 9) == 0 || strncmp(p, "criteria\t", 9) == 0)
			return false;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return true;
}

static bool builtin_file(size_t i, const char **name, size_t *nlen)
{
	const struct embedded_file *f = &embed_files[i];
	size_t l = strlen(f->name), pl = strlen(PREFIX), sl = strlen(SUFFIX);
	if (l <= pl + sl || strncmp(f->name, PREFIX, pl) != 0 ||
	    strcmp(f->name + l - sl, SUFFIX) != 0 || is_library(f->data))
		return false;
	*name = f->name + pl;
	*nlen = l - pl - sl;
	return true;
}

#define MAX_BUILTINS 64
static char builtin_names[MAX_BUILTINS][64];
static size_t nbuiltins;
static pthread_once_t builtins_once = PTHREAD_ONCE_INIT;

static void init_builtins(void)
{
	const char *name;
	size_t nl;
	for (size_t i = 0; i < embed_count && nbuiltins < MAX_BUILTINS; i++)
		if (builtin_file(i, &name, &nl))
			str_copy(builtin_names[nbuiltins++], sizeof builtin_names[0], name, nl);
}

size_t criteria_builtin_count(void)
{
	pthread_once(&builtins_once, init_builtins);
	return nbuiltins;
}

const char *criteria_builtin_name(size_t k)
{
	pthread_once(&builtins_once, init_builtins);
	return k < nbuiltins ? builtin_names[k] : NULL;
}

static const char *builtin_text(const char *name, bool library_ok)
{
	char path[128];
	if (strlen(name) > 64 || strchr(name, '/'))
		return NULL;
	snprintf(path, sizeof path, PREFIX "%s" SUFFIX, name);
	const struct embedded_file *f = embed_find(path);
	if (!f || (!library_ok && is_library(f->data)))
		return NULL;
	return f->data;
}

const char *criteria_builtin_text(const char *name)
{
	return builtin_text(name, false);
}

static const char *include_builtin(void *ctx, const char *name)
{
	(void)ctx;
	return builtin_text(name, true);
}

enum app_status criteria_compile(const char *file, const char *text, size_t len,
                                 const struct rule_param *params, size_t nparams,
                                 struct criteria **out, struct rule_error *err)
{
	size_t n;
	const struct rule_symbol *s = criteria_symbols(&n);
	struct rule_host host = {s, n, include_builtin, NULL, params, nparams, 6};
	struct rule_program *p = NULL;
	*out = NULL;
	enum app_status st = rule_compile(&host, file, text, len, &p, err);
	if (st != APP_OK)
		return st;
	struct criteria *c = xcalloc(1, sizeof *c);
	const char *base = strrchr(file ? file : "", '/');
	base = base ? base + 1 : file ? file : "";
	str_copy(c->name, sizeof c->name, base, strlen(base));
	c->prog = p;
	c->pass_item = (size_t)rule_item_find(p, "pass");
	c->score_item = (size_t)rule_item_find(p, "score");
	*out = c;
	return APP_OK;
}

enum app_status criteria_load(const char *name, struct criteria **out, struct rule_error *err)
{
	const char *text = criteria_builtin_text(name);
	*out = NULL;
	if (!text) {
		if (err) {
			memset(err, 0, sizeof *err);
			str_copy(err->file, sizeof err->file, name, strlen(name));
			snprintf(err->message, sizeof err->message,
			         "没有名为 \"%s\" 的内置评价标准", name);
		}
		return APP_ENOTFOUND;
	}
	char file[96];
	snprintf(file, sizeof file, "%s" SUFFIX, name);
	enum app_status s = criteria_compile(file, text, strlen(text), NULL, 0, out, err);
	if (s == APP_OK)
		str_copy((*out)->name, sizeof(*out)->name, name, strlen(name));
	return s;
}

void criteria_free(struct criteria *c)
{
	if (!c)
		return;
	rule_free(c->prog);
	free(c);
}

const struct rule_program *criteria_program(const struct criteria *c)
{
	return c->prog;
}

const char *criteria_name(const struct criteria *c)
{
	return c->name;
}

const char *criteria_verdict_key(enum criteria_verdict v)
{
	return v == CRITERIA_PASS ? "pass" : v == CRITERIA_FAIL ? "fail" : "insufficient";
}

const char *criteria_verdict_label(enum criteria_verdict v)
{
	return v == CRITERIA_PASS ? "通过" : v == CRITERIA_FAIL ? "不通过" : "数据不足";
}

/* ---- inputs of one firm ---- */

static int industry_division(const char *code)
{
	const char *p = code;
	if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static bool fixed_value(const struct criteria_firm *f, int field, int64_t *v)
{
	const struct enterprise *e = f->ent;
	switch (field) {
	case CF_NICHE_SINCE:
		*v = e ? e->niche_since : 0;
		return e && e->niche_since > 0;
	case CF_EMERGING:
		*v = e ? e->emerging : 0;
		return e != NULL;
	case CF_INDUSTRY_DIV: {
		int d = e ? industry_division(e->industry) : -1;
		*v = d;
		return d > 0;
	}
	case CF_SIZE_CLASS:
		*v = f->size;
		return f->size != SIZE_UNKNOWN;
	case CF_TIER:
		*v = e ? (int64_t)e->tier : 0;
		return e != NULL;
	case CF_REREVIEW:
		*v = f->rereview > 0;
		return f->rereview >= 0;
	default:
		*v = 0;
		return false;
	}
}

static bool input_value(const struct criteria_firm *f, struct rule_input in, int year, int64_t *v)
{
	*v = 0;
	if (in.sym < ANNUAL_KEY_COUNT) {
		for (size_t i = 0; i < f->nannual; i++) {
			const struct annual *a = &f->annual[i];
			if (a->year == year + in.offset) {
				*v = a->v[in.sym];
				return annual_has(a, (enum annual_key)in.sym);
			}
		}
		return false;
	}
	if (in.sym < SYM_YEAR)
		return fixed_value(f, in.sym - ANNUAL_KEY_COUNT, v);
	return false;
}

bool criteria_firm_input(const struct criteria_firm *f, int sym, int offset, int year, int64_t *v)
{
	if (sym < 0 || sym >= SYM_YEAR) {
		*v = 0;
		return false;
	}
	return input_value(f, (struct rule_input){sym, offset}, year, v);
}

/* ---- formatting ---- */

static const char *fmt(struct arena *a, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(struct arena *a, const char *f, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, f);
	vsnprintf(buf, sizeof buf, f, ap);
	va_end(ap);
	return arena_strdup(a, buf);
}

/* A value in display units: "2.40%", "73.20 万元", "5 年", "是". */
static void fmt_value(char *buf, size_t n, struct rule_ival v, enum rule_type type,
                      enum rule_dim dim, bool pct)
{
	if (v.lo != v.hi) {
		snprintf(buf, n, "未知");
		return;
	}
	double x = v.lo;
	if (type == RULE_BOOL) {
		snprintf(buf, n, "%s", x >= 1 ? "是" : "否");
	} else if (!isfinite(x)) {
		snprintf(buf, n, "无法计算");
	} else if (type == RULE_LEVEL) {
		snprintf(buf, n, "%.0f", x);
	} else if (pct) {
		snprintf(buf, n, "%.2f%%", x * 100);
	} else if (dim == RULE_MONEY) {
		snprintf(buf, n, "%.2f 万元", x);
	} else if (dim == RULE_PERSONS) {
		snprintf(buf, n, "%.0f 人", x);
	} else if (dim == RULE_YEARS) {
		snprintf(buf, n, x == floor(x) ? "%.0f 年" : "%.1f 年", x);
	} else if (x == floor(x) && fabs(x) < 1e15) {
		snprintf(buf, n, "%.0f", x);
	} else {
		snprintf(buf, n, "%.2f", x);
	}
}

static const char *operand_label(struct arena *a, const struct rule_operand *o, int year)
{
	const char *l = o->label ? o->label : o->text;
	if (o->offset != 0)
		return fmt(a, "%s(%d年)", l, year + o->offset);
	return l;
}

static const char *operand_value(struct arena *a, const struct rule_operand *o)
{
	char buf[64];
	if (o->constant && o->text && o->text[0])
		return o->text;
	fmt_value(buf, sizeof buf, o->v, o->type, o->dim, o->percent);
	return arena_strdup(a, buf);
}

static const char *const cmp_sym[] = {"", "<", "≤", ">", "≥", "=", "≠", "属于"};
static const char *const cmp_neg[] = {"", "≥", ">", "≤", "<", "≠", "=", "不属于"};

/* The gap of a failed ordering comparison: "差 0.60 个百分点(约 18.3 万元)". */
static const char *gap_text(struct arena *a, const struct rule_term *t)
{
	const struct rule_operand *l = &t->lhs, *r = &t->rhs;
	if (t->truth != 0 || l->v.lo != l->v.hi || r->v.lo != r->v.hi || !isfinite(l->v.lo) ||
	    !isfinite(r->v.lo) || l->type != RULE_NUMBER)
		return "";
	bool up = t->cmp == RULE_GE || t->cmp == RULE_GT;
	if (!up && t->cmp != RULE_LE && t->cmp != RULE_LT)
		return "";
	double d = up ? r->v.lo - l->v.lo : l->v.lo - r->v.lo;
	const char *word = up ? "差" : "超出";
	char num[96];
	if (l->percent || r->percent)
		snprintf(num, sizeof num, "%.2f 个百分点", d * 100);
	else if (l->dim == RULE_MONEY)
		snprintf(num, sizeof num, "%.2f 万元", d);
	else if (l->dim == RULE_PERSONS)
		snprintf(num, sizeof num, "%.0f 人", ceil(d));
	else if (l->dim == RULE_YEARS)
		snprintf(num, sizeof num, "%.0f 年", ceil(d));
	else if (d == floor(d))
		snprintf(num, sizeof num, "%.0f", d);
	else
		snprintf(num, sizeof num, "%.2f", d);
	if (l->ratio && l->num.lo == l->num.hi && l->den.lo == l->den.hi && isfinite(l->den.lo)) {
		double money =
		    up ? r->v.lo * l->den.lo - l->num.lo : l->num.lo - r->v.lo * l->den.lo;
		return fmt(a, "%s %s(约 %.1f 万元)", word, num, money);
	}
	return fmt(a, "%s %s", word, num);
}

/* One worksheet line for a term. */
static const char *term_line(struct arena *a, const struct rule_term *t, int year)
{
	const char *label = operand_label(a, &t->lhs, year);
	const char *val = operand_value(a, &t->lhs);
	switch (t->kind) {
	case RULE_TERM_CMP: {
		const char *rhs = operand_value(a, &t->rhs);
		if (t->truth < 0)
			return fmt(a, "%s %s,应 %s %s(数据不足)", label, val, cmp_sym[t->cmp], rhs);
		const char *op = t->truth ? cmp_sym[t->cmp] : cmp_neg[t->cmp];
		const char *gap = gap_text(a, t);
		if (gap[0])
			return fmt(a, "%s %s %s %s:%s", label, val, op, rhs, gap);
		return fmt(a, "%s %s %s %s", label, val, op, rhs);
	}
	case RULE_TERM_BAND:
		if (t->band[0])
			return fmt(a, "%s %s(%s)", label, val, t->band);
		return fmt(a, "%s %s", label, val);
	default:
		return fmt(a, "%s %s", label, val);
	}
}

/* ---- one firm ---- */

static struct criteria_missing *missing_list(const struct criteria *c, struct rule_trace *t,
                                             size_t item, int year, struct arena *a, size_t *count)
{
	const struct rule_program *p = c->prog;
	size_t idx[64];
	size_t n = rule_missing(p, t, item, idx, 64);
	if (n > 64)
		n = 64;
	*count = n;
	struct criteria_missing *m = arena_alloc(a, sizeof *m * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		struct rule_input in = rule_input(p, idx[i]);
		m[i].key = syms[in.sym].name;
		m[i].label = syms[in.sym].label;
		m[i].year = in.sym < ANNUAL_KEY_COUNT ? year + in.offset : 0;
	}
	return m;
}

static enum criteria_met met_of(struct rule_ival v)
{
	return v.lo >= 1 ? CRITERIA_YES : v.hi <= 0 ? CRITERIA_NO : CRITERIA_UNKNOWN;
}

#define MAX_TERMS 48

static void fill_req(const struct criteria *c, struct rule_trace *t, size_t item, int year,
                     struct criteria_req *q, struct arena *a)
{
	const struct rule_program *p = c->prog;
	const struct rule_item *it = rule_item(p, item);
	struct rule_term terms[MAX_TERMS];
	q->kind = it->kind;
	q->name = it->name;
	q->label = it->label;
	q->clause = it->clause;
	q->met = met_of(rule_trace_item(t, item));
	q->actual = q->threshold = q->gap = "";
	size_t n = rule_explain(p, t, item, terms, MAX_TERMS);
	if (n > MAX_TERMS)
		n = MAX_TERMS;
	q->lines = arena_alloc(a, sizeof *q->lines * (n ? n : 1));
	q->nlines = n;
	const struct rule_term *decide = NULL;
	for (size_t i = 0; i < n; i++) {
		q->lines[i] = term_line(a, &terms[i], year);
		if (terms[i].kind == RULE_TERM_CMP &&
		    (!decide ||
		     (decide->truth == 1 && terms[i].truth != 1 && q->met != CRITERIA_YES)))
			decide = &terms[i];
	}
	if (decide) {
		q->actual = operand_value(a, &decide->lhs);
		q->threshold =
		    fmt(a, "%s %s", cmp_sym[decide->cmp], operand_value(a, &decide->rhs));
		q->gap = gap_text(a, decide);
	}
	q->missing = missing_list(c, t, item, year, a, &q->nmissing);
}

static void fill_ind(const struct criteria *c, struct rule_trace *t, size_t item, int year,
                     struct criteria_ind *d, struct arena *a)
{
	const struct rule_program *p = c->prog;
	const struct rule_item *it = rule_item(p, item);
	struct rule_term terms[MAX_TERMS];
	struct rule_ival v = rule_trace_item(t, item);
	d->name = it->name;
	d->label = it->label;
	d->clause = it->clause;
	d->points = v.lo;
	d->points_hi = v.hi;
	d->max = it->max;
	d->band = "";
	size_t n = rule_explain(p, t, item, terms, MAX_TERMS);
	if (n > MAX_TERMS)
		n = MAX_TERMS;
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < n; i++) {
		if (terms[i].kind == RULE_TERM_BAND && !d->band[0])
			d->band = terms[i].band;
		buf_printf(&b, "%s%s", i ? ";" : "", term_line(a, &terms[i], year));
	}
	d->missing = missing_list(c, t, item, year, a, &d->nmissing);
	/* points not known: the missing figures say why, the terms add nothing */
	d->basis =
	    d->points != d->points_hi && d->nmissing ? "数据不足" : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
}

/* The comparisons of the pass rule that do not hold (not the items named
 * in it: requirements and routes are explained on their own). */
static void fill_shortfalls(const struct criteria *c, struct rule_trace *t, int year,
                            struct criteria_result *r)
{
	struct rule_term terms[MAX_TERMS];
	size_t n = rule_explain(c->prog, t, c->pass_item, terms, MAX_TERMS);
	if (n > MAX_TERMS)
		n = MAX_TERMS;
	r->shortfalls = arena_alloc(&r->arena, sizeof *r->shortfalls * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		if (terms[i].kind == RULE_TERM_CMP && terms[i].truth != 1)
			r->shortfalls[r->nshortfalls++] = term_line(&r->arena, &terms[i], year);
}

enum app_status criteria_eval(const struct criteria *c, const struct criteria_firm *f, int year,
                              struct criteria_result *r)
{
	const struct rule_program *p = c->prog;
	size_t ni = rule_input_count(p), nitems = rule_item_count(p);
	int64_t *v = xcalloc(ni ? ni : 1, sizeof *v);
	bool *has = xcalloc(ni ? ni : 1, sizeof *has);
	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	criteria_symbols(NULL);
	for (size_t i = 0; i < ni; i++)
		has[i] = input_value(f, rule_input(p, i), year, &v[i]);
	struct rule_trace *t = rule_trace_new(p);
	rule_eval_one(p, v, has, year, t);
	struct arena *a = &r->arena;
	r->year = year;
	struct rule_ival pass = rule_trace_item(t, c->pass_item);
	struct rule_ival score = rule_trace_item(t, c->score_item);
	r->verdict = pass.lo >= 1   ? CRITERIA_PASS
	             : pass.hi <= 0 ? CRITERIA_FAIL
	                            : CRITERIA_INSUFFICIENT;
	r->score = score.lo;
	r->score_hi = score.hi;
	r->score_max = rule_item(p, c->score_item)->max;
	r->groups = arena_alloc(a, sizeof *r->groups * (nitems ? nitems : 1));
	r->reqs = arena_alloc(a, sizeof *r->reqs * (nitems ? nitems : 1));
	r->inds = arena_alloc(a, sizeof *r->inds * (nitems ? nitems : 1));
	int *group_of = xcalloc(nitems ? nitems : 1, sizeof *group_of);
	for (size_t i = 0; i < nitems; i++) {
		const struct rule_item *it = rule_item(p, i);
		if (it->kind != RULE_GROUP)
			continue;
		struct rule_ival g = rule_trace_item(t, i);
		struct criteria_group *gr = &r->groups[r->ngroups];
		gr->name = it->name;
		gr->label = it->label;
		gr->score = g.lo;
		gr->score_hi = g.hi;
		gr->max = it->max;
		gr->has_min = it->has_min;
		gr->min = it->min;
		gr->min_met = !it->has_min      ? CRITERIA_YES
		              : g.lo >= it->min ? CRITERIA_YES
		              : g.hi < it->min  ? CRITERIA_NO
		                                : CRITERIA_UNKNOWN;
		group_of[i] = (int)r->ngroups++;
	}
	for (size_t i = 0; i < nitems; i++) {
		const struct rule_item *it = rule_item(p, i);
		if (it->kind == RULE_REQUIRE || it->kind == RULE_ROUTE || it->kind == RULE_REVIEW) {
			fill_req(c, t, i, year, &r->reqs[r->nreqs++], a);
		} else if (it->kind == RULE_INDICATOR) {
			struct criteria_ind *d = &r->inds[r->ninds++];
			fill_ind(c, t, i, year, d, a);
			d->group = it->group >= 0 ? group_of[it->group] : -1;
		}
	}
	r->missing = missing_list(c, t, c->pass_item, year, a, &r->nmissing);
	if (r->verdict != CRITERIA_PASS)
		fill_shortfalls(c, t, year, r);
	free(group_of);
	rule_trace_free(t);
	free(v);
	free(has);
	return APP_OK;
}

void criteria_result_free(struct criteria_result *r)
{
	if (!r)
		return;
	arena_clear(&r->arena);
	memset(r, 0, sizeof *r);
}

/* ---- the worksheet ---- */

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八"};

static const char *mark(enum criteria_met m)
{
	return m == CRITERIA_YES ? "[✓]" : m == CRITERIA_NO ? "[✗]" : "[?]";
}

static void fmt_points(char *buf, size_t n, double lo, double hi)
{
	if (lo == hi)
		snprintf(buf, n, "%g", lo);
	else
		snprintf(buf, n, "%g-%g", lo, hi);
}

static enum app_status explain_missing(struct buf *out, const struct criteria_missing *m, size_t n,
                                       const char *indent)
{
	enum app_status s = buf_printf(out, "%s缺少数据:", indent);
	for (size_t i = 0; i < n && !s; i++) {
		if (m[i].year)
			s = buf_printf(out, "%s%s(%s,%d年)", i ? "、" : "", m[i].label, m[i].key,
			               m[i].year);
		else
			s = buf_printf(out, "%s%s(%s)", i ? "、" : "", m[i].label, m[i].key);
	}
	return s ? s : buf_putc(out, '\n');
}

static enum app_status explain_reqs(struct buf *out, const struct criteria_result *r,
                                    enum rule_item_kind kind, const char *title, int *section)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nreqs; i++)
		n += r->reqs[i].kind == kind;
	if (!n)
		return APP_OK;
	enum app_status s = buf_printf(out, "\n%s、%s\n", cn_num[(*section)++ % 8], title);
	for (size_t i = 0; i < r->nreqs && !s; i++) {
		const struct criteria_req *q = &r->reqs[i];
		if (q->kind != kind)
			continue;
		if (kind == RULE_REVIEW) {
			s = buf_printf(out, "  [人工] %s%s%s%s\n", q->label,
			               q->clause[0] ? "〔" : "", q->clause,
			               q->clause[0] ? "〕" : "");
			continue;
		}
		s = buf_printf(out, "  %s %s%s%s%s\n", mark(q->met), q->label,
		               q->clause[0] ? "〔" : "", q->clause, q->clause[0] ? "〕" : "");
		for (size_t k = 0; k < q->nlines && !s; k++)
			s = buf_printf(out, "        %s\n", q->lines[k]);
		if (!s && q->met == CRITERIA_UNKNOWN && q->nmissing)
			s = explain_missing(out, q->missing, q->nmissing, "        ");
	}
	return s;
}

static enum app_status explain_scores(struct buf *out, const struct criteria_result *r,
                                      int *section)
{
	char a[48], b[48];
	if (!r->ninds)
		return APP_OK;
	fmt_points(a, sizeof a, r->score, r->score_hi);
	enum app_status s = buf_printf(out, "\n%s、评分(满分 %g 分,得 %s 分)\n",
	                               cn_num[(*section)++ % 8], r->score_max, a);
	for (int g = -1; g < (int)r->ngroups && !s; g++) {
		if (g >= 0) {
			const struct criteria_group *gr = &r->groups[g];
			fmt_points(a, sizeof a, gr->score, gr->score_hi);
			s = buf_printf(out, "  %s %s / %g 分", gr->label, a, gr->max);
			if (!s && gr->has_min)
				s = buf_printf(out, "(最低 %g 分%s)", gr->min,
				               gr->min_met == CRITERIA_YES  ? ",已达到"
				               : gr->min_met == CRITERIA_NO ? ",未达到"
				                                            : ",待定");
			if (!s)
				s = buf_putc(out, '\n');
		}
		for (size_t i = 0; i < r->ninds && !s; i++) {
			const struct criteria_ind *d = &r->inds[i];
			if (d->group != g)
				continue;
			fmt_points(b, sizeof b, d->points, d->points_hi);
			s = buf_printf(out, "    %s:%s → %s / %g 分\n", d->label,
			               d->basis[0] ? d->basis : "-", b, d->max);
			if (!s && d->points != d->points_hi && d->nmissing)
				s = explain_missing(out, d->missing, d->nmissing, "        ");
		}
	}
	if (!s) {
		fmt_points(a, sizeof a, r->score, r->score_hi);
		s = buf_printf(out, "  合计 %s 分\n", a);
	}
	return s;
}

enum app_status criteria_explain(const struct criteria *c, const struct criteria_result *r,
                                 const struct enterprise *ent, struct buf *out)
{
	const struct rule_info *info = rule_info(c->prog);
	char a[48];
	int section = 0;
	enum app_status s = buf_printf(out, "%s\n", info->title[0] ? info->title : c->name);
	if (!s && info->source[0])
		s = buf_printf(out, "依据:%s%s%s%s\n", info->source,
		               info->effective[0] ? "(自 " : "", info->effective,
		               info->effective[0] ? " 起施行)" : "");
	if (!s && ent)
		s = buf_printf(out, "企业:%s(统一社会信用代码 %s)\n", ent->name, ent->uscc);
	if (!s)
		s = buf_printf(out, "评价年度:%d 年(即申报时的\"上年度\")\n", r->year);
	if (!s) {
		s = buf_printf(out, "结论:%s", criteria_verdict_label(r->verdict));
		if (!s && r->ninds) {
			fmt_points(a, sizeof a, r->score, r->score_hi);
			s = buf_printf(out, ",评分 %s / %g 分", a, r->score_max);
		}
		if (!s)
			s = buf_putc(out, '\n');
	}
	if (!s && r->verdict == CRITERIA_INSUFFICIENT && r->nmissing)
		s = explain_missing(out, r->missing, r->nmissing, "");
	if (!s)
		s = explain_reqs(out, r, RULE_REQUIRE, "基本条件(须同时满足)", &section);
	if (!s)
		s = explain_scores(out, r, &section);
	if (!s)
		s = explain_reqs(out, r, RULE_ROUTE, "直通条件(满足任一项即可)", &section);
	if (!s)
		s = explain_reqs(out, r, RULE_REVIEW, "需人工审核(不参与自动判定)", &section);
	return s;
}

/* ---- batch ---- */

#define BATCH_CHUNK 65536 /* firms per call into the engine; a multiple of 64 */

static const struct rule_column *column_of(const struct criteria_columns *cols,
                                           struct rule_input in)
{
	static const struct rule_column none = {NULL, NULL};
	if (in.sym < ANNUAL_KEY_COUNT)
		return -in.offset < CRITERIA_YEARS ? &cols->annual[in.sym][-in.offset] : &none;
	if (in.sym < SYM_YEAR)
		return &cols->fixed[in.sym - ANNUAL_KEY_COUNT];
	return &none;
}

enum app_status criteria_eval_batch(const struct criteria *c, const struct criteria_columns *cols,
                                    int year, uint8_t *verdict, double *score, double *score_hi)
{
	const struct rule_program *p = c->prog;
	size_t ni = rule_input_count(p);
	struct rule_column *pc = xcalloc(ni ? ni : 1, sizeof *pc);
	struct rule_ival *out[2];
	out[0] = xmalloc(BATCH_CHUNK * sizeof *out[0]);
	out[1] = xmalloc(BATCH_CHUNK * sizeof *out[1]);
	size_t items[2] = {c->pass_item, c->score_item};
	enum app_status s = APP_OK;
	for (size_t base = 0; base < cols->n && !s; base += BATCH_CHUNK) {
		size_t m = cols->n - base < BATCH_CHUNK ? cols->n - base : BATCH_CHUNK;
		for (size_t i = 0; i < ni; i++) {
			const struct rule_column *src = column_of(cols, rule_input(p, i));
			pc[i].v = src->v ? src->v + base : NULL;
			pc[i].has = src->has ? src->has + base / 64 : NULL;
		}
		s = rule_eval_batch(p, pc, m, year, items, 2, out);
		for (size_t k = 0; k < m && !s; k++) {
			struct rule_ival v = out[0][k];
			verdict[base + k] = v.lo >= 1   ? CRITERIA_PASS
			                    : v.hi <= 0 ? CRITERIA_FAIL
			                                : CRITERIA_INSUFFICIENT;
			if (score)
				score[base + k] = out[1][k].lo;
			if (score_hi)
				score_hi[base + k] = out[1][k].hi;
		}
	}
	free(pc);
	free(out[0]);
	free(out[1]);
	return s;
}

enum app_status criteria_eval_items(const struct criteria *c, const struct criteria_columns *cols,
                                    int year, const size_t *items, size_t nitems,
                                    struct rule_ival *const *out)
{
	const struct rule_program *p = c->prog;
	size_t ni = rule_input_count(p);
	for (size_t j = 0; j < nitems; j++)
		if (items[j] >= rule_item_count(p))
			return APP_EINVAL;
	struct rule_column *pc = xcalloc(ni ? ni : 1, sizeof *pc);
	struct rule_ival **o = xcalloc(nitems ? nitems : 1, sizeof *o);
	enum app_status s = APP_OK;
	for (size_t base = 0; base < cols->n && !s; base += BATCH_CHUNK) {
		size_t m = cols->n - base < BATCH_CHUNK ? cols->n - base : BATCH_CHUNK;
		for (size_t i = 0; i < ni; i++) {
			const struct rule_column *src = column_of(cols, rule_input(p, i));
			pc[i].v = src->v ? src->v + base : NULL;
			pc[i].has = src->has ? src->has + base / 64 : NULL;
		}
		for (size_t j = 0; j < nitems; j++)
			o[j] = out[j] + base;
		s = rule_eval_batch(p, pc, m, year, items, nitems, o);
	}
	free(pc);
	free(o);
	return s;
}
