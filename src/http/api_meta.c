/* api_meta.c - reference data (the /meta routes) and the OpenAPI document. */
#include <pthread.h>
#include <string.h>

#include "api_int.h"
#include "base/embed.h"
#include "core/district.h"
#include "core/industry.h"
#include "core/monthly.h"
#include "core/tier.h"

static const char *kind_key(enum district_kind k)
{
	switch (k) {
	case DISTRICT_COUNTY:
		return "county";
	case DISTRICT_AUTONOMOUS:
		return "autonomous";
	default:
		return "district";
	}
}

API_HANDLER(api_meta_districts)
{
	(void)req;
	(void)err;
	district_init();
	json_t *ds = json_array();
	for (size_t i = 0; i < district_count(); i++) {
		const struct district *d = district_at(i);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "name", json_string(d->name));
		json_object_set_new(o, "short_name", json_string(d->short_name));
		json_object_set_new(o, "kind", json_string(kind_key(d->kind)));
		json_object_set_new(o, "valid_from", json_string(d->valid_from));
		json_object_set_new(o, "valid_to", json_string(d->valid_to));
		json_object_set_new(o, "successor", json_string(d->successor));
		json_object_set_new(o, "provisional", json_boolean(d->provisional));
		json_object_set_new(o, "region", json_integer(d->region));
		json_array_append_new(ds, o);
	}
	json_t *zs = json_array();
	for (size_t i = 0; i < zone_count(); i++) {
		const struct zone *z = zone_at(i);
		json_t *hosts = json_array();
		const char *p = z->hosts;
		while (*p) {
			size_t n = strcspn(p, ",");
			if (n)
				json_array_append_new(hosts, json_stringn(p, n));
			p += n + (p[n] == ',');
		}
		json_array_append_new(zs, json_pack("{s:s, s:s, s:s, s:o}", "code", z->code, "name",
		                                    z->name, "full_name", z->full_name, "hosts",
		                                    hosts));
	}
	return js_reply(resp, 200, json_pack("{s:o, s:o}", "districts", ds, "zones", zs));
}

API_HANDLER(api_meta_industries)
{
	(void)req;
	(void)err;
	industry_init();
	json_t *secs = json_array();
	for (size_t i = 0; i < industry_section_count(); i++) {
		const struct industry_section *s = industry_section_at(i);
		json_t *divs = json_array();
		for (size_t j = 0; j < industry_division_count(); j++) {
			const struct industry_division *d = industry_division_at(j);
			if (d->section != s->letter)
				continue;
			char code[4] = {d->section, d->code[0], d->code[1], '\0'};
			json_array_append_new(
			    divs, json_pack("{s:s, s:s}", "code", code, "name", d->name));
		}
		char letter[2] = {s->letter, '\0'};
		json_array_append_new(secs, json_pack("{s:s, s:s, s:o}", "code", letter, "name",
		                                      s->name, "divisions", divs));
	}
	return js_reply(resp, 200, json_pack("{s:o}", "sections", secs));
}

API_HANDLER(api_meta_tiers)
{
	(void)req;
	(void)err;
	json_t *tiers = json_array();
	for (int t = TIER_CANDIDATE; t < TIER_COUNT; t++)
		json_array_append_new(tiers, json_pack("{s:s, s:s, s:s, s:i}", "key",
		                                       tier_key((enum tier)t), "label",
		                                       tier_label((enum tier)t), "short",
		                                       tier_short((enum tier)t), "rank", t));
	json_t *sts = json_array();
	for (int s = TS_RECOGNIZED; s < TS_COUNT; s++)
		json_array_append_new(
		    sts, json_pack("{s:s, s:s, s:b}", "key", tier_status_key((enum tier_status)s),
		                   "label", tier_status_label((enum tier_status)s), "holds",
		                   tier_status_holds((enum tier_status)s)));
	return js_reply(resp, 200, json_pack("{s:o, s:o}", "tiers", tiers, "statuses", sts));
}

static void type_unit(enum ind_type t, const char **type, const char **unit)
{
	switch (t) {
	case IND_MONEY:
		*type = "money", *unit = "万元";
		return;
	case IND_PERSONS:
		*type = "persons", *unit = "人";
		return;
	case IND_COUNT:
		*type = "count", *unit = "项";
		return;
	case IND_LEVEL:
		*type = "level", *unit = "";
		return;
	case IND_FLAG:
		*type = "flag", *unit = "";
		return;
	case IND_PERCENT:
		*type = "percent", *unit = "%";
		return;
	default:
		*type = "integer", *unit = "";
		return;
	}
}

