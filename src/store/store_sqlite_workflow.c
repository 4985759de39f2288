/* store_sqlite_workflow.c - batches, applications, the transition log,
 * attachments and objections in SQLite (migration 0005), and the
 * one-statement helpers shared by the workflow's domain files. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/store_sqlite_int.h"
#include "store/store_workflow.h"

static struct sq *SQ(struct store *s)
{
	return (struct sq *)s;
}

/* ---- helpers ---- */

static enum app_status fail(struct sq *s, int rc, const char *what, struct app_err *err)
{
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return app_err_set(err, APP_ENOTFOUND, "%s失败:引用的记录不存在", what);
	return sq_fail(s, rc, what, err);
}

enum app_status sq_write(struct sq *s, const char *sql, sq_binder bind, const void *arg,
                         const char *what, long *rowid, int *changes, struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return fail(s, rc, what, err);
	if (bind)
		bind(st, arg);
	rc = sqlite3_step(st);
	enum app_status ret = APP_OK;
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		if (rowid)
			*rowid = (long)sqlite3_last_insert_rowid(s->db);
		if (changes)
			*changes = sqlite3_changes(s->db);
	} else {
		ret = fail(s, rc, what, err);
	}
	sq_stmt_done(s, sql, st);
	return ret;
}

enum app_status sq_read(struct sq *s, const char *sql, sq_binder bind, const void *arg,
                        int (*row)(sqlite3_stmt *st, void *ctx), void *ctx, const char *what,
                        struct app_err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = sq_stmt(s, sql, &rc);
	if (!st)
		return fail(s, rc, what, err);
	if (bind)
		bind(st, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, ctx))
			break;
	enum app_status ret =
	    rc == SQLITE_ROW || rc == SQLITE_DONE ? APP_OK : fail(s, rc, what, err);
	sq_stmt_done(s, sql, st);
	return ret;
}

void sq_bind_opt_long(sqlite3_stmt *st, int i, long v)
{
	int rc = v >= 0 ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
	APP_ASSERT(rc == SQLITE_OK);
}

static void bind_id(sqlite3_stmt *st, const void *arg)
{
	sq_bind_i64(st, 1, *(const long *)arg);
}

/* Heap copy of column i, NULL for SQL NULL. */
static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static long col_long(sqlite3_stmt *st, int i, long if_null)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? if_null
	                                                 : (long)sqlite3_column_int64(st, i);
}

/* Reads one row into a record with `read` (a row callback that stores into
 * ctx), counting rows in *found. */
struct one {
	void (*read)(sqlite3_stmt *st, void *out);
	void *out;
	bool found;
};

static int one_row(sqlite3_stmt *st, void *ctx)
{
	struct one *o = ctx;
	o->read(st, o->out);
	o->found = true;
	return 1;
}

static enum app_status get_one(struct sq *s, const char *sql, long id,
                               void (*read)(sqlite3_stmt *st, void *out), void *out,
                               const char *what, struct app_err *err)
{
	struct one o = {read, out, false};
	enum app_status st = sq_read(s, sql, bind_id, &id, one_row, &o, what, err);
	if (st == APP_OK && !o.found)
		return app_err_set(err, APP_ENOTFOUND, "%s:编号 %ld 不存在", what, id);
	return st;
}

/* ---- batches ---- */

#define BATCH_COLS                                                                                 \
	"id, name, tier, year, criteria, opens, closes, district_due, city_due, review_due, "      \
	"notice_days, term_years, experts, blind, exclude_linked, doc_no, created_by, created_at"

static const char SQL_BATCH_ADD[] =
    "INSERT INTO batches (name, tier, year, criteria, opens, closes, district_due, city_due, "
    "review_due, notice_days, term_years, experts, blind, exclude_linked, doc_no, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17)";
