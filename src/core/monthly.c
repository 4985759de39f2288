/* monthly.c - monthly keys, periods, the reporting calendar, single-month
 * values and the validation of one report (see monthly.h). */
#include "monthly.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PERSONS_MAX 10000000

const struct indicator monthly_indicators[MK_COUNT] = {
    [MK_REVENUE_YTD] = {"revenue_ytd", "营业收入(累计)", IND_MONEY, 0, MONTHLY_MONEY_MAX,
                        "1月至本月累计营业收入"},
    [MK_OUTPUT_YTD] = {"output_ytd", "工业总产值(累计)", IND_MONEY, 0, MONTHLY_MONEY_MAX,
                       "1月至本月累计工业总产值(当年价格)"},
    [MK_PROFIT_YTD] = {"profit_ytd", "利润总额(累计)", IND_MONEY, -MONTHLY_MONEY_MAX,
                       MONTHLY_MONEY_MAX, "1月至本月累计利润总额,亏损填负数"},
    [MK_TAX_YTD] = {"tax_ytd", "税金总额(累计)", IND_MONEY, 0, MONTHLY_MONEY_MAX,
                    "1月至本月累计应交税金总额"},
    [MK_RD_EXPENSE_YTD] = {"rd_expense_ytd", "研发费用(累计)", IND_MONEY, 0, MONTHLY_MONEY_MAX,
                           "1月至本月累计研发费用"},
    [MK_EXPORT_YTD] = {"export_ytd", "出口交货值(累计)", IND_MONEY, 0, MONTHLY_MONEY_MAX,
                       "1月至本月累计出口交货值"},
    [MK_EMPLOYEES] = {"employees", "从业人员期末人数", IND_PERSONS, 0, PERSONS_MAX,
                      "本月末从业人员数(人)"},
};

static const char *const short_names[MK_COUNT] = {
    "营业收入", "工业总产值", "利润总额", "税金总额", "研发费用", "出口交货值", "从业人员",
};

bool monthly_key_is_ytd(enum monthly_key k)
{
	return k != MK_EMPLOYEES;
}

const char *monthly_key_short(enum monthly_key k)
{
	return (unsigned)k < MK_COUNT ? short_names[k] : "";
}

int monthly_key_find(struct strv text)
{
	text = strv_trim(text);
	if (text.n == strlen(MONTHLY_NOTE_KEY) &&
	    strncasecmp(text.p, MONTHLY_NOTE_KEY, text.n) == 0)
		return MONTHLY_COL_NOTE;
	if (strv_eq(text, MONTHLY_NOTE_LABEL))
		return MONTHLY_COL_NOTE;
	int k = indicator_find(monthly_indicators, MK_COUNT, text);
	if (k >= 0)
		return k;
	for (int i = 0; i < MK_COUNT; i++)
		if (strv_eq(text, short_names[i]) ||
		    (i == MK_EMPLOYEES && strv_eq(text, "从业人员数")))
			return i;
	return -1;
}

/* ---- periods ---- */

