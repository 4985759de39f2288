/* store_sqlite_int.h - the SQLite backend's handle and helpers, shared by
 * store_sqlite.c and the per-domain files store_sqlite_*.c. Only the SQLite
 * backend includes this.
 *
 * A domain file keeps its SQL as static const char arrays and runs them with
 * sq_stmt()/sq_stmt_done(): each distinct SQL text (by address) is prepared
 * once per handle and reused. Values are always bound, never formatted. */
#ifndef ZJTX_STORE_SQLITE_INT_H
#define ZJTX_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/store_int.h"

/* A cached statement: prepared on first use, then reset and reused. */
struct slot {
	sqlite3_stmt *st;
	bool busy; /* handed out by prep() and not yet returned by done() */
};

/* A cached statement of another backend file, keyed by its SQL's address. */
struct sq_xslot {
	const char *sql;
	struct slot slot;
};

struct shaped;

/* The fixed statements of store_sqlite.c. */
enum q_id {
	Q_BEGIN,
	Q_BEGIN_RO,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_RELEASE,
	Q_ROLLBACK_TO,
	Q_ENT_INSERT,
	Q_ENT_UPDATE,
	Q_ENT_GET,
	Q_ENT_EXISTS,
	Q_ANNUAL_PUT, /* built at open */
	Q_ANNUAL_GET, /* built at open */
	Q_TIER_INSERT,
	Q_TIER_FOLD,
	Q_TIER_SET,
	Q_TIER_HISTORY,
	Q_MIG_EXISTS,
	Q_MIG_CREATE,
	Q_MIG_HAS,
	Q_MIG_ADD,
	Q_MIG_MAX,
	Q_INTEGRITY,
	Q_FK_CHECK,
	Q_COUNT
};

/* The handle. base must stay the first member (store_int.h). */
struct sq {
	struct store base;
	sqlite3 *db;
	struct slot fixed[Q_COUNT];
	char *built[Q_COUNT]; /* SQL assembled at open, NULL for fixed_sql[] */
	struct shaped *shaped;
	time_t now_t; /* store_now() cached per second */
	char now[20];
	struct sq_xslot *extra; /* statements of store_sqlite_*.c */
	size_t nextra, cap_extra;
};

/* Maps an SQLite result code to a status and fills err with what failed
 * (Chinese) and SQLite's message. */
enum app_status sq_fail(struct sq *s, int rc, const char *what, struct app_err *err);

/* The statement for sql (a static string: its address is the cache key),
 * ready for binding, or NULL with *rc set. Hand it back with sq_stmt_done.
 * A statement already in use by an outer call is prepared afresh. */
sqlite3_stmt *sq_stmt(struct sq *s, const char *sql, int *rc);
void sq_stmt_done(struct sq *s, const char *sql, sqlite3_stmt *st);
/* Runs sql (no parameters) to completion. */
enum app_status sq_exec(struct sq *s, const char *sql, const char *what, struct app_err *err);

/* Binding (abort on a programming error). Empty text binds NULL. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *v);
void sq_bind_i64(sqlite3_stmt *st, int i, int64_t v);
/* Binds v, or NULL when v is 0. */
void sq_bind_i64_opt(sqlite3_stmt *st, int i, int64_t v);
/* Copies column i (NULL reads as "") into dst of size n. */
void sq_col_text(sqlite3_stmt *st, int i, char *dst, size_t n);

/* "YYYY-MM-DD HH:MM:SS" UTC, cached per second. */
const char *sq_now(struct sq *s);

/* A write unit: its own transaction, or a savepoint inside the caller's.
 * sq_unit_end commits (or releases) when st is APP_OK, else undoes it, and
 * returns the final status. */
enum app_status sq_unit_begin(struct sq *s, bool *sp, struct app_err *err);
enum app_status sq_unit_end(struct sq *s, bool sp, enum app_status st, struct app_err *err);

/* One-statement helpers for the domain files (store_sqlite_workflow.c).
 * bind(st, arg) binds the parameters; sq_write steps once, sets *rowid (may
 * be NULL) to the last inserted rowid and *changes (may be NULL) to the rows
 * changed; sq_read calls row(st, ctx) for each row until it returns
 * non-zero. A foreign-key failure is APP_ENOTFOUND, a unique one
 * APP_ECONFLICT (sq_fail otherwise); messages start with `what`. */
typedef void (*sq_binder)(sqlite3_stmt *st, const void *arg);
enum app_status sq_write(struct sq *s, const char *sql, sq_binder bind, const void *arg,
                         const char *what, long *rowid, int *changes, struct app_err *err);
enum app_status sq_read(struct sq *s, const char *sql, sq_binder bind, const void *arg,
                        int (*row)(sqlite3_stmt *st, void *ctx), void *ctx, const char *what,
                        struct app_err *err);
/* Binds a long-lived text (NULL or "" as NULL) and an optional integer
 * (v < 0 as NULL). */
void sq_bind_opt_long(sqlite3_stmt *st, int i, long v);

/* Per-domain operation tables (store_sqlite_<domain>.c). */
extern const struct store_audit_ops sq_audit_ops;
extern const struct store_user_ops sq_user_ops;
extern const struct store_monthly_ops sq_monthly_ops;
extern const struct store_workflow_ops sq_workflow_ops;
extern const struct store_review_ops sq_review_ops;
extern const struct store_manage_ops sq_manage_ops;

#endif
