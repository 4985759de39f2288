/* monthly_agg.h - the maintained aggregates of monthly monitoring: what one
 * cell (period × dimension × group) holds, how a filing or a correction
 * changes the cells, and an in-memory buffer of such changes.
 *
 * Dimensions: the whole city, the reporting unit (a functional zone if the
 * firm has one, else its district: never both, so units add up to the
 * city), the industry division (GB/T 4754 section letter + two digits,
 * "C36") and the tier held when the report was filed. A report's groups are
 * a snapshot taken at its first filing and kept through corrections, so a
 * report always leaves the cells it entered.
 *
 * Besides plain sums, a cell keeps two kinds of "neighbour" sums that need
 * another report of the same firm, each counted once, whichever of the two
 * reports arrives second, and corrected with either:
 * - single months (当月): the sum over firms of cum(p) − cum(p−1) where both
 *   are known (January and a combined 1—2月 need no previous month);
 * - like-for-like pairs (同比, 可比口径, criteria.md §7): over firms that
 *   filed both p and p−12, the sums of this year's and last year's values,
 *   so growth = pcur / pprev − 1 on the same set of firms.
 * A pair or single month is filed under the groups of its later report. */
#ifndef ZJTX_MONTHLY_AGG_H
#define ZJTX_MONTHLY_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/enterprise.h"
#include "core/monthly.h"

enum monthly_dim {
	MDIM_ALL,      /* the whole city; group "" */
	MDIM_UNIT,     /* reporting unit: zone code, else district code */
	MDIM_INDUSTRY, /* industry division "C36" */
	MDIM_TIER,     /* tier_key of the tier held at filing, or "none" */
	MDIM_COUNT
};

/* "all", "district", "industry", "tier". */
const char *monthly_dim_key(enum monthly_dim d);
/* Chinese: "全市", "区县", "行业", "梯度". */
const char *monthly_dim_label(enum monthly_dim d);
/* Parses a key (also "unit" and the Chinese label); -1 if unknown. */
int monthly_dim_parse(const char *s);

/* The groups a report belongs to. */
struct monthly_groups {
	char unit[8];     /* "500112", "LJXQ" */
	char industry[4]; /* "C36"; "" if the firm's code is unusable */
	char tier[16];    /* "srdi", ..., "none" */
};

/* The groups of firm e as it stands now (its current tier). */
void monthly_groups_of(const struct enterprise *e, struct monthly_groups *g);
/* The group of g in dimension d ("" for MDIM_ALL). */
const char *monthly_group_of(const struct monthly_groups *g, enum monthly_dim d);
/* Display name of a group: unit name (district_unit_name), "C36 汽车制造业",
 * tier label ("未入库" for none), "全市". Writes into buf. */
void monthly_group_name(enum monthly_dim d, const char *grp, char *buf, size_t n);

/* A report with its groups (as stored). */
struct monthly_row {
	struct monthly m;
	struct monthly_groups g;
};

/* One cell of the aggregates. Counts are firms; sums are in the units of
 * the keys (分, persons). */
struct monthly_agg {
	int period;
	enum monthly_dim dim;
	char grp[16];
	int64_t filed;                      /* firms that filed */
	int64_t loss;                       /* firms whose profit_ytd < 0 */
	int64_t loss_sum;                   /* sum of those profits (≤ 0) */
	int64_t n[MK_COUNT], sum[MK_COUNT]; /* firms reporting key k; sum of their values */
	int64_t sn[MK_COUNT],
	    ssum[MK_COUNT];   /* YTD keys: firms whose single month is known; its sum */
	int64_t pairs;        /* firms that filed p and p−12 */
	int64_t pn[MK_COUNT]; /* of those, firms with k in both */
	int64_t pcur[MK_COUNT], pprev[MK_COUNT]; /* and the sums of k at p and at p−12 */
};

