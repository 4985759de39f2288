/* limits.h - every size, depth and count limit of zjtx, named in one place.
 *
 * Each limit can be overridden at build time with -DNAME=value; the
 * small-limits test build does so to exercise every "too large" path. */
#ifndef ZJTX_LIMITS_H
#define ZJTX_LIMITS_H

/* ---- text and records ---- */
#ifndef MAX_NAME_CHARS
#define MAX_NAME_CHARS 100 /* enterprise name, in characters (indicators.md) */
#endif
#define MAX_NAME_BYTES (MAX_NAME_CHARS * 4) /* UTF-8: at most 4 bytes per char */
#ifndef MAX_SHORT_TEXT_BYTES
#define MAX_SHORT_TEXT_BYTES 128 /* contact names, phone numbers, codes */
#endif
#ifndef MAX_ERR_MSG
#define MAX_ERR_MSG 512 /* one error message, bytes */
#endif

/* ---- CSV and import ---- */
#ifndef MAX_CSV_FIELD
#define MAX_CSV_FIELD (64 * 1024) /* one field, bytes after decoding */
#endif
#ifndef MAX_CSV_FIELDS
#define MAX_CSV_FIELDS 256 /* fields in one row */
#endif
#ifndef MAX_CSV_RECORD
#define MAX_CSV_RECORD (256 * 1024) /* one record (all fields), bytes */
#endif
#ifndef MAX_IMPORT_ERRORS
#define MAX_IMPORT_ERRORS 1000 /* row errors kept in a report; the rest are counted */
#endif
#ifndef MAX_IMPORT_ROWS
#define MAX_IMPORT_ROWS 10000000 /* data rows in one imported file */
#endif

/* ---- money ---- */
#ifndef MAX_MONEY_DIGITS
#define MAX_MONEY_DIGITS 40 /* characters in one money literal */
#endif

/* ---- HTTP server (src/http/) ---- */
#ifndef MAX_BODY_BYTES
#define MAX_BODY_BYTES (1024 * 1024) /* request body of an ordinary API call; larger → 413 */
#endif
#ifndef MAX_HEADER_BYTES
#define MAX_HEADER_BYTES (16 * 1024) /* request line plus headers; larger → 431 */
#endif
#ifndef MAX_URI_BYTES
#define MAX_URI_BYTES (8 * 1024) /* request target (path and query), bytes */
#endif
#ifndef MAX_PATH_SEGMENTS
#define MAX_PATH_SEGMENTS 32 /* '/'-separated segments of one path */
#endif
#ifndef MAX_QUERY_PARAMS
#define MAX_QUERY_PARAMS 64 /* name=value pairs in one query string */
#endif
#ifndef MAX_ROUTE_PARAMS
#define MAX_ROUTE_PARAMS 8 /* :name parameters in one route pattern */
#endif
#ifndef MAX_RESPONSE_BYTES
#define MAX_RESPONSE_BYTES (256 * 1024 * 1024) /* one buffered response body */
#endif
#ifndef MAX_HTTP_CONNECTIONS
#define MAX_HTTP_CONNECTIONS 1024 /* open connections, all clients together */
#endif
#ifndef MAX_HTTP_CONNECTIONS_PER_IP
#define MAX_HTTP_CONNECTIONS_PER_IP 128 /* open connections from one client address */
#endif
#ifndef MAX_HTTP_IDLE_SECONDS
#define MAX_HTTP_IDLE_SECONDS 30 /* a connection with no traffic for this long is closed */
#endif
#ifndef MAX_HTTP_HEAD_MS
#define MAX_HTTP_HEAD_MS 10000 /* connect (or previous response) to complete request head */
#endif
#ifndef MAX_HTTP_BODY_MS
#define MAX_HTTP_BODY_MS 120000 /* complete request head to complete body */
#endif
#ifndef MAX_HTTP_SHUTDOWN_MS
#define MAX_HTTP_SHUTDOWN_MS 10000 /* graceful stop: wait this long for in-flight requests */
#endif
#ifndef MAX_HTTP_THREADS
#define MAX_HTTP_THREADS 64 /* --threads */
#endif
#ifndef MAX_HTTP_ROUTES
#define MAX_HTTP_ROUTES 256 /* entries in the route table */
#endif
#ifndef MAX_JSON_DEPTH
#define MAX_JSON_DEPTH 32 /* nesting of arrays and objects in a request body */
#endif

/* ---- authentication (src/app/auth_crypto) ---- */
#ifndef MAX_PASSWORD_CHARS
#define MAX_PASSWORD_CHARS 128 /* longer passwords are refused (hashing cost is bounded anyway) */
#endif
#ifndef MAX_THROTTLE_ENTRIES
#define MAX_THROTTLE_ENTRIES 10000 /* sign-in throttle: remembered accounts, and as many IPs */
#endif

#endif
