/* t_flow.c - the workflow tables: the whole (from, to, role) matrix against
 * the transition table, every guard on both sides of its boundary, deadlines,
 * expert score summaries, validity terms and exit reasons. */
#include <string.h>

#include "core/flow.h"
#include "test.h"

/* Facts under which every guard holds. */
static struct flow_facts all_ok(void)
{
	return (struct flow_facts){
	    .today = "2026-11-28",
	    .opens = "2026-11-01",
	    .closes = "2026-12-31",
	    .resubmit_due = "2026-12-31",
	    .missing_docs = "",
	    .barred_until = "",
	    .comment = "理由",
	    .experts_needed = 5,
	    .experts_eligible = 5,
	    .reviews_assigned = 5,
	    .reviews_scored = 5,
	    .notice_end = "2026-11-27",
	    .open_objections = 0,
	    .doc_no = "渝经信中小〔2026〕1号",
	};
}

static void test_table_shape(void)
{
	for (int i = 0; i < FA_COUNT; i++) {
		const struct flow_transition *t = &flow_transitions[i];
		ok(t->action == (enum flow_action)i, "row %d is indexed by its action", i);
		ok(t->from != t->to && t->from != FS_NONE && t->to != FS_NONE,
		   "%s moves between states", t->key);
		ok(!flow_state_terminal(t->from), "%s leaves a non-terminal state", t->key);
		ok(t->roles != 0, "%s has a role", t->key);
		for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++)
			ok(!(t->roles & ROLE_BIT(r)), "%s not allowed to %s (三员分立)", t->key,
			   role_key((enum role)r));
		ok(!(t->roles & ROLE_BIT(ROLE_VIEWER)), "%s not allowed to viewer", t->key);
		ok(flow_transition_find(strv_from(t->key)) == t, "%s found by key", t->key);
		ok(flow_transition_find(strv_from(t->label)) == t, "%s found by label", t->key);
		for (int j = 0; j < i; j++)
			ok(!(flow_transitions[j].from == t->from &&
			     flow_transitions[j].to == t->to),
			   "%s is the only %s→%s", t->key, flow_state_key(t->from),
			   flow_state_key(t->to));
	}
	/* every non-terminal state has a way out; every state but draft a way in */
	for (int s = FS_DRAFT; s < FS_COUNT; s++) {
		bool in = false, out = false;
		for (int i = 0; i < FA_COUNT; i++) {
			in |= flow_transitions[i].to == (enum flow_state)s;
			out |= flow_transitions[i].from == (enum flow_state)s;
		}
		ok(flow_state_terminal((enum flow_state)s) ? !out : out,
		   "state %s: way out iff not terminal", flow_state_key((enum flow_state)s));
		ok(s == FS_DRAFT || in, "state %s reachable", flow_state_key((enum flow_state)s));
	}
	/* the brief's transitions are all present */
	static const enum flow_state must[][2] = {
	    {FS_DRAFT, FS_SUBMITTED},
	    {FS_SUBMITTED, FS_DISTRICT_APPROVED},
	    {FS_SUBMITTED, FS_RETURNED},
	    {FS_RETURNED, FS_SUBMITTED},
	    {FS_DISTRICT_APPROVED, FS_CITY_APPROVED},
	    {FS_DISTRICT_APPROVED, FS_REJECTED},
	    {FS_CITY_APPROVED, FS_EXPERT_REVIEW},
	    {FS_EXPERT_REVIEW, FS_SCORED},
	    {FS_SCORED, FS_PUBLICIZED},
	    {FS_PUBLICIZED, FS_RECOGNIZED},
	    {FS_PUBLICIZED, FS_REJECTED},
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		ok(flow_transition_between(must[i][0], must[i][1]) != NULL, "%s → %s exists",
		   flow_state_key(must[i][0]), flow_state_key(must[i][1]));
}

/* The full matrix, derived from the table: with every guard satisfied the
 * answer depends only on whether the row exists and allows the role. */
