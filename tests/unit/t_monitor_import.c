/* t_monitor_import.c - bulk filing of monthly reports (app/monitor_import.c)
 * and the store operations it stands on (store_monthly_put_many, _window,
 * _replace): rows written in key order and read back firm by firm; every
 * row checked against every other row of the file whatever the file's
 * order; findings listed by line (the first MAX_IMPORT_ERRORS by line when
 * there are more); corrections, confirmations, dry runs; and a property:
 * after random imports (new rows, corrections, identical rows, in random
 * order, written in chunks of random size) the maintained aggregates equal
 * a naive recomputation written here from the definitions, and a rebuild.
 *
 * Money is written in 万元 (W). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/monitor_import.h"
#include "base/rng.h"
#include "core/uscc.h"
#include "test.h"

#define W(x)    ((int64_t)((x)*1000000.0 + ((x) < 0 ? -0.5 : 0.5)))
#define P(y, m) monthly_period((y), (m))

static char A[19], B[19];
static struct monitor_settings cfg;
static char tmpdir[] = "/tmp/t_monitor_import.XXXXXX";
static int seq;

static void mk(int n, const char *region, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91%sMA5U%04d0", region, n);
	uscc_make(body, true, out);
}

static struct store *fresh(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/db%d.sqlite", tmpdir, ++seq);
	struct store *s = NULL;
	struct app_err e = {0};
	if (store_open(path, 0, &s, &e) != APP_OK)
		diag("open: %s", e.msg);
	return s;
}

static void firm(struct store *s, const char *uscc, const char *district, const char *zone,
                 const char *industry)
{
	struct enterprise e;
	memset(&e, 0, sizeof e);
	snprintf(e.uscc, sizeof e.uscc, "%s", uscc);
	snprintf(e.name, sizeof e.name, "重庆批量月报%.6s有限公司", uscc + 12);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "%s", industry);
	struct app_err err = {0};
	if (store_enterprise_put(s, &e, NULL, &err) != APP_OK)
		diag("firm: %s", err.msg);
}

static struct store *two_firms(void)
{
	struct store *s = fresh();
	firm(s, A, "500112", "", "C3670");
	firm(s, B, "500106", "GXQ", "C3911");
	return s;
}

/* Imports csv with o (today 2025-11-20 unless set); rep is left for the
 * caller to read and free. */
static enum app_status import(struct store *s, const char *csv, struct monitor_import_options *o,
                              struct import_report *rep)
{
	if (!o->today)
		o->today = date_days(2025, 11, 20);
	if (!o->actor)
		o->actor = "bulk";
	import_report_init(rep);
	struct app_err e = {0};
	return monitor_import_csv_mem(s, &cfg, csv, strlen(csv), o, rep, &e);
}

static const struct import_error *error_with(const struct import_report *r, const char *code)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (strcmp(r->errors[i].code, code) == 0)
			return &r->errors[i];
	return NULL;
}

/* ---- all aggregate cells, to compare states ---- */

struct cells {
	struct monthly_agg *v;
	size_t n, cap;
};

static int take_cell(void *ctx, const struct monthly_agg *c)
{
	struct cells *cs = ctx;
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 64;
		cs->v = realloc(cs->v, cs->cap * sizeof *cs->v);
	}
	cs->v[cs->n++] = *c;
	return 0;
}

static struct cells all_cells(struct store *s)
{
	struct cells cs = {0};
	for (int d = 0; d < MDIM_COUNT; d++)
		store_monthly_agg_list(s, (enum monthly_dim)d, NULL, 0, 0, take_cell, &cs, NULL);
	return cs;
}

static bool same_cells(const struct cells *a, const struct cells *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].period != b->v[i].period || a->v[i].dim != b->v[i].dim ||
		    strcmp(a->v[i].grp, b->v[i].grp) != 0 || !monthly_agg_equal(&a->v[i], &b->v[i]))
			return false;
	return true;
}

/* ---- the store's bulk operations ---- */

struct window {
	struct monthly_row r[8];
	int version[8];
	size_t n;
};

static int take_window(void *ctx, const struct monthly_row *r, int version)
{
	struct window *w = ctx;
	if (w->n < 8) {
		w->r[w->n] = *r;
		w->version[w->n++] = version;
	}
	return 0;
}

static int take_version(void *ctx, const struct monthly_version *v)
{
	memcpy(ctx, v, sizeof *v);
	return 0;
}

