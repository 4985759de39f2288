/* server.c - libmicrohttpd adapter: the only file that includes
 * microhttpd.h.
 *
 * Life of a request (all on one worker thread):
 *   uri_log     request line parsed: allocate the struct rq (arena, clock)
 *   on_request  1st call, head complete: build http_req, route, check
 *               Content-Length; answer nothing yet (queueing a response on
 *               the first call makes libmicrohttpd 0.9.75 drop keep-alive)
 *   on_request  later calls with body bytes: accumulate up to the limit
 *   on_request  final call (no more body): pre-handler, handler, queue
 *   on_completed response sent (or connection lost): metrics, access log,
 *               free
 *
 * Connections are tracked (on_connection) with a deadline that the
 * watchdog thread enforces by shutting the socket down: libmicrohttpd's
 * own timeout is an idle timeout, which a client sending a byte a second
 * never triggers. libmicrohttpd announces a closed connection before it
 * closes the descriptor, and both the announcement and the watchdog hold
 * conns_lock, so the watchdog never touches a reused descriptor. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "accesslog.h"
#include "base/mem.h"
#include "base/str.h"
#include "json.h"
#include "metrics.h"
#include "reply.h"
#include "static.h"

struct rq;

/* One TCP connection (libmicrohttpd's socket_context). */
struct conn {
	struct conn *prev, *next; /* in srv->conns, under conns_lock */
	int fd;
	/* (monotonic ms << 1) | enum metrics_phase, 0 = none: one atomic so the
	 * watchdog never pairs a deadline with the phase of the next one. */
	atomic_int_fast64_t deadline;
	bool killed;   /* shut down by the watchdog (conns_lock) */
	struct rq *rq; /* request being read or served */
};

/* One request (libmicrohttpd's con_cls). */
struct rq {
	struct http_server *srv;
	struct conn *conn;
	struct arena arena;
	struct http_req req;
	struct http_resp resp;
	struct buf body;
	const char *uri; /* raw request target, from uri_log */
	int64_t t0_us;   /* monotonic, request line parsed */
	size_t max_body;
	size_t metric;     /* metrics route index */
	const char *label; /* route label for the access log */
	bool begun;        /* first on_request call done (counted in flight) */
	bool answered;     /* a response was queued */
	bool over_limit;   /* body exceeded max_body: answer 413 */
	size_t discarded;  /* body bytes dropped after over_limit */
	int early;         /* HTTP status decided from the head, 0 = none */
	struct app_err early_err;
	char allow[64];
	int status;
	uint64_t bytes;
};

struct http_server {
	struct http_server_config cfg;
	struct MHD_Daemon *d;
	int listen_fd; /* ours until MHD_start_daemon succeeds, MHD's after */
	uint16_t port;
	struct router *router;
	struct static_dir *statics;
	struct metrics *metrics;
	size_t m_static, m_unmatched; /* metrics indexes after the routes */
	pthread_mutex_t log_lock;
	pthread_mutex_t conns_lock;
	struct conn *conns;
	pthread_t watchdog;
	bool watchdog_running;
	int wd_pipe[2];   /* wakes the watchdog to exit */
	int stop_pipe[2]; /* stop requests, also from signal handlers */
	atomic_int in_flight;
	atomic_bool draining;
	atomic_uint_fast64_t next_id;
	char id_prefix[12];
	bool signals;
	bool stopped;
	struct sigaction old_term, old_int;
};

