/* api_audit.c - reading the audit log: the whole log with filters for the
 * auditor; the entries of one record for city (firms) and admin (system
 * records); the hash-chain check. */
#include <stdio.h>
#include <string.h>

#include "api_int.h"
#include "app/audit.h"
#include "base/str.h"

/* The before/after JSON text of an entry as a value (text kept as a string
 * if it is not JSON, which never happens for entries we wrote). */
static json_t *json_text(const char *t)
{
	if (!t)
		return json_null();
	json_t *v = json_loads(t, JSON_DECODE_ANY, NULL);
	return v ? v : api_str(t);
}

static json_t *entry_json(const struct audit_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "time", api_time(r->time));
	json_object_set_new(o, "actor", api_str(r->actor));
	json_object_set_new(o, "role", api_str(r->role));
	json_object_set_new(o, "ip", api_str(r->ip));
	json_object_set_new(o, "action", api_str(r->action));
	json_object_set_new(o, "entity", api_str(r->entity));
	json_object_set_new(o, "entity_id", api_str(r->entity_id));
	json_object_set_new(o, "before", json_text(r->before));
	json_object_set_new(o, "after", json_text(r->after));
	json_object_set_new(o, "prev_hash", json_string(r->prev_hash));
	json_object_set_new(o, "hash", json_string(r->hash));
	return o;
}

static int entry_row(void *ctx, const struct audit_row *r)
{
	json_array_append_new(ctx, entry_json(r));
	return 0;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (a 'T' and 'Z' accepted). */
static enum app_status time_param(const struct http_req *req, const char *name, char out[20],
                                  struct app_err *err)
{
	const char *v = http_req_query(req, name);
	out[0] = '\0';
	if (!v || !*v)
		return APP_OK;
	char d[11];
	size_t n = strlen(v);
	if ((n == 10 || n == 19 || (n == 20 && v[19] == 'Z')) &&
	    str_to_date((struct strv){v, 10}, d) && strncmp(d, v, 10) == 0) {
		if (n == 10) {
			snprintf(out, 20, "%s", d);
			return APP_OK;
		}
		int hh, mm, ss;
		char sep = v[10];
		if ((sep == ' ' || sep == 'T') &&
		    sscanf(v + 11, "%2d:%2d:%2d", &hh, &mm, &ss) == 3 && hh < 24 && mm < 60 &&
		    ss < 60 && v[13] == ':' && v[16] == ':') {
			snprintf(out, 20, "%s %.8s", d, v + 11);
			return APP_OK;
		}
	}
	return api_bad_param(err, name, "应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SSZ");
}

/* Which single records a non-auditor may read the entries of. */
static bool entity_allowed(enum role r, const char *entity)
{
	if (r == ROLE_CITY)
		return strcmp(entity, "enterprise") == 0;
	if (r == ROLE_ADMIN)
		return strcmp(entity, "database") == 0 || strcmp(entity, "system") == 0;
	return false;
}

API_HANDLER(api_audit_list)
{
	long page, size;
	enum app_status st = api_page(req, &page, &size, err);
	if (st != APP_OK)
		return st;
	struct api_req *ar = api_ctx(req);
	char from[20], to[20];
	struct audit_filter f = {.desc = true, .limit = size, .offset = (page - 1) * size};
	f.entity = http_req_query(req, "entity");
	f.entity_id = http_req_query(req, "id");
	f.actor = http_req_query(req, "actor");
	if ((st = time_param(req, "from", from, err)) != APP_OK ||
	    (st = time_param(req, "to", to, err)) != APP_OK)
		return st;
	f.from = from[0] ? from : NULL;
	f.to = to[0] ? to : NULL;
	const char *order = http_req_query(req, "order");
	if (order && *order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
		return api_bad_param(err, "order", "应为 asc 或 desc");
	if (order && strcmp(order, "asc") == 0)
		f.desc = false;
	const char *texts[3] = {f.entity, f.entity_id, f.actor};
	static const char *const names[3] = {"entity", "id", "actor"};
	for (int i = 0; i < 3; i++)
		if (texts[i] && strlen(texts[i]) > MAX_FILTER_TEXT)
			return api_bad_param(err, names[i], "查询文字不能超过 %d 字节",
			                     MAX_FILTER_TEXT);
	if (f.entity && !*f.entity)
		f.entity = NULL;
	if (f.entity_id && !*f.entity_id)
		f.entity_id = NULL;
	if (f.actor && !*f.actor)
		f.actor = NULL;
	if (!api_role_has(ar->p.user.role, PERM_AUDIT)) {
		/* city and admin: the entries of one record they may see */
		if (!f.entity || !f.entity_id)
			return app_err_set(err, APP_EPERM,
			                   "只能查看单个对象的审计记录（需 entity 和 id 参数）");
		if (!entity_allowed(ar->p.user.role, f.entity))
			return app_err_set(err, APP_EPERM, "无权查看此类对象的审计记录");
	}
	json_t *items = json_array();
	long total = 0;
	if ((st = store_audit_list(ar->store, &f, entry_row, items, &total, err)) != APP_OK) {
		json_decref(items);
		return st;
	}
	return js_reply(resp, 200, api_paged(items, total, page, size));
}

API_HANDLER(api_audit_verify)
{
	struct audit_verify_result r;
	enum app_status st = audit_verify(api_ctx(req)->store, &r, err);
	if (st != APP_OK)
		return st;
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_boolean(r.first_bad == 0));
	json_object_set_new(o, "entries", json_integer(r.entries));
	json_object_set_new(o, "head", json_string(r.head));
	if (r.first_bad) {
		json_object_set_new(o, "seq", json_integer(r.first_bad));
		json_object_set_new(o, "problem", api_str(r.problem));
	}
	return js_reply(resp, 200, o);
}
