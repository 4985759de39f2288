/* flow.h - the cultivation workflow as data: application states, user
 * roles, the transition table with its guards, deadlines, expert score
 * summaries, validity terms and exit reasons (criteria.md §1.d). Pure: no
 * I/O, SQL or JSON. The service (app/workflow.c) gathers the facts a guard
 * needs, asks flow_check, and performs the transition.
 *
 * The machine (flow_transitions[], one row per allowed change):
 *
 *   draft ──submit──▶ submitted ──district_approve──▶ district_approved
 *   returned ──resubmit──▶ submitted ──return──▶ returned
 *   district_approved ──city_approve──▶ city_approved ──assign──▶ expert_review
 *   district_approved ──city_reject──▶ rejected
 *   expert_review ──finalize──▶ scored ──publicize──▶ publicized ──recognize──▶ recognized
 *   scored ──score_reject──▶ rejected;   publicized ──notice_reject──▶ rejected
 *
 * Anything else is refused, with a Chinese reason naming the state and the
 * role. */
#ifndef ZJTX_FLOW_H
#define ZJTX_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/str.h"
#include "core/role.h"
#include "core/tier.h"

/* ---- states (the roles are core/role.h's enum role) ---- */

enum flow_state {
	FS_NONE = 0,
	FS_DRAFT,             /* 草稿: the firm (or its district) is preparing it */
	FS_SUBMITTED,         /* 已提交: waiting for the district's first review */
	FS_RETURNED,          /* 已退回: back to the firm with reasons; it may resubmit */
	FS_DISTRICT_APPROVED, /* 区县初审通过: waiting for the city's review */
	FS_CITY_APPROVED,     /* 市级审核通过: waiting for experts */
	FS_EXPERT_REVIEW,     /* 专家评审中: experts drawn, scoring */
	FS_SCORED,            /* 已评分: mean score known */
	FS_PUBLICIZED,        /* 公示中: on public notice; objections recorded */
	FS_RECOGNIZED,        /* 已认定 (terminal): a tier event was appended */
	FS_REJECTED,          /* 未通过 (terminal) */
	FS_COUNT
};

/* "draft", ...; "" for FS_NONE or out of range. */
const char *flow_state_key(enum flow_state s);
/* "草稿", "已提交", "已退回", "区县初审通过", "市级审核通过", "专家评审中", "已评分",
 * "公示中", "已认定", "未通过". */
const char *flow_state_label(enum flow_state s);
/* Parses a key or a label; FS_NONE if unknown. */
enum flow_state flow_state_parse(struct strv text);
/* True for recognized and rejected. */
bool flow_state_terminal(enum flow_state s);

/* ---- the transition table ---- */

enum flow_action {
	FA_SUBMIT,
	FA_RESUBMIT,
	FA_DISTRICT_APPROVE,
	FA_RETURN,
	FA_CITY_APPROVE,
	FA_CITY_REJECT,
	FA_ASSIGN,
	FA_FINALIZE,
	FA_PUBLICIZE,
	FA_SCORE_REJECT,
	FA_RECOGNIZE,
	FA_NOTICE_REJECT,
	FA_COUNT
};

/* Guards: conditions a transition needs besides state and role. */
enum flow_guard {
	FG_WINDOW = 1u << 0,      /* today is inside the batch's application window */
	FG_RESUBMIT = 1u << 1,    /* today is not after the resubmission deadline */
	FG_DOCS = 1u << 2,        /* required declarations and files are attached */
	FG_NOT_BARRED = 1u << 3,  /* no 3-year bar after a revocation */
	FG_REASON = 1u << 4,      /* a comment gives the reason */
	FG_EXPERTS = 1u << 5,     /* the pool holds enough eligible experts */
	FG_ALL_SCORED = 1u << 6,  /* every assigned expert has scored */
	FG_NOTICE_OVER = 1u << 7, /* the public notice period has ended */
	FG_OBJECTIONS = 1u << 8,  /* no objection is still open */
	FG_DOC_NO = 1u << 9,      /* a document number (文号) for the recognition */
};

/* The Chinese label of a logged action: a transition key ("submit" →
 * "提交申请") or one of the acts that do not change state: "create"
 * (创建申请), "declare" (确认声明), "attach" (上传材料), "score" (专家评分),
 * "objection" (登记异议), "objection_resolve" (处理异议), "appoint"
 * (增补评审专家). The key itself if unknown. */
const char *flow_action_label(const char *key);

/* A short Chinese statement of a guard ("必备材料齐全"); "" if not one bit. */
const char *flow_guard_label(enum flow_guard g);

