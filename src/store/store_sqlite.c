/* store_sqlite.c - the SQLite backend of store.h (struct store_ops).
 *
 * One connection per handle, opened in WAL mode with foreign keys on,
 * synchronous=FULL and a busy timeout. Every statement is prepared once
 * per handle and then reset and reused, so a call costs a bind, a step and
 * a reset. Two kinds of cached statements:
 * - fixed: one SQL text each (fixed_sql[], plus the annual ones built at
 *   open from the constant key table annual_indicators[]);
 * - shaped: list queries whose WHERE and ORDER BY depend on which filter
 *   members are set and on the sort key; the text is assembled from the
 *   constant fragments below (never from values), cached by shape.
 * Values are always bound parameters. A statement in use (a callback that
 * calls back into the store) is not shared: the nested call prepares a
 * transient copy. Migrations are the embedded src/store/sql/sqlite/NNNN_name.sql. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/str.h"
#include "store/store_sqlite_int.h"

#define SQ_DIALECT_DIR "src/store/sql/sqlite/"
#define SQ_MAX_SQL     (16 * 1024) /* bytes of one assembled statement */

/* A cached statement of one query shape. */
struct shaped {
	struct shaped *next;
	unsigned key; /* kind, mask, sort, desc, year: see shape_key() */
	char *sql;
	struct slot slot;
};

/* Columns of an enterprise row, in the order row_enterprise() reads. */
#define ENT_COLS                                                                                   \
	"e.uscc, e.name, e.district, e.zone, e.industry, e.emerging, e.founded, e.niche_since, "   \
	"e.contact, e.phone, e.tier, e.tier_until"

/* Parameters ?1..?11 of both statements: see bind_enterprise(). */
static const char *const fixed_sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_BEGIN_RO] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_SAVEPOINT] = "SAVEPOINT store_op",
    [Q_RELEASE] = "RELEASE store_op",
    [Q_ROLLBACK_TO] = "ROLLBACK TO store_op",
    [Q_ENT_INSERT] = "INSERT INTO enterprises (uscc, name, district, zone, industry, emerging, "
                     "founded, niche_since, contact, phone, created_at, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) "
                     "ON CONFLICT (uscc) DO NOTHING",
    [Q_ENT_UPDATE] = "UPDATE enterprises SET name = ?2, district = ?3, zone = ?4, "
                     "industry = ?5, emerging = ?6, founded = ?7, niche_since = ?8, "
                     "contact = ?9, phone = ?10, updated_at = ?11 WHERE uscc = ?1",
    [Q_ENT_GET] = "SELECT " ENT_COLS " FROM enterprises e WHERE e.uscc = ?1",
    [Q_ENT_EXISTS] = "SELECT 1 FROM enterprises WHERE uscc = ?1",
    [Q_TIER_INSERT] = "INSERT INTO tier_events (uscc, tier, status, since, until, reason, "
                      "doc_no, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_TIER_FOLD] = "SELECT tier, status, until FROM tier_events WHERE uscc = ?1 "
                    "ORDER BY since, id",
    [Q_TIER_SET] = "UPDATE enterprises SET tier = ?2, tier_until = ?3, updated_at = ?4 "
                   "WHERE uscc = ?1",
    [Q_TIER_HISTORY] = "SELECT id, uscc, tier, status, since, until, reason, doc_no, actor, "
                       "recorded_at FROM tier_events WHERE uscc = ?1 ORDER BY since, id",
    [Q_MIG_EXISTS] = "SELECT count(*) FROM sqlite_master "
                     "WHERE type = 'table' AND name = 'schema_migrations'",
    [Q_MIG_CREATE] = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
                     "KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    [Q_MIG_HAS] = "SELECT 1 FROM schema_migrations WHERE version = ?1",
    [Q_MIG_ADD] = "INSERT INTO schema_migrations (version, name, applied_at) "
                  "VALUES (?1, ?2, ?3)",
    [Q_MIG_MAX] = "SELECT coalesce(max(version), 0) FROM schema_migrations",
    [Q_INTEGRITY] = "PRAGMA integrity_check",
    [Q_FK_CHECK] = "PRAGMA foreign_key_check",
};

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

/* ---- errors ---- */

/* Maps an SQLite result code to a status and fills err with what failed
 * (Chinese) and SQLite's message. */
