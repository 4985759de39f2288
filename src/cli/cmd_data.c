/* cmd_data.c - the data commands: init, import, export, list, summary,
 * backup. (show is in cmd_show.c.) */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/monitor_import.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/cli_filter.h"
#include "core/district.h"
#include "core/industry.h"
#include "io/export.h"
#include "io/import.h"

/* getopt_long wrapper: resets state so several commands can parse in one
 * process (tests), and silences getopt's English messages. */
static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

static int bad_option(struct cli_ctx *ctx, const char *cmd, int argc, char **argv)
{
	const char *arg = optind - 1 < argc && optind > 0 ? argv[optind - 1] : "?";
	fprintf(ctx->err, "zjtx %s: 无效的选项或缺少参数 \"%s\";运行 zjtx %s --help\n", cmd, arg,
	        cmd);
	return EXIT_USAGE;
}

int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage(ctx, cli_find("init"), false);
	struct store *s = NULL;
	struct app_err e = {0};
	if (cli_open_store(ctx, &s, &e) != APP_OK)
		return cli_fail_err(ctx, "init", &e);
	fprintf(ctx->out, "数据库 %s 就绪,架构版本 %d (%s)\n", ctx->db, store_schema_version(s),
	        store_backend(s));
	store_close(s);
	return EXIT_OK;
}

/* ---- import ---- */

static void print_report(struct cli_ctx *ctx, const struct import_report *rep, const char *path)
{
	char line[1024];
	for (size_t i = 0; i < rep->nerrors; i++) {
		import_error_format(rep, &rep->errors[i], line, sizeof line);
		fprintf(ctx->err, "%s\n", line);
	}
	if (rep->error_count > (long)rep->nerrors)
		fprintf(ctx->err, "……另有 %ld 处错误未列出\n",
		        rep->error_count - (long)rep->nerrors);
	if (rep->ignored[0])
		fprintf(ctx->err, "提示: 已忽略无法识别的列: %s\n", rep->ignored);
	if (rep->committed && rep->kind == IMPORT_MONTHLY)
		fprintf(ctx->out,
		        "%s: 已导入%s %ld 行(新增 %ld,更正 %ld,与已报送相同而跳过 %ld;"
		        "确认警告 %ld 项),编码 %s\n",
		        path, import_kind_label(rep->kind), rep->rows, rep->created, rep->updated,
		        rep->unchanged, rep->warning_count, rep->encoding);
	else if (rep->committed)
		fprintf(ctx->out, "%s: 已导入%s %ld 行(新增 %ld,更新 %ld),编码 %s\n", path,
		        import_kind_label(rep->kind), rep->rows, rep->created, rep->updated,
		        rep->encoding);
	else if (rep->error_count && rep->warning_count)
		fprintf(
		    ctx->err,
		    "%s: 导入失败,发现 %ld 处问题(其中警告 %ld 项,共 %ld 行数据),未写入任何数据;"
		    "如警告所列数值确实无误,可加 --confirm-warnings \"原因\" 重新导入\n",
		    path, rep->error_count, rep->warning_count, rep->rows);
	else if (rep->error_count)
		fprintf(ctx->err, "%s: 导入失败,发现 %ld 处错误(共 %ld 行数据),未写入任何数据\n",
		        path, rep->error_count, rep->rows);
	else
		fprintf(ctx->out, "%s: 校验通过,共 %ld 行数据(--dry-run,未写入),编码 %s\n", path,
		        rep->rows, rep->encoding);
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"dry-run", no_argument, NULL, 'n'},
	                                     {"sheet", required_argument, NULL, 's'},
	                                     {"confirm-warnings", required_argument, NULL, 'w'},
	                                     {"correction-reason", required_argument, NULL, 'r'},
	                                     {NULL, 0, NULL, 0}};
	struct import_options io = {.actor = "cli"};
	struct monitor_import_options mo = {0};
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			io.dry_run = true;
		else if (c == 's')
			io.sheet = optarg;
		else if (c == 'w' && strv_trim(strv_from(optarg)).n)
			mo.confirm_reason = optarg;
		else if (c == 'r' && strv_trim(strv_from(optarg)).n)
			mo.correction_reason = optarg;
		else
			return bad_option(ctx, "import", argc, argv);
	}
	if (argc - optind != 2)
		return cli_usage(ctx, cli_find("import"), false);
	enum import_kind kind = import_kind_parse(argv[optind]);
	if (!kind)
		return cli_fail(ctx, "import", APP_EINVAL,
		                "未知的导入类型 \"%s\";可选 enterprises、annual、monthly",
		                argv[optind]);
	if (kind != IMPORT_MONTHLY && (mo.confirm_reason || mo.correction_reason))
		return cli_fail(ctx, "import", APP_EINVAL,
		                "--confirm-warnings 和 --correction-reason 只用于 monthly");
	if (kind == IMPORT_MONTHLY && ctx->today) { /* the global --today: the day checks run on */
		char d[11];
		int y, m, dd;
		if (!str_to_date(strv_from(ctx->today), d) || !date_split(d, &y, &m, &dd))
			return cli_fail(ctx, "import", APP_EINVAL, "--today \"%s\" 应为 YYYY-MM-DD",
			                ctx->today);
		mo.today = date_days(y, m, dd);
	}
	const char *path = argv[optind + 1];
	io.before_commit = cli_audit_import;
	io.before_commit_ctx = (void *)path;
	struct store *s = NULL;
	struct app_err e = {0};
	struct import_report rep;
	import_report_init(&rep);
	int rc;
	if (cli_open_store(ctx, &s, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "import", &e);
		goto out;
	}
	enum app_status st;
	if (kind == IMPORT_MONTHLY) {
		struct monitor_settings cfg;
		struct audit_actor who;
		char login[96];
		audit_cli_actor(&who, login, sizeof login);
		mo.actor = who.user;
		mo.dry_run = io.dry_run;
		mo.sheet = io.sheet;
		mo.before_commit = io.before_commit;
		mo.before_commit_ctx = io.before_commit_ctx;
		st = monitor_settings_load(s, &cfg, &e);
		if (st == APP_OK)
			st = monitor_import_file(s, &cfg, path, &mo, &rep, &e);
	} else {
		st = import_file(s, kind, path, &io, &rep, &e);
	}
	if (st == APP_OK || (st == APP_EINVAL && rep.error_count)) {
		print_report(ctx, &rep, path);
		rc = cli_exit_code(st);
	} else {
		rc = cli_fail_err(ctx, "import", &e);
	}
