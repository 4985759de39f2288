/* store.h - persistence behind one interface.
 *
 * Callers see an opaque struct store and these functions; each backend
 * (store_sqlite.c now, PostgreSQL later) implements struct store_ops in
 * store_int.h. Contract tests (tests/unit/t_store.c) run against every
 * backend through this header only.
 *
 * Conventions:
 * - Every function returns enum app_status and fills err (may be NULL).
 * - Strings passed in are copied or only read during the call.
 * - Rows are delivered to callbacks whose struct pointer is valid only
 *   during the call; a callback returns non-zero to stop early.
 * - A store handle is used by one thread at a time; open one per thread.
 * - Writes outside store_begin/commit are each their own transaction; a
 *   write that fails inside a transaction leaves the transaction open and
 *   unchanged by that write.
 * - Callbacks may call read functions of the same handle (lists nest); they
 *   must not begin, commit or roll back.
 * - The store checks the shape of what it writes (lengths, ranges, date
 *   format: APP_EINVAL naming the field); validating content (check digits,
 *   known district codes) is the core's job, done before.
 * - Storage failures are APP_EDB with the backend's message. */
#ifndef ZJTX_STORE_H
#define ZJTX_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/tier.h"

struct store;

/* Opens (creating if absent) the database named by url: a file path, or
 * "sqlite:PATH" (":memory:" works). "postgresql://..." and "postgres://..."
 * are reserved for the PostgreSQL backend: APP_ENOTSUP in this build. Any
 * other "scheme://" or an empty url is APP_EINVAL. Messages never repeat a
 * URL that may hold a password.
 * Applies pending migrations unless STORE_NO_MIGRATE or STORE_READONLY is
 * given; a database whose schema is newer than this program is
 * APP_ENOTSUP. STORE_READONLY opens an existing database for reading only
 * (writes fail with APP_EDB).
 * SQLite is opened in WAL mode with foreign keys on, synchronous=NORMAL and
 * a busy timeout of STORE_BUSY_TIMEOUT_MS. *out is owned by the caller and
 * released with store_close. */
enum { STORE_NO_MIGRATE = 1, STORE_READONLY = 2 };
enum app_status store_open(const char *url, int flags, struct store **out, struct app_err *err);
/* Closes the handle; NULL is a no-op. Rolls back an open transaction. */
void store_close(struct store *s);

/* Applies pending numbered migrations, each in its own transaction, and
 * records the version. Idempotent. APP_EINTERNAL inside a transaction. */
enum app_status store_migrate(struct store *s, struct app_err *err);
/* Current schema version (the highest applied migration; 0 if none), -1 on
 * error. */
int store_schema_version(struct store *s);
/* Name of the backend: "sqlite", "postgresql". */
const char *store_backend(const struct store *s);

/* Transactions. Nesting is not supported: begin inside a transaction is
 * APP_EINTERNAL, and so are commit or rollback outside one. A transaction
 * takes the write lock at begin (other writers wait up to the busy
 * timeout; readers are not blocked). If the database had to abandon the
 * transaction (I/O error, full disk), commit says so with APP_EDB. Either
 * way the handle is outside a transaction after commit or rollback. */
enum app_status store_begin(struct store *s, struct app_err *err);
enum app_status store_commit(struct store *s, struct app_err *err);
enum app_status store_rollback(struct store *s, struct app_err *err);
/* True between a successful store_begin and its commit/rollback. */
bool store_in_transaction(const struct store *s);

/* ---- enterprises ---- */

/* Filters for lists and exports. NULL/""/0 members do not filter; all
 * given members must hold (AND).
 * Text matching: q matches a name containing q (ASCII letters compared
 * case-insensitively, '%' and '_' literal) or a USCC starting with q.
 * Order: the sort key, then the USCC ascending to break ties. Text sorts
 * by bytes (UTF-8, so not by pinyin); "tier" sorts by rank with no tier
 * lowest; firms with no founding date come last in either direction.
 * Errors: an unknown sort key, a tier outside -1..TIER_COUNT-1 or a
 * negative limit/offset is APP_EINVAL; a text member over MAX_FILTER_TEXT
 * bytes is APP_ETOOLARGE. */
struct store_filter {
	const char *district;       /* district code, or zone code (LJXQ/GXQ/WSJK) */
	const char *industry;       /* prefix of the canonical code: "C", "C35", "C3562" */
	int tier;                   /* enum tier; 0 = any; -1 = firms holding no tier */
	const char *q;              /* text: substring of the name, or prefix of the USCC */
	const char *uscc;           /* exactly this firm (scope of an enterprise user) */
	const char *scope_district; /* restrict to this district or zone (scope) */
	const char *sort; /* "uscc" (default), "name", "district", "industry", "tier", "founded" */
	bool desc;
	long limit; /* 0 = no limit */
	long offset;
};

