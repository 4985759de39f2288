/* store_audit.h - storage of the audit log (the chain is computed by
 * app/audit.c; the store only keeps rows in order and never changes them). */
#ifndef ZJTX_STORE_AUDIT_H
#define ZJTX_STORE_AUDIT_H

#include "store/store.h"

#define AUDIT_HASH_HEX 64 /* SM3 digest as lower-case hex */

struct audit_row {
	long seq;
	char time[20];
	char actor[64];
	char role[16];
	char ip[48];
	char action[48];
	char entity[32];
	char entity_id[64];
	char *before; /* JSON or NULL; owned by whoever filled the row */
	char *after;
	char prev_hash[AUDIT_HASH_HEX + 1];
	char hash[AUDIT_HASH_HEX + 1];
};

struct audit_filter {
	const char *entity;    /* NULL = any */
	const char *entity_id; /* NULL = any */
	const char *actor;
	const char *from, *to; /* time range, "YYYY-MM-DD[ HH:MM:SS]" inclusive; NULL = open */
	bool desc;             /* newest first */
	long limit, offset;    /* limit 0 = all */
};

/* The last row's seq and hash (0 and 64 zeros when the log is empty). Call
 * inside the write transaction that will append, so no other writer can
 * slip in between. */
enum app_status store_audit_last(struct store *s, long *seq, char hash[AUDIT_HASH_HEX + 1],
                                 struct app_err *err);
/* Appends r as is (seq, time and hashes already set). APP_ECONFLICT if
 * r->seq is taken. */
enum app_status store_audit_insert(struct store *s, const struct audit_row *r, struct app_err *err);

/* Rows matching f in seq order (desc if asked); *total (may be NULL) counts
 * all matches. The row passed to cb (and its before/after) is valid only
 * during the call. */
typedef int (*store_audit_cb)(void *ctx, const struct audit_row *r);
enum app_status store_audit_list(struct store *s, const struct audit_filter *f, store_audit_cb cb,
                                 void *ctx, long *total, struct app_err *err);

#endif
