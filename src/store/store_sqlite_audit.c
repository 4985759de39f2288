/* store_sqlite_audit.c - the audit log in SQLite (table audit_log,
 * migration 0002). Rows are only inserted; triggers refuse UPDATE/DELETE. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/store_audit.h"
#include "store/store_sqlite_int.h"

static const char SQL_LAST[] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (seq, time, actor, role, ip, action, entity, entity_id, before, "
    "after, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
/* Filters: ?1 entity, ?2 entity_id, ?3 actor, ?4 from, ?5 to (NULL = any);
 * ?6 limit (-1 = all), ?7 offset. Two orders, so each is one static text. */
#define AUDIT_WHERE                                                                                \
	" WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2) AND "               \
	"(?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR time >= ?4) AND "                           \
	"(?5 IS NULL OR time <= ?5 || CASE WHEN length(?5) = 10 THEN ' 23:59:59' ELSE '' END)"
#define AUDIT_COLS                                                                                 \
	"seq, time, actor, role, ip, action, entity, entity_id, before, after, prev_hash, hash"
static const char SQL_LIST_ASC[] =
    "SELECT " AUDIT_COLS " FROM audit_log" AUDIT_WHERE " ORDER BY seq LIMIT ?6 OFFSET ?7";
static const char SQL_LIST_DESC[] =
    "SELECT " AUDIT_COLS " FROM audit_log" AUDIT_WHERE " ORDER BY seq DESC LIMIT ?6 OFFSET ?7";
static const char SQL_COUNT[] = "SELECT count(*) FROM audit_log" AUDIT_WHERE;

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

static enum app_status audit_last(struct store *bs, long *seq, char *hash, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_LAST, &rc);
	enum app_status ret = APP_OK;
	*seq = 0;
	memset(hash, '0', AUDIT_HASH_HEX);
	hash[AUDIT_HASH_HEX] = '\0';
	if (!st)
		return sq_fail(s, rc, "读取审计链尾", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = (long)sqlite3_column_int64(st, 0);
		sq_col_text(st, 1, hash, AUDIT_HASH_HEX + 1);
	} else if (rc != SQLITE_DONE) {
		ret = sq_fail(s, rc, "读取审计链尾", err);
	}
	sq_stmt_done(s, SQL_LAST, st);
	return ret;
}

static void bind_json(sqlite3_stmt *st, int i, const char *v)
{
	int rc = v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
	APP_ASSERT(rc == SQLITE_OK);
}

static enum app_status audit_insert(struct store *bs, const struct audit_row *r,
                                    struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_INSERT, &rc);
	if (!st)
		return sq_fail(s, rc, "写入审计日志", err);
	sq_bind_i64(st, 1, r->seq);
	sq_bind_text(st, 2, r->time);
	sq_bind_text(st, 3, r->actor);
	APP_ASSERT(sqlite3_bind_text(st, 4, r->role, -1, SQLITE_STATIC) == SQLITE_OK);
	APP_ASSERT(sqlite3_bind_text(st, 5, r->ip, -1, SQLITE_STATIC) == SQLITE_OK);
	sq_bind_text(st, 6, r->action);
	sq_bind_text(st, 7, r->entity);
	APP_ASSERT(sqlite3_bind_text(st, 8, r->entity_id, -1, SQLITE_STATIC) == SQLITE_OK);
	bind_json(st, 9, r->before);
	bind_json(st, 10, r->after);
	sq_bind_text(st, 11, r->prev_hash);
	sq_bind_text(st, 12, r->hash);
	rc = sqlite3_step(st);
	enum app_status ret = rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "写入审计日志", err);
	sq_stmt_done(s, SQL_INSERT, st);
	return ret;
}

static void bind_filter(sqlite3_stmt *st, const struct audit_filter *f)
{
	const char *v[5] = {f->entity, f->entity_id, f->actor, f->from, f->to};
	for (int i = 0; i < 5; i++)
		sq_bind_text(st, i + 1, v[i]);
}

/* Text of column i as a heap copy (NULL stays NULL). */
static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static enum app_status audit_list(struct store *bs, const struct audit_filter *fin,
                                  int (*cb)(void *ctx, const struct audit_row *r), void *ctx,
                                  long *total, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct audit_filter none = {0};
	const struct audit_filter *f = fin ? fin : &none;
	int rc = SQLITE_OK;
	enum app_status ret = APP_OK;
	if (total) {
		sqlite3_stmt *c = sq_stmt(s, SQL_COUNT, &rc);
		if (!c)
			return sq_fail(s, rc, "统计审计日志", err);
		bind_filter(c, f);
		rc = sqlite3_step(c);
		if (rc == SQLITE_ROW)
			*total = (long)sqlite3_column_int64(c, 0);
		else
			ret = sq_fail(s, rc, "统计审计日志", err);
		sq_stmt_done(s, SQL_COUNT, c);
		if (ret != APP_OK)
			return ret;
	}
	const char *sql = f->desc ? SQL_LIST_DESC : SQL_LIST_ASC;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "读取审计日志", err);
	bind_filter(st, f);
	sq_bind_i64(st, 6, f->limit > 0 ? f->limit : -1);
	sq_bind_i64(st, 7, f->offset);
	struct audit_row r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.seq = (long)sqlite3_column_int64(st, 0);
		sq_col_text(st, 1, r.time, sizeof r.time);
		sq_col_text(st, 2, r.actor, sizeof r.actor);
		sq_col_text(st, 3, r.role, sizeof r.role);
		sq_col_text(st, 4, r.ip, sizeof r.ip);
		sq_col_text(st, 5, r.action, sizeof r.action);
		sq_col_text(st, 6, r.entity, sizeof r.entity);
		sq_col_text(st, 7, r.entity_id, sizeof r.entity_id);
		r.before = col_dup(st, 8);
		r.after = col_dup(st, 9);
		sq_col_text(st, 10, r.prev_hash, sizeof r.prev_hash);
		sq_col_text(st, 11, r.hash, sizeof r.hash);
		int stop = cb(ctx, &r);
		free(r.before);
		free(r.after);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_fail(s, rc, "读取审计日志", err);
	sq_stmt_done(s, sql, st);
	return ret;
}

const struct store_audit_ops sq_audit_ops = {
    .last = audit_last,
    .insert = audit_insert,
    .list = audit_list,
};
