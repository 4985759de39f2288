/* t_uscc.c - 统一社会信用代码 validation (criteria.md §4). */
#include <string.h>

#include "base/rng.h"
#include "core/uscc.h"
#include "test.h"

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Valid codes: the worked examples of criteria.md §4 and others checked by
 * hand (sums in the comments). */
static const struct {
	const char *in, *canon;
	bool org_ok; /* the optional GB 11714 check */
} valid[] = {
    {"91350100M000100Y43", "91350100M000100Y43", true},     /* S=1640, mod 28 -> 3; org 4 */
    {"915000002028133840", "915000002028133840", true},     /* S=713, mod 0 -> 31 -> 0; org 4 */
    {"91440300708461136T", "91440300708461136T", true},     /* S=966, mod 5 -> 26 = T; org 6 */
    {"914403001922038216", "914403001922038216", true},     /* S=831, mod 25 -> 6; org 1 */
    {"91350100m000100y43", "91350100M000100Y43", true},     /* lower case is upper-cased */
    {"  915000002028133840\t", "915000002028133840", true}, /* trimmed */
    {"\xE3\x80\x80"
     "915000002028133840",
     "915000002028133840", true}, /* U+3000 */
    /* ex. 2 with position 17 changed 4 -> 5: S = 713 - 4*28 + 5*28 = 741,
     * 741 mod 31 = 28, check 3; the org check (wants 4) fails. */
    {"915000002028133853", "915000002028133853", false},
};

static void test_valid(void)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		char out[USCC_LEN + 1] = "";
		struct app_err e = {0};
		enum app_status s = uscc_check(valid[i].in, strlen(valid[i].in), out, &e);
		ok(s == APP_OK && strcmp(out, valid[i].canon) == 0, "valid \"%s\" -> %s (%s)",
		   valid[i].in, valid[i].canon, e.msg);
		ok(uscc_org_check(valid[i].canon) == valid[i].org_ok, "org check of %s is %s",
		   valid[i].canon, valid[i].org_ok ? "true" : "false");
	}
	ok(uscc_check_char("91500000202813384") == '0', "check char 31 -> 0");
	ok(uscc_check_char("91440300708461136") == 'T', "letter check char T");
	ok(uscc_check_char("91I40300708461136") == '\0', "check char of a bad body is NUL");
	/* every character at position 17 (weight 28), against a sum worked
	 * here: the prefix 9150000020281338 sums to 713 - 4*28 = 601 */
	static const int w[16] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30};
	int s0 = 0;
	for (int i = 0; i < 16; i++)
		s0 += (int)(strchr(charset, "9150000020281338"[i]) - charset) * w[i];
	is_int(s0, 601, "prefix sum worked by hand");
	int good = 0, refused = 0;
	for (int c = 1; c < 256; c++) {
		char body[18] = "9150000020281338";
		body[16] = (char)c;
		const char *at = strchr(charset, c);
		int v = at ? (int)(at - charset) : -1;
		int m = 31 - (s0 + v * 28) % 31;
		char want = v < 0 ? '\0' : charset[m == 31 ? 0 : m];
		if (uscc_check_char(body) == want && v < 0)
			refused++;
		else if (uscc_check_char(body) == want)
			good++;
	}
	ok(good == 31 && refused == 255 - 31,
	   "each of the 31 characters has its value, no other "
	   "character is accepted (%d, %d)",
	   good, refused);
	char region[7];
	uscc_region("915000002028133840", region);
	is_str(region, "500000", "region of example 2");
}

