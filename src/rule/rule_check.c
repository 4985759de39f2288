/* rule_check.c - name resolution, types and units.
 *
 * Every name is resolved against, in order: the file's declarations
 * (param, def, require, route, indicator, group), the host symbol table,
 * and the special names (score, requirements, routes, minimums). Types are
 * bool, number (with a dimension: plain, money, persons, years) and level.
 * Unit rules catch the common slips of hand-edited criteria: a money figure
 * compared with a bare number ("revenue >= 1000": 元 or 万元?), money added
 * to persons, arithmetic on a level code. The literal 0 takes any unit. */
#include <stdio.h>
#include <string.h>

#include "rule/rule_int.h"

const struct rule_builtin rule_builtins[B_COUNT_] = {
    [B_MIN] = {"min", 1, -1, "min(x, y, ...): 最小值"},
    [B_MAX] = {"max", 1, -1, "max(x, y, ...): 最大值"},
    [B_ABS] = {"abs", 1, 1, "abs(x): 绝对值"},
    [B_FLOOR] = {"floor", 1, 1, "floor(x): 向下取整"},
    [B_CEIL] = {"ceil", 1, 1, "ceil(x): 向上取整"},
    [B_ROUND] = {"round", 1, 1, "round(x): 四舍五入取整"},
    [B_SQRT] = {"sqrt", 1, 1, "sqrt(x): 平方根"},
    [B_COUNT] = {"count", 1, -1, "count(b1, b2, ...): 成立的条件个数"},
    [B_MEAN] = {"mean", 1, -1, "mean(x, y, ...): 算术平均"},
    [B_SUM_OVER] = {"sum_over", 2, 2, "sum_over(x, n): 本期及之前共 n 期之和"},
    [B_MEAN_OVER] = {"mean_over", 2, 2, "mean_over(x, n): 本期及之前共 n 期的平均"},
    [B_ANY_OVER] = {"any_over", 2, 2, "any_over(b, n): 本期及之前 n 期中任一期成立"},
    [B_ALL_OVER] = {"all_over", 2, 2, "all_over(b, n): 本期及之前 n 期每一期都成立"},
};

int rule_builtin_find(const char *name)
{
	for (int i = 0; i < B_COUNT_; i++)
		if (strcmp(rule_builtins[i].name, name) == 0)
			return i;
	return -1;
}

static const char *const special_names[] = {
    [SP_SCORE] = "score",
    [SP_REQUIREMENTS] = "requirements",
    [SP_ROUTES] = "routes",
    [SP_MINIMUMS] = "minimums",
};

static const char *dim_name(int dim)
{
	static const char *const names[RULE_DIM_COUNT] = {"不带单位的数", "金额", "人数", "年数"};
	return dim >= 0 && dim < RULE_DIM_COUNT ? names[dim] : "?";
}

static const char *type_name(struct tinfo t)
{
	switch (t.type) {
	case RULE_BOOL:
		return "条件(真/假)";
	case RULE_LEVEL:
		return "等级";
	case RULE_NUMBER:
		return dim_name(t.dim);
	default:
		return "?";
	}
}

/* ---- name lookup ---- */

static int find_decl(struct rule_cc *cc, const char *name)
{
	int found = -1;
	for (size_t i = 0; i < cc->ndecls; i++) {
		const struct decl *d = &cc->decls[i];
		if (d->kind != D_PASS && !d->overridden && d->name && strcmp(d->name, name) == 0)
			found = (int)i;
	}
	return found;
}

