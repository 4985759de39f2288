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

#include "app/demo_flow.h"
#include "base/err.h"
#include "store/store.h"

struct demo_options {
	long enterprises; /* number of firms (default 5000) */
	uint64_t seed;    /* RNG seed (default 20200615, the notice's date) */
	int last_year;    /* last fiscal year with annual figures (default 2025) */
	int years;        /* number of fiscal years (default 3) */
	const char *today;     /* the demo's business date (default "2026-11-28") */
	const char *files_dir; /* attachment store for the workflow demo; NULL: no workflow part */
};

struct demo_stats {
	long enterprises;
	long annual_rows;
	long tier_events;
	long by_tier[8]; /* current tier counts, indexed by enum tier */
	struct demo_flow_stats flow; /* batches, applications, experts, targets */
};

/* Fills o with the defaults. */
void demo_defaults(struct demo_options *o);

/* Writes the demo city into s (which should be empty) in one transaction. */
enum app_status demo_build(struct store *s, const struct demo_options *o, struct demo_stats *st,
			   struct app_err *e);

#endif
