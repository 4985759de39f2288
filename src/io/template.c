/* template.c - import templates: the data sheet, the notes sheet, lists. */
#include "template.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/monthly.h"
#include "io/xlsxw.h"

#define MIN_YEAR       1990
#define MAX_YEAR       2100
#define MAX_LEVEL_LIST 10 /* levels with a wider range get a number check, not a list */

static const char *const yes_no[] = {"是", "否"};
static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
/* 当年"创客中国"全国名次: only these three values are accepted (core/indicator) */
static const char *const maker_ranks[] = {"0", "50", "500"};

/* What the notes sheet says about one column. */
struct col_info {
	char header[160];
	const char *key;
	bool required;
	const char *kind; /* type and unit in words */
	const char *note;
	char example[64];
};

/* Everything a template is built from; lists point into static tables or
 * into the district catalogue. */
struct tpl {
	enum template_kind kind;
	size_t ncols;
	struct xlsxw_col *cols;
	struct col_info *info;
	const char **districts, **zones, **periods;
	size_t ndistricts, nzones, nperiods;
	char *period_text; /* the period list's strings, 8 bytes each */
	size_t row;        /* notes-sheet cursor */
};

bool template_parse(const char *name, enum template_kind *out)
{
	if (strcmp(name, "enterprises") == 0 || strcmp(name, "enterprise") == 0 ||
	    strcmp(name, "企业") == 0) {
		*out = TEMPLATE_ENTERPRISES;
		return true;
	}
	if (strcmp(name, "annual") == 0 || strcmp(name, "年度") == 0) {
		*out = TEMPLATE_ANNUAL;
		return true;
	}
	if (strcmp(name, "monthly") == 0 || strcmp(name, "月度") == 0 ||
	    strcmp(name, "月报") == 0) {
		*out = TEMPLATE_MONTHLY;
		return true;
	}
	return false;
}

const char *template_sheet(enum template_kind k)
{
	return k == TEMPLATE_ENTERPRISES ? "企业名录"
	       : k == TEMPLATE_ANNUAL    ? "年度数据"
	                                 : "月度数据";
}

size_t template_columns(enum template_kind k)
{
	switch (k) {
	case TEMPLATE_ENTERPRISES:
		return EF_COUNT;
	case TEMPLATE_ANNUAL:
		return 2 + (size_t)ANNUAL_KEY_COUNT;
	case TEMPLATE_MONTHLY:
		return 4 + (size_t)MK_COUNT;
	}
	return 0;
}

/* The unit an annual header carries; import's indicator_split_header
 * accepts each of them. */
static const char *ind_unit(enum ind_type t)
{
	switch (t) {
	case IND_MONEY:
		return "万元";
	case IND_PERSONS:
		return "人";
	case IND_COUNT:
		return "件";
	case IND_PERCENT:
		return "%";
	default:
		return NULL;
	}
}

static void monthly_header(size_t i, char *out, size_t n)
{
	if (i == 0)
		snprintf(out, n, "%s", ent_fields[EF_USCC].label);
	else if (i == 1)
		snprintf(out, n, "%s", ent_fields[EF_NAME].label);
	else if (i == 2)
		snprintf(out, n, "报告期");
	else if (i - 3 < MK_COUNT)
		snprintf(out, n, "%s(%s)", monthly_indicators[i - 3].label,
		         monthly_indicators[i - 3].type == IND_MONEY ? "万元" : "人");
	else
		snprintf(out, n, "%s", MONTHLY_NOTE_LABEL);
}

bool template_header(enum template_kind k, size_t i, char *out, size_t n)
{
	if (i >= template_columns(k))
		return false;
	if (k == TEMPLATE_ENTERPRISES) {
		snprintf(out, n, "%s", ent_fields[i].label);
	} else if (k == TEMPLATE_MONTHLY) {
		monthly_header(i, out, n);
	} else if (i == 0) {
		snprintf(out, n, "%s", ent_fields[EF_USCC].label);
	} else if (i == 1) {
		snprintf(out, n, "年度");
	} else {
		const struct indicator *ind = &annual_indicators[i - 2];
		const char *u = ind_unit(ind->type);
		if (u)
			snprintf(out, n, "%s(%s)", ind->label, u);
		else
			snprintf(out, n, "%s", ind->label);
	}
	return true;
}

/* ---- building the column definitions ---- */

