/* monthly.h - monthly monitoring (月度监测) in the pure core: the monthly
 * keys of indicators.md, reporting periods and the reporting calendar,
 * single-month values derived from year-to-date ones, and the validation
 * of one report into errors and warnings.
 *
 * Conventions (criteria.md §7): a report carries year-to-date (1—本月)
 * values; the single month is cum(m) − cum(m−1), except January and, when
 * January and February are filed together (1—2月), February, whose
 * "single month" is the year-to-date value itself. Headcount is a stock
 * (期末人数), never differenced. Money is int64 分 as everywhere (money.h);
 * missing is a bit, never 0.
 *
 * Nothing here reads the clock: "today" is always a parameter (days since
 * 1970-01-01 of the Beijing calendar date, see monthly_local_day). */
#ifndef ZJTX_MONTHLY_H
#define ZJTX_MONTHLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/str.h"
#include "core/indicator.h"
#include "core/money.h"

/* ---- keys ---- */

/* The numeric monthly keys, in indicators.md order. */
enum monthly_key {
	MK_REVENUE_YTD,    /* 营业收入(累计) */
	MK_OUTPUT_YTD,     /* 工业总产值(累计) */
	MK_PROFIT_YTD,     /* 利润总额(累计), may be negative */
	MK_TAX_YTD,        /* 税金总额(累计) */
	MK_RD_EXPENSE_YTD, /* 研发费用(累计) */
	MK_EXPORT_YTD,     /* 出口交货值(累计) */
	MK_EMPLOYEES,      /* 从业人员期末人数 (a stock) */
	MK_COUNT
};

/* The table of the numeric keys (type, range, label). Money keys accept at
 * most MONTHLY_MONEY_MAX (10 万亿元: four orders of magnitude above any SME,
 * so a value typed in 元 instead of 万元 still parses and is caught as a
 * unit slip, while sums over any realistic pool stay exact in int64). */
#define MONTHLY_MONEY_MAX 1000000000000000LL /* 分 = 1e9 万元 */
extern const struct indicator monthly_indicators[MK_COUNT];

/* The text key 生产经营情况说明 (optional free text, at most
 * MAX_MONTHLY_NOTE_CHARS characters). */
#define MONTHLY_NOTE_KEY   "orders_note"
#define MONTHLY_NOTE_LABEL "生产经营情况说明"
#define MONTHLY_COL_NOTE   MK_COUNT /* monthly_key_find's answer for the note */

/* True for the year-to-date keys (all but MK_EMPLOYEES). */
bool monthly_key_is_ytd(enum monthly_key k);
/* Short name without "(累计)" for tables and prose: "营业收入", "利润总额". */
const char *monthly_key_short(enum monthly_key k);
/* Finds a monthly column by key (ASCII, any case) or Chinese label, the
 * label also without its "(累计)": an enum monthly_key, MONTHLY_COL_NOTE, or
 * -1. */
int monthly_key_find(struct strv text);

/* ---- periods ---- */

/* A period is a month number counted from year 0: year * 12 + (month − 1).
 * Consecutive months differ by 1; p − 12 is the same month last year. */
static inline int monthly_period(int year, int month)
{
	return year * 12 + month - 1;
}
static inline int monthly_period_year(int p)
{
	return p / 12;
}
static inline int monthly_period_month(int p)
{
	return p % 12 + 1;
}
#define MONTHLY_MIN_YEAR 1990
#define MONTHLY_MAX_YEAR 2999

/* Parses "YYYY-MM" (also "YYYY/MM", "YYYY.MM", "YYYYMM", "YYYY年M月", "YYYY-M")
 * with a year in MONTHLY_MIN_YEAR..MONTHLY_MAX_YEAR, trimmed. False if
 * malformed. */
bool monthly_period_parse(struct strv text, int *out);
/* Writes "YYYY-MM" into out[8]. */
void monthly_period_format(int p, char out[8]);
/* The storage form YYYYMM (202510) and back (0 if v is not a valid YYYYMM). */
int monthly_period_yyyymm(int p);
int monthly_period_from_yyyymm(int64_t v);
/* Days since 1970-01-01 of the first and of the last day of period p. */
int64_t monthly_period_first_day(int p);
int64_t monthly_period_last_day(int p);

/* ---- the reporting calendar ---- */

struct monthly_calendar {
	int deadline_day;     /* a report is due by this day of the following month (1..28) */
	bool combine_jan_feb; /* January is not filed alone: 1—2月 is filed as February */
};

/* Deadline the 10th, January and February combined (NBS practice, §7). */
void monthly_calendar_default(struct monthly_calendar *c);

/* Whether a report is expected for period p: every month, except January
 * when January and February are combined. */
bool monthly_period_expected(const struct monthly_calendar *c, int p);
/* The expected period before / after p (skipping a combined January). */
int monthly_period_prev(const struct monthly_calendar *c, int p);
int monthly_period_next(const struct monthly_calendar *c, int p);
/* The deadline of p: deadline_day of the month after p, as days since 1970
 * (Beijing calendar). */
