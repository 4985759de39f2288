/* demo.h - the deterministic synthetic city behind `zjtx demo`.
 *
 * Firms are spread over all districts roughly like the real city
 * (manufacturing-heavy, weighted toward the main urban area), with
 * log-normal revenue, plausible R&D, IP, staff and debt that correlate with
 * a latent "quality", three fiscal years of annual figures (with a few
 * gaps), and a tier pool with its recognition history. The same options
 * always give the same database. */
#ifndef ZJTX_DEMO_H
#define ZJTX_DEMO_H

#include <stdint.h>

#include "app/audit.h"
#include "app/user.h"
#include "app/demo_flow.h"
#include "base/err.h"
#include "store/store.h"

struct demo_options {
	long enterprises; /* number of firms (default 5000) */
	uint64_t seed;    /* RNG seed (default 20200615, the notice's date) */
	int last_year;    /* last fiscal year with annual figures (default 2025) */
	int years;        /* number of fiscal years (default 3) */
	/* Monthly reports (demo_monthly.c): `months` months (default 24, 0 =
	 * none) up to the last month that ended before `today` (2026-10 for
	 * 2026-11-28: its reports were due on 11-10, so every period is closed). */
	int months;
	const char *today;     /* the demo's business date (default "2026-11-28") */
	const char *files_dir; /* attachment store for the workflow demo; NULL: no workflow part */
};

struct demo_stats {
	long enterprises;
	long annual_rows;
	long tier_events;
	long by_tier[8];             /* current tier counts, indexed by enum tier */
	long monthly_reports;        /* reports written */
	long monthly_late;           /* of those, filed after the deadline */
	long monthly_missing;        /* required reports never filed */
	long monthly_slips;          /* reports first filed with a unit slip */
	long monthly_corrections;    /* corrections (versions kept) */
	long monthly_warnings;       /* warnings confirmed with a reason */
	struct demo_flow_stats flow; /* batches, applications, experts, targets */
};

/* The monthly step of demo_build: writes the reports of the firms that
 * were required to file (by their tier history) for o->months months to
 * the last month that ended before o->today, inside the caller's
 * transaction.
 * Values follow each firm's annual figures (revenue, profit, R&D, staff)
 * with seasonality and growth; filing is late or missing more often in a
 * few districts than in others; a few reports carry a unit slip (元 typed
 * for 万元, or 千元), first confirmed by the firm and mostly corrected by
 * the district later (versions kept); some firms make losses. Uses its own
 * random stream (seeded from o->seed), so adding it left the rest of the
 * demo unchanged. */
enum app_status demo_monthly(struct store *s, const struct demo_options *o, struct demo_stats *st,
                             struct app_err *e);

/* Fills o with the defaults. */
void demo_defaults(struct demo_options *o);

/* Writes the demo city into s (which should be empty) in one transaction. */
enum app_status demo_build(struct store *s, const struct demo_options *o, struct demo_stats *st,
                           struct app_err *e);

/* ---- demo accounts ----
 *
 * One account per role for trying the system out (and for the browser
 * test): city, district (沙坪坝区 500106), liangjiang (两江新区 5001LJ), firm
 * (an SRDI firm of 沙坪坝区, so the district user sees it too), expert,
 * viewer, admin, security, auditor, and newbie (a city account that must
 * change its password at the first sign-in). There is no known default
 * password: each account gets a RANDOM password, returned here to be shown
 * once and stored only hashed. Accounts that already exist get a new
 * random password (the old one was shown once and may be lost). The demo
 * accounts other than newbie need not change their password. */
#define DEMO_ACCOUNTS 10

struct demo_account {
	char username[USER_NAME_MAX + 1];
	enum role role;
	char district[8];                    /* district users */
	char uscc[19];                       /* the enterprise user */
	char scope_name[MAX_NAME_BYTES + 1]; /* district or firm name, "" for others */
	char password[USER_INITIAL_PASSWORD_CHARS + 1];
	bool must_change;
	bool created; /* false: existed, password reset */
};

/* Creates (or resets) the demo accounts; fills out[0..*n). The enterprise
 * account is skipped when the pool has no firm. Each change is audited. */
enum app_status demo_accounts(struct store *s, const struct audit_actor *who,
                              struct demo_account out[DEMO_ACCOUNTS], size_t *n, struct app_err *e);

/* Writes the accounts as JSON to path with mode 0600 (replacing it):
 * {"accounts": [{"role", "username", "password", "district", "uscc",
 * "scope_name", "must_change_password"}]}. APP_EIO on failure. */
enum app_status demo_accounts_save(const char *path, const struct demo_account *a, size_t n,
                                   struct app_err *e);

#endif
