/* monitor_notice.c - the 通报 draft from the completeness data (see
 * monitor_notice.h). The text is written once through a small writer that
 * emits either Markdown or HTML. */
#include "monitor_notice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/monitor_report.h"
#include "base/mem.h"
#include "core/district.h"

/* ---- a two-format writer ---- */

struct doc {
	struct buf *b;
	enum monitor_notice_format fmt;
};

static void text(struct doc *d, const char *s)
{
	if (d->fmt == MONITOR_NOTICE_HTML)
		monitor_html_escape(d->b, s);
	else
		buf_puts(d->b, s);
}

static void heading(struct doc *d, int level, const char *s)
{
	if (d->fmt == MONITOR_NOTICE_HTML) {
		buf_printf(d->b, "<h%d>", level);
		text(d, s);
		buf_printf(d->b, "</h%d>\n", level);
	} else {
		for (int i = 0; i < level; i++)
			buf_putc(d->b, '#');
		buf_printf(d->b, " %s\n\n", s);
	}
}

static void para(struct doc *d, const char *s)
{
	if (d->fmt == MONITOR_NOTICE_HTML) {
		buf_puts(d->b, "<p>");
		text(d, s);
		buf_puts(d->b, "</p>\n");
	} else {
		buf_printf(d->b, "%s\n\n", s);
	}
}

static void right_para(struct doc *d, const char *s)
{
	if (d->fmt == MONITOR_NOTICE_HTML) {
		buf_puts(d->b, "<p class=\"sign\">");
		text(d, s);
		buf_puts(d->b, "</p>\n");
	} else {
		buf_printf(d->b, "%s\n\n", s);
	}
}

static void table_row(struct doc *d, const char *const *cells, size_t n, bool header)
{
	if (d->fmt == MONITOR_NOTICE_HTML) {
		buf_puts(d->b, "<tr>");
		for (size_t i = 0; i < n; i++) {
			buf_puts(d->b, header ? "<th>" : i >= 2 ? "<td class=\"n\">" : "<td>");
			text(d, cells[i]);
			buf_puts(d->b, header ? "</th>" : "</td>");
		}
		buf_puts(d->b, "</tr>\n");
		return;
	}
	buf_puts(d->b, "|");
	for (size_t i = 0; i < n; i++)
		buf_printf(d->b, " %s |", cells[i]);
	buf_puts(d->b, "\n");
	if (header) {
		buf_puts(d->b, "|");
		for (size_t i = 0; i < n; i++)
			buf_puts(d->b, i >= 2 ? "---:|" : "---|");
		buf_puts(d->b, "\n");
	}
}

static void table_begin(struct doc *d)
{
	if (d->fmt == MONITOR_NOTICE_HTML)
		buf_puts(d->b, "<table>\n");
}

static void table_end(struct doc *d)
{
	buf_puts(d->b, d->fmt == MONITOR_NOTICE_HTML ? "</table>\n" : "\n");
}

static void item(struct doc *d, const char *s)
{
	if (d->fmt == MONITOR_NOTICE_HTML) {
		buf_puts(d->b, "<li>");
		text(d, s);
		buf_puts(d->b, "</li>\n");
	} else {
		buf_printf(d->b, "- %s\n", s);
	}
}

static void list_begin(struct doc *d)
{
	if (d->fmt == MONITOR_NOTICE_HTML)
		buf_puts(d->b, "<ol>\n");
}

static void list_end(struct doc *d)
{
	buf_puts(d->b, d->fmt == MONITOR_NOTICE_HTML ? "</ol>\n" : "\n");
}

/* ---- dates ---- */

static void cn_date(int64_t day, char *buf, size_t n)
{
	int y, m, d;
	date_from_days(day, &y, &m, &d);
	snprintf(buf, n, "%d年%d月%d日", y, m, d);
}

/* "2025年10月", or "2026年1—2月" for a combined February. */
static void cn_period(const struct monthly_calendar *cal, int p, char *buf, size_t n)
{
	char m[32];
	monthly_month_label(cal, p, m, sizeof m);
	snprintf(buf, n, "%d年%s", monthly_period_year(p), m);
}

/* ---- laggards ---- */

