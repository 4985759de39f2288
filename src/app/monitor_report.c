/* monitor_report.c - the monthly analysis report from the maintained
 * aggregates: model, narrative and the JSON/CSV/HTML renderers (see
 * monitor_report.h). */
#include "monitor_report.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/csv.h"

/* The keys the report shows, in order (headcount last). */
static const enum monthly_key shown[] = {MK_REVENUE_YTD, MK_OUTPUT_YTD,     MK_PROFIT_YTD,
                                         MK_TAX_YTD,     MK_RD_EXPENSE_YTD, MK_EXPORT_YTD,
                                         MK_EMPLOYEES};
enum { NSHOWN = sizeof shown / sizeof shown[0] };

/* ---- formatting helpers ---- */

void monitor_fmt_wan(int64_t fen, char *buf, size_t n)
{
	money_format(fen, MONEY_WANYUAN, 2, buf, n);
}

void monitor_fmt_yi(int64_t fen, char *buf, size_t n)
{
	money_format(fen, MONEY_YIYUAN, 2, buf, n);
}

void monitor_growth_phrase(double pct, char *buf, size_t n)
{
	if (pct >= 0.05)
		snprintf(buf, n, "同比增长 %.1f%%", pct);
	else if (pct <= -0.05)
		snprintf(buf, n, "同比下降 %.1f%%", -pct);
	else
		snprintf(buf, n, "同比持平");
}

void monitor_html_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '\'':
			buf_puts(out, "&#39;");
			break;
		default:
			buf_putc(out, *s);
		}
	}
}

/* ---- the model ---- */

struct cells {
	struct monthly_agg *v;
	size_t n, cap;
};

static int take(void *ctx, const struct monthly_agg *c)
{
	struct cells *cs = ctx;
	xgrow((void **)&cs->v, &cs->cap, cs->n + 1, sizeof *cs->v);
	cs->v[cs->n++] = *c;
	return 0;
}

static int cmp_groups(const void *a, const void *b)
{
	const struct monitor_report_group *x = a, *y = b;
	int64_t rx = x->a.sum[MK_REVENUE_YTD], ry = y->a.sum[MK_REVENUE_YTD];
	if (rx != ry)
		return rx > ry ? -1 : 1;
	return strcmp(x->grp, y->grp);
}

enum app_status monitor_report_build(struct store *s, const struct monitor_settings *cfg, int p,
                                     enum monthly_dim by, int months, struct monitor_report *out,
                                     struct app_err *err)
{
	memset(out, 0, sizeof *out);
	char per[8];
	monthly_period_format(p, per);
	if (!monthly_period_expected(&cfg->rules.cal, p))
		return app_err_set(err, APP_EINVAL,
		                   "%s 不是单独的报告期(1月与2月合并为 1—2月,按 %04d-02 统计)", per,
		                   monthly_period_year(p));
	if (months <= 0)
		months = 13;
	if (months > MONITOR_SERIES_MAX)
		months = MONITOR_SERIES_MAX;
	out->period = p;
	out->by = by;
	out->cal = cfg->rules.cal;
	out->city.period = p;
	struct cells cs = {0};
	/* the city over the series window (at most 2 periods per expected one) */
	enum app_status st =
	    store_monthly_agg_list(s, MDIM_ALL, "", p - 2 * months, p, take, &cs, err);
	if (st != APP_OK)
		goto out;
	int q = p;
	struct monthly_agg tmp[MONITOR_SERIES_MAX];
	for (int i = 0; i < months; i++) {
		memset(&tmp[i], 0, sizeof tmp[i]);
		tmp[i].period = q;
		for (size_t j = 0; j < cs.n; j++)
			if (cs.v[j].period == q)
				tmp[i] = cs.v[j];
		q = monthly_period_prev(&cfg->rules.cal, q);
	}
	for (int i = 0; i < months; i++)
		out->series[i] = tmp[months - 1 - i];
	out->nseries = (size_t)months;
	out->city = out->series[months - 1];
	if (by != MDIM_ALL) {
		cs.n = 0;
		st = store_monthly_agg_list(s, by, NULL, p, p, take, &cs, err);
		if (st != APP_OK)
			goto out;
		out->groups = xcalloc(cs.n ? cs.n : 1, sizeof *out->groups);
		for (size_t i = 0; i < cs.n; i++) {
			struct monitor_report_group *g = &out->groups[out->ngroups++];
			snprintf(g->grp, sizeof g->grp, "%s", cs.v[i].grp);
			monthly_group_name(by, g->grp, g->name, sizeof g->name);
			g->a = cs.v[i];
		}
		if (out->ngroups)
			qsort(out->groups, out->ngroups, sizeof *out->groups, cmp_groups);
	}
out:
	free(cs.v);
	if (st != APP_OK)
		monitor_report_free(out);
	return st;
}

