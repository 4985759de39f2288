/* password.c - argon2id hashing with a concurrency bound, and the policy. */
#include "password.h"

#include <argon2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "base/str.h"
#include "crypto.h"

/* Upper bounds accepted from a stored hash, so a tampered row cannot make
 * a verification take minutes or gigabytes. */
enum { PHC_MAX_T = 16, PHC_MAX_M_KIB = 1024 * 1024, PHC_MAX_P = 16 };

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cond = PTHREAD_COND_INITIALIZER;
static int slots_used;

static void slot_take(void)
{
	pthread_mutex_lock(&slots_lock);
	while (slots_used >= PASSWORD_MAX_CONCURRENT)
		pthread_cond_wait(&slots_cond, &slots_lock);
	slots_used++;
	pthread_mutex_unlock(&slots_lock);
}

static void slot_give(void)
{
	pthread_mutex_lock(&slots_lock);
	slots_used--;
	pthread_cond_signal(&slots_cond);
	pthread_mutex_unlock(&slots_lock);
}

static bool too_long(const char *pw)
{
	return strlen(pw) > (size_t)MAX_PASSWORD_CHARS * 4;
}

enum app_status password_hash(const char *pw, char out[PASSWORD_PHC_MAX], struct app_err *err)
{
	if (too_long(pw))
		return app_err_set(err, APP_EINVAL, "密码长度不能超过 %d 个字符",
		                   MAX_PASSWORD_CHARS);
	unsigned char salt[PASSWORD_SALT_BYTES];
	enum app_status s = crypto_random(salt, sizeof salt, err);
	if (s != APP_OK)
		return s;
	slot_take();
	int rc = argon2id_hash_encoded(PASSWORD_T_COST, PASSWORD_M_COST_KIB, PASSWORD_PARALLELISM,
	                               pw, strlen(pw), salt, sizeof salt, PASSWORD_HASH_BYTES, out,
	                               PASSWORD_PHC_MAX);
	slot_give();
	if (rc != ARGON2_OK)
		return app_err_set(err, APP_EINTERNAL, "密码哈希计算失败：%s",
		                   argon2_error_message(rc));
	return APP_OK;
}

/* Reads "m=..,t=..,p=.." of an argon2id PHC string. */
static bool phc_params(const char *phc, long *m, long *t, long *p)
{
	static const char prefix[] = "$argon2id$v=19$";
	if (strncmp(phc, prefix, sizeof prefix - 1) != 0)
		return false;
	char tail;
	return sscanf(phc + sizeof prefix - 1, "m=%ld,t=%ld,p=%ld%c", m, t, p, &tail) == 4 &&
	       tail == '$';
}

enum app_status password_verify(const char *pw, const char *phc, struct app_err *err)
{
	long m, t, p;
	if (!phc_params(phc, &m, &t, &p) || m < 8 || m > PHC_MAX_M_KIB || t < 1 || t > PHC_MAX_T ||
	    p < 1 || p > PHC_MAX_P)
		return app_err_set(err, APP_EINVAL, "存储的密码哈希格式无效");
	if (too_long(pw))
		return app_err_set(err, APP_EAUTH, "用户名或密码错误");
	slot_take();
	int rc = argon2id_verify(phc, pw, strlen(pw));
	slot_give();
	if (rc == ARGON2_OK)
		return APP_OK;
	if (rc == ARGON2_VERIFY_MISMATCH)
		return app_err_set(err, APP_EAUTH, "用户名或密码错误");
	return app_err_set(err, APP_EINVAL, "存储的密码哈希无效：%s", argon2_error_message(rc));
}

void password_verify_dummy(const char *pw)
{
	/* A fixed salt is fine: the result is thrown away. */
	static const unsigned char salt[PASSWORD_SALT_BYTES] = {0x7a, 0x6a, 0x74, 0x78};
	unsigned char out[PASSWORD_HASH_BYTES];
	if (too_long(pw))
		return;
	slot_take();
	argon2id_hash_raw(PASSWORD_T_COST, PASSWORD_M_COST_KIB, PASSWORD_PARALLELISM, pw,
	                  strlen(pw), salt, sizeof salt, out, sizeof out);
	slot_give();
}

bool password_needs_rehash(const char *phc)
{
	long m, t, p;
	if (!phc_params(phc, &m, &t, &p))
		return true;
	return m != PASSWORD_M_COST_KIB || t != PASSWORD_T_COST || p != PASSWORD_PARALLELISM;
}

/* Case-insensitive (ASCII) substring search. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++)
		if (strncasecmp(h, needle, n) == 0)
			return true;
	return false;
}

enum app_status password_policy_check(const char *pw, const char *username, struct app_err *err)
{
	size_t bytes = strlen(pw);
	if (!utf8_valid(pw, bytes))
		return app_err_set(err, APP_EINVAL, "密码不是合法的 UTF-8 文本");
	bool upper = false, lower = false, digit = false, symbol = false;
	for (const char *p = pw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return app_err_set(err, APP_EINVAL, "密码不能包含控制字符");
		if (c >= 'A' && c <= 'Z')
			upper = true;
		else if (c >= 'a' && c <= 'z')
			lower = true;
		else if (c >= '0' && c <= '9')
			digit = true;
		else
			symbol = true;
	}
	size_t chars = utf8_chars(pw, bytes);
	if (chars < PASSWORD_MIN_CHARS)
		return app_err_set(err, APP_EINVAL, "密码长度至少为 %d 个字符", PASSWORD_MIN_CHARS);
	if (chars > MAX_PASSWORD_CHARS)
		return app_err_set(err, APP_EINVAL, "密码长度不能超过 %d 个字符",
		                   MAX_PASSWORD_CHARS);
	if ((int)upper + (int)lower + (int)digit + (int)symbol < PASSWORD_MIN_CLASSES)
		return app_err_set(err, APP_EINVAL,
		                   "密码须包含大写字母、小写字母、数字、符号中的至少 %d 类",
		                   PASSWORD_MIN_CLASSES);
	if (username && utf8_chars(username, strlen(username)) >= PASSWORD_USERNAME_MIN_CHARS &&
	    contains_ci(pw, username))
		return app_err_set(err, APP_EINVAL, "密码不能包含用户名");
	return APP_OK;
}
