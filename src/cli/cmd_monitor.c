/* cmd_monitor.c - `zjtx report monthly`, `zjtx notice`, `zjtx completeness`
 * and `zjtx warnings`: the city's views of monthly monitoring. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/monitor_alert.h"
#include "app/monitor_notice.h"
#include "app/monitor_report.h"
#include "app/monitor_tables.h"
#include "cli/cli_filter.h"
#include "cli/cli_monitor.h"
#include "core/district.h"
#include "io/csv.h"

enum { OUT_MAX = 256 * 1024 * 1024 }; /* bytes of one rendered document */

/* ---- shared helpers (cli_monitor.h) ---- */

int cli_monitor_open(struct cli_ctx *ctx, const char *cmd, struct store **s,
                     struct monitor_settings *cfg)
{
	struct app_err e = {0};
	if (cli_open_store(ctx, s, &e) != APP_OK || monitor_settings_load(*s, cfg, &e) != APP_OK) {
		store_close(*s);
		*s = NULL;
		return cli_fail_err(ctx, cmd, &e);
	}
	return EXIT_OK;
}

bool cli_monitor_today(struct cli_ctx *ctx, const char *cmd, const char *text, int64_t *out)
{
	char d[11];
	int y, m, dd;
	if (!str_to_date(strv_from(text), d) || !date_split(d, &y, &m, &dd)) {
		cli_fail(ctx, cmd, APP_EINVAL, "--today \"%s\" 应为 YYYY-MM-DD", text);
		return false;
	}
	*out = date_days(y, m, dd);
	return true;
}

bool cli_monitor_ctx_today(struct cli_ctx *ctx, const char *cmd, int64_t *out)
{
	*out = 0;
	return !ctx->today || cli_monitor_today(ctx, cmd, ctx->today, out);
}

bool cli_monitor_period(struct cli_ctx *ctx, const char *cmd, const char *text, int *out)
{
	if (!monthly_period_parse(strv_from(text), out)) {
		cli_fail(ctx, cmd, APP_EINVAL, "报告期 \"%s\" 应为 YYYY-MM,如 2025-10", text);
		return false;
	}
	return true;
}

int cli_monitor_write(struct cli_ctx *ctx, const char *cmd, const struct buf *b, const char *path)
{
	if (!path) {
		fwrite(buf_cstr(b), 1, b->len, ctx->out);
		fflush(ctx->out);
		return EXIT_OK;
	}
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return cli_fail(ctx, cmd, APP_EIO, "无法写入 %s", path);
	bool ok = fwrite(buf_cstr(b), 1, b->len, f) == b->len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return cli_fail(ctx, cmd, APP_EIO, "写入 %s 失败", path);
	}
	fprintf(ctx->err, "已写入 %s\n", path);
	return EXIT_OK;
}

void cli_monitor_local_time(const char *utc, char out[20])
{
	int64_t day = monthly_local_day(utc);
	int y, m, d, hh = 0, mi = 0;
	if (day == INT64_MIN || strlen(utc) < 16) {
		snprintf(out, 20, "%s", utc);
		return;
	}
	hh = (utc[11] - '0') * 10 + (utc[12] - '0') + 8;
	mi = (utc[14] - '0') * 10 + (utc[15] - '0');
	date_from_days(day, &y, &m, &d);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d", y % 10000, m % 100, d % 100, hh % 24,
	         mi % 60);
	str_copy(out, 20, tmp, strlen(tmp));
}

static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

static int xlsx_done(struct cli_ctx *ctx, const char *path)
{
	fprintf(ctx->err, "已写入 %s\n", path);
	return EXIT_OK;
}

static int bad_option(struct cli_ctx *ctx, const char *cmd, int argc, char **argv)
{
	const char *arg = optind - 1 < argc && optind > 0 ? argv[optind - 1] : "?";
	fprintf(ctx->err, "zjtx %s: 无效的选项或缺少参数 \"%s\";运行 zjtx %s --help\n", cmd, arg,
	        cmd);
	return EXIT_USAGE;
}

/* ---- report monthly ---- */

