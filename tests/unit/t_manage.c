/* t_manage.c - dynamic management and targets: month arithmetic, the
 * re-review list on both sides of its horizon, exits and the 3-year bar,
 * the re-evaluation's size and data rules, target counting (ladder and
 * tier-only, at the deadline and today) on a hand-made pool, and the
 * shipped targets against the demo pool checked with an independent fold of
 * every firm's tier history, and the firms within reach (evaluated in batch)
 * against assess_firm run on each firm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/assess.h"
#include "app/demo.h"
#include "app/manage.h"
#include "app/targets.h"
#include "core/flow.h"
#include "core/sizeclass.h"
#include "core/uscc.h"
#include "store/store_workflow.h"
#include "test.h"

static struct store *S;
static struct wf_env ENV = {"2026-11-28", "/tmp", true, 1};
static const struct wf_actor CITY = {"city1", ROLE_CITY, NULL, NULL, ""};
static const struct wf_actor VIEWER = {"leader", ROLE_VIEWER, NULL, NULL, ""};
static const struct wf_actor DIST = {"dist", ROLE_DISTRICT, "500112", NULL, ""};
static const struct wf_actor ENT = {"ent", ROLE_ENTERPRISE, NULL, "x", ""};
static char F[12][19];

static void code(int n, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91500112%08d0", n);
	uscc_make(body, false, out);
}

static void firm(int i, const char *district, long employees, long revenue_wan)
{
	struct enterprise e = {0};
	code(i + 100, F[i]);
	memcpy(e.uscc, F[i], 19);
	snprintf(e.name, sizeof e.name, "重庆测试%02d有限公司", i);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.industry, sizeof e.industry, "C3562");
	store_enterprise_put(S, &e, NULL, NULL);
	if (employees < 0)
		return; /* no figures */
	struct annual a = {0};
	memcpy(a.uscc, F[i], 19);
	a.year = 2025;
	annual_set(&a, AK_EMPLOYEES, employees);
	annual_set(&a, AK_REVENUE, revenue_wan * 1000000LL);
	annual_set(&a, AK_TOTAL_ASSETS, revenue_wan * 1000000LL);
	store_annual_put(S, &a, ((uint64_t)1 << ANNUAL_KEY_COUNT) - 1, NULL);
}

static void ev(int i, enum tier t, enum tier_status st, const char *since, const char *until)
{
	struct tier_event x = {0};
	memcpy(x.uscc, F[i], 19);
	x.tier = t;
	x.status = st;
	snprintf(x.since, sizeof x.since, "%s", since);
	snprintf(x.until, sizeof x.until, "%s", until);
	struct app_err e = {0};
	if (store_tier_add(S, &x, &e) != APP_OK)
		diag("event: %s", e.msg);
}

