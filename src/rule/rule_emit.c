/* rule_emit.c - code generation: from the checked syntax tree to a flat
 * list of instructions in SSA form (instruction i defines value i, operands
 * are earlier instructions).
 *
 * - defs are expanded at each use, shifted by the period offset in force
 *   (`rd_ratio@-1` reads rd_expense@-1 / revenue@-1); expansions are
 *   memoised per (def, offset) so chains of defs cannot blow up;
 * - equal instructions are shared (hash-consing), so a derived value used by
 *   three rules is computed once;
 * - operations on constants are folded, and and/or/if with a constant
 *   operand are simplified (parameters are constants, so a switch such as
 *   geometric_growth removes the branch not taken);
 * - unreachable instructions and unread inputs are dropped;
 * - batch registers are allocated by liveness, so a block of RULE_BLOCK
 *   firms needs only as many value arrays as are live at once. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule/rule_int.h"

struct em {
	struct rule_cc *cc;
	struct rule_program *p;
	int cur_edges;         /* edges of the indicator being compiled, 0 = default */
	int special[5];        /* instruction of each special name; -1 none, -2 in progress */
	const struct node *at; /* node for errors in helpers */
};

/* Operand count of each op (a, b, c are instructions). */
static int arity(int op)
{
	switch (op) {
	case OP_CONST:
	case OP_LOAD:
	case OP_PERIOD:
		return 0;
	case OP_NEG:
	case OP_FLOOR:
	case OP_CEIL:
	case OP_ROUND:
	case OP_ABS:
	case OP_SQRT:
	case OP_NOT:
	case OP_IN:
	case OP_BAND:
	case OP_CLAMP:
	case OP_CASE1:
		return 1;
	case OP_IF:
		return 3;
	default:
		return 2;
	}
}

static uint64_t dbits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

/* An immediate operand is compared by value (kb, kc), not by the index of
 * the constant it came from: `x >= 3%` written twice is one instruction. */
static size_t hash_ins(const struct rins *in)
{
	uint64_t h = 1469598103934665603ull;
	uint64_t b = in->imm & IMM_B ? dbits(in->kb[0]) ^ (dbits(in->kb[1]) << 1) : (uint32_t)in->b;
	uint64_t c = in->imm & IMM_C ? dbits(in->kc[0]) ^ (dbits(in->kc[1]) << 1) : (uint32_t)in->c;
	uint64_t parts[6] = {in->op | (uint64_t)in->imm << 8,
	                     (uint64_t)(uint32_t)in->a,
	                     b,
	                     c,
	                     dbits(in->k0),
	                     dbits(in->k1)};
	for (int i = 0; i < 6; i++) {
		h ^= parts[i];
		h *= 1099511628211ull;
		h ^= h >> 29;
	}
	return (size_t)h;
}

static bool same_ins(const struct rins *x, const struct rins *y)
{
	if (x->op != y->op || x->imm != y->imm || x->a != y->a || dbits(x->k0) != dbits(y->k0) ||
	    dbits(x->k1) != dbits(y->k1))
		return false;
	if (x->imm & IMM_B
	        ? dbits(x->kb[0]) != dbits(y->kb[0]) || dbits(x->kb[1]) != dbits(y->kb[1])
	        : x->b != y->b)
		return false;
	if (x->imm & IMM_C
	        ? dbits(x->kc[0]) != dbits(y->kc[0]) || dbits(x->kc[1]) != dbits(y->kc[1])
	        : x->c != y->c)
		return false;
	return true;
}

static void rehash(struct rule_cc *cc, struct rule_program *p)
{
	size_t cap = cc->hashcap ? cc->hashcap * 2 : 1024;
	free(cc->hash);
	cc->hash = xmalloc(cap * sizeof *cc->hash);
	for (size_t i = 0; i < cap; i++)
		cc->hash[i] = -1;
	cc->hashcap = cap;
	for (size_t i = 0; i < p->nins; i++) {
		if (p->ins[i].op == OP_CONST)
			continue;
		size_t h = hash_ins(&p->ins[i]) & (cap - 1);
		while (cc->hash[h] >= 0)
			h = (h + 1) & (cap - 1);
		cc->hash[h] = (int)i;
	}
}

static bool is_const(const struct rule_program *p, int i)
{
	return p->ins[i].op == OP_CONST;
}

static bool is_exact_const(const struct rule_program *p, int i, double v)
{
	return p->ins[i].op == OP_CONST && p->ins[i].k0 == v && p->ins[i].k1 == v;
}

static bool set_meta_from(struct em *E, struct rmeta *m, const struct node *src)
{
	memset(m, 0, sizeof *m);
	m->file = -1;
	m->type = RULE_NUMBER;
	(void)E;
	if (src) {
		m->file = src->file;
		m->pos = src->pos;
		m->end = src->end;
		m->type = src->t.type ? src->t.type : RULE_NUMBER;
		m->dim = src->t.dim;
		m->pct = src->t.pct;
	}
	return true;
}

static bool is_cmp(int op)
{
	return op >= OP_LT && op <= OP_NE;
}

static bool commutes(int op)
{
	return op == OP_ADD || op == OP_MUL || op == OP_MIN || op == OP_MAX || op == OP_EQ ||
	       op == OP_NE || op == OP_AND || op == OP_OR;
}

/* The range of values an instruction can take for any firm: the interval
 * evaluator run on the operands' ranges, starting from "anything" for
 * every input (bools are 0/1 once loaded). */
static struct rule_ival static_range(struct em *E, const struct rins *in)
{
	struct rule_program *p = E->p;
	const struct rule_ival *rg = E->cc->range;
	switch (in->op) {
	case OP_CONST:
		return (struct rule_ival){in->k0, in->k1};
	case OP_LOAD:
		if (p->syms[in->b].type == RULE_BOOL)
			return (struct rule_ival){0, 1};
		return (struct rule_ival){-INFINITY, INFINITY};
	case OP_PERIOD:
		return (struct rule_ival){-INFINITY, INFINITY};
	default:
		break;
	}
	int n = arity(in->op);
	double a[2] = {rg[in->a].lo, rg[in->a].hi}, b[2] = {0, 0}, c[2] = {0, 0}, o[2];
	if (n >= 2)
		b[0] = rg[in->b].lo, b[1] = rg[in->b].hi;
	if (n >= 3)
		c[0] = rg[in->c].lo, c[1] = rg[in->c].hi;
	rule_vm_fold(in, p, a, b, c, o);
	return (struct rule_ival){o[0], o[1]};
}

static int add_const(struct em *E, double lo, double hi, const struct node *src);

/* Appends an instruction (or finds an equal one, or folds it). Returns its
 * index, or -1 after an error. src gives the meta data (may be NULL). */
