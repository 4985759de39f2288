/* store_sqlite_review.c - the expert pool, experts' links to firms, and
 * their assignments and scores in SQLite (migration 0005). */
#include <string.h>

#include "store/store_review.h"
#include "store/store_sqlite_int.h"

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

/* ---- experts ---- */

#define EXPERT_COLS "id, username, name, field, unit, employer, active"

static const char SQL_EXPERT_FIND[] = "SELECT id FROM experts WHERE username = ?1";
static const char SQL_EXPERT_INSERT[] =
    "INSERT INTO experts (username, name, field, unit, employer, active, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char SQL_EXPERT_UPDATE[] =
    "UPDATE experts SET name = ?2, field = ?3, unit = ?4, employer = ?5, active = ?6, "
    "updated_at = ?7 WHERE username = ?1";
static const char SQL_EXPERT_GET[] =
    "SELECT " EXPERT_COLS " FROM experts WHERE (?1 IS NULL OR id = ?1) AND "
    "(?2 IS NULL OR username = ?2)";
static const char SQL_EXPERT_LIST[] =
    "SELECT " EXPERT_COLS " FROM experts WHERE (?1 IS NULL OR active = 1) ORDER BY id";

struct expert_args {
	const struct flow_expert *x;
	const char *now;
};

static void bind_expert(sqlite3_stmt *st, const void *arg)
{
	const struct expert_args *a = arg;
	sq_bind_text(st, 1, a->x->username);
	sq_bind_text(st, 2, a->x->name);
	sq_bind_text(st, 3, a->x->field);
	sq_bind_text(st, 4, a->x->unit);
	sq_bind_text(st, 5, a->x->employer);
	sq_bind_i64(st, 6, a->x->active);
	sq_bind_text(st, 7, a->now);
}

static void bind_username(sqlite3_stmt *st, const void *arg)
{
	sq_bind_text(st, 1, arg);
}

static int first_long(sqlite3_stmt *st, void *ctx)
{
	*(long *)ctx = (long)sqlite3_column_int64(st, 0);
	return 1;
}

static enum app_status expert_put(struct store *bs, struct flow_expert *x, bool *created,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct expert_args a = {x, sq_now(s)};
	long id = 0;
	enum app_status st = sq_read(s, SQL_EXPERT_FIND, bind_username, x->username, first_long,
	                             &id, "查找专家", err);
	if (st != APP_OK)
		return st;
	if (created)
		*created = id == 0;
	if (id) {
		x->id = id;
		return sq_write(s, SQL_EXPERT_UPDATE, bind_expert, &a, "更新专家", NULL, NULL, err);
	}
	return sq_write(s, SQL_EXPERT_INSERT, bind_expert, &a, "新增专家", &x->id, NULL, err);
}

static void read_expert(sqlite3_stmt *st, struct flow_expert *x)
{
	memset(x, 0, sizeof *x);
	x->id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, x->username, sizeof x->username);
	sq_col_text(st, 2, x->name, sizeof x->name);
	sq_col_text(st, 3, x->field, sizeof x->field);
	sq_col_text(st, 4, x->unit, sizeof x->unit);
	sq_col_text(st, 5, x->employer, sizeof x->employer);
	x->active = sqlite3_column_int(st, 6) != 0;
}

struct expert_key {
	long id;
	const char *username;
};

static void bind_expert_key(sqlite3_stmt *st, const void *arg)
{
	const struct expert_key *k = arg;
	sq_bind_i64_opt(st, 1, k->id);
	sq_bind_text(st, 2, k->username);
}

struct expert_one {
	struct flow_expert *out;
	bool found;
};

static int expert_one_row(sqlite3_stmt *st, void *ctx)
{
	struct expert_one *o = ctx;
	read_expert(st, o->out);
	o->found = true;
	return 1;
}

static enum app_status expert_get(struct store *bs, long id, const char *username,
                                  struct flow_expert *out, struct app_err *err)
{
	struct expert_key k = {id, username};
	struct expert_one o = {out, false};
	enum app_status st = sq_read(SQ(bs), SQL_EXPERT_GET, bind_expert_key, &k, expert_one_row,
	                             &o, "读取专家", err);
	if (st == APP_OK && !o.found)
		return app_err_set(err, APP_ENOTFOUND, "专家 %s 不存在",
		                   username && *username ? username : "(编号)");
	return st;
}

