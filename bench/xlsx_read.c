/* xlsx_read.c - benchmark helper for bench/xlsx_read.sh.
 *
 *   xlsx_read gen FILE ROWS   writes ROWS x 12 columns with io/xlsxw
 *   xlsx_read firms FILE ROWS writes ROWS valid firms (8 import columns) for
 *                             bench/xlsx_import.sh
 *   xlsx_read read FILE       reads it with io/xlsx; prints rows, cells,
 *                             bytes of text, wall and CPU seconds (best of
 *                             3 runs each; CPU time is what matters on a
 *                             shared machine) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/rng.h"
#include "core/uscc.h"
#include "io/xlsx.h"
#include "io/xlsxw.h"

static const struct xlsxw_col cols[] = {
    {.header = "统一社会信用代码", .type = XW_TEXT, .width = 22},
    {.header = "企业名称", .type = XW_TEXT, .width = 30},
    {.header = "所属区县", .type = XW_TEXT},
    {.header = "国民经济行业代码", .type = XW_TEXT},
    {.header = "成立日期", .type = XW_DATE},
    {.header = "从业人员数(人)", .type = XW_INT},
    {.header = "营业收入(万元)", .type = XW_MONEY},
    {.header = "主营业务收入(万元)", .type = XW_MONEY},
    {.header = "净利润(万元)", .type = XW_MONEY},
    {.header = "研发费用(万元)", .type = XW_MONEY},
    {.header = "主导产品国内细分市场占有率(%)", .type = XW_PERCENT},
    {.header = "资产负债率", .type = XW_RATIO},
};
#define NCOLS (sizeof cols / sizeof cols[0])

static const char *const districts[] = {"渝北区", "江北区", "九龙坡区", "沙坪坝区", "南岸区",
                                        "巴南区", "北碚区", "江津区",   "永川区",   "涪陵区"};

struct gen {
	long i, n;
	struct rng r;
	char uscc[20], name[64], date[11], ind[8];
};

static enum app_status gen_next(void *ctx, struct xlsxw_value *v, struct app_err *e)
{
	(void)e;
	struct gen *g = ctx;
	if (g->i >= g->n)
		return APP_ENOTFOUND;
	g->i++;
	struct rng *r = &g->r;
	snprintf(g->uscc, sizeof g->uscc, "91500%03dMA%07ldX", (int)rng_below(r, 1000), g->i);
	snprintf(g->name, sizeof g->name, "重庆市第%ld号精密制造有限公司", g->i);
	snprintf(g->date, sizeof g->date, "%04d-%02d-%02d", 1990 + (int)rng_below(r, 34),
	         1 + (int)rng_below(r, 12), 1 + (int)rng_below(r, 28));
	snprintf(g->ind, sizeof g->ind, "C%04d", 1300 + (int)rng_below(r, 2900));
	int64_t rev = (int64_t)rng_below(r, 5000000000000LL);
	v[0] = (struct xlsxw_value){.present = true, .s = g->uscc};
	v[1] = (struct xlsxw_value){.present = true, .s = g->name};
	v[2] = (struct xlsxw_value){.present = true, .s = districts[rng_below(r, 10)]};
	v[3] = (struct xlsxw_value){.present = true, .s = g->ind};
	v[4] = (struct xlsxw_value){.present = true, .s = g->date};
	v[5] = (struct xlsxw_value){.present = true, .i = 5 + (int64_t)rng_below(r, 2000)};
	v[6] = (struct xlsxw_value){.present = true, .i = rev};
	v[7] = (struct xlsxw_value){.present = true, .i = rev / 10 * 9};
	v[8] = (struct xlsxw_value){.present = true,
	                            .i = rev / 10 - (int64_t)rng_below(r, (uint64_t)rev / 5 + 1)};
	v[9] = (struct xlsxw_value){.present = true, .i = rev / 100 * 3};
	v[10] = (struct xlsxw_value){.present = true, .i = (int64_t)rng_below(r, 10001)};
	v[11] = (struct xlsxw_value){.present = true, .d = rng_unit(r)};
	return APP_OK;
}

/* ---- valid firms for the import benchmark ---- */

