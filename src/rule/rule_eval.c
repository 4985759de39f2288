/* rule_eval.c - the evaluator: interval arithmetic over the compiled code.
 *
 * Every value is an interval [lo, hi]. A known figure is exact; a missing
 * one is its symbol's domain; a bool is 0 or 1 and an unknown bool [0, 1].
 * Each operation returns an interval that contains every result the
 * operands could give, so a decided value (lo == hi) never depends on a
 * missing figure. and = min, or = max and not = 1 - x on bool intervals are
 * exactly Kleene's three-valued logic.
 *
 * The batch evaluator runs each instruction over a block of RULE_BLOCK
 * firms before the next (a column-at-a-time interpreter): the dispatch
 * cost is paid once per block, and the inner loops are simple enough for
 * the compiler to vectorise. One firm with a trace is the same code with a
 * block of one and a register per instruction, so that every intermediate
 * value stays available for the explanation. */
/* GCC's -O2 vectorises only loops it can prove are cheap; the block loops
 * below pay off with the full cost model (clang vectorises them at -O2). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("vect-cost-model=dynamic")
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rule/rule_int.h"

struct rule_trace {
	const struct rule_program *p;
	double *v;      /* lo, hi of every instruction */
	int64_t *vals;  /* inputs */
	uint64_t *bits; /* presence of each input (one word each) */
	struct rule_column *cols;
	bool *has;
	double period;
};

#define INLINE static inline __attribute__((always_inline))
#define LOOP   for (size_t j = 0; j < W; j++)

INLINE double fix_lo(double x)
{
	return x == x ? x : -INFINITY;
}
INLINE double fix_hi(double x)
{
	return x == x ? x : INFINITY;
}
INLINE double mn(double a, double b)
{
	return a < b ? a : b;
}
INLINE double mx(double a, double b)
{
	return a > b ? a : b;
}
/* Ties. Values are doubles computed from exact integers (money in 分),
 * so a figure that equals a threshold in decimal arithmetic can land an
 * ulp or two away from the threshold's double: 1150/1000 - 1 is
 * 0.14999999999999991 while 15% is 0.14999999999999999. Comparisons
 * therefore treat numbers within TIE_ABS + TIE_REL * (|a| + |b|) of each
 * other as equal. That is far below any real difference of the figures
 * (1 分 in 100亿元 of revenue is 1e-12 of a ratio) and far above the
 * rounding error of a few operations (about 1e-16 each). */
#define TIE_ABS RULE_TIE_ABS
#define TIE_REL RULE_TIE_REL

INLINE double fin(double v)
{
	double a = fabs(v);
	return a < INFINITY ? a : 0;
}

INLINE double tie(double a, double b)
{
	return TIE_ABS + TIE_REL * (fin(a) + fin(b));
}

/* y where the mask m is all ones, x where it is 0: bit operations, which
 * GCC does not turn into a branch around the computation of x. */
INLINE double bitsel(double x, double y, uint64_t m)
{
	uint64_t a, b;
	memcpy(&a, &x, sizeof a);
	memcpy(&b, &y, sizeof b);
	a = (a & ~m) | (b & m);
	memcpy(&x, &a, sizeof x);
	return x;
}

/* Product with 0 * inf = 0 (the interval-arithmetic convention). */
INLINE double mul0(double x, double y)
{
	return ((x == 0) | (y == 0)) ? 0 : x * y;
}

static void in_eval(const struct rset *s, double lo, double hi, double *olo, double *ohi)
{
	bool any = false, member = false;
	for (int k = 0; k < s->n; k++) {
		double v = s->v[k];
		const double t = rule_tie_k(v);
		any |= v >= lo - t && v <= hi + t;
		member |= fabs(v - lo) <= t;
	}
	*olo = lo == hi && member;
	*ohi = any;
}

/* Slow path of a division: an inexact operand, or a divisor that may be 0. */
static void div_slow(double alo, double ahi, double blo, double bhi, double *olo, double *ohi)
{
	if (blo <= 0 && bhi >= 0) {
		*olo = -INFINITY;
		*ohi = INFINITY;
		return;
	}
	double q1 = alo / blo, q2 = alo / bhi, q3 = ahi / blo, q4 = ahi / bhi;
	if (q1 != q1 || q2 != q2 || q3 != q3 || q4 != q4) {
		*olo = -INFINITY;
		*ohi = INFINITY;
		return;
	}
	*olo = mn(mn(q1, q2), mn(q3, q4));
	*ohi = mx(mx(q1, q2), mx(q3, q4));
}

static int band_idx(const struct band_table *t, double v)
{
	int k = 0;
	while (k < t->ncuts && v >= t->thr[k])
		k++;
	return k;
}

/* Points for an interval value: every band between those of its bounds. */
static void band_slow(const struct band_table *t, double lo, double hi, double *olo, double *ohi)
{
	int il = band_idx(t, lo), ih = band_idx(t, hi);
	double a = t->pts[il], b = a;
	for (int k = il + 1; k <= ih; k++) {
		a = mn(a, t->pts[k]);
		b = mx(b, t->pts[k]);
	}
	*olo = a;
	*ohi = b;
}

/* Condition i of a case table on an interval x: certainly / possibly. */
static void case_cond(const struct case_table *t, int i, double lo, double hi, bool *sure,
                      bool *can)
{
	bool in_sure = lo >= t->wlo[i] && hi <= t->whi[i];
	bool in_can = hi >= t->wlo[i] && lo <= t->whi[i];
	*sure = t->neg[i] ? !in_can : in_sure;
	*can = t->neg[i] ? !in_sure : in_can;
}

