/* http.h - the library-neutral request and response that handlers see.
 *
 * server.c (the only file that knows the HTTP library) fills a struct
 * http_req from each request and turns the struct http_resp a handler fills
 * into the library's response. Handlers and their tests use only this header,
 * so a handler can be exercised without sockets: build a request with
 * http_req_init and http_parse_target, call the handler, read the response.
 *
 * Memory: every string a request exposes lives in the request's arena
 * (req->arena) and dies with it at the end of the request. Response headers
 * and field errors are copied into the same arena. */
#ifndef ZJTX_HTTP_H
#define ZJTX_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"

enum http_method {
	HTTP_GET = 0,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER, /* any other token: never matches a route */
	HTTP_METHOD_COUNT
};

/* Upper-case name of m ("GET"); "OTHER" for HTTP_OTHER. */
const char *http_method_name(enum http_method m);
/* Exact, case-sensitive match of a method token (RFC 9110 methods are
 * case-sensitive); anything unknown is HTTP_OTHER. s may be NULL. */
enum http_method http_method_parse(const char *s);

/* A name/value pair. Both are NUL-terminated and contain no NUL. */
struct http_kv {
	const char *name;
	const char *value;
};

/* One field error of a problem response: field is an RFC 6901 JSON pointer
 * into the request body ("/figures/revenue"), message is Chinese. */
struct http_field_error {
	const char *field;
	const char *message;
};

/* A request target split and decoded (see http_parse_target). */
struct http_target {
	const char *path;  /* raw path as received, without the query */
	const char **segs; /* decoded path segments; "/" has none */
	size_t n_segs;
	struct http_kv *query; /* decoded query parameters, in order */
	size_t n_query;
};

struct http_route;
struct http_server;

struct http_req {
	enum http_method method;
	const char *method_name; /* as received */
	const char *target;      /* raw request target (path and query) */
	struct http_target t;    /* decoded path and query */
	struct http_kv *headers; /* as received; names compared case-insensitively */
	size_t n_headers;
	struct http_kv params[MAX_ROUTE_PARAMS]; /* :name values of the matched route, decoded */
	size_t n_params;
	const char *body; /* NUL-terminated; "" when there is none */
	size_t body_len;
	char ip[48];                    /* client address, textual ("127.0.0.1", "::1") */
	char id[24];                    /* request id, also sent as X-Request-Id */
	const struct http_route *route; /* the matched route; NULL for static files and errors */
	const char *user;               /* set by the authentication pre-handler; "" before */
	void *app;                      /* application context given to the server */
	struct http_server *server;     /* the server (for /metrics); NULL in handler tests */
	struct arena *arena;            /* per-request memory, freed after the response */
};

struct http_resp {
	int status;               /* HTTP status code; 200 until set */
	const char *content_type; /* NULL: no Content-Type (empty body) */
	struct buf body;          /* buffered body, at most MAX_RESPONSE_BYTES */
	int file_fd;              /* >= 0: the body is this open file instead */
	uint64_t file_size;       /* bytes of file_fd to send */
	struct http_kv *headers;  /* extra headers, in the arena */
	size_t n_headers, cap_headers;
	struct http_field_error *errors; /* field errors for a problem response */
	size_t n_errors, cap_errors;
	struct arena *arena; /* the request's arena */
};

/* Prepares an empty request using arena a (not owned). */
void http_req_init(struct http_req *req, struct arena *a);

/* Splits a raw request target ("/a/b%20c?x=1&y=") into decoded path segments
 * and query parameters, copied into arena a.
 *
 * Rules, each failing with APP_EINVAL and a Chinese message unless noted:
 * the target starts with '/', is at most MAX_URI_BYTES (else APP_ETOOLARGE)
 * and holds only visible ASCII (no spaces, controls, '#' or bytes >= 0x80
 * unescaped); escapes are %XX with two hex digits; a decoded segment may not
 * hold '/', NUL, or be "." or ".."; decoded text must be valid UTF-8; at
 * most MAX_PATH_SEGMENTS segments and MAX_QUERY_PARAMS parameters (else
 * APP_ETOOLARGE). In the query '+' means space; "a" alone is a = "";
 * empty pairs ("a=1&&b=2") are skipped. Empty path segments are kept
 * ("/a//b" is "a", "", "b"; "/a/" is "a", ""). */
enum app_status http_parse_target(struct arena *a, const char *target, struct http_target *out,
                                  struct app_err *err);

/* Case-insensitive header lookup: the first value, or NULL. */
const char *http_req_header(const struct http_req *req, const char *name);
/* First value of a decoded query parameter, or NULL. */
const char *http_req_query(const struct http_req *req, const char *name);
/* Value of a route :param, or NULL. */
const char *http_req_param(const struct http_req *req, const char *name);
/* Value of a cookie from the Cookie header(s) (RFC 6265: "a=b; c=d"; names
 * are case-sensitive; surrounding double quotes are removed), copied into
 * the arena; NULL if absent. */
const char *http_req_cookie(const struct http_req *req, const char *name);
/* Looks up a cookie in one Cookie header value; sets *val and *n to the value
 * inside s. Returns false if absent. Exposed for fuzzing and tests. */
bool http_cookie_find(const char *s, const char *name, const char **val, size_t *n);

/* Prepares an empty 200 response using arena a (not owned). */
void http_resp_init(struct http_resp *resp, struct arena *a);
/* Frees the body and closes file_fd if still open. Safe to call twice. */
void http_resp_clear(struct http_resp *resp);
/* Adds a header (name and value copied). Content-Type and Content-Length
 * are set through the body functions, not here. */
void http_resp_header(struct http_resp *resp, const char *name, const char *value);
/* First added header with this name (case-insensitive), or NULL. */
const char *http_resp_get_header(const struct http_resp *resp, const char *name);
/* Replaces the body with n bytes of data (copied) of the given type.
 * APP_ETOOLARGE beyond MAX_RESPONSE_BYTES. */
enum app_status http_resp_set(struct http_resp *resp, int status, const char *content_type,
                              const void *data, size_t n);
/* Makes the body size bytes of the open file fd; the response owns fd from
 * now on (closed by http_resp_clear or by the server after sending). */
void http_resp_file(struct http_resp *resp, int status, const char *content_type, int fd,
                    uint64_t size);
/* Appends a field error (both strings copied) for a problem response. */
void http_resp_add_error(struct http_resp *resp, const char *field, const char *message);

#endif
