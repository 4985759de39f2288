/* gen_monthly.c - bench-only generator of a synthetic city's firms and
 * monthly reports as CSV (deterministic, no dependencies).
 *
 *   gen_monthly FIRMS PERIODS END_YYYYMM OUTDIR
 *
 * writes OUTDIR/enterprises.csv (统一社会信用代码, 企业名称, 所属区县,
 * 国民经济行业代码) and OUTDIR/monthly.csv with one row per firm and
 * period: the PERIODS reporting periods ending at END, January skipped (it
 * is filed with February as 1—2月), ordered by period then firm, as a
 * city-wide export would be. Columns: 统一社会信用代码, 所属区县 (ignored by
 * the import, used by the pandas/DuckDB baselines), 报告期, 营业收入(累计),
 * 利润总额(累计), 税金总额(累计), 研发费用(累计) in 万元 with two decimals, and
 * 从业人员期末人数. Values grow smoothly (no validation warnings), so the
 * whole file imports. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const char *const districts[] = {
    "500101", "500102", "500103", "500104", "500106", "500107", "500108", "500109",
    "500110", "500111", "500113", "500114", "500115", "500116", "500117", "500118",
    "500119", "500120", "500151", "500152", "500153", "500154", "500155", "500156",
    "500229", "500230", "500231", "500233", "500235", "500236", "500237", "500238",
    "500240", "500241", "500242", "500243", "5001LJ", "500112"};
enum { NDIST = sizeof districts / sizeof districts[0] };
static const double season[12] = {0.55, 0.65, 0.95, 0.95, 1.00, 1.10,
                                  0.95, 0.95, 1.05, 1.00, 1.10, 1.75};

static uint64_t state = 20251110;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double unit(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

/* A valid code: "91" + region + 9 digits + the GB 32100 check character. */
static void uscc(long n, const char *region, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91%.6s%09ld", region, n);
	long sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		sum += (long)(strchr(charset, body[i]) - charset) * w;
		w = w * 3 % 31;
	}
	long c = 31 - sum % 31;
	memcpy(out, body, 17);
	out[17] = charset[c == 31 ? 0 : c];
	out[18] = '\0';
}

struct firm {
	char uscc[19];
	const char *district;
	double base;   /* monthly revenue, 万元, in the first year */
	double growth; /* per year */
	double margin;
	long staff;
};

static void money(FILE *f, double wan)
{
	int64_t cents = (int64_t)(wan * 100.0 + 0.5); /* 万元 with 2 decimals */
	fprintf(f, ",%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: gen_monthly FIRMS PERIODS END_YYYYMM OUTDIR\n");
		return 2;
	}
	long nf = strtol(argv[1], NULL, 10), np = strtol(argv[2], NULL, 10);
	long end = strtol(argv[3], NULL, 10);
	int periods[512], n = 0;
	for (int p = (int)(end / 100) * 12 + (int)(end % 100) - 1; n < np && n < 512; p--)
		if (p % 12 != 0) /* skip January */
			periods[n++] = p;
	char path[4096];
	snprintf(path, sizeof path, "%s/enterprises.csv", argv[4]);
	FILE *fe = fopen(path, "w");
	snprintf(path, sizeof path, "%s/monthly.csv", argv[4]);
	FILE *fm = fopen(path, "w");
	struct firm *firms = calloc((size_t)nf, sizeof *firms);
	if (!fe || !fm || !firms)
		return 1;
	fprintf(fe, "统一社会信用代码,企业名称,所属区县,国民经济行业代码\n");
	for (long i = 0; i < nf; i++) {
		struct firm *f = &firms[i];
		f->district = districts[next() % NDIST];
		uscc(i + 1, f->district[4] == 'L' ? "500112" : f->district, f->uscc);
		f->base = 50 + 900 * unit() * unit();
		f->growth = 0.02 + 0.12 * unit();
		f->margin = 0.03 + 0.08 * unit();
		f->staff = 20 + (long)(next() % 400);
		fprintf(fe, "%s,重庆基准测试%ld有限公司,%s,C%02d%02d\n", f->uscc, i + 1,
		        f->district, 13 + (int)(next() % 31), 10 + (int)(next() % 80));
	}
	fprintf(fm, "统一社会信用代码,所属区县,报告期,营业收入(累计),利润总额(累计),税金总额(累计),"
	            "研发费用(累计),从业人员期末人数\n");
	int first_year = periods[n - 1] / 12;
	for (int k = n - 1; k >= 0; k--) {
		int p = periods[k], y = p / 12, m = p % 12 + 1;
		for (long i = 0; i < nf; i++) {
			const struct firm *f = &firms[i];
			double scale = 1.0;
			for (int j = first_year; j < y; j++)
				scale *= 1 + f->growth;
			double ytd = 0;
			for (int mm = 1; mm <= m; mm++)
				ytd += f->base * scale * season[mm - 1];
			fprintf(fm, "%s,%s,%04d-%02d", f->uscc, f->district, y, m);
			money(fm, ytd);
			money(fm, ytd * f->margin);
			money(fm, ytd * 0.035);
			money(fm, ytd * 0.04);
			fprintf(fm, ",%ld\n", f->staff + (long)(m % 3));
		}
	}
	free(firms);
	return fclose(fe) || fclose(fm);
}
