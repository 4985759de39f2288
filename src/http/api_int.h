/* api_int.h - what the API handler files (api_*.c) share. Only src/http/
 * includes this. */
#ifndef ZJTX_API_INT_H
#define ZJTX_API_INT_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>

#include "app/auth.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "http/api.h"
#include "http/json.h"
#include "store/store.h"

#ifndef MAX_PAGE_SIZE
#define MAX_PAGE_SIZE 200 /* items per page of a list */
#endif
#define API_DEFAULT_PAGE_SIZE 20

/* The data the pre-handler attaches to a request (req->ctx). */
struct api_req {
	struct api *api;
	struct store *store; /* this request's handle (returned by the post-handler) */
	struct principal p;  /* p.via == AUTH_NONE when anonymous */
	bool read_only;      /* store is a read-only handle in a read transaction (GET) */
};

/* The request's context, store and principal. */
struct api_req *api_ctx(struct http_req *req);
struct auth *api_auth(struct http_req *req);
bool api_secure_cookie(struct http_req *req);
/* The business date of `zjtx --today D serve` as days since 1970, 0 when
 * the clock decides (monitor_today()). */
int64_t api_today_days(struct http_req *req);

/* ---- request helpers ---- */

/* page and page_size from the query (defaults 1 and API_DEFAULT_PAGE_SIZE;
 * page_size 1..MAX_PAGE_SIZE; page 1..1000000). APP_EINVAL naming the
 * parameter. */
enum app_status api_page(const struct http_req *req, long *page, long *size, struct app_err *err);

/* A list filter from the query (district, industry, tier, q, sort, order),
 * narrowed to the caller's scope. codes receives the canonical codes f
 * points into. APP_EINVAL naming the parameter; APP_EPERM if the caller
 * reaches no firm. */
struct api_filter {
	struct store_filter f;
	char district[8];
	char industry[6];
};
enum app_status api_filter(struct http_req *req, struct api_filter *out, struct app_err *err);

/* The :uscc parameter, checked and upper-cased. APP_EINVAL if malformed. */
enum app_status api_uscc(const struct http_req *req, char out[USCC_LEN + 1], struct app_err *err);

