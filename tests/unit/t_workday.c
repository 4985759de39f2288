/* t_workday.c - the working-day calendar: holidays, 调休 make-up days,
 * coverage, n-th working day and counts, with hand-checked dates. */
#include <string.h>

#include "base/str.h"
#include "core/flow.h"
#include "core/workday.h"
#include "test.h"

static int64_t day(const char *s)
{
	int y, m, d;
	date_split(s, &y, &m, &d);
	return date_days(y, m, d);
}

static void test_kinds(void)
{
	static const struct {
		const char *date;
		enum workday_kind want;
		const char *name;
	} cases[] = {
	    {"2026-11-27", WD_WORKDAY, ""}, /* Friday */
	    {"2026-11-28", WD_WEEKEND, ""}, /* Saturday, today in the brief */
	    {"2026-10-01", WD_HOLIDAY, "国庆节"},
	    {"2026-10-07", WD_HOLIDAY, "国庆节"},
	    {"2026-10-08", WD_WORKDAY, ""},
	    {"2026-10-10", WD_MAKEUP, "国庆节"}, /* Saturday worked */
	    {"2026-09-20", WD_MAKEUP, "国庆节"}, /* Sunday worked */
	    {"2026-01-03", WD_HOLIDAY, "元旦"},  /* a Saturday inside the holiday */
	    {"2026-01-04", WD_MAKEUP, "元旦"},
	    {"2026-02-14", WD_MAKEUP, "春节"},
	    {"2026-02-23", WD_HOLIDAY, "春节"}, /* Monday, last day */
	    {"2026-02-24", WD_WORKDAY, ""},
	    {"2025-01-28", WD_HOLIDAY, "春节"}, /* 除夕, a holiday from 2025 */
	    {"2024-02-09", WD_WORKDAY, ""},     /* 除夕 2024 stayed a working day */
	    {"2024-02-18", WD_MAKEUP, "春节"},
	    {"2025-10-08", WD_HOLIDAY, "国庆节、中秋节"},
	    {"2025-10-11", WD_MAKEUP, "国庆节、中秋节"},
	    {"2024-06-10", WD_HOLIDAY, "端午节"},
	    {"2027-01-01", WD_WORKDAY, ""}, /* 2027 not listed: a plain Friday */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *name = NULL;
		enum workday_kind k = workday_kind_of(day(cases[i].date), &name);
		ok(k == cases[i].want && strcmp(name, cases[i].name) == 0, "%s is kind %d \"%s\"",
		   cases[i].date, cases[i].want, cases[i].name);
	}
	ok(workday_is_working(day("2026-10-10")), "make-up Saturday is working");
	ok(!workday_is_working(day("2026-10-09") + 2), "an ordinary Sunday is not");
}

static void test_coverage(void)
{
	ok(workday_covered(2024) && workday_covered(2025) && workday_covered(2026),
	   "2024-2026 covered");
	ok(!workday_covered(2023) && !workday_covered(2027), "2023 and 2027 not covered");
	int a, b;
	workday_years(&a, &b);
	ok(a == 2024 && b == 2026, "years 2024..2026");
}

