/* store_sqlite_monthly_meta.c - monthly monitoring in SQLite, the parts
 * beside the reports (store_sqlite_monthly.c): who must file (the roster
 * on a date, and over a span of dates), the settings, and the re-review
 * requests that warnings open. See store_monthly.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/district.h"
#include "core/tier.h"
#include "store/store_monthly.h"
#include "store/store_sqlite_int.h"
#include "store/store_sqlite_monthly_int.h"

/* Firms holding one of the tiers in ?2 (",key,key,") on date ?1: the latest
 * event per tier up to that date (by since, then id) has a holding status,
 * the rule of store_tier_fold. */
static const char SQL_ROSTER[] =
    "SELECT e.uscc, e.name, e.district, e.zone FROM enterprises e WHERE EXISTS ("
    "SELECT 1 FROM tier_events t WHERE t.uscc = e.uscc AND t.since <= ?1 "
    "AND instr(?2, ',' || t.tier || ',') > 0 AND t.status IN ('recognized', 'renewed') "
    "AND NOT EXISTS (SELECT 1 FROM tier_events t2 WHERE t2.uscc = t.uscc AND t2.tier = t.tier "
    "AND t2.since <= ?1 AND (t2.since > t.since OR (t2.since = t.since AND t2.id > t.id)))) "
    "ORDER BY e.uscc";

static const char SQL_SETTING_GET[] = "SELECT value FROM monthly_settings WHERE key = ?1";
static const char SQL_SETTING_SET[] =
    "INSERT INTO monthly_settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";

static const char SQL_RR_OPEN[] = "SELECT id FROM monthly_rereview WHERE uscc = ?1 AND rule = ?2 "
                                  "AND started = ?3 AND status = 'open'";
static const char SQL_RR_ADD[] =
    "INSERT INTO monthly_rereview (uscc, rule, started, detail, reason, requested_by, "
    "requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_RR_LIST[] =
    "SELECT id, uscc, rule, started, detail, reason, requested_by, requested_at, status "
    "FROM monthly_rereview WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR uscc = ?2) "
    "ORDER BY id";
static const char SQL_RR_CLOSE[] =
    "UPDATE monthly_rereview SET status = ?2, handled_by = ?3, handled_at = ?4 "
    "WHERE id = ?1 AND status = 'open'";

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

/* ---- roster ---- */

enum app_status sqm_roster(struct store *bs, const char *as_of, unsigned tiers,
                           int (*cb)(void *ctx, const struct monthly_roster_entry *e), void *ctx,
                           struct app_err *err)
{
	struct sq *s = SQ(bs);
	char set[128] = ",";
	for (int t = 1; t < TIER_COUNT; t++)
		if (tiers & (1u << t)) {
			size_t l = strlen(set);
			snprintf(set + l, sizeof set - l, "%s,", tier_key((enum tier)t));
		}
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_ROSTER, &rc);
	if (!st)
		return sq_fail(s, rc, "读取应报企业名录", err);
	sqm_bind_str(st, 1, as_of);
	sqm_bind_str(st, 2, set);
	struct monthly_roster_entry e;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof e);
		sq_col_text(st, 0, e.uscc, sizeof e.uscc);
		sq_col_text(st, 1, e.name, sizeof e.name);
		sq_col_text(st, 2, e.district, sizeof e.district);
		sq_col_text(st, 3, e.zone, sizeof e.zone);
		const char *u = district_reporting_unit(e.district, e.zone);
		snprintf(e.unit, sizeof e.unit, "%s", u ? u : e.district);
		if (cb(ctx, &e))
			break;
	}
	enum app_status ret = rc == SQLITE_ROW || rc == SQLITE_DONE
	                          ? APP_OK
	                          : sq_fail(s, rc, "读取应报企业名录", err);
	sq_stmt_done(s, SQL_ROSTER, st);
	return ret;
}

/* Every firm with tier events, its events in fold order. */
static const char SQL_TIER_SCAN[] =
    "SELECT e.uscc, e.name, e.district, e.zone, t.tier, t.status, t.since FROM enterprises e "
    "JOIN tier_events t ON t.uscc = e.uscc ORDER BY e.uscc, t.since, t.id";

struct span_event {
	enum tier tier;
	enum tier_status status;
	char since[11];
};

struct span {
	struct monthly_roster_entry e;
	struct span_event *ev;
	size_t nev, cap;
};

