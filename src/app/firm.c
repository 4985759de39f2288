/* firm.c - scoped, audited changes to firms (see firm.h). */
#include "firm.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/scope.h"
#include "base/str.h"

enum { REASON_MAX = 255, DOC_NO_MAX = 127 };

enum app_status firm_get(struct store *s, const struct principal *p, const char *uscc,
                         struct enterprise *out, struct app_err *err)
{
	enum app_status st = store_enterprise_get(s, uscc, out, err);
	if (st == APP_OK && !scope_sees_firm(p, out))
		st = APP_ENOTFOUND;
	if (st == APP_ENOTFOUND)
		return app_err_set(err, APP_ENOTFOUND, "企业 %s 不存在或不在您的数据范围内", uscc);
	return st;
}

void firm_field_text(const struct enterprise *e, enum ent_field f, char *out, size_t n)
{
	const char *s = "";
	switch (f) {
	case EF_USCC:
		s = e->uscc;
		break;
	case EF_NAME:
		s = e->name;
		break;
	case EF_DISTRICT:
		s = e->district;
		break;
	case EF_ZONE:
		s = e->zone;
		break;
	case EF_INDUSTRY:
		s = e->industry;
		break;
	case EF_EMERGING:
		if (e->emerging) {
			snprintf(out, n, "%d", e->emerging);
			return;
		}
		break;
	case EF_FOUNDED:
		s = e->founded;
		break;
	case EF_NICHE_SINCE:
		if (e->niche_since) {
			snprintf(out, n, "%d", e->niche_since);
			return;
		}
		break;
	case EF_CONTACT:
		s = e->contact;
		break;
	case EF_PHONE:
		s = e->phone;
		break;
	default:
		break;
	}
	snprintf(out, n, "%s", s);
}

/* {"key": "text" | null, ...} of the fields in mask. */
static json_t *fields_json(const struct enterprise *e, unsigned mask)
{
	json_t *o = json_object();
	char v[MAX_NAME_BYTES + 1];
	for (int f = 0; f < EF_COUNT; f++) {
		if (!(mask >> f & 1u))
			continue;
		firm_field_text(e, (enum ent_field)f, v, sizeof v);
		json_object_set_new(o, ent_fields[f].key, v[0] ? json_string(v) : json_null());
	}
	return o;
}

/* Appends an audit entry with before/after as JSON (either may be NULL;
 * the references are stolen). */
static enum app_status audit_json(struct store *s, const struct principal *p, const char *action,
                                  const char *uscc, json_t *before, json_t *after,
                                  struct app_err *err)
{
	struct audit_actor who;
	auth_actor(p, &who);
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	enum app_status st = audit_append(s, &who, action, "enterprise", uscc, b, a, err);
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return st;
}

static enum app_status finish(struct store *s, enum app_status st, struct app_err *err)
{
	if (st == APP_OK)
		return store_commit(s, err);
	store_rollback(s, NULL);
	return st;
}

static enum app_status out_of_scope(struct app_err *err, const char *field, const char *msg)
{
	app_err_field(err, field);
	return app_err_set(err, APP_EPERM, "%s", msg);
}

enum app_status firm_create(struct store *s, const struct principal *p, const struct enterprise *e,
                            struct app_err *err)
{
	enum app_status st = enterprise_validate(e, err);
	if (st != APP_OK) {
		char f[70];
		snprintf(f, sizeof f, "/%s", err ? err->field : "");
		app_err_field(err, f);
		return st;
	}
	if (!scope_covers(p, e->district, e->zone))
		return out_of_scope(err, "/district", "只能登记本区县（功能区）的企业");
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	struct enterprise old;
	bool created = false;
	if (store_enterprise_get(s, e->uscc, &old, NULL) == APP_OK) {
		app_err_field(err, "/uscc");
		st = app_err_set(err, APP_ECONFLICT, "统一社会信用代码 %s 已登记", e->uscc);
	}
	if (st == APP_OK)
		st = store_enterprise_put(s, e, &created, err);
	if (st == APP_OK)
		st = audit_json(s, p, "enterprise.create", e->uscc, NULL,
		                fields_json(e, (1u << EF_COUNT) - 1), err);
	return finish(s, st, err);
}

