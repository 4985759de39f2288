/* district.c - the catalogue of Chongqing's districts and functional zones,
 * loaded once from the embedded data/districts.tsv and data/zones.tsv (see
 * district.h; the files name their sources). */
#include "district.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/embed.h"
#include "base/mem.h"
#include "base/tsv.h"

#define DISTRICTS_FILE "data/districts.tsv"
#define ZONES_FILE     "data/zones.tsv"

struct catalogue {
	struct district *d;
	const char **d_aliases; /* per district: comma-separated aliases, "" if none */
	size_t nd, cap_d;
	struct zone *z;
	const char **z_aliases;
	const char **z_district; /* per zone: the district that is the zone, "" if none */
	size_t nz, cap_z;
	struct arena arena;
};

static struct catalogue cat;
static pthread_once_t cat_once = PTHREAD_ONCE_INIT;

static const char *const district_cols[] = {"code",        "name",       "short",    "aliases",
                                            "kind",        "valid_from", "valid_to", "successor",
                                            "provisional", "region",     "evidence"};
enum {
	DC_CODE,
	DC_NAME,
	DC_SHORT,
	DC_ALIASES,
	DC_KIND,
	DC_FROM,
	DC_TO,
	DC_SUCC,
	DC_PROV,
	DC_REGION,
	DC_EVIDENCE,
	DC_COUNT
};

static const char *const zone_cols[] = {"code",  "name",     "full_name", "aliases",
                                        "hosts", "district", "evidence"};
enum { ZC_CODE, ZC_NAME, ZC_FULL, ZC_ALIASES, ZC_HOSTS, ZC_DISTRICT, ZC_EVIDENCE, ZC_COUNT };

static const struct {
	const char *name;
	enum district_kind kind;
} kinds[] = {
    {"district", DISTRICT_DISTRICT},
    {"county", DISTRICT_COUNTY},
    {"autonomous", DISTRICT_AUTONOMOUS},
};

/* ---- loading ---- */

/* Copies a field into the arena; "-" stands for the empty string. */
static const char *field_dup(struct arena *a, struct strv f)
{
	if (strv_eq(f, "-"))
		return "";
	return arena_strndup(a, f.p, f.n);
}

/* A district code: 6 digits, or 4 digits and 2 upper-case letters (the
 * provisional form, "5001LJ"). */
static bool code_ok(const char *s, bool provisional)
{
	if (strlen(s) != 6)
		return false;
	for (int i = 0; i < 6; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		bool letter = provisional && i >= 4 && s[i] >= 'A' && s[i] <= 'Z';
		if (!digit && !letter)
			return false;
	}
	return true;
}

/* "" or a canonical calendar date. */
static bool date_ok(const char *s)
{
	char canon[11];
	return s[0] == '\0' || (str_to_date(strv_from(s), canon) && strcmp(canon, s) == 0);
}

static enum app_status bad_row(struct app_err *e, const struct tsv_reader *r, const char *what,
                               struct strv value)
{
	app_err_set(e, APP_EINVAL, "%s 第%ld行: %s \"%.*s\"", r->name, r->line, what, (int)value.n,
	            value.p);
	if (e)
		e->line = r->line;
	return APP_EINVAL;
}

