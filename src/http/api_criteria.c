/* api_criteria.c - the criteria engine over HTTP (docs/API.md "Criteria"):
 * the built-in criteria files and their structure, a compile check of rule
 * text, a firm's evaluation with its worksheet, simulate, gaps and the
 * evaluations export. The work is app/evaluate.h, app/eval_pool.h and
 * app/eval_export.h (shared with `zjtx evaluate|simulate|gaps`); this file
 * parses, applies scope through app/scope.h and serialises.
 *
 * Scope: a firm's evaluation goes through firm_get (out of scope is 404);
 * lists, simulate, gaps and exports run over the store filter narrowed by
 * scope_filter, so a district user sees its district or zone only and an
 * enterprise user its own firm. Nothing here writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_int.h"
#include "app/eval_export.h"
#include "app/eval_pool.h"
#include "app/evaluate.h"
#include "app/firm.h"
#include "app/query.h"
#include "app/scope.h"
#include "base/str.h"

#ifndef MAX_GAPS_TOP
#define MAX_GAPS_TOP 10000 /* firms a gaps answer may list */
#endif
#define RULE_BODY_BYTES (2 * MAX_RULE_LEN + 64 * 1024) /* rule text in a JSON body, escaped */
#define FILE_NAME_MAX   60 /* bytes of a rule file name shown in messages */

/* ---- parameters ---- */

static enum app_status year_query(const struct http_req *req, int *year, struct app_err *err)
{
	const char *v = http_req_query(req, "year");
	long y = 0;
	*year = 0;
	if (v && *v && !str_to_int_range(strv_from(v), 1900, 2999, &y))
		return api_bad_param(err, "year", "年度应为 1900-2999 之间的四位年份");
	*year = (int)y;
	return APP_OK;
}

/* The year to evaluate when none is given: the latest fiscal year with
 * figures among the firms of f, else last calendar year. */
static enum app_status default_year(struct store *s, const struct store_filter *f, int *year,
                                    struct app_err *err)
{
	if (*year)
		return APP_OK;
	enum app_status st = eval_latest_year(s, f, year, err);
	if (st == APP_OK && !*year) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		*year = tm.tm_year + 1900 - 1;
	}
	return st;
}

/* The :name parameter as a built-in criteria file. */
static const struct criteria *criteria_param(const struct http_req *req, const char **name,
                                             struct app_err *err)
{
	*name = http_req_param(req, "name");
	if (!*name || !**name) {
		app_err_set(err, APP_ENOTFOUND, "缺少评价标准名称");
		return NULL;
	}
	return eval_builtin(*name, err);
}

/* ---- list and show ---- */

static int cmp_criteria(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	enum tier tx = eval_criteria_tier(x), ty = eval_criteria_tier(y);
	if (tx != ty)
		return (tx ? (int)tx : 99) - (ty ? (int)ty : 99);
	return strcmp(x, y);
}

/* The built-in names, by the tier they recognise, then by name. */
static size_t builtin_names(const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < criteria_builtin_count() && n < max; i++)
		names[n++] = criteria_builtin_name(i);
	qsort(names, n, sizeof *names, cmp_criteria);
	return n;
}

static API_HANDLER(criteria_list)
{
	(void)req;
	const char *names[64] = {0};
	size_t n = builtin_names(names, 64);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct criteria *c = eval_builtin(names[i], err);
		if (!c) {
			json_decref(arr);
			return err->status;
		}
		json_array_append_new(arr, eval_criteria_json(names[i], c, false));
	}
	return js_reply(resp, 200, arr);
}

static API_HANDLER(criteria_get)
{
	const char *name;
	const struct criteria *c = criteria_param(req, &name, err);
	if (!c)
		return err->status;
	json_t *o = eval_criteria_json(name, c, true);
	json_object_set_new(o, "text", json_string(criteria_builtin_text(name)));
	return js_reply(resp, 200, o);
}

/* ---- compile check ---- */

/* Compiles body /text (named by /name in messages). On a compile error *c
 * is NULL and *problem holds {file, line, col, message, text}. */