static int add(struct em *E, struct rins in, const struct node *src)
{
	struct rule_cc *cc = E->cc;
	struct rule_program *p = E->p;
	int n = arity(in.op);
	/* simplifications with constant operands */
	if (in.op == OP_AND || in.op == OP_OR) {
		double absorb = in.op == OP_AND ? 0 : 1, ident = 1 - absorb;
		if (is_exact_const(p, in.a, absorb) || is_exact_const(p, in.b, absorb))
			in = (struct rins){.op = OP_CONST, .k0 = absorb, .k1 = absorb};
		else if (is_exact_const(p, in.a, ident))
			return in.b;
		else if (is_exact_const(p, in.b, ident))
			return in.a;
		n = arity(in.op);
	} else if (in.op == OP_IF) {
		if (is_exact_const(p, in.a, 1))
			return in.b;
		if (is_exact_const(p, in.a, 0))
			return in.c;
		if (in.b == in.c)
			return in.b;
	} else if (in.op == OP_CLAMP) {
		struct rule_ival r = cc->range[in.a];
		if (r.lo >= in.k0 && r.hi <= in.k1)
			return in.a; /* already within the bounds for every firm */
	}
	/* folding: every operand constant */
	if (n > 0 && is_const(p, in.a) && (n < 2 || is_const(p, in.b)) &&
	    (n < 3 || is_const(p, in.c))) {
		struct rule_ival r = static_range(E, &in);
		in = (struct rins){.op = OP_CONST, .k0 = r.lo, .k1 = r.hi};
		n = 0;
	}
	/* dividing by a power of two is multiplying by its inverse, exactly */
	if (n == 2 && in.op == OP_DIV && is_const(p, in.b) && !is_const(p, in.a)) {
		double k = p->ins[in.b].k0;
		int e;
		if (k == p->ins[in.b].k1 && isfinite(k) && k != 0 && frexp(k, &e) == 0.5 &&
		    e > -1000 && e < 1000) {
			int inv = add_const(E, 1 / k, 1 / k, NULL);
			if (inv < 0)
				return -1;
			in.op = OP_MUL;
			in.b = inv;
		}
	}
	/* a constant goes second, where it can be an immediate */
	if (n == 2 && is_const(p, in.a) && !is_const(p, in.b)) {
		static const uint8_t flip[OP_COUNT_] = {
		    [OP_LT] = OP_GT, [OP_LE] = OP_GE, [OP_GT] = OP_LT,
		    [OP_GE] = OP_LE, [OP_EQ] = OP_EQ, [OP_NE] = OP_NE};
		if (commutes(in.op) || is_cmp(in.op)) {
			int t = in.a;
			in.a = in.b;
			in.b = t;
			if (is_cmp(in.op))
				in.op = flip[in.op];
		}
	}
	struct rule_ival rg = static_range(E, &in);
	if (n > 0 && rg.lo == rg.hi && isfinite(rg.lo)) {
		/* the same value for every firm, known or missing */
		in = (struct rins){.op = OP_CONST, .k0 = rg.lo, .k1 = rg.hi};
		n = 0;
	}
	if (n >= 2 && in.op != OP_IF && is_const(p, in.b)) {
		in.imm |= IMM_B;
		in.kb[0] = p->ins[in.b].k0;
		in.kb[1] = p->ins[in.b].k1;
	}
	if (in.op == OP_IF) {
		if (is_const(p, in.b)) {
			in.imm |= IMM_B;
			in.kb[0] = p->ins[in.b].k0;
			in.kb[1] = p->ins[in.b].k1;
		}
		if (is_const(p, in.c)) {
			in.imm |= IMM_C;
			in.kc[0] = p->ins[in.c].k0;
			in.kc[1] = p->ins[in.c].k1;
		}
	}
	/* sharing (a constant is not shared: each keeps its source text) */
	if (p->nins * 2 >= cc->hashcap)
		rehash(cc, p);
	size_t h = hash_ins(&in) & (cc->hashcap - 1);
	while (in.op != OP_CONST && cc->hash[h] >= 0) {
		int k = cc->hash[h];
		if (same_ins(&p->ins[k], &in)) {
			if (p->meta[k].file < 0 && src) { /* give it a source text */
				p->meta[k].file = src->file;
				p->meta[k].pos = src->pos;
				p->meta[k].end = src->end;
			}
			return k;
		}
		h = (h + 1) & (cc->hashcap - 1);
	}
	if (in.op != OP_CONST)
		cc->hash[h] = (int)p->nins;
	if (p->nins >= MAX_RULE_INSTRS) {
		rule_cc_error_at(cc, src ? src : E->at, "规则过大:编译后超过 %d 条指令",
		                 MAX_RULE_INSTRS);
		return -1;
	}
	size_t oldcap = cc->capins;
	xgrow((void **)&p->ins, &cc->capins, p->nins + 1, sizeof *p->ins);
	if (cc->capins != oldcap || !p->meta) {
		p->meta = xrealloc(p->meta, cc->capins * sizeof *p->meta);
		cc->range = xrealloc(cc->range, cc->capins * sizeof *cc->range);
	}
	int i = (int)p->nins++;
	p->ins[i] = in;
	cc->range[i] = rg;
	struct rmeta *m = &p->meta[i];
	set_meta_from(E, m, src);
	m->offset = 0;
	if (in.op == OP_DIV && p->meta[in.a].dim == RULE_MONEY && p->meta[in.b].dim == RULE_MONEY &&
	    p->meta[in.a].type == RULE_NUMBER)
		m->ratio = true;
	return i;
}

static int add1(struct em *E, int op, int a, const struct node *src)
{
	return add(E, (struct rins){.op = (uint8_t)op, .a = a}, src);
}

static int add2(struct em *E, int op, int a, int b, const struct node *src)
{
	return add(E, (struct rins){.op = (uint8_t)op, .a = a, .b = b}, src);
}

static int add_const(struct em *E, double lo, double hi, const struct node *src)
{
	return add(E, (struct rins){.op = OP_CONST, .k0 = lo, .k1 = hi}, src);
}

static int add_input(struct em *E, int sym, int offset)
{
	struct rule_program *p = E->p;
	for (size_t i = 0; i < p->ninputs; i++)
		if (p->inputs[i].sym == sym && p->inputs[i].offset == offset)
			return (int)i;
	xgrow((void **)&p->inputs, &E->cc->capinputs, p->ninputs + 1, sizeof *p->inputs);
	p->inputs[p->ninputs] = (struct rule_input){sym, offset};
	return (int)p->ninputs++;
}

/* mant * 10^e with one rounding when |e| <= 22 (powers of ten up to 1e22
 * are exact doubles). */
static double scaled(uint64_t mant, int e)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	if (e >= 0)
		return e <= 22 ? (double)mant * p10[e] : (double)mant * pow(10, e);
	return -e <= 22 ? (double)mant / p10[-e] : (double)mant / pow(10, -e);
}

static int emit(struct em *E, struct node *n, int shift);
static int emit_item(struct em *E, size_t item, const struct node *at);

