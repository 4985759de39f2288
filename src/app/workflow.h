/* workflow.h - the cultivation workflow as a service: batches,
 * applications, attachments, the state machine of core/flow.h, expert
 * draws and scores, public notice and objections, recognition.
 *
 * Every function takes the acting user (struct wf_actor) and enforces, in
 * this order: the role may touch business data at all (admin, security and
 * auditor may not: APP_EPERM); the object is in the user's scope (out of
 * scope is APP_ENOTFOUND, as if it did not exist); the role may do this
 * (APP_EPERM); the state and the guards allow it (APP_ECONFLICT). Messages
 * are Chinese and name the state and the role.
 *
 * Every change is written in one transaction together with its entry in
 * the application's transition log and in the audit log (app/audit.h).
 * Called inside a caller's transaction, a function joins it instead; on
 * failure the caller must then roll back. The CLI and the HTTP API call
 * these functions; neither repeats a rule. */
#ifndef ZJTX_WORKFLOW_H
#define ZJTX_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "app/audit.h"
#include "core/flow.h"
#include "store/store.h"
#include "store/store_review.h"
#include "store/store_workflow.h"

/* Who acts. */
struct wf_actor {
	const char *user; /* user name (logs); for role expert, the expert's username */
	enum role role;
	const char *district; /* role district: its district or zone code */
	const char *uscc;     /* role enterprise: its firm */
	const char *ip;       /* client address; "" for the command line */
};

/* The environment of a call. */
struct wf_env {
	const char *today;     /* business date "YYYY-MM-DD" */
	const char *files_dir; /* attachment store (app/filestore.h) */
	bool seeded;           /* draw experts from a generator seeded with seed (demo, tests) */
	uint64_t seed;         /* ... otherwise from getrandom(2) */
};

/* ---- batches (city) ---- */

/* Opens a batch. b->tier, year, name, opens, closes are required;
 * criteria defaults to flow_criteria_for(tier, opens), notice_days to 5,
 * term_years to flow_term_years(tier), experts to 5. Only role city. */
enum app_status wf_batch_open(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              struct flow_batch *b, struct app_err *e);
/* Changes a batch's dates, options or document number (city). */
enum app_status wf_batch_update(struct store *s, const struct wf_env *env,
                                const struct wf_actor *who, const struct flow_batch *b,
                                struct app_err *e);
/* Any business role may read a batch; the list holds every batch, except
 * for an expert: only the batches of the applications assigned to it. */
enum app_status wf_batch_get(struct store *s, const struct wf_actor *who, long id,
                             struct flow_batch *out, struct app_err *e);
enum app_status wf_batch_list(struct store *s, const struct wf_actor *who, int tier, int year,
                              store_batch_cb cb, void *ctx, struct app_err *e);
/* True if the batch accepts applications on date. */
bool wf_batch_is_open(const struct flow_batch *b, const char *date);

/* ---- applications ---- */

/* A firm (role enterprise, its own uscc) or its district (role district,
 * a firm of its district or zone) applies in an open batch. The firm's
 * annual rows are snapshotted as JSON and the batch's criteria run as a
 * self-assessment (app/assess.h). Refused: the window is closed
 * (APP_ECONFLICT); the firm is barred after a revocation (APP_ECONFLICT,
 * naming the reason and the last barred day); it already has an open
 * application for the tier (APP_ECONFLICT). *id receives the new
 * application (state draft). */
enum app_status wf_apply(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                         long batch_id, const char *uscc, long *id, struct app_err *e);

/* Accepts a declaration (flow_doc_kinds with declaration = true) for the
 * application: records the SHA-256 of its text. Draft or returned only;
 * role enterprise or district. */
enum app_status wf_declare(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                           long app_id, const char *kind, struct app_err *e);

/* Attaches an uploaded file of kind `kind` (a file kind of
 * flow_doc_kinds). The type is detected from the bytes (core/filetype.h);
 * client_name only gives the display name. Refused: empty (APP_EINVAL),
 * over MAX_ATTACH_BYTES (APP_ETOOLARGE), a type not accepted (APP_EINVAL,
 * listing the accepted ones), more than MAX_ATTACHMENTS (APP_ETOOLARGE).
 * Draft or returned only; role enterprise or district. *att_id (may be
 * NULL) receives the attachment's id. */
enum app_status wf_attach(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                          long app_id, const char *kind, const char *client_name, const void *data,
                          size_t n, long *att_id, struct app_err *e);

/* A requested transition. */
struct wf_step {
	enum flow_state to;
	const char *comment; /* reason (required by FG_REASON) or remark */
	const char *doc_no;  /* recognition: 文号, else the batch's */
	const char *since;   /* recognition: first valid day, else today */
};

/* What a transition did. */
struct wf_step_result {
	const struct flow_transition *t;
	int experts_drawn;                /* assign */
	int pool_eligible, pool_excluded; /* assign: eligible and excluded by the conflict rules */
	struct flow_score_summary score;  /* finalize */
	char notice_start[11], notice_end[11]; /* publicize */
	bool calendar_gap;                    /* a date was computed without the holiday calendar */
	char valid_from[11], valid_until[11]; /* recognize */
	long tier_event_id;                   /* recognize */
};

/* Moves application app_id to step->to (flow_check decides), performs the
 * transition's effects (expert draw, score summary, notice dates, tier
 * event) and logs it. res may be NULL. */
enum app_status wf_transition(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              long app_id, const struct wf_step *step, struct wf_step_result *res,
                              struct app_err *e);

/* An assigned expert (role expert) scores an application in expert_review:
 * tenths of a point, 0..1000; may be changed until the scores are
 * finalized. */
enum app_status wf_score(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                         long app_id, int score_tenths, const char *comment, struct app_err *e);

