/* evaluate.c - criteria over the pool (see evaluate.h). */
#include "evaluate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

enum { CRITERIA_FILE_MAX = 1024 * 1024 }; /* bytes of a criteria file read from disk */

static bool is_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 3 && strcmp(s + n - 3, ".zc") == 0);
}

static enum app_status read_file(const char *path, char **out, size_t *n, struct app_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return app_err_set(err, APP_EIO, "无法打开规则文件 %s", path);
	struct buf b;
	buf_init(&b, CRITERIA_FILE_MAX);
	char chunk[8192];
	size_t r;
	enum app_status st = APP_OK;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&b, chunk, r) != APP_OK) {
			st = app_err_set(err, APP_ETOOLARGE, "规则文件 %s 超过 %d 字节", path,
			                 CRITERIA_FILE_MAX);
			break;
		}
	if (st == APP_OK && ferror(f))
		st = app_err_set(err, APP_EIO, "读取规则文件 %s 失败", path);
	fclose(f);
	if (st != APP_OK) {
		buf_free(&b);
		return st;
	}
	*n = b.len;
	*out = buf_steal(&b);
	return APP_OK;
}

enum app_status eval_load_criteria(const char *name, struct criteria **out, struct app_err *err)
{
	struct rule_error re = {0};
	enum app_status st;
	if (is_path(name)) {
		char *text = NULL;
		size_t n = 0;
		if ((st = read_file(name, &text, &n, err)) != APP_OK)
			return st;
		st = criteria_compile(name, text, n, NULL, 0, out, &re);
		free(text);
	} else {
		st = criteria_load(name, out, &re);
	}
	if (st != APP_OK) {
		char msg[MAX_ERR_MSG];
		rule_error_format(&re, msg, sizeof msg);
		app_err_set(err, st, "%s", msg);
	}
	return st;
}

/* ---- built-in files, compiled once ---- */

enum { BUILTIN_CACHE = 64 };
static pthread_mutex_t builtin_lock = PTHREAD_MUTEX_INITIALIZER;
static struct criteria *builtin_cache[BUILTIN_CACHE];

const struct criteria *eval_builtin(const char *name, struct app_err *err)
{
	size_t n = criteria_builtin_count();
	for (size_t i = 0; i < n && i < BUILTIN_CACHE; i++) {
		if (strcmp(criteria_builtin_name(i), name) != 0)
			continue;
		struct rule_error re = {0};
		pthread_mutex_lock(&builtin_lock);
		if (!builtin_cache[i] && criteria_load(name, &builtin_cache[i], &re) != APP_OK) {
			char msg[MAX_ERR_MSG];
			rule_error_format(&re, msg, sizeof msg);
			app_err_set(err, APP_EINTERNAL, "内置评价标准 %s 无法编译:%s", name, msg);
		}
		const struct criteria *c = builtin_cache[i];
		pthread_mutex_unlock(&builtin_lock);
		return c;
	}
	app_err_set(err, APP_ENOTFOUND, "没有名为 \"%s\" 的内置评价标准", name);
	return NULL;
}

enum tier eval_criteria_tier(const char *name)
{
	static const struct {
		const char *prefix;
		enum tier tier;
	} map[] = {{"innovative-", TIER_INNOVATIVE},
	           {"srdi-", TIER_SRDI},
	           {"little-giant-", TIER_LITTLE_GIANT}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strncmp(name, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].tier;
	return TIER_NONE;
}

static const char *kind_key(enum rule_item_kind k)
{
	return k == RULE_ROUTE ? "route" : k == RULE_REVIEW ? "review" : "requirement";
}

static json_t *structure_json(const struct rule_program *p, json_t *o)
{
	json_t *groups = json_array(), *inds = json_array(), *reqs = json_array();
	for (size_t i = 0; i < rule_item_count(p); i++) {
		const struct rule_item *it = rule_item(p, i);
		json_t *j = json_pack("{s:s, s:s}", "name", it->name, "label", it->label);
		if (it->kind == RULE_GROUP) {
			json_object_set_new(j, "max", json_real(it->max));
			json_object_set_new(j, "min",
			                    it->has_min ? json_real(it->min) : json_null());
			json_object_set_new(j, "clause", json_string(it->clause));
			json_array_append_new(groups, j);
		} else if (it->kind == RULE_INDICATOR) {
			const struct rule_item *g =
			    it->group >= 0 ? rule_item(p, (size_t)it->group) : NULL;
			json_object_set_new(j, "group", g ? json_string(g->name) : json_null());
			json_object_set_new(j, "max", json_real(it->max));
			json_object_set_new(j, "clause", json_string(it->clause));
			json_array_append_new(inds, j);
		} else if (it->kind == RULE_REQUIRE || it->kind == RULE_ROUTE ||
		           it->kind == RULE_REVIEW) {
			json_object_set_new(j, "clause", json_string(it->clause));
			json_object_set_new(j, "kind", json_string(kind_key(it->kind)));
			json_array_append_new(reqs, j);
		} else {
			json_decref(j);
		}
	}
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "indicators", inds);
	json_object_set_new(o, "requirements", reqs);
	return o;
}