static void defaults(const struct monitor_settings *cfg, const struct monitor_notice_options *in,
                     struct monitor_notice_options *o)
{
	memset(o, 0, sizeof *o);
	if (in)
		*o = *in;
	if (!o->threshold_bp)
		o->threshold_bp = cfg->notice_threshold_bp;
	if (o->repeat_window <= 0)
		o->repeat_window = 3;
	if (o->repeat_window > 8)
		o->repeat_window = 8;
	if (o->repeat_min <= 0)
		o->repeat_min = 2;
	if (!o->issuer)
		o->issuer = "重庆市经济和信息化委员会";
	if (o->chase_days <= 0)
		o->chase_days = 5;
}

/* Under the threshold: filed/expected < threshold_bp/10000, exactly. */
static bool under(const struct monitor_unit_stat *u, int threshold_bp)
{
	return u->expected && (__int128)u->filed * 10000 < (__int128)threshold_bp * u->expected;
}

static int cmp_laggard(const void *a, const void *b)
{
	const struct monitor_laggard *x = a, *y = b;
	if (x->times != y->times)
		return y->times - x->times;
	double rx = x->rates[x->n - 1], ry = y->rates[y->n - 1];
	if (rx != ry && !isnan(rx) && !isnan(ry))
		return rx < ry ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

static struct monitor_laggard *lag_of(struct monitor_laggard **v, size_t *n, size_t *cap,
                                      const struct monitor_unit_stat *u, int window)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].unit, u->unit) == 0)
			return &(*v)[i];
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	struct monitor_laggard *l = &(*v)[(*n)++];
	memset(l, 0, sizeof *l);
	snprintf(l->unit, sizeof l->unit, "%s", u->unit);
	snprintf(l->name, sizeof l->name, "%s", u->name);
	l->n = window;
	for (int i = 0; i < window; i++)
		l->rates[i] = NAN;
	return l;
}

enum app_status monitor_laggards(struct store *s, const struct monitor_settings *cfg, int p,
                                 int64_t today, const struct monitor_notice_options *in,
                                 struct monitor_laggard **out, size_t *nout, struct app_err *err)
{
	struct monitor_notice_options o;
	defaults(cfg, in, &o);
	int periods[8];
	periods[o.repeat_window - 1] = p;
	for (int i = o.repeat_window - 2; i >= 0; i--)
		periods[i] = monthly_period_prev(&cfg->rules.cal, periods[i + 1]);
	struct monitor_laggard *v = NULL;
	size_t n = 0, cap = 0;
	enum app_status st = APP_OK;
	for (int i = 0; i < o.repeat_window && st == APP_OK; i++) {
		struct monitor_completeness c;
		st = monitor_completeness(s, cfg, periods[i], today, &c, err);
		if (st != APP_OK)
			break;
		for (size_t j = 0; j < c.nunits; j++) {
			struct monitor_laggard *l =
			    lag_of(&v, &n, &cap, &c.units[j], o.repeat_window);
			l->rates[i] = c.units[j].rate;
			if (under(&c.units[j], o.threshold_bp))
				l->times++;
		}
		monitor_completeness_free(&c);
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(v[i].periods, periods, sizeof periods);
		if (v[i].times >= o.repeat_min)
			v[k++] = v[i];
	}
	if (k)
		qsort(v, k, sizeof *v, cmp_laggard);
	if (st != APP_OK) {
		free(v);
		v = NULL;
		k = 0;
	}
	*out = v;
	*nout = k;
	return st;
}

/* ---- the draft ---- */

static const char notice_style[] =
    "body{font-family:\"FangSong\",\"STFangsong\",\"Noto Serif CJK SC\",\"WenQuanYi Zen Hei\","
    "serif;max-width:860px;margin:2em auto;padding:0 1em;line-height:1.9;color:#111}"
    "h1{text-align:center;font-size:1.5em;font-family:\"SimHei\",\"Noto Sans CJK SC\",sans-serif}"
    "h2{font-size:1.15em;font-family:\"SimHei\",\"Noto Sans CJK SC\",sans-serif}"
    "h3{font-size:1em}p{text-indent:2em}p.sign{text-align:right;text-indent:0}"
    "table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #888;"
    "padding:2px 6px}td.n{text-align:right}.draft{color:#b22;text-align:center;text-indent:0}"
    "[contenteditable]:focus{outline:2px dashed #b22}"
    "@media print{.draft{display:none}body{margin:0;max-width:none}}";

