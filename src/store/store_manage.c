/* store_manage.c - the public operations on exits, re-evaluations, targets
 * and tier holders: argument checks, then the backend's table (struct
 * store_manage_ops). */
#include "store/store_manage.h"

#include <string.h>

#include "store/store_int.h"

static bool is_date(const char *s)
{
	int y, m, d;
	return s && date_split(s, &y, &m, &d);
}

static enum app_status bad(struct app_err *err, const char *field, const char *msg)
{
	app_err_set(err, APP_EINVAL, "%s", msg);
	app_err_field(err, field);
	return APP_EINVAL;
}

enum app_status store_exit_add(struct store *s, struct flow_exit_decision *x, struct app_err *err)
{
	STORE_NEED(s && x && x->tier_event_id > 0 && x->actor[0], "exit decision");
	STORE_DOMAIN(s, manage);
	if (x->reason <= FX_NONE || x->reason >= FX_COUNT)
		return bad(err, "reason", "退出原因无效");
	if (x->tier <= TIER_NONE || x->tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (!is_date(x->decided) || (x->bar_until[0] && !is_date(x->bar_until)))
		return bad(err, "decided", "决定日期和限制申报截止日期应为 YYYY-MM-DD");
	return s->ops->manage->exit_add(s, x, err);
}

enum app_status store_exit_list(struct store *s, const char *uscc, store_exit_cb cb, void *ctx,
                                struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	return s->ops->manage->exit_list(s, uscc, cb, ctx, err);
}

enum app_status store_reeval_add(struct store *s, struct flow_reeval *r, struct app_err *err)
{
	STORE_NEED(s && r && r->actor[0], "re-evaluation");
	STORE_DOMAIN(s, manage);
	if (!is_date(r->run_date))
		return bad(err, "run_date", "复评日期应为 YYYY-MM-DD");
	if (r->proposal <= FP_NONE || r->proposal >= FP_COUNT)
		return bad(err, "proposal", "复评建议无效");
	return s->ops->manage->reeval_add(s, r, err);
}

enum app_status store_reeval_list(struct store *s, const char *run_date, store_reeval_cb cb,
                                  void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	return s->ops->manage->reeval_list(s, run_date, cb, ctx, err);
}

enum app_status store_target_set_put(struct store *s, const struct flow_target_set *t,
                                     struct app_err *err)
{
	STORE_NEED(s && t, "target set");
	STORE_DOMAIN(s, manage);
	if (!t->name[0] || !t->label[0])
		return bad(err, "name", "目标集名称和标题不能为空");
	return s->ops->manage->target_set_put(s, t, err);
}

enum app_status store_target_sets(struct store *s, store_target_set_cb cb, void *ctx,
                                  struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	return s->ops->manage->target_sets(s, cb, ctx, err);
}

enum app_status store_target_put(struct store *s, const struct flow_target *t, struct app_err *err)
{
	STORE_NEED(s && t && t->set[0], "target");
	STORE_DOMAIN(s, manage);
	if (t->tier <= TIER_NONE || t->tier >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (t->year < 2000 || t->year > 2999)
		return bad(err, "year", "目标年度应在 2000-2999 之间");
	if (t->target < 0)
		return bad(err, "target", "目标数不能为负数");
	return s->ops->manage->target_put(s, t, err);
}

enum app_status store_target_list(struct store *s, const char *set, store_target_cb cb, void *ctx,
                                  struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	return s->ops->manage->target_list(s, set, cb, ctx, err);
}

enum app_status store_tier_holders(struct store *s, enum tier t, const char *date,
                                   const char *scope, const char *until_max, store_holding_cb cb,
                                   void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	if (t <= TIER_NONE || t >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	if (!is_date(date) || (until_max && !is_date(until_max)))
		return bad(err, "date", "日期应为 YYYY-MM-DD");
	return s->ops->manage->tier_holders(s, t, date, scope && *scope ? scope : NULL, until_max,
	                                    cb, ctx, err);
}

enum app_status store_tier_spans(struct store *s, enum tier t, store_holding_cb cb, void *ctx,
                                 struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, manage);
	if (t <= TIER_NONE || t >= TIER_COUNT)
		return bad(err, "tier", "梯度无效");
	return s->ops->manage->tier_spans(s, t, cb, ctx, err);
}