static void test_months(void)
{
	static const struct {
		const char *in;
		int m;
		const char *want;
	} cases[] = {
	    {"2026-08-31", 6, "2027-02-28"},  {"2027-08-31", 6, "2028-02-29"},
	    {"2026-11-28", 12, "2027-11-28"}, {"2026-01-31", 1, "2026-02-28"},
	    {"2026-12-15", 1, "2027-01-15"},  {"2026-11-28", 0, "2026-11-28"},
	    {"2026-03-31", -1, "2026-02-28"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[11];
		manage_add_months(cases[i].in, cases[i].m, out);
		ok(strcmp(out, cases[i].want) == 0, "%s + %d months = %s (got %s)", cases[i].in,
		   cases[i].m, cases[i].want, out);
	}
	char out[11];
	manage_add_months("2026-02-30", 1, out);
	is_str(out, "", "bad date gives \"\"");
}

struct due_list {
	char codes[16][19];
	long days[16];
	int n;
};

static int collect_due(void *ctx, const struct manage_due *d)
{
	struct due_list *l = ctx;
	if (l->n < 16) {
		memcpy(l->codes[l->n], d->h.uscc, 19);
		l->days[l->n++] = d->days_left;
	}
	return 0;
}

static bool due_has(const struct due_list *l, int i)
{
	for (int k = 0; k < l->n; k++)
		if (strcmp(l->codes[k], F[i]) == 0)
			return true;
	return false;
}

static void test_rereview(void)
{
	/* today 2026-11-28; 6 months ahead is 2027-05-28 */
	struct due_list l = {0};
	long n = 0;
	struct app_err e = {0};
	is_int(manage_rereview(S, &ENV, &CITY, 6, TIER_SRDI, collect_due, &l, &n, &e), APP_OK,
	       "re-review list");
	ok(due_has(&l, 0), "ends on the horizon 2027-05-28: listed");
	ok(!due_has(&l, 1), "ends the day after the horizon: not listed");
	ok(due_has(&l, 2), "ends today: listed");
	ok(!due_has(&l, 3), "ended yesterday: no longer held, not listed");
	is_int(n, 2, "two due");
	ok(l.n == 2 && l.days[0] == 0 && l.days[1] == 181, "soonest first, days left 0 and 181");
	is_int(manage_rereview(S, &ENV, &CITY, 61, TIER_SRDI, collect_due, &l, &n, &e), APP_EINVAL,
	       "61 months refused");
	is_int(manage_rereview(S, &ENV, &ENT, 6, TIER_SRDI, collect_due, &l, &n, &e), APP_EPERM,
	       "enterprise cannot list");
	struct due_list d = {0};
	manage_rereview(S, &ENV, &DIST, 6, TIER_SRDI, collect_due, &d, &n, &e);
	is_int(d.n, 1, "the district sees only its firm (500112)");
}

static void test_exit(void)
{
	struct app_err e = {0};
	struct flow_exit_decision x;
	is_int(manage_exit(S, &ENV, &DIST, F[4], TIER_SRDI, FX_FRAUD, "造假", NULL, NULL, &x, &e),
	       APP_EPERM, "district cannot decide exits");
	is_int(manage_exit(S, &ENV, &CITY, F[4], TIER_SRDI, FX_FRAUD, "  ", NULL, NULL, &x, &e),
	       APP_EINVAL, "detail required");
	is_int(manage_exit(S, &ENV, &CITY, F[4], TIER_SRDI, FX_NONE, "x", NULL, NULL, &x, &e),
	       APP_EINVAL, "reason required");
	is_int(manage_exit(S, &ENV, &CITY, F[4], TIER_SRDI, FX_FRAUD, "研发费用虚报",
	                   "渝经信〔2025〕1号", "2025-03-01", &x, &e),
	       APP_OK, "fraud exit on 2025-03-01");
	is_str(x.bar_until, "2028-02-29", "barred until 2028-02-29 (3 years - 1 day)");
	is_int(manage_exit(S, &ENV, &CITY, F[4], TIER_SRDI, FX_FRAUD, "again", NULL, "2025-04-01",
	                   &x, &e),
	       APP_ECONFLICT, "a revoked firm cannot exit again");
	char until[11], why[256];
	wf_barred(S, F[4], "2028-02-29", until, why, sizeof why, &e);
	is_str(until, "2028-02-29", "barred on the last day");
	wf_barred(S, F[4], "2028-03-01", until, why, sizeof why, &e);
	is_str(until, "", "free the day after");
	is_int(manage_exit(S, &ENV, &CITY, F[5], TIER_SRDI, FX_CRITERIA, "连续两年营收下降", NULL,
	                   "2026-01-10", &x, &e),
	       APP_OK, "criteria exit");
	is_str(x.bar_until, "", "no bar for criteria");
	wf_barred(S, F[5], "2026-01-11", until, why, sizeof why, &e);
	is_str(until, "", "not barred");
	struct enterprise ent;
	store_enterprise_get(S, F[5], &ent, &e);
	is_int(ent.tier, TIER_NONE, "the firm holds no tier after exit");
}

struct props {
	enum flow_proposal p[12];
	bool over[12];
	int n;
};

static int collect_prop(void *ctx, const struct manage_proposal *p)
{
	struct props *l = ctx;
	for (int i = 0; i < 12; i++)
		if (strcmp(p->h.uscc, F[i]) == 0) {
			l->p[i] = p->proposal;
			l->over[i] = p->oversize;
		}
	l->n++;
	return 0;
}

static void test_reevaluate(void)
{
	struct props l = {0};
	struct manage_reeval_stats st;
	struct app_err e = {0};
	is_int(manage_reevaluate(S, &ENV, &VIEWER, TIER_SRDI, true, collect_prop, &l, &st, &e),
	       APP_EPERM, "viewer cannot record");
	is_int(manage_reevaluate(S, &ENV, &CITY, TIER_SRDI, true, collect_prop, &l, &st, &e),
	       APP_OK, "city records a run");
	ok(l.over[6] && l.p[6] == FP_EXIT,
	   "1200 staff and 5亿 revenue (工业: large) → exit, oversize");
	if (assess_available())
		ok(!l.over[7] && l.p[7] != FP_UNKNOWN, "999 staff → not large; the engine decides");
	else
		ok(!l.over[7] && l.p[7] == FP_UNKNOWN,
		   "999 staff → not large; no engine → unknown");
	is_int(l.p[8], FP_WARN, "no figures → warn");
	is_int(st.oversize, 1, "one oversize");
	ok(st.engine == assess_available(), "the engine ran iff it is in the build");
	is_int(manage_reevaluate(S, &ENV, &CITY, TIER_CHAMPION, false, collect_prop, &l, &st, &e),
	       APP_EINVAL, "champion has no criteria");
}

struct rows {
	struct targets_row r[64];
	int n;
};

static int collect_row(void *ctx, const struct targets_row *r)
{
	struct rows *l = ctx;
	if (l->n < 64)
		l->r[l->n++] = *r;
	return 0;
}

static const struct targets_row *find_row(const struct rows *l, const char *set, enum tier t,
                                          const char *unit)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->r[i].t.set, set) == 0 && l->r[i].t.tier == t &&
		    strcmp(l->r[i].t.unit, unit) == 0)
			return &l->r[i];
	return NULL;
}

