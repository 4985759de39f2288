/* t_rule_lang.c - the criteria language front end: compile errors with
 * their positions, limits, number literals and units, includes. */
#include <string.h>

#include "base/buf.h"
#include "rule_host.h"
#include "test.h"

struct err_case {
	const char *src;
	int line, col;
	const char *msg; /* a substring of the message */
};

static const struct err_case errors[] = {
    {"require a \"a\" = x >= 1000", 1, 19, "金额不能与不带单位的数比较"},
    {"require a \"a\" = x +", 1, 20, "这里应为表达式,却遇到 文件结尾"},
    {"require a \"a\" = (x", 1, 19, "应为 ')'"},
    {"def d = d", 1, 5, "循环定义"},
    {"require a \"a\" = zz > 1", 1, 17, "未定义的名称 'zz'"},
    {"require a \"a\" = revenu > 1", 1, 17, "未定义的名称 'revenu'"},
    {"def revenue = 1\nrequire a \"a\" = revenu > 1", 2, 17, "是否是 'revenue'"},
    {"require a \"a\" = x@-3 > 0万元", 1, 17, "只有本期及之前 2 期"},
    {"require a \"a\" = 1 < 2 < 3", 1, 23, "比较不能连写"},
    {"require a \"a\" = x >= 5万元，", 1, 25, "全角字符 '，'"},
    {"require a \"a\" = x > p", 1, 19, "不能比较金额和人数"},
    {"require a \"a\" = lv + 1 > 2", 1, 17, "等级"},
    {"require a \"a\" = f > 0", 1, 19, "只能用 == 或 !="},
    {"indicator i \"i\" max 5 = bands x { ~ 1万元: 0, 2万元 ~: 5 }", 1, 45,
     "上一档的上限 1万元,不能留空"},
    {"indicator i \"i\" max 5 = bands x { ~ 1万元: 0, 1万元 ~: 5, 0.5万元 ~ 2万元: 3 }", 1, 55,
     "重叠"},
    {"indicator i \"i\" max 5 = bands x { 1万元 ~ : 5 }", 1, 35, "最低一档应不设下限"},
    {"indicator i \"i\" max 5 = bands x { ~ 1万元 : 5 }", 1, 35, "最高一档应不设上限"},
    {"indicator i \"i\" max 5 = bands n { ~ 1 : 0, 0 ~ : 1, 2 ~ : 3 }", 1, 44,
     "上一档的上限 1,不能重叠"},
    {"indicator i \"i\" max 5 = bands n { ~ 1 : 0, 1 ~ : 1, 2 ~ : 3 }", 1, 53,
     "上一档的上限 (不设上限)"},
    {"indicator i \"i\" max 5 = bands x { ~ y: 0, y ~: 1 }", 1, 37, "分档界限必须是常量"},
    {"indicator i \"i\" max 5 = bands x { 2万元 ~ 1万元: 0 }", 1, 35, "下限应小于上限"},
    {"require a \"a\" = x >= \"s\"", 1, 22, "这里应为表达式"},
    {"require a \"a\" = x >= 1万元 then", 1, 26, "这里应为声明"},
    {"require a \"a\"", 1, 14, "'=' 和表达式"},
    {"group g \"g\"", 1, 7, "缺少 max"},
    {"indicator i \"i\" = 1", 1, 11, "缺少 max"},
    {"indicator i \"i\" max 5 group h = 1", 1, 11, "没有用 group 声明"},
    {"group gg \"g\" max 5", 1, 7, "没有任何指标"},
    {"require x \"a\" = true", 1, 9, "与数据项重名"},
    {"require a \"a\" = true\nrequire a \"b\" = false", 2, 9, "重复声明(上次在 t.zc:1)"},
    {"def score = 1", 1, 5, "保留名称"},
    {"require a \"a\" = min(x)", 1, 17, "require 的表达式应为条件"},
    {"require a \"a\" = foo(1)", 1, 17, "未知的函数 'foo'"},
    {"require a \"a\" = max > 1", 1, 17, "'max' 是函数"},
    {"require a \"a\" = x(1) > 0", 1, 17, "'x' 不是函数"},
    {"require a \"a\" = sum_over(x, 0) > 0万元", 1, 29, "期数"},
    {"require a \"a\" = x@1 > 0万元", 1, 19, "期数偏移只能是 0 或负数"},
    {"pass = 1", 1, 8, "pass 的表达式应为条件"},
    {"require a \"a\" = if f then 1 else true", 1, 34, "各分支的值类型应一致"},
    {"require a \"a\" = if f then true", 1, 31, "必须有 else"},
    {"use \"nosuch\"", 1, 5, "找不到 use 的文件"},
    {"criteria \"a\" edges \"[]\"", 1, 20, "edges 只能是"},
    {"criteria \"a\" effective 2022-13-01", 1, 24, "日期不存在"},
    {"criteria \"a\"\ncriteria \"b\"", 2, 1, "只能写一次"},
    {"require a \"a\" = x >= 1.0000000000000001万元", 1, 22, "数字位数过多"},
    {"require a \"a\" = x >= 1万元 and ! f", 1, 30, "'!' 只能用于 '!='"},
    {"review r \"r\" = true", 1, 14, "这里应为声明"},
    {"review r \"r\"\nrequire a \"a\" = r", 2, 17, "需人工审核"},
    {"param k = x", 1, 7, "参数 'k' 的值必须是常量"},
    {"require a \"a\" = 3%", 1, 17, "应为条件"},
    {"require a \"a\" = x in {1万元, 2}", 1, 19, "金额不能与不带单位的数比较"},
    {"require a \"a\" = x ~ 1", 1, 19, "这里应为声明"},
    {"require a \"a\" = f and \"中文\"", 1, 23, "这里应为表达式"},
    {"def 中 = 1", 1, 5, "字符 '中'"},
    {"require a \"a = true", 1, 11, "字符串没有结束的引号"},
    {"require a \"中文标签\" = zz", 1, 20, "未定义的名称 'zz'"},
    {"require a \"a\" = b\nrequire b \"b\" = a", 2, 17, "循环引用"},
    {"require a \"a\" = requirements", 1, 17, "循环引用"},
    {"require a \"a\" = true\nrequire b \"b\" = a@-1", 2, 17, "不能使用期数偏移"},
    {"def d \"d\" unit \"人\" = x", 1, 5, "unit \"人\" 与 d 的值(金额)不符"},
    {"def d \"d\" unit \"kg\" = x", 1, 5, "unit 只能是"},
    {"require a \"a\" = x / p > 1万元", 1, 19, "金额除以人数没有意义"},
    {"require a \"a\" = x * y > 1万元", 1, 19, "金额乘以金额没有意义"},
    {"require a \"a\" = x + p > 1万元", 1, 19, "不能把金额与人数相加减"},
    {"require a \"a\" = count(x) > 1", 1, 23, "count 的参数应为条件"},
    {"require a \"a\" = sqrt(x) > 1万元", 1, 17, "sqrt 的参数应为不带单位的数"},
    {"require a \"a\" = {1, 2}", 1, 17, "集合"},
    {"require a \"a\" = 2022-01-01", 1, 17, "日期只能写在"},
    {"indicator i \"i\" max 5 = x", 1, 25, "指标分值应为不带单位的数"},
    {"require a \"a\" = cases { f : true }", 1, 34, "最后一行应为 else"},
    {"require a \"a\" = x >= 1万元 % 2", 1, 26, "'%' 只能紧跟在数字后面"},
    {"require a \"a\" = 5x > 1", 1, 18, "数字后不能紧跟字母"},
    {"require a \"a\" = f and\n\n  (x >= 1万元 or y)", 3, 16, "or 的右边应为条件"},
    {"use \"bad\"", 3, 1, "这里应为表达式"},
    {"require a \"a\" = x\x01", 1, 18, "不能识别的字符"},
    {"require a \"a\" = \"\xff\"", 1, 17, "UTF-8"},
};

