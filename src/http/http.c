/* http.c - request target decoding, lookups and response building. */
#include "http.h"

#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/str.h"

static const char *const method_names[HTTP_METHOD_COUNT] = {
    [HTTP_GET] = "GET",         [HTTP_HEAD] = "HEAD",   [HTTP_POST] = "POST",
    [HTTP_PUT] = "PUT",         [HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE",
    [HTTP_OPTIONS] = "OPTIONS", [HTTP_OTHER] = "OTHER",
};

const char *http_method_name(enum http_method m)
{
	if ((unsigned)m >= HTTP_METHOD_COUNT)
		return "OTHER";
	return method_names[m];
}

enum http_method http_method_parse(const char *s)
{
	if (!s)
		return HTTP_OTHER;
	for (int m = 0; m < HTTP_OTHER; m++)
		if (strcmp(s, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

void http_req_init(struct http_req *req, struct arena *a)
{
	memset(req, 0, sizeof *req);
	req->method = HTTP_GET;
	req->method_name = "GET";
	req->target = "/";
	req->t.path = "/";
	req->body = "";
	req->user = "";
	req->arena = a;
}

/* ---- target decoding ---- */

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Visible ASCII that may appear unescaped in a request target. '#' is never
 * sent by clients; '\\' and others are left to the decoded-text checks. */
static bool target_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '#';
}

/* Percent-decodes s[0..n) into the arena. plus_is_space applies to query
 * text. Fails on a bad escape, a decoded NUL, or invalid UTF-8. */
static enum app_status decode(struct arena *a, const char *s, size_t n, bool plus_is_space,
                              char **out, size_t *out_n, struct app_err *err)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return app_err_set(err, APP_EINVAL,
				                   "请求地址中的百分号转义无效（应为 %%XX 形式）");
			c = (unsigned char)(hi * 16 + lo);
			if (c == 0)
				return app_err_set(err, APP_EINVAL,
				                   "请求地址中不允许出现 NUL 字符");
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		d[j++] = (char)c;
	}
	d[j] = '\0';
	if (!utf8_valid(d, j))
		return app_err_set(err, APP_EINVAL, "请求地址解码后不是合法的 UTF-8");
	*out = d;
	*out_n = j;
	return APP_OK;
}

static enum app_status parse_path(struct arena *a, const char *p, size_t n, struct http_target *t,
                                  struct app_err *err)
{
	/* Count segments first so the array is allocated once. */
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/')
			count++;
	if (n == 1)
		count = 0; /* "/" alone: no segments */
	if (count > MAX_PATH_SEGMENTS)
		return app_err_set(err, APP_ETOOLARGE, "请求路径的层级超过 %d 层",
		                   MAX_PATH_SEGMENTS);
	t->segs = arena_alloc(a, (count ? count : 1) * sizeof *t->segs);
	t->n_segs = 0;
	if (count == 0)
		return APP_OK;
	size_t start = 1;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		char *seg;
		size_t seg_n;
		enum app_status s = decode(a, p + start, i - start, false, &seg, &seg_n, err);
		if (s != APP_OK)
			return s;
		if (memchr(seg, '/', seg_n))
			return app_err_set(err, APP_EINVAL,
			                   "请求路径中不允许出现编码的斜杠（%%2F）");
		if (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0)
			return app_err_set(err, APP_EINVAL, "请求路径中不允许出现 . 或 .. 段");
		t->segs[t->n_segs++] = seg;
		start = i + 1;
	}
	return APP_OK;
}

static enum app_status parse_query(struct arena *a, const char *q, size_t n, struct http_target *t,
                                   struct app_err *err)
{
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		if (q[i] == '&')
			count++;
	if (count > MAX_QUERY_PARAMS)
		count = MAX_QUERY_PARAMS + 1; /* checked again on non-empty pairs below */
	t->query = arena_alloc(a, count * sizeof *t->query);
	t->n_query = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && q[i] != '&')
			continue;
		const char *pair = q + start;
		size_t pn = i - start;
		start = i + 1;
		if (pn == 0)
			continue;
		if (t->n_query == MAX_QUERY_PARAMS)
			return app_err_set(err, APP_ETOOLARGE, "查询参数超过 %d 个",
			                   MAX_QUERY_PARAMS);
		const char *eq = memchr(pair, '=', pn);
		size_t kn = eq ? (size_t)(eq - pair) : pn;
		char *k, *v;
		size_t kd, vd;
		enum app_status s = decode(a, pair, kn, true, &k, &kd, err);
		if (s == APP_OK)
			s = eq ? decode(a, eq + 1, pn - kn - 1, true, &v, &vd, err)
			       : decode(a, "", 0, true, &v, &vd, err);
		if (s != APP_OK)
			return s;
		t->query[t->n_query].name = k;
		t->query[t->n_query].value = v;
		t->n_query++;
	}
	return APP_OK;
}

