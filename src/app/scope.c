/* scope.c - the scope rules (see scope.h). */
#include "scope.h"

#include <string.h>

#include "core/role.h"

bool scope_covers(const struct principal *p, const char *district, const char *zone)
{
	const struct user *u = &p->user;
	switch (role_scope(u->role)) {
	case SCOPE_ALL:
		return true;
	case SCOPE_DISTRICT:
		return u->district[0] && ((district && strcmp(district, u->district) == 0) ||
		                          (zone && strcmp(zone, u->district) == 0));
	default:
		return false;
	}
}

bool scope_sees_firm(const struct principal *p, const struct enterprise *e)
{
	if (role_scope(p->user.role) == SCOPE_FIRM)
		return p->user.uscc[0] && strcmp(p->user.uscc, e->uscc) == 0;
	return scope_covers(p, e->district, e->zone);
}

bool scope_filter(const struct principal *p, struct store_filter *f)
{
	switch (role_scope(p->user.role)) {
	case SCOPE_ALL:
		return true;
	case SCOPE_DISTRICT:
		if (!p->user.district[0])
			return false;
		f->scope_district = p->user.district;
		return true;
	case SCOPE_FIRM:
		if (!p->user.uscc[0])
			return false;
		f->uscc = p->user.uscc;
		return true;
	default:
		return false;
	}
}

const char *scope_unit(const struct principal *p)
{
	return role_scope(p->user.role) == SCOPE_DISTRICT ? p->user.district : NULL;
}

bool scope_personal(const struct principal *p, const struct enterprise *e)
{
	return role_sees_personal(p->user.role) && scope_sees_firm(p, e);
}

void scope_mask(const struct principal *p, struct enterprise *e)
{
	if (scope_personal(p, e))
		return;
	char m[MAX_SHORT_TEXT_BYTES];
	mask_person(e->contact, m, sizeof m);
	memcpy(e->contact, m, sizeof m);
	mask_phone(e->phone, m, sizeof m);
	memcpy(e->phone, m, sizeof m);
}
