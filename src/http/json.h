/* json.h - reading request bodies and writing responses with jansson.
 *
 * The prefix is js_ because jansson owns json_. Used only in http/ and io/;
 * the core never sees json_t (STYLE.md: typed structs, JSON at the edge).
 *
 * Reading: js_parse checks the nesting depth itself (jansson has no depth
 * option) by a pre-scan of brackets outside strings, then lets jansson parse
 * with duplicate keys rejected; jansson rejects invalid UTF-8 and \u0000.
 * The typed getters walk a parsed document while carrying the RFC 6901 JSON
 * pointer of where they are, so an error names the field: err->field =
 * "/figures/revenue", err->msg = "应为整数".
 *
 * Writing: compact output; integers stay exact (money is an integer count
 * of 分, never a real); reals are written with 15 significant digits. */
#ifndef ZJTX_JSON_H
#define ZJTX_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "http.h"

/* Longest JSON pointer kept for error reports (longer ones are cut). */
#define JS_PTR_MAX 128

/* Call once before starting threads: seeds jansson's hash function. */
void js_init(void);

/* Deepest nesting of arrays/objects in text (brackets inside strings are not
 * counted), stopping early once it exceeds limit. Malformed text is fine: the
 * parser reports it. */
int js_depth(const char *text, size_t n, int limit);

/* Parses a request body into *out (caller json_decref's it). Errors
 * (APP_EINVAL, Chinese message with line and column): empty body, nesting
 * deeper than MAX_JSON_DEPTH, syntax, invalid UTF-8, NUL characters,
 * duplicate keys, integers beyond int64. */
enum app_status js_parse(const char *text, size_t n, json_t **out, struct app_err *err);

/* Like js_parse for a request: also requires a JSON Content-Type
 * (application/json or application/...+json). */
enum app_status js_parse_req(const struct http_req *req, json_t **out, struct app_err *err);

/* A value inside a document, with its JSON pointer. Borrowed: valid while
 * the document is. */
struct js_at {
	const json_t *v; /* NULL when an optional member is absent */
	char ptr[JS_PTR_MAX];
};

/* The document root (pointer ""). */
void js_root(const json_t *doc, struct js_at *out);

enum js_need { JS_OPTIONAL = 0, JS_REQUIRED = 1 };

/* Every getter below: obj must be an object (else APP_EINVAL "应为对象" at
 * obj's pointer). A member that is absent or null is "缺少必填字段" when
 * required; when optional the getter returns APP_OK and leaves *out as it
 * was (so set the default first). Errors fill err->field with the member's
 * pointer and err->msg with the rule broken. */

/* The member as a js_at (out->v NULL if optional and absent). */
enum app_status js_member(const struct js_at *obj, const char *key, enum js_need need,
                          struct js_at *out, struct app_err *err);
/* A string of at most max_chars code points (0 = no limit). *out points into
 * the document. */
enum app_status js_get_str(const struct js_at *obj, const char *key, enum js_need need,
                           size_t max_chars, const char **out, struct app_err *err);
/* An integer (a JSON real, even 1.0, is refused) within [min, max]. */
enum app_status js_get_i64(const struct js_at *obj, const char *key, enum js_need need, int64_t min,
                           int64_t max, int64_t *out, struct app_err *err);
enum app_status js_get_bool(const struct js_at *obj, const char *key, enum js_need need, bool *out,
                            struct app_err *err);
/* An object member (out->v NULL if optional and absent). */
enum app_status js_get_object(const struct js_at *obj, const char *key, enum js_need need,
                              struct js_at *out, struct app_err *err);
/* An array of at most max_items elements (out->v NULL if optional and absent). */
enum app_status js_get_array(const struct js_at *obj, const char *key, enum js_need need,
                             size_t max_items, struct js_at *out, struct app_err *err);
/* Element i of an array (caller checks i < json_array_size). */
void js_index(const struct js_at *arr, size_t i, struct js_at *out);
/* Refuses members not in allowed (NULL-terminated): "未知字段". */
enum app_status js_check_keys(const struct js_at *obj, const char *const *allowed,
                              struct app_err *err);

/* Appends the compact serialisation of v to out. APP_ETOOLARGE if out's
 * limit is reached. */
enum app_status js_dump(const json_t *v, struct buf *out);
/* Sets resp to status with v as an application/json body; steals the
 * reference to v (decref'd in every case). */
enum app_status js_reply(struct http_resp *resp, int status, json_t *v);

#endif
