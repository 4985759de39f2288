/* t_xlsx.c - io/xlsx (streaming reader) and io/xlsxval (value conversions).
 *
 * Fixtures are in tests/data/xlsx/, made by make_fixtures.py (openpyxl,
 * LibreOffice, hand-written SpreadsheetML, and broken files). Tests run
 * from the repository root, as `make test` does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/xlsx.h"
#include "io/xlsxval.h"
#include "test.h"

#define DATA "tests/data/xlsx/"

/* ---- conversions ---- */

static void test_double(void)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
	    {0.1 + 0.2, "0.30000000000000004"},
	    {1234.5, "1234.5"},
	    {1e20, "100000000000000000000"},
	    {0.1, "0.1"},
	    {-0.0, "0"},
	    {0.0, "0"},
	    {42.0, "42"},
	    {-42.0, "-42"},
	    {9007199254740991.0, "9007199254740991"},     /* 2^53 - 1: integer path */
	    {9007199254740992.0, "9007199254740992"},     /* 2^53: formatted path */
	    {123456789012345678.0, "123456789012345680"}, /* the double nearest */
	    {1e-7, "0.0000001"},
	    {1.5e-10, "0.00000000015"},
	    {-123.456, "-123.456"},
	    {100.0 / 3.0, "33.333333333333336"},
	    {2.5e15 + 0.5, "2500000000000000.5"},
	    {1.7976931348623157e308, NULL}, /* checked by length below */
	};
	char buf[XLSXVAL_NUM_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!cases[i].want)
			continue;
		ok(xlsxval_double(cases[i].v, buf, sizeof buf) && strcmp(buf, cases[i].want) == 0,
		   "double %.17g -> %s (got %s)", cases[i].v, cases[i].want, buf);
	}
	ok(xlsxval_double(1.7976931348623157e308, buf, sizeof buf) && strlen(buf) == 309 &&
	       strncmp(buf, "17976931348623157", 17) == 0,
	   "DBL_MAX is 309 plain digits");
	ok(xlsxval_double(4.9e-324, buf, sizeof buf) && strncmp(buf, "0.000", 5) == 0 &&
	       strcmp(buf + strlen(buf) - 2, "05") == 0,
	   "smallest subnormal in positional form (got %.12s...)", buf);
	ok(!xlsxval_double(1.0 / 0.0, buf, sizeof buf), "infinity refused");
	ok(!xlsxval_double(0.0 / 0.0, buf, sizeof buf), "NaN refused");
	ok(!xlsxval_double(1234.5, buf, 6), "too small a buffer refused (needs 7)");
	ok(xlsxval_double(1234.5, buf, 7) && strcmp(buf, "1234.5") == 0, "exact-fit buffer");
}

static void test_number_text(void)
{
	static const struct {
		const char *in, *want; /* want NULL: rejected */
	} cases[] = {
	    {"0.30000000000000004", "0.30000000000000004"},
	    {"1234.5", "1234.5"},
	    {"1234.50", "1234.5"},
	    {"1E+20", "100000000000000000000"},
	    {"1e20", "100000000000000000000"},
	    {"1.5E-3", "0.0015"},
	    {"-7.25e2", "-725"},
	    {"-0", "0"},
	    {"0.000", "0"},
	    {"007", "7"},
	    {"+3.10", "3.1"},
	    {" 12 ", "12"},
	    {".5", "0.5"},
	    {"5.", "5"},
	    {"123456789012345", "123456789012345"},     /* 15 digits: exact text */
	    {"1234567890123456", "1234567890123456"},   /* 16: via the double, same */
	    {"12345678901234567", "12345678901234568"}, /* 17: the double's shortest */
	    {"123456789012345678", "123456789012345680"},
	    {"0.1000000000000000055511151231257827", "0.1"},
	    {"1.234567890123457e+17", "123456789012345700"},
	    {"1e-7", "0.0000001"},
	    {"105", "105"},
	    {"100.001", "100.001"},
	    {"0.0015", "0.0015"},
	    {"1000000000000000000000000001", "1000000000000000000000000000"}, /* 28 digits */
	    {"-000.000100", "-0.0001"},
	    {"1e400", NULL},
	    {"", NULL},
	    {"abc", NULL},
	    {"1e", NULL},
	    {"1.2.3", NULL},
	    {"NaN", NULL},
	    {"inf", NULL},
	    {"0x10", NULL},
	    {"1,000", NULL},
	    {"-", NULL},
	};
	char buf[XLSXVAL_NUM_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool got = xlsxval_number(cases[i].in, strlen(cases[i].in), buf, sizeof buf);
		if (cases[i].want)
			ok(got && strcmp(buf, cases[i].want) == 0, "number \"%s\" -> %s (got %s)",
			   cases[i].in, cases[i].want, got ? buf : "refused");
		else
			ok(!got, "number \"%s\" refused", cases[i].in);
	}
}

