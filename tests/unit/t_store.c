/* t_store.c - the storage contract (store.h), run against every backend.
 *
 * The suite is written against store.h only and runs once per backend URL:
 * a temporary SQLite file, ":memory:", and the PostgreSQL URL in
 * ZJTX_TEST_PG when that variable is set (each test then needs an empty
 * database at that URL). Expected values are worked out by hand in the
 * comments next to them.
 *
 * Marked WHITE-BOX sections check what the contract cannot see from
 * outside (append-only triggers, the migration table, column names, a
 * corrupt foreign key) with sqlite3 directly, for the SQLite file backend
 * only. */
#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/store.h"
#include "store/store_int.h"
#include "test.h"

struct backend {
	const char *label;
	const char *url;  /* the same URL for every test, or NULL: a new temporary file */
	const char *name; /* store_backend() */
	bool persistent;  /* data survives close and reopen */
	bool sqlite_file; /* white-box checks possible */
};

static char tmpdir[] = "/tmp/t_store.XXXXXX";
static int db_seq;

/* The newest migration shipped (the schema version a fresh open reaches). */
static int latest_version(void)
{
	struct store_migration *m = NULL;
	size_t n = 0;
	int v = 0;
	if (store_migrations("src/store/sql/sqlite/", &m, &n, NULL) == APP_OK && n)
		v = m[n - 1].version;
	free(m);
	return v;
}
#define LATEST latest_version()

/* How many migrations ship (numbers may have gaps: some are reserved). */
static int migration_count(void)
{
	struct store_migration *m = NULL;
	size_t n = 0;
	store_migrations("src/store/sql/sqlite/", &m, &n, NULL);
	free(m);
	return (int)n;
}

/* A URL for an empty database (caller frees). Temporary files alternate
 * between the plain path and the "sqlite:" form. */
static char *fresh_url(const struct backend *b)
{
	if (b->url)
		return xstrdup(b->url);
	char *u = xmalloc(256);
	db_seq++;
	snprintf(u, 256, "%s%s/db%d.sqlite", db_seq % 2 ? "sqlite:" : "", tmpdir, db_seq);
	return u;
}

static const char *url_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static struct store *open_url(const char *url, int flags)
{
	struct store *s = NULL;
	struct app_err e = {0};
	enum app_status st = store_open(url, flags, &s, &e);
	if (st != APP_OK)
		diag("store_open(%s): %s: %s", strstr(url, "://") ? "(URL not shown)" : url,
		     app_status_str(st), e.msg);
	return s;
}

static void uscc_of(int n, char out[19])
{
	snprintf(out, 19, "915000000000000%03d", n);
}

/* The firm number encoded in the last three digits of a test USCC. */
static int num_of(const char *uscc)
{
	return (uscc[15] - '0') * 100 + (uscc[16] - '0') * 10 + (uscc[17] - '0');
}

static void mkent(struct enterprise *e, int n, const char *name, const char *district,
                  const char *zone, const char *industry, const char *founded)
{
	memset(e, 0, sizeof *e);
	uscc_of(n, e->uscc);
	snprintf(e->name, sizeof e->name, "%s", name);
	snprintf(e->district, sizeof e->district, "%s", district);
	snprintf(e->zone, sizeof e->zone, "%s", zone);
	snprintf(e->industry, sizeof e->industry, "%s", industry);
	snprintf(e->founded, sizeof e->founded, "%s", founded);
}

static enum app_status put(struct store *s, int n, const char *name, const char *district,
                           const char *zone, const char *industry, const char *founded)
{
	struct enterprise e;
	mkent(&e, n, name, district, zone, industry, founded);
	return store_enterprise_put(s, &e, NULL, NULL);
}

static enum app_status add_tier(struct store *s, int n, enum tier t, enum tier_status st,
                                const char *since, const char *until, struct app_err *err)
{
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	uscc_of(n, ev.uscc);
	ev.tier = t;
	ev.status = st;
	snprintf(ev.since, sizeof ev.since, "%s", since);
	snprintf(ev.until, sizeof ev.until, "%s", until);
	snprintf(ev.actor, sizeof ev.actor, "test");
	return store_tier_add(s, &ev, err);
}

/* ---- collecting list output as text ---- */

struct order {
	char text[512];
	int stop_after; /* stop after this many rows (0 = never) */
	int rows;
};

static int order_cb(void *ctx, const struct enterprise *e)
{
	struct order *o = ctx;
	size_t n = strlen(o->text);
	snprintf(o->text + n, sizeof o->text - n, "%s%d", n ? "," : "", num_of(e->uscc));
	o->rows++;
	return o->stop_after && o->rows >= o->stop_after;
}

/* Runs a list and returns its order as "1,2,3" (static buffer). */
static const char *list_order(struct store *s, const struct store_filter *f, long *total,
                              enum app_status *st)
{
	static struct order o;
	memset(&o, 0, sizeof o);
	struct app_err e = {0};
	*st = store_enterprise_list(s, f, order_cb, &o, total, &e);
	if (*st != APP_OK)
		snprintf(o.text, sizeof o.text, "error %s: %.200s", app_status_str(*st), e.msg);
	return o.text;
}

/* ---- the URL and the dispatcher (no backend needed) ---- */

static void test_urls(void)
{
	struct store *s = (struct store *)&s; /* not NULL, to see it reset */
	struct app_err e = {0};
	is_int(store_open(NULL, 0, &s, &e), APP_EINVAL, "NULL url refused");
	ok(s == NULL, "*out is NULL after a failed open");
	is_int(store_open("", 0, &s, &e), APP_EINVAL, "empty url refused");
	is_int(store_open("sqlite:", 0, &s, &e), APP_EINVAL, "sqlite: without a path refused");
	is_int(store_open("mysql://h/db", 0, &s, &e), APP_EINVAL, "unknown scheme refused");
	is_int(store_open(":memory:", 8, &s, &e), APP_EINVAL, "unknown flag refused");
	app_err_clear(&e);
	is_int(store_open("postgresql://zjtx:s3cret@127.0.0.1/zjtx", 0, &s, &e), APP_ENOTSUP,
	       "postgresql:// is not supported yet");
	ok(strstr(e.msg, "PostgreSQL") || strstr(e.msg, "postgresql"), "message names PostgreSQL");
	ok(!strstr(e.msg, "s3cret"), "message does not repeat the password");
	is_int(store_open("postgres://h/db", 0, &s, &e), APP_ENOTSUP, "postgres:// likewise");
	is_int(store_open("/nonexistent-dir-t-store/x.db", 0, &s, &e), APP_EIO,
	       "a path in a missing directory is an I/O error");
	ok(s == NULL, "no handle after failure");

	char junk[300];
	snprintf(junk, sizeof junk, "%s/junk.txt", tmpdir);
	FILE *fp = fopen(junk, "w");
	if (fp) {
		for (int i = 0; i < 200; i++)
			fputs("这不是数据库文件 this is not a database\n", fp);
		fclose(fp);
	}
	app_err_clear(&e);
	is_int(store_open(junk, 0, &s, &e), APP_EDB, "a file that is not a database");
	ok(strstr(e.msg, "not a database") && strstr(e.msg, junk), "message names the file: %s",
	   e.msg);
	unlink(junk);

	s = open_url("sqlite::memory:", 0);
	ok(s != NULL, "sqlite::memory: opens");
	is_str(store_backend(s), "sqlite", "backend name");
	store_close(s);
	store_close(NULL); /* no-op */
	is_str(store_backend(NULL), "", "backend of NULL is empty");
	is_int(store_schema_version(NULL), -1, "schema version of NULL is -1");
	is_int(store_begin(NULL, NULL), APP_EINVAL, "begin on NULL refused");
}

/* ---- opening and migrations ---- */

static void test_migrate(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	is_str(store_backend(s), b->name, "backend name");
	is_int(store_schema_version(s), LATEST, "schema at the latest version after open");
	is_int(store_migrate(s, NULL), APP_OK, "migrate again is a no-op");
	is_int(store_migrate(s, NULL), APP_OK, "and again");
	is_int(store_schema_version(s), LATEST, "still the latest version");
	is_int(store_check(s, NULL), APP_OK, "check passes on an empty database");
	store_close(s);
out:
	free(url);
}