static void test_matrix(void)
{
	struct flow_facts f = all_ok();
	long n = 0, bad = 0;
	for (int from = FS_DRAFT; from < FS_COUNT; from++)
		for (int to = FS_DRAFT; to < FS_COUNT; to++)
			for (int r = ROLE_CITY; r < ROLE_COUNT; r++) {
				const struct flow_transition *t = flow_transition_between(
				    (enum flow_state)from, (enum flow_state)to);
				enum app_status want = !t                          ? APP_ECONFLICT
				                       : !(t->roles & ROLE_BIT(r)) ? APP_EPERM
				                                                   : APP_OK;
				struct app_err e = {0};
				const struct flow_transition *got = NULL;
				enum app_status st =
				    flow_check((enum flow_state)from, (enum flow_state)to,
				               (enum role)r, &f, &got, &e);
				bool good = st == want && (st != APP_OK || got == t);
				if (st != APP_OK)
					good = good &&
					       strstr(e.msg,
					              flow_state_label((enum flow_state)from)) &&
					       strstr(e.msg, role_label((enum role)r));
				n++;
				if (!good) {
					bad++;
					diag("%s→%s by %s: status %d want %d: %s",
					     flow_state_key((enum flow_state)from),
					     flow_state_key((enum flow_state)to),
					     role_key((enum role)r), st, want, e.msg);
				}
			}
	is_int(n, 10 * 10 * 8, "matrix covers 10 states × 10 states × 8 roles");
	is_int(bad, 0, "every cell answers as the table says, naming state and role");
	struct app_err e = {0};
	flow_check(FS_SUBMITTED, FS_DISTRICT_APPROVED, ROLE_ENTERPRISE, &f, NULL, &e);
	is_str(e.msg,
	       "角色「企业」不能执行「区县初审通过」(申请当前状态为「已提交」);可由:区县经信部门",
	       "role refusal text");
	flow_check(FS_DRAFT, FS_RECOGNIZED, ROLE_CITY, &f, NULL, &e);
	is_str(e.msg, "申请当前状态为「草稿」,不能变为「已认定」(角色「市经信委」);可变为:已提交",
	       "missing-row refusal text");
	flow_check(FS_RECOGNIZED, FS_REJECTED, ROLE_CITY, &f, NULL, &e);
	ok(strstr(e.msg, "可变为:无(已结束)") != NULL, "terminal state says it has ended: %s",
	   e.msg);
	is_int(flow_check(FS_NONE, FS_DRAFT, ROLE_CITY, &f, NULL, &e), APP_EINVAL,
	       "FS_NONE invalid");
}

/* One guard: facts that just pass and just fail. */
static void guard_case(enum flow_action a, enum role r, const struct flow_facts *pass,
                       const struct flow_facts *fail, const char *what, const char *needle)
{
	const struct flow_transition *t = &flow_transitions[a];
	struct app_err e = {0};
	is_int(flow_check(t->from, t->to, r, pass, NULL, &e), APP_OK, what);
	if (e.msg[0])
		diag("%s", e.msg);
	memset(&e, 0, sizeof e);
	is_int(flow_check(t->from, t->to, r, fail, NULL, &e), APP_ECONFLICT, what);
	ok(strstr(e.msg, needle) && strstr(e.msg, t->label) &&
	       strstr(e.msg, flow_state_label(t->from)) && strstr(e.msg, role_label(r)),
	   "%s: message names the rule, action, state and role: %s", what, e.msg);
}