enum app_status sq_fail(struct sq *s, int rc, const char *what, struct app_err *err)
{
	enum app_status st = APP_EDB;
	const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	switch (rc) {
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_UNIQUE:
		st = APP_ECONFLICT;
		break;
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		st = APP_EINVAL;
		break;
	default:
		break;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return app_err_set(err, st, "%s失败:数据库忙(另一进程正在写入,已等待 %d 毫秒)",
		                   what, STORE_BUSY_TIMEOUT_MS);
	return app_err_set(err, st, "%s失败:%s", what, msg);
}

/* ---- statements ---- */

static const char *q_sql(const struct sq *s, enum q_id id)
{
	return s->built[id] ? s->built[id] : fixed_sql[id];
}

/* Returns the statement of slot sl (text sql) ready for binding, or NULL
 * with *rc set. The caller must hand it back with done(). */
static sqlite3_stmt *prep(struct sq *s, struct slot *sl, const char *sql, int *rc)
{
	if (sl->st && !sl->busy) {
		sl->busy = true;
		return sl->st;
	}
	sqlite3_stmt *st = NULL;
	/* In use by an outer call: a transient copy, finalised by done(). */
	*rc = sqlite3_prepare_v3(s->db, sql, -1, sl->st ? 0 : SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (*rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	if (!sl->st) {
		sl->st = st;
		sl->busy = true;
	}
	return st;
}

/* Hands back a statement from prep(): resets a cached one (releasing its
 * read snapshot), finalises a transient one. NULL is a no-op. */
static void done(struct slot *sl, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (st == sl->st) {
		sqlite3_reset(st);
		sl->busy = false;
	} else {
		sqlite3_finalize(st);
	}
}

static sqlite3_stmt *fixed(struct sq *s, enum q_id id, int *rc)
{
	return prep(s, &s->fixed[id], q_sql(s, id), rc);
}

static void fixed_done(struct sq *s, enum q_id id, sqlite3_stmt *st)
{
	done(&s->fixed[id], st);
}

/* ---- statements of other backend files (store_sqlite_*.c) ---- */

sqlite3_stmt *sq_stmt(struct sq *s, const char *sql, int *rc)
{
	for (size_t i = 0; i < s->nextra; i++)
		if (s->extra[i].sql == sql)
			return prep(s, &s->extra[i].slot, sql, rc);
	xgrow((void **)&s->extra, &s->cap_extra, s->nextra + 1, sizeof *s->extra);
	struct sq_xslot *x = &s->extra[s->nextra++];
	x->sql = sql;
	x->slot.st = NULL;
	x->slot.busy = false;
	return prep(s, &x->slot, sql, rc);
}

void sq_stmt_done(struct sq *s, const char *sql, sqlite3_stmt *st)
{
	for (size_t i = 0; i < s->nextra; i++)
		if (s->extra[i].sql == sql) {
			done(&s->extra[i].slot, st);
			return;
		}
	sqlite3_finalize(st);
}

enum app_status sq_exec(struct sq *s, const char *sql, const char *what, struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (st)
		rc = sqlite3_step(st);
	enum app_status ret =
	    rc == SQLITE_DONE || rc == SQLITE_ROW ? APP_OK : sq_fail(s, rc, what, err);
	sq_stmt_done(s, sql, st);
	return ret;
}

/* Binding fails only on a programming error (index, or a text longer than
 * SQLite's limit, which our bounded records cannot reach). */
void sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	int rc =
	    v && *v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
	APP_ASSERT(rc == SQLITE_OK);
}

void sq_bind_i64(sqlite3_stmt *st, int i, int64_t v)
{
	int rc = sqlite3_bind_int64(st, i, v);
	APP_ASSERT(rc == SQLITE_OK);
}

/* Binds v, or NULL (missing) when v is 0. */
void sq_bind_i64_opt(sqlite3_stmt *st, int i, int64_t v)
{
	int rc = v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
	APP_ASSERT(rc == SQLITE_OK);
}

/* Copies column i (NULL reads as "") into dst of size n. */
void sq_col_text(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t len = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
	str_copy(dst, n, t ? (const char *)t : "", len);
}

/* Runs a fixed statement that returns no rows. */
static enum app_status run(struct sq *s, enum q_id id, const char *what, struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = fixed(s, id, &rc);
	if (st)
		rc = sqlite3_step(st);
	enum app_status ret = rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, what, err);
	fixed_done(s, id, st);
	return ret;
}

const char *sq_now(struct sq *s)
{
	time_t t = time(NULL);
	if (t != s->now_t || !s->now[0]) {
		store_now(s->now);
		s->now_t = t;
	}
	return s->now;
}

/* ---- SQL assembled from constant tables ---- */

/* "CASE e.tier WHEN 'candidate' THEN 1 ... ELSE 0 END": the tier rank. */
static void tier_rank_sql(struct buf *b)
{
	buf_puts(b, "CASE e.tier");
	for (int t = TIER_NONE + 1; t < TIER_COUNT; t++) {
		const char *k = tier_key((enum tier)t);
		APP_ASSERT(!strchr(k, '\''));
		buf_printf(b, " WHEN '%s' THEN %d", k, t);
	}
	buf_puts(b, " ELSE 0 END");
}

/* The annual columns "a.revenue, a.main_revenue, ..." (prefix p). */
static void annual_cols_sql(struct buf *b, const char *p)
{
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		buf_printf(b, "%s%s%s", k ? ", " : "", p, annual_indicators[k].key);
}

/* Parameters: ?1 uscc, ?2 year, ?3.. one per key (NULL unless selected and
 * present), then updated_at, then the column mask. An existing row takes a
 * new value only in the selected columns. */
static char *annual_put_sql(void)
{
	struct buf b;
	buf_init(&b, SQ_MAX_SQL);
	const int p_now = 3 + ANNUAL_KEY_COUNT, p_mask = p_now + 1;
	buf_puts(&b, "INSERT INTO annual (uscc, year, ");
	annual_cols_sql(&b, "");
	buf_puts(&b, ", updated_at) VALUES (?1, ?2");
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		buf_printf(&b, ", ?%d", 3 + k);
	buf_printf(&b, ", ?%d) ON CONFLICT (uscc, year) DO UPDATE SET ", p_now);
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		const char *c = annual_indicators[k].key;
		buf_printf(&b, "%s = CASE WHEN ?%d & %llu THEN excluded.%s ELSE %s END, ", c,
		           p_mask, 1ull << k, c, c);
	}
	APP_ASSERT(buf_puts(&b, "updated_at = excluded.updated_at") == APP_OK);
	return buf_steal(&b);
}

static char *annual_get_sql(void)
{
	struct buf b;
	buf_init(&b, SQ_MAX_SQL);
	buf_puts(&b, "SELECT a.uscc, a.year, ");
	annual_cols_sql(&b, "a.");
	APP_ASSERT(buf_puts(&b, " FROM annual a WHERE a.uscc = ?1 AND a.year = ?2") == APP_OK);
	return buf_steal(&b);
}

/* ---- shaped queries ---- */

enum shape_kind { SH_LIST, SH_TOTAL, SH_COUNTS, SH_ANNUAL };

/* Filter conditions; the parameter numbers are fixed per member so that
 * binding does not depend on the shape. ?8/?9 are limit/offset, ?10 the
 * year. */
