/* store_int.h - what a storage backend implements, and the helpers that
 * store.c shares with every backend. Only src/store/ includes this.
 *
 * A backend is one const struct store_ops (store_sqlite.c: store_sqlite_ops)
 * plus a handle struct whose FIRST member is struct store, so that a
 * struct store * can be cast to the backend's handle and back (the pattern
 * of sqlite3_file / sqlite3_io_methods). store.c checks the preconditions
 * that do not depend on the backend (arguments present, transaction state)
 * before it calls an operation; the operation does everything else.
 *
 * Rules for backends:
 * - SQL lives in the backend file and in sql/<dialect>/NNNN_name.sql; values
 *   are bound as parameters, never formatted into SQL text.
 * - s->in_tx is kept by the backend: true from a successful begin until
 *   commit or rollback returns (whatever their status).
 * - Every operation leaves no statement or cursor open when it returns, so
 *   a handle never pins an old snapshot between calls. */
#ifndef ZJTX_STORE_INT_H
#define ZJTX_STORE_INT_H

#include <stddef.h>

#include "base/embed.h"
#include "base/limits.h"
#include "store/store.h"

/* The common head of every backend handle. */
struct store {
	const struct store_ops *ops; /* the backend's operations */
	const char *backend;         /* ops->name, e.g. "sqlite" */
	int flags;                   /* STORE_NO_MIGRATE | STORE_READONLY as opened */
	bool in_tx;                  /* inside store_begin .. commit/rollback */
};

/* One function per store.h operation, with the same contract (see there).
 * store.c has already checked: s, and every pointer the header marks as
 * required, are non-NULL; begin is not called inside a transaction; commit,
 * rollback and migrate are called in the state they need. */
struct store_ops {
	const char *name; /* "sqlite", "postgresql" */

	/* target is the URL with the scheme prefix removed where the backend
	 * wants that (SQLite gets the path; PostgreSQL would get the whole
	 * URL). On success *out is a handle whose head the backend filled in
	 * (ops, backend, flags); migrations are already applied unless
	 * STORE_NO_MIGRATE or STORE_READONLY. */
	enum app_status (*open)(const char *target, int flags, struct store **out,
	                        struct app_err *err);
	void (*close)(struct store *s); /* s is not NULL */

	enum app_status (*migrate)(struct store *s, struct app_err *err);
	int (*schema_version)(struct store *s);

	enum app_status (*begin)(struct store *s, struct app_err *err);
	enum app_status (*commit)(struct store *s, struct app_err *err);
	enum app_status (*rollback)(struct store *s, struct app_err *err);

	enum app_status (*enterprise_put)(struct store *s, const struct enterprise *e,
	                                  bool *created, struct app_err *err);
	enum app_status (*enterprise_get)(struct store *s, const char *uscc, struct enterprise *out,
	                                  struct app_err *err);
	enum app_status (*enterprise_list)(struct store *s, const struct store_filter *f,
	                                   store_enterprise_cb cb, void *ctx, long *total,
	                                   struct app_err *err);
	enum app_status (*enterprise_counts)(struct store *s, const struct store_filter *f,
	                                     store_count_cb cb, void *ctx, struct app_err *err);

	enum app_status (*annual_put)(struct store *s, const struct annual *a, uint64_t cols,
	                              struct app_err *err);
	enum app_status (*annual_get)(struct store *s, const char *uscc, int year,
	                              struct annual *out, struct app_err *err);
	enum app_status (*annual_list)(struct store *s, const struct store_filter *f, int year,
	                               store_annual_cb cb, void *ctx, struct app_err *err);

	enum app_status (*tier_add)(struct store *s, struct tier_event *ev, struct app_err *err);
	enum app_status (*tier_history)(struct store *s, const char *uscc, store_tier_cb cb,
	                                void *ctx, struct app_err *err);

	enum app_status (*backup)(struct store *s, const char *path, struct app_err *err);
	enum app_status (*check)(struct store *s, struct app_err *err);

	/* Per-domain operations, each a table of its own declared beside its
	 * public header (store_audit.h → struct store_audit_ops, ...). A new
	 * domain adds one pointer here, its public dispatchers in
	 * store_<domain>.c and its backend table in store_<backend>_<domain>.c. */
	const struct store_audit_ops *audit;
	const struct store_user_ops *user;
	const struct store_workflow_ops *workflow;
	const struct store_review_ops *review;
	const struct store_manage_ops *manage;
	const struct store_monthly_ops *monthly;
};

