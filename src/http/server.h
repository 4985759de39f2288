/* server.h - the HTTP server: the one adapter over the HTTP library.
 *
 * server.c is the only file that includes microhttpd.h. It turns each
 * request into a struct http_req, finds the route (router.h), runs the
 * pre-handler and the handler, and sends the struct http_resp they fill.
 * Errors become application/problem+json through reply.h.
 *
 * Threads: libmicrohttpd's epoll loop runs in `threads` worker threads (a
 * pool); a handler runs on the worker that read its request, so handlers
 * must be thread-safe and should not block for long. One more thread
 * enforces the request deadlines and flushes the access log.
 *
 * Limits (limits.h, each overridable in the config): request body
 * MAX_BODY_BYTES (per route max_body) → 413; request head about
 * MAX_HEADER_BYTES → 431; MAX_HTTP_CONNECTIONS in all and
 * MAX_HTTP_CONNECTIONS_PER_IP per client address; idle connections closed
 * after MAX_HTTP_IDLE_SECONDS; a connection must deliver a complete request
 * head within MAX_HTTP_HEAD_MS of connecting (or of its previous response)
 * and the body within MAX_HTTP_BODY_MS after that, or it is closed (so a
 * client trickling one byte at a time cannot hold a connection).
 *
 * Built-in routes: GET /healthz → 200 {"status":"ok"} (503 "stopping" while
 * draining) and GET /metrics → Prometheus text (metrics.h).
 *
 * Graceful stop: http_server_request_stop (or SIGTERM/SIGINT after
 * http_server_handle_signals) makes http_server_wait stop accepting, let
 * in-flight requests finish (at most MAX_HTTP_SHUTDOWN_MS), close the rest
 * and return. Responses sent while draining carry "Connection: close". */
#ifndef ZJTX_SERVER_H
#define ZJTX_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "http.h"
#include "router.h"

struct http_server_config {
	const char *listen;              /* "HOST:PORT", "[::1]:PORT"; port 0 picks a free port */
	unsigned threads;                /* worker threads, 1..MAX_HTTP_THREADS; 0 means 2 */
	const struct http_route *routes; /* the application's route table */
	size_t n_routes;
	const char *static_root; /* directory served for other GETs, NULL = none */
	FILE *access_log;        /* JSON lines (accesslog.h); NULL = none; not closed */
	/* The reverse proxy's address (normalised, http_ip_normalize): a
	 * request from it takes its client address from the last entry of
	 * X-Forwarded-For (the one the proxy appended), when that is an IP
	 * address. NULL: the header is ignored, as it is from any other peer. */
	const char *trusted_proxy;
	void *app; /* handed to handlers as req->app */
	/* Runs before every routed handler, after the route is known
	 * (req->route): authentication and permission checks. Returns APP_OK
	 * to continue, or an error (rendered as a problem; resp headers it set,
	 * such as Retry-After, are kept). NULL lets every request through. */
	enum app_status (*pre_handler)(struct http_req *req, struct http_resp *resp,
	                               struct app_err *err);
	/* Runs after the handler (or after a refusing pre-handler) of every
	 * routed request whose pre-handler ran: releases what the pre-handler
	 * took (req->ctx). The response is final; it may only read it. NULL
	 * means none. */
	void (*post_handler)(struct http_req *req, const struct http_resp *resp);
	/* Database size for /metrics (zjtx_db_size_bytes); NULL or < 0 omits it. */
	int64_t (*db_size_bytes)(void *app);
	/* Overrides of limits.h; 0 keeps the default. */
	size_t max_body_bytes;
	unsigned max_connections, max_connections_per_ip;
	unsigned idle_seconds, head_ms, body_ms, shutdown_ms;
};

struct http_server;

/* Writes the canonical text of the IPv4 or IPv6 address in text (an
 * IPv4-mapped IPv6 address as IPv4) to out[n]; false when text is not an
 * address (surrounding blanks are ignored) or out is too small. */
bool http_ip_normalize(const char *text, char *out, size_t n);

/* The built-in routes (/healthz, /metrics), for listings. */
const struct http_route *http_server_builtin_routes(size_t *n);

/* Binds and starts serving. Errors: APP_EINVAL for a bad listen address,
 * thread count or route table (message names it), APP_EIO if the address
 * cannot be bound (in use, no permission) or the library fails to start,
 * APP_ENOTFOUND for a missing static root. The config is copied; the route
 * table, access_log and app must outlive the server. */
enum app_status http_server_start(const struct http_server_config *cfg, struct http_server **out,
                                  struct app_err *err);

/* The bound port (the real one when 0 was asked for). */
uint16_t http_server_port(const struct http_server *s);

/* Routes SIGTERM and SIGINT to http_server_request_stop(s). One server per
 * process can own the signals; http_server_free restores the defaults. */
void http_server_handle_signals(struct http_server *s);

/* Asks http_server_wait to stop. Async-signal-safe; any thread. */
void http_server_request_stop(struct http_server *s);

/* Blocks until a stop is requested, then stops gracefully (see above).
 * Returns APP_OK if every in-flight request finished in time, APP_EIO if
 * some were cut off at the deadline. Call once. */
enum app_status http_server_wait(struct http_server *s);

/* True once a stop has begun (health checks answer 503). */
bool http_server_draining(const struct http_server *s);

/* Appends the /metrics text. */
enum app_status http_server_metrics(const struct http_server *s, struct buf *out);

/* Stops at once if still running (no draining), then frees. NULL is a
 * no-op. */
void http_server_free(struct http_server *s);

#endif