static const char SQL_BATCH_UPDATE[] =
    "UPDATE batches SET name = ?1, opens = ?5, closes = ?6, district_due = ?7, city_due = ?8, "
    "review_due = ?9, notice_days = ?10, term_years = ?11, experts = ?12, blind = ?13, "
    "exclude_linked = ?14, doc_no = ?15 WHERE id = ?18";
static const char SQL_BATCH_GET[] = "SELECT " BATCH_COLS " FROM batches WHERE id = ?1";
static const char SQL_BATCH_LIST[] = "SELECT " BATCH_COLS " FROM batches WHERE (?1 IS NULL OR "
                                     "tier = ?1) AND (?2 IS NULL OR year = ?2) ORDER BY id DESC";

static void bind_batch(sqlite3_stmt *st, const void *arg)
{
	const struct flow_batch *b = arg;
	sq_bind_text(st, 1, b->name);
	sq_bind_text(st, 2, tier_key(b->tier));
	sq_bind_i64(st, 3, b->year);
	sq_bind_text(st, 4, b->criteria);
	sq_bind_text(st, 5, b->opens);
	sq_bind_text(st, 6, b->closes);
	sq_bind_text(st, 7, b->district_due);
	sq_bind_text(st, 8, b->city_due);
	sq_bind_text(st, 9, b->review_due);
	sq_bind_i64(st, 10, b->notice_days);
	sq_bind_i64(st, 11, b->term_years);
	sq_bind_i64(st, 12, b->experts);
	sq_bind_i64(st, 13, b->blind);
	sq_bind_i64(st, 14, b->exclude_linked);
	sq_bind_text(st, 15, b->doc_no);
	sq_bind_text(st, 16, b->created_by);
	sq_bind_text(st, 17, b->created_at);
	if (sqlite3_bind_parameter_count(st) >= 18)
		sq_bind_i64(st, 18, b->id);
}

static void read_batch(sqlite3_stmt *st, void *out)
{
	struct flow_batch *b = out;
	char tk[32];
	memset(b, 0, sizeof *b);
	b->id = (long)sqlite3_column_int64(st, 0);
	sq_col_text(st, 1, b->name, sizeof b->name);
	sq_col_text(st, 2, tk, sizeof tk);
	b->tier = store_tier_from_key(tk);
	b->year = sqlite3_column_int(st, 3);
	sq_col_text(st, 4, b->criteria, sizeof b->criteria);
	sq_col_text(st, 5, b->opens, sizeof b->opens);
	sq_col_text(st, 6, b->closes, sizeof b->closes);
	sq_col_text(st, 7, b->district_due, sizeof b->district_due);
	sq_col_text(st, 8, b->city_due, sizeof b->city_due);
	sq_col_text(st, 9, b->review_due, sizeof b->review_due);
	b->notice_days = sqlite3_column_int(st, 10);
	b->term_years = sqlite3_column_int(st, 11);
	b->experts = sqlite3_column_int(st, 12);
	b->blind = sqlite3_column_int(st, 13) != 0;
	b->exclude_linked = sqlite3_column_int(st, 14) != 0;
	sq_col_text(st, 15, b->doc_no, sizeof b->doc_no);
	sq_col_text(st, 16, b->created_by, sizeof b->created_by);
	sq_col_text(st, 17, b->created_at, sizeof b->created_at);
}

static enum app_status batch_add(struct store *bs, struct flow_batch *b, struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(b->created_at, sizeof b->created_at, sq_now(s), 19);
	return sq_write(s, SQL_BATCH_ADD, bind_batch, b, "新建申报批次", &b->id, NULL, err);
}

static enum app_status batch_update(struct store *bs, const struct flow_batch *b,
                                    struct app_err *err)
{
	int n = 0;
	enum app_status st =
	    sq_write(SQ(bs), SQL_BATCH_UPDATE, bind_batch, b, "修改申报批次", NULL, &n, err);
	if (st == APP_OK && n == 0)
		return app_err_set(err, APP_ENOTFOUND, "申报批次 %ld 不存在", b->id);
	return st;
}

