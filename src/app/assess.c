/* assess.c - the bridge to the criteria engine (see assess.h).
 *
 * The engine (core/criteria.h, branch `rule`) is not merged yet: this file
 * reports it unavailable. When it lands, assess_firm compiles the named
 * built-in criteria once (criteria_load), evaluates with criteria_eval,
 * and writes the explanation with criteria_explain; nothing else in the
 * workflow changes. */
#include "assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool assess_available(void)
{
	return false;
}

enum app_status assess_firm(const char *criteria, const struct enterprise *ent,
                            const struct annual *rows, size_t nrows, int year, enum size_class size,
                            bool rereview, struct assess_result *out, struct app_err *e)
{
	(void)ent;
	(void)rows;
	(void)nrows;
	(void)size;
	(void)rereview;
	(void)e;
	memset(out, 0, sizeof *out);
	out->year = year;
	snprintf(out->note, sizeof out->note, "评价引擎尚未接入,未能按 %s 自评;已保存企业数据快照",
	         criteria && *criteria ? criteria : "(未指定标准)");
	return APP_OK;
}

void assess_result_free(struct assess_result *r)
{
	if (!r)
		return;
	free(r->json);
	free(r->text);
	r->json = r->text = NULL;
}
