/* store_sqlite_monthly.c - monthly monitoring in SQLite (migration 0004):
 * reports, versions, confirmations, bulk loads and the maintained
 * aggregates; the roster, settings and re-review requests are in
 * store_sqlite_monthly_meta.c. See store_monthly.h.
 *
 * A filing or correction is one write unit (its own transaction, or a
 * savepoint inside the caller's): the report row, then the neighbours it
 * pairs with (p−1, p+1, p−12, p+12: one indexed query), then the aggregate
 * change from core/monthly_agg.c, applied as one upsert per touched cell or
 * added to the caller's buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/tier.h"
#include "store/store_monthly.h"
#include "store/store_sqlite_int.h"
#include "store/store_sqlite_monthly_int.h"

/* The monthly key columns, in enum monthly_key order (checked by t_monitor). */
#define MK_COLS                                                                                    \
	"revenue_ytd, output_ytd, profit_ytd, tax_ytd, rd_expense_ytd, export_ytd, employees"
#define MK_COLS_R                                                                                  \
	"r.revenue_ytd, r.output_ytd, r.profit_ytd, r.tax_ytd, r.rd_expense_ytd, r.export_ytd, "   \
	"r.employees"
/* Columns of a report row r with its groups g and first filing f
 * (REPORT_JOIN), in the order read_record() reads them (the current
 * version's time and author are NULL while it is the first). */
#define REPORT_COLS                                                                                \
	"r.uscc, r.period, " MK_COLS_R ", r.orders_note, g.unit, g.industry, g.tier, r.version, "  \
	"f.filed_at, f.filed_by, coalesce(r.updated_at, f.filed_at), "                             \
	"coalesce(r.updated_by, f.filed_by)"
/* A report's groups and first filing are integers into monthly_groups and
 * monthly_filings (0007_monthly_narrow.sql); CROSS JOIN keeps the reports
 * the outer loop, each joined by two integer-key lookups. */
#define REPORT_JOIN                                                                                \
	" CROSS JOIN monthly_groups g ON g.id = r.grp CROSS JOIN monthly_filings f ON f.id = "     \
	"r.filing"
#define REPORT_FROM " FROM monthly_reports r" REPORT_JOIN
/* The columns written by a first filing. */
#define INSERT_COLS "uscc, period, " MK_COLS ", orders_note, grp, version, filing"

static const char SQL_GET[] =
    "SELECT " REPORT_COLS REPORT_FROM " WHERE r.uscc = ?1 AND r.period = ?2";
static const char SQL_HISTORY[] =
    "SELECT " REPORT_COLS REPORT_FROM " WHERE r.uscc = ?1 AND r.period BETWEEN ?2 AND ?3 "
    "ORDER BY r.period";
/* A span of periods, firm by firm through the primary key (there is no
 * index by period: see 0006_monthly_lean.sql); every report has its firm
 * (foreign key). CROSS JOIN keeps the firms as the outer loop. */
static const char SQL_LIST[] =
    "SELECT " REPORT_COLS " FROM enterprises e CROSS JOIN monthly_reports r "
    "ON r.uscc = e.uscc AND r.period BETWEEN ?1 AND ?2" REPORT_JOIN
    " WHERE (?3 IS NULL OR g.unit = ?3) ORDER BY r.period, r.uscc";
/* The same firm by firm: the outer loop's order, nothing to sort. */
static const char SQL_LIST_BY_FIRM[] =
    "SELECT " REPORT_COLS " FROM enterprises e CROSS JOIN monthly_reports r "
    "ON r.uscc = e.uscc AND r.period BETWEEN ?1 AND ?2" REPORT_JOIN
    " WHERE (?3 IS NULL OR g.unit = ?3) ORDER BY e.uscc, r.period";
static const char SQL_ALL_BY_FIRM[] =
    "SELECT " REPORT_COLS REPORT_FROM " ORDER BY r.uscc, r.period";
/* The firm's rows in [?2, ?3] (YYYYMM) whose month number, counted from
 * ?5, has its bit set in the mask ?4: the rows not asked for are skipped
 * before SQLite builds a result row for them. */
static const char SQL_PICK[] =
    "SELECT " REPORT_COLS REPORT_FROM " WHERE r.uscc = ?1 AND r.period BETWEEN ?2 AND ?3 "
    "AND (?4 >> ((r.period / 100) * 12 + r.period % 100 - 1 - ?5)) & 1 ORDER BY r.period";
/* What a bulk load reads back: values, groups (their id) and version, no
 * text; with a mask (?4, counted in months from ?5) only the months asked
 * for are read (the others are skipped as in SQL_PICK). */
static const char SQL_WINDOW[] =
    "SELECT period, " MK_COLS ", grp, version FROM monthly_reports "
    "WHERE uscc = ?1 AND period BETWEEN ?2 AND ?3 "
    "AND (?4 = 0 OR (?4 >> ((period / 100) * 12 + period % 100 - 1 - ?5)) & 1) ORDER BY period";
static const char SQL_ANY[] = "SELECT EXISTS (SELECT 1 FROM monthly_reports)";
static const char SQL_INSERT[] =
    "INSERT INTO monthly_reports (" INSERT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, 1, ?12)";
/* The same for a bulk load, PUT_BATCH rows (or one) per statement, leaving
 * a report already stored as it is: one statement per row cost a third of
 * the insert in its setup, its cursor's descent and its end. */
#define PUT_ROW    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
#define PUT_ROW4   PUT_ROW ", " PUT_ROW ", " PUT_ROW ", " PUT_ROW
#define PUT_ROW16  PUT_ROW4 ", " PUT_ROW4 ", " PUT_ROW4 ", " PUT_ROW4
#define PUT_UPSERT " ON CONFLICT (uscc, period) DO NOTHING"
enum { PUT_BATCH = 32, PUT_PARAMS = 12 };
static const char SQL_INSERT_BATCH[] =
    "INSERT INTO monthly_reports (" INSERT_COLS ") VALUES " PUT_ROW16 ", " PUT_ROW16 PUT_UPSERT;
static const char SQL_INSERT_ONE[] =
    "INSERT INTO monthly_reports (" INSERT_COLS ") VALUES " PUT_ROW PUT_UPSERT;
/* A bulk load's own filing row (its id tells its rows from those stored
 * before), and the filing of a stored report. */
static const char SQL_FILING_NEW[] =
    "INSERT INTO monthly_filings (filed_at, filed_by) VALUES (?1, ?2)";
static const char SQL_FILING_OF[] =
    "SELECT filing FROM monthly_reports WHERE uscc = ?1 AND period = ?2";
/* The integer of a groups triple or of a (time, author) filing: looked up,
 * else added (then last_insert_rowid). */
static const char SQL_GROUP_ID[] =
    "SELECT id FROM monthly_groups WHERE unit = ?1 AND industry = ?2 AND tier = ?3";
static const char SQL_GROUP_ADD[] =
    "INSERT INTO monthly_groups (unit, industry, tier) VALUES (?1, ?2, ?3)";