static void test_targets(void)
{
	struct app_err e = {0};
	int n = 0;
	is_int(targets_install(S, &VIEWER, &n, &e), APP_EPERM, "viewer cannot install");
	is_int(targets_install(S, &CITY, &n, &e), APP_OK, "install");
	is_int(n, 6, "six shipped targets");
	is_int(targets_install(S, &CITY, &n, &e), APP_OK, "install again is idempotent");
	/* a tier-only set and a district target */
	struct flow_target_set only = {"t-only", "仅本梯度", "test", false};
	targets_set_put(S, &CITY, &only, &e);
	struct flow_target t1 = {"t-only", TIER_SRDI, 2027, "", 10};
	struct flow_target t2 = {"t-only", TIER_SRDI, 2027, "500112", 4};
	struct flow_target t3 = {"t-only", TIER_SRDI, 2027, "500103", 4};
	targets_put(S, &CITY, &t1, &e);
	targets_put(S, &CITY, &t2, &e);
	targets_put(S, &CITY, &t3, &e);
	struct flow_target bad = {"t-only", TIER_SRDI, 2027, "", -1};
	is_int(targets_put(S, &CITY, &bad, &e), APP_EINVAL, "negative target refused");

	/* counting on the hand-made pool (see main): at 2025-12-31 the SRDI
	 * holders are F0, F1, F2, F3, F5 (its exit is in 2026), F6, F7, F8 (F4 was
	 * revoked in 2025); the ladder adds F9, a little giant */
	long c = 0;
	targets_count(S, TIER_SRDI, true, "2025-12-31", NULL, &c, &e);
	is_int(c, 9, "ladder count at 2025-12-31: 8 SRDI + 1 little giant");
	targets_count(S, TIER_SRDI, false, "2025-12-31", NULL, &c, &e);
	is_int(c, 8, "tier-only count: 8");
	targets_count(S, TIER_SRDI, true, "2025-12-31", "500103", &c, &e);
	is_int(c, 1, "in 500103: one firm");
	struct rows l = {0};
	is_int(targets_progress(S, &ENV, &CITY, NULL, collect_row, &l, &e), APP_OK, "progress");
	const struct targets_row *r = find_row(&l, "cq-2020-notice", TIER_SRDI, "");
	ok(r && r->past && strcmp(r->measured_on, "2025-12-31") == 0 && r->held == 9 &&
	       r->gap == 1600 - 9,
	   "2025 target measured at its deadline: 9, gap 1591");
	/* today 2026-11-28: F2 ends today (held), F3 ended yesterday, F4, F5 out */
	ok(r && r->held_now == 7, "held today: 6 SRDI + 1 little giant (got %ld)",
	   r ? r->held_now : -1);
	r = find_row(&l, "t-only", TIER_SRDI, "");
	ok(r && !r->past && r->held == 6 && r->gap == 4,
	   "future target measured today, tier-only: 6, gap 4 (got %ld)", r ? r->held : -1);
	ok(r && r->expiring == 3,
	   "ending before 2027-12-31 without re-review: F0, F1, F2 (got %ld)",
	   r ? r->expiring : -1);
	ok(r && r->projected == 3, "projected 6 - 3 + 0 in flight = 3 (got %ld)",
	   r ? r->projected : -1);
	if (assess_available())
		ok(r && r->within_reach >= 0, "within reach counted by the criteria engine");
	else
		ok(r && r->within_reach == -1, "within reach unavailable until F2");
	struct rows dl = {0};
	targets_progress(S, &ENV, &DIST, "t-only", collect_row, &dl, &e);
	ok(dl.n == 2 && find_row(&dl, "t-only", TIER_SRDI, "500112") &&
	       !find_row(&dl, "t-only", TIER_SRDI, "500103"),
	   "the district sees its own target and the city's, not another district's");
	long counts[4];
	is_int(targets_trajectory(S, &ENV, &CITY, TIER_SRDI, false, NULL, 2023, 2026, counts, &e),
	       APP_OK, "trajectory");
	ok(counts[0] == 2 && counts[1] == 5 && counts[2] == 8 && counts[3] == 6,
	   "SRDI at year ends 2023..2025 and today: 2, 5, 8, 6 (got %ld %ld %ld %ld)", counts[0],
	   counts[1], counts[2], counts[3]);
}

