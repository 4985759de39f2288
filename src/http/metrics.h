/* metrics.h - request counters and latency histograms, rendered in the
 * Prometheus text exposition format (version 0.0.4).
 *
 * Counters are relaxed atomics in arrays sized at creation, so recording a
 * request takes no lock. Series:
 *
 *   zjtx_http_requests_total{route,method,status}   counter
 *   zjtx_http_request_duration_seconds{route}       histogram
 *   zjtx_http_in_flight                             gauge
 *   zjtx_http_deadline_closed_total{phase}          counter (head, body)
 *   zjtx_db_size_bytes                              gauge (if known) */
#ifndef ZJTX_METRICS_H
#define ZJTX_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "http.h"

struct metrics;

/* Creates counters for routes named route_names[0..n) (names are copied;
 * they become the route label and must be [a-z0-9_]+). */
struct metrics *metrics_new(const char *const *route_names, size_t n);
/* NULL is a no-op. */
void metrics_free(struct metrics *m);

/* Records one answered request. route >= n or an unusual status is counted
 * (under route "other" / status "other") rather than dropped. Thread-safe. */
void metrics_observe(struct metrics *m, size_t route, enum http_method method, int status,
                     uint64_t duration_us);

enum metrics_phase { METRICS_HEAD = 0, METRICS_BODY, METRICS_PHASE_COUNT };
/* Counts a connection closed for missing a deadline. Thread-safe. */
void metrics_deadline_closed(struct metrics *m, enum metrics_phase phase);

/* Appends the exposition text. in_flight is the current count of requests
 * being served; db_size_bytes < 0 omits zjtx_db_size_bytes. Only series with
 * a non-zero count are written. */
enum app_status metrics_render(const struct metrics *m, int64_t in_flight, int64_t db_size_bytes,
                               struct buf *out);

/* Upper bounds of the latency buckets in microseconds (without +Inf), for
 * tests: 500µs, 1ms, 2.5ms, 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, 1s,
 * 2.5s, 5s, 10s. */
extern const uint64_t metrics_buckets_us[];
extern const size_t metrics_n_buckets;

#endif