static const char SQL_GROUP_GET[] = "SELECT unit, industry, tier FROM monthly_groups WHERE id = ?1";
static const char SQL_FILING_ID[] =
    "SELECT id FROM monthly_filings WHERE filed_at = ?1 AND filed_by = ?2 LIMIT 1";
static const char SQL_FILING_ADD[] =
    "INSERT INTO monthly_filings (filed_at, filed_by) VALUES (?1, ?2)";
static const char SQL_KEEP_VERSION[] =
    "INSERT INTO monthly_versions (uscc, period, version, " MK_COLS ", orders_note, filed_at, "
    "filed_by, replaced_at, replaced_by, reason) SELECT r.uscc, r.period, r.version, " MK_COLS_R
    ", r.orders_note, coalesce(r.updated_at, f.filed_at), coalesce(r.updated_by, f.filed_by), "
    "?3, ?4, ?5 FROM monthly_reports r CROSS JOIN monthly_filings f ON f.id = r.filing "
    "WHERE r.uscc = ?1 AND r.period = ?2";
static const char SQL_UPDATE[] =
    "UPDATE monthly_reports SET revenue_ytd = ?3, output_ytd = ?4, profit_ytd = ?5, "
    "tax_ytd = ?6, rd_expense_ytd = ?7, export_ytd = ?8, employees = ?9, orders_note = ?10, "
    "version = version + 1, updated_at = ?11, updated_by = ?12 "
    "WHERE uscc = ?1 AND period = ?2";
static const char SQL_VERSIONS[] =
    "SELECT uscc, period, version, " MK_COLS ", orders_note, filed_at, filed_by, replaced_at, "
    "replaced_by, reason FROM monthly_versions WHERE uscc = ?1 AND period = ?2 "
    "ORDER BY version";
static const char SQL_CONFIRM[] =
    "INSERT INTO monthly_confirmations (uscc, period, version, code, message, reason, "
    "confirmed_by, confirmed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_CONFIRMATIONS[] =
    "SELECT uscc, period, version, code, message, reason, confirmed_by, confirmed_at "
    "FROM monthly_confirmations WHERE uscc = ?1 AND period = ?2 ORDER BY version, code";

/* Aggregate columns, in struct monthly_agg order. */
#define AGG_K(k) "n_" k ", s_" k ", sn_" k ", ss_" k ", pn_" k ", pc_" k ", pp_" k
#define AGG_COLS                                                                                          \
	"filed, loss, loss_sum, pairs, " AGG_K("revenue_ytd") ", " AGG_K("output_ytd") ", " AGG_K(        \
	    "profit_ytd") ", " AGG_K("tax_ytd") ", " AGG_K("rd_expense_ytd") ", " AGG_K("export_"         \
	                                                                                "ytd") ","        \
	                                                                                       " " AGG_K( \
	                                                                                           "employees")
#define ADD(c) c " = " c " + excluded." c
#define AGG_UPD(k)                                                                                 \
	ADD("n_" k)                                                                                \
	", " ADD("s_" k) ", " ADD("sn_" k) ", " ADD("ss_" k) ", " ADD("pn_" k) ", " ADD(           \
	    "pc_" k) ", " ADD("pp_" k)
#define Q7 "?, ?, ?, ?, ?, ?, ?"
#define AGG_SET                                                                                    \
	ADD("filed")                                                                               \
	", " ADD("loss") ", " ADD("loss_sum") ", " ADD("pairs") ", " AGG_UPD(                      \
	    "revenue_ytd") ", " AGG_UPD("output_ytd") ", " AGG_UPD("profit_ytd") ", " AGG_UPD("ta" \
	                                                                                      "x_" \
	                                                                                      "yt" \
	                                                                                      "d") ", " AGG_UPD("rd_expense_ytd") ", " AGG_UPD("export_ytd") ", " AGG_UPD("employees")
/* clang-format off */
static const char SQL_AGG_UPSERT[] =
	"INSERT INTO monthly_agg (period, dim, grp, " AGG_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, "
	Q7 ", " Q7 ", " Q7 ", " Q7 ", " Q7 ", " Q7 ", " Q7 ") "
	"ON CONFLICT (dim, period, grp) DO UPDATE SET " AGG_SET;
/* clang-format on */
static const char SQL_AGG_LIST[] = "SELECT period, dim, grp, " AGG_COLS " FROM monthly_agg "
                                   "WHERE dim = ?1 AND (?2 IS NULL OR grp = ?2) AND "
                                   "period BETWEEN ?3 AND ?4 ORDER BY period, grp";
static const char SQL_AGG_CLEAR[] = "DELETE FROM monthly_agg";

#define STORE_STR_(x) #x
#define STORE_STR(x)  STORE_STR_(x)

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

/* ---- binding and reading ---- */

static int64_t yyyymm(int p)
{
	return monthly_period_yyyymm(p);
}

/* Binds text as is ("" stays "", never NULL). */
void sqm_bind_str(sqlite3_stmt *st, int i, const char *v)
{
	APP_ASSERT(sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) == SQLITE_OK);
}

/* Binds the seven values of m at first, first+1, ... (NULL where missing). */
static void bind_values(sqlite3_stmt *st, int first, const struct monthly *m)
{
	for (int k = 0; k < MK_COUNT; k++) {
		int rc = monthly_has(m, k) ? sqlite3_bind_int64(st, first + k, m->v[k])
		                           : sqlite3_bind_null(st, first + k);
		APP_ASSERT(rc == SQLITE_OK);
	}
}

/* Reads the seven values starting at column first into m. */
static void read_values(sqlite3_stmt *st, int first, struct monthly *m)
{
	m->has = 0;
	for (int k = 0; k < MK_COUNT; k++) {
		/* one call into the statement per column, not two (the value is
		 * read at once, by the thread that owns the connection) */
		sqlite3_value *v = sqlite3_column_value(st, first + k);
		if (sqlite3_value_type(v) != SQLITE_NULL)
			monthly_set(m, k, sqlite3_value_int64(v));
	}
}

/* A row of REPORT_COLS. */
static void read_record(sqlite3_stmt *st, struct monthly_record *r)
{
	/* every member is written below (the note fully by sq_col_text) */
	sq_col_text(st, 0, r->r.m.uscc, sizeof r->r.m.uscc);
	r->r.m.period = monthly_period_from_yyyymm(sqlite3_column_int64(st, 1));
	read_values(st, 2, &r->r.m);
	sq_col_text(st, 9, r->r.m.note, sizeof r->r.m.note);
	sq_col_text(st, 10, r->r.g.unit, sizeof r->r.g.unit);
	sq_col_text(st, 11, r->r.g.industry, sizeof r->r.g.industry);
	sq_col_text(st, 12, r->r.g.tier, sizeof r->r.g.tier);
	r->version = sqlite3_column_int(st, 13);
	sq_col_text(st, 14, r->filed_at, sizeof r->filed_at);
	sq_col_text(st, 15, r->filed_by, sizeof r->filed_by);
	sq_col_text(st, 16, r->updated_at, sizeof r->updated_at);
	sq_col_text(st, 17, r->updated_by, sizeof r->updated_by);
}

/* Steps a statement of REPORT_COLS rows, calling cb for each; the common
 * loop of get/history/list. */
