/* rule_explain.c - what decided a value: the comparisons of a requirement,
 * the band of an indicator, the labelled inputs of a formula, and the
 * missing inputs an unknown result depends on. Works on a trace (every
 * intermediate value of one firm's evaluation). */
#include <stdlib.h>
#include <string.h>

#include "rule/rule_int.h"

struct walker {
	const struct rule_program *p;
	const struct rule_trace *t;
	struct rule_term *out;
	size_t max, n;
	bool *seen;
	bool stop_at_items; /* explaining the verdict: other items are leaves */
	size_t self;        /* the item being explained */
	int root;           /* its instruction: its own label does not stop the walk */
};

static int arity_of(int op)
{
	switch (op) {
	case OP_CONST:
	case OP_LOAD:
	case OP_PERIOD:
		return 0;
	case OP_IF:
		return 3;
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
	default:
		return 2;
	}
}

static int truth(struct rule_ival v)
{
	if (v.lo >= 1)
		return 1;
	if (v.hi <= 0)
		return 0;
	return -1;
}

static struct rule_operand operand(const struct walker *W, int i)
{
	const struct rule_program *p = W->p;
	const struct rmeta *m = &p->meta[i];
	const struct rins *in = &p->ins[i];
	struct rule_operand o;
	memset(&o, 0, sizeof o);
	o.label = m->label;
	o.text = m->text ? m->text : m->label ? m->label : "";
	o.offset = m->offset;
	o.v = rule_trace_value(W->t, (size_t)i);
	o.type = (enum rule_type)(m->type ? m->type : RULE_NUMBER);
	o.dim = (enum rule_dim)m->dim;
	o.percent = m->pct;
	o.constant = in->op == OP_CONST;
	if (m->ratio && in->op == OP_DIV) {
		o.ratio = true;
		o.num = rule_trace_value(W->t, (size_t)in->a);
		o.den = rule_trace_value(W->t, (size_t)in->b);
		o.num.lo /= p->money_unit, o.num.hi /= p->money_unit;
		o.den.lo /= p->money_unit, o.den.hi /= p->money_unit;
	}
	if (o.type == RULE_NUMBER && o.dim == RULE_MONEY) /* report money in 万元 */
		o.v.lo /= p->money_unit, o.v.hi /= p->money_unit;
	return o;
}

static struct rule_term *new_term(struct walker *W)
{
	static struct rule_term sink;
	W->n++;
	if (W->n > W->max)
		return memset(&sink, 0, sizeof sink);
	struct rule_term *t = &W->out[W->n - 1];
	memset(t, 0, sizeof *t);
	return t;
}

static bool other_item_root(const struct walker *W, int i)
{
	for (size_t k = 0; k < W->p->nitems; k++)
		if (k != W->self && W->p->item_ins[k] == i)
			return true;
	return false;
}

