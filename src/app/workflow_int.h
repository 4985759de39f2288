/* workflow_int.h - helpers shared by the workflow service's files
 * (workflow.c, workflow_step.c, workflow_read.c). Only src/app/ includes
 * this. */
#ifndef ZJTX_WORKFLOW_INT_H
#define ZJTX_WORKFLOW_INT_H

#include <jansson.h>

#include "app/workflow.h"

/* APP_EPERM unless who may touch business data at all. */
enum app_status wfi_business(const struct wf_actor *who, struct app_err *e);
/* APP_EPERM ("角色「X」不能WHAT") unless who's role is in roles. */
enum app_status wfi_need(const struct wf_actor *who, unsigned roles, const char *what,
                         struct app_err *e);
/* True if a district user's scope holds this district or zone code. */
bool wfi_in_district(const struct wf_actor *who, const char *district, const char *zone);
/* The expert id of an expert user, 0 if none. */
long wfi_expert_id(struct store *s, const struct wf_actor *who);
/* Loads application id if who may see it: APP_EPERM for roles without
 * business data, APP_ENOTFOUND if absent or out of scope. */
enum app_status wfi_load(struct store *s, const struct wf_actor *who, long id, struct flow_app *a,
                         struct app_err *e);
/* Appends the transition-log event and the audit entry "application.ACTION"
 * in the current transaction; takes ownership of extra (may be NULL). */
enum app_status wfi_log(struct store *s, const struct wf_env *env, const struct wf_actor *who,
                        long app_id, enum flow_state from, enum flow_state to, const char *action,
                        const char *comment, json_t *extra, struct app_err *e);
/* Labels of the required attachments the application lacks ("、"-joined,
 * "" if none) and *count (may be NULL) of attachments it has. */
enum app_status wfi_missing_docs(struct store *s, long app_id, char *out, size_t n, int *count,
                                 struct app_err *e);

#endif
