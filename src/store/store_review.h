/* store_review.h - storage of the expert pool, experts' declared links to
 * firms, and their assignments and scores (migration 0005). Records are
 * those of core/flow.h; conventions as in store.h. */
#ifndef ZJTX_STORE_REVIEW_H
#define ZJTX_STORE_REVIEW_H

#include "core/flow.h"
#include "store/store.h"

/* Inserts or updates an expert by username (x->id filled in; *created may be
 * NULL). APP_EINVAL for an empty username or name. */
enum app_status store_expert_put(struct store *s, struct flow_expert *x, bool *created,
                                 struct app_err *err);
/* By id (username NULL) or by username (id 0). APP_ENOTFOUND if absent. */
enum app_status store_expert_get(struct store *s, long id, const char *username,
                                 struct flow_expert *out, struct app_err *err);
typedef int (*store_expert_cb)(void *ctx, const struct flow_expert *x);
/* Experts by id; active_only skips inactive ones. */
enum app_status store_expert_list(struct store *s, bool active_only, store_expert_cb cb, void *ctx,
                                  struct app_err *err);

/* Records that expert_id is linked to the firm uscc (relation may be NULL).
 * Idempotent. APP_ENOTFOUND if the expert does not exist. */
enum app_status store_expert_link(struct store *s, long expert_id, const char *uscc,
                                  const char *relation, struct app_err *err);
/* Every (expert, firm) link, by expert then firm. */
typedef int (*store_link_cb)(void *ctx, long expert_id, const char *uscc, const char *relation);
enum app_status store_expert_links(struct store *s, long expert_id /* 0 = all */, store_link_cb cb,
                                   void *ctx, struct app_err *err);

/* Assigns an expert to an application (assigned_at = now). APP_ECONFLICT if
 * already assigned. */
enum app_status store_review_add(struct store *s, long app_id, long expert_id, struct app_err *err);
/* Records the expert's score (tenths, 0..1000) and comment (scored_at =
 * now). APP_ENOTFOUND if the expert is not assigned. */
enum app_status store_review_score(struct store *s, long app_id, long expert_id, int score,
                                   const char *comment, struct app_err *err);
/* Sets the outlier flag. */
enum app_status store_review_flag(struct store *s, long app_id, long expert_id, bool outlier,
                                  struct app_err *err);
typedef int (*store_review_cb)(void *ctx, const struct flow_review *r);
/* Reviews of an application (app_id > 0) or of an expert (expert_id > 0),
 * ordered by application then expert. */
enum app_status store_review_list(struct store *s, long app_id, long expert_id, store_review_cb cb,
                                  void *ctx, struct app_err *err);

#endif
