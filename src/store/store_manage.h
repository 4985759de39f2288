/* store_manage.h - storage for the dynamic management of the pool: exit
 * decisions, yearly re-evaluations, targets, and the question "who held
 * tier T on date D" asked of the tier history (migration 0005). Records are
 * those of core/flow.h; conventions as in store.h. */
#ifndef ZJTX_STORE_MANAGE_H
#define ZJTX_STORE_MANAGE_H

#include "core/flow.h"
#include "store/store.h"

/* Records an exit decision (id and recorded_at filled in). The tier event
 * it refers to must exist. Rows are never updated or deleted. */
enum app_status store_exit_add(struct store *s, struct flow_exit_decision *x, struct app_err *err);
typedef int (*store_exit_cb)(void *ctx, const struct flow_exit_decision *x);
/* Exit decisions of a firm (uscc NULL = all), by decision date. */
enum app_status store_exit_list(struct store *s, const char *uscc, store_exit_cb cb, void *ctx,
                                struct app_err *err);

/* Records one re-evaluation proposal (id and recorded_at filled in). */
enum app_status store_reeval_add(struct store *s, struct flow_reeval *r, struct app_err *err);
typedef int (*store_reeval_cb)(void *ctx, const struct flow_reeval *r);
/* Proposals of a run date (NULL = all), by firm. */
enum app_status store_reeval_list(struct store *s, const char *run_date, store_reeval_cb cb,
                                  void *ctx, struct app_err *err);

/* Target sets and targets (upserts). APP_ENOTFOUND for a target whose set
 * does not exist; APP_EINVAL for a negative target or bad tier/year. */
enum app_status store_target_set_put(struct store *s, const struct flow_target_set *t,
                                     struct app_err *err);
typedef int (*store_target_set_cb)(void *ctx, const struct flow_target_set *t);
enum app_status store_target_sets(struct store *s, store_target_set_cb cb, void *ctx,
                                  struct app_err *err);
enum app_status store_target_put(struct store *s, const struct flow_target *t, struct app_err *err);
typedef int (*store_target_cb)(void *ctx, const struct flow_target *t);
/* Targets of a set (NULL = all), by set, tier, year, unit. */
enum app_status store_target_list(struct store *s, const char *set, store_target_cb cb, void *ctx,
                                  struct app_err *err);

/* One firm holding a tier on a date. */
struct store_holding {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char district[7];
	char unit[8]; /* zone code if the firm has one, else its district */
	char industry[6];
	enum tier_status status; /* recognized or renewed */
	char since[11];
	char until[11]; /* "" if open-ended */
};
typedef int (*store_holding_cb)(void *ctx, const struct store_holding *h);
/* Firms whose latest event in tier t with since <= date (by since, then
 * id) is recognized or renewed and whose until is empty or >= date, in
 * USCC order. scope (NULL = all) keeps firms of that district or zone;
 * until_max (NULL = no limit) keeps only holdings ending on or before it
 * (the re-review list). */
enum app_status store_tier_holders(struct store *s, enum tier t, const char *date,
                                   const char *scope, const char *until_max, store_holding_cb cb,
                                   void *ctx, struct app_err *err);
/* Every event of tier t (any status, any date), by USCC, then since, then
 * id (the order store_tier_fold reads), with the firm's name, district,
 * unit and industry as store_tier_holders gives them: for counting the
 * holders on many dates from one read (the latest event with since <=
 * date holds if its status is recognized or renewed and its until is empty
 * or >= date). */
enum app_status store_tier_spans(struct store *s, enum tier t, store_holding_cb cb, void *ctx,
                                 struct app_err *err);

#endif