static void load_lists(struct tpl *t)
{
	district_init();
	size_t nd = district_count(), nz = zone_count();
	t->districts = xcalloc(nd + 1, sizeof *t->districts);
	for (size_t i = 0; i < nd; i++) {
		const struct district *d = district_at(i);
		const struct district *succ =
		    d->successor[0] ? district_find(strv_from(d->successor)) : NULL;
		/* in force today, or merged into a unit whose code is not yet
		 * published (then firms keep the old unit: core/enterprise.h) */
		if (!d->valid_to[0] || (succ && succ->provisional))
			t->districts[t->ndistricts++] = d->name;
	}
	t->zones = xcalloc(nz + 1, sizeof *t->zones);
	for (size_t i = 0; i < nz; i++)
		t->zones[t->nzones++] = zone_at(i)->name;
}

static void enterprise_cols(struct tpl *t)
{
	static const char *const examples[EF_COUNT] = {
	    [EF_USCC] = "91500000MA5U7TQX18",
	    [EF_NAME] = "重庆某某精密机械有限公司",
	    [EF_DISTRICT] = "渝北区",
	    [EF_ZONE] = "两江新区",
	    [EF_INDUSTRY] = "C3562",
	    [EF_EMERGING] = "2",
	    [EF_FOUNDED] = "2015-03-01",
	    [EF_NICHE_SINCE] = "2016",
	    [EF_CONTACT] = "张三",
	    [EF_PHONE] = "023-12345678",
	};
	for (size_t i = 0; i < EF_COUNT; i++) {
		struct xlsxw_col *c = &t->cols[i];
		struct col_info *in = &t->info[i];
		template_header(t->kind, i, in->header, sizeof in->header);
		in->key = ent_fields[i].key;
		in->required = ent_fields[i].required;
		in->note = ent_fields[i].note;
		snprintf(in->example, sizeof in->example, "%s", examples[i]);
		c->header = in->header;
		c->note = in->note;
		c->type = XW_TEXT; /* "@": codes keep leading zeros and all 18 characters */
		in->kind = "文本";
		switch ((enum ent_field)i) {
		case EF_USCC:
			c->width = 22;
			break;
		case EF_NAME:
			c->width = 36;
			break;
		case EF_DISTRICT:
			c->choices = t->districts;
			c->nchoices = t->ndistricts;
			in->kind = "下拉选择";
			break;
		case EF_ZONE:
			c->choices = t->zones;
			c->nchoices = t->nzones;
			in->kind = "下拉选择,可空";
			break;
		case EF_EMERGING:
			c->type = XW_INT;
			c->choices = digits + 1;
			c->nchoices = 9;
			in->kind = "整数 1-9";
			c->width = 20;
			break;
		case EF_FOUNDED:
			c->type = XW_DATE;
			in->kind = "日期";
			break;
		case EF_NICHE_SINCE:
			c->type = XW_INT;
			c->int_range = true;
			c->min = 1949;
			c->max = MAX_YEAR;
			in->kind = "年份";
			c->width = 18;
			break;
		case EF_PHONE:
			c->width = 16;
			break;
		default:
			break;
		}
	}
}

static const char *annual_kind(const struct indicator *ind)
{
	switch (ind->type) {
	case IND_MONEY:
		return "金额,万元(表头可改为 元/千元/亿元)";
	case IND_PERSONS:
		return "人数,非负整数";
	case IND_COUNT:
		return "件数,非负整数";
	case IND_LEVEL:
		return "等级代码";
	case IND_FLAG:
		return "是/否";
	case IND_PERCENT:
		return "百分数,如 12.5 或 12.5%";
	case IND_RANK:
		return "名次,正整数";
	}
	return "";
}

static void annual_example(const struct indicator *ind, char *out, size_t n)
{
	switch (ind->type) {
	case IND_MONEY:
		snprintf(out, n, "%s", ind->min < 0 ? "-35.5" : "1234.56");
		break;
	case IND_PERSONS:
		snprintf(out, n, "120");
		break;
	case IND_COUNT:
		snprintf(out, n, "3");
		break;
	case IND_FLAG:
		snprintf(out, n, "是");
		break;
	case IND_PERCENT:
		snprintf(out, n, "12.5");
		break;
	case IND_LEVEL:
		snprintf(out, n, "%" PRId64, ind->max);
		break;
	default:
		snprintf(out, n, "%" PRId64, ind->min > 0 ? ind->min : 1);
		break;
	}
}

