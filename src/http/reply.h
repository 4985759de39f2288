/* reply.h - the one mapping from enum app_status to HTTP, and the uniform
 * error body.
 *
 * Every error response of the server is application/problem+json (RFC 9457):
 *
 *   {"type":"urn:zjtx:problem:invalid","title":"请求内容有误","status":400,
 *    "detail":"/figures/revenue: 应为整数","instance":"5f3a9c21-2a",
 *    "errors":[{"field":"/figures/revenue","message":"应为整数"}]}
 *
 * type names the kind of problem, title is its fixed Chinese name, detail
 * this occurrence, instance the request id (also in X-Request-Id and the
 * access log), errors the field errors (JSON pointers into the request
 * body). For 5xx statuses the detail is generic: the real message is for the
 * server log, not the client. */
#ifndef ZJTX_REPLY_H
#define ZJTX_REPLY_H

#include "base/err.h"
#include "http.h"

/* HTTP status for an application status (APP_OK → 200). */
int reply_http_status(enum app_status s);

/* Fills resp with the problem for an application error: HTTP status from the
 * table, detail from err->msg (prefixed "field: " when err->field is set),
 * errors from resp's field errors (http_resp_add_error) or else from
 * err->field. err may be NULL. */
void reply_error(const struct http_req *req, struct http_resp *resp, enum app_status s,
                 const struct app_err *err);

/* Fills resp with the problem for an HTTP-level error that has no
 * application status (404 unknown path, 405, 413, 414, 431, 503, ...);
 * detail may be NULL. */
void reply_http_error(const struct http_req *req, struct http_resp *resp, int http_status,
                      const char *detail);

#endif
