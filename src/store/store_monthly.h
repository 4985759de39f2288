/* store_monthly.h - storage of monthly monitoring (migration 0004): reports
 * per firm and period with their earlier versions and confirmed warnings,
 * the aggregates maintained on every filing and correction, the roster of
 * firms that must file, settings, and re-review requests.
 *
 * The store keeps what it is given: content is validated by core/monthly.c
 * before (app/monitor.c). Every write that changes a report also changes the
 * aggregate cells (core/monthly_agg.h), in the same transaction:
 * immediately, or — for bulk loads — by adding the change to a caller's
 * buffer (`defer`), which the caller must apply with store_monthly_agg_apply
 * before it commits (defer is allowed only inside store_begin/commit). Periods are core periods
 * (monthly_period()); the database holds them as YYYYMM. General conventions: store.h. */
#ifndef ZJTX_STORE_MONTHLY_H
#define ZJTX_STORE_MONTHLY_H

#include "core/monthly.h"
#include "core/monthly_agg.h"
#include "store/store.h"

/* A stored report: values, groups (snapshot at first filing) and history. */
struct monthly_record {
	struct monthly_row r;
	int version;       /* 1 for the first filing, +1 per correction */
	char filed_at[20]; /* first filing, UTC "YYYY-MM-DD HH:MM:SS" */
	char filed_by[64];
	char updated_at[20]; /* the current version */
	char updated_by[64];
};

/* An earlier version, as it was before a correction replaced it. */
struct monthly_version {
	struct monthly m;
	int version;
	char filed_at[20], filed_by[64];       /* when and by whom it was filed */
	char replaced_at[20], replaced_by[64]; /* the correction that replaced it */
	char reason[MAX_MONTHLY_REASON];       /* and why */
};

/* A warning confirmed with a reason. */
struct monthly_confirmed {
	char uscc[19];
	int period;
	int version;               /* the version it was confirmed for */
	char code[40];             /* the warning's code */
	char message[MAX_ERR_MSG]; /* the warning as shown */
	char reason[MAX_MONTHLY_REASON];
	char by[64];
	char at[20]; /* UTC; "" = now */
};

/* ---- reports ---- */

/* Fills *out. APP_ENOTFOUND if (uscc, period) has no report. */
enum app_status store_monthly_get(struct store *s, const char *uscc, int period,
                                  struct monthly_record *out, struct app_err *err);

typedef int (*store_monthly_cb)(void *ctx, const struct monthly_record *r);

/* The firm's reports with from <= period <= to, oldest first. */
enum app_status store_monthly_history(struct store *s, const char *uscc, int from, int to,
                                      store_monthly_cb cb, void *ctx, struct app_err *err);

/* The firm's reports of the given periods (n <= 8, all within 62 months of
 * each other), by period; periods without a report are skipped. One
 * indexed range scan. APP_EINVAL beyond those bounds. */
enum app_status store_monthly_pick(struct store *s, const char *uscc, const int *periods, size_t n,
                                   store_monthly_cb cb, void *ctx, struct app_err *err);

/* Reports with from <= period <= to (0 = open), of one reporting unit (NULL
 * = all; matched against the stored group), ordered by period then USCC. */
struct store_monthly_filter {
	int from, to;
	const char *unit;
};
enum app_status store_monthly_list(struct store *s, const struct store_monthly_filter *f,
                                   store_monthly_cb cb, void *ctx, struct app_err *err);
/* The same reports ordered by USCC then period: the primary key's order,
 * read without a sort (for a reader that walks firm by firm). */
enum app_status store_monthly_list_by_firm(struct store *s, const struct store_monthly_filter *f,
                                           store_monthly_cb cb, void *ctx, struct app_err *err);

/* Files a new report r (values, groups, filed_at/filed_by; updated_* and
 * version are set from them; filed_at "" = now) and changes the aggregates
 * (cal decides single months). APP_ECONFLICT if (uscc, period) already has
 * a report; APP_ENOTFOUND if the firm does not exist; APP_EINVAL for a
 * period outside 1990..2999 or empty groups/filed_by. */
enum app_status store_monthly_insert(struct store *s, const struct monthly_calendar *cal,
                                     const struct monthly_record *r, struct monthly_aggbuf *defer,
                                     struct app_err *err);

/* Same, for bulk loads that have just read the firm's neighbouring reports
 * (store_monthly_pick of p−1, p+1, p−12 and p+12): nb must hold exactly the
 * stored reports of those periods (NULL where none), so the store need not
 * read them again. */
enum app_status store_monthly_insert_known(struct store *s, const struct monthly_calendar *cal,
                                           const struct monthly_record *r,
                                           const struct monthly_neighbours *nb,
                                           struct monthly_aggbuf *defer, struct app_err *err);