static struct store_monthly_put put(const char *uscc, int p, double rev,
                                    const struct monthly_groups *g)
{
	struct store_monthly_put x;
	memset(&x, 0, sizeof x);
	x.uscc = uscc;
	x.period = p;
	x.has = 1u << MK_REVENUE_YTD;
	x.v[MK_REVENUE_YTD] = W(rev);
	x.note = "";
	x.g = *g;
	return x;
}

static void store_bulk(void)
{
	struct store *s = two_firms();
	struct app_err e = {0};
	struct monthly_groups ga = {"500112", "C36", "none"}, gb = {"GXQ", "C39", "none"};
	struct monthly_record *rec = calloc(1, sizeof *rec);
	snprintf(rec->r.m.uscc, sizeof rec->r.m.uscc, "%s", A);
	rec->r.m.period = P(2025, 9);
	monthly_set(&rec->r.m, MK_REVENUE_YTD, W(900));
	rec->r.g = ga;
	snprintf(rec->filed_by, sizeof rec->filed_by, "alice");
	is_int(store_monthly_insert(s, &cfg.rules.cal, rec, NULL, &e), APP_OK, "one stored report");
	struct cells before = all_cells(s);

	struct store_monthly_put rows[4] = {
	    put(A, P(2025, 10), 1000, &ga), put(B, P(2025, 8), 50, &gb),
	    put(A, P(2025, 9), 990, &ga), put(A, P(2025, 8), 800, &ga)};
	is_int(store_monthly_put_many(s, rows, 4, "", "bulk", &e), APP_EINTERNAL,
	       "put_many outside a transaction: refused");
	store_begin(s, NULL);
	is_int(store_monthly_put_many(s, rows, 4, "2025-11-01 02:00:00", "bulk", &e), APP_OK,
	       "put_many: four rows, out of key order");
	ok(!rows[0].exists && !rows[1].exists && rows[2].exists && !rows[3].exists,
	   "the stored one is marked exists, the others not");
	ok(rows[0].period == P(2025, 10) && rows[3].period == P(2025, 8), "rows[] not reordered");
	struct cells mid = all_cells(s);
	ok(same_cells(&before, &mid), "put_many leaves the aggregates alone");

	struct window w = {0};
	is_int(store_monthly_window(s, A, P(2025, 8), P(2025, 10), 0, take_window, &w, &e), APP_OK,
	       "window");
	ok(w.n == 3 && w.r[0].m.period == P(2025, 8) && w.r[1].m.period == P(2025, 9) &&
	       w.r[2].m.period == P(2025, 10),
	   "window: the firm's three reports, oldest first");
	ok(w.n == 3 && w.r[1].m.v[MK_REVENUE_YTD] == W(900) &&
	       w.r[2].m.v[MK_REVENUE_YTD] == W(1000),
	   "the stored report kept its value, the new one has its own");
	ok(w.n == 3 && strcmp(w.r[2].g.unit, "500112") == 0 &&
	       strcmp(w.r[2].g.industry, "C36") == 0 && w.version[2] == 1 && !w.r[2].m.note[0] &&
	       strcmp(w.r[2].m.uscc, A) == 0,
	   "with its groups, version 1, no note");
	w.n = 0;
	store_monthly_window(s, A, P(2025, 9), P(2025, 9), 0, take_window, &w, &e);
	is_int(w.n, 1, "a window of one period");
	w.n = 0;
	store_monthly_window(s, A, P(2025, 8), P(2025, 10), 1u << 0 | 1u << 2, take_window, &w, &e);
	ok(w.n == 2 && w.r[0].m.period == P(2025, 8) && w.r[1].m.period == P(2025, 10),
	   "a mask of months 0 and 2: August and October only");
	w.n = 0;
	store_monthly_window(s, A, P(2024, 9), P(2025, 9), (uint64_t)1 << 12, take_window, &w, &e);
	ok(w.n == 1 && w.r[0].m.period == P(2025, 9), "bit 12 across a year end: September");
	is_int(store_monthly_window(s, A, P(2020, 1), P(2025, 9), 1, take_window, &w, &e),
	       APP_EINVAL, "a mask over more than 64 months: refused");
	w.n = 0;
	store_monthly_window(s, B, 0, 0, 0, take_window, &w, &e);
	ok(w.n == 1 && strcmp(w.r[0].g.unit, "GXQ") == 0, "open bounds: B's one report");

	struct monthly_record got;
	ok(store_monthly_get(s, A, P(2025, 10), &got, NULL) == APP_OK &&
	       strcmp(got.filed_at, "2025-11-01 02:00:00") == 0 &&
	       strcmp(got.filed_by, "bulk") == 0 && strcmp(got.updated_at, got.filed_at) == 0 &&
	       strcmp(got.updated_by, "bulk") == 0,
	   "filed by and at as given; updated = filed while in version 1");

	struct monthly m = rec->r.m;
	m.v[MK_REVENUE_YTD] = W(950);
	int v = 0;
	is_int(store_monthly_replace(s, &m, "clerk", "2025-11-02 02:00:00", "复核", &v, &e), APP_OK,
	       "replace");
	is_int(v, 2, "version 2");
	struct monthly_version old;
	memset(&old, 0, sizeof old);
	store_monthly_versions(s, A, P(2025, 9), take_version, &old, NULL);
	ok(old.version == 1 && old.m.v[MK_REVENUE_YTD] == W(900) &&
	       strcmp(old.reason, "复核") == 0 && strcmp(old.filed_by, "alice") == 0,
	   "the first version kept, with the reason");
	ok(store_monthly_get(s, A, P(2025, 9), &got, NULL) == APP_OK && got.version == 2 &&
	       strcmp(got.updated_by, "clerk") == 0 && strcmp(got.filed_by, "alice") == 0,
	   "current: version 2 by the clerk, first filing kept");
	struct cells after = all_cells(s);
	ok(same_cells(&before, &after), "replace leaves the aggregates alone");
	is_int(store_monthly_replace(s, &m, "clerk", "", " ", &v, &e), APP_EINVAL,
	       "replace without a reason: refused");
	struct store_monthly_put bad = put("91500112MA5U0001", P(2025, 7), 1, &ga);
	is_int(store_monthly_put_many(s, &bad, 1, "", "bulk", &e), APP_EINVAL,
	       "a code of 16 characters: refused");
	store_commit(s, NULL);
	free(before.v);
	free(mid.v);
	free(after.v);
	free(rec);
	store_close(s);
}

