/* money.c - exact decimal money parsing and formatting (see money.h). */
#include "money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const int64_t unit_fen[MONEY_UNIT_COUNT] = {100, 100000, 1000000, 10000000000LL};
/* decimal digits of 分 per unit: 10^k == unit_fen */
static const int unit_exp[MONEY_UNIT_COUNT] = {2, 5, 6, 10};
static const char *const unit_names[MONEY_UNIT_COUNT] = {"元", "千元", "万元", "亿元"};

int64_t money_unit_fen(enum money_unit u)
{
	return (unsigned)u < MONEY_UNIT_COUNT ? unit_fen[u] : 0;
}

const char *money_unit_name(enum money_unit u)
{
	return (unsigned)u < MONEY_UNIT_COUNT ? unit_names[u] : "";
}

bool money_unit_parse(struct strv text, enum money_unit *out)
{
	static const struct {
		const char *name;
		enum money_unit u;
	} names[] = {
	    {"元", MONEY_YUAN},     {"人民币元", MONEY_YUAN}, {"yuan", MONEY_YUAN},
	    {"CNY", MONEY_YUAN},    {"RMB", MONEY_YUAN},      {"千元", MONEY_QIANYUAN},
	    {"千", MONEY_QIANYUAN}, {"万元", MONEY_WANYUAN},  {"万", MONEY_WANYUAN},
	    {"亿元", MONEY_YIYUAN}, {"亿", MONEY_YIYUAN},
	};
	text = strv_trim(text);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strv_eq(text, names[i].name)) {
			*out = names[i].u;
			return true;
		}
	return false;
}

/* Reads one character of a number at *p: returns an ASCII digit, '.', ',',
 * or the character itself, mapping full-width forms (U+FF10-FF19, U+FF0E
 * '．', U+FF0C '，') to ASCII. *len receives the byte length. */
static int number_char(const char *p, const char *end, int *len)
{
	const unsigned char *u = (const unsigned char *)p;
	if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC) {
		*len = 3;
		if (u[2] >= 0x90 && u[2] <= 0x99)
			return '0' + (u[2] - 0x90);
		if (u[2] == 0x8E)
			return '.';
		if (u[2] == 0x8C)
			return ',';
	}
	*len = 1;
	return u[0];
}

/* Splits off a trailing unit name (if any) from v. */
static struct strv strip_unit(struct strv v, enum money_unit *unit)
{
	/* longest candidates first */
	static const char *const suffixes[] = {"人民币元", "千元", "万元", "亿元", "元",
	                                       "千",       "万",   "亿",   "CNY",  "RMB"};
	if (v.n && v.p[v.n - 1] >= '0' && v.p[v.n - 1] <= '9')
		return v; /* every unit name ends in a letter or a CJK character */
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(suffixes[i]);
		if (v.n > n && memcmp(v.p + v.n - n, suffixes[i], n) == 0) {
			enum money_unit u;
			if (money_unit_parse((struct strv){suffixes[i], n}, &u)) {
				*unit = u;
				return strv_trim((struct strv){v.p, v.n - n});
			}
		}
	}
	return v;
}

/* The common case, ASCII digits with at most one point and no more
 * decimals than the unit allows, in at most 18 significant positions (so no
 * overflow): what the general loop below would give. False: not that case,
 * nothing written. */
static bool plain_digits(struct strv v, int exp, int64_t *fen)
{
	int64_t acc = 0;
	int digits = 0, frac = -1; /* decimals after the point; -1: no point */
	for (size_t i = 0; i < v.n; i++) {
		char c = v.p[i];
		if (c >= '0' && c <= '9') {
			if ((frac >= 0 && frac++ == exp) || digits == 18)
				return false;
			acc = acc * 10 + (c - '0');
			digits++;
		} else if (c == '.' && frac < 0) {
			frac = 0;
		} else {
			return false;
		}
	}
	int scale = exp - (frac < 0 ? 0 : frac);
	if (!digits || digits + scale > 18)
		return false;
	while (scale-- > 0)
		acc *= 10;
	*fen = acc;
	return true;
}

enum app_status money_parse(struct strv text, enum money_unit unit, int64_t *fen, struct app_err *e)
{
	struct strv v = strv_trim(text);
	if (v.n == 0)
		return app_err_set(e, APP_EINVAL, "金额为空");
	if ((unsigned)unit < MONEY_UNIT_COUNT && plain_digits(v, unit_exp[unit], fen))
		return APP_OK;
	if (v.n > MAX_MONEY_DIGITS * 3)
		return app_err_set(e, APP_ETOOLARGE, "金额文本过长");
	v = strip_unit(v, &unit);

	bool neg = false, paren = false;
	const char *p = v.p, *end = v.p + v.n;
	if (p < end && *p == '(' && end[-1] == ')') {
		paren = true;
		p++;
		end--;
	}
	if (p < end && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		p++;
	} else if (end - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) { /* U+2212 */
		neg = true;
		p += 3;
	}
	if (paren && neg)
		return app_err_set(e, APP_EINVAL, "金额 \"%.*s\" 的负号重复", (int)text.n, text.p);
	neg |= paren;

