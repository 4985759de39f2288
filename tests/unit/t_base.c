/* t_base.c - base/: bounded buffers, string views, checked parsing, dates. */
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/rng.h"
#include "base/str.h"
#include "test.h"

static void test_buf(void)
{
	struct buf b;
	buf_init(&b, 10);
	is_int(buf_puts(&b, "hello"), APP_OK, "append within limit");
	is_int(buf_printf(&b, "%d", 12345), APP_OK, "printf up to the limit");
	is_str(buf_cstr(&b), "hello12345", "content");
	is_int(buf_putc(&b, 'x'), APP_ETOOLARGE, "one byte over the limit is refused");
	is_str(buf_cstr(&b), "hello12345", "refused append leaves content unchanged");
	buf_reset(&b);
	is_int((long)b.len, 0, "reset empties");
	buf_free(&b);
}

static void test_trim(void)
{
	struct strv v = strv_trim(strv_from("\xE3\x80\x80 \t abc\xC2\xA0 \r\n"));
	ok(v.n == 3 && memcmp(v.p, "abc", 3) == 0, "trim ASCII, NBSP and ideographic space");
	v = strv_trim(strv_from("   "));
	is_int((long)v.n, 0, "all-space trims to empty");
}

static void test_utf8(void)
{
	ok(utf8_valid("\xE9\x87\x8D\xE5\xBA\x86", 6), "重庆 is valid UTF-8");
	ok(!utf8_valid("\xD6\xD8\xC7\xEC", 4), "GBK 重庆 is not valid UTF-8");
	ok(!utf8_valid("\xC0\xAF", 2), "overlong rejected");
	ok(!utf8_valid("\xED\xA0\x80", 3), "surrogate rejected");
	ok(!utf8_valid("\xE9\x87", 2), "truncated sequence rejected");
	is_int((long)utf8_chars("a重庆", 7), 3, "chars counts code points");
	is_int((long)utf8_prefix("a重庆", 7, 2), 4, "prefix of 2 chars is 4 bytes");
}

static void test_i64(void)
{
	int64_t x = 0;
	ok(str_to_i64(STRV_LIT("9223372036854775807"), &x) && x == INT64_MAX, "max int64");
	ok(str_to_i64(STRV_LIT("-9223372036854775808"), &x) && x == INT64_MIN, "min int64");
	ok(!str_to_i64(STRV_LIT("9223372036854775808"), &x), "overflow rejected");
	ok(!str_to_i64(STRV_LIT("12a"), &x), "stray char rejected");
	ok(!str_to_i64(STRV_LIT(""), &x), "empty rejected");
	ok(!str_to_i64(STRV_LIT("-"), &x), "bare sign rejected");
	long l;
	ok(str_to_int_range(STRV_LIT("2020"), 1900, 2100, &l) && l == 2020, "range ok");
	ok(!str_to_int_range(STRV_LIT("2200"), 1900, 2100, &l), "range exceeded");
}

static void test_dates(void)
{
	char d[11];
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"2020-06-15", "2020-06-15"}, {"2020/6/5", "2020-06-05"},
	    {"2020.06.05", "2020-06-05"}, {"2020年6月15日", "2020-06-15"},
	    {"2024-02-29", "2024-02-29"}, {"2023-02-29", NULL},
	    {"1900-02-29", NULL},         {"2000-02-29", "2000-02-29"},
	    {"2020-13-01", NULL},         {"2020-06", NULL},
	    {"20200615", NULL},           {" 2020-06-15 ", "2020-06-15"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool got = str_to_date(strv_from(cases[i].in), d);
		if (cases[i].want)
			ok(got && strcmp(d, cases[i].want) == 0, "date \"%s\" -> %s", cases[i].in,
			   cases[i].want);
		else
			ok(!got, "date \"%s\" rejected", cases[i].in);
	}
	is_int(date_days(1970, 1, 1), 0, "epoch day 0");
	is_int(date_days(2025, 11, 8), 20400, "2025-11-08 is day 20400");
	int y, m, dd;
	date_from_days(date_days(2028, 11, 7), &y, &m, &dd);
	ok(y == 2028 && m == 11 && dd == 7, "days round-trip");
	is_int(date_weekday(date_days(2026, 11, 28)), 5, "2026-11-28 is a Saturday");
	static const struct {
		const char *start;
		int years;
		const char *end;
	} terms[] = {
	    {"2025-11-08", 3, "2028-11-07"}, /* criteria.md §1.d Heilongjiang example */
	    {"2023-06-05", 3, "2026-06-04"}, {"2024-02-29", 3, "2027-02-28"},
	    {"2024-03-01", 3, "2027-02-28"}, {"2023-01-01", 1, "2023-12-31"},
	    {"2025-12-31", 3, "2028-12-30"},
	};
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		char out[11];
		date_term_end(terms[i].start, terms[i].years, out);
		is_str(out, terms[i].end, terms[i].start);
	}
	char bad[11];
	date_term_end("2025-13-01", 3, bad);
	is_str(bad, "", "term of an invalid date is empty");
	ok(!date_split("2025-1-01", &y, &m, &dd), "date_split rejects a non-canonical date");
}

static void test_rng(void)
{
	struct rng a, b;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	bool same = true;
	for (int i = 0; i < 100; i++)
		same &= rng_u64(&a) == rng_u64(&b);
	ok(same, "same seed, same sequence");
	rng_seed(&a, 1);
	is_int((long long)rng_u64(&a), (long long)0x910A2DEC89025CC1ull,
	       "splitmix64 reference value");
}

static void test_arena(void)
{
	struct arena a;
	arena_init(&a);
	char *s = arena_strdup(&a, "abc");
	void *big = arena_alloc(&a, 100000);
	ok(s && big && strcmp(s, "abc") == 0, "arena allocations");
	ok(((uintptr_t)big % sizeof(void *)) == 0, "arena alignment");
	arena_clear(&a);
	is_int((long)a.total, 0, "arena cleared");
}

int main(void)
{
	test_buf();
	test_trim();
	test_utf8();
	test_i64();
	test_dates();
	test_rng();
	test_arena();
	return test_done();
}
