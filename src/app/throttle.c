/* throttle.c - bounded tables of sign-in failures per account and per
 * address. Each table is a chained hash over a fixed pool of entries. */
#include "throttle.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "crypto.h"

enum { KEY_MAX = 96 };

struct entry {
	char key[KEY_MAX];
	uint32_t hash;
	int32_t next; /* next in bucket chain, -1 = end */
	bool used;
	int64_t failures; /* in the current window (account) or since forgotten (ip) */
	int64_t first;    /* account: start of the window */
	int64_t last;     /* last failure or touch */
	int64_t until;    /* account: locked until; ip: next attempt allowed at */
};

struct table {
	struct entry *e;
	size_t cap, used;
	int32_t *buckets; /* nbuckets heads, -1 = empty */
	size_t nbuckets;  /* power of two */
};

struct throttle {
	pthread_mutex_t lock;
	int64_t (*now)(void *ctx);
	void *ctx;
	struct table account, ip;
};

static int64_t mono_s(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void table_init(struct table *t, size_t cap)
{
	t->cap = cap ? cap : 1;
	t->e = xcalloc(t->cap, sizeof *t->e);
	t->nbuckets = 16;
	while (t->nbuckets < t->cap)
		t->nbuckets *= 2;
	t->buckets = xmalloc(t->nbuckets * sizeof *t->buckets);
	for (size_t i = 0; i < t->nbuckets; i++)
		t->buckets[i] = -1;
	t->used = 0;
}

struct throttle *throttle_new(size_t max_entries, int64_t (*now)(void *ctx), void *ctx)
{
	struct throttle *t = xcalloc(1, sizeof *t);
	pthread_mutex_init(&t->lock, NULL);
	t->now = now ? now : mono_s;
	t->ctx = ctx;
	table_init(&t->account, max_entries);
	table_init(&t->ip, max_entries);
	return t;
}

void throttle_free(struct throttle *t)
{
	if (!t)
		return;
	free(t->account.e);
	free(t->account.buckets);
	free(t->ip.e);
	free(t->ip.buckets);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* FNV-1a, 32 bits: the keys are attacker-chosen, but chains are bounded by
 * the table size and every operation already follows a slow hash. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* Account key: ASCII-lower-cased name; names too long for a key are
 * replaced by their SHA-256 so that distinct names never share a key. */
static void account_key(const char *name, char key[KEY_MAX])
{
	size_t n = strlen(name);
	if (n >= KEY_MAX) {
		uint8_t d[CRYPTO_DIGEST_BYTES];
		struct strv part = {name, n};
		key[0] = '#';
		if (crypto_digest(CRYPTO_SHA256, &part, 1, d, NULL) == APP_OK)
			crypto_hex(d, sizeof d, key + 1);
		else
			snprintf(key + 1, KEY_MAX - 1, "%.*s", KEY_MAX - 2, name);
		return;
	}
	for (size_t i = 0; i <= n; i++) {
		char c = name[i];
		key[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
}

/* Address key: IPv6 cut to its /64, anything else as given. */
static void ip_key(const char *ip, char key[KEY_MAX])
{
	struct in6_addr a;
	if (inet_pton(AF_INET6, ip, &a) == 1 && !IN6_IS_ADDR_V4MAPPED(&a)) {
		memset(&a.s6_addr[8], 0, 8);
		char txt[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, &a, txt, sizeof txt);
		snprintf(key, KEY_MAX, "%s/64", txt);
		return;
	}
	snprintf(key, KEY_MAX, "%s", ip);
}

static struct entry *find(struct table *t, const char *key, uint32_t h)
{
	for (int32_t i = t->buckets[h & (t->nbuckets - 1)]; i >= 0; i = t->e[i].next)
		if (t->e[i].hash == h && strcmp(t->e[i].key, key) == 0)
			return &t->e[i];
	return NULL;
}

static void unlink_entry(struct table *t, struct entry *victim)
{
	int32_t idx = (int32_t)(victim - t->e);
	int32_t *link = &t->buckets[victim->hash & (t->nbuckets - 1)];
	while (*link != idx)
		link = &t->e[*link].next;
	*link = victim->next;
	victim->used = false;
	t->used--;
}

static bool expired(const struct entry *e, bool is_account, int64_t now)
{
	if (is_account)
		return e->until <= now && now - e->first >= THROTTLE_ACCOUNT_WINDOW_S;
	return e->until <= now && now - e->last >= THROTTLE_IP_FORGET_S;
}

/* Frees one entry of a full table: an expired one, else the least recently
 * touched one, sparing entries that block right now when possible. */
static struct entry *evict(struct table *t, bool is_account, int64_t now)
{
	struct entry *best = NULL;
	bool best_blocking = true;
	for (size_t i = 0; i < t->cap; i++) {
		struct entry *e = &t->e[i];
		if (expired(e, is_account, now)) {
			best = e;
			break;
		}
		bool blocking = e->until > now;
		if (!best || (best_blocking && !blocking) ||
		    (best_blocking == blocking && e->last < best->last)) {
			best = e;
			best_blocking = blocking;
		}
	}
	unlink_entry(t, best);
	return best;
}

static struct entry *get_or_add(struct table *t, const char *key, bool is_account, int64_t now)
{
	uint32_t h = fnv1a(key);
	struct entry *e = find(t, key, h);
	if (e)
		return e;
	if (t->used == t->cap) {
		e = evict(t, is_account, now);
	} else {
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->e[i].used) {
				e = &t->e[i];
				break;
			}
		}
	}
	APP_ASSERT(e != NULL); /* used < cap guarantees a free slot */
	memset(e, 0, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", key);
	e->hash = h;
	e->used = true;
	e->first = e->last = now;
	int32_t *head = &t->buckets[h & (t->nbuckets - 1)];
	e->next = *head;
	*head = (int32_t)(e - t->e);
	t->used++;
	return e;
}

enum app_status throttle_check(struct throttle *t, const char *account, const char *ip,
                               int64_t *retry_after, struct app_err *err)
{
	char key[KEY_MAX];
	enum app_status s = APP_OK;
	pthread_mutex_lock(&t->lock);
	int64_t now = t->now(t->ctx);
	if (account && account[0]) {
		account_key(account, key);
		struct entry *e = find(&t->account, key, fnv1a(key));
		if (e && e->until > now) {
			*retry_after = e->until - now;
			s = app_err_set(err, APP_ETHROTTLED,
			                "账号因连续 %d 次登录失败已被锁定，请 %lld 分钟后再试",
			                THROTTLE_ACCOUNT_MAX_FAILURES,
			                (long long)((*retry_after + 59) / 60));
			goto out;
		}
	}
	if (ip && ip[0]) {
		ip_key(ip, key);
		struct entry *e = find(&t->ip, key, fnv1a(key));
		if (e && e->until > now) {
			*retry_after = e->until - now;
			s = app_err_set(err, APP_ETHROTTLED, "登录失败次数过多，请 %lld 秒后再试",
			                (long long)*retry_after);
		}
	}
out:
	pthread_mutex_unlock(&t->lock);
	return s;
}

static void account_failure(struct throttle *t, const char *account, int64_t now)
{
	char key[KEY_MAX];
	account_key(account, key);
	struct entry *e = get_or_add(&t->account, key, true, now);
	if (now - e->first >= THROTTLE_ACCOUNT_WINDOW_S || e->failures == 0) {
		e->failures = 0;
		e->first = now;
	}
	e->last = now;
	if (++e->failures >= THROTTLE_ACCOUNT_MAX_FAILURES) {
		e->until = now + THROTTLE_ACCOUNT_LOCK_S;
		e->failures = 0;
		e->first = now;
	}
}

static void ip_failure(struct throttle *t, const char *ip, int64_t now)
{
	char key[KEY_MAX];
	ip_key(ip, key);
	struct entry *e = get_or_add(&t->ip, key, false, now);
	if (now - e->last >= THROTTLE_IP_FORGET_S)
		e->failures = 0;
	e->last = now;
	int64_t over = ++e->failures - THROTTLE_IP_FREE_FAILURES;
	if (over <= 0)
		return;
	int64_t delay = THROTTLE_IP_BASE_DELAY_S;
	for (int64_t i = 1; i < over && delay < THROTTLE_IP_MAX_DELAY_S; i++)
		delay *= 2;
	if (delay > THROTTLE_IP_MAX_DELAY_S)
		delay = THROTTLE_IP_MAX_DELAY_S;
	e->until = now + delay;
}

void throttle_failure(struct throttle *t, const char *account, const char *ip)
{
	throttle_failure_ago(t, account, ip, 0);
}

void throttle_failure_ago(struct throttle *t, const char *account, const char *ip, int64_t ago_s)
{
	pthread_mutex_lock(&t->lock);
	int64_t now = t->now(t->ctx) - (ago_s > 0 ? ago_s : 0);
	if (account && account[0])
		account_failure(t, account, now);
	if (ip && ip[0])
		ip_failure(t, ip, now);
	pthread_mutex_unlock(&t->lock);
}

void throttle_success(struct throttle *t, const char *account, const char *ip)
{
	(void)ip;
	throttle_success_ago(t, account, 0);
}

void throttle_success_ago(struct throttle *t, const char *account, int64_t ago_s)
{
	if (!account || !account[0])
		return;
	char key[KEY_MAX];
	account_key(account, key);
	pthread_mutex_lock(&t->lock);
	struct entry *e = find(&t->account, key, fnv1a(key));
	if (e && e->until <= t->now(t->ctx) - (ago_s > 0 ? ago_s : 0))
		unlink_entry(&t->account, e);
	pthread_mutex_unlock(&t->lock);
}

size_t throttle_size(struct throttle *t)
{
	pthread_mutex_lock(&t->lock);
	size_t n = t->account.used + t->ip.used;
	pthread_mutex_unlock(&t->lock);
	return n;
}