/* ---- clocks ---- */

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_ms(void)
{
	return mono_us() / 1000;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

_Static_assert(METRICS_PHASE_COUNT == 2, "the phase is one bit of conn.deadline");

static void set_deadline(struct conn *c, int64_t ms, enum metrics_phase phase)
{
	if (!c)
		return;
	int64_t v = ms ? (mono_ms() + ms) << 1 | (int64_t)phase : 0;
	atomic_store_explicit(&c->deadline, v, memory_order_relaxed);
}

/* ---- built-in routes ---- */

static enum app_status h_healthz(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	(void)err;
	if (req->server && http_server_draining(req->server))
		return http_resp_set(resp, 503, "application/json", "{\"status\":\"stopping\"}",
		                     21);
	return http_resp_set(resp, 200, "application/json", "{\"status\":\"ok\"}", 15);
}

static enum app_status h_metrics(struct http_req *req, struct http_resp *resp, struct app_err *err)
{
	if (!req->server)
		return app_err_set(err, APP_EINTERNAL, "没有服务器实例");
	http_resp_set(resp, 200, "text/plain; version=0.0.4; charset=utf-8", NULL, 0);
	return http_server_metrics(req->server, &resp->body);
}

static const struct http_route builtin_routes[] = {
    {HTTP_GET, "/healthz", h_healthz, PERM_PUBLIC, "healthz", 0},
    {HTTP_GET, "/metrics", h_metrics, PERM_SYSTEM, "metrics", 0},
};

const struct http_route *http_server_builtin_routes(size_t *n)
{
	*n = sizeof builtin_routes / sizeof builtin_routes[0];
	return builtin_routes;
}

/* ---- request lifecycle ---- */

static void rq_free(struct rq *rq)
{
	if (!rq)
		return;
	http_resp_clear(&rq->resp);
	buf_free(&rq->body);
	arena_clear(&rq->arena);
	free(rq);
}

static void log_access(struct http_server *srv, struct rq *rq, uint64_t dur_us)
{
	if (!srv->cfg.access_log)
		return;
	struct accesslog_entry e = {
	    .time_ms = wall_ms(),
	    .id = rq->req.id,
	    .method = rq->req.method_name,
	    .path = rq->req.t.path ? rq->req.t.path : rq->uri,
	    .route = rq->label,
	    .status = rq->status,
	    .bytes = rq->bytes,
	    .dur_us = dur_us,
	    .user = rq->req.user,
	    .ip = rq->req.ip,
	};
	struct buf b;
	buf_init(&b, 8 * MAX_URI_BYTES); /* escaping can grow a path up to 6x */
	if (accesslog_format(&e, &b) == APP_OK) {
		pthread_mutex_lock(&srv->log_lock);
		fwrite(b.p, 1, b.len, srv->cfg.access_log);
		pthread_mutex_unlock(&srv->log_lock);
	}
	buf_free(&b);
}

/* Ends a request: metrics, access log, in-flight count, next deadline. */
static void rq_finish(struct rq *rq)
{
	struct http_server *srv = rq->srv;
	uint64_t dur = (uint64_t)(mono_us() - rq->t0_us);
	if (rq->answered) {
		metrics_observe(srv->metrics, rq->metric, rq->req.method, rq->status, dur);
		log_access(srv, rq, dur);
	}
	if (rq->begun)
		atomic_fetch_sub(&srv->in_flight, 1);
	if (rq->conn) {
		rq->conn->rq = NULL;
		set_deadline(rq->conn, srv->cfg.head_ms, METRICS_HEAD);
	}
	rq_free(rq);
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_server *srv = cls;
	struct rq *rq = xcalloc(1, sizeof *rq);
	rq->srv = srv;
	rq->t0_us = mono_us();
	arena_init(&rq->arena);
	http_req_init(&rq->req, &rq->arena);
	http_resp_init(&rq->resp, &rq->arena);
	buf_init(&rq->body, MAX_BODY_BYTES);
	rq->uri = arena_strdup(&rq->arena, uri ? uri : "");
	rq->label = "";
	rq->metric = srv->m_unmatched;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *conn = ci ? ci->socket_context : NULL;
	if (conn) {
		if (conn->rq && !conn->rq->begun)
			rq_free(conn->rq); /* a head that never completed */
		conn->rq = rq;
		rq->conn = conn;
	}
	return rq;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	struct rq *rq = cls;
	struct http_kv *h = &rq->req.headers[rq->req.n_headers++];
	h->name = arena_strdup(&rq->arena, key ? key : "");
	h->value = arena_strdup(&rq->arena, value ? value : "");
	return MHD_YES;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a))
			inet_ntop(AF_INET, &a->s6_addr[12], out, (socklen_t)n);
		else
			inet_ntop(AF_INET6, a, out, (socklen_t)n);
	}
}

