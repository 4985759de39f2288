/* monthly_rollup.c - bench: the district x month roll-up answered from the
 * maintained aggregates (store_monthly_agg_list over dimension "district"
 * for every period), as a dashboard asks it.
 *
 *   monthly_rollup DB FROM(YYYY-MM) TO(YYYY-MM) RUNS
 *
 * Opens DB read-only once (as a server would), runs the roll-up RUNS
 * times, and prints the median and p99 latency in ms of one roll-up
 * (every cell: firms filed, revenue and profit sums, like-for-like growth),
 * the number of cells, and a checksum: the revenue total over all cells in
 * 万元, to compare with the pandas and DuckDB baselines. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_monthly.h"

struct acc {
	long cells;
	int64_t revenue; /* 分 */
	double growth;   /* sum of the cells' growth rates, so the work is not optimised away */
};

static int take(void *ctx, const struct monthly_agg *c)
{
	struct acc *a = ctx;
	double g;
	a->cells++;
	a->revenue += c->sum[MK_REVENUE_YTD];
	if (monthly_agg_growth(c, MK_REVENUE_YTD, &g))
		a->growth += g;
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int from, to;
	if (argc != 5 || !monthly_period_parse(strv_from(argv[2]), &from) ||
	    !monthly_period_parse(strv_from(argv[3]), &to)) {
		fprintf(stderr, "usage: monthly_rollup DB FROM TO RUNS\n");
		return 2;
	}
	long runs = 100;
	if (!str_to_int_range(strv_from(argv[4]), 1, 1000000, &runs)) {
		fprintf(stderr, "RUNS should be 1-1000000\n");
		return 2;
	}
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(argv[1], STORE_READONLY, &s, &e) != APP_OK) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double *t = calloc((size_t)runs, sizeof *t);
	if (!t)
		return 1;
	struct acc a = {0};
	for (long i = 0; i < runs; i++) {
		a = (struct acc){0};
		double t0 = now_ms();
		if (store_monthly_agg_list(s, MDIM_UNIT, NULL, from, to, take, &a, &e) != APP_OK) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp);
	char total[64];
	money_format(a.revenue, MONEY_WANYUAN, 2, total, sizeof total);
	long p99 = (long)((double)runs * 0.99) < runs ? (long)((double)runs * 0.99) : runs - 1;
	printf("zjtx median_ms=%.3f p99_ms=%.3f cells=%ld revenue_total_wan=%s\n", t[runs / 2],
	       t[p99], a.cells, total);
	free(t);
	store_close(s);
	return 0;
}