static const struct {
	unsigned bit;
	const char *sql;
} where_parts[] = {
    {STORE_F_DISTRICT, "(e.district = ?1 OR e.zone = ?1)"},
    {STORE_F_INDUSTRY, "e.industry LIKE ?2 ESCAPE '\\'"},
    {STORE_F_TIER, "e.tier = ?3"},
    {STORE_F_NO_TIER, "e.tier IS NULL"},
    {STORE_F_Q, "(e.name LIKE ?4 ESCAPE '\\' OR e.uscc LIKE ?5 ESCAPE '\\')"},
    {STORE_F_USCC, "e.uscc = ?6"},
    {STORE_F_SCOPE, "(e.district = ?7 OR e.zone = ?7)"},
};

/* Sort columns; ties are broken by e.uscc ascending (appended). */
static const char *const sort_sql[STORE_SORT_COUNT] = {
    [STORE_SORT_USCC] = "e.uscc",
    [STORE_SORT_NAME] = "e.name",
    [STORE_SORT_DISTRICT] = "e.district",
    [STORE_SORT_INDUSTRY] = "e.industry",
    [STORE_SORT_TIER] = NULL, /* tier_rank_sql() */
    [STORE_SORT_FOUNDED] = "e.founded",
};

static unsigned shape_key(enum shape_kind kind, const struct store_query *q, bool year)
{
	unsigned k = (unsigned)kind << 12 | (year ? 1u << 7 : 0) | (q->mask & STORE_F_ALL);
	if (kind == SH_LIST)
		k |= (unsigned)q->sort << 8 | (q->desc ? 1u << 11 : 0);
	return k;
}

static void where_sql(struct buf *b, unsigned mask, bool year)
{
	const char *sep = " WHERE ";
	for (size_t i = 0; i < sizeof where_parts / sizeof where_parts[0]; i++)
		if (mask & where_parts[i].bit) {
			buf_printf(b, "%s%s", sep, where_parts[i].sql);
			sep = " AND ";
		}
	if (year)
		buf_printf(b, "%sa.year = ?10", sep);
}

static void order_sql(struct buf *b, const struct store_query *q)
{
	const char *dir = q->desc ? " DESC" : "";
	buf_puts(b, " ORDER BY ");
	if (q->sort == STORE_SORT_FOUNDED)
		buf_puts(b, "e.founded IS NULL, ");
	if (q->sort == STORE_SORT_TIER)
		tier_rank_sql(b);
	else
		buf_puts(b, sort_sql[q->sort]);
	buf_puts(b, dir);
	if (q->sort != STORE_SORT_USCC)
		buf_puts(b, ", e.uscc");
}

static char *shape_sql(enum shape_kind kind, const struct store_query *q, bool year)
{
	struct buf b;
	buf_init(&b, SQ_MAX_SQL);
	switch (kind) {
	case SH_LIST:
		buf_puts(&b, "SELECT " ENT_COLS " FROM enterprises e");
		where_sql(&b, q->mask, false);
		order_sql(&b, q);
		buf_puts(&b, " LIMIT ?8 OFFSET ?9");
		break;
	case SH_TOTAL:
		buf_puts(&b, "SELECT count(*) FROM enterprises e");
		where_sql(&b, q->mask, false);
		break;
	case SH_COUNTS:
		buf_puts(&b, "SELECT coalesce(e.zone, e.district), e.tier, count(*) "
		             "FROM enterprises e");
		where_sql(&b, q->mask, false);
		buf_puts(&b, " GROUP BY 1, 2 ORDER BY 1, ");
		tier_rank_sql(&b);
		break;
	case SH_ANNUAL:
		buf_puts(&b, "SELECT a.uscc, a.year, ");
		annual_cols_sql(&b, "a.");
		buf_puts(&b, " FROM annual a");
		if (q->mask)
			buf_puts(&b, " JOIN enterprises e ON e.uscc = a.uscc");
		where_sql(&b, q->mask, year);
		buf_puts(&b, " ORDER BY a.uscc, a.year");
		break;
	}
	APP_ASSERT(b.len + 1 < SQ_MAX_SQL); /* no append was refused */
	return buf_steal(&b);
}

/* The cached statement for a query shape, bound with q's values. */
static sqlite3_stmt *shaped(struct sq *s, enum shape_kind kind, const struct store_query *q,
                            int year, struct shaped **node, int *rc)
{
	unsigned key = shape_key(kind, q, year != 0);
	struct shaped *n = s->shaped;
	while (n && n->key != key)
		n = n->next;
	if (!n) {
		n = xcalloc(1, sizeof *n);
		n->key = key;
		n->sql = shape_sql(kind, q, year != 0);
		n->next = s->shaped;
		s->shaped = n;
	}
	*node = n;
	sqlite3_stmt *st = prep(s, &n->slot, n->sql, rc);
	if (!st)
		return NULL;
	if (q->mask & STORE_F_DISTRICT)
		sq_bind_text(st, 1, q->district);
	if (q->mask & STORE_F_INDUSTRY)
		sq_bind_text(st, 2, q->industry_like);
	if (q->mask & STORE_F_TIER)
		sq_bind_text(st, 3, q->tier_key);
	if (q->mask & STORE_F_Q) {
		sq_bind_text(st, 4, q->q_name_like);
		sq_bind_text(st, 5, q->q_uscc_like);
	}
	if (q->mask & STORE_F_USCC)
		sq_bind_text(st, 6, q->uscc);
	if (q->mask & STORE_F_SCOPE)
		sq_bind_text(st, 7, q->scope);
	if (kind == SH_LIST) {
		sq_bind_i64(st, 8, q->limit);
		sq_bind_i64(st, 9, q->offset);
	}
	if (year)
		sq_bind_i64(st, 10, year);
	return st;
}

/* ---- write units: a transaction, or a savepoint inside the caller's ---- */