json_t *eval_criteria_json(const char *name, const struct criteria *c, bool structure)
{
	const struct rule_program *p = criteria_program(c);
	const struct rule_info *info = rule_info(p);
	long n[RULE_PASS + 1] = {0};
	double score_max = 0;
	for (size_t i = 0; i < rule_item_count(p); i++) {
		const struct rule_item *it = rule_item(p, i);
		n[it->kind]++;
		if (it->kind == RULE_SCORE)
			score_max = it->max;
	}
	enum tier t = eval_criteria_tier(name);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "title", info->title, "source",
	                      info->source, "effective", info->effective);
	json_object_set_new(o, "until", info->until[0] ? json_string(info->until) : json_null());
	json_object_set_new(o, "edges", json_string(info->edges));
	json_object_set_new(o, "tier", t ? json_string(tier_key(t)) : json_null());
	json_object_set_new(o, "score_max", json_real(score_max));
	json_object_set_new(
	    o, "counts",
	    json_pack("{s:I, s:I, s:I, s:I, s:I}", "requirements", (json_int_t)n[RULE_REQUIRE],
	              "indicators", (json_int_t)n[RULE_INDICATOR], "routes",
	              (json_int_t)n[RULE_ROUTE], "reviews", (json_int_t)n[RULE_REVIEW], "groups",
	              (json_int_t)n[RULE_GROUP]));
	return structure ? structure_json(p, o) : o;
}

static int latest_row(void *ctx, const struct annual *a)
{
	int *y = ctx;
	if (a->year > *y)
		*y = a->year;
	return 0;
}

enum app_status eval_latest_year(struct store *s, const struct store_filter *f, int *year,
                                 struct app_err *err)
{
	struct store_filter all = {0};
	*year = 0;
	return store_annual_list(s, f ? f : &all, 0, latest_row, year, err);
}

/* ---- loading firms ---- */

struct rows_ctx {
	struct eval_firm *f;
	int year;
};

static int keep_row(void *vctx, const struct annual *a)
{
	struct rows_ctx *c = vctx;
	if (a->year <= c->year && a->year > c->year - CRITERIA_YEARS &&
	    c->f->nrows < CRITERIA_YEARS)
		c->f->rows[c->f->nrows++] = *a;
	return 0;
}

/* The size class from the evaluation year's figures, or the latest year
 * before it that has any. */
static enum size_class size_of(const struct eval_firm *f, int year)
{
	const struct annual *best = NULL;
	for (size_t i = 0; i < f->nrows; i++) {
		const struct annual *a = &f->rows[i];
		bool any = annual_has(a, AK_EMPLOYEES) || annual_has(a, AK_REVENUE) ||
		           annual_has(a, AK_TOTAL_ASSETS);
		if (any && a->year <= year && (!best || a->year > best->year))
			best = a;
	}
	if (!best)
		return SIZE_UNKNOWN;
	struct size_input in = {
	    .has_employees = annual_has(best, AK_EMPLOYEES),
	    .employees = best->v[AK_EMPLOYEES],
	    .has_revenue = annual_has(best, AK_REVENUE),
	    .revenue = best->v[AK_REVENUE],
	    .has_assets = annual_has(best, AK_TOTAL_ASSETS),
	    .assets = best->v[AK_TOTAL_ASSETS],
	};
	struct size_result r;
	if (sizeclass_classify(f->ent.industry, &in, NULL, &r, NULL) != APP_OK)
		return SIZE_UNKNOWN;
	return r.cls;
}

static enum app_status load_rows(struct store *s, struct eval_firm *f, int year,
                                 struct app_err *err)
{
	struct store_filter one = {.uscc = f->ent.uscc};
	struct rows_ctx c = {f, year};
	f->nrows = 0;
	enum app_status st = store_annual_list(s, &one, 0, keep_row, &c, err);
	f->size = size_of(f, year);
	return st;
}

enum app_status eval_load_firm(struct store *s, const char *uscc, int year, struct eval_firm *out,
                               struct app_err *err)
{
	memset(out, 0, sizeof *out);
	enum app_status st = store_enterprise_get(s, uscc, &out->ent, err);
	if (st != APP_OK)
		return st;
	return load_rows(s, out, year, err);
}

struct each_ctx {
	struct store *s;
	int year;
	eval_firm_cb cb;
	void *ctx;
	struct eval_firm *f;
	enum app_status st;
	struct app_err *err;
};

static int each_one(void *vctx, const struct enterprise *e)
{
	struct each_ctx *c = vctx;
	memset(c->f, 0, sizeof *c->f);
	c->f->ent = *e;
	if ((c->st = load_rows(c->s, c->f, c->year, c->err)) != APP_OK)
		return 1;
	return c->cb(c->ctx, c->f);
}

enum app_status eval_each_firm(struct store *s, const struct store_filter *f, int year,
                               eval_firm_cb cb, void *ctx, struct app_err *err)
{
	struct each_ctx c = {s, year, cb, ctx, xcalloc(1, sizeof(struct eval_firm)), APP_OK, err};
	struct store_filter all = {0};
	enum app_status st = store_enterprise_list(s, f ? f : &all, each_one, &c, NULL, err);
	free(c.f);
	return st != APP_OK ? st : c.st;
}

