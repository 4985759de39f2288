/* query.c - list filters from text (see query.h). */
#include "query.h"

#include <stdio.h>

#include "base/str.h"
#include "core/district.h"
#include "core/industry.h"
#include "core/tier.h"

enum app_status query_district(const char *text, char out[8], struct app_err *e)
{
	struct strv v = strv_trim(strv_from(text));
	const struct zone *z = zone_find(v);
	if (z) {
		snprintf(out, 8, "%s", z->code);
		return APP_OK;
	}
	const struct district *d = NULL;
	enum app_status s = district_parse(v, &d, e);
	if (s != APP_OK)
		return s;
	snprintf(out, 8, "%s", d->code);
	return APP_OK;
}

enum app_status query_industry(const char *text, char out[6], struct app_err *e)
{
	struct strv v = strv_trim(strv_from(text));
	if (v.n == 1) {
		char c = v.p[0];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (industry_section(c)) {
			out[0] = c;
			out[1] = '\0';
			return APP_OK;
		}
		return app_err_set(e, APP_EINVAL, "不存在的行业门类 \"%s\"", text);
	}
	return industry_parse(v, out, e);
}

enum app_status query_tier(const char *text, int *out, struct app_err *e)
{
	struct strv v = strv_trim(strv_from(text));
	if (strv_eq(v, "none") || strv_eq(v, "无")) {
		*out = -1;
		return APP_OK;
	}
	enum tier t = tier_parse(v);
	if (t == TIER_NONE)
		return app_err_set(
		    e, APP_EINVAL,
		    "未知梯度 \"%s\";可选 candidate、innovative、srdi、little_giant、"
		    "champion、none",
		    text);
	*out = (int)t;
	return APP_OK;
}