/* OP_CASE1 on an interval: the chain of ifs, from the else backwards. */
static void case_slow(const struct case_table *t, double lo, double hi, double *olo, double *ohi)
{
	double rl = t->other, rh = t->other;
	for (int i = t->n - 1; i >= 0; i--) {
		bool sure, can;
		case_cond(t, i, lo, hi, &sure, &can);
		if (sure) {
			rl = rh = t->v[i];
		} else if (can) {
			rl = mn(rl, t->v[i]);
			rh = mx(rh, t->v[i]);
		}
	}
	*olo = rl;
	*ohi = rh;
}

/* Operand accessors inside the loops below: AL/AH is operand a at j; BL/BH
 * and CL/CH are operands b and c, read either from arrays or from the
 * instruction's immediates (IMM_B, IMM_C). Each op body is written once and
 * instantiated for both forms, so every loop stays simple enough to
 * vectorise. */
#define AL alo[j]
#define AH ahi[j]
/* operand b is an exact constant */
#define KEXACT ((in->imm & IMM_B) && in->kb[0] == in->kb[1])

/* Runs the statement after it for each j < W with mark[j] != 0. Marks are
 * int64_t, one per lane like the doubles, which keeps the loops that set
 * them vectorisable; four are tested at a time. */
#define FOR_MARKED(mark, W, j)                                                                     \
	for (size_t w_ = 0; w_ < (W); w_ += 4)                                                     \
		if ((W)-w_ < 4 || ((mark)[w_] | (mark)[w_ + 1] | (mark)[w_ + 2] | (mark)[w_ + 3])) \
			for (size_t j = w_; j < w_ + 4 && j < (W); j++)                            \
				if ((mark)[j])

#define BIN(BODY)                                                                                  \
	do {                                                                                       \
		if (in->imm & IMM_B) {                                                             \
			const double kbl = in->kb[0], kbh = in->kb[1];                             \
			LOOP                                                                       \
			{                                                                          \
				const double BL = kbl, BH = kbh;                                   \
				(void)BH;                                                          \
				BODY;                                                              \
			}                                                                          \
		} else {                                                                           \
			LOOP                                                                       \
			{                                                                          \
				const double BL = blo[j], BH = bhi[j];                             \
				(void)BH;                                                          \
				BODY;                                                              \
			}                                                                          \
		}                                                                                  \
	} while (0)
#define SEL_BODY                                                                                   \
	do {                                                                                       \
		const bool t = alo[j] >= 1, f = (enc ? alo[j] : ahi[j]) <= 0;                      \
		if (enc && bout) {                                                                 \
			olo[j] = t ? BL : f ? CL : BL == CL ? BL : 0.5;                            \
		} else {                                                                           \
			olo[j] = t ? BL : f ? CL : mn(BL, CL);                                     \
			ohi[j] = t ? BH : f ? CH : mx(BH, CH);                                     \
		}                                                                                  \
	} while (0)
/* Stores a bool interval [lo, hi]: as two values, or (enc) as one. */
#define PUT2(LOV, HIV)                                                                             \
	do {                                                                                       \
		if (enc) { /* selects of doubles vectorise best */                                 \
			olo[j] = ((LOV) ? 0.5 : 0.0) + ((HIV) ? 0.5 : 0.0);                        \
		} else {                                                                           \
			olo[j] = (LOV);                                                            \
			ohi[j] = (HIV);                                                            \
		}                                                                                  \
	} while (0)
#define SEL_C(BLV, BHV)                                                                            \
	do {                                                                                       \
		if (in->imm & IMM_C) {                                                             \
			const double kcl = in->kc[0], kch = in->kc[1];                             \
			LOOP                                                                       \
			{                                                                          \
				const double BL = (BLV), BH = (BHV), CL = kcl, CH = kch;           \
				SEL_BODY;                                                          \
			}                                                                          \
		} else {                                                                           \
			LOOP                                                                       \
			{                                                                          \
				const double BL = (BLV), BH = (BHV), CL = clo[j], CH = chi[j];     \
				SEL_BODY;                                                          \
			}                                                                          \
		}                                                                                  \
	} while (0)

/* One pure operation over W values. Output arrays never alias inputs (the
 * register allocator guarantees it). enc: bools are held as one value (0,
 * 0.5, 1; see struct bins), as the batch evaluator does; bout: the result
 * of an `if` is a bool. Both are constants where this is inlined.
 *
 * It is long on purpose: one switch of short cases, inlined into both
 * evaluators so that W, enc and bout are constants in every loop and the
 * compiler specialises and vectorises each case. */
