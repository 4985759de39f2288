/* store_sqlite_monthly_int.h - what the two files of monthly monitoring in
 * SQLite share: store_sqlite_monthly.c (reports, versions, aggregates, the
 * ops table) and store_sqlite_monthly_meta.c (roster, settings, re-review
 * requests). Internal to the SQLite backend. */
#ifndef ZJTX_STORE_SQLITE_MONTHLY_INT_H
#define ZJTX_STORE_SQLITE_MONTHLY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store_monthly.h"
#include "store/store_sqlite_int.h"

/* Binds text as is ("" stays "", never NULL). */
void sqm_bind_str(sqlite3_stmt *st, int i, const char *v);
/* Prepares sql (cached), binds it with bind(arg) and steps it once; the
 * number of changed rows goes to *changes when given. A failure is
 * reported as "what". */
enum app_status sqm_run_stmt(struct sq *s, const char *sql, const char *what,
                             void (*bind)(sqlite3_stmt *st, const void *arg), const void *arg,
                             int *changes, struct app_err *err);

/* store_sqlite_monthly_meta.c: the ops of the same names in
 * struct store_monthly_ops (store_int.h). */
enum app_status sqm_roster(struct store *bs, const char *as_of, unsigned tiers,
                           int (*cb)(void *ctx, const struct monthly_roster_entry *e), void *ctx,
                           struct app_err *err);
enum app_status
sqm_roster_span(struct store *bs, const char *const *dates, size_t n, unsigned tiers,
                int (*cb)(void *ctx, const struct monthly_roster_entry *e, uint32_t mask),
                void *ctx, struct app_err *err);
enum app_status sqm_setting_get(struct store *bs, const char *key, char *out, size_t n,
                                struct app_err *err);
enum app_status sqm_setting_set(struct store *bs, const char *key, const char *value,
                                const char *by, struct app_err *err);
enum app_status sqm_rereview_add(struct store *bs, struct monthly_rereview *r, struct app_err *err);
enum app_status sqm_rereview_list(struct store *bs, const char *status, const char *uscc,
                                  int (*cb)(void *ctx, const struct monthly_rereview *r), void *ctx,
                                  struct app_err *err);
enum app_status sqm_rereview_close(struct store *bs, long id, const char *status, const char *by,
                                   struct app_err *err);

#endif
