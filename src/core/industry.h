/* industry.h - GB/T 4754-2017 国民经济行业分类: 20 sections (门类) and 97
 * divisions (大类), from the data file data/industries.tsv (embedded; it
 * names its sources). */
#ifndef ZJTX_INDUSTRY_H
#define ZJTX_INDUSTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"

struct industry_division {
	char section;     /* 'A'..'T' */
	const char *code; /* two digits, "35" */
	const char *name; /* "专用设备制造业" */
};

struct industry_section {
	char letter;      /* 'A'..'T' */
	const char *name; /* "制造业" */
	int first, last;  /* division range, e.g. 13..43 */
};

/* Loads the embedded tables once (thread-safe); aborts on a malformed file. */
void industry_init(void);

/* Canonicalises an industry code: a section letter plus 2-4 digits
 * ("C3562", "c35"), or 2-4 digits alone ("3562"), trimmed. The division
 * (first two digits) must exist and agree with the letter if given.
 * out receives the letter + digits, e.g. "C3562" (at most 6 bytes with NUL).
 * Errors (APP_EINVAL, Chinese): "行业代码格式应为门类字母加2-4位数字",
 * "不存在的行业大类 \"99\"", "行业大类 35 属于门类 C,不属于 D". */
enum app_status industry_parse(struct strv text, char out[6], struct app_err *e);

/* Division of a code in any form industry_parse accepts ("C3562", "35"),
 * NULL if it does not parse; section by letter (any case), NULL if unknown.
 * The pointers stay valid for the life of the process. */
const struct industry_division *industry_division(const char *code);
const struct industry_section *industry_section(char letter);

size_t industry_division_count(void);
const struct industry_division *industry_division_at(size_t i);
size_t industry_section_count(void);
const struct industry_section *industry_section_at(size_t i);

/* True for 工业 (sections B, C, D: divisions 06-46); false for anything
 * that does not parse. */
bool industry_is_industrial(const char *code);

#endif