static void walk(struct walker *W, int i)
{
	const struct rule_program *p = W->p;
	if (W->seen[i])
		return;
	W->seen[i] = true;
	const struct rins *in = &p->ins[i];
	if (W->stop_at_items && other_item_root(W, i)) {
		struct rule_term *t = new_term(W);
		t->kind = RULE_TERM_VALUE;
		t->lhs = operand(W, i);
		t->truth = truth(t->lhs.v);
		return;
	}
	switch (in->op) {
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
	case OP_EQ:
	case OP_NE:
	case OP_IN: {
		static const enum rule_cmp cmps[] = {
		    [OP_LT] = RULE_LT, [OP_LE] = RULE_LE, [OP_GT] = RULE_GT, [OP_GE] = RULE_GE,
		    [OP_EQ] = RULE_EQ, [OP_NE] = RULE_NE, [OP_IN] = RULE_IN};
		struct rule_term *t = new_term(W);
		t->kind = RULE_TERM_CMP;
		t->cmp = cmps[in->op];
		t->truth = truth(rule_trace_value(W->t, (size_t)i));
		t->lhs = operand(W, in->a);
		if (in->op == OP_IN) {
			const struct rset *s = &p->sets[in->b];
			t->rhs.text = s->text;
			t->rhs.constant = true;
			t->rhs.type = RULE_NUMBER;
			t->rhs.v =
			    (struct rule_ival){s->n ? s->v[0] : 0, s->n ? s->v[s->n - 1] : 0};
		} else {
			t->rhs = operand(W, in->b);
		}
		return;
	}
	case OP_CASE1: {
		/* the conditions in order, up to the first that surely holds */
		static const enum rule_cmp cmps[] = {
		    [OP_LT] = RULE_LT, [OP_LE] = RULE_LE, [OP_GT] = RULE_GT,
		    [OP_GE] = RULE_GE, [OP_EQ] = RULE_EQ, [OP_NE] = RULE_NE};
		const struct case_table *ct = &p->cases[in->b];
		struct rule_ival x = rule_trace_value(W->t, (size_t)in->a);
		for (int k = 0; k < ct->n; k++) {
			bool in_sure = x.lo >= ct->wlo[k] && x.hi <= ct->whi[k];
			bool in_can = x.hi >= ct->wlo[k] && x.lo <= ct->whi[k];
			bool sure = ct->neg[k] ? !in_can : in_sure;
			bool can = ct->neg[k] ? !in_sure : in_can;
			struct rule_term *t = new_term(W);
			t->kind = RULE_TERM_CMP;
			t->cmp = cmps[ct->cmp[k]];
			t->truth = sure ? 1 : can ? -1 : 0;
			t->lhs = operand(W, in->a);
			t->rhs.constant = true;
			t->rhs.type = RULE_NUMBER;
			t->rhs.dim = t->lhs.dim;
			t->rhs.percent = t->lhs.percent;
			t->rhs.text = ct->ktext[k] ? ct->ktext[k] : "";
			double kv = ct->k[k];
			if (t->rhs.dim == RULE_MONEY)
				kv /= p->money_unit;
			t->rhs.v = (struct rule_ival){kv, kv};
			if (sure)
				break;
		}
		return;
	}
	case OP_AND:
	case OP_OR:
		walk(W, in->a);
		walk(W, in->b);
		return;
	case OP_NOT:
	case OP_CLAMP:
		walk(W, in->a);
		return;
	case OP_IF: {
		int c = truth(rule_trace_value(W->t, (size_t)in->a));
		walk(W, in->a);
		if (c != 0)
			walk(W, in->b);
		if (c != 1)
			walk(W, in->c);
		return;
	}
	case OP_BAND: {
		const struct band_table *bt = &p->bands[in->b];
		struct rule_term *t = new_term(W);
		t->kind = RULE_TERM_BAND;
		t->lhs = operand(W, in->a);
		t->points = rule_trace_value(W->t, (size_t)i);
		t->truth = t->lhs.v.lo == t->lhs.v.hi ? 1 : -1;
		int k = 0;
		if (t->truth == 1) {
			/* the band of the exact value, compared in internal units (the
			 * displayed lhs may be converted, e.g. money in 万元) with the
			 * thresholds that already apply edges and ties */
			double v = rule_trace_value(W->t, (size_t)in->a).lo;
			while (k < bt->ncuts && v >= bt->thr[k])
				k++;
			t->band = bt->text[k];
		} else {
			t->band = "";
		}
		return;
	}
	case OP_CONST:
		return;
	case OP_LOAD:
	case OP_PERIOD: {
		struct rule_term *t = new_term(W);
		t->kind = RULE_TERM_VALUE;
		t->lhs = operand(W, i);
		t->truth = t->lhs.v.lo == t->lhs.v.hi ? 1 : -1;
		return;
	}
	default:
		if (p->meta[i].label && i != W->root) {
			struct rule_term *t = new_term(W);
			t->kind = RULE_TERM_VALUE;
			t->lhs = operand(W, i);
			t->truth = t->lhs.v.lo == t->lhs.v.hi ? 1 : -1;
			return;
		}
		for (int k = 0, n = arity_of(in->op); k < n; k++)
			walk(W, k == 0 ? in->a : k == 1 ? in->b : in->c);
		return;
	}
}

size_t rule_explain(const struct rule_program *p, const struct rule_trace *t, size_t i,
                    struct rule_term *out, size_t max)
{
	if (i >= p->nitems || p->item_ins[i] < 0)
		return 0;
	struct walker W = {p, t, out, max, 0, NULL, false, i, -1};
	W.seen = xcalloc(p->nins ? p->nins : 1, sizeof *W.seen);
	W.stop_at_items = p->items[i].kind == RULE_PASS;
	int root = p->item_ins[i];
	const struct rins *in = &p->ins[root];
	/* an indicator: explain the value inside its cap */
	if (p->items[i].kind == RULE_INDICATOR && in->op == OP_CLAMP)
		root = in->a;
	W.root = root;
	if (p->items[i].kind == RULE_GROUP || p->items[i].kind == RULE_SCORE) {
		free(W.seen);
		return 0;
	}
	walk(&W, root);
	free(W.seen);
	return W.n;
}

struct misser {
	const struct rule_program *p;
	const struct rule_trace *t;
	size_t *out;
	size_t max, n;
	bool *seen, *got;
};

static void miss(struct misser *M, int i)
{
	if (M->seen[i])
		return;
	M->seen[i] = true;
	struct rule_ival v = rule_trace_value(M->t, (size_t)i);
	if (v.lo == v.hi)
		return;
	const struct rins *in = &M->p->ins[i];
	if (in->op == OP_LOAD) {
		if (!rule_trace_has(M->t, (size_t)in->a) && !M->got[in->a]) {
			M->got[in->a] = true;
			if (M->n < M->max)
				M->out[M->n] = (size_t)in->a;
			M->n++;
		}
		return;
	}
	if (in->op == OP_IF) {
		int c = truth(rule_trace_value(M->t, (size_t)in->a));
		if (c < 0)
			miss(M, in->a);
		if (c != 0)
			miss(M, in->b);
		if (c != 1)
			miss(M, in->c);
		return;
	}
	for (int k = 0, n = arity_of(in->op); k < n; k++)
		miss(M, k == 0 ? in->a : k == 1 ? in->b : in->c);
}

size_t rule_missing(const struct rule_program *p, const struct rule_trace *t, size_t i, size_t *out,
                    size_t max)
{
	if (i >= p->nitems || p->item_ins[i] < 0)
		return 0;
	struct misser M = {p, t, out, max, 0, NULL, NULL};
	M.seen = xcalloc(p->nins ? p->nins : 1, sizeof *M.seen);
	M.got = xcalloc(p->ninputs ? p->ninputs : 1, sizeof *M.got);
	miss(&M, p->item_ins[i]);
	free(M.seen);
	free(M.got);
	return M.n;
}