static enum app_status each_record(struct sq *s, sqlite3_stmt *st, const char *what,
                                   int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
                                   bool *any, struct app_err *err)
{
	struct monthly_record *r = xmalloc(sizeof *r);
	int rc;
	enum app_status ret = APP_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_record(st, r);
		if (any)
			*any = true;
		if (cb(ctx, r))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_fail(s, rc, what, err);
	free(r);
	return ret;
}

static int copy_record(void *ctx, const struct monthly_record *r)
{
	memcpy(ctx, r, sizeof *r);
	return 1;
}

/* ---- groups and filings: small integers in the report row ---- */

/* The id of the row holding the texts v[0..nv−1] in the table that sql_id
 * reads and sql_add extends (monthly_groups, monthly_filings), added if
 * missing. Not a write unit of its own: a row added for a report that then
 * fails to be written stays in the caller's transaction, unused. */
static enum app_status lookup_id(struct sq *s, const char *sql_id, const char *sql_add,
                                 const char *const *v, int nv, int64_t *id, struct app_err *err)
{
	const char *sql = sql_id;
	int rc = SQLITE_OK;
	for (int pass = 0; pass < 2; pass++, sql = sql_add) {
		sqlite3_stmt *st = sq_stmt(s, sql, &rc);
		if (!st)
			break;
		for (int i = 0; i < nv; i++)
			sqm_bind_str(st, i + 1, v[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		else if (rc == SQLITE_DONE && pass == 1)
			*id = sqlite3_last_insert_rowid(s->db);
		sq_stmt_done(s, sql, st);
		if (rc == SQLITE_ROW || (rc == SQLITE_DONE && pass == 1))
			return APP_OK;
		if (rc != SQLITE_DONE)
			break;
	}
	return sq_fail(s, rc, "写入月报分组或报送记录", err);
}

static enum app_status group_id(struct sq *s, const struct monthly_groups *g, int64_t *id,
                                struct app_err *err)
{
	const char *v[3] = {g->unit, g->industry, g->tier};
	return lookup_id(s, SQL_GROUP_ID, SQL_GROUP_ADD, v, 3, id, err);
}

static enum app_status filing_id(struct sq *s, const char *at, const char *by, int64_t *id,
                                 struct app_err *err)
{
	const char *v[2] = {at[0] ? at : sq_now(s), by};
	return lookup_id(s, SQL_FILING_ID, SQL_FILING_ADD, v, 2, id, err);
}

/* The triple of group id (a report's snapshot), for SQL_WINDOW rows. */
static enum app_status group_get(struct sq *s, int64_t id, struct monthly_groups *g,
                                 struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_GROUP_GET, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报分组", err);
	sq_bind_i64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sq_col_text(st, 0, g->unit, sizeof g->unit);
		sq_col_text(st, 1, g->industry, sizeof g->industry);
		sq_col_text(st, 2, g->tier, sizeof g->tier);
	}
	sq_stmt_done(s, SQL_GROUP_GET, st);
	if (rc == SQLITE_ROW)
		return APP_OK;
	if (rc == SQLITE_DONE)
		return app_err_set(err, APP_EDB, "月报分组 %lld 不存在", (long long)id);
	return sq_fail(s, rc, "读取月报分组", err);
}

/* The group ids of one bulk load: each distinct triple of its rows looked
 * up (or added) once. Open addressing, at most half full. */
struct gid_slot {
	struct monthly_groups g;
	int64_t id;
	bool used;
};

struct gid_cache {
	struct gid_slot *v;
	size_t cap, n; /* cap a power of two */
};

static uint64_t groups_hash(const struct monthly_groups *g)
{
	uint64_t h = 14695981039346656037u;
	const char *parts[3] = {g->unit, g->industry, g->tier};
	for (int i = 0; i < 3; i++) {
		for (const char *c = parts[i]; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211u;
		h = (h ^ 0xffu) * 1099511628211u;
	}
	return h;
}

static bool groups_eq(const struct monthly_groups *a, const struct monthly_groups *b)
{
	return strcmp(a->unit, b->unit) == 0 && strcmp(a->industry, b->industry) == 0 &&
	       strcmp(a->tier, b->tier) == 0;
}

static struct gid_slot *gid_find(struct gid_slot *v, size_t cap, const struct monthly_groups *g)
{
	size_t i = (size_t)groups_hash(g) & (cap - 1);
	while (v[i].used && !groups_eq(&v[i].g, g))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static enum app_status gid_of(struct sq *s, struct gid_cache *c, const struct monthly_groups *g,
                              int64_t *id, struct app_err *err)
{
	if (2 * (c->n + 1) > c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct gid_slot *v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < c->cap; i++)
			if (c->v[i].used)
				*gid_find(v, cap, &c->v[i].g) = c->v[i];
		free(c->v);
		c->v = v;
		c->cap = cap;
	}
	struct gid_slot *e = gid_find(c->v, c->cap, g);
	if (!e->used) {
		enum app_status st = group_id(s, g, &e->id, err);
		if (st != APP_OK)
			return st;
		e->g = *g;
		e->used = true;
		c->n++;
	}
	*id = e->id;
	return APP_OK;
}

/* ---- reports ---- */

static enum app_status m_get(struct store *bs, const char *uscc, int period,
                             struct monthly_record *out, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_GET, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, yyyymm(period));
	bool any = false;
	enum app_status ret = each_record(s, st, "读取月报", copy_record, out, &any, err);
	sq_stmt_done(s, SQL_GET, st);
	if (ret != APP_OK)
		return ret;
	if (!any) {
		char per[8];
		monthly_period_format(period, per);
		return app_err_set(err, APP_ENOTFOUND, "企业 %s 没有 %s 的月报", uscc, per);
	}
	return APP_OK;
}

static enum app_status m_history(struct store *bs, const char *uscc, int from, int to,
                                 int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_HISTORY, &rc);
	if (!st)
		return sq_fail(s, rc, "读取企业月报", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, from > 0 ? yyyymm(from) : 0);
	sq_bind_i64(st, 3, to > 0 ? yyyymm(to) : 999999);
	enum app_status ret = each_record(s, st, "读取企业月报", cb, ctx, NULL, err);
	sq_stmt_done(s, SQL_HISTORY, st);
	return ret;
}

/* One range scan over the firm's rows between the lowest and the highest
 * period asked for, reading only the rows asked for: one B-tree descent
 * instead of one per period (and no IN list, for which SQLite would build
 * an ephemeral index on every call). */
static enum app_status m_pick(struct store *bs, const char *uscc, const int *periods, size_t n,
                              int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
                              struct app_err *err)
{
	struct sq *s = SQ(bs);
	if (!n)
		return APP_OK;
	int lo = periods[0], hi = periods[0];
	for (size_t i = 1; i < n; i++) {
		lo = periods[i] < lo ? periods[i] : lo;
		hi = periods[i] > hi ? periods[i] : hi;
	}
	uint64_t mask = 0;
	for (size_t i = 0; i < n; i++)
		mask |= (uint64_t)1 << (periods[i] - lo);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_PICK, &rc);
	if (!st)
		return sq_fail(s, rc, "读取企业月报", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, yyyymm(lo));
	sq_bind_i64(st, 3, yyyymm(hi));
	sq_bind_i64(st, 4, (int64_t)mask);
	sq_bind_i64(st, 5, lo);
	enum app_status ret = each_record(s, st, "读取企业月报", cb, ctx, NULL, err);
	sq_stmt_done(s, SQL_PICK, st);
	return ret;
}