/* ---- order, lines, values ---- */

static const char HEAD[] = "统一社会信用代码,报告期,营业收入(累计)(万元),利润总额(累计)(万元),"
                           "从业人员期末人数\n";

static void order_and_lines(void)
{
	char csv[1024];
	struct import_report rep;
	struct monitor_import_options o = {0};

	/* the slip is found whichever of the two months comes first */
	for (int desc = 0; desc < 2; desc++) {
		struct store *s = two_firms();
		if (desc)
			snprintf(csv, sizeof csv,
			         "%s%s,2025-10,10000000,50,100\n%s,2025-09,900,45,100\n", HEAD, A,
			         A);
		else
			snprintf(csv, sizeof csv,
			         "%s%s,2025-09,900,45,100\n%s,2025-10,10000000,50,100\n", HEAD, A,
			         A);
		memset(&o, 0, sizeof o);
		is_int(import(s, csv, &o, &rep), APP_EINVAL,
		       desc ? "later month first: refused" : "months in order: refused");
		const struct import_error *x = error_with(&rep, "unit_slip.revenue_ytd");
		ok(x && x->warning && !x->accepted && x->line == (desc ? 2 : 3) &&
		       strcmp(x->value, "10000000") == 0 &&
		       strcmp(x->column, "营业收入(累计)(万元)") == 0,
		   "the slip at the October row's line (%ld), column and value as written",
		   x ? x->line : -1L);
		ok(rep.nerrors == 1 && rep.error_count == 1 && rep.warning_count == 1 &&
		       !rep.committed,
		   "one warning, refused, nothing written");
		import_report_free(&rep);
		struct cells cs = all_cells(s);
		is_int(cs.n, 0, "no aggregate cell");
		free(cs.v);
		store_close(s);
	}

	/* the nearest recent month may be three months back, or only last year's */
	struct store *h = two_firms();
	char C[19];
	mk(3, "500112", C);
	firm(h, C, "500112", "", "C3411");
	snprintf(csv, sizeof csv,
	         "%s%s,2025-06,600,30,100\n%s,2024-10,1000,50,100\n%s,2025-07,700,30,100\n", HEAD,
	         A, B, C);
	memset(&o, 0, sizeof o);
	is_int(import(h, csv, &o, &rep), APP_OK, "June (A), last October (B) and July (C) stored");
	import_report_free(&rep);
	snprintf(
	    csv, sizeof csv,
	    "%s%s,2025-09,9000000,45,100\n%s,2025-10,10000000,50,100\n%s,2025-09,9000000,45,100\n",
	    HEAD, A, B, C);
	is_int(import(h, csv, &o, &rep), APP_EINVAL, "three slips against stored months");
	ok(rep.nerrors == 3 && strstr(rep.errors[0].msg, "约为6月的 10,000 倍") != NULL &&
	       strstr(rep.errors[1].msg, "约为上年同期的 10,000 倍") != NULL &&
	       strstr(rep.errors[2].msg, "约为7月的 10,000 倍") != NULL,
	   "September against June (p − 3), October against last October (p − 12), September "
	   "against July (p − 2)");
	import_report_free(&rep);
	store_close(h);

	/* findings of pass 2 (the slip, line 2) and of pass 1 (line 4) by line */
	struct store *s = two_firms();
	snprintf(csv, sizeof csv,
	         "%s%s,2025-10,10000000,50,100\n%s,2025-09,900,45,100\n%s,2025-09,abc,1,5\n"
	         "%s,2025-09,900,45,100\n",
	         HEAD, A, A, B, A);
	memset(&o, 0, sizeof o);
	is_int(import(s, csv, &o, &rep), APP_EINVAL, "errors of both passes");
	ok(rep.nerrors == 3 && rep.errors[0].line == 2 && rep.errors[1].line == 4 &&
	       rep.errors[2].line == 5,
	   "listed by line: slip (2), value (4), repeat (5)");
	ok(rep.nerrors == 3 && strcmp(rep.errors[0].code, "unit_slip.revenue_ytd") == 0 &&
	       strstr(rep.errors[1].msg, "不是有效的数值") != NULL &&
	       strstr(rep.errors[2].msg, "与第3行重复") != NULL &&
	       strcmp(rep.errors[2].code, MONTHLY_E_DUPLICATE) == 0,
	   "each with its message");
	import_report_free(&rep);

	/* unknown firm and a future period: refused while reading */
	char X[19];
	mk(77, "500112", X);
	snprintf(csv, sizeof csv, "%s%s,2025-09,1,1,1\n%s,2025-12,1,1,1\n", HEAD, X, A);
	memset(&o, 0, sizeof o);
	is_int(import(s, csv, &o, &rep), APP_EINVAL, "unknown firm, future period");
	ok(error_with(&rep, MONTHLY_E_UNKNOWN_FIRM) &&
	       error_with(&rep, MONTHLY_E_UNKNOWN_FIRM)->line == 2 &&
	       error_with(&rep, MONTHLY_E_FUTURE) && error_with(&rep, MONTHLY_E_FUTURE)->line == 3,
	   "both found at their lines");
	import_report_free(&rep);
	store_close(s);
}