enum app_status sq_unit_begin(struct sq *s, bool *sp, struct app_err *err)
{
	*sp = s->base.in_tx && !sqlite3_get_autocommit(s->db);
	return run(s, *sp ? Q_SAVEPOINT : Q_BEGIN, "开始写入", err);
}

/* Commits (or releases) the unit if st is APP_OK, else undoes it; returns
 * the final status. */
enum app_status sq_unit_end(struct sq *s, bool sp, enum app_status st, struct app_err *err)
{
	if (st == APP_OK) {
		st = run(s, sp ? Q_RELEASE : Q_COMMIT, "提交写入", err);
		if (st == APP_OK)
			return APP_OK;
	}
	if (sqlite3_get_autocommit(s->db))
		return st; /* SQLite already rolled back */
	if (sp) {
		run(s, Q_ROLLBACK_TO, "撤销写入", NULL);
		run(s, Q_RELEASE, "撤销写入", NULL);
	} else {
		run(s, Q_ROLLBACK, "撤销写入", NULL);
	}
	return st;
}

/* ---- transactions ---- */

static enum app_status sq_begin(struct store *bs, struct app_err *err)
{
	struct sq *s = SQ(bs);
	enum q_id id = (bs->flags & STORE_READONLY) ? Q_BEGIN_RO : Q_BEGIN;
	enum app_status st = run(s, id, "开始事务", err);
	if (st == APP_OK)
		bs->in_tx = true;
	return st;
}

static enum app_status sq_commit(struct store *bs, struct app_err *err)
{
	struct sq *s = SQ(bs);
	bs->in_tx = false;
	if (sqlite3_get_autocommit(s->db))
		return app_err_set(err, APP_EDB, "提交失败:事务已因先前的数据库错误被回滚");
	enum app_status st = run(s, Q_COMMIT, "提交事务", err);
	if (st != APP_OK && !sqlite3_get_autocommit(s->db))
		run(s, Q_ROLLBACK, "回滚事务", NULL); /* e.g. busy: leave no open transaction */
	return st;
}

static enum app_status sq_rollback(struct store *bs, struct app_err *err)
{
	struct sq *s = SQ(bs);
	bs->in_tx = false;
	if (sqlite3_get_autocommit(s->db))
		return APP_OK; /* SQLite already rolled back */
	return run(s, Q_ROLLBACK, "回滚事务", err);
}

/* ---- enterprises ---- */

static void bind_enterprise(sqlite3_stmt *st, const struct enterprise *e, const char *ts)
{
	sq_bind_text(st, 1, e->uscc);
	sq_bind_text(st, 2, e->name);
	sq_bind_text(st, 3, e->district);
	sq_bind_text(st, 4, e->zone);
	sq_bind_text(st, 5, e->industry);
	sq_bind_i64_opt(st, 6, e->emerging);
	sq_bind_text(st, 7, e->founded);
	sq_bind_i64_opt(st, 8, e->niche_since);
	sq_bind_text(st, 9, e->contact);
	sq_bind_text(st, 10, e->phone);
	sq_bind_text(st, 11, ts);
}

/* Reads a row of ENT_COLS. */
static void row_enterprise(sqlite3_stmt *st, struct enterprise *e)
{
	char tk[32];
	memset(e, 0, sizeof *e);
	sq_col_text(st, 0, e->uscc, sizeof e->uscc);
	sq_col_text(st, 1, e->name, sizeof e->name);
	sq_col_text(st, 2, e->district, sizeof e->district);
	sq_col_text(st, 3, e->zone, sizeof e->zone);
	sq_col_text(st, 4, e->industry, sizeof e->industry);
	e->emerging = sqlite3_column_int(st, 5);
	sq_col_text(st, 6, e->founded, sizeof e->founded);
	e->niche_since = sqlite3_column_int(st, 7);
	sq_col_text(st, 8, e->contact, sizeof e->contact);
	sq_col_text(st, 9, e->phone, sizeof e->phone);
	sq_col_text(st, 10, tk, sizeof tk);
	e->tier = store_tier_from_key(tk);
	sq_col_text(st, 11, e->tier_until, sizeof e->tier_until);
}

static enum app_status sq_enterprise_put(struct store *bs, const struct enterprise *e,
                                         bool *created, struct app_err *err)
{
	struct sq *s = SQ(bs);
	const char *ts = sq_now(s);
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *ins = fixed(s, Q_ENT_INSERT, &rc), *upd = NULL;
	if (!ins)
		goto fail;
	bind_enterprise(ins, e, ts);
	if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
		goto fail;
	bool inserted = sqlite3_changes(s->db) == 1;
	if (!inserted) {
		if (!(upd = fixed(s, Q_ENT_UPDATE, &rc)))
			goto fail;
		bind_enterprise(upd, e, ts);
		if ((rc = sqlite3_step(upd)) != SQLITE_DONE)
			goto fail;
	}
	if (created)
		*created = inserted;
	goto out;
fail:
	st = sq_fail(s, rc, "保存企业", err);
	app_err_field(err, "uscc");
out:
	fixed_done(s, Q_ENT_INSERT, ins);
	fixed_done(s, Q_ENT_UPDATE, upd);
	return st;
}

static enum app_status sq_enterprise_get(struct store *bs, const char *uscc, struct enterprise *out,
                                         struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_ENT_GET, &rc);
	if (q) {
		sq_bind_text(q, 1, uscc);
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_ROW)
		row_enterprise(q, out);
	else if (rc == SQLITE_DONE)
		st = app_err_set(err, APP_ENOTFOUND, "企业 %.18s 不存在", uscc);
	else
		st = sq_fail(s, rc, "读取企业", err);
	fixed_done(s, Q_ENT_GET, q);
	return st;
}

