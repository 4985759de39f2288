/* router.h - the route table as data, and matching a request against it.
 *
 * The API is one static table (STYLE.md convention 9):
 *
 *   static const struct http_route routes[] = {
 *       {HTTP_GET, "/api/v1/enterprises/:uscc", api_enterprise_get, PERM_READ,
 *        "enterprise_get", 0},
 *       ...
 *   };
 *
 * router_new checks and compiles one or more such tables; router_match finds
 * the route for a method and decoded path, telling 404 (no pattern matches
 * the path) from 405 (a pattern matches, but not for this method; the Allow
 * list is returned). A literal segment beats a :param in the same place, so
 * "/enterprises/export" wins over "/enterprises/:uscc" whatever the order.
 * HEAD is served by the GET route unless a HEAD route exists. */
#ifndef ZJTX_ROUTER_H
#define ZJTX_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "http.h"

/* What a caller must be allowed to do to reach a route. The authentication
 * pre-handler maps each role to the permissions it holds (PRODUCT.md roles);
 * scope (district, own firm) is checked separately, per record. */
enum perm {
	PERM_PUBLIC = 0,        /* anyone, signed in or not (health, sign-in) */
	PERM_SIGNED_IN,         /* any signed-in user (reference data, own API tokens) */
	PERM_SESSION,           /* own session and password: allowed even before an
	                           initial password is changed */
	PERM_READ,              /* read business data within scope */
	PERM_WRITE_ENTERPRISE,  /* change firms and their figures in scope */
	PERM_CREATE_ENTERPRISE, /* register new firms in scope (city, district) */
	PERM_WRITE_TIER,        /* record tier recognitions, renewals, exits (city) */
	PERM_WRITE_CRITERIA,    /* criteria, targets, batches and policies (city) */
	PERM_REVIEW,            /* review applications (district, city); no route needs it
	                           alone: moves are PERM_MOVE, the service checks the role */
	PERM_SCORE,             /* score assigned applications (expert) */
	PERM_IMPORT,            /* bulk import (city, district) */
	PERM_MANAGE_USERS,      /* users, roles and scopes (security administrator) */
	PERM_SYSTEM,            /* system settings and backups (administrator) */
	PERM_AUDIT,             /* read the whole audit log (auditor) */
	PERM_AUDIT_ENTITY,      /* read the audit entries of one record (city, admin) */
	PERM_WORKFLOW,          /* read batches and applications in scope (city, district,
	                           enterprise, expert: its assignments, viewer) */
	PERM_APPLY,             /* file applications and their documents (enterprise, district) */
	PERM_MOVE,              /* move applications through the workflow; which move, the
	                           service decides (city, district, enterprise) */
	PERM_OVERSIGHT,         /* targets, re-review lists, re-evaluation, exit decisions
	                           (city, district in scope, viewer) */
	PERM_ANALYZE,           /* run criteria over the pool in scope: simulate, gaps
	                           (city, district) */
	PERM_READ_CITY,         /* city-wide monitoring views: the analysis report, the
	                           通报 draft (city, viewer) */
	PERM_MONITOR,           /* monitoring views over many firms, narrowed to scope:
	                           completeness, warnings, trends (city, district, viewer) */
	PERM_COUNT
};

/* Stable lower-case name of p ("public", "read", ...), "?" if out of range. */
const char *router_perm_name(enum perm p);

/* One route. The table is read-only data; routes are referenced, not
 * copied, so the table must outlive the router. */
struct http_route {
	enum http_method method;
	/* "/api/v1/enterprises/:uscc": '/'-separated literal segments or
	 * ":name" parameters ([a-z0-9_]+) filling a whole segment. */
	const char *pattern;
	/* Parse → validate → call core → serialize. On success fills resp and
	 * returns APP_OK; otherwise returns a status and fills err (message in
	 * Chinese, field as a JSON pointer); the server renders the problem. */
	enum app_status (*handler)(struct http_req *req, struct http_resp *resp,
	                           struct app_err *err);
	enum perm perm;   /* required permission */
	const char *name; /* metrics and access-log label, [a-z0-9_]+, unique */
	size_t max_body;  /* request body limit in bytes; 0 means MAX_BODY_BYTES */
};

struct http_route_table {
	const struct http_route *routes;
	size_t n;
};

struct router;

/* Checks and compiles the tables (in order). Fails with APP_EINVAL naming
 * the route on: a bad pattern or name, a missing handler, a duplicate name,
 * or two routes of the same method whose patterns match the same paths.
 * APP_ETOOLARGE beyond MAX_HTTP_ROUTES routes. *out is freed with
 * router_free. */
enum app_status router_new(const struct http_route_table *tables, size_t n_tables,
                           struct router **out, struct app_err *err);
/* NULL is a no-op. */
void router_free(struct router *r);

/* Number of routes; routes are numbered 0..count-1 in table order. */
size_t router_count(const struct router *r);
const struct http_route *router_route(const struct router *r, size_t i);

enum router_result {
	ROUTER_FOUND = 0,
	ROUTER_NOT_FOUND,          /* 404 */
	ROUTER_METHOD_NOT_ALLOWED, /* 405; see allow */
};

struct router_match {
	const struct http_route *route;          /* FOUND only */
	size_t index;                            /* route number, FOUND only */
	struct http_kv params[MAX_ROUTE_PARAMS]; /* name from the pattern, value = segment */
	size_t n_params;
	char allow[64]; /* 405: "GET, HEAD, POST" */
};

/* Matches method and decoded path segments (from http_parse_target). The
 * param values point at the given segments. A :param never matches an
 * empty segment. */
enum router_result router_match(const struct router *r, enum http_method method,
                                const char *const *segs, size_t n_segs, struct router_match *out);

#endif
