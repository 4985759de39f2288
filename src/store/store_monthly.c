/* store_monthly.c - the public monthly-monitoring operations: argument
 * checks, then the backend's table (store_int.h: struct store_monthly_ops). */
#include "store/store_monthly.h"

#include <string.h>

#include "store/store_int.h"

/* A period the database can hold (YYYYMM with a year 1990..2999). */
static bool period_ok(int p)
{
	return p >= monthly_period(MONTHLY_MIN_YEAR, 1) &&
	       p <= monthly_period(MONTHLY_MAX_YEAR, 12);
}

#define NEED_PERIOD(p)                                                                             \
	do {                                                                                       \
		if (!period_ok(p))                                                                 \
			return app_err_set(err, APP_EINVAL, "报告期超出 %d-%d 年的范围",           \
			                   MONTHLY_MIN_YEAR, MONTHLY_MAX_YEAR);                    \
	} while (0)

static bool blank(const char *s)
{
	return !s || !strv_trim(strv_from(s)).n;
}

enum app_status store_monthly_get(struct store *s, const char *uscc, int period,
                                  struct monthly_record *out, struct app_err *err)
{
	STORE_NEED(s && uscc && out, "uscc/out");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(period);
	return s->ops->monthly->get(s, uscc, period, out, err);
}

enum app_status store_monthly_history(struct store *s, const char *uscc, int from, int to,
                                      store_monthly_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && uscc && cb, "uscc/callback");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->history(s, uscc, from, to, cb, ctx, err);
}

enum app_status store_monthly_pick(struct store *s, const char *uscc, const int *periods, size_t n,
                                   store_monthly_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && uscc && (periods || !n) && cb, "uscc/periods/callback");
	STORE_DOMAIN(s, monthly);
	if (n > 8)
		return app_err_set(err, APP_EINVAL, "一次最多读取 8 个报告期");
	for (size_t i = 0; i < n; i++)
		if (!period_ok(periods[i]) || periods[i] - periods[0] > 62 ||
		    periods[0] - periods[i] > 62)
			return app_err_set(err, APP_EINVAL, "报告期超出范围");
	return s->ops->monthly->pick(s, uscc, periods, n, cb, ctx, err);
}

enum app_status store_monthly_list(struct store *s, const struct store_monthly_filter *f,
                                   store_monthly_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, monthly);
	struct store_monthly_filter none = {0};
	return s->ops->monthly->list(s, f ? f : &none, cb, ctx, err);
}

enum app_status store_monthly_list_by_firm(struct store *s, const struct store_monthly_filter *f,
                                           store_monthly_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, monthly);
	struct store_monthly_filter none = {0};
	return s->ops->monthly->list_by_firm(s, f ? f : &none, cb, ctx, err);
}

static enum app_status insert(struct store *s, const struct monthly_calendar *cal,
                              const struct monthly_record *r, const struct monthly_neighbours *nb,
                              struct monthly_aggbuf *defer, struct app_err *err)
{
	STORE_NEED(s && cal && r, "cal/record");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(r->r.m.period);
	if (strlen(r->r.m.uscc) != 18)
		return app_err_set(err, APP_EINVAL, "统一社会信用代码应为 18 位");
	if (!r->r.g.unit[0] || !r->r.g.tier[0])
		return app_err_set(err, APP_EINVAL, "月报缺少所属区县或梯度分组");
	if (blank(r->filed_by))
		return app_err_set(err, APP_EINVAL, "月报缺少报送人");
	if (r->r.m.has >> MK_COUNT)
		return app_err_set(err, APP_EINVAL, "月报指标位超出范围");
	if (defer && !s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "延后汇总只能在事务中使用");
	return s->ops->monthly->insert(s, cal, r, nb, defer, err);
}

enum app_status store_monthly_insert(struct store *s, const struct monthly_calendar *cal,
                                     const struct monthly_record *r, struct monthly_aggbuf *defer,
                                     struct app_err *err)
{
	return insert(s, cal, r, NULL, defer, err);
}

enum app_status store_monthly_insert_known(struct store *s, const struct monthly_calendar *cal,
                                           const struct monthly_record *r,
                                           const struct monthly_neighbours *nb,
                                           struct monthly_aggbuf *defer, struct app_err *err)
{
	STORE_NEED(nb, "neighbours");
	return insert(s, cal, r, nb, defer, err);
}

