/* t_money.c - exact money parsing and formatting (core/money).
 *
 * Expected values are worked by hand: 1 元 = 100 分, 1 千元 = 100,000 分,
 * 1 万元 = 1,000,000 分, 1 亿元 = 10,000,000,000 分 (10^10). */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "test.h"

#define OK_ APP_OK
#define INV APP_EINVAL
#define BIG APP_ETOOLARGE

static const struct {
	const char *in;
	enum money_unit unit;
	enum app_status status;
	int64_t fen;     /* when OK */
	const char *msg; /* when not OK */
} parse_cases[] = {
    /* each unit */
    {"1", MONEY_YUAN, OK_, 100, NULL},
    {"1", MONEY_QIANYUAN, OK_, 100000, NULL},
    {"1", MONEY_WANYUAN, OK_, 1000000, NULL},
    {"1", MONEY_YIYUAN, OK_, 10000000000LL, NULL},
    {"1.5万元", MONEY_YUAN, OK_, 1500000, NULL}, /* the text's unit wins */
    {"1.5", MONEY_WANYUAN, OK_, 1500000, NULL},
    {"0.000001亿元", MONEY_YUAN, OK_, 10000, NULL}, /* 10^10 / 10^6 = 10^4 分 = 100 元 */
    {"0.0000000001亿", MONEY_YUAN, OK_, 1, NULL},   /* 10 decimals = 1 分 */
    {"0.00001千元", MONEY_YUAN, OK_, 1, NULL},      /* 5 decimals = 1 分 */
    {"0.000001万元", MONEY_YUAN, OK_, 1, NULL},     /* 6 decimals = 1 分 */
    {"0.01元", MONEY_WANYUAN, OK_, 1, NULL},
    {"12.34元", MONEY_WANYUAN, OK_, 1234, NULL},
    {"2.5千元", MONEY_YUAN, OK_, 250000, NULL},
    {"3亿", MONEY_YUAN, OK_, 30000000000LL, NULL},
    {"7千", MONEY_YUAN, OK_, 700000, NULL},
    {"8万", MONEY_YUAN, OK_, 8000000, NULL},
    {"100 元", MONEY_WANYUAN, OK_, 10000, NULL},
    {"100人民币元", MONEY_WANYUAN, OK_, 10000, NULL},
    {"100CNY", MONEY_WANYUAN, OK_, 10000, NULL},
    {"100 RMB", MONEY_WANYUAN, OK_, 10000, NULL},
    /* precision beyond 1 分 is rejected in each unit; trailing zeros are fine */
    {"0.001", MONEY_YUAN, INV, 0, "金额 \"0.001\" 精度超过 1 分(元最多 2 位小数)"},
    {"0.010", MONEY_YUAN, OK_, 1, NULL},
    {"0.000001", MONEY_QIANYUAN, INV, 0, "金额 \"0.000001\" 精度超过 1 分(千元最多 5 位小数)"},
    {"0.0000001", MONEY_WANYUAN, INV, 0, "金额 \"0.0000001\" 精度超过 1 分(万元最多 6 位小数)"},
    {"1.00000000001", MONEY_YIYUAN, INV, 0,
     "金额 \"1.00000000001\" 精度超过 1 分(亿元最多 10 位小数)"},
    {"1.000000000000", MONEY_YIYUAN, OK_, 10000000000LL, NULL},
    {"1.2345元", MONEY_WANYUAN, INV, 0, "金额 \"1.2345元\" 精度超过 1 分(元最多 2 位小数)"},
    /* thousands separators */
    {"1,234,567.89", MONEY_YUAN, OK_, 123456789, NULL},
    {"1,234", MONEY_WANYUAN, OK_, 1234000000, NULL},
    {"123,456", MONEY_YUAN, OK_, 12345600, NULL},
    {"1，234", MONEY_YUAN, OK_, 123400, NULL}, /* full-width comma */
    {"1,23", MONEY_YUAN, INV, 0, "金额 \"1,23\" 的千位分隔符位置不对"},
    {"1,2345", MONEY_YUAN, INV, 0, "金额 \"1,2345\" 的千位分隔符位置不对"},
    {"1234,567", MONEY_YUAN, INV, 0, "金额 \"1234,567\" 的千位分隔符位置不对"},
    {",123", MONEY_YUAN, INV, 0, "金额 \",123\" 的千位分隔符位置不对"},
    {"1,,234", MONEY_YUAN, INV, 0, "金额 \"1,,234\" 的千位分隔符位置不对"},
    {"1,234,56", MONEY_YUAN, INV, 0, "金额 \"1,234,56\" 的千位分隔符位置不对"},
    {"1,234.5,6", MONEY_YUAN, INV, 0, "金额 \"1,234.5,6\" 含有非数字字符"},
    /* full-width digits and point */
    {"１２３", MONEY_YUAN, OK_, 12300, NULL},
    {"１．５万元", MONEY_YUAN, OK_, 1500000, NULL},
    {"１，２３４", MONEY_YUAN, OK_, 123400, NULL},
    /* signs */
    {"-1.5", MONEY_WANYUAN, OK_, -1500000, NULL},
    {"+1.5", MONEY_WANYUAN, OK_, 1500000, NULL},
    {"\xE2\x88\x92"
     "2",
     MONEY_YUAN, OK_, -200, NULL}, /* U+2212 minus */
    {"(1,234.50)", MONEY_YUAN, OK_, -123450, NULL},
    {"(1,234.50)元", MONEY_WANYUAN, OK_, -123450, NULL},
    {"-0", MONEY_YUAN, OK_, 0, NULL},
    {"(-5)", MONEY_YUAN, INV, 0, "金额 \"(-5)\" 的负号重复"},
    {"--5", MONEY_YUAN, INV, 0, "金额 \"--5\" 含有非数字字符"},
    {"5-", MONEY_YUAN, INV, 0, "金额 \"5-\" 含有非数字字符"},
    {"-", MONEY_YUAN, INV, 0, "金额 \"-\" 没有数字"},
    /* forms of the point */
    {".5", MONEY_YUAN, OK_, 50, NULL},
    {"5.", MONEY_YUAN, OK_, 500, NULL},
    {".", MONEY_YUAN, INV, 0, "金额 \".\" 没有数字"},
    {"1.2.3", MONEY_YUAN, INV, 0, "金额 \"1.2.3\" 含有非数字字符"},
    /* scientific notation */
    {"1.23457E+11", MONEY_YUAN, INV, 0,
     "金额 \"1.23457E+11\" 是科学计数法,已丢失精度;请把单元格设为数值格式后重新导出"},
    {"1e3", MONEY_YUAN, INV, 0,
     "金额 \"1e3\" 是科学计数法,已丢失精度;请把单元格设为数值格式后重新导出"},
    /* other garbage */
    {"", MONEY_YUAN, INV, 0, "金额为空"},
    {"  ", MONEY_YUAN, INV, 0, "金额为空"},
    {"1 234", MONEY_YUAN, INV, 0, "金额 \"1 234\" 含有非数字字符"},
    {"12a", MONEY_YUAN, INV, 0, "金额 \"12a\" 含有非数字字符"},
    {"元", MONEY_YUAN, INV, 0, "金额 \"元\" 含有非数字字符"},
    {"0x10", MONEY_YUAN, INV, 0, "金额 \"0x10\" 含有非数字字符"},
    /* range: int64 分 */
    {"92233720368547758.07", MONEY_YUAN, OK_, INT64_MAX, NULL},
    {"-92233720368547758.07", MONEY_YUAN, OK_, -INT64_MAX, NULL},
    {"92233720368547758.08", MONEY_YUAN, BIG, 0, "金额 \"92233720368547758.08\" 超出范围"},
    {"922337203.6854775807", MONEY_YIYUAN, OK_, INT64_MAX, NULL},
    {"922337203.6854775808", MONEY_YIYUAN, BIG, 0, "金额 \"922337203.6854775808\" 超出范围"},
    {"99999999999999999999999999999", MONEY_YUAN, BIG, 0,
     "金额 \"99999999999999999999999999999\" 超出范围"},
    /* either side of the plain-digits shortcut (at most 18 positions once
     * scaled to 分), which must agree with the general reading */
    {"999999999999.999999", MONEY_WANYUAN, OK_, 999999999999999999LL, NULL}, /* 18 */
    {"100000000000", MONEY_WANYUAN, OK_, 100000000000000000LL, NULL},        /* 12 + 6 */
    {"1000000000000", MONEY_WANYUAN, OK_, 1000000000000000000LL, NULL},      /* 13 + 6 */
    {"9999999999999.999999", MONEY_WANYUAN, BIG, 0,
     "金额 \"9999999999999.999999\" 超出范围"}, /* 19 digits */
    {"0.0000010", MONEY_WANYUAN, OK_, 1, NULL}, /* 7 decimals, the last a zero */
    {"0.0000011", MONEY_WANYUAN, INV, 0, "金额 \"0.0000011\" 精度超过 1 分(万元最多 6 位小数)"},
    {"000000000000000000001", MONEY_YUAN, OK_, 100, NULL}, /* 21 digits, leading zeros */
    {"12.", MONEY_WANYUAN, OK_, 12000000, NULL},
    {"0", MONEY_WANYUAN, OK_, 0, NULL},
    {"0.5", MONEY_YUAN, OK_, 50, NULL},
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		int64_t fen = 12345;
		struct app_err e = {0};
		enum app_status s =
		    money_parse(strv_from(parse_cases[i].in), parse_cases[i].unit, &fen, &e);
		const char *u = money_unit_name(parse_cases[i].unit);
		if (parse_cases[i].status == APP_OK) {
			ok(s == APP_OK && fen == parse_cases[i].fen, "\"%s\" (%s) = %lld 分 %s",
			   parse_cases[i].in, u, (long long)parse_cases[i].fen, e.msg);
		} else {
			ok(s == parse_cases[i].status && fen == 12345, "\"%s\" (%s) rejected",
			   parse_cases[i].in, u);
			is_str(e.msg, parse_cases[i].msg, "  message");
		}
	}
	/* a long text is refused before parsing */
	char longtext[MAX_MONEY_DIGITS * 3 + 2];
	memset(longtext, '1', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	int64_t fen;
	is_int(money_parse(strv_from(longtext), MONEY_YUAN, &fen, NULL), APP_ETOOLARGE,
	       "text over the length limit refused");
}

