/* cmd_batch.c - `zjtx batch list|show|open|set` (申报批次) and `zjtx expert
 * list|add|link` (the expert pool). Thin: parse, call app/workflow.c, print. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_filter.h"
#include "cli/cli_wf.h"
#include "core/district.h"
#include "core/uscc.h"

/* ---- batches ---- */

static const char *batch_status(const struct flow_batch *b, const char *today)
{
	if (strcmp(today, b->opens) < 0)
		return "未开始";
	return strcmp(today, b->closes) <= 0 ? "申报中" : "已截止";
}

static json_t *batch_json(const struct flow_batch *b, const char *today)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, "
	                 "s:b, s:b, s:s, s:s}",
	                 "id", (json_int_t)b->id, "name", b->name, "tier", tier_key(b->tier),
	                 "tier_label", tier_label(b->tier), "year", b->year, "criteria",
	                 b->criteria, "opens", b->opens, "closes", b->closes, "district_due",
	                 b->district_due, "city_due", b->city_due, "review_due", b->review_due,
	                 "notice_days", b->notice_days, "term_years", b->term_years, "experts",
	                 b->experts, "blind", b->blind, "exclude_linked", b->exclude_linked,
	                 "doc_no", b->doc_no, "status", batch_status(b, today));
}

struct batch_out {
	struct cli_table *t;
	json_t *arr;
	const char *today;
};

static int batch_row(void *ctx, const struct flow_batch *b)
{
	struct batch_out *o = ctx;
	if (o->arr) {
		json_array_append_new(o->arr, batch_json(b, o->today));
		return 0;
	}
	char id[24], year[8], window[32], notice[16], term[16], experts[16];
	snprintf(id, sizeof id, "%ld", b->id);
	snprintf(year, sizeof year, "%d", b->year);
	snprintf(window, sizeof window, "%s 至 %s", b->opens, b->closes);
	snprintf(notice, sizeof notice, "%d", b->notice_days);
	snprintf(term, sizeof term, "%d", b->term_years);
	snprintf(experts, sizeof experts, "%d%s", b->experts, b->blind ? "(匿名)" : "");
	const char *cells[] = {id,
	                       b->name,
	                       tier_short(b->tier),
	                       year,
	                       b->criteria,
	                       window,
	                       notice,
	                       term,
	                       experts,
	                       batch_status(b, o->today),
	                       b->doc_no[0] ? b->doc_no : "—"};
	cli_table_add(o->t, cells);
	return 0;
}

static void print_json(struct cli_ctx *ctx, json_t *j)
{
	json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', ctx->out);
	json_decref(j);
}

static int batch_list(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	static const struct option opts[] = {{"tier", required_argument, NULL, 't'},
	                                     {"year", required_argument, NULL, 'y'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	enum tier tier = TIER_NONE;
	long year = 0;
	enum cli_format fmt = FMT_TABLE;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't' && !cli_wf_tier(ctx, "batch", optarg, &tier))
			continue;
		if (c == 'y' && str_to_int_range(strv_from(optarg), 2000, 2999, &year))
			continue;
		if (c == 'f' && (fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON)))
			continue;
		return cli_usage(ctx, cli_find("batch"), false);
	}
	static const char *const h[] = {"编号", "批次名称", "梯度",         "年度",
	                                "标准", "申报窗口", "公示(工作日)", "有效期(年)",
	                                "专家", "状态",     "文号"};
	struct batch_out o = {NULL, NULL, w->today};
	if (fmt == FMT_JSON)
		o.arr = json_array();
	else
		o.t = cli_table_new(11, h);
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (wf_batch_list(s, &w->who, tier, (int)year, batch_row, &o, &e) != APP_OK)
		rc = cli_fail_err(ctx, "batch", &e);
	else if (o.arr)
		print_json(ctx, json_incref(o.arr));
	else
		cli_table_print(o.t, ctx->out);
	json_decref(o.arr);
	cli_table_free(o.t);
	return rc;
}

