/* router.c - route table compilation and matching.
 *
 * Each pattern is split once into segments; matching is a linear scan over
 * routes with the same segment count, comparing segments. With the few dozen
 * routes of the API this is a few hundred nanoseconds and needs no index. */
#include "router.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static const char *const perm_names[PERM_COUNT] = {
    [PERM_PUBLIC] = "public",
    [PERM_SIGNED_IN] = "signed_in",
    [PERM_SESSION] = "session",
    [PERM_READ] = "read",
    [PERM_WRITE_ENTERPRISE] = "write_enterprise",
    [PERM_CREATE_ENTERPRISE] = "create_enterprise",
    [PERM_WRITE_TIER] = "write_tier",
    [PERM_WRITE_CRITERIA] = "write_criteria",
    [PERM_REVIEW] = "review",
    [PERM_SCORE] = "score",
    [PERM_IMPORT] = "import",
    [PERM_MANAGE_USERS] = "manage_users",
    [PERM_SYSTEM] = "system",
    [PERM_AUDIT] = "audit",
    [PERM_AUDIT_ENTITY] = "audit_entity",
    [PERM_WORKFLOW] = "workflow",
    [PERM_APPLY] = "apply",
    [PERM_MOVE] = "move",
    [PERM_OVERSIGHT] = "oversight",
    [PERM_ANALYZE] = "analyze",
    [PERM_READ_CITY] = "read_city",
    [PERM_MONITOR] = "monitor",
};

const char *router_perm_name(enum perm p)
{
	if ((unsigned)p >= PERM_COUNT)
		return "?";
	return perm_names[p];
}

struct seg {
	char *text; /* literal text, or the parameter name without ':' (owned) */
	size_t n;
	bool param;
};

struct croute {
	const struct http_route *r;
	struct seg *segs;
	size_t n_segs;
	uint64_t literal_mask; /* bit (63 - i) set when segment i is literal */
};

struct router {
	struct croute *routes;
	size_t n;
};

static bool name_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

static enum app_status compile(const struct http_route *r, struct croute *c, struct app_err *err)
{
	const char *p = r->pattern;
	const char *label = r->name ? r->name : "?";
	if (!p || p[0] != '/')
		return app_err_set(err, APP_EINVAL, "路由 %s：路径模式应以 / 开头", label);
	if (!r->handler)
		return app_err_set(err, APP_EINVAL, "路由 %s：缺少处理函数", label);
	if (!r->name || !name_ok(r->name, strlen(r->name)))
		return app_err_set(err, APP_EINVAL, "路由 %s：名称只能由小写字母、数字和下划线组成",
		                   label);
	if ((unsigned)r->method >= HTTP_OTHER || (unsigned)r->perm >= PERM_COUNT)
		return app_err_set(err, APP_EINVAL, "路由 %s：方法或权限无效", label);
	size_t n = strlen(p), count = 0;
	for (size_t i = 0; i < n; i++)
		count += p[i] == '/';
	if (n == 1)
		count = 0;
	if (count > MAX_PATH_SEGMENTS || count > 63)
		return app_err_set(err, APP_EINVAL, "路由 %s：层级过多", label);
	c->r = r;
	c->segs = xcalloc(count ? count : 1, sizeof *c->segs);
	c->n_segs = 0;
	c->literal_mask = 0;
	size_t params = 0, start = 1;
	for (size_t i = 1; count && i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		struct seg *s = &c->segs[c->n_segs];
		s->param = p[start] == ':';
		s->n = i - start - s->param;
		s->text = xstrndup(p + start + s->param, s->n);
		c->n_segs++;
		if (s->param && (!name_ok(s->text, s->n) || ++params > MAX_ROUTE_PARAMS))
			return app_err_set(err, APP_EINVAL, "路由 %s：参数名无效或参数过多", label);
		if (!s->param && (s->n == 0 || memchr(s->text, ':', s->n)))
			return app_err_set(err, APP_EINVAL, "路由 %s：路径段为空或含有冒号", label);
		if (!s->param)
			c->literal_mask |= (uint64_t)1 << (63 - (c->n_segs - 1));
		start = i + 1;
	}
	return APP_OK;
}

/* Two patterns "overlap" when they match exactly the same paths: same
 * segment count, same literal positions and texts. */
static bool same_shape(const struct croute *a, const struct croute *b)
{
	if (a->n_segs != b->n_segs || a->literal_mask != b->literal_mask)
		return false;
	for (size_t i = 0; i < a->n_segs; i++)
		if (!a->segs[i].param && (a->segs[i].n != b->segs[i].n ||
		                          memcmp(a->segs[i].text, b->segs[i].text, a->segs[i].n)))
			return false;
	return true;
}