/* ---- enterprises ---- */

static void test_enterprise_put_get(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	struct enterprise e, g;
	struct app_err err = {0};
	bool created = false;
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;

	mkent(&e, 1, "重庆精工机械有限公司", "500112", "LJXQ", "C3562", "2010-05-01");
	e.emerging = 2;
	e.niche_since = 2012;
	snprintf(e.contact, sizeof e.contact, "张三");
	snprintf(e.phone, sizeof e.phone, "13800001234");
	e.tier = TIER_CHAMPION; /* ignored on write */
	snprintf(e.tier_until, sizeof e.tier_until, "2030-01-01");
	is_int(store_enterprise_put(s, &e, &created, &err), APP_OK, "insert");
	ok(created, "first put creates");
	is_int(store_enterprise_get(s, e.uscc, &g, &err), APP_OK, "get");
	is_str(g.uscc, e.uscc, "uscc round-trips");
	is_str(g.name, "重庆精工机械有限公司", "name round-trips (UTF-8)");
	is_str(g.district, "500112", "district");
	is_str(g.zone, "LJXQ", "zone");
	is_str(g.industry, "C3562", "industry");
	is_int(g.emerging, 2, "emerging");
	is_str(g.founded, "2010-05-01", "founded");
	is_int(g.niche_since, 2012, "niche_since");
	is_str(g.contact, "张三", "contact");
	is_str(g.phone, "13800001234", "phone");
	is_int(g.tier, TIER_NONE, "tier given on write is ignored");
	is_str(g.tier_until, "", "tier_until given on write is ignored");

	/* Update: optional fields cleared become missing. */
	mkent(&e, 1, "重庆精工机械股份有限公司", "500112", "", "C3562", "");
	created = true;
	is_int(store_enterprise_put(s, &e, &created, &err), APP_OK, "update");
	ok(!created, "second put updates");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_OK, "created may be NULL");
	store_enterprise_get(s, e.uscc, &g, &err);
	is_str(g.name, "重庆精工机械股份有限公司", "name updated");
	is_str(g.zone, "", "zone cleared");
	is_str(g.founded, "", "founded cleared");
	is_int(g.emerging, 0, "emerging cleared");
	is_int(g.niche_since, 0, "niche_since cleared");
	is_str(g.contact, "", "contact cleared");

	/* The tier maintained by the history survives a later put. */
	is_int(add_tier(s, 1, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "2026-01-01", &err), APP_OK,
	       "tier event");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_OK, "put after tier");
	store_enterprise_get(s, e.uscc, &g, &err);
	is_int(g.tier, TIER_SRDI, "put keeps the maintained tier");
	is_str(g.tier_until, "2026-01-01", "and its until");

	app_err_clear(&err);
	is_int(store_enterprise_get(s, "915000000000000999", &g, &err), APP_ENOTFOUND,
	       "get of an unknown firm");
	ok(strstr(err.msg, "915000000000000999") != NULL, "message names the firm");

	/* Shape checks, both sides. */
	mkent(&e, 2, "名称", "500112", "", "C3562", "");
	e.uscc[17] = '\0';
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "17-character uscc refused");
	mkent(&e, 2, "", "500112", "", "C3562", "");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "empty name refused");
	mkent(&e, 2, "名称", "", "", "C3562", "");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "empty district refused");
	mkent(&e, 2, "名称", "500112", "", "", "");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "empty industry refused");
	mkent(&e, 2, "名称", "500112", "", "C3562", "2020-13-01");
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "bad founded date refused");
	mkent(&e, 2, "名称", "500112", "", "C3562", "");
	e.emerging = 10;
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_EINVAL, "emerging 10 refused");
	e.emerging = 9;
	is_int(store_enterprise_put(s, &e, NULL, &err), APP_OK, "emerging 9 accepted");
	is_int(store_enterprise_get(s, e.uscc, &g, NULL), APP_OK, "firm 2 stored");
	store_close(s);
out:
	free(url);
}

/* The seven firms of the list tests. Tiers: 1 srdi, 2 none (srdi
 * recognised then revoked), 3 little giant, 4 candidate, 5 innovative,
 * 6 srdi, 7 champion. */
