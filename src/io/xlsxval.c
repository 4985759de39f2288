/* xlsxval.c - cell value conversions for the XLSX reader: numbers to their
 * shortest exact decimal text, date serials to calendar dates, number-format
 * codes to date/time kinds, and the _xHHHH_ string escapes of ECMA-376. */
#include "xlsxval.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"

static size_t utf8_put(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads "_xHHHH_" at s (n bytes available); returns the code unit or -1. */
static long xescape_at(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Decodes the ST_Xstring escapes _xHHHH_ in place (§22.9.2.19): control
 * characters, and "_x005F_" for a literal underscore. A surrogate pair of
 * escapes is joined; NUL and lone surrogates are dropped. Returns the new
 * length (never longer). */
size_t xlsxval_unescape(char *s, size_t n)
{
	if (!memchr(s, '_', n))
		return n;
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		long cu = s[i] == '_' ? xescape_at(s + i, n - i) : -1;
		if (cu < 0) {
			s[w++] = s[i++];
			continue;
		}
		i += 7;
		unsigned long cp = (unsigned long)cu;
		if (cu >= 0xD800 && cu <= 0xDBFF) {
			long lo = xescape_at(s + i, n - i);
			if (lo < 0xDC00 || lo > 0xDFFF)
				continue;
			i += 7;
			cp = 0x10000 + (((unsigned long)cu - 0xD800) << 10) +
			     ((unsigned long)lo - 0xDC00);
		} else if ((cu >= 0xDC00 && cu <= 0xDFFF) || cu == 0) {
			continue;
		}
		w += utf8_put(s + w, cp);
	}
	return w;
}

/* ---- numbers ---- */

/* Writes sign, digits (no leading or trailing zeros) and the position of
 * the decimal point relative to the first digit, positionally. */
static bool render_decimal(bool neg, const char *dig, size_t nd, long point, char *buf, size_t n)
{
	size_t w = 0;
#define PUT(c)                                                                                     \
	do {                                                                                       \
		if (w + 1 >= n)                                                                    \
			return false;                                                              \
		buf[w++] = (c);                                                                    \
	} while (0)
	if (nd == 0) {
		PUT('0');
		buf[w] = '\0';
		return true;
	}
	if (neg)
		PUT('-');
	if (point <= 0) {
		PUT('0');
		PUT('.');
		for (long i = 0; i < -point; i++)
			PUT('0');
		for (size_t i = 0; i < nd; i++)
			PUT(dig[i]);
	} else {
		for (long i = 0; i < point || (size_t)i < nd; i++) {
			if (i == point)
				PUT('.');
			PUT((size_t)i < nd ? dig[i] : '0');
		}
	}
	buf[w] = '\0';
	return true;
#undef PUT
}

bool xlsxval_double(double v, char *buf, size_t n)
{
	if (!isfinite(v) || n < 2)
		return false;
	if (v == 0) {
		buf[0] = '0';
		buf[1] = '\0';
		return true;
	}
	if (fabs(v) < 9007199254740992.0 && v == trunc(v)) {
		int k = snprintf(buf, n, "%lld", (long long)v);
		return k > 0 && (size_t)k < n;
	}
	/* The correctly rounded 15-, 16- or 17-digit form, whichever reads back
	 * first; 17 always does. The text is produced and read in the same
	 * locale; only its digits and exponent are used. */
	char tmp[40];
	/* Subnormals carry fewer digits than DBL_DIG: search from one digit. */
	for (int prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
		if (prec < 17 && strtod(tmp, NULL) != v)
			continue;
		char dig[20] = {0};
		size_t nd = 0;
		const char *p = tmp;
		bool neg = *p == '-';
		if (neg)
			p++;
		for (; *p && *p != 'e' && *p != 'E'; p++)
			if (*p >= '0' && *p <= '9' && nd < sizeof dig)
				dig[nd++] = *p;
		long ex = *p ? strtol(p + 1, NULL, 10) : 0;
		while (nd > 0 && dig[nd - 1] == '0')
			nd--;
		return render_decimal(neg, dig, nd, ex + 1, buf, n);
	}
	return false;
}

/* A decimal number split into its significant digits: value =
 * 0.d1d2...dn x 10^point. */
struct decimal {
	bool neg;
	char dig[24];
	size_t nd;     /* digits kept, no leading or trailing zeros */
	bool overflow; /* more significant digits than dig holds */
};

/* Parses [+-]digits[.digits][(e|E)[+-]digits] filling the whole view. */
static bool parse_decimal(struct strv v, struct decimal *d, long *point)
{
	const char *p = v.p, *end = v.p + v.n;
	long ex = 0, zeros = 0; /* zeros: pending zeros after the last non-zero digit */
	bool seen_point = false, any = false, lead = true;
	memset(d, 0, sizeof *d);
	*point = 0;
	if (p < end && (*p == '-' || *p == '+'))
		d->neg = *p++ == '-';
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			if (lead) { /* no non-zero digit yet */
				if (*p == '0') {
					if (seen_point)
						(*point)--;
					continue;
				}
				lead = false;
			}
			if (!seen_point)
				(*point)++;
			if (*p == '0') {
				zeros++;
				continue;
			}
			for (; zeros > 0; zeros--) {
				if (d->nd < sizeof d->dig)
					d->dig[d->nd++] = '0';
				else
					d->overflow = true;
			}
			if (d->nd < sizeof d->dig)
				d->dig[d->nd++] = *p;
			else
				d->overflow = true;
		} else if (*p == '.' && !seen_point) {
			seen_point = true;
		} else {
			break;
		}
	}
	if (!any)
		return false;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		bool eneg = false;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		if (p == end)
			return false;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
		if (eneg)
			ex = -ex;
	}
	if (p != end)
		return false;
	*point += ex;
	return true;
}

