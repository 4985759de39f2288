/* enterprise.c - the enterprise record's fields and their validation (see
 * enterprise.h and spec/indicators.md, table "Enterprise"). */
#include "enterprise.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/district.h"
#include "core/industry.h"

#define NICHE_YEAR_MIN 1949
#define NICHE_YEAR_MAX 2100

const struct ent_field_def ent_fields[EF_COUNT] = {
    [EF_USCC] = {"uscc", "统一社会信用代码", true, "18位,GB 32100-2015,校验位须正确"},
    [EF_NAME] = {"name", "企业名称", true, "必填,最多100个字"},
    [EF_DISTRICT] = {"district", "所属区县", true, "区县名称或6位行政区划代码,如 渝北区 或 500112"},
    [EF_ZONE] = {"zone", "所属功能区", false,
                 "可空;LJXQ 两江新区、GXQ 重庆高新区、WSJK 万盛经开区,或其名称"},
    [EF_INDUSTRY] = {"industry", "国民经济行业代码", true,
                     "GB/T 4754-2017,门类字母加2-4位数字(C3562)或只填数字(3562)"},
    [EF_EMERGING] = {"emerging", "战略性新兴产业类别", false,
                     "可空;1-9,战略性新兴产业分类(2018)的一级类别"},
    [EF_FOUNDED] = {"founded", "成立日期", false, "YYYY-MM-DD"},
    [EF_NICHE_SINCE] = {"niche_since", "进入细分市场年份", false, "四位年份,如 2015"},
    [EF_CONTACT] = {"contact", "联系人", false, "个人信息,按权限脱敏显示"},
    [EF_PHONE] = {"phone", "联系电话", false, "数字、空格、- 或 +,最多20个字符"},
};

int ent_field_find(struct strv text)
{
	text = strv_trim(text);
	for (int i = 0; i < EF_COUNT; i++) {
		size_t kl = strlen(ent_fields[i].key);
		if ((text.n == kl && strncasecmp(text.p, ent_fields[i].key, kl) == 0) ||
		    strv_eq(text, ent_fields[i].label))
			return i;
	}
	return -1;
}

/* Sets err (APP_EINVAL) with the message and the field's key. Messages state
 * the rule without repeating the field's label: the caller names the place. */