enum app_status store_monthly_correct(struct store *s, const struct monthly_calendar *cal,
                                      const struct monthly *m, const char *by, const char *at,
                                      const char *reason, struct monthly_aggbuf *defer,
                                      int *version, struct app_err *err)
{
	STORE_NEED(s && cal && m, "cal/report");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(m->period);
	if (blank(reason))
		return app_err_set(err, APP_EINVAL, "更正月报必须说明原因");
	if (blank(by))
		return app_err_set(err, APP_EINVAL, "更正月报缺少更正人");
	if (defer && !s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "延后汇总只能在事务中使用");
	if (m->has >> MK_COUNT)
		return app_err_set(err, APP_EINVAL, "月报指标位超出范围");
	return s->ops->monthly->correct(s, cal, m, by, at ? at : "", reason, defer, version, err);
}

enum app_status store_monthly_replace(struct store *s, const struct monthly *m, const char *by,
                                      const char *at, const char *reason, int *version,
                                      struct app_err *err)
{
	STORE_NEED(s && m, "report");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(m->period);
	if (blank(reason))
		return app_err_set(err, APP_EINVAL, "更正月报必须说明原因");
	if (blank(by))
		return app_err_set(err, APP_EINVAL, "更正月报缺少更正人");
	if (m->has >> MK_COUNT)
		return app_err_set(err, APP_EINVAL, "月报指标位超出范围");
	return s->ops->monthly->replace(s, m, by, at ? at : "", reason, version, err);
}

enum app_status store_monthly_put_many(struct store *s, struct store_monthly_put *rows, size_t n,
                                       const char *filed_at, const char *filed_by,
                                       struct app_err *err)
{
	STORE_NEED(s && (rows || !n), "rows");
	STORE_DOMAIN(s, monthly);
	if (blank(filed_by))
		return app_err_set(err, APP_EINVAL, "月报缺少报送人");
	if (!s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "批量写入月报只能在事务中使用");
	for (size_t i = 0; i < n; i++) {
		const struct store_monthly_put *p = &rows[i];
		NEED_PERIOD(p->period);
		if (!p->uscc || strlen(p->uscc) != 18)
			return app_err_set(err, APP_EINVAL, "统一社会信用代码应为 18 位");
		if (!p->g.unit[0] || !p->g.tier[0])
			return app_err_set(err, APP_EINVAL, "月报缺少所属区县或梯度分组");
		if (p->has >> MK_COUNT)
			return app_err_set(err, APP_EINVAL, "月报指标位超出范围");
	}
	return s->ops->monthly->put_many(s, rows, n, filed_at ? filed_at : "", filed_by, err);
}

enum app_status store_monthly_any(struct store *s, bool *any, struct app_err *err)
{
	STORE_NEED(s && any, "any");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->any(s, any, err);
}

enum app_status store_monthly_window(struct store *s, const char *uscc, int from, int to,
                                     uint64_t mask, store_monthly_row_cb cb, void *ctx,
                                     struct app_err *err)
{
	STORE_NEED(s && uscc && cb, "uscc/callback");
	STORE_DOMAIN(s, monthly);
	if (mask && (to < from || to - from >= 64))
		return app_err_set(err, APP_EINVAL, "按月份掩码读取时,报告期跨度不能超过 64 个月");
	return s->ops->monthly->window(s, uscc, from, to, mask, cb, ctx, err);
}

enum app_status store_monthly_versions(struct store *s, const char *uscc, int period,
                                       store_monthly_version_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && uscc && cb, "uscc/callback");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->versions(s, uscc, period, cb, ctx, err);
}

enum app_status store_monthly_confirm(struct store *s, const struct monthly_confirmed *c,
                                      struct app_err *err)
{
	STORE_NEED(s && c, "confirmation");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(c->period);
	if (blank(c->code) || blank(c->reason) || blank(c->by))
		return app_err_set(err, APP_EINVAL, "确认警告需要代码、原因和确认人");
	return s->ops->monthly->confirm(s, c, err);
}

enum app_status store_monthly_confirmations(struct store *s, const char *uscc, int period,
                                            store_monthly_confirmed_cb cb, void *ctx,
                                            struct app_err *err)
{
	STORE_NEED(s && uscc && cb, "uscc/callback");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->confirmations(s, uscc, period, cb, ctx, err);
}

enum app_status store_monthly_bulk(struct store *s, bool on, struct app_err *err)
{
	STORE_NEED(s, "store");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->bulk ? s->ops->monthly->bulk(s, on, err) : APP_OK;
}

