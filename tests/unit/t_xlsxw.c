/* t_xlsxw.c - io/xlsxw: write tables, read them back with io/xlsx.
 *
 * `t_xlsxw --write FILE` writes the sample table and exits, and
 * `t_xlsxw --read FILE [SHEET]` prints a sheet as JSON lines through our
 * reader: the black-box test tests/cli/xlsx_roundtrip.py compares these
 * with openpyxl and LibreOffice. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/rng.h"
#include "core/money.h"
#include "io/xlsx.h"
#include "io/xlsxw.h"
#include "test.h"

/* ---- the sample table ---- */

static const struct xlsxw_col sample_cols[] = {
    {.header = "统一社会信用代码", .type = XW_TEXT, .width = 22},
    {.header = "企业名称", .type = XW_TEXT, .width = 36},
    {.header = "成立日期", .type = XW_DATE},
    {.header = "从业人员数(人)", .type = XW_INT},
    {.header = "营业收入(万元)", .type = XW_MONEY},
    {.header = "主导产品国内细分市场占有率(%)", .type = XW_PERCENT},
    {.header = "资产负债率", .type = XW_RATIO},
    {.header = "评分", .type = XW_DECIMAL},
};
#define NCOLS (sizeof sample_cols / sizeof sample_cols[0])

/* Hand-picked rows; money in 分, percent in hundredths of a percent. */
static const struct fixed_row {
	const char *uscc, *name, *date;
	int64_t staff, fen, pct;
	double ratio, score;
	unsigned empty; /* bit c: column c left empty */
} fixed[] = {
    {"91500000MA5U7TQX1B", "重庆某某精密机械有限公司", "2015-03-01", 120, 123456789, 1250, 0.4567,
     87.5, 0},
    {"91500112MA60LR1Q5P", "<&>\"' 特殊字符 =SUM(A1)", "2000-02-29", 0, 0, 0, 0, 0, 0},
    {"915001127093431234", "换行\n第二行 _x0041_ 下划线", "1970-01-01", 5, -250000, 1, 1, 100, 0},
    {"", "空单元格", "", 0, 0, 0, 0, 0, 0xFD}, /* only column 1 */
    {"BIG", "超大数值", "2099-12-31", 1234567890123456789, 1234567890123456789, 10000, 0.5, 0.25,
     0},
    {"NEG", "负数与边界", "1900-03-01", 999999999999999, -999999999999999, 999999999999999, -0.25,
     -1.5, 0},
    {"BADDATE", "日期无法识别", "2023-02-30", 1, 1, 1, 0, 0, 0},
};
#define NFIXED  (sizeof fixed / sizeof fixed[0])
#define NRANDOM 3000

struct sample {
	size_t i;
	struct rng rng;
	char uscc[32], name[64];
	int64_t fen[NFIXED + NRANDOM], pct[NFIXED + NRANDOM];
};

/* Random money with 1 to 15 significant digits, either sign. */
static int64_t random_amount(struct rng *r)
{
	int digits = 1 + (int)rng_below(r, 15);
	int64_t lim = 1;
	for (int k = 0; k < digits; k++)
		lim *= 10;
	int64_t v = (int64_t)rng_below(r, (uint64_t)lim);
	return rng_below(r, 2) ? -v : v;
}

