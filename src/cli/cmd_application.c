/* cmd_application.c - `zjtx application ...`: list, show, transitions,
 * apply, declare, attach, move, score, object, resolve, file. Thin: parse,
 * call app/workflow.c, print in Chinese. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/workflow_export.h"
#include "base/mem.h"
#include "cli/cli_filter.h"
#include "cli/cli_wf.h"
#include "core/district.h"
#include "core/uscc.h"

#define CMD "application"

static int usage(struct cli_ctx *ctx)
{
	return cli_usage(ctx, cli_find(CMD), false);
}

static void print_json(struct cli_ctx *ctx, json_t *j)
{
	json_dumpf(j, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', ctx->out);
	json_decref(j);
}

/* ---- list ---- */

static json_t *view_json(const struct wf_app_view *v)
{
	const struct flow_app *a = &v->app;
	json_t *next = json_array();
	for (size_t i = 0; i < v->nnext; i++)
		json_array_append_new(next, json_pack("{s:s, s:s, s:s}", "action", v->next[i]->key,
		                                      "label", v->next[i]->label, "to",
		                                      flow_state_key(v->next[i]->to)));
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:i, s:b, s:o}",
	    "id", (json_int_t)a->id, "batch", (json_int_t)a->batch_id, "batch_name", v->batch.name,
	    "uscc", a->uscc, "name", v->firm_name, "tier", tier_key(a->tier), "renewal", a->renewal,
	    "state", flow_state_key(a->state), "state_label", flow_state_label(a->state),
	    "state_since", a->state_since, "unit", a->unit, "filed_by", a->filed_by, "filed_role",
	    role_key(a->filed_role), "figures_year", a->figures_year, "score",
	    a->score_x100 >= 0 ? json_real((double)a->score_x100 / 100.0) : json_null(),
	    "notice_start", a->notice_start, "notice_end", a->notice_end, "doc_no", a->doc_no,
	    "valid_from", a->valid_from, "valid_until", a->valid_until, "note", a->note, "blind",
	    v->blind, "reviews_assigned", v->reviews_assigned, "reviews_scored", v->reviews_scored,
	    "open_objections", v->open_objections, "overdue", v->overdue, "next", next);
	json_object_set_new(o, "deadline", v->deadline[0] ? json_string(v->deadline) : json_null());
	return o;
}

struct list_out {
	struct cli_table *t;
	json_t *arr;
	bool csv;
	FILE *f;
	long overdue;
};

static void csv_cell(FILE *f, const char *s, bool last)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

enum { LIST_COLS = 11 };

static int list_row(void *ctx, const struct wf_app_view *v)
{
	struct list_out *o = ctx;
	const struct flow_app *a = &v->app;
	o->overdue += v->overdue;
	if (o->arr) {
		json_array_append_new(o->arr, view_json(v));
		return 0;
	}
	char id[24], batch[24], score[16], deadline[32];
	snprintf(id, sizeof id, "%ld", a->id);
	snprintf(batch, sizeof batch, "%ld", a->batch_id);
	cli_wf_score(a->score_x100, score);
	snprintf(deadline, sizeof deadline, "%s%s", v->deadline[0] ? v->deadline : "—",
	         v->overdue ? " 逾期" : "");
	const char *unit = a->unit[0] ? district_unit_name(a->unit) : "***";
	const char *cells[LIST_COLS] = {id,
	                                batch,
	                                v->blind ? "(匿名)" : a->uscc,
	                                v->blind ? "(匿名)" : v->firm_name,
	                                unit,
	                                tier_short(a->tier),
	                                a->renewal ? "复核" : "新申报",
	                                flow_state_label(a->state),
	                                a->state_since,
	                                deadline,
	                                score};
	if (o->csv) {
		for (int i = 0; i < LIST_COLS; i++)
			csv_cell(o->f, cells[i], i == LIST_COLS - 1);
		return 0;
	}
	cli_table_add(o->t, cells);
	return 0;
}

