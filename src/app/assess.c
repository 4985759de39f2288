/* assess.c - the bridge to the criteria engine (see assess.h).
 *
 * The engine (core/criteria.h, F2) is built on its own branch. This file
 * uses it when the header is present in the tree (__has_include), so the
 * workflow starts evaluating as soon as F2 is merged; until then it reports
 * the engine unavailable. Compiled criteria are cached by name for the life
 * of the process (they are read-only once compiled). */
#include "assess.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

#if defined(__has_include)
#if __has_include("core/criteria.h")
#define ASSESS_ENGINE 1
#endif
#endif

void assess_result_free(struct assess_result *r)
{
	if (!r)
		return;
	free(r->json);
	free(r->text);
	r->json = r->text = NULL;
}

#ifndef ASSESS_ENGINE

bool assess_available(void)
{
	return false;
}

enum app_status assess_check(const char *criteria, struct app_err *e)
{
	(void)criteria;
	(void)e;
	return APP_OK;
}

enum app_status assess_firm(const char *criteria, const struct enterprise *ent,
                            const struct annual *rows, size_t nrows, int year, enum size_class size,
                            bool rereview, struct assess_result *out, struct app_err *e)
{
	(void)ent;
	(void)rows;
	(void)nrows;
	(void)size;
	(void)rereview;
	(void)e;
	memset(out, 0, sizeof *out);
	out->year = year;
	snprintf(out->note, sizeof out->note, "评价引擎尚未接入,未能按 %s 自评;已保存企业数据快照",
	         criteria && *criteria ? criteria : "(未指定标准)");
	return APP_OK;
}

#else /* ASSESS_ENGINE */

#include "core/criteria.h"

enum { ASSESS_CACHE = 16, ASSESS_TEXT_MAX = 256 * 1024 };

static struct {
	pthread_mutex_t lock;
	struct criteria *c[ASSESS_CACHE];
	size_t n;
} cache = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};

bool assess_available(void)
{
	return true;
}

/* The compiled criteria of that name (cached), or NULL with e set. */
static const struct criteria *load(const char *name, struct app_err *e)
{
	struct criteria *c = NULL;
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < cache.n && !c; i++)
		if (strcmp(criteria_name(cache.c[i]), name) == 0)
			c = cache.c[i];
	if (!c) {
		struct rule_error re = {0};
		enum app_status st = criteria_load(name, &c, &re);
		if (st != APP_OK) {
			char where[MAX_ERR_MSG];
			rule_error_format(&re, where, sizeof where);
			app_err_set(e, st, "评价标准 %s 无法载入:%s", name, where);
			c = NULL;
		} else if (cache.n < ASSESS_CACHE) {
			cache.c[cache.n++] = c;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	return c;
}

enum app_status assess_check(const char *criteria, struct app_err *e)
{
	return load(criteria ? criteria : "", e) ? APP_OK
	       : e && e->status ? e->status
	                        : APP_ENOTFOUND;
}

static const char *met_key(enum criteria_met m)
{
	return m == CRITERIA_YES ? "yes" : m == CRITERIA_NO ? "no" : "unknown";
}

static json_t *missing_json(const struct criteria_missing *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:i}", "key", m[i].key, "label",
		                                   m[i].label, "year", m[i].year));
	return a;
}

static json_t *result_json(const char *name, const struct criteria_result *r)
{
	json_t *reqs = json_array();
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct criteria_req *q = &r->reqs[i];
		json_array_append_new(
		    reqs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "name", q->name, "label",
		                    q->label, "met", met_key(q->met), "actual", q->actual,
		                    "threshold", q->threshold, "gap", q->gap, "missing",
		                    missing_json(q->missing, q->nmissing)));
	}
	return json_pack("{s:b, s:s, s:s, s:s, s:i, s:f, s:f, s:f, s:o, s:o}", "available", 1,
	                 "criteria", name, "verdict", criteria_verdict_key(r->verdict),
	                 "verdict_label", criteria_verdict_label(r->verdict), "year", r->year,
	                 "score", r->score, "score_hi", r->score_hi, "score_max", r->score_max,
	                 "requirements", reqs, "missing", missing_json(r->missing, r->nmissing));
}

enum app_status assess_firm(const char *name, const struct enterprise *ent,
                            const struct annual *rows, size_t nrows, int year, enum size_class size,
                            bool rereview, struct assess_result *out, struct app_err *e)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	const struct criteria *c = load(name ? name : "", e);
	if (!c)
		return e && e->status ? e->status : APP_ENOTFOUND;
	struct criteria_firm f = {ent, rows, nrows, size, rereview ? 1 : 0};
	struct criteria_result r;
	memset(&r, 0, sizeof r);
	enum app_status st = criteria_eval(c, &f, year, &r);
	if (st != APP_OK) {
		criteria_result_free(&r);
		return app_err_set(e, st, "按 %s 评价失败", name);
	}
	out->available = true;
	const char *v = criteria_verdict_key(r.verdict), *vl = criteria_verdict_label(r.verdict);
	str_copy(out->verdict, sizeof out->verdict, v, strlen(v));
	str_copy(out->verdict_label, sizeof out->verdict_label, vl, strlen(vl));
	out->score = r.score;
	out->score_max = r.score_max;
	json_t *j = result_json(name, &r);
	out->json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(j);
	struct buf b;
	buf_init(&b, ASSESS_TEXT_MAX);
	/* without the firm's name: the worksheet is also shown to blind reviewers;
	 * a worksheet cut at the limit is still useful */
	criteria_explain(c, &r, NULL, &b);
	out->text = buf_steal(&b);
	criteria_result_free(&r);
	return APP_OK;
}

#endif /* ASSESS_ENGINE */