/* APP_OK if the firm exists, APP_ENOTFOUND (message naming it) if not. */
static enum app_status firm_exists(struct sq *s, const char *uscc, struct app_err *err)
{
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_ENT_EXISTS, &rc);
	if (q) {
		sq_bind_text(q, 1, uscc);
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_DONE)
		st = app_err_set(err, APP_ENOTFOUND, "企业 %.18s 不存在", uscc);
	else if (rc != SQLITE_ROW)
		st = sq_fail(s, rc, "查找企业", err);
	fixed_done(s, Q_ENT_EXISTS, q);
	return st;
}

static enum app_status sq_enterprise_list(struct store *bs, const struct store_filter *f,
                                          store_enterprise_cb cb, void *ctx, long *total,
                                          struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct store_query q;
	struct shaped *node = NULL;
	struct enterprise e;
	int rc = SQLITE_OK;
	enum app_status st = store_query_from_filter(f, &q, err);
	if (st != APP_OK)
		return st;
	if (total) {
		sqlite3_stmt *c = shaped(s, SH_TOTAL, &q, 0, &node, &rc);
		if (c && (rc = sqlite3_step(c)) == SQLITE_ROW)
			*total = (long)sqlite3_column_int64(c, 0);
		if (node)
			done(&node->slot, c);
		if (rc != SQLITE_ROW)
			return sq_fail(s, rc, "统计企业数", err);
	}
	sqlite3_stmt *l = shaped(s, SH_LIST, &q, 0, &node, &rc);
	if (l) {
		while ((rc = sqlite3_step(l)) == SQLITE_ROW) {
			row_enterprise(l, &e);
			if (cb(ctx, &e)) {
				rc = SQLITE_DONE;
				break;
			}
		}
	}
	if (rc != SQLITE_DONE)
		st = sq_fail(s, rc, "查询企业列表", err);
	done(&node->slot, l);
	return st;
}

static enum app_status sq_enterprise_counts(struct store *bs, const struct store_filter *f,
                                            store_count_cb cb, void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct store_query q;
	struct shaped *node = NULL;
	int rc = SQLITE_OK;
	enum app_status st = store_query_from_filter(f, &q, err);
	if (st != APP_OK)
		return st;
	char unit[16], tk[32];
	sqlite3_stmt *c = shaped(s, SH_COUNTS, &q, 0, &node, &rc);
	if (c) {
		while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
			sq_col_text(c, 0, unit, sizeof unit);
			sq_col_text(c, 1, tk, sizeof tk);
			if (cb(ctx, unit, (int)store_tier_from_key(tk),
			       (long)sqlite3_column_int64(c, 2))) {
				rc = SQLITE_DONE;
				break;
			}
		}
	}
	if (rc != SQLITE_DONE)
		st = sq_fail(s, rc, "按区县和梯度统计", err);
	done(&node->slot, c);
	return st;
}

/* ---- annual figures ---- */

/* Reads a row "uscc, year, <annual columns>". */
static void row_annual(sqlite3_stmt *st, struct annual *a)
{
	memset(a, 0, sizeof *a);
	sq_col_text(st, 0, a->uscc, sizeof a->uscc);
	a->year = sqlite3_column_int(st, 1);
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		if (sqlite3_column_type(st, 2 + k) != SQLITE_NULL)
			annual_set(a, (enum annual_key)k, sqlite3_column_int64(st, 2 + k));
}

static enum app_status sq_annual_put(struct store *bs, const struct annual *a, uint64_t cols,
                                     struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *p = fixed(s, Q_ANNUAL_PUT, &rc);
	if (p) {
		sq_bind_text(p, 1, a->uscc);
		sq_bind_i64(p, 2, a->year);
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
			if ((cols >> k & 1) && annual_has(a, (enum annual_key)k))
				sq_bind_i64(p, 3 + k, a->v[k]);
			else
				APP_ASSERT(sqlite3_bind_null(p, 3 + k) == SQLITE_OK);
		}
		sq_bind_text(p, 3 + ANNUAL_KEY_COUNT, sq_now(s));
		sq_bind_i64(p, 4 + ANNUAL_KEY_COUNT, (int64_t)cols);
		rc = sqlite3_step(p);
	}
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
		st = app_err_set(err, APP_ENOTFOUND, "企业 %.18s 不存在,不能写入 %d 年度数据",
		                 a->uscc, a->year);
		app_err_field(err, "uscc");
	} else if (rc != SQLITE_DONE) {
		st = sq_fail(s, rc, "写入年度数据", err);
	}
	fixed_done(s, Q_ANNUAL_PUT, p);
	return st;
}

static enum app_status sq_annual_get(struct store *bs, const char *uscc, int year,
                                     struct annual *out, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_ANNUAL_GET, &rc);
	if (q) {
		sq_bind_text(q, 1, uscc);
		sq_bind_i64(q, 2, year);
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_ROW)
		row_annual(q, out);
	else if (rc == SQLITE_DONE)
		st = app_err_set(err, APP_ENOTFOUND, "企业 %.18s 没有 %d 年度数据", uscc, year);
	else
		st = sq_fail(s, rc, "读取年度数据", err);
	fixed_done(s, Q_ANNUAL_GET, q);
	return st;
}

static enum app_status sq_annual_list(struct store *bs, const struct store_filter *f, int year,
                                      store_annual_cb cb, void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct store_query q;
	struct shaped *node = NULL;
	struct annual a;
	int rc = SQLITE_OK;
	enum app_status st = store_query_from_filter(f, &q, err);
	if (st != APP_OK)
		return st;
	sqlite3_stmt *l = shaped(s, SH_ANNUAL, &q, year, &node, &rc);
	if (l) {
		while ((rc = sqlite3_step(l)) == SQLITE_ROW) {
			row_annual(l, &a);
			if (cb(ctx, &a)) {
				rc = SQLITE_DONE;
				break;
			}
		}
	}
	if (rc != SQLITE_DONE)
		st = sq_fail(s, rc, "查询年度数据", err);
	done(&node->slot, l);
	return st;
}

/* ---- tier history ---- */