static void table_report(struct cli_ctx *ctx, const struct monitor_report *r)
{
	static const char *const head[] = {"分组",       "报送企业", "营业收入累计(万元)",
	                                   "当月(万元)", "同比(%)",  "利润总额累计(万元)",
	                                   "同比(%)",    "亏损面(%)"};
	struct cli_table *t = cli_table_new(8, head);
	for (size_t c = 1; c < 8; c++)
		cli_table_right(t, c);
	for (size_t i = 0; i <= r->ngroups; i++) {
		const struct monthly_agg *a = i ? &r->groups[i - 1].a : &r->city;
		const char *name = i ? r->groups[i - 1].name : "全市";
		char f[24], rev[48], mon[48] = "—", g1[24] = "—", pr[48], g2[24] = "—",
		                     lr[24] = "—";
		double pct;
		snprintf(f, sizeof f, "%lld", (long long)a->filed);
		monitor_fmt_wan(a->sum[MK_REVENUE_YTD], rev, sizeof rev);
		if (a->sn[MK_REVENUE_YTD])
			monitor_fmt_wan(a->ssum[MK_REVENUE_YTD], mon, sizeof mon);
		if (monthly_agg_growth(a, MK_REVENUE_YTD, &pct))
			snprintf(g1, sizeof g1, "%.1f", pct);
		monitor_fmt_wan(a->sum[MK_PROFIT_YTD], pr, sizeof pr);
		if (monthly_agg_growth(a, MK_PROFIT_YTD, &pct))
			snprintf(g2, sizeof g2, "%.1f", pct);
		if (monthly_agg_loss_rate(a, &pct))
			snprintf(lr, sizeof lr, "%.1f", pct);
		const char *cells[] = {name, f, rev, mon, g1, pr, g2, lr};
		cli_table_add(t, cells);
	}
	struct buf nb;
	buf_init(&nb, 1024 * 1024);
	monitor_report_narrative(r, &nb);
	fprintf(ctx->out, "%s\n", buf_cstr(&nb));
	buf_free(&nb);
	cli_table_print(t, ctx->out);
	cli_table_free(t);
}

static int report_monthly(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"period", required_argument, NULL, 'p'}, {"by", required_argument, NULL, 'b'},
	    {"format", required_argument, NULL, 'f'}, {"months", required_argument, NULL, 'm'},
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	int period = 0, by = MDIM_UNIT, c;
	long months = 13;
	enum cli_format fmt = FMT_TABLE;
	const char *path = NULL;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'p') {
			if (!cli_monitor_period(ctx, "report", optarg, &period))
				return EXIT_INVALID;
		} else if (c == 'b') {
			by = monthly_dim_parse(optarg);
			if (by < 0)
				return cli_fail(ctx, "report", APP_EINVAL,
				                "--by 应为 district、industry、tier 或 all");
		} else if (c == 'f') {
			fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON |
			                                   1u << FMT_CSV | 1u << FMT_HTML |
			                                   1u << FMT_XLSX);
			if (!fmt)
				return cli_fail(ctx, "report", APP_EINVAL,
				                "--format 应为 table、json、csv、html 或 xlsx");
		} else if (c == 'm') {
			if (!str_to_int_range(strv_from(optarg), 1, MONITOR_SERIES_MAX, &months))
				return cli_fail(ctx, "report", APP_EINVAL, "--months 应为 1-%d",
				                MONITOR_SERIES_MAX);
		} else if (c == 'o') {
			path = optarg;
		} else {
			return bad_option(ctx, "report", argc, argv);
		}
	}
	if (!period || optind != argc)
		return cli_usage(ctx, cli_find("report"), false);
	if (fmt == FMT_XLSX && !path)
		return cli_fail(ctx, "report", APP_EINVAL, "导出 XLSX 需用 -o 指定文件");
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "report", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct monitor_report r;
	struct app_err e = {0};
	struct buf b;
	buf_init(&b, OUT_MAX);
	if (monitor_report_build(s, &cfg, period, (enum monthly_dim)by, (int)months, &r, &e) !=
	    APP_OK) {
		rc = cli_fail_err(ctx, "report", &e);
		goto out;
	}
	if (fmt == FMT_TABLE && !path) {
		table_report(ctx, &r);
	} else if (fmt == FMT_XLSX) {
		rc = monitor_report_xlsx(&r, path, &e) == APP_OK ? xlsx_done(ctx, path)
		                                                 : cli_fail_err(ctx, "report", &e);
	} else {
		enum app_status st = fmt == FMT_JSON  ? monitor_report_json(&r, &b)
		                     : fmt == FMT_CSV ? monitor_report_csv(&r, &b)
		                                      : monitor_report_html(&r, &b);
		rc = st == APP_OK ? cli_monitor_write(ctx, "report", &b, path)
		                  : cli_fail(ctx, "report", st, "报告过大");
	}
	monitor_report_free(&r);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "monthly") == 0)
		return report_monthly(ctx, argc - 1, argv + 1);
	return cli_usage(ctx, cli_find("report"), false);
}