struct flow_transition {
	enum flow_action action;
	const char *key;   /* "submit", "district_approve", ... */
	const char *label; /* "提交申请", "区县初审通过", ... */
	enum flow_state from, to;
	unsigned roles;  /* ROLE_BIT of each role allowed (core/role.h) */
	unsigned guards; /* enum flow_guard bits */
};

/* The table, indexed by enum flow_action. */
extern const struct flow_transition flow_transitions[FA_COUNT];

/* Finds the transition with this key (or label); NULL if none. */
const struct flow_transition *flow_transition_find(struct strv text);
/* The transition from → to, or NULL if the table has none. */
const struct flow_transition *flow_transition_between(enum flow_state from, enum flow_state to);

/* What the service knows when a transition is asked for; a guard reads only
 * its own members. Strings may be NULL (read as ""). */
struct flow_facts {
	const char *today;          /* business date "YYYY-MM-DD" */
	const char *opens, *closes; /* the batch's application window (FG_WINDOW) */
	const char *resubmit_due;   /* last day to resubmit (FG_RESUBMIT) */
	const char *missing_docs; /* labels of missing required attachments, "" if none (FG_DOCS) */
	const char *barred_until; /* last barred day, "" if not barred (FG_NOT_BARRED) */
	const char *bar_reason;   /* why, e.g. "2025-03-01 因数据造假被撤销认定" */
	const char *comment;      /* the reason given (FG_REASON) */
	int experts_needed;       /* FG_EXPERTS */
	int experts_eligible;
	int reviews_assigned; /* FG_ALL_SCORED */
	int reviews_scored;
	const char *notice_end; /* FG_NOTICE_OVER */
	int open_objections;    /* FG_OBJECTIONS */
	const char *doc_no;     /* FG_DOC_NO */
};

/* Checks that a user of role `role` may move an application from `from` to
 * `to` given the facts. On success sets *out (may be NULL) to the table row
 * and returns APP_OK. Errors, each with a Chinese message that names the
 * current state and the role:
 * - APP_ECONFLICT: the table has no such change ("申请当前状态为「草稿」,不能
 *   变为「已认定」;可变为:已提交"), or a guard fails (the message says which
 *   rule and the facts: the window dates, the missing documents, ...);
 * - APP_EPERM: the change exists but the role may not make it ("角色「企业」
 *   不能执行「区县初审通过」(申请当前状态为「已提交」);可由:区县经信部门").
 * Role is checked before guards. */
enum app_status flow_check(enum flow_state from, enum flow_state to, enum role role,
                           const struct flow_facts *f, const struct flow_transition **out,
                           struct app_err *e);

/* The transitions leaving `from` that `role` may take (guards not checked),
 * written to out[0..max-1]; returns how many there are. */
size_t flow_next(enum flow_state from, enum role role, const struct flow_transition **out,
                 size_t max);

/* ---- deadlines ---- */

/* Working days allowed for a step when the batch sets no date: district
 * review, city review, expert review, publicizing after scoring, and the
 * decision after the notice ends. No official limit was found
 * (criteria.md §1.d gives none); these are the defaults a city overrides by
 * setting the batch's dates. */
#define FLOW_STEP_WORKDAYS     10
#define FLOW_PUBLISH_WORKDAYS  5
#define FLOW_DECISION_WORKDAYS 5

/* The dates of a batch that deadlines use ("" = not set). */
struct flow_due_dates {
	const char *closes;       /* end of the application window */
	const char *district_due; /* 区县初审截止 */
	const char *city_due;     /* 市级审核截止 */
	const char *review_due;   /* 专家评审截止 */
};

/* The deadline of an application in state `s`, entered on `since`, written
 * to out ("" for terminal states): draft → closes; returned → district_due,
 * else closes; submitted → district_due; district_approved → city_due;
 * city_approved and expert_review → review_due; where the batch leaves a
 * date empty, `since` + FLOW_STEP_WORKDAYS working days. scored → since +
 * FLOW_PUBLISH_WORKDAYS; publicized → notice_end + FLOW_DECISION_WORKDAYS
 * (the working days after notice_end). *covered (may be NULL) is false if
 * the working-day count touched a year the holiday calendar lacks. */
void flow_deadline(enum flow_state s, const char *since, const struct flow_due_dates *d,
                   const char *notice_end, char out[11], bool *covered);

/* The public notice: starts on the first working day on or after `from`
 * and lasts `days` working days (the last one included). Returns false if
 * from is not a date or days is outside 1..MAX_NOTICE_WORKDAYS. */
bool flow_notice_dates(const char *from, int days, char start[11], char end[11], bool *covered);

/* ---- attachments ---- */

