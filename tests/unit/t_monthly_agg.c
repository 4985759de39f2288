/* t_monthly_agg.c - core/monthly_agg: groups, contributions, the change of a
 * filing or correction (single months and like-for-like pairs counted when
 * the second report arrives), the buffer, and a property: applying random
 * filings and corrections in random order gives the same cells as summing
 * every final report's backward contribution from scratch.
 *
 * Money in the hand-worked cases is in 万元 (W) for readability. */
#include <stdio.h>
#include <string.h>

#include "base/rng.h"
#include "core/monthly_agg.h"
#include "test.h"

#define W(x)    ((int64_t)(x)*1000000)
#define P(y, m) monthly_period((y), (m))

static struct monthly_calendar cal;

static void groups(void)
{
	struct enterprise e;
	memset(&e, 0, sizeof e);
	snprintf(e.district, sizeof e.district, "500112");
	snprintf(e.industry, sizeof e.industry, "C3562");
	struct monthly_groups g;
	monthly_groups_of(&e, &g);
	is_str(g.unit, "500112", "unit: the district");
	is_str(g.industry, "C35", "division of C3562");
	is_str(g.tier, "none", "no tier");
	snprintf(e.zone, sizeof e.zone, "LJXQ");
	e.tier = TIER_SRDI;
	monthly_groups_of(&e, &g);
	is_str(g.unit, "LJXQ", "unit: the zone");
	is_str(g.tier, "srdi", "tier key");
	is_str(monthly_group_of(&g, MDIM_ALL), "", "all: empty group");
	is_str(monthly_group_of(&g, MDIM_INDUSTRY), "C35", "industry group");
	char name[64];
	monthly_group_name(MDIM_UNIT, "LJXQ", name, sizeof name);
	is_str(name, "两江新区", "zone name");
	monthly_group_name(MDIM_UNIT, "500112", name, sizeof name);
	is_str(name, "渝北区", "district name");
	monthly_group_name(MDIM_INDUSTRY, "C35", name, sizeof name);
	is_str(name, "专用设备制造业", "division name");
	monthly_group_name(MDIM_TIER, "little_giant", name, sizeof name);
	is_str(name, "小巨人", "tier short label");
	monthly_group_name(MDIM_TIER, "none", name, sizeof name);
	is_str(name, "未入库", "no tier");
	is_int(monthly_dim_parse("district"), MDIM_UNIT, "dim district");
	is_int(monthly_dim_parse("unit"), MDIM_UNIT, "dim unit");
	is_int(monthly_dim_parse("梯度"), MDIM_TIER, "dim in Chinese");
	is_int(monthly_dim_parse("city"), -1, "unknown dim");
}

static struct monthly_row row(int p, int64_t rev, int64_t profit, const char *unit)
{
	struct monthly_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.m.uscc, sizeof r.m.uscc, "915001120000000001");
	r.m.period = p;
	monthly_set(&r.m, MK_REVENUE_YTD, rev);
	if (profit != INT64_MIN)
		monthly_set(&r.m, MK_PROFIT_YTD, profit);
	snprintf(r.g.unit, sizeof r.g.unit, "%s", unit);
	snprintf(r.g.industry, sizeof r.g.industry, "C36");
	snprintf(r.g.tier, sizeof r.g.tier, "srdi");
	return r;
}

static const struct monthly_agg *cell(struct monthly_aggbuf *b, int p, enum monthly_dim d,
                                      const char *g)
{
	return monthly_aggbuf_cell(b, p, d, g);
}

static void own(void)
{
	struct monthly_agg c;
	memset(&c, 0, sizeof c);
	struct monthly_row r = row(P(2025, 10), W(100), -W(5), "500112");
	monthly_set(&r.m, MK_EMPLOYEES, 10);
	monthly_agg_add_own(&c, &r.m, +1);
	ok(c.filed == 1 && c.loss == 1 && c.loss_sum == -W(5), "own: filed, loss, loss sum");
	ok(c.n[MK_REVENUE_YTD] == 1 && c.sum[MK_REVENUE_YTD] == W(100) && c.n[MK_TAX_YTD] == 0,
	   "own: revenue counted, missing tax not");
	ok(c.n[MK_EMPLOYEES] == 1 && c.sum[MK_EMPLOYEES] == 10, "own: headcount");
	monthly_agg_add_own(&c, &r.m, -1);
	ok(monthly_agg_is_zero(&c), "add then remove: zero");
}