static void test_guards(void)
{
	struct flow_facts p = all_ok(), f = all_ok();
	p.today = "2026-12-31";
	f.today = "2027-01-01";
	guard_case(FA_SUBMIT, ROLE_ENTERPRISE, &p, &f, "window: last day in, next day out",
	           "申报窗口");
	p.today = "2026-11-01";
	f.today = "2026-10-31";
	guard_case(FA_SUBMIT, ROLE_DISTRICT, &p, &f, "window: first day in, day before out",
	           "申报窗口");
	p = all_ok(), f = all_ok();
	p.today = "2026-12-31";
	f.today = "2027-01-01";
	p.resubmit_due = f.resubmit_due = "2026-12-31";
	p.closes = f.closes = "2026-11-30";
	guard_case(FA_RESUBMIT, ROLE_ENTERPRISE, &p, &f, "resubmit due: window closed but due open",
	           "重新提交截止");
	p = all_ok(), f = all_ok();
	f.missing_docs = "申报书、真实性声明";
	guard_case(FA_SUBMIT, ROLE_ENTERPRISE, &p, &f, "documents",
	           "缺少必备材料:申报书、真实性声明");
	p = all_ok(), f = all_ok();
	p.barred_until = "2026-11-27";
	f.barred_until = "2026-11-28";
	f.bar_reason = "2023-11-29 因数据造假被撤销认定";
	guard_case(FA_SUBMIT, ROLE_ENTERPRISE, &p, &f,
	           "bar: over the day after, held on its last day", "2026-11-28 前不得申报");
	p = all_ok(), f = all_ok();
	f.comment = " \t ";
	guard_case(FA_RETURN, ROLE_DISTRICT, &p, &f, "reason: blank comment refused",
	           "必须填写理由");
	f.comment = NULL;
	guard_case(FA_CITY_REJECT, ROLE_CITY, &p, &f, "reason: no comment refused", "必须填写理由");
	p = all_ok(), f = all_ok();
	f.experts_eligible = 4;
	guard_case(FA_ASSIGN, ROLE_CITY, &p, &f, "experts: 5 of 5 ok, 4 of 5 refused", "只有 4 名");
	f.experts_needed = 0;
	f.experts_eligible = 0;
	guard_case(FA_ASSIGN, ROLE_CITY, &p, &f, "experts: none needed is a defect, refused",
	           "只有 0 名");
	p = all_ok(), f = all_ok();
	f.reviews_scored = 4;
	guard_case(FA_FINALIZE, ROLE_CITY, &p, &f, "all scored", "仅 4 名已评分");
	f.reviews_assigned = f.reviews_scored = 0;
	guard_case(FA_FINALIZE, ROLE_CITY, &p, &f, "no experts assigned", "已分配 0 名");
	p = all_ok(), f = all_ok();
	p.notice_end = "2026-11-27";
	f.notice_end = "2026-11-28";
	guard_case(FA_RECOGNIZE, ROLE_CITY, &p, &f, "notice: over the day after its end, not on it",
	           "公示期至 2026-11-28 结束");
	p = all_ok(), f = all_ok();
	f.open_objections = 1;
	guard_case(FA_RECOGNIZE, ROLE_CITY, &p, &f, "objections", "1 条异议未处理");
	p = all_ok(), f = all_ok();
	f.doc_no = "";
	guard_case(FA_RECOGNIZE, ROLE_CITY, &p, &f, "document number", "缺少认定文号");
	p = all_ok(), f = all_ok();
	p.open_objections = 3;
	struct app_err e = {0};
	is_int(flow_check(FS_PUBLICIZED, FS_REJECTED, ROLE_CITY, &p, NULL, &e), APP_OK,
	       "notice_reject allowed with open objections (an upheld one is the reason)");
}