static enum app_status sample_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)e;
	struct sample *s = ctx;
	size_t i = s->i;
	if (i >= NFIXED + NRANDOM)
		return APP_ENOTFOUND;
	s->i++;
	if (i < NFIXED) {
		const struct fixed_row *f = &fixed[i];
		row[0] = (struct xlsxw_value){.present = true, .s = f->uscc};
		row[1] = (struct xlsxw_value){.present = true, .s = f->name};
		row[2] = (struct xlsxw_value){.present = true, .s = f->date};
		row[3] = (struct xlsxw_value){.present = true, .i = f->staff};
		row[4] = (struct xlsxw_value){.present = true, .i = f->fen};
		row[5] = (struct xlsxw_value){.present = true, .i = f->pct};
		row[6] = (struct xlsxw_value){.present = true, .d = f->ratio};
		row[7] = (struct xlsxw_value){.present = true, .d = f->score};
		for (size_t c = 0; c < NCOLS; c++)
			if (f->empty >> c & 1)
				row[c].present = false;
		s->fen[i] = f->fen;
		s->pct[i] = f->pct;
		return APP_OK;
	}
	snprintf(s->uscc, sizeof s->uscc, "R%06zu", i);
	snprintf(s->name, sizeof s->name, "随机企业%zu", i);
	s->fen[i] = random_amount(&s->rng);
	s->pct[i] = (int64_t)rng_below(&s->rng, 10001);
	row[0] = (struct xlsxw_value){.present = true, .s = s->uscc};
	row[1] = (struct xlsxw_value){.present = true, .s = s->name};
	row[4] = (struct xlsxw_value){.present = true, .i = s->fen[i]};
	row[5] = (struct xlsxw_value){.present = true, .i = s->pct[i]};
	return APP_OK;
}

static enum app_status write_sample(const char *path, struct sample *s, long *n, struct app_err *e)
{
	memset(s, 0, sizeof *s);
	rng_seed(&s->rng, 20250101);
	return xlsxw_write_table(path, "企业名录", sample_cols, NCOLS, sample_next, s, n, e);
}

/* ---- checks ---- */

static bool field_is(const struct csv_record *rec, size_t c, const char *want)
{
	struct strv f = c < rec->nfields ? rec->fields[c] : (struct strv){"", 0};
	return strlen(want) == f.n && memcmp(f.p, want, f.n) == 0;
}

static void expect_fixed(const struct csv_record *rec, size_t i)
{
	static const char *const want[NFIXED][NCOLS] = {
	    {"91500000MA5U7TQX1B", "重庆某某精密机械有限公司", "2015-03-01", "120", "123.456789",
	     "12.5%", "45.67%", "87.5"},
	    {"91500112MA60LR1Q5P", "<&>\"' 特殊字符 =SUM(A1)", "2000-02-29", "0", "0", "0%", "0%",
	     "0"},
	    {"915001127093431234", "换行\n第二行 _x0041_ 下划线", "1970-01-01", "5", "-0.25",
	     "0.01%", "100%", "100"},
	    {"", "空单元格", "", "", "", "", "", ""},
	    {"BIG", "超大数值", "2099-12-31", "1234567890123456789", "1234567890123.456789", "100%",
	     "50%", "0.25"},
	    {"NEG", "负数与边界", "1900-03-01", "999999999999999", "-999999999.999999",
	     "9999999999999.99%", "-25%", "-1.5"},
	    {"BADDATE", "日期无法识别", "2023-02-30", "1", "0.000001", "0.01%", "0%", "0"},
	};
	for (size_t c = 0; c < NCOLS; c++) {
		struct strv f = c < rec->nfields ? rec->fields[c] : (struct strv){"", 0};
		if (!ok(field_is(rec, c, want[i][c]), "row %zu column %zu reads back as written",
		        i + 2, c + 1))
			diag("got \"%.*s\"", (int)f.n, f.p);
	}
}

