/* store_sqlite_manage.c - exit decisions, re-evaluations, targets and the
 * tier holders on a date, in SQLite (migration 0005). */
#include <string.h>

#include "store/store_manage.h"
#include "store/store_sqlite_int.h"

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

static void bind_text1(sqlite3_stmt *st, const void *arg)
{
	sq_bind_text(st, 1, arg);
}

/* ---- exit decisions ---- */

static const char SQL_EXIT_ADD[] =
    "INSERT INTO exit_decisions (uscc, tier, reason, detail, decided, doc_no, bar_until, "
    "tier_event_id, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_EXIT_LIST[] =
    "SELECT id, uscc, tier, reason, detail, decided, doc_no, bar_until, tier_event_id, actor, "
    "recorded_at FROM exit_decisions WHERE (?1 IS NULL OR uscc = ?1) ORDER BY decided, id";

static void bind_exit(sqlite3_stmt *st, const void *arg)
{
	const struct flow_exit_decision *x = arg;
	sq_bind_text(st, 1, x->uscc);
	sq_bind_text(st, 2, tier_key(x->tier));
	sq_bind_text(st, 3, flow_exit_key(x->reason));
	sq_bind_text(st, 4, x->detail);
	sq_bind_text(st, 5, x->decided);
	sq_bind_text(st, 6, x->doc_no);
	sq_bind_text(st, 7, x->bar_until);
	sq_bind_i64(st, 8, x->tier_event_id);
	sq_bind_text(st, 9, x->actor);
	sq_bind_text(st, 10, x->recorded_at);
}

static enum app_status exit_add(struct store *bs, struct flow_exit_decision *x, struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(x->recorded_at, sizeof x->recorded_at, sq_now(s), 19);
	return sq_write(s, SQL_EXIT_ADD, bind_exit, x, "记录退出决定", &x->id, NULL, err);
}

struct exit_ctx {
	int (*cb)(void *ctx, const struct flow_exit_decision *x);
	void *ctx;
};

static int exit_row(sqlite3_stmt *st, void *vctx)
{
	struct exit_ctx *l = vctx;
	struct flow_exit_decision x;
	char k[32];
	memset(&x, 0, sizeof x);
	x.id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, x.uscc, sizeof x.uscc);
	sq_col_text(st, 2, k, sizeof k);
	x.tier = store_tier_from_key(k);
	sq_col_text(st, 3, k, sizeof k);
	x.reason = flow_exit_parse(strv_from(k));
	sq_col_text(st, 4, x.detail, sizeof x.detail);
	sq_col_text(st, 5, x.decided, sizeof x.decided);
	sq_col_text(st, 6, x.doc_no, sizeof x.doc_no);
	sq_col_text(st, 7, x.bar_until, sizeof x.bar_until);
	x.tier_event_id = (long)sqlite3_column_int64(st, 8);
	sq_col_text(st, 9, x.actor, sizeof x.actor);
	sq_col_text(st, 10, x.recorded_at, sizeof x.recorded_at);
	return l->cb(l->ctx, &x);
}

static enum app_status exit_list(struct store *bs, const char *uscc,
                                 int (*cb)(void *ctx, const struct flow_exit_decision *x),
                                 void *ctx, struct app_err *err)
{
	struct exit_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_EXIT_LIST, bind_text1, uscc, exit_row, &l, "读取退出决定", err);
}

/* ---- re-evaluations ---- */

static const char SQL_REEVAL_ADD[] =
    "INSERT INTO reevaluations (run_date, uscc, tier, criteria, figures_year, proposal, "
    "reasons, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_REEVAL_LIST[] =
    "SELECT id, run_date, uscc, tier, criteria, figures_year, proposal, reasons, actor, "
    "recorded_at FROM reevaluations WHERE (?1 IS NULL OR run_date = ?1) ORDER BY run_date, uscc, "
    "tier, id";

static void bind_reeval(sqlite3_stmt *st, const void *arg)
{
	const struct flow_reeval *r = arg;
	sq_bind_text(st, 1, r->run_date);
	sq_bind_text(st, 2, r->uscc);
	sq_bind_text(st, 3, tier_key(r->tier));
	sq_bind_text(st, 4, r->criteria);
	sq_bind_i64_opt(st, 5, r->figures_year);
	sq_bind_text(st, 6, flow_proposal_key(r->proposal));
	sq_bind_text(st, 7, r->reasons);
	sq_bind_text(st, 8, r->actor);
	sq_bind_text(st, 9, r->recorded_at);
}

static enum app_status reeval_add(struct store *bs, struct flow_reeval *r, struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(r->recorded_at, sizeof r->recorded_at, sq_now(s), 19);
	return sq_write(s, SQL_REEVAL_ADD, bind_reeval, r, "记录年度复评", &r->id, NULL, err);
}

struct reeval_ctx {
	int (*cb)(void *ctx, const struct flow_reeval *r);
	void *ctx;
};