bool http_ip_normalize(const char *text, char *out, size_t n)
{
	char t[INET6_ADDRSTRLEN];
	size_t len;
	while (*text == ' ' || *text == '\t')
		text++;
	for (len = strlen(text); len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'); len--)
		;
	if (len == 0 || len >= sizeof t)
		return false;
	memcpy(t, text, len);
	t[len] = '\0';
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, t, &a4) == 1)
		return inet_ntop(AF_INET, &a4, out, (socklen_t)n) != NULL;
	if (inet_pton(AF_INET6, t, &a6) != 1)
		return false;
	if (IN6_IS_ADDR_V4MAPPED(&a6))
		return inet_ntop(AF_INET, &a6.s6_addr[12], out, (socklen_t)n) != NULL;
	return inet_ntop(AF_INET6, &a6, out, (socklen_t)n) != NULL;
}

/* Behind the trusted proxy, the client is the last X-Forwarded-For entry
 * (earlier ones are whatever the client sent and prove nothing). */
static void forwarded_ip(const struct http_server *srv, struct http_req *req)
{
	if (!srv->cfg.trusted_proxy || strcmp(req->ip, srv->cfg.trusted_proxy) != 0)
		return;
	const char *x = NULL; /* the last header of that name: the proxy's own */
	for (size_t i = 0; i < req->n_headers; i++)
		if (strcasecmp(req->headers[i].name, "X-Forwarded-For") == 0)
			x = req->headers[i].value;
	if (!x)
		return;
	const char *last = strrchr(x, ',');
	char ip[sizeof req->ip];
	if (http_ip_normalize(last ? last + 1 : x, ip, sizeof ip))
		memcpy(req->ip, ip, sizeof ip);
}

/* Routes the request. Errors found here are answered after the body has
 * been read (and discarded), so the connection stays usable. */
static void route_request(struct rq *rq)
{
	struct http_server *srv = rq->srv;
	struct http_req *req = &rq->req;
	enum app_status s = http_parse_target(&rq->arena, rq->uri, &req->t, &rq->early_err);
	if (s != APP_OK) {
		req->t.path = rq->uri;
		rq->early = s == APP_ETOOLARGE ? 414 : 400;
		return;
	}
	struct router_match m;
	enum router_result r =
	    router_match(srv->router, req->method, req->t.segs, req->t.n_segs, &m);
	if (r == ROUTER_FOUND) {
		req->route = m.route;
		req->n_params = m.n_params;
		memcpy(req->params, m.params, m.n_params * sizeof m.params[0]);
		rq->metric = m.index;
		rq->label = m.route->name;
		if (m.route->max_body)
			rq->max_body = m.route->max_body;
		return;
	}
	if (r == ROUTER_METHOD_NOT_ALLOWED) {
		rq->early = 405;
		snprintf(rq->allow, sizeof rq->allow, "%s", m.allow);
		return;
	}
	if (srv->statics && (req->method == HTTP_GET || req->method == HTTP_HEAD)) {
		rq->metric = srv->m_static;
		rq->label = "static";
		return;
	}
	rq->early = 404;
}

static enum MHD_Result send_response(struct rq *rq, struct MHD_Connection *c);

/* The web UI loads scripts, styles, fonts and data from this server only;
 * no inline script, no eval, no plug-ins, no framing. Inline styles are
 * allowed: Element Plus and ECharts set style attributes. */