/* Reads 1-2 digits at *p (not past end) into *out. */
static bool read_digits(const char **p, const char *end, int maxn, int *out)
{
	int v = 0, n = 0;
	while (*p < end && n < maxn && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0;
}

static bool eat(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

bool monthly_period_parse(struct strv text, int *out)
{
	struct strv v = strv_trim(text);
	const char *p = v.p, *end = v.p + v.n;
	int y, m;
	if (v.n < 6 || !read_digits(&p, end, 4, &y) || p - v.p != 4)
		return false;
	if (eat(&p, end, "-") || eat(&p, end, "/") || eat(&p, end, ".")) {
		if (!read_digits(&p, end, 2, &m))
			return false;
	} else if (eat(&p, end, "年")) {
		if (!read_digits(&p, end, 2, &m) || !eat(&p, end, "月"))
			return false;
	} else {
		const char *s = p;
		if (!read_digits(&p, end, 2, &m) || p - s != 2)
			return false;
	}
	if (p != end || y < MONTHLY_MIN_YEAR || y > MONTHLY_MAX_YEAR || m < 1 || m > 12)
		return false;
	*out = monthly_period(y, m);
	return true;
}

void monthly_period_format(int p, char out[8])
{
	unsigned y = (unsigned)monthly_period_year(p) % 10000u,
	         m = (unsigned)monthly_period_month(p) % 100u;
	char tmp[16];
	snprintf(tmp, sizeof tmp, "%04u-%02u", y, m);
	memcpy(out, tmp, 8);
	out[7] = '\0';
}

int monthly_period_yyyymm(int p)
{
	return monthly_period_year(p) * 100 + monthly_period_month(p);
}

int monthly_period_from_yyyymm(int64_t v)
{
	int64_t y = v / 100, m = v % 100;
	if (y < MONTHLY_MIN_YEAR || y > MONTHLY_MAX_YEAR || m < 1 || m > 12)
		return 0;
	return monthly_period((int)y, (int)m);
}

int64_t monthly_period_first_day(int p)
{
	return date_days(monthly_period_year(p), monthly_period_month(p), 1);
}

int64_t monthly_period_last_day(int p)
{
	return monthly_period_first_day(p + 1) - 1;
}

/* ---- the calendar ---- */

void monthly_calendar_default(struct monthly_calendar *c)
{
	c->deadline_day = 10;
	c->combine_jan_feb = true;
}

bool monthly_period_expected(const struct monthly_calendar *c, int p)
{
	return !(c->combine_jan_feb && monthly_period_month(p) == 1);
}

int monthly_period_prev(const struct monthly_calendar *c, int p)
{
	p--;
	if (!monthly_period_expected(c, p))
		p--;
	return p;
}

int monthly_period_next(const struct monthly_calendar *c, int p)
{
	p++;
	if (!monthly_period_expected(c, p))
		p++;
	return p;
}

int64_t monthly_deadline(const struct monthly_calendar *c, int p)
{
	int day = c->deadline_day < 1 ? 1 : c->deadline_day > 28 ? 28 : c->deadline_day;
	return date_days(monthly_period_year(p + 1), monthly_period_month(p + 1), day);
}

int monthly_last_ended(int64_t today)
{
	int y, m, d;
	date_from_days(today, &y, &m, &d);
	return monthly_period(y, m) - 1;
}

int monthly_last_closed(const struct monthly_calendar *c, int64_t today)
{
	int p = monthly_last_ended(today);
	while (!monthly_period_expected(c, p) || monthly_deadline(c, p) >= today)
		p--;
	return p;
}

void monthly_span_label(int p, char *out, size_t n)
{
	int m = monthly_period_month(p);
	if (m == 1)
		snprintf(out, n, "1月");
	else
		snprintf(out, n, "1—%d月", m);
}

void monthly_month_label(const struct monthly_calendar *c, int p, char *out, size_t n)
{
	int m = monthly_period_month(p);
	if (m == 2 && c->combine_jan_feb)
		snprintf(out, n, "1—2月");
	else
		snprintf(out, n, "%d月", m);
}

int64_t monthly_local_day(const char *utc)
{
	int y, mo, d, hh = 0, mi = 0, ss = 0;
	if (!utc || strlen(utc) < 10)
		return INT64_MIN;
	char date[11];
	memcpy(date, utc, 10);
	date[10] = '\0';
	if (!date_split(date, &y, &mo, &d) || !date_valid(y, mo, d))
		return INT64_MIN;
	if (utc[10] == '\0')
		return date_days(y, mo, d);
	if (sscanf(utc + 10, " %2d:%2d:%2d", &hh, &mi, &ss) != 3 || hh > 23 || mi > 59 || ss > 60)
		return INT64_MIN;
	int64_t secs = (hh * 3600 + mi * 60 + ss) + 8 * 3600; /* Beijing is UTC+8, no DST */
	return date_days(y, mo, d) + secs / 86400;
}

bool monthly_on_time(const struct monthly_calendar *c, int p, const char *filed_at)
{
	int64_t day = monthly_local_day(filed_at);
	return day != INT64_MIN && day <= monthly_deadline(c, p);
}

/* ---- values ---- */

bool monthly_same_values(const struct monthly *a, const struct monthly *b)
{
	if (a->has != b->has || strcmp(a->note, b->note) != 0)
		return false;
	for (int k = 0; k < MK_COUNT; k++)
		if (monthly_has(a, k) && a->v[k] != b->v[k])
			return false;
	return true;
}

int monthly_months_covered(int p)
{
	return monthly_period_month(p);
}

bool monthly_single_needs_prev(const struct monthly_calendar *c, int p)
{
	int m = monthly_period_month(p);
	return !(m == 1 || (m == 2 && c->combine_jan_feb));
}

bool monthly_single(const struct monthly_calendar *c, const struct monthly *cur,
                    const struct monthly *prev, enum monthly_key k, int64_t *out)
{
	if (!monthly_has(cur, k))
		return false;
	if (!monthly_key_is_ytd(k) || !monthly_single_needs_prev(c, cur->period)) {
		*out = cur->v[k];
		return true;
	}
	if (!prev || prev->period != cur->period - 1 || !monthly_has(prev, k))
		return false;
	*out = cur->v[k] - prev->v[k];
	return true;
}

/* ---- findings ---- */

void monthly_findings_init(struct monthly_findings *fs)
{
	/* the array is written as findings are added: clearing 32 of them per
	 * report would cost more than checking it */
	fs->n = fs->errors = fs->warnings = fs->dropped = 0;
}

void monthly_findings_copy(struct monthly_findings *dst, const struct monthly_findings *src)
{
	dst->n = src->n;
	dst->errors = src->errors;
	dst->warnings = src->warnings;
	dst->dropped = src->dropped;
	memcpy(dst->f, src->f, src->n * sizeof src->f[0]);
}

struct monthly_finding *monthly_finding_add(struct monthly_findings *fs, enum monthly_severity sev,
                                            const char *code, int key, const char *fmt, ...)
{
	if (sev == MONTHLY_ERROR)
		fs->errors++;
	else
		fs->warnings++;
	if (fs->n >= MAX_MONTHLY_FINDINGS) {
		fs->dropped++;
		return NULL;
	}
	struct monthly_finding *f = &fs->f[fs->n++];
	memset(f, 0, sizeof *f);
	f->severity = sev;
	f->key = key;
	f->likely_unit = -1;
	snprintf(f->code, sizeof f->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
	return f;
}

void monthly_rules_default(struct monthly_rules *r)
{
	monthly_calendar_default(&r->cal);
	r->margin_min_bp = -10000;
	r->margin_max_bp = 6000;
	r->headcount_change_bp = 5000;
}

/* ---- parsing ---- */

static void wan(int64_t fen, char *buf, size_t n)
{
	money_format_exact(fen, MONEY_WANYUAN, buf, n);
}

bool monthly_parse_value(enum monthly_key k, struct strv text, enum money_unit unit, int64_t *out,
                         bool *present, struct monthly_findings *fs)
{
	const struct indicator *ind = &monthly_indicators[k];
	struct strv v = strv_trim(text);
	struct app_err e;
	app_err_reset(&e);
	int64_t x = 0;
	*present = false;
	if (v.n == 0)
		return true;
	if (ind->type == IND_MONEY) {
		enum app_status s = money_parse(v, unit, &x, &e);
		if (s == APP_ETOOLARGE) {
			monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_RANGE, (int)k,
			                    "%s \"%.*s\" 过大,超出可记录的范围,请检查单位",
			                    ind->label, (int)v.n, v.p);
			return false;
		}
		if (s != APP_OK) {
			monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_NOT_NUMERIC, (int)k,
			                    "%s \"%.*s\" 不是有效的数值:%s", ind->label, (int)v.n,
			                    v.p, e.msg);
			return false;
		}
	} else {
		bool p;
		if (indicator_parse(ind, v, unit, &x, &p, &e) != APP_OK) {
			int64_t neg;
			bool is_neg = v.p[0] == '-' && str_to_i64(v, &neg);
			monthly_finding_add(fs, MONTHLY_ERROR,
			                    is_neg ? MONTHLY_E_NEGATIVE
			                           : (str_to_i64(v, &neg) ? MONTHLY_E_RANGE
			                                                  : MONTHLY_E_NOT_NUMERIC),
			                    (int)k, "%s", e.msg);
			return false;
		}
	}
	if (x < ind->min && ind->min == 0) {
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_NEGATIVE, (int)k,
		                    "%s \"%.*s\" 不能为负数", ind->label, (int)v.n, v.p);
		return false;
	}
	if (x > ind->max || x < ind->min) {
		char lim[48];
		wan(ind->max, lim, sizeof lim);
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_RANGE, (int)k,
		                    "%s \"%.*s\" 超出合理上限(%s 万元),请检查单位", ind->label,
		                    (int)v.n, v.p, lim);
		return false;
	}
	*out = x;
	*present = true;
	return true;
}