static bool seed_list(struct store *s)
{
	struct app_err e = {0};
	bool good = put(s, 1, "Alpha 精密", "500112", "LJXQ", "C3562", "2010-05-01") == APP_OK &&
	            put(s, 2, "beta_100%", "500105", "", "C3511", "2005-01-01") == APP_OK &&
	            put(s, 3, "重庆甲机械", "500106", "GXQ", "C3411", "") == APP_OK &&
	            put(s, 4, "重庆乙电子", "500112", "", "C3971", "2015-07-07") == APP_OK &&
	            put(s, 5, "Gamma软件", "500107", "GXQ", "I6513", "2018-03-03") == APP_OK &&
	            put(s, 6, "betax100y", "500110", "WSJK", "C3360", "2001-01-01") == APP_OK &&
	            put(s, 7, "丙科技", "500112", "LJXQ", "C3562", "1999-12-31") == APP_OK;
	good = good && add_tier(s, 1, TIER_SRDI, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK &&
	       add_tier(s, 2, TIER_SRDI, TS_RECOGNIZED, "2021-01-01", "", &e) == APP_OK &&
	       add_tier(s, 2, TIER_SRDI, TS_REVOKED, "2023-01-01", "", &e) == APP_OK &&
	       add_tier(s, 3, TIER_LITTLE_GIANT, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK &&
	       add_tier(s, 4, TIER_CANDIDATE, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK &&
	       add_tier(s, 5, TIER_INNOVATIVE, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK &&
	       add_tier(s, 6, TIER_SRDI, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK &&
	       add_tier(s, 7, TIER_CHAMPION, TS_RECOGNIZED, "2022-01-01", "", &e) == APP_OK;
	if (!good)
		diag("seed failed: %s", e.msg);
	return good;
}

struct filter_case {
	const char *district, *industry;
	int tier;
	const char *q, *uscc, *scope;
	const char *want;
	long total;
};

static void test_filters(struct store *s)
{
	/* Units: 1 LJXQ(500112), 2 500105, 3 GXQ(500106), 4 500112, 5 GXQ(500107),
	 * 6 WSJK(500110), 7 LJXQ(500112). */
	static const struct filter_case cases[] = {
	    {NULL, NULL, 0, NULL, NULL, NULL, "1,2,3,4,5,6,7", 7},
	    {"500112", NULL, 0, NULL, NULL, NULL, "1,4,7", 3}, /* district, any zone */
	    {"LJXQ", NULL, 0, NULL, NULL, NULL, "1,7", 2},     /* a zone code */
	    {"GXQ", NULL, 0, NULL, NULL, NULL, "3,5", 2},
	    {"500105", NULL, 0, NULL, NULL, NULL, "2", 1},
	    {"999999", NULL, 0, NULL, NULL, NULL, "", 0},
	    {"", NULL, 0, NULL, NULL, NULL, "1,2,3,4,5,6,7", 7}, /* "" does not filter */
	    {NULL, "C35", 0, NULL, NULL, NULL, "1,2,7", 3},      /* prefix */
	    {NULL, "C3562", 0, NULL, NULL, NULL, "1,7", 2},
	    {NULL, "I", 0, NULL, NULL, NULL, "5", 1},
	    {NULL, "C3", 0, NULL, NULL, NULL, "1,2,3,4,6,7", 6},
	    {NULL, "C3_", 0, NULL, NULL, NULL, "", 0},  /* '_' is literal */
	    {NULL, "3562", 0, NULL, NULL, NULL, "", 0}, /* prefix, not substring */
	    {NULL, NULL, TIER_SRDI, NULL, NULL, NULL, "1,6", 2},
	    {NULL, NULL, -1, NULL, NULL, NULL, "2", 1}, /* holds none (revoked) */
	    {NULL, NULL, TIER_CHAMPION, NULL, NULL, NULL, "7", 1},
	    {NULL, NULL, TIER_INNOVATIVE, NULL, NULL, NULL, "5", 1},
	    {NULL, NULL, 0, "beta", NULL, NULL, "2,6", 2},
	    {NULL, NULL, 0, "a_1", NULL, NULL, "2", 1}, /* unescaped, "ax1" of 6 would match */
	    {NULL, NULL, 0, "0%", NULL, NULL, "2", 1},  /* unescaped, any "0" would match */
	    {NULL, NULL, 0, "\\", NULL, NULL, "", 0},   /* the escape character itself */
	    {NULL, NULL, 0, "重庆", NULL, NULL, "3,4", 2},
	    {NULL, NULL, 0, "ALPHA", NULL, NULL, "1", 1}, /* ASCII case-insensitive */
	    {NULL, NULL, 0, "9150000000000000", NULL, NULL, "1,2,3,4,5,6,7", 7},
	    {NULL, NULL, 0, "915000000000000007", NULL, NULL, "7", 1},
	    {NULL, NULL, 0, "00000007", NULL, NULL, "", 0}, /* USCC by prefix only */
	    {NULL, NULL, 0, NULL, "915000000000000003", NULL, "3", 1},
	    {NULL, NULL, 0, NULL, NULL, "500112", "1,4,7", 3},
	    {"LJXQ", NULL, 0, NULL, NULL, "500112", "1,7", 2},
	    {NULL, NULL, TIER_SRDI, NULL, NULL, "GXQ", "", 0},
	    {NULL, NULL, 0, NULL, "915000000000000003", "LJXQ", "", 0}, /* out of scope */
	    {"500112", "C35", 0, NULL, NULL, NULL, "1,7", 2},
	    {"500112", NULL, TIER_CANDIDATE, "重庆", NULL, NULL, "4", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct filter_case *c = &cases[i];
		struct store_filter f = {.district = c->district,
		                         .industry = c->industry,
		                         .tier = c->tier,
		                         .q = c->q,
		                         .uscc = c->uscc,
		                         .scope_district = c->scope};
		long total = -1;
		enum app_status st;
		const char *got = list_order(s, &f, &total, &st);
		ok(st == APP_OK && strcmp(got, c->want) == 0 && total == c->total,
		   "filter d=%s i=%s t=%d q=%s u=%s scope=%s -> [%s] total %ld", c->district,
		   c->industry, c->tier, c->q, c->uscc, c->scope, c->want, c->total);
		if (strcmp(got, c->want) != 0 || total != c->total)
			diag("got [%s] total %ld", got, total);
	}
}

static void test_sorts(struct store *s)
{
	static const struct {
		const char *sort;
		bool desc;
		const char *want;
	} cases[] = {
	    {NULL, false, "1,2,3,4,5,6,7"},
	    {"", false, "1,2,3,4,5,6,7"},
	    {"uscc", true, "7,6,5,4,3,2,1"},
	    /* bytes: 'A' < 'G' < 'b'; "beta_" < "betax"; 丙 E4B8 < 乙 E4B9 < 甲 E794 */
	    {"name", false, "1,5,2,6,7,4,3"},
	    {"name", true, "3,4,7,6,2,5,1"},
	    /* 500105, 500106, 500107, 500110, 500112 x3 (ties by uscc ascending) */
	    {"district", false, "2,3,5,6,1,4,7"},
	    {"district", true, "1,4,7,6,5,3,2"},
	    /* C3360, C3411, C3511, C3562 x2, C3971, I6513 */
	    {"industry", false, "6,3,2,1,7,4,5"},
	    {"industry", true, "5,4,1,7,2,3,6"},
	    /* none(2) < candidate(4) < innovative(5) < srdi(1,6) < giant(3) < champion(7) */
	    {"tier", false, "2,4,5,1,6,3,7"},
	    {"tier", true, "7,3,1,6,5,4,2"},
	    /* 1999, 2001, 2005, 2010, 2015, 2018, missing last */
	    {"founded", false, "7,6,2,1,4,5,3"},
	    {"founded", true, "5,4,1,2,6,7,3"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_filter f = {.sort = cases[i].sort, .desc = cases[i].desc};
		enum app_status st;
		const char *got = list_order(s, &f, NULL, &st);
		ok(st == APP_OK && strcmp(got, cases[i].want) == 0, "sort %s%s -> [%s]",
		   cases[i].sort ? cases[i].sort : "(default)", cases[i].desc ? " desc" : "",
		   cases[i].want);
		if (strcmp(got, cases[i].want) != 0)
			diag("got [%s]", got);
	}
}

static void test_pages(struct store *s)
{
	static const struct {
		const char *industry, *sort;
		bool desc;
		long limit, offset;
		const char *want;
		long total;
	} cases[] = {
	    {NULL, NULL, false, 3, 0, "1,2,3", 7},
	    {NULL, NULL, false, 3, 3, "4,5,6", 7},
	    {NULL, NULL, false, 3, 6, "7", 7},
	    {NULL, NULL, false, 3, 7, "", 7},
	    {NULL, NULL, false, 0, 5, "6,7", 7}, /* no limit, offset only */
	    {NULL, NULL, false, 0, 100, "", 7},
	    {NULL, NULL, false, 7, 0, "1,2,3,4,5,6,7", 7},
	    {NULL, "name", true, 1, 0, "3", 7},
	    /* C3 firms by name: 1,2,6,7,4,3 -> page of 2 at offset 1 */
	    {"C3", "name", false, 2, 1, "2,6", 6},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_filter f = {.industry = cases[i].industry,
		                         .sort = cases[i].sort,
		                         .desc = cases[i].desc,
		                         .limit = cases[i].limit,
		                         .offset = cases[i].offset};
		long total = -1;
		enum app_status st;
		const char *got = list_order(s, &f, &total, &st);
		ok(st == APP_OK && strcmp(got, cases[i].want) == 0 && total == cases[i].total,
		   "page limit %ld offset %ld -> [%s] total %ld", cases[i].limit, cases[i].offset,
		   cases[i].want, cases[i].total);
		if (strcmp(got, cases[i].want) != 0 || total != cases[i].total)
			diag("got [%s] total %ld", got, total);
	}
	/* A callback that stops early. */
	struct order o = {.stop_after = 2};
	long total = 0;
	is_int(store_enterprise_list(s, NULL, order_cb, &o, &total, NULL), APP_OK,
	       "early stop is not an error");
	is_str(o.text, "1,2", "early stop after two rows");
	is_int(total, 7, "total still counts all");
}

static void test_bad_filters(struct store *s)
{
	char longq[MAX_FILTER_TEXT + 2];
	memset(longq, 'x', sizeof longq);
	longq[MAX_FILTER_TEXT + 1] = '\0';
	struct {
		struct store_filter f;
		enum app_status want;
		const char *what;
	} cases[] = {
	    {{.sort = "revenue"}, APP_EINVAL, "unknown sort key"},
	    {{.sort = "name; DROP TABLE enterprises"}, APP_EINVAL, "sort is a whitelist"},
	    {{.sort = "NAME"}, APP_EINVAL, "sort keys are exact"},
	    {{.tier = TIER_COUNT}, APP_EINVAL, "tier TIER_COUNT"},
	    {{.tier = TIER_CHAMPION}, APP_OK, "tier TIER_COUNT-1"},
	    {{.tier = -2}, APP_EINVAL, "tier -2"},
	    {{.limit = -1}, APP_EINVAL, "negative limit"},
	    {{.offset = -1}, APP_EINVAL, "negative offset"},
	    {{.q = longq}, APP_ETOOLARGE, "q over MAX_FILTER_TEXT"},
	    {{.q = longq + 1}, APP_OK, "q of exactly MAX_FILTER_TEXT"},
	    {{.district = longq}, APP_ETOOLARGE, "district over MAX_FILTER_TEXT"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order o = {0};
		struct app_err e = {0};
		is_int(store_enterprise_list(s, &cases[i].f, order_cb, &o, NULL, &e), cases[i].want,
		       cases[i].what);
		if (cases[i].want != APP_OK)
			ok(o.rows == 0 && e.msg[0], "%s: no rows, a message", cases[i].what);
	}
	struct store_filter f = {.sort = "bogus"};
	is_int(store_enterprise_counts(s, &f, NULL, NULL, NULL), APP_EINVAL, "counts need a cb");
}

static void test_list(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	if (ok(seed_list(s), "seven firms with tiers")) {
		test_filters(s);
		test_sorts(s);
		test_pages(s);
		test_bad_filters(s);
	}
	store_close(s);
out:
	free(url);
}

/* ---- counts by reporting unit and tier ---- */

static int count_cb(void *ctx, const char *unit, int tier, long count)
{
	struct buf *b = ctx;
	buf_printf(b, "%s%s:%d=%ld", b->len ? ";" : "", unit, tier, count);
	return 0;
}

static void test_counts(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	struct buf out;
	buf_init(&out, 4096);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	struct app_err e = {0};
	/* a: 500112+LJXQ srdi; b,c: 500112 srdi; d: 500112 none; e: 500105+LJXQ
	 * srdi; f: 500106+GXQ little giant. */
	bool good = put(s, 1, "a", "500112", "LJXQ", "C3562", "") == APP_OK &&
	            put(s, 2, "b", "500112", "", "C3562", "") == APP_OK &&
	            put(s, 3, "c", "500112", "", "C3562", "") == APP_OK &&
	            put(s, 4, "d", "500112", "", "C3562", "") == APP_OK &&
	            put(s, 5, "e", "500105", "LJXQ", "C3562", "") == APP_OK &&
	            put(s, 6, "f", "500106", "GXQ", "C3411", "") == APP_OK;
	for (int n = 1; good && n <= 5; n++)
		if (n != 4)
			good = add_tier(s, n, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", &e) ==
			       APP_OK;
	good = good &&
	       add_tier(s, 6, TIER_LITTLE_GIANT, TS_RECOGNIZED, "2023-01-01", "", &e) == APP_OK;
	if (!ok(good, "seed counts"))
		goto close;

	static const struct {
		const char *district, *industry;
		int tier;
		const char *want;
	} cases[] = {
	    /* by unit code (bytes), then tier rank; a zone firm only under its zone */
	    {NULL, NULL, 0, "500112:0=1;500112:3=2;GXQ:4=1;LJXQ:3=2"},
	    {NULL, NULL, TIER_SRDI, "500112:3=2;LJXQ:3=2"},
	    {"500112", NULL, 0, "500112:0=1;500112:3=2;LJXQ:3=1"},
	    {NULL, "C34", 0, "GXQ:4=1"},
	    {NULL, NULL, -1, "500112:0=1"},
	    {"999999", NULL, 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_filter f = {.district = cases[i].district,
		                         .industry = cases[i].industry,
		                         .tier = cases[i].tier,
		                         .limit = 1, /* page members are ignored */
		                         .sort = "name"};
		buf_reset(&out);
		enum app_status st = store_enterprise_counts(s, &f, count_cb, &out, &e);
		ok(st == APP_OK && strcmp(buf_cstr(&out), cases[i].want) == 0, "counts -> [%s]",
		   cases[i].want);
		if (strcmp(buf_cstr(&out), cases[i].want) != 0)
			diag("got [%s] %s", buf_cstr(&out), e.msg);
	}
	buf_reset(&out);
	is_int(store_enterprise_counts(s, NULL, count_cb, &out, &e), APP_OK, "counts, NULL filter");
	is_str(buf_cstr(&out), cases[0].want, "NULL filter counts all");
close:
	store_close(s);
out:
	buf_free(&out);
	free(url);
}

/* ---- annual figures ---- */

#define BIT(k)   ((uint64_t)1 << (k))
#define ALL_COLS (BIT(ANNUAL_KEY_COUNT) - 1)

struct annual_rows {
	char text[1024];
};

static int annual_cb(void *ctx, const struct annual *a)
{
	struct annual_rows *r = ctx;
	size_t n = strlen(r->text);
	snprintf(r->text + n, sizeof r->text - n, "%s%d/%d", n ? "," : "", num_of(a->uscc),
	         a->year);
	return 0;
}

static void test_annual_put_get(struct store *s)
{
	struct annual a, g;
	struct app_err e = {0};
	memset(&a, 0, sizeof a);
	uscc_of(1, a.uscc);
	a.year = 2023;
	annual_set(&a, AK_REVENUE, 123456);  /* 1234.56 元 in 分 */
	annual_set(&a, AK_NET_PROFIT, -500); /* a loss */
	annual_set(&a, AK_EMPLOYEES, 0);     /* present zero */
	annual_set(&a, AK_MAKER_CHINA, 50);  /* the last key */
	a.v[AK_RD_EXPENSE] = 999;            /* not present: must not be stored */
	is_int(store_annual_put(s, &a, ALL_COLS, &e), APP_OK, "annual put, all columns");
	is_int(store_annual_get(s, a.uscc, 2023, &g, &e), APP_OK, "annual get");
	is_str(g.uscc, a.uscc, "uscc");
	is_int(g.year, 2023, "year");
	is_int((int64_t)g.has,
	       (int64_t)(BIT(AK_REVENUE) | BIT(AK_NET_PROFIT) | BIT(AK_EMPLOYEES) |
	                 BIT(AK_MAKER_CHINA)),
	       "exactly the present columns come back");
	is_int(g.v[AK_REVENUE], 123456, "revenue");
	is_int(g.v[AK_NET_PROFIT], -500, "negative profit");
	ok(annual_has(&g, AK_EMPLOYEES) && g.v[AK_EMPLOYEES] == 0, "zero is present, not missing");
	ok(!annual_has(&g, AK_RD_EXPENSE), "missing is missing, not 0");
	is_int(g.v[AK_MAKER_CHINA], 50, "last key");

	/* Select revenue and rd_expense; revenue selected but missing. */
	memset(&a, 0, sizeof a);
	uscc_of(1, a.uscc);
	a.year = 2023;
	annual_set(&a, AK_RD_EXPENSE, 777);
	annual_set(&a, AK_NET_PROFIT, 1); /* present but not selected: ignored */
	is_int(store_annual_put(s, &a, BIT(AK_REVENUE) | BIT(AK_RD_EXPENSE), &e), APP_OK,
	       "annual put, two columns");
	store_annual_get(s, a.uscc, 2023, &g, &e);
	ok(!annual_has(&g, AK_REVENUE), "selected but missing -> missing (NULL)");
	ok(annual_has(&g, AK_RD_EXPENSE) && g.v[AK_RD_EXPENSE] == 777, "selected -> written");
	ok(annual_has(&g, AK_NET_PROFIT) && g.v[AK_NET_PROFIT] == -500,
	   "not selected -> kept (not overwritten by a's value)");
	ok(annual_has(&g, AK_EMPLOYEES) && g.v[AK_EMPLOYEES] == 0, "not selected zero kept");
	ok(annual_has(&g, AK_MAKER_CHINA) && g.v[AK_MAKER_CHINA] == 50, "last key kept");

	/* cols = 0 on a new row creates it with everything missing; a new row
	 * also ignores unselected present values. */
	memset(&a, 0, sizeof a);
	uscc_of(1, a.uscc);
	a.year = 2022;
	annual_set(&a, AK_REVENUE, 5);
	is_int(store_annual_put(s, &a, 0, &e), APP_OK, "annual put, no columns");
	is_int(store_annual_get(s, a.uscc, 2022, &g, &e), APP_OK, "row created");
	is_int((int64_t)g.has, 0, "with every column missing");

	/* Extremes of int64 round-trip. */
	memset(&a, 0, sizeof a);
	uscc_of(2, a.uscc);
	a.year = 2023;
	annual_set(&a, AK_TOTAL_ASSETS, INT64_MAX);
	annual_set(&a, AK_NET_PROFIT, INT64_MIN + 1);
	is_int(store_annual_put(s, &a, ALL_COLS, &e), APP_OK, "extremes put");
	store_annual_get(s, a.uscc, 2023, &g, &e);
	ok(g.v[AK_TOTAL_ASSETS] == INT64_MAX && g.v[AK_NET_PROFIT] == INT64_MIN + 1,
	   "int64 extremes round-trip");

	/* Errors. */
	app_err_clear(&e);
	memset(&a, 0, sizeof a);
	uscc_of(99, a.uscc);
	a.year = 2023;
	is_int(store_annual_put(s, &a, ALL_COLS, &e), APP_ENOTFOUND, "annual for an unknown firm");
	ok(strstr(e.msg, a.uscc) != NULL, "message names the firm");
	uscc_of(1, a.uscc);
	is_int(store_annual_put(s, &a, BIT(ANNUAL_KEY_COUNT), &e), APP_EINVAL,
	       "column bit ANNUAL_KEY_COUNT refused");
	is_int(store_annual_put(s, &a, BIT(ANNUAL_KEY_COUNT - 1), &e), APP_OK,
	       "column bit ANNUAL_KEY_COUNT-1 accepted");
	a.year = 1899;
	is_int(store_annual_put(s, &a, 0, &e), APP_EINVAL, "year 1899 refused");
	a.year = 1900;
	is_int(store_annual_put(s, &a, 0, &e), APP_OK, "year 1900 accepted");
	a.year = 3000;
	is_int(store_annual_put(s, &a, 0, &e), APP_EINVAL, "year 3000 refused");
	is_int(store_annual_get(s, a.uscc, 2021, &g, &e), APP_ENOTFOUND, "get of a missing year");
	is_int(store_annual_get(s, "915000000000000099", 2023, &g, &e), APP_ENOTFOUND,
	       "get for an unknown firm");
}

static void test_annual_list(struct store *s)
{
	/* Rows now: 1/1900 1/2022 1/2023 2/2023. Add 3/2022 (firm 3 in GXQ). */
	struct annual a;
	memset(&a, 0, sizeof a);
	uscc_of(3, a.uscc);
	a.year = 2022;
	store_annual_put(s, &a, 0, NULL);
	static const struct {
		const char *district;
		int year;
		const char *want;
	} cases[] = {
	    {NULL, 0, "1/1900,1/2022,1/2023,2/2023,3/2022"},
	    {NULL, 2023, "1/2023,2/2023"},
	    {NULL, 2022, "1/2022,3/2022"},
	    {"500112", 0, "1/1900,1/2022,1/2023"},
	    {"GXQ", 0, "3/2022"},
	    {"GXQ", 2023, ""},
	    {NULL, 2030, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct annual_rows r = {0};
		struct store_filter f = {.district = cases[i].district, .limit = 1, .offset = 1};
		enum app_status st = store_annual_list(s, &f, cases[i].year, annual_cb, &r, NULL);
		ok(st == APP_OK && strcmp(r.text, cases[i].want) == 0,
		   "annual list district=%s year=%d -> [%s] (page ignored)", cases[i].district,
		   cases[i].year, cases[i].want);
		if (strcmp(r.text, cases[i].want) != 0)
			diag("got [%s]", r.text);
	}
	struct annual_rows r = {0};
	is_int(store_annual_list(s, NULL, 0, annual_cb, &r, NULL), APP_OK, "NULL filter");
	is_str(r.text, cases[0].want, "NULL filter lists all");
}

static void test_annual(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	if (ok(put(s, 1, "一号", "500112", "", "C3562", "") == APP_OK &&
	           put(s, 2, "二号", "500105", "", "C3562", "") == APP_OK &&
	           put(s, 3, "三号", "500106", "GXQ", "C3562", "") == APP_OK,
	       "three firms")) {
		test_annual_put_get(s);
		test_annual_list(s);
	}
	store_close(s);
out:
	free(url);
}

/* ---- tier history ---- */

struct history {
	char text[1024];
	struct tier_event ev[16];
	int n;
};

static int history_cb(void *ctx, const struct tier_event *ev)
{
	struct history *h = ctx;
	size_t n = strlen(h->text);
	snprintf(h->text + n, sizeof h->text - n, "%s%s/%s/%s", n ? "," : "", tier_key(ev->tier),
	         tier_status_key(ev->status), ev->since);
	if (h->n < 16)
		h->ev[h->n] = *ev;
	h->n++;
	return 0;
}

/* The firm's current tier as "key until" ("none" if it holds none). */
static const char *current(struct store *s, int n)
{
	static char out[64];
	struct enterprise e;
	char u[19];
	uscc_of(n, u);
	if (store_enterprise_get(s, u, &e, NULL) != APP_OK)
		return "error";
	snprintf(out, sizeof out, "%s %s", e.tier ? tier_key(e.tier) : "none", e.tier_until);
	return out;
}

static void test_tier_recompute(struct store *s)
{
	/* Firm 1: recognised -> renewed -> revoked. */
	add_tier(s, 1, TIER_SRDI, TS_RECOGNIZED, "2021-07-01", "2024-06-30", NULL);
	is_str(current(s, 1), "srdi 2024-06-30", "recognised: holds srdi until 2024-06-30");
	add_tier(s, 1, TIER_SRDI, TS_RENEWED, "2024-07-01", "2027-06-30", NULL);
	is_str(current(s, 1), "srdi 2027-06-30", "renewed: new term");
	add_tier(s, 1, TIER_SRDI, TS_REVOKED, "2025-03-01", "", NULL);
	is_str(current(s, 1), "none ", "revoked: holds nothing");

	/* Firm 2: two tiers at once; the highest held wins. */
	add_tier(s, 2, TIER_INNOVATIVE, TS_RECOGNIZED, "2020-01-01", "2023-01-01", NULL);
	is_str(current(s, 2), "innovative 2023-01-01", "innovative");
	add_tier(s, 2, TIER_SRDI, TS_RECOGNIZED, "2022-01-01", "2025-01-01", NULL);
	is_str(current(s, 2), "srdi 2025-01-01", "srdi over innovative");
	add_tier(s, 2, TIER_SRDI, TS_EXITED, "2023-06-01", "", NULL);
	is_str(current(s, 2), "innovative 2023-01-01", "srdi exited: innovative still held");
	add_tier(s, 2, TIER_LITTLE_GIANT, TS_RECOGNIZED, "2024-01-01", "2027-01-01", NULL);
	is_str(current(s, 2), "little_giant 2027-01-01", "little giant on top");
	add_tier(s, 2, TIER_INNOVATIVE, TS_EXPIRED, "2024-02-01", "", NULL);
	is_str(current(s, 2), "little_giant 2027-01-01", "expiry of a lower tier changes nothing");

	/* Firm 3: latest by since, not by order of recording. */
	add_tier(s, 3, TIER_SRDI, TS_REVOKED, "2025-01-01", "", NULL);
	is_str(current(s, 3), "none ", "only a revocation: none");
	add_tier(s, 3, TIER_SRDI, TS_RECOGNIZED, "2022-01-01", "2025-12-31", NULL);
	is_str(current(s, 3), "none ", "an older recognition recorded later does not win");

	/* Firm 4: same since, ties broken by id (order of recording). */
	add_tier(s, 4, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", NULL);
	add_tier(s, 4, TIER_SRDI, TS_EXITED, "2023-01-01", "", NULL);
	is_str(current(s, 4), "none ", "same day: the later-recorded exit wins");
	add_tier(s, 4, TIER_CANDIDATE, TS_EXITED, "2023-01-01", "", NULL);
	add_tier(s, 4, TIER_CANDIDATE, TS_RECOGNIZED, "2023-01-01", "", NULL);
	is_str(current(s, 4), "candidate ", "same day: the later-recorded recognition wins");
}

static void test_tier_history(struct store *s)
{
	struct history h = {0};
	char u[19];
	uscc_of(3, u);
	is_int(store_tier_history(s, u, history_cb, &h, NULL), APP_OK, "history of firm 3");
	is_str(h.text, "srdi/recognized/2022-01-01,srdi/revoked/2025-01-01",
	       "oldest first by since, not by recording");
	ok(h.n == 2 && h.ev[0].id > h.ev[1].id, "ids follow recording order");

	memset(&h, 0, sizeof h);
	uscc_of(4, u);
	store_tier_history(s, u, history_cb, &h, NULL);
	is_str(h.text,
	       "srdi/recognized/2023-01-01,srdi/exited/2023-01-01,candidate/exited/2023-01-01,"
	       "candidate/recognized/2023-01-01",
	       "same day: by id");

	/* Every field round-trips. */
	struct tier_event ev;
	memset(&ev, 0, sizeof ev);
	uscc_of(5, ev.uscc);
	ev.tier = TIER_LITTLE_GIANT;
	ev.status = TS_RECOGNIZED;
	snprintf(ev.since, sizeof ev.since, "2023-07-14");
	snprintf(ev.until, sizeof ev.until, "2026-07-13");
	snprintf(ev.reason, sizeof ev.reason, "第五批专精特新\"小巨人\"企业");
	snprintf(ev.doc_no, sizeof ev.doc_no, "工信部企业函〔2023〕181号");
	snprintf(ev.actor, sizeof ev.actor, "city_admin");
	ev.id = -7;
	is_int(store_tier_add(s, &ev, NULL), APP_OK, "full event");
	ok(ev.id > 0, "id assigned");
	ok(strlen(ev.recorded_at) == 19 && ev.recorded_at[4] == '-' && ev.recorded_at[10] == ' ',
	   "recorded_at assigned as YYYY-MM-DD HH:MM:SS (%s)", ev.recorded_at);
	memset(&h, 0, sizeof h);
	store_tier_history(s, ev.uscc, history_cb, &h, NULL);
	ok(h.n == 1, "one event");
	const struct tier_event *g = &h.ev[0];
	ok(g->id == ev.id && strcmp(g->uscc, ev.uscc) == 0 && g->tier == ev.tier &&
	       g->status == ev.status && strcmp(g->since, ev.since) == 0 &&
	       strcmp(g->until, ev.until) == 0 && strcmp(g->reason, ev.reason) == 0 &&
	       strcmp(g->doc_no, ev.doc_no) == 0 && strcmp(g->actor, ev.actor) == 0 &&
	       strcmp(g->recorded_at, ev.recorded_at) == 0,
	   "every field of the event round-trips");

	memset(&h, 0, sizeof h);
	uscc_of(6, u);
	is_int(store_tier_history(s, u, history_cb, &h, NULL), APP_OK, "firm without events");
	is_int(h.n, 0, "no events");
	is_int(store_tier_history(s, "915000000000000099", history_cb, &h, NULL), APP_ENOTFOUND,
	       "history of an unknown firm");
}

static void test_tier_errors(struct store *s)
{
	struct app_err e = {0};
	is_int(add_tier(s, 99, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", &e), APP_ENOTFOUND,
	       "event for an unknown firm");
	ok(strstr(e.msg, "915000000000000099") != NULL, "message names the firm");
	is_int(add_tier(s, 6, TIER_NONE, TS_RECOGNIZED, "2023-01-01", "", NULL), APP_EINVAL,
	       "tier NONE refused");
	is_int(add_tier(s, 6, TIER_COUNT, TS_RECOGNIZED, "2023-01-01", "", NULL), APP_EINVAL,
	       "tier TIER_COUNT refused");
	is_int(add_tier(s, 6, TIER_SRDI, TS_NONE, "2023-01-01", "", NULL), APP_EINVAL,
	       "status NONE refused");
	is_int(add_tier(s, 6, TIER_SRDI, TS_COUNT, "2023-01-01", "", NULL), APP_EINVAL,
	       "status TS_COUNT refused");
	is_int(add_tier(s, 6, TIER_SRDI, TS_RECOGNIZED, "", "", NULL), APP_EINVAL,
	       "empty since refused");
	is_int(add_tier(s, 6, TIER_SRDI, TS_RECOGNIZED, "2023-02-30", "", NULL), APP_EINVAL,
	       "impossible since refused");
	is_int(add_tier(s, 6, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "2026/01/01", NULL),
	       APP_EINVAL, "non-canonical until refused");
	is_str(current(s, 6), "none ", "refused events changed nothing");
}

static void test_tier(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	bool good = true;
	for (int n = 1; n <= 6; n++)
		good = good && put(s, n, "企业", "500112", "", "C3562", "") == APP_OK;
	if (ok(good, "six firms")) {
		test_tier_recompute(s);
		test_tier_history(s);
		test_tier_errors(s);
	}
	store_close(s);
out:
	free(url);
}

/* ---- transactions ---- */

static bool exists(struct store *s, int n)
{
	struct enterprise e;
	char u[19];
	uscc_of(n, u);
	return store_enterprise_get(s, u, &e, NULL) == APP_OK;
}

static void test_tx(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	struct app_err e = {0};
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	is_int(store_commit(s, &e), APP_EINTERNAL, "commit outside a transaction");
	is_int(store_rollback(s, &e), APP_EINTERNAL, "rollback outside a transaction");

	is_int(store_begin(s, &e), APP_OK, "begin");
	is_int(store_begin(s, &e), APP_EINTERNAL, "begin twice is an error");
	is_int(store_migrate(s, &e), APP_EINTERNAL, "migrate inside a transaction refused");
	is_int(store_backup(s, "/tmp/never-written.sqlite", &e), APP_ECONFLICT,
	       "backup inside a transaction refused");
	put(s, 1, "回滚", "500112", "", "C3562", "");
	ok(exists(s, 1), "visible inside the transaction");
	is_int(store_rollback(s, &e), APP_OK, "rollback");
	ok(!exists(s, 1), "rollback leaves nothing");
	is_int(store_rollback(s, &e), APP_EINTERNAL, "no transaction after rollback");

	/* A failed write inside a transaction does not end it. */
	struct annual a;
	memset(&a, 0, sizeof a);
	a.year = 2023;
	store_begin(s, &e);
	put(s, 1, "提交", "500112", "", "C3562", "");
	uscc_of(98, a.uscc);
	is_int(store_annual_put(s, &a, 0, &e), APP_ENOTFOUND, "failed write inside");
	is_int(add_tier(s, 98, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", &e), APP_ENOTFOUND,
	       "failed tier event inside");
	uscc_of(1, a.uscc);
	is_int(store_annual_put(s, &a, 0, &e), APP_OK, "good write after it");
	is_int(add_tier(s, 1, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", &e), APP_OK,
	       "tier event inside");
	is_int(store_commit(s, &e), APP_OK, "commit");
	is_int(store_commit(s, &e), APP_EINTERNAL, "no transaction after commit");
	struct annual g;
	ok(exists(s, 1) && store_annual_get(s, a.uscc, 2023, &g, NULL) == APP_OK,
	   "committed writes are there");
	is_str(current(s, 1), "srdi ", "committed tier");

	/* A tier event rolled back takes the current tier with it. */
	store_begin(s, &e);
	add_tier(s, 1, TIER_CHAMPION, TS_RECOGNIZED, "2024-01-01", "", &e);
	is_str(current(s, 1), "champion ", "champion inside the transaction");
	store_rollback(s, &e);
	is_str(current(s, 1), "srdi ", "rolled back: srdi again");
	struct history h = {0};
	store_tier_history(s, a.uscc, history_cb, &h, NULL);
	is_int(h.n, 1, "and the event is gone");

	/* Closing with an open transaction rolls it back. */
	store_begin(s, &e);
	put(s, 2, "未提交", "500112", "", "C3562", "");
	store_close(s);
	s = NULL;
	if (b->persistent) {
		s = open_url(url, 0);
		ok(s && !exists(s, 2) && exists(s, 1), "close rolled back the open transaction");
		store_close(s);
	}
out:
	free(url);
}

/* ---- nested calls from callbacks ---- */

struct nest {
	struct store *s;
	int outer, inner, gets;
	bool fail;
};

static int nest_inner_cb(void *ctx, const struct enterprise *e)
{
	struct nest *n = ctx;
	(void)e;
	n->inner++;
	return 0;
}

static int nest_outer_cb(void *ctx, const struct enterprise *e)
{
	struct nest *n = ctx;
	struct enterprise g;
	struct store_filter f = {.district = "500112"};
	n->outer++;
	if (store_enterprise_get(n->s, e->uscc, &g, NULL) == APP_OK && strcmp(g.uscc, e->uscc) == 0)
		n->gets++;
	/* the same query shape as the outer one */
	if (store_enterprise_list(n->s, &f, nest_inner_cb, n, NULL, NULL) != APP_OK)
		n->fail = true;
	return 0;
}

static void test_nested(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	put(s, 1, "一", "500112", "", "C3562", "");
	put(s, 2, "二", "500112", "", "C3562", "");
	put(s, 3, "三", "500105", "", "C3562", "");
	struct nest n = {.s = s};
	struct store_filter f = {.district = "500112"};
	is_int(store_enterprise_list(s, &f, nest_outer_cb, &n, NULL, NULL), APP_OK,
	       "list whose callback lists again");
	ok(n.outer == 2 && n.inner == 4 && n.gets == 2 && !n.fail,
	   "outer 2 rows, inner 2x2 rows, 2 lookups (got %d, %d, %d)", n.outer, n.inner, n.gets);
	/* and the cached statements still work afterwards */
	long total = 0;
	enum app_status st;
	is_str(list_order(s, &f, &total, &st), "1,2", "same shape afterwards");
	store_close(s);
out:
	free(url);
}

/* ---- backup and check ---- */

/* Everything readable through store.h, as text. */
static int dump_ent_cb(void *ctx, const struct enterprise *e)
{
	buf_printf(ctx, "E %s|%s|%s|%s|%s|%d|%s|%d|%s|%s|%d|%s\n", e->uscc, e->name, e->district,
	           e->zone, e->industry, e->emerging, e->founded, e->niche_since, e->contact,
	           e->phone, (int)e->tier, e->tier_until);
	return 0;
}

static int dump_annual_cb(void *ctx, const struct annual *a)
{
	buf_printf(ctx, "A %s %d %llx", a->uscc, a->year, (unsigned long long)a->has);
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		if (annual_has(a, (enum annual_key)k))
			buf_printf(ctx, " %d=%lld", k, (long long)a->v[k]);
	buf_puts(ctx, "\n");
	return 0;
}

static int dump_tier_cb(void *ctx, const struct tier_event *ev)
{
	buf_printf(ctx, "T %ld %s %d %d %s %s %s %s %s %s\n", ev->id, ev->uscc, (int)ev->tier,
	           (int)ev->status, ev->since, ev->until, ev->reason, ev->doc_no, ev->actor,
	           ev->recorded_at);
	return 0;
}

static int dump_hist_cb(void *ctx, const struct enterprise *e)
{
	struct {
		struct store *s;
		struct buf *b;
	} *d = ctx;
	store_tier_history(d->s, e->uscc, dump_tier_cb, d->b, NULL);
	return 0;
}

static void dump(struct store *s, struct buf *b)
{
	struct {
		struct store *s;
		struct buf *b;
	} d = {s, b};
	buf_printf(b, "V %d\n", store_schema_version(s));
	store_enterprise_list(s, NULL, dump_ent_cb, b, NULL, NULL);
	store_annual_list(s, NULL, 0, dump_annual_cb, b, NULL);
	store_enterprise_list(s, NULL, dump_hist_cb, &d, NULL, NULL);
}

static void test_backup(const struct backend *b)
{
	char *url = fresh_url(b), path[256], path2[256];
	struct store *s = open_url(url, 0), *c = NULL;
	struct buf d1, d2;
	struct app_err e = {0};
	buf_init(&d1, 1 << 20);
	buf_init(&d2, 1 << 20);
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	ok(seed_list(s), "seed");
	struct annual a;
	memset(&a, 0, sizeof a);
	uscc_of(3, a.uscc);
	a.year = 2024;
	annual_set(&a, AK_REVENUE, 42);
	store_annual_put(s, &a, ALL_COLS, NULL);
	is_int(store_check(s, &e), APP_OK, "check passes on a populated database");

	snprintf(path, sizeof path, "%s/backup%d.sqlite", tmpdir, ++db_seq);
	is_int(store_backup(s, path, &e), APP_OK, "backup");
	if (e.msg[0])
		diag("%s", e.msg);
	struct stat sb;
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0077) == 0, "backup file is private (0600)");
	c = open_url(path, STORE_READONLY);
	if (ok(c != NULL, "backup opens")) {
		dump(s, &d1);
		dump(c, &d2);
		ok(d1.len > 1000 && strstr(d1.p, "T ") && strstr(d1.p, "A "),
		   "dump is not trivial (%zu bytes)", d1.len);
		ok(strcmp(buf_cstr(&d1), buf_cstr(&d2)) == 0, "backup has the same content");
		is_int(store_check(c, &e), APP_OK, "backup passes check");
		store_close(c);
	}
	is_int(store_backup(s, path, &e), APP_ECONFLICT, "backup over an existing file refused");
	ok(stat(path, &sb) == 0 && sb.st_size > 0, "existing file untouched");
	snprintf(path2, sizeof path2, "%s/no-such-dir/backup.sqlite", tmpdir);
	is_int(store_backup(s, path2, &e), APP_EIO, "backup into a missing directory");
	ok(stat(path2, &sb) != 0, "and nothing left there");
	store_close(s);
out:
	buf_free(&d1);
	buf_free(&d2);
	free(url);
}

/* ---- persistence: reopening, flags, two handles (file backends) ---- */

static void test_reopen(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, STORE_NO_MIGRATE), *r = NULL, *w = NULL;
	struct app_err e = {0};
	if (!ok(s != NULL, "[%s] open without migrating", b->label))
		goto out;
	is_int(store_schema_version(s), 0, "fresh database without migration: version 0");
	is_int(store_migrate(s, &e), APP_OK, "migrate");
	is_int(store_schema_version(s), LATEST, "now the latest version");
	put(s, 1, "持久", "500112", "", "C3562", "");
	store_close(s);

	s = open_url(url, 0);
	ok(s && store_schema_version(s) == LATEST && exists(s, 1),
	   "reopened: latest version, data kept");
	store_close(s);

	/* Read-only. */
	r = open_url(url, STORE_READONLY);
	if (ok(r != NULL, "read-only open")) {
		ok(exists(r, 1), "read-only reads");
		is_int(put(r, 2, "写", "500112", "", "C3562", ""), APP_EDB,
		       "read-only refuses writes");
		is_int(store_migrate(r, &e), APP_EPERM, "read-only refuses migrate");
		store_close(r);
	}
	char missing[256];
	snprintf(missing, sizeof missing, "%s/missing.sqlite", tmpdir);
	ok(store_open(missing, STORE_READONLY, &r, &e) != APP_OK,
	   "read-only open of a missing file");
	ok(access(missing, F_OK) != 0, "does not create it");

	/* Two handles: the writer's transaction is invisible until commit. */
	w = open_url(url, 0);
	r = open_url(url, 0);
	if (ok(w && r, "two handles")) {
		long total = -1;
		enum app_status st;
		store_begin(w, &e);
		put(w, 3, "并发", "500112", "", "C3562", "");
		ok(!exists(r, 3), "uncommitted row invisible to the other handle");
		list_order(r, NULL, &total, &st);
		is_int(total, 1, "other handle still counts 1");
		store_commit(w, &e);
		ok(exists(r, 3), "visible after commit");
	}
	store_close(w);
	store_close(r);
out:
	free(url);
}

/* ---- WHITE-BOX: the SQLite file itself ---- */

static sqlite3 *raw_open(const char *url)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(url_path(url), &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	return db;
}

static char *raw_text(sqlite3 *db, const char *sql)
{
	static char out[2048];
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		size_t n = 0;
		while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 1) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				n += (size_t)snprintf(out + n, sizeof out - n, "%s%s",
				                      n ? (i ? "|" : ",") : "",
				                      t ? (const char *)t : "NULL");
				if (n >= sizeof out)
					n = sizeof out - 1;
			}
		}
	}
	sqlite3_finalize(st);
	return out;
}

static void test_whitebox(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	struct app_err e = {0};
	sqlite3 *db = NULL;
	if (!ok(s != NULL, "[%s] white-box open", b->label))
		goto out;
	put(s, 1, "一", "500112", "", "C3562", "");
	add_tier(s, 1, TIER_SRDI, TS_RECOGNIZED, "2023-01-01", "", NULL);
	db = raw_open(url);
	if (!ok(db != NULL, "raw open"))
		goto close;

	is_str(raw_text(db, "PRAGMA journal_mode"), "wal", "file is in WAL mode");
	char *m = raw_text(
	    db,
	    "SELECT version, name, length(applied_at) FROM schema_migrations WHERE version = 1");
	is_str(m, "1|0001_init|19", "schema_migrations records version 1 once");

	/* annual columns are named exactly as the keys */
	struct buf want;
	buf_init(&want, 4096);
	buf_puts(&want, "uscc,year");
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++)
		buf_printf(&want, ",%s", annual_indicators[k].key);
	buf_puts(&want, ",updated_at");
	is_str(raw_text(db, "SELECT name FROM pragma_table_info('annual')"), buf_cstr(&want),
	       "annual columns are the annual keys");
	buf_free(&want);
	is_str(raw_text(db, "SELECT tier, status FROM tier_events"), "srdi|recognized",
	       "tier and status stored as their keys");
	is_str(raw_text(db, "SELECT tier, quote(zone), quote(founded) FROM enterprises"),
	       "srdi|NULL|NULL", "current tier key kept; empty optionals are NULL");

	/* append-only */
	int rc = sqlite3_exec(db, "UPDATE tier_events SET reason = 'x'", NULL, NULL, NULL);
	ok(rc != SQLITE_OK && strstr(sqlite3_errmsg(db), "append-only"), "UPDATE refused: %s",
	   sqlite3_errmsg(db));
	rc = sqlite3_exec(db, "DELETE FROM tier_events", NULL, NULL, NULL);
	ok(rc != SQLITE_OK && strstr(sqlite3_errmsg(db), "append-only"), "DELETE refused: %s",
	   sqlite3_errmsg(db));
	is_str(raw_text(db, "SELECT count(*), quote(reason) FROM tier_events"), "1|NULL",
	       "the event is intact");

	/* a broken foreign key is found by check */
	sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	rc = sqlite3_exec(db,
	                  "INSERT INTO annual (uscc, year, updated_at) "
	                  "VALUES ('915000000000000077', 2023, '2024-01-01 00:00:00')",
	                  NULL, NULL, NULL);
	is_int(rc, SQLITE_OK, "orphan annual row planted");
	app_err_clear(&e);
	is_int(store_check(s, &e), APP_EDB, "check finds the orphan");
	ok(strstr(e.msg, "annual") != NULL, "message names the table: %s", e.msg);
	sqlite3_exec(db, "DELETE FROM annual", NULL, NULL, NULL);
	is_int(store_check(s, &e), APP_OK, "check passes again");

	/* store_begin takes the write lock at once: another writer is turned
	 * away (busy timeout 0 here) until the transaction ends */
	sqlite3_busy_timeout(db, 0);
	is_int(store_begin(s, &e), APP_OK, "begin");
	is_int(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_BUSY,
	       "another writer is locked out by begin, before any write");
	store_rollback(s, &e);
	is_int(sqlite3_exec(db, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL), SQLITE_OK,
	       "and gets the lock after rollback");
	sqlite3_busy_timeout(db, 2000);

	/* a schema newer than this program is refused */
	store_close(s);
	s = NULL;
	sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, '9999_future', 'x')", NULL,
	             NULL, NULL);
	is_int(store_open(url, 0, &s, &e), APP_ENOTSUP, "newer schema refused");
	is_int(store_open(url, STORE_READONLY, &s, &e), APP_ENOTSUP, "also read-only");
	ok(s == NULL, "no handle");
	sqlite3_exec(db, "DELETE FROM schema_migrations WHERE version = 9999", NULL, NULL, NULL);
	s = open_url(url, 0);
	ok(s != NULL && store_schema_version(s) == LATEST, "opens again without it");
	char want_n[16];
	snprintf(want_n, sizeof want_n, "%d", migration_count());
	is_str(raw_text(db, "SELECT count(*) FROM schema_migrations"), want_n,
	       "reopen did not re-apply");
close:
	sqlite3_close(db);
	store_close(s);
out:
	free(url);
}

/* ---- a writer killed mid-transaction ---- */

static void test_kill(const struct backend *b)
{
	char *url = fresh_url(b);
	struct store *s = open_url(url, 0);
	struct app_err e = {0};
	if (!ok(s != NULL, "[%s] open", b->label))
		goto out;
	put(s, 1, "原有企业", "500112", "", "C3562", "");
	store_close(s);
	s = NULL;

	char wal[300];
	struct stat sb;
	snprintf(wal, sizeof wal, "%s-wal", url_path(url));
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		/* 10k rows, then on until uncommitted pages have spilled from the
		 * page cache into the WAL (checked every 1000 rows, at most 200k
		 * rows), so that recovery has uncommitted frames to ignore. */
		struct store *c = NULL;
		struct enterprise en;
		char name[MAX_NAME_BYTES + 1] = "";
		for (int i = 0; i < 90; i++) /* 90 characters, 270 bytes */
			strncat(name, "企", sizeof name - strlen(name) - 1);
		if (store_open(url, 0, &c, NULL) != APP_OK || store_begin(c, NULL) != APP_OK)
			_exit(3);
		put(c, 1, "改名", "500112", "", "C3562", ""); /* an update too */
		for (unsigned i = 0; i < 200000; i++) {
			mkent(&en, 1, name, "500105", "", "C3511", "2020-01-01");
			snprintf(en.uscc, sizeof en.uscc, "91500000%010u", 1000 + i);
			if (store_enterprise_put(c, &en, NULL, NULL) != APP_OK)
				_exit(4);
			if (i >= 10000 && i % 1000 == 0 && stat(wal, &sb) == 0 && sb.st_size > 0)
				break;
		}
		raise(SIGKILL);
		_exit(5);
	}
	int status = 0;
	ok(pid > 0 && waitpid(pid, &status, 0) == pid, "child ran");
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child died by SIGKILL (status %#x)",
	   status);
	long long wal_size = stat(wal, &sb) == 0 ? (long long)sb.st_size : -1;
	ok(wal_size > 0, "uncommitted pages were in the WAL at the kill (%lld bytes)", wal_size);

	s = open_url(url, 0);
	if (ok(s != NULL, "reopen after the kill")) {
		long total = -1;
		enum app_status st;
		is_str(list_order(s, NULL, &total, &st), "1", "nothing of the killed writer");
		is_int(total, 1, "one firm, as before");
		struct enterprise g;
		char u[19];
		uscc_of(1, u);
		store_enterprise_get(s, u, &g, NULL);
		is_str(g.name, "原有企业", "the update was not applied");
		is_int(store_check(s, &e), APP_OK, "integrity and foreign keys ok");
		store_close(s);
	}
out:
	free(url);
}

/* ---- driver ---- */

static void run_suite(const struct backend *b)
{
	diag("backend %s", b->label);
	test_migrate(b);
	test_enterprise_put_get(b);
	test_list(b);
	test_counts(b);
	test_annual(b);
	test_tier(b);
	test_tx(b);
	test_nested(b);
	test_backup(b);
	if (b->persistent) {
		test_reopen(b);
		test_kill(b);
	}
	if (b->sqlite_file)
		test_whitebox(b);
}

static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char p[512];
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", tmpdir, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_urls();
	const struct backend file = {"sqlite file", NULL, "sqlite", true, true};
	const struct backend mem = {"sqlite :memory:", ":memory:", "sqlite", false, false};
	run_suite(&file);
	run_suite(&mem);
	const char *pg = getenv("ZJTX_TEST_PG");
	if (pg && *pg) {
		const struct backend pgb = {"postgresql", pg, "postgresql", true, false};
		run_suite(&pgb);
	} else {
		diag("ZJTX_TEST_PG not set: PostgreSQL backend skipped");
	}
	remove_tmpdir();
	return test_done();
}
