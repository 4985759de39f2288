/* t_enterprise.c - enterprise fields, their validation and masking. */
#include <stdio.h>
#include <string.h>

#include "core/enterprise.h"
#include "test.h"

static void test_fields(void)
{
	static const struct {
		const char *key, *label;
		bool required;
	} want[EF_COUNT] = {
	    {"uscc", "统一社会信用代码", true},     {"name", "企业名称", true},
	    {"district", "所属区县", true},         {"zone", "所属功能区", false},
	    {"industry", "国民经济行业代码", true}, {"emerging", "战略性新兴产业类别", false},
	    {"founded", "成立日期", false},         {"niche_since", "进入细分市场年份", false},
	    {"contact", "联系人", false},           {"phone", "联系电话", false},
	};
	for (int i = 0; i < EF_COUNT; i++) {
		ok(strcmp(ent_fields[i].key, want[i].key) == 0 &&
		       strcmp(ent_fields[i].label, want[i].label) == 0 &&
		       ent_fields[i].required == want[i].required && ent_fields[i].note[0],
		   "field %d is %s %s%s", i, want[i].key, want[i].label,
		   want[i].required ? " (required)" : "");
		is_int(ent_field_find(strv_from(want[i].key)), i, "  found by key");
		is_int(ent_field_find(strv_from(want[i].label)), i, "  found by label");
	}
	is_int(ent_field_find(STRV_LIT(" USCC ")), EF_USCC, "key in any case, trimmed");
	is_int(ent_field_find(STRV_LIT("企业")), -1, "partial label not found");
	is_int(ent_field_find(STRV_LIT("")), -1, "empty not found");
}

/* A field value and its expected stored form, or the expected error. */
static const struct {
	enum ent_field f;
	const char *in;
	const char *want; /* stored text (or number as text); NULL: error */
	const char *msg;
} set_cases[] = {
    {EF_USCC, " 91500000202813384x ", NULL, "校验位应为 0"},
    {EF_USCC, "91350100m000100y43", "91350100M000100Y43", NULL},
    {EF_USCC, "", NULL, "不能为空"},
    {EF_NAME, "  重庆某某精密机械有限公司 ", "重庆某某精密机械有限公司", NULL},
    {EF_NAME, "", NULL, "不能为空"},
    {EF_NAME, "甲\t乙", NULL, "含有控制字符或不是有效的UTF-8文本"},
    {EF_NAME, "\xC0\xAF", NULL, "含有控制字符或不是有效的UTF-8文本"},
    {EF_DISTRICT, "渝北", "500112", NULL},
    {EF_DISTRICT, "500112", "500112", NULL},
    {EF_DISTRICT, "江北区", "500105", NULL}, /* successor 5001LJ is provisional: kept */
    {EF_DISTRICT, "两江新区", "5001LJ", NULL},
    {EF_DISTRICT, "500222", "500110", NULL}, /* 綦江县 -> 綦江区 */
    {EF_DISTRICT, "璧山县", "500120", NULL},
    {EF_DISTRICT, "万盛区", "500110", NULL},
    {EF_DISTRICT, "石柱县", "500240", NULL},
    {EF_DISTRICT, "渝东区", NULL, "未知区县 \"渝东区\""},
    {EF_DISTRICT, " ", NULL, "不能为空"},
    {EF_ZONE, "两江新区", "LJXQ", NULL},
    {EF_ZONE, "gxq", "GXQ", NULL},
    {EF_ZONE, "万盛", "WSJK", NULL},
    {EF_ZONE, "", "", NULL},
    {EF_ZONE, "高新", NULL,
     "未知功能区 \"高新\"(应为 LJXQ 两江新区、GXQ 重庆高新区、WSJK 万盛经开区)"},
    {EF_INDUSTRY, "c3562", "C3562", NULL},
    {EF_INDUSTRY, "3562", "C3562", NULL},
    {EF_INDUSTRY, "D35", NULL, "行业大类 35 属于门类 C,不属于 D"},
    {EF_INDUSTRY, "", NULL, "不能为空"},
    {EF_EMERGING, "1", "1", NULL},
    {EF_EMERGING, "9", "9", NULL},
    {EF_EMERGING, "0", NULL, "应为 1-9 的整数"},
    {EF_EMERGING, "10", NULL, "应为 1-9 的整数"},
    {EF_EMERGING, "2.0", NULL, "应为 1-9 的整数"},
    {EF_EMERGING, "", "0", NULL},
    {EF_FOUNDED, "2010/3/5", "2010-03-05", NULL},
    {EF_FOUNDED, "2010年3月5日", "2010-03-05", NULL},
    {EF_FOUNDED, "2010-02-30", NULL, "应为有效日期 YYYY-MM-DD"},
    {EF_FOUNDED, "", "", NULL},
    {EF_NICHE_SINCE, "1949", "1949", NULL},
    {EF_NICHE_SINCE, "2100", "2100", NULL},
    {EF_NICHE_SINCE, "1948", NULL, "应为 1949-2100 之间的年份"},
    {EF_NICHE_SINCE, "2101", NULL, "应为 1949-2100 之间的年份"},
    {EF_NICHE_SINCE, "二〇一五", NULL, "应为 1949-2100 之间的年份"},
    {EF_CONTACT, " 张三 ", "张三", NULL},
    {EF_CONTACT, "张\n三", NULL, "含有控制字符或不是有效的UTF-8文本"},
    {EF_PHONE, "+86 138-1234-5678", "+86 138-1234-5678", NULL},
    {EF_PHONE, "023-67001234", "023-67001234", NULL},
    {EF_PHONE, "12345678901234567890", "12345678901234567890", NULL}, /* 20 chars */
    {EF_PHONE, "123456789012345678901", NULL, "只能包含数字、空格、- 和 +,最多20个字符"},
    {EF_PHONE, "(023)67001234", NULL, "只能包含数字、空格、- 和 +,最多20个字符"},
    {EF_PHONE, "--", NULL, "只能包含数字、空格、- 和 +,最多20个字符"},
    {EF_PHONE, "", "", NULL},
};