bool monthly_parse_note(struct monthly *m, struct strv text, struct monthly_findings *fs)
{
	struct strv v = strv_trim(text);
	if (!utf8_valid(v.p, v.n)) {
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_NOTE, -1,
		                    "%s 含有无效的 UTF-8 字符", MONTHLY_NOTE_LABEL);
		return false;
	}
	size_t chars = utf8_chars(v.p, v.n);
	if (chars > MAX_MONTHLY_NOTE_CHARS) {
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_NOTE, -1,
		                    "%s 有 %zu 个字,超过 %d 字的上限", MONTHLY_NOTE_LABEL, chars,
		                    MAX_MONTHLY_NOTE_CHARS);
		return false;
	}
	str_copy(m->note, sizeof m->note, v.p, v.n);
	return true;
}

/* ---- checks ---- */

/* Keys whose cumulative value cannot fall within a year (tax can: refunds;
 * profit can: losses). */
static bool ytd_monotone(int k)
{
	return k == MK_REVENUE_YTD || k == MK_OUTPUT_YTD || k == MK_RD_EXPENSE_YTD ||
	       k == MK_EXPORT_YTD;
}

/* Money keys checked for unit slips (profit swings too much to tell). */
static bool slip_checked(int k)
{
	return k != MK_PROFIT_YTD && k != MK_EMPLOYEES;
}