INLINE void exec_op(const int op, const struct rins *in, const struct rule_program *p,
                    const double *restrict alo, const double *restrict ahi,
                    const double *restrict blo, const double *restrict bhi,
                    const double *restrict clo, const double *restrict chi, double *restrict olo,
                    double *restrict ohi, size_t W, const bool enc, const bool bout)
{
	switch (op) {
	case OP_NEG:
		LOOP
		{
			olo[j] = -AH;
			ohi[j] = -AL;
		}
		break;
	case OP_ADD:
		BIN(olo[j] = fix_lo(AL + BL); ohi[j] = fix_hi(AH + BH));
		break;
	case OP_SUB:
		BIN(olo[j] = fix_lo(AL - BH); ohi[j] = fix_hi(AH - BL));
		break;
	case OP_MUL:
		if (KEXACT && in->kb[0] == 0) { /* 0 * anything = 0, as mul0 */
			LOOP olo[j] = ohi[j] = 0;
			break;
		}
		if (KEXACT && isfinite(in->kb[0])) {
			/* by a non-zero constant: the bounds scale (and swap if it is
			 * negative); x * k is mul0(x, k) here */
			const double k = in->kb[0];
			if (k > 0)
				LOOP
				{
					olo[j] = AL * k;
					ohi[j] = AH * k;
				}
			else
				LOOP
				{
					olo[j] = AH * k;
					ohi[j] = AL * k;
				}
			break;
		}
		BIN(double p1 = mul0(AL, BL); double p2 = mul0(AL, BH); double p3 = mul0(AH, BL);
		    double p4 = mul0(AH, BH); olo[j] = mn(mn(p1, p2), mn(p3, p4));
		    ohi[j] = mx(mx(p1, p2), mx(p3, p4)));
		break;
	case OP_DIV: {
		/* divide everything (vectorised); where the divisor may be 0 the
		 * result is everything, as div_slow gives (chosen by a bit mask:
		 * with a select GCC would move the division under a branch and
		 * not vectorise); mark the other lanes with an inexact operand to
		 * redo one by one */
		int64_t redo[RULE_BLOCK], any = 0;
		BIN(const double q = AL / BL;
		    const uint64_t z = -((uint64_t)(BL <= 0) & (uint64_t)(BH >= 0));
		    olo[j] = bitsel(q, -INFINITY, z); ohi[j] = bitsel(q, INFINITY, z);
		    const int64_t r = ((int64_t)(AL != AH) | (int64_t)(BL != BH)) & (int64_t)~z;
		    redo[j] = r; any |= r);
		if (any) {
			const double *bl = blo, *bh = bhi;
			const double k[2] = {in->kb[0], in->kb[1]};
			const size_t bs = in->imm & IMM_B ? 0 : 1; /* stride 0: an immediate */
			if (!bs)
				bl = &k[0], bh = &k[1];
			FOR_MARKED(redo, W, j)
			div_slow(AL, AH, bl[j * bs], bh[j * bs], &olo[j], &ohi[j]);
		}
		break;
	}
	case OP_MIN:
		BIN(olo[j] = mn(AL, BL); ohi[j] = mn(AH, BH));
		break;
	case OP_MAX:
		BIN(olo[j] = mx(AL, BL); ohi[j] = mx(AH, BH));
		break;
	case OP_FLOOR:
		LOOP
		{
			olo[j] = floor(AL);
			ohi[j] = floor(AH);
		}
		break;
	case OP_CEIL:
		LOOP
		{
			olo[j] = ceil(AL);
			ohi[j] = ceil(AH);
		}
		break;
	case OP_ROUND:
		LOOP
		{
			olo[j] = round(AL);
			ohi[j] = round(AH);
		}
		break;
	case OP_ABS:
		LOOP
		{
			double l = AL, h = AH;
			olo[j] = l >= 0 ? l : h <= 0 ? -h : 0;
			ohi[j] = l >= 0 ? h : h <= 0 ? -l : mx(-l, h);
		}
		break;
	case OP_SQRT:
		LOOP
		{
			bool bad = !(AL >= 0);
			olo[j] = bad ? -INFINITY : sqrt(AL);
			ohi[j] = bad ? INFINITY : sqrt(AH);
		}
		break;
	/* a >= b is a >= b - tie; a < b its complement; likewise > and <=.
	 * Against an exact constant the thresholds are computed once. */
	case OP_LT:
		if (KEXACT) {
			const double th = in->kb[0] - rule_tie_k(in->kb[0]);
			LOOP PUT2(AH < th, AL < th);
		} else {
			BIN(PUT2(AH < BL - tie(AH, BL), AL < BH - tie(AL, BH)));
		}
		break;
	case OP_LE:
		if (KEXACT) {
			const double th = in->kb[0] + rule_tie_k(in->kb[0]);
			LOOP PUT2(AH <= th, AL <= th);
		} else {
			BIN(PUT2(AH <= BL + tie(AH, BL), AL <= BH + tie(AL, BH)));
		}
		break;
	case OP_GT:
		if (KEXACT) {
			const double th = in->kb[0] + rule_tie_k(in->kb[0]);
			LOOP PUT2(AL > th, AH > th);
		} else {
			BIN(PUT2(AL > BH + tie(AL, BH), AH > BL + tie(AH, BL)));
		}
		break;
	case OP_GE:
		if (KEXACT) {
			const double th = in->kb[0] - rule_tie_k(in->kb[0]);
			LOOP PUT2(AL >= th, AH >= th);
		} else {
			BIN(PUT2(AL >= BH - tie(AL, BH), AH >= BL - tie(AH, BL)));
		}
		break;
	case OP_EQ:
	case OP_NE:
		if (KEXACT) {
			const double k = in->kb[0], tk = rule_tie_k(k), lo = k - tk, hi = k + tk;
			/* an exact value: within the tie of k (|x - k| <= tk, which
			 * vectorises best); an interval: can it meet [k-tk, k+tk]? */
			if (enc) {
				const double yes = op == OP_EQ ? 1.0 : 0.0, no = 1.0 - yes;
				LOOP
				{
					const double in_ = fabs(AL - k) <= tk ? yes : no;
					const double can = AL <= hi ? (AH >= lo ? 0.5 : no) : no;
					olo[j] = AL == AH ? in_ : can;
				}
			} else {
				const bool eq = op == OP_EQ;
				LOOP
				{
					const int ex = AL == AH, in_ = fabs(AL - k) <= tk;
					const int sure = ex & in_;
					const int can = ex ? in_ : (AL <= hi) & (AH >= lo);
					PUT2(eq ? sure : 1 - can, eq ? can : 1 - sure);
				}
			}
		} else {
			/* sure: both exact and within a tie; can: the ranges meet */
			const bool eq = op == OP_EQ;
			BIN(const int sure = (int)(AL == AH) & (int)(BL == BH) &
			                     (int)(fabs(AL - BL) <= tie(AL, BL));
			    const int can =
			        (int)(AL <= BH + tie(AL, BH)) & (int)(BL <= AH + tie(BL, AH));
			    PUT2(eq ? sure : 1 - can, eq ? can : 1 - sure));
		}
		break;
	case OP_AND: /* min; one value each when enc */
		if (enc)
			BIN(olo[j] = mn(AL, BL));
		else
			BIN(olo[j] = mn(AL, BL); ohi[j] = mn(AH, BH));
		break;
	case OP_OR:
		if (enc)
			BIN(olo[j] = mx(AL, BL));
		else
			BIN(olo[j] = mx(AL, BL); ohi[j] = mx(AH, BH));
		break;
	case OP_NOT:
		if (enc)
			LOOP olo[j] = 1 - AL;
		else
			LOOP
			{
				olo[j] = 1 - AH;
				ohi[j] = 1 - AL;
			}
		break;
	case OP_IF:
		if (in->imm & IMM_B)
			SEL_C(in->kb[0], in->kb[1]);
		else
			SEL_C(blo[j], bhi[j]);
		break;
	case OP_IN: {
		const struct rset *s = &p->sets[in->b];
		if (s->small) {
			/* the nearest whole number, if within a tie, looked up in the
			 * set's bitmap; intervals one by one */
			int64_t wide[RULE_BLOCK], any = 0;
			const double *tab = s->tab;
			/* a whole number up to 255 is within 6.2e-13 (its tie) of itself */
			const double tie255 = rule_tie_k(255);
			LOOP
			{
				/* branch-free: the nearest whole number kd, rounded by adding
				 * 2^52 + 2^51 (its low bits are then kd's, and the sum minus
				 * that constant is kd exactly, for |x| < 2^51); a member if
				 * kd is in 0..255, within a tie of x and in the table, whose
				 * entry is read unconditionally (no select may feed
				 * arithmetic here, or GCC keeps the branches) */
				const double l = AL;
				union {
					double d;
					uint64_t u;
				} r = {.d = l + 6755399441055744.0};
				const double kd = r.d - 6755399441055744.0;
				const double tk = tab[r.u & 255];
				const double m =
				    ((fabs(l - kd) <= tie255) & (kd >= 0) & (kd <= 255)) ? tk : 0.0;
				olo[j] = m;
				if (!enc)
					ohi[j] = m;
				wide[j] = (int64_t)(AL != AH);
				any |= wide[j];
			}
			if (any)
				FOR_MARKED(wide, W, j)
				{
					double l_, h_;
					in_eval(s, AL, AH, &l_, &h_);
					PUT2(l_, h_);
				}
		} else {
			LOOP
			{
				double l_, h_;
				in_eval(s, AL, AH, &l_, &h_);
				PUT2(l_, h_);
			}
		}
		break;
	}
	case OP_BAND: {
		/* exact values first: walk the cuts upwards, each one passed
		 * selects its band's points (a blend per cut, unrolled for up to 8
		 * cuts so the loop over firms vectorises); then widen where the
		 * value is an interval */
		const struct band_table *t = &p->bands[in->b];
		const int nc = t->ncuts;
		double thr[8], pts[9]; /* local copies: the loops cannot alias them */
		for (int k = 0; k < nc && k < 8; k++) {
			thr[k] = t->thr[k];
			pts[k + 1] = t->pts[k + 1];
		}
		const double p0 = pts[0] = t->pts[0];
		if (t->mono && nc <= 8) {
			/* a monotone table: the points of an interval are those of its
			 * bounds (band_slow's hull is then [pts[il], pts[ih]], or the
			 * reverse), so both bounds take the exact path and no lane is
			 * redone; for an exact value the two are the same */
			const double *restrict xl = t->mono > 0 ? alo : ahi;
			const double *restrict xh = t->mono > 0 ? ahi : alo;
#define STEP2(k)                                                                                   \
	rl = vl >= thr[k] ? pts[(k) + 1] : rl;                                                     \
	rh = vh >= thr[k] ? pts[(k) + 1] : rh;
#define BAND2_CASE(N, STEPS)                                                                       \
	case N:                                                                                    \
		LOOP                                                                               \
		{                                                                                  \
			const double vl = xl[j], vh = xh[j];                                       \
			double rl = p0, rh = p0;                                                   \
			STEPS                                                                      \
			olo[j] = rl;                                                               \
			ohi[j] = rh;                                                               \
		}                                                                                  \
		break;
			switch (nc) {
				BAND2_CASE(1, STEP2(0))
				BAND2_CASE(2, STEP2(0) STEP2(1))
				BAND2_CASE(3, STEP2(0) STEP2(1) STEP2(2))
				BAND2_CASE(4, STEP2(0) STEP2(1) STEP2(2) STEP2(3))
				BAND2_CASE(5, STEP2(0) STEP2(1) STEP2(2) STEP2(3) STEP2(4))
				BAND2_CASE(6, STEP2(0) STEP2(1) STEP2(2) STEP2(3) STEP2(4) STEP2(5))
				BAND2_CASE(7, STEP2(0) STEP2(1) STEP2(2) STEP2(3) STEP2(4) STEP2(5)
				                  STEP2(6))
				BAND2_CASE(8, STEP2(0) STEP2(1) STEP2(2) STEP2(3) STEP2(4) STEP2(5)
				                  STEP2(6) STEP2(7))
			default: /* no cut */
				LOOP olo[j] = ohi[j] = p0;
				break;
			}
#undef BAND2_CASE
#undef STEP2
			break;
		}
		int64_t wide[RULE_BLOCK], any = 0;
		LOOP
		{
			wide[j] = (int64_t)(AL != AH);
			any |= wide[j];
		}
#define STEP(k) r = v >= thr[k] ? pts[(k) + 1] : r;
#define BAND_CASE(N, STEPS)                                                                        \
	case N:                                                                                    \
		LOOP                                                                               \
		{                                                                                  \
			const double v = AL;                                                       \
			double r = p0;                                                             \
			STEPS                                                                      \
			olo[j] = r;                                                                \
		}                                                                                  \
		break;
		switch (nc) {
			BAND_CASE(1, STEP(0))
			BAND_CASE(2, STEP(0) STEP(1))
			BAND_CASE(3, STEP(0) STEP(1) STEP(2))
			BAND_CASE(4, STEP(0) STEP(1) STEP(2) STEP(3))
			BAND_CASE(5, STEP(0) STEP(1) STEP(2) STEP(3) STEP(4))
			BAND_CASE(6, STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5))
			BAND_CASE(7, STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6))
			BAND_CASE(8,
			          STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7))
		default:
			LOOP olo[j] = p0;
			for (int k = 0; k < nc; k++) {
				const double th = t->thr[k], pk = t->pts[k + 1];
				LOOP olo[j] = AL >= th ? pk : olo[j];
			}
			break;
		}
