/* t_workflow.c - the workflow service end to end: a batch with one user per
 * role from application to recognition; every (state, role, target) cell
 * of the machine generated from flow_transitions[] and checked against the
 * service; scope, blind review, expert conflicts, attachments, deadlines,
 * the 3-year bar, validity dates, and the audit chain afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/assess.h"
#include "app/audit.h"
#include "app/filestore.h"
#include "app/manage.h"
#include "app/workflow.h"
#include "app/workflow_export.h"
#include "base/buf.h"
#include "base/mem.h"
#include "core/uscc.h"
#include "store/store_manage.h"
#include "test.h"

static struct store *S;
static char files_dir[64];
static struct wf_env ENV = {"2026-11-30", NULL, true, 42};

enum { NFIRMS = 400 };
static char codes[NFIRMS][19];
static int next_firm;
static long batch_id;

static const struct wf_actor CITY = {"city1", ROLE_CITY, NULL, NULL, ""};
static const struct wf_actor DIST = {"dist-yb", ROLE_DISTRICT, "500112", NULL, ""};
static const struct wf_actor DIST_GXQ = {"dist-gxq", ROLE_DISTRICT, "GXQ", NULL, ""};
static const struct wf_actor VIEWER = {"leader", ROLE_VIEWER, NULL, NULL, ""};
static const struct wf_actor ADMIN = {"admin", ROLE_ADMIN, NULL, NULL, ""};
static const struct wf_actor SECURITY = {"sec", ROLE_SECURITY, NULL, NULL, ""};
static const struct wf_actor AUDITOR = {"aud", ROLE_AUDITOR, NULL, NULL, ""};

static struct wf_actor ent(int i)
{
	return (struct wf_actor){"ent-user", ROLE_ENTERPRISE, NULL, codes[i], ""};
}

static struct wf_actor expert(const char *name)
{
	return (struct wf_actor){name, ROLE_EXPERT, NULL, NULL, ""};
}

static void code(int n, char out[19])
{
	char body[18];
	snprintf(body, sizeof body, "91500112%08d0", n);
	uscc_make(body, false, out);
}

static void add_firm(int i, const char *district, const char *zone)
{
	struct enterprise e = {0};
	code(i + 1, codes[i]);
	memcpy(e.uscc, codes[i], 19);
	snprintf(e.name, sizeof e.name, "重庆测试第%d精密机械有限公司", i);
	snprintf(e.district, sizeof e.district, "%s", district);
	snprintf(e.zone, sizeof e.zone, "%s", zone);
	snprintf(e.industry, sizeof e.industry, "C3562");
	struct app_err err = {0};
	if (store_enterprise_put(S, &e, NULL, &err) != APP_OK)
		diag("firm: %s", err.msg);
	struct annual a = {0};
	memcpy(a.uscc, codes[i], 19);
	a.year = 2025;
	annual_set(&a, AK_REVENUE, 123456789);
	annual_set(&a, AK_EMPLOYEES, 120);
	store_annual_put(S, &a, ((uint64_t)1 << ANNUAL_KEY_COUNT) - 1, &err);
}

static void add_expert(const char *user, const char *unit, const char *employer)
{
	struct flow_expert x = {0};
	snprintf(x.username, sizeof x.username, "%s", user);
	snprintf(x.name, sizeof x.name, "专家%s", user);
	snprintf(x.field, sizeof x.field, "智能制造");
	snprintf(x.unit, sizeof x.unit, "%s", unit);
	snprintf(x.employer, sizeof x.employer, "%s", employer);
	x.active = true;
	struct app_err e = {0};
	if (wf_expert_put(S, &CITY, &x, &e) != APP_OK)
		diag("expert: %s", e.msg);
}

static const char PDF[] = "%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n";

/* Prepares documents so that submit's guard passes. */
static void docs(long id, const struct wf_actor *who)
{
	struct app_err e = {0};
	if (wf_declare(S, &ENV, who, id, "decl_truth", &e) != APP_OK ||
	    wf_declare(S, &ENV, who, id, "decl_compliance", &e) != APP_OK ||
	    wf_attach(S, &ENV, who, id, "application_form", "申报书.pdf", PDF, sizeof PDF - 1, NULL,
	              &e) != APP_OK ||
	    wf_attach(S, &ENV, who, id, "financial_audit", "审计报告.pdf", PDF, sizeof PDF - 1,
	              NULL, &e) != APP_OK)
		diag("docs: %s", e.msg);
}

static enum app_status step(const struct wf_actor *who, long id, enum flow_state to,
                            const char *comment, struct app_err *e)
{
	struct wf_step st = {to, comment, NULL, NULL};
	return wf_transition(S, &ENV, who, id, &st, NULL, e);
}

struct assigned {
	char users[MAX_EXPERTS_PER_APP][64];
	int n;
};

static int collect_assigned(void *ctx, const struct flow_review *r)
{
	struct assigned *a = ctx;
	struct flow_expert x;
	if (store_expert_get(S, r->expert_id, NULL, &x, NULL) == APP_OK &&
	    a->n < MAX_EXPERTS_PER_APP)
		snprintf(a->users[a->n++], 64, "%s", x.username);
	return 0;
}

static struct assigned assigned_of(long id)
{
	struct assigned a = {0};
	struct app_err e = {0};
	wf_app_reviews(S, &CITY, id, collect_assigned, &a, &e);
	return a;
}

