/* api_monthly.h - what the two files of the monthly-monitoring API share
 * (api_monthly.c: reports, filing, corrections, warnings, settings, the
 * route table; api_monthly_views.c: completeness, analysis, 通报, trends,
 * exports, bulk upload). Only src/http/ includes this. */
#ifndef ZJTX_API_MONTHLY_H
#define ZJTX_API_MONTHLY_H

#include "api_int.h"
#include "app/monitor.h"

/* The monthly settings (monitor_settings_load). */
enum app_status apm_settings(struct http_req *req, struct monitor_settings *cfg,
                             struct app_err *err);

/* The day the request's checks run on: the query's as_of (YYYY-MM-DD) when
 * allow_as_of and given, else the server's business date (zjtx --today),
 * else the clock. APP_EINVAL naming as_of. */
enum app_status apm_today(struct http_req *req, bool allow_as_of, int64_t *out,
                          struct app_err *err);

/* The query parameter `name` as a period ("YYYY-MM"); absent: dflt (0 =
 * required, 400). APP_EINVAL naming it. */
enum app_status apm_period(const struct http_req *req, const char *name, int dflt, int *out,
                           struct app_err *err);

/* The unit a `district` query names (a district or zone, code or name) into
 * out[8], "" when absent. APP_EINVAL naming it. */
enum app_status apm_district(const struct http_req *req, char out[8], struct app_err *err);

/* Refuses a request for firms beyond the caller's own when its role
 * reaches none (APP_EPERM). */
enum app_status apm_needs_scope(struct http_req *req, struct app_err *err);

/* "YYYY-MM-DD" of a day count. */
void apm_date(int64_t days, char out[11]);

/* ---- handlers (route table in api_monthly.c) ---- */
API_HANDLER(apm_completeness);
API_HANDLER(apm_completeness_csv);
API_HANDLER(apm_completeness_xlsx);
API_HANDLER(apm_missing_csv);
API_HANDLER(apm_missing_xlsx);
API_HANDLER(apm_analysis);
API_HANDLER(apm_notice);
API_HANDLER(apm_trends);
API_HANDLER(apm_reports_csv);
API_HANDLER(apm_reports_xlsx);
API_HANDLER(apm_import);

#endif