static enum app_status list_sql(struct sq *s, const char *sql, const struct store_monthly_filter *f,
                                int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
                                struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报列表", err);
	sq_bind_i64(st, 1, f->from > 0 ? yyyymm(f->from) : 0);
	sq_bind_i64(st, 2, f->to > 0 ? yyyymm(f->to) : 999999);
	sq_bind_text(st, 3, f->unit);
	enum app_status ret = each_record(s, st, "读取月报列表", cb, ctx, NULL, err);
	sq_stmt_done(s, sql, st);
	return ret;
}

static enum app_status m_list(struct store *bs, const struct store_monthly_filter *f,
                              int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
                              struct app_err *err)
{
	return list_sql(SQ(bs), SQL_LIST, f, cb, ctx, err);
}

static enum app_status m_list_by_firm(struct store *bs, const struct store_monthly_filter *f,
                                      int (*cb)(void *ctx, const struct monthly_record *r),
                                      void *ctx, struct app_err *err)
{
	return list_sql(SQ(bs), SQL_LIST_BY_FIRM, f, cb, ctx, err);
}

/* The neighbours of (uscc, p) as stored. */
struct nbhood {
	struct monthly_row rows[4]; /* p−1, p+1, p−12, p+12 */
	bool has[4];
	int period[4];
};

static int take_neighbour(void *ctx, const struct monthly_record *r)
{
	struct nbhood *n = ctx;
	for (int i = 0; i < 4; i++)
		if (r->r.m.period == n->period[i]) {
			n->rows[i] = r->r;
			n->has[i] = true;
		}
	return 0;
}

static enum app_status neighbours(struct sq *s, const char *uscc, int p, struct nbhood *n,
                                  struct monthly_neighbours *nb, struct app_err *err)
{
	memset(n->has, 0, sizeof n->has);
	n->period[0] = p - 1;
	n->period[1] = p + 1;
	n->period[2] = p - 12;
	n->period[3] = p + 12;
	enum app_status ret = m_pick(&s->base, uscc, n->period, 4, take_neighbour, n, err);
	if (ret != APP_OK)
		return ret;
	nb->prev_month = n->has[0] ? &n->rows[0] : NULL;
	nb->next_month = n->has[1] ? &n->rows[1] : NULL;
	nb->last_year = n->has[2] ? &n->rows[2] : NULL;
	nb->next_year = n->has[3] ? &n->rows[3] : NULL;
	return APP_OK;
}

/* Applies a change buffer: into the caller's (defer) or to the table now. */
static enum app_status agg_apply(struct store *bs, const struct monthly_aggbuf *b,
                                 struct app_err *err);

/* Adds the change old → new to defer, or applies it now. known: the
 * neighbours as the caller read them (NULL: read them here). */
static enum app_status change(struct sq *s, const struct monthly_calendar *cal,
                              const struct monthly_row *old_r, const struct monthly_row *new_r,
                              const struct monthly_neighbours *known, struct monthly_aggbuf *defer,
                              struct app_err *err)
{
	struct nbhood *n = NULL;
	struct monthly_neighbours nb;
	const struct monthly_row *any = new_r ? new_r : old_r;
	enum app_status st = APP_OK;
	if (known) {
		nb = *known;
	} else {
		n = xmalloc(sizeof *n);
		st = neighbours(s, any->m.uscc, any->m.period, n, &nb, err);
	}
	if (st == APP_OK) {
		if (defer) {
			monthly_agg_change(defer, cal, old_r, new_r, &nb);
		} else {
			struct monthly_aggbuf local;
			monthly_aggbuf_init(&local);
			monthly_agg_change(&local, cal, old_r, new_r, &nb);
			st = agg_apply(&s->base, &local, err);
			monthly_aggbuf_free(&local);
		}
	}
	free(n);
	return st;
}

static enum app_status insert_row(struct sq *s, const struct monthly_record *r, struct app_err *err)
{
	int64_t grp = 0, filing = 0;
	enum app_status ret = group_id(s, &r->r.g, &grp, err);
	if (ret == APP_OK)
		ret = filing_id(s, r->filed_at, r->filed_by, &filing, err);
	if (ret != APP_OK)
		return ret;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_INSERT, &rc);
	if (!st)
		return sq_fail(s, rc, "写入月报", err);
	const struct monthly *m = &r->r.m;
	sqm_bind_str(st, 1, m->uscc);
	sq_bind_i64(st, 2, yyyymm(m->period));
	bind_values(st, 3, m);
	sq_bind_text(st, 10, m->note);
	sq_bind_i64(st, 11, grp);
	sq_bind_i64(st, 12, filing);
	rc = sqlite3_step(st);
	sq_stmt_done(s, SQL_INSERT, st);
	if (rc == SQLITE_DONE)
		return APP_OK;
	char per[8];
	monthly_period_format(m->period, per);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return app_err_set(err, APP_ECONFLICT,
		                   "企业 %s 的 %s 月报已报送;如需修改请提交更正", m->uscc, per);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return app_err_set(err, APP_ENOTFOUND, "未知企业 %s,请先导入企业名录", m->uscc);
	return sq_fail(s, rc, "写入月报", err);
}

static enum app_status m_insert(struct store *bs, const struct monthly_calendar *cal,
                                const struct monthly_record *r,
                                const struct monthly_neighbours *known,
                                struct monthly_aggbuf *defer, struct app_err *err)
{
	struct sq *s = SQ(bs);
	if (defer) {
		/* the one write is the INSERT, atomic by itself; the aggregate
		 * change only goes to the caller's buffer: no savepoint needed */
		enum app_status st = insert_row(s, r, err);
		return st == APP_OK ? change(s, cal, NULL, &r->r, known, defer, err) : st;
	}
	bool sp;
	enum app_status st = sq_unit_begin(s, &sp, err);
	if (st != APP_OK)
		return st;
	st = insert_row(s, r, err);
	if (st == APP_OK)
		st = change(s, cal, NULL, &r->r, known, defer, err);
	return sq_unit_end(s, sp, st, err);
}

enum app_status sqm_run_stmt(struct sq *s, const char *sql, const char *what,
                             void (*bind)(sqlite3_stmt *st, const void *arg), const void *arg,
                             int *changes, struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return sq_fail(s, rc, what, err);
	bind(st, arg);
	rc = sqlite3_step(st);
	sq_stmt_done(s, sql, st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, rc, what, err);
	if (changes)
		*changes = sqlite3_changes(s->db);
	return APP_OK;
}

struct correction {
	const struct monthly *m;
	const char *by, *at, *reason;
};

static void bind_keep(sqlite3_stmt *st, const void *arg)
{
	const struct correction *c = arg;
	sqm_bind_str(st, 1, c->m->uscc);
	sq_bind_i64(st, 2, yyyymm(c->m->period));
	sqm_bind_str(st, 3, c->at);
	sqm_bind_str(st, 4, c->by);
	sqm_bind_str(st, 5, c->reason);
}