static void test_roundtrip(void)
{
	const char *path = "build/t_xlsxw_sample.xlsx";
	struct sample *s = xcalloc(1, sizeof *s);
	struct app_err e = {0};
	long n = 0;
	is_int(write_sample(path, s, &n, &e), APP_OK, "sample table written");
	is_int(n, NFIXED + NRANDOM, "row count reported");
	struct stat st;
	ok(stat(path, &st) == 0 && st.st_size > 1000, "file exists");
	char part[300];
	snprintf(part, sizeof part, "%s.part", path);
	ok(stat(part, &st) != 0, "no .part file left behind");

	struct xlsx_reader *r;
	if (!ok(xlsx_open(path, NULL, &r, &e) == APP_OK, "our reader opens it"))
		diag("%s", e.msg);
	else {
		is_str(xlsx_sheet_name(r), "企业名录", "first sheet is the table");
		struct csv_record rec;
		ok(xlsx_next(r, &rec, &e) == APP_OK && rec.line == 1 && rec.nfields == NCOLS,
		   "header row first");
		bool hdr = true;
		for (size_t c = 0; c < NCOLS; c++)
			hdr = hdr && field_is(&rec, c, sample_cols[c].header);
		ok(hdr, "headers read back");
		size_t money_bad = 0, pct_bad = 0, rows = 0;
		long expect_line = 2;
		while (xlsx_next(r, &rec, &e) == APP_OK) {
			size_t i = (size_t)(rec.line - 2);
			if (rec.line != expect_line++)
				break;
			rows++;
			if (i < NFIXED) {
				expect_fixed(&rec, i);
				continue;
			}
			char want[80];
			money_format_exact(s->fen[i], MONEY_WANYUAN, want, sizeof want);
			if (!field_is(&rec, 4, want) && money_bad++ < 5)
				diag("row %ld money: want %s got %.*s", rec.line, want,
				     (int)rec.fields[4].n, rec.fields[4].p);
			money_format_exact(s->pct[i], MONEY_YUAN, want, sizeof want - 1);
			want[strlen(want) + 1] = '\0';
			want[strlen(want)] = '%';
			if (!field_is(&rec, 5, want) && pct_bad++ < 5)
				diag("row %ld percent: want %s", rec.line, want);
		}
		is_int((long)rows, NFIXED + NRANDOM, "every data row read, in order");
		is_int((long)money_bad, 0,
		       "3000 random amounts of 1-15 digits read back exactly in 万元");
		is_int((long)pct_bad, 0, "3000 random percentages read back exactly");
		xlsx_close(r);
	}
	free(s);
}

/* ---- errors ---- */

static int fail_after;
static enum app_status failing_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)ctx;
	if (fail_after-- <= 0)
		return app_err_set(e, APP_EDB, "数据库读取失败");
	row[0] = (struct xlsxw_value){.present = true, .s = "x"};
	return APP_OK;
}

static char *long_text;
static enum app_status long_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)e;
	int *k = ctx;
	if ((*k)++ > 0)
		return APP_ENOTFOUND;
	row[0] = (struct xlsxw_value){.present = true, .s = long_text};
	return APP_OK;
}

static enum app_status none_next(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)ctx, (void)row, (void)e;
	return APP_ENOTFOUND;
}

static void test_errors(void)
{
	const char *path = "build/t_xlsxw_err.xlsx";
	struct stat st;
	struct app_err e = {0};
	struct xlsxw_col one[] = {{.header = "文本", .type = XW_TEXT}};
	unlink(path);
	fail_after = 3;
	is_int(xlsxw_write_table(path, "表", one, 1, failing_next, NULL, NULL, &e), APP_EDB,
	       "the callback's error is returned");
	is_str(e.msg, "数据库读取失败", "with its message");
	ok(stat(path, &st) != 0, "no file after a failed export");
	ok(stat("build/t_xlsxw_err.xlsx.part", &st) != 0, "no .part file either");

	for (int len = 32767; len <= 32768; len++) {
		long_text = xmalloc((size_t)len + 1);
		memset(long_text, 'a', (size_t)len);
		long_text[len] = '\0';
		int k = 0;
		enum app_status s = xlsxw_write_table(path, "表", one, 1, long_next, &k, NULL, &e);
		if (len == 32767)
			is_int(s, APP_OK, "32767 characters fit in a cell");
		else
			is_int(s, APP_ETOOLARGE, "32768 characters do not");
		free(long_text);
	}
	ok(strstr(e.msg, "32767") != NULL, "the message names the limit: %s", e.msg);

	is_int(xlsxw_write_table(path, "a/b", one, 1, none_next, NULL, NULL, &e), APP_EINVAL,
	       "a sheet name with / is refused");
	char name[200] = "";
	for (int k = 0; k < 31; k++)
		snprintf(name + strlen(name), sizeof name - strlen(name), "表");
	is_int(xlsxw_write_table(path, name, one, 1, none_next, NULL, NULL, &e), APP_OK,
	       "a sheet name of 31 characters is fine");
	snprintf(name + strlen(name), sizeof name - strlen(name), "表");
	is_int(xlsxw_write_table(path, name, one, 1, none_next, NULL, NULL, &e), APP_EINVAL,
	       "32 characters are refused");
	is_int(
	    xlsxw_write_table("/nonexistent-dir/x.xlsx", "表", one, 1, none_next, NULL, NULL, &e),
	    APP_EIO, "an unwritable place is an I/O error");
	is_int(xlsxw_write_table(path, "表", one, 0, none_next, NULL, NULL, &e), APP_EINVAL,
	       "no columns");
	unlink(path);
}

