/* store.c - opens the backend a URL names, dispatches every store_*
 * function to it, and holds the checks and helpers every backend shares
 * (store_int.h). */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/str.h"

/* ---- opening ---- */

/* URL schemes, longest match first within a family. A NULL ops means the
 * scheme is known but its backend is not built in. */
static const struct {
	const char *prefix;
	bool strip; /* hand the backend the text after the prefix */
	const struct store_ops *ops;
	const char *name;
} schemes[] = {
    {"sqlite:", true, &store_sqlite_ops, "sqlite"},
    {"postgresql://", false, NULL, "postgresql"},
    {"postgres://", false, NULL, "postgresql"},
};

enum app_status store_open(const char *url, int flags, struct store **out, struct app_err *err)
{
	if (out)
		*out = NULL;
	if (!url || !out || !*url)
		return app_err_set(err, APP_EINVAL, "数据库地址为空");
	if (strlen(url) > MAX_STORE_URL)
		return app_err_set(err, APP_ETOOLARGE, "数据库地址超过 %d 字节", MAX_STORE_URL);
	if (flags & ~(STORE_NO_MIGRATE | STORE_READONLY))
		return app_err_set(err, APP_EINVAL, "store_open: 未知标志 %#x", (unsigned)flags);

	const struct store_ops *ops = &store_sqlite_ops;
	const char *target = url;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		size_t n = strlen(schemes[i].prefix);
		if (strncmp(url, schemes[i].prefix, n) != 0)
			continue;
		if (!schemes[i].ops)
			/* The URL may carry a password: do not repeat it. */
			return app_err_set(err, APP_ENOTSUP,
			                   "本版本不支持 %s 存储(只支持 SQLite);请使用文件路径或 "
			                   "sqlite:路径",
			                   schemes[i].name);
		ops = schemes[i].ops;
		target = schemes[i].strip ? url + n : url;
		goto found;
	}
	if (strstr(url, "://"))
		return app_err_set(err, APP_EINVAL,
		                   "不支持的数据库地址类型;应为文件路径、sqlite:路径 或 "
		                   "postgresql://...");
found:
	if (!*target)
		return app_err_set(err, APP_EINVAL, "数据库地址 \"%s\" 未给出文件路径", url);
	enum app_status st = ops->open(target, flags, out, err);
	if (st == APP_OK) {
		APP_ASSERT(*out && (*out)->ops == ops);
		(*out)->backend = ops->name;
		(*out)->flags = flags;
		(*out)->in_tx = false;
	}
	return st;
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_backend(const struct store *s)
{
	return s ? s->backend : "";
}

/* ---- dispatch ---- */

/* Refuses a NULL handle or required argument. */
#define NEED STORE_NEED

enum app_status store_migrate(struct store *s, struct app_err *err)
{
	NEED(s, "store");
	if (s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "不能在事务中执行数据库迁移");
	if (s->flags & STORE_READONLY)
		return app_err_set(err, APP_EPERM, "只读打开的数据库不能迁移");
	return s->ops->migrate(s, err);
}

int store_schema_version(struct store *s)
{
	return s ? s->ops->schema_version(s) : -1;
}

enum app_status store_begin(struct store *s, struct app_err *err)
{
	NEED(s, "store");
	if (s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "事务不支持嵌套:已在事务中");
	return s->ops->begin(s, err);
}

enum app_status store_commit(struct store *s, struct app_err *err)
{
	NEED(s, "store");
	if (!s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "提交失败:当前不在事务中");
	return s->ops->commit(s, err);
}

enum app_status store_rollback(struct store *s, struct app_err *err)
{
	NEED(s, "store");
	if (!s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "回滚失败:当前不在事务中");
	return s->ops->rollback(s, err);
}

enum app_status store_enterprise_put(struct store *s, const struct enterprise *e, bool *created,
                                     struct app_err *err)
{
	NEED(s && e, "enterprise");
	enum app_status st = store_check_enterprise(e, err);
	if (st != APP_OK)
		return st;
	return s->ops->enterprise_put(s, e, created, err);
}

enum app_status store_enterprise_get(struct store *s, const char *uscc, struct enterprise *out,
                                     struct app_err *err)
{
	NEED(s && uscc && out, "uscc/out");
	return s->ops->enterprise_get(s, uscc, out, err);
}