static void bind_update(sqlite3_stmt *st, const void *arg)
{
	const struct correction *c = arg;
	sqm_bind_str(st, 1, c->m->uscc);
	sq_bind_i64(st, 2, yyyymm(c->m->period));
	bind_values(st, 3, c->m);
	sq_bind_text(st, 10, c->m->note);
	sqm_bind_str(st, 11, c->at);
	sqm_bind_str(st, 12, c->by);
}

/* Keeps the current version of m's report (read into old) and writes m's
 * values as the next one. */
static enum app_status replace(struct sq *s, const struct correction *c, struct monthly_record *old,
                               struct app_err *err)
{
	enum app_status st = m_get(&s->base, c->m->uscc, c->m->period, old, err);
	if (st == APP_OK)
		st = sqm_run_stmt(s, SQL_KEEP_VERSION, "保存月报原版本", bind_keep, c, NULL, err);
	if (st == APP_OK)
		st = sqm_run_stmt(s, SQL_UPDATE, "更正月报", bind_update, c, NULL, err);
	return st;
}

static enum app_status m_correct(struct store *bs, const struct monthly_calendar *cal,
                                 const struct monthly *m, const char *by, const char *at,
                                 const char *reason, struct monthly_aggbuf *defer, int *version,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct monthly_record *old = xmalloc(sizeof *old);
	struct monthly_row *nr = xmalloc(sizeof *nr);
	bool sp;
	struct correction c = {m, by, at[0] ? at : sq_now(s), reason};
	enum app_status st = sq_unit_begin(s, &sp, err);
	if (st != APP_OK)
		goto out;
	st = replace(s, &c, old, err);
	if (st == APP_OK) {
		nr->m = *m;
		nr->g = old->r.g;
		st = change(s, cal, &old->r, nr, NULL, defer, err);
	}
	if (st == APP_OK && version)
		*version = old->version + 1;
	st = sq_unit_end(s, sp, st, err);
out:
	free(old);
	free(nr);
	return st;
}

static enum app_status m_replace(struct store *bs, const struct monthly *m, const char *by,
                                 const char *at, const char *reason, int *version,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct monthly_record *old = xmalloc(sizeof *old);
	bool sp;
	struct correction c = {m, by, at[0] ? at : sq_now(s), reason};
	enum app_status st = sq_unit_begin(s, &sp, err);
	if (st == APP_OK) {
		st = replace(s, &c, old, err);
		if (st == APP_OK && version)
			*version = old->version + 1;
		st = sq_unit_end(s, sp, st, err);
	}
	free(old);
	return st;
}

/* ---- bulk loads: new reports in key order, read back firm by firm ---- */

/* A report's place in the primary key (uscc, period): the 18 bytes of the
 * code big-endian, then the period, so that integer order is memcmp order. */
struct put_key {
	uint64_t k[3];
	size_t i;
};

static uint64_t be8(const char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

static bool key_less(const struct put_key *x, const struct put_key *y)
{
	if (x->k[0] != y->k[0])
		return x->k[0] < y->k[0];
	if (x->k[1] != y->k[1])
		return x->k[1] < y->k[1];
	return x->k[2] < y->k[2];
}

static void key_swap(struct put_key *x, struct put_key *y)
{
	struct put_key t = *x;
	*x = *y;
	*y = t;
}

static void key_sift(struct put_key *v, size_t n, size_t i)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && key_less(&v[c], &v[c + 1]))
			c++;
		if (!key_less(&v[i], &v[c]))
			return;
		key_swap(&v[i], &v[c]);
	}
}

/* Sorts the keys (introsort: quicksort on the median of three, heapsort
 * past a depth of 2·log2 n, insertion sort for short runs). Inlined
 * comparisons: the general qsort cost a tenth of a bulk load. */
static void key_sort(struct put_key *v, size_t n, int depth)
{
	while (n > 16) {
		if (depth-- == 0) {
			for (size_t i = n / 2; i-- > 0;)
				key_sift(v, n, i);
			for (size_t i = n; i-- > 1;) {
				key_swap(&v[0], &v[i]);
				key_sift(v, i, 0);
			}
			return;
		}
		size_t m = n / 2;
		if (key_less(&v[m], &v[0]))
			key_swap(&v[m], &v[0]);
		if (key_less(&v[n - 1], &v[0]))
			key_swap(&v[n - 1], &v[0]);
		if (key_less(&v[n - 1], &v[m]))
			key_swap(&v[n - 1], &v[m]);
		struct put_key pivot = v[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (key_less(&v[i], &pivot))
				i++;
			while (key_less(&pivot, &v[j]))
				j--;
			if (i >= j)
				break;
			key_swap(&v[i++], &v[j--]);
		}
		/* [0, j] <= pivot <= [j + 1, n): recurse into the smaller side */
		if (j + 1 < n - j - 1) {
			key_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		} else {
			key_sort(v + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && key_less(&v[j], &v[j - 1]); j--)
			key_swap(&v[j], &v[j - 1]);
}

static int sort_depth(size_t n)
{
	int depth = 0;
	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	return depth;
}

#define FIRM_BITS 0xffff000000000000u /* of k[2]: the code's last two bytes */

static size_t firm_slot(const uint32_t *slot, size_t cap, const struct put_key *firm,
                        const struct put_key *x)
{
	uint64_t k2 = x->k[2] & FIRM_BITS;
	uint64_t h = (x->k[0] * 0x9e3779b97f4a7c15u ^ x->k[1]) * 0xff51afd7ed558ccdu ^ k2;
	size_t j = (size_t)(h ^ h >> 29) & (cap - 1);
	for (; slot[j]; j = (j + 1) & (cap - 1)) {
		const struct put_key *f = &firm[slot[j] - 1];
		if (f->k[0] == x->k[0] && f->k[1] == x->k[1] && f->k[2] == k2)
			break;
	}
	return j;
}

/* Sorts the keys in the table's order: the distinct firms by their code
 * (one key per firm sorted), the rows placed by their firm's rank
 * (counting, stable), then each firm's rows by period (in order already
 * when the file is by period). Sorting every row by its whole key cost a
 * twentieth of a bulk load. */
static void key_order(struct put_key *keys, size_t n)
{
	APP_ASSERT(n < UINT32_MAX / 2); /* indices + 1 in 32 bits */
	size_t cap = 16;
	while (cap < 2 * n)
		cap <<= 1;
	uint32_t *slot = xcalloc(cap, sizeof *slot); /* firm index + 1 */
	struct put_key *firm = xmalloc(n * sizeof *firm);
	uint32_t *of = xmalloc(n * sizeof *of); /* a row's firm, then its rank */
	size_t nf = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = firm_slot(slot, cap, firm, &keys[i]);
		if (!slot[j]) {
			firm[nf] = keys[i];
			firm[nf].k[2] &= FIRM_BITS;
			firm[nf].i = nf;
			slot[j] = (uint32_t)++nf;
		}
		of[i] = slot[j] - 1;
	}
	key_sort(firm, nf, sort_depth(nf));
	size_t *at = xcalloc(nf + 1, sizeof *at); /* by rank: where its rows go */
	uint32_t *rank = (uint32_t *)slot;        /* slot is not needed any more */
	for (size_t r = 0; r < nf; r++)
		rank[firm[r].i] = (uint32_t)r;
	for (size_t i = 0; i < n; i++) {
		of[i] = rank[of[i]];
		at[of[i] + 1]++;
	}
	for (size_t r = 0; r < nf; r++)
		at[r + 1] += at[r];
	struct put_key *out = firm; /* n entries: the firms are ranked */
	for (size_t i = 0; i < n; i++)
		out[at[of[i]]++] = keys[i];
	/* at[r] is now where rank r + 1 starts */
	for (size_t r = 0, lo = 0; r < nf; lo = at[r++]) {
		size_t hi = at[r], k = lo + 1;
		while (k < hi && key_less(&out[k - 1], &out[k]))
			k++;
		if (k < hi)
			key_sort(out + lo, hi - lo, sort_depth(hi - lo));
	}
	memcpy(keys, out, n * sizeof *keys);
	free(at);
	free(of);
	free(firm);
	free(slot);
}

/* Binds row p at parameters at+1 .. at+PUT_PARAMS of a PUT_ROW list. */
static void bind_row(sqlite3_stmt *st, int at, const struct store_monthly_put *p, int64_t grp,
                     int64_t filing)
{
	APP_ASSERT(sqlite3_bind_text(st, at + 1, p->uscc, 18, SQLITE_STATIC) == SQLITE_OK);
	sq_bind_i64(st, at + 2, yyyymm(p->period));
	for (int k = 0; k < MK_COUNT; k++) {
		int rc = (p->has >> k) & 1u ? sqlite3_bind_int64(st, at + 3 + k, p->v[k])
		                            : sqlite3_bind_null(st, at + 3 + k);
		APP_ASSERT(rc == SQLITE_OK);
	}
	sq_bind_text(st, at + 10, p->note);
	sq_bind_i64(st, at + 11, grp);
	sq_bind_i64(st, at + 12, filing);
}

/* After a statement that wrote fewer rows than it had: marks `exists` the
 * rows of keys[0..k−1] whose stored report is not of this load's filing. */
static enum app_status mark_existing(struct sq *s, struct store_monthly_put *rows,
                                     const struct put_key *keys, size_t k, int64_t filing,
                                     struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_FILING_OF, &rc);
	if (!st)
		return sq_fail(s, rc, "写入月报", err);
	for (size_t i = 0; i < k; i++) {
		struct store_monthly_put *p = &rows[keys[i].i];
		APP_ASSERT(sqlite3_bind_text(st, 1, p->uscc, 18, SQLITE_STATIC) == SQLITE_OK);
		sq_bind_i64(st, 2, yyyymm(p->period));
		rc = sqlite3_step(st);
		p->exists = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) != filing;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			break;
	}
	sq_stmt_done(s, SQL_FILING_OF, st);
	return rc == SQLITE_ROW ? APP_OK : sq_fail(s, rc, "写入月报", err);
}

