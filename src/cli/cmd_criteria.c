/* cmd_criteria.c - the criteria commands: criteria list|show|check,
 * evaluate, simulate, gaps. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/eval_export.h"
#include "app/eval_pool.h"
#include "app/evaluate.h"
#include "cli/cli.h"
#include "cli/cli_filter.h"
#include "core/district.h"
#include "core/industry.h"
#include "io/csv.h"

enum { DEFAULT_YEAR = 2025 }; /* the last complete fiscal year of the demo city */

static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

/* ---- criteria list | show | check ---- */

static int criteria_list(struct cli_ctx *ctx)
{
	static const char *const h[] = {"名称", "标准", "依据", "施行日期"};
	struct cli_table *t = cli_table_new(4, h);
	for (size_t i = 0; i < criteria_builtin_count(); i++) {
		const char *name = criteria_builtin_name(i);
		struct criteria *c = NULL;
		struct rule_error re = {0};
		if (criteria_load(name, &c, &re) != APP_OK)
			continue;
		const struct rule_info *info = rule_info(criteria_program(c));
		const char *cells[] = {name, info->title, info->source, info->effective};
		cli_table_add(t, cells);
		criteria_free(c);
	}
	cli_table_print(t, ctx->out);
	cli_table_free(t);
	return EXIT_OK;
}

static int criteria_show(struct cli_ctx *ctx, const char *name)
{
	const char *text = criteria_builtin_text(name);
	if (!text)
		return cli_fail(ctx, "criteria", APP_ENOTFOUND,
		                "没有名为 \"%s\" 的内置标准;运行 zjtx criteria list 查看", name);
	fputs(text, ctx->out);
	return EXIT_OK;
}

static int criteria_check(struct cli_ctx *ctx, const char *path)
{
	struct criteria *c = NULL;
	struct app_err e = {0};
	if (eval_load_criteria(path, &c, &e) != APP_OK) {
		fprintf(ctx->err, "%s\n", e.msg);
		return cli_exit_code(e.status);
	}
	const struct rule_program *p = criteria_program(c);
	const struct rule_info *info = rule_info(p);
	size_t req = 0, ind = 0, route = 0;
	for (size_t i = 0; i < rule_item_count(p); i++) {
		enum rule_item_kind k = rule_item(p, i)->kind;
		req += k == RULE_REQUIRE;
		ind += k == RULE_INDICATOR;
		route += k == RULE_ROUTE;
	}
	fprintf(ctx->out,
	        "%s: 编译通过 —— %s(%s,%s 起施行):%zu 项基本条件,%zu 项评分指标,%zu 项直通条件\n",
	        path, info->title, info->source, info->effective, req, ind, route);
	criteria_free(c);
	return EXIT_OK;
}

int cmd_criteria(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return criteria_list(ctx);
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return criteria_show(ctx, argv[2]);
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return criteria_check(ctx, argv[2]);
	return cli_usage(ctx, cli_find("criteria"), false);
}

/* ---- shared option parsing ---- */

struct eval_opts {
	const char *criteria, *base, *uscc, *output;
	long year, top;
	bool explain, fmt_given;
	enum cli_format fmt;
	struct cli_filter cf;
};

