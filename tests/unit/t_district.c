/* t_district.c - the district and zone catalogue (criteria.md §5).
 *
 * Includes district.c itself to feed the loader malformed tables. The
 * expected values are typed here from criteria.md §5, independently of
 * data/districts.tsv, so a wrong data file fails the test. */
#include "../../src/core/district.c"

#include "test.h"

/* The 38 county-level units of 2016 - 2025-11 (criteria.md §5), with the
 * 一区两群 region: 2 渝东北, 3 渝东南, 1 the rest. */
static const struct {
	const char *code, *name, *short_name;
	enum district_kind kind;
	int region;
} units[] = {
    {"500101", "万州区", "万州", DISTRICT_DISTRICT, 2},
    {"500102", "涪陵区", "涪陵", DISTRICT_DISTRICT, 1},
    {"500103", "渝中区", "渝中", DISTRICT_DISTRICT, 1},
    {"500104", "大渡口区", "大渡口", DISTRICT_DISTRICT, 1},
    {"500105", "江北区", "江北", DISTRICT_DISTRICT, 1},
    {"500106", "沙坪坝区", "沙坪坝", DISTRICT_DISTRICT, 1},
    {"500107", "九龙坡区", "九龙坡", DISTRICT_DISTRICT, 1},
    {"500108", "南岸区", "南岸", DISTRICT_DISTRICT, 1},
    {"500109", "北碚区", "北碚", DISTRICT_DISTRICT, 1},
    {"500110", "綦江区", "綦江", DISTRICT_DISTRICT, 1},
    {"500111", "大足区", "大足", DISTRICT_DISTRICT, 1},
    {"500112", "渝北区", "渝北", DISTRICT_DISTRICT, 1},
    {"500113", "巴南区", "巴南", DISTRICT_DISTRICT, 1},
    {"500114", "黔江区", "黔江", DISTRICT_DISTRICT, 3},
    {"500115", "长寿区", "长寿", DISTRICT_DISTRICT, 1},
    {"500116", "江津区", "江津", DISTRICT_DISTRICT, 1},
    {"500117", "合川区", "合川", DISTRICT_DISTRICT, 1},
    {"500118", "永川区", "永川", DISTRICT_DISTRICT, 1},
    {"500119", "南川区", "南川", DISTRICT_DISTRICT, 1},
    {"500120", "璧山区", "璧山", DISTRICT_DISTRICT, 1},
    {"500151", "铜梁区", "铜梁", DISTRICT_DISTRICT, 1},
    {"500152", "潼南区", "潼南", DISTRICT_DISTRICT, 1},
    {"500153", "荣昌区", "荣昌", DISTRICT_DISTRICT, 1},
    {"500154", "开州区", "开州", DISTRICT_DISTRICT, 2},
    {"500155", "梁平区", "梁平", DISTRICT_DISTRICT, 2},
    {"500156", "武隆区", "武隆", DISTRICT_DISTRICT, 3},
    {"500229", "城口县", "城口", DISTRICT_COUNTY, 2},
    {"500230", "丰都县", "丰都", DISTRICT_COUNTY, 2},
    {"500231", "垫江县", "垫江", DISTRICT_COUNTY, 2},
    {"500233", "忠县", "", DISTRICT_COUNTY, 2},
    {"500235", "云阳县", "云阳", DISTRICT_COUNTY, 2},
    {"500236", "奉节县", "奉节", DISTRICT_COUNTY, 2},
    {"500237", "巫山县", "巫山", DISTRICT_COUNTY, 2},
    {"500238", "巫溪县", "巫溪", DISTRICT_COUNTY, 2},
    {"500240", "石柱土家族自治县", "石柱", DISTRICT_AUTONOMOUS, 3},
    {"500241", "秀山土家族苗族自治县", "秀山", DISTRICT_AUTONOMOUS, 3},
    {"500242", "酉阳土家族苗族自治县", "酉阳", DISTRICT_AUTONOMOUS, 3},
    {"500243", "彭水苗族土家族自治县", "彭水", DISTRICT_AUTONOMOUS, 3},
};
#define NUNITS (sizeof units / sizeof units[0])

