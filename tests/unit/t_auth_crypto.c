/* t_auth_crypto.c - app/password, app/crypto, app/throttle: argon2id
 * hashing, the password policy, tokens, SHA-256/SM3 and sign-in
 * throttling (with a fake clock). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/crypto.h"
#include "app/password.h"
#include "app/throttle.h"
#include "test.h"

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void test_hash(void)
{
	char phc[PASSWORD_PHC_MAX], phc2[PASSWORD_PHC_MAX];
	struct app_err err = {0};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(password_hash("Zjtx@2025pass", phc, &err), APP_OK, "hash");
	double ms = ms_since(&t0);
	diag("argon2id t=%d m=%d KiB p=%d: %.0f ms per hash", PASSWORD_T_COST, PASSWORD_M_COST_KIB,
	     PASSWORD_PARALLELISM, ms);
	ok(ms > 10, "hashing is deliberately slow (%.0f ms)", ms);

	/* PHC format: $argon2id$v=19$m=65536,t=3,p=1$<22 b64 salt>$<43 b64 hash> */
	const char *prefix = "$argon2id$v=19$m=65536,t=3,p=1$";
	ok(strncmp(phc, prefix, strlen(prefix)) == 0, "PHC prefix names algorithm and parameters");
	const char *salt = phc + strlen(prefix), *dollar = strchr(salt, '$');
	ok(dollar && dollar - salt == 22, "16-byte salt is 22 base64 characters");
	ok(dollar && strlen(dollar + 1) == 43, "32-byte hash is 43 base64 characters");
	is_int((long)strlen(phc), 97, "PHC length 97");

	is_int(password_verify("Zjtx@2025pass", phc, &err), APP_OK, "right password verifies");
	is_int(password_verify("Zjtx@2025Pass", phc, &err), APP_EAUTH, "wrong password: EAUTH");
	is_str(err.msg, "用户名或密码错误", "mismatch message does not say which");
	is_int(password_verify("", phc, &err), APP_EAUTH, "empty password: EAUTH");
	is_int(password_hash("Zjtx@2025pass", phc2, &err), APP_OK, "hash again");
	ok(strcmp(phc, phc2) != 0, "same password, different salt, different PHC");
	is_int(password_verify("Zjtx@2025pass", phc2, &err), APP_OK, "second hash verifies");

	static const char *bad[] = {
	    "",
	    "plain",
	    "$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
	    "$argon2id$v=19$m=99999999,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNo",
	    "$argon2id$v=19$m=65536,t=99,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNo",
	    "$argon2id$v=19$m=65536,t=3,p=1$!!!$???",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(password_verify("Zjtx@2025pass", bad[i], &err), APP_EINVAL,
		       "malformed or absurd stored hash refused");

	ok(!password_needs_rehash(phc), "current parameters: no rehash");
	ok(password_needs_rehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA"),
	   "weaker parameters: rehash");
	ok(password_needs_rehash("$2b$12$abcdefghijklmnopqrstuv"), "other algorithm: rehash");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	password_verify_dummy("whatever");
	double dms = ms_since(&t0);
	/* Filling 64 MiB takes well over 10 ms on any machine; a shortcut
	 * would take microseconds. (Not compared with `ms`: load varies.) */
	ok(dms > 10, "dummy verification does the real work (%.0f ms)", dms);

	char longpw[MAX_PASSWORD_CHARS * 4 + 2];
	memset(longpw, 'a', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	is_int(password_hash(longpw, phc2, &err), APP_EINVAL, "absurdly long password refused");
}

static void test_policy(void)
{
	char max[MAX_PASSWORD_CHARS + 2];
	for (int i = 0; i < MAX_PASSWORD_CHARS + 1; i++)
		max[i] = "Aa1!"[i % 4];
	max[MAX_PASSWORD_CHARS + 1] = '\0';
	char over[sizeof max];
	memcpy(over, max, sizeof max);
	max[MAX_PASSWORD_CHARS] = '\0'; /* exactly 128 */

	static const char *const too_short = "密码长度至少为 8 个字符";
	static const char *const classes = "密码须包含大写字母、小写字母、数字、符号中的至少 3 类";
	static const char *const has_user = "密码不能包含用户名";
	const struct {
		const char *pw, *user, *msg; /* msg NULL: accepted */
	} cases[] = {
	    {"Abcdef1!", "user", NULL},
	    {"Abcdef1", "user", too_short},
	    {"Abcde1!", NULL, too_short},
	    {"abcdefgh", NULL, classes},
	    {"abcdefg1", NULL, classes},
	    {"ABCDEFG!", NULL, classes},
	    {"abcdefG1", NULL, NULL},
	    {"abcdef1!", NULL, NULL},
	    {"ABCDEF1!", NULL, NULL},
	    {"Abcdefg!", NULL, NULL},
	    {"重庆专精特新ab1", NULL, NULL},
	    {"重庆专精特", NULL, too_short},
	    {"重庆专精特新企业", NULL, classes},
	    {"Zhangsan@2025", "zhangsan", has_user},
	    {"x@2025ZHANGSANx", "ZhangSan", has_user},
	    {"Zhang@2025san", "zhangsan", NULL},
	    {"Li@2025abc", "li", NULL},
	    {"Wang@2025abc", "wan", has_user},
	    {"Abc\x01"
	     "defg1",
	     NULL, "密码不能包含控制字符"},
	    {"Abcdefg1\x7f", NULL, "密码不能包含控制字符"},
	    {"\xff\xfe"
	     "Abcdef1",
	     NULL, "密码不是合法的 UTF-8 文本"},
	    {max, NULL, NULL},
	    {over, NULL, "密码长度不能超过 128 个字符"},
	    {"Abcd efg1", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct app_err err = {0};
		enum app_status s = password_policy_check(cases[i].pw, cases[i].user, &err);
		if (!cases[i].msg) {
			is_int(s, APP_OK, cases[i].pw);
		} else {
			ok(s == APP_EINVAL && strcmp(err.msg, cases[i].msg) == 0,
			   "policy case %zu refused: %s", i, cases[i].msg);
			if (strcmp(err.msg, cases[i].msg) != 0)
				diag("got \"%s\"", err.msg);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_tokens(void)
{
	static const struct {
		const char *in, *out;
	} b64[] = {
	    {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
	    {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"},
	};
	char out[64];
	for (size_t i = 0; i < sizeof b64 / sizeof b64[0]; i++) {
		crypto_base64url(b64[i].in, strlen(b64[i].in), out);
		is_str(out, b64[i].out, "base64url (RFC 4648 vectors, URL alphabet)");
	}

	enum { N = 1000 };
	static char tokens[N][CRYPTO_TOKEN_CHARS + 1];
	char *sorted[N];
	long freq[64] = {0};
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	bool all_ok = true, all_len = true, all_chars = true;
	for (int i = 0; i < N; i++) {
		all_ok &= crypto_token_new(tokens[i], NULL) == APP_OK;
		all_len &= strlen(tokens[i]) == CRYPTO_TOKEN_CHARS;
		for (int k = 0; k < CRYPTO_TOKEN_CHARS; k++) {
			const char *pos = strchr(alphabet, tokens[i][k]);
			all_chars &= pos != NULL && tokens[i][k] != '\0';
			if (pos && k < CRYPTO_TOKEN_CHARS - 1)
				freq[pos - alphabet]++;
		}
		sorted[i] = tokens[i];
	}
	ok(all_ok && all_len, "1000 tokens of 43 characters (256 bits)");
	ok(all_chars, "tokens use only the base64url alphabet");
	qsort(sorted, N, sizeof sorted[0], cmp_str);
	bool unique = true;
	for (int i = 1; i < N; i++)
		unique &= strcmp(sorted[i - 1], sorted[i]) != 0;
	ok(unique, "tokens are unique");
	/* 42 full symbols x 1000 tokens: each of 64 symbols expected 656
	 * times, standard deviation about 25; allow +-30%. */
	long lo = 656 * 7 / 10, hi = 656 * 13 / 10, min = 1 << 30, maxf = 0;
	for (int i = 0; i < 64; i++) {
		if (freq[i] < min)
			min = freq[i];
		if (freq[i] > maxf)
			maxf = freq[i];
	}
	ok(min > lo && maxf < hi, "symbols uniformly spread (min %ld, max %ld)", min, maxf);

	char hex[CRYPTO_DIGEST_HEX];
	is_int(crypto_token_hash("abc", hex, NULL), APP_OK, "token hash");
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "token hash is SHA-256 (FIPS 180-2 'abc')");
}

static void test_sm3(void)
{
	ok(crypto_sm3_available(), "OpenSSL provides SM3");
	uint8_t d[CRYPTO_DIGEST_BYTES];
	char hex[CRYPTO_DIGEST_HEX];
	struct app_err err = {0};
	is_int(crypto_sm3("abc", 3, d, &err), APP_OK, "SM3 computes");
	crypto_hex(d, sizeof d, hex);
	is_str(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
	       "SM3(\"abc\") (GB/T 32905-2016 example 1)");
	char sixtyfour[65];
	for (int i = 0; i < 16; i++)
		memcpy(sixtyfour + 4 * i, "abcd", 4);
	crypto_sm3(sixtyfour, 64, d, &err);
	crypto_hex(d, sizeof d, hex);
	is_str(hex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
	       "SM3(\"abcd\" x 16) (GB/T 32905-2016 example 2)");
	struct strv parts[] = {{"ab", 2}, {"", 0}, {"c", 1}};
	uint8_t d2[CRYPTO_DIGEST_BYTES];
	crypto_sm3("abc", 3, d, &err);
	is_int(crypto_digest(CRYPTO_SM3, parts, 3, d2, &err), APP_OK, "multi-part SM3");
	ok(memcmp(d, d2, sizeof d) == 0, "parts hash like their concatenation (hash chain use)");

	ok(crypto_equal("abcd", "abcd", 4), "equal bytes");
	ok(!crypto_equal("abcd", "abce", 4), "last byte differs");
	ok(!crypto_equal("xbcd", "abcd", 4), "first byte differs");
	ok(crypto_streq("token", "token"), "equal strings");
	ok(!crypto_streq("token", "tokens"), "different lengths");
	ok(!crypto_streq("", "a"), "empty vs one char");
	ok(crypto_streq("", ""), "two empty strings");
}

/* ---- throttle with a fake clock ---- */

static int64_t fake_now;

static int64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static bool allowed(struct throttle *t, const char *account, const char *ip, int64_t *retry)
{
	struct app_err err = {0};
	*retry = 0;
	return throttle_check(t, account, ip, retry, &err) == APP_OK;
}

static void test_throttle_account(void)
{
	struct throttle *t = throttle_new(100, fake_clock, NULL);
	int64_t retry;
	fake_now = 1000;
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX_FAILURES - 1; i++)
		throttle_failure(t, "zhangsan", NULL);
	ok(allowed(t, "zhangsan", NULL, &retry), "4 failures: still allowed");
	throttle_failure(t, "ZhangSan", NULL);
	struct app_err err = {0};
	is_int(throttle_check(t, "zhangsan", NULL, &retry, &err), APP_ETHROTTLED,
	       "5th failure (any case) locks the account");
	is_int(retry, THROTTLE_ACCOUNT_LOCK_S, "locked for 15 minutes");
	is_str(err.msg, "账号因连续 5 次登录失败已被锁定，请 15 分钟后再试", "lock message");
	ok(allowed(t, "lisi", NULL, &retry), "other accounts unaffected");
	fake_now = 1000 + THROTTLE_ACCOUNT_LOCK_S - 1;
	ok(!allowed(t, "zhangsan", NULL, &retry) && retry == 1, "locked 1 s before the end");
	throttle_success(t, "zhangsan", NULL);
	ok(!allowed(t, "zhangsan", NULL, &retry), "a success cannot lift an active lock");
	fake_now = 1000 + THROTTLE_ACCOUNT_LOCK_S;
	ok(allowed(t, "zhangsan", NULL, &retry), "unlocked when the lock ends");

	/* The window: 4 failures, then the 5th just inside / just outside. */
	fake_now = 10000;
	for (int i = 0; i < 4; i++)
		throttle_failure(t, "wangwu", NULL);
	fake_now = 10000 + THROTTLE_ACCOUNT_WINDOW_S - 1;
	throttle_failure(t, "wangwu", NULL);
	ok(!allowed(t, "wangwu", NULL, &retry), "5 failures within 15 min lock");
	fake_now = 20000;
	for (int i = 0; i < 4; i++)
		throttle_failure(t, "zhaoliu", NULL);
	fake_now = 20000 + THROTTLE_ACCOUNT_WINDOW_S;
	throttle_failure(t, "zhaoliu", NULL);
	ok(allowed(t, "zhaoliu", NULL, &retry), "the 5th failure after the window starts afresh");

	fake_now = 30000;
	for (int i = 0; i < 4; i++)
		throttle_failure(t, "sunqi", NULL);
	throttle_success(t, "sunqi", NULL);
	for (int i = 0; i < 4; i++)
		throttle_failure(t, "sunqi", NULL);
	ok(allowed(t, "sunqi", NULL, &retry), "a success clears the count");
	throttle_free(t);
}

/* Restoring after a restart: events replayed at their age, oldest first. */
static void test_throttle_replay(void)
{
	struct throttle *t = throttle_new(100, fake_clock, NULL);
	int64_t retry;
	fake_now = 50000;
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX_FAILURES; i++)
		throttle_failure_ago(t, "zhou", "10.0.0.1", 100 - i);
	ok(!allowed(t, "zhou", NULL, &retry) && retry == THROTTLE_ACCOUNT_LOCK_S - 96,
	   "5 failures 100..96 s ago: locked for the 15 min from the 5th (804 s left)");
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX_FAILURES; i++)
		throttle_failure_ago(t, "wu", NULL, THROTTLE_ACCOUNT_LOCK_S + 10 - i);
	ok(allowed(t, "wu", NULL, &retry), "a lock that ended before now is not restored");
	for (int i = 0; i < 4; i++)
		throttle_failure_ago(t, "zheng", NULL, 60);
	throttle_success_ago(t, "zheng", 30);
	throttle_failure_ago(t, "zheng", NULL, 10);
	ok(allowed(t, "zheng", NULL, &retry), "a success in between clears the count");
	for (int i = 0; i < 4; i++)
		throttle_failure_ago(t, "feng", NULL, 60);
	throttle_failure(t, "feng", NULL);
	ok(!allowed(t, "feng", NULL, &retry), "restored failures count with a new one");
	throttle_free(t);
}

static void test_throttle_ip(void)
{
	struct throttle *t = throttle_new(100, fake_clock, NULL);
	int64_t retry;
	struct app_err err = {0};
	fake_now = 5000;
	char acct[32];
	for (int i = 0; i < THROTTLE_IP_FREE_FAILURES; i++) {
		snprintf(acct, sizeof acct, "user%d", i);
		throttle_failure(t, acct, "10.0.0.1");
	}
	ok(allowed(t, "new", "10.0.0.1", &retry), "10 failures from one address: no delay");
	/* Then 1, 2, 4, ... seconds, capped at 300. */
	static const int64_t delays[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
	bool all = true;
	for (size_t i = 0; i < sizeof delays / sizeof delays[0]; i++) {
		throttle_failure(t, "spray", "10.0.0.1");
		all &= throttle_check(t, "x", "10.0.0.1", &retry, &err) == APP_ETHROTTLED &&
		       retry == delays[i];
		if (retry != delays[i])
			diag("failure %zu: retry %lld, want %lld", i + 11, (long long)retry,
			     (long long)delays[i]);
		fake_now += delays[i];
		all &= allowed(t, "x", "10.0.0.1", &retry);
	}
	ok(all, "delays double from 1 s and stop at 300 s");
	throttle_failure(t, "spray", "10.0.0.1");
	throttle_check(t, "x", "10.0.0.1", &retry, &err);
	is_str(err.msg, "登录失败次数过多，请 300 秒后再试", "address delay message");
	ok(allowed(t, "x", "10.0.0.2", &retry), "other addresses unaffected");
	throttle_success(t, "someone", "10.0.0.1");
	ok(!allowed(t, "x", "10.0.0.1", &retry), "a success does not clear the address");
	fake_now += THROTTLE_IP_FORGET_S;
	throttle_failure(t, "again", "10.0.0.1");
	ok(allowed(t, "x", "10.0.0.1", &retry), "forgotten after an hour without failures");

	for (int i = 0; i < THROTTLE_IP_FREE_FAILURES + 1; i++)
		throttle_failure(t, NULL, i % 2 ? "2001:db8::1" : "2001:db8::ffff:2");
	ok(!allowed(t, NULL, "2001:db8::abcd", &retry), "IPv6 counted per /64");
	ok(allowed(t, NULL, "2001:db8:0:1::1", &retry), "another /64 is separate");
	throttle_free(t);
}

static void test_throttle_bounds(void)
{
	struct throttle *t = throttle_new(4, fake_clock, NULL);
	int64_t retry;
	fake_now = 100000;
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX_FAILURES; i++)
		throttle_failure(t, "victim", NULL);
	char name[32];
	for (int i = 0; i < 50; i++) {
		fake_now++;
		snprintf(name, sizeof name, "flood%d", i);
		throttle_failure(t, name, "192.0.2.1");
	}
	ok(throttle_size(t) <= 8, "at most 4 accounts and 4 addresses kept (%zu)",
	   throttle_size(t));
	ok(!allowed(t, "victim", NULL, &retry), "a locked account survives a flood of new names");

	char longname[300];
	memset(longname, 'q', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX_FAILURES; i++)
		throttle_failure(t, longname, NULL);
	ok(!allowed(t, longname, NULL, &retry), "very long account names are throttled too");
	longname[298] = 'r';
	ok(allowed(t, longname, NULL, &retry), "a long name differing at its end is separate");
	throttle_free(t);
}

struct hammer {
	struct throttle *t;
	int id;
};

static void *hammer_main(void *p)
{
	struct hammer *h = p;
	char acct[32], ip[32];
	int64_t retry;
	for (int i = 0; i < 2000; i++) {
		snprintf(acct, sizeof acct, "u%d", (i * 7 + h->id) % 97);
		snprintf(ip, sizeof ip, "10.%d.0.%d", h->id, i % 50);
		throttle_failure(h->t, acct, ip);
		throttle_check(h->t, acct, ip, &retry, NULL);
		if (i % 5 == 0)
			throttle_success(h->t, acct, ip);
	}
	return NULL;
}

static void test_throttle_threads(void)
{
	struct throttle *t = throttle_new(64, NULL, NULL);
	pthread_t th[4];
	struct hammer h[4];
	for (int i = 0; i < 4; i++) {
		h[i] = (struct hammer){t, i};
		pthread_create(&th[i], NULL, hammer_main, &h[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	ok(throttle_size(t) <= 128, "4 threads x 2000 updates: bounded (%zu)", throttle_size(t));
	throttle_free(t);
}

int main(void)
{
	test_hash();
	test_policy();
	test_tokens();
	test_sm3();
	test_throttle_account();
	test_throttle_ip();
	test_throttle_replay();
	test_throttle_bounds();
	test_throttle_threads();
	return test_done();
}