static const struct xlsxw_col firm_cols[] = {
    {.header = "统一社会信用代码", .type = XW_TEXT, .width = 22},
    {.header = "企业名称", .type = XW_TEXT, .width = 30},
    {.header = "所属区县", .type = XW_TEXT},
    {.header = "国民经济行业代码", .type = XW_TEXT},
    {.header = "成立日期", .type = XW_DATE},
    {.header = "进入细分市场年份", .type = XW_INT},
    {.header = "联系人", .type = XW_TEXT},
    {.header = "联系电话", .type = XW_TEXT},
};

static enum app_status firm_next(void *ctx, struct xlsxw_value *v, struct app_err *e)
{
	(void)e;
	struct gen *g = ctx;
	if (g->i >= g->n)
		return APP_ENOTFOUND;
	g->i++;
	struct rng *r = &g->r;
	char body[18];
	snprintf(body, sizeof body, "91500112%08ld0", g->i);
	snprintf(g->uscc, sizeof g->uscc, "%s%c", body, uscc_check_char(body));
	snprintf(g->name, sizeof g->name, "重庆市第%ld号精密制造有限公司", g->i);
	snprintf(g->date, sizeof g->date, "%04d-%02d-%02d", 1990 + (int)rng_below(r, 34),
	         1 + (int)rng_below(r, 12), 1 + (int)rng_below(r, 28));
	snprintf(g->ind, sizeof g->ind, "C%02d%02d", 13 + (int)rng_below(r, 31),
	         10 + (int)rng_below(r, 80));
	v[0] = (struct xlsxw_value){.present = true, .s = g->uscc};
	v[1] = (struct xlsxw_value){.present = true, .s = g->name};
	v[2] = (struct xlsxw_value){.present = true, .s = districts[rng_below(r, 10)]};
	v[3] = (struct xlsxw_value){.present = true, .s = g->ind};
	v[4] = (struct xlsxw_value){.present = true, .s = g->date};
	v[5] = (struct xlsxw_value){.present = true, .i = 2000 + (int64_t)rng_below(r, 25)};
	v[6] = (struct xlsxw_value){.present = true, .s = "张三"};
	v[7] = (struct xlsxw_value){.present = true, .s = "023-68001234"};
	return APP_OK;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int read_once(const char *path, long *rows, long *cells, long *bytes, double *secs,
                     double *cpu)
{
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct csv_record rec;
	enum app_status st;
	double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	*rows = *cells = *bytes = 0;
	if (xlsx_open(path, NULL, &r, &e) != APP_OK) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	while ((st = xlsx_next(r, &rec, &e)) == APP_OK) {
		(*rows)++;
		*cells += (long)rec.nfields;
		for (size_t i = 0; i < rec.nfields; i++)
			*bytes += (long)rec.fields[i].n;
	}
	xlsx_close(r);
	*secs = now() - t0;
	*cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	if (st != APP_ENOTFOUND) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gen") == 0) {
		struct gen g = {.n = strtol(argv[3], NULL, 10)};
		struct app_err e = {0};
		rng_seed(&g.r, 42);
		double t0 = now();
		if (xlsxw_write_table(argv[2], "企业名录", cols, NCOLS, gen_next, &g, NULL, &e) !=
		    APP_OK) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		printf("wrote %ld rows in %.2f s\n", g.n, now() - t0);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "firms") == 0) {
		struct gen g = {.n = strtol(argv[3], NULL, 10)};
		struct app_err e = {0};
		rng_seed(&g.r, 7);
		if (xlsxw_write_table(argv[2], "企业名录", firm_cols,
		                      sizeof firm_cols / sizeof firm_cols[0], firm_next, &g, NULL,
		                      &e) != APP_OK) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "read") == 0) {
		double best = 1e9, best_cpu = 1e9;
		long rows = 0, cells = 0, bytes = 0;
		for (int k = 0; k < 3; k++) {
			double s, c;
			if (read_once(argv[2], &rows, &cells, &bytes, &s, &c))
				return 1;
			if (s < best)
				best = s;
			if (c < best_cpu)
				best_cpu = c;
		}
		printf("%ld %ld %ld %.4f %.4f\n", rows, cells, bytes, best, best_cpu);
		return 0;
	}
	fprintf(stderr, "usage: xlsx_read gen|firms FILE ROWS | read FILE\n");
	return 2;
}