static void test_width(void)
{
	is_dbl(xlsxw_text_width("abc"), 3, 0, "ASCII counts 1");
	is_dbl(xlsxw_text_width("营业收入(万元)"), 14, 0, "CJK counts 2, brackets 1");
	is_dbl(xlsxw_text_width("（％）"), 6, 0, "full-width forms count 2");
	is_dbl(xlsxw_text_width(""), 0, 0, "empty");
}

/* Two tables in one workbook, and an empty table. */
static void test_multi(void)
{
	const char *path = "build/t_xlsxw_multi.xlsx";
	struct app_err e = {0};
	struct xlsxw *w;
	struct sample *s = xcalloc(1, sizeof *s);
	struct xlsxw_col one[] = {{.header = "说明", .type = XW_TEXT}};
	is_int(xlsxw_create(path, &w, &e), APP_OK, "create");
	xlsxw_set_title(w, "测试导出");
	rng_seed(&s->rng, 1);
	is_int(xlsxw_table(w, "企业", sample_cols, NCOLS, sample_next, s, NULL, &e), APP_OK,
	       "first table");
	long n = -1;
	is_int(xlsxw_table(w, "空表", one, 1, none_next, NULL, &n, &e), APP_OK, "empty table");
	is_int(n, 0, "no rows");
	is_int(xlsxw_table(w, "企业", one, 1, none_next, NULL, NULL, &e), APP_EINVAL,
	       "duplicate sheet name");
	is_int(xlsxw_close(w, &e), APP_OK, "close");
	struct xlsx_reader *r;
	struct xlsx_opts o = {.sheet = "空表"};
	struct csv_record rec;
	if (ok(xlsx_open(path, &o, &r, &e) == APP_OK, "second sheet opens")) {
		ok(xlsx_next(r, &rec, &e) == APP_OK && field_is(&rec, 0, "说明"), "its header");
		is_int(xlsx_next(r, &rec, &e), APP_ENOTFOUND, "and nothing else");
		xlsx_close(r);
	}
	free(s);
	unlink(path);
}

/* Prints each row of a sheet as a JSON array (one per line) for the
 * black-box test; rows with errors print {"error": ...}. */
static int dump_json(const char *path, const char *sheet)
{
	struct xlsx_opts o = {.sheet = sheet};
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct csv_record rec;
	enum app_status st;
	if (xlsx_open(path, &o, &r, &e) != APP_OK) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	while ((st = xlsx_next(r, &rec, &e)) != APP_ENOTFOUND) {
		if (st != APP_OK) {
			printf("{\"error\": %ld}\n", e.line);
			if (e.line == 0)
				break;
			continue;
		}
		printf("[%ld", rec.line);
		for (size_t i = 0; i < rec.nfields; i++) {
			putchar(',');
			putchar('"');
			for (size_t k = 0; k < rec.fields[i].n; k++) {
				unsigned char c = (unsigned char)rec.fields[i].p[k];
				if (c == '"' || c == '\\')
					printf("\\%c", c);
				else if (c < 0x20)
					printf("\\u%04x", c);
				else
					putchar(c);
			}
			putchar('"');
		}
		printf("]\n");
	}
	xlsx_close(r);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--read") == 0)
		return dump_json(argv[2], argc > 3 ? argv[3] : NULL);
	if (argc == 3 && strcmp(argv[1], "--write") == 0) {
		struct sample *s = xcalloc(1, sizeof *s);
		struct app_err e = {0};
		long n;
		enum app_status st = write_sample(argv[2], s, &n, &e);
		free(s);
		if (st != APP_OK) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		printf("%ld\n", n);
		return 0;
	}
	test_width();
	test_roundtrip();
	test_errors();
	test_multi();
	return test_done();
}