	/* Scientific notation first: "1.23457E+11" has more fraction digits than
	 * 元 allows, and saying so would hide the real problem. 'e' and 'E' never
	 * occur inside a multi-byte UTF-8 character. */
	if (memchr(p, 'e', (size_t)(end - p)) || memchr(p, 'E', (size_t)(end - p)))
		return app_err_set(
		    e, APP_EINVAL,
		    "金额 \"%.*s\" 是科学计数法,已丢失精度;请把单元格设为数值格式后重新导出",
		    (int)text.n, text.p);

	/* Accumulate the integer and fraction digits as one integer of 分. */
	__int128 acc = 0;
	int int_digits = 0, frac_digits = 0, group = -1; /* digits since last ',' */
	bool seen_point = false, seen_sep = false;
	const int exp = unit_exp[unit];
	while (p < end) {
		int len;
		int c = number_char(p, end, &len);
		if (c >= '0' && c <= '9') {
			if (seen_point) {
				if (frac_digits >= exp) {
					if (c != '0')
						return app_err_set(
						    e, APP_EINVAL,
						    "金额 \"%.*s\" 精度超过 1 分(%s最多 %d 位小数)",
						    (int)text.n, text.p, unit_names[unit], exp);
				} else {
					acc = acc * 10 + (c - '0');
				}
				frac_digits++;
			} else {
				acc = acc * 10 + (c - '0');
				int_digits++;
				if (group >= 0)
					group++;
			}
			if (acc > (__int128)INT64_MAX * 1000)
				return app_err_set(e, APP_ETOOLARGE, "金额 \"%.*s\" 超出范围",
				                   (int)text.n, text.p);
		} else if (c == ',' && !seen_point) {
			if (int_digits == 0 || (group >= 0 && group != 3) ||
			    (group < 0 && int_digits > 3))
				return app_err_set(e, APP_EINVAL,
				                   "金额 \"%.*s\" 的千位分隔符位置不对",
				                   (int)text.n, text.p);
			group = 0;
			seen_sep = true;
		} else if (c == '.' && !seen_point) {
			seen_point = true;
		} else {
			return app_err_set(e, APP_EINVAL, "金额 \"%.*s\" 含有非数字字符",
			                   (int)text.n, text.p);
		}
		p += len;
	}
	if (int_digits == 0 && frac_digits == 0)
		return app_err_set(e, APP_EINVAL, "金额 \"%.*s\" 没有数字", (int)text.n, text.p);
	if (seen_sep && group != 3)
		return app_err_set(e, APP_EINVAL, "金额 \"%.*s\" 的千位分隔符位置不对", (int)text.n,
		                   text.p);
	int used = frac_digits < exp ? frac_digits : exp;
	for (int i = used; i < exp; i++)
		acc *= 10;
	/* acc is now in units of 10^-exp of `unit` == 分 * unit_fen / 10^exp == 分 */
	if (acc > INT64_MAX)
		return app_err_set(e, APP_ETOOLARGE, "金额 \"%.*s\" 超出范围", (int)text.n, text.p);
	*fen = neg ? -(int64_t)acc : (int64_t)acc;
	return APP_OK;
}

bool money_format(int64_t fen, enum money_unit unit, int decimals, char *buf, size_t n)
{
	if ((unsigned)unit >= MONEY_UNIT_COUNT || decimals < 0 || decimals > 10)
		return false;
	__int128 v = fen;
	bool neg = v < 0;
	if (neg)
		v = -v;
	/* value in units of 10^-decimals of `unit`: v * 10^decimals / unit_fen */
	__int128 scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	__int128 num = v * scale, den = unit_fen[unit];
	__int128 q = num / den, r = num % den;
	if (r * 2 >= den)
		q++;
	__int128 ip = q / scale, fp = q % scale;
	int w;
	if (decimals)
		w = snprintf(buf, n, "%s%" PRId64 ".%0*" PRId64, neg && q ? "-" : "", (int64_t)ip,
		             decimals, (int64_t)fp);
	else
		w = snprintf(buf, n, "%s%" PRId64, neg && q ? "-" : "", (int64_t)ip);
	return w >= 0 && (size_t)w < n;
}

bool money_format_exact(int64_t fen, enum money_unit unit, char *buf, size_t n)
{
	if ((unsigned)unit >= MONEY_UNIT_COUNT)
		return false;
	int exp = unit_exp[unit];
	if (!money_format(fen, unit, exp, buf, n))
		return false;
	size_t len = strlen(buf);
	while (len && buf[len - 1] == '0' && memchr(buf, '.', len))
		buf[--len] = '\0';
	if (len && buf[len - 1] == '.')
		buf[--len] = '\0';
	return true;
}
