/* t_http_parts.c - the http/ pieces without sockets: target decoding,
 * cookies, the router, JSON helpers, problem replies, metrics text, access
 * log lines and static-file helpers. Also shows a handler called directly. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "http/accesslog.h"
#include "http/http.h"
#include "http/json.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/static.h"
#include "test.h"

/* ---- target decoding ---- */

static void test_target(void)
{
	static const struct {
		const char *in;
		enum app_status status;
		const char *segs;  /* segments joined with '|' */
		const char *query; /* name=value pairs joined with '|' */
	} cases[] = {
	    {"/", APP_OK, "", ""},
	    {"/a", APP_OK, "a", ""},
	    {"/a/b", APP_OK, "a|b", ""},
	    {"/a/", APP_OK, "a|", ""},
	    {"/a//b", APP_OK, "a||b", ""},
	    {"/a%20b/%E9%87%8D%E5%BA%86", APP_OK, "a b|重庆", ""},
	    {"/a+b", APP_OK, "a+b", ""},
	    {"/x?a=1&b=two+words&c=%26%3D", APP_OK, "x", "a=1|b=two words|c=&="},
	    {"/x?flag&&=v&e=", APP_OK, "x", "flag=|=v|e="},
	    {"/x?", APP_OK, "x", ""},
	    {"/x?q=%E4%B8%93%E7%B2%BE", APP_OK, "x", "q=专精"},
	    {"/x?a=1?b=2", APP_OK, "x", "a=1?b=2"},
	    {"", APP_EINVAL, NULL, NULL},
	    {"a/b", APP_EINVAL, NULL, NULL},
	    {"*", APP_EINVAL, NULL, NULL},
	    {"http://h/a", APP_EINVAL, NULL, NULL},
	    {"/a b", APP_EINVAL, NULL, NULL},
	    {"/a#frag", APP_EINVAL, NULL, NULL},
	    {"/a\x7f", APP_EINVAL, NULL, NULL},
	    {"/\xe9\x87\x8d", APP_EINVAL, NULL, NULL},
	    {"/%", APP_EINVAL, NULL, NULL},
	    {"/%4", APP_EINVAL, NULL, NULL},
	    {"/%4g", APP_EINVAL, NULL, NULL},
	    {"/%00", APP_EINVAL, NULL, NULL},
	    {"/a%2Fb", APP_EINVAL, NULL, NULL},
	    {"/a%2fb", APP_EINVAL, NULL, NULL},
	    {"/..", APP_EINVAL, NULL, NULL},
	    {"/a/../b", APP_EINVAL, NULL, NULL},
	    {"/.", APP_EINVAL, NULL, NULL},
	    {"/%2e%2E", APP_EINVAL, NULL, NULL},
	    {"/%2e", APP_EINVAL, NULL, NULL},
	    {"/...", APP_OK, "...", ""},
	    {"/.hidden", APP_OK, ".hidden", ""},
	    {"/%FF", APP_EINVAL, NULL, NULL},
	    {"/%C0%AE", APP_EINVAL, NULL, NULL},
	    {"/x?a=%00", APP_EINVAL, NULL, NULL},
	    {"/x?a=%ZZ", APP_EINVAL, NULL, NULL},
	    {"/x?%FF=1", APP_EINVAL, NULL, NULL},
	    {"/x?a=%2F", APP_OK, "x", "a=/"},
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_target t;
		struct app_err err = {0};
		enum app_status s = http_parse_target(&a, cases[i].in, &t, &err);
		if (s != cases[i].status) {
			ok(false, "target \"%s\": status %d, want %d (%s)", cases[i].in, s,
			   cases[i].status, err.msg);
			continue;
		}
		if (s != APP_OK) {
			ok(err.msg[0] != '\0', "target \"%s\" refused: %s", cases[i].in, err.msg);
			continue;
		}
		char segs[256] = "", query[256] = "";
		for (size_t k = 0; k < t.n_segs; k++)
			snprintf(segs + strlen(segs), sizeof segs - strlen(segs), "%s%s",
			         k ? "|" : "", t.segs[k]);
		for (size_t k = 0; k < t.n_query; k++)
			snprintf(query + strlen(query), sizeof query - strlen(query), "%s%s=%s",
			         k ? "|" : "", t.query[k].name, t.query[k].value);
		ok(strcmp(segs, cases[i].segs) == 0 && strcmp(query, cases[i].query) == 0,
		   "target \"%s\" -> [%s] [%s]", cases[i].in, segs, query);
	}

	/* Limits, both sides. */
	char path[MAX_URI_BYTES + 2];
	struct http_target t;
	struct app_err err = {0};
	memset(path, 'a', sizeof path);
	path[0] = '/';
	path[MAX_URI_BYTES] = '\0';
	is_int(http_parse_target(&a, path, &t, &err), APP_OK, "target of MAX_URI_BYTES accepted");
	path[MAX_URI_BYTES] = 'a';
	path[MAX_URI_BYTES + 1] = '\0';
	is_int(http_parse_target(&a, path, &t, &err), APP_ETOOLARGE, "one byte more: too large");
	char segs[4 * MAX_PATH_SEGMENTS + 4] = "";
	for (int i = 0; i < MAX_PATH_SEGMENTS; i++)
		strncat(segs, "/s", sizeof segs - strlen(segs) - 1);
	is_int(http_parse_target(&a, segs, &t, &err), APP_OK, "MAX_PATH_SEGMENTS segments");
	strncat(segs, "/s", sizeof segs - strlen(segs) - 1);
	is_int(http_parse_target(&a, segs, &t, &err), APP_ETOOLARGE, "one segment more");
	char q[8 * MAX_QUERY_PARAMS + 8] = "/x?";
	for (int i = 0; i < MAX_QUERY_PARAMS; i++)
		strncat(q, "a=1&", sizeof q - strlen(q) - 1);
	is_int(http_parse_target(&a, q, &t, &err), APP_OK, "MAX_QUERY_PARAMS parameters");
	strncat(q, "b=2", sizeof q - strlen(q) - 1);
	is_int(http_parse_target(&a, q, &t, &err), APP_ETOOLARGE, "one parameter more");
	arena_clear(&a);
}