static void test_deadlines(void)
{
	struct flow_due_dates d = {
	    .closes = "2026-12-15", .district_due = "", .city_due = "2027-01-20", .review_due = ""};
	static const struct {
		enum flow_state s;
		const char *since, *notice_end, *want;
	} cases[] = {
	    {FS_DRAFT, "2026-11-20", "", "2026-12-15"},
	    {FS_RETURNED, "2026-11-20", "", "2026-12-15"},          /* no district_due: closes */
	    {FS_SUBMITTED, "2026-11-27", "", "2026-12-11"},         /* Fri + 10 working days */
	    {FS_SUBMITTED, "2026-09-24", "", "2026-10-15"},         /* over 中秋 and 国庆 */
	    {FS_DISTRICT_APPROVED, "2026-11-27", "", "2027-01-20"}, /* the batch's date */
	    {FS_EXPERT_REVIEW, "2026-11-30", "", "2026-12-14"},
	    {FS_SCORED, "2026-11-30", "", "2026-12-07"}, /* 5 working days */
	    {FS_PUBLICIZED, "2026-11-23", "2026-11-27", "2026-12-04"},
	    {FS_RECOGNIZED, "2026-11-23", "", ""},
	    {FS_REJECTED, "2026-11-23", "", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[11];
		flow_deadline(cases[i].s, cases[i].since, &d, cases[i].notice_end, out, NULL);
		ok(strcmp(out, cases[i].want) == 0, "deadline of %s since %s is \"%s\" (got %s)",
		   flow_state_key(cases[i].s), cases[i].since, cases[i].want, out);
	}
	d.district_due = "2026-12-20";
	char out[11];
	flow_deadline(FS_RETURNED, "2026-11-20", &d, "", out, NULL);
	is_str(out, "2026-12-20", "returned: the district's due date when set");
	bool cov = true;
	flow_deadline(FS_SUBMITTED, "2026-12-28", NULL, "", out, &cov);
	ok(!cov, "a deadline in 2027 is flagged as computed without the 2027 calendar");
}

static void test_scores(void)
{
	static const struct {
		int n;
		int s[7];
		long mean, median;
		int outliers;
		const char *flags; /* '1' per outlier */
	} cases[] = {
	    {5, {800, 820, 780, 810, 790}, 8000, 8000, 0, "00000"},
	    {5, {800, 820, 780, 810, 649}, 7718, 8000, 1, "00001"}, /* 15.1 below the median */
	    {5, {800, 820, 780, 810, 650}, 7720, 8000, 0, "00000"}, /* exactly 15: not an outlier */
	    {5, {800, 820, 780, 810, 961}, 8342, 8100, 1, "00001"}, /* 15.1 above */
	    {5, {800, 820, 780, 810, 951}, 8322, 8100, 0, "00000"}, /* 14.1 above */
	    {4, {700, 710, 900, 705}, 7538, 7075, 1, "0010"},       /* even n: median 70.75 */
	    {3, {855, 856, 856}, 8557, 8560, 0, "000"},             /* 85.566.. rounds to 85.57 */
	    {1, {1000}, 10000, 10000, 0, "0"},
	    {2, {0, 1000}, 5000, 5000, 2, "11"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct flow_score_summary sum;
		bool flags[7] = {0};
		char got[8] = {0};
		ok(flow_score_summarize(cases[i].s, cases[i].n, &sum, flags), "case %zu summarised",
		   i);
		for (int k = 0; k < cases[i].n; k++)
			got[k] = flags[k] ? '1' : '0';
		ok(sum.mean_x100 == cases[i].mean && sum.median_x100 == cases[i].median &&
		       sum.outliers == cases[i].outliers && strcmp(got, cases[i].flags) == 0,
		   "case %zu: mean %ld median %ld outliers %s (got %ld %ld %s)", i, cases[i].mean,
		   cases[i].median, cases[i].flags, sum.mean_x100, sum.median_x100, got);
	}
	struct flow_score_summary sum;
	int bad[2] = {500, 1001};
	ok(!flow_score_summarize(bad, 2, &sum, NULL), "score above 100.0 refused");
	bad[1] = -1;
	ok(!flow_score_summarize(bad, 2, &sum, NULL), "negative score refused");
	ok(!flow_score_summarize(bad, 0, &sum, NULL), "no scores refused");
	int many[MAX_EXPERTS_PER_APP + 1] = {0};
	ok(!flow_score_summarize(many, MAX_EXPERTS_PER_APP + 1, &sum, NULL), "too many refused");
	ok(flow_score_summarize(many, MAX_EXPERTS_PER_APP, &sum, NULL), "the maximum accepted");
}

static void test_terms(void)
{
	static const struct {
		const char *since;
		int years;
		const char *want;
	} cases[] = {
	    {"2025-11-08", 3, "2028-11-07"}, /* the Heilongjiang example, criteria.md §1.d */
	    {"2024-02-29", 3, "2027-02-28"}, {"2025-03-01", 3, "2028-02-29"}, /* leap day is the
	                                                                         last day */
	    {"2026-01-01", 3, "2028-12-31"}, {"2026-06-26", 5, "2031-06-25"}, {"2026-06-26", 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[11];
		flow_valid_until(cases[i].since, cases[i].years, out);
		ok(strcmp(out, cases[i].want) == 0, "%s + %d years - 1 day = \"%s\"",
		   cases[i].since, cases[i].years, cases[i].want);
	}
	is_int(flow_term_years(TIER_SRDI), 3, "SRDI: 3 years");
	is_int(flow_term_years(TIER_INNOVATIVE), 3, "innovative: 3 years");
	is_int(flow_term_years(TIER_LITTLE_GIANT), 3, "little giant: 3 years");
	is_int(flow_term_years(TIER_CANDIDATE), 0, "candidate pool: open-ended");
}

static void test_exits(void)
{
	is_int(flow_exit_bar_years(FX_CRITERIA), 0, "criteria: no bar");
	is_int(flow_exit_bar_years(FX_ACCIDENT), 3, "accident: 3 years");
	is_int(flow_exit_bar_years(FX_DISHONESTY), 3, "dishonesty: 3 years");
	is_int(flow_exit_bar_years(FX_FRAUD), 3, "fraud: 3 years");
	is_int(flow_exit_status(FX_CRITERIA), TS_EXITED, "criteria → exited");
	is_int(flow_exit_status(FX_FRAUD), TS_REVOKED, "fraud → revoked");
	is_int(flow_exit_parse(strv_from("数据造假")), FX_FRAUD, "parse label");
	is_int(flow_exit_parse(strv_from("dishonesty")), FX_DISHONESTY, "parse key");
	is_int(flow_exit_parse(strv_from("x")), FX_NONE, "unknown");
	is_str(flow_criteria_for(TIER_SRDI, "2026-11-28"), "srdi-2022", "SRDI criteria");
	is_str(flow_criteria_for(TIER_LITTLE_GIANT, "2025-05-14"), "little-giant-2022",
	       "little giant before 2025-05-15");
	is_str(flow_criteria_for(TIER_LITTLE_GIANT, "2025-05-15"), "little-giant-2025",
	       "little giant from 2025-05-15");
	is_str(flow_criteria_for(TIER_CHAMPION, "2026-01-01"), "",
	       "champion: no official criteria");
}

static void test_names(void)
{
	for (int s = FS_DRAFT; s < FS_COUNT; s++) {
		ok((int)flow_state_parse(strv_from(flow_state_key((enum flow_state)s))) == s,
		   "state key %s round-trips", flow_state_key((enum flow_state)s));
		ok((int)flow_state_parse(strv_from(flow_state_label((enum flow_state)s))) == s,
		   "state label %s round-trips", flow_state_label((enum flow_state)s));
	}
	for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
		ok((int)role_parse(role_key((enum role)r)) == r, "role %s round-trips",
		   role_key((enum role)r));
	ok(role_business(ROLE_VIEWER) && !role_business(ROLE_AUDITOR), "business roles");
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from("申报书"));
	ok(k && !k->declaration && k->required, "申报书 is a required file");
	k = flow_doc_kind_find(strv_from("decl_truth"));
	ok(k && k->declaration && k->text && k->text[0], "真实性声明 is a declaration with text");
	const struct flow_transition *next[4];
	is_int(flow_next(FS_SUBMITTED, ROLE_DISTRICT, next, 4), 2,
	       "district has 2 moves from submitted");
	is_int(flow_next(FS_SUBMITTED, ROLE_ENTERPRISE, next, 4), 0, "enterprise has none");
	is_int(flow_next(FS_PUBLICIZED, ROLE_CITY, next, 4), 2, "city: recognize or reject");
}

int main(void)
{
	test_table_shape();
	test_matrix();
	test_guards();
	test_deadlines();
	test_scores();
	test_terms();
	test_exits();
	test_names();
	return test_done();
}