int64_t monthly_deadline(const struct monthly_calendar *c, int p);
/* The latest expected period whose deadline is before `today` (days), i.e.
 * the last period a completeness check can judge in full. */
int monthly_last_closed(const struct monthly_calendar *c, int64_t today);
/* The latest period that has ended by `today` (its last day < today). */
int monthly_last_ended(int64_t today);

/* The span a year-to-date value of p covers, for prose and headers: "1—10月",
 * "1—2月", "1月" (with an em dash as bulletins print it). */
void monthly_span_label(int p, char *out, size_t n);
/* The period as one reporting unit: "10月", or "1—2月" for a combined
 * February. */
void monthly_month_label(const struct monthly_calendar *c, int p, char *out, size_t n);

/* Beijing (UTC+8) calendar day of a UTC timestamp "YYYY-MM-DD HH:MM:SS"
 * (or of a bare date), as days since 1970; INT64_MIN if malformed. */
int64_t monthly_local_day(const char *utc);
/* True if a report of p first filed at filed_at (UTC timestamp) met the
 * deadline (its Beijing date is on or before the deadline day). */
bool monthly_on_time(const struct monthly_calendar *c, int p, const char *filed_at);

/* ---- one report ---- */

struct monthly {
	char uscc[19];
	int period;
	uint32_t has;                              /* bit k: v[k] present */
	int64_t v[MK_COUNT];                       /* 分 for money, persons for headcount */
	char note[MAX_MONTHLY_NOTE_CHARS * 4 + 1]; /* orders_note, "" if none */
};

static inline bool monthly_has(const struct monthly *m, enum monthly_key k)
{
	return (m->has >> k) & 1u;
}
static inline void monthly_set(struct monthly *m, enum monthly_key k, int64_t v)
{
	m->v[k] = v;
	m->has |= 1u << k;
}
/* True if the two reports carry the same values and note (uscc and period
 * not compared). */
bool monthly_same_values(const struct monthly *a, const struct monthly *b);

/* The number of months a year-to-date value of p covers (its month). */
int monthly_months_covered(int p);

/* The single-month value of key k for report cur (当月): for headcount the
 * value itself; for January, and February when combined, the year-to-date
 * value; otherwise cur − prev, where prev must be the report of period
 * cur->period − 1 (NULL if none). Returns false (and leaves *out alone) if
 * it cannot be derived: k missing in cur, or prev needed and absent or
 * missing k. */
bool monthly_single(const struct monthly_calendar *c, const struct monthly *cur,
                    const struct monthly *prev, enum monthly_key k, int64_t *out);
/* Whether the single month of p needs the report of p − 1. */
bool monthly_single_needs_prev(const struct monthly_calendar *c, int p);

/* ---- validation ---- */

enum monthly_severity {
	MONTHLY_ERROR = 1, /* rejects the report */
	MONTHLY_WARNING,   /* accepted only when confirmed with a reason */
};

/* Stable finding codes. Warnings about one key append ".<key>" to the code
 * ("unit_slip.revenue_ytd"), so a client confirms each one separately. */
#define MONTHLY_E_NOT_NUMERIC  "not_numeric"      /* a value that is not a number */
#define MONTHLY_E_NEGATIVE     "negative"         /* a negative value where none is allowed */
#define MONTHLY_E_RANGE        "out_of_range"     /* beyond MONTHLY_MONEY_MAX / headcount max */
#define MONTHLY_E_NOTE         "bad_note"         /* note too long or not UTF-8 */
#define MONTHLY_E_PERIOD       "bad_period"       /* period missing or malformed */
#define MONTHLY_E_FUTURE       "future_period"    /* the period has not ended yet */
#define MONTHLY_E_JANUARY      "january_combined" /* January filed alone while combined */
#define MONTHLY_E_EMPTY        "empty"            /* no value at all */
#define MONTHLY_E_UNKNOWN_FIRM "unknown_firm"     /* not in the enterprise pool (caller checks) */
#define MONTHLY_E_DUPLICATE    "duplicate"        /* already filed / twice in a file (caller) */
#define MONTHLY_W_YTD_DECREASE "ytd_decrease"     /* a cumulative value below last month's */
#define MONTHLY_W_UNIT_SLIP    "unit_slip"        /* ×10 / ×1,000 / ×10,000 jump or fall */
#define MONTHLY_W_MARGIN       "margin"           /* profit margin outside plausible bounds */
#define MONTHLY_W_HEADCOUNT    "headcount"        /* headcount change over the threshold */

