/* metrics.c - lock-free request counters and Prometheus text output. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

const uint64_t metrics_buckets_us[] = {
    500,    1000,   2500,   5000,    10000,   25000,   50000,
    100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000,
};
enum { N_BUCKETS = sizeof metrics_buckets_us / sizeof metrics_buckets_us[0] };
const size_t metrics_n_buckets = N_BUCKETS;

/* Status codes with their own label; everything else is "other". */
static const int known_status[] = {
    200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406,
    408, 409, 410, 411, 412, 413, 414, 415, 416, 422, 429, 431, 500, 501, 502, 503, 504,
};
enum { N_STATUS = sizeof known_status / sizeof known_status[0] + 1 }; /* + other */

struct hist {
	atomic_uint_fast64_t bucket[N_BUCKETS + 1]; /* last: +Inf */
	atomic_uint_fast64_t sum_us;
	atomic_uint_fast64_t count;
};

struct metrics {
	size_t n_routes; /* + 1 for "other" */
	char **names;
	atomic_uint_fast64_t *requests; /* [route][method][status] */
	struct hist *hist;              /* [route] */
	atomic_uint_fast64_t deadline[METRICS_PHASE_COUNT];
};

struct metrics *metrics_new(const char *const *route_names, size_t n)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	m->n_routes = n + 1;
	m->names = xcalloc(m->n_routes, sizeof *m->names);
	for (size_t i = 0; i < n; i++)
		m->names[i] = xstrdup(route_names[i]);
	m->names[n] = xstrdup("other");
	size_t cells = m->n_routes * HTTP_METHOD_COUNT * N_STATUS;
	m->requests = xcalloc(cells, sizeof *m->requests);
	m->hist = xcalloc(m->n_routes, sizeof *m->hist);
	for (size_t i = 0; i < cells; i++)
		atomic_init(&m->requests[i], 0);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_routes; i++)
		free(m->names[i]);
	free(m->names);
	free(m->requests);
	free(m->hist);
	free(m);
}

static size_t status_index(int status)
{
	for (size_t i = 0; i < N_STATUS - 1; i++)
		if (known_status[i] == status)
			return i;
	return N_STATUS - 1;
}

void metrics_observe(struct metrics *m, size_t route, enum http_method method, int status,
                     uint64_t duration_us)
{
	if (route >= m->n_routes - 1)
		route = m->n_routes - 1;
	if ((unsigned)method >= HTTP_METHOD_COUNT)
		method = HTTP_OTHER;
	size_t cell =
	    (route * HTTP_METHOD_COUNT + (size_t)method) * N_STATUS + status_index(status);
	atomic_fetch_add_explicit(&m->requests[cell], 1, memory_order_relaxed);
	struct hist *h = &m->hist[route];
	size_t b = 0;
	while (b < N_BUCKETS && duration_us > metrics_buckets_us[b])
		b++;
	atomic_fetch_add_explicit(&h->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_us, duration_us, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
}

void metrics_deadline_closed(struct metrics *m, enum metrics_phase phase)
{
	if ((unsigned)phase < METRICS_PHASE_COUNT)
		atomic_fetch_add_explicit(&m->deadline[phase], 1, memory_order_relaxed);
}

static uint64_t load(const atomic_uint_fast64_t *a)
{
	return atomic_load_explicit((atomic_uint_fast64_t *)a, memory_order_relaxed);
}

/* Writes microseconds as decimal seconds without floating point. */
static void put_seconds(struct buf *out, uint64_t us)
{
	buf_printf(out, "%llu.%06llu", (unsigned long long)(us / 1000000),
	           (unsigned long long)(us % 1000000));
}

static void render_requests(const struct metrics *m, struct buf *out)
{
	buf_puts(out, "# HELP zjtx_http_requests_total HTTP requests answered, by route, "
	              "method and status.\n# TYPE zjtx_http_requests_total counter\n");
	for (size_t r = 0; r < m->n_routes; r++) {
		for (size_t me = 0; me < HTTP_METHOD_COUNT; me++) {
			for (size_t s = 0; s < N_STATUS; s++) {
				size_t cell = (r * HTTP_METHOD_COUNT + me) * N_STATUS + s;
				uint64_t v = load(&m->requests[cell]);
				if (!v)
					continue;
				buf_printf(out,
				           "zjtx_http_requests_total{route=\"%s\",method=\"%s\",",
				           m->names[r], http_method_name((enum http_method)me));
				if (s < N_STATUS - 1)
					buf_printf(out, "status=\"%d\"} ", known_status[s]);
				else
					buf_puts(out, "status=\"other\"} ");
				buf_printf(out, "%llu\n", (unsigned long long)v);
			}
		}
	}
}

static void render_histograms(const struct metrics *m, struct buf *out)
{
	buf_puts(out, "# HELP zjtx_http_request_duration_seconds Time from request line to "
	              "response sent.\n# TYPE zjtx_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r < m->n_routes; r++) {
		const struct hist *h = &m->hist[r];
		uint64_t count = load(&h->count);
		if (!count)
			continue;
		uint64_t cum = 0;
		for (size_t b = 0; b <= N_BUCKETS; b++) {
			cum += load(&h->bucket[b]);
			buf_printf(out,
			           "zjtx_http_request_duration_seconds_bucket{route=\"%s\",le=\"",
			           m->names[r]);
			if (b < N_BUCKETS)
				put_seconds(out, metrics_buckets_us[b]);
			else
				buf_puts(out, "+Inf");
			buf_printf(out, "\"} %llu\n", (unsigned long long)cum);
		}
		buf_printf(out, "zjtx_http_request_duration_seconds_sum{route=\"%s\"} ",
		           m->names[r]);
		put_seconds(out, load(&h->sum_us));
		buf_printf(out, "\nzjtx_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		           m->names[r], (unsigned long long)count);
	}
}

enum app_status metrics_render(const struct metrics *m, int64_t in_flight, int64_t db_size_bytes,
                               struct buf *out)
{
	render_requests(m, out);
	render_histograms(m, out);
	buf_printf(out,
	           "# HELP zjtx_http_in_flight Requests being served now.\n"
	           "# TYPE zjtx_http_in_flight gauge\nzjtx_http_in_flight %lld\n",
	           (long long)in_flight);
	buf_puts(out, "# HELP zjtx_http_deadline_closed_total Connections closed for sending the "
	              "request head or body too slowly.\n"
	              "# TYPE zjtx_http_deadline_closed_total counter\n");
	buf_printf(out, "zjtx_http_deadline_closed_total{phase=\"head\"} %llu\n",
	           (unsigned long long)load(&m->deadline[METRICS_HEAD]));
	buf_printf(out, "zjtx_http_deadline_closed_total{phase=\"body\"} %llu\n",
	           (unsigned long long)load(&m->deadline[METRICS_BODY]));
	if (db_size_bytes >= 0)
		buf_printf(out,
		           "# HELP zjtx_db_size_bytes Size of the database.\n"
		           "# TYPE zjtx_db_size_bytes gauge\nzjtx_db_size_bytes %lld\n",
		           (long long)db_size_bytes);
	/* buf_* keep the content unchanged on overflow; report it once here. */
	return out->len < out->max ? APP_OK : APP_ETOOLARGE;
}