static void test_errors(void)
{
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		const struct err_case *c = &errors[i];
		struct rule_host h = test_host(NULL, 0);
		struct rule_program *p = NULL;
		struct rule_error e;
		enum app_status s = rule_compile(&h, "t.zc", c->src, strlen(c->src), &p, &e);
		bool pos = s != APP_OK && e.line == c->line && e.col == c->col;
		bool msg = s != APP_OK && strstr(e.message, c->msg) != NULL;
		ok(pos && msg && p == NULL, "error %zu at %d:%d: %s", i, c->line, c->col, c->msg);
		if (!(pos && msg))
			diag("got status %d at %d:%d: %s", s, e.line, e.col, e.message);
		rule_free(p);
	}
}

static void test_format(void)
{
	struct rule_host h = test_host(NULL, 0);
	struct rule_program *p = NULL;
	struct rule_error e;
	char buf[600];
	const char *src = "require a \"a\" = x >= 1000";
	rule_compile(&h, "srdi.zc", src, strlen(src), &p, &e);
	rule_error_format(&e, buf, sizeof buf);
	is_str(buf, "srdi.zc:1:19: 金额不能与不带单位的数比较,请写明单位,如 1000万元",
	       "error formats as FILE:LINE:COL: message");
	src = "use \"bad\"";
	rule_compile(&h, "main.zc", src, strlen(src), &p, &e);
	is_str(e.file, "bad", "an error in a used file names that file");
}

