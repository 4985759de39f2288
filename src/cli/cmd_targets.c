/* cmd_targets.c - `zjtx targets list|progress|trajectory|set|install` and
 * `zjtx manage rereview|reevaluate|exit|exits` (dynamic management). Thin:
 * parse, call app/targets.c and app/manage.c, print in Chinese. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "app/manage.h"
#include "app/targets.h"
#include "cli/cli_filter.h"
#include "cli/cli_wf.h"
#include "core/district.h"
#include "core/uscc.h"

static void print_json(struct cli_ctx *ctx, json_t *j)
{
	json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', ctx->out);
	json_decref(j);
}

static const char *unit_name(const char *unit)
{
	return unit[0] ? district_unit_name(unit) : "全市";
}

/* ---- targets ---- */

struct progress_out {
	struct cli_table *t;
	json_t *arr;
	struct cli_ctx *ctx;
	struct store *s;
	struct cli_wf *w;
	bool trajectory;
};

static json_t *row_json(const struct targets_row *r)
{
	return json_pack(
	    "{s:s, s:s, s:i, s:s, s:I, s:b, s:s, s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:o, "
	    "s:I, s:I, s:o}",
	    "set", r->t.set, "tier", tier_key(r->t.tier), "year", r->t.year, "unit", r->t.unit,
	    "target", (json_int_t)r->t.target, "ladder", r->ladder, "deadline", r->deadline, "past",
	    r->past, "measured_on", r->measured_on, "held", (json_int_t)r->held, "held_now",
	    (json_int_t)r->held_now, "gap", (json_int_t)r->gap, "in_flight",
	    (json_int_t)r->in_flight, "drafts", (json_int_t)r->drafts, "pass_rate",
	    r->pass_rate >= 0 ? json_real(r->pass_rate) : json_null(), "expiring",
	    (json_int_t)r->expiring, "projected", (json_int_t)r->projected, "within_reach",
	    r->within_reach >= 0 ? json_integer(r->within_reach) : json_null());
}

static int progress_row(void *ctx, const struct targets_row *r)
{
	struct progress_out *o = ctx;
	if (o->arr) {
		json_array_append_new(o->arr, row_json(r));
		return 0;
	}
	char year[8], target[24], held[24], pct[16], gap[24], now[24], flight[24], rate[16],
	    exp[24], proj[24], reach[24];
	snprintf(year, sizeof year, "%d", r->t.year);
	snprintf(target, sizeof target, "%ld", r->t.target);
	snprintf(held, sizeof held, "%ld", r->held);
	snprintf(pct, sizeof pct, "%.1f%%",
	         r->t.target ? 100.0 * (double)r->held / (double)r->t.target : 0);
	snprintf(gap, sizeof gap, r->gap > 0 ? "差 %ld" : "超 %ld", r->gap > 0 ? r->gap : -r->gap);
	snprintf(now, sizeof now, "%ld", r->held_now);
	snprintf(flight, sizeof flight, "%ld(草稿 %ld)", r->in_flight, r->drafts);
	if (r->pass_rate >= 0)
		snprintf(rate, sizeof rate, "%.0f%%", 100 * r->pass_rate);
	else
		snprintf(rate, sizeof rate, "—");
	snprintf(exp, sizeof exp, r->past ? "—" : "%ld", r->expiring);
	snprintf(proj, sizeof proj, r->past ? "—" : "%ld", r->projected);
	if (r->within_reach >= 0)
		snprintf(reach, sizeof reach, "%ld", r->within_reach);
	else
		snprintf(reach, sizeof reach, "—");
	char tier[64];
	snprintf(tier, sizeof tier, "%s%s", tier_short(r->t.tier), r->ladder ? "(含以上)" : "");
	const char *cells[] = {
	    r->t.set, tier,  year, unit_name(r->t.unit), target, held, pct, gap, now, flight, rate,
	    exp,      reach, proj};
	cli_table_add(o->t, cells);
	return 0;
}