/* A bound in the API's units, null where it is the type's natural limit. */
static json_t *bound(const struct indicator *ind, int64_t v)
{
	if (v <= INT64_MIN + 1 || v == INT64_MAX)
		return json_null();
	return api_value(ind, v);
}

static json_t *indicator_list(const struct indicator *tab, size_t n, bool monthly)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		const struct indicator *ind = &tab[k];
		const char *type, *unit;
		type_unit(ind->type, &type, &unit);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "key", ind->key, "label", ind->label,
		                      "type", type, "unit", unit);
		json_object_set_new(o, "min", bound(ind, ind->min));
		json_object_set_new(o, "max", bound(ind, ind->max));
		json_object_set_new(o, "note", json_string(ind->note ? ind->note : ""));
		if (monthly)
			json_object_set_new(o, "ytd",
			                    json_boolean(monthly_key_is_ytd((enum monthly_key)k)));
		json_array_append_new(arr, o);
	}
	return arr;
}

API_HANDLER(api_meta_indicators)
{
	(void)req;
	(void)err;
	return js_reply(resp, 200,
	                json_pack("{s:o, s:o}", "annual",
	                          indicator_list(annual_indicators, ANNUAL_KEY_COUNT, false),
	                          "monthly", indicator_list(monthly_indicators, MK_COUNT, true)));
}

API_HANDLER(api_meta_roles)
{
	(void)req;
	(void)err;
	static const char *const scopes[] = {"none", "all", "district", "firm"};
	json_t *roles = json_array();
	for (int r = ROLE_CITY; r < ROLE_COUNT; r++) {
		json_t *perms = json_array();
		for (int p = PERM_SIGNED_IN; p < PERM_COUNT; p++)
			if (api_role_has((enum role)r, (enum perm)p))
				json_array_append_new(perms,
				                      json_string(router_perm_name((enum perm)p)));
		json_array_append_new(
		    roles, json_pack("{s:s, s:s, s:s, s:b, s:b, s:o}", "key",
		                     role_key((enum role)r), "label", role_label((enum role)r),
		                     "scope", scopes[role_scope((enum role)r)], "duty",
		                     role_is_duty((enum role)r), "personal_data",
		                     role_sees_personal((enum role)r), "permissions", perms));
	}
	return js_reply(resp, 200, roles);
}

/* The OpenAPI document: docs/openapi.json plus the fragments
 * docs/openapi/<domain>.json, whose "paths" and "components/schemas" are
 * merged into it once (each domain documents its routes beside its
 * handlers). */
static char *openapi_text;
static size_t openapi_len;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static void merge_member(json_t *dst, json_t *src, const char *key)
{
	json_t *from = json_object_get(src, key);
	if (!json_is_object(from))
		return;
	json_t *to = json_object_get(dst, key);
	if (!json_is_object(to)) {
		to = json_object();
		json_object_set_new(dst, key, to);
	}
	json_object_update(to, from);
}

static void openapi_build(void)
{
	const struct embedded_file *f = embed_find("docs/openapi.json");
	if (!f)
		return;
	json_t *doc = json_loadb(f->data, f->len, 0, NULL);
	if (!doc)
		return;
	static const char prefix[] = "docs/openapi/";
	for (size_t i = 0; i < embed_count; i++) {
		const struct embedded_file *frag = &embed_files[i];
		if (strncmp(frag->name, prefix, sizeof prefix - 1) != 0)
			continue;
		json_t *part = json_loadb(frag->data, frag->len, 0, NULL);
		if (!part)
			continue;
		merge_member(doc, part, "paths");
		json_t *comp = json_object_get(part, "components");
		if (json_is_object(comp)) {
			json_t *dc = json_object_get(doc, "components");
			if (!json_is_object(dc)) {
				dc = json_object();
				json_object_set_new(doc, "components", dc);
			}
			merge_member(dc, comp, "schemas");
		}
		json_t *tags = json_object_get(part, "tags");
		json_t *dtags = json_object_get(doc, "tags");
		if (json_is_array(tags) && json_is_array(dtags))
			json_array_extend(dtags, tags);
		json_decref(part);
	}
	openapi_text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	openapi_len = openapi_text ? strlen(openapi_text) : 0;
	json_decref(doc);
}

API_HANDLER(api_openapi)
{
	(void)req;
	pthread_once(&openapi_once, openapi_build);
	if (!openapi_text)
		return app_err_set(err, APP_ENOTFOUND, "本版本未内置 OpenAPI 文档");
	http_resp_header(resp, "Cache-Control", "no-cache");
	return http_resp_set(resp, 200, "application/json", openapi_text, openapi_len);
}