static void annual_cols(struct tpl *t)
{
	struct col_info *in = &t->info[0];
	template_header(t->kind, 0, in->header, sizeof in->header);
	in->key = ent_fields[EF_USCC].key;
	in->required = true;
	in->kind = "文本";
	in->note = ent_fields[EF_USCC].note;
	snprintf(in->example, sizeof in->example, "91500000MA5U7TQX18");
	t->cols[0] = (struct xlsxw_col){
	    .header = in->header, .type = XW_TEXT, .width = 22, .note = in->note};
	in = &t->info[1];
	template_header(t->kind, 1, in->header, sizeof in->header);
	in->key = "year";
	in->required = true;
	in->kind = "年份";
	in->note = "数据所属的会计年度,四位数字";
	snprintf(in->example, sizeof in->example, "2024");
	t->cols[1] = (struct xlsxw_col){.header = in->header,
	                                .type = XW_INT,
	                                .note = in->note,
	                                .int_range = true,
	                                .min = MIN_YEAR,
	                                .max = MAX_YEAR};
	for (size_t k = 0; k < ANNUAL_KEY_COUNT; k++) {
		const struct indicator *ind = &annual_indicators[k];
		struct xlsxw_col *c = &t->cols[k + 2];
		in = &t->info[k + 2];
		template_header(t->kind, k + 2, in->header, sizeof in->header);
		in->key = ind->key;
		in->kind = annual_kind(ind);
		in->note = ind->note;
		annual_example(ind, in->example, sizeof in->example);
		c->header = in->header;
		c->note = ind->note;
		switch (ind->type) {
		case IND_MONEY:
			c->type = XW_MONEY;
			break;
		case IND_PERCENT:
			c->type = XW_NUMBER;
			break; /* 12.5 and 12.5% both read right */
		case IND_FLAG:
			c->type = XW_TEXT;
			c->choices = yes_no;
			c->nchoices = 2;
			break;
		case IND_LEVEL:
			c->type = XW_INT;
			if (strcmp(ind->key, "maker_china") == 0) {
				c->choices = maker_ranks;
				c->nchoices = 3;
			} else if (ind->max - ind->min <= MAX_LEVEL_LIST && ind->min >= 0) {
				c->choices = digits + ind->min;
				c->nchoices = (size_t)(ind->max - ind->min + 1);
			} else {
				c->int_range = true;
				c->min = ind->min;
				c->max = ind->max;
			}
			break;
		default:
			c->type = XW_INT;
			c->int_range = true;
			c->min = ind->min;
			c->max = ind->max;
			break;
		}
	}
}

/* ---- the monthly template ---- */

enum { TEMPLATE_PERIODS = 24 }; /* reporting periods offered in the drop-down list */

/* The last TEMPLATE_PERIODS months that have ended (UTC today), newest
 * first, as "YYYY-MM" into t->periods. */
static void load_periods(struct tpl *t)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int last = monthly_period(tm.tm_year + 1900, tm.tm_mon + 1) - 1;
	t->period_text = xcalloc(TEMPLATE_PERIODS, 8);
	t->periods = xcalloc(TEMPLATE_PERIODS, sizeof *t->periods);
	for (int i = 0; i < TEMPLATE_PERIODS; i++) {
		monthly_period_format(last - i, t->period_text + 8 * i);
		t->periods[t->nperiods++] = t->period_text + 8 * i;
	}
}

/* Rules a filer must know, as extra rows of the notes sheet (after the
 * columns). */
static const char *const monthly_rules_text[][2] = {
    {"填报口径", "金额均为 1 月至本月的累计数(从业人员为期末人数),单位万元;表头括号内的单位可改为 "
                 "元、千元、亿元"},
    {"1—2月", "1 月与 2 月合并报送时,1—2 月的累计数按 2 月报告期填写,不单独报 1 月"},
    {"报送期限", "次月 10 日前报送(以系统设置为准);逾期报送计入逾期"},
    {"错误", "非数值、负数(利润可为负)、未结束的报告期、未登记的企业、同一企业同一报告期重复的行:"
             "整个文件不导入"},
    {"警告", "累计值小于上月、疑似单位错误(相差约 10、1000、10000 倍)、利润率异常、人数变动超过 "
             "50%:核实后在导入时填写确认原因"},
    {"更正", "已报送月份再次导入:数值相同则跳过;不同则需填写更正原因,原版本保留"},
};
enum { MONTHLY_RULES = sizeof monthly_rules_text / sizeof monthly_rules_text[0] };