struct expert_list_ctx {
	int (*cb)(void *ctx, const struct flow_expert *x);
	void *ctx;
};

static int expert_row(sqlite3_stmt *st, void *vctx)
{
	struct expert_list_ctx *l = vctx;
	struct flow_expert x;
	read_expert(st, &x);
	return l->cb(l->ctx, &x);
}

static void bind_active(sqlite3_stmt *st, const void *arg)
{
	sq_bind_i64_opt(st, 1, *(const bool *)arg);
}

static enum app_status expert_list(struct store *bs, bool active_only,
                                   int (*cb)(void *ctx, const struct flow_expert *x), void *ctx,
                                   struct app_err *err)
{
	struct expert_list_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_EXPERT_LIST, bind_active, &active_only, expert_row, &l,
	               "读取专家库", err);
}

/* ---- links ---- */

static const char SQL_LINK_ADD[] =
    "INSERT INTO expert_links (expert_id, uscc, relation) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (expert_id, uscc) DO UPDATE SET relation = excluded.relation";
static const char SQL_LINKS[] = "SELECT expert_id, uscc, relation FROM expert_links WHERE "
                                "(?1 IS NULL OR expert_id = ?1) ORDER BY expert_id, uscc";

struct link_args {
	long expert_id;
	const char *uscc, *relation;
};

static void bind_link(sqlite3_stmt *st, const void *arg)
{
	const struct link_args *a = arg;
	sq_bind_i64(st, 1, a->expert_id);
	sq_bind_text(st, 2, a->uscc);
	sq_bind_text(st, 3, a->relation);
}

static enum app_status expert_link(struct store *bs, long expert_id, const char *uscc,
                                   const char *relation, struct app_err *err)
{
	struct link_args a = {expert_id, uscc, relation};
	enum app_status st =
	    sq_write(SQ(bs), SQL_LINK_ADD, bind_link, &a, "登记专家关联企业", NULL, NULL, err);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "专家编号 %ld 不存在", expert_id);
	return st;
}

struct link_ctx {
	int (*cb)(void *ctx, long expert_id, const char *uscc, const char *relation);
	void *ctx;
};

static int link_row(sqlite3_stmt *st, void *vctx)
{
	struct link_ctx *l = vctx;
	char uscc[19], rel[MAX_SHORT_TEXT_BYTES];
	sq_col_text(st, 1, uscc, sizeof uscc);
	sq_col_text(st, 2, rel, sizeof rel);
	return l->cb(l->ctx, (long)sqlite3_column_int64(st, 0), uscc, rel);
}

static void bind_opt_id(sqlite3_stmt *st, const void *arg)
{
	sq_bind_i64_opt(st, 1, *(const long *)arg);
}

static enum app_status expert_links(struct store *bs, long expert_id,
                                    int (*cb)(void *ctx, long expert_id, const char *uscc,
                                              const char *relation),
                                    void *ctx, struct app_err *err)
{
	struct link_ctx l = {cb, ctx};
	return sq_read(SQ(bs), SQL_LINKS, bind_opt_id, &expert_id, link_row, &l, "读取专家关联企业",
	               err);
}

/* ---- reviews ---- */

static const char SQL_REVIEW_ADD[] =
    "INSERT INTO reviews (application_id, expert_id, assigned_at) VALUES (?1, ?2, ?3)";
static const char SQL_REVIEW_SCORE[] =
    "UPDATE reviews SET score = ?3, comment = ?4, scored_at = ?5 WHERE application_id = ?1 "
    "AND expert_id = ?2";
static const char SQL_REVIEW_FLAG[] =
    "UPDATE reviews SET outlier = ?3 WHERE application_id = ?1 AND expert_id = ?2";
static const char SQL_REVIEW_LIST[] =
    "SELECT application_id, expert_id, assigned_at, score, comment, scored_at, outlier FROM "
    "reviews WHERE (?1 IS NULL OR application_id = ?1) AND (?2 IS NULL OR expert_id = ?2) "
    "ORDER BY application_id, expert_id";

struct review_args {
	long app_id, expert_id;
	long v;
	const char *text, *now;
};

static void bind_review_add(sqlite3_stmt *st, const void *arg)
{
	const struct review_args *a = arg;
	sq_bind_i64(st, 1, a->app_id);
	sq_bind_i64(st, 2, a->expert_id);
	sq_bind_text(st, 3, a->now);
}