void monitor_report_free(struct monitor_report *r)
{
	free(r->groups);
	r->groups = NULL;
	r->ngroups = 0;
}

/* ---- narrative ---- */

static const char *dim_words(enum monthly_dim d)
{
	switch (d) {
	case MDIM_UNIT:
		return "区县";
	case MDIM_INDUSTRY:
		return "行业";
	case MDIM_TIER:
		return "梯度";
	default:
		return "";
	}
}

/* "实现营业收入 12.34 亿元,同比增长 5.6%" into b (or the loss wording). */
static void clause(struct buf *b, const struct monthly_agg *c, enum monthly_key k, const char *verb)
{
	char v[64], g[64];
	double pct;
	const char *name = monthly_key_short(k);
	if (k == MK_PROFIT_YTD && c->sum[k] < 0) {
		monitor_fmt_yi(-c->sum[k], v, sizeof v);
		buf_printf(b, "%s净亏损 %s 亿元", name, v);
	} else {
		monitor_fmt_yi(c->sum[k], v, sizeof v);
		buf_printf(b, "%s%s %s 亿元", verb, name, v);
	}
	if (monthly_agg_growth(c, k, &pct)) {
		monitor_growth_phrase(pct, g, sizeof g);
		buf_printf(b, ",%s", g);
	} else if (c->pn[k] > 0 && c->pprev[k] <= 0) {
		buf_puts(b, "(上年同期可比企业合计为亏损,不计算增速)");
	}
}

static void para_totals(const struct monitor_report *r, struct buf *b, const char *span)
{
	const struct monthly_agg *c = &r->city;
	buf_printf(b, "%s,全市 %" PRId64 " 家专精特新梯度培育企业报送月报,", span, c->filed);
	bool first = true;
	static const enum monthly_key money[] = {MK_REVENUE_YTD, MK_OUTPUT_YTD,     MK_PROFIT_YTD,
	                                         MK_TAX_YTD,     MK_RD_EXPENSE_YTD, MK_EXPORT_YTD};
	static const char *const verbs[] = {"累计实现", "完成", "实现", "缴纳", "投入", "实现"};
	for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
		if (!c->n[money[i]])
			continue;
		if (!first)
			buf_puts(b, ";");
		clause(b, c, money[i], verbs[i]);
		first = false;
	}
	buf_puts(b, first ? "尚无指标数据。\n" : "。\n");
}

static void para_month(const struct monitor_report *r, struct buf *b)
{
	const struct monthly_agg *c = &r->city;
	if (!monthly_single_needs_prev(&r->cal, r->period) || !c->sn[MK_REVENUE_YTD])
		return;
	char v[64], label[32];
	monthly_month_label(&r->cal, r->period, label, sizeof label);
	monitor_fmt_yi(c->ssum[MK_REVENUE_YTD], v, sizeof v);
	buf_printf(b, "%s当月,实现营业收入 %s 亿元", label, v);
	if (c->sn[MK_PROFIT_YTD]) {
		monitor_fmt_yi(c->ssum[MK_PROFIT_YTD], v, sizeof v);
		buf_printf(b, "、利润总额 %s 亿元", v);
	}
	buf_printf(b, "(按上月也已报送的 %" PRId64 " 家企业累计数相减得出)。\n",
	           c->sn[MK_REVENUE_YTD]);
}