static enum app_status district_row(struct catalogue *c, const struct tsv_reader *r,
                                    const struct strv *f, struct app_err *e)
{
	struct district d = {0};
	long prov, region;
	if (!str_to_int_range(f[DC_PROV], 0, 1, &prov))
		return bad_row(e, r, "provisional 应为 0 或 1", f[DC_PROV]);
	if (!str_to_int_range(f[DC_REGION], 0, 3, &region))
		return bad_row(e, r, "region 应为 0-3", f[DC_REGION]);
	d.provisional = prov == 1;
	d.region = (int)region;
	d.code = field_dup(&c->arena, f[DC_CODE]);
	if (!code_ok(d.code, d.provisional))
		return bad_row(e, r, "区划代码应为6位数字(暂定代码可含字母)", f[DC_CODE]);
	d.name = field_dup(&c->arena, f[DC_NAME]);
	if (d.name[0] == '\0')
		return bad_row(e, r, "名称为空", f[DC_NAME]);
	d.short_name = field_dup(&c->arena, f[DC_SHORT]);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strv_eq(f[DC_KIND], kinds[i].name))
			d.kind = kinds[i].kind;
	if (d.kind == 0)
		return bad_row(e, r, "kind 应为 district/county/autonomous", f[DC_KIND]);
	d.valid_from = field_dup(&c->arena, f[DC_FROM]);
	d.valid_to = field_dup(&c->arena, f[DC_TO]);
	if (!date_ok(d.valid_from))
		return bad_row(e, r, "valid_from 应为 YYYY-MM-DD", f[DC_FROM]);
	if (!date_ok(d.valid_to))
		return bad_row(e, r, "valid_to 应为 YYYY-MM-DD", f[DC_TO]);
	if (d.valid_from[0] && d.valid_to[0] && strcmp(d.valid_from, d.valid_to) > 0)
		return bad_row(e, r, "valid_from 晚于 valid_to", f[DC_FROM]);
	d.successor = field_dup(&c->arena, f[DC_SUCC]);
	if (d.successor[0] && !d.valid_to[0])
		return bad_row(e, r, "有 successor 的区县应有 valid_to", f[DC_SUCC]);
	xgrow((void **)&c->d, &c->cap_d, c->nd + 1, sizeof *c->d);
	c->d[c->nd] = d;
	c->d_aliases = xrealloc(c->d_aliases, c->cap_d * sizeof *c->d_aliases);
	c->d_aliases[c->nd] = field_dup(&c->arena, f[DC_ALIASES]);
	c->nd++;
	return APP_OK;
}

static enum app_status zone_row(struct catalogue *c, const struct tsv_reader *r,
                                const struct strv *f, struct app_err *e)
{
	struct zone z = {0};
	z.code = field_dup(&c->arena, f[ZC_CODE]);
	z.name = field_dup(&c->arena, f[ZC_NAME]);
	z.full_name = field_dup(&c->arena, f[ZC_FULL]);
	z.hosts = field_dup(&c->arena, f[ZC_HOSTS]);
	if (z.code[0] == '\0' || strlen(z.code) > 7)
		return bad_row(e, r, "功能区代码应为1-7个字符", f[ZC_CODE]);
	if (z.name[0] == '\0' || z.hosts[0] == '\0')
		return bad_row(e, r, "功能区名称和所在区县不能为空", f[ZC_NAME]);
	xgrow((void **)&c->z, &c->cap_z, c->nz + 1, sizeof *c->z);
	c->z[c->nz] = z;
	c->z_aliases = xrealloc(c->z_aliases, c->cap_z * sizeof *c->z_aliases);
	c->z_district = xrealloc(c->z_district, c->cap_z * sizeof *c->z_district);
	c->z_aliases[c->nz] = field_dup(&c->arena, f[ZC_ALIASES]);
	c->z_district[c->nz] = field_dup(&c->arena, f[ZC_DISTRICT]);
	c->nz++;
	return APP_OK;
}

/* True if the comma-separated list holds text as one item. */
static bool list_has(const char *list, struct strv text)
{
	const char *p = list;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == text.n && memcmp(p, text.p, n) == 0)
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

/* The better of two entries matching the same text: the current one, else
 * the one valid last. */
static const struct district *better(const struct district *a, const struct district *b)
{
	if (!a)
		return b;
	if (!a->valid_to[0])
		return a;
	if (!b->valid_to[0])
		return b;
	return strcmp(b->valid_to, a->valid_to) > 0 ? b : a;
}

static bool code_eq(struct strv text, const char *code)
{
	return text.n == strlen(code) && strncasecmp(text.p, code, text.n) == 0;
}