/* The mask of dates at which the firm held a required tier. */
static uint32_t span_mask(const struct span *sp, const char *const *dates, size_t n, unsigned tiers)
{
	uint32_t mask = 0;
	for (size_t i = 0; i < n; i++) {
		struct store_tier_fold f;
		store_tier_fold_init(&f);
		for (size_t j = 0; j < sp->nev && strcmp(sp->ev[j].since, dates[i]) <= 0; j++)
			store_tier_fold_add(&f, sp->ev[j].tier, sp->ev[j].status, "");
		for (int t = 1; t < TIER_COUNT; t++)
			if ((tiers & (1u << t)) && tier_status_holds(f.latest[t]))
				mask |= (uint32_t)1 << i;
	}
	return mask;
}

static int span_emit(struct span *sp, const char *const *dates, size_t n, unsigned tiers,
                     int (*cb)(void *ctx, const struct monthly_roster_entry *e, uint32_t mask),
                     void *ctx)
{
	if (!sp->e.uscc[0])
		return 0;
	uint32_t mask = span_mask(sp, dates, n, tiers);
	return mask ? cb(ctx, &sp->e, mask) : 0;
}

enum app_status
sqm_roster_span(struct store *bs, const char *const *dates, size_t n, unsigned tiers,
                int (*cb)(void *ctx, const struct monthly_roster_entry *e, uint32_t mask),
                void *ctx, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_TIER_SCAN, &rc);
	if (!st)
		return sq_fail(s, rc, "读取梯度历史", err);
	struct span sp;
	memset(&sp, 0, sizeof sp);
	char uscc[19], tk[32], sk[32];
	int stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_col_text(st, 0, uscc, sizeof uscc);
		if (strcmp(uscc, sp.e.uscc) != 0) {
			stop = span_emit(&sp, dates, n, tiers, cb, ctx);
			memset(&sp.e, 0, sizeof sp.e);
			sp.nev = 0;
			snprintf(sp.e.uscc, sizeof sp.e.uscc, "%s", uscc);
			sq_col_text(st, 1, sp.e.name, sizeof sp.e.name);
			sq_col_text(st, 2, sp.e.district, sizeof sp.e.district);
			sq_col_text(st, 3, sp.e.zone, sizeof sp.e.zone);
			const char *u = district_reporting_unit(sp.e.district, sp.e.zone);
			snprintf(sp.e.unit, sizeof sp.e.unit, "%s", u ? u : sp.e.district);
		}
		xgrow((void **)&sp.ev, &sp.cap, sp.nev + 1, sizeof *sp.ev);
		struct span_event *ev = &sp.ev[sp.nev++];
		sq_col_text(st, 4, tk, sizeof tk);
		sq_col_text(st, 5, sk, sizeof sk);
		ev->tier = store_tier_from_key(tk);
		ev->status = store_status_from_key(sk);
		sq_col_text(st, 6, ev->since, sizeof ev->since);
	}
	enum app_status ret = APP_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_fail(s, rc, "读取梯度历史", err);
	else if (!stop)
		span_emit(&sp, dates, n, tiers, cb, ctx);
	sq_stmt_done(s, SQL_TIER_SCAN, st);
	free(sp.ev);
	return ret;
}

/* ---- settings ---- */

enum app_status sqm_setting_get(struct store *bs, const char *key, char *out, size_t n,
                                struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_SETTING_GET, &rc);
	if (!st)
		return sq_fail(s, rc, "读取月报设置", err);
	sqm_bind_str(st, 1, key);
	rc = sqlite3_step(st);
	enum app_status ret = APP_OK;
	if (rc == SQLITE_ROW)
		sq_col_text(st, 0, out, n);
	else if (rc == SQLITE_DONE)
		ret = app_err_set(err, APP_ENOTFOUND, "没有月报设置项 %s", key);
	else
		ret = sq_fail(s, rc, "读取月报设置", err);
	sq_stmt_done(s, SQL_SETTING_GET, st);
	return ret;
}

struct setting {
	const char *key, *value, *by, *at;
};

static void bind_setting(sqlite3_stmt *st, const void *arg)
{
	const struct setting *v = arg;
	sqm_bind_str(st, 1, v->key);
	sqm_bind_str(st, 2, v->value);
	sqm_bind_str(st, 3, v->at);
	sqm_bind_str(st, 4, v->by);
}

enum app_status sqm_setting_set(struct store *bs, const char *key, const char *value,
                                const char *by, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct setting v = {key, value, by, sq_now(s)};
	return sqm_run_stmt(s, SQL_SETTING_SET, "保存月报设置", bind_setting, &v, NULL, err);
}