/* The factor of a ratio within a factor of 2 of 10, 1,000 or 10,000 (or of
 * their inverses, returned negative); 0 if none. */
static int64_t slip_factor(double ratio)
{
	static const int64_t f[] = {10000, 1000, 10};
	if (!(ratio > 0) || !isfinite(ratio))
		return 0;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		double x = (double)f[i];
		if (ratio >= x / 2 && ratio <= x * 2)
			return f[i];
		if (1 / ratio >= x / 2 && 1 / ratio <= x * 2)
			return -f[i];
	}
	return 0;
}

/* "10,000" */
static void thousands(int64_t v, char *buf, size_t n)
{
	char raw[32];
	snprintf(raw, sizeof raw, "%" PRId64, v);
	size_t len = strlen(raw), o = 0;
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* The words for a reference period q seen from p: "上月", "8月", "上年12月". */
static void ref_words(int p, int q, char *buf, size_t n)
{
	if (q == p - 1)
		snprintf(buf, n, "上月");
	else if (q == p - 12)
		snprintf(buf, n, "上年同期");
	else if (monthly_period_year(q) == monthly_period_year(p))
		snprintf(buf, n, "%d月", monthly_period_month(q));
	else
		snprintf(buf, n, "上年%d月", monthly_period_month(q));
}

/* The nearest recent report carrying key k with a positive value. */
static const struct monthly *nearest(const struct monthly_history *h, int k)
{
	for (int i = 0; h && i < 3; i++) {
		const struct monthly *r = h->recent[i];
		if (r && monthly_has(r, k) && r->v[k] > 0)
			return r;
	}
	return NULL;
}

static bool check_slip(const struct monthly *m, const enum money_unit *units,
                       const struct monthly_history *h, int k, struct monthly_findings *fs)
{
	if (!slip_checked(k) || !monthly_has(m, k) || m->v[k] <= 0)
		return false;
	const struct monthly *ref = nearest(h, k);
	double ratio;
	if (ref) {
		ratio = ((double)m->v[k] / monthly_months_covered(m->period)) /
		        ((double)ref->v[k] / monthly_months_covered(ref->period));
	} else if (h && h->last_year && monthly_has(h->last_year, k) && h->last_year->v[k] > 0) {
		ref = h->last_year;
		ratio = (double)m->v[k] / (double)ref->v[k];
	} else {
		return false;
	}
	int64_t f = slip_factor(ratio);
	if (!f)
		return false;
	enum money_unit u = units ? units[k] : MONEY_WANYUAN;
	int64_t af = f < 0 ? -f : f, ufen = money_unit_fen(u);
	int likely = -1;
	for (int i = 0; i < MONEY_UNIT_COUNT; i++) {
		int64_t fen = money_unit_fen((enum money_unit)i);
		if ((f > 0 && fen * af == ufen) || (f < 0 && fen == ufen * af))
			likely = i;
	}
	__int128 sug = f > 0 ? ((__int128)m->v[k] + af / 2) / af : (__int128)m->v[k] * af;
	if (sug > MONTHLY_MONEY_MAX)
		sug = MONTHLY_MONEY_MAX;
	char when[32], fac[32], val[64], code[40];
	ref_words(m->period, ref->period, when, sizeof when);
	thousands(af, fac, sizeof fac);
	money_format_exact((int64_t)sug, u, val, sizeof val);
	snprintf(code, sizeof code, "%s.%s", MONTHLY_W_UNIT_SLIP, monthly_indicators[k].key);
	const char *label = monthly_indicators[k].label;
	struct monthly_finding *fd;
	if (likely >= 0)
		fd = monthly_finding_add(fs, MONTHLY_WARNING, code, k,
		                         "%s约为%s的 %s%s%s,疑似按%s填报(应为%s),按%s应为 %s",
		                         label, when, f > 0 ? "" : "1/", fac, f > 0 ? " 倍" : "",
		                         money_unit_name((enum money_unit)likely),
		                         money_unit_name(u), money_unit_name(u), val);
	else
		fd = monthly_finding_add(fs, MONTHLY_WARNING, code, k,
		                         "%s约为%s的 %s%s%s,疑似数量级填错,%s %s 后为 %s %s", label,
		                         when, f > 0 ? "" : "1/", fac, f > 0 ? " 倍" : "",
		                         f > 0 ? "除以" : "乘以", fac, val, money_unit_name(u));
	if (fd) {
		fd->factor = f;
		fd->likely_unit = likely;
		fd->suggested = (int64_t)sug;
	}
	return true;
}

static void check_decrease(const struct monthly *m, const struct monthly_history *h, int k,
                           struct monthly_findings *fs)
{
	const struct monthly *prev = h ? h->recent[0] : NULL;
	if (!ytd_monotone(k) || !monthly_has(m, k) || !prev || prev->period != m->period - 1 ||
	    monthly_period_year(prev->period) != monthly_period_year(m->period) ||
	    !monthly_has(prev, k) || m->v[k] >= prev->v[k])
		return;
	char a[64], b[64], code[40];
	wan(m->v[k], a, sizeof a);
	wan(prev->v[k], b, sizeof b);
	snprintf(code, sizeof code, "%s.%s", MONTHLY_W_YTD_DECREASE, monthly_indicators[k].key);
	monthly_finding_add(fs, MONTHLY_WARNING, code, k,
	                    "%s %s 万元低于上月累计的 %s 万元;累计值不应减少,请核实",
	                    monthly_indicators[k].label, a, b);
}

/* Basis points as "12.3%" (one decimal). */
static void pct_bp(int64_t bp, char *buf, size_t n)
{
	int64_t a = bp < 0 ? -bp : bp;
	int64_t tenths = (a + 5) / 10;
	snprintf(buf, n, "%s%" PRId64 ".%" PRId64 "%%", bp < 0 && tenths ? "-" : "", tenths / 10,
	         tenths % 10);
}

static void check_margin(const struct monthly_rules *r, const struct monthly *m,
                         struct monthly_findings *fs)
{
	if (!monthly_has(m, MK_REVENUE_YTD) || !monthly_has(m, MK_PROFIT_YTD) ||
	    m->v[MK_REVENUE_YTD] <= 0)
		return;
	__int128 p = (__int128)m->v[MK_PROFIT_YTD] * 10000, rev = m->v[MK_REVENUE_YTD];
	if (p >= rev * r->margin_min_bp && p <= rev * r->margin_max_bp)
		return;
	__int128 bp = p / rev;
	char got[32], lo[32], hi[32];
	pct_bp(bp > 1000000000    ? 1000000000
	       : bp < -1000000000 ? -1000000000
	                          : (int64_t)bp,
	       got, sizeof got);
	pct_bp(r->margin_min_bp, lo, sizeof lo);
	pct_bp(r->margin_max_bp, hi, sizeof hi);
	monthly_finding_add(fs, MONTHLY_WARNING, MONTHLY_W_MARGIN, MK_PROFIT_YTD,
	                    "利润总额(累计)为营业收入(累计)的 %s,超出合理范围(%s 至 %s),请核实",
	                    got, lo, hi);
}

static void check_headcount(const struct monthly_rules *r, const struct monthly *m,
                            const struct monthly_history *h, struct monthly_findings *fs)
{
	if (!monthly_has(m, MK_EMPLOYEES))
		return;
	const struct monthly *ref = nearest(h, MK_EMPLOYEES);
	if (!ref)
		return;
	int64_t cur = m->v[MK_EMPLOYEES], was = ref->v[MK_EMPLOYEES];
	int64_t diff = cur > was ? cur - was : was - cur;
	if ((__int128)diff * 10000 <= (__int128)r->headcount_change_bp * was)
		return;
	char when[32], chg[32], lim[32];
	ref_words(m->period, ref->period, when, sizeof when);
	pct_bp((int64_t)((__int128)diff * 10000 / was), chg, sizeof chg);
	pct_bp(r->headcount_change_bp, lim, sizeof lim);
	monthly_finding_add(fs, MONTHLY_WARNING, MONTHLY_W_HEADCOUNT, MK_EMPLOYEES,
	                    "从业人员期末人数 %" PRId64 " 人,较%s的 %" PRId64
	                    " 人%s %s,变动超过 %s,请核实",
	                    cur, when, was, cur > was ? "增加" : "减少", chg, lim);
}

/* The errors that need no other report: period ended, January when
 * combined, no value, values out of range. */
static void check_own(const struct monthly_rules *r, const struct monthly *m, int64_t today,
                      struct monthly_findings *fs)
{
	if (monthly_period_last_day(m->period) >= today) {
		int y, mo, d;
		char per[8], td[11];
		monthly_period_format(m->period, per);
		date_from_days(today, &y, &mo, &d);
		date_format(y, mo, d, td);
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_FUTURE, -1,
		                    "报告期 %s 尚未结束(今天是 %s),不能报送", per, td);
	}
	if (r->cal.combine_jan_feb && monthly_period_month(m->period) == 1)
		monthly_finding_add(
		    fs, MONTHLY_ERROR, MONTHLY_E_JANUARY, -1,
		    "1月数据与2月合并报送(1—2月),请按报告期 %04d-02 报送 1—2月累计数",
		    monthly_period_year(m->period));
	if (!m->has)
		monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_EMPTY, -1, "没有填报任何指标");
	for (int k = 0; k < MK_COUNT; k++) {
		const struct indicator *ind = &monthly_indicators[k];
		if (!monthly_has(m, k))
			continue;
		char v[64];
		if (m->v[k] < ind->min) {
			wan(m->v[k], v, sizeof v);
			monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_NEGATIVE, k,
			                    "%s %s 不能为负数", ind->label, v);
		} else if (m->v[k] > ind->max || m->v[k] < -ind->max) {
			monthly_finding_add(fs, MONTHLY_ERROR, MONTHLY_E_RANGE, k,
			                    "%s 超出合理上限,请检查单位", ind->label);
		}
	}
}