static int targets_progress_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                                char **argv)
{
	static const struct option opts[] = {{"set", required_argument, NULL, 's'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	const char *set = NULL;
	enum cli_format fmt = FMT_TABLE;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			set = optarg;
		else if (c == 'f' &&
		         (fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON)))
			;
		else
			return cli_usage(ctx, cli_find("targets"), false);
	}
	static const char *const h[] = {"目标集", "梯度",   "年度",     "区县", "目标",
	                                "达成",   "完成率", "差距",     "当前", "在途申请",
	                                "通过率", "将到期", "接近达标", "预计"};
	struct progress_out o = {NULL, NULL, ctx, s, w, false};
	if (fmt == FMT_JSON)
		o.arr = json_array();
	else
		o.t = cli_table_new(14, h);
	for (int i = 4; o.t && i <= 13; i++)
		if (i != 7 && i != 9)
			cli_table_right(o.t, (size_t)i);
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (targets_progress(s, &w->env, &w->who, set, progress_row, &o, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "targets", &e);
	} else if (o.arr) {
		print_json(ctx, json_pack("{s:s, s:O}", "today", w->today, "items", o.arr));
	} else {
		cli_table_print(o.t, ctx->out);
		fprintf(
		    ctx->out,
		    "达成:目标年末(已过)或今天(%s)持有该梯度的企业数;"
		    "\"含以上\"计入更高梯度的企业。\n"
		    "预计 = 当前 − 目标年末前到期且未申请复核 + (在途申请 + 接近达标) × "
		    "历史通过率(无历史按 100%%)。\n"
		    "接近达标:未持有该梯度、未申报,但按现行标准和最新年度数据已达标的企业。\n%s",
		    w->today,
		    assess_available() ? ""
		                       : "评价引擎(F2)尚未接入:接近达标的企业无法计算,"
		                         "预计仅按在途申请估算。\n");
	}
	json_decref(o.arr);
	cli_table_free(o.t);
	return rc;
}

struct set_out {
	struct cli_ctx *ctx;
};

static int set_row(void *ctx, const struct flow_target_set *t)
{
	struct cli_ctx *c = ctx;
	fprintf(c->out, "%s  %s(%s;%s)\n", t->name, t->label, t->source,
	        t->ladder ? "计数含更高梯度" : "仅计本梯度");
	return 0;
}

static int target_row(void *ctx, const struct flow_target *t)
{
	struct cli_ctx *c = ctx;
	fprintf(c->out, "    %-12s %d 年  %-8s %ld\n", tier_short(t->tier), t->year,
	        unit_name(t->unit), t->target);
	return 0;
}

static int targets_list_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w)
{
	struct app_err e = {0};
	if (w->who.role != ROLE_CITY && w->who.role != ROLE_VIEWER && w->who.role != ROLE_DISTRICT)
		return cli_fail(ctx, "targets", APP_EPERM, "角色「%s」不能查看培育目标",
		                role_label(w->who.role));
	if (store_target_sets(s, set_row, ctx, &e) != APP_OK ||
	    store_target_list(s, NULL, target_row, ctx, &e) != APP_OK)
		return cli_fail_err(ctx, "targets", &e);
	return EXIT_OK;
}

static int targets_trajectory_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                                  char **argv)
{
	static const struct option opts[] = {
	    {"tier", required_argument, NULL, 't'}, {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 'T'},   {"district", required_argument, NULL, 'd'},
	    {"tier-only", no_argument, NULL, 'o'},  {NULL, 0, NULL, 0}};
	enum tier t = TIER_SRDI;
	long from = 2019, to = 0;
	char unit[8] = "";
	bool ladder = true;
	struct app_err e = {0};
	int c, y, m, d;
	date_split(w->today, &y, &m, &d);
	to = y;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't' && !cli_wf_tier(ctx, "targets", optarg, &t))
			continue;
		if ((c == 'f' || c == 'T') &&
		    str_to_int_range(strv_from(optarg), 2000, 2999, c == 'f' ? &from : &to))
			continue;
		if (c == 'd' && cli_filter_district(optarg, unit, &e) == APP_OK)
			continue;
		if (c == 'o') {
			ladder = false;
			continue;
		}
		return cli_usage(ctx, cli_find("targets"), false);
	}
	long counts[30];
	if (targets_trajectory(s, &w->env, &w->who, t, ladder, unit, (int)from, (int)to, counts,
	                       &e) != APP_OK)
		return cli_fail_err(ctx, "targets", &e);
	fprintf(ctx->out, "%s%s企业数(%s,各年末;当年为 %s)\n", tier_short(t),
	        ladder ? "及以上" : "", unit[0] ? district_unit_name(unit) : "全市", w->today);
	long max = 1;
	for (long i = 0; i <= to - from; i++)
		max = counts[i] > max ? counts[i] : max;
	for (long i = 0; i <= to - from; i++) {
		fprintf(ctx->out, "%ld  %6ld  ", from + i, counts[i]);
		for (long k = 0; k < counts[i] * 40 / max; k++)
			fputs("█", ctx->out);
		fputc('\n', ctx->out);
	}
	return EXIT_OK;
}