/* Every MAX_RULE_* limit fails cleanly with APP_ETOOLARGE. */
static void test_limits(void)
{
	struct rule_host h = test_host(NULL, 0);
	struct rule_program *p = NULL;
	struct rule_error e;
	struct buf b;
	buf_init(&b, (size_t)MAX_RULE_LEN * 2);

	buf_puts(&b, "require a \"a\" = ");
	for (int i = 0; i <= MAX_RULE_DEPTH; i++)
		buf_putc(&b, '(');
	buf_puts(&b, "true");
	for (int i = 0; i <= MAX_RULE_DEPTH; i++)
		buf_putc(&b, ')');
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "nesting limit");
	ok(strstr(e.message, "嵌套超过") != NULL, "nesting message: %s", e.message);

	buf_reset(&b);
	buf_puts(&b, "require a \"a\" = ");
	for (int i = 0; i < MAX_RULE_DEPTH - 2; i++)
		buf_putc(&b, '(');
	buf_puts(&b, "true");
	for (int i = 0; i < MAX_RULE_DEPTH - 2; i++)
		buf_putc(&b, ')');
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_OK,
	       "nesting just under the limit");
	rule_free(p);

	buf_reset(&b);
	buf_puts(&b, "require a \"a\" = not not not not not not not not not not not not not");
	for (int i = 0; i < MAX_RULE_DEPTH; i++)
		buf_puts(&b, " not");
	buf_puts(&b, " true");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "unary nesting limit");

	buf_reset(&b);
	while (b.len <= MAX_RULE_LEN)
		buf_puts(&b, "# padding padding padding padding padding padding padding\n");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "file length limit");

	buf_reset(&b);
	buf_puts(&b, "require a \"");
	for (int i = 0; i <= MAX_RULE_STRING; i++)
		buf_putc(&b, 's');
	buf_puts(&b, "\" = true");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "string limit");

	buf_reset(&b);
	buf_puts(&b, "def ");
	for (int i = 0; i <= MAX_RULE_NAME; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, " = 1");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "name limit");

	buf_reset(&b);
	buf_puts(&b, "indicator i \"i\" max 5 = bands n { ~ 0 : 0");
	for (int i = 0; i < MAX_RULE_BANDS; i++)
		buf_printf(&b, ", %d ~ %d : 1", i, i + 1);
	buf_puts(&b, ", 1000 ~ : 2 }");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "bands rows limit");

	buf_reset(&b);
	buf_puts(&b, "require a \"a\" = max(1");
	for (int i = 0; i < MAX_RULE_ARGS; i++)
		buf_puts(&b, ", 1");
	buf_puts(&b, ") > 0");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_ETOOLARGE, "arguments limit");

	/* a chain of defs each using the one before twice: memoised, not 2^n */
	buf_reset(&b);
	buf_puts(&b, "def d0 = x\n");
	for (int i = 1; i < 60; i++)
		buf_printf(&b, "def d%d = d%d + d%d\n", i, i - 1, i - 1);
	buf_puts(&b, "require a \"a\" = d59 >= 0万元\n");
	is_int(rule_compile(&h, "t.zc", b.p, b.len, &p, &e), APP_OK, "doubling def chain compiles");
	ok(p && rule_size(p) < 200, "and stays small (%zu instructions)", p ? rule_size(p) : 0);
	rule_free(p);
	buf_free(&b);
}

struct lit_case {
	const char *cond; /* right side of x >= ... etc. */
	const char *yes;  /* inputs that satisfy it */
	const char *no;   /* inputs that do not */
};

/* Literals convert exactly: money to 元 here (money_exp10 = 4), percent
 * to a fraction, at both sides of each threshold. */
