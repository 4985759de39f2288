/* indicator.c - the key tables of indicators.md and typed value parsing. */
#include "indicator.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MONEY_MAX   INT64_MAX
#define PERSONS_MAX 100000000
#define COUNT_MAX   100000000

const struct indicator annual_indicators[ANNUAL_KEY_COUNT] = {
    [AK_REVENUE] = {"revenue", "营业收入", IND_MONEY, 0, MONEY_MAX, "上年度营业收入总额"},
    [AK_MAIN_REVENUE] = {"main_revenue", "主营业务收入", IND_MONEY, 0, MONEY_MAX,
                         "主营业务收入总额"},
    [AK_NET_PROFIT] = {"net_profit", "净利润", IND_MONEY, INT64_MIN + 1, MONEY_MAX,
                       "净利润,亏损填负数"},
    [AK_TOTAL_ASSETS] = {"total_assets", "资产总额", IND_MONEY, 0, MONEY_MAX, "年末资产总额"},
    [AK_TOTAL_LIABILITIES] = {"total_liabilities", "负债总额", IND_MONEY, 0, MONEY_MAX,
                              "年末负债总额"},
    [AK_RD_EXPENSE] = {"rd_expense", "研发费用", IND_MONEY, 0, MONEY_MAX, "研发费用总额"},
    [AK_EQUITY_FINANCING] = {"equity_financing", "当年新增股权融资(合格机构投资者实缴)", IND_MONEY,
                             0, MONEY_MAX, "合格机构投资者当年实缴的新增股权融资额"},
    [AK_EMPLOYEES] = {"employees", "从业人员数", IND_PERSONS, 0, PERSONS_MAX, "年末从业人员数(人)"},
    [AK_RD_STAFF] = {"rd_staff", "研发人员数", IND_PERSONS, 0, PERSONS_MAX, "研发人员数(人)"},
    [AK_IP_CLASS1_HIGH] = {"ip_class1_high", "Ⅰ类高价值知识产权数", IND_COUNT, 0, COUNT_MAX,
                           "与主导产品相关的Ⅰ类高价值知识产权(件)"},
    [AK_IP_CLASS1_OWN] = {"ip_class1_own", "自主研发Ⅰ类知识产权数", IND_COUNT, 0, COUNT_MAX,
                          "自主研发获得的Ⅰ类知识产权(件)"},
    [AK_IP_CLASS1] = {"ip_class1", "Ⅰ类知识产权数(含以上两项)", IND_COUNT, 0, COUNT_MAX,
                      "Ⅰ类知识产权总数,含高价值与自主研发(件)"},
    [AK_IP_CLASS2] = {"ip_class2", "Ⅱ类知识产权数", IND_COUNT, 0, COUNT_MAX,
                      "实用新型、外观设计、软件著作权(件)"},
    [AK_DIGITAL_LEVEL] = {"digital_level", "数字化水平等级", IND_LEVEL, 0, 4,
                          "0 未评测,1-4 为《中小企业数字化水平评测指标》等级"},
    [AK_QUALITY_AWARD] = {"quality_award", "省级以上质量奖", IND_FLAG, 0, 1, "是/否"},
    [AK_QUALITY_CERT] = {"quality_cert", "质量管理体系认证", IND_FLAG, 0, 1,
                         "是否通过 ISO9001 等质量管理体系认证"},
    [AK_OWN_BRAND] = {"own_brand", "拥有自主品牌", IND_FLAG, 0, 1, "是/否"},
    [AK_STANDARD_SETTING] = {"standard_setting", "主导或参与制(修)订标准", IND_FLAG, 0, 1, "是/否"},
    [AK_RD_INSTITUTION] = {"rd_institution", "研发机构级别", IND_LEVEL, 0, 4,
                           "0 无,1 市级以下,2 市级,3 省级,4 国家级"},
    [AK_PRODUCT_FIELD] = {"product_field", "主导产品所属领域", IND_LEVEL, 0, 2,
                          "0 无,1 六基/老字号/龙头配套,2 补短板、锻长板、填空白"},
    [AK_MARKET_SHARE] = {"market_share", "主导产品国内细分市场占有率", IND_PERCENT, 0, 10000,
                         "百分比,如 12.5"},
    [AK_AWARD] = {"award", "当年获科技奖励", IND_LEVEL, 0, 2, "0 无,1 省级,2 国家级"},
    [AK_AWARD_RANK] = {"award_rank", "获奖单位排名", IND_RANK, 1, 1000, "1 为第一完成单位"},
    [AK_HONOUR] = {"honour", "有效的高新技术企业等称号", IND_FLAG, 0, 1,
                   "高新技术企业、国家级技术创新示范企业、知识产权优势/示范企业"},
    [AK_MAKER_CHINA] = {"maker_china", "当年\"创客中国\"全国名次", IND_LEVEL, 0, 500,
                        "0 无,50 全国50强,500 全国500强"},
};