struct flow_doc_kind {
	const char *key;   /* "decl_truth", "application_form", ... */
	const char *label; /* "真实性声明", "申报书", ... */
	bool declaration;  /* accepted as a statement, no file */
	bool required;
	const char *text; /* declarations: the statement accepted (its SHA-256 is recorded) */
};
extern const struct flow_doc_kind flow_doc_kinds[];
extern const size_t flow_doc_kind_count;
/* By key or label; NULL if unknown. */
const struct flow_doc_kind *flow_doc_kind_find(struct strv text);

/* ---- expert scores ---- */

/* Scores are in tenths of a point, 0..1000 (100.0 points). */
#define FLOW_SCORE_MAX 1000
/* A score is an outlier when it lies more than this many hundredths of a
 * point from the median of the application's scores (15 points). The rule
 * "more than 2 standard deviations from the mean" is not used: with the
 * usual 3 to 7 experts it can never fire for n <= 5 (no single score can
 * lie more than (n-1)/sqrt(n) standard deviations from the mean) and is
 * erratic above. */
#define FLOW_OUTLIER_X100 1500

struct flow_score_summary {
	int n;          /* scores */
	long mean_x100; /* mean, hundredths of a point, rounded half up */
	long median_x100;
	long min_x10, max_x10;
	int outliers; /* how many scores are flagged */
};

/* Summarises n (1..MAX_EXPERTS_PER_APP) scores in tenths; outlier[i] (may
 * be NULL) is set for each score more than FLOW_OUTLIER_X100 from the
 * median. Returns false (out zeroed) if n is out of range or a score is
 * outside 0..FLOW_SCORE_MAX. */
bool flow_score_summarize(const int *tenths, int n, struct flow_score_summary *out, bool *outlier);

/* ---- validity and exit ---- */

/* Default term of a recognition in years (3 for every tier with a term,
 * criteria.md §1.d; 0 = open-ended for the candidate pool). */
int flow_term_years(enum tier t);
/* The last valid day of a term of `years` starting on since: since + years
 * − 1 day (date_term_end); "" when years is 0. */
void flow_valid_until(const char *since, int years, char out[11]);

enum flow_exit {
	FX_NONE = 0,
	FX_CRITERIA, /* 不再符合认定条件 (incl. no longer an SME) */
	FX_ACCIDENT, /* 发生重大安全(含网络安全、数据安全)、质量、环境污染等事故 */
	FX_DISHONESTY, /* 列入严重失信主体名单 */
	FX_FRAUD,      /* 提供虚假材料、数据造假 */
	FX_COUNT
};
/* Years an exit for this reason bars re-application (3 for accident,
 * dishonesty and fraud: 暂行办法 Art. 16; 0 for criteria). */
#define FLOW_BAR_YEARS 3
int flow_exit_bar_years(enum flow_exit x);
const char *flow_exit_key(enum flow_exit x); /* "criteria", "accident", "dishonesty", "fraud" */
const char *flow_exit_label(enum flow_exit x); /* "不再符合认定条件", "重大安全质量环境事故", ... */
enum flow_exit flow_exit_parse(struct strv text);
/* The tier status an exit records: TS_EXITED for criteria, TS_REVOKED for
 * the barring reasons. */
enum tier_status flow_exit_status(enum flow_exit x);

/* The proposal of the yearly re-evaluation. */
enum flow_proposal { FP_NONE = 0, FP_KEEP, FP_WARN, FP_EXIT, FP_UNKNOWN, FP_COUNT };
const char *flow_proposal_key(enum flow_proposal p); /* "keep", "warn", "exit", "unknown" */
const char *flow_proposal_label(enum flow_proposal p); /* "保留", "预警", "建议退出", "待评价" */

/* The built-in criteria a tier is evaluated against on a date (the names
 * the criteria engine knows): innovative-2022, srdi-2022, little-giant-2022
 * (little-giant-2025 from 2025-05-15, 渝经信中小〔2025〕23号). "" for tiers
 * without official criteria (candidate, champion). */
const char *flow_criteria_for(enum tier t, const char *date);

/* ---- records (stored by store_workflow.h / store_review.h / store_manage.h) ---- */

struct flow_batch {
	long id;
	char name[MAX_NAME_BYTES + 1]; /* "2026年度专精特新中小企业申报" */
	enum tier tier;
	int year;
	char criteria[64];                 /* criteria name, e.g. "srdi-2022" */
	char opens[11], closes[11];        /* application window, both days included */
	char district_due[11];             /* "" = FLOW_STEP_WORKDAYS after submission */
	char city_due[11], review_due[11]; /* likewise */
	int notice_days;                   /* 公示 length, working days (default 5) */
	int term_years;                    /* validity of recognitions, 0 = open-ended */
	int experts;                       /* experts drawn per application */
	bool blind;                        /* experts do not see firm names */
	bool exclude_linked;               /* experts linked to the firm or its district excluded */
	char doc_no[128]; /* 文号 of the recognition announcement, "" if not yet */
	char created_by[64];
	char created_at[20];
};