static enum app_status batch_get(struct store *bs, long id, struct flow_batch *out,
                                 struct app_err *err)
{
	return get_one(SQ(bs), SQL_BATCH_GET, id, read_batch, out, "申报批次", err);
}

/* The caller's typed callback and its context. */
struct list_ctx {
	union {
		int (*batch)(void *ctx, const struct flow_batch *b);
		int (*app)(void *ctx, const struct flow_app *a);
		int (*event)(void *ctx, const struct flow_event *ev);
		int (*att)(void *ctx, const struct flow_attachment *a);
		int (*obj)(void *ctx, const struct flow_objection *o);
	} cb;
	void *ctx;
};

static int batch_row(sqlite3_stmt *st, void *vctx)
{
	struct list_ctx *l = vctx;
	struct flow_batch b;
	read_batch(st, &b);
	return l->cb.batch(l->ctx, &b);
}

struct batch_filter {
	int tier, year;
};

static void bind_batch_filter(sqlite3_stmt *st, const void *arg)
{
	const struct batch_filter *f = arg;
	sq_bind_text(st, 1, f->tier ? tier_key((enum tier)f->tier) : NULL);
	sq_bind_i64_opt(st, 2, f->year);
}

static enum app_status batch_list(struct store *bs, int tier, int year,
                                  int (*cb)(void *ctx, const struct flow_batch *b), void *ctx,
                                  struct app_err *err)
{
	struct list_ctx l = {.ctx = ctx};
	l.cb.batch = cb;
	struct batch_filter f = {tier, year};
	return sq_read(SQ(bs), SQL_BATCH_LIST, bind_batch_filter, &f, batch_row, &l, "读取申报批次",
	               err);
}

/* ---- applications ---- */

#define APP_COLS                                                                                   \
	"id, batch_id, uscc, tier, renewal, state, state_since, unit, district, filed_by, "        \
	"filed_role, figures_year, score, notice_start, notice_end, doc_no, valid_from, "          \
	"valid_until, tier_event_id, note, created_at, updated_at"

static const char SQL_APP_ADD[] =
    "INSERT INTO applications (batch_id, uscc, tier, renewal, state, state_since, unit, "
    "district, filed_by, filed_role, figures_year, snapshot, created_at, updated_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)";
static const char SQL_APP_GET[] = "SELECT " APP_COLS " FROM applications WHERE id = ?1";
static const char SQL_APP_DOCS[] = "SELECT snapshot, assessment FROM applications WHERE id = ?1";
static const char SQL_APP_ASSESS[] = "UPDATE applications SET assessment = ?2 WHERE id = ?1";
static const char SQL_APP_UPDATE[] =
    "UPDATE applications SET state = ?2, state_since = ?3, score = ?4, notice_start = ?5, "
    "notice_end = ?6, doc_no = ?7, valid_from = ?8, valid_until = ?9, tier_event_id = ?10, "
    "note = ?11, updated_at = ?12 WHERE id = ?1";
#define APP_WHERE                                                                                  \
	" WHERE (?1 IS NULL OR a.batch_id = ?1) AND (?2 IS NULL OR a.uscc = ?2) AND "              \
	"(?3 IS NULL OR a.unit = ?3 OR a.district = ?3) AND (?4 IS NULL OR a.state = ?4) AND "     \
	"(?5 IS NULL OR a.tier = ?5) AND (?6 IS NULL OR EXISTS (SELECT 1 FROM reviews r WHERE "    \
	"r.application_id = a.id AND r.expert_id = ?6)) AND (?7 IS NULL OR a.state IN "            \
	"('submitted', 'returned', 'district_approved', 'city_approved', 'expert_review', "        \
	"'scored', 'publicized')) AND (?8 IS NULL OR a.state NOT IN ('recognized', 'rejected'))"
static const char SQL_APP_LIST[] =
    "SELECT " APP_COLS " FROM applications a" APP_WHERE " ORDER BY a.id LIMIT ?9 OFFSET ?10";