#undef BAND_CASE
#undef STEP
		LOOP ohi[j] = olo[j];
		if (any)
			FOR_MARKED(wide, W, j) band_slow(t, AL, AH, &olo[j], &ohi[j]);
		break;
	}
	case OP_CASE1: {
		/* exact values: from the last condition back, each that holds
		 * takes its result; intervals one by one */
		const struct case_table *t = &p->cases[in->b];
		int64_t wide[RULE_BLOCK], any = 0;
		const double other = t->other;
		const int nc = t->n;
		double wlo[8], whi[8], val[8], yes[8]; /* local copies: no aliasing */
		for (int i = 0; i < nc && i < 8; i++) {
			wlo[i] = t->wlo[i], whi[i] = t->whi[i], val[i] = t->v[i];
			yes[i] = t->neg[i] ? 0.0 : 1.0;
		}
#define CSTEP(i) r = (mn(v - wlo[i], whi[i] - v) >= 0 ? 1.0 : 0.0) == yes[i] ? val[i] : r;
#define CASE_N(N, STEPS)                                                                           \
	case N:                                                                                    \
		LOOP                                                                               \
		{                                                                                  \
			const double v = AL;                                                       \
			double r = other;                                                          \
			STEPS                                                                      \
			olo[j] = r;                                                                \
			ohi[j] = r;                                                                \
			wide[j] = (int64_t)(AL != AH);                                             \
			any |= wide[j];                                                            \
		}                                                                                  \
		break;
		/* one pass: the exact result for every lane, both bounds, and the
		 * lanes to redo */
		switch (nc) {
			CASE_N(2, CSTEP(1) CSTEP(0))
			CASE_N(3, CSTEP(2) CSTEP(1) CSTEP(0))
			CASE_N(4, CSTEP(3) CSTEP(2) CSTEP(1) CSTEP(0))
			CASE_N(5, CSTEP(4) CSTEP(3) CSTEP(2) CSTEP(1) CSTEP(0))
			CASE_N(6, CSTEP(5) CSTEP(4) CSTEP(3) CSTEP(2) CSTEP(1) CSTEP(0))
		default:
			LOOP olo[j] = other;
			for (int i = nc - 1; i >= 0; i--) {
				const double lo = t->wlo[i], hi = t->whi[i], v = t->v[i];
				const double y = t->neg[i] ? 0.0 : 1.0;
				LOOP
				{
					const double in_ = mn(AL - lo, hi - AL) >= 0 ? 1.0 : 0.0;
					olo[j] = in_ == y ? v : olo[j];
				}
			}
			LOOP
			{
				ohi[j] = olo[j];
				wide[j] = (int64_t)(AL != AH);
				any |= wide[j];
			}
			break;
		}
#undef CASE_N
#undef CSTEP
		if (any)
			FOR_MARKED(wide, W, j) case_slow(t, AL, AH, &olo[j], &ohi[j]);
		break;
	}
	case OP_CLAMP: {
		const double k0 = in->k0, k1 = in->k1;
		LOOP
		{
			olo[j] = mn(mx(AL, k0), k1);
			ohi[j] = mn(mx(AH, k0), k1);
		}
		break;
	}
	default:
		LOOP
		{
			olo[j] = -INFINITY;
			ohi[j] = INFINITY;
		}
		break;
	}
}

