/* throttle.h - sign-in throttling per account and per client address.
 *
 * 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1 b) asks for handling of failed
 * sign-ins: limit the attempts and lock out. The policy:
 *
 * - account: THROTTLE_ACCOUNT_MAX_FAILURES failures within
 *   THROTTLE_ACCOUNT_WINDOW_S lock the account for THROTTLE_ACCOUNT_LOCK_S;
 *   a successful sign-in clears its count;
 * - address: the first THROTTLE_IP_FREE_FAILURES failures cost nothing;
 *   each further failure makes the address wait THROTTLE_IP_BASE_DELAY_S,
 *   doubling each time up to THROTTLE_IP_MAX_DELAY_S, before its next
 *   attempt; the count is forgotten after THROTTLE_IP_FORGET_S without a
 *   failure. Successes do not clear it (one valid account must not let an
 *   address keep guessing others). IPv6 addresses count per /64, since one
 *   client usually holds a whole /64.
 *
 * Usage: throttle_check before verifying the password (and do not verify
 * when it refuses); then throttle_failure or throttle_success.
 *
 * Memory is bounded: each table keeps at most max_entries keys; when full,
 * an expired entry is reused, else the least recently touched one (an
 * account that is locked now is evicted only if every entry is locked).
 * All functions are thread-safe (one mutex). */
#ifndef ZJTX_THROTTLE_H
#define ZJTX_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define THROTTLE_ACCOUNT_MAX_FAILURES 5
#define THROTTLE_ACCOUNT_WINDOW_S     (15 * 60)
#define THROTTLE_ACCOUNT_LOCK_S       (15 * 60)
#define THROTTLE_IP_FREE_FAILURES     10
#define THROTTLE_IP_BASE_DELAY_S      1
#define THROTTLE_IP_MAX_DELAY_S       (5 * 60)
#define THROTTLE_IP_FORGET_S          (60 * 60)

struct throttle;

/* A clock in seconds; NULL means CLOCK_MONOTONIC. Tests pass a fake. */
struct throttle *throttle_new(size_t max_entries, int64_t (*now)(void *ctx), void *ctx);
/* NULL is a no-op. */
void throttle_free(struct throttle *t);

/* May account try to sign in from ip now? APP_OK, or APP_ETHROTTLED with a
 * Chinese message and *retry_after (seconds, >= 1) set. Either key may be
 * NULL or "" to skip that check. Accounts are compared ignoring ASCII
 * case. */
enum app_status throttle_check(struct throttle *t, const char *account, const char *ip,
                               int64_t *retry_after, struct app_err *err);
/* Records a failed sign-in. */
void throttle_failure(struct throttle *t, const char *account, const char *ip);
/* Records a successful sign-in (clears the account's count). */
void throttle_success(struct throttle *t, const char *account, const char *ip);
/* The same for a sign-in that happened ago_s seconds before now (>= 0):
 * restoring the state from the audit log after a restart, oldest first. */
void throttle_failure_ago(struct throttle *t, const char *account, const char *ip, int64_t ago_s);
void throttle_success_ago(struct throttle *t, const char *account, int64_t ago_s);

/* Number of remembered accounts and addresses (for tests and metrics). */
size_t throttle_size(struct throttle *t);

#endif