static const struct district *find_in(const struct catalogue *c, struct strv text)
{
	const struct district *best = NULL;
	text = strv_trim(text);
	if (text.n == 0)
		return NULL;
	for (size_t i = 0; i < c->nd; i++) {
		const struct district *d = &c->d[i];
		if (code_eq(text, d->code) || strv_eq(text, d->name) ||
		    (d->short_name[0] && strv_eq(text, d->short_name)) ||
		    list_has(c->d_aliases[i], text))
			best = better(best, d);
	}
	return best;
}

static const struct zone *zone_find_in(const struct catalogue *c, struct strv text)
{
	text = strv_trim(text);
	if (text.n == 0)
		return NULL;
	for (size_t i = 0; i < c->nz; i++) {
		const struct zone *z = &c->z[i];
		if (code_eq(text, z->code) || strv_eq(text, z->name) ||
		    strv_eq(text, z->full_name) || list_has(c->z_aliases[i], text))
			return z;
	}
	return NULL;
}

/* Cross-checks after both files are read: unique codes and names among the
 * entries in force at the same time, successors and zone hosts that exist. */
static enum app_status cross_check(const struct catalogue *c, struct app_err *e)
{
	for (size_t i = 0; i < c->nd; i++) {
		const struct district *a = &c->d[i];
		for (size_t j = i + 1; j < c->nd; j++) {
			const struct district *b = &c->d[j];
			bool overlap = (!a->valid_to[0] || !b->valid_from[0] ||
			                strcmp(b->valid_from, a->valid_to) <= 0) &&
			               (!b->valid_to[0] || !a->valid_from[0] ||
			                strcmp(a->valid_from, b->valid_to) <= 0);
			bool same_short =
			    a->short_name[0] && strcmp(a->short_name, b->short_name) == 0;
			if (overlap && (strcmp(a->code, b->code) == 0 ||
			                strcmp(a->name, b->name) == 0 || same_short))
				return app_err_set(
				    e, APP_EINVAL, "%s: %s %s 与 %s %s 同时有效且重复",
				    DISTRICTS_FILE, a->code, a->name, b->code, b->name);
		}
		if (a->successor[0] && !find_in(c, strv_from(a->successor)))
			return app_err_set(e, APP_EINVAL, "%s: %s 的 successor %s 不存在",
			                   DISTRICTS_FILE, a->code, a->successor);
	}
	for (size_t i = 0; i < c->nz; i++) {
		const char *p = c->z[i].hosts;
		while (*p) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			const struct district *d = find_in(c, (struct strv){p, n});
			if (!d || n != 6)
				return app_err_set(e, APP_EINVAL,
				                   "%s: 功能区 %s 的所在区县 %.*s 不存在",
				                   ZONES_FILE, c->z[i].code, (int)n, p);
			if (!comma)
				break;
			p = comma + 1;
		}
		if (c->z_district[i][0] && !find_in(c, strv_from(c->z_district[i])))
			return app_err_set(e, APP_EINVAL, "%s: 功能区 %s 的 district %s 不存在",
			                   ZONES_FILE, c->z[i].code, c->z_district[i]);
	}
	return APP_OK;
}

/* Reads the two tables into c (zero-initialised by the caller). e must not
 * be NULL: it tells a malformed row from the end of the text. */
static enum app_status catalogue_load(struct catalogue *c, const char *dtext, size_t dlen,
                                      const char *ztext, size_t zlen, struct app_err *e)
{
	struct tsv_reader r;
	struct strv f[(int)DC_COUNT > (int)ZC_COUNT ? (int)DC_COUNT : (int)ZC_COUNT];
	enum app_status s;
	arena_init(&c->arena);

	tsv_init(&r, DISTRICTS_FILE, dtext, dlen);
	if ((s = tsv_expect_header(&r, district_cols, DC_COUNT, e)) != APP_OK)
		return s;
	while (tsv_row(&r, f, DC_COUNT, e))
		if ((s = district_row(c, &r, f, e)) != APP_OK)
			return s;
	if (e->status != APP_OK)
		return e->status;

	tsv_init(&r, ZONES_FILE, ztext, zlen);
	if ((s = tsv_expect_header(&r, zone_cols, ZC_COUNT, e)) != APP_OK)
		return s;
	while (tsv_row(&r, f, ZC_COUNT, e))
		if ((s = zone_row(c, &r, f, e)) != APP_OK)
			return s;
	if (e->status != APP_OK)
		return e->status;
	if (c->nd == 0 || c->nz == 0)
		return app_err_set(e, APP_EINVAL, "%s/%s: 没有数据行", DISTRICTS_FILE, ZONES_FILE);
	return cross_check(c, e);
}

