/* str.h - string views, UTF-8 helpers and checked number parsing.
 *
 * Parsers never read past `end`, never use locale, and report failure rather
 * than returning a default. */
#ifndef ZJTX_STR_H
#define ZJTX_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A length-carrying view into someone else's bytes (not NUL-terminated). */
struct strv {
	const char *p;
	size_t n;
};

#define STRV_LIT(s) ((struct strv){(s), sizeof(s) - 1})
struct strv strv_from(const char *s);
bool strv_eq(struct strv a, const char *s);
/* Trims ASCII whitespace, the UTF-8 no-break space (U+00A0) and the
 * ideographic space (U+3000) from both ends. */
struct strv strv_trim(struct strv v);

/* True if the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in well-formed UTF-8. */
size_t utf8_chars(const char *s, size_t n);
/* Decodes one code point at *pp (advancing it) or returns -1 on bad UTF-8. */
long utf8_next(const char **pp, const char *end);
/* Length in bytes of the longest prefix of s (n bytes) that holds at most
 * max_chars whole code points. */
size_t utf8_prefix(const char *s, size_t n, size_t max_chars);

/* Parses an optionally signed decimal integer filling the whole view.
 * Returns false on empty input, stray characters or overflow. */
bool str_to_i64(struct strv v, int64_t *out);
/* Same, requiring min <= value <= max. */
bool str_to_int_range(struct strv v, long min, long max, long *out);

/* Parses YYYY-MM-DD (also YYYY/MM/DD and YYYY.MM.DD, and YYYY年M月D日) into a
 * canonical "YYYY-MM-DD" (11 bytes with NUL). Checks the calendar. */
bool str_to_date(struct strv v, char out[11]);

/* Days since 1970-01-01 for a proleptic Gregorian date (no range check). */
int64_t date_days(int y, int m, int d);
/* Inverse of date_days. */
void date_from_days(int64_t days, int *y, int *m, int *d);
/* Day of week, 0 = Monday .. 6 = Sunday. */
int date_weekday(int64_t days);
bool date_valid(int y, int m, int d);
/* Writes "YYYY-MM-DD" (y in 0..9999, m, d two digits) to out[11]. */
void date_format(int y, int m, int d, char out[11]);
/* Splits a canonical "YYYY-MM-DD" into numbers; false if malformed. */
bool date_split(const char *s, int *y, int *m, int *d);
/* Adds n years minus one day: the last day of an n-year term starting on
 * the date (2025-11-08 + 3 years → 2028-11-07; a term starting 2024-02-29
 * ends 2027-02-28: the missing anniversary counts as March 1). */
void date_term_end(const char *start, int years, char out[11]);

/* ASCII upper-casing in place of a NUL-terminated string. */
void str_upper_ascii(char *s);

/* Copies src into dst (size dstsz), truncating at a UTF-8 character
 * boundary; always NUL-terminates when dstsz > 0. Returns false if
 * truncated. */
bool str_copy(char *dst, size_t dstsz, const char *src, size_t srclen);

#endif