static enum app_status compile_body(const struct js_at *root, const char *text_key,
                                    struct criteria **c, json_t **problem, struct app_err *err)
{
	const char *text = NULL, *name = "rule.zc";
	enum app_status st = js_get_str(root, text_key, JS_REQUIRED, 0, &text, err);
	if (st == APP_OK)
		st = js_get_str(root, "name", JS_OPTIONAL, 0, &name, err);
	if (st != APP_OK)
		return st;
	if (strlen(text) > MAX_RULE_LEN) {
		char ptr[32];
		snprintf(ptr, sizeof ptr, "/%s", text_key);
		app_err_field(err, ptr);
		return app_err_set(err, APP_ETOOLARGE, "规则文本超过 %d 字节", MAX_RULE_LEN);
	}
	if (!*name || strlen(name) > FILE_NAME_MAX || strchr(name, '/')) {
		app_err_field(err, "/name");
		return app_err_set(err, APP_EINVAL, "文件名应为 1-%d 字节,不含 /", FILE_NAME_MAX);
	}
	struct rule_error re = {0};
	*c = NULL;
	*problem = NULL;
	if (criteria_compile(name, text, strlen(text), NULL, 0, c, &re) != APP_OK) {
		char msg[MAX_ERR_MSG + 128];
		rule_error_format(&re, msg, sizeof msg);
		*problem = json_pack("{s:s, s:i, s:i, s:s, s:s}", "file", re.file, "line", re.line,
		                     "col", re.col, "message", re.message, "text", msg);
	}
	return APP_OK;
}

static API_HANDLER(criteria_check)
{
	json_t *body = NULL, *problem = NULL;
	struct criteria *c = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	static const char *const keys[] = {"text", "name", NULL};
	if ((st = js_check_keys(&root, keys, err)) == APP_OK)
		st = compile_body(&root, "text", &c, &problem, err);
	json_t *out = NULL;
	if (st == APP_OK && c) {
		out = json_pack("{s:b, s:o, s:[]}", "ok", 1, "criteria",
		                eval_criteria_json(criteria_name(c), c, true), "errors");
	} else if (st == APP_OK) {
		out = json_pack("{s:b, s:n, s:[o]}", "ok", 0, "criteria", "errors", problem);
	}
	criteria_free(c);
	json_decref(body);
	return st == APP_OK ? js_reply(resp, 200, out) : st;
}

/* ---- a firm's evaluation ---- */

static json_t *firm_result(const struct criteria *c, const struct eval_firm *f, int year)
{
	struct criteria_result r = {0};
	eval_firm_run(c, f, year, &r);
	json_t *o = eval_result_json(c, f, &r, true);
	enum tier t = eval_criteria_tier(criteria_name(c));
	json_object_set_new(o, "tier", t ? json_string(tier_key(t)) : json_null());
	criteria_result_free(&r);
	return o;
}

static API_HANDLER(firm_evaluation)
{
	char uscc[USCC_LEN + 1];
	struct enterprise e;
	struct api_req *ar = api_ctx(req);
	int year = 0;
	enum app_status st = api_uscc(req, uscc, err);
	if (st == APP_OK)
		st = firm_get(ar->store, &ar->p, uscc, &e, err); /* scope: 404 */
	if (st == APP_OK)
		st = year_query(req, &year, err);
	struct store_filter one = {.uscc = uscc};
	if (st == APP_OK)
		st = default_year(ar->store, &one, &year, err);
	if (st != APP_OK)
		return st;
	const char *want = http_req_query(req, "criteria");
	bool all = !want || !*want || strcmp(want, "all") == 0;
	const struct criteria *c = NULL;
	if (!all && !(c = eval_builtin(want, err))) {
		app_err_field(err, "criteria");
		return err->status == APP_ENOTFOUND ? APP_EINVAL : err->status;
	}
	struct eval_firm *f = xcalloc(1, sizeof *f);
	if ((st = eval_load_firm(ar->store, uscc, year, f, err)) != APP_OK) {
		free(f);
		return st;
	}
	json_t *out;
	if (!all) {
		out = firm_result(c, f, year);
	} else {
		const char *names[64] = {0};
		size_t n = builtin_names(names, 64);
		json_t *results = json_array();
		for (size_t i = 0; i < n; i++)
			if ((c = eval_builtin(names[i], err)))
				json_array_append_new(results, firm_result(c, f, year));
		out = json_pack("{s:s, s:s, s:i, s:o}", "uscc", f->ent.uscc, "name", f->ent.name,
		                "year", year, "results", results);
	}
	free(f);
	return js_reply(resp, 200, out);
}

/* ---- simulate ---- */