/* Inserts rows[keys[0..n−1]] in that order, PUT_BATCH to a statement; a
 * batch refused for an unknown firm (foreign keys on) is run again row by
 * row to name it. */
static enum app_status put_sorted(struct sq *s, struct store_monthly_put *rows,
                                  const struct put_key *keys, size_t n, int64_t filing,
                                  struct app_err *err)
{
	struct gid_cache gc = {NULL, 0, 0};
	const struct monthly_groups *last = NULL;
	int64_t grp = 0;
	enum app_status ret = APP_OK;
	size_t single_to = 0; /* rows before this one go one by one */
	for (size_t j = 0; j < n && ret == APP_OK;) {
		size_t k = n - j >= PUT_BATCH && j >= single_to ? PUT_BATCH : 1;
		const char *sql = k == PUT_BATCH ? SQL_INSERT_BATCH : SQL_INSERT_ONE;
		int rc = SQLITE_OK;
		sqlite3_stmt *st = sq_stmt(s, sql, &rc);
		if (!st)
			return sq_fail(s, rc, "写入月报", err);
		for (size_t i = 0; i < k && ret == APP_OK; i++) {
			struct store_monthly_put *p = &rows[keys[j + i].i];
#if defined(__GNUC__)
			if (j + i + 8 < n) /* the rows are visited out of place: fetch ahead */
				__builtin_prefetch(&rows[keys[j + i + 8].i]);
#endif
			if (!last || memcmp(&p->g, last, sizeof *last) != 0) {
				ret = gid_of(s, &gc, &p->g, &grp, err);
				last = &p->g;
			}
			bind_row(st, (int)i * PUT_PARAMS, p, grp, filing);
		}
		if (ret == APP_OK)
			rc = sqlite3_step(st);
		size_t changed =
		    ret == APP_OK && rc == SQLITE_DONE ? (size_t)sqlite3_changes(s->db) : 0;
		sq_stmt_done(s, sql, st);
		if (ret != APP_OK)
			break;
		if (rc == SQLITE_DONE) {
			for (size_t i = 0; i < k; i++) /* none written: all were stored */
				rows[keys[j + i].i].exists = changed == 0;
			if (changed > 0 && changed < k)
				ret = mark_existing(s, rows, keys + j, k, filing, err);
			j += k;
		} else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && k > 1) {
			single_to = j + k; /* the statement was undone: again, row by row */
		} else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
			ret = app_err_set(err, APP_ENOTFOUND, "未知企业 %.18s,请先导入企业名录",
			                  rows[keys[j].i].uscc);
		} else {
			ret = sq_fail(s, rc, "写入月报", err);
		}
	}
	free(gc.v);
	return ret;
}

static enum app_status m_put_many(struct store *bs, struct store_monthly_put *rows, size_t n,
                                  const char *filed_at, const char *filed_by, struct app_err *err)
{
	struct sq *s = SQ(bs);
	if (!n)
		return APP_OK;
	struct put_key *keys = xmalloc(n * sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		const char *u = rows[i].uscc;
		keys[i].k[0] = be8(u);
		keys[i].k[1] = be8(u + 8);
		keys[i].k[2] = (uint64_t)(unsigned char)u[16] << 56 |
		               (uint64_t)(unsigned char)u[17] << 48 |
		               (uint64_t)yyyymm(rows[i].period);
		keys[i].i = i;
	}
	key_order(keys, n);
	/* no savepoint: inside one, SQLite copies every page a statement first
	 * changes into a statement journal, which would double the cost of a
	 * bulk load; the caller rolls the whole transaction back instead.
	 * The load's own filing row: a report already stored has another. */
	int rc = SQLITE_OK;
	int64_t filing = 0;
	enum app_status ret = APP_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_FILING_NEW, &rc);
	if (st) {
		sqm_bind_str(st, 1, filed_at[0] ? filed_at : sq_now(s));
		sqm_bind_str(st, 2, filed_by);
		rc = sqlite3_step(st);
		filing = sqlite3_last_insert_rowid(s->db);
		sq_stmt_done(s, SQL_FILING_NEW, st);
	}
	if (rc != SQLITE_DONE)
		ret = sq_fail(s, rc, "写入月报报送记录", err);
	else
		ret = put_sorted(s, rows, keys, n, filing, err);
	free(keys);
	return ret;
}

