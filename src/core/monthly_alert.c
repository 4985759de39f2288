/* monthly_alert.c - the early-warning rules file (warnings/monthly.zc)
 * compiled once and evaluated on a firm's monthly series (see
 * monthly_alert.h). */
#include "monthly_alert.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "rule/rule.h"

#define ALERT_FILE "warnings/monthly.zc"
#define ALERT_BACK 12 /* reporting periods a rule may look back (@-N) */

/* The monthly symbols, in this order. */
enum asym {
	AS_REVENUE_YTD,
	AS_REVENUE_YTD_LY,
	AS_RD_YTD,
	AS_RD_YTD_LY,
	AS_EMPLOYEES,
	AS_EMPLOYEES_LY,
	AS_PROFIT_MONTH,
	AS_FILED,
	AS_EXPECTED,
	AS_COUNT
};

/* Which stored key a symbol reads, and whether from the same period a year
 * before; -1 for the derived ones. */
static const struct {
	int key;
	bool last_year;
} sources[AS_COUNT] = {
    [AS_REVENUE_YTD] = {MK_REVENUE_YTD, false},
    [AS_REVENUE_YTD_LY] = {MK_REVENUE_YTD, true},
    [AS_RD_YTD] = {MK_RD_EXPENSE_YTD, false},
    [AS_RD_YTD_LY] = {MK_RD_EXPENSE_YTD, true},
    [AS_EMPLOYEES] = {MK_EMPLOYEES, false},
    [AS_EMPLOYEES_LY] = {MK_EMPLOYEES, true},
    [AS_PROFIT_MONTH] = {-1, false},
    [AS_FILED] = {-1, false},
    [AS_EXPECTED] = {-1, false},
};

static const struct rule_symbol syms[AS_COUNT] = {
    [AS_REVENUE_YTD] = {"revenue_ytd", "营业收入(累计)", RULE_SERIES, RULE_NUMBER, RULE_MONEY,
                        false, ALERT_BACK, 1, 0, INFINITY},
    [AS_REVENUE_YTD_LY] = {"revenue_ytd_ly", "上年同期营业收入(累计)", RULE_SERIES, RULE_NUMBER,
                           RULE_MONEY, false, ALERT_BACK, 1, 0, INFINITY},
    [AS_RD_YTD] = {"rd_expense_ytd", "研发费用(累计)", RULE_SERIES, RULE_NUMBER, RULE_MONEY, false,
                   ALERT_BACK, 1, 0, INFINITY},
    [AS_RD_YTD_LY] = {"rd_expense_ytd_ly", "上年同期研发费用(累计)", RULE_SERIES, RULE_NUMBER,
                      RULE_MONEY, false, ALERT_BACK, 1, 0, INFINITY},
    [AS_EMPLOYEES] = {"employees", "从业人员期末人数", RULE_SERIES, RULE_NUMBER, RULE_PERSONS,
                      false, ALERT_BACK, 1, 0, INFINITY},
    [AS_EMPLOYEES_LY] = {"employees_ly", "上年同期从业人员期末人数", RULE_SERIES, RULE_NUMBER,
                         RULE_PERSONS, false, ALERT_BACK, 1, 0, INFINITY},
    [AS_PROFIT_MONTH] = {"profit_month", "当期利润总额", RULE_SERIES, RULE_NUMBER, RULE_MONEY,
                         false, ALERT_BACK, 1, -INFINITY, INFINITY},
    [AS_FILED] = {"filed", "已报送", RULE_SERIES, RULE_BOOL, RULE_PLAIN, false, ALERT_BACK, 1, 0,
                  1},
    [AS_EXPECTED] = {"expected", "应报送", RULE_SERIES, RULE_BOOL, RULE_PLAIN, false, ALERT_BACK, 1,
                     0, 1},
};

static struct rule_program *prog;
static struct monthly_alert_rule rules[MONTHLY_ALERT_MAX];
static size_t nrules;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	const struct embedded_file *f = embed_find(ALERT_FILE);
	struct rule_host host = {.syms = syms, .nsyms = AS_COUNT, .money_exp10 = 6};
	struct rule_error err = {0};
	if (!f || rule_compile(&host, ALERT_FILE, f->data, f->len, &prog, &err) != APP_OK) {
		char msg[MAX_ERR_MSG + 128];
		rule_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "zjtx: 内置预警规则无法编译: %s\n", f ? msg : ALERT_FILE " 缺失");
		abort();
	}
	for (size_t i = 0; i < rule_item_count(prog) && nrules < MONTHLY_ALERT_MAX; i++) {
		const struct rule_item *it = rule_item(prog, i);
		if (it->kind == RULE_ALERT)
			rules[nrules++] = (struct monthly_alert_rule){it->name, it->label, i};
	}
}

size_t monthly_alert_count(void)
{
	pthread_once(&once, load);
	return nrules;
}

const struct monthly_alert_rule *monthly_alert_at(size_t i)
{
	pthread_once(&once, load);
	return i < nrules ? &rules[i] : NULL;
}

const struct monthly_alert_rule *monthly_alert_find(const char *code)
{
	pthread_once(&once, load);
	for (size_t i = 0; i < nrules; i++)
		if (strcmp(rules[i].code, code) == 0)
			return &rules[i];
	return NULL;
}

/* ---- inputs ---- */

static bool inside(const struct monthly_series *s, int p)
{
	return p >= s->first && p < s->first + s->n;
}

static const struct monthly *at(const struct monthly_series *s, int p)
{
	return inside(s, p) ? s->at[p - s->first] : NULL;
}