/* More findings than MAX_IMPORT_ERRORS, arriving out of line order (pass 2
 * goes firm by firm): the ones kept are the first by line, in line order. */
static void many_errors(void)
{
	struct store *s = fresh();
	char f4[4][19];
	for (int f = 0; f < 4; f++) {
		mk(40 + f, "500112", f4[f]);
		firm(s, f4[f], "500112", "", "C3670");
	}
	size_t cap = 400000, n = 0;
	char *csv = malloc(cap);
	n += (size_t)snprintf(csv + n, cap - n, "%s", HEAD);
	long lines = 1;
	for (int y = 1991; y <= 2024; y++)
		for (int m = 2; m <= 12; m++)
			for (int f = 0; f < 4; f++) {
				/* every month ×10,000 or 1/10,000 of the last (a slip);
				 * a bad value every 7th row */
				bool bad = ++lines % 7 == 0;
				n += (size_t)snprintf(csv + n, cap - n, "%s,%04d-%02d,%s,1,10\n",
				                      f4[f], y, m,
				                      bad     ? "abc"
				                      : m % 2 ? "1000000"
				                              : "100");
			}
	struct import_report big, part;
	struct monitor_import_options o = {0};
	o.chunk_rows = 97;
	ok(import(s, csv, &o, &big) == APP_EINVAL, "%ld rows, many findings: refused", lines - 1);
	ok(big.error_count > MAX_IMPORT_ERRORS && big.nerrors == MAX_IMPORT_ERRORS,
	   "%ld errors, %zu kept", big.error_count, big.nerrors);
	bool sorted = true;
	for (size_t i = 1; i < big.nerrors; i++)
		sorted &= big.errors[i - 1].line <= big.errors[i].line;
	ok(sorted, "kept in line order");
	/* the same file cut after the last line kept: its first findings are
	 * the same (a row's months before it come before it in the file) */
	long last = big.errors[big.nerrors - 1].line;
	char *cut = csv;
	for (long l = 0; l < last && cut; l++) {
		cut = strchr(cut, '\n');
		cut = cut ? cut + 1 : NULL;
	}
	if (cut)
		*cut = '\0';
	memset(&o, 0, sizeof o);
	import(s, csv, &o, &part);
	bool same = part.nerrors >= big.nerrors;
	for (size_t i = 0; same && i < big.nerrors; i++)
		same = part.errors[i].line == big.errors[i].line &&
		       strcmp(part.errors[i].msg, big.errors[i].msg) == 0;
	ok(same, "they are the first %zu by line (checked against the file cut at line %ld)",
	   big.nerrors, last);
	import_report_free(&big);
	import_report_free(&part);
	free(csv);
	store_close(s);
}