typedef int (*store_enterprise_cb)(void *ctx, const struct enterprise *e);

/* Inserts or updates by USCC. *created (may be NULL) tells which. The tier
 * fields of e are ignored (the tier history maintains them). Empty optional
 * fields ("" or 0) are stored as missing. APP_EINVAL if uscc is not 18
 * characters or name, district or industry is empty. */
enum app_status store_enterprise_put(struct store *s, const struct enterprise *e, bool *created,
                                     struct app_err *err);
/* Fills *out (tier and tier_until included). APP_ENOTFOUND if absent. */
enum app_status store_enterprise_get(struct store *s, const char *uscc, struct enterprise *out,
                                     struct app_err *err);
/* Calls cb for each firm matching f (may be NULL) in the requested order
 * and page, and sets *total (may be NULL) to the count of all matches
 * ignoring the page. A callback stopping early is not an error. */
enum app_status store_enterprise_list(struct store *s, const struct store_filter *f,
                                      store_enterprise_cb cb, void *ctx, long *total,
                                      struct app_err *err);

/* Counts firms matching f (sort and page ignored) by (reporting unit,
 * tier): cb gets each non-empty cell, ordered by unit code then tier rank
 * (TIER_NONE first). The reporting unit is the zone code if the firm has
 * one, else its district. */
typedef int (*store_count_cb)(void *ctx, const char *unit, int tier, long count);
enum app_status store_enterprise_counts(struct store *s, const struct store_filter *f,
                                        store_count_cb cb, void *ctx, struct app_err *err);

/* ---- annual figures ---- */

/* Writes the columns of a selected by cols (bit k = annual key k) for
 * (a->uscc, a->year), creating the row if needed (columns not selected are
 * then missing). A selected column that is missing in a (bit clear in
 * a->has) is stored as missing (NULL, never 0); columns not selected keep
 * their stored values. APP_ENOTFOUND if the firm does not exist;
 * APP_EINVAL for a bit of cols at or above ANNUAL_KEY_COUNT or a year
 * outside 1900..2999. */
enum app_status store_annual_put(struct store *s, const struct annual *a, uint64_t cols,
                                 struct app_err *err);
/* Fills *out (has = the columns present). APP_ENOTFOUND if there is no row
 * for (uscc, year). */
enum app_status store_annual_get(struct store *s, const char *uscc, int year, struct annual *out,
                                 struct app_err *err);

typedef int (*store_annual_cb)(void *ctx, const struct annual *a);
/* All annual rows of firms matching f (page members ignored), ordered by
 * USCC then year; year 0 = every year. */
enum app_status store_annual_list(struct store *s, const struct store_filter *f, int year,
                                  store_annual_cb cb, void *ctx, struct app_err *err);

/* ---- tier history (append-only) ---- */

struct tier_event {
	long id; /* assigned by the store */
	char uscc[19];
	enum tier tier;
	enum tier_status status;
	char since[11]; /* "YYYY-MM-DD" */
	char until[11]; /* valid-until (last day), "" if none */
	char reason[256];
	char doc_no[128];     /* 文号, e.g. "渝经信中小〔2023〕3号" */
	char actor[64];       /* who recorded it (user name or "import") */
	char recorded_at[20]; /* "YYYY-MM-DD HH:MM:SS" UTC, assigned by the store */
};

/* Appends an event (id and recorded_at filled in ev) and updates the firm's
 * current tier: the highest tier whose latest event (by since, then id)
 * has a holding status (tier_status_holds), with that event's until.
 * APP_ENOTFOUND if the firm does not exist; APP_EINVAL for a tier or status
 * out of range or a since/until that is not YYYY-MM-DD. Events are never
 * updated or deleted (the database refuses it). */
enum app_status store_tier_add(struct store *s, struct tier_event *ev, struct app_err *err);
typedef int (*store_tier_cb)(void *ctx, const struct tier_event *ev);
/* The firm's events, oldest first (by since, then id). APP_ENOTFOUND if
 * the firm does not exist. */
enum app_status store_tier_history(struct store *s, const char *uscc, store_tier_cb cb, void *ctx,
                                   struct app_err *err);

/* ---- maintenance ---- */

/* Online backup to a new file at path (SQLite backup API): a consistent
 * copy of the committed state. APP_ECONFLICT if path exists or the handle
 * is inside a transaction; on failure no file is left at path. */
enum app_status store_backup(struct store *s, const char *path, struct app_err *err);
/* Runs the backend's integrity and foreign-key checks; APP_EDB with the
 * first problem. */
enum app_status store_check(struct store *s, struct app_err *err);

#endif
