/* manage.h - dynamic management of the pool (动态管理, criteria.md §1.d):
 * the re-review list of recognitions about to expire, the yearly
 * re-evaluation of every recognized firm with a keep / warn / exit
 * proposal, exit decisions (with the 3-year bar for accidents, serious
 * dishonesty and data fraud), and the firms that grew out of SME size.
 *
 * Roles: city does everything; viewer reads; district reads its own
 * district or zone; others are refused (APP_EPERM). */
#ifndef ZJTX_MANAGE_H
#define ZJTX_MANAGE_H

#include "app/workflow.h"
#include "core/sizeclass.h"
#include "store/store_manage.h"

/* A recognition that ends soon. */
struct manage_due {
	enum tier tier;
	struct store_holding h;
	long days_left;   /* from today to h.until inclusive of neither: until - today */
	long renewal_app; /* an open re-review application for the tier, 0 if none */
	enum flow_state renewal_state;
};
typedef int (*manage_due_cb)(void *ctx, const struct manage_due *d);

/* Recognitions (tier t, or every tier with a term when t is TIER_NONE)
 * held today whose valid-until falls within `months` months (1..60) from
 * today, soonest first within each tier; *count (may be NULL) is how many. */
enum app_status manage_rereview(struct store *s, const struct wf_env *env,
                                const struct wf_actor *who, int months, enum tier t,
                                manage_due_cb cb, void *ctx, long *count, struct app_err *e);

/* The proposal for one recognized firm. */
struct manage_proposal {
	enum tier tier;
	struct store_holding h;
	char criteria[64];    /* criteria in force for the tier today */
	int figures_year;     /* latest fiscal year with figures, 0 if none */
	enum size_class size; /* SME size class from those figures */
	bool oversize;        /* SIZE_LARGE: grew out of SME size */
	char verdict[16];     /* the engine's verdict, "" if it did not run */
	enum flow_proposal proposal;
	char reasons[512]; /* Chinese, "; "-joined */
};
typedef int (*manage_proposal_cb)(void *ctx, const struct manage_proposal *p);

struct manage_reeval_stats {
	long firms, keep, warn, exit, unknown, oversize, no_figures;
	bool engine; /* the criteria engine evaluated the firms */
};

/* Re-evaluates every firm holding tier t today (TIER_NONE: innovative,
 * SRDI and little giant) against the criteria in force
 * (flow_criteria_for) on its latest annual figures. Rules, in order:
 * no figures for the last two fiscal years → warn; size class large →
 * exit (and oversize); engine verdict pass → keep, insufficient → warn,
 * fail → exit; engine not in the build → unknown. A recognition ending
 * within 6 months adds a reason. record (city only) stores every proposal
 * (store_reeval_add) with one audit entry for the run. */
enum app_status manage_reevaluate(struct store *s, const struct wf_env *env,
                                  const struct wf_actor *who, enum tier t, bool record,
                                  manage_proposal_cb cb, void *ctx,
                                  struct manage_reeval_stats *stats, struct app_err *e);

/* Decides an exit (city): appends a tier event (exited for criteria,
 * revoked for accident, dishonesty, fraud) on `date` (NULL = today) and
 * records the decision with its bar (date + FLOW_BAR_YEARS − 1 day for the
 * barring reasons). detail is required. APP_ECONFLICT if the firm does not
 * hold the tier on that date. out (may be NULL) receives the decision. */
enum app_status manage_exit(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                            const char *uscc, enum tier t, enum flow_exit reason,
                            const char *detail, const char *doc_no, const char *date,
                            struct flow_exit_decision *out, struct app_err *e);

/* Exit decisions of firm uscc (NULL or "" = every firm) by decision date,
 * as who may see them: city and viewer all, a district those of the firms
 * of its district or zone; others APP_EPERM. */
enum app_status manage_exit_list(struct store *s, const struct wf_actor *who, const char *uscc,
                                 store_exit_cb cb, void *ctx, struct app_err *e);

/* Adds months to a date, clamping the day to the month's end
 * (2026-08-31 + 6 months = 2027-02-28). out = "" for a bad date. */
void manage_add_months(const char *date, int months, char out[11]);

#endif