/* The filter members of a simulate body, narrowed to the caller's scope. */
static enum app_status body_filter(struct http_req *req, const struct js_at *root,
                                   struct api_filter *af, struct app_err *err)
{
	memset(af, 0, sizeof *af);
	const char *d = NULL, *ind = NULL, *tier = NULL;
	struct app_err e = {0};
	enum app_status st = js_get_str(root, "district", JS_OPTIONAL, 64, &d, err);
	if (st == APP_OK)
		st = js_get_str(root, "industry", JS_OPTIONAL, 16, &ind, err);
	if (st == APP_OK)
		st = js_get_str(root, "tier", JS_OPTIONAL, 32, &tier, err);
	if (st != APP_OK)
		return st;
	if (d && *d) {
		if (query_district(d, af->district, &e) != APP_OK) {
			app_err_field(err, "/district");
			return app_err_set(err, APP_EINVAL, "%s", e.msg);
		}
		af->f.district = af->district;
	}
	if (ind && *ind) {
		if (query_industry(ind, af->industry, &e) != APP_OK) {
			app_err_field(err, "/industry");
			return app_err_set(err, APP_EINVAL, "%s", e.msg);
		}
		af->f.industry = af->industry;
	}
	if (tier && *tier && query_tier(tier, &af->f.tier, &e) != APP_OK) {
		app_err_field(err, "/tier");
		return app_err_set(err, APP_EINVAL, "%s", e.msg);
	}
	if (!scope_filter(&api_ctx(req)->p, &af->f))
		return app_err_set(err, APP_EPERM, "当前账号没有可查看的企业");
	return APP_OK;
}

/* A built-in named by body member key. */
static enum app_status body_builtin(const struct js_at *root, const char *key,
                                    const struct criteria **c, const char **name,
                                    struct app_err *err)
{
	enum app_status st = js_get_str(root, key, JS_REQUIRED, 64, name, err);
	if (st != APP_OK)
		return st;
	if (!(*c = eval_builtin(*name, err))) {
		char ptr[32];
		snprintf(ptr, sizeof ptr, "/%s", key);
		app_err_field(err, ptr);
		return err->status == APP_ENOTFOUND ? APP_EINVAL : err->status;
	}
	return APP_OK;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The new version: a built-in named by /criteria, or rule text in /text
 * (or in /criteria itself when it holds more than one line). */
static enum app_status sim_next(const struct js_at *root, const struct criteria **next,
                                struct criteria **owned, const char **label, struct app_err *err)
{
	struct js_at t, cm;
	enum app_status st = js_member(root, "text", JS_OPTIONAL, &t, err);
	if (st == APP_OK)
		st = js_member(root, "criteria", JS_OPTIONAL, &cm, err);
	if (st != APP_OK)
		return st;
	const char *key = "text";
	if (t.v && cm.v) {
		app_err_field(err, "/criteria");
		return app_err_set(err, APP_EINVAL, "criteria 与 text 只能给出一个");
	}
	if (!t.v) {
		if (!json_is_string(cm.v) || !strchr(json_string_value(cm.v), '\n'))
			return body_builtin(root, "criteria", next, label, err);
		key = "criteria"; /* rule text given as the criteria */
	}
	json_t *problem = NULL;
	if ((st = compile_body(root, key, owned, &problem, err)) != APP_OK)
		return st;
	if (!*owned) {
		app_err_field(err, key[0] == 't' ? "/text" : "/criteria");
		st = app_err_set(err, APP_EINVAL, "%s",
		                 json_string_value(json_object_get(problem, "text")));
		json_decref(problem);
		return st;
	}
	*next = *owned;
	*label = criteria_name(*owned);
	return APP_OK;
}

static API_HANDLER(criteria_simulate)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	json_t *body = NULL;
	enum app_status st = api_body(req, &body, err);
	if (st != APP_OK)
		return st;
	struct js_at root;
	js_root(body, &root);
	static const char *const keys[] = {"criteria", "text",     "name", "base", "year",
	                                   "district", "industry", "tier", NULL};
	const struct criteria *base = NULL, *next = NULL;
	struct criteria *owned = NULL;
	const char *base_name = NULL, *next_name = NULL;
	struct api_filter af;
	int64_t year = 0;
	if ((st = js_check_keys(&root, keys, err)) == APP_OK &&
	    (st = body_builtin(&root, "base", &base, &base_name, err)) == APP_OK &&
	    (st = sim_next(&root, &next, &owned, &next_name, err)) == APP_OK &&
	    (st = js_get_i64(&root, "year", JS_OPTIONAL, 1900, 2999, &year, err)) == APP_OK)
		st = body_filter(req, &root, &af, err);
	struct api_req *ar = api_ctx(req);
	int y = (int)year;
	if (st == APP_OK)
		st = default_year(ar->store, &af.f, &y, err);
	struct eval_sim sim = {0};
	if (st == APP_OK)
		st = eval_simulate(ar->store, base, next, &af.f, y, &sim, err);
	json_t *out = NULL;
	if (st == APP_OK) {
		out = eval_sim_json(&sim, base_name, next_name, y);
		json_object_set_new(out, "elapsed_ms",
		                    json_real((double)(long)(ms_since(&t0) * 10) / 10));
	}
	eval_sim_free(&sim);
	criteria_free(owned);
	json_decref(body);
	return st == APP_OK ? js_reply(resp, 200, out) : st;
}

