/* demo_flow.h - the workflow part of the demo city (`zjtx demo`): an expert
 * pool (with the demo account "expert" in it), three 2026 batches (创新型, 专精特新 with
 * re-reviews, 小巨人) with applications in every state, objections, overdue items, and the shipped
 * target sets plus a synthetic district split.
 *
 * Everything goes through the workflow service (app/workflow.h) with
 * demo users of each role, so the demo exercises the same rules as real
 * use. Dates are fixed relative to `today` and expert draws are seeded:
 * the same seed gives the same applications, states and scores. */
#ifndef ZJTX_DEMO_FLOW_H
#define ZJTX_DEMO_FLOW_H

#include <stdint.h>

#include "core/flow.h"
#include "store/store.h"

/* The user name of the demo's expert account (app/demo.h): an expert of
 * the pool, appointed to the applications under review in the open batch. */
#define DEMO_EXPERT "expert"

struct demo_flow_stats {
	long experts;
	long appointed; /* applications the demo expert was appointed to */
	long batches;
	long applications;
	long by_state[FS_COUNT];
	long objections;
	long targets;
};

/* Builds the workflow demo into s (firms, figures and tier history must be
 * there already, as demo_build writes them). today is the demo's business
 * date (the batches are placed around it: use "2026-11-28"); attachments go
 * to files_dir. Runs inside the caller's transaction if there is one. */
enum app_status demo_flow_build(struct store *s, uint64_t seed, const char *today,
                                const char *files_dir, struct demo_flow_stats *st,
                                struct app_err *e);

#endif
