/* monthly_agg.c - aggregate cells, their contributions and a buffer of
 * changes (see monthly_agg.h). */
#include "monthly_agg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/industry.h"
#include "core/tier.h"

static const char *const dim_keys[MDIM_COUNT] = {"all", "district", "industry", "tier"};
static const char *const dim_labels[MDIM_COUNT] = {"全市", "区县", "行业", "梯度"};

const char *monthly_dim_key(enum monthly_dim d)
{
	return (unsigned)d < MDIM_COUNT ? dim_keys[d] : "";
}

const char *monthly_dim_label(enum monthly_dim d)
{
	return (unsigned)d < MDIM_COUNT ? dim_labels[d] : "";
}

int monthly_dim_parse(const char *s)
{
	for (int d = 0; d < MDIM_COUNT; d++)
		if (strcmp(s, dim_keys[d]) == 0 || strcmp(s, dim_labels[d]) == 0)
			return d;
	if (strcmp(s, "unit") == 0 || strcmp(s, "区县/功能区") == 0)
		return MDIM_UNIT;
	return -1;
}

void monthly_groups_of(const struct enterprise *e, struct monthly_groups *g)
{
	memset(g, 0, sizeof *g);
	const char *unit = district_reporting_unit(e->district, e->zone);
	str_copy(g->unit, sizeof g->unit, unit ? unit : "", unit ? strlen(unit) : 0);
	if (strlen(e->industry) >= 3 && industry_division(e->industry))
		memcpy(g->industry, e->industry, 3);
	snprintf(g->tier, sizeof g->tier, "%s", e->tier ? tier_key(e->tier) : "none");
}

const char *monthly_group_of(const struct monthly_groups *g, enum monthly_dim d)
{
	switch (d) {
	case MDIM_UNIT:
		return g->unit;
	case MDIM_INDUSTRY:
		return g->industry;
	case MDIM_TIER:
		return g->tier;
	default:
		return "";
	}
}

void monthly_group_name(enum monthly_dim d, const char *grp, char *buf, size_t n)
{
	switch (d) {
	case MDIM_UNIT:
		snprintf(buf, n, "%s", district_unit_name(grp));
		return;
	case MDIM_INDUSTRY: {
		const struct industry_division *div = grp[0] ? industry_division(grp) : NULL;
		if (div)
			snprintf(buf, n, "%s", div->name);
		else
			snprintf(buf, n, "%s", grp[0] ? grp : "未知行业");
		return;
	}
	case MDIM_TIER: {
		enum tier t = tier_parse(strv_from(grp));
		snprintf(buf, n, "%s", t ? tier_short(t) : "未入库");
		return;
	}
	default:
		snprintf(buf, n, "全市");
	}
}

/* ---- contributions ---- */

void monthly_agg_add_own(struct monthly_agg *c, const struct monthly *r, int sign)
{
	c->filed += sign;
	if (monthly_has(r, MK_PROFIT_YTD) && r->v[MK_PROFIT_YTD] < 0) {
		c->loss += sign;
		c->loss_sum += sign * r->v[MK_PROFIT_YTD];
	}
	for (int k = 0; k < MK_COUNT; k++)
		if (monthly_has(r, k)) {
			c->n[k] += sign;
			c->sum[k] += sign * r->v[k];
		}
}

void monthly_agg_add_single(struct monthly_agg *c, const struct monthly_calendar *cal,
                            const struct monthly *cur, const struct monthly *prev, int sign)
{
	for (int k = 0; k < MK_COUNT; k++) {
		int64_t v;
		if (monthly_key_is_ytd(k) && monthly_single(cal, cur, prev, k, &v)) {
			c->sn[k] += sign;
			c->ssum[k] += sign * v;
		}
	}
}

void monthly_agg_add_pair(struct monthly_agg *c, const struct monthly *cur,
                          const struct monthly *last_year, int sign)
{
	c->pairs += sign;
	for (int k = 0; k < MK_COUNT; k++)
		if (monthly_has(cur, k) && monthly_has(last_year, k)) {
			c->pn[k] += sign;
			c->pcur[k] += sign * cur->v[k];
			c->pprev[k] += sign * last_year->v[k];
		}
}