static void para_loss(const struct monitor_report *r, struct buf *b, const char *span)
{
	const struct monthly_agg *c = &r->city;
	double rate, pct;
	char v[64], g[64];
	if (monthly_agg_loss_rate(c, &rate)) {
		monitor_fmt_yi(-c->loss_sum, v, sizeof v);
		buf_printf(b, "%s,亏损企业 %" PRId64 " 家,亏损面 %.1f%%,亏损企业亏损额 %s 亿元",
		           span, c->loss, rate, v);
	}
	if (c->n[MK_EMPLOYEES]) {
		const char *sep = monthly_agg_loss_rate(c, &rate) ? ";" : "";
		if (c->sum[MK_EMPLOYEES] >= 10000)
			buf_printf(b, "%s期末从业人员 %.2f 万人", sep,
			           (double)c->sum[MK_EMPLOYEES] / 10000.0);
		else
			buf_printf(b, "%s期末从业人员 %" PRId64 " 人", sep, c->sum[MK_EMPLOYEES]);
		if (monthly_agg_growth(c, MK_EMPLOYEES, &pct)) {
			monitor_growth_phrase(pct, g, sizeof g);
			buf_printf(b, ",%s", g);
		}
	}
	if (monthly_agg_loss_rate(c, &rate) || c->n[MK_EMPLOYEES])
		buf_puts(b, "。\n");
}

/* The groups with the highest and lowest like-for-like revenue growth,
 * among those with at least 3 comparable firms. */
static void para_groups(const struct monitor_report *r, struct buf *b)
{
	if (r->by == MDIM_ALL || !r->ngroups)
		return;
	char v[64], g[64];
	double pct;
	buf_printf(b, "分%s看,累计营业收入居前%s位的是", dim_words(r->by),
	           r->ngroups >= 3   ? "三"
	           : r->ngroups == 2 ? "两"
	                             : "一");
	for (size_t i = 0; i < r->ngroups && i < 3; i++) {
		const struct monitor_report_group *x = &r->groups[i];
		monitor_fmt_yi(x->a.sum[MK_REVENUE_YTD], v, sizeof v);
		buf_printf(b, "%s%s(%s 亿元", i ? "、" : "", x->name, v);
		if (monthly_agg_growth(&x->a, MK_REVENUE_YTD, &pct)) {
			monitor_growth_phrase(pct, g, sizeof g);
			buf_printf(b, ",%s", g);
		}
		buf_puts(b, ")");
	}
	const struct monitor_report_group *hi = NULL, *lo = NULL;
	double hp = 0, lp = 0;
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct monitor_report_group *x = &r->groups[i];
		if (x->a.pn[MK_REVENUE_YTD] < 3 || !monthly_agg_growth(&x->a, MK_REVENUE_YTD, &pct))
			continue;
		if (!hi || pct > hp) {
			hi = x;
			hp = pct;
		}
		if (!lo || pct < lp) {
			lo = x;
			lp = pct;
		}
	}
	if (hi && lo && hi != lo)
		buf_printf(b, ";累计增速最高的是%s(%.1f%%),最低的是%s(%.1f%%)", hi->name, hp,
		           lo->name, lp);
	buf_puts(b, "。\n");
}

void monitor_report_narrative(const struct monitor_report *r, struct buf *out)
{
	char span[32];
	monthly_span_label(r->period, span, sizeof span);
	para_totals(r, out, span);
	para_month(r, out);
	para_loss(r, out, span);
	para_groups(r, out);
	buf_printf(out,
	           "注:同比增速按可比口径计算,即本期与上年同期均报送月报的企业(%" PRId64
	           " 家)的合计数之比;当月数由本月与上月累计数相减得出;金额为现价。\n",
	           r->city.pairs);
}

/* ---- JSON ---- */

static json_t *money_json(int64_t fen)
{
	return json_real((double)fen / 1e6);
}

static json_t *num_or_null(bool ok, double v)
{
	return ok ? json_real(round(v * 100.0) / 100.0) : json_null();
}