#define HTTP_CSP                                                                                   \
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                \
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "                  \
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/* First call: the request head is complete. */
static enum MHD_Result begin(struct rq *rq, struct MHD_Connection *c, const char *method)
{
	struct http_server *srv = rq->srv;
	struct http_req *req = &rq->req;
	rq->begun = true;
	atomic_fetch_add(&srv->in_flight, 1);
	req->method = http_method_parse(method);
	req->method_name = arena_strdup(&rq->arena, method ? method : "");
	req->target = rq->uri;
	req->app = srv->cfg.app;
	req->server = srv;
	snprintf(req->id, sizeof req->id, "%s-%llx", srv->id_prefix,
	         (unsigned long long)atomic_fetch_add(&srv->next_id, 1));
	client_ip(c, req->ip, sizeof req->ip);
	int nh = MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL);
	req->headers = arena_alloc(&rq->arena, (size_t)(nh > 0 ? nh : 1) * sizeof *req->headers);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, rq);
	forwarded_ip(srv, req);
	rq->max_body = srv->cfg.max_body_bytes;
	route_request(rq);
	rq->body.max = rq->max_body;
	set_deadline(rq->conn, srv->cfg.body_ms, METRICS_BODY);

	const char *cl = http_req_header(req, "Content-Length");
	int64_t len = 0;
	if (cl && str_to_i64(strv_from(cl), &len) && len > (int64_t)rq->max_body) {
		/* Refuse before reading: answering now also closes the
		 * connection, which is what an unread body requires. */
		rq->over_limit = true;
		return send_response(rq, c);
	}
	return MHD_YES;
}

static enum MHD_Result take_body(struct rq *rq, struct MHD_Connection *c, const char *data,
                                 size_t n)
{
	if (rq->answered)
		return MHD_YES;
	if (rq->over_limit) {
		/* Dropping the rest of an oversized chunked body. Past a second
		 * limit's worth, stop reading and close without an answer. */
		rq->discarded += n;
		return rq->discarded > rq->max_body ? MHD_NO : MHD_YES;
	}
	if (buf_append(&rq->body, data, n) == APP_OK)
		return MHD_YES;
	rq->over_limit = true;
	rq->discarded = n;
	buf_free(&rq->body);
	/* A chunked body grew past the limit. libmicrohttpd 0.9.75 does not
	 * let a response be queued while the body is being read, so the rest
	 * is read and dropped (within the body deadline) and 413 is sent at
	 * the end; a later version that accepts it answers at once. */
	send_response(rq, c);
	return MHD_YES;
}

static void log_internal(struct rq *rq, enum app_status s, const struct app_err *err)
{
	fprintf(stderr, "zjtx: request %s %s %s: %s: %s\n", rq->req.id, rq->req.method_name,
	        rq->req.t.path ? rq->req.t.path : "", app_status_str(s), err->msg);
}

/* Produces the response for a request whose body is complete. */
static void run(struct rq *rq)
{
	struct http_server *srv = rq->srv;
	struct http_req *req = &rq->req;
	struct http_resp *resp = &rq->resp;
	if (rq->over_limit) {
		char msg[96];
		snprintf(msg, sizeof msg, "请求体超过 %zu 字节的上限", rq->max_body);
		reply_http_error(req, resp, 413, msg);
		return;
	}
	if (rq->early) {
		reply_http_error(req, resp, rq->early,
		                 rq->early_err.msg[0] ? rq->early_err.msg : NULL);
		if (rq->early == 405)
			http_resp_header(resp, "Allow", rq->allow);
		return;
	}
	if (!req->route) {
		if (static_dir_serve(srv->statics, req, resp) != APP_OK)
			reply_http_error(req, resp, 404, NULL);
		return;
	}
	req->body = buf_cstr(&rq->body);
	req->body_len = rq->body.len;
	struct app_err err = {0};
	enum app_status s = APP_OK;
	if (srv->cfg.pre_handler)
		s = srv->cfg.pre_handler(req, resp, &err);
	if (s == APP_OK)
		s = req->route->handler(req, resp, &err);
	if (s == APP_OK && (resp->status < 100 || resp->status > 599))
		s = app_err_set(&err, APP_EINTERNAL, "处理函数返回了无效的 HTTP 状态 %d",
		                resp->status);
	if (s != APP_OK) {
		if (reply_http_status(s) >= 500)
			log_internal(rq, s, &err);
		reply_error(req, resp, s, &err);
	}
	if (srv->cfg.post_handler)
		srv->cfg.post_handler(req, resp);
}