/* Drives a new application of a fresh firm to state `target` along the
 * canonical path; returns its id and the firm's index. */
static long make_in(enum flow_state target, int *firm)
{
	struct app_err e = {0};
	int i = next_firm++;
	struct wf_actor me = ent(i);
	long id = 0;
	const char *saved = ENV.today;
	ENV.today = "2026-11-30";
	if (wf_apply(S, &ENV, &me, batch_id, codes[i], &id, &e) != APP_OK)
		diag("apply: %s", e.msg);
	if (firm)
		*firm = i;
	static const enum flow_state path[] = {FS_SUBMITTED,     FS_DISTRICT_APPROVED,
	                                       FS_CITY_APPROVED, FS_EXPERT_REVIEW,
	                                       FS_SCORED,        FS_PUBLICIZED};
	if (target == FS_DRAFT)
		goto done;
	docs(id, &me);
	for (size_t k = 0; k < sizeof path / sizeof path[0]; k++) {
		enum flow_state to = path[k];
		if (to == FS_DISTRICT_APPROVED && target == FS_RETURNED) {
			step(&DIST, id, FS_RETURNED, "材料不全", &e);
			goto done;
		}
		if (to == FS_CITY_APPROVED && target == FS_REJECTED) {
			step(&CITY, id, FS_REJECTED, "不符合条件", &e);
			goto done;
		}
		const struct wf_actor *who = to == FS_SUBMITTED           ? &me
		                             : to == FS_DISTRICT_APPROVED ? &DIST
		                                                          : &CITY;
		if (to == FS_SCORED) {
			struct assigned a = assigned_of(id);
			for (int x = 0; x < a.n; x++) {
				struct wf_actor ex = expert(a.users[x]);
				if (wf_score(S, &ENV, &ex, id, 800 + 10 * x, "良好", &e) != APP_OK)
					diag("score: %s", e.msg);
			}
		}
		if (step(who, id, to, NULL, &e) != APP_OK)
			diag("drive %ld to %s: %s", id, flow_state_key(to), e.msg);
		if (to == target)
			goto done;
	}
	if (target == FS_RECOGNIZED) {
		ENV.today = "2026-12-07";
		if (step(&CITY, id, FS_RECOGNIZED, NULL, &e) != APP_OK)
			diag("recognize: %s", e.msg);
	}
done:
	ENV.today = saved;
	return id;
}

static enum flow_state state_of(long id)
{
	struct flow_app a;
	return store_app_get(S, id, &a, NULL) == APP_OK ? a.state : FS_NONE;
}

/* ---- one batch, one user per role ---- */

static void test_batch(void)
{
	struct app_err e = {0};
	struct flow_batch b = {0};
	snprintf(b.name, sizeof b.name, "2026年度专精特新中小企业申报");
	b.tier = TIER_SRDI;
	b.year = 2026;
	snprintf(b.opens, sizeof b.opens, "2026-11-01");
	snprintf(b.closes, sizeof b.closes, "2026-12-31");
	snprintf(b.doc_no, sizeof b.doc_no, "渝经信中小〔2026〕20号");
	b.term_years = -1;
	b.blind = true;
	b.exclude_linked = true;
	struct flow_batch copy = b;
	is_int(wf_batch_open(S, &ENV, &DIST, &copy, &e), APP_EPERM, "district cannot open a batch");
	ok(strstr(e.msg, "区县经信部门") != NULL, "message names the role: %s", e.msg);
	is_int(wf_batch_open(S, &ENV, &ADMIN, &copy, &e), APP_EPERM, "admin cannot either");
	copy = b;
	snprintf(copy.criteria, sizeof copy.criteria, "no-such-criteria");
	is_int(wf_batch_open(S, &ENV, &CITY, &copy, &e),
	       assess_available() ? APP_ENOTFOUND : APP_OK,
	       "criteria the engine does not know are refused (accepted without the engine)");
	is_int(wf_batch_open(S, &ENV, &CITY, &b, &e), APP_OK, "city opens a batch");
	batch_id = b.id;
	is_str(b.criteria, "srdi-2022", "criteria default from the tier");
	is_int(b.notice_days, 5, "notice 5 working days by default");
	is_int(b.term_years, 3, "term 3 years by default");
	is_int(b.experts, 5, "5 experts by default");
	ok(wf_batch_is_open(&b, "2026-11-01") && wf_batch_is_open(&b, "2026-12-31") &&
	       !wf_batch_is_open(&b, "2026-10-31") && !wf_batch_is_open(&b, "2027-01-01"),
	   "window includes both ends");
}

static int count_events(void *ctx, const struct flow_event *ev)
{
	(void)ev;
	(*(int *)ctx)++;
	return 0;
}

