/* scope.h - which firms a signed-in user reaches, in one place.
 *
 * Every read and write of business data goes through these rules, on the
 * server and in the store filters alike (PRODUCT.md: "Every rule of scope
 * is enforced by the server on every request"):
 *   city, viewer   every firm
 *   district       firms whose district or zone is the user's unit
 *   enterprise     the user's own firm
 *   anyone else    no firm
 * A firm out of scope is "not found" to the caller (never "forbidden"),
 * so its existence is not revealed. Personal data (contact person, phone)
 * is shown only to city and district users and to the firm itself
 * (role_sees_personal); others see it masked (enterprise.h mask_*). */
#ifndef ZJTX_SCOPE_H
#define ZJTX_SCOPE_H

#include <stdbool.h>

#include "app/auth.h"
#include "core/enterprise.h"
#include "store/store.h"

/* True if p may see firm e. */
bool scope_sees_firm(const struct principal *p, const struct enterprise *e);

/* True if a firm placed in district (and zone, may be "" or NULL) is in
 * p's scope: what a create or a move must keep. */
bool scope_covers(const struct principal *p, const char *district, const char *zone);

/* Narrows f to p's scope (scope_district or uscc). Returns false if p
 * reaches no firm at all (the caller refuses the request). */
bool scope_filter(const struct principal *p, struct store_filter *f);

/* The unit a district user's views of many firms are narrowed to (its
 * district or zone code: monitor_completeness_scoped, monitor_alerts'
 * scope, export_options.scope_district), or NULL when p sees every firm.
 * Callers refuse roles that reach no firm or only their own before. */
const char *scope_unit(const struct principal *p);

/* True if p sees e's personal data unmasked. */
bool scope_personal(const struct principal *p, const struct enterprise *e);

/* Masks e's contact and phone in place unless scope_personal. */
void scope_mask(const struct principal *p, struct enterprise *e);

#endif