void monthly_agg_merge(struct monthly_agg *dst, const struct monthly_agg *src)
{
	dst->filed += src->filed;
	dst->loss += src->loss;
	dst->loss_sum += src->loss_sum;
	dst->pairs += src->pairs;
	for (int k = 0; k < MK_COUNT; k++) {
		dst->n[k] += src->n[k];
		dst->sum[k] += src->sum[k];
		dst->sn[k] += src->sn[k];
		dst->ssum[k] += src->ssum[k];
		dst->pn[k] += src->pn[k];
		dst->pcur[k] += src->pcur[k];
		dst->pprev[k] += src->pprev[k];
	}
}

bool monthly_agg_equal(const struct monthly_agg *a, const struct monthly_agg *b)
{
	if (a->filed != b->filed || a->loss != b->loss || a->loss_sum != b->loss_sum ||
	    a->pairs != b->pairs)
		return false;
	for (int k = 0; k < MK_COUNT; k++)
		if (a->n[k] != b->n[k] || a->sum[k] != b->sum[k] || a->sn[k] != b->sn[k] ||
		    a->ssum[k] != b->ssum[k] || a->pn[k] != b->pn[k] || a->pcur[k] != b->pcur[k] ||
		    a->pprev[k] != b->pprev[k])
			return false;
	return true;
}

bool monthly_agg_is_zero(const struct monthly_agg *c)
{
	static const struct monthly_agg zero;
	return monthly_agg_equal(c, &zero);
}

bool monthly_agg_growth(const struct monthly_agg *c, enum monthly_key k, double *pct)
{
	if (c->pn[k] <= 0 || c->pprev[k] <= 0)
		return false;
	*pct = ((double)c->pcur[k] - (double)c->pprev[k]) / (double)c->pprev[k] * 100.0;
	return true;
}

bool monthly_agg_loss_rate(const struct monthly_agg *c, double *pct)
{
	if (c->n[MK_PROFIT_YTD] <= 0)
		return false;
	*pct = (double)c->loss / (double)c->n[MK_PROFIT_YTD] * 100.0;
	return true;
}

/* ---- the buffer ---- */

void monthly_aggbuf_init(struct monthly_aggbuf *b)
{
	memset(b, 0, sizeof *b);
}

void monthly_aggbuf_free(struct monthly_aggbuf *b)
{
	free(b->cells);
	memset(b, 0, sizeof *b);
}

void monthly_aggbuf_reset(struct monthly_aggbuf *b)
{
	if (b->cells)
		memset(b->cells, 0, b->cap * sizeof *b->cells);
	b->used = 0;
}

static uint64_t cell_hash(int period, enum monthly_dim dim, const char *grp)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	h = (h ^ (uint64_t)(unsigned)period) * 1099511628211ull;
	h = (h ^ (uint64_t)dim) * 1099511628211ull;
	for (const char *s = grp; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ^ (h >> 29);
}

static struct monthly_agg *slot(struct monthly_agg *cells, size_t cap, int period,
                                enum monthly_dim dim, const char *grp)
{
	size_t j = cell_hash(period, dim, grp) & (cap - 1);
	while (cells[j].period &&
	       (cells[j].period != period || cells[j].dim != dim || strcmp(cells[j].grp, grp) != 0))
		j = (j + 1) & (cap - 1);
	return &cells[j];
}

static void grow(struct monthly_aggbuf *b)
{
	size_t ncap = b->cap ? b->cap * 2 : 64;
	struct monthly_agg *nc = xcalloc(ncap, sizeof *nc);
	for (size_t i = 0; i < b->cap; i++)
		if (b->cells[i].period)
			*slot(nc, ncap, b->cells[i].period, b->cells[i].dim, b->cells[i].grp) =
			    b->cells[i];
	free(b->cells);
	b->cells = nc;
	b->cap = ncap;
}

