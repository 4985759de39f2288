/* monitor.h - the monthly monitoring service (F4): settings, filing one
 * report, corrections, and the completeness of reporting per district.
 *
 * Used by the CLI and, through the same functions, by the HTTP API (F3),
 * which checks scope before calling: an enterprise user may file only its
 * own firm, a district user only firms of its district or zone. Every write
 * records an audit entry in the same transaction (app/audit.h).
 *
 * Filing returns ALL findings at once (core/monthly.h): errors reject the
 * report; warnings must each be confirmed with a reason (by code) before
 * the report is accepted. A client therefore submits, shows the warnings,
 * and submits again with confirmations. Nothing is written until the report
 * passes. */
#ifndef ZJTX_MONITOR_H
#define ZJTX_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "app/audit.h"
#include "core/monthly.h"
#include "core/monthly_agg.h"
#include "store/store.h"
#include "store/store_monthly.h"

/* ---- settings ---- */

struct monitor_settings {
	struct monthly_rules rules; /* calendar and validation bounds */
	unsigned required_tiers;    /* bit (1 << enum tier): firms holding one must file */
	int notice_threshold_bp;    /* 通报 names units whose rate is below this (9000 = 90%) */
};

/* The defaults: deadline the 10th, 1—2月 combined, every tier of the pool
 * (储备 to 隐形冠军) must file, 通报 under 90%, margin −100%..60%,
 * headcount change 50%. */
void monitor_settings_default(struct monitor_settings *s);
/* Reads the settings stored by migration 0004 (missing keys keep their
 * defaults). APP_EINVAL if a stored value is malformed (naming the key). */
enum app_status monitor_settings_load(struct store *s, struct monitor_settings *out,
                                      struct app_err *err);

/* The settable keys, in display order, with a Chinese description. */
struct monitor_setting_def {
	const char *key;
	const char *label;
};
extern const struct monitor_setting_def monitor_setting_defs[];
extern const size_t monitor_setting_count;

/* Sets one setting after checking its value: deadline_day 1-28,
 * combine_jan_feb 0/1, required_tiers a comma list of tier keys (or
 * "none"), notice_threshold_bp 0-10000, margin_min_bp < margin_max_bp,
 * headcount_change_bp 1-100000. Changing combine_jan_feb rebuilds the
 * aggregates (single months depend on it). Audited as
 * "monthly.settings". APP_EINVAL for an unknown key or a bad value. */
enum app_status monitor_setting_set(struct store *s, const struct audit_actor *who, const char *key,
                                    const char *value, struct app_err *err);

/* ---- filing ---- */

/* Today's Beijing date as days since 1970 (reads the clock; the core never
 * does). */
int64_t monitor_today(void);

/* One report to file or correct. */
struct monitor_filing {
	struct monthly m;                /* parsed values; uscc and period set */
	enum money_unit units[MK_COUNT]; /* unit each money value was given in (slip messages) */
	const struct monthly_confirmation *confirms; /* warning confirmations, may be NULL */
	size_t nconfirms;
	const char *reason; /* corrections: why (required) */
	const char *now;    /* UTC "YYYY-MM-DD HH:MM:SS" recorded as the filing time; NULL = the
	                       clock (tests, the demo and loads of historical data set it) */
	int64_t today;      /* Beijing date (days) for the checks; 0 = the day of `now` */
};

/* Initialises f for (uscc, period) with no values, units 万元. */
void monitor_filing_init(struct monitor_filing *f, const char *uscc, int period);

/* Additional finding codes of the service. */
#define MONITOR_E_NOT_FILED "not_filed" /* a correction of a report that does not exist */
#define MONITOR_E_UNCHANGED "unchanged" /* a correction that changes nothing */
#define MONITOR_E_REASON    "no_reason" /* a correction without a reason */

struct monitor_result {
	struct monthly_findings findings;     /* every finding, errors first as found */
	bool confirmed[MAX_MONTHLY_FINDINGS]; /* warning i was confirmed */
	size_t unconfirmed;                   /* warnings still needing a confirmation */
	bool written;                         /* the report was stored */
	int version;                          /* its version after the call */
	bool on_time;                         /* first filing met the deadline */
	char filed_at[20];                    /* first filing (UTC) */
};