static const char SQL_APP_COUNT[] = "SELECT count(*) FROM applications a" APP_WHERE;

struct app_add_args {
	const struct flow_app *a;
	const char *snapshot;
};

static void bind_app_add(sqlite3_stmt *st, const void *arg)
{
	const struct app_add_args *x = arg;
	const struct flow_app *a = x->a;
	sq_bind_i64(st, 1, a->batch_id);
	sq_bind_text(st, 2, a->uscc);
	sq_bind_text(st, 3, tier_key(a->tier));
	sq_bind_i64(st, 4, a->renewal);
	sq_bind_text(st, 5, flow_state_key(a->state));
	sq_bind_text(st, 6, a->state_since);
	sq_bind_text(st, 7, a->unit);
	sq_bind_text(st, 8, a->district);
	sq_bind_text(st, 9, a->filed_by);
	sq_bind_text(st, 10, role_key(a->filed_role));
	sq_bind_i64_opt(st, 11, a->figures_year);
	sq_bind_text(st, 12, x->snapshot);
	sq_bind_text(st, 13, a->created_at);
}

static void read_app(sqlite3_stmt *st, void *out)
{
	struct flow_app *a = out;
	char k[32];
	memset(a, 0, sizeof *a);
	a->id = (long)sqlite3_column_int64(st, 0);
	a->batch_id = (long)sqlite3_column_int64(st, 1);
	sq_col_text(st, 2, a->uscc, sizeof a->uscc);
	sq_col_text(st, 3, k, sizeof k);
	a->tier = store_tier_from_key(k);
	a->renewal = sqlite3_column_int(st, 4) != 0;
	sq_col_text(st, 5, k, sizeof k);
	a->state = flow_state_parse(strv_from(k));
	sq_col_text(st, 6, a->state_since, sizeof a->state_since);
	sq_col_text(st, 7, a->unit, sizeof a->unit);
	sq_col_text(st, 8, a->district, sizeof a->district);
	sq_col_text(st, 9, a->filed_by, sizeof a->filed_by);
	sq_col_text(st, 10, k, sizeof k);
	a->filed_role = role_parse(k);
	a->figures_year = sqlite3_column_int(st, 11);
	a->score_x100 = col_long(st, 12, -1);
	sq_col_text(st, 13, a->notice_start, sizeof a->notice_start);
	sq_col_text(st, 14, a->notice_end, sizeof a->notice_end);
	sq_col_text(st, 15, a->doc_no, sizeof a->doc_no);
	sq_col_text(st, 16, a->valid_from, sizeof a->valid_from);
	sq_col_text(st, 17, a->valid_until, sizeof a->valid_until);
	a->tier_event_id = col_long(st, 18, 0);
	sq_col_text(st, 19, a->note, sizeof a->note);
	sq_col_text(st, 20, a->created_at, sizeof a->created_at);
	sq_col_text(st, 21, a->updated_at, sizeof a->updated_at);
}

static enum app_status app_add(struct store *bs, struct flow_app *a, const char *snapshot,
                               struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(a->created_at, sizeof a->created_at, sq_now(s), 19);
	memcpy(a->updated_at, a->created_at, sizeof a->updated_at);
	struct app_add_args x = {a, snapshot};
	enum app_status st =
	    sq_write(s, SQL_APP_ADD, bind_app_add, &x, "新建申请", &a->id, NULL, err);
	if (st == APP_ECONFLICT)
		return app_err_set(err, APP_ECONFLICT, "企业 %s 在批次 %ld 中已有申请", a->uscc,
		                   a->batch_id);
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "申报批次 %ld 或企业 %s 不存在", a->batch_id,
		                   a->uscc);
	return st;
}

static enum app_status app_get(struct store *bs, long id, struct flow_app *out, struct app_err *err)
{
	return get_one(SQ(bs), SQL_APP_GET, id, read_app, out, "申请", err);
}