struct flow_app {
	long id;
	long batch_id;
	char uscc[19];
	enum tier tier; /* the batch's tier */
	bool renewal;   /* 复核: the firm held the tier when it applied */
	enum flow_state state;
	char state_since[11]; /* business date the current state was entered */
	char unit[8];         /* reporting unit when filed: zone code, else district code */
	char district[7];     /* district code when filed */
	char filed_by[64];
	enum role filed_role;
	int figures_year; /* latest fiscal year in the snapshot, 0 if none */
	long score_x100;  /* mean expert score, -1 until scored */
	char notice_start[11], notice_end[11];
	char doc_no[128]; /* 文号 of the recognition */
	char valid_from[11], valid_until[11];
	long tier_event_id;           /* the recognition's tier event, 0 if none */
	char note[MAX_COMMENT_BYTES]; /* the last reason given (return, rejection) */
	char created_at[20], updated_at[20];
};

struct flow_event {
	long id;
	long app_id;
	enum flow_state from, to; /* from = FS_NONE for creation */
	char action[24];          /* transition key, or "create", "attach", "score", ... */
	char actor[64];
	enum role role;
	char comment[MAX_COMMENT_BYTES];
	char on_date[11]; /* business date */
	char at[20];      /* "YYYY-MM-DD HH:MM:SS" UTC */
};

struct flow_attachment {
	long id;
	long app_id;
	char kind[24];   /* flow_doc_kinds key */
	char sha256[65]; /* content hash (lower-case hex); for a declaration, of its text */
	long long size;  /* bytes; 0 for a declaration */
	char type[16];   /* detected: "pdf", "png", "jpeg", "docx", "xlsx", "ofd"; "" for a
	                    declaration */
	char name[MAX_ATTACH_NAME_BYTES]; /* cleaned display name */
	char uploaded_by[64];
	char uploaded_at[20];
};

enum flow_objection_status { FO_NONE = 0, FO_OPEN, FO_UPHELD, FO_DISMISSED };
const char *flow_objection_key(enum flow_objection_status s); /* "open", "upheld", "dismissed" */
const char *flow_objection_label(enum flow_objection_status s); /* "待处理", "成立", "不成立" */

struct flow_objection {
	long id;
	long app_id;
	char received[11]; /* date received */
	char source[128];  /* who objected ("" = anonymous) */
	char content[MAX_COMMENT_BYTES];
	enum flow_objection_status status;
	char resolution[MAX_COMMENT_BYTES];
	char recorded_by[64];
	char resolved_by[64];
	char resolved_at[20];
};

struct flow_expert {
	long id;
	char username[64];                /* the expert's user name (role expert) */
	char name[MAX_SHORT_TEXT_BYTES];  /* personal data */
	char field[MAX_SHORT_TEXT_BYTES]; /* speciality, e.g. "智能制造" */
	char unit[8];                     /* district or zone where employed, "" if none */
	char employer[19];                /* USCC of the employer, "" if none */
	bool active;
};

struct flow_review {
	long app_id;
	long expert_id;
	char assigned_at[20];
	int score; /* tenths of a point, -1 until scored */
	char comment[MAX_COMMENT_BYTES];
	char scored_at[20];
	bool outlier;
};

struct flow_exit_decision {
	long id;
	char uscc[19];
	enum tier tier;
	enum flow_exit reason;
	char detail[MAX_COMMENT_BYTES];
	char decided[11]; /* date of the decision */
	char doc_no[128];
	char bar_until[11]; /* last barred day, "" if no bar */
	long tier_event_id;
	char actor[64];
	char recorded_at[20];
};

struct flow_reeval {
	long id;
	char run_date[11]; /* business date of the run */
	char uscc[19];
	enum tier tier;
	char criteria[64];
	int figures_year; /* 0 if the firm has no figures */
	enum flow_proposal proposal;
	char reasons[512];
	char actor[64];
	char recorded_at[20];
};

struct flow_target_set {
	char name[32];    /* "cq-2020-notice", "cq-2022-plan", ... */
	char label[256];  /* Chinese title */
	char source[256]; /* the document */
	bool ladder;      /* count firms holding the tier or a higher one (else the tier alone) */
};

struct flow_target {
	char set[32];
	enum tier tier;
	int year;     /* by the end of this year */
	char unit[8]; /* district or zone code; "" = the whole city */
	long target;
};

#endif
