/* t_indicator.c - indicator key tables, header splitting and typed value
 * parsing (core/indicator). */
#include <stdio.h>
#include <string.h>

#include "core/indicator.h"
#include "test.h"

/* The annual keys and labels of spec/indicators.md, in order. */
static const struct {
	const char *key, *label;
	enum ind_type type;
} annual[] = {
    {"revenue", "营业收入", IND_MONEY},
    {"main_revenue", "主营业务收入", IND_MONEY},
    {"net_profit", "净利润", IND_MONEY},
    {"total_assets", "资产总额", IND_MONEY},
    {"total_liabilities", "负债总额", IND_MONEY},
    {"rd_expense", "研发费用", IND_MONEY},
    {"equity_financing", "当年新增股权融资(合格机构投资者实缴)", IND_MONEY},
    {"employees", "从业人员数", IND_PERSONS},
    {"rd_staff", "研发人员数", IND_PERSONS},
    {"ip_class1_high", "Ⅰ类高价值知识产权数", IND_COUNT},
    {"ip_class1_own", "自主研发Ⅰ类知识产权数", IND_COUNT},
    {"ip_class1", "Ⅰ类知识产权数(含以上两项)", IND_COUNT},
    {"ip_class2", "Ⅱ类知识产权数", IND_COUNT},
    {"digital_level", "数字化水平等级", IND_LEVEL},
    {"quality_award", "省级以上质量奖", IND_FLAG},
    {"quality_cert", "质量管理体系认证", IND_FLAG},
    {"own_brand", "拥有自主品牌", IND_FLAG},
    {"standard_setting", "主导或参与制(修)订标准", IND_FLAG},
    {"rd_institution", "研发机构级别", IND_LEVEL},
    {"product_field", "主导产品所属领域", IND_LEVEL},
    {"market_share", "主导产品国内细分市场占有率", IND_PERCENT},
    {"award", "当年获科技奖励", IND_LEVEL},
    {"award_rank", "获奖单位排名", IND_RANK},
    {"honour", "有效的高新技术企业等称号", IND_FLAG},
    {"maker_china", "当年\"创客中国\"全国名次", IND_LEVEL},
};

static void test_table(void)
{
	is_int(sizeof annual / sizeof annual[0], ANNUAL_KEY_COUNT, "25 annual keys");
	for (int i = 0; i < ANNUAL_KEY_COUNT; i++) {
		const struct indicator *ind = &annual_indicators[i];
		ok(strcmp(ind->key, annual[i].key) == 0 &&
		       strcmp(ind->label, annual[i].label) == 0 && ind->type == annual[i].type,
		   "annual %d: %s %s", i, annual[i].key, annual[i].label);
		is_int(
		    indicator_find(annual_indicators, ANNUAL_KEY_COUNT, strv_from(annual[i].key)),
		    i, "  found by key");
		is_int(
		    indicator_find(annual_indicators, ANNUAL_KEY_COUNT, strv_from(annual[i].label)),
		    i, "  found by label");
	}
	static const struct {
		const char *in;
		int want;
	} finds[] = {
	    {" REVENUE ", AK_REVENUE},
	    {"Ⅰ类知识产权数", AK_IP_CLASS1}, /* label without its qualifier */
	    {"当年新增股权融资", AK_EQUITY_FINANCING},
	    {"营业", -1},
	    {"", -1},
	    {"revenue_ytd", -1},
	};
	for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++)
		is_int(indicator_find(annual_indicators, ANNUAL_KEY_COUNT, strv_from(finds[i].in)),
		       finds[i].want, finds[i].in);
}

