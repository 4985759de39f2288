/* t_template.c - io/template: the import templates, read back with io/xlsx
 * and checked against the import's own header and value rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "io/template.h"
#include "io/xlsx.h"
#include "test.h"

/* libxlsxwriter 1.1.4 leaks its copy of each list-validation formula
 * (worksheet_data_validation_range); not ours to fix. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:worksheet_data_validation_range\nleak:lxw_strdup\n";
}

static void test_names(void)
{
	enum template_kind k = 0;
	ok(template_parse("enterprises", &k) && k == TEMPLATE_ENTERPRISES, "enterprises");
	ok(template_parse("企业", &k) && k == TEMPLATE_ENTERPRISES, "企业");
	ok(template_parse("annual", &k) && k == TEMPLATE_ANNUAL, "annual");
	ok(template_parse("monthly", &k) && k == TEMPLATE_MONTHLY,
	   "monthly (t_monitor_scope checks it)");
	ok(!template_parse("weekly", &k), "no other template");
	ok(!template_parse("", &k), "empty name");
	is_str(template_sheet(TEMPLATE_ENTERPRISES), "企业名录", "enterprise sheet name");
	is_str(template_sheet(TEMPLATE_ANNUAL), "年度数据", "annual sheet name");
	is_int((long)template_columns(TEMPLATE_ENTERPRISES), EF_COUNT,
	       "one column per enterprise field");
	is_int((long)template_columns(TEMPLATE_ANNUAL), ANNUAL_KEY_COUNT + 2,
	       "uscc, year, indicators");

	char h[160];
	static const struct {
		enum template_kind k;
		size_t i;
		const char *want;
	} hdr[] = {
	    {TEMPLATE_ENTERPRISES, EF_USCC, "统一社会信用代码"},
	    {TEMPLATE_ENTERPRISES, EF_PHONE, "联系电话"},
	    {TEMPLATE_ANNUAL, 0, "统一社会信用代码"},
	    {TEMPLATE_ANNUAL, 1, "年度"},
	    {TEMPLATE_ANNUAL, 2 + AK_REVENUE, "营业收入(万元)"},
	    {TEMPLATE_ANNUAL, 2 + AK_EMPLOYEES, "从业人员数(人)"},
	    {TEMPLATE_ANNUAL, 2 + AK_IP_CLASS1, "Ⅰ类知识产权数(含以上两项)(件)"},
	    {TEMPLATE_ANNUAL, 2 + AK_MARKET_SHARE, "主导产品国内细分市场占有率(%)"},
	    {TEMPLATE_ANNUAL, 2 + AK_DIGITAL_LEVEL, "数字化水平等级"},
	};
	for (size_t i = 0; i < sizeof hdr / sizeof hdr[0]; i++)
		ok(template_header(hdr[i].k, hdr[i].i, h, sizeof h) && strcmp(h, hdr[i].want) == 0,
		   "header %s", hdr[i].want);
	ok(!template_header(TEMPLATE_ENTERPRISES, EF_COUNT, h, sizeof h), "past the last column");
	ok(!template_header(TEMPLATE_ANNUAL, ANNUAL_KEY_COUNT + 2, h, sizeof h),
	   "past the last indicator");
}

/* Every annual header maps back to its own indicator and unit through the
 * import's header parser. */
static void test_headers_import(void)
{
	char h[160];
	int bad = 0;
	for (size_t k = 0; k < ANNUAL_KEY_COUNT; k++) {
		template_header(TEMPLATE_ANNUAL, k + 2, h, sizeof h);
		struct strv name;
		enum money_unit u = MONEY_YUAN;
		bool has_unit = false;
		indicator_split_header(strv_from(h), &name, &u, &has_unit);
		int idx = indicator_find(annual_indicators, ANNUAL_KEY_COUNT, name);
		bool money = annual_indicators[k].type == IND_MONEY;
		if (idx != (int)k || has_unit != money || (money && u != MONEY_WANYUAN)) {
			diag("header %s -> %d", h, idx);
			bad++;
		}
	}
	is_int(bad, 0, "all annual headers are recognised by the import with their units");
	for (int f = 0; f < EF_COUNT; f++) {
		template_header(TEMPLATE_ENTERPRISES, (size_t)f, h, sizeof h);
		if (ent_field_find(strv_from(h)) != f)
			bad++;
	}
	is_int(bad, 0, "all enterprise headers are recognised by the import");
}

/* Reads every row of a sheet: fields joined by '|', rows by '\n'. */
static char *sheet_text(const char *path, const char *sheet, long *rows)
{
	struct xlsx_opts o = {.sheet = sheet};
	struct xlsx_reader *r;
	struct app_err e = {0};
	struct csv_record rec;
	struct buf b;
	*rows = 0;
	if (xlsx_open(path, &o, &r, &e) != APP_OK) {
		diag("%s: %s", path, e.msg);
		return NULL;
	}
	buf_init(&b, 1 << 20);
	while (xlsx_next(r, &rec, &e) == APP_OK) {
		for (size_t i = 0; i < rec.nfields; i++)
			buf_printf(&b, "%s%.*s", i ? "|" : "", (int)rec.fields[i].n,
			           rec.fields[i].p);
		buf_putc(&b, '\n');
		(*rows)++;
	}
	xlsx_close(r);
	return buf_steal(&b);
}

