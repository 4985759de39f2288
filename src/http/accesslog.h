/* accesslog.h - one JSON line per answered request.
 *
 *   {"time":"2025-11-28T07:14:00.123Z","id":"5f3a9c21-2a","method":"GET",
 *    "path":"/api/v1/enterprises","route":"enterprise_list","status":200,
 *    "bytes":1234,"dur_us":456,"user":"","ip":"127.0.0.1"}
 *
 * The path is the raw path without the query string (queries may carry
 * tokens or personal data). Strings are escaped; bytes that are not UTF-8
 * become U+FFFD, so every line is valid JSON whatever the client sent. */
#ifndef ZJTX_ACCESSLOG_H
#define ZJTX_ACCESSLOG_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct accesslog_entry {
	int64_t time_ms;    /* Unix time in milliseconds (UTC) */
	const char *id;     /* request id */
	const char *method; /* as received */
	const char *path;   /* raw path, no query */
	const char *route;  /* route name, "static", or "" */
	int status;         /* HTTP status sent; 0 if none */
	uint64_t bytes;     /* response body bytes */
	uint64_t dur_us;    /* request line to response sent */
	const char *user;   /* signed-in user, "" */
	const char *ip;     /* client address */
};

/* Appends the line (ending in '\n') to out. NULL strings are written as "". */
enum app_status accesslog_format(const struct accesslog_entry *e, struct buf *out);

/* Appends s as a JSON string literal (with quotes): controls escaped as
 * \u00XX, invalid UTF-8 replaced by U+FFFD. */
enum app_status accesslog_json_string(struct buf *out, const char *s);

#endif