/* Validates a new report of f->m as monitor_file would, writing nothing. */
enum app_status monitor_check(struct store *s, const struct monitor_settings *cfg,
                              const struct monitor_filing *f, struct monitor_result *out,
                              struct app_err *err);

/* Files a new report by `who`. Findings: unknown_firm and duplicate (a
 * report for the period exists: correct it instead) besides those of
 * monthly_check. Returns APP_OK when stored (with its confirmations and an
 * audit entry "monthly.file"); APP_EINVAL if any error was found; APP_ECONFLICT
 * if every error is absent but a warning is not confirmed (out->unconfirmed);
 * APP_EDB etc. for storage failures. err says what happened in one line. */
enum app_status monitor_file(struct store *s, const struct audit_actor *who,
                             const struct monitor_settings *cfg, const struct monitor_filing *f,
                             struct monitor_result *out, struct app_err *err);

/* Corrects the stored report (f->m.uscc, f->m.period) to the values of f
 * (all of them: a key missing in f->m becomes missing), with f->reason.
 * The earlier version is kept (store_monthly_versions); warnings are
 * checked and confirmed as for filing (against the firm's other months).
 * Extra findings: not_filed, unchanged, no_reason. Audited as
 * "monthly.correct" with before and after. Statuses as monitor_file. */
enum app_status monitor_correct(struct store *s, const struct audit_actor *who,
                                const struct monitor_settings *cfg, const struct monitor_filing *f,
                                struct monitor_result *out, struct app_err *err);

/* ---- completeness ---- */

/* One reporting unit's (or the city's) reporting for a period. */
struct monitor_unit_stat {
	char unit[8]; /* "" for the city */
	char name[64];
	long expected;  /* firms that must file */
	long filed;     /* of those, filed by `today` */
	long on_time;   /* of those, by the deadline */
	long late;      /* after the deadline */
	long missing;   /* not filed by `today` */
	long voluntary; /* filed although not required */
	double rate;    /* filed / expected, percent (100 if none expected) */
	double timely;  /* on_time / expected, percent */
	int rank;       /* 1 = best rate (ties share a rank) */
};

/* A firm that must file and has not. */
struct monitor_missing {
	char uscc[19];
	char name[MAX_NAME_BYTES + 1];
	char unit[8];
};

struct monitor_completeness {
	int period;
	int64_t today;    /* as of this Beijing date */
	int64_t deadline; /* the period's deadline */
	bool closed;      /* today is after the deadline */
	struct monitor_unit_stat city;
	struct monitor_unit_stat *units; /* ranked: rate desc, timely desc, unit code */
	size_t nunits;
	struct monitor_missing *missing; /* by unit code, then USCC */
	size_t nmissing;
};

/* Completeness of period p as of `today` (0 = monitor_today()): the firms
 * that held a required tier on the period's last day (the roster, as of
 * that date by their tier history) against the reports filed by today.
 * Caller frees with monitor_completeness_free. APP_EINVAL for a period that
 * is not expected (January when combined) or not yet ended. */
enum app_status monitor_completeness(struct store *s, const struct monitor_settings *cfg, int p,
                                     int64_t today, struct monitor_completeness *out,
                                     struct app_err *err);
/* The same, counting only the firms whose district or zone is `scope` (a
 * district user's reach, app/scope.h; NULL or "" = every firm): the units
 * and the city line then hold those firms only, ranked among themselves.
 * Voluntary filings count when the firm is in scope. */
enum app_status monitor_completeness_scoped(struct store *s, const struct monitor_settings *cfg,
                                            int p, int64_t today, const char *scope,
                                            struct monitor_completeness *out, struct app_err *err);
void monitor_completeness_free(struct monitor_completeness *c);

/* Percent with one decimal, "93.5%" ("—" if not finite). */
void monitor_pct(double pct, char *buf, size_t n);

#endif