static void overview(struct doc *d, const struct monitor_completeness *c, int p,
                     const struct monthly_calendar *cal)
{
	char per[64], dl[32], td[32], rate[16], timely[16], line[1024];
	cn_period(cal, p, per, sizeof per);
	cn_date(c->deadline, dl, sizeof dl);
	cn_date(c->today, td, sizeof td);
	monitor_pct(c->city.rate, rate, sizeof rate);
	monitor_pct(c->city.timely, timely, sizeof timely);
	snprintf(line, sizeof line,
	         "按照专精特新企业月度运行监测工作要求,%s监测数据应于%s前报送。截至%s,"
	         "全市应报送企业 %ld "
	         "家,已报送 %ld 家,报送率 %s;其中按时报送 %ld 家,按时报送率 %s;逾期报送 %ld 家,"
	         "未报送 %ld 家。现将各区县(功能区)报送情况通报如下。",
	         per, dl, td, c->city.expected, c->city.filed, rate, c->city.on_time, timely,
	         c->city.late, c->city.missing);
	para(d, line);
	if (!c->closed)
		para(d, "(本期报送尚未截止,以上为截至目前的进度。)");
}

static void ranking(struct doc *d, const struct monitor_completeness *c)
{
	static const char *const head[] = {"排名", "区县(功能区)", "应报",   "已报",  "按时",
	                                   "逾期", "未报",         "报送率", "按时率"};
	heading(d, 2, "一、各区县(功能区)报送情况");
	table_begin(d);
	table_row(d, head, 9, true);
	for (size_t i = 0; i < c->nunits; i++) {
		const struct monitor_unit_stat *u = &c->units[i];
		char v[7][24];
		snprintf(v[0], sizeof v[0], "%d", u->rank);
		snprintf(v[1], sizeof v[1], "%ld", u->expected);
		snprintf(v[2], sizeof v[2], "%ld", u->filed);
		snprintf(v[3], sizeof v[3], "%ld", u->on_time);
		snprintf(v[4], sizeof v[4], "%ld", u->late);
		snprintf(v[5], sizeof v[5], "%ld", u->missing);
		monitor_pct(u->rate, v[6], sizeof v[6]);
		char timely[24];
		monitor_pct(u->timely, timely, sizeof timely);
		const char *cells[] = {v[0], u->name, v[1], v[2], v[3], v[4], v[5], v[6], timely};
		table_row(d, cells, 9, false);
	}
	table_end(d);
}

static void below(struct doc *d, const struct monitor_completeness *c, int threshold_bp)
{
	char h[128], thr[16];
	monitor_pct(threshold_bp / 100.0, thr, sizeof thr);
	snprintf(h, sizeof h, "二、报送率低于 %s 的区县(功能区)", thr);
	heading(d, 2, h);
	struct buf line;
	buf_init(&line, 64 * 1024);
	size_t n = 0;
	for (size_t i = 0; i < c->nunits; i++) {
		const struct monitor_unit_stat *u = &c->units[i];
		if (!under(u, threshold_bp))
			continue;
		char rate[16];
		monitor_pct(u->rate, rate, sizeof rate);
		buf_printf(&line, "%s%s(%s,未报 %ld 家)", n ? "、" : "", u->name, rate, u->missing);
		n++;
	}
	char out[256];
	if (n) {
		snprintf(out, sizeof out, "共 %zu 个:", n);
		struct buf all;
		buf_init(&all, 128 * 1024);
		buf_printf(&all, "%s%s。请上述区县(功能区)高度重视,落实专人督促企业按时报送。", out,
		           buf_cstr(&line));
		para(d, buf_cstr(&all));
		buf_free(&all);
	} else {
		snprintf(out, sizeof out, "本期各区县(功能区)报送率均达到 %s 以上。", thr);
		para(d, out);
	}
	buf_free(&line);
}

static void repeat(struct doc *d, const struct monitor_laggard *l, size_t n,
                   const struct monitor_notice_options *o)
{
	char h[160], thr[16];
	monitor_pct(o->threshold_bp / 100.0, thr, sizeof thr);
	snprintf(h, sizeof h, "三、多次未达标的区县(功能区)");
	heading(d, 2, h);
	if (!n) {
		snprintf(h, sizeof h, "近 %d 期没有区县(功能区)报送率 %d 期及以上低于 %s。",
		         o->repeat_window, o->repeat_min, thr);
		para(d, h);
		return;
	}
	struct buf b;
	buf_init(&b, 128 * 1024);
	char first[8], last[8];
	monthly_period_format(l[0].periods[0], first);
	monthly_period_format(l[0].periods[l[0].n - 1], last);
	buf_printf(&b, "近 %d 期(%s 至 %s)中有 %d 期及以上报送率低于 %s 的:", o->repeat_window,
	           first, last, o->repeat_min, thr);
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s(%d 期:", i ? ";" : "", l[i].name, l[i].times);
		for (int j = 0; j < l[i].n; j++) {
			char r[16];
			monitor_pct(l[i].rates[j], r, sizeof r);
			buf_printf(&b, "%s%s", j ? "、" : "", r);
		}
		buf_puts(&b, ")");
	}
	buf_puts(&b, "。对连续未达标的区县(功能区)予以通报批评,请其主要负责同志督促整改。");
	para(d, buf_cstr(&b));
	buf_free(&b);
}