/* The full export (all columns of app/workflow_export.h) to a file. */
static int app_export(struct cli_ctx *ctx, struct store *s, struct cli_wf *w,
                      const struct store_app_filter *f, bool overdue, enum cli_format fmt,
                      const char *output)
{
	struct app_err e = {0};
	long rows = 0;
	enum app_status st;
	if (!output)
		return cli_fail(ctx, CMD, APP_EINVAL, "--format xlsx 需要 --output 文件名");
	if (fmt == FMT_XLSX) {
		st = wf_export_xlsx(s, &w->env, &w->who, f, overdue, output, &rows, &e);
	} else {
		FILE *out = fopen(output, "wb");
		if (!out)
			return cli_fail(ctx, CMD, APP_EIO, "无法写入 %s", output);
		struct export_sink sink = export_sink_file(out);
		st = wf_export_csv(s, &w->env, &w->who, f, overdue, &sink, &rows, &e);
		if (fclose(out) != 0 && st == APP_OK)
			st = app_err_set(&e, APP_EIO, "无法写入 %s", output);
	}
	if (st != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已导出申请 %ld 份到 %s\n", rows, output);
	return EXIT_OK;
}

static int app_list(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"batch", required_argument, NULL, 'b'},  {"state", required_argument, NULL, 's'},
	    {"tier", required_argument, NULL, 't'},   {"district", required_argument, NULL, 'd'},
	    {"uscc", required_argument, NULL, 'u'},   {"overdue", no_argument, NULL, 'o'},
	    {"open", no_argument, NULL, 'O'},         {"limit", required_argument, NULL, 'l'},
	    {"offset", required_argument, NULL, 'L'}, {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'w'}, {NULL, 0, NULL, 0}};
	struct store_app_filter f = {0};
	const char *output = NULL;
	char unit[8], uscc[19];
	bool overdue = false;
	enum cli_format fmt = FMT_TABLE;
	struct app_err e = {0};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		enum tier t;
		switch (c) {
		case 'b':
			if (cli_wf_id(ctx, CMD, optarg, &f.batch_id))
				return EXIT_USAGE;
			break;
		case 's':
			if (!(f.state = flow_state_parse(strv_from(optarg))))
				return cli_fail(ctx, CMD, APP_EINVAL, "状态 \"%s\" 无效", optarg);
			break;
		case 't':
			if (cli_wf_tier(ctx, CMD, optarg, &t))
				return EXIT_USAGE;
			f.tier = t;
			break;
		case 'd':
			if (cli_filter_district(optarg, unit, &e) != APP_OK)
				return cli_fail(ctx, CMD, APP_EINVAL, "--district:%s", e.msg);
			f.unit = unit;
			break;
		case 'u':
			if (uscc_check(optarg, strlen(optarg), uscc, &e) != APP_OK)
				return cli_fail(ctx, CMD, APP_EINVAL, "--uscc:%s", e.msg);
			f.uscc = uscc;
			break;
		case 'o':
			overdue = true;
			break;
		case 'O':
			f.open = true;
			break;
		case 'l':
		case 'L':
			if (!str_to_int_range(strv_from(optarg), 0, 1000000,
			                      c == 'l' ? &f.limit : &f.offset))
				return cli_fail(ctx, CMD, APP_EINVAL, "分页参数无效");
			break;
		case 'f':
			fmt = cli_parse_format(optarg, 1u << FMT_TABLE | 1u << FMT_JSON |
			                                   1u << FMT_CSV | 1u << FMT_XLSX);
			if (!fmt)
				return cli_fail(ctx, CMD, APP_EINVAL,
				                "--format 应为 table、json、csv 或 xlsx");
			break;
		case 'w':
			output = optarg;
			break;
		default:
			return usage(ctx);
		}
	}
	if (fmt == FMT_XLSX || (output && fmt == FMT_CSV))
		return app_export(ctx, s, w, &f, overdue, fmt, output);
	static const char *const h[LIST_COLS] = {
	    "编号", "批次", "统一社会信用代码", "企业名称", "区县",    "梯度",
	    "类型", "状态", "状态日期",         "办理期限", "专家评分"};
	struct list_out o = {NULL, NULL, fmt == FMT_CSV, ctx->out, 0};
	if (fmt == FMT_JSON)
		o.arr = json_array();
	else if (fmt == FMT_TABLE)
		o.t = cli_table_new(LIST_COLS, h);
	else {
		fputs("\xEF\xBB\xBF", ctx->out);
		for (int i = 0; i < LIST_COLS; i++)
			csv_cell(ctx->out, h[i], i == LIST_COLS - 1);
	}
	long total = 0;
	int rc = EXIT_OK;
	if (wf_app_list(s, &w->env, &w->who, &f, overdue, list_row, &o, &total, &e) != APP_OK) {
		rc = cli_fail_err(ctx, CMD, &e);
	} else if (o.arr) {
		print_json(ctx, json_pack("{s:I, s:I, s:O}", "total", (json_int_t)total, "overdue",
		                          (json_int_t)o.overdue, "items", o.arr));
	} else if (o.t) {
		cli_table_print(o.t, ctx->out);
		fprintf(ctx->out, "共 %ld 份%s;本页逾期 %ld 份(业务日期 %s)\n", total,
		        overdue ? "逾期申请" : "", o.overdue, w->today);
	}
	json_decref(o.arr);
	cli_table_free(o.t);
	return rc;
}