static enum MHD_Result send_response(struct rq *rq, struct MHD_Connection *c)
{
	struct http_resp *resp = &rq->resp;
	if (rq->over_limit && resp->status != 413)
		run(rq); /* builds the 413 problem */
	struct MHD_Response *r;
	uint64_t size;
	if (resp->file_fd >= 0) {
		size = resp->file_size;
		r = MHD_create_response_from_fd64(size, resp->file_fd);
		if (r)
			resp->file_fd = -1; /* the library closes it */
	} else {
		size = resp->body.len;
		char *data = buf_steal(&resp->body);
		r = MHD_create_response_from_buffer((size_t)size, data, MHD_RESPMEM_MUST_FREE);
	}
	if (!r)
		return MHD_NO;
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	MHD_add_response_header(r, "X-Request-Id", rq->req.id);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy", HTTP_CSP);
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	/* API answers carry business and personal data: no caching unless the
	 * handler (or the static file server) says otherwise. */
	if (!http_resp_get_header(resp, "Cache-Control"))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (atomic_load(&rq->srv->draining))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	if (ok == MHD_YES) {
		rq->answered = true;
		rq->status = resp->status;
		rq->bytes = size;
	}
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct rq *rq = *con_cls;
	if (!rq) /* no uri_log call: cannot happen with libmicrohttpd 0.9.x */
		*con_cls = rq = uri_log(cls, url, c);
	if (!rq->begun)
		return begin(rq, c, method);
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		return take_body(rq, c, upload, n);
	}
	if (rq->answered)
		return MHD_YES;
	set_deadline(rq->conn, 0, METRICS_HEAD);
	run(rq);
	return send_response(rq, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct rq *rq = *con_cls;
	*con_cls = NULL;
	if (rq)
		rq_finish(rq);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	struct http_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *conn = xcalloc(1, sizeof *conn);
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		conn->fd = ci ? ci->connect_fd : -1;
		set_deadline(conn, srv->cfg.head_ms, METRICS_HEAD);
		pthread_mutex_lock(&srv->conns_lock);
		conn->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = conn;
		srv->conns = conn;
		pthread_mutex_unlock(&srv->conns_lock);
		*socket_context = conn;
		return;
	}
	struct conn *conn = *socket_context;
	if (!conn)
		return;
	*socket_context = NULL;
	if (conn->rq) {
		/* The library only reports completion for requests whose
		 * handler ran; a head that never completed ends here. */
		conn->rq->conn = NULL;
		rq_finish(conn->rq);
	}
	pthread_mutex_lock(&srv->conns_lock);
	if (conn->prev)
		conn->prev->next = conn->next;
	else
		srv->conns = conn->next;
	if (conn->next)
		conn->next->prev = conn->prev;
	pthread_mutex_unlock(&srv->conns_lock);
	free(conn);
}

/* The path and query are decoded by http_parse_target from the raw target;
 * the library's own decoding would only be wasted work. */
static size_t unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	fprintf(stderr, "zjtx: http: %s\n", msg);
}

/* ---- watchdog ---- */

