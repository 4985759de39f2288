/* flow.c - the workflow's tables and pure rules (see flow.h). */
#include "flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/workday.h"

/* ---- names ---- */

static const struct {
	const char *key, *label;
} states[FS_COUNT] = {
    [FS_NONE] = {"", ""},
    [FS_DRAFT] = {"draft", "草稿"},
    [FS_SUBMITTED] = {"submitted", "已提交"},
    [FS_RETURNED] = {"returned", "已退回"},
    [FS_DISTRICT_APPROVED] = {"district_approved", "区县初审通过"},
    [FS_CITY_APPROVED] = {"city_approved", "市级审核通过"},
    [FS_EXPERT_REVIEW] = {"expert_review", "专家评审中"},
    [FS_SCORED] = {"scored", "已评分"},
    [FS_PUBLICIZED] = {"publicized", "公示中"},
    [FS_RECOGNIZED] = {"recognized", "已认定"},
    [FS_REJECTED] = {"rejected", "未通过"},
};

const char *flow_state_key(enum flow_state s)
{
	return (unsigned)s < FS_COUNT ? states[s].key : "";
}

const char *flow_state_label(enum flow_state s)
{
	return (unsigned)s < FS_COUNT ? states[s].label : "";
}

enum flow_state flow_state_parse(struct strv text)
{
	text = strv_trim(text);
	for (int s = FS_DRAFT; s < FS_COUNT; s++)
		if (strv_eq(text, states[s].key) || strv_eq(text, states[s].label))
			return (enum flow_state)s;
	return FS_NONE;
}

bool flow_state_terminal(enum flow_state s)
{
	return s == FS_RECOGNIZED || s == FS_REJECTED;
}

/* ---- the machine ---- */

#define R(x) ROLE_BIT(ROLE_##x)

const struct flow_transition flow_transitions[FA_COUNT] = {
    {FA_SUBMIT, "submit", "提交申请", FS_DRAFT, FS_SUBMITTED, R(ENTERPRISE) | R(DISTRICT),
     FG_WINDOW | FG_DOCS | FG_NOT_BARRED},
    {FA_RESUBMIT, "resubmit", "重新提交", FS_RETURNED, FS_SUBMITTED, R(ENTERPRISE) | R(DISTRICT),
     FG_RESUBMIT | FG_DOCS | FG_NOT_BARRED},
    {FA_DISTRICT_APPROVE, "district_approve", "区县初审通过", FS_SUBMITTED, FS_DISTRICT_APPROVED,
     R(DISTRICT), 0},
    {FA_RETURN, "return", "退回修改", FS_SUBMITTED, FS_RETURNED, R(DISTRICT), FG_REASON},
    {FA_CITY_APPROVE, "city_approve", "市级审核通过", FS_DISTRICT_APPROVED, FS_CITY_APPROVED,
     R(CITY), 0},
    {FA_CITY_REJECT, "city_reject", "市级审核不通过", FS_DISTRICT_APPROVED, FS_REJECTED, R(CITY),
     FG_REASON},
    {FA_ASSIGN, "assign", "抽取专家评审", FS_CITY_APPROVED, FS_EXPERT_REVIEW, R(CITY), FG_EXPERTS},
    {FA_FINALIZE, "finalize", "汇总专家评分", FS_EXPERT_REVIEW, FS_SCORED, R(CITY), FG_ALL_SCORED},
    {FA_PUBLICIZE, "publicize", "公示", FS_SCORED, FS_PUBLICIZED, R(CITY), 0},
    {FA_SCORE_REJECT, "score_reject", "评审未通过", FS_SCORED, FS_REJECTED, R(CITY), FG_REASON},
    {FA_RECOGNIZE, "recognize", "认定", FS_PUBLICIZED, FS_RECOGNIZED, R(CITY),
     FG_NOTICE_OVER | FG_OBJECTIONS | FG_DOC_NO},
    {FA_NOTICE_REJECT, "notice_reject", "公示后不予认定", FS_PUBLICIZED, FS_REJECTED, R(CITY),
     FG_REASON},
};

#undef R