static void test_end_to_end(void)
{
	struct app_err e = {0};
	struct wf_actor me = ent(0);
	next_firm = 1;
	long id = 0;
	ENV.today = "2026-10-31";
	is_int(wf_apply(S, &ENV, &me, batch_id, codes[0], &id, &e), APP_ECONFLICT,
	       "the day before the window: refused");
	ok(strstr(e.msg, "2026-11-01 至 2026-12-31") != NULL, "names the window: %s", e.msg);
	ENV.today = "2026-11-30";
	is_int(wf_apply(S, &ENV, &me, batch_id, codes[5], &id, &e), APP_ENOTFOUND,
	       "a firm applying for another: not found");
	is_int(wf_apply(S, &ENV, &CITY, batch_id, codes[0], &id, &e), APP_EPERM,
	       "the city does not apply");
	is_int(wf_apply(S, &ENV, &DIST_GXQ, batch_id, codes[0], &id, &e), APP_ENOTFOUND,
	       "another district cannot apply for the firm");
	is_int(wf_apply(S, &ENV, &me, batch_id, codes[0], &id, &e), APP_OK, "the firm applies");
	is_int(wf_apply(S, &ENV, &me, batch_id, codes[0], &id, &e), APP_ECONFLICT,
	       "twice: refused");
	ok(strstr(e.msg, "进行中") != NULL, "names the open application: %s", e.msg);
	char *snap = NULL, *as = NULL;
	is_int(wf_app_docs(S, &me, id, &snap, &as, &e), APP_OK, "docs readable by the firm");
	ok(snap && strstr(snap, "\"revenue\":123456789") && strstr(snap, codes[0]),
	   "snapshot holds the figures in 分");
	if (assess_available())
		ok(as && strstr(as, "\"verdict\"") && strstr(as, "srdi-2022"),
		   "self-assessment evaluated against srdi-2022: %.200s", as ? as : "");
	else
		ok(as && strstr(as, "\"available\":false"),
		   "self-assessment recorded as unavailable: %s", as ? as : "");
	free(snap);
	free(as);

	/* documents */
	is_int(step(&me, id, FS_SUBMITTED, NULL, &e), APP_ECONFLICT, "submit without documents");
	ok(strstr(e.msg, "申报书") && strstr(e.msg, "真实性声明") && strstr(e.msg, "草稿") &&
	       strstr(e.msg, "企业"),
	   "lists what is missing: %s", e.msg);
	is_int(wf_attach(S, &ENV, &me, id, "application_form", "a.exe", "MZ\x90\0abc", 7, NULL, &e),
	       APP_EINVAL, "an executable refused");
	ok(strstr(e.msg, "PDF") != NULL, "names the accepted types: %s", e.msg);
	is_int(wf_attach(S, &ENV, &me, id, "application_form", "fake.pdf", "hello", 5, NULL, &e),
	       APP_EINVAL, "a .pdf name with other content refused");
	is_int(wf_attach(S, &ENV, &me, id, "application_form", "x.pdf", "", 0, NULL, &e),
	       APP_EINVAL, "empty refused");
	size_t big = (size_t)MAX_ATTACH_BYTES + 1;
	char *huge = xcalloc(1, big);
	memcpy(huge, PDF, sizeof PDF - 1);
	is_int(wf_attach(S, &ENV, &me, id, "application_form", "big.pdf", huge, big, NULL, &e),
	       APP_ETOOLARGE, "one byte over MAX_ATTACH_BYTES refused");
	long att = 0;
	is_int(wf_attach(S, &ENV, &me, id, "other", "big.pdf", huge, big - 1, &att, &e), APP_OK,
	       "exactly MAX_ATTACH_BYTES accepted");
	free(huge);
	is_int(wf_attach(S, &ENV, &me, id, "decl_truth", "x.pdf", PDF, sizeof PDF - 1, NULL, &e),
	       APP_EINVAL, "a declaration is not uploaded as a file");
	is_int(wf_attach(S, &ENV, &VIEWER, id, "other", "x.pdf", PDF, sizeof PDF - 1, NULL, &e),
	       APP_EPERM, "viewer cannot upload");
	docs(id, &me);
	struct flow_attachment meta;
	char *data = NULL;
	size_t n = 0;
	is_int(wf_attachment_read(S, &ENV, &me, att, &meta, &data, &n, &e), APP_OK,
	       "attachment read back");
	ok(n == (size_t)MAX_ATTACH_BYTES && strcmp(meta.type, "pdf") == 0 &&
	       strcmp(meta.name, "big.pdf") == 0,
	   "size, detected type and clean name");
	free(data);

	/* submit, return with reasons, resubmit */
	is_int(step(&me, id, FS_SUBMITTED, NULL, &e), APP_OK, "submitted");
	is_int(wf_attach(S, &ENV, &me, id, "other", "x.pdf", PDF, sizeof PDF - 1, NULL, &e),
	       APP_ECONFLICT, "no uploads once submitted");
	is_int(step(&DIST, id, FS_RETURNED, "  ", &e), APP_ECONFLICT, "return without reason");
	is_int(step(&DIST, id, FS_RETURNED, "请补充研发费用明细", &e), APP_OK, "returned");
	struct wf_app_view v;
	wf_app_get(S, &ENV, &me, id, &v, &e);
	is_str(v.app.note, "请补充研发费用明细", "the firm sees the reason");
	is_int(step(&me, id, FS_SUBMITTED, NULL, &e), APP_OK, "resubmitted");
	is_int(step(&DIST_GXQ, id, FS_DISTRICT_APPROVED, NULL, &e), APP_ENOTFOUND,
	       "another district: not found");
	is_int(step(&DIST, id, FS_DISTRICT_APPROVED, NULL, &e), APP_OK, "district approves");
	is_int(step(&CITY, id, FS_CITY_APPROVED, NULL, &e), APP_OK, "city approves");

	/* experts: x-conflict-* must never be drawn */
	struct wf_step_result res;
	struct wf_step st = {FS_EXPERT_REVIEW, NULL, NULL, NULL};
	is_int(wf_transition(S, &ENV, &CITY, id, &st, &res, &e), APP_OK, "experts drawn");
	is_int(res.experts_drawn, 5, "five drawn");
	is_int(res.pool_excluded, 3, "three excluded (district, employer, declared link)");
	is_int(res.pool_eligible, 6, "six eligible");
	struct assigned a = assigned_of(id);
	bool conflict = false;
	for (int i = 0; i < a.n; i++)
		conflict |= strncmp(a.users[i], "xc-", 3) == 0;
	ok(a.n == 5 && !conflict, "none of the conflicted experts drawn");

	/* blind review */
	struct wf_actor ex = expert(a.users[0]);
	is_int(wf_app_get(S, &ENV, &ex, id, &v, &e), APP_OK, "the expert sees its application");
	ok(v.blind && v.firm_name[0] == '\0' && v.app.uscc[0] == '\0',
	   "without the firm's identity");
	snap = NULL;
	wf_app_docs(S, &ex, id, &snap, NULL, &e);
	ok(snap && !strstr(snap, codes[0]) && !strstr(snap, "精密机械") && strstr(snap, "revenue"),
	   "snapshot without identity, figures kept");
	free(snap);
	as = NULL;
	wf_app_docs(S, &ex, id, NULL, &as, &e);
	ok(as && !strstr(as, codes[0]) && !strstr(as, "精密机械"),
	   "the self-assessment shown to the expert does not name the firm");
	free(as);
	struct wf_actor other = expert("x-free-6");
	bool drawn6 = false;
	for (int i = 0; i < a.n; i++)
		drawn6 |= strcmp(a.users[i], "x-free-6") == 0;
	if (!drawn6)
		is_int(wf_app_get(S, &ENV, &other, id, &v, &e), APP_ENOTFOUND,
		       "an expert not drawn: not found");
	else
		ok(1, "(x-free-6 was drawn)");

	/* scores: one outlier */
	is_int(step(&CITY, id, FS_SCORED, NULL, &e), APP_ECONFLICT, "finalize before scores");
	ok(strstr(e.msg, "仅 0 名已评分") != NULL, "says how many scored: %s", e.msg);
	static const int scores[5] = {820, 800, 810, 790, 600};
	for (int i = 0; i < a.n; i++) {
		struct wf_actor x = expert(a.users[i]);
		is_int(wf_score(S, &ENV, &x, id, scores[i], "意见", &e), APP_OK, "expert scores");
	}
	is_int(wf_score(S, &ENV, &CITY, id, 900, NULL, &e), APP_EPERM, "city does not score");
	is_int(wf_score(S, &ENV, &ex, id, 1001, NULL, &e), APP_EINVAL, "score over 100 refused");
	is_int(step(&CITY, id, FS_SCORED, NULL, &e), APP_OK, "scores finalized");
	is_int(wf_score(S, &ENV, &ex, id, 900, NULL, &e), APP_ECONFLICT, "no scoring after");
	wf_app_get(S, &ENV, &CITY, id, &v, &e);
	is_int(v.app.score_x100, 7640, "mean (82+80+81+79+60)/5 = 76.40");

	/* notice */
	ENV.today = "2026-11-28"; /* Saturday */
	st = (struct wf_step){FS_PUBLICIZED, NULL, NULL, NULL};
	is_int(wf_transition(S, &ENV, &CITY, id, &st, &res, &e), APP_OK, "publicized");
	is_str(res.notice_start, "2026-11-30", "notice starts on Monday");
	is_str(res.notice_end, "2026-12-04", "and lasts 5 working days");
	long obj = 0;
	is_int(wf_objection_add(S, &ENV, &DIST, id, "匿名", "数据存疑", NULL, &obj, &e), APP_EPERM,
	       "district does not record objections");
	is_int(wf_objection_add(S, &ENV, &CITY, id, "匿名来信", "研发费用数据存疑", NULL, &obj, &e),
	       APP_OK, "objection recorded");
	ENV.today = "2026-12-04";
	is_int(step(&CITY, id, FS_RECOGNIZED, NULL, &e), APP_ECONFLICT,
	       "recognize on the last day");
	ENV.today = "2026-12-07";
	is_int(step(&CITY, id, FS_RECOGNIZED, NULL, &e), APP_ECONFLICT, "open objection blocks");
	ok(strstr(e.msg, "1 条异议未处理") != NULL, "%s", e.msg);
	is_int(wf_objection_resolve(S, &ENV, &CITY, obj, false, "", &e), APP_EINVAL,
	       "resolution needs a reason");
	is_int(wf_objection_resolve(S, &ENV, &CITY, obj, false, "经核实数据真实", &e), APP_OK,
	       "dismissed");
	is_int(wf_objection_resolve(S, &ENV, &CITY, obj, true, "再次", &e), APP_ECONFLICT,
	       "resolved once only");
	st = (struct wf_step){FS_RECOGNIZED, NULL, NULL, NULL};
	is_int(wf_transition(S, &ENV, &CITY, id, &st, &res, &e), APP_OK, "recognized");
	is_str(res.valid_from, "2026-12-07", "valid from the decision");
	is_str(res.valid_until, "2029-12-06", "until start + 3 years - 1 day");
	struct enterprise ent0;
	store_enterprise_get(S, codes[0], &ent0, &e);
	ok(ent0.tier == TIER_SRDI && strcmp(ent0.tier_until, "2029-12-06") == 0,
	   "the firm now holds SRDI until 2029-12-06");
	int nev = 0;
	wf_app_events(S, &CITY, id, count_events, &nev, &e);
	ok(nev >= 20, "every act is in the log (%d events)", nev);
	struct audit_verify_result vr;
	is_int(audit_verify(S, &vr, &e), APP_OK, "audit chain verifies");
	ok(vr.first_bad == 0 && vr.entries > 30, "intact with %ld entries", vr.entries);
}