int indicator_find(const struct indicator *tab, size_t n, struct strv text)
{
	text = strv_trim(text);
	for (size_t i = 0; i < n; i++) {
		size_t kl = strlen(tab[i].key);
		if (text.n == kl && strncasecmp(text.p, tab[i].key, kl) == 0)
			return (int)i;
		if (strv_eq(text, tab[i].label))
			return (int)i;
	}
	/* a label given without its parenthesised qualifier: "Ⅰ类知识产权数" */
	for (size_t i = 0; i < n; i++) {
		const char *paren = strstr(tab[i].label, "(");
		if (paren && text.n == (size_t)(paren - tab[i].label) &&
		    memcmp(text.p, tab[i].label, text.n) == 0)
			return (int)i;
	}
	return -1;
}

/* Bracket pairs accepted around a unit: ASCII, full-width, CJK. */
static const char *const opens[] = {"(", "（", "[", "【", "〔"};
static const char *const closes[] = {")", "）", "]", "】", "〕"};

void indicator_split_header(struct strv header, struct strv *name, enum money_unit *unit,
                            bool *has_unit)
{
	struct strv h = strv_trim(header);
	*has_unit = false;
	*name = h;
	for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
		size_t cl = strlen(closes[i]), ol = strlen(opens[i]);
		if (h.n < ol + cl || memcmp(h.p + h.n - cl, closes[i], cl) != 0)
			continue;
		/* find the last matching opener */
		for (size_t j = h.n - cl; j-- > 0;) {
			if (j + ol <= h.n - cl && memcmp(h.p + j, opens[i], ol) == 0) {
				struct strv inner = {h.p + j + ol, h.n - cl - j - ol};
				struct strv before = strv_trim((struct strv){h.p, j});
				if (before.n == 0)
					break;
				/* keep qualifiers that are part of a label, e.g. "(含以上两项)" */
				if (money_unit_parse(inner, unit)) {
					*has_unit = true;
					*name = before;
				} else if (strv_eq(strv_trim(inner), "%") ||
				           strv_eq(strv_trim(inner), "人") ||
				           strv_eq(strv_trim(inner), "件") ||
				           strv_eq(strv_trim(inner), "个") ||
				           strv_eq(strv_trim(inner), "年")) {
					*name = before;
				}
				return;
			}
		}
	}
}

/* Parses [sign] digits [, groups] [. up to `decimals` digits] exactly into
 * value * 10^decimals. Thousands separators must separate groups of three
 * digits ("1,234"), as in money_parse. */
static bool parse_fixed(struct strv v, int decimals, bool allow_neg, int64_t *out)
{
	const char *p = v.p, *end = v.p + v.n;
	bool neg = false;
	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	if (neg && !allow_neg)
		return false;
	int64_t acc = 0;
	int nd = 0, fd = 0, group = -1; /* digits since the last ',' */
	bool point = false, sep = false;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			if (point && fd == decimals) {
				if (*p != '0')
					return false;
				continue;
			}
			if (acc > (INT64_MAX - 9) / 10)
				return false;
			acc = acc * 10 + (*p - '0');
			if (point) {
				fd++;
			} else {
				nd++;
				if (group >= 0)
					group++;
			}
		} else if (*p == ',' && !point) {
			if (nd == 0 || (group >= 0 && group != 3) || (group < 0 && nd > 3))
				return false;
			group = 0;
			sep = true;
		} else if (*p == '.' && !point) {
			point = true;
		} else {
			return false;
		}
	}
	if ((nd == 0 && fd == 0) || (sep && group != 3))
		return false;
	for (; fd < decimals; fd++) {
		if (acc > INT64_MAX / 10)
			return false;
		acc *= 10;
	}
	*out = neg ? -acc : acc;
	return true;
}

static bool parse_flag(struct strv v, int64_t *out)
{
	static const char *const yes[] = {"1",   "是",  "有",   "Y",    "y", "yes",
	                                  "Yes", "YES", "true", "TRUE", "√"};
	static const char *const no[] = {"0",  "否", "无",    "N",     "n", "no",
	                                 "No", "NO", "false", "FALSE", "×"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strv_eq(v, yes[i])) {
			*out = 1;
			return true;
		}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strv_eq(v, no[i])) {
			*out = 0;
			return true;
		}
	return false;
}

