/* industry.c - GB/T 4754-2017 sections and divisions, loaded once from the
 * embedded data/industries.tsv (see industry.h). */
#include "industry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/mem.h"
#include "base/tsv.h"

#define INDUSTRIES_FILE "data/industries.tsv"
#define NDIV_CODES      100 /* division codes are two digits */

struct industry_tables {
	struct industry_section sec[26]; /* in file order */
	size_t nsec;
	struct industry_division div[NDIV_CODES]; /* in file order */
	size_t ndiv;
	signed char sec_of_letter[26]; /* index into sec, -1 if none */
	signed char div_of_code[NDIV_CODES];
	struct arena arena;
};

static struct industry_tables tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static const char *const cols[] = {"type", "code", "name", "in", "evidence"};
enum { IC_TYPE, IC_CODE, IC_NAME, IC_IN, IC_EVIDENCE, IC_COUNT };

/* Two ASCII digits -> 0..99, or -1. */
static int two_digits(const char *p, size_t n)
{
	if (n != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static enum app_status bad_row(struct app_err *e, const struct tsv_reader *r, const char *what,
                               struct strv v)
{
	e->line = r->line;
	return app_err_set(e, APP_EINVAL, "%s 第%ld行: %s \"%.*s\"", r->name, r->line, what,
	                   (int)v.n, v.p);
}

static enum app_status section_row(struct industry_tables *t, const struct tsv_reader *r,
                                   const struct strv *f, struct app_err *e)
{
	struct strv c = f[IC_CODE], in = f[IC_IN];
	if (c.n != 1 || c.p[0] < 'A' || c.p[0] > 'Z' || t->sec_of_letter[c.p[0] - 'A'] >= 0)
		return bad_row(e, r, "门类代码应为不重复的大写字母", c);
	int first = in.n == 5 && in.p[2] == '-' ? two_digits(in.p, 2) : -1;
	int last = in.n == 5 ? two_digits(in.p + 3, 2) : -1;
	if (first < 1 || last < first)
		return bad_row(e, r, "门类的大类范围应为 NN-NN", in);
	struct industry_section *s = &t->sec[t->nsec];
	s->letter = c.p[0];
	s->name = arena_strndup(&t->arena, f[IC_NAME].p, f[IC_NAME].n);
	s->first = first;
	s->last = last;
	t->sec_of_letter[c.p[0] - 'A'] = (signed char)t->nsec++;
	return APP_OK;
}

static enum app_status division_row(struct industry_tables *t, const struct tsv_reader *r,
                                    const struct strv *f, struct app_err *e)
{
	int code = two_digits(f[IC_CODE].p, f[IC_CODE].n);
	if (code < 1 || t->div_of_code[code] >= 0)
		return bad_row(e, r, "大类代码应为不重复的两位数字", f[IC_CODE]);
	struct strv in = f[IC_IN];
	int si =
	    in.n == 1 && in.p[0] >= 'A' && in.p[0] <= 'Z' ? t->sec_of_letter[in.p[0] - 'A'] : -1;
	if (si < 0)
		return bad_row(e, r, "大类所属门类未定义(门类行须在前)", in);
	const struct industry_section *s = &t->sec[si];
	if (code < s->first || code > s->last)
		return bad_row(e, r, "大类不在所属门类的范围内", f[IC_CODE]);
	if (f[IC_NAME].n == 0)
		return bad_row(e, r, "名称为空", f[IC_NAME]);
	struct industry_division *d = &t->div[t->ndiv];
	d->section = s->letter;
	d->code = arena_strndup(&t->arena, f[IC_CODE].p, 2);
	d->name = arena_strndup(&t->arena, f[IC_NAME].p, f[IC_NAME].n);
	t->div_of_code[code] = (signed char)t->ndiv++;
	return APP_OK;
}

/* Every division of every section's range must be listed. */
static enum app_status check_ranges(const struct industry_tables *t, struct app_err *e)
{
	for (size_t i = 0; i < t->nsec; i++)
		for (int c = t->sec[i].first; c <= t->sec[i].last; c++)
			if (t->div_of_code[c] < 0)
				return app_err_set(e, APP_EINVAL, "%s: 门类 %c 缺少大类 %02d",
				                   INDUSTRIES_FILE, t->sec[i].letter, c);
	return APP_OK;
}

/* Reads the table into t (zero-initialised by the caller); e must not be
 * NULL. */
static enum app_status tables_load(struct industry_tables *t, const char *text, size_t len,
                                   struct app_err *e)
{
	struct tsv_reader r;
	struct strv f[IC_COUNT];
	enum app_status s;
	memset(t->sec_of_letter, -1, sizeof t->sec_of_letter);
	memset(t->div_of_code, -1, sizeof t->div_of_code);
	arena_init(&t->arena);
	tsv_init(&r, INDUSTRIES_FILE, text, len);
	if ((s = tsv_expect_header(&r, cols, IC_COUNT, e)) != APP_OK)
		return s;
	while (tsv_row(&r, f, IC_COUNT, e)) {
		if (strv_eq(f[IC_TYPE], "S"))
			s = section_row(t, &r, f, e);
		else if (strv_eq(f[IC_TYPE], "D"))
			s = division_row(t, &r, f, e);
		else
			s = bad_row(e, &r, "type 应为 S 或 D", f[IC_TYPE]);
		if (s != APP_OK)
			return s;
	}
	if (e->status != APP_OK)
		return e->status;
	if (t->nsec == 0)
		return app_err_set(e, APP_EINVAL, "%s: 没有门类", INDUSTRIES_FILE);
	return check_ranges(t, e);
}

static void load_once(void)
{
	const struct embedded_file *f = embed_find(INDUSTRIES_FILE);
	struct app_err e = {0};
	if (!f) {
		fprintf(stderr, "zjtx: 内置数据文件 %s 缺失\n", INDUSTRIES_FILE);
		abort();
	}
	if (tables_load(&tab, f->data, f->len, &e) != APP_OK) {
		fprintf(stderr, "zjtx: 内置数据文件有误: %s\n", e.msg);
		abort();
	}
}

void industry_init(void)
{
	pthread_once(&tab_once, load_once);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

enum app_status industry_parse(struct strv text, char out[6], struct app_err *e)
{
	industry_init();
	struct strv v = strv_trim(text);
	char letter = 0;
	if (v.n && upper(v.p[0]) >= 'A' && upper(v.p[0]) <= 'Z') {
		letter = upper(v.p[0]);
		v.p++;
		v.n--;
	}
	bool digits = v.n >= 2 && v.n <= 4;
	for (size_t i = 0; digits && i < v.n; i++)
		digits = is_digit(v.p[i]);
	if (!digits)
		return app_err_set(e, APP_EINVAL, "行业代码格式应为门类字母加2-4位数字");
	int code = two_digits(v.p, 2);
	if (tab.div_of_code[code] < 0)
		return app_err_set(e, APP_EINVAL, "不存在的行业大类 \"%.2s\"", v.p);
	char section = tab.div[tab.div_of_code[code]].section;
	if (letter && letter != section)
		return app_err_set(e, APP_EINVAL, "行业大类 %.2s 属于门类 %c,不属于 %c", v.p,
		                   section, letter);
	out[0] = section;
	memcpy(out + 1, v.p, v.n);
	out[1 + v.n] = '\0';
	return APP_OK;
}

const struct industry_division *industry_division(const char *code)
{
	char canon[6];
	if (!code || industry_parse(strv_from(code), canon, NULL) != APP_OK)
		return NULL;
	return &tab.div[tab.div_of_code[two_digits(canon + 1, 2)]];
}

const struct industry_section *industry_section(char letter)
{
	industry_init();
	letter = upper(letter);
	if (letter < 'A' || letter > 'Z' || tab.sec_of_letter[letter - 'A'] < 0)
		return NULL;
	return &tab.sec[tab.sec_of_letter[letter - 'A']];
}

size_t industry_division_count(void)
{
	industry_init();
	return tab.ndiv;
}

const struct industry_division *industry_division_at(size_t i)
{
	industry_init();
	return i < tab.ndiv ? &tab.div[i] : NULL;
}

size_t industry_section_count(void)
{
	industry_init();
	return tab.nsec;
}

const struct industry_section *industry_section_at(size_t i)
{
	industry_init();
	return i < tab.nsec ? &tab.sec[i] : NULL;
}

bool industry_is_industrial(const char *code)
{
	const struct industry_division *d = industry_division(code);
	if (!d)
		return false;
	int c = two_digits(d->code, 2);
	return c >= 6 && c <= 46;
}