/* ---- notice ---- */

int cmd_notice(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"threshold", required_argument, NULL, 'T'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	int period = 0, c;
	int64_t today = 0;
	if (!cli_monitor_ctx_today(ctx, "notice", &today))
		return EXIT_INVALID;
	enum monitor_notice_format fmt = MONITOR_NOTICE_MD;
	enum cli_format tables = 0; /* csv / xlsx: the tables instead of the draft */
	struct monitor_notice_options o = {0};
	const char *path = NULL;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		long v;
		if (c == 'p') {
			if (!cli_monitor_period(ctx, "notice", optarg, &period))
				return EXIT_INVALID;
		} else if (c == 'f') {
			tables = 0;
			if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
				fmt = MONITOR_NOTICE_MD;
			else if (strcmp(optarg, "html") == 0)
				fmt = MONITOR_NOTICE_HTML;
			else if (!(tables =
			               cli_parse_format(optarg, 1u << FMT_CSV | 1u << FMT_XLSX)))
				return cli_fail(
				    ctx, "notice", APP_EINVAL,
				    "--format 应为 md、html、csv(通报表)或 xlsx(通报附表)");
		} else if (c == 'T') {
			if (!str_to_int_range(strv_from(optarg), 1, 100, &v))
				return cli_fail(ctx, "notice", APP_EINVAL,
				                "--threshold 应为 1-100(百分数)");
			o.threshold_bp = (int)v * 100;
		} else if (c == 'o') {
			path = optarg;
		} else {
			return bad_option(ctx, "notice", argc, argv);
		}
	}
	if (!period || optind != argc)
		return cli_usage(ctx, cli_find("notice"), false);
	if (tables == FMT_XLSX && !path)
		return cli_fail(ctx, "notice", APP_EINVAL, "导出 XLSX 需用 -o 指定文件");
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "notice", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct buf b;
	struct app_err e = {0};
	buf_init(&b, OUT_MAX);
	if (tables) {
		struct monitor_notice_tables t;
		enum app_status st = monitor_notice_tables(s, &cfg, period, today, &o, &t, &e);
		if (st == APP_OK) {
			st = tables == FMT_XLSX ? monitor_notice_tables_xlsx(&t, path, &e)
			                        : monitor_notice_tables_csv(&t, &b);
			monitor_notice_tables_free(&t);
		}
		if (st != APP_OK)
			rc = cli_fail_err(ctx, "notice", &e);
		else
			rc = tables == FMT_XLSX ? xlsx_done(ctx, path)
			                        : cli_monitor_write(ctx, "notice", &b, path);
	} else if (monitor_notice(s, &cfg, period, today, fmt, &o, &b, &e) != APP_OK)
		rc = cli_fail_err(ctx, "notice", &e);
	else
		rc = cli_monitor_write(ctx, "notice", &b, path);
	buf_free(&b);
	store_close(s);
	return rc;
}

/* ---- completeness ---- */

static json_t *unit_json(const struct monitor_unit_stat *u)
{
	return json_pack("{s:s,s:s,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f}", "unit", u->unit, "name",
	                 u->name, "rank", u->rank, "expected", (json_int_t)u->expected, "filed",
	                 (json_int_t)u->filed, "on_time", (json_int_t)u->on_time, "late",
	                 (json_int_t)u->late, "missing", (json_int_t)u->missing, "voluntary",
	                 (json_int_t)u->voluntary, "rate_pct", round(u->rate * 100) / 100,
	                 "on_time_pct", round(u->timely * 100) / 100);
}

static void completeness_json(struct buf *b, const struct monitor_completeness *c)
{
	char per[8], td[11], dl[11];
	int y, m, d;
	monthly_period_format(c->period, per);
	date_from_days(c->today, &y, &m, &d);
	date_format(y, m, d, td);
	date_from_days(c->deadline, &y, &m, &d);
	date_format(y, m, d, dl);
	json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "period", per, "as_of", td, "deadline", dl,
	                      "closed", c->closed);
	json_object_set_new(o, "city", unit_json(&c->city));
	json_t *units = json_array(), *miss = json_array();
	for (size_t i = 0; i < c->nunits; i++)
		json_array_append_new(units, unit_json(&c->units[i]));
	for (size_t i = 0; i < c->nmissing; i++)
		json_array_append_new(miss,
		                      json_pack("{s:s,s:s,s:s}", "uscc", c->missing[i].uscc, "name",
		                                c->missing[i].name, "unit", c->missing[i].unit));
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "missing", miss);
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	buf_puts(b, text);
	buf_putc(b, '\n');
	free(text);
	json_decref(o);
}