static int targets_set_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                           char **argv)
{
	static const struct option opts[] = {{"district", required_argument, NULL, 'd'},
	                                     {"label", required_argument, NULL, 'l'},
	                                     {"tier-only", no_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	struct flow_target t = {0};
	struct flow_target_set set = {0};
	long year, count;
	struct app_err e = {0};
	int c;
	if (argc < 5 || cli_wf_tier(ctx, "targets", argv[2], &t.tier))
		return cli_usage(ctx, cli_find("targets"), false);
	if (!str_to_int_range(strv_from(argv[3]), 2000, 2999, &year) ||
	    !str_to_int_range(strv_from(argv[4]), 0, 100000000, &count))
		return cli_fail(ctx, "targets", APP_EINVAL,
		                "年度应为 2000-2999,目标数应为非负整数");
	str_copy(t.set, sizeof t.set, argv[1], strlen(argv[1]));
	t.year = (int)year;
	t.target = count;
	memcpy(set.name, t.set, sizeof set.name);
	set.ladder = true;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 4, argv + 4, "", opts, NULL)) != -1) {
		if (c == 'd' && cli_filter_district(optarg, t.unit, &e) != APP_OK)
			return cli_fail(ctx, "targets", APP_EINVAL, "--district:%s", e.msg);
		if (c == 'l')
			str_copy(set.label, sizeof set.label, optarg, strlen(optarg));
		else if (c == 'o')
			set.ladder = false;
		else if (c != 'd')
			return cli_usage(ctx, cli_find("targets"), false);
	}
	if (set.label[0] && targets_set_put(s, &w->who, &set, &e) != APP_OK)
		return cli_fail_err(ctx, "targets", &e);
	if (targets_put(s, &w->who, &t, &e) != APP_OK)
		return cli_fail_err(ctx, "targets", &e);
	fprintf(ctx->out, "目标已设定:%s %s %d 年 %s %ld 家\n", t.set, tier_short(t.tier), t.year,
	        unit_name(t.unit), t.target);
	return EXIT_OK;
}