/* ---- the matrix ---- */

static const struct wf_actor *actor_for(enum role r, long id, int firm, struct wf_actor *buf)
{
	switch (r) {
	case ROLE_CITY:
		return &CITY;
	case ROLE_DISTRICT:
		return &DIST;
	case ROLE_ENTERPRISE:
		*buf = ent(firm);
		return buf;
	case ROLE_EXPERT: {
		struct assigned a = assigned_of(id);
		static char user[64];
		snprintf(user, sizeof user, "%s", a.n ? a.users[0] : "x-free-1");
		*buf = expert(user);
		return buf;
	}
	case ROLE_VIEWER:
		return &VIEWER;
	case ROLE_ADMIN:
		return &ADMIN;
	case ROLE_SECURITY:
		return &SECURITY;
	default:
		return &AUDITOR;
	}
}

/* What the service must answer for (from, to, role), from the table. */
static enum app_status expected(enum flow_state from, enum flow_state to, enum role r,
                                bool expert_assigned)
{
	if (!role_business(r))
		return APP_EPERM;
	if (r == ROLE_EXPERT && !expert_assigned)
		return APP_ENOTFOUND;
	const struct flow_transition *t = flow_transition_between(from, to);
	if (!t)
		return APP_ECONFLICT;
	return t->roles & ROLE_BIT(r) ? APP_OK : APP_EPERM;
}