static void test_percent(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"0.125", "12.5%"},
	    {"1", "100%"},
	    {"0", "0%"},
	    {"-0.0015", "-0.15%"},
	    {"12.5", "1250%"},
	    {"1E-3", "0.1%"},
	    {"0.30000000000000004", "30.000000000000004%"},
	    {"0.01", "1%"},
	    {"0.001234", "0.1234%"},
	    {"x", NULL},
	};
	char buf[XLSXVAL_NUM_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool got = xlsxval_percent(cases[i].in, strlen(cases[i].in), buf, sizeof buf);
		if (cases[i].want)
			ok(got && strcmp(buf, cases[i].want) == 0, "percent \"%s\" -> %s (got %s)",
			   cases[i].in, cases[i].want, got ? buf : "refused");
		else
			ok(!got, "percent \"%s\" refused", cases[i].in);
	}
}

static void test_dates(void)
{
	static const struct {
		double serial;
		bool d1904;
		const char *want; /* NULL: out of range */
	} cases[] = {
	    {0, false, NULL},
	    {0.5, false, NULL},
	    {1, false, "1900-01-01"},
	    {31, false, "1900-01-31"},
	    {59, false, "1900-02-28"},
	    {60, false, "1900-02-29"}, /* Excel's phantom leap day */
	    {61, false, "1900-03-01"},
	    {366, false, "1900-12-31"},
	    {367, false, "1901-01-01"},
	    {25569, false, "1970-01-01"},
	    {36585, false, "2000-02-29"},
	    {43997, false, "2020-06-15"},
	    {43997.99, false, "2020-06-15"},
	    {45658, false, "2025-01-01"},
	    {2958465, false, "9999-12-31"},
	    {2958466, false, NULL},
	    {-1, false, NULL},
	    {0, true, "1904-01-01"},
	    {-0.5, true, NULL},
	    {43997, true, "2024-06-16"},
	    {2957003, true, "9999-12-31"},
	    {2957004, true, NULL},
	};
	char d[11];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool got = xlsxval_serial_date(cases[i].serial, cases[i].d1904, d);
		if (cases[i].want)
			ok(got && strcmp(d, cases[i].want) == 0, "serial %.2f%s -> %s",
			   cases[i].serial, cases[i].d1904 ? " (1904)" : "", cases[i].want);
		else
			ok(!got, "serial %.2f%s out of range", cases[i].serial,
			   cases[i].d1904 ? " (1904)" : "");
	}
	char out[32];
	ok(xlsxval_date_cell(43997.5, XV_FK_DATETIME, false, out, sizeof out) &&
	       strcmp(out, "2020-06-15 12:00:00") == 0,
	   "date-time at noon");
	ok(xlsxval_date_cell(43997.5, XV_FK_DATE, false, out, sizeof out) &&
	       strcmp(out, "2020-06-15") == 0,
	   "date-only format drops the time");
	ok(xlsxval_date_cell(43997.0, XV_FK_DATETIME, false, out, sizeof out) &&
	       strcmp(out, "2020-06-15") == 0,
	   "midnight shows no time");
	ok(xlsxval_date_cell(43997.999999, XV_FK_DATETIME, false, out, sizeof out) &&
	       strcmp(out, "2020-06-16") == 0,
	   "a time rounding to 24:00 rolls to the next day");
	ok(xlsxval_date_cell(0.75, XV_FK_TIME, false, out, sizeof out) &&
	       strcmp(out, "18:00:00") == 0,
	   "pure time");
	ok(xlsxval_date_cell(1.25, XV_FK_TIME, false, out, sizeof out) &&
	       strcmp(out, "1900-01-01 06:00:00") == 0,
	   "time format past one day shows the date too");
	ok(!xlsxval_date_cell(-1, XV_FK_DATE, false, out, sizeof out),
	   "negative serial is no date");
}

