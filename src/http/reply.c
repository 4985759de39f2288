/* reply.c - app_status → HTTP status, and RFC 9457 problem bodies. */
#include "reply.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "json.h"

/* THE table. Rows with app == APP_STATUS_COUNT are HTTP-level problems that
 * no application status produces. A lookup by HTTP status takes the first
 * row with that status. */
static const struct problem_kind {
	enum app_status app;
	int http;
	const char *type;  /* urn:zjtx:problem:<type> */
	const char *title; /* fixed, Chinese */
} kinds[] = {
    {APP_OK, 200, "ok", "成功"},
    {APP_EINVAL, 400, "invalid", "请求内容有误"},
    {APP_EAUTH, 401, "unauthenticated", "未登录或登录已失效"},
    {APP_EPERM, 403, "forbidden", "无权执行此操作"},
    {APP_ENOTFOUND, 404, "not_found", "未找到"},
    {APP_ECONFLICT, 409, "conflict", "与现有数据冲突"},
    {APP_ETOOLARGE, 413, "too_large", "超出大小限制"},
    {APP_ETHROTTLED, 429, "throttled", "尝试过于频繁，请稍后再试"},
    {APP_EDB, 500, "database", "数据库错误"},
    {APP_EIO, 500, "io", "读写错误"},
    {APP_EINTERNAL, 500, "internal", "服务器内部错误"},
    {APP_ENOTSUP, 501, "not_supported", "不支持此功能"},
    {APP_STATUS_COUNT, 405, "method_not_allowed", "不允许的请求方法"},
    {APP_STATUS_COUNT, 408, "timeout", "请求超时"},
    {APP_STATUS_COUNT, 414, "uri_too_long", "请求地址过长"},
    {APP_STATUS_COUNT, 415, "unsupported_media_type", "不支持的内容类型"},
    {APP_STATUS_COUNT, 431, "header_too_large", "请求头过大"},
    {APP_STATUS_COUNT, 503, "unavailable", "服务暂不可用"},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

static const struct problem_kind *by_app(enum app_status s)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].app == s)
			return &kinds[i];
	return by_app(APP_EINTERNAL);
}

static const struct problem_kind *by_http(int http)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].http == http)
			return &kinds[i];
	return NULL;
}

int reply_http_status(enum app_status s)
{
	return by_app(s)->http;
}

/* A JSON string of the longest valid UTF-8 prefix of s (fixed-size error
 * fields may have been cut inside a character); NULL reads as "". */
static json_t *jstr(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	while (n > 0 && !utf8_valid(s, n))
		n--;
	return json_stringn(s, n);
}

static void render(const struct http_req *req, struct http_resp *resp, int http, const char *type,
                   const char *title, const char *detail, const char *field, const char *field_msg)
{
	char urn[96];
	snprintf(urn, sizeof urn, "urn:zjtx:problem:%s", type);
	json_t *p = json_object();
	json_object_set_new(p, "type", json_string(urn));
	json_object_set_new(p, "title", json_string(title));
	json_object_set_new(p, "status", json_integer(http));
	if (detail && detail[0])
		json_object_set_new(p, "detail", jstr(detail));
	if (req && req->id[0])
		json_object_set_new(p, "instance", json_string(req->id));
	if (resp->n_errors || (field && field[0])) {
		json_t *arr = json_array();
		for (size_t i = 0; i < resp->n_errors; i++)
			json_array_append_new(arr, json_pack("{s:o,s:o}", "field",
			                                     jstr(resp->errors[i].field), "message",
			                                     jstr(resp->errors[i].message)));
		if (!resp->n_errors)
			json_array_append_new(arr, json_pack("{s:o,s:o}", "field", jstr(field),
			                                     "message", jstr(field_msg)));
		json_object_set_new(p, "errors", arr);
	}
	http_resp_set(resp, http, NULL, NULL, 0);
	if (js_dump(p, &resp->body) != APP_OK)
		buf_reset(&resp->body);
	json_decref(p);
	resp->content_type = "application/problem+json";
}

void reply_error(const struct http_req *req, struct http_resp *resp, enum app_status s,
                 const struct app_err *err)
{
	const struct problem_kind *k = by_app(s == APP_OK ? APP_EINTERNAL : s);
	char detail[MAX_ERR_MSG + 96];
	const char *field = err ? err->field : "";
	const char *msg = err && err->msg[0] ? err->msg : "";
	if (k->http >= 500)
		snprintf(detail, sizeof detail,
		         "服务器处理请求时出错，请联系管理员并提供请求编号 %s", req ? req->id : "");
	else if (field[0] && msg[0])
		snprintf(detail, sizeof detail, "%s: %s", field, msg);
	else
		snprintf(detail, sizeof detail, "%s", msg);
	if (k->http >= 500)
		field = "";
	render(req, resp, k->http, k->type, k->title, detail, field, msg);
}

void reply_http_error(const struct http_req *req, struct http_resp *resp, int http_status,
                      const char *detail)
{
	const struct problem_kind *k = by_http(http_status);
	if (!k) {
		char type[16];
		snprintf(type, sizeof type, "http_%d", http_status);
		render(req, resp, http_status, type, "请求无法处理", detail, NULL, NULL);
		return;
	}
	render(req, resp, http_status, k->type, k->title, detail, NULL, NULL);
}
