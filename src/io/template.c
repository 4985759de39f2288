/* template.c - import templates: the data sheet, the notes sheet, lists. */
#include "template.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/str.h"
#include "core/district.h"
#include "core/enterprise.h"
#include "core/indicator.h"
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
	const char **districts, **zones;
	size_t ndistricts, nzones;
	size_t row; /* notes-sheet cursor */
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
	return false;
}

const char *template_sheet(enum template_kind k)
{
	return k == TEMPLATE_ENTERPRISES ? "企业名录" : "年度数据";
}

size_t template_columns(enum template_kind k)
{
	return k == TEMPLATE_ENTERPRISES ? (size_t)EF_COUNT : 2 + (size_t)ANNUAL_KEY_COUNT;
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

bool template_header(enum template_kind k, size_t i, char *out, size_t n)
{
	if (i >= template_columns(k))
		return false;
	if (k == TEMPLATE_ENTERPRISES) {
		snprintf(out, n, "%s", ent_fields[i].label);
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
	else
		annual_cols(&t);
	if ((st = xlsxw_create(path, &w, e)) != APP_OK)
		goto out;
	xlsxw_set_title(w, k == TEMPLATE_ENTERPRISES ? "企业名录导入模板" : "年度数据导入模板");
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
	return st;
}