static enum app_status field_error(struct app_err *err, enum ent_field f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum app_status field_error(struct app_err *err, enum ent_field f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_err_vset(err, APP_EINVAL, fmt, ap);
	va_end(ap);
	app_err_field(err, ent_fields[f].key);
	return APP_EINVAL;
}

/* Keeps a validator's message and sets the field's key. */
static enum app_status wrap_error(struct app_err *err, enum ent_field f, enum app_status s)
{
	app_err_field(err, ent_fields[f].key);
	return s;
}

/* Free text (name, contact): valid UTF-8 without control characters. */
static bool plain_text(struct strv v)
{
	if (!utf8_valid(v.p, v.n))
		return false;
	for (size_t i = 0; i < v.n; i++)
		if ((unsigned char)v.p[i] < 0x20 || v.p[i] == 0x7F)
			return false;
	return true;
}

static bool phone_ok(struct strv v)
{
	if (v.n > MAX_PHONE_CHARS)
		return false;
	bool digit = false;
	for (size_t i = 0; i < v.n; i++) {
		char c = v.p[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c != ' ' && c != '-' && c != '+')
			return false;
	}
	return digit;
}

/* The district code to store: a historical unit that was merged or recoded
 * is replaced by its current successor, unless that successor's code is
 * provisional (江北区/渝北区 stay as they are until 两江新区's code is
 * published). */
static const char *district_code_to_store(const struct district *d)
{
	const struct district *s = district_successor(d);
	return s && !s->provisional ? s->code : d->code;
}

static enum app_status set_district(struct enterprise *e, struct strv v, struct app_err *err)
{
	const struct district *d;
	enum app_status s = district_parse(v, &d, err);
	if (s != APP_OK)
		return wrap_error(err, EF_DISTRICT, s);
	str_copy(e->district, sizeof e->district, district_code_to_store(d), 6);
	return APP_OK;
}

static enum app_status set_zone(struct enterprise *e, struct strv v, struct app_err *err)
{
	const struct zone *z = zone_find(v);
	if (!z) {
		char list[256] = "";
		for (size_t i = 0; i < zone_count(); i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s %s",
			         i ? "、" : "", zone_at(i)->code, zone_at(i)->name);
		return field_error(err, EF_ZONE, "未知功能区 \"%.*s\"(应为 %s)", (int)v.n, v.p,
		                   list);
	}
	str_copy(e->zone, sizeof e->zone, z->code, strlen(z->code));
	return APP_OK;
}

/* Parses a non-empty value into field f. */
static enum app_status set_value(struct enterprise *e, enum ent_field f, struct strv v,
                                 struct app_err *err)
{
	enum app_status s;
	long n;
	switch (f) {
	case EF_USCC:
		s = uscc_check(v.p, v.n, e->uscc, err);
		return s == APP_OK ? s : wrap_error(err, f, s);
	case EF_NAME: {
		if (!plain_text(v))
			return field_error(err, f, "含有控制字符或不是有效的UTF-8文本");
		size_t chars = utf8_chars(v.p, v.n);
		if (chars > MAX_NAME_CHARS)
			return field_error(err, f, "超过%d个字(实际%zu个)", MAX_NAME_CHARS, chars);
		str_copy(e->name, sizeof e->name, v.p, v.n);
		return APP_OK;
	}
	case EF_DISTRICT:
		return set_district(e, v, err);
	case EF_ZONE:
		return set_zone(e, v, err);
	case EF_INDUSTRY:
		s = industry_parse(v, e->industry, err);
		return s == APP_OK ? s : wrap_error(err, f, s);
	case EF_EMERGING:
		if (!str_to_int_range(v, 1, 9, &n))
			return field_error(err, f, "应为 1-9 的整数");
		e->emerging = (int)n;
		return APP_OK;
	case EF_FOUNDED:
		if (!str_to_date(v, e->founded))
			return field_error(err, f, "应为有效日期 YYYY-MM-DD");
		return APP_OK;
	case EF_NICHE_SINCE:
		if (!str_to_int_range(v, NICHE_YEAR_MIN, NICHE_YEAR_MAX, &n))
			return field_error(err, f, "应为 %d-%d 之间的年份", NICHE_YEAR_MIN,
			                   NICHE_YEAR_MAX);
		e->niche_since = (int)n;
		return APP_OK;
	case EF_CONTACT:
		if (!plain_text(v))
			return field_error(err, f, "含有控制字符或不是有效的UTF-8文本");
		if (v.n >= sizeof e->contact)
			return field_error(err, f, "过长(最多%zu字节)", sizeof e->contact - 1);
		str_copy(e->contact, sizeof e->contact, v.p, v.n);
		return APP_OK;
	case EF_PHONE:
		if (!phone_ok(v))
			return field_error(err, f, "只能包含数字、空格、- 和 +,最多%d个字符",
			                   MAX_PHONE_CHARS);
		str_copy(e->phone, sizeof e->phone, v.p, v.n);
		return APP_OK;
	case EF_COUNT:
		break;
	}
	return app_err_set(err, APP_EINTERNAL, "未知字段 %d", (int)f);
}

/* Clears optional field f. */
static void clear_field(struct enterprise *e, enum ent_field f)
{
	switch (f) {
	case EF_ZONE:
		e->zone[0] = '\0';
		break;
	case EF_EMERGING:
		e->emerging = 0;
		break;
	case EF_FOUNDED:
		e->founded[0] = '\0';
		break;
	case EF_NICHE_SINCE:
		e->niche_since = 0;
		break;
	case EF_CONTACT:
		e->contact[0] = '\0';
		break;
	case EF_PHONE:
		e->phone[0] = '\0';
		break;
	default:
		break;
	}
}

enum app_status ent_field_set(struct enterprise *e, enum ent_field f, struct strv text,
                              struct app_err *err)
{
	if ((unsigned)f >= EF_COUNT)
		return app_err_set(err, APP_EINTERNAL, "未知字段 %d", (int)f);
	struct strv v = strv_trim(text);
	if (v.n == 0) {
		if (ent_fields[f].required)
			return field_error(err, f, "不能为空");
		clear_field(e, f);
		return APP_OK;
	}
	return set_value(e, f, v, err);
}

/* True if code is one of the comma-separated codes in list. */
static bool list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && memcmp(p, code, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

static enum app_status check_zone(const struct enterprise *e, struct app_err *err)
{
	const struct zone *z = zone_find(strv_from(e->zone));
	if (!z)
		return field_error(err, EF_ZONE, "未知功能区 \"%s\"", e->zone);
	if (list_has(z->hosts, e->district))
		return APP_OK;
	char hosts[256] = "";
	for (const char *p = z->hosts; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const struct district *h = district_find((struct strv){p, len});
		snprintf(hosts + strlen(hosts), sizeof hosts - strlen(hosts), "%s%s",
		         hosts[0] ? "、" : "", h ? h->name : "?");
		if (!comma)
			break;
		p = comma + 1;
	}
	const struct district *d = district_find(strv_from(e->district));
	return field_error(err, EF_ZONE, "功能区 %s 与所属区县 %s(%s) 不符,应在 %s 内", z->name,
	                   d ? d->name : "?", e->district, hosts);
}

enum app_status enterprise_validate(const struct enterprise *e, struct app_err *err)
{
	char canon[USCC_LEN + 1];
	char ind[6];
	if (!e->uscc[0])
		return field_error(err, EF_USCC, "不能为空");
	if (uscc_check(e->uscc, strlen(e->uscc), canon, err) != APP_OK)
		return wrap_error(err, EF_USCC, APP_EINVAL);
	if (!e->name[0])
		return field_error(err, EF_NAME, "不能为空");
	if (!e->district[0])
		return field_error(err, EF_DISTRICT, "不能为空");
	if (!district_find(strv_from(e->district)))
		return field_error(err, EF_DISTRICT, "未知区县 \"%s\"", e->district);
	if (!e->industry[0])
		return field_error(err, EF_INDUSTRY, "不能为空");
	if (industry_parse(strv_from(e->industry), ind, err) != APP_OK)
		return wrap_error(err, EF_INDUSTRY, APP_EINVAL);
	if (e->zone[0])
		return check_zone(e, err);
	return APP_OK;
}

void mask_phone(const char *phone, char *out, size_t n)
{
	char tmp[MAX_SHORT_TEXT_BYTES];
	size_t digits = 0, len = strlen(phone);
	if (n == 0)
		return;
	for (size_t i = 0; i < len; i++)
		digits += phone[i] >= '0' && phone[i] <= '9';
	/* keep 3 + 4 digits of a long number; of a short one, only the last half */
	size_t head = digits >= 8 ? 3 : 0, tail = digits >= 8 ? 4 : digits / 2;
	size_t k = 0, j = 0;
	for (size_t i = 0; i < len && j + 1 < sizeof tmp; i++) {
		char c = phone[i];
		if (c >= '0' && c <= '9') {
			if (k >= head && k < digits - tail)
				c = '*';
			k++;
		}
		tmp[j++] = c;
	}
	tmp[j] = '\0';
	str_copy(out, n, tmp, j);
}

void mask_person(const char *name, char *out, size_t n)
{
	char tmp[16];
	size_t len = strlen(name);
	if (n == 0)
		return;
	if (len == 0) {
		out[0] = '\0';
		return;
	}
	/* the first character, then "**" whatever the length (a one-character
	 * name is masked whole) */
	size_t first = utf8_prefix(name, len, 1);
	if (first == len || first > 4)
		snprintf(tmp, sizeof tmp, "*");
	else
		snprintf(tmp, sizeof tmp, "%.*s**", (int)first, name);
	str_copy(out, n, tmp, strlen(tmp));
}
