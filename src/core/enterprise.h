/* enterprise.h - a firm of the pool, and the validation of its fields.
 *
 * Fields use canonical forms (indicators.md): the USCC upper-cased and
 * checked, the district as its 6-character code, the industry as a letter
 * plus digits. Missing optional fields are "" or 0. */
#ifndef ZJTX_ENTERPRISE_H
#define ZJTX_ENTERPRISE_H

#include <stdbool.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/str.h"
#include "core/tier.h"
#include "core/uscc.h"

struct enterprise {
	char uscc[USCC_LEN + 1];
	char name[MAX_NAME_BYTES + 1];
	char district[7];                   /* district code */
	char zone[8];                       /* "", "LJXQ", "GXQ", "WSJK" */
	char industry[6];                   /* "C3562" */
	int emerging;                       /* 战略性新兴产业类别 1..9, 0 = none/unknown */
	char founded[11];                   /* "YYYY-MM-DD" or "" */
	int niche_since;                    /* year, 0 = unknown */
	char contact[MAX_SHORT_TEXT_BYTES]; /* 联系人 (personal data) */
	char phone[MAX_SHORT_TEXT_BYTES];   /* 联系电话 (personal data) */
	/* Maintained by the store from the tier history; ignored on write. */
	enum tier tier;      /* highest tier currently held, TIER_NONE if none */
	char tier_until[11]; /* its valid-until date, "" if open-ended */
};

/* The enterprise columns accepted by imports and written by exports. */
enum ent_field {
	EF_USCC,
	EF_NAME,
	EF_DISTRICT,
	EF_ZONE,
	EF_INDUSTRY,
	EF_EMERGING,
	EF_FOUNDED,
	EF_NICHE_SINCE,
	EF_CONTACT,
	EF_PHONE,
	EF_COUNT
};

struct ent_field_def {
	const char *key;   /* "uscc" */
	const char *label; /* "统一社会信用代码" */
	bool required;
	const char *note; /* for templates */
};
extern const struct ent_field_def ent_fields[EF_COUNT];

/* Finds a field by key or Chinese label (brackets stripped by caller). */
int ent_field_find(struct strv text);

/* Parses text into field f of e, validating it (trimming first). Empty text
 * for an optional field clears it; for a required one it is an error
 * ("不能为空"). The district is stored as its code; a historical unit that
 * was merged or recoded is stored as its current successor, unless that
 * successor's code is provisional (江北区, 渝北区 stay until 两江新区's code is
 * published). Other rules: name at most MAX_NAME_CHARS characters of UTF-8
 * without control characters; zone by code or name (zone_find); industry by
 * industry_parse; emerging 1-9; founded a calendar date (str_to_date);
 * niche_since a year 1949-2100; phone digits, spaces, '-' and '+', at most
 * 20 characters.
 *
 * Errors: APP_EINVAL. err->msg states the rule broken in Chinese without
 * repeating the field's label (validator messages such as "校验位应为 0" pass
 * through); err->field gets the field key, so the caller names the place:
 * "第17行 统一社会信用代码 \"91500000202813384X\": 校验位应为 0". On error
 * the field keeps its old value (except uscc, whose out buffer is only
 * written on success). */
enum app_status ent_field_set(struct enterprise *e, enum ent_field f, struct strv text,
                              struct app_err *err);

/* Whole-record check after all fields are set: uscc, name, district and
 * industry present and valid; if a zone is given, the district is one of
 * the zone's hosts (zone.hosts; for 两江新区 this includes 5001LJ). Errors as
 * for ent_field_set, with err->field naming the first field at fault. */
enum app_status enterprise_validate(const struct enterprise *e, struct app_err *err);

/* Masks personal data for roles that do not need it. mask_phone keeps the
 * first 3 and last 4 digits of a number of 8 or more digits
 * ("138****5678"), only the last half of the digits of a shorter one, and
 * every non-digit. mask_person keeps the first character and appends "**"
 * whatever the length ("张**"); a one-character name becomes "*". Both write
 * a NUL-terminated string into out (size n > 0), truncated at a character
 * boundary if n is too small. */
void mask_phone(const char *phone, char *out, size_t n);
void mask_person(const char *name, char *out, size_t n);

#endif
