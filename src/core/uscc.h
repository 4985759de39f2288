/* uscc.h - 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
 *
 * See ../shared/spec/criteria.md §4. 18 characters from the 31-character set
 * 0-9 A-H J-N P-R T U W-Y; positions 3-8 are the registering authority's
 * GB/T 2260 region code; position 18 is a mod-31 check character. */
#ifndef ZJTX_USCC_H
#define ZJTX_USCC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define USCC_LEN 18

/* Validates a code and writes its canonical form (trimmed, upper-cased,
 * NUL-terminated) to out.
 *
 * On failure returns APP_EINVAL with a Chinese message that names the
 * position and the rule, for example:
 *   "长度应为18位,实际为17位"
 *   "第5位字符 \"I\" 不是统一社会信用代码允许的字符"
 *   "第3-8位登记管理机关行政区划码应为6位数字"
 *   "校验位应为 0"   (the check character expected at position 18)
 * e->col is set to the 1-based position at fault (18 for the check). */
enum app_status uscc_check(const char *code, size_t n, char out[USCC_LEN + 1], struct app_err *e);

/* Returns the expected check character for the first 17 characters (which
 * must be in the charset), or '\0' if one is not. */
char uscc_check_char(const char *first17);

/* The optional second check: the GB 11714 organisation-code check of
 * positions 9-17 (body valued 0-9, A=10..Z=35, weights 3 7 9 10 5 8 4 2,
 * check 11 - sum mod 11, 10 -> 'X', 11 -> '0'). code must be canonical.
 * Returns true if it holds. Not all issued codes satisfy it, so callers use
 * it for warnings only. */
bool uscc_org_check(const char *code);

/* Builds a valid code from 17 leading characters (for synthetic data):
 * computes the organisation-code check at position 17 from positions 9-16
 * when fix_org is true, then the check character at 18. out gets 19 bytes.
 * Returns false if a character is outside the charset. */
bool uscc_make(const char *first17, bool fix_org, char out[USCC_LEN + 1]);

/* Copies the region code (positions 3-8) of a canonical code into out[7]. */
void uscc_region(const char *code, char out[7]);

#endif