struct monthly_finding {
	enum monthly_severity severity;
	char code[40];         /* see above */
	int key;               /* enum monthly_key the finding is about, -1 for the report */
	char msg[MAX_ERR_MSG]; /* Chinese, a complete sentence naming the value */
	/* unit slips only (factor 0 otherwise): */
	int64_t factor;    /* 10, 1000 or 10000; negative for a fall (value ≈ 1/factor) */
	int likely_unit;   /* enum money_unit the value was probably typed in, -1 if none fits */
	int64_t suggested; /* the value in 分 once read in that unit (rounded to 1 分) */
};

struct monthly_findings {
	size_t n;
	size_t errors, warnings;
	struct monthly_finding f[MAX_MONTHLY_FINDINGS]; /* further findings are counted, not kept */
	size_t dropped;
};

/* Empties fs (only the counters are reset; f[] beyond n is undefined). */
void monthly_findings_init(struct monthly_findings *fs);
/* Copies the counters and the n findings kept. */
void monthly_findings_copy(struct monthly_findings *dst, const struct monthly_findings *src);
/* Appends a finding (message formatted); counted even when the array is
 * full. Returns the finding, or NULL when it was dropped. */
struct monthly_finding *monthly_finding_add(struct monthly_findings *fs, enum monthly_severity sev,
                                            const char *code, int key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The validation rules' parameters. */
struct monthly_rules {
	struct monthly_calendar cal;
	int margin_min_bp;       /* plausible profit margin, basis points of revenue: -10000 */
	int margin_max_bp;       /* 6000 (60%) */
	int headcount_change_bp; /* 5000: a change over 50% warns */
};
void monthly_rules_default(struct monthly_rules *r);

/* What the checker knows about the firm's other reports (NULL if none). */
struct monthly_history {
	const struct monthly *recent[3]; /* reports of periods p−1, p−2, p−3 */
	const struct monthly *last_year; /* the report of p−12 */
};

/* Parses the text of key k given in `unit` (money keys; ignored for
 * headcount) into *out. Empty text: *present = false and no finding.
 * A bad value adds an error finding (MONTHLY_E_NOT_NUMERIC,
 * MONTHLY_E_NEGATIVE or MONTHLY_E_RANGE, message naming the label and the
 * value) and returns false. */
bool monthly_parse_value(enum monthly_key k, struct strv text, enum money_unit unit, int64_t *out,
                         bool *present, struct monthly_findings *fs);
/* Sets the note from text (trimmed); adds MONTHLY_E_NOTE and returns false
 * if it is not UTF-8 or longer than MAX_MONTHLY_NOTE_CHARS characters. */
bool monthly_parse_note(struct monthly *m, struct strv text, struct monthly_findings *fs);

/* Checks report m (already parsed) as filed on `today`, against the firm's
 * history h (may be NULL). units[k] is the unit money key k was given in
 * (NULL: 万元), used to name the unit a slip most likely came from.
 * Appends every finding to fs (it does not clear fs, so parse findings
 * gathered before stay):
 * errors    — the period has not ended (future_period), January filed
 *             alone when combined, no value at all, a negative value other
 *             than profit (a report built without monthly_parse_value);
 * warnings  — a cumulative value (revenue, output, R&D, export) below the
 *             previous month's in the same year; a value about ×10, ×1,000
 *             or ×10,000 (within a factor of 2) above or below the firm's
 *             nearest recent month (compared as monthly averages, so a
 *             January is comparable with a December) or, with no recent
 *             month, the same month last year — naming the unit that would
 *             fit; a profit margin outside the rules' bounds; a headcount
 *             change over the threshold against the nearest recent month.
 * The caller adds unknown_firm and duplicate. */
void monthly_check(const struct monthly_rules *r, const struct monthly *m,
                   const enum money_unit *units, const struct monthly_history *h, int64_t today,
                   struct monthly_findings *fs);

/* The part of monthly_check that needs no other report: its errors and the
 * margin warning, in the order monthly_check gives them (for a report
 * without history both give the same findings). A bulk load runs it on
 * each row as it is read, and monthly_check once the firm's other months
 * are known. */
void monthly_check_alone(const struct monthly_rules *r, const struct monthly *m, int64_t today,
                         struct monthly_findings *fs);

/* A client's confirmation of one warning. */
struct monthly_confirmation {
	char code[40];                   /* the warning's code */
	char reason[MAX_MONTHLY_REASON]; /* why the value is right (required) */
};

/* A confirmation with this code confirms every warning (bulk files
 * accepted with one reason for all their warnings). */
#define MONTHLY_CONFIRM_ALL "*"

/* The number of warnings in fs not confirmed by confs[0..n−1] (same code,
 * or MONTHLY_CONFIRM_ALL, and a reason that is not blank). */
size_t monthly_unconfirmed(const struct monthly_findings *fs,
                           const struct monthly_confirmation *confs, size_t n);
/* The confirmation of code in confs (an exact match first, then
 * MONTHLY_CONFIRM_ALL), or NULL. */
const struct monthly_confirmation *
monthly_confirmation_find(const struct monthly_confirmation *confs, size_t n, const char *code);

#endif