static void test_cookies_and_lookups(void)
{
	static const struct {
		const char *header, *name, *want;
	} cases[] = {
	    {"sid=abc", "sid", "abc"},
	    {"a=1; sid=abc; b=2", "sid", "abc"},
	    {"a=1;sid=abc", "sid", "abc"},
	    {"  sid = abc  ", "sid", "abc"},
	    {"sid=\"quoted\"", "sid", "quoted"},
	    {"sid=", "sid", ""},
	    {"SID=abc", "sid", NULL},
	    {"xsid=abc", "sid", NULL},
	    {"sidx=abc", "sid", NULL},
	    {"sid", "sid", NULL},
	    {"a=1; a=2", "a", "1"},
	    {";;; sid=v;;", "sid", "v"},
	    {"", "sid", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *v = NULL;
		size_t n = 0;
		bool found = http_cookie_find(cases[i].header, cases[i].name, &v, &n);
		if (!cases[i].want)
			ok(!found, "cookie %s absent in \"%s\"", cases[i].name, cases[i].header);
		else
			ok(found && n == strlen(cases[i].want) && memcmp(v, cases[i].want, n) == 0,
			   "cookie %s in \"%s\" = \"%s\"", cases[i].name, cases[i].header,
			   cases[i].want);
	}
	struct arena a;
	arena_init(&a);
	struct http_req req;
	http_req_init(&req, &a);
	struct http_kv headers[] = {
	    {"content-type", "application/json"}, {"Cookie", "a=1"}, {"cookie", "sid=s2"}};
	req.headers = headers;
	req.n_headers = 3;
	is_str(http_req_header(&req, "Content-Type"), "application/json",
	       "header names ignore case");
	ok(http_req_header(&req, "X-Missing") == NULL, "absent header: NULL");
	is_str(http_req_cookie(&req, "sid"), "s2", "cookie from a second Cookie header");
	is_int(http_method_parse("GET"), HTTP_GET, "GET");
	is_int(http_method_parse("get"), HTTP_OTHER, "methods are case-sensitive");
	is_int(http_method_parse("BREW"), HTTP_OTHER, "unknown method");
	is_str(http_method_name(HTTP_PATCH), "PATCH", "method name");
	arena_clear(&a);
}

/* ---- router ---- */

static enum app_status h_dummy(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	(void)resp;
	(void)err;
	return APP_OK;
}

static const struct http_route api[] = {
    {HTTP_GET, "/api/v1/enterprises", h_dummy, PERM_READ, "ent_list", 0},
    {HTTP_POST, "/api/v1/enterprises", h_dummy, PERM_WRITE_ENTERPRISE, "ent_create", 0},
    {HTTP_GET, "/api/v1/enterprises/:uscc", h_dummy, PERM_READ, "ent_get", 0},
    {HTTP_PUT, "/api/v1/enterprises/:uscc", h_dummy, PERM_WRITE_ENTERPRISE, "ent_put", 0},
    {HTTP_GET, "/api/v1/enterprises/export", h_dummy, PERM_READ, "ent_export", 0},
    {HTTP_GET, "/api/v1/enterprises/:uscc/annual/:year", h_dummy, PERM_READ, "annual_get", 0},
    {HTTP_PUT, "/api/v1/enterprises/:uscc/annual/:year", h_dummy, PERM_WRITE_ENTERPRISE,
     "annual_put", 0},
    {HTTP_GET, "/api/v1/:kind/summary", h_dummy, PERM_READ, "kind_summary", 0},
    {HTTP_GET, "/", h_dummy, PERM_PUBLIC, "root", 0},
    {HTTP_HEAD, "/ping", h_dummy, PERM_PUBLIC, "ping_head", 0},
    {HTTP_GET, "/ping", h_dummy, PERM_PUBLIC, "ping_get", 0},
};

static void test_router(void)
{
	struct router *r = NULL;
	struct app_err err = {0};
	struct http_route_table tab = {api, sizeof api / sizeof api[0]};
	is_int(router_new(&tab, 1, &r, &err), APP_OK, "route table compiles");
	is_int(router_count(r), 11, "11 routes");
	static const struct {
		enum http_method m;
		const char *path;
		enum router_result res;
		const char *name;  /* FOUND: route; 405: Allow */
		const char *param; /* "name=value,..." */
	} cases[] = {
	    {HTTP_GET, "/api/v1/enterprises", ROUTER_FOUND, "ent_list", ""},
	    {HTTP_POST, "/api/v1/enterprises", ROUTER_FOUND, "ent_create", ""},
	    {HTTP_GET, "/api/v1/enterprises/91500000MA5U123456", ROUTER_FOUND, "ent_get",
	     "uscc=91500000MA5U123456"},
	    {HTTP_GET, "/api/v1/enterprises/export", ROUTER_FOUND, "ent_export", ""},
	    {HTTP_PUT, "/api/v1/enterprises/export", ROUTER_FOUND, "ent_put", "uscc=export"},
	    {HTTP_GET, "/api/v1/enterprises/X/annual/2024", ROUTER_FOUND, "annual_get",
	     "uscc=X,year=2024"},
	    {HTTP_GET, "/api/v1/enterprises/summary", ROUTER_FOUND, "ent_get", "uscc=summary"},
	    {HTTP_GET, "/api/v1/districts/summary", ROUTER_FOUND, "kind_summary", "kind=districts"},
	    {HTTP_HEAD, "/api/v1/enterprises/X", ROUTER_FOUND, "ent_get", "uscc=X"},
	    {HTTP_HEAD, "/ping", ROUTER_FOUND, "ping_head", ""},
	    {HTTP_GET, "/", ROUTER_FOUND, "root", ""},
	    {HTTP_DELETE, "/api/v1/enterprises/X", ROUTER_METHOD_NOT_ALLOWED, "GET, HEAD, PUT", ""},
	    {HTTP_PATCH, "/api/v1/enterprises", ROUTER_METHOD_NOT_ALLOWED, "GET, HEAD, POST", ""},
	    {HTTP_POST, "/ping", ROUTER_METHOD_NOT_ALLOWED, "GET, HEAD", ""},
	    {HTTP_OTHER, "/", ROUTER_METHOD_NOT_ALLOWED, "GET, HEAD", ""},
	    {HTTP_GET, "/api/v1/enterprises/X/annual", ROUTER_NOT_FOUND, NULL, ""},
	    {HTTP_GET, "/api/v1/enterprises//annual/2024", ROUTER_NOT_FOUND, NULL, ""},
	    {HTTP_GET, "/api/v1/enterprises/", ROUTER_NOT_FOUND, NULL, ""},
	    {HTTP_GET, "/api/v2/enterprises", ROUTER_NOT_FOUND, NULL, ""},
	    {HTTP_GET, "/API/v1/enterprises", ROUTER_NOT_FOUND, NULL, ""},
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_target t;
		http_parse_target(&a, cases[i].path, &t, &err);
		struct router_match m;
		enum router_result res = router_match(r, cases[i].m, t.segs, t.n_segs, &m);
		char params[128] = "";
		for (size_t k = 0; k < m.n_params; k++)
			snprintf(params + strlen(params), sizeof params - strlen(params), "%s%s=%s",
			         k ? "," : "", m.params[k].name, m.params[k].value);
		bool good = res == cases[i].res;
		if (good && res == ROUTER_FOUND)
			good = strcmp(m.route->name, cases[i].name) == 0 &&
			       strcmp(params, cases[i].param) == 0 &&
			       router_route(r, m.index) == m.route;
		if (good && res == ROUTER_METHOD_NOT_ALLOWED)
			good = strcmp(m.allow, cases[i].name) == 0;
		ok(good, "%s %s -> %d %s %s", http_method_name(cases[i].m), cases[i].path, res,
		   res == ROUTER_FOUND ? m.route->name : m.allow, params);
	}
	arena_clear(&a);
	router_free(r);

	static const struct {
		struct http_route route;
		const char *why;
	} bad[] = {
	    {{HTTP_GET, "nope", h_dummy, PERM_READ, "a", 0}, "pattern without /"},
	    {{HTTP_GET, "/a", NULL, PERM_READ, "a", 0}, "no handler"},
	    {{HTTP_GET, "/a", h_dummy, PERM_READ, "Bad-Name", 0}, "bad name"},
	    {{HTTP_GET, "/a", h_dummy, PERM_READ, NULL, 0}, "no name"},
	    {{HTTP_GET, "/a/:", h_dummy, PERM_READ, "a", 0}, "empty param name"},
	    {{HTTP_GET, "/a/:X", h_dummy, PERM_READ, "a", 0}, "upper-case param name"},
	    {{HTTP_GET, "/a//b", h_dummy, PERM_READ, "a", 0}, "empty literal segment"},
	    {{HTTP_GET, "/a/b:c", h_dummy, PERM_READ, "a", 0}, "colon inside a literal"},
	    {{HTTP_OTHER, "/a", h_dummy, PERM_READ, "a", 0}, "method OTHER"},
	    {{HTTP_GET, "/a", h_dummy, PERM_COUNT, "a", 0}, "bad permission"},
	    {{HTTP_GET, "/:a/:b/:c/:d/:e/:f/:g/:h/:i", h_dummy, PERM_READ, "a", 0}, "9 params"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_route_table one = {&bad[i].route, 1};
		struct router *rr = NULL;
		ok(router_new(&one, 1, &rr, &err) == APP_EINVAL && rr == NULL, "refused: %s (%s)",
		   bad[i].why, err.msg);
	}
	static const struct http_route clash[] = {
	    {HTTP_GET, "/a/:x", h_dummy, PERM_READ, "first", 0},
	    {HTTP_GET, "/a/:y", h_dummy, PERM_READ, "second", 0},
	};
	struct http_route_table ct = {clash, 2};
	ok(router_new(&ct, 1, &r, &err) == APP_EINVAL && strstr(err.msg, "second"),
	   "same method and path shape refused: %s", err.msg);
	static const struct http_route dupname[] = {
	    {HTTP_GET, "/a", h_dummy, PERM_READ, "same", 0},
	    {HTTP_POST, "/a", h_dummy, PERM_READ, "same", 0},
	};
	struct http_route_table dt = {dupname, 2};
	ok(router_new(&dt, 1, &r, &err) == APP_EINVAL, "duplicate name refused");
	static const struct http_route eight[] = {
	    {HTTP_GET, "/:a/:b/:c/:d/:e/:f/:g/:h", h_dummy, PERM_READ, "eight", 0},
	};
	struct http_route_table et = {eight, 1};
	ok(router_new(&et, 1, &r, &err) == APP_OK, "MAX_ROUTE_PARAMS params accepted");
	router_free(r);
	is_str(router_perm_name(PERM_WRITE_ENTERPRISE), "write_enterprise", "permission names");
	is_str(router_perm_name(PERM_COUNT), "?", "out of range permission");
}

/* ---- JSON ---- */

static void test_json(void)
{
	static const struct {
		const char *text;
		int depth;
	} depths[] = {
	    {"", 0},          {"1", 0},
	    {"[]", 1},        {"{\"a\":[{}]}", 3},
	    {"\"[[[[\"", 0},  {"[\"]\\\"[\"]", 1},
	    {"]]]]", 0},      {"[[]][[]]", 2},
	    {"\"\\\\\"[", 1},
	};
	for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++)
		is_int(js_depth(depths[i].text, strlen(depths[i].text), 100), depths[i].depth,
		       depths[i].text);

	struct app_err err = {0};
	json_t *doc = NULL;
	char deep[2 * MAX_JSON_DEPTH + 4];
	size_t n = 0;
	for (int i = 0; i < MAX_JSON_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i < MAX_JSON_DEPTH; i++)
		deep[n++] = ']';
	is_int(js_parse(deep, n, &doc, &err), APP_OK, "nesting of MAX_JSON_DEPTH parses");
	json_decref(doc);
	memmove(deep + 1, deep, n);
	deep[0] = '[';
	deep[n + 1] = ']';
	is_int(js_parse(deep, n + 2, &doc, &err), APP_EINVAL, "one level more refused");
	ok(strstr(err.msg, "嵌套超过 32 层") != NULL, "depth message: %s", err.msg);

	static const struct {
		const char *text, *msg_part;
	} bad[] = {
	    {"", "请求体为空"},
	    {"{", "内容不完整"},
	    {"{\"a\":1}x", "多余内容"},
	    {"{\"a\":1,\"a\":2}", "重复的字段名"},
	    {"{\"a\":\"\\u0000\"}", "NUL"},
	    {"{\"a\":\"\xC0\xAF\"}", "UTF-8"},
	    {"{\"a\":99999999999999999999}", "数值超出范围"},
	    {"{a:1}", "第 1 行"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		ok(js_parse(bad[i].text, strlen(bad[i].text), &doc, &err) == APP_EINVAL &&
		       strstr(err.msg, bad[i].msg_part) && doc == NULL,
		   "bad JSON %zu: %s", i, err.msg);
	}

	const char *text = "{\"name\":\"重庆某某科技\",\"n\":42,\"big\":9007199254740993,"
	                   "\"r\":1.5,\"b\":true,\"nul\":null,\"arr\":[1,\"x\"],"
	                   "\"o\":{\"a/b\":{\"~k\":1}}}";
	is_int(js_parse(text, strlen(text), &doc, &err), APP_OK, "document parses");
	struct js_at root, o, ab, arr, el;
	js_root(doc, &root);
	const char *s = NULL;
	int64_t v = -1;
	bool b = false;
	is_int(js_get_str(&root, "name", JS_REQUIRED, 6, &s, &err), APP_OK, "string of 6 chars");
	is_str(s, "重庆某某科技", "string value");
	is_int(js_get_str(&root, "name", JS_REQUIRED, 5, &s, &err), APP_EINVAL, "limit 5: refused");
	is_str(err.field, "/name", "field pointer");
	is_str(err.msg, "长度不得超过 5 个字符", "length message");
	is_int(js_get_i64(&root, "n", JS_REQUIRED, 0, 42, &v, &err), APP_OK, "int at max");
	is_int(v, 42, "int value");
	is_int(js_get_i64(&root, "n", JS_REQUIRED, 43, 100, &v, &err), APP_EINVAL, "int below min");
	is_str(err.msg, "应在 43 到 100 之间", "range message");
	is_int(js_get_i64(&root, "big", JS_REQUIRED, 0, INT64_MAX, &v, &err), APP_OK, "big int");
	is_int(v, 9007199254740993LL, "2^53+1 kept exact");
	is_int(js_get_i64(&root, "r", JS_REQUIRED, 0, 10, &v, &err), APP_EINVAL, "real for int");
	is_str(err.msg, "应为整数", "real: 应为整数");
	is_int(js_get_i64(&root, "name", JS_REQUIRED, 0, 10, &v, &err), APP_EINVAL, "str for int");
	is_str(err.msg, "应为数字", "string: 应为数字");
	is_int(js_get_bool(&root, "b", JS_REQUIRED, &b, &err), APP_OK, "bool");
	ok(b, "bool value");
	is_int(js_get_bool(&root, "n", JS_REQUIRED, &b, &err), APP_EINVAL, "int for bool");
	v = 7;
	is_int(js_get_i64(&root, "missing", JS_OPTIONAL, 0, 10, &v, &err), APP_OK,
	       "optional absent");
	is_int(v, 7, "optional absent leaves the default");
	is_int(js_get_i64(&root, "nul", JS_OPTIONAL, 0, 10, &v, &err), APP_OK, "null as absent");
	is_int(js_get_i64(&root, "nul", JS_REQUIRED, 0, 10, &v, &err), APP_EINVAL, "required null");
	is_str(err.msg, "缺少必填字段", "missing message");
	is_str(err.field, "/nul", "missing field pointer");
	is_int(js_get_array(&root, "arr", JS_REQUIRED, 2, &arr, &err), APP_OK, "array of 2, max 2");
	is_int(js_get_array(&root, "arr", JS_REQUIRED, 1, &arr, &err), APP_ETOOLARGE, "max 1");
	js_get_array(&root, "arr", JS_REQUIRED, 2, &arr, &err);
	js_index(&arr, 1, &el);
	is_str(el.ptr, "/arr/1", "array element pointer");
	is_int(js_get_object(&root, "o", JS_REQUIRED, &o, &err), APP_OK, "object");
	is_int(js_get_object(&o, "a/b", JS_REQUIRED, &ab, &err), APP_OK, "nested object");
	is_int(js_get_str(&ab, "~k", JS_REQUIRED, 0, &s, &err), APP_EINVAL, "wrong type deep");
	is_str(err.field, "/o/a~1b/~0k", "pointer escapes / and ~ (RFC 6901)");
	is_int(js_get_object(&root, "n", JS_REQUIRED, &o, &err), APP_EINVAL, "int for object");
	is_str(err.msg, "应为对象", "object message");
	js_get_array(&root, "arr", JS_REQUIRED, 2, &arr, &err);
	is_int(js_get_i64(&arr, "x", JS_REQUIRED, 0, 1, &v, &err), APP_EINVAL, "getter on array");
	is_str(err.field, "/arr", "error at the array's pointer");

	static const char *const allowed[] = {"name", "n",   "big", "r", "b",
	                                      "nul",  "arr", "o",   NULL};
	is_int(js_check_keys(&root, allowed, &err), APP_OK, "all keys known");
	static const char *const fewer[] = {"name", "n", "big", "r", "b", "nul", "arr", NULL};
	is_int(js_check_keys(&root, fewer, &err), APP_EINVAL, "unknown key refused");
	ok(strcmp(err.field, "/o") == 0 && strcmp(err.msg, "未知字段") == 0, "unknown key named");

	struct buf out;
	buf_init(&out, 1 << 16);
	json_t *money = json_pack("{s:I,s:s}", "fen", (json_int_t)2099007115LL, "unit", "分");
	is_int(js_dump(money, &out), APP_OK, "dump");
	is_str(buf_cstr(&out), "{\"fen\":2099007115,\"unit\":\"分\"}", "compact, exact integer");
	buf_reset(&out);
	json_t *reals = json_pack("[f,f,f]", 0.1, 1.0 / 3.0, 87.5);
	js_dump(reals, &out);
	is_str(buf_cstr(&out), "[0.1,0.333333333333333,87.5]", "reals with 15 significant digits");
	json_decref(reals);
	buf_free(&out);
	buf_init(&out, 8);
	is_int(js_dump(money, &out), APP_ETOOLARGE, "dump over the buffer limit");
	buf_free(&out);
	json_decref(money);
	json_decref(doc);
}

/* ---- replies ---- */

static void test_reply(void)
{
	static const struct {
		enum app_status s;
		int http;
	} map[] = {
	    {APP_OK, 200},        {APP_EINVAL, 400},    {APP_EAUTH, 401},     {APP_EPERM, 403},
	    {APP_ENOTFOUND, 404}, {APP_ECONFLICT, 409}, {APP_ETOOLARGE, 413}, {APP_ETHROTTLED, 429},
	    {APP_EDB, 500},       {APP_EIO, 500},       {APP_EINTERNAL, 500}, {APP_ENOTSUP, 501},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		is_int(reply_http_status(map[i].s), map[i].http, app_status_str(map[i].s));
	ok(sizeof map / sizeof map[0] == APP_STATUS_COUNT, "every status is in the table test");
	is_int(reply_http_status((enum app_status)999), 500, "unknown status: 500");

	struct arena a;
	arena_init(&a);
	struct http_req req;
	struct http_resp resp;
	http_req_init(&req, &a);
	snprintf(req.id, sizeof req.id, "rid-1");
	http_resp_init(&resp, &a);
	struct app_err err = {0};
	app_err_field(&err, "/figures/revenue");
	app_err_set(&err, APP_EINVAL, "应为数字");
	reply_error(&req, &resp, APP_EINVAL, &err);
	is_int(resp.status, 400, "problem status");
	is_str(resp.content_type, "application/problem+json", "problem content type");
	is_str(buf_cstr(&resp.body),
	       "{\"type\":\"urn:zjtx:problem:invalid\",\"title\":\"请求内容有误\",\"status\":400,"
	       "\"detail\":\"/figures/revenue: 应为数字\",\"instance\":\"rid-1\",\"errors\":"
	       "[{\"field\":\"/figures/revenue\",\"message\":\"应为数字\"}]}",
	       "RFC 9457 body with field errors");
	http_resp_clear(&resp);

	http_resp_init(&resp, &a);
	app_err_clear(&err);
	app_err_set(&err, APP_EINTERNAL, "pointer was NULL in foo.c");
	reply_error(&req, &resp, APP_EINTERNAL, &err);
	ok(resp.status == 500 && !strstr(buf_cstr(&resp.body), "foo.c") &&
	       strstr(buf_cstr(&resp.body), "rid-1"),
	   "500: generic detail with the request id, no internals");
	http_resp_clear(&resp);

	http_resp_init(&resp, &a);
	app_err_clear(&err);
	app_err_set(&err, APP_ETHROTTLED, "请 300 秒后再试");
	http_resp_header(&resp, "Retry-After", "300");
	reply_error(&req, &resp, APP_ETHROTTLED, &err);
	ok(resp.status == 429 && strstr(buf_cstr(&resp.body), "请 300 秒后再试") &&
	       strcmp(http_resp_get_header(&resp, "Retry-After"), "300") == 0,
	   "429 keeps headers set before");
	http_resp_clear(&resp);

	/* A message cut inside a UTF-8 character still renders. */
	http_resp_init(&resp, &a);
	app_err_clear(&err);
	char cut[] = "重庆\xE5\xB8";
	app_err_set(&err, APP_EINVAL, "%s", cut);
	reply_error(&req, &resp, APP_EINVAL, &err);
	ok(strstr(buf_cstr(&resp.body), "\"detail\":\"重庆\""), "cut UTF-8 trimmed: %s",
	   buf_cstr(&resp.body));
	http_resp_clear(&resp);

	http_resp_init(&resp, &a);
	reply_http_error(&req, &resp, 405, NULL);
	is_str(buf_cstr(&resp.body),
	       "{\"type\":\"urn:zjtx:problem:method_not_allowed\",\"title\":\"不允许的请求方法\","
	       "\"status\":405,\"instance\":\"rid-1\"}",
	       "HTTP-level problem without detail");
	http_resp_clear(&resp);
	http_resp_init(&resp, &a);
	reply_http_error(&req, &resp, 418, "teapot");
	ok(resp.status == 418 && strstr(buf_cstr(&resp.body), "urn:zjtx:problem:http_418"),
	   "status outside the table still renders");
	http_resp_clear(&resp);
	arena_clear(&a);
}

/* ---- metrics and access log ---- */

static void test_metrics(void)
{
	const char *names[] = {"a", "b"};
	struct metrics *m = metrics_new(names, 2);
	metrics_observe(m, 0, HTTP_GET, 200, 500);      /* le 0.0005 */
	metrics_observe(m, 0, HTTP_GET, 200, 501);      /* le 0.001 */
	metrics_observe(m, 0, HTTP_POST, 404, 10000);   /* le 0.01 */
	metrics_observe(m, 0, HTTP_GET, 299, 20000000); /* +Inf, status other */
	metrics_observe(m, 9, HTTP_GET, 200, 1);        /* route other */
	metrics_deadline_closed(m, METRICS_HEAD);
	struct buf out;
	buf_init(&out, 1 << 20);
	is_int(metrics_render(m, 3, 4096, &out), APP_OK, "render");
	const char *t = buf_cstr(&out);
	ok(strstr(t, "zjtx_http_requests_total{route=\"a\",method=\"GET\",status=\"200\"} 2\n"),
	   "counter by route, method, status");
	ok(strstr(t, "zjtx_http_requests_total{route=\"a\",method=\"POST\",status=\"404\"} 1\n"),
	   "second series");
	ok(strstr(t, "zjtx_http_requests_total{route=\"a\",method=\"GET\",status=\"other\"} 1\n"),
	   "unusual status counted as other");
	ok(strstr(t, "zjtx_http_requests_total{route=\"other\",method=\"GET\",status=\"200\"} 1\n"),
	   "unknown route counted as other");
	ok(!strstr(t, "route=\"b\""), "routes without traffic are omitted");
	ok(strstr(t, "_bucket{route=\"a\",le=\"0.000500\"} 1\n"), "500 µs falls in le=0.0005");
	ok(strstr(t, "_bucket{route=\"a\",le=\"0.001000\"} 2\n"),
	   "501 µs in le=0.001 (cumulative)");
	ok(strstr(t, "_bucket{route=\"a\",le=\"0.010000\"} 3\n"), "10 ms in le=0.01");
	ok(strstr(t, "_bucket{route=\"a\",le=\"10.000000\"} 3\n"), "20 s not in le=10");
	ok(strstr(t, "_bucket{route=\"a\",le=\"+Inf\"} 4\n"), "+Inf holds all");
	ok(strstr(t, "zjtx_http_request_duration_seconds_sum{route=\"a\"} 20.011001\n"),
	   "sum in seconds, exact");
	ok(strstr(t, "zjtx_http_in_flight 3\n"), "in-flight gauge");
	ok(strstr(t, "zjtx_http_deadline_closed_total{phase=\"head\"} 1\n"), "deadline counter");
	ok(strstr(t, "zjtx_db_size_bytes 4096\n"), "db size gauge");
	buf_reset(&out);
	metrics_render(m, 0, -1, &out);
	ok(!strstr(buf_cstr(&out), "zjtx_db_size_bytes"), "db size omitted when unknown");
	buf_free(&out);
	metrics_free(m);
}

static void test_accesslog(void)
{
	struct accesslog_entry e = {
	    .time_ms = 1732778040123LL, /* 2024-11-28T07:14:00.123Z */
	    .id = "abc-1",
	    .method = "GET",
	    .path = "/a\"b\\c\n\x01\xff重",
	    .route = "r",
	    .status = 200,
	    .bytes = 10,
	    .dur_us = 456,
	    .user = NULL,
	    .ip = "127.0.0.1",
	};
	struct buf out;
	buf_init(&out, 4096);
	is_int(accesslog_format(&e, &out), APP_OK, "format");
	is_str(
	    buf_cstr(&out),
	    "{\"time\":\"2024-11-28T07:14:00.123Z\",\"id\":\"abc-1\",\"method\":\"GET\","
	    "\"path\":\"/a\\\"b\\\\c\\u000a\\u0001\xEF\xBF\xBD重\",\"route\":\"r\",\"status\":200,"
	    "\"bytes\":10,\"dur_us\":456,\"user\":\"\",\"ip\":\"127.0.0.1\"}\n",
	    "one JSON line, escaped, bad byte replaced");
	json_error_t je;
	json_t *j = json_loads(buf_cstr(&out), 0, &je);
	ok(j != NULL, "line parses as JSON");
	json_decref(j);
	buf_free(&out);
}

/* ---- static helpers ---- */

static void test_static_helpers(void)
{
	static const struct {
		const char *v;
		bool gz;
	} enc[] = {
	    {NULL, false},
	    {"", false},
	    {"gzip", true},
	    {"GZIP", true},
	    {"br, gzip", true},
	    {"gzip;q=0", false},
	    {"gzip; q=0.000", false},
	    {"gzip;q=0.001", true},
	    {"gzip;q=1", true},
	    {"x-gzip", true},
	    {"*", true},
	    {"*;q=0", false},
	    {"deflate, br", false},
	    {"gzipx", false},
	    {"br;q=0, gzip ;q=0.5", true},
	};
	for (size_t i = 0; i < sizeof enc / sizeof enc[0]; i++)
		ok(static_accepts_gzip(enc[i].v) == enc[i].gz, "Accept-Encoding \"%s\": %s",
		   enc[i].v ? enc[i].v : "(none)", enc[i].gz ? "gzip" : "identity");
	is_str(static_content_type("index.html"), "text/html; charset=utf-8", "html");
	is_str(static_content_type("assets/app.3f2a.JS"), "text/javascript; charset=utf-8",
	       "extension case ignored");
	is_str(static_content_type("a.woff2"), "font/woff2", "woff2");
	is_str(static_content_type("README"), "application/octet-stream", "no extension");
	is_str(static_content_type("dir.v1/file"), "application/octet-stream", "dot in a dir only");
	struct static_dir *d = NULL;
	struct app_err err = {0};
	is_int(static_dir_open("/nonexistent/zjtx", &d, &err), APP_ENOTFOUND, "missing root");
	is_int(static_dir_open("/etc/hostname", &d, &err), APP_ENOTFOUND, "root not a directory");
}

/* ---- a handler tested without sockets ---- */

static enum app_status h_greet(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	json_t *doc = NULL;
	struct js_at root;
	const char *name = NULL;
	enum app_status s = js_parse_req(req, &doc, err);
	if (s == APP_OK) {
		js_root(doc, &root);
		s = js_get_str(&root, "name", JS_REQUIRED, 20, &name, err);
	}
	if (s == APP_OK)
		s = js_reply(
		    resp, 200,
		    json_pack("{s:s,s:s}", "hello", name, "id", http_req_param(req, "id")));
	json_decref(doc);
	return s;
}

static void test_handler_direct(void)
{
	struct arena a;
	arena_init(&a);
	struct http_req req;
	struct http_resp resp;
	http_req_init(&req, &a);
	http_resp_init(&resp, &a);
	struct http_kv headers[] = {{"Content-Type", "application/json; charset=utf-8"}};
	req.headers = headers;
	req.n_headers = 1;
	req.params[0] = (struct http_kv){"id", "7"};
	req.n_params = 1;
	req.body = "{\"name\":\"渝\"}";
	req.body_len = strlen(req.body);
	struct app_err err = {0};
	is_int(h_greet(&req, &resp, &err), APP_OK, "handler runs without a server");
	is_str(buf_cstr(&resp.body), "{\"hello\":\"渝\",\"id\":\"7\"}", "handler output");
	http_resp_clear(&resp);
	http_resp_init(&resp, &a);
	req.body = "{}";
	req.body_len = 2;
	is_int(h_greet(&req, &resp, &err), APP_EINVAL, "handler error returned");
	reply_error(&req, &resp, APP_EINVAL, &err);
	ok(strstr(buf_cstr(&resp.body), "\"field\":\"/name\""), "and rendered as a problem");
	http_resp_clear(&resp);
	arena_clear(&a);
}

int main(void)
{
	js_init();
	test_target();
	test_cookies_and_lookups();
	test_router();
	test_json();
	test_reply();
	test_metrics();
	test_accesslog();
	test_static_helpers();
	test_handler_direct();
	return test_done();
}