static int parse_eval_opts(struct cli_ctx *ctx, const char *cmd, int argc, char **argv,
                           struct eval_opts *o, unsigned formats)
{
	static const struct option opts[] = {{"criteria", required_argument, NULL, 'c'},
	                                     {"base", required_argument, NULL, 'b'},
	                                     {"year", required_argument, NULL, 'y'},
	                                     {"enterprise", required_argument, NULL, 'e'},
	                                     {"explain", no_argument, NULL, 'x'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"top", required_argument, NULL, 't'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     CLI_FILTER_LONGOPTS,
	                                     {NULL, 0, NULL, 0}};
	struct app_err e = {0};
	int c;
	getopt_reset();
	o->year = DEFAULT_YEAR;
	o->fmt = FMT_TABLE;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		int fr = cli_filter_option(&o->cf, c, optarg, &e);
		if (fr < 0)
			return cli_fail_err(ctx, cmd, &e);
		if (fr > 0)
			continue;
		switch (c) {
		case 'c':
			o->criteria = optarg;
			break;
		case 'b':
			o->base = optarg;
			break;
		case 'e':
			o->uscc = optarg;
			break;
		case 'x':
			o->explain = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'y':
			if (!str_to_int_range(strv_from(optarg), 1990, 2100, &o->year))
				return cli_fail(ctx, cmd, APP_EINVAL, "--year 应为四位年份");
			break;
		case 't':
			if (!str_to_int_range(strv_from(optarg), 1, 1000000, &o->top))
				return cli_fail(ctx, cmd, APP_EINVAL, "--top 应为正整数");
			break;
		case 'f':
			if (!(o->fmt = cli_parse_format(optarg, formats)))
				return cli_fail(ctx, cmd, APP_EINVAL, "不支持的格式 \"%s\"",
				                optarg);
			o->fmt_given = true;
			break;
		default:
			return cli_usage(ctx, cli_find(cmd), false);
		}
	}
	if (optind != argc || !o->criteria)
		return cli_usage(ctx, cli_find(cmd), false);
	return -1;
}

static void csv_row(FILE *f, const char *const *cells, size_t n)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < n; i++)
		csv_put_field(&b, cells[i], strlen(cells[i]), i == 0);
	csv_end_record(&b);
	fwrite(b.p, 1, b.len, f);
	buf_free(&b);
}

/* ---- evaluate ---- */

struct evaluate_ctx {
	struct cli_ctx *ctx;
	const struct criteria *c;
	struct eval_opts *o;
	json_t *arr;
	struct cli_table *table;
	long counts[3];
};

static void requirement_summary(const struct criteria_result *r, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct criteria_req *q = &r->reqs[i];
		if (q->kind != RULE_REQUIRE || q->met == CRITERIA_YES)
			continue;
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s%s%s", len ? ";" : "", q->label,
		         q->met == CRITERIA_NO ? " " : "(缺数据)",
		         q->met == CRITERIA_NO ? q->gap : "");
	}
}

static int evaluate_one(void *vctx, const struct eval_firm *f)
{
	struct evaluate_ctx *ec = vctx;
	struct criteria_result r = {0};
	eval_firm_run(ec->c, f, (int)ec->o->year, &r);
	ec->counts[r.verdict]++;
	if (ec->o->fmt == FMT_JSON) {
		json_array_append_new(ec->arr, eval_result_json(ec->c, f, &r, ec->o->explain));
	} else if (ec->o->explain) {
		struct buf b;
		buf_init(&b, 1 << 20);
		criteria_explain(ec->c, &r, &f->ent, &b);
		fprintf(ec->ctx->out, "%s\n", buf_cstr(&b));
		buf_free(&b);
	} else {
		char score[32], lack[1024];
		snprintf(score, sizeof score, "%.0f/%.0f", r.score, r.score_max);
		requirement_summary(&r, lack, sizeof lack);
		const char *cells[] = {
		    f->ent.uscc,
		    f->ent.name,
		    district_unit_name(district_reporting_unit(f->ent.district, f->ent.zone)),
		    criteria_verdict_label(r.verdict),
		    score,
		    lack};
		cli_table_add(ec->table, cells);
	}
	criteria_result_free(&r);
	return 0;
}

/* CSV and XLSX: the shared writer of app/eval_export.h (also the API's).
 * CSV goes to stdout or -o FILE (written beside it and renamed). */
static int evaluate_file(struct cli_ctx *ctx, struct store *s, const struct criteria *c,
                         const struct eval_opts *o, const char *uscc)
{
	struct store_filter f = o->cf.f;
	struct app_err e = {0};
	enum app_status st;
	if (uscc)
		f.uscc = uscc;
	if (o->fmt == FMT_XLSX) {
		st = eval_export_xlsx(s, c, &f, (int)o->year, o->output, &e);
		return st == APP_OK ? EXIT_OK : cli_fail_err(ctx, "evaluate", &e);
	}
	char tmp[4096] = "";
	FILE *out = ctx->out;
	if (o->output) {
		snprintf(tmp, sizeof tmp, "%s.tmp-%ld", o->output, (long)getpid());
		if (!(out = fopen(tmp, "wb")))
			return cli_fail(ctx, "evaluate", APP_EIO, "无法写入 %s", o->output);
	}
	struct export_sink sink = export_sink_file(out);
	struct export_options eo = {.no_bom = !o->output};
	st = eval_export_csv(s, c, &f, (int)o->year, &eo, &sink, &e);
	if (o->output) {
		if (fclose(out) != 0 && st == APP_OK)
			st = app_err_set(&e, APP_EIO, "写入 %s 失败", o->output);
		if (st == APP_OK && rename(tmp, o->output) != 0)
			st = app_err_set(&e, APP_EIO, "无法写入 %s", o->output);
		if (st != APP_OK)
			unlink(tmp);
	}
	return st == APP_OK ? EXIT_OK : cli_fail_err(ctx, "evaluate", &e);
}