static void sequence(void)
{
	/* Firm A: 2024-10 (1000, +50), 2025-09 (900), 2025-10 (1100, −10),
	 * arriving 2025-10 first, then 2024-10, then 2025-09. */
	struct monthly_row oct25 = row(P(2025, 10), W(1100), -W(10), "500112");
	struct monthly_row oct24 = row(P(2024, 10), W(1000), W(50), "500112");
	struct monthly_row sep25 = row(P(2025, 9), W(900), INT64_MIN, "500112");
	struct monthly_aggbuf b;
	monthly_aggbuf_init(&b);

	struct monthly_neighbours nb = {0};
	monthly_agg_change(&b, &cal, NULL, &oct25, &nb); /* alone */
	const struct monthly_agg *c = cell(&b, P(2025, 10), MDIM_ALL, "");
	ok(c->filed == 1 && c->sum[MK_REVENUE_YTD] == W(1100) && c->pairs == 0 &&
	       c->sn[MK_REVENUE_YTD] == 0,
	   "Oct 2025 alone: filed, no pair, no single month");
	ok(c->loss == 1 && c->loss_sum == -W(10), "a loss-maker");

	nb = (struct monthly_neighbours){.next_year = &oct25};
	monthly_agg_change(&b, &cal, NULL, &oct24, &nb); /* the pair forms now */
	c = cell(&b, P(2025, 10), MDIM_ALL, "");
	ok(c->pairs == 1 && c->pn[MK_REVENUE_YTD] == 1 && c->pcur[MK_REVENUE_YTD] == W(1100) &&
	       c->pprev[MK_REVENUE_YTD] == W(1000),
	   "Oct 2024 arrives second: pair 1100 / 1000 filed under Oct 2025");
	ok(c->pn[MK_PROFIT_YTD] == 1 && c->pcur[MK_PROFIT_YTD] == -W(10) &&
	       c->pprev[MK_PROFIT_YTD] == W(50),
	   "profit pair −10 / 50");
	double g;
	ok(monthly_agg_growth(c, MK_REVENUE_YTD, &g) && g > 9.999 && g < 10.001,
	   "revenue growth (1100 − 1000) / 1000 = 10%%");
	ok(monthly_agg_growth(c, MK_PROFIT_YTD, &g) && g > -120.001 && g < -119.999,
	   "profit growth (−10 − 50) / 50 = −120%%");
	ok(cell(&b, P(2024, 10), MDIM_ALL, "")->filed == 1 &&
	       cell(&b, P(2024, 10), MDIM_ALL, "")->pairs == 0,
	   "Oct 2024 cell: filed, its own pair would be with 2023");

	nb = (struct monthly_neighbours){.next_month = &oct25};
	monthly_agg_change(&b, &cal, NULL, &sep25, &nb); /* the single month forms now */
	c = cell(&b, P(2025, 10), MDIM_ALL, "");
	ok(c->sn[MK_REVENUE_YTD] == 1 && c->ssum[MK_REVENUE_YTD] == W(200),
	   "Sept arrives second: October's single month 1100 − 900 = 200");
	ok(c->sn[MK_PROFIT_YTD] == 0, "no profit in September: October's single profit unknown");
	ok(cell(&b, P(2025, 10), MDIM_UNIT, "500112")->ssum[MK_REVENUE_YTD] == W(200) &&
	       cell(&b, P(2025, 10), MDIM_TIER, "srdi")->filed == 1 &&
	       cell(&b, P(2025, 10), MDIM_INDUSTRY, "C36")->pairs == 1,
	   "the same in the unit, tier and industry cells");

	/* correction of September: 900 → 950; October's single month 150 */
	struct monthly_row sep25b = sep25;
	sep25b.m.v[MK_REVENUE_YTD] = W(950);
	nb = (struct monthly_neighbours){.next_month = &oct25};
	monthly_agg_change(&b, &cal, &sep25, &sep25b, &nb);
	c = cell(&b, P(2025, 10), MDIM_ALL, "");
	ok(c->ssum[MK_REVENUE_YTD] == W(150) && c->sn[MK_REVENUE_YTD] == 1,
	   "corrected: 1100 − 950 = 150");
	ok(cell(&b, P(2025, 9), MDIM_ALL, "")->sum[MK_REVENUE_YTD] == W(950) &&
	       cell(&b, P(2025, 9), MDIM_ALL, "")->filed == 1,
	   "September's own cell: 950, still one firm");

	/* correction of Oct 2024 (the base year): 1000 → 800 */
	struct monthly_row oct24b = oct24;
	oct24b.m.v[MK_REVENUE_YTD] = W(800);
	nb = (struct monthly_neighbours){.next_year = &oct25};
	monthly_agg_change(&b, &cal, &oct24, &oct24b, &nb);
	c = cell(&b, P(2025, 10), MDIM_ALL, "");
	ok(c->pprev[MK_REVENUE_YTD] == W(800) && c->pairs == 1, "base corrected: pprev 800");

	/* from scratch: the sum of each final report's backward contribution */
	struct monthly_aggbuf s;
	monthly_aggbuf_init(&s);
	monthly_agg_contrib(&s, &cal, &oct24b, NULL, NULL, +1);
	monthly_agg_contrib(&s, &cal, &sep25b, NULL, NULL, +1);
	monthly_agg_contrib(&s, &cal, &oct25, &sep25b, &oct24b, +1);
	ok(monthly_agg_equal(cell(&b, P(2025, 10), MDIM_UNIT, "500112"),
	                     cell(&s, P(2025, 10), MDIM_UNIT, "500112")),
	   "maintained equals from scratch");
	monthly_aggbuf_free(&s);

	/* 1—2月 needs no January; March needs February */
	monthly_aggbuf_reset(&b);
	is_int(b.used, 0, "reset empties");
	struct monthly_row feb = row(P(2025, 2), W(180), INT64_MIN, "500112");
	struct monthly_row mar = row(P(2025, 3), W(300), INT64_MIN, "500112");
	nb = (struct monthly_neighbours){0};
	monthly_agg_change(&b, &cal, NULL, &feb, &nb);
	ok(cell(&b, P(2025, 2), MDIM_ALL, "")->ssum[MK_REVENUE_YTD] == W(180),
	   "1—2月 single = YTD 180");
	nb = (struct monthly_neighbours){.prev_month = &feb};
	monthly_agg_change(&b, &cal, NULL, &mar, &nb);
	ok(cell(&b, P(2025, 3), MDIM_ALL, "")->ssum[MK_REVENUE_YTD] == W(120), "March 300 − 180");
	monthly_aggbuf_free(&b);
}

