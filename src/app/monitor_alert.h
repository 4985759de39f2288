/* monitor_alert.h - early warnings (预警) over the monthly reports: each
 * firm's active warnings with the period (and date) each started, counts
 * per district, and re-review requests a warning can open.
 *
 * The rules are core/monthly_alert.h (the five defaults of the F4 issue).
 * A warning is evaluated at the latest closed period (deadline passed) as
 * of `today`, from the reports filed by then and the roster (who had to
 * file, by tier history); its start is the first period of the unbroken run
 * of periods in which it fires, looking back at most MONITOR_ALERT_LOOKBACK
 * periods. Warnings are computed, not stored: a correction or a late filing
 * changes them at once. Re-review requests are stored (store_monthly_rereview_*)
 * and are the event the workflow (F5) reads.
 *
 * Cost: one pass over the tier history and one over the reports of the
 * last 27 months (about 100 bytes per report in memory). */
#ifndef ZJTX_MONITOR_ALERT_H
#define ZJTX_MONITOR_ALERT_H

#include "app/monitor.h"
#include "core/monthly_alert.h"

#ifndef MONITOR_ALERT_LOOKBACK
#define MONITOR_ALERT_LOOKBACK 12 /* periods looked back for a warning's start */
#endif

struct monitor_alert {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8]; /* reporting unit */
	const struct monthly_alert_rule *rule;
	int started;        /* first period of the run */
	int64_t started_on; /* that period's deadline (the day it was due) */
	char detail[256];   /* the values at the evaluated period */
	long rereview_id;   /* an open re-review request, 0 if none */
};

struct monitor_alert_unit {
	char unit[8];
	char name[64];
	long firms; /* firms with at least one warning */
	long by_rule[MONTHLY_ALERT_MAX];
};

struct monitor_alerts {
	int period; /* evaluated at */
	int64_t today;
	struct monitor_alert *v; /* by unit, USCC, rule order */
	size_t n;
	struct monitor_alert_unit *units; /* most firms first */
	size_t nunits;
	long firms; /* firms with at least one warning */
	long by_rule[MONTHLY_ALERT_MAX];
};

struct monitor_alert_filter {
	int period;       /* 0 = the latest closed period as of today */
	int64_t today;    /* 0 = monitor_today() */
	const char *unit; /* reporting unit, NULL = all */
	const char *uscc; /* one firm, NULL = all */
	const char *rule; /* one rule code, NULL = all */
	/* only firms whose district or zone is this unit (a district user's
	 * reach, app/scope.h), NULL = all; counts per unit then hold those
	 * firms only */
	const char *scope;
	/* the counts are all the caller needs (a dashboard): the reports of 15
	 * months are read instead of 27, each warning's start is left at the
	 * evaluated period and its detail empty */
	bool counts_only;
};

/* Active warnings per f. APP_EINVAL for a period not yet closed (its
 * deadline not passed) or not expected. Free with monitor_alerts_free. */
enum app_status monitor_alerts(struct store *s, const struct monitor_settings *cfg,
                               const struct monitor_alert_filter *f, struct monitor_alerts *out,
                               struct app_err *err);
void monitor_alerts_free(struct monitor_alerts *a);

/* Opens a re-review (复核) request for the active warning `rule` of firm
 * uscc as of today (0 = now), with a reason; audited as
 * "monthly.rereview". APP_ENOTFOUND if the firm has no such active
 * warning; APP_ECONFLICT if a request for the same warning is open. *out
 * (may be NULL) receives the stored request. */
enum app_status monitor_rereview(struct store *s, const struct audit_actor *who,
                                 const struct monitor_settings *cfg, const char *uscc,
                                 const char *rule, const char *reason, int64_t today,
                                 struct monthly_rereview *out, struct app_err *err);

#endif
