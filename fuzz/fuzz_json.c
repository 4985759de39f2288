/* fuzz_json.c - request-body JSON parsing (http/json.c) and the problem
 * body rendered for its errors (http/reply.c).
 *
 * Oracles: a document js_parse accepts is never nested deeper than
 * MAX_JSON_DEPTH (the bracket pre-scan must not undercount); serialising
 * it is a fixed point after one round trip; the typed getters never
 * crash on any member; a refused body gets a problem that is valid JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/str.h"
#include "http/json.h"
#include "http/reply.h"

static int depth_of(const json_t *v)
{
	int max = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach((json_t *)v, k, m)
		{
			int d = depth_of(m);
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			int d = depth_of(json_array_get(v, i));
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	return 0;
}

/* Calls every getter on every member, descending into containers. */
static void walk(const struct js_at *at, int budget)
{
	struct app_err err;
	if (budget <= 0)
		return;
	if (json_is_object(at->v)) {
		const char *k;
		json_t *m;
		static const char *const none[] = {NULL};
		js_check_keys(at, none, &err);
		json_object_foreach((json_t *)at->v, k, m)
		{
			const char *s = NULL;
			int64_t i = 0;
			bool b = false;
			struct js_at sub;
			js_get_str(at, k, JS_REQUIRED, 8, &s, &err);
			js_get_i64(at, k, JS_OPTIONAL, -5, 5, &i, &err);
			js_get_bool(at, k, JS_REQUIRED, &b, &err);
			js_get_array(at, k, JS_OPTIONAL, 3, &sub, &err);
			if (js_get_object(at, k, JS_REQUIRED, &sub, &err) == APP_OK && sub.v)
				walk(&sub, budget - 1);
			else if (js_member(at, k, JS_OPTIONAL, &sub, &err) == APP_OK && sub.v)
				walk(&sub, budget - 1);
		}
	} else if (json_is_array(at->v)) {
		for (size_t n = 0; n < json_array_size(at->v) && n < 16; n++) {
			struct js_at el;
			js_index(at, n, &el);
			walk(&el, budget - 1);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	if (!init) {
		js_init();
		init = true;
	}
	const char *text = (const char *)data;
	struct app_err err = {0};
	json_t *doc = NULL;
	if (js_parse(text, size, &doc, &err) == APP_OK) {
		if (depth_of(doc) > MAX_JSON_DEPTH)
			abort();
		struct js_at root;
		js_root(doc, &root);
		walk(&root, MAX_JSON_DEPTH + 1);
		/* Serialising is a fixed point after one round: dump, parse,
		 * dump again gives the same bytes (reals print with 15 digits,
		 * which survive a trip through double). */
		struct buf out, out2;
		buf_init(&out, 16 * size + 64);
		buf_init(&out2, 16 * size + 64);
		if (js_dump(doc, &out) != APP_OK)
			abort();
		json_t *again = NULL;
		if (js_parse(out.p, out.len, &again, &err) != APP_OK ||
		    js_dump(again, &out2) != APP_OK)
			abort();
		if (out.len != out2.len || memcmp(out.p, out2.p, out.len) != 0)
			abort();
		if (json_typeof(again) != json_typeof(doc))
			abort();
		json_decref(again);
		buf_free(&out);
		buf_free(&out2);
		json_decref(doc);
		return 0;
	}
	if (!utf8_valid(err.msg, strlen(err.msg)))
		abort();
	/* The problem body for this error must itself be valid JSON. */
	struct arena a;
	arena_init(&a);
	struct http_req req;
	struct http_resp resp;
	http_req_init(&req, &a);
	http_resp_init(&resp, &a);
	char *field = xstrndup(text, size > 40 ? 40 : size); /* arbitrary bytes as a field */
	app_err_field(&err, field);
	free(field);
	reply_error(&req, &resp, err.status ? err.status : APP_EINVAL, &err);
	json_t *p = json_loadb(resp.body.p ? resp.body.p : "", resp.body.len, 0, NULL);
	if (!p)
		abort();
	json_decref(p);
	http_resp_clear(&resp);
	arena_clear(&a);
	return 0;
}