enum app_status indicator_parse(const struct indicator *ind, struct strv text, enum money_unit unit,
                                int64_t *out, bool *present, struct app_err *e)
{
	struct strv v = strv_trim(text);
	*present = false;
	if (v.n == 0)
		return APP_OK;
	int64_t x = 0;
	switch (ind->type) {
	case IND_MONEY: {
		enum app_status s = money_parse(v, unit, &x, e);
		if (s != APP_OK)
			return s;
		if (x < ind->min)
			return app_err_set(e, APP_EINVAL, "%s不能为负数", ind->label);
		break;
	}
	case IND_PERSONS:
	case IND_COUNT:
	case IND_RANK:
		if (!parse_fixed(v, 0, false, &x))
			return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应为%s整数", ind->label,
			                   (int)v.n, v.p, ind->type == IND_RANK ? "正" : "非负");
		break;
	case IND_LEVEL:
		if (!parse_fixed(v, 0, false, &x) || x < ind->min || x > ind->max)
			return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应为 %s", ind->label,
			                   (int)v.n, v.p, ind->note);
		if (strcmp(ind->key, "maker_china") == 0 && x != 0 && x != 50 && x != 500)
			return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应为 0、50 或 500",
			                   ind->label, (int)v.n, v.p);
		break;
	case IND_FLAG:
		if (!parse_flag(v, &x))
			return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应为 是/否 或 1/0",
			                   ind->label, (int)v.n, v.p);
		break;
	case IND_PERCENT: {
		struct strv num = v;
		if (num.n && num.p[num.n - 1] == '%')
			num = strv_trim((struct strv){num.p, num.n - 1});
		else if (num.n >= 3 && memcmp(num.p + num.n - 3, "％", 3) == 0)
			num = strv_trim((struct strv){num.p, num.n - 3});
		if (!parse_fixed(num, 2, false, &x))
			return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应为百分数,最多两位小数",
			                   ind->label, (int)v.n, v.p);
		break;
	}
	}
	if (x < ind->min || x > ind->max) {
		char lo[48], hi[48];
		indicator_format(ind, ind->min, lo, sizeof lo);
		indicator_format(ind, ind->max, hi, sizeof hi);
		return app_err_set(e, APP_EINVAL, "%s \"%.*s\" 应在 %s-%s 之间", ind->label,
		                   (int)v.n, v.p, lo, hi);
	}
	*out = x;
	*present = true;
	return APP_OK;
}

void indicator_format(const struct indicator *ind, int64_t v, char *buf, size_t n)
{
	switch (ind->type) {
	case IND_MONEY:
		money_format_exact(v, MONEY_WANYUAN, buf, n);
		return;
	case IND_PERCENT: {
		int64_t a = v < 0 ? -v : v;
		if (a % 100 == 0)
			snprintf(buf, n, "%s%" PRId64, v < 0 ? "-" : "", a / 100);
		else if (a % 10 == 0)
			snprintf(buf, n, "%s%" PRId64 ".%" PRId64, v < 0 ? "-" : "", a / 100,
			         a % 100 / 10);
		else
			snprintf(buf, n, "%s%" PRId64 ".%02" PRId64, v < 0 ? "-" : "", a / 100,
			         a % 100);
		return;
	}
	default:
		snprintf(buf, n, "%" PRId64, v);
	}
}

int annual_check(const struct annual *a, const char **msgs, int max)
{
	static const struct {
		enum annual_key small, big;
		const char *msg;
	} rules[] = {
	    {AK_MAIN_REVENUE, AK_REVENUE, "主营业务收入不能大于营业收入"},
	    {AK_RD_STAFF, AK_EMPLOYEES, "研发人员数不能大于从业人员数"},
	    {AK_IP_CLASS1_HIGH, AK_IP_CLASS1,
	     "Ⅰ类知识产权数(含以上两项)不能小于Ⅰ类高价值知识产权数"},
	    {AK_IP_CLASS1_OWN, AK_IP_CLASS1,
	     "Ⅰ类知识产权数(含以上两项)不能小于自主研发Ⅰ类知识产权数"},
	};
	int n = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (!annual_has(a, rules[i].small) || !annual_has(a, rules[i].big) ||
		    a->v[rules[i].small] <= a->v[rules[i].big])
			continue;
		if (n < max)
			msgs[n] = rules[i].msg;
		n++;
	}
	return n;
}