/* Recomputes and stores the firm's current tier from all its events. */
static enum app_status tier_recompute(struct sq *s, const char *uscc, struct app_err *err)
{
	struct store_tier_fold fold;
	char tk[32], sk[32], until[16];
	const char *cur_until;
	int rc = SQLITE_OK;
	store_tier_fold_init(&fold);
	sqlite3_stmt *q = fixed(s, Q_TIER_FOLD, &rc);
	if (q) {
		sq_bind_text(q, 1, uscc);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			sq_col_text(q, 0, tk, sizeof tk);
			sq_col_text(q, 1, sk, sizeof sk);
			sq_col_text(q, 2, until, sizeof until);
			store_tier_fold_add(&fold, store_tier_from_key(tk),
			                    store_status_from_key(sk), until);
		}
	}
	fixed_done(s, Q_TIER_FOLD, q);
	if (rc != SQLITE_DONE)
		return sq_fail(s, rc, "读取梯度记录", err);

	enum tier cur = store_tier_fold_current(&fold, &cur_until);
	sqlite3_stmt *u = fixed(s, Q_TIER_SET, &rc);
	if (u) {
		sq_bind_text(u, 1, uscc);
		sq_bind_text(u, 2, tier_key(cur));
		sq_bind_text(u, 3, cur_until);
		sq_bind_text(u, 4, sq_now(s));
		rc = sqlite3_step(u);
	}
	fixed_done(s, Q_TIER_SET, u);
	return rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "更新当前梯度", err);
}

static enum app_status tier_insert(struct sq *s, const struct tier_event *ev, const char *ts,
                                   long *id, struct app_err *err)
{
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_TIER_INSERT, &rc);
	if (q) {
		sq_bind_text(q, 1, ev->uscc);
		sq_bind_text(q, 2, tier_key(ev->tier));
		sq_bind_text(q, 3, tier_status_key(ev->status));
		sq_bind_text(q, 4, ev->since);
		sq_bind_text(q, 5, ev->until);
		sq_bind_text(q, 6, ev->reason);
		sq_bind_text(q, 7, ev->doc_no);
		sq_bind_text(q, 8, ev->actor);
		sq_bind_text(q, 9, ts);
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_DONE) {
		*id = (long)sqlite3_last_insert_rowid(s->db);
	} else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
		st = app_err_set(err, APP_ENOTFOUND, "企业 %.18s 不存在,不能记录梯度", ev->uscc);
		app_err_field(err, "uscc");
	} else {
		st = sq_fail(s, rc, "记录梯度", err);
	}
	fixed_done(s, Q_TIER_INSERT, q);
	return st;
}

static enum app_status sq_tier_add(struct store *bs, struct tier_event *ev, struct app_err *err)
{
	struct sq *s = SQ(bs);
	char ts[20];
	long id = 0;
	bool sp;
	str_copy(ts, sizeof ts, sq_now(s), 19);
	enum app_status st = sq_unit_begin(s, &sp, err);
	if (st != APP_OK)
		return st;
	st = tier_insert(s, ev, ts, &id, err);
	if (st == APP_OK)
		st = tier_recompute(s, ev->uscc, err);
	st = sq_unit_end(s, sp, st, err);
	if (st == APP_OK) {
		ev->id = id;
		memcpy(ev->recorded_at, ts, sizeof ev->recorded_at);
	}
	return st;
}

static void row_tier_event(sqlite3_stmt *q, struct tier_event *ev)
{
	char tk[32], sk[32];
	memset(ev, 0, sizeof *ev);
	ev->id = (long)sqlite3_column_int64(q, 0);
	sq_col_text(q, 1, ev->uscc, sizeof ev->uscc);
	sq_col_text(q, 2, tk, sizeof tk);
	ev->tier = store_tier_from_key(tk);
	sq_col_text(q, 3, sk, sizeof sk);
	ev->status = store_status_from_key(sk);
	sq_col_text(q, 4, ev->since, sizeof ev->since);
	sq_col_text(q, 5, ev->until, sizeof ev->until);
	sq_col_text(q, 6, ev->reason, sizeof ev->reason);
	sq_col_text(q, 7, ev->doc_no, sizeof ev->doc_no);
	sq_col_text(q, 8, ev->actor, sizeof ev->actor);
	sq_col_text(q, 9, ev->recorded_at, sizeof ev->recorded_at);
}

static enum app_status sq_tier_history(struct store *bs, const char *uscc, store_tier_cb cb,
                                       void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct tier_event ev;
	int rc = SQLITE_OK;
	long rows = 0;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_TIER_HISTORY, &rc);
	if (q) {
		sq_bind_text(q, 1, uscc);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			rows++;
			row_tier_event(q, &ev);
			if (cb(ctx, &ev)) {
				rc = SQLITE_DONE;
				break;
			}
		}
	}
	if (rc != SQLITE_DONE)
		st = sq_fail(s, rc, "读取梯度记录", err);
	fixed_done(s, Q_TIER_HISTORY, q);
	if (st == APP_OK && rows == 0)
		st = firm_exists(s, uscc, err);
	return st;
}

/* ---- migrations ---- */

/* Runs a fixed statement that returns one integer; *v = its value. */
static enum app_status query_int(struct sq *s, enum q_id id, int64_t arg, bool has_arg, int64_t *v,
                                 bool *found, struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *q = fixed(s, id, &rc);
	if (q) {
		if (has_arg)
			sq_bind_i64(q, 1, arg);
		rc = sqlite3_step(q);
	}
	*found = rc == SQLITE_ROW;
	if (*found)
		*v = sqlite3_column_int64(q, 0);
	fixed_done(s, id, q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, rc, "读取数据库版本", err);
	return APP_OK;
}