int cmd_targets(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_wf w;
	struct store *s = NULL;
	struct app_err e = {0};
	int rc;
	if (argc < 2)
		return cli_usage(ctx, cli_find("targets"), false);
	const char *sub = argv[1];
	if (strcmp(sub, "list") && strcmp(sub, "progress") && strcmp(sub, "trajectory") &&
	    strcmp(sub, "set") && strcmp(sub, "install"))
		return cli_usage(ctx, cli_find("targets"), false);
	if ((rc = cli_wf_setup(ctx, "targets", &w)) != 0)
		return rc;
	if (cli_open_store(ctx, &s, &e) != APP_OK)
		return cli_fail_err(ctx, "targets", &e);
	if (strcmp(sub, "list") == 0) {
		rc = targets_list_cmd(ctx, s, &w);
	} else if (strcmp(sub, "progress") == 0) {
		rc = targets_progress_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else if (strcmp(sub, "trajectory") == 0) {
		rc = targets_trajectory_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else if (strcmp(sub, "set") == 0) {
		rc = targets_set_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else {
		int n = 0;
		if (targets_install(s, &w.who, &n, &e) != APP_OK)
			rc = cli_fail_err(ctx, "targets", &e);
		else
			fprintf(ctx->out, "已载入内置培育目标 %d 项(2020年通知、2022年行动计划)\n",
			        n);
	}
	store_close(s);
	return rc;
}

/* ---- manage ---- */

static int due_row(void *ctx, const struct manage_due *d)
{
	struct cli_table *t = ctx;
	char days[24], app[48];
	snprintf(days, sizeof days, "%ld", d->days_left);
	if (d->renewal_app)
		snprintf(app, sizeof app, "申请 %ld(%s)", d->renewal_app,
		         flow_state_label(d->renewal_state));
	else
		snprintf(app, sizeof app, "未申请");
	const char *cells[] = {
	    tier_short(d->tier), d->h.uscc,  d->h.name, district_unit_name(d->h.unit),
	    d->h.since,          d->h.until, days,      app};
	cli_table_add(t, cells);
	return 0;
}

static int manage_rereview_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                               char **argv)
{
	static const struct option opts[] = {{"months", required_argument, NULL, 'm'},
	                                     {"tier", required_argument, NULL, 't'},
	                                     {NULL, 0, NULL, 0}};
	long months = 6;
	enum tier t = TIER_NONE;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm' && str_to_int_range(strv_from(optarg), 1, 60, &months))
			continue;
		if (c == 't' && !cli_wf_tier(ctx, "manage", optarg, &t))
			continue;
		return cli_usage(ctx, cli_find("manage"), false);
	}
	static const char *const h[] = {"梯度",     "统一社会信用代码", "企业名称", "区县",
	                                "认定日期", "有效期至",         "剩余天数", "复核申请"};
	struct cli_table *tab = cli_table_new(8, h);
	cli_table_right(tab, 6);
	struct app_err e = {0};
	long n = 0;
	int rc = EXIT_OK;
	if (manage_rereview(s, &w->env, &w->who, (int)months, t, due_row, tab, &n, &e) != APP_OK) {
		rc = cli_fail_err(ctx, "manage", &e);
	} else {
		cli_table_print(tab, ctx->out);
		fprintf(ctx->out, "共 %ld 家企业的认定将在 %ld 个月内到期(业务日期 %s)\n", n,
		        months, w->today);
	}
	cli_table_free(tab);
	return rc;
}

struct proposal_out {
	struct cli_table *t;
	enum flow_proposal only;
	bool oversize_only;
};

static int proposal_row(void *ctx, const struct manage_proposal *p)
{
	struct proposal_out *o = ctx;
	if ((o->only && p->proposal != o->only) || (o->oversize_only && !p->oversize))
		return 0;
	char year[8];
	snprintf(year, sizeof year, "%d", p->figures_year);
	const char *cells[] = {tier_short(p->tier),
	                       p->h.uscc,
	                       p->h.name,
	                       district_unit_name(p->h.unit),
	                       p->h.until[0] ? p->h.until : "长期",
	                       p->figures_year ? year : "—",
	                       sizeclass_name(p->size),
	                       flow_proposal_label(p->proposal),
	                       p->reasons};
	cli_table_add(o->t, cells);
	return 0;
}

static int manage_reevaluate_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                                 char **argv)
{
	static const struct option opts[] = {{"tier", required_argument, NULL, 't'},
	                                     {"record", no_argument, NULL, 'r'},
	                                     {"only", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	enum tier t = TIER_NONE;
	bool record = false;
	struct proposal_out o = {NULL, FP_NONE, false};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't' && !cli_wf_tier(ctx, "manage", optarg, &t))
			continue;
		if (c == 'r') {
			record = true;
			continue;
		}
		if (c == 'o') {
			o.oversize_only = strcmp(optarg, "oversize") == 0;
			for (int p = FP_KEEP; p < FP_COUNT && !o.oversize_only; p++)
				if (strcmp(optarg, flow_proposal_key((enum flow_proposal)p)) == 0)
					o.only = (enum flow_proposal)p;
			if (o.only || o.oversize_only)
				continue;
		}
		return cli_usage(ctx, cli_find("manage"), false);
	}
	static const char *const h[] = {"梯度",     "统一社会信用代码", "企业名称", "区县",
	                                "有效期至", "数据年度",         "划型",     "建议",
	                                "理由"};
	o.t = cli_table_new(9, h);
	struct manage_reeval_stats st;
	struct app_err e = {0};
	int rc = EXIT_OK;
	if (manage_reevaluate(s, &w->env, &w->who, t, record, proposal_row, &o, &st, &e) !=
	    APP_OK) {
		rc = cli_fail_err(ctx, "manage", &e);
	} else {
		cli_table_print(o.t, ctx->out);
		fprintf(
		    ctx->out,
		    "复评 %ld 家:保留 %ld,预警 %ld,建议退出 %ld,待评价 %ld;超出中小企业规模 %ld 家,"
		    "无年度数据 %ld 家%s\n",
		    st.firms, st.keep, st.warn, st.exit, st.unknown, st.oversize, st.no_figures,
		    record ? ";结果已记录" : "");
		if (!st.engine)
			fprintf(ctx->out, "评价引擎(F2)尚未接入:仅检查了数据完整性和企业划型。\n");
	}
	cli_table_free(o.t);
	return rc;
}

