/* t_industry.c - GB/T 4754-2017 sections, divisions and code parsing.
 *
 * Includes industry.c to feed the loader malformed tables. Expected values
 * are typed here (criteria.md §6 and the list), independently of
 * data/industries.tsv. */
#include "../../src/core/industry.c"

#include "test.h"

static const struct {
	char letter;
	const char *name;
	int first, last;
} sections[] = {
    {'A', "农、林、牧、渔业", 1, 5},
    {'B', "采矿业", 6, 12},
    {'C', "制造业", 13, 43},
    {'D', "电力、热力、燃气及水生产和供应业", 44, 46},
    {'E', "建筑业", 47, 50},
    {'F', "批发和零售业", 51, 52},
    {'G', "交通运输、仓储和邮政业", 53, 60},
    {'H', "住宿和餐饮业", 61, 62},
    {'I', "信息传输、软件和信息技术服务业", 63, 65},
    {'J', "金融业", 66, 69},
    {'K', "房地产业", 70, 70},
    {'L', "租赁和商务服务业", 71, 72},
    {'M', "科学研究和技术服务业", 73, 75},
    {'N', "水利、环境和公共设施管理业", 76, 79},
    {'O', "居民服务、修理和其他服务业", 80, 82},
    {'P', "教育", 83, 83},
    {'Q', "卫生和社会工作", 84, 85},
    {'R', "文化、体育和娱乐业", 86, 90},
    {'S', "公共管理、社会保障和社会组织", 91, 96},
    {'T', "国际组织", 97, 97},
};

/* Division names 01..97, in order. */
static const char *const divisions[] = {
    "农业",
    "林业",
    "畜牧业",
    "渔业",
    "农、林、牧、渔专业及辅助性活动",
    "煤炭开采和洗选业",
    "石油和天然气开采业",
    "黑色金属矿采选业",
    "有色金属矿采选业",
    "非金属矿采选业",
    "开采专业及辅助性活动",
    "其他采矿业",
    "农副食品加工业",
    "食品制造业",
    "酒、饮料和精制茶制造业",
    "烟草制品业",
    "纺织业",
    "纺织服装、服饰业",
    "皮革、毛皮、羽毛及其制品和制鞋业",
    "木材加工和木、竹、藤、棕、草制品业",
    "家具制造业",
    "造纸和纸制品业",
    "印刷和记录媒介复制业",
    "文教、工美、体育和娱乐用品制造业",
    "石油、煤炭及其他燃料加工业",
    "化学原料和化学制品制造业",
    "医药制造业",
    "化学纤维制造业",
    "橡胶和塑料制品业",
    "非金属矿物制品业",
    "黑色金属冶炼和压延加工业",
    "有色金属冶炼和压延加工业",
    "金属制品业",
    "通用设备制造业",
    "专用设备制造业",
    "汽车制造业",
    "铁路、船舶、航空航天和其他运输设备制造业",
    "电气机械和器材制造业",
    "计算机、通信和其他电子设备制造业",
    "仪器仪表制造业",
    "其他制造业",
    "废弃资源综合利用业",
    "金属制品、机械和设备修理业",
    "电力、热力生产和供应业",
    "燃气生产和供应业",
    "水的生产和供应业",
    "房屋建筑业",
    "土木工程建筑业",
    "建筑安装业",
    "建筑装饰、装修和其他建筑业",
    "批发业",
    "零售业",
    "铁路运输业",
    "道路运输业",
    "水上运输业",
    "航空运输业",
    "管道运输业",
    "多式联运和运输代理业",
    "装卸搬运和仓储业",
    "邮政业",
    "住宿业",
    "餐饮业",
    "电信、广播电视和卫星传输服务",
    "互联网和相关服务",
    "软件和信息技术服务业",
    "货币金融服务",
    "资本市场服务",
    "保险业",
    "其他金融业",
    "房地产业",
    "租赁业",
    "商务服务业",
    "研究和试验发展",
    "专业技术服务业",
    "科技推广和应用服务业",
    "水利管理业",
    "生态保护和环境治理业",
    "公共设施管理业",
    "土地管理业",
    "居民服务业",
    "机动车、电子产品和日用产品修理业",
    "其他服务业",
    "教育",
    "卫生",
    "社会工作",
    "新闻和出版业",
    "广播、电视、电影和录音制作业",
    "文化艺术业",
    "体育",
    "娱乐业",
    "中国共产党机关",
    "国家机构",
    "人民政协、民主党派",
    "社会保障",
    "群众团体、社会团体和其他成员组织",
    "基层群众自治组织及其他组织",
    "国际组织",
};

static char section_of(int code)
{
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (code >= sections[i].first && code <= sections[i].last)
			return sections[i].letter;
	return 0;
}

