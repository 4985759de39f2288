/* assess.h - the one place where the workflow asks the criteria engine
 * (F2, core/criteria.h) to evaluate a firm: the self-assessment of an
 * application and the yearly re-evaluation of recognized firms.
 *
 * Until the engine is part of the build, assess_firm says so
 * (available = false, APP_OK) and the workflow records the snapshot of
 * figures without a verdict; callers show the note. */
#ifndef ZJTX_ASSESS_H
#define ZJTX_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/enterprise.h"
#include "core/indicator.h"
#include "core/sizeclass.h"

struct assess_result {
	bool available;         /* the engine evaluated the firm */
	char verdict[16];       /* "pass", "fail", "insufficient"; "" when not available */
	char verdict_label[16]; /* "通过", "不通过", "数据不足" */
	double score;           /* points won for sure (criteria with points), else 0 */
	double score_max;       /* full marks, 0 if the criteria have no points */
	int year;               /* fiscal year evaluated (上年度) */
	char *json;             /* the evaluation as JSON (heap), NULL if not available */
	char *text;             /* the worksheet explanation in Chinese (heap), or NULL */
	char note[256];         /* why not available, or "" */
};

/* Evaluates the firm ent (with its annual rows, any years) against the
 * named criteria for fiscal year `year`; size is its SME size class
 * (SIZE_UNKNOWN if not known); rereview marks a 复核. Fills out (zero it
 * first; free with assess_result_free). Errors: APP_ENOTFOUND for criteria
 * the engine does not know; APP_OK with available = false when the engine
 * is not in this build. */
enum app_status assess_firm(const char *criteria, const struct enterprise *ent,
                            const struct annual *rows, size_t nrows, int year, enum size_class size,
                            bool rereview, struct assess_result *out, struct app_err *e);

/* Frees the heap members of r; r may be reused after. */
void assess_result_free(struct assess_result *r);

/* True when the criteria engine is in this build. */
bool assess_available(void);

/* APP_OK if the engine knows (and compiles) the named criteria, or when the
 * engine is not in the build (nothing to check against); else the engine's
 * error (APP_ENOTFOUND for an unknown name) with a message. */
enum app_status assess_check(const char *criteria, struct app_err *e);

#endif