/* ---- show ---- */

static int event_row(void *ctx, const struct flow_event *ev)
{
	struct cli_table *t = ctx;
	char from_to[96];
	snprintf(from_to, sizeof from_to, "%s → %s", ev->from ? flow_state_label(ev->from) : "—",
	         ev->to ? flow_state_label(ev->to) : "—");
	const char *cells[] = {ev->on_date, flow_action_label(ev->action), from_to,
	                       ev->actor,   role_label(ev->role),          ev->comment,
	                       ev->at};
	cli_table_add(t, cells);
	return 0;
}

static int att_row(void *ctx, const struct flow_attachment *a)
{
	struct cli_table *t = ctx;
	char id[24], size[24], sha[20];
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(a->kind));
	snprintf(id, sizeof id, "%ld", a->id);
	snprintf(size, sizeof size, "%lld", a->size);
	snprintf(sha, sizeof sha, "%.16s…", a->sha256);
	const char *cells[] = {id,
	                       k ? k->label : a->kind,
	                       a->name,
	                       a->type[0] ? a->type : "声明",
	                       a->type[0] ? size : "—",
	                       sha,
	                       a->uploaded_by};
	cli_table_add(t, cells);
	return 0;
}

static int review_row(void *ctx, const struct flow_review *r)
{
	struct cli_table *t = ctx;
	char ex[24], score[16];
	snprintf(ex, sizeof ex, "%ld", r->expert_id);
	cli_wf_score(r->score >= 0 ? r->score * 10L : -1, score);
	const char *cells[] = {ex, score, r->outlier ? "是(与中位数相差超过 15 分)" : "",
	                       r->comment, r->scored_at[0] ? r->scored_at : "未评分"};
	cli_table_add(t, cells);
	return 0;
}

static int objection_row(void *ctx, const struct flow_objection *o)
{
	struct cli_table *t = ctx;
	char id[24];
	snprintf(id, sizeof id, "%ld", o->id);
	const char *cells[] = {id,
	                       o->received,
	                       o->source[0] ? o->source : "匿名",
	                       o->content,
	                       flow_objection_label(o->status),
	                       o->resolution};
	cli_table_add(t, cells);
	return 0;
}

static void section(struct cli_ctx *ctx, const char *title, struct cli_table *t)
{
	fprintf(ctx->out, "\n%s\n", title);
	cli_table_print(t, ctx->out);
	cli_table_free(t);
}