static void *watchdog_main(void *arg)
{
	struct http_server *srv = arg;
	int64_t last_flush = mono_ms();
	for (;;) {
		struct pollfd p = {.fd = srv->wd_pipe[0], .events = POLLIN};
		if (poll(&p, 1, 100) > 0)
			break;
		int64_t now = mono_ms();
		pthread_mutex_lock(&srv->conns_lock);
		for (struct conn *c = srv->conns; c; c = c->next) {
			int64_t v = atomic_load_explicit(&c->deadline, memory_order_relaxed);
			if (!v || now <= v >> 1 || c->killed || c->fd < 0)
				continue;
			shutdown(c->fd, SHUT_RDWR);
			c->killed = true;
			metrics_deadline_closed(srv->metrics, (enum metrics_phase)(v & 1));
		}
		pthread_mutex_unlock(&srv->conns_lock);
		if (now - last_flush >= 1000 && srv->cfg.access_log) {
			pthread_mutex_lock(&srv->log_lock);
			fflush(srv->cfg.access_log);
			pthread_mutex_unlock(&srv->log_lock);
			last_flush = now;
		}
	}
	return NULL;
}

/* ---- start ---- */

/* Splits "HOST:PORT" / "[V6]:PORT" and resolves it (numeric port). */
static enum app_status resolve(const char *listen, struct addrinfo **out, struct app_err *err)
{
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return app_err_set(err, APP_EINVAL, "监听地址 %s 应为 主机:端口", listen);
	char host[256];
	const char *h = listen;
	size_t hn = (size_t)(colon - listen);
	if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') {
		h++;
		hn -= 2;
	}
	if (hn >= sizeof host)
		return app_err_set(err, APP_EINVAL, "监听地址 %s 的主机名过长", listen);
	memcpy(host, h, hn);
	host[hn] = '\0';
	long port;
	if (!str_to_int_range(strv_from(colon + 1), 0, 65535, &port))
		return app_err_set(err, APP_EINVAL, "监听地址 %s 的端口应为 0 到 65535 的整数",
		                   listen);
	char ps[8];
	snprintf(ps, sizeof ps, "%ld", port);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	int rc = getaddrinfo(hn ? host : NULL, ps, &hints, out);
	if (rc != 0)
		return app_err_set(err, APP_EINVAL, "无法解析监听地址 %s：%s", listen,
		                   gai_strerror(rc));
	return APP_OK;
}

/* Creates the listening socket: SO_REUSEADDR (restart while old
 * connections linger in TIME_WAIT) but never SO_REUSEPORT, which would let
 * a second, forgotten server silently share the port. */
static enum app_status open_listener(struct http_server *srv, struct app_err *err)
{
	struct addrinfo *ai = NULL;
	enum app_status s = resolve(srv->cfg.listen, &ai, err);
	if (s != APP_OK)
		return s;
	int fd =
	    socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    (ai->ai_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 511) != 0) {
		s = app_err_set(err, APP_EIO, "无法监听 %s：%s", srv->cfg.listen, strerror(errno));
		goto out;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		s = app_err_set(err, APP_EIO, "getsockname：%s", strerror(errno));
		goto out;
	}
	srv->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                           : ((struct sockaddr_in *)&ss)->sin_port);
	srv->listen_fd = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return s;
}

static void apply_defaults(struct http_server_config *c)
{
	if (!c->threads)
		c->threads = 2;
	if (!c->max_body_bytes)
		c->max_body_bytes = MAX_BODY_BYTES;
	if (!c->max_connections)
		c->max_connections = MAX_HTTP_CONNECTIONS;
	if (!c->max_connections_per_ip)
		c->max_connections_per_ip = MAX_HTTP_CONNECTIONS_PER_IP;
	if (!c->idle_seconds)
		c->idle_seconds = MAX_HTTP_IDLE_SECONDS;
	if (!c->head_ms)
		c->head_ms = MAX_HTTP_HEAD_MS;
	if (!c->body_ms)
		c->body_ms = MAX_HTTP_BODY_MS;
	if (!c->shutdown_ms)
		c->shutdown_ms = MAX_HTTP_SHUTDOWN_MS;
}