static void test_units(void)
{
	is_int(NUNITS, 38, "the test table has 38 units");
	int districts = 0, counties = 0, regions[4] = {0};
	for (size_t i = 0; i < NUNITS; i++) {
		const struct district *d = district_find(strv_from(units[i].code));
		ok(d && strcmp(d->name, units[i].name) == 0 && d->kind == units[i].kind &&
		       d->region == units[i].region && !d->provisional &&
		       strcmp(d->short_name, units[i].short_name) == 0,
		   "%s is %s (kind %d, region %d)", units[i].code, units[i].name, units[i].kind,
		   units[i].region);
		d = district_find(strv_from(units[i].name));
		ok(d && strcmp(d->code, units[i].code) == 0, "  name %s -> %s", units[i].name,
		   units[i].code);
		if (units[i].short_name[0]) {
			d = district_find(strv_from(units[i].short_name));
			ok(d && strcmp(d->code, units[i].code) == 0, "  short name %s -> %s",
			   units[i].short_name, units[i].code);
		}
		if (units[i].kind == DISTRICT_DISTRICT)
			districts++;
		else
			counties++;
		regions[units[i].region]++;
	}
	is_int(districts, 26, "26 districts");
	is_int(counties, 12, "12 counties");
	is_int(regions[1], 21, "21 units in 主城都市区");
	is_int(regions[2], 11, "11 units in 渝东北");
	is_int(regions[3], 6, "6 units in 渝东南");
}

static int count_on(const char *date)
{
	int n = 0;
	for (size_t i = 0; i < district_count(); i++)
		n += district_valid_on(district_at(i), date);
	return n;
}

static void test_counts(void)
{
	static const struct {
		const char *date;
		int n;
	} cases[] = {
	    {"2010-01-01", 40}, /* before the 2011 mergers: 40 区县 */
	    {"2011-12-24", 40}, {"2011-12-26", 38}, {"2016-12-01", 38}, {"2016-12-02", 38},
	    {"2025-01-01", 38}, {"2025-11-05", 38}, {"2025-11-06", 37}, {"2026-01-01", 37},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(count_on(cases[i].date), cases[i].n, cases[i].date);
	/* every unit of the test table is in force on 2025-01-01 */
	int in_force = 0;
	for (size_t i = 0; i < NUNITS; i++)
		in_force +=
		    district_valid_on(district_find(strv_from(units[i].code)), "2025-01-01");
	is_int(in_force, 38, "all 38 in force on 2025-01-01");
}

/* Historical and changed entries: what a name or code resolves to, its
 * valid_to, and the current unit its successor chain leads to. */
static const struct {
	const char *in, *code, *name, *valid_to, *current;
} history[] = {
    {"500222", "500222", "綦江县", "2011-12-25", "500110"},
    {"綦江县", "500222", "綦江县", "2011-12-25", "500110"},
    {"500225", "500225", "大足县", "2011-12-24", "500111"},
    {"万盛区", "500110", "万盛区", "2011-12-25", "500110"},
    {"双桥区", "500111", "双桥区", "2011-12-24", "500111"},
    {"500227", "500227", "璧山县", "2014-05-01", "500120"},
    {"500224", "500224", "铜梁县", "2014-05-01", "500151"},
    {"500223", "500223", "潼南县", "2015-04-27", "500152"},
    {"500226", "500226", "荣昌县", "2015-04-27", "500153"},
    {"开县", "500234", "开县", "2016-06-07", "500154"},
    {"500228", "500228", "梁平县", "2016-12-01", "500155"},
    {"武隆县", "500232", "武隆县", "2016-12-01", "500156"},
    {"江北区", "500105", "江北区", "2025-11-05", "5001LJ"},
    {"渝北", "500112", "渝北区", "2025-11-05", "5001LJ"},
    /* a reused code or short name resolves to the current unit */
    {"500110", "500110", "綦江区", "", ""},
    {"綦江", "500110", "綦江区", "", ""},
    {"大足", "500111", "大足区", "", ""},
    {"5001lj", "5001LJ", "两江新区", "", ""},
    {" 两江新区 ", "5001LJ", "两江新区", "", ""},
    {"石柱县", "500240", "石柱土家族自治县", "", ""},
};

static void test_history(void)
{
	for (size_t i = 0; i < sizeof history / sizeof history[0]; i++) {
		const struct district *d = district_find(strv_from(history[i].in));
		ok(d && strcmp(d->code, history[i].code) == 0 &&
		       strcmp(d->name, history[i].name) == 0 &&
		       strcmp(d->valid_to, history[i].valid_to) == 0,
		   "\"%s\" -> %s %s valid to \"%s\"", history[i].in, history[i].code,
		   history[i].name, history[i].valid_to);
		const struct district *s = d ? district_successor(d) : NULL;
		if (history[i].current[0])
			ok(s && strcmp(s->code, history[i].current) == 0 && s->valid_to[0] == '\0',
			   "  successor is current %s", history[i].current);
		else
			ok(d && s == NULL, "  no successor");
	}
	const struct district *lj = district_find(STRV_LIT("5001LJ"));
	ok(lj && lj->provisional && strcmp(lj->valid_from, "2025-11-06") == 0 && lj->region == 1,
	   "两江新区 provisional from 2025-11-06");
	ok(!district_valid_on(lj, "2025-11-05") && district_valid_on(lj, "2025-11-06"),
	   "两江新区 valid from 2025-11-06, not the day before");
}

static void test_unknown(void)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
	    {"渝东区", "未知区县 \"渝东区\""}, {" 999999 ", "未知区县 \"999999\""},
	    {"重庆", "未知区县 \"重庆\""},     {"渝", "未知区县 \"渝\""},
	    {"5001", "未知区县 \"5001\""},     {"", "区县为空"},
	    {"\xE3\x80\x80", "区县为空"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct district *d = NULL;
		struct app_err e = {0};
		is_int(district_parse(strv_from(cases[i].in), &d, &e), APP_EINVAL, cases[i].in);
		is_str(e.msg, cases[i].msg, "  message names the input");
		ok(d == NULL, "  out untouched");
	}
	const struct district *d = NULL;
	ok(district_parse(STRV_LIT("渝北区"), &d, NULL) == APP_OK && d &&
	       strcmp(d->code, "500112") == 0,
	   "district_parse finds 渝北区");
}