/* ---- the demo pool ---- */

struct fold {
	const char *date;
	enum tier_status last[TIER_COUNT];
	char until[TIER_COUNT][11];
};

static int fold_event(void *ctx, const struct tier_event *ev)
{
	struct fold *f = ctx;
	if (strcmp(ev->since, f->date) <= 0) {
		f->last[ev->tier] = ev->status;
		memcpy(f->until[ev->tier], ev->until, 11);
	}
	return 0;
}

struct oracle {
	struct store *s;
	const char *date;
	long ladder[TIER_COUNT];
};

/* For each firm, fold its history by hand (events come oldest first) and
 * count the highest tier it holds on the date. */
static int oracle_firm(void *ctx, const struct enterprise *ent)
{
	struct oracle *o = ctx;
	struct fold f = {o->date, {0}, {{0}}};
	store_tier_history(o->s, ent->uscc, fold_event, &f, NULL);
	for (int t = TIER_COUNT - 1; t > TIER_NONE; t--)
		if (tier_status_holds(f.last[t]) &&
		    (!f.until[t][0] || strcmp(f.until[t], o->date) >= 0)) {
			for (int k = TIER_CANDIDATE; k <= t; k++)
				o->ladder[k]++;
			break;
		}
	return 0;
}

/* Firms within reach of SRDI today, one firm at a time: not holding SRDI
 * or higher (the fold), no open SRDI application, and assess_firm passes
 * them on their latest year with figures, sized by their latest row. */
struct reach_oracle {
	struct store *s;
	const char *today;
	long n;
	char (*applying)[19];
	size_t napplying, cap;
};

static int reach_app(void *ctx, const struct flow_app *a)
{
	struct reach_oracle *o = ctx;
	if (a->tier == TIER_SRDI && !flow_state_terminal(a->state)) {
		if (o->napplying == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 64;
			o->applying = realloc(o->applying, o->cap * sizeof *o->applying);
		}
		memcpy(o->applying[o->napplying++], a->uscc, 19);
	}
	return 0;
}

struct firm_rows {
	struct annual a[8];
	size_t n;
};