bool xlsxval_number(const char *s, size_t len, char *buf, size_t n)
{
	struct strv v = strv_trim((struct strv){s, len});
	struct decimal d;
	long point;
	if (!parse_decimal(v, &d, &point))
		return false;
	if (d.nd == 0)
		return render_decimal(false, d.dig, 0, 0, buf, n);
	/* Up to 15 significant digits the text is already the shortest form of
	 * its double (DBL_DIG); otherwise go through the double. */
	if (!d.overflow && d.nd <= 15 && point > -300 && point < 300)
		return render_decimal(d.neg, d.dig, d.nd, point, buf, n);
	char tmp[512];
	if (v.n >= sizeof tmp)
		return false;
	memcpy(tmp, v.p, v.n);
	tmp[v.n] = '\0';
	return xlsxval_double(strtod(tmp, NULL), buf, n);
}

bool xlsxval_percent(const char *s, size_t len, char *buf, size_t n)
{
	char tmp[XLSXVAL_NUM_MAX];
	struct decimal d;
	long point;
	if (!xlsxval_number(s, len, tmp, sizeof tmp) || !parse_decimal(strv_from(tmp), &d, &point))
		return false;
	if (!render_decimal(d.neg, d.dig, d.nd, d.nd ? point + 2 : 0, buf, n))
		return false;
	size_t k = strlen(buf);
	if (k + 2 > n)
		return false;
	buf[k] = '%';
	buf[k + 1] = '\0';
	return true;
}

/* ---- dates ---- */