static json_t *cell_json(const struct monthly_agg *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "filed", json_integer(c->filed));
	for (size_t i = 0; i < NSHOWN; i++) {
		enum monthly_key k = shown[i];
		bool money = monthly_indicators[k].type == IND_MONEY;
		double pct;
		json_t *m = json_object();
		json_object_set_new(m, "firms", json_integer(c->n[k]));
		json_object_set_new(m, "total",
		                    money ? money_json(c->sum[k]) : json_integer(c->sum[k]));
		if (monthly_key_is_ytd(k)) {
			json_object_set_new(m, "month_firms", json_integer(c->sn[k]));
			json_object_set_new(m, "month",
			                    c->sn[k] ? money_json(c->ssum[k]) : json_null());
		}
		json_object_set_new(m, "yoy_firms", json_integer(c->pn[k]));
		json_object_set_new(m, "yoy_current",
		                    money ? money_json(c->pcur[k]) : json_integer(c->pcur[k]));
		json_object_set_new(m, "yoy_previous",
		                    money ? money_json(c->pprev[k]) : json_integer(c->pprev[k]));
		/* the call must run before pct is read: argument order is unspecified */
		bool grew = monthly_agg_growth(c, k, &pct);
		json_object_set_new(m, "yoy_pct", num_or_null(grew, pct));
		json_object_set_new(o, monthly_indicators[k].key, m);
	}
	double rate;
	json_object_set_new(o, "loss_firms", json_integer(c->loss));
	bool has_rate = monthly_agg_loss_rate(c, &rate);
	json_object_set_new(o, "loss_rate_pct", num_or_null(has_rate, rate));
	json_object_set_new(o, "loss_total", money_json(c->loss_sum));
	json_object_set_new(o, "comparable_firms", json_integer(c->pairs));
	return o;
}

static enum app_status dump_json(json_t *o, struct buf *out)
{
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	enum app_status st = text ? buf_puts(out, text) : APP_EINTERNAL;
	if (st == APP_OK)
		st = buf_putc(out, '\n');
	free(text);
	json_decref(o);
	return st;
}

enum app_status monitor_report_json(const struct monitor_report *r, struct buf *out)
{
	char per[8], span[32];
	monthly_period_format(r->period, per);
	monthly_span_label(r->period, span, sizeof span);
	json_t *o = json_object();
	json_object_set_new(o, "period", json_string(per));
	json_object_set_new(o, "span", json_string(span));
	json_object_set_new(o, "by", json_string(monthly_dim_key(r->by)));
	struct buf nb;
	buf_init(&nb, 64 * 1024);
	monitor_report_narrative(r, &nb);
	json_object_set_new(o, "narrative", json_string(buf_cstr(&nb)));
	buf_free(&nb);
	json_object_set_new(o, "city", cell_json(&r->city));
	json_t *groups = json_array();
	for (size_t i = 0; i < r->ngroups; i++) {
		json_t *g = cell_json(&r->groups[i].a);
		json_object_set_new(g, "group", json_string(r->groups[i].grp));
		json_object_set_new(g, "name", json_string(r->groups[i].name));
		json_array_append_new(groups, g);
	}
	json_object_set_new(o, "groups", groups);
	json_t *series = json_array();
	for (size_t i = 0; i < r->nseries; i++) {
		const struct monthly_agg *c = &r->series[i];
		char sp[8];
		double pct, rate;
		monthly_period_format(c->period, sp);
		json_t *x = json_object();
		json_object_set_new(x, "period", json_string(sp));
		json_object_set_new(x, "filed", json_integer(c->filed));
		json_object_set_new(x, "revenue_ytd", money_json(c->sum[MK_REVENUE_YTD]));
		json_object_set_new(x, "revenue_month",
		                    c->sn[MK_REVENUE_YTD] ? money_json(c->ssum[MK_REVENUE_YTD])
		                                          : json_null());
		bool grew = monthly_agg_growth(c, MK_REVENUE_YTD, &pct);
		json_object_set_new(x, "revenue_yoy_pct", num_or_null(grew, pct));
		json_object_set_new(x, "profit_ytd", money_json(c->sum[MK_PROFIT_YTD]));
		bool has_rate = monthly_agg_loss_rate(c, &rate);
		json_object_set_new(x, "loss_rate_pct", num_or_null(has_rate, rate));
		json_array_append_new(series, x);
	}
	json_object_set_new(o, "series", series);
	return dump_json(o, out);
}

/* ---- CSV ---- */

static enum app_status csv_cell(struct buf *b, const char *s, bool first)
{
	return csv_put_field(b, s, strlen(s), first);
}