enum app_status http_parse_target(struct arena *a, const char *target, struct http_target *out,
                                  struct app_err *err)
{
	memset(out, 0, sizeof *out);
	size_t n = strlen(target);
	if (n > MAX_URI_BYTES)
		return app_err_set(err, APP_ETOOLARGE, "请求地址超过 %d 字节", MAX_URI_BYTES);
	if (n == 0 || target[0] != '/')
		return app_err_set(err, APP_EINVAL, "请求地址应以 / 开头");
	for (size_t i = 0; i < n; i++)
		if (!target_char_ok((unsigned char)target[i]))
			return app_err_set(err, APP_EINVAL, "请求地址中含有未转义的非法字符");
	const char *qm = memchr(target, '?', n);
	size_t pn = qm ? (size_t)(qm - target) : n;
	out->path = arena_strndup(a, target, pn);
	enum app_status s = parse_path(a, target, pn, out, err);
	if (s != APP_OK)
		return s;
	if (qm)
		return parse_query(a, qm + 1, n - pn - 1, out, err);
	out->query = NULL;
	out->n_query = 0;
	return APP_OK;
}

/* ---- lookups ---- */

const char *http_req_header(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->n_headers; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

const char *http_req_query(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->t.n_query; i++)
		if (strcmp(req->t.query[i].name, name) == 0)
			return req->t.query[i].value;
	return NULL;
}

const char *http_req_param(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->n_params; i++)
		if (strcmp(req->params[i].name, name) == 0)
			return req->params[i].value;
	return NULL;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

bool http_cookie_find(const char *s, const char *name, const char **val, size_t *n)
{
	size_t name_n = strlen(name);
	const char *p = s;
	while (*p) {
		while (is_ows(*p) || *p == ';')
			p++;
		const char *pair = p;
		while (*p && *p != ';')
			p++;
		const char *end = p;
		while (end > pair && is_ows(end[-1]))
			end--;
		const char *eq = memchr(pair, '=', (size_t)(end - pair));
		if (!eq)
			continue;
		const char *kend = eq;
		while (kend > pair && is_ows(kend[-1]))
			kend--;
		if ((size_t)(kend - pair) != name_n || memcmp(pair, name, name_n) != 0)
			continue;
		const char *v = eq + 1;
		while (v < end && is_ows(*v))
			v++;
		if (end - v >= 2 && *v == '"' && end[-1] == '"') {
			v++;
			end--;
		}
		*val = v;
		*n = (size_t)(end - v);
		return true;
	}
	return false;
}

const char *http_req_cookie(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->n_headers; i++) {
		if (strcasecmp(req->headers[i].name, "Cookie") != 0)
			continue;
		const char *v;
		size_t n;
		if (http_cookie_find(req->headers[i].value, name, &v, &n))
			return arena_strndup(req->arena, v, n);
	}
	return NULL;
}

/* ---- response ---- */

void http_resp_init(struct http_resp *resp, struct arena *a)
{
	memset(resp, 0, sizeof *resp);
	resp->status = 200;
	buf_init(&resp->body, MAX_RESPONSE_BYTES);
	resp->file_fd = -1;
	resp->arena = a;
}

void http_resp_clear(struct http_resp *resp)
{
	buf_free(&resp->body);
	if (resp->file_fd >= 0)
		close(resp->file_fd);
	resp->file_fd = -1;
	resp->file_size = 0;
}

void http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	if (resp->n_headers == resp->cap_headers) {
		size_t cap = resp->cap_headers ? resp->cap_headers * 2 : 8;
		struct http_kv *h = arena_alloc(resp->arena, cap * sizeof *h);
		if (resp->n_headers)
			memcpy(h, resp->headers, resp->n_headers * sizeof *h);
		resp->headers = h;
		resp->cap_headers = cap;
	}
	resp->headers[resp->n_headers].name = arena_strdup(resp->arena, name);
	resp->headers[resp->n_headers].value = arena_strdup(resp->arena, value);
	resp->n_headers++;
}

const char *http_resp_get_header(const struct http_resp *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

enum app_status http_resp_set(struct http_resp *resp, int status, const char *content_type,
                              const void *data, size_t n)
{
	if (resp->file_fd >= 0) {
		close(resp->file_fd);
		resp->file_fd = -1;
	}
	buf_reset(&resp->body);
	if (buf_append(&resp->body, data, n) != APP_OK)
		return APP_ETOOLARGE;
	resp->status = status;
	resp->content_type = content_type ? arena_strdup(resp->arena, content_type) : NULL;
	return APP_OK;
}

void http_resp_file(struct http_resp *resp, int status, const char *content_type, int fd,
                    uint64_t size)
{
	if (resp->file_fd >= 0)
		close(resp->file_fd);
	buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = content_type ? arena_strdup(resp->arena, content_type) : NULL;
	resp->file_fd = fd;
	resp->file_size = size;
}

void http_resp_add_error(struct http_resp *resp, const char *field, const char *message)
{
	if (resp->n_errors == resp->cap_errors) {
		size_t cap = resp->cap_errors ? resp->cap_errors * 2 : 4;
		struct http_field_error *e = arena_alloc(resp->arena, cap * sizeof *e);
		if (resp->n_errors)
			memcpy(e, resp->errors, resp->n_errors * sizeof *e);
		resp->errors = e;
		resp->cap_errors = cap;
	}
	resp->errors[resp->n_errors].field = arena_strdup(resp->arena, field ? field : "");
	resp->errors[resp->n_errors].message = arena_strdup(resp->arena, message ? message : "");
	resp->n_errors++;
}