static const struct lit_case literals[] = {
    {"x >= 1.5万元", "x=15000", "x=14999"},
    {"x >= 123.45万元", "x=1234500", "x=1234499"},
    {"x >= 1亿元", "x=100000000", "x=99999999"},
    {"x >= 500元", "x=500", "x=499"},
    {"x >= 3千元", "x=3000", "x=2999"},
    {"x >= 0.01元", "x=1", "x=0"},
    {"x >= 1 万元", "x=10000", "x=9999"},
    {"x ≥ 1万元", "x=10000", "x=9999"},
    {"x > 1万元", "x=10001", "x=10000"},
    {"x ≤ 1万元", "x=10000", "x=10001"},
    {"x < 1万元", "x=9999", "x=10000"},
    {"x != 1万元", "x=9999", "x=10000"},
    {"x ≠ 1万元", "x=10001", "x=10000"},
    {"x == 1万元", "x=10000", "x=10001"},
    {"pct >= 12.5%", "pct=1250", "pct=1249"},
    {"pct >= 12.5％", "pct=1250", "pct=1249"},
    {"p >= 50人", "p=50", "p=49"},
    {"q / p >= 50%", "q=25 p=50", "q=24 p=50"},
    {"x / y >= 3%", "x=3 y=100", "x=2999999 y=100000000"},
    {"year - since + 1年 >= 3年", "since=2022", "since=2023"},
    {"n >= -2", "n=-2", "n=-3"},
    {"-n <= 2", "n=-2", "n=-3"},
    {"n * 3 >= 6", "n=2", "n=1"},
    {"6 <= 3 * n", "n=2", "n=1"},
    {"n / 2 >= 1.5", "n=3", "n=2"},
    {"n - 1 >= 1", "n=2", "n=1"},
    {"1 - n <= -1", "n=2", "n=1"},
    {"x - x@-1 >= 1万元", "x=30000 x@-1=20000", "x=29999 x@-1=20000"},
    {"(x + y) / 2 >= 1万元", "x=5000 y=15000", "x=5000 y=14999"},
    {"lv >= 3", "lv=3", "lv=2"},
    {"lv in {1, 3}", "lv=3", "lv=2"},
    {"lv in {1, 3, 1}", "lv=1", "lv=0"},
    {"n in {0.5, 2}", "n=2", "n=1"},
    {"f", "f=1", "f=0"},
    {"f == true", "f=1", "f=0"},
    {"f != g", "f=1 g=0", "f=1 g=1"},
    {"not f", "f=0", "f=1"},
    {"f and g or not f", "f=0 g=0", "f=1 g=0"},
    {"f or g and false", "f=1 g=1", "f=0 g=1"},
    {"not f and g", "f=0 g=1", "f=1 g=1"},
    {"count(f, g, true) >= 2", "f=1 g=0", "f=0 g=0"},
    {"min(n, 5) >= 5", "n=7", "n=4"},
    {"max(n, 5) > 5", "n=7", "n=4"},
    {"abs(n) >= 3", "n=-3", "n=2"},
    {"floor(n / 2) >= 2", "n=4", "n=3"},
    {"ceil(n / 2) >= 2", "n=3", "n=2"},
    {"round(n / 2) >= 2", "n=3", "n=2"},
    {"round(n / 4) >= 1", "n=2", "n=1"},
    {"sqrt(n) >= 3", "n=9", "n=8"},
    {"mean(x, y) >= 1万元", "x=10000 y=10000", "x=10000 y=9999"},
    {"sum_over(x, 3) >= 3万元", "x=10000 x@-1=10000 x@-2=10000", "x=10000 x@-1=10000 x@-2=9999"},
    {"mean_over(x, 2) >= 1万元", "x=5000 x@-1=15000", "x=5000 x@-1=14999"},
    {"any_over(f, 3)", "f=0 f@-1=0 f@-2=1", "f=0 f@-1=0 f@-2=0"},
    {"all_over(f, 2)", "f=1 f@-1=1", "f=1 f@-1=0"},
    {"(n < 3) == f", "n=1 f=1", "n=5 f=1"},
    {"(x - x@-1)@-1 >= 1万元", "x@-1=20000 x@-2=10000", "x@-1=19999 x@-2=10000"},
    {"year@-2 == 2022年 and n > 0", "n=1", "n=0"},
    {"if f then x >= 1万元 else y >= 1万元", "f=1 x=10000 y=0", "f=0 x=10000 y=0"},
    {"(if f then n elif g then n + 1 else n + 2) >= 3", "f=0 g=0 n=1", "f=0 g=1 n=1"},
    {"cases { f : n >= 1, g : n >= 2, else : n >= 3, }", "f=0 g=1 n=2", "f=0 g=1 n=1"},
};