static void test_zones(void)
{
	static const struct {
		const char *in, *code;
	} cases[] = {
	    {"LJXQ", "LJXQ"},
	    {"ljxq", "LJXQ"},
	    {"两江新区", "LJXQ"},
	    {"两江", "LJXQ"},
	    {"GXQ", "GXQ"},
	    {"重庆高新区", "GXQ"},
	    {"高新区", "GXQ"},
	    {"西部科学城", "GXQ"},
	    {"西部(重庆)科学城重庆高新区", "GXQ"},
	    {"WSJK", "WSJK"},
	    {"wsjk", "WSJK"},
	    {"万盛经开区", "WSJK"},
	    {"万盛", "WSJK"},
	    {" 万盛经济技术开发区 ", "WSJK"},
	    {"高新", NULL},
	    {"渝北区", NULL},
	    {"", NULL},
	    {"LJX", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct zone *z = zone_find(strv_from(cases[i].in));
		if (cases[i].code)
			ok(z && strcmp(z->code, cases[i].code) == 0, "zone \"%s\" -> %s",
			   cases[i].in, cases[i].code);
		else
			ok(z == NULL, "zone \"%s\" unknown", cases[i].in);
	}
	is_int(zone_count(), 3, "three zones");
	static const struct {
		const char *code, *name, *hosts;
	} zones[] = {
	    {"LJXQ", "两江新区", "500105,500112,500109,5001LJ"},
	    {"GXQ", "重庆高新区", "500106,500107"},
	    {"WSJK", "万盛经开区", "500110"},
	};
	for (size_t i = 0; i < 3; i++) {
		const struct zone *z = zone_at(i);
		ok(z && strcmp(z->code, zones[i].code) == 0 &&
		       strcmp(z->name, zones[i].name) == 0 && strcmp(z->hosts, zones[i].hosts) == 0,
		   "zone %s %s hosted by %s", zones[i].code, zones[i].name, zones[i].hosts);
	}
	ok(zone_at(3) == NULL && district_at(district_count()) == NULL,
	   "index past the end is NULL");
}

static void test_units_reporting(void)
{
	static const struct {
		const char *district, *zone, *unit, *name;
	} cases[] = {
	    {"500112", "LJXQ", "LJXQ", "两江新区"},   {"500112", "", "500112", "渝北区"},
	    {"5001LJ", "", "LJXQ", "两江新区"},       {"5001LJ", "LJXQ", "LJXQ", "两江新区"},
	    {"500110", "WSJK", "WSJK", "万盛经开区"}, {"500110", "", "500110", "綦江区"},
	    {"500106", "GXQ", "GXQ", "重庆高新区"},   {"500106", "XXX", "500106", "沙坪坝区"},
	    {"500106", NULL, "500106", "沙坪坝区"},   {"500222", "", "500222", "綦江县"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *u = district_reporting_unit(cases[i].district, cases[i].zone);
		ok(u && strcmp(u, cases[i].unit) == 0, "unit of (%s, %s) is %s", cases[i].district,
		   cases[i].zone ? cases[i].zone : "NULL", cases[i].unit);
		is_str(district_unit_name(cases[i].unit), cases[i].name, "  its name");
	}
	is_str(district_unit_name("999999"), "999999", "unknown unit named by its code");
}

/* The loader refuses malformed tables with a message naming the place. */
static void test_malformed(void)
{
	static const char dhead[] = "code\tname\tshort\taliases\tkind\tvalid_from\tvalid_to\t"
	                            "successor\tprovisional\tregion\tevidence\n";
	static const char zgood[] = "code\tname\tfull_name\taliases\thosts\tdistrict\tevidence\n"
	                            "Z\t区\t区\t-\t500101\t-\tx\n";
	static const char dgood[] = "500101\t万州区\t万州\t-\tdistrict\t-\t-\t-\t0\t2\tx\n";
	static const struct {
		const char *drows, *zones, *msg;
	} cases[] = {
	    {"50010\t万州区\t万州\t-\tdistrict\t-\t-\t-\t0\t2\tx\n", NULL,
	     "data/districts.tsv 第2行: 区划代码应为6位数字(暂定代码可含字母) \"50010\""},
	    {"5001LJ\t两江新区\t两江\t-\tdistrict\t-\t-\t-\t0\t1\tx\n", NULL,
	     "data/districts.tsv 第2行: 区划代码应为6位数字(暂定代码可含字母) \"5001LJ\""},
	    {"500101\t万州区\t万州\t-\ttown\t-\t-\t-\t0\t2\tx\n", NULL,
	     "data/districts.tsv 第2行: kind 应为 district/county/autonomous \"town\""},
	    {"500101\t万州区\t万州\t-\tdistrict\t2025-02-30\t-\t-\t0\t2\tx\n", NULL,
	     "data/districts.tsv 第2行: valid_from 应为 YYYY-MM-DD \"2025-02-30\""},
	    {"500101\t万州区\t万州\t-\tdistrict\t-\t-\t-\t0\t4\tx\n", NULL,
	     "data/districts.tsv 第2行: region 应为 0-3 \"4\""},
	    {"500101\t万州区\t万州\t-\tdistrict\t-\t-\t-\n", NULL,
	     "data/districts.tsv 第2行: 应有 11 列,实际 8 列"},
	    {"500101\t万州区\t万州\t-\tdistrict\t-\t2020-01-01\t500999\t0\t2\tx\n", NULL,
	     "data/districts.tsv: 500101 的 successor 500999 不存在"},
	    {"500101\t万州区\t万州\t-\tdistrict\t-\t-\t-\t0\t2\tx\n"
	     "500101\t万县\t万县\t-\tdistrict\t-\t-\t-\t0\t2\tx\n",
	     NULL, "data/districts.tsv: 500101 万州区 与 500101 万县 同时有效且重复"},
	    {dgood,
	     "code\tname\tfull_name\taliases\thosts\tdistrict\tevidence\n"
	     "Z\t区\t区\t-\t500101,500102\t-\tx\n",
	     "data/zones.tsv: 功能区 Z 的所在区县 500102 不存在"},
	    {dgood, "code\tname\thosts\n", "data/zones.tsv 第1行: 第3列表头应为 \"full_name\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text, "%s%s", dhead, cases[i].drows);
		const char *z = cases[i].zones ? cases[i].zones : zgood;
		struct catalogue c = {0};
		struct app_err e = {0};
		is_int(catalogue_load(&c, text, strlen(text), z, strlen(z), &e), APP_EINVAL,
		       "malformed table refused");
		is_str(e.msg, cases[i].msg, "  message");
		arena_clear(&c.arena);
		free(c.d);
		free(c.d_aliases);
		free(c.z);
		free(c.z_aliases);
		free(c.z_district);
	}
}

int main(void)
{
	test_units();
	test_counts();
	test_history();
	test_unknown();
	test_zones();
	test_units_reporting();
	test_malformed();
	return test_done();
}