static void test_enterprise_file(void)
{
	const char *path = "build/t_template_ent.xlsx";
	struct app_err e = {0};
	is_int(template_write(TEMPLATE_ENTERPRISES, path, &e), APP_OK,
	       "enterprise template written");
	struct xlsx_reader *r;
	ok(xlsx_open(path, NULL, &r, &e) == APP_OK, "it opens");
	is_str(xlsx_sheet_name(r), "企业名录", "the data sheet comes first");
	is_int((long)xlsx_sheet_count(r), 3, "data, lists, notes");
	struct csv_record rec;
	ok(xlsx_next(r, &rec, &e) == APP_OK && rec.nfields == EF_COUNT, "header row");
	bool same = true;
	for (size_t i = 0; i < EF_COUNT; i++)
		same = same && strv_eq(rec.fields[i], ent_fields[i].label);
	ok(same, "headers are the import labels");
	is_int(xlsx_next(r, &rec, &e), APP_ENOTFOUND, "no example rows in the data sheet");
	xlsx_close(r);

	long rows;
	char *notes = sheet_text(path, "填写说明", &rows);
	is_int(rows, EF_COUNT + 1, "one note row per column");
	ok(notes && strstr(notes, "统一社会信用代码|uscc|是|文本|18位") != NULL, "uscc note");
	ok(notes && strstr(notes, "所属功能区|zone|否|") != NULL, "zone is optional");
	free(notes);

	/* the examples on the notes sheet pass the field validators */
	struct xlsx_opts o = {.sheet = "填写说明"};
	xlsx_open(path, &o, &r, &e);
	xlsx_next(r, &rec, &e);
	struct enterprise ent;
	memset(&ent, 0, sizeof ent);
	int bad = 0, n = 0;
	while (xlsx_next(r, &rec, &e) == APP_OK) {
		int f = ent_field_find(rec.fields[1]);
		struct app_err fe = {0};
		if (f < 0 || ent_field_set(&ent, (enum ent_field)f, rec.fields[5], &fe) != APP_OK) {
			diag("example for %.*s: %s", (int)rec.fields[1].n, rec.fields[1].p, fe.msg);
			bad++;
		}
		n++;
	}
	xlsx_close(r);
	ok(n == EF_COUNT && bad == 0, "every example is a valid value");
	struct app_err ve = {0};
	is_int(enterprise_validate(&ent, &ve), APP_OK, "and together they make a valid firm");
	if (ve.msg[0])
		diag("%s", ve.msg);

	char *lists = sheet_text(path, "下拉选项", &rows);
	ok(lists && strncmp(lists, "所属区县|所属功能区|战略性新兴产业类别\n", 50) == 0,
	   "list headers");
	ok(lists && strstr(lists, "\n渝北区") && strstr(lists, "\n江北区") &&
	       strstr(lists, "\n两江新区"),
	   "districts in use, including those awaiting 两江新区's code");
	ok(lists && !strstr(lists, "万盛区") && !strstr(lists, "开县"), "no historical units");
	ok(lists && strstr(lists, "|重庆高新区|"), "zones listed");
	/* each listed district is known to the catalogue */
	int unknown = 0, nd = 0;
	for (char *line = lists ? strchr(lists, '\n') : NULL; line && line[1];
	     line = strchr(line + 1, '\n')) {
		char *bar = strchr(line + 1, '|'), *nl = strchr(line + 1, '\n');
		size_t len = (size_t)((bar && bar < nl ? bar : nl) - (line + 1));
		if (len == 0)
			continue;
		nd++;
		if (!district_find((struct strv){line + 1, len}))
			unknown++;
	}
	ok(nd >= 38 && unknown == 0, "%d listed districts, all in the catalogue", nd);
	free(lists);
}

static void test_annual_file(void)
{
	const char *path = "build/t_template_annual.xlsx";
	struct app_err e = {0};
	is_int(template_write(TEMPLATE_ANNUAL, path, &e), APP_OK, "annual template written");
	long rows;
	char *data = sheet_text(path, NULL, &rows);
	is_int(rows, 1, "header only");
	ok(data && strncmp(data, "统一社会信用代码|年度|营业收入(万元)|", 40) == 0,
	   "first headers");
	free(data);
	struct xlsx_opts o = {.sheet = "填写说明"};
	struct xlsx_reader *r;
	struct csv_record rec;
	is_int(xlsx_open(path, &o, &r, &e), APP_OK, "notes sheet");
	xlsx_next(r, &rec, &e);
	int bad = 0, n = 0;
	while (xlsx_next(r, &rec, &e) == APP_OK) {
		n++;
		int k = indicator_find(annual_indicators, ANNUAL_KEY_COUNT, rec.fields[1]);
		if (k < 0)
			continue; /* uscc, year */
		int64_t v;
		bool present;
		struct app_err ie = {0};
		if (indicator_parse(&annual_indicators[k], rec.fields[5], MONEY_WANYUAN, &v,
		                    &present, &ie) != APP_OK ||
		    !present) {
			diag("example for %s: %s", annual_indicators[k].key, ie.msg);
			bad++;
		}
	}
	xlsx_close(r);
	ok(n == ANNUAL_KEY_COUNT + 2 && bad == 0, "every indicator example parses (%d rows)", n);
	is_int(template_write(TEMPLATE_ANNUAL, "/nonexistent-dir/t.xlsx", &e), APP_EIO,
	       "unwritable path");
}

int main(void)
{
	test_names();
	test_headers_import();
	test_enterprise_file();
	test_annual_file();
	return test_done();
}