static enum app_status m_any(struct store *bs, bool *any, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_ANY, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报", err);
	rc = sqlite3_step(st);
	*any = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sq_stmt_done(s, SQL_ANY, st);
	return rc == SQLITE_ROW ? APP_OK : sq_fail(s, rc, "读取月报", err);
}

static enum app_status m_window(struct store *bs, const char *uscc, int from, int to, uint64_t mask,
                                int (*cb)(void *ctx, const struct monthly_row *r, int version),
                                void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_WINDOW, &rc);
	if (!st)
		return sq_fail(s, rc, "读取企业月报", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, from > 0 ? yyyymm(from) : 0);
	sq_bind_i64(st, 3, to > 0 ? yyyymm(to) : 999999);
	/* a mask of every month of the window is no mask: skip its test */
	int span = from > 0 && to >= from ? to - from + 1 : 64;
	if (span < 64 && mask == ((uint64_t)1 << span) - 1)
		mask = 0;
	sq_bind_i64(st, 4, (int64_t)mask);
	sq_bind_i64(st, 5, from);
	/* the note stays empty, the rest is set per row */
	struct monthly_row *r = xmalloc(sizeof *r);
	str_copy(r->m.uscc, sizeof r->m.uscc, uscc, strlen(uscc));
	r->m.note[0] = '\0';
	int64_t grp = 0; /* the id r->g holds (ids start at 1) */
	enum app_status ret = APP_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->m.period = monthly_period_from_yyyymm(sqlite3_column_int64(st, 0));
		read_values(st, 1, &r->m);
		int64_t g = sqlite3_column_int64(st, 8);
		if (g != grp && (ret = group_get(s, g, &r->g, err)) != APP_OK)
			break;
		grp = g;
		if (cb(ctx, r, sqlite3_column_int(st, 9)))
			break;
	}
	if (ret == APP_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_fail(s, rc, "读取企业月报", err);
	sq_stmt_done(s, SQL_WINDOW, st);
	free(r);
	return ret;
}

static enum app_status m_versions(struct store *bs, const char *uscc, int period,
                                  int (*cb)(void *ctx, const struct monthly_version *v), void *ctx,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_VERSIONS, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报历史版本", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, yyyymm(period));
	struct monthly_version *v = xmalloc(sizeof *v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(v, 0, sizeof *v);
		sq_col_text(st, 0, v->m.uscc, sizeof v->m.uscc);
		v->m.period = monthly_period_from_yyyymm(sqlite3_column_int64(st, 1));
		v->version = sqlite3_column_int(st, 2);
		read_values(st, 3, &v->m);
		sq_col_text(st, 10, v->m.note, sizeof v->m.note);
		sq_col_text(st, 11, v->filed_at, sizeof v->filed_at);
		sq_col_text(st, 12, v->filed_by, sizeof v->filed_by);
		sq_col_text(st, 13, v->replaced_at, sizeof v->replaced_at);
		sq_col_text(st, 14, v->replaced_by, sizeof v->replaced_by);
		sq_col_text(st, 15, v->reason, sizeof v->reason);
		if (cb(ctx, v))
			break;
	}
	enum app_status ret = rc == SQLITE_ROW || rc == SQLITE_DONE
	                          ? APP_OK
	                          : sq_fail(s, rc, "读取月报历史版本", err);
	sq_stmt_done(s, SQL_VERSIONS, st);
	free(v);
	return ret;
}

static void bind_confirm(sqlite3_stmt *st, const void *arg)
{
	const struct monthly_confirmed *c = arg;
	sqm_bind_str(st, 1, c->uscc);
	sq_bind_i64(st, 2, yyyymm(c->period));
	sq_bind_i64(st, 3, c->version);
	sqm_bind_str(st, 4, c->code);
	sqm_bind_str(st, 5, c->message);
	sqm_bind_str(st, 6, c->reason);
	sqm_bind_str(st, 7, c->by);
	sqm_bind_str(st, 8, c->at);
}

static enum app_status m_confirm(struct store *bs, const struct monthly_confirmed *cin,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct monthly_confirmed c = *cin;
	if (!c.at[0])
		snprintf(c.at, sizeof c.at, "%s", sq_now(s));
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_CONFIRM, &rc);
	if (!st)
		return sq_fail(s, rc, "记录警告确认", err);
	bind_confirm(st, &c);
	rc = sqlite3_step(st);
	sq_stmt_done(s, SQL_CONFIRM, st);
	if (rc == SQLITE_DONE)
		return APP_OK;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return app_err_set(err, APP_ECONFLICT, "警告 %s 已确认过", c.code);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return app_err_set(err, APP_ENOTFOUND, "要确认警告的月报不存在");
	return sq_fail(s, rc, "记录警告确认", err);
}

static enum app_status m_confirmations(struct store *bs, const char *uscc, int period,
                                       int (*cb)(void *ctx, const struct monthly_confirmed *c),
                                       void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_CONFIRMATIONS, &rc);
	if (!st)
		return sq_fail(s, rc, "读取警告确认", err);
	sqm_bind_str(st, 1, uscc);
	sq_bind_i64(st, 2, yyyymm(period));
	struct monthly_confirmed *c = xmalloc(sizeof *c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(c, 0, sizeof *c);
		sq_col_text(st, 0, c->uscc, sizeof c->uscc);
		c->period = monthly_period_from_yyyymm(sqlite3_column_int64(st, 1));
		c->version = sqlite3_column_int(st, 2);
		sq_col_text(st, 3, c->code, sizeof c->code);
		sq_col_text(st, 4, c->message, sizeof c->message);
		sq_col_text(st, 5, c->reason, sizeof c->reason);
		sq_col_text(st, 6, c->by, sizeof c->by);
		sq_col_text(st, 7, c->at, sizeof c->at);
		if (cb(ctx, c))
			break;
	}
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "读取警告确认", err);
	sq_stmt_done(s, SQL_CONFIRMATIONS, st);
	free(c);
	return ret;
}

/* ---- bulk loads ---- */

static const char SQL_CACHE_BULK[] = "PRAGMA cache_size = -" STORE_STR(STORE_BULK_CACHE_KIB);
static const char SQL_CACHE_NORMAL[] = "PRAGMA cache_size = -" STORE_STR(STORE_CACHE_KIB);

/* A bulk load checks each firm once (store_monthly.h): the per-row lookup
 * of the foreign key would cost a tenth of the load. Outside a transaction
 * only (inside one SQLite ignores the pragma, which is then merely slower). */
static const char SQL_FK_OFF[] = "PRAGMA foreign_keys = OFF";
static const char SQL_FK_ON[] = "PRAGMA foreign_keys = ON";