enum app_status store_monthly_agg_apply(struct store *s, const struct monthly_aggbuf *b,
                                        struct app_err *err)
{
	STORE_NEED(s && b, "buffer");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->agg_apply(s, b, err);
}

enum app_status store_monthly_agg_list(struct store *s, enum monthly_dim dim, const char *grp,
                                       int from, int to, store_monthly_agg_cb cb, void *ctx,
                                       struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, monthly);
	if ((unsigned)dim >= MDIM_COUNT)
		return app_err_set(err, APP_EINVAL, "未知的汇总维度 %d", (int)dim);
	return s->ops->monthly->agg_list(s, (int)dim, grp, from, to, cb, ctx, err);
}

enum app_status store_monthly_agg_rebuild(struct store *s, const struct monthly_calendar *cal,
                                          struct app_err *err)
{
	STORE_NEED(s && cal, "calendar");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->agg_rebuild(s, cal, err);
}

enum app_status store_monthly_roster(struct store *s, const char *as_of, unsigned tiers,
                                     store_monthly_roster_cb cb, void *ctx, struct app_err *err)
{
	STORE_NEED(s && as_of && cb, "as_of/callback");
	STORE_DOMAIN(s, monthly);
	int y, m, d;
	if (!date_split(as_of, &y, &m, &d) || !date_valid(y, m, d))
		return app_err_set(err, APP_EINVAL, "日期 \"%s\" 应为 YYYY-MM-DD", as_of);
	return s->ops->monthly->roster(s, as_of, tiers, cb, ctx, err);
}

enum app_status store_monthly_roster_span(struct store *s, const char *const *dates, size_t n,
                                          unsigned tiers, store_monthly_roster_span_cb cb,
                                          void *ctx, struct app_err *err)
{
	STORE_NEED(s && (dates || !n) && cb, "dates/callback");
	STORE_DOMAIN(s, monthly);
	if (n > 32)
		return app_err_set(err, APP_EINVAL, "一次最多查询 32 个日期的应报名录");
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		if (!dates[i] || !date_split(dates[i], &y, &m, &d) || !date_valid(y, m, d))
			return app_err_set(err, APP_EINVAL, "日期 \"%s\" 应为 YYYY-MM-DD",
			                   dates[i] ? dates[i] : "");
	}
	return s->ops->monthly->roster_span(s, dates, n, tiers, cb, ctx, err);
}

enum app_status store_monthly_setting_get(struct store *s, const char *key, char *out, size_t n,
                                          struct app_err *err)
{
	STORE_NEED(s && key && out && n, "key/out");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->setting_get(s, key, out, n, err);
}

enum app_status store_monthly_setting_set(struct store *s, const char *key, const char *value,
                                          const char *by, struct app_err *err)
{
	STORE_NEED(s && key && value, "key/value");
	STORE_DOMAIN(s, monthly);
	if (blank(key))
		return app_err_set(err, APP_EINVAL, "设置项名称为空");
	return s->ops->monthly->setting_set(s, key, value, by ? by : "", err);
}

enum app_status store_monthly_rereview_add(struct store *s, struct monthly_rereview *r,
                                           struct app_err *err)
{
	STORE_NEED(s && r, "request");
	STORE_DOMAIN(s, monthly);
	NEED_PERIOD(r->started);
	if (blank(r->rule) || blank(r->reason) || blank(r->requested_by))
		return app_err_set(err, APP_EINVAL, "复核申请需要预警规则、原因和申请人");
	return s->ops->monthly->rereview_add(s, r, err);
}

enum app_status store_monthly_rereview_list(struct store *s, const char *status, const char *uscc,
                                            store_monthly_rereview_cb cb, void *ctx,
                                            struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, monthly);
	return s->ops->monthly->rereview_list(s, status, uscc, cb, ctx, err);
}

enum app_status store_monthly_rereview_close(struct store *s, long id, const char *status,
                                             const char *by, struct app_err *err)
{
	STORE_NEED(s && status, "status");
	STORE_DOMAIN(s, monthly);
	if (strcmp(status, "taken") != 0 && strcmp(status, "dismissed") != 0)
		return app_err_set(err, APP_EINVAL, "复核申请状态只能改为 taken 或 dismissed");
	if (blank(by))
		return app_err_set(err, APP_EINVAL, "处理复核申请需要处理人");
	return s->ops->monthly->rereview_close(s, id, status, by, err);
}