/* The value of symbol sym at reporting period q; false if missing. */
static bool value_at(const struct monthly_calendar *cal, const struct monthly_series *s, int sym,
                     int q, int64_t *v)
{
	switch (sym) {
	case AS_FILED:
		if (!inside(s, q))
			return false;
		*v = at(s, q) != NULL;
		return true;
	case AS_EXPECTED:
		if (!inside(s, q))
			return false;
		*v = s->expected[q - s->first];
		return true;
	case AS_PROFIT_MONTH: {
		const struct monthly *cur = at(s, q);
		return cur && monthly_single(cal, cur, at(s, q - 1), MK_PROFIT_YTD, v);
	}
	default: {
		const struct monthly *m = at(s, sources[sym].last_year ? q - 12 : q);
		int k = sources[sym].key;
		if (!m || !monthly_has(m, k))
			return false;
		*v = m->v[k];
		return true;
	}
	}
}

/* Evaluates the program at p into t. */
static void run(const struct monthly_calendar *cal, const struct monthly_series *s, int p,
                struct rule_trace *t)
{
	size_t n = rule_input_count(prog);
	int64_t v[64];
	bool has[64];
	APP_ASSERT(n <= 64);
	for (size_t i = 0; i < n; i++) {
		struct rule_input in = rule_input(prog, i);
		int q = p;
		for (int k = 0; k < -in.offset; k++)
			q = monthly_period_prev(cal, q);
		has[i] = value_at(cal, s, in.sym, q, &v[i]);
		if (!has[i])
			v[i] = 0;
	}
	rule_eval_one(prog, v, has, (double)p, t);
}

static int truth(struct rule_ival v)
{
	return v.lo >= 1 ? 1 : v.hi <= 0 ? 0 : -1;
}

/* ---- detail ---- */

static void fmt_number(double x, const struct rule_operand *o, char *buf, size_t n)
{
	if (o->type == RULE_BOOL)
		snprintf(buf, n, "%s", x >= 1 ? "是" : "否");
	else if (o->dim == RULE_MONEY)
		snprintf(buf, n, o->constant ? "%g 万元" : "%.2f 万元", x);
	else if (o->dim == RULE_PERSONS)
		snprintf(buf, n, "%.0f 人", x);
	else if (o->constant)
		snprintf(buf, n, "%g%%", x * 100); /* plain constants here are thresholds */
	else
		snprintf(buf, n, "%.2f%%", x * 100);
}

/* The label of symbol `name` (as written in the rule), or name itself. */
static const char *label_of(const char *name, size_t len)
{
	for (int i = 0; i < AS_COUNT; i++)
		if (strlen(syms[i].name) == len && strncmp(syms[i].name, name, len) == 0)
			return syms[i].label;
	return NULL;
}

static void fmt_side(const struct rule_operand *o, int p, const struct monthly_calendar *cal,
                     char *buf, size_t n)
{
	char val[64], per[8];
	if (o->v.lo != o->v.hi)
		snprintf(val, sizeof val, "未知");
	else
		fmt_number(o->v.lo, o, val, sizeof val);
	if (o->constant || (!o->label && !o->ratio)) {
		snprintf(buf, n, "%s", val);
		return;
	}
	int q = p;
	for (int k = 0; k < -o->offset; k++)
		q = monthly_period_prev(cal, q);
	monthly_period_format(q, per);
	const char *slash = o->ratio ? strstr(o->text, " / ") : NULL;
	if (slash && o->num.lo == o->num.hi && o->den.lo == o->den.hi) {
		/* a ratio of two money values: show both, as the statistics do */
		const char *a = label_of(o->text, (size_t)(slash - o->text));
		const char *b = label_of(slash + 3, strlen(slash + 3));
		snprintf(buf, n, "%s %s %.2f 万元 / %s %.2f 万元 = %s", per, a ? a : "", o->num.lo,
		         b ? b : "", o->den.lo, val);
		return;
	}
	snprintf(buf, n, "%s %s %s", per, o->label ? o->label : o->text, val);
}

static void detail_of(const struct monthly_alert_rule *r, const struct monthly_calendar *cal, int p,
                      const struct rule_trace *t, char *out, size_t n)
{
	static const char *const ops[] = {"", "<", "≤", ">", "≥", "=", "≠", "属于"};
	struct rule_term terms[8];
	size_t k = rule_explain(prog, t, r->item, terms, 8);
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < k && i < 8 && used < n; i++) {
		char lhs[192], rhs[96];
		fmt_side(&terms[i].lhs, p, cal, lhs, sizeof lhs);
		int w;
		if (terms[i].kind == RULE_TERM_CMP) {
			fmt_side(&terms[i].rhs, p, cal, rhs, sizeof rhs);
			w = snprintf(out + used, n - used, "%s%s %s %s", i ? ";" : "", lhs,
			             ops[terms[i].cmp], rhs);
		} else {
			w = snprintf(out + used, n - used, "%s%s", i ? ";" : "", lhs);
		}
		used += w > 0 ? (size_t)w : 0;
	}
}

int monthly_alert_eval(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                       const struct monthly_series *s, int p, char *detail, size_t n)
{
	pthread_once(&once, load);
	struct rule_trace *t = rule_trace_new(prog);
	run(cal, s, p, t);
	int result = truth(rule_trace_item(t, r->item));
	if (detail && n)
		detail_of(r, cal, p, t, detail, n);
	rule_trace_free(t);
	return result;
}

int monthly_alert_start(const struct monthly_alert_rule *r, const struct monthly_calendar *cal,
                        const struct monthly_series *s, int p, int limit)
{
	int start = p, q = monthly_period_prev(cal, p);
	for (int i = 0; i < limit && inside(s, q); i++, q = monthly_period_prev(cal, q)) {
		if (monthly_alert_eval(r, cal, s, q, NULL, 0) != 1)
			break;
		start = q;
	}
	return start;
}
