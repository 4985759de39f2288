/* role.h - the user roles of PRODUCT.md and what each may see.
 *
 * A role is a key stored with the user ("city", "district", ...). Each
 * account holds exactly one role, so the three separated administration
 * duties (三员分立, GB/T 22239-2019 8.1.4.2 and PRODUCT.md: admin, security,
 * auditor) can never meet in one account.
 *
 * What a role may do with business data (firms, figures, tiers):
 *   city        all firms                      read and write
 *   district    firms of its district or zone  read and write
 *   enterprise  its own firm                   read and write (profile, figures)
 *   viewer      all firms                      read only, personal data masked
 *   expert      no firm; the applications assigned to it (workflow, blind
 *               when the batch says so)
 *   admin, security, auditor: no business data
 * This one enum serves the HTTP API (users, permissions) and the workflow
 * (core/flow.h: who may make which move) alike.
 * The permissions of each role per route live in the HTTP layer's table
 * (http/api.c); the scope rules here are shared by the server and the CLI. */
#ifndef ZJTX_ROLE_H
#define ZJTX_ROLE_H

#include <stdbool.h>
#include <stddef.h>

enum role {
	ROLE_NONE = 0,
	ROLE_CITY,       /* 市经信委 */
	ROLE_DISTRICT,   /* 区县经信部门 */
	ROLE_ENTERPRISE, /* 企业联系人 */
	ROLE_EXPERT,     /* 评审专家 */
	ROLE_VIEWER,     /* 领导 (read only) */
	ROLE_ADMIN,      /* 系统管理员 */
	ROLE_SECURITY,   /* 安全管理员 */
	ROLE_AUDITOR,    /* 审计管理员 */
	ROLE_COUNT
};
/* A set of roles as a bit mask (the workflow's transition table). */
#define ROLE_BIT(r) (1u << (unsigned)(r))

/* Which firms a role's business-data permissions reach. */
enum role_scope {
	SCOPE_NONE = 0, /* no business data */
	SCOPE_ALL,      /* every firm */
	SCOPE_DISTRICT, /* firms whose district or zone is the user's */
	SCOPE_FIRM,     /* the user's own firm */
};

/* "city", "district", ...; "" for ROLE_NONE or out of range. */
const char *role_key(enum role r);
/* Chinese name: "市经信委", "区县经信部门", "企业", "评审专家", "领导",
 * "系统管理员", "安全管理员", "审计管理员"; "" for ROLE_NONE or out of
 * range. */
const char *role_label(enum role r);
/* Parses a key (exact) or a Chinese name (also the short "区县"); ROLE_NONE
 * if unknown. s may be NULL. */
enum role role_parse(const char *s);
/* The same for the n bytes at s (not NUL-terminated; surrounding blanks
 * ignored). */
enum role role_parse_n(const char *s, size_t n);

/* True for the three separated administration duties (admin, security,
 * auditor). */
bool role_is_duty(enum role r);
/* True for roles that deal with business data at all (city, district,
 * enterprise, expert, viewer); false for ROLE_NONE and the three duties. */
bool role_business(enum role r);
/* The firms the role's business-data permissions reach. */
enum role_scope role_scope(enum role r);
/* True if a role with an in-scope firm sees its personal data (contact,
 * phone) unmasked: city, district and the firm itself. */
bool role_sees_personal(enum role r);

#endif
