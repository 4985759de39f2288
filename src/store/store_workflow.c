/* store_workflow.c - the public workflow storage operations: argument and
 * shape checks, then the backend's table (store_int.h: struct
 * store_workflow_ops). */
#include "store/store_workflow.h"

#include <string.h>

#include "store/store_int.h"

/* "" or a canonical YYYY-MM-DD date. */
static bool date_or_empty(const char *s)
{
	int y, m, d;
	return s[0] == '\0' || date_split(s, &y, &m, &d);
}

static bool is_date(const char *s)
{
	int y, m, d;
	return date_split(s, &y, &m, &d);
}

static enum app_status bad(struct app_err *err, const char *field, const char *msg)
{
	app_err_set(err, APP_EINVAL, "%s", msg);
	app_err_field(err, field);
	return APP_EINVAL;
}

static enum app_status check_batch(const struct flow_batch *b, struct app_err *err)
{
	if (!strv_trim(strv_from(b->name)).n)
		return bad(err, "name", "批次名称不能为空");
	if (b->tier <= TIER_NONE || b->tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (b->year < 2000 || b->year > 2999)
		return bad(err, "year", "年度应在 2000-2999 之间");
	if (!is_date(b->opens) || !is_date(b->closes))
		return bad(err, "opens", "申报起止日期应为 YYYY-MM-DD");
	if (strcmp(b->closes, b->opens) < 0)
		return bad(err, "closes", "申报截止日期早于开始日期");
	if (!date_or_empty(b->district_due) || !date_or_empty(b->city_due) ||
	    !date_or_empty(b->review_due))
		return bad(err, "district_due", "审核截止日期应为 YYYY-MM-DD 或留空");
	if (b->notice_days < 1 || b->notice_days > MAX_NOTICE_WORKDAYS)
		return bad(err, "notice_days", "公示期应为 1-30 个工作日");
	if (b->term_years < 0 || b->term_years > 10)
		return bad(err, "term_years", "有效期应为 0-10 年");
	if (b->experts < 1 || b->experts > MAX_EXPERTS_PER_APP)
		return bad(err, "experts", "每份申请的评审专家人数应为 1-15");
	return APP_OK;
}

enum app_status store_batch_add(struct store *s, struct flow_batch *b, struct app_err *err)
{
	STORE_NEED(s && b, "batch");
	STORE_DOMAIN(s, workflow);
	enum app_status st = check_batch(b, err);
	return st != APP_OK ? st : s->ops->workflow->batch_add(s, b, err);
}

enum app_status store_batch_update(struct store *s, const struct flow_batch *b, struct app_err *err)
{
	STORE_NEED(s && b && b->id > 0, "batch");
	STORE_DOMAIN(s, workflow);
	enum app_status st = check_batch(b, err);
	return st != APP_OK ? st : s->ops->workflow->batch_update(s, b, err);
}

enum app_status store_batch_get(struct store *s, long id, struct flow_batch *out,
                                struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->batch_get(s, id, out, err);
}

enum app_status store_batch_list(struct store *s, int tier, int year, store_batch_cb cb, void *ctx,
                                 struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, workflow);
	if (tier < 0 || tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	return s->ops->workflow->batch_list(s, tier, year, cb, ctx, err);
}

static enum app_status check_app(const struct flow_app *a, struct app_err *err)
{
	if (a->state <= FS_NONE || a->state >= FS_COUNT)
		return bad(err, "state", "申请状态无效");
	if (!is_date(a->state_since))
		return bad(err, "state_since", "状态日期应为 YYYY-MM-DD");
	if (!date_or_empty(a->notice_start) || !date_or_empty(a->notice_end) ||
	    !date_or_empty(a->valid_from) || !date_or_empty(a->valid_until))
		return bad(err, "notice_start", "公示和有效期日期应为 YYYY-MM-DD 或留空");
	if (a->score_x100 < -1 || a->score_x100 > FLOW_SCORE_MAX * 10)
		return bad(err, "score", "评分应在 0-100 之间");
	return APP_OK;
}

enum app_status store_app_add(struct store *s, struct flow_app *a, const char *snapshot,
                              struct app_err *err)
{
	STORE_NEED(s && a && snapshot, "application/snapshot");
	STORE_DOMAIN(s, workflow);
	if (strnlen(a->uscc, sizeof a->uscc) != USCC_LEN)
		return bad(err, "uscc", "统一社会信用代码应为 18 位");
	if (a->tier <= TIER_NONE || a->tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (!a->unit[0] || !a->district[0] || !a->filed_by[0])
		return bad(err, "unit", "申请的区县和填报人不能为空");
	if (strlen(snapshot) > MAX_SNAPSHOT_BYTES)
		return app_err_set(err, APP_ETOOLARGE, "企业数据快照超过 %d 字节",
		                   MAX_SNAPSHOT_BYTES);
	enum app_status st = check_app(a, err);
	return st != APP_OK ? st : s->ops->workflow->app_add(s, a, snapshot, err);
}

enum app_status store_app_get(struct store *s, long id, struct flow_app *out, struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->app_get(s, id, out, err);
}

enum app_status store_app_docs(struct store *s, long id, char **snapshot, char **assessment,
                               struct app_err *err)
{
	STORE_NEED(s, "store");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->app_docs(s, id, snapshot, assessment, err);
}

enum app_status store_app_set_assessment(struct store *s, long id, const char *json,
                                         struct app_err *err)
{
	STORE_NEED(s, "store");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->app_set_assessment(s, id, json, err);
}

enum app_status store_app_update(struct store *s, const struct flow_app *a, struct app_err *err)
{
	STORE_NEED(s && a && a->id > 0, "application");
	STORE_DOMAIN(s, workflow);
	enum app_status st = check_app(a, err);
	return st != APP_OK ? st : s->ops->workflow->app_update(s, a, err);
}

enum app_status store_app_list(struct store *s, const struct store_app_filter *f, store_app_cb cb,
                               void *ctx, long *total, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, workflow);
	if (f && (f->limit < 0 || f->offset < 0))
		return app_err_set(err, APP_EINVAL, "分页参数不能为负数");
	if (f && (f->state < 0 || f->state >= FS_COUNT || f->tier < 0 || f->tier >= TIER_COUNT))
		return app_err_set(err, APP_EINVAL, "状态或梯度无效");
	return s->ops->workflow->app_list(s, f, cb, ctx, total, err);
}

enum app_status store_app_event_add(struct store *s, struct flow_event *ev, struct app_err *err)
{
	STORE_NEED(s && ev && ev->app_id > 0 && ev->action[0] && ev->actor[0], "event");
	STORE_DOMAIN(s, workflow);
	if (!is_date(ev->on_date))
		return bad(err, "on_date", "业务日期应为 YYYY-MM-DD");
	return s->ops->workflow->event_add(s, ev, err);
}

enum app_status store_app_events(struct store *s, long app_id, store_event_cb cb, void *ctx,
                                 struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->events(s, app_id, cb, ctx, err);
}

static bool is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

enum app_status store_attachment_add(struct store *s, struct flow_attachment *a,
                                     struct app_err *err)
{
	STORE_NEED(s && a && a->app_id > 0, "attachment");
	STORE_DOMAIN(s, workflow);
	if (!a->kind[0] || !is_hex64(a->sha256) || a->size < 0)
		return bad(err, "sha256", "附件类别和 SHA-256 摘要(64 位小写十六进制)不能为空");
	return s->ops->workflow->attachment_add(s, a, err);
}

enum app_status store_attachment_get(struct store *s, long id, struct flow_attachment *out,
                                     struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->attachment_get(s, id, out, err);
}

enum app_status store_attachment_list(struct store *s, long app_id, store_attachment_cb cb,
                                      void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->attachment_list(s, app_id, cb, ctx, err);
}

static enum app_status check_objection(const struct flow_objection *o, struct app_err *err)
{
	if (o->status < FO_OPEN || o->status > FO_DISMISSED)
		return bad(err, "status", "异议状态无效");
	if (!is_date(o->received))
		return bad(err, "received", "收到日期应为 YYYY-MM-DD");
	if (!strv_trim(strv_from(o->content)).n)
		return bad(err, "content", "异议内容不能为空");
	return APP_OK;
}

enum app_status store_objection_add(struct store *s, struct flow_objection *o, struct app_err *err)
{
	STORE_NEED(s && o && o->app_id > 0 && o->recorded_by[0], "objection");
	STORE_DOMAIN(s, workflow);
	enum app_status st = check_objection(o, err);
	return st != APP_OK ? st : s->ops->workflow->objection_add(s, o, err);
}

enum app_status store_objection_update(struct store *s, const struct flow_objection *o,
                                       struct app_err *err)
{
	STORE_NEED(s && o && o->id > 0, "objection");
	STORE_DOMAIN(s, workflow);
	enum app_status st = check_objection(o, err);
	return st != APP_OK ? st : s->ops->workflow->objection_update(s, o, err);
}

enum app_status store_objection_get(struct store *s, long id, struct flow_objection *out,
                                    struct app_err *err)
{
	STORE_NEED(s && out, "out");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->objection_get(s, id, out, err);
}

enum app_status store_objection_list(struct store *s, long app_id, store_objection_cb cb, void *ctx,
                                     struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, workflow);
	return s->ops->workflow->objection_list(s, app_id, cb, ctx, err);
}