/* Adds a·sign of each contribution to cell c (all members but the key). */
void monthly_agg_add_own(struct monthly_agg *c, const struct monthly *r, int sign);
void monthly_agg_add_single(struct monthly_agg *c, const struct monthly_calendar *cal,
                            const struct monthly *cur, const struct monthly *prev, int sign);
void monthly_agg_add_pair(struct monthly_agg *c, const struct monthly *cur,
                          const struct monthly *last_year, int sign);
/* Adds every counter of src to dst. */
void monthly_agg_merge(struct monthly_agg *dst, const struct monthly_agg *src);
/* True if every counter is 0. */
bool monthly_agg_is_zero(const struct monthly_agg *c);
/* True if the counters of a and b are equal (keys not compared). */
bool monthly_agg_equal(const struct monthly_agg *a, const struct monthly_agg *b);

/* Like-for-like growth of key k in percent: (pcur − pprev) / pprev × 100.
 * False when there is no pair or the base is not positive (a loss base has
 * no meaningful growth rate). */
bool monthly_agg_growth(const struct monthly_agg *c, enum monthly_key k, double *pct);
/* 亏损面: loss-making firms over firms reporting profit, in percent; false
 * if none reported profit. */
bool monthly_agg_loss_rate(const struct monthly_agg *c, double *pct);

/* ---- a buffer of cell changes (a hash map keyed by period, dim, group) ---- */

struct monthly_aggbuf {
	struct monthly_agg *cells; /* open addressing; period 0 = empty slot */
	size_t cap, used;
};

void monthly_aggbuf_init(struct monthly_aggbuf *b);
void monthly_aggbuf_free(struct monthly_aggbuf *b);
/* Empties the buffer, keeping its memory. */
void monthly_aggbuf_reset(struct monthly_aggbuf *b);
/* The cell (period, dim, grp), created zeroed if absent. The pointer is
 * valid until the next call that may add a cell. */
struct monthly_agg *monthly_aggbuf_cell(struct monthly_aggbuf *b, int period, enum monthly_dim dim,
                                        const char *grp);
/* Calls cb for every cell (in no particular order); stops when cb returns
 * non-zero and returns that value. */
int monthly_aggbuf_each(const struct monthly_aggbuf *b,
                        int (*cb)(void *ctx, const struct monthly_agg *c), void *ctx);

/* The reports of the same firm that a change of the report at p touches
 * (NULL where none is stored). */
struct monthly_neighbours {
	const struct monthly_row *prev_month; /* p − 1 */
	const struct monthly_row *next_month; /* p + 1 */
	const struct monthly_row *last_year;  /* p − 12 */
	const struct monthly_row *next_year;  /* p + 12 */
};

/* Adds to b the contribution of row r (sign +1 or −1) counting only its
 * backward neighbours: its own values, its single months (with prev_month)
 * and its pair with last_year, in all four dimensions under r's groups.
 * Summing contrib over every stored report, each with its own p−1 and p−12,
 * gives the aggregates from scratch. */
void monthly_agg_contrib(struct monthly_aggbuf *b, const struct monthly_calendar *cal,
                         const struct monthly_row *r, const struct monthly_row *prev_month,
                         const struct monthly_row *last_year, int sign);

/* Adds to the one cell c what monthly_agg_contrib adds to each of r's four
 * cells (whatever c's key): for a caller that sums contributions by period
 * and groups and spreads the sums over the dimensions afterwards. */
void monthly_agg_contrib_to(struct monthly_agg *c, const struct monthly_calendar *cal,
                            const struct monthly_row *r, const struct monthly_row *prev_month,
                            const struct monthly_row *last_year, int sign);

/* Adds to b the change of every cell when the report at p goes from old_r
 * (NULL: none) to new_r (NULL: none), given its neighbours: its own
 * contribution, and those of next_month (single month) and next_year (pair)
 * that involve it, filed under their own groups. */
void monthly_agg_change(struct monthly_aggbuf *b, const struct monthly_calendar *cal,
                        const struct monthly_row *old_r, const struct monthly_row *new_r,
                        const struct monthly_neighbours *nb);

#endif