static void csv_row(struct buf *b, const char *grp, const char *name, const struct monthly_agg *c)
{
	char v[64];
	double pct;
	csv_cell(b, grp, true);
	csv_cell(b, name, false);
	snprintf(v, sizeof v, "%" PRId64, c->filed);
	csv_cell(b, v, false);
	for (size_t i = 0; i < NSHOWN; i++) {
		enum monthly_key k = shown[i];
		if (monthly_indicators[k].type == IND_MONEY) {
			monitor_fmt_wan(c->sum[k], v, sizeof v);
			csv_cell(b, c->n[k] ? v : "", false);
			monitor_fmt_wan(c->ssum[k], v, sizeof v);
			csv_cell(b, c->sn[k] ? v : "", false);
		} else {
			snprintf(v, sizeof v, "%" PRId64, c->sum[k]);
			csv_cell(b, c->n[k] ? v : "", false);
		}
		if (monthly_agg_growth(c, k, &pct))
			snprintf(v, sizeof v, "%.2f", pct);
		else
			v[0] = '\0';
		csv_cell(b, v, false);
	}
	snprintf(v, sizeof v, "%" PRId64, c->loss);
	csv_cell(b, v, false);
	if (monthly_agg_loss_rate(c, &pct))
		snprintf(v, sizeof v, "%.2f", pct);
	else
		v[0] = '\0';
	csv_cell(b, v, false);
	monitor_fmt_wan(c->loss_sum, v, sizeof v);
	csv_cell(b, v, false);
	csv_end_record(b);
}

enum app_status monitor_report_csv(const struct monitor_report *r, struct buf *out)
{
	buf_puts(out, CSV_UTF8_BOM_BYTES);
	csv_cell(out, "分组代码", true);
	csv_cell(out, "分组", false);
	csv_cell(out, "报送企业数", false);
	for (size_t i = 0; i < NSHOWN; i++) {
		enum monthly_key k = shown[i];
		char h[96];
		const char *name = monthly_key_short(k);
		if (monthly_indicators[k].type == IND_MONEY) {
			snprintf(h, sizeof h, "%s累计(万元)", name);
			csv_cell(out, h, false);
			snprintf(h, sizeof h, "%s当月(万元)", name);
			csv_cell(out, h, false);
		} else {
			snprintf(h, sizeof h, "%s期末人数", name);
			csv_cell(out, h, false);
		}
		snprintf(h, sizeof h, "%s累计同比(%%)", name);
		csv_cell(out, h, false);
	}
	csv_cell(out, "亏损企业数", false);
	csv_cell(out, "亏损面(%)", false);
	csv_cell(out, "亏损额(万元)", false);
	csv_end_record(out);
	csv_row(out, "", "全市", &r->city);
	for (size_t i = 0; i < r->ngroups; i++)
		csv_row(out, r->groups[i].grp, r->groups[i].name, &r->groups[i].a);
	return out->len >= out->max ? APP_ETOOLARGE : APP_OK;
}

/* ---- HTML ---- */