static bool shift_ok(struct em *E, const struct node *n, int shift)
{
	if (shift < -MAX_RULE_SHIFT)
		return rule_cc_error_at(E->cc, n, "期数偏移累计超过 %d", MAX_RULE_SHIFT);
	return true;
}

static int emit_symbol(struct em *E, struct node *n, int shift)
{
	const struct rule_symbol *s = &E->cc->host->syms[n->ref];
	int i;
	if (s->kind == RULE_PERIOD) {
		i = add(E, (struct rins){.op = OP_PERIOD, .k0 = shift}, n);
	} else {
		int off = s->kind == RULE_SERIES ? shift : 0;
		if (-off > s->back) {
			rule_cc_error_at(E->cc, n, "'%s' 只有本期及之前 %d 期的数据,不能取 @%d",
			                 n->name, s->back, off);
			return -1;
		}
		int in = add_input(E, n->ref, off);
		i = add(E, (struct rins){.op = OP_LOAD, .a = in, .b = n->ref}, n);
		shift = off;
	}
	if (i >= 0 && !E->p->meta[i].label) {
		E->p->meta[i].label = s->label;
		E->p->meta[i].offset = shift;
	}
	return i;
}

/* The value of a constant expression (a literal or a param). */
static bool const_value(struct em *E, struct node *n, double *out, const char *what)
{
	int i = emit(E, n, 0);
	if (i < 0)
		return false;
	const struct rins *in = &E->p->ins[i];
	if (in->op != OP_CONST || in->k0 != in->k1 || !isfinite(in->k0))
		return rule_cc_error_at(E->cc, n, "%s必须是常量(数字或 param)", what);
	*out = in->k0;
	return true;
}

static int emit_decl(struct em *E, struct node *n, int shift)
{
	struct rule_cc *cc = E->cc;
	struct decl *d = &cc->decls[n->ref];
	if (d->kind != D_PARAM && d->kind != D_DEF) {
		if (shift != 0) {
			rule_cc_error_at(cc, n, "'%s' 是评价项,不能使用期数偏移", d->name);
			return -1;
		}
		return emit_item(E, (size_t)d->item, n);
	}
	if (d->kind == D_PARAM)
		shift = 0;
	if (!d->memo) {
		d->memo = arena_alloc(cc->arena, sizeof *d->memo * (MAX_RULE_SHIFT + 1));
		for (int i = 0; i <= MAX_RULE_SHIFT; i++)
			d->memo[i] = -1;
	}
	if (d->memo[-shift] >= 0)
		return d->memo[-shift];
	int i;
	if (d->kind == D_PARAM) {
		bool set = false;
		double v = 0;
		for (size_t k = 0; k < cc->host->nparams; k++)
			if (strcmp(cc->host->params[k].name, d->name) == 0) {
				set = true;
				v = cc->host->params[k].value;
				if (d->t.type == RULE_NUMBER && d->t.dim == RULE_MONEY)
					v *= E->p->money_unit;
			}
		i = set ? add_const(E, v, v, NULL) : emit(E, d->expr, 0);
		if (i < 0)
			return -1;
		if (set && E->p->meta[i].file < 0) {
			E->p->meta[i].type = d->t.type;
			E->p->meta[i].dim = d->t.dim;
			E->p->meta[i].pct = d->t.pct;
		}
		const struct rins *in = &E->p->ins[i];
		if (in->op != OP_CONST || in->k0 != in->k1) {
			rule_cc_error(cc, APP_EINVAL, d->file, d->line, d->col,
			              "参数 '%s' 的值必须是常量", d->name);
			return -1;
		}
	} else {
		if (++cc->def_depth > MAX_RULE_DEPTH) {
			rule_cc_error_at(cc, n, "def 嵌套引用超过 %d 层", MAX_RULE_DEPTH);
			return -1;
		}
		i = emit(E, d->expr, shift);
		cc->def_depth--;
		if (i < 0)
			return -1;
	}
	struct rmeta *m = &E->p->meta[i];
	if (!m->label && d->label[0]) {
		m->label = d->label;
		m->offset = shift;
		m->pct = d->t.pct;
	}
	d->memo[-shift] = i;
	return i;
}

static int emit_special(struct em *E, struct node *n, int shift)
{
	struct rule_program *p = E->p;
	int sp = n->ref;
	if (shift != 0) {
		rule_cc_error_at(E->cc, n, "'%s' 不能使用期数偏移", n->name);
		return -1;
	}
	if (E->special[sp] == -2) {
		rule_cc_error_at(E->cc, n, "'%s' 被循环引用", n->name);
		return -1;
	}
	if (E->special[sp] >= 0)
		return E->special[sp];
	E->special[sp] = -2;
	int r;
	if (sp == SP_SCORE) {
		r = emit_item(E, p->nitems - 2, n);
	} else {
		r = add_const(E, sp == SP_ROUTES ? 0 : 1, sp == SP_ROUTES ? 0 : 1, NULL);
		for (size_t i = 0; r >= 0 && i < p->nitems; i++) {
			const struct rule_item *it = &p->items[i];
			int x;
			if (sp == SP_REQUIREMENTS && it->kind == RULE_REQUIRE) {
				x = emit_item(E, i, n);
				r = x < 0 ? -1 : add2(E, OP_AND, r, x, NULL);
			} else if (sp == SP_ROUTES && it->kind == RULE_ROUTE) {
				x = emit_item(E, i, n);
				r = x < 0 ? -1 : add2(E, OP_OR, r, x, NULL);
			} else if (sp == SP_MINIMUMS && it->kind == RULE_GROUP && it->has_min) {
				x = emit_item(E, i, n);
				int k = add_const(E, it->min, it->min, NULL);
				int ge = x < 0 || k < 0 ? -1 : add2(E, OP_GE, x, k, NULL);
				r = ge < 0 ? -1 : add2(E, OP_AND, r, ge, NULL);
			}
		}
	}
	if (r >= 0) {
		p->meta[r].type = sp == SP_SCORE ? RULE_NUMBER : RULE_BOOL;
		if (!p->meta[r].label)
			p->meta[r].label = sp == SP_SCORE          ? "总分"
			                   : sp == SP_REQUIREMENTS ? "全部基本条件"
			                   : sp == SP_ROUTES       ? "任一直通条件"
			                                           : "各组最低分要求";
	}
	E->special[sp] = r;
	return r;
}

/* Text of a node's source span (arena). */
static const char *node_text(struct em *E, const struct node *n)
{
	const struct rfile *f = &E->p->files[n->file];
	uint32_t end = n->end <= f->len ? n->end : (uint32_t)f->len;
	return arena_strndup(E->cc->arena, f->src + n->pos, end > n->pos ? end - n->pos : 0);
}

