/* bench_rule.c - throughput of the criteria engine against SQLite.
 *
 * Generates N synthetic firms (plausible figures from base/rng, about 2% of
 * them missing) and loads the same data into an in-memory SQLite table (not
 * timed). Then, REPEAT times in turn, evaluates the built-in srdi-2022 over
 * them with the batch evaluator (columnar data, one core) and runs the same
 * rules written as one SQL query, timing only the evaluation and the query.
 * Both must count the same passes.
 *
 * Usage: bench_rule [N] [REPEAT]   (default N = 1000000, REPEAT = 3; the best
 * of REPEAT runs is reported for each side). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/rng.h"
#include "base/str.h"
#include "core/criteria.h"

#define YEAR      2024
#define MISSING_P 0.02

/* CPU time of this thread: the machine is shared, and the target is "on
 * one core", so time spent waiting for the CPU is not counted. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One firm: annual figures for the evaluation year and 3 before it, and the
 * fixed fields, in stored units. */
struct firm {
	int64_t a[ANNUAL_KEY_COUNT][CRITERIA_YEARS];
	bool ah[ANNUAL_KEY_COUNT][CRITERIA_YEARS];
	int64_t f[CF_COUNT];
	bool fh[CF_COUNT];
};

static double lognormal(struct rng *r, double median, double sigma)
{
	return median * exp(sigma * rng_normal(r));
}

static int64_t fen(double wan)
{
	return (int64_t)llround(wan * 10000) * 100; /* whole 元 */
}

static void gen_firm(struct rng *r, struct firm *F)
{
	memset(F, 0, sizeof *F);
	double rev = lognormal(r, 3000, 1.0), g = 0.08 + 0.12 * rng_normal(r);
	double share = 0.45 + 0.55 * rng_unit(r), margin = 0.06 + 0.06 * rng_normal(r);
	double assets_k = 0.6 + 1.4 * rng_unit(r), debt = 0.2 + 0.7 * rng_unit(r);
	double rdr = lognormal(r, 0.035, 0.6), emp_k = 0.5 + rng_unit(r);
	double staff = 0.02 + 0.35 * rng_unit(r);
	for (int b = 0; b < CRITERIA_YEARS; b++) {
		double R = rev / pow(1 + g, b) * (1 + 0.03 * rng_normal(r));
		if (R < 10)
			R = 10;
		double main = R * share * (1 + 0.02 * rng_normal(r));
		if (main > R)
			main = R;
		double assets = R * assets_k;
		double emp = fmax(5, R / 60 * emp_k);
		F->a[AK_REVENUE][b] = fen(R);
		F->a[AK_MAIN_REVENUE][b] = fen(main);
		F->a[AK_NET_PROFIT][b] = fen(R * (margin + 0.02 * rng_normal(r)));
		F->a[AK_TOTAL_ASSETS][b] = fen(assets);
		F->a[AK_TOTAL_LIABILITIES][b] = fen(assets * debt);
		double rd = R * rdr * (1 + 0.1 * rng_normal(r));
		F->a[AK_RD_EXPENSE][b] = fen(rd > 0 ? rd : 0);
		F->a[AK_EQUITY_FINANCING][b] =
		    rng_unit(r) < 0.08 ? fen(lognormal(r, 1500, 1.2)) : 0;
		F->a[AK_EMPLOYEES][b] = (int64_t)emp;
		F->a[AK_RD_STAFF][b] = (int64_t)(emp * staff);
		int64_t ip1 = rng_unit(r) < 0.6 ? (int64_t)rng_below(r, 6) : 0;
		int64_t own = ip1 ? (int64_t)rng_below(r, (uint64_t)ip1 + 1) : 0;
		F->a[AK_IP_CLASS1][b] = ip1;
		F->a[AK_IP_CLASS1_OWN][b] = own;
		F->a[AK_IP_CLASS1_HIGH][b] = own && rng_unit(r) < 0.3 ? 1 : 0;
		F->a[AK_IP_CLASS2][b] = (int64_t)rng_below(r, 12);
		F->a[AK_DIGITAL_LEVEL][b] = (int64_t)rng_below(r, 5);
		F->a[AK_QUALITY_AWARD][b] = rng_unit(r) < 0.15;
		F->a[AK_QUALITY_CERT][b] = rng_unit(r) < 0.6;
		F->a[AK_OWN_BRAND][b] = rng_unit(r) < 0.5;
		F->a[AK_STANDARD_SETTING][b] = rng_unit(r) < 0.25;
		F->a[AK_RD_INSTITUTION][b] = (int64_t)rng_below(r, 5);
		F->a[AK_PRODUCT_FIELD][b] = (int64_t)rng_below(r, 3);
		F->a[AK_MARKET_SHARE][b] = (int64_t)rng_below(r, 3000);
		double u = rng_unit(r);
		int64_t award = u < 0.9 ? 0 : u < 0.97 ? 1 : 2;
		F->a[AK_AWARD][b] = award;
		F->a[AK_AWARD_RANK][b] = 1 + (int64_t)rng_below(r, 8);
		F->a[AK_HONOUR][b] = rng_unit(r) < 0.3;
		u = rng_unit(r);
		F->a[AK_MAKER_CHINA][b] = u < 0.95 ? 0 : u < 0.99 ? 500 : 50;
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
			F->ah[k][b] = rng_unit(r) >= MISSING_P;
		if (!award)
			F->ah[AK_AWARD_RANK][b] = false; /* no award, no rank */
	}
	static const int divs[] = {13, 14, 17, 26, 27, 29, 30, 33, 34,
	                           35, 36, 38, 39, 40, 51, 65, 73};
	F->f[CF_NICHE_SINCE] = YEAR - (int64_t)rng_below(r, 16);
	F->f[CF_EMERGING] = rng_unit(r) < 0.5 ? 0 : 1 + (int64_t)rng_below(r, 9);
	F->f[CF_INDUSTRY_DIV] = divs[rng_below(r, sizeof divs / sizeof divs[0])];
	F->f[CF_SIZE_CLASS] =
	    rng_unit(r) < 0.03 ? SIZE_LARGE : SIZE_MEDIUM + (int64_t)rng_below(r, 3);
	F->f[CF_TIER] = (int64_t)rng_below(r, 5);
	F->f[CF_REREVIEW] = rng_unit(r) < 0.1;
	for (int k = 0; k < CF_COUNT; k++)
		F->fh[k] = rng_unit(r) >= MISSING_P / 2;
}

