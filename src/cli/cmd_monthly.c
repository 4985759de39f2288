/* cmd_monthly.c - `zjtx monthly ...`: what a district clerk (or a firm)
 * does with monthly reports on the command line: file one, correct one,
 * look at a firm's series and a report's versions, list the firms still to
 * chase, change the settings, rebuild the aggregates. */
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/monitor_report.h"
#include "app/monitor_tables.h"
#include "cli/cli_filter.h"
#include "cli/cli_monitor.h"
#include "core/district.h"

static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

static int usage(struct cli_ctx *ctx)
{
	return cli_usage(ctx, cli_find("monthly"), false);
}

/* ---- file / correct ---- */

struct filing_args {
	struct monitor_filing f;
	struct monthly_confirmation confs[MAX_MONTHLY_CONFIRMATIONS];
	size_t nconfs;
	enum money_unit unit;
	const char *reason;
	const char *assign[MK_COUNT + 1]; /* KEY=VALUE texts by column, NULL if not given */
	bool given[MK_COUNT + 1];
};

static bool parse_confirm(struct cli_ctx *ctx, struct filing_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1] || a->nconfs >= MAX_MONTHLY_CONFIRMATIONS) {
		cli_fail(ctx, "monthly", APP_EINVAL,
		         "--confirm 应为 代码=原因,如 --confirm margin=处置资产收益");
		return false;
	}
	struct monthly_confirmation *c = &a->confs[a->nconfs++];
	str_copy(c->code, sizeof c->code, arg, (size_t)(eq - arg));
	str_copy(c->reason, sizeof c->reason, eq + 1, strlen(eq + 1));
	return true;
}

/* KEY=VALUE arguments (key or Chinese label); values parsed later. */
static bool parse_assign(struct cli_ctx *ctx, struct filing_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	int k = eq ? monthly_key_find((struct strv){arg, (size_t)(eq - arg)}) : -1;
	if (k < 0) {
		cli_fail(
		    ctx, "monthly", APP_EINVAL,
		    "\"%s\" 应为 指标=数值,指标为 revenue_ytd、output_ytd、profit_ytd、tax_ytd、"
		    "rd_expense_ytd、export_ytd、employees、orders_note 或其中文名",
		    arg);
		return false;
	}
	a->assign[k] = eq + 1;
	a->given[k] = true;
	return true;
}

/* Applies the assignments to a->f.m; prints parse errors. */
static bool apply_assign(struct cli_ctx *ctx, struct filing_args *a)
{
	struct monthly_findings fs;
	monthly_findings_init(&fs);
	for (int k = 0; k < MK_COUNT; k++) {
		if (!a->given[k])
			continue;
		int64_t v;
		bool present;
		a->f.m.has &= ~(1u << k);
		if (monthly_parse_value((enum monthly_key)k, strv_from(a->assign[k]), a->unit, &v,
		                        &present, &fs) &&
		    present)
			monthly_set(&a->f.m, (enum monthly_key)k, v);
		a->f.units[k] = a->unit;
	}
	if (a->given[MONTHLY_COL_NOTE]) {
		a->f.m.note[0] = '\0';
		monthly_parse_note(&a->f.m, strv_from(a->assign[MONTHLY_COL_NOTE]), &fs);
	}
	for (size_t i = 0; i < fs.n; i++)
		fprintf(ctx->err, "[错误] %s: %s\n", fs.f[i].code, fs.f[i].msg);
	return fs.errors == 0;
}

static void print_findings(struct cli_ctx *ctx, const struct monitor_result *r)
{
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct monthly_finding *f = &r->findings.f[i];
		bool w = f->severity == MONTHLY_WARNING;
		fprintf(ctx->err, "[%s] %s: %s%s\n", w ? "警告" : "错误", f->code, f->msg,
		        w && r->confirmed[i] ? "(已确认)" : "");
	}
	if (r->findings.dropped)
		fprintf(ctx->err, "……另有 %zu 项未列出\n", r->findings.dropped);
	if (!r->findings.errors && r->unconfirmed)
		fprintf(ctx->err, "确认无误后请逐项加 --confirm 代码=原因 重新提交\n");
}

