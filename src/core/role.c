/* role.c - role names and scopes (see role.h). */
#include "role.h"

#include <string.h>

static const struct {
	const char *key, *label;
	enum role_scope scope;
	bool duty, personal;
} roles[ROLE_COUNT] = {
    [ROLE_NONE] = {"", "", SCOPE_NONE, false, false},
    [ROLE_CITY] = {"city", "市经信委", SCOPE_ALL, false, true},
    [ROLE_DISTRICT] = {"district", "区县经信部门", SCOPE_DISTRICT, false, true},
    [ROLE_ENTERPRISE] = {"enterprise", "企业", SCOPE_FIRM, false, true},
    [ROLE_EXPERT] = {"expert", "评审专家", SCOPE_NONE, false, false},
    [ROLE_VIEWER] = {"viewer", "领导", SCOPE_ALL, false, false},
    [ROLE_ADMIN] = {"admin", "系统管理员", SCOPE_NONE, true, false},
    [ROLE_SECURITY] = {"security", "安全管理员", SCOPE_NONE, true, false},
    [ROLE_AUDITOR] = {"auditor", "审计管理员", SCOPE_NONE, true, false},
};

const char *role_key(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].key : "";
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].label : "";
}

static bool same(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

enum role role_parse_n(const char *s, size_t n)
{
	if (!s)
		return ROLE_NONE;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return ROLE_NONE;
	for (int r = ROLE_CITY; r < ROLE_COUNT; r++)
		if (same(s, n, roles[r].key) || same(s, n, roles[r].label))
			return (enum role)r;
	return same(s, n, "区县") ? ROLE_DISTRICT : ROLE_NONE; /* the former short label */
}

enum role role_parse(const char *s)
{
	return s ? role_parse_n(s, strlen(s)) : ROLE_NONE;
}

bool role_is_duty(enum role r)
{
	return (unsigned)r < ROLE_COUNT && roles[r].duty;
}

bool role_business(enum role r)
{
	return r > ROLE_NONE && r < ROLE_COUNT && !roles[r].duty;
}

enum role_scope role_scope(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].scope : SCOPE_NONE;
}

bool role_sees_personal(enum role r)
{
	return (unsigned)r < ROLE_COUNT && roles[r].personal;
}