/* ---- confirmations, corrections, dry runs ---- */

static int take_confirmed(void *ctx, const struct monthly_confirmed *c)
{
	struct monthly_confirmed *v = ctx;
	size_t i = 0;
	while (v[i].code[0])
		i++;
	if (i < 3)
		v[i] = *c;
	return 0;
}

static void confirm_and_correct(void)
{
	struct store *s = two_firms();
	char csv[1024];
	struct import_report rep;
	struct monitor_import_options o = {0};
	snprintf(csv, sizeof csv, "%s%s,2025-09,900,45,100\n%s,2025-10,10000000,50,100\n", HEAD, A,
	         A);

	o.dry_run = true;
	is_int(import(s, csv, &o, &rep), APP_EINVAL, "dry run: the warning still refuses");
	import_report_free(&rep);
	o.confirm_reason = "企业并购,已核实";
	is_int(import(s, csv, &o, &rep), APP_OK, "dry run with confirmation: passes");
	ok(!rep.committed && rep.created == 2,
	   "but commits nothing; it counts the 2 it would create");
	import_report_free(&rep);
	struct monthly_record got;
	is_int(store_monthly_get(s, A, P(2025, 9), &got, NULL), APP_ENOTFOUND, "nothing stored");

	o.dry_run = false;
	o.now = "2025-11-05 02:00:00";
	is_int(import(s, csv, &o, &rep), APP_OK, "confirmed: imported");
	ok(rep.committed && rep.created == 2 && rep.warning_count == 1 && rep.error_count == 0 &&
	       rep.nerrors == 1 && rep.errors[0].accepted && rep.errors[0].line == 3,
	   "2 created, the warning listed as accepted at line 3");
	import_report_free(&rep);
	struct monthly_confirmed c[3];
	memset(c, 0, sizeof c);
	store_monthly_confirmations(s, A, P(2025, 10), take_confirmed, c, NULL);
	ok(strcmp(c[0].code, "unit_slip.revenue_ytd") == 0 && c[0].version == 1 &&
	       strcmp(c[0].reason, "企业并购,已核实") == 0 && strcmp(c[0].by, "bulk") == 0 &&
	       strcmp(c[0].at, "2025-11-05 02:00:00") == 0 && !c[1].code[0],
	   "one confirmation, version 1, with reason, by and at");

	is_int(import(s, csv, &o, &rep), APP_OK, "the same file again");
	ok(rep.unchanged == 2 && rep.created == 0 && rep.warning_count == 0,
	   "2 unchanged, no warning");
	import_report_free(&rep);

	/* a correction back to 万元, then one that slips again */
	snprintf(csv, sizeof csv, "%s%s,2025-10,1000,50,100\n", HEAD, A);
	memset(&o, 0, sizeof o);
	is_int(import(s, csv, &o, &rep), APP_EINVAL, "different values without a reason");
	ok(error_with(&rep, MONTHLY_E_DUPLICATE) &&
	       error_with(&rep, MONTHLY_E_DUPLICATE)->line == 2 &&
	       strcmp(error_with(&rep, MONTHLY_E_DUPLICATE)->value, A) == 0,
	   "an error at the USCC of line 2");
	import_report_free(&rep);
	o.correction_reason = "按万元更正";
	is_int(import(s, csv, &o, &rep), APP_OK, "with a reason: corrected");
	ok(rep.updated == 1 && rep.warning_count == 0, "1 corrected, no warning");
	import_report_free(&rep);
	ok(store_monthly_get(s, A, P(2025, 10), &got, NULL) == APP_OK && got.version == 2 &&
	       got.r.m.v[MK_REVENUE_YTD] == W(1000) && strcmp(got.updated_by, "bulk") == 0,
	   "version 2");
	snprintf(csv, sizeof csv, "%s%s,2025-10,20000000,50,100\n", HEAD, A);
	o.confirm_reason = "并购";
	is_int(import(s, csv, &o, &rep), APP_OK, "a correction with a slip, confirmed");
	import_report_free(&rep);
	memset(c, 0, sizeof c);
	store_monthly_confirmations(s, A, P(2025, 10), take_confirmed, c, NULL);
	ok(c[1].version == 3 && strcmp(c[1].code, "unit_slip.revenue_ytd") == 0 &&
	       strcmp(c[1].reason, "并购") == 0,
	   "confirmed for version 3");
	store_close(s);
}