int cmd_evaluate(struct cli_ctx *ctx, int argc, char **argv)
{
	struct eval_opts o = {0};
	int rc = parse_eval_opts(ctx, "evaluate", argc, argv, &o,
	                         1u << FMT_TABLE | 1u << FMT_JSON | 1u << FMT_CSV | 1u << FMT_XLSX);
	if (rc >= 0)
		return rc;
	if (!o.fmt_given && o.output)
		o.fmt =
		    strlen(o.output) > 5 && strcmp(o.output + strlen(o.output) - 5, ".xlsx") == 0
		        ? FMT_XLSX
		        : FMT_CSV;
	if (o.fmt == FMT_XLSX && !o.output)
		return cli_fail(ctx, "evaluate", APP_EINVAL, "输出 XLSX 需用 -o 指定文件");
	if (o.output && o.fmt != FMT_XLSX && o.fmt != FMT_CSV)
		return cli_fail(ctx, "evaluate", APP_EINVAL, "-o 只用于 --format csv 或 xlsx");
	struct criteria *c = NULL;
	struct store *s = NULL;
	struct app_err e = {0};
	static const char *const h[] = {"统一社会信用代码", "企业名称", "区县", "结论", "评分",
	                                "未满足的条件"};
	struct evaluate_ctx ec = {.ctx = ctx, .o = &o};
	rc = EXIT_OK;
	if (eval_load_criteria(o.criteria, &c, &e) != APP_OK) {
		fprintf(ctx->err, "%s\n", e.msg);
		return cli_exit_code(e.status);
	}
	ec.c = c;
	if (cli_open_store(ctx, &s, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "evaluate", &e);
		goto out;
	}
	if (o.fmt == FMT_JSON)
		ec.arr = json_array();
	else if (!o.explain && o.fmt == FMT_TABLE)
		ec.table = cli_table_new(6, h);
	enum app_status st;
	if (o.uscc) {
		struct eval_firm *f = xcalloc(1, sizeof *f);
		char uscc[USCC_LEN + 1];
		st = uscc_check(o.uscc, strlen(o.uscc), uscc, &e);
		if (st == APP_OK)
			st = eval_load_firm(s, uscc, (int)o.year, f, &e);
		if (st == APP_OK && (o.fmt == FMT_CSV || o.fmt == FMT_XLSX))
			rc = evaluate_file(ctx, s, c, &o, uscc);
		else if (st == APP_OK)
			evaluate_one(&ec, f);
		free(f);
	} else if (o.fmt == FMT_CSV || o.fmt == FMT_XLSX) {
		st = APP_OK;
		rc = evaluate_file(ctx, s, c, &o, NULL);
	} else {
		st = eval_each_firm(s, &o.cf.f, (int)o.year, evaluate_one, &ec, &e);
	}
	if (st != APP_OK) {
		rc = e.status == APP_ENOTFOUND
		         ? cli_fail(ctx, "evaluate", APP_ENOTFOUND, "企业 %s 不在企业库中", o.uscc)
		         : cli_fail_err(ctx, "evaluate", &e);
		goto out;
	}
	if (o.fmt == FMT_JSON) {
		json_dumpf(ec.arr, ctx->out,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', ctx->out);
	} else if (ec.table) {
		cli_table_print(ec.table, ctx->out);
		fprintf(ctx->out, "共 %ld 家:通过 %ld,不通过 %ld,数据不足 %ld(%s,%ld 年数据)\n",
		        ec.counts[0] + ec.counts[1] + ec.counts[2], ec.counts[CRITERIA_PASS],
		        ec.counts[CRITERIA_FAIL], ec.counts[CRITERIA_INSUFFICIENT],
		        criteria_name(c), o.year);
	}
out:
	json_decref(ec.arr);
	cli_table_free(ec.table);
	store_close(s);
	criteria_free(c);
	return rc;
}

/* ---- simulate ---- */

static void sim_totals(struct cli_ctx *ctx, const char *title, const struct eval_sim_total *t,
                       size_t n, bool units)
{
	static const char *const h[] = {"", "企业数", "原标准通过", "新标准通过", "新增", "减少"};
	const char *hh[6];
	memcpy(hh, h, sizeof hh);
	hh[0] = title;
	struct cli_table *tab = cli_table_new(6, hh);
	for (size_t c = 1; c < 6; c++)
		cli_table_right(tab, c);
	for (size_t i = 0; i < n; i++) {
		char v[5][24], label[160];
		const struct industry_division *d = units ? NULL : industry_division(t[i].key);
		snprintf(label, sizeof label, "%s", units ? district_unit_name(t[i].key) : "");
		if (!units)
			snprintf(label, sizeof label, "%s %s", t[i].key, d ? d->name : "");
		long nums[5] = {t[i].firms, t[i].pass_base, t[i].pass_next, t[i].gain, t[i].lose};
		for (int k = 0; k < 5; k++)
			snprintf(v[k], sizeof v[k], "%ld", nums[k]);
		const char *cells[] = {label, v[0], v[1], v[2], v[3], v[4]};
		cli_table_add(tab, cells);
	}
	cli_table_print(tab, ctx->out);
	cli_table_free(tab);
}

static void simulate_print(struct cli_ctx *ctx, const struct eval_opts *o,
                           const struct eval_sim *sim)
{
	if (o->fmt == FMT_JSON) {
		json_t *root = eval_sim_json(sim, o->base, o->criteria, (int)o->year);
		json_dumpf(root, ctx->out,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', ctx->out);
		json_decref(root);
		return;
	}
	if (o->fmt == FMT_CSV) {
		static const char *const h[] = {
		    "统一社会信用代码", "企业名称",  "区县", "行业", "变化",
		    "原标准结论",       "新标准结论"};
		csv_row(ctx->out, h, 7);
		for (size_t i = 0; i < sim->nchanged; i++) {
			const struct eval_sim_row *r = &sim->changed[i];
			const char *cells[] = {
			    r->uscc,
			    r->name,
			    district_unit_name(r->unit),
			    r->industry,
			    eval_change_of(r->base, r->next) == EVAL_GAIN ? "新增通过" : "不再通过",
			    criteria_verdict_label(r->base),
			    criteria_verdict_label(r->next)};
			csv_row(ctx->out, cells, 7);
		}
		return;
	}
	fprintf(ctx->out,
	        "%ld 年数据,%ld 家企业:%s 通过 %ld 家,%s 通过 %ld 家;新增 %ld 家,减少 %ld 家\n\n",
	        o->year, sim->firms, o->base, sim->pass_base, o->criteria, sim->pass_next,
	        sim->gain, sim->lose);
	sim_totals(ctx, "区县/功能区", sim->by_unit, sim->nunit, true);
	fputc('\n', ctx->out);
	sim_totals(ctx, "行业大类", sim->by_industry, sim->nindustry, false);
	if (sim->nchanged) {
		fprintf(ctx->out, "\n结论变化的企业\n");
		static const char *const h[] = {"统一社会信用代码", "企业名称", "区县", "变化",
		                                "原评分",           "新评分"};
		struct cli_table *t = cli_table_new(6, h);
		for (size_t i = 0; i < sim->nchanged; i++) {
			const struct eval_sim_row *r = &sim->changed[i];
			char a[16], b[16];
			snprintf(a, sizeof a, "%.0f", r->base_score);
			snprintf(b, sizeof b, "%.0f", r->next_score);
			const char *cells[] = {
			    r->uscc,
			    r->name,
			    district_unit_name(r->unit),
			    eval_change_of(r->base, r->next) == EVAL_GAIN ? "新增通过" : "不再通过",
			    a,
			    b};
			cli_table_add(t, cells);
		}
		cli_table_print(t, ctx->out);
		cli_table_free(t);
	}
}

int cmd_simulate(struct cli_ctx *ctx, int argc, char **argv)
{
	struct eval_opts o = {0};
	int rc = parse_eval_opts(ctx, "simulate", argc, argv, &o,
	                         1u << FMT_TABLE | 1u << FMT_JSON | 1u << FMT_CSV);
	if (rc >= 0)
		return rc;
	if (o.output)
		return cli_fail(ctx, "simulate", APP_EINVAL, "-o 只用于 zjtx evaluate");
	if (!o.base)
		return cli_usage(ctx, cli_find("simulate"), false);
	struct criteria *base = NULL, *next = NULL;
	struct store *s = NULL;
	struct app_err e = {0};
	struct eval_sim sim = {0};
	rc = EXIT_OK;
	if (eval_load_criteria(o.base, &base, &e) != APP_OK ||
	    eval_load_criteria(o.criteria, &next, &e) != APP_OK) {
		fprintf(ctx->err, "%s\n", e.msg);
		rc = cli_exit_code(e.status);
		goto out;
	}
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    eval_simulate(s, base, next, &o.cf.f, (int)o.year, &sim, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "simulate", &e);
		goto out;
	}
	simulate_print(ctx, &o, &sim);
out:
	eval_sim_free(&sim);
	store_close(s);
	criteria_free(base);
	criteria_free(next);
	return rc;
}

/* ---- gaps ---- */

int cmd_gaps(struct cli_ctx *ctx, int argc, char **argv)
{
	struct eval_opts o = {0};
	int rc = parse_eval_opts(ctx, "gaps", argc, argv, &o,
	                         1u << FMT_TABLE | 1u << FMT_JSON | 1u << FMT_CSV);
	if (rc >= 0)
		return rc;
	if (o.output)
		return cli_fail(ctx, "gaps", APP_EINVAL, "-o 只用于 zjtx evaluate");
	if (!o.top)
		o.top = 20;
	struct criteria *c = NULL;
	struct store *s = NULL;
	struct app_err e = {0};
	struct eval_gap *gaps = NULL;
	size_t n = 0;
	rc = EXIT_OK;
	if (eval_load_criteria(o.criteria, &c, &e) != APP_OK) {
		fprintf(ctx->err, "%s\n", e.msg);
		return cli_exit_code(e.status);
	}
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    eval_gaps(s, c, &o.cf.f, (int)o.year, (size_t)o.top, &gaps, &n, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "gaps", &e);
		goto out;
	}
	static const char *const h[] = {"统一社会信用代码", "企业名称", "区县", "评分",
	                                "未满足",           "缺少"};
	struct cli_table *t = o.fmt == FMT_TABLE ? cli_table_new(6, h) : NULL;
	json_t *arr = o.fmt == FMT_JSON ? eval_gaps_json(gaps, n) : NULL;
	if (o.fmt == FMT_CSV)
		csv_row(ctx->out, h, 6);
	for (size_t i = 0; i < n; i++) {
		const struct eval_gap *g = &gaps[i];
		char score[32], unmet[16];
		snprintf(score, sizeof score, "%.0f/%.0f", g->score, g->score_max);
		snprintf(unmet, sizeof unmet, "%d", g->unmet);
		const char *cells[] = {g->uscc, g->name, district_unit_name(g->unit),
		                       score,   unmet,   g->lacks};
		if (t)
			cli_table_add(t, cells);
		else if (!arr)
			csv_row(ctx->out, cells, 6);
	}
	if (t) {
		cli_table_print(t, ctx->out);
		fprintf(ctx->out,
		        "按未满足的基本条件数、评分排序,最接近 %s 的 %zu 家(%ld 年数据)\n",
		        criteria_name(c), n, o.year);
		cli_table_free(t);
	}
	if (arr) {
		json_dumpf(arr, ctx->out,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', ctx->out);
		json_decref(arr);
	}
out:
	free(gaps);
	store_close(s);
	criteria_free(c);
	return rc;
}