static void bind_review_score(sqlite3_stmt *st, const void *arg)
{
	const struct review_args *a = arg;
	bind_review_add(st, arg);
	sq_bind_i64(st, 3, a->v);
	APP_ASSERT(sqlite3_bind_text(st, 4, a->text, -1, SQLITE_STATIC) == SQLITE_OK);
	sq_bind_text(st, 5, a->now);
}

static void bind_review_flag(sqlite3_stmt *st, const void *arg)
{
	const struct review_args *a = arg;
	sq_bind_i64(st, 1, a->app_id);
	sq_bind_i64(st, 2, a->expert_id);
	sq_bind_i64(st, 3, a->v);
}

static enum app_status review_add(struct store *bs, long app_id, long expert_id,
                                  struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct review_args a = {app_id, expert_id, 0, NULL, sq_now(s)};
	enum app_status st =
	    sq_write(s, SQL_REVIEW_ADD, bind_review_add, &a, "分配专家", NULL, NULL, err);
	if (st == APP_ECONFLICT)
		return app_err_set(err, APP_ECONFLICT, "专家 %ld 已分配给申请 %ld", expert_id,
		                   app_id);
	return st;
}

static enum app_status review_change(struct store *bs, const char *sql, sq_binder bind,
                                     struct review_args *a, const char *what, struct app_err *err)
{
	int n = 0;
	enum app_status st = sq_write(SQ(bs), sql, bind, a, what, NULL, &n, err);
	if (st == APP_OK && n == 0)
		return app_err_set(err, APP_ENOTFOUND, "专家 %ld 未被分配评审申请 %ld",
		                   a->expert_id, a->app_id);
	return st;
}

static enum app_status review_score(struct store *bs, long app_id, long expert_id, int score,
                                    const char *comment, struct app_err *err)
{
	struct review_args a = {app_id, expert_id, score, comment ? comment : "", sq_now(SQ(bs))};
	return review_change(bs, SQL_REVIEW_SCORE, bind_review_score, &a, "保存专家评分", err);
}

static enum app_status review_flag(struct store *bs, long app_id, long expert_id, bool outlier,
                                   struct app_err *err)
{
	struct review_args a = {app_id, expert_id, outlier, NULL, NULL};
	return review_change(bs, SQL_REVIEW_FLAG, bind_review_flag, &a, "标记异常评分", err);
}

struct review_ctx {
	int (*cb)(void *ctx, const struct flow_review *r);
	void *ctx;
};

static int review_row(sqlite3_stmt *st, void *vctx)
{
	struct review_ctx *l = vctx;
	struct flow_review r;
	memset(&r, 0, sizeof r);
	r.app_id = (long)sqlite3_column_int64(st, 0);
	r.expert_id = (long)sqlite3_column_int64(st, 1);
	sq_col_text(st, 2, r.assigned_at, sizeof r.assigned_at);
	r.score = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
	sq_col_text(st, 4, r.comment, sizeof r.comment);
	sq_col_text(st, 5, r.scored_at, sizeof r.scored_at);
	r.outlier = sqlite3_column_int(st, 6) != 0;
	return l->cb(l->ctx, &r);
}

struct review_filter {
	long app_id, expert_id;
};

static void bind_review_filter(sqlite3_stmt *st, const void *arg)
{
	const struct review_filter *f = arg;
	sq_bind_i64_opt(st, 1, f->app_id);
	sq_bind_i64_opt(st, 2, f->expert_id);
}

static enum app_status review_list(struct store *bs, long app_id, long expert_id,
                                   int (*cb)(void *ctx, const struct flow_review *r), void *ctx,
                                   struct app_err *err)
{
	struct review_ctx l = {cb, ctx};
	struct review_filter f = {app_id, expert_id};
	return sq_read(SQ(bs), SQL_REVIEW_LIST, bind_review_filter, &f, review_row, &l,
	               "读取专家评审", err);
}

const struct store_review_ops sq_review_ops = {
    .expert_put = expert_put,
    .expert_get = expert_get,
    .expert_list = expert_list,
    .expert_link = expert_link,
    .expert_links = expert_links,
    .review_add = review_add,
    .review_score = review_score,
    .review_flag = review_flag,
    .review_list = review_list,
};