static const char html_style[] =
    "body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",SimSun,\"WenQuanYi Zen Hei\",serif;"
    "max-width:960px;margin:2em auto;padding:0 1em;color:#111;line-height:1.7}"
    "h1{text-align:center;font-size:1.6em;margin-bottom:.2em}"
    "h2{font-size:1.2em;border-left:4px solid #b22;padding-left:.5em;margin-top:1.6em}"
    ".meta{text-align:center;color:#555;font-size:.9em}"
    "p.lead{text-indent:2em}"
    "table{border-collapse:collapse;width:100%;font-size:.85em;margin:.6em 0}"
    "th,td{border:1px solid #999;padding:3px 6px}th{background:#f2f2f2}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".note{font-size:.85em;color:#444}"
    "svg{display:block;margin:.5em auto;max-width:100%}"
    "@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}"
    "table,svg{page-break-inside:avoid}}";

static void td_num(struct buf *b, const char *v)
{
	buf_printf(b, "<td class=\"n\">%s</td>", v);
}

static void td_text(struct buf *b, const char *v)
{
	buf_puts(b, "<td>");
	monitor_html_escape(b, v);
	buf_puts(b, "</td>");
}

static void td_growth(struct buf *b, const struct monthly_agg *c, enum monthly_key k)
{
	double pct;
	char v[32] = "—";
	if (monthly_agg_growth(c, k, &pct))
		snprintf(v, sizeof v, "%.1f", pct);
	td_num(b, v);
}

/* 二、主要指标: one row per key for the city. */
static void html_indicators(const struct monitor_report *r, struct buf *b)
{
	const struct monthly_agg *c = &r->city;
	buf_puts(b, "<table><thead><tr><th>指标</th><th>累计</th><th>当月</th><th>累计同比(%)</th>"
	            "<th>可比企业数</th><th>报送企业数</th></tr></thead><tbody>");
	for (size_t i = 0; i < NSHOWN; i++) {
		enum monthly_key k = shown[i];
		char v[64], m[64] = "—", name[96], pc[32], nc[32];
		bool money = monthly_indicators[k].type == IND_MONEY;
		if (money) {
			snprintf(name, sizeof name, "%s(万元)", monthly_key_short(k));
			monitor_fmt_wan(c->sum[k], v, sizeof v);
			if (c->sn[k])
				monitor_fmt_wan(c->ssum[k], m, sizeof m);
		} else {
			snprintf(name, sizeof name, "从业人员期末人数(人)");
			snprintf(v, sizeof v, "%" PRId64, c->sum[k]);
		}
		snprintf(pc, sizeof pc, "%" PRId64, c->pn[k]);
		snprintf(nc, sizeof nc, "%" PRId64, c->n[k]);
		buf_puts(b, "<tr>");
		td_text(b, name);
		td_num(b, c->n[k] ? v : "—");
		td_num(b, m);
		td_growth(b, c, k);
		td_num(b, pc);
		td_num(b, nc);
		buf_puts(b, "</tr>");
	}
	double rate;
	char v[64], lr[32] = "—";
	if (monthly_agg_loss_rate(c, &rate))
		snprintf(lr, sizeof lr, "%.1f%%", rate);
	monitor_fmt_wan(-c->loss_sum, v, sizeof v);
	buf_printf(b,
	           "<tr><td>亏损企业(家) / 亏损面 / 亏损额(万元)</td><td class=\"n\">%" PRId64
	           "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td></td><td></td></tr>",
	           c->loss, lr, v);
	buf_puts(b, "</tbody></table>");
}

/* 三、分组: horizontal bars of 累计营业收入 (largest 15) and the table. */
static void html_group_chart(const struct monitor_report *r, struct buf *b)
{
	size_t n = r->ngroups < 15 ? r->ngroups : 15;
	if (!n)
		return;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		max = fmax(max, (double)r->groups[i].a.sum[MK_REVENUE_YTD] / 1e10);
	if (max <= 0)
		max = 1;
	int rowh = 22, h = (int)n * rowh + 30, x0 = 150, w = 460;
	buf_printf(b,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"%d\" "
	           "viewBox=\"0 0 720 %d\" role=\"img\" aria-label=\"累计营业收入(亿元)\" "
	           "font-size=\"12\">",
	           h, h);
	buf_printf(
	    b,
	    "<text x=\"360\" y=\"14\" text-anchor=\"middle\">累计营业收入(亿元),前 %zu 位</text>",
	    n);
	for (size_t i = 0; i < n; i++) {
		const struct monitor_report_group *g = &r->groups[i];
		double v = (double)g->a.sum[MK_REVENUE_YTD] / 1e10;
		int y = 24 + (int)i * rowh;
		double bw = v > 0 ? v / max * w : 0;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", x0 - 6, y + 14);
		monitor_html_escape(b, g->name);
		buf_printf(
		    b,
		    "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#b22\"/>"
		    "<text x=\"%.1f\" y=\"%d\">%.2f</text>",
		    x0, y + 3, bw, rowh - 6, x0 + bw + 4, y + 14, v);
	}
	buf_puts(b, "</svg>");
}

static void html_groups(const struct monitor_report *r, struct buf *b)
{
	if (r->by == MDIM_ALL)
		return;
	buf_printf(b, "<h2>三、分%s情况</h2>", dim_words(r->by));
	html_group_chart(r, b);
	buf_puts(b, "<table><thead><tr><th>序号</th><th>名称</th><th>报送企业</th>"
	            "<th>营业收入累计(万元)</th><th>当月(万元)</th><th>同比(%)</th>"
	            "<th>利润总额累计(万元)</th><th>同比(%)</th><th>研发费用累计(万元)</th>"
	            "<th>同比(%)</th><th>亏损面(%)</th></tr></thead><tbody>");
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct monthly_agg *c = &r->groups[i].a;
		char v[64], m[64] = "—", no[24], lr[32] = "—";
		double rate;
		snprintf(no, sizeof no, "%zu", i + 1);
		buf_puts(b, "<tr>");
		td_num(b, no);
		td_text(b, r->groups[i].name);
		snprintf(v, sizeof v, "%" PRId64, c->filed);
		td_num(b, v);
		monitor_fmt_wan(c->sum[MK_REVENUE_YTD], v, sizeof v);
		td_num(b, v);
		if (c->sn[MK_REVENUE_YTD])
			monitor_fmt_wan(c->ssum[MK_REVENUE_YTD], m, sizeof m);
		td_num(b, m);
		td_growth(b, c, MK_REVENUE_YTD);
		monitor_fmt_wan(c->sum[MK_PROFIT_YTD], v, sizeof v);
		td_num(b, v);
		td_growth(b, c, MK_PROFIT_YTD);
		monitor_fmt_wan(c->sum[MK_RD_EXPENSE_YTD], v, sizeof v);
		td_num(b, v);
		td_growth(b, c, MK_RD_EXPENSE_YTD);
		if (monthly_agg_loss_rate(c, &rate))
			snprintf(lr, sizeof lr, "%.1f", rate);
		td_num(b, lr);
		buf_puts(b, "</tr>");
	}
	buf_puts(b, "</tbody></table>");
}