/* Highest applied migration (0 if none) in *v. */
static enum app_status applied_version(struct sq *s, int64_t *v, struct app_err *err)
{
	bool found;
	*v = 0;
	enum app_status st = query_int(s, Q_MIG_EXISTS, 0, false, v, &found, err);
	if (st != APP_OK || *v == 0)
		return st;
	return query_int(s, Q_MIG_MAX, 0, false, v, &found, err);
}

static enum app_status migration_applied(struct sq *s, int version, bool *yes, struct app_err *err)
{
	int64_t v;
	return query_int(s, Q_MIG_HAS, version, true, &v, yes, err);
}

/* Applies one migration in its own transaction (skipped if another
 * process applied it meanwhile). */
static enum app_status apply_one(struct sq *s, const struct store_migration *m, struct app_err *err)
{
	char *msg = NULL;
	bool yes = false;
	enum app_status st = run(s, Q_BEGIN, "开始迁移", err);
	if (st != APP_OK)
		return st;
	st = migration_applied(s, m->version, &yes, err);
	if (st != APP_OK || yes)
		goto out;
	if (sqlite3_exec(s->db, m->file->data, NULL, NULL, &msg) != SQLITE_OK) {
		st = app_err_set(err, APP_EDB, "数据库迁移 %s 失败:%s", m->name,
		                 msg ? msg : "未知错误");
		goto out;
	}
	int rc = SQLITE_OK;
	sqlite3_stmt *q = fixed(s, Q_MIG_ADD, &rc);
	if (q) {
		sq_bind_i64(q, 1, m->version);
		sq_bind_text(q, 2, m->name);
		sq_bind_text(q, 3, sq_now(s));
		rc = sqlite3_step(q);
	}
	fixed_done(s, Q_MIG_ADD, q);
	if (rc != SQLITE_DONE)
		st = sq_fail(s, rc, "记录迁移版本", err);
out:
	sqlite3_free(msg);
	if (st == APP_OK)
		return run(s, Q_COMMIT, "提交迁移", err);
	if (!sqlite3_get_autocommit(s->db))
		run(s, Q_ROLLBACK, "回滚迁移", NULL);
	return st;
}

/* APP_ENOTSUP if the database was migrated by a newer program. */
static enum app_status check_not_newer(struct sq *s, int latest, struct app_err *err)
{
	int64_t cur = 0;
	enum app_status st = applied_version(s, &cur, err);
	if (st == APP_OK && cur > latest)
		st = app_err_set(err, APP_ENOTSUP,
		                 "数据库结构版本 %lld 高于本程序支持的 %d,请升级 zjtx",
		                 (long long)cur, latest);
	return st;
}

static enum app_status sq_migrate(struct store *bs, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct store_migration *m = NULL;
	size_t n = 0;
	enum app_status st = store_migrations(SQ_DIALECT_DIR, &m, &n, err);
	if (st != APP_OK)
		return st;
	st = run(s, Q_MIG_CREATE, "创建迁移记录表", err);
	if (st == APP_OK)
		st = check_not_newer(s, n ? m[n - 1].version : 0, err);
	for (size_t i = 0; st == APP_OK && i < n; i++) {
		bool yes = false;
		st = migration_applied(s, m[i].version, &yes, err);
		if (st == APP_OK && !yes)
			st = apply_one(s, &m[i], err);
	}
	free(m);
	return st;
}

static int sq_schema_version(struct store *bs)
{
	int64_t v = 0;
	return applied_version(SQ(bs), &v, NULL) == APP_OK ? (int)v : -1;
}

/* ---- open and close ---- */

static void sq_close(struct store *bs)
{
	struct sq *s = SQ(bs);
	for (int i = 0; i < Q_COUNT; i++) {
		sqlite3_finalize(s->fixed[i].st);
		free(s->built[i]);
	}
	for (struct shaped *n = s->shaped, *next; n; n = next) {
		next = n->next;
		sqlite3_finalize(n->slot.st);
		free(n->sql);
		free(n);
	}
	for (size_t i = 0; i < s->nextra; i++)
		sqlite3_finalize(s->extra[i].slot.st);
	free(s->extra);
	sqlite3_close_v2(s->db); /* rolls back an open transaction */
	free(s);
}

/* Runs a PRAGMA and copies the first column of its first row (if any). */
static enum app_status pragma(struct sq *s, const char *sql, char *out, size_t n,
                              struct app_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (out && n)
		out[0] = '\0';
	if (rc == SQLITE_ROW && out)
		sq_col_text(q, 0, out, n);
	enum app_status st = APP_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = sq_fail(s, rc, "设置数据库参数", err);
	sqlite3_finalize(q);
	return st;
}

/* Connection settings: foreign keys, WAL, synchronous=FULL (an acknowledged
 * commit survives power loss too), cache. */
static enum app_status configure(struct sq *s, const char *path, int flags, struct app_err *err)
{
	char v[16];
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	enum app_status st = pragma(s, "PRAGMA foreign_keys = ON", NULL, 0, err);
	if (st == APP_OK)
		st = pragma(s, "PRAGMA foreign_keys", v, sizeof v, err);
	if (st == APP_OK && strcmp(v, "1") != 0)
		return app_err_set(err, APP_ENOTSUP, "此 SQLite 不支持外键约束");
	if (st == APP_OK && !(flags & STORE_READONLY)) {
		st = pragma(s, "PRAGMA journal_mode = WAL", v, sizeof v, err);
		if (st == APP_OK && strcmp(v, "wal") != 0 &&
		    !(strcmp(v, "memory") == 0 && strcmp(path, ":memory:") == 0))
			return app_err_set(err, APP_EDB, "数据库 %s 无法启用 WAL 模式(当前为 %s)",
			                   path, v);
	}
	if (st == APP_OK)
		st = pragma(s, "PRAGMA synchronous = FULL", NULL, 0, err);
	if (st == APP_OK) {
		/* A bigger page cache keeps bulk imports from spilling
		 * uncommitted pages to the WAL mid-transaction; it only
		 * grows as pages are touched. Constant SQL text. */
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", STORE_CACHE_KIB);
		st = pragma(s, sql, NULL, 0, err);
	}
	return st;
}