static int find_symbol(struct rule_cc *cc, const char *name)
{
	for (size_t i = 0; i < cc->host->nsyms; i++)
		if (strcmp(cc->host->syms[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int find_special(const char *name)
{
	for (int i = SP_SCORE; i <= SP_MINIMUMS; i++)
		if (strcmp(special_names[i], name) == 0)
			return i;
	return -1;
}

/* Edit distance, bounded; for "did you mean" hints. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > MAX_RULE_NAME || lb > MAX_RULE_NAME)
		return 99;
	int row[MAX_RULE_NAME + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cur = row[j];
			int sub = prev + (a[i - 1] != b[j - 1]);
			int del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = cur;
		}
	}
	return row[lb];
}

static const char *suggest(struct rule_cc *cc, const char *name)
{
	const char *best = NULL;
	int bd = strlen(name) <= 3 ? 2 : 3; /* suggest at distance < bd */
	for (size_t i = 0; i < cc->ndecls; i++) {
		const char *n = cc->decls[i].name;
		int d;
		if (n && cc->decls[i].kind != D_PASS && (d = distance(name, n)) < bd) {
			bd = d;
			best = n;
		}
	}
	for (size_t i = 0; i < cc->host->nsyms; i++) {
		int d = distance(name, cc->host->syms[i].name);
		if (d < bd) {
			bd = d;
			best = cc->host->syms[i].name;
		}
	}
	return best;
}

/* ---- types ---- */

static struct tinfo T(uint8_t type, uint8_t dim, bool pct) {
	struct tinfo t = {type, dim, pct, false};
	return t;
}

/* The common type of two numbers that must agree (sum, difference,
 * comparison, arms of if/cases/bands). */
static bool
unify(struct tinfo a, struct tinfo b, struct tinfo *out)
{
	if (a.type != b.type)
		return false;
	*out = a;
	out->pct = a.pct || b.pct;
	if (a.type != RULE_NUMBER)
		return true;
	out->zero = a.zero && b.zero;
	if (a.dim == b.dim)
		return true;
	if (a.zero) {
		out->dim = b.dim;
		return true;
	}
	if (b.zero) {
		out->dim = a.dim;
		return true;
	}
	return false;
}

static bool check_node(struct rule_cc *cc, struct node *n);
static bool check_decl(struct rule_cc *cc, struct decl *d);

static bool want_type(struct rule_cc *cc, struct node *n, int type, const char *ctx)
{
	if (!check_node(cc, n))
		return false;
	if (n->t.type == type)
		return true;
	return rule_cc_error_at(cc, n, "%s应为%s,而这里是%s", ctx,
	                        type == RULE_BOOL ? "条件(真/假)" : "数值", type_name(n->t));
}

static bool want_number(struct rule_cc *cc, struct node *n, const char *ctx, bool level_ok)
{
	if (!check_node(cc, n))
		return false;
	if (n->t.type == RULE_NUMBER || (level_ok && n->t.type == RULE_LEVEL))
		return true;
	if (n->t.type == RULE_LEVEL)
		return rule_cc_error_at(cc, n, "%s不能使用等级值(等级只能比较,不能运算)", ctx);
	return rule_cc_error_at(cc, n, "%s应为数值,而这里是%s", ctx, type_name(n->t));
}

static bool check_name(struct rule_cc *cc, struct node *n)
{
	int d = find_decl(cc, n->name);
	if (d >= 0) {
		struct decl *dc = &cc->decls[d];
		n->ref_kind = R_DECL;
		n->ref = d;
		switch (dc->kind) {
		case D_PARAM:
		case D_DEF:
			if (!check_decl(cc, dc))
				return false;
			n->t = dc->t;
			return true;
		case D_REQUIRE:
		case D_ROUTE:
		case D_ALERT:
			n->t = T(RULE_BOOL, 0, false);
			return true;
		case D_INDICATOR:
		case D_GROUP:
			n->t = T(RULE_NUMBER, RULE_PLAIN, false);
			return true;
		case D_REVIEW:
			return rule_cc_error_at(
			    cc, n, "review 项 '%s' 需人工审核,不能在表达式中引用", n->name);
		default:
			break;
		}
	}
	int s = find_symbol(cc, n->name);
	if (s >= 0) {
		const struct rule_symbol *sym = &cc->host->syms[s];
		n->ref_kind = R_SYMBOL;
		n->ref = s;
		n->t = T((uint8_t)sym->type, sym->type == RULE_NUMBER ? (uint8_t)sym->dim : 0,
		         sym->percent);
		return true;
	}
	int sp = find_special(n->name);
	if (sp >= 0) {
		n->ref_kind = R_SPECIAL;
		n->ref = sp;
		n->t = sp == SP_SCORE ? T(RULE_NUMBER, RULE_PLAIN, false) : T(RULE_BOOL, 0, false);
		return true;
	}
	if (rule_builtin_find(n->name) >= 0)
		return rule_cc_error_at(cc, n, "'%s' 是函数,应写成 %s(...)", n->name, n->name);
	const char *hint = suggest(cc, n->name);
	if (hint)
		return rule_cc_error_at(cc, n, "未定义的名称 '%s'(是否是 '%s'?)", n->name, hint);
	return rule_cc_error_at(cc, n, "未定义的名称 '%s'", n->name);
}

static bool check_arith(struct rule_cc *cc, struct node *n)
{
	struct node *a = n->a, *b = n->b;
	const char *what = n->op == T_PLUS    ? "加法"
	                   : n->op == T_MINUS ? "减法"
	                   : n->op == T_STAR  ? "乘法"
	                                      : "除法";
	if (!want_number(cc, a, what, false) || !want_number(cc, b, what, false))
		return false;
	struct tinfo ta = a->t, tb = b->t;
	switch (n->op) {
	case T_PLUS:
	case T_MINUS:
		if (!unify(ta, tb, &n->t))
			return rule_cc_error_at(cc, n, "不能把%s与%s相加减", dim_name(ta.dim),
			                        dim_name(tb.dim));
		return true;
	case T_STAR:
		if (ta.dim != RULE_PLAIN && tb.dim != RULE_PLAIN)
			return rule_cc_error_at(cc, n, "%s乘以%s没有意义", dim_name(ta.dim),
			                        dim_name(tb.dim));
		n->t = T(RULE_NUMBER, ta.dim != RULE_PLAIN ? ta.dim : tb.dim, ta.pct || tb.pct);
		n->t.zero = ta.zero || tb.zero;
		return true;
	default: /* T_SLASH */
		if (ta.dim == tb.dim) {
			/* a ratio of like quantities; money and head counts read as % */
			bool pct = ta.dim == RULE_MONEY || ta.dim == RULE_PERSONS ||
			           (ta.dim == RULE_PLAIN && ta.pct);
			n->t = T(RULE_NUMBER, RULE_PLAIN, pct);
			return true;
		}
		if (tb.dim == RULE_PLAIN) {
			n->t = T(RULE_NUMBER, ta.dim, ta.pct);
			return true;
		}
		if (ta.zero) {
			n->t = T(RULE_NUMBER, RULE_PLAIN, false);
			return true;
		}
		return rule_cc_error_at(cc, n, "%s除以%s没有意义", dim_name(ta.dim),
		                        dim_name(tb.dim));
	}
}

/* Two sides of a comparison must have the same kind and unit. */
static bool comparable(struct rule_cc *cc, struct node *n, struct node *a, struct node *b)
{
	struct tinfo ta = a->t, tb = b->t, u;
	if (ta.type == RULE_BOOL || tb.type == RULE_BOOL) {
		if (ta.type == tb.type && (n->op == T_EQ || n->op == T_NE))
			return true;
		return rule_cc_error_at(cc, n,
		                        "条件(真/假)只能用 == 或 != 比较,或用 and/or/not 组合");
	}
	if (ta.type == RULE_LEVEL || tb.type == RULE_LEVEL) {
		struct tinfo o = ta.type == RULE_LEVEL ? tb : ta;
		if (o.type == RULE_LEVEL || o.dim == RULE_PLAIN)
			return true;
		return rule_cc_error_at(cc, n, "等级只能与等级或不带单位的数比较,不能与%s比较",
		                        dim_name(o.dim));
	}
	if (unify(ta, tb, &u))
		return true;
	if (ta.dim == RULE_PLAIN || tb.dim == RULE_PLAIN) {
		int d = ta.dim == RULE_PLAIN ? tb.dim : ta.dim;
		static const char *const eg[RULE_DIM_COUNT] = {"", "1000万元", "50人", "2年"};
		return rule_cc_error_at(cc, n, "%s不能与不带单位的数比较,请写明单位,如 %s",
		                        dim_name(d), eg[d]);
	}
	return rule_cc_error_at(cc, n, "不能比较%s和%s", dim_name(ta.dim), dim_name(tb.dim));
}

static bool check_bin(struct rule_cc *cc, struct node *n)
{
	switch (n->op) {
	case T_AND:
	case T_OR:
		if (!want_type(cc, n->a, RULE_BOOL, n->op == T_AND ? "and 的左边" : "or 的左边") ||
		    !want_type(cc, n->b, RULE_BOOL, n->op == T_AND ? "and 的右边" : "or 的右边"))
			return false;
		n->t = T(RULE_BOOL, 0, false);
		return true;
	case T_PLUS:
	case T_MINUS:
	case T_STAR:
	case T_SLASH:
		return check_arith(cc, n);
	case T_IN: {
		if (!want_number(cc, n->a, "in 的左边", true))
			return false;
		for (int i = 0; i < n->b->nkids; i++) {
			struct node *k = n->b->kids[i];
			if (!want_number(cc, k, "集合元素", false))
				return false;
			struct node tmp = *n;
			if (!comparable(cc, &tmp, n->a, k))
				return false;
		}
		n->b->t = n->a->t;
		n->t = T(RULE_BOOL, 0, false);
		return true;
	}
	default: /* comparisons */
		if (!check_node(cc, n->a) || !check_node(cc, n->b) ||
		    !comparable(cc, n, n->a, n->b))
			return false;
		n->t = T(RULE_BOOL, 0, false);
		return true;
	}
}

/* The period count of *_over: an integer literal or a param (its value is
 * checked when the param is known, in rule_emit.c). */
static bool const_count(struct rule_cc *cc, struct node *k, const char *fn)
{
	if (k->kind == N_NAME) {
		if (!check_node(cc, k))
			return false;
		if (k->ref_kind == R_DECL && cc->decls[k->ref].kind == D_PARAM &&
		    k->t.type == RULE_NUMBER && k->t.dim == RULE_PLAIN)
			return true;
	} else if (k->kind == N_NUM && k->unit == U_NONE && k->num >= 1 &&
	           k->num <= MAX_RULE_SHIFT + 1 && k->num == (double)(int)k->num) {
		k->t = T(RULE_NUMBER, RULE_PLAIN, false);
		return true;
	}
	return rule_cc_error_at(cc, k,
	                        "%s 的第二个参数应为期数(1 到 %d 的整数,或取值为整数的 param)", fn,
	                        MAX_RULE_SHIFT + 1);
}

static bool check_call(struct rule_cc *cc, struct node *n)
{
	int b = rule_builtin_find(n->name);
	if (b < 0) {
		if (find_decl(cc, n->name) >= 0 || find_symbol(cc, n->name) >= 0)
			return rule_cc_error_at(cc, n, "'%s' 不是函数,不能加括号调用", n->name);
		return rule_cc_error_at(cc, n, "未知的函数 '%s'", n->name);
	}
	const struct rule_builtin *bi = &rule_builtins[b];
	n->builtin = b;
	if (n->nkids < bi->min_args || (bi->max_args >= 0 && n->nkids > bi->max_args))
		return rule_cc_error_at(cc, n, "函数 %s 的参数个数不对:%s", bi->name, bi->doc);
	switch (b) {
	case B_COUNT:
		for (int i = 0; i < n->nkids; i++)
			if (!want_type(cc, n->kids[i], RULE_BOOL, "count 的参数"))
				return false;
		n->t = T(RULE_NUMBER, RULE_PLAIN, false);
		return true;
	case B_ANY_OVER:
	case B_ALL_OVER:
		if (!want_type(cc, n->kids[0], RULE_BOOL, "第一个参数") ||
		    !const_count(cc, n->kids[1], bi->name))
			return false;
		n->t = T(RULE_BOOL, 0, false);
		return true;
	case B_SUM_OVER:
	case B_MEAN_OVER:
		if (!want_number(cc, n->kids[0], "第一个参数", false) ||
		    !const_count(cc, n->kids[1], bi->name))
			return false;
		n->t = n->kids[0]->t;
		n->t.zero = false;
		return true;
	case B_MIN:
	case B_MAX: {
		bool level = false;
		for (int i = 0; i < n->nkids; i++) {
			if (!want_number(cc, n->kids[i], "min/max 的参数", true))
				return false;
			level |= n->kids[i]->t.type == RULE_LEVEL;
		}
		struct tinfo t = n->kids[0]->t;
		for (int i = 1; i < n->nkids; i++) {
			struct tinfo k = n->kids[i]->t;
			if (level) {
				if (k.type == RULE_NUMBER && k.dim != RULE_PLAIN)
					return rule_cc_error_at(
					    cc, n->kids[i], "等级不能与%s取最值", dim_name(k.dim));
				continue;
			}
			if (!unify(t, k, &t))
				return rule_cc_error_at(cc, n->kids[i],
				                        "min/max 的参数单位不一致:%s与%s",
				                        dim_name(t.dim), dim_name(k.dim));
		}
		if (level)
			t = T(RULE_LEVEL, 0, false);
		n->t = t;
		return true;
	}
	case B_MEAN: {
		struct tinfo t;
		for (int i = 0; i < n->nkids; i++)
			if (!want_number(cc, n->kids[i], "mean 的参数", false))
				return false;
		t = n->kids[0]->t;
		for (int i = 1; i < n->nkids; i++)
			if (!unify(t, n->kids[i]->t, &t))
				return rule_cc_error_at(cc, n->kids[i], "mean 的参数单位不一致");
		n->t = t;
		return true;
	}
	default: /* abs floor ceil round sqrt */
		if (!want_number(cc, n->kids[0], "参数", false))
			return false;
		if (b == B_SQRT && n->kids[0]->t.dim != RULE_PLAIN)
			return rule_cc_error_at(cc, n, "sqrt 的参数应为不带单位的数");
		n->t = n->kids[0]->t;
		n->t.zero = false;
		return true;
	}
}

/* Arms of if/cases/bands must agree; conditions must be bools. */
static bool check_arms(struct rule_cc *cc, struct node *n, struct node **arms, int narms)
{
	struct tinfo t = arms[0]->t;
	for (int i = 1; i < narms; i++) {
		if (!unify(t, arms[i]->t, &t))
			return rule_cc_error_at(cc, arms[i], "各分支的值类型应一致:%s与%s",
			                        type_name(t), type_name(arms[i]->t));
	}
	n->t = t;
	return true;
}

static bool check_cond_list(struct rule_cc *cc, struct node *n)
{
	struct node *arms[MAX_RULE_BANDS + 1];
	int na = 0;
	for (int i = 0; i + 1 < n->nkids; i += 2) {
		if (!want_type(cc, n->kids[i], RULE_BOOL, "条件") ||
		    !check_node(cc, n->kids[i + 1]))
			return false;
		arms[na++] = n->kids[i + 1];
	}
	if (!check_node(cc, n->kids[n->nkids - 1]))
		return false;
	arms[na++] = n->kids[n->nkids - 1];
	return check_arms(cc, n, arms, na);
}

static bool check_bands(struct rule_cc *cc, struct node *n)
{
	struct node *arms[MAX_RULE_BANDS];
	if (!want_number(cc, n->a, "bands 的取值", true))
		return false;
	for (int i = 0; i < n->nrows; i++) {
		struct band_row *r = &n->rows[i];
		struct node *bounds[2] = {r->lo, r->hi};
		for (int j = 0; j < 2; j++) {
			if (!bounds[j])
				continue;
			if (!want_number(cc, bounds[j], "分档界限", false))
				return false;
			struct node tmp = *n;
			tmp.op = T_GE;
			if (!comparable(cc, &tmp, n->a, bounds[j]))
				return false;
		}
		if (!check_node(cc, r->arm))
			return false;
		arms[i] = r->arm;
	}
	return check_arms(cc, n, arms, n->nrows);
}

static bool check_node(struct rule_cc *cc, struct node *n)
{
	if (n->t.type)
		return true; /* shared subtree already checked */
	switch (n->kind) {
	case N_NUM:
		switch (n->unit) {
		case U_NONE:
			n->t = T(RULE_NUMBER, RULE_PLAIN, false);
			n->t.zero = n->num == 0;
			break;
		case U_PERCENT:
			n->t = T(RULE_NUMBER, RULE_PLAIN, true);
			break;
		case U_YEAR:
			n->t = T(RULE_NUMBER, RULE_YEARS, false);
			break;
		case U_PERSON:
			n->t = T(RULE_NUMBER, RULE_PERSONS, false);
			break;
		default:
			n->t = T(RULE_NUMBER, RULE_MONEY, false);
			break;
		}
		return true;
	case N_BOOL:
		n->t = T(RULE_BOOL, 0, false);
		return true;
	case N_NAME:
		return check_name(cc, n);
	case N_NEG:
		if (!want_number(cc, n->a, "负号之后", false))
			return false;
		n->t = n->a->t;
		return true;
	case N_NOT:
		if (!want_type(cc, n->a, RULE_BOOL, "not 之后"))
			return false;
		n->t = n->a->t;
		return true;
	case N_BIN:
		return check_bin(cc, n);
	case N_CALL:
		return check_call(cc, n);
	case N_AT:
		if (!check_node(cc, n->a))
			return false;
		n->t = n->a->t;
		return true;
	case N_IF:
	case N_CASES:
		return check_cond_list(cc, n);
	case N_BANDS:
		return check_bands(cc, n);
	case N_SET:
		return rule_cc_error_at(cc, n, "集合只能写在 in 之后");
	}
	return rule_cc_error_at(cc, n, "内部错误:未知的语法节点");
}

static bool check_unit_attr(struct rule_cc *cc, struct decl *d)
{
	static const struct {
		const char *unit;
		int dim;
	} ok[] = {
	    {"%", RULE_PLAIN}, {"万元", RULE_MONEY}, {"人", RULE_PERSONS}, {"年", RULE_YEARS}};
	if (!d->unit[0])
		return true;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (strcmp(d->unit, ok[i].unit) != 0)
			continue;
		if (d->t.type != RULE_NUMBER || d->t.dim != ok[i].dim)
			return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
			                     "unit \"%s\" 与 %s 的值(%s)不符", d->unit, d->name,
			                     type_name(d->t));
		if (ok[i].unit[0] == '%')
			d->t.pct = true;
		return true;
	}
	return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
	                     "unit 只能是 \"%%\"、\"万元\"、\"人\" 或 \"年\"");
}