static void test_split(void)
{
	static const struct {
		const char *in, *name;
		int unit; /* -1: none */
	} cases[] = {
	    {"营业收入(万元)", "营业收入", MONEY_WANYUAN},
	    {"营业收入（元）", "营业收入", MONEY_YUAN},
	    {" 营业收入 （ 千元 ） ", "营业收入", MONEY_QIANYUAN},
	    {"revenue [千元]", "revenue", MONEY_QIANYUAN},
	    {"营业收入【亿元】", "营业收入", MONEY_YIYUAN},
	    {"营业收入〔万〕", "营业收入", MONEY_WANYUAN},
	    {"营业收入", "营业收入", -1},
	    {"Ⅰ类知识产权数(含以上两项)", "Ⅰ类知识产权数(含以上两项)", -1},
	    {"当年新增股权融资(合格机构投资者实缴)(千元)", "当年新增股权融资(合格机构投资者实缴)",
	     MONEY_QIANYUAN},
	    {"当年新增股权融资(合格机构投资者实缴)", "当年新增股权融资(合格机构投资者实缴)", -1},
	    {"主导产品国内细分市场占有率(%)", "主导产品国内细分市场占有率", -1},
	    {"从业人员数(人)", "从业人员数", -1},
	    {"主导或参与制(修)订标准", "主导或参与制(修)订标准", -1},
	    {"(万元)", "(万元)", -1},
	    {"", "", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strv name;
		enum money_unit unit = MONEY_UNIT_COUNT;
		bool has = true;
		indicator_split_header(strv_from(cases[i].in), &name, &unit, &has);
		bool want_unit = cases[i].unit >= 0;
		ok(strv_eq(name, cases[i].name) && has == want_unit &&
		       (!want_unit || (int)unit == cases[i].unit),
		   "header \"%s\" -> \"%s\" %s", cases[i].in, cases[i].name,
		   want_unit ? money_unit_name((enum money_unit)cases[i].unit) : "(no unit)");
		if (!strv_eq(name, cases[i].name))
			diag("got name \"%.*s\"", (int)name.n, name.p);
	}
	/* split then find: the four headers of the brief */
	static const struct {
		const char *header;
		int key;
	} chain[] = {
	    {"营业收入(万元)", AK_REVENUE},
	    {"营业收入（元）", AK_REVENUE},
	    {"Ⅰ类知识产权数(含以上两项)", AK_IP_CLASS1},
	    {"当年新增股权融资(合格机构投资者实缴)(千元)", AK_EQUITY_FINANCING},
	};
	for (size_t i = 0; i < sizeof chain / sizeof chain[0]; i++) {
		struct strv name;
		enum money_unit unit;
		bool has;
		indicator_split_header(strv_from(chain[i].header), &name, &unit, &has);
		is_int(indicator_find(annual_indicators, ANNUAL_KEY_COUNT, name), chain[i].key,
		       chain[i].header);
	}
}

static const struct {
	enum annual_key k;
	const char *in;
	enum money_unit unit;
	bool ok, present;
	int64_t v;
	const char *msg;
} value_cases[] = {
    /* money: 分, unit from the header unless the text names one */
    {AK_REVENUE, "1.5", MONEY_WANYUAN, true, true, 1500000, NULL},
    {AK_REVENUE, "1,500元", MONEY_WANYUAN, true, true, 150000, NULL},
    {AK_REVENUE, "2", MONEY_QIANYUAN, true, true, 200000, NULL},
    {AK_REVENUE, "", MONEY_WANYUAN, true, false, 0, NULL},
    {AK_REVENUE, "   ", MONEY_WANYUAN, true, false, 0, NULL},
    {AK_REVENUE, "-1", MONEY_WANYUAN, false, false, 0, "营业收入不能为负数"},
    {AK_REVENUE, "1.2E+5", MONEY_WANYUAN, false, false, 0,
     "金额 \"1.2E+5\" 是科学计数法,已丢失精度;请把单元格设为数值格式后重新导出"},
    {AK_NET_PROFIT, "-1.5", MONEY_WANYUAN, true, true, -1500000, NULL},
    {AK_NET_PROFIT, "(300)", MONEY_YUAN, true, true, -30000, NULL},
    /* persons and counts: non-negative integers */
    {AK_EMPLOYEES, "120", MONEY_WANYUAN, true, true, 120, NULL},
    {AK_EMPLOYEES, "1,200", MONEY_WANYUAN, true, true, 1200, NULL},
    {AK_EMPLOYEES, "12.0", MONEY_WANYUAN, true, true, 12, NULL},
    {AK_EMPLOYEES, "12.5", MONEY_WANYUAN, false, false, 0, "从业人员数 \"12.5\" 应为非负整数"},
    {AK_EMPLOYEES, "-3", MONEY_WANYUAN, false, false, 0, "从业人员数 \"-3\" 应为非负整数"},
    {AK_EMPLOYEES, "12,34", MONEY_WANYUAN, false, false, 0, "从业人员数 \"12,34\" 应为非负整数"},
    {AK_EMPLOYEES, "1,2,3", MONEY_WANYUAN, false, false, 0, "从业人员数 \"1,2,3\" 应为非负整数"},
    {AK_EMPLOYEES, "100000000", MONEY_WANYUAN, true, true, 100000000, NULL},
    {AK_EMPLOYEES, "100000001", MONEY_WANYUAN, false, false, 0,
     "从业人员数 \"100000001\" 应在 0-100000000 之间"},
    {AK_EMPLOYEES, "99999999999999999999", MONEY_WANYUAN, false, false, 0,
     "从业人员数 \"99999999999999999999\" 应为非负整数"},
    {AK_IP_CLASS2, "3", MONEY_WANYUAN, true, true, 3, NULL},
    {AK_IP_CLASS2, "三", MONEY_WANYUAN, false, false, 0, "Ⅱ类知识产权数 \"三\" 应为非负整数"},
    /* levels */
    {AK_DIGITAL_LEVEL, "0", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_DIGITAL_LEVEL, "4", MONEY_WANYUAN, true, true, 4, NULL},
    {AK_DIGITAL_LEVEL, "5", MONEY_WANYUAN, false, false, 0,
     "数字化水平等级 \"5\" 应为 0 未评测,1-4 为《中小企业数字化水平评测指标》等级"},
    {AK_RD_INSTITUTION, "3", MONEY_WANYUAN, true, true, 3, NULL},
    {AK_PRODUCT_FIELD, "3", MONEY_WANYUAN, false, false, 0,
     "主导产品所属领域 \"3\" 应为 0 无,1 六基/老字号/龙头配套,2 补短板、锻长板、填空白"},
    {AK_AWARD, "2", MONEY_WANYUAN, true, true, 2, NULL},
    {AK_MAKER_CHINA, "50", MONEY_WANYUAN, true, true, 50, NULL},
    {AK_MAKER_CHINA, "500", MONEY_WANYUAN, true, true, 500, NULL},
    {AK_MAKER_CHINA, "0", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_MAKER_CHINA, "100", MONEY_WANYUAN, false, false, 0,
     "当年\"创客中国\"全国名次 \"100\" 应为 0、50 或 500"},
    {AK_MAKER_CHINA, "501", MONEY_WANYUAN, false, false, 0,
     "当年\"创客中国\"全国名次 \"501\" 应为 0 无,50 全国50强,500 全国500强"},
    /* flags */
    {AK_OWN_BRAND, "是", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "否", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_OWN_BRAND, "有", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "无", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_OWN_BRAND, "Y", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "n", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_OWN_BRAND, "true", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "FALSE", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_OWN_BRAND, "√", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "×", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_OWN_BRAND, " 1 ", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_OWN_BRAND, "2", MONEY_WANYUAN, false, false, 0, "拥有自主品牌 \"2\" 应为 是/否 或 1/0"},
    {AK_OWN_BRAND, "maybe", MONEY_WANYUAN, false, false, 0,
     "拥有自主品牌 \"maybe\" 应为 是/否 或 1/0"},
    /* percent: hundredths of a percent */
    {AK_MARKET_SHARE, "12.5", MONEY_WANYUAN, true, true, 1250, NULL},
    {AK_MARKET_SHARE, "12.5%", MONEY_WANYUAN, true, true, 1250, NULL},
    {AK_MARKET_SHARE, "12.34％", MONEY_WANYUAN, true, true, 1234, NULL},
    {AK_MARKET_SHARE, "0", MONEY_WANYUAN, true, true, 0, NULL},
    {AK_MARKET_SHARE, "100", MONEY_WANYUAN, true, true, 10000, NULL},
    {AK_MARKET_SHARE, "100.01", MONEY_WANYUAN, false, false, 0,
     "主导产品国内细分市场占有率 \"100.01\" 应在 0-100 之间"},
    {AK_MARKET_SHARE, "12.345", MONEY_WANYUAN, false, false, 0,
     "主导产品国内细分市场占有率 \"12.345\" 应为百分数,最多两位小数"},
    {AK_MARKET_SHARE, "-1", MONEY_WANYUAN, false, false, 0,
     "主导产品国内细分市场占有率 \"-1\" 应为百分数,最多两位小数"},
    {AK_MARKET_SHARE, "%", MONEY_WANYUAN, false, false, 0,
     "主导产品国内细分市场占有率 \"%\" 应为百分数,最多两位小数"},
    /* rank */
    {AK_AWARD_RANK, "1", MONEY_WANYUAN, true, true, 1, NULL},
    {AK_AWARD_RANK, "1000", MONEY_WANYUAN, true, true, 1000, NULL},
    {AK_AWARD_RANK, "0", MONEY_WANYUAN, false, false, 0, "获奖单位排名 \"0\" 应在 1-1000 之间"},
    {AK_AWARD_RANK, "1001", MONEY_WANYUAN, false, false, 0,
     "获奖单位排名 \"1001\" 应在 1-1000 之间"},
    {AK_AWARD_RANK, "-1", MONEY_WANYUAN, false, false, 0, "获奖单位排名 \"-1\" 应为正整数"},
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
		const struct indicator *ind = &annual_indicators[value_cases[i].k];
		int64_t v = -777;
		bool present = !value_cases[i].present;
		struct app_err e = {0};
		enum app_status s = indicator_parse(ind, strv_from(value_cases[i].in),
		                                    value_cases[i].unit, &v, &present, &e);
		if (value_cases[i].ok) {
			ok(s == APP_OK && present == value_cases[i].present &&
			       (!present || v == value_cases[i].v),
			   "%s \"%s\" -> %s%lld", ind->key, value_cases[i].in,
			   value_cases[i].present ? "" : "missing ", (long long)value_cases[i].v);
			if (s != APP_OK)
				diag("%s", e.msg);
		} else {
			ok(s != APP_OK && !present && v == -777, "%s \"%s\" rejected", ind->key,
			   value_cases[i].in);
			is_str(e.msg, value_cases[i].msg, "  message");
		}
	}
}

