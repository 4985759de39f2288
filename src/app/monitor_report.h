/* monitor_report.h - the monthly analysis report (月度运行监测分析): totals,
 * 当月 (single months derived from year-to-date values), 累计同比 on a
 * like-for-like basis, 亏损面 and the time series, for the city and by
 * district, industry division or tier; rendered as JSON, CSV or a printable
 * Chinese HTML page with tables and inline SVG charts, opening with a
 * narrative written the way statistical bulletins are.
 *
 * Everything is read from the maintained aggregates (store_monthly_agg_*),
 * so building a report costs a few indexed reads whatever the number of
 * firms; every number of the narrative is taken from the same cells as the
 * tables. */
#ifndef ZJTX_MONITOR_REPORT_H
#define ZJTX_MONITOR_REPORT_H

#include "app/monitor.h"
#include "base/buf.h"

#ifndef MONITOR_SERIES_MAX
#define MONITOR_SERIES_MAX 24 /* periods in a report's time series */
#endif

struct monitor_report_group {
	char grp[16];
	char name[64];
	struct monthly_agg a; /* the group's cell at the report's period */
};

struct monitor_report {
	int period;
	enum monthly_dim by;
	struct monthly_calendar cal;
	struct monthly_agg city;             /* the city at the period (all zero if nobody filed) */
	struct monitor_report_group *groups; /* by 累计营业收入, largest first */
	size_t ngroups;
	struct monthly_agg
	    series[MONITOR_SERIES_MAX]; /* the city, oldest first, ending at period */
	size_t nseries;
};

/* Builds the report of period p grouped by `by` (MDIM_ALL: the city only),
 * with a time series of up to `months` expected periods (1..24; 0 = 13)
 * ending at p. APP_EINVAL for a period that is not expected (a combined
 * January). Free with monitor_report_free. */
enum app_status monitor_report_build(struct store *s, const struct monitor_settings *cfg, int p,
                                     enum monthly_dim by, int months, struct monitor_report *out,
                                     struct app_err *err);
void monitor_report_free(struct monitor_report *r);

/* The narrative: "1—10月,全市 N 家专精特新梯度培育企业累计实现营业收入 X 亿元,同比增长
 * Y%……" (plain text, paragraphs separated by "\n"). */
void monitor_report_narrative(const struct monitor_report *r, struct buf *out);

/* Renderers. Each appends to out; APP_ETOOLARGE if out's limit is hit.
 * JSON: money in 万元 (numbers, 15 significant digits), percents as
 * numbers, null where unknown, plus "narrative". CSV: UTF-8 with BOM, the
 * city first, then the groups. HTML: a complete printable document. */
enum app_status monitor_report_json(const struct monitor_report *r, struct buf *out);
enum app_status monitor_report_csv(const struct monitor_report *r, struct buf *out);
enum app_status monitor_report_html(const struct monitor_report *r, struct buf *out);

/* Helpers shared with the notice and the CLI: money as 万元 with two
 * decimals ("1234.57"), as 亿元 with two decimals, and a growth phrase
 * ("同比增长 12.3%" / "同比下降 4.5%" / "同比持平"). */
void monitor_fmt_wan(int64_t fen, char *buf, size_t n);
void monitor_fmt_yi(int64_t fen, char *buf, size_t n);
void monitor_growth_phrase(double pct, char *buf, size_t n);
/* Appends s to out with &, <, >, " and ' escaped for HTML. */
void monitor_html_escape(struct buf *out, const char *s);

#endif
