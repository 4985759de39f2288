/* store_audit.c - the public audit-log operations: argument checks, then
 * the backend's table (store_int.h: struct store_audit_ops). */
#include "store/store_audit.h"

#include "store/store_int.h"

enum app_status store_audit_last(struct store *s, long *seq, char hash[AUDIT_HASH_HEX + 1],
                                 struct app_err *err)
{
	STORE_NEED(s && seq && hash, "seq/hash");
	STORE_DOMAIN(s, audit);
	if (!s->in_tx)
		return app_err_set(err, APP_EINTERNAL, "读取审计链尾必须在写事务中");
	return s->ops->audit->last(s, seq, hash, err);
}

enum app_status store_audit_insert(struct store *s, const struct audit_row *r, struct app_err *err)
{
	STORE_NEED(s && r && r->seq > 0 && r->action[0] && r->entity[0], "row");
	STORE_DOMAIN(s, audit);
	return s->ops->audit->insert(s, r, err);
}

enum app_status store_audit_list(struct store *s, const struct audit_filter *f, store_audit_cb cb,
                                 void *ctx, long *total, struct app_err *err)
{
	STORE_NEED(s && cb, "callback");
	STORE_DOMAIN(s, audit);
	if (f && (f->limit < 0 || f->offset < 0))
		return app_err_set(err, APP_EINVAL, "分页参数不能为负数");
	return s->ops->audit->list(s, f, cb, ctx, total, err);
}
