/* targets.h - cultivation targets per tier, year and district, and the
 * progress toward them: firms holding the tier (or a higher one, for
 * "ladder" sets) on the target date and today, the gap, the trajectory
 * from the tier history, and a projection from the pipeline.
 *
 * The projection uses applications in flight, firms within reach (not
 * holding the tier, not applying, but passing its criteria on their latest
 * figures: needs the criteria engine, F2; -1 without it) and the share of
 * decided applications that were recognized.
 *
 * Roles: city sets targets; city, viewer and district read (a district
 * sees its own targets and the city-wide ones). */
#ifndef ZJTX_TARGETS_H
#define ZJTX_TARGETS_H

#include "app/workflow.h"
#include "store/store_manage.h"

/* Loads the shipped target sets (data/targets.tsv): the 2020 notice's and
 * the 2022 action plan's 2025 targets. Idempotent (city). *n (may be
 * NULL) receives the number of targets written. */
enum app_status targets_install(struct store *s, const struct wf_actor *who, int *n,
                                struct app_err *e);

/* Creates or updates a set (city). */
enum app_status targets_set_put(struct store *s, const struct wf_actor *who,
                                const struct flow_target_set *set, struct app_err *e);
/* Sets one target (city). unit "" = the whole city, else a district or
 * zone code. */
enum app_status targets_put(struct store *s, const struct wf_actor *who,
                            const struct flow_target *t, struct app_err *e);

/* Firms holding tier t (ladder: t or a higher tier) on date, in scope
 * (NULL/"" = the city; else a district or zone code). */
enum app_status targets_count(struct store *s, enum tier t, bool ladder, const char *date,
                              const char *scope, long *count, struct app_err *e);

/* Every target set (set_cb), then the targets who may see (target_cb; a
 * district: its own unit's and the city-wide ones), by set, tier, year,
 * unit. City, viewer, district; others APP_EPERM. */
enum app_status targets_list(struct store *s, const struct wf_actor *who,
                             store_target_set_cb set_cb, store_target_cb target_cb, void *ctx,
                             struct app_err *e);

/* Progress on one target. */
struct targets_row {
	struct flow_target t;
	bool ladder;
	char deadline[11];    /* YYYY-12-31 of the target year */
	bool past;            /* the deadline has passed */
	char measured_on[11]; /* the deadline if past, else today */
	long held;            /* firms counted on measured_on */
	long held_now;        /* ... today */
	long gap;             /* target - held (negative: exceeded) */
	long in_flight; /* new (not re-review) applications for the tier, submitted .. publicized */
	long drafts;    /* drafts and returned ones */
	double pass_rate;  /* recognized / decided applications of the tier; -1 if none decided */
	long expiring;     /* counted today, but every holding ends before the deadline and no
	                      re-review is pending (future targets only) */
	long projected;    /* held_now - expiring + in_flight x pass rate (1 if unknown) */
	long within_reach; /* firms the criteria engine finds close (F2); -1: not available */
};
typedef int (*targets_row_cb)(void *ctx, const struct targets_row *r);

/* Progress on every target of `set` (NULL = all sets) visible to who. */
enum app_status targets_progress(struct store *s, const struct wf_env *env,
                                 const struct wf_actor *who, const char *set, targets_row_cb cb,
                                 void *ctx, struct app_err *e);

/* Firms counted at the end of each year first..last (the current year:
 * today), into counts[0..last-first] (at most 30 years). */
enum app_status targets_trajectory(struct store *s, const struct wf_env *env,
                                   const struct wf_actor *who, enum tier t, bool ladder,
                                   const char *scope, int first, int last, long *counts,
                                   struct app_err *e);

#endif