static const char *band_text(struct em *E, const struct band_row *r, bool first, bool last,
                             int edges)
{
	char buf[256];
	const char *lo = r->lo ? node_text(E, r->lo) : "";
	const char *hi = r->hi ? node_text(E, r->hi) : "";
	if (first && last)
		snprintf(buf, sizeof buf, "全部");
	else if (first)
		snprintf(buf, sizeof buf, "%s %s", edges == 1 ? "<" : "≤", hi);
	else if (last)
		snprintf(buf, sizeof buf, "%s %s", edges == 1 ? "≥" : ">", lo);
	else
		snprintf(buf, sizeof buf, "%s-%s", lo, hi);
	return arena_strdup(E->cc->arena, buf);
}

struct brow {
	double lo, hi;
	int arm;
	const struct band_row *r;
};

static bool bands_rows(struct em *E, struct node *n, int shift, struct brow *rows)
{
	if (n->nrows < 1) /* the parser never builds one; keep the reads below in bounds */
		return rule_cc_error(E->cc, APP_EINVAL, n->file, n->line, n->col,
		                     "分档至少应有一档");
	for (int i = 0; i < n->nrows; i++) {
		struct band_row *r = &n->rows[i];
		rows[i].r = r;
		rows[i].lo = -INFINITY;
		rows[i].hi = INFINITY;
		if (r->lo && !const_value(E, r->lo, &rows[i].lo, "分档界限"))
			return false;
		if (r->hi && !const_value(E, r->hi, &rows[i].hi, "分档界限"))
			return false;
		if (!(rows[i].lo < rows[i].hi))
			return rule_cc_error(E->cc, APP_EINVAL, n->file, r->line, r->col,
			                     "分档的下限应小于上限");
		if ((rows[i].arm = emit(E, r->arm, shift)) < 0)
			return false;
	}
	/* insertion sort by lower bound */
	for (int i = 1; i < n->nrows; i++) {
		struct brow x = rows[i];
		int j = i;
		for (; j > 0 && rows[j - 1].lo > x.lo; j--)
			rows[j] = rows[j - 1];
		rows[j] = x;
	}
	const struct band_row *f = rows[0].r, *l = rows[n->nrows - 1].r;
	if (rows[0].lo != -INFINITY)
		return rule_cc_error(E->cc, APP_EINVAL, n->file, f->line, f->col,
		                     "最低一档应不设下限(写成 ~ 上限),以覆盖所有取值");
	if (rows[n->nrows - 1].hi != INFINITY)
		return rule_cc_error(E->cc, APP_EINVAL, n->file, l->line, l->col,
		                     "最高一档应不设上限(写成 下限 ~),以覆盖所有取值");
	for (int i = 1; i < n->nrows; i++) {
		if (rows[i].lo != rows[i - 1].hi) {
			const struct band_row *r = rows[i].r;
			const struct node *ph = rows[i - 1].r->hi;
			const char *prev = ph ? node_text(E, ph) : "(不设上限)";
			return rule_cc_error(E->cc, APP_EINVAL, n->file, r->line, r->col,
			                     "分档不相接:应紧接上一档的上限 %s,不能%s", prev,
			                     rows[i].lo < rows[i - 1].hi ? "重叠" : "留空");
		}
	}
	return true;
}

/* bands: a table lookup when every band's value is a constant, otherwise
 * a chain of if/else on the cuts. */
static int emit_bands(struct em *E, struct node *n, int shift)
{
	struct rule_program *p = E->p;
	struct brow rows[MAX_RULE_BANDS] = {0};
	int v = emit(E, n->a, shift);
	if (v < 0 || !bands_rows(E, n, shift, rows))
		return -1;
	int edges = n->edges ? n->edges : E->cur_edges ? E->cur_edges : E->cc->default_edges;
	int k = n->nrows - 1;
	bool consts = true;
	for (int i = 0; i <= k; i++)
		consts &= p->ins[rows[i].arm].op == OP_CONST &&
		          p->ins[rows[i].arm].k0 == p->ins[rows[i].arm].k1;
	if (consts) {
		xgrow((void **)&p->bands, &E->cc->capbands, p->nbands + 1, sizeof *p->bands);
		struct band_table *t = &p->bands[p->nbands];
		t->ncuts = k;
		t->edges = edges;
		t->cuts = arena_alloc(E->cc->arena, sizeof(double) * (size_t)(k + 1));
		t->thr = arena_alloc(E->cc->arena, sizeof(double) * (size_t)(k + 1));
		t->pts = arena_alloc(E->cc->arena, sizeof(double) * (size_t)(k + 1));
		t->text = arena_alloc(E->cc->arena, sizeof(char *) * (size_t)(k + 1));
		for (int i = 0; i <= k; i++) {
			if (i > 0) {
				double cut = rows[i].lo, tk = rule_tie_k(cut);
				t->cuts[i - 1] = cut;
				/* "[)": v >= cut - tie; "(]": v > cut + tie, i.e. v >= the next
				 * double */
				t->thr[i - 1] =
				    edges == 1 ? cut - tk : nextafter(cut + tk, INFINITY);
			}
			t->pts[i] = p->ins[rows[i].arm].k0;
			t->text[i] = band_text(E, rows[i].r, i == 0, i == k, edges);
		}
		bool up = true, down = true;
		for (int i = 0; i <= k; i++) {
			bool negzero = t->pts[i] == 0 && signbit(t->pts[i]);
			up &= !negzero && (i == 0 || t->pts[i] >= t->pts[i - 1]);
			down &= !negzero && (i == 0 || t->pts[i] <= t->pts[i - 1]);
		}
		t->mono = up ? 1 : down ? -1 : 0;
		return add(E, (struct rins){.op = OP_BAND, .a = v, .b = (int)p->nbands++}, n);
	}
	int r = rows[0].arm;
	for (int i = 1; i <= k && r >= 0; i++) {
		int cut = add_const(E, rows[i].lo, rows[i].lo, rows[i].r->lo);
		int cond = cut < 0 ? -1 : add2(E, edges == 1 ? OP_GE : OP_GT, v, cut, NULL);
		if (cond >= 0) {
			p->meta[cond].type = RULE_BOOL;
			p->meta[cond].file = -1;
		}
		r = cond < 0
		        ? -1
		        : add(E, (struct rins){.op = OP_IF, .a = cond, .b = rows[i].arm, .c = r},
		              n);
	}
	return r;
}

static int emit_set(struct em *E, struct node *s)
{
	struct rule_program *p = E->p;
	double v[MAX_RULE_ARGS] = {0};
	int nv = 0;
	for (int i = 0; i < s->nkids; i++) {
		double x;
		if (!const_value(E, s->kids[i], &x, "集合元素"))
			return -1;
		int j = nv;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		if (j > 0 && v[j - 1] == x) { /* duplicate: undo the shift */
			for (; j < nv; j++)
				v[j] = v[j + 1];
			continue;
		}
		v[j] = x;
		nv++;
	}
	xgrow((void **)&p->sets, &E->cc->capsets, p->nsets + 1, sizeof *p->sets);
	struct rset *set = &p->sets[p->nsets];
	set->n = nv;
	set->v = arena_alloc(E->cc->arena, sizeof(double) * (size_t)nv);
	memcpy(set->v, v, sizeof(double) * (size_t)nv);
	set->text = node_text(E, s);
	set->small = true;
	memset(set->tab, 0, sizeof set->tab);
	for (int i = 0; i < nv; i++) {
		if (!(v[i] >= 0 && v[i] < 256 && v[i] == (double)(int)v[i])) {
			set->small = false;
			break;
		}
		set->tab[(int)v[i]] = 1;
	}
	return (int)p->nsets++;
}

