/* str.c - string views, UTF-8, checked parsing, civil dates. */
#include "str.h"

#include <limits.h>
#include <string.h>

struct strv strv_from(const char *s)
{
	return (struct strv){s, s ? strlen(s) : 0};
}

bool strv_eq(struct strv a, const char *s)
{
	size_t n = strlen(s);
	return a.n == n && memcmp(a.p, s, n) == 0;
}

/* Length of a trimmable space at p (0 if none). Looks forward only. */
static size_t space_at(const unsigned char *p, size_t n)
{
	if (n >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n' ||
	               p[0] == '\v' || p[0] == '\f'))
		return 1;
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Length of a trimmable space ending at p+n (0 if none). */
static size_t space_before(const unsigned char *p, size_t n)
{
	if (n >= 1 && space_at(p + n - 1, 1))
		return 1;
	if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80)
		return 3;
	return 0;
}

struct strv strv_trim(struct strv v)
{
	const unsigned char *p = (const unsigned char *)v.p;
	/* the usual case: printable ASCII at both ends, nothing to trim */
	if (v.n && p[0] > 0x20 && p[0] < 0x7F && p[v.n - 1] > 0x20 && p[v.n - 1] < 0x7F)
		return v;
	size_t k;
	while (v.n && (k = space_at(p, v.n)) != 0) {
		p += k;
		v.n -= k;
	}
	while (v.n && (k = space_before(p, v.n)) != 0)
		v.n -= k;
	v.p = (const char *)p;
	return v;
}

long utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	const unsigned char *e = (const unsigned char *)end;
	if (p >= e)
		return -1;
	unsigned c = p[0];
	long cp;
	int len;
	if (c < 0x80) {
		*pp += 1;
		return (long)c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return -1;
	}
	if (e - p < len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*pp += len;
	return cp;
}

bool utf8_valid(const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		/* fast path over ASCII */
		if ((unsigned char)*s < 0x80) {
			s++;
			continue;
		}
		if (utf8_next(&s, end) < 0)
			return false;
	}
	return true;
}

size_t utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

size_t utf8_prefix(const char *s, size_t n, size_t max_chars)
{
	size_t chars = 0, i = 0;
	while (i < n) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max_chars)
				break;
			chars++;
		}
		i++;
	}
	return i;
}

bool str_to_i64(struct strv v, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (v.n == 0)
		return false;
	if (v.p[0] == '+' || v.p[0] == '-') {
		neg = v.p[0] == '-';
		i = 1;
	}
	if (i == v.n)
		return false;
	uint64_t acc = 0;
	const uint64_t lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < v.n; i++) {
		unsigned d = (unsigned char)v.p[i] - '0';
		if (d > 9)
			return false;
		if (acc > (lim - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	if (neg)
		*out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*out = (int64_t)acc;
	return true;
}

bool str_to_int_range(struct strv v, long min, long max, long *out)
{
	int64_t x;
	if (!str_to_i64(v, &x) || x < min || x > max)
		return false;
	*out = (long)x;
	return true;
}

bool date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int md = mdays[m - 1] + (m == 2 && leap);
	return d <= md;
}

/* Reads 1..maxd ASCII digits at *p, advancing it. */
static bool take_digits(const char **p, const char *end, int mind, int maxd, int *out)
{
	int v = 0, n = 0;
	while (*p < end && n < maxd && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < mind)
		return false;
	*out = v;
	return true;
}

/* Consumes the separator sep (a UTF-8 string) at *p. */
static bool take(const char **p, const char *end, const char *sep)
{
	size_t n = strlen(sep);
	if ((size_t)(end - *p) < n || memcmp(*p, sep, n) != 0)
		return false;
	*p += n;
	return true;
}

bool str_to_date(struct strv v, char out[11])
{
	v = strv_trim(v);
	const char *p = v.p, *end = v.p + v.n;
	int y, m, d;
	if (!take_digits(&p, end, 4, 4, &y))
		return false;
	bool cn = false;
	if (take(&p, end, "年"))
		cn = true;
	else if (!take(&p, end, "-") && !take(&p, end, "/") && !take(&p, end, "."))
		return false;
	if (!take_digits(&p, end, 1, 2, &m))
		return false;
	if (cn ? !take(&p, end, "月")
	       : !take(&p, end, "-") && !take(&p, end, "/") && !take(&p, end, "."))
		return false;
	if (!take_digits(&p, end, 1, 2, &d))
		return false;
	if (cn)
		take(&p, end, "日");
	if (p != end || !date_valid(y, m, d))
		return false;
	date_format(y, m, d, out);
	return true;
}

void date_format(int y, int m, int d, char out[11])
{
	y = y < 0 ? 0 : y % 10000;
	m = m < 0 ? 0 : m % 100;
	d = d < 0 ? 0 : d % 100;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

bool date_split(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	if (s[10] != '\0')
		return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return date_valid(*y, *m, *d);
}

void date_term_end(const char *start, int years, char out[11])
{
	int y, m, d;
	if (!date_split(start, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	/* the same day n years on (Feb 29 → Mar 1 in a common year), minus one */
	int64_t days = date_days(y + years, m, 1) + (d - 1) - 1;
	date_from_days(days, &y, &m, &d);
	date_format(y, m, d, out);
}

/* Howard Hinnant's days_from_civil algorithm (public domain description). */
int64_t date_days(int y, int m, int d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const int64_t yoe = y - era * 400;
	const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int date_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

void str_upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

bool str_copy(char *dst, size_t dstsz, const char *src, size_t srclen)
{
	if (dstsz == 0)
		return srclen == 0;
	size_t n = srclen;
	bool fits = true;
	if (n >= dstsz) {
		fits = false;
		n = dstsz - 1;
		/* back up to a character boundary */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return fits;
}