out:
	import_report_free(&rep);
	store_close(s);
	return rc;
}

/* ---- export ---- */

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"year", required_argument, NULL, 'y'},
	                                     {"mask", no_argument, NULL, 'm'},
	                                     {"from", required_argument, NULL, 'F'},
	                                     {"to", required_argument, NULL, 'T'},
	                                     CLI_FILTER_LONGOPTS,
	                                     {NULL, 0, NULL, 0}};
	int from = 0, to = 0;
	struct cli_filter cf = {0};
	struct export_options eo = {0};
	const char *outpath = NULL;
	enum cli_format fmt = 0;
	long year = 0;
	struct app_err e = {0};
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		int fr = cli_filter_option(&cf, c, optarg, &e);
		if (fr < 0)
			return cli_fail_err(ctx, "export", &e);
		if (fr > 0)
			continue;
		if (c == 'o')
			outpath = optarg;
		else if (c == 'f') {
			if (!(fmt = cli_parse_format(optarg, 1u << FMT_CSV | 1u << FMT_XLSX)))
				return cli_fail(ctx, "export", APP_EINVAL, "格式应为 csv 或 xlsx");
		} else if (c == 'm')
			eo.mask_personal = true;
		else if (c == 'y') {
			if (!str_to_int_range(strv_from(optarg), 1990, 2100, &year))
				return cli_fail(ctx, "export", APP_EINVAL, "年度 \"%s\" 无效",
				                optarg);
		} else if (c == 'F' || c == 'T') {
			if (!monthly_period_parse(strv_from(optarg), c == 'F' ? &from : &to))
				return cli_fail(ctx, "export", APP_EINVAL,
				                "报告期 \"%s\" 应为 YYYY-MM", optarg);
		} else
			return bad_option(ctx, "export", argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage(ctx, cli_find("export"), false);
	enum import_kind kind = import_kind_parse(argv[optind]);
	if (!kind)
		return cli_fail(ctx, "export", APP_EINVAL,
		                "未知的导出类型 \"%s\";可选 enterprises、annual、monthly",
		                argv[optind]);
	struct store *s = NULL;
	FILE *f = ctx->out;
	int rc = EXIT_OK;
	char tmp[4096] = "";
	if (!fmt)
		fmt = outpath && strlen(outpath) > 5 &&
		              strcmp(outpath + strlen(outpath) - 5, ".xlsx") == 0
		          ? FMT_XLSX
		          : FMT_CSV;
	if (fmt == FMT_XLSX && !outpath)
		return cli_fail(ctx, "export", APP_EINVAL, "导出 XLSX 需用 -o 指定文件");
	if (cli_open_store(ctx, &s, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "export", &e);
		goto out;
	}
	if (fmt == FMT_XLSX) {
		enum app_status xs =
		    kind == IMPORT_ENTERPRISES ? export_enterprises_xlsx(s, &cf.f, &eo, outpath, &e)
		    : kind == IMPORT_MONTHLY
		        ? export_monthly_xlsx(s, from, to, cf.f.district, &eo, outpath, &e)
		        : export_annual_xlsx(s, &cf.f, (int)year, &eo, outpath, &e);
		if (xs != APP_OK)
			rc = cli_fail_err(ctx, "export", &e);
		goto out;
	}
	if (outpath) {
		/* write to a temporary file and rename, so a failed export leaves no half file */
		snprintf(tmp, sizeof tmp, "%s.tmp-%ld", outpath, (long)getpid());
		f = fopen(tmp, "wb");
		if (!f) {
			rc = cli_fail(ctx, "export", APP_EIO, "无法写入 %s", outpath);
			goto out;
		}
	}
	struct export_sink sink = export_sink_file(f);
	enum app_status st;
	if (kind == IMPORT_ENTERPRISES)
		st = export_enterprises_csv(s, &cf.f, &eo, &sink, &e);
	else if (kind == IMPORT_MONTHLY)
		st = export_monthly_csv(s, from, to, cf.f.district, &eo, &sink, &e);
	else
		st = export_annual_csv(s, &cf.f, (int)year, &eo, &sink, &e);
	if (outpath) {
		if (fclose(f) != 0 && st == APP_OK)
			st = app_err_set(&e, APP_EIO, "写入 %s 失败", outpath);
		if (st == APP_OK && rename(tmp, outpath) != 0)
			st = app_err_set(&e, APP_EIO, "无法写入 %s", outpath);
		if (st != APP_OK)
			unlink(tmp);
	} else {
		fflush(f);
	}
	if (st != APP_OK)
		rc = cli_fail_err(ctx, "export", &e);
out:
	store_close(s);
	return rc;
}