const char *flow_action_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} acts[] = {{"create", "创建申请"},     {"declare", "确认声明"},
	            {"attach", "上传材料"},     {"score", "专家评分"},
	            {"objection", "登记异议"},  {"objection_resolve", "处理异议"},
	            {"appoint", "增补评审专家"}};
	const struct flow_transition *t = flow_transition_find(strv_from(key ? key : ""));
	if (t)
		return t->label;
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (key && strcmp(key, acts[i].key) == 0)
			return acts[i].label;
	return key ? key : "";
}

const char *flow_guard_label(enum flow_guard g)
{
	static const char *const labels[] = {
	    "在申报窗口内",   "未过重新提交截止日", "必备材料齐全",   "不在3年限制申报期内",
	    "须填写理由",     "回避后专家人数足够", "专家已全部评分", "公示期已满",
	    "异议已处理完毕", "已有认定文号"};
	for (unsigned i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if ((unsigned)g == 1u << i)
			return labels[i];
	return "";
}

const struct flow_transition *flow_transition_find(struct strv text)
{
	text = strv_trim(text);
	for (int i = 0; i < FA_COUNT; i++)
		if (strv_eq(text, flow_transitions[i].key) ||
		    strv_eq(text, flow_transitions[i].label))
			return &flow_transitions[i];
	return NULL;
}

const struct flow_transition *flow_transition_between(enum flow_state from, enum flow_state to)
{
	for (int i = 0; i < FA_COUNT; i++)
		if (flow_transitions[i].from == from && flow_transitions[i].to == to)
			return &flow_transitions[i];
	return NULL;
}

size_t flow_next(enum flow_state from, enum role role, const struct flow_transition **out,
                 size_t max)
{
	size_t n = 0;
	for (int i = 0; i < FA_COUNT; i++) {
		const struct flow_transition *t = &flow_transitions[i];
		if (t->from != from || !(t->roles & ROLE_BIT(role)))
			continue;
		if (n < max)
			out[n] = t;
		n++;
	}
	return n;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* "、"-joined labels of the roles in mask. */
static void role_list(unsigned mask, char *out, size_t n)
{
	struct buf b;
	buf_init(&b, n ? n - 1 : 0);
	for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
		if (mask & ROLE_BIT(r))
			buf_printf(&b, "%s%s", b.len ? "、" : "", role_label((enum role)r));
	str_copy(out, n, buf_cstr(&b), b.len);
	buf_free(&b);
}

/* "、"-joined labels of the states reachable from `from`. */
static void next_states(enum flow_state from, char *out, size_t n)
{
	struct buf b;
	buf_init(&b, n ? n - 1 : 0);
	for (int i = 0; i < FA_COUNT; i++)
		if (flow_transitions[i].from == from)
			buf_printf(&b, "%s%s", b.len ? "、" : "",
			           states[flow_transitions[i].to].label);
	const char *text = b.len ? buf_cstr(&b) : "无(已结束)";
	str_copy(out, n, text, strlen(text));
	buf_free(&b);
}

/* Evaluates one guard; on failure writes the reason to why. */
static bool guard_ok(enum flow_guard g, const struct flow_facts *f, char *why, size_t n)
{
	const char *today = nz(f->today);
	switch (g) {
	case FG_WINDOW:
		if (strcmp(today, nz(f->opens)) >= 0 && strcmp(today, nz(f->closes)) <= 0)
			return true;
		snprintf(why, n, "申报窗口为 %s 至 %s,今天(%s)不在窗口内", nz(f->opens),
		         nz(f->closes), today);
		return false;
	case FG_RESUBMIT:
		if (!f->resubmit_due || !f->resubmit_due[0] || strcmp(today, f->resubmit_due) <= 0)
			return true;
		snprintf(why, n, "重新提交截止日为 %s,今天(%s)已过期", f->resubmit_due, today);
		return false;
	case FG_DOCS:
		if (!f->missing_docs || !f->missing_docs[0])
			return true;
		snprintf(why, n, "缺少必备材料:%s", f->missing_docs);
		return false;
	case FG_NOT_BARRED:
		if (!f->barred_until || !f->barred_until[0] || strcmp(today, f->barred_until) > 0)
			return true;
		snprintf(why, n, "企业%s,%s 前不得申报", nz(f->bar_reason), f->barred_until);
		return false;
	case FG_REASON: {
		struct strv c = strv_trim(strv_from(nz(f->comment)));
		if (c.n)
			return true;
		snprintf(why, n, "必须填写理由");
		return false;
	}
	case FG_EXPERTS:
		if (f->experts_needed > 0 && f->experts_eligible >= f->experts_needed)
			return true;
		snprintf(why, n, "专家库中符合回避要求的专家只有 %d 名,需要 %d 名",
		         f->experts_eligible, f->experts_needed);
		return false;
	case FG_ALL_SCORED:
		if (f->reviews_assigned > 0 && f->reviews_scored == f->reviews_assigned)
			return true;
		snprintf(why, n, "已分配 %d 名专家,仅 %d 名已评分", f->reviews_assigned,
		         f->reviews_scored);
		return false;
	case FG_NOTICE_OVER:
		if (f->notice_end && f->notice_end[0] && strcmp(today, f->notice_end) > 0)
			return true;
		snprintf(why, n, "公示期至 %s 结束,今天(%s)尚未期满",
		         f->notice_end && f->notice_end[0] ? f->notice_end : "(未设定)", today);
		return false;
	case FG_OBJECTIONS:
		if (f->open_objections == 0)
			return true;
		snprintf(why, n, "尚有 %d 条异议未处理", f->open_objections);
		return false;
	case FG_DOC_NO:
		if (f->doc_no && strv_trim(strv_from(f->doc_no)).n)
			return true;
		snprintf(why, n, "缺少认定文号(请在批次或本次操作中填写)");
		return false;
	}
	return true;
}

enum app_status flow_check(enum flow_state from, enum flow_state to, enum role role,
                           const struct flow_facts *f, const struct flow_transition **out,
                           struct app_err *e)
{
	char list[256], why[MAX_ERR_MSG / 2];
	const struct flow_transition *t = flow_transition_between(from, to);
	const char *fl = flow_state_label(from), *rl = role_label(role);
	if (out)
		*out = NULL;
	if ((unsigned)from >= FS_COUNT || (unsigned)to >= FS_COUNT || from == FS_NONE)
		return app_err_set(e, APP_EINVAL, "申请状态无效");
	if (!t) {
		next_states(from, list, sizeof list);
		return app_err_set(e, APP_ECONFLICT,
		                   "申请当前状态为「%s」,不能变为「%s」(角色「%s」);可变为:%s", fl,
		                   flow_state_label(to), rl, list);
	}
	if (!(t->roles & ROLE_BIT(role))) {
		role_list(t->roles, list, sizeof list);
		return app_err_set(e, APP_EPERM,
		                   "角色「%s」不能执行「%s」(申请当前状态为「%s」);可由:%s", rl,
		                   t->label, fl, list);
	}
	for (unsigned g = 1; g <= FG_DOC_NO; g <<= 1) {
		if (!(t->guards & g) || guard_ok((enum flow_guard)g, f, why, sizeof why))
			continue;
		return app_err_set(e, APP_ECONFLICT,
		                   "不能执行「%s」(申请当前状态为「%s」,角色「%s」):%s", t->label,
		                   fl, rl, why);
	}
	if (out)
		*out = t;
	return APP_OK;
}

/* ---- deadlines ---- */

static void after_workdays(const char *since, int n, char out[11], bool *covered)
{
	/* n working days after `since`: the n-th working day from the day after */
	int y, m, d;
	char next[11];
	out[0] = '\0';
	if (!since || !date_split(since, &y, &m, &d))
		return;
	int64_t day = date_days(y, m, d) + 1;
	date_from_days(day, &y, &m, &d);
	date_format(y, m, d, next);
	workday_nth(next, n, out, covered);
}

static void date_or(const char *date, const char *since, int n, char out[11], bool *covered)
{
	if (date && date[0])
		str_copy(out, 11, date, strlen(date));
	else
		after_workdays(since, n, out, covered);
}

void flow_deadline(enum flow_state s, const char *since, const struct flow_due_dates *d,
                   const char *notice_end, char out[11], bool *covered)
{
	static const struct flow_due_dates none = {0};
	if (!d)
		d = &none;
	out[0] = '\0';
	if (covered)
		*covered = true;
	switch (s) {
	case FS_DRAFT:
		str_copy(out, 11, nz(d->closes), strlen(nz(d->closes)));
		break;
	case FS_RETURNED: {
		const char *due =
		    d->district_due && d->district_due[0] ? d->district_due : nz(d->closes);
		str_copy(out, 11, due, strlen(due));
		break;
	}
	case FS_SUBMITTED:
		date_or(d->district_due, since, FLOW_STEP_WORKDAYS, out, covered);
		break;
	case FS_DISTRICT_APPROVED:
		date_or(d->city_due, since, FLOW_STEP_WORKDAYS, out, covered);
		break;
	case FS_CITY_APPROVED:
	case FS_EXPERT_REVIEW:
		date_or(d->review_due, since, FLOW_STEP_WORKDAYS, out, covered);
		break;
	case FS_SCORED:
		after_workdays(since, FLOW_PUBLISH_WORKDAYS, out, covered);
		break;
	case FS_PUBLICIZED:
		after_workdays(notice_end, FLOW_DECISION_WORKDAYS, out, covered);
		break;
	default:
		break;
	}
}

bool flow_notice_dates(const char *from, int days, char start[11], char end[11], bool *covered)
{
	bool c1 = true, c2 = true;
	start[0] = end[0] = '\0';
	if (days < 1 || days > MAX_NOTICE_WORKDAYS || !workday_nth(from, 1, start, &c1) ||
	    !workday_nth(start, days, end, &c2)) {
		start[0] = end[0] = '\0';
		return false;
	}
	if (covered)
		*covered = c1 && c2;
	return true;
}

/* ---- attachments ---- */

const struct flow_doc_kind flow_doc_kinds[] = {
    {"decl_truth", "真实性声明", true, true,
     "本企业承诺:所填报的数据和提交的材料真实、准确、完整,如有虚假,愿承担相应责任,"
     "并接受撤销认定、三年内不得再次申报的处理。"},
    {"decl_compliance", "合规承诺", true, true,
     "本企业承诺:近三年未发生重大安全(含网络安全、数据安全)、质量、环境污染等事故,"
     "未被列入经营异常名录或严重失信主体名单,无偷漏税和其他违法违规行为。"},
    {"application_form", "申报书", false, true, NULL},
    {"financial_audit", "上年度财务审计报告", false, true, NULL},
    {"ip_proof", "知识产权证明", false, false, NULL},
    {"other", "其他证明材料", false, false, NULL},
};
const size_t flow_doc_kind_count = sizeof flow_doc_kinds / sizeof flow_doc_kinds[0];

const struct flow_doc_kind *flow_doc_kind_find(struct strv text)
{
	text = strv_trim(text);
	for (size_t i = 0; i < flow_doc_kind_count; i++)
		if (strv_eq(text, flow_doc_kinds[i].key) || strv_eq(text, flow_doc_kinds[i].label))
			return &flow_doc_kinds[i];
	return NULL;
}

/* ---- scores ---- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

bool flow_score_summarize(const int *tenths, int n, struct flow_score_summary *out, bool *outlier)
{
	int sorted[MAX_EXPERTS_PER_APP];
	memset(out, 0, sizeof *out);
	if (n < 1 || n > MAX_EXPERTS_PER_APP)
		return false;
	long sum = 0;
	for (int i = 0; i < n; i++) {
		if (tenths[i] < 0 || tenths[i] > FLOW_SCORE_MAX)
			return false;
		sorted[i] = tenths[i];
		sum += tenths[i];
	}
	qsort(sorted, (size_t)n, sizeof sorted[0], cmp_int);
	out->n = n;
	/* mean in hundredths: sum*10/n rounded half up (all terms non-negative) */
	out->mean_x100 = (sum * 10 * 2 + n) / (2L * n);
	out->median_x100 = n % 2 ? sorted[n / 2] * 10L : (sorted[n / 2 - 1] + sorted[n / 2]) * 5L;
	out->min_x10 = sorted[0];
	out->max_x10 = sorted[n - 1];
	for (int i = 0; i < n; i++) {
		long dev = labs(tenths[i] * 10L - out->median_x100);
		bool o = dev > FLOW_OUTLIER_X100;
		if (outlier)
			outlier[i] = o;
		out->outliers += o;
	}
	return true;
}

/* ---- validity, exits, proposals, criteria ---- */

int flow_term_years(enum tier t)
{
	switch (t) {
	case TIER_INNOVATIVE:
	case TIER_SRDI:
	case TIER_LITTLE_GIANT:
	case TIER_CHAMPION:
		return 3;
	default:
		return 0;
	}
}

void flow_valid_until(const char *since, int years, char out[11])
{
	out[0] = '\0';
	if (years > 0)
		date_term_end(since, years, out);
}

static const struct {
	const char *key, *label;
	int bar;
	enum tier_status status;
} exits[FX_COUNT] = {
    [FX_NONE] = {"", "", 0, TS_NONE},
    [FX_CRITERIA] = {"criteria", "不再符合认定条件", 0, TS_EXITED},
    [FX_ACCIDENT] = {"accident", "重大安全质量环境事故", FLOW_BAR_YEARS, TS_REVOKED},
    [FX_DISHONESTY] = {"dishonesty", "严重失信", FLOW_BAR_YEARS, TS_REVOKED},
    [FX_FRAUD] = {"fraud", "数据造假", FLOW_BAR_YEARS, TS_REVOKED},
};

int flow_exit_bar_years(enum flow_exit x)
{
	return (unsigned)x < FX_COUNT ? exits[x].bar : 0;
}

const char *flow_exit_key(enum flow_exit x)
{
	return (unsigned)x < FX_COUNT ? exits[x].key : "";
}

const char *flow_exit_label(enum flow_exit x)
{
	return (unsigned)x < FX_COUNT ? exits[x].label : "";
}

enum flow_exit flow_exit_parse(struct strv text)
{
	text = strv_trim(text);
	for (int x = FX_CRITERIA; x < FX_COUNT; x++)
		if (strv_eq(text, exits[x].key) || strv_eq(text, exits[x].label))
			return (enum flow_exit)x;
	return FX_NONE;
}

enum tier_status flow_exit_status(enum flow_exit x)
{
	return (unsigned)x < FX_COUNT ? exits[x].status : TS_NONE;
}

static const struct {
	const char *key, *label;
} proposals[FP_COUNT] = {
    [FP_NONE] = {"", ""},
    [FP_KEEP] = {"keep", "保留"},
    [FP_WARN] = {"warn", "预警"},
    [FP_EXIT] = {"exit", "建议退出"},
    [FP_UNKNOWN] = {"unknown", "待评价"},
};

const char *flow_proposal_key(enum flow_proposal p)
{
	return (unsigned)p < FP_COUNT ? proposals[p].key : "";
}

const char *flow_proposal_label(enum flow_proposal p)
{
	return (unsigned)p < FP_COUNT ? proposals[p].label : "";
}

static const struct {
	const char *key, *label;
} objections[] = {
    [FO_NONE] = {"", ""},
    [FO_OPEN] = {"open", "待处理"},
    [FO_UPHELD] = {"upheld", "成立"},
    [FO_DISMISSED] = {"dismissed", "不成立"},
};

const char *flow_objection_key(enum flow_objection_status s)
{
	return (unsigned)s <= FO_DISMISSED ? objections[s].key : "";
}

const char *flow_objection_label(enum flow_objection_status s)
{
	return (unsigned)s <= FO_DISMISSED ? objections[s].label : "";
}

/* Which built-in criteria apply to a tier from which date. */
static const struct {
	enum tier tier;
	const char *from; /* first day in force */
	const char *name;
} criteria_by_date[] = {
    {TIER_INNOVATIVE, "2022-08-01", "innovative-2022"},
    {TIER_SRDI, "2022-08-01", "srdi-2022"},
    {TIER_LITTLE_GIANT, "2022-08-01", "little-giant-2022"},
    {TIER_LITTLE_GIANT, "2025-05-15", "little-giant-2025"},
};

const char *flow_criteria_for(enum tier t, const char *date)
{
	const char *best = "";
	for (size_t i = 0; i < sizeof criteria_by_date / sizeof criteria_by_date[0]; i++)
		if (criteria_by_date[i].tier == t &&
		    (best[0] == '\0' || strcmp(nz(date), criteria_by_date[i].from) >= 0))
			best = criteria_by_date[i].name;
	return best;
}