static void rates(void)
{
	struct monthly_agg c;
	memset(&c, 0, sizeof c);
	double v;
	ok(!monthly_agg_loss_rate(&c, &v), "no profit reported: no loss rate");
	c.n[MK_PROFIT_YTD] = 8;
	c.loss = 2;
	ok(monthly_agg_loss_rate(&c, &v) && v == 25.0, "2 of 8 = 25%%");
	c.pn[MK_PROFIT_YTD] = 1;
	c.pprev[MK_PROFIT_YTD] = -W(5);
	c.pcur[MK_PROFIT_YTD] = W(5);
	ok(!monthly_agg_growth(&c, MK_PROFIT_YTD, &v), "no growth rate on a loss base");
	ok(!monthly_agg_growth(&c, MK_TAX_YTD, &v), "no pair: no growth");
}

static void buffer(void)
{
	struct monthly_aggbuf b;
	monthly_aggbuf_init(&b);
	char g[16];
	for (int i = 0; i < 3000; i++) {
		snprintf(g, sizeof g, "%d", i % 100);
		monthly_aggbuf_cell(&b, P(2024, 1) + i / 100, (enum monthly_dim)(i % 4), g)
		    ->filed += i;
	}
	is_int(b.used, 3000, "3000 distinct cells");
	bool all = true;
	for (int i = 0; i < 3000; i++) {
		snprintf(g, sizeof g, "%d", i % 100);
		all &= monthly_aggbuf_cell(&b, P(2024, 1) + i / 100, (enum monthly_dim)(i % 4), g)
		           ->filed == i;
	}
	ok(all && b.used == 3000, "each found again with its value");
	monthly_aggbuf_free(&b);
}

