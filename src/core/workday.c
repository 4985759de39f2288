/* workday.c - the working-day calendar, loaded once from the embedded
 * data/holidays.tsv (see workday.h). */
#include "workday.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/tsv.h"

#define HOLIDAYS_FILE "data/holidays.tsv"

enum { WD_FIRST_YEAR = 1900, WD_YEARS = 300, WD_MAX_SPAN = 3660 };

/* One listed day: holiday or make-up working day. */
struct wd_day {
	int64_t day;
	bool work;        /* true: 调休上班; false: 放假 */
	const char *name; /* festival, in the arena */
};

static struct {
	struct wd_day *days; /* sorted by day, unique */
	size_t n, cap;
	bool covered[WD_YEARS];
	int first, last;
	struct arena arena;
} cal;
static pthread_once_t cal_once = PTHREAD_ONCE_INIT;

static const char *const cols[] = {"from", "to", "kind", "name", "source", "evidence"};
enum { HC_FROM, HC_TO, HC_KIND, HC_NAME, HC_SOURCE, HC_EVIDENCE, HC_COUNT };

static int cmp_day(const void *a, const void *b)
{
	int64_t x = ((const struct wd_day *)a)->day, y = ((const struct wd_day *)b)->day;
	return x < y ? -1 : x > y;
}

static bool parse_day(struct strv f, int64_t *day, int *year)
{
	char canon[11];
	int y, m, d;
	if (!str_to_date(f, canon) || !date_split(canon, &y, &m, &d))
		return false;
	*day = date_days(y, m, d);
	*year = y;
	return y >= WD_FIRST_YEAR && y < WD_FIRST_YEAR + WD_YEARS;
}

/* Adds the rows of one line; returns a message on a malformed line. */
static const char *add_row(const struct strv *f)
{
	int64_t from, to;
	int y1, y2;
	if (!parse_day(f[HC_FROM], &from, &y1) || !parse_day(f[HC_TO], &to, &y2))
		return "日期应为 YYYY-MM-DD";
	if (to < from || y1 != y2)
		return "to 应不早于 from 且在同一年";
	bool work = strv_eq(f[HC_KIND], "work");
	if (!work && !strv_eq(f[HC_KIND], "off"))
		return "kind 应为 off 或 work";
	if (f[HC_NAME].n == 0 || f[HC_SOURCE].n == 0)
		return "name 和 source 不能为空";
	const char *name = arena_strndup(&cal.arena, f[HC_NAME].p, f[HC_NAME].n);
	for (int64_t d = from; d <= to; d++) {
		int wd = date_weekday(d);
		if (work && wd < 5)
			return "调休上班日应为周六或周日";
		xgrow((void **)&cal.days, &cal.cap, cal.n + 1, sizeof *cal.days);
		cal.days[cal.n++] = (struct wd_day){d, work, name};
	}
	cal.covered[y1 - WD_FIRST_YEAR] = true;
	if (cal.first == 0 || y1 < cal.first)
		cal.first = y1;
	if (y1 > cal.last)
		cal.last = y1;
	return NULL;
}

static void load_once(void)
{
	const struct embedded_file *file = embed_find(HOLIDAYS_FILE);
	struct app_err e = {0};
	struct tsv_reader r;
	struct strv f[HC_COUNT];
	const char *bad = NULL;
	arena_init(&cal.arena);
	if (!file) {
		fprintf(stderr, "zjtx: 内置数据文件 %s 缺失\n", HOLIDAYS_FILE);
		abort();
	}
	tsv_init(&r, HOLIDAYS_FILE, file->data, file->len);
	if (tsv_expect_header(&r, cols, HC_COUNT, &e) != APP_OK)
		goto fail;
	while (!bad && tsv_row(&r, f, HC_COUNT, &e))
		bad = add_row(f);
	if (bad)
		app_err_set(&e, APP_EINVAL, "%s 第%ld行: %s", HOLIDAYS_FILE, r.line, bad);
	if (e.status != APP_OK)
		goto fail;
	qsort(cal.days, cal.n, sizeof *cal.days, cmp_day);
	for (size_t i = 1; i < cal.n; i++)
		if (cal.days[i].day == cal.days[i - 1].day) {
			app_err_set(&e, APP_EINVAL, "%s: 日期重复列出", HOLIDAYS_FILE);
			goto fail;
		}
	return;
fail:
	fprintf(stderr, "zjtx: 内置数据文件有误: %s\n", e.msg);
	abort();
}

void workday_init(void)
{
	pthread_once(&cal_once, load_once);
}

static const struct wd_day *find(int64_t day)
{
	size_t lo = 0, hi = cal.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal.days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal.n && cal.days[lo].day == day ? &cal.days[lo] : NULL;
}

enum workday_kind workday_kind_of(int64_t day, const char **name)
{
	workday_init();
	const struct wd_day *d = find(day);
	if (name)
		*name = d ? d->name : "";
	if (d)
		return d->work ? WD_MAKEUP : WD_HOLIDAY;
	return date_weekday(day) >= 5 ? WD_WEEKEND : WD_WORKDAY;
}

bool workday_is_working(int64_t day)
{
	enum workday_kind k = workday_kind_of(day, NULL);
	return k == WD_WORKDAY || k == WD_MAKEUP;
}

bool workday_covered(int year)
{
	workday_init();
	return year >= WD_FIRST_YEAR && year < WD_FIRST_YEAR + WD_YEARS &&
	       cal.covered[year - WD_FIRST_YEAR];
}

void workday_years(int *first, int *last)
{
	workday_init();
	*first = cal.first;
	*last = cal.last;
}

/* Day number of a canonical date. */
static bool day_of(const char *s, int64_t *day)
{
	int y, m, d;
	if (!s || !date_split(s, &y, &m, &d))
		return false;
	*day = date_days(y, m, d);
	return true;
}

static void note_year(int64_t day, bool *covered)
{
	int y, m, d;
	date_from_days(day, &y, &m, &d);
	if (!workday_covered(y))
		*covered = false;
}

bool workday_nth(const char *start, int n, char out[11], bool *covered)
{
	int64_t day;
	bool cov = true;
	out[0] = '\0';
	if (covered)
		*covered = true;
	if (n < 1 || n > WD_MAX_SPAN || !day_of(start, &day))
		return false;
	for (int seen = 0;; day++) {
		note_year(day, &cov);
		if (workday_is_working(day) && ++seen == n)
			break;
	}
	int y, m, d;
	date_from_days(day, &y, &m, &d);
	date_format(y, m, d, out);
	if (covered)
		*covered = cov;
	return true;
}

long workday_count(const char *from, const char *to, bool *covered)
{
	int64_t a, b;
	bool cov = true;
	long n = 0;
	if (covered)
		*covered = true;
	if (!day_of(from, &a) || !day_of(to, &b))
		return -1;
	for (int64_t day = a; day <= b; day++) {
		note_year(day, &cov);
		n += workday_is_working(day);
	}
	if (covered)
		*covered = cov;
	return n;
}