enum app_status store_enterprise_list(struct store *s, const struct store_filter *f,
                                      store_enterprise_cb cb, void *ctx, long *total,
                                      struct app_err *err)
{
	NEED(s && cb, "callback");
	return s->ops->enterprise_list(s, f, cb, ctx, total, err);
}

enum app_status store_enterprise_counts(struct store *s, const struct store_filter *f,
                                        store_count_cb cb, void *ctx, struct app_err *err)
{
	NEED(s && cb, "callback");
	return s->ops->enterprise_counts(s, f, cb, ctx, err);
}

enum app_status store_annual_put(struct store *s, const struct annual *a, uint64_t cols,
                                 struct app_err *err)
{
	NEED(s && a, "annual");
	enum app_status st = store_check_annual(a, cols, err);
	if (st != APP_OK)
		return st;
	return s->ops->annual_put(s, a, cols, err);
}

enum app_status store_annual_get(struct store *s, const char *uscc, int year, struct annual *out,
                                 struct app_err *err)
{
	NEED(s && uscc && out, "uscc/out");
	return s->ops->annual_get(s, uscc, year, out, err);
}

enum app_status store_annual_list(struct store *s, const struct store_filter *f, int year,
                                  store_annual_cb cb, void *ctx, struct app_err *err)
{
	NEED(s && cb, "callback");
	return s->ops->annual_list(s, f, year, cb, ctx, err);
}

enum app_status store_tier_add(struct store *s, struct tier_event *ev, struct app_err *err)
{
	NEED(s && ev, "event");
	enum app_status st = store_check_tier_event(ev, err);
	if (st != APP_OK)
		return st;
	return s->ops->tier_add(s, ev, err);
}

enum app_status store_tier_history(struct store *s, const char *uscc, store_tier_cb cb, void *ctx,
                                   struct app_err *err)
{
	NEED(s && uscc && cb, "uscc/callback");
	return s->ops->tier_history(s, uscc, cb, ctx, err);
}

bool store_in_transaction(const struct store *s)
{
	return s && s->in_tx;
}

enum app_status store_backup(struct store *s, const char *path, struct app_err *err)
{
	NEED(s && path && *path, "path");
	if (s->in_tx)
		return app_err_set(err, APP_ECONFLICT, "事务进行中不能备份(备份只含已提交的数据)");
	return s->ops->backup(s, path, err);
}

enum app_status store_check(struct store *s, struct app_err *err)
{
	NEED(s, "store");
	return s->ops->check(s, err);
}

/* ---- filters ---- */

static const char *const sort_keys[STORE_SORT_COUNT] = {
    [STORE_SORT_USCC] = "uscc",         [STORE_SORT_NAME] = "name",
    [STORE_SORT_DISTRICT] = "district", [STORE_SORT_INDUSTRY] = "industry",
    [STORE_SORT_TIER] = "tier",         [STORE_SORT_FOUNDED] = "founded",
};

/* Copies src into a LIKE pattern: pre, then src with %, _ and the escape
 * character escaped (upper-cased if upper), then "%". dst has room for
 * 2 * MAX_FILTER_TEXT + 3 bytes, which the caller has checked src fits. */
static void like_pattern(char *dst, const char *pre, const char *src, bool upper)
{
	size_t o = 0;
	for (; *pre; pre++)
		dst[o++] = *pre;
	for (; *src; src++) {
		char c = *src;
		if (c == '%' || c == '_' || c == STORE_LIKE_ESCAPE)
			dst[o++] = STORE_LIKE_ESCAPE;
		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		dst[o++] = c;
	}
	dst[o++] = '%';
	dst[o] = '\0';
}

/* Returns s if it is a non-empty filter text, NULL if absent; sets *st to
 * APP_ETOOLARGE if it is too long. */
static const char *filter_text(const char *s, const char *field, enum app_status *st,
                               struct app_err *err)
{
	if (!s || !*s)
		return NULL;
	if (strlen(s) > MAX_FILTER_TEXT) {
		*st = app_err_set(err, APP_ETOOLARGE, "筛选条件 %s 超过 %d 字节", field,
		                  MAX_FILTER_TEXT);
		app_err_field(err, field);
	}
	return s;
}