static void test_format(void)
{
	static const struct {
		enum annual_key k;
		int64_t v;
		const char *out;
	} cases[] = {
	    {AK_REVENUE, 1500000, "1.5"},     {AK_REVENUE, 1, "0.000001"},
	    {AK_NET_PROFIT, -2000000, "-2"},  {AK_MARKET_SHARE, 1250, "12.5"},
	    {AK_MARKET_SHARE, 1234, "12.34"}, {AK_MARKET_SHARE, 1200, "12"},
	    {AK_MARKET_SHARE, 5, "0.05"},     {AK_MARKET_SHARE, 10000, "100"},
	    {AK_EMPLOYEES, 1200, "1200"},     {AK_OWN_BRAND, 1, "1"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[48];
		indicator_format(&annual_indicators[cases[i].k], cases[i].v, buf, sizeof buf);
		is_str(buf, cases[i].out, annual_indicators[cases[i].k].key);
	}
	/* formatting then parsing (money in 万元) gives the value back */
	int round = 0, total = 0;
	for (size_t i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
		if (!value_cases[i].ok || !value_cases[i].present)
			continue;
		const struct indicator *ind = &annual_indicators[value_cases[i].k];
		char buf[48];
		int64_t back = 0;
		bool present = false;
		indicator_format(ind, value_cases[i].v, buf, sizeof buf);
		total++;
		if (indicator_parse(ind, strv_from(buf), MONEY_WANYUAN, &back, &present, NULL) ==
		        APP_OK &&
		    present && back == value_cases[i].v)
			round++;
	}
	is_int(round, total, "format -> parse round-trips every accepted value");
	struct annual a = {0};
	ok(!annual_has(&a, AK_REVENUE), "missing is not zero");
	annual_set(&a, AK_REVENUE, 0);
	ok(annual_has(&a, AK_REVENUE) && a.v[AK_REVENUE] == 0 && !annual_has(&a, AK_MAKER_CHINA),
	   "a present zero");
	annual_set(&a, AK_MAKER_CHINA, 50);
	ok(annual_has(&a, AK_MAKER_CHINA), "the last key has its bit");
}

int main(void)
{
	test_table();
	test_split();
	test_parse();
	test_format();
	return test_done();
}