static void completeness_row(struct cli_table *t, struct buf *csv,
                             const struct monitor_unit_stat *u, bool city)
{
	char v[8][24];
	snprintf(v[0], sizeof v[0], "%d", u->rank);
	snprintf(v[1], sizeof v[1], "%ld", u->expected);
	snprintf(v[2], sizeof v[2], "%ld", u->filed);
	snprintf(v[3], sizeof v[3], "%ld", u->on_time);
	snprintf(v[4], sizeof v[4], "%ld", u->late);
	snprintf(v[5], sizeof v[5], "%ld", u->missing);
	monitor_pct(u->rate, v[6], sizeof v[6]);
	monitor_pct(u->timely, v[7], sizeof v[7]);
	const char *cells[] = {city ? "" : v[0], u->name, v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
	if (t)
		cli_table_add(t, cells);
	if (csv) {
		for (int i = 0; i < 9; i++)
			csv_put_field(csv, cells[i], strlen(cells[i]), i == 0);
		csv_end_record(csv);
	}
}

int cmd_completeness(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"missing", no_argument, NULL, 'M'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	int period = 0, c;
	const char *path = NULL;
	int64_t today = 0;
	if (!cli_monitor_ctx_today(ctx, "completeness", &today))
		return EXIT_INVALID;
	bool list_missing = false;
	enum cli_format fmt = FMT_TABLE;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'p') {
			if (!cli_monitor_period(ctx, "completeness", optarg, &period))
				return EXIT_INVALID;
		} else if (c == 'f') {
			fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON |
			                                   1u << FMT_CSV | 1u << FMT_XLSX);
			if (!fmt)
				return cli_fail(ctx, "completeness", APP_EINVAL,
				                "--format 应为 table、json、csv 或 xlsx");
		} else if (c == 'o') {
			path = optarg;
		} else if (c == 'M') {
			list_missing = true;
		} else {
			return bad_option(ctx, "completeness", argc, argv);
		}
	}
	if (!period || optind != argc)
		return cli_usage(ctx, cli_find("completeness"), false);
	if (fmt == FMT_XLSX && !path)
		return cli_fail(ctx, "completeness", APP_EINVAL, "导出 XLSX 需用 -o 指定文件");
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "completeness", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct monitor_completeness cp;
	struct app_err e = {0};
	if (monitor_completeness(s, &cfg, period, today, &cp, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "completeness", &e);
		goto out;
	}
	struct buf b;
	buf_init(&b, OUT_MAX);
	if (fmt == FMT_XLSX) {
		rc = monitor_completeness_xlsx(&cp, path, &e) == APP_OK
		         ? xlsx_done(ctx, path)
		         : cli_fail_err(ctx, "completeness", &e);
		goto done;
	}
	if (fmt == FMT_JSON) {
		completeness_json(&b, &cp);
	} else {
		static const char *const head[] = {"排名", "区县(功能区)", "应报",
		                                   "已报", "按时",         "逾期",
		                                   "未报", "报送率",       "按时率"};
		struct cli_table *t = fmt == FMT_TABLE ? cli_table_new(9, head) : NULL;
		if (fmt == FMT_CSV) {
			buf_puts(&b, CSV_UTF8_BOM_BYTES);
			for (int i = 0; i < 9; i++)
				csv_put_field(&b, head[i], strlen(head[i]), i == 0);
			csv_end_record(&b);
		}
		for (size_t i = 2; t && i < 9; i++)
			cli_table_right(t, i);
		for (size_t i = 0; i < cp.nunits; i++)
			completeness_row(t, fmt == FMT_CSV ? &b : NULL, &cp.units[i], false);
		completeness_row(t, fmt == FMT_CSV ? &b : NULL, &cp.city, true);
		if (t) {
			char per[8];
			monthly_period_format(period, per);
			fprintf(ctx->out, "报告期 %s%s\n", per, cp.closed ? "" : "(报送尚未截止)");
			cli_table_print(t, ctx->out);
			cli_table_free(t);
		}
		for (size_t i = 0; list_missing && fmt == FMT_TABLE && i < cp.nmissing; i++)
			fprintf(ctx->out, "%s未报送: %s  %s  %s\n", i ? "" : "\n",
			        district_unit_name(cp.missing[i].unit), cp.missing[i].uscc,
			        cp.missing[i].name);
	}
	rc = cli_monitor_write(ctx, "completeness", &b, fmt == FMT_TABLE ? NULL : path);