static int emit_call(struct em *E, struct node *n, int shift)
{
	int nk = n->nkids, r = -1;
	switch (n->builtin) {
	case B_MIN:
	case B_MAX:
	case B_COUNT:
	case B_MEAN: {
		int op = n->builtin == B_MIN ? OP_MIN : n->builtin == B_MAX ? OP_MAX : OP_ADD;
		r = emit(E, n->kids[0], shift);
		for (int i = 1; i < nk && r >= 0; i++) {
			int x = emit(E, n->kids[i], shift);
			r = x < 0 ? -1 : add2(E, op, r, x, i == nk - 1 ? n : NULL);
		}
		if (r >= 0 && n->builtin == B_MEAN && nk > 1)
			r = add2(E, OP_DIV, r, add_const(E, nk, nk, NULL), n);
		if (r >= 0 && n->builtin == B_COUNT && nk == 1) /* a bool read as 0/1 */
			r = add2(E, OP_ADD, r, add_const(E, 0, 0, NULL), n);
		return r;
	}
	case B_SUM_OVER:
	case B_MEAN_OVER:
	case B_ANY_OVER:
	case B_ALL_OVER: {
		double pv;
		if (!const_value(E, n->kids[1], &pv, "期数"))
			return -1;
		if (pv < 1 || pv > MAX_RULE_SHIFT + 1 || pv != (double)(int)pv) {
			rule_cc_error_at(E->cc, n->kids[1], "%s 的期数应为 1 到 %d 的整数",
			                 rule_builtins[n->builtin].name, MAX_RULE_SHIFT + 1);
			return -1;
		}
		int periods = (int)pv;
		int op = n->builtin == B_ANY_OVER   ? OP_OR
		         : n->builtin == B_ALL_OVER ? OP_AND
		                                    : OP_ADD;
		for (int k = 0; k < periods; k++) {
			if (!shift_ok(E, n, shift - k))
				return -1;
			int x = emit(E, n->kids[0], shift - k);
			if (x < 0)
				return -1;
			r = k == 0 ? x : add2(E, op, r, x, k == periods - 1 ? n : NULL);
			if (r < 0)
				return -1;
		}
		if (n->builtin == B_MEAN_OVER && periods > 1)
			r = add2(E, OP_DIV, r, add_const(E, periods, periods, NULL), n);
		return r;
	}
	default: {
		static const int ops[B_COUNT_] = {[B_ABS] = OP_ABS,
		                                  [B_FLOOR] = OP_FLOOR,
		                                  [B_CEIL] = OP_CEIL,
		                                  [B_ROUND] = OP_ROUND,
		                                  [B_SQRT] = OP_SQRT};
		int x = emit(E, n->kids[0], shift);
		return x < 0 ? -1 : add1(E, ops[n->builtin], x, n);
	}
	}
}

/* Is instruction c `x CMP constant` with this x (or any x when x < 0)? */
static bool cmp_on(const struct rule_program *p, int c, int x)
{
	const struct rins *in = &p->ins[c];
	return in->op >= OP_LT && in->op <= OP_NE && (in->imm & IMM_B) && in->kb[0] == in->kb[1] &&
	       isfinite(in->kb[0]) && (x < 0 || in->a == x);
}

static bool exact_num(const struct rule_program *p, int i)
{
	return p->ins[i].op == OP_CONST && p->ins[i].k0 == p->ins[i].k1 &&
	       p->meta[i].type != RULE_BOOL;
}

/* Conditions i of a cases/if chain are all `x CMP constant` on one x and
 * every result is a numeric constant: one table instruction (OP_CASE1).
 * Returns its index, or -2 when the pattern does not apply. */
static int emit_case1(struct em *E, struct node *n, const int *conds, const int *arms, int nc,
                      int other)
{
	struct rule_program *p = E->p;
	if (nc < 2 || !exact_num(p, other) || !cmp_on(p, conds[0], -1))
		return -2;
	int x = p->ins[conds[0]].a;
	for (int i = 0; i < nc; i++)
		if (!cmp_on(p, conds[i], x) || !exact_num(p, arms[i]))
			return -2;
	xgrow((void **)&p->cases, &E->cc->capcases, p->ncases + 1, sizeof *p->cases);
	struct case_table *t = &p->cases[p->ncases];
	struct arena *a = E->cc->arena;
	t->n = nc;
	t->cmp = arena_alloc(a, (size_t)nc);
	t->neg = arena_alloc(a, (size_t)nc);
	t->k = arena_alloc(a, sizeof(double) * (size_t)nc);
	t->wlo = arena_alloc(a, sizeof(double) * (size_t)nc);
	t->whi = arena_alloc(a, sizeof(double) * (size_t)nc);
	t->v = arena_alloc(a, sizeof(double) * (size_t)nc);
	t->ktext = arena_alloc(a, sizeof(char *) * (size_t)nc);
	t->other = p->ins[other].k0;
	for (int i = 0; i < nc; i++) {
		const struct rins *c = &p->ins[conds[i]];
		double k = c->kb[0], tk = rule_tie_k(k);
		t->cmp[i] = c->op;
		t->k[i] = k;
		t->v[i] = p->ins[arms[i]].k0;
		t->neg[i] = c->op == OP_NE;
		t->ktext[i] = NULL;
		const struct rmeta *km = &p->meta[c->b];
		if (km->file >= 0 && km->end > km->pos)
			t->ktext[i] =
			    arena_strndup(a, p->files[km->file].src + km->pos, km->end - km->pos);
		/* the window of x where the condition holds (as the CMP kernels) */
		switch (c->op) {
		case OP_GE:
			t->wlo[i] = k - tk, t->whi[i] = INFINITY;
			break;
		case OP_GT:
			t->wlo[i] = nextafter(k + tk, INFINITY), t->whi[i] = INFINITY;
			break;
		case OP_LE:
			t->wlo[i] = -INFINITY, t->whi[i] = k + tk;
			break;
		case OP_LT:
			t->wlo[i] = -INFINITY, t->whi[i] = nextafter(k - tk, -INFINITY);
			break;
		default: /* == and != */
			t->wlo[i] = k - tk, t->whi[i] = k + tk;
			break;
		}
	}
	return add(E, (struct rins){.op = OP_CASE1, .a = x, .b = (int)p->ncases++}, n);
}