static void test_literals(void)
{
	for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
		char src[512];
		snprintf(src, sizeof src, "require a \"a\" = %s", literals[i].cond);
		struct rule_program *p = test_compile(src);
		ok(p != NULL, "compiles: %s", literals[i].cond);
		if (!p)
			continue;
		is_int(test_truth(test_eval(p, "a", literals[i].yes)), 1, literals[i].yes);
		is_int(test_truth(test_eval(p, "a", literals[i].no)), 0, literals[i].no);
		rule_free(p);
	}
}

static void test_includes(void)
{
	struct rule_program *p = test_compile("use \"lib\"\nuse \"lib\"\n"
	                                      "require a \"a\" = dx * k >= 2万元");
	ok(p != NULL, "use twice loads once; names from a used file resolve");
	if (p) {
		is_int(test_truth(test_eval(p, "a", "x=30000 x@-1=20000")), 1, "lib def and param");
		is_int(test_truth(test_eval(p, "a", "x=29999 x@-1=20000")), 0,
		       "lib def, other side");
		rule_free(p);
	}
	p = test_compile("use \"lib\"\nparam k \"本文件的系数\" = 3\n"
	                 "require a \"a\" = dx * k >= 3万元");
	ok(p != NULL, "a param of the main file overrides the used file's");
	if (p) {
		is_int(test_truth(test_eval(p, "a", "x=20000 x@-1=10000")), 1,
		       "overridden param is 3");
		rule_free(p);
	}
	p = test_compile("use \"self\"\nrequire a \"a\" = s1 == 1");
	ok(p != NULL, "a file that uses itself is loaded once");
	rule_free(p);
	struct rule_host h = test_host(NULL, 0);
	h.include = NULL;
	struct rule_error e;
	const char *src = "use \"lib\"";
	is_int(rule_compile(&h, "t.zc", src, strlen(src), &p, &e), APP_EINVAL,
	       "no include callback: use fails");
}

static void test_header(void)
{
	const char *src = "# 标题\ncriteria \"测试标准\"\n  source \"某文件 附件9\"\n"
	                  "  effective 2022-08-01\n  until 2025-12-31\n  edges \"(]\"\n"
	                  "require a \"条件甲\" clause \"第1条\" = true\n"
	                  "route r \"直通\" clause \"第2条\" = false\n"
	                  "review v \"人工\" clause \"第3条\"\n"
	                  "group gg \"组\" max 10 min 4\n"
	                  "indicator i \"指标\" group gg max 6 clause \"第4条\" = 6\n"
	                  "indicator j \"指标二\" max 3 = 1\n";
	struct rule_program *p = test_compile(src);
	ok(p != NULL, "full header compiles");
	if (!p)
		return;
	const struct rule_info *info = rule_info(p);
	is_str(info->title, "测试标准", "title");
	is_str(info->source, "某文件 附件9", "source");
	is_str(info->effective, "2022-08-01", "effective");
	is_str(info->until, "2025-12-31", "until");
	is_str(info->edges, "(]", "edges");
	is_int((long)rule_item_count(p), 8, "6 declared items + score + pass");
	const struct rule_item *it = rule_item(p, (size_t)rule_item_find(p, "a"));
	ok(it && it->kind == RULE_REQUIRE && strcmp(it->label, "条件甲") == 0 &&
	       strcmp(it->clause, "第1条") == 0,
	   "require item with label and clause");
	it = rule_item(p, (size_t)rule_item_find(p, "gg"));
	ok(it && it->kind == RULE_GROUP && it->max == 10 && it->has_min && it->min == 4,
	   "group max and min");
	it = rule_item(p, (size_t)rule_item_find(p, "i"));
	ok(it && it->kind == RULE_INDICATOR && it->max == 6 && it->group == rule_item_find(p, "gg"),
	   "indicator in its group");
	it = rule_item(p, (size_t)rule_item_find(p, "score"));
	ok(it && it->kind == RULE_SCORE && it->max == 13, "score max is the groups' and "
	                                                  "ungrouped indicators' caps (10 + 3)");
	is_int(rule_item_find(p, "pass"), 7, "pass is last");
	is_int(test_truth(test_eval(p, "v", "")), -1, "a review item is always unknown");
	rule_free(p);
}

int main(void)
{
	test_errors();
	test_format();
	test_limits();
	test_literals();
	test_includes();
	test_header();
	return test_done();
}
