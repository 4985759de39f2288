/* multipart.c - locating a field of a multipart/form-data body (see
 * multipart.h). */
#include "multipart.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("'()+_,-./:=? ", c);
}

enum app_status multipart_boundary(const char *ct, char out[71], struct app_err *err)
{
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return app_err_set(err, APP_EINVAL, "Content-Type 不是 multipart/form-data");
	const char *p = ct + 19;
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		size_t kn = strcspn(p, "=;");
		bool is_b = kn == 8 && strncasecmp(p, "boundary", 8) == 0;
		p += kn;
		if (*p != '=')
			continue;
		p++;
		size_t n = 0;
		const char *v = p;
		if (*p == '"') {
			v = ++p;
			while (p[n] && p[n] != '"')
				n++;
			p += n + (p[n] == '"');
		} else {
			n = strcspn(p, "; \t");
			p += n;
		}
		if (!is_b)
			continue;
		if (n < 1 || n > 70 || v[n - 1] == ' ')
			break;
		for (size_t i = 0; i < n; i++)
			if (!tchar(v[i]))
				return app_err_set(err, APP_EINVAL, "multipart 边界含非法字符");
		memcpy(out, v, n);
		out[n] = '\0';
		return APP_OK;
	}
	return app_err_set(err, APP_EINVAL, "multipart/form-data 缺少有效的 boundary 参数");
}

/* Value of parameter `name` in a Content-Disposition header (quoted or a
 * token), copied into the arena; "" if absent. */
static const char *disposition_param(struct arena *a, const char *h, size_t hn, const char *name)
{
	size_t nn = strlen(name);
	const char *end = h + hn;
	const char *p = h;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			break;
		p = semi + 1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) <= nn || strncasecmp(p, name, nn) != 0 || p[nn] != '=')
			continue;
		p += nn + 1;
		if (p < end && *p == '"') {
			const char *q = ++p;
			while (q < end && *q != '"') {
				if (*q == '\\' && q + 1 < end)
					q++;
				q++;
			}
			/* unescape \" and \\ (browsers rarely send them) */
			char *out = arena_alloc(a, (size_t)(q - p) + 1);
			size_t j = 0;
			for (const char *r = p; r < q; r++) {
				if (*r == '\\' && r + 1 < q)
					r++;
				out[j++] = *r;
			}
			out[j] = '\0';
			return out;
		}
		size_t n = 0;
		while (p + n < end && p[n] != ';' && p[n] != ' ' && p[n] != '\t')
			n++;
		return arena_strndup(a, p, n);
	}
	return "";
}

/* Parses one part's headers (between start and the blank line). */
static void part_headers(struct arena *a, const char *h, size_t n, struct multipart_part *out)
{
	out->name = out->filename = out->content_type = "";
	const char *end = h + n;
	while (h < end) {
		const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
		size_t ln = eol ? (size_t)(eol - h) : (size_t)(end - h);
		if (ln > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
			out->name = disposition_param(a, h, ln, "name");
			out->filename = disposition_param(a, h, ln, "filename");
		} else if (ln > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
			const char *v = h + 13;
			while (v < h + ln && (*v == ' ' || *v == '\t'))
				v++;
			out->content_type = arena_strndup(a, v, (size_t)(h + ln - v));
		}
		h += ln + 2;
	}
}

enum app_status multipart_find(const char *body, size_t n, const char *boundary, const char *field,
                               struct arena *a, struct multipart_part *out, struct app_err *err)
{
	char delim[80];
	size_t dn = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	const char *end = body + n;
	/* the first delimiter may start the body (no preceding CRLF) */
	const char *p;
	if (n >= dn - 2 && memcmp(body, delim + 2, dn - 2) == 0)
		p = body + dn - 2;
	else if ((p = memmem(body, n, delim, dn)) != NULL)
		p += dn;
	else
		return app_err_set(err, APP_EINVAL, "multipart 请求体中找不到分隔边界");
	for (int parts = 0;; parts++) {
		if (parts >= MAX_MULTIPART_PARTS)
			return app_err_set(err, APP_ETOOLARGE, "multipart 表单超过 %d 个字段",
			                   MAX_MULTIPART_PARTS);
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return app_err_set(err, APP_ENOTFOUND, "表单中没有字段 %s", field);
		while (p < end && (*p == ' ' || *p == '\t')) /* transport padding */
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return app_err_set(err, APP_EINVAL, "multipart 分隔边界之后应换行");
		p += 2;
		size_t room = (size_t)(end - p);
		const char *blank =
		    room >= 2 && p[0] == '\r' && p[1] == '\n'
		        ? p
		        : memmem(p, room < MAX_MULTIPART_HEAD + 4 ? room : MAX_MULTIPART_HEAD + 4,
		                 "\r\n\r\n", 4);
		if (!blank)
			return room > MAX_MULTIPART_HEAD
			           ? app_err_set(err, APP_ETOOLARGE, "multipart 字段头过长")
			           : app_err_set(err, APP_EINVAL, "multipart 字段头不完整");
		struct multipart_part part;
		part_headers(a, p, (size_t)(blank - p), &part);
		const char *data = blank == p ? p + 2 : blank + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dn);
		if (!next)
			return app_err_set(err, APP_EINVAL,
			                   "multipart 请求体不完整（缺少结束边界）");
		part.data = data;
		part.len = (size_t)(next - data);
		if (strcmp(part.name, field) == 0) {
			*out = part;
			return APP_OK;
		}
		p = next + dn;
	}
}