done:
	buf_free(&b);
	monitor_completeness_free(&cp);
out:
	store_close(s);
	return rc;
}

/* ---- warnings ---- */

static void alerts_json(struct buf *b, const struct monitor_alerts *a)
{
	char per[8];
	monthly_period_format(a->period, per);
	json_t *o = json_pack("{s:s,s:I}", "period", per, "firms", (json_int_t)a->firms);
	json_t *rules = json_object();
	for (size_t i = 0; i < monthly_alert_count(); i++)
		json_object_set_new(rules, monthly_alert_at(i)->code, json_integer(a->by_rule[i]));
	json_object_set_new(o, "by_rule", rules);
	json_t *units = json_array(), *items = json_array();
	for (size_t i = 0; i < a->nunits; i++) {
		json_t *u = json_pack("{s:s,s:s,s:I}", "unit", a->units[i].unit, "name",
		                      a->units[i].name, "firms", (json_int_t)a->units[i].firms);
		json_t *br = json_object();
		for (size_t k = 0; k < monthly_alert_count(); k++)
			json_object_set_new(br, monthly_alert_at(k)->code,
			                    json_integer(a->units[i].by_rule[k]));
		json_object_set_new(u, "by_rule", br);
		json_array_append_new(units, u);
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct monitor_alert *x = &a->v[i];
		char st[8], on[11];
		int y, m, d;
		monthly_period_format(x->started, st);
		date_from_days(x->started_on, &y, &m, &d);
		date_format(y, m, d, on);
		json_t *it =
		    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", x->uscc, "name", x->name,
		              "unit", x->unit, "rule", x->rule->code, "label", x->rule->label,
		              "started_period", st, "started_on", on, "detail", x->detail);
		json_object_set_new(it, "rereview_id",
		                    x->rereview_id ? json_integer(x->rereview_id) : json_null());
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "warnings", items);
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	buf_puts(b, text);
	buf_putc(b, '\n');
	free(text);
	json_decref(o);
}

static void alerts_table(struct cli_ctx *ctx, const struct monitor_alerts *a)
{
	char per[8];
	monthly_period_format(a->period, per);
	fprintf(ctx->out, "截至报告期 %s:%ld 家企业有预警\n", per, a->firms);
	size_t nr = monthly_alert_count();
	for (size_t i = 0; i < nr; i++)
		fprintf(ctx->out, "  %-28s %ld\n", monthly_alert_at(i)->label, a->by_rule[i]);
	const char *uh[MONTHLY_ALERT_MAX + 2] = {"区县(功能区)", "预警企业"};
	for (size_t i = 0; i < nr; i++)
		uh[i + 2] = monthly_alert_at(i)->label;
	struct cli_table *t = cli_table_new(nr + 2, uh);
	for (size_t c = 1; c < nr + 2; c++)
		cli_table_right(t, c);
	for (size_t i = 0; i < a->nunits; i++) {
		char v[MONTHLY_ALERT_MAX + 1][24];
		const char *cells[MONTHLY_ALERT_MAX + 2] = {a->units[i].name, v[0]};
		snprintf(v[0], sizeof v[0], "%ld", a->units[i].firms);
		for (size_t k = 0; k < nr; k++) {
			snprintf(v[k + 1], sizeof v[k + 1], "%ld", a->units[i].by_rule[k]);
			cells[k + 2] = v[k + 1];
		}
		cli_table_add(t, cells);
	}
	fputc('\n', ctx->out);
	cli_table_print(t, ctx->out);
	cli_table_free(t);
	static const char *const ah[] = {"区县",       "统一社会信用代码", "企业名称", "预警",
	                                 "起始报告期", "起始日期",         "复核",     "说明"};
	t = cli_table_new(8, ah);
	for (size_t i = 0; i < a->n; i++) {
		const struct monitor_alert *x = &a->v[i];
		char st[8], on[11], rr[24] = "";
		int y, m, d;
		monthly_period_format(x->started, st);
		date_from_days(x->started_on, &y, &m, &d);
		date_format(y, m, d, on);
		if (x->rereview_id)
			snprintf(rr, sizeof rr, "#%ld", x->rereview_id);
		const char *cells[] = {district_unit_name(x->unit),
		                       x->uscc,
		                       x->name,
		                       x->rule->label,
		                       st,
		                       on,
		                       rr,
		                       x->detail};
		cli_table_add(t, cells);
	}
	fputc('\n', ctx->out);
	cli_table_print(t, ctx->out);
	cli_table_free(t);
}

