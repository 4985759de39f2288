/* t_sizeclass.c - SME size classes (criteria.md §3).
 *
 * The thresholds below are typed from the criteria.md §3 table, not read
 * from data/sizeclass.tsv; the boundary cases are generated from this
 * table, so a wrong data file fails the test. Includes sizeclass.c to feed
 * the loader malformed tables. */
#include "../../src/core/sizeclass.c"

#include "test.h"

#define WAN 1000000LL /* 分 per 万元 */

/* 0 = the indicator is not used by that test. Persons and 万元. */
static const struct {
	int cat;
	const char *industry; /* a code that maps to the category */
	const char *name;
	int64_t ceil[3], medium[3], small[3]; /* employees, revenue, assets */
} table[] = {
    {1, "A01", "农、林、牧、渔业", {0, 20000, 0}, {0, 500, 0}, {0, 50, 0}},
    {2, "C3562", "工业", {1000, 40000, 0}, {300, 2000, 0}, {20, 300, 0}},
    {3, "E47", "建筑业", {0, 80000, 80000}, {0, 6000, 5000}, {0, 300, 300}},
    {4, "F51", "批发业", {200, 40000, 0}, {20, 5000, 0}, {5, 1000, 0}},
    {5, "F52", "零售业", {300, 20000, 0}, {50, 500, 0}, {10, 100, 0}},
    {6, "G54", "交通运输业", {1000, 30000, 0}, {300, 3000, 0}, {20, 200, 0}},
    {7, "G592", "仓储业", {200, 30000, 0}, {100, 1000, 0}, {20, 100, 0}},
    {8, "G60", "邮政业", {1000, 30000, 0}, {300, 2000, 0}, {20, 100, 0}},
    {9, "H61", "住宿业", {300, 10000, 0}, {100, 2000, 0}, {10, 100, 0}},
    {10, "H62", "餐饮业", {300, 10000, 0}, {100, 2000, 0}, {10, 100, 0}},
    {11, "I63", "信息传输业", {2000, 100000, 0}, {100, 1000, 0}, {10, 100, 0}},
    {12, "I65", "软件和信息技术服务业", {300, 10000, 0}, {100, 1000, 0}, {10, 50, 0}},
    {13, "K7010", "房地产开发经营", {0, 200000, 10000}, {0, 1000, 5000}, {0, 100, 2000}},
    {14, "K7020", "物业管理", {1000, 5000, 0}, {300, 1000, 0}, {100, 500, 0}},
    {15, "L72", "租赁和商务服务业", {300, 0, 120000}, {100, 0, 8000}, {10, 0, 100}},
    {16, "M73", "其他未列明行业", {300, 0, 0}, {100, 0, 0}, {10, 0, 0}},
};
#define NCAT (sizeof table / sizeof table[0])

static const char *const ind_names[3] = {"employees", "revenue", "assets"};

/* bound in stored units: persons, or 分 */
static int64_t stored(int k, int64_t v)
{
	return k == 0 ? v : v * WAN;
}

static void run_case(size_t t, const int64_t *v, enum size_class want, const char *what)
{
	struct size_input in = {0};
	bool used[3];
	for (int k = 0; k < 3; k++)
		used[k] = table[t].ceil[k] || table[t].medium[k] || table[t].small[k];
	/* unused indicators are left missing: that must not matter */
	in.has_employees = used[0];
	in.employees = v[0];
	in.has_revenue = used[1];
	in.revenue = v[1];
	in.has_assets = used[2];
	in.assets = v[2];
	struct size_result r;
	struct app_err e = {0};
	enum app_status s = sizeclass_classify(table[t].industry, &in, NULL, &r, &e);
	ok(s == APP_OK && r.cls == want && r.category == table[t].cat &&
	       strcmp(r.category_name, table[t].name) == 0 && r.missing[0] == '\0',
	   "cat %d %s: %s (emp %lld, rev %lld 分, assets %lld 分) -> %s", table[t].cat,
	   table[t].name, what, (long long)v[0], (long long)v[1], (long long)v[2],
	   sizeclass_key(want));
	if (s != APP_OK || r.cls != want)
		diag("got %s (%s) %s", sizeclass_key(r.cls), r.missing, e.msg);
}

/* At a test's bounds, and one unit (1 person, 1 分) below each bound in turn
 * with the others kept at theirs. */