static void show_head(struct cli_ctx *ctx, const struct wf_app_view *v)
{
	const struct flow_app *a = &v->app;
	FILE *f = ctx->out;
	char score[16];
	cli_wf_score(a->score_x100, score);
	fprintf(f, "申请 %ld  %s  %s\n", a->id, tier_label(a->tier),
	        a->renewal ? "复核" : "新申报");
	if (v->blind)
		fprintf(f, "企业          (匿名评审,不显示企业名称和代码)\n");
	else
		fprintf(f, "企业          %s %s(%s)\n", v->firm_name, a->uscc,
		        district_unit_name(a->unit));
	fprintf(f, "批次          %ld %s(%s,标准 %s)\n", v->batch.id, v->batch.name,
	        v->batch.closes, v->batch.criteria);
	fprintf(f, "状态          %s(自 %s)\n", flow_state_label(a->state), a->state_since);
	if (v->deadline[0])
		fprintf(f, "办理期限      %s%s\n", v->deadline, v->overdue ? "(已逾期)" : "");
	if (a->note[0])
		fprintf(f, "意见/理由     %s\n", a->note);
	if (!v->blind)
		fprintf(f, "填报          %s(%s)\n", a->filed_by, role_label(a->filed_role));
	fprintf(f, "数据年度      %d\n", a->figures_year);
	if (v->reviews_assigned)
		fprintf(f, "专家评审      已评 %d / %d,平均分 %s\n", v->reviews_scored,
		        v->reviews_assigned, score);
	if (a->notice_start[0])
		fprintf(f, "公示期        %s 至 %s(%d 个工作日),待处理异议 %d 条\n",
		        a->notice_start, a->notice_end, v->batch.notice_days, v->open_objections);
	if (a->valid_from[0])
		fprintf(f, "认定          %s 起,有效期至 %s,文号 %s\n", a->valid_from,
		        a->valid_until[0] ? a->valid_until : "长期", a->doc_no);
	fprintf(f, "可执行操作    ");
	for (size_t i = 0; i < v->nnext; i++)
		fprintf(f, "%s%s(→ %s)", i ? "、" : "", v->next[i]->label,
		        flow_state_label(v->next[i]->to));
	fprintf(f, "%s\n", v->nnext ? "" : "无");
}