/* 四、月度走势: 当月营业收入 bars (亿元) and the 累计同比 line (%). */
static void html_series_chart(const struct monitor_report *r, struct buf *b)
{
	size_t n = r->nseries;
	if (!n)
		return;
	double max = 0, gmin = 0, gmax = 0, pct;
	for (size_t i = 0; i < n; i++) {
		const struct monthly_agg *c = &r->series[i];
		if (c->sn[MK_REVENUE_YTD])
			max = fmax(max, (double)c->ssum[MK_REVENUE_YTD] / 1e10);
		if (monthly_agg_growth(c, MK_REVENUE_YTD, &pct)) {
			gmin = fmin(gmin, pct);
			gmax = fmax(gmax, pct);
		}
	}
	if (max <= 0)
		max = 1;
	if (gmax - gmin < 1)
		gmax = gmin + 1;
	const int W = 720, H = 280, left = 50, right = 50, top = 30, bottom = 40;
	double pw = W - left - right, ph = H - top - bottom, slot = pw / (double)n;
	buf_printf(
	    b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 "
	    "%d %d\" role=\"img\" aria-label=\"当月营业收入与累计同比\" font-size=\"11\">",
	    W, H, W, H);
	buf_printf(b,
	           "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" "
	           "font-size=\"12\">当月营业收入(亿元,柱)与"
	           "累计同比(%%,线)</text>",
	           W / 2);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", left,
	           top + (int)ph, W - right, top + (int)ph);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.1f</text>", left - 4, top + 4,
	           max);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">%.1f%%</text>", W - right + 4,
	           top + 4, gmax);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">%.1f%%</text>", W - right + 4,
	           top + (int)ph, gmin);
	struct buf line;
	buf_init(&line, 64 * 1024);
	for (size_t i = 0; i < n; i++) {
		const struct monthly_agg *c = &r->series[i];
		double x = left + slot * ((double)i + 0.5);
		char lab[16];
		monthly_period_format(c->period, lab);
		if (c->sn[MK_REVENUE_YTD]) {
			double v = (double)c->ssum[MK_REVENUE_YTD] / 1e10;
			double bh = v > 0 ? v / max * ph : 0;
			buf_printf(b,
			           "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			           "fill=\"#d88\"/>",
			           x - slot * 0.35, top + ph - bh, slot * 0.7, bh);
		}
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
		           top + (int)ph + 14, lab + 2);
		if (monthly_agg_growth(c, MK_REVENUE_YTD, &pct)) {
			double y = top + ph - (pct - gmin) / (gmax - gmin) * ph;
			buf_printf(&line, "%s%.1f,%.1f", line.len ? " " : "", x, y);
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#135\"/>",
			           x, y);
		}
	}
	if (line.len)
		buf_printf(
		    b,
		    "<polyline points=\"%s\" fill=\"none\" stroke=\"#135\" stroke-width=\"1.5\"/>",
		    buf_cstr(&line));
	buf_free(&line);
	buf_puts(b, "</svg>");
}

