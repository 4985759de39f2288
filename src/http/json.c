/* json.c - jansson wrapper: bounded parsing, typed getters with JSON
 * pointers, compact writer. */
#include "json.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"

void js_init(void)
{
	/* Seeding explicitly avoids the lazy seeding racing between threads. */
	json_object_seed(0);
}

int js_depth(const char *text, size_t n, int limit)
{
	int depth = 0, max = 0;
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max) {
				max = depth;
				if (max > limit)
					return max;
			}
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/* Chinese wording for jansson's error codes. */
static const char *parse_error_text(enum json_error_code code)
{
	switch (code) {
	case json_error_invalid_utf8:
		return "含有非法的 UTF-8 字节";
	case json_error_premature_end_of_input:
		return "内容不完整";
	case json_error_end_of_input_expected:
		return "JSON 之后还有多余内容";
	case json_error_duplicate_key:
		return "对象中有重复的字段名";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "含有 NUL 字符";
	case json_error_numeric_overflow:
		return "数值超出范围";
	case json_error_out_of_memory:
	case json_error_stack_overflow:
		return "嵌套过深或内容过大";
	default:
		return "语法错误";
	}
}

enum app_status js_parse(const char *text, size_t n, json_t **out, struct app_err *err)
{
	*out = NULL;
	if (n == 0)
		return app_err_set(err, APP_EINVAL, "请求体为空，应为 JSON");
	if (js_depth(text, n, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
		return app_err_set(err, APP_EINVAL, "JSON 嵌套超过 %d 层", MAX_JSON_DEPTH);
	json_error_t je;
	json_t *doc = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		app_err_field(err, "");
		return app_err_set(err, APP_EINVAL, "请求体不是合法的 JSON：%s（第 %d 行第 %d 列）",
		                   parse_error_text(json_error_code(&je)), je.line, je.column);
	}
	*out = doc;
	return APP_OK;
}

static bool is_json_type(const char *ct)
{
	/* type/subtype, optional parameters after ';' */
	size_t n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return true;
	return n > 17 && strncasecmp(ct, "application/", 12) == 0 &&
	       strncasecmp(ct + n - 5, "+json", 5) == 0;
}

enum app_status js_parse_req(const struct http_req *req, json_t **out, struct app_err *err)
{
	*out = NULL;
	const char *ct = http_req_header(req, "Content-Type");
	if (!ct || !is_json_type(ct))
		return app_err_set(err, APP_EINVAL, "请求的 Content-Type 应为 application/json");
	return js_parse(req->body, req->body_len, out, err);
}

/* ---- getters ---- */

void js_root(const json_t *doc, struct js_at *out)
{
	out->v = doc;
	out->ptr[0] = '\0';
}

/* Appends "/key" (with ~ and / escaped per RFC 6901) to ptr. Cuts at a
 * UTF-8 boundary if too long. */
static void ptr_join(char *dst, const char *base, const char *key)
{
	size_t n = strlen(base);
	char tmp[JS_PTR_MAX * 2];
	size_t j = 0;
	tmp[j++] = '/';
	for (const char *k = key; *k && j < sizeof tmp - 3; k++) {
		if (*k == '~' || *k == '/') {
			tmp[j++] = '~';
			tmp[j++] = *k == '~' ? '0' : '1';
		} else {
			tmp[j++] = *k;
		}
	}
	tmp[j] = '\0';
	if (dst != base)
		str_copy(dst, JS_PTR_MAX, base, n);
	if (n < JS_PTR_MAX - 1)
		str_copy(dst + n, JS_PTR_MAX - n, tmp, j);
}

static enum app_status fail_at(struct app_err *err, const char *ptr, const char *msg)
{
	app_err_field(err, ptr);
	return app_err_set(err, APP_EINVAL, "%s", msg);
}

enum app_status js_member(const struct js_at *obj, const char *key, enum js_need need,
                          struct js_at *out, struct app_err *err)
{
	if (!json_is_object(obj->v))
		return fail_at(err, obj->ptr, "应为对象");
	ptr_join(out->ptr, obj->ptr, key);
	out->v = json_object_get(obj->v, key);
	if (out->v && json_is_null(out->v))
		out->v = NULL;
	if (!out->v && need == JS_REQUIRED)
		return fail_at(err, out->ptr, "缺少必填字段");
	return APP_OK;
}

enum app_status js_get_str(const struct js_at *obj, const char *key, enum js_need need,
                           size_t max_chars, const char **out, struct app_err *err)
{
	struct js_at m;
	enum app_status s = js_member(obj, key, need, &m, err);
	if (s != APP_OK || !m.v)
		return s;
	if (!json_is_string(m.v))
		return fail_at(err, m.ptr, "应为字符串");
	const char *v = json_string_value(m.v);
	if (max_chars && utf8_chars(v, json_string_length(m.v)) > max_chars) {
		char msg[64];
		snprintf(msg, sizeof msg, "长度不得超过 %zu 个字符", max_chars);
		return fail_at(err, m.ptr, msg);
	}
	*out = v;
	return APP_OK;
}

enum app_status js_get_i64(const struct js_at *obj, const char *key, enum js_need need, int64_t min,
                           int64_t max, int64_t *out, struct app_err *err)
{
	struct js_at m;
	enum app_status s = js_member(obj, key, need, &m, err);
	if (s != APP_OK || !m.v)
		return s;
	if (!json_is_integer(m.v))
		return fail_at(err, m.ptr, json_is_number(m.v) ? "应为整数" : "应为数字");
	int64_t v = (int64_t)json_integer_value(m.v);
	if (v < min || v > max) {
		char msg[96];
		snprintf(msg, sizeof msg, "应在 %lld 到 %lld 之间", (long long)min, (long long)max);
		return fail_at(err, m.ptr, msg);
	}
	*out = v;
	return APP_OK;
}

enum app_status js_get_bool(const struct js_at *obj, const char *key, enum js_need need, bool *out,
                            struct app_err *err)
{
	struct js_at m;
	enum app_status s = js_member(obj, key, need, &m, err);
	if (s != APP_OK || !m.v)
		return s;
	if (!json_is_boolean(m.v))
		return fail_at(err, m.ptr, "应为布尔值（true 或 false）");
	*out = json_is_true(m.v);
	return APP_OK;
}

enum app_status js_get_object(const struct js_at *obj, const char *key, enum js_need need,
                              struct js_at *out, struct app_err *err)
{
	enum app_status s = js_member(obj, key, need, out, err);
	if (s != APP_OK || !out->v)
		return s;
	if (!json_is_object(out->v))
		return fail_at(err, out->ptr, "应为对象");
	return APP_OK;
}

enum app_status js_get_array(const struct js_at *obj, const char *key, enum js_need need,
                             size_t max_items, struct js_at *out, struct app_err *err)
{
	enum app_status s = js_member(obj, key, need, out, err);
	if (s != APP_OK || !out->v)
		return s;
	if (!json_is_array(out->v))
		return fail_at(err, out->ptr, "应为数组");
	if (json_array_size(out->v) > max_items) {
		char msg[64];
		snprintf(msg, sizeof msg, "元素不得超过 %zu 个", max_items);
		app_err_field(err, out->ptr);
		return app_err_set(err, APP_ETOOLARGE, "%s", msg);
	}
	return APP_OK;
}

void js_index(const struct js_at *arr, size_t i, struct js_at *out)
{
	char key[24];
	snprintf(key, sizeof key, "%zu", i);
	ptr_join(out->ptr, arr->ptr, key);
	out->v = json_array_get(arr->v, i);
}

enum app_status js_check_keys(const struct js_at *obj, const char *const *allowed,
                              struct app_err *err)
{
	if (!json_is_object(obj->v))
		return fail_at(err, obj->ptr, "应为对象");
	const char *key;
	const json_t *val;
	json_object_foreach((json_t *)obj->v, key, val)
	{
		bool known = false;
		for (size_t i = 0; allowed[i] && !known; i++)
			known = strcmp(allowed[i], key) == 0;
		if (!known) {
			char ptr[JS_PTR_MAX];
			ptr_join(ptr, obj->ptr, key);
			return fail_at(err, ptr, "未知字段");
		}
	}
	(void)val;
	return APP_OK;
}

/* ---- writing ---- */

static int dump_cb(const char *data, size_t n, void *ctx)
{
	return buf_append(ctx, data, n) == APP_OK ? 0 : -1;
}

enum app_status js_dump(const json_t *v, struct buf *out)
{
	/* Reals (ratios, scores; never money) with 15 significant digits:
	 * 0.1 prints as 0.1, not 0.10000000000000001. */
	size_t flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);
	if (json_dump_callback(v, dump_cb, out, flags) != 0)
		return APP_ETOOLARGE;
	return APP_OK;
}

enum app_status js_reply(struct http_resp *resp, int status, json_t *v)
{
	http_resp_set(resp, status, NULL, NULL, 0); /* drops any earlier body or file */
	enum app_status s = v ? js_dump(v, &resp->body) : APP_EINTERNAL;
	json_decref(v);
	if (s != APP_OK)
		return s;
	resp->status = status;
	resp->content_type = "application/json";
	return APP_OK;
}