static int warnings_rereview(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"reason", required_argument, NULL, 'r'},
	                                     {NULL, 0, NULL, 0}};
	const char *reason = NULL;
	int64_t today = 0;
	if (!cli_monitor_ctx_today(ctx, "warnings", &today))
		return EXIT_INVALID;
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else
			return bad_option(ctx, "warnings", argc, argv);
	}
	if (argc - optind != 2 || !reason)
		return cli_usage(ctx, cli_find("warnings"), false);
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "warnings", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct audit_actor who;
	char login[96];
	audit_cli_actor(&who, login, sizeof login);
	struct monthly_rereview r;
	struct app_err e = {0};
	if (monitor_rereview(s, &who, &cfg, argv[optind], argv[optind + 1], reason, today, &r,
	                     &e) != APP_OK)
		rc = cli_fail_err(ctx, "warnings", &e);
	else
		fprintf(ctx->out, "已发起复核申请 #%ld:%s %s\n", r.id, r.uscc, r.detail);
	store_close(s);
	return rc;
}

static int print_request(void *vctx, const struct monthly_rereview *r)
{
	struct cli_ctx *ctx = vctx;
	char per[8], when[20];
	monthly_period_format(r->started, per);
	cli_monitor_local_time(r->requested_at, when);
	fprintf(ctx->out, "#%ld\t%s\t%s\t%s\t起始 %s\t%s\t%s\t%s\n", r->id, r->status, r->uscc,
	        r->rule, per, when, r->requested_by, r->reason);
	return 0;
}

static int warnings_requests(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *status = argc >= 2 ? argv[1] : "open";
	if (strcmp(status, "all") == 0)
		status = NULL;
	struct store *s = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_monthly_rereview_list(s, status, NULL, print_request, ctx, &e) != APP_OK)
		rc = cli_fail_err(ctx, "warnings", &e);
	store_close(s);
	return rc;
}

int cmd_warnings(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "rereview") == 0)
		return warnings_rereview(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "requests") == 0)
		return warnings_requests(ctx, argc - 1, argv + 1);
	static const struct option opts[] = {
	    {"period", required_argument, NULL, 'p'}, {"district", required_argument, NULL, 'd'},
	    {"uscc", required_argument, NULL, 'u'},   {"rule", required_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	struct monitor_alert_filter f = {0};
	if (!cli_monitor_ctx_today(ctx, "warnings", &f.today))
		return EXIT_INVALID;
	char unit[8];
	enum cli_format fmt = FMT_TABLE;
	struct app_err e = {0};
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p') {
			if (!cli_monitor_period(ctx, "warnings", optarg, &f.period))
				return EXIT_INVALID;
		} else if (c == 'd') {
			if (cli_filter_district(optarg, unit, &e) != APP_OK)
				return cli_fail_err(ctx, "warnings", &e);
			f.unit = unit;
		} else if (c == 'u') {
			f.uscc = optarg;
		} else if (c == 'r') {
			f.rule = optarg;
		} else if (c == 'f') {
			fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON);
			if (!fmt)
				return cli_fail(ctx, "warnings", APP_EINVAL,
				                "--format 应为 table 或 json");
		} else {
			return bad_option(ctx, "warnings", argc, argv);
		}
	}
	if (optind != argc)
		return cli_usage(ctx, cli_find("warnings"), false);
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "warnings", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct monitor_alerts a;
	if (monitor_alerts(s, &cfg, &f, &a, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "warnings", &e);
		goto out;
	}
	if (fmt == FMT_JSON) {
		struct buf b;
		buf_init(&b, OUT_MAX);
		alerts_json(&b, &a);
		rc = cli_monitor_write(ctx, "warnings", &b, NULL);
		buf_free(&b);
	} else {
		alerts_table(ctx, &a);
	}
	monitor_alerts_free(&a);
out:
	store_close(s);
	return rc;
}