/* Replaces the values of the report (m->uscc, m->period) with those of m
 * (groups and first filing kept), after copying the current version into
 * the versions with who replaced it (by), when (at, "" = now) and why
 * (reason, required); changes the aggregates. *version (may be NULL)
 * receives the new version number. APP_ENOTFOUND if there is no report;
 * APP_EINVAL for an empty reason or by. */
enum app_status store_monthly_correct(struct store *s, const struct monthly_calendar *cal,
                                      const struct monthly *m, const char *by, const char *at,
                                      const char *reason, struct monthly_aggbuf *defer,
                                      int *version, struct app_err *err);

/* Earlier versions of a report, oldest first. */
typedef int (*store_monthly_version_cb)(void *ctx, const struct monthly_version *v);
enum app_status store_monthly_versions(struct store *s, const char *uscc, int period,
                                       store_monthly_version_cb cb, void *ctx, struct app_err *err);

/* Records a confirmed warning. APP_ECONFLICT if the same code is already
 * confirmed for that version; APP_ENOTFOUND without the report; APP_EINVAL
 * for an empty code, reason or by. */
enum app_status store_monthly_confirm(struct store *s, const struct monthly_confirmed *c,
                                      struct app_err *err);
/* The confirmations of a report (every version), by version then code. */
typedef int (*store_monthly_confirmed_cb)(void *ctx, const struct monthly_confirmed *c);
enum app_status store_monthly_confirmations(struct store *s, const char *uscc, int period,
                                            store_monthly_confirmed_cb cb, void *ctx,
                                            struct app_err *err);

/* ---- bulk loads ---- */

/* One new report of a bulk load (store_monthly_put_many). */
struct store_monthly_put {
	const char *uscc; /* 18 characters, the firm must exist */
	int period;
	uint32_t has; /* bit k: v[k] present */
	int64_t v[MK_COUNT];
	const char *note; /* orders_note, "" if none */
	struct monthly_groups g;
	uint64_t tag; /* the caller's, left as it is */
	bool exists;  /* out: (uscc, period) already had a report, left as it was */
};

/* Files rows[0..n−1] as first filings (version 1) by filed_by at filed_at
 * ("" = now), inserting them in the order of the table's key (the rows are
 * not reordered: the store sorts its own index of them), inside the
 * caller's transaction; after a failure some of them may be written, so
 * the caller rolls its transaction back. A row whose (uscc, period)
 * is already stored is left as it was and marked `exists`. The aggregates
 * are NOT changed: the caller accounts for what it filed (reading the
 * firms back with store_monthly_window) and applies the change with
 * store_monthly_agg_apply before it commits. APP_ENOTFOUND if a firm does
 * not exist (during a bulk load, store_monthly_bulk, the caller has checked
 * the firms and the store does not); APP_EINVAL for a bad period, code,
 * groups or filed_by; APP_EINTERNAL outside a transaction. */
enum app_status store_monthly_put_many(struct store *s, struct store_monthly_put *rows, size_t n,
                                       const char *filed_at, const char *filed_by,
                                       struct app_err *err);

/* As store_monthly_correct (the current version is kept in the versions,
 * *version receives the new number), without changing the aggregates: for
 * a bulk load that accounts for the change itself. */
enum app_status store_monthly_replace(struct store *s, const struct monthly *m, const char *by,
                                      const char *at, const char *reason, int *version,
                                      struct app_err *err);

/* The firm's reports with from <= period <= to (0 = open), oldest first, as
 * values and groups (the note is left empty) with their version: one range
 * scan of the primary key, what a bulk load reads back per firm. A mask
 * other than 0 keeps only the periods from + i whose bit i is set (to −
 * from < 64; the others are skipped by the scan without being read). The
 * row passed to cb is valid during the call. APP_EINVAL for a mask over
 * more than 64 months. */
typedef int (*store_monthly_row_cb)(void *ctx, const struct monthly_row *r, int version);
enum app_status store_monthly_window(struct store *s, const char *uscc, int from, int to,
                                     uint64_t mask, store_monthly_row_cb cb, void *ctx,
                                     struct app_err *err);

/* *any = whether any report is stored at all, as the caller's transaction
 * sees it: a bulk load asks before it writes, and when there was none it
 * has nothing to read back (every report is its own). */
enum app_status store_monthly_any(struct store *s, bool *any, struct app_err *err);