static int batch_show(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long id;
	struct flow_batch b;
	struct app_err e = {0};
	bool json = argc > 2 && strcmp(argv[2], "--json") == 0;
	if (argc < 2)
		return cli_usage(ctx, cli_find("batch"), false);
	if (cli_wf_id(ctx, "batch", argv[1], &id))
		return EXIT_USAGE;
	if (wf_batch_get(s, &w->who, id, &b, &e) != APP_OK)
		return cli_fail_err(ctx, "batch", &e);
	if (json) {
		print_json(ctx, batch_json(&b, w->today));
		return EXIT_OK;
	}
	FILE *f = ctx->out;
	fprintf(f, "%s(编号 %ld,%s)\n", b.name, b.id, batch_status(&b, w->today));
	fprintf(f, "梯度          %s\n年度          %d\n认定标准      %s\n", tier_label(b.tier),
	        b.year, b.criteria);
	fprintf(f, "申报窗口      %s 至 %s\n", b.opens, b.closes);
	fprintf(f, "区县初审截止  %s\n市级审核截止  %s\n专家评审截止  %s\n",
	        b.district_due[0] ? b.district_due : "(提交后 10 个工作日)",
	        b.city_due[0] ? b.city_due : "(初审后 10 个工作日)",
	        b.review_due[0] ? b.review_due : "(审核后 10 个工作日)");
	fprintf(f, "公示期        %d 个工作日\n有效期        %d 年(起始日 + %d 年 − 1 天)\n",
	        b.notice_days, b.term_years, b.term_years);
	fprintf(f, "评审专家      每份申请 %d 名,%s,%s\n", b.experts,
	        b.blind ? "匿名评审(专家看不到企业名称)" : "实名评审",
	        b.exclude_linked ? "回避关联企业和本区县专家" : "不设回避");
	fprintf(f, "认定文号      %s\n开设人        %s(%s)\n", b.doc_no[0] ? b.doc_no : "(未填写)",
	        b.created_by, b.created_at);
	return EXIT_OK;
}

/* Options shared by open and set. */
static const struct option batch_opts[] = {
    {"tier", required_argument, NULL, 't'},         {"year", required_argument, NULL, 'y'},
    {"name", required_argument, NULL, 'n'},         {"criteria", required_argument, NULL, 'c'},
    {"opens", required_argument, NULL, 'o'},        {"closes", required_argument, NULL, 'C'},
    {"district-due", required_argument, NULL, 'd'}, {"city-due", required_argument, NULL, 'D'},
    {"review-due", required_argument, NULL, 'r'},   {"notice-days", required_argument, NULL, 'N'},
    {"term-years", required_argument, NULL, 'T'},   {"experts", required_argument, NULL, 'x'},
    {"doc-no", required_argument, NULL, 'k'},       {"no-blind", no_argument, NULL, 'b'},
    {"no-exclude", no_argument, NULL, 'X'},         {NULL, 0, NULL, 0}};

/* Applies one option to b; returns 0, or an exit code after printing. */
static int batch_opt(struct cli_ctx *ctx, struct flow_batch *b, int c, const char *arg)
{
	long v;
	switch (c) {
	case 't':
		return cli_wf_tier(ctx, "batch", arg, &b->tier);
	case 'y':
		if (!str_to_int_range(strv_from(arg), 2000, 2999, &v))
			return cli_fail(ctx, "batch", APP_EINVAL, "--year 应为 2000-2999");
		b->year = (int)v;
		return 0;
	case 'n':
		str_copy(b->name, sizeof b->name, arg, strlen(arg));
		return 0;
	case 'c':
		str_copy(b->criteria, sizeof b->criteria, arg, strlen(arg));
		return 0;
	case 'o':
		return cli_wf_date(ctx, "batch", "--opens", arg, b->opens);
	case 'C':
		return cli_wf_date(ctx, "batch", "--closes", arg, b->closes);
	case 'd':
		return *arg ? cli_wf_date(ctx, "batch", "--district-due", arg, b->district_due)
		            : (b->district_due[0] = '\0', 0);
	case 'D':
		return *arg ? cli_wf_date(ctx, "batch", "--city-due", arg, b->city_due)
		            : (b->city_due[0] = '\0', 0);
	case 'r':
		return *arg ? cli_wf_date(ctx, "batch", "--review-due", arg, b->review_due)
		            : (b->review_due[0] = '\0', 0);
	case 'N':
	case 'T':
	case 'x':
		if (!str_to_int_range(strv_from(arg), 0, 100, &v))
			return cli_fail(ctx, "batch", APP_EINVAL, "数值 \"%s\" 无效", arg);
		*(c == 'N' ? &b->notice_days : c == 'T' ? &b->term_years : &b->experts) = (int)v;
		return 0;
	case 'k':
		str_copy(b->doc_no, sizeof b->doc_no, arg, strlen(arg));
		return 0;
	case 'b':
		b->blind = false;
		return 0;
	case 'X':
		b->exclude_linked = false;
		return 0;
	default:
		return cli_usage(ctx, cli_find("batch"), false);
	}
}