void rule_vm_fold(const struct rins *in, const struct rule_program *p, const double *a,
                  const double *b, const double *c, double *out)
{
	double lo, hi;
	struct rins plain = *in;
	plain.imm = 0; /* operands are given explicitly */
	exec_op(plain.op, &plain, p, &a[0], &a[1], &b[0], &b[1], &c[0], &c[1], &lo, &hi, 1, false,
	        false);
	out[0] = lo;
	out[1] = hi;
}

static int op_arity(int op)
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

/* int64 -> double without the scalar conversion instruction: adding v to
 * the bit pattern of 2^52 + 2^51 puts it in the mantissa, exactly, when
 * |v| < 2^51 (about 2.25e15; 2.25e13 元 in 分). The loop vectorises; a
 * block with a larger value is converted again the plain way. */
INLINE double i2d(int64_t v)
{
	union {
		uint64_t u;
		double d;
	} x;
	x.u = (uint64_t)v + 0x4338000000000000ull;
	return x.d - 6755399441055744.0;
}

/* Non-zero if v is outside the range i2d converts exactly. */
INLINE uint64_t i2d_far(int64_t v)
{
	return ((uint64_t)v + 0x0008000000000000ull) >> 52;
}

/* Reads one input column for W firms. A flag (bool symbol) held in the
 * one-value form (enc) is 0 or 1 when present and the middle of its domain
 * (0.5) when missing. */