static bool check_decl(struct rule_cc *cc, struct decl *d)
{
	if (d->state == 2)
		return true;
	if (d->state == 1)
		return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
		                     "'%s' 的定义引用了自身(循环定义)", d->name);
	if (cc->def_depth >= MAX_RULE_DEPTH)
		return rule_cc_error(cc, APP_ETOOLARGE, d->file, d->line, d->col,
		                     "'%s' 的定义嵌套引用超过 %d 层", d->name, MAX_RULE_DEPTH);
	d->state = 1;
	cc->def_depth++;
	bool ok = true;
	switch (d->kind) {
	case D_PARAM:
	case D_DEF:
		ok = check_node(cc, d->expr);
		if (ok) {
			d->t = d->expr->t;
			d->t.zero = false;
			ok = d->kind == D_PARAM || check_unit_attr(cc, d);
		}
		break;
	case D_REQUIRE:
	case D_ROUTE:
	case D_ALERT:
	case D_PASS:
		ok = want_type(cc, d->expr, RULE_BOOL,
		               d->kind == D_PASS    ? "pass 的表达式"
		               : d->kind == D_ROUTE ? "route 的表达式"
		               : d->kind == D_ALERT ? "alert 的表达式"
		                                    : "require 的表达式");
		break;
	case D_INDICATOR:
		ok = want_number(cc, d->expr, "指标分值", false);
		if (ok && d->expr->t.dim != RULE_PLAIN)
			ok = rule_cc_error_at(cc, d->expr, "指标分值应为不带单位的数,而这里是%s",
			                      dim_name(d->expr->t.dim));
		break;
	default:
		break;
	}
	cc->def_depth--;
	d->state = ok ? 2 : 0;
	return ok;
}

