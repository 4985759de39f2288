/* fuzz_router.c - request-target decoding, route matching, cookie lookup,
 * Accept-Encoding parsing and access-log escaping (http/http.c,
 * http/router.c, http/static.c, http/accesslog.c).
 *
 * Oracles: an accepted target has only valid UTF-8 segments with no '/',
 * NUL, "." or ".."; matched routes bind non-empty parameters; a 405 names
 * the allowed methods; the access-log escaping of any bytes is valid JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/str.h"
#include "http/accesslog.h"
#include "http/http.h"
#include "http/router.h"
#include "http/static.h"

static enum app_status h(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	(void)resp;
	(void)err;
	return APP_OK;
}

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/enterprises", h, PERM_READ, "list", 0},
    {HTTP_POST, "/api/v1/enterprises", h, PERM_WRITE_ENTERPRISE, "create", 0},
    {HTTP_GET, "/api/v1/enterprises/:uscc", h, PERM_READ, "get", 0},
    {HTTP_PUT, "/api/v1/enterprises/:uscc", h, PERM_WRITE_ENTERPRISE, "put", 0},
    {HTTP_GET, "/api/v1/enterprises/export", h, PERM_READ, "export", 0},
    {HTTP_GET, "/api/v1/enterprises/:uscc/annual/:year", h, PERM_READ, "annual", 0},
    {HTTP_GET, "/api/v1/:kind/summary", h, PERM_READ, "summary", 0},
    {HTTP_DELETE, "/api/v1/sessions/:id", h, PERM_SIGNED_IN, "signout", 0},
    {HTTP_GET, "/", h, PERM_PUBLIC, "root", 0},
};

static void check_target(struct arena *a, struct router *r, const char *target)
{
	struct http_target t;
	struct app_err err = {0};
	if (http_parse_target(a, target, &t, &err) != APP_OK) {
		if (!err.msg[0] || !utf8_valid(err.msg, strlen(err.msg)))
			abort();
		return;
	}
	if (t.n_segs > MAX_PATH_SEGMENTS || t.n_query > MAX_QUERY_PARAMS)
		abort();
	for (size_t i = 0; i < t.n_segs; i++) {
		const char *s = t.segs[i];
		if (strchr(s, '/') || !strcmp(s, ".") || !strcmp(s, "..") ||
		    !utf8_valid(s, strlen(s)))
			abort();
	}
	for (size_t i = 0; i < t.n_query; i++)
		if (!utf8_valid(t.query[i].name, strlen(t.query[i].name)) ||
		    !utf8_valid(t.query[i].value, strlen(t.query[i].value)))
			abort();
	for (int m = 0; m < HTTP_METHOD_COUNT; m++) {
		struct router_match match;
		enum router_result res =
		    router_match(r, (enum http_method)m, t.segs, t.n_segs, &match);
		if (res == ROUTER_FOUND) {
			for (size_t k = 0; k < match.n_params; k++)
				if (!match.params[k].value[0])
					abort();
		} else if (res == ROUTER_METHOD_NOT_ALLOWED && !match.allow[0]) {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct router *r;
	if (!r) {
		struct http_route_table tab = {routes, sizeof routes / sizeof routes[0]};
		if (router_new(&tab, 1, &r, NULL) != APP_OK)
			abort();
	}
	char *s = xstrndup((const char *)data, size); /* stops at an embedded NUL */
	struct arena a;
	arena_init(&a);
	check_target(&a, r, s);

	const char *v;
	size_t n;
	if (http_cookie_find(s, "sid", &v, &n) && (v < s || v + n > s + strlen(s)))
		abort();
	static_accepts_gzip(s);
	static_content_type(s);

	struct buf out;
	buf_init(&out, 8 * size + 16);
	if (accesslog_json_string(&out, s) != APP_OK)
		abort();
	json_t *j = json_loadb(out.p, out.len, JSON_DECODE_ANY, NULL);
	if (!j)
		abort();
	json_decref(j);
	buf_free(&out);
	arena_clear(&a);
	free(s);
	return 0;
}