INLINE void load(const struct rins *in, const struct rule_program *p,
                 const struct rule_column *cols, size_t base, size_t n, double *restrict olo,
                 double *restrict ohi, size_t W, const bool enc)
{
	const struct rule_column *c = &cols[in->a];
	const struct rule_symbol *s = &p->syms[in->b];
	const bool flag = s->type == RULE_BOOL;
	const bool one = enc && flag;
	const double dlo = one ? 0.5 * (s->lo + s->hi) : s->lo, dhi = s->hi, sc = s->scale;
	const int64_t *v = c->v;
	const uint64_t *has = c->has;
	if (!v) {
		LOOP
		{
			olo[j] = dlo;
			if (!one)
				ohi[j] = dhi;
		}
		return;
	}
	if (base + W <= n && W % 64 == 0) {
		/* a full block: convert every value, then mark the missing ones */
		const int64_t *restrict vb = v + base;
		/* the same block of this column RULE_AHEAD firms on: by the time
		 * it is needed it has arrived (the hardware prefetcher does not
		 * follow 30-odd short streams) */
		if (base + RULE_AHEAD + W <= n) {
			for (size_t k = 0; k < W; k += 8)
				__builtin_prefetch(vb + RULE_AHEAD + k, 0, 1);
			/* and its presence bits (one line covers 512 firms) */
			if (has)
				__builtin_prefetch(has + (base + RULE_AHEAD) / 64);
		}
		if (one) {
			LOOP olo[j] = vb[j] != 0 ? 1.0 : 0.0;
		} else if (flag) {
			LOOP olo[j] = ohi[j] = vb[j] != 0 ? 1.0 : 0.0;
		} else {
			uint64_t far = 0; /* not a bool: bool reductions do not vectorise */
			LOOP
			{
				far |= i2d_far(vb[j]);
				olo[j] = ohi[j] = i2d(vb[j]);
			}
			if (far)
				LOOP olo[j] = ohi[j] = (double)vb[j];
			if (sc != 1)
				LOOP olo[j] = ohi[j] = olo[j] / sc;
		}
		if (has) {
			for (size_t w = 0; w < W / 64; w++) {
				uint64_t miss = ~has[base / 64 + w];
				while (miss) {
					size_t j = w * 64 + (size_t)__builtin_ctzll(miss);
					olo[j] = dlo;
					if (!one)
						ohi[j] = dhi;
					miss &= miss - 1;
				}
			}
		}
		return;
	}
	LOOP
	{
		size_t i = base + j;
		bool ok = i < n && (!has || ((has[i >> 6] >> (i & 63)) & 1));
		double x = 0;
		if (ok)
			x = flag ? (double)(v[i] != 0) : sc == 1 ? (double)v[i] : (double)v[i] / sc;
		olo[j] = ok ? x : dlo;
		if (!one)
			ohi[j] = ok ? x : dhi;
	}
}

/* One firm: every instruction of the SSA code, register i for value i,
 * both bounds of every value. */
static void run_one(const struct rule_program *p, double *R, const struct rule_column *cols,
                    double period)
{
	const size_t W = 1;
	for (size_t i = 0; i < p->nins; i++) {
		const struct rins *in = &p->ins[i];
		double *olo = R + 2 * i, *ohi = olo + 1;
		switch (in->op) {
		case OP_CONST:
			olo[0] = in->k0;
			ohi[0] = in->k1;
			continue;
		case OP_PERIOD:
			olo[0] = ohi[0] = period + in->k0;
			continue;
		case OP_LOAD:
			load(in, p, cols, 0, 1, olo, ohi, W, false);
			continue;
		default:
			break;
		}
		int k = op_arity(in->op);
		const double *a = R + 2 * (size_t)in->a, *b = a, *c = a;
		if (k >= 2 && !(in->imm & IMM_B))
			b = R + 2 * (size_t)in->b;
		if (k >= 3 && !(in->imm & IMM_C))
			c = R + 2 * (size_t)in->c;
		exec_op(in->op, in, p, a, a + 1, b, b + 1, c, c + 1, olo, ohi, W, false, false);
	}
}

