/* t_http.c - the HTTP server end to end: an in-process server on
 * 127.0.0.1:0 with test routes, spoken to over raw sockets. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "http/json.h"
#include "http/server.h"
#include "test.h"

/* ---- a tiny HTTP/1.1 client ---- */

struct client {
	int fd;
	char buf[1 << 17];
	size_t len; /* bytes received and not yet consumed */
};

struct resp {
	int status;
	char head[8192]; /* status line and headers */
	char *body;      /* NUL-terminated, malloc'd */
	size_t body_len;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static bool cl_open(struct client *c, uint16_t port)
{
	c->len = 0;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {5, 0};
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(c->fd);
		c->fd = -1;
		return false;
	}
	return true;
}

static void cl_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static bool cl_send(struct client *c, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Receives more bytes; false on EOF, error or timeout. */
static bool cl_fill(struct client *c)
{
	if (c->len == sizeof c->buf)
		return false;
	ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
	if (r <= 0)
		return false;
	c->len += (size_t)r;
	return true;
}

static const char *find_header(const char *head, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *p = strstr(head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;
		if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			const char *e = strstr(v, "\r\n");
			size_t vn = e ? (size_t)(e - v) : strlen(v);
			if (vn >= n)
				vn = n - 1;
			memcpy(out, v, vn);
			out[vn] = '\0';
			return out;
		}
	}
	return NULL;
}

/* Reads one response. no_body: a HEAD request (Content-Length is not
 * followed by a body). */
static bool cl_read(struct client *c, struct resp *r, bool no_body)
{
	memset(r, 0, sizeof *r);
	char *end;
	for (;;) {
		c->buf[c->len < sizeof c->buf ? c->len : sizeof c->buf - 1] = '\0';
		end = c->len ? strstr(c->buf, "\r\n\r\n") : NULL;
		if (end)
			break;
		if (!cl_fill(c))
			return false;
	}
	size_t head_n = (size_t)(end - c->buf) + 4;
	size_t copy = head_n < sizeof r->head ? head_n : sizeof r->head - 1;
	memcpy(r->head, c->buf, copy);
	r->head[copy] = '\0';
	if (sscanf(r->head, "HTTP/1.%*d %d", &r->status) != 1)
		return false;
	char v[64];
	size_t blen = 0;
	if (!no_body && r->status != 304 && r->status != 204 &&
	    find_header(r->head, "Content-Length", v, sizeof v))
		blen = (size_t)strtoull(v, NULL, 10);
	while (c->len < head_n + blen)
		if (!cl_fill(c))
			return false;
	r->body = xmalloc(blen + 1);
	memcpy(r->body, c->buf + head_n, blen);
	r->body[blen] = '\0';
	r->body_len = blen;
	memmove(c->buf, c->buf + head_n + blen, c->len - head_n - blen);
	c->len -= head_n + blen;
	return true;
}

static void resp_free(struct resp *r)
{
	free(r->body);
	r->body = NULL;
}

/* One request on a fresh connection. */
static bool fetch(uint16_t port, const char *raw, size_t n, struct resp *r)
{
	struct client *c = xmalloc(sizeof *c);
	memset(r, 0, sizeof *r); /* so resp_free is safe whatever fails */
	bool ok =
	    cl_open(c, port) && cl_send(c, raw, n) && cl_read(c, r, strncmp(raw, "HEAD ", 5) == 0);
	cl_close(c);
	free(c);
	return ok;
}

static bool get(uint16_t port, const char *target, struct resp *r)
{
	char raw[4096];
	int n = snprintf(raw, sizeof raw, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
	                 target);
	return fetch(port, raw, (size_t)n, r);
}

static bool post(uint16_t port, const char *target, const char *ctype, const char *body, size_t n,
                 struct resp *r)
{
	struct buf b;
	buf_init(&b, 1 << 24);
	buf_printf(&b,
	           "POST %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: %s\r\n"
	           "Content-Length: %zu\r\n\r\n",
	           target, ctype, n);
	buf_append(&b, body, n);
	bool ok = fetch(port, b.p, b.len, r);
	buf_free(&b);
	return ok;
}

static const char *hdr(const struct resp *r, const char *name)
{
	static char v[1024];
	return find_header(r->head, name, v, sizeof v);
}

/* Parses the body as JSON; NULL if it is not. */
static json_t *body_json(const struct resp *r)
{
	return json_loadb(r->body ? r->body : "", r->body_len, 0, NULL);
}

static const char *jget(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- test routes ---- */

static enum app_status h_item(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)err;
	const char *q = http_req_query(req, "q"), *x = http_req_header(req, "X-Test");
	const char *sid = http_req_cookie(req, "sid");
	return js_reply(resp, 200,
	                json_pack("{s:s,s:s?,s:s?,s:s?,s:s}", "id", http_req_param(req, "id"), "q",
	                          q, "x", x, "sid", sid, "route", req->route->name));
}

static enum app_status h_export(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	(void)err;
	return js_reply(resp, 200, json_pack("{s:b}", "export", 1));
}

static enum app_status h_delete(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	(void)err;
	return http_resp_set(resp, 204, NULL, NULL, 0);
}