static int file_or_correct(struct cli_ctx *ctx, int argc, char **argv, bool correction)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
	                                     {"unit", required_argument, NULL, 'U'},
	                                     {"confirm", required_argument, NULL, 'c'},
	                                     {"reason", required_argument, NULL, 'r'},
	                                     {NULL, 0, NULL, 0}};
	const char *cmd = "monthly";
	struct filing_args *a = calloc(1, sizeof *a);
	int period = 0, c, rc = EXIT_OK;
	int64_t today = 0;
	if (!a)
		return EXIT_FAIL;
	if (!cli_monitor_ctx_today(ctx, cmd, &today)) {
		free(a);
		return EXIT_INVALID;
	}
	a->unit = MONEY_WANYUAN;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p' && cli_monitor_period(ctx, cmd, optarg, &period))
			continue;
		if (c == 'U' && money_unit_parse(strv_from(optarg), &a->unit))
			continue;
		if (c == 'c' && parse_confirm(ctx, a, optarg))
			continue;
		if (c == 'r') {
			a->reason = optarg;
			continue;
		}
		rc = c == 'U' ? cli_fail(ctx, cmd, APP_EINVAL, "--unit 应为 元、千元、万元 或 亿元")
		              : EXIT_USAGE;
		goto out_free;
	}
	if (!period || argc - optind < 2 || (correction && !a->reason)) {
		rc = usage(ctx);
		goto out_free;
	}
	const char *uscc = argv[optind];
	for (int i = optind + 1; i < argc; i++)
		if (!parse_assign(ctx, a, argv[i])) {
			rc = EXIT_USAGE;
			goto out_free;
		}
	struct store *s = NULL;
	struct monitor_settings cfg;
	if ((rc = cli_monitor_open(ctx, cmd, &s, &cfg)) != EXIT_OK)
		goto out_free;
	monitor_filing_init(&a->f, uscc, period);
	str_upper_ascii(a->f.m.uscc);
	struct app_err e = {0};
	if (correction) { /* start from the stored values: only the keys given change */
		struct monthly_record cur;
		if (store_monthly_get(s, a->f.m.uscc, period, &cur, NULL) == APP_OK)
			a->f.m = cur.r.m;
	}
	if (!apply_assign(ctx, a)) {
		rc = EXIT_INVALID;
		goto out;
	}
	a->f.confirms = a->confs;
	a->f.nconfirms = a->nconfs;
	a->f.reason = a->reason;
	a->f.today = today;
	struct audit_actor who;
	char login[96];
	audit_cli_actor(&who, login, sizeof login);
	struct monitor_result r;
	enum app_status st = correction ? monitor_correct(s, &who, &cfg, &a->f, &r, &e)
	                                : monitor_file(s, &who, &cfg, &a->f, &r, &e);
	print_findings(ctx, &r);
	if (st != APP_OK) {
		rc = cli_fail_err(ctx, cmd, &e);
		goto out;
	}
	char per[8], when[20];
	monthly_period_format(period, per);
	cli_monitor_local_time(r.filed_at, when);
	if (correction)
		fprintf(ctx->out, "已更正 %s %s 月报,现为第 %d 版(原版本已保留)\n", a->f.m.uscc,
		        per, r.version);
	else
		fprintf(ctx->out, "已报送 %s %s 月报(%s,%s)\n", a->f.m.uscc, per, when,
		        r.on_time ? "按时" : "逾期");
out:
	store_close(s);
out_free:
	free(a);
	return rc;
}

/* ---- show: a firm's series ---- */

struct show_ctx {
	struct cli_ctx *ctx;
	struct cli_table *t;
	json_t *arr;
	const struct monitor_settings *cfg;
	struct monthly_record prev;
	bool has_prev;
	struct store *s;
};

