/* api_wf.h - what the workflow handlers (api_workflow.c, api_application.c,
 * api_manage.c) share: the caller as the workflow's actor, request
 * parameters, and the JSON views of batches and applications (docs/API.md
 * "Workflow"). Only src/http/ includes this.
 *
 * The rules (role, scope, state, guards) are the services' (app/workflow.h,
 * manage.h, targets.h); handlers parse, call one service function and
 * answer. A refused move comes back as the service's status and Chinese
 * reason: 403 for a role that may not, 409 for a state or guard, 404 out of
 * scope. */
#ifndef ZJTX_API_WF_H
#define ZJTX_API_WF_H

#include "api_int.h"
#include "app/workflow.h"

/* The caller of a request as the workflow's actor and environment. The one
 * place where the signed-in principal becomes a struct wf_actor: user name,
 * role, district or zone (district users), firm (enterprise users), client
 * address; the business date and attachment directory from the server's
 * configuration. Strings point into the request (valid while it lives). */
struct api_wf {
	struct wf_actor who;
	struct wf_env env;
	char today[11];
};
void api_wf_init(struct http_req *req, struct api_wf *w);

/* The positive integer :name path parameter. APP_ENOTFOUND (as for an
 * unknown record) when it is not a positive integer. */
enum app_status api_wf_id(const struct http_req *req, const char *name, long *out,
                          struct app_err *err);

/* Query parameters: a positive integer (0 when absent), a tier key or
 * label (TIER_NONE when absent), a state key or label (FS_NONE when
 * absent), a flag 0/1/true/false (false when absent). APP_EINVAL naming the
 * parameter otherwise. */
enum app_status api_wf_qid(const struct http_req *req, const char *name, long *out,
                           struct app_err *err);
enum app_status api_wf_qtier(const struct http_req *req, const char *name, enum tier *out,
                             struct app_err *err);
enum app_status api_wf_qstate(const struct http_req *req, const char *name, enum flow_state *out,
                              struct app_err *err);
enum app_status api_wf_qflag(const struct http_req *req, const char *name, bool *out,
                             struct app_err *err);

/* The application filter of ?batch=&state=&tier=&district=&uscc=&open= and
 * the overdue flag (&overdue=1); unit and uscc hold the canonical codes
 * f points to. */
struct api_wf_filter {
	struct store_app_filter f;
	bool overdue;
	char unit[8];
	char uscc[19];
};
enum app_status api_wf_filter(const struct http_req *req, struct api_wf_filter *out,
                              struct app_err *err);

/* "未开始", "申报中", "已截止" of a batch on date, and its key
 * ("upcoming", "open", "closed"). */
const char *api_wf_batch_status(const struct flow_batch *b, const char *date, const char **key);

/* The Batch object. */
json_t *api_wf_batch_json(const struct flow_batch *b, const char *today);
/* The Application object of a view (blind members null). */
json_t *api_wf_app_json(const struct wf_app_view *v);
/* A score in hundredths as a number with two decimals, null when < 0. */
json_t *api_wf_score(long x100);

#endif