/* ---- list ---- */

struct list_ctx {
	enum cli_format fmt;
	struct cli_table *table;
	json_t *arr;
	struct export_sink sink;
};

static json_t *enterprise_json(const struct enterprise *ent)
{
	const struct industry_division *div = industry_division(ent->industry);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "uscc", ent->uscc, "name", ent->name,
	                      "district", ent->district, "district_name",
	                      district_unit_name(ent->district), "industry", ent->industry);
	json_object_set_new(o, "industry_name", div ? json_string(div->name) : json_null());
	json_object_set_new(o, "zone", ent->zone[0] ? json_string(ent->zone) : json_null());
	json_object_set_new(o, "tier", ent->tier ? json_string(tier_key(ent->tier)) : json_null());
	json_object_set_new(o, "tier_until",
	                    ent->tier_until[0] ? json_string(ent->tier_until) : json_null());
	return o;
}

static int list_row(void *vctx, const struct enterprise *ent)
{
	struct list_ctx *lc = vctx;
	if (lc->fmt == FMT_JSON) {
		json_array_append_new(lc->arr, enterprise_json(ent));
	} else {
		const struct industry_division *div = industry_division(ent->industry);
		const char *cells[] = {ent->uscc,
		                       ent->name,
		                       district_unit_name(ent->district),
		                       ent->zone[0] ? district_unit_name(ent->zone) : "",
		                       ent->industry,
		                       div ? div->name : "",
		                       ent->tier ? tier_short(ent->tier) : "",
		                       ent->tier_until};
		cli_table_add(lc->table, cells);
	}
	return 0;
}

int cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"sort", required_argument, NULL, 's'},
	                                     {"desc", no_argument, NULL, 'd'},
	                                     {"limit", required_argument, NULL, 'l'},
	                                     {"offset", required_argument, NULL, 'o'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     CLI_FILTER_LONGOPTS,
	                                     {NULL, 0, NULL, 0}};
	struct cli_filter cf = {0};
	struct list_ctx lc = {.fmt = FMT_TABLE};
	struct app_err e = {0};
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int fr = cli_filter_option(&cf, c, optarg, &e);
		if (fr < 0)
			return cli_fail_err(ctx, "list", &e);
		if (fr > 0)
			continue;
		switch (c) {
		case 's':
			cf.f.sort = optarg;
			break;
		case 'd':
			cf.f.desc = true;
			break;
		case 'l':
		case 'o':
			if (!str_to_int_range(strv_from(optarg), 0, 100000000,
			                      c == 'l' ? &cf.f.limit : &cf.f.offset))
				return cli_fail(ctx, "list", APP_EINVAL, "\"%s\" 应为非负整数",
				                optarg);
			break;
		case 'f':
			lc.fmt = cli_parse_format(optarg,
			                          1u << FMT_TABLE | 1u << FMT_JSON | 1u << FMT_CSV);
			if (!lc.fmt)
				return cli_fail(ctx, "list", APP_EINVAL,
				                "格式应为 table、json 或 csv");
			break;
		default:
			return bad_option(ctx, "list", argc, argv);
		}
	}
	if (optind != argc)
		return cli_usage(ctx, cli_find("list"), false);
	struct store *s = NULL;
	int rc = EXIT_OK;
	long total = 0;
	if (cli_open_store(ctx, &s, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "list", &e);
		goto out;
	}
	if (lc.fmt == FMT_CSV) {
		struct export_options eo = {.no_bom = false};
		struct export_sink sink = export_sink_file(ctx->out);
		if (export_enterprises_csv(s, &cf.f, &eo, &sink, &e) != APP_OK)
			rc = cli_fail_err(ctx, "list", &e);
		goto out;
	}
	static const char *const headers[] = {
	    "统一社会信用代码", "企业名称", "区县",    "功能区", "行业",
	    "行业名称",         "梯度",     "有效期至"};
	if (lc.fmt == FMT_JSON)
		lc.arr = json_array();
	else
		lc.table = cli_table_new(8, headers);
	if (store_enterprise_list(s, &cf.f, list_row, &lc, &total, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "list", &e);
		goto out;
	}
	if (lc.fmt == FMT_JSON) {
		json_t *o = json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", lc.arr);
		lc.arr = NULL;
		json_dumpf(o, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(o);
	} else {
		cli_table_print(lc.table, ctx->out);
		fprintf(ctx->out, "共 %ld 家企业\n", total);
	}
out:
	json_decref(lc.arr);
	cli_table_free(lc.table);
	store_close(s);
	return rc;
}

/* ---- summary ---- */

struct summary_cell {
	char unit[8];
	long n[TIER_COUNT];
};

struct summary_ctx {
	struct summary_cell *cells;
	size_t n, cap;
};

static int summary_count(void *vctx, const char *unit, int tier, long count)
{
	struct summary_ctx *sc = vctx;
	size_t i;
	for (i = 0; i < sc->n; i++)
		if (strcmp(sc->cells[i].unit, unit) == 0)
			break;
	if (i == sc->n) {
		xgrow((void **)&sc->cells, &sc->cap, sc->n + 1, sizeof *sc->cells);
		memset(&sc->cells[i], 0, sizeof sc->cells[i]);
		snprintf(sc->cells[i].unit, sizeof sc->cells[i].unit, "%s", unit);
		sc->n++;
	}
	if (tier >= 0 && tier < TIER_COUNT)
		sc->cells[i].n[tier] += count;
	return 0;
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const struct summary_cell *)a)->unit,
	              ((const struct summary_cell *)b)->unit);
}