/* In a dispatcher: returns APP_EINVAL (naming the function) unless x. */
#define STORE_NEED(x, what)                                                                        \
	do {                                                                                       \
		if (!(x))                                                                          \
			return app_err_set(err, APP_EINVAL, "%s: 缺少参数 %s", __func__, what);    \
	} while (0)

/* In a dispatcher: APP_ENOTSUP unless the backend implements the domain. */
#define STORE_DOMAIN(s, dom)                                                                       \
	do {                                                                                       \
		if (!(s)->ops->dom)                                                                \
			return app_err_set(err, APP_ENOTSUP, "%s 后端不支持 %s", (s)->backend,     \
			                   #dom);                                                  \
	} while (0)

/* ---- per-domain operation tables ---- */

struct audit_row;
struct audit_filter;
struct store_audit_ops {
	enum app_status (*last)(struct store *s, long *seq, char *hash, struct app_err *err);
	enum app_status (*insert)(struct store *s, const struct audit_row *r, struct app_err *err);
	enum app_status (*list)(struct store *s, const struct audit_filter *f,
	                        int (*cb)(void *ctx, const struct audit_row *r), void *ctx,
	                        long *total, struct app_err *err);
};

struct user;
struct user_filter;
struct session_row;
struct api_token;
struct store_user_ops {
	enum app_status (*add)(struct store *s, struct user *u, struct app_err *err);
	enum app_status (*update)(struct store *s, struct user *u, bool password,
	                          struct app_err *err);
	enum app_status (*get)(struct store *s, long id, const char *username, struct user *out,
	                       struct app_err *err);
	enum app_status (*login)(struct store *s, long id, struct app_err *err);
	enum app_status (*list)(struct store *s, const struct user_filter *f,
	                        int (*cb)(void *ctx, const struct user *u), void *ctx, long *total,
	                        struct app_err *err);
	enum app_status (*count)(struct store *s, int role, long *out, struct app_err *err);
	enum app_status (*session_add)(struct store *s, struct session_row *r, struct app_err *err);
	enum app_status (*session_get)(struct store *s, const char *token_hash,
	                               struct session_row *out, struct user *user,
	                               struct app_err *err);
	enum app_status (*session_touch)(struct store *s, long id, int64_t last_seen,
	                                 struct app_err *err);
	enum app_status (*session_delete)(struct store *s, long id, long user_id, long keep_id,
	                                  long *n, struct app_err *err);
	enum app_status (*session_purge)(struct store *s, int64_t idle_before,
	                                 int64_t created_before, long *n, struct app_err *err);
	enum app_status (*session_list)(struct store *s, long user_id,
	                                int (*cb)(void *ctx, const struct session_row *r),
	                                void *ctx, struct app_err *err);
	enum app_status (*token_add)(struct store *s, struct api_token *t, struct app_err *err);
	enum app_status (*token_get)(struct store *s, long id, const char *token_hash,
	                             struct api_token *out, struct user *user, struct app_err *err);
	enum app_status (*token_list)(struct store *s, long user_id,
	                              int (*cb)(void *ctx, const struct api_token *t), void *ctx,
	                              struct app_err *err);
	enum app_status (*token_revoke)(struct store *s, long id, int64_t when,
	                                struct app_err *err);
	enum app_status (*token_touch)(struct store *s, long id, int64_t when, struct app_err *err);
};

/* Workflow (store_workflow.h); records from core/flow.h. */
struct flow_batch;
struct flow_app;
struct flow_event;
struct flow_attachment;
struct flow_objection;
struct store_app_filter;
struct store_workflow_ops {
	enum app_status (*batch_add)(struct store *s, struct flow_batch *b, struct app_err *err);
	enum app_status (*batch_update)(struct store *s, const struct flow_batch *b,
	                                struct app_err *err);
	enum app_status (*batch_get)(struct store *s, long id, struct flow_batch *out,
	                             struct app_err *err);
	enum app_status (*batch_list)(struct store *s, int tier, int year,
	                              int (*cb)(void *ctx, const struct flow_batch *b), void *ctx,
	                              struct app_err *err);
	enum app_status (*app_add)(struct store *s, struct flow_app *a, const char *snapshot,
	                           struct app_err *err);
	enum app_status (*app_get)(struct store *s, long id, struct flow_app *out,
	                           struct app_err *err);
	enum app_status (*app_docs)(struct store *s, long id, char **snapshot, char **assessment,
	                            struct app_err *err);
	enum app_status (*app_set_assessment)(struct store *s, long id, const char *json,
	                                      struct app_err *err);
	enum app_status (*app_update)(struct store *s, const struct flow_app *a,
	                              struct app_err *err);
	enum app_status (*app_list)(struct store *s, const struct store_app_filter *f,
	                            int (*cb)(void *ctx, const struct flow_app *a), void *ctx,
	                            long *total, struct app_err *err);
	enum app_status (*event_add)(struct store *s, struct flow_event *ev, struct app_err *err);
	enum app_status (*events)(struct store *s, long app_id,
	                          int (*cb)(void *ctx, const struct flow_event *ev), void *ctx,
	                          struct app_err *err);
	enum app_status (*attachment_add)(struct store *s, struct flow_attachment *a,
	                                  struct app_err *err);
	enum app_status (*attachment_get)(struct store *s, long id, struct flow_attachment *out,
	                                  struct app_err *err);
	enum app_status (*attachment_list)(struct store *s, long app_id,
	                                   int (*cb)(void *ctx, const struct flow_attachment *a),
	                                   void *ctx, struct app_err *err);
	enum app_status (*objection_add)(struct store *s, struct flow_objection *o,
	                                 struct app_err *err);
	enum app_status (*objection_update)(struct store *s, const struct flow_objection *o,
	                                    struct app_err *err);
	enum app_status (*objection_get)(struct store *s, long id, struct flow_objection *out,
	                                 struct app_err *err);
	enum app_status (*objection_list)(struct store *s, long app_id,
	                                  int (*cb)(void *ctx, const struct flow_objection *o),
	                                  void *ctx, struct app_err *err);
};

/* Experts and reviews (store_review.h). */
struct flow_expert;
struct flow_review;
struct store_review_ops {
	enum app_status (*expert_put)(struct store *s, struct flow_expert *x, bool *created,
	                              struct app_err *err);
	enum app_status (*expert_get)(struct store *s, long id, const char *username,
	                              struct flow_expert *out, struct app_err *err);
	enum app_status (*expert_list)(struct store *s, bool active_only,
	                               int (*cb)(void *ctx, const struct flow_expert *x), void *ctx,
	                               struct app_err *err);
	enum app_status (*expert_link)(struct store *s, long expert_id, const char *uscc,
	                               const char *relation, struct app_err *err);
	enum app_status (*expert_links)(struct store *s, long expert_id,
	                                int (*cb)(void *ctx, long expert_id, const char *uscc,
	                                          const char *relation),
	                                void *ctx, struct app_err *err);
	enum app_status (*review_add)(struct store *s, long app_id, long expert_id,
	                              struct app_err *err);
	enum app_status (*review_score)(struct store *s, long app_id, long expert_id, int score,
	                                const char *comment, struct app_err *err);
	enum app_status (*review_flag)(struct store *s, long app_id, long expert_id, bool outlier,
	                               struct app_err *err);
	enum app_status (*review_list)(struct store *s, long app_id, long expert_id,
	                               int (*cb)(void *ctx, const struct flow_review *r), void *ctx,
	                               struct app_err *err);
};

/* Exits, re-evaluations, targets, tier holders (store_manage.h). */
struct flow_exit_decision;
struct flow_reeval;
struct flow_target_set;
struct flow_target;
struct store_holding;
struct store_manage_ops {
	enum app_status (*exit_add)(struct store *s, struct flow_exit_decision *x,
	                            struct app_err *err);
	enum app_status (*exit_list)(struct store *s, const char *uscc,
	                             int (*cb)(void *ctx, const struct flow_exit_decision *x),
	                             void *ctx, struct app_err *err);
	enum app_status (*reeval_add)(struct store *s, struct flow_reeval *r, struct app_err *err);
	enum app_status (*reeval_list)(struct store *s, const char *run_date,
	                               int (*cb)(void *ctx, const struct flow_reeval *r), void *ctx,
	                               struct app_err *err);
	enum app_status (*target_set_put)(struct store *s, const struct flow_target_set *t,
	                                  struct app_err *err);
	enum app_status (*target_sets)(struct store *s,
	                               int (*cb)(void *ctx, const struct flow_target_set *t),
	                               void *ctx, struct app_err *err);
	enum app_status (*target_put)(struct store *s, const struct flow_target *t,
	                              struct app_err *err);
	enum app_status (*target_list)(struct store *s, const char *set,
	                               int (*cb)(void *ctx, const struct flow_target *t), void *ctx,
	                               struct app_err *err);
	enum app_status (*tier_holders)(struct store *s, enum tier t, const char *date,
	                                const char *scope, const char *until_max,
	                                int (*cb)(void *ctx, const struct store_holding *h),
	                                void *ctx, struct app_err *err);
	enum app_status (*tier_spans)(struct store *s, enum tier t,
	                              int (*cb)(void *ctx, const struct store_holding *h),
	                              void *ctx, struct app_err *err);
};

struct monthly_record;
struct monthly_version;
struct monthly_confirmed;
struct monthly_aggbuf;
struct monthly_agg;
struct monthly_calendar;
struct monthly;
struct monthly_roster_entry;
struct monthly_rereview;
struct monthly_neighbours;
struct store_monthly_filter;
struct store_monthly_put;
struct monthly_row;
/* store_monthly.h, one member per operation with the same contract. */
struct store_monthly_ops {
	enum app_status (*get)(struct store *s, const char *uscc, int period,
	                       struct monthly_record *out, struct app_err *err);
	enum app_status (*history)(struct store *s, const char *uscc, int from, int to,
	                           int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
	                           struct app_err *err);
	enum app_status (*pick)(struct store *s, const char *uscc, const int *periods, size_t n,
	                        int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
	                        struct app_err *err);
	enum app_status (*list)(struct store *s, const struct store_monthly_filter *f,
	                        int (*cb)(void *ctx, const struct monthly_record *r), void *ctx,
	                        struct app_err *err);
	enum app_status (*list_by_firm)(struct store *s, const struct store_monthly_filter *f,
	                                int (*cb)(void *ctx, const struct monthly_record *r),
	                                void *ctx, struct app_err *err);
	enum app_status (*insert)(struct store *s, const struct monthly_calendar *cal,
	                          const struct monthly_record *r,
	                          const struct monthly_neighbours *known, /* NULL = read them */
	                          struct monthly_aggbuf *defer, struct app_err *err);
	enum app_status (*correct)(struct store *s, const struct monthly_calendar *cal,
	                           const struct monthly *m, const char *by, const char *at,
	                           const char *reason, struct monthly_aggbuf *defer, int *version,
	                           struct app_err *err);
	enum app_status (*replace)(struct store *s, const struct monthly *m, const char *by,
	                           const char *at, const char *reason, int *version,
	                           struct app_err *err);
	enum app_status (*put_many)(struct store *s, struct store_monthly_put *rows, size_t n,
	                            const char *filed_at, const char *filed_by,
	                            struct app_err *err);
	enum app_status (*any)(struct store *s, bool *any, struct app_err *err);
	enum app_status (*window)(struct store *s, const char *uscc, int from, int to,
	                          uint64_t mask,
	                          int (*cb)(void *ctx, const struct monthly_row *r, int version),
	                          void *ctx, struct app_err *err);
	enum app_status (*versions)(struct store *s, const char *uscc, int period,
	                            int (*cb)(void *ctx, const struct monthly_version *v),
	                            void *ctx, struct app_err *err);
	enum app_status (*confirm)(struct store *s, const struct monthly_confirmed *c,
	                           struct app_err *err);
	enum app_status (*confirmations)(struct store *s, const char *uscc, int period,
	                                 int (*cb)(void *ctx, const struct monthly_confirmed *c),
	                                 void *ctx, struct app_err *err);
	enum app_status (*bulk)(struct store *s, bool on, struct app_err *err);
	enum app_status (*agg_apply)(struct store *s, const struct monthly_aggbuf *b,
	                             struct app_err *err);
	enum app_status (*agg_list)(struct store *s, int dim, const char *grp, int from, int to,
	                            int (*cb)(void *ctx, const struct monthly_agg *c), void *ctx,
	                            struct app_err *err);
	enum app_status (*agg_rebuild)(struct store *s, const struct monthly_calendar *cal,
	                               struct app_err *err);
	enum app_status (*roster)(struct store *s, const char *as_of, unsigned tiers,
	                          int (*cb)(void *ctx, const struct monthly_roster_entry *e),
	                          void *ctx, struct app_err *err);
	enum app_status (*roster_span)(struct store *s, const char *const *dates, size_t n,
	                               unsigned tiers,
	                               int (*cb)(void *ctx, const struct monthly_roster_entry *e,
	                                         uint32_t mask),
	                               void *ctx, struct app_err *err);
	enum app_status (*setting_get)(struct store *s, const char *key, char *out, size_t n,
	                               struct app_err *err);
	enum app_status (*setting_set)(struct store *s, const char *key, const char *value,
	                               const char *by, struct app_err *err);
	enum app_status (*rereview_add)(struct store *s, struct monthly_rereview *r,
	                                struct app_err *err);
	enum app_status (*rereview_list)(struct store *s, const char *status, const char *uscc,
	                                 int (*cb)(void *ctx, const struct monthly_rereview *r),
	                                 void *ctx, struct app_err *err);
	enum app_status (*rereview_close)(struct store *s, long id, const char *status,
	                                  const char *by, struct app_err *err);
};

extern const struct store_ops store_sqlite_ops;

/* ---- helpers shared by backends (store.c) ---- */

/* Sort keys of store_filter.sort, in the order of this enum. */
enum store_sort {
	STORE_SORT_USCC,
	STORE_SORT_NAME,
	STORE_SORT_DISTRICT,
	STORE_SORT_INDUSTRY,
	STORE_SORT_TIER,
	STORE_SORT_FOUNDED,
	STORE_SORT_COUNT
};

/* Which filter members are in effect, as bits; a backend keys the shape of
 * its list queries on this. */
enum {
	STORE_F_DISTRICT = 1 << 0,
	STORE_F_INDUSTRY = 1 << 1,
	STORE_F_TIER = 1 << 2,    /* holds the tier f->tier (> 0) */
	STORE_F_NO_TIER = 1 << 3, /* holds no tier (f->tier == -1) */
	STORE_F_Q = 1 << 4,
	STORE_F_USCC = 1 << 5,
	STORE_F_SCOPE = 1 << 6,
	STORE_F_ALL = (1 << 7) - 1
};

/* A filter checked and reduced to what a backend binds. */
struct store_query {
	unsigned mask; /* STORE_F_* */
	enum store_sort sort;
	bool desc;
	long limit; /* -1 = no limit */
	long offset;
	const char *district;                        /* borrowed from the filter */
	char industry_like[MAX_FILTER_TEXT * 2 + 2]; /* LIKE pattern: escaped prefix + '%' */
	const char *tier_key;                        /* tier_key(f->tier) */
	char q_name_like[MAX_FILTER_TEXT * 2 + 3];   /* '%' + escaped q + '%' */
	char q_uscc_like[MAX_FILTER_TEXT * 2 + 2];   /* escaped upper-cased q + '%' */
	const char *uscc;
	const char *scope;
};

/* The escape character of the LIKE patterns above (ESCAPE '\'). */
#define STORE_LIKE_ESCAPE '\\'

/* Checks f (NULL = no filter) and fills q. Empty strings count as absent.
 * APP_EINVAL for an unknown sort key, a tier outside -1..TIER_COUNT-1, or a
 * negative limit/offset; APP_ETOOLARGE for a text over MAX_FILTER_TEXT. */
enum app_status store_query_from_filter(const struct store_filter *f, struct store_query *q,
                                        struct app_err *err);

/* The current tier of a firm from its events, fed in (since, id) order. */
struct store_tier_fold {
	enum tier_status latest[TIER_COUNT]; /* latest status seen per tier */
	char until[TIER_COUNT][11];          /* and its until date */
};
void store_tier_fold_init(struct store_tier_fold *f);
void store_tier_fold_add(struct store_tier_fold *f, enum tier t, enum tier_status st,
                         const char *until);
/* The highest tier whose latest event holds it (TIER_NONE if none), and its
 * until date in *until ("" if open-ended or none). */
enum tier store_tier_fold_current(const struct store_tier_fold *f, const char **until);

/* Shape checks on records to be written (APP_EINVAL with a Chinese message
 * naming the field). The core validates content; the store refuses only
 * what it could not store faithfully. */
enum app_status store_check_enterprise(const struct enterprise *e, struct app_err *err);
enum app_status store_check_annual(const struct annual *a, uint64_t cols, struct app_err *err);
enum app_status store_check_tier_event(const struct tier_event *ev, struct app_err *err);

/* The stored text of tiers and statuses is tier_key / tier_status_key;
 * these map it back (TIER_NONE / TS_NONE for "" or anything unknown). */
enum tier store_tier_from_key(const char *key);
enum tier_status store_status_from_key(const char *key);

/* Current UTC time as "YYYY-MM-DD HH:MM:SS". */
void store_now(char out[20]);

/* A numbered migration script of one dialect. */
struct store_migration {
	int version;                      /* NNNN */
	char name[64];                    /* file name without ".sql": "0001_init" */
	const struct embedded_file *file; /* its embedded text */
};
/* Collects the embedded files under dir (e.g. "src/store/sql/sqlite/") named
 * NNNN_name.sql, in increasing version order, into *out (caller frees).
 * APP_EINTERNAL for a malformed name or a repeated version (a build
 * defect). */
enum app_status store_migrations(const char *dir, struct store_migration **out, size_t *n,
                                 struct app_err *err);

#endif
