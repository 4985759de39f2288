/* crypto.c - tokens, digests and constant-time comparison. */
#include "crypto.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>

enum app_status crypto_random(void *buf, size_t n, struct app_err *err)
{
	unsigned char *p = buf;
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return app_err_set(err, APP_EIO, "无法从操作系统获取随机数：%s",
			                   strerror(errno));
		}
		p += r;
		n -= (size_t)r;
	}
	return APP_OK;
}

size_t crypto_base64url(const void *data, size_t n, char *out)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *p = data;
	size_t j = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[j++] = alphabet[v >> 18 & 63];
		out[j++] = alphabet[v >> 12 & 63];
		out[j++] = alphabet[v >> 6 & 63];
		out[j++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		out[j++] = alphabet[v >> 18 & 63];
		out[j++] = alphabet[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[j++] = alphabet[v >> 18 & 63];
		out[j++] = alphabet[v >> 12 & 63];
		out[j++] = alphabet[v >> 6 & 63];
	}
	out[j] = '\0';
	return j;
}

enum app_status crypto_token_new(char out[CRYPTO_TOKEN_CHARS + 1], struct app_err *err)
{
	unsigned char raw[CRYPTO_TOKEN_BYTES];
	enum app_status s = crypto_random(raw, sizeof raw, err);
	if (s != APP_OK)
		return s;
	crypto_base64url(raw, sizeof raw, out);
	OPENSSL_cleanse(raw, sizeof raw);
	return APP_OK;
}

void crypto_hex(const void *data, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Digest implementations, fetched once. OpenSSL 3 fetches are costly when
 * repeated implicitly (EVP_get_digestbyname per call), so keep them. */
static EVP_MD *md_sha256, *md_sm3;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void fetch_digests(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
#else
	md_sha256 = (EVP_MD *)EVP_sha256();
	md_sm3 = (EVP_MD *)EVP_get_digestbyname("SM3");
#endif
}

bool crypto_sm3_available(void)
{
	pthread_once(&md_once, fetch_digests);
	return md_sm3 != NULL;
}

enum app_status crypto_digest(enum crypto_digest alg, const struct strv *parts, size_t n,
                              uint8_t out[CRYPTO_DIGEST_BYTES], struct app_err *err)
{
	pthread_once(&md_once, fetch_digests);
	const EVP_MD *md = alg == CRYPTO_SM3 ? md_sm3 : md_sha256;
	if (!md)
		return app_err_set(err, APP_ENOTSUP,
		                   alg == CRYPTO_SM3
		                       ? "本机的 OpenSSL 不提供 SM3 摘要算法（需要 OpenSSL 1.1.1 "
		                         "及以上且未禁用 SM3），无法计算审计日志的哈希链"
		                       : "本机的 OpenSSL 不提供 SHA-256 摘要算法");
	enum app_status s = APP_OK;
	unsigned int len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].n) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == CRYPTO_DIGEST_BYTES;
	if (!ok)
		s = app_err_set(err, APP_EINTERNAL, "OpenSSL 摘要计算失败");
	EVP_MD_CTX_free(ctx);
	return s;
}

enum app_status crypto_sm3(const void *data, size_t n, uint8_t out[CRYPTO_DIGEST_BYTES],
                           struct app_err *err)
{
	struct strv part = {data, n};
	return crypto_digest(CRYPTO_SM3, &part, 1, out, err);
}

enum app_status crypto_token_hash(const char *token, char hex[CRYPTO_DIGEST_HEX],
                                  struct app_err *err)
{
	uint8_t d[CRYPTO_DIGEST_BYTES];
	struct strv part = strv_from(token);
	enum app_status s = crypto_digest(CRYPTO_SHA256, &part, 1, d, err);
	if (s == APP_OK)
		crypto_hex(d, sizeof d, hex);
	return s;
}

bool crypto_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

bool crypto_streq(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);
	if (an != bn)
		return false;
	return CRYPTO_memcmp(a, b, an) == 0;
}
