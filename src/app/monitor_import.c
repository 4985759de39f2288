/* monitor_import.c - monthly reports in bulk through the import pipeline
 * (see monitor_import.h). */
#include "monitor_import.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

struct glue {
	struct store *store;
	const struct monitor_settings *cfg;
	const struct monitor_import_options *o;
	struct import_report *rep;
	struct monthly_aggbuf agg;
	struct monthly_confirmation all; /* MONTHLY_CONFIRM_ALL with the reason */
	struct monitor_result res;
	struct monitor_bulk *bulk;
};

static enum app_status row(void *ctx, struct store *s, const struct monthly *m,
                           const enum money_unit *units, bool write, struct monthly_findings *fs,
                           struct app_err *e)
{
	struct glue *g = ctx;
	struct monitor_filing f;
	memset(&f, 0, sizeof f);
	f.m = *m;
	memcpy(f.units, units, sizeof f.units);
	f.now = g->o->now;
	f.today = g->o->today;
	if (g->o->confirm_reason) {
		f.confirms = &g->all;
		f.nconfirms = 1;
	}
	enum monitor_outcome oc = MONITOR_REJECTED;
	enum app_status st = monitor_file_bulk(s, g->bulk, g->o->actor ? g->o->actor : "import",
	                                       g->cfg, &f, write ? MONITOR_NEW : MONITOR_CHECK,
	                                       g->o->correction_reason, &g->agg, &g->res, &oc, e);
	monthly_findings_copy(fs, &g->res.findings);
	if (st == APP_ECONFLICT)
		return APP_EINVAL; /* unconfirmed warnings refuse the row */
	if (st != APP_OK)
		return st;
	if (oc == MONITOR_CREATED)
		g->rep->created++;
	else if (oc == MONITOR_CORRECTED)
		g->rep->updated++;
	else if (oc == MONITOR_SAME)
		g->rep->unchanged++;
	return APP_OK;
}

static enum app_status before_commit(void *ctx, struct store *s, const struct import_report *rep,
                                     struct app_err *e)
{
	struct glue *g = ctx;
	enum app_status st = store_monthly_agg_apply(s, &g->agg, e);
	if (st == APP_OK && g->o->before_commit)
		st = g->o->before_commit(g->o->before_commit_ctx, s, rep, e);
	return st;
}

static void setup(struct glue *g, struct store *s, const struct monitor_settings *cfg,
                  const struct monitor_import_options *o, struct import_report *rep,
                  struct import_options *io)
{
	memset(g, 0, sizeof *g);
	g->store = s;
	g->cfg = cfg;
	g->o = o;
	g->rep = rep;
	monthly_aggbuf_init(&g->agg);
	g->bulk = monitor_bulk_new();
	snprintf(g->all.code, sizeof g->all.code, "%s", MONTHLY_CONFIRM_ALL);
	if (o->confirm_reason)
		str_copy(g->all.reason, sizeof g->all.reason, o->confirm_reason,
		         strlen(o->confirm_reason));
	memset(io, 0, sizeof *io);
	io->actor = o->actor;
	io->dry_run = o->dry_run;
	io->scope_district = o->scope_district;
	io->sheet = o->sheet;
	io->before_commit = before_commit;
	io->before_commit_ctx = g;
	io->progress = o->progress;
	io->progress_ctx = o->progress_ctx;
	io->monthly_row = row;
	io->monthly_ctx = g;
}

enum app_status monitor_import_file(struct store *s, const struct monitor_settings *cfg,
                                    const char *path, const struct monitor_import_options *o,
                                    struct import_report *rep, struct app_err *err)
{
	struct glue *g = xmalloc(sizeof *g);
	struct import_options io;
	setup(g, s, cfg, o, rep, &io);
	store_monthly_bulk(s, true, NULL);
	enum app_status st = import_file(s, IMPORT_MONTHLY, path, &io, rep, err);
	store_monthly_bulk(s, false, NULL);
	monthly_aggbuf_free(&g->agg);
	monitor_bulk_free(g->bulk);
	free(g);
	return st;
}

enum app_status monitor_import_csv_mem(struct store *s, const struct monitor_settings *cfg,
                                       const char *data, size_t n,
                                       const struct monitor_import_options *o,
                                       struct import_report *rep, struct app_err *err)
{
	struct glue *g = xmalloc(sizeof *g);
	struct import_options io;
	setup(g, s, cfg, o, rep, &io);
	store_monthly_bulk(s, true, NULL);
	enum app_status st = import_csv_mem(s, IMPORT_MONTHLY, data, n, &io, rep, err);
	store_monthly_bulk(s, false, NULL);
	monthly_aggbuf_free(&g->agg);
	monitor_bulk_free(g->bulk);
	free(g);
	return st;
}

enum app_status monitor_import_xlsx_mem(struct store *s, const struct monitor_settings *cfg,
                                        const void *data, size_t n,
                                        const struct monitor_import_options *o,
                                        struct import_report *rep, struct app_err *err)
{
	struct glue *g = xmalloc(sizeof *g);
	struct import_options io;
	setup(g, s, cfg, o, rep, &io);
	store_monthly_bulk(s, true, NULL);
	enum app_status st = import_xlsx_mem(s, IMPORT_MONTHLY, data, n, &io, rep, err);
	store_monthly_bulk(s, false, NULL);
	monthly_aggbuf_free(&g->agg);
	monitor_bulk_free(g->bulk);
	free(g);
	return st;
}