/* ---- the property ---- */

enum { NF = 5, NP = 30 };

struct world {
	struct monthly_row rows[NF][NP];
	bool has[NF][NP];
};

static const struct monthly_row *at(const struct world *w, int f, int i)
{
	return i >= 0 && i < NP && w->has[f][i] ? &w->rows[f][i] : NULL;
}

static int cmp_cells(void *ctx, const struct monthly_agg *c)
{
	struct monthly_aggbuf *other = ctx;
	struct monthly_agg *o = monthly_aggbuf_cell(other, c->period, c->dim, c->grp);
	return !monthly_agg_equal(c, o);
}

static void property(void)
{
	static const char *const units[] = {"500112", "500106", "GXQ"};
	struct rng r;
	rng_seed(&r, 4242);
	int base = P(2024, 1);
	int failures = 0;
	for (int round = 0; round < 40; round++) {
		static struct world w;
		memset(&w, 0, sizeof w);
		struct monthly_calendar c = cal;
		c.combine_jan_feb = round % 2;
		struct monthly_aggbuf live;
		monthly_aggbuf_init(&live);
		for (int op = 0; op < 200; op++) {
			int f = (int)rng_below(&r, NF), i = (int)rng_below(&r, NP);
			struct monthly_row nr;
			memset(&nr, 0, sizeof nr);
			nr.m.period = base + i;
			snprintf(nr.g.unit, sizeof nr.g.unit, "%s", units[f % 3]);
			snprintf(nr.g.industry, sizeof nr.g.industry, "C3%d", f);
			snprintf(nr.g.tier, sizeof nr.g.tier, "%s", f % 2 ? "srdi" : "none");
			for (int k = 0; k < MK_COUNT; k++)
				if (rng_below(&r, 5))
					monthly_set(&nr.m, k,
					            (int64_t)rng_below(&r, 1000) -
					                (k == MK_PROFIT_YTD ? 300 : 0));
			if (w.has[f][i]) /* a correction keeps the groups */
				nr.g = w.rows[f][i].g;
			struct monthly_neighbours nb = {at(&w, f, i - 1), at(&w, f, i + 1),
			                                at(&w, f, i - 12), at(&w, f, i + 12)};
			monthly_agg_change(&live, &c, at(&w, f, i), &nr, &nb);
			w.rows[f][i] = nr;
			w.has[f][i] = true;
		}
		struct monthly_aggbuf scratch;
		monthly_aggbuf_init(&scratch);
		for (int f = 0; f < NF; f++)
			for (int i = 0; i < NP; i++)
				if (w.has[f][i])
					monthly_agg_contrib(&scratch, &c, &w.rows[f][i],
					                    at(&w, f, i - 1), at(&w, f, i - 12),
					                    +1);
		if (monthly_aggbuf_each(&live, cmp_cells, &scratch) ||
		    monthly_aggbuf_each(&scratch, cmp_cells, &live))
			failures++;
		monthly_aggbuf_free(&live);
		monthly_aggbuf_free(&scratch);
	}
	is_int(failures, 0,
	       "40 rounds × 200 random filings/corrections: maintained = from scratch");
}

int main(void)
{
	monthly_calendar_default(&cal);
	groups();
	own();
	sequence();
	rates();
	buffer();
	property();
	return test_done();
}