int cmd_summary(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	enum cli_format fmt = FMT_TABLE;
	int c;
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f' || !(fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON)))
			return bad_option(ctx, "summary", argc, argv);
	}
	struct store *s = NULL;
	struct app_err e = {0};
	struct summary_ctx sc = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_enterprise_counts(s, NULL, summary_count, &sc, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "summary", &e);
		goto out;
	}
	if (sc.n)
		qsort(sc.cells, sc.n, sizeof *sc.cells, cmp_unit);
	long tot[TIER_COUNT] = {0}, all = 0;
	if (fmt == FMT_JSON) {
		json_t *arr = json_array();
		for (size_t i = 0; i < sc.n; i++) {
			json_t *o = json_pack("{s:s, s:s}", "unit", sc.cells[i].unit, "name",
			                      district_unit_name(sc.cells[i].unit));
			long sum = 0;
			for (int t = 0; t < TIER_COUNT; t++) {
				json_object_set_new(o, t ? tier_key(t) : "none",
				                    json_integer(sc.cells[i].n[t]));
				sum += sc.cells[i].n[t];
			}
			json_object_set_new(o, "total", json_integer(sum));
			json_array_append_new(arr, o);
		}
		json_dumpf(arr, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', ctx->out);
		json_decref(arr);
		goto out;
	}
	const char *headers[TIER_COUNT + 2] = {"区县/功能区"};
	for (int t = 1; t < TIER_COUNT; t++)
		headers[t] = tier_short(t);
	headers[TIER_COUNT] = "无梯度";
	headers[TIER_COUNT + 1] = "合计";
	struct cli_table *tab = cli_table_new(TIER_COUNT + 2, headers);
	for (size_t col = 1; col < TIER_COUNT + 2; col++)
		cli_table_right(tab, col);
	char nums[TIER_COUNT + 2][24];
	const char *cells[TIER_COUNT + 2];
	for (size_t i = 0; i <= sc.n; i++) {
		const long *n = i < sc.n ? sc.cells[i].n : tot;
		long sum = 0;
		cells[0] = i < sc.n ? district_unit_name(sc.cells[i].unit) : "合计";
		for (int t = 1; t < TIER_COUNT; t++) {
			snprintf(nums[t], sizeof nums[t], "%ld", n[t]);
			cells[t] = nums[t];
			sum += n[t];
			if (i < sc.n)
				tot[t] += n[t];
		}
		snprintf(nums[TIER_COUNT], sizeof nums[0], "%ld", n[0]);
		cells[TIER_COUNT] = nums[TIER_COUNT];
		sum += n[0];
		if (i < sc.n)
			tot[0] += n[0];
		snprintf(nums[TIER_COUNT + 1], sizeof nums[0], "%ld", sum);
		cells[TIER_COUNT + 1] = nums[TIER_COUNT + 1];
		if (i < sc.n)
			all += sum;
		cli_table_add(tab, cells);
	}
	cli_table_print(tab, ctx->out);
	cli_table_free(tab);
	fprintf(ctx->out, "企业库共 %ld 家企业,%zu 个区县/功能区\n", all, sc.n);
out:
	free(sc.cells);
	store_close(s);
	return rc;
}

/* ---- backup ---- */

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(ctx, cli_find("backup"), false);
	struct stat st;
	if (stat(argv[1], &st) == 0)
		return cli_fail(ctx, "backup", APP_EINVAL, "%s 已存在,拒绝覆盖", argv[1]);
	struct store *s = NULL;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (cli_open_store(ctx, &s, &e) != APP_OK || store_backup(s, argv[1], &e) != APP_OK)
		rc = cli_fail_err(ctx, "backup", &e);
	else
		fprintf(ctx->out, "已备份到 %s\n", argv[1]);
	store_close(s);
	return rc;
}