static enum app_status build_routes(struct http_server *srv, struct app_err *err)
{
	struct http_route_table tables[] = {
	    {builtin_routes, sizeof builtin_routes / sizeof builtin_routes[0]},
	    {srv->cfg.routes, srv->cfg.n_routes},
	};
	enum app_status s = router_new(tables, 2, &srv->router, err);
	if (s != APP_OK)
		return s;
	size_t n = router_count(srv->router);
	const char **names = xcalloc(n + 2, sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = router_route(srv->router, i)->name;
	srv->m_static = n;
	srv->m_unmatched = n + 1;
	names[n] = "static";
	names[n + 1] = "unmatched";
	srv->metrics = metrics_new(names, n + 2);
	free(names);
	return APP_OK;
}

static enum app_status start_daemon(struct http_server *srv, int family, struct app_err *err)
{
	const struct http_server_config *c = &srv->cfg;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem opts[16];
	size_t n = 0;
#define OPT(o, v, p) (opts[n++] = (struct MHD_OptionItem){(o), (intptr_t)(v), (p)})
	OPT(MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL); /* first, to catch start-up messages */
	OPT(MHD_OPTION_LISTEN_SOCKET, srv->listen_fd, NULL);
	if (c->threads > 1) /* a pool of one is just the internal thread */
		OPT(MHD_OPTION_THREAD_POOL_SIZE, c->threads, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, c->max_connections, NULL);
	OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_connections_per_ip, NULL);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, c->idle_seconds, NULL);
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * MAX_HEADER_BYTES, NULL);
	OPT(MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL);
	OPT(MHD_OPTION_UNESCAPE_CALLBACK, unescape_none, NULL);
	OPT(MHD_OPTION_URI_LOG_CALLBACK, uri_log, srv);
	OPT(MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv);
	OPT(MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv);
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	srv->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_ARRAY, opts,
	                          MHD_OPTION_END);
	if (!srv->d)
		return app_err_set(err, APP_EIO, "HTTP 服务启动失败（%s）", srv->cfg.listen);
	srv->listen_fd = -1; /* owned by the library now */
	return APP_OK;
}

static void random_prefix(char *out, size_t n)
{
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (uint32_t)mono_us() ^ (uint32_t)getpid();
	snprintf(out, n, "%08x", r);
}

enum app_status http_server_start(const struct http_server_config *cfg, struct http_server **out,
                                  struct app_err *err)
{
	*out = NULL;
	if (!cfg->listen)
		return app_err_set(err, APP_EINVAL, "未指定监听地址");
	if (cfg->threads > MAX_HTTP_THREADS)
		return app_err_set(err, APP_EINVAL, "线程数应在 1 到 %d 之间", MAX_HTTP_THREADS);
	js_init();
	struct http_server *srv = xcalloc(1, sizeof *srv);
	srv->cfg = *cfg;
	apply_defaults(&srv->cfg);
	srv->listen_fd = -1;
	srv->wd_pipe[0] = srv->wd_pipe[1] = srv->stop_pipe[0] = srv->stop_pipe[1] = -1;
	pthread_mutex_init(&srv->log_lock, NULL);
	pthread_mutex_init(&srv->conns_lock, NULL);
	atomic_init(&srv->in_flight, 0);
	atomic_init(&srv->draining, false);
	atomic_init(&srv->next_id, 1);
	random_prefix(srv->id_prefix, sizeof srv->id_prefix);
	enum app_status s = build_routes(srv, err);
	if (s == APP_OK && cfg->static_root)
		s = static_dir_open(cfg->static_root, &srv->statics, err);
	if (s == APP_OK && (pipe2(srv->wd_pipe, O_CLOEXEC) != 0 ||
	                    pipe2(srv->stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0))
		s = app_err_set(err, APP_EIO, "pipe：%s", strerror(errno));
	int family = AF_INET;
	if (s == APP_OK)
		s = open_listener(srv, err);
	if (s == APP_OK) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		if (getsockname(srv->listen_fd, (struct sockaddr *)&ss, &sl) == 0)
			family = ss.ss_family;
		s = start_daemon(srv, family, err);
	}
	if (s == APP_OK) {
		if (pthread_create(&srv->watchdog, NULL, watchdog_main, srv) != 0)
			s = app_err_set(err, APP_EIO, "无法创建监视线程");
		else
			srv->watchdog_running = true;
	}
	if (s != APP_OK) {
		http_server_free(srv);
		return s;
	}
	*out = srv;
	return APP_OK;
}