void eval_firm_input(const struct eval_firm *f, struct criteria_firm *out)
{
	*out = (struct criteria_firm){
	    .ent = &f->ent,
	    .annual = f->rows,
	    .nannual = f->nrows,
	    .size = f->size,
	    .rereview = 0,
	};
}

void eval_firm_run(const struct criteria *c, const struct eval_firm *f, int year,
                   struct criteria_result *r)
{
	struct criteria_firm in;
	eval_firm_input(f, &in);
	criteria_eval(c, &in, year, r);
}

/* ---- JSON ---- */

static json_t *met_json(enum criteria_met m)
{
	return m == CRITERIA_YES ? json_true() : m == CRITERIA_NO ? json_false() : json_null();
}

static json_t *missing_json(const struct criteria_missing *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:o}", "key", m[i].key, "label", m[i].label, "year",
		                 m[i].year ? json_integer(m[i].year) : json_null()));
	return a;
}

static json_t *groups_json(const struct criteria_result *r)
{
	json_t *groups = json_array();
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct criteria_group *g = &r->groups[i];
		json_t *j =
		    json_pack("{s:s, s:s, s:f, s:f, s:f}", "name", g->name, "label", g->label,
		              "score", g->score, "score_hi", g->score_hi, "max", g->max);
		json_object_set_new(j, "min", g->has_min ? json_real(g->min) : json_null());
		json_object_set_new(j, "min_met", met_json(g->min_met));
		json_array_append_new(groups, j);
	}
	return groups;
}

static json_t *reqs_json(const struct criteria_result *r)
{
	json_t *reqs = json_array();
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct criteria_req *q = &r->reqs[i];
		json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "name", q->name, "label", q->label,
		                      "clause", q->clause, "kind", kind_key(q->kind));
		json_object_set_new(j, "met", met_json(q->met));
		json_object_set_new(j, "actual", json_string(q->actual));
		json_object_set_new(j, "threshold", json_string(q->threshold));
		json_object_set_new(j, "gap", json_string(q->gap));
		json_t *lines = json_array();
		for (size_t k = 0; k < q->nlines; k++)
			json_array_append_new(lines, json_string(q->lines[k]));
		json_object_set_new(j, "lines", lines);
		json_object_set_new(j, "missing", missing_json(q->missing, q->nmissing));
		json_array_append_new(reqs, j);
	}
	return reqs;
}

static json_t *inds_json(const struct criteria_result *r)
{
	json_t *inds = json_array();
	for (size_t i = 0; i < r->ninds; i++) {
		const struct criteria_ind *d = &r->inds[i];
		json_t *j =
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f}", "name", d->name, "label",
		              d->label, "clause", d->clause, "band", d->band, "basis", d->basis,
		              "points", d->points, "points_hi", d->points_hi, "max", d->max);
		json_object_set_new(j, "group",
		                    d->group >= 0 ? json_string(r->groups[d->group].name)
		                                  : json_null());
		json_object_set_new(j, "missing", missing_json(d->missing, d->nmissing));
		json_array_append_new(inds, j);
	}
	return inds;
}

json_t *eval_result_json(const struct criteria *c, const struct eval_firm *f,
                         const struct criteria_result *r, bool explain)
{
	json_t *o = json_object();
	json_object_set_new(o, "uscc", json_string(f->ent.uscc));
	json_object_set_new(o, "name", json_string(f->ent.name));
	json_object_set_new(o, "district", json_string(f->ent.district));
	json_object_set_new(o, "criteria", json_string(criteria_name(c)));
	json_object_set_new(o, "title", json_string(rule_info(criteria_program(c))->title));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "verdict", json_string(criteria_verdict_key(r->verdict)));
	json_object_set_new(o, "verdict_label", json_string(criteria_verdict_label(r->verdict)));
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "score_hi", json_real(r->score_hi));
	json_object_set_new(o, "score_max", json_real(r->score_max));
	json_object_set_new(o, "groups", groups_json(r));
	json_object_set_new(o, "requirements", reqs_json(r));
	if (explain)
		json_object_set_new(o, "indicators", inds_json(r));
	json_t *miss = json_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		char key[64];
		if (r->missing[i].year)
			snprintf(key, sizeof key, "%s@%d", r->missing[i].key, r->missing[i].year);
		else
			snprintf(key, sizeof key, "%s", r->missing[i].key);
		json_array_append_new(miss, json_string(key));
	}
	json_object_set_new(o, "missing", miss);
	json_object_set_new(o, "missing_detail", missing_json(r->missing, r->nmissing));
	json_t *sf = json_array();
	for (size_t i = 0; i < r->nshortfalls; i++)
		json_array_append_new(sf, json_string(r->shortfalls[i]));
	json_object_set_new(o, "shortfalls", sf);
	if (explain) {
		struct buf b;
		buf_init(&b, 256 * 1024);
		criteria_explain(c, r, &f->ent, &b);
		json_object_set_new(o, "text", json_string(buf_cstr(&b)));
		buf_free(&b);
	}
	return o;
}