static enum app_status h_echo(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	json_t *doc = NULL;
	struct js_at root, figures;
	int64_t revenue = 0;
	const char *name = "";
	enum app_status s = js_parse_req(req, &doc, err);
	if (s == APP_OK) {
		js_root(doc, &root);
		s = js_get_object(&root, "figures", JS_REQUIRED, &figures, err);
	}
	if (s == APP_OK)
		s = js_get_i64(&figures, "revenue", JS_REQUIRED, 0, INT64_MAX, &revenue, err);
	if (s == APP_OK)
		s = js_get_str(&root, "name", JS_OPTIONAL, 10, &name, err);
	if (s == APP_OK)
		s = js_reply(resp, 200,
		             json_pack("{s:I,s:s}", "revenue", (json_int_t)revenue, "name", name));
	json_decref(doc);
	return s;
}

static enum app_status h_small(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)err;
	return js_reply(resp, 200, json_pack("{s:I}", "len", (json_int_t)req->body_len));
}

static atomic_int slow_started; /* h_slow calls so far */

static enum app_status h_slow(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)err;
	const char *ms = http_req_query(req, "ms");
	atomic_fetch_add(&slow_started, 1);
	sleep_ms(ms ? (int)strtol(ms, NULL, 10) : 1000);
	return http_resp_set(resp, 200, "text/plain", "slow done", 9);
}

static enum app_status h_fail(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	(void)resp;
	return app_err_set(err, APP_EDB, "secret detail: table users locked");
}

static enum app_status h_badstatus(struct http_req *req, struct http_resp *resp,
                                   struct app_err *err)
{
	(void)req;
	(void)err;
	resp->status = 42;
	return APP_OK;
}

static enum app_status h_fields(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)req;
	http_resp_add_error(resp, "/name", "不能为空");
	http_resp_add_error(resp, "/uscc", "校验位不正确");
	return app_err_set(err, APP_EINVAL, "有 2 个字段不合格");
}

static const struct http_route routes[] = {
    {HTTP_GET, "/t/items/:id", h_item, PERM_READ, "t_item", 0},
    {HTTP_GET, "/t/items/export", h_export, PERM_READ, "t_export", 0},
    {HTTP_DELETE, "/t/items/:id", h_delete, PERM_WRITE_ENTERPRISE, "t_delete", 0},
    {HTTP_POST, "/t/echo", h_echo, PERM_PUBLIC, "t_echo", 0},
    {HTTP_POST, "/t/small", h_small, PERM_PUBLIC, "t_small", 64},
    {HTTP_GET, "/t/slow", h_slow, PERM_PUBLIC, "t_slow", 0},
    {HTTP_GET, "/t/fail", h_fail, PERM_PUBLIC, "t_fail", 0},
    {HTTP_GET, "/t/fields", h_fields, PERM_PUBLIC, "t_fields", 0},
    {HTTP_GET, "/t/badstatus", h_badstatus, PERM_PUBLIC, "t_badstatus", 0},
};

static int64_t fake_db_size(void *app)
{
	(void)app;
	return 123456;
}

static struct http_server *start(const char *static_root, FILE *log, unsigned head_ms)
{
	struct http_server_config cfg = {
	    .listen = "127.0.0.1:0",
	    .threads = 2,
	    .routes = routes,
	    .n_routes = sizeof routes / sizeof routes[0],
	    .static_root = static_root,
	    .access_log = log,
	    .db_size_bytes = fake_db_size,
	    .head_ms = head_ms,
	    .body_ms = head_ms,
	};
	struct http_server *s = NULL;
	struct app_err err = {0};
	if (http_server_start(&cfg, &s, &err) != APP_OK)
		diag("start failed: %s", err.msg);
	return s;
}

/* ---- tests ---- */

static void test_routing(uint16_t port)
{
	struct resp r;
	ok(get(port, "/t/items/ab%20c%E9%87%8D?q=x+y&z", &r) && r.status == 200, "GET item: 200");
	json_t *j = body_json(&r);
	is_str(jget(j, "id"), "ab c重", ":id decoded");
	is_str(jget(j, "q"), "x y", "query decoded, + is space");
	is_str(jget(j, "route"), "t_item", "route name");
	is_str(hdr(&r, "Content-Type"), "application/json", "JSON content type");
	ok(hdr(&r, "X-Request-Id") != NULL, "X-Request-Id sent");
	is_str(hdr(&r, "Cache-Control"), "no-store", "API answers are not cached");
	is_str(hdr(&r, "X-Content-Type-Options"), "nosniff", "nosniff");
	is_str(hdr(&r, "X-Frame-Options"), "DENY", "no framing");
	json_decref(j);
	resp_free(&r);

	const char *raw = "GET /t/items/7 HTTP/1.1\r\nHost: t\r\nX-Test: hello\r\n"
	                  "Cookie: a=1; sid=\"abc\"; z=2\r\nConnection: close\r\n\r\n";
	ok(fetch(port, raw, strlen(raw), &r) && r.status == 200, "GET with headers");
	j = body_json(&r);
	is_str(jget(j, "x"), "hello", "header lookup");
	is_str(jget(j, "sid"), "abc", "cookie lookup, quotes removed");
	json_decref(j);
	resp_free(&r);

	ok(get(port, "/t/items/export", &r) && r.status == 200 && strstr(r.body, "\"export\":true"),
	   "literal segment beats :param");
	resp_free(&r);

	ok(get(port, "/nope", &r) && r.status == 404, "unknown path: 404");
	is_str(hdr(&r, "Content-Type"), "application/problem+json", "404 is problem+json");
	j = body_json(&r);
	is_str(jget(j, "type"), "urn:zjtx:problem:not_found", "404 problem type");
	is_int(json_integer_value(json_object_get(j, "status")), 404, "problem status member");
	ok(jget(j, "instance") && hdr(&r, "X-Request-Id") &&
	       strcmp(jget(j, "instance"), hdr(&r, "X-Request-Id")) == 0,
	   "problem instance is the request id");
	json_decref(j);
	resp_free(&r);

	ok(get(port, "/t/items/", &r) && r.status == 404, ":param never matches an empty segment");
	resp_free(&r);

	raw =
	    "PUT /t/items/1 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	ok(fetch(port, raw, strlen(raw), &r) && r.status == 405, "PUT on a GET/DELETE path: 405");
	is_str(hdr(&r, "Allow"), "GET, HEAD, DELETE", "Allow lists the methods");
	resp_free(&r);

	raw = "DELETE /t/items/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	ok(fetch(port, raw, strlen(raw), &r) && r.status == 204 && r.body_len == 0, "DELETE: 204");
	resp_free(&r);

	raw = "HEAD /t/items/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	ok(fetch(port, raw, strlen(raw), &r) && r.status == 200, "HEAD served by the GET route");
	ok(hdr(&r, "Content-Length") && strtol(hdr(&r, "Content-Length"), NULL, 10) > 10,
	   "HEAD reports the GET length");
	resp_free(&r);

	ok(get(port, "/t/items/a%2Fb", &r) && r.status == 400, "encoded slash: 400");
	resp_free(&r);
	ok(get(port, "/t/items/%zz", &r) && r.status == 400, "bad escape: 400");
	resp_free(&r);
	ok(get(port, "/t/items/%FF", &r) && r.status == 400, "invalid UTF-8 in path: 400");
	resp_free(&r);
}