static void boundary(size_t t, const int64_t *bound3, enum size_class at, enum size_class below,
                     const char *name)
{
	int64_t v[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++)
		v[k] = bound3[k] ? stored(k, bound3[k]) : 0;
	char what[96];
	snprintf(what, sizeof what, "all at the %s bounds", name);
	run_case(t, v, at, what);
	for (int k = 0; k < 3; k++) {
		if (!bound3[k])
			continue;
		int64_t w[3] = {v[0], v[1], v[2]};
		w[k] -= 1;
		snprintf(what, sizeof what, "%s one unit below the %s bound", ind_names[k], name);
		run_case(t, w, below, what);
	}
}

static void test_boundaries(void)
{
	is_int(NCAT, 16, "16 categories in the test table");
	for (size_t t = 0; t < NCAT; t++) {
		/* the table itself: the same indicators in every test, ceil > medium > small
		 * with room for one unit, so each case below has one right answer */
		bool sane = true;
		for (int k = 0; k < 3; k++) {
			bool u = table[t].ceil[k] || table[t].medium[k] || table[t].small[k];
			if (!u)
				continue;
			sane &= table[t].medium[k] > 0 && table[t].small[k] > 0 &&
			        table[t].small[k] < table[t].medium[k] &&
			        (!table[t].ceil[k] || table[t].medium[k] < table[t].ceil[k]);
		}
		ok(sane, "test table row %d is consistent", table[t].cat);
		/* ceiling points: an indicator without a ceiling stays at its medium bound */
		int64_t ceil_pt[3];
		for (int k = 0; k < 3; k++)
			ceil_pt[k] = table[t].ceil[k] ? table[t].ceil[k] : table[t].medium[k];
		int64_t v[3];
		for (int k = 0; k < 3; k++)
			v[k] = ceil_pt[k] ? stored(k, ceil_pt[k]) : 0;
		run_case(t, v, SIZE_LARGE, "at every ceiling");
		for (int k = 0; k < 3; k++) {
			if (!table[t].ceil[k])
				continue;
			int64_t w[3] = {v[0], v[1], v[2]};
			w[k] -= 1;
			char what[96];
			snprintf(what, sizeof what, "%s one unit below its ceiling", ind_names[k]);
			run_case(t, w, SIZE_MEDIUM, what);
		}
		boundary(t, table[t].medium, SIZE_MEDIUM, SIZE_SMALL, "medium");
		boundary(t, table[t].small, SIZE_SMALL, SIZE_MICRO, "small");
		int64_t zero[3] = {0, 0, 0};
		run_case(t, zero, SIZE_MICRO, "all zero");
	}
}

/* Worked cases, including missing inputs (criteria.md §3 and the issue). */
static const struct {
	const char *industry;
	bool he;
	int64_t emp;
	bool hr;
	int64_t rev_wan;
	bool ha;
	int64_t assets_wan;
	enum size_class want;
	const char *missing;
} worked[] = {
    /* 1200 employees, revenue 30000万: below the revenue ceiling, so SME (medium) */
    {"C35", true, 1200, true, 30000, false, 0, SIZE_MEDIUM, ""},
    {"C35", true, 1200, true, 40000, false, 0, SIZE_LARGE, ""},
    {"C35", true, 15, false, 0, false, 0, SIZE_MICRO, ""},
    {"C35", true, 19, false, 0, false, 0, SIZE_MICRO, ""},
    {"C35", true, 20, false, 0, false, 0, SIZE_UNKNOWN, "revenue"},
    {"C35", true, 500, false, 0, false, 0, SIZE_UNKNOWN, "revenue"},
    {"C35", true, 1200, false, 0, false, 0, SIZE_UNKNOWN, "revenue"},
    {"C35", false, 0, true, 299, false, 0, SIZE_MICRO, ""},
    {"C35", false, 0, true, 1000, false, 0, SIZE_UNKNOWN, "employees"},
    {"C35", false, 0, true, 50000, false, 0, SIZE_UNKNOWN, "employees"},
    {"C35", false, 0, false, 0, false, 0, SIZE_UNKNOWN, "employees,revenue"},
    {"A01", false, 0, true, 500, false, 0, SIZE_MEDIUM, ""}, /* employees unused */
    {"A01", true, 5, false, 0, false, 0, SIZE_UNKNOWN, "revenue"},
    {"E47", false, 0, true, 200, false, 0, SIZE_MICRO, ""}, /* < small 300 */
    {"E47", false, 0, true, 90000, false, 0, SIZE_UNKNOWN, "assets"},
    {"E47", true, 5000, true, 6000, true, 5000, SIZE_MEDIUM, ""}, /* employees unused */
    {"L72", false, 0, false, 0, true, 50, SIZE_MICRO, ""},        /* < small 100 */
    {"L72", true, 300, false, 0, false, 0, SIZE_UNKNOWN, "assets"},
    {"M73", false, 0, true, 99999, true, 99999, SIZE_UNKNOWN, "employees"},
    {"M73", true, 300, false, 0, false, 0, SIZE_LARGE, ""},
    {"K7010", false, 0, true, 50, false, 0, SIZE_MICRO, ""},
    {"G53", true, 299, false, 0, false, 0, SIZE_MEDIUM, ""},      /* railway -> 16 */
    {"G5910", true, 1000, true, 30000, false, 0, SIZE_LARGE, ""}, /* 装卸搬运 -> 6 */
};