static void missing_firms(struct doc *d, const struct monitor_completeness *c)
{
	heading(d, 2, "四、未报送企业名单");
	if (!c->nmissing) {
		para(d, "本期应报送企业均已报送。");
		return;
	}
	size_t i = 0;
	while (i < c->nmissing) {
		const char *unit = c->missing[i].unit;
		size_t j = i;
		while (j < c->nmissing && strcmp(c->missing[j].unit, unit) == 0)
			j++;
		char h[128];
		snprintf(h, sizeof h, "%s(%zu 家)", district_unit_name(unit), j - i);
		heading(d, 3, h);
		list_begin(d);
		for (size_t k = i; k < j; k++) {
			char line[MAX_NAME_BYTES + 64];
			snprintf(line, sizeof line, "%s(%s)", c->missing[k].name,
			         c->missing[k].uscc);
			item(d, line);
		}
		list_end(d);
		i = j;
	}
}

static void requirements(struct doc *d, const struct monitor_completeness *c,
                         const struct monitor_notice_options *o, const struct monitor_settings *cfg)
{
	char by[32], line[512];
	cn_date(c->today + o->chase_days, by, sizeof by);
	heading(d, 2, "五、工作要求");
	snprintf(line, sizeof line,
	         "请各区县(功能区)经济信息主管部门于%s前督促未报送企业完成补报,并核实逾期原因;"
	         "今后每月 %d 日前完成上月数据报送和审核。市经济信息委将持续按月通报报送情况。",
	         by, cfg->rules.cal.deadline_day);
	para(d, line);
}

enum app_status monitor_notice(struct store *s, const struct monitor_settings *cfg, int p,
                               int64_t today, enum monitor_notice_format fmt,
                               const struct monitor_notice_options *in, struct buf *out,
                               struct app_err *err)
{
	struct monitor_notice_options o;
	defaults(cfg, in, &o);
	if (!today)
		today = monitor_today();
	struct monitor_completeness c;
	enum app_status st = monitor_completeness(s, cfg, p, today, &c, err);
	if (st != APP_OK)
		return st;
	struct monitor_laggard *lag = NULL;
	size_t nlag = 0;
	st = monitor_laggards(s, cfg, p, today, &o, &lag, &nlag, err);
	if (st != APP_OK)
		goto out;
	struct doc d = {out, fmt};
	char title[200], per[64], date[32];
	cn_period(&cfg->rules.cal, p, per, sizeof per);
	snprintf(title, sizeof title, "关于%s专精特新企业月度监测数据报送情况的通报", per);
	if (fmt == MONITOR_NOTICE_HTML) {
		buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		              "<link rel=\"icon\" href=\"data:,\"><title>");
		monitor_html_escape(out, title);
		buf_printf(out,
		           "</title><style>%s</style></head><body>\n"
		           "<p class=\"draft\">(草稿:点击正文可直接修改,打印时本行不显示)</p>\n"
		           "<article contenteditable=\"true\">\n",
		           notice_style);
	} else {
		buf_puts(out, "<!-- 草稿:由 zjtx 根据报送数据生成,发布前请核改 -->\n\n");
	}
	heading(&d, 1, title);
	para(&d, "各区县(自治县)经济信息委,两江新区、重庆高新区、万盛经开区经济运行主管部门:");
	overview(&d, &c, p, &cfg->rules.cal);
	ranking(&d, &c);
	below(&d, &c, o.threshold_bp);
	repeat(&d, lag, nlag, &o);
	missing_firms(&d, &c);
	requirements(&d, &c, &o, cfg);
	cn_date(today, date, sizeof date);
	right_para(&d, o.issuer);
	right_para(&d, date);
	if (fmt == MONITOR_NOTICE_HTML)
		buf_puts(out, "</article>\n</body></html>\n");
out:
	free(lag);
	monitor_completeness_free(&c);
	return st;
}