static void test_tables(void)
{
	is_int(sizeof divisions / sizeof divisions[0], 97, "test table has 97 divisions");
	is_int(industry_section_count(), 20, "20 sections");
	is_int(industry_division_count(), 97, "97 divisions");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		const struct industry_section *s = industry_section(sections[i].letter);
		ok(s && strcmp(s->name, sections[i].name) == 0 && s->first == sections[i].first &&
		       s->last == sections[i].last,
		   "section %c %s %02d-%02d", sections[i].letter, sections[i].name,
		   sections[i].first, sections[i].last);
	}
	int manufacturing = 0, industrial = 0;
	for (int c = 1; c <= 97; c++) {
		char code[3] = {(char)('0' + c / 10), (char)('0' + c % 10), 0};
		const struct industry_division *d = industry_division(code);
		ok(d && strcmp(d->code, code) == 0 && d->section == section_of(c) &&
		       strcmp(d->name, divisions[c - 1]) == 0,
		   "division %s %c %s", code, section_of(c), divisions[c - 1]);
		manufacturing += d && d->section == 'C';
		industrial += industry_is_industrial(code);
	}
	is_int(manufacturing, 31, "31 manufacturing divisions");
	is_int(industrial, 41, "41 industrial divisions (B+C+D)");
	ok(industry_section('c') && industry_section('c')->letter == 'C', "section by lower case");
	ok(!industry_section('U') && !industry_section('1'), "no section U or 1");
	ok(industry_division_at(97) == NULL && industry_section_at(20) == NULL, "past the end");
	ok(!industry_division("99") && !industry_division("D35") && !industry_division(NULL),
	   "industry_division of bad codes is NULL");
}

static void test_parse(void)
{
	static const struct {
		const char *in, *out, *msg;
	} cases[] = {
	    {"C3562", "C3562", NULL},
	    {"c3562", "C3562", NULL},
	    {"3562", "C3562", NULL},
	    {"C35", "C35", NULL},
	    {"35", "C35", NULL},
	    {" 356 ", "C356", NULL},
	    {"A01", "A01", NULL},
	    {"0111", "A0111", NULL},
	    {"T97", "T97", NULL},
	    {"06", "B06", NULL},
	    {"K7010", "K7010", NULL},
	    {"C3", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"3", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"C35621", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"35621", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"C", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"CC35", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"C35a", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"C 35", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"C-35", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"３５", NULL, "行业代码格式应为门类字母加2-4位数字"},
	    {"99", NULL, "不存在的行业大类 \"99\""},
	    {"C9901", NULL, "不存在的行业大类 \"99\""},
	    {"00", NULL, "不存在的行业大类 \"00\""},
	    {"98", NULL, "不存在的行业大类 \"98\""},
	    {"D35", NULL, "行业大类 35 属于门类 C,不属于 D"},
	    {"d3562", NULL, "行业大类 35 属于门类 C,不属于 D"},
	    {"C06", NULL, "行业大类 06 属于门类 B,不属于 C"},
	    {"Z35", NULL, "行业大类 35 属于门类 C,不属于 Z"},
	    {"A06", NULL, "行业大类 06 属于门类 B,不属于 A"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[6] = "";
		struct app_err e = {0};
		enum app_status s = industry_parse(strv_from(cases[i].in), out, &e);
		if (cases[i].out) {
			ok(s == APP_OK && strcmp(out, cases[i].out) == 0, "\"%s\" -> %s (%s)",
			   cases[i].in, cases[i].out, e.msg);
		} else {
			ok(s == APP_EINVAL, "\"%s\" rejected", cases[i].in);
			is_str(e.msg, cases[i].msg, "  message");
		}
	}
	ok(industry_is_industrial("C3562") && industry_is_industrial("B06") &&
	       industry_is_industrial("4690") && !industry_is_industrial("47") &&
	       !industry_is_industrial("A05") && !industry_is_industrial("junk"),
	   "industrial = divisions 06-46");
}

static void test_malformed(void)
{
	static const char head[] = "type\tcode\tname\tin\tevidence\n";
	static const struct {
		const char *rows, *msg;
	} cases[] = {
	    {"S\tA\t农\t01-02\tx\nD\t01\t农业\tA\tx\n", "data/industries.tsv: 门类 A 缺少大类 02"},
	    {"S\tA\t农\t01-01\tx\nD\t02\t林业\tA\tx\n",
	     "data/industries.tsv 第3行: 大类不在所属门类的范围内 \"02\""},
	    {"D\t01\t农业\tA\tx\n",
	     "data/industries.tsv 第2行: 大类所属门类未定义(门类行须在前) \"A\""},
	    {"S\tA\t农\t01-01\tx\nS\tA\t农\t01-01\tx\n",
	     "data/industries.tsv 第3行: 门类代码应为不重复的大写字母 \"A\""},
	    {"S\tA\t农\t1-5\tx\n", "data/industries.tsv 第2行: 门类的大类范围应为 NN-NN \"1-5\""},
	    {"S\tA\t农\t01-01\tx\nD\t01\t农业\tA\tx\nD\t01\t农业\tA\tx\n",
	     "data/industries.tsv 第4行: 大类代码应为不重复的两位数字 \"01\""},
	    {"X\tA\t农\t01-01\tx\n", "data/industries.tsv 第2行: type 应为 S 或 D \"X\""},
	    {"S\tA\t农\t01-01\n", "data/industries.tsv 第2行: 应有 5 列,实际 4 列"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "%s%s", head, cases[i].rows);
		struct industry_tables t = {0};
		struct app_err e = {0};
		is_int(tables_load(&t, text, strlen(text), &e), APP_EINVAL,
		       "malformed table refused");
		is_str(e.msg, cases[i].msg, "  message");
		arena_clear(&t.arena);
	}
}

int main(void)
{
	test_tables();
	test_parse();
	test_malformed();
	return test_done();
}