struct docs {
	char **snapshot, **assessment;
};

static void read_docs(sqlite3_stmt *st, void *out)
{
	struct docs *d = out;
	if (d->snapshot)
		*d->snapshot = col_dup(st, 0);
	if (d->assessment)
		*d->assessment = col_dup(st, 1);
}

static enum app_status app_docs(struct store *bs, long id, char **snapshot, char **assessment,
                                struct app_err *err)
{
	struct docs d = {snapshot, assessment};
	if (snapshot)
		*snapshot = NULL;
	if (assessment)
		*assessment = NULL;
	return get_one(SQ(bs), SQL_APP_DOCS, id, read_docs, &d, "申请", err);
}

struct assess_args {
	long id;
	const char *json;
};

static void bind_assess(sqlite3_stmt *st, const void *arg)
{
	const struct assess_args *x = arg;
	sq_bind_i64(st, 1, x->id);
	sq_bind_text(st, 2, x->json);
}

static enum app_status app_set_assessment(struct store *bs, long id, const char *json,
                                          struct app_err *err)
{
	struct assess_args x = {id, json};
	int n = 0;
	enum app_status st =
	    sq_write(SQ(bs), SQL_APP_ASSESS, bind_assess, &x, "保存自评结果", NULL, &n, err);
	if (st == APP_OK && n == 0)
		return app_err_set(err, APP_ENOTFOUND, "申请 %ld 不存在", id);
	return st;
}

struct app_update_args {
	const struct flow_app *a;
	const char *now;
};

static void bind_app_update(sqlite3_stmt *st, const void *arg)
{
	const struct app_update_args *x = arg;
	const struct flow_app *a = x->a;
	sq_bind_i64(st, 1, a->id);
	sq_bind_text(st, 2, flow_state_key(a->state));
	sq_bind_text(st, 3, a->state_since);
	sq_bind_opt_long(st, 4, a->score_x100);
	sq_bind_text(st, 5, a->notice_start);
	sq_bind_text(st, 6, a->notice_end);
	sq_bind_text(st, 7, a->doc_no);
	sq_bind_text(st, 8, a->valid_from);
	sq_bind_text(st, 9, a->valid_until);
	sq_bind_i64_opt(st, 10, a->tier_event_id);
	sq_bind_text(st, 11, a->note);
	sq_bind_text(st, 12, x->now);
}

static enum app_status app_update(struct store *bs, const struct flow_app *a, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct app_update_args x = {a, sq_now(s)};
	int n = 0;
	enum app_status st =
	    sq_write(s, SQL_APP_UPDATE, bind_app_update, &x, "更新申请", NULL, &n, err);
	if (st == APP_OK && n == 0)
		return app_err_set(err, APP_ENOTFOUND, "申请 %ld 不存在", a->id);
	return st;
}

static void bind_app_filter(sqlite3_stmt *st, const void *arg)
{
	const struct store_app_filter *f = arg;
	sq_bind_i64_opt(st, 1, f->batch_id);
	sq_bind_text(st, 2, f->uscc);
	sq_bind_text(st, 3, f->unit);
	sq_bind_text(st, 4, f->state ? flow_state_key((enum flow_state)f->state) : NULL);
	sq_bind_text(st, 5, f->tier ? tier_key((enum tier)f->tier) : NULL);
	sq_bind_i64_opt(st, 6, f->expert_id);
	sq_bind_i64_opt(st, 7, f->in_flight);
	sq_bind_i64_opt(st, 8, f->open);
	if (sqlite3_bind_parameter_count(st) >= 10) {
		sq_bind_i64(st, 9, f->limit > 0 ? f->limit : -1);
		sq_bind_i64(st, 10, f->offset);
	}
}

static int app_row(sqlite3_stmt *st, void *vctx)
{
	struct list_ctx *l = vctx;
	struct flow_app a;
	read_app(st, &a);
	return l->cb.app(l->ctx, &a);
}