/* ---- the property ---- */

enum { NFIRM = 6, NPER = 27 };

static const char *const districts[NFIRM] = {"500112", "500106", "500103",
                                             "500112", "500106", "500103"};
static const char *const zones[NFIRM] = {"", "GXQ", "", "LJXQ", "", ""};
static const char *const industries[NFIRM] = {"C3670", "C3911", "I6510", "C3670", "C3411", "C3911"};

struct naive {
	struct monthly_agg v[4096];
	size_t n;
};

static struct monthly_agg *ncell(struct naive *nv, int p, enum monthly_dim d, const char *g)
{
	for (size_t i = 0; i < nv->n; i++)
		if (nv->v[i].period == p && nv->v[i].dim == d && strcmp(nv->v[i].grp, g) == 0)
			return &nv->v[i];
	struct monthly_agg *c = &nv->v[nv->n++];
	memset(c, 0, sizeof *c);
	c->period = p;
	c->dim = d;
	snprintf(c->grp, sizeof c->grp, "%s", g);
	return c;
}

struct reports {
	struct monthly_record v[NFIRM * NPER];
	size_t n;
};

static int take_report(void *ctx, const struct monthly_record *r)
{
	struct reports *a = ctx;
	if (a->n < NFIRM * NPER)
		a->v[a->n++] = *r;
	return 0;
}

static const struct monthly *find(const struct reports *a, const char *uscc, int p)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].r.m.period == p && strcmp(a->v[i].r.m.uscc, uscc) == 0)
			return &a->v[i].r.m;
	return NULL;
}

/* From the definitions (monthly_agg.h), January and February combined. */
static void recompute(const struct reports *a, struct naive *nv)
{
	nv->n = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct monthly_row *r = &a->v[i].r;
		const struct monthly *m = &r->m;
		const struct monthly *prev = find(a, m->uscc, m->period - 1);
		const struct monthly *ly = find(a, m->uscc, m->period - 12);
		int month = monthly_period_month(m->period);
		const char *grp[MDIM_COUNT] = {"", r->g.unit, r->g.industry, r->g.tier};
		for (int d = 0; d < MDIM_COUNT; d++) {
			struct monthly_agg *c = ncell(nv, m->period, (enum monthly_dim)d, grp[d]);
			c->filed++;
			c->pairs += ly != NULL;
			if ((m->has >> MK_PROFIT_YTD & 1) && m->v[MK_PROFIT_YTD] < 0) {
				c->loss++;
				c->loss_sum += m->v[MK_PROFIT_YTD];
			}
			for (int k = 0; k < MK_COUNT; k++) {
				if (!(m->has >> k & 1))
					continue;
				c->n[k]++;
				c->sum[k] += m->v[k];
				if (k != MK_EMPLOYEES &&
				    (month <= 2 || (prev && prev->has >> k & 1))) {
					c->sn[k]++;
					c->ssum[k] += month <= 2 ? m->v[k] : m->v[k] - prev->v[k];
				}
				if (ly && ly->has >> k & 1) {
					c->pn[k]++;
					c->pcur[k] += m->v[k];
					c->pprev[k] += ly->v[k];
				}
			}
		}
	}
}

struct compare {
	struct naive *nv;
	long cells, bad;
};

static int compare_cell(void *ctx, const struct monthly_agg *c)
{
	struct compare *cmp = ctx;
	cmp->cells++;
	if (!monthly_agg_equal(c, ncell(cmp->nv, c->period, c->dim, c->grp)))
		cmp->bad++;
	return 0;
}

static bool equals_naive(struct store *s, long *cells)
{
	static struct reports all;
	static struct naive nv;
	all.n = 0;
	store_monthly_list(s, NULL, take_report, &all, NULL);
	recompute(&all, &nv);
	size_t want = nv.n;
	struct compare cmp = {&nv, 0, 0};
	for (int d = 0; d < MDIM_COUNT; d++)
		store_monthly_agg_list(s, (enum monthly_dim)d, NULL, 0, 0, compare_cell, &cmp,
		                       NULL);
	*cells = cmp.cells;
	return cmp.bad == 0 && (size_t)cmp.cells == want && nv.n == want;
}

/* One random row of the file for (f, p): random values, or (same) the
 * stored ones. */