static enum app_status sq_open(const char *path, int flags, struct store **out, struct app_err *err)
{
	struct sq *s = xcalloc(1, sizeof *s);
	s->base.ops = &store_sqlite_ops;
	s->base.flags = flags;
	s->built[Q_ANNUAL_PUT] = annual_put_sql();
	s->built[Q_ANNUAL_GET] = annual_get_sql();
	int oflags = SQLITE_OPEN_NOMUTEX |
	             ((flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
	                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	enum app_status st = APP_OK;
	int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		st = app_err_set(err, (rc & 0xff) == SQLITE_CANTOPEN ? APP_EIO : APP_EDB,
		                 "无法打开数据库 %s:%s", path,
		                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto out;
	}
	st = configure(s, path, flags, err);
	if (st != APP_OK) {
		if (err) { /* name the file: "not a database" alone helps no one */
			char m[sizeof err->msg];
			memcpy(m, err->msg, sizeof m);
			app_err_set(err, st, "无法打开数据库 %s:%.300s", path, m);
		}
		goto out;
	}
	if (!(flags & (STORE_NO_MIGRATE | STORE_READONLY))) {
		st = sq_migrate(&s->base, err);
	} else if (flags & STORE_READONLY) {
		struct store_migration *m = NULL;
		size_t n = 0;
		st = store_migrations(SQ_DIALECT_DIR, &m, &n, err);
		if (st == APP_OK)
			st = check_not_newer(s, n ? m[n - 1].version : 0, err);
		free(m);
	}
out:
	if (st != APP_OK) {
		sq_close(&s->base);
		return st;
	}
	*out = &s->base;
	return APP_OK;
}

/* ---- maintenance ---- */

static enum app_status backup_copy(struct sq *s, sqlite3 *dst, struct app_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b)
		return app_err_set(err, APP_EDB, "备份失败:%s", sqlite3_errmsg(dst));
	int rc, waits = 0;
	/* One step copies everything under one read snapshot; WAL lets
	 * writers go on meanwhile. Busy can only come from the destination. */
	while ((rc = sqlite3_backup_step(b, -1)) != SQLITE_DONE) {
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    waits++ < STORE_BUSY_TIMEOUT_MS / 10) {
			sqlite3_sleep(10);
			continue;
		}
		break;
	}
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK)
		return app_err_set(err, APP_EDB, "备份失败:%s",
		                   sqlite3_errstr(rc != SQLITE_DONE ? rc : frc));
	return APP_OK;
}

static enum app_status sq_backup(struct store *bs, const char *path, struct app_err *err)
{
	struct sq *s = SQ(bs);
	/* Create the file ourselves: refuse to overwrite, and keep it private
	 * (a backup holds personal data). */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return app_err_set(err, errno == EEXIST ? APP_ECONFLICT : APP_EIO,
		                   "不能创建备份文件 %s:%s", path,
		                   errno == EEXIST ? "文件已存在" : strerror(errno));
	close(fd);
	sqlite3 *dst = NULL;
	enum app_status st = APP_OK;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		st = app_err_set(err, APP_EIO, "不能打开备份文件 %s:%s", path,
		                 dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	else
		st = backup_copy(s, dst, err);
	if (sqlite3_close(dst) != SQLITE_OK && st == APP_OK)
		st = app_err_set(err, APP_EIO, "关闭备份文件 %s 失败", path);
	if (st != APP_OK) {
		char j[MAX_STORE_URL + 16];
		unlink(path);
		snprintf(j, sizeof j, "%s-journal", path);
		unlink(j);
	}
	return st;
}

static enum app_status sq_check(struct store *bs, struct app_err *err)
{
	struct sq *s = SQ(bs);
	char first[256];
	int rc = SQLITE_OK;
	enum app_status st = APP_OK;
	sqlite3_stmt *q = fixed(s, Q_INTEGRITY, &rc);
	if (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sq_col_text(q, 0, first, sizeof first);
		if (strcmp(first, "ok") != 0)
			st = app_err_set(err, APP_EDB, "数据库完整性检查未通过:%s", first);
	} else {
		st = sq_fail(s, rc, "完整性检查", err);
	}
	fixed_done(s, Q_INTEGRITY, q);
	if (st != APP_OK)
		return st;

	q = fixed(s, Q_FK_CHECK, &rc);
	if (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		char table[64], parent[64], row[32];
		sq_col_text(q, 0, table, sizeof table);
		sq_col_text(q, 1, row, sizeof row);
		sq_col_text(q, 2, parent, sizeof parent);
		st = app_err_set(err, APP_EDB,
		                 "外键检查未通过:表 %s 中有记录%s%s%s引用了 %s 中不存在的记录",
		                 table, row[0] ? "(rowid " : "", row, row[0] ? ")" : "", parent);
	} else if (rc != SQLITE_DONE) {
		st = sq_fail(s, rc, "外键检查", err);
	}
	fixed_done(s, Q_FK_CHECK, q);
	return st;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .migrate = sq_migrate,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .enterprise_put = sq_enterprise_put,
    .enterprise_get = sq_enterprise_get,
    .enterprise_list = sq_enterprise_list,
    .enterprise_counts = sq_enterprise_counts,
    .annual_put = sq_annual_put,
    .annual_get = sq_annual_get,
    .annual_list = sq_annual_list,
    .tier_add = sq_tier_add,
    .tier_history = sq_tier_history,
    .backup = sq_backup,
    .check = sq_check,
    .audit = &sq_audit_ops,
    .user = &sq_user_ops,
    .monthly = &sq_monthly_ops,
    .workflow = &sq_workflow_ops,
    .review = &sq_review_ops,
    .manage = &sq_manage_ops,
};