static void test_bodies(uint16_t port)
{
	struct resp r;
	const char *good = "{\"figures\":{\"revenue\":2099007115},\"name\":\"重庆\"}";
	ok(post(port, "/t/echo", "application/json", good, strlen(good), &r) && r.status == 200,
	   "valid JSON: 200");
	is_str(r.body, "{\"revenue\":2099007115,\"name\":\"重庆\"}", "integer kept exact, compact");
	resp_free(&r);

	const char *bad = "{\"figures\":{\"revenue\":12,}";
	ok(post(port, "/t/echo", "application/json", bad, strlen(bad), &r) && r.status == 400,
	   "malformed JSON: 400");
	is_str(hdr(&r, "Content-Type"), "application/problem+json", "400 is problem+json");
	json_t *j = body_json(&r);
	ok(jget(j, "detail") && strstr(jget(j, "detail"), "不是合法的 JSON"), "detail says why: %s",
	   jget(j, "detail") ? jget(j, "detail") : "");
	json_decref(j);
	resp_free(&r);

	const char *wrong = "{\"figures\":{\"revenue\":\"12\"}}";
	ok(post(port, "/t/echo", "application/json", wrong, strlen(wrong), &r) && r.status == 400,
	   "wrong type: 400");
	j = body_json(&r);
	is_str(jget(j, "detail"), "/figures/revenue: 应为数字", "detail names the field");
	json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
	is_str(jget(e0, "field"), "/figures/revenue", "errors[0].field is a JSON pointer");
	is_str(jget(e0, "message"), "应为数字", "errors[0].message");
	is_str(jget(j, "type"), "urn:zjtx:problem:invalid", "problem type invalid");
	json_decref(j);
	resp_free(&r);

	const char *miss = "{\"figures\":{}}";
	ok(post(port, "/t/echo", "application/json", miss, strlen(miss), &r) && r.status == 400 &&
	       strstr(r.body, "/figures/revenue: 缺少必填字段"),
	   "missing required field named");
	resp_free(&r);

	ok(post(port, "/t/echo", "text/plain", good, strlen(good), &r) && r.status == 400 &&
	       strstr(r.body, "Content-Type"),
	   "non-JSON Content-Type: 400");
	resp_free(&r);

	/* Nesting: 32 levels pass the depth check (and fail later for type),
	 * 33 are refused before parsing. */
	char deep[200];
	for (int depth = 32; depth <= 33; depth++) {
		size_t n = 0;
		for (int i = 0; i < depth; i++)
			deep[n++] = '[';
		for (int i = 0; i < depth; i++)
			deep[n++] = ']';
		ok(post(port, "/t/echo", "application/json", deep, n, &r) && r.status == 400,
		   "depth %d: 400", depth);
		bool refused = strstr(r.body, "嵌套超过") != NULL;
		ok(depth == 33 ? refused : !refused, "depth %d %s by the depth limit", depth,
		   depth == 33 ? "refused" : "not refused");
		resp_free(&r);
	}

	const char *utf = "{\"figures\":{\"revenue\":1},\"name\":\"\xD6\xD8\xC7\xEC\"}";
	ok(post(port, "/t/echo", "application/json", utf, strlen(utf), &r) && r.status == 400 &&
	       strstr(r.body, "UTF-8"),
	   "invalid UTF-8 (GBK bytes) in JSON: 400");
	resp_free(&r);

	const char *longname = "{\"figures\":{\"revenue\":1},\"name\":\"一二三四五六七八九十一\"}";
	ok(post(port, "/t/echo", "application/json", longname, strlen(longname), &r) &&
	       r.status == 400 && strstr(r.body, "/name: 长度不得超过 10 个字符"),
	   "string length counted in characters");
	resp_free(&r);

	char small[65];
	memset(small, 'x', sizeof small);
	ok(post(port, "/t/small", "text/plain", small, 64, &r) && r.status == 200 &&
	       strstr(r.body, "\"len\":64"),
	   "body at the route limit: 200");
	resp_free(&r);
	ok(post(port, "/t/small", "text/plain", small, 65, &r) && r.status == 413,
	   "body one byte over the route limit: 413");
	is_str(hdr(&r, "Content-Type"), "application/problem+json", "413 is problem+json");
	resp_free(&r);

	/* A declared length over the limit is refused before the body. */
	char raw[256];
	int n = snprintf(raw, sizeof raw,
	                 "POST /t/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
	                 "Content-Length: %d\r\n\r\n",
	                 MAX_BODY_BYTES + 1);
	ok(fetch(port, raw, (size_t)n, &r) && r.status == 413,
	   "Content-Length over MAX_BODY_BYTES: 413 without reading the body");
	resp_free(&r);

	/* Chunked bodies have no declared length: cut when they pass it. */
	struct client *c = xmalloc(sizeof *c);
	const char *head = "POST /t/small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
	                   "Connection: close\r\n\r\n";
	bool sent = cl_open(c, port) && cl_send(c, head, strlen(head));
	for (int i = 0; sent && i < 4; i++)
		sent = cl_send(c, "20\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", 38);
	sent = sent && cl_send(c, "0\r\n\r\n", 5);
	ok(sent && cl_read(c, &r, false) && r.status == 413, "chunked body over the limit: 413");
	resp_free(&r);
	cl_close(c);
	free(c);

	ok(get(port, "/t/fail", &r) && r.status == 500, "storage error: 500");
	ok(!strstr(r.body, "secret"), "500 detail does not leak the internal message");
	ok(strstr(r.body, "urn:zjtx:problem:database") != NULL, "500 problem type database");
	resp_free(&r);

	ok(get(port, "/t/badstatus", &r) && r.status == 500, "handler with a bogus status: 500");
	resp_free(&r);

	ok(get(port, "/t/fields", &r) && r.status == 400, "several field errors: 400");
	json_t *jf = body_json(&r);
	json_t *errs = json_object_get(jf, "errors");
	is_int(json_array_size(errs), 2, "errors array holds both");
	is_str(jget(json_array_get(errs, 1), "field"), "/uscc", "second field error");
	json_decref(jf);
	resp_free(&r);

	/* Half of MAX_HEADER_BYTES in one header passes; four times is refused
	 * by the library (its connection memory is 2 * MAX_HEADER_BYTES). */
	struct buf big;
	buf_init(&big, 1 << 20);
	buf_puts(&big, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ");
	for (int i = 0; i < MAX_HEADER_BYTES / 2; i++)
		buf_putc(&big, 'a');
	buf_puts(&big, "\r\nConnection: close\r\n\r\n");
	ok(fetch(port, big.p, big.len, &r) && r.status == 200, "header of MAX_HEADER_BYTES/2: 200");
	resp_free(&r);
	buf_reset(&big);
	buf_puts(&big, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ");
	for (int i = 0; i < 4 * MAX_HEADER_BYTES; i++)
		buf_putc(&big, 'a');
	buf_puts(&big, "\r\nConnection: close\r\n\r\n");
	bool got = fetch(port, big.p, big.len, &r);
	ok(got && r.status == 431, "huge header: 431 (got %d)", r.status);
	resp_free(&r);
	buf_free(&big);
	ok(get(port, "/healthz", &r) && r.status == 200, "server still up after the abuse");
	resp_free(&r);
}

static void test_keepalive(uint16_t port)
{
	struct client *c = xmalloc(sizeof *c);
	struct resp r1, r2;
	const char *req = "GET /t/items/1 HTTP/1.1\r\nHost: t\r\n\r\n";
	bool ok1 = cl_open(c, port) && cl_send(c, req, strlen(req)) && cl_read(c, &r1, false);
	ok(ok1 && r1.status == 200, "keep-alive: first response");
	ok(ok1 && !hdr(&r1, "Connection"), "keep-alive: no Connection: close");
	bool ok2 = ok1 && cl_send(c, req, strlen(req)) && cl_read(c, &r2, false);
	ok(ok2 && r2.status == 200, "keep-alive: second request on the same connection");
	if (ok1)
		resp_free(&r1);
	if (ok2)
		resp_free(&r2);
	cl_close(c);
	free(c);
}

static void test_health_metrics(uint16_t port)
{
	struct resp r;
	ok(get(port, "/healthz", &r) && r.status == 200, "/healthz: 200");
	is_str(r.body, "{\"status\":\"ok\"}", "/healthz body");
	resp_free(&r);

	for (int i = 0; i < 3; i++) {
		char t[32];
		snprintf(t, sizeof t, "/t/items/m%d", i);
		get(port, t, &r);
		resp_free(&r);
	}
	get(port, "/t/items/export", &r);
	resp_free(&r);
	/* Metrics are recorded once a response is fully sent, which may be
	 * just after the client has it: poll briefly. */
	bool found = false, export_found = false;
	char *text = NULL;
	for (int tries = 0; tries < 50 && !(found && export_found); tries++) {
		if (text) {
			free(text);
			sleep_ms(20);
		}
		get(port, "/metrics", &r);
		text = r.body;
		r.body = NULL;
		found = strstr(text, "zjtx_http_requests_total{route=\"t_item\",method=\"GET\","
		                     "status=\"200\"} ") != NULL;
		export_found =
		    strstr(text, "zjtx_http_requests_total{route=\"t_export\",method=\"GET\","
		                 "status=\"200\"} ") != NULL;
	}
	const char *line = strstr(text, "route=\"t_item\",method=\"GET\",status=\"200\"} ");
	/* t_item GET 200: 2 in test_routing, 2 in test_keepalive, 3 here;
	 * plus 1 HEAD in test_routing for the histogram. */
	ok(line && strtol(line + strlen("route=\"t_item\",method=\"GET\",status=\"200\"} "), NULL,
	                  10) == 7,
	   "requests_total counts t_item GET 200");
	ok(strstr(text,
	          "zjtx_http_requests_total{route=\"t_item\",method=\"HEAD\",status=\"200\"} 1"),
	   "HEAD counted apart");
	ok(strstr(text, "zjtx_http_requests_total{route=\"unmatched\",method=\"GET\","
	                "status=\"404\"}"),
	   "404s counted under route unmatched");
	ok(strstr(text,
	          "zjtx_http_request_duration_seconds_bucket{route=\"t_item\",le=\"+Inf\"} 8"),
	   "histogram +Inf bucket equals the count");
	ok(strstr(text, "le=\"0.000500\"") && strstr(text, "le=\"10.000000\""),
	   "histogram buckets from 0.5 ms to 10 s");
	ok(strstr(text, "zjtx_http_request_duration_seconds_count{route=\"t_item\"} 8"),
	   "histogram count");
	ok(strstr(text, "zjtx_db_size_bytes 123456"), "database size from the app callback");
	ok(strstr(text, "# TYPE zjtx_http_requests_total counter"), "TYPE line");
	free(text);
}

struct slow_arg {
	uint16_t port;
	int ms; /* handler sleep; 0 means 1000 */
	struct resp r;
	bool ok;
	int64_t done_ms;
};

static void *slow_client(void *p)
{
	struct slow_arg *a = p;
	char target[64];
	snprintf(target, sizeof target, "/t/slow?ms=%d", a->ms ? a->ms : 1000);
	a->ok = get(a->port, target, &a->r);
	a->done_ms = now_ms();
	return NULL;
}

struct loris_arg {
	uint16_t port;
	bool cut;          /* the server closed the connection */
	int64_t cut_after; /* ms after connecting */
};

static void *loris_client(void *p)
{
	struct loris_arg *a = p;
	struct client *c = xmalloc(sizeof *c);
	int64_t t0 = now_ms();
	if (!cl_open(c, a->port)) {
		free(c);
		return NULL;
	}
	const char *line = "GET /t/items/1 HTTP/1.1\r\nHost: t\r\nX-Slow: ";
	cl_send(c, line, strlen(line));
	for (int i = 0; i < 8; i++) {
		sleep_ms(1000);
		/* One byte per second; the server shuts the socket once the head
		 * deadline passes, which makes send or recv fail. */
		if (!cl_send(c, "a", 1)) {
			a->cut = true;
			break;
		}
		char b;
		ssize_t r = recv(c->fd, &b, 1, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
			a->cut = true;
			break;
		}
	}
	a->cut_after = now_ms() - t0;
	cl_close(c);
	free(c);
	return NULL;
}

static void test_slowloris(uint16_t port)
{
	struct loris_arg la = {.port = port};
	pthread_t t;
	pthread_create(&t, NULL, loris_client, &la);
	sleep_ms(300);
	struct resp r;
	int64_t t0 = now_ms();
	ok(get(port, "/t/items/1", &r) && r.status == 200, "others are served during a slowloris");
	ok(now_ms() - t0 < 1000, "promptly (%lld ms)", (long long)(now_ms() - t0));
	resp_free(&r);
	pthread_join(t, NULL);
	ok(la.cut, "slowloris connection cut by the head deadline");
	ok(la.cut_after >= 1500 && la.cut_after < 5000, "cut after the deadline (%lld ms)",
	   (long long)la.cut_after);
	get(port, "/metrics", &r);
	ok(r.body && strstr(r.body, "zjtx_http_deadline_closed_total{phase=\"head\"} ") &&
	       !strstr(r.body, "zjtx_http_deadline_closed_total{phase=\"head\"} 0"),
	   "deadline closing counted in /metrics");
	resp_free(&r);
}

/* A client that sends half a body and vanishes, and one that sends its
 * body too slowly: neither may leave a request counted in flight. */
static void test_aborted_bodies(uint16_t port)
{
	struct client *c = xmalloc(sizeof *c);
	const char *head = "POST /t/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
	                   "Content-Length: 100\r\n\r\n{\"figures\":";
	ok(cl_open(c, port) && cl_send(c, head, strlen(head)), "half a body sent");
	sleep_ms(100);
	cl_close(c);

	int64_t t0 = now_ms();
	bool cut = false;
	if (cl_open(c, port) && cl_send(c, head, strlen(head))) {
		for (int i = 0; i < 20 && !cut; i++) {
			sleep_ms(300);
			cut = !cl_send(c, " ", 1);
			char b;
			ssize_t r = recv(c->fd, &b, 1, MSG_DONTWAIT);
			cut = cut || r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
		}
	}
	int64_t took = now_ms() - t0;
	ok(cut && took >= 1400 && took < 4000,
	   "a trickled body is cut by the body deadline (%lld ms)", (long long)took);
	cl_close(c);
	free(c);

	struct resp r;
	bool idle = false, counted = false;
	char last[512] = "";
	int fails = 0;
	for (int tries = 0; tries < 50 && !(idle && counted); tries++) {
		if (tries)
			sleep_ms(20);
		if (!get(port, "/metrics", &r)) {
			fails++;
			continue;
		}
		idle = strstr(r.body, "zjtx_http_in_flight 1\n") != NULL; /* this request only */
		counted =
		    strstr(r.body, "zjtx_http_deadline_closed_total{phase=\"body\"} 1\n") != NULL;
		const char *d = strstr(r.body, "zjtx_http_in_flight");
		snprintf(last, sizeof last, "%s", d ? d : "");
		resp_free(&r);
	}
	if (!idle || !counted)
		diag("last /metrics (%d failed fetches): %s", fails, last);
	ok(idle, "no request left in flight after the aborted bodies");
	ok(counted, "body deadline counted in /metrics");
}

/* Waits until h_slow has started n times in all. Polling the server over
 * HTTP would not do: the poll may be accepted by the worker that is about
 * to block in h_slow, and then sees the request only once it is over. */
static bool wait_slow_started(int n)
{
	for (int tries = 0; tries < 500; tries++) {
		if (atomic_load(&slow_started) >= n)
			return true;
		sleep_ms(10);
	}
	return false;
}

static void test_graceful(void)
{
	struct http_server *s = start(NULL, NULL, 0);
	if (!s) {
		ok(false, "second server started");
		return;
	}
	uint16_t port = http_server_port(s);
	http_server_handle_signals(s);

	/* A keep-alive connection opened before the stop. */
	struct client *k = xmalloc(sizeof *k);
	struct resp r = {0};
	const char *hz = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	ok(cl_open(k, port) && cl_send(k, hz, strlen(hz)) && cl_read(k, &r, false) &&
	       r.status == 200,
	   "keep-alive connection before the stop");
	resp_free(&r);

	struct slow_arg a = {.port = port};
	pthread_t t;
	pthread_create(&t, NULL, slow_client, &a);
	ok(wait_slow_started(1), "slow request in its handler");
	int64_t t0 = now_ms();
	kill(getpid(), SIGTERM);
	enum app_status ws = http_server_wait(s);
	int64_t waited = now_ms() - t0;
	pthread_join(t, NULL);
	is_int(ws, APP_OK, "wait reports a clean stop");
	ok(a.ok && a.r.status == 200 && strcmp(a.r.body, "slow done") == 0,
	   "in-flight slow request finished during the stop");
	ok(a.done_ms <= now_ms() && waited >= 300, "wait lasted until it finished (%lld ms)",
	   (long long)waited);
	if (a.ok)
		resp_free(&a.r);
	struct client *c = xmalloc(sizeof *c);
	ok(!cl_open(c, port), "new connections refused after the stop");
	cl_close(c);
	free(c);
	cl_close(k);
	free(k);
	http_server_free(s);
	ok(signal(SIGTERM, SIG_DFL) == SIG_DFL, "default SIGTERM handler restored");
}

/* A drain in which /healthz on an existing keep-alive connection says
 * 503 and closes. Uses request_stop from a thread instead of a signal. */
struct stopper {
	struct http_server *s;
	enum app_status result;
};

static void *stopper_main(void *p)
{
	struct stopper *st = p;
	st->result = http_server_wait(st->s);
	return NULL;
}

static void test_drain_health(void)
{
	struct http_server *s = start(NULL, NULL, 0);
	if (!s) {
		ok(false, "third server started");
		return;
	}
	uint16_t port = http_server_port(s);
	/* The slow request first, so the probe connection opened after it
	 * lands on the worker that is not blocked in the handler. */
	struct slow_arg a = {.port = port, .ms = 1500};
	pthread_t t, w;
	pthread_create(&t, NULL, slow_client, &a);
	ok(wait_slow_started(2), "slow request in its handler");
	struct client *k = xmalloc(sizeof *k);
	struct resp r = {0};
	const char *hz = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	ok(cl_open(k, port) && cl_send(k, hz, strlen(hz)) && cl_read(k, &r, false) &&
	       r.status == 200,
	   "probe connection answered");
	resp_free(&r);
	struct stopper st = {.s = s};
	http_server_request_stop(s);
	pthread_create(&w, NULL, stopper_main, &st);
	sleep_ms(100);
	struct client *late = xmalloc(sizeof *late);
	ok(!cl_open(late, port), "new connections refused while draining");
	cl_close(late);
	free(late);
	ok(cl_send(k, hz, strlen(hz)) && cl_read(k, &r, false) && r.status == 503,
	   "/healthz answers 503 while draining");
	is_str(hdr(&r, "Connection"), "close", "responses while draining close the connection");
	resp_free(&r);
	pthread_join(t, NULL);
	pthread_join(w, NULL);
	is_int(st.result, APP_OK, "drain finished cleanly");
	ok(a.ok && a.r.status == 200, "slow request completed");
	if (a.ok)
		resp_free(&a.r);
	cl_close(k);
	free(k);
	http_server_free(s);
}

static void check_log(FILE *log)
{
	fflush(log);
	rewind(log);
	char line[16384];
	int n = 0, valid = 0;
	bool saw_item = false, saw_413 = false;
	while (fgets(line, sizeof line, log)) {
		n++;
		json_t *j = json_loads(line, 0, NULL);
		if (!j)
			continue;
		if (jget(j, "time") && jget(j, "id") && jget(j, "method") && jget(j, "path") &&
		    jget(j, "route") && json_is_integer(json_object_get(j, "status")) &&
		    json_is_integer(json_object_get(j, "bytes")) &&
		    json_is_integer(json_object_get(j, "dur_us")) && jget(j, "user") &&
		    jget(j, "ip"))
			valid++;
		if (jget(j, "route") && strcmp(jget(j, "route"), "t_item") == 0 &&
		    strcmp(jget(j, "ip"), "127.0.0.1") == 0 &&
		    strcmp(jget(j, "path"), "/t/items/7") == 0)
			saw_item = true;
		if (json_integer_value(json_object_get(j, "status")) == 413)
			saw_413 = true;
		json_decref(j);
	}
	ok(n > 20, "access log has a line per request (%d)", n);
	is_int(valid, n, "every access log line is JSON with all fields");
	ok(saw_item, "a t_item line with path and ip");
	ok(saw_413, "refused bodies are logged too");
}

static void test_bad_config(void)
{
	struct http_server_config cfg = {.listen = "127.0.0.1:99999"};
	struct http_server *s = NULL;
	struct app_err err = {0};
	is_int(http_server_start(&cfg, &s, &err), APP_EINVAL, "port out of range refused");
	cfg.listen = "nohostport";
	is_int(http_server_start(&cfg, &s, &err), APP_EINVAL, "listen without port refused");
	static const struct http_route dup[] = {
	    {HTTP_GET, "/healthz", h_export, PERM_PUBLIC, "dup_health", 0},
	};
	cfg.listen = "127.0.0.1:0";
	cfg.routes = dup;
	cfg.n_routes = 1;
	is_int(http_server_start(&cfg, &s, &err), APP_EINVAL,
	       "route clashing with /healthz refused");
	ok(s == NULL, "no server on failure");

	/* A port in use is reported, not shared (no SO_REUSEPORT). */
	struct http_server *a = start(NULL, NULL, 0);
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%u", a ? http_server_port(a) : 1);
	struct http_server_config c2 = {.listen = listen};
	is_int(http_server_start(&c2, &s, &err), APP_EIO, "second server on the same port refused");
	http_server_free(a);
}

/* ---- static files ---- */

static char root[256];

static void write_file(const char *rel, const char *data, size_t n)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	FILE *f = fopen(p, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
}

static void make_site(void)
{
	snprintf(root, sizeof root, "/tmp/zjtx-static-XXXXXX");
	if (!mkdtemp(root))
		abort();
	char p[512];
	snprintf(p, sizeof p, "%s/assets", root);
	mkdir(p, 0755);
	write_file("index.html", "<!doctype html><title>zjtx</title>", 34);
	write_file("assets/app.3f2a9c.js", "console.log('zjtx')", 19);
	/* Not real gzip data: the server only has to pick the file. */
	write_file("assets/app.3f2a9c.js.gz", "GZIPPED-BYTES", 13);
	write_file("logo.svg", "<svg/>", 6);
	write_file(".secret", "hidden", 6);
	snprintf(p, sizeof p, "%s/escape.txt", root);
	if (symlink("/etc/passwd", p) != 0)
		diag("symlink failed");
	snprintf(p, sizeof p, "%s/inside.js", root);
	if (symlink("assets/app.3f2a9c.js", p) != 0)
		diag("symlink failed");
}

static void remove_site(void)
{
	const char *files[] = {"index.html",
	                       "assets/app.3f2a9c.js",
	                       "assets/app.3f2a9c.js.gz",
	                       "logo.svg",
	                       ".secret",
	                       "escape.txt",
	                       "inside.js"};
	char p[512];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", root, files[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/assets", root);
	rmdir(p);
	rmdir(root);
}

static void test_static(void)
{
	make_site();
	struct http_server *s = start(root, NULL, 0);
	if (!s) {
		ok(false, "static server started");
		remove_site();
		return;
	}
	uint16_t port = http_server_port(s);
	struct resp r;
	ok(get(port, "/", &r) && r.status == 200 && strstr(r.body, "<title>zjtx"),
	   "/ is index.html");
	is_str(hdr(&r, "Content-Type"), "text/html; charset=utf-8", "index content type");
	is_str(hdr(&r, "Cache-Control"), "no-cache", "index.html: no-cache");
	resp_free(&r);

	ok(get(port, "/assets/app.3f2a9c.js", &r) && r.status == 200 &&
	       strcmp(r.body, "console.log('zjtx')") == 0,
	   "hashed asset served");
	is_str(hdr(&r, "Content-Type"), "text/javascript; charset=utf-8", "JS content type");
	is_str(hdr(&r, "Cache-Control"), "public, max-age=31536000, immutable", "asset immutable");
	is_str(hdr(&r, "Vary"), "Accept-Encoding", "Vary: Accept-Encoding");
	ok(hdr(&r, "Content-Encoding") == NULL, "no gzip unless asked");
	char etag[128];
	snprintf(etag, sizeof etag, "%s", hdr(&r, "ETag") ? hdr(&r, "ETag") : "");
	ok(etag[0] == '"', "strong ETag sent: %s", etag);
	resp_free(&r);

	const char *gz = "GET /assets/app.3f2a9c.js HTTP/1.1\r\nHost: t\r\n"
	                 "Accept-Encoding: br, gzip;q=0.8\r\nConnection: close\r\n\r\n";
	ok(fetch(port, gz, strlen(gz), &r) && r.status == 200 &&
	       strcmp(r.body, "GZIPPED-BYTES") == 0,
	   "gzip variant served when accepted");
	is_str(hdr(&r, "Content-Encoding"), "gzip", "Content-Encoding: gzip");
	is_str(hdr(&r, "Content-Type"), "text/javascript; charset=utf-8", "type of the original");
	ok(hdr(&r, "ETag") && strcmp(hdr(&r, "ETag"), etag) != 0, "gzip variant has its own ETag");
	resp_free(&r);

	const char *nogz = "GET /assets/app.3f2a9c.js HTTP/1.1\r\nHost: t\r\n"
	                   "Accept-Encoding: gzip;q=0\r\nConnection: close\r\n\r\n";
	ok(fetch(port, nogz, strlen(nogz), &r) && r.status == 200 &&
	       strcmp(r.body, "console.log('zjtx')") == 0,
	   "gzip;q=0 gets the plain file");
	resp_free(&r);

	char cond[512];
	snprintf(cond, sizeof cond,
	         "GET /assets/app.3f2a9c.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"x\", %s\r\n"
	         "Connection: close\r\n\r\n",
	         etag);
	ok(fetch(port, cond, strlen(cond), &r) && r.status == 304, "If-None-Match: 304");
	ok(r.body_len == 0, "304 has no body");
	is_str(hdr(&r, "ETag"), etag, "304 repeats the ETag");
	resp_free(&r);
	snprintf(cond, sizeof cond,
	         "GET /assets/app.3f2a9c.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n"
	         "Connection: close\r\n\r\n");
	ok(fetch(port, cond, strlen(cond), &r) && r.status == 200, "stale ETag: 200");
	resp_free(&r);

	const char *head = "HEAD /logo.svg HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	ok(fetch(port, head, strlen(head), &r) && r.status == 200, "HEAD of a static file");
	is_str(hdr(&r, "Content-Length"), "6", "HEAD Content-Length");
	is_str(hdr(&r, "Content-Type"), "image/svg+xml", "SVG content type");
	resp_free(&r);

	ok(get(port, "/districts/500101/firms", &r) && r.status == 200 &&
	       strstr(r.body, "<title>zjtx"),
	   "SPA fallback for a page path");
	is_str(hdr(&r, "Cache-Control"), "no-cache", "fallback index: no-cache");
	resp_free(&r);
	ok(get(port, "/assets/missing.js", &r) && r.status == 404,
	   "missing file with extension: 404");
	resp_free(&r);
	ok(get(port, "/api/v1/unknown", &r) && r.status == 404 &&
	       strstr(r.body, "urn:zjtx:problem:not_found"),
	   "no SPA fallback under /api/");
	resp_free(&r);
	ok(get(port, "/inside.js", &r) && r.status == 200 &&
	       strcmp(r.body, "console.log('zjtx')") == 0,
	   "symlink staying inside the root is served");
	resp_free(&r);

	static const struct {
		const char *target;
		int status;
	} attacks[] = {
	    {"/../etc/passwd", 400},
	    {"/assets/../../etc/passwd", 400},
	    {"/%2e%2e/%2e%2e/etc/passwd", 400},
	    {"/%2E%2E/etc/passwd", 400},
	    {"/assets/..%2f..%2fetc%2fpasswd", 400},
	    {"/%2Fetc%2Fpasswd", 400},
	    {"/assets/%00.js", 400},
	    {"/./index.html", 400},
	    {"//etc/passwd", 404},
	    {"/escape.txt", 404},
	    {"/.secret", 404},
	    {"/assets/..%5c..%5cetc%5cpasswd", 404},
	    {"/assets/%c0%ae%c0%ae/etc/passwd", 400},
	};
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		bool got = get(port, attacks[i].target, &r);
		ok(got && r.status == attacks[i].status && !strstr(r.body, "root:"),
		   "traversal %s: %d (got %d)", attacks[i].target, attacks[i].status, r.status);
		resp_free(&r);
	}
	ok(get(port, "/etc/passwd", &r) && r.status == 200 && !strstr(r.body, "root:") &&
	       strstr(r.body, "<title>zjtx"),
	   "/etc/passwd is a page path inside the root, not the system file");
	resp_free(&r);
	const char *absform =
	    "GET http://t/etc/passwd HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	bool got = fetch(port, absform, strlen(absform), &r);
	ok(got && (r.status == 400 || r.status == 404) && !strstr(r.body, "root:"),
	   "absolute-form target refused (%d)", r.status);
	resp_free(&r);
	http_server_free(s);
	remove_site();
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	FILE *log = tmpfile();
	struct http_server *s = start(NULL, log, 1500);
	ok(s != NULL, "server started on 127.0.0.1:0");
	if (!s)
		return test_done();
	uint16_t port = http_server_port(s);
	ok(port != 0, "ephemeral port reported (%u)", port);
	test_routing(port);
	test_bodies(port);
	test_keepalive(port);
	test_health_metrics(port);
	test_slowloris(port);
	test_aborted_bodies(port);
	http_server_request_stop(s);
	is_int(http_server_wait(s), APP_OK, "main server stops cleanly");
	http_server_free(s);
	check_log(log);
	fclose(log);
	test_graceful();
	test_drain_health();
	test_bad_config();
	test_static();
	return test_done();
}