static void load_once(void)
{
	const struct embedded_file *df = embed_find(DISTRICTS_FILE);
	const struct embedded_file *zf = embed_find(ZONES_FILE);
	struct app_err e = {0};
	if (!df || !zf) {
		fprintf(stderr, "zjtx: 内置数据文件 %s 缺失\n", df ? ZONES_FILE : DISTRICTS_FILE);
		abort();
	}
	if (catalogue_load(&cat, df->data, df->len, zf->data, zf->len, &e) != APP_OK) {
		fprintf(stderr, "zjtx: 内置数据文件有误: %s\n", e.msg);
		abort();
	}
}

void district_init(void)
{
	pthread_once(&cat_once, load_once);
}

/* ---- queries ---- */

const struct district *district_find(struct strv text)
{
	district_init();
	return find_in(&cat, text);
}

enum app_status district_parse(struct strv text, const struct district **out, struct app_err *e)
{
	struct strv t = strv_trim(text);
	if (t.n == 0)
		return app_err_set(e, APP_EINVAL, "区县为空");
	const struct district *d = district_find(t);
	if (!d)
		return app_err_set(e, APP_EINVAL, "未知区县 \"%.*s\"", (int)t.n, t.p);
	*out = d;
	return APP_OK;
}

const struct district *district_successor(const struct district *d)
{
	const struct district *next = NULL;
	/* Each step lands on the entry that wins for the successor code; the
	 * catalogue is small, so a bound on the steps guards against a cycle. */
	for (size_t steps = 0; d && d->successor[0] && steps <= cat.nd; steps++) {
		const struct district *s = district_find(strv_from(d->successor));
		if (!s || s == d)
			break;
		next = s;
		d = s;
	}
	return next;
}

bool district_valid_on(const struct district *d, const char *date)
{
	return (!d->valid_from[0] || strcmp(d->valid_from, date) <= 0) &&
	       (!d->valid_to[0] || strcmp(date, d->valid_to) <= 0);
}

size_t district_count(void)
{
	district_init();
	return cat.nd;
}

const struct district *district_at(size_t i)
{
	district_init();
	return i < cat.nd ? &cat.d[i] : NULL;
}

size_t zone_count(void)
{
	district_init();
	return cat.nz;
}

const struct zone *zone_at(size_t i)
{
	district_init();
	return i < cat.nz ? &cat.z[i] : NULL;
}

const struct zone *zone_find(struct strv text)
{
	district_init();
	return zone_find_in(&cat, text);
}

const char *district_reporting_unit(const char *district_code, const char *zone_code)
{
	district_init();
	if (zone_code && zone_code[0]) {
		const struct zone *z = zone_find_in(&cat, strv_from(zone_code));
		if (z)
			return z->code;
	}
	for (size_t i = 0; district_code && i < cat.nz; i++)
		if (cat.z_district[i][0] && strcmp(cat.z_district[i], district_code) == 0)
			return cat.z[i].code;
	return district_code;
}

const char *district_unit_name(const char *unit_code)
{
	district_init();
	for (size_t i = 0; i < cat.nz; i++)
		if (strcmp(cat.z[i].code, unit_code) == 0)
			return cat.z[i].name;
	if (strlen(unit_code) == 6) {
		const struct district *d = find_in(&cat, strv_from(unit_code));
		if (d)
			return d->name;
	}
	return unit_code;
}