/* ---- re-review requests ---- */

static void bind_rr(sqlite3_stmt *st, const void *arg)
{
	const struct monthly_rereview *r = arg;
	sqm_bind_str(st, 1, r->uscc);
	sqm_bind_str(st, 2, r->rule);
	sq_bind_i64(st, 3, monthly_period_yyyymm(r->started));
	sqm_bind_str(st, 4, r->detail);
	sqm_bind_str(st, 5, r->reason);
	sqm_bind_str(st, 6, r->requested_by);
	sqm_bind_str(st, 7, r->requested_at);
}

enum app_status sqm_rereview_add(struct store *bs, struct monthly_rereview *r, struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *q = sq_stmt(s, SQL_RR_OPEN, &rc);
	if (!q)
		return sq_fail(s, rc, "检查复核申请", err);
	sqm_bind_str(q, 1, r->uscc);
	sqm_bind_str(q, 2, r->rule);
	sq_bind_i64(q, 3, monthly_period_yyyymm(r->started));
	rc = sqlite3_step(q);
	sq_stmt_done(s, SQL_RR_OPEN, q);
	if (rc == SQLITE_ROW)
		return app_err_set(err, APP_ECONFLICT, "企业 %s 的该项预警已有待处理的复核申请",
		                   r->uscc);
	if (rc != SQLITE_DONE)
		return sq_fail(s, rc, "检查复核申请", err);
	snprintf(r->requested_at, sizeof r->requested_at, "%s", sq_now(s));
	q = sq_stmt(s, SQL_RR_ADD, &rc);
	if (!q)
		return sq_fail(s, rc, "记录复核申请", err);
	bind_rr(q, r);
	rc = sqlite3_step(q);
	sq_stmt_done(s, SQL_RR_ADD, q);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return app_err_set(err, APP_ENOTFOUND, "未知企业 %s", r->uscc);
	if (rc != SQLITE_DONE)
		return sq_fail(s, rc, "记录复核申请", err);
	r->id = (long)sqlite3_last_insert_rowid(s->db);
	snprintf(r->status, sizeof r->status, "open");
	return APP_OK;
}

enum app_status sqm_rereview_list(struct store *bs, const char *status, const char *uscc,
                                  int (*cb)(void *ctx, const struct monthly_rereview *r), void *ctx,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, SQL_RR_LIST, &rc);
	if (!st)
		return sq_fail(s, rc, "读取复核申请", err);
	sq_bind_text(st, 1, status);
	sq_bind_text(st, 2, uscc);
	struct monthly_rereview r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.id = (long)sqlite3_column_int64(st, 0);
		sq_col_text(st, 1, r.uscc, sizeof r.uscc);
		sq_col_text(st, 2, r.rule, sizeof r.rule);
		r.started = monthly_period_from_yyyymm(sqlite3_column_int64(st, 3));
		sq_col_text(st, 4, r.detail, sizeof r.detail);
		sq_col_text(st, 5, r.reason, sizeof r.reason);
		sq_col_text(st, 6, r.requested_by, sizeof r.requested_by);
		sq_col_text(st, 7, r.requested_at, sizeof r.requested_at);
		sq_col_text(st, 8, r.status, sizeof r.status);
		if (cb(ctx, &r))
			break;
	}
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : sq_fail(s, rc, "读取复核申请", err);
	sq_stmt_done(s, SQL_RR_LIST, st);
	return ret;
}

struct rr_close {
	long id;
	const char *status, *by, *at;
};

static void bind_rr_close(sqlite3_stmt *st, const void *arg)
{
	const struct rr_close *c = arg;
	sq_bind_i64(st, 1, c->id);
	sqm_bind_str(st, 2, c->status);
	sqm_bind_str(st, 3, c->by);
	sqm_bind_str(st, 4, c->at);
}

enum app_status sqm_rereview_close(struct store *bs, long id, const char *status, const char *by,
                                   struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct rr_close c = {id, status, by, sq_now(s)};
	int changes = 0;
	enum app_status st =
	    sqm_run_stmt(s, SQL_RR_CLOSE, "处理复核申请", bind_rr_close, &c, &changes, err);
	if (st == APP_OK && changes == 0)
		return app_err_set(err, APP_ENOTFOUND, "没有编号为 %ld 的待处理复核申请", id);
	return st;
}
