/* store_review.c - the public expert and review storage operations:
 * argument checks, then the backend's table (struct store_review_ops). */
#include "store/store_review.h"

#include <string.h>

#include "store/store_int.h"

enum app_status store_expert_put(struct store *s, struct flow_expert *x, bool *created,
                                 struct app_err *err)
{
	STORE_NEED(s && x, "expert");
	STORE_DOMAIN(s, review);
	if (!strv_trim(strv_from(x->username)).n || !strv_trim(strv_from(x->name)).n) {
		app_err_set(err, APP_EINVAL, "专家用户名和姓名不能为空");
		app_err_field(err, x->username[0] ? "name" : "username");
		return APP_EINVAL;
	}
	if (x->employer[0] && strlen(x->employer) != USCC_LEN) {
		app_err_set(err, APP_EINVAL, "工作单位统一社会信用代码应为 18 位");
		app_err_field(err, "employer");
		return APP_EINVAL;
	}
	return s->ops->review->expert_put(s, x, created, err);
}

enum app_status store_expert_get(struct store *s, long id, const char *username,
                                 struct flow_expert *out, struct app_err *err)
{
	STORE_NEED(s && out && (id > 0 || (username && *username)), "id/username");
	STORE_DOMAIN(s, review);
	return s->ops->review->expert_get(s, id, username, out, err);
}

enum app_status store_expert_list(struct store *s, bool active_only, store_expert_cb cb, void *ctx,
                                  struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, review);
	return s->ops->review->expert_list(s, active_only, cb, ctx, err);
}

enum app_status store_expert_link(struct store *s, long expert_id, const char *uscc,
                                  const char *relation, struct app_err *err)
{
	STORE_NEED(s && expert_id > 0 && uscc && strlen(uscc) == USCC_LEN, "expert/uscc");
	STORE_DOMAIN(s, review);
	return s->ops->review->expert_link(s, expert_id, uscc, relation, err);
}

enum app_status store_expert_links(struct store *s, long expert_id, store_link_cb cb, void *ctx,
                                   struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, review);
	return s->ops->review->expert_links(s, expert_id, cb, ctx, err);
}

enum app_status store_review_add(struct store *s, long app_id, long expert_id, struct app_err *err)
{
	STORE_NEED(s && app_id > 0 && expert_id > 0, "application/expert");
	STORE_DOMAIN(s, review);
	return s->ops->review->review_add(s, app_id, expert_id, err);
}

enum app_status store_review_score(struct store *s, long app_id, long expert_id, int score,
                                   const char *comment, struct app_err *err)
{
	STORE_NEED(s && app_id > 0 && expert_id > 0, "application/expert");
	STORE_DOMAIN(s, review);
	if (score < 0 || score > FLOW_SCORE_MAX) {
		app_err_set(err, APP_EINVAL, "评分应在 0-100 分之间");
		app_err_field(err, "score");
		return APP_EINVAL;
	}
	return s->ops->review->review_score(s, app_id, expert_id, score, comment, err);
}

enum app_status store_review_flag(struct store *s, long app_id, long expert_id, bool outlier,
                                  struct app_err *err)
{
	STORE_NEED(s && app_id > 0 && expert_id > 0, "application/expert");
	STORE_DOMAIN(s, review);
	return s->ops->review->review_flag(s, app_id, expert_id, outlier, err);
}

enum app_status store_review_list(struct store *s, long app_id, long expert_id, store_review_cb cb,
                                  void *ctx, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, review);
	return s->ops->review->review_list(s, app_id, expert_id, cb, ctx, err);
}
