/* district.h - Chongqing's county-level divisions and functional zones.
 *
 * The catalogue is the data file data/districts.tsv (embedded at build time),
 * which names its sources: the 38 GB/T 2260 codes valid 2016 - 2025-11, the
 * historical codes (for old USCC region digits), the 2025-11-06 creation of
 * 两江新区 as a district (江北区 and 渝北区 abolished), and the three functional
 * zones 两江新区 (LJXQ), 重庆高新区 (GXQ) and 万盛经开区 (WSJK).
 *
 * The new 两江新区 district's GB/T 2260 code was not published when the file
 * was written (criteria.md §5, UNCONFIRMED); the catalogue gives it the
 * provisional code "5001LJ" (letters, so it can never collide with a real
 * code), flagged provisional. Replace it in the data file when published. */
#ifndef ZJTX_DISTRICT_H
#define ZJTX_DISTRICT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"

enum district_kind {
	DISTRICT_DISTRICT = 1, /* 市辖区 */
	DISTRICT_COUNTY,       /* 县 */
	DISTRICT_AUTONOMOUS,   /* 自治县 */
};

struct district {
	const char *code;       /* 6 characters: GB/T 2260, or the provisional 5001LJ */
	const char *name;       /* full name, e.g. "渝北区" */
	const char *short_name; /* without the suffix, e.g. "渝北"; "" if none */
	enum district_kind kind;
	const char *valid_from; /* "YYYY-MM-DD" or "" (long-standing) */
	const char *valid_to;   /* last day valid, "YYYY-MM-DD", or "" (current) */
	const char *successor;  /* code it was merged into / recoded to, or "" */
	bool provisional;       /* code not yet confirmed by an official source */
	int region; /* 1 主城都市区, 2 渝东北, 3 渝东南 (for reports); 0 unknown */
};

struct zone {
	const char *code;      /* "LJXQ", "GXQ", "WSJK" */
	const char *name;      /* "两江新区", "重庆高新区", "万盛经开区" */
	const char *full_name; /* e.g. "西部(重庆)科学城重庆高新区" */
	const char *hosts;     /* comma-separated host district codes */
};

/* Loads the embedded catalogue once (thread-safe). Aborts with a message if
 * the embedded data file is malformed (a build defect, caught by tests). */
void district_init(void);

/* Looks up a district by 6-character code (any case), full name, short name
 * or alias (trimmed; "渝北区", "渝北", "500112"). Historical entries are found
 * too; check valid_to. Where a code or name belongs to several entries (a
 * code reused after a merger: 500110 was 万盛区, now 綦江区), the current one
 * wins, else the one valid last. Returns NULL if unknown. */
const struct district *district_find(struct strv text);

/* Parses user input into a district (district_find). On failure returns
 * APP_EINVAL with a message such as "未知区县 \"渝东区\"", or "区县为空"
 * (e->field untouched). */
enum app_status district_parse(struct strv text, const struct district **out, struct app_err *e);

/* The current entry d was merged into or recoded to (following the chain of
 * successors to its end), or NULL if d has no successor. */
const struct district *district_successor(const struct district *d);

/* Whether d is in force on date ("YYYY-MM-DD"). */
bool district_valid_on(const struct district *d, const char *date);

/* All catalogue entries, current and historical, in file order. */
size_t district_count(void);
const struct district *district_at(size_t i);

/* The functional zones. zone_find accepts the code (any case) or a name
 * ("两江新区", "重庆高新区", "高新区", "西部科学城", "万盛经开区", "万盛"). */
size_t zone_count(void);
const struct zone *zone_at(size_t i);
const struct zone *zone_find(struct strv text);

/* The reporting unit of a firm, as municipal notices list them: its zone
 * code if it has one, else its district code. Never double-counts. */
const char *district_reporting_unit(const char *district_code, const char *zone_code);
/* Display name of a reporting unit code (district or zone), or the code. */
const char *district_unit_name(const char *unit_code);

#endif
