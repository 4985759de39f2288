/* uscc.c - 统一社会信用代码 check characters, GB 32100-2015 (see uscc.h and
 * criteria.md §4). */
#include "uscc.h"

#include <string.h>

#include "base/str.h"

/* The 31-character set; a character's value is its index. */
static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define NCHARS 31

/* W_i = 3^(i-1) mod 31 for positions 1..17. */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* GB 11714 organisation-code weights for the 8 body characters. */
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* Value of c in the USCC charset (upper case only), or -1. */
static int value_of(char c)
{
	/* value + 1 by character (0: not in the set); checked against charset
	 * by t_uscc. A table, not strchr: this runs for every character of
	 * every code of an import. */
	static const signed char tab[128] = {
	    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,
	    ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14,
	    ['E'] = 15, ['F'] = 16, ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21,
	    ['M'] = 22, ['N'] = 23, ['P'] = 24, ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28,
	    ['W'] = 29, ['X'] = 30, ['Y'] = 31};
	unsigned char u = (unsigned char)c;
	return u < 128 ? tab[u] - 1 : -1;
}

/* Value of c in the organisation-code mapping: 0-9, A=10 .. Z=35; -1 else. */
static int org_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

char uscc_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = value_of(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	int c = NCHARS - sum % NCHARS;
	return charset[c == NCHARS ? 0 : c];
}

/* The organisation-code check character for the 8 body characters at body,
 * or '\0' if one is not alphanumeric. */
static char org_check_char(const char *body)
{
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		int v = org_value(body[i]);
		if (v < 0)
			return '\0';
		sum += v * org_weights[i];
	}
	int c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

bool uscc_org_check(const char *code)
{
	char c = org_check_char(code + 8);
	return c != '\0' && code[16] == c;
}

static bool region_digits(const char *code)
{
	for (int i = 2; i < 8; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

bool uscc_make(const char *first17, bool fix_org, char out[USCC_LEN + 1])
{
	memcpy(out, first17, 17);
	out[17] = out[18] = '\0';
	for (int i = 0; i < 17; i++)
		if (value_of(out[i]) < 0 && !(fix_org && i == 16))
			return false;
	if (!region_digits(out))
		return false;
	if (fix_org) {
		out[16] = org_check_char(out + 8);
		if (out[16] == '\0')
			return false;
	}
	out[17] = uscc_check_char(out);
	return out[17] != '\0';
}

void uscc_region(const char *code, char out[7])
{
	memcpy(out, code + 2, 6);
	out[6] = '\0';
}

/* Sets e->col and the message; returns APP_EINVAL. */
static enum app_status fail_at(struct app_err *e, long col)
{
	if (e)
		e->col = col;
	return APP_EINVAL;
}

/* Reports the first character of s (n bytes) that is outside the charset,
 * naming its 1-based character position and quoting it from orig (the same
 * text before upper-casing). Returns false if all are valid. */
static bool report_bad_char(const char *s, const char *orig, size_t n, struct app_err *e)
{
	const char *p = s, *end = s + n;
	for (long pos = 1; p < end; pos++) {
		const char *start = p;
		long cp = utf8_next(&p, end);
		if (cp < 0) {
			app_err_set(e, APP_EINVAL, "第%ld位不是有效的UTF-8字符", pos);
			fail_at(e, pos);
			return true;
		}
		if (cp >= 0x80 || value_of((char)cp) < 0) {
			app_err_set(e, APP_EINVAL,
			            "第%ld位字符 \"%.*s\" 不是统一社会信用代码允许的字符", pos,
			            (int)(p - start), orig + (start - s));
			fail_at(e, pos);
			return true;
		}
	}
	return false;
}

enum app_status uscc_check(const char *code, size_t n, char out[USCC_LEN + 1], struct app_err *e)
{
	struct strv v = strv_trim((struct strv){code, n});
	char buf[USCC_LEN + 1];
	if (v.n == 0) {
		app_err_set(e, APP_EINVAL, "统一社会信用代码为空");
		return fail_at(e, 0);
	}
	if (v.n != USCC_LEN) {
		size_t chars = utf8_valid(v.p, v.n) ? utf8_chars(v.p, v.n) : v.n;
		if (chars == USCC_LEN && report_bad_char(v.p, v.p, v.n, e))
			return APP_EINVAL; /* 18 characters, some not ASCII */
		app_err_set(e, APP_EINVAL, "长度应为18位,实际为%zu位", chars);
		return fail_at(e, 0);
	}
	/* the usual case, in one pass: 17 characters of the set in upper case,
	 * digits at 3-8, the right check character; anything else goes the
	 * long way below, which names the problem */
	int sum = 0;
	bool plain = true;
	for (int i = 0; i < USCC_LEN - 1 && plain; i++) {
		int x = value_of(v.p[i]);
		plain = x >= 0 && (i < 2 || i > 7 || x < 10);
		sum += x * weights[i];
	}
	if (plain) {
		int c = NCHARS - sum % NCHARS;
		if (v.p[USCC_LEN - 1] == charset[c == NCHARS ? 0 : c]) {
			memcpy(out, v.p, USCC_LEN);
			out[USCC_LEN] = '\0';
			return APP_OK;
		}
	}
	memcpy(buf, v.p, USCC_LEN);
	buf[USCC_LEN] = '\0';
	size_t len = strlen(buf);
	if (len != USCC_LEN) { /* an embedded NUL */
		app_err_set(e, APP_EINVAL, "第%zu位是空字符", len + 1);
		return fail_at(e, (long)len + 1);
	}
	str_upper_ascii(buf);
	bool clean = true; /* the usual case: no need to walk UTF-8 for a message */
	for (int i = 0; i < USCC_LEN && clean; i++)
		clean = value_of(buf[i]) >= 0;
	if (!clean && report_bad_char(buf, v.p, USCC_LEN, e))
		return APP_EINVAL;
	for (int i = 2; i < 8; i++)
		if (buf[i] < '0' || buf[i] > '9') {
			app_err_set(e, APP_EINVAL,
			            "第3-8位登记管理机关行政区划码应为6位数字,第%d位为 \"%c\"",
			            i + 1, buf[i]);
			return fail_at(e, i + 1);
		}
	char want = uscc_check_char(buf);
	if (buf[17] != want) {
		app_err_set(e, APP_EINVAL, "校验位应为 %c", want);
		return fail_at(e, USCC_LEN);
	}
	memcpy(out, buf, USCC_LEN + 1);
	return APP_OK;
}
