/* api.h - the zjtx HTTP API v1 (docs/API.md): its route table, the
 * authentication pre-handler and the per-request database handle.
 *
 * Usage (cmd_serve.c):
 *   struct api *a; api_new(&cfg, &a, &err);
 *   http_server_config sc = {.routes = api_routes(&n), .n_routes = n,
 *       .app = a, .pre_handler = api_pre_handler,
 *       .post_handler = api_post_handler, .db_size_bytes = api_db_size};
 *
 * The pre-handler, for every routed request:
 *   1. takes a store handle from a pool (one per concurrent request);
 *   2. authenticates: "Authorization: Bearer <token>" or the session cookie
 *      (auth.h); on PERM_PUBLIC routes a failure leaves the caller
 *      anonymous, elsewhere it is 401;
 *   3. for cookie sessions, requires X-CSRF-Token on POST/PUT/PATCH/DELETE
 *      (403); read-only API tokens may only GET (403);
 *   4. while the initial password is unchanged, allows only PERM_PUBLIC,
 *      PERM_SESSION and PERM_SIGNED_IN routes (reference data; creating an
 *      API token is refused too) (403);
 *   5. checks the route's permission against the caller's role in ONE
 *      table (api_role_has) (403).
 * Scope (district, own firm) is then applied by the handlers through
 * app/scope.h and the store filters; out of scope is 404. */
#ifndef ZJTX_API_H
#define ZJTX_API_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "core/role.h"
#include "http/http.h"
#include "http/router.h"

struct api_config {
	const char *db;     /* database URL or path (store_open) */
	int64_t idle_s;     /* session idle timeout; 0 = AUTH_SESSION_IDLE_S */
	int64_t absolute_s; /* session lifetime; 0 = AUTH_SESSION_ABSOLUTE_S */
	bool secure_cookie; /* add "Secure" to the session cookie (behind TLS) */
	/* the business date "YYYY-MM-DD" monthly monitoring checks against
	 * (which periods may be filed, completeness "as of"); NULL = the clock.
	 * Set by the global --today: demos and tests pin it. */
	const char *today;
};

struct api;

/* Opens the database (applying migrations) and prepares the API. The
 * config is copied. APP_EDB/APP_ENOTSUP from store_open. */
enum app_status api_new(const struct api_config *cfg, struct api **out, struct app_err *err);
/* Closes every pooled handle. NULL is a no-op. Call after the server has
 * stopped. */
void api_free(struct api *a);

/* The route table (static; valid for the life of the process). */
const struct http_route *api_routes(size_t *n);

/* True if role r holds permission p (the one role × permission table). */
bool api_role_has(enum role r, enum perm p);

/* The server hooks (server.h). */
enum app_status api_pre_handler(struct http_req *req, struct http_resp *resp, struct app_err *err);
void api_post_handler(struct http_req *req, const struct http_resp *resp);
int64_t api_db_size(void *app);

/* Writes the route table, one route per line: "METHOD PATTERN PERM NAME"
 * (tests generate their role × route matrix from it). The built-in
 * /healthz and /metrics routes of server.c are included. */
void api_print_routes(FILE *f);

#endif
