/* query.h - list filters as people type them (district or zone by code or
 * name, industry section or code, tier key or name), turned into the
 * canonical codes of struct store_filter. Shared by the command line
 * (--district, --industry, --tier) and the HTTP API (?district= ...). */
#ifndef ZJTX_QUERY_H
#define ZJTX_QUERY_H

#include "base/err.h"

/* District or zone by code or name → its code (zone codes for zones).
 * APP_EINVAL "未知区县 ..." otherwise. */
enum app_status query_district(const char *text, char out[8], struct app_err *e);
/* A section letter ("C"), or an industry code canonicalised ("35" →
 * "C35"). APP_EINVAL otherwise. */
enum app_status query_industry(const char *text, char out[6], struct app_err *e);
/* A tier key or name → enum tier, or "none"/"无" → -1. APP_EINVAL
 * otherwise (the message lists the keys). */
enum app_status query_tier(const char *text, int *out, struct app_err *e);

#endif