/* if/elif/else and cases: a chain of `if`s, or one OP_CASE1. */
static int emit_if(struct em *E, struct node *n, int shift)
{
	int nc = (n->nkids - 1) / 2;
	int conds[MAX_RULE_BANDS + 1], arms[MAX_RULE_BANDS + 1];
	int r = emit(E, n->kids[n->nkids - 1], shift);
	for (int i = 0; i < nc && r >= 0; i++) {
		if ((conds[i] = emit(E, n->kids[2 * i], shift)) < 0 ||
		    (arms[i] = emit(E, n->kids[2 * i + 1], shift)) < 0)
			return -1;
	}
	if (r < 0)
		return -1;
	int t = emit_case1(E, n, conds, arms, nc, r);
	if (t != -2)
		return t;
	for (int i = nc - 1; i >= 0 && r >= 0; i--)
		r = add(E, (struct rins){.op = OP_IF, .a = conds[i], .b = arms[i], .c = r}, n);
	return r;
}

static int bin_op(int tok)
{
	switch (tok) {
	case T_PLUS:
		return OP_ADD;
	case T_MINUS:
		return OP_SUB;
	case T_STAR:
		return OP_MUL;
	case T_SLASH:
		return OP_DIV;
	case T_LT:
		return OP_LT;
	case T_LE:
		return OP_LE;
	case T_GT:
		return OP_GT;
	case T_GE:
		return OP_GE;
	case T_EQ:
		return OP_EQ;
	case T_NE:
		return OP_NE;
	case T_AND:
		return OP_AND;
	case T_OR:
		return OP_OR;
	default:
		return 0;
	}
}

static int emit_node(struct em *E, struct node *n, int shift)
{
	switch (n->kind) {
	case N_NUM: {
		double v = n->num;
		if (n->unit == U_YUAN || n->unit == U_QIAN || n->unit == U_WAN || n->unit == U_YI)
			v = scaled(n->mant, n->exp10 + E->cc->host->money_exp10);
		return add_const(E, v, v, n);
	}
	case N_BOOL:
		return add_const(E, n->num, n->num, n);
	case N_NAME:
		switch (n->ref_kind) {
		case R_SYMBOL:
			return emit_symbol(E, n, shift);
		case R_DECL:
			return emit_decl(E, n, shift);
		case R_SPECIAL:
			return emit_special(E, n, shift);
		default:
			rule_cc_error_at(E->cc, n, "内部错误:名称未解析");
			return -1;
		}
	case N_NEG:
	case N_NOT: {
		int a = emit(E, n->a, shift);
		return a < 0 ? -1 : add1(E, n->kind == N_NEG ? OP_NEG : OP_NOT, a, n);
	}
	case N_BIN: {
		int a = emit(E, n->a, shift);
		if (a < 0)
			return -1;
		if (n->op == T_IN) {
			int s = emit_set(E, n->b);
			return s < 0 ? -1 : add(E, (struct rins){.op = OP_IN, .a = a, .b = s}, n);
		}
		int b = emit(E, n->b, shift);
		return b < 0 ? -1 : add2(E, bin_op(n->op), a, b, n);
	}
	case N_CALL:
		return emit_call(E, n, shift);
	case N_AT:
		if (!shift_ok(E, n, shift + n->shift))
			return -1;
		return emit(E, n->a, shift + n->shift);
	case N_IF:
	case N_CASES:
		return emit_if(E, n, shift);
	case N_BANDS:
		return emit_bands(E, n, shift);
	case N_SET:
		break;
	}
	rule_cc_error_at(E->cc, n, "内部错误:无法编译的语法节点");
	return -1;
}

static int emit(struct em *E, struct node *n, int shift)
{
	if (++E->cc->depth > 8 * MAX_RULE_DEPTH) {
		rule_cc_error_at(E->cc, n, "规则嵌套过深");
		return -1;
	}
	const struct node *save = E->at;
	E->at = n;
	int r = emit_node(E, n, shift);
	E->at = save;
	E->cc->depth--;
	return r;
}

/* ---- items ---- */

static struct decl *item_decl(struct em *E, size_t item)
{
	for (size_t i = 0; i < E->cc->ndecls; i++)
		if (E->cc->decls[i].item == (int)item && !E->cc->decls[i].overridden)
			return &E->cc->decls[i];
	return NULL;
}

static int emit_item_body(struct em *E, size_t item, struct decl *d)
{
	struct rule_program *p = E->p;
	const struct rule_item *it = &p->items[item];
	int r = -1;
	switch (it->kind) {
	case RULE_REQUIRE:
	case RULE_ROUTE:
	case RULE_ALERT:
		return emit(E, d->expr, 0);
	case RULE_INDICATOR: {
		int save = E->cur_edges;
		E->cur_edges = d->edges;
		int x = emit(E, d->expr, 0);
		E->cur_edges = save;
		return x < 0 ? -1
		             : add(E, (struct rins){.op = OP_CLAMP, .a = x, .k0 = 0, .k1 = it->max},
		                   d->expr);
	}
	case RULE_GROUP:
	case RULE_SCORE:
		for (size_t i = 0; i < p->nitems; i++) {
			const struct rule_item *x = &p->items[i];
			bool member = it->kind == RULE_GROUP
			                  ? x->kind == RULE_INDICATOR && x->group == (int)item
			                  : x->kind == RULE_GROUP ||
			                        (x->kind == RULE_INDICATOR && x->group < 0);
			if (!member)
				continue;
			int v = emit_item(E, i, NULL);
			if (v < 0)
				return -1;
			r = r < 0 ? v : add2(E, OP_ADD, r, v, NULL);
			if (r < 0)
				return -1;
		}
		if (r < 0) {
			if (it->kind == RULE_GROUP)
				rule_cc_error(E->cc, APP_EINVAL, d->file, d->line, d->col,
				              "group %s 没有任何指标", d->name);
			return it->kind == RULE_GROUP ? -1 : add_const(E, 0, 0, NULL);
		}
		if (it->kind == RULE_GROUP)
			r = add(E, (struct rins){.op = OP_CLAMP, .a = r, .k0 = 0, .k1 = it->max},
			        NULL);
		return r;
	case RULE_PASS:
		if (d)
			return emit(E, d->expr, 0);
		{
			struct node n;
			memset(&n, 0, sizeof n);
			n.ref_kind = R_SPECIAL;
			n.ref = SP_REQUIREMENTS;
			n.name = "requirements";
			n.file = 0;
			return emit_special(E, &n, 0);
		}
	default:
		return -1;
	}
}