enum app_status store_query_from_filter(const struct store_filter *f, struct store_query *q,
                                        struct app_err *err)
{
	static const struct store_filter none;
	enum app_status st = APP_OK;
	memset(q, 0, sizeof *q);
	if (!f)
		f = &none;
	q->district = filter_text(f->district, "district", &st, err);
	const char *industry = filter_text(f->industry, "industry", &st, err);
	const char *text = filter_text(f->q, "q", &st, err);
	q->uscc = filter_text(f->uscc, "uscc", &st, err);
	q->scope = filter_text(f->scope_district, "scope_district", &st, err);
	if (st != APP_OK)
		return st;

	q->sort = STORE_SORT_USCC;
	if (f->sort && *f->sort) {
		int k = 0;
		while (k < STORE_SORT_COUNT && strcmp(f->sort, sort_keys[k]) != 0)
			k++;
		if (k == STORE_SORT_COUNT) {
			app_err_field(err, "sort");
			return app_err_set(err, APP_EINVAL,
			                   "不支持按 \"%.64s\" 排序;可用: uscc, name, district, "
			                   "industry, tier, founded",
			                   f->sort);
		}
		q->sort = (enum store_sort)k;
	}
	if (f->tier < -1 || f->tier >= TIER_COUNT) {
		app_err_field(err, "tier");
		return app_err_set(err, APP_EINVAL, "梯度筛选值 %d 无效(应为 -1 到 %d)", f->tier,
		                   TIER_COUNT - 1);
	}
	if (f->limit < 0 || f->offset < 0) {
		app_err_field(err, f->limit < 0 ? "limit" : "offset");
		return app_err_set(err, APP_EINVAL, "分页参数不能为负数");
	}
	q->desc = f->desc;
	q->limit = f->limit ? f->limit : -1;
	q->offset = f->offset;

	if (q->district)
		q->mask |= STORE_F_DISTRICT;
	if (industry) {
		q->mask |= STORE_F_INDUSTRY;
		like_pattern(q->industry_like, "", industry, false);
	}
	if (f->tier > 0) {
		q->mask |= STORE_F_TIER;
		q->tier_key = tier_key((enum tier)f->tier);
	} else if (f->tier == -1) {
		q->mask |= STORE_F_NO_TIER;
	}
	if (text) {
		q->mask |= STORE_F_Q;
		like_pattern(q->q_name_like, "%", text, false);
		like_pattern(q->q_uscc_like, "", text, true);
	}
	if (q->uscc)
		q->mask |= STORE_F_USCC;
	if (q->scope)
		q->mask |= STORE_F_SCOPE;
	return APP_OK;
}

/* ---- current tier ---- */

void store_tier_fold_init(struct store_tier_fold *f)
{
	memset(f, 0, sizeof *f);
}

void store_tier_fold_add(struct store_tier_fold *f, enum tier t, enum tier_status st,
                         const char *until)
{
	if ((unsigned)t >= TIER_COUNT || t == TIER_NONE)
		return;
	f->latest[t] = st;
	str_copy(f->until[t], sizeof f->until[t], until ? until : "", until ? strlen(until) : 0);
}

enum tier store_tier_fold_current(const struct store_tier_fold *f, const char **until)
{
	for (int t = TIER_COUNT - 1; t > TIER_NONE; t--)
		if (tier_status_holds(f->latest[t])) {
			*until = f->until[t];
			return (enum tier)t;
		}
	*until = "";
	return TIER_NONE;
}

enum tier store_tier_from_key(const char *key)
{
	for (int t = TIER_NONE + 1; key && *key && t < TIER_COUNT; t++)
		if (strcmp(key, tier_key((enum tier)t)) == 0)
			return (enum tier)t;
	return TIER_NONE;
}

enum tier_status store_status_from_key(const char *key)
{
	for (int t = TS_NONE + 1; key && *key && t < TS_COUNT; t++)
		if (strcmp(key, tier_status_key((enum tier_status)t)) == 0)
			return (enum tier_status)t;
	return TS_NONE;
}

/* ---- shape checks ---- */

static bool is_date(const char *s)
{
	char canon[11];
	return strlen(s) == 10 && str_to_date(strv_from(s), canon) && strcmp(canon, s) == 0;
}