/* ---- columns ---- */

struct data {
	size_t n;
	struct criteria_columns cols;
	int64_t *store[ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT];
	uint64_t *bits[ANNUAL_KEY_COUNT * CRITERIA_YEARS + CF_COUNT];
};

static void set_bit(uint64_t *bits, size_t i, bool on)
{
	if (on)
		bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* Allocates the columns the program reads and fills them. */
static void make_data(const struct rule_program *p, size_t n, struct data *D)
{
	memset(D, 0, sizeof *D);
	D->n = n;
	D->cols.n = n;
	size_t words = (n + 63) / 64;
	for (size_t i = 0; i < rule_input_count(p); i++) {
		struct rule_input in = rule_input(p, i);
		size_t slot =
		    in.sym < ANNUAL_KEY_COUNT
		        ? (size_t)in.sym * CRITERIA_YEARS + (size_t)-in.offset
		        : ANNUAL_KEY_COUNT * CRITERIA_YEARS + (size_t)(in.sym - ANNUAL_KEY_COUNT);
		if (D->store[slot])
			continue;
		D->store[slot] = xmalloc(n * sizeof(int64_t));
		D->bits[slot] = xcalloc(words, sizeof(uint64_t));
		struct rule_column *c = in.sym < ANNUAL_KEY_COUNT
		                            ? &D->cols.annual[in.sym][-in.offset]
		                            : &D->cols.fixed[in.sym - ANNUAL_KEY_COUNT];
		c->v = D->store[slot];
		c->has = D->bits[slot];
	}
	struct rng r;
	rng_seed(&r, 20240601);
	struct firm F;
	for (size_t i = 0; i < n; i++) {
		gen_firm(&r, &F);
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
			for (int b = 0; b < CRITERIA_YEARS; b++) {
				size_t slot = (size_t)k * CRITERIA_YEARS + (size_t)b;
				if (!D->store[slot])
					continue;
				D->store[slot][i] = F.a[k][b];
				set_bit(D->bits[slot], i, F.ah[k][b]);
			}
		for (int k = 0; k < CF_COUNT; k++) {
			size_t slot = ANNUAL_KEY_COUNT * CRITERIA_YEARS + (size_t)k;
			if (!D->store[slot])
				continue;
			D->store[slot][i] = F.f[k];
			set_bit(D->bits[slot], i, F.fh[k]);
		}
	}
}

static void free_data(struct data *D)
{
	for (size_t i = 0; i < sizeof D->store / sizeof D->store[0]; i++) {
		free(D->store[i]);
		free(D->bits[i]);
	}
}

/* ---- SQLite ---- */

static void die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_rule: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

/* Column name of slot: "revenue_0" (key, years back) or "niche_since". */
static void col_name(size_t slot, char *buf, size_t n)
{
	size_t ns;
	const struct rule_symbol *s = criteria_symbols(&ns);
	if (slot < ANNUAL_KEY_COUNT * CRITERIA_YEARS)
		snprintf(buf, n, "%s_%zu", s[slot / CRITERIA_YEARS].name, slot % CRITERIA_YEARS);
	else
		snprintf(buf, n, "%s",
		         s[ANNUAL_KEY_COUNT + slot - ANNUAL_KEY_COUNT * CRITERIA_YEARS].name);
}

static void load_sqlite(sqlite3 *db, const struct data *D)
{
	size_t ns;
	const struct rule_symbol *syms = criteria_symbols(&ns);
	char create[8192] = "CREATE TABLE firms(id INTEGER PRIMARY KEY",
	     ins[8192] = "INSERT INTO firms VALUES(?";
	size_t slots[256], nslots = 0;
	for (size_t s = 0; s < sizeof D->store / sizeof D->store[0]; s++) {
		if (!D->store[s])
			continue;
		char name[64];
		col_name(s, name, sizeof name);
		size_t sym = s < ANNUAL_KEY_COUNT * CRITERIA_YEARS
		                 ? s / CRITERIA_YEARS
		                 : ANNUAL_KEY_COUNT + s - ANNUAL_KEY_COUNT * CRITERIA_YEARS;
		bool real = syms[sym].type == RULE_NUMBER &&
		            (syms[sym].dim == RULE_MONEY || syms[sym].scale != 1);
		size_t l = strlen(create);
		snprintf(create + l, sizeof create - l, ", %s %s", name, real ? "REAL" : "INTEGER");
		l = strlen(ins);
		snprintf(ins + l, sizeof ins - l, ",?");
		slots[nslots++] = s;
	}
	size_t l = strlen(create);
	snprintf(create + l, sizeof create - l, ")");
	l = strlen(ins);
	snprintf(ins + l, sizeof ins - l, ")");
	if (sqlite3_exec(db, create, NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "create");
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, ins, -1, &st, NULL) != SQLITE_OK)
		die_sql(db, "prepare insert");
	for (size_t i = 0; i < D->n; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		for (size_t k = 0; k < nslots; k++) {
			size_t s = slots[k];
			size_t sym = s < ANNUAL_KEY_COUNT * CRITERIA_YEARS
			                 ? s / CRITERIA_YEARS
			                 : ANNUAL_KEY_COUNT + s - ANNUAL_KEY_COUNT * CRITERIA_YEARS;
			int col = (int)k + 2;
			if (!((D->bits[s][i >> 6] >> (i & 63)) & 1))
				sqlite3_bind_null(st, col);
			else if (syms[sym].type == RULE_NUMBER &&
			         (syms[sym].dim == RULE_MONEY || syms[sym].scale != 1))
				sqlite3_bind_double(st, col,
				                    (double)D->store[s][i] / syms[sym].scale);
			else
				sqlite3_bind_int64(st, col, D->store[s][i]);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			die_sql(db, "insert");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* srdi-2022 as one query, money in 分 as the engine holds it. A figure that is missing is NULL;
 * SQL's three-valued AND/OR/comparisons then give "certainly true" exactly where the engine's
 * intervals do, provided sums of non-negative money treat NULL as 0 (the lower bound) and every
 * score CASE ends in ELSE 0 (the lowest band). The count is of firms that certainly pass. */
static const char *const srdi_sql =
    "WITH d AS (SELECT *,"
    " rd_expense_0 / NULLIF(revenue_0, 0) AS rd_ratio,"
    " main_revenue_0 / NULLIF(revenue_0, 0) AS main_ratio,"
    " total_liabilities_0 / NULLIF(total_assets_0, 0) AS debt_ratio,"
    " net_profit_0 / NULLIF(revenue_0, 0) AS net_margin,"
    " CAST(rd_staff_0 AS REAL) / NULLIF(employees_0, 0) AS rd_staff_ratio,"
    " ((main_revenue_0 / NULLIF(main_revenue_1, 0) - 1)"
    "  + (main_revenue_1 / NULLIF(main_revenue_2, 0) - 1)) / 2 AS growth2,"
    " 2024 - niche_since + 1 AS yin,"
    " COALESCE(equity_financing_0, 0) + COALESCE(equity_financing_1, 0) AS eq2,"
    " (COALESCE(rd_expense_0, 0) + COALESCE(rd_expense_1, 0)) / 2 AS rdmean"
    " FROM firms),"
    "s AS (SELECT *,"
    " MIN(25,"
    "  (CASE WHEN main_ratio >= 0.8 THEN 5 WHEN main_ratio >= 0.7 THEN 3"
    "        WHEN main_ratio >= 0.6 THEN 1 ELSE 0 END)"
    "  + (CASE WHEN growth2 >= 0.1 THEN 10 WHEN growth2 >= 0.08 THEN 8 WHEN growth2 >= 0.06 THEN 6"
    "          WHEN growth2 >= 0.04 THEN 4 WHEN growth2 >= 0 THEN 2 ELSE 0 END)"
    "  + COALESCE(MAX(0, MIN(5, yin / 2)), 0)"
    "  + (CASE WHEN product_field_0 = 2 THEN 5 WHEN product_field_0 = 1 THEN 3 ELSE 0 END)) AS "
    "g_special,"
    " MIN(25,"
    "  (CASE WHEN digital_level_0 >= 3 THEN 5 WHEN digital_level_0 = 2 THEN 3 ELSE 0 END)"
    "  + MIN(5, 3 * (COALESCE(quality_award_0, 0) + COALESCE(quality_cert_0, 0)"
    "                + COALESCE(own_brand_0, 0) + COALESCE(standard_setting_0, 0)))"
    "  + (CASE WHEN net_margin >= 0.1 THEN 10 WHEN net_margin >= 0.08 THEN 8"
    "          WHEN net_margin >= 0.06 THEN 6 WHEN net_margin >= 0.04 THEN 4"
    "          WHEN net_margin >= 0.02 THEN 2 ELSE 0 END)"
    "  + (CASE WHEN debt_ratio < 0.5 THEN 5 WHEN debt_ratio < 0.6 THEN 3"
    "          WHEN debt_ratio < 0.7 THEN 1 ELSE 0 END)) AS g_refine,"
    " MIN(15,"
    "  (CASE WHEN industry_div IN (13, 14, 26, 27, 30, 31, 32, 33, 34, 35, 36, 38, 39, 40, 64, 65)"
    "        THEN 10 ELSE 0 END)"
    "  + (CASE WHEN honour_0 = 1 OR rd_institution_0 >= 2 THEN 5 ELSE 0 END)) AS g_local,"
    " MIN(35,"
    "  (CASE WHEN ip_class1_high_0 >= 1 THEN 10 WHEN ip_class1_own_0 >= 1 THEN 8"
    "        WHEN ip_class1_0 >= 1 THEN 6 WHEN ip_class2_0 >= 1 THEN 2 ELSE 0 END)"
    "  + MAX((CASE WHEN rd_expense_0 >= 500e6 THEN 10 WHEN rd_expense_0 >= 400e6 THEN 8"
    "              WHEN rd_expense_0 >= 300e6 THEN 6 WHEN rd_expense_0 >= 200e6 THEN 4"
    "              WHEN rd_expense_0 >= 100e6 THEN 2 ELSE 0 END),"
    "        (CASE WHEN rd_ratio >= 0.1 THEN 10 WHEN rd_ratio >= 0.08 THEN 8"
    "              WHEN rd_ratio >= 0.06 THEN 6 WHEN rd_ratio >= 0.04 THEN 4"
    "              WHEN rd_ratio >= 0.03 THEN 2 ELSE 0 END))"
    "  + (CASE WHEN rd_staff_ratio >= 0.2 THEN 5 WHEN rd_staff_ratio >= 0.1 THEN 3"
    "          WHEN rd_staff_ratio >= 0.05 THEN 1 ELSE 0 END)"
    "  + (CASE WHEN rd_institution_0 = 4 THEN 10 WHEN rd_institution_0 = 3 THEN 8"
    "          WHEN rd_institution_0 = 2 THEN 4 WHEN rd_institution_0 = 1 THEN 2 ELSE 0 END))"
    "  AS g_innov"
    " FROM d)"
    "SELECT COUNT(*) FROM s WHERE"
    " size_class >= 2"
    " AND yin >= 2"
    " AND rd_expense_0 >= 100e6 AND rd_ratio >= 0.03"
    " AND (revenue_0 >= 1000e6 OR eq2 >= 2000e6)"
    " AND (g_special + g_refine + g_local + g_innov >= 60"
    "  OR (award_0 = 1 AND award_rank_0 <= 3) OR (award_0 = 2 AND award_rank_0 <= 5)"
    "  OR (award_1 = 1 AND award_rank_1 <= 3) OR (award_1 = 2 AND award_rank_1 <= 5)"
    "  OR (award_2 = 1 AND award_rank_2 <= 3) OR (award_2 = 2 AND award_rank_2 <= 5)"
    "  OR rdmean >= 1000e6"
    "  OR eq2 >= 6000e6"
    "  OR maker_china_0 >= 1 OR maker_china_1 >= 1 OR maker_china_2 >= 1)";

static long long run_sql(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, srdi_sql, -1, &st, NULL) != SQLITE_OK)
		die_sql(db, "prepare query");
	long long count = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return count;
}

int main(int argc, char **argv)
{
	long nl = 1000000, rl = 3;
	if ((argc > 1 && !str_to_int_range(strv_from(argv[1]), 1, 100000000, &nl)) ||
	    (argc > 2 && !str_to_int_range(strv_from(argv[2]), 1, 100, &rl))) {
		fprintf(stderr, "usage: bench_rule [N] [REPEAT]\n");
		return 2;
	}
	size_t n = (size_t)nl;
	int repeat = (int)rl;
	if (n == 0 || repeat < 1) {
		fprintf(stderr, "usage: bench_rule [N] [REPEAT]\n");
		return 2;
	}
	struct criteria *c;
	struct rule_error e;
	if (criteria_load("srdi-2022", &c, &e) != APP_OK) {
		char b[600];
		rule_error_format(&e, b, sizeof b);
		fprintf(stderr, "%s\n", b);
		return 1;
	}
	const struct rule_program *p = criteria_program(c);
	printf("srdi-2022: %zu instructions, %zu inputs\n", rule_size(p), rule_input_count(p));
	double t0 = now();
	struct data D;
	make_data(p, n, &D);
	printf("generated %zu firms in %.2f s\n", n, now() - t0);

	uint8_t *verdict = xmalloc(n);
	double *score = xmalloc(n * sizeof *score);
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die_sql(db, "open");
	t0 = now();
	load_sqlite(db, &D);
	printf("sqlite: loaded %zu rows in %.2f s (not timed below)\n", n, now() - t0);

	/* the two sides alternate, so that both are measured over the same
	 * stretch of time (the machine is shared: a burst of other work would
	 * otherwise fall on one side only) */
	double best = 1e30, sbest = 1e30;
	long long spass = -1;
	for (int k = 0; k < repeat; k++) {
		t0 = now();
		criteria_eval_batch(c, &D.cols, YEAR, verdict, score, NULL);
		double t = now() - t0;
		best = t < best ? t : best;
		t0 = now();
		spass = run_sql(db);
		t = now() - t0;
		sbest = t < sbest ? t : sbest;
	}
	size_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < n; i++)
		counts[verdict[i]]++;
	double engine_rate = (double)n / best;
	printf("engine: %.3f s for %zu firms = %.2f M firm-evaluations/s (best of %d)\n", best, n,
	       engine_rate / 1e6, repeat);
	printf("engine: pass %zu, fail %zu, insufficient %zu\n", counts[CRITERIA_PASS],
	       counts[CRITERIA_FAIL], counts[CRITERIA_INSUFFICIENT]);
	double sql_rate = (double)n / sbest;
	printf("sqlite: %.3f s for %zu firms = %.2f M firm-evaluations/s (best of %d)\n", sbest, n,
	       sql_rate / 1e6, repeat);
	printf("sqlite: pass %lld\n", spass);
	printf("ratio engine/sqlite: %.1fx\n", engine_rate / sql_rate);
	int rc = 0;
	if (spass != (long long)counts[CRITERIA_PASS]) {
		printf("MISMATCH: engine pass %zu != sqlite pass %lld\n", counts[CRITERIA_PASS],
		       spass);
		rc = 1;
	} else {
		printf("pass counts agree\n");
	}

	/* one firm at a time, with the full explanation (for reference) */
	size_t m = n < 20000 ? n : 20000;
	struct annual rows[CRITERIA_YEARS];
	struct enterprise ent;
	t0 = now();
	size_t agree = 0;
	for (size_t i = 0; i < m; i++) {
		memset(rows, 0, sizeof rows);
		memset(&ent, 0, sizeof ent);
		for (int b = 0; b < CRITERIA_YEARS; b++) {
			rows[b].year = YEAR - b;
			for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
				size_t slot = (size_t)k * CRITERIA_YEARS + (size_t)b;
				if (D.store[slot] && ((D.bits[slot][i >> 6] >> (i & 63)) & 1))
					annual_set(&rows[b], (enum annual_key)k, D.store[slot][i]);
			}
		}
		size_t fx = ANNUAL_KEY_COUNT * CRITERIA_YEARS;
		bool fh[CF_COUNT];
		int64_t fv[CF_COUNT];
		for (int k = 0; k < CF_COUNT; k++) {
			fh[k] = D.store[fx + k] && ((D.bits[fx + k][i >> 6] >> (i & 63)) & 1);
			fv[k] = D.store[fx + k] ? D.store[fx + k][i] : 0;
		}
		ent.niche_since = fh[CF_NICHE_SINCE] ? (int)fv[CF_NICHE_SINCE] : 0;
		ent.emerging = (int)fv[CF_EMERGING];
		snprintf(ent.industry, sizeof ent.industry, "C%02d",
		         (int)fv[CF_INDUSTRY_DIV] % 100);
		ent.tier = (enum tier)fv[CF_TIER];
		struct criteria_firm f = {&ent, rows, CRITERIA_YEARS,
		                          fh[CF_SIZE_CLASS] ? (enum size_class)fv[CF_SIZE_CLASS]
		                                            : SIZE_UNKNOWN,
		                          fh[CF_REREVIEW] ? (int)fv[CF_REREVIEW] : -1};
		struct criteria_result r;
		criteria_eval(c, &f, YEAR, &r);
		/* the per-firm path treats a missing emerging/industry/tier as 0; only
		 * compare firms where those are present */
		if (!fh[CF_EMERGING] || !fh[CF_INDUSTRY_DIV] || !fh[CF_TIER] ||
		    r.verdict == verdict[i])
			agree++;
		criteria_result_free(&r);
	}
	double t1 = now() - t0;
	printf(
	    "one firm with explanation: %.1f k firms/s (%zu firms); agrees with batch: %zu/%zu\n",
	    (double)m / t1 / 1e3, m, agree, m);
	if (agree != m)
		rc = 1;

	sqlite3_close(db);
	free(verdict);
	free(score);
	free_data(&D);
	criteria_free(c);
	return rc;
}