static void html_series(const struct monitor_report *r, struct buf *b)
{
	buf_puts(b, "<h2>四、月度走势</h2>");
	html_series_chart(r, b);
	buf_puts(b, "<table><thead><tr><th>报告期</th><th>报送企业</th><th>营业收入累计(万元)</th>"
	            "<th>当月(万元)</th><th>累计同比(%)</th><th>利润总额累计(万元)</th>"
	            "<th>亏损面(%)</th></tr></thead><tbody>");
	for (size_t i = 0; i < r->nseries; i++) {
		const struct monthly_agg *c = &r->series[i];
		char per[8], v[64], m[64] = "—", lr[32] = "—", label[32];
		double rate;
		monthly_period_format(c->period, per);
		monthly_month_label(&r->cal, c->period, label, sizeof label);
		buf_printf(b, "<tr><td>%s(%s)</td>", per, label);
		snprintf(v, sizeof v, "%" PRId64, c->filed);
		td_num(b, v);
		monitor_fmt_wan(c->sum[MK_REVENUE_YTD], v, sizeof v);
		td_num(b, c->filed ? v : "—");
		if (c->sn[MK_REVENUE_YTD])
			monitor_fmt_wan(c->ssum[MK_REVENUE_YTD], m, sizeof m);
		td_num(b, m);
		td_growth(b, c, MK_REVENUE_YTD);
		monitor_fmt_wan(c->sum[MK_PROFIT_YTD], v, sizeof v);
		td_num(b, c->filed ? v : "—");
		if (monthly_agg_loss_rate(c, &rate))
			snprintf(lr, sizeof lr, "%.1f", rate);
		td_num(b, lr);
		buf_puts(b, "</tr>");
	}
	buf_puts(b, "</tbody></table>");
}

enum app_status monitor_report_html(const struct monitor_report *r, struct buf *out)
{
	char per[8], span[32], title[128];
	monthly_period_format(r->period, per);
	monthly_span_label(r->period, span, sizeof span);
	snprintf(title, sizeof title, "%d年%s专精特新企业运行监测分析",
	         monthly_period_year(r->period), span);
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	              "<link rel=\"icon\" href=\"data:,\"><title>");
	monitor_html_escape(out, title);
	buf_printf(out, "</title><style>%s</style></head><body>\n<h1>", html_style);
	monitor_html_escape(out, title);
	buf_printf(
	    out, "</h1><p class=\"meta\">报告期 %s · 数据来源:企业月度监测报送 · 金额为现价</p>\n",
	    per);
	buf_puts(out, "<h2>一、总体情况</h2>");
	struct buf nb;
	buf_init(&nb, 64 * 1024);
	monitor_report_narrative(r, &nb);
	const char *p = buf_cstr(&nb);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *para = xstrndup(p, len);
		bool note = strncmp(para, "注:", strlen("注:")) == 0;
		buf_puts(out, note ? "<p class=\"note\">" : "<p class=\"lead\">");
		monitor_html_escape(out, para);
		buf_puts(out, "</p>\n");
		free(para);
		p += len + (nl ? 1 : 0);
	}
	buf_free(&nb);
	buf_puts(out, "<h2>二、主要指标</h2>");
	html_indicators(r, out);
	html_groups(r, out);
	html_series(r, out);
	buf_puts(out, "<h2>说明</h2><p class=\"note\">1. 累计数为1月至本月累计;1月与2月合并报送时,"
	              "“1—2月”为两个月合计。2. 同比按可比口径:仅计入本期与上年同期均报送的企业。"
	              "3. 当月数由本月与上月累计数相减得出,上月未报送的企业不计入当月数。"
	              "4. 区县按报送单位统计:位于两江新区、重庆高新区、万盛经开区的企业计入功能区,"
	              "不重复计入所在区县。</p>\n</body></html>\n");
	return out->len >= out->max ? APP_ETOOLARGE : APP_OK;
}