/* The stored value of field f as text. */
static void stored(const struct enterprise *e, enum ent_field f, char *out, size_t n)
{
	switch (f) {
	case EF_USCC:
		snprintf(out, n, "%s", e->uscc);
		break;
	case EF_NAME:
		snprintf(out, n, "%s", e->name);
		break;
	case EF_DISTRICT:
		snprintf(out, n, "%s", e->district);
		break;
	case EF_ZONE:
		snprintf(out, n, "%s", e->zone);
		break;
	case EF_INDUSTRY:
		snprintf(out, n, "%s", e->industry);
		break;
	case EF_EMERGING:
		snprintf(out, n, "%d", e->emerging);
		break;
	case EF_FOUNDED:
		snprintf(out, n, "%s", e->founded);
		break;
	case EF_NICHE_SINCE:
		snprintf(out, n, "%d", e->niche_since);
		break;
	case EF_CONTACT:
		snprintf(out, n, "%s", e->contact);
		break;
	case EF_PHONE:
		snprintf(out, n, "%s", e->phone);
		break;
	default:
		out[0] = '\0';
	}
}

static void test_set(void)
{
	for (size_t i = 0; i < sizeof set_cases / sizeof set_cases[0]; i++) {
		struct enterprise e = {.emerging = 5, .niche_since = 2000};
		snprintf(e.zone, sizeof e.zone, "GXQ");
		snprintf(e.founded, sizeof e.founded, "2001-01-01");
		snprintf(e.phone, sizeof e.phone, "1");
		char before[512], after[512];
		stored(&e, set_cases[i].f, before, sizeof before);
		struct app_err err = {0};
		enum app_status s =
		    ent_field_set(&e, set_cases[i].f, strv_from(set_cases[i].in), &err);
		stored(&e, set_cases[i].f, after, sizeof after);
		const char *key = ent_fields[set_cases[i].f].key;
		if (set_cases[i].want) {
			ok(s == APP_OK && strcmp(after, set_cases[i].want) == 0,
			   "%s \"%s\" -> \"%s\" (%s)", key, set_cases[i].in, set_cases[i].want,
			   err.msg);
		} else {
			ok(s == APP_EINVAL && strcmp(after, before) == 0,
			   "%s \"%s\" rejected, field unchanged", key, set_cases[i].in);
			is_str(err.msg, set_cases[i].msg, "  message");
			is_str(err.field, key, "  field");
		}
	}
}

static void test_name_length(void)
{
	char name[MAX_NAME_BYTES + 8] = "";
	struct enterprise e = {0};
	struct app_err err = {0};
	/* 100 three-byte characters (300 bytes) fit: the limit counts characters */
	for (int i = 0; i < MAX_NAME_CHARS; i++)
		memcpy(name + 3 * i, "重", 4);
	ok(ent_field_set(&e, EF_NAME, strv_from(name), &err) == APP_OK &&
	       strlen(e.name) == 3 * MAX_NAME_CHARS,
	   "name of %d characters (%zu bytes) accepted", MAX_NAME_CHARS, strlen(name));
	memcpy(name + 3 * MAX_NAME_CHARS, "庆", 4);
	is_int(ent_field_set(&e, EF_NAME, strv_from(name), &err), APP_EINVAL,
	       "name of 101 characters rejected");
	is_str(err.msg, "超过100个字(实际101个)", "  message counts characters");
	/* 101 ASCII characters: also too long */
	char ascii[128];
	memset(ascii, 'a', 101);
	ascii[101] = '\0';
	is_int(ent_field_set(&e, EF_NAME, strv_from(ascii), &err), APP_EINVAL,
	       "101 ASCII characters rejected");
	ascii[100] = '\0';
	is_int(ent_field_set(&e, EF_NAME, strv_from(ascii), &err), APP_OK, "100 ASCII accepted");
}