static size_t row_text(char *buf, size_t cap, const char *uscc, int p, const struct monthly *m)
{
	char per[8];
	monthly_period_format(p, per);
	size_t n = (size_t)snprintf(buf, cap, "%s,%s", uscc, per);
	for (int k = 0; k < MK_COUNT; k++) {
		char v[64] = "";
		if (monthly_has(m, k) && k == MK_EMPLOYEES)
			snprintf(v, sizeof v, "%lld", (long long)m->v[k]);
		else if (monthly_has(m, k))
			money_format_exact(m->v[k], MONEY_WANYUAN, v, sizeof v);
		n += (size_t)snprintf(buf + n, cap - n, ",%s", v);
	}
	n += (size_t)snprintf(buf + n, cap - n, "\n");
	return n;
}

static void random_values(struct rng *r, struct monthly *m)
{
	m->has = 0;
	for (int k = 0; k < MK_COUNT; k++)
		if (rng_below(r, 6)) {
			int64_t v = (int64_t)rng_below(r, 5000000000LL);
			if (k == MK_PROFIT_YTD)
				v -= 1000000000LL;
			if (k == MK_EMPLOYEES)
				v = (int64_t)rng_below(r, 500);
			monthly_set(m, k, v);
		}
	if (!m->has)
		monthly_set(m, MK_EMPLOYEES, 7);
}

struct pick {
	int f, p;
};

static void property(void)
{
	struct rng r;
	rng_seed(&r, 20251128);
	struct store *s = fresh();
	char firms[NFIRM][19];
	for (int f = 0; f < NFIRM; f++) {
		mk(300 + f, "500112", firms[f]);
		firm(s, firms[f], districts[f], zones[f], industries[f]);
	}
	int base = P(2023, 11);
	static struct reports stored;
	size_t cap = 64 * 1024;
	char *csv = malloc(cap);
	long created = 0, corrected = 0, same = 0, failed = 0, rounds = 0, dry = 0;
	bool counts_ok = true, rollback_ok = true;
	for (int round = 0; round < 12; round++) {
		stored.n = 0;
		store_monthly_list(s, NULL, take_report, &stored, NULL);
		struct cells before = all_cells(s);
		/* the rows: distinct (firm, period), January left out (1—2月) */
		struct pick pick[NFIRM * NPER];
		size_t n = 0;
		for (int f = 0; f < NFIRM; f++)
			for (int i = 0; i < NPER; i++)
				if (monthly_period_month(base + i) != 1 && rng_below(&r, 3) == 0)
					pick[n++] = (struct pick){f, base + i};
		for (size_t i = n; i > 1; i--) { /* any order */
			size_t j = (size_t)rng_below(&r, i);
			struct pick t = pick[i - 1];
			pick[i - 1] = pick[j];
			pick[j] = t;
		}
		bool fail = round % 4 == 3; /* corrections without a reason: refused */
		long want_new = 0, want_corr = 0, want_same = 0;
		size_t len = (size_t)snprintf(csv, cap,
		                              "uscc,period,revenue_ytd,output_ytd,profit_ytd,"
		                              "tax_ytd,rd_expense_ytd,export_ytd,employees\n");
		for (size_t i = 0; i < n; i++) {
			const struct monthly *old = find(&stored, firms[pick[i].f], pick[i].p);
			struct monthly m;
			memset(&m, 0, sizeof m);
			if (old && rng_below(&r, 4) == 0)
				m = *old;
			else
				random_values(&r, &m);
			want_new += !old;
			want_same += old && monthly_same_values(old, &m);
			want_corr += old && !monthly_same_values(old, &m);
			len += row_text(csv + len, cap - len, firms[pick[i].f], pick[i].p, &m);
		}
		struct monitor_import_options o = {0};
		/* small chunks, or whole (written PUT_BATCH rows to a statement) */
		o.chunk_rows = round % 2 ? 1 + (size_t)rng_below(&r, 9) : 0;
		/* new rows kept for pass 2: all, or few (the others read back) */
		o.held_rows = round % 3 == 1 ? 1 + (size_t)rng_below(&r, 12) : 0;
		o.confirm_reason = "随机数据,已核实";
		o.correction_reason = fail ? NULL : "随机更正";
		o.dry_run = round % 5 == 4;
		o.today = date_days(2026, 6, 1);
		struct import_report rep;
		enum app_status st = import(s, csv, &o, &rep);
		rounds++;
		if (fail && want_corr) {
			failed++;
			counts_ok &= st == APP_EINVAL && !rep.committed;
		} else if (o.dry_run) {
			dry++;
			counts_ok &= st == APP_OK && !rep.committed;
		} else {
			counts_ok &= st == APP_OK && rep.created == want_new &&
			             rep.updated == want_corr && rep.unchanged == want_same;
			created += rep.created;
			corrected += rep.updated;
			same += rep.unchanged;
		}
		if (!rep.committed) {
			struct cells after = all_cells(s);
			rollback_ok &= same_cells(&before, &after);
			free(after.v);
		}
		import_report_free(&rep);
		free(before.v);
	}
	ok(counts_ok,
	   "%ld imports (%ld dry runs, %ld refused): created, corrected and unchanged "
	   "as expected",
	   rounds, dry, failed);
	ok(rollback_ok, "refused imports and dry runs leave the aggregates as they were");
	long cells = 0;
	bool equal = equals_naive(s, &cells);
	ok(equal && cells > 50 && created > 100 && corrected > 20 && same > 5,
	   "after %ld new, %ld corrected, %ld unchanged rows the %ld stored cells equal the naive "
	   "recomputation",
	   created, corrected, same, cells);
	store_monthly_agg_rebuild(s, &cfg.rules.cal, NULL);
	equal = equals_naive(s, &cells);
	ok(equal && cells > 50, "and so does the rebuild (%ld cells)", cells);
	free(csv);
	store_close(s);
}