static void test_matrix(void)
{
	long cells = 0, bad = 0, allowed = 0;
	ENV.today = "2026-12-07";
	for (int from = FS_DRAFT; from < FS_COUNT; from++) {
		int firm;
		long id = make_in((enum flow_state)from, &firm);
		if (state_of(id) != (enum flow_state)from) {
			ok(0, "could not drive an application to %s", flow_state_key(from));
			continue;
		}
		bool assigned = assigned_of(id).n > 0;
		for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
			for (int to = FS_DRAFT; to < FS_COUNT; to++) {
				enum app_status want =
				    expected((enum flow_state)from, (enum flow_state)to,
				             (enum role)r, assigned);
				long target = id;
				int tfirm = firm;
				if (want ==
				    APP_OK) { /* a fresh application: this one must not move */
					target = make_in((enum flow_state)from, &tfirm);
					if (to == FS_SUBMITTED && from == FS_DRAFT)
						docs(target,
						     &(struct wf_actor){"d", ROLE_DISTRICT,
						                        "500112", NULL, ""});
					if (to == FS_SCORED) {
						struct assigned a = assigned_of(target);
						for (int x = 0; x < a.n; x++) {
							struct wf_actor ex = expert(a.users[x]);
							wf_score(S, &ENV, &ex, target, 850, NULL,
							         NULL);
						}
					}
				}
				struct wf_actor buf;
				const struct wf_actor *who =
				    actor_for((enum role)r, target, tfirm, &buf);
				struct app_err e = {0};
				enum app_status got =
				    step(who, target, (enum flow_state)to, "理由", &e);
				bool good = got == want;
				if (want == APP_OK)
					good = good && state_of(target) == (enum flow_state)to;
				else
					good = good && state_of(target) == (enum flow_state)from;
				if (want == APP_EPERM || want == APP_ECONFLICT)
					good = good && strstr(e.msg, role_label((enum role)r)) &&
					       (!role_business((enum role)r) ||
					        strstr(e.msg,
					               flow_state_label((enum flow_state)from)));
				cells++;
				allowed += want == APP_OK;
				if (!good) {
					bad++;
					diag("%s→%s by %s: got %s want %s: %s",
					     flow_state_key((enum flow_state)from),
					     flow_state_key((enum flow_state)to),
					     role_key((enum role)r), app_status_str(got),
					     app_status_str(want), e.msg);
				}
			}
	}
	is_int(cells, 10 * 8 * 10, "800 cells: every state × role × target");
	long table_cells = 0;
	for (int i = 0; i < FA_COUNT; i++)
		for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
			table_cells += (flow_transitions[i].roles & ROLE_BIT(r)) != 0;
	is_int(allowed, table_cells, "the allowed cells are exactly the table's (role, row) pairs");
	is_int(bad, 0, "the service answers every cell as the table says");
}

/* ---- scope, views, deadlines, the bar ---- */