static int count_row(sqlite3_stmt *st, void *ctx)
{
	*(long *)ctx = (long)sqlite3_column_int64(st, 0);
	return 1;
}

static enum app_status app_list(struct store *bs, const struct store_app_filter *fin,
                                int (*cb)(void *ctx, const struct flow_app *a), void *ctx,
                                long *total, struct app_err *err)
{
	struct sq *s = SQ(bs);
	struct store_app_filter none = {0};
	const struct store_app_filter *f = fin ? fin : &none;
	struct list_ctx l = {.ctx = ctx};
	l.cb.app = cb;
	enum app_status st = APP_OK;
	if (total)
		st = sq_read(s, SQL_APP_COUNT, bind_app_filter, f, count_row, total, "统计申请",
		             err);
	if (st == APP_OK)
		st = sq_read(s, SQL_APP_LIST, bind_app_filter, f, app_row, &l, "读取申请", err);
	return st;
}

/* ---- the transition log ---- */

static const char SQL_EVENT_ADD[] =
    "INSERT INTO application_events (application_id, from_state, to_state, action, actor, role, "
    "comment, on_date, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_EVENTS[] =
    "SELECT id, application_id, from_state, to_state, action, actor, role, comment, on_date, at "
    "FROM application_events WHERE application_id = ?1 ORDER BY id";

static void bind_event(sqlite3_stmt *st, const void *arg)
{
	const struct flow_event *ev = arg;
	sq_bind_i64(st, 1, ev->app_id);
	sq_bind_text(st, 2, flow_state_key(ev->from));
	sq_bind_text(st, 3, flow_state_key(ev->to));
	sq_bind_text(st, 4, ev->action);
	sq_bind_text(st, 5, ev->actor);
	APP_ASSERT(sqlite3_bind_text(st, 6, role_key(ev->role), -1, SQLITE_STATIC) == SQLITE_OK);
	sq_bind_text(st, 7, ev->comment);
	sq_bind_text(st, 8, ev->on_date);
	sq_bind_text(st, 9, ev->at);
}

static enum app_status event_add(struct store *bs, struct flow_event *ev, struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(ev->at, sizeof ev->at, sq_now(s), 19);
	return sq_write(s, SQL_EVENT_ADD, bind_event, ev, "记录申请流转", &ev->id, NULL, err);
}

static int event_row(sqlite3_stmt *st, void *vctx)
{
	struct list_ctx *l = vctx;
	struct flow_event ev;
	char k[32];
	memset(&ev, 0, sizeof ev);
	ev.id = (long)sqlite3_column_int64(st, 0);
	ev.app_id = (long)sqlite3_column_int64(st, 1);
	sq_col_text(st, 2, k, sizeof k);
	ev.from = flow_state_parse(strv_from(k));
	sq_col_text(st, 3, k, sizeof k);
	ev.to = flow_state_parse(strv_from(k));
	sq_col_text(st, 4, ev.action, sizeof ev.action);
	sq_col_text(st, 5, ev.actor, sizeof ev.actor);
	sq_col_text(st, 6, k, sizeof k);
	ev.role = role_parse(k);
	sq_col_text(st, 7, ev.comment, sizeof ev.comment);
	sq_col_text(st, 8, ev.on_date, sizeof ev.on_date);
	sq_col_text(st, 9, ev.at, sizeof ev.at);
	return l->cb.event(l->ctx, &ev);
}

static enum app_status events(struct store *bs, long app_id,
                              int (*cb)(void *ctx, const struct flow_event *ev), void *ctx,
                              struct app_err *err)
{
	struct list_ctx l = {.ctx = ctx};
	l.cb.event = cb;
	return sq_read(SQ(bs), SQL_EVENTS, bind_id, &app_id, event_row, &l, "读取申请流转记录",
	               err);
}

/* ---- attachments ---- */

static const char SQL_ATT_ADD[] =
    "INSERT INTO attachments (application_id, kind, sha256, size, type, name, uploaded_by, "
    "uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