/* Tells the store a bulk load of reports starts (on) or ends, outside a
 * transaction. While on, the SQLite backend keeps up to
 * STORE_BULK_CACHE_KIB of pages in memory (the pages a load of a million
 * rows touches; STORE_CACHE_KIB after), and does not look the firm of every
 * report up again in the enterprise table (the foreign key is not checked
 * per row): the caller must have checked each firm itself, in the same
 * transaction, as app/monitor_import.c does once per firm. The setting is
 * the handle's: give a bulk load a handle of its own. A hint otherwise: a
 * backend may ignore it. */
enum app_status store_monthly_bulk(struct store *s, bool on, struct app_err *err);

/* ---- aggregates ---- */

/* Adds every non-zero cell of b to the stored cells. APP_EINVAL if a sum
 * would leave the exact int64 range. */
enum app_status store_monthly_agg_apply(struct store *s, const struct monthly_aggbuf *b,
                                        struct app_err *err);
/* The stored cells of dimension dim with from <= period <= to, of group grp
 * (NULL = every group), ordered by period then group. */
typedef int (*store_monthly_agg_cb)(void *ctx, const struct monthly_agg *c);
enum app_status store_monthly_agg_list(struct store *s, enum monthly_dim dim, const char *grp,
                                       int from, int to, store_monthly_agg_cb cb, void *ctx,
                                       struct app_err *err);
/* Recomputes every cell from the stored reports (in one transaction of its
 * own, or inside the caller's): after a change of the calendar setting, or
 * as a repair. */
enum app_status store_monthly_agg_rebuild(struct store *s, const struct monthly_calendar *cal,
                                          struct app_err *err);

/* ---- who must file ---- */

struct monthly_roster_entry {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char district[7];
	char zone[8];
	char unit[8]; /* district_reporting_unit(district, zone) */
};
typedef int (*store_monthly_roster_cb)(void *ctx, const struct monthly_roster_entry *e);
/* Firms that held, on date as_of ("YYYY-MM-DD"), one of the tiers whose
 * bit (1 << enum tier) is set in tiers — by the same rule as the current
 * tier (store.h store_tier_add: the latest event per tier up to that date
 * has a holding status) — ordered by USCC. */
enum app_status store_monthly_roster(struct store *s, const char *as_of, unsigned tiers,
                                     store_monthly_roster_cb cb, void *ctx, struct app_err *err);

/* The roster at several dates in one pass over the tier history (for
 * early warnings over a window of periods): cb gets every firm that held a
 * required tier at one or more of dates[0..n−1] (n <= 32) at least once,
 * with bit i of mask set if it held one at dates[i]. Same rule as
 * store_monthly_roster. APP_EINVAL for n > 32 or a malformed date. */
typedef int (*store_monthly_roster_span_cb)(void *ctx, const struct monthly_roster_entry *e,
                                            uint32_t mask);
enum app_status store_monthly_roster_span(struct store *s, const char *const *dates, size_t n,
                                          unsigned tiers, store_monthly_roster_span_cb cb,
                                          void *ctx, struct app_err *err);

/* ---- settings ---- */

/* The value of a setting into out (n bytes). APP_ENOTFOUND if unset. */
enum app_status store_monthly_setting_get(struct store *s, const char *key, char *out, size_t n,
                                          struct app_err *err);
/* Sets a setting (by = who). */
enum app_status store_monthly_setting_set(struct store *s, const char *key, const char *value,
                                          const char *by, struct app_err *err);

/* ---- re-review requests raised by early warnings ---- */

struct monthly_rereview {
	long id; /* assigned by the store */
	char uscc[19];
	char rule[40];    /* early-warning rule code */
	int started;      /* period the warning started */
	char detail[256]; /* the warning as shown */
	char reason[MAX_MONTHLY_REASON];
	char requested_by[64];
	char requested_at[20]; /* assigned by the store */
	char status[16];       /* "open", "taken", "dismissed" */
};
/* Adds an open request (id, requested_at and status filled in r).
 * APP_ECONFLICT if an open request exists for the same firm, rule and
 * start; APP_ENOTFOUND for an unknown firm. */
enum app_status store_monthly_rereview_add(struct store *s, struct monthly_rereview *r,
                                           struct app_err *err);
/* Requests with the given status (NULL = any) of a firm (NULL = all), by id. */
typedef int (*store_monthly_rereview_cb)(void *ctx, const struct monthly_rereview *r);
enum app_status store_monthly_rereview_list(struct store *s, const char *status, const char *uscc,
                                            store_monthly_rereview_cb cb, void *ctx,
                                            struct app_err *err);
/* Moves an open request to "taken" or "dismissed" (the workflow's answer).
 * APP_ENOTFOUND if no open request has that id. */
enum app_status store_monthly_rereview_close(struct store *s, long id, const char *status,
                                             const char *by, struct app_err *err);

#endif