struct monthly_agg *monthly_aggbuf_cell(struct monthly_aggbuf *b, int period, enum monthly_dim dim,
                                        const char *grp)
{
	APP_ASSERT(period > 0);
	if ((b->used + 1) * 4 > b->cap * 3)
		grow(b);
	struct monthly_agg *c = slot(b->cells, b->cap, period, dim, grp);
	if (!c->period) {
		c->period = period;
		c->dim = dim;
		str_copy(c->grp, sizeof c->grp, grp, strlen(grp));
		b->used++;
	}
	return c;
}

int monthly_aggbuf_each(const struct monthly_aggbuf *b,
                        int (*cb)(void *ctx, const struct monthly_agg *c), void *ctx)
{
	for (size_t i = 0; i < b->cap; i++)
		if (b->cells[i].period) {
			int r = cb(ctx, &b->cells[i]);
			if (r)
				return r;
		}
	return 0;
}

/* ---- changes ---- */

enum part { PART_OWN, PART_SINGLE, PART_PAIR };

/* Adds one part of a contribution of cur (with its neighbour other) in
 * every dimension under cur's groups. */
static void add_part(struct monthly_aggbuf *b, const struct monthly_calendar *cal, enum part part,
                     const struct monthly_row *cur, const struct monthly_row *other, int sign)
{
	for (int d = 0; d < MDIM_COUNT; d++) {
		struct monthly_agg *c =
		    monthly_aggbuf_cell(b, cur->m.period, d, monthly_group_of(&cur->g, d));
		if (part == PART_OWN)
			monthly_agg_add_own(c, &cur->m, sign);
		else if (part == PART_SINGLE)
			monthly_agg_add_single(c, cal, &cur->m, other ? &other->m : NULL, sign);
		else
			monthly_agg_add_pair(c, &cur->m, &other->m, sign);
	}
}

void monthly_agg_contrib_to(struct monthly_agg *c, const struct monthly_calendar *cal,
                            const struct monthly_row *r, const struct monthly_row *prev_month,
                            const struct monthly_row *last_year, int sign)
{
	monthly_agg_add_own(c, &r->m, sign);
	monthly_agg_add_single(c, cal, &r->m, prev_month ? &prev_month->m : NULL, sign);
	if (last_year)
		monthly_agg_add_pair(c, &r->m, &last_year->m, sign);
}

void monthly_agg_contrib(struct monthly_aggbuf *b, const struct monthly_calendar *cal,
                         const struct monthly_row *r, const struct monthly_row *prev_month,
                         const struct monthly_row *last_year, int sign)
{
	/* the three parts go to the same cells: computed once, added to the
	 * cell of each dimension */
	struct monthly_agg d;
	memset(&d, 0, sizeof d);
	monthly_agg_contrib_to(&d, cal, r, prev_month, last_year, sign);
	for (int i = 0; i < MDIM_COUNT; i++)
		monthly_agg_merge(
		    monthly_aggbuf_cell(b, r->m.period, i, monthly_group_of(&r->g, i)), &d);
}

void monthly_agg_change(struct monthly_aggbuf *b, const struct monthly_calendar *cal,
                        const struct monthly_row *old_r, const struct monthly_row *new_r,
                        const struct monthly_neighbours *nb)
{
	if (old_r)
		monthly_agg_contrib(b, cal, old_r, nb->prev_month, nb->last_year, -1);
	if (new_r)
		monthly_agg_contrib(b, cal, new_r, nb->prev_month, nb->last_year, +1);
	const struct monthly_row *next = nb->next_month;
	if (next && monthly_single_needs_prev(cal, next->m.period)) {
		if (old_r)
			add_part(b, cal, PART_SINGLE, next, old_r, -1);
		if (new_r)
			add_part(b, cal, PART_SINGLE, next, new_r, +1);
	}
	if (nb->next_year) {
		if (old_r)
			add_part(b, cal, PART_PAIR, nb->next_year, old_r, -1);
		if (new_r)
			add_part(b, cal, PART_PAIR, nb->next_year, new_r, +1);
	}
}