/* item_ins: -1 not compiled, -2 being compiled, -3 review (no code). */
static int emit_item(struct em *E, size_t item, const struct node *at)
{
	struct rule_program *p = E->p;
	int32_t *slot = &p->item_ins[item];
	if (*slot >= 0)
		return *slot;
	if (*slot == -2) {
		if (at)
			rule_cc_error_at(E->cc, at, "'%s' 被循环引用", p->items[item].name);
		else
			rule_cc_error(E->cc, APP_EINVAL, 0, 1, 1, "'%s' 被循环引用",
			              p->items[item].name);
		return -1;
	}
	*slot = -2;
	struct decl *d = item_decl(E, item);
	int r = emit_item_body(E, item, d);
	if (r < 0)
		return -1;
	struct rmeta *m = &p->meta[r];
	if (!m->label)
		m->label = p->items[item].label;
	m->type = (p->items[item].kind == RULE_REQUIRE || p->items[item].kind == RULE_ROUTE ||
	           p->items[item].kind == RULE_ALERT || p->items[item].kind == RULE_PASS)
	              ? RULE_BOOL
	              : RULE_NUMBER;
	p->item_ins[item] = r;
	return r;
}

static void add_item(struct em *E, enum rule_item_kind k, const char *name, const char *label,
                     struct decl *d)
{
	struct rule_program *p = E->p;
	xgrow((void **)&p->items, &E->cc->capitems, p->nitems + 1, sizeof *p->items);
	p->item_ins = xrealloc(p->item_ins, E->cc->capitems * sizeof *p->item_ins);
	struct rule_item *it = &p->items[p->nitems];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->name = name;
	it->label = label;
	it->clause = d ? d->clause : "";
	it->group = -1;
	it->max = INFINITY;
	if (d) {
		if (d->has_max)
			it->max = d->max;
		it->has_min = d->has_min;
		it->min = d->min;
		d->item = (int)p->nitems;
	}
	p->item_ins[p->nitems] = k == RULE_REVIEW ? -3 : -1;
	p->nitems++;
}

static bool make_items(struct em *E)
{
	struct rule_cc *cc = E->cc;
	struct rule_program *p = E->p;
	static const enum rule_item_kind kinds[] = {
	    [D_REQUIRE] = RULE_REQUIRE, [D_ROUTE] = RULE_ROUTE,         [D_ALERT] = RULE_ALERT,
	    [D_REVIEW] = RULE_REVIEW,   [D_INDICATOR] = RULE_INDICATOR, [D_GROUP] = RULE_GROUP};
	for (size_t i = 0; i < cc->ndecls; i++) {
		struct decl *d = &cc->decls[i];
		if (d->kind >= D_GROUP && d->kind <= D_INDICATOR)
			add_item(E, kinds[d->kind], d->name, d->label, d);
	}
	for (size_t i = 0; i < cc->ndecls; i++) {
		struct decl *d = &cc->decls[i];
		if (d->kind == D_INDICATOR && d->group >= 0)
			p->items[d->item].group = cc->decls[d->group].item;
	}
	double total = 0;
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].kind == RULE_GROUP ||
		    (p->items[i].kind == RULE_INDICATOR && p->items[i].group < 0))
			total += p->items[i].max;
	add_item(E, RULE_SCORE, "score", "总分", NULL);
	p->items[p->nitems - 1].max = total;
	struct decl *pass = NULL;
	for (size_t i = 0; i < cc->ndecls; i++)
		if (cc->decls[i].kind == D_PASS)
			pass = &cc->decls[i];
	add_item(E, RULE_PASS, "pass", "结论", pass);
	return true;
}

/* ---- dead code, registers, texts ---- */

static void compact(struct em *E)
{
	struct rule_program *p = E->p;
	size_t n = p->nins;
	bool *live = xcalloc(n ? n : 1, sizeof *live);
	int *map = xmalloc((n ? n : 1) * sizeof *map);
	for (size_t i = 0; i < p->nitems; i++)
		if (p->item_ins[i] >= 0)
			live[p->item_ins[i]] = true;
	for (size_t i = n; i-- > 0;) {
		if (!live[i])
			continue;
		const struct rins *in = &p->ins[i];
		int k = arity(in->op);
		if (k >= 1)
			live[in->a] = true;
		if (k >= 2)
			live[in->b] = true;
		if (k >= 3)
			live[in->c] = true;
	}
	/* inputs still read */
	int *imap = xmalloc((p->ninputs ? p->ninputs : 1) * sizeof *imap);
	for (size_t i = 0; i < p->ninputs; i++)
		imap[i] = -1;
	size_t ni = 0;
	for (size_t i = 0; i < n; i++)
		if (live[i] && p->ins[i].op == OP_LOAD && imap[p->ins[i].a] < 0)
			imap[p->ins[i].a] = (int)ni++;
	struct rule_input *inputs = xmalloc((ni ? ni : 1) * sizeof *inputs);
	for (size_t i = 0; i < p->ninputs; i++)
		if (imap[i] >= 0)
			inputs[imap[i]] = p->inputs[i];
	free(p->inputs);
	p->inputs = inputs;
	p->ninputs = ni;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!live[i])
			continue;
		struct rins in = p->ins[i];
		int k = arity(in.op);
		if (k >= 1)
			in.a = map[in.a];
		if (k >= 2)
			in.b = map[in.b];
		if (k >= 3)
			in.c = map[in.c];
		if (in.op == OP_LOAD)
			in.a = imap[in.a];
		map[i] = (int)m;
		p->meta[m] = p->meta[i];
		p->ins[m++] = in;
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (p->item_ins[i] >= 0)
			p->item_ins[i] = map[p->item_ins[i]];
	p->nins = m;
	free(live);
	free(map);
	free(imap);
}

/* The class of a value in the batch evaluator: a bool (one array) or a
 * number (two). */
static bool is_bool_ins(const struct rule_program *p, const uint8_t *cls, size_t i)
{
	const struct rins *in = &p->ins[i];
	switch (in->op) {
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
	case OP_EQ:
	case OP_NE:
	case OP_IN:
	case OP_AND:
	case OP_OR:
	case OP_NOT:
		return true;
	case OP_LOAD:
		return p->syms[in->b].type == RULE_BOOL;
	case OP_IF:
		if (!(in->imm & IMM_B))
			return cls[in->b];
		if (!(in->imm & IMM_C))
			return cls[in->c];
		return p->meta[i].type == RULE_BOOL;
	case OP_CONST:
		return p->meta[i].type == RULE_BOOL;
	default:
		return false;
	}
}

/* The class an instruction wants in operand slot s (0 = a, 1 = b, 2 = c). */
static bool wants_bool(const struct rins *in, bool self_bool, int s)
{
	switch (in->op) {
	case OP_AND:
	case OP_OR:
	case OP_NOT:
		return true;
	case OP_IF:
		return s == 0 ? true : self_bool;
	default:
		return false;
	}
}

/* Builds the batch program: the live instructions in order, conversions
 * where a bool meets a number, and registers allocated by liveness. A
 * value's register is freed after its last use; an instruction never
 * writes a register it reads (the evaluator's loops use restrict). */