static int app_show(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long id;
	struct wf_app_view v;
	struct app_err e = {0};
	if (argc < 2 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	bool json =
	    argc > 2 && (strcmp(argv[2], "--json") == 0 || strcmp(argv[2], "--format=json") == 0);
	if (wf_app_get(s, &w->env, &w->who, id, &v, &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	if (json) {
		json_t *o = view_json(&v);
		char *snap = NULL, *as = NULL;
		if (wf_app_docs(s, &w->who, id, &snap, &as, &e) == APP_OK) {
			json_object_set_new(o, "snapshot",
			                    snap ? json_loads(snap, 0, NULL) : json_null());
			json_object_set_new(o, "self_assessment",
			                    as ? json_loads(as, 0, NULL) : json_null());
		}
		free(snap);
		free(as);
		print_json(ctx, o);
		return EXIT_OK;
	}
	show_head(ctx, &v);
	char *as = NULL;
	if (wf_app_docs(s, &w->who, id, NULL, &as, &e) == APP_OK && as) {
		json_t *j = json_loads(as, 0, NULL);
		const char *note = json_string_value(json_object_get(j, "note"));
		const char *text = json_string_value(json_object_get(j, "text"));
		fprintf(ctx->out, "自评          %s\n", text ? text : note ? note : "");
		json_decref(j);
	}
	free(as);
	static const char *const he[] = {"日期", "操作", "状态",         "操作人",
	                                 "角色", "意见", "记录时间(UTC)"};
	struct cli_table *t = cli_table_new(7, he);
	wf_app_events(s, &w->who, id, event_row, t, &e);
	section(ctx, "流转记录", t);
	static const char *const ha[] = {"编号", "类别",    "名称",  "类型",
	                                 "字节", "SHA-256", "上传人"};
	t = cli_table_new(7, ha);
	wf_app_attachments(s, &w->who, id, att_row, t, &e);
	section(ctx, "申报材料", t);
	if (v.reviews_assigned && (w->who.role == ROLE_CITY || w->who.role == ROLE_VIEWER ||
	                           w->who.role == ROLE_EXPERT)) {
		static const char *const hr[] = {"专家编号", "评分", "异常", "意见", "评分时间"};
		t = cli_table_new(5, hr);
		wf_app_reviews(s, &w->who, id, review_row, t, &e);
		section(ctx, "专家评审", t);
	}
	if (v.app.notice_start[0] && w->who.role != ROLE_EXPERT) {
		static const char *const ho[] = {"编号", "收到日期", "来源",
		                                 "内容", "结论",     "处理意见"};
		t = cli_table_new(6, ho);
		wf_app_objections(s, &w->who, id, objection_row, t, &e);
		section(ctx, "公示异议", t);
	}
	return EXIT_OK;
}

/* ---- the machine as a table ---- */

static int app_transitions(struct cli_ctx *ctx)
{
	static const char *const h[] = {"操作", "键", "从", "到", "可由", "条件"};
	struct cli_table *t = cli_table_new(6, h);
	for (int i = 0; i < FA_COUNT; i++) {
		const struct flow_transition *tr = &flow_transitions[i];
		char roles[128] = "", guards[256] = "";
		size_t rn = 0, gn = 0;
		for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
			if (tr->roles & ROLE_BIT(r))
				rn += (size_t)snprintf(roles + rn, sizeof roles - rn, "%s%s",
				                       rn ? "、" : "", role_label((enum role)r));
		for (unsigned g = 1; g <= FG_DOC_NO; g <<= 1)
			if ((tr->guards & g) && gn < sizeof guards)
				gn += (size_t)snprintf(guards + gn, sizeof guards - gn, "%s%s",
				                       gn ? "、" : "",
				                       flow_guard_label((enum flow_guard)g));
		const char *cells[] = {tr->label,
		                       tr->key,
		                       flow_state_label(tr->from),
		                       flow_state_label(tr->to),
		                       roles,
		                       gn ? guards : "—"};
		cli_table_add(t, cells);
	}
	cli_table_print(t, ctx->out);
	cli_table_free(t);
	fprintf(
	    ctx->out,
	    "表中没有的状态变更一律拒绝;每次变更记录操作人、角色、时间和意见,并写入审计日志。\n");
	return EXIT_OK;
}

/* ---- acts ---- */

static int app_apply(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long batch, id = 0;
	char uscc[19];
	struct app_err e = {0};
	if (argc < 3 || cli_wf_id(ctx, CMD, argv[1], &batch))
		return usage(ctx);
	if (uscc_check(argv[2], strlen(argv[2]), uscc, &e) != APP_OK)
		return cli_fail(ctx, CMD, APP_EINVAL, "统一社会信用代码 \"%s\":%s", argv[2], e.msg);
	if (wf_apply(s, &w->env, &w->who, batch, uscc, &id, &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已创建申请 %ld(草稿):企业 %s,批次 %ld;已保存企业数据快照\n", id, uscc,
	        batch);
	char *as = NULL;
	if (wf_app_docs(s, &w->who, id, NULL, &as, &e) == APP_OK && as) {
		json_t *j = json_loads(as, 0, NULL);
		const char *note = json_string_value(json_object_get(j, "note"));
		const char *verdict = json_string_value(json_object_get(j, "verdict_label"));
		if (note)
			fprintf(ctx->out, "自评:%s\n", note);
		else if (verdict)
			fprintf(ctx->out,
			        "自评:按 %s 评价为「%s」(详见 zjtx application show %ld)\n",
			        json_string_value(json_object_get(j, "criteria")), verdict, id);
		json_decref(j);
	}
	free(as);
	return EXIT_OK;
}

static int app_declare(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                       char **argv)
{
	long id;
	struct app_err e = {0};
	if (argc < 3 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	const struct flow_doc_kind *k = flow_doc_kind_find(strv_from(argv[2]));
	if (wf_declare(s, &w->env, &w->who, id, argv[2], &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已确认「%s」:%s\n", k->label, k->text);
	return EXIT_OK;
}

static int app_attach(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long id, att = 0;
	struct app_err e = {0};
	if (argc < 4 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	FILE *f = fopen(argv[3], "rb");
	if (!f)
		return cli_fail(ctx, CMD, APP_EIO, "无法打开文件 %s", argv[3]);
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || (size_t)st.st_size > MAX_ATTACH_BYTES) {
		fclose(f);
		return cli_fail(ctx, CMD, APP_ETOOLARGE, "文件 %s 超过附件上限 %d MiB", argv[3],
		                MAX_ATTACH_BYTES / (1024 * 1024));
	}
	size_t n = (size_t)st.st_size;
	char *data = xmalloc(n ? n : 1);
	size_t got = fread(data, 1, n, f);
	fclose(f);
	int rc = EXIT_OK;
	if (got != n)
		rc = cli_fail(ctx, CMD, APP_EIO, "读取文件 %s 失败", argv[3]);
	else if (wf_attach(s, &w->env, &w->who, id, argv[2], argv[3], data, n, &att, &e) != APP_OK)
		rc = cli_fail_err(ctx, CMD, &e);
	else
		fprintf(ctx->out, "已上传附件 %ld(%zu 字节)\n", att, n);
	free(data);
	return rc;
}

/* "submit", "区县初审通过", "district_approved", "已退回" ... → target state. */
static enum flow_state move_target(const char *text)
{
	const struct flow_transition *t = flow_transition_find(strv_from(text));
	return t ? t->to : flow_state_parse(strv_from(text));
}

static int app_move(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	static const struct option opts[] = {{"comment", required_argument, NULL, 'c'},
	                                     {"doc-no", required_argument, NULL, 'd'},
	                                     {"since", required_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	struct wf_step st = {0};
	char since[11];
	long id;
	int c;
	if (argc < 3 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	if (!(st.to = move_target(argv[2])))
		return cli_fail(ctx, CMD, APP_EINVAL,
		                "\"%s\" 不是操作或状态;运行 zjtx application transitions 查看",
		                argv[2]);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 2, argv + 2, "", opts, NULL)) != -1) {
		if (c == 'c')
			st.comment = optarg;
		else if (c == 'd')
			st.doc_no = optarg;
		else if (c == 's' && !cli_wf_date(ctx, CMD, "--since", optarg, since))
			st.since = since;
		else
			return usage(ctx);
	}
	struct wf_step_result res;
	struct app_err e = {0};
	if (wf_transition(s, &w->env, &w->who, id, &st, &res, &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	FILE *f = ctx->out;
	fprintf(f, "申请 %ld:%s(%s → %s)\n", id, res.t->label, flow_state_label(res.t->from),
	        flow_state_label(res.t->to));
	if (res.t->action == FA_ASSIGN)
		fprintf(f, "  随机抽取专家 %d 名(符合回避要求 %d 名,因关联回避 %d 名)\n",
		        res.experts_drawn, res.pool_eligible, res.pool_excluded);
	if (res.t->action == FA_FINALIZE) {
		char mean[16], median[16];
		cli_wf_score(res.score.mean_x100, mean);
		cli_wf_score(res.score.median_x100, median);
		fprintf(f,
		        "  %d 名专家平均分 %s,中位数 %s,异常评分 %d 个(与中位数相差超过 15 分)\n",
		        res.score.n, mean, median, res.score.outliers);
	}
	if (res.t->action == FA_PUBLICIZE)
		fprintf(f, "  公示期 %s 至 %s%s\n", res.notice_start, res.notice_end,
		        res.calendar_gap ? "(部分日期所在年份的节假日未录入,按周末计算)" : "");
	if (res.t->action == FA_RECOGNIZE)
		fprintf(f, "  认定自 %s 起,有效期至 %s(梯度记录 %ld)\n", res.valid_from,
		        res.valid_until[0] ? res.valid_until : "长期", res.tier_event_id);
	return EXIT_OK;
}

/* "85", "85.5" → tenths. */
static bool parse_score(const char *text, int *tenths)
{
	struct strv v = strv_trim(strv_from(text));
	const char *dot = memchr(v.p, '.', v.n);
	long whole, frac = 0;
	size_t wn = dot ? (size_t)(dot - v.p) : v.n;
	if (!str_to_int_range((struct strv){v.p, wn}, 0, 100, &whole))
		return false;
	if (dot && !str_to_int_range((struct strv){dot + 1, v.n - wn - 1}, 0, 9, &frac))
		return false;
	*tenths = (int)(whole * 10 + frac);
	return *tenths <= FLOW_SCORE_MAX;
}

static int app_score(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long id;
	int tenths;
	struct app_err e = {0};
	if (argc < 3 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	if (!parse_score(argv[2], &tenths))
		return cli_fail(ctx, CMD, APP_EINVAL, "评分 \"%s\" 无效:应为 0-100,最多一位小数",
		                argv[2]);
	const char *comment = argc > 4 && strcmp(argv[3], "--comment") == 0 ? argv[4] : NULL;
	if (wf_score(s, &w->env, &w->who, id, tenths, comment, &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已评分:申请 %ld,%d.%d 分\n", id, tenths / 10, tenths % 10);
	return EXIT_OK;
}

static int app_appoint(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                       char **argv)
{
	long id;
	struct app_err e = {0};
	if (argc < 5 || cli_wf_id(ctx, CMD, argv[1], &id) || strcmp(argv[3], "--comment") != 0)
		return usage(ctx);
	if (wf_review_appoint(s, &w->env, &w->who, id, argv[2], argv[4], &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已增补评审专家 %s(申请 %ld)\n", argv[2], id);
	return EXIT_OK;
}

static int app_object(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	static const struct option opts[] = {{"content", required_argument, NULL, 'c'},
	                                     {"source", required_argument, NULL, 's'},
	                                     {"received", required_argument, NULL, 'r'},
	                                     {NULL, 0, NULL, 0}};
	const char *content = NULL, *source = NULL, *received = NULL;
	char rdate[11];
	long id, obj = 0;
	int c;
	if (argc < 2 || cli_wf_id(ctx, CMD, argv[1], &id))
		return usage(ctx);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'c')
			content = optarg;
		else if (c == 's')
			source = optarg;
		else if (c == 'r' && !cli_wf_date(ctx, CMD, "--received", optarg, rdate))
			received = rdate;
		else
			return usage(ctx);
	}
	struct app_err e = {0};
	if (wf_objection_add(s, &w->env, &w->who, id, source, content, received, &obj, &e) !=
	    APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "已登记异议 %ld(申请 %ld,待处理)\n", obj, id);
	return EXIT_OK;
}

static int app_resolve(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc,
                       char **argv)
{
	long id;
	struct app_err e = {0};
	if (argc < 5 || cli_wf_id(ctx, CMD, argv[1], &id) || strcmp(argv[3], "--comment") != 0)
		return usage(ctx);
	bool upheld = strcmp(argv[2], "upheld") == 0 || strcmp(argv[2], "成立") == 0;
	if (!upheld && strcmp(argv[2], "dismissed") != 0 && strcmp(argv[2], "不成立") != 0)
		return cli_fail(ctx, CMD, APP_EINVAL, "结论应为 upheld(成立)或 dismissed(不成立)");
	if (wf_objection_resolve(s, &w->env, &w->who, id, upheld, argv[4], &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	fprintf(ctx->out, "异议 %ld 已处理:%s\n", id, upheld ? "成立" : "不成立");
	return EXIT_OK;
}

static int app_file(struct cli_ctx *ctx, struct store *s, struct cli_wf *w, int argc, char **argv)
{
	long id;
	struct flow_attachment meta;
	char *data = NULL;
	size_t n = 0;
	struct app_err e = {0};
	if (argc < 4 || cli_wf_id(ctx, CMD, argv[1], &id) || strcmp(argv[2], "-o") != 0)
		return usage(ctx);
	if (wf_attachment_read(s, &w->env, &w->who, id, &meta, &data, &n, &e) != APP_OK)
		return cli_fail_err(ctx, CMD, &e);
	FILE *f = fopen(argv[3], "wb");
	int rc = EXIT_OK;
	if (!f || fwrite(data, 1, n, f) != n)
		rc = cli_fail(ctx, CMD, APP_EIO, "无法写入 %s", argv[3]);
	else
		fprintf(ctx->out, "已导出附件 %ld「%s」(%zu 字节,摘要已核对)到 %s\n", id, meta.name,
		        n, argv[3]);
	if (f)
		fclose(f);
	free(data);
	return rc;
}

int cmd_application(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli_ctx *, struct store *, struct cli_wf *, int, char **);
	} subs[] = {{"list", app_list},       {"show", app_show},     {"apply", app_apply},
	            {"declare", app_declare}, {"attach", app_attach}, {"move", app_move},
	            {"score", app_score},     {"object", app_object}, {"appoint", app_appoint},
	            {"resolve", app_resolve}, {"file", app_file}};
	struct cli_wf w;
	struct store *s = NULL;
	struct app_err e = {0};
	if (argc >= 2 && strcmp(argv[1], "transitions") == 0)
		return app_transitions(ctx);
	for (size_t i = 0; argc >= 2 && i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		int rc = cli_wf_setup(ctx, CMD, &w);
		if (rc)
			return rc;
		if (cli_open_store(ctx, &s, &e) != APP_OK)
			return cli_fail_err(ctx, CMD, &e);
		rc = subs[i].run(ctx, s, &w, argc - 1, argv + 1);
		store_close(s);
		return rc;
	}
	return usage(ctx);
}
