/* cmd_show.c - `zjtx show USCC`: one firm's profile, size class, annual
 * figures and tier history, as text or as JSON keyed like indicators.md. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "core/district.h"
#include "core/industry.h"
#include "core/money.h"
#include "core/sizeclass.h"

enum { SHOW_MAX_YEARS = 64 };

struct show_data {
	struct enterprise ent;
	struct annual years[SHOW_MAX_YEARS];
	int nyears;
	struct tier_event *events;
	size_t nevents, cap;
	struct size_result size;
	int size_year;
	bool size_ok;
};

static int collect_year(void *ctx, const struct annual *a)
{
	struct show_data *d = ctx;
	if (d->nyears < SHOW_MAX_YEARS)
		d->years[d->nyears++] = *a;
	return 0;
}

static int collect_event(void *ctx, const struct tier_event *ev)
{
	struct show_data *d = ctx;
	xgrow((void **)&d->events, &d->cap, d->nevents + 1, sizeof *d->events);
	d->events[d->nevents++] = *ev;
	return 0;
}

/* Size class from the latest year with figures. */
static void classify(struct show_data *d)
{
	for (int i = d->nyears - 1; i >= 0; i--) {
		const struct annual *a = &d->years[i];
		struct size_input in = {
		    .has_employees = annual_has(a, AK_EMPLOYEES),
		    .employees = a->v[AK_EMPLOYEES],
		    .has_revenue = annual_has(a, AK_REVENUE),
		    .revenue = a->v[AK_REVENUE],
		    .has_assets = annual_has(a, AK_TOTAL_ASSETS),
		    .assets = a->v[AK_TOTAL_ASSETS],
		};
		if (!in.has_employees && !in.has_revenue && !in.has_assets)
			continue;
		d->size_ok =
		    sizeclass_classify(d->ent.industry, &in, NULL, &d->size, NULL) == APP_OK;
		d->size_year = a->year;
		return;
	}
}

static json_t *value_json(const struct indicator *ind, int64_t v)
{
	switch (ind->type) {
	case IND_MONEY:
		/* 万元; exact to 15 significant digits (JSON_REAL_PRECISION below) */
		return json_real((double)v / 1e6);
	case IND_PERCENT:
		return json_real((double)v / 100.0);
	default:
		return json_integer(v);
	}
}

static json_t *opt_str(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static void show_json(struct cli_ctx *ctx, const struct show_data *d)
{
	const struct enterprise *e = &d->ent;
	const struct industry_division *div = industry_division(e->industry);
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(e->uscc));
	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "district", json_string(e->district));
	json_object_set_new(o, "district_name", json_string(district_unit_name(e->district)));
	json_object_set_new(o, "zone", opt_str(e->zone));
	json_object_set_new(o, "zone_name",
	                    e->zone[0] ? json_string(district_unit_name(e->zone)) : json_null());
	json_object_set_new(o, "industry", json_string(e->industry));
	json_object_set_new(o, "industry_name", div ? json_string(div->name) : json_null());
	json_object_set_new(o, "emerging", e->emerging ? json_integer(e->emerging) : json_null());
	json_object_set_new(o, "founded", opt_str(e->founded));
	json_object_set_new(o, "niche_since",
	                    e->niche_since ? json_integer(e->niche_since) : json_null());
	json_object_set_new(o, "contact", opt_str(e->contact));
	json_object_set_new(o, "phone", opt_str(e->phone));
	json_object_set_new(o, "tier", e->tier ? json_string(tier_key(e->tier)) : json_null());
	json_object_set_new(o, "tier_label",
	                    e->tier ? json_string(tier_label(e->tier)) : json_null());
	json_object_set_new(o, "tier_until", opt_str(e->tier_until));
	if (d->size_ok) {
		json_t *sz = json_pack(
		    "{s:s, s:s, s:i, s:s, s:s, s:i}", "class", sizeclass_key(d->size.cls), "label",
		    sizeclass_name(d->size.cls), "category", d->size.category, "category_name",
		    d->size.category_name ? d->size.category_name : "", "version",
		    d->size.version ? d->size.version : "", "year", d->size_year);
		json_object_set_new(sz, "missing", opt_str(d->size.missing));
		json_object_set_new(o, "size_class", sz);
	} else {
		json_object_set_new(o, "size_class", json_null());
	}
	json_t *years = json_array();
	for (int i = 0; i < d->nyears; i++) {
		const struct annual *a = &d->years[i];
		json_t *y = json_object();
		json_object_set_new(y, "year", json_integer(a->year));
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
			json_object_set_new(y, annual_indicators[k].key,
			                    annual_has(a, (enum annual_key)k)
			                        ? value_json(&annual_indicators[k], a->v[k])
			                        : json_null());
		json_array_append_new(years, y);
	}
	json_object_set_new(o, "annual", years);
	json_t *hist = json_array();
	for (size_t i = 0; i < d->nevents; i++) {
		const struct tier_event *ev = &d->events[i];
		json_array_append_new(
		    hist, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "tier",
		                    tier_key(ev->tier), "status", tier_status_key(ev->status),
		                    "since", ev->since, "until", opt_str(ev->until), "reason",
		                    opt_str(ev->reason), "doc_no", opt_str(ev->doc_no), "actor",
		                    opt_str(ev->actor), "recorded_at", ev->recorded_at));
	}
	json_object_set_new(o, "tier_history", hist);
	json_dumpf(o, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', ctx->out);
	json_decref(o);
}