static void test_formats(void)
{
	static const struct {
		const char *code;
		int kind;
	} cases[] = {
	    {"General", XV_FK_NONE},
	    {"0.00", XV_FK_NONE},
	    {"#,##0.00_);[Red](#,##0.00)", XV_FK_NONE},
	    {"0.00E+00", XV_FK_NONE},
	    {"@", XV_FK_NONE},
	    {"0.0\"days\"", XV_FK_NONE}, /* d only inside quotes */
	    {"0\\d", XV_FK_NONE},        /* escaped d */
	    {"[Red]0.0", XV_FK_NONE},
	    {"yyyy-mm-dd", XV_FK_DATE},
	    {"yyyy\"年\"m\"月\"d\"日\"", XV_FK_DATE},
	    {"[$-804]yyyy\"年\"m\"月\"", XV_FK_DATE},
	    {"[DBNum1][$-804]m\"月\"d\"日\"", XV_FK_DATE},
	    {"mmm-yy", XV_FK_DATE},
	    {"m/d/yyyy h:mm", XV_FK_DATETIME},
	    {"yyyy-mm-dd hh:mm:ss", XV_FK_DATETIME},
	    {"h:mm", XV_FK_TIME},
	    {"mm:ss", XV_FK_TIME},
	    {"h:mm AM/PM", XV_FK_TIME},
	    {"[h]:mm:ss", XV_FK_TIME},
	    {"YYYY\\-MM\\-DD", XV_FK_DATE},
	    {"0.00%", XV_FK_PERCENT},
	    {"0%;[Red]-0%", XV_FK_PERCENT},
	    {"0.0\"%\"", XV_FK_NONE}, /* a quoted % is text */
	    {"yyyy%", XV_FK_DATE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(xlsxval_format_kind(cases[i].code), cases[i].kind, cases[i].code);
	static const struct {
		unsigned id;
		int kind;
	} ids[] = {{8, XV_FK_NONE},  {9, XV_FK_PERCENT}, {10, XV_FK_PERCENT},  {11, XV_FK_NONE},
	           {0, XV_FK_NONE},  {13, XV_FK_NONE},   {14, XV_FK_DATE},     {17, XV_FK_DATE},
	           {18, XV_FK_TIME}, {21, XV_FK_TIME},   {22, XV_FK_DATETIME}, {23, XV_FK_NONE},
	           {31, XV_FK_DATE}, {44, XV_FK_NONE},   {45, XV_FK_TIME},     {47, XV_FK_TIME},
	           {48, XV_FK_NONE}, {57, XV_FK_DATE},   {58, XV_FK_DATE},     {59, XV_FK_NONE}};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		ok(xlsxval_builtin_kind(ids[i].id) == ids[i].kind, "built-in numFmtId %u",
		   ids[i].id);
}

static void test_unescape(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"a_x000D_b", "a\rb"},
	    {"_x005F_x0041_", "_x0041_"},
	    {"x_x0041_", "xA"},
	    {"_x00e9_", "\xC3\xA9"},
	    {"_x4E2D_", "\xE4\xB8\xAD"},
	    {"_xD83D__xDE00_", "\xF0\x9F\x98\x80"},
	    {"_xD83D_", ""},
	    {"_x0000_z", "z"},
	    {"_x12G4_", "_x12G4_"},
	    {"_x123_", "_x123_"},
	    {"no escapes", "no escapes"},
	    {"_x0041", "_x0041"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char b[64];
		size_t n = strlen(cases[i].in);
		memcpy(b, cases[i].in, n);
		n = xlsxval_unescape(b, n);
		b[n] = '\0';
		ok(strcmp(b, cases[i].want) == 0, "unescape \"%s\"", cases[i].in);
	}
}

/* ---- fixtures ---- */

/* Reads a whole sheet into a transcript: "LINE: f1|f2|...\n" per row and
 * "LINE: !STATUS@COL\n" per row error; a fatal error ends it with
 * "FATAL STATUS: message\n". Returns the open status. */
static enum app_status transcript(struct xlsx_reader *r, struct buf *out)
{
	struct csv_record rec;
	for (int guard = 0; guard < 100000; guard++) {
		struct app_err e = {0};
		enum app_status st = xlsx_next(r, &rec, &e);
		if (st == APP_ENOTFOUND)
			return APP_OK;
		if (st == APP_OK) {
			buf_printf(out, "%ld:", rec.line);
			for (size_t i = 0; i < rec.nfields; i++)
				buf_printf(out, "%s%.*s", i ? "|" : " ", (int)rec.fields[i].n,
				           rec.fields[i].p);
			buf_putc(out, '\n');
		} else if (e.line > 0) {
			buf_printf(out, "%ld: !%s@%ld\n", e.line, app_status_str(st), e.col);
		} else {
			buf_printf(out, "FATAL %s: %s\n", app_status_str(st), e.msg);
			return st;
		}
	}
	return APP_EINTERNAL;
}

static char *read_sheet(const char *file, const char *sheet, struct app_err *e)
{
	struct xlsx_opts o = {.sheet = sheet};
	struct xlsx_reader *r;
	struct buf out;
	buf_init(&out, 1 << 20);
	if (xlsx_open(file, &o, &r, e) != APP_OK) {
		buf_free(&out);
		return NULL;
	}
	buf_printf(&out, "[%s]\n", xlsx_sheet_name(r));
	transcript(r, &out);
	xlsx_close(r);
	return buf_steal(&out);
}

static void expect_sheet(const char *file, const char *sheet, const char *want, const char *name)
{
	struct app_err e = {0};
	char *got = read_sheet(file, sheet, &e);
	if (!got)
		diag("open failed: %s", e.msg);
	is_str(got, want, name);
	free(got);
}

/* Rows of the openpyxl workbook's first sheet; LibreOffice's re-save is the
 * same except that it keeps only 15 significant digits. */
#define OPENPYXL_ROW_1                                                                             \
	"1: 统一社会信用代码|企业名称|所属区县|营业收入(万元)||成立日期|高新技术企业|备注\n"
#define OPENPYXL_ROW_2                                                                                     \
	"2: "                                                                                              \
	"91500000MA5U7TQX1B|重庆某某精密机械有限公司|渝北区|1234.5|12|2015-03-01|TRUE|含," \
	"逗号\"引号\"\n换行\n"
#define OPENPYXL_ROW_3 "3: 91500112MA60LR1Q5P||江北区|||2000-02-29||仅有四格\n"
#define OPENPYXL_ROW_8 "8: 空行之后|2020-06-15 13:30:00|FALSE\n"

#define OPENPYXL_ROW_4                                                                             \
	"4: "                                                                                      \
	"大数|100000000000000000000|123456789012345700|9007199254740992|-0.5|0|-123.456|0."      \
	"0000001\n"
/* LibreOffice saves numbers with 15 significant digits */
#define LIBREOFFICE_ROW_4                                                                          \
	"4: "                                                                                      \
	"大数|100000000000000000000|123456789012346000|9007199254740990|-0.5|0|-123.456|0."      \
	"0000001\n"

static void test_openpyxl(void)
{
	expect_sheet(
	    DATA "openpyxl.xlsx", NULL,
	    "[企业名录]\n" OPENPYXL_ROW_1 OPENPYXL_ROW_2 OPENPYXL_ROW_3 OPENPYXL_ROW_4
	        OPENPYXL_ROW_8,
	    "openpyxl: first sheet, merged header, sparse rows, dates, booleans, trailing rows");
	expect_sheet(
	    DATA "openpyxl.xlsx", "年度数据",
	    "[年度数据]\n"
	    "1: 统一社会信用代码|年度|营业收入(万元)|研发费用(万元)|主导产品国内细分市场占有率(%)\n"
	    "2: 91500000MA5U7TQX1B|2023|15000.25|820.5|12.5\n"
	    "3: 91500112MA60LR1Q5P|2023|3000|0|0.125\n",
	    "openpyxl: second sheet by name");
	expect_sheet(DATA "openpyxl.xlsx", "公式", "[公式]\n1: !invalid@3\n",
	             "openpyxl formulas have no cached value: the row is an error at column C");
}

static void test_libreoffice(void)
{
	expect_sheet(DATA "libreoffice.xlsx", NULL,
	             "[企业名录]\n" OPENPYXL_ROW_1 OPENPYXL_ROW_2 OPENPYXL_ROW_3 LIBREOFFICE_ROW_4
	                 OPENPYXL_ROW_8,
	             "LibreOffice re-save reads the same, to LibreOffice's 15 digits");
	expect_sheet(DATA "libreoffice.xlsx", "公式", "[公式]\n1: 1|2|3|重庆\n",
	             "LibreOffice computed the formulas: cached values are read");
}

static void test_handmade(void)
{
	expect_sheet(
	    DATA "handmade.xlsx", NULL,
	    "[数据]\n"
	    "1: 文本|富文本|回车\r换行\n下划线_x0041_|内联 富文本| 前后空格 \n"
	    "2: 0.30000000000000004|1234.5|100000000000000000000|0|1234.5|0.0015|"
	    "123456789012345680000000000000|0.1|-725\n"
	    "3: 1900-02-29|1900-02-28|1900-03-01|1900-01-01|2020-06-15|2020-06-15 12:00:00|43997|"
	    "2025-01-01|18:00:00|9999-12-31|-1|2021-03-04|3|2020-06-15\n"
	    "4: "
	    "TRUE|FALSE|0.6000000000000001|公式文本|TRUE||1235.5|12.5%|30.000000000000004%|-0.15%|"
	    "0%\n"
	    "6: 1|2|||5|6\n"
	    "7: !invalid@2\n"
	    "8: 继续\n"
	    "9: !invalid@1\n"
	    "11: end|end\n",
	    "hand-written SpreadsheetML: every cell type");
	expect_sheet(DATA "prefixed.xlsx", NULL, "[数据]\n1: 日期\n2: 1904-01-01|2024-06-16\n",
	             "prefixed names, main part via _rels/.rels, 1904 dates, chart sheet skipped");
}

static void test_sheets(void)
{
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct xlsx_opts o = {.sheet = "没有"};
	is_int(xlsx_open(DATA "openpyxl.xlsx", &o, &r, &e), APP_ENOTFOUND, "unknown sheet name");
	ok(strstr(e.msg, "\"企业名录\", \"年度数据\", \"公式\"") != NULL,
	   "the error lists the sheets: %s", e.msg);
	o.sheet = "图表";
	is_int(xlsx_open(DATA "prefixed.xlsx", &o, &r, &e), APP_EINVAL,
	       "a chart sheet cannot be read");
	ok(strstr(e.msg, "不是普通工作表") != NULL, "chart sheet message: %s", e.msg);
	is_int(xlsx_open(DATA "openpyxl.xlsx", NULL, &r, &e), APP_OK, "open with NULL options");
	is_int((long)xlsx_sheet_count(r), 3, "three sheets");
	is_str(xlsx_sheet_at(r, 2), "公式", "sheet names in tab order");
	ok(xlsx_sheet_at(r, 3) == NULL, "past the last sheet");
	struct csv_record rec;
	while (xlsx_next(r, &rec, &e) == APP_OK)
		;
	ok(xlsx_offset(r) == xlsx_size(r) || xlsx_offset(r) > 0, "progress counters move");
	is_int(xlsx_next(r, &rec, &e), APP_ENOTFOUND, "end stays the end");
	xlsx_close(r);
	xlsx_close(NULL);
}

/* The same bytes through xlsx_open_mem give the same transcript. */
static void test_mem(void)
{
	FILE *f = fopen(DATA "handmade.xlsx", "rb");
	ok(f != NULL, "fixture readable");
	if (f == NULL)
		return;
	char *data = xmalloc(1 << 16);
	size_t n = fread(data, 1, 1 << 16, f);
	fclose(f);
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct buf a;
	buf_init(&a, 1 << 20);
	is_int(xlsx_open_mem(data, n, NULL, &r, &e), APP_OK, "open from memory");
	if (r) {
		transcript(r, &a);
		xlsx_close(r);
	}
	char *b = read_sheet(DATA "handmade.xlsx", NULL, &e);
	ok(b && strstr(b, buf_cstr(&a)) != NULL && a.len > 100, "memory and file reads agree");
	free(b);
	buf_free(&a);
	is_int(xlsx_open_mem(data, n / 2, NULL, &r, &e), APP_EINVAL, "truncated in memory");
	is_int(xlsx_open_mem(data, 0, NULL, &r, &e), APP_EINVAL, "empty in memory");
	free(data);
}

static void test_limits(void)
{
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct buf t;
	buf_init(&t, 1 << 20);
	/* the whole handmade file inflates to ~6.5 KB; its sheet alone ~3.6 KB */
	struct xlsx_opts o = {.max_unzipped = 4000};
	enum app_status st = xlsx_open(DATA "handmade.xlsx", &o, &r, &e);
	if (st == APP_OK) {
		st = transcript(r, &t);
		xlsx_close(r);
	}
	is_int(st, APP_ETOOLARGE, "total inflated size limit");
	ok(strstr(e.msg, "4000") != NULL || strstr(buf_cstr(&t), "4000") != NULL,
	   "the message names the limit");
	o.max_unzipped = 100000;
	is_int(xlsx_open(DATA "handmade.xlsx", &o, &r, &e), APP_OK, "a generous limit passes");
	xlsx_close(r);

	struct xlsx_opts rows = {.max_rows = 3};
	buf_reset(&t);
	is_int(xlsx_open(DATA "handmade.xlsx", &rows, &r, &e), APP_OK, "open with a row limit");
	is_int(transcript(r, &t), APP_ETOOLARGE, "row 4 is past a 3-row limit");
	ok(strncmp(buf_cstr(&t), "1: ", 3) == 0 && strstr(buf_cstr(&t), "\n3: ") != NULL &&
	       strstr(buf_cstr(&t), "4: ") == NULL,
	   "rows 1-3 are read first");
	xlsx_close(r);
	buf_free(&t);
}

static void test_broken(void)
{
	static const struct {
		const char *file;
		enum app_status open, read; /* read: status of the first failing xlsx_next */
		const char *msg;
	} cases[] = {
	    {"bad_bomb.xlsx", APP_ETOOLARGE, APP_OK, "压缩炸弹"},
	    {"bad_bomb_lying.xlsx", APP_OK, APP_EINVAL, "大小与 ZIP 目录不符"},
	    {"bad_truncated.xlsx", APP_EINVAL, APP_OK, "不完整"},
	    {"bad_truncated_tail.xlsx", APP_EINVAL, APP_OK, "不完整"},
	    {"bad_notzip.xlsx", APP_EINVAL, APP_OK, "不是 ZIP 格式"},
	    {"bad_xls.xlsx", APP_EINVAL, APP_OK, ".xls"},
	    {"bad_empty.xlsx", APP_EINVAL, APP_OK, "文件为空"},
	    {"bad_noworkbook.xlsx", APP_EINVAL, APP_OK, "没有 xl/workbook.xml"},
	    {"bad_deep.xlsx", APP_OK, APP_ETOOLARGE, "嵌套超过 64 层"},
	    {"bad_dtd.xlsx", APP_OK, APP_EINVAL, "DTD"},
	    {"bad_xml.xlsx", APP_OK, APP_EINVAL, "XML 格式错误"},
	    {"bad_corrupt.xlsx", APP_OK, APP_EINVAL, "解压"},
	    {"bad_order.xlsx", APP_OK, APP_EINVAL, "顺序错误"},
	    {"bad_wide.xlsx", APP_OK, APP_ETOOLARGE, "256 列"},
	    {"no_such_file.xlsx", APP_EIO, APP_OK, "无法打开"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[256];
		snprintf(path, sizeof path, DATA "%s", cases[i].file);
		struct xlsx_reader *r = NULL;
		struct app_err e = {0};
		enum app_status st = xlsx_open(path, NULL, &r, &e);
		if (!ok(st == cases[i].open, "%s: open gives %s", cases[i].file,
		        app_status_str(cases[i].open)))
			diag("got %s: %s", app_status_str(st), e.msg);
		if (st == APP_OK) {
			struct csv_record rec;
			int n = 0;
			while ((st = xlsx_next(r, &rec, &e)) == APP_OK && n < 100000)
				n++;
			ok(st == cases[i].read, "%s: reading gives %s", cases[i].file,
			   app_status_str(cases[i].read));
			if (st != APP_ENOTFOUND && e.line == 0) {
				struct app_err e2 = {0};
				is_int(xlsx_next(r, &rec, &e2), APP_ENOTFOUND,
				       "after a fatal error the sheet ends");
			}
			xlsx_close(r);
		}
		if (!ok(strstr(e.msg, cases[i].msg) != NULL, "%s: message has \"%s\"",
		        cases[i].file, cases[i].msg))
			diag("message: %s", e.msg);
	}
}

int main(void)
{
	test_double();
	test_number_text();
	test_percent();
	test_dates();
	test_formats();
	test_unescape();
	test_openpyxl();
	test_libreoffice();
	test_handmade();
	test_sheets();
	test_mem();
	test_limits();
	test_broken();
	return test_done();
}