static enum flow_proposal proposal_from_key(const char *k)
{
	for (int p = FP_KEEP; p < FP_COUNT; p++)
		if (strcmp(k, flow_proposal_key((enum flow_proposal)p)) == 0)
			return (enum flow_proposal)p;
	return FP_NONE;
}

static int reeval_row(sqlite3_stmt *st, void *vctx)
{
	struct reeval_ctx *l = vctx;
	struct flow_reeval r;
	char k[32];
	memset(&r, 0, sizeof r);
	r.id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, r.run_date, sizeof r.run_date);
	sq_col_text(st, 2, r.uscc, sizeof r.uscc);
	sq_col_text(st, 3, k, sizeof k);
	r.tier = store_tier_from_key(k);
	sq_col_text(st, 4, r.criteria, sizeof r.criteria);
	r.figures_year = sqlite3_column_int(st, 5);
	sq_col_text(st, 6, k, sizeof k);
	r.proposal = proposal_from_key(k);
	sq_col_text(st, 7, r.reasons, sizeof r.reasons);
	sq_col_text(st, 8, r.actor, sizeof r.actor);
	sq_col_text(st, 9, r.recorded_at, sizeof r.recorded_at);
	return l->cb(l->ctx, &r);
}

static enum app_status reeval_list(struct store *bs, const char *run_date,
                                   int (*cb)(void *ctx, const struct flow_reeval *r), void *ctx,
                                   struct app_err *err)
{
	struct reeval_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_REEVAL_LIST, bind_text1, run_date, reeval_row, &l,
	               "读取年度复评", err);
}

/* ---- targets ---- */

static const char SQL_SET_PUT[] =
    "INSERT INTO target_sets (name, label, source, counting) VALUES (?1, ?2, ?3, ?4) ON "
    "CONFLICT (name) DO UPDATE SET label = excluded.label, source = excluded.source, "
    "counting = excluded.counting";
static const char SQL_SETS[] =
    "SELECT name, label, source, counting FROM target_sets ORDER BY name";
static const char SQL_TARGET_PUT[] =
    "INSERT INTO targets (set_name, tier, year, unit, target) VALUES (?1, ?2, ?3, ?4, ?5) ON "
    "CONFLICT (set_name, tier, year, unit) DO UPDATE SET target = excluded.target";
static const char SQL_TARGETS[] =
    "SELECT set_name, tier, year, unit, target FROM targets WHERE (?1 IS NULL OR set_name = ?1) "
    "ORDER BY set_name, CASE tier WHEN 'candidate' THEN 1 WHEN 'innovative' THEN 2 WHEN 'srdi' "
    "THEN 3 WHEN 'little_giant' THEN 4 ELSE 5 END, year, unit";

static void bind_set(sqlite3_stmt *st, const void *arg)
{
	const struct flow_target_set *t = arg;
	sq_bind_text(st, 1, t->name);
	sq_bind_text(st, 2, t->label);
	sq_bind_text(st, 3, t->source);
	sq_bind_text(st, 4, t->ladder ? "ladder" : "tier");
}

static enum app_status target_set_put(struct store *bs, const struct flow_target_set *t,
                                      struct app_err *err)
{
	return sq_write(SQ(bs), SQL_SET_PUT, bind_set, t, "保存目标集", NULL, NULL, err);
}

struct set_ctx {
	int (*cb)(void *ctx, const struct flow_target_set *t);
	void *ctx;
};

static int set_row(sqlite3_stmt *st, void *vctx)
{
	struct set_ctx *l = vctx;
	struct flow_target_set t;
	memset(&t, 0, sizeof t);
	sq_col_text(st, 0, t.name, sizeof t.name);
	sq_col_text(st, 1, t.label, sizeof t.label);
	sq_col_text(st, 2, t.source, sizeof t.source);
	char counting[16];
	sq_col_text(st, 3, counting, sizeof counting);
	t.ladder = strcmp(counting, "ladder") == 0;
	return l->cb(l->ctx, &t);
}

static enum app_status target_sets(struct store *bs,
                                   int (*cb)(void *ctx, const struct flow_target_set *t), void *ctx,
                                   struct app_err *err)
{
	struct set_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_SETS, NULL, NULL, set_row, &l, "读取目标集", err);
}

static void bind_target(sqlite3_stmt *st, const void *arg)
{
	const struct flow_target *t = arg;
	sq_bind_text(st, 1, t->set);
	sq_bind_text(st, 2, tier_key(t->tier));
	sq_bind_i64(st, 3, t->year);
	APP_ASSERT(sqlite3_bind_text(st, 4, t->unit, -1, SQLITE_STATIC) == SQLITE_OK);
	sq_bind_i64(st, 5, t->target);
}

static enum app_status target_put(struct store *bs, const struct flow_target *t,
                                  struct app_err *err)
{
	enum app_status st =
	    sq_write(SQ(bs), SQL_TARGET_PUT, bind_target, t, "保存目标", NULL, NULL, err);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "目标集 %s 不存在", t->set);
	return st;
}