void monthly_check(const struct monthly_rules *r, const struct monthly *m,
                   const enum money_unit *units, const struct monthly_history *h, int64_t today,
                   struct monthly_findings *fs)
{
	check_own(r, m, today, fs);
	for (int k = 0; k < MK_COUNT; k++)
		if (!check_slip(m, units, h, k, fs))
			check_decrease(m, h, k, fs);
	check_margin(r, m, fs);
	check_headcount(r, m, h, fs);
}

void monthly_check_alone(const struct monthly_rules *r, const struct monthly *m, int64_t today,
                         struct monthly_findings *fs)
{
	check_own(r, m, today, fs);
	check_margin(r, m, fs);
}

/* ---- confirmations ---- */

const struct monthly_confirmation *
monthly_confirmation_find(const struct monthly_confirmation *confs, size_t n, const char *code)
{
	for (size_t i = 0; confs && i < n; i++)
		if (strcmp(confs[i].code, code) == 0 && strv_trim(strv_from(confs[i].reason)).n)
			return &confs[i];
	for (size_t i = 0; confs && i < n; i++)
		if (strcmp(confs[i].code, MONTHLY_CONFIRM_ALL) == 0 &&
		    strv_trim(strv_from(confs[i].reason)).n)
			return &confs[i];
	return NULL;
}

size_t monthly_unconfirmed(const struct monthly_findings *fs,
                           const struct monthly_confirmation *confs, size_t n)
{
	size_t open = 0, kept = 0;
	for (size_t i = 0; i < fs->n; i++) {
		if (fs->f[i].severity != MONTHLY_WARNING)
			continue;
		kept++;
		if (!monthly_confirmation_find(confs, n, fs->f[i].code))
			open++;
	}
	/* warnings dropped from a full array cannot be confirmed by code */
	return open + (fs->warnings - kept);
}