/* The city appoints one more expert (增补评审专家) to an application in
 * expert_review, e.g. when a drawn expert withdraws or a speciality is
 * missing from the panel. `username` must be an active expert of the pool
 * not yet on the panel, and, when the batch excludes linked experts,
 * neither employed by nor linked to the firm nor based in its district or
 * zone; at most MAX_EXPERTS_PER_APP experts; the reason is required.
 * Errors: APP_EPERM (not city), APP_ENOTFOUND (application out of scope,
 * or no such expert), APP_ECONFLICT (state, already on the panel, a
 * conflict rule, inactive, panel full; the message names the rule),
 * APP_EINVAL (no reason). Logged as "appoint" with the audit entry. */
enum app_status wf_review_appoint(struct store *s, const struct wf_env *env,
                                  const struct wf_actor *who, long app_id, const char *username,
                                  const char *reason, struct app_err *e);

/* Records an objection received during the public notice (city;
 * publicized only). received NULL = today. */
enum app_status wf_objection_add(struct store *s, const struct wf_env *env,
                                 const struct wf_actor *who, long app_id, const char *source,
                                 const char *content, const char *received, long *id,
                                 struct app_err *e);
/* Resolves an open objection as upheld or dismissed, with the reason
 * (city). An upheld objection is followed by notice_reject. */
enum app_status wf_objection_resolve(struct store *s, const struct wf_env *env,
                                     const struct wf_actor *who, long objection_id, bool upheld,
                                     const char *resolution, struct app_err *e);

/* ---- reading ---- */

/* An application as a user may see it. */
struct wf_app_view {
	struct flow_app app; /* uscc, unit and district are "" when blind */
	struct flow_batch batch;
	char firm_name[MAX_NAME_BYTES + 1]; /* "" when blind */
	bool blind;                         /* the firm's identity is hidden from this user */
	char deadline[11];                  /* "" for terminal states */
	bool overdue;                       /* today is after the deadline */
	int reviews_assigned, reviews_scored;
	int open_objections;
	const struct flow_transition *next[4]; /* moves this user may take now (guards unchecked) */
	size_t nnext;
};

/* One application. */
enum app_status wf_app_get(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                           long id, struct wf_app_view *out, struct app_err *e);

/* Applications in the user's scope matching f (may be NULL; its scope
 * members are narrowed to the user's), with *total (may be NULL) the
 * count before paging. overdue_only keeps overdue ones (total then counts
 * only those on the page). */
typedef int (*wf_view_cb)(void *ctx, const struct wf_app_view *v);
enum app_status wf_app_list(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                            const struct store_app_filter *f, bool overdue_only, wf_view_cb cb,
                            void *ctx, long *total, struct app_err *e);

/* How many applications of batch batch_id (0 = every batch) the user sees
 * in each state (counts[FS_x]), and *overdue (may be NULL) how many are
 * past their deadline on env->today. Scope as wf_app_list. */
enum app_status wf_app_counts(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                              long batch_id, long counts[FS_COUNT], long *overdue,
                              struct app_err *e);

/* The snapshot and the self-assessment JSON (either may be NULL to skip;
 * caller frees). */
enum app_status wf_app_docs(struct store *s, const struct wf_actor *who, long id, char **snapshot,
                            char **assessment, struct app_err *e);
/* The transition log (actors masked for a blind expert). */
enum app_status wf_app_events(struct store *s, const struct wf_actor *who, long id,
                              store_event_cb cb, void *ctx, struct app_err *e);
/* Attachments (display names replaced by "附件N" for a blind expert). */
enum app_status wf_app_attachments(struct store *s, const struct wf_actor *who, long id,
                                   store_attachment_cb cb, void *ctx, struct app_err *e);
/* The content of attachment att_id (checked against its digest). */
enum app_status wf_attachment_read(struct store *s, const struct wf_env *env,
                                   const struct wf_actor *who, long att_id,
                                   struct flow_attachment *meta, char **data, size_t *n,
                                   struct app_err *e);
/* Reviews: city and viewer see all, an expert only its own. */
enum app_status wf_app_reviews(struct store *s, const struct wf_actor *who, long id,
                               store_review_cb cb, void *ctx, struct app_err *e);
/* Objections (not shown to experts). */
enum app_status wf_app_objections(struct store *s, const struct wf_actor *who, long id,
                                  store_objection_cb cb, void *ctx, struct app_err *e);

/* ---- the expert pool (city) ---- */

enum app_status wf_expert_put(struct store *s, const struct wf_actor *who, struct flow_expert *x,
                              struct app_err *e);
enum app_status wf_expert_link(struct store *s, const struct wf_actor *who, const char *username,
                               const char *uscc, const char *relation, struct app_err *e);
/* City and viewer. */
enum app_status wf_expert_list(struct store *s, const struct wf_actor *who, store_expert_cb cb,
                               void *ctx, struct app_err *e);

/* ---- shared with app/manage.c ---- */

/* Whether the firm is barred from applying on date: a revocation (tier
 * status revoked) less than FLOW_BAR_YEARS ago. Fills until (last barred
 * day, "" if not barred) and why ("2025-03-01 因数据造假被撤销认定"). */
enum app_status wf_barred(struct store *s, const char *uscc, const char *date, char until[11],
                          char *why, size_t whysz, struct app_err *e);

/* Runs f in a transaction unless the store is already in one (then f
 * joins it). */
enum app_status wf_tx(struct store *s, enum app_status (*f)(void *ctx, struct app_err *e),
                      void *ctx, struct app_err *e);

/* The audit actor of who. */
void wf_audit_actor(const struct wf_actor *who, struct audit_actor *out);

#endif
