/* t_tsv.c - the reference-table reader (base/tsv). */
#include <string.h>

#include "base/tsv.h"
#include "test.h"

static bool field_is(struct strv f, const char *s)
{
	return strv_eq(f, s);
}

static void test_rows(void)
{
	static const char text[] = "# comment\n"
	                           "\n"
	                           "a\tb\tc\r\n"
	                           "#another\n"
	                           "1\t\t3\n"
	                           "x\ty\n"
	                           "4\t5\t6"; /* no final newline */
	struct tsv_reader r;
	struct strv f[3];
	struct app_err e = {0};
	static const char *const cols[] = {"a", "b", "c"};
	tsv_init(&r, "t.tsv", text, sizeof text - 1);
	is_int(tsv_expect_header(&r, cols, 3, &e), APP_OK, "header matches (CRLF stripped)");
	is_int(r.line, 3, "header is line 3");
	ok(tsv_row(&r, f, 3, &e) && field_is(f[0], "1") && f[1].n == 0 && field_is(f[2], "3"),
	   "row with an empty middle field");
	is_int(r.line, 5, "comment line counted");
	ok(!tsv_row(&r, f, 3, &e), "short row refused");
	is_str(e.msg, "t.tsv 第6行: 应有 3 列,实际 2 列", "short row message");
	is_int(e.line, 6, "short row line");
	ok(tsv_row(&r, f, 3, &e) && field_is(f[2], "6"), "last row without newline");
	memset(&e, 0, sizeof e);
	ok(!tsv_row(&r, f, 3, &e) && e.msg[0] == '\0', "end of text is not an error");
}

static void test_header(void)
{
	static const char *const cols[] = {"a", "b"};
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"a\tc\n", "h.tsv 第1行: 第2列表头应为 \"b\""},
	    {"a\n", "h.tsv 第1行: 第2列表头应为 \"b\""},
	    {"a\tb\tc\n", "h.tsv 第1行: 表头应有 2 列,实际 3 列"},
	    {"# only a comment\n", "h.tsv: 缺少表头行"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tsv_reader r;
		struct app_err e = {0};
		tsv_init(&r, "h.tsv", cases[i].text, strlen(cases[i].text));
		is_int(tsv_expect_header(&r, cols, 2, &e), APP_EINVAL, "bad header refused");
		is_str(e.msg, cases[i].msg, "  message");
	}
	/* more fields than the caller's array: counted, not stored */
	struct tsv_reader r;
	struct strv f[2];
	tsv_init(&r, "m.tsv", "1\t2\t3\t4\n", 8);
	is_int(tsv_next(&r, f, 2), 4, "fields beyond max are counted");
}

int main(void)
{
	test_rows();
	test_header();
	return test_done();
}