enum app_status firm_update(struct store *s, const struct principal *p, const char *uscc,
                            const struct enterprise *in, unsigned fields, struct enterprise *out,
                            struct app_err *err)
{
	if (fields & 1u << EF_USCC && strcmp(in->uscc, uscc) != 0) {
		app_err_field(err, "/uscc");
		return app_err_set(err, APP_EINVAL, "统一社会信用代码不可修改");
	}
	fields &= ~(1u << EF_USCC);
	static const enum ent_field fixed[] = {EF_DISTRICT, EF_ZONE, EF_INDUSTRY};
	for (size_t i = 0; role_scope(p->user.role) == SCOPE_FIRM && i < 3; i++)
		if (fields & 1u << fixed[i]) {
			char f[32];
			snprintf(f, sizeof f, "/%s", ent_fields[fixed[i]].key);
			return out_of_scope(
			    err, f, "企业用户不能修改所属区县、功能区或行业，请联系所在区县");
		}
	enum app_status st = store_begin(s, err);
	if (st != APP_OK)
		return st;
	struct enterprise before, e;
	st = firm_get(s, p, uscc, &before, err);
	if (st != APP_OK)
		return finish(s, st, err);
	e = before;
	char v[MAX_NAME_BYTES + 1], w[MAX_NAME_BYTES + 1];
	unsigned changed = 0;
	for (int f = 0; f < EF_COUNT; f++) {
		if (!(fields >> f & 1u))
			continue;
		struct enterprise tmp = e;
		firm_field_text(in, (enum ent_field)f, v, sizeof v);
		/* re-parse the canonical text into the record (same rules) */
		if (ent_field_set(&tmp, (enum ent_field)f, strv_from(v), err) != APP_OK) {
			char ptr[32];
			snprintf(ptr, sizeof ptr, "/%s", ent_fields[f].key);
			app_err_field(err, ptr);
			return finish(s, APP_EINVAL, err);
		}
		firm_field_text(&before, (enum ent_field)f, w, sizeof w);
		e = tmp;
		firm_field_text(&e, (enum ent_field)f, v, sizeof v);
		if (strcmp(v, w) != 0)
			changed |= 1u << f;
	}
	if ((st = enterprise_validate(&e, err)) != APP_OK) {
		char f[70];
		snprintf(f, sizeof f, "/%s", err ? err->field : "");
		app_err_field(err, f);
		return finish(s, st, err);
	}
	if (!scope_covers(p, e.district, e.zone) && role_scope(p->user.role) != SCOPE_FIRM)
		return finish(s, out_of_scope(err, "/district", "不能把企业移出本区县（功能区）"),
		              err);
	if (changed) {
		st = store_enterprise_put(s, &e, NULL, err);
		if (st == APP_OK)
			st = audit_json(s, p, "enterprise.update", uscc,
			                fields_json(&before, changed), fields_json(&e, changed),
			                err);
	}
	st = finish(s, st, err);
	if (st == APP_OK && out)
		st = store_enterprise_get(s, uscc, out, err);
	return st;
}

static json_t *annual_json(const struct annual *a, uint64_t cols)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(a->year));
	char v[48];
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		if (!(cols >> k & 1u))
			continue;
		if (annual_has(a, (enum annual_key)k)) {
			indicator_format(&annual_indicators[k], a->v[k], v, sizeof v);
			json_object_set_new(o, annual_indicators[k].key, json_string(v));
		} else {
			json_object_set_new(o, annual_indicators[k].key, json_null());
		}
	}
	return o;
}