static int batch_open(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	struct flow_batch b = {0};
	b.term_years = -1;
	b.blind = b.exclude_linked = true;
	int c, rc;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", batch_opts, NULL)) != -1)
		if ((rc = batch_opt(ctx, &b, c, optarg)) != 0)
			return rc;
	if (!b.tier || !b.year || !b.name[0] || !b.opens[0] || !b.closes[0])
		return cli_fail(ctx, "batch", APP_EINVAL,
		                "开设批次需要 --tier、--year、--name、--opens、--closes");
	struct app_err e = {0};
	if (wf_batch_open(s, &w->env, &w->who, &b, &e) != APP_OK)
		return cli_fail_err(ctx, "batch", &e);
	fprintf(ctx->out, "已开设申报批次 %ld:%s(%s,%s 至 %s,标准 %s)\n", b.id, b.name,
	        tier_short(b.tier), b.opens, b.closes, b.criteria);
	return EXIT_OK;
}

static int batch_set(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	struct flow_batch b;
	struct app_err e = {0};
	long id;
	int c, rc;
	if (argc < 2 || cli_wf_id(ctx, "batch", argv[1], &id))
		return cli_usage(ctx, cli_find("batch"), false);
	if (wf_batch_get(s, &w->who, id, &b, &e) != APP_OK)
		return cli_fail_err(ctx, "batch", &e);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", batch_opts, NULL)) != -1) {
		if (c == 't' || c == 'y' || c == 'c')
			return cli_fail(ctx, "batch", APP_EINVAL,
			                "批次的梯度、年度和标准开设后不能修改");
		if ((rc = batch_opt(ctx, &b, c, optarg)) != 0)
			return rc;
	}
	if (wf_batch_update(s, &w->env, &w->who, &b, &e) != APP_OK)
		return cli_fail_err(ctx, "batch", &e);
	fprintf(ctx->out, "已修改申报批次 %ld\n", b.id);
	return EXIT_OK;
}

int cmd_batch(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli_ctx *, struct store *, struct cli_wf *, int, char **);
	} subs[] = {
	    {"list", batch_list}, {"show", batch_show}, {"open", batch_open}, {"set", batch_set}};
	struct cli_wf w;
	struct store *s = NULL;
	struct app_err e = {0};
	if (argc < 2)
		return cli_usage(ctx, cli_find("batch"), false);
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		int rc = cli_wf_setup(ctx, "batch", &w);
		if (rc)
			return rc;
		if (cli_open_store(ctx, &s, &e) != APP_OK)
			return cli_fail_err(ctx, "batch", &e);
		rc = subs[i].run(ctx, s, &w, argc - 1, argv + 1);
		store_close(s);
		return rc;
	}
	return cli_usage(ctx, cli_find("batch"), false);
}

/* ---- experts ---- */

static int expert_row(void *ctx, const struct flow_expert *x)
{
	struct cli_table *t = ctx;
	char id[24];
	snprintf(id, sizeof id, "%ld", x->id);
	const char *cells[] = {id,
	                       x->username,
	                       x->name,
	                       x->field,
	                       x->unit[0] ? district_unit_name(x->unit) : "—",
	                       x->employer[0] ? x->employer : "—",
	                       x->active ? "在库" : "停用"};
	cli_table_add(t, cells);
	return 0;
}