#define ATT_COLS "id, application_id, kind, sha256, size, type, name, uploaded_by, uploaded_at"
static const char SQL_ATT_GET[] = "SELECT " ATT_COLS " FROM attachments WHERE id = ?1";
static const char SQL_ATT_LIST[] =
    "SELECT " ATT_COLS " FROM attachments WHERE application_id = ?1 ORDER BY id";

static void bind_att(sqlite3_stmt *st, const void *arg)
{
	const struct flow_attachment *a = arg;
	sq_bind_i64(st, 1, a->app_id);
	sq_bind_text(st, 2, a->kind);
	sq_bind_text(st, 3, a->sha256);
	sq_bind_i64(st, 4, a->size);
	sq_bind_text(st, 5, a->type);
	sq_bind_text(st, 6, a->name);
	sq_bind_text(st, 7, a->uploaded_by);
	sq_bind_text(st, 8, a->uploaded_at);
}

static void read_att(sqlite3_stmt *st, void *out)
{
	struct flow_attachment *a = out;
	memset(a, 0, sizeof *a);
	a->id = (long)sqlite3_column_int64(st, 0);
	a->app_id = (long)sqlite3_column_int64(st, 1);
	sq_col_text(st, 2, a->kind, sizeof a->kind);
	sq_col_text(st, 3, a->sha256, sizeof a->sha256);
	a->size = sqlite3_column_int64(st, 4);
	sq_col_text(st, 5, a->type, sizeof a->type);
	sq_col_text(st, 6, a->name, sizeof a->name);
	sq_col_text(st, 7, a->uploaded_by, sizeof a->uploaded_by);
	sq_col_text(st, 8, a->uploaded_at, sizeof a->uploaded_at);
}

static enum app_status attachment_add(struct store *bs, struct flow_attachment *a,
                                      struct app_err *err)
{
	struct sq *s = SQ(bs);
	str_copy(a->uploaded_at, sizeof a->uploaded_at, sq_now(s), 19);
	return sq_write(s, SQL_ATT_ADD, bind_att, a, "保存附件信息", &a->id, NULL, err);
}

static enum app_status attachment_get(struct store *bs, long id, struct flow_attachment *out,
                                      struct app_err *err)
{
	return get_one(SQ(bs), SQL_ATT_GET, id, read_att, out, "附件", err);
}

static int att_row(sqlite3_stmt *st, void *vctx)
{
	struct list_ctx *l = vctx;
	struct flow_attachment a;
	read_att(st, &a);
	return l->cb.att(l->ctx, &a);
}

static enum app_status attachment_list(struct store *bs, long app_id,
                                       int (*cb)(void *ctx, const struct flow_attachment *a),
                                       void *ctx, struct app_err *err)
{
	struct list_ctx l = {.ctx = ctx};
	l.cb.att = cb;
	return sq_read(SQ(bs), SQL_ATT_LIST, bind_id, &app_id, att_row, &l, "读取附件", err);
}

/* ---- objections ---- */

static const char SQL_OBJ_ADD[] =
    "INSERT INTO objections (application_id, received, source, content, status, resolution, "
    "recorded_by, resolved_by, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_OBJ_UPDATE[] =
    "UPDATE objections SET status = ?5, resolution = ?6, resolved_by = ?8, resolved_at = ?9 "
    "WHERE id = ?10";
#define OBJ_COLS                                                                                   \
	"id, application_id, received, source, content, status, resolution, recorded_by, "         \
	"resolved_by, resolved_at"
static const char SQL_OBJ_GET[] = "SELECT " OBJ_COLS " FROM objections WHERE id = ?1";
static const char SQL_OBJ_LIST[] =
    "SELECT " OBJ_COLS " FROM objections WHERE application_id = ?1 ORDER BY id";