static void test_worked(void)
{
	for (size_t i = 0; i < sizeof worked / sizeof worked[0]; i++) {
		struct size_input in = {worked[i].he, worked[i].emp,
		                        worked[i].hr, worked[i].rev_wan * WAN,
		                        worked[i].ha, worked[i].assets_wan * WAN};
		struct size_result r;
		struct app_err e = {0};
		enum app_status s = sizeclass_classify(worked[i].industry, &in, "2011-300", &r, &e);
		ok(s == APP_OK && r.cls == worked[i].want &&
		       strcmp(r.missing, worked[i].missing) == 0 &&
		       strcmp(r.version, "2011-300") == 0,
		   "%s emp %s%lld rev %s%lld万 assets %s%lld万 -> %s [%s]", worked[i].industry,
		   worked[i].he ? "" : "?", (long long)worked[i].emp, worked[i].hr ? "" : "?",
		   (long long)worked[i].rev_wan, worked[i].ha ? "" : "?",
		   (long long)worked[i].assets_wan, sizeclass_key(worked[i].want),
		   worked[i].missing);
		if (s != APP_OK || r.cls != worked[i].want)
			diag("got %s [%s] %s", sizeclass_key(r.cls), r.missing, e.msg);
	}
}

static void test_mapping(void)
{
	static const struct {
		const char *code;
		int cat;
		const char *msg;
	} cases[] = {
	    {"A01", 1, NULL},
	    {"A0511", 1, NULL},
	    {"B06", 2, NULL},
	    {"C3562", 2, NULL},
	    {"3562", 2, NULL},
	    {"c13", 2, NULL},
	    {"D4690", 2, NULL},
	    {"E47", 3, NULL},
	    {"E50", 3, NULL},
	    {"F51", 4, NULL},
	    {"F5212", 5, NULL},
	    {"G53", 16, NULL},
	    {"G5310", 16, NULL},
	    {"G54", 6, NULL},
	    {"G58", 6, NULL},
	    {"G591", 6, NULL},
	    {"G5910", 6, NULL},
	    {"G592", 7, NULL},
	    {"G5990", 7, NULL},
	    {"G60", 8, NULL},
	    {"H61", 9, NULL},
	    {"H62", 10, NULL},
	    {"I63", 11, NULL},
	    {"I64", 11, NULL},
	    {"I65", 12, NULL},
	    {"K701", 13, NULL},
	    {"K7010", 13, NULL},
	    {"K702", 14, NULL},
	    {"K7020", 14, NULL},
	    {"K703", 16, NULL},
	    {"K7090", 16, NULL},
	    {"L71", 15, NULL},
	    {"L72", 15, NULL},
	    {"M73", 16, NULL},
	    {"N76", 16, NULL},
	    {"O80", 16, NULL},
	    {"P83", 16, NULL},
	    {"Q84", 16, NULL},
	    {"Q85", 16, NULL},
	    {"R90", 16, NULL},
	    {"K70", 0, "行业代码 K70 不足以确定划型行业,需精确到3位数字"},
	    {"70", 0, "行业代码 K70 不足以确定划型行业,需精确到3位数字"},
	    {"G59", 0, "行业代码 G59 不足以确定划型行业,需精确到3位数字"},
	    {"J66", 0, "行业 J66(金融业)不适用中小企业划型标准"},
	    {"J6900", 0, "行业 J6900(金融业)不适用中小企业划型标准"},
	    {"S91", 0, "行业 S91(公共管理、社会保障和社会组织)不适用中小企业划型标准"},
	    {"T97", 0, "行业 T97(国际组织)不适用中小企业划型标准"},
	    {"99", 0, "不存在的行业大类 \"99\""},
	    {"D35", 0, "行业大类 35 属于门类 C,不属于 D"},
	    {"", 0, "行业代码格式应为门类字母加2-4位数字"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct app_err e = {0};
		int got = sizeclass_category(cases[i].code, &e);
		if (cases[i].msg) {
			ok(got == 0 && e.status == APP_EINVAL, "\"%s\" has no category",
			   cases[i].code);
			is_str(e.msg, cases[i].msg, "  message");
		} else {
			is_int(got, cases[i].cat, cases[i].code);
		}
	}
	struct app_err ne = {0};
	ok(sizeclass_category(NULL, &ne) == 0 && strcmp(ne.msg, "行业代码为空") == 0,
	   "NULL industry");
	struct size_input in = {true, 10, true, WAN, false, 0};
	struct size_result r;
	struct app_err e = {0};
	is_int(sizeclass_classify("J66", &in, NULL, &r, &e), APP_EINVAL, "classify J66 refused");
	ok(r.cls == SIZE_UNKNOWN && r.category == 0, "  result cleared");
	is_int(sizeclass_classify("C35", &in, "2099-1", &r, &e), APP_EINVAL, "unknown version");
	is_str(e.msg, "未知的划型标准版本 \"2099-1\"", "  message");
	static const char *const names[] = {"未知", "大型", "中型", "小型", "微型"};
	static const char *const keys[] = {"unknown", "large", "medium", "small", "micro"};
	for (int c = SIZE_UNKNOWN; c <= SIZE_MICRO; c++) {
		is_str(sizeclass_name((enum size_class)c), names[c], keys[c]);
		is_str(sizeclass_key((enum size_class)c), keys[c], names[c]);
	}
}

static void test_malformed(void)
{
	static const char thead[] =
	    "version\tcategory\tname\tceil_employees\tceil_revenue\tceil_assets\t"
	    "medium_employees\tmedium_revenue\tmedium_assets\tsmall_employees\tsmall_revenue\t"
	    "small_assets\tevidence\n";
	static const char mhead[] = "version\tmatch\tcategory\tnote\n";
	static const char tgood[] = "v\t16\t其他\t300\t-\t-\t100\t-\t-\t10\t-\t-\tx\n";
	static const char mall[] = "v\tA-T\t16\tx\n"; /* not a valid match */
	static const struct {
		const char *trows, *mrows, *msg;
	} cases[] = {
	    {"v\t17\t其他\t300\t-\t-\t100\t-\t-\t10\t-\t-\tx\n", "",
	     "data/sizeclass.tsv 第2行: 类别应为 1-16 \"17\""},
	    {"v\t16\t其他\t300\t-\t-\t100\t-\t-\t10\t5\t-\tx\n", "",
	     "data/sizeclass.tsv 第2行: 中型与小型的指标应相同 \"其他\""},
	    {"v\t16\t其他\t300\t-\t-\t10\t-\t-\t100\t-\t-\tx\n", "",
	     "data/sizeclass.tsv 第2行: 中型下限低于小型下限 \"其他\""},
	    {"v\t16\t其他\t-\t-\t-\t100\t-\t-\t10\t-\t-\tx\n", "",
	     "data/sizeclass.tsv 第2行: 缺少中小企业上限 \"其他\""},
	    {"v\t16\t其他\t3e2\t-\t-\t100\t-\t-\t10\t-\t-\tx\n", "",
	     "data/sizeclass.tsv 第2行: 阈值应为正数或 - \"3e2\""},
	    {tgood, mall,
	     "data/sizeclass_map.tsv 第2行: match 应为门类字母、2-4位数字或其范围 \"A-T\""},
	    {tgood, "v\t01-97\t15\tx\n", "data/sizeclass_map.tsv 第2行: 该版本没有此类别 \"15\""},
	    {tgood, "v\t01-50\t16\tx\nv\t50-97\t16\tx\n",
	     "data/sizeclass_map.tsv 第3行: 与前面的规则重叠 \"50-97\""},
	    {tgood, "v\t01-96\t16\tx\n", "data/sizeclass_map.tsv: 版本 v 没有行业 T97 的规则"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char t[1024], m[512];
		snprintf(t, sizeof t, "%s%s", thead, cases[i].trows);
		snprintf(m, sizeof m, "%s%s", mhead, cases[i].mrows);
		struct sizeclass_tables st = {0};
		struct app_err e = {0};
		is_int(tables_load(&st, t, strlen(t), m, strlen(m), &e), APP_EINVAL,
		       "malformed table refused");
		is_str(e.msg, cases[i].msg, "  message");
		arena_clear(&st.arena);
		free(st.cat);
		free(st.rule);
	}
}

int main(void)
{
	test_boundaries();
	test_worked();
	test_mapping();
	test_malformed();
	return test_done();
}
