/* static.c - files of the web UI: containment, types, gzip, caching. */
#include "static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

struct static_dir {
	char *root; /* real path, no trailing '/' (unless it is "/") */
	size_t root_n;
};

enum app_status static_dir_open(const char *root, struct static_dir **out, struct app_err *err)
{
	*out = NULL;
	char real[PATH_MAX];
	struct stat st;
	if (!realpath(root, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
		return app_err_set(err, APP_ENOTFOUND, "静态文件目录 %s 不存在或不是目录", root);
	struct static_dir *d = xcalloc(1, sizeof *d);
	d->root = xstrdup(real);
	d->root_n = strlen(real);
	if (d->root_n == 1)
		d->root_n = 0; /* "/": every real path is inside */
	*out = d;
	return APP_OK;
}

void static_dir_close(struct static_dir *d)
{
	if (!d)
		return;
	free(d->root);
	free(d);
}

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"zip", "application/zip"},
};

const char *static_content_type(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	if (dot && dot[1]) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	}
	return "application/octet-stream";
}

/* Is the q parameter of one Accept-Encoding element zero? p..end is the
 * text after the coding name. */
static bool q_is_zero(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p == end || *p != '0')
				return false;
			p++;
			if (p < end && *p == '.')
				p++;
			while (p < end && *p == '0')
				p++;
			return p == end || *p == ' ' || *p == '\t' || *p == ';';
		}
		while (p < end && *p != ';')
			p++;
	}
	return false;
}

bool static_accepts_gzip(const char *value)
{
	if (!value)
		return false;
	const char *p = value;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		const char *name_end = start;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		size_t n = (size_t)(name_end - start);
		bool match = (n == 4 && strncasecmp(start, "gzip", 4) == 0) ||
		             (n == 6 && strncasecmp(start, "x-gzip", 6) == 0) ||
		             (n == 1 && *start == '*');
		if (match && !q_is_zero(name_end, end))
			return true;
	}
	return false;
}

/* Opens root/rel if its real path is inside the root and it is a regular
 * file. Returns the fd (and *st) or -1. */
static int open_inside(const struct static_dir *d, const char *rel, struct stat *st)
{
	char path[PATH_MAX], real[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", d->root, rel);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	if (!realpath(path, real))
		return -1;
	if (strncmp(real, d->root, d->root_n) != 0 || real[d->root_n] != '/')
		return -1;
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Joins the decoded segments into a relative path; false if a segment is
 * hidden or empty in the middle, or the result is too long. A trailing
 * empty segment (a path ending in '/') is dropped. */
static bool join_segments(const struct http_req *req, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < req->t.n_segs; i++) {
		const char *s = req->t.segs[i];
		if (s[0] == '\0' && i + 1 == req->t.n_segs)
			break;
		if (s[0] == '\0' || s[0] == '.')
			return false;
		int w = snprintf(out + len, n - len, "%s%s", len ? "/" : "", s);
		if (w < 0 || (size_t)w >= n - len)
			return false;
		len += (size_t)w;
	}
	return true;
}

static bool spa_fallback_allowed(const struct http_req *req)
{
	if (req->t.n_segs == 0)
		return true;
	if (strcmp(req->t.segs[0], "api") == 0)
		return false;
	return strchr(req->t.segs[req->t.n_segs - 1], '.') == NULL;
}

/* Does If-None-Match (a list of entity tags, or "*") match etag? Weak
 * comparison: a W/ prefix is ignored, as RFC 9110 13.1.2 asks. */
static bool etag_matches(const char *inm, const char *etag)
{
	size_t en = strlen(etag);
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		const char *start = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - start) == en && memcmp(start, etag, en) == 0)
			return true;
	}
	return false;
}

enum app_status static_dir_serve(const struct static_dir *d, const struct http_req *req,
                                 struct http_resp *resp)
{
	char rel[PATH_MAX];
	struct stat st;
	int fd = -1;
	bool index = false;
	if (!join_segments(req, rel, sizeof rel - 3))
		return APP_ENOTFOUND;
	if (rel[0])
		fd = open_inside(d, rel, &st);
	if (fd < 0) {
		if (!spa_fallback_allowed(req))
			return APP_ENOTFOUND;
		snprintf(rel, sizeof rel, "index.html");
		index = true;
		fd = open_inside(d, rel, &st);
		if (fd < 0)
			return APP_ENOTFOUND;
	}
	const char *ctype = static_content_type(rel);
	bool gz = false;
	if (static_accepts_gzip(http_req_header(req, "Accept-Encoding"))) {
		char gzrel[PATH_MAX + 4];
		struct stat gst;
		int n = snprintf(gzrel, sizeof gzrel, "%s.gz", rel);
		int gfd = n > 0 && (size_t)n < sizeof gzrel ? open_inside(d, gzrel, &gst) : -1;
		if (gfd >= 0) {
			close(fd);
			fd = gfd;
			st = gst;
			gz = true;
		}
	}
	char etag[80];
	snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
	         (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
	             (unsigned long long)st.st_mtim.tv_nsec,
	         gz ? "-gz" : "");
	bool immutable = !index && req->t.n_segs > 1 && strcmp(req->t.segs[0], "assets") == 0;
	http_resp_header(resp, "Cache-Control",
	                 immutable ? "public, max-age=31536000, immutable" : "no-cache");
	http_resp_header(resp, "ETag", etag);
	http_resp_header(resp, "Vary", "Accept-Encoding");
	const char *inm = http_req_header(req, "If-None-Match");
	if (inm && etag_matches(inm, etag)) {
		close(fd);
		http_resp_set(resp, 304, NULL, NULL, 0);
		return APP_OK;
	}
	if (gz)
		http_resp_header(resp, "Content-Encoding", "gzip");
	http_resp_file(resp, 200, ctype, fd, (uint64_t)st.st_size);
	return APP_OK;
}