static struct enterprise good(void)
{
	struct enterprise e = {0};
	ent_field_set(&e, EF_USCC, STRV_LIT("915000002028133840"), NULL);
	ent_field_set(&e, EF_NAME, STRV_LIT("重庆某某科技有限公司"), NULL);
	ent_field_set(&e, EF_DISTRICT, STRV_LIT("渝北区"), NULL);
	ent_field_set(&e, EF_INDUSTRY, STRV_LIT("C3562"), NULL);
	return e;
}

static void test_validate(void)
{
	static const struct {
		const char *district, *zone, *field, *msg;
	} cases[] = {
	    {"500112", "LJXQ", NULL, NULL},
	    {"500105", "LJXQ", NULL, NULL},
	    {"500109", "LJXQ", NULL, NULL},
	    {"5001LJ", "LJXQ", NULL, NULL},
	    {"500106", "GXQ", NULL, NULL},
	    {"500107", "GXQ", NULL, NULL},
	    {"500110", "WSJK", NULL, NULL},
	    {"500103", "", NULL, NULL},
	    {"500103", "LJXQ", "zone",
	     "功能区 两江新区 与所属区县 渝中区(500103) 不符,应在 江北区、渝北区、北碚区、两江新区 "
	     "内"},
	    {"500116", "GXQ", "zone",
	     "功能区 重庆高新区 与所属区县 江津区(500116) 不符,应在 沙坪坝区、九龙坡区 内"},
	    {"500222", "WSJK", "zone",
	     "功能区 万盛经开区 与所属区县 綦江县(500222) 不符,应在 綦江区 内"},
	    {"500101", "XX", "zone", "未知功能区 \"XX\""},
	    {"599999", "", "district", "未知区县 \"599999\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct enterprise e = good();
		snprintf(e.district, sizeof e.district, "%s", cases[i].district);
		snprintf(e.zone, sizeof e.zone, "%s", cases[i].zone);
		struct app_err err = {0};
		enum app_status s = enterprise_validate(&e, &err);
		if (!cases[i].msg) {
			ok(s == APP_OK, "district %s zone \"%s\" valid (%s)", cases[i].district,
			   cases[i].zone, err.msg);
		} else {
			ok(s == APP_EINVAL, "district %s zone \"%s\" invalid", cases[i].district,
			   cases[i].zone);
			is_str(err.msg, cases[i].msg, "  message");
			is_str(err.field, cases[i].field, "  field");
		}
	}
	/* each required field missing in turn */
	static const char *const required[] = {"uscc", "name", "district", "industry"};
	for (int i = 0; i < 4; i++) {
		struct enterprise e = good();
		char *fields[] = {e.uscc, e.name, e.district, e.industry};
		fields[i][0] = '\0';
		struct app_err err = {0};
		ok(enterprise_validate(&e, &err) == APP_EINVAL &&
		       strcmp(err.field, required[i]) == 0 && strcmp(err.msg, "不能为空") == 0,
		   "missing %s refused", required[i]);
	}
	struct enterprise e = good();
	e.uscc[17] = 'X'; /* a record not made by ent_field_set */
	struct app_err err = {0};
	ok(enterprise_validate(&e, &err) == APP_EINVAL && strcmp(err.msg, "校验位应为 0") == 0,
	   "bad check character caught by validate");
	e = good();
	snprintf(e.industry, sizeof e.industry, "D35");
	ok(enterprise_validate(&e, &err) == APP_EINVAL && strcmp(err.field, "industry") == 0,
	   "bad industry caught by validate");
}

static void test_mask(void)
{
	static const struct {
		const char *in, *phone;
	} phones[] = {
	    {"13812345678", "138****5678"},
	    {"+86 138-1234-5678", "+86 1**-****-5678"}, /* 13 digits: 861 kept */
	    {"023-67001234", "023-****1234"},
	    {"12345678", "123*5678"},
	    {"1234567", "****567"},
	    {"1234", "**34"},
	    {"", ""},
	};
	for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++) {
		char out[64];
		mask_phone(phones[i].in, out, sizeof out);
		is_str(out, phones[i].phone, phones[i].in);
	}
	static const struct {
		const char *in, *out;
	} names[] = {
	    {"张三", "张**"}, {"欧阳娜娜", "欧**"}, {"张", "*"}, {"Li Lei", "L**"}, {"", ""},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char out[64];
		mask_person(names[i].in, out, sizeof out);
		is_str(out, names[i].out, names[i].in);
	}
	char small[5];
	mask_person("张三", small, sizeof small);
	is_str(small, "张*", "truncated to the buffer");
	mask_phone("13812345678", small, sizeof small);
	is_str(small, "138*", "phone truncated to the buffer");
}

int main(void)
{
	test_fields();
	test_set();
	test_name_length();
	test_validate();
	test_mask();
	return test_done();
}