static void monthly_cols(struct tpl *t)
{
	static const char *const examples[MK_COUNT] = {"12345.67", "11800", "-35.5", "420.3",
	                                               "860",      "0",     "238"};
	load_periods(t);
	for (size_t i = 0; i < t->ncols; i++) {
		struct xlsxw_col *c = &t->cols[i];
		struct col_info *in = &t->info[i];
		template_header(t->kind, i, in->header, sizeof in->header);
		c->header = in->header;
		c->type = XW_TEXT;
		if (i == 0) {
			in->key = ent_fields[EF_USCC].key;
			in->required = true;
			in->kind = "文本";
			in->note = ent_fields[EF_USCC].note;
			snprintf(in->example, sizeof in->example, "91500000MA5U7TQX18");
			c->width = 22;
		} else if (i == 1) {
			in->key = "name";
			in->kind = "文本,可空";
			in->note = "便于核对,导入时不读取(以统一社会信用代码为准)";
			snprintf(in->example, sizeof in->example, "重庆某某精密机械有限公司");
			c->width = 32;
		} else if (i == 2) {
			in->key = "period";
			in->required = true;
			in->kind = "下拉选择,YYYY-MM";
			in->note = "报告期(年-月),如 2025-10;1—2月合并报送填 2 月";
			snprintf(in->example, sizeof in->example, "%s",
			         t->nperiods ? t->periods[0] : "2025-10");
			c->choices = t->periods;
			c->nchoices = t->nperiods;
			c->width = 12;
		} else if (i - 3 < MK_COUNT) {
			const struct indicator *ind = &monthly_indicators[i - 3];
			in->key = ind->key;
			in->note = ind->note;
			snprintf(in->example, sizeof in->example, "%s", examples[i - 3]);
			if (ind->type == IND_MONEY) {
				c->type = XW_MONEY;
				in->kind = ind->min < 0 ? "金额,万元,可为负" : "金额,万元";
			} else {
				c->type = XW_INT;
				c->int_range = true;
				c->min = ind->min;
				c->max = ind->max;
				in->kind = "人数,非负整数";
			}
		} else {
			in->key = MONTHLY_NOTE_KEY;
			in->kind = "文本,可空";
			in->note = "本月生产经营、订单情况及数据异常的说明";
			snprintf(in->example, sizeof in->example, "新增海外订单,产能利用率 85%%");
			c->width = 40;
		}
		c->note = in->note;
	}
}

/* ---- writing ---- */

static enum app_status no_rows(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)ctx, (void)row, (void)e;
	return APP_ENOTFOUND;
}

static enum app_status note_row(void *ctx, struct xlsxw_value *row, struct app_err *e)
{
	(void)e;
	struct tpl *t = ctx;
	if (t->kind == TEMPLATE_MONTHLY && t->row >= t->ncols &&
	    t->row < t->ncols + MONTHLY_RULES) {
		const char *const *r = monthly_rules_text[t->row++ - t->ncols];
		row[0] = (struct xlsxw_value){.present = true, .s = r[0]};
		row[4] = (struct xlsxw_value){.present = true, .s = r[1]};
		return APP_OK;
	}
	if (t->row >= t->ncols)
		return APP_ENOTFOUND;
	const struct col_info *in = &t->info[t->row++];
	const char *vals[] = {
	    in->header, in->key, in->required ? "是" : "否", in->kind, in->note ? in->note : "",
	    in->example};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
		row[i] = (struct xlsxw_value){.present = true, .s = vals[i]};
	return APP_OK;
}

static const struct xlsxw_col note_cols[] = {
    {.header = "列名", .type = XW_TEXT, .width = 36},
    {.header = "字段代码", .type = XW_TEXT, .width = 18},
    {.header = "是否必填", .type = XW_TEXT, .width = 10},
    {.header = "类型与单位", .type = XW_TEXT, .width = 30},
    {.header = "填写说明", .type = XW_TEXT, .width = 60},
    {.header = "示例", .type = XW_TEXT, .width = 26},
};

enum app_status template_write(enum template_kind k, const char *path, struct app_err *e)
{
	struct tpl t = {.kind = k, .ncols = template_columns(k)};
	struct xlsxw *w = NULL;
	enum app_status st;
	t.cols = xcalloc(t.ncols, sizeof *t.cols);
	t.info = xcalloc(t.ncols, sizeof *t.info);
	load_lists(&t);
	if (k == TEMPLATE_ENTERPRISES)
		enterprise_cols(&t);
	else if (k == TEMPLATE_ANNUAL)
		annual_cols(&t);
	else
		monthly_cols(&t);
	if ((st = xlsxw_create(path, &w, e)) != APP_OK)
		goto out;
	char title[64];
	snprintf(title, sizeof title, "%s导入模板", template_sheet(k));
	xlsxw_set_title(w, title);
	if ((st = xlsxw_table(w, template_sheet(k), t.cols, t.ncols, no_rows, NULL, NULL, e)) !=
	        APP_OK ||
	    (st = xlsxw_table(w, "填写说明", note_cols, sizeof note_cols / sizeof note_cols[0],
	                      note_row, &t, NULL, e)) != APP_OK) {
		xlsxw_abort(w);
		goto out;
	}
	st = xlsxw_close(w, e);
out:
	free(t.cols);
	free(t.info);
	free(t.districts);
	free(t.zones);
	free(t.periods);
	free(t.period_text);
	return st;
}