/* Duplicate names: a param in the main file overrides one of the same name
 * in a used file; any other repetition is an error. */
static bool check_names(struct rule_cc *cc)
{
	for (size_t i = 0; i < cc->ndecls; i++) {
		struct decl *d = &cc->decls[i];
		if (d->kind == D_PASS)
			continue;
		if (find_symbol(cc, d->name) >= 0)
			return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
			                     "'%s' 与数据项重名,请换一个名称", d->name);
		if (find_special(d->name) >= 0 || rule_builtin_find(d->name) >= 0)
			return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
			                     "'%s' 是保留名称,请换一个名称", d->name);
		for (size_t j = 0; j < i; j++) {
			struct decl *e = &cc->decls[j];
			if (e->kind == D_PASS || e->overridden || strcmp(e->name, d->name) != 0)
				continue;
			if (d->kind == D_PARAM && e->kind == D_PARAM &&
			    d->main_file != e->main_file) {
				(d->main_file ? e : d)->overridden = true;
				continue;
			}
			return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
			                     "'%s' 重复声明(上次在 %s:%d)", d->name,
			                     cc->prog->files[e->file].name, e->line);
		}
	}
	return true;
}

bool rule_check(struct rule_cc *cc)
{
	if (!check_names(cc))
		return false;
	for (size_t i = 0; i < cc->ndecls; i++) {
		struct decl *d = &cc->decls[i];
		if (d->kind == D_INDICATOR && d->group_name) {
			int g = find_decl(cc, d->group_name);
			if (g < 0 || cc->decls[g].kind != D_GROUP)
				return rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
				                     "indicator %s 的分组 '%s' 没有用 group 声明",
				                     d->name, d->group_name);
			d->group = g;
		}
		if (!d->overridden && !check_decl(cc, d))
			return false;
	}
	return true;
}