static int keep_row(void *ctx, const struct annual *a)
{
	struct firm_rows *r = ctx;
	if (r->n == 8) {
		memmove(r->a, r->a + 1, 7 * sizeof r->a[0]);
		r->n--;
	}
	r->a[r->n++] = *a;
	return 0;
}

static int reach_firm(void *ctx, const struct enterprise *ent)
{
	struct reach_oracle *o = ctx;
	struct fold f = {o->today, {0}, {{0}}};
	store_tier_history(o->s, ent->uscc, fold_event, &f, NULL);
	for (int t = TIER_SRDI; t < TIER_COUNT; t++)
		if (tier_status_holds(f.last[t]) &&
		    (!f.until[t][0] || strcmp(f.until[t], o->today) >= 0))
			return 0;
	for (size_t i = 0; i < o->napplying; i++)
		if (strcmp(o->applying[i], ent->uscc) == 0)
			return 0;
	struct firm_rows r = {0};
	struct store_filter only = {.uscc = ent->uscc};
	store_annual_list(o->s, &only, 0, keep_row, &r, NULL);
	int year = 0;
	for (size_t i = 0; i < r.n; i++)
		if (r.a[i].has && r.a[i].year > year)
			year = r.a[i].year;
	if (!year)
		return 0;
	const struct annual *last = &r.a[r.n - 1];
	struct size_input in = {annual_has(last, AK_EMPLOYEES),    last->v[AK_EMPLOYEES],
	                        annual_has(last, AK_REVENUE),      last->v[AK_REVENUE],
	                        annual_has(last, AK_TOTAL_ASSETS), last->v[AK_TOTAL_ASSETS]};
	struct size_result sr = {0};
	if (sizeclass_classify(ent->industry, &in, NULL, &sr, NULL) != APP_OK)
		sr.cls = SIZE_UNKNOWN;
	struct assess_result as = {0};
	if (assess_firm(flow_criteria_for(TIER_SRDI, o->today), ent, r.a, r.n, year, sr.cls, false,
	                &as, NULL) == APP_OK &&
	    as.available && strcmp(as.verdict, "pass") == 0)
		o->n++;
	assess_result_free(&as);
	return 0;
}

static void test_demo_pool(void)
{
	char path[] = "/tmp/zjtx-t-manage-demo-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	char files[64];
	snprintf(files, sizeof files, "%s.files", path);
	struct store *s = NULL;
	struct app_err e = {0};
	store_open(path, 0, &s, &e);
	struct demo_options o;
	demo_defaults(&o);
	o.enterprises = 1500;
	o.files_dir = files;
	struct demo_stats st;
	is_int(demo_build(s, &o, &st, &e), APP_OK, "demo with 1500 firms");
	if (e.msg[0])
		diag("%s", e.msg);
	for (int k = FS_DRAFT; k < FS_COUNT; k++)
		ok(st.flow.by_state[k] > 0, "demo has applications in state %s (%ld)",
		   flow_state_key((enum flow_state)k), st.flow.by_state[k]);
	struct oracle orc = {s, "2025-12-31", {0}};
	store_enterprise_list(s, NULL, oracle_firm, &orc, NULL, &e);
	struct rows l = {0};
	struct wf_env env = {"2026-11-28", files, true, 1};
	targets_progress(s, &env, &CITY, "cq-2020-notice", collect_row, &l, &e);
	static const enum tier tiers[] = {TIER_SRDI, TIER_LITTLE_GIANT, TIER_CHAMPION};
	static const long want[] = {1600, 150, 60};
	for (int i = 0; i < 3; i++) {
		const struct targets_row *r = find_row(&l, "cq-2020-notice", tiers[i], "");
		ok(r && r->t.target == want[i] && r->held == orc.ladder[tiers[i]] &&
		       r->gap == want[i] - orc.ladder[tiers[i]],
		   "%s: target %ld, held %ld = the hand fold's %ld", tier_short(tiers[i]), want[i],
		   r ? r->held : -1, orc.ladder[tiers[i]]);
	}
	struct oracle now = {s, "2026-11-28", {0}};
	store_enterprise_list(s, NULL, oracle_firm, &now, NULL, &e);
	const struct targets_row *r = find_row(&l, "cq-2020-notice", TIER_SRDI, "");
	ok(r && r->held_now == now.ladder[TIER_SRDI], "SRDI today %ld = the fold's %ld",
	   r ? r->held_now : -1, now.ladder[TIER_SRDI]);
	struct rows l2 = {0};
	targets_progress(s, &env, &CITY, "cq-2022-plan", collect_row, &l2, &e);
	r = find_row(&l2, "cq-2022-plan", TIER_INNOVATIVE, "");
	ok(r && r->t.target == 25000 && r->held == orc.ladder[TIER_INNOVATIVE],
	   "2022 plan: 25000 innovative, held %ld", r ? r->held : -1);
	if (assess_available()) {
		struct flow_target_set fut = {"t-reach", "未来目标", "test", true};
		struct flow_target ft = {"t-reach", TIER_SRDI, 2027, "", 100};
		targets_set_put(s, &CITY, &fut, &e);
		targets_put(s, &CITY, &ft, &e);
		struct rows l3 = {0};
		targets_progress(s, &env, &CITY, "t-reach", collect_row, &l3, &e);
		struct reach_oracle ro = {s, env.today, 0, NULL, 0, 0};
		store_app_list(s, NULL, reach_app, &ro, NULL, &e);
		store_enterprise_list(s, NULL, reach_firm, &ro, NULL, &e);
		r = find_row(&l3, "t-reach", TIER_SRDI, "");
		ok(r && ro.n > 0 && r->within_reach == ro.n,
		   "SRDI within reach today: %ld in batch = %ld by assess_firm one firm at a time",
		   r ? r->within_reach : -1, ro.n);
		free(ro.applying);
	}
	store_close(s);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s-wal' '%s-shm'", files, path, path, path);
	if (system(cmd) != 0)
		diag("cleanup");
}