static void test_units(void)
{
	static const struct {
		const char *in;
		int unit; /* -1: not a unit */
	} cases[] = {
	    {"元", MONEY_YUAN},
	    {" 人民币元 ", MONEY_YUAN},
	    {"yuan", MONEY_YUAN},
	    {"CNY", MONEY_YUAN},
	    {"RMB", MONEY_YUAN},
	    {"千元", MONEY_QIANYUAN},
	    {"千", MONEY_QIANYUAN},
	    {"万元", MONEY_WANYUAN},
	    {"万", MONEY_WANYUAN},
	    {"亿元", MONEY_YIYUAN},
	    {"亿", MONEY_YIYUAN},
	    {"%", -1},
	    {"人", -1},
	    {"", -1},
	    {"百万元", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum money_unit u = MONEY_UNIT_COUNT;
		bool got = money_unit_parse(strv_from(cases[i].in), &u);
		if (cases[i].unit >= 0)
			ok(got && (int)u == cases[i].unit, "unit \"%s\"", cases[i].in);
		else
			ok(!got, "\"%s\" is not a unit", cases[i].in);
	}
	static const int64_t fen[] = {100, 100000, 1000000, 10000000000LL};
	static const char *const names[] = {"元", "千元", "万元", "亿元"};
	for (int u = 0; u < MONEY_UNIT_COUNT; u++) {
		is_int(money_unit_fen((enum money_unit)u), fen[u], names[u]);
		is_str(money_unit_name((enum money_unit)u), names[u], "  name");
	}
	is_int(money_unit_fen(MONEY_UNIT_COUNT), 0, "no such unit: 0 分");
	is_str(money_unit_name(MONEY_UNIT_COUNT), "", "no such unit: empty name");
}

static const struct {
	int64_t fen;
	enum money_unit unit;
	int decimals;
	const char *out;
} format_cases[] = {
    {123456789, MONEY_WANYUAN, 2, "123.46"}, /* 123.456789 -> .46 */
    {123450000, MONEY_WANYUAN, 1, "123.5"},  /* exactly half: away from zero */
    {-123450000, MONEY_WANYUAN, 1, "-123.5"},
    {123449999, MONEY_WANYUAN, 1, "123.4"},
    {-123449999, MONEY_WANYUAN, 1, "-123.4"},
    {5000, MONEY_WANYUAN, 2, "0.01"}, /* 0.005 万元 rounds up */
    {-5000, MONEY_WANYUAN, 2, "-0.01"},
    {4999, MONEY_WANYUAN, 2, "0.00"},
    {-4999, MONEY_WANYUAN, 2, "0.00"}, /* no "-0.00" */
    {50, MONEY_YUAN, 0, "1"},          /* 0.50 元 -> 1 */
    {-50, MONEY_YUAN, 0, "-1"},
    {49, MONEY_YUAN, 0, "0"},
    {0, MONEY_YUAN, 2, "0.00"},
    {150, MONEY_YUAN, 2, "1.50"},
    {1, MONEY_YIYUAN, 10, "0.0000000001"},
    {15000000000LL, MONEY_YIYUAN, 0, "2"},
    {-15000000000LL, MONEY_YIYUAN, 0, "-2"},
    {99999, MONEY_QIANYUAN, 0, "1"},
    {INT64_MAX, MONEY_YUAN, 2, "92233720368547758.07"},
    {INT64_MIN, MONEY_YUAN, 2, "-92233720368547758.08"},
    {INT64_MAX, MONEY_YIYUAN, 0, "922337204"},
};

static const struct {
	int64_t fen;
	enum money_unit unit;
	const char *out;
} exact_cases[] = {
    {1500000, MONEY_WANYUAN, "1.5"},   {1000000, MONEY_WANYUAN, "1"},
    {1, MONEY_WANYUAN, "0.000001"},    {-1, MONEY_WANYUAN, "-0.000001"},
    {0, MONEY_WANYUAN, "0"},           {100, MONEY_YUAN, "1"},
    {1234, MONEY_YUAN, "12.34"},       {1230, MONEY_YUAN, "12.3"},
    {10000, MONEY_YIYUAN, "0.000001"}, {123456, MONEY_QIANYUAN, "1.23456"},
    {-123450, MONEY_YUAN, "-1234.5"},  {INT64_MAX, MONEY_YIYUAN, "922337203.6854775807"},
};

static void test_format(void)
{
	char buf[64];
	for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
		bool got = money_format(format_cases[i].fen, format_cases[i].unit,
		                        format_cases[i].decimals, buf, sizeof buf);
		ok(got && strcmp(buf, format_cases[i].out) == 0, "%lld 分 in %s, %d decimals: %s",
		   (long long)format_cases[i].fen, money_unit_name(format_cases[i].unit),
		   format_cases[i].decimals, format_cases[i].out);
		if (strcmp(buf, format_cases[i].out) != 0)
			diag("got %s", buf);
	}
	for (size_t i = 0; i < sizeof exact_cases / sizeof exact_cases[0]; i++) {
		bool got =
		    money_format_exact(exact_cases[i].fen, exact_cases[i].unit, buf, sizeof buf);
		ok(got && strcmp(buf, exact_cases[i].out) == 0, "exact %lld 分 in %s: %s",
		   (long long)exact_cases[i].fen, money_unit_name(exact_cases[i].unit),
		   exact_cases[i].out);
	}
	char small[4];
	ok(!money_format(123456, MONEY_YUAN, 2, small, sizeof small), "too small a buffer fails");
	ok(!money_format(1, MONEY_YUAN, 11, buf, sizeof buf), "more than 10 decimals refused");
	ok(!money_format(1, MONEY_UNIT_COUNT, 2, buf, sizeof buf), "bad unit refused");
	/* exact formatting round-trips through parsing in every unit */
	static const int64_t values[] = {0,        1, -1, 99, 100001, -987654321, 1234567890123LL,
	                                 INT64_MAX};
	int round = 0, total = 0;
	for (int u = 0; u < MONEY_UNIT_COUNT; u++)
		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
			int64_t back = 0;
			total++;
			if (money_format_exact(values[i], (enum money_unit)u, buf, sizeof buf) &&
			    money_parse(strv_from(buf), (enum money_unit)u, &back, NULL) ==
			        APP_OK &&
			    back == values[i])
				round++;
		}
	is_int(round, total, "exact format -> parse round-trips in every unit");
}

int main(void)
{
	test_parse();
	test_units();
	test_format();
	return test_done();
}