/* The batch kernels: one function per operation, specialised for a block
 * of RULE_BLOCK firms with bools in one array. One function each keeps
 * every loop's code, and the compiler's choices for it, independent of the
 * others (as one big function, adding an operation slowed the rest). On
 * x86-64 each is also compiled for AVX2 and picked at load time (4 doubles
 * per vector instead of 2); other targets use the default build. */
#if defined(__x86_64__) && defined(__linux__) && (defined(__clang__) || defined(__GNUC__))
#define CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CLONES
#endif

struct bctx {
	const struct rule_program *p;
	double *R;
	const struct rule_column *cols;
	size_t base, n;
	double period;
};

typedef void kernel_fn(const struct bins *bi, const struct bctx *x);

#define KERNEL(OP)                                                                                 \
	CLONES static void kern_##OP(const struct bins *bi, const struct bctx *x)                  \
	{                                                                                          \
		const size_t W = RULE_BLOCK;                                                       \
		const struct rins *in = &bi->in;                                                   \
		double *olo = x->R + 2 * (size_t)bi->dst * W, *ohi = olo + W;                      \
		const double *a = x->R + 2 * (size_t)bi->ra * W, *b = a, *c = a;                   \
		if (op_arity(OP) >= 2 && !(in->imm & IMM_B))                                       \
			b = x->R + 2 * (size_t)bi->rb * W;                                         \
		if (op_arity(OP) >= 3 && !(in->imm & IMM_C))                                       \
			c = x->R + 2 * (size_t)bi->rc * W;                                         \
		if (bi->bout)                                                                      \
			exec_op(OP, in, x->p, a, a + W, b, b + W, c, c + W, olo, ohi, W, true,     \
			        true);                                                             \
		else                                                                               \
			exec_op(OP, in, x->p, a, a + W, b, b + W, c, c + W, olo, ohi, W, true,     \
			        false);                                                            \
	}

KERNEL(OP_NEG)
KERNEL(OP_ADD)
KERNEL(OP_SUB)
KERNEL(OP_MUL)
KERNEL(OP_DIV)
KERNEL(OP_MIN)
KERNEL(OP_MAX)
KERNEL(OP_FLOOR)
KERNEL(OP_CEIL)
KERNEL(OP_ROUND)
KERNEL(OP_ABS)
KERNEL(OP_SQRT)
KERNEL(OP_LT)
KERNEL(OP_LE)
KERNEL(OP_GT)
KERNEL(OP_GE)
KERNEL(OP_EQ)
KERNEL(OP_NE)
KERNEL(OP_AND)
KERNEL(OP_OR)
KERNEL(OP_NOT)
KERNEL(OP_IF)
KERNEL(OP_IN)
KERNEL(OP_BAND)
KERNEL(OP_CLAMP)
KERNEL(OP_CASE1)

CLONES static void kern_const(const struct bins *bi, const struct bctx *x)
{
	const size_t W = RULE_BLOCK;
	const struct rins *in = &bi->in;
	double *olo = x->R + 2 * (size_t)bi->dst * W, *ohi = olo + W;
	if (bi->bout) {
		const double k = 0.5 * (in->k0 + in->k1);
		LOOP olo[j] = k;
	} else {
		LOOP
		{
			olo[j] = in->k0;
			ohi[j] = in->k1;
		}
	}
}

CLONES static void kern_period(const struct bins *bi, const struct bctx *x)
{
	const size_t W = RULE_BLOCK;
	double *olo = x->R + 2 * (size_t)bi->dst * W, *ohi = olo + W;
	const double v = x->period + bi->in.k0;
	LOOP olo[j] = ohi[j] = v;
}

CLONES static void kern_load(const struct bins *bi, const struct bctx *x)
{
	const size_t W = RULE_BLOCK;
	double *olo = x->R + 2 * (size_t)bi->dst * W, *ohi = olo + W;
	load(&bi->in, x->p, x->cols, x->base, x->n, olo, ohi, W, true);
}

/* a bool (one array) to an interval: 0 -> [0,0], 0.5 -> [0,1], 1 -> [1,1] */
CLONES static void kern_b2n(const struct bins *bi, const struct bctx *x)
{
	const size_t W = RULE_BLOCK;
	double *restrict olo = x->R + 2 * (size_t)bi->dst * W, *restrict ohi = olo + W;
	const double *restrict a = x->R + 2 * (size_t)bi->ra * W;
	LOOP
	{
		olo[j] = a[j] >= 1 ? 1.0 : 0.0;
		ohi[j] = a[j] > 0 ? 1.0 : 0.0;
	}
}

/* a 0/1 interval to a bool */
CLONES static void kern_n2b(const struct bins *bi, const struct bctx *x)
{
	const size_t W = RULE_BLOCK;
	double *restrict olo = x->R + 2 * (size_t)bi->dst * W;
	const double *restrict a = x->R + 2 * (size_t)bi->ra * W;
	LOOP olo[j] = 0.5 * (a[j] + a[j + W]);
}