/* Fails with APP_EINVAL naming the query parameter. */
enum app_status api_bad_param(struct app_err *err, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The JSON body of a request as an object (js_parse_req + object check). */
enum app_status api_body(const struct http_req *req, json_t **out, struct app_err *err);

/* ---- JSON views ---- */

/* A store time "YYYY-MM-DD HH:MM:SS" or Unix seconds as "…T…Z" (null for
 * "" or 0). */
json_t *api_time(const char *store_time);
json_t *api_unix_time(int64_t t);
/* A string, or null when empty. */
json_t *api_str(const char *s);
/* A stored indicator value as the API shows it (money in 万元 and percent
 * as numbers with at most 15 significant digits, others integers). */
json_t *api_value(const struct indicator *ind, int64_t v);
/* The User object of docs/API.md. */
json_t *api_user_json(const struct user *u);
/* Appends the Enterprise object, masked for p, with size_class when s is
 * given (looks up the annual figures). Written directly (not through
 * jansson): it is the hottest answer of the API. */
void api_firm_write(struct buf *b, const struct principal *p, const struct enterprise *e,
                    struct store *s);
/* Sets resp to status with the Enterprise object as its JSON body. */
enum app_status api_firm_reply(struct http_resp *resp, int status, const struct principal *p,
                               const struct enterprise *e, struct store *s);
/* An annual row {"year", keys...} (missing values null). */
json_t *api_annual_json(const struct annual *a);
/* A paged list {"total", "page", "page_size", "items"} (items stolen). */
json_t *api_paged(json_t *items, long total, long page, long size);

/* Sets the answer to an already-open file (status 200), unlinking nothing:
 * the caller unlinked it. name is the download name (UTF-8). */
void api_attachment(struct http_resp *resp, const char *ctype, int fd, uint64_t size,
                    const char *ascii_name, const char *utf8_name);
/* Adds "Content-Disposition: attachment" with an ASCII fallback name and
 * the UTF-8 name percent-encoded (RFC 6266) to a response already set. */
void api_disposition(struct http_resp *resp, const char *ascii_name, const char *utf8_name);

/* Answers with a file written by a callback into a private temporary file
 * (removed once open; the descriptor keeps it until sent):
 * Content-Disposition attachment named ascii_name, and the dated UTF-8
 * name "<stem>-YYYYMMDD.<ext>". api_download_csv's callback writes to a
 * sink; api_download_xlsx's creates the workbook at the path it is given. */
struct export_sink;
typedef enum app_status (*api_csv_writer)(void *ctx, struct export_sink *out, struct app_err *err);
typedef enum app_status (*api_xlsx_writer)(void *ctx, const char *path, struct app_err *err);
enum app_status api_download_csv(struct http_resp *resp, api_csv_writer fn, void *ctx,
                                 const char *ascii_name, const char *stem, struct app_err *err);
enum app_status api_download_xlsx(struct http_resp *resp, api_xlsx_writer fn, void *ctx,
                                  const char *ascii_name, const char *stem, struct app_err *err);

/* ---- domain route tables (one line each in api.c's domain_tables) ---- */

/* api_criteria.c: criteria, evaluations, simulate, gaps (docs/API.md "Criteria") */
extern const struct http_route api_routes_criteria[];
extern const size_t api_routes_criteria_n;

/* ---- files (api_file.c) ---- */

#define API_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* A private temporary directory under $TMPDIR (caller removes it). */
enum app_status api_temp_dir(char out[PATH_MAX], struct app_err *err);
/* Opens path for reading, then removes it and its directory dir: the open
 * descriptor keeps the data until the answer is sent. */
enum app_status api_take_file(const char *dir, const char *path, int *fd, uint64_t *size,
                              struct app_err *err);
/* "stem-YYYYMMDD.ext" (local date) into out. */
void api_dated_name(char *out, size_t n, const char *stem, const char *ext);
/* Answers with the n bytes of data as a download (a temporary file). */
enum app_status api_send_bytes(struct http_resp *resp, const char *ctype, const char *data,
                               size_t n, const char *ascii_name, const char *utf8_name,
                               struct app_err *err);

/* An uploaded file: the raw body or the multipart field "file". */
struct api_upload {
	const char *data;
	size_t len;
	const char *filename; /* as sent, "" if unknown */
	bool xlsx;            /* by name, type or content */
};
/* Reads the upload (400 on "file" for an empty body, a missing field, an
 * old .xls). */
enum app_status api_read_upload(struct http_req *req, struct api_upload *u, struct app_err *err);
/* A 0/1 (false/true) query flag; absent = false. 400 naming it otherwise. */
enum app_status api_flag_query(const struct http_req *req, const char *name, bool *out,
                               struct app_err *err);

/* ---- handlers (route table in api.c) ---- */
#define API_HANDLER(name)                                                                          \
	enum app_status name(struct http_req *req, struct http_resp *resp, struct app_err *err)

/* api_session.c */
API_HANDLER(api_session_create);
API_HANDLER(api_session_get);
API_HANDLER(api_session_delete);
API_HANDLER(api_session_password);
API_HANDLER(api_token_list);
API_HANDLER(api_token_create);
API_HANDLER(api_token_revoke);
/* api_user.c */
API_HANDLER(api_user_list);
API_HANDLER(api_user_create);
API_HANDLER(api_user_get);
API_HANDLER(api_user_update);
API_HANDLER(api_user_password);
/* api_meta.c */
API_HANDLER(api_meta_districts);
API_HANDLER(api_meta_industries);
API_HANDLER(api_meta_tiers);
API_HANDLER(api_meta_indicators);
API_HANDLER(api_meta_roles);
API_HANDLER(api_openapi);
/* api_firm.c */
API_HANDLER(api_firm_list);
API_HANDLER(api_firm_create);
API_HANDLER(api_firm_get);
API_HANDLER(api_firm_update);
API_HANDLER(api_annual_list);
API_HANDLER(api_annual_get);
API_HANDLER(api_annual_put);
API_HANDLER(api_tier_get);
API_HANDLER(api_tier_add);
API_HANDLER(api_stats_pool);
/* api_file.c */
API_HANDLER(api_export_firms_csv);
API_HANDLER(api_export_firms_xlsx);
API_HANDLER(api_export_annual_csv);
API_HANDLER(api_export_annual_xlsx);
API_HANDLER(api_import);
API_HANDLER(api_template);
/* api_audit.c */
API_HANDLER(api_audit_list);
API_HANDLER(api_audit_verify);

/* ---- domains: route tables beside their handlers (one line each in
 * api.c's domain_tables[]) ---- */

/* api_workflow.c: batches, applications, experts, dynamic management and
 * targets (docs/API.md "Workflow"); handlers in api_workflow.c,
 * api_application.c and api_manage.c (helpers: api_wf.h) */
extern const struct http_route api_routes_workflow[];
extern const size_t api_routes_workflow_n;
API_HANDLER(api_wf_transitions);
API_HANDLER(api_batch_list);
API_HANDLER(api_batch_open);
API_HANDLER(api_batch_get);
API_HANDLER(api_batch_update);
API_HANDLER(api_expert_list);
API_HANDLER(api_expert_put);
API_HANDLER(api_expert_link);
/* api_application.c */
API_HANDLER(api_app_list);
API_HANDLER(api_app_create);
API_HANDLER(api_app_export_csv);
API_HANDLER(api_app_export_xlsx);
API_HANDLER(api_app_get);
API_HANDLER(api_app_events);
API_HANDLER(api_app_declare);
API_HANDLER(api_app_attachments);
API_HANDLER(api_app_attach);
API_HANDLER(api_attachment_get);
API_HANDLER(api_app_move);
API_HANDLER(api_app_score);
API_HANDLER(api_app_appoint);
API_HANDLER(api_objection_add);
API_HANDLER(api_objection_resolve);
/* api_manage.c */
API_HANDLER(api_rereview);
API_HANDLER(api_reevaluation);
API_HANDLER(api_reevaluation_record);
API_HANDLER(api_exit_decide);
API_HANDLER(api_exit_list);
API_HANDLER(api_target_list);
API_HANDLER(api_target_progress);
API_HANDLER(api_target_trajectory);
API_HANDLER(api_target_put);

/* api_monthly.c: monthly monitoring (F4) */
extern const struct http_route api_routes_monthly[];
extern const size_t api_routes_monthly_n;

#endif