/* ---- gaps ---- */

static API_HANDLER(criteria_gaps)
{
	const char *name;
	const struct criteria *c = criteria_param(req, &name, err);
	if (!c)
		return err->status;
	struct api_filter af;
	int year = 0;
	long top = 20;
	const char *v = http_req_query(req, "top");
	enum app_status st = api_filter(req, &af, err);
	if (st == APP_OK)
		st = year_query(req, &year, err);
	if (st == APP_OK && v && *v && !str_to_int_range(strv_from(v), 1, MAX_GAPS_TOP, &top))
		st = api_bad_param(err, "top", "应为 1-%d 的整数", MAX_GAPS_TOP);
	struct api_req *ar = api_ctx(req);
	if (st == APP_OK)
		st = default_year(ar->store, &af.f, &year, err);
	struct eval_gap *g = NULL;
	size_t n = 0;
	if (st == APP_OK)
		st = eval_gaps(ar->store, c, &af.f, year, (size_t)top, &g, &n, err);
	if (st != APP_OK)
		return st;
	json_t *out = json_pack("{s:s, s:i, s:i, s:o}", "criteria", name, "year", year, "top",
	                        (int)top, "items", eval_gaps_json(g, n));
	free(g);
	return js_reply(resp, 200, out);
}

/* ---- the evaluations export ---- */

struct export_job {
	struct store *s;
	const struct criteria *c;
	const struct store_filter *f;
	int year;
};

static enum app_status write_csv(void *ctx, struct export_sink *out, struct app_err *err)
{
	struct export_job *j = ctx;
	struct export_options opt = {0};
	return eval_export_csv(j->s, j->c, j->f, j->year, &opt, out, err);
}

static enum app_status write_xlsx(void *ctx, const char *path, struct app_err *err)
{
	struct export_job *j = ctx;
	return eval_export_xlsx(j->s, j->c, j->f, j->year, path, err);
}

static enum app_status evaluations_export(struct http_req *req, struct http_resp *resp, bool xlsx,
                                          struct app_err *err)
{
	const char *name;
	const struct criteria *c = criteria_param(req, &name, err);
	if (!c)
		return err->status;
	struct api_filter af;
	int year = 0;
	enum app_status st = api_filter(req, &af, err);
	if (st == APP_OK)
		st = year_query(req, &year, err);
	struct api_req *ar = api_ctx(req);
	if (st == APP_OK)
		st = default_year(ar->store, &af.f, &year, err);
	if (st != APP_OK)
		return st;
	struct export_job job = {ar->store, c, &af.f, year};
	char ascii[128], stem[160];
	snprintf(ascii, sizeof ascii, "evaluations-%s-%d.%s", name, year, xlsx ? "xlsx" : "csv");
	snprintf(stem, sizeof stem, "评价结果-%s-%d年数据", name, year);
	return xlsx ? api_download_xlsx(resp, write_xlsx, &job, ascii, stem, err)
	            : api_download_csv(resp, write_csv, &job, ascii, stem, err);
}

static API_HANDLER(evaluations_csv)
{
	return evaluations_export(req, resp, false, err);
}

static API_HANDLER(evaluations_xlsx)
{
	return evaluations_export(req, resp, true, err);
}

/* ---- the route table ---- */

#define V1 "/api/v1"
const struct http_route api_routes_criteria[] = {
    {HTTP_GET, V1 "/criteria", criteria_list, PERM_READ, "criteria_list", 0},
    {HTTP_GET, V1 "/criteria/:name", criteria_get, PERM_READ, "criteria_get", 0},
    {HTTP_POST, V1 "/criteria/check", criteria_check, PERM_WRITE_CRITERIA, "criteria_check",
     RULE_BODY_BYTES},
    {HTTP_POST, V1 "/criteria/simulate", criteria_simulate, PERM_ANALYZE, "criteria_simulate",
     RULE_BODY_BYTES},
    {HTTP_GET, V1 "/criteria/:name/gaps", criteria_gaps, PERM_ANALYZE, "criteria_gaps", 0},
    {HTTP_GET, V1 "/criteria/:name/evaluations.csv", evaluations_csv, PERM_READ,
     "export_evaluations_csv", 0},
    {HTTP_GET, V1 "/criteria/:name/evaluations.xlsx", evaluations_xlsx, PERM_READ,
     "export_evaluations_xlsx", 0},
    {HTTP_GET, V1 "/enterprises/:uscc/evaluation", firm_evaluation, PERM_READ,
     "enterprise_evaluation", 0},
};
const size_t api_routes_criteria_n = sizeof api_routes_criteria / sizeof api_routes_criteria[0];