static void test_nth(void)
{
	static const struct {
		const char *start;
		int n;
		const char *want;
		bool covered;
	} cases[] = {
	    {"2026-11-30", 5, "2026-12-04", true}, /* Monday: plain week */
	    {"2026-11-28", 1, "2026-11-30", true}, /* Saturday → Monday */
	    {"2026-11-28", 5, "2026-12-04", true},
	    {"2026-09-24", 5, "2026-10-08", true},  /* 中秋 + 国庆 skipped */
	    {"2026-09-18", 5, "2026-09-23", true},  /* Sunday 09-20 worked */
	    {"2026-10-09", 5, "2026-10-14", true},  /* Saturday 10-10 worked */
	    {"2026-02-13", 2, "2026-02-14", true},  /* Friday, then make-up Saturday */
	    {"2026-02-14", 2, "2026-02-24", true},  /* 春节 9 days */
	    {"2025-01-24", 3, "2025-01-27", true},  /* Fri, Sun 01-26 worked, Mon */
	    {"2025-09-26", 5, "2025-10-09", true},  /* Fri 26, Sun 28 worked, 29, 30, Thu 10-09 */
	    {"2024-04-03", 2, "2024-04-07", true},  /* 清明 04-04..06, Sunday 04-07 worked */
	    {"2026-12-28", 5, "2027-01-01", false}, /* runs into 2027: not covered */
	    {"2023-05-29", 5, "2023-06-02", false}, /* Chongqing 2023 notice, 2023 not listed */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[11];
		bool cov = !cases[i].covered;
		bool got = workday_nth(cases[i].start, cases[i].n, out, &cov);
		ok(got && strcmp(out, cases[i].want) == 0 && cov == cases[i].covered,
		   "%d working days from %s end %s (covered %d)", cases[i].n, cases[i].start,
		   cases[i].want, cases[i].covered);
		if (got && strcmp(out, cases[i].want) != 0)
			diag("got %s", out);
	}
	char out[11];
	ok(!workday_nth("2026-02-30", 1, out, NULL) && out[0] == '\0', "bad date refused");
	ok(!workday_nth("2026-02-01", 0, out, NULL), "n = 0 refused");
	ok(!workday_nth("2026-02-01", 3661, out, NULL), "n over the limit refused");
	ok(workday_nth("2026-02-01", 3660, out, NULL), "n at the limit accepted");
}

static void test_count(void)
{
	bool cov;
	is_int(workday_count("2026-09-24", "2026-10-08", &cov), 5, "5 working days 09-24..10-08");
	ok(cov, "covered");
	is_int(workday_count("2026-10-01", "2026-10-07", NULL), 0, "golden week: none");
	is_int(workday_count("2026-10-08", "2026-10-10", NULL), 3, "Thu, Fri, make-up Sat");
	/* 2026: 261 weekdays; 19 of them are holidays (元旦 2, 春节 6, 清明 1, 劳动节 3,
	 * 端午 1, 中秋 1, 国庆 5); 6 weekend days are worked */
	is_int(workday_count("2026-01-01", "2026-12-31", NULL), 261 - 19 + 6,
	       "2026 has 248 working days");
	is_int(workday_count("2026-12-31", "2026-12-01", NULL), 0, "reversed range: 0");
	is_int(workday_count("2026-12-01", "x", NULL), -1, "bad date: -1");
	workday_count("2026-12-01", "2027-01-05", &cov);
	ok(!cov, "a range into 2027 is not covered");
}

static void test_notice(void)
{
	char s[11], e[11];
	bool cov;
	ok(flow_notice_dates("2026-09-26", 5, s, e, &cov) && strcmp(s, "2026-09-28") == 0 &&
	       strcmp(e, "2026-10-09") == 0 && cov,
	   "notice from Saturday 09-26: 09-28 .. 10-09");
	if (strcmp(e, "2026-10-09") != 0)
		diag("got %s .. %s", s, e);
	ok(flow_notice_dates("2026-11-30", 5, s, e, NULL) && strcmp(s, "2026-11-30") == 0 &&
	       strcmp(e, "2026-12-04") == 0,
	   "notice Monday 11-30 .. Friday 12-04");
	ok(!flow_notice_dates("2026-11-30", 0, s, e, NULL), "0 days refused");
	ok(!flow_notice_dates("2026-11-30", MAX_NOTICE_WORKDAYS + 1, s, e, NULL),
	   "over MAX_NOTICE_WORKDAYS refused");
	ok(flow_notice_dates("2026-11-30", MAX_NOTICE_WORKDAYS, s, e, NULL),
	   "at the limit accepted");
}

int main(void)
{
	test_kinds();
	test_coverage();
	test_nth();
	test_count();
	test_notice();
	return test_done();
}
