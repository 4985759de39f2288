/* tsv.c - reader for the tab-separated reference tables (see tsv.h). */
#include "tsv.h"

#include <string.h>

#include "base/limits.h"

void tsv_init(struct tsv_reader *r, const char *name, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->name = name;
	r->line = 0;
}

/* Returns the next physical line (without its terminator) and advances. */
static bool next_line(struct tsv_reader *r, struct strv *line)
{
	if (r->p >= r->end)
		return false;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *stop = nl ? nl : r->end;
	line->p = r->p;
	line->n = (size_t)(stop - r->p);
	if (line->n && line->p[line->n - 1] == '\r')
		line->n--;
	r->p = nl ? nl + 1 : r->end;
	r->line++;
	return true;
}

size_t tsv_next(struct tsv_reader *r, struct strv *fields, size_t max)
{
	struct strv line;
	for (;;) {
		if (!next_line(r, &line))
			return 0;
		if (line.n == 0 || line.p[0] == '#')
			continue;
		break;
	}
	size_t count = 0;
	const char *p = line.p, *end = line.p + line.n;
	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab ? tab : end;
		if (count < max)
			fields[count] = (struct strv){p, (size_t)(stop - p)};
		count++;
		if (!tab)
			break;
		p = tab + 1;
	}
	return count;
}

bool tsv_row(struct tsv_reader *r, struct strv *fields, size_t ncols, struct app_err *e)
{
	size_t n = tsv_next(r, fields, ncols);
	if (n == 0)
		return false;
	if (n != ncols) {
		app_err_set(e, APP_EINVAL, "%s 第%ld行: 应有 %zu 列,实际 %zu 列", r->name, r->line,
		            ncols, n);
		if (e)
			e->line = r->line;
		return false;
	}
	return true;
}

enum app_status tsv_expect_header(struct tsv_reader *r, const char *const *cols, size_t ncols,
                                  struct app_err *e)
{
	struct strv f[MAX_TSV_COLUMNS];
	size_t n = tsv_next(r, f, sizeof f / sizeof f[0]);
	if (n == 0)
		return app_err_set(e, APP_EINVAL, "%s: 缺少表头行", r->name);
	for (size_t i = 0; i < ncols; i++) {
		if (i >= n || !strv_eq(f[i], cols[i]))
			return app_err_set(e, APP_EINVAL, "%s 第%ld行: 第%zu列表头应为 \"%s\"",
			                   r->name, r->line, i + 1, cols[i]);
	}
	if (n != ncols)
		return app_err_set(e, APP_EINVAL, "%s 第%ld行: 表头应有 %zu 列,实际 %zu 列",
		                   r->name, r->line, ncols, n);
	return APP_OK;
}