static enum app_status bad(struct app_err *err, const char *field, const char *msg)
{
	app_err_field(err, field);
	return app_err_set(err, APP_EINVAL, "%s", msg);
}

enum app_status store_check_enterprise(const struct enterprise *e, struct app_err *err)
{
	if (strnlen(e->uscc, sizeof e->uscc) != USCC_LEN)
		return bad(err, "uscc", "统一社会信用代码应为 18 位");
	if (!e->name[0])
		return bad(err, "name", "企业名称不能为空");
	if (!e->district[0])
		return bad(err, "district", "所属区县不能为空");
	if (!e->industry[0])
		return bad(err, "industry", "国民经济行业代码不能为空");
	if (e->emerging < 0 || e->emerging > 9)
		return bad(err, "emerging", "战略性新兴产业类别应为 1-9");
	if (e->founded[0] && !is_date(e->founded))
		return bad(err, "founded", "成立日期应为 YYYY-MM-DD");
	return APP_OK;
}

enum app_status store_check_annual(const struct annual *a, uint64_t cols, struct app_err *err)
{
	if (strnlen(a->uscc, sizeof a->uscc) != USCC_LEN)
		return bad(err, "uscc", "统一社会信用代码应为 18 位");
	if (a->year < 1900 || a->year > 2999)
		return bad(err, "year", "年度应在 1900-2999 之间");
	if (cols >> ANNUAL_KEY_COUNT)
		return app_err_set(err, APP_EINVAL, "年度数据列掩码含未知列 (%#llx)",
		                   (unsigned long long)cols);
	return APP_OK;
}

enum app_status store_check_tier_event(const struct tier_event *ev, struct app_err *err)
{
	if (strnlen(ev->uscc, sizeof ev->uscc) != USCC_LEN)
		return bad(err, "uscc", "统一社会信用代码应为 18 位");
	if (ev->tier <= TIER_NONE || ev->tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (ev->status <= TS_NONE || ev->status >= TS_COUNT)
		return bad(err, "status", "梯度状态无效");
	if (!is_date(ev->since))
		return bad(err, "since", "起始日期应为 YYYY-MM-DD");
	if (ev->until[0] && !is_date(ev->until))
		return bad(err, "until", "有效期至应为 YYYY-MM-DD 或留空");
	return APP_OK;
}

void store_now(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---- migrations ---- */

static int migration_cmp(const void *a, const void *b)
{
	const struct store_migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

enum app_status store_migrations(const char *dir, struct store_migration **out, size_t *n,
                                 struct app_err *err)
{
	size_t dl = strlen(dir), cap = 0, cnt = 0;
	struct store_migration *v = NULL;
	enum app_status st = APP_OK;
	for (size_t i = 0; i < embed_count; i++) {
		const char *name = embed_files[i].name;
		if (strncmp(name, dir, dl) != 0 || strchr(name + dl, '/'))
			continue;
		const char *base = name + dl, *us = strchr(base, '_');
		size_t bl = strlen(base);
		long ver = 0;
		if (bl < 5 || strcmp(base + bl - 4, ".sql") != 0 || !us || bl - 4 >= 64 ||
		    !str_to_int_range((struct strv){base, (size_t)(us - base)}, 1, 9999, &ver)) {
			st = app_err_set(err, APP_EINTERNAL, "迁移文件名 %s 应为 NNNN_名称.sql",
			                 name);
			goto out;
		}
		xgrow((void **)&v, &cap, cnt + 1, sizeof *v);
		v[cnt].version = (int)ver;
		snprintf(v[cnt].name, sizeof v[cnt].name, "%.*s", (int)(bl - 4), base);
		v[cnt].file = &embed_files[i];
		cnt++;
	}
	if (cnt)
		qsort(v, cnt, sizeof *v, migration_cmp);
	for (size_t i = 1; i < cnt; i++)
		if (v[i].version == v[i - 1].version) {
			st = app_err_set(err, APP_EINTERNAL, "迁移版本 %d 重复: %s 与 %s",
			                 v[i].version, v[i - 1].name, v[i].name);
			goto out;
		}
out:
	if (st != APP_OK) {
		free(v);
		v = NULL;
		cnt = 0;
	}
	*out = v;
	*n = cnt;
	return st;
}