static int show_row(void *vctx, const struct monthly_record *r)
{
	struct show_ctx *sc = vctx;
	const struct monthly *m = &r->r.m;
	const struct monthly *prev = sc->has_prev ? &sc->prev.r.m : NULL;
	char per[8], ytd[48] = "", mon[48] = "—", yoy[24] = "—", profit[48] = "", emp[24] = "",
	             when[20], version[16];
	monthly_period_format(m->period, per);
	if (monthly_has(m, MK_REVENUE_YTD))
		monitor_fmt_wan(m->v[MK_REVENUE_YTD], ytd, sizeof ytd);
	int64_t v;
	if (monthly_single(&sc->cfg->rules.cal, m, prev, MK_REVENUE_YTD, &v))
		monitor_fmt_wan(v, mon, sizeof mon);
	struct monthly_record ly;
	if (monthly_has(m, MK_REVENUE_YTD) &&
	    store_monthly_get(sc->s, m->uscc, m->period - 12, &ly, NULL) == APP_OK &&
	    monthly_has(&ly.r.m, MK_REVENUE_YTD) && ly.r.m.v[MK_REVENUE_YTD] > 0)
		snprintf(yoy, sizeof yoy, "%.1f",
		         ((double)m->v[MK_REVENUE_YTD] / (double)ly.r.m.v[MK_REVENUE_YTD] - 1) *
		             100);
	if (monthly_has(m, MK_PROFIT_YTD))
		monitor_fmt_wan(m->v[MK_PROFIT_YTD], profit, sizeof profit);
	if (monthly_has(m, MK_EMPLOYEES))
		snprintf(emp, sizeof emp, "%" PRId64, m->v[MK_EMPLOYEES]);
	cli_monitor_local_time(r->filed_at, when);
	snprintf(version, sizeof version, "%d", r->version);
	bool on_time = monthly_on_time(&sc->cfg->rules.cal, m->period, r->filed_at);
	if (sc->t) {
		const char *cells[] = {
		    per, ytd, mon, yoy, profit, emp, when, on_time ? "按时" : "逾期", version};
		cli_table_add(sc->t, cells);
	} else {
		json_t *o = json_object();
		json_object_set_new(o, "period", json_string(per));
		for (int k = 0; k < MK_COUNT; k++) {
			char x[48];
			indicator_format(&monthly_indicators[k], m->v[k], x, sizeof x);
			json_object_set_new(o, monthly_indicators[k].key,
			                    monthly_has(m, k) ? json_string(x) : json_null());
		}
		json_object_set_new(o, "revenue_month",
		                    strcmp(mon, "—") ? json_string(mon) : json_null());
		json_object_set_new(o, MONTHLY_NOTE_KEY, json_string(m->note));
		json_object_set_new(o, "filed_at", json_string(r->filed_at));
		json_object_set_new(o, "on_time", json_boolean(on_time));
		json_object_set_new(o, "version", json_integer(r->version));
		json_array_append_new(sc->arr, o);
	}
	sc->prev = *r;
	sc->has_prev = true;
	return 0;
}

static int show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'F'},
	                                     {"to", required_argument, NULL, 'T'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	int from = 0, to = 0, c;
	enum cli_format fmt = FMT_TABLE;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if ((c == 'F' || c == 'T') &&
		    cli_monitor_period(ctx, "monthly", optarg, c == 'F' ? &from : &to))
			continue;
		if (c == 'f' && (fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON)))
			continue;
		return usage(ctx);
	}
	if (argc - optind != 1)
		return usage(ctx);
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "monthly", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	static const char *const head[] = {
	    "报告期",   "营业收入累计(万元)", "当月(万元)", "同比(%)", "利润总额累计(万元)",
	    "从业人员", "报送时间",           "时效",       "版本"};
	struct show_ctx sc = {.ctx = ctx, .cfg = &cfg, .s = s};
	if (fmt == FMT_TABLE) {
		sc.t = cli_table_new(9, head);
		for (size_t i = 1; i < 6; i++)
			cli_table_right(sc.t, i);
	} else {
		sc.arr = json_array();
	}
	char uscc[19];
	str_copy(uscc, sizeof uscc, argv[optind], strlen(argv[optind]));
	str_upper_ascii(uscc);
	struct app_err e = {0};
	struct enterprise ent;
	if (store_enterprise_get(s, uscc, &ent, &e) != APP_OK ||
	    store_monthly_history(s, uscc, from, to, show_row, &sc, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "monthly", &e);
	} else if (sc.t) {
		fprintf(ctx->out, "%s %s(%s)\n", ent.uscc, ent.name,
		        district_unit_name(district_reporting_unit(ent.district, ent.zone)));
		cli_table_print(sc.t, ctx->out);
	} else {
		char *text = json_dumps(sc.arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fprintf(ctx->out, "%s\n", text);
		free(text);
	}
	cli_table_free(sc.t);
	json_decref(sc.arr);
	store_close(s);
	return rc;
}