/* Counts a window's reports and checks they come in period order with the
 * value put_many_order gave them. */
struct counted {
	size_t n;
	int last;
	bool ok;
};

static int count_window(void *ctx, const struct monthly_row *r, int version)
{
	struct counted *c = ctx;
	c->ok = c->ok && r->m.period > c->last && version == 1 &&
	        r->m.v[MK_REVENUE_YTD] == W(r->m.period % 1000);
	c->last = r->m.period;
	c->n++;
	return 0;
}

/* store_monthly_any, and put_many with rows in no useful order: two firms
 * interleaved, each firm's 70 periods backwards (a firm's rows out of
 * period order beyond the short runs) and then a few forwards again. */
static void put_many_order(void)
{
	struct store *s = two_firms();
	struct app_err e = {0};
	struct monthly_groups ga = {"500112", "C36", "none"};
	bool any = true;
	store_begin(s, NULL);
	is_int(store_monthly_any(s, &any, &e), APP_OK, "any: asked");
	ok(!any, "any: none stored in a new database");
	enum { N = 70 };
	struct store_monthly_put rows[2 * N + 4];
	size_t n = 0;
	int p0 = P(2019, 1);
	for (int i = N - 1; i >= 0; i--) { /* backwards, A and B interleaved */
		rows[n++] = put(i % 2 ? A : B, p0 + i, (p0 + i) % 1000, &ga);
		rows[n++] = put(i % 2 ? B : A, p0 + i, (p0 + i) % 1000, &ga);
	}
	for (int i = 0; i < 2; i++) { /* then forwards, after the others */
		rows[n++] = put(A, p0 + N + i, (p0 + N + i) % 1000, &ga);
		rows[n++] = put(B, p0 + N + i, (p0 + N + i) % 1000, &ga);
	}
	is_int(store_monthly_put_many(s, rows, n, "", "bulk", &e), APP_OK,
	       "put_many: 144 rows of two firms out of order");
	bool none = true;
	for (size_t i = 0; i < n; i++)
		none = none && !rows[i].exists;
	ok(none, "none marked exists");
	struct counted ca = {0, 0, true}, cb = {0, 0, true};
	store_monthly_window(s, A, 0, 0, 0, count_window, &ca, &e);
	store_monthly_window(s, B, 0, 0, 0, count_window, &cb, &e);
	ok(ca.n == N + 2 && ca.ok && cb.n == N + 2 && cb.ok,
	   "each firm's 72 reports stored once, each with its own value");
	is_int(store_monthly_any(s, &any, &e), APP_OK, "any: asked again");
	ok(any, "any: now some are stored");
	is_int(store_monthly_put_many(s, rows, n, "", "bulk", &e), APP_OK, "put_many again");
	bool all = true;
	for (size_t i = 0; i < n; i++)
		all = all && rows[i].exists;
	ok(all, "again: every row marked exists");
	store_rollback(s, NULL);
	store_close(s);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	monitor_settings_default(&cfg);
	mk(1, "500112", A);
	mk(2, "500106", B);
	store_bulk();
	put_many_order();
	order_and_lines();
	many_errors();
	confirm_and_correct();
	property();
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		diag("cleanup failed");
	return test_done();
}