static enum app_status m_bulk(struct store *bs, bool on, struct app_err *err)
{
	enum app_status st =
	    sq_exec(SQ(bs), on ? SQL_CACHE_BULK : SQL_CACHE_NORMAL, "设置缓存", err);
	if (st == APP_OK)
		st = sq_exec(SQ(bs), on ? SQL_FK_OFF : SQL_FK_ON, "设置外键检查", err);
	return st;
}

/* ---- aggregates ---- */

/* The counters of a cell in AGG_COLS order. */
static int64_t *agg_slot(struct monthly_agg *c, int i)
{
	switch (i) {
	case 0:
		return &c->filed;
	case 1:
		return &c->loss;
	case 2:
		return &c->loss_sum;
	case 3:
		return &c->pairs;
	default:
		break;
	}
	int k = (i - 4) / 7, j = (i - 4) % 7;
	int64_t *const col[7] = {&c->n[k],  &c->sum[k],  &c->sn[k],   &c->ssum[k],
	                         &c->pn[k], &c->pcur[k], &c->pprev[k]};
	return col[j];
}
enum { AGG_NCOLS = 4 + 7 * MK_COUNT };

struct apply_ctx {
	struct sq *s;
	sqlite3_stmt *st;
	int rc;
};

static int apply_cell(void *vctx, const struct monthly_agg *c)
{
	struct apply_ctx *a = vctx;
	if (monthly_agg_is_zero(c))
		return 0;
	sqlite3_stmt *st = a->st;
	sqlite3_reset(st);
	sq_bind_i64(st, 1, yyyymm(c->period));
	sqm_bind_str(st, 2, monthly_dim_key(c->dim));
	sqm_bind_str(st, 3, c->grp);
	struct monthly_agg *mc = (struct monthly_agg *)c;
	for (int i = 0; i < AGG_NCOLS; i++)
		sq_bind_i64(st, 4 + i, *agg_slot(mc, i));
	a->rc = sqlite3_step(st);
	return a->rc != SQLITE_DONE;
}

static enum app_status agg_apply(struct store *bs, const struct monthly_aggbuf *b,
                                 struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct apply_ctx a = {s, NULL, SQLITE_DONE};
	a.st = sq_stmt(s, SQL_AGG_UPSERT, &a.rc);
	if (!a.st)
		return sq_fail(s, a.rc, "更新月报汇总", err);
	a.rc = SQLITE_DONE;
	monthly_aggbuf_each(b, apply_cell, &a);
	sq_stmt_done(s, SQL_AGG_UPSERT, a.st);
	if (a.rc == SQLITE_DONE)
		return APP_OK;
	if (a.rc == SQLITE_CONSTRAINT_CHECK)
		return app_err_set(err, APP_EINVAL,
		                   "月报汇总超出可精确记录的范围,请检查是否有数值单位错误");
	return sq_fail(s, a.rc, "更新月报汇总", err);
}

static enum app_status m_agg_list(struct store *bs, int dim, const char *grp, int from, int to,
                                  int (*cb)(void *ctx, const struct monthly_agg *c), void *ctx,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_AGG_LIST, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报汇总", err);
	sqm_bind_str(st, 1, monthly_dim_key((enum monthly_dim)dim));
	if (grp)
		sqm_bind_str(st, 2, grp);
	else
		APP_ASSERT(sqlite3_bind_null(st, 2) == SQLITE_OK);
	sq_bind_i64(st, 3, from > 0 ? yyyymm(from) : 0);
	sq_bind_i64(st, 4, to > 0 ? yyyymm(to) : 999999);
	struct monthly_agg c;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.period = monthly_period_from_yyyymm(sqlite3_column_int64(st, 0));
		c.dim = (enum monthly_dim)dim;
		sq_col_text(st, 2, c.grp, sizeof c.grp);
		for (int i = 0; i < AGG_NCOLS; i++)
			*agg_slot(&c, i) = sqlite3_column_int64(st, 3 + i);
		if (cb(ctx, &c))
			break;
	}
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "读取月报汇总", err);
	sq_stmt_done(s, SQL_AGG_LIST, st);
	return ret;
}

/* Rebuild: one pass over the reports by firm and period, keeping the
 * firm's last 13 months to find p−1 and p−12. */
struct rebuild {
	const struct monthly_calendar *cal;
	struct monthly_aggbuf buf;
	struct monthly_row win[13]; /* indexed by period % 13 */
	bool has[13];
	char uscc[19];
};

static const struct monthly_row *win_at(const struct rebuild *rb, int p)
{
	int i = p % 13;
	return rb->has[i] && rb->win[i].m.period == p ? &rb->win[i] : NULL;
}

static int rebuild_one(void *ctx, const struct monthly_record *r)
{
	struct rebuild *rb = ctx;
	if (strcmp(rb->uscc, r->r.m.uscc) != 0) {
		memset(rb->has, 0, sizeof rb->has);
		snprintf(rb->uscc, sizeof rb->uscc, "%s", r->r.m.uscc);
	}
	int p = r->r.m.period;
	monthly_agg_contrib(&rb->buf, rb->cal, &r->r, win_at(rb, p - 1), win_at(rb, p - 12), +1);
	rb->win[p % 13] = r->r;
	rb->has[p % 13] = true;
	return 0;
}

static enum app_status m_agg_rebuild(struct store *bs, const struct monthly_calendar *cal,
                                     struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct rebuild *rb = xcalloc(1, sizeof *rb);
	rb->cal = cal;
	monthly_aggbuf_init(&rb->buf);
	bool sp;
	enum app_status st = sq_unit_begin(s, &sp, err);
	if (st != APP_OK)
		goto out;
	st = sq_exec(s, SQL_AGG_CLEAR, "清空月报汇总", err);
	if (st == APP_OK) {
		int rc = SQLITE_OK;
		sqlite3_stmt *q = sq_stmt(s, SQL_ALL_BY_FIRM, &rc);
		if (!q)
			st = sq_fail(s, rc, "读取全部月报", err);
		else {
			st = each_record(s, q, "读取全部月报", rebuild_one, rb, NULL, err);
			sq_stmt_done(s, SQL_ALL_BY_FIRM, q);
		}
	}
	if (st == APP_OK)
		st = agg_apply(bs, &rb->buf, err);
	st = sq_unit_end(s, sp, st, err);
out:
	monthly_aggbuf_free(&rb->buf);
	free(rb);
	return st;
}

const struct store_monthly_ops sq_monthly_ops = {
    .get = m_get,
    .history = m_history,
    .pick = m_pick,
    .list = m_list,
    .list_by_firm = m_list_by_firm,
    .insert = m_insert,
    .correct = m_correct,
    .replace = m_replace,
    .put_many = m_put_many,
    .any = m_any,
    .window = m_window,
    .versions = m_versions,
    .confirm = m_confirm,
    .confirmations = m_confirmations,
    .bulk = m_bulk,
    .agg_apply = agg_apply,
    .agg_list = m_agg_list,
    .agg_rebuild = m_agg_rebuild,
    .roster = sqm_roster,
    .roster_span = sqm_roster_span,
    .setting_get = sqm_setting_get,
    .setting_set = sqm_setting_set,
    .rereview_add = sqm_rereview_add,
    .rereview_list = sqm_rereview_list,
    .rereview_close = sqm_rereview_close,
};