struct target_ctx {
	int (*cb)(void *ctx, const struct flow_target *t);
	void *ctx;
};

static int target_row(sqlite3_stmt *st, void *vctx)
{
	struct target_ctx *l = vctx;
	struct flow_target t;
	char k[32];
	memset(&t, 0, sizeof t);
	sq_col_text(st, 0, t.set, sizeof t.set);
	sq_col_text(st, 1, k, sizeof k);
	t.tier = store_tier_from_key(k);
	t.year = sqlite3_column_int(st, 2);
	sq_col_text(st, 3, t.unit, sizeof t.unit);
	t.target = (long)sqlite3_column_int64(st, 4);
	return l->cb(l->ctx, &t);
}

static enum app_status target_list(struct store *bs, const char *set,
                                   int (*cb)(void *ctx, const struct flow_target *t), void *ctx,
                                   struct app_err *err)
{
	struct target_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_TARGETS, bind_text1, set, target_row, &l, "读取目标", err);
}

/* ---- holders ---- */

/* The latest event per firm in the tier up to the date (since, then id, as
 * store_tier_fold orders them), kept if it holds and has not run out. */
static const char SQL_HOLDERS[] =
    "SELECT t.uscc, e.name, e.district, coalesce(e.zone, e.district), e.industry, t.status, "
    "t.since, t.until FROM (SELECT uscc, status, since, until, row_number() OVER (PARTITION BY "
    "uscc ORDER BY since DESC, id DESC) AS rn FROM tier_events WHERE tier = ?1 AND since <= ?2) "
    "t JOIN enterprises e ON e.uscc = t.uscc WHERE t.rn = 1 AND t.status IN ('recognized', "
    "'renewed') AND (t.until IS NULL OR t.until >= ?2) AND (?3 IS NULL OR e.district = ?3 OR "
    "e.zone = ?3) AND (?4 IS NULL OR t.until <= ?4) ORDER BY t.uscc";

struct holder_args {
	enum tier t;
	const char *date, *scope, *until_max;
};

static void bind_holders(sqlite3_stmt *st, const void *arg)
{
	const struct holder_args *a = arg;
	sq_bind_text(st, 1, tier_key(a->t));
	sq_bind_text(st, 2, a->date);
	sq_bind_text(st, 3, a->scope);
	sq_bind_text(st, 4, a->until_max);
}

struct holder_ctx {
	int (*cb)(void *ctx, const struct store_holding *h);
	void *ctx;
};

static int holder_row(sqlite3_stmt *st, void *vctx)
{
	struct holder_ctx *l = vctx;
	struct store_holding h;
	char k[32];
	memset(&h, 0, sizeof h);
	sq_col_text(st, 0, h.uscc, sizeof h.uscc);
	sq_col_text(st, 1, h.name, sizeof h.name);
	sq_col_text(st, 2, h.district, sizeof h.district);
	sq_col_text(st, 3, h.unit, sizeof h.unit);
	sq_col_text(st, 4, h.industry, sizeof h.industry);
	sq_col_text(st, 5, k, sizeof k);
	h.status = store_status_from_key(k);
	sq_col_text(st, 6, h.since, sizeof h.since);
	sq_col_text(st, 7, h.until, sizeof h.until);
	return l->cb(l->ctx, &h);
}

static enum app_status tier_holders(struct store *bs, enum tier t, const char *date,
                                    const char *scope, const char *until_max,
                                    int (*cb)(void *ctx, const struct store_holding *h), void *ctx,
                                    struct app_err *err)
{
	struct holder_args a = {t, date, scope, until_max};
	struct holder_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_HOLDERS, bind_holders, &a, holder_row, &l, "统计梯度企业", err);
}

/* Every event of the tier in fold order, through the index by firm. */
static const char SQL_SPANS[] =
    "SELECT t.uscc, e.name, e.district, coalesce(e.zone, e.district), e.industry, t.status, "
    "t.since, t.until FROM tier_events t JOIN enterprises e ON e.uscc = t.uscc WHERE t.tier = ?1 "
    "ORDER BY t.uscc, t.since, t.id";

static void bind_tier(sqlite3_stmt *st, const void *arg)
{
	sq_bind_text(st, 1, tier_key(*(const enum tier *)arg));
}

static enum app_status tier_spans(struct store *bs, enum tier t,
                                  int (*cb)(void *ctx, const struct store_holding *h), void *ctx,
                                  struct app_err *err)
{
	struct holder_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_SPANS, bind_tier, &t, holder_row, &l, "读取梯度历史", err);
}

const struct store_manage_ops sq_manage_ops = {
    .exit_add = exit_add,
    .exit_list = exit_list,
    .reeval_add = reeval_add,
    .reeval_list = reeval_list,
    .target_set_put = target_set_put,
    .target_sets = target_sets,
    .target_put = target_put,
    .target_list = target_list,
    .tier_holders = tier_holders,
    .tier_spans = tier_spans,
};