static int count_view(void *ctx, const struct wf_app_view *v)
{
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static void test_scope(void)
{
	struct app_err e = {0};
	ENV.today = "2026-11-30";
	/* a firm in 重庆高新区 (zone GXQ, district 500106) */
	int gi = NFIRMS - 1;
	struct wf_actor g = ent(gi);
	long id = 0;
	is_int(wf_apply(S, &ENV, &DIST_GXQ, batch_id, codes[gi], &id, &e), APP_OK,
	       "the zone applies for its firm");
	struct wf_app_view v;
	is_int(wf_app_get(S, &ENV, &DIST, id, &v, &e), APP_ENOTFOUND, "渝北 cannot see it");
	is_int(wf_app_get(S, &ENV, &g, id, &v, &e), APP_OK, "the firm can");
	ok(v.app.filed_role == ROLE_DISTRICT && strcmp(v.app.unit, "GXQ") == 0,
	   "filed by the district, unit GXQ");
	struct wf_actor e0 = ent(0);
	is_int(wf_app_get(S, &ENV, &e0, id, &v, &e), APP_ENOTFOUND, "another firm cannot");
	is_int(wf_app_get(S, &ENV, &VIEWER, id, &v, &e), APP_OK, "leadership can read");
	is_int(wf_app_get(S, &ENV, &AUDITOR, id, &v, &e), APP_EPERM,
	       "the auditor reads the log, not this");
	ok(strstr(e.msg, "审计管理员") != NULL, "%s", e.msg);
	int n = 0;
	long total = 0;
	wf_app_list(S, &ENV, &DIST_GXQ, NULL, false, count_view, &n, &total, &e);
	is_int(n, 1, "the zone lists only its application");
	n = 0;
	struct store_app_filter f = {.unit = "500112"};
	wf_app_list(S, &ENV, &DIST_GXQ, &f, false, count_view, &n, &total, &e);
	is_int(n, 0, "asking for another district's list gives nothing");
	n = 0;
	wf_app_list(S, &ENV, &g, NULL, false, count_view, &n, &total, &e);
	is_int(n, 1, "the firm lists its own");
	/* deadlines: submitted on Monday 11-30 without district_due → 12-14 */
	docs(id, &DIST_GXQ);
	step(&DIST_GXQ, id, FS_SUBMITTED, NULL, &e);
	ENV.today = "2026-12-14";
	wf_app_get(S, &ENV, &CITY, id, &v, &e);
	ok(strcmp(v.deadline, "2026-12-14") == 0 && !v.overdue,
	   "deadline 12-14, not overdue on it");
	ENV.today = "2026-12-15";
	wf_app_get(S, &ENV, &CITY, id, &v, &e);
	ok(v.overdue, "overdue the day after");
	n = 0;
	wf_app_list(S, &ENV, &CITY, NULL, true, count_view, &n, NULL, &e);
	ok(n >= 1, "listed as overdue (%d)", n);
	ok(v.nnext == 0, "the city has no move on a submitted application");
	wf_app_get(S, &ENV, &DIST_GXQ, id, &v, &e);
	ok(v.nnext == 2, "the district has two (approve, return)");
}

static void test_bar(void)
{
	struct app_err e = {0};
	int i = next_firm++;
	struct tier_event ev = {0};
	memcpy(ev.uscc, codes[i], 19);
	ev.tier = TIER_SRDI;
	ev.status = TS_RECOGNIZED;
	snprintf(ev.since, sizeof ev.since, "2023-06-05");
	store_tier_add(S, &ev, &e);
	ev.status = TS_REVOKED;
	snprintf(ev.since, sizeof ev.since, "2025-03-01");
	snprintf(ev.reason, sizeof ev.reason, "数据造假");
	store_tier_add(S, &ev, &e);
	struct flow_batch b = {0};
	snprintf(b.name, sizeof b.name, "2028年度创新型中小企业");
	b.tier = TIER_INNOVATIVE;
	b.year = 2028;
	snprintf(b.opens, sizeof b.opens, "2028-02-01");
	snprintf(b.closes, sizeof b.closes, "2028-03-31");
	b.term_years = -1;
	wf_batch_open(S, &ENV, &CITY, &b, &e);
	struct wf_actor me = ent(i);
	long id = 0;
	ENV.today = "2028-02-29";
	is_int(wf_apply(S, &ENV, &me, b.id, codes[i], &id, &e), APP_ECONFLICT,
	       "barred on the last day of 3 years");
	ok(strstr(e.msg, "2028-02-29 前不得申报") && strstr(e.msg, "数据造假"), "%s", e.msg);
	ENV.today = "2028-03-01";
	is_int(wf_apply(S, &ENV, &me, b.id, codes[i], &id, &e), APP_OK, "free the day after");
	ENV.today = "2026-11-30";
}

static void test_experts(void)
{
	struct app_err e = {0};
	add_expert("x-free-1", "500103", "");
	add_expert("x-free-2", "500104", "");
	add_expert("x-free-3", "500105", "");
	add_expert("x-free-4", "500107", "");
	add_expert("x-free-5", "", "");
	add_expert("x-free-6", "500108", "");
	add_expert("xc-district", "500112", ""); /* in the firms' district */
	add_expert("xc-employer", "500109", codes[0]);
	add_expert("xc-linked", "500110", "");
	is_int(wf_expert_link(S, &CITY, "xc-linked", codes[0], "持股", &e), APP_OK,
	       "link declared");
	is_int(wf_expert_link(S, &DIST, "xc-linked", codes[0], "持股", &e), APP_EPERM,
	       "only the city manages experts");
	struct flow_expert x = {0};
	snprintf(x.username, sizeof x.username, "x-inactive");
	snprintf(x.name, sizeof x.name, "停用");
	x.active = false;
	wf_expert_put(S, &CITY, &x, &e);
}

/* Draws from getrandom(2), as in production: still five distinct, and not
 * the expert of the firm's own district (the other xc- experts conflict only
 * with firm 0). */
static void test_unseeded_draw(void)
{
	struct app_err e = {0};
	long id = make_in(FS_CITY_APPROVED, NULL);
	ENV.seeded = false;
	ENV.today = "2026-12-07";
	struct wf_step st = {FS_EXPERT_REVIEW, NULL, NULL, NULL};
	struct wf_step_result res;
	is_int(wf_transition(S, &ENV, &CITY, id, &st, &res, &e), APP_OK, "drawn with getrandom");
	struct assigned a = assigned_of(id);
	bool conflict = false, dup = false;
	for (int i = 0; i < a.n; i++) {
		conflict |= strcmp(a.users[i], "xc-district") == 0;
		for (int j = 0; j < i; j++)
			dup |= strcmp(a.users[i], a.users[j]) == 0;
	}
	ok(a.n == 5 && !conflict && !dup,
	   "five distinct eligible experts (%d, conflict %d, dup %d)", a.n, conflict, dup);
	ENV.seeded = true;
}

/* The city appoints one more expert to a panel: every refusal names its
 * rule; the appointed expert then sees and scores the application, and the
 * summary waits for that score too. */
static void test_appoint(void)
{
	struct app_err e = {0};
	int firm = 0;
	long id = make_in(FS_EXPERT_REVIEW, &firm);
	long draft = make_in(FS_DRAFT, NULL);
	add_expert("xa-employer", "500109", codes[firm]);
	add_expert("xa-linked", "500110", "");
	add_expert("xa-ok", "", "");
	wf_expert_link(S, &CITY, "xa-linked", codes[firm], "亲属任职", &e);
	struct assigned before = assigned_of(id);
	const struct {
		const struct wf_actor *who;
		int on_draft;
		const char *user, *reason;
		enum app_status want;
		const char *says;
	} cases[] = {
	    {&DIST, 0, "xa-ok", "增补", APP_EPERM, "由市经信委办理"},
	    {&VIEWER, 0, "xa-ok", "增补", APP_EPERM, "不能增补评审专家"},
	    {&AUDITOR, 0, "xa-ok", "增补", APP_EPERM, "不处理申报业务"},
	    {&CITY, 1, "xa-ok", "增补", APP_ECONFLICT, "只在「专家评审中」时办理"},
	    {&CITY, 0, "xa-ok", "  ", APP_EINVAL, "增补理由不能为空"},
	    {&CITY, 0, "nobody", "增补", APP_ENOTFOUND, "专家库中没有用户「nobody」"},
	    {&CITY, 0, "x-inactive", "增补", APP_ECONFLICT, "已停用"},
	    {&CITY, 0, "xc-district", "增补", APP_ECONFLICT, "在同一区县,应当回避"},
	    {&CITY, 0, "xa-employer", "增补", APP_ECONFLICT, "受聘于申请企业"},
	    {&CITY, 0, "xa-linked", "增补", APP_ECONFLICT, "存在关联(亲属任职)"},
	    {&CITY, 0, before.users[0], "增补", APP_ECONFLICT, "已是申请"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&e, 0, sizeof e);
		enum app_status got =
		    wf_review_appoint(S, &ENV, cases[i].who, cases[i].on_draft ? draft : id,
		                      cases[i].user, cases[i].reason, &e);
		ok(got == cases[i].want && strstr(e.msg, cases[i].says),
		   "appoint %s by %s → %s (%s)", cases[i].user, role_key(cases[i].who->role),
		   app_status_str(cases[i].want), e.msg);
	}
	struct wf_actor xa = expert("xa-ok");
	struct wf_app_view v;
	is_int(wf_app_get(S, &ENV, &xa, id, &v, &e), APP_ENOTFOUND,
	       "not yet on the panel: not found");
	is_int(wf_review_appoint(S, &ENV, &CITY, id, "xa-ok", "增补智能制造专家", &e), APP_OK,
	       "the city appoints a free expert");
	struct assigned after = assigned_of(id);
	is_int(after.n, before.n + 1, "the panel has one more expert");
	is_int(wf_app_get(S, &ENV, &xa, id, &v, &e), APP_OK, "the appointed expert sees it");
	ok(v.blind && !v.firm_name[0], "blind, as for drawn experts");
	for (int x = 0; x < before.n; x++) {
		struct wf_actor ex = expert(before.users[x]);
		wf_score(S, &ENV, &ex, id, 800, "良好", &e);
	}
	is_int(step(&CITY, id, FS_SCORED, NULL, &e), APP_ECONFLICT,
	       "the summary waits for the appointed expert");
	is_int(wf_score(S, &ENV, &xa, id, 900, "优秀", &e), APP_OK, "who then scores");
	is_int(step(&CITY, id, FS_SCORED, NULL, &e), APP_OK, "and the summary runs");
	struct flow_app a;
	store_app_get(S, id, &a, NULL);
	is_int(before.n, 5, "five were drawn");
	is_int(a.score_x100, 8167, "(5 x 80.0 + 90.0) / 6 = 81.67: the appointed score counts");
}

/* ---- counts, the expert's batches, exports, exit decisions ---- */

static int count_batch(void *ctx, const struct flow_batch *b)
{
	(void)b;
	(*(int *)ctx)++;
	return 0;
}

static enum app_status mem_write(void *ctx, const char *p, size_t n)
{
	return buf_append(ctx, p, n);
}

static int count_exit(void *ctx, const struct flow_exit_decision *x)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static void test_reading(void)
{
	struct app_err e = {0};
	long counts[FS_COUNT], overdue = 0, sum = 0;
	ENV.today = "2026-12-15";
	is_int(wf_app_counts(S, &ENV, &CITY, batch_id, counts, &overdue, &e), APP_OK, "counts");
	for (int k = 0; k < FS_COUNT; k++)
		sum += counts[k];
	int listed = 0, late = 0;
	struct store_app_filter f = {.batch_id = batch_id};
	wf_app_list(S, &ENV, &CITY, &f, false, count_view, &listed, NULL, &e);
	wf_app_list(S, &ENV, &CITY, &f, true, count_view, &late, NULL, &e);
	ok(sum == listed && listed > 0, "the states add up to the list (%ld, %d)", sum, listed);
	is_int(overdue, late, "and overdue counts as the overdue list");
	wf_app_counts(S, &ENV, &DIST_GXQ, batch_id, counts, &overdue, &e);
	sum = 0;
	for (int k = 0; k < FS_COUNT; k++)
		sum += counts[k];
	ok(sum == 1 && counts[FS_SUBMITTED] == 1, "the zone counts only its application");
	is_int(wf_app_counts(S, &ENV, &ADMIN, 0, counts, NULL, &e), APP_EPERM,
	       "no counts for the administrator");
	/* an expert sees the batches of its assignments only */
	int nb = 0, all = 0;
	struct wf_actor xa = expert("xa-ok"), idle = expert("x-inactive");
	wf_batch_list(S, &CITY, 0, 0, count_batch, &all, &e);
	is_int(wf_batch_list(S, &xa, 0, 0, count_batch, &nb, &e), APP_OK,
	       "an expert lists batches");
	ok(nb == 1 && all > 1, "only its own batch (%d of %d)", nb, all);
	nb = 0;
	wf_batch_list(S, &idle, 0, 0, count_batch, &nb, &e);
	is_int(nb, 0, "an expert without assignments sees none");
	/* CSV export: the list, blind for the expert, formulas defused */
	struct buf b;
	buf_init(&b, 4 * 1024 * 1024);
	struct export_sink sink = {mem_write, &b};
	long rows = 0;
	is_int(wf_export_csv(S, &ENV, &CITY, &f, false, &sink, &rows, &e), APP_OK, "city export");
	is_int(rows, listed, "one row per application");
	static const char head[] = "\xEF\xBB\xBF编号,申报批次,统一社会信用代码,企业名称,";
	ok(strncmp(b.p, head, sizeof head - 1) == 0, "BOM and Chinese headers");
	ok(strstr(b.p, codes[0]) != NULL, "the city sees credit codes");
	buf_reset(&b);
	is_int(wf_export_csv(S, &ENV, &xa, NULL, false, &sink, &rows, &e), APP_OK, "expert export");
	ok(rows == 1 && strstr(b.p, "(匿名),(匿名)") && !strstr(b.p, "重庆测试"),
	   "the expert's rows are blind (%ld)", rows);
	buf_free(&b);
	/* exit decisions: the district sees those of its firms */
	int i = next_firm++;
	struct tier_event ev = {0};
	memcpy(ev.uscc, codes[i], 19);
	ev.tier = TIER_SRDI;
	ev.status = TS_RECOGNIZED;
	snprintf(ev.since, sizeof ev.since, "2025-06-05");
	store_tier_add(S, &ev, &e);
	is_int(manage_exit(S, &ENV, &CITY, codes[i], TIER_SRDI, FX_FRAUD, "=SUM(A1) 数据造假", NULL,
	                   NULL, NULL, &e),
	       APP_OK, "an exit decided");
	int nx = 0, nd = 0, ng = 0;
	manage_exit_list(S, &CITY, NULL, count_exit, &nx, &e);
	manage_exit_list(S, &DIST, codes[i], count_exit, &nd, &e);
	manage_exit_list(S, &DIST_GXQ, codes[i], count_exit, &ng, &e);
	ok(nx >= 1 && nd == 1 && ng == 0, "city %d, its district %d, another unit %d", nx, nd, ng);
	struct wf_actor me = ent(i);
	is_int(manage_exit_list(S, &me, NULL, count_exit, &nx, &e), APP_EPERM,
	       "a firm does not list exit decisions");
	ENV.today = "2026-11-30";
}

int main(void)
{
	char path[] = "/tmp/zjtx-t-wf-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(files_dir, sizeof files_dir, "%s.files", path);
	ENV.files_dir = files_dir;
	struct app_err e = {0};
	if (store_open(path, 0, &S, &e) != APP_OK) {
		diag("open: %s", e.msg);
		return 1;
	}
	store_begin(S, &e);
	for (int i = 0; i < NFIRMS - 1; i++)
		add_firm(i, "500112", "");
	add_firm(NFIRMS - 1, "500106", "GXQ");
	store_commit(S, &e);
	test_experts();
	test_batch();
	test_end_to_end();
	test_matrix();
	test_scope();
	test_unseeded_draw();
	test_bar();
	test_appoint();
	test_reading();
	store_close(S);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s-wal' '%s-shm'", files_dir, path, path,
	         path);
	if (system(cmd) != 0)
		diag("cleanup failed");
	return test_done();
}