int main(void)
{
	char path[] = "/tmp/zjtx-t-manage-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	struct app_err e = {0};
	if (store_open(path, 0, &S, &e) != APP_OK)
		return 1;
	firm(0, "500112", 100, 5000);   /* SRDI 2024-05-29 .. 2027-05-28 */
	firm(1, "500112", 100, 5000);   /* SRDI until 2027-05-29 */
	firm(2, "500103", 100, 5000);   /* SRDI until today */
	firm(3, "500104", 100, 5000);   /* SRDI until yesterday */
	firm(4, "500104", 100, 5000);   /* SRDI from 2024-12-01, revoked for fraud in test_exit */
	firm(5, "500104", 100, 5000);   /* exits for criteria in test_exit */
	firm(6, "500105", 1200, 50000); /* large */
	firm(7, "500105", 999, 50000);  /* medium */
	firm(8, "500105", -1, 0);       /* no figures */
	firm(9, "500105", 100, 5000);   /* little giant */
	ev(0, TIER_SRDI, TS_RECOGNIZED, "2024-05-29", "2027-05-28");
	ev(1, TIER_SRDI, TS_RECOGNIZED, "2024-05-30", "2027-05-29");
	ev(2, TIER_SRDI, TS_RECOGNIZED, "2023-11-29", "2026-11-28");
	ev(3, TIER_SRDI, TS_RECOGNIZED, "2023-11-28", "2026-11-27");
	ev(4, TIER_SRDI, TS_RECOGNIZED, "2024-12-01", "2027-11-30");
	ev(5, TIER_SRDI, TS_RECOGNIZED, "2025-01-01", "2027-12-31");
	ev(6, TIER_SRDI, TS_RECOGNIZED, "2025-06-01", "2028-05-31");
	ev(7, TIER_SRDI, TS_RECOGNIZED, "2025-06-01", "2028-05-31");
	ev(8, TIER_SRDI, TS_RECOGNIZED, "2025-06-01", "2028-05-31");
	ev(9, TIER_LITTLE_GIANT, TS_RECOGNIZED, "2025-07-01", "2028-06-30");
	test_months();
	test_rereview();
	test_exit();
	test_reevaluate();
	test_targets();
	store_close(S);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	if (system(cmd) != 0)
		diag("cleanup");
	test_demo_pool();
	return test_done();
}
