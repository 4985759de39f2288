/* firm.h - reading and changing firms, their annual figures and their tier
 * history on behalf of a signed-in user.
 *
 * Each function applies the caller's scope (app/scope.h: out of scope is
 * APP_ENOTFOUND, exactly as if the firm did not exist), validates with the
 * core's rules, and writes its audit entry in the same transaction as the
 * change (entity "enterprise", id = the USCC, before/after the changed
 * values as text: money exact in 万元). */
#ifndef ZJTX_FIRM_H
#define ZJTX_FIRM_H

#include <stdbool.h>
#include <stdint.h>

#include "app/auth.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "store/store.h"

/* Reads a firm in p's scope. APP_ENOTFOUND if absent or out of scope. */
enum app_status firm_get(struct store *s, const struct principal *p, const char *uscc,
                         struct enterprise *out, struct app_err *err);

/* Registers a new firm (all fields already parsed with ent_field_set).
 * APP_EINVAL (field named) from enterprise_validate, APP_EPERM
 * ("/district") if the firm would lie outside p's scope, APP_ECONFLICT if
 * the USCC is registered. */
enum app_status firm_create(struct store *s, const struct principal *p, const struct enterprise *e,
                            struct app_err *err);

/* Changes the fields of firm uscc whose bits (1 << enum ent_field) are set
 * in fields, taking their values from in. The USCC never changes
 * (APP_EINVAL "/uscc"); an enterprise user may not change its district,
 * zone or industry, and a district user may not move a firm out of its
 * scope (APP_EPERM naming the field). Fills *out with the result. */
enum app_status firm_update(struct store *s, const struct principal *p, const char *uscc,
                            const struct enterprise *in, unsigned fields, struct enterprise *out,
                            struct app_err *err);

/* Writes the annual columns cols (bits of enum annual_key) of a for
 * (a->uscc, a->year): present values set, absent ones cleared; other
 * columns keep their values. The merged row must pass annual_check
 * (APP_EINVAL). Fills *out with the stored row and *created (may be NULL). */
enum app_status firm_annual_put(struct store *s, const struct principal *p, const struct annual *a,
                                uint64_t cols, struct annual *out, bool *created,
                                struct app_err *err);

/* Appends a tier event (ev->uscc set; id, actor and recorded_at filled).
 * Checks: tier and status set, since a date, until (if any) a date after
 * since, a reason for exited and revoked; lengths. APP_EINVAL naming
 * "/tier", "/status", "/since", "/until", "/reason", "/doc_no". */
enum app_status firm_tier_add(struct store *s, const struct principal *p, struct tier_event *ev,
                              struct app_err *err);

/* The text of field f of e as the audit log and exports write it ("" for
 * missing). */
void firm_field_text(const struct enterprise *e, enum ent_field f, char *out, size_t n);

#endif