static void build_batch(struct em *E)
{
	struct rule_program *p = E->p;
	size_t n = p->nins;
	uint8_t *cls = xcalloc(n ? n : 1, 1);
	bool *need = xcalloc(n ? n : 1, sizeof *need);
	for (size_t i = 0; i < n; i++) {
		cls[i] = is_bool_ins(p, cls, i);
		need[i] = p->ins[i].op != OP_CONST;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rins *in = &p->ins[i];
		int k = arity(in->op);
		if (k >= 1)
			need[in->a] = true;
		if (k >= 2 && !(in->imm & IMM_B))
			need[in->b] = true;
		if (k >= 3 && !(in->imm & IMM_C))
			need[in->c] = true;
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (p->item_ins[i] >= 0)
			need[p->item_ins[i]] = true;
	/* value ids: instructions 0..n-1, conversions from n */
	size_t cap = 2 * n + 1;
	struct bins *bins = xcalloc(cap, sizeof *bins);
	int *vid = xmalloc(cap * sizeof *vid), (*ops)[3] = xmalloc(cap * sizeof *ops);
	int *conv = xmalloc(2 * (n ? n : 1) * sizeof *conv); /* [v*2 + want_bool] */
	for (size_t i = 0; i < 2 * n; i++)
		conv[i] = -1;
	size_t nb = 0, nv = n;
	for (size_t i = 0; i < n; i++) {
		if (!need[i])
			continue;
		const struct rins *in = &p->ins[i];
		int k = arity(in->op), slot[3] = {in->a, in->b, in->c};
		bool reg_use[3] = {true, !(in->imm & IMM_B), !(in->imm & IMM_C)};
		int val[3] = {-1, -1, -1};
		for (int s = 0; s < k; s++) {
			if (!reg_use[s])
				continue;
			int v = slot[s];
			bool want = wants_bool(in, cls[i], s);
			if (cls[v] == want) {
				val[s] = v;
				continue;
			}
			int *c = &conv[2 * v + want];
			if (*c < 0) {
				bins[nb].in = (struct rins){.op = want ? OP_N2B : OP_B2N};
				bins[nb].bout = want;
				vid[nb] = *c = (int)nv++;
				ops[nb][0] = v, ops[nb][1] = ops[nb][2] = -1;
				nb++;
			}
			val[s] = *c;
		}
		bins[nb].in = *in;
		bins[nb].bout = cls[i];
		/* immediates read by bool slots are held in the bool form */
		for (int s = 1; s < k; s++) {
			if (reg_use[s] || !wants_bool(in, cls[i], s))
				continue;
			double *kv = s == 1 ? bins[nb].in.kb : bins[nb].in.kc;
			kv[0] = kv[1] = 0.5 * (kv[0] + kv[1]);
		}
		vid[nb] = (int)i;
		memcpy(ops[nb], val, sizeof val);
		nb++;
	}
	/* liveness over the batch program */
	int *last = xmalloc((nv ? nv : 1) * sizeof *last);
	for (size_t v = 0; v < nv; v++)
		last[v] = -1;
	for (size_t k = 0; k < nb; k++) {
		last[vid[k]] = (int)k;
		for (int s = 0; s < 3; s++)
			if (ops[k][s] >= 0)
				last[ops[k][s]] = (int)k;
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (p->item_ins[i] >= 0)
			last[p->item_ins[i]] = (int)nb; /* read out after the block */
	uint16_t *vreg = xcalloc(nv ? nv : 1, sizeof *vreg);
	int *freel = xmalloc((nv ? nv : 1) * sizeof *freel);
	int nfree = 0, nregs = 0;
	for (size_t k = 0; k < nb; k++) {
		int r = nfree ? freel[--nfree] : nregs++;
		vreg[vid[k]] = (uint16_t)r;
		for (int s = 0; s < 3; s++) {
			int v = ops[k][s];
			bool dup = v < 0;
			for (int q = 0; q < s; q++)
				dup |= ops[k][q] == v;
			if (!dup && last[v] == (int)k)
				freel[nfree++] = vreg[v];
		}
		if (last[vid[k]] == (int)k) /* never read: free at once */
			freel[nfree++] = r;
		bins[k].dst = (uint16_t)r;
		bins[k].ra = ops[k][0] >= 0 ? vreg[ops[k][0]] : 0;
		bins[k].rb = ops[k][1] >= 0 ? vreg[ops[k][1]] : 0;
		bins[k].rc = ops[k][2] >= 0 ? vreg[ops[k][2]] : 0;
	}
	p->bins = bins;
	p->nbins = nb;
	p->nregs = nregs;
	p->item_reg = xcalloc(p->nitems ? p->nitems : 1, sizeof *p->item_reg);
	p->item_bool = xcalloc(p->nitems ? p->nitems : 1, 1);
	for (size_t i = 0; i < p->nitems; i++) {
		if (p->item_ins[i] < 0)
			continue;
		p->item_reg[i] = vreg[p->item_ins[i]];
		p->item_bool[i] = cls[p->item_ins[i]];
	}
	free(cls);
	free(need);
	free(vid);
	free(ops);
	free(conv);
	free(last);
	free(vreg);
	free(freel);
}

static void texts(struct em *E)
{
	struct rule_program *p = E->p;
	for (size_t i = 0; i < p->nins; i++) {
		struct rmeta *m = &p->meta[i];
		if (m->file < 0 || m->file >= p->nfiles || m->end <= m->pos)
			continue;
		const struct rfile *f = &p->files[m->file];
		uint32_t end = m->end <= f->len ? m->end : (uint32_t)f->len;
		if (end > m->pos)
			m->text = arena_strndup(E->cc->arena, f->src + m->pos, end - m->pos);
	}
}

bool rule_emit(struct rule_cc *cc)
{
	struct em E;
	memset(&E, 0, sizeof E);
	E.cc = cc;
	E.p = cc->prog;
	for (int i = 0; i < 5; i++)
		E.special[i] = -1;
	if (!cc->default_edges)
		cc->default_edges = 1;
	if (!cc->prog->info.edges[0])
		cc->prog->info.edges = cc->default_edges == 1 ? "[)" : "(]";
	E.p->money_unit = pow(10, cc->host->money_exp10);
	if (!make_items(&E))
		return false;
	/* every param must be a constant, used or not */
	for (size_t i = 0; i < cc->ndecls; i++) {
		struct decl *d = &cc->decls[i];
		if (d->kind != D_PARAM || d->overridden)
			continue;
		struct node ref;
		memset(&ref, 0, sizeof ref);
		ref.kind = N_NAME;
		ref.ref_kind = R_DECL;
		ref.ref = (int)i;
		ref.file = d->file;
		ref.line = d->line;
		ref.col = d->col;
		if (emit_decl(&E, &ref, 0) < 0)
			return false;
	}
	for (size_t i = 0; i < E.p->nitems; i++)
		if (E.p->item_ins[i] != -3 && emit_item(&E, i, NULL) < 0)
			return false;
	compact(&E);
	build_batch(&E);
	texts(&E);
	return true;
}