static kernel_fn *const kernels[OP_ALL_] = {
    [OP_CONST] = kern_const,    [OP_LOAD] = kern_load,    [OP_PERIOD] = kern_period,
    [OP_B2N] = kern_b2n,        [OP_N2B] = kern_n2b,      [OP_NEG] = kern_OP_NEG,
    [OP_ADD] = kern_OP_ADD,     [OP_SUB] = kern_OP_SUB,   [OP_MUL] = kern_OP_MUL,
    [OP_DIV] = kern_OP_DIV,     [OP_MIN] = kern_OP_MIN,   [OP_MAX] = kern_OP_MAX,
    [OP_FLOOR] = kern_OP_FLOOR, [OP_CEIL] = kern_OP_CEIL, [OP_ROUND] = kern_OP_ROUND,
    [OP_ABS] = kern_OP_ABS,     [OP_SQRT] = kern_OP_SQRT, [OP_LT] = kern_OP_LT,
    [OP_LE] = kern_OP_LE,       [OP_GT] = kern_OP_GT,     [OP_GE] = kern_OP_GE,
    [OP_EQ] = kern_OP_EQ,       [OP_NE] = kern_OP_NE,     [OP_AND] = kern_OP_AND,
    [OP_OR] = kern_OP_OR,       [OP_NOT] = kern_OP_NOT,   [OP_IF] = kern_OP_IF,
    [OP_IN] = kern_OP_IN,       [OP_BAND] = kern_OP_BAND, [OP_CLAMP] = kern_OP_CLAMP,
    [OP_CASE1] = kern_OP_CASE1,
};

/* A block of RULE_BLOCK firms: the batch program (struct bins), one kernel
 * call per instruction. */
static void run_block(const struct rule_program *p, double *R, const struct rule_column *cols,
                      size_t base, size_t n, double period)
{
	const struct bctx x = {p, R, cols, base, n, period};
	for (size_t k = 0; k < p->nbins; k++)
		kernels[p->bins[k].in.op](&p->bins[k], &x);
}

enum app_status rule_eval_batch(const struct rule_program *p, const struct rule_column *cols,
                                size_t n, double period, const size_t *items, size_t nitems,
                                struct rule_ival *const *out)
{
	for (size_t j = 0; j < nitems; j++)
		if (items[j] >= p->nitems)
			return APP_EINVAL;
	size_t nr = p->nregs ? (size_t)p->nregs : 1;
	double *R = xmalloc(2 * nr * RULE_BLOCK * sizeof *R);
	for (size_t base = 0; base < n; base += RULE_BLOCK) {
		run_block(p, R, cols, base, n, period);
		size_t w = n - base < RULE_BLOCK ? n - base : RULE_BLOCK;
		for (size_t j = 0; j < nitems; j++) {
			size_t it = items[j];
			struct rule_ival *o = out[j] + base;
			if (p->item_ins[it] < 0) {
				for (size_t k = 0; k < w; k++)
					o[k] = (struct rule_ival){0, 1};
				continue;
			}
			const double *lo = R + 2 * (size_t)p->item_reg[it] * RULE_BLOCK,
			             *hi = lo + RULE_BLOCK;
			if (p->item_bool[it])
				for (size_t k = 0; k < w; k++)
					o[k] = (struct rule_ival){lo[k] >= 1, lo[k] > 0};
			else
				for (size_t k = 0; k < w; k++)
					o[k] = (struct rule_ival){lo[k], hi[k]};
		}
	}
	free(R);
	return APP_OK;
}

struct rule_trace *rule_trace_new(const struct rule_program *p)
{
	struct rule_trace *t = xcalloc(1, sizeof *t);
	size_t ni = p->ninputs ? p->ninputs : 1;
	t->p = p;
	t->v = xcalloc(2 * (p->nins ? p->nins : 1), sizeof *t->v);
	t->vals = xcalloc(ni, sizeof *t->vals);
	t->bits = xcalloc(ni, sizeof *t->bits);
	t->cols = xcalloc(ni, sizeof *t->cols);
	t->has = xcalloc(ni, sizeof *t->has);
	return t;
}

void rule_trace_free(struct rule_trace *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->vals);
	free(t->bits);
	free(t->cols);
	free(t->has);
	free(t);
}

void rule_eval_one(const struct rule_program *p, const int64_t *v, const bool *has, double period,
                   struct rule_trace *t)
{
	APP_ASSERT(t->p == p);
	for (size_t i = 0; i < p->ninputs; i++) {
		t->vals[i] = v ? v[i] : 0;
		t->has[i] = has && has[i];
		t->bits[i] = t->has[i];
		t->cols[i] = (struct rule_column){&t->vals[i], &t->bits[i]};
	}
	t->period = period;
	run_one(p, t->v, t->cols, period);
}

struct rule_ival rule_trace_item(const struct rule_trace *t, size_t i)
{
	if (i >= t->p->nitems || t->p->item_ins[i] < 0)
		return (struct rule_ival){0, 1};
	size_t k = (size_t)t->p->item_ins[i];
	return (struct rule_ival){t->v[2 * k], t->v[2 * k + 1]};
}

struct rule_ival rule_trace_value(const struct rule_trace *t, size_t ins)
{
	return (struct rule_ival){t->v[2 * ins], t->v[2 * ins + 1]};
}

bool rule_trace_has(const struct rule_trace *t, size_t input)
{
	return t->has[input];
}