/* Invalid codes: the expected message and the position at fault. */
static const struct {
	const char *in, *msg;
	long col;
} invalid[] = {
    {"91500000202813384X", "校验位应为 0", 18}, /* negative control */
    {"91110000100003962T", "校验位应为 Y", 18}, /* negative control: S=466, mod 1 -> 30 */
    {"91500000202813384x", "校验位应为 0", 18}, /* lower-case x is still wrong */
    {"91500000202813384", "长度应为18位,实际为17位", 0},
    {"9150000020281338400", "长度应为18位,实际为19位", 0},
    {"", "统一社会信用代码为空", 0},
    {"   ", "统一社会信用代码为空", 0},
    {"重庆", "长度应为18位,实际为2位", 0},
    {"O15000002028133840", "第1位字符 \"O\" 不是统一社会信用代码允许的字符", 1},
    {"9150I0002028133840", "第5位字符 \"I\" 不是统一社会信用代码允许的字符", 5},
    {"9150i0002028133840", "第5位字符 \"i\" 不是统一社会信用代码允许的字符", 5},
    {"915000002S28133840", "第10位字符 \"S\" 不是统一社会信用代码允许的字符", 10},
    {"91500000202V133840", "第12位字符 \"V\" 不是统一社会信用代码允许的字符", 12},
    {"91500000202813384Z", "第18位字符 \"Z\" 不是统一社会信用代码允许的字符", 18},
    {"91500000202813384-", "第18位字符 \"-\" 不是统一社会信用代码允许的字符", 18},
    {"\xEF\xBC\x99"
     "15000002028133840",
     "第1位字符 \"\xEF\xBC\x99\" 不是统一社会信用代码允许的字符", 1},
    {"91AB00002028133840", "第3-8位登记管理机关行政区划码应为6位数字,第3位为 \"A\"", 3},
    {"9150000A2028133840", "第3-8位登记管理机关行政区划码应为6位数字,第8位为 \"A\"", 8},
};

static void test_invalid(void)
{
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		char out[USCC_LEN + 1] = "untouched";
		struct app_err e = {0};
		enum app_status s = uscc_check(invalid[i].in, strlen(invalid[i].in), out, &e);
		ok(s == APP_EINVAL, "\"%s\" rejected", invalid[i].in);
		is_str(e.msg, invalid[i].msg, "  message");
		is_int(e.col, invalid[i].col, "  position");
		is_str(out, "untouched", "  out untouched on failure");
	}
	/* an embedded NUL inside the given length */
	struct app_err e = {0};
	char out[USCC_LEN + 1];
	ok(uscc_check("9150000020\0"
	              "8133840",
	              18, out, &e) == APP_EINVAL &&
	       e.col == 11,
	   "embedded NUL rejected at position 11 (%s)", e.msg);
	ok(uscc_check("91500000202813384X", 18, out, NULL) == APP_EINVAL, "NULL error channel");
}

/* Random bodies: uscc_make always builds codes that uscc_check accepts, and
 * every single-character substitution is caught (31 is prime and no weight
 * is 0 mod 31). */
static void test_property(void)
{
	struct rng r;
	rng_seed(&r, 20151001);
	int made = 0, passed = 0, org_passed = 0, caught = 0, subst = 0;
	for (int i = 0; i < 10000; i++) {
		char body[18], code[USCC_LEN + 1], out[USCC_LEN + 1];
		for (int k = 0; k < 17; k++)
			body[k] = (k >= 2 && k < 8) ? (char)('0' + rng_below(&r, 10))
			                            : charset[rng_below(&r, 31)];
		body[17] = '\0';
		bool fix = i % 2 == 1;
		if (!uscc_make(body, fix, code))
			continue;
		made++;
		if (uscc_check(code, USCC_LEN, out, NULL) == APP_OK && strcmp(out, code) == 0)
			passed++;
		if (fix && uscc_org_check(code))
			org_passed++;
		/* substitute one character with a different one of the charset */
		int pos = (int)rng_below(&r, 18);
		char c;
		do {
			c = pos >= 2 && pos < 8 ? (char)('0' + rng_below(&r, 10))
			                        : charset[rng_below(&r, 31)];
		} while (c == code[pos]);
		code[pos] = c;
		subst++;
		if (uscc_check(code, USCC_LEN, out, NULL) != APP_OK)
			caught++;
	}
	is_int(made, 10000, "uscc_make accepted all 10000 random bodies");
	is_int(passed, 10000, "all 10000 made codes pass uscc_check");
	is_int(org_passed, 5000, "all 5000 made with fix_org pass the organisation-code check");
	is_int(caught, subst, "every single-character substitution is caught");

	char out[USCC_LEN + 1];
	ok(!uscc_make("9150000020281338I", false, out), "uscc_make refuses a bad character");
	ok(!uscc_make("91AB0000202813384", false, out), "uscc_make refuses a non-digit region");
	ok(uscc_make("9150000020281338?", true, out) && strcmp(out, "915000002028133840") == 0,
	   "uscc_make with fix_org rebuilds example 2 (%s)", out);
}

int main(void)
{
	test_valid();
	test_invalid();
	test_property();
	return test_done();
}