static int link_row(void *ctx, long expert_id, const char *uscc, const char *relation)
{
	struct cli_ctx *c = ctx;
	fprintf(c->out, "  专家 %ld 关联企业 %s(%s)\n", expert_id, uscc,
	        relation[0] ? relation : "—");
	return 0;
}

static int expert_list(struct cli_ctx *ctx, struct store *s, struct cli_wf *w)
{
	static const char *const h[] = {"编号",     "用户名",   "姓名", "专业领域",
	                                "所在区县", "工作单位", "状态"};
	struct cli_table *t = cli_table_new(7, h);
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (wf_expert_list(s, &w->who, expert_row, t, &e) != APP_OK)
		rc = cli_fail_err(ctx, "expert", &e);
	else
		cli_table_print(t, ctx->out);
	cli_table_free(t);
	if (rc == EXIT_OK && store_expert_links(s, 0, link_row, ctx, &e) != APP_OK)
		rc = cli_fail_err(ctx, "expert", &e);
	return rc;
}

static int expert_add(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'}, {"field", required_argument, NULL, 'f'},
	    {"unit", required_argument, NULL, 'u'}, {"employer", required_argument, NULL, 'e'},
	    {"inactive", no_argument, NULL, 'i'},   {NULL, 0, NULL, 0}};
	struct flow_expert x = {0};
	struct app_err e = {0};
	int c;
	if (argc < 2)
		return cli_usage(ctx, cli_find("expert"), false);
	str_copy(x.username, sizeof x.username, argv[1], strlen(argv[1]));
	x.active = true;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'n')
			str_copy(x.name, sizeof x.name, optarg, strlen(optarg));
		else if (c == 'f')
			str_copy(x.field, sizeof x.field, optarg, strlen(optarg));
		else if (c == 'u' && cli_filter_district(optarg, x.unit, &e) != APP_OK)
			return cli_fail(ctx, "expert", APP_EINVAL, "--unit:%s", e.msg);
		else if (c == 'e' && uscc_check(optarg, strlen(optarg), x.employer, &e) != APP_OK)
			return cli_fail(ctx, "expert", APP_EINVAL, "--employer:%s", e.msg);
		else if (c == 'i')
			x.active = false;
		else if (c == '?' || c == ':')
			return cli_usage(ctx, cli_find("expert"), false);
	}
	if (wf_expert_put(s, &w->who, &x, &e) != APP_OK)
		return cli_fail_err(ctx, "expert", &e);
	fprintf(ctx->out, "专家 %s(编号 %ld)已保存\n", x.username, x.id);
	return EXIT_OK;
}

int cmd_expert(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_wf w;
	struct store *s = NULL;
	struct app_err e = {0};
	int rc;
	if (argc < 2 ||
	    (strcmp(argv[1], "list") && strcmp(argv[1], "add") && strcmp(argv[1], "link")))
		return cli_usage(ctx, cli_find("expert"), false);
	if ((rc = cli_wf_setup(ctx, "expert", &w)) != 0)
		return rc;
	if (cli_open_store(ctx, &s, &e) != APP_OK)
		return cli_fail_err(ctx, "expert", &e);
	if (strcmp(argv[1], "list") == 0) {
		rc = expert_list(ctx, s, &w);
	} else if (strcmp(argv[1], "add") == 0) {
		rc = expert_add(ctx, s, &w, argc - 1, argv + 1);
	} else if (argc < 4) {
		rc = cli_usage(ctx, cli_find("expert"), false);
	} else if (wf_expert_link(s, &w.who, argv[2], argv[3], argc > 4 ? argv[4] : NULL, &e) !=
	           APP_OK) {
		rc = cli_fail_err(ctx, "expert", &e);
	} else {
		fprintf(ctx->out, "已登记:专家 %s 与企业 %s 存在关联,评审时回避\n", argv[2],
		        argv[3]);
	}
	store_close(s);
	return rc;
}