static void show_text(struct cli_ctx *ctx, const struct show_data *d)
{
	const struct enterprise *e = &d->ent;
	const struct industry_division *div = industry_division(e->industry);
	FILE *f = ctx->out;
	fprintf(f, "%s\n统一社会信用代码  %s\n", e->name, e->uscc);
	fprintf(f, "所属区县          %s (%s)%s%s\n", district_unit_name(e->district), e->district,
	        e->zone[0] ? "  功能区 " : "", e->zone[0] ? district_unit_name(e->zone) : "");
	fprintf(f, "国民经济行业      %s %s\n", e->industry, div ? div->name : "");
	if (e->founded[0])
		fprintf(f, "成立日期          %s\n", e->founded);
	if (e->niche_since)
		fprintf(f, "进入细分市场      %d 年\n", e->niche_since);
	if (e->contact[0] || e->phone[0])
		fprintf(f, "联系人            %s %s\n", e->contact, e->phone);
	fprintf(f, "当前梯度          %s%s%s\n", e->tier ? tier_label(e->tier) : "无",
	        e->tier_until[0] ? ",有效期至 " : "", e->tier_until);
	if (d->size_ok)
		fprintf(f, "企业划型          %s(%s,%d 年数据,%s 标准)%s%s\n",
		        sizeclass_name(d->size.cls),
		        d->size.category_name ? d->size.category_name : "", d->size_year,
		        d->size.version ? d->size.version : "", d->size.missing[0] ? " 缺少: " : "",
		        d->size.missing);
	if (d->nyears) {
		fprintf(f, "\n年度数据(金额单位:万元)\n");
		const char *headers[SHOW_MAX_YEARS + 1] = {"指标"};
		char ybuf[SHOW_MAX_YEARS][8];
		for (int i = 0; i < d->nyears; i++) {
			snprintf(ybuf[i], sizeof ybuf[i], "%d", d->years[i].year);
			headers[i + 1] = ybuf[i];
		}
		struct cli_table *t = cli_table_new((size_t)d->nyears + 1, headers);
		for (int i = 1; i <= d->nyears; i++)
			cli_table_right(t, (size_t)i);
		char vals[SHOW_MAX_YEARS][48];
		const char *cells[SHOW_MAX_YEARS + 1];
		for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
			cells[0] = annual_indicators[k].label;
			for (int i = 0; i < d->nyears; i++) {
				const struct annual *a = &d->years[i];
				if (!annual_has(a, (enum annual_key)k))
					snprintf(vals[i], sizeof vals[i], "—");
				else if (annual_indicators[k].type == IND_MONEY)
					money_format(a->v[k], MONEY_WANYUAN, 2, vals[i],
					             sizeof vals[i]);
				else
					indicator_format(&annual_indicators[k], a->v[k], vals[i],
					                 sizeof vals[i]);
				cells[i + 1] = vals[i];
			}
			cli_table_add(t, cells);
		}
		cli_table_print(t, f);
		cli_table_free(t);
	}
	if (d->nevents) {
		fprintf(f, "\n梯度历史\n");
		static const char *const h[] = {"梯度", "状态", "起",    "至",
		                                "文号", "原因", "记录人"};
		struct cli_table *t = cli_table_new(7, h);
		for (size_t i = 0; i < d->nevents; i++) {
			const struct tier_event *ev = &d->events[i];
			const char *cells[] = {tier_short(ev->tier),
			                       tier_status_label(ev->status),
			                       ev->since,
			                       ev->until,
			                       ev->doc_no,
			                       ev->reason,
			                       ev->actor};
			cli_table_add(t, cells);
		}
		cli_table_print(t, f);
		cli_table_free(t);
	}
}

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
	                                     {NULL, 0, NULL, 0}};
	enum cli_format fmt = FMT_TEXT;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f' || !(fmt = cli_parse_format(optarg, 1u << FMT_TEXT | 1u << FMT_JSON)))
			return cli_fail(ctx, "show", APP_EINVAL, "选项无效;格式应为 text 或 json");
	}
	if (argc - optind != 1)
		return cli_usage(ctx, cli_find("show"), false);
	struct app_err e = {0};
	char uscc[USCC_LEN + 1];
	const char *arg = argv[optind];
	if (uscc_check(arg, strlen(arg), uscc, &e) != APP_OK)
		return cli_fail(ctx, "show", APP_EINVAL, "统一社会信用代码 \"%s\": %s", arg, e.msg);
	struct store *s = NULL;
	struct show_data *d = xcalloc(1, sizeof *d);
	int rc = EXIT_OK;
	struct store_filter f = {.uscc = uscc};
	if (cli_open_store(ctx, &s, &e) != APP_OK ||
	    store_enterprise_get(s, uscc, &d->ent, &e) != APP_OK ||
	    store_annual_list(s, &f, 0, collect_year, d, &e) != APP_OK ||
	    store_tier_history(s, uscc, collect_event, d, &e) != APP_OK) {
		if (e.status == APP_ENOTFOUND)
			rc = cli_fail(ctx, "show", APP_ENOTFOUND, "企业 %s 不在企业库中", uscc);
		else
			rc = cli_fail_err(ctx, "show", &e);
		goto out;
	}
	classify(d);
	if (fmt == FMT_JSON)
		show_json(ctx, d);
	else
		show_text(ctx, d);
out:
	free(d->events);
	free(d);
	store_close(s);
	return rc;
}