/* ---- versions ---- */

static void print_values(struct cli_ctx *ctx, const struct monthly *m)
{
	for (int k = 0; k < MK_COUNT; k++) {
		char x[48];
		if (!monthly_has(m, k))
			continue;
		indicator_format(&monthly_indicators[k], m->v[k], x, sizeof x);
		fprintf(ctx->out, "  %s=%s", monthly_indicators[k].key, x);
	}
	fputc('\n', ctx->out);
}

static int print_version(void *vctx, const struct monthly_version *v)
{
	struct cli_ctx *ctx = vctx;
	char f[20], r[20];
	cli_monitor_local_time(v->filed_at, f);
	cli_monitor_local_time(v->replaced_at, r);
	fprintf(ctx->out, "第 %d 版  %s 由 %s 报送;%s 由 %s 更正,原因:%s\n", v->version, f,
	        v->filed_by, r, v->replaced_by, v->reason);
	print_values(ctx, &v->m);
	return 0;
}

static int print_confirmed(void *vctx, const struct monthly_confirmed *c)
{
	struct cli_ctx *ctx = vctx;
	char when[20];
	cli_monitor_local_time(c->at, when);
	fprintf(ctx->out, "  第 %d 版 确认警告 %s(%s,%s):%s\n", c->version, c->code, c->by, when,
	        c->reason);
	return 0;
}

static int versions(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
	                                     {NULL, 0, NULL, 0}};
	int period = 0, c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c != 'p' || !cli_monitor_period(ctx, "monthly", optarg, &period))
			return usage(ctx);
	if (!period || argc - optind != 1)
		return usage(ctx);
	char uscc[19];
	str_copy(uscc, sizeof uscc, argv[optind], strlen(argv[optind]));
	str_upper_ascii(uscc);
	struct store *s = NULL;
	struct app_err e = {0};
	struct monthly_record cur;
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_monthly_get(s, uscc, period, &cur, &e) != APP_OK ||
	    store_monthly_versions(s, uscc, period, print_version, ctx, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "monthly", &e);
		goto out;
	}
	char f[20], u[20];
	cli_monitor_local_time(cur.filed_at, f);
	cli_monitor_local_time(cur.updated_at, u);
	fprintf(ctx->out, "第 %d 版(现行)  %s 由 %s 提交;首次报送 %s(%s)\n", cur.version, u,
	        cur.updated_by, f, cur.filed_by);
	print_values(ctx, &cur.r.m);
	if (store_monthly_confirmations(s, uscc, period, print_confirmed, ctx, &e) != APP_OK)
		rc = cli_fail_err(ctx, "monthly", &e);
out:
	store_close(s);
	return rc;
}

/* ---- missing: the list to chase ---- */

/* The 催报 list with contact persons and phones, as CSV or XLSX. */
static int chase_file(struct cli_ctx *ctx, struct store *s, const struct monitor_completeness *cp,
                      const char *unit, bool mask, enum cli_format fmt, const char *path)
{
	struct monitor_chase *v = NULL;
	size_t n = 0;
	struct app_err e = {0};
	struct buf b;
	buf_init(&b, 256 * 1024 * 1024);
	int rc = EXIT_OK;
	enum app_status st = monitor_chase_list(s, cp, unit, mask, &v, &n, &e);
	if (st == APP_OK)
		st = fmt == FMT_XLSX ? monitor_chase_xlsx(cp, v, n, path, &e)
		                     : monitor_chase_csv(cp, v, n, &b);
	if (st != APP_OK)
		rc = cli_fail_err(ctx, "monthly", &e);
	else if (fmt == FMT_XLSX)
		fprintf(ctx->err, "已写入 %s(%zu 家未报送)\n", path, n);
	else
		rc = cli_monitor_write(ctx, "monthly", &b, path);
	buf_free(&b);
	free(v);
	return rc;
}