uint16_t http_server_port(const struct http_server *s)
{
	return s->port;
}

bool http_server_draining(const struct http_server *s)
{
	return atomic_load(&((struct http_server *)s)->draining);
}

enum app_status http_server_metrics(const struct http_server *s, struct buf *out)
{
	int64_t db = s->cfg.db_size_bytes ? s->cfg.db_size_bytes(s->cfg.app) : -1;
	int64_t inflight = atomic_load(&((struct http_server *)s)->in_flight);
	return metrics_render(s->metrics, inflight, db, out);
}

/* ---- signals and stopping ---- */

static volatile sig_atomic_t signal_fd = -1;

static void on_signal(int sig)
{
	(void)sig;
	int saved = errno;
	int fd = signal_fd;
	if (fd >= 0) {
		char c = 1;
		ssize_t w = write(fd, &c, 1);
		(void)w;
	}
	errno = saved;
}

void http_server_handle_signals(struct http_server *s)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	signal_fd = s->stop_pipe[1];
	sigaction(SIGTERM, &sa, &s->old_term);
	sigaction(SIGINT, &sa, &s->old_int);
	s->signals = true;
}

void http_server_request_stop(struct http_server *s)
{
	char c = 1;
	ssize_t w = write(s->stop_pipe[1], &c, 1);
	(void)w;
}

/* Stops the library and the watchdog; idempotent. */
static void stop_all(struct http_server *s)
{
	if (s->stopped)
		return;
	s->stopped = true;
	atomic_store(&s->draining, true);
	if (s->d)
		MHD_stop_daemon(s->d);
	s->d = NULL;
	if (s->watchdog_running) {
		char c = 1;
		ssize_t w = write(s->wd_pipe[1], &c, 1);
		(void)w;
		pthread_join(s->watchdog, NULL);
		s->watchdog_running = false;
	}
	if (s->cfg.access_log)
		fflush(s->cfg.access_log);
}

enum app_status http_server_wait(struct http_server *s)
{
	for (;;) {
		struct pollfd p = {.fd = s->stop_pipe[0], .events = POLLIN};
		int rc = poll(&p, 1, -1);
		if (rc > 0)
			break;
		if (rc < 0 && errno != EINTR)
			break;
	}
	atomic_store(&s->draining, true);
	if (s->d) {
		int fd = MHD_quiesce_daemon(s->d);
		if (fd >= 0)
			close(fd);
	}
	int64_t deadline = mono_ms() + s->cfg.shutdown_ms;
	while (atomic_load(&s->in_flight) > 0 && mono_ms() < deadline) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	bool clean = atomic_load(&s->in_flight) == 0;
	stop_all(s);
	return clean ? APP_OK : APP_EIO;
}

void http_server_free(struct http_server *s)
{
	if (!s)
		return;
	stop_all(s);
	if (s->signals) {
		sigaction(SIGTERM, &s->old_term, NULL);
		sigaction(SIGINT, &s->old_int, NULL);
		signal_fd = -1;
	}
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	for (int i = 0; i < 2; i++) {
		if (s->wd_pipe[i] >= 0)
			close(s->wd_pipe[i]);
		if (s->stop_pipe[i] >= 0)
			close(s->stop_pipe[i]);
	}
	router_free(s->router);
	static_dir_close(s->statics);
	metrics_free(s->metrics);
	pthread_mutex_destroy(&s->log_lock);
	pthread_mutex_destroy(&s->conns_lock);
	free(s);
}