static void bind_obj(sqlite3_stmt *st, const void *arg)
{
	const struct flow_objection *o = arg;
	if (sqlite3_bind_parameter_count(st) >= 10) {
		sq_bind_i64(st, 10, o->id);
	} else {
		sq_bind_i64(st, 1, o->app_id);
		sq_bind_text(st, 2, o->received);
		sq_bind_text(st, 3, o->source);
		sq_bind_text(st, 4, o->content);
		sq_bind_text(st, 7, o->recorded_by);
	}
	sq_bind_text(st, 5, flow_objection_key(o->status));
	sq_bind_text(st, 6, o->resolution);
	sq_bind_text(st, 8, o->resolved_by);
	sq_bind_text(st, 9, o->resolved_at);
}

static void read_obj(sqlite3_stmt *st, void *out)
{
	struct flow_objection *o = out;
	char k[16];
	memset(o, 0, sizeof *o);
	o->id = (long)sqlite3_column_int64(st, 0);
	o->app_id = (long)sqlite3_column_int64(st, 1);
	sq_col_text(st, 2, o->received, sizeof o->received);
	sq_col_text(st, 3, o->source, sizeof o->source);
	sq_col_text(st, 4, o->content, sizeof o->content);
	sq_col_text(st, 5, k, sizeof k);
	o->status = strcmp(k, "open") == 0     ? FO_OPEN
	            : strcmp(k, "upheld") == 0 ? FO_UPHELD
	                                       : FO_DISMISSED;
	sq_col_text(st, 6, o->resolution, sizeof o->resolution);
	sq_col_text(st, 7, o->recorded_by, sizeof o->recorded_by);
	sq_col_text(st, 8, o->resolved_by, sizeof o->resolved_by);
	sq_col_text(st, 9, o->resolved_at, sizeof o->resolved_at);
}

static enum app_status objection_add(struct store *bs, struct flow_objection *o,
                                     struct app_err *err)
{
	return sq_write(SQ(bs), SQL_OBJ_ADD, bind_obj, o, "记录异议", &o->id, NULL, err);
}

static enum app_status objection_update(struct store *bs, const struct flow_objection *o,
                                        struct app_err *err)
{
	int n = 0;
	enum app_status st =
	    sq_write(SQ(bs), SQL_OBJ_UPDATE, bind_obj, o, "处理异议", NULL, &n, err);
	if (st == APP_OK && n == 0)
		return app_err_set(err, APP_ENOTFOUND, "异议 %ld 不存在", o->id);
	return st;
}

static enum app_status objection_get(struct store *bs, long id, struct flow_objection *out,
                                     struct app_err *err)
{
	return get_one(SQ(bs), SQL_OBJ_GET, id, read_obj, out, "异议", err);
}

static int obj_row(sqlite3_stmt *st, void *vctx)
{
	struct list_ctx *l = vctx;
	struct flow_objection o;
	read_obj(st, &o);
	return l->cb.obj(l->ctx, &o);
}

static enum app_status objection_list(struct store *bs, long app_id,
                                      int (*cb)(void *ctx, const struct flow_objection *o),
                                      void *ctx, struct app_err *err)
{
	struct list_ctx l = {.ctx = ctx};
	l.cb.obj = cb;
	return sq_read(SQ(bs), SQL_OBJ_LIST, bind_id, &app_id, obj_row, &l, "读取异议", err);
}

const struct store_workflow_ops sq_workflow_ops = {
    .batch_add = batch_add,
    .batch_update = batch_update,
    .batch_get = batch_get,
    .batch_list = batch_list,
    .app_add = app_add,
    .app_get = app_get,
    .app_docs = app_docs,
    .app_set_assessment = app_set_assessment,
    .app_update = app_update,
    .app_list = app_list,
    .event_add = event_add,
    .events = events,
    .attachment_add = attachment_add,
    .attachment_get = attachment_get,
    .attachment_list = attachment_list,
    .objection_add = objection_add,
    .objection_update = objection_update,
    .objection_get = objection_get,
    .objection_list = objection_list,
};