enum app_status firm_annual_put(struct store *s, const struct principal *p, const struct annual *a,
                                uint64_t cols, struct annual *out, bool *created,
                                struct app_err *err)
{
	enum app_status st = store_begin(s, err);
	if (st != APP_OK)
		return st;
	struct enterprise e;
	struct annual before, merged;
	bool fresh = false;
	if ((st = firm_get(s, p, a->uscc, &e, err)) != APP_OK)
		return finish(s, st, err);
	st = store_annual_get(s, a->uscc, a->year, &before, err);
	if (st == APP_ENOTFOUND) {
		memset(&before, 0, sizeof before);
		snprintf(before.uscc, sizeof before.uscc, "%s", a->uscc);
		before.year = a->year;
		fresh = true;
		st = APP_OK;
	}
	if (st != APP_OK)
		return finish(s, st, err);
	merged = before;
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		if (!(cols >> k & 1u))
			continue;
		merged.v[k] = a->v[k];
		merged.has = (merged.has & ~((uint64_t)1 << k)) | (a->has & (uint64_t)1 << k);
	}
	const char *msgs[4];
	if (annual_check(&merged, msgs, 4) > 0)
		return finish(s, app_err_set(err, APP_EINVAL, "%s", msgs[0]), err);
	uint64_t changed = 0;
	for (int k = 0; k < ANNUAL_KEY_COUNT; k++) {
		bool h0 = annual_has(&before, (enum annual_key)k),
		     h1 = annual_has(&merged, (enum annual_key)k);
		if (h0 != h1 || (h1 && before.v[k] != merged.v[k]))
			changed |= (uint64_t)1 << k;
	}
	if (changed || fresh) {
		st = store_annual_put(s, &merged, cols, err);
		if (st == APP_OK)
			st = audit_json(s, p, "annual.put", a->uscc,
			                fresh ? NULL : annual_json(&before, changed),
			                annual_json(&merged, fresh ? cols : changed), err);
	}
	st = finish(s, st, err);
	if (st == APP_OK && out)
		*out = merged;
	if (created)
		*created = fresh;
	return st;
}

static enum app_status bad(struct app_err *err, const char *field, const char *msg)
{
	app_err_field(err, field);
	return app_err_set(err, APP_EINVAL, "%s", msg);
}

static enum app_status check_event(struct tier_event *ev, struct app_err *err)
{
	char d[11];
	if (ev->tier <= TIER_NONE || ev->tier >= TIER_COUNT)
		return bad(err, "/tier",
		           "未知梯度；可选 candidate、innovative、srdi、little_giant、champion");
	if (ev->status <= TS_NONE || ev->status >= TS_COUNT)
		return bad(err, "/status",
		           "未知状态；可选 recognized、renewed、expired、exited、revoked");
	if (!str_to_date(strv_from(ev->since), d) || strcmp(d, ev->since) != 0)
		return bad(err, "/since", "日期应为 YYYY-MM-DD");
	if (ev->until[0] && (!str_to_date(strv_from(ev->until), d) || strcmp(d, ev->until) != 0))
		return bad(err, "/until", "日期应为 YYYY-MM-DD");
	if (ev->until[0] && strcmp(ev->until, ev->since) <= 0)
		return bad(err, "/until", "有效期应晚于起始日期");
	if ((ev->status == TS_EXITED || ev->status == TS_REVOKED) && !ev->reason[0])
		return bad(err, "/reason", "退出或撤销须注明原因");
	if (!utf8_valid(ev->reason, strlen(ev->reason)) || strlen(ev->reason) > REASON_MAX)
		return bad(err, "/reason", "原因过长或含非法字符");
	if (!utf8_valid(ev->doc_no, strlen(ev->doc_no)) || strlen(ev->doc_no) > DOC_NO_MAX)
		return bad(err, "/doc_no", "文号过长或含非法字符");
	return APP_OK;
}

enum app_status firm_tier_add(struct store *s, const struct principal *p, struct tier_event *ev,
                              struct app_err *err)
{
	enum app_status st = check_event(ev, err);
	if (st != APP_OK)
		return st;
	snprintf(ev->actor, sizeof ev->actor, "%s", p->user.username);
	if ((st = store_begin(s, err)) != APP_OK)
		return st;
	struct enterprise e;
	st = firm_get(s, p, ev->uscc, &e, err);
	if (st == APP_OK)
		st = store_tier_add(s, ev, err);
	if (st == APP_OK) {
		json_t *a = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)ev->id, "tier",
		                      tier_key(ev->tier), "status", tier_status_key(ev->status),
		                      "since", ev->since);
		json_object_set_new(a, "until",
		                    ev->until[0] ? json_string(ev->until) : json_null());
		json_object_set_new(a, "reason",
		                    ev->reason[0] ? json_string(ev->reason) : json_null());
		json_object_set_new(a, "doc_no",
		                    ev->doc_no[0] ? json_string(ev->doc_no) : json_null());
		st = audit_json(s, p, "tier.append", ev->uscc, NULL, a, err);
	}
	return finish(s, st, err);
}
