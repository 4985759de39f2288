/* store_workflow.h - storage of the cultivation workflow: batches,
 * applications, their transition log, attachments' metadata and
 * objections (migration 0005). Records are those of core/flow.h.
 *
 * The store keeps rows and checks their shape; the rules (who may do what,
 * in which state) are app/workflow.c's. Conventions as in store.h: every
 * function returns enum app_status and fills err; rows passed to callbacks
 * are valid only during the call; a callback returns non-zero to stop. */
#ifndef ZJTX_STORE_WORKFLOW_H
#define ZJTX_STORE_WORKFLOW_H

#include "core/flow.h"
#include "store/store.h"

/* ---- batches ---- */

/* Inserts b (id and created_at filled in). APP_EINVAL for an empty name, a
 * tier out of range, dates that are not YYYY-MM-DD, closes before opens, or
 * notice_days/term_years/experts out of the ranges of flow.h. */
enum app_status store_batch_add(struct store *s, struct flow_batch *b, struct app_err *err);
/* Rewrites the editable fields of batch b->id: name, dates, notice_days,
 * term_years, experts, blind, exclude_linked, doc_no (not tier, year,
 * criteria). APP_ENOTFOUND if absent. */
enum app_status store_batch_update(struct store *s, const struct flow_batch *b,
                                   struct app_err *err);
/* APP_ENOTFOUND if absent. */
enum app_status store_batch_get(struct store *s, long id, struct flow_batch *out,
                                struct app_err *err);
typedef int (*store_batch_cb)(void *ctx, const struct flow_batch *b);
/* Batches of a tier (0 = any) and year (0 = any), newest first. */
enum app_status store_batch_list(struct store *s, int tier, int year, store_batch_cb cb, void *ctx,
                                 struct app_err *err);

/* ---- applications ---- */

/* Inserts a (id, created_at, updated_at filled in) with its snapshot JSON
 * (not NULL, at most MAX_SNAPSHOT_BYTES). APP_ECONFLICT if the firm already
 * has an application in the batch; APP_ENOTFOUND if the batch or the firm
 * does not exist. */
enum app_status store_app_add(struct store *s, struct flow_app *a, const char *snapshot,
                              struct app_err *err);
/* APP_ENOTFOUND if absent. */
enum app_status store_app_get(struct store *s, long id, struct flow_app *out, struct app_err *err);
/* The snapshot and the assessment JSON (either may be NULL to skip; the
 * assessment is NULL when none was stored). Caller frees both. */
enum app_status store_app_docs(struct store *s, long id, char **snapshot, char **assessment,
                               struct app_err *err);
/* Stores the self-assessment JSON (NULL clears it). */
enum app_status store_app_set_assessment(struct store *s, long id, const char *json,
                                         struct app_err *err);
/* Rewrites the mutable fields of a->id: state, state_since, score,
 * notice dates, doc_no, validity, tier_event_id, note (updated_at set by
 * the store). The identity fields (batch, firm, tier, snapshot) never
 * change. APP_ENOTFOUND if absent. */
enum app_status store_app_update(struct store *s, const struct flow_app *a, struct app_err *err);

/* Filters for lists; zero members do not filter, all given must hold. */
struct store_app_filter {
	long batch_id;
	const char *uscc;
	const char *unit;   /* district or zone code: matches the unit or district filed */
	int state;          /* enum flow_state, 0 = any */
	int tier;           /* enum tier, 0 = any */
	long expert_id;     /* only applications assigned to this expert */
	bool in_flight;     /* only states from submitted to publicized */
	bool open;          /* only non-terminal states (draft included) */
	long limit, offset; /* limit 0 = all */
};
typedef int (*store_app_cb)(void *ctx, const struct flow_app *a);
/* Applications matching f (may be NULL) by id; *total (may be NULL)
 * counts all matches ignoring the page. */
enum app_status store_app_list(struct store *s, const struct store_app_filter *f, store_app_cb cb,
                               void *ctx, long *total, struct app_err *err);

/* ---- the transition log (append-only) ---- */

/* Appends ev (id and at filled in). */
enum app_status store_app_event_add(struct store *s, struct flow_event *ev, struct app_err *err);
typedef int (*store_event_cb)(void *ctx, const struct flow_event *ev);
/* The events of an application, oldest first. */
enum app_status store_app_events(struct store *s, long app_id, store_event_cb cb, void *ctx,
                                 struct app_err *err);

/* ---- attachments ---- */

/* Records an attachment (id filled in). APP_EINVAL if sha256 is not 64
 * lower-case hex digits or kind is empty. */
enum app_status store_attachment_add(struct store *s, struct flow_attachment *a,
                                     struct app_err *err);
enum app_status store_attachment_get(struct store *s, long id, struct flow_attachment *out,
                                     struct app_err *err);
typedef int (*store_attachment_cb)(void *ctx, const struct flow_attachment *a);
/* An application's attachments in upload order. */
enum app_status store_attachment_list(struct store *s, long app_id, store_attachment_cb cb,
                                      void *ctx, struct app_err *err);

/* ---- objections ---- */

/* Records an objection (id filled in; status is stored as given). */
enum app_status store_objection_add(struct store *s, struct flow_objection *o, struct app_err *err);
/* Rewrites status, resolution, resolved_by and resolved_at of o->id. */
enum app_status store_objection_update(struct store *s, const struct flow_objection *o,
                                       struct app_err *err);
enum app_status store_objection_get(struct store *s, long id, struct flow_objection *out,
                                    struct app_err *err);
typedef int (*store_objection_cb)(void *ctx, const struct flow_objection *o);
enum app_status store_objection_list(struct store *s, long app_id, store_objection_cb cb, void *ctx,
                                     struct app_err *err);

#endif
