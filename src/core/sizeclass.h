/* sizeclass.h - SME size classes (中小企业划型), criteria.md §3.
 *
 * 工信部联企业〔2011〕300号: 16 industry categories, each with a ceiling test
 * ("SME if below either") and medium/small lower bounds ("all of"); micro is
 * the complement of small. The thresholds live in data/sizeclass.tsv, tagged
 * with a version ("2011-300"), so a revised standard is added as data.
 * The category is derived from the GB/T 4754-2017 industry code. */
#ifndef ZJTX_SIZECLASS_H
#define ZJTX_SIZECLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum size_class {
	SIZE_UNKNOWN = 0, /* insufficient data; see size_result.missing */
	SIZE_LARGE,
	SIZE_MEDIUM,
	SIZE_SMALL,
	SIZE_MICRO,
};

/* Inputs in canonical units; a has_* flag false means missing (never 0). */
struct size_input {
	bool has_employees;
	int64_t employees; /* persons */
	bool has_revenue;
	int64_t revenue; /* 营业收入, 分 */
	bool has_assets;
	int64_t assets; /* 资产总额, 分 */
};

struct size_result {
	enum size_class cls;
	int category;              /* 1..16 (criteria.md §3 table), 0 if none */
	const char *category_name; /* "工业", "软件和信息技术服务业", ... */
	const char *version;       /* version tag of the thresholds used */
	char missing[64]; /* comma-separated keys needed but missing: "employees,revenue" */
};

/* Loads the embedded threshold table once (thread-safe). */
void sizeclass_init(void);

/* Maps a canonical industry code ("C3562") to its 划型 category (1..16).
 * Returns 0 with APP_EINVAL when the standard does not cover the industry
 * (金融业 J, 公共管理 S, 国际组织 T), or when the code is too coarse to
 * decide (e.g. "K70" could be 房地产开发经营 or 物业管理): the message says
 * how many digits are needed. */
int sizeclass_category(const char *industry, struct app_err *e);

/* Classifies. version NULL means the newest version in the table. Missing
 * inputs give SIZE_UNKNOWN only when the result actually depends on them
 * (a firm below one small-class bound is micro whatever the other is).
 * Returns APP_EINVAL for an unmapped industry or unknown version. */
enum app_status sizeclass_classify(const char *industry, const struct size_input *in,
                                   const char *version, struct size_result *out, struct app_err *e);

/* "大型", "中型", "小型", "微型", "未知". */
const char *sizeclass_name(enum size_class c);
/* "large", "medium", "small", "micro", "unknown". */
const char *sizeclass_key(enum size_class c);

#endif