bool xlsxval_serial_date(double serial, bool date1904, char *out)
{
	if (!(serial >= 0) || serial >= 2958466)
		return false;
	long s = (long)floor(serial);
	int y, m, d;
	if (date1904) {
		if (s > 2957003)
			return false;
		date_from_days(date_days(1904, 1, 1) + s, &y, &m, &d);
	} else if (s < 1) {
		return false;
	} else if (s == 60) {
		y = 1900, m = 2, d = 29; /* Lotus 1-2-3's leap day, kept by Excel */
	} else {
		date_from_days(date_days(1899, 12, s < 60 ? 31 : 30) + s, &y, &m, &d);
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

/* Classifies a format code: XV_FK_DATE, XV_FK_DATETIME, XV_FK_TIME or XV_FK_NONE.
 * Quoted text, backslash escapes, fill/space characters (* _) and bracketed
 * sections ([Red], [$-804], [DBNum1]) are skipped; "m" counts as minutes
 * when the code has hours or seconds but no year or day. */
int xlsxval_format_kind(const char *code)
{
	bool y = false, m = false, d = false, h = false, s = false, pct = false;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p++;
			while (*p && *p != '"')
				p++;
			if (!*p)
				p--;
			break;
		case '\\':
		case '*':
		case '_':
			if (p[1])
				p++;
			break;
		case '[':
			if ((p[1] | 0x20) == 'h' || (p[1] | 0x20) == 's' ||
			    ((p[1] | 0x20) == 'm' && (p[2] | 0x20) == 'm'))
				h = true; /* elapsed time [h] [mm] [ss] */
			while (*p && *p != ']')
				p++;
			if (!*p)
				p--;
			break;
		case 'y':
		case 'Y':
			y = true;
			break;
		case 'm':
		case 'M':
			m = true;
			break;
		case 'd':
		case 'D':
			d = true;
			break;
		case 'h':
		case 'H':
			h = true;
			break;
		case 's':
		case 'S':
			s = true;
			break;
		case '%':
			pct = true;
			break;
		case 'A':
		case 'a':
			/* AM/PM and A/P are time markers, not "m" */
			if (strncmp(p, "AM/PM", 5) == 0 || strncmp(p, "am/pm", 5) == 0) {
				h = true;
				p += 4;
			} else if (strncmp(p, "A/P", 3) == 0 || strncmp(p, "a/p", 3) == 0) {
				h = true;
				p += 2;
			}
			break;
		case 'G':
		case 'g':
			if (strncasecmp(p, "general", 7) == 0)
				p += 6;
			break;
		default:
			break;
		}
	}
	bool date = y || d || (m && !h && !s);
	bool time = h || s;
	if (date || time)
		return date && time ? XV_FK_DATETIME : date ? XV_FK_DATE : XV_FK_TIME;
	return pct ? XV_FK_PERCENT : XV_FK_NONE;
}

bool xlsxval_is_date(const char *code)
{
	int k = xlsxval_format_kind(code);
	return k == XV_FK_DATE || k == XV_FK_DATETIME || k == XV_FK_TIME;
}

/* Built-in number formats (§18.8.30) that show dates or times, including
 * the East Asian ones (27-36, 50-58) that Chinese Excel uses for 年月日. */
int xlsxval_builtin_kind(unsigned id)
{
	if (id >= 14 && id <= 17)
		return XV_FK_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return XV_FK_TIME;
	if (id == 22)
		return XV_FK_DATETIME;
	if (id == 9 || id == 10)
		return XV_FK_PERCENT;
	if ((id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return XV_FK_DATE;
	if (id == 32 || id == 33)
		return XV_FK_TIME;
	return XV_FK_NONE;
}

/* Formats serial as a date and/or time according to kind; false if the
 * serial is out of range (the caller then shows the plain number). */
bool xlsxval_date_cell(double serial, int kind, bool date1904, char *out, size_t n)
{
	if (!(serial >= 0) || serial >= 2958466)
		return false;
	long long secs = llround(serial * 86400.0);
	long long day = secs / 86400, tod = secs % 86400;
	char date[11];
	if (kind == XV_FK_TIME && day == 0) {
		snprintf(out, n, "%02lld:%02lld:%02lld", tod / 3600, tod / 60 % 60, tod % 60);
		return true;
	}
	if (!xlsxval_serial_date((double)day, date1904, date))
		return false;
	if (tod == 0 || kind == XV_FK_DATE)
		snprintf(out, n, "%s", date);
	else
		snprintf(out, n, "%s %02lld:%02lld:%02lld", date, tod / 3600, tod / 60 % 60,
		         tod % 60);
	return true;
}