static int manage_exit_cmd(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                           char **argv)
{
	static const struct option opts[] = {
	    {"tier", required_argument, NULL, 't'},   {"reason", required_argument, NULL, 'r'},
	    {"detail", required_argument, NULL, 'd'}, {"doc-no", required_argument, NULL, 'k'},
	    {"date", required_argument, NULL, 'D'},   {NULL, 0, NULL, 0}};
	enum tier t = TIER_NONE;
	enum flow_exit reason = FX_NONE;
	const char *detail = NULL, *doc = NULL, *date = NULL;
	char uscc[19], dbuf[11];
	struct app_err e = {0};
	int c;
	if (argc < 2)
		return cli_usage(ctx, cli_find("manage"), false);
	if (uscc_check(argv[1], strlen(argv[1]), uscc, &e) != APP_OK)
		return cli_fail(ctx, "manage", APP_EINVAL, "统一社会信用代码 \"%s\":%s", argv[1],
		                e.msg);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 't' && !cli_wf_tier(ctx, "manage", optarg, &t))
			continue;
		if (c == 'r' && (reason = flow_exit_parse(strv_from(optarg))))
			continue;
		if (c == 'r')
			return cli_fail(
			    ctx, "manage", APP_EINVAL,
			    "--reason 应为 criteria(不再符合认定条件)、accident(重大安全质量"
			    "环境事故)、dishonesty(严重失信)、fraud(数据造假)");
		if (c == 'd')
			detail = optarg;
		else if (c == 'k')
			doc = optarg;
		else if (c == 'D' && !cli_wf_date(ctx, "manage", "--date", optarg, dbuf))
			date = dbuf;
		else
			return cli_usage(ctx, cli_find("manage"), false);
	}
	struct flow_exit_decision x;
	if (manage_exit(s, &w->env, &w->who, uscc, t, reason, detail, doc, date, &x, &e) != APP_OK)
		return cli_fail_err(ctx, "manage", &e);
	fprintf(ctx->out, "已决定企业 %s 退出「%s」(%s,%s)", uscc, tier_short(t),
	        flow_exit_label(reason), x.decided);
	if (x.bar_until[0])
		fprintf(ctx->out, ";%s 前不得再次申报", x.bar_until);
	fputc('\n', ctx->out);
	return EXIT_OK;
}

static int exit_row(void *ctx, const struct flow_exit_decision *x)
{
	struct cli_table *t = ctx;
	const char *cells[] = {x->decided,
	                       x->uscc,
	                       tier_short(x->tier),
	                       flow_exit_label(x->reason),
	                       x->detail,
	                       x->doc_no,
	                       x->bar_until[0] ? x->bar_until : "—",
	                       x->actor};
	cli_table_add(t, cells);
	return 0;
}

int cmd_manage(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_wf w;
	struct store *s = NULL;
	struct app_err e = {0};
	int rc;
	if (argc < 2)
		return cli_usage(ctx, cli_find("manage"), false);
	const char *sub = argv[1];
	if (strcmp(sub, "rereview") && strcmp(sub, "reevaluate") && strcmp(sub, "exit") &&
	    strcmp(sub, "exits"))
		return cli_usage(ctx, cli_find("manage"), false);
	if ((rc = cli_wf_setup(ctx, "manage", &w)) != 0)
		return rc;
	if (cli_open_store(ctx, &s, &e) != APP_OK)
		return cli_fail_err(ctx, "manage", &e);
	if (strcmp(sub, "rereview") == 0) {
		rc = manage_rereview_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else if (strcmp(sub, "reevaluate") == 0) {
		rc = manage_reevaluate_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else if (strcmp(sub, "exit") == 0) {
		rc = manage_exit_cmd(ctx, s, &w, argc - 1, argv + 1);
	} else {
		static const char *const h[] = {
		    "决定日期", "统一社会信用代码", "梯度",  "原因", "具体情况",
		    "文号",     "限制申报至",       "决定人"};
		struct cli_table *t = cli_table_new(8, h);
		if (manage_exit_list(s, &w.who, argc > 2 ? argv[2] : NULL, exit_row, t, &e) !=
		    APP_OK)
			rc = cli_fail_err(ctx, "manage", &e);
		else
			cli_table_print(t, ctx->out);
		cli_table_free(t);
	}
	store_close(s);
	return rc;
}