static enum app_status check_unique(const struct router *rt, size_t k, struct app_err *err)
{
	const struct croute *c = &rt->routes[k];
	for (size_t i = 0; i < k; i++) {
		const struct croute *o = &rt->routes[i];
		if (strcmp(o->r->name, c->r->name) == 0)
			return app_err_set(err, APP_EINVAL, "路由名称 %s 重复", c->r->name);
		if (o->r->method == c->r->method && same_shape(o, c))
			return app_err_set(err, APP_EINVAL, "路由 %s 与 %s 的方法和路径相同",
			                   c->r->name, o->r->name);
	}
	return APP_OK;
}

enum app_status router_new(const struct http_route_table *tables, size_t n_tables,
                           struct router **out, struct app_err *err)
{
	enum app_status s = APP_OK;
	size_t total = 0;
	for (size_t t = 0; t < n_tables; t++)
		total += tables[t].n;
	*out = NULL;
	if (total > MAX_HTTP_ROUTES)
		return app_err_set(err, APP_ETOOLARGE, "路由超过 %d 条", MAX_HTTP_ROUTES);
	struct router *rt = xcalloc(1, sizeof *rt);
	rt->routes = xcalloc(total ? total : 1, sizeof *rt->routes);
	for (size_t t = 0; t < n_tables; t++) {
		for (size_t i = 0; i < tables[t].n; i++) {
			s = compile(&tables[t].routes[i], &rt->routes[rt->n], err);
			rt->n++; /* counted even on failure so router_free frees segs */
			if (s == APP_OK)
				s = check_unique(rt, rt->n - 1, err);
			if (s != APP_OK)
				goto out;
		}
	}
	*out = rt;
	rt = NULL;
out:
	router_free(rt);
	return s;
}

void router_free(struct router *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct croute *c = &r->routes[i];
		for (size_t k = 0; k < c->n_segs; k++)
			free(c->segs[k].text);
		free(c->segs);
	}
	free(r->routes);
	free(r);
}

size_t router_count(const struct router *r)
{
	return r->n;
}

const struct http_route *router_route(const struct router *r, size_t i)
{
	return i < r->n ? r->routes[i].r : NULL;
}

static bool path_matches(const struct croute *c, const char *const *segs, size_t n_segs)
{
	if (c->n_segs != n_segs)
		return false;
	for (size_t i = 0; i < n_segs; i++) {
		const struct seg *s = &c->segs[i];
		if (s->param) {
			if (segs[i][0] == '\0')
				return false;
		} else if (strlen(segs[i]) != s->n || memcmp(segs[i], s->text, s->n) != 0) {
			return false;
		}
	}
	return true;
}

static void build_allow(bool allowed[HTTP_METHOD_COUNT], char *out, size_t n)
{
	if (allowed[HTTP_GET])
		allowed[HTTP_HEAD] = true;
	size_t len = 0;
	out[0] = '\0';
	for (int m = 0; m < HTTP_OTHER; m++) {
		if (!allowed[m])
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "",
		                 http_method_name((enum http_method)m));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

enum router_result router_match(const struct router *r, enum http_method method,
                                const char *const *segs, size_t n_segs, struct router_match *out)
{
	memset(out, 0, sizeof *out);
	bool allowed[HTTP_METHOD_COUNT] = {false};
	bool any = false, has_head = false;
	const struct croute *best = NULL, *best_get = NULL;
	size_t best_i = 0, best_get_i = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct croute *c = &r->routes[i];
		if (!path_matches(c, segs, n_segs))
			continue;
		any = true;
		allowed[c->r->method] = true;
		if (c->r->method == method && (!best || c->literal_mask > best->literal_mask)) {
			best = c;
			best_i = i;
		}
		if (c->r->method == HTTP_GET &&
		    (!best_get || c->literal_mask > best_get->literal_mask)) {
			best_get = c;
			best_get_i = i;
		}
		has_head |= c->r->method == HTTP_HEAD;
	}
	if (!best && method == HTTP_HEAD && !has_head && best_get) {
		best = best_get;
		best_i = best_get_i;
	}
	if (!best) {
		if (!any)
			return ROUTER_NOT_FOUND;
		build_allow(allowed, out->allow, sizeof out->allow);
		return ROUTER_METHOD_NOT_ALLOWED;
	}
	out->route = best->r;
	out->index = best_i;
	for (size_t i = 0; i < best->n_segs; i++) {
		if (!best->segs[i].param)
			continue;
		out->params[out->n_params].name = best->segs[i].text;
		out->params[out->n_params].value = segs[i];
		out->n_params++;
	}
	return ROUTER_FOUND;
}