static int missing(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"period", required_argument, NULL, 'p'}, {"district", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
	    {"mask", no_argument, NULL, 'm'},         {NULL, 0, NULL, 0}};
	int period = 0, c;
	int64_t today = 0;
	if (!cli_monitor_ctx_today(ctx, "monthly", &today))
		return EXIT_INVALID;
	char unit[8] = "";
	struct app_err e = {0};
	enum cli_format fmt = FMT_TEXT;
	const char *path = NULL;
	bool mask = false;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'p' && cli_monitor_period(ctx, "monthly", optarg, &period))
			continue;
		if (c == 'f' && (fmt = cli_parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_CSV |
		                                                    1u << FMT_XLSX)))
			continue;
		if (c == 'o') {
			path = optarg;
			continue;
		}
		if (c == 'm') {
			mask = true;
			continue;
		}
		if (c == 'd') {
			if (cli_filter_district(optarg, unit, &e) != APP_OK)
				return cli_fail_err(ctx, "monthly", &e);
			continue;
		}
		return usage(ctx);
	}
	if (!period || optind != argc || (fmt == FMT_XLSX && !path))
		return usage(ctx);
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "monthly", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct monitor_completeness cp;
	if (monitor_completeness(s, &cfg, period, today, &cp, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "monthly", &e);
		goto out;
	}
	if (fmt != FMT_TEXT) {
		rc = chase_file(ctx, s, &cp, unit, mask, fmt, path);
		monitor_completeness_free(&cp);
		goto out;
	}
	long n = 0;
	for (size_t i = 0; i < cp.nmissing; i++) {
		if (unit[0] && strcmp(cp.missing[i].unit, unit) != 0)
			continue;
		fprintf(ctx->out, "%s\t%s\t%s\n", district_unit_name(cp.missing[i].unit),
		        cp.missing[i].uscc, cp.missing[i].name);
		n++;
	}
	fprintf(ctx->err, "共 %ld 家未报送\n", n);
	monitor_completeness_free(&cp);
out:
	store_close(s);
	return rc;
}

/* ---- settings, rebuild ---- */

static int settings(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 1 && argc != 3)
		return usage(ctx);
	struct store *s = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "monthly", &e);
		goto out;
	}
	if (argc == 3) {
		struct audit_actor who;
		char login[96];
		audit_cli_actor(&who, login, sizeof login);
		if (monitor_setting_set(s, &who, argv[1], argv[2], &e) != APP_OK) {
			rc = cli_fail_err(ctx, "monthly", &e);
			goto out;
		}
	}
	for (size_t i = 0; i < monitor_setting_count; i++) {
		char v[256] = "";
		store_monthly_setting_get(s, monitor_setting_defs[i].key, v, sizeof v, NULL);
		fprintf(ctx->out, "%-20s %-50s %s\n", monitor_setting_defs[i].key, v,
		        monitor_setting_defs[i].label);
	}
out:
	store_close(s);
	return rc;
}

static int rebuild(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage(ctx);
	struct store *s = NULL;
	struct monitor_settings cfg;
	int rc = cli_monitor_open(ctx, "monthly", &s, &cfg);
	if (rc != EXIT_OK)
		return rc;
	struct app_err e = {0};
	if (store_monthly_agg_rebuild(s, &cfg.rules.cal, &e) != APP_OK)
		rc = cli_fail_err(ctx, "monthly", &e);
	else
		fprintf(ctx->out, "月报汇总已按全部月报重新计算\n");
	store_close(s);
	return rc;
}

int cmd_monthly(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli_ctx *ctx, int argc, char **argv);
	} subs[] = {{"show", show},
	            {"versions", versions},
	            {"missing", missing},
	            {"settings", settings},
	            {"rebuild", rebuild}};
	if (argc < 2)
		return usage(ctx);
	if (strcmp(argv[1], "file") == 0)
		return file_or_correct(ctx, argc - 1, argv + 1, false);
	if (strcmp(argv[1], "correct") == 0)
		return file_or_correct(ctx, argc - 1, argv + 1, true);
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(ctx, argc - 1, argv + 1);
	return usage(ctx);
}
